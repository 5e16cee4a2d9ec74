import type { FastifyReply } from 'fastify';
import type { Outcome } from './documents.ts';
import { keptText } from './forms.ts';
import { MAX_ITEMS } from './lists.ts';

/** What an edit of a person's document came to. A stale `rev` (the item changed since the
 *  form was opened) is refused as a conflict, carrying what is saved now. */
export type EditResult =
  { kind: 'ok'; id?: string; version?: number } | { kind: 'notFound' } | { kind: 'conflict'; current: unknown } | { kind: 'full' };
export type Edit<T> = Outcome<T, EditResult>;

/** A change made; `id` is the item it added, named in the history. */
export const edited = <T>(content: T, id?: string): Edit<T> =>
  id ? { content, result: { kind: 'ok', id }, item: id } : { content, result: { kind: 'ok' } };
export const missing: Edit<never> = { refused: { kind: 'notFound' } };
export const conflicted = (current: unknown): Edit<never> => ({ refused: { kind: 'conflict', current } });
/** A list already holds as many items as it may (MAX_ITEMS). */
export const full: Edit<never> = { refused: { kind: 'full' } };

/** What the next page's banner says about the change just made (platform/site.ts reads it). */
export type Done = 'saved' | 'removed';

/** `next` with the banner's news in its query (before any #fragment): the version lets a
 *  removal be undone by restoring the one before it. */
export function withDone(next: string, done: Done | 'restored', version?: number): string {
  const [path = '', fragment] = next.split('#', 2);
  const query = `done=${done}${version ? `&version=${String(version)}` : ''}`;
  return `${path}${path.includes('?') ? '&' : '?'}${query}${fragment === undefined ? '' : `#${fragment}`}`;
}

/** After an edit: on to `next`, the form again for a conflict, or, when the item was removed
 *  meanwhile (another tab, another device) or the list is full, a page that gives back what
 *  the person wrote. */
export async function afterEdit(
  reply: FastifyReply,
  result: EditResult,
  next: string,
  /** The form again, with what is saved now; without one (a removal), a page saying nothing
   *  was removed because it changed since the person saw it. */
  onConflict?: (current: unknown) => unknown,
  done: Done = 'saved',
): Promise<unknown> {
  if (result.kind === 'notFound') return reply.code(409).view('errors/gone.njk', { kept: keptText(reply.request) });
  if (result.kind === 'full')
    return reply.code(400).view('errors/full.njk', { kept: keptText(reply.request), limit: MAX_ITEMS, back: next });
  if (result.kind === 'conflict')
    return onConflict ? onConflict(result.current) : reply.code(409).view('errors/changed.njk', { back: next });
  return reply.redirect(withDone(next, done, result.version), 303);
}
