import { z } from 'zod';
import type { FastifyReply } from 'fastify';
import { accountOf, ctxOf, ROUTE } from '../../platform/access.ts';
import { AuthenticatorNeeded, mustSetUpAuthenticator } from '../../platform/authenticator-gate.ts';
import { formInt, tOf } from '../../platform/forms.ts';
import { pathTo } from '../../platform/paths.ts';
import { viewOf } from '../../platform/shared-view.ts';
import type { Services } from '../../services.ts';
import { PlanService } from '../plan/service.ts';
import { planEvents, type PlanEvent } from './events.ts';
import type { JourneyData } from './journey-store.ts';
import { AREAS } from './measures.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import type { CheckIns } from './service.ts';
import { plot, summaryOf, tableRows } from './timeline.ts';
import { pathParams, text, type App } from '../../platform/route-schemas.ts';

export const PERIODS = ['month', '3months', 'year', 'all'] as const;
export type Period = (typeof PERIODS)[number];
const DEFAULT_PERIOD: Period = '3months';

/** The start of a period ending now; null for all of it. */
export function sinceOf(period: Period, now: Date): Date | null {
  if (period === 'all') return null;
  const d = new Date(now);
  if (period === 'month') d.setUTCMonth(d.getUTCMonth() - 1);
  else if (period === '3months') d.setUTCMonth(d.getUTCMonth() - 3);
  else d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}

const BOX = { width: 320, height: 140, top: 4, pad: 16 };
/** Events shown on one page of the journey's timeline. */
export const PAGE_SIZE = 50;

interface Asked {
  period: Period;
  pageNo: number;
  since: Date | null;
}

/** The journey's address may ask for a period and a page. */
const journeyQuery = z.object({ period: text, page: text });

/** Which period and page of the journey a request asks for. */
function askedOf(query: z.output<typeof journeyQuery>, now: Date): Asked {
  const asked = query.period;
  const period: Period = (PERIODS as readonly string[]).includes(asked) ? (asked as Period) : DEFAULT_PERIOD;
  // Pages past the ten-thousandth are the ten-thousandth: a page number never asks the database for more.
  const pageNo = Math.min(10_000, Math.max(1, formInt(query.page)));
  return { period, pageNo, since: sinceOf(period, now) };
}

/**
 * My journey: check-ins and what I did in my plan, newest first, and each area over time. The
 * same page, read-only, for someone the person shares "check-ins and journey" with: their
 * check-ins (with notes) only, since what they did in their plan is shared, or not, part by part.
 */
export function journeyRoutes(app: App, checkIns: CheckIns, services: Services): void {
  const recovery = new PlanService(services);

  function render(
    reply: FastifyReply,
    { period, pageNo, since }: Asked,
    href: string,
    data: JourneyData,
    planned: PlanEvent[],
    view: { readOnly: boolean; sharedBy: string | null; ownerId?: string },
  ) {
    const chart = data.chart;
    const words = view.readOnly ? 'journey:sharedSummary' : 'journey:summary';
    const areas = AREAS.map((area) => ({ area, summary: summaryOf(area, period, chart.points, words), ...plot(chart.points, area, BOX) }));
    const inPeriod = planned.filter((e) => !since || e.at >= since);
    // The newest check-ins up to this page are enough to fill it, among the plan's changes.
    const events = [...data.rows.map((r) => ({ at: r.createdAt, kind: 'checkIn' as const, row: r })), ...inPeriod].sort(
      (a, b) => b.at.getTime() - a.at.getTime(),
    );
    const eventCount = data.total + inPeriod.length;

    return reply.view('journey/views/journey.njk', {
      ...view,
      period,
      periods: PERIODS,
      areas,
      weekly: chart.weekly,
      table: tableRows(chart.points),
      events: events
        .slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE)
        .map((e) => (e.kind === 'checkIn' ? { ...e, href: pathTo(P.one, { checkInId: e.row.id }) } : e)),
      pages: {
        later: pageNo > 1 ? `${href}?period=${period}&page=${String(pageNo - 1)}` : null,
        earlier: pageNo * PAGE_SIZE < eventCount ? `${href}?period=${period}&page=${String(pageNo + 1)}` : null,
      },
      box: BOX,
      checkInHref: P.checkIn,
      journeyHref: href,
    });
  }

  app.get(P.journey, { ...ROUTE.account, schema: { querystring: journeyQuery } }, async (request, reply) => {
    const c = ctxOf(request);
    const asked = askedOf(request.query, checkIns.now());
    const plan = await recovery.docs.for(c).mine();
    const [data, history] = await Promise.all([
      checkIns.journey(c, asked.since, asked.pageNo * PAGE_SIZE),
      recovery.docs.for(c).history(plan.id),
    ]);
    const planned = planEvents(tOf(reply), history.revisions);
    return render(reply, asked, P.journey, data, planned, { readOnly: false, sharedBy: null });
  });

  // Someone's journey, shared with me: read through the policy, so they see I opened it.
  app.get(P.shared, { ...ROUTE.account, schema: { querystring: journeyQuery, params: pathParams(P.shared) } }, async (request, reply) => {
    // Supporters and admins read what is shared, as everywhere, only once they have an authenticator app.
    if (mustSetUpAuthenticator(accountOf(request))) throw new AuthenticatorNeeded();
    const c = ctxOf(request);
    const { ownerId } = request.params;
    const asked = askedOf(request.query, checkIns.now());
    const data = await checkIns.shared(c, ownerId, asked.since, asked.pageNo * PAGE_SIZE);
    const view = await viewOf(services.db, ownerId, c.me.id);
    return render(reply, asked, pathTo(P.shared, { ownerId }), data, [], { ...view, ownerId });
  });
}
