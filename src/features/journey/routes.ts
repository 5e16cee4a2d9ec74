import type { FastifyReply } from 'fastify';
import { ROUTE, type Ctx, ctxOf } from '../../platform/access.ts';
import { errorView, keptText, tOf, type FieldError } from '../../platform/forms.ts';
import { withDone } from '../../platform/owned-documents.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Viewer } from '../../platform/record-access.ts';
import type { Feature } from '../../services.ts';
import { itemsOf, STAYING_WELL } from '../staying-well/model.ts';
import { pathsFor } from '../staying-well/paths.ts';
import { WellbeingPlans } from '../staying-well/service.ts';
import { checkCheckIn, checkInValues, NOTE_MAX, type CheckInValues } from './forms.ts';
import { journeyRoutes } from './journey-routes.ts';
import { reminderRoutes } from './reminder-routes.ts';
import { organisationMeasureRoutes } from './organisation-measures.ts';
import { CHECK_IN, riskSignals } from './measures.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import { CheckIns, type CheckIn } from './service.ts';

const linkTo = (path: string, row: { id: string }) => pathTo(path, { checkInId: row.id });

function valuesOf(row: CheckIn): CheckInValues {
  const answers: Record<string, string> = {};
  for (const item of CHECK_IN.items) answers[item.key] = Object.hasOwn(row.answers, item.key) ? String(row.answers[item.key]) : '';
  return { answers, note: row.note, keptWell: row.keptWell, warningSigns: row.warningSigns };
}

/** Quick check-ins: made in one tap, changed within a day, removed at any time, seen only by their owner. */
export const journeyFeature: Feature = (app, { services }) => {
  const checkIns = new CheckIns(services);
  const wellbeing = new WellbeingPlans(services);

  /** The staying-well plan's "what keeps me well" items, to tick, and where its warning signs are. */
  async function stayingWell(viewer: Viewer) {
    const doc = await wellbeing.of(STAYING_WELL).for(viewer).mine();
    return {
      keepWell: itemsOf(doc.content, 'keepWell').map((item) => ({ id: item.id, text: item.values.text ?? '' })),
      warningSignsHref: pathTo(pathsFor(STAYING_WELL).section, { planId: doc.id, section: 'warningSigns' }),
    };
  }

  async function form(reply: FastifyReply, c: Ctx, values: CheckInValues, errors: FieldError[] = [], row?: CheckIn) {
    return reply.code(errors.length ? 400 : 200).view('journey/views/check-in.njk', {
      measure: CHECK_IN,
      values,
      row,
      action: row ? linkTo(P.edit, row) : P.checkIn,
      noteMax: NOTE_MAX,
      ...(await stayingWell(c)),
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(P.checkIn, ROUTE.account, async (request, reply) =>
    form(reply, ctxOf(request), { answers: {}, note: '', keptWell: [], warningSigns: false }),
  );

  app.post(P.checkIn, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const values = checkInValues(request.body, CHECK_IN);
    const { keepWell } = await stayingWell(c);
    const checked = checkCheckIn(
      values,
      CHECK_IN,
      keepWell.map((k) => k.id),
    );
    if (!checked.ok) return form(reply, c, values, checked.errors);
    const row = await checkIns.create(c, checked.value);
    return reply.redirect(withDone(linkTo(P.one, row), 'saved'), 303);
  });

  app.get(P.one, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const row = await checkIns.open(c, c.params.checkInId ?? '');
    const { keepWell, warningSignsHref } = await stayingWell(c);
    return reply.view('journey/views/one.njk', {
      measure: CHECK_IN,
      row,
      editable: checkIns.editable(row),
      risk: riskSignals(CHECK_IN, row.answers).length > 0,
      kept: keepWell.filter((k) => row.keptWell.includes(k.id)),
      warningSignsHref,
      links: { edit: linkTo(P.edit, row), remove: linkTo(P.remove, row), journey: P.journey },
    });
  });

  app.get(P.edit, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const row = await checkIns.open(c, c.params.checkInId ?? '', 'change');
    if (!checkIns.editable(row)) return reply.code(409).view('journey/views/locked.njk', { back: linkTo(P.one, row) });
    return form(reply, c, valuesOf(row), [], row);
  });

  app.post(P.edit, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const row = await checkIns.open(c, c.params.checkInId ?? '', 'change');
    const values = checkInValues(request.body, CHECK_IN);
    const { keepWell } = await stayingWell(c);
    const checked = checkCheckIn(
      values,
      CHECK_IN,
      keepWell.map((k) => k.id),
    );
    if (!checked.ok) return form(reply, c, values, checked.errors, row);
    if (!(await checkIns.update(c, row.id, checked.value)))
      return reply.code(409).view('journey/views/locked.njk', { back: linkTo(P.one, row), kept: keptText(request) });
    return reply.redirect(withDone(linkTo(P.one, row), 'saved'), 303);
  });

  app.get(P.remove, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const row = await checkIns.open(c, c.params.checkInId ?? '', 'change');
    return reply.view('journey/views/remove.njk', { row, links: { one: linkTo(P.one, row), remove: linkTo(P.remove, row) } });
  });

  app.post(P.remove, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    await checkIns.remove(c, c.params.checkInId ?? '');
    return reply.redirect(withDone(P.journey, 'removed'), 303);
  });

  journeyRoutes(app, checkIns, services);
  reminderRoutes(app, services);
  organisationMeasureRoutes(app, services);
};
