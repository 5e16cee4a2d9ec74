import type { FastifyReply, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { documents } from '../../db/schema.ts';
import { accountOf, ctxOf, NotFound, ROUTE } from '../../platform/access.ts';
import { AuthenticatorNeeded, mustSetUpAuthenticator } from '../../platform/authenticator-gate.ts';
import { isUuid } from '../../platform/documents.ts';
import { check, errorView, formChoice, LIMITS, tOf, type FieldError } from '../../platform/forms.ts';
import { withDone } from '../../platform/owned-documents.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Services } from '../../services.ts';
import { addGoal, addStep, editGoal, editStep } from '../plan/edits.ts';
import type { Goal, Plan } from '../plan/model.ts';
import type { Doc } from '../../platform/documents.ts';
import type { ScopedDocuments } from '../../platform/record-access.ts';
import type { EditResult } from '../../platform/owned-documents.ts';
import { PLAN_KIND, PLAN_PARTS, PlanService } from '../plan/service.ts';
import { sharingFrom } from './caseload-store.ts';
import * as store from './suggestions-store.ts';
import { formBody, paramOf, text, type App } from '../../platform/route-schemas.ts';

export const SUGGESTION_PATHS = {
  mine: '/suggestions',
  one: '/suggestions/:suggestionId',
  accept: '/suggestions/:suggestionId/accept',
  decline: '/suggestions/:suggestionId/decline',
  suggest: '/people/:ownerId/suggest',
} as const;
const P = SUGGESTION_PATHS;

/** How the audit log and "who has seen my plans" name the part a suggestion is about. */
const subjectOf = (part: string) => (part.startsWith(`${PLAN_KIND}.`) ? 'plan' : part);

/** A goal's title (a new goal, or new words for one: `item` is a goal id) is short; a step's words may be longer. */
const isTitle = (kind: string, item: string | null) => kind === 'goal' || (kind === 'change' && !item?.includes(':'));

/** A goal or step of a plan, as `goalId` or `goalId:stepId`. */
function itemOf(goals: readonly Goal[], item: string) {
  const [goalId = '', stepId] = item.split(':');
  const goal = goals.find((g) => g.id === goalId);
  const step = stepId === undefined ? undefined : goal?.steps.find((st) => st.id === stepId);
  if (!goal || (stepId !== undefined && !step)) return undefined;
  return { goal, step, words: step ? step.text : goal.title };
}

/** The words a suggested change would replace, from the owner's own plan as it is now. */
function aboutOf(goals: readonly Goal[], x: store.Shown): string | null {
  if (x.kind !== 'change') return null;
  return itemOf(goals, x.stepId ? `${x.goalId ?? ''}:${x.stepId}` : (x.goalId ?? ''))?.words ?? null;
}

const suggestForm = z
  .object({
    kind: z.string().refine((k) => (store.KINDS as readonly string[]).includes(k), 'circle:suggest.errors.kind'),
    part: z.string(),
    goalId: z.string(),
    item: z.string(),
    text: z.string().refine((t) => t.trim().length > 0, 'circle:suggest.errors.text'),
  })
  .superRefine((v, ctx) => {
    const title = isTitle(v.kind, v.item);
    if (v.text.length > (title ? LIMITS.short : LIMITS.item))
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: title ? 'circle:suggest.errors.goalTooLong' : 'circle:suggest.errors.tooLong',
      });
    if (v.kind === 'step' && !v.goalId) ctx.addIssue({ code: 'custom', path: ['goalId'], message: 'circle:suggest.errors.goal' });
    if (v.kind === 'change' && !v.item) ctx.addIssue({ code: 'custom', path: ['item'], message: 'circle:suggest.errors.item' });
    if (v.kind === 'comment' && !v.part) ctx.addIssue({ code: 'custom', path: ['part'], message: 'circle:suggest.errors.part' });
  });

/**
 * Suggestions, not edits: someone a person lets suggest proposes a goal, a step or a comment;
 * only the person changes their plan, by accepting (as it is or changed first) or declining
 * with their own view, which then stays beside the suggestion as "where we see things differently".
 */
