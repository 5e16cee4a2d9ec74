import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { documents } from '../../db/schema.ts';
import { MAX_ITEMS } from '../../platform/lists.ts';
import { newMember, newPerson, testApp, textOf, type Browser, type TestApp } from '../../test/harness.ts';
import { PLAN_DEFS, type FieldDef } from './model.ts';

describe('features/staying-well/wellbeing.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  async function person(): Promise<{ browser: Browser; plan: (slug: string) => Promise<string> }> {
    const { browser } = await newPerson(t.app, 'Ceri');
    return { browser, plan: async (slug) => (await browser.get(`/my-${slug}-plan`)).headers.location ?? '' };
  }

  const revOf = (html: string) => /name="rev" value="(-?\d+)"/.exec(html)?.[1] ?? '';

  describe('staying-well plan', () => {
    test('every section takes items in my words, with what I and others can do', async () => {
      const { browser, plan } = await person();
      const base = await plan('staying-well');
      for (const section of ['whenWell', 'triggers', 'warningSigns', 'worse']) {
        const res = await browser.post(`${base}/${section}`, { text: `In ${section}`, mine: `I ${section}`, others: `They ${section}` });
        assert.equal(res.statusCode, 303, section);
      }
      await browser.post(`${base}/keepWell`, { when: 'everyWeek', text: 'Swimming', mine: '', others: '' });
      const page = textOf((await browser.get(base)).body);
      for (const section of ['whenWell', 'triggers', 'warningSigns', 'worse']) {
        assert.match(page, new RegExp(`In ${section}.*I ${section}.*They ${section}`));
      }
      assert.match(page, /Every week Swimming/);
    });

    test('what keeps me well needs how often, from the list', async () => {
      const { browser, plan } = await person();
      const base = await plan('staying-well');
      const missing = await browser.post(`${base}/keepWell`, { text: 'Sleep', mine: '', others: '' });
      assert.equal(missing.statusCode, 400);
      assert.match(missing.body, /Choose how often this helps/);
      assert.match(missing.body, />Sleep<\/textarea>/);
      const odd = await browser.post(`${base}/keepWell`, { when: 'hourly', text: 'Sleep' });
      assert.match(odd.body, /Choose one of the options/);
    });

    test('an item with nothing written is refused kindly', async () => {
      const { browser, plan } = await person();
      const res = await browser.post(`${await plan('staying-well')}/triggers`, { text: '  ', mine: '', others: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Write something in/);
    });

    test('items can be changed, reordered and removed', async () => {
      const { browser, plan } = await person();
      const section = `${await plan('staying-well')}/warningSigns`;
      await browser.post(section, { text: 'First sign' });
      await browser.post(section, { text: 'Second sign' });
      const ids = [...(await browser.get(section)).body.matchAll(/id="item-([0-9a-f-]{36})"/g)].map((m) => m[1] ?? '');
      await browser.post(`${section}/${ids[1] ?? ''}/move`, { direction: 'up' });
      let page = textOf((await browser.get(section)).body);
      assert.ok(page.indexOf('Second sign') < page.indexOf('First sign'));
      const edit = await browser.get(`${section}/${ids[0] ?? ''}`);
      await browser.post(`${section}/${ids[0] ?? ''}`, { text: 'First sign, changed', mine: '', others: '', rev: revOf(edit.body) });
      await browser.post(`${section}/${ids[1] ?? ''}/remove`, { rev: '1' });
      page = textOf((await browser.get(section)).body);
      assert.match(page, /First sign, changed/);
      assert.doesNotMatch(page, /Second sign/);
    });
  });

  describe('crisis plan', () => {
    test('people to contact keep their phone numbers as typed, as tap-to-call links', async () => {
      const { browser, plan } = await person();
      const base = await plan('crisis');
      for (const phone of ['07700 900123', '+44 (0)7700 900 456', '01632 960123 ext 12']) {
        assert.equal(
          (await browser.post(`${base}/contacts`, { name: `Someone ${phone}`, phone, relationship: '', whatToDo: '' })).statusCode,
          303,
          phone,
        );
      }
      const html = (await browser.get(base)).body;
      assert.match(html, /<a href="tel:07700900123"><bdi dir="ltr">07700 900123<\/bdi><\/a>/);
      assert.match(html, /<a href="tel:\+447700900456"><bdi dir="ltr">\+44 \(0\)7700 900 456<\/bdi><\/a>/);
      assert.match(html, /<a href="tel:01632960123,12"><bdi dir="ltr">01632 960123 ext 12<\/bdi><\/a>/);
    });

    test('a phone number with letters is refused with an example, keeping everything typed', async () => {
      const { browser, plan } = await person();
      const res = await browser.post(`${await plan('crisis')}/contacts`, {
        name: 'Mum',
        phone: 'ring mum',
        relationship: 'mum',
        whatToDo: 'Come round',
      });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /like 07700 900 123/);
      assert.match(res.body, /value="ring mum"/);
      assert.match(res.body, />Come round<\/textarea>/);
    });

    test('the advance statement is dated and shown as my wishes', async () => {
      const { browser, plan } = await person();
      const base = await plan('crisis');
      const form = await browser.get(`${base}/advance`);
      const res = await browser.post(`${base}/advance`, { wants: 'Talk to me calmly', refusals: 'No injections', rev: revOf(form.body) });
      assert.equal(res.statusCode, 303);
      const page = textOf((await browser.get(base)).body);
      assert.match(
        page,
        /My wishes, as written on \d{1,2} June 2026 Treatment and care I would like Talk to me calmly Treatment and care I do not want No injections/,
      );
    });

    test('the advance statement says what it can do in law, and who should have a copy, for where the person is supported', async () => {
      const { browser, plan } = await person();
      const unknown = textOf((await browser.get(`${await plan('crisis')}/advance`)).body);
      for (const where of ['In England and Wales', 'In Scotland', 'In Northern Ireland']) assert.ok(unknown.includes(where), where);
      assert.match(unknown, /advance decision to refuse treatment/);
      assert.match(unknown, /What this statement can do, and who should have a copy/);

      const cases = [
        ['wales', /Care and Treatment Plan/, /Mental Welfare Commission/],
        ['england', /advance decision to refuse treatment/, /Care and Treatment Plan|Mental Welfare Commission/],
        ['scotland', /Mental Welfare Commission, which keeps a register/, /advance decision to refuse treatment/],
        ['northern-ireland', /Mental Capacity Act \(Northern Ireland\) 2016/, /Mental Welfare Commission|Mental Health Act,/],
      ] as const;
      for (const [nation, shows, hides] of cases) {
        const admin = await newMember(t, 'admin', `Org in ${nation}`);
        await admin.browser.post('/organisation/nation', { organisationId: admin.organisationId, nation });
        const member = await newMember(t, 'person', `Org in ${nation}`);
        const form = await member.browser.get(`${(await member.browser.get('/my-crisis-plan')).headers.location ?? ''}/advance`);
        const page = textOf(form.body);
        assert.match(page, shows, nation);
        assert.doesNotMatch(page, hides, nation);
        assert.match(page, /Who should have a copy/, nation);
        assert.doesNotMatch(page, /The law is different in each part of the UK/, nation);
      }
    });

    test('someone named in one plan can be chosen in another, filling the form without saving anything', async () => {
      const { browser, plan } = await person();
      const crisis = await plan('crisis');
      await browser.post(`${crisis}/contacts`, { name: 'Mum', phone: '07700 900123', relationship: 'my mum', whatToDo: '' });
      await browser.post(`${crisis}/contacts`, { name: 'No number', phone: '', relationship: '', whatToDo: 'Visit' });
      const mumId = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${crisis}/contacts`)).body)?.[1] ?? '';
      const askForHelp = `${await plan('safety')}/askForHelp`;
      const page = await browser.get(askForHelp);
      assert.match(textOf(page.body), /Choose someone you have already named/);
      assert.match(page.body, new RegExp(`href="${askForHelp}\\?use=${mumId}#add-form"`));
      assert.doesNotMatch(textOf(page.body), /No number/);
      const versionBefore = textOf((await browser.get(`${await plan('safety')}/history`)).body).match(/(\d+) \(current\)/)?.[1];

      const filled = await browser.get(`${askForHelp}?use=${mumId}`);
      assert.equal(filled.statusCode, 200);
      assert.match(filled.body, /name="name" type="text" value="Mum"/);
      assert.match(filled.body, /value="07700 900123"/);
      const versionAfter = textOf((await browser.get(`${await plan('safety')}/history`)).body).match(/(\d+) \(current\)/)?.[1];
      assert.equal(versionAfter, versionBefore, 'choosing writes nothing');

      // Once added here, Mum is not offered again here; the crisis plan's own list never offers its own people.
      await browser.post(askForHelp, { name: 'Mum', phone: '07700 900123' });
      assert.doesNotMatch(textOf((await browser.get(askForHelp)).body), /Choose someone you have already named/);
      assert.doesNotMatch(textOf((await browser.get(`${crisis}/contacts`)).body), /Choose someone you have already named/);

      // Another person's item id fills nothing.
      const other = await person();
      const theirs = await other.browser.get(`${await other.plan('safety')}/askForHelp?use=${mumId}`);
      assert.equal(theirs.statusCode, 200);
      assert.doesNotMatch(theirs.body, /Mum|07700 900123/);
    });

    test('practical matters say what, and who looks after it', async () => {
      const { browser, plan } = await person();
      const base = await plan('crisis');
      await browser.post(`${base}/practical`, { matter: 'pets', what: 'Feed the cat', who: 'Mrs Khan' });
      assert.match(textOf((await browser.get(base)).body), /Pets Feed the cat Who looks after it: Mrs Khan/);
    });
  });

  describe('safety plan', () => {
    test('a contact named with a right-to-left override is kept without it, and the number reads left to right', async () => {
      const { browser, plan } = await person();
      await browser.post(`${await plan('crisis')}/contacts`, {
        name: 'Dan\u202E',
        phone: '07700\u202E 900123',
        relationship: '',
        whatToDo: '',
      });
      const html = (await browser.get(await plan('safety'))).body;
      assert.match(html, /href="tel:07700900123">Call <bdi>Dan<\/bdi> on <bdi dir="ltr">07700 900123<\/bdi>/);
      assert.doesNotMatch(html, /[\u202A-\u202E\u2066-\u2069]/);
    });

    test('shows my crisis contacts, then the national helplines, as tap-to-call links', async () => {
      const { browser, plan } = await person();
      await browser.post(`${await plan('crisis')}/contacts`, { name: 'Dan', phone: '07700 900123', relationship: 'brother', whatToDo: '' });
      const html = (await browser.get(await plan('safety'))).body;
      assert.match(html, /href="tel:07700900123">Call <bdi>Dan<\/bdi> on <bdi dir="ltr">07700 900123<\/bdi>/);
      assert.match(html, /href="tel:116123">Call <bdi>Samaritans<\/bdi> free on <bdi dir="ltr">116 123<\/bdi>/);
      assert.match(html, /href="tel:111">Call <bdi>NHS 111<\/bdi> free on <bdi dir="ltr">111<\/bdi>/);
      assert.match(html, /href="tel:999">Call <bdi dir="ltr">999<\/bdi>/);
    });

    test('professionals need a phone number', async () => {
      const { browser, plan } = await person();
      const res = await browser.post(`${await plan('safety')}/professionals`, { name: 'My GP', phone: '' });
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /Enter the phone number/);
    });

    test('the home page has an "If I\'m in crisis" link straight to my safety plan', async () => {
      const { browser, plan } = await person();
      const safety = await plan('safety');
      const home = (await browser.get('/')).body;
      assert.match(home, new RegExp(`href="${safety}">If I’m in crisis`));
    });
  });

  describe('history and no silent overwrite', () => {
    test('every change is a revision with its author; an earlier version can be opened and restored', async () => {
      const { browser, plan } = await person();
      const base = await plan('safety');
      await browser.post(`${base}/reasons`, { text: 'My nephew' });
      await browser.post(`${base}/reasons`, { text: 'The sea' });
      const history = textOf((await browser.get(`${base}/history`)).body);
      assert.match(history, /3 \(current\) .* Added ‘The sea’ to “What matters most to me, my reasons for living” by Ceri/);
      assert.match(history, /2 .* Added ‘My nephew’ to “What matters most to me, my reasons for living” by Ceri/);
      assert.doesNotMatch(textOf((await browser.get(`${base}/history/2`)).body), /The sea/);
      assert.equal((await browser.post(`${base}/history/2/restore`, { seen: '3' })).statusCode, 303);
      const page = textOf((await browser.get(base)).body);
      assert.match(page, /My nephew/);
      assert.doesNotMatch(page, /The sea/);
      assert.match(textOf((await browser.get(`${base}/history`)).body), /4 \(current\) .* Brought back version 2/);
    });

    test('a second tab saving the same item is told it changed, and keeps its text', async () => {
      const { browser, plan } = await person();
      const section = `${await plan('crisis')}/helps`;
      await browser.post(section, { text: 'Tea' });
      const id = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(section)).body)?.[1] ?? '';
      const a = await browser.get(`${section}/${id}`);
      const b = await browser.get(`${section}/${id}`);
      await browser.post(`${section}/${id}`, { text: 'Tea with honey', rev: revOf(a.body) });
      const second = await browser.post(`${section}/${id}`, { text: 'Coffee', rev: revOf(b.body) });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, />Coffee<\/textarea>/);
      assert.match(textOf(second.body), /What is saved now Tea with honey/);
    });

    test('a second tab saving the advance statement is told it changed', async () => {
      const { browser, plan } = await person();
      const page = `${await plan('crisis')}/advance`;
      const a = await browser.get(page);
      const b = await browser.get(page);
      await browser.post(page, { wants: 'A', refusals: '', rev: revOf(a.body) });
      const second = await browser.post(page, { wants: 'B', refusals: 'none', rev: revOf(b.body) });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, />B<\/textarea>/);
      assert.match(textOf(second.body), /What is saved now A/);
    });
  });

  describe('every section of every plan', () => {
    const sample = (f: FieldDef) =>
      f.type === 'choice' ? (f.choices?.[0] ?? '') : f.type === 'phone' ? '01632 960000' : `${f.name} words`;

    for (const def of PLAN_DEFS) {
      test(`in the ${def.slug} plan, keeps history and refuses a stale save`, async () => {
        const { browser, plan } = await person();
        const base = await plan(def.slug);
        for (const section of def.sections) {
          const values = Object.fromEntries(section.fields.map((f) => [f.name, sample(f)]));
          const url = `${base}/${section.key}`;
          if (section.kind === 'text') {
            const rev = revOf((await browser.get(url)).body);
            assert.equal((await browser.post(url, { ...values, rev })).statusCode, 303, section.key);
            assert.equal((await browser.post(url, { ...values, rev })).statusCode, 409, `${section.key} stale`);
          } else {
            assert.equal((await browser.post(url, values)).statusCode, 303, section.key);
            const id = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(url)).body)?.[1] ?? '';
            assert.equal((await browser.post(`${url}/${id}`, { ...values, rev: '1' })).statusCode, 303, `${section.key} edit`);
            assert.equal((await browser.post(`${url}/${id}`, { ...values, rev: '1' })).statusCode, 409, `${section.key} stale`);
          }
        }
        const history = textOf((await browser.get(`${base}/history`)).body);
        const edits = def.sections.filter((s) => s.kind === 'list').length * 2 + def.sections.filter((s) => s.kind === 'text').length;
        assert.match(history, new RegExp(`${String(edits + 1)} \\(current\\)`));
      });
    }
  });

  describe('a full list', () => {
    test('refuses one more item kindly, giving back what was typed and the way back', async () => {
      const { browser, plan } = await person();
      const safety = await plan('safety');
      const planId = safety.split('/').at(-1) ?? '';
      const reasons = Array.from({ length: MAX_ITEMS }, (_, i) => ({ id: randomUUID(), rev: 1, values: { text: `Reason ${i}` } }));
      await t.database.db
        .update(documents)
        .set({ content: { lists: { reasons }, texts: {} } })
        .where(eq(documents.id, planId));
      const res = await browser.post(`${safety}/reasons`, { text: 'Seeing the bluebells in May' });
      assert.equal(res.statusCode, 400);
      const page = textOf(res.body);
      assert.match(page, new RegExp(`This list is full A list can hold ${MAX_ITEMS} entries`));
      assert.match(res.body, /Seeing the bluebells in May/);
      assert.match(res.body, new RegExp(`href="${safety}/reasons">Go back to the list`));
      await browser.post(`${safety}/reasons/${reasons[0]?.id ?? ''}/remove`, { rev: String(reasons[0]?.rev ?? 1) });
      assert.equal((await browser.post(`${safety}/reasons`, { text: 'Seeing the bluebells in May' })).statusCode, 303);
    });
  });

  describe('a section that does not exist', () => {
    test('is a 404, to read or to send to', async () => {
      const { browser, plan } = await person();
      const overview = await plan('crisis');
      assert.equal((await browser.get(`${overview}/nonsense`)).statusCode, 404);
      assert.equal((await browser.post(`${overview}/nonsense`, { text: 'x' })).statusCode, 404);
    });
  });
});
