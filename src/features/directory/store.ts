import { and, asc, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import {
  hsdsAccessibility,
  hsdsAddress,
  hsdsAttribute,
  hsdsContact,
  hsdsCostOption,
  hsdsFunding,
  hsdsLanguage,
  hsdsLocation,
  hsdsOrganization,
  hsdsPhone,
  hsdsSchedule,
  hsdsService,
  hsdsServiceArea,
  hsdsServiceAtLocation,
  hsdsTaxonomyTerm,
} from '../../db/schema.ts';
import type { Chime } from '../plan/model.ts';
import { normalisePostcode } from './geo.ts';
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
const kmFrom = (near: Point) => sql<number>`6371 * 2 * asin(least(1, sqrt(
    power(sin(radians(${hsdsLocation.latitude} - ${near.lat}) / 2), 2)
    + cos(radians(${near.lat})) * cos(radians(${hsdsLocation.latitude}))
      * power(sin(radians(${hsdsLocation.longitude} - ${near.lng}) / 2), 2))))`;

/** A service's nearest location, for one service (a condition). */
const nearest = (near: Point) => sql<number | null>`(
  select min(${kmFrom(near)})
  from ${hsdsServiceAtLocation} join ${hsdsLocation} on ${hsdsLocation.id} = ${hsdsServiceAtLocation.locationId}
  where ${hsdsServiceAtLocation.serviceId} = ${hsdsService.id} and ${hsdsLocation.latitude} is not null)`;

/** Every service's nearest location at once, to join: one pass over the locations instead of a
 *  lookup for each listing (50 000 listings nearest first: about half the time). */
const nearestOfEach = (db: Queryable, near: Point) =>
  db
    .select({ serviceId: hsdsServiceAtLocation.serviceId, km: sql<number>`min(${kmFrom(near)})`.as('km') })
    .from(hsdsServiceAtLocation)
    .innerJoin(hsdsLocation, eq(hsdsLocation.id, hsdsServiceAtLocation.locationId))
    .where(isNotNull(hsdsLocation.latitude))
    .groupBy(hsdsServiceAtLocation.serviceId)
    .as('nearest');

const tagged = (term: string | undefined) =>
  sql`exists (select 1 from ${hsdsAttribute} where ${hsdsAttribute.linkId} = ${hsdsService.id}
    and ${hsdsAttribute.taxonomyTermId} = ${term ?? '00000000-0000-0000-0000-000000000000'})`;

const atLocation = (condition: SQL) =>
  sql`exists (select 1 from ${hsdsServiceAtLocation} join ${hsdsLocation} on ${hsdsLocation.id} = ${hsdsServiceAtLocation.locationId}
    where ${hsdsServiceAtLocation.serviceId} = ${hsdsService.id} and ${condition})`;

const TIME_RANGE: Record<TimeOfDay, [string, string]> = {
  morning: ['00:00', '12:00'],
  afternoon: ['12:00', '17:00'],
  evening: ['17:00', '24:00'],
};

export function conditions(q: SearchQuery): SQL[] {
  const where: SQL[] = [eq(hsdsService.status, 'active')];
  if (q.words) {
    where.push(
      // `<%`: a word of the name at least WORD_SIMILARITY alike (db/client.ts sets it on every connection).
      sql`(${document} @@ websearch_to_tsquery('english', ${q.words}) or ${q.words} <% ${hsdsService.name})`,
    );
  }
  if (q.chime) where.push(tagged(termId(TAXONOMY.chime, q.chime)));
  if (q.need) where.push(tagged(termId(TAXONOMY.need, q.need)));
  if (q.peerLed) where.push(tagged(termId(TAXONOMY.feature, 'peer-led')));
  if (q.free) {
    where.push(
      sql`not exists (select 1 from ${hsdsCostOption} where ${hsdsCostOption.serviceId} = ${hsdsService.id} and coalesce(${hsdsCostOption.amount}, 0) > 0)`,
    );
  }
  if (q.day || q.time) {
    const [from, to] = q.time ? TIME_RANGE[q.time] : ['00:00', '24:00'];
    where.push(sql`exists (select 1 from ${hsdsSchedule} where ${hsdsSchedule.serviceId} = ${hsdsService.id}
      and (${q.day ?? null}::text is null or position(${q.day ?? ''} in coalesce(${hsdsSchedule.byday}, '')) > 0)
      and coalesce(${hsdsSchedule.opensAt}, '00:00') >= ${from} and coalesce(${hsdsSchedule.opensAt}, '00:00') < ${to})`);
  }
  if (q.mode === 'online') where.push(atLocation(sql`${hsdsLocation.locationType} = 'virtual'`));
  if (q.mode === 'in-person') where.push(atLocation(sql`${hsdsLocation.locationType} = 'physical'`));
  if (q.under25) where.push(sql`${hsdsService.maximumAge} <= 25`);
  if (q.stepFree) {
    where.push(
      atLocation(
        sql`exists (select 1 from ${hsdsAccessibility} where ${hsdsAccessibility.locationId} = ${hsdsLocation.id} and ${hsdsAccessibility.accessibility} = 'step-free')`,
      ),
    );
  }
  if (q.language) {
    where.push(
      sql`exists (select 1 from ${hsdsLanguage} where ${hsdsLanguage.serviceId} = ${hsdsService.id} and ${hsdsLanguage.code} = ${q.language})`,
    );
  }
  if (q.termId) where.push(tagged(q.termId));
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
  const near = q.near ? nearestOfEach(db, q.near) : null;
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
  const query = db
    .select({
      id: hsdsService.id,
      name: hsdsService.name,
      description: hsdsService.description,
      organisation: hsdsOrganization.name,
      assuredDate: hsdsService.assuredDate,
      distanceKm: distance.mapWith((v: unknown) => (v === null ? null : Number(v))),
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(hsdsService)
    .innerJoin(hsdsOrganization, eq(hsdsOrganization.id, hsdsService.organizationId))
    .$dynamic();
  const rows = await (near ? query.leftJoin(near, eq(near.serviceId, hsdsService.id)) : query)
    .where(and(...conditions(q)))
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
    total: rows[0]?.total ?? (q.page > 1 ? await count(db, q) : 0),
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

export type ListingRow = typeof hsdsService.$inferSelect;

/** Everything the listing page shows, or null for an unknown id (or one not shaped like a UUID). */
export async function listing(db: Queryable, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
  const [service] = await db
    .select({ service: hsdsService, organisation: hsdsOrganization })
    .from(hsdsService)
    .innerJoin(hsdsOrganization, eq(hsdsOrganization.id, hsdsService.organizationId))
    .where(eq(hsdsService.id, id));
  if (!service) return null;
  const sals = await db.select().from(hsdsServiceAtLocation).where(eq(hsdsServiceAtLocation.serviceId, id));
  const locationIds = sals.map((s) => s.locationId);
  const none = ['00000000-0000-0000-0000-000000000000'];
  const [locations, addresses, access, schedules, costs, contacts, languages, tags, funding, areas] = await Promise.all([
    db
      .select()
      .from(hsdsLocation)
      .where(inArray(hsdsLocation.id, locationIds.length ? locationIds : none)),
    db
      .select()
      .from(hsdsAddress)
      .where(inArray(hsdsAddress.locationId, locationIds.length ? locationIds : none)),
    db
      .select()
      .from(hsdsAccessibility)
      .where(inArray(hsdsAccessibility.locationId, locationIds.length ? locationIds : none)),
    db.select().from(hsdsSchedule).where(eq(hsdsSchedule.serviceId, id)).orderBy(asc(hsdsSchedule.id)),
    db.select().from(hsdsCostOption).where(eq(hsdsCostOption.serviceId, id)),
    db.select().from(hsdsContact).where(eq(hsdsContact.serviceId, id)),
    db.select().from(hsdsLanguage).where(eq(hsdsLanguage.serviceId, id)),
    db
      .select({ attribute: hsdsAttribute, term: hsdsTaxonomyTerm })
      .from(hsdsAttribute)
      .innerJoin(hsdsTaxonomyTerm, eq(hsdsTaxonomyTerm.id, hsdsAttribute.taxonomyTermId))
      .where(eq(hsdsAttribute.linkId, id))
      .orderBy(asc(hsdsTaxonomyTerm.id)),
    db.select().from(hsdsFunding).where(eq(hsdsFunding.serviceId, id)),
    db.select().from(hsdsServiceArea).where(eq(hsdsServiceArea.serviceId, id)),
  ]);
  const contactIds = contacts.map((c) => c.id);
  const phones = await db
    .select()
    .from(hsdsPhone)
    .where(inArray(hsdsPhone.contactId, contactIds.length ? contactIds : none));
  return {
    ...service,
    locations: locations.map((l) => ({
      ...l,
      addresses: addresses.filter((a) => a.locationId === l.id),
      accessibility: access.filter((a) => a.locationId === l.id),
    })),
    schedules,
    costs,
    contacts: contacts.map((c) => ({ ...c, phones: phones.filter((p) => p.contactId === c.id) })),
    languages,
    terms: tags.map((t) => t.term),
    attributes: tags,
    funding,
    areas,
    serviceAtLocations: sals,
  };
}
export type Listing = NonNullable<Awaited<ReturnType<typeof listing>>>;
