import type { FastifyReply } from 'fastify';
import { NotFound, ROUTE } from '../../platform/access.ts';
import {
  check,
  dateError,
  dateFromParts,
  formInt,
  formList,
  formText,
  partsOfDate,
  type Body,
  type FieldError,
} from '../../platform/forms.ts';
import { withoutBidiControls } from '../../platform/phone.ts';
import { nationOf } from '../organisations/store.ts';
import * as edits from './edits.ts';
import { goalForm, noteForm, stepForm } from './forms.ts';
import type { Goal, Plan, Step } from './model.ts';
import { PLAN_PATHS as P } from './paths.ts';
import { afterEdit, CONFLICT, ctxOf, page, planLinks, type Ctx } from './render.ts';
import type { PlanService } from './service.ts';
import { formBody, text, type App } from '../../platform/route-schemas.ts';

function goalValues(body: Body) {
  return {
    title: formText(body.title),
    why: formText(body.why),
    chime: formList(body.chime),
    lifeArea: formText(body.lifeArea),
    status: formText(body.status) || 'working',
    rev: formInt(body.rev),
  };
}

function stepValues(body: Body) {
  return {
    text: formText(body.text),
    whoHelps: withoutBidiControls(formText(body.whoHelps)),
    day: formText(body.day),
    month: formText(body.month),
    year: formText(body.year),
    done: formText(body.done) === 'yes',
    rev: formInt(body.rev),
  };
}

/** Step fields checked together with their date, so every problem shows at once. */
function checkStep(values: ReturnType<typeof stepValues>) {
  const checked = check(stepForm, values);
  const date = dateFromParts(values.day, values.month, values.year);
  const errors: FieldError[] = checked.ok ? [] : [...checked.errors];
  if (!date.ok) errors.push(dateError('dueDate', date.message));
  if (!checked.ok || !date.ok) return { ok: false as const, errors };
  return { ok: true as const, value: { text: checked.value.text, whoHelps: checked.value.whoHelps, dueDate: date.value } };
}

