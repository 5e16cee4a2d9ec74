import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { count } from 'drizzle-orm';
import type { Database } from '../db/client.ts';
import { hsdsService } from '../db/schema.ts';
import { walkingGroup } from '../features/directory/fixtures.ts';
import { fullService } from '../features/directory/oruk.ts';
import { listing } from '../features/directory/listing.ts';
import { addListing } from '../features/directory/write.ts';
import { systemClock } from '../platform/clock.ts';
import { testDatabase } from '../test/databases.ts';
import { runCommand } from './commands.ts';

describe('npm run cli -- import-listings', () => {
  let source: Database;
  let target: Database;
  let dir = '';
  const services: Record<string, unknown>[] = [];
  before(async () => {
    [source, target] = await Promise.all([testDatabase(), testDatabase()]);
    dir = mkdtempSync(join(tmpdir(), 'waymark-import-'));
    const now = new Date('2026-06-01T09:00:00Z');
    for (const name of ['Tuesday walking group', 'Saturday garden']) {
      const { serviceId } = await addListing(source.db, walkingGroup({ name }), now);
      const l = await listing(source.db, serviceId);
      assert.ok(l);
      services.push(fullService(l));
    }
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all([source.close(), target.close()]);
  });

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCommand(argv, {
      database: () => Promise.resolve(target),
      clock: systemClock,
      auditKey: 'test-audit-key',
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  }
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const imported = async () => (await target.db.select({ n: count() }).from(hsdsService))[0]?.n;

  test('without a file, or with one it cannot read, it says how to use it and exits 2', async () => {
    assert.equal((await cli('import-listings')).status, 2);
    const missing = await cli('import-listings', '--file', join(dir, 'nowhere.json'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Cannot read .*nowhere\.json\. Nothing was imported\./);
    assert.match((await cli('import-listings', '--file', dir)).stderr, /The folder has no service\.csv\. Nothing was imported\./);
  });

  test('a broken file imports nothing and exits 2', async () => {
    const half = JSON.stringify(services).slice(0, -20);
    const res = await cli('import-listings', '--file', file('broken.json', half));
    assert.equal(res.status, 2);
    assert.match(res.stderr, /not JSON\. Nothing was imported\./);
    assert.equal(await imported(), 0);
    assert.equal((await cli('import-listings', '--file', file('shape.json', '{"items": []}'))).status, 2);
  });

  test('a file with a bad record imports the rest, prints why that one was rejected and exits 1', async () => {
    const [good, bad] = services;
    const res = await cli('import-listings', '--file', file('one-bad.json', JSON.stringify([good, { ...bad, minimum_age: 'eighteen' }])));
    assert.equal(res.status, 1, res.stderr);
    assert.match(res.stdout, new RegExp(`Rejected ${String(bad?.id)}: /minimum_age must be number`));
    assert.match(res.stdout, /Imported 1 service, rejected 1\./);
    assert.equal(await imported(), 1);
  });

  test('a good file (a page of services) imports every one and exits 0, and again changes nothing', async () => {
    const page = file('page.json', JSON.stringify({ total_items: 2, page_number: 1, contents: services }));
    for (const run of [1, 2]) {
      const res = await cli('import-listings', '--file', page);
      assert.equal(res.status, 0, `run ${String(run)}: ${res.stdout}`);
      assert.match(res.stdout, /Imported 2 services, rejected 0\./);
      assert.equal(await imported(), 2);
    }
  });
});
