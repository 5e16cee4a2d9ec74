import { and, asc, desc, eq, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import {
  hsdsAddress,
  hsdsAttribute,
  hsdsLocation,
  hsdsOrganization,
  hsdsSchedule,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsTaxonomyTerm,
} from '../../db/schema.ts';
import type { Chime } from '../plan/model.ts';
import { EARTH_RADIUS_KM, normalisePostcode } from './geo.ts';
import type { Geocoding, Point } from './geocoder.ts';
import { TAXONOMY, termId, type Need } from './taxonomy.ts';

export const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Day = (typeof DAYS)[number];
export const TIMES = ['morning', 'afternoon', 'evening'] as const;
export type TimeOfDay = (typeof TIMES)[number];

export interface SearchQuery {
  words?: string | undefined;
  chime?: Chime | undefined;
  need?: Need | undefined;
  free?: boolean | undefined;
  day?: Day | undefined;
  time?: TimeOfDay | undefined;
  mode?: 'online' | 'in-person' | undefined;
  peerLed?: boolean | undefined;
  under25?: boolean | undefined;
  stepFree?: boolean | undefined;
  language?: string | undefined;
  near?: { lat: number; lng: number } | undefined;
  /** Open Referral filters (the API's): a term, any term of a taxonomy, ages, times. */
  termId?: string | undefined;
  taxonomyId?: string | undefined;
  minimumAge?: number | undefined;
  maximumAge?: number | undefined;
  startTime?: string | undefined;
  endTime?: string | undefined;
  /** Within this many kilometres of `near`. */
  withinKm?: number | undefined;
  sort: 'relevance' | 'distance';
  page: number;
  perPage: number;
}

export interface SearchHit {
  id: string;
  name: string;
  description: string | null;
  organisation: string;
  assuredDate: string | null;
  distanceKm: number | null;
}

const document = hsdsService.searchDocument;

/** Kilometres from a location to `near` (haversine, as geo.ts's distanceKm). */
export const kmFrom = (near: Point) => sql<number>`${sql.raw(String(EARTH_RADIUS_KM))} * 2 * asin(least(1, sqrt(
    power(sin(radians(${hsdsLocation.latitude} - ${near.lat}) / 2), 2)
    + cos(radians(${near.lat})) * cos(radians(${hsdsLocation.latitude}))
      * power(sin(radians(${hsdsLocation.longitude} - ${near.lng}) / 2), 2))))`;

/** A service's nearest location, for one service (a condition). */
const nearest = (near: Point) => sql<number | null>`(
  select min(${kmFrom(near)})
  from ${hsdsServiceAtLocation} join ${hsdsLocation} on ${hsdsLocation.id} = ${hsdsServiceAtLocation.locationId}
  where ${hsdsServiceAtLocation.serviceId} = ${hsdsService.id} and ${hsdsLocation.latitude} is not null)`;

/** Every service's nearest location at once, to join: one pass over the locations instead of a
 *  lookup for each listing (50 000 listings nearest first: about half the time). Given a box,
 *  only the locations in it (the index on their coordinates finds them). */
const nearestOfEach = (db: Queryable, near: Point, box?: SQL) =>
  db
    .select({ serviceId: hsdsServiceAtLocation.serviceId, km: sql<number>`min(${kmFrom(near)})`.as('km') })
    .from(hsdsServiceAtLocation)
    .innerJoin(hsdsLocation, eq(hsdsLocation.id, hsdsServiceAtLocation.locationId))
    .where(and(isNotNull(hsdsLocation.latitude), box))
    .groupBy(hsdsServiceAtLocation.serviceId)
    .as('nearest');

/**
 * The locations inside the smallest latitude and longitude box that holds every point within
 * `km` of `near` on the same sphere as `kmFrom` (J. P. Matuschek's bounding coordinates), or
 * undefined when that box would take in a pole or cross the 180th meridian: then nothing is
 * left out by leaving the box out.
 */
export function boxAround(near: Point, km: number): { lat: [number, number]; lng: [number, number] } | undefined {
  const angle = km / EARTH_RADIUS_KM;
  const lat = (near.lat * Math.PI) / 180;
  const [south, north] = [lat - angle, lat + angle];
  if (south <= -Math.PI / 2 || north >= Math.PI / 2) return undefined;
  const dLng = (Math.asin(Math.min(1, Math.sin(angle) / Math.cos(lat))) * 180) / Math.PI;
  if (near.lng - dLng < -180 || near.lng + dLng > 180) return undefined;
  return { lat: [(south * 180) / Math.PI, (north * 180) / Math.PI], lng: [near.lng - dLng, near.lng + dLng] };
}

export const inBox = (box: NonNullable<ReturnType<typeof boxAround>>) =>
  sql`${hsdsLocation.latitude} between ${box.lat[0]} and ${box.lat[1]} and ${hsdsLocation.longitude} between ${box.lng[0]} and ${box.lng[1]}`;

/** How far a nearest-first search looks before it widens, in kilometres: a page is usually full
 *  within the first (a town and its neighbours), and only a rare search reads every location. */
const WIDENING_KM = [5, 20, 80, 320];

/** The facet words (hsds_service.search_facets, kept by migration 0025's triggers) a search asks for. */
const term = (id: string | undefined) => `term:${id ?? '00000000-0000-0000-0000-000000000000'}`;

function facets(q: SearchQuery): string[] {
  const wanted: string[] = [];
  if (q.chime) wanted.push(term(termId(TAXONOMY.chime, q.chime)));
  if (q.need) wanted.push(term(termId(TAXONOMY.need, q.need)));
  if (q.peerLed) wanted.push(term(termId(TAXONOMY.feature, 'peer-led')));
  if (q.termId) wanted.push(term(q.termId));
  if (q.free) wanted.push('free');
  // One schedule that day and at that time, not a day from one schedule and a time from another.
  if (q.day || q.time) wanted.push(q.day ? `day:${q.day}${q.time ? `@${q.time}` : ''}` : `time:${q.time ?? ''}`);
  if (q.mode) wanted.push(`mode:${q.mode === 'online' ? 'virtual' : 'physical'}`);
  if (q.stepFree) wanted.push('step-free');
  if (q.language) wanted.push(`lang:${q.language}`);
  return wanted;
}

export function conditions(q: SearchQuery): SQL[] {
  const where: SQL[] = [eq(hsdsService.status, 'active')];
  if (q.words) {
    where.push(
      // `<%`: a word of the name at least WORD_SIMILARITY alike (db/client.ts sets it on every connection).
      sql`(${document} @@ websearch_to_tsquery('english', ${q.words}) or ${q.words} <% ${hsdsService.name})`,
    );
  }
  const wanted = facets(q);
  if (wanted.length)
    where.push(
      sql`${hsdsService.searchFacets} @> array[${sql.join(
        wanted.map((w) => sql`${w}`),
        sql`, `,
      )}]::text[]`,
    );
  if (q.under25) where.push(sql`${hsdsService.maximumAge} <= 25`);
  if (q.taxonomyId) {
    where.push(sql`exists (select 1 from ${hsdsAttribute} join ${hsdsTaxonomyTerm} on ${hsdsTaxonomyTerm.id} = ${hsdsAttribute.taxonomyTermId}
      where ${hsdsAttribute.linkId} = ${hsdsService.id} and ${hsdsTaxonomyTerm.taxonomyId} = ${q.taxonomyId})`);
  }
  if (q.minimumAge !== undefined) where.push(sql`${hsdsService.minimumAge} >= ${q.minimumAge}`);
  if (q.maximumAge !== undefined) where.push(sql`${hsdsService.maximumAge} <= ${q.maximumAge}`);
  if (q.startTime || q.endTime) {
    where.push(sql`exists (select 1 from ${hsdsSchedule} where ${hsdsSchedule.serviceId} = ${hsdsService.id}
      and ${hsdsSchedule.opensAt} >= ${q.startTime ?? '00:00'} and ${hsdsSchedule.closesAt} <= ${q.endTime ?? '24:00'})`);
  }
  if (q.near && q.withinKm !== undefined) where.push(sql`${nearest(q.near)} <= ${q.withinKm}`);
  return where;
}

export async function search(db: Queryable, q: SearchQuery): Promise<{ hits: SearchHit[]; total: number }> {
  if (!q.near) return page(db, q);
  // Within so many km, only the locations in that box can count. Nearest first (or no words to
  // rank by), the services within a radius come first in that order, so a page filled from inside
  // a box is the page; widen until one is, and count every match once.
  if (q.withinKm !== undefined) return page(db, q, q.withinKm);
  if (q.sort === 'distance' || !q.words) {
    for (const km of WIDENING_KM) {
      const found = await page(db, q, km, false);
      if (found.hits.length === q.perPage) return { hits: found.hits, total: await count(db, q) };
    }
  }
  return page(db, q);
}

/** One page of matches. Given `withinKm`, only the services with a location that near, joined
 *  from the locations in its box; `counted` false leaves out counting them (a wider count follows). */
async function page(db: Queryable, q: SearchQuery, withinKm?: number, counted = true): Promise<{ hits: SearchHit[]; total: number }> {
  const box = q.near && withinKm !== undefined ? boxAround(q.near, withinKm) : undefined;
  const near = q.near ? nearestOfEach(db, q.near, box && inBox(box)) : null;
  const distance = near ? sql<number | null>`${near.km}` : sql<number | null>`null::float8`;
  const rank = q.words
    ? sql<number>`ts_rank(${document}, websearch_to_tsquery('english', ${q.words})) + word_similarity(${q.words}, ${hsdsService.name})`
    : null;
  const byRank = rank ? [desc(rank)] : [];
  const byDistance = q.near ? [sql`${distance} asc nulls last`] : [];
  const order = [
    ...(q.sort === 'distance' ? [...byDistance, ...byRank] : [...byRank, ...byDistance]),
    asc(hsdsService.name),
    asc(hsdsService.id),
  ];
  const where = conditions({ ...q, withinKm: undefined });
  if (near && withinKm !== undefined) where.push(sql`${near.km} <= ${withinKm}`);
  const query = db
    .select({
      id: hsdsService.id,
      name: hsdsService.name,
      description: hsdsService.description,
      organisation: hsdsOrganization.name,
      assuredDate: hsdsService.assuredDate,
      distanceKm: distance.mapWith((v: unknown) => (v === null ? null : Number(v))),
      total: (counted ? sql<number>`count(*) over ()` : sql<number>`0`).mapWith(Number),
    })
    .from(hsdsService)
    .innerJoin(hsdsOrganization, eq(hsdsOrganization.id, hsdsService.organizationId))
    .$dynamic();
  const joined = !near
    ? query
    : withinKm === undefined
      ? query.leftJoin(near, eq(near.serviceId, hsdsService.id))
      : query.innerJoin(near, eq(near.serviceId, hsdsService.id));
  const rows = await joined
    .where(and(...where))
    .orderBy(...order)
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  return {
    hits: rows.map((r) => ({
      id: r.id,
      name: r.name,
      description: r.description,
      organisation: r.organisation,
      assuredDate: r.assuredDate,
      distanceKm: r.distanceKm,
    })),
    total: !counted ? 0 : (rows[0]?.total ?? (q.page > 1 ? await count(db, { ...q, withinKm }) : 0)),
  };
}

async function count(db: Queryable, q: SearchQuery): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)`.mapWith(Number) })
    .from(hsdsService)
    .where(and(...conditions(q)));
  return row?.n ?? 0;
}

/**
 * Where a postcode is: from the outside geocoder when one is set and knows the full postcode;
 * otherwise from the listings themselves: a listing's own coordinates when one has that full
 * postcode, otherwise the centre of the listings in its outward code (`RV1`). Null if none.
 */
export async function placePostcode(db: Queryable, text: string, geocoding?: Geocoding): Promise<Point | null> {
  const postcode = normalisePostcode(text);
  if (!postcode) return null;
  if (postcode.full && geocoding?.geocoder) {
    const placed = await geocoding.geocoder.place(postcode.full);
    if (placed.kind === 'found') return placed.point;
    if (placed.kind === 'failed') geocoding.onFailure(placed.reason);
  }
  const compact = sql`upper(replace(${hsdsAddress.postalCode}, ' ', ''))`;
  const tries: SQL[] = [];
  if (postcode.full) tries.push(sql`${compact} = ${postcode.full.replace(' ', '')}`);
  tries.push(sql`left(${compact}, greatest(length(${compact}) - 3, 0)) = ${postcode.outward}`);
  for (const match of tries) {
    const [row] = await db
      .select({
        lat: sql<number | null>`avg(${hsdsLocation.latitude})`.mapWith((v: unknown) => (v === null ? null : Number(v))),
        lng: sql<number | null>`avg(${hsdsLocation.longitude})`.mapWith((v: unknown) => (v === null ? null : Number(v))),
      })
      .from(hsdsAddress)
      .innerJoin(hsdsLocation, eq(hsdsLocation.id, hsdsAddress.locationId))
      .where(and(match, sql`${hsdsLocation.latitude} is not null and ${hsdsLocation.longitude} is not null`));
    if (row?.lat != null && row.lng != null) return { lat: row.lat, lng: row.lng };
  }
  return null;
}
