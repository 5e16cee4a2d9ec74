import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { signInSlowing } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Signer } from '../../platform/signed.ts';

/** Three tries are free; then each waits twice as long as the one before, up to 30 seconds.
 *  A growing wait, never a lock: someone guessing at another's address slows their guesses
 *  without ever keeping the owner out. */
export const SLOWING = { free: 3, firstMs: 1000, maxMs: 30_000, forgetAfterMs: 15 * 60_000 } as const;

export function delayFor(failures: number): number {
  if (failures < SLOWING.free) return 0;
  return Math.min(SLOWING.maxMs, SLOWING.firstMs * 2 ** (failures - SLOWING.free));
}

export type Wait = (ms: number) => Promise<void>;
export const realWait: Wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sign-in slowing per address (the per-IP limit is the rate limiter's). */
export class SignInSlowing {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly signer: Signer,
    private readonly wait: Wait,
  ) {}

  private key(address: string): string {
    return this.signer.pseudonym('sign-in slowing', address.trim().toLowerCase());
  }

  /** Waits as long as the address's recent failures ask for, before its password is checked. */
  async before(address: string): Promise<void> {
    const since = new Date(this.clock.now().getTime() - SLOWING.forgetAfterMs);
    const [row] = await this.db
      .select()
      .from(signInSlowing)
      .where(eq(signInSlowing.key, this.key(address)));
    const failures = row && row.lastFailureAt > since ? row.failures : 0;
    const ms = delayFor(failures);
    if (ms > 0) await this.wait(ms);
  }

  async failed(address: string): Promise<void> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - SLOWING.forgetAfterMs);
    await this.db
      .insert(signInSlowing)
      .values({ key: this.key(address), failures: 1, lastFailureAt: now })
      .onConflictDoUpdate({
        target: signInSlowing.key,
        set: {
          failures: sql`case when ${signInSlowing.lastFailureAt} > ${since} then ${signInSlowing.failures} + 1 else 1 end`,
          lastFailureAt: now,
        },
      });
  }

  async succeeded(address: string): Promise<void> {
    await this.db.delete(signInSlowing).where(eq(signInSlowing.key, this.key(address)));
  }

  /** Forgets addresses with no failure for 15 minutes (the purge job calls it). */
  async purge(): Promise<void> {
    const since = new Date(this.clock.now().getTime() - SLOWING.forgetAfterMs);
    await this.db.delete(signInSlowing).where(lt(signInSlowing.lastFailureAt, since));
  }
}
