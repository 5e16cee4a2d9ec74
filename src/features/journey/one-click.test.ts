import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { auditEvents, reminderSettings } from '../../db/schema.ts';
import { findByEmail } from '../accounts/store.ts';
import { newPerson, testApp, type TestApp } from '../../test/harness.ts';
import { multipartFields } from './one-click.ts';
import { queueDueReminders } from './reminders.ts';

describe('features/journey/one-click.test.ts', () => {
  let t: TestApp;
  const HOUR = 60 * 60 * 1000;
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
  const ONE_CLICK = 'List-Unsubscribe=One-Click';

  interface Reminded {
    accountId: string;
    /** The path in the List-Unsubscribe header of their reminder, as the outbox file holds it. */
    oneClick: string;
  }
  const people: Reminded[] = [];

  before(async () => {
    // The test clock starts at 09:00 UTC on Monday 1 June 2026; reminders at 7pm UK time (18:00 UTC).
    t = await testApp();
    for (const name of ['Robin', 'Kai', 'Ade', 'Lou']) {
      const person = await newPerson(t.app, name);
      await person.browser.post('/check-in-reminders', { frequency: 'daily', time: '19:00', reviewReminder: 'yes' });
      people.push({ accountId: (await findByEmail(t.database.db, person.email))?.id ?? '', oneClick: person.email });
    }
    t.clock.advance(9 * HOUR + 5 * 60 * 1000);
    await queueDueReminders({
      db: t.database.db,
      clock: t.clock,
      jobs: t.services.jobs,
      signer: t.services.signer,
      baseUrl: 'https://waymark.test',
    });
    const mails = await t.outbox.read();
    for (const p of people) {
      const header = mails.find((m) => m.to === p.oneClick && m.template === 'check-in-reminder')?.headers?.['List-Unsubscribe'] ?? '';
      p.oneClick = new URL(/^<(.+)>$/.exec(header)?.[1] ?? 'http://x/none').pathname;
    }
  });
  after(async () => t.close());

  const settingsOf = async (accountId: string) =>
    (await t.database.db.select().from(reminderSettings).where(eq(reminderSettings.accountId, accountId)))[0];
  const stoppedEvents = async (accountId: string) =>
    (await t.database.db.select().from(auditEvents).where(eq(auditEvents.action, 'reminders.stopped'))).filter(
      (e) => e.ownerId === accountId,
    );
  /** As a mail client sends it: no cookies, no CSRF token. */
  const post = (url: string, payload: string, headers: Record<string, string> = FORM) =>
    t.app.inject({ method: 'POST', url, payload, headers });

  describe('one-click unsubscribe (RFC 8058)', () => {
    test('each reminder carries List-Unsubscribe with the one-click address, and List-Unsubscribe-Post', async () => {
      const mail = (await t.outbox.read()).find((m) => m.template === 'check-in-reminder');
      assert.match(mail?.headers?.['List-Unsubscribe'] ?? '', /^<https:\/\/waymark\.test\/reminders\/one-click\/[^/>]+>$/);
      assert.equal(mail?.headers?.['List-Unsubscribe-Post'], ONE_CLICK);
      for (const p of people) assert.match(p.oneClick, /^\/reminders\/one-click\/[0-9a-f-]{36}\.[\w-]+$/);
    });

    test('the POST a mail client sends turns every reminder off, answers 200 with no page, and again changes nothing', async () => {
      const [robin] = people;
      assert.ok(robin);
      const res = await post(robin.oneClick, ONE_CLICK);
      assert.equal(res.statusCode, 200);
      assert.equal(res.body, '');
      assert.equal(res.headers['set-cookie'], undefined);
      const row = await settingsOf(robin.accountId);
      assert.ok(row);
      assert.equal(row.frequency, 'never');
      assert.equal(row.reviewReminder, false);
      assert.equal((await stoppedEvents(robin.accountId)).length, 1, 'the person can see it happened');
      assert.equal((await post(robin.oneClick, ONE_CLICK)).statusCode, 200);
      assert.equal((await stoppedEvents(robin.accountId)).length, 1, 'a repeat records nothing more');
    });

    test('a multipart/form-data POST, as RFC 8058 says a client should send it, works too', async () => {
      const kai = people[1];
      assert.ok(kai);
      const boundary = '----waymark7MA4YWxkTrZu0gW';
      const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
      const res = await post(kai.oneClick, body, { 'content-type': `multipart/form-data; boundary=${boundary}` });
      assert.equal(res.statusCode, 200);
      assert.equal((await settingsOf(kai.accountId))?.frequency, 'never');
    });

    test('a changed or made-up token is 404 and changes nothing', async () => {
      const ade = people[2];
      assert.ok(ade);
      const good = ade.oneClick;
      const [other] = people;
      for (const bad of [
        `${good}x`,
        good.replace(/\.[^.]+$/, '.AAAA'),
        good.replace(/one-click\/[0-9a-f-]{36}/, `one-click/${randomUUID()}`),
        // Someone else's signature on Ade's id.
        good.replace(/\.[^.]+$/, other?.oneClick.replace(/^.*\./, '.') ?? ''),
        '/reminders/one-click/nonsense',
      ]) {
        assert.equal((await post(bad, ONE_CLICK)).statusCode, 404, bad);
        assert.equal((await t.app.inject({ method: 'GET', url: bad })).statusCode, 404, bad);
      }
      assert.equal((await settingsOf(ade.accountId))?.frequency, 'daily');
      assert.equal((await stoppedEvents(ade.accountId)).length, 0);
    });

    test('without List-Unsubscribe=One-Click in the body it is refused, and opening the address only leads to the button', async () => {
      const lou = people[3];
      assert.ok(lou);
      for (const body of ['', 'List-Unsubscribe=Yes', 'unsubscribe=One-Click', '_csrf=x'])
        assert.equal((await post(lou.oneClick, body)).statusCode, 400, body);
      const opened = await t.app.inject({ method: 'GET', url: lou.oneClick });
      assert.equal(opened.statusCode, 303);
      assert.equal(opened.headers.location, lou.oneClick.replace('/one-click/', '/stop/'));
      assert.equal((await settingsOf(lou.accountId))?.frequency, 'daily');
    });

    test('no body, of any type, makes it fail with a 500', async () => {
      const lou = people[3];
      assert.ok(lou);
      await fc.assert(
        fc.asyncProperty(
          fc.string({ maxLength: 300 }),
          fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'multipart/form-data', 'text/plain'),
          async (body, type) => {
            const res = await post(lou.oneClick, body, { 'content-type': type });
            assert.ok(res.statusCode < 500, `${String(res.statusCode)} for ${type}: ${JSON.stringify(body)}`);
          },
        ),
        { numRuns: 60 },
      );
    });

    test('a multipart body gives its plain fields, and nothing without a boundary', () => {
      const body =
        '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b\r\ncontent-disposition: form-data; name="b"\r\n\r\ntwo\r\n--b--\r\n';
      assert.deepEqual(multipartFields(body, 'multipart/form-data; boundary=b'), { a: '1', b: 'two' });
      assert.deepEqual(multipartFields(body, 'multipart/form-data; boundary="b"'), { a: '1', b: 'two' });
      assert.deepEqual(multipartFields(body, 'multipart/form-data'), {});
    });
  });
});
