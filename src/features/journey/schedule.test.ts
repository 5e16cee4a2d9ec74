import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { dueReviewSlot, dueSlot, londonDay, londonMoment, nextSlot, slotsBetween, type ReminderSettings } from './schedule.ts';

const DAY = 24 * 60 * 60 * 1000;
const settings = (s: Partial<ReminderSettings>): ReminderSettings => ({
  frequency: 'daily',
  time: '19:00',
  quietDays: [],
  reviewReminder: false,
  ...s,
});

describe('reminder times, in UK time', () => {
  test('7pm is 18:00 UTC in summer and 19:00 UTC in winter', () => {
    assert.equal(londonMoment('2026-07-01', '19:00').toISOString(), '2026-07-01T18:00:00.000Z');
    assert.equal(londonMoment('2026-12-01', '19:00').toISOString(), '2026-12-01T19:00:00.000Z');
  });

  test('across the clocks going forward and back, a daily reminder keeps its UK time', () => {
    // Clocks go forward on 29 March 2026 and back on 25 October 2026.
    for (const [from, days] of [
      ['2026-03-27T00:00:00Z', 5],
      ['2026-10-23T00:00:00Z', 5],
    ] as const) {
      const start = new Date(from);
      const slots = slotsBetween(settings({ time: '08:30' }), start, new Date(start.getTime() + days * DAY));
      assert.equal(slots.length, days);
      for (const s of slots) {
        const hm = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', hour: '2-digit', minute: '2-digit' }).format(s);
        assert.equal(hm, '08:30');
      }
    }
  });

  test('a day is never skipped late in the evening before the clocks go forward', () => {
    // Days counted in steps of 24 hours from 23:00 UK time on Saturday 28 March 2026 reach
    // midnight on Monday: Sunday, the only day this person wants a reminder, was skipped.
    const sundaysOnly = settings({ time: '00:00', quietDays: [1, 2, 3, 4, 5, 6] });
    assert.equal(nextSlot(sundaysOnly, new Date('2026-03-26T22:59:59.999Z'))?.toISOString(), '2026-03-29T00:00:00.000Z');
    const days = slotsBetween(settings({ time: '23:30' }), new Date('2026-03-27T23:00:00Z'), new Date('2026-03-31T23:00:00Z'));
    assert.deepEqual(
      days.map((d) => londonDay(d).day),
      ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'],
    );
  });

  test('a time the clocks skip comes an hour later, once', () => {
    const slots = slotsBetween(settings({ time: '01:30' }), new Date('2026-03-29T00:00:00Z'), new Date('2026-03-30T00:00:00Z'));
    assert.equal(slots.length, 1);
  });

  test('twice a week is Monday and Thursday and weekly is Monday, each moved past quiet days; quiet days have none', () => {
    const from = new Date('2026-06-01T00:00:00Z'); // a Monday
    const to = new Date(from.getTime() + 14 * DAY);
    const weekdays = (s: ReminderSettings) => slotsBetween(s, from, to).map((d) => londonDay(d).weekday);
    assert.deepEqual(weekdays(settings({ frequency: 'twiceWeekly' })), [1, 4, 1, 4]);
    assert.deepEqual(weekdays(settings({ frequency: 'weekly', quietDays: [1, 2] })), [3, 3]);
    assert.deepEqual(weekdays(settings({ frequency: 'twiceWeekly', quietDays: [1, 4] })), [2, 5, 2, 5]);
    assert.deepEqual(weekdays(settings({ quietDays: [6, 7] })), [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
    assert.deepEqual(weekdays(settings({ frequency: 'never' })), []);
  });

  test('the next reminder is always after now and within a week; the due one is at most two hours old', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2025-01-01'), max: new Date('2028-01-01'), noInvalidDate: true }),
        fc.constantFrom('daily', 'twiceWeekly', 'weekly' as const),
        fc.integer({ min: 0, max: 23 }),
        fc.subarray([1, 2, 3, 4, 5, 6]),
        (now, frequency, hour, quietDays) => {
          const s = settings({ frequency, time: `${String(hour).padStart(2, '0')}:00`, quietDays });
          const next = nextSlot(s, now);
          assert.ok(next && next > now && next.getTime() - now.getTime() <= 8 * DAY);
          const due = dueSlot(s, now);
          if (due) assert.ok(due <= now && now.getTime() - due.getTime() < 2 * 60 * 60 * 1000 + 1);
        },
      ),
    );
  });

  test('a review reminder comes a week before the review date, at the chosen UK time, only when asked for', () => {
    const s = settings({ frequency: 'never', reviewReminder: true });
    assert.equal(dueReviewSlot(s, '2026-11-03', new Date('2026-10-27T19:30:00Z'))?.toISOString(), '2026-10-27T19:00:00.000Z');
    assert.equal(dueReviewSlot(s, '2026-11-03', new Date('2026-10-27T18:59:00Z')), null);
    assert.equal(dueReviewSlot(s, '2026-11-03', new Date('2026-10-27T21:01:00Z')), null);
    assert.equal(dueReviewSlot({ ...s, reviewReminder: false }, '2026-11-03', new Date('2026-10-27T19:30:00Z')), null);
    assert.equal(dueReviewSlot(s, null, new Date('2026-10-27T19:30:00Z')), null);
  });
});
