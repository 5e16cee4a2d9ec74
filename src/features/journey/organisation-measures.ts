import type { FastifyReply } from 'fastify';
import { and, eq, inArray } from 'drizzle-orm';
import { memberships, organisationMeasures } from '../../db/schema.ts';
import type { Queryable } from '../../db/client.ts';
import { accountOf, NotFound, ROUTE } from '../../platform/access.ts';
import { errorView, tOf, type FieldError } from '../../platform/forms.ts';
import { withDone } from '../../platform/owned-documents.ts';
import type { Services } from '../../services.ts';
import { adminOrganisations } from '../organisations/store.ts';
import { CHECK_IN, measureSchema, parseMeasure, type Measure } from './measures.ts';
import { formBody, pathParams, text, type App } from '../../platform/route-schemas.ts';

export const MEASURE_PATHS = {
  list: '/organisation/measures',
  toggle: '/organisation/measures/:measureId/toggle',
} as const;

/** The measures the organisations a person belongs to have turned on for them. */
export async function offeredMeasures(db: Queryable, accountId: string): Promise<Measure[]> {
  const rows = await db
    .select({ definition: organisationMeasures.definition })
    .from(organisationMeasures)
    .innerJoin(memberships, eq(memberships.organisationId, organisationMeasures.organisationId))
    .where(and(eq(memberships.accountId, accountId), eq(memberships.role, 'person'), eq(organisationMeasures.enabled, true)));
  const seen = new Map<string, Measure>();
  for (const row of rows) {
    const parsed = measureSchema.safeParse(row.definition);
    if (parsed.success && !seen.has(parsed.data.id)) seen.set(parsed.data.id, parsed.data);
  }
  return [...seen.values()];
}

/** The measure a person's check-in answered: our own, or one of their organisations' (even if
 *  since turned off, so an earlier check-in can still be read); null if it is gone. */
export async function measureOfRow(db: Queryable, accountId: string, measureId: string): Promise<Measure | null> {
  if (measureId === CHECK_IN.id) return CHECK_IN;
  const rows = await db
    .select({ definition: organisationMeasures.definition })
    .from(organisationMeasures)
    .innerJoin(memberships, eq(memberships.organisationId, organisationMeasures.organisationId))
    .where(and(eq(memberships.accountId, accountId), eq(organisationMeasures.measureId, measureId)));
  for (const row of rows) {
    const parsed = measureSchema.safeParse(row.definition);
    if (parsed.success) return parsed.data;
  }
  return null;
}

/**
 * An organisation admin loads a further measure (one the organisation holds a licence for) from
 * its JSON definition, checked against the definition schema, and turns it on or off for the
 * organisation's people. Nothing in a definition is ever run: scoring is one of a fixed set of rules.
 */
export function organisationMeasureRoutes(app: App, s: Services): void {
  async function page(
    reply: FastifyReply,
    accountId: string,
    values: Record<string, string> = {},
    errors: FieldError[] = [],
    problems: string[] = [],
  ) {
    const orgs = await adminOrganisations(s.db, accountId);
    const rows = orgs.length
      ? await s.db
          .select()
          .from(organisationMeasures)
          .where(
            inArray(
              organisationMeasures.organisationId,
              orgs.map((o) => o.id),
            ),
          )
      : [];
    const loaded = rows.flatMap((r) => {
      const parsed = measureSchema.safeParse(r.definition);
      return parsed.success ? [{ ...r, measure: parsed.data }] : [];
    });
    return reply.code(errors.length ? 400 : 200).view('journey/views/organisation-measures.njk', {
      orgs: orgs.map((o) => ({ ...o, measures: loaded.filter((m) => m.organisationId === o.id) })),
      values,
      problems,
      errors: errorView(errors, tOf(reply)),
    });
  }

  app.get(MEASURE_PATHS.list, ROUTE.admin, async (request, reply) => page(reply, accountOf(request).id));

  app.post(
    MEASURE_PATHS.list,
    {
      config: { ...ROUTE.admin.config, controls: ['organisationId'] },
      schema: { body: formBody({ definition: text, organisationId: text }) },
    },
    async (request, reply) => {
      const me = accountOf(request);
      const body = request.body;
      const values = { organisationId: body.organisationId, definition: body.definition };
      const orgs = await adminOrganisations(s.db, me.id);
      if (!orgs.some((o) => o.id === values.organisationId)) throw new NotFound();
      const field = `definition-${values.organisationId}`;
      if (values.definition.trim() === '') return page(reply, me.id, values, [{ field, message: 'journey:measures.errors.empty' }]);
      const parsed = parseMeasure(values.definition);
      if (!parsed.ok) return page(reply, me.id, values, [{ field, message: 'journey:measures.errors.invalid' }], parsed.errors);
      if (parsed.measure.id === CHECK_IN.id) return page(reply, me.id, values, [{ field, message: 'journey:measures.errors.ours' }]);
      const now = s.clock.now();
      await s.db.transaction(async (tx) => {
        await tx
          .insert(organisationMeasures)
          .values({ organisationId: values.organisationId, measureId: parsed.measure.id, definition: parsed.measure, loadedAt: now })
          .onConflictDoUpdate({
            target: [organisationMeasures.organisationId, organisationMeasures.measureId],
            set: { definition: parsed.measure, loadedAt: now },
          });
        await s.audit.record(
          {
            actorId: me.id,
            action: 'measure.loaded',
            subjectType: 'organisation',
            subjectId: values.organisationId,
            ip: request.ip,
            detail: { measure: parsed.measure.id },
          },
          tx,
        );
      });
      return reply.redirect(withDone(MEASURE_PATHS.list, 'saved'), 303);
    },
  );

  const toggle = {
    config: { ...ROUTE.admin.config, controls: ['organisationId', 'enabled'] },
    schema: { params: pathParams(MEASURE_PATHS.toggle), body: formBody({ enabled: text, organisationId: text }) },
  };
  app.post(MEASURE_PATHS.toggle, toggle, async (request, reply) => {
    const me = accountOf(request);
    const body = request.body;
    const organisationId = body.organisationId;
    const { measureId } = request.params;
    const orgs = await adminOrganisations(s.db, me.id);
    if (!orgs.some((o) => o.id === organisationId)) throw new NotFound();
    const where = and(eq(organisationMeasures.organisationId, organisationId), eq(organisationMeasures.measureId, measureId));
    const [row] = await s.db.select().from(organisationMeasures).where(where);
    if (!row) throw new NotFound();
    const enabled = body.enabled === 'yes';
    await s.db.transaction(async (tx) => {
      await tx.update(organisationMeasures).set({ enabled }).where(where);
      await s.audit.record(
        {
          actorId: me.id,
          action: enabled ? 'measure.enabled' : 'measure.disabled',
          subjectType: 'organisation',
          subjectId: organisationId,
          ip: request.ip,
          detail: { measure: measureId },
        },
        tx,
      );
    });
    return reply.redirect(withDone(MEASURE_PATHS.list, 'saved'), 303);
  });
}
