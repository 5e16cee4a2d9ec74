/**
 * Phone numbers are checked kindly and kept exactly as typed: spaces, brackets,
 * dashes, a leading + (as in +44) and an extension ("ext 12", "x12") are all fine.
 * 999, 111 and 116 123 are numbers too.
 */
const EXTENSION = /\s*(?:ext\.?|extension|x)\s*\d{1,6}\s*$/i;

export function isPhone(typed: string): boolean {
  const main = typed.trim().replace(EXTENSION, '');
  if (!/^\+?[\d\s().-]+$/.test(main)) return false;
  const digits = main.replace(/\D/g, '').length;
  return digits >= 3 && digits <= 15;
}

/** The `tel:` address for a number as typed: digits and a leading +, no extension. */
export function telHref(typed: string): string {
  let main = typed.trim().replace(EXTENSION, '');
  // "+44 (0)7700 900123": the (0) is dialled only from inside the country, never after +44.
  if (main.startsWith('+')) main = main.replace(/\(\s*0\s*\)/, '');
  return `tel:${main.startsWith('+') ? '+' : ''}${main.replace(/\D/g, '')}`;
}
