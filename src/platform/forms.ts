import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Translate } from './i18n.ts';

/** A form value as the person typed it. Repeated or missing fields never throw:
 *  they become the first string, or empty. NUL cannot be stored by PostgreSQL, so it goes. */
export function formText(value: unknown): string {
  const v: unknown = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' ? v.replaceAll('\u0000', '') : '';
}

/** One choice from a list: a repeated field is refused (empty), never read as its first value. */
export function formChoice(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

export function formList(value: unknown): string[] {
  const list: unknown[] = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === 'string');
}

export type Body = Record<string, unknown>;

export function bodyOf(body: unknown): Body {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Body) : {};
}

/** Required text, kept exactly as typed (no trimming), with copy keys as messages. */
export function requiredText(max: number, keys: { required: string; tooLong: string }) {
  return z
    .string()
    .refine((s) => s.trim().length > 0, keys.required)
    .refine((s) => s.length <= max, keys.tooLong);
}

export function optionalText(max: number, tooLong: string) {
  return z.string().refine((s) => s.length <= max, tooLong);
}

export interface FieldError {
  field: string;
  /** Where the error summary's link goes, when not to the field's own id (a date: its Day box). */
  anchor?: string;
  /** a copy key */
  message: string;
  params?: Record<string, string>;
}

export interface Invalid {
  ok: false;
  errors: FieldError[];
}

export type Checked<T> = { ok: true; value: T } | Invalid;

/** Validates a form; messages are copy keys, translated when the page is shown. */
export function check<T>(schema: z.ZodType<T>, input: unknown): Checked<T> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of result.error.issues) {
    const field = issue.path[0] === undefined ? 'form' : String(issue.path[0]);
    if (seen.has(field)) continue;
    seen.add(field);
    errors.push({ field, message: issue.message });
  }
  return { ok: false, errors };
}

/** Shapes errors for the NHS error summary and for each field's errorMessage. */
export function errorView(errors: FieldError[], t: Translate) {
  const byField: Record<string, { text: string }> = {};
  const list = errors.map((e) => {
    const text = t(e.message, e.params);
    byField[e.field] = { text };
    return { text, href: `#${e.anchor ?? e.field}` };
  });
  return { list, byField };
}

export const LIMITS = { short: 200, item: 1000, long: 20_000, email: 320, password: 256 } as const;

/** The page's translate function, set for every request. */
export function tOf(reply: FastifyReply): Translate {
  return reply.locals.t;
}

/** The error for a date typed in the NHS date input: its summary link goes to the Day box. */
export const dateError = (field: string, message: string): FieldError => ({ field, message, anchor: `${field}-day` });

/** A date from the NHS date input's three fields: null when all are empty. */
export function dateFromParts(
  day: string,
  month: string,
  year: string,
): { ok: true; value: string | null } | { ok: false; message: string } {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return { ok: true, value: null };
  if (!d || !m || !y) return { ok: false, message: 'common:dates.incomplete' };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { ok: false, message: 'common:dates.invalid' };
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCFullYear() !== Number(y) || date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) {
    return { ok: false, message: 'common:dates.invalid' };
  }
  if (Number(y) < 1900 || Number(y) > 2200) return { ok: false, message: 'common:dates.range' };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

/** The three parts of a stored YYYY-MM-DD date, to fill a date input. */
export function partsOfDate(value: string | null): { day: string; month: string; year: string } {
  if (!value) return { day: '', month: '', year: '' };
  const [year = '', month = '', day = ''] = value.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

const INT4_MAX = 2_147_483_647;

/** A whole number from a form or path, or -1: never larger than the database's integers. */
export function formInt(value: unknown): number {
  const text = formText(value).trim();
  if (!/^-?\d{1,10}$/.test(text)) return -1;
  const n = Number(text);
  return Math.abs(n) <= INT4_MAX ? n : -1;
}

/** Fields every form may carry that hold no writing: the CSRF token and the version seen. */
const NOT_WRITING = new Set(['_csrf', 'rev']);

/** Everything a person wrote in a form, to give back when it cannot be saved: never a
 *  password, nor a field the route declares a control (`config.controls`). */
export function keptText(request: FastifyRequest): string[] {
  const controls = request.routeOptions.config.controls ?? [];
  return (
    Object.entries(bodyOf(request.body))
      .filter(([name]) => !NOT_WRITING.has(name) && !controls.includes(name) && !/password/i.test(name))
      .flatMap(([, value]) => formList(value))
      .filter((text) => text.trim().length > 0 && !/^\d{1,4}$/.test(text.trim()))
      // A lone surrogate cannot be shown or stored: it is shown as U+FFFD, the rest as typed.
      .map((text) => text.toWellFormed())
  );
}

/** True when any text in a parsed body, names included, is not well-formed Unicode. */
export function hasUnreadableText(value: unknown): boolean {
  if (typeof value === 'string') return !value.isWellFormed();
  if (Array.isArray(value)) return value.some(hasUnreadableText);
  if (typeof value === 'object' && value !== null) return Object.entries(value).some(([k, v]) => !k.isWellFormed() || hasUnreadableText(v));
  return false;
}
