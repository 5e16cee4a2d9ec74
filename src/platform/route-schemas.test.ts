import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Fastify from 'fastify';
import { z } from 'zod';
import { requireRulesOnEveryRoute, ROUTE } from './access.ts';
import { paramNames, paramsOf, pathParams, text, withParams, zodValidatorCompiler, type ZodTypeProvider } from './route-schemas.ts';

/** An app with the site's compiler and route check, and no more. */
function bare() {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(zodValidatorCompiler);
  requireRulesOnEveryRoute(app);
  return app;
}

describe('route schemas', () => {
  test("a path's parameter names are read from it, a wildcard as '*'", () => {
    assert.deepEqual(paramNames('/plans/:planId/goals/:goalId/steps/:stepId'), ['planId', 'goalId', 'stepId']);
    assert.deepEqual(paramNames('/assets/*'), ['*']);
    assert.deepEqual(paramNames('/help'), []);
    assert.deepEqual(Object.keys(pathParams('/directory/:listingId/still-correct/:token').shape), ['listingId', 'token']);
  });

  test('a handler gets declared parameters and query typed, and a repeated or missing query value never refuses the page', async () => {
    const app = bare();
    const path = '/things/:thingId';
    app.get(path, { ...ROUTE.public, schema: { params: pathParams(path), querystring: z.object({ next: text }) } }, (request) => ({
      thing: request.params.thingId,
      next: request.query.next,
    }));
    const once = await app.inject('/things/a1?next=%2Fplans');
    assert.deepEqual(once.json(), { thing: 'a1', next: '/plans' });
    const twice = await app.inject('/things/a1?next=%2Fone&next=%2Ftwo');
    assert.deepEqual(twice.json(), { thing: 'a1', next: '/one' });
    const none = await app.inject('/things/a1');
    assert.deepEqual(none.json(), { thing: 'a1', next: '' });
  });

  test("a route that declares none gets its path's parameters declared for it", async () => {
    const app = bare();
    app.get('/plans/:planId/goals/:goalId', ROUTE.public, (request) => paramsOf(request));
    const res = await app.inject('/plans/p1/goals/g%202');
    assert.deepEqual(res.json(), { planId: 'p1', goalId: 'g 2' });
  });

  test('declared parameters that are not the path’s stop the app from starting', () => {
    const app = bare();
    assert.throws(() => app.get('/plans/:planId', withParams('/plans/:id', ROUTE.public), () => 'x'), /not its path's \(planId\)/);
    assert.throws(() => app.get('/help', withParams('/help/:nation', ROUTE.public), () => 'x'), /not its path's/);
  });

  test('a query that fails its schema is refused with 400, never reaching the handler', async () => {
    const app = bare();
    let reached = false;
    app.get('/strict', { ...ROUTE.public, schema: { querystring: z.object({ n: z.string().regex(/^\d+$/) }) } }, () => {
      reached = true;
      return 'x';
    });
    assert.equal((await app.inject('/strict?n=abc')).statusCode, 400);
    assert.equal(reached, false);
    assert.equal((await app.inject('/strict?n=12')).statusCode, 200);
  });
});
