/**
 * Phone numbers are checked kindly and kept exactly as typed: spaces, brackets,
 * dashes, a leading + (as in +44) and an extension ("ext 12", "x12") are all fine.
 * 999, 111 and 116 123 are numbers too.
 */
const EXTENSION = /\s*(?:ext\.?|extension|x)\s*(\d{1,6})\s*$/i;

export function isPhone(typed: string): boolean {
  const main = typed.trim().replace(EXTENSION, '');
  if (!/^\+?[\d\s().-]+$/.test(main)) return false;
  const digits = main.replace(/\D/g, '').length;
  return digits >= 3 && digits <= 15;
}

/** The `tel:` address for a number as typed: digits and a leading +, and an extension after a
 *  pause (`,`), which phone diallers dial once the call connects (they ignore `;ext=`). */
export function telHref(typed: string): string {
  const extension = EXTENSION.exec(typed.trim())?.[1];
  let main = typed.trim().replace(EXTENSION, '');
  // "+44 (0)7700 900123": the (0) is dialled only from inside the country, never after +44.
  if (main.startsWith('+')) main = main.replace(/\(\s*0\s*\)/, '');
  return `tel:${main.startsWith('+') ? '+' : ''}${main.replace(/\D/g, '')}${extension ? `,${extension}` : ''}`;
}

/** Bidirectional embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069):
 *  in a name or a number they can make a number read backwards beside a `tel:` link that
 *  dials it forwards, so names and numbers never keep them. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
