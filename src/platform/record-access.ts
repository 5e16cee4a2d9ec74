import type { Db } from '../db/client.ts';
import { NotFound } from './access.ts';
import { AuthenticatorNeeded, mustSetUpAuthenticator } from './authenticator-gate.ts';
import type { AuditLog } from './audit.ts';
import type { Clock } from './clock.ts';
import { VersionedDocuments, type Change, type ContentFormat, type Doc, type RestoreOutcome, type Revision } from './documents.ts';
import type { Edit, EditResult } from './owned-documents.ts';
import type { SignedIn } from './sessions.ts';

/**
 * The one place that decides whether an account may do something to a part of a person's
 * record. Features never reach a store directly: they ask for one already scoped to the viewer.
 *
 * Today the policy is "the owner only". It is shaped for sharing: the owner, or someone the
 * owner granted this part to, until a date, unless revoked or paused; parts not granted are
 * projected out of what a grantee reads. Nothing it decides is cached across requests.
 */
export type RecordAction = 'view' | 'download' | 'change' | 'restore' | 'suggest';

/** A part of a person's record, as the owner grants it: 'recovery-plan', 'crisis-plan', … */
export type Part = string;

export interface Grant {
  part: Part;
  level: 'see' | 'suggest';
  until: Date | null;
  revokedAt: Date | null;
  paused: boolean;
}

/** Where grants come from. Read on every decision, so a revoked grant stops the next request. */
export interface GrantSource {
  grantsFrom(ownerId: string, viewerId: string): Promise<Grant[]>;
}

/** No grants exist until sharing is built. */
export const NO_GRANTS: GrantSource = { grantsFrom: () => Promise.resolve([]) };

export type Decision = { allowed: false } | { allowed: true; asOwner: true } | { allowed: true; asOwner: false; parts: Part[] };

const NEVER_BY_OTHERS: readonly RecordAction[] = ['change', 'restore'];

/** A grant of `part`, or of the whole record it belongs to ('crisis-plan' covers 'crisis-plan.contacts'). */
const covers = (granted: Part, part: Part) => part === granted || part.startsWith(`${granted}.`) || granted.startsWith(`${part}.`);

/** The policy itself, with nothing to look up: the owner may do anything; anyone else only
 *  what a live grant allows, and never change or restore. */
export function decide(viewerId: string, ownerId: string, part: Part, action: RecordAction, grants: readonly Grant[], at: Date): Decision {
  if (viewerId === ownerId) return { allowed: true, asOwner: true };
  if (NEVER_BY_OTHERS.includes(action)) return { allowed: false };
  const live = grants.filter((g) => g.revokedAt === null && !g.paused && (g.until === null || g.until > at) && covers(g.part, part));
  const enough = action === 'suggest' ? live.filter((g) => g.level === 'suggest') : live;
  if (enough.length === 0) return { allowed: false };
  return { allowed: true, asOwner: false, parts: live.map((g) => g.part) };
}

/** What a viewer is: who, and from where (for the audit log). `Ctx` from a request is one. */
export interface Viewer {
  me: SignedIn;
  ip: string;
}

/** The record a decision is about. */
export interface RecordRef {
  ownerId: string;
  part: Part;
  /** names the audit events: `${subjectType}.refused`, `${subjectType}.view`, … */
  subjectType: string;
  subjectId: string;
}

export class RecordAccess {
  constructor(
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly grants: GrantSource = NO_GRANTS,
  ) {}

  /**
   * Decides, and writes the audit row: a refusal always; a read or other action by someone
   * other than the owner, shown to the owner. A refusal is a NotFound, like a record that
   * does not exist.
   */
  async require(viewer: Viewer, record: RecordRef, action: RecordAction): Promise<Exclude<Decision, { allowed: false }>> {
    const grants = viewer.me.id === record.ownerId ? [] : await this.grants.grantsFrom(record.ownerId, viewer.me.id);
    const decision = decide(viewer.me.id, record.ownerId, record.part, action, grants, this.clock.now());
    const entry = {
      actorId: viewer.me.id,
      subjectType: record.subjectType,
      subjectId: record.subjectId,
      ownerId: record.ownerId,
      ip: viewer.ip,
    };
    if (!decision.allowed) {
      await this.audit.record({ ...entry, action: `${record.subjectType}.refused`, detail: { attempted: action } });
      throw new NotFound();
    }
    if (!decision.asOwner && mustSetUpAuthenticator(viewer.me)) {
      await this.audit.record({
        ...entry,
        action: `${record.subjectType}.refused`,
        detail: { attempted: action, reason: 'authenticator' },
      });
      throw new AuthenticatorNeeded();
    }
    if (!decision.asOwner) await this.audit.record({ ...entry, action: `${record.subjectType}.${action}`, ownerVisible: true });
    return decision;
  }

