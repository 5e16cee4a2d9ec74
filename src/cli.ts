// Operator commands: `npm run cli -- <command> [options]`.
import './platform/runtime.ts';
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { AuditLog } from './platform/audit.ts';
import { systemClock } from './platform/clock.ts';
import { addMembership, findByEmail } from './features/accounts/store.ts';

const USAGE = `Usage:
  npm run cli -- add-member --email EMAIL --organisation NAME --role admin|supporter
  npm run cli -- audit-verify`;

async function main(): Promise<number> {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, organisation: { type: 'string' }, role: { type: 'string' } },
  });
  if (command !== 'add-member' && command !== 'audit-verify') {
    console.error(USAGE);
    return 2;
  }
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : resolve(config.dataDir),
  });
  try {
    if (command === 'audit-verify') {
      const result = await new AuditLog(database.db, systemClock).verify();
      console.log(
        result.ok
          ? `Audit log intact: ${result.count} ${result.count === 1 ? 'event' : 'events'}.`
          : `Audit log BROKEN at event ${result.brokenAt} (after ${result.count} good events).`,
      );
      return result.ok ? 0 : 1;
    }
    const role = values.role;
    if (!values.email || !values.organisation || (role !== 'admin' && role !== 'supporter')) {
      console.error(USAGE);
      return 2;
    }
    const account = await findByEmail(database.db, values.email);
    if (!account) {
      console.error(`No account uses ${values.email}: ask them to create one first.`);
      return 1;
    }
    await addMembership(database.db, { organisationName: values.organisation, accountId: account.id, role, now: new Date() });
    await new AuditLog(database.db, systemClock).record({
      actorId: null,
      action: 'membership.added',
      subjectType: 'account',
      subjectId: account.id,
      detail: { role },
    });
    console.log(`${values.email} is now ${role === 'admin' ? 'an admin' : 'a supporter'} of ${values.organisation}.`);
    return 0;
  } finally {
    await database.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
