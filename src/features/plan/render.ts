import type { FastifyReply } from 'fastify';
export { afterEdit } from '../../platform/owned-documents.ts';
import { errorView, tOf, type FieldError } from '../../platform/forms.ts';
import { CHIME, GOAL_STATUSES, LIFE_AREAS, LIST_SECTIONS } from './model.ts';
import { PLAN_PATHS as P } from './paths.ts';
import { pathTo } from '../../platform/paths.ts';

export function planLinks(planId: string) {
  const at = (path: string, extra: Record<string, string | number> = {}) => pathTo(path, { planId, ...extra });
  return {
    overview: at(P.overview),
    meaning: at(P.meaning),
    strengths: at(P.list, { section: 'strengths' }),
    matters: at(P.list, { section: 'matters' }),
    goalNew: at(P.goalNew),
    goals: at(P.goals),
    review: at(P.review),
    history: at(P.history),
    print: at(P.print),
  };
}

export { ctxOf, type Ctx } from '../../platform/access.ts';

/** Shows a plan page; choices and links every plan page needs come with it. */
export function page(
  reply: FastifyReply,
  name: string,
  planId: string,
  data: Record<string, unknown> = {},
  errors: FieldError[] = [],
  status?: number,
) {
  return reply.code(status ?? (errors.length ? 400 : 200)).view(`plan/views/${name}.njk`, {
    ...data,
    links: planLinks(planId),
    choices: { chime: CHIME, lifeAreas: LIFE_AREAS, statuses: GOAL_STATUSES, sections: LIST_SECTIONS },
    errors: errorView(errors, tOf(reply)),
  });
}

export const CONFLICT: FieldError = { field: 'form', message: 'common:conflict.message' };
