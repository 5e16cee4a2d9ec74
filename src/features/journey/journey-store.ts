import { and, count, desc, eq, gte, sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { checkIns } from '../../db/schema.ts';
import { AREAS, CHECK_IN, type Area } from './measures.ts';
import { chartPoints, WEEKLY_FROM, type ChartPoint } from './timeline.ts';

/** A check-in as the journey's timeline lists it. */
export type JourneyRow = Pick<typeof checkIns.$inferSelect, 'id' | 'measureId' | 'answers' | 'note' | 'createdAt'>;

/** What the journey page shows of someone's check-ins over a period. */
export interface JourneyData {
  /** Each check-in of our own measure, or weekly averages once there are many. */
  chart: { weekly: boolean; points: ChartPoint[] };
  /** The newest check-ins, at most as many as the pages up to the one asked for hold. */
  rows: JourneyRow[];
  /** Every check-in in the period, of any measure, for paging. */
  total: number;
}

/** The UK week a check-in falls in, by its Monday, as `weekOf` works it out. */
const week = sql<string>`to_char(date_trunc('week', ${checkIns.createdAt} at time zone 'Europe/London'), 'YYYY-MM-DD')`;
const ours = eq(checkIns.measureId, CHECK_IN.id);
const averageOf = (area: Area) => sql<string | null>`avg((${checkIns.answers} ->> ${area})::numeric) filter (where ${ours})`;

/**
 * Someone's check-ins over a period, for the journey: the chart's weekly averages worked out by
 * the database (two years of daily check-ins are a hundred weeks, not 730 rows to fetch and
 * group), only the check-ins the timeline's pages up to `limit` show, and how many there are.
 * The caller has asked the record-access policy first: this reads whoever's rows it is given.
 */
export async function journeyOf(db: Queryable, ownerId: string, since: Date | null, limit: number): Promise<JourneyData> {
  const where: SQL | undefined = and(eq(checkIns.ownerId, ownerId), since ? gte(checkIns.createdAt, since) : undefined);
  const weeks = await db
    .select({
      day: week,
      all: count(),
      ours: sql<number>`(count(*) filter (where ${ours}))::int`,
      ...(Object.fromEntries(AREAS.map((area) => [area, averageOf(area)])) as Record<Area, SQL<string | null>>),
    })
    .from(checkIns)
    .where(where)
    .groupBy(week)
    .orderBy(week);
  const charted = weeks.reduce((n, w) => n + w.ours, 0);
  const read = (only: SQL | undefined, most: number) =>
    db
      .select({
        id: checkIns.id,
        measureId: checkIns.measureId,
        answers: checkIns.answers,
        note: checkIns.note,
        createdAt: checkIns.createdAt,
      })
      .from(checkIns)
      .where(and(where, only))
      .orderBy(desc(checkIns.createdAt))
      .limit(most);
  const rows = await read(undefined, Math.max(limit, WEEKLY_FROM));
  const total = weeks.reduce((n, w) => n + w.all, 0);
  if (charted <= WEEKLY_FROM) {
    // Few enough to chart one by one: among the rows just read, unless other questionnaires' crowd them out.
    const ourRows = total <= rows.length ? rows : await read(ours, WEEKLY_FROM);
    const points = ourRows.filter((r) => r.measureId === CHECK_IN.id).map((r) => ({ at: r.createdAt, scores: r.answers }));
    return { chart: chartPoints(points), rows: rows.slice(0, limit), total };
  }
  const points = weeks
    .filter((w) => w.ours > 0)
    .map((w) => {
      const values = {} as Record<Area, number | null>;
      for (const area of AREAS) {
        const v = w[area];
        values[area] = v === null ? null : Number(v);
      }
      return { day: w.day, values, count: w.ours };
    });
  return { chart: { weekly: true, points }, rows: rows.slice(0, limit), total };
}
