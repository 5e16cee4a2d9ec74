import type { Services } from '../../app.ts';
import { VersionedDocuments } from '../../platform/documents.ts';
import { OwnedDocuments } from '../../platform/owned-documents.ts';
import { emptyPlan, planSchema, type Plan } from './model.ts';

export const PLAN_KIND = 'recovery-plan';

export class PlanService extends OwnedDocuments<Plan> {
  constructor(private readonly s: Services) {
    super(new VersionedDocuments(s.db, s.clock, PLAN_KIND, planSchema, emptyPlan), s.audit, 'plan');
  }

  now(): Date {
    return this.s.clock.now();
  }
}
