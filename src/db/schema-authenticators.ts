import { bigint, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { accounts } from './schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** An authenticator app (TOTP, RFC 6238): one per account, in use once `confirmedAt` is set. */
export const authenticators = pgTable('authenticators', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  /** The shared secret, sealed (AES-256-GCM): never readable from the database alone. */
  secretSealed: text('secret_sealed').notNull(),
  createdAt: ts('created_at').notNull(),
  confirmedAt: ts('confirmed_at'),
  /** The time step of the last code accepted: a code is never accepted twice. */
  lastStep: bigint('last_step', { mode: 'number' }),
  /** Wrong codes in a row, and when the last came: each slows the next try. */
  failures: integer('failures').notNull().default(0),
  lastFailureAt: ts('last_failure_at'),
});

/** One-time recovery codes, stored as hashes; each works once. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    codeHash: text('code_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    usedAt: ts('used_at'),
  },
  (t) => [index('recovery_codes_account_idx').on(t.accountId)],
);
