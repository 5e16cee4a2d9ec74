import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ImportFileError } from './import.ts';
import type { J } from './import-rows.ts';

/*
 * A folder of HSDS 3.0 tabular files (service.csv, organization.csv, location.csv, ...: one table
 * each, columns named as the JSON fields) put together into nested services, so the JSON
 * importer's checks and upserts do the rest. A table whose file is absent leaves that list out,
 * which the importer takes as "leave as it is"; a file that is there replaces the list.
 */
const TABLES = [
  'service',
  'organization',
  'organization_identifier',
  'location',
  'address',
  'accessibility',
  'service_at_location',
  'schedule',
  'service_area',
  'language',
  'funding',
  'cost_option',
  'contact',
  'phone',
  'attribute',
  'taxonomy_term',
] as const;
type Table = (typeof TABLES)[number];

const NUMBERS = new Set(['minimum_age', 'maximum_age', 'latitude', 'longitude', 'interval', 'amount']);

/** RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string, name: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const src = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < src.length; i += 1) {
    const c = src.charAt(i);
    if (quoted) {
      if (c === '"' && src.charAt(i + 1) === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src.charAt(i + 1) === '\n') i += 1;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new ImportFileError(`${name} ends inside a quoted field.`);
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows.filter((r) => r.length > 1 || r[0] !== '');
}

/** A table's rows as objects; empty cells left out, numbers as numbers (anything else stays text, for the schema to refuse). */
function readTable(folder: string, table: Table): J[] | undefined {
  const file = join(folder, `${table}.csv`);
  if (!existsSync(file)) return undefined;
  const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'), `${table}.csv`);
  if (!header) return [];
  return rows.map((cells, n) => {
    if (cells.length !== header.length)
      throw new ImportFileError(`${table}.csv line ${String(n + 2)} has ${String(cells.length)} cells, not ${String(header.length)}.`);
    const o: J = {};
    header.forEach((column, i) => {
      const v = cells[i] ?? '';
      if (v === '') return;
      const number = Number(v);
      o[column] = NUMBERS.has(column) && v.trim() !== '' && Number.isFinite(number) ? number : v;
    });
    return o;
  });
}

function groupBy(rows: J[] | undefined, key: string): Map<unknown, J[]> | undefined {
  if (!rows) return undefined;
  const map = new Map<unknown, J[]>();
  for (const r of rows) map.set(r[key], [...(map.get(r[key]) ?? []), r]);
  return map;
}

/** What a folder holds that Waymark's tables have no place for, so the operator is told, not left guessing. */
function leftOut(folder: string, t: Record<Table, J[] | undefined>, serviceIds: Set<unknown>): string[] {
  const known = new Set<string>(TABLES.map((name) => `${name}.csv`));
  const notes = readdirSync(folder)
    .filter((f) => f.toLowerCase().endsWith('.csv') && !known.has(f))
    .sort()
    .map((f) => `${f} was not read: Waymark keeps no such table.`);
  const loosePhones = (t.phone ?? []).filter((p) => p.contact_id === undefined).length;
  if (loosePhones)
    notes.push(`${String(loosePhones)} phone row(s) without a contact_id were not imported: Waymark keeps phones under contacts.`);
  const otherAttributes = (t.attribute ?? []).filter(
    (a) => !serviceIds.has(a.link_id) || (a.link_type !== undefined && a.link_type !== 'service'),
  ).length;
  if (otherAttributes) notes.push(`${String(otherAttributes)} attribute row(s) not linked to a service were not imported.`);
  return notes;
}

/** The services a folder of HSDS tabular files describes, and notes on what it holds that is not imported. */
export function servicesInFolder(folder: string): { services: unknown[]; notes: string[] } {
  const t = Object.fromEntries(TABLES.map((name) => [name, readTable(folder, name)])) as Record<Table, J[] | undefined>;
  if (!t.service) throw new ImportFileError('The folder has no service.csv.');
  const byId = (rows: J[] | undefined) => new Map((rows ?? []).map((r) => [r.id, r]));
  const organizations = byId(t.organization);
  const locations = byId(t.location);
  const terms = byId(t.taxonomy_term);
  const identifiers = groupBy(t.organization_identifier, 'organization_id');
  const addresses = groupBy(t.address, 'location_id');
  const access = groupBy(t.accessibility, 'location_id');
  const sals = groupBy(t.service_at_location, 'service_id');
  const phones = groupBy(t.phone, 'contact_id');
  const attributes = groupBy(t.attribute, 'link_id');
  const lists = (['schedule', 'service_area', 'language', 'funding', 'cost_option', 'contact'] as const).map(
    (name) => [name === 'funding' ? 'funding' : `${name}s`, groupBy(t[name], 'service_id')] as const,
  );
  const has = <T>(map: Map<unknown, J[]> | undefined, key: unknown, f: (rows: J[]) => T) => (map ? f(map.get(key) ?? []) : undefined);

  const location = (id: unknown) => {
    const l = locations.get(id);
    if (!l) return undefined;
    return { ...l, addresses: has(addresses, id, (x) => x), accessibility: has(access, id, (x) => x) };
  };
  const services = t.service.map((s) => {
    const organization = organizations.get(s.organization_id);
    const nested: J = { ...s };
    if (organization) nested.organization = { ...organization, organization_identifiers: has(identifiers, organization.id, (x) => x) };
    nested.service_at_locations = has(sals, s.id, (rows) => rows.map((sal) => ({ ...sal, location: location(sal.location_id) })));
    for (const [key, map] of lists) nested[key] = has(map, s.id, (rows) => rows);
    if (Array.isArray(nested.contacts)) {
      nested.contacts = nested.contacts.map((c: J) => ({ ...c, phones: has(phones, c.id, (x) => x) }));
    }
    nested.attributes = has(attributes, s.id, (rows) =>
      rows
        .filter((a) => a.link_type === undefined || a.link_type === 'service')
        .map((a) => ({ ...a, taxonomy_term: terms.get(a.taxonomy_term_id) })),
    );
    // JSON.parse(JSON.stringify()) drops the lists left undefined: the importer reads them as left out.
    return JSON.parse(JSON.stringify(nested)) as unknown;
  });
  return { services, notes: leftOut(folder, t, new Set(t.service.map((s) => s.id))) };
}
