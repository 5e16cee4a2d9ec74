import fc from 'fast-check';

/** Text people could type or paste, and text an attacker would send. */
export const HOSTILE_EXAMPLES = [
  '<script>alert("x")</script>',
  '"><img src=x onerror=alert(1)>',
  "'; DROP TABLE accounts; --",
  "Robert'); DELETE FROM documents WHERE ('1'='1",
  '\u202Eevil override\u202C and \u200F rtl mark',
  'emoji 🌱🫶🏽👩‍👩‍👧 and flags 🏴󠁧󠁢󠁷󠁬󠁳󠁿',
  'Welsh: ŵ ŷ â ê î ô û, Llanfair­pwll',
  'control \u0001\u0002\u0007\u001b[31m bell and escape',
  'null \u0000 byte inside',
  'lines\r\nwith\rcarriage\nreturns',
  '{{ 7*7 }} {% raw %} ${7*7} #{7*7}',
  '   leading and trailing spaces   ',
  'x'.repeat(20_000),
  'ü'.repeat(20_001),
];

export const hostileText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...HOSTILE_EXAMPLES),
  fc.string({ unit: 'binary', maxLength: 300 }).filter((s) => s.isWellFormed()),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary-ascii', maxLength: 100 }),
);

/** A form value of any shape a client could send: text, several values, or nothing. */
export const hostileValue: fc.Arbitrary<string | string[] | undefined> = fc.oneof(
  hostileText,
  fc.array(hostileText, { maxLength: 3 }),
  fc.constant(undefined),
);

export function hostileForm(fields: string[]): fc.Arbitrary<Record<string, string | string[]>> {
  return fc
    .record(Object.fromEntries(fields.map((f) => [f, hostileValue])) as Record<string, fc.Arbitrary<string | string[] | undefined>>)
    .map((r) => {
      const form: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(r)) if (v !== undefined) form[k] = v;
      return form;
    });
}

/** Undoes Nunjucks' HTML escaping, to compare what a page shows with what was typed. */
export function unescapeHtml(s: string): string {
  return s
    .replace(/&#92;/g, '\\')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** What the service keeps of typed text: all of it, except NUL, which PostgreSQL cannot store. */
export const kept = (s: string) => s.replaceAll('\u0000', '');
