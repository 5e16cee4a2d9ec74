import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { accounts, documents, reminderSettings, remindersSent } from '../../db/schema.ts';
import type { EmailMessage } from '../../platform/notify.ts';
import { readContent } from '../../platform/documents.ts';
import { planFormat } from '../plan/model.ts';
import { PLAN_KIND } from '../plan/service.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Jobs } from '../../platform/jobs.ts';
import type { Signer } from '../../platform/signed.ts';
import type { Services } from '../../services.ts';
import { JOURNEY_PATHS } from './paths.ts';
import { DEFAULT_SETTINGS, dueReviewSlot, dueSlot, FREQUENCIES, type Frequency, type ReminderSettings } from './schedule.ts';

export const UNSUBSCRIBE = 'reminders.unsubscribe';

export async function settingsOf(db: Db, accountId: string): Promise<ReminderSettings> {
  const [row] = await db.select().from(reminderSettings).where(eq(reminderSettings.accountId, accountId));
  if (!row) return DEFAULT_SETTINGS;
  const frequency = (FREQUENCIES as readonly string[]).includes(row.frequency) ? (row.frequency as Frequency) : 'never';
  return { frequency, time: row.timeOfDay, quietDays: row.quietDays, reviewReminder: row.reviewReminder };
}

export async function saveSettings(db: Db, accountId: string, s: ReminderSettings, now: Date): Promise<void> {
  const values = {
    frequency: s.frequency,
    timeOfDay: s.time,
    quietDays: [...s.quietDays],
    reviewReminder: s.reviewReminder,
    updatedAt: now,
  };
  await db
    .insert(reminderSettings)
    .values({ accountId, ...values })
    .onConflictDoUpdate({ target: reminderSettings.accountId, set: values });
}

/** Turns every reminder off; false when none was on (a second press, a repeated one-click). */
export async function stopReminders(db: Db, accountId: string, now: Date): Promise<boolean> {
  const stopped = await db
    .update(reminderSettings)
    .set({ frequency: 'never', reviewReminder: false, updatedAt: now })
    .where(
      and(
        eq(reminderSettings.accountId, accountId),
        or(ne(reminderSettings.frequency, 'never'), eq(reminderSettings.reviewReminder, true)),
      ),
    )
    .returning({ id: reminderSettings.accountId });
  return stopped.length > 0;
}

/** Stops a person's reminders from an emailed link, without a sign-in; the person can see in
 *  their audit trail that it happened, and when. Doing it again changes and records nothing. */
export async function stopFromLink(d: Pick<Services, 'db' | 'audit' | 'clock'>, accountId: string, ip: string): Promise<void> {
  if (!(await stopReminders(d.db, accountId, d.clock.now()))) return;
  await d.audit.record({
    actorId: null,
    action: 'reminders.stopped',
    subjectType: 'reminders',
    subjectId: accountId,
    ownerId: accountId,
    ip,
    ownerVisible: true,
  });
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

/** RFC 8058 headers: a mail client's own "unsubscribe" sends one POST to the one-click address
 *  (the same signed token). Only a transport that can set headers uses them (not GOV.UK Notify). */
export const unsubscribeHeaders = (d: Pick<ReminderDeps, 'signer' | 'baseUrl'>, accountId: string): Record<string, string> => ({
  'List-Unsubscribe': `<${d.baseUrl}${JOURNEY_PATHS.oneClick.replace(':token', d.signer.sign(UNSUBSCRIBE, accountId))}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
});

/** A recovery plan's review date, from its stored content; null when it has none or cannot be read. */
function reviewDateOf(stored: unknown): string | null {
  if (stored === null) return null;
  try {
    return readContent(planFormat, stored).reviewDate;
  } catch {
    return null;
  }
}

interface Due {
  accountId: string;
  kind: 'check-in' | 'review';
  slot: Date;
  message: EmailMessage;
}

/** Queues one reminder, once: false when that slot was already taken (a restart, a second worker). */
async function queueOnce(d: ReminderDeps, due: Due): Promise<boolean> {
  return d.db.transaction(async (tx) => {
    const taken = await tx
      .insert(remindersSent)
      .values({ accountId: due.accountId, kind: due.kind, slot: due.slot })
      .onConflictDoNothing()
      .returning({ slot: remindersSent.slot });
    if (taken.length === 0) return false;
    await d.jobs.sendEmail(tx, due.message, `reminder:${due.kind}:${due.accountId}:${due.slot.toISOString()}`);
    return true;
  });
}

/**
 * Queues every reminder due now, each slot once: the slot is recorded in the same transaction as
 * the email is queued, so a restart, a retry or a second worker finds it taken. The messages say
 * nothing of what is in anyone's plans (not even the review date).
 */
export async function queueDueReminders(d: ReminderDeps): Promise<number> {
  const now = d.clock.now();
  const rows = await d.db
    .select({ s: reminderSettings, email: accounts.email, name: accounts.displayName, plan: documents.content })
    .from(reminderSettings)
    .innerJoin(accounts, eq(accounts.id, reminderSettings.accountId))
    .leftJoin(documents, and(eq(documents.ownerId, reminderSettings.accountId), eq(documents.kind, PLAN_KIND)))
    .where(and(or(ne(reminderSettings.frequency, 'never'), eq(reminderSettings.reviewReminder, true)), isNull(accounts.disabledAt)));
  let queued = 0;
  for (const { s, email, name, plan } of rows) {
    const frequency = (FREQUENCIES as readonly string[]).includes(s.frequency) ? (s.frequency as Frequency) : 'never';
    const settings = { frequency, time: s.timeOfDay, quietDays: s.quietDays, reviewReminder: s.reviewReminder };
    const unsubscribe = unsubscribeLink(d, s.accountId);
    const headers = unsubscribeHeaders(d, s.accountId);
    // A slot that had passed when the person chose these settings is not theirs: set at 10:30 for
    // 10am, the page told them the next one is tomorrow's (or next week's), not one at once.
    const due = dueSlot(settings, now);
    const checkIn = due && due >= s.updatedAt ? due : null;
    if (checkIn) {
      const message: EmailMessage = {
        to: email,
        template: 'check-in-reminder',
        personalisation: { name, link: `${d.baseUrl}${JOURNEY_PATHS.checkIn}`, unsubscribe },
        headers,
      };
      if (await queueOnce(d, { accountId: s.accountId, kind: 'check-in', slot: checkIn, message })) queued += 1;
    }
    const review = dueReviewSlot(settings, reviewDateOf(plan), now);
    if (review) {
      const message: EmailMessage = {
        to: email,
        template: 'review-reminder',
        personalisation: { name, link: `${d.baseUrl}/my-plan`, unsubscribe },
        headers,
      };
      if (await queueOnce(d, { accountId: s.accountId, kind: 'review', slot: review, message })) queued += 1;
    }
  }
  return queued;
}
