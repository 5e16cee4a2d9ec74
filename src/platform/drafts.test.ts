import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { accounts, drafts } from '../db/schema.ts';
import { hostileForm } from '../test/hostile.ts';
import { Browser, newPerson, testApp, textOf, type TestApp } from '../test/harness.ts';
import { DRAFT_DAYS, purgeDrafts } from './drafts.ts';

describe('platform/drafts.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const planOf = async (browser: Browser, slug: string) => (await browser.get(`/my-${slug}-plan`)).headers.location ?? '';
  const revOf = (html: string) => /name="rev" value="(-?\d+)"/.exec(html)?.[1] ?? '';
  async function draftsOf(email: string) {
    const [account] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, email));
    return t.database.db
      .select()
      .from(drafts)
      .where(eq(drafts.accountId, account?.id ?? ''));
  }

  describe('long writing kept as a draft as the person types', () => {
    test('the advance statement: kept, offered back when the form is next opened, and gone once saved', async () => {
      const { browser } = await newPerson(t.app, 'Ceri');
      const form = `${await planOf(browser, 'crisis')}/advance`;
      const page = await browser.get(form);
      assert.match(page.body, new RegExp(`data-draft="${form}/draft"`));

      const kept = await browser.post(`${form}/draft`, { wants: 'Talk to me calmly, and', refusals: '', rev: revOf(page.body) });
      assert.equal(kept.statusCode, 200);
      const answer = kept.json<{ kept: string; secondsLeft: number }>();
      assert.match(answer.kept, /^Draft kept at \d{1,2}(:\d{2})?(am|pm)\. Save it/);
      assert.ok(answer.secondsLeft > 29 * 60 && answer.secondsLeft <= 30 * 60, String(answer.secondsLeft));

      const again = await browser.get(form);
      assert.match(textOf(again.body), /You have writing here that is not saved yet/);
      assert.match(again.body, />Talk to me calmly, and<\/textarea>/);

      const saved = await browser.post(form, { wants: 'Talk to me calmly, and slowly', refusals: '', rev: revOf(again.body) });
      assert.equal(saved.statusCode, 303);
      const after = await browser.get(form);
      assert.doesNotMatch(textOf(after.body), /not saved yet/);
      assert.match(after.body, />Talk to me calmly, and slowly<\/textarea>/);
    });

    test('what recovery means to me: the same, and a draft can be thrown away', async () => {
      const { browser, email } = await newPerson(t.app);
      const meaning = `${(await browser.get('/my-plan')).headers.location ?? ''}/meaning`;
      assert.equal((await browser.post(`${meaning}/draft`, { text: 'Being able to' })).statusCode, 200);
      const page = await browser.get(meaning);
      assert.match(page.body, />Being able to<\/textarea>/);
      const discard = await browser.post(`${meaning}/draft/discard`);
      assert.equal(discard.statusCode, 303);
      assert.equal(discard.headers.location, meaning);
      assert.doesNotMatch((await browser.get(meaning)).body, /Being able to|not saved yet/);
      assert.deepEqual(await draftsOf(email), []);
    });

    test('a draft that says what is saved already is not offered', async () => {
      const { browser } = await newPerson(t.app);
      const form = `${await planOf(browser, 'crisis')}/lookBack`;
      await browser.post(form, { text: 'It passed', rev: revOf((await browser.get(form)).body) });
      await browser.post(`${form}/draft`, { text: 'It passed' });
      assert.doesNotMatch(textOf((await browser.get(form)).body), /not saved yet/);
    });

    test('too long is refused, keeping nothing; a list, an unknown section or plan is 404', async () => {
      const { browser, email } = await newPerson(t.app);
      const crisis = await planOf(browser, 'crisis');
      assert.equal((await browser.post(`${crisis}/advance/draft`, { wants: 'x'.repeat(20_001) })).statusCode, 400);
      assert.deepEqual(await draftsOf(email), []);
      for (const url of [
        `${crisis}/contacts/draft`,
        `${crisis}/nothing/draft`,
        '/crisis/00000000-0000-0000-0000-000000000000/advance/draft',
      ])
        assert.equal((await browser.post(url, { text: 'x' })).statusCode, 404, url);
    });

    test("nobody else can keep or throw away a draft of someone's plan; signed out is refused", async () => {
      const owner = await newPerson(t.app);
      const other = await newPerson(t.app);
      const form = `${await planOf(owner.browser, 'crisis')}/advance`;
      await owner.browser.post(`${form}/draft`, { wants: 'Mine, private' });
      const res = await other.browser.post(`${form}/draft`, { wants: 'Planted' });
      assert.equal(res.statusCode, 404);
      assert.doesNotMatch(res.body, /Mine, private/);
      assert.equal((await other.browser.post(`${form}/draft/discard`)).statusCode, 404);
      assert.equal((await new Browser(t.app).post(`${form}/draft`, { wants: 'x' })).statusCode, 401);
      assert.deepEqual(await draftsOf(other.email), []);
      const [draft] = await draftsOf(owner.email);
      assert.equal(draft?.values.wants, 'Mine, private');
      assert.match((await owner.browser.get(form)).body, />Mine, private<\/textarea>/);
    });

    test('drafts nobody came back to go after a while', async () => {
      const { browser, email } = await newPerson(t.app);
      await browser.post(`${await planOf(browser, 'crisis')}/carePlace/draft`, { where: 'At home' });
      await purgeDrafts(t.database.db, new Date(t.clock.now().getTime() + (DRAFT_DAYS - 1) * 86_400_000));
      assert.equal((await draftsOf(email)).length, 1);
      await purgeDrafts(t.database.db, new Date(t.clock.now().getTime() + (DRAFT_DAYS + 1) * 86_400_000));
      assert.equal((await draftsOf(email)).length, 0);
    });

    test('hostile input never causes a 500', async () => {
      const { browser } = await newPerson(t.app);
      const form = `${await planOf(browser, 'crisis')}/advance`;
      await fc.assert(
        fc.asyncProperty(hostileForm(['wants', 'refusals', 'rev']), async (body) => {
          assert.ok((await browser.post(`${form}/draft`, body)).statusCode < 500);
        }),
        { numRuns: 15 },
      );
      assert.ok((await browser.get(form)).statusCode < 500);
    });
  });

  describe('staying signed in', () => {
    test('says how long the session has; signed out it is refused', async () => {
      const { browser } = await newPerson(t.app);
      const res = await browser.post('/session/stay');
      assert.equal(res.statusCode, 200);
      assert.ok(res.json<{ secondsLeft: number }>().secondsLeft > 29 * 60);
      const page = (await browser.get((await browser.get('/my-plan')).headers.location ?? '')).body;
      assert.match(page, /data-timeout data-seconds-left="\d+"/);
      assert.equal((await new Browser(t.app).post('/session/stay')).statusCode, 401);
      assert.doesNotMatch((await new Browser(t.app).get('/help')).body, /data-timeout/);
    });
  });
});
