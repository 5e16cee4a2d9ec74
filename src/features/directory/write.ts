import type { Queryable } from '../../db/client.ts';
import {
  hsdsAccessibility,
  hsdsAddress,
  hsdsAttribute,
  hsdsContact,
  hsdsCostOption,
  hsdsLanguage,
  hsdsLocation,
  hsdsOrganization,
  hsdsPhone,
  hsdsSchedule,
  hsdsService,
  hsdsServiceAtLocation,
} from '../../db/schema.ts';
import type { Chime } from '../plan/model.ts';
import { TAXONOMY, termId, type Need } from './taxonomy.ts';

export interface NewListing {
  organisation: { id: string } | { name: string; description: string; waymarkOrganisationId?: string };
  name: string;
  description: string;
  /** ISO date the listing was last checked. */
  assuredDate: string;
  status?: 'active' | 'inactive' | 'defunct' | 'temporarily closed';
  minimumAge?: number;
  maximumAge?: number;
  url?: string;
  email?: string;
  /** Null: free. */
  cost: { amount: number; description: string } | null;
  place: {
    name: string;
    address1: string;
    city: string;
    postcode: string;
    /** Null where nothing places it (a postcode the directory does not know yet). */
    lat: number | null;
    lng: number | null;
    stepFree: boolean;
    access?: string;
  } | null;
  online: boolean;
  schedules: { byday: string; opensAt: string; closesAt: string; description: string }[];
  contact?: { name: string; phone: string };
  languages?: { code: string; name: string }[];
  chime: Chime[];
  needs: Need[];
  peerLed: boolean;
}

function one<T>(rows: T[]): T {
  const [row] = rows;
  if (row === undefined) throw new Error('An insert returned no row');
  return row;
}

/** Adds one listing, all its rows in one transaction; returns the service id and its organisation's. */
export async function addListing(db: Queryable, l: NewListing, now: Date): Promise<{ serviceId: string; organisationId: string }> {
  return db.transaction(async (tx) => {
    const organisationId =
      'id' in l.organisation
        ? l.organisation.id
        : one(await tx.insert(hsdsOrganization).values(l.organisation).returning({ id: hsdsOrganization.id })).id;
    const service = one(
      await tx
        .insert(hsdsService)
        .values({ ...serviceColumns(l), organizationId: organisationId, status: l.status ?? 'active', lastModified: now })
        .returning({ id: hsdsService.id }),
    );
    await writeDetails(tx, service.id, l);
    return { serviceId: service.id, organisationId };
  });
}

/** The service row's own columns that a listing's form sets. */
export const serviceColumns = (l: NewListing) => ({
  name: l.name,
  description: l.description,
  minimumAge: l.minimumAge ?? null,
  maximumAge: l.maximumAge ?? null,
  url: l.url ?? null,
  email: l.email ?? null,
  fees: l.cost ? l.cost.description : 'Free',
  assuredDate: l.assuredDate,
});

/** Everything of a listing beyond its service row: places, times, cost, contact, languages, tags. */
export async function writeDetails(tx: Queryable, serviceId: string, l: NewListing): Promise<void> {
  const locations: string[] = [];
  if (l.place) {
    const loc = one(
      await tx
        .insert(hsdsLocation)
        .values({ locationType: 'physical', name: l.place.name, latitude: l.place.lat, longitude: l.place.lng })
        .returning({ id: hsdsLocation.id }),
    );
    locations.push(loc.id);
    await tx.insert(hsdsAddress).values({
      locationId: loc.id,
      address1: l.place.address1,
      city: l.place.city,
      stateProvince: 'England',
      postalCode: l.place.postcode,
      country: 'GB',
      addressType: 'physical',
    });
    const access = [
      ...(l.place.stepFree ? [{ accessibility: 'step-free', description: 'Step-free access' }] : []),
      ...(l.place.access ? [{ accessibility: 'other', description: l.place.access }] : []),
    ];
    if (access.length) await tx.insert(hsdsAccessibility).values(access.map((a) => ({ ...a, locationId: loc.id })));
  }
  if (l.online) {
    const loc = one(await tx.insert(hsdsLocation).values({ locationType: 'virtual', name: 'Online' }).returning({ id: hsdsLocation.id }));
    locations.push(loc.id);
  }
  if (locations.length) await tx.insert(hsdsServiceAtLocation).values(locations.map((locationId) => ({ serviceId, locationId })));
  if (l.schedules.length) {
    await tx.insert(hsdsSchedule).values(
      l.schedules.map((s) => ({
        serviceId,
        freq: 'WEEKLY' as const,
        byday: s.byday,
        opensAt: s.opensAt,
        closesAt: s.closesAt,
        description: s.description,
        attendingType: l.place ? 'in person' : 'online',
      })),
    );
  }
  await tx.insert(hsdsCostOption).values({
    serviceId,
    option: l.cost ? 'Charge' : 'Free',
    amount: l.cost?.amount ?? 0,
    amountDescription: l.cost?.description ?? 'Free',
  });
  if (l.contact) {
    const contact = one(await tx.insert(hsdsContact).values({ serviceId, name: l.contact.name }).returning({ id: hsdsContact.id }));
    if (l.contact.phone) await tx.insert(hsdsPhone).values({ contactId: contact.id, number: l.contact.phone });
  }
  if (l.languages?.length) await tx.insert(hsdsLanguage).values(l.languages.map((x) => ({ ...x, serviceId })));
  const terms = [
    ...l.chime.map((c) => termId(TAXONOMY.chime, c)),
    ...l.needs.map((n) => termId(TAXONOMY.need, n)),
    ...(l.peerLed ? [termId(TAXONOMY.feature, 'peer-led')] : []),
  ].filter((t): t is string => t !== undefined);
  if (terms.length) {
    await tx.insert(hsdsAttribute).values(terms.map((taxonomyTermId) => ({ linkId: serviceId, taxonomyTermId, linkType: 'service' })));
  }
}
