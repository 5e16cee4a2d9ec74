import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { enforceAccess, requireRulesOnEveryRoute, type RouteRule } from './platform/access.ts';
import { registerErrorPages } from './platform/errors.ts';
import { csrfTokenOnce, registerHttp } from './platform/http.ts';
import { createI18n } from './platform/i18n.ts';
import { errorFacts, FactsOnlyLogController } from './platform/logging.ts';
import { ACCOUNT_HEADER, accountMark, readSessionCookie } from './platform/sessions.ts';
import { registerViews } from './platform/views.ts';
import type { Services } from './services.ts';
import { accountRoutes } from './features/accounts/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { planRoutes } from './features/plan/routes.ts';
import { organisationRoutes } from './features/organisations/routes.ts';
import { wellbeingRoutes } from './features/staying-well/routes.ts';
import { WellbeingPlans } from './features/staying-well/service.ts';
import { downloadRoutes } from './features/staying-well/downloads.ts';
import { offlineRoutes } from './features/staying-well/offline.ts';
import { helpRoutes } from './features/help/routes.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access rule it declared. */
    routeRules: RouteRule[];
  }
}

export interface AppDeps {
  services: Services;
  config: Pick<Config, 'secureCookies' | 'sessionSecret' | 'baseUrl' | 'env'>;
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
}

const REDACT = ['req.headers.cookie', 'req.body', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword'];

/** Request lines in the logs: no address (personal data; the audit log keeps it where it
 *  matters) and no secrets that some paths carry (password reset links). */
const requestLog = (req: { method: string; url: string }) => ({
  method: req.method,
  url: req.url.replace(/^\/reset-password\/[^/?#]+/, '/reset-password/[token]'),
});

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const { services } = deps;
  const logger = deps.logger === undefined ? false : deps.logger;
  const app = Fastify({
    logger:
      logger === false
        ? false
        : // Fastify's types expect pino's error shape (with message and stack): ours leaves both out on purpose.
          { ...(logger === true ? {} : logger), redact: REDACT, serializers: { req: requestLog, err: errorFacts as never } },
    logController: new FactsOnlyLogController(),
    // One proxy in front (the TLS terminator): its X-Forwarded-For entry is the client.
    trustProxy: deps.config.env === 'production' ? (_address: string, hop: number) => hop < 1 : false,
    bodyLimit: 1024 * 1024,
  });
  const i18n = await createI18n();

  const rules = requireRulesOnEveryRoute(app);
  app.decorate('routeRules', rules);
  app.decorateRequest('account', null);
  await registerHttp(app, deps.config);
  await registerViews(app);
  registerErrorPages(app);

  app.addHook('onRequest', async (request, reply) => {
    const t = i18n.t('en');
    const token = request.url.startsWith('/assets/') ? undefined : readSessionCookie(request, services.secureCookies);
    request.account = token ? await services.sessions.resolve(token) : null;
    // The service worker checks on every page whose crisis copy it keeps (public/sw.js).
    if (request.account) reply.header(ACCOUNT_HEADER, accountMark(request.account.id));
    reply.locals = {
      t,
      htmlLang: 'en',
      account: request.account,
      cspNonce: reply.cspNonce.script,
      csrfToken: csrfTokenOnce(reply),
    };
  });
  app.addHook('preHandler', enforceAccess);

  app.get('/health', { config: { access: 'public' } }, async () => {
    await services.db.execute('select 1');
    return { status: 'ok' };
  });
  const wellbeingPlans = new WellbeingPlans(services);
  homeRoutes(app, wellbeingPlans);
  accountRoutes(app, services);
  planRoutes(app, services);
  wellbeingRoutes(app, wellbeingPlans);
  downloadRoutes(app, wellbeingPlans);
  offlineRoutes(app, wellbeingPlans);
  organisationRoutes(app, services);
  helpRoutes(app, services);
  return app;
}
