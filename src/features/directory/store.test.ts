import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { Database } from '../../db/client.ts';
import {
  hsdsAccessibility,
  hsdsAttribute,
  hsdsCostOption,
  hsdsLanguage,
  hsdsLocation,
  hsdsSchedule,
  hsdsServiceAtLocation,
  hsdsTaxonomyTerm,
} from '../../db/schema.ts';
import { testDatabase } from '../../test/harness.ts';
import { walkingGroup } from './fixtures.ts';
import { listing } from './listing.ts';
import { placePostcode, search, type SearchQuery } from './store.ts';
import { TAXONOMY, TERMS, termId } from './taxonomy.ts';
import { addListing } from './write.ts';

const now = new Date('2026-06-01T09:00:00Z');
const base: SearchQuery = { sort: 'relevance', page: 1, perPage: 10 };

describe('directory store', () => {
  let database: Database;
  let walking: string;
  before(async () => {
    database = await testDatabase();
    walking = (await addListing(database.db, walkingGroup(), now)).serviceId;
    await addListing(
      database.db,
      walkingGroup({
        name: 'Pottery for beginners',
        description: 'Make something with your hands in a friendly class.',
        cost: { amount: 5, description: '£5 a session' },
        place: { name: 'Arts hub', address1: '1 High St', city: 'Rivermouth', postcode: 'RV2 9ZZ', lat: 51.6, lng: -2.5, stepFree: false },
        schedules: [{ byday: 'SA', opensAt: '18:00', closesAt: '20:00', description: 'Saturday evenings' }],
        chime: ['identity', 'meaning'],
        needs: ['creative'],
        peerLed: false,
        maximumAge: 25,
        languages: [{ code: 'pl', name: 'Polish' }],
      }),
      now,
    );
    await addListing(
      database.db,
      walkingGroup({
        name: 'Online peer chat',
        description: 'Talk things through on a video call.',
        place: null,
        online: true,
        needs: ['peer-support'],
      }),
      now,
    );
    await addListing(database.db, walkingGroup({ name: 'Closed walking club', status: 'defunct' }), now);
  });
  after(() => database.close());

  const names = async (q: Partial<SearchQuery>) => (await search(database.db, { ...base, ...q })).hits.map((h) => h.name).sort();

  test('the migration brings the CHIME parts, needs and features as taxonomy terms', async () => {
    const rows = await database.db.select({ id: hsdsTaxonomyTerm.id, term: hsdsTaxonomyTerm.term }).from(hsdsTaxonomyTerm);
    assert.deepEqual(rows.map((r) => `${r.id} ${r.term}`).sort(), TERMS.map((t) => `${t.id} ${t.term}`).sort());
    assert.ok(rows.some((r) => r.term === 'empowerment'));
  });

  test('words find listings by full-text search, and a typo still finds them', async () => {
    assert.deepEqual(await names({ words: 'walking' }), ['Tuesday walking group']);
    assert.deepEqual(await names({ words: 'walkng grup' }), ['Tuesday walking group']);
    assert.deepEqual(await names({ words: 'hands' }), ['Pottery for beginners']);
  });

  test('closed listings are never found', async () => {
    assert.equal((await names({})).includes('Closed walking club'), false);
  });

  test('each filter narrows the results', async () => {
    assert.deepEqual(await names({ free: true }), ['Online peer chat', 'Tuesday walking group']);
    assert.deepEqual(await names({ chime: 'identity' }), ['Pottery for beginners']);
    assert.deepEqual(await names({ need: 'creative' }), ['Pottery for beginners']);
    assert.deepEqual(await names({ day: 'SA' }), ['Pottery for beginners']);
    assert.deepEqual(await names({ time: 'morning' }), ['Online peer chat', 'Tuesday walking group']);
    assert.deepEqual(await names({ mode: 'online' }), ['Online peer chat']);
    assert.deepEqual(await names({ mode: 'in-person' }), ['Pottery for beginners', 'Tuesday walking group']);
    assert.deepEqual(await names({ peerLed: true }), ['Online peer chat', 'Tuesday walking group']);
    assert.deepEqual(await names({ under25: true }), ['Pottery for beginners']);
    assert.deepEqual(await names({ stepFree: true }), ['Tuesday walking group']);
    assert.deepEqual(await names({ language: 'pl' }), ['Pottery for beginners']);
  });

  test('a postcode is placed from the listings: exact, then by its outward code', async () => {
    assert.deepEqual(await placePostcode(database.db, 'rv12ab'), { lat: 51.5, lng: -2.6 });
    assert.deepEqual(await placePostcode(database.db, 'RV2 1AA'), { lat: 51.6, lng: -2.5 });
    assert.equal(await placePostcode(database.db, 'ZZ9 9ZZ'), null);
    assert.equal(await placePostcode(database.db, "'; drop table hsds_service; --"), null);
  });

  test('sorting by distance puts the nearest first and shows how far', async () => {
    const { hits } = await search(database.db, { ...base, near: { lat: 51.6, lng: -2.5 }, sort: 'distance', mode: 'in-person' });
    assert.deepEqual(
      hits.map((h) => h.name),
      ['Pottery for beginners', 'Tuesday walking group'],
    );
    const [nearest, further] = hits.map((h) => h.distanceKm ?? -1);
    assert.equal(nearest, 0);
    assert.ok(further !== undefined && further > 10 && further < 15);
  });

  test('pages hold at most perPage and the total counts them all', async () => {
    const first = await search(database.db, { ...base, perPage: 2 });
    const second = await search(database.db, { ...base, perPage: 2, page: 2 });
    const beyond = await search(database.db, { ...base, perPage: 2, page: 50 });
    assert.equal(first.hits.length, 2);
    assert.equal(second.hits.length, 1);
    assert.deepEqual([first.total, second.total, beyond.total, beyond.hits.length], [3, 3, 3, 0]);
  });

  test('a listing comes with its place, times, cost, contact and terms; a bad id is none', async () => {
    const l = await listing(database.db, walking);
    assert.ok(l);
    assert.equal(l.locations[0]?.addresses[0]?.postalCode, 'RV1 2AB');
    assert.equal(l.schedules[0]?.byday, 'TU');
    assert.equal(l.contacts[0]?.phones[0]?.number, '01632 960001');
    assert.deepEqual(l.terms.map((t) => t.term).sort(), ['connectedness', 'peer-led', 'peer-support', 'walking']);
    assert.equal(await listing(database.db, 'not-a-uuid'), null);
    assert.equal(await listing(database.db, '00000000-0000-4000-8000-000000000000'), null);
  });
});

