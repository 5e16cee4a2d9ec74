import type { Services } from '../../app.ts';
import { VersionedDocuments } from '../../platform/documents.ts';
import { OwnedDocuments } from '../../platform/owned-documents.ts';
import { contentSchema, emptyContent, PLAN_DEFS, type Content, type PlanDef } from './model.ts';

/** The three wellbeing plans, each a person's own versioned document. */
export class WellbeingPlans {
  private readonly byKind = new Map<PlanDef['kind'], OwnedDocuments<Content>>();

  constructor(readonly s: Services) {
    for (const def of PLAN_DEFS) {
      this.byKind.set(def.kind, new OwnedDocuments(new VersionedDocuments(s.db, s.clock, def.kind, contentSchema, emptyContent), s.audit, def.kind));
    }
  }

  of(def: PlanDef): OwnedDocuments<Content> {
    const docs = this.byKind.get(def.kind);
    if (!docs) throw new Error(`no documents for ${def.kind}`);
    return docs;
  }

  now(): Date {
    return this.s.clock.now();
  }
}
