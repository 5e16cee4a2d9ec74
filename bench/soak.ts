// Soak: the service on PostgreSQL for a long while (15 minutes by default) at a steady mix of
// reads and writes from several signed-in people, in its own process as `npm start` runs it.
// Reports, minute by minute: requests, errors, p99 latency and the app's resident memory.
// Errors must be zero and memory flat. Not a CI test: run it by hand (`npm run bench:soak`).
// Usage: npm run bench:soak [-- --minutes 15 --people 20 --workers 10]
import '../src/platform/runtime.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CRISIS } from '../src/features/staying-well/model.ts';
import { pathsFor } from '../src/features/staying-well/paths.ts';
import { postgresDatabase } from './database.ts';
import { BENCH_PASSWORD, generate } from './generate.ts';
import { cookieHeader, cookiesOf, locationOf, send } from './http.ts';
import { signInAll, type Person } from './people.ts';
import { appEnv, memoryOf, ROOT, startNode } from './processes.ts';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: process.env.SOAK_MINUTES ?? '15' },
    people: { type: 'string', default: '20' },
    workers: { type: 'string', default: '10' },
  },
});
const minutes = Number(values.minutes);
const peopleCount = Number(values.people);
const workers = Number(values.workers);
if (![minutes, peopleCount, workers].every((n) => Number.isInteger(n) && n > 0) || workers > peopleCount)
  throw new Error('--minutes, --people and --workers are whole numbers above 0, with no more workers than people');
const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface Minute {
  requests: number;
  writes: number;
  errors: number;
  latencies: number[];
  rssMiB: number | null;
}

const p99 = (xs: number[]) => (xs.length ? ([...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))] ?? 0) : 0);

/** One signed-in person's browser: reads their pages, and every fifth request rewrites the crisis
 *  plan's "looking back" answer (a one-off section: the plan does not grow for ever). */
async function browse(base: string, person: Person, until: number, minuteOf: () => Minute): Promise<void> {
  const crisis = locationOf(await send(`${base}${pathsFor(CRISIS).mine}`, { headers: { cookie: person.cookie } }));
  const form = `${crisis}/lookBack`;
  const first = await send(`${base}${form}`, { headers: { cookie: person.cookie } });
  const jar = new Map([...cookiesOf(first), ...new Map([person.cookie.split('=') as [string, string]])]);
  const token = /name="_csrf" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
  let rev = Number(/name="rev" value="(-?\d+)"/.exec(first.body)?.[1] ?? '0');
  const reads = [person.plan, person.safety, crisis, form];
  for (let n = 0; Date.now() < until; n += 1) {
    const write = n % 5 === 4;
    const started = performance.now();
    let ok = false;
    try {
      const answer = write
        ? await send(`${base}${form}`, {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookieHeader(jar) },
            body: new URLSearchParams({
              _csrf: token,
              rev: String(rev),
              text: `Looking back, take ${String(n)}: what helped was a walk.`,
            }).toString(),
          })
        : await send(`${base}${reads[n % reads.length] ?? '/'}`, { headers: { cookie: person.cookie } });
      ok = write ? answer.status === 303 : answer.status === 200;
      if (write && ok) rev += 1;
    } catch {
      ok = false;
    }
    const minute = minuteOf();
    minute.requests += 1;
    if (write) minute.writes += 1;
    if (!ok) minute.errors += 1;
    minute.latencies.push(performance.now() - started);
  }
}

async function main(): Promise<void> {
  const database = await postgresDatabase(serverUrl);
  const children: { stop(): Promise<void> }[] = [];
  try {
    const db = await database.open();
    const { emails } = await generate(db, { people: peopleCount, goals: 4, concurrency: 4 });
    await db.close();
    const app = await startNode(
      'the app',
      'src/server.ts',
      appEnv(database.env, peopleCount, join(tmpdir(), 'waymark-soak-outbox')),
      '/health',
    );
    children.push(app);
    const people = await signInAll(app.base, emails, BENCH_PASSWORD);
    const started = Date.now();
    const until = started + minutes * 60_000;
    const byMinute: Minute[] = [];
    const minuteOf = () => {
      const i = Math.min(minutes - 1, Math.floor((Date.now() - started) / 60_000));
      byMinute[i] ??= { requests: 0, writes: 0, errors: 0, latencies: [], rssMiB: null };
      return byMinute[i];
    };
    const sampler = setInterval(() => {
      const rss = memoryOf(app.pid)?.rss ?? null;
      minuteOf().rssMiB = rss;
    }, 5000);
    console.log(`soaking: ${String(workers)} people at once, ${String(minutes)} min, on PostgreSQL`);
    await Promise.all(people.slice(0, workers).map((p) => browse(app.base, p, until, minuteOf)));
    clearInterval(sampler);
    const rows = byMinute.map(
      (m, i) =>
        `| ${String(i + 1)} | ${String(m.requests)} | ${String(m.writes)} | ${String(m.errors)} | ${p99(m.latencies).toFixed(0)} | ${m.rssMiB === null ? '–' : String(m.rssMiB)} |`,
    );
    const report = [
      `# Waymark soak, ${new Date().toISOString()}`,
      '',
      `${String(peopleCount)} people generated, ${String(workers)} browsing at once (one write in five), ${String(minutes)} min on PostgreSQL; Node ${process.version}.`,
      '',
      '| minute | requests | writes | errors | p99 ms | app RSS MiB |',
      '| ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows,
      '',
    ].join('\n');
    console.log(`\n${report}`);
    const dir = join(ROOT, 'bench/results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-soak.md`), report);
    if (byMinute.some((m) => m.errors > 0)) process.exitCode = 1;
  } finally {
    for (const child of children) await child.stop();
    await database.drop();
  }
}

await main();
