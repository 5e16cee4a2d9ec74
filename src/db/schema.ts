import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    passwordChangedAt: ts('password_changed_at').notNull(),
    disabledAt: ts('disabled_at'),
  },
  (t) => [uniqueIndex('accounts_email_idx').on(sql`lower(${t.email})`)],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value: a database leak does not hand out live sessions. */
    idHash: text('id_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
  },
  (t) => [index('sessions_account_idx').on(t.accountId)],
);

export const passwordResets = pgTable(
  'password_resets',
  {
    tokenHash: text('token_hash').primaryKey(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('password_resets_account_idx').on(t.accountId)],
);

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    createdAt: ts('created_at').notNull(),
    /** The UK nation it works in (features/help/numbers.ts NATIONS), set by its admins: the help
     *  page shows that nation's numbers to its people until they choose another. Null until set. */
    nation: text('nation', { enum: ['england', 'wales', 'scotland', 'northern-ireland'] }),
  },
  (t) => [check('organisations_nation_check', sql`${t.nation} in ('england', 'wales', 'scotland', 'northern-ireland')`)],
);

export const memberships = pgTable(
  'memberships',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** person: someone the organisation supports (sees its local helplines) */
    role: text('role', { enum: ['person', 'supporter', 'admin'] }).notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.accountId, t.role] }), index('memberships_account_idx').on(t.accountId)],
);

/**
 * A person's own versioned document: the recovery plan now, the staying-well,
 * crisis and safety plans later. The whole content is one JSON value so that any
 * earlier version can be read and restored as a whole.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [uniqueIndex('documents_owner_kind_idx').on(t.ownerId, t.kind)],
);

export const documentRevisions = pgTable(
  'document_revisions',
  {
    documentId: uuid('document_id')
      .notNull()
      .references(() => documents.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    content: jsonb('content').notNull(),
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'set null' }),
    /** What kind of change made this version (`strengths.added`, `goal.edited`, `restored`…). */
    change: text('change').notNull(),
    /** The item it changed, where it changed one: the history page names it from the content. */
    itemId: text('item_id'),
    restoredFrom: integer('restored_from'),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.documentId, t.version] }), index('document_revisions_author_idx').on(t.authorId)],
);

export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    /** Each owner's events are a chain of their own (the service's events another), so writers
     *  never wait on one lock; checkpoints tie every chain's head together. */
    chain: text('chain').notNull().default('service'),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    action: text('action').notNull(),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    ownerId: uuid('owner_id'),
    ip: text('ip'),
    detail: jsonb('detail'),
    ownerVisible: boolean('owner_visible').notNull().default(false),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_owner_seq_idx').on(t.ownerId, t.seq), index('audit_chain_seq_idx').on(t.chain, t.seq)],
);

/** An organisation's own local numbers, shown on the safety plans of the people it supports. */
export const helplines = pgTable(
  'helplines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    phone: text('phone').notNull(),
    hours: text('hours').notNull(),
    createdAt: ts('created_at').notNull(),
  },
  (t) => [index('helplines_org_idx').on(t.organisationId)],
);

/** What a person was writing in a long text field and has not saved yet, kept with their account
 *  (never in the browser) as they type, and offered back when the form is next opened. */
export const drafts = pgTable(
  'drafts',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The address the form posts to: one draft per form. */
    form: text('form').notNull(),
    values: jsonb('values').$type<Record<string, string>>().notNull(),
    savedAt: ts('saved_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.form] })],
);

// The community directory's HSDS tables live beside this file.
export * from './schema-directory.ts';
