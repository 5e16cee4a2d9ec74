import { randomBytes } from 'node:crypto';
import { hashToken } from '../../platform/tokens.ts';
import type { Services } from '../../services.ts';
import type { Tx } from '../../db/client.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import { ACCOUNT_PATHS as P } from './paths.ts';
import * as store from './store.ts';

/** A link to prove an address works once and for a day. */
export const EMAIL_LINK_TTL_MS = 24 * 60 * 60 * 1000;
/** At most this many links go to one address in a day, whoever asks. */
const LINKS_PER_ADDRESS_PER_DAY = 5;

type Ip = string | undefined;

/** Postgres refused a second account with the same address (two links used at once). */
function isTakenRace(error: unknown): boolean {
  for (let e: unknown = error; e && typeof e === 'object'; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}

export type SignUpResult = { accountId: string } | 'exists' | null;
export type ChangeResult = 'changed' | 'taken' | null;

/**
 * Addresses proved by an emailed link: a new account exists only once its address is
 * confirmed, and an account's address changes only once the new one is. Neither ever says
 * whether an address already has an account: that goes by email, to the address itself.
 */
export class EmailLinks {
  constructor(private readonly s: Services) {}

  private async underLimit(address: string): Promise<boolean> {
    const since = new Date(this.s.clock.now().getTime() - 24 * 60 * 60 * 1000);
    return (await store.emailLinksSentTo(this.s.db, address, since)) < LINKS_PER_ADDRESS_PER_DAY;
  }

  private async newLink(tx: Tx, values: Omit<store.EmailLink, 'tokenHash' | 'createdAt' | 'expiresAt'>): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.s.clock.now();
    await store.insertEmailLink(tx, {
      ...values,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_LINK_TTL_MS),
    });
    return token;
  }

  /** Tells the holder of an address that it already has an account, with the way back in. */
  private tellExists(tx: Tx, account: store.Account): Promise<void> {
    const message = {
      to: account.email,
      template: 'account-exists' as const,
      personalisation: { signInLink: `${this.s.baseUrl}${P.signIn}`, resetLink: `${this.s.baseUrl}${P.forgotten}` },
    };
    return this.s.jobs.sendEmail(tx, message, `account-exists:${account.id}`);
  }

  /** The same page, and about the same work, whether or not the address has an account. The
   *  email carries nothing that was typed but the address: not the name, so a stranger's words
   *  never reach someone else's inbox. */
  async startSignUp(input: { displayName: string; email: string; password: string }, ip: Ip): Promise<void> {
    const address = input.email.trim();
    const passwordHash = await hashPassword(input.password);
    const existing = await store.findByEmail(this.s.db, address);
    const allowed = await this.underLimit(address);
    await this.s.db.transaction(async (tx) => {
      if (existing) {
        await this.s.audit.record(
          { actorId: null, action: 'account.sign-up-for-existing', subjectType: 'account', subjectId: existing.id, ip },
          tx,
        );
        if (!existing.disabledAt) await this.tellExists(tx, existing);
        return;
      }
      await this.s.audit.record({ actorId: null, action: allowed ? 'account.sign-up-requested' : 'account.sign-up-held-back', ip }, tx);
      if (!allowed) return;
      const token = await this.newLink(tx, {
        purpose: 'sign-up',
        email: address,
        accountId: null,
        displayName: input.displayName,
        passwordHash,
      });
      const message = {
        to: address,
        template: 'confirm-email' as const,
        personalisation: { link: `${this.s.baseUrl}${P.confirmFor(token)}` },
      };
      await this.s.jobs.sendEmail(tx, message, `confirm-email:${hashToken(token)}`);
    });
  }

  async isLive(token: string, purpose: store.EmailLink['purpose']): Promise<boolean> {
    return (await store.findLiveEmailLink(this.s.db, hashToken(token), purpose, this.s.clock.now())) !== undefined;
  }

  /** Creates the account a sign-up link holds; 'exists' once the address has one (the link's
   *  holder has proved the address, so they may be told); null for a used or expired link. */
  async confirmSignUp(token: string, ip: Ip): Promise<SignUpResult> {
    try {
      return await this.s.db.transaction(async (tx) => {
        const now = this.s.clock.now();
        const link = await store.consumeEmailLink(tx, hashToken(token), 'sign-up', now);
        if (!link?.displayName || !link.passwordHash) return null;
        await store.endSignUpsFor(tx, link.email);
        if (await store.findByEmail(tx, link.email)) return 'exists';
        const account = await store.insertAccount(tx, {
          email: link.email,
          displayName: link.displayName,
          passwordHash: link.passwordHash,
          now,
        });
        await this.s.audit.record(
          { actorId: account.id, action: 'account.created', subjectType: 'account', subjectId: account.id, ip },
          tx,
        );
        return { accountId: account.id };
      });
    } catch (error) {
      if (isTakenRace(error)) return 'exists';
      throw error;
    }
  }

  /**
   * Sends a link to the new address, once the current password is given; false if it was not.
   * An address that already has an account gets the "you have an account" email instead, so
   * the page never says whether it is taken.
   */
  /** Whether the password is the account's own; a wrong one is audited as a refused change of email. */
  async passwordMatches(accountId: string, currentPassword: string, ip: Ip): Promise<boolean> {
    const account = await store.findById(this.s.db, accountId);
    if (account && (await verifyPassword(account.passwordHash, currentPassword))) return true;
    await this.s.audit.record({ actorId: accountId, action: 'email.change-refused', subjectType: 'account', subjectId: accountId, ip });
    return false;
  }

  /** Sends the link to the new address; the caller has checked the password (passwordMatches). */
  async requestChange(accountId: string, newAddress: string, ip: Ip): Promise<void> {
    const address = newAddress.trim();
    const existing = await store.findByEmail(this.s.db, address);
    const allowed = await this.underLimit(address);
    await this.s.db.transaction(async (tx) => {
      await store.cancelEmailChanges(tx, accountId);
      await this.s.audit.record(
        { actorId: accountId, action: 'email.change-requested', subjectType: 'account', subjectId: accountId, ip },
        tx,
      );
      if (existing) {
        if (!existing.disabledAt) await this.tellExists(tx, existing);
        return;
      }
      if (!allowed) return;
      const token = await this.newLink(tx, { purpose: 'change-email', email: address, accountId, displayName: null, passwordHash: null });
      const message = {
        to: address,
        template: 'change-email' as const,
        personalisation: { link: `${this.s.baseUrl}${P.changeEmailFor(token)}` },
      };
      await this.s.jobs.sendEmail(tx, message, `change-email:${hashToken(token)}`);
    });
  }

  /** Moves the account to the address the link went to, and tells the old address (so a change
   *  the person did not make is noticed). Reset links sent to the old address stop working. */
  async confirmChange(token: string, ip: Ip): Promise<ChangeResult> {
    try {
      return await this.s.db.transaction(async (tx) => {
        const now = this.s.clock.now();
        const link = await store.consumeEmailLink(tx, hashToken(token), 'change-email', now);
        const account = link?.accountId ? await store.findById(tx, link.accountId) : undefined;
        if (!link || !account) return null;
        const holder = await store.findByEmail(tx, link.email);
        if (holder && holder.id !== account.id) return 'taken';
        await store.setEmail(tx, account.id, link.email);
        await store.cancelEmailChanges(tx, account.id);
        await store.endSignUpsFor(tx, link.email);
        await store.cancelResets(tx, account.id, now);
        await this.s.audit.record({ actorId: account.id, action: 'email.changed', subjectType: 'account', subjectId: account.id, ip }, tx);
        const message = { to: account.email, template: 'email-changed' as const, personalisation: { name: account.displayName } };
        await this.s.jobs.sendEmail(tx, message, `email-changed:${account.id}:${now.toISOString()}`);
        return 'changed';
      });
    } catch (error) {
      if (isTakenRace(error)) return 'taken';
      throw error;
    }
  }
}
