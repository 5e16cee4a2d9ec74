import type { FastifyReply } from 'fastify';
import { ctxOf, NotFound, ROUTE, safeNext } from './access.ts';
import type { Revision } from './documents.ts';
import { formInt } from './forms.ts';
import { withDone } from './owned-documents.ts';
import type { GuardedDocuments } from './record-access.ts';
import { pathTo } from './paths.ts';
import { z } from 'zod';
import { formBody, text, type App } from './route-schemas.ts';

export interface HistoryPaths {
  history: string;
  version: string;
  restore: string;
}

/** What each feature draws: the list of revisions, and one earlier version in full. */
export interface HistoryPages<T> {
  list(
    reply: FastifyReply,
    docId: string,
    data: { revisions: (Revision & { content: T })[]; current: number; restored: number | null; readOnly: boolean },
  ): unknown;
  /** `current` is the version the person sees as current: restoring sends it back (`seen`). */
  version(
    reply: FastifyReply,
    docId: string,
    data: { revision: Revision & { content: T }; isCurrent: boolean; current: number; readOnly: boolean },
  ): unknown;
}

/** The history of a person's document: every revision, any one in full, and restoring it
 *  (as a new revision, so nothing is lost). The record-access policy decides who gets past. */
export function historyRoutes<T>(app: App, paths: HistoryPaths, docs: GuardedDocuments<T>, pages: HistoryPages<T>): void {
  app.get(paths.history, { ...ROUTE.account, schema: { querystring: z.object({ restored: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const { doc, revisions } = await docs.for(c).history(c.planId);
    const restored = formInt(request.query.restored);
    return pages.list(reply, doc.id, {
      revisions,
      current: doc.version,
      restored: restored > 0 ? restored : null,
      readOnly: doc.ownerId !== c.me.id,
    });
  });

  app.get(paths.version, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const { doc, revision } = await docs.for(c).version(c.planId, formInt(c.params.version));
    if (!revision) throw new NotFound();
    return pages.version(reply, doc.id, {
      revision,
      isCurrent: revision.version === doc.version,
      current: doc.version,
      // Only the owner restores: anyone they share with reads.
      readOnly: doc.ownerId !== c.me.id,
    });
  });

  // Only over the version the person saw as current: a change made since (another tab, another
  // device) is never silently replaced.
  app.post(
    paths.restore,
    { config: { ...ROUTE.account.config, controls: ['back'] }, schema: { body: formBody({ back: text, seen: text }) } },
    async (request, reply) => {
      const c = ctxOf(request);
      const version = formInt(c.params.version);
      const history = pathTo(paths.history, { planId: c.planId });
      const outcome = await docs.for(c).restore(c.planId, version, formInt(request.body.seen));
      if (outcome === 'notFound') throw new NotFound();
      if (outcome === 'changed') return reply.code(409).view('errors/changed.njk', { back: history });
      // An undo from a page's banner goes back to that page; a restore from the history, to it.
      const back = safeNext(request.body.back);
      if (back !== '/') return reply.redirect(withDone(back, 'restored'), 303);
      return reply.redirect(`${history}?restored=${String(version)}`, 303);
    },
  );
}

/** An item as the history names it: its own words, cut at a word near 60 characters. */
export function itemWords(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/, '')}…`;
}

/**
 * What each version changed, in words, newest first. `name` finds an item in a content: its
 * words, and the change as worded for it where that depends on the item (a step marked done or
 * not); null when the reader cannot see it or it is not there. A removal is named from the
 * version before it, where the item still was.
 */
export function changesInWords<T>(
  revisions: readonly (Revision & { content: T })[],
  name: (content: T, itemId: string, change: string) => { words: string; change?: string } | null,
  words: (change: string, item: string | null, restoredFrom: number | null) => string,
): string[] {
  return revisions.map((rev, i) => {
    const from = rev.change.endsWith('.removed') ? revisions[i + 1]?.content : rev.content;
    const named = rev.itemId && from !== undefined ? name(from, rev.itemId, rev.change) : null;
    return named ? words(named.change ?? rev.change, itemWords(named.words), null) : words(rev.change, null, rev.restoredFrom);
  });
}
