import { z } from 'zod';
import { formChoice, formList, formText, LIMITS, type Body } from '../../platform/forms.ts';
import { isPhone, withoutBidiControls } from '../../platform/phone.ts';
import { CHIME, type Chime } from '../plan/model.ts';
import { normalisePostcode } from './geo.ts';
import { LANGUAGES } from './query.ts';
import type { Listing } from './listing.ts';
import { DAYS, type Day } from './store.ts';
import { NEEDS, type Need } from './taxonomy.ts';

/** What a listings editor keeps of a listing: what a person needs to know before going. Kept as
 *  JSON in each revision, so these names are stored: add fields, never rename them. */
export interface ListingFields {
  name: string;
  description: string;
  days: Day[];
  opensAt: string;
  closesAt: string;
  when: string;
  inPerson: boolean;
  online: boolean;
  placeName: string;
  address1: string;
  city: string;
  postcode: string;
  stepFree: boolean;
  access: string;
  free: boolean;
  costAmount: number | null;
  costDescription: string;
  minimumAge: number | null;
  maximumAge: number | null;
  languages: string[];
  contactName: string;
  phone: string;
  email: string;
  website: string;
  chime: Chime[];
  needs: Need[];
  peerLed: boolean;
}

/** The form as typed: every field as text, or a list of the boxes ticked. */
export type ListingValues = Omit<
  ListingFields,
  'days' | 'inPerson' | 'online' | 'free' | 'costAmount' | 'minimumAge' | 'maximumAge' | 'languages' | 'chime' | 'needs'
> & {
  days: string[];
  where: string[];
  cost: string;
  costAmount: string;
  minimumAge: string;
  maximumAge: string;
  languages: string[];
  chime: string[];
  needs: string[];
  rev: string;
};

const TEXTS = ['name', 'description', 'opensAt', 'closesAt', 'when', 'placeName', 'address1', 'city', 'postcode', 'access'] as const;
const MORE_TEXTS = [
  'costAmount',
  'costDescription',
  'minimumAge',
  'maximumAge',
  'contactName',
  'phone',
  'email',
  'website',
  'rev',
] as const;

export function listingValues(body: Body): ListingValues {
  const text = (name: string) => formText(body[name]);
  const texts = Object.fromEntries([...TEXTS, ...MORE_TEXTS].map((name) => [name, text(name)])) as Record<
    (typeof TEXTS)[number] | (typeof MORE_TEXTS)[number],
    string
  >;
  return {
    ...texts,
    days: formList(body.days),
    where: formList(body.where),
    stepFree: formChoice(body.stepFree) === 'yes',
    cost: formChoice(body.cost),
    languages: formList(body.languages),
    chime: formList(body.chime),
    needs: formList(body.needs),
    peerLed: formChoice(body.peerLed) === 'yes',
  };
}

const E = (key: string) => `directory:editor.errors.${key}`;
const TIME = /^([01]?\d|2[0-3])[:.]([0-5]\d)$/;
const time = (s: string) => {
  const m = TIME.exec(s.trim());
  return m ? `${(m[1] ?? '').padStart(2, '0')}:${m[2] ?? ''}` : null;
};
const age = (s: string) => (/^\d{1,3}$/.test(s.trim()) && Number(s) <= 120 ? Number(s) : null);
const amount = (s: string) => {
  const m = /^£?\s*(\d{1,5}(\.\d{1,2})?)$/.exec(s.trim());
  return m ? Number(m[1]) : null;
};
const isUrl = (s: string) => {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
};
const within = (max: number) => (s: string) => s.length <= max;
const only = (list: readonly string[]) => z.array(z.string()).refine((l) => l.every((v) => list.includes(v)), E('choice'));

