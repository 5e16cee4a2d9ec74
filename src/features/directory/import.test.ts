import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { count, sql } from 'drizzle-orm';
import fc from 'fast-check';
import {
  hsdsAttribute,
  hsdsCostOption,
  hsdsFunding,
  hsdsLocation,
  hsdsOrganization,
  hsdsSchedule,
  hsdsService,
  hsdsServiceArea,
} from '../../db/schema.ts';
import { testApp, type TestApp } from '../../test/harness.ts';
import { HOSTILE_EXAMPLES, hostileText } from '../../test/hostile.ts';
import { walkingGroup } from './fixtures.ts';
import { ImportFileError, importServices, servicesIn } from './import.ts';
import { addListing } from './write.ts';

type Service = Record<string, unknown> & { id: string; name: string };

/** Every active service, fully nested, as the API gives them. */
async function exportAll(t: TestApp): Promise<Service[]> {
  const page = (await t.app.inject({ method: 'GET', url: '/api/oruk/services?per_page=100' })).json<{ contents: { id: string }[] }>();
  const out: Service[] = [];
  for (const { id } of page.contents) out.push((await t.app.inject({ method: 'GET', url: `/api/oruk/services/${id}` })).json<Service>());
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

const copy = (services: Service[]): Service[] => structuredClone(services);

describe('importing Open Referral UK services', () => {
  let source: TestApp;
  let exported: Service[] = [];
  before(async () => {
    source = await testApp();
    const now = source.clock.now();
    const db = source.database.db;
    const { serviceId } = await addListing(db, walkingGroup({ url: 'https://riverside.example/walks', minimumAge: 18 }), now);
    await db.insert(hsdsServiceArea).values({ serviceId, name: 'Rivermouth', extent: 'RV1, RV2', extentType: 'postcode' });
    await db.insert(hsdsFunding).values({ serviceId, source: 'Rivermouth Council' });
    await addListing(
      db,
      walkingGroup({ name: 'Money advice', cost: { amount: 5, description: '£5 a session' }, place: null, online: true }),
      now,
    );
    await addListing(
      db,
      walkingGroup({ name: 'Welsh choir', languages: [{ code: 'cy', name: 'Cymraeg' }], chime: ['identity'], peerLed: false }),
      now,
    );
    exported = await exportAll(source);
  });
  after(() => source.close());

  test('export, import into an empty database, export again: the same JSON', async () => {
    assert.equal(exported.length, 3);
    const target = await testApp();
    try {
      const report = await importServices(target.database.db, exported, target.clock.now());
      assert.deepEqual(report.rejected, []);
      assert.equal(report.imported.length, 3);
      assert.deepEqual(await exportAll(target), exported);
    } finally {
      await target.close();
    }
  });

  test('importing the same file twice changes nothing, not even a row version', async () => {
    const target = await testApp();
    try {
      const db = target.database.db;
      await importServices(db, exported, target.clock.now());
      const xmin = sql<string>`xmin::text`;
      const versions = async () =>
        (
          await Promise.all(
            [hsdsService, hsdsSchedule, hsdsLocation, hsdsAttribute, hsdsOrganization, hsdsCostOption].map((table) =>
              db.select({ v: xmin }).from(table),
            ),
          )
        ).map((rows) => rows.map((r) => r.v).sort());
      const before = await versions();
      assert.ok(before.every((rows) => rows.length > 0));
      target.clock.advance(86_400_000);
      const again = await importServices(db, exported, target.clock.now());
      assert.equal(again.imported.length, 3);
      assert.deepEqual(await versions(), before);
      // A record without a date keeps the one we have, rather than rewriting the row with today's.
      const undated = exported.map((s) => ({ ...s, last_modified: undefined }));
      assert.equal((await importServices(db, undated, target.clock.now())).imported.length, 3);
      assert.deepEqual(await versions(), before);
      assert.deepEqual(await exportAll(target), exported);
    } finally {
      await target.close();
    }
  });

  test('an import updates a listing by its id and drops what the file no longer lists', async () => {
    const target = await testApp();
    try {
      await importServices(target.database.db, exported, target.clock.now());
      const changed = copy(exported);
      const [first] = changed;
      assert.ok(first);
      first.name = 'Riverside walk and talk';
      first.cost_options = [];
      const report = await importServices(target.database.db, changed, target.clock.now());
      assert.deepEqual(report.rejected, []);
      const after = (await exportAll(target)).find((s) => s.id === first.id);
      assert.equal(after?.name, 'Riverside walk and talk');
      assert.deepEqual(after.cost_options, []);
    } finally {
      await target.close();
    }
  });

  test('a file with one bad record imports the others and says what is wrong with that one', async () => {
    const target = await testApp();
    try {
      const file = copy(exported);
      const bad = file[1];
      assert.ok(bad);
      bad.status = 'closed for ever';
      const report = await importServices(target.database.db, file, target.clock.now());
      assert.equal(report.imported.length, 2);
      assert.equal(report.rejected.length, 1);
      const [rejected] = report.rejected;
      assert.ok(rejected);
      assert.equal(rejected.record, bad.id);
      assert.match(rejected.reasons.join(), /\/status must be equal to one of the allowed values/);
      assert.deepEqual(
        (await exportAll(target)).map((s) => s.id),
        exported.map((s) => s.id).filter((id) => id !== bad.id),
      );
    } finally {
      await target.close();
    }
  });

  test('a record the database refuses is reported, and the rest still go in', async () => {
    const target = await testApp();
    try {
      const file = copy(exported).map((s) => ({ ...s, organization: undefined }));
      const report = await importServices(target.database.db, [...file.slice(0, 1), ...copy(exported).slice(1)], target.clock.now());
      assert.equal(report.rejected.length, 1);
      assert.match(report.rejected[0]?.reasons[0] ?? '', /refers to a record that is neither in it nor in the database/);
      assert.equal(report.imported.length, 2);
    } finally {
      await target.close();
    }
  });

  test('records that are not services, or have no usable id, are named by their place in the file', async () => {
    const target = await testApp();
    try {
      const report = await importServices(target.database.db, [42, { id: 'x'.repeat(5000), name: 'A' }], target.clock.now());
      assert.deepEqual(
        report.rejected.map((r) => r.record),
        ['record 1 (no valid id)', 'record 2 (no valid id)'],
      );
      assert.deepEqual(report.rejected[0]?.reasons, ['is not a JSON object']);
    } finally {
      await target.close();
    }
  });

  test('a broken file is refused whole', () => {
    assert.throws(() => servicesIn('[{"id": "0a1d0000-'), ImportFileError);
    assert.throws(() => servicesIn('{"services": []}'), ImportFileError);
    assert.throws(() => servicesIn('"just text"'), ImportFileError);
    assert.equal(servicesIn(JSON.stringify({ total_items: 0, contents: [] })).length, 0);
  });

  test('hostile text is stored as text and comes back unchanged', async () => {
    const target = await testApp();
    try {
      const texts = HOSTILE_EXAMPLES.filter((x) => !x.includes('\u0000'));
      const file = texts.map((text, i) => ({
        ...copy(exported)[0],
        id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        name: text,
        description: text,
        attributes: [],
        schedules: [],
        service_at_locations: [],
        cost_options: [],
        contacts: [],
        languages: [],
        service_areas: [],
        funding: [],
      }));
      const withNul = { ...file[0], id: '00000000-0000-4000-8000-999999999999', name: 'null \u0000 byte' };
      const report = await importServices(target.database.db, [...file, withNul], target.clock.now());
      assert.equal(report.imported.length, texts.length);
      assert.deepEqual(report.rejected, [
        { record: withNul.id, reasons: ['contains a NUL character or broken Unicode, which the database cannot store as text'] },
      ]);
      const names = (await exportAll(target)).map((s) => s.name);
      assert.deepEqual(names.sort(), [...texts].sort());
      const [n] = await target.database.db.select({ n: count() }).from(hsdsService);
      assert.equal(n?.n, texts.length);
    } finally {
      await target.close();
    }
  });

  test('any value in any field of a service is imported or rejected with a reason, never a crash', async () => {
    const target = await testApp();
    try {
      const [base] = exported;
      assert.ok(base);
      const seen = { imported: 0, refused: 0 };
      const paths = [
        ['name'],
        ['status'],
        ['minimum_age'],
        ['last_modified'],
        ['organization'],
        ['organization', 'id'],
        ['schedules'],
        ['cost_options', 0, 'amount'],
        ['service_at_locations', 0, 'location', 'latitude'],
        ['service_at_locations', 0, 'location_id'],
        ['attributes', 0, 'taxonomy_term_id'],
        ['contacts', 0, 'phones'],
        ['languages', 0, 'phone_id'],
        ['id'],
      ] as const;
      const value = fc.oneof(
        fc.jsonValue(),
        hostileText,
        fc.constantFrom(-1, 1.5, 1e308, '2026-13-45T99:00:00Z', '0a1d0001-0000-4000-8000-000000000001'),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...paths), value), { minLength: 1, maxLength: 3 }), async (changes) => {
          const record: Record<string, unknown> = structuredClone(base);
          for (const [path, v] of changes) {
            let at: unknown = record;
            for (const key of path.slice(0, -1))
              at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
            if (at !== null && typeof at === 'object') (at as Record<string | number, unknown>)[path[path.length - 1] ?? ''] = v;
          }
          const report = await importServices(target.database.db, [record, 7, null], target.clock.now());
          assert.equal(report.imported.length + report.rejected.length, 3);
          for (const r of report.rejected) assert.ok(r.reasons.length > 0, r.record);
          seen.imported += report.imported.length;
          seen.refused += report.rejected.filter((r) => r.record === base.id).length;
        }),
        // One run sets the id to what it is already, so a run that imports is always among them:
        // by chance alone, all 60 changed records were refused once in CI.
        { numRuns: 60, examples: [[[[['id'], base.id]]]] },
      );
      assert.ok(seen.imported > 0 && seen.refused > 0, JSON.stringify(seen));
    } finally {
      await target.close();
    }
  });
});
