// `npm test`: every check, in two lanes side by side. The browser journeys keep the cores busy
// much of the time (Chromium drawing pages, axe checking them, the app behind them), but they
// also wait, for emails and the authenticator's next code, so the type-check, lint and database
// tests run beside them, at a lower priority, in what they leave. Each lane stops at
// its first failure; the other runs on, and the summary says what failed, followed by the end of
// each failed step's own output (where Playwright and the test runner list the failures), so the
// reason is in the last lines a CI log shows rather than somewhere among the other lane's.
import { runLabelled, type Finished } from './labelled.ts';

// The checks lane runs at a lower priority (nice 10): it only needs the CPU the journeys leave,
// while a journey starved of it (two browsers and the app behind them) runs past its time limit.
const lanes: Record<string, { scripts: string[]; nice: number }> = {
  browser: { scripts: ['test:e2e'], nice: 0 },
  checks: { scripts: ['typecheck', 'lint', 'test:unit', 'test:unit:pg'], nice: 10 },
};
const width = Math.max(...Object.keys(lanes).map((l) => l.length));
const TAIL_LINES = 120;

interface Failure {
  summary: string;
  tail: string[];
}

function run(lane: string, script: string, nice: number): Promise<Finished> {
  const label = `${lane.padEnd(width)} |`;
  console.log(`${label} npm run ${script}`);
  const command = ['npm', 'run', '--silent', script];
  return runLabelled(nice ? ['nice', '-n', String(nice), ...command] : command, `${label} `, TAIL_LINES);
}

const started = Date.now();
const results = await Promise.all(
  Object.entries(lanes).map(async ([lane, { scripts, nice }]): Promise<Failure | undefined> => {
    for (const script of scripts) {
      const began = Date.now();
      const { passed, tail } = await run(lane, script, nice);
      const took = `${Math.round((Date.now() - began) / 1000)} s`;
      if (!passed) return { summary: `${lane}: npm run ${script} FAILED after ${took}`, tail };
      console.log(`${lane.padEnd(width)} | npm run ${script} passed in ${took}`);
    }
    return undefined;
  }),
);
const failed = results.filter((r) => r !== undefined);
console.log(`\nAll checks took ${Math.round((Date.now() - started) / 1000)} s.`);
for (const f of failed) {
  console.log(`\n${f.summary}; the last ${f.tail.length} lines it printed:`);
  for (const line of f.tail) console.log(`  ${line}`);
}
for (const f of failed) console.log(f.summary);
if (failed.length > 0) process.exitCode = 1;
