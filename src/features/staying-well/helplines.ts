import type { Viewer } from '../../platform/record-access.ts';
import { pathTo } from '../../platform/paths.ts';
import { telHref, withoutBidiControls } from '../../platform/phone.ts';
import { FIRST_IDS, helpNumber, numbersFor, smsHref, type HelpNumber, type Nation } from '../help/numbers.ts';
import { helplinesForAccount, nationOfAccount } from '../organisations/store.ts';
import { CRISIS, itemsOf, SAFETY, type Content } from './model.ts';
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
