import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { accounts, auditEvents, suggestions } from '../../db/schema.ts';
import { hostileForm } from '../../test/hostile.ts';
import { Browser, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { SHARE_PARTS } from './parts.ts';

describe('features/circle/suggestions.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  interface Someone {
    browser: Browser;
    email: string;
    id: string;
  }

  async function someone(name: string): Promise<Someone> {
    const made = await newPerson(t.app, name);
    const [row] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, made.email));
    return { browser: made.browser, email: made.email, id: row?.id ?? '' };
  }

  /** `owner` brings `member` into their circle, sharing each part at the level given (others not). */
  async function circle(owner: Someone, member: Someone, levels: Record<string, string>) {
    await owner.browser.post('/circle/invite', { email: member.email });
    const mail = (await t.outbox.read()).filter((m) => m.to === member.email && m.template === 'circle-invitation').at(-1);
    const link = new URL(mail?.personalisation.link ?? 'http://x/').pathname;
    assert.equal((await member.browser.post(`${link}/accept`)).statusCode, 303);
    const form = Object.fromEntries(SHARE_PARTS.map((p) => [p, levels[p] ?? 'none']));
    assert.equal((await owner.browser.post(`/circle/members/${member.id}`, { ...form, day: '', month: '', year: '' })).statusCode, 303);
  }

  async function withGoal(owner: Someone, title: string): Promise<{ planUrl: string; goalId: string }> {
    const planUrl = (await owner.browser.get('/my-plan')).headers.location ?? '';
    const res = await owner.browser.post(`${planUrl}/goals`, { title, chime: 'hope', status: 'working' });
    const goalId = (res.headers.location ?? '').split('?')[0]?.split('/').at(-1) ?? '';
    return { planUrl, goalId };
  }

  const idsOn = (html: string) => [...html.matchAll(/href="\/suggestions\/([0-9a-f-]{36})"/g)].map((m) => m[1] ?? '');

  describe('suggestions, not edits', () => {
    test('a carer suggests a goal, a step and a comment; the person accepts one changed, another as it is, and declines the third with their view', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      const { planUrl, goalId } = await withGoal(owner, 'Sleep better');
      await circle(owner, carer, { 'recovery-plan.goals': 'suggest', 'crisis-plan': 'suggest' });
      const suggest = `/people/${owner.id}/suggest`;
      const form = await carer.browser.get(suggest);
      assert.equal(form.statusCode, 200);
      assert.match(form.body, /Sleep better/);
      const bodies: Record<string, string>[] = [
        { kind: 'goal', text: 'Swim on Sundays' },
        { kind: 'step', goalId, text: 'No screens after ten' },
        { kind: 'comment', part: 'crisis-plan', text: 'Could Mum be a contact too?' },
      ];
      for (const body of bodies) {
        assert.equal((await carer.browser.post(suggest, body)).statusCode, 303);
        t.clock.advance(60_000);
      }

      assert.match(textOf((await owner.browser.get('/')).body), /3 suggestions are waiting/);
      assert.match(textOf((await carer.browser.get('/people')).body), /3 of your suggestions are waiting for them/);
      const list = await owner.browser.get('/suggestions');
      assert.match(textOf(list.body), /Dan suggests a new goal Swim on Sundays/);
      const [comment, step, goal] = idsOn(list.body);
      assert.ok(comment && step && goal);

      assert.equal((await owner.browser.post(`/suggestions/${goal}/accept`, { text: 'Swim on Saturdays' })).statusCode, 303);
      assert.equal((await owner.browser.post(`/suggestions/${goal}/accept`, { text: 'Again' })).statusCode, 404, 'once');
      assert.equal((await owner.browser.post(`/suggestions/${step}/accept`, { text: '' })).statusCode, 303);
      assert.equal(
        (await owner.browser.post(`/suggestions/${comment}/decline`, { reply: 'Mum is not someone I call in a crisis.' })).statusCode,
        303,
      );

      const plan = textOf((await owner.browser.get(planUrl)).body);
      assert.match(plan, /Swim on Saturdays/);
      assert.doesNotMatch(plan, /Swim on Sundays/);
      assert.match(textOf((await owner.browser.get(`${planUrl}/goals/${goalId}`)).body), /No screens after ten/);
      const history = textOf((await owner.browser.get(`${planUrl}/history`)).body);
      assert.match(history, /Swim on Saturdays.{0,10}\(suggested by Dan\)/);
      assert.match(history, /No screens after ten.{0,10}\(suggested by Dan\)/);
      // Others the goals are shared with read the same history without being told who else is in the circle.
      const friend = await someone('Bea');
      await circle(owner, friend, { 'recovery-plan.goals': 'see' });
      const theirHistory = textOf((await friend.browser.get(`${planUrl}/history`)).body);
      assert.match(theirHistory, /Swim on Saturdays/);
      assert.doesNotMatch(theirHistory, /suggested by|Dan/);

      const mine = textOf((await owner.browser.get('/suggestions')).body);
      assert.match(mine, /Nothing is waiting for you/);
      assert.match(
        mine,
        /Where we see things differently .*Dan suggested: Could Mum be a contact too\? How you see it: Mum is not someone I call in a crisis\./,
      );
      const theirs = textOf((await carer.browser.get(`/people/${owner.id}`)).body);
      assert.match(theirs, /Alex accepted it/);
      assert.match(theirs, /How Alex sees it: Mum is not someone I call in a crisis\./);
      assert.match(textOf((await owner.browser.get('/circle/seen')).body), /Dan suggested a change to your recovery plan/);
      assert.doesNotMatch(textOf((await owner.browser.get('/')).body), /waiting for you to accept/);
    });

    test('new words for a goal or a step are suggested, shown beside the words they replace, and used only when the person accepts', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      const { planUrl, goalId } = await withGoal(owner, 'Sleep better');
      await owner.browser.post(`${planUrl}/goals/${goalId}/steps`, { text: 'Bed by eleven', whoHelps: '', day: '', month: '', year: '' });
      const stepId = /id="step-([0-9a-f-]{36})"/.exec((await owner.browser.get(`${planUrl}/goals/${goalId}`)).body)?.[1] ?? '';
      await circle(owner, carer, { 'recovery-plan.goals': 'suggest' });
      const suggest = `/people/${owner.id}/suggest`;
      assert.match((await carer.browser.get(suggest)).body, /Step: Bed by eleven/);
      assert.equal((await carer.browser.post(suggest, { kind: 'change', item: goalId, text: 'Sleep well most nights' })).statusCode, 303);
      t.clock.advance(60_000);
      assert.equal(
        (await carer.browser.post(suggest, { kind: 'change', item: `${goalId}:${stepId}`, text: 'Bed by half past ten' })).statusCode,
        303,
      );
      const list = await owner.browser.get('/suggestions');
      assert.match(textOf(list.body), /Dan suggests new words for “Sleep better” Sleep well most nights/);
      assert.match(textOf(list.body), /Dan suggests new words for “Bed by eleven” Bed by half past ten/);
      assert.equal(
        textOf((await owner.browser.get(planUrl)).body).includes('Sleep well most nights'),
        false,
        'nothing changes until accepted',
      );
      const [step, goal] = idsOn(list.body);
      assert.equal((await owner.browser.post(`/suggestions/${goal ?? ''}/accept`, { text: 'Sleep well most nights' })).statusCode, 303);
      assert.equal((await owner.browser.post(`/suggestions/${step ?? ''}/accept`, { text: '' })).statusCode, 303);
      const page = textOf((await owner.browser.get(`${planUrl}/goals/${goalId}`)).body);
      assert.match(page, /Sleep well most nights/);
      assert.match(page, /Bed by half past ten/);
      assert.match(textOf((await owner.browser.get(`${planUrl}/history`)).body), /\(suggested by Dan\)/);
      for (const [body, error] of [
        [{ kind: 'change', text: 'x' }, /Select the goal or step you suggest new words for/],
        [{ kind: 'change', item: `${goalId}:nope`, text: 'x' }, /no longer shared with you/],
        [{ kind: 'change', item: goalId, text: 'g'.repeat(201) }, /A goal must be 200 characters or fewer/],
      ] as const) {
        const res = await carer.browser.post(suggest, body);
        assert.equal(res.statusCode, 400);
        assert.match(textOf(res.body), error);
      }
    });

    test('only someone the person lets suggest can: see-only, revoked, another person and signed out get not found, and a refusal is audited', async () => {
      const owner = await someone('Alex');
      const seer = await someone('Kit');
      const suggester = await someone('Priya');
      const stranger = await someone('Sam');
      await circle(owner, seer, { 'crisis-plan': 'see' });
      await circle(owner, suggester, { 'crisis-plan': 'suggest' });
      const suggest = `/people/${owner.id}/suggest`;
      const body = { kind: 'comment', part: 'crisis-plan', text: 'Planted' };
      for (const who of [seer, stranger]) {
        assert.equal((await who.browser.get(suggest)).statusCode, 404);
        assert.equal((await who.browser.post(suggest, body)).statusCode, 404);
      }
      assert.equal((await new Browser(t.app).post(suggest, body)).statusCode, 401);
      // A part shared to suggest on, but not this one: refused, changing nothing.
      const other = await suggester.browser.post(suggest, { kind: 'goal', text: 'A goal' });
      assert.equal(other.statusCode, 400);
      assert.match(textOf(other.body), /Select what you would like to suggest|no longer shared/);
      assert.equal((await suggester.browser.post(suggest, body)).statusCode, 303);
      const id = idsOn((await owner.browser.get('/suggestions')).body)[0] ?? '';
      for (const who of [seer, suggester, stranger]) {
        assert.equal((await who.browser.get(`/suggestions/${id}`)).statusCode, 404);
        assert.equal((await who.browser.post(`/suggestions/${id}/accept`)).statusCode, 404);
        assert.equal((await who.browser.post(`/suggestions/${id}/decline`)).statusCode, 404);
      }
      assert.equal((await owner.browser.post(`/circle/members/${suggester.id}/remove`)).statusCode, 303);
      assert.equal((await suggester.browser.get(suggest)).statusCode, 404);
      assert.equal((await suggester.browser.post(suggest, body)).statusCode, 404);
      const saved = await t.database.db.select().from(suggestions).where(eq(suggestions.ownerId, owner.id));
      assert.equal(saved.length, 1);
      const refused = await t.database.db.select().from(auditEvents).where(eq(auditEvents.actorId, seer.id));
      assert.ok(refused.some((r) => r.action.endsWith('.refused')));
    });

    test('bad input is answered with a clear error and what was typed, never a 500', async () => {
      const owner = await someone('Alex');
      const carer = await someone('Dan');
      const { goalId } = await withGoal(owner, 'Sleep better');
      await circle(owner, carer, { 'recovery-plan.goals': 'suggest' });
      const suggest = `/people/${owner.id}/suggest`;
      const cases: [Record<string, string | string[]>, RegExp][] = [
        [{ text: 'Something' }, /Select what you would like to suggest/],
        [{ kind: 'goal', text: '  ' }, /Enter your suggestion/],
        [{ kind: 'goal', text: 'g'.repeat(201) }, /A goal must be 200 characters or fewer/],
        [{ kind: 'step', text: 'A step' }, /Select the goal the step is for/],
        [{ kind: 'step', goalId: '00000000-0000-0000-0000-000000000000', text: 'A step' }, /no longer shared with you/],
        [{ kind: 'comment', text: 'A comment' }, /Select the part your comment is about/],
        [{ kind: ['goal', 'step'], goalId, text: 'Two kinds' }, /Select what you would like to suggest/],
      ];
      for (const [body, error] of cases) {
        const res = await carer.browser.post(suggest, body);
        assert.equal(res.statusCode, 400, JSON.stringify(body).slice(0, 60));
        assert.match(textOf(res.body), error);
        if (typeof body.text === 'string' && body.text.trim()) assert.ok(res.body.includes(body.text), 'what was typed is kept');
      }
      assert.equal((await carer.browser.post(suggest, { kind: 'goal', text: '<script>alert(1)</script>' })).statusCode, 303);
      const list = await owner.browser.get('/suggestions');
      assert.doesNotMatch(list.body, /<script>alert/);
      const id = idsOn(list.body)[0] ?? '';
      const tooLong = await owner.browser.post(`/suggestions/${id}/decline`, { reply: 'r'.repeat(1001) });
      assert.equal(tooLong.statusCode, 400);
      assert.ok(tooLong.body.includes('r'.repeat(1001)));
      await fc.assert(
        fc.asyncProperty(hostileForm(['kind', 'part', 'goalId', 'text']), async (form) => {
          const res = await carer.browser.post(suggest, form);
          assert.ok(res.statusCode < 500, String(res.statusCode));
          assert.doesNotMatch(res.body, /<script>alert/);
        }),
        { numRuns: 20 },
      );
      await fc.assert(
        fc.asyncProperty(hostileForm(['text', 'reply']), async (form) => {
          assert.ok((await owner.browser.post(`/suggestions/${id}/decline`, form)).statusCode < 500);
        }),
        { numRuns: 10 },
      );
    });

    test('the ZIP of my data holds my check-ins, reminders, circle and what each sees, and the suggestions made to me and by me', async () => {
      const owner = await someone('Noor');
      const carer = await someone('Ifan');
      await circle(owner, carer, { 'crisis-plan': 'suggest' });
      await carer.browser.post(`/people/${owner.id}/suggest`, { kind: 'comment', part: 'crisis-plan', text: 'Add the walk by the river?' });
      await owner.browser.post('/check-in', { connection: '3', hope: '2', identity: '4', meaning: '1', control: '0', note: 'A good week' });
      await owner.browser.post('/check-in-reminders', { frequency: 'weekly', time: '19:00' });
      const dir = mkdtempSync(join(tmpdir(), 'my-data-'));
      const dataOf = async (who: Someone) => {
        writeFileSync(join(dir, 'd.zip'), (await who.browser.get('/downloads/my-data.zip')).rawPayload);
        return JSON.parse(execFileSync('unzip', ['-p', join(dir, 'd.zip'), 'my-data.json'], { encoding: 'utf8' })) as Record<
          string,
          unknown
        >;
      };
      try {
        const mine = await dataOf(owner);
        assert.deepEqual(
          (mine.checkIns as { note: string; answers: unknown }[]).map((c) => [c.note, c.answers]),
          [['A good week', { connection: 3, hope: 2, identity: 4, meaning: 1, control: 0 }]],
        );
        assert.equal((mine.reminders as { frequency: string }).frequency, 'weekly');
        assert.deepEqual(mine.circle, [
          {
            name: 'Ifan',
            addedAt: (mine.circle as { addedAt: string }[])[0]?.addedAt,
            sees: [{ part: 'crisis-plan', level: 'suggest', until: null }],
          },
        ]);
        const made = mine.suggestions as { toMe: { text: string; from: string }[]; byMe: unknown[] };
        assert.deepEqual(
          made.toMe.map((m) => [m.text, m.from]),
          [['Add the walk by the river?', 'Ifan']],
        );
        assert.deepEqual(made.byMe, []);
        const theirs = await dataOf(carer);
        assert.deepEqual(
          (theirs.suggestions as { byMe: { text: string; to: string }[] }).byMe.map((m) => [m.text, m.to]),
          [['Add the walk by the river?', 'Noor']],
        );
        assert.deepEqual(theirs.checkIns, []);
        assert.ok(!JSON.stringify(theirs).includes('A good week'), 'someone in my circle never gets my check-ins in their download');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});
