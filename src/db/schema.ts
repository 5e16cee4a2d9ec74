import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

import { ts } from './columns.ts';

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
    /** When this session last proved its password (or authenticator code): sensitive changes ask again after a while. */
    checkedAt: ts('checked_at'),
    /** What the browser said it was, in a few words ("Firefox on Windows"), for the list of sessions. */
    device: text('device'),
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

/** Refusals that touch nobody's record (a rate limit reached, say), counted per day and kind
 *  rather than written one by one in the audit log: the kind is the route, never who or from where. */
export const refusalCounts = pgTable(
  'refusal_counts',
  {
    day: text('day').notNull(),
    kind: text('kind').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ columns: [t.day, t.kind] })],
);

/** Failed sign-ins per address, keyed by a keyed hash of the address (never the address): each
 *  further try waits longer. Kept whether or not the address has an account, so the wait never
 *  tells which addresses do; forgotten 15 minutes after the last failure or at a sign-in. */
export const signInSlowing = pgTable('sign_in_slowing', {
  key: text('key').primaryKey(),
  failures: integer('failures').notNull(),
  lastFailureAt: ts('last_failure_at').notNull(),
});

/**
 * Links emailed to prove an address: a new account (held here, with its name and password hash,
 * until the address is confirmed: no account exists before then) or an account's new address.
 * Only a hash of the token is kept. A link is deleted when it is used or cancelled, and purged
 * once expired, with the name and password hash it held.
 */
export const emailLinks = pgTable(
  'email_links',
  {
    tokenHash: text('token_hash').primaryKey(),
    purpose: text('purpose', { enum: ['sign-up', 'change-email'] }).notNull(),
    /** The address the link was sent to: the new account's, or the account's new one. */
    email: text('email').notNull(),
    /** change-email: whose address changes. */
    accountId: uuid('account_id').references(() => accounts.id, { onDelete: 'cascade' }),
    /** sign-up: the account to create. */
    displayName: text('display_name'),
    passwordHash: text('password_hash'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [
    index('email_links_account_idx').on(t.accountId),
    index('email_links_email_idx').on(sql`lower(${t.email})`),
    check('email_links_purpose_check', sql`${t.purpose} in ('sign-up', 'change-email')`),
  ],
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
    /** person: someone the organisation supports (sees its local helplines); listings-editor:
     *  keeps its directory listings current (asked to check them, told of reported problems) */
    role: text('role', { enum: ['person', 'supporter', 'admin', 'listings-editor'] }).notNull(),
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
    /** Only on events sealed before hash format 2: those are re-sealed at start-up and it moves out. */
    ip: text('ip'),
    /** Never personal: personal details sit in audit_personal, outside the hash. */
    detail: jsonb('detail'),
    ownerVisible: boolean('owner_visible').notNull().default(false),
    /** 1: the hash covered the address (ip); 2: only pseudonymous ids, kinds and times. */
    hashVersion: smallint('hash_version').notNull().default(3),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_owner_seq_idx').on(t.ownerId, t.seq), index('audit_chain_seq_idx').on(t.chain, t.seq)],
);

/** Personal details of an audit event, outside its hash: removed with the account they are
 *  about (accountId), while the pseudonymous chain stays whole. */
export const auditPersonal = pgTable(
  'audit_personal',
  {
    seq: bigint('seq', { mode: 'number' })
      .primaryKey()
      .references(() => auditEvents.seq),
    accountId: uuid('account_id'),
    ip: text('ip'),
  },
  (t) => [index('audit_personal_account_idx').on(t.accountId)],
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

/** One check-in: a person's answers to a measure at one moment. Rows, not one growing
 *  document, so they can be paged, charted and, later, counted anonymously. */
export const checkIns = pgTable(
  'check_ins',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    measureId: text('measure_id').notNull(),
    measureVersion: integer('measure_version').notNull(),
    answers: jsonb('answers').$type<Record<string, number>>().notNull(),
    scores: jsonb('scores').$type<{ total: number | null; subscales: Record<string, number | null> }>().notNull(),
    note: text('note').notNull().default(''),
    /** Ids of the staying-well plan's "what keeps me well" items the person did. */
    keptWell: jsonb('kept_well').$type<string[]>().notNull().default([]),
    warningSigns: boolean('warning_signs').notNull().default(false),
    createdAt: ts('created_at').notNull(),
    updatedAt: ts('updated_at').notNull(),
  },
  (t) => [index('check_ins_owner_created_idx').on(t.ownerId, t.createdAt)],
);

/** How often a person wants to be reminded to check in; no row is "never". */
export const reminderSettings = pgTable('reminder_settings', {
  accountId: uuid('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  frequency: text('frequency').notNull(),
  /** "HH:MM", UK time */
  timeOfDay: text('time_of_day').notNull(),
  quietDays: jsonb('quiet_days').$type<number[]>().notNull().default([]),
  /** A reminder a week before the recovery plan's review date. */
  reviewReminder: boolean('review_reminder').notNull().default(false),
  updatedAt: ts('updated_at').notNull(),
});

/** Each reminder slot queued, once: the row is written in the transaction that queues the email,
 *  so a restart or a second worker never sends one twice. */
export const remindersSent = pgTable(
  'reminders_sent',
  {
    accountId: uuid('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** 'check-in' or 'review' */
    kind: text('kind').notNull(),
    slot: ts('slot').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.kind, t.slot] })],
);

/** A further measure an organisation loaded (one it holds a licence for), offered to its people when turned on. */
export const organisationMeasures = pgTable(
  'organisation_measures',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    measureId: text('measure_id').notNull(),
    /** The definition as validated (features/journey/measures.ts); never a formula. */
    definition: jsonb('definition').notNull(),
    enabled: boolean('enabled').notNull().default(false),
    loadedAt: ts('loaded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.measureId] })],
);
// Circles of support (with organisation invitations) and the community directory's HSDS tables live beside this file.
export * from './schema-circle.ts';
export * from './schema-directory.ts';
export * from './schema-listings.ts';
// Authenticator apps and recovery codes live beside this file too.
export * from './schema-authenticators.ts';
