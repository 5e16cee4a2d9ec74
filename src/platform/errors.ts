import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { AuthenticatorNeeded } from './authenticator-gate.ts';
import { bodyOf, formList, keptText } from './forms.ts';
import type { Language, Translate } from './i18n.ts';
import { errorFacts } from './logging.ts';
import { isDatabaseUnavailable, RETRY_AFTER_SECONDS } from './unavailable.ts';

/** Text that is not well-formed Unicode (a lone surrogate, as JSON can carry): it cannot be
 *  stored, so the form is refused with what was typed given back. */
export class UnreadableText extends Error {
  readonly statusCode = 400;
  readonly code = 'WAYMARK_UNREADABLE_TEXT';
}

function pageFor(status: number, code: string | undefined): { status: number; template: string } {
  if (status === 404) return { status, template: 'errors/not-found.njk' };
  if (status === 403) return { status, template: 'errors/forbidden.njk' };
  if (status === 413) return { status, template: 'errors/too-large.njk' };
  if (status === 429) return { status, template: 'errors/too-many.njk' };
  if (status === 503) return { status, template: 'errors/unavailable.njk' };
  if (code === 'WAYMARK_UNREADABLE_TEXT') return { status, template: 'errors/unreadable.njk' };
  if (status >= 400 && status < 500) return { status, template: 'errors/bad-request.njk' };
  return { status: 500, template: 'errors/problem.njk' };
}

/** Every field a form sent, as name and value pairs, to send again unchanged ("Try again"):
 *  never a password, which is not written into a page (the person types it again). */
function resendable(reply: FastifyReply): { name: string; value: string }[] {
  return Object.entries(bodyOf(reply.request.body))
    .filter(([name]) => !/password/i.test(name))
    .flatMap(([name, value]) => formList(value).map((v) => ({ name, value: v })));
}

/** An error page needs only the page's locals, which the site sets before anything can fail;
 *  should even that not have happened, they are made here from nothing that can fail. */
function ensureLocals(reply: FastifyReply, translate: (lang: Language) => Translate): void {
  if ((reply.locals as Partial<typeof reply.locals> | undefined)?.t) return;
  reply.locals = {
    t: translate('en'),
    htmlLang: 'en',
    account: null,
    cspNonce: (reply.cspNonce as { script?: string } | undefined)?.script ?? '',
    csrfToken: () => reply.generateCsrf(),
    done: null,
    here: reply.request.url.split('?')[0] ?? '/',
  };
}

async function renderError(reply: FastifyReply, translate: (lang: Language) => Translate, status: number, code?: string): Promise<void> {
  const page = pageFor(status, code);
  const post = reply.request.method === 'POST';
  // A refused form gives back what the person typed, so nothing they wrote is lost; when the
  // database could not take it, with a button that sends it all again.
  const kept = post && (page.status < 500 || page.status === 503) ? keptText(reply.request) : [];
  const again = page.status === 503 ? { action: reply.request.url, fields: post ? resendable(reply) : null } : null;
  if (page.status === 503) reply.header('Retry-After', String(RETRY_AFTER_SECONDS));
  try {
    ensureLocals(reply, translate);
    await reply.code(page.status).type('text/html; charset=utf-8').view(page.template, { kept, again });
  } catch (err) {
    reply.log.error({ err: errorFacts(err), route: reply.request.routeOptions.url }, 'error page failed to render');
    await reply
      .code(page.status)
      .type('text/html; charset=utf-8')
      .send(
        '<!DOCTYPE html><html lang="en"><title>Waymark</title><h1>Sorry, there is a problem with the service</h1>' +
          '<p>Please try again in a few minutes. If you need help now, call Samaritans free on 116 123, or 999 in an emergency.</p>' +
          '<p><a href="/help">Get help now</a></p></html>',
      );
  }
}

/** NHS-style error pages; a stack trace or error message never reaches the page. */
export function registerErrorPages(app: FastifyInstance, translate: (lang: Language) => Translate): void {
  app.setNotFoundHandler(async (_request, reply) => renderError(reply, translate, 404));
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    if (error instanceof AuthenticatorNeeded) return reply.redirect(error.redirectTo, 303);
    const unavailable = isDatabaseUnavailable(error);
    const status = unavailable ? 503 : typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    // The error's class and codes, the route's pattern and (from the logger) the request id:
    // never the message, the stack or a query's parameters, which can hold what a person wrote.
    const facts = { err: errorFacts(error), route: request.routeOptions.url };
    if (unavailable) request.log.warn(facts, 'database unavailable');
    else if (status >= 500) request.log.error(facts, 'request failed');
    else request.log.info({ ...facts, status }, 'request refused');
    await renderError(reply, translate, status, error.code);
  });
}
