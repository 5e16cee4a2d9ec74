// `npm test`: every check, in two lanes side by side. The browser journeys mostly wait (for
// pages, emails and the authenticator's next code) and keep well under one core busy, so the
// type-check, lint and database tests run beside them instead of after them. Each lane stops at
// its first failure; the other runs on, and the summary says what failed.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const lanes: Record<string, string[]> = {
  browser: ['test:e2e'],
  checks: ['typecheck', 'lint', 'test:unit', 'test:unit:pg'],
};
const width = Math.max(...Object.keys(lanes).map((l) => l.length));

function run(lane: string, script: string): Promise<boolean> {
  const label = `${lane.padEnd(width)} |`;
  console.log(`${label} npm run ${script}`);
  return new Promise((done) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on('line', (line) => console.log(`${label} ${line}`));
    child.on('error', () => done(false));
    child.on('close', (code) => done(code === 0));
  });
}

const started = Date.now();
const results = await Promise.all(
  Object.entries(lanes).map(async ([lane, scripts]) => {
    for (const script of scripts) {
      const began = Date.now();
      const passed = await run(lane, script);
      const took = `${Math.round((Date.now() - began) / 1000)} s`;
      if (!passed) return `${lane}: npm run ${script} FAILED after ${took}`;
      console.log(`${lane.padEnd(width)} | npm run ${script} passed in ${took}`);
    }
    return undefined;
  }),
);
const failed = results.filter((r) => r !== undefined);
console.log(`\nAll checks took ${Math.round((Date.now() - started) / 1000)} s.`);
for (const f of failed) console.log(f);
if (failed.length > 0) process.exitCode = 1;
