import type { FastifyInstance } from 'fastify';
import type { Services } from '../../app.ts';
import { PLAN_PATHS } from '../plan/paths.ts';

export function homeRoutes(_s: Services) {
  return async function plugin(app: FastifyInstance) {
    app.get('/', { config: { access: 'public' } }, (request, reply) =>
      request.account
        ? reply.view('home/views/home.njk', { planHref: PLAN_PATHS.mine })
        : reply.view('home/views/welcome.njk'),
    );
    app.get('/accessibility', { config: { access: 'public' } }, (_req, reply) =>
      reply.view('home/views/info.njk', { page: 'accessibility' }),
    );
    app.get('/privacy', { config: { access: 'public' } }, (_req, reply) => reply.view('home/views/info.njk', { page: 'privacy' }));
  };
}
