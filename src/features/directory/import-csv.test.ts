import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { testApp, type TestApp } from '../../test/harness.ts';
import { walkingGroup } from './fixtures.ts';
import { parseCsv, servicesInFolder } from './import-csv.ts';
import { ImportFileError, importServices } from './import.ts';
import { addListing } from './write.ts';

type J = Record<string, unknown>;

async function exportAll(t: TestApp): Promise<J[]> {
  const page = (await t.app.inject({ method: 'GET', url: '/api/oruk/services?per_page=100' })).json<{ contents: { id: string }[] }>();
  const out: J[] = [];
  for (const { id } of page.contents.sort((a, b) => a.id.localeCompare(b.id))) {
    out.push((await t.app.inject({ method: 'GET', url: `/api/oruk/services/${id}` })).json<J>());
  }
  return out;
}

const without = (o: J, ...keys: string[]) => Object.fromEntries(Object.entries(o).filter(([k]) => !keys.includes(k)));
const items = (o: J, key: string) => (Array.isArray(o[key]) ? (o[key] as J[]) : []);

/** Nested services flattened into HSDS tables, as another directory would publish them. */
function toTables(services: J[]): Map<string, Map<unknown, J>> {
  const tables = new Map<string, Map<unknown, J>>();
  const add = (table: string, row: J) => tables.set(table, (tables.get(table) ?? new Map<unknown, J>()).set(row.id, row));
  for (const name of ['service', 'organization', 'location', 'address', 'accessibility', 'service_at_location', 'schedule', 'service_area'])
    tables.set(name, new Map());
  for (const name of ['language', 'funding', 'cost_option', 'contact', 'phone', 'attribute', 'taxonomy_term']) tables.set(name, new Map());
  for (const s of services) {
    add(
      'service',
      without(
        s,
        'organization',
        'service_at_locations',
        'schedules',
        'service_areas',
        'languages',
        'funding',
        'cost_options',
        'contacts',
        'attributes',
      ),
    );
    add('organization', s.organization as J);
    for (const sal of items(s, 'service_at_locations')) {
      add('service_at_location', without(sal, 'location'));
      const location = sal.location as J;
      add('location', without(location, 'addresses', 'accessibility'));
      for (const a of items(location, 'addresses')) add('address', a);
      for (const a of items(location, 'accessibility')) add('accessibility', a);
    }
    const lists = [
      ['schedules', 'schedule'],
      ['service_areas', 'service_area'],
      ['languages', 'language'],
      ['funding', 'funding'],
      ['cost_options', 'cost_option'],
    ] as const;
    for (const [key, table] of lists) for (const x of items(s, key)) add(table, x);
    for (const c of items(s, 'contacts')) {
      add('contact', without(c, 'phones'));
      for (const p of items(c, 'phones')) add('phone', p);
    }
    for (const a of items(s, 'attributes')) {
      add('attribute', without(a, 'taxonomy_term'));
      add('taxonomy_term', a.taxonomy_term as J);
    }
  }
  return tables;
}

const quote = (v: unknown) => (v === undefined ? '' : `"${(typeof v === 'string' ? v : JSON.stringify(v)).replaceAll('"', '""')}"`);

function writeFolder(dir: string, tables: Map<string, Map<unknown, J>>) {
  for (const [name, rows] of tables) {
    const columns = [...new Set([...rows.values()].flatMap((r) => Object.keys(r)))];
    const lines = [columns.join(','), ...[...rows.values()].map((r) => columns.map((c) => quote(r[c])).join(','))];
    writeFileSync(join(dir, `${name}.csv`), columns.length ? `${lines.join('\r\n')}\r\n` : '');
  }
}

describe('importing a folder of HSDS CSV tables', () => {
  let source: TestApp;
  let dir = '';
  before(async () => {
    source = await testApp();
    dir = mkdtempSync(join(tmpdir(), 'waymark-csv-'));
    const now = source.clock.now();
    const place = { name: 'Hall', address1: '1 Quay St', city: 'Rivermouth', postcode: 'RV1 1AA', lat: 51.5, lng: -2.6, stepFree: true };
    await addListing(source.database.db, walkingGroup({ minimumAge: 18, place: { ...place, access: 'Ramp, "wide" door,\nlift' } }), now);
    await addListing(
      source.database.db,
      walkingGroup({ name: 'Money advice', cost: { amount: 5.5, description: '£5.50' }, place: null, online: true }),
      now,
    );
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await source.close();
  });

  test('export, flatten into CSV tables, import into an empty database, export again: the same JSON', async () => {
    const exported = await exportAll(source);
    assert.equal(exported.length, 2);
    writeFolder(dir, toTables(exported));
    const target = await testApp();
    try {
      const folder = servicesInFolder(dir);
      assert.deepEqual(folder.notes, []);
      const report = await importServices(target.database.db, folder.services, target.clock.now());
      assert.deepEqual(report.rejected, []);
      assert.deepEqual(await exportAll(target), exported);
    } finally {
      await target.close();
    }
  });

  test('quoted cells keep commas, quotes and line breaks', () => {
    assert.deepEqual(parseCsv('id,name\r\n1,"a, ""b""\nc"\n2,plain', 'x.csv'), [
      ['id', 'name'],
      ['1', 'a, "b"\nc'],
      ['2', 'plain'],
    ]);
  });

  test('a malformed table is refused whole', () => {
    assert.throws(() => parseCsv('id,name\n1,"never closed', 'service.csv'), ImportFileError);
    const bad = mkdtempSync(join(tmpdir(), 'waymark-csv-bad-'));
    try {
      writeFileSync(join(bad, 'service.csv'), 'id,name,status\n1,two\n');
      assert.throws(() => servicesInFolder(bad), /service\.csv line 2 has 2 cells, not 3/);
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });

  test('tables and rows Waymark has no place for are named, not silently dropped', () => {
    const folder = mkdtempSync(join(tmpdir(), 'waymark-csv-extra-'));
    try {
      writeFileSync(join(folder, 'service.csv'), 'id,name,status\n');
      writeFileSync(join(folder, 'program.csv'), 'id,name\n');
      writeFileSync(join(folder, 'phone.csv'), 'id,service_id,number\n1,2,01632 960000\n');
      assert.deepEqual(servicesInFolder(folder).notes, [
        'program.csv was not read: Waymark keeps no such table.',
        '1 phone row(s) without a contact_id were not imported: Waymark keeps phones under contacts.',
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
