import type { Feature } from '../../services.ts';
import { NotFound, ROUTE } from '../../platform/access.ts';
import { historyRoutes } from '../../platform/history.ts';
import { viewOf } from '../../platform/shared-view.ts';
import { clearDraft, draftFor, draftRoutes, formPath } from '../../platform/drafts.ts';
import { check, dateError, dateFromParts, formInt, LIMITS, partsOfDate, tOf } from '../../platform/forms.ts';
import * as edits from './edits.ts';
import { listItemForm, meaningForm } from './forms.ts';
import { goalRoutes } from './goal-routes.ts';
import { planChanges } from './history-words.ts';
import { suggestedVersions } from '../circle/suggestions-store.ts';
import { currentMeaning, LIST_SECTIONS, type ListItem, type ListSection } from './model.ts';
import { PLAN_PATHS as P } from './paths.ts';
import { pathTo } from '../../platform/paths.ts';
import { afterEdit, CONFLICT, ctxOf, page, planLinks } from './render.ts';
import { PlanService } from './service.ts';
import { formBody, text, type App } from '../../platform/route-schemas.ts';

/** My recovery plan: what recovery means to me, strengths, goals and steps, its history. */
export const planFeature: Feature = (app, { services }) => {
  const plans = new PlanService(services);
  {
    app.get(P.mine, ROUTE.account, async (request, reply) => {
      const plan = await plans.docs.for(ctxOf(request)).mine();
      return reply.redirect(pathTo(P.overview, { planId: plan.id }), 303);
    });

    app.get(P.overview, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      const plan = await plans.docs.for(c).open(c.planId);
      const { content } = plan;
      return page(reply, 'overview', plan.id, {
        plan: content,
        meaning: currentMeaning(content),
        updatedAt: plan.updatedAt,
        ...(await viewOf(services.db, plan.ownerId, c.me.id)),
      });
    });

    app.get(P.print, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      const plan = await plans.docs.for(c).open(c.planId);
      return page(reply, 'print', plan.id, {
        plan: plan.content,
        meaning: currentMeaning(plan.content),
        printedAt: plans.now(),
        ...(await viewOf(services.db, plan.ownerId, c.me.id)),
      });
    });

    app.get(P.meaning, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      const plan = await plans.docs.for(c).open(c.planId, 'change');
      const saved = { text: currentMeaning(plan.content)?.text ?? '' };
      const kept = await draftFor(services.db, c.me.id, formPath(request), saved);
      return page(reply, 'meaning', plan.id, {
        earlier: [...plan.content.meanings].reverse(),
        values: kept?.values ?? saved,
        draft: kept?.draft,
      });
    });
    // What recovery means to me is kept as a draft as the person types: a session ending loses nothing.
    draftRoutes(app, services, {
      path: P.meaning,
      fieldsOf: async (request) => {
        const c = ctxOf(request);
        await plans.docs.for(c).open(c.planId, 'change');
        return [{ name: 'text', max: LIMITS.long }];
      },
    });
    app.post(P.meaning, { ...ROUTE.account, schema: { body: formBody({ text: text }) } }, async (request, reply) => {
      const c = ctxOf(request);
      const values = { text: request.body.text };
      const checked = check(meaningForm, values);
      if (!checked.ok) {
        const plan = await plans.docs.for(c).open(c.planId, 'change');
        return page(reply, 'meaning', plan.id, { earlier: [...plan.content.meanings].reverse(), values }, checked.errors);
      }
      const result = await plans.docs.for(c).edit(c.planId, 'meaning', (p) => edits.writeMeaning(p, checked.value.text, plans.now()));
      if (result.kind === 'ok') await clearDraft(services.db, c.me.id, formPath(request));
      return afterEdit(reply, result, planLinks(c.planId).overview);
    });

    for (const section of LIST_SECTIONS) listRoutes(app, plans, section);

    app.get(P.review, ROUTE.account, async (request, reply) => {
      const c = ctxOf(request);
      const plan = await plans.docs.for(c).open(c.planId, 'change');
      return page(reply, 'review', plan.id, { values: { ...partsOfDate(plan.content.reviewDate), rev: plan.content.reviewRev } });
    });
    app.post(
      P.review,
      { ...ROUTE.account, schema: { body: formBody({ day: text, month: text, rev: text, year: text }) } },
      async (request, reply) => {
        const c = ctxOf(request);
        const body = request.body;
        const values = { day: body.day, month: body.month, year: body.year, rev: formInt(body.rev) };
        const date = dateFromParts(values.day, values.month, values.year);
        if (!date.ok) {
          await plans.docs.for(c).open(c.planId, 'change');
          return page(reply, 'review', c.planId, { values }, [dateError('reviewDate', date.message)]);
        }
        const result = await plans.docs.for(c).edit(c.planId, 'review', (p) => edits.setReviewDate(p, date.value, values.rev));
        return afterEdit(reply, result, planLinks(c.planId).overview, async (current) => {
          const plan = await plans.docs.for(c).open(c.planId, 'change');
          return page(reply, 'review', c.planId, { values: { ...values, rev: plan.content.reviewRev }, current }, [CONFLICT], 409);
        });
      },
    );

    historyRoutes(app, P, plans.docs, {
      // A version that came from an accepted suggestion says whose it was, to the owner only:
      // others in the circle are not told who else is in it.
      list: async (reply, id, data) => {
        const t = tOf(reply);
        const from = data.readOnly ? new Map<number, string | null>() : await suggestedVersions(services.db, id);
        const changes = planChanges(t, data.revisions).map((words, i) => {
          const version = data.revisions[i]?.version ?? 0;
          return from.has(version)
            ? t('plan:history.suggestedBy', { words, name: from.get(version) ?? t('circle:seen.someoneGone') })
            : words;
        });
        return page(reply, 'history', id, { ...data, changes });
      },
      version: (reply, id, data) =>
        page(reply, 'version', id, { ...data, plan: data.revision.content, meaning: currentMeaning(data.revision.content) }),
    });

    goalRoutes(app, plans);
  }
};

