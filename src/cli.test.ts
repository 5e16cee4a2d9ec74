import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { runCommand } from './cli/commands.ts';
import { codeFor } from './features/accounts/authenticator.ts';
import { DEMO_AUTHENTICATOR_SECRET } from './demo/seed.ts';
import type { Database } from './db/client.ts';
import { eq } from 'drizzle-orm';
import { auditEvents, authenticators, memberships, recoveryCodes, sessions } from './db/schema.ts';
import { insertAccount } from './features/accounts/store.ts';
import { systemClock } from './platform/clock.ts';
import { testDatabase } from './test/databases.ts';

describe('cli.test.ts', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
    await insertAccount(database.db, { email: 'lead@example.org', displayName: 'Lead', passwordHash: 'x', now: new Date() });
  });
  after(async () => database.close());

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const status = await runCommand(argv, {
      database: () => Promise.resolve(database),
      clock: systemClock,
      auditKey: 'test-audit-key',
      out: (l) => out.push(l),
      err: (l) => err.push(l),
    });
    return { status, stdout: out.join('\n'), stderr: err.join('\n') };
  }

  describe('the operator command line', () => {
    test("prints the demo supporter's authenticator code of the moment", async () => {
      const before = codeFor(DEMO_AUTHENTICATOR_SECRET, new Date());
      const res = await cli('demo-code');
      assert.equal(res.status, 0);
      // The clock may have passed into the next 30 seconds meanwhile.
      assert.ok([before, codeFor(DEMO_AUTHENTICATOR_SECRET, new Date())].includes(res.stdout), res.stdout);
    });

    test('makes an existing account an organisation admin', async () => {
      const res = await cli('add-member', '--email', 'lead@example.org', '--organisation', 'Hillside', '--role', 'admin');
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /lead@example.org is now an admin of Hillside/);
      const rows = await database.db.select().from(memberships);
      assert.deepEqual(
        rows.map((r) => r.role),
        ['admin'],
      );
    });

    test('says clearly when the account does not exist', async () => {
      const res = await cli('add-member', '--email', 'nobody@example.org', '--organisation', 'Hillside', '--role', 'admin');
      assert.equal(res.status, 1);
      assert.match(res.stderr, /No account uses nobody@example.org/);
    });

    test('verifies the audit log chain', async () => {
      const res = await cli('audit-verify');
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /Audit log intact: 1 event\./);
    });

    test('writes an anchor of the audit log to a file, and later checks the log against it', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'waymark-anchor-'));
      try {
        const file = join(dir, 'anchor.json');
        const made = await cli('audit-anchor', '--out', file);
        assert.equal(made.status, 0, made.stderr);
        const anchor = JSON.parse(readFileSync(file, 'utf8')) as { seq: number; hash: string };
        assert.match(anchor.hash, /^[0-9a-f]{64}$/);
        assert.equal((JSON.parse(made.stdout) as { seq: number }).seq, anchor.seq);
        const ok = await cli('audit-verify', '--anchor', file);
        assert.equal(ok.status, 0, ok.stderr);
        assert.match(ok.stdout, new RegExp(`event ${anchor.seq} matches the anchor`));

        writeFileSync(file, JSON.stringify({ ...anchor, hash: 'a'.repeat(64) }));
        const rewritten = await cli('audit-verify', '--anchor', file);
        assert.equal(rewritten.status, 1);
        assert.match(rewritten.stdout, /BROKEN at event \d+ .*cut short or rewritten after the anchor was taken/);
        writeFileSync(file, '{"seq": "one"}');
        await assert.rejects(cli('audit-verify', '--anchor', file), /is not an audit anchor/);
        assert.equal((await cli('protect-audit')).status, 2, 'protect-audit needs the service role');
        assert.equal((await cli('protect-audit', '--service-role', 'Robert"; drop table x')).status, 2, 'only plain role names');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    test('explains its usage when called wrongly', async () => {
      for (const argv of [['make-everyone-admin'], ['add-member', '--email'], ['add-member', '--email', 'a@b.c', '--role', 'owner'], []]) {
        const res = await cli(...argv);
        assert.equal(res.status, 2, argv.join(' '));
        assert.match(res.stderr, /Usage:/);
      }
    });

    test('runs as a command, with its exit code', () => {
      const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'make-everyone-admin'], {
        cwd: new URL('..', import.meta.url).pathname,
        encoding: 'utf8',
      });
      assert.equal(res.status, 2, res.stderr);
      assert.match(res.stderr, /Usage:/);
    });

    test('turns off the authenticator app of someone who lost it and their recovery codes, signing them out everywhere', async () => {
      const { db } = database;
      const now = new Date();
      const account = await insertAccount(db, { email: 'lost@example.org', displayName: 'Lost', passwordHash: 'x', now });
      await db.insert(authenticators).values({ accountId: account.id, secretSealed: 'sealed', confirmedAt: now, createdAt: now });
      await db.insert(recoveryCodes).values({ accountId: account.id, codeHash: 'h' });
      await db.insert(sessions).values({ idHash: 'lost-session', accountId: account.id, createdAt: now, lastSeenAt: now, checkedAt: now });
      const res = await cli('reset-authenticator', '--email', 'lost@example.org');
      assert.equal(res.status, 0, res.stderr);
      assert.match(res.stdout, /lost@example.org has no authenticator app now and is signed out everywhere/);
      for (const table of [authenticators, recoveryCodes, sessions])
        assert.equal((await db.select().from(table).where(eq(table.accountId, account.id))).length, 0);
      const events = await db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, account.id));
      assert.deepEqual(
        events.map((e) => e.action),
        ['authenticator.reset'],
      );
      assert.equal((await cli('reset-authenticator', '--email', 'nobody@example.org')).status, 1);
      assert.equal((await cli('reset-authenticator')).status, 2);
    });
  });
});
