import type { FastifyInstance } from 'fastify';
import { ctxOf, ROUTE } from '../../platform/access.ts';
import { formInt, formText, tOf } from '../../platform/forms.ts';
import { pathTo } from '../../platform/paths.ts';
import type { Services } from '../../services.ts';
import { PlanService } from '../plan/service.ts';
import { planEvents } from './events.ts';
import { AREAS } from './measures.ts';
import { JOURNEY_PATHS as P } from './paths.ts';
import type { CheckIns } from './service.ts';
import { plot, summaryOf, tableRows } from './timeline.ts';

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

/** My journey: check-ins and what I did in my plan, newest first, and each area over time. */
export function journeyRoutes(app: FastifyInstance, checkIns: CheckIns, services: Services): void {
  const recovery = new PlanService(services);

  app.get(P.journey, ROUTE.account, async (request, reply) => {
    const c = ctxOf(request);
    const asked = formText((request.query as Record<string, unknown>).period);
    const period: Period = (PERIODS as readonly string[]).includes(asked) ? (asked as Period) : DEFAULT_PERIOD;
    // Pages past the ten-thousandth are the ten-thousandth: a page number never asks the database for more.
    const pageNo = Math.min(10_000, Math.max(1, formInt((request.query as Record<string, unknown>).page)));
    const since = sinceOf(period, checkIns.now());
    const plan = await recovery.docs.for(c).mine();
    const [data, history] = await Promise.all([checkIns.journey(c, since, pageNo * PAGE_SIZE), recovery.docs.for(c).history(plan.id)]);
    const t = tOf(reply);

    const chart = data.chart;
    const areas = AREAS.map((area) => ({
      area,
      summary: summaryOf(area, period, chart.points),
      ...plot(chart.points, area, BOX),
    }));
    const planned = planEvents(t, history.revisions).filter((e) => !since || e.at >= since);
    // The newest check-ins up to this page are enough to fill it, among the plan's changes.
    const events = [...data.rows.map((r) => ({ at: r.createdAt, kind: 'checkIn' as const, row: r })), ...planned].sort(
      (a, b) => b.at.getTime() - a.at.getTime(),
    );
    const eventCount = data.total + planned.length;

    return reply.view('journey/views/journey.njk', {
      period,
      periods: PERIODS,
      areas,
      weekly: chart.weekly,
      table: tableRows(chart.points),
      events: events
        .slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE)
        .map((e) => (e.kind === 'checkIn' ? { ...e, href: pathTo(P.one, { checkInId: e.row.id }) } : e)),
      pages: {
        later: pageNo > 1 ? `${P.journey}?period=${period}&page=${String(pageNo - 1)}` : null,
        earlier: pageNo * PAGE_SIZE < eventCount ? `${P.journey}?period=${period}&page=${String(pageNo + 1)}` : null,
      },
      box: BOX,
      checkInHref: P.checkIn,
      journeyHref: P.journey,
    });
  });
}
