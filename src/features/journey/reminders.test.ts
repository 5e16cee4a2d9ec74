import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents, reminderSettings } from '../../db/schema.ts';
import { findByEmail } from '../accounts/store.ts';
import { Browser, newPerson, planIdOf, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { queueDueReminders } from './reminders.ts';
import { createServices } from '../../services.ts';

describe('features/journey/reminders.test.ts', () => {
  let t: TestApp;
  let person: Awaited<ReturnType<typeof newPerson>>;
  let accountId = '';
  const HOUR = 60 * 60 * 1000;

  before(async () => {
    // The test clock starts at 09:00 UTC on Monday 1 June 2026 (10am in the UK).
    t = await testApp();
    person = await newPerson(t.app, 'Robin');
    accountId = (await findByEmail(t.database.db, person.email))?.id ?? '';
  });
  after(async () => t.close());

  const deps = (app: TestApp = t) => ({
    db: app.database.db,
    clock: app.clock,
    jobs: app.services.jobs,
    signer: app.services.signer,
    baseUrl: 'https://waymark.test',
  });
  const reminders = async () => (await t.outbox.read()).filter((m) => m.template === 'check-in-reminder');

  describe('choosing reminders', () => {
    test('with none set, the page says so', async () => {
      const res = await person.browser.get('/check-in-reminders');
      assert.equal(res.statusCode, 200);
      assert.match(textOf(res.body), /You have no reminders set/);
    });

    test('a daily reminder at 7pm shows when the next one comes, in UK time', async () => {
      const res = await person.browser.post('/check-in-reminders', { frequency: 'daily', time: '19:00' });
      assert.equal(res.statusCode, 303);
      assert.match(textOf((await person.browser.get('/check-in-reminders')).body), /Your next reminder: 1 June 2026 at 7pm/);
    });

    test('bad choices are refused with the error summary, never a 500', async () => {
      const forms: Record<string, string | string[]>[] = [
        { frequency: 'hourly', time: '19:00' },
        { frequency: 'daily', time: '25:00' },
        { frequency: 'daily', time: '19:00', quietDays: ['9'] },
        { frequency: 'daily', time: '19:00', quietDays: ['1', '2', '3', '4', '5', '6', '7'] },
        { frequency: ['daily', 'weekly'], time: ['<script>', '19:00'] },
      ];
      for (const form of forms) {
        const res = await person.browser.post('/check-in-reminders', form);
        assert.equal(res.statusCode, 400, JSON.stringify(form));
        assert.match(res.body, /nhsuk-error-summary/);
      }
    });
  });

  describe('sending reminders', () => {
    test('nothing is due before the time', async () => {
      assert.equal(await queueDueReminders(deps()), 0);
    });

    test('at the time, one email goes, with no plan content, a check-in link and an unsubscribe link; never twice, even with two workers', async () => {
      t.clock.advance(9 * HOUR + 5 * 60 * 1000); // 18:05 UTC: 7:05pm in the UK
      const both = await Promise.all([queueDueReminders(deps()), queueDueReminders(deps())]);
      assert.equal(both[0] + both[1], 1);
      assert.equal(await queueDueReminders(deps()), 0);
      await t.services.jobs.remindersNow();
      const sent = await reminders();
      assert.equal(sent.length, 1);
      const [mail] = sent;
      assert.ok(mail);
      assert.equal(mail.to, person.email);
      assert.equal(mail.personalisation.link, 'https://waymark.test/check-in');
      assert.match(mail.personalisation.unsubscribe ?? '', /^https:\/\/waymark\.test\/reminders\/stop\/[^/]+$/);
      assert.deepEqual(Object.keys(mail.personalisation).sort(), ['link', 'name', 'unsubscribe']);
    });

    test('a worker started after a restart, beside the first, finds the slot already taken', async () => {
      const second = await createServices({
        database: t.database,
        clock: t.clock,
        notify: { sendEmail: () => Promise.reject(new Error('the second worker must send nothing')) },
        config: { secureCookies: true, sessionSecret: 'test-secret-test-secret-test-secret-00', baseUrl: 'https://waymark.test' },
      });
      try {
        await second.handlers.reminders();
        assert.equal(await second.jobs.runDue(second.handlers), 0);
      } finally {
        await second.jobs.stop();
      }
      assert.equal((await reminders()).length, 1);
    });

    test('the next day, the next reminder goes', async () => {
      t.clock.advance(24 * HOUR);
      await t.services.jobs.remindersNow();
      assert.equal((await reminders()).length, 2);
    });
  });

  describe('the unsubscribe link', () => {
    const path = async () => new URL((await reminders())[0]?.personalisation.unsubscribe ?? '').pathname;

    test('opening it changes nothing: it shows one button', async () => {
      const visitor = new Browser(t.app);
      const res = await visitor.get(await path());
      assert.equal(res.statusCode, 200);
      assert.match(res.body, /Stop my reminders/);
      const [row] = await t.database.db.select().from(reminderSettings).where(eq(reminderSettings.accountId, accountId));
      assert.equal(row?.frequency, 'daily');
    });

    test('a changed link is refused', async () => {
      const visitor = new Browser(t.app);
      const good = await path();
      for (const bad of [
        `${good}x`,
        good.replace(/\.[^.]+$/, '.AAAA'),
        good.replace(/stop\/[0-9a-f-]{36}/, `stop/${randomUUID()}`),
        '/reminders/stop/nonsense',
      ]) {
        assert.equal((await visitor.get(bad)).statusCode, 404, bad);
        assert.equal((await visitor.post(bad)).statusCode, 404, bad);
      }
    });

    test('the button stops every reminder, without signing in', async () => {
      const visitor = new Browser(t.app);
      const url = await path();
      await visitor.get(url);
      const res = await visitor.post(url);
      assert.equal(res.statusCode, 200);
      assert.match(textOf(res.body), /Reminders stopped/);
      const [row] = await t.database.db.select().from(reminderSettings).where(eq(reminderSettings.accountId, accountId));
      assert.ok(row);
      assert.equal(row.frequency, 'never');
      assert.equal(row.reviewReminder, false);
      const [audit] = await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'reminders.stopped'));
      assert.equal(audit?.ownerId, accountId);
      t.clock.advance(24 * HOUR);
      assert.equal(await queueDueReminders(deps()), 0);
    });
  });

  describe("the plan's review date", () => {
    test('a week before it, at the chosen time, one reminder goes, saying nothing of the plan', async () => {
      // The clock is now 18:05 UTC on Wednesday 3 June 2026 (7:05pm in the UK).
      const reviewer = await newPerson(t.app, 'Kai');
      const planId = await planIdOf(reviewer.browser);
      assert.equal(
        (await reviewer.browser.post(`/plans/${planId}/review`, { day: '10', month: '6', year: '2026', rev: '0' })).statusCode,
        303,
      );
      await reviewer.browser.post('/check-in-reminders', { frequency: 'never', time: '19:00', reviewReminder: 'yes' });
      const before = (await t.outbox.read()).length;
      assert.equal(await queueDueReminders(deps()), 1);
      assert.equal(await queueDueReminders(deps()), 0);
      const mails = (await t.outbox.read()).slice(before);
      assert.equal(mails.length, 1);
      const [mail] = mails;
      assert.ok(mail);
      assert.equal(mail.template, 'review-reminder');
      assert.equal(mail.to, reviewer.email);
      assert.doesNotMatch(JSON.stringify(mails[0]), /10 June|2026-06-10/);
    });
  });

  describe('a reminder chosen after its time of day', () => {
    let late: TestApp;
    before(async () => {
      late = await testApp();
    });
    after(async () => late.close());

    test('does not come at once, but at the next slot the page gave', async () => {
      // 10am in the UK; the person asks for a daily reminder at 9am, an hour ago.
      const someone = await newPerson(late.app, 'Ash');
      assert.equal((await someone.browser.post('/check-in-reminders', { frequency: 'daily', time: '09:00' })).statusCode, 303);
      assert.match(textOf((await someone.browser.get('/check-in-reminders')).body), /Your next reminder: 2 June 2026 at 9am/);
      assert.equal(await queueDueReminders(deps(late)), 0);
      late.clock.advance(24 * HOUR);
      assert.equal(await queueDueReminders(deps(late)), 1);
    });
  });
});
