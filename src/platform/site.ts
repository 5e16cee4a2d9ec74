import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { enforceAccess, type SignedOutPage } from './access.ts';
import { registerErrorPages } from './errors.ts';
import { isDatabaseUnavailable } from './unavailable.ts';
import { csrfTokenOnce } from './http.ts';
import type { Language, Translate } from './i18n.ts';
import { ACCOUNT_HEADER, accountMark, readSessionCookie, type SessionStore } from './sessions.ts';
import { registerViews, type PageLocals } from './views.ts';

export interface SiteOptions {
  sessions: Pick<SessionStore, 'resolve'>;
  secureCookies: boolean;
  translate: (lang: Language) => Translate;
  /** Where a signed-out person is sent, and the page a form sent after the session ended gets. */
  signedOut: SignedOutPage;
  /** Registers the features' plugins inside the site, so each inherits its hooks. */
  features: (site: FastifyInstance) => Promise<void>;
}

/** The banner's news about the change just made (owned-documents.ts `withDone`), and where
 *  this page is, so an undo can come back to it. */
function doneOf(url: string): Pick<PageLocals, 'done' | 'here'> {
  const parsed = new URL(url, 'http://localhost');
  const kind = parsed.searchParams.get('done');
  const version = Number(parsed.searchParams.get('version'));
  return {
    done:
      kind === 'saved' || kind === 'removed' || kind === 'restored'
        ? { kind, version: Number.isSafeInteger(version) && version > 1 ? version : null }
        : null,
    here: parsed.pathname,
  };
}

/**
 * The HTML site: pages for people, as one encapsulated context. Only routes registered in it
 * look up the session, get the page's locals, check CSRF and access, are never cached, and
 * answer errors with NHS pages. Routes outside it (assets, /health, an API) pay for none of
 * this and answer in their own way.
 */
export const htmlSite: FastifyPluginAsync<SiteOptions> = async (site, opts) => {
  await registerViews(site);
  registerErrorPages(site, opts.translate);

  // The page's locals first, from nothing that can fail (no database), so an error page can
  // always be drawn, whatever fails after.
  site.addHook('onRequest', async (request, reply) => {
    request.account = null;
    reply.locals = {
      t: opts.translate('en'),
      htmlLang: 'en',
      account: null,
      cspNonce: reply.cspNonce.script,
      csrfToken: csrfTokenOnce(reply),
      ...doneOf(request.url),
    };
  });

  // The session after the body is read: if the database cannot answer, what a form sent is
  // already there to be given back (errors.ts).
  site.addHook('preValidation', async (request, reply) => {
    const token = readSessionCookie(request, opts.secureCookies);
    try {
      request.account = token ? await opts.sessions.resolve(token) : null;
    } catch (err) {
      if (!(request.routeOptions.config.withoutDatabase && isDatabaseUnavailable(err))) throw err;
      request.account = null;
    }
    reply.locals.account = request.account;
    // The service worker checks on every page whose crisis copy it keeps (public/sw.js).
    if (request.account) reply.header(ACCOUNT_HEADER, accountMark(request.account.id));
  });

  // Checked after the body is parsed, so the token can come from the form.
  site.addHook('preHandler', (request, reply, done) => {
    if (request.method !== 'POST') {
      done();
      return;
    }
    site.csrfProtection(request, reply, done);
  });
  site.addHook('preHandler', enforceAccess(opts.signedOut));

  // Pages hold personal data: no browser or proxy keeps them.
  site.addHook('onSend', async (_request, reply, payload) => {
    reply.header('Cache-Control', 'no-store');
    return payload;
  });

  await opts.features(site);
};
