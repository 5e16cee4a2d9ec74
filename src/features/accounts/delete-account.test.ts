import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { count, eq, sql } from 'drizzle-orm';
import { accounts, auditPersonal } from '../../db/schema.ts';
import fc from 'fast-check';
import { hostileForm } from '../../test/hostile.ts';
import { Browser, newPerson, planIdOf, testApp, textOf, type TestApp } from '../../test/harness.ts';

describe('features/accounts/delete-account.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  /** Every text-like value of every row of every table outside the system schemas. */
  async function everyValue(): Promise<string> {
    const rowsOf = <T>(result: unknown) => (result as { rows: T[] }).rows;
    const tables = await t.database.db.execute(
      sql`select table_schema as schema, table_name as name from information_schema.tables
        where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
    );
    const parts: string[] = [];
    for (const { schema, name } of rowsOf<{ schema: string; name: string }>(tables)) {
      const rows = await t.database.db.execute(sql`select * from ${sql.identifier(schema)}.${sql.identifier(name)}`);
      parts.push(JSON.stringify(rowsOf<unknown>(rows)));
    }
    return parts.join('\n');
  }

  describe('changing my name', () => {
    test('the new name is used from then on; an empty or too long one is refused, keeping what was typed', async () => {
      const { browser } = await newPerson(t.app, 'Sam');
      assert.match((await browser.get('/account/name')).body, /value="Sam"/);
      const empty = await browser.post('/account/name', { displayName: '   ' });
      assert.equal(empty.statusCode, 400);
      assert.match(empty.body, /nhsuk-error-summary/);
      const long = await browser.post('/account/name', { displayName: 'x'.repeat(5000) });
      assert.equal(long.statusCode, 400);
      const ok = await browser.post('/account/name', { displayName: 'Samira <b>' });
      assert.equal(ok.statusCode, 303);
      assert.match(textOf((await browser.get('/')).body), /Hello, Samira <b>/);
    });

    test('hostile input never causes a 500', async () => {
      const { browser } = await newPerson(t.app);
      await fc.assert(
        fc.asyncProperty(hostileForm(['displayName']), async (form) => {
          const res = await browser.post('/account/name', form);
          assert.ok(res.statusCode < 500, `${res.statusCode}`);
          assert.doesNotMatch(res.body, /<script>alert/);
        }),
        { numRuns: 20 },
      );
    });
  });

  describe('downloading my data', () => {
    test('a valid ZIP with my data as JSON (plans and their history) and the three PDFs', async () => {
      const { browser, email } = await newPerson(t.app, 'Aroha');
      const res = await browser.get('/downloads/my-data.zip');
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['content-type'], 'application/zip');
      const dir = mkdtempSync(join(tmpdir(), 'acct-data-'));
      try {
        writeFileSync(join(dir, 'd.zip'), res.rawPayload);
        assert.match(execFileSync('unzip', ['-t', join(dir, 'd.zip')], { encoding: 'utf8' }), /No errors detected/);
        execFileSync('unzip', ['-q', join(dir, 'd.zip'), '-d', join(dir, 'out')]);
        const data = JSON.parse(readFileSync(join(dir, 'out', 'my-data.json'), 'utf8')) as {
          account: { email: string; name: string };
          plans: { kind: string; history: unknown[] }[];
        };
        assert.equal(data.account.email, email);
        assert.equal(data.account.name, 'Aroha');
        assert.equal(data.plans.length, 4);
        const theirs = await (await newPerson(t.app, 'Tamsin')).browser.get('/downloads/my-data.zip');
        writeFileSync(join(dir, 'theirs.zip'), theirs.rawPayload);
        const theirJson = execFileSync('unzip', ['-p', join(dir, 'theirs.zip'), 'my-data.json'], { encoding: 'utf8' });
        assert.match(theirJson, /Tamsin/);
        assert.ok(!theirJson.includes(email) && !theirJson.includes('Aroha'), "another person's download never holds mine");
        for (const pdf of ['my-staying-well-and-crisis-plan.pdf', 'my-crisis-card.pdf', 'my-safety-plan.pdf'])
          assert.equal(
            readFileSync(join(dir, 'out', pdf))
              .subarray(0, 5)
              .toString(),
            '%PDF-',
          );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('deleting my account', () => {
    test('asks for the password, says what is kept, removes everything personal; the audit chain still verifies and sign-in fails', async () => {
      const name = 'Morwenna Trevithick';
      const { browser, email, password } = await newPerson(t.app, name);
      const planId = await planIdOf(browser);
      const secret = 'walking by the estuary at dawn helps me';
      const page = await browser.get('/account/delete');
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /What is kept, and why/);
      // Something the person wrote, so there is a plan to remove.
      assert.ok(planId);
      await t.services.db.execute(
        sql`update documents set content = ${JSON.stringify({ note: secret })}::jsonb where owner_id in (select id from accounts where email = ${email})`,
      );

      const [account] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
      const id = account?.id ?? '';
      const [had] = await t.database.db.select({ n: count() }).from(auditPersonal).where(eq(auditPersonal.accountId, id));
      assert.ok((had?.n ?? 0) > 0, 'their address was kept beside the chain');
      const wrong = await browser.post('/account/delete', { currentPassword: 'not-my-password' });
      assert.equal(wrong.statusCode, 400);
      assert.match(textOf(wrong.body), /current password/i);
      assert.match(await everyValue(), new RegExp(email.replace('.', '\\.')), 'a wrong password removes nothing');

      const done = await browser.post('/account/delete', { currentPassword: password });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/account-deleted');
      assert.ok(String(done.headers['clear-site-data'] ?? '').length > 0);
      const gone = await browser.get('/account');
      assert.notEqual(gone.statusCode, 200, 'signed out');

      const all = await everyValue();
      for (const personal of [email, name, secret]) assert.ok(!all.includes(personal), `${personal} is left in the database`);
      assert.equal((await t.services.audit.verify()).ok, true);
      const [left] = await t.database.db.select({ n: count() }).from(auditPersonal).where(eq(auditPersonal.accountId, id));
      assert.equal(left?.n, 0, 'no address of theirs is left beside the audit chain');

      const again = await new Browser(t.app).post('/sign-in', { email, password });
      assert.equal(again.statusCode, 400, 'sign-in fails');
    });

    test('another person is untouched by my deletion', async () => {
      const other = await newPerson(t.app, 'Ngozi');
      const me = await newPerson(t.app, 'Ola');
      await me.browser.post('/account/delete', { currentPassword: me.password });
      const home = await other.browser.get('/');
      assert.match(textOf(home.body), /Hello, Ngozi/);
    });

    test('signed out, the delete page and form ask to sign in and change nothing', async () => {
      const res = await new Browser(t.app).post('/account/delete', { currentPassword: 'x' });
      assert.notEqual(res.headers.location, '/account-deleted');
      assert.ok(res.statusCode < 500);
    });

    test('hostile input to the delete form never causes a 500 and never deletes', async () => {
      const { browser } = await newPerson(t.app);
      await fc.assert(
        fc.asyncProperty(hostileForm(['currentPassword']), async (form) => {
          const res = await browser.post('/account/delete', form);
          assert.ok(res.statusCode < 500, `${res.statusCode}`);
          assert.notEqual(res.headers.location, '/account-deleted');
        }),
        { numRuns: 20 },
      );
      assert.equal((await browser.get('/account')).statusCode, 200);
    });
  });
});