function listRoutes(app: App, plans: PlanService, section: ListSection) {
  const at = (path: string) => path.replace(':section', section);
  const show = (planId: string, items: ListItem[]) => ({ section, items, itemsHref: planLinks(planId)[section] });

  app.get(at(P.list), ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const plan = await plans.docs.for(c).open(c.planId, 'change');
    return page(reply, 'list', plan.id, { ...show(plan.id, plan.content[section]), values: {} });
  });
  app.post(at(P.list), { ...ROUTE.account, schema: { body: formBody({ text: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const values = { text: request.body.text };
    const checked = check(listItemForm, values);
    if (!checked.ok) {
      const plan = await plans.docs.for(c).open(c.planId, 'change');
      return page(reply, 'list', plan.id, { ...show(plan.id, plan.content[section]), values }, checked.errors);
    }
    const result = await plans.docs.for(c).edit(c.planId, `${section}.added`, (p) => edits.addListItem(p, section, checked.value.text));
    return afterEdit(reply, result, planLinks(c.planId)[section]);
  });
  app.get(at(P.listItem), ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const plan = await plans.docs.for(c).open(c.planId, 'change');
    const item = plan.content[section].find((i) => i.id === c.params.itemId);
    if (!item) throw new NotFound();
    return page(reply, 'list-item', plan.id, { section, item, values: { text: item.text, rev: item.rev } });
  });
  app.post(at(P.listItem), { ...ROUTE.account, schema: { body: formBody({ rev: text, text: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const body = request.body;
    const values = { text: body.text, rev: formInt(body.rev) };
    const itemId = c.params.itemId ?? '';
    const checked = check(listItemForm, values);
    const again = async (errors: Parameters<typeof page>[4], status?: number, current?: unknown) => {
      const plan = await plans.docs.for(c).open(c.planId, 'change');
      const item = plan.content[section].find((i) => i.id === itemId);
      if (!item) throw new NotFound();
      return page(
        reply,
        'list-item',
        plan.id,
        { section, item, values: { ...values, rev: current ? item.rev : values.rev }, current },
        errors,
        status,
      );
    };
    if (!checked.ok) return again(checked.errors);
    const result = await plans.docs
      .for(c)
      .edit(c.planId, { kind: `${section}.edited`, item: itemId }, (p) =>
        edits.editListItem(p, section, itemId, checked.value.text, values.rev),
      );
    return afterEdit(reply, result, planLinks(c.planId)[section], (current) => again([CONFLICT], 409, current));
  });
  app.post(at(P.listItemRemove), { ...ROUTE.account, schema: { body: formBody({ rev: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const result = await plans.docs
      .for(c)
      .edit(c.planId, { kind: `${section}.removed`, item: c.params.itemId }, (p) =>
        edits.removeListItem(p, section, c.params.itemId ?? '', formInt(request.body.rev)),
      );
    return afterEdit(reply, result, planLinks(c.planId)[section], undefined, 'removed');
  });
  app.post(
    at(P.listItemMove),
    { config: { ...ROUTE.account.config, controls: ['direction'] }, schema: { body: formBody({ direction: text }) } },
    async (request, reply) => {
      const c = ctxOf(request);
      const direction = request.body.direction === 'up' ? 'up' : 'down';
      const result = await plans.docs
        .for(c)
        .edit(c.planId, { kind: `${section}.moved`, item: c.params.itemId }, (p) =>
          edits.moveListItem(p, section, c.params.itemId ?? '', direction),
        );
      return afterEdit(reply, result, `${planLinks(c.planId)[section]}#item-${c.params.itemId ?? ''}`);
    },
  );
}
