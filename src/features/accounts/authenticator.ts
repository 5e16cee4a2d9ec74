import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNotNull, isNull, lt, or, sql } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { authenticators, recoveryCodes } from '../../db/schema.ts';
import type { Services } from '../../services.ts';
import type { SignedIn } from '../../platform/sessions.ts';
import { hasAuthenticator } from './store.ts';

const PERIOD_S = 30;
const RECOVERY_CODES = 10;
/** Sensitive changes ask again for the password (and code) once the last check is older than this. */
export const RECHECK_MS = 15 * 60 * 1000;
/** Wrong codes allowed in a row before each further try must wait, longer each time. */
const FREE_TRIES = 3;
const MAX_WAIT_MS = 15 * 60 * 1000;

export type CodeCheck = 'ok' | 'wrong' | 'wait';

/** Time since the session last proved who it is, past the limit: ask again. */
export const needsRecheck = (me: SignedIn, now: Date): boolean => !me.checkedAt || now.getTime() - me.checkedAt.getTime() > RECHECK_MS;

const totpOf = (secret: string, label = 'Waymark') =>
  new TOTP({ issuer: 'Waymark', label, algorithm: 'SHA1', digits: 6, period: PERIOD_S, secret: Secret.fromBase32(secret) });

/** Lower case, without spaces or dashes: how a recovery code is compared. */
const normalRecovery = (code: string) => code.toLowerCase().replace(/[\s-]/g, '');
const recoveryHash = (accountId: string, code: string) =>
  createHash('sha256')
    .update(`${accountId}:${normalRecovery(code)}`)
    .digest('hex');

function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  let code = '';
  for (const byte of bytes) code += alphabet.charAt(byte % alphabet.length);
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** How long after `failures` wrong codes in a row the next try must wait. */
export function waitAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(MAX_WAIT_MS, 5000 * 2 ** (failures - FREE_TRIES));
}

export interface SetUp {
  secret: string;
  uri: string;
  qr: string;
  /** The key, sealed with the account and a time limit: the form carries it back, so nothing is saved until a code proves the app has it. */
  token: string;
}

/** How long a set-up page's key can still be confirmed. */
const SET_UP_MS = 60 * 60 * 1000;

/** An authenticator app (TOTP, RFC 6238) and one-time recovery codes for an account. */
export class Authenticators {
  constructor(private readonly s: Services) {}

  isOn(accountId: string): Promise<boolean> {
    return hasAuthenticator(this.s.db, accountId);
  }

  /** A new key to add to an app. Nothing is saved (a page, not a change): see `confirm`. */
  begin(me: Pick<SignedIn, 'id' | 'email'>): Promise<SetUp> {
    const secret = new Secret({ size: 20 }).base32;
    return this.shown(me, secret, this.s.secrets.seal({ accountId: me.id, secret, until: this.s.clock.now().getTime() + SET_UP_MS }));
  }

  /** The same key again (after a wrong code), or a new one if the form's is not this account's or too old. */
  again(me: Pick<SignedIn, 'id' | 'email'>, token: string): Promise<SetUp> {
    const secret = this.secretIn(me.id, token);
    return secret ? this.shown(me, secret, token) : this.begin(me);
  }

