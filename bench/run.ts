// Load benchmark. Makes a fresh database and a generated data set, starts the app in its own
// process (as `npm start` does) and a bare Fastify "hello" beside it, signs the people in over
// HTTP, then measures in one run, side by side: the hello (the ceiling), /health, a signed-in
// not-found page (the floor) and the pages a person opens most. Loopback only; every step is
// bounded in time, and the processes and the database go at the end, on failure or on Ctrl+C.
// Usage: npm run bench [-- --people 400 --caseload 400 --goals 8 --listings 50000 --connections 50 --search-connections 10,50
//        --seconds 10 --warmup 2 --pglite]
import '../src/platform/runtime.ts';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PLAN_PATHS } from '../src/features/plan/paths.ts';
import { cpuMeter } from './cpu.ts';
import { type BenchDatabase, pgliteDatabase, postgresDatabase } from './database.ts';
import { BENCH_PASSWORD, BENCH_TOTP_SECRET, generate, type Generated } from './generate.ts';
import { measure, preflight, type Row, table, type Target } from './load.ts';
import { openForm, type Person, SIGNED_OUT, signInAll } from './people.ts';
import { generateDirectory, type GeneratedDirectory } from './directory.ts';
import { AREAS } from '../src/features/journey/measures.ts';
import { JOURNEY_PATHS } from '../src/features/journey/paths.ts';
import { appEnv, type Child, memoryOf, ROOT, startNode } from './processes.ts';

const { values } = parseArgs({
  options: {
    people: { type: 'string', default: '400' },
    caseload: { type: 'string', default: '400' },
    goals: { type: 'string', default: '8' },
    listings: { type: 'string', default: '50000' },
    connections: { type: 'string', default: '50' },
    'search-connections': { type: 'string', default: '10,50' },
    seconds: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    pglite: { type: 'boolean', default: false },
    'max-minutes': { type: 'string', default: '20' },
  },
});

