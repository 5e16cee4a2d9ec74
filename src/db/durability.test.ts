import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from './client.ts';
import { accounts } from './schema.ts';

// A child process that commits one write, says so, then keeps running until it is killed.
const WRITER = `
import { openDatabase } from './src/db/client.ts';
import { accounts } from './src/db/schema.ts';
const db = await openDatabase({ dataDir: process.env.DIR });
const now = new Date();
await db.db.insert(accounts).values({ email: 'kept@example.org', displayName: 'Kept', passwordHash: 'x', createdAt: now, passwordChangedAt: now });
console.log('committed');
setInterval(() => undefined, 1000);
`;

describe('the embedded database', () => {
  test('a committed write survives kill -9 of the process, and the folder can be opened again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-kill-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', WRITER], {
        cwd: new URL('../..', import.meta.url).pathname,
        env: { ...process.env, DIR: dir },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the writer did not commit in time')), 60_000);
        child.stdout.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('committed')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`writer exited early with ${String(code)}`)));
      });
      child.removeAllListeners('exit');
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGKILL');
      await exited;

      const reopened = await openDatabase({ dataDir: dir });
      try {
        const rows = await reopened.db
          .select()
          .from(accounts)
          .where(sql`email = 'kept@example.org'`);
        assert.equal(rows.length, 1);
      } finally {
        await reopened.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
