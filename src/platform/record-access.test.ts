import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { auditEvents } from '../db/schema.ts';
import { insertAccount } from '../features/accounts/store.ts';
import { TestClock, testDatabase } from '../test/harness.ts';
import { NotFound } from './access.ts';
import { AuditLog } from './audit.ts';
import { VersionedDocuments } from './documents.ts';
import { edited } from './owned-documents.ts';
import { decide, RecordAccess, type Grant, type RecordAction } from './record-access.ts';
import type { SignedIn } from './sessions.ts';

const at = new Date('2026-06-01T09:00:00Z');
const ACTIONS: RecordAction[] = ['view', 'download', 'change', 'restore', 'suggest'];
const grant = (over: Partial<Grant> = {}): Grant => ({
  part: 'crisis-plan',
  level: 'see',
  until: null,
  revokedAt: null,
  paused: false,
  ...over,
});

const arbGrant: fc.Arbitrary<Grant> = fc.record({
  part: fc.constantFrom('crisis-plan', 'safety-plan', 'crisis-plan.contacts', 'recovery-plan'),
  level: fc.constantFrom('see' as const, 'suggest' as const),
  until: fc.option(fc.date({ min: new Date('2026-01-01'), max: new Date('2027-01-01'), noInvalidDate: true }), { nil: null }),
  revokedAt: fc.option(fc.constant(new Date('2026-05-01')), { nil: null }),
  paused: fc.boolean(),
});

describe('the record-access policy', () => {
  test('the owner may do anything to their own record, with or without grants', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTIONS), fc.array(arbGrant, { maxLength: 4 }), (action, grants) => {
        assert.deepEqual(decide('me', 'me', 'crisis-plan', action, grants, at), { allowed: true, asOwner: true });
      }),
    );
  });

  test('nobody else ever changes or restores a record, whatever they were granted', () => {
    fc.assert(
      fc.property(fc.constantFrom<RecordAction>('change', 'restore'), fc.array(arbGrant, { maxLength: 4 }), (action, grants) => {
        assert.equal(decide('them', 'me', 'crisis-plan', action, grants, at).allowed, false);
      }),
    );
  });

  test('a revoked, paused or expired grant allows nothing', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ACTIONS), arbGrant, (action, g) => {
        const dead = g.revokedAt !== null || g.paused || (g.until !== null && g.until <= at);
        if (dead) assert.equal(decide('them', 'me', g.part, action, [g], at).allowed, false);
      }),
    );
  });

  test('without a grant, another account may do nothing', () => {
    for (const action of ACTIONS) assert.deepEqual(decide('them', 'me', 'crisis-plan', action, [], at), { allowed: false });
  });

  test('a live grant lets its holder see the part it names, and suggest only when it says so', () => {
    assert.deepEqual(decide('them', 'me', 'crisis-plan', 'view', [grant()], at), { allowed: true, asOwner: false, parts: ['crisis-plan'] });
    assert.equal(decide('them', 'me', 'crisis-plan', 'suggest', [grant()], at).allowed, false);
    assert.equal(decide('them', 'me', 'crisis-plan', 'suggest', [grant({ level: 'suggest' })], at).allowed, true);
    assert.equal(decide('them', 'me', 'safety-plan', 'view', [grant()], at).allowed, false);
    assert.equal(decide('them', 'me', 'crisis-plan', 'view', [grant({ until: new Date('2026-06-02') })], at).allowed, true);
  });

  test('a grant of one part of a document lets its holder open the document, with only that part', () => {
    assert.deepEqual(decide('them', 'me', 'crisis-plan', 'view', [grant({ part: 'crisis-plan.contacts' })], at), {
      allowed: true,
      asOwner: false,
      parts: ['crisis-plan.contacts'],
    });
  });
});

describe('documents reached through the policy', () => {
  let database: Database;
  const clock = new TestClock(at);
  const people: Record<'owner' | 'other', SignedIn> = {} as never;
  let grants: Grant[] = [];
  const schema = z.object({ mine: z.string(), shared: z.string() });
  let access: RecordAccess;

  before(async () => {
    database = await testDatabase();
    for (const name of ['owner', 'other'] as const) {
      const row = await insertAccount(database.db, { email: `${name}@example.org`, displayName: name, passwordHash: 'x', now: at });
      people[name] = { id: row.id, email: row.email, displayName: name, roles: [], sessionHash: 'x', secondsLeft: 0 };
    }
    access = new RecordAccess(new AuditLog(database.db, clock, 'test-audit-key'), clock, { grantsFrom: () => Promise.resolve(grants) });
    // The service's own kinds come with the account; this test's kind is made here.
    await new VersionedDocuments(database.db, clock, 'test-doc', { schema, upgrades: [] }, () => ({
      mine: 'Owner only words',
      shared: 'Shared words',
    })).create(people.owner.id);
  });
  after(async () => database.close());

  const docs = () =>
    access.documents(database.db, {
      kind: 'test-doc',
      part: 'test-doc',
      subjectType: 'test-doc',
      format: { schema, upgrades: [] },
      empty: () => ({ mine: 'Owner only words', shared: 'Shared words' }),
      project: (content, parts) => ({ mine: parts.includes('test-doc') ? content.mine : '', shared: content.shared }),
    });

  test('another account gets NotFound, and the refusal is audited, not shown to the owner as a read', async () => {
    const doc = await docs().for({ me: people.owner, ip: '::1' }).mine();
    grants = [];
    await assert.rejects(docs().for({ me: people.other, ip: '::1' }).open(doc.id), NotFound);
    await assert.rejects(
      docs()
        .for({ me: people.other, ip: '::1' })
        .edit(doc.id, 'x', (c) => edited(c)),
      NotFound,
    );
    const rows = await database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, doc.id));
    assert.deepEqual(
      rows.map((r) => [r.action, r.ownerVisible]),
      [
        ['test-doc.refused', false],
        ['test-doc.refused', false],
      ],
    );
  });

  test('a grantee reads what was granted, projected, and the read is shown to the owner; a revoke stops the very next read', async () => {
    const doc = await docs().for({ me: people.owner, ip: '::1' }).mine();
    grants = [grant({ part: 'test-doc.shared' })];
    const seen = await docs().for({ me: people.other, ip: '::1' }).open(doc.id);
    assert.deepEqual(seen.content, { mine: '', shared: 'Shared words' });
    const version = await docs().for({ me: people.other, ip: '::1' }).version(doc.id, 1);
    assert.equal(version.revision?.content.mine, '');
    const reads = await database.db.select().from(auditEvents).where(eq(auditEvents.action, 'test-doc.view'));
    assert.ok(reads.length >= 2 && reads.every((r) => r.ownerVisible && r.ownerId === people.owner.id));
    grants = [grant({ part: 'test-doc.shared', revokedAt: at })];
    await assert.rejects(docs().for({ me: people.other, ip: '::1' }).open(doc.id), NotFound);
  });

  test('the owner always reads the whole document', async () => {
    const doc = await docs().for({ me: people.owner, ip: '::1' }).mine();
    assert.equal((await docs().for({ me: people.owner, ip: '::1' }).open(doc.id)).content.mine, 'Owner only words');
  });
});
