import Fastify, { type FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { requireRulesOnEveryRoute, ROUTE, type RouteRule } from './platform/access.ts';
import { registerHttp } from './platform/http.ts';
import type { ZodTypeProvider } from './platform/route-schemas.ts';
import { createI18n } from './platform/i18n.ts';
import { errorFacts, FactsOnlyLogController } from './platform/logging.ts';
import { htmlSite } from './platform/site.ts';
import type { Services } from './services.ts';
import { accountsFeature, SIGNED_OUT_PAGE } from './features/accounts/routes.ts';
import { emailLinksFeature } from './features/accounts/email-routes.ts';
import { authenticatorFeature } from './features/accounts/authenticator-routes.ts';
import { sessionsFeature } from './features/accounts/sessions-routes.ts';
import { homeFeature } from './features/home/routes.ts';
import { planFeature } from './features/plan/routes.ts';
import { ORGANISATION_PREFIX, organisationsFeature } from './features/organisations/routes.ts';
import { stayingWellFeature } from './features/staying-well/feature.ts';
import { helpFeature } from './features/help/routes.ts';
import { sessionFeature } from './features/session/routes.ts';
import { circleFeature } from './features/circle/routes.ts';
import { journeyFeature } from './features/journey/routes.ts';
import { directoryFeature } from './features/directory/routes.ts';
import { ORUK_PREFIX, orukApi } from './features/directory/api.ts';
import { oneClickUnsubscribe } from './features/journey/one-click.ts';
import { reminderTickForTests } from './features/journey/test-tick.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access rule it declared. */
    routeRules: RouteRule[];
  }
}

export interface AppDeps {
  services: Services;
  config: Pick<Config, 'secureCookies' | 'sessionSecret' | 'baseUrl' | 'env'> & Partial<Pick<Config, 'testReminderTick'>>;
  logger?: boolean | { level: string; stream?: NodeJS.WritableStream };
}

const REDACT = ['req.headers.cookie', 'req.body', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword'];

/** Request lines in the logs: no address (personal data; the audit log keeps it where it
 *  matters), no secrets that some paths carry (reset, invitation and unsubscribe links) and no
 *  query strings. */
const requestLog = (req: { method: string; url: string }) => ({
  method: req.method,
  url: req.url
    // Links that are secrets: a reset, an invitation, an unsubscribe.
    .replace(/^\/(reset-password|confirm-email|change-email|circle\/invite|reminders\/stop|reminders\/one-click)\/[^/?#]+/, '/$1/[token]')
    // A query can say where someone is, whom or what they look for (a directory search, a name
    // in "People I support"): never logged, only that there was one.
    .replace(/^(\/directory|\/api\/oruk\/[a-z_]+)\?.*/, '$1?[search]')
    .replace(/\?(?!\[search\]$).*$/, '?[query]'),
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
  }).withTypeProvider<ZodTypeProvider>();
  const i18n = await createI18n();

  const rules = requireRulesOnEveryRoute(app);
  app.decorate('routeRules', rules);
  app.decorateRequest('account', null);
  await registerHttp(app, { ...deps.config, onRateLimited: (kind) => services.refusals.count(kind) });
  app.addHook('onReady', () => services.refusals.start());
  app.addHook('onClose', () => services.refusals.stop());

  // Liveness: this process answers. It asks nothing of the database, so a database that is
  // briefly away never gets every instance restarted.
  app.get('/health', ROUTE.public, () => ({ status: 'ok' }));

  // Readiness: this instance's own state (it only answers once started, its migrations run; it
  // answers 503 while shutting down). The shared database is reported, never a reason to take
  // the instance out of service: the help and error pages need no database.
  app.get('/ready', ROUTE.public, async (_request, reply) => {
    const database = await Promise.race([
      services.db.execute('select 1').then(
        () => 'reachable',
        () => 'unreachable',
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve('slow'), 1000).unref()),
    ]);
    return reply.header('Cache-Control', 'no-store').send({ status: 'ready', database });
  });

  // Open Referral UK: JSON for other directories, outside the site (no sessions, no HTML errors).
  await app.register(orukApi, { services, prefix: ORUK_PREFIX });
  // RFC 8058 one-click unsubscribe from reminder emails: for mail clients, outside the site (no cookies, no CSRF).
  await app.register(oneClickUnsubscribe, { services });
  // Browser tests only (config refuses it in production): the reminder tick at a chosen moment.
  if (deps.config.testReminderTick) await app.register(reminderTickForTests, { services });

  // Every page for people, each feature its own plugin inside the site.
  await app.register(htmlSite, {
    sessions: services.sessions,
    secureCookies: services.secureCookies,
    translate: i18n.t,
    signedOut: SIGNED_OUT_PAGE,
    features: async (site) => {
      await site.register(helpFeature, { services });
      await site.register(homeFeature, { services });
      await site.register(accountsFeature, { services });
      await site.register(emailLinksFeature, { services });
      await site.register(authenticatorFeature, { services });
      await site.register(sessionsFeature, { services });
      await site.register(sessionFeature, { services });
      await site.register(planFeature, { services });
      await site.register(stayingWellFeature, { services });
      await site.register(circleFeature, { services });
      await site.register(journeyFeature, { services });
      await site.register(directoryFeature, { services });
      await site.register(organisationsFeature, { services, prefix: ORGANISATION_PREFIX });
    },
  });
  return app;
}
