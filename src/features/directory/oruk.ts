import type {
  hsdsAccessibility,
  hsdsAddress,
  hsdsAttribute,
  hsdsLocation,
  hsdsOrganization,
  hsdsService,
  hsdsTaxonomy,
  hsdsTaxonomyTerm,
} from '../../db/schema.ts';
import type { Listing } from './listing.ts';

/*
 * Rows as Open Referral UK 3.0 JSON: HSDS names, and absent values left out (the schemas type
 * each field as a string or number, so a null would not validate).
 */
type Json = Record<string, unknown>;

export function clean(o: Json): Json {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}

export const organization = (o: typeof hsdsOrganization.$inferSelect): Json =>
  clean({
    id: o.id,
    name: o.name,
    description: o.description,
    email: o.email,
    website: o.website,
    logo: o.logo,
    uri: o.uri,
    parent_organization_id: o.parentOrganizationId,
  });

export const serviceBase = (s: typeof hsdsService.$inferSelect): Json =>
  clean({
    id: s.id,
    organization_id: s.organizationId,
    name: s.name,
    description: s.description,
    url: s.url,
    email: s.email,
    status: s.status,
    fees: s.fees,
    accreditations: s.accreditations,
    minimum_age: s.minimumAge,
    maximum_age: s.maximumAge,
    assured_date: s.assuredDate,
    assurer_email: s.assurerEmail,
    alert: s.alert,
    last_modified: s.lastModified.toISOString(),
  });

export const taxonomy = (t: typeof hsdsTaxonomy.$inferSelect): Json =>
  clean({ id: t.id, name: t.name, description: t.description, uri: t.uri, version: t.version });

export const taxonomyTerm = (t: typeof hsdsTaxonomyTerm.$inferSelect): Json =>
  clean({
    id: t.id,
    name: t.name,
    description: t.description,
    parent_id: t.parentId,
    taxonomy_id: t.taxonomyId,
    term_uri: t.termUri,
    term: t.term,
  });

export const attribute = (a: typeof hsdsAttribute.$inferSelect, term: typeof hsdsTaxonomyTerm.$inferSelect): Json =>
  clean({ id: a.id, link_id: a.linkId, taxonomy_term_id: a.taxonomyTermId, link_type: a.linkType, taxonomy_term: taxonomyTerm(term) });

export const location = (
  l: typeof hsdsLocation.$inferSelect,
  addresses: (typeof hsdsAddress.$inferSelect)[],
  access: (typeof hsdsAccessibility.$inferSelect)[],
): Json =>
  clean({
    id: l.id,
    location_type: l.locationType,
    name: l.name,
    description: l.description,
    latitude: l.latitude,
    longitude: l.longitude,
    external_identifier: l.externalIdentifier,
    external_identifier_type: l.externalIdentifierType,
    addresses: addresses.map((a) =>
      clean({
        id: a.id,
        location_id: a.locationId,
        attention: a.attention,
        address_1: a.address1,
        city: a.city,
        region: a.region,
        state_province: a.stateProvince,
        postal_code: a.postalCode,
        country: a.country,
        address_type: a.addressType,
      }),
    ),
    accessibility: access.map((a) =>
      clean({
        id: a.id,
        location_id: a.locationId,
        description: a.description,
        details: a.details,
        url: a.url,
        accessibility: a.accessibility,
      }),
    ),
  });

/** `/services/{id}`: the service with everything about it nested. */
export function fullService(l: Listing): Json {
  const locationOf = (id: string) => {
    const found = l.locations.find((x) => x.id === id);
    return found ? { location: location(found, found.addresses, found.accessibility) } : {};
  };
  return {
    ...serviceBase(l.service),
    organization: organization(l.organisation),
    service_at_locations: l.serviceAtLocations.map((sal) => ({
      id: sal.id,
      service_id: sal.serviceId,
      location_id: sal.locationId,
      ...locationOf(sal.locationId),
    })),
    schedules: l.schedules.map((s) =>
      clean({
        id: s.id,
        service_id: s.serviceId,
        service_at_location_id: s.serviceAtLocationId,
        valid_from: s.validFrom,
        valid_to: s.validTo,
        dtstart: s.dtstart,
        freq: s.freq,
        interval: s.interval,
        byday: s.byday,
        bymonthday: s.bymonthday,
        description: s.description,
        opens_at: s.opensAt,
        closes_at: s.closesAt,
        schedule_link: s.scheduleLink,
        attending_type: s.attendingType,
        notes: s.notes,
      }),
    ),
    service_areas: l.areas.map((a) =>
      clean({
        id: a.id,
        service_id: a.serviceId,
        name: a.name,
        extent: a.extent,
        extent_type: a.extentType,
        uri: a.uri,
        service_area: a.serviceArea,
      }),
    ),
    languages: l.languages.map((x) => clean({ id: x.id, service_id: x.serviceId, phone_id: x.phoneId, name: x.name, code: x.code })),
    funding: l.funding.map((f) => clean({ id: f.id, service_id: f.serviceId, source: f.source })),
    cost_options: l.costs.map((c) =>
      clean({
        id: c.id,
        service_id: c.serviceId,
        valid_from: c.validFrom,
        valid_to: c.validTo,
        option: c.option,
        amount: c.amount,
        amount_description: c.amountDescription,
      }),
    ),
    contacts: l.contacts.map((c) =>
      clean({
        id: c.id,
        service_id: c.serviceId,
        name: c.name,
        title: c.title,
        phones: c.phones.map((p) => clean({ id: p.id, contact_id: p.contactId, number: p.number, description: p.description })),
      }),
    ),
    attributes: l.attributes.map((a) => attribute(a.attribute, a.term)),
  };
}
