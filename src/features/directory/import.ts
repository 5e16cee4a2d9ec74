import { and, eq, getTableColumns, notInArray, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client.ts';
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
import { recordLabel, recordProblems } from './import-check.ts';
import * as row from './import-rows.ts';
import { isObject, list, str, type J } from './import-rows.ts';
import { TERMS } from './taxonomy.ts';

/*
 * Imports Open Referral UK 3.0 services (as /api/oruk/services/{id} answers them) by their own
 * ids: a row already there is updated (and left untouched when nothing changed), one missing is
 * added, and a list the record carries replaces that list (a child the file no longer has goes).
 * A list the record leaves out is left as it is, so a /services page (which nests nothing) never
 * empties a listing. The whole file is one transaction; each record its own savepoint, so a
 * record the database refuses is reported and the others still go in.
 */
export class ImportFileError extends Error {}

export interface ImportReport {
  imported: string[];
  rejected: { record: string; reasons: string[] }[];
}

/** The services in a file: a JSON array of them, a paging envelope's contents, or one service. */
export function servicesIn(text: string): unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    throw new ImportFileError('The file is not JSON.');
  }
  if (Array.isArray(parsed)) return parsed;
  if (isObject(parsed) && Array.isArray(parsed.contents)) return parsed.contents;
  if (isObject(parsed) && 'id' in parsed && 'name' in parsed) return [parsed];
  throw new ImportFileError('The file is neither a list of services nor a page of them (an object with "contents").');
}

/** Columns the database works out itself, besides generated ones: kept by its triggers. */
const WORKED_OUT: PgColumn[] = [hsdsService.searchFacets];

/** Update only what differs, from every column the insert names (less `keep`, and those the database works out itself):
 *  an unchanged row is not written at all. */
function changed(table: PgTable, keep: string[] = []): { set: Record<string, SQL>; setWhere: SQL } {
  const set: Record<string, SQL> = {};
  const mine: SQL[] = [];
  const theirs: SQL[] = [];
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    if (key === 'id' || keep.includes(key) || column.generated || WORKED_OUT.includes(column)) continue;
    set[key] = sql.raw(`excluded."${column.name}"`);
    mine.push(sql`${column}`);
    theirs.push(set[key]);
  }
  return { set, setWhere: sql`(${sql.join(mine, sql`, `)}) is distinct from (${sql.join(theirs, sql`, `)})` };
}

/** Removes the parent's rows the file no longer has. */
async function dropOthers(tx: Tx, table: PgTable, idColumn: PgColumn, parent: SQL | undefined, ids: string[]) {
  await tx.delete(table).where(and(parent, notInArray(idColumn, ids.length ? ids : ['00000000-0000-0000-0000-000000000000'])));
}

const ids = (rows: { id?: string }[]) => rows.map((r) => r.id ?? '');
const WAYMARK_TERMS = new Set(TERMS.map((t) => t.id));

async function upsertLocation(tx: Tx, location: J) {
  const id = str(location, 'id') ?? '';
  await tx
    .insert(hsdsLocation)
    .values(row.locationRow(location))
    .onConflictDoUpdate({ target: hsdsLocation.id, ...changed(hsdsLocation) });
  const addresses = list(location, 'addresses')?.map((a) => row.addressRow(id, a));
  if (addresses) {
    await dropOthers(tx, hsdsAddress, hsdsAddress.id, eq(hsdsAddress.locationId, id), ids(addresses));
    if (addresses.length)
      await tx
        .insert(hsdsAddress)
        .values(addresses)
        .onConflictDoUpdate({ target: hsdsAddress.id, ...changed(hsdsAddress) });
  }
  const access = list(location, 'accessibility')?.map((a) => row.accessibilityRow(id, a));
  if (access) {
    await dropOthers(tx, hsdsAccessibility, hsdsAccessibility.id, eq(hsdsAccessibility.locationId, id), ids(access));
    if (access.length)
      await tx
        .insert(hsdsAccessibility)
        .values(access)
        .onConflictDoUpdate({ target: hsdsAccessibility.id, ...changed(hsdsAccessibility) });
  }
}

