import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { hsdsService } from '../../db/schema.ts';
import { Browser, newMember, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { walkingGroup } from './fixtures.ts';
import { queueListingChecks } from './freshness.ts';
import { addListing } from './write.ts';

describe('features/directory/freshness.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const DAY = 86_400_000;
  const checks = () => queueListingChecks({ ...t.services });
  const asked = async (email: string) => (await t.outbox.read()).filter((m) => m.to === email && m.template === 'listing-check');
  const assuredOf = async (id: string) =>
    (await t.database.db.select({ d: hsdsService.assuredDate }).from(hsdsService).where(eq(hsdsService.id, id)))[0]?.d;

  describe('keeping listings fresh', () => {
    test("three months unchecked, the organisation's listings editors are asked by email, once a month; the link's button marks it checked", async () => {
      const admin = await newMember(t, 'admin', 'Fresh Org');
      const editor = await newMember(t, 'listings-editor', 'Fresh Org');
      const { serviceId } = await addListing(
        t.database.db,
        walkingGroup({ organisation: { name: 'Fresh Org listings', description: 'x', waymarkOrganisationId: admin.organisationId } }),
        t.clock.now(),
      );
      // Checked on 1 May; it is 1 June: nothing to ask yet.
      assert.equal(await checks(), 0);
      t.clock.advance(70 * DAY);
      assert.equal(await checks(), 1);
      const [mail, ...more] = await asked(editor.email);
      assert.ok(mail);
      assert.equal(more.length, 0);
      assert.equal(mail.personalisation.listing, 'Tuesday walking group');
      assert.equal((await asked(admin.email)).length, 0, 'the editors are asked, not the admins, once there are editors');
      assert.equal(await checks(), 0, 'not again the same month');

      const link = new URL(mail.personalisation.link ?? '').pathname;
      const stranger = new Browser(t.app);
      const page = await stranger.get(link);
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /Is this listing still correct\? Tuesday walking group/);
      assert.equal(await assuredOf(serviceId), '2026-05-01', 'opening the link changes nothing');
      const done = await stranger.post(link);
      assert.equal(done.statusCode, 200);
      assert.match(textOf(done.body), /now shows as checked today/);
      assert.equal(await assuredOf(serviceId), t.clock.now().toISOString().slice(0, 10));
      t.clock.advance(40 * DAY);
      assert.equal(await checks(), 0, 'checked, so nobody is asked');
    });

    test('with no listings editor the admins are asked; a forged, other or old link is not found', async () => {
      const admin = await newMember(t, 'admin', 'Admin Only Org');
      const { serviceId } = await addListing(
        t.database.db,
        walkingGroup({
          assuredDate: '2025-01-01',
          organisation: { name: 'Admin only listings', description: 'x', waymarkOrganisationId: admin.organisationId },
        }),
        t.clock.now(),
      );
      const other = await addListing(t.database.db, walkingGroup({ name: 'Another listing' }), t.clock.now());
      await checks();
      const [mail] = await asked(admin.email);
      assert.ok(mail);
      const link = new URL(mail.personalisation.link ?? '').pathname;
      const browser = new Browser(t.app);
      assert.equal((await browser.get(link.replace(serviceId, other.serviceId))).statusCode, 404);
      assert.equal((await browser.get(`${link}x`)).statusCode, 404);
      assert.equal((await browser.get(`/directory/${serviceId}/still-correct/${serviceId}.2026-06-01.forged`)).statusCode, 404);
      t.clock.advance(40 * DAY);
      assert.equal((await browser.get(link)).statusCode, 404, 'a month on, the link has expired');
      assert.equal((await browser.post(link)).statusCode, 404);
      assert.equal(await assuredOf(serviceId), '2025-01-01');
      // Asked again, with a new link.
      await checks();
      assert.equal((await asked(admin.email)).length, 2);
    });
  });

  describe('reporting a problem with a listing', () => {
    test("anyone can tell a listing's editors what is wrong; a bad report is refused with what was typed kept", async () => {
      const admin = await newMember(t, 'admin', 'Report Org');
      const editor = await newMember(t, 'listings-editor', 'Report Org');
      const { serviceId } = await addListing(
        t.database.db,
        walkingGroup({ organisation: { name: 'Report Org listings', description: 'x', waymarkOrganisationId: admin.organisationId } }),
        t.clock.now(),
      );
      const visitor = new Browser(t.app);
      const listing = await visitor.get(`/directory/${serviceId}`);
      assert.match(listing.body, new RegExp(`href="/directory/${serviceId}/report"`));
      const report = `/directory/${serviceId}/report`;
      assert.equal((await visitor.get(report)).statusCode, 200);

      const empty = await visitor.post(report, { problem: '   ' });
      assert.equal(empty.statusCode, 400);
      assert.match(textOf(empty.body), /Enter what is wrong with the listing/);
      const long = 'It moved. '.repeat(120);
      const tooLong = await visitor.post(report, { problem: long });
      assert.equal(tooLong.statusCode, 400);
      assert.match(textOf(tooLong.body), /1,000 characters or fewer/);
      assert.ok(tooLong.body.includes(long.trim()));

      const hostile = '<script>alert("x")</script> It now meets on Wednesdays';
      const sent = await visitor.post(report, { problem: hostile });
      assert.equal(sent.statusCode, 200);
      assert.match(textOf(sent.body), /your report has been sent/);
      assert.doesNotMatch(sent.body, /<script>alert/);
      const mails = (await t.outbox.read()).filter((m) => m.template === 'listing-report');
      assert.deepEqual(
        mails.map((m) => [m.to, m.personalisation.problem]),
        [[editor.email, hostile]],
      );
    });

    test('a listing with nobody here to tell offers no report; reports are rate-limited', async () => {
      const { serviceId } = await addListing(t.database.db, walkingGroup({ name: 'Nobody keeps this' }), t.clock.now());
      const visitor = new Browser(t.app);
      assert.doesNotMatch((await visitor.get(`/directory/${serviceId}`)).body, /report"/);
      assert.equal((await visitor.get(`/directory/${serviceId}/report`)).statusCode, 404);
      assert.equal((await visitor.post(`/directory/${serviceId}/report`, { problem: 'x' })).statusCode, 404);

      const admin = await newMember(t, 'admin', 'Busy Org');
      const kept = await addListing(
        t.database.db,
        walkingGroup({ organisation: { name: 'Busy listings', description: 'x', waymarkOrganisationId: admin.organisationId } }),
        t.clock.now(),
      );
      const statuses: number[] = [];
      for (let i = 0; i < 12; i += 1)
        statuses.push((await visitor.post(`/directory/${kept.serviceId}/report`, { problem: `Report ${String(i)}` })).statusCode);
      assert.ok(statuses.includes(429), String(statuses));
      assert.ok(statuses.every((s) => s < 500));
    });
  });
});
