import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Feature } from '../../services.ts';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { isUuid } from '../../platform/documents.ts';
import { withDone } from '../../platform/owned-documents.ts';
import { check, errorView, formText, requiredText, tOf, type FieldError } from '../../platform/forms.ts';
import { isPhone, withoutBidiControls } from '../../platform/phone.ts';
import { isNation, NATIONS } from '../help/numbers.ts';
import { memberRoutes } from './members-routes.ts';
import * as store from './store.ts';
import { formBody, paramOf, text } from '../../platform/route-schemas.ts';

/** The feature is registered under this prefix; its routes are relative to it. */
export const ORGANISATION_PREFIX = '/organisation';
const ROUTES = {
  helplines: '/helplines',
  editHelpline: '/helplines/:helplineId/edit',
  removeHelpline: '/helplines/:helplineId/remove',
  nation: '/nation',
} as const;
export const ORGANISATION_PATHS = {
  helplines: `${ORGANISATION_PREFIX}${ROUTES.helplines}`,
  editHelpline: `${ORGANISATION_PREFIX}${ROUTES.editHelpline}`,
  removeHelpline: `${ORGANISATION_PREFIX}${ROUTES.removeHelpline}`,
  nation: `${ORGANISATION_PREFIX}${ROUTES.nation}`,
} as const;

const helplineForm = z.object({
  organisationId: z.string(),
  name: requiredText(200, { required: 'organisations:errors.nameRequired', tooLong: 'organisations:errors.tooLong' }),
  phone: z
    .string()
    .refine((p) => p.trim().length > 0, 'organisations:errors.phoneRequired')
    .refine(isPhone, 'organisations:errors.phoneInvalid'),
  hours: z.string().refine((h) => h.length <= 200, 'organisations:errors.tooLong'),
});

/** What the add and change forms sent: "preview" shows it as on a safety plan, without saving. */
function helplineValues(body: Record<string, unknown>) {
  return {
    organisationId: formText(body.organisationId),
    name: withoutBidiControls(formText(body.name)),
    phone: withoutBidiControls(formText(body.phone)),
    hours: formText(body.hours),
  };
}
const wantsPreview = (body: Record<string, unknown>): boolean => body.action === 'preview';

