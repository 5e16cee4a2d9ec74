import { readFileSync, statSync } from 'node:fs';
import { ImportFileError, importServices, servicesIn } from '../features/directory/import.ts';
import { servicesInFolder } from '../features/directory/import-csv.ts';
import type { CliDeps } from './commands.ts';

// Control characters and overlong text from a hostile file never reach the operator's terminal.
const printable = (text: string) => text.replace(/[\p{Cc}\p{Cf}]/gu, '?').slice(0, 300);

/**
 * `import-listings --file FILE|FOLDER`: Open Referral UK 3.0 services (JSON, or a folder of HSDS
 * CSV tables) into the directory. Exit 0: all
 * imported; 1: some rejected (the rest imported, each rejection printed with its reason); 2: used
 * wrongly, or a file that cannot be read or is not a list of services, or a malformed CSV table (nothing imported).
 */
export async function importListings(deps: CliDeps, file: string | undefined, usage: string): Promise<number> {
  if (!file) {
    deps.err(usage);
    return 2;
  }
  let records: unknown[];
  try {
    if (statSync(file).isDirectory()) {
      const folder = servicesInFolder(file);
      records = folder.services;
      for (const note of folder.notes) deps.out(printable(note));
    } else records = servicesIn(readFileSync(file, 'utf8'));
  } catch (err) {
    deps.err(
      err instanceof ImportFileError ? `${err.message} Nothing was imported.` : `Cannot read ${printable(file)}. Nothing was imported.`,
    );
    return 2;
  }
  const { db } = await deps.database();
  const report = await importServices(db, records, deps.clock.now());
  for (const r of report.rejected) deps.out(`Rejected ${printable(r.record)}: ${r.reasons.map(printable).join('; ')}`);
  const n = (k: number, what: string) => `${String(k)} ${what}${k === 1 ? '' : 's'}`;
  deps.out(`Imported ${n(report.imported.length, 'service')}, rejected ${String(report.rejected.length)}.`);
  return report.rejected.length ? 1 : 0;
}