const schema = z
  .object({
    name: z
      .string()
      .refine((s) => s.trim().length > 0, E('name'))
      .refine(within(LIMITS.short), E('nameTooLong')),
    description: z
      .string()
      .refine((s) => s.trim().length > 0, E('description'))
      .refine(within(LIMITS.item * 2), E('descriptionTooLong')),
    days: only(DAYS),
    opensAt: z.string(),
    closesAt: z.string(),
    when: z.string().refine(within(LIMITS.short), E('whenTooLong')),
    where: z.array(z.string()).refine((l) => l.length > 0 && l.every((v) => v === 'in-person' || v === 'online'), E('where')),
    placeName: z.string().refine(within(LIMITS.short), E('tooLong')),
    address1: z.string().refine(within(LIMITS.short), E('tooLong')),
    city: z.string().refine(within(LIMITS.short), E('tooLong')),
    postcode: z.string(),
    stepFree: z.boolean(),
    access: z.string().refine(within(LIMITS.item), E('accessTooLong')),
    cost: z.enum(['free', 'charge'], { message: E('cost') }),
    costAmount: z.string(),
    costDescription: z.string().refine(within(LIMITS.short), E('tooLong')),
    minimumAge: z.string().refine((s) => !s.trim() || age(s) !== null, E('age')),
    maximumAge: z.string().refine((s) => !s.trim() || age(s) !== null, E('age')),
    languages: only(LANGUAGES),
    contactName: z.string().refine(within(LIMITS.short), E('tooLong')),
    phone: z.string().refine((s) => !s.trim() || (s.length <= 40 && isPhone(s)), E('phone')),
    email: z.string().refine((s) => !s.trim() || (s.length <= LIMITS.email && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(s.trim())), E('email')),
    website: z.string().refine((s) => !s.trim() || (s.length <= LIMITS.item && isUrl(s.trim())), E('website')),
    chime: only(CHIME),
    needs: only(NEEDS),
    peerLed: z.boolean(),
  })
  .superRefine((v, ctx) => {
    const issue = (path: string, key: string) => ctx.addIssue({ code: 'custom', path: [path], message: E(key) });
    if (v.days.length || v.opensAt.trim() || v.closesAt.trim()) {
      if (!v.days.length) issue('days', 'days');
      const [opens, closes] = [time(v.opensAt), time(v.closesAt)];
      if (!opens) issue('opensAt', 'time');
      if (!closes) issue('closesAt', 'time');
      else if (opens && closes <= opens) issue('closesAt', 'closesAfter');
    }
    if (v.where.includes('in-person')) {
      if (!v.placeName.trim()) issue('placeName', 'placeName');
      if (!v.address1.trim()) issue('address1', 'address1');
      if (!v.city.trim()) issue('city', 'city');
      if (!normalisePostcode(v.postcode)?.full) issue('postcode', 'postcode');
    }
    if (v.cost === 'charge') {
      if (amount(v.costAmount) === null || amount(v.costAmount) === 0) issue('costAmount', 'costAmount');
      if (!v.costDescription.trim()) issue('costDescription', 'costDescription');
    }
    const [min, max] = [age(v.minimumAge), age(v.maximumAge)];
    if (min !== null && max !== null && min > max) issue('maximumAge', 'ageOrder');
  });

/** The fields as saved: trimmed where spaces mean nothing, and only what the choices allow. */
export const listingForm = schema.transform((v): ListingFields => {
  const inPerson = v.where.includes('in-person');
  const charge = v.cost === 'charge';
  return {
    name: v.name.trim(),
    description: v.description.trim(),
    days: DAYS.filter((d) => v.days.includes(d)),
    opensAt: v.days.length ? (time(v.opensAt) ?? '') : '',
    closesAt: v.days.length ? (time(v.closesAt) ?? '') : '',
    when: v.when.trim(),
    inPerson,
    online: v.where.includes('online'),
    placeName: inPerson ? v.placeName.trim() : '',
    address1: inPerson ? v.address1.trim() : '',
    city: inPerson ? v.city.trim() : '',
    postcode: inPerson ? (normalisePostcode(v.postcode)?.full ?? '') : '',
    stepFree: inPerson && v.stepFree,
    access: inPerson ? v.access.trim() : '',
    free: !charge,
    costAmount: charge ? amount(v.costAmount) : null,
    costDescription: charge ? v.costDescription.trim() : '',
    minimumAge: age(v.minimumAge),
    maximumAge: age(v.maximumAge),
    languages: LANGUAGES.filter((l) => v.languages.includes(l)),
    contactName: withoutBidiControls(v.contactName.trim()),
    phone: withoutBidiControls(v.phone.trim()),
    email: v.email.trim(),
    website: v.website.trim(),
    chime: CHIME.filter((c) => v.chime.includes(c)),
    needs: NEEDS.filter((n) => v.needs.includes(n)),
    peerLed: v.peerLed,
  };
});