  /** A person's versioned documents of one kind, reachable only through this policy. */
  documents<T>(db: Db, spec: DocumentSpec<T>): GuardedDocuments<T> {
    return new GuardedDocuments(this, new VersionedDocuments(db, this.clock, spec.kind, spec.format, spec.empty), spec);
  }
}

export interface DocumentSpec<T> {
  kind: string;
  part: Part;
  subjectType: string;
  format: ContentFormat<T>;
  empty: () => T;
  /** Removes what a grantee was not granted; without it, a document is one part, whole or not at all. */
  project?: (content: T, parts: readonly Part[]) => T;
}

/** Holds the unguarded store privately; hands out only views scoped to a viewer. */
export class GuardedDocuments<T> {
  readonly #access: RecordAccess;
  readonly #store: VersionedDocuments<T>;
  readonly #spec: DocumentSpec<T>;

  constructor(access: RecordAccess, store: VersionedDocuments<T>, spec: DocumentSpec<T>) {
    this.#access = access;
    this.#store = store;
    this.#spec = spec;
  }

  for(viewer: Viewer): ScopedDocuments<T> {
    return new ScopedDocuments(viewer, this.#access, this.#store, this.#spec);
  }
}

/** One viewer's view of a kind of document: every method decides through the policy first. */
export class ScopedDocuments<T> {
  constructor(
    private readonly viewer: Viewer,
    private readonly access: RecordAccess,
    private readonly store: VersionedDocuments<T>,
    private readonly spec: DocumentSpec<T>,
  ) {}

  /** The viewer's own document of this kind. */
  mine(): Promise<Doc<T>> {
    return this.store.forOwner(this.viewer.me.id);
  }

  private async allowed(id: string, action: RecordAction): Promise<{ doc: Doc<T>; show: (content: T) => T }> {
    const doc = await this.store.byId(id);
    if (!doc) throw new NotFound();
    const decision = await this.access.require(
      this.viewer,
      { ownerId: doc.ownerId, part: this.spec.part, subjectType: this.spec.subjectType, subjectId: doc.id },
      action,
    );
    const { project } = this.spec;
    const show = decision.asOwner || !project ? (content: T) => content : (content: T) => project(content, decision.parts);
    return { doc: { ...doc, content: show(doc.content) }, show };
  }

  async open(id: string, action: RecordAction = 'view'): Promise<Doc<T>> {
    return (await this.allowed(id, action)).doc;
  }

  async edit(id: string, change: string | Change, fn: (content: T) => Edit<T>): Promise<EditResult> {
    const { doc } = await this.allowed(id, 'change');
    let version: number | undefined;
    const result = await this.store.change(doc.id, this.viewer.me.id, change, fn, (_tx, saved) => {
      version = saved;
      return Promise.resolve();
    });
    return result.kind === 'ok' && version !== undefined ? { ...result, version } : result;
  }

  /** Restores `version` over the current one, only if that is still `seen`. */
  async restore(id: string, version: number, seen: number): Promise<RestoreOutcome> {
    const { doc } = await this.allowed(id, 'restore');
    return this.store.restore(doc.id, version, this.viewer.me.id, seen);
  }

  /** Every version, with what the viewer may not see projected out of each. */
  async history(id: string): Promise<{ doc: Doc<T>; revisions: (Revision & { content: T })[] }> {
    const { doc, show } = await this.allowed(id, 'view');
    const revisions = await this.store.revisions(doc.id);
    return { doc, revisions: revisions.map((r) => ({ ...r, content: show(r.content) })) };
  }

  /** One earlier version, with what the viewer may not see projected out. */
  async version(id: string, version: number): Promise<{ doc: Doc<T>; revision: (Revision & { content: T }) | null }> {
    const { doc, show } = await this.allowed(id, 'view');
    const revision = await this.store.revision(doc.id, version);
    return { doc, revision: revision ? { ...revision, content: show(revision.content) } : null };
  }
}
