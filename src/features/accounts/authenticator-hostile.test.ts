import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hostileForm } from '../../test/hostile.ts';
import { Browser, newPerson, setUpAuthenticator, testApp, type TestApp } from '../../test/harness.ts';
import { codeFor } from './authenticator.ts';

describe('features/accounts/authenticator-hostile.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  /** A person with an app, signed in with their code, whose last check is 16 minutes old. */
  async function staleSession(): Promise<Browser> {
    const made = await newPerson(t.app, 'Hostile');
    const { secret } = await setUpAuthenticator(t, made.browser);
    t.clock.advance(30_000);
    const browser = new Browser(t.app);
    await browser.post('/sign-in', { email: made.email, password: made.password });
    await browser.post('/sign-in/code', { code: codeFor(secret, t.clock.now()) });
    t.clock.advance(8 * 60_000);
    await browser.get('/account');
    t.clock.advance(8 * 60_000);
    return browser;
  }

  async function hostile(browser: Browser, url: string, fields: string[]): Promise<void> {
    await fc.assert(
      fc.asyncProperty(hostileForm(fields), async (form) => {
        const res = await browser.post(url, form);
        assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(form).slice(0, 200)}`);
        assert.doesNotMatch(res.body, /<script>alert/);
      }),
      { numRuns: 20 },
    );
  }

  describe('hostile input to the authenticator forms never causes a 500', () => {
    test('the sign-in code form', async () => {
      const made = await newPerson(t.app, 'Hostile');
      await setUpAuthenticator(t, made.browser);
      const browser = new Browser(t.app);
      await browser.post('/sign-in', { email: made.email, password: made.password });
      await hostile(browser, '/sign-in/code', ['code', 'next']);
    });

    test('the set-up form', async () => {
      const { browser } = await newPerson(t.app, 'Hostile');
      await hostile(browser, '/account/authenticator', ['code']);
    });

    for (const [url, fields] of [
      ['/account/authenticator/turn-off', ['currentPassword', 'code']],
      ['/account/change-password', ['currentPassword', 'newPassword', 'code']],
      ['/account/delete', ['currentPassword', 'code']],
      ['/account/email', ['email', 'currentPassword', 'code']],
    ] as const) {
      test(`the ${url} form, asking for the code`, async () => {
        await hostile(await staleSession(), url, [...fields]);
      });
    }
  });
});
