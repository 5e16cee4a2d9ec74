import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db, Tx } from '../db/client.ts';
import { accounts, documentRevisions, documents } from '../db/schema.ts';
import type { Clock } from './clock.ts';

export interface Doc<T> {
  id: string;
  ownerId: string;
  version: number;
  content: T;
  updatedAt: Date;
}

export interface Revision {
  version: number;
  change: string;
  itemId: string | null;
  restoredFrom: number | null;
  createdAt: Date;
  authorId: string | null;
  authorName: string | null;
}

const revisionColumns = {
  version: documentRevisions.version,
  change: documentRevisions.change,
  itemId: documentRevisions.itemId,
  restoredFrom: documentRevisions.restoredFrom,
  createdAt: documentRevisions.createdAt,
  authorId: documentRevisions.authorId,
  authorName: accounts.displayName,
};

/**
 * How a kind of document's content is stored: its current shape, and how every older shape
 * becomes the next. Each stored content carries its `schemaVersion`; an old one is upgraded as
 * it is read, so a change of shape can never break a document written before it.
 */
export interface ContentFormat<T> {
  schema: z.ZodType<T>;
  /** upgrades[n] turns version n into version n + 1; the current version is upgrades.length. */
  upgrades: readonly ((old: Record<string, unknown>) => Record<string, unknown>)[];
}

export function readContent<T>(format: ContentFormat<T>, stored: unknown): T {
  let content = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const from = typeof content.schemaVersion === 'number' ? content.schemaVersion : 0;
  for (const upgrade of format.upgrades.slice(from)) content = upgrade(content);
  return format.schema.parse(content);
}

export function storedContent<T>(format: ContentFormat<T>, content: T): T & { schemaVersion: number } {
  return { ...format.schema.parse(content), schemaVersion: format.upgrades.length };
}

/** A restore happens only over the version the person saw as current. */
export type RestoreOutcome = 'restored' | 'notFound' | 'changed';

/** What a change to a document decided: a new content (and the item it added or changed, when
 *  only the change itself knows it), or a reason it was not made. */
export type Outcome<T, R> = { content: T; result: R; item?: string } | { refused: R };

/** What kind of change a version is, and which item it changed: recorded with the version, so
 *  the history can say "Added the goal ‘…’" in the reader's words. */
export interface Change {
  kind: string;
  item?: string | null;
}
const changeOf = (change: string | Change): Change => (typeof change === 'string' ? { kind: change } : change);

/**
 * A person's document whose every change is a numbered revision, with author and
 * time. Changes are serialised per document (row lock) so none is lost; any earlier
 * revision can be read and restored, and a restore is itself a new revision.
 */
