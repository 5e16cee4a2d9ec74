import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Database } from '../../db/client.ts';
import { hsdsLocation, hsdsServiceAtLocation } from '../../db/schema.ts';
import { testDatabase } from '../../test/harness.ts';
import { walkingGroup } from './fixtures.ts';
import { distanceKm, EARTH_RADIUS_KM } from './geo.ts';
import type { Point } from './geocoder.ts';
import { boxAround, search, type SearchQuery } from './store.ts';
import { addListing } from './write.ts';

const now = new Date('2026-06-01T09:00:00Z');
const CENTRE: Point = { lat: 52.5, lng: -1.5 };

/** The point `km` from `from` on a bearing of `degrees` (on the sphere every distance here uses). */
function destination(from: Point, km: number, degrees: number): Point {
  const [lat, lng, bearing, angle] = [
    (from.lat * Math.PI) / 180,
    (from.lng * Math.PI) / 180,
    (degrees * Math.PI) / 180,
    km / EARTH_RADIUS_KM,
  ];
  const toLat = Math.asin(Math.sin(lat) * Math.cos(angle) + Math.cos(lat) * Math.sin(angle) * Math.cos(bearing));
  const toLng = lng + Math.atan2(Math.sin(bearing) * Math.sin(angle) * Math.cos(lat), Math.cos(angle) - Math.sin(lat) * Math.sin(toLat));
  return { lat: (toLat * 180) / Math.PI, lng: (toLng * 180) / Math.PI };
}

describe('nearest first', () => {
  let database: Database;
  /** Every listing and where its nearest location is (null: online only), to check the search against. */
  const listings: { id: string; name: string; at: Point | null }[] = [];

  before(async () => {
    database = await testDatabase();
    // Forty listings from a few hundred metres to some 700 km away, every way round, so that a
    // search widens through each radius and past the last; two online only.
    for (let i = 0; i < 40; i++) {
      const at = destination(CENTRE, 0.4 * 1.19 ** i, (i * 137) % 360);
      const name = `Listing ${String(i).padStart(2, '0')}`;
      const place = { name: `Hall ${i}`, address1: '1 Mill Lane', city: 'Rivermouth', postcode: 'RV1 2AB', ...at, stepFree: true };
      const { serviceId } = await addListing(database.db, walkingGroup({ name, place }), now);
      listings.push({ id: serviceId, name, at });
    }
    for (const name of ['Online 1', 'Online 2']) {
      const { serviceId } = await addListing(database.db, walkingGroup({ name, place: null, online: true }), now);
      listings.push({ id: serviceId, name, at: null });
    }
    // The furthest listing also meets in a second place, close by: its nearest place is what counts.
    const furthest = listings[39];
    assert.ok(furthest);
    const close = destination(CENTRE, 3.3, 200);
    const [second] = await database.db
      .insert(hsdsLocation)
      .values({ locationType: 'physical', name: 'Second hall', latitude: close.lat, longitude: close.lng })
      .returning({ id: hsdsLocation.id });
    assert.ok(second);
    await database.db.insert(hsdsServiceAtLocation).values({ serviceId: furthest.id, locationId: second.id });
    furthest.at = close;
  });
  after(() => database.close());

  /** What the search must give: nearest first, then by name; online-only listings last. */
  function expected(within?: number) {
    const far = (l: (typeof listings)[number]) => (l.at ? distanceKm(CENTRE, l.at) : Infinity);
    return listings
      .filter((l) => within === undefined || far(l) <= within)
      .sort((a, b) => far(a) - far(b) || a.name.localeCompare(b.name))
      .map((l) => l.name);
  }

  async function pages(q: Omit<SearchQuery, 'page'>) {
    const names: string[] = [];
    const totals = new Set<number>();
    for (let page = 1; page <= Math.ceil(listings.length / q.perPage) + 1; page++) {
      const found = await search(database.db, { ...q, page });
      names.push(...found.hits.map((h) => h.name));
      totals.add(found.total);
    }
    return { names, totals: [...totals] };
  }

  test('every page, at every size, holds what reading every listing would, and the total counts them all', async () => {
    for (const perPage of [1, 3, 10, 25]) {
      for (const sort of ['distance', 'relevance'] as const) {
        const { names, totals } = await pages({ near: CENTRE, sort, perPage });
        assert.deepEqual(names, expected(), `${perPage} a page, sorted by ${sort}`);
        assert.deepEqual(totals, [listings.length]);
      }
    }
  });

  test('the distance shown is to the nearest place a listing meets', async () => {
    const { hits } = await search(database.db, { near: CENTRE, sort: 'distance', page: 1, perPage: 20 });
    const furthest = hits.find((h) => h.name === 'Listing 39');
    assert.ok(furthest?.distanceKm !== undefined && furthest.distanceKm !== null);
    assert.ok(Math.abs(furthest.distanceKm - 3.3) < 0.01, `${furthest.distanceKm} km`);
  });

  test('within so many kilometres finds those and no others, with their number', async () => {
    for (const km of [0.1, 5, 50, 400, 2000]) {
      const { names, totals } = await pages({ near: CENTRE, withinKm: km, sort: 'distance', perPage: 7 });
      assert.deepEqual(names, expected(km), `within ${km} km`);
      assert.deepEqual(totals, [expected(km).length]);
    }
  });

  test('filters and words apply nearest first as they do otherwise', async () => {
    const { hits, total } = await search(database.db, { near: CENTRE, sort: 'distance', words: 'online', page: 1, perPage: 10 });
    assert.deepEqual(
      hits.map((h) => [h.name, h.distanceKm]),
      [
        ['Online 1', null],
        ['Online 2', null],
      ],
    );
    assert.equal(total, 2);
  });
});

describe('the box around a searcher', () => {
  test('holds every point within the distance, whichever way and wherever on Earth', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
    for (let i = 0; i < 2000; i++) {
      const near = { lat: -80 + rnd() * 160, lng: -179 + rnd() * 358 };
      const km = 0.1 * 10 ** (rnd() * 4);
      const box = boxAround(near, km);
      if (!box) continue;
      const point = destination(near, km * rnd(), rnd() * 360);
      assert.ok(box.lat[0] <= point.lat && point.lat <= box.lat[1], JSON.stringify({ near, km, point, box }));
      assert.ok(box.lng[0] <= point.lng && point.lng <= box.lng[1], JSON.stringify({ near, km, point, box }));
    }
  });

  test('is as narrow as it can be: a point just beyond due north, south, east or west is outside', () => {
    const box = boxAround(CENTRE, 10);
    assert.ok(box);
    assert.ok(destination(CENTRE, 10.01, 0).lat > box.lat[1]);
    assert.ok(destination(CENTRE, 10.01, 180).lat < box.lat[0]);
    assert.ok(destination(CENTRE, 10.01, 90).lng > box.lng[1] - 0.001);
    assert.ok(destination(CENTRE, 10.01, 270).lng < box.lng[0] + 0.001);
  });

  test('is not drawn round a pole or across the 180th meridian, where no box would hold them', () => {
    assert.equal(boxAround({ lat: 89.99, lng: 0 }, 5), undefined);
    assert.equal(boxAround({ lat: -89.99, lng: 0 }, 5), undefined);
    assert.equal(boxAround({ lat: 0, lng: 179.99 }, 5), undefined);
    assert.equal(boxAround({ lat: 0, lng: -179.99 }, 5), undefined);
    assert.ok(boxAround({ lat: 0, lng: 179 }, 5));
  });
});