/** A saved listing as the form's fields: its first weekly time, its place and its online
 *  presence, its first contact (the form keeps one of each). */
export function fieldsOf(l: Listing): ListingFields {
  const schedule = l.schedules[0];
  const place = l.locations.find((loc) => loc.locationType === 'physical');
  const address = place?.addresses[0];
  const cost = l.costs.find((c) => (c.amount ?? 0) > 0);
  const contact = l.contacts[0];
  const terms = l.terms.map((t) => t.term ?? '');
  return {
    name: l.service.name,
    description: l.service.description ?? '',
    days: DAYS.filter((d) => (schedule?.byday ?? '').split(',').includes(d)),
    opensAt: schedule?.opensAt ?? '',
    closesAt: schedule?.closesAt ?? '',
    when: schedule?.description ?? '',
    inPerson: Boolean(place),
    online: l.locations.some((loc) => loc.locationType === 'virtual'),
    placeName: place?.name ?? '',
    address1: address?.address1 ?? '',
    city: address?.city ?? '',
    postcode: address?.postalCode ?? '',
    stepFree: Boolean(place?.accessibility.some((a) => a.accessibility === 'step-free')),
    access: place?.accessibility.find((a) => a.accessibility !== 'step-free')?.description ?? '',
    free: !cost,
    costAmount: cost?.amount ?? null,
    costDescription: cost ? (cost.amountDescription ?? '') : '',
    minimumAge: l.service.minimumAge,
    maximumAge: l.service.maximumAge,
    languages: LANGUAGES.filter((code) => l.languages.some((x) => x.code === code)),
    contactName: contact?.name ?? '',
    phone: contact?.phones[0]?.number ?? '',
    email: l.service.email ?? '',
    website: l.service.url ?? '',
    chime: CHIME.filter((c) => terms.includes(c)),
    needs: NEEDS.filter((n) => terms.includes(n)),
    peerLed: terms.includes('peer-led'),
  };
}

/** Saved fields back into the form, to change them. */
export function valuesOf(f: ListingFields, rev: number): ListingValues {
  return {
    ...f,
    where: [...(f.inPerson ? ['in-person'] : []), ...(f.online ? ['online'] : [])],
    cost: f.free ? 'free' : 'charge',
    costAmount: f.costAmount === null ? '' : f.costAmount.toFixed(2),
    minimumAge: f.minimumAge === null ? '' : String(f.minimumAge),
    maximumAge: f.maximumAge === null ? '' : String(f.maximumAge),
    rev: String(rev),
  };
}

/** An empty form for a new listing: in person, free, for everyone. */
export const blankValues = (): ListingValues => ({
  ...valuesOf(
    {
      name: '',
      description: '',
      days: [],
      opensAt: '',
      closesAt: '',
      when: '',
      inPerson: true,
      online: false,
      placeName: '',
      address1: '',
      city: '',
      postcode: '',
      stepFree: false,
      access: '',
      free: true,
      costAmount: null,
      costDescription: '',
      minimumAge: null,
      maximumAge: null,
      languages: ['en'],
      contactName: '',
      phone: '',
      email: '',
      website: '',
      chime: [],
      needs: [],
      peerLed: false,
    },
    0,
  ),
});
