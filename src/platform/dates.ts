/**
 * Every date and time a person reads, on pages and in PDFs, in one style (GOV.UK's):
 * "3 March 2026", "3 March 2026 at 9:05am", "midday", "midnight". UK time, whatever the server's.
 */
const TIME_ZONE = 'Europe/London';
const day = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: TIME_ZONE });
const clock = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: TIME_ZONE });

/** A Date, an ISO timestamp, or a YYYY-MM-DD day (read as that day in the UK); null if none. */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (typeof value === 'string' && value !== '') {
    const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  return null;
}

export function formatDate(value: unknown): string {
  const d = toDate(value);
  return d ? day.format(d) : '';
}

/** "9:05am", "5pm", "midday", "midnight". */
export function formatTime(value: unknown): string {
  const d = toDate(value);
  if (!d) return '';
  const parts = clock.formatToParts(d);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  if (minute === '00' && hour === 12) return 'midday';
  if (minute === '00' && hour === 0) return 'midnight';
  const h12 = hour % 12 === 0 ? 12 : hour % 12;
  return `${h12}${minute === '00' ? '' : `:${minute}`}${hour < 12 ? 'am' : 'pm'}`;
}

export function formatDateTime(value: unknown): string {
  const d = toDate(value);
  return d ? `${day.format(d)} at ${formatTime(d)}` : '';
}
