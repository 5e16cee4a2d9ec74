import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { auditEvents } from '../../db/schema.ts';
import { assertSignInNeeded, Browser, newMember, newPerson, planIdOf, testApp, type TestApp } from '../../test/harness.ts';
import { PLAN_PATHS } from './paths.ts';
import { pathTo } from '../../platform/paths.ts';

let t: TestApp;
let owner: Browser;
let ids: Record<string, string>;
const viewers: Record<string, Browser> = {};

/** Every plan URL, with the owner's real ids filled in. */
function everyPlanUrl(): { method: 'GET' | 'POST'; url: string }[] {
  const urls: { method: 'GET' | 'POST'; url: string }[] = [];
  const posts = new Set<string>([
    PLAN_PATHS.listItemRemove, PLAN_PATHS.listItemMove, PLAN_PATHS.goals, PLAN_PATHS.goalRemove, PLAN_PATHS.steps,
    PLAN_PATHS.stepToggle, PLAN_PATHS.stepRemove, PLAN_PATHS.notes, PLAN_PATHS.restore,
  ]);
  const getsAndPosts = new Set<string>([PLAN_PATHS.meaning, PLAN_PATHS.list, PLAN_PATHS.listItem, PLAN_PATHS.goalEdit, PLAN_PATHS.step, PLAN_PATHS.review]);
  for (const path of Object.values(PLAN_PATHS)) {
    if (path === PLAN_PATHS.mine) continue;
    for (const section of path.includes(':section') ? ['strengths', 'matters'] : ['']) {
      const url = pathTo(path, { ...ids, section, version: 1, itemId: section === 'matters' ? ids.matterId ?? '' : ids.itemId ?? '' });
      if (!posts.has(path)) urls.push({ method: 'GET', url });
      if (posts.has(path) || getsAndPosts.has(path)) urls.push({ method: 'POST', url });
    }
  }
  return urls;
}

before(async () => {
  t = await testApp();
  const made = await newPerson(t.app, 'Owner');
  owner = made.browser;
  const planId = await planIdOf(owner);
  const base = `/plans/${planId}`;
  await owner.post(`${base}/strengths`, { text: 'Private strength' });
  await owner.post(`${base}/matters`, { text: 'Private matter' });
  const goal = (await owner.post(`${base}/goals`, { title: 'Private goal', chime: 'hope', status: 'working' })).headers.location ?? '';
  await owner.post(`${goal}/steps`, { text: 'Private step', whoHelps: '', day: '', month: '', year: '' });
  const goalPage = (await owner.get(goal)).body;
  ids = {
    planId,
    goalId: goal.split('/').at(-1) ?? '',
    stepId: /id="step-([0-9a-f-]{36})"/.exec(goalPage)?.[1] ?? '',
    itemId: /id="item-([0-9a-f-]{36})"/.exec((await owner.get(`${base}/strengths`)).body)?.[1] ?? '',
    matterId: /id="item-([0-9a-f-]{36})"/.exec((await owner.get(`${base}/matters`)).body)?.[1] ?? '',
  };
  viewers.otherPerson = (await newPerson(t.app, 'Other')).browser;
  for (const role of ['supporter', 'admin'] as const) viewers[role] = (await newMember(t, role)).browser;
});
after(async () => t.close());

describe('a plan is visible only to its owner', () => {
  test('the owner can open every plan page', async () => {
    for (const { method, url } of everyPlanUrl().filter((u) => u.method === 'GET')) {
      assert.equal((await owner.get(url)).statusCode, 200, `${method} ${url}`);
    }
  });

  for (const who of ['otherPerson', 'supporter', 'admin']) {
    test(`${who === 'otherPerson' ? 'another person' : `a ${who}`} gets 404 for every plan URL, GET and POST`, async () => {
      const browser = viewers[who];
      assert.ok(browser);
      for (const { method, url } of everyPlanUrl()) {
        const res: LightMyRequestResponse = method === 'GET' ? await browser.get(url) : await browser.post(url, { text: 'intrusion', title: 'x', chime: 'hope', status: 'working', rev: '1' });
        assert.equal(res.statusCode, 404, `${who} ${method} ${url}`);
        assert.doesNotMatch(res.body, /Private/);
      }
    });
  }

  test('signed out, every plan URL leads to the sign-in page, and nothing is saved', async () => {
    await assertSignInNeeded(t.app, everyPlanUrl());
  });

  test('nothing anyone else sent changed the plan', async () => {
    const overview = (await owner.get(`/plans/${ids.planId ?? ''}/history`)).body;
    assert.doesNotMatch(overview, /intrusion/);
    const versions = [...overview.matchAll(/\/history\/(\d+)"/g)].length;
    assert.equal(versions, 5);
  });

  test('refused attempts by others are in the audit log, never shown as reads', async () => {
    const rows = await t.database.db.select().from(auditEvents).where(eq(auditEvents.subjectId, ids.planId ?? ''));
    assert.ok(rows.length > 0);
    assert.ok(rows.every((r) => r.action === 'plan.refused' && !r.ownerVisible));
  });

  test('/my-plan always opens the signed-in person\'s own plan', async () => {
    const other = viewers.otherPerson;
    assert.ok(other);
    assert.notEqual(await planIdOf(other), ids.planId);
    assert.equal(await planIdOf(owner), ids.planId);
  });
});