export class VersionedDocuments<T> {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly kind: string,
    private readonly format: ContentFormat<T>,
    private readonly empty: () => T,
  ) {}

  private toDoc(row: typeof documents.$inferSelect): Doc<T> {
    return {
      id: row.id,
      ownerId: row.ownerId,
      version: row.version,
      content: readContent(this.format, row.content),
      updatedAt: row.updatedAt,
    };
  }

  /** The owner's document of this kind. It is made with their account (migration 0005), so
   *  reading it never writes; one missing is a fault, not something to make on a GET. */
  async forOwner(ownerId: string): Promise<Doc<T>> {
    const [row] = await this.db
      .select()
      .from(documents)
      .where(and(eq(documents.ownerId, ownerId), eq(documents.kind, this.kind)));
    if (!row) throw new Error(`No ${this.kind} document for this account: the migration that makes it has not run`);
    return this.toDoc(row);
  }

  /** Makes the owner's (empty) document of this kind, or finds the one already made. For a
   *  kind the account trigger does not make (tests); the service's kinds come with the account. */
  async create(ownerId: string): Promise<Doc<T>> {
    return this.db.transaction(async (tx) => {
      const now = this.clock.now();
      const content = storedContent(this.format, this.empty());
      const [created] = await tx
        .insert(documents)
        .values({ ownerId, kind: this.kind, version: 1, content, updatedAt: now })
        .onConflictDoNothing()
        .returning();
      if (created) {
        await tx
          .insert(documentRevisions)
          .values({ documentId: created.id, version: 1, content, authorId: ownerId, change: 'created', createdAt: now });
        return this.toDoc(created);
      }
      const [row] = await tx
        .select()
        .from(documents)
        .where(and(eq(documents.ownerId, ownerId), eq(documents.kind, this.kind)));
      if (!row) throw new Error('document vanished while being created');
      return this.toDoc(row);
    });
  }

  async byId(id: string): Promise<Doc<T> | null> {
    if (!isUuid(id)) return null;
    const [row] = await this.db
      .select()
      .from(documents)
      .where(and(eq(documents.id, id), eq(documents.kind, this.kind)));
    return row ? this.toDoc(row) : null;
  }

  /** Applies `decide` to the latest content under a row lock; writes a revision when it changes. */
  async change<R>(
    id: string,
    authorId: string,
    change: string | Change,
    decide: (content: T) => Outcome<T, R>,
    /** Runs in the same transaction once the change is written, with its new version. */
    onSaved?: (tx: Tx, version: number) => Promise<void>,
  ): Promise<R> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
      if (!row) throw new Error('document not found');
      const outcome = decide(readContent(this.format, row.content));
      if ('refused' in outcome) return outcome.refused;
      const { kind, item } = changeOf(change);
      await this.write(tx, row.id, row.version + 1, outcome.content, authorId, { kind, item: item ?? outcome.item ?? null }, null);
      if (onSaved) await onSaved(tx, row.version + 1);
      return outcome.result;
    });
  }

  async restore(id: string, version: number, authorId: string, seen: number): Promise<RestoreOutcome> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select().from(documents).where(eq(documents.id, id)).for('update');
      const [old] = await tx
        .select()
        .from(documentRevisions)
        .where(and(eq(documentRevisions.documentId, id), eq(documentRevisions.version, version)));
      if (!row || !old) return 'notFound';
      if (row.version !== seen) return 'changed';
      await this.write(tx, id, row.version + 1, readContent(this.format, old.content), authorId, { kind: 'restored' }, version);
      return 'restored';
    });
  }

  private async write(tx: Tx, id: string, version: number, next: T, authorId: string, change: Change, restoredFrom: number | null) {
    const now = this.clock.now();
    const content = storedContent(this.format, next);
    await tx.update(documents).set({ version, content, updatedAt: now }).where(eq(documents.id, id));
    await tx.insert(documentRevisions).values({
      documentId: id,
      version,
      content,
      authorId,
      change: change.kind,
      itemId: change.item ?? null,
      restoredFrom,
      createdAt: now,
    });
  }

  /** Every version, newest first, with its content: the history words each change from it. */
  async revisions(id: string): Promise<(Revision & { content: T })[]> {
    const rows = await this.db
      .select({ ...revisionColumns, content: documentRevisions.content })
      .from(documentRevisions)
      .leftJoin(accounts, eq(accounts.id, documentRevisions.authorId))
      .where(eq(documentRevisions.documentId, id))
      .orderBy(desc(documentRevisions.version));
    return rows.map((row) => ({ ...row, content: readContent(this.format, row.content) }));
  }

  async revision(id: string, version: number): Promise<(Revision & { content: T }) | null> {
    if (!Number.isSafeInteger(version)) return null;
    const [row] = await this.db
      .select({ ...revisionColumns, content: documentRevisions.content })
      .from(documentRevisions)
      .leftJoin(accounts, eq(accounts.id, documentRevisions.authorId))
      .where(and(eq(documentRevisions.documentId, id), eq(documentRevisions.version, version)));
    return row ? { ...row, content: readContent(this.format, row.content) } : null;
  }
}

export function isUuid(s: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);
}
