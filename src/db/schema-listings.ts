import { check, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { ts } from './columns.ts';
import { hsdsService } from './schema-directory.ts';
import { accounts } from './schema.ts';

/**
 * Every change a listings editor makes to a directory listing, Waymark's own (not HSDS): who,
 * when, what kind, the fields as the form saved them and the names of those that changed. The
 * newest version is what an edit form carries, so an edit made meanwhile is refused, not lost;
 * (service, version) is unique, so two saves of the same version cannot both land.
 */
export const listingRevisions = pgTable(
  'listing_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id')
      .notNull()
      .references(() => hsdsService.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    authorId: uuid('author_id').references(() => accounts.id, { onDelete: 'set null' }),
    at: ts('at').notNull(),
    kind: text('kind', { enum: ['created', 'edited', 'closed', 'reopened'] }).notNull(),
    fields: jsonb('fields').notNull(),
    changed: jsonb('changed').$type<string[]>().notNull(),
  },
  (t) => [
    uniqueIndex('listing_revisions_version_idx').on(t.serviceId, t.version),
    index('listing_revisions_author_idx').on(t.authorId),
    check('listing_revisions_kind_check', sql`${t.kind} in ('created', 'edited', 'closed', 'reopened')`),
  ],
);
