import type { SignedIn } from './sessions.ts';

/** Where an account sets up its authenticator app (features/accounts serves it). */
export const AUTHENTICATOR_SET_UP_PATH = '/account/authenticator';

/** Supporters and admins open what others share with them only once an authenticator app is set up. */
export function mustSetUpAuthenticator(me: SignedIn): boolean {
  return !me.authenticator && me.roles.some((r) => r.role === 'supporter' || r.role === 'admin');
}

/** Sends the viewer to set up an authenticator app instead of showing what is shared. */
export class AuthenticatorNeeded extends Error {
  readonly redirectTo = AUTHENTICATOR_SET_UP_PATH;
}
