import { and, asc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { helplines, memberships, organisations } from '../../db/schema.ts';

export type Helpline = typeof helplines.$inferSelect;

export type Nation = NonNullable<(typeof organisations.$inferSelect)['nation']>;

export async function adminOrganisations(db: Queryable, accountId: string): Promise<{ id: string; name: string; nation: Nation | null }[]> {
  return db
    .select({ id: organisations.id, name: organisations.name, nation: organisations.nation })
    .from(organisations)
    .innerJoin(memberships, eq(memberships.organisationId, organisations.id))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'admin')))
    .orderBy(asc(organisations.name));
}

/** The organisations an account belongs to, and in which role. */
export function membershipsOf(
  db: Queryable,
  accountId: string,
): Promise<{ name: string; role: 'person' | 'supporter' | 'admin' | 'listings-editor' }[]> {
  return db
    .select({ name: organisations.name, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(memberships.organisationId, organisations.id))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(organisations.name), asc(memberships.role));
}

export function helplinesOf(db: Queryable, organisationIds: string[]): Promise<Helpline[]> {
  if (organisationIds.length === 0) return Promise.resolve([]);
  return db.select().from(helplines).where(inArray(helplines.organisationId, organisationIds)).orderBy(asc(helplines.createdAt));
}

/** The local numbers of every organisation a person belongs to. */
export async function helplinesForAccount(db: Queryable, accountId: string): Promise<(Helpline & { organisation: string })[]> {
  return db
    .selectDistinct({ ...helplinesColumns(), organisation: organisations.name })
    .from(helplines)
    .innerJoin(organisations, eq(organisations.id, helplines.organisationId))
    .innerJoin(memberships, eq(memberships.organisationId, helplines.organisationId))
    .where(eq(memberships.accountId, accountId))
    .orderBy(asc(organisations.name), asc(helplines.createdAt));
}

function helplinesColumns() {
  return {
    id: helplines.id,
    organisationId: helplines.organisationId,
    name: helplines.name,
    phone: helplines.phone,
    hours: helplines.hours,
    createdAt: helplines.createdAt,
  };
}

export async function addHelpline(
  db: Queryable,
  values: { organisationId: string; name: string; phone: string; hours: string; now: Date },
): Promise<void> {
  await db
    .insert(helplines)
    .values({ organisationId: values.organisationId, name: values.name, phone: values.phone, hours: values.hours, createdAt: values.now });
}

export async function removeHelpline(db: Queryable, organisationIds: string[], id: string): Promise<boolean> {
  if (organisationIds.length === 0) return false;
  const removed = await db
    .delete(helplines)
    .where(and(eq(helplines.id, id), inArray(helplines.organisationId, organisationIds)))
    .returning({ id: helplines.id });
  return removed.length > 0;
}

export async function setNation(db: Queryable, organisationId: string, nation: Nation): Promise<void> {
  await db.update(organisations).set({ nation }).where(eq(organisations.id, organisationId));
}

/** The nation of the first (by name) of these organisations that has one set, or null. */
export async function nationOf(db: Queryable, organisationIds: string[]): Promise<Nation | null> {
  if (organisationIds.length === 0) return null;
  const [row] = await db
    .select({ nation: organisations.nation })
    .from(organisations)
    .where(and(inArray(organisations.id, organisationIds), isNotNull(organisations.nation)))
    .orderBy(asc(organisations.name))
    .limit(1);
  return row?.nation ?? null;
}

/** One helpline, only if it belongs to one of these organisations. */
export async function helplineIn(db: Queryable, organisationIds: string[], id: string): Promise<Helpline | null> {
  if (organisationIds.length === 0) return null;
  const [row] = await db
    .select()
    .from(helplines)
    .where(and(eq(helplines.id, id), inArray(helplines.organisationId, organisationIds)));
  return row ?? null;
}

export async function updateHelpline(
  db: Queryable,
  organisationIds: string[],
  id: string,
  values: { name: string; phone: string; hours: string },
): Promise<boolean> {
  if (organisationIds.length === 0) return false;
  const changed = await db
    .update(helplines)
    .set(values)
    .where(and(eq(helplines.id, id), inArray(helplines.organisationId, organisationIds)))
    .returning({ id: helplines.id });
  return changed.length > 0;
}

/** The nation of the person's organisations (the first by name that has one set), or null. */
export async function nationOfAccount(db: Queryable, accountId: string): Promise<Nation | null> {
  const [row] = await db
    .select({ nation: organisations.nation })
    .from(organisations)
    .innerJoin(memberships, eq(memberships.organisationId, organisations.id))
    .where(and(eq(memberships.accountId, accountId), isNotNull(organisations.nation)))
    .orderBy(asc(organisations.name))
    .limit(1);
  return row?.nation ?? null;
}
