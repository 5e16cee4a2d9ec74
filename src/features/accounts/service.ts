import { randomBytes } from 'node:crypto';
import { hashToken } from '../../platform/tokens.ts';
import { z } from 'zod';
import type { Services } from '../../services.ts';
import type { Tx } from '../../db/client.ts';
import { LIMITS, requiredText } from '../../platform/forms.ts';
import { burnVerify, hashPassword, isCommonPassword, MAX_PASSWORD, MIN_PASSWORD, verifyPassword } from './passwords.ts';
import * as store from './store.ts';
import { erasePersonalAudit } from '../../platform/audit.ts';

const RESET_TTL_MS = 60 * 60 * 1000;

const newPassword = z
  .string()
  .min(1, 'accounts:errors.passwordRequired')
  .min(MIN_PASSWORD, 'accounts:errors.passwordTooShort')
  .max(MAX_PASSWORD, 'accounts:errors.passwordTooLong')
  .refine((p) => !isCommonPassword(p), 'accounts:errors.passwordCommon');

const email = z
  .string()
  .refine((s) => s.trim().length > 0, 'accounts:errors.emailRequired')
  .refine((s) => s.trim().length <= LIMITS.email, 'accounts:errors.emailTooLong')
  .refine((s) => z.email().safeParse(s.trim()).success, 'accounts:errors.emailInvalid');

export const schemas = {
  createAccount: z.object({
    displayName: requiredText(LIMITS.short, { required: 'accounts:errors.nameRequired', tooLong: 'accounts:errors.nameTooLong' }),
    email,
    password: newPassword,
  }),
  signIn: z.object({
    email: z.string().refine((s) => s.trim().length > 0, 'accounts:errors.emailRequired'),
    password: z.string().min(1, 'accounts:errors.passwordRequired'),
  }),
  changePassword: z.object({
    currentPassword: z.string().min(1, 'accounts:errors.currentPasswordRequired'),
    newPassword,
  }),
  forgotten: z.object({ email }),
  changeName: z.object({
    displayName: requiredText(LIMITS.short, { required: 'accounts:errors.nameRequired', tooLong: 'accounts:errors.nameTooLong' }),
  }),
  changeEmail: z.object({
    email,
    currentPassword: z.string().min(1, 'accounts:errors.currentPasswordRequired'),
  }),
  deleteAccount: z.object({ currentPassword: z.string().min(1, 'accounts:errors.currentPasswordRequired') }),
  reset: z.object({ newPassword }),
};

type Ip = string | undefined;

export class AccountService {
  constructor(private readonly s: Services) {}

  /** Same answer, and about the same time, whether or not the email has an account. */
  async signIn(address: string, password: string, ip: Ip): Promise<{ id: string; needsCode: boolean } | null> {
    await this.s.signInSlowing.before(address);
    const account = await store.findByEmail(this.s.db, address.trim());
    const ok = account && !account.disabledAt ? await verifyPassword(account.passwordHash, password) : (await burnVerify(password), false);
    await (ok ? this.s.signInSlowing.succeeded(address) : this.s.signInSlowing.failed(address));
    const needsCode = ok && account ? await store.hasAuthenticator(this.s.db, account.id) : false;
    await this.s.audit.record({
      actorId: ok && account ? account.id : null,
      // With an authenticator app, sign-in succeeds only once the code is given too.
      action: ok ? (needsCode ? 'sign-in.password-accepted' : 'sign-in.success') : 'sign-in.failure',
      subjectType: account ? 'account' : undefined,
      subjectId: account?.id,
      ip,
    });
    return ok && account ? { id: account.id, needsCode } : null;
  }

  async changePassword(accountId: string, sessionHash: string, current: string, next: string, ip: Ip): Promise<boolean> {
    const account = await store.findById(this.s.db, accountId);
    if (!account || !(await verifyPassword(account.passwordHash, current))) {
      await this.s.audit.record({
        actorId: accountId,
        action: 'password.change-refused',
        subjectType: 'account',
        subjectId: accountId,
        ip,
      });
      return false;
    }
    const passwordHash = await hashPassword(next);
    await this.s.db.transaction(async (tx) => {
      await store.setPassword(tx, accountId, passwordHash, this.s.clock.now());
      await store.cancelResets(tx, accountId, this.s.clock.now());
      await this.s.audit.record({ actorId: accountId, action: 'password.changed', subjectType: 'account', subjectId: accountId, ip }, tx);
      await this.tellPasswordChanged(tx, account);
    });
    await this.s.sessions.endAllFor(accountId, sessionHash);
    return true;
  }

