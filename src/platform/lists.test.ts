import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import * as plan from '../features/plan/edits.ts';
import { emptyPlan, type Plan } from '../features/plan/model.ts';
import * as wellbeing from '../features/staying-well/edits.ts';
import { emptyContent } from '../features/staying-well/model.ts';
import { MAX_ITEMS } from './lists.ts';

const now = new Date('2026-06-01T09:00:00Z');
const FULL = { refused: { kind: 'full' } };
const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
const goalFields: plan.GoalFields = { title: 'Swim', why: '', chime: ['hope'], lifeArea: null, status: 'working' };

function planWith(n: number): Plan {
  const items = times(n, (i) => ({ id: `i${i}`, rev: 1, text: `item ${i}` }));
  const goal = {
    id: 'g',
    rev: 1,
    ...goalFields,
    createdAt: now.toISOString(),
    steps: times(n, (i) => ({ id: `s${i}`, rev: 1, text: 's', done: false, whoHelps: '', dueDate: null })),
    notes: times(n, (i) => ({ id: `n${i}`, text: 'n', writtenAt: now.toISOString(), authorId: null })),
  };
  return {
    ...emptyPlan(),
    meanings: times(n, (i) => ({ id: `m${i}`, text: 'm', writtenAt: now.toISOString() })),
    strengths: items,
    matters: items,
    goals: [goal, ...times(Math.max(0, n - 1), (i) => ({ ...goal, id: `g${i}` }))],
  };
}

describe('every list has room for a limited number of items', () => {
  test(`a list with ${MAX_ITEMS - 1} items takes one more`, () => {
    const p = planWith(MAX_ITEMS - 1);
    for (const edit of [
      plan.writeMeaning(p, 'x', now),
      plan.addListItem(p, 'strengths', 'x'),
      plan.addGoal(p, goalFields, now),
      plan.addStep(p, 'g', { text: 'x', whoHelps: '', dueDate: null }),
      plan.addNote(p, 'g', 'x', 'someone', now),
    ]) {
      assert.ok('content' in edit);
    }
    const content = {
      ...emptyContent(),
      lists: { reasons: times(MAX_ITEMS - 1, (i) => ({ id: `r${i}`, rev: 1, values: { text: 'r' } })) },
    };
    assert.ok('content' in wellbeing.addEntry(content, 'reasons', { text: 'x' }));
  });

  test(`a list with ${MAX_ITEMS} items is full, and says so`, () => {
    const p = planWith(MAX_ITEMS);
    assert.deepEqual(plan.writeMeaning(p, 'x', now), FULL);
    assert.deepEqual(plan.addListItem(p, 'strengths', 'x'), FULL);
    assert.deepEqual(plan.addListItem(p, 'matters', 'x'), FULL);
    assert.deepEqual(plan.addGoal(p, goalFields, now), FULL);
    assert.deepEqual(plan.addStep(p, 'g', { text: 'x', whoHelps: '', dueDate: null }), FULL);
    assert.deepEqual(plan.addNote(p, 'g', 'x', 'someone', now), FULL);
    const content = { ...emptyContent(), lists: { reasons: times(MAX_ITEMS, (i) => ({ id: `r${i}`, rev: 1, values: { text: 'r' } })) } };
    assert.deepEqual(wellbeing.addEntry(content, 'reasons', { text: 'x' }), FULL);
  });
});
