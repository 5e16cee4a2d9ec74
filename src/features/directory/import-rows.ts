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
  hsdsOrganizationIdentifier,
  hsdsPhone,
  hsdsSchedule,
  hsdsService,
  hsdsServiceArea,
  hsdsServiceAtLocation,
  hsdsTaxonomyTerm,
} from '../../db/schema.ts';

/*
 * Open Referral UK 3.0 JSON (as /api/oruk/services/{id} answers) back into rows: the inverse of
 * oruk.ts. A field left out becomes null, so the file is the truth for every row it carries.
 * The record has passed the schema before it gets here; the readers below still check each
 * value's type, so nothing unexpected reaches the database whatever the schema allowed.
 */
export type J = Record<string, unknown>;

export const isObject = (v: unknown): v is J => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (o: J, k: string): string | null => {
  const v = o[k];
  return typeof v === 'string' ? v : null;
};
const num = (o: J, k: string): number | null => {
  const v = o[k];
  return typeof v === 'number' ? v : null;
};
/** A list the record carries (possibly empty), or undefined when it leaves the list out. */
export const list = (o: J, k: string): J[] | undefined => {
  const v = o[k];
  return Array.isArray(v) ? v.filter(isObject) : undefined;
};
function oneOf<T extends string>(values: readonly T[], v: string | null): T | null {
  return values.find((x) => x === v) ?? null;
}
const need = (v: string | null): string => v ?? '';

const STATUSES = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
const LOCATION_TYPES = ['physical', 'postal', 'virtual'] as const;
const FREQS = ['WEEKLY', 'MONTHLY'] as const;

export const organizationRow = (o: J): typeof hsdsOrganization.$inferInsert => ({
  id: need(str(o, 'id')),
  name: need(str(o, 'name')),
  description: need(str(o, 'description')),
  email: str(o, 'email'),
  website: str(o, 'website'),
  logo: str(o, 'logo'),
  uri: str(o, 'uri'),
  parentOrganizationId: str(o, 'parent_organization_id'),
});

export const identifierRow = (organizationId: string, o: J): typeof hsdsOrganizationIdentifier.$inferInsert => ({
  id: need(str(o, 'id')),
  organizationId,
  identifierScheme: str(o, 'identifier_scheme'),
  identifierType: need(str(o, 'identifier_type')),
  identifier: need(str(o, 'identifier')),
});

export const serviceRow = (s: J, organizationId: string, lastModified: Date): typeof hsdsService.$inferInsert => ({
  id: need(str(s, 'id')),
  organizationId,
  name: need(str(s, 'name')),
  description: str(s, 'description'),
  url: str(s, 'url'),
  email: str(s, 'email'),
  status: oneOf(STATUSES, str(s, 'status')) ?? 'active',
  fees: str(s, 'fees'),
  accreditations: str(s, 'accreditations'),
  minimumAge: num(s, 'minimum_age'),
  maximumAge: num(s, 'maximum_age'),
  assuredDate: str(s, 'assured_date'),
  assurerEmail: str(s, 'assurer_email'),
  alert: str(s, 'alert'),
  lastModified,
});

export const locationRow = (l: J): typeof hsdsLocation.$inferInsert => ({
  id: need(str(l, 'id')),
  locationType: oneOf(LOCATION_TYPES, str(l, 'location_type')) ?? 'physical',
  name: str(l, 'name'),
  description: str(l, 'description'),
  latitude: num(l, 'latitude'),
  longitude: num(l, 'longitude'),
  externalIdentifier: str(l, 'external_identifier'),
  externalIdentifierType: str(l, 'external_identifier_type'),
});

export const addressRow = (locationId: string, a: J): typeof hsdsAddress.$inferInsert => ({
  id: need(str(a, 'id')),
  locationId,
  attention: str(a, 'attention'),
  address1: need(str(a, 'address_1')),
  city: need(str(a, 'city')),
  region: str(a, 'region'),
  stateProvince: need(str(a, 'state_province')),
  postalCode: need(str(a, 'postal_code')),
  country: need(str(a, 'country')),
  addressType: oneOf(LOCATION_TYPES, str(a, 'address_type')) ?? 'physical',
});

