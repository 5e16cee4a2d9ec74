import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { CapturedLogs, newPerson, testApp, type TestApp } from '../test/harness.ts';
import { errorFacts } from './logging.ts';

describe('platform/logging.test.ts', () => {
  let t: TestApp;
  const logs = new CapturedLogs();
  before(async () => {
    t = await testApp({ logger: { level: 'trace', stream: logs.stream } });
  });
  after(async () => t.close());

  describe('a failed database write', () => {
    test('logs the error class, code, route and request id, and nothing the person wrote', async () => {
      const { browser } = await newPerson(t.app);
      const safety = (await browser.get('/my-safety-plan')).headers.location ?? '';
      // The database refuses every plan write, echoing the row as some real errors do.
      await t.database.db.execute(
        sql.raw(`create function waymark_test_refuse() returns trigger language plpgsql as $$
        begin raise exception 'refused %', new.content using errcode = 'P0001'; end $$`),
      );
      await t.database.db.execute(
        sql.raw('create trigger waymark_test_refuse before update on documents for each row execute function waymark_test_refuse()'),
      );
      try {
        logs.text = '';
        const secret = 'Call Nia on 07700 900456 when the river floods';
        const res = await browser.post(`${safety}/reasons`, { text: secret });
        assert.equal(res.statusCode, 500);
        const failed = logs.text.split('\n').find((line) => line.includes('"request failed"'));
        assert.ok(failed, 'the failure was logged');
        const entry = JSON.parse(failed) as {
          reqId?: string;
          route?: string;
          err?: { type?: string; code?: string; cause?: { code?: string } };
        };
        assert.ok(entry.reqId);
        assert.equal(entry.route, '/safety/:planId/:section');
        assert.equal(entry.err?.cause?.code ?? entry.err?.code, 'P0001');
        assert.ok(!logs.text.includes('07700'), 'no phone number in the logs');
        assert.ok(!logs.text.includes('river floods'), 'no plan text in the logs');
        assert.ok(!/stack|Failed query|params/i.test(logs.text), 'no stack, query or parameters in the logs');
      } finally {
        await t.database.db.execute(sql.raw('drop trigger waymark_test_refuse on documents'));
        await t.database.db.execute(sql.raw('drop function waymark_test_refuse()'));
      }
    });
  });

  describe('what is logged of an error', () => {
    test('is its class and codes, never its message', () => {
      const err = Object.assign(new TypeError('contains 07700 900456'), { code: '23505', cause: new Error('and Nia') });
      assert.deepEqual(errorFacts(err), { type: 'TypeError', code: '23505', cause: { type: 'Error' } });
    });

    test('a long "code" is not a code, and a thrown string is only named by its kind', () => {
      assert.deepEqual(errorFacts({ code: 'x'.repeat(41) }), { type: 'object' });
      assert.deepEqual(errorFacts('the whole plan'), { type: 'string' });
    });
  });
});
