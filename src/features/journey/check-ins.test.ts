import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents, checkIns } from '../../db/schema.ts';
import { assertSignInNeeded, Browser, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';

describe('features/journey/check-ins.test.ts', () => {
  let t: TestApp;
  let owner: Browser;
  let other: Browser;
  let ownerLogin: Awaited<ReturnType<typeof newPerson>>;

  const ANSWERS = { connection: '3', hope: '2', identity: '4', meaning: '1', control: '0' };

  before(async () => {
    t = await testApp();
    ownerLogin = await newPerson(t.app, 'Sam');
    owner = ownerLogin.browser;
    other = (await newPerson(t.app, 'Kit')).browser;
  });
  after(async () => t.close());

  async function checkIn(browser: Browser, form: Record<string, string | string[]> = ANSWERS): Promise<string> {
    const res = await browser.post('/check-in', form);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    return (res.headers.location ?? '').split('?')[0] ?? '';
  }

  describe('checking in', () => {
    test('the form asks five questions, each a fieldset of five labelled answers', async () => {
      const res = await owner.get('/check-in');
      assert.equal(res.statusCode, 200);
      assert.equal((res.body.match(/<fieldset/g) ?? []).length, 5 + 1);
      assert.match(res.body, /Lately, I have felt hopeful about what is ahead/);
      assert.equal((res.body.match(/type="radio"/g) ?? []).length, 25);
      assert.match(res.body, /Very much/);
    });

    test('saving in one tap stores a row with answers and scores, and shows it with a banner', async () => {
      const url = await checkIn(owner, { ...ANSWERS, note: 'A walk by the river' });
      assert.match(url, /^\/check-ins\/[0-9a-f-]{36}$/);
      const page = await owner.get(`${url}?done=saved`);
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /Saved\./);
      assert.match(page.body, /A walk by the river/);
      const [row] = await t.database.db
        .select()
        .from(checkIns)
        .where(eq(checkIns.id, url.split('/').at(-1) ?? ''));
      assert.ok(row);
      assert.deepEqual(row.answers, { connection: 3, hope: 2, identity: 4, meaning: 1, control: 0 });
      assert.equal(row.scores.total, 2);
    });

    test('some questions may be left unanswered', async () => {
      const url = await checkIn(owner, { hope: '3' });
      assert.match(textOf((await owner.get(url)).body), /Not answered/);
    });

    test('the lowest hope answer shows the help links at once', async () => {
      const url = await checkIn(owner, { hope: '0' });
      const body = (await owner.get(url)).body;
      assert.match(body, /id="support"/);
      assert.match(body, /href="\/help"/);
      assert.match(body, /href="\/my-safety-plan"/);
      assert.doesNotMatch((await owner.get(await checkIn(owner, { hope: '1' }))).body, /id="support"/);
    });

    test('noticing early warning signs links to that part of the staying-well plan and the safety plan', async () => {
      const url = await checkIn(owner, { hope: '2', warningSigns: 'yes' });
      const body = (await owner.get(url)).body;
      assert.match(body, /href="\/staying-well\/[0-9a-f-]{36}\/warningSigns"/);
      assert.match(body, /id="warning-signs"/);
    });

    test("things from the staying-well plan's what-keeps-me-well list can be ticked; unknown ones are left out", async () => {
      const plan = (await owner.get('/my-staying-well-plan')).headers.location ?? '';
      await owner.post(`${plan}/keepWell`, { when: 'everyDay', text: 'Morning swim', mine: '', others: '' });
      const form = (await owner.get('/check-in')).body;
      const id = /name="keptWell" type="checkbox" value="([0-9a-f-]{36})"/.exec(form)?.[1] ?? '';
      assert.ok(id, 'the item is offered');
      const url = await checkIn(owner, { hope: '3', keptWell: [id, 'not-in-my-plan'] });
      assert.match((await owner.get(url)).body, /Morning swim/);
      const [row] = await t.database.db
        .select()
        .from(checkIns)
        .where(eq(checkIns.id, url.split('/').at(-1) ?? ''));
      assert.deepEqual(row?.keptWell, [id]);
    });
  });

  describe('bad input', () => {
    test('nothing answered is refused with the error summary, keeping the note', async () => {
      const res = await owner.post('/check-in', { note: 'Kept words' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /nhsuk-error-summary/);
      assert.match(res.body, /Answer at least one question/);
      assert.match(res.body, /Kept words/);
    });

    test('an answer not offered is refused, keeping the other answers', async () => {
      const res = await owner.post('/check-in', { ...ANSWERS, hope: '7' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Choose one of the answers shown/);
      assert.match(res.body, /value="4" checked/);
    });

    test('a note that is too long is refused and given back', async () => {
      const res = await owner.post('/check-in', { hope: '2', note: 'n'.repeat(2001) });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /2,000 characters or fewer/);
      assert.match(res.body, /n{2001}/);
    });
  });

  describe('changing and deleting', () => {
    test('a check-in can be changed within a day', async () => {
      const url = await checkIn(owner);
      const edit = await owner.get(`${url}/edit`);
      assert.match(edit.body, /value="3" checked/);
      const res = await owner.post(`${url}/edit`, { ...ANSWERS, hope: '4', note: 'Changed' });
      assert.equal(res.statusCode, 303);
      assert.match((await owner.get(url)).body, /Changed/);
    });

    test('a check-in can be deleted after confirming; a GET deletes nothing', async () => {
      const url = await checkIn(owner);
      assert.equal((await owner.get(`${url}/remove`)).statusCode, 200);
      assert.equal((await owner.get(url)).statusCode, 200);
      const res = await owner.post(`${url}/remove`);
      assert.equal(res.statusCode, 303);
      assert.equal((await owner.get(url)).statusCode, 404);
    });
  });

  describe('only the owner', () => {
    test('another account gets 404 for every check-in route, leaking nothing, and the refusal is audited', async () => {
      const url = await checkIn(owner, { ...ANSWERS, note: 'Private note' });
      const id = url.split('/').at(-1) ?? '';
      for (const res of [
        await other.get(url),
        await other.get(`${url}/edit`),
        await other.post(`${url}/edit`, { hope: '0', note: 'intrusion' }),
        await other.get(`${url}/remove`),
        await other.post(`${url}/remove`),
      ]) {
        assert.equal(res.statusCode, 404);
        assert.doesNotMatch(res.body, /Private note/);
      }
      const [row] = await t.database.db.select().from(checkIns).where(eq(checkIns.id, id));
      assert.equal(row?.note, 'Private note');
      const refusals = await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, 'check-in.refused')));
      assert.equal(refusals.length, 5);
      assert.ok(refusals.every((r) => !r.ownerVisible));
    });

    test('a check-in that does not exist, or a malformed id, is a 404', async () => {
      assert.equal((await owner.get('/check-ins/00000000-0000-4000-8000-000000000000')).statusCode, 404);
      assert.equal((await owner.get('/check-ins/not-an-id')).statusCode, 404);
    });

    test('signed out, every route asks to sign in', async () => {
      const url = await checkIn(owner);
      await assertSignInNeeded(t.app, [
        { method: 'GET', url: '/check-in' },
        { method: 'POST', url: '/check-in' },
        { method: 'GET', url },
        { method: 'GET', url: `${url}/edit` },
        { method: 'POST', url: `${url}/remove` },
        { method: 'GET', url: '/my-journey' },
      ]);
    });
  });

  // Last: moving the clock a day on ends every session.
  describe('a day later', () => {
    test('after a day it can no longer be changed, and what was typed is given back', async () => {
      const url = await checkIn(owner);
      t.clock.advance(24 * 60 * 60 * 1000 + 1);
      // A day on, the session has ended too: sign in again.
      owner = new Browser(t.app);
      assert.equal((await owner.post('/sign-in', { email: ownerLogin.email, password: ownerLogin.password })).statusCode, 303);
      assert.equal((await owner.get(`${url}/edit`)).statusCode, 409);
      const res = await owner.post(`${url}/edit`, { hope: '4', note: 'Too late words' });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /Too late words/);
      assert.doesNotMatch((await owner.get(url)).body, /Change this check-in/);
    });
  });
});
