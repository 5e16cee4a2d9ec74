import { createHash, createHmac } from 'node:crypto';
import { asc, desc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { auditEvents, auditPersonal } from '../db/schema.ts';
import type { Clock } from './clock.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Whose personal data this was about; lets the owner be shown who looked. */
  ownerId?: string | null;
  /** Personal: kept beside the chain (audit_personal), removed with the account. */
  ip?: string | null;
  /** Never personal (no names, addresses or free text): it is sealed in the chain. */
  detail?: Record<string, unknown>;
  ownerVisible?: boolean;
}

const GENESIS = '0'.repeat(64);
const AUDIT_LOCK = 727_274;
const CHECKPOINT_LOCK = 727_275;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export interface Hashable {
  at: Date;
  actorId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  ownerId: string | null;
  ip: string | null;
  detail: unknown;
  ownerVisible: boolean;
}

/** The fields a hash covers in formats 2 and 3: only pseudonymous ids, kinds and times, so
 *  removing personal details keeps the chain whole. */
function body(v: 2 | 3, e: Omit<Hashable, 'ip'>): string {
  return canonical({
    v,
    at: e.at.toISOString(),
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    ownerId: e.ownerId,
    detail: e.detail ?? null,
    ownerVisible: e.ownerVisible,
  });
}

/** Format 3, the one written now: keyed with a secret from the settings (HMAC-SHA256), so that
 *  someone who can write to the database but does not hold the key cannot forge a chain. */
function keyedHash(key: string, prevHash: string, e: Omit<Hashable, 'ip'>): string {
  return createHmac('sha256', key).update(prevHash).update('\n').update(body(3, e)).digest('hex');
}

/** Format 2 (migrations 0010 to 0012): as format 3, with no key. */
export function chainHashV2(prevHash: string, e: Omit<Hashable, 'ip'>): string {
  return createHash('sha256').update(prevHash).update('\n').update(body(2, e)).digest('hex');
}

