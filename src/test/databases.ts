import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { migrationsFolder, openDatabase, type Database } from '../db/client.ts';
import { Jobs } from '../platform/jobs.ts';
import { Sealer } from '../platform/sealed.ts';

/** Changes whenever a migration does, so a stale image or template is never used. */
function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(migrationsFolder)
    .filter((n) => n.endsWith('.sql'))
    .sort())
    hash.update(name).update(readFileSync(join(migrationsFolder, name)));
  hash.update(JSON.stringify(createRequire(import.meta.url)('pg-boss/package.json')));
  return hash.digest('hex').slice(0, 12);
}

/** Installs the job queue's tables too, so no test file pays for that either. */
async function withJobQueue(database: Database): Promise<void> {
  const jobs = new Jobs(database, { retryDelaySeconds: 1, pollingSeconds: 2 }, new Sealer('only installs the queue'));
  await jobs.start();
  await jobs.stop();
}

let image: Promise<Blob> | undefined;

/**
 * A migrated embedded database, made once on this machine and kept as a file that every test
 * process loads once: each test file then starts from a copy in well under a second, instead
 * of running every migration again.
 */
function migratedImage(): Promise<Blob> {
  image ??= (async () => {
    const file = join(tmpdir(), `waymark-test-image-${migrationsHash()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const fresh = await openDatabase({});
    await withJobQueue(fresh);
    const dump = await (fresh.db as unknown as { $client: PGlite }).$client.dumpDataDir('none');
    await fresh.close();
    // Written aside then renamed, so a process running alongside never reads half a file.
    const partial = `${file}.${randomBytes(4).toString('hex')}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, file);
    return dump;
  })();
  return image;
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const urlOf = (server: string, name: string) => {
  const target = new URL(server);
  target.pathname = `/${name}`;
  return target.toString();
};

/** A migrated template on the PostgreSQL server, made once (under a lock, as test files run
 *  side by side); every test file's database is a copy of it. */
async function migratedTemplate(server: string): Promise<string> {
  const name = `waymark_tpl_${migrationsHash()}`;
  await withAdmin(server, async (admin) => {
    await admin.query('select pg_advisory_lock(4242)');
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount) return;
      await admin.query(`create database ${name}_partial`);
      const made = await openDatabase({ databaseUrl: urlOf(server, `${name}_partial`) });
      await withJobQueue(made);
      await made.close();
      await admin.query(`alter database ${name}_partial rename to ${name}`);
    } finally {
      await admin.query('select pg_advisory_unlock(4242)');
    }
  });
  return name;
}

/** PGlite in memory, or a fresh PostgreSQL database when TEST_DATABASE_URL is set (CI). */
export async function testDatabase(): Promise<Database> {
  const server = process.env.TEST_DATABASE_URL;
  if (!server) return openDatabase({ image: await migratedImage() });
  const template = await migratedTemplate(server);
  const name = `waymark_t_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, (admin) => admin.query(`create database ${name} template ${template}`));
  const database = await openDatabase({ databaseUrl: urlOf(server, name) });
  return {
    ...database,
    close: async () => {
      await database.close();
      await withAdmin(server, (admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}
