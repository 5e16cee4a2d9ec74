import { and, asc, desc, eq, inArray, ne, notInArray, sql } from 'drizzle-orm';
import type { Db, Queryable } from '../../db/client.ts';
import {
  accounts,
  hsdsAttribute,
  hsdsContact,
  hsdsCostOption,
  hsdsLanguage,
  hsdsLocation,
  hsdsOrganization,
  hsdsSchedule,
  hsdsService,
  hsdsServiceAtLocation,
  listingCheckRequests,
  listingRevisions,
  memberships,
  organisations,
} from '../../db/schema.ts';
import { CHIME } from '../plan/model.ts';
import { fieldsOf, type ListingFields } from './editor-form.ts';
import { listing, type Listing } from './listing.ts';
import { placePostcode } from './store.ts';
import { NEEDS, TAXONOMY, termId } from './taxonomy.ts';
import { addListing, serviceColumns, writeDetails, type NewListing } from './write.ts';

/** Who keeps an organisation's listings here: its listings editors, and its admins (who are
 *  asked to check them while it has no editors, so must be able to change them too). */
export const KEEPERS = ['listings-editor', 'admin'] as const;

/** The Waymark organisations whose listings an account keeps. */
export function keptOrganisations(db: Queryable, accountId: string): Promise<{ id: string; name: string }[]> {
  return db
    .selectDistinct({ id: organisations.id, name: organisations.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.accountId, accountId), inArray(memberships.role, [...KEEPERS])))
    .orderBy(asc(organisations.name));
}

export interface OurListing {
  id: string;
  name: string;
  status: string;
  assuredDate: string | null;
  organisation: string;
}

/** The listings of these organisations (never a removed one), the longest unchecked first. */
export function ourListings(db: Queryable, organisationIds: string[]): Promise<OurListing[]> {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db
    .select({
      id: hsdsService.id,
      name: hsdsService.name,
      status: hsdsService.status,
      assuredDate: hsdsService.assuredDate,
      organisation: organisations.name,
    })
    .from(hsdsService)
    .innerJoin(hsdsOrganization, eq(hsdsOrganization.id, hsdsService.organizationId))
    .innerJoin(organisations, eq(organisations.id, hsdsOrganization.waymarkOrganisationId))
    .where(and(inArray(hsdsOrganization.waymarkOrganisationId, organisationIds), ne(hsdsService.status, 'defunct')))
    .orderBy(sql`${hsdsService.assuredDate} asc nulls first`, asc(hsdsService.name), asc(hsdsService.id));
}

/** The listing, if this account keeps it; null for any other (or no such listing). */
export async function keptListing(db: Queryable, accountId: string, id: string): Promise<Listing | null> {
  const l = await listing(db, id);
  if (!l || l.service.status === 'defunct' || !l.organisation.waymarkOrganisationId) return null;
  const kept = await keptOrganisations(db, accountId);
  return kept.some((o) => o.id === l.organisation.waymarkOrganisationId) ? l : null;
}

