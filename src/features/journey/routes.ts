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
import { CHECK_IN, riskSignals, type Measure } from './measures.ts';
import { measureOfRow, offeredMeasures, organisationMeasureRoutes } from './organisation-measures.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import { reminderRoutes } from './reminder-routes.ts';
import { CheckIns, type CheckIn } from './service.ts';

const linkTo = (path: string, row: { id: string }) => pathTo(path, { checkInId: row.id });
const EMPTY: CheckInValues = { answers: {}, note: '', keptWell: [], warningSigns: false };

function valuesOf(row: CheckIn, measure: Measure): CheckInValues {
  const answers: Record<string, string> = {};
  for (const item of measure.items) answers[item.key] = Object.hasOwn(row.answers, item.key) ? String(row.answers[item.key]) : '';
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

  /** A further measure the person's organisation offers them now, if it does. */
  async function offered(c: Ctx, measureId: string): Promise<Measure | undefined> {
    return (await offeredMeasures(services.db, c.me.id)).find((m) => m.id === measureId);
  }

  async function form(reply: FastifyReply, c: Ctx, measure: Measure, values: CheckInValues, errors: FieldError[] = [], row?: CheckIn) {
    const own = measure.id === CHECK_IN.id;
    return reply.code(errors.length ? 400 : 200).view('journey/views/check-in.njk', {
      measure,
      values,
      row,
      action: row ? linkTo(P.edit, row) : own ? P.checkIn : pathTo(P.further, { measureId: measure.id }),
      noteMax: NOTE_MAX,
      further: own && !row ? await offeredMeasures(services.db, c.me.id) : [],
      ...(await stayingWell(c)),
      errors: errorView(errors, tOf(reply)),
    });
  }

  async function save(reply: FastifyReply, c: Ctx, measure: Measure, body: unknown) {
    const values = checkInValues(body, measure);
    const { keepWell } = await stayingWell(c);
    const checked = checkCheckIn(
      values,
      measure,
      keepWell.map((k) => k.id),
    );
    if (!checked.ok) return form(reply, c, measure, values, checked.errors);
    const row = await checkIns.create(c, checked.value, measure);
    return reply.redirect(withDone(linkTo(P.one, row), 'saved'), 303);
  }

  app.get(P.checkIn, ROUTE.account, async (request, reply) => form(reply, ctxOf(request), CHECK_IN, EMPTY));
  app.post(P.checkIn, ROUTE.account, async (request, reply) => save(reply, ctxOf(request), CHECK_IN, request.body));

  // A questionnaire the organisation no longer offers (or never did) leads back to the check-in;
  // answers sent to it are given back, not lost.
  app.get(P.further, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const measure = await offered(c, c.params.measureId ?? '');
    return measure ? form(reply, c, measure, EMPTY) : reply.redirect(P.checkIn, 303);
  });
  app.post(P.further, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const measure = await offered(c, c.params.measureId ?? '');
    if (!measure) return reply.code(409).view('errors/gone.njk', { kept: keptText(request) });
    return save(reply, c, measure, request.body);
  });

  app.get(P.one, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const row = await checkIns.open(c, c.params.checkInId ?? '');
    const measure = await measureOfRow(services.db, c.me.id, row.measureId);
    const { keepWell, warningSignsHref } = await stayingWell(c);
    const t = tOf(reply);
    const own = measure?.id === CHECK_IN.id;
    // Each question and the answer given, in the words the person saw them in.
    const shown = (measure?.items ?? []).map((item) => {
      const given = Object.hasOwn(row.answers, item.key) ? row.answers[item.key] : undefined;
      const label = measure?.options.find((o) => o.value === given)?.label;
      return {
        question: own ? t(`journey:questions.${item.key}`) : item.text,
        answer: given === undefined ? t('journey:one.notAnswered') : own ? t(`journey:options.${String(given)}`) : (label ?? String(given)),
      };
    });
    return reply.view('journey/views/one.njk', {
      measure,
      shown,
      own,
      row,
      editable: measure !== null && checkIns.editable(row),
      risk: measure ? riskSignals(measure, row.answers).length > 0 : false,
      kept: keepWell.filter((k) => row.keptWell.includes(k.id)),
      warningSignsHref,
      links: { edit: linkTo(P.edit, row), remove: linkTo(P.remove, row), journey: P.journey },
    });
  });

  /** The row, to change, with the measure it answers; a check-in more than a day old cannot be changed. */
  async function changeable(c: Ctx) {
    const row = await checkIns.open(c, c.params.checkInId ?? '', 'change');
    const measure = await measureOfRow(services.db, c.me.id, row.measureId);
    return { row, measure: checkIns.editable(row) ? measure : null };
  }

  app.get(P.edit, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const { row, measure } = await changeable(c);
    if (!measure) return reply.code(409).view('journey/views/locked.njk', { back: linkTo(P.one, row) });
    return form(reply, c, measure, valuesOf(row, measure), [], row);
  });

  app.post(P.edit, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const { row, measure } = await changeable(c);
    const locked = () => reply.code(409).view('journey/views/locked.njk', { back: linkTo(P.one, row), kept: keptText(request) });
    if (!measure) return locked();
    const values = checkInValues(request.body, measure);
    const { keepWell } = await stayingWell(c);
    const checked = checkCheckIn(
      values,
      measure,
      keepWell.map((k) => k.id),
    );
    if (!checked.ok) return form(reply, c, measure, values, checked.errors, row);
    if (!(await checkIns.update(c, row.id, checked.value, measure))) return locked();
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
