import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { OFFLINE_PATHS } from './paths.ts';

describe('features/staying-well/offline.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  describe('the copy of the crisis plan kept on a device', () => {
    test("holds the person's own crisis and safety plans, who to call, and when it was made", async () => {
      const { browser } = await newPerson(t.app, 'Bryn');
      const crisis = (await browser.get('/my-crisis-plan')).headers.location ?? '';
      const safety = (await browser.get('/my-safety-plan')).headers.location ?? '';
      await browser.post(`${crisis}/contacts`, { name: 'Nia', phone: '07700 900321', relationship: '', whatToDo: '' });
      await browser.post(`${safety}/reasons`, { text: 'My garden in spring' });
      const res = await browser.get(OFFLINE_PATHS.copy);
      assert.equal(res.statusCode, 200);
      assert.equal(res.headers['cache-control'], 'no-store');
      const page = textOf(res.body);
      assert.match(page, /Call Nia on 07700 900321/);
      assert.match(page, /Text SHOUT to 85258/);
      assert.match(page, /My garden in spring/);
      assert.match(page, /116 123/);
      assert.match(page, /This copy was made \d{1,2} June 2026 at (?:midday|midnight|\d{1,2}(?::\d\d)?[ap]m)/);
      assert.doesNotMatch(res.body, /name="_csrf"/);
    });

    test('shows another person only their own plans', async () => {
      const first = (await newPerson(t.app)).browser;
      await first.post(`${(await first.get('/my-safety-plan')).headers.location ?? ''}/reasons`, { text: 'Only mine to read' });
      const second = (await newPerson(t.app)).browser;
      assert.doesNotMatch((await second.get(OFFLINE_PATHS.copy)).body, /Only mine to read/);
    });

    test('signed out, the copy is not given out', async () => {
      const res = await new Browser(t.app).get(OFFLINE_PATHS.copy);
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location ?? '', /^\/sign-in/);
    });

    test('the service worker is served from the root as JavaScript, checked for updates', async () => {
      const res = await t.app.inject({ url: OFFLINE_PATHS.worker });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /application\/javascript/);
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body, /waymark-crisis/);
    });

    test('signing in on a browser last used by someone else clears what the site kept there', async () => {
      const alex = await newPerson(t.app, 'Alex');
      const sam = await newPerson(t.app, 'Sam');
      await alex.browser.get(OFFLINE_PATHS.copy);
      // Alex's session ends on the server without signing out; Sam signs in on the same browser.
      t.clock.advance(31 * 60 * 1000);
      const res = await alex.browser.post('/sign-in', { email: sam.email, password: sam.password });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers['clear-site-data'], '"cache", "storage"');
    });

    test("signing in again on one's own browser keeps one's own copy", async () => {
      const { browser, email, password } = await newPerson(t.app);
      await browser.get(OFFLINE_PATHS.copy);
      t.clock.advance(31 * 60 * 1000);
      const res = await browser.post('/sign-in', { email, password });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers['clear-site-data'], undefined);
    });

    test('every page tells the service worker whose account is signed in, with the mark the copy carries', async () => {
      const { browser } = await newPerson(t.app);
      const copy = await browser.get(OFFLINE_PATHS.copy);
      const owner = /data-copy-of="([0-9a-f]{16})"/.exec(copy.body)?.[1];
      assert.ok(owner);
      assert.equal((await browser.get('/')).headers['x-waymark-account'], owner);
      assert.equal((await browser.get('/no-such-page')).headers['x-waymark-account'], owner);
      assert.equal((await new Browser(t.app).get('/sign-in')).headers['x-waymark-account'], undefined);
    });

    test('signing out tells the browser to clear what it kept', async () => {
      const { browser } = await newPerson(t.app);
      const res = await browser.post('/sign-out');
      assert.equal(res.headers['clear-site-data'], '"cache", "storage"');
    });
  });
});
