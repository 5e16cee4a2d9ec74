import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, isNull, lt, ne, or, sql } from 'drizzle-orm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Queryable } from '../db/client.ts';
import { accounts, authenticators, memberships, sessions } from '../db/schema.ts';
import type { Clock } from './clock.ts';

export const IDLE_MS = 30 * 60 * 1000;
export const ABSOLUTE_MS = 12 * 60 * 60 * 1000;
const TOUCH_MS = 60 * 1000;

export interface SignedIn {
  id: string;
  email: string;
  displayName: string;
  roles: { organisationId: string; role: 'person' | 'supporter' | 'admin' | 'listings-editor' }[];
  sessionHash: string;
  /** Seconds until this session ends if nothing else happens (idle or absolute limit): the page's
   *  timeout warning counts down from it. */
  secondsLeft: number;
  /** An authenticator app is set up (and confirmed) for this account; absent counts as not. */
  authenticator?: boolean;
  /** When this session last proved its password or code; absent counts as long ago. */
  checkedAt?: Date | null;
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

/** A pseudonymous mark of an account, to tell on a device whose kept crisis copy it holds.
 *  Not a secret: it names an account to its own device, and nothing else. */
export const accountMark = (accountId: string): string =>
  createHash('sha256').update(`waymark-offline:${accountId}`).digest('hex').slice(0, 16);

/** Removes a crisis copy kept on the device (the service worker and its cache), with no script. */
export const CLEAR_SITE_DATA = '"cache", "storage"';

/** Carries the signed-in account's mark on every page; public/sw.js reads it by this name. */
export const ACCOUNT_HEADER = 'X-Waymark-Account';

const DEVICE_COOKIE_MAX_AGE_S = 400 * 24 * 60 * 60;
const deviceCookie = (secure: boolean) => (secure ? '__Host-waymark-device' : 'waymark-device');

/** Remembers on this browser which account last signed in, so the next sign-in can tell
 *  whether someone else's copy may be kept here. */
export function markDevice(reply: FastifyReply, accountId: string, secure: boolean): void {
  reply.setCookie(deviceCookie(secure), accountMark(accountId), {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    maxAge: DEVICE_COOKIE_MAX_AGE_S,
  });
}

/** True when this browser was last used by another account (or by none we know of). */
export function deviceUsedByAnother(request: FastifyRequest, accountId: string, secure: boolean): boolean {
  return request.cookies[deviceCookie(secure)] !== accountMark(accountId);
}

export function cookieName(secure: boolean): string {
  return secure ? '__Host-waymark-session' : 'waymark-session';
}

export class SessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
  ) {}

  /** Always a fresh id: called at sign-in, so a session id is never carried across it. */
  async create(accountId: string, device: string | null = null): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.db.insert(sessions).values({ idHash: hash(token), accountId, createdAt: now, lastSeenAt: now, checkedAt: now, device });
    return token;
  }

  /** The signed-in account and its roles, in one query: this runs on every page. */
  async resolve(token: string): Promise<SignedIn | null> {
    const idHash = hash(token);
    const [row] = await this.db
      .select({
        createdAt: sessions.createdAt,
        lastSeenAt: sessions.lastSeenAt,
        checkedAt: sessions.checkedAt,
        authenticator: sql<boolean>`exists (select 1 from ${authenticators} a where a.account_id = ${accounts.id} and a.confirmed_at is not null)`,
        id: accounts.id,
        email: accounts.email,
        displayName: accounts.displayName,
        roles: sql<
          SignedIn['roles']
        >`coalesce((select json_agg(json_build_object('organisationId', m.organisation_id, 'role', m.role)) from ${memberships} m where m.account_id = ${accounts.id}), '[]'::json)`,
      })
      .from(sessions)
      .innerJoin(accounts, eq(accounts.id, sessions.accountId))
      .where(and(eq(sessions.idHash, idHash), isNull(accounts.disabledAt)));
    if (!row) return null;
    const now = this.clock.now().getTime();
    if (now - row.lastSeenAt.getTime() > IDLE_MS || now - row.createdAt.getTime() > ABSOLUTE_MS) {
      await this.end(token);
      return null;
    }
    let lastSeen = row.lastSeenAt.getTime();
    if (now - lastSeen > TOUCH_MS) {
      lastSeen = now;
      await this.db
        .update(sessions)
        .set({ lastSeenAt: new Date(now) })
        .where(eq(sessions.idHash, idHash));
    }
    const endsAt = Math.min(lastSeen + IDLE_MS, row.createdAt.getTime() + ABSOLUTE_MS);
    return {
      id: row.id,
      email: row.email,
      displayName: row.displayName,
      roles: row.roles,
      sessionHash: idHash,
      secondsLeft: Math.max(0, Math.floor((endsAt - now) / 1000)),
      authenticator: row.authenticator,
      checkedAt: row.checkedAt,
    };
  }

  /** Notes that this session has just proved its password (or code) again. */
  async markChecked(sessionHash: string): Promise<void> {
    await this.db.update(sessions).set({ checkedAt: this.clock.now() }).where(eq(sessions.idHash, sessionHash));
  }

  async end(token: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.idHash, hash(token)));
  }

  /** An account's live sessions, most recently used first: where it is signed in now. */
  async listFor(accountId: string): Promise<{ idHash: string; createdAt: Date; lastSeenAt: Date; device: string | null }[]> {
    const now = this.clock.now().getTime();
    const rows = await this.db
      .select({ idHash: sessions.idHash, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, device: sessions.device })
      .from(sessions)
      .where(eq(sessions.accountId, accountId))
      .orderBy(desc(sessions.lastSeenAt));
    return rows.filter((r) => now - r.lastSeenAt.getTime() <= IDLE_MS && now - r.createdAt.getTime() <= ABSOLUTE_MS);
  }

  /** Removes sessions past their idle or absolute time (a scheduled job). */
  async purgeExpired(): Promise<void> {
    const now = this.clock.now().getTime();
    await this.db
      .delete(sessions)
      .where(or(lt(sessions.lastSeenAt, new Date(now - IDLE_MS)), lt(sessions.createdAt, new Date(now - ABSOLUTE_MS))));
  }

  /** Ends every session of an account but the one given (after a password change). */
  async endAllFor(accountId: string, exceptHash?: string): Promise<void> {
    const others = exceptHash ? and(eq(sessions.accountId, accountId), ne(sessions.idHash, exceptHash)) : eq(sessions.accountId, accountId);
    await this.db.delete(sessions).where(others);
  }
}