/** The newest revision's number: 0 for a listing never changed here (imported, or the demo's). */
export async function versionOf(db: Queryable, serviceId: string): Promise<number> {
  const [row] = await db
    .select({ v: sql<number>`coalesce(max(${listingRevisions.version}), 0)`.mapWith(Number) })
    .from(listingRevisions)
    .where(eq(listingRevisions.serviceId, serviceId));
  return row?.v ?? 0;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** The form's fields as a listing to write, placed from its postcode where the directory knows
 *  it (a listing's own, or the centre of its outward code), unless it kept the same postcode. */
async function toListing(
  db: Queryable,
  f: ListingFields,
  now: Date,
  kept?: { postcode: string; lat: number | null; lng: number | null },
): Promise<Omit<NewListing, 'organisation'>> {
  const at = f.inPerson ? (kept?.postcode === f.postcode && kept.lat !== null ? kept : await placePostcode(db, f.postcode)) : null;
  return {
    name: f.name,
    description: f.description,
    assuredDate: today(now),
    minimumAge: f.minimumAge ?? undefined,
    maximumAge: f.maximumAge ?? undefined,
    url: f.website || undefined,
    email: f.email || undefined,
    cost: f.free ? null : { amount: f.costAmount ?? 0, description: f.costDescription },
    place: f.inPerson
      ? {
          name: f.placeName,
          address1: f.address1,
          city: f.city,
          postcode: f.postcode,
          lat: at?.lat ?? null,
          lng: at?.lng ?? null,
          stepFree: f.stepFree,
          ...(f.access ? { access: f.access } : {}),
        }
      : null,
    online: f.online,
    schedules: f.days.length ? [{ byday: f.days.join(','), opensAt: f.opensAt, closesAt: f.closesAt, description: f.when }] : [],
    ...(f.contactName || f.phone ? { contact: { name: f.contactName, phone: f.phone } } : {}),
    languages: f.languages.map((code) => ({ code, name: LANGUAGE_NAMES[code] ?? code })),
    chime: f.chime,
    needs: f.needs,
    peerLed: f.peerLed,
  };
}

/** HSDS keeps a language's name beside its code: in English, as other listings have it. */
const LANGUAGE_NAMES: Record<string, string> = {
  en: 'English',
  cy: 'Welsh',
  pl: 'Polish',
  ur: 'Urdu',
  pa: 'Punjabi',
  bn: 'Bengali',
  ar: 'Arabic',
  so: 'Somali',
  bsl: 'British Sign Language',
};

interface Change {
  serviceId: string;
  authorId: string;
  now: Date;
  /** Written in the same transaction as the change (its audit event). */
  also: (tx: Queryable, serviceId: string) => Promise<void>;
}

async function revise(
  tx: Queryable,
  c: Change & { version: number; kind: 'created' | 'edited' | 'closed' | 'reopened'; fields: ListingFields; changed: string[] },
) {
  await tx.insert(listingRevisions).values({
    serviceId: c.serviceId,
    version: c.version,
    authorId: c.authorId,
    at: c.now,
    kind: c.kind,
    fields: c.fields,
    changed: c.changed,
  });
}

/** A new listing of a Waymark organisation, under its directory organisation (made, in its
 *  name, the first time). Checked today, and version 1 of its history. */
export async function createListing(db: Db, c: Omit<Change, 'serviceId'> & { organisationId: string; fields: ListingFields }) {
  return db.transaction(async (tx) => {
    const [own] = await tx
      .select({ id: hsdsOrganization.id })
      .from(hsdsOrganization)
      .where(eq(hsdsOrganization.waymarkOrganisationId, c.organisationId))
      .orderBy(asc(hsdsOrganization.name), asc(hsdsOrganization.id))
      .limit(1);
    const [waymark] = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, c.organisationId));
    const organisation = own ?? { name: waymark?.name ?? '', description: '', waymarkOrganisationId: c.organisationId };
    const { serviceId } = await addListing(tx, { ...(await toListing(tx, c.fields, c.now)), organisation }, c.now);
    await revise(tx, { ...c, serviceId, version: 1, kind: 'created', changed: [] });
    await c.also(tx, serviceId);
    return serviceId;
  });
}

/** The row is locked first, so of two saves of the same version one waits, then is refused. */
async function locked(tx: Queryable, serviceId: string): Promise<{ version: number; l: Listing } | null> {
  await tx.execute(sql`select 1 from ${hsdsService} where ${hsdsService.id} = ${serviceId} for update`);
  const l = await listing(tx, serviceId);
  return l ? { version: await versionOf(tx, serviceId), l } : null;
}

const MANAGED_TERMS = [
  ...CHIME.map((c) => termId(TAXONOMY.chime, c)),
  ...NEEDS.map((n) => termId(TAXONOMY.need, n)),
  termId(TAXONOMY.feature, 'peer-led'),
].filter((t): t is string => t !== undefined);

/** Takes away what the form writes again: its places (kept if another listing shares them),
 *  times, cost, contacts, languages and tags from our taxonomy; other HSDS rows stay. */
async function clearDetails(tx: Queryable, serviceId: string): Promise<void> {
  const sals = await tx.delete(hsdsServiceAtLocation).where(eq(hsdsServiceAtLocation.serviceId, serviceId)).returning();
  const places = sals.map((s) => s.locationId);
  if (places.length) {
    const shared = tx.select({ id: hsdsServiceAtLocation.locationId }).from(hsdsServiceAtLocation);
    await tx.delete(hsdsLocation).where(and(inArray(hsdsLocation.id, places), notInArray(hsdsLocation.id, shared)));
  }
  await tx.delete(hsdsSchedule).where(eq(hsdsSchedule.serviceId, serviceId));
  await tx.delete(hsdsCostOption).where(eq(hsdsCostOption.serviceId, serviceId));
  await tx.delete(hsdsContact).where(eq(hsdsContact.serviceId, serviceId));
  await tx.delete(hsdsLanguage).where(eq(hsdsLanguage.serviceId, serviceId));
  await tx.delete(hsdsAttribute).where(and(eq(hsdsAttribute.linkId, serviceId), inArray(hsdsAttribute.taxonomyTermId, MANAGED_TERMS)));
}

