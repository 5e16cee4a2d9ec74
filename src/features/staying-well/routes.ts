import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { errorView, formInt, tOf, type FieldError } from '../../platform/forms.ts';
import { afterEdit } from '../../platform/owned-documents.ts';
import { historyRoutes } from '../../platform/history.ts';
import { viewOf } from '../../platform/shared-view.ts';
import { clearDraft, draftFor, draftRoutes, formPath } from '../../platform/drafts.ts';
import { ctxOf, NotFound, ROUTE, type Ctx } from '../../platform/access.ts';
import { pathTo } from '../../platform/paths.ts';
import * as edits from './edits.ts';
import { nothingWritten, readFields } from './forms.ts';
import { itemsOf, PLAN_DEFS, sectionOf, textOf, type Content, type PlanDef, type SectionDef } from './model.ts';
import { DOWNLOAD_PATHS, pathsFor } from './paths.ts';
import type { WellbeingPlans } from './service.ts';
import { peopleNamed, personValues, safetyPlanHref, takesPeople, whoToCall, type NamedPerson } from './helplines.ts';
import { wellbeingChanges } from './history-words.ts';
import type { Nation } from '../help/numbers.ts';
import { nationOfAccount } from '../organisations/store.ts';
import { formBody, text, type App } from '../../platform/route-schemas.ts';

const EMPTY: FieldError = { field: 'form', message: 'staying-well:errors.empty' };
const CONFLICT: FieldError = { field: 'form', message: 'common:conflict.message' };

export function linksFor(def: PlanDef, planId: string) {
  const p = pathsFor(def);
  return {
    overview: pathTo(p.overview, { planId }),
    history: pathTo(p.history, { planId }),
    section: (key: string) => pathTo(p.section, { planId, section: key }),
  };
}

/** Draws one of the plans' pages, with "If I'm in crisis" leading straight to the safety plan. */
const LAW_OF: Record<Nation, 'englandWales' | 'scotland' | 'northernIreland'> = {
  england: 'englandWales',
  wales: 'englandWales',
  scotland: 'scotland',
  'northern-ireland': 'northernIreland',
};

async function lawOf(plans: WellbeingPlans, accountId: string) {
  const nation = await nationOfAccount(plans.s.db, accountId);
  return { nation, law: nation ? LAW_OF[nation] : null };
}

const showWith =
  (plans: WellbeingPlans) =>
  async (
    reply: FastifyReply,
    template: string,
    def: PlanDef,
    planId: string,
    data: Record<string, unknown>,
    errors: FieldError[] = [],
    status?: number,
  ) => {
    const viewer = ctxOf(reply.request);
    const crisisHref = def.slug === 'safety' ? linksFor(def, planId).overview : await safetyPlanHref(plans, viewer);
    // The advance statement explains the law where the person is supported: it differs by nation.
    const law = (data.section as SectionDef | undefined)?.key === 'advance' ? await lawOf(plans, viewer.me.id) : {};
    return reply.code(status ?? (errors.length ? 400 : 200)).view(`staying-well/views/${template}.njk`, {
      ...data,
      ...law,
      def,
      slug: def.slug,
      links: linksFor(def, planId),
      downloads: DOWNLOAD_PATHS,
      crisisHref,
      errors: errorView(errors, tOf(reply)),
    });
  };

export function wellbeingRoutes(app: App, plans: WellbeingPlans): void {
  for (const def of PLAN_DEFS) planRoutes(app, plans, def);
}

