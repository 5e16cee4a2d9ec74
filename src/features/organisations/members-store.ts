import { and, asc, count, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { accounts, memberships, organisationInvitations, organisations } from '../../db/schema.ts';

export type Role = (typeof memberships.$inferSelect)['role'];
export const ROLES: readonly Role[] = ['person', 'supporter', 'admin', 'listings-editor'];
export const isRole = (value: string): value is Role => (ROLES as readonly string[]).includes(value);

export { hashToken } from '../../platform/tokens.ts';

export interface Member {
  id: string;
  name: string;
  email: string;
  role: Role;
  since: Date;
}

export function membersOf(db: Queryable, organisationId: string): Promise<Member[]> {
  return db
    .select({ id: accounts.id, name: accounts.displayName, email: accounts.email, role: memberships.role, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(accounts.displayName), asc(memberships.role));
}

const open = (now: Date) => [
  isNull(organisationInvitations.acceptedAt),
  isNull(organisationInvitations.withdrawnAt),
  gt(organisationInvitations.expiresAt, now),
];

export function pendingInvitations(db: Queryable, organisationId: string, now: Date) {
  return db
    .select({
      id: organisationInvitations.id,
      email: organisationInvitations.email,
      role: organisationInvitations.role,
      expiresAt: organisationInvitations.expiresAt,
    })
    .from(organisationInvitations)
    .where(and(eq(organisationInvitations.organisationId, organisationId), ...open(now)))
    .orderBy(asc(organisationInvitations.createdAt));
}

export async function invite(
  db: Queryable,
  values: { organisationId: string; role: Role; email: string; tokenHash: string; invitedBy: string; now: Date; expiresAt: Date },
): Promise<void> {
  await db.insert(organisationInvitations).values({
    organisationId: values.organisationId,
    role: values.role,
    email: values.email,
    tokenHash: values.tokenHash,
    invitedBy: values.invitedBy,
    createdAt: values.now,
    expiresAt: values.expiresAt,
  });
}

/** An open invitation of one of these organisations, by id; undefined otherwise. */
export async function withdraw(db: Queryable, organisationIds: string[], invitationId: string, now: Date): Promise<string | undefined> {
  if (organisationIds.length === 0) return undefined;
  const [row] = await db
    .update(organisationInvitations)
    .set({ withdrawnAt: now })
    .where(
      and(eq(organisationInvitations.id, invitationId), sql`${organisationInvitations.organisationId} in ${organisationIds}`, ...open(now)),
    )
    .returning({ organisationId: organisationInvitations.organisationId });
  return row?.organisationId;
}

export async function invitationByToken(db: Queryable, tokenHash: string, now: Date) {
  const [row] = await db
    .select({
      id: organisationInvitations.id,
      organisationId: organisationInvitations.organisationId,
      organisation: organisations.name,
      role: organisationInvitations.role,
      email: organisationInvitations.email,
    })
    .from(organisationInvitations)
    .innerJoin(organisations, eq(organisations.id, organisationInvitations.organisationId))
    .where(and(eq(organisationInvitations.tokenHash, tokenHash), ...open(now)));
  return row;
}

/** Uses the invitation up and adds the membership, once: false if it was used meanwhile. */
export async function accept(db: Queryable, invitationId: string, accountId: string, now: Date): Promise<boolean> {
  const [used] = await db
    .update(organisationInvitations)
    .set({ acceptedAt: now })
    .where(and(eq(organisationInvitations.id, invitationId), ...open(now)))
    .returning({ organisationId: organisationInvitations.organisationId, role: organisationInvitations.role });
  if (!used) return false;
  await db
    .insert(memberships)
    .values({ organisationId: used.organisationId, accountId, role: used.role, createdAt: now })
    .onConflictDoNothing();
  return true;
}

/** Removes memberships (one role, or every role) and returns the roles that ended. */
export async function endMembership(db: Queryable, organisationId: string, accountId: string, role?: Role): Promise<Role[]> {
  const ended = await db
    .delete(memberships)
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        eq(memberships.accountId, accountId),
        role ? eq(memberships.role, role) : undefined,
      ),
    )
    .returning({ role: memberships.role });
  return ended.map((e) => e.role);
}

export async function adminCount(db: Queryable, organisationId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.role, 'admin')));
  return row?.n ?? 0;
}

export function organisationsOf(db: Queryable, accountId: string) {
  return db
    .select({ id: organisations.id, name: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(organisations.name), asc(memberships.role));
}

/** The roles an account has in an organisation (none if it is not a member). */
export async function rolesOf(db: Queryable, organisationId: string, accountId: string): Promise<Role[]> {
  const rows = await db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.accountId, accountId)));
  return rows.map((r) => r.role);
}
