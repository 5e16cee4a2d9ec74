import { and, eq, isNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts, reminderSettings, remindersSent } from '../../db/schema.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Signer } from '../../platform/signed.ts';
import { JOURNEY_PATHS } from './paths.ts';
import { DEFAULT_SETTINGS, dueSlot, FREQUENCIES, type Frequency, type ReminderSettings } from './schedule.ts';

export const UNSUBSCRIBE = 'reminders.unsubscribe';

export async function settingsOf(db: Db, accountId: string): Promise<ReminderSettings> {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.accountId, accountId));
  if (!row) return DEFAULT_SETTINGS;
  const frequency = (FREQUENCIES as readonly string[]).includes(row.frequency) ? (row.frequency as Frequency) : 'never';
  return { frequency, time: row.timeOfDay, quietDays: row.quietDays };
}

export async function saveSettings(db: Db, accountId: string, s: ReminderSettings, now: Date): Promise<void> {
  const values = { frequency: s.frequency, timeOfDay: s.time, quietDays: [...s.quietDays], updatedAt: now };
  await db
    .insert(reminderSettings)
    .values({ accountId, ...values })
    .onConflictDoUpdate({ target: reminderSettings.accountId, set: values });
}

export async function stopReminders(db: Db, accountId: string, now: Date): Promise<void> {
  await db.update(reminderSettings).set({ frequency: 'never', updatedAt: now }).where(eq(reminderSettings.accountId, accountId));
}

export interface ReminderDeps {
  db: Db;
  clock: Clock;
  jobs: Jobs;
  signer: Signer;
  baseUrl: string;
}

/** The signed address that stops a person's reminders, no sign-in needed (it opens a page with a button). */
export const unsubscribeLink = (d: Pick<ReminderDeps, 'signer' | 'baseUrl'>, accountId: string) =>
  `${d.baseUrl}${JOURNEY_PATHS.unsubscribe.replace(':token', d.signer.sign(UNSUBSCRIBE, accountId))}`;

/**
 * Queues every reminder due now, each slot once: the slot is recorded in the same transaction as
 * the email is queued, so a restart, a retry or a second worker finds it taken. The message says
 * nothing of what is in anyone's plans.
 */
export async function queueDueReminders(d: ReminderDeps): Promise<number> {
  const now = d.clock.now();
  const rows = await d.db
    .select({ s: reminderSettings, email: accounts.email, name: accounts.displayName })
    .from(reminderSettings)
    .innerJoin(accounts, eq(accounts.id, reminderSettings.accountId))
    .where(and(ne(reminderSettings.frequency, 'never'), isNull(accounts.disabledAt)));
  let queued = 0;
  for (const { s, email, name } of rows) {
    const frequency = (FREQUENCIES as readonly string[]).includes(s.frequency) ? (s.frequency as Frequency) : 'never';
    const slot = dueSlot({ frequency, time: s.timeOfDay, quietDays: s.quietDays }, now);
    if (!slot) continue;
    await d.db.transaction(async (tx) => {
      const taken = await tx
        .insert(remindersSent)
        .values({ accountId: s.accountId, slot })
        .onConflictDoNothing()
        .returning({ slot: remindersSent.slot });
      if (taken.length === 0) return;
      await d.jobs.sendEmail(
        tx,
        {
          to: email,
          template: 'check-in-reminder',
          personalisation: { name, link: `${d.baseUrl}${JOURNEY_PATHS.checkIn}`, unsubscribe: unsubscribeLink(d, s.accountId) },
        },
        `reminder:${s.accountId}:${slot.toISOString()}`,
      );
      queued += 1;
    });
  }
  return queued;
}
