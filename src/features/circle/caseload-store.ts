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

/** Each owner sharing under `where`: when what they share last changed, and how many owners in all. */
function owners(db: Queryable, where: ReturnType<typeof and>) {
  const changedAt = max(grants.changedAt);
  const query = db
    .select({ id: accounts.id, name: accounts.displayName, changedAt, total: sql<number>`(count(*) over ())::int` })
    .from(grants)
    .innerJoin(accounts, eq(accounts.id, grants.ownerId))
    .where(where)
    .groupBy(accounts.id, accounts.displayName);
  return { query, changedAt };
}

/** What each of these owners shares with this member now, part by part: read only for the
 *  owners on the page (building every owner's list was most of the caseload page's cost). */
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

async function withParts(
  db: Queryable,
  memberId: string,
  rows: { id: string; name: string; changedAt: Date | null }[],
  now: Date,
): Promise<SharingPerson[]> {
  const parts = await partsFrom(
    db,
    memberId,
    rows.map((r) => r.id),
    now,
  );
  return rows.map((r) => ({ id: r.id, name: r.name, changedAt: r.changedAt ?? now, parts: parts.get(r.id) ?? [] }));
}

/** One page of the people who share something with this member now, by name or by the latest
 *  change to what they share (newest first), optionally only those whose name holds `words`.
 *  Paged in the database (a team's caseload can be hundreds): the page with the total, then
 *  what those on it share. A page past the last gives the last. */
export async function sharingPage(
  db: Queryable,
  memberId: string,
  now: Date,
  want: { words: string; order: SharingOrder; page: number; perPage: number },
): Promise<{ people: SharingPerson[]; total: number; page: number }> {
  const where = and(liveTo(memberId, now), want.words ? ilike(accounts.displayName, containing(want.words)) : undefined);
  const read = async (page: number) => {
    const { query, changedAt } = owners(db, where);
    const order = want.order === 'changed' ? [desc(changedAt), asc(accounts.displayName)] : [asc(accounts.displayName)];
    return query
      .orderBy(...order, asc(accounts.id))
      .offset((page - 1) * want.perPage)
      .limit(want.perPage);
  };
  let page = Math.max(1, want.page);
  let rows = await read(page);
  if (rows.length === 0 && page > 1) {
    const [counted] = await db
      .select({ n: countDistinct(grants.ownerId) })
      .from(grants)
      .innerJoin(accounts, eq(accounts.id, grants.ownerId))
      .where(where);
    page = Math.max(1, Math.ceil((counted?.n ?? 0) / want.perPage));
    rows = await read(page);
  }
  return { people: await withParts(db, memberId, rows, now), total: rows[0]?.total ?? 0, page };
}

/** One person, if they share something with this member now. */
export async function sharingFrom(db: Queryable, memberId: string, ownerId: string, now: Date): Promise<SharingPerson | undefined> {
  const rows = await owners(db, and(liveTo(memberId, now), eq(grants.ownerId, ownerId))).query;
  return (await withParts(db, memberId, rows, now))[0];
}

/** How many people share something with this member now. */
export async function sharingCount(db: Queryable, memberId: string, now: Date): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(grants.ownerId) })
    .from(grants)
    .where(liveTo(memberId, now));
  return row?.n ?? 0;
}
