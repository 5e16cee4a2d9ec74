import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isPhone, telHref, withoutBidiControls } from './phone.ts';

describe('phone numbers', () => {
  test('are accepted with spaces, +44, brackets, dashes and extensions', () => {
    for (const n of [
      '07700 900123',
      '+44 7700 900123',
      '(01632) 960 123',
      '0161-496-0000',
      '01632 960123 ext 45',
      '020 7946 0000 x12',
      '999',
      '116 123',
      '111',
    ]) {
      assert.ok(isPhone(n), n);
    }
  });

  test('letters, too few or too many digits are refused', () => {
    for (const n of ['call my mum', '12', '0770090012345678901', '+', '07700 9001234 ext', '<script>']) assert.ok(!isPhone(n), n);
  });

  test('tap-to-call addresses keep the + and the digits', () => {
    assert.equal(telHref('+44 (0) 7700-900 123'), 'tel:+447700900123');
    assert.equal(telHref('(01632) 960 123'), 'tel:01632960123');
    assert.equal(telHref('116 123'), 'tel:116123');
  });

  test('an extension is dialled after a pause, however it was written', () => {
    assert.equal(telHref('01632960123 ext 4'), 'tel:01632960123,4');
    assert.equal(telHref('01632 960123 ext. 45'), 'tel:01632960123,45');
    assert.equal(telHref('020 7946 0000 x12'), 'tel:02079460000,12');
    assert.equal(telHref(' +44 (0)1632 960123 extension 123456 '), 'tel:+441632960123,123456');
  });
});

describe('bidirectional controls', () => {
  test('are removed from names and numbers, and nothing else is', () => {
    assert.equal(withoutBidiControls('\u202A\u202B\u202C\u202D\u202E0161\u2066\u2067\u2068\u2069 496'), '0161 496');
    assert.equal(withoutBidiControls('Siân \u200F'), 'Siân \u200F');
  });
});