  private async shown(me: Pick<SignedIn, 'email'>, secret: string, token: string): Promise<SetUp> {
    const uri = totpOf(secret, me.email).toString();
    const svg = await QRCode.toString(uri, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    return { secret, uri, qr: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`, token };
  }

  private secretIn(accountId: string, token: string): string | null {
    try {
      const opened = this.s.secrets.open(token) as { accountId?: unknown; secret?: unknown; until?: unknown };
      const live = typeof opened.until === 'number' && opened.until > this.s.clock.now().getTime();
      return opened.accountId === accountId && typeof opened.secret === 'string' && live ? opened.secret : null;
    } catch {
      return null;
    }
  }

  /** Turns the app on once a code from it is right; returns the recovery codes, shown once. */
  async confirm(accountId: string, token: string, code: string, ip: string): Promise<string[] | null> {
    const secret = this.secretIn(accountId, token);
    const step = secret ? this.stepOf(secret, code) : null;
    if (!secret || step === null) return null;
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    const now = this.s.clock.now();
    const made = await this.s.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(authenticators)
        .values({ accountId, secretSealed: this.s.secrets.seal(secret), createdAt: now, confirmedAt: now, lastStep: step })
        .onConflictDoNothing()
        .returning({ id: authenticators.accountId });
      // One already set up (another tab): it stays, and nothing else changes.
      if (!row) return false;
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
      await tx.insert(recoveryCodes).values(codes.map((c) => ({ codeHash: recoveryHash(accountId, c), accountId })));
      await this.s.audit.record(
        { actorId: accountId, action: 'authenticator.set-up', subjectType: 'account', subjectId: accountId, ip },
        tx,
      );
      return true;
    });
    return made ? codes : null;
  }

  /**
   * Checks a code from the app, or a recovery code (used up). A code is accepted once only;
   * wrong codes in a row make each next try wait longer (someone who has the password already).
   */
  async check(accountId: string, given: string, ip: string): Promise<CodeCheck> {
    const [row] = await this.s.db
      .select()
      .from(authenticators)
      .where(and(eq(authenticators.accountId, accountId), isNotNull(authenticators.confirmedAt)));
    if (!row) return 'wrong';
    const now = this.s.clock.now();
    if (row.lastFailureAt && now.getTime() - row.lastFailureAt.getTime() < waitAfter(row.failures)) return 'wait';
    const code = given.replace(/\s/g, '');
    if (/^\d{6}$/.test(code)) {
      const secret = this.keyOf(row.secretSealed);
      const step = secret === null ? null : this.stepOf(secret, code);
      // Only a later step than the last accepted: a code seen over a shoulder cannot be used again.
      const used =
        step === null
          ? []
          : await this.s.db
              .update(authenticators)
              .set({ lastStep: step, failures: 0, lastFailureAt: null })
              .where(and(eq(authenticators.accountId, accountId), or(isNull(authenticators.lastStep), lt(authenticators.lastStep, step))))
              .returning({ id: authenticators.accountId });
      if (used.length) return 'ok';
    } else if (code.length <= 40 && code.length > 0) {
      const used = await this.s.db
        .update(recoveryCodes)
        .set({ usedAt: now })
        .where(
          and(
            eq(recoveryCodes.codeHash, recoveryHash(accountId, code)),
            eq(recoveryCodes.accountId, accountId),
            isNull(recoveryCodes.usedAt),
          ),
        )
        .returning({ id: recoveryCodes.codeHash });
      if (used.length) {
        await this.s.db.update(authenticators).set({ failures: 0, lastFailureAt: null }).where(eq(authenticators.accountId, accountId));
        const left = await this.recoveryCodesLeft(accountId);
        await this.s.audit.record({
          actorId: accountId,
          action: 'authenticator.recovery-code-used',
          subjectType: 'account',
          subjectId: accountId,
          ip,
          detail: { left },
        });
        return 'ok';
      }
    }
    await this.s.db
      .update(authenticators)
      .set({ failures: sql`${authenticators.failures} + 1`, lastFailureAt: now })
      .where(eq(authenticators.accountId, accountId));
    await this.s.audit.record({
      actorId: accountId,
      action: 'authenticator.code-failed',
      subjectType: 'account',
      subjectId: accountId,
      ip,
    });
    return 'wrong';
  }

  async recoveryCodesLeft(accountId: string): Promise<number> {
    const [row] = await this.s.db
      .select({ n: sql<number>`count(*)::int` })
      .from(recoveryCodes)
      .where(and(eq(recoveryCodes.accountId, accountId), isNull(recoveryCodes.usedAt)));
    return row?.n ?? 0;
  }

  async turnOff(accountId: string, ip: string): Promise<void> {
    await this.s.db.transaction(async (tx) => {
      await tx.delete(recoveryCodes).where(eq(recoveryCodes.accountId, accountId));
      await tx.delete(authenticators).where(eq(authenticators.accountId, accountId));
      await this.s.audit.record(
        { actorId: accountId, action: 'authenticator.turned-off', subjectType: 'account', subjectId: accountId, ip },
        tx,
      );
    });
  }

  /** The stored key, or null if it no longer opens (SESSION_SECRET changed): then only recovery codes work. */
  private keyOf(sealed: string): string | null {
    try {
      const key = this.s.secrets.open(sealed);
      return typeof key === 'string' ? key : null;
    } catch {
      return null;
    }
  }

  /** The time step a right code belongs to (the one before or after, for a clock a little out), or null. */
  private stepOf(secret: string, code: string): number | null {
    const trimmed = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(trimmed)) return null;
    const timestamp = this.s.clock.now().getTime();
    const delta = totpOf(secret).validate({ token: trimmed, timestamp, window: 1 });
    return delta === null ? null : TOTP.counter({ period: PERIOD_S, timestamp }) + delta;
  }
}

/** The code an app shows now for `secret` (development tools and tests). */
export function codeFor(secret: string, at: Date): string {
  return totpOf(secret).generate({ timestamp: at.getTime() });
}
