import { mkdtempSync, rmSync } from 'node:fs';
import { Writable } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import assert from 'node:assert/strict';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../app.ts';
import type { Database } from '../db/client.ts';
import { FolderNotifier, type Notifier } from '../platform/notify.ts';
import type { Controller } from '../config.ts';
import { createServices, type Services } from '../services.ts';
import { addMembership, findByEmail } from '../features/accounts/store.ts';
import { testDatabase } from './databases.ts';
import { codeFor } from '../features/accounts/authenticator.ts';
import type { Geocoder } from '../features/directory/geocoder.ts';

export { testDatabase };

/** A clock tests can move forward. */
export class TestClock {
  constructor(private at = new Date('2026-06-01T09:00:00Z')) {}
  now = (): Date => new Date(this.at);
  advance(ms: number): void {
    this.at = new Date(this.at.getTime() + ms);
  }
}

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  services: Services;
  clock: TestClock;
  outbox: TestOutbox;
  /** Every wait sign-in slowing asked for, in milliseconds (tests never really wait). */
  waits: number[];
  close(): Promise<void>;
}

/** Everything the app logs, kept as text so a test can look for what must never be there. */
export class CapturedLogs {
  text = '';
  readonly stream = new Writable({
    write: (chunk: Buffer, _enc, done) => {
      this.text += chunk.toString();
      done();
    },
  });
}

/** The emails sent so far. The jobs due now run first, here, as the worker would run them. */
export class TestOutbox {
  constructor(
    private readonly services: Services,
    private readonly folder: FolderNotifier,
  ) {}

  async read(): Promise<Awaited<ReturnType<FolderNotifier['read']>>> {
    await this.services.jobs.runDue(this.services.handlers);
    return this.folder.read();
  }
}

export interface TestAppOptions {
  signInLimit?: { max: number; timeWindow: string };
  logger?: { level: string; stream?: NodeJS.WritableStream };
  /** Stands in for the email transport (the worker's); the outbox folder by default. */
  notify?: Notifier;
  /** Who is responsible for the data (the privacy notice); none by default, as in development. */
  controller?: Controller;
  /** The browser tests' reminder tick at a chosen moment (TEST_REMINDER_TICK); off by default. */
  testReminderTick?: boolean;
  /** An outside postcode geocoder; none by default, as without POSTCODE_GEOCODER_URL. */
  geocoder?: Geocoder;
}

export async function testApp(opts: TestAppOptions = {}): Promise<TestApp> {
  const database = await testDatabase();
  const clock = new TestClock();
  const outDir = mkdtempSync(join(tmpdir(), 'waymark-outbox-'));
  const folder = new FolderNotifier(outDir);
  const waits: number[] = [];
  const config = {
    secureCookies: true,
    sessionSecret: 'test-secret-test-secret-test-secret-00',
    baseUrl: 'https://waymark.test',
    env: 'test' as const,
    ...(opts.controller ? { controller: opts.controller } : {}),
    ...(opts.testReminderTick ? { testReminderTick: true } : {}),
  };
  const services = await createServices({
    database,
    clock,
    notify: opts.notify ?? folder,
    config,
    signInLimit: opts.signInLimit ?? { max: 1000, timeWindow: '15 minutes' },
    jobs: { retryDelaySeconds: 1 },
    ...(opts.geocoder ? { geocoder: opts.geocoder } : {}),
    wait: (ms) => {
      waits.push(ms);
      return Promise.resolve();
    },
  });
  const app = await buildApp({ services, config, ...(opts.logger ? { logger: opts.logger } : {}) });
  await app.ready();
  withServices(app, services);
  return {
    app,
    database,
    services,
    clock,
    outbox: new TestOutbox(services, folder),
    waits,
    close: async () => {
      await app.close();
      await services.jobs.stop();
      await database.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

type Form = Record<string, string | string[]>;

function encode(form: Form): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) for (const item of Array.isArray(v) ? v : [v]) params.append(k, item);
  return params.toString();
}

/** A person with a browser: keeps cookies, and sends the CSRF token with every form. */
export class Browser {
  private cookies = new Map<string, string>();
  private token: string | undefined;

  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of res.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now()) || c.maxAge === 0) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
      // A new CSRF secret (at sign-in and sign-out) makes the token from an earlier page stale.
      if (c.name.endsWith('waymark-csrf')) this.token = undefined;
    }
    return res;
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const res = this.remember(await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader() } }));
    const m = /name="_csrf" value="([^"]+)"/.exec(res.body);
    if (m) this.token = m[1];
    return res;
  }

  async head(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'HEAD', url, headers: { cookie: this.cookieHeader() } }));
  }

  async csrf(): Promise<string> {
    if (!this.token) await this.get('/sign-in');
    if (!this.token) throw new Error('no CSRF token found');
    return this.token;
  }

  async post(
    url: string,
    form: Form = {},
    raw?: string,
    contentType = 'application/x-www-form-urlencoded',
  ): Promise<LightMyRequestResponse> {
    const body = raw ?? encode({ _csrf: await this.csrf(), ...form });
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body,
        headers: { cookie: this.cookieHeader(), 'content-type': contentType },
      }),
    );
  }
}

let people = 0;

