import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents } from '../../db/schema.ts';
import { deviceOf } from '../../platform/sessions.ts';
import { Browser, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';

describe('features/accounts/sessions.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  describe('where I am signed in', () => {
    test('lists every device signed in now, marks this one, and signs out every other device', async () => {
      const { browser, email, password } = await newPerson(t.app, 'Sol');
      const phone = new Browser(t.app);
      assert.equal((await phone.post('/sign-in', { email, password })).statusCode, 303);
      const page = await browser.get('/account/sessions');
      assert.equal(page.statusCode, 200);
      const text = textOf(page.body);
      assert.equal(text.match(/Signed in /g)?.length, 2);
      assert.match(text, /\(this device\)/);
      const ended = await browser.post('/account/sessions/sign-out-others');
      assert.equal(ended.headers.location, '/account/sessions?ended=1');
      assert.match(
        textOf((await browser.get('/account/sessions?ended=1')).body),
        /Every other device has been signed out.*signed in on this device only/,
      );
      assert.equal((await phone.get('/account')).statusCode, 303, 'the other device is signed out');
      assert.equal((await browser.get('/account')).statusCode, 200, 'this one stays');
      const rows = await t.database.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(eq(auditEvents.action, 'sessions.others-ended'));
      assert.equal(rows.length, 1);
    });

    test('a session past its idle time is not listed', async () => {
      const { browser, email, password } = await newPerson(t.app, 'Tam');
      const old = new Browser(t.app);
      await old.post('/sign-in', { email, password });
      t.clock.advance(20 * 60_000);
      await browser.get('/account');
      t.clock.advance(20 * 60_000);
      assert.equal(textOf((await browser.get('/account/sessions')).body).match(/Signed in /g)?.length, 1);
    });

    test('names a browser in a few words, or not at all', () => {
      assert.equal(deviceOf('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'), 'Firefox on Windows');
      assert.equal(
        deviceOf(
          'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
        ),
        'Safari on iOS',
      );
      assert.equal(
        deviceOf('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'),
        'Chrome on Android',
      );
      assert.equal(deviceOf('<script>alert(1)</script>'), null);
      assert.equal(deviceOf(undefined), null);
    });
  });
});
