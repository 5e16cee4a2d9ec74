import Fastify, { type FastifyInstance } from 'fastify';
import type { Db } from './db/client.ts';
import type { Config } from './config.ts';
import { enforceAccess, requireRulesOnEveryRoute, type RouteRule } from './platform/access.ts';
import { AuditLog } from './platform/audit.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { registerErrorPages } from './platform/errors.ts';
import { csrfTokenOnce, registerHttp } from './platform/http.ts';
import { createI18n } from './platform/i18n.ts';
import { errorFacts, FactsOnlyLogController } from './platform/logging.ts';
import type { Notifier } from './platform/notify.ts';
import { ACCOUNT_HEADER, accountMark, readSessionCookie, SessionStore } from './platform/sessions.ts';
import { RecordAccess } from './platform/record-access.ts';
import { registerViews } from './platform/views.ts';
import { accountRoutes } from './features/accounts/routes.ts';
import { homeRoutes } from './features/home/routes.ts';
import { planRoutes } from './features/plan/routes.ts';
import { organisationRoutes } from './features/organisations/routes.ts';
import { wellbeingRoutes } from './features/staying-well/routes.ts';
import { WellbeingPlans } from './features/staying-well/service.ts';
import { downloadRoutes } from './features/staying-well/downloads.ts';
import { offlineRoutes } from './features/staying-well/offline.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access rule it declared. */
    routeRules: RouteRule[];
  }
}

export interface AppDeps {
  db: Db;
  config: Pick<Config, 'secureCookies' | 'sessionSecret' | 'baseUrl' | 'env'>;
  notify: Notifier;
  clock?: Clock;
  logger?: boolean | { level: string };
  /** Sign-in attempts allowed per address per window. */
  signInLimit?: { max: number; timeWindow: string };
}

/** Everything a feature needs, built once and passed in. */
export interface Services {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  /** The one place that decides who may do what to a person's record. */
  access: RecordAccess;
  sessions: SessionStore;
  notify: Notifier;
  secureCookies: boolean;
  baseUrl: string;
  signInLimit: { max: number; timeWindow: string };
}

const REDACT = ['req.headers.cookie', 'req.body', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword'];

/** Request lines in the logs: no address (personal data; the audit log keeps it where it
 *  matters) and no secrets that some paths carry (password reset links). */
const requestLog = (req: { method: string; url: string }) => ({
  method: req.method,
  url: req.url.replace(/^\/reset-password\/[^/?#]+/, '/reset-password/[token]'),
});

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const clock = deps.clock ?? systemClock;
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
  const audit = new AuditLog(deps.db, clock);
  const services: Services = {
    db: deps.db,
    clock,
    audit,
    access: new RecordAccess(audit, clock),
    sessions: new SessionStore(deps.db, clock),
    notify: deps.notify,
    secureCookies: deps.config.secureCookies,
    baseUrl: deps.config.baseUrl,
    signInLimit: deps.signInLimit ?? { max: 10, timeWindow: '15 minutes' },
  };
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
    await deps.db.execute('select 1');
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
  return app;
}
