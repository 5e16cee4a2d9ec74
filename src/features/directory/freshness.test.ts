import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { hsdsService } from '../../db/schema.ts';
import { Browser, newMember, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { walkingGroup } from './fixtures.ts';
import { queueListingChecks } from './freshness.ts';
import { addListing } from './write.ts';

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
