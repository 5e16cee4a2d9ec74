import { desc, eq } from 'drizzle-orm';
import { checkIns } from '../../db/schema.ts';
import { NotFound } from '../../platform/access.ts';
import { isUuid } from '../../platform/documents.ts';
import type { Viewer } from '../../platform/record-access.ts';
import type { Services } from '../../services.ts';
import { journeyOf, type JourneyData } from './journey-store.ts';
import { CHECK_IN, score, type Measure } from './measures.ts';

export type CheckIn = typeof checkIns.$inferSelect;

export interface CheckInInput {
  answers: Record<string, number>;
  note: string;
  keptWell: string[];
  warningSigns: boolean;
}

/** A check-in can be changed for a day after it was made; after that it is part of the journey. */
export const EDITABLE_FOR_MS = 24 * 60 * 60 * 1000;

const PART = 'check-ins';
const SUBJECT = 'check-in';

/** The share part "my check-ins and journey": the journey page, with each check-in's answers and
 *  note, for someone the person shares it with. One check-in's own page stays the owner's. */
export const JOURNEY_PART = 'journey';

/**
 * A person's check-ins. Every read or change of one check-in goes through the record-access
 * policy, which audits a refusal and answers it as not found; lists are only ever the
 * viewer's own.
 */
export class CheckIns {
  constructor(readonly s: Services) {}

  now(): Date {
    return this.s.clock.now();
  }

  editable(row: CheckIn): boolean {
    return this.now().getTime() - row.createdAt.getTime() < EDITABLE_FOR_MS;
  }

  /** The viewer's own check-ins over a period, for their journey: the chart's figures, the
   *  newest `limit` check-ins and how many there are (a person with years of check-ins has thousands). */
  journey(viewer: Viewer, since: Date | null, limit: number): Promise<JourneyData> {
    return journeyOf(this.s.db, viewer.me.id, since, limit);
  }

  /** Someone's check-ins for their journey, read only once the policy lets this viewer see their
   *  journey (audited, and shown to them as "opened your check-ins and journey"); otherwise not found. */
  async shared(viewer: Viewer, ownerId: string, since: Date | null, limit: number): Promise<JourneyData> {
    // One's own journey is at its own address, with its buttons; this one is only ever someone else's.
    if (!isUuid(ownerId) || ownerId === viewer.me.id) throw new NotFound();
    await this.s.access.require(viewer, { ownerId, part: JOURNEY_PART, subjectType: JOURNEY_PART, subjectId: ownerId }, 'view');
    return journeyOf(this.s.db, ownerId, since, limit);
  }

  /** When the viewer last checked in, or null. */
  async latest(viewer: Viewer): Promise<Date | null> {
    const [row] = await this.s.db
      .select({ at: checkIns.createdAt })
      .from(checkIns)
      .where(eq(checkIns.ownerId, viewer.me.id))
      .orderBy(desc(checkIns.createdAt))
      .limit(1);
    return row?.at ?? null;
  }

  async open(viewer: Viewer, id: string, action: 'view' | 'change' = 'view'): Promise<CheckIn> {
    const [row] = isUuid(id) ? await this.s.db.select().from(checkIns).where(eq(checkIns.id, id)) : [];
    if (!row) throw new NotFound();
    await this.s.access.require(viewer, { ownerId: row.ownerId, part: PART, subjectType: SUBJECT, subjectId: row.id }, action);
    return row;
  }

  async create(viewer: Viewer, input: CheckInInput, measure: Measure = CHECK_IN): Promise<CheckIn> {
    const now = this.now();
    const { total, subscales } = score(measure, input.answers);
    const [row] = await this.s.db
      .insert(checkIns)
      .values({
        ownerId: viewer.me.id,
        measureId: measure.id,
        measureVersion: measure.version,
        ...input,
        scores: { total, subscales },
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!row) throw new Error('check-in not saved');
    return row;
  }

  /** Changes a check-in still within its day; false when that day has passed. */
  async update(viewer: Viewer, id: string, input: CheckInInput, measure: Measure): Promise<boolean> {
    const row = await this.open(viewer, id, 'change');
    if (!this.editable(row) || row.measureId !== measure.id) return false;
    const { total, subscales } = score(measure, input.answers);
    await this.s.db
      .update(checkIns)
      .set({ ...input, scores: { total, subscales }, updatedAt: this.now() })
      .where(eq(checkIns.id, row.id));
    return true;
  }

  async remove(viewer: Viewer, id: string): Promise<void> {
    const row = await this.open(viewer, id, 'change');
    await this.s.db.delete(checkIns).where(eq(checkIns.id, row.id));
  }
}
