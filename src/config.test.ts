import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ConfigError, loadConfig } from './config.ts';
import { openDatabase } from './db/client.ts';

/** Production settings on the embedded database, writing emails to a folder. */
const EMBEDDED_IN_PRODUCTION = {
  NODE_ENV: 'production',
  SESSION_SECRET: 's'.repeat(40),
  AUDIT_KEY: 'a'.repeat(40),
  BASE_URL: 'https://waymark.example',
  ALLOW_PGLITE_IN_PRODUCTION: 'true',
  EMAIL_TRANSPORT: 'folder',
  CONTROLLER_NAME: 'Riverside Recovery College',
  CONTROLLER_CONTACT: 'privacy@riverside.example',
} as const;

describe('settings', () => {
  test('development runs on defaults: port 3000, the embedded database in ./data, plain-http cookies', () => {
    const config = loadConfig({});
    assert.equal(config.port, 3000);
    assert.equal(config.dataDir, './data');
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.secureCookies, false);
    assert.equal(config.demoData, true);
  });

  test('production refuses to start without a session secret, a database or a base URL, saying what is missing', () => {
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production' }),
      (err: unknown) =>
        err instanceof ConfigError &&
        /SESSION_SECRET/.test(err.message) &&
        /AUDIT_KEY/.test(err.message) &&
        /DATABASE_URL/.test(err.message) &&
        /BASE_URL/.test(err.message) &&
        /CONTROLLER_NAME and CONTROLLER_CONTACT/.test(err.message),
    );
  });

  test('the privacy notice names the controller from settings, with the lawful basis they choose', () => {
    const config = loadConfig({
      CONTROLLER_NAME: 'Riverside Recovery College',
      CONTROLLER_CONTACT: 'privacy@riverside.example',
      LAWFUL_BASIS: 'public-task',
    });
    assert.deepEqual(config.controller, {
      name: 'Riverside Recovery College',
      contact: 'privacy@riverside.example',
      dpo: undefined,
      basis: 'public-task',
    });
    assert.equal(loadConfig({}).controller.basis, 'consent');
    assert.throws(() => loadConfig({ LAWFUL_BASIS: 'legitimate-interest' }), /LAWFUL_BASIS/);
  });

  test('production needs GOV.UK Notify settings, or an explicit choice to write emails to a folder', () => {
    const base = {
      NODE_ENV: 'production',
      SESSION_SECRET: 's'.repeat(40),
      AUDIT_KEY: 'a'.repeat(40),
      BASE_URL: 'https://waymark.example',
      DATABASE_URL: 'postgres://db/waymark',
      CONTROLLER_NAME: 'Riverside Recovery College',
      CONTROLLER_CONTACT: 'privacy@riverside.example',
    } as const;
    assert.throws(() => loadConfig(base), /NOTIFY_API_KEY must be set/);
    const notify = loadConfig({
      ...base,
      NOTIFY_API_KEY: 'key',
      NOTIFY_TEMPLATE_PASSWORD_RESET: 'r',
      NOTIFY_TEMPLATE_PASSWORD_CHANGED: 'c',
      NOTIFY_TEMPLATE_CONFIRM_EMAIL: 'e',
      NOTIFY_TEMPLATE_ACCOUNT_EXISTS: 'x',
      NOTIFY_TEMPLATE_CHANGE_EMAIL: 'n',
      NOTIFY_TEMPLATE_EMAIL_CHANGED: 'o',
      NOTIFY_TEMPLATE_CIRCLE_INVITATION: 'i',
      NOTIFY_TEMPLATE_ORGANISATION_INVITATION: 'g',
      NOTIFY_TEMPLATE_LISTING_CHECK: 'l',
      NOTIFY_TEMPLATE_LISTING_REPORT: 'p',
      NOTIFY_TEMPLATE_CHECK_IN_REMINDER: 'm',
      NOTIFY_TEMPLATE_REVIEW_REMINDER: 'v',
    });
    assert.deepEqual(notify.notify, {
      apiKey: 'key',
      templates: {
        'password-reset': 'r',
        'password-changed': 'c',
        'confirm-email': 'e',
        'account-exists': 'x',
        'change-email': 'n',
        'email-changed': 'o',
        'circle-invitation': 'i',
        'organisation-invitation': 'g',
        'listing-check': 'l',
        'listing-report': 'p',
        'check-in-reminder': 'm',
        'review-reminder': 'v',
      },
    });
    assert.equal(loadConfig({ ...base, EMAIL_TRANSPORT: 'folder' }).notify, undefined);
  });

  test('production may use the embedded database only when explicitly allowed, and never makes demo data', () => {
    const config = loadConfig(EMBEDDED_IN_PRODUCTION);
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.secureCookies, true);
    assert.equal(config.demoData, false);
  });

  test('development listening beyond this machine still uses secure cookies, and makes no demo people', () => {
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).secureCookies, true);
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).demoData, false);
    assert.equal(loadConfig({ HOST: '::1' }).demoData, true);
  });

  test('secrets rest sealed with SEALING_KEY, or with SESSION_SECRET where it is not set; a short one is refused', () => {
    const production = EMBEDDED_IN_PRODUCTION;
    assert.equal(loadConfig(production).sealingKey, 's'.repeat(40));
    assert.equal(loadConfig({ ...production, SEALING_KEY: 'k'.repeat(40) }).sealingKey, 'k'.repeat(40));
    assert.throws(() => loadConfig({ ...production, SEALING_KEY: 'short' }), /SEALING_KEY/);
  });

  test("the browser tests' reminder tick is refused in production and beyond this machine, and off unless asked for", () => {
    const production = EMBEDDED_IN_PRODUCTION;
    assert.equal(loadConfig(production).testReminderTick, false);
    assert.throws(() => loadConfig({ ...production, TEST_REMINDER_TICK: 'true' }), /TEST_REMINDER_TICK is for browser tests/);
    assert.throws(() => loadConfig({ ...production, HOST: '127.0.0.1', TEST_REMINDER_TICK: '1' }), /TEST_REMINDER_TICK/);
    assert.throws(() => loadConfig({ HOST: '0.0.0.0', TEST_REMINDER_TICK: 'true' }), /TEST_REMINDER_TICK/);
    assert.throws(() => loadConfig({ TEST_REMINDER_TICK: 'yes' }), /TEST_REMINDER_TICK/);
    assert.equal(loadConfig({}).testReminderTick, false);
    assert.equal(loadConfig({ TEST_REMINDER_TICK: 'true' }).testReminderTick, true);
  });

  test('the postcode geocoder is off by default, an http(s) base address when set, and only https in production', () => {
    assert.equal(loadConfig({}).postcodeGeocoder, undefined);
    assert.equal(loadConfig({ POSTCODE_GEOCODER_URL: '' }).postcodeGeocoder, undefined);
    assert.deepEqual(
      loadConfig({ POSTCODE_GEOCODER_URL: 'https://api.postcodes.io', POSTCODE_GEOCODER_TIMEOUT_MS: '900' }).postcodeGeocoder,
      {
        baseUrl: 'https://api.postcodes.io',
        timeoutMs: 900,
      },
    );
    assert.equal(loadConfig({ POSTCODE_GEOCODER_URL: 'http://127.0.0.1:8000' }).postcodeGeocoder?.timeoutMs, 1500);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'api.postcodes.io']) {
      assert.throws(() => loadConfig({ POSTCODE_GEOCODER_URL: url }), /POSTCODE_GEOCODER_URL/, url);
    }
    assert.throws(() => loadConfig({ POSTCODE_GEOCODER_TIMEOUT_MS: '60000' }), /POSTCODE_GEOCODER_TIMEOUT_MS/);
    assert.throws(
      () => loadConfig({ NODE_ENV: 'production', POSTCODE_GEOCODER_URL: 'http://geocoder.internal' }),
      /POSTCODE_GEOCODER_URL must be an https address in production/,
    );
  });

  test('the Open Referral API allows 300 requests a minute per address unless set otherwise', () => {
    assert.equal(loadConfig({}).apiLimit, 300);
    assert.equal(loadConfig({ ORUK_API_LIMIT: '5000' }).apiLimit, 5000);
    assert.throws(() => loadConfig({ ORUK_API_LIMIT: '0' }), /ORUK_API_LIMIT/);
  });

  test('a port that is not a number is refused clearly', () => {
    assert.throws(() => loadConfig({ PORT: 'eighty' }), /PORT/);
  });
});

describe('the embedded database folder', () => {
  test('a second opening of the same folder is refused with a clear message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-lock-'));
    const first = await openDatabase({ dataDir: dir });
    try {
      // the lock is per process: pretend another live process holds it
      const { writeFileSync } = await import('node:fs');
      writeFileSync(join(dir, 'waymark.pid'), String(process.ppid));
      await assert.rejects(openDatabase({ dataDir: dir }), /already in use by another Waymark process/);
    } finally {
      await first.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a lock left by a process that died is taken over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'waymark-lock-'));
    const { writeFileSync } = await import('node:fs');
    writeFileSync(join(dir, 'waymark.pid'), '999999');
    const db = await openDatabase({ dataDir: dir });
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
