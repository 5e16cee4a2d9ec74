import { randomUUID } from 'node:crypto';
import type { Outcome } from '../../platform/documents.ts';
import type { Chime, Goal, GoalStatus, LifeArea, ListSection, Plan, Step } from './model.ts';

/** Each edit is a pure function of the latest plan. A stale `rev` (the item changed
 *  since the form was opened) is refused as a conflict, carrying what is saved now. */
export type EditResult = { kind: 'ok'; id?: string } | { kind: 'notFound' } | { kind: 'conflict'; current: unknown };
export type Edit = Outcome<Plan, EditResult>;

const ok = (content: Plan, id?: string): Edit => ({ content, result: id ? { kind: 'ok', id } : { kind: 'ok' } });
const notFound: Edit = { refused: { kind: 'notFound' } };
const conflict = (current: unknown): Edit => ({ refused: { kind: 'conflict', current } });

export function writeMeaning(plan: Plan, text: string, now: Date): Edit {
  return ok({ ...plan, meanings: [...plan.meanings, { id: randomUUID(), text, writtenAt: now.toISOString() }] });
}

export function addListItem(plan: Plan, section: ListSection, text: string): Edit {
  const id = randomUUID();
  return ok({ ...plan, [section]: [...plan[section], { id, rev: 1, text }] }, id);
}

export function editListItem(plan: Plan, section: ListSection, id: string, text: string, rev: number): Edit {
  const item = plan[section].find((i) => i.id === id);
  if (!item) return notFound;
  if (item.rev !== rev) return conflict(item);
  return ok({ ...plan, [section]: plan[section].map((i) => (i.id === id ? { ...i, text, rev: i.rev + 1 } : i)) });
}

export function removeListItem(plan: Plan, section: ListSection, id: string): Edit {
  if (!plan[section].some((i) => i.id === id)) return notFound;
  return ok({ ...plan, [section]: plan[section].filter((i) => i.id !== id) });
}

export function moveListItem(plan: Plan, section: ListSection, id: string, direction: 'up' | 'down'): Edit {
  const list = [...plan[section]];
  const from = list.findIndex((i) => i.id === id);
  if (from < 0) return notFound;
  const to = direction === 'up' ? from - 1 : from + 1;
  if (to < 0 || to >= list.length) return { refused: { kind: 'ok' } };
  const [item] = list.splice(from, 1);
  if (item) list.splice(to, 0, item);
  return ok({ ...plan, [section]: list });
}

export interface GoalFields {
  title: string;
  why: string;
  chime: Chime[];
  lifeArea: LifeArea | null;
  status: GoalStatus;
}

export function addGoal(plan: Plan, fields: GoalFields, now: Date): Edit {
  const id = randomUUID();
  const goal: Goal = { id, rev: 1, ...fields, steps: [], notes: [], createdAt: now.toISOString() };
  return ok({ ...plan, goals: [...plan.goals, goal] }, id);
}

function withGoal(plan: Plan, goalId: string, change: (g: Goal) => Goal | Edit): Edit {
  const goal = plan.goals.find((g) => g.id === goalId);
  if (!goal) return notFound;
  const next = change(goal);
  if ('result' in next || 'refused' in next) return next;
  return ok({ ...plan, goals: plan.goals.map((g) => (g.id === goalId ? next : g)) });
}

export function editGoal(plan: Plan, goalId: string, fields: GoalFields, rev: number): Edit {
  return withGoal(plan, goalId, (g) => (g.rev !== rev ? conflict(g) : { ...g, ...fields, rev: g.rev + 1 }));
}

export function removeGoal(plan: Plan, goalId: string): Edit {
  if (!plan.goals.some((g) => g.id === goalId)) return notFound;
  return ok({ ...plan, goals: plan.goals.filter((g) => g.id !== goalId) });
}

export interface StepFields {
  text: string;
  whoHelps: string;
  dueDate: string | null;
}

export function addStep(plan: Plan, goalId: string, fields: StepFields): Edit {
  const id = randomUUID();
  const edit = withGoal(plan, goalId, (g) => ({ ...g, steps: [...g.steps, { id, rev: 1, done: false, ...fields }] }));
  return 'content' in edit ? ok(edit.content, id) : edit;
}

function withStep(plan: Plan, goalId: string, stepId: string, change: (s: Step) => Step | Edit): Edit {
  return withGoal(plan, goalId, (g) => {
    const step = g.steps.find((s) => s.id === stepId);
    if (!step) return notFound;
    const next = change(step);
    if ('result' in next || 'refused' in next) return next;
    return { ...g, steps: g.steps.map((s) => (s.id === stepId ? next : s)) };
  });
}

export function editStep(plan: Plan, goalId: string, stepId: string, fields: StepFields & { done: boolean }, rev: number): Edit {
  return withStep(plan, goalId, stepId, (s) => (s.rev !== rev ? conflict(s) : { ...s, ...fields, rev: s.rev + 1 }));
}

export function toggleStep(plan: Plan, goalId: string, stepId: string): Edit {
  return withStep(plan, goalId, stepId, (s) => ({ ...s, done: !s.done, rev: s.rev + 1 }));
}

export function removeStep(plan: Plan, goalId: string, stepId: string): Edit {
  return withGoal(plan, goalId, (g) => (g.steps.some((s) => s.id === stepId) ? { ...g, steps: g.steps.filter((s) => s.id !== stepId) } : notFound));
}

export function addNote(plan: Plan, goalId: string, text: string, authorId: string, now: Date): Edit {
  return withGoal(plan, goalId, (g) => ({ ...g, notes: [...g.notes, { id: randomUUID(), text, writtenAt: now.toISOString(), authorId }] }));
}

export function setReviewDate(plan: Plan, date: string | null, rev: number): Edit {
  if (plan.reviewRev !== rev) return conflict({ reviewDate: plan.reviewDate });
  return ok({ ...plan, reviewDate: date, reviewRev: plan.reviewRev + 1 });
}
