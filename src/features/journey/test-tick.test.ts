import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newPerson, testApp, type TestApp } from '../../test/harness.ts';

describe('features/journey/test-tick.test.ts', () => {
  let on: TestApp;
  let off: TestApp;
  before(async () => {
    on = await testApp({ testReminderTick: true });
    off = await testApp();
  });
  after(async () => {
    await on.close();
    await off.close();
  });

  const tick = (t: TestApp, payload: unknown) =>
    t.app.inject({
      method: 'POST',
      url: '/test/reminders-tick',
      payload: JSON.stringify(payload),
      headers: { 'content-type': 'application/json' },
    });

  describe("the browser tests' reminder tick", () => {
    test('runs the reminder tick as at the moment given, leaving the service clock alone: before the time nothing, at it the email', async () => {
      // The test clock stands at 09:00 UTC on Monday 1 June 2026; a weekly reminder comes on Mondays at 7am UK time.
      const person = await newPerson(on.app, 'Robin');
      await person.browser.post('/check-in-reminders', { frequency: 'weekly', time: '07:00' });
      const before = await tick(on, { at: '2026-06-08T05:59:00Z' });
      assert.equal(before.statusCode, 200);
      assert.deepEqual(before.json(), { queued: 0 });
      assert.deepEqual((await tick(on, { at: '2026-06-08T06:01:00Z' })).json(), { queued: 1 });
      assert.deepEqual((await tick(on, { at: '2026-06-08T06:02:00Z' })).json(), { queued: 0 }, 'each slot once');
      const mail = (await on.outbox.read()).find((m) => m.to === person.email && m.template === 'check-in-reminder');
      assert.ok(mail);
      assert.equal(on.clock.now().toISOString(), '2026-06-01T09:00:00.000Z');
    });

    test('anything but a moment is refused, never a 500', async () => {
      for (const payload of [{}, { at: 'tomorrow' }, { at: 5 }, [], 'x'])
        assert.equal((await tick(on, payload)).statusCode, 400, JSON.stringify(payload));
    });

    test('without TEST_REMINDER_TICK there is no such address', async () => {
      // Any POST the site does not know is refused (for want of a form token, before it is found missing).
      const res = await tick(off, { at: '2026-06-08T06:01:00Z' });
      assert.ok([403, 404].includes(res.statusCode), String(res.statusCode));
      assert.doesNotMatch(res.body, /queued/);
      assert.equal(off.app.hasRoute({ method: 'POST', url: '/test/reminders-tick' }), false);
    });
  });
});
