import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { helpNumber } from '../help/numbers.ts';
import { download } from '../../test/pdf.ts';
import { newMember, newPerson, testApp, textOf, type Browser, type TestApp } from '../../test/harness.ts';

describe('features/staying-well/safety.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const planOf = async (browser: Browser, slug: string) => (await browser.get(`/my-${slug}-plan`)).headers.location ?? '';

  /** The call buttons on a page, in order, as "accessible name → address". */
  const callButtons = (html: string) =>
    [...html.matchAll(/<a class="nhsuk-button nhsuk-button--secondary waymark-call__button" href="([^"]+)">([\s\S]*?)<\/a>/g)].map(
      (m) => `${textOf(m[2] ?? '').trim()} → ${m[1] ?? ''}`,
    );

  describe('the top of the safety plan', () => {
    test('is call buttons named by who they call, before any introduction', async () => {
      const { browser } = await newPerson(t.app, 'Ceri');
      await browser.post(`${await planOf(browser, 'crisis')}/contacts`, { name: 'Mum', phone: '07700 900123', relationship: 'my mum' });
      const html = (await browser.get(await planOf(browser, 'safety'))).body;
      assert.deepEqual(callButtons(html), [
        'Call Mum on 07700 900123 → tel:07700900123',
        'Call 999 → tel:999',
        'Call Samaritans free on 116 123 → tel:116123',
        'Text SHOUT to 85258 → sms:85258?&amp;body=SHOUT',
        'Call NHS 111 free on 111 → tel:111',
      ]);
      const page = textOf(html);
      assert.ok(page.indexOf('Call Mum on') < page.indexOf('Steps to work through when you feel unsafe'), 'the buttons come first');
      assert.ok(page.indexOf('My safety plan') < page.indexOf('Call Mum on'), 'after the page heading');
    });

    test('the national numbers are read from the one list of help numbers', async () => {
      const { browser } = await newPerson(t.app);
      const page = textOf((await browser.get(await planOf(browser, 'safety'))).body);
      for (const id of ['samaritans', 'nhs111England']) assert.ok(page.includes(helpNumber(id).phone ?? '?'), id);
      // There is no NHS 111 in Northern Ireland: the plan says so, and names Lifeline.
      assert.match(page, /no NHS 111 in Northern Ireland: call Lifeline free on 0808 808 8000/);
    });

    test("dials a number's extension after a pause", async () => {
      const { browser } = await newPerson(t.app);
      await browser.post(`${await planOf(browser, 'safety')}/professionals`, { name: 'My care team', phone: '01632 960123 ext 4' });
      const html = (await browser.get(await planOf(browser, 'safety'))).body;
      assert.ok(callButtons(html).includes('Call My care team on 01632 960123 ext 4 → tel:01632960123,4'), callButtons(html).join('\n'));
    });

    test("has the safety plan's own people and professionals after the crisis plan's, each number once", async () => {
      const { browser } = await newPerson(t.app);
      const safety = await planOf(browser, 'safety');
      await browser.post(`${await planOf(browser, 'crisis')}/contacts`, { name: 'Jo', phone: '07700 900111' });
      await browser.post(`${safety}/askForHelp`, { name: 'Jo again', phone: '07700 900 111' });
      await browser.post(`${safety}/askForHelp`, { name: 'Sam', phone: '07700 900222' });
      await browser.post(`${safety}/askForHelp`, { name: 'No number', phone: '' });
      await browser.post(`${safety}/professionals`, { name: 'My GP', phone: '01632 960000' });
      const people = callButtons((await browser.get(safety)).body).slice(0, 4);
      assert.deepEqual(people, [
        'Call Jo on 07700 900111 → tel:07700900111',
        'Call Sam on 07700 900222 → tel:07700900222',
        'Call My GP on 01632 960000 → tel:01632960000',
        'Call 999 → tel:999',
      ]);
    });

    test("has the person's organisation's local line, with its hours", async () => {
      const admin = await newMember(t, 'admin', 'Hillside');
      await admin.browser.post('/organisation/helplines', {
        organisationId: admin.organisationId,
        name: 'Hillside crisis line',
        phone: '01632 960777',
        hours: 'Evenings, 6pm to midnight',
      });
      const person = await newMember(t, 'person', 'Hillside');
      const html = (await person.browser.get(await planOf(person.browser, 'safety'))).body;
      assert.ok(callButtons(html).includes('Call Hillside crisis line on 01632 960777 → tel:01632960777'));
      assert.match(textOf(html), /Evenings, 6pm to midnight/);
    });

    test("gives the numbers of the nation the person's organisation works in, on the page, the kept copy and the PDFs", async () => {
      const admin = await newMember(t, 'admin', 'Glen Support');
      await admin.browser.post('/organisation/nation', { organisationId: admin.organisationId, nation: 'scotland' });
      const person = await newMember(t, 'person', 'Glen Support');
      const html = (await person.browser.get(await planOf(person.browser, 'safety'))).body;
      assert.deepEqual(callButtons(html).slice(-2), [
        'Call NHS 24 free on 111 → tel:111',
        'Call Breathing Space free on 0800 83 85 87 → tel:0800838587',
      ]);
      assert.doesNotMatch(textOf(html), /NHS 111/);
      assert.match(textOf(html), /Open 6pm to 2am on weekdays/);
      const kept = textOf((await person.browser.get('/my-crisis-plan/offline')).body);
      assert.match(kept, /Breathing Space/);
      for (const path of ['/downloads/my-safety-plan.pdf', '/downloads/my-crisis-card.pdf']) {
        const pdf = await download(person.browser, path);
        assert.match(pdf.text, /NHS 24/, path);
        assert.match(pdf.text, /Breathing Space/, path);
        assert.doesNotMatch(pdf.text, /NHS 111/, path);
      }
    });
  });

  describe('"If I\'m in crisis" on every plan page', () => {
    test('leads straight to my safety plan from the staying-well and crisis plans and every page of a plan', async () => {
      const { browser } = await newPerson(t.app);
      const safety = await planOf(browser, 'safety');
      const crisis = await planOf(browser, 'crisis');
      await browser.post(`${crisis}/helps`, { text: 'Tea' });
      const itemId = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${crisis}/helps`)).body)?.[1] ?? '';
      const pages = [
        await planOf(browser, 'staying-well'),
        crisis,
        `${crisis}/helps`,
        `${crisis}/helps/${itemId}`,
        `${crisis}/advance`,
        `${crisis}/history`,
        `${crisis}/history/1`,
        `${safety}/reasons`,
        `${safety}/history`,
      ];
      for (const url of pages) {
        const res = await browser.get(url);
        assert.equal(res.statusCode, 200, url);
        assert.match(res.body, new RegExp(`href="${safety}">If I’m in crisis</a>`), url);
      }
    });

    test('the safety plan itself starts with who to call instead', async () => {
      const { browser } = await newPerson(t.app);
      const html = (await browser.get(await planOf(browser, 'safety'))).body;
      assert.doesNotMatch(html, /If I’m in crisis/);
      assert.match(html, /<h2 id="who-to-call">Who to call<\/h2>/);
    });
  });

  describe('the offer to keep a copy on this device', () => {
    test('is on the crisis plan and the safety plan, saying who can open it and what signing out does', async () => {
      const { browser } = await newPerson(t.app);
      for (const slug of ['crisis', 'safety']) {
        const html = (await browser.get(await planOf(browser, slug))).body;
        assert.match(html, /data-offline hidden/, slug);
        const page = textOf(html);
        assert.match(page, /Anyone using this browser can open the kept copy, without your password/, slug);
        assert.match(page, /When you sign out, you will be asked whether to keep it on this device or remove it/, slug);
      }
      assert.doesNotMatch((await browser.get(await planOf(browser, 'staying-well'))).body, /data-offline/);
    });
  });

  describe('where a person writes', () => {
    test('every form of every wellbeing plan says plainly that nobody watches it in real time, with the help link', async () => {
      const { browser } = await newPerson(t.app);
      const crisis = await planOf(browser, 'crisis');
      await browser.post(`${crisis}/helps`, { text: 'Tea' });
      const itemId = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${crisis}/helps`)).body)?.[1] ?? '';
      const forms = [
        `${await planOf(browser, 'staying-well')}/whenWell`,
        `${crisis}/helps`,
        `${crisis}/helps/${itemId}`,
        `${crisis}/advance`,
        `${await planOf(browser, 'safety')}/reasons`,
      ];
      for (const url of forms) {
        const html = (await browser.get(url)).body;
        const page = textOf(html);
        const notice = html.indexOf('Nobody watches what you write here in real time');
        assert.ok(notice >= 0 && notice < html.lastIndexOf('novalidate'), `${url}: before the form`);
        assert.match(page, /If you need to talk to someone now, get help now ?\./, url);
        assert.match(html, /<a href="\/help">get help now<\/a>/, url);
      }
    });
  });
});
