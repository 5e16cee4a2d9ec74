import { asc, eq, inArray } from 'drizzle-orm';
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
