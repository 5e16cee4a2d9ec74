import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { AREAS } from './measures.ts';
import { chartPoints, dayOf, plot, summaryOf, tableRows, trendOf, weeklyAverages, weekOf, WEEKLY_FROM, type Point } from './timeline.ts';

const START = Date.UTC(2025, 0, 1);
const YEAR = 366 * 24 * 60 * 60 * 1000;
const score = fc.option(fc.integer({ min: 0, max: 4 }), { nil: null });
const point: fc.Arbitrary<Point> = fc.record({
  at: fc.integer({ min: START, max: START + 2 * YEAR }).map((ms) => new Date(ms)),
  scores: fc.record({ connection: score, hope: score, identity: score, meaning: score, control: score }),
});
const points = fc.array(point, { maxLength: 120 });

describe('weekly averages', () => {
  test('each week starts on a Monday, weeks are in order and each check-in counts once', () => {
    fc.assert(
      fc.property(points, (ps) => {
        const weeks = weeklyAverages(ps);
        assert.equal(
          weeks.reduce((n, w) => n + w.count, 0),
          ps.length,
        );
        for (const w of weeks) assert.equal(new Date(`${w.day}T00:00:00Z`).getUTCDay(), 1);
        for (let i = 1; i < weeks.length; i += 1) assert.ok((weeks[i - 1]?.day ?? '') < (weeks[i]?.day ?? ''));
      }),
    );
  });

  test('an average lies between the lowest and highest score of its week, and is null only when none was given', () => {
    fc.assert(
      fc.property(points, (ps) => {
        for (const w of weeklyAverages(ps)) {
          const inWeek = ps.filter((p) => weekOf(p.at) === w.day);
          for (const area of AREAS) {
            const given = inWeek.map((p) => p.scores[area]).filter((v): v is number => typeof v === 'number');
            const avg = w.values[area];
            if (given.length === 0) assert.equal(avg, null);
            else assert.ok(avg !== null && avg >= Math.min(...given) - 1e-9 && avg <= Math.max(...given) + 1e-9);
          }
        }
      }),
    );
  });

  test('the Monday of a week is the same worked out by arithmetic as by the calendar, across the clocks changing', () => {
    fc.assert(
      fc.property(point, (p) => {
        const day = new Date(`${dayOf(p.at)}T00:00:00Z`);
        day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
        assert.equal(weekOf(p.at), day.toISOString().slice(0, 10));
      }),
    );
  });

  test('the data table has a row for each point on the chart, newest first, each area to one decimal place or a dash', () => {
    fc.assert(
      fc.property(points, (ps) => {
        const chart = chartPoints(ps).points;
        const rows = tableRows(chart);
        assert.equal(rows.length, chart.length);
        rows.forEach((row, i) => {
          const p = chart[chart.length - 1 - i];
          assert.equal(row.cells.length, AREAS.length);
          AREAS.forEach((area, k) => {
            const v = p?.values[area] ?? null;
            assert.equal(row.cells[k], v === null ? '–' : String(Math.round(v * 10) / 10));
            assert.match(row.cells[k] ?? '', /^(–|\d(\.\d)?)$/);
          });
        });
      }),
    );
    assert.deepEqual(
      tableRows([{ day: '2026-03-02', values: { connection: 2.25, hope: null, identity: 4, meaning: 0, control: 1 / 3 }, count: 3 }]),
      [{ day: '2 March 2026', cells: ['2.3', '–', '4', '0', '0.3'] }],
    );
  });

  test('the week is the UK week: late on a Sunday in summer is still that Sunday, not Monday', () => {
    // 23:30 UTC on Sunday 1 June 2025 is 00:30 on Monday 2 June in London (BST).
    assert.equal(dayOf(new Date('2025-06-01T23:30:00Z')), '2025-06-02');
    assert.equal(weekOf(new Date('2025-06-01T23:30:00Z')), '2025-06-02');
    assert.equal(weekOf(new Date('2025-06-01T22:30:00Z')), '2025-05-26');
  });

  test('the chart shows each check-in up to a point, and weekly averages beyond it', () => {
    fc.assert(
      fc.property(points, (ps) => {
        const chart = chartPoints(ps);
        assert.equal(chart.weekly, ps.length > WEEKLY_FROM);
        if (!chart.weekly) assert.equal(chart.points.length, ps.length);
      }),
    );
  });

  test('every plotted point lies inside the chart', () => {
    fc.assert(
      fc.property(points, (ps) => {
        const box = { width: 320, height: 140, top: 4, pad: 16 };
        for (const area of AREAS)
          for (const d of plot(chartPoints(ps).points, area, box).dots) {
            assert.ok(d.x >= box.pad && d.x <= box.width - box.pad && d.y >= box.pad - 0.1 && d.y <= box.height - box.pad + 0.1);
          }
      }),
    );
  });
});

describe('the summary sentence', () => {
  const series = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 60 });

  test('scores that do not change stay about the same', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 3, max: 50 }), (v, n) =>
        assert.equal(trendOf(Array(n).fill(v) as number[]), 'steady'),
      ),
    );
  });

  test('turning the order round turns up into down and down into up', () => {
    const flip = { up: 'down', down: 'up', steady: 'steady', few: 'few' } as const;
    fc.assert(fc.property(series, (xs) => assert.equal(trendOf([...xs].reverse()), flip[trendOf(xs)])));
  });

  test('a rise from low to high reads as gone up, whatever came between', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 20 }), (middle) => {
        const n = Math.max(3, Math.ceil(middle.length / 2) + 1);
        assert.equal(trendOf([...Array<number>(n).fill(0), ...middle, ...Array<number>(n).fill(4)]), 'up');
      }),
    );
  });

  test('fewer than three scores is too few to say', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 2 }), (xs) => assert.equal(trendOf(xs), 'few')));
  });

  test('the sentence names a trend, the area and the period, for any points', () => {
    fc.assert(
      fc.property(points, fc.constantFrom(...AREAS), (ps, area) => {
        const s = summaryOf(area, 'year', chartPoints(ps).points);
        assert.match(s.key, /^journey:summary\.(few|up|down|steady)$/);
        assert.equal(s.area, area);
      }),
    );
  });
});
