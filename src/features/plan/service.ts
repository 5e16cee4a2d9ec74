import type { Services } from '../../app.ts';
import { NotFound } from '../../platform/access.ts';
import { VersionedDocuments, type Doc } from '../../platform/documents.ts';
import type { SignedIn } from '../../platform/sessions.ts';
import type { EditResult } from './edits.ts';
import { emptyPlan, planSchema, type Plan } from './model.ts';
import type { Outcome } from '../../platform/documents.ts';

export const PLAN_KIND = 'recovery-plan';

export class PlanService {
  readonly docs: VersionedDocuments<Plan>;

  constructor(private readonly s: Services) {
    this.docs = new VersionedDocuments(s.db, s.clock, PLAN_KIND, planSchema, emptyPlan);
  }

  mine(accountId: string): Promise<Doc<Plan>> {
    return this.docs.forOwner(accountId);
  }

  /** Only the owner may see a plan for now; to anyone else it does not exist. */
  private mayView(viewer: SignedIn, plan: Doc<Plan>): boolean {
    return viewer.id === plan.ownerId;
  }

  async open(viewer: SignedIn, planId: string, ip: string): Promise<Doc<Plan>> {
    const plan = await this.docs.byId(planId);
    if (!plan) throw new NotFound();
    if (!this.mayView(viewer, plan)) {
      await this.s.audit.record({ actorId: viewer.id, action: 'plan.refused', subjectType: 'plan', subjectId: plan.id, ownerId: plan.ownerId, ip });
      throw new NotFound();
    }
    return plan;
  }

  async edit(viewer: SignedIn, planId: string, ip: string, change: string, fn: (plan: Plan) => Outcome<Plan, EditResult>): Promise<EditResult> {
    const plan = await this.open(viewer, planId, ip);
    return this.docs.change(plan.id, viewer.id, change, fn);
  }

  async restore(viewer: SignedIn, planId: string, ip: string, version: number): Promise<boolean> {
    const plan = await this.open(viewer, planId, ip);
    return this.docs.restore(plan.id, version, viewer.id);
  }

  now(): Date {
    return this.s.clock.now();
  }
}
