import { sql } from 'drizzle-orm';
import { check, foreignKey, index, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { ts } from './columns.ts';
import { accounts, organisations } from './schema.ts';

/** Someone a person invited into their circle, by an emailed single-use link (7 days). */
export const circleInvitations = pgTable(
  'circle_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** The address invited: only an account with it can accept. */
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    /** A supporter picked from an organisation's list: their place in the circle lasts as long
     *  as their supporter membership of it. */
    viaOrganisationId: uuid('via_organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    withdrawnAt: ts('withdrawn_at'),
  },
  (t) => [index('circle_invitations_owner_idx').on(t.ownerId)],
);

/** Who is in a person's circle: they see nothing until the person grants them a part. */
export const circleMembers = pgTable(
  'circle_members',
  {
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    memberId: uuid('member_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Set when they came in as that organisation's supporter: the place (and every grant) ends
     *  when that membership does. */
    viaOrganisationId: uuid('via_organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    addedAt: ts('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ownerId, t.memberId] }), index('circle_members_member_idx').on(t.memberId)],
);

/** Someone an organisation's admin invited to join it in a role, by an emailed single-use link
 *  (7 days), accepted only by an account with that address. */
export const organisationInvitations = pgTable(
  'organisation_invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['person', 'supporter', 'admin', 'listings-editor'] }).notNull(),
    email: text('email').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: uuid('invited_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    acceptedAt: ts('accepted_at'),
    withdrawnAt: ts('withdrawn_at'),
  },
  (t) => [index('organisation_invitations_org_idx').on(t.organisationId)],
);

/** What a member of a person's circle may do with one part of their record, until a date.
 *  Removing a grant deletes its row (the audit log keeps that it existed). */
export const grants = pgTable(
  'grants',
  {
    ownerId: uuid('owner_id').notNull(),
    memberId: uuid('member_id').notNull(),
    part: text('part').notNull(),
    level: text('level', { enum: ['see', 'suggest'] }).notNull(),
    until: ts('until'),
    changedAt: ts('changed_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerId, t.memberId, t.part] }),
    // People I support: everything shared with one member.
    index('grants_member_idx').on(t.memberId),
    foreignKey({ columns: [t.ownerId, t.memberId], foreignColumns: [circleMembers.ownerId, circleMembers.memberId] }).onDelete('cascade'),
    check('grants_level_check', sql`${t.level} in ('see', 'suggest')`),
  ],
);

/** "Pause all sharing": while a row exists, nobody sees anything the person shares. */
export const sharingPauses = pgTable('sharing_pauses', {
  ownerId: uuid('owner_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  pausedAt: ts('paused_at').notNull(),
});

/** Something a member of a person's circle suggested: a new goal, a new step on a goal, new
 *  words for a goal or step, or a comment on a part. Only the owner acts on it; a declined one stays, with both views, as
 *  "where we see things differently". */
export const suggestions = pgTable(
  'suggestions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    /** Who suggested it; kept (as "someone") if they delete their account. */
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['goal', 'step', 'change', 'comment'] }).notNull(),
    /** The part it is about, as grants name parts. */
    part: text('part').notNull(),
    /** For a step: the goal it is for; for a change: the goal changed, or the step's goal. */
    goalId: text('goal_id'),
    /** For a change to a step: the step. */
    stepId: text('step_id'),
    text: text('text').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined'] }).notNull(),
    /** The person's own view, when they decline (optional). */
    reply: text('reply'),
    /** The plan and version an accepted suggestion became, for its history. */
    documentId: uuid('document_id'),
    version: integer('version'),
    createdAt: ts('created_at').notNull(),
    decidedAt: ts('decided_at'),
  },
  (t) => [
    index('suggestions_owner_idx').on(t.ownerId, t.status),
    index('suggestions_author_idx').on(t.authorId),
    check('suggestions_kind_check', sql`${t.kind} in ('goal', 'step', 'change', 'comment')`),
    check('suggestions_status_check', sql`${t.status} in ('pending', 'accepted', 'declined')`),
  ],
);
