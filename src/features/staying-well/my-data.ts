import { and, asc, eq, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { accounts, auditEvents, checkIns, documentRevisions, documents, reminderSettings, suggestions } from '../../db/schema.ts';
import { membersOf } from '../circle/store.ts';

/**
 * Everything a person has written or chosen here, for the ZIP of their data: their account,
 * every plan with its whole history, their check-ins, reminder choices, who is in their circle
 * and what each sees, the suggestions made to them and by them, and the audit events about
 * them. Others appear by the name they go by here, as they do on the person's own pages.
 */
export async function myData(db: Queryable, accountId: string, now: Date): Promise<unknown> {
  const [account] = await db
    .select({ name: accounts.displayName, email: accounts.email, createdAt: accounts.createdAt })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  const docs = await db.select().from(documents).where(eq(documents.ownerId, accountId)).orderBy(asc(documents.kind));
  const plansWithHistory = [];
  for (const d of docs) {
    const history = await db
      .select({
        version: documentRevisions.version,
        content: documentRevisions.content,
        change: documentRevisions.change,
        at: documentRevisions.createdAt,
        byMe: sql<boolean>`${documentRevisions.authorId} = ${accountId}`,
      })
      .from(documentRevisions)
      .where(eq(documentRevisions.documentId, d.id))
      .orderBy(asc(documentRevisions.version));
    plansWithHistory.push({ kind: d.kind, version: d.version, updatedAt: d.updatedAt, content: d.content, history });
  }
  const events = await db
    .select({ at: auditEvents.at, action: auditEvents.action, byMe: sql<boolean>`${auditEvents.actorId} = ${accountId}` })
    .from(auditEvents)
    .where(or(eq(auditEvents.ownerId, accountId), and(eq(auditEvents.subjectType, 'account'), eq(auditEvents.subjectId, accountId))))
    .orderBy(asc(auditEvents.seq));
  return { exportedAt: now, account, plans: plansWithHistory, ...(await theRest(db, accountId)), events };
}

async function theRest(db: Queryable, accountId: string) {
  const myCheckIns = await db
    .select({
      measure: checkIns.measureId,
      measureVersion: checkIns.measureVersion,
      answers: checkIns.answers,
      scores: checkIns.scores,
      note: checkIns.note,
      keptWell: checkIns.keptWell,
      warningSigns: checkIns.warningSigns,
      createdAt: checkIns.createdAt,
      updatedAt: checkIns.updatedAt,
    })
    .from(checkIns)
    .where(eq(checkIns.ownerId, accountId))
    .orderBy(asc(checkIns.createdAt));
  const [reminders] = await db
    .select({
      frequency: reminderSettings.frequency,
      timeOfDay: reminderSettings.timeOfDay,
      quietDays: reminderSettings.quietDays,
      reviewReminder: reminderSettings.reviewReminder,
    })
    .from(reminderSettings)
    .where(eq(reminderSettings.accountId, accountId));
  const other = alias(accounts, 'other');
  const suggestionFields = {
    kind: suggestions.kind,
    part: suggestions.part,
    text: suggestions.text,
    status: suggestions.status,
    reply: suggestions.reply,
    createdAt: suggestions.createdAt,
    decidedAt: suggestions.decidedAt,
  };
  const toMe = await db
    .select({ ...suggestionFields, from: other.displayName })
    .from(suggestions)
    .leftJoin(other, eq(other.id, suggestions.authorId))
    .where(eq(suggestions.ownerId, accountId))
    .orderBy(asc(suggestions.createdAt));
  const byMe = await db
    .select({ ...suggestionFields, to: other.displayName })
    .from(suggestions)
    .innerJoin(other, eq(other.id, suggestions.ownerId))
    .where(eq(suggestions.authorId, accountId))
    .orderBy(asc(suggestions.createdAt));
  return {
    checkIns: myCheckIns,
    reminders: reminders ?? null,
    circle: (await membersOf(db, accountId)).map((m) => ({
      name: m.name,
      addedAt: m.addedAt,
      sees: m.grants.map((g) => ({ part: g.part, level: g.level, until: g.until })),
    })),
    suggestions: { toMe, byMe },
  };
}
