import { and, eq, inArray, isNotNull, lt, or, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../../db/client.ts';
import { accounts, hsdsOrganization, hsdsService, listingCheckRequests, memberships } from '../../db/schema.ts';
import { NotFound, ROUTE } from '../../platform/access.ts';
import type { Clock } from '../../platform/clock.ts';
import { check, errorView, LIMITS, requiredText, tOf, type FieldError } from '../../platform/forms.ts';
import type { Jobs } from '../../platform/jobs.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Signer } from '../../platform/signed.ts';
import type { Services } from '../../services.ts';
import { DIRECTORY_PATHS as P, EDITOR_PATHS } from './paths.ts';
import type { Listing } from './listing.ts';
import { formBody, paramOf, text, type App } from '../../platform/route-schemas.ts';

const DAY = 86_400_000;
/** Three months unchecked: the editors are asked. */
export const ASK_AFTER_DAYS = 91;
/** Asked again a month later if nobody answered; the emailed link works that long. */
export const ASK_AGAIN_DAYS = 30;
const STILL_CORRECT = 'listing still correct';

export interface FreshnessDeps {
  db: Db;
  clock: Clock;
  jobs: Jobs;
  signer: Signer;
  baseUrl: string;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

/** The link that says "still correct" for one listing, signed, and dated so it stops working. */
export const stillCorrectLink = (d: Pick<FreshnessDeps, 'signer' | 'baseUrl'>, serviceId: string, now: Date) =>
  `${d.baseUrl}${pathTo(P.stillCorrect, { listingId: serviceId, token: d.signer.sign(STILL_CORRECT, `${serviceId}.${today(now)}`) })}`;

/** Who keeps an organisation's listings: its listings editors, or its admins while it has none. */
export async function editorsOf(db: Db, organisationId: string | null): Promise<string[]> {
  if (!organisationId) return [];
  const rows = await db
    .select({ email: accounts.email, role: memberships.role })
    .from(memberships)
    .innerJoin(accounts, eq(accounts.id, memberships.accountId))
    .where(and(eq(memberships.organisationId, organisationId), inArray(memberships.role, ['listings-editor', 'admin'])));
  const editors = rows.filter((r) => r.role === 'listings-editor');
  return [...new Set((editors.length ? editors : rows).map((r) => r.email))];
}

/**
 * Asks the editors of every listing unchecked for three months to check it, by email, at most
 * once a month per listing: the ask is recorded in the same transaction as the emails are queued.
 * Listings of no Waymark organisation (imported from elsewhere) have nobody here to ask.
 */
export async function queueListingChecks(d: FreshnessDeps): Promise<number> {
  const now = d.clock.now();
  const due = await d.db
    .select({ id: hsdsService.id, name: hsdsService.name, organisationId: hsdsOrganization.waymarkOrganisationId })
    .from(hsdsService)
    .innerJoin(hsdsOrganization, eq(hsdsOrganization.id, hsdsService.organizationId))
    .leftJoin(listingCheckRequests, eq(listingCheckRequests.serviceId, hsdsService.id))
    .where(
      and(
        isNotNull(hsdsOrganization.waymarkOrganisationId),
        eq(hsdsService.status, 'active'),
        or(sql`${hsdsService.assuredDate} is null`, lt(hsdsService.assuredDate, today(new Date(now.getTime() - ASK_AFTER_DAYS * DAY)))),
        or(sql`${listingCheckRequests.askedAt} is null`, lt(listingCheckRequests.askedAt, new Date(now.getTime() - ASK_AGAIN_DAYS * DAY))),
      ),
    );
  let asked = 0;
  for (const listing of due) {
    const editors = await editorsOf(d.db, listing.organisationId ?? '');
    if (editors.length === 0) continue;
    await d.db.transaction(async (tx) => {
      await tx
        .insert(listingCheckRequests)
        .values({ serviceId: listing.id, askedAt: now })
        .onConflictDoUpdate({ target: listingCheckRequests.serviceId, set: { askedAt: now } });
      for (const to of editors)
        await d.jobs.sendEmail(
          tx,
          {
            to,
            template: 'listing-check',
            personalisation: { listing: listing.name, link: stillCorrectLink(d, listing.id, now) },
          },
          `listing-check:${listing.id}:${today(now)}:${to}`,
        );
    });
    asked += 1;
  }
  return asked;
}

/** The emailed "still correct" link: a page with one button (mail scanners open links), and the
 *  button, which marks the listing checked today. Either is a 404 for a forged, other or old link. */
export function freshnessRoutes(app: App, s: Services): void {
  const linked = async (request: FastifyRequest) => {
    const listingId = paramOf(request, 'listingId');
    const signed = s.signer.verify(STILL_CORRECT, paramOf(request, 'token'));
    const [id, day] = signed?.split('.') ?? [];
    const age = day ? s.clock.now().getTime() - new Date(`${day}T00:00:00Z`).getTime() : Infinity;
    if (id !== listingId || !(age >= 0 && age <= (ASK_AGAIN_DAYS + 1) * DAY)) throw new NotFound();
    const [service] = await s.db
      .select({ id: hsdsService.id, name: hsdsService.name })
      .from(hsdsService)
      .where(eq(hsdsService.id, listingId));
    if (!service) throw new NotFound();
    return service;
  };

  app.get(P.stillCorrect, ROUTE.public, async (request, reply) =>
    reply.view('directory/views/still-correct.njk', {
      listing: await linked(request),
      done: false,
      changeHref: pathTo(EDITOR_PATHS.edit, { listingId: paramOf(request, 'listingId') }),
    }),
  );

  app.post(P.stillCorrect, ROUTE.public, async (request, reply) => {
    const listing = await linked(request);
    const now = s.clock.now();
    await s.db.transaction(async (tx) => {
      await tx
        .update(hsdsService)
        .set({ assuredDate: today(now), lastModified: now })
        .where(eq(hsdsService.id, listing.id));
      await tx.delete(listingCheckRequests).where(eq(listingCheckRequests.serviceId, listing.id));
      await s.audit.record({ actorId: null, action: 'listing.checked', subjectType: 'listing', subjectId: listing.id, ip: request.ip }, tx);
    });
    return reply.view('directory/views/still-correct.njk', { listing, done: true, href: pathTo(P.listing, { listingId: listing.id }) });
  });
}

const reportForm = z.object({
  problem: requiredText(LIMITS.item, { required: 'directory:report.errors.required', tooLong: 'directory:report.errors.tooLong' }),
});

/** Anyone, signed in or not, can tell a listing's editors it is wrong; only listings that have
 *  editors here offer it (a report nobody reads would be a false promise). */
export function reportRoutes(app: App, s: Services, found: (id: string | undefined) => Promise<Listing>): void {
  const reported = async (request: FastifyRequest) => {
    const l = await found(paramOf(request, 'listingId'));
    const editors = await editorsOf(s.db, l.organisation.waymarkOrganisationId);
    if (editors.length === 0) throw new NotFound();
    return { l, editors };
  };
  const page = (reply: FastifyReply, l: Listing, values: Record<string, string>, errors: FieldError[] = [], sent = false) =>
    reply.code(errors.length ? 400 : 200).view('directory/views/report.njk', {
      l,
      values,
      sent,
      listingHref: pathTo(P.listing, { listingId: l.service.id }),
      errors: errorView(errors, tOf(reply)),
    });

  app.get(P.report, ROUTE.public, async (request, reply) => page(reply, (await reported(request)).l, { problem: '' }));

  app.post(
    P.report,
    { config: { access: 'public', rateLimit: { max: 10, timeWindow: '1 hour' } }, schema: { body: formBody({ problem: text }) } },
    async (request, reply) => {
      const { l, editors } = await reported(request);
      const values = { problem: request.body.problem };
      const checked = check(reportForm, values);
      if (!checked.ok) return page(reply, l, values, checked.errors);
      const now = s.clock.now();
      await s.db.transaction(async (tx) => {
        for (const to of editors)
          await s.jobs.sendEmail(
            tx,
            {
              to,
              template: 'listing-report',
              personalisation: {
                listing: l.service.name,
                problem: checked.value.problem,
                link: `${s.baseUrl}${pathTo(P.listing, { listingId: l.service.id })}`,
              },
            },
            `listing-report:${l.service.id}:${now.toISOString()}:${to}`,
          );
        await s.audit.record(
          {
            actorId: request.account?.id ?? null,
            action: 'listing.reported',
            subjectType: 'listing',
            subjectId: l.service.id,
            ip: request.ip,
          },
          tx,
        );
      });
      return page(reply, l, { problem: '' }, [], true);
    },
  );
}
