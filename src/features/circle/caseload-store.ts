import { and, asc, countDistinct, desc, eq, gt, ilike, inArray, isNull, max, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { accounts, documents, grants, sharingPauses, suggestions } from '../../db/schema.ts';
import { PLAN_KIND, PLAN_PARTS } from '../plan/service.ts';
import type { Level } from './store.ts';

/* The supporter's side of circles: who shares with me now, a page at a time. */

export interface SharingPerson {
  id: string;
  name: string;
  parts: { part: string; level: Level; until: Date | null }[];
  changedAt: Date;
}

/** A row of People I support: also how many of my suggestions wait for them, and their plan's
 *  review date where they share their goals with me (the review date goes with the goals). */
export interface CaseloadPerson extends SharingPerson {
  waiting: number;
  reviewDate: string | null;
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
 *  Paged in the database (a team's caseload can be hundreds), in one query: the page of owners
 *  with the total, then for just those on it what they share, the member's suggestions waiting
 *  for them and their review date. A page past the last gives the last. */
export async function sharingPage(
  db: Queryable,
  memberId: string,
  now: Date,
  want: { words: string; order: SharingOrder; page: number; perPage: number },
): Promise<{ people: CaseloadPerson[]; total: number; page: number }> {
  const where = and(liveTo(memberId, now), want.words ? ilike(accounts.displayName, containing(want.words)) : undefined);
  const at = sql`${now.toISOString()}::timestamptz`;
  const liveGrant = sql`g.member_id = ${memberId} and (g.until is null or g.until > ${at})`;
  const read = async (pageNo: number) => {
    const changedAt = max(grants.changedAt);
    const page = db
      .select({
        id: accounts.id,
        name: sql<string>`${accounts.displayName}`.as('name'),
        changedAt: sql<Date | null>`${changedAt}`.as('changed_at'),
        total: sql<number>`(count(*) over ())::int`.as('total'),
      })
      .from(grants)
      .innerJoin(accounts, eq(accounts.id, grants.ownerId))
      .where(where)
      .groupBy(accounts.id, accounts.displayName)
      .orderBy(...(want.order === 'changed' ? [desc(changedAt), asc(accounts.displayName)] : [asc(accounts.displayName)]), asc(accounts.id))
      .offset((pageNo - 1) * want.perPage)
      .limit(want.perPage)
      .as('page');
    // Drizzle names a subquery's column without the subquery, which inside these subqueries would
    // mean their own tables' ids.
    const owner = sql.raw('"page"."id"');
    return db
      .select({
        id: page.id,
        name: page.name,
        changedAt: page.changedAt,
        total: page.total,
        parts: sql<
          { part: string; level: Level; until: string | null }[]
        >`coalesce((select json_agg(json_build_object('part', g.part, 'level', g.level, 'until', g.until) order by g.part) from ${grants} g where g.owner_id = ${owner} and ${liveGrant}), '[]'::json)`,
        waiting: sql<number>`(select count(*)::int from ${suggestions} s where s.owner_id = ${owner} and s.author_id = ${memberId} and s.status = 'pending')`,
        reviewDate: sql<
          string | null
        >`(select d.content->>'reviewDate' from ${documents} d where d.owner_id = ${owner} and d.kind = ${PLAN_KIND} and exists (select 1 from ${grants} g where g.owner_id = ${owner} and g.part = ${PLAN_PARTS.goals} and ${liveGrant}))`,
      })
      .from(page)
      .orderBy(...(want.order === 'changed' ? [desc(page.changedAt), asc(page.name)] : [asc(page.name)]), asc(page.id));
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
  const people = rows.map((r) => ({
    id: r.id,
    name: r.name,
    // A timestamp read through a subquery comes back as the driver's text, not a Date.
    changedAt: r.changedAt ? new Date(r.changedAt) : now,
    parts: r.parts.map((g) => ({ part: g.part, level: g.level, until: g.until ? new Date(g.until) : null })),
    waiting: r.waiting,
    reviewDate: r.reviewDate,
  }));
  return { people, total: rows[0]?.total ?? 0, page };
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
