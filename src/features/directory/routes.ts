import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { ctxOf, NotFound, ROUTE } from '../../platform/access.ts';
import { check, errorView, LIMITS, requiredText, tOf, type FieldError } from '../../platform/forms.ts';
import { afterEdit } from '../../platform/owned-documents.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Feature } from '../../services.ts';
import { addStep } from '../plan/edits.ts';
import { CHIME } from '../plan/model.ts';
import { PLAN_PATHS } from '../plan/paths.ts';
import { PlanService } from '../plan/service.ts';
import { editorRoutes } from './editor-routes.ts';
import { keptOrganisations } from './editor-store.ts';
import { editorsOf, freshnessRoutes, reportRoutes } from './freshness.ts';
import { geocodingFor } from './geocoder.ts';
import { DIRECTORY_PATHS as P, EDITOR_PATHS } from './paths.ts';
import { LANGUAGES, PER_PAGE, searchHref, searchQuery, toQuery } from './query.ts';
import { listing, type Listing } from './listing.ts';
import { DAYS, placePostcode, search, TIMES } from './store.ts';
import { NEEDS } from './taxonomy.ts';
import { formBody, pathParams, text, withParams } from '../../platform/route-schemas.ts';

/** Six months unchecked: searchers are told the listing may be out of date. */
const STALE_DAYS = 183;

const stepForm = z.object({
  goalId: z.string().min(1, 'directory:add.errors.goalRequired'),
  text: requiredText(LIMITS.item, { required: 'directory:add.errors.textRequired', tooLong: 'directory:add.errors.textTooLong' }),
});

export const directoryFeature: Feature = (app, { services: s }) => {
  const plans = new PlanService(s);
  freshnessRoutes(app, s);
  editorRoutes(app, s);
  const stale = (assuredDate: string | null) =>
    !assuredDate || s.clock.now().getTime() - new Date(assuredDate).getTime() > STALE_DAYS * 24 * 60 * 60 * 1000;
  const choices = { chime: CHIME, needs: NEEDS, days: DAYS, times: TIMES, languages: LANGUAGES };

  app.get(P.search, { ...ROUTE.public, schema: { querystring: searchQuery } }, async (request, reply) => {
    const form = request.query;
    const { query, errors } = toQuery(form);
    let near: { lat: number; lng: number } | undefined;
    if (form.postcode.trim() && !errors.some((e) => e.field === 'postcode')) {
      near = (await placePostcode(s.db, form.postcode, geocodingFor(s.geocoder, request.log))) ?? undefined;
      if (!near) errors.push({ field: 'postcode', message: 'directory:errors.postcodeUnknown' });
    }
    if (query.sort === 'distance' && !near && !errors.some((e) => e.field === 'postcode')) {
      errors.push({ field: 'postcode', message: 'directory:errors.postcodeForDistance' });
    }
    // Any query at all is a search (an empty form sent is one too: it lists everything).
    const searched = /\?./.test(request.url);
    const result = searched ? await search(s.db, { ...query, near }) : { hits: [], total: 0 };
    const pages = Math.max(1, Math.ceil(result.total / PER_PAGE));
    return reply.code(errors.length ? 400 : 200).view('directory/views/search.njk', {
      form,
      searched,
      hits: result.hits.map((h) => ({ ...h, href: pathTo(P.listing, { listingId: h.id }), stale: stale(h.assuredDate) })),
      total: result.total,
      page: form.page,
      pages,
      previous: form.page > 1 ? searchHref(P.search, form, Math.min(form.page - 1, pages)) : null,
      next: form.page < pages ? searchHref(P.search, form, form.page + 1) : null,
      choices,
      errors: errorView(errors, tOf(reply)),
    });
  });

  async function found(id: string | undefined): Promise<Listing> {
    const l = id ? await listing(s.db, id) : null;
    if (!l || l.service.status === 'defunct') throw new NotFound();
    return l;
  }

  reportRoutes(app, s, found);
  /** Whether this account keeps this organisation's listings (and so is offered to change one). */
  const keeps = async (accountId: string | undefined, organisationId: string | null) =>
    Boolean(accountId && organisationId && (await keptOrganisations(s.db, accountId)).some((o) => o.id === organisationId));

  app.get(P.listing, withParams(P.listing, ROUTE.public), async (request, reply) => {
    const l = await found(request.params.listingId);
    return reply.view('directory/views/listing.njk', {
      l,
      stale: stale(l.service.assuredDate),
      free: l.costs.every((c) => !c.amount),
      stepFree: l.locations.some((loc) => loc.accessibility.some((a) => a.accessibility === 'step-free')),
      chime: l.terms.filter((t) => (CHIME as readonly string[]).includes(t.term ?? '')),
      needs: l.terms.filter((t) => (NEEDS as readonly string[]).includes(t.term ?? '')),
      peerLed: l.terms.some((t) => t.term === 'peer-led'),
      closed: l.service.status === 'inactive',
      addHref: pathTo(P.addToPlan, { listingId: l.service.id }),
      changeHref: (await keeps(request.account?.id, l.organisation.waymarkOrganisationId))
        ? pathTo(EDITOR_PATHS.edit, { listingId: l.service.id })
        : null,
      reportHref: (await editorsOf(s.db, l.organisation.waymarkOrganisationId)).length
        ? pathTo(P.report, { listingId: l.service.id })
        : null,
    });
  });

  async function addPage(
    reply: FastifyReply,
    request: Parameters<typeof ctxOf>[0],
    l: Listing,
    values: Record<string, string>,
    errors: FieldError[] = [],
  ) {
    const plan = await plans.docs.for(ctxOf(request)).mine();
    const goals = plan.content.goals.filter((g) => g.status !== 'letGo');
    return reply.code(errors.length ? 400 : 200).view('directory/views/add-to-plan.njk', {
      l,
      goals,
      values,
      newGoalHref: pathTo(PLAN_PATHS.goalNew, { planId: plan.id }),
      listingHref: pathTo(P.listing, { listingId: l.service.id }),
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(P.addToPlan, withParams(P.addToPlan, ROUTE.account), async (request, reply) => {
    const l = await found(request.params.listingId);
    const t = tOf(reply);
    return addPage(reply, request, l, { goalId: '', text: t('directory:add.defaultText', { name: l.service.name }) });
  });

  app.post(
    P.addToPlan,
    { ...ROUTE.account, schema: { params: pathParams(P.addToPlan), body: formBody({ goalId: text, text: text }) } },
    async (request, reply) => {
      const l = await found(request.params.listingId);
      const body = request.body;
      const values = { goalId: body.goalId, text: body.text };
      const checked = check(stepForm, values);
      if (!checked.ok) return addPage(reply, request, l, values, checked.errors);
      const c = ctxOf(request);
      const plan = await plans.docs.for(c).mine();
      if (!plan.content.goals.some((g) => g.id === checked.value.goalId)) {
        return addPage(reply, request, l, values, [{ field: 'goalId', message: 'directory:add.errors.goalRequired' }]);
      }
      const { goalId, text } = checked.value;
      const result = await plans.docs
        .for(c)
        .edit(plan.id, 'step.added', (p) => addStep(p, goalId, { text, whoHelps: '', dueDate: null, listingId: l.service.id }));
      return afterEdit(reply, result, `${pathTo(PLAN_PATHS.goal, { planId: plan.id, goalId })}#steps`);
    },
  );
};
