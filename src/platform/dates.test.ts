import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { formatDate, formatDateTime, formatTime } from './dates.ts';

test('dates and times read the GOV.UK way, in UK time', () => {
  assert.equal(formatDate('2026-03-03'), '3 March 2026');
  assert.equal(formatDateTime('2026-03-03T09:05:00Z'), '3 March 2026 at 9:05am');
  assert.equal(formatDateTime('2026-07-01T11:56:00Z'), '1 July 2026 at 12:56pm', 'British Summer Time');
  assert.equal(formatTime('2026-07-01T16:00:00Z'), '5pm');
  assert.equal(formatTime('2026-01-10T12:00:00Z'), 'midday');
  assert.equal(formatTime('2026-01-10T00:00:00Z'), 'midnight');
  assert.equal(formatDateTime('2026-05-31T23:30:00Z'), '1 June 2026 at 12:30am');
});

test('anything that is not a date shows as nothing, never "Invalid Date"', () => {
  for (const v of [undefined, null, '', 'soon', {}, 42, new Date(NaN)]) {
    assert.equal(formatDate(v), '');
    assert.equal(formatDateTime(v), '');
  }
  fc.assert(
    fc.property(fc.date({ min: new Date('1900-01-01'), max: new Date('2200-01-01'), noInvalidDate: true }), (d) => {
      assert.match(formatDateTime(d), /^\d{1,2} [A-Z][a-z]+ \d{4} at (midday|midnight|\d{1,2}(:\d\d)?(am|pm))$/);
    }),
  );
});
