import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Feature } from '../../services.ts';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { isUuid } from '../../platform/documents.ts';
import { bodyOf, check, errorView, formText, requiredText, tOf, type FieldError } from '../../platform/forms.ts';
import { isPhone, withoutBidiControls } from '../../platform/phone.ts';
import { isNation, NATIONS } from '../help/numbers.ts';
import * as store from './store.ts';

/** The feature is registered under this prefix; its routes are relative to it. */
export const ORGANISATION_PREFIX = '/organisation';
const ROUTES = {
  helplines: '/helplines',
  removeHelpline: '/helplines/:helplineId/remove',
  nation: '/nation',
} as const;
export const ORGANISATION_PATHS = {
  helplines: `${ORGANISATION_PREFIX}${ROUTES.helplines}`,
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

/** Organisation admins keep their organisation's local numbers; they never see anyone's records. */
export const organisationsFeature: Feature = (app, { services: s }) => {
  async function page(reply: FastifyReply, accountId: string, values: Record<string, string> = {}, errors: FieldError[] = []) {
    const orgs = await store.adminOrganisations(s.db, accountId);
    const lines = await store.helplinesOf(
      s.db,
      orgs.map((o) => o.id),
    );
    const withLines = orgs.map((o) => ({ ...o, helplines: lines.filter((l) => l.organisationId === o.id) }));
    return reply
      .code(errors.length ? 400 : 200)
      .view('organisations/views/helplines.njk', { orgs: withLines, nations: NATIONS, values, errors: errorView(errors, tOf(reply)) });
  }

  app.get(ROUTES.helplines, ROUTE.admin, async (request, reply) => page(reply, accountOf(request).id));

  app.post(ROUTES.helplines, { config: { ...ROUTE.admin.config, controls: ['organisationId'] } }, async (request, reply) => {
    const me = accountOf(request);
    const body = bodyOf(request.body);
    const values = {
      organisationId: formText(body.organisationId),
      name: withoutBidiControls(formText(body.name)),
      phone: withoutBidiControls(formText(body.phone)),
      hours: formText(body.hours),
    };
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
    await s.db.transaction(async (tx) => {
      await store.addHelpline(tx, { ...checked.value, now: s.clock.now() });
      await s.audit.record(
        { actorId: me.id, action: 'helpline.added', subjectType: 'organisation', subjectId: values.organisationId, ip: request.ip },
        tx,
      );
    });
    return reply.redirect(ORGANISATION_PATHS.helplines, 303);
  });

  // The nation its people's help page shows first, until they choose another.
  app.post(ROUTES.nation, { config: { ...ROUTE.admin.config, controls: ['organisationId'] } }, async (request, reply) => {
    const me = accountOf(request);
    const body = bodyOf(request.body);
    const organisationId = formText(body.organisationId);
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
    return reply.redirect(ORGANISATION_PATHS.helplines, 303);
  });

  app.post(ROUTES.removeHelpline, ROUTE.admin, async (request, reply) => {
    const me = accountOf(request);
    const { helplineId } = request.params as { helplineId: string };
    const orgs = await store.adminOrganisations(s.db, me.id);
    if (!isUuid(helplineId)) throw new NotFound();
    const removed = await s.db.transaction(async (tx) => {
      if (
        !(await store.removeHelpline(
          tx,
          orgs.map((o) => o.id),
          helplineId,
        ))
      )
        return false;
      await s.audit.record(
        { actorId: me.id, action: 'helpline.removed', subjectType: 'helpline', subjectId: helplineId, ip: request.ip },
        tx,
      );
      return true;
    });
    if (!removed) throw new NotFound();
    return reply.redirect(ORGANISATION_PATHS.helplines, 303);
  });
};
