import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import Fastify from 'fastify';
import { requireRulesOnEveryRoute, safeNext } from './access.ts';
import { Browser, CapturedLogs, newPerson, signUp, testApp, textOf, type TestApp } from '../test/harness.ts';

describe('platform/security.test.ts', () => {
  let t: TestApp;
  const logs = new CapturedLogs();
  before(async () => {
    t = await testApp({ logger: { level: 'trace', stream: logs.stream } });
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
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: 'email=a%40b.c&password=x',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
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
      try {
        const { browser } = await newPerson(broken.app);
        await broken.database.db.execute(sql`drop table documents cascade`);
        const res = await browser.get('/my-plan');
        assert.equal(res.statusCode, 500);
        assert.match(res.body, /Sorry, there is a problem with the service/);
        assert.doesNotMatch(res.body, /documents|at .*\.ts|Error:/);
      } finally {
        await broken.close();
      }
    });

    test('a body too large is answered with a page, not a 500', async () => {
      const browser = new Browser(t.app);
      const res = await browser.post('/sign-in', { email: 'x'.repeat(1_100_000), password: 'x' });
      assert.equal(res.statusCode, 413);
      assert.match(res.body, /more than we can save at once/);
    });

    test('a body that is not a form is refused without a 500', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        payload: '{"a":1}',
        headers: { 'content-type': 'application/json' },
      });
      assert.ok(res.statusCode >= 400 && res.statusCode < 500, `got ${res.statusCode}`);
    });
  });

  describe('privacy of secrets', () => {
    test('passwords never reach the logs or the audit log', async () => {
      const password = 'Very-Distinctive-Passphrase-4471';
      await signUp(t.app, new Browser(t.app), { displayName: 'Pat', email: 'pat-logs@example.org', password });
      await new Browser(t.app).post('/sign-in', { email: 'pat-logs@example.org', password });
      await new Browser(t.app).post('/sign-in', { email: 'pat-logs@example.org', password: `${password}-wrong` });
      assert.ok(logs.text.length > 0, 'something was logged');
      assert.ok(!logs.text.includes(password), 'password not in logs');
      const audit = await t.database.db.execute(sql`select detail::text as d from audit_events`);
      assert.ok(!JSON.stringify(audit).includes(password));
      const links = await t.database.db.execute(sql`select * from email_links`);
      assert.ok(!JSON.stringify(links).includes(password), 'a sign-up waiting for its link keeps only a hash of the password');
    });

    test('what someone searched the directory for, and their postcode, never reach the logs', async () => {
      await new Browser(t.app).get('/directory?q=bereavement+group&postcode=RV9+9ZZ');
      await t.app.inject({ method: 'GET', url: '/api/oruk/service_at_locations?search=bereavement&postcode=RV9%209ZZ' });
      assert.ok(logs.text.includes('/directory?[search]'), 'the request was logged');
      assert.ok(!logs.text.includes('bereavement') && !logs.text.includes('RV9'), 'the search is not in the logs');
    });

    test('password reset links never reach the logs', async () => {
      const { email } = await newPerson(t.app, 'Rhys');
      await new Browser(t.app).post('/forgotten-password', { email });
      const mail = (await t.outbox.read()).find((m) => m.to === email && m.template === 'password-reset');
      const link = new URL(mail?.personalisation.link ?? 'x:/').pathname;
      const token = link.split('/').at(-1) ?? '';
      assert.ok(token.length > 20);
      await new Browser(t.app).get(link);
      await new Browser(t.app).post(link, { newPassword: 'another-long-passphrase' });
      assert.ok(logs.text.includes('/reset-password/[token]'), 'the request was logged');
      assert.ok(!logs.text.includes(token), 'token not in logs');
    });

    test('invitation, unsubscribe and email links, and any query string (a name searched for), never reach the logs', async () => {
      const secret = 'InvitationSecretToken0123456789abcdefghijk';
      await new Browser(t.app).get(`/circle/invite/${secret}`);
      await new Browser(t.app).get(`/confirm-email/${secret}`);
      await new Browser(t.app).get(`/change-email/${secret}`);
      await new Browser(t.app).get(`/reminders/stop/${secret}`);
      await t.app.inject({ method: 'POST', url: `/reminders/one-click/${secret}`, payload: 'List-Unsubscribe=One-Click' });
      await new Browser(t.app).get('/people?q=Marigold+Featherstone&page=2');
      for (const logged of [
        '/circle/invite/[token]',
        '/confirm-email/[token]',
        '/change-email/[token]',
        '/reminders/one-click/[token]',
        '/people?[query]',
      ])
        assert.ok(logs.text.includes(logged), `${logged} was logged`);
      assert.ok(!logs.text.includes(secret) && !logs.text.includes('Marigold'), 'no token and no name in the logs');
    });

    test('the health endpoint answers without personal data', async () => {
      const res = await t.app.inject({ url: '/health' });
      assert.deepEqual(res.json(), { status: 'ok' });
      assert.ok(textOf(res.body).length < 40);
    });
  });

  describe('CSRF secrets', () => {
    const CSRF_COOKIE = '__Host-waymark-csrf';

    test('a page with several forms makes one secret, so every form on it works', async () => {
      const { browser } = await newPerson(t.app);
      const safety = (await browser.get('/my-safety-plan')).headers.location ?? '';
      await browser.post(`${safety}/reasons`, { text: 'The sea at Tenby' });
      // Seen with no CSRF cookie yet, as on a first visit.
      const session = browser.cookie('__Host-waymark-session') ?? '';
      const page = await t.app.inject({ url: `${safety}/reasons`, headers: { cookie: `__Host-waymark-session=${session}` } });
      const tokens = [...page.body.matchAll(/name="_csrf" value="([^"]+)"/g)].map((m) => m[1]);
      assert.ok(tokens.length >= 3, 'the page has several forms');
      assert.equal(new Set(tokens).size, 1, 'one token serves them all');
      const secrets = page.cookies.filter((c) => c.name === CSRF_COOKIE);
      assert.equal(secrets.length, 1, 'one secret is set');
      const res = await t.app.inject({
        method: 'POST',
        url: `${safety}/reasons`,
        payload: `_csrf=${encodeURIComponent(tokens[0] ?? '')}&text=Swimming`,
        headers: {
          cookie: `__Host-waymark-session=${session}; ${CSRF_COOKIE}=${secrets[0]?.value ?? ''}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
      });
      assert.equal(res.statusCode, 303);
    });

    test('signing in and signing out each renew the secret', async () => {
      const { email, password } = await newPerson(t.app);
      const browser = new Browser(t.app);
      await browser.get('/sign-in');
      const first = browser.cookie(CSRF_COOKIE);
      await browser.post('/sign-in', { email, password });
      const signedIn = browser.cookie(CSRF_COOKIE);
      await browser.post('/sign-out');
      const signedOut = browser.cookie(CSRF_COOKIE);
      assert.ok(first && signedIn && signedOut);
      assert.equal(new Set([first, signedIn, signedOut]).size, 3);
    });

    test('a form from before signing in is refused, giving back what was typed', async () => {
      const { email, password } = await newPerson(t.app);
      const browser = new Browser(t.app);
      const stale = await browser.csrf();
      await browser.post('/sign-in', { email, password });
      const safety = (await browser.get('/my-safety-plan')).headers.location ?? '';
      const res = await browser.post(
        `${safety}/reasons`,
        {},
        `_csrf=${encodeURIComponent(stale)}&text=${encodeURIComponent('Walks by the river')}`,
      );
      assert.equal(res.statusCode, 403);
      assert.match(res.body, /This form has expired/);
      assert.match(res.body, /Walks by the river/);
    });
  });

  describe('where signing in leads', () => {
    test('a "next" address with any characters signs the person in, encoded for the header', async () => {
      const { email, password } = await newPerson(t.app);
      const browser = new Browser(t.app);
      const page = await browser.get('/sign-in?next=/%E2%86%92');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /name="next" value="\/%E2%86%92"/);
      const res = await browser.post('/sign-in', { email, password, next: '/→' });
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/%E2%86%92');
    });

    test('text that cannot be encoded sends the person home', () => {
      assert.equal(safeNext('/\ud800'), '/');
      assert.equal(safeNext('/my plan'), '/my%20plan');
      assert.equal(safeNext('/my-plan?x=%41'), '/my-plan?x=%41');
    });
  });

  describe('text that is not well-formed Unicode', () => {
    test('a JSON form with a lone surrogate is refused with 400, giving the text back, never a 500', async () => {
      const { browser } = await newPerson(t.app);
      const safety = (await browser.get('/my-safety-plan')).headers.location ?? '';
      await browser.get(`${safety}/reasons`);
      const token = await browser.csrf();
      const res = await browser.post(
        `${safety}/reasons`,
        {},
        `{"_csrf":${JSON.stringify(token)},"text":"My dog \\ud800 Biscuit"}`,
        'application/json',
      );
      assert.equal(res.statusCode, 400);
      assert.match(res.body, /could not be read/);
      assert.ok(res.body.includes('My dog \uFFFD Biscuit'), 'the text is given back');
      assert.doesNotMatch((await browser.get(`${safety}/reasons`)).body, /Biscuit/);
    });

    test('a lone surrogate in a field name is refused the same way', async () => {
      const { browser } = await newPerson(t.app);
      const token = await browser.csrf();
      const res = await browser.post(
        '/account/change-password',
        {},
        `{"_csrf":${JSON.stringify(token)},"\\udc00":"x"}`,
        'application/json',
      );
      assert.equal(res.statusCode, 400);
    });
  });
});
