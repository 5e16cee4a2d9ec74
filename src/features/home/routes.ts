import type { Feature } from '../../services.ts';
import { ROUTE } from '../../platform/access.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Doc } from '../../platform/documents.ts';
import { membershipsOf } from '../organisations/store.ts';
import type { Plan } from '../plan/model.ts';
import { PLAN_PATHS } from '../plan/paths.ts';
import { PlanService } from '../plan/service.ts';
import { CRISIS, SAFETY, STAYING_WELL, type Content } from '../staying-well/model.ts';
import { pathsFor } from '../staying-well/paths.ts';
import { WellbeingPlans } from '../staying-well/service.ts';

const started = {
  plan: (p: Plan) => p.meanings.length + p.strengths.length + p.matters.length + p.goals.length > 0,
  wellbeing: (c: Content) =>
    Object.values(c.lists).some((items) => items.length > 0) ||
    Object.values(c.texts).some((text) => Object.values(text.values).some((v) => v.trim() !== '')),
};

interface Task {
  key: 'plan' | 'safety' | 'stayingWell' | 'crisis';
  href: string;
  /** Where a first step in this plan starts. */
  firstStep: string;
  doc: Doc<unknown>;
  started: boolean;
}

/** The start page, and the pages about the service. */
export const homeFeature: Feature = (app, { services }) => {
  const recovery = new PlanService(services);
  const wellbeing = new WellbeingPlans(services);

  app.get('/', ROUTE.public, async (request, reply) => {
    const me = request.account;
    if (!me) return reply.view('home/views/welcome.njk');
    const viewer = { me, ip: request.ip };
    const [plan, safety, stayingWell, crisis, memberships] = await Promise.all([
      recovery.docs.for(viewer).mine(),
      wellbeing.of(SAFETY).for(viewer).mine(),
      wellbeing.of(STAYING_WELL).for(viewer).mine(),
      wellbeing.of(CRISIS).for(viewer).mine(),
      membershipsOf(services.db, me.id),
    ]);
    const overview = (path: string, id: string) => pathTo(path, { planId: id });
    const section = (def: typeof SAFETY, id: string, key: string) => pathTo(pathsFor(def).section, { planId: id, section: key });
    // In the order a first step is suggested: what recovery means, then staying safe, then well.
    const tasks: Task[] = [
      {
        key: 'plan',
        href: overview(PLAN_PATHS.overview, plan.id),
        firstStep: pathTo(PLAN_PATHS.meaning, { planId: plan.id }),
        doc: plan,
        started: started.plan(plan.content),
      },
      {
        key: 'safety',
        href: overview(pathsFor(SAFETY).overview, safety.id),
        firstStep: section(SAFETY, safety.id, SAFETY.sections[0]?.key ?? ''),
        doc: safety,
        started: started.wellbeing(safety.content),
      },
      {
        key: 'stayingWell',
        href: overview(pathsFor(STAYING_WELL).overview, stayingWell.id),
        firstStep: section(STAYING_WELL, stayingWell.id, STAYING_WELL.sections[0]?.key ?? ''),
        doc: stayingWell,
        started: started.wellbeing(stayingWell.content),
      },
      {
        key: 'crisis',
        href: overview(pathsFor(CRISIS).overview, crisis.id),
        firstStep: section(CRISIS, crisis.id, CRISIS.sections[0]?.key ?? ''),
        doc: crisis,
        started: started.wellbeing(crisis.content),
      },
    ];
    const supports = memberships.filter((m) => m.role === 'supporter').map((m) => m.name);
    const admins = memberships.filter((m) => m.role === 'admin').map((m) => m.name);
    return reply.view('home/views/home.njk', {
      tasks,
      next: tasks.find((task) => !task.started) ?? null,
      supports,
      admins,
      safetyHref: tasks[1]?.href,
    });
  });
  app.get('/accessibility', ROUTE.public, (_req, reply) => reply.view('home/views/info.njk', { page: 'accessibility' }));
  app.get('/privacy', ROUTE.public, (_req, reply) => reply.view('home/views/privacy.njk', { controller: services.controller }));
};
