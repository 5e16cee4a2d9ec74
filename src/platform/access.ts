import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SignedIn } from './sessions.ts';
import { keptText } from './forms.ts';
import { declareParams, paramsOf } from './route-schemas.ts';

/**
 * Every route says who may use it, in `config.access`. A route without one stops
 * the app from starting: deny by default.
 * - public: anyone, signed in or not
 * - account: any signed-in account (record-level checks then happen in the feature,
 *   answering 404 for records the account may not see)
 * - admin: an organisation admin
 */
export type AccessRule = 'public' | 'account' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: AccessRule;
    /** Form fields that carry no writing (a hidden direction, a return path): never given back. */
    controls?: readonly string[];
    /** A page that must keep working while the database is away (help): a session that cannot
     *  be looked up then counts as signed out, instead of answering 503. */
    withoutDatabase?: boolean;
  }
  interface FastifyRequest {
    account: SignedIn | null;
  }
}

/** The route options for each rule, shared: `app.get(path, ROUTE.account, handler)`. */
export const ROUTE = {
  public: { config: { access: 'public' } },
  account: { config: { access: 'account' } },
  admin: { config: { access: 'admin' } },
} as const satisfies Record<AccessRule, { config: { access: AccessRule } }>;

export class NotFound extends Error {
  readonly statusCode = 404;
}

/** Where a signed-out person signs in (GET), and the page a form sent after the session
 *  ended is answered with (given `values.next` and what was typed, as `kept`). */
export interface SignedOutPage {
  path: string;
  view: string;
}

export interface RouteRule {
  method: string;
  url: string;
  access: AccessRule | undefined;
}

/** Refuses any route without a rule, or whose declared parameters are not its path's, and
 *  keeps the list so a test can read every route's rule. */
export function requireRulesOnEveryRoute(app: FastifyInstance): RouteRule[] {
  const rules: RouteRule[] = [];
  app.addHook('onRoute', (route) => {
    const access = route.config?.access;
    for (const method of [route.method].flat()) rules.push({ method, url: route.url, access });
    if (!access) throw new Error(`Route ${String(route.method)} ${route.url} declares no access rule`);
    declareParams(route);
  });
  return rules;
}

/** The signed-in account; only valid on routes whose rule is 'account' or 'admin'. */
export function accountOf(request: FastifyRequest): SignedIn {
  if (!request.account) throw new NotFound();
  return request.account;
}

export function enforceAccess(signedOut: SignedOutPage) {
  return async function enforce(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const rule = request.routeOptions.config.access;
    // Only the not-found handler has no rule: every registered route must declare one.
    if (rule === 'public' || rule === undefined) return;
    if (!request.account) {
      if (request.method === 'GET' || request.method === 'HEAD') {
        await reply.redirect(`${signedOut.path}?next=${encodeURIComponent(request.url)}`, 303);
        return;
      }
      // A form sent after the session ended (30 minutes idle): nothing is saved, but nothing
      // the person wrote is lost either: the sign-in page gives it back to copy.
      await reply.code(401).view(signedOut.view, { values: { next: '/' }, kept: keptText(request) });
      return;
    }
    if (rule === 'admin' && !request.account.roles.some((r) => r.role === 'admin')) throw new NotFound();
  };
}

/** Only same-site paths: a `next` parameter must never send someone to another site. */
export function safeNext(next: unknown): string {
  // One leading slash, then no slash or backslash, and no control characters anywhere:
  // browsers drop tabs and newlines from addresses, so "/\t/evil.example" means "//evil.example".
  if (typeof next !== 'string' || !/^\/(?![/\\])/.test(next) || next.includes('\\')) return '/';
  for (let i = 0; i < next.length; i++) {
    const code = next.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return '/';
  }
  // A Location header holds only printable ASCII: the rest is percent-encoded, and what cannot
  // be (a lone surrogate) sends the person home rather than stopping them signing in.
  try {
    return next.replace(/[^\x21-\x7e]+/g, (run) => encodeURIComponent(run));
  } catch {
    return '/';
  }
}

/** The signed-in account, where the request came from, and the path's parameters. */
export interface Ctx {
  me: SignedIn;
  ip: string;
  planId: string;
  params: Record<string, string>;
}

export function ctxOf(request: FastifyRequest): Ctx {
  const params = paramsOf(request);
  return { me: accountOf(request), ip: request.ip, planId: params.planId ?? '', params };
}
