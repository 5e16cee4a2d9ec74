import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { documents } from '../../db/schema.ts';
import { accountOf, ctxOf, NotFound, ROUTE } from '../../platform/access.ts';
import { AuthenticatorNeeded, mustSetUpAuthenticator } from '../../platform/authenticator-gate.ts';
import { isUuid } from '../../platform/documents.ts';
import { bodyOf, check, errorView, formText, LIMITS, tOf, type FieldError } from '../../platform/forms.ts';
import { withDone } from '../../platform/owned-documents.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Services } from '../../services.ts';
import { addGoal, addStep } from '../plan/edits.ts';
import { PLAN_KIND, PLAN_PARTS, PlanService } from '../plan/service.ts';
import { sharingFrom } from './caseload-store.ts';
import * as store from './suggestions-store.ts';

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

const suggestForm = z
  .object({
    kind: z.string().refine((k) => (store.KINDS as readonly string[]).includes(k), 'circle:suggest.errors.kind'),
    part: z.string(),
    goalId: z.string(),
    text: z.string().refine((t) => t.trim().length > 0, 'circle:suggest.errors.text'),
  })
  .superRefine((v, ctx) => {
    if (v.text.length > (v.kind === 'goal' ? LIMITS.short : LIMITS.item))
      ctx.addIssue({
        code: 'custom',
        path: ['text'],
        message: v.kind === 'goal' ? 'circle:suggest.errors.goalTooLong' : 'circle:suggest.errors.tooLong',
      });
    if (v.kind === 'step' && !v.goalId) ctx.addIssue({ code: 'custom', path: ['goalId'], message: 'circle:suggest.errors.goal' });
    if (v.kind === 'comment' && !v.part) ctx.addIssue({ code: 'custom', path: ['part'], message: 'circle:suggest.errors.part' });
  });

const paramOf = (request: FastifyRequest, name: string): string => formText((request.params as Record<string, unknown>)[name]);

/**
 * Suggestions, not edits: someone a person lets suggest proposes a goal, a step or a comment;
 * only the person changes their plan, by accepting (as it is or changed first) or declining
 * with their own view, which then stays beside the suggestion as "where we see things differently".
 */
export function suggestionRoutes(app: FastifyInstance, s: Services): void {
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

  app.get(P.suggest, ROUTE.account, async (request, reply) => suggestPage(reply, request, { kind: '', part: '', goalId: '', text: '' }));

  app.post(P.suggest, { config: { ...ROUTE.account.config, controls: ['kind', 'part', 'goalId'] } }, async (request, reply) => {
    const body = bodyOf(request.body);
    // One choice each: a repeated field is refused, never read as its first value.
    const one = (v: unknown) => (typeof v === 'string' ? v : '');
    const values = { kind: one(body.kind), part: one(body.part), goalId: one(body.goalId), text: formText(body.text) };
    const { person, parts, goals } = await suggestingTo(request);
    const checked = check(suggestForm, values);
    if (!checked.ok) return suggestPage(reply, request, values, checked.errors);
    const kind = checked.value.kind as store.SuggestionKind;
    const part = kind === 'comment' ? checked.value.part : PLAN_PARTS.goals;
    if (!parts.includes(part) || (kind === 'step' && !goals.some((g) => g.id === checked.value.goalId)))
      return suggestPage(reply, request, values, [
        { field: kind === 'step' ? 'goalId' : 'part', message: 'circle:suggest.errors.notThere' },
      ]);
    // The policy decides (and audits, for the person to see) whether this member may suggest on this part.
    await s.access.require(ctxOf(request), { ownerId: person.id, part, subjectType: subjectOf(part), subjectId: person.id }, 'suggest');
    await store.add(s.db, {
      ownerId: person.id,
      authorId: accountOf(request).id,
      kind,
      part,
      goalId: kind === 'step' ? checked.value.goalId : null,
      text: checked.value.text.trim(),
      now: s.clock.now(),
    });
    return reply.redirect(withDone(pathTo('/people/:ownerId', { ownerId: person.id }), 'saved'), 303);
  });

  app.get(P.mine, ROUTE.account, async (request, reply) => {
    const all = await store.toOwner(s.db, accountOf(request).id);
    return reply.view('circle/views/suggestions.njk', {
      pending: all.filter((x) => x.status === 'pending'),
      differently: all.filter((x) => x.status === 'declined'),
    });
  });

  async function pendingFor(request: FastifyRequest) {
    const id = paramOf(request, 'suggestionId');
    const found = isUuid(id) ? await store.pendingOf(s.db, accountOf(request).id, id) : undefined;
    if (!found) throw new NotFound();
    return found;
  }

  const decidePage = (reply: FastifyReply, suggestion: store.Shown, values: Record<string, string>, errors: FieldError[] = []) =>
    reply
      .code(errors.length ? 400 : 200)
      .view('circle/views/suggestion.njk', { suggestion, values, errors: errorView(errors, tOf(reply)) });

  app.get(P.one, ROUTE.account, async (request, reply) => {
    const suggestion = await pendingFor(request);
    return decidePage(reply, suggestion, { text: suggestion.text, reply: '' });
  });

  app.post(P.accept, ROUTE.account, async (request, reply) => {
    const suggestion = await pendingFor(request);
    const text = formText(bodyOf(request.body).text).trim() || suggestion.text;
    const goal = suggestion.kind === 'goal';
    if (text.length > (goal ? LIMITS.short : LIMITS.item))
      return decidePage(reply, suggestion, { text, reply: '' }, [
        { field: 'text', message: goal ? 'circle:suggest.errors.goalTooLong' : 'circle:suggest.errors.tooLong' },
      ]);
    const now = s.clock.now();
    // Taken first, so a second tab accepting the same suggestion adds nothing twice.
    if (!(await store.decide(s.db, suggestion.id, { status: 'accepted', reply: null, now }))) throw new NotFound();
    if (suggestion.kind !== 'comment') {
      const docs = plans.docs.for(ctxOf(request));
      const plan = await docs.mine();
      const result =
        suggestion.kind === 'goal'
          ? await docs.edit(plan.id, 'goal.added', (p) =>
              addGoal(p, { title: text, why: '', chime: [], lifeArea: null, status: 'working' }, now),
            )
          : await docs.edit(plan.id, 'step.added', (p) => addStep(p, suggestion.goalId ?? '', { text, whoHelps: '', dueDate: null }));
      if (result.kind !== 'ok') {
        await store.reopen(s.db, suggestion.id);
        return decidePage(reply, suggestion, { text, reply: '' }, [{ field: 'text', message: `circle:suggestions.errors.${result.kind}` }]);
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

  app.post(P.decline, ROUTE.account, async (request, reply) => {
    const suggestion = await pendingFor(request);
    const why = formText(bodyOf(request.body).reply).trim();
    if (why.length > LIMITS.item)
      return decidePage(reply, suggestion, { text: suggestion.text, reply: why }, [
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
