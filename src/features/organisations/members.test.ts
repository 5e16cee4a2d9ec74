import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import fc from 'fast-check';
import { accounts, auditEvents, memberships } from '../../db/schema.ts';
import { hostileForm } from '../../test/hostile.ts';
import { Browser, newMember, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { SHARE_PARTS } from '../circle/parts.ts';

describe('features/organisations/members.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  let orgs = 0;
  /** A new organisation with one admin in it. */
  async function organisation() {
    orgs += 1;
    return newMember(t, 'admin', `Members test ${String(orgs)}`);
  }

  async function mailFor(email: string, template: 'organisation-invitation' | 'circle-invitation') {
    return (await t.outbox.read()).filter((m) => m.to === email && m.template === template).at(-1);
  }

  async function linkFor(email: string, template: 'organisation-invitation' | 'circle-invitation' = 'organisation-invitation') {
    return new URL((await mailFor(email, template))?.personalisation.link ?? 'http://x/none').pathname;
  }

  const rolesOf = async (organisationId: string, accountId: string) =>
    (
      await t.database.db
        .select({ role: memberships.role })
        .from(memberships)
        .where(and(eq(memberships.organisationId, organisationId), eq(memberships.accountId, accountId)))
    ).map((r) => r.role);

  describe('an organisation invites people in', () => {
    test('an admin invites by email in a role; the link page changes nothing; only the invited address joins, once', async () => {
      const admin = await organisation();
      const invited = await newPerson(t.app, 'Priya');
      const other = await newPerson(t.app, 'Kit');
      const sent = await admin.browser.post('/organisation/members/invite', {
        organisationId: admin.organisationId,
        email: `  ${invited.email.toUpperCase()} `,
        role: 'supporter',
      });
      assert.equal(sent.statusCode, 303);
      const mail = await mailFor(invited.email, 'organisation-invitation');
      assert.ok(mail);
      assert.equal(mail.personalisation.organisation, `Members test ${String(orgs)}`);
      assert.equal(mail.personalisation.role, 'Supporter');
      const link = await linkFor(invited.email);
      assert.match(textOf((await admin.browser.get('/organisation/members')).body), new RegExp(`${invited.email}, as Supporter`));

      // Opening the link, in any state, uses nothing up.
      const signedOut = await new Browser(t.app).get(link);
      assert.equal(signedOut.statusCode, 200);
      assert.match(signedOut.body, /Sign in to accept/);
      assert.match(textOf((await other.browser.get(link)).body), /sent to a different email address/);
      assert.doesNotMatch((await other.browser.get(link)).body, /Accept and join/);
      assert.equal((await other.browser.post(`${link}/accept`)).statusCode, 404);
      const page = await invited.browser.get(link);
      assert.match(textOf(page.body), /invites you to join/);
      assert.match(page.body, /Accept and join/);

      const accepted = await invited.browser.post(`${link}/accept`);
      assert.equal(accepted.statusCode, 303);
      const [row] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, invited.email));
      assert.deepEqual(await rolesOf(admin.organisationId, row?.id ?? ''), ['supporter']);
      const members = textOf((await admin.browser.get('/organisation/members')).body);
      assert.match(members, /Priya/);
      assert.doesNotMatch(members, /Invitations waiting/);
      assert.equal((await invited.browser.get(link)).statusCode, 404, 'used once');
      assert.equal((await invited.browser.post(`${link}/accept`)).statusCode, 404);
      assert.match(textOf((await invited.browser.get('/')).body), /You are a supporter at Members test/);

      const actions = (
        await t.database.db.select({ action: auditEvents.action }).from(auditEvents).where(eq(auditEvents.subjectId, admin.organisationId))
      ).map((r) => r.action);
      assert.ok(actions.includes('organisation.invited') && actions.includes('organisation.joined'));
    });

    test('an invitation can be withdrawn by an admin of that organisation only, and expires after 7 days', async () => {
      const admin = await organisation();
      const elsewhere = await organisation();
      const person = await newMember(t, 'person', `Members test ${String(orgs)}`);
      await admin.browser.post('/organisation/members/invite', {
        organisationId: admin.organisationId,
        email: 'sam@example.org',
        role: 'person',
      });
      const id =
        /\/organisation\/invitations\/([0-9a-f-]{36})\/withdraw/.exec((await admin.browser.get('/organisation/members')).body)?.[1] ?? '';
      assert.ok(id);
      assert.equal((await elsewhere.browser.post(`/organisation/invitations/${id}/withdraw`)).statusCode, 404);
      assert.equal((await person.browser.post(`/organisation/invitations/${id}/withdraw`)).statusCode, 404);
      assert.equal((await admin.browser.post(`/organisation/invitations/${id}/withdraw`)).statusCode, 303);
      assert.equal((await new Browser(t.app).get(await linkFor('sam@example.org'))).statusCode, 404);
      assert.equal((await admin.browser.post(`/organisation/invitations/${id}/withdraw`)).statusCode, 404, 'once');

      await admin.browser.post('/organisation/members/invite', {
        organisationId: admin.organisationId,
        email: 'lee@example.org',
        role: 'admin',
      });
      const link = await linkFor('lee@example.org');
      assert.equal((await new Browser(t.app).get(link)).statusCode, 200);
      t.clock.advance(7 * 86_400_000 + 1000);
      assert.equal((await new Browser(t.app).get(link)).statusCode, 404);
    });

    test('an admin sees and changes only their own organisation', async () => {
      const admin = await organisation();
      const other = await organisation();
      const supporter = await newMember(t, 'supporter', `Members test ${String(orgs)}`);
      const page = textOf((await admin.browser.get('/organisation/members')).body);
      assert.doesNotMatch(page, new RegExp(supporter.email));
      const invite = { organisationId: other.organisationId, email: 'x@example.org', role: 'admin' };
      assert.equal((await admin.browser.post('/organisation/members/invite', invite)).statusCode, 404);
      const remove = `/organisation/${other.organisationId}/members/${supporter.id}/remove`;
      assert.equal((await admin.browser.get(remove)).statusCode, 404);
      assert.equal((await admin.browser.post(remove)).statusCode, 404);
      assert.equal((await supporter.browser.get('/organisation/members')).statusCode, 404);
      assert.deepEqual(await rolesOf(other.organisationId, supporter.id), ['supporter']);
    });

    test('bad input is answered with a clear error and what was typed, never a 500', async () => {
      const admin = await organisation();
      const cases: [Record<string, string | string[]>, RegExp][] = [
        [{ email: '', role: 'person' }, /Enter the email address/],
        [{ email: 'not an address', role: 'person' }, /Enter an email address in the correct format/],
        [{ email: `${'a'.repeat(400)}@example.org`, role: 'person' }, /Enter an email address in the correct format/],
        [{ email: 'kai@example.org' }, /Select how they will belong/],
        [{ email: 'kai@example.org', role: ['person', 'admin'] }, /Select how they will belong/],
        [{ email: 'kai@example.org', role: 'owner' }, /Select how they will belong/],
      ];
      for (const [form, error] of cases) {
        const res = await admin.browser.post('/organisation/members/invite', { organisationId: admin.organisationId, ...form });
        assert.equal(res.statusCode, 400, JSON.stringify(form).slice(0, 80));
        assert.match(textOf(res.body), error);
        assert.match(res.body, /There is a problem/);
        if (typeof form.email === 'string' && form.email.length < 100) assert.ok(res.body.includes(`value="${form.email}"`));
      }
      const kept = await admin.browser.post('/organisation/members/invite', {
        organisationId: admin.organisationId,
        email: 'x',
        role: 'supporter',
      });
      assert.match(kept.body, /value="supporter" checked/);
      await fc.assert(
        fc.asyncProperty(hostileForm(['email', 'role', 'organisationId']), async (form) => {
          const res = await admin.browser.post('/organisation/members/invite', form);
          assert.ok(res.statusCode < 500, String(res.statusCode));
          assert.doesNotMatch(res.body, /<script>alert/);
        }),
        { numRuns: 20 },
      );
      for (const path of ['/organisation/join/%00', `/organisation/join/${'x'.repeat(43)}`, '/organisation/mine/not-an-id/leave'])
        assert.equal((await admin.browser.get(path)).statusCode, 404);
    });
  });

  describe('a membership ends', () => {
    test('when a supporter is removed, every circle place and grant that came through the organisation ends, and the person is told', async () => {
      const admin = await organisation();
      const name = `Members test ${String(orgs)}`;
      const person = await newMember(t, 'person', name);
      const supporter = await newMember(t, 'supporter', name);
      const friend = await newMember(t, 'supporter', name);

      // The supporter is picked from the organisation's list; the friend is invited by email.
      assert.equal((await person.browser.post('/circle/invite', { supporterId: supporter.id })).statusCode, 303);
      assert.equal((await person.browser.post('/circle/invite', { email: friend.email })).statusCode, 303);
      for (const who of [supporter, friend]) {
        const link = await linkFor(who.email, 'circle-invitation');
        assert.equal((await who.browser.post(`${link}/accept`)).statusCode, 303);
        const levels = Object.fromEntries(SHARE_PARTS.map((p) => [p, p === 'crisis-plan' ? 'see' : 'none']));
        assert.equal((await person.browser.post(`/circle/members/${who.id}`, { ...levels, day: '', month: '', year: '' })).statusCode, 303);
        assert.equal((await who.browser.get(`/people/${person.id}`)).statusCode, 200);
      }

      const removePage = await admin.browser.get(`/organisation/${admin.organisationId}/members/${supporter.id}/remove`);
      assert.equal(removePage.statusCode, 200);
      assert.match(textOf(removePage.body), /Those places end now/);
      assert.equal((await admin.browser.post(`/organisation/${admin.organisationId}/members/${supporter.id}/remove`)).statusCode, 303);
      assert.deepEqual(await rolesOf(admin.organisationId, supporter.id), []);
      const refused = await supporter.browser.get(`/people/${person.id}`);
      assert.equal(refused.statusCode, 404);
      assert.doesNotMatch(textOf((await supporter.browser.get('/people')).body), /Members test/);
      assert.match(
        textOf((await person.browser.get('/circle/seen')).body),
        /left your circle: they came in as a supporter of an organisation/,
      );
      assert.doesNotMatch(textOf((await person.browser.get('/circle')).body), new RegExp(supporter.email));

      // The friend was invited as anyone else: leaving the organisation keeps their place.
      const leave = await friend.browser.get(`/organisation/mine/${admin.organisationId}/leave`);
      assert.match(textOf(leave.body), /places in people's circles that came through this organisation end now/);
      assert.equal((await friend.browser.post(`/organisation/mine/${admin.organisationId}/leave`)).statusCode, 303);
      assert.equal((await friend.browser.get(`/people/${person.id}`)).statusCode, 200);
      assert.match(textOf((await friend.browser.get('/organisation/mine')).body), /do not belong to any organisation/);
      assert.equal((await friend.browser.post(`/organisation/mine/${admin.organisationId}/leave`)).statusCode, 404, 'once');
    });

    test('an organisation always keeps an admin: the last one can neither be removed nor leave', async () => {
      const admin = await organisation();
      const leave = `/organisation/mine/${admin.organisationId}/leave`;
      const refused = await admin.browser.post(leave);
      assert.equal(refused.statusCode, 400);
      assert.match(textOf(refused.body), /You are the only admin/);
      const removeSelf = await admin.browser.post(`/organisation/${admin.organisationId}/members/${admin.id}/remove`);
      assert.equal(removeSelf.statusCode, 400);
      assert.match(textOf(removeSelf.body), /They are the only admin/);

      const second = await newMember(t, 'admin', `Members test ${String(orgs)}`);
      assert.equal((await admin.browser.post(leave)).statusCode, 303);
      assert.deepEqual(await rolesOf(admin.organisationId, admin.id), []);
      assert.equal((await admin.browser.get('/organisation/members')).statusCode, 404);
      assert.equal((await second.browser.post(`/organisation/mine/${second.organisationId}/leave`)).statusCode, 400);
    });

    test("someone who is not a member cannot leave or see another's organisations", async () => {
      const admin = await organisation();
      const stranger = await newPerson(t.app, 'Kit');
      assert.equal((await stranger.browser.get(`/organisation/mine/${admin.organisationId}/leave`)).statusCode, 404);
      assert.equal((await stranger.browser.post(`/organisation/mine/${admin.organisationId}/leave`)).statusCode, 404);
      assert.doesNotMatch(textOf((await stranger.browser.get('/organisation/mine')).body), /Members test/);
      assert.deepEqual(await rolesOf(admin.organisationId, admin.id), ['admin']);
    });
  });
});
