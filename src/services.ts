import { databaseGrants } from './platform/grants.ts';
import { queueListingChecks } from './features/directory/freshness.ts';
import type { Geocoder } from './features/directory/geocoder.ts';
import { realWait, SignInSlowing, type Wait } from './features/accounts/slowing.ts';
import { purgeDrafts } from './platform/drafts.ts';
import type { App } from './platform/route-schemas.ts';
import { DEV_AUDIT_KEY, type Config, type Controller } from './config.ts';
import type { Database, Db } from './db/client.ts';
import { AuditLog, resealLegacyAudit } from './platform/audit.ts';
import { systemClock, type Clock } from './platform/clock.ts';
import { Jobs, type JobHandlers, type JobSettings } from './platform/jobs.ts';
import type { Notifier } from './platform/notify.ts';
import { RecordAccess } from './platform/record-access.ts';
import { RefusalCounter } from './platform/refusals.ts';
import { authenticatorSealer, Sealer } from './platform/sealed.ts';
import { Signer } from './platform/signed.ts';
import { queueDueReminders } from './features/journey/reminders.ts';
import { SessionStore } from './platform/sessions.ts';
import { purgeEmailLinks, purgeResets } from './features/accounts/store.ts';

/** Everything the web app and the job worker share, built once and passed in. */
export interface Services {
  db: Db;
  clock: Clock;
  audit: AuditLog;
  /** The one place that decides who may do what to a person's record. */
  access: RecordAccess;
  sessions: SessionStore;
  /** Sends email: only the job worker calls it; requests queue messages through `jobs`. */
  notify: Notifier;
  jobs: Jobs;
  /** Signs links that act without a sign-in (unsubscribing from reminders). */
  signer: Signer;
  /** Seals authenticator secrets at rest. */
  secrets: Sealer;
  /** What the worker does with each job. */
  handlers: JobHandlers;
  secureCookies: boolean;
  baseUrl: string;
  signInLimit: { max: number; timeWindow: string };
  /** Open Referral API requests allowed per address per window. */
  apiLimit: { max: number; timeWindow: string };
  /** Refusals that touch nobody's record (rate limits), counted per day. */
  refusals: RefusalCounter;
  /** Each failed sign-in to an address makes its next try wait longer. */
  signInSlowing: SignInSlowing;
  /** Who is responsible for the data, for the privacy notice. */
  controller: Controller;
  /** Places searchers' postcodes from outside (POSTCODE_GEOCODER_URL); without it, the listings do. */
  geocoder: Geocoder | undefined;
}

/** A capability's pages: a Fastify plugin registered inside the site (platform/site.ts).
 *  Adding routes needs no waiting, so it returns nothing (Fastify finishes such a plugin at once). */
export type Feature = (app: App, opts: { services: Services }) => void;

export interface ServiceDeps {
  database: Database;
  config: Pick<Config, 'secureCookies' | 'baseUrl' | 'sessionSecret'> & Partial<Pick<Config, 'controller' | 'auditKey' | 'sealingKey'>>;
  notify: Notifier;
  clock?: Clock;
  /** Sign-in attempts allowed per address per window. */
  signInLimit?: { max: number; timeWindow: string };
  /** Open Referral API requests allowed per address per window; 300 a minute by default. */
  apiLimit?: { max: number; timeWindow: string };
  jobs?: Partial<JobSettings>;
  /** How sign-in slowing waits: a timer, unless a test stands in for it. */
  wait?: Wait;
  /** An outside postcode geocoder; none by default. */
  geocoder?: Geocoder;
}

/** Builds the services and starts the job queue (not its worker: see `startWorker`). */
export async function createServices(deps: ServiceDeps): Promise<Services> {
  const clock = deps.clock ?? systemClock;
  const db = deps.database.db;
  const auditKey = deps.config.auditKey ?? DEV_AUDIT_KEY;
  // Events written before the log was keyed are checked and re-sealed with the key, once.
  await resealLegacyAudit(db, auditKey);
  const audit = new AuditLog(db, clock, auditKey);
  const sessions = new SessionStore(db, clock);
  const sealingKey = deps.config.sealingKey ?? deps.config.sessionSecret;
  const jobs = new Jobs(deps.database, { retryDelaySeconds: 30, pollingSeconds: 2, ...deps.jobs }, new Sealer(sealingKey));
  await jobs.start();
  const signer = new Signer(deps.config.sessionSecret);
  const baseUrl = deps.config.baseUrl;
  const signInSlowing = new SignInSlowing(db, clock, signer, deps.wait ?? realWait);
  return {
    db,
    clock,
    audit,
    access: new RecordAccess(audit, clock, databaseGrants(db)),
    sessions,
    notify: deps.notify,
    jobs,
    signer,
    secrets: authenticatorSealer(sealingKey),
    handlers: {
      email: (message) => deps.notify.sendEmail(message),
      // Expired sessions and links go, and drafts nobody came back to, and the audit log's chains are tied together again.
      purge: async () => {
        await sessions.purgeExpired();
        await purgeResets(db, clock.now());
        await purgeEmailLinks(db, clock.now());
        await purgeDrafts(db, clock.now());
        await signInSlowing.purge();
        await audit.checkpoint();
      },
      reminders: async () => {
        await queueDueReminders({ db, clock, jobs, signer, baseUrl });
        await queueListingChecks({ db, clock, jobs, signer, baseUrl });
      },
    },
    secureCookies: deps.config.secureCookies,
    baseUrl: deps.config.baseUrl,
    signInLimit: deps.signInLimit ?? { max: 10, timeWindow: '15 minutes' },
    apiLimit: deps.apiLimit ?? { max: 300, timeWindow: '1 minute' },
    signInSlowing,
    refusals: new RefusalCounter(db, clock),
    controller: deps.config.controller ?? { name: '', contact: '', dpo: undefined, basis: 'consent' },
    geocoder: deps.geocoder,
  };
}

/** The job worker: in the web server's process by default, or alone (WAYMARK_ROLE=worker). */
export function startWorker(services: Services): Promise<void> {
  return services.jobs.work(services.handlers);
}
