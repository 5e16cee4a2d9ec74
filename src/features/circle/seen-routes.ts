import { z } from 'zod';
import type { Services } from '../../services.ts';
import { accountOf, ROUTE } from '../../platform/access.ts';
import { tOf } from '../../platform/forms.ts';
import type { Translate } from '../../platform/i18n.ts';
import * as store from './store.ts';
import { text, type App } from '../../platform/route-schemas.ts';

const PER_PAGE = 25;

/** One event of the trail in the person's words: who did what to which part. */
export function seenWords(t: Translate, e: store.SeenEvent): string {
  const [kind = '', ...rest] = e.action.split('.');
  const what = rest.join('.');
  const part = t(`circle:seen.part.${e.subjectType ?? ''}`, { defaultValue: t('circle:seen.part.other') });
  const name = e.actorName ?? t('circle:seen.someoneGone');
  if (what === 'refused') return t('circle:seen.refused', { part });
  if (kind === 'circle') return t(`circle:seen.circle.${what}`, { name, member: e.memberName ?? t('circle:seen.someoneGone') });
  return t(`circle:seen.did.${what}`, { name, part, defaultValue: t('circle:seen.did.other', { name, part }) });
}

/** "Who has seen my plans": every time someone else opened, downloaded or tried to open a part of
 *  the person's plans, and every change to their circle, newest first, from the audit log. */
export function seenRoutes(app: App, s: Services): void {
  app.get('/circle/seen', { ...ROUTE.account, schema: { querystring: z.object({ page: text }) } }, async (request, reply) => {
    const asked = Number.parseInt(request.query.page, 10);
    const first = await store.seenBy(s.db, accountOf(request).id, { offset: 0, limit: 0 });
    const pages = Math.max(1, Math.ceil(first.total / PER_PAGE));
    const page = Number.isSafeInteger(asked) && asked >= 1 && asked <= pages ? asked : 1;
    const { events, total } = await store.seenBy(s.db, accountOf(request).id, { offset: (page - 1) * PER_PAGE, limit: PER_PAGE });
    const t = tOf(reply);
    return reply.view('circle/views/seen.njk', { rows: events.map((e) => ({ at: e.at, words: seenWords(t, e) })), total, page, pages });
  });
}
