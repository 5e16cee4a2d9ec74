import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export class DataDirInUseError extends Error {}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite has a single connection and no protection against a second process
 * opening the same files, which would corrupt them. A pid file guards the folder;
 * a stale one (its process gone, e.g. after kill -9) is taken over.
 */
export function lockDataDir(dir: string): () => void {
  const file = join(dir, 'waymark.pid');
  try {
    writeFileSync(file, String(process.pid), { flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    if (Number.isInteger(holder) && holder !== process.pid && isRunning(holder)) {
      throw new DataDirInUseError(
        `The data folder ${dir} is already in use by another Waymark process (pid ${holder}). ` +
          'The embedded database allows one process at a time: stop the other one, or set DATA_DIR to another folder.',
      );
    }
    writeFileSync(file, String(process.pid));
  }
  return () => {
    try {
      if (readFileSync(file, 'utf8') === String(process.pid)) rmSync(file);
    } catch {
      // already gone
    }
  };
}
