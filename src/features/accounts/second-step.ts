import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../../services.ts';
import { verifyPassword } from './passwords.ts';
import type { FieldError } from '../../platform/forms.ts';
import type { SignedIn } from '../../platform/sessions.ts';
import type { Authenticators } from './authenticator.ts';
import { needsRecheck } from './authenticator.ts';
import * as store from './store.ts';

/** A password given but no code yet: how long the browser may take to give the code. */
const PENDING_MS = 5 * 60 * 1000;
const PURPOSE = 'sign-in-code';
const cookieName = (secure: boolean) => (secure ? '__Host-waymark-pending' : 'waymark-pending');

/** Remembers, signed and for five minutes, that this browser gave `accountId`'s password: it is not signed in yet. */
export function startPending(s: Services, reply: FastifyReply, accountId: string): void {
  const value = `${accountId}_${s.clock.now().getTime() + PENDING_MS}`;
  reply.setCookie(cookieName(s.secureCookies), s.signer.sign(PURPOSE, value), {
    path: '/',
    httpOnly: true,
    secure: s.secureCookies,
    sameSite: 'lax',
    maxAge: PENDING_MS / 1000,
  });
}

/** The account whose password this browser gave in the last five minutes, if any. */
export function pendingAccount(s: Services, request: FastifyRequest): string | null {
  const token = request.cookies[cookieName(s.secureCookies)];
  const value = token ? s.signer.verify(PURPOSE, token) : null;
  if (!value) return null;
  const [accountId, until] = value.split('_');
  return accountId && Number(until) > s.clock.now().getTime() ? accountId : null;
}

export function clearPending(s: Services, reply: FastifyReply): void {
  reply.clearCookie(cookieName(s.secureCookies), { path: '/', httpOnly: true, secure: s.secureCookies, sameSite: 'lax' });
}

export interface Proof {
  currentPassword: string;
  code: string;
}

/**
 * Asks the signed-in person to prove it is them again: the password, and the authenticator
 * code where one is set up. `always` asks every time; otherwise only once the last check is
 * more than 15 minutes old. Nothing to fix is an empty list; the session is then marked checked.
 */
export async function proveItIsYou(
  s: Services,
  auth: Authenticators,
  me: SignedIn,
  given: Proof,
  ip: string,
  always: boolean,
): Promise<FieldError[]> {
  if (!always && !needsRecheck(me, s.clock.now())) return [];
  const errors: FieldError[] = [];
  if (!given.currentPassword) errors.push({ field: 'currentPassword', message: 'accounts:errors.currentPasswordRequired' });
  if (me.authenticator && !given.code.trim()) errors.push({ field: 'code', message: 'accounts:errors.codeRequired' });
  else if (me.authenticator && given.code.trim().length > 40) errors.push({ field: 'code', message: 'accounts:errors.codeInvalid' });
  if (errors.length) return errors;
  const account = await store.findById(s.db, me.id);
  if (!account || !(await verifyPassword(account.passwordHash, given.currentPassword))) {
    await s.audit.record({ actorId: me.id, action: 'account.recheck-refused', subjectType: 'account', subjectId: me.id, ip });
    return [{ field: 'currentPassword', message: 'accounts:errors.currentPasswordWrong' }];
  }
  if (me.authenticator) {
    const result = await auth.check(me.id, given.code, ip);
    if (result !== 'ok') return [{ field: 'code', message: result === 'wait' ? 'accounts:errors.codeWait' : 'accounts:errors.codeWrong' }];
  }
  await s.sessions.markChecked(me.sessionHash);
  return [];
}
