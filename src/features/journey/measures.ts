import { z } from 'zod';

/**
 * A measure described as data: its items, the labelled answers each offers, which items score
 * the other way round, how the answers are scored (one of a fixed set of rules: no formula is
 * ever evaluated), and which answers signal that the person may want help now.
 */
const key = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9-]*$/, 'a key is lower-case letters, digits and hyphens');
const words = z
  .string()
  .trim()
  .min(1)
  .max(300)
  .refine((s) => !/[<>]/.test(s), 'words may not hold < or >');

const option = z.object({ value: z.number().int().min(0).max(100), label: words });

const item = z.object({
  // The check-in form's own fields cannot be questions' names.
  key: key.refine((k) => !['note', 'rev'].includes(k), 'an item may not be called note or rev'),
  /** The question as the person reads it. */
  text: words,
  /** Scored as (min + max − answer). */
  reverse: z.boolean().default(false),
  /** Answers to this item, as given (before reversing), that signal risk. */
  riskAnswers: z.array(z.number().int()).max(20).default([]),
});

export const measureSchema = z
  .object({
    id: key,
    version: z.number().int().min(1).max(1000),
    title: words,
    options: z.array(option).min(2).max(11),
    items: z.array(item).min(1).max(60),
    subscales: z
      .array(z.object({ key, label: words, items: z.array(key).min(1).max(60) }))
      .max(20)
      .default([]),
    scoring: z.enum(['sum', 'mean', 'subscale-sums']),
    /** A change at least this big, on the total, is more than day-to-day variation. */
    reliableChange: z.number().positive().max(1000).optional(),
    licence: words.optional(),
    source: words.optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const values = m.options.map((o) => o.value);
    if (new Set(values).size !== values.length) ctx.addIssue({ code: 'custom', path: ['options'], message: 'answer values repeat' });
    const keys = m.items.map((i) => i.key);
    if (new Set(keys).size !== keys.length) ctx.addIssue({ code: 'custom', path: ['items'], message: 'item keys repeat' });
    m.subscales.forEach((s, i) => {
      for (const k of s.items)
        if (!keys.includes(k)) ctx.addIssue({ code: 'custom', path: ['subscales', i, 'items'], message: `no item called ${k}` });
    });
    m.items.forEach((it, i) => {
      for (const r of it.riskAnswers)
        if (!values.includes(r)) ctx.addIssue({ code: 'custom', path: ['items', i, 'riskAnswers'], message: `no answer ${r}` });
    });
    if (m.scoring === 'subscale-sums' && m.subscales.length === 0)
      ctx.addIssue({ code: 'custom', path: ['subscales'], message: 'subscale sums need subscales' });
  });

export type Measure = z.infer<typeof measureSchema>;
export type Answers = Readonly<Record<string, number | undefined>>;

export interface Scores {
  /** Sum or mean of the answered items; null when nothing was answered. */
  total: number | null;
  /** Each subscale's sum of answered items; null when none of its items was answered. */
  subscales: Record<string, number | null>;
  /** Each answered item's score, after reversing. */
  items: Record<string, number>;
  answered: number;
}

/** The lowest and highest score one item can give. */
export function itemRange(m: Measure): { min: number; max: number } {
  const values = m.options.map((o) => o.value);
  return { min: Math.min(...values), max: Math.max(...values) };
}

/** The range of the total under the measure's rule. */
export function totalRange(m: Measure): { min: number; max: number } {
  const { min, max } = itemRange(m);
  return m.scoring === 'mean' ? { min, max } : { min: min * m.items.length, max: max * m.items.length };
}

/** Scores answers; answers to unknown items, or not among the options, are ignored as missing. */
export function score(m: Measure, answers: Answers): Scores {
  const { min, max } = itemRange(m);
  const allowed = new Set(m.options.map((o) => o.value));
  const items: Record<string, number> = {};
  for (const it of m.items) {
    const a = Object.hasOwn(answers, it.key) ? answers[it.key] : undefined;
    if (a === undefined || !allowed.has(a)) continue;
    items[it.key] = it.reverse ? min + max - a : a;
  }
  const got = Object.values(items);
  const sum = got.reduce((s, v) => s + v, 0);
  const subscales: Record<string, number | null> = {};
  for (const s of m.subscales) {
    const scored = s.items.filter((k) => Object.hasOwn(items, k));
    subscales[s.key] = scored.length ? scored.reduce((acc, k) => acc + (items[k] ?? 0), 0) : null;
  }
  const total = got.length === 0 ? null : m.scoring === 'mean' ? sum / got.length : sum;
  return { total, subscales, items, answered: got.length };
}

/** The items whose answer signals the person may want help now. */
export function riskSignals(m: Measure, answers: Answers): string[] {
  return m.items
    .filter((it) => {
      const a = Object.hasOwn(answers, it.key) ? answers[it.key] : undefined;
      return a !== undefined && it.riskAnswers.includes(a);
    })
    .map((it) => it.key);
}

/** A definition from a file: parsed and validated, with errors a person can act on. */
export function parseMeasure(json: string): { ok: true; measure: Measure } | { ok: false; errors: string[] } {
  if (json.length > 100_000) return { ok: false, errors: ['the file is too big (over 100 KB)'] };
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    return { ok: false, errors: ['the file is not JSON'] };
  }
  const result = measureSchema.safeParse(data);
  if (result.success) return { ok: true, measure: result.data };
  return { ok: false, errors: result.error.issues.slice(0, 20).map((i) => `${i.path.join('.') || 'file'}: ${i.message}`) };
}

/** The five areas of personal recovery (connection, hope, identity, meaning, empowerment). */
export const AREAS = ['connection', 'hope', 'identity', 'meaning', 'control'] as const;
export type Area = (typeof AREAS)[number];

/**
 * Our own check-in, in our own words: one question for each area, each on a labelled 0–4 scale.
 * No answer here signals risk on its own; the lowest hope answer offers the help links, calmly.
 */
export const CHECK_IN: Measure = measureSchema.parse({
  id: 'waymark-check-in',
  version: 1,
  title: 'How things are for me',
  options: [
    { value: 0, label: 'Not at all' },
    { value: 1, label: 'A little' },
    { value: 2, label: 'Somewhat' },
    { value: 3, label: 'Mostly' },
    { value: 4, label: 'Very much' },
  ],
  items: [
    { key: 'connection', text: 'Lately, I have felt connected to people who matter to me' },
    { key: 'hope', text: 'Lately, I have felt hopeful about what is ahead', riskAnswers: [0] },
    { key: 'identity', text: 'Lately, I have felt like myself' },
    { key: 'meaning', text: 'Lately, what I do has felt meaningful to me' },
    { key: 'control', text: 'Lately, I have felt in control of my life' },
  ],
  subscales: AREAS.map((a) => ({ key: a, label: a, items: [a] })),
  scoring: 'mean',
  source: 'Written by the Waymark team for this service',
});

export const MEASURES: ReadonlyMap<string, Measure> = new Map([[CHECK_IN.id, CHECK_IN]]);
