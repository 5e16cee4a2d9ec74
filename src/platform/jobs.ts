import { sql } from 'drizzle-orm';
import { fromDrizzle, fromPglite, PgBoss, type ConstructorOptions, type Job, type QueueOptions } from 'pg-boss';
import type { Database, Tx } from '../db/client.ts';
import { errorFacts } from './logging.ts';
import type { EmailMessage } from './notify.ts';
import type { Sealer } from './sealed.ts';

/** What the worker does with each kind of job. */
export interface JobHandlers {
  email(message: EmailMessage): Promise<void>;
  purge(): Promise<void>;
  /** Queues the check-in reminders due now (each slot once). */
  reminders(): Promise<void>;
}

export interface JobSettings {
  /** Seconds before an email that failed to send is tried again; doubled each time, up to an hour. */
  retryDelaySeconds: number;
  /** How often an idle worker looks for new jobs. */
  pollingSeconds: number;
}

interface SealedEmail {
  sealed: string;
}

const EMAIL = 'email';
const NO_JOB = '00000000-0000-0000-0000-000000000000';
const PURGE = 'purge';
/** Expired sessions and reset links go a little after each quarter hour. */
const PURGE_EVERY = '7,22,37,52 * * * *';
const REMINDERS = 'reminders';
/** Reminders are looked for every five minutes; each is sent within its window (schedule.ts). */
const REMINDERS_EVERY = '*/5 * * * *';

/**
 * Background jobs on the service's own database (pg-boss), for the web app and the worker alike.
 * Emails are queued inside the transaction that caused them, one job per message, so a message
 * is sent only for a change that was saved, never twice for one change, and never lost to a
 * failed send: the worker retries it with back-off.
 */
export class Jobs {
  private readonly boss: PgBoss;

  constructor(
    database: Database,
    private readonly settings: JobSettings,
    /** Queued emails rest sealed: their addresses and links are unreadable in the jobs table. */
    private readonly sealer: Sealer,
    private readonly onError: (facts: unknown) => void = (facts) =>
      console.error(JSON.stringify({ msg: 'job failed', ...(facts as object) })),
  ) {
    const common: ConstructorOptions = { schema: 'jobs', supervise: true, schedule: true, persistWarnings: false };
    this.boss =
      'pglite' in database.connection
        ? // The embedded database has one connection: one job at a time is all it can take.
          new PgBoss({ ...common, db: fromPglite(database.connection.pglite), backend: 'pglite' })
        : new PgBoss({ ...common, connectionString: database.connection.url, max: 4 });
    // pg-boss reports its own failures here; only their class and code are logged.
    this.boss.on('error', (err) => this.onError({ err: errorFacts(err) }));
  }

  async start(): Promise<void> {
    await this.boss.start();
    await this.ensureQueue(EMAIL, {
      // At most one job per message key waiting or running: a retried request never queues it twice.
      policy: 'exclusive',
      retryLimit: 12,
      retryDelay: this.settings.retryDelaySeconds,
      retryBackoff: true,
      retryDelayMax: 3600,
      // A sent message (its address, and a reset link) is not kept longer than the link lives.
      deleteAfterSeconds: 3600,
    });
    await this.ensureQueue(PURGE, { policy: 'singleton', retryLimit: 1 });
    await this.ensureQueue(REMINDERS, { policy: 'singleton', retryLimit: 1 });
  }

