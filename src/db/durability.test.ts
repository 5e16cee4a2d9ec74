import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { buildApp } from '../app.ts';
import { FolderNotifier } from '../platform/notify.ts';
import { createServices } from '../services.ts';
import { newPerson, withServices } from '../test/harness.ts';
import { openDatabase } from './client.ts';
import { DataDirInUseError, lockDataDir } from './lock.ts';
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
        const timer = setTimeout(() => reject(new Error('the writer did not commit in time')), 180_000);
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

/** A tmpfs of `mib` MiB, when this machine lets the tests mount one (root on Linux, as CI is). */
function smallDisk(mib: number): { dir: string; release: () => void } | null {
  const dir = mkdtempSync(join(tmpdir(), 'waymark-disk-'));
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${String(mib)}m`, 'tmpfs', dir]);
  if (mounted.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    release: () => {
      spawnSync('umount', [dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the embedded database in trouble', () => {
  test('its folder held by another live process is refused with a clear message; a dead holder is taken over', () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-lock-'));
    try {
      writeFileSync(join(dir, 'waymark.pid'), String(process.ppid));
      assert.throws(
        () => lockDataDir(dir),
        (err: Error) => err instanceof DataDirInUseError && /already in use by another Waymark process/.test(err.message),
      );
      writeFileSync(join(dir, 'waymark.pid'), '2147483646');
      const unlock = lockDataDir(dir);
      unlock();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const disk = smallDisk(64);
  test(
    'a full disk: a write is answered 503 with what was typed given back, and reading goes on',
    { skip: disk ? false : 'cannot mount a small disk here' },
    async () => {
      if (!disk) return;
      const database = await openDatabase({ dataDir: join(disk.dir, 'data') });
      const services = await createServices({
        database,
        notify: new FolderNotifier(join(disk.dir, 'outbox')),
        config: { secureCookies: false, sessionSecret: 's'.repeat(40), baseUrl: 'http://localhost' },
      });
      const app = await buildApp({
        services,
        config: { secureCookies: false, sessionSecret: 's'.repeat(40), baseUrl: 'http://localhost', env: 'test' },
      });
      try {
        const { browser } = await newPerson(withServices(app, services), 'Robin');
        const base = (await browser.get('/my-plan')).headers.location ?? '';
        await browser.get(`${base}/strengths`);
        const free = statfsSync(disk.dir);
        writeFileSync(join(disk.dir, 'filler'), Buffer.alloc(free.bavail * free.bsize));
        // PGlite may still have room in the pages it holds: write long answers until the disk refuses.
        const text = (i: number) => `Written on a full disk, take ${String(i)}. ${'What recovery means to me today. '.repeat(120)}`;
        let answer = await browser.post(`${base}/meaning`, { text: text(0) });
        for (let i = 1; answer.statusCode === 303 && i < 400; i += 1) answer = await browser.post(`${base}/meaning`, { text: text(i) });
        assert.equal(answer.statusCode, 503);
        assert.equal(answer.headers['retry-after'], '5');
        assert.match(answer.body, /Try again/);
        assert.match(answer.body, /Written on a full disk, take \d+\./, 'what was typed is given back');
        assert.equal((await browser.get(base)).statusCode, 200, 'reading goes on');
      } finally {
        await app.close();
        await services.jobs.stop();
        await database.close().catch(() => undefined);
        disk.release();
      }
    },
  );
});
