import { PLAN_PARTS } from '../plan/service.ts';
import { PLAN_DEFS } from '../staying-well/model.ts';
import { JOURNEY_PART } from '../journey/service.ts';

/** The parts of a person's record they can share one by one, in the order the circle page lists
 *  them; each later capability adds its own. The copy is `circle:parts.<part>`. */
export const SHARE_PARTS = [
  PLAN_PARTS.meaning,
  PLAN_PARTS.strengths,
  PLAN_PARTS.goals,
  ...PLAN_DEFS.map((d) => d.kind),
  JOURNEY_PART,
] as const;
export type SharePart = (typeof SHARE_PARTS)[number];
