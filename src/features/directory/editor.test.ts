import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { auditEvents, hsdsService, listingCheckRequests } from '../../db/schema.ts';
import { Browser, newMember, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { ART_GROUP, walkingGroup } from './fixtures.ts';
import { stillCorrectLink } from './freshness.ts';
import { addListing } from './write.ts';

describe('features/directory/editor.test.ts', () => {
  let t: TestApp;
  let editor: Awaited<ReturnType<typeof newMember>>;
  let listingId = '';

  before(async () => {
    t = await testApp();
    editor = await newMember(t, 'listings-editor', 'Riverside');
    const organisation = { name: 'Riverside Peer Support', description: 'x', waymarkOrganisationId: editor.organisationId };
    listingId = (await addListing(t.database.db, walkingGroup({ organisation, assuredDate: '2026-01-01' }), t.clock.now())).serviceId;
    await addListing(
      t.database.db,
      walkingGroup({ organisation: { name: 'Riverside Peer Support', description: 'x' }, name: 'Not theirs' }),
      t.clock.now(),
    );
  });
  after(async () => t.close());

  const statusOf = async (id: string) => (await t.database.db.select().from(hsdsService).where(eq(hsdsService.id, id)))[0];
  const idFrom = (location: string | undefined) => /listing=([0-9a-f-]{36})/.exec(location ?? '')?.[1] ?? '';
  const search = async (words: string) => textOf((await new Browser(t.app).get(`/directory?q=${encodeURIComponent(words)}`)).body);
  const apiNames = async () => {
    const res = await t.app.inject('/api/oruk/services?per_page=50');
    return (JSON.parse(res.body) as { contents: { name: string }[] }).contents.map((c) => c.name);
  };

  describe('our listings', () => {
    test("an editor's home page leads to our listings, which lists the organisation's listings with status and last checked", async () => {
      assert.match((await editor.browser.get('/')).body, /href="\/our-listings">Our listings/);
      const page = await editor.browser.get('/our-listings');
      assert.equal(page.statusCode, 200);
      const text = textOf(page.body);
      assert.match(text, /Tuesday walking group .*Shown .*1 January 2026 .*Due for a check/);
      assert.doesNotMatch(text, /Not theirs/);
    });

    test('an admin of the organisation keeps its listings too, from a link on their home page', async () => {
      const admin = await newMember(t, 'admin', 'Riverside');
      assert.match((await admin.browser.get('/')).body, /href="\/our-listings">Our directory listings/);
      assert.match(textOf((await admin.browser.get('/our-listings')).body), /Tuesday walking group/);
      assert.equal((await admin.browser.get(`/our-listings/${listingId}/edit`)).statusCode, 200);
    });

    test('the oldest-checked listings come first', async () => {
      const keeper = await newMember(t, 'listings-editor', 'Order Org');
      const organisation = { name: 'Order Org listings', description: 'x', waymarkOrganisationId: keeper.organisationId };
      const made = await addListing(t.database.db, walkingGroup({ organisation, name: 'Checked recently' }), t.clock.now());
      const older = walkingGroup({ organisation: { id: made.organisationId }, name: 'Checked long ago', assuredDate: '2025-01-01' });
      await addListing(t.database.db, older, t.clock.now());
      const text = textOf((await keeper.browser.get('/our-listings')).body);
      assert.ok(text.indexOf('Checked long ago') < text.indexOf('Checked recently'), text);
    });
  });

  describe('adding a listing', () => {
    test('the form asks for what a person needs before going, and the new listing is in the search, checked today', async () => {
      const form = await editor.browser.get('/our-listings/new');
      assert.equal(form.statusCode, 200);
      for (const label of [
        'Name',
        'What happens there',
        'Which days does it meet?',
        'Postcode',
        'Does it cost anything?',
        'Languages spoken there',
      ]) {
        assert.match(textOf(form.body), new RegExp(label.replace('?', '\\?')));
      }
      const res = await editor.browser.post('/our-listings/new', ART_GROUP);
      assert.equal(res.statusCode, 303);
      const id = idFrom(res.headers.location);
      assert.ok(id);
      assert.match(textOf((await editor.browser.get(res.headers.location ?? '')).body), /Thursday art group is in the directory now/);
      const page = textOf((await new Browser(t.app).get(`/directory/${id}`)).body);
      assert.match(page, /Run by Riverside Peer Support/);
      assert.match(page, /9 Mill Lane Rivermouth RV1 2AB/);
      assert.match(page, /Step-free access/);
      assert.match(page, /Welsh/);
      assert.match(page, /Ages 18 and over/);
      assert.match(page, /Last checked 1 June 2026/);
      assert.match(await search('art group'), /Thursday art group/);
      const near = textOf((await new Browser(t.app).get('/directory?q=art&postcode=RV1+2AB&sort=distance')).body);
      assert.match(near, /Thursday art group .*0 km away/, 'placed from the postcode the directory knows');
      const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id));
      assert.deepEqual(
        events.map((e) => [e.action, e.detail]),
        [['listing.created', null]],
      );
    });

    test('every mistake is in the error summary, and everything typed is kept', async () => {
      const res = await editor.browser.post('/our-listings/new', {
        ...ART_GROUP,
        name: '',
        opensAt: '25:00',
        closesAt: '13:00',
        postcode: 'not a postcode',
        cost: 'charge',
        costAmount: 'lots',
        minimumAge: '30',
        maximumAge: '20',
        email: 'nope',
        website: 'javascript:alert(1)',
        description: 'Kept <words>',
      });
      assert.equal(res.statusCode, 400);
      const summary = /nhsuk-error-summary__list">[\s\S]*?<\/ul>/.exec(res.body)?.[0].replace(/\s+/g, ' ') ?? '';
      for (const [field, message] of [
        ['name', 'Enter the name of the listing'],
        ['opensAt', 'Enter a time like 10:30 or 18:00'],
        ['postcode', 'Enter a full UK postcode'],
        ['costAmount', 'Enter the cost in pounds'],
        ['costDescription', 'Enter what the charge is for'],
        ['maximumAge', 'The oldest age must be the same as or more than the youngest'],
        ['email', 'Enter an email address'],
        ['website', 'Enter a website address starting https://'],
      ]) {
        assert.match(summary, new RegExp(`href="#${field}"> ${message}`), field);
      }
      assert.match(res.body, /Kept &lt;words&gt;<\/textarea>/);
      assert.match(res.body, /value="not a postcode"/);
      assert.match(res.body, /value="javascript:alert\(1\)"/);
    });

    test('nothing chosen for where, or a choice not on the list, is a clear error', async () => {
      const res = await editor.browser.post('/our-listings/new', { ...ART_GROUP, where: [], needs: 'flying', days: ['TH', 'XX'] });
      assert.equal(res.statusCode, 400);
      const text = textOf(res.body);
      assert.match(text, /Choose in person, online, or both/);
      assert.match(text, /Choose from the list/);
    });
  });

  describe('changing a listing', () => {
    test('the form shows what is saved; saving counts as a check, and the history says who changed what, when', async () => {
      await t.database.db.insert(listingCheckRequests).values({ serviceId: listingId, askedAt: t.clock.now() });
      const form = await editor.browser.get(`/our-listings/${listingId}/edit`);
      assert.match(form.body, /value="Tuesday walking group"/);
      assert.match(form.body, /name="rev" value="0"/);
      t.clock.advance(60_000);
      const res = await editor.browser.post(`/our-listings/${listingId}/edit`, {
        ...ART_GROUP,
        name: 'Tuesday walking group',
        description: 'A gentle walk, then tea.',
        opensAt: '11:00',
        closesAt: '12:30',
        rev: '0',
      });
      assert.equal(res.statusCode, 303);
      const saved = await statusOf(listingId);
      assert.ok(saved);
      assert.equal(saved.assuredDate, '2026-06-01');
      assert.equal(saved.description, 'A gentle walk, then tea.');
      assert.equal(
        (await t.database.db.select().from(listingCheckRequests).where(eq(listingCheckRequests.serviceId, listingId))).length,
        0,
      );
      const history = textOf((await editor.browser.get(`/our-listings/${listingId}/history`)).body);
      assert.match(history, /1 1 June 2026[^A-Z]* listings-editor Changed what happens there, when, where/);
      assert.doesNotMatch(history, /Changed the name/);
      const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, listingId));
      assert.ok(events.some((e) => e.action === 'listing.edited' && e.detail === null));
    });

    test('an edit made from an older version is refused with a clear message; what was typed is kept beside what is saved', async () => {
      const first = await editor.browser.get(`/our-listings/${listingId}/edit`);
      const rev = /name="rev" value="(\d+)"/.exec(first.body)?.[1] ?? '';
      const other = await newMember(t, 'listings-editor', 'Riverside');
      const form = { ...ART_GROUP, name: 'Tuesday walking group', description: 'Saved first.', rev };
      assert.equal((await other.browser.post(`/our-listings/${listingId}/edit`, form)).statusCode, 303);
      const stale = await editor.browser.post(`/our-listings/${listingId}/edit`, { ...form, description: 'Typed second.' });
      assert.equal(stale.statusCode, 409);
      const text = textOf(stale.body);
      assert.match(text, /Someone else changed this listing after you opened it/);
      assert.match(text, /What is saved now .*Saved first\./);
      assert.match(stale.body, />Typed second\.<\/textarea>/);
      assert.equal((await statusOf(listingId))?.description, 'Saved first.');
      const newer = /name="rev" value="(\d+)"/.exec(stale.body)?.[1] ?? '';
      assert.equal(Number(newer), Number(rev) + 1);
      const again = await editor.browser.post(`/our-listings/${listingId}/edit`, { ...form, description: 'Typed second.', rev: newer });
      assert.equal(again.statusCode, 303);
      assert.equal((await statusOf(listingId))?.description, 'Typed second.');
    });

    test('a listing from elsewhere with two times warns that the form keeps one of each', async () => {
      const organisation = { id: (await statusOf(listingId))?.organizationId ?? '' };
      const schedules = [
        { byday: 'MO', opensAt: '10:00', closesAt: '11:00', description: 'Mondays' },
        { byday: 'FR', opensAt: '18:00', closesAt: '19:00', description: 'Fridays' },
      ];
      const two = await addListing(t.database.db, walkingGroup({ organisation, name: 'Twice weekly', schedules }), t.clock.now());
      assert.match(textOf((await editor.browser.get(`/our-listings/${two.serviceId}/edit`)).body), /This form keeps one of each/);
      assert.doesNotMatch(textOf((await editor.browser.get(`/our-listings/${listingId}/edit`)).body), /This form keeps one of each/);
    });

    test('two saves of the same version at once: one lands, the other is refused', async () => {
      const rev = /name="rev" value="(\d+)"/.exec((await editor.browser.get(`/our-listings/${listingId}/edit`)).body)?.[1] ?? '';
      const other = await newMember(t, 'listings-editor', 'Riverside');
      await other.browser.get(`/our-listings/${listingId}/edit`);
      const form = { ...ART_GROUP, name: 'Tuesday walking group', rev };
      const answers = await Promise.all([
        editor.browser.post(`/our-listings/${listingId}/edit`, { ...form, description: 'One' }),
        other.browser.post(`/our-listings/${listingId}/edit`, { ...form, description: 'Two' }),
      ]);
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [303, 409]);
    });
  });

  describe('closing and reopening', () => {
    test('closing asks first; a closed listing leaves the search and the API list, and reopening brings it back', async () => {
      const id = (
        await addListing(
          t.database.db,
          walkingGroup({ name: 'Closing soon club', organisation: { id: (await statusOf(listingId))?.organizationId ?? '' } }),
          t.clock.now(),
        )
      ).serviceId;
      const confirm = await editor.browser.get(`/our-listings/${id}/close`);
      assert.match(textOf(confirm.body), /Close Closing soon club\? .*Nothing is deleted/);
      assert.equal((await statusOf(id))?.status, 'active', 'opening the page changes nothing');
      assert.match(await search('closing soon'), /Closing soon club/);
      const closed = await editor.browser.post(`/our-listings/${id}/close`);
      assert.equal(closed.statusCode, 303);
      assert.equal((await statusOf(id))?.status, 'inactive');
      assert.doesNotMatch(await search('closing soon'), /Closing soon club/);
      assert.ok(!(await apiNames()).includes('Closing soon club'));
      const page = textOf((await new Browser(t.app).get(`/directory/${id}`)).body);
      assert.match(page, /This is no longer running/);
      assert.doesNotMatch(page, /Add to my plan/);
      assert.match(textOf((await editor.browser.get('/our-listings')).body), /Closing soon club .*Closed/);
      assert.equal((await editor.browser.post(`/our-listings/${id}/close`)).statusCode, 303, 'closing twice is harmless');

      assert.equal((await editor.browser.post(`/our-listings/${id}/reopen`)).statusCode, 303);
      assert.equal((await statusOf(id))?.status, 'active');
      assert.match(await search('closing soon'), /Closing soon club/);
      assert.ok((await apiNames()).includes('Closing soon club'));
      const history = textOf((await editor.browser.get(`/our-listings/${id}/history`)).body);
      assert.match(history, /2 .*Reopened the listing .*1 .*Closed the listing/);
      const actions = (await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, id))).map((e) => e.action);
      assert.deepEqual(actions, ['listing.closed', 'listing.reopened']);
    });
  });

  describe('only those who keep a listing may change it', () => {
    test('the listing page offers its keepers, and nobody else, to change it; so does the emailed "still correct" page', async () => {
      const href = `href="/our-listings/${listingId}/edit"`;
      assert.ok((await editor.browser.get(`/directory/${listingId}`)).body.includes(href));
      assert.ok(!(await (await newPerson(t.app)).browser.get(`/directory/${listingId}`)).body.includes(href));
      assert.ok(!(await new Browser(t.app).get(`/directory/${listingId}`)).body.includes(href));
      const link = new URL(stillCorrectLink(t.services, listingId, t.clock.now())).pathname;
      const page = await new Browser(t.app).get(link);
      assert.match(textOf(page.body), /sign in and change the listing instead/);
      assert.ok(page.body.includes(href));
    });

    test("another organisation's editor, a person, and a supporter of the same organisation get 404 for the listing's pages and forms", async () => {
      const otherEditor = (await newMember(t, 'listings-editor', 'Brookside')).browser;
      const person = (await newPerson(t.app)).browser;
      const supporter = (await newMember(t, 'supporter', 'Riverside')).browser;
      const before = await statusOf(listingId);
      for (const browser of [otherEditor, person, supporter]) {
        for (const url of ['edit', 'history', 'close'].map((p) => `/our-listings/${listingId}/${p}`)) {
          const res = await browser.get(url);
          assert.equal(res.statusCode, 404, url);
          assert.doesNotMatch(res.body, /Tuesday walking group/);
        }
        for (const url of ['edit', 'close', 'reopen'].map((p) => `/our-listings/${listingId}/${p}`)) {
          assert.equal((await browser.post(url, { ...ART_GROUP, rev: '99' })).statusCode, 404, url);
        }
      }
      assert.deepEqual(await statusOf(listingId), before);
      // Someone who keeps no organisation's listings has no "our listings" at all.
      for (const browser of [person, supporter]) {
        for (const url of ['/our-listings', '/our-listings/new']) assert.equal((await browser.get(url)).statusCode, 404, url);
        assert.equal((await browser.post('/our-listings/new', ART_GROUP)).statusCode, 404);
      }
      const theirs = textOf((await otherEditor.get('/our-listings')).body);
      assert.match(theirs, /Your organisation has no listings yet/);
      assert.doesNotMatch(theirs, /Tuesday walking group/);
    });

    test("an editor cannot reach another organisation's listing, or one of no organisation here, by its address", async () => {
      const [notTheirs] = await t.database.db.select().from(hsdsService).where(eq(hsdsService.name, 'Not theirs'));
      for (const id of [notTheirs?.id ?? '', '00000000-0000-4000-8000-000000000000', 'nope']) {
        assert.equal((await editor.browser.get(`/our-listings/${id}/edit`)).statusCode, 404, id);
        assert.equal((await editor.browser.post(`/our-listings/${id}/close`)).statusCode, 404, id);
      }
    });

    test('signed out, the pages ask to sign in, and a form sent is given back, not saved', async () => {
      const browser = new Browser(t.app);
      const page = await browser.get(`/our-listings/${listingId}/edit`);
      assert.equal(page.statusCode, 303);
      assert.match(page.headers.location ?? '', /^\/sign-in\?next=/);
      const sent = await browser.post(`/our-listings/${listingId}/edit`, { ...ART_GROUP, description: 'Words I wrote' });
      assert.equal(sent.statusCode, 401);
      assert.match(textOf(sent.body), /Words I wrote/);
      assert.doesNotMatch(textOf(sent.body), /in-person/);
    });
  });
});
