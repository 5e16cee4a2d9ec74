import assert from 'node:assert/strict';
import { test } from 'node:test';
import Fastify from 'fastify';
import { NotFound, requireRulesOnEveryRoute, ROUTE } from './access.ts';
import { registerHttp } from './http.ts';
import { createI18n } from './i18n.ts';
import { htmlSite } from './site.ts';

/** The site's hooks stay inside it: a sibling plugin (an API) gets none of them. */
test('pages look up the session and answer errors as pages; a sibling API pays for neither', async () => {
  const lookups: string[] = [];
  const app = Fastify();
  requireRulesOnEveryRoute(app);
  app.decorateRequest('account', null);
  await registerHttp(app, { secureCookies: false, sessionSecret: 'x'.repeat(32) });
  await app.register(htmlSite, {
    sessions: {
      resolve: (token: string) => {
        lookups.push(token);
        return Promise.resolve(null);
      },
    },
    secureCookies: false,
    translate: (await createI18n()).t,
    signedOut: { path: '/sign-in', view: 'errors/not-found.njk' },
    features: async (site) => {
      await site.register((pages) => {
        pages.get('/page', ROUTE.public, () => 'a page');
        pages.get('/private', ROUTE.account, () => 'mine');
      });
    },
  });
  await app.register(
    (api) => {
      api.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));
      api.setErrorHandler((error: { statusCode?: number }, _request, reply) =>
        reply.code(error.statusCode ?? 500).send({ error: 'refused' }),
      );
      api.get('/things/:id', ROUTE.public, () => {
        throw new NotFound();
      });
    },
    { prefix: '/api' },
  );
  await app.ready();
  const cookie = 'waymark-session=some-token';

  const page = await app.inject({ url: '/page', headers: { cookie } });
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.equal(lookups.length, 1, 'the page looked up the session');

  const missingPage = await app.inject({ url: '/nowhere', headers: { cookie } });
  assert.equal(missingPage.statusCode, 404);
  assert.match(String(missingPage.headers['content-type']), /text\/html/);
  assert.equal(missingPage.headers['cache-control'], 'no-store');
  assert.equal((await app.inject('/private')).statusCode, 303, 'signed out: sent to sign in');

  lookups.length = 0;
  const refused = await app.inject({ url: '/api/things/1', headers: { cookie } });
  assert.equal(refused.statusCode, 404);
  assert.deepEqual(refused.json(), { error: 'refused' });
  const missing = await app.inject({ url: '/api/nowhere', headers: { cookie } });
  assert.deepEqual(missing.json(), { error: 'not found' });
  assert.equal(refused.headers['cache-control'], undefined, 'the API sets its own caching');
  assert.deepEqual(lookups, [], 'the API never looked up a session');
  await app.close();
});

/** A site whose session look-up fails as a database that is away does, and whose pages can
 *  fail in their own ways: every answer is still a page. */
async function troubledSite(failure: () => Error) {
  const app = Fastify();
  requireRulesOnEveryRoute(app);
  app.decorateRequest('account', null);
  await registerHttp(app, { secureCookies: false, sessionSecret: 'x'.repeat(32) });
  await app.register(htmlSite, {
    sessions: { resolve: () => Promise.reject(failure()) },
    secureCookies: false,
    translate: (await createI18n()).t,
    signedOut: { path: '/sign-in', view: 'errors/not-found.njk' },
    features: async (site) => {
      await site.register((pages) => {
        pages.get('/page', ROUTE.public, () => 'a page');
        pages.post('/write', ROUTE.public, () => 'saved');
        pages.get('/broken-template', ROUTE.public, (_request, reply) => reply.view('errors/no-such-template.njk'));
        pages.get('/help-like', { config: { ...ROUTE.public.config, withoutDatabase: true } }, (request) =>
          request.account ? 'signed in' : 'help, as if signed out',
        );
      });
    },
  });
  await app.ready();
  return app;
}

const connectionCut = () => Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });

test('the database away during the session look-up: a GET is a calm 503 page with Retry-After, never a 500', async () => {
  for (const failure of [
    connectionCut,
    () => Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    () => new Error('timeout exceeded when trying to connect'),
    () => Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    () => Object.assign(new Error('Failed query'), { cause: Object.assign(new Error('Connection terminated unexpectedly'), {}) }),
  ]) {
    const app = await troubledSite(failure);
    const res = await app.inject({ url: '/page', headers: { cookie: 'waymark-session=some-token' } });
    assert.equal(res.statusCode, 503, failure().message);
    assert.equal(res.headers['retry-after'], '5');
    assert.match(res.body, /Sorry, we cannot save or show this right now/);
    assert.match(res.body, /<a class="nhsuk-button" href="\/page">Try again<\/a>/);
    assert.match(res.body, /href="\/help"/, 'help is one tap away');
    await app.close();
  }
});

test('the database away when a form is sent: 503, everything typed given back, and a button that sends it all again', async () => {
  const app = await troubledSite(connectionCut);
  const page = await app.inject({ url: '/page' });
  const cookie = String(page.headers['set-cookie'] ?? '');
  const res = await app.inject({
    method: 'POST',
    url: '/write',
    headers: { cookie: `${cookie.split(';')[0] ?? ''}; waymark-session=t`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'text=I+keep+going%2C+%3Cb%3Eeven%3C%2Fb%3E+on+slow+days&why=because&_csrf=tok&password=hunter2-secret&newPassword=x2-secret',
  });
  assert.equal(res.statusCode, 503);
  assert.equal(res.headers['retry-after'], '5');
  assert.match(res.body, /<form method="post" action="\/write"/);
  assert.match(res.body, /<input type="hidden" name="text" value="I keep going, &lt;b&gt;even&lt;\/b&gt; on slow days">/);
  assert.match(res.body, /<input type="hidden" name="why" value="because">/);
  assert.match(res.body, /<input type="hidden" name="_csrf" value="tok">/);
  assert.match(res.body, />I keep going, &lt;b&gt;even&lt;\/b&gt; on slow days<\/textarea>/, 'shown to copy, too');
  assert.doesNotMatch(res.body, /<b>even/);
  assert.doesNotMatch(res.body, /secret/, 'a password is never written into the page');
  await app.close();
});

test('a page that must work without the database (help) is served as signed out when the session cannot be looked up', async () => {
  const app = await troubledSite(connectionCut);
  const res = await app.inject({ url: '/help-like', headers: { cookie: 'waymark-session=some-token' } });
  assert.equal(res.statusCode, 200);
  assert.equal(res.body, 'help, as if signed out');
  assert.equal((await app.inject({ url: '/page', headers: { cookie: 'waymark-session=some-token' } })).statusCode, 503);
});

test('a page whose own template fails still answers with an error page, never a bare stack', async () => {
  const app = await troubledSite(() => new Error('not reached'));
  const res = await app.inject({ url: '/broken-template' });
  assert.equal(res.statusCode, 500);
  assert.match(res.body, /Sorry, there is a problem with the service/);
  assert.doesNotMatch(res.body, /no-such-template|at .*\.ts/);
  await app.close();
});
