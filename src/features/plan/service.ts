import type { Services } from '../../services.ts';
import type { GuardedDocuments } from '../../platform/record-access.ts';
import { emptyPlan, planFormat, type Plan } from './model.ts';

export const PLAN_KIND = 'recovery-plan';

/** A person's recovery plan, reached only through the record-access policy. */
export class PlanService {
  readonly docs: GuardedDocuments<Plan>;

  constructor(private readonly s: Services) {
    this.docs = s.access.documents(s.db, { kind: PLAN_KIND, part: PLAN_KIND, subjectType: 'plan', format: planFormat, empty: emptyPlan });
  }

  get db() {
    return this.s.db;
  }

  now(): Date {
    return this.s.clock.now();
  }
}
