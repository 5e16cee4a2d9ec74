import { readFileSync, writeFileSync } from 'node:fs';
import { sql, type SQL } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { AuditLog, type AuditAnchor, type VerifyResult } from '../platform/audit.ts';
import type { CliDeps } from './commands.ts';

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

const WHY: Record<Exclude<VerifyResult, { ok: true }>['reason'], string> = {
  hash: 'an event does not follow from the one before it, or was not sealed with this AUDIT_KEY',
  checkpoint: 'a checkpoint does not match the chains it recorded (a chain was cut short)',
  unsealed: 'an event is in an earlier format: start the service once to re-seal the log with the key',
  anchor: 'the anchored event is missing or different: the log was cut short or rewritten after the anchor was taken',
};

function readAnchor(file: string): AuditAnchor {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<AuditAnchor>;
  if (typeof parsed.seq !== 'number' || typeof parsed.hash !== 'string' || !/^[0-9a-f]{64}$/.test(parsed.hash))
    throw new Error(`${file} is not an audit anchor (expected {"seq": number, "hash": "64 hex digits"})`);
  return { seq: parsed.seq, hash: parsed.hash };
}

/** `audit-verify [--anchor FILE]`: checks every chain and checkpoint, and the anchor if given. */
export async function auditVerify(deps: CliDeps, anchorFile: string | undefined): Promise<number> {
  const anchor = anchorFile ? readAnchor(anchorFile) : undefined;
  const result = await new AuditLog((await deps.database()).db, deps.clock, deps.auditKey).verify(anchor);
  if (result.ok) {
    deps.out(
      `Audit log intact: ${result.count} ${result.count === 1 ? 'event' : 'events'}${anchor ? `, and event ${anchor.seq} matches the anchor` : ''}.`,
    );
    return 0;
  }
  deps.out(`Audit log BROKEN at event ${result.brokenAt} (after ${result.count} good events): ${WHY[result.reason]}.`);
  return 1;
}

/** `audit-anchor [--out FILE]`: ties every chain together now and prints the newest event's
 *  number and hash, to keep where the database's writers cannot reach. */
export async function auditAnchor(deps: CliDeps, outFile: string | undefined): Promise<number> {
  const anchor = await new AuditLog((await deps.database()).db, deps.clock, deps.auditKey).anchor();
  if (!anchor) {
    deps.err('The audit log is empty: there is nothing to anchor yet.');
    return 1;
  }
  const json = JSON.stringify({ seq: anchor.seq, hash: anchor.hash, at: deps.clock.now().toISOString() });
  if (outFile) writeFileSync(outFile, `${json}\n`, { flag: 'wx' });
  deps.out(json);
  return 0;
}

/**
 * Hands the audit table (and its trigger function) to a role of its own, leaving the service's
 * role able only to read it and add to it: it can then neither change, remove nor truncate a row,
 * nor disable or replace the trigger. Run once, by an administrator, after the migrations.
 */
export async function protectAudit(db: Queryable, roles: { service: string; owner: string }): Promise<void> {
  const service = sql.identifier(roles.service);
  const owner = sql.identifier(roles.owner);
  const rows = async (tx: Queryable, query: SQL) => (await tx.execute(query)) as { rows: Record<string, unknown>[] };
  await db.transaction(async (tx) => {
    const [svc] = (await rows(tx, sql`select rolsuper as super from pg_roles where rolname = ${roles.service}`)).rows;
    if (!svc) throw new Error(`There is no role ${roles.service}: create the service's role first.`);
    if (svc.super) throw new Error(`${roles.service} is a superuser: the service must run as an ordinary role.`);
    const exists = await rows(tx, sql`select 1 from pg_roles where rolname = ${roles.owner}`);
    if (exists.rows.length === 0) await tx.execute(sql`create role ${owner} nologin`);
    const [facts] = (
      await rows(
        tx,
        sql`select pg_has_role(${roles.service}, ${roles.owner}, 'MEMBER') as member,
          (select pg_has_role(${roles.service}, datdba, 'MEMBER') from pg_database where datname = current_database()) as database,
          (select pg_has_role(${roles.service}, nspowner, 'MEMBER') from pg_namespace where nspname = 'public') as schema`,
      )
    ).rows;
    // Whoever owns the database can drop it, and whoever owns a schema any table in it.
    if (facts?.member) throw new Error(`${roles.service} is a member of ${roles.owner}: it must not be.`);
    if (facts?.database) throw new Error(`${roles.service} owns the database: give it to an administrator's role first.`);
    if (facts?.schema) throw new Error(`${roles.service} owns the public schema: give it to an administrator's role first.`);
    await tx.execute(sql`alter table audit_events owner to ${owner}`);
    await tx.execute(sql`alter function audit_events_append_only() owner to ${owner}`);
    await tx.execute(sql`revoke all on audit_events from public, ${service}`);
    await tx.execute(sql`grant select, insert on audit_events to ${service}`);
    await tx.execute(sql`grant usage, select on sequence audit_events_seq_seq to ${service}`);
  });
}

export async function protectAuditCommand(deps: CliDeps, service: string | undefined, owner: string | undefined): Promise<number> {
  if (!service || !ROLE.test(service) || (owner !== undefined && !ROLE.test(owner))) {
    deps.err('Usage: npm run cli -- protect-audit --service-role ROLE [--owner-role ROLE]  (lower-case role names)');
    return 2;
  }
  const ownerRole = owner ?? 'waymark_audit_owner';
  await protectAudit((await deps.database()).db, { service, owner: ownerRole });
  deps.out(`audit_events now belongs to ${ownerRole}; ${service} may only read it and add to it.`);
  return 0;
}
