import { createHash } from 'node:crypto';
import { asc, desc, eq, gt, lte, sql } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import type { Clock } from './clock.ts';

export interface AuditEntry {
  actorId: string | null;
  action: string;
  subjectType?: string;
  subjectId?: string;
  /** Whose personal data this was about; lets the owner be shown who looked. */
  ownerId?: string | null;
  ip?: string | null;
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

interface Hashable {
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

function chainHash(prevHash: string, e: Hashable): string {
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

export type VerifyResult = { ok: true; count: number } | { ok: false; count: number; brokenAt: number };

/** Whose chain an event joins: its owner's, the account it is about, or the service's own. */
export function chainOf(entry: AuditEntry): string {
  return entry.ownerId ?? (entry.subjectType === 'account' ? entry.subjectId : undefined) ?? SERVICE_CHAIN;
}

const SERVICE_CHAIN = 'service';
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
      const row: Hashable = {
        at: this.clock.now(),
        actorId: entry.actorId,
        action: entry.action,
        subjectType: entry.subjectType ?? null,
        subjectId: entry.subjectId ?? null,
        ownerId: entry.ownerId ?? null,
        ip: entry.ip ?? null,
        detail: entry.detail ?? null,
        ownerVisible: entry.ownerVisible ?? false,
      };
      const prevHash = last?.hash ?? GENESIS;
      await tx.insert(auditEvents).values({ ...row, chain, prevHash, hash: chainHash(prevHash, row) });
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

  /**
   * Walks every event in order, checking each against the one before in its chain, and each
   * checkpoint against the heads of all chains it covered: any edited, inserted or removed row
   * breaks it.
   */
  async verify(): Promise<VerifyResult> {
    const heads = new Map<string, string>();
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = await this.db.select().from(auditEvents).where(gt(auditEvents.seq, after)).orderBy(asc(auditEvents.seq)).limit(1000);
      if (rows.length === 0) return { ok: true, count };
      for (const r of rows) {
        const prev = heads.get(r.chain) ?? GENESIS;
        if (r.prevHash !== prev || chainHash(prev, r) !== r.hash) return { ok: false, count, brokenAt: r.seq };
        if (r.action === CHECKPOINT) {
          const detail = r.detail as { upTo?: number; heads?: string } | null;
          if (typeof detail?.upTo !== 'number' || (await headsHash(this.db, detail.upTo)) !== detail.heads)
            return { ok: false, count, brokenAt: r.seq };
        }
        heads.set(r.chain, r.hash);
        count += 1;
        after = r.seq;
      }
    }
  }
}
