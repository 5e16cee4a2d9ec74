import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountOf, ctxOf, ROUTE } from '../../platform/access.ts';
import { AuthenticatorNeeded, mustSetUpAuthenticator } from '../../platform/authenticator-gate.ts';
import { formInt, formText, paramOf, tOf } from '../../platform/forms.ts';
import { pathTo } from '../../platform/paths.ts';
import { viewOf } from '../../platform/shared-view.ts';
import type { Services } from '../../services.ts';
import { PlanService } from '../plan/service.ts';
import { planEvents, type PlanEvent } from './events.ts';
import { AREAS, CHECK_IN } from './measures.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import type { CheckIns } from './service.ts';
import { chartPoints, plot, summaryOf, tableRows, type Point } from './timeline.ts';

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

type Rows = Awaited<ReturnType<CheckIns['mine']>>;

/** Which period and page of the journey a request asks for. */
function asked(request: FastifyRequest): { period: Period; pageNo: number } {
  const query = request.query as Record<string, unknown>;
  const period = formText(query.period);
  return {
    period: (PERIODS as readonly string[]).includes(period) ? (period as Period) : DEFAULT_PERIOD,
    pageNo: Math.max(1, formInt(query.page)),
  };
}

/**
 * My journey: check-ins and what I did in my plan, newest first, and each area over time. The
 * same page, read-only, for someone the person shares "check-ins and journey" with: their
 * check-ins (with notes) only, since what they did in their plan is shared, or not, part by part.
 */
export function journeyRoutes(app: FastifyInstance, checkIns: CheckIns, services: Services): void {
  const recovery = new PlanService(services);

  function render(
    reply: FastifyReply,
    want: { period: Period; pageNo: number; since: Date | null; href: string },
    rows: Rows,
    planned: PlanEvent[],
    view: { readOnly: boolean; sharedBy: string | null; ownerId?: string },
  ) {
    const { period, pageNo, since, href } = want;
    // The chart is of our own check-in's five areas; a further questionnaire's answers are listed, not charted.
    const points: Point[] = rows.filter((r) => r.measureId === CHECK_IN.id).map((r) => ({ at: r.createdAt, scores: r.answers }));
    const chart = chartPoints(points);
    const words = view.readOnly ? 'journey:sharedSummary' : 'journey:summary';
    const areas = AREAS.map((area) => ({ area, summary: summaryOf(area, period, chart.points, words), ...plot(chart.points, area, BOX) }));
    const events = [
      ...rows.map((r) => ({ at: r.createdAt, kind: 'checkIn' as const, row: r })),
      ...planned.filter((e) => !since || e.at >= since),
    ].sort((a, b) => b.at.getTime() - a.at.getTime());

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
        earlier: pageNo * PAGE_SIZE < events.length ? `${href}?period=${period}&page=${String(pageNo + 1)}` : null,
      },
      box: BOX,
      checkInHref: P.checkIn,
      journeyHref: href,
    });
  }

  app.get(P.journey, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const want = asked(request);
    const since = sinceOf(want.period, checkIns.now());
    const plan = await recovery.docs.for(c).mine();
    const [rows, history] = await Promise.all([checkIns.mine(c, since ?? undefined), recovery.docs.for(c).history(plan.id)]);
    const planned = planEvents(tOf(reply), history.revisions);
    return render(reply, { ...want, since, href: P.journey }, rows, planned, { readOnly: false, sharedBy: null });
  });

  // Someone's journey, shared with me: read through the policy, so they see I opened it.
  app.get(P.shared, ROUTE.account, async (request, reply) => {
    // Supporters and admins read what is shared, as everywhere, only once they have an authenticator app.
    if (mustSetUpAuthenticator(accountOf(request))) throw new AuthenticatorNeeded();
    const c = ctxOf(request);
    const ownerId = paramOf(request, 'ownerId');
    const want = asked(request);
    const since = sinceOf(want.period, checkIns.now());
    const rows = await checkIns.shared(c, ownerId, since ?? undefined);
    const view = await viewOf(services.db, ownerId, c.me.id);
    return render(reply, { ...want, since, href: pathTo(P.shared, { ownerId }) }, rows, [], { ...view, ownerId });
  });
}