async function upsertOrganization(tx: Tx, organization: J) {
  const id = str(organization, 'id') ?? '';
  await tx
    .insert(hsdsOrganization)
    .values(row.organizationRow(organization))
    // Which Waymark organisation keeps the listings is ours, not the file's.
    .onConflictDoUpdate({ target: hsdsOrganization.id, ...changed(hsdsOrganization, ['waymarkOrganisationId']) });
  const identifiers = list(organization, 'organization_identifiers')?.map((x) => row.identifierRow(id, x));
  if (identifiers) {
    await dropOthers(
      tx,
      hsdsOrganizationIdentifier,
      hsdsOrganizationIdentifier.id,
      eq(hsdsOrganizationIdentifier.organizationId, id),
      ids(identifiers),
    );
    if (identifiers.length) {
      await tx
        .insert(hsdsOrganizationIdentifier)
        .values(identifiers)
        .onConflictDoUpdate({ target: hsdsOrganizationIdentifier.id, ...changed(hsdsOrganizationIdentifier) });
    }
  }
}

async function upsertContacts(tx: Tx, serviceId: string, contacts: J[]) {
  const rows = contacts.map((c) => row.contactRow(serviceId, c));
  await dropOthers(tx, hsdsContact, hsdsContact.id, eq(hsdsContact.serviceId, serviceId), ids(rows));
  if (rows.length)
    await tx
      .insert(hsdsContact)
      .values(rows)
      .onConflictDoUpdate({ target: hsdsContact.id, ...changed(hsdsContact) });
  for (const c of contacts) {
    const contactId = str(c, 'id') ?? '';
    const phones = list(c, 'phones')?.map((p) => row.phoneRow(contactId, p));
    if (!phones) continue;
    await dropOthers(tx, hsdsPhone, hsdsPhone.id, eq(hsdsPhone.contactId, contactId), ids(phones));
    if (phones.length)
      await tx
        .insert(hsdsPhone)
        .values(phones)
        .onConflictDoUpdate({ target: hsdsPhone.id, ...changed(hsdsPhone) });
  }
}

async function upsertAttributes(tx: Tx, serviceId: string, attributes: J[]) {
  const terms = attributes.flatMap((a) => (isObject(a.taxonomy_term) ? [row.termRow(a.taxonomy_term)] : []));
  // Waymark's own terms (the parts of recovery, needs) are fixed: a file may use them, never rename them.
  const theirs = terms.filter((t) => !WAYMARK_TERMS.has(t.id?.toLowerCase() ?? ''));
  if (theirs.length)
    await tx
      .insert(hsdsTaxonomyTerm)
      .values(theirs)
      .onConflictDoUpdate({ target: hsdsTaxonomyTerm.id, ...changed(hsdsTaxonomyTerm) });
  const rows = attributes.map((a) => row.attributeRow(serviceId, a));
  await dropOthers(tx, hsdsAttribute, hsdsAttribute.id, eq(hsdsAttribute.linkId, serviceId), ids(rows));
  if (rows.length)
    await tx
      .insert(hsdsAttribute)
      .values(rows)
      .onConflictDoUpdate({ target: hsdsAttribute.id, ...changed(hsdsAttribute) });
}

