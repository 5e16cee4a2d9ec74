import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { requireRulesOnEveryRoute } from './access.ts';
import { Browser, newPerson, testApp, textOf, type TestApp } from '../test/harness.ts';

let t: TestApp;
let logs = '';
before(async () => {
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      logs += chunk.toString();
      done();
    },
  });
  t = await testApp({ logger: { level: 'trace', stream } });
});
after(async () => t.close());

describe('every route', () => {
  test('declares who may use it', () => {
    const listed = t.app
      .printRoutes({ commonPrefix: false })
      .split('\n')
      .flatMap((line) => /\(([A-Z, ]+)\)/.exec(line)?.[1]?.split(', ') ?? []);
    assert.ok(listed.length > 40, 'the routes were listed');
    assert.equal(t.app.routeRules.length, listed.length, 'every route the app serves went through the rule check');
    const withoutRule = t.app.routeRules.filter((r) => !['public', 'account', 'admin'].includes(r.access ?? ''));
    assert.deepEqual(withoutRule, []);
  });

  test('a route without a rule stops the app from starting', () => {
    const app = Fastify();
    requireRulesOnEveryRoute(app);
    assert.throws(() => app.get('/no-rule-here', () => 'x'), /declares no access rule/);
  });
});

describe('forms are protected from cross-site requests', () => {
  test('a POST without a CSRF token is refused with 403', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/sign-in', payload: 'email=a%40b.c&password=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /This form has expired/);
  });

  test('a POST with a forged token is refused with 403', async () => {
    const browser = new Browser(t.app);
    await browser.csrf();
    const res = await browser.post('/sign-in', {}, '_csrf=forged&email=a%40b.c&password=x');
    assert.equal(res.statusCode, 403);
  });

  test('signing out is a POST: a GET changes nothing', async () => {
    const { browser } = await newPerson(t.app);
    const res = await browser.get('/sign-out');
    assert.equal(res.statusCode, 404);
    assert.equal((await browser.get('/account')).statusCode, 200);
  });
});

describe('security headers', () => {
  test('every page sends CSP with a nonce, HSTS, nosniff, Referrer-Policy and frame-ancestors none', async () => {
    const res = await t.app.inject({ url: '/' });
    const csp = String(res.headers['content-security-policy']);
    assert.match(csp, /script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(String(res.headers['strict-transport-security']), /max-age=31536000/);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && res.body.includes(`nonce="${nonce}"`), 'the inline script carries the nonce');
  });

  test('pages shown to a signed-in person are never cached', async () => {
    const { browser } = await newPerson(t.app);
    const res = await browser.get('/my-plan');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal((await browser.get('/account')).headers['cache-control'], 'no-store');
  });

  test('static assets are cached for a year and compressed', async () => {
    const res = await t.app.inject({ url: '/assets/build/waymark.css', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['cache-control']), /max-age=31536000/);
    assert.equal(res.headers['content-encoding'], 'gzip');
  });

  test('the stylesheet asks for no remote font', async () => {
    const css = (await t.app.inject({ url: '/assets/build/waymark.css' })).body;
    assert.doesNotMatch(css, /@font-face|https?:\/\//);
  });
});

describe('error pages', () => {
  test('an unknown page is a 404 in the service style', async () => {
    const res = await t.app.inject({ url: '/no-such-page' });
    assert.equal(res.statusCode, 404);
    assert.match(res.body, /Page not found/);
    assert.match(res.body, /nhsuk-header/);
  });

  test('a failure shows the problem page without any stack trace', async () => {
    const broken = await testApp();
    await broken.database.db.execute(sql`drop table documents cascade`);
    const { browser } = await newPerson(broken.app);
    const res = await browser.get('/my-plan');
    assert.equal(res.statusCode, 500);
    assert.match(res.body, /Sorry, there is a problem with the service/);
    assert.doesNotMatch(res.body, /documents|at .*\.ts|Error:/);
    await broken.close();
  });

  test('a body too large is answered with a page, not a 500', async () => {
    const browser = new Browser(t.app);
    const res = await browser.post('/sign-in', { email: 'x'.repeat(1_100_000), password: 'x' });
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /more than we can save at once/);
  });

  test('a body that is not a form is refused without a 500', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/sign-in', payload: '{"a":1}', headers: { 'content-type': 'application/json' } });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `got ${res.statusCode}`);
  });
});

describe('privacy of secrets', () => {
  test('passwords never reach the logs or the audit log', async () => {
    const password = 'Very-Distinctive-Passphrase-4471';
    const browser = new Browser(t.app);
    await browser.post('/create-account', { displayName: 'Pat', email: 'pat-logs@example.org', password });
    await new Browser(t.app).post('/sign-in', { email: 'pat-logs@example.org', password });
    await new Browser(t.app).post('/sign-in', { email: 'pat-logs@example.org', password: `${password}-wrong` });
    assert.ok(logs.length > 0, 'something was logged');
    assert.ok(!logs.includes(password), 'password not in logs');
    const audit = await t.database.db.execute(sql`select detail::text as d from audit_events`);
    assert.ok(!JSON.stringify(audit).includes(password));
  });

  test('password reset links never reach the logs', async () => {
    const browser = new Browser(t.app);
    await browser.post('/create-account', { displayName: 'Rhys', email: 'rhys-logs@example.org', password: 'a-long-passphrase-here' });
    await new Browser(t.app).post('/forgotten-password', { email: 'rhys-logs@example.org' });
    const mail = (await t.outbox.read()).find((m) => m.to === 'rhys-logs@example.org');
    const link = new URL(mail?.personalisation.link ?? 'x:/').pathname;
    const token = link.split('/').at(-1) ?? '';
    assert.ok(token.length > 20);
    await new Browser(t.app).get(link);
    await new Browser(t.app).post(link, { newPassword: 'another-long-passphrase' });
    assert.ok(logs.includes('/reset-password/[token]'), 'the request was logged');
    assert.ok(!logs.includes(token), 'token not in logs');
  });

  test('the health endpoint answers without personal data', async () => {
    const res = await t.app.inject({ url: '/health' });
    assert.deepEqual(res.json(), { status: 'ok' });
    assert.ok(textOf(res.body).length < 40);
  });
});
