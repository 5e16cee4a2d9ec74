import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '../db/client.ts';
import { documentRevisions, documents } from '../db/schema.ts';
import { insertAccount } from '../features/accounts/store.ts';
import { newPerson, planIdOf, testApp, TestClock, testDatabase, textOf, type TestApp } from '../test/harness.ts';
import { readContent, VersionedDocuments, type ContentFormat } from './documents.ts';
import { edited } from './owned-documents.ts';

/** A document whose shape changed twice: a list of words, then named items, then dated ones. */
const v2 = z.object({ items: z.array(z.object({ name: z.string(), on: z.string().nullable() })) });
const format: ContentFormat<z.infer<typeof v2>> = {
  schema: v2,
  upgrades: [
    (old) => ({ items: (Array.isArray(old.words) ? old.words : []).map((w) => ({ name: String(w) })) }),
    (old) => ({ items: (old.items as { name: string }[]).map((i) => ({ ...i, on: null })) }),
  ],
};

describe('stored content with a schema version', () => {
  test('an old shape is upgraded step by step as it is read', () => {
    assert.deepEqual(readContent(format, { words: ['kite', 'river'] }), {
      items: [
        { name: 'kite', on: null },
        { name: 'river', on: null },
      ],
    });
    assert.deepEqual(readContent(format, { schemaVersion: 1, items: [{ name: 'kite' }] }), { items: [{ name: 'kite', on: null }] });
    assert.deepEqual(readContent(format, { schemaVersion: 2, items: [{ name: 'kite', on: '2026-01-01' }] }), {
      items: [{ name: 'kite', on: '2026-01-01' }],
    });
  });

  describe('in the database', () => {
    let database: Database;
    before(async () => {
      database = await testDatabase();
    });
    after(async () => database.close());

    test('a document and its revisions written before a change of shape still open, and a change stores the new shape', async () => {
      const owner = await insertAccount(database.db, { email: 'old@example.org', displayName: 'Old', passwordHash: 'x', now: new Date() });
      const now = new Date('2026-01-01T09:00:00Z');
      const [doc] = await database.db
        .insert(documents)
        .values({ ownerId: owner.id, kind: 'test-shape', version: 1, content: { words: ['kite'] }, updatedAt: now })
        .returning();
      assert.ok(doc);
      await database.db
        .insert(documentRevisions)
        .values({ documentId: doc.id, version: 1, content: { words: ['kite'] }, authorId: owner.id, change: 'created', createdAt: now });
      const docs = new VersionedDocuments(database.db, new TestClock(now), 'test-shape', format, () => ({ items: [] }));
      assert.deepEqual((await docs.byId(doc.id))?.content, { items: [{ name: 'kite', on: null }] });
      await docs.change(doc.id, owner.id, 'added', (c) => edited({ items: [...c.items, { name: 'river', on: '2026-02-01' }] }));
      const [stored] = await database.db.select().from(documents).where(eq(documents.id, doc.id));
      assert.deepEqual(stored?.content, {
        items: [
          { name: 'kite', on: null },
          { name: 'river', on: '2026-02-01' },
        ],
        schemaVersion: 2,
      });
      assert.deepEqual((await docs.revision(doc.id, 1))?.content, { items: [{ name: 'kite', on: null }] });
      assert.equal(await docs.restore(doc.id, 1, owner.id, 1), 'changed', 'only over the version the person saw');
      assert.equal(await docs.restore(doc.id, 1, owner.id, 2), 'restored');
    });
  });
});

describe('a recovery plan saved before plans carried a schema version', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  test('opens, lacking parts and all, and can be changed', async () => {
    const { browser } = await newPerson(t.app);
    const planId = await planIdOf(browser);
    await t.database.db
      .update(documents)
      .set({ content: { meanings: [], strengths: [{ id: 'a', rev: 1, text: 'Patient with people' }] } })
      .where(eq(documents.id, planId));
    const page = await browser.get(`/plans/${planId}`);
    assert.equal(page.statusCode, 200);
    assert.match(textOf(page.body), /Patient with people/);
    assert.equal((await browser.post(`/plans/${planId}/matters`, { text: 'My niece' })).statusCode, 303);
  });
});

describe("a person's documents come with their account", () => {
  test('every kind of plan exists from the start, so opening a page never writes', async () => {
    const database = await testDatabase();
    try {
      const account = await insertAccount(database.db, {
        email: 'new@example.org',
        displayName: 'New',
        passwordHash: 'x',
        now: new Date(),
      });
      const rows = await database.db.select().from(documents).where(eq(documents.ownerId, account.id));
      assert.deepEqual(rows.map((r) => r.kind).sort(), ['crisis-plan', 'recovery-plan', 'safety-plan', 'staying-well']);
      const revisions = await database.db.select().from(documentRevisions);
      assert.equal(revisions.filter((r) => rows.some((d) => d.id === r.documentId) && r.change === 'created').length, 4);
    } finally {
      await database.close();
    }
  });

  test('no page a person opens writes anything', async () => {
    const t = await testApp();
    try {
      const { browser } = await newPerson(t.app);
      const count = async () => [
        (await t.database.db.select().from(documents)).length,
        (await t.database.db.select().from(documentRevisions)).length,
      ];
      const before = await count();
      for (const url of ['/', '/my-plan', '/my-staying-well-plan', '/my-crisis-plan', '/my-safety-plan', '/my-crisis-plan/offline']) {
        const res = await browser.get(url);
        assert.ok(res.statusCode < 400, url);
        if (res.headers.location) assert.equal((await browser.get(res.headers.location)).statusCode, 200, res.headers.location);
      }
      assert.deepEqual(await count(), before);
    } finally {
      await t.close();
    }
  });
});
