import { parseArgs } from 'node:util';
import type { Database } from '../db/client.ts';
import { AuditLog } from '../platform/audit.ts';
import type { Clock } from '../platform/clock.ts';
import { refusalsSince } from '../platform/refusals.ts';
import { addMembership, findByEmail } from '../features/accounts/store.ts';
import { codeFor } from '../features/accounts/authenticator.ts';
import { DEMO_AUTHENTICATOR_SECRET } from '../demo/seed.ts';
import { auditAnchor, auditVerify, protectAuditCommand } from './audit-commands.ts';
import { importListings } from './import-command.ts';
import { resetAuthenticator } from './account-commands.ts';

export const USAGE = `Usage:
  npm run cli -- add-member --email EMAIL --organisation NAME --role admin|supporter|listings-editor
  npm run cli -- audit-verify [--anchor FILE]
  npm run cli -- audit-anchor [--out FILE]
  npm run cli -- protect-audit --service-role ROLE [--owner-role ROLE]
  npm run cli -- refusals [--days N]
  npm run cli -- demo-code
  npm run cli -- import-listings --file FILE|FOLDER
  npm run cli -- reset-authenticator --email EMAIL`;

export interface CliDeps {
  /** Opened only for a command that needs it; closed by the caller. */
  database: () => Promise<Database>;
  clock: Clock;
  /** The settings' AUDIT_KEY, which keys the audit log's hashes. */
  auditKey: string;
  out: (line: string) => void;
  err: (line: string) => void;
}

/** Runs one operator command; the answer is the process's exit code (2: used wrongly). */
export async function runCommand(argv: string[], deps: CliDeps): Promise<number> {
  const [command, ...rest] = argv;
  let values: Partial<
    Record<'email' | 'organisation' | 'role' | 'anchor' | 'out' | 'service-role' | 'owner-role' | 'days' | 'file', string>
  >;
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        email: { type: 'string' },
        organisation: { type: 'string' },
        role: { type: 'string' },
        anchor: { type: 'string' },
        out: { type: 'string' },
        'service-role': { type: 'string' },
        'owner-role': { type: 'string' },
        days: { type: 'string' },
        file: { type: 'string' },
      },
    }));
  } catch {
    values = {};
  }
  const role = values.role;
  // The demo supporter's authenticator code now, for anyone trying the demo without an app.
  if (command === 'demo-code') {
    deps.out(codeFor(DEMO_AUTHENTICATOR_SECRET, deps.clock.now()));
    return 0;
  }
  if (command === 'audit-verify') return auditVerify(deps, values.anchor);
  if (command === 'audit-anchor') return auditAnchor(deps, values.out);
  if (command === 'refusals') return refusals(deps, values.days);
  if (command === 'import-listings') return importListings(deps, values.file, USAGE);
  if (command === 'reset-authenticator') return resetAuthenticator(deps, values.email, USAGE);
  if (command === 'protect-audit') return protectAuditCommand(deps, values['service-role'], values['owner-role']);
  if (
    command !== 'add-member' ||
    !values.email ||
    !values.organisation ||
    (role !== 'admin' && role !== 'supporter' && role !== 'listings-editor')
  ) {
    deps.err(USAGE);
    return 2;
  }
  const { db } = await deps.database();
  const account = await findByEmail(db, values.email);
  if (!account) {
    deps.err(`No account uses ${values.email}: ask them to create one first.`);
    return 1;
  }
  await addMembership(db, { organisationName: values.organisation, accountId: account.id, role, now: deps.clock.now() });
  await new AuditLog(db, deps.clock, deps.auditKey).record({
    actorId: null,
    action: 'membership.added',
    subjectType: 'account',
    subjectId: account.id,
    detail: { role },
  });
  deps.out(
    `${values.email} is now ${role === 'admin' ? 'an admin' : role === 'supporter' ? 'a supporter' : 'a listings editor'} of ${values.organisation}.`,
  );
  return 0;
}

/** Prints the refusals counted per day and kind (rate limits reached), the last `days` days (7). */
async function refusals(deps: CliDeps, days = '7'): Promise<number> {
  const n = Number(days);
  if (!Number.isInteger(n) || n < 0 || n > 3660) {
    deps.err(USAGE);
    return 2;
  }
  const rows = await refusalsSince((await deps.database()).db, deps.clock.now(), n);
  if (rows.length === 0) deps.out(`No refusals counted in the last ${String(n)} days.`);
  for (const r of rows) deps.out(`${r.day}  ${r.kind}  ${String(r.count)}`);
  return 0;
}