/** The services behind each test app, so a helper given only the app can reach its email queue. */
const servicesOf = new WeakMap<FastifyInstance, Services>();

/** For an app a test builds itself: lets newPerson and confirmationLink reach its email queue. */
export function withServices(app: FastifyInstance, services: Services): FastifyInstance {
  servicesOf.set(app, services);
  return app;
}

/** The path of the link in the confirmation email queued for `email`, taken out of the queue as if
 *  it had been delivered (nothing else queued runs). */
export async function confirmationLink(
  app: FastifyInstance,
  email: string,
  template: 'confirm-email' | 'change-email' = 'confirm-email',
): Promise<string> {
  const services = servicesOf.get(app);
  if (!services) throw new Error('not a test app');
  const message = await services.jobs.takeQueuedEmail((m) => m.to === email && m.template === template);
  if (!message?.personalisation.link) throw new Error(`no ${template} email queued for ${email}`);
  return new URL(message.personalisation.link).pathname;
}

/** Signs `browser` up through the real form and the emailed link; returns the link's answer
 *  (303 to the home page, signed in, when the account was made). */
export async function signUp(
  app: FastifyInstance,
  browser: Browser,
  form: { displayName: string; email: string; password: string },
): Promise<LightMyRequestResponse> {
  const asked = await browser.post('/create-account', form);
  if (asked.statusCode !== 200) throw new Error(`could not ask for an account: ${asked.statusCode} ${asked.body.slice(0, 500)}`);
  const link = await confirmationLink(app, form.email);
  await browser.get(link);
  return browser.post(link);
}

/** Creates an account through the real form and the emailed link, and returns a signed-in browser. */
export async function newPerson(app: FastifyInstance, name = 'Robin'): Promise<{ browser: Browser; email: string; password: string }> {
  people += 1;
  const email = `person${people}-${randomBytes(3).toString('hex')}@example.org`;
  const password = 'a-long-and-unusual-passphrase';
  const browser = new Browser(app);
  const res = await signUp(app, browser, { displayName: name, email, password });
  if (res.statusCode !== 303) throw new Error(`could not create account: ${res.statusCode} ${res.body.slice(0, 500)}`);
  return { browser, email, password };
}

/** The plan id of a signed-in person, following /my-plan. */
export async function planIdOf(browser: Browser): Promise<string> {
  const res = await browser.get('/my-plan');
  const id = /\/plans\/([0-9a-f-]{36})/.exec(res.headers.location ?? '')?.[1];
  if (!id) throw new Error('no plan id');
  return id;
}

/** Text of a page as a screen reader reads it (tags removed, entities decoded, no text hidden
 *  from assistive technology), for "the page says" checks. */
export function textOf(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<span[^>]*aria-hidden="true"[^>]*>[^<]*<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

/** A signed-in member of an organisation, made through the real form and then given a role. */
export async function newMember(
  t: TestApp,
  role: 'person' | 'supporter' | 'admin' | 'listings-editor',
  organisationName = 'Riverside',
  opts: { authenticator?: boolean } = {},
): Promise<{ browser: Browser; organisationId: string; email: string; id: string }> {
  const made = await newPerson(t.app, role);
  const account = await findByEmail(t.database.db, made.email);
  if (!account) throw new Error('member account not found');
  const organisationId = await addMembership(t.database.db, { organisationName, accountId: account.id, role, now: new Date() });
  // Supporters and admins open nothing shared with them until they have an authenticator app.
  if ((role === 'supporter' || role === 'admin') && opts.authenticator !== false) await setUpAuthenticator(t, made.browser);
  return { browser: made.browser, organisationId, email: made.email, id: account.id };
}

/** Sets up an authenticator app through the real pages; returns its key and the recovery codes shown. */
export async function setUpAuthenticator(t: TestApp, browser: Browser): Promise<{ secret: string; recoveryCodes: string[] }> {
  const page = await browser.get('/account/authenticator');
  const secret = /<code id="secret"[^>]*>([A-Z2-7]+)<\/code>/.exec(page.body)?.[1];
  if (!secret) throw new Error(`no authenticator key shown: ${page.statusCode}`);
  const setUp = /name="setUp" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
  const done = await browser.post('/account/authenticator', { setUp, code: codeFor(secret, t.clock.now()) });
  if (done.statusCode !== 200) throw new Error(`could not set up the authenticator: ${done.statusCode}`);
  const recoveryCodes = [...done.body.matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] ?? '');
  return { secret, recoveryCodes };
}

/** Signed out, a page asks the person to sign in, and a form is answered with the sign-in page. */
export async function assertSignInNeeded(app: FastifyInstance, urls: { method: 'GET' | 'POST'; url: string }[]): Promise<void> {
  const browser = new Browser(app);
  for (const { method, url } of urls) {
    if (method === 'GET') {
      const res = await browser.get(url);
      assert.equal(res.statusCode, 303, `${method} ${url}`);
      assert.match(res.headers.location ?? '', /^\/sign-in/);
    } else {
      const res = await browser.post(url, { text: 'x' });
      assert.equal(res.statusCode, 401, `${method} ${url}`);
      assert.match(res.body, /action="\/sign-in"/);
    }
  }
}
