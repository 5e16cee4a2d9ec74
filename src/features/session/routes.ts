import type { Feature } from '../../services.ts';
import { accountOf, ROUTE } from '../../platform/access.ts';

export const SESSION_PATHS = { stay: '/session/stay' } as const;

/**
 * "Stay signed in", from the warning two minutes before a session ends (public/js/timeout.js):
 * any signed-in request keeps the session going (platform/sessions.ts), so this only answers
 * how long it now has. Signed out, it is refused like any signed-in route, and the page's
 * script goes to sign-in.
 */
export const sessionFeature: Feature = (app) => {
  app.post(SESSION_PATHS.stay, ROUTE.account, async (request, reply) => reply.send({ secondsLeft: accountOf(request).secondsLeft }));
};
