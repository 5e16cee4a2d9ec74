import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newPerson, planIdOf, testApp, textOf, type Browser, type TestApp } from '../../test/harness.ts';

describe('features/plan/history.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  async function person(): Promise<{ browser: Browser; base: string }> {
    const { browser } = await newPerson(t.app, 'Morgan');
    return { browser, base: `/plans/${await planIdOf(browser)}` };
  }

  const revOf = (html: string) => /name="rev" value="(-?\d+)"/.exec(html)?.[1] ?? '';

  describe('history', () => {
    test('every change is a revision with its author and time', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/meaning`, { text: 'First words' });
      await browser.post(`${base}/strengths`, { text: 'Kind' });
      const html = textOf((await browser.get(`${base}/history`)).body);
      assert.match(html, /3 \(current\) \d+ June 2026 at (?:midday|midnight|\d{1,2}(?::\d\d)?[ap]m) Added the strength ‘Kind’ by Morgan/);
      assert.match(html, /2 \d+ June 2026 at (?:midday|midnight|\d{1,2}(?::\d\d)?[ap]m) Wrote what recovery means to me by Morgan/);
      assert.match(html, /1 \d+ June 2026 at (?:midday|midnight|\d{1,2}(?::\d\d)?[ap]m) Plan started by Morgan/);
    });

    test('each version says what changed, naming the item in its own words, a removed one too', async () => {
      const { browser, base } = await person();
      const goal =
        (await browser.post(`${base}/goals`, { title: 'Get back to five-a-side', why: '', status: 'working' })).headers.location?.split(
          '?',
        )[0] ?? '';
      await browser.post(`${goal}/steps`, { text: 'Ask Dev about Thursday nights', whoHelps: '', day: '', month: '', year: '' });
      const stepId = /id="step-([0-9a-f-]{36})"/.exec((await browser.get(goal)).body)?.[1] ?? '';
      await browser.post(`${goal}/steps/${stepId}/toggle`, { done: 'yes' });
      await browser.post(`${goal}/notes`, { text: 'Went once' });
      const long = 'I can make people laugh even when things are hard, and I notice when someone is left out of things';
      await browser.post(`${base}/strengths`, { text: long });
      const itemId = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      await browser.post(`${base}/strengths/${itemId}/remove`, { rev: '1' });
      const rows = textOf((await browser.get(`${base}/history`)).body);
      for (const expected of [
        'Added the goal ‘Get back to five-a-side’',
        'Added the step ‘Ask Dev about Thursday nights’',
        'Marked the step ‘Ask Dev about Thursday nights’ as done',
        'Added a note on how ‘Get back to five-a-side’ is going',
        'Added the strength ‘I can make people laugh even when things are hard, and I…’',
        'Removed the strength ‘I can make people laugh even when things are hard, and I…’',
      ])
        assert.ok(rows.includes(expected), `${expected}\n${rows}`);
    });

    test('an earlier version of the whole plan can be opened', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/meaning`, { text: 'Version two words' });
      await browser.post(`${base}/meaning`, { text: 'Version three words' });
      const two = textOf((await browser.get(`${base}/history/2`)).body);
      assert.match(two, /Version two words/);
      assert.doesNotMatch(two, /Version three words/);
    });

    test('restoring brings an earlier version back as a new revision, losing nothing', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'Brave' });
      await browser.post(`${base}/strengths`, { text: 'Funny' });
      const res = await browser.post(`${base}/history/2/restore`, { seen: '3' });
      assert.equal(res.statusCode, 303);
      const page = await browser.get(res.headers.location ?? '');
      assert.match(textOf(page.body), /Version 2 has been brought back/);
      const overview = textOf((await browser.get(base)).body);
      assert.match(overview, /Brave/);
      assert.doesNotMatch(overview, /Funny/);
      const history = textOf((await browser.get(`${base}/history`)).body);
      assert.match(history, /4 \(current\) .* Brought back version 2 by Morgan/);
      assert.match(textOf((await browser.get(`${base}/history/3`)).body), /Funny/);
    });

    test('restoring over a change made since the page was opened is refused, and changes nothing', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'Brave' });
      const version = await browser.get(`${base}/history/1`);
      assert.match(version.body, /name="seen" value="2"/, 'the form carries the version the person saw as current');
      await browser.post(`${base}/strengths`, { text: 'Added in another tab' });
      const res = await browser.post(`${base}/history/1/restore`, { seen: '2' });
      assert.equal(res.statusCode, 409);
      assert.match(textOf(res.body), /This changed after you opened it/);
      assert.match(res.body, new RegExp(`href="${base}/history"`));
      assert.match(textOf((await browser.get(base)).body), /Added in another tab/);
      assert.equal((await browser.post(`${base}/history/1/restore`)).statusCode, 409, 'a restore that says nothing of what it saw');
    });

    test('removing something changed since the page was opened is refused, and it stays', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'Steady' });
      const list = (await browser.get(`${base}/strengths`)).body;
      const id = /id="item-([0-9a-f-]{36})"/.exec(list)?.[1] ?? '';
      assert.match(list, /name="rev" value="1"/, 'the remove form carries the version seen');
      await browser.post(`${base}/strengths/${id}`, { text: 'Steady and kind', rev: '1' });
      const res = await browser.post(`${base}/strengths/${id}/remove`, { rev: '1' });
      assert.equal(res.statusCode, 409);
      assert.match(textOf(res.body), /nothing was removed or brought back/);
      assert.match(textOf((await browser.get(`${base}/strengths`)).body), /Steady and kind/);
      assert.equal((await browser.post(`${base}/strengths/${id}/remove`, { rev: '2' })).statusCode, 303);
    });

    test('a version that does not exist is a 404', async () => {
      const { browser, base } = await person();
      assert.equal((await browser.get(`${base}/history/99`)).statusCode, 404);
      assert.equal((await browser.get(`${base}/history/abc`)).statusCode, 404);
      assert.equal((await browser.post(`${base}/history/99/restore`)).statusCode, 404);
    });
  });

  describe('no silent overwrite', () => {
    test('a second tab saving a strength is told it changed, and keeps its own text', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'Original' });
      const id = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      const tabA = await browser.get(`${base}/strengths/${id}`);
      const tabB = await browser.get(`${base}/strengths/${id}`);
      assert.equal((await browser.post(`${base}/strengths/${id}`, { text: 'From tab A', rev: revOf(tabA.body) })).statusCode, 303);
      const second = await browser.post(`${base}/strengths/${id}`, { text: 'From tab B', rev: revOf(tabB.body) });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /changed somewhere else after you opened it/);
      assert.match(second.body, />From tab B<\/textarea>/);
      assert.match(textOf(second.body), /What is saved now From tab A/);
      assert.match(textOf((await browser.get(base)).body), /From tab A/);
      // saving again from the conflict page is a deliberate replace
      assert.equal((await browser.post(`${base}/strengths/${id}`, { text: 'From tab B', rev: revOf(second.body) })).statusCode, 303);
      assert.match(textOf((await browser.get(base)).body), /From tab B/);
    });

    test('a second tab saving a goal is told it changed', async () => {
      const { browser, base } = await person();
      const goal =
        (await browser.post(`${base}/goals`, { title: 'Cook more', chime: 'empowerment', status: 'working' })).headers.location?.split(
          '?',
        )[0] ?? '';
      const tabA = await browser.get(`${goal}/edit`);
      const tabB = await browser.get(`${goal}/edit`);
      await browser.post(`${goal}/edit`, {
        title: 'Cook twice a week',
        chime: 'empowerment',
        status: 'working',
        lifeArea: '',
        why: '',
        rev: revOf(tabA.body),
      });
      const second = await browser.post(`${goal}/edit`, {
        title: 'Cook every day',
        chime: 'hope',
        status: 'paused',
        lifeArea: '',
        why: 'B',
        rev: revOf(tabB.body),
      });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /value="Cook every day"/);
      assert.match(textOf(second.body), /What is saved now Cook twice a week Working on it Choice and control/);
    });

    test('a second tab saving a step is told it changed', async () => {
      const { browser, base } = await person();
      const goal =
        (await browser.post(`${base}/goals`, { title: 'Sleep better', chime: 'hope', status: 'working' })).headers.location?.split(
          '?',
        )[0] ?? '';
      await browser.post(`${goal}/steps`, { text: 'No phone after ten', whoHelps: '', day: '', month: '', year: '' });
      const stepId = /id="step-([0-9a-f-]{36})"/.exec((await browser.get(goal)).body)?.[1] ?? '';
      const tabA = await browser.get(`${goal}/steps/${stepId}`);
      const tabB = await browser.get(`${goal}/steps/${stepId}`);
      const base2 = { whoHelps: '', day: '', month: '', year: '', done: 'no' };
      await browser.post(`${goal}/steps/${stepId}`, { ...base2, text: 'No phone after eleven', rev: revOf(tabA.body) });
      const second = await browser.post(`${goal}/steps/${stepId}`, { ...base2, text: 'No phone in bed', rev: revOf(tabB.body) });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /value="No phone in bed"/);
    });

    test('a second tab saving the review date is told it changed', async () => {
      const { browser, base } = await person();
      const tabA = await browser.get(`${base}/review`);
      const tabB = await browser.get(`${base}/review`);
      await browser.post(`${base}/review`, { day: '1', month: '9', year: '2026', rev: revOf(tabA.body) });
      const second = await browser.post(`${base}/review`, { day: '2', month: '10', year: '2026', rev: revOf(tabB.body) });
      assert.equal(second.statusCode, 409);
      assert.match(second.body, /value="2"/);
    });

    test('changes in two tabs to different things both survive', async () => {
      const { browser, base } = await person();
      await Promise.all([
        browser.post(`${base}/strengths`, { text: 'Calm' }),
        browser.post(`${base}/matters`, { text: 'Music' }),
        browser.post(`${base}/meaning`, { text: 'Peace' }),
      ]);
      const overview = textOf((await browser.get(base)).body);
      for (const word of ['Calm', 'Music', 'Peace']) assert.match(overview, new RegExp(word));
    });
  });

  describe('nothing a person writes is lost', () => {
    test('saving after the session has ended gives back what was written, on the sign-in page', async () => {
      const { browser, base } = await person();
      t.clock.advance(31 * 60 * 1000);
      const res = await browser.post(`${base}/meaning`, { text: 'A long and careful statement' });
      assert.equal(res.statusCode, 401);
      assert.match(textOf(res.body), /signed out after 30 minutes without activity/);
      assert.match(res.body, />A long and careful statement<\/textarea>/);
      assert.match(res.body, /action="\/sign-in"/);
    });

    test('what is given back is the writing: never a password, the version seen or a control the route declares', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'Patient' });
      const id = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      t.clock.advance(31 * 60 * 1000);
      const res = await browser.post(`${base}/strengths/${id}/move`, { direction: 'down', note: 'Kept words', password: 'Hunter2-secret' });
      assert.equal(res.statusCode, 401);
      assert.match(res.body, />Kept words<\/textarea>/);
      assert.doesNotMatch(res.body, />down<\/textarea>|Hunter2-secret/);
    });

    test('changing something removed in another tab gives back what was written', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'Steady' });
      const id = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      await browser.post(`${base}/strengths/${id}/remove`, { rev: '1' });
      const res = await browser.post(`${base}/strengths/${id}`, { text: 'Steady and kind', rev: '1' });
      assert.equal(res.statusCode, 409);
      assert.match(textOf(res.body), /This has been removed/);
      assert.match(res.body, />Steady and kind<\/textarea>/);
    });

    test('a note added to a goal removed in another tab is given back', async () => {
      const { browser, base } = await person();
      const goal =
        (await browser.post(`${base}/goals`, { title: 'Garden', chime: 'meaning', status: 'working' })).headers.location?.split('?')[0] ??
        '';
      await browser.post(`${goal}/remove`, { rev: '1' });
      const res = await browser.post(`${goal}/notes`, { text: 'Planted the beans today' });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, />Planted the beans today<\/textarea>/);
    });

    test('two stale "mark as done" clicks leave the step done', async () => {
      const { browser, base } = await person();
      const goal =
        (await browser.post(`${base}/goals`, { title: 'Rest', chime: 'hope', status: 'working' })).headers.location?.split('?')[0] ?? '';
      await browser.post(`${goal}/steps`, { text: 'Bed by eleven', whoHelps: '', day: '', month: '', year: '' });
      const stepId = /id="step-([0-9a-f-]{36})"/.exec((await browser.get(goal)).body)?.[1] ?? '';
      await browser.post(`${goal}/steps/${stepId}/toggle`, { done: 'yes' });
      await browser.post(`${goal}/steps/${stepId}/toggle`, { done: 'yes' });
      assert.match(textOf((await browser.get(goal)).body), /Bed by eleven Done/);
    });

    test('a version number too large for the database is a 404, not a 500', async () => {
      const { browser, base } = await person();
      assert.equal((await browser.get(`${base}/history/2147483648`)).statusCode, 404);
      assert.equal((await browser.post(`${base}/history/99999999999999/restore`)).statusCode, 404);
      assert.equal((await browser.get(`${base}/history/-1`)).statusCode, 404);
    });
  });

  describe('feedback after every change, and undo', () => {
    test('a save shows a banner; a removal shows one with an undo that brings it back where the person was', async () => {
      const { browser, base } = await person();
      const saved = await browser.post(`${base}/strengths`, { text: 'Honest' });
      assert.equal(saved.headers.location, `${base}/strengths?done=saved&version=2`);
      assert.match(textOf((await browser.get(saved.headers.location)).body), /Done Saved\./);

      const id = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      const removed = await browser.post(`${base}/strengths/${id}/remove`, { rev: '1' });
      assert.equal(removed.headers.location, `${base}/strengths?done=removed&version=3`);
      const page = (await browser.get(removed.headers.location)).body;
      assert.match(textOf(page), /Removed\. Undo: bring it back/);
      assert.match(page, new RegExp(`action="${base}/history/2/restore"`));
      assert.match(page, /name="seen" value="3"/);
      assert.match(page, new RegExp(`name="back" value="${base}/strengths"`));

      const undone = await browser.post(`${base}/history/2/restore`, { seen: '3', back: `${base}/strengths` });
      assert.equal(undone.headers.location, `${base}/strengths?done=restored`);
      const after = textOf((await browser.get(undone.headers.location)).body);
      assert.match(after, /Brought back\./);
      assert.match(after, /Honest/);
    });

    test('an undo after a later change is refused, and an undo never sends the person off the site', async () => {
      const { browser, base } = await person();
      await browser.post(`${base}/strengths`, { text: 'Brave' });
      const id = /id="item-([0-9a-f-]{36})"/.exec((await browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      await browser.post(`${base}/strengths/${id}/remove`, { rev: '1' });
      await browser.post(`${base}/matters`, { text: 'Added since' });
      assert.equal((await browser.post(`${base}/history/2/restore`, { seen: '3', back: `${base}/strengths` })).statusCode, 409);
      const away = await browser.post(`${base}/history/2/restore`, { seen: '4', back: '//evil.example/' });
      assert.equal(away.headers.location, `${base}/history?restored=2`);
    });

    test('a banner for something that did not happen cannot be made to say anything else', async () => {
      const { browser, base } = await person();
      const page = textOf((await browser.get(`${base}/strengths?done=<script>&version=abc`)).body);
      assert.doesNotMatch(page, /Done|script/);
    });
  });
});
