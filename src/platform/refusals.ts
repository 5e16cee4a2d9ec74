import { desc, gte, sql } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { refusalCounts } from '../db/schema.ts';
import type { Clock } from './clock.ts';

const FLUSH_MS = 60_000;

/**
 * Counts refusals that touch nobody's record, such as a rate limit reached, per day and kind.
 * Counting happens in memory, so a flood of refusals never becomes a flood of writes; the counts
 * reach the database once a minute and when the app stops.
 */
export class RefusalCounter {
  private pending = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  count(kind: string): void {
    const key = `${this.clock.now().toISOString().slice(0, 10)} ${kind}`;
    this.pending.set(key, (this.pending.get(key) ?? 0) + 1);
  }

  async flush(): Promise<void> {
    const rows = [...this.pending].map(([key, n]) => {
      const at = key.indexOf(' ');
      return { day: key.slice(0, at), kind: key.slice(at + 1), count: n };
    });
    this.pending = new Map();
    for (const row of rows)
      await this.db
        .insert(refusalCounts)
        .values(row)
        .onConflictDoUpdate({
          target: [refusalCounts.day, refusalCounts.kind],
          set: { count: sql`${refusalCounts.count} + ${row.count}` },
        });
  }

  start(): void {
    this.timer ??= setInterval(() => void this.flush().catch(() => undefined), FLUSH_MS).unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.flush();
  }
}

/** The counts from `days` days ago until today, newest day first. */
export function refusalsSince(db: Db, now: Date, days: number) {
  const from = new Date(now.getTime() - days * 86_400_000).toISOString().slice(0, 10);
  return db.select().from(refusalCounts).where(gte(refusalCounts.day, from)).orderBy(desc(refusalCounts.day), refusalCounts.kind);
}
