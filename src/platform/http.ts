import type { FastifyReply, FastifyRequest } from 'fastify';
import { withParams, zodValidatorCompiler, type App } from './route-schemas.ts';
import fastifyCompress from '@fastify/compress';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import { ROUTE } from './access.ts';
import { UnreadableText } from './errors.ts';
import { bodyOf, formText, hasUnreadableText } from './forms.ts';
import { publicDir } from './views.ts';

export interface HttpOptions {
  secureCookies: boolean;
  sessionSecret: string;
  /** Told of every request a rate limit refused, by its route (counted, not logged one by one). */
  onRateLimited?: (kind: string) => void;
}

export const ASSETS_PREFIX = '/assets/';

const csrfCookie = (secure: boolean) => (secure ? '__Host-waymark-csrf' : 'waymark-csrf');

/** One CSRF token for every form on a page: the secret behind it is made at most once a request. */
export function csrfTokenOnce(reply: FastifyReply): () => string {
  let token: string | undefined;
  return () => (token ??= reply.generateCsrf());
}

/** A new CSRF secret at sign-in and sign-out, so none is carried across either. */
export function renewCsrfSecret(request: FastifyRequest, reply: FastifyReply, secure: boolean): void {
  request.cookies[csrfCookie(secure)] = undefined;
  reply.generateCsrf();
}

/** Cookies, forms, security headers, CSRF (checked by the site: see site.ts), rate limits,
 *  compression and static assets: what every route needs, pages or not. */
export async function registerHttp(app: App, opts: HttpOptions): Promise<void> {
  // Route schemas are zod's (route-schemas.ts), for every route of the app.
  app.setValidatorCompiler(zodValidatorCompiler);
  await app.register(fastifyCookie, { secret: opts.sessionSecret });
  await app.register(fastifyFormbody);
  await app.register(fastifyCompress, { threshold: 1024 });
  await app.register(fastifyHelmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: opts.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
  });
  await app.register(fastifyCsrf, {
    cookieKey: csrfCookie(opts.secureCookies),
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: opts.secureCookies, signed: true },
    getToken: (request) => formText(bodyOf(request.body)._csrf),
  });
  const onRateLimited = opts.onRateLimited;
  await app.register(fastifyRateLimit, {
    global: false,
    ...(onRateLimited
      ? { onExceeded: (request: FastifyRequest) => onRateLimited(`rate-limit ${request.method} ${request.routeOptions.url ?? ''}`) }
      : {}),
  });
  await app.register(fastifyStatic, { root: publicDir, serve: false });

  const asset = `${ASSETS_PREFIX}*` as const;
  app.get(asset, withParams(asset, ROUTE.public), (request, reply) => {
    return reply.sendFile(request.params['*'], { maxAge: 31_536_000_000, immutable: true });
  });

  app.addHook('preValidation', (request, _reply, done) => {
    done(hasUnreadableText(request.body) ? new UnreadableText() : undefined);
  });
}
