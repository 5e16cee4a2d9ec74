// Runs a command with each line it prints labelled, keeping its last lines so a caller can print
// them again, unmixed, once everything has finished: where a test runner lists its failures.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface Finished {
  passed: boolean;
  tail: string[];
}

export function runLabelled(command: readonly string[], label: string, tailLines: number): Promise<Finished> {
  const [program, ...args] = command;
  if (program === undefined) throw new Error('expected a command to run');
  const child = spawn(program, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const tail: string[] = [];
  for (const stream of [child.stdout, child.stderr])
    createInterface({ input: stream }).on('line', (line) => {
      console.log(label + line);
      tail.push(line);
      if (tail.length > tailLines) tail.shift();
    });
  return new Promise((done) => {
    child.on('error', () => done({ passed: false, tail }));
    child.on('close', (code) => done({ passed: code === 0, tail }));
  });
}
