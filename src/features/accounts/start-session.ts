import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { renewCsrfSecret } from '../../platform/http.ts';
import {
  CLEAR_SITE_DATA,
  deviceOf,
  deviceUsedByAnother,
  markDevice,
  readSessionCookie,
  setSessionCookie,
} from '../../platform/sessions.ts';

/** Signs a browser in as `accountId`: a new session and CSRF secret, ending any session it had. */
export async function startSession(s: Services, request: FastifyRequest, reply: FastifyReply, accountId: string): Promise<void> {
  const old = readSessionCookie(request, s.secureCookies);
  if (old) await s.sessions.end(old);
  setSessionCookie(reply, await s.sessions.create(accountId, deviceOf(request.headers['user-agent'])), s.secureCookies);
  renewCsrfSecret(request, reply, s.secureCookies);
  // Someone else's crisis copy may be kept on this browser (their session ended without
  // signing out): it goes before this person sees any page. Their own copy stays.
  if (deviceUsedByAnother(request, accountId, s.secureCookies)) reply.header('Clear-Site-Data', CLEAR_SITE_DATA);
  markDevice(reply, accountId, s.secureCookies);
}
