import { z } from 'zod';
import type { FieldError } from '../../platform/forms.ts';
import { text } from '../../platform/route-schemas.ts';
import { CHIME, type Chime } from '../plan/model.ts';
import { DAYS, TIMES, type Day, type SearchQuery, type TimeOfDay } from './store.ts';
import { NEEDS, type Need } from './taxonomy.ts';

export const PER_PAGE = 10;
/** Past this a search is not a real one: deep pages cost the database and help nobody. */
export const MAX_PAGE = 500;
export const MAX_WORDS = 200;
export const LANGUAGES = ['en', 'cy', 'pl', 'ur', 'pa', 'bn', 'ar', 'so', 'bsl'] as const;

const oneOf = <T extends string>(list: readonly T[], value: string): T | undefined =>
  (list as readonly string[]).includes(value) ? (value as T) : undefined;

const trimmed = text.transform((s) => s.trim());
const flag = trimmed.transform((s) => s === 'yes');
const pageNumber = trimmed.transform((s) => (/^[0-9]{1,6}$/.test(s) ? Math.min(Math.max(Number(s), 1), MAX_PAGE) : 1));

/** The search's query string; anything unknown or malformed is set aside, never refused. */
export const searchQuery = z.object({
  q: text,
  postcode: text,
  chime: trimmed,
  need: trimmed,
  day: trimmed,
  time: trimmed,
  mode: trimmed,
  language: trimmed,
  sort: trimmed,
  free: flag,
  peerLed: flag,
  under25: flag,
  stepFree: flag,
  page: pageNumber,
});

/** What the search form sent, as typed (shown back in the form). */
export type SearchForm = z.output<typeof searchQuery>;

export function toQuery(form: SearchForm): { query: Omit<SearchQuery, 'near'>; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const words = form.q.trim();
  if (words.length > MAX_WORDS) errors.push({ field: 'q', message: 'directory:errors.wordsTooLong', params: { max: String(MAX_WORDS) } });
  if (form.postcode.length > 10) errors.push({ field: 'postcode', message: 'directory:errors.postcodeUnknown' });
  const mode = form.mode === 'online' || form.mode === 'in-person' ? form.mode : undefined;
  return {
    query: {
      words: words && words.length <= MAX_WORDS ? words : undefined,
      chime: oneOf<Chime>(CHIME, form.chime),
      need: oneOf<Need>(NEEDS, form.need),
      day: oneOf<Day>(DAYS, form.day),
      time: oneOf<TimeOfDay>(TIMES, form.time),
      mode,
      language: oneOf(LANGUAGES, form.language),
      free: form.free,
      peerLed: form.peerLed,
      under25: form.under25,
      stepFree: form.stepFree,
      sort: form.sort === 'distance' ? 'distance' : 'relevance',
      page: form.page,
      perPage: PER_PAGE,
    },
    errors,
  };
}

/** The search's address with one thing changed (the page), for the pagination links. */
export function searchHref(path: string, form: SearchForm, page: number): string {
  const params = new URLSearchParams();
  const texts: (keyof SearchForm)[] = ['q', 'postcode', 'chime', 'need', 'day', 'time', 'mode', 'language', 'sort'];
  for (const key of texts) {
    const v = form[key];
    if (typeof v === 'string' && v) params.set(key, v);
  }
  for (const key of ['free', 'peerLed', 'under25', 'stepFree'] as const) if (form[key]) params.set(key, 'yes');
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}
