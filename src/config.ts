import type { PoolSettings } from './db/client.ts';
import type { GeocoderSettings } from './features/directory/geocoder.ts';
import type { NotifyTemplates } from './platform/notify.ts';
import { z } from 'zod';

const flag = z
  .enum(['true', 'false', '1', '0', ''])
  .optional()
  .transform((v) => v === 'true' || v === '1');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .url()
    .optional()
    .or(z.literal('').transform(() => undefined)),
  SESSION_SECRET: z.string().optional(),
  AUDIT_KEY: z.string().optional(),
  SEALING_KEY: z.string().optional(),
  ALLOW_PGLITE_IN_PRODUCTION: flag,
  BASE_URL: z.url().optional(),
  OUTBOX_DIR: z.string().min(1).default('./data/outbox'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: z.enum(['auto', 'never']).default('auto'),
  WAYMARK_ROLE: z.enum(['all', 'web', 'worker']).default('all'),
  SIGN_IN_LIMIT: z.coerce.number().int().min(1).max(100_000).default(10),
  ORUK_API_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(300),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(500).default(10),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5000),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(15_000),
  EMAIL_TRANSPORT: z.enum(['notify', 'folder']).optional(),
  NOTIFY_API_KEY: z.string().optional(),
  NOTIFY_TEMPLATE_PASSWORD_RESET: z.string().optional(),
  NOTIFY_TEMPLATE_PASSWORD_CHANGED: z.string().optional(),
  NOTIFY_TEMPLATE_CONFIRM_EMAIL: z.string().optional(),
  NOTIFY_TEMPLATE_ACCOUNT_EXISTS: z.string().optional(),
  NOTIFY_TEMPLATE_CHANGE_EMAIL: z.string().optional(),
  NOTIFY_TEMPLATE_EMAIL_CHANGED: z.string().optional(),
  NOTIFY_TEMPLATE_CIRCLE_INVITATION: z.string().optional(),
  NOTIFY_TEMPLATE_ORGANISATION_INVITATION: z.string().optional(),
  NOTIFY_TEMPLATE_LISTING_CHECK: z.string().optional(),
  NOTIFY_TEMPLATE_LISTING_REPORT: z.string().optional(),
  NOTIFY_TEMPLATE_CHECK_IN_REMINDER: z.string().optional(),
  NOTIFY_TEMPLATE_REVIEW_REMINDER: z.string().optional(),
  CONTROLLER_NAME: z.string().trim().max(200).optional(),
  CONTROLLER_CONTACT: z.string().trim().max(500).optional(),
  CONTROLLER_DPO: z.string().trim().max(500).optional(),
  LAWFUL_BASIS: z.enum(['public-task', 'consent']).default('consent'),
  TEST_REMINDER_TICK: flag,
  POSTCODE_GEOCODER_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) address, such as https://api.postcodes.io' })
    .optional()
    .or(z.literal('').transform(() => undefined)),
  POSTCODE_GEOCODER_TIMEOUT_MS: z.coerce.number().int().min(100).max(10_000).default(1500),
});

export interface Config {
  env: 'development' | 'test' | 'production';
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  sessionSecret: string;
  /** Keys every audit event's hash (HMAC), so the log cannot be rewritten without it. */
  auditKey: string;
  /** Seals what rests secret in the database (authenticator keys, queued emails): its own key, so
   *  that changing SESSION_SECRET (signing everyone out) does not break every authenticator app. */
  sealingKey: string;
  baseUrl: string;
  outboxDir: string;
  logLevel: string;
  /** Secure cookies with the __Host- prefix; off only for development on this machine's loopback. */
  secureCookies: boolean;
  demoData: boolean;
  /** What this process runs: the web app and the job worker (all), or one of them. */
  role: 'all' | 'web' | 'worker';
  /** Sign-in, account and reset forms each allow this many tries per address in 15 minutes. */
  signInLimit: number;
  /** Open Referral API requests allowed per address in a minute. */
  apiLimit: number;
  /** PostgreSQL connections and how long to wait for one, and for a statement, before giving up. */
  pool: PoolSettings;
  /** Who is responsible for the data (the UK GDPR controller), for the privacy notice. */
  controller: Controller;
  /** GOV.UK Notify settings, or undefined to write emails to OUTBOX_DIR. */
  notify: { apiKey: string; templates: NotifyTemplates } | undefined;
  /** Browser tests only: POST /test/reminders-tick runs the reminder tick as at a given moment. */
  testReminderTick: boolean;
  /** An outside postcode geocoder (postcodes.io's shape) for "near me", or undefined: the listings place postcodes. */
  postcodeGeocoder: GeocoderSettings | undefined;
}

