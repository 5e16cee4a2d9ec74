/**
 * Is this error the database being unreachable, restarting, out of connections or too slow,
 * rather than a fault in the request? Then the answer is 503 with Retry-After, and a form's
 * text is given back with a button that sends it again (errors.ts).
 */
const SQLSTATES = new Set([
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08004', // sqlserver_rejected_establishment_of_sqlconnection
  '08006', // connection_failure
  '53100', // disk_full
  '53200', // out_of_memory
  '53300', // too_many_connections
  '57014', // query_canceled (the statement timeout)
  '57P01', // admin_shutdown (pg_terminate_backend, a restart)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, in recovery)
  '55P03', // lock_not_available (lock timeout)
]);
const SYSTEM_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOSPC']);
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /connection error and is not queryable/i,
  /Client was closed and is not queryable/i,
  /Cannot use a pool after calling end/i,
  /PGlite is closed/i,
];

export function isDatabaseUnavailable(err: unknown): boolean {
  // Drizzle wraps a driver's error in its own (`cause`); look down the chain a few steps.
  let e: unknown = err;
  for (let depth = 0; depth < 5 && e; depth += 1) {
    if (typeof e === 'object') {
      const { code, message } = e as { code?: unknown; message?: unknown };
      if (typeof code === 'string' && (SQLSTATES.has(code) || SYSTEM_CODES.has(code))) return true;
      if (typeof message === 'string' && MESSAGES.some((m) => m.test(message))) return true;
      e = (e as { cause?: unknown }).cause;
    } else return false;
  }
  return false;
}

/** Seconds a refused request is asked to wait before trying again. */
export const RETRY_AFTER_SECONDS = 5;
