import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hostileForm, hostileText, kept, unescapeHtml } from '../../test/hostile.ts';
import { newPerson, testApp, type Browser, type TestApp } from '../../test/harness.ts';
import { AREAS } from './measures.ts';

describe('features/journey/hostile.test.ts', () => {
  let t: TestApp;
  let browser: Browser;
  let existing = '';

  before(async () => {
    t = await testApp();
    browser = (await newPerson(t.app)).browser;
    existing = ((await browser.post('/check-in', { hope: '2' })).headers.location ?? '').split('?')[0] ?? '';
  });
  after(async () => t.close());

  const FIELDS = [...AREAS, 'note', 'keptWell', 'warningSigns', '__proto__', 'constructor'];

  describe('hostile input to check-ins never causes a 500', () => {
    test('a new check-in', async () => {
      await fc.assert(
        fc.asyncProperty(hostileForm(FIELDS), async (form) => {
          const res = await browser.post('/check-in', form);
          assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(form).slice(0, 200)}`);
          assert.doesNotMatch(res.body, /<script>alert/);
        }),
        { numRuns: 25 },
      );
    });

    test('changing a check-in', async () => {
      await fc.assert(
        fc.asyncProperty(hostileForm(FIELDS), async (form) => {
          const res = await browser.post(`${existing}/edit`, form);
          assert.ok(res.statusCode < 500, `${res.statusCode}`);
          assert.doesNotMatch(res.body, /<script>alert/);
        }),
        { numRuns: 15 },
      );
    });

    test('the journey with any period asked for', async () => {
      await fc.assert(
        fc.asyncProperty(hostileText, async (period) => {
          const res = await browser.get(`/my-journey?period=${encodeURIComponent(period)}`);
          assert.equal(res.statusCode, 200);
        }),
        { numRuns: 15 },
      );
    });
  });

  describe('a note comes back exactly as typed, shown escaped', () => {
    test('on the check-in page', async () => {
      await fc.assert(
        fc.asyncProperty(
          hostileText.filter((s) => kept(s).trim().length > 0 && s.length <= 2000),
          async (note) => {
            const res = await browser.post('/check-in', { hope: '3', note });
            assert.equal(res.statusCode, 303);
            const url = (res.headers.location ?? '').split('?')[0] ?? '';
            const edit = (await browser.get(`${url}/edit`)).body;
            const shown = /<textarea[^>]*name="note"[^>]*>([\s\S]*?)<\/textarea>/.exec(edit)?.[1] ?? '';
            assert.equal(unescapeHtml(shown), kept(note));
          },
        ),
        { numRuns: 20 },
      );
    });
  });
});
