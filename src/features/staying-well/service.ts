import type { Services } from '../../services.ts';
import type { GuardedDocuments } from '../../platform/record-access.ts';
import { contentFormat, emptyContent, PLAN_DEFS, type Content, type PlanDef } from './model.ts';

/** The three wellbeing plans, each a person's own versioned document. */
export class WellbeingPlans {
  private readonly byKind = new Map<PlanDef['kind'], GuardedDocuments<Content>>();

  constructor(readonly s: Services) {
    for (const def of PLAN_DEFS) {
      this.byKind.set(
        def.kind,
        s.access.documents(s.db, { kind: def.kind, part: def.kind, subjectType: def.kind, format: contentFormat, empty: emptyContent }),
      );
    }
  }

  of(def: PlanDef): GuardedDocuments<Content> {
    const docs = this.byKind.get(def.kind);
    if (!docs) throw new Error(`no documents for ${def.kind}`);
    return docs;
  }

  now(): Date {
    return this.s.clock.now();
  }
}
