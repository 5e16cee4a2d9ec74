// Load benchmark: builds the app in this process on a generated data set and measures
// the pages a person opens most, on loopback only, for a bounded time each.
// Usage: npm run bench [-- --people 200 --goals 8 --seconds 10 --connections 10]
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.ts';
import { openDatabase } from '../src/db/client.ts';
import { FolderNotifier } from '../src/platform/notify.ts';
import { BENCH_PASSWORD, generate } from './generate.ts';

const { values } = parseArgs({
  options: { people: { type: 'string', default: '100' }, goals: { type: 'string', default: '8' }, seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '10' } },
});
const people = Number(values.people);
const seconds = Math.min(Number(values.seconds), 60);

const database = await openDatabase({ databaseUrl: process.env.DATABASE_URL });
const started = Date.now();
const { emails } = await generate(database.db, people, Number(values.goals));
console.log(`generated ${people} people in ${((Date.now() - started) / 1000).toFixed(1)} s on ${database.kind}`);

const app = await buildApp({
  db: database.db,
  notify: new FolderNotifier('/tmp/waymark-bench-outbox'),
  config: { secureCookies: false, sessionSecret: 'bench-secret-bench-secret-bench-secret', baseUrl: 'http://127.0.0.1', env: 'development' },
  signInLimit: { max: 1_000_000, timeWindow: '1 minute' },
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });

async function signIn(email: string): Promise<string> {
  const page = await fetch(`${address}/sign-in`);
  const csrfCookie = page.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const token = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const res = await fetch(`${address}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: csrfCookie },
    body: new URLSearchParams({ _csrf: token, email, password: BENCH_PASSWORD }),
  });
  const session = res.headers.getSetCookie().map((c) => c.split(';')[0]).find((c) => c?.startsWith('waymark-session='));
  if (!session) throw new Error('bench sign-in failed');
  return session;
}

const cookie = await signIn(emails[Math.floor(emails.length / 2)] ?? '');
const location = async (path: string) => (await fetch(`${address}${path}`, { headers: { cookie }, redirect: 'manual' })).headers.get('location') ?? path;
const scenarios = [
  { name: 'health', path: '/health' },
  { name: 'home (signed in)', path: '/' },
  { name: 'recovery plan overview', path: await location('/my-plan') },
  { name: 'safety plan (crisis link)', path: await location('/my-safety-plan') },
  { name: 'recovery plan history', path: `${await location('/my-plan')}/history` },
];

const rows: string[] = [];
for (const s of scenarios) {
  const result = await autocannon({ url: `${address}${s.path}`, headers: { cookie }, connections: Number(values.connections), duration: seconds });
  rows.push(
    `| ${s.name} | ${result.requests.average.toFixed(0)} | ${result.latency.p50} | ${result.latency.p99} | ${result.non2xx} | ${result.errors} |`,
  );
}
const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(`\n${people} people, ${values.connections} connections, ${seconds} s each, ${database.kind}\n`);
console.log('| scenario | req/s | p50 ms | p99 ms | non-2xx | errors |\n| --- | --- | --- | --- | --- | --- |');
console.log(rows.join('\n'));
console.log(`\nresident memory after the run: ${rss} MiB`);
await app.close();
await database.close();
