import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openDatabase } from './db/client.ts';
import { insertAccount } from './features/accounts/store.ts';
import { memberships } from './db/schema.ts';

let dir: string;
const root = new URL('..', import.meta.url).pathname;
const cli = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', ...args], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dir, DATABASE_URL: '' },
    encoding: 'utf8',
  });

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'waymark-cli-'));
  const db = await openDatabase({ dataDir: dir });
  const now = new Date();
  await insertAccount(db.db, { email: 'lead@example.org', displayName: 'Lead', passwordHash: 'x', now });
  await db.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

describe('the operator command line', () => {
  test('makes an existing account an organisation admin', async () => {
    const res = cli('add-member', '--email', 'lead@example.org', '--organisation', 'Hillside', '--role', 'admin');
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /lead@example.org is now an admin of Hillside/);
    const db = await openDatabase({ dataDir: dir });
    try {
      const rows = await db.db.select().from(memberships);
      assert.deepEqual(
        rows.map((r) => r.role),
        ['admin'],
      );
    } finally {
      await db.close();
    }
  });

  test('says clearly when the account does not exist', () => {
    const res = cli('add-member', '--email', 'nobody@example.org', '--organisation', 'Hillside', '--role', 'admin');
    assert.equal(res.status, 1);
    assert.match(res.stderr, /No account uses nobody@example.org/);
  });

  test('verifies the audit log chain', () => {
    const res = cli('audit-verify');
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Audit log intact: 1 event\./);
  });

  test('explains its usage when called wrongly', () => {
    const res = cli('make-everyone-admin');
    assert.equal(res.status, 2);
    assert.match(res.stderr, /Usage:/);
  });
});
