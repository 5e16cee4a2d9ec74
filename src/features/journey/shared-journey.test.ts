import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { auditEvents, grants } from '../../db/schema.ts';
import { Browser, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { join, share, someone, supporter, type Someone } from '../../test/circles.ts';

describe('features/journey/shared-journey.test.ts', () => {
  let t: TestApp;
  let owner: Someone;
  const NOTE = 'Walked to the allotment with my sister';
  const journeyOf = (who: Someone) => `/people/${who.id}/journey`;

  before(async () => {
    t = await testApp();
    owner = await someone(t, 'Alex');
    assert.equal((await owner.browser.post('/check-in', { hope: '3', connection: '2', note: NOTE })).statusCode, 303);
  });
  after(async () => t.close());

  /** Someone in the owner's circle, shared `levels` (nothing else). */
  async function inCircle(name: string, levels: Record<string, string>, until?: [string, string, string]): Promise<Someone> {
    const member = await someone(t, name);
    await join(t, owner, member);
    assert.equal((await share(owner, member, levels, until)).statusCode, 303);
    return member;
  }

  /** A refusal: the normal not-found page, with nothing of the owner's in it. */
  async function assertRefused(browser: Browser, url: string): Promise<void> {
    const res = await browser.get(url);
    assert.equal(res.statusCode, 404, url);
    assert.doesNotMatch(res.body, /allotment|Alex’s/);
  }

  describe('sharing check-ins and journey', () => {
    test('someone shared the journey to see reads it read-only: check-ins with their notes, and no buttons', async () => {
      const priya = await inCircle('Priya', { journey: 'see' });
      const res = await priya.browser.get(journeyOf(owner));
      assert.equal(res.statusCode, 200);
      const page = textOf(res.body);
      assert.match(page, /Alex’s journey/);
      assert.match(page, /Alex shares this with you\. Only they can change it\./);
      assert.match(page, new RegExp(NOTE));
      assert.match(page, /Checked in/);
      assert.match(page, /Alex’s scores for “Hope”/);
      assert.doesNotMatch(
        res.body,
        /href="\/check-in"|\/check-in-reminders|href="\/check-ins\//,
        'no check-in, reminder or check-in links',
      );
      assert.doesNotMatch(page, /Check in now|your hope/);
      assert.match(res.body, new RegExp(`href="${journeyOf(owner)}\\?period=all"`), 'the periods stay on the shared page');
    });

    test('the person sees who opened their journey in "who has seen my plans"', async () => {
      await inCircle('Sam', { journey: 'suggest' }).then((sam) => sam.browser.get(journeyOf(owner)));
      assert.match(textOf((await owner.browser.get('/circle/seen')).body), /Sam opened your check-ins and journey/);
    });

    test('People I support links to the journey only when it is shared', async () => {
      const jo = await inCircle('Jo', { journey: 'see', 'crisis-plan': 'see' });
      const kit = await inCircle('Kit', { 'crisis-plan': 'see' });
      assert.match((await jo.browser.get(`/people/${owner.id}`)).body, new RegExp(`href="${journeyOf(owner)}"`));
      assert.doesNotMatch((await kit.browser.get(`/people/${owner.id}`)).body, /\/journey"/);
    });

    test('someone shared other parts but not the journey gets 404, with no note, and the refusal is audited', async () => {
      const kim = await inCircle('Kim', { 'crisis-plan': 'suggest', 'staying-well': 'see' });
      await assertRefused(kim.browser, journeyOf(owner));
      const refused = await t.database.db
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.actorId, kim.id), eq(auditEvents.action, 'journey.refused')));
      assert.equal(refused.length, 1);
    });

    test('a grant whose end date has passed, a person taken out of the circle, and paused sharing all answer 404', async () => {
      const expired = await inCircle('Ede', { journey: 'see' }, ['1', '1', '2030']);
      await t.database.db
        .update(grants)
        .set({ until: new Date(t.clock.now().getTime() - 1000) })
        .where(eq(grants.memberId, expired.id));
      await assertRefused(expired.browser, journeyOf(owner));

      const revoked = await inCircle('Rae', { journey: 'see' });
      assert.equal((await revoked.browser.get(journeyOf(owner))).statusCode, 200);
      assert.equal((await owner.browser.post(`/circle/members/${revoked.id}/remove`)).statusCode, 303);
      await assertRefused(revoked.browser, journeyOf(owner));

      const paused = await inCircle('Pat', { journey: 'see' });
      assert.equal((await owner.browser.post('/circle/pause')).statusCode, 303);
      await assertRefused(paused.browser, journeyOf(owner));
      assert.equal((await owner.browser.post('/circle/resume')).statusCode, 303);
      assert.equal((await paused.browser.get(journeyOf(owner))).statusCode, 200, 'resumed: seen again');
    });

    test('another person, a made-up id, the owner themself at this address, and someone signed out get nothing', async () => {
      const stranger = await someone(t, 'Robin');
      await assertRefused(stranger.browser, journeyOf(owner));
      await assertRefused(stranger.browser, '/people/not-an-id/journey');
      await assertRefused(stranger.browser, '/people/00000000-0000-4000-8000-000000000000/journey');
      await assertRefused(owner.browser, journeyOf(owner));
      const signedOut = await new Browser(t.app).get(journeyOf(owner));
      assert.equal(signedOut.statusCode, 303);
      assert.match(signedOut.headers.location ?? '', /^\/sign-in\?next=/);
    });

    test('a supporter without an authenticator app is sent to set one up, and reads nothing', async () => {
      const noApp = await supporter(t, { authenticator: false });
      await join(t, owner, noApp);
      assert.equal((await share(owner, noApp, { journey: 'see' })).statusCode, 303);
      const res = await noApp.browser.get(journeyOf(owner));
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/account/authenticator');
      assert.doesNotMatch(res.body, /allotment/);
      const withApp = await supporter(t);
      await join(t, owner, withApp);
      assert.equal((await share(owner, withApp, { journey: 'see' })).statusCode, 303);
      assert.match(textOf((await withApp.browser.get(journeyOf(owner))).body), new RegExp(NOTE));
    });

    test('someone let suggest on the journey can comment on it; someone who may only see cannot', async () => {
      const lee = await inCircle('Lee', { journey: 'suggest' });
      const form = (await lee.browser.get(`/people/${owner.id}/suggest`)).body;
      assert.match(form, /<option value="journey"/);
      const sent = await lee.browser.post(`/people/${owner.id}/suggest`, {
        kind: 'comment',
        part: 'journey',
        text: 'Lovely to see the walks',
      });
      assert.equal(sent.statusCode, 303);
      assert.match(textOf((await owner.browser.get('/suggestions')).body), /Lee comments on My check-ins and journey/);

      const viewer = await inCircle('Vic', { journey: 'see' });
      const refused = await viewer.browser.post(`/people/${owner.id}/suggest`, { kind: 'comment', part: 'journey', text: 'Hello' });
      assert.equal(refused.statusCode, 404);
    });

    test('the circle page says the journey carries the notes written in check-ins', async () => {
      const ash = await inCircle('Ash', { journey: 'see' });
      assert.match(
        textOf((await owner.browser.get('/circle')).body),
        /Ash can see: My check-ins and journey, with the notes I write in check-ins/,
      );
      const member = textOf((await owner.browser.get(`/circle/members/${ash.id}`)).body);
      assert.match(member, /any note you wrote in it/);
    });
  });
});
