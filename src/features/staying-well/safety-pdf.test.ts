import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createI18n } from '../../platform/i18n.ts';
import { newPerson, testApp, type Browser, type TestApp } from '../../test/harness.ts';
import { A4, download, isSize, readPdf } from '../../test/pdf.ts';
import { lifeline, nationalCalls } from './helplines.ts';
import type { Content } from './model.ts';
import { DOWNLOAD_PATHS } from './paths.ts';
import { safetyPdf } from './safety-pdf.ts';

describe('features/staying-well/safety-pdf.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  async function safetyPlan(browser: Browser): Promise<string> {
    return (await browser.get('/my-safety-plan')).headers.location ?? '';
  }

  async function add(browser: Browser, url: string, form: Record<string, string>): Promise<void> {
    const res = await browser.post(url, form);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  }

  describe('downloading my safety plan', () => {
    test('is one A4 page: who to call first, then every step in order', async () => {
      const { browser } = await newPerson(t.app, 'Robin Evans');
      const crisis = (await browser.get('/my-crisis-plan')).headers.location ?? '';
      await add(browser, `${crisis}/contacts`, { name: 'Mum', phone: '07700 900123', relationship: 'my mum' });
      const base = await safetyPlan(browser);
      await add(browser, `${base}/warningSigns`, { text: 'Racing thoughts late at night' });
      await add(browser, `${base}/askForHelp`, { name: 'Sam Patel', phone: '07700 900456' });
      await add(browser, `${base}/reasons`, { text: 'My cat, Biscuit' });
      const pdf = await download(browser, DOWNLOAD_PATHS.safetyPdf);
      assert.equal(pdf.pages.length, 1);
      assert.ok(isSize(pdf.pages[0], A4), JSON.stringify(pdf.pages));
      assert.ok(pdf.commonSize >= 10, `in full-sized type, not ${pdf.commonSize}`);
      const order = [
        'My safety plan',
        'Robin Evans',
        'Made on 1 June 2026',
        'Who to call',
        'Mum, my mum: 07700 900123',
        'Sam Patel: 07700 900456',
        'Call 999',
        'Call Samaritans free on 116 123',
        'Text SHOUT to 85258',
        'Call NHS 111 free on 111',
        'There is no NHS 111 in Northern Ireland: call Lifeline free on 0808 808 8000',
        '1. My warning signs',
        'Racing thoughts late at night',
        '2. Things I can do on my own',
        '6. Making my surroundings safer',
        'What matters most to me, my reasons for living',
        'My cat, Biscuit',
      ];
      const at = order.map((s) => pdf.text.indexOf(s));
      assert.ok(
        at.every((i, n) => i >= 0 && (n === 0 || i > (at[n - 1] ?? 0))),
        order.map((s, n) => `${s}: ${String(at[n])}`).join('\n'),
      );
    });

    test('a long plan still fits on one page, in smaller type, with every item there', async () => {
      const { browser } = await newPerson(t.app);
      const base = await safetyPlan(browser);
      for (let n = 1; n <= 8; n += 1) {
        await add(browser, `${base}/onMyOwn`, {
          text: `Thing ${n}: ${'something I can do on my own to feel calmer. '.repeat(4)}end ${n}.`,
        });
        await add(browser, `${base}/reasons`, { text: `Reason ${n}` });
      }
      const pdf = await download(browser, DOWNLOAD_PATHS.safetyPdf);
      assert.equal(pdf.pages.length, 1);
      assert.ok(pdf.commonSize < 10 && pdf.commonSize >= 6.5, `type size ${pdf.commonSize}`);
      for (let n = 1; n <= 8; n += 1) assert.ok(pdf.text.includes(`end ${n}.`) && pdf.text.includes(`Reason ${n}`), String(n));
      assert.doesNotMatch(pdf.text, /shortened/);
    });

    test('long items are shortened to keep it on one page, and it says so', async () => {
      const { browser } = await newPerson(t.app);
      const base = await safetyPlan(browser);
      for (let n = 1; n <= 10; n += 1)
        await add(browser, `${base}/safer`, {
          text: `Step ${n} starts here. ${'Written out at great length, '.repeat(30)}last words ${n}.`,
        });
      const pdf = await download(browser, DOWNLOAD_PATHS.safetyPdf);
      assert.equal(pdf.pages.length, 1);
      for (let n = 1; n <= 10; n += 1) assert.ok(pdf.text.includes(`Step ${n} starts here.`), String(n));
      assert.doesNotMatch(pdf.text, /last words/);
      assert.match(pdf.text, /Some long entries are shortened here to fit on one page\. Your whole plan is in Waymark\./);
    });

    test('a plan too long for one page even shortened is printed whole, on more pages', async () => {
      const { browser } = await newPerson(t.app);
      const base = await safetyPlan(browser);
      for (let n = 1; n <= 60; n += 1) await add(browser, `${base}/reasons`, { text: `Reason number ${n}, ${'one of many. '.repeat(12)}` });
      const pdf = await download(browser, DOWNLOAD_PATHS.safetyPdf);
      assert.ok(pdf.pages.length > 1, `${pdf.pages.length} pages`);
      assert.ok(pdf.pages.every((p) => isSize(p, A4)));
      assert.ok(pdf.text.includes('Reason number 60'));
      assert.doesNotMatch(pdf.text, /shortened/);
    });

    test('odd and hostile text is drawn without throwing', async () => {
      const odd = ['😀👩‍👩‍👧', 'مرحبا', '\u202Ereversed\u202C', '\u0000\u0007', 'y'.repeat(1000), '   '];
      const content: Content = {
        lists: { warningSigns: odd.map((text, n) => ({ id: `w${n}`, rev: 1, values: { text, name: text, phone: text } })) },
        texts: {},
      };
      const person = { name: odd.join(' '), phone: odd.join(' '), relationship: odd.join(' ') };
      const local = [
        { id: 'x', organisationId: 'y', organisation: 'z', name: odd.join(' '), phone: '1', hours: odd.join(' '), createdAt: new Date() },
      ];
      const pdf = await safetyPdf({
        t: (await createI18n()).t('en'),
        lang: 'en',
        name: odd.join(' '),
        madeOn: new Date('2026-06-01T00:30:00+01:00'),
        safety: content,
        calls: { people: [person], local, national: nationalCalls() },
        lifeline: lifeline(),
      });
      const { text } = await readPdf(pdf);
      assert.match(text, /Made on 1 June 2026/);
      assert.match(text, /reversed/);
    });
  });
});
