import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { testDatabase } from '../test/harness.ts';
import type { Database } from '../db/client.ts';
import { AuditLog } from './audit.ts';
import { auditEvents } from '../db/schema.ts';

let database: Database;
let audit: AuditLog;
const clock = { now: () => new Date('2026-06-01T09:00:00.123Z') };

before(async () => {
  database = await testDatabase();
  audit = new AuditLog(database.db, clock);
});
after(async () => database.close());

describe('the audit log', () => {
  test('links each event to the one before, and the chain verifies', async () => {
    for (let i = 0; i < 5; i++) {
      await audit.record({
        actorId: null,
        action: 'test.event',
        subjectType: 'thing',
        subjectId: String(i),
        ip: '127.0.0.1',
        detail: { b: 1, a: [i, 'x'] },
      });
    }
    const result = await audit.verify();
    assert.deepEqual(result, { ok: true, count: 5 });
  });

  test('events written at the same time all join the chain', async () => {
    await Promise.all(Array.from({ length: 10 }, (_, i) => audit.record({ actorId: null, action: 'test.parallel', subjectId: String(i) })));
    const result = await audit.verify();
    assert.equal(result.ok, true);
  });

  test('refuses to change or remove a row', async () => {
    const appendOnly = (err: unknown) => /append-only/.test(String((err as { cause?: Error }).cause?.message ?? err));
    await assert.rejects(database.db.execute(sql`update audit_events set action = 'changed'`), appendOnly);
    await assert.rejects(database.db.execute(sql`delete from audit_events`), appendOnly);
  });

  test("verification finds a row changed behind the database's back", async () => {
    await database.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    const [row] = await database.db.select({ seq: sql<number>`min(${auditEvents.seq})::int + 2` }).from(auditEvents);
    assert.ok(row);
    await database.db.execute(sql`update audit_events set subject_id = 'tampered' where seq = ${row.seq}`);
    await database.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const result = await audit.verify();
    assert.deepEqual(result, { ok: false, count: 2, brokenAt: row.seq });
  });
});

describe('chains and checkpoints', () => {
  let own: Database;
  let log: AuditLog;
  const owners = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
  before(async () => {
    own = await testDatabase();
    log = new AuditLog(own.db, clock);
  });
  after(async () => own.close());

  test("each owner's events form a chain of their own, and every chain verifies", async () => {
    await Promise.all(
      owners.flatMap((ownerId) =>
        Array.from({ length: 4 }, (_, i) => log.record({ actorId: null, action: 'test.owned', ownerId, subjectId: String(i) })),
      ),
    );
    await log.record({ actorId: null, action: 'test.service' });
    const rows = await own.db.select().from(auditEvents);
    assert.deepEqual([...new Set(rows.map((r) => r.chain))].sort(), [...owners, 'service'].sort());
    for (const ownerId of owners)
      assert.equal(rows.filter((r) => r.chain === ownerId && r.prevHash === '0'.repeat(64)).length, 1, 'one chain starts per owner');
    assert.deepEqual(await log.verify(), { ok: true, count: 9 });
  });

  test('a checkpoint ties every chain together; cutting the end off one chain is found', async () => {
    await log.checkpoint();
    await log.checkpoint();
    assert.deepEqual(await log.verify(), { ok: true, count: 10 }, 'a second checkpoint with nothing new adds nothing');
    await own.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
    await own.db.execute(sql`delete from audit_events where seq = (select max(seq) from audit_events where chain = ${owners[0]})`);
    await own.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
    const result = await log.verify();
    assert.equal(result.ok, false);
  });
});
