import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { count, sql } from 'drizzle-orm';
import { passwordResets, sessions } from '../db/schema.ts';
import { Browser, newPerson, testApp, type TestApp } from '../test/harness.ts';
import type { EmailMessage, Notifier } from './notify.ts';
import { Sealer } from './sealed.ts';

describe('platform/jobs.test.ts', () => {
  /** An email transport that fails until told to work, as GOV.UK Notify might during an outage. */
  class FlakyNotifier implements Notifier {
    sent: EmailMessage[] = [];
    failing = true;
    sendEmail(message: EmailMessage): Promise<void> {
      if (this.failing) return Promise.reject(Object.assign(new Error(`cannot reach Notify for ${message.to}`), { code: 'ECONNRESET' }));
      this.sent.push(message);
      return Promise.resolve();
    }
  }

  const message = (to: string): EmailMessage => ({ to, template: 'password-changed', personalisation: { name: 'Robin' } });

  let t: TestApp;
  const flaky = new FlakyNotifier();
  before(async () => {
    t = await testApp({ notify: flaky });
  });
  after(async () => t.close());

  const runDue = () => t.services.jobs.runDue(t.services.handlers);

  describe('emails leave through the job queue', () => {
    test('a message is queued only if the change that caused it commits', async () => {
      flaky.failing = false;
      await t.database.db
        .transaction(async (tx) => {
          await t.services.jobs.sendEmail(tx, message('rolled-back@example.org'), 'test:rolled-back');
          throw new Error('the change failed');
        })
        .catch(() => undefined);
      await t.database.db.transaction((tx) => t.services.jobs.sendEmail(tx, message('committed@example.org'), 'test:committed'));
      await runDue();
      assert.deepEqual(
        flaky.sent.map((m) => m.to),
        ['committed@example.org'],
      );
    });

    test('one message key is never queued twice, however often the change is retried', async () => {
      flaky.failing = false;
      flaky.sent = [];
      for (let i = 0; i < 3; i++)
        await t.database.db.transaction((tx) => t.services.jobs.sendEmail(tx, message('once@example.org'), 'test:once'));
      await runDue();
      assert.equal(flaky.sent.length, 1);
    });

    test('a failed send never turns a saved change into an error page, and is retried until it is sent', async () => {
      flaky.failing = true;
      flaky.sent = [];
      const { browser, email, password } = await newPerson(t.app);
      const res = await browser.post('/account/change-password', { currentPassword: password, newPassword: 'a-new-and-longer-passphrase' });
      assert.equal(res.statusCode, 303);
      await runDue();
      assert.ok((await t.services.jobs.states('email')).includes('retry'), 'the message waits to be tried again');
      flaky.failing = false;
      // Retried after the queue's delay (a second in tests, doubling each time).
      for (let i = 0; i < 20 && flaky.sent.length === 0; i++) {
        await sleep(250);
        await runDue();
      }
      assert.deepEqual(
        flaky.sent.map((m) => [m.to, m.template]),
        [[email, 'password-changed']],
      );
    });

    test('the worker sends queued emails by itself', async () => {
      const worker = await testApp({ notify: flaky });
      try {
        flaky.failing = false;
        flaky.sent = [];
        await worker.services.jobs.work(worker.services.handlers);
        await worker.database.db.transaction((tx) => worker.services.jobs.sendEmail(tx, message('worker@example.org'), 'test:worker'));
        for (let i = 0; i < 40 && flaky.sent.length === 0; i++) await sleep(250);
        assert.deepEqual(
          flaky.sent.map((m) => m.to),
          ['worker@example.org'],
        );
        const schedules = await worker.database.db.execute(sql`select name from jobs.schedule`);
        assert.match(JSON.stringify(schedules), /purge/, 'the purge is on a schedule');
      } finally {
        await worker.close();
      }
    });
  });

  describe('the scheduled purge', () => {
    test('removes expired sessions and reset links, and keeps live ones', async () => {
      flaky.failing = false;
      const old = await newPerson(t.app);
      await old.browser.post('/forgotten-password', { email: old.email });
      t.clock.advance(13 * 60 * 60 * 1000);
      const live = await newPerson(t.app);
      await t.services.jobs.purgeNow();
      await runDue();
      const [left] = await t.database.db.select({ n: count() }).from(sessions);
      const [resets] = await t.database.db.select({ n: count() }).from(passwordResets);
      assert.equal(left?.n, 1, 'only the live session is left');
      assert.equal(resets?.n, 0);
      assert.equal((await live.browser.get('/account')).statusCode, 200);
    });
  });

  describe('a queued email at rest', () => {
    test('holds neither its address nor its link in readable form', async () => {
      flaky.failing = true;
      const { email } = await newPerson(t.app);
      await new Browser(t.app).post('/forgotten-password', { email });
      const token = 'reset-password/';
      const rows = await t.database.db.execute(sql`select data::text as data from jobs.job where name = 'email'`);
      const stored = JSON.stringify(rows);
      assert.match(stored, /sealed/);
      assert.ok(!stored.includes(email), 'no address');
      assert.ok(!stored.includes(token), 'no link');
      flaky.failing = false;
    });
  });

  describe('sealing', () => {
    test('opens what it sealed, and refuses anything tampered with or sealed with another secret', () => {
      const sealer = new Sealer('one secret');
      const sealed = sealer.seal({ to: 'a@example.org' });
      assert.deepEqual(sealer.open(sealed), { to: 'a@example.org' });
      const bytes = Buffer.from(sealed, 'base64url');
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
      const tampered = bytes.toString('base64url');
      assert.throws(() => sealer.open(tampered));
      assert.throws(() => new Sealer('another secret').open(sealed));
    });
  });
});
