import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import pg from 'pg';
import { newPerson, testApp, textOf } from '../test/harness.ts';

const server = process.env.TEST_DATABASE_URL;

/**
 * The database goes away under a person who is writing: its connections are cut again and
 * again (pg_terminate_backend, on this test's own database only: never a restart of the shared
 * server). Nothing acknowledged may be lost, nothing may be a 500, every refused write must
 * come back as a 503 that gives the text back, and the app must serve again by itself.
 */
describe('writing while the database connections are cut', { skip: server ? false : 'needs TEST_DATABASE_URL (PostgreSQL)' }, () => {
  test('no acknowledged write is lost, no 500, every refusal a 503 with the text given back, serving again within seconds', async () => {
    const t = await testApp();
    const admin = new pg.Client({ connectionString: server });
    await admin.connect();
    const cutting = { on: true };
    let cutter: Promise<void> = Promise.resolve();
    try {
      const own = new URL('url' in t.database.connection ? t.database.connection.url : '').pathname.slice(1);
      const { browser } = await newPerson(t.app, 'Robin');
      const base = (await browser.get('/my-plan')).headers.location ?? '';
      await browser.get(`${base}/strengths`);

      let cuts = 0;
      cutter = (async () => {
        while (cutting.on) {
          await sleep(40);
          const killed = await admin.query(
            'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
            [own],
          );
          cuts += killed.rowCount ?? 0;
        }
      })();

      const acknowledged: string[] = [];
      let refused = 0;
      // Fewer than a list holds (MAX_ITEMS), so every refusal is the database's.
      for (let i = 0; i < 90; i += 1) {
        const text = `Strength number ${String(i)}`;
        const res = await browser.post(`${base}/strengths`, { text });
        if (res.statusCode === 303) acknowledged.push(text);
        else {
          assert.equal(res.statusCode, 503, `write ${String(i)}: ${String(res.statusCode)}`);
          assert.equal(res.headers['retry-after'], '5');
          assert.ok(res.body.includes(text), 'the text is given back');
          assert.match(res.body, new RegExp(`<form method="post" action="${base}/strengths"`), 'with a button that sends it again');
          refused += 1;
        }
      }
      cutting.on = false;
      await cutter;
      assert.ok(cuts > 0 && refused > 0, `the cuts reached the app (${String(cuts)} cut, ${String(refused)} refused)`);
      assert.ok(acknowledged.length > 0, 'some writes got through between the cuts');

      const started = Date.now();
      let page = await browser.get(`${base}/strengths`);
      while (page.statusCode !== 200 && Date.now() - started < 10_000) {
        await sleep(200);
        page = await browser.get(`${base}/strengths`);
      }
      assert.equal(page.statusCode, 200, 'serving again within seconds, without a restart');
      const saved = textOf(page.body);
      for (const text of acknowledged) assert.ok(saved.includes(text), `${text} was acknowledged and kept`);
    } finally {
      cutting.on = false;
      await cutter;
      await admin.end();
      await t.close();
    }
  });
});
