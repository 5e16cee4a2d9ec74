import { and, asc, count, desc, eq, gt, inArray, isNull, ne, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Queryable } from '../../db/client.ts';
import { accounts, auditEvents, circleInvitations, circleMembers, grants, memberships, sharingPauses } from '../../db/schema.ts';

export { hashToken } from '../../platform/tokens.ts';

export type Level = 'see' | 'suggest';

export interface Invitation {
  id: string;
  email: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function invite(
  db: Queryable,
  values: { ownerId: string; email: string; tokenHash: string; viaOrganisationId: string | null; now: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(circleInvitations).values({
    ownerId: values.ownerId,
    email: values.email,
    tokenHash: values.tokenHash,
    viaOrganisationId: values.viaOrganisationId,
    createdAt: values.now,
    expiresAt: values.expiresAt,
  });
}

/** Invitations still open: not accepted, withdrawn or expired. */
export function pendingInvitations(db: Queryable, ownerId: string, now: Date): Promise<Invitation[]> {
  return db
    .select({
      id: circleInvitations.id,
      email: circleInvitations.email,
      createdAt: circleInvitations.createdAt,
      expiresAt: circleInvitations.expiresAt,
    })
    .from(circleInvitations)
    .where(and(eq(circleInvitations.ownerId, ownerId), ...open(now)))
    .orderBy(asc(circleInvitations.createdAt));
}

const open = (now: Date) => [
  isNull(circleInvitations.acceptedAt),
  isNull(circleInvitations.withdrawnAt),
  gt(circleInvitations.expiresAt, now),
];

export async function withdraw(db: Queryable, ownerId: string, id: string, now: Date): Promise<boolean> {
  const done = await db
    .update(circleInvitations)
    .set({ withdrawnAt: now })
    .where(and(eq(circleInvitations.id, id), eq(circleInvitations.ownerId, ownerId), ...open(now)))
    .returning({ id: circleInvitations.id });
  return done.length > 0;
}

/** An open invitation by its link's token, with who sent it. */
export async function invitationByToken(
  db: Queryable,
  tokenHash: string,
  now: Date,
): Promise<{ id: string; ownerId: string; ownerName: string; email: string } | null> {
  const [row] = await db
    .select({
      id: circleInvitations.id,
      ownerId: circleInvitations.ownerId,
      ownerName: accounts.displayName,
      email: circleInvitations.email,
    })
    .from(circleInvitations)
    .innerJoin(accounts, eq(accounts.id, circleInvitations.ownerId))
    .where(and(eq(circleInvitations.tokenHash, tokenHash), ...open(now)));
  return row ?? null;
}

/** Uses the invitation up (once, whoever is first) and adds the member to the circle. */
export async function accept(db: Queryable, invitationId: string, memberId: string, now: Date): Promise<string | null> {
  const [used] = await db
    .update(circleInvitations)
    .set({ acceptedAt: now })
    .where(and(eq(circleInvitations.id, invitationId), ...open(now)))
    .returning({ ownerId: circleInvitations.ownerId, via: circleInvitations.viaOrganisationId });
  if (!used) return null;
  // A supporter keeps their place through the organisation only while they are its supporter.
  const via = used.via && (await isMember(db, used.via, memberId, 'supporter')) ? used.via : null;
  await db.insert(circleMembers).values({ ownerId: used.ownerId, memberId, viaOrganisationId: via, addedAt: now }).onConflictDoNothing();
  return used.ownerId;
}

export interface Member {
  id: string;
  name: string;
  email: string;
  addedAt: Date;
  grants: { part: string; level: Level; until: Date | null }[];
}

export async function membersOf(db: Queryable, ownerId: string): Promise<Member[]> {
  const rows = await db
    .select({ id: accounts.id, name: accounts.displayName, email: accounts.email, addedAt: circleMembers.addedAt })
    .from(circleMembers)
    .innerJoin(accounts, eq(accounts.id, circleMembers.memberId))
    .where(eq(circleMembers.ownerId, ownerId))
    .orderBy(asc(accounts.displayName));
  const granted = await db
    .select({ memberId: grants.memberId, part: grants.part, level: grants.level, until: grants.until })
    .from(grants)
    .where(eq(grants.ownerId, ownerId));
  return rows.map((m) => ({ ...m, grants: granted.filter((g) => g.memberId === m.id) }));
}

export async function memberOf(db: Queryable, ownerId: string, memberId: string): Promise<Member | null> {
  return (await membersOf(db, ownerId)).find((m) => m.id === memberId) ?? null;
}

/** Replaces what a member may do with each part: a part with no level is no longer shared. */
export async function setGrants(
  db: Queryable,
  ownerId: string,
  memberId: string,
  choices: readonly { part: string; level: Level | null }[],
  until: Date | null,
  now: Date,
): Promise<void> {
  await db.delete(grants).where(and(eq(grants.ownerId, ownerId), eq(grants.memberId, memberId)));
  const rows = choices.flatMap((c) => (c.level ? [{ ownerId, memberId, part: c.part, level: c.level, until, changedAt: now }] : []));
  if (rows.length) await db.insert(grants).values(rows);
}

/** Takes someone out of the circle: every grant to them goes with them. */
export async function removeMember(db: Queryable, ownerId: string, memberId: string): Promise<boolean> {
  const gone = await db
    .delete(circleMembers)
    .where(and(eq(circleMembers.ownerId, ownerId), eq(circleMembers.memberId, memberId)))
    .returning({ id: circleMembers.memberId });
  return gone.length > 0;
}

export async function isPaused(db: Queryable, ownerId: string): Promise<boolean> {
  const [row] = await db.select({ at: sharingPauses.pausedAt }).from(sharingPauses).where(eq(sharingPauses.ownerId, ownerId));
  return Boolean(row);
}

export async function setPaused(db: Queryable, ownerId: string, paused: boolean, now: Date): Promise<void> {
  if (paused) await db.insert(sharingPauses).values({ ownerId, pausedAt: now }).onConflictDoNothing();
  else await db.delete(sharingPauses).where(eq(sharingPauses.ownerId, ownerId));
}

/** The supporters of the organisations a person belongs to, to invite from a list. */
export function supportersFor(
  db: Queryable,
  personId: string,
): Promise<{ id: string; name: string; email: string; organisationId: string; organisation: string }[]> {
  return db
    .selectDistinct({
      id: accounts.id,
      organisationId: memberships.organisationId,
      name: accounts.displayName,
      email: accounts.email,
      organisation: sql<string>`(select name from organisations where id = ${memberships.organisationId})`,
    })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(
      and(
        eq(memberships.role, 'supporter'),
        ne(memberships.accountId, personId),
        inArray(
          memberships.organisationId,
          db
            .select({ id: memberships.organisationId })
            .from(memberships)
            .where(and(eq(memberships.accountId, personId), eq(memberships.role, 'person'))),
        ),
      ),
    )
    .orderBy(asc(accounts.displayName));
}

export interface SeenEvent {
  at: Date;
  action: string;
  subjectType: string | null;
  /** who did it, when it was someone else (null: the person themself, or an account since deleted) */
  actorName: string | null;
  byMe: boolean;
  /** the member a change to the circle was about */
  memberName: string | null;
}

/** Everything the person is shown of their record's audit trail, newest first: what others
 *  opened or downloaded, what others tried and were refused, and every change to their circle. */
export async function seenBy(
  db: Queryable,
  ownerId: string,
  page: { offset: number; limit: number },
): Promise<{ events: SeenEvent[]; total: number }> {
  const mine = and(
    eq(auditEvents.ownerId, ownerId),
    or(
      eq(auditEvents.ownerVisible, true),
      and(sql`${auditEvents.action} like '%.refused'`, sql`${auditEvents.actorId} is distinct from ${ownerId}`),
    ),
  );
  const actor = alias(accounts, 'actor');
  const member = alias(accounts, 'member');
  const rows = await db
    .select({
      at: auditEvents.at,
      action: auditEvents.action,
      subjectType: auditEvents.subjectType,
      actorId: auditEvents.actorId,
      actorName: actor.displayName,
      memberName: member.displayName,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorId))
    .leftJoin(member, and(eq(auditEvents.subjectType, 'account'), sql`${member.id}::text = ${auditEvents.subjectId}`))
    .where(mine)
    .orderBy(desc(auditEvents.seq))
    .offset(page.offset)
    .limit(page.limit);
  const [counted] = await db.select({ n: count() }).from(auditEvents).where(mine);
  return {
    events: rows.map((r) => ({
      at: r.at,
      action: r.action,
      subjectType: r.subjectType,
      actorName: r.actorId === ownerId ? null : r.actorName,
      byMe: r.actorId === ownerId,
      memberName: r.memberName,
    })),
    total: counted?.n ?? 0,
  };
}

async function isMember(db: Queryable, organisationId: string, accountId: string, role: 'supporter'): Promise<boolean> {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.accountId, accountId), eq(memberships.role, role)));
  return rows.length > 0;
}

/** Ends every place in someone's circle that an account had as this organisation's supporter
 *  (their grants go with it, by cascade); returns whose circles they were in. */
export async function endPlacesVia(db: Queryable, organisationId: string, memberId: string): Promise<string[]> {
  const ended = await db
    .delete(circleMembers)
    .where(and(eq(circleMembers.viaOrganisationId, organisationId), eq(circleMembers.memberId, memberId)))
    .returning({ ownerId: circleMembers.ownerId });
  return ended.map((e) => e.ownerId);
}
