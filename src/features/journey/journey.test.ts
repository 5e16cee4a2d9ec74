import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { checkIns } from '../../db/schema.ts';
import { findByEmail } from '../accounts/store.ts';
import { newPerson, planIdOf, testApp, textOf, type Browser, type TestApp } from '../../test/harness.ts';

describe('features/journey/journey.test.ts', () => {
  let t: TestApp;
  let owner: Browser;
  let ownerId = '';
  let other: Browser;
  const DAY = 24 * 60 * 60 * 1000;

  before(async () => {
    t = await testApp();
    const sam = await newPerson(t.app, 'Sam');
    owner = sam.browser;
    ownerId = (await findByEmail(t.database.db, sam.email))?.id ?? '';
    other = (await newPerson(t.app, 'Kit')).browser;
  });
  after(async () => t.close());

  describe('my journey', () => {
    test('with nothing yet, the page says so kindly and offers a check-in', async () => {
      const res = await other.get('/my-journey');
      assert.equal(res.statusCode, 200);
      assert.match(textOf(res.body), /No check-ins in this time yet/);
      assert.match(res.body, /href="\/check-in"/);
    });

    test('check-ins and what was done in the plan show newest first, with a chart and a table for each area', async () => {
      // Earlier check-ins, made every ninth day (moving the clock would end the session).
      const hopes = [1, 1, 2, 3, 4, 4];
      const now = t.clock.now().getTime();
      await t.database.db.insert(checkIns).values(
        hopes.map((hope, i) => {
          const at = new Date(now - (hopes.length - i) * 9 * DAY);
          return {
            ownerId,
            measureId: 'waymark-check-in',
            measureVersion: 1,
            answers: { hope, connection: 2 },
            scores: { total: (hope + 2) / 2, subscales: {} },
            note: `Note ${String(hope)}`,
            createdAt: at,
            updatedAt: at,
          };
        }),
      );
      const planId = await planIdOf(owner);
      const goal =
        (await owner.post(`/plans/${planId}/goals`, { title: 'Join the choir', chime: 'hope', status: 'working' })).headers.location ?? '';
      const goalUrl = goal.split('?')[0] ?? '';
      await owner.post(`${goalUrl}/edit`, { title: 'Join the choir', chime: 'hope', status: 'achieved', rev: '1' });
      await owner.post(`${goalUrl}/steps`, { text: 'Find the rehearsal times', whoHelps: '', day: '', month: '', year: '' });
      const stepId = /id="step-([0-9a-f-]{36})"/.exec((await owner.get(goalUrl)).body)?.[1] ?? '';
      await owner.post(`${goalUrl}/steps/${stepId}/toggle`, { done: 'yes' });
      const res = await owner.get('/my-journey');
      assert.equal(res.statusCode, 200);
      const text = textOf(res.body);
      assert.match(text, /Over the last 3 months your hope scores have mostly gone up\./);
      assert.match(text, /Over the last 3 months your connection scores have stayed about the same\./);
      assert.match(text, /Reached a goal: Join the choir/);
      assert.match(text, /Did a step: Find the rehearsal times/);
      assert.match(text, /Added the goal/);
      assert.ok(text.indexOf('Reached a goal') < text.indexOf('Checked in'), 'newest first');
      assert.equal((res.body.match(/<svg[^>]*role="img"/g) ?? []).length, 5);
      assert.match(res.body, /<table class="nhsuk-table">/);
      assert.equal((res.body.match(/<tr>\s*<th scope="row">/g) ?? []).length, 6);
    });

    test('the filter narrows to the last month', async () => {
      const res = await owner.get('/my-journey?period=month');
      assert.match(res.body, /aria-current="page">Last month/);
      assert.ok((res.body.match(/<tr>\s*<th scope="row">/g) ?? []).length < 6);
    });

    test("another person's journey shows only their own", async () => {
      assert.doesNotMatch((await other.get('/my-journey?period=all')).body, /Note 4|Join the choir/);
    });
  });

  describe('the words of the journey', () => {
    test('no summary judges a score: never "worse", "bad", "poor" or "failed"', async () => {
      const { readFile } = await import('node:fs/promises');
      const copy = JSON.parse(await readFile(new URL('./locales/en.json', import.meta.url), 'utf8')) as { summary: Record<string, string> };
      for (const sentence of Object.values(copy.summary)) assert.doesNotMatch(sentence, /worse|bad|poor|fail|declin|deteriorat/i);
    });
  });

  describe('a long journey', () => {
    test('is shown 50 events to a page, newest first, with links to earlier and later', async () => {
      const rows = Array.from({ length: 120 }, (_, i) => {
        const at = new Date(t.clock.now().getTime() - (i + 1) * 60 * 60 * 1000);
        return {
          ownerId,
          measureId: 'waymark-check-in',
          measureVersion: 1,
          answers: { hope: i % 5 },
          scores: { total: i % 5, subscales: {} },
          createdAt: at,
          updatedAt: at,
        };
      });
      await t.database.db.insert(checkIns).values(rows);
      const first = await owner.get('/my-journey?period=month');
      assert.equal((first.body.match(/class="waymark-timeline__item"/g) ?? []).length, 50);
      assert.match(first.body, /href="\/my-journey\?period=month&amp;page=2"/);
      assert.doesNotMatch(first.body, /page=0/);
      const second = await owner.get('/my-journey?period=month&page=2');
      assert.match(second.body, /href="\/my-journey\?period=month&amp;page=1"/);
      assert.match(second.body, /page=3/);
      assert.match(second.body, /each point is the average of a week/);
      const beyond = await owner.get('/my-journey?period=month&page=99');
      assert.equal(beyond.statusCode, 200);
    });
  });
});
