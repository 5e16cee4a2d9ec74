import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hostileForm } from '../../test/hostile.ts';
import { Browser, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';

describe('features/accounts/sign-out.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const CLEAR = '"cache", "storage"';
  const KEPT_LINK =
    /<div class="waymark-kept-copy waymark-no-print" data-kept-copy hidden>\s*<a [^>]*href="\/my-crisis-plan\/kept">Open my crisis plan kept on this device<\/a>/;

  /** A signed-in person whose browser has fetched the copy kept on a device. */
  async function personWithCopy() {
    const made = await newPerson(t.app, 'Morgan');
    assert.equal((await made.browser.get('/my-crisis-plan/offline')).statusCode, 200);
    return made;
  }

  describe('choosing what happens to the kept copy when signing out', () => {
    test('the choice page asks whether to keep it, saying who could open it', async () => {
      const { browser } = await personWithCopy();
      const res = await browser.get('/sign-out/choose');
      assert.equal(res.statusCode, 200);
      const page = textOf(res.body);
      assert.match(page, /Keep your crisis plan on this device after you sign out\?/);
      assert.match(page, /Anyone using this browser can open it/);
      assert.match(res.body, /<input class="nhsuk-radios__input" id="copy" name="copy" type="radio" value="keep"/);
      assert.match(res.body, /name="choosing" value="yes"/);
      assert.equal((await browser.get('/account')).statusCode, 200, 'opening it changes nothing');
    });

    test('keeping it signs out without clearing the device, and the sign-in page says it is still kept', async () => {
      const { browser } = await personWithCopy();
      await browser.get('/sign-out/choose');
      const res = await browser.post('/sign-out', { choosing: 'yes', copy: 'keep' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/sign-in?signedOut=kept');
      assert.equal(res.headers['clear-site-data'], undefined);
      assert.equal((await browser.get('/account')).statusCode, 303, 'signed out');
      const signIn = await browser.get('/sign-in?signedOut=kept');
      assert.match(
        textOf(signIn.body),
        /You have signed out\. Your crisis plan is still kept on this device: anyone using this browser can open it\./,
      );
      assert.doesNotMatch(signIn.body, /data-signed-out/, 'the page must not clear the copy');
      assert.match(signIn.body, KEPT_LINK);
    });

    test('removing it signs out and clears the device, as the header form does', async () => {
      const { browser } = await personWithCopy();
      await browser.get('/sign-out/choose');
      const res = await browser.post('/sign-out', { choosing: 'yes', copy: 'remove' });
      assert.equal(res.headers.location, '/sign-in?signedOut=1');
      assert.equal(res.headers['clear-site-data'], CLEAR);
      assert.match((await browser.get('/sign-in?signedOut=1')).body, /data-signed-out/);
    });

    test('a form that says keep without coming from the choice page still clears the device', async () => {
      const { browser } = await personWithCopy();
      const res = await browser.post('/sign-out', { copy: 'keep' });
      assert.equal(res.headers['clear-site-data'], CLEAR);
    });

    test('no choice, or one not offered, is asked again with an error summary, still signed in', async () => {
      const { browser } = await personWithCopy();
      await browser.get('/sign-out/choose');
      for (const copy of [undefined, '', 'both', 'KEEP']) {
        const res = await browser.post('/sign-out', { choosing: 'yes', ...(copy === undefined ? {} : { copy }) });
        assert.equal(res.statusCode, 400, String(copy));
        assert.equal(res.headers['clear-site-data'], undefined);
        assert.match(res.body, /nhsuk-error-summary/);
        assert.match(res.body, /<a href="#copy">\s*Choose whether to keep your crisis plan on this device\s*<\/a>/);
        assert.match(res.body, /<title>Error: Keep your crisis plan/);
      }
      assert.equal((await browser.get('/account')).statusCode, 200);
    });

    test('hostile input never causes a 500', async () => {
      const browser = new Browser(t.app);
      await fc.assert(
        fc.asyncProperty(hostileForm(['choosing', 'copy']), async (form) => {
          const res = await browser.post('/sign-out', form);
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(form).slice(0, 200)}`);
          assert.doesNotMatch(res.body, /<script>alert/);
        }),
        { numRuns: 30 },
      );
    });

    /** Signs out keeping the copy, then signs in on the same browser as `who`. */
    async function keepThenSignIn(browser: Browser, who: { email: string; password: string }) {
      await browser.get('/sign-out/choose');
      await browser.post('/sign-out', { choosing: 'yes', copy: 'keep' });
      await browser.get('/sign-in');
      const res = await browser.post('/sign-in', { email: who.email, password: who.password });
      assert.equal(res.statusCode, 303);
      return res;
    }

    test('after keeping it, the next person to sign in on this browser clears it first', async () => {
      const owner = await personWithCopy();
      const other = await newPerson(t.app, 'Sam');
      assert.equal((await keepThenSignIn(owner.browser, other)).headers['clear-site-data'], CLEAR);
    });

    test('after keeping it, its owner signing in again keeps it', async () => {
      const owner = await personWithCopy();
      assert.equal((await keepThenSignIn(owner.browser, owner)).headers['clear-site-data'], undefined);
    });
  });

  describe('"Open my crisis plan kept on this device"', () => {
    test('waits, hidden, on the sign-in and not-found pages, signed in or out', async () => {
      const stranger = new Browser(t.app);
      const { browser } = await newPerson(t.app);
      for (const who of [stranger, browser]) {
        assert.match((await who.get('/sign-in')).body, KEPT_LINK);
        const missing = await who.get('/no-such-page');
        assert.equal(missing.statusCode, 404);
        assert.match(missing.body, KEPT_LINK);
      }
    });

    test('answered by the server, it says no copy is kept here, with who to call and nothing personal', async () => {
      const { browser } = await personWithCopy();
      await browser.post(`${(await browser.get('/my-safety-plan')).headers.location ?? ''}/reasons`, { text: 'Only mine' });
      for (const who of [new Browser(t.app), browser]) {
        const res = await who.get('/my-crisis-plan/kept');
        assert.equal(res.statusCode, 404);
        const page = textOf(res.body);
        assert.match(page, /No crisis plan is kept on this device/);
        assert.match(page, /Call Samaritans free on 116 123/);
        assert.doesNotMatch(page, /Only mine|data-copy-of/);
      }
    });
  });
});
