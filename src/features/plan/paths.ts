export const PLAN_PATHS = {
  mine: '/my-plan',
  overview: '/plans/:planId',
  meaning: '/plans/:planId/meaning',
  list: '/plans/:planId/:section',
  listItem: '/plans/:planId/:section/:itemId',
  listItemRemove: '/plans/:planId/:section/:itemId/remove',
  listItemMove: '/plans/:planId/:section/:itemId/move',
  goalNew: '/plans/:planId/goals/new',
  goals: '/plans/:planId/goals',
  goal: '/plans/:planId/goals/:goalId',
  goalEdit: '/plans/:planId/goals/:goalId/edit',
  goalRemove: '/plans/:planId/goals/:goalId/remove',
  steps: '/plans/:planId/goals/:goalId/steps',
  step: '/plans/:planId/goals/:goalId/steps/:stepId',
  stepToggle: '/plans/:planId/goals/:goalId/steps/:stepId/toggle',
  stepRemove: '/plans/:planId/goals/:goalId/steps/:stepId/remove',
  notes: '/plans/:planId/goals/:goalId/notes',
  review: '/plans/:planId/review',
  history: '/plans/:planId/history',
  version: '/plans/:planId/history/:version',
  restore: '/plans/:planId/history/:version/restore',
  print: '/plans/:planId/print',
} as const;

/** Fills a path's :params, so links, redirects and tests use the same paths as routes. */
export function pathTo(path: string, params: Record<string, string | number>): string {
  return path.replace(/:([a-zA-Z]+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}
