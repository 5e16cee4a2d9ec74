import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createI18n } from '../../platform/i18n.ts';
import { Browser, newMember, newPerson, testApp, type TestApp } from '../../test/harness.ts';
import { A6, download, isSize, readPdf as read } from '../../test/pdf.ts';
import { nationalCalls } from './helplines.ts';
import type { Content } from './model.ts';
import { DOWNLOAD_PATHS } from './paths.ts';
import { cardPdf, planPdf } from './pdf.ts';

describe('features/staying-well/pdf.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const WELSH = "Rydw i'n hoffi cerdded ger y llyn ŵyr ŷd";

  /** The base path of one of a person's plans, from /my-…-plan. */
  async function planBase(browser: Browser, slug: 'staying-well' | 'crisis'): Promise<string> {
    const res = await browser.get(`/my-${slug}-plan`);
    assert.equal(res.statusCode, 303);
    return res.headers.location ?? '';
  }

  async function add(browser: Browser, base: string, section: string, form: Record<string, string>): Promise<void> {
    const res = await browser.post(`${base}/${section}`, form);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
  }

  /** A person with a little of both plans written, through the real forms. */
  async function personWithPlans(name = 'Robin') {
    const { browser } = await newPerson(t.app, name);
    const well = await planBase(browser, 'staying-well');
    const crisis = await planBase(browser, 'crisis');
    await add(browser, well, 'whenWell', { text: WELSH, mine: 'Walk Pepper before breakfast', others: '' });
    await add(browser, well, 'keepWell', { when: 'everyDay', text: 'Porridge with honey', mine: '', others: 'Remind me to eat' });
    await add(browser, crisis, 'stepIn', { text: 'I stop answering the door' });
    await add(browser, crisis, 'contacts', {
      name: 'Jo Bloggs',
      phone: '07700 900 123',
      relationship: 'my sister',
      whatToDo: 'Come and sit with me',
    });
    await add(browser, crisis, 'helps', { text: 'A quiet room and a cup of tea' });
    await add(browser, crisis, 'notHelps', { text: 'Being told to cheer up' });
    await add(browser, crisis, 'advance', {
      wants: 'Treatment at home with my sister there',
      refusals: 'No haloperidol, please',
      rev: '0',
    });
    return { browser, well, crisis };
  }

  describe('downloading my staying-well and crisis plan', () => {
    test('is a PDF of what I wrote, under the section titles, with labels and choices in words', async () => {
      const { browser } = await personWithPlans('Robin Evans');
      const pdf = await download(browser, DOWNLOAD_PATHS.planPdf);
      for (const expected of [
        'My staying-well and crisis plan',
        'Robin Evans',
        'Made on 1 June 2026',
        'Me when I am well',
        WELSH,
        'What I can do: Walk Pepper before breakfast',
        'Every day',
        'Porridge with honey',
        'What others can do: Remind me to eat',
        'Signs that others should step in',
        'I stop answering the door',
        'Jo Bloggs',
        'Phone number: 07700 900 123',
        'What I would like them to do: Come and sit with me',
        'My treatment wishes (advance statement)',
        'My wishes, as written on 1 June 2026',
        'Treatment and care I would like',
        'Treatment at home with my sister there',
        'No haloperidol, please',
      ]) {
        assert.ok(pdf.text.includes(expected), `the plan should say “${expected}”`);
      }
    });

    test('has every section of the staying-well plan, then the crisis plan, empty ones saying so', async () => {
      const { browser } = await newPerson(t.app);
      const { text } = await download(browser, DOWNLOAD_PATHS.planPdf);
      const order = [
        'My staying-well plan',
        'Me when I am well',
        'When things are getting worse',
        'My crisis plan',
        'Signs that others should step in',
        'My treatment wishes (advance statement)',
        'After a crisis: how I would like to look back on what happened',
      ];
      const at = order.map((s) => text.indexOf(s));
      assert.ok(
        at.every((i, n) => i >= 0 && (n === 0 || i > (at[n - 1] ?? 0))),
        `in order: ${at.join(', ')}`,
      );
      assert.match(text, /Nothing here yet\. For example: I stop answering messages\./);
      assert.match(text, /Nobody here yet\./);
      assert.match(text, /Not written yet\./);
    });
  });

  describe('downloading my crisis card', () => {
    test('is one A6 page with the signs, people, what helps, my wishes and the national numbers', async () => {
      const { browser } = await personWithPlans('Sam');
      const pdf = await download(browser, DOWNLOAD_PATHS.cardPdf);
      assert.equal(pdf.pages.length, 1);
      assert.ok(isSize(pdf.pages[0], A6), JSON.stringify(pdf.pages));
      for (const expected of [
        'If I am in crisis',
        'Sam',
        'I stop answering the door',
        'Please contact',
        'Jo Bloggs, my sister',
        '07700 900 123',
        'Come and sit with me',
        'A quiet room and a cup of tea',
        'Being told to cheer up',
        'Treatment at home with my sister there',
        'No haloperidol, please',
        'Emergency 999 · Samaritans 116 123 · Shout: text SHOUT to 85258 · NHS 111',
        'Made on 1 June 2026',
      ]) {
        assert.ok(pdf.text.includes(expected), `the card should say “${expected}”`);
      }
      assert.doesNotMatch(pdf.text, /Porridge/, 'the staying-well plan is not on the card');
    });

    test('has the first person to call, the local crisis line and the national numbers on the front, however long it runs', async () => {
      const admin = await newMember(t, 'admin', 'Brookside');
      await admin.browser.post('/organisation/helplines', {
        organisationId: admin.organisationId,
        name: 'Brookside crisis line',
        phone: '01632 960555',
        hours: 'Any time',
      });
      const { browser } = await newMember(t, 'person', 'Brookside');
      const crisis = await planBase(browser, 'crisis');
      for (let n = 1; n <= 12; n += 1)
        await add(browser, crisis, 'stepIn', { text: `Sign ${n}: ${'a long way of saying it. '.repeat(8)}` });
      await add(browser, crisis, 'contacts', { name: 'Mum', phone: '07700 900123 ext 2', relationship: 'my mum', whatToDo: '' });
      await add(browser, crisis, 'contacts', { name: 'Dad', phone: '07700 900999', relationship: '', whatToDo: '' });
      const pdf = await download(browser, DOWNLOAD_PATHS.cardPdf);
      assert.ok(pdf.pages.length > 1, `${pdf.pages.length} pages`);
      const front = pdf.pageTexts[0] ?? '';
      const callFirst = front.indexOf('Call first');
      assert.ok(callFirst >= 0 && callFirst < front.indexOf('Signs that others should step in'), front.slice(0, 400));
      for (const expected of [
        'Mum, my mum: 07700 900123 ext 2',
        'Brookside crisis line: 01632 960555 (Any time)',
        'Emergency 999 · Samaritans 116 123 · Shout: text SHOUT to 85258 · NHS 111',
      ])
        assert.ok(front.includes(expected), `the front should say “${expected}”: ${front.slice(0, 400)}`);
      assert.ok(
        front.indexOf('Dad') === -1 || front.indexOf('Dad') > front.indexOf('Please contact'),
        'only the first person is called first',
      );
    });

    test('Welsh letters come out of both PDFs exactly as typed', async () => {
      const { browser } = await newPerson(t.app, 'Gwenllïan');
      await add(browser, await planBase(browser, 'crisis'), 'stepIn', { text: WELSH });
      for (const path of [DOWNLOAD_PATHS.planPdf, DOWNLOAD_PATHS.cardPdf]) {
        const { text } = await download(browser, path);
        assert.ok(text.includes(WELSH), `${path}: ${text.slice(0, 300)}`);
        assert.ok(text.includes('Gwenllïan'));
      }
    });
  });

  describe('who gets which PDF', () => {
    test('signed out, both downloads send me to sign in', async () => {
      const stranger = new Browser(t.app);
      for (const path of Object.values(DOWNLOAD_PATHS)) {
        const res = await stranger.get(path);
        assert.equal(res.statusCode, 303);
        assert.match(res.headers.location ?? '', /^\/sign-in(\?|$)/);
        assert.notEqual(res.headers['content-type'], 'application/pdf');
      }
    });

    test('each person only ever gets their own plan', async () => {
      await personWithPlans('Robin');
      const other = await newPerson(t.app, 'Alex');
      await add(other.browser, await planBase(other.browser, 'crisis'), 'helps', { text: 'Music in the kitchen' });
      for (const path of Object.values(DOWNLOAD_PATHS)) {
        const { text } = await download(other.browser, path);
        assert.match(text, /Alex/);
        if (path !== DOWNLOAD_PATHS.safetyPdf) assert.match(text, /Music in the kitchen/);
        for (const theirs of ['Robin', 'Jo Bloggs', 'A quiet room', 'haloperidol', 'ŵyr'])
          assert.ok(!text.includes(theirs), `${path} shows “${theirs}”`);
      }
    });
  });

  describe('a lot written', () => {
    const long = (n: number) => `Thing ${n}: ${'something that keeps me well, written out at length. '.repeat(17)}end of ${n}.`;

    test('40 long items make a valid plan of several pages, the last item still there', async () => {
      const { browser } = await newPerson(t.app);
      const well = await planBase(browser, 'staying-well');
      for (let n = 1; n <= 40; n += 1)
        await add(browser, well, 'keepWell', { when: 'everyWeek', text: long(n), mine: 'Something I can do', others: '' });
      const pdf = await download(browser, DOWNLOAD_PATHS.planPdf);
      assert.ok(pdf.pages.length > 5, `${pdf.pages.length} pages`);
      assert.ok(pdf.text.includes('end of 40.'));
      assert.ok(pdf.text.includes('After a crisis: how I would like to look back on what happened'));
    });

    test('a crisis card with more than a card holds continues on more A6 pages rather than cutting it', async () => {
      const { browser } = await newPerson(t.app);
      const crisis = await planBase(browser, 'crisis');
      for (let n = 1; n <= 40; n += 1) await add(browser, crisis, 'helps', { text: long(n) });
      const pdf = await download(browser, DOWNLOAD_PATHS.cardPdf);
      assert.ok(pdf.pages.length > 2, `${pdf.pages.length} pages`);
      assert.ok(pdf.pages.every((p) => isSize(p, A6)));
      assert.ok(pdf.text.includes('end of 40.'));
      assert.ok(pdf.text.includes('Samaritans 116 123'));
    });

    test('odd and hostile text is drawn without throwing', async () => {
      const tr = (await createI18n()).t('en');
      const odd = [
        '😀👩‍👩‍👧 emoji',
        'مرحبا بالعالم',
        '\u202Ereversed\u202C',
        'zero\u200Bwidth',
        'tab\tand\r\nnewlines',
        '\u0000\u0007 controls',
        'x'.repeat(1000),
        '   ',
      ];
      const values = (text: string) => ({
        text,
        mine: text,
        others: text,
        name: text,
        phone: text,
        whatToDo: text,
        wants: text,
        refusals: text,
      });
      const content: Content = {
        lists: Object.fromEntries(
          ['whenWell', 'stepIn', 'contacts', 'helps'].map((k) => [
            k,
            odd.map((text, n) => ({ id: `${k}${n}`, rev: 1, values: values(text) })),
          ]),
        ),
        // the longest a one-off section may be, in one unbreakable "word"
        texts: { advance: { rev: 1, values: values('y'.repeat(20_000)), savedAt: '2026-05-31T23:30:00Z' } },
      };
      const input = { t: tr, lang: 'en', name: odd.join(' '), madeOn: new Date('2026-06-01T00:30:00+01:00') };
      for (const pdf of [
        await planPdf({ ...input, stayingWell: content, crisis: content }),
        await cardPdf({ ...input, crisis: content, calls: { people: [], local: [], national: nationalCalls() } }),
      ]) {
        const { text } = await read(pdf);
        assert.match(text, /My wishes, as written on 1 June 2026/, 'dates are in London time');
        assert.match(text, /Made on 1 June 2026/);
      }
    });
  });
});
