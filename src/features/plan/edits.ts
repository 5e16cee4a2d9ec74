import { randomUUID } from 'node:crypto';
import { conflicted, edited, full, missing, type Edit as OwnedEdit } from '../../platform/owned-documents.ts';
import { hasRoom, moveItem, removeItem, replaceItem, type ListEdit } from '../../platform/lists.ts';
import type { Chime, Goal, GoalStatus, LifeArea, ListSection, Plan, Step } from './model.ts';

export type { EditResult } from '../../platform/owned-documents.ts';
export type Edit = OwnedEdit<Plan>;

const ok = edited<Plan>;
const notFound = missing;
const conflict = conflicted;

export function writeMeaning(plan: Plan, text: string, now: Date): Edit {
  if (!hasRoom(plan.meanings)) return full;
  return ok({ ...plan, meanings: [...plan.meanings, { id: randomUUID(), text, writtenAt: now.toISOString() }] });
}

export function addListItem(plan: Plan, section: ListSection, text: string): Edit {
  if (!hasRoom(plan[section])) return full;
  const id = randomUUID();
  return ok({ ...plan, [section]: [...plan[section], { id, rev: 1, text }] }, id);
}

/** Turns a list edit into a plan edit, with the list put back where it came from. */
function fromList<T>(edit: ListEdit<T>, put: (list: T[]) => Plan): Edit {
  if (edit.ok) return ok(put(edit.list));
  return edit.reason === 'conflict' ? conflict(edit.current) : notFound;
}

export function editListItem(plan: Plan, section: ListSection, id: string, text: string, rev: number): Edit {
  return fromList(
    replaceItem(plan[section], id, rev, (i) => ({ ...i, text })),
    (list) => ({ ...plan, [section]: list }),
  );
}

export function removeListItem(plan: Plan, section: ListSection, id: string, rev: number): Edit {
  return fromList(removeItem(plan[section], id, rev), (list) => ({ ...plan, [section]: list }));
}

export function moveListItem(plan: Plan, section: ListSection, id: string, direction: 'up' | 'down'): Edit {
  return fromList(moveItem(plan[section], id, direction), (list) => ({ ...plan, [section]: list }));
}

export interface GoalFields {
  title: string;
  why: string;
  chime: Chime[];
  lifeArea: LifeArea | null;
  status: GoalStatus;
}

export function addGoal(plan: Plan, fields: GoalFields, now: Date): Edit {
  if (!hasRoom(plan.goals)) return full;
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
  return fromList(
    replaceItem(plan.goals, goalId, rev, (g) => ({ ...g, ...fields })),
    (goals) => ({ ...plan, goals }),
  );
}

export function removeGoal(plan: Plan, goalId: string, rev: number): Edit {
  return fromList(removeItem(plan.goals, goalId, rev), (goals) => ({ ...plan, goals }));
}

export interface StepFields {
  text: string;
  whoHelps: string;
  dueDate: string | null;
  listingId?: string;
}

export function addStep(plan: Plan, goalId: string, fields: StepFields): Edit {
  const id = randomUUID();
  const edit = withGoal(plan, goalId, (g) =>
    hasRoom(g.steps) ? { ...g, steps: [...g.steps, { id, rev: 1, done: false, ...fields }] } : full,
  );
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

/** Sets the state the person asked for, so two stale clicks cannot undo each other. */
export function markStep(plan: Plan, goalId: string, stepId: string, done: boolean): Edit {
  return withStep(plan, goalId, stepId, (s) => ({ ...s, done, rev: s.rev + 1 }));
}

export function removeStep(plan: Plan, goalId: string, stepId: string, rev: number): Edit {
  return withGoal(plan, goalId, (g) => {
    const removed = removeItem(g.steps, stepId, rev);
    if (removed.ok) return { ...g, steps: removed.list };
    return removed.reason === 'conflict' ? conflict(removed.current) : notFound;
  });
}

export function addNote(plan: Plan, goalId: string, text: string, authorId: string, now: Date): Edit {
  return withGoal(plan, goalId, (g) =>
    hasRoom(g.notes) ? { ...g, notes: [...g.notes, { id: randomUUID(), text, writtenAt: now.toISOString(), authorId }] } : full,
  );
}

export function setReviewDate(plan: Plan, date: string | null, rev: number): Edit {
  if (plan.reviewRev !== rev) return conflict({ reviewDate: plan.reviewDate });
  return ok({ ...plan, reviewDate: date, reviewRev: plan.reviewRev + 1 });
}
