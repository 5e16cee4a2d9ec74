import './platform/runtime.ts';
import { resolve } from 'node:path';
import { NotifyClient } from 'notifications-node-client';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';
import { DataDirInUseError } from './db/lock.ts';
import { hasDemoAccounts, seedDemoData } from './demo/seed.ts';
import { postcodesIoGeocoder } from './features/directory/geocoder.ts';
import { FolderNotifier, NotifyNotifier } from './platform/notify.ts';
import { authenticatorSealer } from './platform/sealed.ts';
import { createServices, startWorker } from './services.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : resolve(config.dataDir),
    pool: config.pool,
  });
  if (config.demoData && database.kind === 'pglite') {
    const seeded = await seedDemoData(database.db, new Date(), authenticatorSealer(config.sealingKey));
    if (seeded) console.log('Demo data created: see the README for the demo accounts.');
  } else if (!config.demoData && (await hasDemoAccounts(database.db))) {
    console.warn(
      'Warning: this database holds the demo accounts, whose passwords are in the README, and this service is not limited to this machine. Use a database without them.',
    );
  }
  const notify = config.notify
    ? new NotifyNotifier(new NotifyClient(config.notify.apiKey), config.notify.templates)
    : new FolderNotifier(resolve(config.outboxDir));
  const services = await createServices({
    database,
    config,
    notify,
    signInLimit: { max: config.signInLimit, timeWindow: '15 minutes' },
    apiLimit: { max: config.apiLimit, timeWindow: '1 minute' },
    ...(config.postcodeGeocoder ? { geocoder: postcodesIoGeocoder(config.postcodeGeocoder) } : {}),
  });
  const app = config.role === 'worker' ? null : await buildApp({ services, config, logger: { level: config.logLevel } });
  if (config.role !== 'web') await startWorker(services);

  const stop = async (signal: string) => {
    console.log(`Waymark is stopping (${signal}).`);
    await app?.close();
    await services.jobs.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  const where = database.kind === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL';
  if (!app) {
    console.log(`Waymark's job worker is running (${where}).`);
    return;
  }
  await app.listen({ port: config.port, host: config.host });
  console.log(`Waymark is running at http://localhost:${config.port} (${where}${config.role === 'all' ? ', with its job worker' : ''})`);
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof DataDirInUseError) {
    console.error(err.message);
  } else {
    console.error('Waymark could not start:', err);
  }
  process.exit(1);
});
