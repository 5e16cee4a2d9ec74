import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Browser, newPerson, planIdOf, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { ARTS_HUB, walkingGroup } from './fixtures.ts';
import { addListing } from './write.ts';

describe('community directory pages', () => {
  let t: TestApp;
  let walking = '';
  let pottery = '';
  let closed = '';
  before(async () => {
    t = await testApp();
    const now = t.clock.now();
    walking = (await addListing(t.database.db, walkingGroup(), now)).serviceId;
    pottery = (
      await addListing(
        t.database.db,
        walkingGroup({
          name: 'Pottery for beginners',
          description: 'Make something with your hands.',
          assuredDate: '2025-06-01',
          cost: { amount: 5, description: '£5 a session' },
          place: ARTS_HUB,
          needs: ['creative'],
        }),
        now,
      )
    ).serviceId;
    for (let i = 0; i < 12; i += 1) {
      await addListing(
        t.database.db,
        walkingGroup({ name: `Evening walk ${String(i).padStart(2, '0')}`, cost: { amount: 2, description: '£2' } }),
        now,
      );
    }
    closed = (await addListing(t.database.db, walkingGroup({ name: 'Old walking club', status: 'defunct' }), now)).serviceId;
  });
  after(() => t.close());

  const get = (url: string) => new Browser(t.app).get(url);

  test('anyone can open the search page, signed in or not, and it asks what they are looking for', async () => {
    const res = await get('/directory');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /What are you looking for\?/);
    assert.doesNotMatch(res.body, /results?<\/h2>/);
  });

  test('a search by words with the free filter finds the free walking group, with when it was last checked', async () => {
    const res = await get('/directory?q=walking&free=yes');
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    assert.match(text, /1 result/);
    assert.match(text, /Tuesday walking group/);
    assert.match(text, /Last checked 1 May 2026/);
    assert.doesNotMatch(text, /Evening walk|Old walking club/);
  });

  test('a listing unchecked for over six months is shown as maybe out of date', async () => {
    const res = await get('/directory?q=pottery');
    assert.match(textOf(res.body), /Pottery for beginners.*May be out of date/s);
  });

  test('results come ten to a page, with a link to the next page that keeps the search', async () => {
    const first = await get('/directory?q=walk');
    assert.match(textOf(first.body), /13 results/);
    assert.match(first.body, /href="\/directory\?q=walk&amp;page=2"/);
    const second = await get('/directory?q=walk&page=2');
    assert.match(textOf(second.body), /Page 2 of 2/);
    assert.match(second.body, /href="\/directory\?q=walk"/);
  });

  test('near a postcode, nearest first, each result says how far away it is', async () => {
    const res = await get('/directory?postcode=rv2+1aa&sort=distance&need=creative');
    assert.equal(res.statusCode, 200);
    assert.match(textOf(res.body), /Pottery for beginners.*0 km away/s);
  });

  test('an unknown postcode is a clear error, with what was typed kept', async () => {
    const res = await get('/directory?q=walking&postcode=ZZ99+9ZZ');
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /We could not find that postcode/);
    assert.match(res.body, /value="ZZ99 9ZZ"/);
    assert.match(res.body, /value="walking"/);
  });

  test('hostile search queries never cause a server error', async () => {
    const hostile = [
      "q=' or 1=1; drop table hsds_service; --",
      'q=' + 'x'.repeat(5000),
      'q=%00%01%02',
      'q=%F0%9F%98%80%E2%80%AE%D8%A7',
      'q=a&q=b&q[]=c',
      'q=!!!&&&|||:*',
      'page=-5',
      'page=99999999999999999999',
      'page=1e9',
      'chime=nonsense&need=%27&day=XX&time=never&mode=teleport&language=zz&sort=sideways',
      'postcode=' + 'A'.repeat(500),
      'postcode=%27%3B--',
      'free[]=yes&stepFree=no&under25=1',
    ];
    for (const qs of hostile) {
      const res = await get(`/directory?${qs}`);
      assert.ok(res.statusCode === 200 || res.statusCode === 400, `${qs}: ${res.statusCode}`);
    }
    const long = await get(`/directory?q=${'x'.repeat(300)}`);
    assert.match(long.body, /Your search must be 200 characters or fewer/);
  });

  test('a listing page gives when, where, cost, who it is for, access and contact', async () => {
    const res = await get(`/directory/${walking}`);
    assert.equal(res.statusCode, 200);
    const text = textOf(res.body);
    for (const words of [
      'Every Tuesday, 10:30am to noon',
      '4 Mill Lane',
      'RV1 2AB',
      'Free',
      'Everyone',
      'Run by people with lived experience',
      'Step-free access',
      '01632 960001',
      'Connecting with people',
      'Walking',
    ]) {
      assert.ok(text.includes(words), words);
    }
    assert.match(res.body, /Sign in to add this to your plan/);
  });

  test('an unknown, malformed or closed listing is not found', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', closed, '%27%20or%201%3D1']) {
      assert.equal((await get(`/directory/${id}`)).statusCode, 404, id);
    }
  });

  describe('add to my plan', () => {
    test('a person adds a listing to a goal as a step that links back to the listing', async () => {
      const { browser } = await newPerson(t.app);
      const planId = await planIdOf(browser);
      const goal =
        (
          await browser.post(`/plans/${planId}/goals`, { title: 'Get out more', chime: 'connectedness', status: 'working' })
        ).headers.location?.split('?')[0] ?? '';
      const goalId = goal.split('/').at(-1) ?? '';
      const form = await browser.get(`/directory/${walking}/add-to-plan`);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /value="Go to Tuesday walking group"/);
      const res = await browser.post(`/directory/${walking}/add-to-plan`, { goalId, text: 'Go to the Tuesday walking group' });
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location ?? '', new RegExp(`/plans/${planId}/goals/${goalId}`));
      const page = await browser.get(goal);
      assert.match(textOf(page.body), /Go to the Tuesday walking group/);
      assert.match(page.body, new RegExp(`href="/directory/${walking}"`));
    });

    test('with no goals yet, the person is offered to add one first', async () => {
      const { browser } = await newPerson(t.app);
      const res = await browser.get(`/directory/${pottery}/add-to-plan`);
      assert.match(textOf(res.body), /You have no goals in your plan yet/);
    });

    test('no goal chosen, an empty step or another person’s goal is a clear error, with the words kept', async () => {
      const other = await newPerson(t.app);
      const otherPlan = await planIdOf(other.browser);
      const theirs =
        (await other.browser.post(`/plans/${otherPlan}/goals`, { title: 'Their goal', chime: 'hope', status: 'working' })).headers.location
          ?.split('/')
          .at(-1)
          ?.split('?')[0] ?? '';
      const { browser } = await newPerson(t.app);
      const planId = await planIdOf(browser);
      await browser.post(`/plans/${planId}/goals`, { title: 'Mine', chime: 'hope', status: 'working' });
      const none = await browser.post(`/directory/${walking}/add-to-plan`, { text: 'Kept words' });
      assert.equal(none.statusCode, 400);
      assert.match(none.body, /Choose the goal this is a step towards/);
      assert.match(none.body, /value="Kept words"/);
      const empty = await browser.post(`/directory/${walking}/add-to-plan`, { goalId: theirs, text: '  ' });
      assert.match(empty.body, /Enter the step/);
      const foreign = await browser.post(`/directory/${walking}/add-to-plan`, { goalId: theirs, text: 'Sneaky' });
      assert.equal(foreign.statusCode, 400);
      const theirPage = await other.browser.get(`/plans/${otherPlan}/goals/${theirs}`);
      assert.doesNotMatch(theirPage.body, /Sneaky/);
    });

    test('signed out, adding to a plan asks the person to sign in', async () => {
      const res = await get(`/directory/${walking}/add-to-plan`);
      assert.equal(res.statusCode, 303);
      assert.match(res.headers.location ?? '', /^\/sign-in\?next=/);
    });
  });
});
