import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { CHECK_IN, itemRange, measureSchema, parseMeasure, riskSignals, score, totalRange, type Measure } from './measures.ts';

/** A valid measure of 1–8 items on a 0..top scale, some reversed, in up to three subscales. */
const anyMeasure: fc.Arbitrary<Measure> = fc
  .record({
    n: fc.integer({ min: 1, max: 8 }),
    top: fc.integer({ min: 1, max: 6 }),
    reversed: fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
    groups: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 8, maxLength: 8 }),
    scoring: fc.constantFrom('sum', 'mean', 'subscale-sums'),
  })
  .map(({ n, top, reversed, groups, scoring }) => {
    const items = Array.from({ length: n }, (_, i) => ({ key: `q${i}`, text: `Question ${i}`, reverse: reversed[i] ?? false }));
    const subscales = [0, 1, 2]
      .map((g) => ({ key: `s${g}`, label: `Part ${g}`, items: items.filter((_, i) => groups[i] === g).map((it) => it.key) }))
      .filter((s) => s.items.length > 0);
    return measureSchema.parse({
      id: 'test',
      version: 1,
      title: 'Test',
      options: Array.from({ length: top + 1 }, (_, v) => ({ value: v, label: `Answer ${v}` })),
      items,
      subscales,
      scoring,
    });
  });

const withAnswers = anyMeasure.chain((m) =>
  fc.tuple(
    fc.constant(m),
    fc.dictionary(fc.constantFrom(...m.items.map((i) => i.key)), fc.integer({ min: 0, max: itemRange(m).max }), {
      minKeys: 0,
    }),
  ),
);

describe('scoring a measure', () => {
  test('a total is always within the range the rule allows, or null when nothing is answered', () => {
    fc.assert(
      fc.property(withAnswers, ([m, answers]) => {
        const s = score(m, answers);
        if (Object.keys(answers).length === 0) return assert.equal(s.total, null);
        const { min, max } = totalRange(m);
        assert.ok(s.total !== null && s.total >= min && s.total <= max, `${s.total} outside ${min}..${max}`);
      }),
    );
  });

  test('a reversed item scores the top answer as the bottom, and the other way round', () => {
    fc.assert(
      fc.property(anyMeasure, fc.nat(), (m, pick) => {
        const it = m.items[pick % m.items.length];
        if (!it) return;
        const { min, max } = itemRange(m);
        assert.equal(score(m, { [it.key]: max }).items[it.key], it.reverse ? min : max);
        assert.equal(score(m, { [it.key]: min }).items[it.key], it.reverse ? max : min);
      }),
    );
  });

  test('missing answers are left out, not counted as zero', () => {
    fc.assert(
      fc.property(withAnswers, ([m, answers]) => {
        const s = score(m, answers);
        assert.equal(s.answered, Object.keys(answers).length);
        if (m.scoring === 'mean' && s.total !== null) {
          const scores = Object.values(s.items);
          assert.equal(s.total, scores.reduce((a, b) => a + b, 0) / scores.length);
        }
      }),
    );
  });

  test('answers to unknown items or outside the options are ignored', () => {
    fc.assert(
      fc.property(withAnswers, fc.integer({ min: 7, max: 1000 }), ([m, answers], odd) => {
        const first = m.items[0]?.key ?? 'q0';
        const s = score(m, { ...answers, ['not-an-item']: 1, constructor: 2, [first]: odd });
        assert.ok(!Object.hasOwn(s.items, 'not-an-item') && !Object.hasOwn(s.items, 'constructor'));
        assert.ok(!Object.hasOwn(s.items, first), 'an answer outside the options is missing');
      }),
    );
  });

  test('subscales add up to the sum of every item in them, and to the total when they cover every item once', () => {
    fc.assert(
      fc.property(withAnswers, ([m, answers]) => {
        const s = score(m, answers);
        for (const sub of m.subscales) {
          const scored = sub.items.filter((k) => Object.hasOwn(s.items, k));
          assert.equal(s.subscales[sub.key], scored.length ? scored.reduce((a, k) => a + (s.items[k] ?? 0), 0) : null);
        }
        if (m.scoring !== 'mean' && s.total !== null) {
          const bySubscale = Object.values(s.subscales).reduce<number>((a, v) => a + (v ?? 0), 0);
          assert.equal(bySubscale, s.total);
        }
      }),
    );
  });
});

describe('our own check-in', () => {
  test('has five questions, one for each area, each on a labelled 0–4 scale, scored as a mean', () => {
    assert.deepEqual(
      CHECK_IN.items.map((i) => i.key),
      ['connection', 'hope', 'identity', 'meaning', 'control'],
    );
    assert.deepEqual(
      CHECK_IN.options.map((o) => o.value),
      [0, 1, 2, 3, 4],
    );
    assert.equal(score(CHECK_IN, { hope: 4, control: 2 }).total, 3);
  });

  test('the lowest hope answer signals that help may be wanted; others do not', () => {
    assert.deepEqual(riskSignals(CHECK_IN, { hope: 0, connection: 0 }), ['hope']);
    assert.deepEqual(riskSignals(CHECK_IN, { hope: 1 }), []);
  });
});

describe('a definition loaded from a file', () => {
  const good = JSON.stringify(CHECK_IN);

  test('a valid definition is accepted', () => {
    assert.equal(parseMeasure(good).ok, true);
  });

  test('hostile files are refused with reasons, never thrown', () => {
    const cases = [
      'x'.repeat(200_000),
      'not json',
      '[]',
      'null',
      JSON.stringify({ ...CHECK_IN, scoring: 'q1 * 2 + q2' }),
      JSON.stringify({ ...CHECK_IN, formula: 'process.exit()' }),
      JSON.stringify({ ...CHECK_IN, title: '<script>alert(1)</script>' }),
      JSON.stringify({ ...CHECK_IN, options: [{ value: '1', label: 'one' }] }),
      JSON.stringify({
        ...CHECK_IN,
        items: [
          { key: 'a', text: 'A' },
          { key: 'a', text: 'B' },
        ],
      }),
      JSON.stringify({ ...CHECK_IN, subscales: [{ key: 's', label: 'S', items: ['nope'] }], scoring: 'subscale-sums' }),
      JSON.stringify({ ...CHECK_IN, items: [{ key: 'a', text: 'A', riskAnswers: [99] }] }),
      JSON.stringify({ ...CHECK_IN, items: [{ key: 'note', text: 'A' }] }),
    ];
    for (const file of cases) {
      const parsed = parseMeasure(file);
      const errors = parsed.ok ? [] : parsed.errors;
      assert.ok(errors.length > 0 && errors.every((e) => e.length < 400), file.slice(0, 80));
    }
  });

  test('any JSON at all is answered with a result, never an exception', () => {
    fc.assert(fc.property(fc.json(), (json) => void parseMeasure(json)));
  });
});
