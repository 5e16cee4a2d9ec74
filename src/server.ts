import './platform/runtime.ts';
import { resolve } from 'node:path';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataDirInUseError } from './db/lock.ts';
import { seedDemoData } from './demo/seed.ts';
import { NotifyClient } from 'notifications-node-client';
import { FolderNotifier, NotifyNotifier } from './platform/notify.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : resolve(config.dataDir) });
  if (config.demoData && database.kind === 'pglite') {
    const seeded = await seedDemoData(database.db);
    if (seeded) console.log('Demo data created: see the README for the demo accounts.');
  }
  const notify = config.notify
    ? new NotifyNotifier(new NotifyClient(config.notify.apiKey), config.notify.templates)
    : new FolderNotifier(resolve(config.outboxDir));
  const app = await buildApp({ db: database.db, config, notify, logger: { level: config.logLevel } });
  const stop = async (signal: string) => {
    app.log.info({ signal }, 'stopping');
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  await app.listen({ port: config.port, host: config.host });
  console.log(`Waymark is running at http://localhost:${config.port} (${database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirInUseError) {
    console.error(err.message);
  } else {
    console.error('Waymark could not start:', err);
  }
  process.exit(1);
});
