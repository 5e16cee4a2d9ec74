import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LightMyRequestResponse } from 'fastify';
import { assertSignInNeeded, Browser, newMember, newPerson, testApp, type TestApp } from '../../test/harness.ts';
import { pathTo } from '../../platform/paths.ts';
import { PLAN_DEFS } from './model.ts';
import { pathsFor } from './paths.ts';

let t: TestApp;
let owner: Browser;
const urls: { method: 'GET' | 'POST'; url: string }[] = [];
const viewers: Record<string, Browser> = {};

before(async () => {
  t = await testApp();
  owner = (await newPerson(t.app, 'Owner')).browser;
  for (const def of PLAN_DEFS) {
    const p = pathsFor(def);
    const planId = /\/([0-9a-f-]{36})$/.exec((await owner.get(p.mine)).headers.location ?? '')?.[1] ?? '';
    const list = def.sections.find((s) => s.kind === 'list');
    const text = def.sections.find((s) => s.kind === 'text');
    const first = list?.fields[0];
    await owner.post(pathTo(p.section, { planId, section: list?.key ?? '' }), { [first?.name ?? 'text']: first?.type === 'choice' ? (first.choices?.[0] ?? '') : 'Private words', text: 'Private words', name: 'Private name', phone: '01632 960000' });
    const page = (await owner.get(pathTo(p.section, { planId, section: list?.key ?? '' }))).body;
    const itemId = /id="item-([0-9a-f-]{36})"/.exec(page)?.[1] ?? '';
    const at = (path: string, extra: Record<string, string> = {}) => pathTo(path, { planId, section: list?.key ?? '', itemId, version: 1, ...extra });
    urls.push(
      { method: 'GET', url: at(p.overview) },
      { method: 'GET', url: at(p.section) },
      { method: 'POST', url: at(p.section) },
      { method: 'GET', url: at(p.item) },
      { method: 'POST', url: at(p.item) },
      { method: 'POST', url: at(p.remove) },
      { method: 'POST', url: at(p.move) },
      { method: 'GET', url: at(p.history) },
      { method: 'GET', url: at(p.version) },
      { method: 'POST', url: at(p.restore) },
    );
    if (text) urls.push({ method: 'GET', url: at(p.section, { section: text.key }) }, { method: 'POST', url: at(p.section, { section: text.key }) });
  }
  viewers.otherPerson = (await newPerson(t.app, 'Other')).browser;
  for (const role of ['supporter', 'admin'] as const) viewers[role] = (await newMember(t, role)).browser;
});
after(async () => t.close());

describe('staying-well, crisis and safety plans are visible only to their owner', () => {
  test('the owner can open every page', async () => {
    for (const { url } of urls.filter((u) => u.method === 'GET')) assert.equal((await owner.get(url)).statusCode, 200, url);
  });

  for (const who of ['otherPerson', 'supporter', 'admin']) {
    test(`${who === 'otherPerson' ? 'another person' : `a ${who}`} gets 404 for every URL, GET and POST, and changes nothing`, async () => {
      const browser = viewers[who];
      assert.ok(browser);
      for (const { method, url } of urls) {
        const res: LightMyRequestResponse =
          method === 'GET' ? await browser.get(url) : await browser.post(url, { text: 'intrusion', name: 'intrusion', rev: '1', wants: 'intrusion' });
        assert.equal(res.statusCode, 404, `${who} ${method} ${url}`);
        assert.doesNotMatch(res.body, /Private/);
      }
    });
  }

  test('signed out, every URL leads to the sign-in page, and nothing is saved', async () => {
    await assertSignInNeeded(t.app, urls);
  });

  test('the owner\'s plans hold nothing that others sent', async () => {
    for (const { url } of urls.filter((u) => u.method === 'GET')) assert.doesNotMatch((await owner.get(url)).body, /intrusion/);
  });

  test('a section that does not exist is a 404', async () => {
    const overview = urls[0]?.url ?? '';
    assert.equal((await owner.get(`${overview}/nonsense`)).statusCode, 404);
    assert.equal((await owner.post(`${overview}/nonsense`, { text: 'x' })).statusCode, 404);
  });
});