export type SaveResult = { kind: 'ok'; version: number } | { kind: 'conflict'; current: ListingFields; version: number };

/** Saves an edit made from version `rev`, as the next version; refused if another came first.
 *  Saving counts as checking: the listing shows as checked today, and nobody is asked again. */
export async function saveEdit(db: Db, c: Change & { rev: number; fields: ListingFields }): Promise<SaveResult | null> {
  return db.transaction(async (tx) => {
    const now = await locked(tx, c.serviceId);
    if (!now) return null;
    const before = fieldsOf(now.l);
    if (now.version !== c.rev) return { kind: 'conflict', current: before, version: now.version };
    const place = now.l.locations.find((loc) => loc.locationType === 'physical');
    const kept = { postcode: before.postcode, lat: place?.latitude ?? null, lng: place?.longitude ?? null };
    const next = await toListing(tx, c.fields, c.now, kept);
    await tx
      .update(hsdsService)
      .set({ ...serviceColumns({ ...next, organisation: { id: now.l.service.organizationId } }), lastModified: c.now })
      .where(eq(hsdsService.id, c.serviceId));
    await clearDetails(tx, c.serviceId);
    await writeDetails(tx, c.serviceId, { ...next, organisation: { id: now.l.service.organizationId } });
    await tx.delete(listingCheckRequests).where(eq(listingCheckRequests.serviceId, c.serviceId));
    const version = now.version + 1;
    await revise(tx, { ...c, version, kind: 'edited', changed: changedParts(before, c.fields) });
    await c.also(tx, c.serviceId);
    return { kind: 'ok', version };
  });
}

/** Closes (HSDS 'inactive': out of the search and the API's lists) or reopens a listing. Doing
 *  what is already done changes nothing. */
export async function setOpen(db: Db, c: Change & { open: boolean }): Promise<'changed' | 'unchanged' | null> {
  return db.transaction(async (tx) => {
    const now = await locked(tx, c.serviceId);
    if (!now) return null;
    const status = c.open ? 'active' : 'inactive';
    if (now.l.service.status === status) return 'unchanged';
    await tx.update(hsdsService).set({ status, lastModified: c.now }).where(eq(hsdsService.id, c.serviceId));
    await revise(tx, { ...c, version: now.version + 1, kind: c.open ? 'reopened' : 'closed', fields: fieldsOf(now.l), changed: [] });
    await c.also(tx, c.serviceId);
    return 'changed';
  });
}

/** Every change made here, newest first, with who made it (gone if their account is). */
export function revisionsOf(db: Queryable, serviceId: string) {
  return db
    .select({
      version: listingRevisions.version,
      at: listingRevisions.at,
      kind: listingRevisions.kind,
      changed: listingRevisions.changed,
      author: accounts.displayName,
    })
    .from(listingRevisions)
    .leftJoin(accounts, eq(accounts.id, listingRevisions.authorId))
    .where(eq(listingRevisions.serviceId, serviceId))
    .orderBy(desc(listingRevisions.version));
}

/** The parts of the listing that differ, in the form's order (what a history line names). */
export const PARTS = {
  name: ['name'],
  description: ['description'],
  when: ['days', 'opensAt', 'closesAt', 'when'],
  where: ['inPerson', 'online', 'placeName', 'address1', 'city', 'postcode'],
  access: ['stepFree', 'access'],
  cost: ['free', 'costAmount', 'costDescription'],
  whoFor: ['minimumAge', 'maximumAge', 'peerLed'],
  languages: ['languages'],
  contact: ['contactName', 'phone', 'email', 'website'],
  helpsWith: ['chime', 'needs'],
} as const satisfies Record<string, readonly (keyof ListingFields)[]>;

export function changedParts(before: ListingFields, after: ListingFields): string[] {
  return Object.entries(PARTS)
    .filter(([, fields]) => fields.some((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f])))
    .map(([part]) => part);
}
