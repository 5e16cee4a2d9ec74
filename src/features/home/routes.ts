import type { FastifyInstance } from 'fastify';
import { PLAN_PATHS } from '../plan/paths.ts';

export function homeRoutes(app: FastifyInstance): void {
  {
    app.get('/', { config: { access: 'public' } }, (request, reply) =>
      request.account
        ? reply.view('home/views/home.njk', { planHref: PLAN_PATHS.mine })
        : reply.view('home/views/welcome.njk'),
    );
    app.get('/accessibility', { config: { access: 'public' } }, (_req, reply) =>
      reply.view('home/views/info.njk', { page: 'accessibility' }),
    );
    app.get('/privacy', { config: { access: 'public' } }, (_req, reply) => reply.view('home/views/info.njk', { page: 'privacy' }));
  }
}
