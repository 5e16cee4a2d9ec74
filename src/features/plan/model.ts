import { z } from 'zod';
import type { ContentFormat } from '../../platform/documents.ts';

export const CHIME = ['connectedness', 'hope', 'identity', 'meaning', 'empowerment'] as const;
export const LIFE_AREAS = [
  'accommodation',
  'education',
  'finance',
  'treatment',
  'relationships',
  'personalCare',
  'social',
  'work',
] as const;
/** Never "failed": a goal can rest, be let go, or be reached. */
export const GOAL_STATUSES = ['working', 'paused', 'achieved', 'letGo'] as const;
export const LIST_SECTIONS = ['strengths', 'matters'] as const;

export type Chime = (typeof CHIME)[number];
export type LifeArea = (typeof LIFE_AREAS)[number];
export type GoalStatus = (typeof GOAL_STATUSES)[number];
export type ListSection = (typeof LIST_SECTIONS)[number];

const listItem = z.object({ id: z.string(), rev: z.number().int(), text: z.string() });
const step = z.object({
  id: z.string(),
  rev: z.number().int(),
  text: z.string(),
  done: z.boolean(),
  whoHelps: z.string(),
  dueDate: z.string().nullable(),
  /** A community directory listing the step came from (features/directory): the step links to it. */
  listingId: z.string().optional(),
});
const note = z.object({ id: z.string(), text: z.string(), writtenAt: z.string(), authorId: z.string().nullable() });
const goal = z.object({
  id: z.string(),
  rev: z.number().int(),
  title: z.string(),
  why: z.string(),
  chime: z.array(z.enum(CHIME)),
  lifeArea: z.enum(LIFE_AREAS).nullable(),
  status: z.enum(GOAL_STATUSES),
  steps: z.array(step),
  notes: z.array(note),
  createdAt: z.string(),
});

export const planSchema = z.object({
  meanings: z.array(z.object({ id: z.string(), text: z.string(), writtenAt: z.string() })),
  strengths: z.array(listItem),
  matters: z.array(listItem),
  goals: z.array(goal),
  reviewDate: z.string().nullable(),
  reviewRev: z.number().int(),
});

export type Plan = z.infer<typeof planSchema>;
export type Goal = z.infer<typeof goal>;
export type Step = z.infer<typeof step>;
export type ListItem = z.infer<typeof listItem>;

export const emptyPlan = (): Plan => ({ meanings: [], strengths: [], matters: [], goals: [], reviewDate: null, reviewRev: 0 });

/** How a plan is stored. Version 1 added the version mark itself: older plans gain any part they lack. */
export const planFormat: ContentFormat<Plan> = {
  schema: planSchema,
  upgrades: [(old) => ({ ...emptyPlan(), ...old })],
};

export function currentMeaning(plan: Plan) {
  return plan.meanings.at(-1) ?? null;
}
