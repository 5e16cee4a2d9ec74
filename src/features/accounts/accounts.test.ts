import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditEvents } from '../../db/schema.ts';
import { ABSOLUTE_MS, IDLE_MS } from '../../platform/sessions.ts';
import { Browser, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';

describe('features/accounts/accounts.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  describe('creating an account', () => {
    test('signs the person in and greets them by the name they chose', async () => {
      const { browser } = await newPerson(t.app, 'Jo');
      const home = await browser.get('/');
      assert.match(textOf(home.body), /Hello, Jo/);
    });

    test('a short or common password is refused with a clear message, keeping the name and email typed', async () => {
      const browser = new Browser(t.app);
      const short = await browser.post('/create-account', { displayName: 'Kim <b>', email: 'kim@example.org', password: 'abc' });
      assert.equal(short.statusCode, 400);
      assert.match(short.body, /Password must be at least 8 characters/);
      assert.match(short.body, /value="Kim &lt;b&gt;"/);
      assert.match(short.body, /value="kim@example.org"/);
      const common = await browser.post('/create-account', { displayName: 'Kim', email: 'kim@example.org', password: 'password123' });
      assert.match(common.body, /too common/);
    });

    test('a password of 64 characters is accepted', async () => {
      const browser = new Browser(t.app);
      const res = await browser.post('/create-account', {
        displayName: 'Lee',
        email: 'lee64@example.org',
        password: 'x'.repeat(40) + 'y'.repeat(24),
      });
      assert.equal(res.statusCode, 200);
      assert.match(textOf(res.body), /Check your email/);
    });

    test('a badly formed email gets the error summary and a message by the field', async () => {
      const res = await new Browser(t.app).post('/create-account', {
        displayName: 'Lee',
        email: 'not-an-email',
        password: 'a-fine-passphrase',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /nhsuk-error-summary/);
      assert.match(res.body, /href="#email"/);
    });
  });

  describe('signing in', () => {
    test('wrong password and unknown email get the same generic message', async () => {
      const { email } = await newPerson(t.app);
      const wrong = await new Browser(t.app).post('/sign-in', { email, password: 'not-the-password' });
      const unknown = await new Browser(t.app).post('/sign-in', { email: 'nobody-here@example.org', password: 'not-the-password' });
      assert.equal(wrong.statusCode, 400);
      assert.equal(unknown.statusCode, 400);
      const message = (html: string) => /<ul class="nhsuk-list nhsuk-error-summary__list">([\s\S]*?)<\/ul>/.exec(html)?.[1];
      assert.equal(message(wrong.body), message(unknown.body));
      assert.match(wrong.body, /Enter a correct email address and password/);
    });

    test('the session id changes at sign-in', async () => {
      const { browser, email, password } = await newPerson(t.app);
      const oldValue = browser.cookie('__Host-waymark-session');
      assert.ok(oldValue);
      await browser.post('/sign-in', { email, password });
      const newValue = browser.cookie('__Host-waymark-session');
      assert.ok(newValue);
      assert.notEqual(newValue, oldValue);
      assert.equal((await browser.get('/account')).statusCode, 200);
      const reuse = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: `__Host-waymark-session=${oldValue}` } });
      assert.equal(reuse.statusCode, 303);
    });

    test('the session cookie is __Host-, HttpOnly, Secure and SameSite=Lax', async () => {
      const { email, password } = await newPerson(t.app);
      const res = await new Browser(t.app).post('/sign-in', { email, password });
      const header = String(res.headers['set-cookie']);
      assert.match(header, /__Host-waymark-session=[^;]+; Path=\/; HttpOnly; Secure; SameSite=Lax/);
    });

    test('signing in sends the person on to the page they asked for, never to another site', async () => {
      const { email, password } = await newPerson(t.app);
      const ok = await new Browser(t.app).post('/sign-in', { email, password, next: '/account' });
      assert.equal(ok.headers.location, '/account');
      const evil = await new Browser(t.app).post('/sign-in', { email, password, next: '//evil.example/' });
      assert.equal(evil.headers.location, '/');
    });
  });

  describe('sessions end', () => {
    test('after sign-out the old session cookie no longer works', async () => {
      const { browser } = await newPerson(t.app);
      const cookie = `__Host-waymark-session=${browser.cookie('__Host-waymark-session') ?? ''}`;
      await browser.post('/sign-out');
      const again = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie } });
      assert.equal(again.statusCode, 303);
      assert.match(again.headers.location ?? '', /^\/sign-in/);
    });

    test('after 30 minutes idle the person is asked to sign in again', async () => {
      const { browser } = await newPerson(t.app);
      t.clock.advance(IDLE_MS + 1000);
      const res = await browser.get('/account');
      assert.equal(res.statusCode, 303);
    });

    test('activity keeps a session alive, but never beyond 12 hours', async () => {
      const { browser } = await newPerson(t.app);
      for (let elapsed = 0; elapsed < ABSOLUTE_MS - 20 * 60 * 1000; elapsed += 20 * 60 * 1000) {
        t.clock.advance(20 * 60 * 1000);
        assert.equal((await browser.get('/account')).statusCode, 200);
      }
      t.clock.advance(40 * 60 * 1000 - 1000);
      assert.equal((await browser.get('/account')).statusCode, 303);
    });
  });

  describe('changing a password', () => {
    test('needs the current password, and signs out other devices', async () => {
      const { browser, email, password } = await newPerson(t.app);
      const other = new Browser(t.app);
      await other.post('/sign-in', { email, password });
      assert.equal((await other.get('/account')).statusCode, 200);

      const wrong = await browser.post('/account/change-password', {
        currentPassword: 'nope-nope-nope',
        newPassword: 'brand-new-passphrase',
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(wrong.body, /current password is not correct/);

      const ok = await browser.post('/account/change-password', { currentPassword: password, newPassword: 'brand-new-passphrase' });
      assert.equal(ok.statusCode, 303);
      assert.equal((await browser.get('/account')).statusCode, 200);
      assert.equal((await other.get('/account')).statusCode, 303);
      const signIn = await new Browser(t.app).post('/sign-in', { email, password: 'brand-new-passphrase' });
      assert.equal(signIn.statusCode, 303);
    });
  });

  describe('forgotten password', () => {
    async function resetLinkFor(email: string): Promise<string> {
      await new Browser(t.app).post('/forgotten-password', { email });
      const mail = (await t.outbox.read()).filter((m) => m.to === email && m.template === 'password-reset').at(-1);
      assert.ok(mail, 'a reset email was sent');
      return new URL(mail.personalisation.link ?? '').pathname;
    }

    test('the same page shows whether or not the email has an account', async () => {
      const { email } = await newPerson(t.app);
      const known = await new Browser(t.app).post('/forgotten-password', { email });
      const unknown = await new Browser(t.app).post('/forgotten-password', { email: 'nobody-at-all@example.org' });
      assert.equal(known.statusCode, 200);
      assert.equal(textOf(known.body).replace(email, 'X'), textOf(unknown.body).replace('nobody-at-all@example.org', 'X'));
    });

    test('a reset link works once', async () => {
      const { email } = await newPerson(t.app);
      const link = await resetLinkFor(email);
      const browser = new Browser(t.app);
      assert.equal((await browser.get(link)).statusCode, 200);
      assert.equal((await browser.post(link, { newPassword: 'reset-passphrase-one' })).statusCode, 303);
      assert.equal((await new Browser(t.app).get(link)).statusCode, 404);
      assert.equal((await new Browser(t.app).post(link, { newPassword: 'reset-passphrase-two' })).statusCode, 404);
      assert.equal((await new Browser(t.app).post('/sign-in', { email, password: 'reset-passphrase-one' })).statusCode, 303);
    });

    test('a reset cancels every other open reset link of the account', async () => {
      const { email } = await newPerson(t.app);
      const older = await resetLinkFor(email);
      const newer = await resetLinkFor(email);
      assert.equal((await new Browser(t.app).post(newer, { newPassword: 'reset-passphrase-new' })).statusCode, 303);
      const stale = new Browser(t.app);
      assert.equal((await stale.get(older)).statusCode, 404);
      const res = await stale.post(older, { newPassword: 'reset-passphrase-old' });
      assert.equal(res.statusCode, 404);
      assert.equal(res.headers['set-cookie'], undefined, 'the old link signs nobody in');
      assert.equal((await new Browser(t.app).post('/sign-in', { email, password: 'reset-passphrase-new' })).statusCode, 303);
    });

    test('a change of password cancels every open reset link', async () => {
      const { browser, email, password } = await newPerson(t.app);
      const link = await resetLinkFor(email);
      assert.equal(
        (await browser.post('/account/change-password', { currentPassword: password, newPassword: 'changed-passphrase-now' })).statusCode,
        303,
      );
      assert.equal((await new Browser(t.app).post(link, { newPassword: 'reset-passphrase-after' })).statusCode, 404);
      assert.equal((await new Browser(t.app).post('/sign-in', { email, password: 'changed-passphrase-now' })).statusCode, 303);
    });

    test('a reset sends the "your password was changed" email', async () => {
      const { email } = await newPerson(t.app);
      const link = await resetLinkFor(email);
      assert.equal((await new Browser(t.app).post(link, { newPassword: 'reset-passphrase-told' })).statusCode, 303);
      const told = (await t.outbox.read()).filter((m) => m.to === email && m.template === 'password-changed');
      assert.equal(told.length, 1);
    });

    test('a reset link expires after an hour', async () => {
      const { email } = await newPerson(t.app);
      const link = await resetLinkFor(email);
      t.clock.advance(61 * 60 * 1000);
      const res = await new Browser(t.app).post(link, { newPassword: 'reset-passphrase-late' });
      assert.equal(res.statusCode, 404);
      assert.match(res.body, /expired or has been used/);
    });
  });

  describe('sign-in rate limit', () => {
    test('after too many tries the person is asked to wait, without a 500', async () => {
      const limited = await testApp({ signInLimit: { max: 3, timeWindow: '15 minutes' } });
      try {
        const browser = new Browser(limited.app);
        const codes: number[] = [];
        for (let i = 0; i < 5; i++)
          codes.push((await browser.post('/sign-in', { email: 'a@example.org', password: 'wrong-wrong' })).statusCode);
        assert.deepEqual(codes, [400, 400, 400, 429, 429]);
        assert.match((await browser.post('/sign-in', { email: 'a@example.org', password: 'x' })).body, /Too many tries/);
      } finally {
        await limited.close();
      }
    });
  });

  describe('the audit log of account events', () => {
    test('records sign-in success and failure, password changes and resets, and its chain holds', async () => {
      const { browser, email, password } = await newPerson(t.app);
      await new Browser(t.app).post('/sign-in', { email, password: 'not-it-at-all' });
      await new Browser(t.app).post('/sign-in', { email, password });
      await browser.post('/account/change-password', { currentPassword: password, newPassword: 'another-long-passphrase' });
      await new Browser(t.app).post('/forgotten-password', { email });
      const mail = (await t.outbox.read()).filter((m) => m.to === email && m.template === 'password-reset').at(-1);
      await new Browser(t.app).post(new URL(mail?.personalisation.link ?? 'x:/').pathname, { newPassword: 'yet-another-passphrase' });
      const rows = await t.database.db.select({ action: auditEvents.action }).from(auditEvents).orderBy(auditEvents.seq);
      const actions = rows.map((r) => r.action);
      for (const action of [
        'account.created',
        'sign-in.failure',
        'sign-in.success',
        'password.changed',
        'password.reset-requested',
        'password.reset',
      ]) {
        assert.ok(actions.includes(action), action);
      }
      assert.equal((await t.services.audit.verify()).ok, true);
    });
  });

  describe('where sign-in sends a person next', () => {
    test('never leaves the site, however the address is disguised', async () => {
      const { email, password } = await newPerson(t.app);
      for (const next of [
        '//evil.example/',
        '/\\evil.example',
        '/\t/evil.example',
        '/\n/evil.example',
        'https://evil.example/',
        '/%0a/x',
      ]) {
        const res = await new Browser(t.app).post('/sign-in', { email, password, next });
        assert.equal(res.statusCode, 303, JSON.stringify(next));
        const location = res.headers.location ?? '';
        assert.ok(location === '/' || location === '/%0a/x', `${JSON.stringify(next)} went to ${location}`);
        assert.equal(new URL(location, 'https://waymark.test').host, 'waymark.test');
      }
    });
  });
});
