import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { signInSlowing } from '../../db/schema.ts';
import { Browser, newPerson, testApp, type TestApp } from '../../test/harness.ts';
import { delayFor, SLOWING } from './slowing.ts';

describe('features/accounts/slowing.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  /** Signs in once and returns how long that try was made to wait (0 for none). */
  async function tryWith(email: string, password: string): Promise<{ status: number; waited: number }> {
    const before = t.waits.length;
    const res = await new Browser(t.app).post('/sign-in', { email, password });
    return { status: res.statusCode, waited: t.waits.slice(before).reduce((a, b) => a + b, 0) };
  }

  describe('sign-in slowing per address', () => {
    test('three tries are free, then each waits twice as long, up to 30 seconds', () => {
      assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 20].map(delayFor), [0, 0, 0, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    });

    test('failures slow the next tries to that address only; the right password still gets in, and starts afresh', async () => {
      const person = await newPerson(t.app, 'Robin');
      const other = await newPerson(t.app, 'Kit');
      const waited: number[] = [];
      for (let i = 0; i < 5; i += 1) {
        const tried = await tryWith(person.email, 'not the password');
        assert.equal(tried.status, 400);
        waited.push(tried.waited);
      }
      assert.deepEqual(waited, [0, 0, 0, 1000, 2000]);
      // Someone else's address is not slowed, and no one is locked out: the owner gets in after the wait.
      assert.deepEqual(await tryWith(other.email, other.password), { status: 303, waited: 0 });
      assert.deepEqual(await tryWith(` ${person.email.toUpperCase()} `, person.password), { status: 303, waited: 4000 });
      assert.deepEqual(await tryWith(person.email, 'not the password'), { status: 400, waited: 0 });
    });

    test('an address with no account is slowed just the same, so the wait never tells which addresses have one', async () => {
      const waited: number[] = [];
      for (let i = 0; i < 5; i += 1) waited.push((await tryWith('nobody-here@example.org', 'a guess')).waited);
      assert.deepEqual(waited, [0, 0, 0, 1000, 2000]);
    });

    test('failures are forgotten 15 minutes after the last, and the table never holds an address', async () => {
      const person = await newPerson(t.app, 'Sam');
      for (let i = 0; i < 4; i += 1) await tryWith(person.email, 'wrong');
      assert.equal((await tryWith(person.email, 'wrong')).waited, 2000);
      const rows = await t.database.db.select().from(signInSlowing);
      assert.ok(rows.length > 0);
      assert.doesNotMatch(JSON.stringify(rows), /@|example/);
      t.clock.advance(SLOWING.forgetAfterMs + 1000);
      assert.equal((await tryWith(person.email, 'wrong')).waited, 0);
      t.clock.advance(SLOWING.forgetAfterMs + 1000);
      await t.services.handlers.purge();
      assert.equal((await t.database.db.select().from(signInSlowing)).length, 0);
    });
  });
});
