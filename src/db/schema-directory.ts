import { sql, type SQL } from 'drizzle-orm';
import { check, customType, doublePrecision, index, integer, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** PostgreSQL's full-text search document; read only by the database (never selected into the app). */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });
import { ts } from './columns.ts';
import { organisations } from './schema.ts';

/** When the editors of a listing were last asked to check it (Waymark's own, not HSDS). */
export const listingCheckRequests = pgTable('listing_check_requests', {
  serviceId: uuid('service_id')
    .primaryKey()
    .references(() => hsdsService.id, { onDelete: 'cascade' }),
  askedAt: ts('asked_at').notNull(),
});

/*
 * The community directory, in Human Services Data Specification 3.0 tables (the Open Referral UK
 * profile). Prefixed `hsds_` so HSDS's "organization" never clashes with Waymark's organisations.
 * Column names follow HSDS so that import, export and the ORUK API map one to one; ids are UUIDs
 * because the standard requires them. Child rows go with their parent (cascade).
 */
const hsdsId = () => uuid('id').primaryKey().defaultRandom();

export const hsdsOrganization = pgTable('hsds_organization', {
  id: hsdsId(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  email: text('email'),
  website: text('website'),
  logo: text('logo'),
  uri: text('uri'),
  parentOrganizationId: uuid('parent_organization_id'),
  /** Waymark's own organisation whose listings editors keep these listings, if any. */
  waymarkOrganisationId: uuid('waymark_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
});

export const hsdsOrganizationIdentifier = pgTable(
  'hsds_organization_identifier',
  {
    id: hsdsId(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => hsdsOrganization.id, { onDelete: 'cascade' }),
    identifierScheme: text('identifier_scheme'),
    identifierType: text('identifier_type').notNull(),
    identifier: text('identifier').notNull(),
  },
  (t) => [index('hsds_org_identifier_org_idx').on(t.organizationId)],
);

export const hsdsService = pgTable(
  'hsds_service',
  {
    id: hsdsId(),
    organizationId: uuid('organization_id')
      .notNull()
      .references(() => hsdsOrganization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description'),
    url: text('url'),
    email: text('email'),
    status: text('status', { enum: ['active', 'inactive', 'defunct', 'temporarily closed'] }).notNull(),
    fees: text('fees'),
    accreditations: text('accreditations'),
    minimumAge: integer('minimum_age'),
    maximumAge: integer('maximum_age'),
    /** HSDS's "assured_date": when someone last checked the listing is correct ("last checked"). */
    assuredDate: text('assured_date'),
    assurerEmail: text('assurer_email'),
    alert: text('alert'),
    lastModified: ts('last_modified').notNull(),
    /** The words searched, worked out once when a listing is written, not again for every search that reads it. */
    searchDocument: tsvector('search_document')
      .notNull()
      .generatedAlwaysAs((): SQL => sql`to_tsvector('english', ${hsdsService.name} || ' ' || coalesce(${hsdsService.description}, ''))`),
    /**
     * What the search filters ask of a listing's other parts, as words in one indexed array
     * (`term:<id>`, `free`, `day:TU`, `time:morning`, `day:TU@morning`, `mode:virtual`,
     * `step-free`, `lang:pl`): one index answers every filter at once, where each filter read
     * a table of its own for every listing. Kept by the database (migration 0025): triggers on
     * those parts mark the listing, and it is worked out once as the transaction commits, whoever
     * wrote it (the marks' table, hsds_search_facets_stale, lives only in that migration; it is
     * empty between transactions). Searched in store.ts; never written by the service.
     */
    searchFacets: text('search_facets')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
  },
  (t) => [
    check('hsds_service_status_check', sql`${t.status} in ('active', 'inactive', 'defunct', 'temporarily closed')`),
    index('hsds_service_org_idx').on(t.organizationId),
    index('hsds_service_fts_idx').using('gin', t.searchDocument),
    index('hsds_service_name_trgm_idx').using('gin', sql`${t.name} gin_trgm_ops`),
    index('hsds_service_facets_idx').using('gin', t.searchFacets),
  ],
);

export const hsdsServiceArea = pgTable(
  'hsds_service_area',
  {
    id: hsdsId(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => hsdsService.id, { onDelete: 'cascade' }),
    name: text('name'),
    extent: text('extent'),
    extentType: text('extent_type'),
    uri: text('uri'),
    serviceArea: text('service_area'),
  },
  (t) => [index('hsds_service_area_service_idx').on(t.serviceId)],
);

export const hsdsLocation = pgTable(
  'hsds_location',
  {
    id: hsdsId(),
    locationType: text('location_type', { enum: ['physical', 'postal', 'virtual'] }).notNull(),
    name: text('name'),
    description: text('description'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    externalIdentifier: text('external_identifier'),
    externalIdentifierType: text('external_identifier_type'),
  },
  // Nearest first (store.ts search): the locations inside a box around the searcher.
  (t) => [index('hsds_location_position_idx').on(t.latitude, t.longitude)],
);

export const hsdsAddress = pgTable(
  'hsds_address',
  {
    id: hsdsId(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => hsdsLocation.id, { onDelete: 'cascade' }),
    attention: text('attention'),
    address1: text('address_1').notNull(),
    city: text('city').notNull(),
    region: text('region'),
    stateProvince: text('state_province').notNull(),
    postalCode: text('postal_code').notNull(),
    country: text('country').notNull(),
    addressType: text('address_type', { enum: ['physical', 'postal', 'virtual'] }).notNull(),
  },
  (t) => [
    index('hsds_address_location_idx').on(t.locationId),
    // Placing a searcher's postcode (store.ts placePostcode): the whole postcode, then its outward code.
    index('hsds_address_postcode_idx').on(sql`upper(replace(${t.postalCode}, ' ', ''))`),
    index('hsds_address_outward_idx').on(
      sql`left(upper(replace(${t.postalCode}, ' ', '')), greatest(length(upper(replace(${t.postalCode}, ' ', ''))) - 3, 0))`,
    ),
  ],
);

export const hsdsServiceAtLocation = pgTable(
  'hsds_service_at_location',
  {
    id: hsdsId(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => hsdsService.id, { onDelete: 'cascade' }),
    locationId: uuid('location_id')
      .notNull()
      .references(() => hsdsLocation.id, { onDelete: 'cascade' }),
  },
  (t) => [index('hsds_sal_service_idx').on(t.serviceId), index('hsds_sal_location_idx').on(t.locationId)],
);

export const hsdsContact = pgTable(
  'hsds_contact',
  {
    id: hsdsId(),
    serviceId: uuid('service_id').references(() => hsdsService.id, { onDelete: 'cascade' }),
    name: text('name'),
    title: text('title'),
  },
  (t) => [index('hsds_contact_service_idx').on(t.serviceId)],
);

export const hsdsPhone = pgTable(
  'hsds_phone',
  {
    id: hsdsId(),
    contactId: uuid('contact_id').references(() => hsdsContact.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    description: text('description'),
  },
  (t) => [index('hsds_phone_contact_idx').on(t.contactId)],
);

export const hsdsSchedule = pgTable(
  'hsds_schedule',
  {
    id: hsdsId(),
    serviceId: uuid('service_id').references(() => hsdsService.id, { onDelete: 'cascade' }),
    serviceAtLocationId: uuid('service_at_location_id').references(() => hsdsServiceAtLocation.id, {
      onDelete: 'cascade',
    }),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
    dtstart: text('dtstart'),
    freq: text('freq', { enum: ['WEEKLY', 'MONTHLY'] }),
    interval: integer('interval'),
    /** iCal BYDAY: `MO,TU`… */
    byday: text('byday'),
    bymonthday: text('bymonthday'),
    description: text('description'),
    /** `HH:MM` */
    opensAt: text('opens_at'),
    closesAt: text('closes_at'),
    scheduleLink: text('schedule_link'),
    /** `online`, `in person` or `phone`. */
    attendingType: text('attending_type'),
    notes: text('notes'),
  },
  (t) => [
    index('hsds_schedule_service_idx').on(t.serviceId),
    index('hsds_schedule_sal_idx').on(t.serviceAtLocationId),
    // Searching by day and time of day (store.ts): indexed expressions also give the planner
    // their statistics, where a test inside `position()` left it guessing one row in a hundred.
  ],
);

export const hsdsCostOption = pgTable(
  'hsds_cost_option',
  {
    id: hsdsId(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => hsdsService.id, { onDelete: 'cascade' }),
    validFrom: text('valid_from'),
    validTo: text('valid_to'),
    option: text('option'),
    amount: doublePrecision('amount'),
    amountDescription: text('amount_description'),
  },
  (t) => [index('hsds_cost_option_service_idx').on(t.serviceId)],
);

export const hsdsFunding = pgTable(
  'hsds_funding',
  {
    id: hsdsId(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => hsdsService.id, { onDelete: 'cascade' }),
    source: text('source'),
  },
  (t) => [index('hsds_funding_service_idx').on(t.serviceId)],
);

export const hsdsLanguage = pgTable(
  'hsds_language',
  {
    id: hsdsId(),
    serviceId: uuid('service_id').references(() => hsdsService.id, { onDelete: 'cascade' }),
    phoneId: uuid('phone_id').references(() => hsdsPhone.id, { onDelete: 'cascade' }),
    /** HSDS core fields the UK profile leaves out of its schema; kept so searchers can filter. */
    name: text('name'),
    /** ISO 639 code, e.g. `cy`, `pl`. */
    code: text('code'),
  },
  (t) => [index('hsds_language_service_idx').on(t.serviceId)],
);

export const hsdsAccessibility = pgTable(
  'hsds_accessibility',
  {
    id: hsdsId(),
    locationId: uuid('location_id')
      .notNull()
      .references(() => hsdsLocation.id, { onDelete: 'cascade' }),
    description: text('description'),
    details: text('details'),
    url: text('url'),
    /** A short tag; `step-free` is what the search's step-free filter looks for. */
    accessibility: text('accessibility'),
  },
  (t) => [index('hsds_accessibility_location_idx').on(t.locationId)],
);

export const hsdsTaxonomy = pgTable('hsds_taxonomy', {
  id: hsdsId(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  uri: text('uri'),
  version: text('version'),
});

export const hsdsTaxonomyTerm = pgTable(
  'hsds_taxonomy_term',
  {
    id: hsdsId(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    parentId: uuid('parent_id'),
    taxonomyId: uuid('taxonomy_id').references(() => hsdsTaxonomy.id, { onDelete: 'cascade' }),
    termUri: text('term_uri'),
    /** A short code (`connectedness`, `walking`): what Waymark's filters and locale keys use. */
    term: text('term'),
  },
  (t) => [index('hsds_taxonomy_term_taxonomy_idx').on(t.taxonomyId)],
);

export const hsdsAttribute = pgTable(
  'hsds_attribute',
  {
    id: hsdsId(),
    /** The id of the row it describes, in the table named by link_type (HSDS's polymorphic link). */
    linkId: uuid('link_id').notNull(),
    taxonomyTermId: uuid('taxonomy_term_id')
      .notNull()
      .references(() => hsdsTaxonomyTerm.id, { onDelete: 'cascade' }),
    linkType: text('link_type').notNull(),
  },
  (t) => [
    index('hsds_attribute_link_idx').on(t.linkId),
    index('hsds_attribute_term_idx').on(t.taxonomyTermId),
    uniqueIndex('hsds_attribute_unique_idx').on(t.linkId, t.taxonomyTermId),
  ],
);
