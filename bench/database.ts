// The bench's own database: a fresh PostgreSQL database (waymark_bench_<random>) on a server on
// this machine, dropped at the end, or an embedded PGlite folder in the temp dir, removed at the end.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.ts';

export interface BenchDatabase {
  kind: 'postgres' | 'pglite';
  /** What the app process is given: DATABASE_URL, or DATA_DIR for the embedded database. */
  env: Record<string, string>;
  /** Opens it in this process (migrations run), for generating data; close before the app opens PGlite. */
  open(): Promise<Database>;
  /** Drops the database or removes the folder; safe to call more than once. */
  drop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

async function admin(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function postgresDatabase(serverUrl: string): Promise<BenchDatabase> {
  const server = new URL(serverUrl);
  if (!LOOPBACK.has(server.hostname))
    throw new Error(`BENCH_DATABASE_URL must name a PostgreSQL server on this machine, not ${server.hostname}`);
  const name = `waymark_bench_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `create database ${name}`);
  const target = new URL(serverUrl);
  target.pathname = `/${name}`;
  let dropped = false;
  return {
    kind: 'postgres',
    env: { DATABASE_URL: target.toString() },
    open: () => openDatabase({ databaseUrl: target.toString() }),
    drop: async () => {
      if (dropped) return;
      dropped = true;
      await admin(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

export function pgliteDatabase(): Promise<BenchDatabase> {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-bench-'));
  const dataDir = join(dir, 'data');
  return Promise.resolve({
    kind: 'pglite',
    env: { DATA_DIR: dataDir, DATABASE_URL: '' },
    open: () => openDatabase({ dataDir }),
    drop: () => {
      rmSync(dir, { recursive: true, force: true });
      return Promise.resolve();
    },
  });
}
