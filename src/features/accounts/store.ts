import { and, eq, gt, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { accounts, authenticators, emailLinks, memberships, organisations, passwordResets } from '../../db/schema.ts';

export type Account = typeof accounts.$inferSelect;

export function findByEmail(db: Queryable, email: string): Promise<Account | undefined> {
  return db
    .select()
    .from(accounts)
    .where(sql`lower(${accounts.email}) = lower(${email})`)
    .then((rows) => rows[0]);
}

export function findById(db: Queryable, id: string): Promise<Account | undefined> {
  return db
    .select()
    .from(accounts)
    .where(eq(accounts.id, id))
    .then((rows) => rows[0]);
}

export async function insertAccount(
  db: Queryable,
  values: { email: string; displayName: string; passwordHash: string; now: Date },
): Promise<Account> {
  const [row] = await db
    .insert(accounts)
    .values({
      email: values.email,
      displayName: values.displayName,
      passwordHash: values.passwordHash,
      createdAt: values.now,
      passwordChangedAt: values.now,
    })
    .returning();
  if (!row) throw new Error('insert returned nothing');
  return row;
}

export async function setPassword(db: Queryable, id: string, passwordHash: string, now: Date): Promise<void> {
  await db.update(accounts).set({ passwordHash, passwordChangedAt: now }).where(eq(accounts.id, id));
}

export async function insertReset(db: Queryable, values: { tokenHash: string; accountId: string; expiresAt: Date }): Promise<void> {
  await db.insert(passwordResets).values(values);
}

/** Marks a live token used and returns its account, in one statement so a token works once. */
export async function consumeReset(db: Queryable, tokenHash: string, now: Date): Promise<string | undefined> {
  const [row] = await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)))
    .returning({ accountId: passwordResets.accountId });
  return row?.accountId;
}

/** Cancels every open reset link of an account: after a reset or a change, an older link
 *  must never sign its holder in. */
export async function cancelResets(db: Queryable, accountId: string, now: Date): Promise<void> {
  await db
    .update(passwordResets)
    .set({ usedAt: now })
    .where(and(eq(passwordResets.accountId, accountId), isNull(passwordResets.usedAt)));
}

/** Removes reset links that can no longer be used: expired, used or cancelled. */
export async function purgeResets(db: Queryable, now: Date): Promise<void> {
  await db.delete(passwordResets).where(or(lte(passwordResets.expiresAt, now), isNotNull(passwordResets.usedAt)));
}

export async function isResetLive(db: Queryable, tokenHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .select({ t: passwordResets.tokenHash })
    .from(passwordResets)
    .where(and(eq(passwordResets.tokenHash, tokenHash), isNull(passwordResets.usedAt), gt(passwordResets.expiresAt, now)));
  return rows.length > 0;
}

export async function addMembership(
  db: Queryable,
  values: { organisationName: string; accountId: string; role: 'person' | 'supporter' | 'admin' | 'listings-editor'; now: Date },
): Promise<string> {
  const existing = await db.select().from(organisations).where(eq(organisations.name, values.organisationName));
  const orgId =
    existing[0]?.id ?? (await db.insert(organisations).values({ name: values.organisationName, createdAt: values.now }).returning())[0]?.id;
  if (!orgId) throw new Error('organisation insert returned nothing');
  await db
    .insert(memberships)
    .values({ organisationId: orgId, accountId: values.accountId, role: values.role, createdAt: values.now })
    .onConflictDoNothing();
  return orgId;
}

/** Sessions, reset links, memberships and documents (with their history) go by cascade. */
export async function deleteAccount(db: Queryable, id: string): Promise<void> {
  await db.delete(accounts).where(eq(accounts.id, id));
}

export async function setName(db: Queryable, id: string, displayName: string): Promise<void> {
  await db.update(accounts).set({ displayName }).where(eq(accounts.id, id));
}

export type EmailLink = typeof emailLinks.$inferSelect;

export async function insertEmailLink(db: Queryable, values: typeof emailLinks.$inferInsert): Promise<void> {
  await db.insert(emailLinks).values(values);
}

/** How many links were sent to an address since `since`: a limit on mail to one address. */
export async function emailLinksSentTo(db: Queryable, email: string, since: Date): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(emailLinks)
    .where(and(sql`lower(${emailLinks.email}) = lower(${email})`, gt(emailLinks.createdAt, since)));
  return rows[0]?.n ?? 0;
}

function live(tokenHash: string, purpose: EmailLink['purpose'], now: Date) {
  return and(eq(emailLinks.tokenHash, tokenHash), eq(emailLinks.purpose, purpose), gt(emailLinks.expiresAt, now));
}

export function findLiveEmailLink(
  db: Queryable,
  tokenHash: string,
  purpose: EmailLink['purpose'],
  now: Date,
): Promise<EmailLink | undefined> {
  return db
    .select()
    .from(emailLinks)
    .where(live(tokenHash, purpose, now))
    .then((rows) => rows[0]);
}

/** Takes a live link (deleting it, with the name and password hash a sign-up held) and returns
 *  it, in one statement so a link works once. */
export async function consumeEmailLink(
  db: Queryable,
  tokenHash: string,
  purpose: EmailLink['purpose'],
  now: Date,
): Promise<EmailLink | undefined> {
  const [row] = await db
    .delete(emailLinks)
    .where(live(tokenHash, purpose, now))
    .returning();
  return row;
}

/** Ends every other sign-up for an address once it has an account. */
export async function endSignUpsFor(db: Queryable, email: string): Promise<void> {
  await db.delete(emailLinks).where(and(eq(emailLinks.purpose, 'sign-up'), sql`lower(${emailLinks.email}) = lower(${email})`));
}

/** Cancels an account's open change-of-address links: a newer request, or a new address, ends them. */
export async function cancelEmailChanges(db: Queryable, accountId: string): Promise<void> {
  await db.delete(emailLinks).where(eq(emailLinks.accountId, accountId));
}

/** Removes links that can no longer be used, with any name and password hash they held. */
export async function purgeEmailLinks(db: Queryable, now: Date): Promise<void> {
  await db.delete(emailLinks).where(lte(emailLinks.expiresAt, now));
}

export async function setEmail(db: Queryable, id: string, email: string): Promise<void> {
  await db.update(accounts).set({ email }).where(eq(accounts.id, id));
}

export async function hasAuthenticator(db: Queryable, accountId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: authenticators.accountId })
    .from(authenticators)
    .where(and(eq(authenticators.accountId, accountId), isNotNull(authenticators.confirmedAt)));
  return Boolean(row);
}
