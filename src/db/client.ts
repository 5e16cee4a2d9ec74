import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { errorFacts } from '../platform/logging.ts';
import { lockDataDir } from './lock.ts';
import * as schema from './schema.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Either the database or an open transaction: store functions take whichever they are given. */
export type Queryable = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** What the job queue connects through: the embedded database's one connection, or a URL. */
  connection: { pglite: PGlite } | { url: string };
  close(): Promise<void>;
}

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** How the PostgreSQL pool behaves when the database is slow or away: fail fast, never pile up. */
export interface PoolSettings {
  size: number;
  connectTimeoutMs: number;
  statementTimeoutMs: number;
}

export const DEFAULT_POOL: PoolSettings = { size: 10, connectTimeoutMs: 5000, statementTimeoutMs: 15_000 };

export interface OpenOptions {
  pool?: PoolSettings | undefined;
  /** PostgreSQL connection string; when set, PGlite is not used. */
  databaseUrl?: string | undefined;
  /** PGlite data folder; undefined keeps the database in memory (tests). */
  dataDir?: string | undefined;
  /** An in-memory PGlite starts as a copy of this image (a dump of a migrated database). */
  image?: Blob | undefined;
}

/**
 * A connection lost while checked out (the server cut it mid-request) goes back to the pool
 * as broken, at once, so the pool replaces it. Drizzle's transactions check a connection out
 * and start with BEGIN outside their try/finally: when BEGIN is what fails, they never release
 * it, and the pool would wait on it for ever (and `end()` with it). Releasing twice is a no-op.
 * Only the promise form is wrapped: the pool's own `query` uses the callback form and releases
 * its connections itself, error and all.
 */
function releaseLostConnections(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (callback?: unknown) => Promise<pg.PoolClient> | undefined;
  const guarded = async (): Promise<pg.PoolClient> => {
    const client = (await connect()) as pg.PoolClient;
    const release = client.release.bind(client);
    let released = false;
    const lostWhileOut = () => {
      released = true;
      release(new Error('PostgreSQL connection lost while in use'));
    };
    client.once('end', lostWhileOut);
    client.release = (err?: Error | boolean) => {
      client.off('end', lostWhileOut);
      if (released) return;
      released = true;
      release(err);
    };
    return client;
  };
  pool.connect = ((callback?: unknown) => (callback ? connect(callback) : guarded())) as typeof pool.connect;
}
/** The directory's typo-tolerant search needs trigrams (the migration creates the extension). */
const extensions = { pg_trgm };

/**
 * How alike a word in a listing's name must be to what was searched (pg_trgm's `<%`), set on
 * every connection: `words <% name` is answered from the trigram index, where the same test as
 * `word_similarity(words, name) >= 0.4` reads every listing (50 000 listings: 0.8 s).
 */
export const WORD_SIMILARITY = 0.4;
const WORD_SIMILARITY_SETTING = 'pg_trgm.word_similarity_threshold';

export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const settings = opts.pool ?? DEFAULT_POOL;
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: settings.size,
      connectionTimeoutMillis: settings.connectTimeoutMs,
      statement_timeout: settings.statementTimeoutMs,
      // A transaction left open by a request that went away must not hold its locks for ever.
      idle_in_transaction_session_timeout: settings.statementTimeoutMs * 2,
      keepAlive: true,
      // And no JIT: it compiles a query that the planner guesses is costly (the directory's nearest
      // first, over every listing) in about 300 ms, longer than running it; a web app's queries never gain.
      // Nor parallel workers: with many small searches at once they only add start-up, and the
      // directory's three filters over 50 000 listings ran in 125 ms without them, 176 ms with.
      options: `-c ${WORD_SIMILARITY_SETTING}=${WORD_SIMILARITY} -c jit=off -c max_parallel_workers_per_gather=0`,
    });
    // A connection dropped by the server (a restart, a failover, pg_terminate_backend) must not
    // end the process, idle or in use: the pool replaces it, and the next query reconnects.
    const lost = (err: Error) => {
      console.error(`PostgreSQL connection lost (${JSON.stringify(errorFacts(err))})`);
    };
    pool.on('error', lost);
    pool.on('connect', (client) => client.on('error', lost));
    releaseLostConnections(pool);
    const db = drizzlePg(pool, { schema });
    await migratePg(db, { migrationsFolder });
    return { db, kind: 'postgres', connection: { url: opts.databaseUrl }, close: () => pool.end() };
  }
  let unlock: () => void = () => undefined;
  let client: PGlite;
  if (opts.dataDir) {
    mkdirSync(opts.dataDir, { recursive: true });
    unlock = lockDataDir(opts.dataDir);
    client = new PGlite(`${opts.dataDir}/pgdata`, { extensions });
  } else {
    client = new PGlite(opts.image ? { loadDataDir: opts.image, extensions } : { extensions });
  }
  try {
    const db = drizzlePglite(client, { schema });
    await migratePglite(db, { migrationsFolder });
    // PGlite has one connection for its whole life: a session setting holds for every query.
    await client.exec(`set ${WORD_SIMILARITY_SETTING} = ${WORD_SIMILARITY}`);
    return {
      db,
      kind: 'pglite',
      connection: { pglite: client },
      close: async () => {
        await client.close();
        unlock();
      },
    };
  } catch (err) {
    unlock();
    throw err;
  }
}
