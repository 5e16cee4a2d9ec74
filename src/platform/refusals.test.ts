import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { auditEvents, refusalCounts } from '../db/schema.ts';
import { runCommand } from '../cli/commands.ts';
import { Browser, testApp, type TestApp } from '../test/harness.ts';

describe('platform/refusals.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp({ signInLimit: { max: 2, timeWindow: '15 minutes' } });
  });
  after(async () => t.close());

  async function cli(...argv: string[]) {
    const lines: string[] = [];
    const status = await runCommand(argv, {
      database: () => Promise.resolve(t.database),
      clock: t.services.clock,
      auditKey: 'unused',
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    return { status, lines };
  }

  describe('refusals that touch nobody’s record', () => {
    test('a rate limit reached is counted per day and route, with nothing about who, and the operator can read the counts', async () => {
      const browser = new Browser(t.app);
      const statuses: number[] = [];
      for (let i = 0; i < 5; i += 1)
        statuses.push((await browser.post('/sign-in', { email: 'someone@example.org', password: 'guess' })).statusCode);
      assert.deepEqual(statuses, [400, 400, 429, 429, 429]);
      const audited = await t.database.db.select({ action: auditEvents.action }).from(auditEvents);
      assert.equal(audited.filter((a) => a.action.includes('rate')).length, 0, 'not written one by one');

      await t.services.refusals.flush();
      await t.services.refusals.flush();
      const rows = await t.database.db.select().from(refusalCounts);
      assert.deepEqual(rows, [{ day: '2026-06-01', kind: 'rate-limit POST /sign-in', count: 3 }]);
      assert.equal((await browser.post('/sign-in', { email: 'someone@example.org', password: 'guess' })).statusCode, 429);
      await t.services.refusals.flush();
      assert.equal((await t.database.db.select().from(refusalCounts))[0]?.count, 4);

      const answer = await cli('refusals', '--days', '1');
      assert.deepEqual(answer, { status: 0, lines: ['2026-06-01  rate-limit POST /sign-in  4'] });
      assert.equal((await cli('refusals', '--days', 'lots')).status, 2);
    });
  });
});
