import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import type { Database } from '../../db/client.ts';
import { checkIns } from '../../db/schema.ts';
import { insertAccount } from '../accounts/store.ts';
import { testDatabase } from '../../test/databases.ts';
import { journeyOf } from './journey-store.ts';
import { AREAS, CHECK_IN } from './measures.ts';
import { chartPoints, WEEKLY_FROM } from './timeline.ts';

describe('features/journey/journey-store.test.ts', () => {
  let database: Database;
  let ownerId = '';
  before(async () => {
    database = await testDatabase();
    ownerId = (await insertAccount(database.db, { email: 'journey@example.org', displayName: 'J', passwordHash: 'x', now: new Date() })).id;
  });
  after(async () => database.close());

  const START = Date.UTC(2025, 0, 1);
  const answer = fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined });
  const checkIn = fc.record({
    at: fc.integer({ min: START, max: START + 2 * 366 * 24 * 3600 * 1000 }),
    answers: fc.record({ connection: answer, hope: answer, identity: answer, meaning: answer, control: answer }),
    ours: fc.boolean(),
  });
  const close = (a: number | null, b: number | null) => (a === null ? b === null : b !== null && Math.abs(a - b) < 1e-9);

  describe("the journey's figures, from the database", () => {
    test('are the chart the page would draw from every check-in (UK weeks, across the clocks changing), the newest rows and the count', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(checkIn, { maxLength: 120 }), fc.integer({ min: 1, max: 150 }), async (made, limit) => {
          await database.db.delete(checkIns).where(eq(checkIns.ownerId, ownerId));
          const rows = made.map((c) => {
            const answers = Object.fromEntries(Object.entries(c.answers).filter(([, v]) => v !== undefined)) as Record<string, number>;
            return {
              ownerId,
              measureId: c.ours ? CHECK_IN.id : 'another-measure',
              measureVersion: 1,
              answers,
              scores: { total: null, subscales: {} },
              createdAt: new Date(c.at),
              updatedAt: new Date(c.at),
            };
          });
          if (rows.length) await database.db.insert(checkIns).values(rows);
          const got = await journeyOf(database.db, ownerId, null, limit);
          const expected = chartPoints(
            rows.filter((r) => r.measureId === CHECK_IN.id).map((r) => ({ at: r.createdAt, scores: r.answers })),
          );
          assert.equal(got.chart.weekly, expected.weekly);
          assert.equal(got.chart.weekly, rows.filter((r) => r.measureId === CHECK_IN.id).length > WEEKLY_FROM);
          assert.deepEqual(
            got.chart.points.map((p) => [p.day, p.count]),
            expected.points.map((p) => [p.day, p.count]),
          );
          got.chart.points.forEach((p, i) => {
            for (const area of AREAS) assert.ok(close(p.values[area], expected.points[i]?.values[area] ?? null), `${p.day} ${area}`);
          });
          assert.equal(got.total, rows.length);
          const newest = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime()).slice(0, limit);
          assert.deepEqual(
            got.rows.map((r) => r.createdAt.getTime()),
            newest.map((r) => r.createdAt.getTime()),
          );
        }),
        { numRuns: 25 },
      );
    });

    test('count only the period asked for', async () => {
      await database.db.delete(checkIns).where(eq(checkIns.ownerId, ownerId));
      const at = (d: string) => new Date(`${d}T12:00:00Z`);
      const row = (d: string) => ({
        ownerId,
        measureId: CHECK_IN.id,
        measureVersion: 1,
        answers: { hope: 2 },
        scores: { total: 2, subscales: {} },
        createdAt: at(d),
        updatedAt: at(d),
      });
      await database.db.insert(checkIns).values([row('2026-01-05'), row('2026-03-02'), row('2026-03-09')]);
      const got = await journeyOf(database.db, ownerId, at('2026-03-01'), 50);
      assert.equal(got.total, 2);
      assert.deepEqual(
        got.chart.points.map((p) => p.day),
        ['2026-03-02', '2026-03-09'],
      );
    });
  });
});
