import type { Services } from '../../services.ts';
import type { GuardedDocuments, Part } from '../../platform/record-access.ts';
import { emptyPlan, planFormat, type Plan } from './model.ts';

export const PLAN_KIND = 'recovery-plan';

/** The parts of a recovery plan a person can share one by one. */
export const PLAN_PARTS = {
  meaning: `${PLAN_KIND}.meaning`,
  strengths: `${PLAN_KIND}.strengths`,
  goals: `${PLAN_KIND}.goals`,
} as const;

/** What someone granted some parts of the plan may read: the rest is taken out, current and past. */
export function projectPlan(plan: Plan, parts: readonly Part[]): Plan {
  const has = (part: string) => parts.some((p) => p === PLAN_KIND || p === part);
  return {
    ...plan,
    meanings: has(PLAN_PARTS.meaning) ? plan.meanings : [],
    strengths: has(PLAN_PARTS.strengths) ? plan.strengths : [],
    matters: has(PLAN_PARTS.strengths) ? plan.matters : [],
    goals: has(PLAN_PARTS.goals) ? plan.goals : [],
    reviewDate: has(PLAN_PARTS.goals) ? plan.reviewDate : null,
  };
}

/** A person's recovery plan, reached only through the record-access policy. */
export class PlanService {
  readonly docs: GuardedDocuments<Plan>;

  constructor(private readonly s: Services) {
    this.docs = s.access.documents(s.db, {
      kind: PLAN_KIND,
      part: PLAN_KIND,
      subjectType: 'plan',
      format: planFormat,
      empty: emptyPlan,
      project: projectPlan,
    });
  }

  get db() {
    return this.s.db;
  }

  now(): Date {
    return this.s.clock.now();
  }
}
