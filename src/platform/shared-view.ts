import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { accounts } from '../db/schema.ts';

/** How a page of someone's record is drawn for its viewer: for anyone but the owner, read-only
 *  and named as theirs ("Alex’s crisis plan"), with none of the owner's own links and forms. */
export async function viewOf(db: Queryable, ownerId: string, viewerId: string): Promise<{ readOnly: boolean; sharedBy: string | null }> {
  if (ownerId === viewerId) return { readOnly: false, sharedBy: null };
  const [owner] = await db.select({ name: accounts.displayName }).from(accounts).where(eq(accounts.id, ownerId));
  return { readOnly: true, sharedBy: owner?.name ?? '' };
}
