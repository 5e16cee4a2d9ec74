import { z } from 'zod';
import { LIMITS, optionalText, requiredText } from '../../platform/forms.ts';
import { CHIME, GOAL_STATUSES, LIFE_AREAS } from './model.ts';

export const meaningForm = z.object({
  text: requiredText(LIMITS.long, { required: 'plan:errors.meaningRequired', tooLong: 'plan:errors.longTooLong' }),
});

export const listItemForm = z.object({
  text: requiredText(LIMITS.item, { required: 'plan:errors.itemRequired', tooLong: 'plan:errors.itemTooLong' }),
});

export const goalForm = z.object({
  title: requiredText(LIMITS.short, { required: 'plan:errors.goalTitleRequired', tooLong: 'plan:errors.shortTooLong' }),
  why: optionalText(LIMITS.long, 'plan:errors.longTooLong'),
  // Optional: naming the parts of recovery a goal helps with can help, but is never required.
  chime: z.array(z.enum(CHIME, 'plan:errors.chimeInvalid')),
  lifeArea: z.union([z.literal(''), z.enum(LIFE_AREAS)], 'plan:errors.lifeAreaInvalid').transform((v) => (v === '' ? null : v)),
  status: z.enum(GOAL_STATUSES, 'plan:errors.statusRequired'),
});

export const stepForm = z.object({
  text: requiredText(LIMITS.item, { required: 'plan:errors.stepRequired', tooLong: 'plan:errors.itemTooLong' }),
  whoHelps: optionalText(LIMITS.short, 'plan:errors.shortTooLong'),
});

export const noteForm = z.object({
  text: requiredText(LIMITS.long, { required: 'plan:errors.noteRequired', tooLong: 'plan:errors.longTooLong' }),
});