  /**
   * Creates a queue once, and leaves it in pg-boss's cache of queues. A send inside a transaction
   * looks the queue up there first; a miss would be read through the embedded database's one
   * connection, which the transaction holds, and wait for ever.
   */
  private async ensureQueue(name: string, { policy, ...options }: QueueOptions & { policy: 'exclusive' | 'singleton' }): Promise<void> {
    if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, options);
    else await this.boss.createQueue(name, { policy, ...options });
    await this.boss.findJobs(name, { id: NO_JOB });
  }

  /** Queues an email in the caller's transaction: it is sent only if the transaction commits. */
  async sendEmail(tx: Tx, message: EmailMessage, key: string): Promise<void> {
    const job: SealedEmail = { sealed: this.sealer.seal(message) };
    await this.boss.send(EMAIL, job, { singletonKey: key, db: fromDrizzle(tx as never, sql) });
  }

  /** The worker: sends queued emails and purges on schedule until stopped. */
  async work(handlers: JobHandlers): Promise<void> {
    const polling = { pollingIntervalSeconds: this.settings.pollingSeconds, batchSize: 1 };
    await this.boss.work<SealedEmail>(EMAIL, polling, ([job]) =>
      job ? this.handle(() => handlers.email(this.opened(job.data))) : Promise.resolve(),
    );
    await this.boss.work(PURGE, polling, () => this.handle(() => handlers.purge()));
    await this.boss.schedule(PURGE, PURGE_EVERY, null, { tz: 'Europe/London' });
    await this.boss.work(REMINDERS, polling, () => this.handle(() => handlers.reminders()));
    await this.boss.schedule(REMINDERS, REMINDERS_EVERY, null, { tz: 'Europe/London' });
  }

  /** Runs every job that is due now, here, and returns how many ran: for tests and the command line. */
  async runDue(handlers: JobHandlers): Promise<number> {
    let ran = 0;
    for (;;) {
      const emails = await this.boss.fetch<SealedEmail>(EMAIL, { batchSize: 10 });
      const purges = await this.boss.fetch(PURGE, { batchSize: 1 });
      const reminders = await this.boss.fetch(REMINDERS, { batchSize: 1 });
      if (emails.length === 0 && purges.length === 0 && reminders.length === 0) return ran;
      for (const job of emails) await this.settle(EMAIL, job, () => handlers.email(this.opened(job.data)));
      for (const job of purges) await this.settle(PURGE, job, () => handlers.purge());
      for (const job of reminders) await this.settle(REMINDERS, job, () => handlers.reminders());
      ran += emails.length + purges.length + reminders.length;
    }
  }

  /** Queues a look for due reminders now, as the schedule would. */
  async remindersNow(): Promise<void> {
    await this.boss.send(REMINDERS, null);
  }

  /** Queues a purge now, as the schedule would. */
  async purgeNow(): Promise<void> {
    await this.boss.send(PURGE, null);
  }

  /** Takes a queued email out of the queue unsent and returns it: for tests that need a link it
   *  carries (an account's confirmation) without running anything else that is queued. */
  async takeQueuedEmail(match: (message: EmailMessage) => boolean): Promise<EmailMessage | undefined> {
    for (const job of await this.boss.findJobs<SealedEmail>(EMAIL)) {
      if (job.state !== 'created') continue;
      const message = this.opened(job.data);
      if (!match(message)) continue;
      await this.boss.deleteJob(EMAIL, job.id);
      return message;
    }
    return undefined;
  }

  /** The jobs of a queue in a state, for tests and operators: ids and states only. */
  async states(queue: 'email' | 'purge'): Promise<string[]> {
    return (await this.boss.findJobs(queue)).map((j) => j.state);
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, timeout: 10_000 });
  }

  private opened(job: SealedEmail): EmailMessage {
    return this.sealer.open(job.sealed) as EmailMessage;
  }

  private async settle(queue: string, job: Job<unknown>, run: () => Promise<void>): Promise<void> {
    try {
      await this.handle(run);
      await this.boss.complete(queue, job.id);
    } catch (err) {
      await this.boss.fail(queue, job.id, { error: errorFacts(err) });
    }
  }

  /** A failure is logged and stored by its class and code only: a send error can name the address. */
  private async handle(run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      const facts = errorFacts(err);
      this.onError({ err: facts });
      throw new Error(`job failed: ${JSON.stringify(facts)}`);
    }
  }
}
