/**
 * When check-in reminders fall, in UK time whatever the server's: a reminder set for 7pm comes at
 * 7pm in summer and in winter. Pure functions of a moment, so tests can move time freely.
 */
export const FREQUENCIES = ['daily', 'twiceWeekly', 'weekly', 'never'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

export interface ReminderSettings {
  frequency: Frequency;
  /** "HH:MM", UK time. */
  time: string;
  /** Days with no reminder: 1 is Monday … 7 is Sunday. */
  quietDays: readonly number[];
  /** A reminder a week before the recovery plan's review date, at the same time of day. */
  reviewReminder: boolean;
}

export const DEFAULT_SETTINGS: ReminderSettings = { frequency: 'never', time: '19:00', quietDays: [], reviewReminder: false };

/** Days before a plan's review date that its reminder comes. */
export const REVIEW_NOTICE_DAYS = 7;

/** The review reminder's moment for a review date (YYYY-MM-DD), if due at `now`. */
export function dueReviewSlot(s: ReminderSettings, reviewDate: string | null, now: Date): Date | null {
  if (!s.reviewReminder || !reviewDate || !/^\d{4}-\d{2}-\d{2}$/.test(reviewDate)) return null;
  const day = new Date(`${reviewDate}T12:00:00Z`);
  day.setUTCDate(day.getUTCDate() - REVIEW_NOTICE_DAYS);
  const at = londonMoment(day.toISOString().slice(0, 10), s.time);
  return at <= now && now.getTime() - at.getTime() < SEND_WINDOW_MS ? at : null;
}

/** A reminder is sent if the worker finds it due within this long of its time (after a restart, say). */
export const SEND_WINDOW_MS = 2 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** The UK wall-clock reading of a moment, as if it were UTC: the difference is the UK offset. */
function wallClock(at: Date): number {
  const p = Object.fromEntries(parts.formatToParts(at).map((x) => [x.type, x.value]));
  return Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
}

/** The moment it is `time` on `day` in the UK. A time the clocks skip (spring) comes an hour later. */
export function londonMoment(day: string, time: string): Date {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const [hh = 0, mm = 0] = time.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wanted - (wallClock(new Date(wanted)) - wanted);
  // Once more from the guess: the offset may differ either side of a change of the clocks.
  guess = wanted - (wallClock(new Date(guess)) - guess);
  return new Date(guess);
}

/** The UK calendar day of a moment, as YYYY-MM-DD, and its weekday (1 Monday … 7 Sunday). */
export function londonDay(at: Date): { day: string; weekday: number } {
  const wall = new Date(wallClock(at));
  return { day: wall.toISOString().slice(0, 10), weekday: ((wall.getUTCDay() + 6) % 7) + 1 };
}

/** The first day from `weekday` on (round the week) that is not quiet. */
function shifted(weekday: number, quiet: readonly number[]): number | undefined {
  return [0, 1, 2, 3, 4, 5, 6].map((i) => ((weekday - 1 + i) % 7) + 1).find((d) => !quiet.includes(d));
}

/** Whether a weekday has a reminder under these settings: twice a week is Monday and Thursday,
 *  weekly is Monday, each moved on to the next day that is not quiet. */
function remindsOn(s: ReminderSettings, weekday: number): boolean {
  if (s.frequency === 'never' || s.quietDays.includes(weekday)) return false;
  if (s.frequency === 'daily') return true;
  const days = s.frequency === 'twiceWeekly' ? [1, 4] : [1];
  return days.some((d) => shifted(d, s.quietDays) === weekday);
}

/** The UK calendar day after `day` (YYYY-MM-DD), and a day's weekday (1 Monday … 7 Sunday). */
function dayAfter(day: string): string {
  const noon = new Date(`${day}T12:00:00Z`);
  noon.setUTCDate(noon.getUTCDate() + 1);
  return noon.toISOString().slice(0, 10);
}
const weekdayOf = (day: string): number => ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;

/** Every reminder moment from `from` (inclusive) to `to` (exclusive), oldest first. */
export function slotsBetween(s: ReminderSettings, from: Date, to: Date): Date[] {
  const slots: Date[] = [];
  if (s.frequency === 'never' || to <= from) return slots;
  // Day by UK calendar day, not by 24 hours: the day the clocks go forward is 23 hours long, and
  // stepping 24 hours from late on the evening before it lands on the day after.
  // From the UK day before `from` (a slot late in the day can fall early in UTC's next one).
  for (let day = londonDay(new Date(from.getTime() - DAY_MS)).day; ; day = dayAfter(day)) {
    const at = londonMoment(day, s.time);
    if (at >= to) return slots;
    if (at >= from && remindsOn(s, weekdayOf(day))) slots.push(at);
  }
}

/** The next reminder after `now`, within a fortnight; null when none is set. */
export function nextSlot(s: ReminderSettings, now: Date): Date | null {
  return slotsBetween(s, new Date(now.getTime() + 1), new Date(now.getTime() + 15 * DAY_MS))[0] ?? null;
}

/** The reminder due at `now`: the latest slot in the sending window, if any. */
export function dueSlot(s: ReminderSettings, now: Date): Date | null {
  return slotsBetween(s, new Date(now.getTime() - SEND_WINDOW_MS), new Date(now.getTime() + 1)).at(-1) ?? null;
}
