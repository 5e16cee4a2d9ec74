import { and, asc, count, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import {
  hsdsAccessibility,
  hsdsAddress,
  hsdsLocation,
  hsdsOrganization,
  hsdsService,
  hsdsServiceAtLocation,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
} from '../../db/schema.ts';
import { location, organization, serviceBase, taxonomy, taxonomyTerm } from './oruk.ts';
import { boxAround, conditions, inBox, kmFrom, search, type SearchQuery } from './store.ts';

type Json = Record<string, unknown>;

/** The Open Referral paging envelope around one page of contents. */
export function envelope(contents: Json[], total: number, page: number, perPage: number) {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

const none = ['00000000-0000-0000-0000-000000000000'];

async function servicesWithOrganisations(db: Queryable, ids: string[]): Promise<Map<string, Json>> {
  const rows = await db
    .select({ service: hsdsService, organisation: hsdsOrganization })
    .from(hsdsService)
    .innerJoin(hsdsOrganization, eq(hsdsOrganization.id, hsdsService.organizationId))
    .where(inArray(hsdsService.id, ids.length ? ids : none));
  return new Map(rows.map((r) => [r.service.id, { ...serviceBase(r.service), organization: organization(r.organisation) }]));
}

export async function servicePage(db: Queryable, q: SearchQuery) {
  const { hits, total } = await search(db, q);
  const byId = await servicesWithOrganisations(
    db,
    hits.map((h) => h.id),
  );
  const contents = hits.map((h) => byId.get(h.id)).filter((s): s is Json => s !== undefined);
  return envelope(contents, total, q.page, q.perPage);
}

async function locationsOf(db: Queryable, ids: string[]) {
  const [locations, addresses, access] = await Promise.all([
    db
      .select()
      .from(hsdsLocation)
      .where(inArray(hsdsLocation.id, ids.length ? ids : none)),
    db
      .select()
      .from(hsdsAddress)
      .where(inArray(hsdsAddress.locationId, ids.length ? ids : none)),
    db
      .select()
      .from(hsdsAccessibility)
      .where(inArray(hsdsAccessibility.locationId, ids.length ? ids : none)),
  ]);
  return new Map(
    locations.map((l) => [
      l.id,
      location(
        l,
        addresses.filter((a) => a.locationId === l.id),
        access.filter((a) => a.locationId === l.id),
      ),
    ]),
  );
}

/** Services at locations: the service filters, and near a place (nearest first), within so many km. */
export async function serviceAtLocationPage(db: Queryable, q: SearchQuery) {
  const where: SQL[] = conditions({ ...q, withinKm: undefined });
  if (q.near && q.withinKm !== undefined) {
    const box = boxAround(q.near, q.withinKm);
    where.push(sql`${hsdsLocation.latitude} is not null and ${kmFrom(q.near)} <= ${q.withinKm}`);
    if (box) where.push(inBox(box));
  }
  const order = [...(q.near ? [sql`${kmFrom(q.near)} asc nulls last`] : []), asc(hsdsService.name), asc(hsdsServiceAtLocation.id)];
  const from = () =>
    db
      .select({ sal: hsdsServiceAtLocation, total: sql<number>`count(*) over ()`.mapWith(Number) })
      .from(hsdsServiceAtLocation)
      .innerJoin(hsdsService, eq(hsdsService.id, hsdsServiceAtLocation.serviceId))
      .innerJoin(hsdsLocation, eq(hsdsLocation.id, hsdsServiceAtLocation.locationId))
      .where(and(...where));
  const rows = await from()
    .orderBy(...order)
    .limit(q.perPage)
    .offset((q.page - 1) * q.perPage);
  let total = rows[0]?.total ?? 0;
  if (!rows.length && q.page > 1) {
    const [counted] = await db
      .select({ n: count() })
      .from(hsdsServiceAtLocation)
      .innerJoin(hsdsService, eq(hsdsService.id, hsdsServiceAtLocation.serviceId))
      .innerJoin(hsdsLocation, eq(hsdsLocation.id, hsdsServiceAtLocation.locationId))
      .where(and(...where));
    total = counted?.n ?? 0;
  }
  const contents = await salContents(
    db,
    rows.map((r) => r.sal),
  );
  return envelope(contents, total, q.page, q.perPage);
}

async function salContents(db: Queryable, sals: (typeof hsdsServiceAtLocation.$inferSelect)[]): Promise<Json[]> {
  const [services, locations] = await Promise.all([
    servicesWithOrganisations(
      db,
      sals.map((s) => s.serviceId),
    ),
    locationsOf(
      db,
      sals.map((s) => s.locationId),
    ),
  ]);
  return sals.map((s) => ({
    id: s.id,
    service_id: s.serviceId,
    location_id: s.locationId,
    ...(locations.has(s.locationId) ? { location: locations.get(s.locationId) } : {}),
    ...(services.has(s.serviceId) ? { service: services.get(s.serviceId) } : {}),
  }));
}

export async function serviceAtLocation(db: Queryable, id: string): Promise<Json | null> {
  const [sal] = await db
    .select({ sal: hsdsServiceAtLocation })
    .from(hsdsServiceAtLocation)
    .innerJoin(hsdsService, eq(hsdsService.id, hsdsServiceAtLocation.serviceId))
    .where(and(eq(hsdsServiceAtLocation.id, id), sql`${hsdsService.status} <> 'defunct'`));
  if (!sal) return null;
  const [json] = await salContents(db, [sal.sal]);
  return json ?? null;
}

export async function taxonomyPage(db: Queryable, page: number, perPage: number) {
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(hsdsTaxonomy)
      .orderBy(asc(hsdsTaxonomy.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    db.select({ n: count() }).from(hsdsTaxonomy),
  ]);
  return envelope(rows.map(taxonomy), counted?.n ?? 0, page, perPage);
}

export async function taxonomyTermPage(db: Queryable, page: number, perPage: number) {
  const [rows, [counted]] = await Promise.all([
    db
      .select()
      .from(hsdsTaxonomyTerm)
      .orderBy(asc(hsdsTaxonomyTerm.id))
      .limit(perPage)
      .offset((page - 1) * perPage),
    db.select({ n: count() }).from(hsdsTaxonomyTerm),
  ]);
  return envelope(rows.map(taxonomyTerm), counted?.n ?? 0, page, perPage);
}

export async function oneTaxonomy(db: Queryable, id: string): Promise<Json | null> {
  const [row] = await db.select().from(hsdsTaxonomy).where(eq(hsdsTaxonomy.id, id));
  return row ? taxonomy(row) : null;
}

export async function oneTaxonomyTerm(db: Queryable, id: string): Promise<Json | null> {
  const [row] = await db.select().from(hsdsTaxonomyTerm).where(eq(hsdsTaxonomyTerm.id, id));
  return row ? taxonomyTerm(row) : null;
}
