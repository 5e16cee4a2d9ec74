import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { testDatabase } from '../test/harness.ts';
import type { Database } from '../db/client.ts';
import { AuditLog, chainHashV1, chainHashV2, erasePersonalAudit, resealLegacyAudit } from './audit.ts';
import { auditEvents, auditPersonal } from '../db/schema.ts';

describe('platform/audit.test.ts', () => {
  let database: Database;
  let audit: AuditLog;
  const clock = { now: () => new Date('2026-06-01T09:00:00.123Z') };
  const KEY = 'a-test-key-for-the-audit-log-0000';

  before(async () => {
    database = await testDatabase();
    audit = new AuditLog(database.db, clock, KEY);
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
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => audit.record({ actorId: null, action: 'test.parallel', subjectId: String(i) })),
      );
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
      assert.deepEqual(result, { ok: false, count: 2, brokenAt: row.seq, reason: 'hash' });
    });

    test('refuses to be truncated, even by its owner, unless the trigger is first disabled', async () => {
      const appendOnly = (err: unknown) => /append-only/.test(String((err as { cause?: Error }).cause?.message ?? err));
      await assert.rejects(database.db.execute(sql`truncate audit_events cascade`), appendOnly);
      assert.ok((await database.db.select().from(auditEvents)).length > 0);
    });
  });

  describe('a keyed log', () => {
    let own: Database;
    let log: AuditLog;
    before(async () => {
      own = await testDatabase();
      log = new AuditLog(own.db, clock, KEY);
      for (let i = 0; i < 3; i++) await log.record({ actorId: null, action: 'test.keyed', subjectId: String(i) });
    });
    after(async () => own.close());

    test('verifies only with its own key', async () => {
      assert.deepEqual(await log.verify(), { ok: true, count: 3 });
      const other = await new AuditLog(own.db, clock, 'some-other-key-of-the-same-length').verify();
      assert.equal(other.ok, false);
    });

    test('a chain rewritten whole without the key (unkeyed hashes, as an intruder could compute) does not verify', async () => {
      const rows = await own.db.select().from(auditEvents).orderBy(auditEvents.seq);
      await own.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
      let prev = '0'.repeat(64);
      for (const r of rows) {
        const hash = chainHashV2(prev, { ...r, subjectId: `${r.subjectId ?? ''}-forged` });
        await own.db.execute(
          sql`update audit_events set subject_id = ${`${r.subjectId ?? ''}-forged`}, prev_hash = ${prev}, hash = ${hash}, hash_version = 2 where seq = ${r.seq}`,
        );
        prev = hash;
      }
      await own.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
      const result = await log.verify();
      assert.ok(!result.ok);
      assert.equal(result.reason, 'unsealed', 'an unkeyed event is never accepted once the log is keyed');
    });
  });

  describe('an anchor kept outside the database', () => {
    let own: Database;
    let log: AuditLog;
    before(async () => {
      own = await testDatabase();
      log = new AuditLog(own.db, clock, KEY);
    });
    after(async () => own.close());

    test('finds a tail cut off after it, which the chains and checkpoints alone cannot', async () => {
      assert.equal(await log.anchor(), undefined, 'nothing to anchor in an empty log');
      for (let i = 0; i < 4; i++) await log.record({ actorId: null, action: 'test.anchored', subjectId: String(i) });
      const anchor = await log.anchor();
      assert.ok(anchor);
      const [top] = await own.db
        .select()
        .from(auditEvents)
        .orderBy(sql`${auditEvents.seq} desc`)
        .limit(1);
      assert.equal(top?.action, 'audit.checkpoint', 'anchoring ties every chain together first');
      assert.deepEqual(await log.verify(anchor), { ok: true, count: 5 });
      await log.record({ actorId: null, action: 'test.later' });
      assert.equal((await log.verify(anchor)).ok, true, 'events after the anchor are fine');

      // Someone with the database cuts off everything from the checkpoint on: every chain that is
      // left still verifies, and only the anchor shows the loss.
      await own.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
      await own.db.execute(sql`delete from audit_events where seq >= ${anchor.seq}`);
      await own.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
      assert.deepEqual(await log.verify(), { ok: true, count: 4 });
      assert.deepEqual(await log.verify(anchor), { ok: false, count: 4, brokenAt: anchor.seq, reason: 'anchor' });
    });
  });

  describe('chains and checkpoints', () => {
    let own: Database;
    let log: AuditLog;
    const owners = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
    before(async () => {
      own = await testDatabase();
      log = new AuditLog(own.db, clock, KEY);
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

  describe('personal details sit beside the chain', () => {
    let own: Database;
    let log: AuditLog;
    const person = '33333333-3333-4333-8333-333333333333';
    const other = '44444444-4444-4444-8444-444444444444';
    before(async () => {
      own = await testDatabase();
      log = new AuditLog(own.db, clock, KEY);
    });
    after(async () => own.close());

    test('the address is kept outside the hash, and removing it with the account keeps every chain whole', async () => {
      await log.record({ actorId: person, action: 'sign-in.success', subjectType: 'account', subjectId: person, ip: '203.0.113.9' });
      await log.record({ actorId: other, action: 'sign-in.success', subjectType: 'account', subjectId: other, ip: '198.51.100.7' });
      await log.checkpoint();
      const [sealed] = await own.db.select().from(auditEvents).where(eq(auditEvents.actorId, person));
      assert.equal(sealed?.ip, null, 'the chain row holds no address');
      assert.equal((await own.db.select().from(auditPersonal)).length, 2);
      await erasePersonalAudit(own.db, person);
      assert.deepEqual(
        (await own.db.select().from(auditPersonal)).map((p) => p.ip),
        ['198.51.100.7'],
      );
      assert.deepEqual(await log.verify(), { ok: true, count: 3 });
    });
  });

  describe('events sealed before the address moved out (hash format 1)', () => {
    let own: Database;
    before(async () => {
      own = await testDatabase();
    });
    after(async () => own.close());

    test('are verified, then re-sealed once without the address, which moves beside the chain', async () => {
      const person = '55555555-5555-4555-8555-555555555555';
      const row = {
        at: new Date('2026-01-01T00:00:00.000Z'),
        actorId: person,
        action: 'sign-in.success',
        subjectType: 'account',
        subjectId: person,
        ownerId: null,
        ip: '192.0.2.1',
        detail: null,
        ownerVisible: false,
      };
      const first = chainHashV1('0'.repeat(64), row);
      const second = chainHashV1(first, { ...row, action: 'password.changed' });
      await own.db.insert(auditEvents).values([
        { ...row, chain: person, prevHash: '0'.repeat(64), hash: first, hashVersion: 1 },
        { ...row, action: 'password.changed', chain: person, prevHash: first, hash: second, hashVersion: 1 },
      ]);
      const log = new AuditLog(own.db, clock, KEY);
      assert.equal((await log.verify()).ok, false, 'not accepted as it is: it must be re-sealed with the key');
      assert.equal(await resealLegacyAudit(own.db, KEY), 2);
      assert.equal(await resealLegacyAudit(own.db, KEY), 0, 'only once');
      const rows = await own.db.select().from(auditEvents);
      assert.ok(
        rows.every((r) => r.hashVersion === 3 && r.ip === null),
        'sealed with the key',
      );
      assert.equal((await own.db.select().from(auditPersonal)).length, 2);
      assert.deepEqual(await log.verify(), { ok: true, count: 2 });
      await erasePersonalAudit(own.db, person);
      assert.equal((await own.db.select().from(auditPersonal)).length, 0);
      assert.deepEqual(await log.verify(), { ok: true, count: 2 });
      const appendOnly = (err: unknown) => /append-only/.test(String((err as { cause?: Error }).cause?.message ?? err));
      await assert.rejects(own.db.execute(sql`update audit_events set action = 'changed'`), appendOnly, 'append-only again');
    });
  });

  describe('events sealed without a key (hash format 2)', () => {
    let own: Database;
    before(async () => {
      own = await testDatabase();
    });
    after(async () => own.close());

    const row = (action: string) => ({
      at: new Date('2026-03-01T00:00:00.000Z'),
      actorId: null,
      action,
      subjectType: null,
      subjectId: null,
      ownerId: null,
      detail: null,
      ownerVisible: false,
    });

    test('a broken one is left exactly as it is; a whole one is re-sealed with the key, once', async () => {
      const first = chainHashV2('0'.repeat(64), row('test.one'));
      const second = chainHashV2(first, row('test.two'));
      await own.db.insert(auditEvents).values([
        { ...row('test.one'), chain: 'service', prevHash: '0'.repeat(64), hash: first, hashVersion: 2 },
        { ...row('test.two'), chain: 'service', prevHash: first, hash: 'f'.repeat(64), hashVersion: 2 },
      ]);
      await assert.rejects(resealLegacyAudit(own.db, KEY), /broken at event/);
      assert.deepEqual(
        (await own.db.select().from(auditEvents)).map((r) => r.hashVersion),
        [2, 2],
      );

      await own.db.execute(sql`alter table audit_events disable trigger audit_events_no_update`);
      await own.db.execute(sql`update audit_events set hash = ${second} where action = 'test.two'`);
      await own.db.execute(sql`alter table audit_events enable trigger audit_events_no_update`);
      assert.equal(await resealLegacyAudit(own.db, KEY), 2);
      assert.equal(await resealLegacyAudit(own.db, KEY), 0);
      assert.deepEqual(await new AuditLog(own.db, clock, KEY).verify(), { ok: true, count: 2 });
    });
  });
});