export const accessibilityRow = (locationId: string, a: J): typeof hsdsAccessibility.$inferInsert => ({
  id: need(str(a, 'id')),
  locationId,
  description: str(a, 'description'),
  details: str(a, 'details'),
  url: str(a, 'url'),
  accessibility: str(a, 'accessibility'),
});

export const salRow = (serviceId: string, s: J): typeof hsdsServiceAtLocation.$inferInsert => ({
  id: need(str(s, 'id')),
  serviceId,
  locationId: need(str(s, 'location_id') ?? (isObject(s.location) ? str(s.location, 'id') : null)),
});

export const scheduleRow = (serviceId: string, s: J): typeof hsdsSchedule.$inferInsert => ({
  id: need(str(s, 'id')),
  serviceId,
  serviceAtLocationId: str(s, 'service_at_location_id'),
  validFrom: str(s, 'valid_from'),
  validTo: str(s, 'valid_to'),
  dtstart: str(s, 'dtstart'),
  freq: oneOf(FREQS, str(s, 'freq')),
  interval: num(s, 'interval'),
  byday: str(s, 'byday'),
  bymonthday: str(s, 'bymonthday'),
  description: str(s, 'description'),
  opensAt: str(s, 'opens_at'),
  closesAt: str(s, 'closes_at'),
  scheduleLink: str(s, 'schedule_link'),
  attendingType: str(s, 'attending_type'),
  notes: str(s, 'notes'),
});

export const areaRow = (serviceId: string, a: J): typeof hsdsServiceArea.$inferInsert => ({
  id: need(str(a, 'id')),
  serviceId,
  name: str(a, 'name'),
  extent: str(a, 'extent'),
  extentType: str(a, 'extent_type'),
  uri: str(a, 'uri'),
  serviceArea: str(a, 'service_area'),
});

export const languageRow = (serviceId: string, x: J): typeof hsdsLanguage.$inferInsert => ({
  id: need(str(x, 'id')),
  serviceId,
  phoneId: str(x, 'phone_id'),
  name: str(x, 'name'),
  code: str(x, 'code'),
});

export const fundingRow = (serviceId: string, f: J): typeof hsdsFunding.$inferInsert => ({
  id: need(str(f, 'id')),
  serviceId,
  source: str(f, 'source'),
});

export const costRow = (serviceId: string, c: J): typeof hsdsCostOption.$inferInsert => ({
  id: need(str(c, 'id')),
  serviceId,
  validFrom: str(c, 'valid_from'),
  validTo: str(c, 'valid_to'),
  option: str(c, 'option'),
  amount: num(c, 'amount'),
  amountDescription: str(c, 'amount_description'),
});

export const contactRow = (serviceId: string, c: J): typeof hsdsContact.$inferInsert => ({
  id: need(str(c, 'id')),
  serviceId,
  name: str(c, 'name'),
  title: str(c, 'title'),
});

export const phoneRow = (contactId: string, p: J): typeof hsdsPhone.$inferInsert => ({
  id: need(str(p, 'id')),
  contactId,
  number: need(str(p, 'number')),
  description: str(p, 'description'),
});

/** The attribute's term id, whether it names it or nests the term. */
export const termIdOf = (a: J): string | null =>
  str(a, 'taxonomy_term_id') ?? (isObject(a.taxonomy_term) ? str(a.taxonomy_term, 'id') : null);

export const termRow = (t: J): typeof hsdsTaxonomyTerm.$inferInsert => ({
  id: need(str(t, 'id')),
  name: need(str(t, 'name')),
  description: need(str(t, 'description')),
  parentId: str(t, 'parent_id'),
  taxonomyId: str(t, 'taxonomy_id'),
  termUri: str(t, 'term_uri'),
  term: str(t, 'term'),
});

export const attributeRow = (serviceId: string, a: J): typeof hsdsAttribute.$inferInsert => ({
  id: need(str(a, 'id')),
  linkId: serviceId,
  taxonomyTermId: need(termIdOf(a)),
  linkType: str(a, 'link_type') ?? 'service',
});
