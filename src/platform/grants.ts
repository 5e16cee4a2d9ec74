import { and, eq, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { grants, sharingPauses } from '../db/schema.ts';
import type { Grant, GrantSource } from './record-access.ts';

/**
 * The grants a person made to a member of their circle, read fresh on every decision (never
 * cached), so a change, a removal or "pause all sharing" stops the very next request. Expiry is
 * the policy's to judge (`decide`), against the service's clock.
 */
export function databaseGrants(db: Queryable): GrantSource {
  return {
    async grantsFrom(ownerId: string, viewerId: string): Promise<Grant[]> {
      const rows = await db
        .select({
          part: grants.part,
          level: grants.level,
          until: grants.until,
          paused: sql<boolean>`exists (select 1 from ${sharingPauses} where ${sharingPauses.ownerId} = ${grants.ownerId})`.mapWith(Boolean),
        })
        .from(grants)
        .where(and(eq(grants.ownerId, ownerId), eq(grants.memberId, viewerId)));
      return rows.map((r) => ({ part: r.part, level: r.level, until: r.until, revokedAt: null, paused: r.paused }));
    },
  };
}
