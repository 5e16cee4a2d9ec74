import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hostileForm, hostileText, kept, unescapeHtml } from '../../test/hostile.ts';
import { newPerson, testApp, type Browser, type TestApp } from '../../test/harness.ts';
import { PLAN_DEFS } from './model.ts';

describe('features/staying-well/hostile.test.ts', () => {
  let t: TestApp;
  let browser: Browser;
  const bases: Record<string, string> = {};

  before(async () => {
    t = await testApp();
    browser = (await newPerson(t.app)).browser;
    for (const def of PLAN_DEFS) bases[def.slug] = (await browser.get(`/my-${def.slug}-plan`)).headers.location ?? '';
  });
  after(async () => t.close());

  describe('hostile input to the wellbeing plans never causes a 500', () => {
    for (const def of PLAN_DEFS) {
      test(`every section of the ${def.slug} plan`, async () => {
        for (const section of def.sections) {
          const fields = [...section.fields.map((f) => f.name), 'rev'];
          await fc.assert(
            fc.asyncProperty(hostileForm(fields), async (form) => {
              const res = await browser.post(`${bases[def.slug] ?? ''}/${section.key}`, form);
              assert.ok(res.statusCode < 500, `${section.key}: ${res.statusCode} for ${JSON.stringify(form).slice(0, 200)}`);
              assert.doesNotMatch(res.body, /<script>alert/);
            }),
            { numRuns: 8 },
          );
        }
      });
    }
  });

  describe('what a person types comes back exactly, shown escaped', () => {
    test('an item in the safety plan', async () => {
      const section = `${bases.safety ?? ''}/reasons`;
      await fc.assert(
        fc.asyncProperty(
          hostileText.filter((s) => kept(s).trim().length > 0 && s.length <= 1000),
          async (text) => {
            assert.equal((await browser.post(section, { text })).statusCode, 303);
            const id = [...(await browser.get(section)).body.matchAll(/id="item-([0-9a-f-]{36})"/g)].at(-1)?.[1] ?? '';
            const edit = (await browser.get(`${section}/${id}`)).body;
            const shown = /<textarea[^>]*name="text"[^>]*>([\s\S]*?)<\/textarea>/.exec(edit)?.[1] ?? '';
            assert.equal(unescapeHtml(shown), kept(text));
            await browser.post(`${section}/${id}/remove`, { rev: '1' });
          },
        ),
        { numRuns: 30 },
      );
    });
  });
});