export function readSessionCookie(request: FastifyRequest, secure: boolean): string | undefined {
  return request.cookies[cookieName(secure)];
}

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(cookieName(secure), token, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  reply.clearCookie(cookieName(secure), { path: '/', httpOnly: true, secure, sameSite: 'lax' });
}

/** A few words for a browser, from its User-Agent ("Firefox on Windows"): enough to recognise a
 *  device in the list of sessions, and nothing more is kept. */
export function deviceOf(userAgent: unknown): string | null {
  if (typeof userAgent !== 'string' || !userAgent) return null;
  const browsers: [RegExp, string][] = [
    [/Edg\//, 'Edge'],
    [/SamsungBrowser\//, 'Samsung Internet'],
    [/Firefox\//, 'Firefox'],
    [/Chrome\/|Chromium\//, 'Chrome'],
    [/Safari\//, 'Safari'],
  ];
  const systems: [RegExp, string][] = [
    [/Android/, 'Android'],
    [/iPhone|iPad|iPod/, 'iOS'],
    [/Windows/, 'Windows'],
    [/Mac OS X|Macintosh/, 'macOS'],
    [/CrOS/, 'ChromeOS'],
    [/Linux/, 'Linux'],
  ];
  const browser = browsers.find(([re]) => re.test(userAgent))?.[1];
  const system = systems.find(([re]) => re.test(userAgent))?.[1];
  if (browser && system) return `${browser} on ${system}`;
  return browser ?? system ?? null;
}
