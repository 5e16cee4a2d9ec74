import type { Feature } from '../../services.ts';
import { ROUTE } from '../../platform/access.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Doc } from '../../platform/documents.ts';
import { sharingCount } from '../circle/caseload-store.ts';
import { pendingCount } from '../circle/suggestions-store.ts';
import { CheckIns } from '../journey/service.ts';
import { JOURNEY_PATHS } from '../journey/paths.ts';
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

// In the order a first step is suggested: what recovery means, then staying safe, then well.
const WELLBEING_TASKS = [
  ['safety', SAFETY],
  ['stayingWell', STAYING_WELL],
  ['crisis', CRISIS],
] as const;

/** The start page, and the pages about the service. */
export const homeFeature: Feature = (app, { services }) => {
  const recovery = new PlanService(services);
  const wellbeing = new WellbeingPlans(services);
  const checkIns = new CheckIns(services);

  app.get('/', ROUTE.public, async (request, reply) => {
    const me = request.account;
    if (!me) return reply.view('home/views/welcome.njk');
    const viewer = { me, ip: request.ip };
    const [suggestions, lastCheckIn, plan, memberships, sharing, ...wellbeingDocs] = await Promise.all([
      pendingCount(services.db, me.id),
      checkIns.latest(viewer),
      recovery.docs.for(viewer).mine(),
      membershipsOf(services.db, me.id),
      sharingCount(services.db, me.id, services.clock.now()),
      ...WELLBEING_TASKS.map(([, def]) => wellbeing.of(def).for(viewer).mine()),
    ]);
    const tasks: Task[] = [
      {
        key: 'plan',
        href: pathTo(PLAN_PATHS.overview, { planId: plan.id }),
        firstStep: pathTo(PLAN_PATHS.meaning, { planId: plan.id }),
        doc: plan,
        started: started.plan(plan.content),
      },
      ...WELLBEING_TASKS.map(([key, def], i): Task => {
        const doc = wellbeingDocs[i] as Doc<Content>;
        return {
          key,
          href: pathTo(pathsFor(def).overview, { planId: doc.id }),
          firstStep: pathTo(pathsFor(def).section, { planId: doc.id, section: def.sections[0]?.key ?? '' }),
          doc,
          started: started.wellbeing(doc.content),
        };
      }),
    ];
    const supports = memberships.filter((m) => m.role === 'supporter').map((m) => m.name);
    const admins = memberships.filter((m) => m.role === 'admin').map((m) => m.name);
    const edits = memberships.filter((m) => m.role === 'listings-editor').map((m) => m.name);
    return reply.view('home/views/home.njk', {
      tasks,
      next: tasks.find((task) => !task.started) ?? null,
      supports,
      admins,
      edits,
      sharingCount: sharing,
      suggestions,
      safetyHref: tasks[1]?.href,
      journey: { lastCheckIn, checkInHref: JOURNEY_PATHS.checkIn, journeyHref: JOURNEY_PATHS.journey },
    });
  });
  app.get('/accessibility', ROUTE.public, (_req, reply) => reply.view('home/views/info.njk', { page: 'accessibility' }));
  app.get('/privacy', ROUTE.public, (_req, reply) =>
    reply.view('home/views/privacy.njk', { controller: services.controller, geocoder: services.geocoder?.host }),
  );
};
