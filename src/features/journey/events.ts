import type { Revision } from '../../platform/documents.ts';
import type { Translate } from '../../platform/i18n.ts';
import { itemWords } from '../../platform/history.ts';
import type { Plan } from '../plan/model.ts';
import { planChanges } from '../plan/history-words.ts';

/** Something a person did in their recovery plan, for the journey. */
export interface PlanEvent {
  at: Date;
  kind: 'goalReached' | 'stepDone' | 'planChanged';
  words: string;
}

/**
 * What the recovery plan's history means for the journey, newest first: a goal marked reached,
 * a step marked done, and every other change in the history's own words. The first version (the
 * empty plan made with the account) is not a change.
 */
export function planEvents(t: Translate, revisions: readonly (Revision & { content: Plan })[]): PlanEvent[] {
  const words = planChanges(t, revisions);
  return revisions.flatMap((rev, i): PlanEvent[] => {
    if (rev.version <= 1) return [];
    const before = revisions[i + 1]?.content;
    const id = rev.itemId;
    if (id && (rev.change === 'goal.edited' || rev.change === 'goal.added')) {
      const goal = rev.content.goals.find((g) => g.id === id);
      const was = before?.goals.find((g) => g.id === id);
      if (goal?.status === 'achieved' && was?.status !== 'achieved')
        return [{ at: rev.createdAt, kind: 'goalReached', words: itemWords(goal.title) }];
    }
    if (id && rev.change === 'step.toggled') {
      const step = rev.content.goals.flatMap((g) => g.steps).find((s) => s.id === id);
      if (step?.done) return [{ at: rev.createdAt, kind: 'stepDone', words: itemWords(step.text) }];
    }
    return [{ at: rev.createdAt, kind: 'planChanged', words: words[i] ?? '' }];
  });
}