export function suggestionRoutes(app: App, s: Services): void {
  const plans = new PlanService(s);

  /** The person named in the path, as far as they let this member suggest; otherwise 404. */
  async function suggestingTo(request: FastifyRequest) {
    // Supporters and admins suggest, like they read, only once they have an authenticator app.
    if (mustSetUpAuthenticator(accountOf(request))) throw new AuthenticatorNeeded();
    const ownerId = paramOf(request, 'ownerId');
    const person = isUuid(ownerId) ? await sharingFrom(s.db, accountOf(request).id, ownerId, s.clock.now()) : undefined;
    if (!person) throw new NotFound();
    const parts = person.parts.filter((p) => p.level === 'suggest').map((p) => p.part);
    // Shared to see, not to suggest on: the policy refuses it, and the person can see someone tried.
    const first = person.parts[0]?.part ?? PLAN_KIND;
    if (parts.length === 0)
      await s.access.require(ctxOf(request), { ownerId, part: first, subjectType: subjectOf(first), subjectId: ownerId }, 'suggest');
    // Their goals, read through the policy (and so in their "who has seen my plans"), to suggest a step for one.
    const planId = parts.includes(PLAN_PARTS.goals) ? await planIdOf(ownerId) : undefined;
    const goals = planId ? (await plans.docs.for(ctxOf(request)).open(planId)).content.goals.filter((g) => g.status !== 'letGo') : [];
    return { person, parts, goals };
  }

  async function planIdOf(ownerId: string): Promise<string | undefined> {
    const [doc] = await s.db
      .select({ id: documents.id })
      .from(documents)
      .where(and(eq(documents.ownerId, ownerId), eq(documents.kind, PLAN_KIND)));
    return doc?.id;
  }

  async function suggestPage(reply: FastifyReply, request: FastifyRequest, values: Record<string, string>, errors: FieldError[] = []) {
    const { person, parts, goals } = await suggestingTo(request);
    return reply.code(errors.length ? 400 : 200).view('circle/views/suggest.njk', {
      person,
      parts,
      goals,
      canGoal: parts.includes(PLAN_PARTS.goals),
      values,
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(P.suggest, ROUTE.account, async (request, reply) =>
    suggestPage(reply, request, { kind: '', part: '', goalId: '', item: '', text: '' }),
  );

  app.post(
    P.suggest,
    { config: { ...ROUTE.account.config, controls: ['kind', 'part', 'goalId', 'item'] }, schema: { body: formBody({ text: text }) } },
    async (request, reply) => {
      const body = request.body;
      const values = {
        kind: formChoice(body.kind),
        part: formChoice(body.part),
        goalId: formChoice(body.goalId),
        item: formChoice(body.item),
        text: body.text,
      };
      const { person, parts, goals } = await suggestingTo(request);
      const checked = check(suggestForm, values);
      if (!checked.ok) return suggestPage(reply, request, values, checked.errors);
      const kind = checked.value.kind as store.SuggestionKind;
      const part = kind === 'comment' ? checked.value.part : PLAN_PARTS.goals;
      const changed = kind === 'change' ? itemOf(goals, checked.value.item) : undefined;
      const missing = (kind === 'step' && !goals.some((g) => g.id === checked.value.goalId)) || (kind === 'change' && !changed);
      if (!parts.includes(part) || missing)
        return suggestPage(reply, request, values, [
          { field: kind === 'step' ? 'goalId' : kind === 'change' ? 'item' : 'part', message: 'circle:suggest.errors.notThere' },
        ]);
      // The policy decides (and audits, for the person to see) whether this member may suggest on this part.
      await s.access.require(ctxOf(request), { ownerId: person.id, part, subjectType: subjectOf(part), subjectId: person.id }, 'suggest');
      await store.add(s.db, {
        ownerId: person.id,
        authorId: accountOf(request).id,
        kind,
        part,
        goalId: kind === 'step' ? checked.value.goalId : (changed?.goal.id ?? null),
        stepId: changed?.step?.id ?? null,
        text: checked.value.text.trim(),
        now: s.clock.now(),
      });
      return reply.redirect(withDone(pathTo('/people/:ownerId', { ownerId: person.id }), 'saved'), 303);
    },
  );

  app.get(P.mine, ROUTE.account, async (request, reply) => {
    const [all, plan] = await Promise.all([store.toOwner(s.db, accountOf(request).id), plans.docs.for(ctxOf(request)).mine()]);
    const shown = all.map((x) => ({ ...x, about: aboutOf(plan.content.goals, x) }));
    return reply.view('circle/views/suggestions.njk', {
      pending: shown.filter((x) => x.status === 'pending'),
      differently: shown.filter((x) => x.status === 'declined'),
    });
  });

  async function pendingFor(request: FastifyRequest) {
    const id = paramOf(request, 'suggestionId');
    const found = isUuid(id) ? await store.pendingOf(s.db, accountOf(request).id, id) : undefined;
    if (!found) throw new NotFound();
    return found;
  }

  async function decidePage(
    request: FastifyRequest,
    reply: FastifyReply,
    suggestion: store.Shown,
    values: Record<string, string>,
    errors: FieldError[] = [],
  ) {
    const plan = await plans.docs.for(ctxOf(request)).mine();
    return reply.code(errors.length ? 400 : 200).view('circle/views/suggestion.njk', {
      suggestion: { ...suggestion, about: aboutOf(plan.content.goals, suggestion) },
      values,
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(P.one, ROUTE.account, async (request, reply) => {
    const suggestion = await pendingFor(request);
    return decidePage(request, reply, suggestion, { text: suggestion.text, reply: '' });
  });

  app.post(P.accept, { ...ROUTE.account, schema: { body: formBody({ text: text }) } }, async (request, reply) => {
    const suggestion = await pendingFor(request);
    const text = request.body.text.trim() || suggestion.text;
    const goal = isTitle(suggestion.kind, suggestion.stepId ? ':' : '');
    if (text.length > (goal ? LIMITS.short : LIMITS.item))
      return decidePage(request, reply, suggestion, { text, reply: '' }, [
        { field: 'text', message: goal ? 'circle:suggest.errors.goalTooLong' : 'circle:suggest.errors.tooLong' },
      ]);
    const now = s.clock.now();
    // Taken first, so a second tab accepting the same suggestion adds nothing twice.
    if (!(await store.decide(s.db, suggestion.id, { status: 'accepted', reply: null, now }))) throw new NotFound();
    if (suggestion.kind !== 'comment') {
      const docs = plans.docs.for(ctxOf(request));
      const plan = await docs.mine();
      const result = await apply(docs, plan, suggestion, text, now);
      if (result.kind !== 'ok') {
        await store.reopen(s.db, suggestion.id);
        return decidePage(request, reply, suggestion, { text, reply: '' }, [
          { field: 'text', message: `circle:suggestions.errors.${result.kind}` },
        ]);
      }
      await store.applied(s.db, suggestion.id, plan.id, result.version ?? null);
    }
    await s.audit.record({
      actorId: accountOf(request).id,
      action: 'suggestion.accepted',
      subjectType: 'suggestion',
      subjectId: suggestion.id,
      ip: request.ip,
    });
    return reply.redirect(withDone(P.mine, 'saved'), 303);
  });

  /** The suggestion made into the person's own change to their plan. */
  function apply(docs: ScopedDocuments<Plan>, plan: Doc<Plan>, x: store.Shown, text: string, now: Date): Promise<EditResult> {
    if (x.kind === 'goal')
      return docs.edit(plan.id, 'goal.added', (p) =>
        addGoal(p, { title: text, why: '', chime: [], lifeArea: null, status: 'working' }, now),
      );
    if (x.kind === 'step')
      return docs.edit(plan.id, 'step.added', (p) => addStep(p, x.goalId ?? '', { text, whoHelps: '', dueDate: null }));
    const item = itemOf(plan.content.goals, x.stepId ? `${x.goalId ?? ''}:${x.stepId}` : (x.goalId ?? ''));
    if (!item) return Promise.resolve({ kind: 'notFound' });
    const { goal, step } = item;
    if (step) return docs.edit(plan.id, 'step.edited', (p) => editStep(p, goal.id, step.id, { ...step, text }, step.rev));
    return docs.edit(plan.id, 'goal.edited', (p) =>
      editGoal(p, goal.id, { title: text, why: goal.why, chime: goal.chime, lifeArea: goal.lifeArea, status: goal.status }, goal.rev),
    );
  }

  app.post(P.decline, { ...ROUTE.account, schema: { body: formBody({ reply: text }) } }, async (request, reply) => {
    const suggestion = await pendingFor(request);
    const why = request.body.reply.trim();
    if (why.length > LIMITS.item)
      return decidePage(request, reply, suggestion, { text: suggestion.text, reply: why }, [
        { field: 'reply', message: 'circle:suggest.errors.tooLong' },
      ]);
    if (!(await store.decide(s.db, suggestion.id, { status: 'declined', reply: why || null, now: s.clock.now() }))) throw new NotFound();
    await s.audit.record({
      actorId: accountOf(request).id,
      action: 'suggestion.declined',
      subjectType: 'suggestion',
      subjectId: suggestion.id,
      ip: request.ip,
    });
    return reply.redirect(withDone(P.mine, 'saved'), 303);
  });
}