/** One service and everything it nests. */
async function upsertService(tx: Tx, s: J, now: Date) {
  const id = str(s, 'id') ?? '';
  const organization = s.organization;
  if (isObject(organization)) await upsertOrganization(tx, organization);
  const organizationId = str(s, 'organization_id') ?? (isObject(organization) ? str(organization, 'id') : null) ?? '';
  const lastModified = str(s, 'last_modified');
  await tx
    .insert(hsdsService)
    .values(row.serviceRow(s, organizationId, lastModified === null ? now : new Date(lastModified)))
    // Without a date in the file, the one we have stands (importing twice changes nothing).
    .onConflictDoUpdate({ target: hsdsService.id, ...changed(hsdsService, lastModified === null ? ['lastModified'] : []) });

  const sals = list(s, 'service_at_locations');
  if (sals) {
    const locations = new Map(sals.flatMap((x) => (isObject(x.location) ? [[str(x.location, 'id'), x.location] as const] : [])));
    for (const location of locations.values()) await upsertLocation(tx, location);
    const rows = sals.map((x) => row.salRow(id, x));
    await dropOthers(tx, hsdsServiceAtLocation, hsdsServiceAtLocation.id, eq(hsdsServiceAtLocation.serviceId, id), ids(rows));
    if (rows.length)
      await tx
        .insert(hsdsServiceAtLocation)
        .values(rows)
        .onConflictDoUpdate({ target: hsdsServiceAtLocation.id, ...changed(hsdsServiceAtLocation) });
  }
  const contacts = list(s, 'contacts');
  if (contacts) await upsertContacts(tx, id, contacts);

  const replace = async (
    table: PgTable,
    idColumn: PgColumn,
    serviceColumn: PgColumn,
    rows: { id?: string }[] | undefined,
    write: () => Promise<unknown>,
  ) => {
    if (!rows) return;
    await dropOthers(tx, table, idColumn, eq(serviceColumn, id), ids(rows));
    if (rows.length) await write();
  };
  const schedules = list(s, 'schedules')?.map((x) => row.scheduleRow(id, x));
  await replace(hsdsSchedule, hsdsSchedule.id, hsdsSchedule.serviceId, schedules, () =>
    tx
      .insert(hsdsSchedule)
      .values(schedules ?? [])
      .onConflictDoUpdate({ target: hsdsSchedule.id, ...changed(hsdsSchedule) }),
  );
  const areas = list(s, 'service_areas')?.map((x) => row.areaRow(id, x));
  await replace(hsdsServiceArea, hsdsServiceArea.id, hsdsServiceArea.serviceId, areas, () =>
    tx
      .insert(hsdsServiceArea)
      .values(areas ?? [])
      .onConflictDoUpdate({ target: hsdsServiceArea.id, ...changed(hsdsServiceArea) }),
  );
  const languages = list(s, 'languages')?.map((x) => row.languageRow(id, x));
  await replace(hsdsLanguage, hsdsLanguage.id, hsdsLanguage.serviceId, languages, () =>
    tx
      .insert(hsdsLanguage)
      .values(languages ?? [])
      .onConflictDoUpdate({ target: hsdsLanguage.id, ...changed(hsdsLanguage) }),
  );
  const funding = list(s, 'funding')?.map((x) => row.fundingRow(id, x));
  await replace(hsdsFunding, hsdsFunding.id, hsdsFunding.serviceId, funding, () =>
    tx
      .insert(hsdsFunding)
      .values(funding ?? [])
      .onConflictDoUpdate({ target: hsdsFunding.id, ...changed(hsdsFunding) }),
  );
  const costs = list(s, 'cost_options')?.map((x) => row.costRow(id, x));
  await replace(hsdsCostOption, hsdsCostOption.id, hsdsCostOption.serviceId, costs, () =>
    tx
      .insert(hsdsCostOption)
      .values(costs ?? [])
      .onConflictDoUpdate({ target: hsdsCostOption.id, ...changed(hsdsCostOption) }),
  );
  const attributes = list(s, 'attributes');
  if (attributes) await upsertAttributes(tx, id, attributes);
}

/** Why the database refused a record, from the error's code and constraint (never its values). */
function refusal(err: unknown): string {
  let e: unknown = err;
  while (isObject(e) || e instanceof Error) {
    const o = e as { code?: unknown; constraint?: unknown; cause?: unknown };
    const where = typeof o.constraint === 'string' ? ` (${o.constraint})` : '';
    if (o.code === '23503') return `refers to a record that is neither in it nor in the database${where}`;
    if (o.code === '23505') return `repeats something that must be unique${where}`;
    if (o.code === '21000') return 'gives the same id to two records of one kind';
    if (o.code === '23502') return 'leaves out a value the database needs';
    if (typeof o.code === 'string') return `was refused by the database (PostgreSQL error ${o.code})${where}`;
    e = o.cause;
  }
  throw err;
}

export async function importServices(db: Db, records: unknown[], now: Date): Promise<ImportReport> {
  const report: ImportReport = { imported: [], rejected: [] };
  await db.transaction(async (tx) => {
    for (const [i, record] of records.entries()) {
      const label = recordLabel(record, i);
      const problems = recordProblems(record);
      if (problems.length || !isObject(record)) {
        report.rejected.push({ record: label, reasons: problems });
        continue;
      }
      try {
        await tx.transaction((sp) => upsertService(sp, record, now));
        report.imported.push(label);
      } catch (err) {
        report.rejected.push({ record: label, reasons: [refusal(err)] });
      }
    }
  });
  return report;
}
