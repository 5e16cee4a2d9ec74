import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents, authenticators, recoveryCodes } from '../../db/schema.ts';
import { Browser, newMember, newPerson, planIdOf, setUpAuthenticator, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { codeFor } from './authenticator.ts';
import { findByEmail } from './store.ts';

describe('features/accounts/authenticator.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const STEP = 30_000;

  /** A person with an authenticator app set up, signed out, and a fresh browser to sign in with. */
  async function personWithApp() {
    const made = await newPerson(t.app, 'Kai');
    const { secret, recoveryCodes: codes } = await setUpAuthenticator(t, made.browser);
    t.clock.advance(STEP);
    return { ...made, secret, codes, browser: new Browser(t.app) };
  }

  async function password(browser: Browser, email: string, pass: string) {
    return browser.post('/sign-in', { email, password: pass, next: '/account' });
  }

  /** Signed in with password and code, kept alive (idle limit 30 minutes), the last check 16 minutes old. */
  async function checkedSixteenMinutesAgo() {
    const made = await personWithApp();
    await password(made.browser, made.email, made.password);
    await made.browser.post('/sign-in/code', { code: codeFor(made.secret, t.clock.now()), next: '/' });
    t.clock.advance(8 * 60_000);
    await made.browser.get('/account');
    t.clock.advance(8 * 60_000);
    return made;
  }

  const actions = async (accountId: string) =>
    (await t.database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, accountId))).map(
      (r) => r.action,
    );

  describe('setting up an authenticator app', () => {
    test('shows a QR code and the key as text, and a right code turns it on with ten recovery codes', async () => {
      const { browser, email } = await newPerson(t.app, 'Ash');
      const page = await browser.get('/account/authenticator');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<img src="data:image\/svg\+xml;base64,[^"]+"[^>]*alt="QR code/);
      assert.match(page.body, /href="otpauth:\/\/totp\/Waymark:[^"]*secret=[A-Z2-7]{32}/);
      const { secret, recoveryCodes: codes } = await setUpAuthenticator(t, browser);
      assert.match(secret, /^[A-Z2-7]{32}$/);
      assert.equal(codes.length, 10);
      assert.equal(new Set(codes).size, 10);
      const account = await findByEmail(t.database.db, email);
      const [row] = await t.database.db
        .select()
        .from(authenticators)
        .where(eq(authenticators.accountId, account?.id ?? ''));
      assert.ok(row?.confirmedAt);
      assert.ok(!row.secretSealed.includes(secret), 'the key rests sealed');
      const stored = await t.database.db
        .select()
        .from(recoveryCodes)
        .where(eq(recoveryCodes.accountId, account?.id ?? ''));
      assert.ok(
        stored.every((r) => !codes.includes(r.codeHash)),
        'recovery codes rest hashed',
      );
      assert.ok((await actions(account?.id ?? '')).includes('authenticator.set-up'));
      assert.match(textOf((await browser.get('/account')).body), /Set up: we ask for a code when you sign in/);
    });

    test('a wrong, empty or huge code is refused with a clear message and the same key shown again', async () => {
      const { browser } = await newPerson(t.app, 'Bo');
      const first = await browser.get('/account/authenticator');
      const key = /<code id="secret"[^>]*>([A-Z2-7]+)</.exec(first.body)?.[1] ?? '';
      const setUp = /name="setUp" value="([^"]+)"/.exec(first.body)?.[1] ?? '';
      for (const [code, message] of [
        ['000000', /The code is not correct/],
        ['', /Enter the 6-digit code/],
        ['9'.repeat(5000), /Enter the 6-digit code/],
        ['<script>alert(1)</script>', /The code is not correct/],
      ] as const) {
        const res = await browser.post('/account/authenticator', { setUp, code });
        assert.equal(res.statusCode, 400, code.slice(0, 20));
        assert.match(textOf(res.body), message);
        assert.ok(res.body.includes(key), 'the same key, so the app already set up still works');
        assert.ok(!res.body.includes('<script>alert'));
      }
    });
  });

  describe('a set-up page', () => {
    test('saves nothing until a code proves the app has the key', async () => {
      const { browser, email } = await newPerson(t.app, 'Cy');
      await browser.get('/account/authenticator');
      const account = await findByEmail(t.database.db, email);
      assert.deepEqual(
        await t.database.db
          .select()
          .from(authenticators)
          .where(eq(authenticators.accountId, account?.id ?? '')),
        [],
      );
    });

    test("another account's key, or one over an hour old, is not accepted, even with its right code", async () => {
      const mine = await newPerson(t.app, 'Dee');
      const theirs = await newPerson(t.app, 'Eli');
      const page = await theirs.browser.get('/account/authenticator');
      const secret = /<code id="secret"[^>]*>([A-Z2-7]+)</.exec(page.body)?.[1] ?? '';
      const setUp = /name="setUp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
      const stolen = await mine.browser.post('/account/authenticator', { setUp, code: codeFor(secret, t.clock.now()) });
      assert.equal(stolen.statusCode, 400);
      assert.ok(!stolen.body.includes(secret), 'a new key is shown instead');
      // Kept signed in (a page every 20 minutes) until the key is over an hour old.
      for (let i = 0; i < 3; i++) {
        t.clock.advance(20 * 60_000);
        await theirs.browser.get('/account');
      }
      t.clock.advance(60_000);
      const late = await theirs.browser.post('/account/authenticator', { setUp, code: codeFor(secret, t.clock.now()) });
      assert.equal(late.statusCode, 400);
      assert.ok(!late.body.includes(secret), 'a new key is shown instead');
      const tampered = await theirs.browser.post('/account/authenticator', { setUp: 'x'.repeat(300), code: '123456' });
      assert.equal(tampered.statusCode, 400);
    });
  });

  describe('signing in with an authenticator app', () => {
    test('the password alone does not sign in: the code does, and goes where the person was going', async () => {
      const { browser, email, password: pass, secret } = await personWithApp();
      const first = await password(browser, email, pass);
      assert.equal(first.statusCode, 303);
      assert.match(first.headers.location ?? '', /^\/sign-in\/code\?next=%2Faccount/);
      assert.equal((await browser.get('/account')).statusCode, 303, 'not signed in yet');
      const page = await browser.get(first.headers.location ?? '');
      assert.equal(page.statusCode, 200);
      const done = await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/account' });
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/account');
      assert.equal((await browser.get('/account')).statusCode, 200);
    });

    test('a wrong code is refused, and written to the audit log', async () => {
      const { browser, email, password: pass } = await personWithApp();
      await password(browser, email, pass);
      const res = await browser.post('/sign-in/code', { code: '123456', next: '/' });
      assert.equal(res.statusCode, 400);
      assert.match(textOf(res.body), /The code is not correct/);
      assert.equal((await browser.get('/account')).statusCode, 303);
      const account = await findByEmail(t.database.db, email);
      assert.ok((await actions(account?.id ?? '')).includes('authenticator.code-failed'));
    });

    test('a code already used is refused within its window', async () => {
      const { browser, email, password: pass, secret } = await personWithApp();
      const code = codeFor(secret, t.clock.now());
      await password(browser, email, pass);
      assert.equal((await browser.post('/sign-in/code', { code, next: '/' })).statusCode, 303);
      const other = new Browser(t.app);
      await password(other, email, pass);
      const again = await other.post('/sign-in/code', { code, next: '/' });
      assert.equal(again.statusCode, 400);
      t.clock.advance(STEP);
      assert.equal((await other.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/' })).statusCode, 303);
    });

    test('a recovery code works once only, and its use is written to the audit log', async () => {
      const { browser, email, password: pass, codes } = await personWithApp();
      const code = (codes[0] ?? '').toUpperCase();
      await password(browser, email, pass);
      assert.equal((await browser.post('/sign-in/code', { code, next: '/' })).statusCode, 303);
      const other = new Browser(t.app);
      await password(other, email, pass);
      assert.equal((await other.post('/sign-in/code', { code, next: '/' })).statusCode, 400);
      const account = await findByEmail(t.database.db, email);
      assert.ok((await actions(account?.id ?? '')).includes('authenticator.recovery-code-used'));
    });

    test('a key that no longer opens (the service secret changed) leaves the recovery codes working, never a 500', async () => {
      const { browser, email, password: pass, secret, codes } = await personWithApp();
      const account = await findByEmail(t.database.db, email);
      await t.database.db
        .update(authenticators)
        .set({ secretSealed: 'sealed-with-another-secret' })
        .where(eq(authenticators.accountId, account?.id ?? ''));
      await password(browser, email, pass);
      assert.equal((await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/' })).statusCode, 400);
      assert.equal((await browser.post('/sign-in/code', { code: codes[1] ?? '', next: '/' })).statusCode, 303);
    });

    test('after three wrong codes the next try must wait, even with the right code', async () => {
      const { browser, email, password: pass, secret } = await personWithApp();
      await password(browser, email, pass);
      for (let i = 0; i < 3; i++) await browser.post('/sign-in/code', { code: '000000', next: '/' });
      const slowed = await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/' });
      assert.equal(slowed.statusCode, 400);
      assert.match(textOf(slowed.body), /Too many wrong codes/);
      t.clock.advance(STEP);
      assert.equal((await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/' })).statusCode, 303);
    });

    test('without a password given first, the code page sends the browser to sign in', async () => {
      const browser = new Browser(t.app);
      assert.equal((await browser.get('/sign-in/code')).headers.location, '/sign-in');
      const res = await browser.post('/sign-in/code', { code: '123456' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/sign-in');
    });

    test('bad input on the code form is a clear error, never a 500', async () => {
      const { browser, email, password: pass } = await personWithApp();
      await password(browser, email, pass);
      for (const code of ['', ' ', 'x'.repeat(100_000), '\u0000\u202e', '١٢٣٤٥٦']) {
        const res = await browser.post('/sign-in/code', { code, next: '//evil.example' });
        assert.equal(res.statusCode, 400, JSON.stringify(code.slice(0, 10)));
        assert.match(res.body, /nhsuk-error-summary/);
        assert.ok(!res.body.includes('evil.example'));
      }
    });
  });

  describe('asking again before sensitive changes', () => {
    test('changing the password asks for the code too, and refuses a wrong one', async () => {
      const { browser, email, password: pass, secret } = await personWithApp();
      await password(browser, email, pass);
      await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/' });
      t.clock.advance(STEP);
      const page = await browser.get('/account/change-password');
      assert.match(page.body, /name="code"/);
      const wrong = await browser.post('/account/change-password', {
        currentPassword: pass,
        newPassword: 'another-long-passphrase',
        code: '000000',
      });
      assert.equal(wrong.statusCode, 400);
      assert.match(textOf(wrong.body), /The code is not correct/);
      const missing = await browser.post('/account/change-password', { currentPassword: pass, newPassword: 'another-long-passphrase' });
      assert.match(textOf(missing.body), /Enter the 6-digit code/);
      t.clock.advance(STEP * 10);
      const right = await browser.post('/account/change-password', {
        currentPassword: pass,
        newPassword: 'another-long-passphrase',
        code: codeFor(secret, t.clock.now()),
      });
      assert.equal(right.statusCode, 303);
    });

    test('deleting the account asks for the code too, and keeps the account on a wrong one', async () => {
      const { browser, email, password: pass, secret } = await personWithApp();
      await password(browser, email, pass);
      await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/' });
      t.clock.advance(STEP);
      assert.match((await browser.get('/account/delete')).body, /name="code"/);
      const wrong = await browser.post('/account/delete', { currentPassword: pass, code: '000000' });
      assert.equal(wrong.statusCode, 400);
      assert.ok(await findByEmail(t.database.db, email));
      const right = await browser.post('/account/delete', { currentPassword: pass, code: codeFor(secret, t.clock.now()) });
      assert.equal(right.headers.location, '/account-deleted');
      assert.equal(await findByEmail(t.database.db, email), undefined);
    });

    test('a password reset does not sign in past the app: the code is asked next', async () => {
      const { browser, email, secret } = await personWithApp();
      await browser.post('/forgotten-password', { email });
      const message = await t.services.jobs.takeQueuedEmail((m) => m.to === email && m.template === 'password-reset');
      const link = new URL(message?.personalisation.link ?? 'http://x/').pathname;
      const reset = await browser.post(link, { newPassword: 'a-brand-new-passphrase' });
      assert.equal(reset.headers.location, '/sign-in/code');
      assert.equal((await browser.get('/account')).statusCode, 303);
      assert.equal((await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()) })).statusCode, 303);
      assert.equal((await browser.get('/account')).statusCode, 200);
    });

    test('turning the app off asks nothing more within 15 minutes of the last check', async () => {
      const { browser, email, password: pass, secret } = await personWithApp();
      await password(browser, email, pass);
      await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()), next: '/' });
      const page = await browser.get('/account/authenticator/turn-off');
      assert.doesNotMatch(page.body, /name="currentPassword"/);
      const off = await browser.post('/account/authenticator/turn-off', {});
      assert.equal(off.headers.location, '/account?authenticatorOff=1');
      const account = await findByEmail(t.database.db, email);
      assert.ok((await actions(account?.id ?? '')).includes('authenticator.turned-off'));
      assert.match((await browser.get('/account/authenticator')).body, /id="secret"/);
    });

    test('after 15 minutes, turning the app off and changing email ask for the password and code again', async () => {
      const { browser, password: pass, secret } = await checkedSixteenMinutesAgo();
      assert.match((await browser.get('/account/email')).body, /name="code"/);
      const page = await browser.get('/account/authenticator/turn-off');
      assert.match(page.body, /name="currentPassword"/);
      const refused = await browser.post('/account/authenticator/turn-off', {});
      assert.equal(refused.statusCode, 400);
      assert.match(textOf(refused.body), /Enter your current password/);
      const wrong = await browser.post('/account/authenticator/turn-off', {
        currentPassword: 'not-it',
        code: codeFor(secret, t.clock.now()),
      });
      assert.match(textOf(wrong.body), /Your current password is not correct/);
      const right = await browser.post('/account/authenticator/turn-off', { currentPassword: pass, code: codeFor(secret, t.clock.now()) });
      assert.equal(right.statusCode, 303);
    });

    test('changing email after 15 minutes refuses a missing code, keeping the address typed', async () => {
      const { browser, password: pass } = await checkedSixteenMinutesAgo();
      const res = await browser.post('/account/email', { email: 'new-kai@example.org', currentPassword: pass, code: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /value="new-kai@example.org"/);
      assert.match(textOf(res.body), /Enter the 6-digit code/);
    });

    test('changing email with a wrong password does not use up the good code given with it', async () => {
      const { browser, password: pass, secret } = await checkedSixteenMinutesAgo();
      const code = codeFor(secret, t.clock.now());
      const wrong = await browser.post('/account/email', { email: 'new-kai@example.org', currentPassword: 'not-it', code });
      assert.equal(wrong.statusCode, 400);
      assert.match(textOf(wrong.body), /Your current password is not correct/);
      assert.match(wrong.body, /value="new-kai@example.org"/);
      const right = await browser.post('/account/email', { email: 'new-kai@example.org', currentPassword: pass, code });
      assert.equal(right.statusCode, 200);
      assert.match(textOf(right.body), /new-kai@example.org/);
    });
  });

  describe('supporters and admins', () => {
    test('a supporter without an authenticator app is sent to set one up from People I support', async () => {
      const { browser } = await newMember(t, 'supporter', 'Brookside', { authenticator: false });
      const res = await browser.get('/people');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/account/authenticator');
      await setUpAuthenticator(t, browser);
      assert.equal((await browser.get('/people')).statusCode, 200);
    });

    test('a person may turn it on, and their own plan never asks for it', async () => {
      const { browser } = await newPerson(t.app, 'Pat');
      const planId = await planIdOf(browser);
      assert.equal((await browser.get(`/plans/${planId}`)).statusCode, 200);
    });
  });
});
