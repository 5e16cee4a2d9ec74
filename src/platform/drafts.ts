import { and, eq, lt } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client.ts';
import { drafts } from '../db/schema.ts';
import { accountOf, ROUTE } from './access.ts';
import type { Clock } from './clock.ts';
import { formatTime } from './dates.ts';
import { formText, tOf } from './forms.ts';
import { formBody, type App } from './route-schemas.ts';

/**
 * Drafts of long writing (the advance statement, what recovery means to me): kept with the
 * person's account as they type (with JavaScript), never in the browser, and offered back when
 * the form is next opened. A draft goes when the form is saved or the person discards it, and
 * after DRAFT_DAYS untouched.
 */
export const DRAFT_DAYS = 30;

export interface Draft {
  values: Record<string, string>;
  savedAt: Date;
}

export async function draftOf(db: Queryable, accountId: string, form: string): Promise<Draft | null> {
  const [row] = await db
    .select({ values: drafts.values, savedAt: drafts.savedAt })
    .from(drafts)
    .where(and(eq(drafts.accountId, accountId), eq(drafts.form, form)));
  return row ?? null;
}

export async function clearDraft(db: Queryable, accountId: string, form: string): Promise<void> {
  await db.delete(drafts).where(and(eq(drafts.accountId, accountId), eq(drafts.form, form)));
}

async function saveDraft(db: Queryable, accountId: string, form: string, values: Record<string, string>, now: Date): Promise<void> {
  await db
    .insert(drafts)
    .values({ accountId, form, values, savedAt: now })
    .onConflictDoUpdate({ target: [drafts.accountId, drafts.form], set: { values, savedAt: now } });
}

/** Drafts nobody came back to (the purge job). */
export async function purgeDrafts(db: Queryable, now: Date): Promise<void> {
  await db.delete(drafts).where(lt(drafts.savedAt, new Date(now.getTime() - DRAFT_DAYS * 24 * 60 * 60 * 1000)));
}

/** What a form's page needs: the draft to offer back, if it differs from what is saved. */
export async function draftFor(
  db: Queryable,
  accountId: string,
  form: string,
  saved: Record<string, string>,
): Promise<{ values: Record<string, string>; draft: { savedAt: Date; discard: string } } | null> {
  const draft = await draftOf(db, accountId, form);
  if (!draft) return null;
  const differs = Object.entries(draft.values).some(([name, text]) => (saved[name] ?? '') !== text);
  if (!differs) {
    await clearDraft(db, accountId, form);
    return null;
  }
  return { values: { ...saved, ...draft.values }, draft: { savedAt: draft.savedAt, discard: `${form}/draft/discard` } };
}

/** The form a request is about, as its drafts are keyed: the path, without any query or the
 *  `/draft` and `/draft/discard` ends. */
export const formPath = (request: FastifyRequest): string => (request.url.split('?')[0] ?? '').replace(/\/draft(\/discard)?$/, '');

export interface DraftForm {
  /** The form's own address (a route pattern); drafts are kept at `<path>/draft`. */
  path: string;
  /** The long text fields this form keeps, with the most each may hold; throws the refusal
   *  (a 404) unless the signed-in person may change this record and the form takes drafts. */
  fieldsOf: (request: FastifyRequest) => Promise<readonly { name: string; max: number }[]>;
}

/** `<form path>/draft` keeps what is typed (answering JSON for the page's script) and
 *  `<form path>/draft/discard` throws it away (a plain form, back to the form). */
export function draftRoutes(app: App, deps: { db: Queryable; clock: Clock }, form: DraftForm): void {
  app.post(`${form.path}/draft`, { ...ROUTE.account, schema: { body: formBody({}) } }, async (request, reply) => {
    const fields = await form.fieldsOf(request);
    const body = request.body;
    const values = Object.fromEntries(fields.map((f) => [f.name, formText(body[f.name])]));
    if (fields.some((f) => (values[f.name] ?? '').length > f.max)) return reply.code(400).send({ kept: false });
    const now = deps.clock.now();
    await saveDraft(deps.db, accountOf(request).id, formPath(request), values, now);
    return reply.send({
      kept: tOf(reply)('common:drafts.keptAt', { time: formatTime(now) }),
      secondsLeft: accountOf(request).secondsLeft,
    });
  });

  app.post(`${form.path}/draft/discard`, ROUTE.account, async (request, reply) => {
    await form.fieldsOf(request);
    const path = formPath(request);
    await clearDraft(deps.db, accountOf(request).id, path);
    return reply.redirect(path, 303);
  });
}
