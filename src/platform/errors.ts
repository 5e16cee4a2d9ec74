import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { keptText } from './forms.ts';
import { errorFacts } from './logging.ts';

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
  if (code === 'WAYMARK_UNREADABLE_TEXT') return { status, template: 'errors/unreadable.njk' };
  if (status >= 400 && status < 500) return { status, template: 'errors/bad-request.njk' };
  return { status: 500, template: 'errors/problem.njk' };
}

async function renderError(reply: FastifyReply, status: number, code?: string): Promise<void> {
  const page = pageFor(status, code);
  // A refused form gives back what the person typed, so nothing they wrote is lost.
  const kept = reply.request.method === 'POST' && page.status < 500 ? keptText(reply.request) : [];
  try {
    await reply.code(page.status).type('text/html; charset=utf-8').view(page.template, { kept });
  } catch (err) {
    reply.log.error({ err: errorFacts(err), route: reply.request.routeOptions.url }, 'error page failed to render');
    await reply.code(page.status).type('text/plain; charset=utf-8').send('Sorry, there is a problem with the service.');
  }
}

/** NHS-style error pages; a stack trace or error message never reaches the page. */
export function registerErrorPages(app: FastifyInstance): void {
  app.setNotFoundHandler(async (_request, reply) => renderError(reply, 404));
  app.setErrorHandler(async (error: FastifyError, request, reply) => {
    const status = typeof error.statusCode === 'number' && error.statusCode >= 400 ? error.statusCode : 500;
    // The error's class and codes, the route's pattern and (from the logger) the request id:
    // never the message, the stack or a query's parameters, which can hold what a person wrote.
    const facts = { err: errorFacts(error), route: request.routeOptions.url };
    if (status >= 500) request.log.error(facts, 'request failed');
    else request.log.info({ ...facts, status }, 'request refused');
    await renderError(reply, status, error.code);
  });
}
