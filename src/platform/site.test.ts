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