export interface Controller {
  /** Empty outside production when not set: the privacy page then says it is a demonstration. */
  name: string;
  /** How to reach them about data: an address, an email, or both. */
  contact: string;
  /** Their data protection officer, where they have one. */
  dpo: string | undefined;
  /** public-task: an NHS or other public body providing care; consent: a charity or group, with the person's explicit consent. */
  basis: 'public-task' | 'consent';
}

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Waymark cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** Plain-http cookies only where the browser and the service share the machine. */
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

const DEV_SECRET = 'development-only-secret-not-for-real-use-0000';
/** Keys the audit log's hashes outside production. It must never change once events exist. */
export const DEV_AUDIT_KEY = 'development-only-audit-key-not-for-real-use';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const problems: string[] = [];
  if (production) {
    if (!e.SESSION_SECRET || e.SESSION_SECRET.length < 32) {
      problems.push('SESSION_SECRET must be set to a random string of at least 32 characters in production.');
    }
    if (!e.AUDIT_KEY || e.AUDIT_KEY.length < 32) {
      problems.push(
        'AUDIT_KEY must be set to a random string of at least 32 characters in production (it keys the audit log; keep it, and never change it).',
      );
    }
    if (e.SEALING_KEY !== undefined && e.SEALING_KEY.length < 32) {
      problems.push(
        'SEALING_KEY, where set, must be a random string of at least 32 characters (keep it: authenticator apps rest sealed with it).',
      );
    }
    if (!e.DATABASE_URL && !e.ALLOW_PGLITE_IN_PRODUCTION) {
      problems.push(
        'DATABASE_URL must point at PostgreSQL in production. The embedded database is for demos and development; ' +
          'set ALLOW_PGLITE_IN_PRODUCTION=true only if you accept that it has one connection and no fsync.',
      );
    }
    if (e.POSTCODE_GEOCODER_URL?.startsWith('http:')) {
      problems.push("POSTCODE_GEOCODER_URL must be an https address in production: searchers' postcodes are sent to it.");
    }
    if (!e.BASE_URL) problems.push('BASE_URL must be set in production (used in password reset links).');
    if (!e.CONTROLLER_NAME || !e.CONTROLLER_CONTACT) {
      problems.push(
        "CONTROLLER_NAME and CONTROLLER_CONTACT must be set in production: the privacy notice names who is responsible for people's data and how to reach them.",
      );
    }
  }
  // A way to run the reminder tick at a chosen moment, for the browser journeys: never in
  // production, and never on a service anything beyond this machine can reach.
  if (e.TEST_REMINDER_TICK && (production || !LOOPBACK.has(e.HOST)))
    problems.push('TEST_REMINDER_TICK is for browser tests on this machine only: it cannot be set in production or beyond loopback.');
  const transport = e.EMAIL_TRANSPORT ?? (production ? 'notify' : 'folder');
  if (transport === 'notify') {
    for (const name of [
      'NOTIFY_API_KEY',
      'NOTIFY_TEMPLATE_PASSWORD_RESET',
      'NOTIFY_TEMPLATE_PASSWORD_CHANGED',
      'NOTIFY_TEMPLATE_CONFIRM_EMAIL',
      'NOTIFY_TEMPLATE_ACCOUNT_EXISTS',
      'NOTIFY_TEMPLATE_CHANGE_EMAIL',
      'NOTIFY_TEMPLATE_EMAIL_CHANGED',
      'NOTIFY_TEMPLATE_CIRCLE_INVITATION',
      'NOTIFY_TEMPLATE_ORGANISATION_INVITATION',
      'NOTIFY_TEMPLATE_LISTING_CHECK',
      'NOTIFY_TEMPLATE_LISTING_REPORT',
      'NOTIFY_TEMPLATE_CHECK_IN_REMINDER',
      'NOTIFY_TEMPLATE_REVIEW_REMINDER',
    ] as const) {
      if (!e[name])
        problems.push(
          `${name} must be set to send email through GOV.UK Notify (or set EMAIL_TRANSPORT=folder to write emails to OUTBOX_DIR instead).`,
        );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    sessionSecret: e.SESSION_SECRET ?? DEV_SECRET,
    auditKey: e.AUDIT_KEY ?? DEV_AUDIT_KEY,
    // Unset, it is SESSION_SECRET, as it was before there was a setting of its own.
    sealingKey: e.SEALING_KEY ?? e.SESSION_SECRET ?? DEV_SECRET,
    baseUrl: e.BASE_URL ?? `http://localhost:${e.PORT}`,
    outboxDir: e.OUTBOX_DIR,
    logLevel: e.LOG_LEVEL,
    secureCookies: production || !LOOPBACK.has(e.HOST),
    // Demo people have their passwords in the README: only ever on a service this machine alone reaches.
    demoData: !production && e.DEMO_DATA === 'auto' && LOOPBACK.has(e.HOST),
    role: e.WAYMARK_ROLE,
    signInLimit: e.SIGN_IN_LIMIT,
    apiLimit: e.ORUK_API_LIMIT,
    pool: {
      size: e.DATABASE_POOL_SIZE,
      connectTimeoutMs: e.DATABASE_CONNECT_TIMEOUT_MS,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
    },
    controller: {
      name: e.CONTROLLER_NAME ?? '',
      contact: e.CONTROLLER_CONTACT ?? '',
      dpo: e.CONTROLLER_DPO || undefined,
      basis: e.LAWFUL_BASIS,
    },
    testReminderTick: e.TEST_REMINDER_TICK,
    postcodeGeocoder: e.POSTCODE_GEOCODER_URL ? { baseUrl: e.POSTCODE_GEOCODER_URL, timeoutMs: e.POSTCODE_GEOCODER_TIMEOUT_MS } : undefined,
    notify:
      transport === 'notify'
        ? {
            apiKey: e.NOTIFY_API_KEY ?? '',
            templates: {
              'password-reset': e.NOTIFY_TEMPLATE_PASSWORD_RESET ?? '',
              'password-changed': e.NOTIFY_TEMPLATE_PASSWORD_CHANGED ?? '',
              'confirm-email': e.NOTIFY_TEMPLATE_CONFIRM_EMAIL ?? '',
              'account-exists': e.NOTIFY_TEMPLATE_ACCOUNT_EXISTS ?? '',
              'change-email': e.NOTIFY_TEMPLATE_CHANGE_EMAIL ?? '',
              'email-changed': e.NOTIFY_TEMPLATE_EMAIL_CHANGED ?? '',
              'circle-invitation': e.NOTIFY_TEMPLATE_CIRCLE_INVITATION ?? '',
              'organisation-invitation': e.NOTIFY_TEMPLATE_ORGANISATION_INVITATION ?? '',
              'listing-check': e.NOTIFY_TEMPLATE_LISTING_CHECK ?? '',
              'listing-report': e.NOTIFY_TEMPLATE_LISTING_REPORT ?? '',
              'check-in-reminder': e.NOTIFY_TEMPLATE_CHECK_IN_REMINDER ?? '',
              'review-reminder': e.NOTIFY_TEMPLATE_REVIEW_REMINDER ?? '',
            },
          }
        : undefined,
  };
}
