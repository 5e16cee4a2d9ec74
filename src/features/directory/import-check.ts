import { isObject, list, str, termIdOf, type J } from './import-rows.ts';
import { schemaErrors } from './oruk-schemas.ts';

/*
 * Why an imported service would be turned away: first the Open Referral UK schema for a fully
 * nested service, then what our tables need beyond it (an organisation, children that belong to
 * this service, whole numbers where the columns hold integers, no NUL, which PostgreSQL text
 * cannot hold). Reasons name fields and positions, never values: a report can be shared.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How a report names a record: its id when it is a UUID, else its place in the file. */
export function recordLabel(record: unknown, index: number): string {
  const id = isObject(record) ? str(record, 'id') : null;
  return id !== null && UUID.test(id) ? id : `record ${String(index + 1)} (no valid id)`;
}

/** Text PostgreSQL cannot hold: a NUL, or half a surrogate pair. Walked without recursion, however deep the file nests. */
function unstorableText(record: unknown): boolean {
  const stack: unknown[] = [record];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v === 'string' && (v.includes('\u0000') || !v.isWellFormed())) return true;
    if (Array.isArray(v)) for (const x of v as unknown[]) stack.push(x);
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) stack.push(k, x);
  }
  return false;
}

const CHILDREN = [
  'service_at_locations',
  'schedules',
  'service_areas',
  'languages',
  'funding',
  'cost_options',
  'contacts',
  'attributes',
] as const;

function repeats(path: string, items: J[]): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  items.forEach((item, i) => {
    const id = str(item, 'id');
    if (id === null) return;
    if (seen.has(id.toLowerCase())) problems.push(`/${path}/${String(i)}/id repeats an id used earlier in this list`);
    seen.add(id.toLowerCase());
  });
  return problems;
}

function belongs(path: string, items: J[], field: string, owner: string): string[] {
  return items.flatMap((item, i) => {
    const v = str(item, field);
    return v !== null && v.toLowerCase() !== owner.toLowerCase()
      ? [`/${path}/${String(i)}/${field} names another record than the one it is in`]
      : [];
  });
}

function whole(path: string, o: J, field: string): string[] {
  const v = o[field];
  return typeof v === 'number' && (!Number.isInteger(v) || v < 0 || v > 2_147_483_647) ? [`${path}/${field} must be a whole number`] : [];
}

function locationProblems(i: number, sal: J): string[] {
  const at = `service_at_locations/${String(i)}`;
  const location = sal.location;
  if (!isObject(location)) return str(sal, 'location_id') === null ? [`/${at} has no location_id and no location`] : [];
  const id = str(location, 'id') ?? '';
  return [
    ...belongs(at, [sal], 'location_id', id).map(() => `/${at}/location_id is not the id of its location`),
    ...belongs(`${at}/location/addresses`, list(location, 'addresses') ?? [], 'location_id', id),
    ...belongs(`${at}/location/accessibility`, list(location, 'accessibility') ?? [], 'location_id', id),
    ...repeats(`${at}/location/addresses`, list(location, 'addresses') ?? []),
    ...repeats(`${at}/location/accessibility`, list(location, 'accessibility') ?? []),
  ];
}

function attributeProblems(attributes: J[], serviceId: string): string[] {
  const terms = new Set<string>();
  return attributes.flatMap((a, i) => {
    const at = `/attributes/${String(i)}`;
    const term = termIdOf(a);
    if (term === null) return [`${at} has no taxonomy_term_id and no taxonomy_term`];
    const problems: string[] = [];
    const nested = isObject(a.taxonomy_term) ? str(a.taxonomy_term, 'id') : null;
    if (nested !== null && nested.toLowerCase() !== term.toLowerCase())
      problems.push(`${at}/taxonomy_term_id is not the id of its taxonomy_term`);
    if (terms.has(term.toLowerCase())) problems.push(`${at} repeats a taxonomy term already given to this service`);
    terms.add(term.toLowerCase());
    const link = str(a, 'link_id');
    if (link !== null && link.toLowerCase() !== serviceId.toLowerCase()) problems.push(`${at}/link_id is not this service`);
    return problems;
  });
}

/** What is wrong with one record of the file, or nothing. */
export function recordProblems(record: unknown): string[] {
  if (!isObject(record)) return ['is not a JSON object'];
  const schema = schemaErrors('compiled/service.json', record).map((e) => e.trim() || 'does not match the schema');
  if (schema.length) return [...new Set(schema)].slice(0, 5);
  if (unstorableText(record)) return ['contains a NUL character or broken Unicode, which the database cannot store as text'];
  const id = str(record, 'id') ?? '';
  const problems: string[] = [];
  const organization = record.organization;
  const organizationId = str(record, 'organization_id');
  if (!isObject(organization) && organizationId === null) problems.push('has no organization and no organization_id');
  if (isObject(organization) && organizationId !== null && str(organization, 'id')?.toLowerCase() !== organizationId.toLowerCase()) {
    problems.push('/organization_id is not the id of its organization');
  }
  problems.push(...whole('', record, 'minimum_age'), ...whole('', record, 'maximum_age'));
  const modified = str(record, 'last_modified');
  if (modified !== null && Number.isNaN(Date.parse(modified))) problems.push('/last_modified is not a date and time we can read');
  for (const path of CHILDREN) {
    const items = list(record, path) ?? [];
    problems.push(...repeats(path, items));
    if (path !== 'attributes') problems.push(...belongs(path, items, 'service_id', id));
  }
  (list(record, 'schedules') ?? []).forEach((s, i) => problems.push(...whole(`/schedules/${String(i)}`, s, 'interval')));
  (list(record, 'service_at_locations') ?? []).forEach((sal, i) => problems.push(...locationProblems(i, sal)));
  (list(record, 'contacts') ?? []).forEach((c, i) => {
    const phones = list(c, 'phones') ?? [];
    problems.push(
      ...repeats(`contacts/${String(i)}/phones`, phones),
      ...belongs(`contacts/${String(i)}/phones`, phones, 'contact_id', str(c, 'id') ?? ''),
    );
  });
  problems.push(...attributeProblems(list(record, 'attributes') ?? [], id));
  return problems;
}
