import type { Translate } from '../../platform/i18n.ts';
import { changesInWords } from '../../platform/history.ts';
import type { Revision } from '../../platform/documents.ts';
import type { Plan } from './model.ts';

/** An item of a plan by id, in its own words: a strength, something that matters, a goal or a step. */
function named(plan: Plan, id: string, change: string): { words: string; change?: string } | null {
  for (const item of [...plan.strengths, ...plan.matters]) if (item.id === id) return { words: item.text };
  for (const goal of plan.goals) {
    if (goal.id === id) return { words: goal.title };
    const step = goal.steps.find((s) => s.id === id);
    if (step) return { words: step.text, ...(change === 'step.toggled' ? { change: step.done ? 'step.done' : 'step.notDone' } : {}) };
  }
  return null;
}

/** "Added the goal ‘Get back to five-a-side’": each version of a recovery plan, in words. */
export function planChanges(t: Translate, revisions: readonly (Revision & { content: Plan })[]): string[] {
  return changesInWords(revisions, named, (change, item, from) =>
    item === null ? t(`plan:history.changes.${change}`, { from }) : t(`plan:history.named.${change}`, { item }),
  );
}
