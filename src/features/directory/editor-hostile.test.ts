import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { hostileForm, hostileText, HOSTILE_EXAMPLES, kept, unescapeHtml } from '../../test/hostile.ts';
import { newMember, testApp, type Browser, type TestApp } from '../../test/harness.ts';
import { ART_GROUP, walkingGroup } from './fixtures.ts';
import { addListing } from './write.ts';

describe('features/directory/editor-hostile.test.ts', () => {
  let t: TestApp;
  let browser: Browser;
  let listingId = '';
  const RUNS = { numRuns: 15 };
  const FIELDS = [...Object.keys(ART_GROUP), 'costAmount', 'costDescription', 'maximumAge', 'organisationId', 'rev'];

  before(async () => {
    t = await testApp();
    const editor = await newMember(t, 'listings-editor', 'Hostile Org');
    browser = editor.browser;
    const organisation = { name: 'Hostile Org listings', description: 'x', waymarkOrganisationId: editor.organisationId };
    listingId = (await addListing(t.database.db, walkingGroup({ organisation }), t.clock.now())).serviceId;
  });
  after(async () => t.close());

  const revOf = async () => /name="rev" value="(\d+)"/.exec((await browser.get(`/our-listings/${listingId}/edit`)).body)?.[1] ?? '';
  const field = (html: string, name: string) => new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`).exec(html)?.[1];
  const area = (html: string, name: string) => new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`).exec(html)?.[1];

  describe('hostile input never causes a 500', () => {
    const forms: [string, () => string][] = [
      ['add a listing', () => '/our-listings/new'],
      ['change a listing', () => `/our-listings/${listingId}/edit`],
      ['close a listing', () => `/our-listings/${listingId}/close`],
      ['reopen a listing', () => `/our-listings/${listingId}/reopen`],
    ];
    for (const [name, url] of forms) {
      test(`the "${name}" form`, async () => {
        await fc.assert(
          fc.asyncProperty(hostileForm(FIELDS), async (form) => {
            const res = await browser.post(url(), form);
            assert.ok(res.statusCode < 500, `${res.statusCode} for ${JSON.stringify(form).slice(0, 200)}`);
            assert.doesNotMatch(res.body, /<script>alert/);
          }),
          RUNS,
        );
      });
    }

    test('every field huge, repeated or of the wrong shape, on a form otherwise right, is refused or saved, never a 500', async () => {
      for (const hostile of HOSTILE_EXAMPLES.filter((_, i) => [0, 4, 8, 12].includes(i))) {
        for (const name of FIELDS) {
          const res = await browser.post(`/our-listings/${listingId}/edit`, {
            ...ART_GROUP,
            rev: await revOf(),
            [name]: [hostile, hostile],
          });
          assert.ok([303, 400, 409].includes(res.statusCode), `${res.statusCode} for ${name}`);
        }
      }
    });

    test('ids in the address that are not ids are a 404, not a 500', async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }), async (junk) => {
          const seg = encodeURIComponent(junk);
          for (const path of ['edit', 'history', 'close']) {
            const res = await browser.get(`/our-listings/${seg}/${path}`);
            assert.equal(res.statusCode, 404, seg);
          }
        }),
        { numRuns: 25 },
      );
    });
  });

  describe('what an editor types comes back exactly, shown escaped', () => {
    const acceptable = hostileText.filter((s) => kept(s).trim().length > 0 && s.isWellFormed());

    test('a name and a description', async () => {
      await fc.assert(
        fc.asyncProperty(
          acceptable.filter((s) => s.length <= 200),
          acceptable.filter((s) => s.length <= 2000),
          async (name, description) => {
            const res = await browser.post(`/our-listings/${listingId}/edit`, { ...ART_GROUP, name, description, rev: await revOf() });
            assert.equal(res.statusCode, 303);
            const edit = (await browser.get(`/our-listings/${listingId}/edit`)).body;
            assert.equal(unescapeHtml(field(edit, 'name') ?? ''), kept(name).trim());
            assert.equal(unescapeHtml(area(edit, 'description') ?? ''), kept(description).trim());
            const page = (await browser.get(`/directory/${listingId}`)).body;
            assert.doesNotMatch(page, /<script>alert|<img src=x/);
          },
        ),
        RUNS,
      );
    });

    test('text over the limit is refused with a clear message and kept on screen', async () => {
      const long = 'ü'.repeat(2001);
      const res = await browser.post(`/our-listings/${listingId}/edit`, { ...ART_GROUP, description: long, rev: await revOf() });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /2,000 characters or fewer/);
      assert.ok(res.body.includes(long));
    });
  });
});
