// Measures one target with autocannon: a short unmeasured warm-up, then a fixed duration, every
// request made as the next person in turn (their session cookie and their own page).
import autocannon from 'autocannon';
import type { CpuUse } from './cpu.ts';
import { assertLoopback, send } from './http.ts';
import type { Person } from './people.ts';

export interface Target {
  page: string;
  /** http://127.0.0.1:PORT of the process that serves it */
  base: string;
  /** The path for one person (a plan's id is theirs). */
  path: (person: Person) => string;
  /** The status every answer should have. */
  expect: number;
  /** The bare hello is the ceiling; the signed-in not-found page, the floor. */
  role?: 'ceiling' | 'floor';
  /** Whose requests these are, in turn, when not every generated person's (a supporter's, say). */
  people?: Person[];
  /** Measured at each of these connection counts, one row each, instead of the run's one. */
  connections?: number[];
  /** A form sent as each person: its body (their CSRF token with it), and where a success redirects. */
  post?: { body: (person: Person, turn: number) => string; location: RegExp };
}

export interface Load {
  connections: number;
  seconds: number;
  warmupSeconds: number;
}

export interface Row {
  page: string;
  role: Target['role'];
  /** The path as requested, with a person's ids shown as :id. */
  path: string;
  connections: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  /** Answers without the expected status, plus errors (timeouts among them). */
  unexpected: number;
  requests: number;
  /** Where the CPU went while it was measured (null off Linux). */
  cpu: CpuUse | null;
}

// As a browser sends it: pages over 1 KiB are compressed, which is part of their cost.
const BROWSER_HEADERS = { 'accept-encoding': 'gzip, deflate, br', accept: 'text/html,*/*' };

/** One request as the first person, so a wrong path or a lost session fails loudly, not as a fast 303. */
const FORM = 'application/x-www-form-urlencoded';

/** One request's headers as this person: their cookies (none signed out), and a form's type. */
const headersFor = (target: Target, person: Person): Record<string, string> => ({
  ...(person.cookie ? { cookie: person.cookie } : {}),
  ...(target.post ? { 'content-type': FORM } : {}),
});

export async function preflight(target: Target, person: Person): Promise<void> {
  const answer = await send(`${target.base}${target.path(person)}`, {
    headers: headersFor(target, person),
    ...(target.post ? { method: 'POST' as const, body: target.post.body(person, 0) } : {}),
  });
  if (answer.status !== target.expect)
    throw new Error(`${target.page}: expected ${target.expect}, got ${answer.status} ${answer.body.slice(0, 300)}`);
  const location = String(answer.headers.location ?? '');
  if (target.post && !target.post.location.test(location)) throw new Error(`${target.page}: redirected to ${location}, not a success`);
}

/** The time below which `share` of the answers came, from every answer's own time. */
function percentile(times: number[], share: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(share * sorted.length) - 1)] ?? 0;
}

function cannon(
  target: Target,
  people: Person[],
  connections: number,
  seconds: number,
): Promise<{ result: autocannon.Result; times: number[] }> {
  const url = new URL(target.base);
  assertLoopback(url);
  let turn = 0;
  const times: number[] = [];
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: url.toString(),
        connections,
        duration: seconds,
        timeout: 10,
        headers: BROWSER_HEADERS,
        requests: [
          {
            setupRequest: (request) => {
              const n = turn++;
              const person = people[n % people.length];
              if (!person) return request;
              return {
                ...request,
                path: target.path(person),
                headers: { ...request.headers, ...headersFor(target, person) },
                ...(target.post ? { method: 'POST' as const, body: target.post.body(person, n) } : {}),
              };
            },
          },
        ],
      },
      (err: unknown, result) => (err ? reject(err instanceof Error ? err : new Error('autocannon failed')) : resolve({ result, times })),
    );
    // autocannon's own percentiles skip the 95th: every answer's time is kept to work it out.
    instance.on('response', (_client, _status, _bytes, ms) => times.push(ms));
  });
}

export async function measure(target: Target, people: Person[], load: Load, meter: () => () => CpuUse | null): Promise<Row> {
  if (load.warmupSeconds > 0) await cannon(target, people, load.connections, load.warmupSeconds);
  const done = meter();
  const { result, times } = await cannon(target, people, load.connections, load.seconds);
  const cpu = done();
  const stats = (result.statusCodeStats ?? {}) as Record<string, { count?: number } | undefined>;
  const expected = stats[String(target.expect)]?.count ?? 0;
  const answered = Object.values(stats).reduce((sum, s) => sum + (s?.count ?? 0), 0);
  const sample = people[0];
  return {
    page: target.page,
    role: target.role,
    path: sample ? target.path(sample).replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id') : '',
    connections: load.connections,
    rps: result.requests.average,
    p50: result.latency.p50,
    p95: Math.round(percentile(times, 0.95)),
    p99: result.latency.p99,
    unexpected: answered - expected + result.errors, // errors include timeouts
    requests: result.requests.total,
    cpu,
  };
}

/** The rows as a markdown table, each req/s also as a share of the ceiling's and of the floor's. */
export function table(rows: Row[]): string {
  const of = (role: Row['role']) => rows.find((r) => r.role === role)?.rps ?? 0;
  const cpu = (r: Row, key: keyof CpuUse) => (r.cpu ? `${r.cpu[key].toFixed(0)} %` : '–');
  const pct = (rps: number, base: number) => (base > 0 ? `${((100 * rps) / base).toFixed(1)} %` : '–');
  const lines = [
    '| page | path | conn. | req/s | % of bare hello | % of floor | p50 ms | p95 ms | p99 ms | unexpected | app CPU | PostgreSQL CPU | other CPU |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map(
      (r) =>
        `| ${r.page} | \`${r.path}\` | ${r.connections} | ${r.rps.toFixed(0)} | ${pct(r.rps, of('ceiling'))} | ${r.role === 'ceiling' ? '–' : pct(r.rps, of('floor'))} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.unexpected} | ${cpu(r, 'app')} | ${cpu(r, 'postgres')} | ${cpu(r, 'other')} |`,
    ),
  ];
  return lines.join('\n');
}