  /** The name is personal: the audit event says only that it changed. */
  async changeName(accountId: string, displayName: string, ip: Ip): Promise<void> {
    await this.s.db.transaction(async (tx) => {
      await store.setName(tx, accountId, displayName);
      await this.s.audit.record(
        { actorId: accountId, action: 'account.name-changed', subjectType: 'account', subjectId: accountId, ip },
        tx,
      );
    });
  }

  /**
   * Removes the account and everything personal about it, once its password is given again:
   * plans and their history, sessions, reset links, memberships (by cascade) and the personal
   * details beside its audit events. The pseudonymous audit chain stays, whole.
   */
  async deleteAccount(accountId: string, current: string, ip: Ip): Promise<boolean> {
    const account = await store.findById(this.s.db, accountId);
    if (!account || !(await verifyPassword(account.passwordHash, current))) {
      await this.s.audit.record({ actorId: accountId, action: 'account.delete-refused', subjectType: 'account', subjectId: accountId, ip });
      return false;
    }
    await this.s.db.transaction(async (tx) => {
      await this.s.audit.record({ actorId: accountId, action: 'account.deleted', subjectType: 'account', subjectId: accountId }, tx);
      await erasePersonalAudit(tx, accountId);
      await store.endSignUpsFor(tx, account.email);
      await store.deleteAccount(tx, accountId);
    });
    return true;
  }

  async requestReset(address: string, ip: Ip): Promise<void> {
    const account = await store.findByEmail(this.s.db, address.trim());
    if (!account || account.disabledAt) return;
    const token = randomBytes(32).toString('base64url');
    await this.s.db.transaction(async (tx) => {
      await store.insertReset(tx, {
        tokenHash: hashToken(token),
        accountId: account.id,
        expiresAt: new Date(this.s.clock.now().getTime() + RESET_TTL_MS),
      });
      await this.s.audit.record(
        { actorId: null, action: 'password.reset-requested', subjectType: 'account', subjectId: account.id, ip },
        tx,
      );
      const message = {
        to: account.email,
        template: 'password-reset' as const,
        personalisation: { name: account.displayName, link: `${this.s.baseUrl}/reset-password/${token}` },
      };
      await this.s.jobs.sendEmail(tx, message, `password-reset:${hashToken(token)}`);
    });
  }

  isResetLive(token: string): Promise<boolean> {
    return store.isResetLive(this.s.db, hashToken(token), this.s.clock.now());
  }

  /** Returns the account whose password was reset, or null if the link is used or expired. */
  async reset(token: string, next: string, ip: Ip): Promise<string | null> {
    const passwordHash = await hashPassword(next);
    const accountId = await this.s.db.transaction(async (tx) => {
      const id = await store.consumeReset(tx, hashToken(token), this.s.clock.now());
      const account = id ? await store.findById(tx, id) : undefined;
      if (!account) return null;
      await store.setPassword(tx, account.id, passwordHash, this.s.clock.now());
      await store.cancelResets(tx, account.id, this.s.clock.now());
      await this.s.audit.record({ actorId: account.id, action: 'password.reset', subjectType: 'account', subjectId: account.id, ip }, tx);
      await this.tellPasswordChanged(tx, account);
      return account.id;
    });
    if (accountId) await this.s.sessions.endAllFor(accountId);
    return accountId;
  }

  /** The person hears of every new password, so one they did not set is noticed. */
  private tellPasswordChanged(tx: Tx, account: store.Account): Promise<void> {
    const message = { to: account.email, template: 'password-changed' as const, personalisation: { name: account.displayName } };
    return this.s.jobs.sendEmail(tx, message, `password-changed:${account.id}:${this.s.clock.now().toISOString()}`);
  }
}
