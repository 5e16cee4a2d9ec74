import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { withoutBidiControls } from '../../platform/phone.ts';
import { hostileForm, hostileText, kept, unescapeHtml } from '../../test/hostile.ts';
import { Browser, newPerson, signUp, testApp, type TestApp } from '../../test/harness.ts';

describe('features/accounts/hostile.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  describe('hostile input to the account forms never causes a 500', () => {
    const forms: [string, string, string[]][] = [
      ['create account', '/create-account', ['displayName', 'email', 'password']],
      ['sign in', '/sign-in', ['email', 'password', 'next']],
      ['forgotten password', '/forgotten-password', ['email']],
      ['reset password', '/reset-password/not-a-real-token', ['newPassword']],
    ];
    for (const [name, url, fields] of forms) {
      test(`the "${name}" form`, async () => {
        const browser = new Browser(t.app);
        await fc.assert(
          fc.asyncProperty(hostileForm(fields), async (form) => {
            const res = await browser.post(url, form);
            assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(form).slice(0, 200)}`);
            assert.doesNotMatch(res.body, /<script>alert/);
          }),
          { numRuns: 30 },
        );
      });
    }

    test('the "change password" form', async () => {
      const { browser } = await newPerson(t.app);
      await fc.assert(
        fc.asyncProperty(hostileForm(['currentPassword', 'newPassword']), async (form) => {
          const res = await browser.post('/account/change-password', form);
          assert.ok(res.statusCode < 500, `${res.statusCode}`);
        }),
        { numRuns: 20 },
      );
    });

    test('the name a person chooses comes back exactly, shown escaped', async () => {
      await fc.assert(
        // A one-line input cannot send line breaks, so names are compared without them.
        fc.asyncProperty(
          hostileText.filter((s) => withoutBidiControls(kept(s)).trim().length > 0 && s.length <= 200 && !/[\r\n]/.test(s)),
          async (name) => {
            const browser = new Browser(t.app);
            const email = `n${Math.random().toString(36).slice(2)}@example.org`;
            const res = await signUp(t.app, browser, { displayName: name, email, password: 'a-long-passphrase-here' });
            assert.equal(res.statusCode, 303);
            const page = (await browser.get('/account')).body;
            const shown =
              /<dt class="nhsuk-summary-list__key">\s*Name\s*<\/dt>\s*<dd class="nhsuk-summary-list__value">\s*([\s\S]*?)\s*<\/dd>/.exec(
                page,
              )?.[1] ?? '';
            // A name never keeps bidirectional controls (they could turn a number around).
            assert.equal(unescapeHtml(shown), withoutBidiControls(kept(name)).trim());
          },
        ),
        { numRuns: 15 },
      );
    });
  });
});
