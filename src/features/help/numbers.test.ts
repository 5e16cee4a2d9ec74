import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HELP_NUMBERS, numbersFor, NATIONS } from './numbers.ts';

const YEAR_MS = 366 * 24 * 60 * 60 * 1000;

test('every help number was checked against its source within the last year', () => {
  const stale = HELP_NUMBERS.filter(
    (n) => Date.now() - Date.parse(`${n.checked}T00:00:00Z`) > YEAR_MS || Number.isNaN(Date.parse(n.checked)),
  );
  assert.deepEqual(
    stale.map((n) => `${n.id} (checked ${n.checked} against ${n.source})`),
    [],
    'check these numbers against their sources and update the dates',
  );
});

test('every help number has a way to reach it and an https source', () => {
  for (const n of HELP_NUMBERS) {
    assert.ok(n.phone ?? n.sms, n.id);
    assert.match(n.source, /^https:\/\//, n.id);
  }
  assert.equal(new Set(HELP_NUMBERS.map((n) => n.id)).size, HELP_NUMBERS.length);
});

test('every nation has its own numbers, and Northern Ireland has no NHS 111', () => {
  for (const nation of NATIONS) assert.ok(numbersFor(nation).length > 0, nation);
  assert.ok(!numbersFor('northern-ireland').some((n) => n.phone === '111'));
});