/** Format 1 (before migration 0006): the hash covered the address too. */
export function chainHashV1(prevHash: string, e: Hashable): string {
  const body = canonical({
    at: e.at.toISOString(),
    actorId: e.actorId,
    action: e.action,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    ownerId: e.ownerId,
    ip: e.ip,
    detail: e.detail ?? null,
    ownerVisible: e.ownerVisible,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

export type VerifyResult =
  | { ok: true; count: number }
  | {
      ok: false;
      count: number;
      brokenAt: number;
      /** hash: an event does not match the one before it (or the key); checkpoint: the heads it
       *  recorded are not there; unsealed: an event in an earlier format, not re-sealed; anchor:
       *  the anchored event is missing or different. */
      reason: 'hash' | 'checkpoint' | 'unsealed' | 'anchor';
    };

/** Whose chain an event joins: its owner's, the account it is about, or the service's own. */
export function chainOf(entry: AuditEntry): string {
  return entry.ownerId ?? (entry.subjectType === 'account' ? entry.subjectId : undefined) ?? SERVICE_CHAIN;
}

const SERVICE_CHAIN = 'service';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whose personal details an event's address is: the actor's, or the account it is about. */
function personOf(entry: AuditEntry): string | null {
  if (entry.actorId) return entry.actorId;
  return entry.subjectType === 'account' && entry.subjectId && UUID.test(entry.subjectId) ? entry.subjectId : null;
}

/** Removes the personal details beside every event of this account; the chain stays whole. */
export async function erasePersonalAudit(q: Queryable, accountId: string): Promise<void> {
  await q.delete(auditPersonal).where(eq(auditPersonal.accountId, accountId));
}

/**
 * Events sealed in an earlier format (1: the hash covered the address; 2: no key) are re-sealed
 * once in format 3, keyed: their old hashes are verified first (a broken log is left exactly as it
 * is, and reported), then any address moves to audit_personal and every hash, and every
 * checkpoint's heads, is recomputed in order, in one transaction. Returns how many were re-sealed.
 */
export async function resealLegacyAudit(db: Queryable, key: string): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
    const [legacy] = await tx.select({ seq: auditEvents.seq }).from(auditEvents).where(lt(auditEvents.hashVersion, 3)).limit(1);
    if (!legacy) return 0;
    const log = new AuditLog(tx, { now: () => new Date() }, key);
    const before = await log.walk(true);
    if (!before.ok) throw new Error(`The audit log is broken at event ${String(before.brokenAt)}: it is left as it is, not re-sealed`);
    await tx.execute(sql`select set_config('waymark.audit_reseal', 'on', true)`);
    const heads = new Map<string, string>();
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = await tx.select().from(auditEvents).where(gt(auditEvents.seq, after)).orderBy(asc(auditEvents.seq)).limit(1000);
      if (rows.length === 0) break;
      for (const r of rows) {
        const prevHash = heads.get(r.chain) ?? GENESIS;
        let detail = r.detail;
        if (r.action === CHECKPOINT) {
          const d = r.detail as { upTo: number };
          detail = { upTo: d.upTo, heads: await headsHash(tx, d.upTo) };
        }
        const hash = keyedHash(key, prevHash, { ...r, detail });
        if (r.hashVersion < 3) {
          if (r.ip)
            await tx.insert(auditPersonal).values({
              seq: r.seq,
              accountId: personOf({
                actorId: r.actorId,
                action: r.action,
                subjectType: r.subjectType ?? undefined,
                subjectId: r.subjectId ?? undefined,
              }),
              ip: r.ip,
            });
          await tx.update(auditEvents).set({ ip: null, detail, prevHash, hash, hashVersion: 3 }).where(eq(auditEvents.seq, r.seq));
          count += 1;
        } else if (hash !== r.hash || prevHash !== r.prevHash) {
          throw new Error('An event sealed in format 3 follows events of an earlier format: the audit log is left as it is');
        }
        heads.set(r.chain, hash);
        after = r.seq;
      }
    }
    await tx.execute(sql`select set_config('waymark.audit_reseal', 'off', true)`);
    const done = await log.verify();
    if (!done.ok) throw new Error('The re-sealed audit log does not verify: nothing is changed');
    return count;
  });
}

