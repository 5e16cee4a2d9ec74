import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
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

export class AuditLog {
  constructor(
    private readonly db: Queryable,
    private readonly clock: Clock,
  ) {}

  /** Appends one event, linked by hash to the one before. Pass a transaction to make the
   *  event part of the change it describes. */
  async record(entry: AuditEntry, q: Queryable = this.db): Promise<void> {
    await q.transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK})`);
      const [last] = await tx.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
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
      await tx.insert(auditEvents).values({ ...row, prevHash, hash: chainHash(prevHash, row) });
    });
  }

  /** Walks the whole chain in pages; any edited, inserted or removed row breaks it. */
  async verify(): Promise<VerifyResult> {
    let prev = GENESIS;
    let count = 0;
    let after = 0;
    for (;;) {
      const rows = await this.db.select().from(auditEvents).where(gt(auditEvents.seq, after)).orderBy(asc(auditEvents.seq)).limit(1000);
      if (rows.length === 0) return { ok: true, count };
      for (const r of rows) {
        if (r.prevHash !== prev || chainHash(prev, r) !== r.hash) return { ok: false, count, brokenAt: r.seq };
        prev = r.hash;
        count += 1;
        after = r.seq;
      }
    }
  }
}