function planRoutes(app: App, plans: WellbeingPlans, def: PlanDef): void {
  const P = pathsFor(def);
  const docs = plans.of(def);
  const show = showWith(plans);
  const sectionFor = (c: Ctx): SectionDef => {
    const section = sectionOf(def, c.params.section ?? '');
    if (!section) throw new NotFound();
    return section;
  };
  const sectionPage = (
    reply: FastifyReply,
    c: Ctx,
    content: Content,
    section: SectionDef,
    values: Record<string, string>,
    more: { errors?: FieldError[]; draft?: { savedAt: Date; discard: string }; people?: NamedPerson[] } = {},
  ) => {
    const text = textOf(content, section.key);
    const { errors = [], draft, people = [] } = more;
    return show(
      reply,
      'section',
      def,
      c.planId,
      {
        section,
        items: itemsOf(content, section.key),
        text,
        values: section.kind === 'text' && !errors.length && !draft ? text.values : values,
        rev: section.kind === 'text' ? text.rev : 0,
        draft,
        people,
      },
      errors,
    );
  };

  app.get(P.mine, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const doc = await docs.for(c).mine();
    return reply.redirect(pathTo(P.overview, { planId: doc.id }), 303);
  });

  app.get(P.overview, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const doc = await docs.for(c).open(c.planId);
    const view = await viewOf(plans.s.db, doc.ownerId, c.me.id);
    // Who to call is the owner's own (their people and organisations): not drawn for anyone else.
    const calls = def.slug === 'safety' && !view.readOnly ? await whoToCall(plans, c, doc.content) : null;
    return show(reply, 'overview', def, doc.id, { content: doc.content, updatedAt: doc.updatedAt, calls, ...view });
  });

  app.get(P.section, { ...ROUTE.account, schema: { querystring: z.object({ use: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const section = sectionFor(c);
    const doc = await docs.for(c).open(c.planId, 'change');
    if (section.kind === 'text') {
      const kept = await draftFor(plans.s.db, c.me.id, formPath(request), textOf(doc.content, section.key).values);
      return sectionPage(reply, c, doc.content, section, kept?.values ?? {}, { draft: kept?.draft });
    }
    // Someone already named in another part of the plans can be chosen instead of typed again
    // (`?use=` fills the form from them: a link, so it works without JavaScript, and writes nothing).
    const people = takesPeople(section) ? await peopleNamed(plans, c, { slug: def.slug, section: section.key }) : [];
    const use = request.query.use;
    const chosen = people.find((p) => p.id === use);
    return sectionPage(reply, c, doc.content, section, chosen ? personValues(section, chosen) : {}, { people });
  });

  // Long writing is kept as a draft as the person types, so a session ending loses nothing.
  if (def.sections.some((section) => section.kind === 'text' && section.fields.some((f) => f.type === 'textarea')))
    draftRoutes(
      app,
      { db: plans.s.db, clock: plans.s.clock },
      {
        path: P.section,
        fieldsOf: async (request) => {
          const c = ctxOf(request);
          const section = sectionFor(c);
          const long = section.kind === 'text' ? section.fields.filter((f) => f.type === 'textarea') : [];
          if (!long.length) throw new NotFound();
          await docs.for(c).open(c.planId, 'change');
          return long;
        },
      },
    );
  app.post(P.section, { ...ROUTE.account, schema: { body: formBody({ rev: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const section = sectionFor(c);
    const body = request.body;
    const { values, errors } = readFields(def, section, body);
    if (section.kind === 'list' && !errors.length && nothingWritten(section, values)) errors.push(EMPTY);
    if (errors.length) {
      const doc = await docs.for(c).open(c.planId, 'change');
      return sectionPage(reply, c, doc.content, section, values, { errors });
    }
    const rev = formInt(body.rev);
    const result = await docs
      .for(c)
      .edit(c.planId, `${section.key}.${section.kind === 'list' ? 'added' : 'saved'}`, (content) =>
        section.kind === 'list'
          ? edits.addEntry(content, section.key, values)
          : edits.saveText(content, section.key, values, rev, plans.now()),
      );
    if (result.kind === 'ok' && section.kind === 'text') await clearDraft(plans.s.db, c.me.id, formPath(request));
    const next =
      section.kind === 'list' ? linksFor(def, c.planId).section(section.key) : `${linksFor(def, c.planId).overview}#${section.key}`;
    return afterEdit(reply, result, next, async (current) => {
      const doc = await docs.for(c).open(c.planId, 'change');
      return show(
        reply,
        'section',
        def,
        c.planId,
        { section, items: [], text: textOf(doc.content, section.key), values, rev: textOf(doc.content, section.key).rev, current },
        [CONFLICT],
        409,
      );
    });
  });

  const itemPage = async (
    reply: FastifyReply,
    c: Ctx,
    section: SectionDef,
    values: Record<string, string> | null,
    rev: number | null,
    errors: FieldError[] = [],
    status?: number,
    current?: unknown,
  ) => {
    const doc = await docs.for(c).open(c.planId, 'change');
    const item = itemsOf(doc.content, section.key).find((i) => i.id === c.params.itemId);
    if (!item || section.kind !== 'list') throw new NotFound();
    return show(
      reply,
      'item',
      def,
      c.planId,
      { section, item, values: values ?? item.values, rev: current || rev === null ? item.rev : rev, current },
      errors,
      status,
    );
  };
  app.get(P.item, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    return itemPage(reply, c, sectionFor(c), null, null);
  });
  app.post(P.item, { ...ROUTE.account, schema: { body: formBody({ rev: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const section = sectionFor(c);
    const body = request.body;
    const rev = formInt(body.rev);
    const { values, errors } = readFields(def, section, body);
    if (errors.length) return itemPage(reply, c, section, values, rev, errors);
    const result = await docs
      .for(c)
      .edit(c.planId, { kind: `${section.key}.edited`, item: c.params.itemId }, (content) =>
        edits.editEntry(content, section.key, c.params.itemId ?? '', values, rev),
      );
    return afterEdit(reply, result, linksFor(def, c.planId).section(section.key), (current) =>
      itemPage(reply, c, section, values, rev, [CONFLICT], 409, current),
    );
  });
  app.post(P.remove, { ...ROUTE.account, schema: { body: formBody({ rev: text }) } }, async (request, reply) => {
    const c = ctxOf(request);
    const section = sectionFor(c);
    const result = await docs
      .for(c)
      .edit(c.planId, { kind: `${section.key}.removed`, item: c.params.itemId }, (content) =>
        edits.removeEntry(content, section.key, c.params.itemId ?? '', formInt(request.body.rev)),
      );
    return afterEdit(reply, result, linksFor(def, c.planId).section(section.key), undefined, 'removed');
  });
  app.post(
    P.move,
    { config: { ...ROUTE.account.config, controls: ['direction'] }, schema: { body: formBody({ direction: text }) } },
    async (request, reply) => {
      const c = ctxOf(request);
      const section = sectionFor(c);
      const direction = request.body.direction === 'up' ? 'up' : 'down';
      const result = await docs
        .for(c)
        .edit(c.planId, { kind: `${section.key}.moved`, item: c.params.itemId }, (content) =>
          edits.moveEntry(content, section.key, c.params.itemId ?? '', direction),
        );
      return afterEdit(reply, result, `${linksFor(def, c.planId).section(section.key)}#item-${c.params.itemId ?? ''}`);
    },
  );

  historyRoutes(app, P, docs, {
    list: (reply, id, data) => show(reply, 'history', def, id, { ...data, changes: wellbeingChanges(tOf(reply), def, data.revisions) }),
    version: (reply, id, data) => show(reply, 'version', def, id, { ...data, content: data.revision.content }),
  });
}