/** The newest event's number and hash, kept somewhere the database's writers cannot reach (a
 *  file, a ticket, another system): a log cut short or rewritten after it no longer matches. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

const CHECKPOINT = 'audit.checkpoint';

/** One hash over the head (last seq and hash) of every chain, up to and including `upTo`. */
async function headsHash(db: Queryable, upTo: number): Promise<string> {
  const heads = await db
    .selectDistinctOn([auditEvents.chain], { chain: auditEvents.chain, seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(lte(auditEvents.seq, upTo))
    .orderBy(auditEvents.chain, desc(auditEvents.seq));
  const hash = createHash('sha256');
  for (const h of heads) hash.update(`${h.chain}\n${String(h.seq)}\n${h.hash}\n`);
  return hash.digest('hex');
}

export class AuditLog {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
    /** The settings' AUDIT_KEY: every event's hash is keyed with it. */
    private readonly key: string,
  ) {}

  /** Appends one event, linked by hash to the one before in its chain. Pass a transaction to
   *  make the event part of the change it describes. Only writers to the same chain wait. */
  async record(entry: AuditEntry, q: Queryable = this.db): Promise<void> {
    const chain = chainOf(entry);
    await q.transaction(async (tx) => {
      // Writers to different chains share the global lock (a checkpoint alone takes it whole).
      await tx.execute(
        sql`select pg_advisory_xact_lock_shared(${CHECKPOINT_LOCK}), pg_advisory_xact_lock(${AUDIT_LOCK}, hashtext(${chain}))`,
      );
      const [last] = await tx
        .select({ hash: auditEvents.hash })
        .from(auditEvents)
        .where(eq(auditEvents.chain, chain))
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      const row = {
        at: this.clock.now(),
        actorId: entry.actorId,
        action: entry.action,
        subjectType: entry.subjectType ?? null,
        subjectId: entry.subjectId ?? null,
        ownerId: entry.ownerId ?? null,
        detail: entry.detail ?? null,
        ownerVisible: entry.ownerVisible ?? false,
      };
      const prevHash = last?.hash ?? GENESIS;
      const [inserted] = await tx
        .insert(auditEvents)
        .values({ ...row, chain, prevHash, hash: keyedHash(this.key, prevHash, row), hashVersion: 3 })
        .returning({ seq: auditEvents.seq });
      if (entry.ip && inserted) await tx.insert(auditPersonal).values({ seq: inserted.seq, accountId: personOf(entry), ip: entry.ip });
    });
  }

  /** Records the head of every chain as of now, so a chain cut short afterwards is found. */
  async checkpoint(): Promise<void> {
    await this.db.transaction(async (tx) => {
      // Waits for events being written to commit, so every row up to `upTo` is in the heads.
      await tx.execute(sql`select pg_advisory_xact_lock(${CHECKPOINT_LOCK})`);
      const [top] = await tx
        .select({ seq: auditEvents.seq, action: auditEvents.action })
        .from(auditEvents)
        .orderBy(desc(auditEvents.seq))
        .limit(1);
      // Nothing happened since the last checkpoint: another would tie together the same heads.
      if (!top || top.action === CHECKPOINT) return;
      await this.record({ actorId: null, action: CHECKPOINT, detail: { upTo: top.seq, heads: await headsHash(tx, top.seq) } }, tx);
    });
  }

  /** Writes a checkpoint (if anything happened since the last) and returns the newest event, to
   *  be kept outside the database and given to verify later. */
  async anchor(): Promise<AuditAnchor | undefined> {
    await this.checkpoint();
    const [top] = await this.db
      .select({ seq: auditEvents.seq, hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1);
    return top;
  }

  /**
   * Walks every event in order, checking each against the one before in its chain (keyed), and
   * each checkpoint against the heads of all chains it covered: any edited, inserted or removed
   * row breaks it. Given an anchor kept outside, also finds a tail cut off after it, or a log
   * rewritten from before it.
   */
  async verify(anchor?: AuditAnchor): Promise<VerifyResult> {
    const result = await this.walk(false);
    if (!result.ok || !anchor) return result;
    const [row] = await this.db.select({ hash: auditEvents.hash }).from(auditEvents).where(eq(auditEvents.seq, anchor.seq));
    return row?.hash === anchor.hash ? result : { ok: false, count: result.count, brokenAt: anchor.seq, reason: 'anchor' };
  }

  /** verify's walk; `legacy` accepts the earlier formats (only for re-sealing them). */
  async walk(legacy: boolean): Promise<VerifyResult> {
    const heads = new Map<string, string>();
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = await this.db.select().from(auditEvents).where(gt(auditEvents.seq, after)).orderBy(asc(auditEvents.seq)).limit(1000);
      if (rows.length === 0) return { ok: true, count };
      for (const r of rows) {
        if (r.hashVersion < 3 && !legacy) return { ok: false, count, brokenAt: r.seq, reason: 'unsealed' };
        const prev = heads.get(r.chain) ?? GENESIS;
        const expected =
          r.hashVersion === 1 ? chainHashV1(prev, r) : r.hashVersion === 2 ? chainHashV2(prev, r) : keyedHash(this.key, prev, r);
        if (r.prevHash !== prev || expected !== r.hash) return { ok: false, count, brokenAt: r.seq, reason: 'hash' };
        if (r.action === CHECKPOINT) {
          const detail = r.detail as { upTo?: number; heads?: string } | null;
          if (typeof detail?.upTo !== 'number' || (await headsHash(this.db, detail.upTo)) !== detail.heads)
            return { ok: false, count, brokenAt: r.seq, reason: 'checkpoint' };
        }
        heads.set(r.chain, r.hash);
        count += 1;
        after = r.seq;
      }
    }
  }
}
