import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { organisations } from '../../db/schema.ts';
import { newMember, newPerson, planIdOf, testApp, textOf, type Browser, type TestApp } from '../../test/harness.ts';

describe('features/plan/plan.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  async function person(): Promise<{ browser: Browser; base: string }> {
    const { browser } = await newPerson(t.app);
    return { browser, base: `/plans/${await planIdOf(browser)}` };
  }

  async function addGoal(browser: Browser, base: string, fields: Record<string, string | string[]> = {}): Promise<string> {
    const res = await browser.post(`${base}/goals`, {
      title: 'Walk by the river',
      why: 'It clears my head',
      chime: ['hope', 'connectedness'],
      lifeArea: 'social',
      status: 'working',
      ...fields,
    });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    return res.headers.location?.split('?')[0] ?? '';
  }

  describe('what recovery means to me', () => {
    test('writing it again keeps the earlier statements, newest first, with dates', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/meaning`, { text: 'Feeling like myself again' });
      t.clock.advance(20 * 60 * 1000);
      await browser.post(`${base}/meaning`, { text: 'Having people around me' });
      const overview = textOf((await browser.get(base)).body);
      assert.match(overview, /Having people around me/);
      assert.doesNotMatch(overview, /Feeling like myself again/);
      const page = textOf((await browser.get(`${base}/meaning`)).body);
      assert.ok(
        page.indexOf('Having people around me', page.indexOf('What I have written before')) < page.lastIndexOf('Feeling like myself again'),
      );
      const times = [...page.matchAll(/\d{1,2} June 2026 at ((?:midday|midnight|\d{1,2}(?::\d\d)?[ap]m))/g)].map((m) => m[1]);
      assert.equal(times.length, 2);
      assert.notEqual(times[0], times[1]);
    });

    test('an empty statement is refused with a kind message', async () => {
      const { browser, base } = await person();
      const res = await browser.post(`${base}/meaning`, { text: '   ' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Write what recovery means to you/);
    });
  });

  describe('strengths and what matters to me', () => {
    test('can be added, changed, reordered and removed', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'I am patient' });
      await browser.post(`${base}/strengths`, { text: 'I make people laugh' });
      let html = (await browser.get(`${base}/strengths`)).body;
      const ids = [...html.matchAll(/id="item-([0-9a-f-]{36})"/g)].map((m) => m[1] ?? '');
      assert.equal(ids.length, 2);
      await browser.post(`${base}/strengths/${ids[1]}/move`, { direction: 'up' });
      html = textOf((await browser.get(`${base}/strengths`)).body);
      assert.ok(html.indexOf('I make people laugh') < html.indexOf('I am patient'));
      await browser.post(`${base}/strengths/${ids[0]}`, { text: 'I am very patient', rev: '1' });
      await browser.post(`${base}/strengths/${ids[1]}/remove`, { rev: '1' });
      html = textOf((await browser.get(base)).body);
      assert.match(html, /I am very patient/);
      assert.doesNotMatch(html, /I make people laugh/);
    });

    test('what matters to me is its own list', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/matters`, { text: 'My dog, Pepper' });
      assert.match(textOf((await browser.get(`${base}/matters`)).body), /My dog, Pepper/);
      assert.doesNotMatch(textOf((await browser.get(`${base}/strengths`)).body), /Pepper/);
    });
  });

  describe('goals', () => {
    test('each goal is listed once on the overview, with the parts of recovery it helps with', async () => {
      const { browser, base } = await person();
      await addGoal(browser, base);
      const html = textOf((await browser.get(base)).body);
      assert.equal(html.split('Walk by the river').length - 1, 1, 'listed once, though it helps with two parts');
      assert.match(html, /Walk by the river Working on it.* Helps with: People and belonging Hope/);
      assert.doesNotMatch(html, /CHIME/);
    });

    test('the parts of recovery are optional; a goal needs only a title, and everything typed is kept', async () => {
      const { browser, base } = await person();
      const res = await browser.post(`${base}/goals`, { title: '', why: 'Because I want to', status: 'working' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Write your goal in a few words/);
      assert.doesNotMatch(res.body, /Choose at least one part of recovery/);
      assert.match(res.body, />Because I want to<\/textarea>/);
      const saved = await browser.post(`${base}/goals`, { title: 'Phone Sam on Sundays', why: '', status: 'working' });
      assert.equal(saved.statusCode, 303);
      const overview = textOf((await browser.get(base)).body);
      assert.match(overview, /Phone Sam on Sundays Working on it/);
      assert.doesNotMatch(overview, /Phone Sam on Sundays Working on it [^.]*Helps with/);
    });

    test('can be paused, let go or achieved, and never shows as failed', async () => {
      const { browser, base } = await person();
      const goal = await addGoal(browser, base);
      for (const [status, label] of [
        ['paused', 'Paused for now'],
        ['letGo', 'Let go'],
        ['achieved', 'Achieved'],
      ] as const) {
        const edit = await browser.get(`${goal}/edit`);
        const rev = /name="rev" value="(\d+)"/.exec(edit.body)?.[1] ?? '';
        await browser.post(`${goal}/edit`, { title: 'Walk by the river', why: '', chime: 'hope', lifeArea: '', status, rev });
        assert.match(textOf((await browser.get(goal)).body), new RegExp(label));
      }
      assert.doesNotMatch((await browser.get(base)).body, /fail/i);
    });

    test('an unknown status or CHIME area is refused, not stored', async () => {
      const { browser, base } = await person();
      const res = await browser.post(`${base}/goals`, { title: 'x', chime: ['hope', 'illness'], status: 'failed', lifeArea: 'nowhere' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Choose where you are with this goal/);
      assert.match(res.body, /Choose a life area from the list/);
    });

    test('small steps can be added with who helps and a date, marked done, changed and removed', async () => {
      const { browser, base } = await person();
      const goal = await addGoal(browser, base);
      await browser.post(`${goal}/steps`, { text: 'Buy walking shoes', whoHelps: 'my sister', day: '3', month: '7', year: '2026' });
      let html = (await browser.get(goal)).body;
      assert.match(textOf(html), /Buy walking shoes Not done yet/);
      assert.match(textOf(html), /Who helps: my sister/);
      assert.match(textOf(html), /By 3 July 2026/);
      const stepId = /id="step-([0-9a-f-]{36})"/.exec(html)?.[1] ?? '';
      await browser.post(`${goal}/steps/${stepId}/toggle`, { done: 'yes' });
      await browser.post(`${goal}/steps/${stepId}/toggle`, { done: 'yes' });
      assert.match(textOf((await browser.get(goal)).body), /Buy walking shoes Done/);
      const rev = /name="rev" value="(\d+)"/.exec((await browser.get(`${goal}/steps/${stepId}`)).body)?.[1] ?? '';
      await browser.post(`${goal}/steps/${stepId}`, {
        text: 'Buy good walking shoes',
        whoHelps: '',
        day: '',
        month: '',
        year: '',
        done: 'yes',
        rev,
      });
      html = textOf((await browser.get(goal)).body);
      assert.match(html, /Buy good walking shoes/);
      const page = (await browser.get(goal)).body;
      const seen = new RegExp(
        `steps/${stepId}/remove"><input type="hidden" name="_csrf" value="[^"]*"><input type="hidden" name="rev" value="(\\d+)"`,
      ).exec(page)?.[1];
      assert.equal(seen, '4', 'marked done twice and changed once: the remove form carries the version seen');
      await browser.post(`${goal}/steps/${stepId}/remove`, { rev: seen });
      assert.doesNotMatch(textOf((await browser.get(goal)).body), /walking shoes/);
    });

    test('a step date that is not a real date is refused, keeping what was typed', async () => {
      const { browser, base } = await person();
      const goal = await addGoal(browser, base);
      const res = await browser.post(`${goal}/steps`, { text: 'Phone the college', whoHelps: '', day: '31', month: '2', year: '2027' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Enter a real date/);
      assert.match(res.body, /value="Phone the college"/);
      assert.match(res.body, /value="31"/);
    });

    test('a date follows the NHS date input: the Day box has its own id and name, and the error summary links to it', async () => {
      const { browser, base } = await person();
      const goal = await addGoal(browser, base);
      const res = await browser.post(`${goal}/steps`, { text: 'Enrol', whoHelps: '', day: '', month: '13', year: '2027' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /<a href="#dueDate-day">/);
      assert.match(res.body, /<input\s[^>]*id="dueDate-day" name="day"/);
      const ids = [...res.body.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
      assert.deepEqual(
        ids.filter((id, i) => ids.indexOf(id) !== i),
        [],
        'no id is used twice on the page',
      );
      const review = await browser.post(`${base}/review`, { day: '40', month: '1', year: '2027', rev: '0' });
      assert.match(review.body, /<a href="#reviewDate-day">/);
      assert.match(review.body, /<input\s[^>]*id="reviewDate-day" name="day"/);
    });

    test('notes on how a goal is going are dated and kept', async () => {
      const { browser, base } = await person();
      const goal = await addGoal(browser, base);
      await browser.post(`${goal}/notes`, { text: 'A hard week, but I went once.' });
      assert.match(
        textOf((await browser.get(goal)).body),
        /\d{1,2} June 2026 at (?:midday|midnight|\d{1,2}(?::\d\d)?[ap]m) A hard week, but I went once\./,
      );
    });
  });

  describe('review date', () => {
    test('can be set and cleared', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/review`, { day: '1', month: '9', year: '2026', rev: '0' });
      assert.match(textOf((await browser.get(base)).body), /Next review 1 September 2026/);
      await browser.post(`${base}/review`, { day: '', month: '', year: '', rev: '1' });
      assert.match(textOf((await browser.get(base)).body), /Next review Not set/);
    });
  });

  describe('print', () => {
    test('the print page holds the whole plan and the date it was printed', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/meaning`, { text: 'Being outdoors' });
      const goal = await addGoal(browser, base);
      await browser.post(`${goal}/steps`, { text: 'Find a map', whoHelps: '', day: '', month: '', year: '' });
      const html = textOf((await browser.get(`${base}/print`)).body);
      assert.match(html, /Printed \d{1,2} June 2026/);
      assert.match(html, /Being outdoors/);
      assert.match(html, /Find a map/);
    });
  });

  describe('my plan', () => {
    test("/my-plan always opens the signed-in person's own plan", async () => {
      const first = await person();
      const second = await person();
      assert.notEqual(first.base, second.base);
      assert.equal(`/plans/${await planIdOf(first.browser)}`, first.base);
    });
  });

  describe('help is one tap away on every page of the plan', () => {
    test('each page has "If I’m in crisis", leading to the safety plan', async () => {
      const { browser, base } = await person();
      const goal = await addGoal(browser, base);
      await browser.post(`${goal}/steps`, { text: 'Call the pool', whoHelps: '', day: '', month: '', year: '' });
      const stepId = /id="step-([0-9a-f-]{36})"/.exec((await browser.get(goal)).body)?.[1] ?? '';
      await browser.post(`${base}/strengths`, { text: 'Kind' });
      const itemId = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      for (const url of [
        base,
        `${base}/meaning`,
        `${base}/strengths`,
        `${base}/strengths/${itemId}`,
        goal,
        `${goal}/edit`,
        `${goal}/steps/${stepId}`,
        `${base}/review`,
        `${base}/history`,
        `${base}/history/1`,
      ]) {
        const res = await browser.get(url);
        assert.equal(res.statusCode, 200, url);
        assert.match(res.body, /href="\/my-safety-plan">If I’m in crisis<\/a>/, url);
      }
      const safety = await browser.get('/my-safety-plan');
      assert.equal(safety.statusCode, 303);
    });
  });

  describe('the Welsh Care and Treatment Plan life areas', () => {
    test('are offered only to people of an organisation in Wales', async () => {
      const { browser } = await person();
      const base = `/plans/${await planIdOf(browser)}`;
      assert.doesNotMatch((await browser.get(`${base}/goals/new`)).body, /name="lifeArea"/);

      const welsh = await newMember(t, 'person', 'Cwm Taf Recovery');
      await t.database.db.update(organisations).set({ nation: 'wales' }).where(eq(organisations.id, welsh.organisationId));
      const welshBase = `/plans/${await planIdOf(welsh.browser)}`;
      const form = (await welsh.browser.get(`${welshBase}/goals/new`)).body;
      assert.match(form, /name="lifeArea"/);
      assert.match(textOf(form), /Care and Treatment Plan in Wales/);
    });

    test('a goal that already has one still shows it, so it can be changed or cleared', async () => {
      const { browser, base } = await person();
      const goal =
        (
          await browser.post(`${base}/goals`, { title: 'Find a home', status: 'working', lifeArea: 'accommodation' })
        ).headers.location?.split('?')[0] ?? '';
      assert.match((await browser.get(`${goal}/edit`)).body, /name="lifeArea"/);
    });
  });
});
