import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hostileForm, hostileText, kept, unescapeHtml } from '../../test/hostile.ts';
import { newPerson, planIdOf, testApp, type Browser, type TestApp } from '../../test/harness.ts';

describe('features/plan/hostile.test.ts', () => {
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let goal: string;
  let stepId: string;
  let itemId: string;
  // Over HTTP a few runs per form; edits.test.ts tries the forms and edits with many more inputs.
  const RUNS = { numRuns: 12 };

  before(async () => {
    t = await testApp();
    browser = (await newPerson(t.app)).browser;
    base = `/plans/${await planIdOf(browser)}`;
    await browser.post(`${base}/strengths`, { text: 'seed' });
    itemId = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
    goal =
      (await browser.post(`${base}/goals`, { title: 'seed goal', chime: 'hope', status: 'working' })).headers.location?.split('?')[0] ?? '';
    await browser.post(`${goal}/steps`, { text: 'seed step', whoHelps: '', day: '', month: '', year: '' });
    stepId = /id="step-([0-9a-f-]{36})"/.exec((await browser.get(goal)).body)?.[1] ?? '';
  });
  after(async () => t.close());

  describe('hostile input never causes a 500', () => {
    const forms: [string, () => string, string[]][] = [
      ['meaning', () => `${base}/meaning`, ['text']],
      ['add a strength', () => `${base}/strengths`, ['text']],
      ['change a strength', () => `${base}/strengths/${itemId}`, ['text', 'rev']],
      ['move a strength', () => `${base}/strengths/${itemId}/move`, ['direction']],
      ['add what matters', () => `${base}/matters`, ['text']],
      ['add a goal', () => `${base}/goals`, ['title', 'why', 'chime', 'lifeArea', 'status']],
      ['change a goal', () => `${goal}/edit`, ['title', 'why', 'chime', 'lifeArea', 'status', 'rev']],
      ['add a step', () => `${goal}/steps`, ['text', 'whoHelps', 'day', 'month', 'year']],
      ['change a step', () => `${goal}/steps/${stepId}`, ['text', 'whoHelps', 'day', 'month', 'year', 'done', 'rev']],
      ['add a note', () => `${goal}/notes`, ['text']],
      ['review date', () => `${base}/review`, ['day', 'month', 'year', 'rev']],
    ];
    for (const [name, url, fields] of forms) {
      test(`the "${name}" form`, async () => {
        await fc.assert(
          fc.asyncProperty(hostileForm(fields), async (form) => {
            const res = await browser.post(url(), form);
            assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(form).slice(0, 200)}`);
            assert.doesNotMatch(res.body, /<script>alert/);
          }),
          RUNS,
        );
      });
    }

    test('ids in the address that are not ids are a 404, not a 500', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }), async (junk) => {
          const seg = encodeURIComponent(junk);
          for (const url of [
            `/plans/${seg}`,
            `${base}/goals/${seg}`,
            `${base}/strengths/${seg}`,
            `${goal}/steps/${seg}`,
            `${base}/history/${seg}`,
          ]) {
            const res = await browser.get(url);
            assert.ok([200, 404].includes(res.statusCode), `${res.statusCode} for ${url}`);
          }
        }),
        { numRuns: 25 },
      );
    });
  });

  describe('what a person types comes back exactly, shown escaped', () => {
    const acceptable = hostileText.filter((s) => kept(s).trim().length > 0);

    test('a strength', async () => {
      await fc.assert(
        fc.asyncProperty(
          acceptable.filter((s) => s.length <= 1000),
          async (text) => {
            const res = await browser.post(`${base}/strengths`, { text });
            assert.equal(res.statusCode, 303);
            const list = (await browser.get(`${base}/strengths`)).body;
            const id = [...list.matchAll(/id="item-([0-9a-f-]{36})"/g)].at(-1)?.[1] ?? '';
            const edit = (await browser.get(`${base}/strengths/${id}`)).body;
            const shown = /<textarea[^>]*name="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(edit)?.[1] ?? '';
            assert.equal(unescapeHtml(shown), kept(text));
            await browser.post(`${base}/strengths/${id}/remove`, { rev: '1' });
          },
        ),
        RUNS,
      );
    });

    test('a goal title and why', async () => {
      await fc.assert(
        fc.asyncProperty(
          acceptable.filter((s) => s.length <= 200),
          acceptable.filter((s) => s.length <= 20_000),
          async (title, why) => {
            const res = await browser.post(`${base}/goals`, { title, why, chime: 'meaning', status: 'working' });
            assert.equal(res.statusCode, 303);
            const edit = (await browser.get(`${res.headers.location?.split('?')[0] ?? ''}/edit`)).body;
            const shownTitle = /<input[^>]*name="title"[^>]*value="([^"]*)"/.exec(edit)?.[1] ?? '';
            const shownWhy = /<textarea[^>]*name="why"[^>]*>([\s\S]*?)<\/textarea>/.exec(edit)?.[1] ?? '';
            assert.equal(unescapeHtml(shownTitle), kept(title));
            assert.equal(unescapeHtml(shownWhy), kept(why));
            await browser.post(`${res.headers.location?.split('?')[0] ?? ''}/remove`, { rev: '1' });
          },
        ),
        { numRuns: 25 },
      );
    });

    test('text over the limit is refused with a clear message and kept on screen', async () => {
      const long = 'a'.repeat(20_001);
      const res = await browser.post(`${base}/meaning`, { text: long });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /20,000 characters or fewer/);
      assert.ok(res.body.includes(long));
    });
  });
});