/** Organisation admins keep their organisation's local numbers; they never see anyone's records. */
export const organisationsFeature: Feature = (app, { services: s }) => {
  async function page(
    reply: FastifyReply,
    accountId: string,
    values: Record<string, string> = {},
    errors: FieldError[] = [],
    preview = false,
  ) {
    const orgs = await store.adminOrganisations(s.db, accountId);
    const lines = await store.helplinesOf(
      s.db,
      orgs.map((o) => o.id),
    );
    const withLines = orgs.map((o) => ({ ...o, helplines: lines.filter((l) => l.organisationId === o.id) }));
    return reply.code(errors.length ? 400 : 200).view('organisations/views/helplines.njk', {
      orgs: withLines,
      nations: NATIONS,
      values,
      preview,
      errors: errorView(errors, tOf(reply)),
    });
  }

  /** The helpline named in the path, if it is one of this admin's organisations'; otherwise 404. */
  async function lineOf(request: FastifyRequest) {
    const helplineId = paramOf(request, 'helplineId');
    if (!isUuid(helplineId)) throw new NotFound();
    const orgIds = (await store.adminOrganisations(s.db, accountOf(request).id)).map((o) => o.id);
    const line = await store.helplineIn(s.db, orgIds, helplineId);
    if (!line) throw new NotFound();
    return { line, orgIds };
  }

  app.get(ROUTES.helplines, ROUTE.admin, async (request, reply) => page(reply, accountOf(request).id));

  app.post(
    ROUTES.helplines,
    { config: { ...ROUTE.admin.config, controls: ['organisationId', 'action'] }, schema: { body: formBody({}) } },
    async (request, reply) => {
      const me = accountOf(request);
      const body = request.body;
      const values = helplineValues(body);
      const orgs = await store.adminOrganisations(s.db, me.id);
      if (!orgs.some((o) => o.id === values.organisationId)) throw new NotFound();
      const checked = check(helplineForm, values);
      if (!checked.ok)
        return page(
          reply,
          me.id,
          values,
          checked.errors.map((e) => ({ ...e, field: `${e.field}-${values.organisationId}` })),
        );
      if (wantsPreview(body)) return page(reply, me.id, values, [], true);
      await s.db.transaction(async (tx) => {
        await store.addHelpline(tx, { ...checked.value, now: s.clock.now() });
        await s.audit.record(
          { actorId: me.id, action: 'helpline.added', subjectType: 'organisation', subjectId: values.organisationId, ip: request.ip },
          tx,
        );
      });
      return reply.redirect(withDone(ORGANISATION_PATHS.helplines, 'saved'), 303);
    },
  );

  app.get(ROUTES.editHelpline, ROUTE.admin, async (request, reply) => {
    const { line } = await lineOf(request);
    return reply.view('organisations/views/helpline.njk', { line, values: line, errors: errorView([], tOf(reply)) });
  });

  app.post(
    ROUTES.editHelpline,
    { config: { ...ROUTE.admin.config, controls: ['organisationId', 'action'] }, schema: { body: formBody({}) } },
    async (request, reply) => {
      const me = accountOf(request);
      const { line, orgIds } = await lineOf(request);
      const body = request.body;
      const values = { ...helplineValues(body), organisationId: line.organisationId };
      const checked = check(helplineForm, values);
      const view = (errors: FieldError[], preview: boolean) =>
        reply
          .code(errors.length ? 400 : 200)
          .view('organisations/views/helpline.njk', { line, values, preview, errors: errorView(errors, tOf(reply)) });
      if (!checked.ok) return view(checked.errors, false);
      if (wantsPreview(body)) return view([], true);
      await s.db.transaction(async (tx) => {
        const { name, phone, hours } = checked.value;
        if (!(await store.updateHelpline(tx, orgIds, line.id, { name, phone, hours }))) throw new NotFound();
        await s.audit.record(
          { actorId: me.id, action: 'helpline.changed', subjectType: 'helpline', subjectId: line.id, ip: request.ip },
          tx,
        );
      });
      return reply.redirect(withDone(ORGANISATION_PATHS.helplines, 'saved'), 303);
    },
  );

  // The nation its people's help page shows first, until they choose another.
  app.post(
    ROUTES.nation,
    { config: { ...ROUTE.admin.config, controls: ['organisationId'] }, schema: { body: formBody({ organisationId: text }) } },
    async (request, reply) => {
      const me = accountOf(request);
      const body = request.body;
      const organisationId = body.organisationId;
      const orgs = await store.adminOrganisations(s.db, me.id);
      if (!orgs.some((o) => o.id === organisationId)) throw new NotFound();
      // One choice from the list: a repeated field is refused, never read as its first value.
      const nation = typeof body.nation === 'string' && isNation(body.nation) ? body.nation : null;
      if (!nation) {
        const errors = [{ field: `nation-${organisationId}`, message: 'organisations:errors.nationRequired' }];
        return page(reply, me.id, { organisationId, form: 'nation' }, errors);
      }
      await s.db.transaction(async (tx) => {
        await store.setNation(tx, organisationId, nation);
        await s.audit.record(
          { actorId: me.id, action: 'organisation.nation.set', subjectType: 'organisation', subjectId: organisationId, ip: request.ip },
          tx,
        );
      });
      return reply.redirect(withDone(ORGANISATION_PATHS.helplines, 'saved'), 303);
    },
  );

  // Removing asks first, showing the number as people see it now: they may be relying on it.
  app.get(ROUTES.removeHelpline, ROUTE.admin, async (request, reply) => {
    const { line } = await lineOf(request);
    return reply.view('organisations/views/remove-helpline.njk', { line });
  });

  app.post(ROUTES.removeHelpline, ROUTE.admin, async (request, reply) => {
    const me = accountOf(request);
    const { line, orgIds } = await lineOf(request);
    await s.db.transaction(async (tx) => {
      if (!(await store.removeHelpline(tx, orgIds, line.id))) throw new NotFound();
      await s.audit.record({ actorId: me.id, action: 'helpline.removed', subjectType: 'helpline', subjectId: line.id, ip: request.ip }, tx);
    });
    return reply.redirect(withDone(ORGANISATION_PATHS.helplines, 'removed'), 303);
  });

  memberRoutes(app, s);
};