export function goalRoutes(app: App, plans: PlanService): void {
  /** A goal of the plan, to change or to open its page of forms: only its owner may. */
  async function findGoal(c: Ctx): Promise<{ plan: Plan; goal: Goal }> {
    const doc = await plans.docs.for(c).open(c.planId, 'change');
    const goal = doc.content.goals.find((g) => g.id === c.params.goalId);
    if (!goal) throw new NotFound();
    return { plan: doc.content, goal };
  }
  const goalHref = (c: Ctx, goalId: string) => `${planLinks(c.planId).goals}/${encodeURIComponent(goalId)}`;
  /** The goal form; the Welsh Care and Treatment Plan's life areas are offered only to people
   *  of an organisation in Wales (or on a goal that already has one). */
  async function goalFormPage(
    reply: FastifyReply,
    c: Ctx,
    data: { values: Record<string, unknown> & { lifeArea?: string | null } } & Record<string, unknown>,
    errors: FieldError[] = [],
    status?: number,
  ) {
    const organisations = [...new Set(c.me.roles.map((r) => r.organisationId))];
    const inWales = (await nationOf(plans.db, organisations)) === 'wales';
    return page(reply, 'goal-form', c.planId, { ...data, lifeAreas: inWales || Boolean(data.values.lifeArea) }, errors, status);
  }

  {
    app.get(P.goalNew, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      await plans.docs.for(c).open(c.planId, 'change');
      return goalFormPage(reply, c, { values: { chime: [], status: 'working' } });
    });
    app.post(P.goals, { ...ROUTE.account, schema: { body: formBody({}) } }, async (request, reply) => {
      const c = ctxOf(request);
      const values = goalValues(request.body);
      const checked = check(goalForm, values);
      if (!checked.ok) {
        await plans.docs.for(c).open(c.planId, 'change');
        return goalFormPage(reply, c, { values }, checked.errors);
      }
      const result = await plans.docs.for(c).edit(c.planId, 'goal.added', (p) => edits.addGoal(p, checked.value, plans.now()));
      return afterEdit(reply, result, result.kind === 'ok' ? goalHref(c, result.id ?? '') : planLinks(c.planId).overview);
    });

    app.get(P.goal, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      const { goal } = await findGoal(c);
      return page(reply, 'goal', c.planId, { goal, goalHref: goalHref(c, goal.id), stepValues: {}, noteValues: {} });
    });

    app.get(P.goalEdit, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      const { goal } = await findGoal(c);
      return goalFormPage(reply, c, { goal, values: { ...goal, lifeArea: goal.lifeArea ?? '' } });
    });
    app.post(P.goalEdit, { ...ROUTE.account, schema: { body: formBody({}) } }, async (request, reply) => {
      const c = ctxOf(request);
      const values = goalValues(request.body);
      const again = async (errors: FieldError[], status?: number, current?: Goal) => {
        const { goal } = await findGoal(c);
        return goalFormPage(reply, c, { goal, values: { ...values, rev: current ? goal.rev : values.rev }, current }, errors, status);
      };
      const checked = check(goalForm, values);
      if (!checked.ok) return again(checked.errors);
      const result = await plans.docs
        .for(c)
        .edit(c.planId, { kind: 'goal.edited', item: c.params.goalId }, (p) =>
          edits.editGoal(p, c.params.goalId ?? '', checked.value, values.rev),
        );
      return afterEdit(reply, result, goalHref(c, c.params.goalId ?? ''), (current) => again([CONFLICT], 409, current as Goal));
    });
    app.post(P.goalRemove, { ...ROUTE.account, schema: { body: formBody({ rev: text }) } }, async (request, reply) => {
      const c = ctxOf(request);
      const rev = formInt(request.body.rev);
      const result = await plans.docs
        .for(c)
        .edit(c.planId, { kind: 'goal.removed', item: c.params.goalId }, (p) => edits.removeGoal(p, c.params.goalId ?? '', rev));
      return afterEdit(
        reply,
        result,
        result.kind === 'conflict' ? goalHref(c, c.params.goalId ?? '') : planLinks(c.planId).overview,
        undefined,
        'removed',
      );
    });

    app.post(P.steps, { ...ROUTE.account, schema: { body: formBody({}) } }, async (request, reply) => {
      const c = ctxOf(request);
      const values = stepValues(request.body);
      const checked = checkStep(values);
      if (!checked.ok) {
        const { goal } = await findGoal(c);
        return page(reply, 'goal', c.planId, { goal, goalHref: goalHref(c, goal.id), stepValues: values, noteValues: {} }, checked.errors);
      }
      const result = await plans.docs.for(c).edit(c.planId, 'step.added', (p) => edits.addStep(p, c.params.goalId ?? '', checked.value));
      return afterEdit(reply, result, `${goalHref(c, c.params.goalId ?? '')}#steps`, undefined, 'removed');
    });

    app.get(P.step, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      const { goal } = await findGoal(c);
      const step = goal.steps.find((s) => s.id === c.params.stepId);
      if (!step) throw new NotFound();
      return page(reply, 'step', c.planId, {
        goal,
        step,
        goalHref: goalHref(c, goal.id),
        values: { ...step, ...partsOfDate(step.dueDate) },
      });
    });
    app.post(P.step, { ...ROUTE.account, schema: { body: formBody({}) } }, async (request, reply) => {
      const c = ctxOf(request);
      const values = stepValues(request.body);
      const again = async (errors: FieldError[], status?: number, current?: Step) => {
        const { goal } = await findGoal(c);
        const step = goal.steps.find((s) => s.id === c.params.stepId);
        if (!step) throw new NotFound();
        return page(
          reply,
          'step',
          c.planId,
          { goal, step, goalHref: goalHref(c, goal.id), values: { ...values, rev: current ? step.rev : values.rev }, current },
          errors,
          status,
        );
      };
      const checked = checkStep(values);
      if (!checked.ok) return again(checked.errors);
      const fields = { ...checked.value, done: values.done };
      const result = await plans.docs
        .for(c)
        .edit(c.planId, { kind: 'step.edited', item: c.params.stepId }, (p) =>
          edits.editStep(p, c.params.goalId ?? '', c.params.stepId ?? '', fields, values.rev),
        );
      return afterEdit(reply, result, `${goalHref(c, c.params.goalId ?? '')}#steps`, (current) => again([CONFLICT], 409, current as Step));
    });
    app.post(P.stepToggle, { ...ROUTE.account, schema: { body: formBody({ done: text }) } }, async (request, reply) => {
      const c = ctxOf(request);
      const done = request.body.done === 'yes';
      const result = await plans.docs
        .for(c)
        .edit(c.planId, { kind: 'step.toggled', item: c.params.stepId }, (p) =>
          edits.markStep(p, c.params.goalId ?? '', c.params.stepId ?? '', done),
        );
      return afterEdit(reply, result, `${goalHref(c, c.params.goalId ?? '')}#step-${c.params.stepId ?? ''}`);
    });
    app.post(P.stepRemove, { ...ROUTE.account, schema: { body: formBody({ rev: text }) } }, async (request, reply) => {
      const c = ctxOf(request);
      const result = await plans.docs
        .for(c)
        .edit(c.planId, { kind: 'step.removed', item: c.params.stepId }, (p) =>
          edits.removeStep(p, c.params.goalId ?? '', c.params.stepId ?? '', formInt(request.body.rev)),
        );
      return afterEdit(reply, result, `${goalHref(c, c.params.goalId ?? '')}#steps`);
    });

    app.post(P.notes, { ...ROUTE.account, schema: { body: formBody({ text: text }) } }, async (request, reply) => {
      const c = ctxOf(request);
      const values = { text: request.body.text };
      const checked = check(noteForm, values);
      if (!checked.ok) {
        const { goal } = await findGoal(c);
        const errors = checked.errors.map((e) => ({ ...e, field: 'note' }));
        return page(reply, 'goal', c.planId, { goal, goalHref: goalHref(c, goal.id), stepValues: {}, noteValues: values }, errors);
      }
      const result = await plans.docs
        .for(c)
        .edit(c.planId, { kind: 'note.added', item: c.params.goalId }, (p) =>
          edits.addNote(p, c.params.goalId ?? '', checked.value.text, c.me.id, plans.now()),
        );
      return afterEdit(reply, result, `${goalHref(c, c.params.goalId ?? '')}#notes`);
    });
  }
}
