import { CHIME } from '../plan/model.ts';

/*
 * Waymark's own taxonomies, as HSDS taxonomy terms with fixed ids (the migration inserts them, so
 * every database, imported data included, shares them): the CHIME parts of recovery, needs and
 * activities, and features of a listing. A term's `term` is its code; copy lives in the locale.
 */
export const TAXONOMY = {
  chime: '0a1d0000-0000-4000-8000-000000000001',
  need: '0a1d0000-0000-4000-8000-000000000002',
  feature: '0a1d0000-0000-4000-8000-000000000003',
} as const;

export const NEEDS = [
  'walking',
  'peer-support',
  'creative',
  'sport',
  'volunteering',
  'learning',
  'work',
  'faith',
  'gardening',
  'money',
  'housing',
  'food',
  'social',
  'mindfulness',
  'music',
  'carers',
] as const;
export const FEATURES = ['peer-led'] as const;

export type Need = (typeof NEEDS)[number];
export type Feature = (typeof FEATURES)[number];

export interface Term {
  id: string;
  taxonomyId: string;
  term: string;
  name: string;
  description: string;
}

const hex = (n: number) => n.toString(16).padStart(12, '0');

export const TERMS: readonly Term[] = [
  ...CHIME.map((term, i) => ({
    id: `0a1d0001-0000-4000-8000-${hex(i + 1)}`,
    taxonomyId: TAXONOMY.chime,
    term,
    name: term.charAt(0).toUpperCase() + term.slice(1),
    description: `Helps with ${term}, a part of personal recovery (CHIME).`,
  })),
  ...NEEDS.map((term, i) => ({
    id: `0a1d0002-0000-4000-8000-${hex(i + 1)}`,
    taxonomyId: TAXONOMY.need,
    term,
    name: term.charAt(0).toUpperCase() + term.slice(1).replace('-', ' '),
    description: `A need or activity: ${term.replace('-', ' ')}.`,
  })),
  ...FEATURES.map((term, i) => ({
    id: `0a1d0003-0000-4000-8000-${hex(i + 1)}`,
    taxonomyId: TAXONOMY.feature,
    term,
    name: 'Peer-led',
    description: 'Run by people with lived experience.',
  })),
];

export function termId(taxonomyId: string, term: string): string | undefined {
  return TERMS.find((t) => t.taxonomyId === taxonomyId && t.term === term)?.id;
}