function count(name: keyof typeof values, min: number, max: number): number {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be a whole number from ${min} to ${max}`);
  return n;
}
const people = count('people', 1, 5000);
const goals = count('goals', 0, 30);
const caseload = Math.min(people, count('caseload', 0, 5000));
const load = { connections: count('connections', 1, 1000), seconds: count('seconds', 1, 120), warmupSeconds: count('warmup', 0, 30) };
const maxMinutes = count('max-minutes', 1, 120);
const listings = count('listings', 0, 1_000_000);
const searchConnections = values['search-connections'].split(',').map((c) => {
  const n = Number(c);
  if (!Number.isInteger(n) || n < 1 || n > 1000)
    throw new Error('--search-connections must be whole numbers from 1 to 1000, such as 10,50');
  return n;
});
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// What has to be undone, last first; run once, whether the bench ends well, fails or is stopped.
const undo: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of undo.reverse()) await step().catch((err: unknown) => console.error('clean-up:', (err as Error).message));
  })();
  return cleaning;
}
const abandon = (why: string, code: number) => {
  console.error(why);
  void cleanUp().finally(() => process.exit(code));
};
process.once('SIGINT', () => abandon('stopped: cleaning up', 130));
process.once('SIGTERM', () => abandon('stopped: cleaning up', 143));
setTimeout(() => abandon(`the bench ran past --max-minutes ${maxMinutes}: cleaning up`, 1), maxMinutes * 60_000).unref();

const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);

async function withData(database: BenchDatabase): Promise<Generated & { directory: GeneratedDirectory | null }> {
  let started = Date.now();
  const db = await database.open();
  try {
    const generated = await generate(db, { people, goals, caseload, concurrency: database.kind === 'postgres' ? 8 : 1 });
    console.log(
      `generated ${people} people (${goals} goals each; ${caseload} sharing with one supporter) in ${seconds(started)} s on ${database.kind}`,
    );
    started = Date.now();
    const directory = listings > 0 ? await generateDirectory(db.db, listings, new Date(), database.kind === 'postgres' ? 4 : 1) : null;
    if (directory) console.log(`generated ${listings} directory listings in ${seconds(started)} s`);
    return { ...generated, directory };
  } finally {
    await db.close();
  }
}

async function start(name: string, script: string, env: Record<string, string>, readyPath: string): Promise<Child> {
  const child = await startNode(name, script, env, readyPath);
  undo.push(() => child.stop());
  return child;
}

/** The supporter's own requests: their caseload page, and each shared plan opened as theirs. */
function supporterTargets(app: Child, supporter: Person | undefined, sharing: Person[]): Target[] {
  if (!supporter || sharing.length === 0) return [];
  const asSupporter = sharing.map((p) => ({ ...p, cookie: supporter.cookie }));
  return [
    {
      page: `people I support (${sharing.length} sharing), first page`,
      base: app.base,
      path: () => '/people',
      expect: 200,
      people: [supporter],
    },
    { page: 'people I support, searched by name', base: app.base, path: () => '/people?q=Person%2012', expect: 200, people: [supporter] },
    { page: 'a shared recovery plan, opened by the supporter', base: app.base, path: (p) => p.plan, expect: 200, people: asSupporter },
  ];
}

/** The directory's searches, signed out as most searchers are, each at every --search-connections count. */
function directoryTargets(app: Child, directory: GeneratedDirectory | null): Target[] {
  if (!directory) return [];
  const search = { base: app.base, expect: 200, people: [SIGNED_OUT], connections: searchConnections };
  const near = new URLSearchParams({ postcode: directory.postcode, sort: 'distance' }).toString();
  return [
    { ...search, page: `directory (${directory.listings} listings), searched by words`, path: () => '/directory?q=walking' },
    { ...search, page: 'directory, free + a part of recovery + a day', path: () => '/directory?free=yes&chime=hope&day=TU' },
    { ...search, page: 'directory, near a postcode, nearest first', path: () => `/directory?${near}` },
    { ...search, page: 'Open Referral API, searched by words', path: () => '/api/oruk/services?search=walking' },
  ];
}

/** Saving a check-in (a new one each time: people may check in as often as they like), as each person in turn. */
function checkInTarget(app: Child, people: Person[]): Target {
  const answers = (n: number) => Object.fromEntries(AREAS.map((area, i) => [area, String((n + i) % 5)]));
  return {
    page: 'saving a check-in',
    base: app.base,
    path: () => JOURNEY_PATHS.checkIn,
    expect: 303,
    people,
    post: {
      body: (p, n) => new URLSearchParams({ _csrf: p.csrf ?? '', ...answers(n), note: n % 3 === 0 ? 'A good walk today' : '' }).toString(),
      location: /^\/check-ins\/[0-9a-f-]{36}\?/,
    },
  };
}

function targets(app: Child, hello: Child): Target[] {
  return [
    { page: 'bare Fastify hello (ceiling)', base: hello.base, path: () => '/', expect: 200, role: 'ceiling' },
    { page: 'health (liveness: no session, no database)', base: app.base, path: () => '/health', expect: 200 },
    { page: 'not found, signed in (floor)', base: app.base, path: () => '/no-such-page', expect: 404, role: 'floor' },
    { page: 'recovery plan overview', base: app.base, path: (p) => p.plan, expect: 200 },
    { page: 'safety plan', base: app.base, path: (p) => p.safety, expect: 200 },
    {
      page: 'recovery plan history',
      base: app.base,
      path: (p) => `${p.plan}${PLAN_PATHS.history.slice(PLAN_PATHS.overview.length)}`,
      expect: 200,
    },
    { page: 'my journey, all time (730 check-ins)', base: app.base, path: () => '/my-journey?period=all', expect: 200 },
  ];
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'public/build/waymark.css'))) (await import('../scripts/build-css.ts')).buildCss();
  const database = values.pglite ? await pgliteDatabase() : await postgresDatabase(serverUrl);
  undo.push(() => database.drop());
  const { emails, supporter, directory } = await withData(database);

  const app = await start('the app', 'src/server.ts', appEnv(database.env, people, join(tmpdir(), 'waymark-bench-outbox')), '/health');
  const hello = await start('the bare hello', 'bench/hello.ts', {}, '/');

  let started = Date.now();
  const signedIn = await signInAll(app.base, emails, BENCH_PASSWORD);
  const [supporterSignedIn] = caseload > 0 ? await signInAll(app.base, [supporter], BENCH_PASSWORD, 1, BENCH_TOTP_SECRET) : [];
  console.log(`signed in ${signedIn.length} people over HTTP in ${seconds(started)} s`);
  const first = signedIn[0];
  if (!first) throw new Error('nobody signed in');
  const before = memoryOf(app.pid);

  const rows: Row[] = [];
  const meter = cpuMeter(app.pid, [process.pid, hello.pid]);
  started = Date.now();
  const all = [
    ...targets(app, hello),
    ...supporterTargets(app, supporterSignedIn, signedIn.slice(0, caseload)),
    ...directoryTargets(app, directory),
    checkInTarget(app, await openForm(app.base, signedIn, JOURNEY_PATHS.checkIn)),
  ];
  for (const target of all) {
    const as = target.people ?? signedIn;
    await preflight(target, as[0] ?? first);
    for (const connections of target.connections ?? [load.connections]) {
      const row = await measure(target, as, { ...load, connections }, meter);
      const other =
        row.cpu && row.cpu.other > 10 ? ` (other processes took ${row.cpu.other.toFixed(0)} % of a core: not a quiet machine)` : '';
      console.log(`  ${row.page} at ${connections}: ${row.rps.toFixed(0)} req/s, p95 ${row.p95} ms, p99 ${row.p99} ms${other}`);
      rows.push(row);
    }
  }
  const after = memoryOf(app.pid);
  const mib = (m: typeof after, key: 'rss' | 'peak') => (m ? `${m[key]} MiB` : 'unknown');
  const report = [
    `# Waymark bench, ${new Date().toISOString()}`,
    '',
    `${people} people (${goals} goals each; ${caseload} sharing with one supporter) and ${listings} directory listings on ${database.kind}; ` +
      `${load.connections} connections (searches at ${searchConnections.join(' and ')}); ${load.seconds} s per row after ${load.warmupSeconds} s of warm-up; ` +
      `Node ${process.version}; ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'}. Measuring took ${seconds(started)} s.`,
    '',
    table(rows),
    '',
    `App process resident memory (VmRSS): ${mib(before, 'rss')} before the load, ${mib(after, 'rss')} at the end (peak ${mib(after, 'peak')}); ` +
      `the bare hello's, for scale: ${mib(memoryOf(hello.pid), 'rss')}.`,
    '',
  ].join('\n');
  console.log(`\n${report}`);
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${database.kind}-${people}p-${load.connections}c.md`);
  writeFileSync(file, report);
  console.log(`written to ${file.slice(ROOT.length)}`);
}

try {
  await main();
} catch (err) {
  process.exitCode = 1;
  console.error('the bench failed:', err instanceof Error ? err.message : err);
} finally {
  await cleanUp();
}
