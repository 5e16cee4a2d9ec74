import type { Feature } from '../../services.ts';
import { ROUTE } from '../../platform/access.ts';
import { pathTo } from '../../platform/paths.ts';
import { PLAN_PATHS } from '../plan/paths.ts';
import { SAFETY } from '../staying-well/model.ts';
import { pathsFor } from '../staying-well/paths.ts';
import { WellbeingPlans } from '../staying-well/service.ts';

/** The start page, and the pages about the service. */
export const homeFeature: Feature = (app, { services }) => {
  const plans = new WellbeingPlans(services);
  app.get('/', ROUTE.public, async (request, reply) => {
    const me = request.account;
    if (!me) return reply.view('home/views/welcome.njk');
    // The crisis link goes straight to the safety plan: no redirect on a poor connection.
    const safety = await plans.of(SAFETY).for({ me, ip: request.ip }).mine();
    const cards = [
      { key: 'plan', href: PLAN_PATHS.mine },
      { key: 'stayingWell', href: '/my-staying-well-plan' },
      { key: 'crisis', href: '/my-crisis-plan' },
      { key: 'safety', href: pathTo(pathsFor(SAFETY).overview, { planId: safety.id }) },
      { key: 'account', href: '/account' },
      ...(me.roles.some((r) => r.role === 'admin') ? [{ key: 'admin', href: '/organisation/helplines' }] : []),
    ];
    return reply.view('home/views/home.njk', { cards, safetyHref: pathTo(pathsFor(SAFETY).overview, { planId: safety.id }) });
  });
  app.get('/accessibility', ROUTE.public, (_req, reply) => reply.view('home/views/info.njk', { page: 'accessibility' }));
  app.get('/privacy', ROUTE.public, (_req, reply) => reply.view('home/views/info.njk', { page: 'privacy' }));
};
