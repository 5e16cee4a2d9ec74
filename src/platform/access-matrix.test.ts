import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, inArray } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { accounts, auditEvents, documentRevisions, documents, grants, helplines, hsdsServiceAtLocation } from '../db/schema.ts';
import { SHARE_PARTS } from '../features/circle/parts.ts';
import { walkingGroup } from '../features/directory/fixtures.ts';
import { addListing } from '../features/directory/write.ts';
import { TAXONOMY, termId } from '../features/directory/taxonomy.ts';
import { PLAN_DEFS } from '../features/staying-well/model.ts';
import { Browser, newMember, newPerson, planIdOf, testApp, type TestApp } from '../test/harness.ts';
import { pathTo } from './paths.ts';
import { addMembership } from '../features/accounts/store.ts';
import { EXPECTED, type Kind } from './access-matrix-table.ts';

describe('platform/access-matrix.test.ts', () => {
  /**
   * Every route the app registers, for every role. The answer each role must get comes from the
   * table in access-matrix-table.ts, kept by hand and not read from the routes' own rules, so the test
   * can fail; a route missing from the table fails it too.
   */
  /** 'grantee': someone the owner shares everything with, able to suggest; 'seeOnly': everything,
   *  to see only; 'expired': everything, until a date now past; 'revoked': shared with, then taken
   *  out of the circle; 'supporterNoApp': a supporter the owner shares everything with, who has not
   *  set up an authenticator app: sent to set one up instead of reading anything shared.
   *  'otherSupporter': a supporter of another organisation. The 'org…' roles are supporters of the
   *  owner's organisation, picked from its list rather than invited by email: 'orgGrantee' and
   *  'orgSeeOnly' as above, 'orgExpired' past its date, 'orgLeft' who has since left the organisation
   *  (which ends every grant that came through it). 'editor': the listings editor of the admin's
   *  organisation; 'otherEditor': of another one. */
  const ROLES = [
    'signedOut',
    'otherPerson',
    'supporter',
    'otherSupporter',
    'admin',
    'editor',
    'otherEditor',
    'grantee',
    'seeOnly',
    'expired',
    'revoked',
    'supporterNoApp',
    'orgGrantee',
    'orgSeeOnly',
    'orgExpired',
    'orgLeft',
    'owner',
  ] as const;
  /** Whoever the owner shares with now, able to suggest, and to see only. */
  const SUGGEST: readonly Role[] = ['grantee', 'orgGrantee'];
  const SEE_ONLY: readonly Role[] = ['seeOnly', 'orgSeeOnly'];
  type Role = (typeof ROLES)[number];

  let t: TestApp;
  const browsers = {} as Record<Role, Browser>;
  /** Path parameters for each route prefix: every route is tried with real records of the owner's. */
  const fixtures: Record<string, Record<string, string>[]> = {};
  let organisationId = '';
  /** Everyone whose reads of the owner's records are shown to the owner. */
  const readerIds: string[] = [];
  const planIds: string[] = [];
  const checkInIds: string[] = [];

  before(async () => {
    t = await testApp();
    const owner = await newMember(t, 'person');
    browsers.owner = owner.browser;
    browsers.otherPerson = (await newMember(t, 'person')).browser;
    browsers.supporter = (await newMember(t, 'supporter')).browser;
    browsers.otherSupporter = (await newMember(t, 'supporter', 'Another organisation')).browser;
    const admin = await newMember(t, 'admin');
    browsers.admin = admin.browser;
    browsers.signedOut = new Browser(t.app);
    organisationId = admin.organisationId;
    browsers.editor = (await newMember(t, 'listings-editor')).browser;
    browsers.otherEditor = (await newMember(t, 'listings-editor', 'Another organisation')).browser;

    const planId = await planIdOf(owner.browser);
    const base = `/plans/${planId}`;
    await owner.browser.post(`${base}/strengths`, { text: 'Private strength' });
    await owner.browser.post(`${base}/matters`, { text: 'Private matter' });
    const goal =
      (await owner.browser.post(`${base}/goals`, { title: 'Private goal', chime: 'hope', status: 'working' })).headers.location?.split(
        '?',
      )[0] ?? '';
    await owner.browser.post(`${goal}/steps`, { text: 'Private step', whoHelps: '', day: '', month: '', year: '' });
    const itemIn = async (url: string) => /id="item-([0-9a-f-]{36})"/.exec((await owner.browser.get(url)).body)?.[1] ?? '';
    const stepId = /id="step-([0-9a-f-]{36})"/.exec((await owner.browser.get(goal)).body)?.[1] ?? '';
    const goalId = goal.split('/').at(-1) ?? '';
    planIds.push(planId);
    fixtures['/plans/:planId/strengths'] = [{ planId, itemId: await itemIn(`${base}/strengths`) }];
    fixtures['/plans/:planId/matters'] = [{ planId, itemId: await itemIn(`${base}/matters`) }];
    fixtures['/plans'] = [{ planId, goalId, stepId, version: '1' }];

    for (const def of PLAN_DEFS) {
      const id = /\/([0-9a-f-]{36})$/.exec((await owner.browser.get(`/my-${def.slug}-plan`)).headers.location ?? '')?.[1] ?? '';
      planIds.push(id);
      const list = def.sections.find((s) => s.kind === 'list');
      const text = def.sections.find((s) => s.kind === 'text');
      const first = list?.fields[0];
      const section = `/${def.slug}/${id}/${list?.key ?? ''}`;
      await owner.browser.post(section, {
        [first?.name ?? 'text']: first?.type === 'choice' ? (first.choices?.[0] ?? '') : 'Private words',
        text: 'Private words',
        name: 'Private name',
        phone: '01632 960000',
      });
      const params = { planId: id, section: list?.key ?? '', itemId: await itemIn(section), version: '1' };
      // A one-off section (like the advance statement) has no items: it fills only routes without :itemId.
      fixtures[`/${def.slug}`] = [params, ...(text ? [{ planId: id, section: text.key, version: '1' }] : [])];
      if (text) fixtures[`/${def.slug}/:planId/:section/draft`] = [{ planId: id, section: text.key }];
    }

    const checkIn = await owner.browser.post('/check-in', { hope: '3', note: 'Private note' });
    const checkInId = /\/check-ins\/([0-9a-f-]{36})/.exec(checkIn.headers.location ?? '')?.[1] ?? '';
    fixtures['/check-ins'] = [{ checkInId }];
    checkInIds.push(checkInId);

    await admin.browser.post('/organisation/helplines', { organisationId, name: 'Duty line', phone: '01632 960111', hours: '' });
    const [line] = await t.database.db.select().from(helplines).where(eq(helplines.organisationId, organisationId));
    fixtures['/organisation'] = [{ helplineId: line?.id ?? '' }];
    const definition = {
      id: 'local-measure',
      version: 1,
      title: 'Local',
      options: [
        { value: 0, label: 'No' },
        { value: 1, label: 'Yes' },
      ],
      items: [{ key: 'a', text: 'A question' }],
      scoring: 'sum',
    };
    await admin.browser.post('/organisation/measures', { organisationId, definition: JSON.stringify(definition) });
    fixtures['/organisation/measures'] = [{ measureId: 'local-measure' }];
    // Someone the admin may remove, an invitation they may withdraw, and an organisation only the owner belongs to.
    const removable = await newMember(t, 'person');
    fixtures['/organisation/:organisationId'] = [{ organisationId, memberId: removable.id }];
    await admin.browser.post('/organisation/members/invite', { organisationId, email: 'joining@example.org', role: 'supporter' });
    const orgInvitationId =
      /\/organisation\/invitations\/([0-9a-f-]{36})\/withdraw/.exec((await admin.browser.get('/organisation/members')).body)?.[1] ?? '';
    fixtures['/organisation/invitations'] = [{ invitationId: orgInvitationId }];
    fixtures['/organisation/join'] = [{ token: 'not-a-real-token' }];
    const [ownerAccount] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, owner.email));
    const ownOrganisation = await addMembership(t.database.db, {
      organisationName: 'Only the owner',
      accountId: ownerAccount?.id ?? '',
      role: 'person',
      now: new Date(),
    });
    fixtures['/organisation/mine'] = [{ organisationId: ownOrganisation }];
    await admin.browser.post('/organisation/measures/local-measure/toggle', { organisationId, enabled: 'yes' });
    fixtures['/check-in'] = [{ measureId: 'local-measure' }];
    fixtures['/reset-password'] = [{ token: 'not-a-real-token' }];
    fixtures['/confirm-email'] = [{ token: 'not-a-real-token' }];
    fixtures['/change-email'] = [{ token: 'not-a-real-token' }];

    // Someone the owner shares everything with, able to suggest: they read, and change nothing.
    const grantee = await newPerson(t.app, 'Grantee');
    browsers.grantee = grantee.browser;
    await owner.browser.post('/circle/invite', { email: grantee.email });
    const mail = (await t.outbox.read()).find((m) => m.to === grantee.email && m.template === 'circle-invitation');
    const link = new URL(mail?.personalisation.link ?? 'http://x/').pathname;
    await grantee.browser.get(link);
    assert.equal((await grantee.browser.post(`${link}/accept`)).statusCode, 303);
    const [granteeRow] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, grantee.email));
    const granteeId = granteeRow?.id ?? '';
    readerIds.push(granteeId);
    const everything = Object.fromEntries(SHARE_PARTS.map((part) => [part, 'suggest']));
    assert.equal((await owner.browser.post(`/circle/members/${granteeId}`, everything)).statusCode, 303);
    const noApp = await newMember(t, 'supporter', 'Riverside', { authenticator: false });
    browsers.supporterNoApp = noApp.browser;
    await owner.browser.post('/circle/invite', { email: noApp.email });
    const noAppMail = (await t.outbox.read()).find((m) => m.to === noApp.email && m.template === 'circle-invitation');
    const noAppLink = new URL(noAppMail?.personalisation.link ?? 'http://x/').pathname;
    await noApp.browser.get(noAppLink);
    assert.equal((await noApp.browser.post(`${noAppLink}/accept`)).statusCode, 303);
    const [noAppRow] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, noApp.email));
    assert.equal((await owner.browser.post(`/circle/members/${noAppRow?.id ?? ''}`, everything)).statusCode, 303);
    // The same sharing, to see only; until a date that has passed; and ended by taking them out.
    const sharedWith = async (role: 'seeOnly' | 'expired' | 'revoked', level: string, until: Record<string, string>) => {
      const who = await newPerson(t.app, role);
      browsers[role] = who.browser;
      await owner.browser.post('/circle/invite', { email: who.email });
      const mail = (await t.outbox.read()).find((m) => m.to === who.email && m.template === 'circle-invitation');
      assert.equal((await who.browser.post(`${new URL(mail?.personalisation.link ?? 'http://x/').pathname}/accept`)).statusCode, 303);
      const [row] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, who.email));
      const levels = Object.fromEntries(SHARE_PARTS.map((part) => [part, level]));
      assert.equal((await owner.browser.post(`/circle/members/${row?.id ?? ''}`, { ...levels, ...until })).statusCode, 303);
      return row?.id ?? '';
    };
    readerIds.push(await sharedWith('seeOnly', 'see', {}));
    // Supporters of the owner's organisation, picked from its list: the same states, and one who left it.
    const picked = async (role: 'orgGrantee' | 'orgSeeOnly' | 'orgExpired' | 'orgLeft', level: string) => {
      const who = await newMember(t, 'supporter');
      browsers[role] = who.browser;
      assert.equal((await owner.browser.post('/circle/invite', { supporterId: who.id })).statusCode, 303);
      const mail = (await t.outbox.read()).find((m) => m.to === who.email && m.template === 'circle-invitation');
      assert.equal((await who.browser.post(`${new URL(mail?.personalisation.link ?? 'http://x/').pathname}/accept`)).statusCode, 303);
      const levels = Object.fromEntries(SHARE_PARTS.map((part) => [part, level]));
      assert.equal((await owner.browser.post(`/circle/members/${who.id}`, levels)).statusCode, 303);
      return who;
    };
    readerIds.push((await picked('orgGrantee', 'suggest')).id, (await picked('orgSeeOnly', 'see')).id);
    const orgExpired = await picked('orgExpired', 'suggest');
    await t.database.db
      .update(grants)
      .set({ until: new Date(t.clock.now().getTime() - 1000) })
      .where(eq(grants.memberId, orgExpired.id));
    const left = await picked('orgLeft', 'suggest');
    assert.equal((await left.browser.post(`/organisation/mine/${left.organisationId}/leave`)).statusCode, 303);
    const expiredId = await sharedWith('expired', 'suggest', { day: '1', month: '1', year: '2030' });
    await t.database.db
      .update(grants)
      .set({ until: new Date(t.clock.now().getTime() - 1000) })
      .where(eq(grants.memberId, expiredId));
    const revokedId = await sharedWith('revoked', 'suggest', {});
    assert.equal((await owner.browser.post(`/circle/members/${revokedId}/remove`)).statusCode, 303);
    await owner.browser.post('/circle/invite', { email: 'pending@example.org' });
    const invitationId = /\/circle\/invitations\/([0-9a-f-]{36})\/withdraw/.exec((await owner.browser.get('/circle')).body)?.[1] ?? '';
    const [ownerRow] = await t.database.db.select({ id: documents.ownerId }).from(documents).where(eq(documents.id, planId));
    fixtures['/circle/invitations'] = [{ invitationId }];
    fixtures['/circle/invite'] = [{ token: 'not-a-real-token' }];
    fixtures['/circle/members'] = [{ memberId: granteeId }];
    fixtures['/people'] = [{ ownerId: ownerRow?.id ?? '' }];
    // Three suggestions from the grantee: one to open, one to accept, one to decline.
    const suggestionIds: string[] = [];
    for (const text of ['Private suggestion one', 'Private suggestion two', 'Private suggestion three']) {
      const made = await grantee.browser.post(`/people/${ownerRow?.id ?? ''}/suggest`, { kind: 'comment', part: 'crisis-plan', text });
      assert.equal(made.statusCode, 303);
      t.clock.advance(1000);
    }
    suggestionIds.push(
      ...[...(await owner.browser.get('/suggestions')).body.matchAll(/href="\/suggestions\/([0-9a-f-]{36})"/g)].map((m) => m[1] ?? ''),
    );
    fixtures['/suggestions'] = [{ suggestionId: suggestionIds[0] ?? '' }];
    fixtures['/suggestions/:suggestionId/accept'] = [{ suggestionId: suggestionIds[1] ?? '' }];
    fixtures['/suggestions/:suggestionId/decline'] = [{ suggestionId: suggestionIds[2] ?? '' }];
    fixtures['/reminders'] = [{ token: 'not-a-real-token' }];
    fixtures['/assets'] = [{ '*': 'build/waymark.css' }];
    const listing = await addListing(t.database.db, walkingGroup(), t.clock.now());
    fixtures['/directory'] = [{ listingId: listing.serviceId, token: 'not-a-real-token' }];
    const organisation = { name: 'Riverside listings', description: 'x', waymarkOrganisationId: organisationId };
    const kept = await addListing(t.database.db, walkingGroup({ organisation }), t.clock.now());
    fixtures['/our-listings'] = [{ listingId: kept.serviceId }];
    const [sal] = await t.database.db.select().from(hsdsServiceAtLocation).where(eq(hsdsServiceAtLocation.serviceId, listing.serviceId));
    fixtures['/api/oruk/services'] = [{ id: listing.serviceId }];
    fixtures['/api/oruk/service_at_locations'] = [{ id: sal?.id ?? '' }];
    fixtures['/api/oruk/taxonomies'] = [{ id: TAXONOMY.chime }];
    fixtures['/api/oruk/taxonomy_terms'] = [{ id: termId(TAXONOMY.chime, 'hope') ?? '' }];
  });
  after(async () => t.close());

  /** The longest fixture prefix of a route gives its parameters; routes without any need none. */
  function urlsFor(route: string): string[] {
    if (!route.includes(':') && !route.includes('*')) return [route];
    const prefix = Object.keys(fixtures)
      .filter((p) => route.startsWith(p))
      .sort((a, b) => b.length - a.length)[0];
    const sets = (prefix ? (fixtures[prefix] ?? []) : []).filter((params) =>
      route.split('/').every((part) => !part.startsWith(':') || part.slice(1) in params),
    );
    assert.ok(sets.length, `no fixture fills ${route}`);
    return [
      ...new Set(sets.map((params) => pathTo(route.replace('*', ':star'), { ...params, star: params['*'] ?? '' }).replace('%2F', '/'))),
    ];
  }

  const FORM = {
    text: 'intrusion',
    name: 'intrusion',
    title: 'intrusion',
    wants: 'intrusion',
    chime: 'hope',
    status: 'working',
    rev: '1',
    email: 'x',
    password: 'y',
    phone: '01632 960999',
  };

  async function ask(role: Role, method: string, url: string): Promise<LightMyRequestResponse> {
    const browser = browsers[role];
    if (method === 'POST')
      return browser.post(url, {
        ...FORM,
        organisationId,
        ...(role === 'owner' ? { text: 'owner text', name: 'owner text', title: 'owner text' } : {}),
      });
    if (method === 'HEAD') return browser.head(url);
    return browser.get(url);
  }

  function check(kind: Kind, role: Role, method: string, url: string, res: LightMyRequestResponse): void {
    const at = `${role} ${method} ${url}`;
    const reading = method !== 'POST';
    assert.ok(res.statusCode < 500, `${at}: ${res.statusCode}`);
    if (kind === 'public') {
      assert.doesNotMatch(res.headers.location ?? '', /^\/sign-in\?next/, at);
      return;
    }
    if (role === 'signedOut') {
      if (reading) {
        assert.equal(res.statusCode, 303, at);
        assert.match(res.headers.location ?? '', /^\/sign-in\?next=/, at);
      } else {
        assert.equal(res.statusCode, 401, at);
        assert.match(res.body, /action="\/sign-in"/, at);
      }
      return;
    }
    // Shared with them, but no authenticator app yet: sent to set one up, shown nothing shared.
    if (role === 'supporterNoApp' && ((reading && (kind === 'shared' || url === '/people')) || kind === 'grantee')) {
      assert.equal(res.statusCode, 303, at);
      assert.equal(res.headers.location, '/account/authenticator', at);
      assert.doesNotMatch(res.body, /Private|Grantee/, at);
      return;
    }
    const allowed =
      kind === 'signed-in' ||
      (kind === 'owner' && role === 'owner') ||
      (kind === 'shared' && (role === 'owner' || ((SUGGEST.includes(role) || SEE_ONLY.includes(role)) && reading))) ||
      (kind === 'grantee' && (SUGGEST.includes(role) || (SEE_ONLY.includes(role) && !url.endsWith('/suggest')))) ||
      (kind === 'admin' && role === 'admin') ||
      (kind === 'keeper' && (role === 'editor' || role === 'otherEditor' || role === 'admin')) ||
      (kind === 'listing-keeper' && (role === 'editor' || role === 'admin'));
    if (!allowed) {
      assert.equal(res.statusCode, 404, at);
      assert.doesNotMatch(res.body, /Private|Duty line/, at);
      return;
    }
    if (reading) assert.ok([200, 303].includes(res.statusCode), `${at}: ${res.statusCode}`);
    else assert.notEqual(res.statusCode, 404, at);
  }

  describe('every route, for every role', () => {
    // Pausing is the owner's alone, so it is tried first, on the same records, and undone.
    test('while the owner has paused all sharing, nobody they share with opens or suggests anything, and resuming restores it', async () => {
      assert.equal((await browsers.owner.post('/circle/pause')).statusCode, 303);
      let cases = 0;
      for (const route of t.app.routeRules) {
        const kind = EXPECTED.get(route.url);
        const reading = route.method !== 'POST';
        if (!((kind === 'shared' && reading) || kind === 'grantee')) continue;
        for (const url of urlsFor(route.url))
          for (const role of [...SUGGEST, ...SEE_ONLY]) {
            const res = await ask(role, route.method, url);
            assert.equal(res.statusCode, 404, `${role} ${route.method} ${url} while paused`);
            assert.doesNotMatch(res.body, /Private/, `${role} ${route.method} ${url} while paused`);
            cases += 1;
          }
      }
      assert.ok(cases > 40, `${String(cases)} cases`);
      assert.equal((await browsers.owner.post('/circle/resume')).statusCode, 303);
      for (const role of [...SUGGEST, ...SEE_ONLY])
        assert.equal((await ask(role, 'GET', urlsFor('/people/:ownerId')[0] ?? '')).statusCode, 200, role);
    });

    test('each route the app registers has an expected answer for every role, and gets it', async (ctx) => {
      const routes = t.app.routeRules.map((r) => ({ method: r.method, url: r.url }));
      const missing = routes.filter((r) => !EXPECTED.has(r.url));
      assert.deepEqual(missing, [], 'every route is in the table');
      // Reads first; then what someone shared with sends (before the owner changes their circle);
      // then changes, signing out last, so no role loses its session or its grants on the way.
      const order = (r: { method: string; url: string }) =>
        (r.method === 'POST' ? (r.url.startsWith('/people/') ? 0.5 : 1) : 0) + (r.url === '/sign-out' ? 2 : 0);
      let cases = 0;
      for (const route of [...routes].sort((a, b) => order(a) - order(b))) {
        for (const url of urlsFor(route.url)) {
          for (const role of ROLES) {
            check(EXPECTED.get(route.url) ?? 'owner', role, route.method, url, await ask(role, route.method, url));
            cases += 1;
          }
        }
      }
      assert.ok(cases > 600, `${cases} cases`);
      ctx.diagnostic(`${String(cases)} route × role cases`);
    });

    test("nothing anyone else sent reached the owner's records, and every refusal is audited, unseen by the owner", async () => {
      const rows = await t.database.db.select().from(auditEvents).where(inArray(auditEvents.subjectId, planIds));
      assert.ok(rows.length > 0);
      // Refusals are written unseen by the owner; what someone they share with read is shown to them.
      const refusedUnseen = (r: (typeof rows)[number]) => r.action.endsWith('.refused') && !r.ownerVisible;
      const readByGrantee = (r: (typeof rows)[number]) =>
        readerIds.includes(r.actorId ?? '') && r.action.endsWith('.view') && r.ownerVisible;
      assert.ok(
        rows.every((r) => refusedUnseen(r) || readByGrantee(r)),
        JSON.stringify(rows.filter((r) => !refusedUnseen(r) && !readByGrantee(r))),
      );
      assert.ok(rows.some(readByGrantee));
      const saved = await t.database.db
        .select({ content: documentRevisions.content })
        .from(documentRevisions)
        .where(inArray(documentRevisions.documentId, planIds));
      assert.ok(saved.length > planIds.length, 'the owner changed their plans');
      assert.doesNotMatch(JSON.stringify(saved), /intrusion/);
    });

    test("nobody else reached the owner's check-in, and every refusal of it is audited", async () => {
      const rows = await t.database.db.select().from(auditEvents).where(inArray(auditEvents.subjectId, checkInIds));
      assert.ok(rows.length > 0);
      assert.ok(rows.every((r) => r.action === 'check-in.refused' && !r.ownerVisible));
    });
  });
});
