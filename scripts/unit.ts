// `npm run test:unit`: every test file under src/, split between a few processes that each import
// their share of the files once and run them one after another (`--test-isolation=none`). A
// process a file, as before, paid the app's imports and the embedded database's start-up for
// each of the 74 files, and took 447 s on this 2-core machine against 223 s this way. Files
// share a process, so none may leave anything behind: each test app and database is closed by
// its own file, and nothing reads another file's rows or settings.
import { globSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { runLabelled, type Finished } from './labelled.ts';

// `npm run test:unit -- src/a.test.ts …` runs just those files.
const given = process.argv.slice(2);
const files = given.length > 0 ? given : globSync('src/**/*.test.ts').sort();
const shards = Math.max(1, Math.min(4, availableParallelism(), files.length));
// A test that hangs fails after this long, instead of holding its whole process until CI gives up;
// and a process ends when its tests have, even if one of them left a handle open.
const TEST_TIMEOUT_MS = 10 * 60_000;
const TAIL_LINES = 150;

function runShard(index: number): Promise<Finished> {
  const command = [
    process.execPath,
    '--import',
    'tsx',
    '--test',
    '--test-isolation=none',
    `--test-shard=${index}/${shards}`,
    `--test-timeout=${TEST_TIMEOUT_MS}`,
    '--test-force-exit',
    ...files,
  ];
  return runLabelled(command, shards > 1 ? `[${index}/${shards}] ` : '', TAIL_LINES);
}

const started = Date.now();
const results = await Promise.all(Array.from({ length: shards }, (_, i) => runShard(i + 1)));
console.log(
  `${files.length} test files in ${shards} process${shards > 1 ? 'es' : ''} took ${Math.round((Date.now() - started) / 1000)} s.`,
);
// Each failed process's own last lines again, unmixed: where the test runner lists its failures.
results.forEach(({ passed, tail }, i) => {
  if (passed) return;
  console.log(`\nProcess ${i + 1}/${shards} failed; the last ${tail.length} lines it printed:`);
  for (const line of tail) console.log(`  ${line}`);
});
if (results.some((r) => !r.passed)) process.exitCode = 1;
