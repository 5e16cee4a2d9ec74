import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { z } from 'zod';
import { check, formText } from '../../platform/forms.ts';
import { hostileForm } from '../../test/hostile.ts';
import * as edits from './edits.ts';
import { goalForm, listItemForm, meaningForm, noteForm, stepForm } from './forms.ts';
import { CHIME, emptyPlan, GOAL_STATUSES, LIST_SECTIONS, planSchema, type Plan } from './model.ts';

/**
 * The plan's forms and edits as pure functions, tried with many more inputs than the HTTP
 * tests (hostile.test.ts) can afford: whatever is sent, a form is either accepted or refused
 * with copy keys, and whatever edits are made, the plan stays a valid plan.
 */
const now = new Date('2026-06-01T09:00:00Z');
const key = /^(plan|common):[\w.]+$/;

describe('the plan forms, with any input', () => {
  const forms: [string, z.ZodType, string[]][] = [
    ['meaning', meaningForm, ['text']],
    ['list item', listItemForm, ['text']],
    ['goal', goalForm, ['title', 'why', 'chime', 'lifeArea', 'status']],
    ['step', stepForm, ['text', 'whoHelps']],
    ['note', noteForm, ['text']],
  ];
  for (const [name, schema, fields] of forms) {
    test(`the ${name} form accepts or refuses with a message, never throws`, () => {
      fc.assert(
        fc.property(hostileForm(fields), (form) => {
          // As the routes read them: text fields as one string, choices as a list.
          const values = Object.fromEntries(fields.map((f) => [f, f === 'chime' ? [form[f] ?? []].flat() : formText(form[f])]));
          const checked = check(schema, values);
          if (!checked.ok) for (const e of checked.errors) assert.match(e.message, key);
        }),
        { numRuns: 300 },
      );
    });
  }
});

type Op =
  | { op: 'meaning'; text: string }
  | { op: 'add'; section: (typeof LIST_SECTIONS)[number]; text: string }
  | { op: 'edit' | 'remove' | 'up' | 'down'; section: (typeof LIST_SECTIONS)[number]; pick: number; rev: number; text: string }
  | { op: 'goal'; title: string }
  | { op: 'step' | 'note'; pick: number; text: string }
  | { op: 'removeGoal'; pick: number; rev: number }
  | { op: 'review'; rev: number };

const section = fc.constantFrom(...LIST_SECTIONS);
const text = fc.string({ maxLength: 40 });
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('meaning' as const), text }),
  fc.record({ op: fc.constant('add' as const), section, text }),
  fc.record({
    op: fc.constantFrom('edit' as const, 'remove' as const, 'up' as const, 'down' as const),
    section,
    pick: fc.nat(5),
    rev: fc.nat(3),
    text,
  }),
  fc.record({ op: fc.constant('goal' as const), title: text }),
  fc.record({ op: fc.constantFrom('step' as const, 'note' as const), pick: fc.nat(5), text }),
  fc.record({ op: fc.constant('removeGoal' as const), pick: fc.nat(5), rev: fc.nat(3) }),
  fc.record({ op: fc.constant('review' as const), rev: fc.nat(3) }),
);

function apply(plan: Plan, o: Op): edits.Edit {
  const goalId = (pick: number) => plan.goals[pick % Math.max(plan.goals.length, 1)]?.id ?? 'none';
  switch (o.op) {
    case 'meaning':
      return edits.writeMeaning(plan, o.text, now);
    case 'add':
      return edits.addListItem(plan, o.section, o.text);
    case 'goal':
      return edits.addGoal(plan, { title: o.title, why: '', chime: [CHIME[0]], lifeArea: null, status: GOAL_STATUSES[0] }, now);
    case 'step':
      return edits.addStep(plan, goalId(o.pick), { text: o.text, whoHelps: '', dueDate: null });
    case 'note':
      return edits.addNote(plan, goalId(o.pick), o.text, 'author', now);
    case 'removeGoal':
      return edits.removeGoal(plan, goalId(o.pick), o.rev);
    case 'review':
      return edits.setReviewDate(plan, '2026-07-01', o.rev);
    default: {
      const item = plan[o.section][o.pick % Math.max(plan[o.section].length, 1)];
      const id = item?.id ?? 'none';
      if (o.op === 'edit') return edits.editListItem(plan, o.section, id, o.text, o.rev);
      if (o.op === 'remove') return edits.removeListItem(plan, o.section, id, o.rev);
      return edits.moveListItem(plan, o.section, id, o.op);
    }
  }
}

test('any sequence of edits leaves a valid plan, and a refused edit changes nothing', () => {
  fc.assert(
    fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      let plan = emptyPlan();
      for (const o of ops) {
        const before = JSON.stringify(plan);
        const edit = apply(plan, o);
        if ('content' in edit) plan = planSchema.parse(edit.content);
        else assert.equal(JSON.stringify(plan), before);
      }
      const ids = [...plan.strengths, ...plan.matters, ...plan.goals].map((i) => i.id);
      assert.equal(new Set(ids).size, ids.length, 'every id is unique');
    }),
    { numRuns: 300 },
  );
});
