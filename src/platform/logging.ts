import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * What may be logged of an error: its class and codes, never its message, stack or
 * parameters. A database error's message can hold the row it failed to write (a person's
 * plan, contacts and phone numbers), so none of it leaves the process.
 */
export interface ErrorFacts {
  type: string;
  code?: string;
  statusCode?: number;
  cause?: ErrorFacts;
}

export function errorFacts(err: unknown, depth = 0): ErrorFacts {
  if (typeof err !== 'object' || err === null) return { type: typeof err };
  const e = err as { constructor?: { name?: unknown }; name?: unknown; code?: unknown; statusCode?: unknown; cause?: unknown };
  const type =
    typeof e.constructor?.name === 'string' && e.constructor.name !== 'Object'
      ? e.constructor.name
      : typeof e.name === 'string'
        ? e.name
        : 'object';
  const facts: ErrorFacts = { type };
  // Codes are short identifiers (SQLSTATE, FST_…); anything longer is not one.
  if ((typeof e.code === 'string' || typeof e.code === 'number') && String(e.code).length <= 40) facts.code = String(e.code);
  if (typeof e.statusCode === 'number') facts.statusCode = e.statusCode;
  if (e.cause !== undefined && depth < 3) facts.cause = errorFacts(e.cause, depth + 1);
  return facts;
}

/** Fastify's own error lines use the error's message as the log message: these never do. */
export class FactsOnlyLogController extends LogController {
  override defaultErrorLog(error: Error, request: FastifyRequest, reply: FastifyReply): void {
    if (this.isLogDisabled(request)) return;
    const facts = { err: errorFacts(error), route: request.routeOptions.url };
    if (reply.statusCode >= 500) reply.log.error(facts, 'request failed');
    else reply.log.info(facts, 'request refused');
  }
}
