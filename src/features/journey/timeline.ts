import { formatDate } from '../../platform/dates.ts';
import { AREAS, type Area } from './measures.ts';

/** One check-in's score in each area (null where it was not answered). */
export interface Point {
  at: Date;
  scores: Readonly<Partial<Record<Area, number | null>>>;
}

/** A point on a chart: a day, or the Monday of a week when points are averaged by week. */
export interface ChartPoint {
  day: string;
  values: Record<Area, number | null>;
  /** How many check-ins it stands for. */
  count: number;
}

/** More points than this and the chart shows weekly averages instead. */
export const WEEKLY_FROM = 40;

const londonDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in the UK, as YYYY-MM-DD. */
export const dayOf = (at: Date): string => londonDay.format(at);

const DAY_MS = 24 * 60 * 60 * 1000;

/** The Monday (YYYY-MM-DD) of the UK week a moment falls in. Arithmetic on the UK day's
 *  numbers rather than parsing and printing dates: the journey does this for every check-in. */
export function weekOf(at: Date): string {
  const day = dayOf(at);
  const midnight = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
  const monday = new Date(midnight - ((new Date(midnight).getUTCDay() + 6) % 7) * DAY_MS);
  const pad = (n: number) => (n < 10 ? `0${String(n)}` : String(n));
  return `${String(monday.getUTCFullYear())}-${pad(monday.getUTCMonth() + 1)}-${pad(monday.getUTCDate())}`;
}

function average(points: readonly Point[], day: string): ChartPoint {
  const values = {} as Record<Area, number | null>;
  for (const area of AREAS) {
    const given = points.map((p) => p.scores[area]).filter((v): v is number => typeof v === 'number');
    values[area] = given.length ? given.reduce((a, b) => a + b, 0) / given.length : null;
  }
  return { day, values, count: points.length };
}

/** Points grouped by a key, each group averaged, oldest first. */
function grouped(points: readonly Point[], keyOf: (at: Date) => string): ChartPoint[] {
  const groups = new Map<string, Point[]>();
  for (const p of points) {
    const key = keyOf(p.at);
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([day, ps]) => average(ps, day));
}

/** Each UK week's average in each area, oldest first; an area not answered that week is null. */
export const weeklyAverages = (points: readonly Point[]): ChartPoint[] => grouped(points, weekOf);

/** What a chart shows: each check-in, or weekly averages when there are many. */
export function chartPoints(points: readonly Point[]): { weekly: boolean; points: ChartPoint[] } {
  if (points.length > WEEKLY_FROM) return { weekly: true, points: weeklyAverages(points) };
  return {
    weekly: false,
    points: [...points].sort((a, b) => a.at.getTime() - b.at.getTime()).map((p) => average([p], dayOf(p.at))),
  };
}

export type Trend = 'few' | 'up' | 'down' | 'steady';

/** How an area moved: the later third of its scores against the earlier third. A difference of
 *  under half a step on the 0–4 scale is "about the same". */
export function trendOf(values: readonly number[]): Trend {
  if (values.length < 3) return 'few';
  const third = Math.max(1, Math.floor(values.length / 3));
  const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const change = mean(values.slice(-third)) - mean(values.slice(0, third));
  if (change >= 0.5) return 'up';
  if (change <= -0.5) return 'down';
  return 'steady';
}

/** The copy key and values of the plain-words sentence about one area over a period. */
export function summaryOf(
  area: Area,
  period: string,
  points: readonly ChartPoint[],
  words = 'journey:summary',
): { key: string; area: Area; period: string } {
  const values = points.map((p) => p.values[area]).filter((v): v is number => v !== null);
  return { key: `${words}.${trendOf(values)}`, area, period };
}

/** Where each point sits in a chart of `width` × `height` (0 at the bottom, `top` at the top). */
export function plot(points: readonly ChartPoint[], area: Area, box: { width: number; height: number; top: number; pad: number }) {
  const span = Math.max(1, points.length - 1);
  const x = (i: number) => box.pad + (box.width - 2 * box.pad) * (points.length === 1 ? 0.5 : i / span);
  const y = (v: number) => box.height - box.pad - ((box.height - 2 * box.pad) * v) / box.top;
  const dots = points.flatMap((p, i) => {
    const v = p.values[area];
    return v === null ? [] : [{ x: Math.round(x(i) * 10) / 10, y: Math.round(y(v) * 10) / 10, value: v, day: p.day }];
  });
  return {
    dots,
    line: dots.map((d) => `${String(d.x)},${String(d.y)}`).join(' '),
    // Every dot in one path (a round-capped stroke of no length draws a dot): one element, not hundreds.
    dotsPath: dots.map((d) => `M${String(d.x)} ${String(d.y)}h0`).join(''),
    grid: [0, 1, 2, 3, 4].map((v) => ({ v, y: y(v) })),
  };
}

/** The chart's figures as the rows of its data table, newest first: the day (or week) in words
 *  and each area's value to one decimal place ("–" where none). Made here, not in the template:
 *  two years of check-ins are a hundred rows, and the template's filters cost more than this. */
export function tableRows(points: readonly ChartPoint[]): { day: string; cells: string[] }[] {
  const rows: { day: string; cells: string[] }[] = [];
  for (let i = points.length - 1; i >= 0; i -= 1) {
    const p = points[i];
    if (p === undefined) continue;
    rows.push({
      day: formatDate(p.day),
      cells: AREAS.map((area) => {
        const v = p.values[area];
        return v === null ? '–' : String(Math.round(v * 10) / 10);
      }),
    });
  }
  return rows;
}
