// The processes the bench starts (the app, the bare hello server): each on a free loopback
// port, awaited until it answers, stopped at the end or on failure, and measured from /proc.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { get } from './http.ts';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const GUARD = fileURLToPath(new URL('./orphan-guard.ts', import.meta.url));

/** A port nobody listens on right now, on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('no port'));
      });
    });
  });
}

export interface Child {
  name: string;
  pid: number;
  /** http://127.0.0.1:PORT */
  base: string;
  /** What it printed (the last few KiB), for when it fails. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts `node --import tsx SCRIPT` (ROOT-relative) with env on a free port, and waits until
 *  GET readyPath answers (any status below 500) or the process ends or timeoutMs passes. */
export async function startNode(
  name: string,
  script: string,
  env: Record<string, string>,
  readyPath: string,
  timeoutMs = 60_000,
): Promise<Child> {
  const port = await freePort();
  const proc = spawn(process.execPath, ['--import', 'tsx', '--import', GUARD, script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8192));
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const child: Child = { name, pid: proc.pid ?? 0, base: `http://127.0.0.1:${port}`, output: () => output, stop: () => stopProcess(proc) };
  try {
    await waitUntilReady(proc, `${child.base}${readyPath}`, timeoutMs);
  } catch (err) {
    await child.stop();
    throw new Error(`${name} did not start: ${(err as Error).message}\n${output}`);
  }
  return child;
}

async function waitUntilReady(proc: ChildProcess, url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (proc.exitCode !== null || proc.signalCode !== null) throw new Error(`it ended (${proc.exitCode ?? proc.signalCode ?? ''})`);
    const answer = await get(url, {}, 2000).catch(() => null);
    if (answer && answer.status < 500) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer from ${url} within ${timeoutMs / 1000} s`);
}

/** SIGTERM, then SIGKILL if it has not ended within 5 s. */
function stopProcess(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null || proc.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => proc.kill('SIGKILL'), 5000);
    proc.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    proc.kill('SIGTERM');
  });
}

/** Resident and peak resident memory of a process, in MiB (Linux /proc; null elsewhere). */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: Math.round(kib('VmRSS') / 1024), peak: Math.round(kib('VmHWM') / 1024) };
  } catch {
    return null;
  }
}

/** How the bench and the soak run the app: as `npm start` would, on their database, quiet, with
 *  email to a folder, and a sign-in limit that lets every generated person sign in from 127.0.0.1. */
export function appEnv(databaseEnv: Record<string, string>, people: number, outbox: string): Record<string, string> {
  return {
    ...databaseEnv,
    HOST: '127.0.0.1',
    DEMO_DATA: 'never',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
    EMAIL_TRANSPORT: 'folder',
    SIGN_IN_LIMIT: String(Math.max(10, people + 10)),
    // Every API request comes from 127.0.0.1: the limit per address would refuse the load itself.
    ORUK_API_LIMIT: '10000000',
    OUTBOX_DIR: outbox,
    // The generator seals the bench supporter's authenticator key with it.
    SESSION_SECRET: BENCH_SESSION_SECRET,
  };
}

/** The bench's own session secret (loopback only, never for real use). */
export const BENCH_SESSION_SECRET = 'bench-session-secret-not-for-real-use-00000';
