/**
 * The help numbers every page, PDF and kept copy reads: one place to check and change them.
 * Each says where it comes from and when it was last checked against that source; a test
 * fails when a check is more than a year old (help/numbers.test.ts).
 *
 * Names are the services' own names (not translated); what each is for lives in the copy
 * (`help:numbers.<id>.*`).
 */

export const NATIONS = ['england', 'wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof NATIONS)[number];

export function isNation(value: unknown): value is Nation {
  return typeof value === 'string' && (NATIONS as readonly string[]).includes(value);
}

export interface HelpNumber {
  id: string;
  /** The service's own name. */
  name: string;
  /** To call, as written for people (spaces kept); the `tel:` link is made from it. */
  phone?: string;
  /** To text: the number and, where the service asks for one, the word to send. */
  sms?: { number: string; word?: string };
  /** Who it is for: everyone, or young people (with the age in the copy). */
  audience: 'everyone' | 'young';
  /** Where it applies: the whole UK, or the nations named. */
  nations: 'uk' | readonly Nation[];
  /** Free to call or text from UK landlines and mobiles. */
  free: boolean;
  source: string;
  /** YYYY-MM-DD: when the number and hours were last checked against `source`. */
  checked: string;
}

export const HELP_NUMBERS: readonly HelpNumber[] = [
  {
    id: 'emergency',
    name: '999',
    phone: '999',
    audience: 'everyone',
    nations: 'uk',
    free: true,
    source: 'https://www.nhs.uk/nhs-services/urgent-and-emergency-care-services/when-to-call-999/',
    checked: '2026-11-22',
  },
  {
    id: 'samaritans',
    name: 'Samaritans',
    phone: '116 123',
    audience: 'everyone',
    nations: 'uk',
    free: true,
    source: 'https://www.samaritans.org/how-we-can-help/contact-samaritan/',
    checked: '2026-11-22',
  },
  {
    id: 'shout',
    name: 'Shout',
    sms: { number: '85258', word: 'SHOUT' },
    audience: 'everyone',
    nations: 'uk',
    free: true,
    source: 'https://giveusashout.org/get-help/',
    checked: '2026-11-22',
  },
  {
    id: 'nhs111England',
    name: 'NHS 111',
    phone: '111',
    audience: 'everyone',
    nations: ['england'],
    free: true,
    source: 'https://www.nhs.uk/nhs-services/mental-health-services/where-to-get-urgent-help-for-mental-health/',
    checked: '2026-11-22',
  },
  {
    id: 'nhs111Wales',
    name: 'NHS 111 Wales',
    phone: '111',
    audience: 'everyone',
    nations: ['wales'],
    free: true,
    source: 'https://111.wales.nhs.uk/',
    checked: '2026-11-22',
  },
  {
    id: 'callWales',
    name: 'C.A.L.L. Mental Health Listening Line',
    phone: '0800 132 737',
    sms: { number: '81066', word: 'help' },
    audience: 'everyone',
    nations: ['wales'],
    free: true,
    source: 'https://www.callhelpline.org.uk/',
    checked: '2026-11-22',
  },
  {
    id: 'nhs24',
    name: 'NHS 24',
    phone: '111',
    audience: 'everyone',
    nations: ['scotland'],
    free: true,
    source: 'https://www.nhs24.scot/get-help/mental-health',
    checked: '2026-11-22',
  },
  {
    id: 'breathingSpace',
    name: 'Breathing Space',
    phone: '0800 83 85 87',
    audience: 'everyone',
    nations: ['scotland'],
    free: true,
    source: 'https://breathingspace.scot/',
    checked: '2026-11-22',
  },
  {
    id: 'lifeline',
    name: 'Lifeline',
    phone: '0808 808 8000',
    audience: 'everyone',
    nations: ['northern-ireland'],
    free: true,
    source: 'https://www.lifelinehelpline.info/',
    checked: '2026-11-22',
  },
  {
    id: 'papyrus',
    name: 'Papyrus HOPELINE247',
    phone: '0800 068 4141',
    sms: { number: '88247' },
    audience: 'young',
    nations: 'uk',
    free: true,
    source: 'https://www.papyrus-uk.org/hopeline247/',
    checked: '2026-11-22',
  },
  {
    id: 'childline',
    name: 'Childline',
    phone: '0800 1111',
    audience: 'young',
    nations: 'uk',
    free: true,
    source: 'https://www.childline.org.uk/get-support/contacting-childline/',
    checked: '2026-11-22',
  },
];

/** Always first, before a nation is known: 999, Samaritans and Shout. */
export const FIRST_IDS = ['emergency', 'samaritans', 'shout'] as const;

export function helpNumber(id: string): HelpNumber {
  const found = HELP_NUMBERS.find((n) => n.id === id);
  if (!found) throw new Error(`No help number ${id}`);
  return found;
}

/** The numbers for everyone in a nation, after the first three (none for young people). */
export function numbersFor(nation: Nation): HelpNumber[] {
  return HELP_NUMBERS.filter(
    (n) =>
      n.audience === 'everyone' && !(FIRST_IDS as readonly string[]).includes(n.id) && n.nations !== 'uk' && n.nations.includes(nation),
  );
}

export const forYoungPeople = (): HelpNumber[] => HELP_NUMBERS.filter((n) => n.audience === 'young');

/** An `sms:` link with the word already written, where the service asks for one
 *  (`?&body=` is read by both iOS and Android messaging apps). */
export const smsHref = (sms: { number: string; word?: string }): string =>
  `sms:${sms.number}${sms.word ? `?&body=${encodeURIComponent(sms.word)}` : ''}`;
