import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { zip } from './zip.ts';

describe('the ZIP writer', () => {
  test("the system's unzip tests it whole and gives back every file byte for byte", () => {
    const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
    try {
      const random = new Uint8Array(70_000).map((_, i) => (i * 7919) % 251);
      const files = [
        { name: 'my-data.json', data: Buffer.from(JSON.stringify({ name: 'Siân Ó Ceallaigh', plans: ['ok'] })) },
        { name: 'pdfs/my-safety-plan.pdf', data: random },
        { name: 'empty.txt', data: new Uint8Array(0) },
        { name: 'notes.txt', data: Buffer.from('naïve\n') },
      ];
      const archive = join(dir, 'out.zip');
      writeFileSync(archive, zip(files, new Date('2026-11-22T13:45:10Z')));
      const tested = execFileSync('unzip', ['-t', archive], { encoding: 'utf8' });
      assert.match(tested, /No errors detected/);
      execFileSync('unzip', ['-q', archive, '-d', join(dir, 'out')], { env: { ...process.env, LC_ALL: 'C.UTF-8' } });
      for (const f of files) assert.deepEqual(new Uint8Array(readFileSync(join(dir, 'out', f.name))), new Uint8Array(f.data), f.name);
      const listing = execFileSync('unzip', ['-l', archive], { encoding: 'utf8' });
      assert.match(listing, /2026-11-22 13:45|11-22-2026 13:45/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
