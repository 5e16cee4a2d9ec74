import type { Viewer } from '../../platform/record-access.ts';
import { pathTo } from '../../platform/paths.ts';
import { telHref, withoutBidiControls } from '../../platform/phone.ts';
import { FIRST_IDS, helpNumber, numbersFor, smsHref, type HelpNumber, type Nation } from '../help/numbers.ts';
import { helplinesForAccount, nationOfAccount } from '../organisations/store.ts';
import { CRISIS, emptyContent, itemsOf, SAFETY, type Content, type SectionDef } from './model.ts';
import { pathsFor } from './paths.ts';
import type { WellbeingPlans } from './service.ts';

/**
 * The national numbers on every safety plan, its PDFs and the kept copy, read from the one list
 * of help numbers: 999, Samaritans and Shout, then the numbers of the nation the person's
 * organisation works in. Where no nation is known, NHS 111 stands for England's, and the copy
 * says what Wales and Scotland answer on 111 and that Northern Ireland has none (pointing to
 * Lifeline, from the same list).
 */
const nationalOnPlan = (nation: Nation | null): readonly HelpNumber[] =>
  nation ? [...FIRST_IDS.map(helpNumber), ...numbersFor(nation)] : [...FIRST_IDS, 'nhs111England'].map(helpNumber);

export interface Person {
  name: string;
  phone: string;
  relationship: string;
}

export interface NationalCall {
  id: string;
  name: string;
  free: boolean;
  phone: string | null;
  sms: { number: string; word: string; href: string } | null;
  /** The copy saying what it is for: the plan's own for the first three and the stand-in NHS 111,
   *  otherwise what the help page says of it (the numbers' one description). */
  forKey: string;
}

const withPhone = (values: Record<string, string>): boolean => (values.phone ?? '').trim() !== '';

/** Everyone the person wrote down with a number, in the order they would call them: the crisis
 *  plan's people to contact, then the safety plan's people and professionals, each number once. */
export function peopleToCall(crisis: Content, safety: Content): Person[] {
  const seen = new Set<string>();
  const people: Person[] = [];
  const add = (values: Record<string, string>) => {
    const phone = withoutBidiControls(values.phone ?? '');
    const href = telHref(phone);
    if (seen.has(href)) return;
    seen.add(href);
    people.push({ name: withoutBidiControls(values.name ?? ''), phone, relationship: values.relationship ?? '' });
  };
  for (const [content, section] of [
    [crisis, 'contacts'],
    [safety, 'askForHelp'],
    [safety, 'professionals'],
  ] as const) {
    for (const item of itemsOf(content, section)) if (withPhone(item.values)) add(item.values);
  }
  return people;
}

/** Someone the person has named with a number, where they named them, to choose them again. */
export interface NamedPerson {
  /** the item's id, for `?use=` */
  id: string;
  name: string;
  phone: string;
  relationship: string;
  /** where they were named: the plan and section */
  slug: string;
  section: string;
}

/** The sections that name people with a number, where someone already named can be chosen. */
const PEOPLE_SECTIONS = [
  [CRISIS, 'contacts'],
  [SAFETY, 'askForHelp'],
  [SAFETY, 'professionals'],
] as const;

export const takesPeople = (section: SectionDef): boolean =>
  PEOPLE_SECTIONS.some(([, key]) => key === section.key) && section.fields.some((f) => f.name === 'name');

/** Everyone named with a number in the person's crisis and safety plans, but for those already in
 *  the section being filled (`here`), each name and number once. */
export async function peopleNamed(plans: WellbeingPlans, viewer: Viewer, here: { slug: string; section: string }): Promise<NamedPerson[]> {
  const contents = {
    [CRISIS.slug]: (await plans.of(CRISIS).for(viewer).mine()).content,
    [SAFETY.slug]: (await plans.of(SAFETY).for(viewer).mine()).content,
  };
  const key = (v: Record<string, string>) => `${(v.name ?? '').trim().toLowerCase()}|${telHref(v.phone ?? '')}`;
  const hereContent = contents[here.slug];
  const seen = new Set(hereContent ? itemsOf(hereContent, here.section).map((i) => key(i.values)) : []);
  const people: NamedPerson[] = [];
  for (const [def, section] of PEOPLE_SECTIONS) {
    if (def.slug === here.slug && section === here.section) continue;
    for (const item of itemsOf(contents[def.slug] ?? emptyContent(), section)) {
      if (!withPhone(item.values) || !(item.values.name ?? '').trim() || seen.has(key(item.values))) continue;
      seen.add(key(item.values));
      people.push({
        id: item.id,
        name: withoutBidiControls(item.values.name ?? ''),
        phone: withoutBidiControls(item.values.phone ?? ''),
        relationship: item.values.relationship ?? '',
        slug: def.slug,
        section,
      });
    }
  }
  return people;
}

/** The form's fields filled from someone already named: only those the section has. */
export function personValues(section: SectionDef, person: NamedPerson): Record<string, string> {
  const from: Record<string, string> = { name: person.name, phone: person.phone, relationship: person.relationship };
  return Object.fromEntries(section.fields.filter((f) => f.name in from).map((f) => [f.name, from[f.name] ?? '']));
}

export const nationalCalls = (nation: Nation | null = null): NationalCall[] =>
  nationalOnPlan(nation).map((n) => ({
    id: n.id,
    name: n.name,
    free: n.free,
    phone: n.phone ?? null,
    sms: n.sms ? { number: n.sms.number, word: n.sms.word ?? '', href: smsHref(n.sms) } : null,
    forKey:
      (FIRST_IDS as readonly string[]).includes(n.id) || !nation ? `staying-well:callFirst.for.${n.id}` : `help:numbers.${n.id}.about`,
  }));

/** Northern Ireland's line, named where the copy says there is no NHS 111 there. */
export const lifeline = (): HelpNumber => helpNumber('lifeline');

export type LocalLine = Awaited<ReturnType<typeof helplinesForAccount>>[number];

export interface WhoToCall {
  people: Person[];
  local: LocalLine[];
  national: NationalCall[];
  lifeline: HelpNumber;
}

/** Who to call, for the top of the safety plan, the kept copy and the PDFs: the person's own
 *  people, then their organisations' local numbers, then the national ones. */
export async function whoToCall(plans: WellbeingPlans, viewer: Viewer, safety?: Content): Promise<WhoToCall> {
  const crisis = await plans.of(CRISIS).for(viewer).mine();
  const safetyContent = safety ?? (await plans.of(SAFETY).for(viewer).mine()).content;
  return {
    people: peopleToCall(crisis.content, safetyContent),
    local: await helplinesForAccount(plans.s.db, viewer.me.id),
    national: nationalCalls(await nationOfAccount(plans.s.db, viewer.me.id)),
    lifeline: lifeline(),
  };
}

/** Where "If I'm in crisis" leads: straight to the person's safety plan, with no redirect. */
export async function safetyPlanHref(plans: WellbeingPlans, viewer: Viewer): Promise<string> {
  const safety = await plans.of(SAFETY).for(viewer).mine();
  return pathTo(pathsFor(SAFETY).overview, { planId: safety.id });
}
