import { and, asc, countDistinct, desc, eq, gt, ilike, inArray, isNull, max, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { accounts, grants, sharingPauses } from '../../db/schema.ts';
import type { Level } from './store.ts';

/* The supporter's side of circles: who shares with me now, a page at a time. */

export interface SharingPerson {
  id: string;
  name: string;
  parts: { part: string; level: Level; until: Date | null }[];
  changedAt: Date;
}

/** Grants to this member that are live now: not past their date, the owner's sharing not paused. */
const liveTo = (memberId: string, now: Date) =>
  and(
    eq(grants.memberId, memberId),
    or(isNull(grants.until), gt(grants.until, now)),
    sql`not exists (select 1 from ${sharingPauses} where ${sharingPauses.ownerId} = ${grants.ownerId})`,
  );

/** `words` as a LIKE pattern that matches them literally, anywhere in a name. */
const containing = (words: string) => `%${words.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export type SharingOrder = 'name' | 'changed';

/** One page of the people who share something with this member now, by name or by the latest
 *  change to what they share (newest first), optionally only those whose name holds `words`.
 *  Paged in the database: a team's caseload can be hundreds. */
export async function sharingPage(
  db: Queryable,
  memberId: string,
  now: Date,
  want: { words: string; order: SharingOrder; page: number; perPage: number },
): Promise<{ people: SharingPerson[]; total: number; page: number }> {
  const where = and(liveTo(memberId, now), want.words ? ilike(accounts.displayName, containing(want.words)) : undefined);
  const [counted] = await db
    .select({ n: countDistinct(grants.ownerId) })
    .from(grants)
    .innerJoin(accounts, eq(accounts.id, grants.ownerId))
    .where(where);
  const total = counted?.n ?? 0;
  const page = Math.min(Math.max(1, want.page), Math.max(1, Math.ceil(total / want.perPage)));
  const changedAt = max(grants.changedAt);
  const owners = await db
    .select({ id: accounts.id, name: accounts.displayName, changedAt })
    .from(grants)
    .innerJoin(accounts, eq(accounts.id, grants.ownerId))
    .where(where)
    .groupBy(accounts.id, accounts.displayName)
    .orderBy(...(want.order === 'changed' ? [desc(changedAt), asc(accounts.displayName)] : [asc(accounts.displayName)]), asc(accounts.id))
    .offset((page - 1) * want.perPage)
    .limit(want.perPage);
  const parts = await partsFrom(
    db,
    memberId,
    owners.map((o) => o.id),
    now,
  );
  return {
    people: owners.map((o) => ({ id: o.id, name: o.name, changedAt: o.changedAt ?? now, parts: parts.get(o.id) ?? [] })),
    total,
    page,
  };
}

/** What each of these owners shares with this member now, part by part. */
async function partsFrom(db: Queryable, memberId: string, ownerIds: string[], now: Date) {
  const byOwner = new Map<string, SharingPerson['parts']>();
  if (ownerIds.length === 0) return byOwner;
  const rows = await db
    .select({ ownerId: grants.ownerId, part: grants.part, level: grants.level, until: grants.until })
    .from(grants)
    .where(and(liveTo(memberId, now), inArray(grants.ownerId, ownerIds)))
    .orderBy(asc(grants.part));
  for (const r of rows) byOwner.set(r.ownerId, [...(byOwner.get(r.ownerId) ?? []), { part: r.part, level: r.level, until: r.until }]);
  return byOwner;
}

/** One person, if they share something with this member now. */
export async function sharingFrom(db: Queryable, memberId: string, ownerId: string, now: Date): Promise<SharingPerson | undefined> {
  const [owner] = await db
    .select({ id: accounts.id, name: accounts.displayName, changedAt: max(grants.changedAt) })
    .from(grants)
    .innerJoin(accounts, eq(accounts.id, grants.ownerId))
    .where(and(liveTo(memberId, now), eq(grants.ownerId, ownerId)))
    .groupBy(accounts.id, accounts.displayName);
  if (!owner) return undefined;
  const parts = await partsFrom(db, memberId, [ownerId], now);
  return { id: owner.id, name: owner.name, changedAt: owner.changedAt ?? now, parts: parts.get(ownerId) ?? [] };
}

/** How many people share something with this member now. */
export async function sharingCount(db: Queryable, memberId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(grants.ownerId) })
    .from(grants)
    .where(liveTo(memberId, now));
  return row?.n ?? 0;
}
