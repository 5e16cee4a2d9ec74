import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import nunjucks from 'nunjucks';
import { trimFilter } from './views.ts';

describe('the trim filter', () => {
  const env = new nunjucks.Environment();
  const original = env.getFilter('trim') as (value: unknown) => unknown;
  const trim = trimFilter(original);
  // Every character JavaScript's \s matches, and some it does not, so runs of them are common.
  const spacey = fc.string({
    unit: fc.constantFrom(' ', '\t', '\n', '\r', '\v', '\f', '\u00a0', '\u2028', '\u3000', '\ufeff', '\u200b', 'a', '<', '>', '.'),
    maxLength: 60,
  });

  test('gives what nunjucks gives for any text, as text or as markup already made safe', () => {
    fc.assert(
      fc.property(spacey, (text) => {
        assert.equal(trim(text), original(text));
        const safe = trim(new nunjucks.runtime.SafeString(text));
        assert.ok(safe instanceof nunjucks.runtime.SafeString);
        assert.equal(safe.toString(), String(original(new nunjucks.runtime.SafeString(text))));
      }),
      { numRuns: 2000 },
    );
  });

  test('what is not text is handled as nunjucks handles it', () => {
    assert.throws(() => trim(undefined), TypeError);
    assert.throws(() => original(undefined), TypeError);
  });

  test('is what templates use', () => {
    const html = new nunjucks.Environment(null, { autoescape: true });
    html.addFilter('trim', trimFilter(html.getFilter('trim') as (value: unknown) => unknown));
    assert.equal(html.renderString('[{{ text | trim }}]', { text: '  <b>hi</b>\n ' }), '[&lt;b&gt;hi&lt;/b&gt;]');
    assert.equal(html.renderString('[{{ text | safe | trim }}]', { text: '  <b>hi</b>\n ' }), '[<b>hi</b>]');
  });
});