describe('searching by day', () => {
  let database: Database;
  before(async () => {
    database = await testDatabase();
    const schedule = { opensAt: '19:00', closesAt: '21:00', description: 'Monthly' };
    await addListing(database.db, walkingGroup({ name: 'Monthly quiz', schedules: [{ ...schedule, byday: '1MO, -1fr' }] }), now);
    await addListing(database.db, walkingGroup({ name: 'No day given', schedules: [{ ...schedule, byday: '' }] }), now);
  });
  after(() => database.close());

  test('finds a day written as iCal writes a monthly one ("the first Monday"), in any case or spacing', async () => {
    const names = async (q: Partial<SearchQuery>) => (await search(database.db, { ...base, ...q })).hits.map((h) => h.name);
    assert.deepEqual(await names({ day: 'MO' }), ['Monthly quiz']);
    assert.deepEqual(await names({ day: 'FR', time: 'evening' }), ['Monthly quiz']);
    assert.deepEqual(await names({ day: 'FR', time: 'morning' }), []);
    assert.deepEqual(await names({ day: 'TU' }), []);
    assert.deepEqual(await names({ time: 'evening' }), ['Monthly quiz', 'No day given']);
  });
});

describe('the filters follow every change to a listing, whoever writes it', () => {
  let database: Database;
  let id: string;
  before(async () => {
    database = await testDatabase();
    id = (
      await addListing(
        database.db,
        walkingGroup({
          schedules: [
            { byday: 'TU', opensAt: '10:30', closesAt: '12:00', description: 'Tuesday mornings' },
            { byday: 'SA', opensAt: '18:00', closesAt: '20:00', description: 'Saturday evenings' },
          ],
        }),
        now,
      )
    ).serviceId;
  });
  after(() => database.close());

  const found = async (q: Partial<SearchQuery>) => (await search(database.db, { ...base, ...q })).total === 1;

  test('a day and a time are asked of one schedule, not a day of one and the time of another', async () => {
    assert.deepEqual(
      await Promise.all([
        found({ day: 'TU', time: 'morning' }),
        found({ day: 'SA', time: 'evening' }),
        found({ day: 'TU', time: 'evening' }),
      ]),
      [true, true, false],
    );
  });

  test('times, costs, places, access, languages and terms changed in their own tables change what finds it', async () => {
    const { db } = database;
    await db.update(hsdsSchedule).set({ byday: 'WE' }).where(eq(hsdsSchedule.description, 'Tuesday mornings'));
    assert.deepEqual([await found({ day: 'TU' }), await found({ day: 'WE', time: 'morning' })], [false, true]);
    await db.delete(hsdsSchedule).where(eq(hsdsSchedule.serviceId, id));
    assert.deepEqual([await found({ day: 'WE' }), await found({ time: 'evening' })], [false, false]);

    assert.equal(await found({ free: true }), true);
    await db.insert(hsdsCostOption).values({ serviceId: id, amount: 3, option: '£3' });
    assert.equal(await found({ free: true }), false);
    await db.update(hsdsCostOption).set({ amount: 0 }).where(eq(hsdsCostOption.serviceId, id));
    assert.equal(await found({ free: true }), true);

    const [place] = await db
      .select({ id: hsdsServiceAtLocation.locationId })
      .from(hsdsServiceAtLocation)
      .where(eq(hsdsServiceAtLocation.serviceId, id));
    assert.ok(place);
    assert.equal(await found({ stepFree: true }), true);
    await db.delete(hsdsAccessibility).where(eq(hsdsAccessibility.locationId, place.id));
    assert.equal(await found({ stepFree: true }), false);
    await db.insert(hsdsAccessibility).values({ locationId: place.id, accessibility: 'step-free' });
    assert.equal(await found({ stepFree: true }), true);
    await db.update(hsdsLocation).set({ locationType: 'virtual' }).where(eq(hsdsLocation.id, place.id));
    assert.deepEqual([await found({ mode: 'in-person' }), await found({ mode: 'online' })], [false, true]);
    await db.delete(hsdsLocation).where(eq(hsdsLocation.id, place.id));
    assert.deepEqual([await found({ mode: 'online' }), await found({ stepFree: true })], [false, false]);

    await db.insert(hsdsLanguage).values({ serviceId: id, code: 'cy', name: 'Welsh' });
    assert.equal(await found({ language: 'cy' }), true);
    await db.update(hsdsLanguage).set({ code: 'pl' }).where(eq(hsdsLanguage.code, 'cy'));
    assert.deepEqual([await found({ language: 'cy' }), await found({ language: 'pl' })], [false, true]);

    const hope = termId(TAXONOMY.chime, 'hope') ?? '';
    assert.ok(hope);
    assert.equal(await found({ chime: 'hope' }), false);
    await db.insert(hsdsAttribute).values({ linkId: id, taxonomyTermId: hope, linkType: 'service' });
    assert.deepEqual([await found({ chime: 'hope' }), await found({ termId: hope })], [true, true]);
    await db.delete(hsdsAttribute).where(eq(hsdsAttribute.taxonomyTermId, hope));
    assert.equal(await found({ chime: 'hope' }), false);
  });
});
