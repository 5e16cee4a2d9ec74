import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { auditEvents, circleMembers, memberships } from '../../db/schema.ts';
import { insertAccount } from '../accounts/store.ts';
import { setGrants } from './store.ts';
import { hostileForm } from '../../test/hostile.ts';
import { Browser, newMember, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { SHARE_PARTS } from './parts.ts';
import * as circles from '../../test/circles.ts';
import type { Someone } from '../../test/circles.ts';

describe('features/circle/circle.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  /** After the clock moves past the session's end: signed in again, as the person would. */
  async function signInAgain(who: Someone): Promise<void> {
    await who.browser.get('/sign-in');
    assert.equal((await who.browser.post('/sign-in', { email: who.email, password: who.password })).statusCode, 303);
  }

  const someone = (name: string) => circles.someone(t, name);
  const invitationLink = (email: string) => circles.invitationLink(t, email);
  const join = (owner: Someone, member: Someone) => circles.join(t, owner, member);
  const { share } = circles;

  const planUrl = async (browser: Browser, slug: string) => (await browser.get(`/my-${slug}-plan`)).headers.location ?? '';

  describe('my circle of support', () => {
    test('an invitation is an emailed link that only the invited address can accept, once; the link page changes nothing', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      const stranger = await someone('Kit');
      await owner.browser.post('/circle/invite', { email: carer.email.toUpperCase() });
      const link = await invitationLink(carer.email.toUpperCase());
      assert.match(link, /^\/circle\/invite\/[A-Za-z0-9_-]{43}$/);

      const signedOut = await new Browser(t.app).get(link);
      assert.equal(signedOut.statusCode, 200);
      assert.match(textOf(signedOut.body), /Alex has invited you into their circle of support/);
      assert.match(signedOut.body, /href="\/sign-in\?next=/);
      assert.equal((await stranger.browser.get(link)).statusCode, 200);
      assert.equal((await stranger.browser.post(`${link}/accept`)).statusCode, 404, 'another address cannot accept');
      assert.match(textOf((await owner.browser.get('/circle')).body), /Invitations not answered yet/);

      assert.equal((await carer.browser.post(`${link}/accept`)).statusCode, 303);
      assert.equal((await carer.browser.post(`${link}/accept`)).statusCode, 404, 'used once');
      assert.equal((await carer.browser.get(link)).statusCode, 404);
      const circle = textOf((await owner.browser.get('/circle')).body);
      assert.match(circle, /Dan/);
      assert.match(circle, /You have not shared anything with Dan yet/);
      assert.doesNotMatch(circle, /Invitations not answered yet/);
    });

    test('an invitation can be withdrawn, and expires after 7 days', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      await owner.browser.post('/circle/invite', { email: carer.email });
      const id = /\/circle\/invitations\/([0-9a-f-]{36})\/withdraw/.exec((await owner.browser.get('/circle')).body)?.[1] ?? '';
      assert.equal((await carer.browser.post(`/circle/invitations/${id}/withdraw`)).statusCode, 404, 'only its sender');
      assert.equal((await owner.browser.post(`/circle/invitations/${id}/withdraw`)).statusCode, 303);
      assert.equal((await carer.browser.post(`${await invitationLink(carer.email)}/accept`)).statusCode, 404);

      await owner.browser.post('/circle/invite', { email: carer.email });
      const link = await invitationLink(carer.email);
      t.clock.advance(7 * 24 * 60 * 60 * 1000 + 1000);
      await signInAgain(carer);
      assert.equal((await carer.browser.post(`${link}/accept`)).statusCode, 404);
    });

    test('a bad address is refused with the error summary, keeping what was typed; inviting yourself too', async () => {
      const owner = await someone('Alex');
      for (const email of ['', 'not an address', 'a'.repeat(400) + '@example.org', owner.email]) {
        const res = await owner.browser.post('/circle/invite', { email });
        assert.equal(res.statusCode, 400, email);
        assert.match(res.body, /There is a problem/);
        assert.match(res.body, /href="#email"/);
        if (email) assert.ok(res.body.includes(`value="${email}"`) || email.length > 300);
      }
    });

    test('a supporter of my organisation can be picked from its list; one of another organisation cannot', async () => {
      const person = await newMember(t, 'person', 'Brookside');
      const supporter = await newMember(t, 'supporter', 'Brookside');
      const elsewhere = await newMember(t, 'supporter', 'Farside');
      const page = (await person.browser.get('/circle')).body;
      const ids = [...page.matchAll(/name="supporterId" type="radio" value="([0-9a-f-]{36})"/g)].map((m) => m[1]);
      assert.equal(ids.length, 1);
      const res = await person.browser.post('/circle/invite', { supporterId: ids[0] ?? '' });
      assert.equal(res.statusCode, 303);
      const [far] = await t.database.db
        .select({ id: memberships.accountId })
        .from(memberships)
        .where(and(eq(memberships.organisationId, elsewhere.organisationId), eq(memberships.role, 'supporter')));
      assert.equal((await person.browser.post('/circle/invite', { supporterId: far?.id ?? '' })).statusCode, 404);
      assert.ok(supporter.browser);
    });
  });

  describe('people I support', () => {
    test('a caseload is paged, searched by name (literally), and sorted by name or by the latest change', async () => {
      const supporter = await someone('Priya');
      const { db } = t.database;
      for (let i = 1; i <= 23; i += 1) {
        const at = new Date(Date.UTC(2026, 4, i));
        const owner = await insertAccount(db, {
          email: `caseload${String(i)}@example.org`,
          displayName: `Person ${String(i).padStart(2, '0')}`,
          passwordHash: 'x',
          now: at,
        });
        await db.insert(circleMembers).values({ ownerId: owner.id, memberId: supporter.id, addedAt: at });
        await setGrants(db, owner.id, supporter.id, [{ part: 'crisis-plan', level: 'see' }], null, at);
      }
      const names = (body: string) => [...body.matchAll(/<bdi>(Person \d+)<\/bdi>/g)].map((m) => m[1]);
      const first = await supporter.browser.get('/people');
      assert.equal(names(first.body).length, 20);
      assert.equal(names(first.body)[0], 'Person 01');
      assert.match(textOf(first.body), /23 people share with you/);
      assert.deepEqual(names((await supporter.browser.get('/people?page=2')).body), ['Person 21', 'Person 22', 'Person 23']);
      assert.deepEqual(
        names((await supporter.browser.get('/people?page=99')).body),
        ['Person 21', 'Person 22', 'Person 23'],
        'the last page',
      );
      assert.deepEqual(names((await supporter.browser.get('/people?q=person%202')).body), [
        'Person 20',
        'Person 21',
        'Person 22',
        'Person 23',
      ]);
      for (const q of ['%', '_', '\\'])
        assert.match(textOf((await supporter.browser.get(`/people?q=${encodeURIComponent(q)}`)).body), /Nobody with that name/, q);
      const newest = await supporter.browser.get('/people?sort=changed');
      assert.deepEqual(names(newest.body).slice(0, 2), ['Person 23', 'Person 22']);
      assert.match(newest.body, /href="\/people\?q=&sort=changed&page=2"/);
    });

    test('the list shows a plan review date only to someone the goals are shared with, and not once the grant ends', async () => {
      const owner = await someone('Rowan');
      const goals = await someone('Gwen');
      const crisisOnly = await someone('Cai');
      await owner.browser.post(`${(await owner.browser.get('/my-plan')).headers.location ?? ''}/review`, {
        day: '14',
        month: '9',
        year: '2027',
        rev: '0',
      });
      for (const member of [goals, crisisOnly]) await join(owner, member);
      await share(owner, goals, { 'recovery-plan.goals': 'see' });
      await share(owner, crisisOnly, { 'crisis-plan': 'see' });
      assert.match(textOf((await goals.browser.get('/people')).body), /Their plan's review date is 14 September 2027/);
      const theirs = textOf((await crisisOnly.browser.get('/people')).body);
      assert.match(theirs, /Rowan/);
      assert.doesNotMatch(theirs, /review date|September 2027/);
      await share(owner, goals, { 'crisis-plan': 'see' });
      assert.doesNotMatch(textOf((await goals.browser.get('/people')).body), /review date/);
    });
  });

  describe('what each person in my circle sees', () => {
    test('nothing until shared; then only the parts shared, read-only, and never a form; removal stops the next request', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      await join(owner, carer);
      const crisis = await planUrl(owner.browser, 'crisis');
      const safety = await planUrl(owner.browser, 'safety');
      await owner.browser.post(`${crisis}/helps`, { text: 'A walk by the river' });
      await owner.browser.post(`${safety}/reasons`, { text: 'Private reason' });
      assert.equal((await carer.browser.get(crisis)).statusCode, 404, 'in the circle, nothing shared');
      assert.equal((await carer.browser.get(`/people/${owner.id}`)).statusCode, 404);

      assert.equal((await share(owner, carer, { 'crisis-plan': 'see' })).statusCode, 303);
      assert.match(textOf((await owner.browser.get('/circle')).body), /Dan can see: My crisis plan/);
      const page = await carer.browser.get(crisis);
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /Alex’s crisis plan/);
      assert.match(textOf(page.body), /A walk by the river/);
      assert.doesNotMatch(page.body, /Add or change|<form method="post" action="\/crisis/);
      for (const url of [`${crisis}/helps`, `${crisis}/advance`, safety, `${safety}/history`])
        assert.equal((await carer.browser.get(url)).statusCode, 404, url);
      assert.equal((await carer.browser.post(`${crisis}/helps`, { text: 'Planted' })).statusCode, 404);
      assert.equal((await carer.browser.get(`${crisis}/history`)).statusCode, 200);

      const people = textOf((await carer.browser.get('/people')).body);
      assert.match(people, /Alex/);
      assert.match(people, /Shares: My crisis plan/);
      assert.match(textOf((await carer.browser.get(`/people/${owner.id}`)).body), /Alex’s crisis plan/);

      assert.equal((await owner.browser.post(`/circle/members/${carer.id}/remove`)).statusCode, 303);
      assert.equal((await carer.browser.get(crisis)).statusCode, 404);
      assert.doesNotMatch(textOf((await carer.browser.get('/people')).body), /Alex/);
    });

    test('parts of the recovery plan are shared one by one: the rest is taken out, now and in its history', async () => {
      const owner = await someone('Alex');
      const supporter = await someone('Priya');
      await join(owner, supporter);
      const base = (await owner.browser.get('/my-plan')).headers.location ?? '';
      await owner.browser.post(`${base}/meaning`, { text: 'Private meaning words' });
      await owner.browser.post(`${base}/strengths`, { text: 'Shared strength words' });
      await owner.browser.post(`${base}/goals`, { title: 'Private goal words', why: '', status: 'working' });
      await share(owner, supporter, { 'recovery-plan.strengths': 'suggest' });
      const page = await supporter.browser.get(base);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /Shared strength words/);
      assert.doesNotMatch(page.body, /Private meaning words|Private goal words/);
      const history = await supporter.browser.get(`${base}/history`);
      assert.doesNotMatch(history.body, /Private meaning words|Private goal words/);
      for (let v = 1; v <= 4; v += 1) {
        const version = await supporter.browser.get(`${base}/history/${v}`);
        assert.equal(version.statusCode, 200);
        assert.doesNotMatch(version.body, /Private meaning words|Private goal words/);
        assert.doesNotMatch(version.body, /\/restore"/);
      }
      assert.equal((await supporter.browser.post(`${base}/history/1/restore`, { seen: '4' })).statusCode, 404);
    });

    test('an end date, and pause all sharing, stop the next request; resume restores the same choices', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      await join(owner, carer);
      const crisis = await planUrl(owner.browser, 'crisis');
      const now = t.clock.now();
      const tomorrow = new Date(now.getTime() + 24 * 60 * 60 * 1000);
      const res = await share(owner, carer, { 'crisis-plan': 'see' }, [
        String(tomorrow.getUTCDate()),
        String(tomorrow.getUTCMonth() + 1),
        String(tomorrow.getUTCFullYear()),
      ]);
      assert.equal(res.statusCode, 303);
      assert.match(textOf((await owner.browser.get('/circle')).body), /Dan can see until \d+ \w+ \d{4}: My crisis plan/);
      assert.equal((await carer.browser.get(crisis)).statusCode, 200);

      await owner.browser.post('/circle/pause');
      assert.equal((await carer.browser.get(crisis)).statusCode, 404);
      assert.match(textOf((await owner.browser.get('/circle')).body), /Sharing is paused/);
      await owner.browser.post('/circle/resume');
      assert.equal((await carer.browser.get(crisis)).statusCode, 200);

      t.clock.advance(2 * 24 * 60 * 60 * 1000);
      await signInAgain(carer);
      assert.equal((await carer.browser.get(crisis)).statusCode, 404, 'after the end date');
    });

    test('choices that are not on the list, and dates in the past, are refused, changing nothing', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      await join(owner, carer);
      await share(owner, carer, { 'crisis-plan': 'see' });
      const bad = await owner.browser.post(`/circle/members/${carer.id}`, { 'crisis-plan': 'everything' });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /There is a problem/);
      const past = await share(owner, carer, { 'crisis-plan': 'suggest' }, ['1', '1', '2020']);
      assert.equal(past.statusCode, 400);
      assert.match(past.body, /href="#until-day"/);
      assert.match(textOf((await owner.browser.get('/circle')).body), /Dan can see: My crisis plan/);
      assert.equal((await carer.browser.get(`/circle/members/${owner.id}`)).statusCode, 404, 'not their circle');
      assert.equal((await owner.browser.get(`/circle/members/${owner.id}`)).statusCode, 404);
    });

    test('every change to sharing is in the audit log, shown to the owner', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      await join(owner, carer);
      await share(owner, carer, { 'safety-plan': 'see' });
      await carer.browser.get(await planUrl(owner.browser, 'safety'));
      const rows = await t.database.db
        .select({ action: auditEvents.action })
        .from(auditEvents)
        .where(and(eq(auditEvents.ownerId, owner.id), eq(auditEvents.ownerVisible, true)));
      const actions = rows.map((r) => r.action);
      for (const a of ['circle.invited', 'circle.joined', 'circle.sharing.changed', 'safety-plan.view'])
        assert.ok(actions.includes(a), `${a} in ${actions.join()}`);
    });

    test('hostile input never causes a 500', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      await join(owner, carer);
      await fc.assert(
        fc.asyncProperty(hostileForm(['email', 'supporterId']), async (form) => {
          assert.ok((await owner.browser.post('/circle/invite', form)).statusCode < 500);
        }),
        { numRuns: 15 },
      );
      await fc.assert(
        fc.asyncProperty(hostileForm([...SHARE_PARTS, 'day', 'month', 'year']), async (form) => {
          assert.ok((await owner.browser.post(`/circle/members/${carer.id}`, form)).statusCode < 500);
        }),
        { numRuns: 15 },
      );
      for (const q of ['%00', "' or 1=1 --", 'x'.repeat(5000)])
        assert.ok((await carer.browser.get(`/people?q=${encodeURIComponent(q)}&page=99999999999`)).statusCode < 500);
    });
  });
});
