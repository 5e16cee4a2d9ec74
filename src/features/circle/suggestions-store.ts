import { and, count, desc, eq, inArray } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { accounts, suggestions } from '../../db/schema.ts';

export type Suggestion = typeof suggestions.$inferSelect;
export type SuggestionKind = Suggestion['kind'];
export const KINDS: readonly SuggestionKind[] = ['goal', 'step', 'change', 'comment'];

export interface Shown extends Suggestion {
  authorName: string | null;
  ownerName: string;
}

const author = alias(accounts, 'author');
const owner = alias(accounts, 'owner');

function shown(db: Queryable) {
  return db
    .select({ s: suggestions, authorName: author.displayName, ownerName: owner.displayName })
    .from(suggestions)
    .leftJoin(author, eq(author.id, suggestions.authorId))
    .innerJoin(owner, eq(owner.id, suggestions.ownerId));
}
const flat = (rows: { s: Suggestion; authorName: string | null; ownerName: string }[]): Shown[] =>
  rows.map((r) => ({ ...r.s, authorName: r.authorName, ownerName: r.ownerName }));

export async function add(
  db: Queryable,
  values: {
    ownerId: string;
    authorId: string;
    kind: SuggestionKind;
    part: string;
    goalId: string | null;
    stepId?: string | null;
    text: string;
    now: Date;
  },
): Promise<string> {
  const [row] = await db
    .insert(suggestions)
    .values({ ...values, status: 'pending', createdAt: values.now })
    .returning({ id: suggestions.id });
  if (!row) throw new Error('suggestion not saved');
  return row.id;
}

/** Everything suggested to this person, newest first: pending, and declined ("where we see things differently"). */
export async function toOwner(db: Queryable, ownerId: string): Promise<Shown[]> {
  return flat(
    await shown(db)
      .where(and(eq(suggestions.ownerId, ownerId), inArray(suggestions.status, ['pending', 'declined'])))
      .orderBy(desc(suggestions.createdAt))
      .limit(200),
  );
}

/** What this member suggested to this person, newest first. */
export async function byAuthor(db: Queryable, ownerId: string, authorId: string): Promise<Shown[]> {
  return flat(
    await shown(db)
      .where(and(eq(suggestions.ownerId, ownerId), eq(suggestions.authorId, authorId)))
      .orderBy(desc(suggestions.createdAt))
      .limit(200),
  );
}

export async function pendingCount(db: Queryable, ownerId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(suggestions)
    .where(and(eq(suggestions.ownerId, ownerId), eq(suggestions.status, 'pending')));
  return row?.n ?? 0;
}

/** One pending suggestion to this owner; undefined for anyone else's, a decided one or none. */
export async function pendingOf(db: Queryable, ownerId: string, id: string): Promise<Shown | undefined> {
  const [row] = await shown(db).where(and(eq(suggestions.id, id), eq(suggestions.ownerId, ownerId), eq(suggestions.status, 'pending')));
  return row ? flat([row])[0] : undefined;
}

/** Decides a pending suggestion once: false if it was decided meanwhile (another tab). */
export async function decide(
  db: Queryable,
  id: string,
  decision: { status: 'accepted' | 'declined'; reply: string | null; now: Date },
): Promise<boolean> {
  const done = await db
    .update(suggestions)
    .set({ status: decision.status, reply: decision.reply, decidedAt: decision.now })
    .where(and(eq(suggestions.id, id), eq(suggestions.status, 'pending')))
    .returning({ id: suggestions.id });
  return done.length > 0;
}

/** Back to pending: accepting it could not change the plan (the goal was taken out meanwhile). */
export async function reopen(db: Queryable, id: string): Promise<void> {
  await db.update(suggestions).set({ status: 'pending', decidedAt: null }).where(eq(suggestions.id, id));
}

/** The plan version an accepted suggestion became. */
export async function applied(db: Queryable, id: string, documentId: string, version: number | null): Promise<void> {
  await db.update(suggestions).set({ documentId, version }).where(eq(suggestions.id, id));
}

/** Who suggested each version of a document that came from an accepted suggestion. */
export async function suggestedVersions(db: Queryable, documentId: string): Promise<Map<number, string | null>> {
  const rows = await db
    .select({ version: suggestions.version, name: author.displayName })
    .from(suggestions)
    .leftJoin(author, eq(author.id, suggestions.authorId))
    .where(and(eq(suggestions.documentId, documentId), eq(suggestions.status, 'accepted')));
  return new Map(rows.flatMap((r) => (r.version === null ? [] : [[r.version, r.name] as const])));
}
