import { readFile } from 'node:fs/promises';
import { ctxOf, ROUTE } from '../../platform/access.ts';
import { accountMark, markDevice } from '../../platform/sessions.ts';
import { publicDir } from '../../platform/views.ts';
import { lifeline, nationalCalls, whoToCall } from './helplines.ts';
import { CRISIS, SAFETY } from './model.ts';
import { OFFLINE_PATHS } from './paths.ts';
import type { WellbeingPlans } from './service.ts';
import type { App } from '../../platform/route-schemas.ts';

/**
 * The crisis and safety plans as one page, for the service worker to keep on a device
 * the person chose (public/sw.js, started by public/js/offline.js). The worker is served
 * from the root so its scope covers every page it may stand in for when offline.
 */
export function offlineRoutes(app: App, plans: WellbeingPlans): void {
  app.get(OFFLINE_PATHS.copy, ROUTE.account, async (request, reply) => {
    const viewer = ctxOf(request);
    const me = viewer.me;
    const crisis = await plans.of(CRISIS).for(viewer).mine();
    const safety = await plans.of(SAFETY).for(viewer).mine();
    const madeAt = plans.now();
    markDevice(reply, me.id, plans.s.secureCookies);
    return reply.view('staying-well/views/offline-copy.njk', {
      crisis: { def: CRISIS, content: crisis.content, updatedAt: crisis.updatedAt },
      safety: { def: SAFETY, content: safety.content, updatedAt: safety.updatedAt },
      calls: await whoToCall(plans, viewer, safety.content),
      madeAt,
      madeAtIso: madeAt.toISOString(),
      // Tells the service worker whose copy it holds, so it is never shown to someone else.
      owner: accountMark(me.id),
      // A kept copy carries no sign-out form, and so no CSRF token, in the device's storage.
      account: null,
    });
  });

  // The service worker answers this address from the copy kept on the device (public/sw.js):
  // the server sees it only when no copy is kept here, or the browser cannot keep one.
  app.get(OFFLINE_PATHS.kept, { config: { access: 'public' } }, (_request, reply) =>
    reply
      .code(404)
      .view('staying-well/views/no-kept-copy.njk', { calls: { people: [], local: [], national: nationalCalls(), lifeline: lifeline() } }),
  );

  app.get(
    OFFLINE_PATHS.worker,
    {
      ...ROUTE.public,
      // Runs after the site's hook that marks every page no-store: the worker script holds
      // nothing personal, and the browser checks it for updates on its own schedule.
      onSend: async (_request, reply, payload) => {
        reply.header('Cache-Control', 'no-cache');
        return payload;
      },
    },
    async (_request, reply) => reply.type('application/javascript; charset=utf-8').send(await readFile(`${publicDir}/sw.js`, 'utf8')),
  );
}
