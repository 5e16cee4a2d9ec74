// Operator commands: `npm run cli -- <command> [options]` (see cli/commands.ts).
import './platform/runtime.ts';
import { resolve } from 'node:path';
import { loadConfig } from './config.ts';
import { openDatabase, type Database } from './db/client.ts';
import { systemClock } from './platform/clock.ts';
import { runCommand } from './cli/commands.ts';

let opened: Database | undefined;
async function database(): Promise<Database> {
  const config = loadConfig();
  opened ??= await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : resolve(config.dataDir) });
  return opened;
}

runCommand(process.argv.slice(2), { database, clock: systemClock, auditKey: loadConfig().auditKey, out: console.log, err: console.error })
  .finally(() => opened?.close())
  .then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
