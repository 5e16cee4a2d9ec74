import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { accounts, checkIns } from '../db/schema.ts';
import { Browser, testApp, textOf, type TestApp } from '../test/harness.ts';
import { CHIME } from '../features/plan/model.ts';
import { demoListings } from './directory.ts';
import { DEMO_ACCOUNTS, DEMO_AUTHENTICATOR_SECRET, hasDemoAccounts, seedDemoData } from './seed.ts';
import { codeFor } from '../features/accounts/authenticator.ts';

describe('demo/seed.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
    assert.equal(await seedDemoData(t.database.db, t.clock.now(), t.services.secrets), true);
  });
  after(async () => t.close());

  async function signIn(email: string, password: string): Promise<Browser> {
    const browser = new Browser(t.app);
    const res = await browser.post('/sign-in', { email, password });
    assert.equal(res.statusCode, 303, `${email} can sign in`);
    if (res.headers.location?.startsWith('/sign-in/code')) {
      // Priya's authenticator app: each sign-in takes the code of a later time step.
      t.clock.advance(30_000);
      const done = await browser.post('/sign-in/code', { code: codeFor(DEMO_AUTHENTICATOR_SECRET, t.clock.now()) });
      assert.equal(done.statusCode, 303, `${email} gives the code`);
    }
    return browser;
  }

  describe('demo data', () => {
    test('is made once: a second run on the same database does nothing', async () => {
      assert.equal(await seedDemoData(t.database.db), false);
    });

    test('its accounts can be found, so a service reachable beyond this machine can warn about them', async () => {
      assert.equal(await hasDemoAccounts(t.database.db), true);
      const empty = await testApp();
      try {
        assert.equal(await hasDemoAccounts(empty.database.db), false);
      } finally {
        await empty.close();
      }
    });

    test('every demo account in the README can sign in with the password listed there', async () => {
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      for (const a of DEMO_ACCOUNTS) {
        assert.ok(readme.includes(a.email) && readme.includes(a.password), `${a.email} is in the README`);
        await signIn(a.email, a.password);
      }
    });

    test("Priya's authenticator key is in the README, and her password alone does not sign her in", async () => {
      const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
      assert.ok(readme.includes(DEMO_AUTHENTICATOR_SECRET));
      const res = await new Browser(t.app).post('/sign-in', { email: 'priya@example.org', password: 'compass-bramble-song' });
      assert.match(res.headers.location ?? '', /^\/sign-in\/code/);
    });

    test('each demo person has a hopeful plan with goals touching every part of recovery, steps, and more than one statement of what recovery means', async () => {
      for (const a of DEMO_ACCOUNTS.filter((d) => d.role === 'person')) {
        const browser = await signIn(a.email, a.password);
        const plan = (await browser.get('/my-plan')).headers.location ?? '';
        const overview = (await browser.get(plan)).body;
        const tags = new Set([...overview.matchAll(/<strong class="nhsuk-tag nhsuk-tag--white">([^<]+)<\/strong>/g)].map((m) => m[1]));
        const parts = ['People and belonging', 'Hope', 'Being myself', 'Meaning and purpose', 'Choice and control'];
        assert.equal(parts.length, CHIME.length);
        for (const part of parts) assert.ok(tags.has(part), `${a.email}: ${part}`);
        assert.ok([...overview.matchAll(/\/goals\/[0-9a-f-]{36}"/g)].length >= 3, `${a.email}: several goals`);
        const meaning = textOf((await browser.get(`${plan}/meaning`)).body);
        assert.ok((meaning.match(/\d{1,2} \w+ \d{4} at/g) ?? []).length >= 2, 'two or more statements');
        const history = (await browser.get(`${plan}/history`)).body;
        assert.ok([...history.matchAll(/\/history\/\d+"/g)].length > 10, 'several revisions');
        // Real changes, named as the person made them, never a copy key.
        assert.match(textOf(history), /Added the goal ‘[^’]+’/);
        assert.match(textOf(history), /Marked the step ‘[^’]+’ as done/);
        assert.doesNotMatch(history, /history\.changes|demo/);
        assert.match(overview, /Done|steps done/);
      }
    });
  });

  describe('demo wellbeing plans', () => {
    test('each demo person has staying-well, crisis and safety plans, and their safety plan shows local helplines', async () => {
      for (const a of DEMO_ACCOUNTS.filter((d) => d.role === 'person')) {
        const browser = await signIn(a.email, a.password);
        for (const slug of ['staying-well', 'crisis', 'safety']) {
          const page = textOf((await browser.get((await browser.get(`/my-${slug}-plan`)).headers.location ?? '')).body);
          assert.ok((page.match(/Add or change/g) ?? []).length >= 5, `${a.email} ${slug}`);
          assert.ok(
            (page.match(/Nothing here yet|Not written yet|Nobody here yet/g) ?? []).length <= 4,
            `${a.email} ${slug} is mostly filled in`,
          );
        }
        const safety = textOf((await browser.get((await browser.get('/my-safety-plan')).headers.location ?? '')).body);
        assert.match(safety, /Call Riverside crisis line on 01632 960000/);
        assert.match(safety, /116 123/);
      }
    });
  });

  describe('demo organisation', () => {
    test("works in England, so its people's help page opens on England's numbers", async () => {
      const alex = DEMO_ACCOUNTS.find((a) => a.key === 'alex');
      const browser = await signIn(alex?.email ?? '', alex?.password ?? '');
      assert.match(textOf((await browser.get('/help')).body), /More help in England/);
    });
  });

  describe('demo sharing', () => {
    test("Dan, Alex's brother, sees Alex's crisis plan until a date next year, and nothing else", async () => {
      const alex = await signIn('alex@example.org', 'kite-meadow-lantern');
      const dan = await signIn('dan@example.org', 'ember-thistle-harbour');
      const crisis = (await alex.get('/my-crisis-plan')).headers.location ?? '';
      const plan = (await alex.get('/my-plan')).headers.location ?? '';
      assert.match(textOf((await dan.get(crisis)).body), /Alex’s crisis plan/);
      assert.equal((await dan.get(plan)).statusCode, 404);
      assert.match(textOf((await alex.get('/circle')).body), /Dan can see until 3 March \d{4}: My crisis plan/);
    });

    test('Alex has one suggestion from Priya waiting, and one where they see things differently', async () => {
      const alex = await signIn('alex@example.org', 'kite-meadow-lantern');
      assert.match(textOf((await alex.get('/')).body), /1 suggestion is waiting/);
      const page = textOf((await alex.get('/suggestions')).body);
      assert.match(page, /Priya suggests a new goal Try the Tuesday peer support group/);
      assert.match(page, /Where we see things differently .*I would rather call Dan first/);
    });

    test('Ceri keeps Riverside Peer Support listings', async () => {
      const ceri = await signIn('ceri@example.org', 'lantern-bracken-quay');
      assert.match(textOf((await ceri.get('/')).body), /You keep Riverside Recovery Service's directory listings/);
    });

    test("Priya sees what Alex shares with her (the recovery and crisis plans, and the journey), read-only, and nothing of Sam's", async () => {
      const alex = await signIn('alex@example.org', 'kite-meadow-lantern');
      const sam = await signIn('sam@example.org', 'harbour-willow-tune');
      const priya = await signIn('priya@example.org', 'compass-bramble-song');
      const people = textOf((await priya.get('/people')).body);
      assert.match(people, /Alex/);
      assert.doesNotMatch(people, /Sam/);
      const plan = (await alex.get('/my-plan')).headers.location ?? '';
      const crisis = (await alex.get('/my-crisis-plan')).headers.location ?? '';
      const safety = (await alex.get('/my-safety-plan')).headers.location ?? '';
      assert.match(textOf((await priya.get(plan)).body), /Alex’s recovery plan.*Get back to swimming/);
      assert.equal((await priya.get(crisis)).statusCode, 200);
      assert.equal((await priya.get(safety)).statusCode, 404);
      assert.equal((await priya.get((await sam.get('/my-plan')).headers.location ?? '')).statusCode, 404);
      assert.match(textOf((await alex.get('/circle')).body), /Priya can see and suggest changes: My crisis plan/);
      const [alexRow] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, 'alex@example.org'));
      const journey = await priya.get(`/people/${alexRow?.id ?? ''}/journey?period=all`);
      assert.match(textOf(journey.body), /Alex’s journey.*Looked back at my journey today/);
      assert.match(textOf((await alex.get('/circle')).body), /Priya can see: My check-ins and journey/);
    });
  });

  describe('demo check-ins', () => {
    test('Alex has eight months of check-ins, not every day, some with notes, with hope and meaning rising, and a weekly reminder', async () => {
      const alex = DEMO_ACCOUNTS.find((a) => a.key === 'alex');
      const browser = await signIn(alex?.email ?? '', alex?.password ?? '');
      const page = await browser.get('/my-journey?period=all');
      const text = textOf(page.body);
      const [alexRow] = await t.database.db
        .select()
        .from(accounts)
        .where(eq(accounts.email, alex?.email ?? ''));
      const [made] = await t.database.db
        .select({ n: count() })
        .from(checkIns)
        .where(eq(checkIns.ownerId, alexRow?.id ?? ''));
      assert.ok((made?.n ?? 0) > 60 && (made?.n ?? 0) < 200, `${String(made?.n)} check-ins`);
      assert.match(text, /Checked in/);
      assert.match(text, /Looked back at my journey today/);
      assert.match(text, /your hope scores have mostly gone up/);
      assert.match(text, /your meaning and purpose scores have mostly gone up/);
      assert.match(text, /each point is the average of a week/);
      assert.match(textOf((await browser.get('/check-in-reminders')).body), /Your next reminder: .* at 7pm/);
    });
  });

  describe('demo directory', () => {
    test('has about 150 listings across every part of recovery, some out of date', async () => {
      const all = await new Browser(t.app).get('/api/oruk/services?per_page=100');
      const total = all.json<{ total_items: number }>().total_items;
      assert.ok(total >= 140 && total <= 160, `${total} listings`);
      for (const part of CHIME) {
        const res = await new Browser(t.app).get(`/directory?chime=${part}`);
        assert.doesNotMatch(textOf(res.body), / 0 results/, part);
      }
      const now = new Date('2026-06-01T00:00:00Z');
      const stale = demoListings(now).filter((l) => now.getTime() - Date.parse(l.assuredDate) > 183 * 24 * 60 * 60 * 1000);
      assert.ok(stale.length >= 15, `${stale.length} out of date`);
    });

    test('a search for walking near a demo postcode, free only, finds the Riverside walking groups', async () => {
      const res = await new Browser(t.app).get('/directory?q=walking&postcode=RV1+1AA&free=yes&sort=distance');
      assert.equal(res.statusCode, 200);
      assert.match(textOf(res.body), /Walking group – Town Centre.*Riverside Peer Support/s);
    });

    test('Alex has the walking group as a step on a goal, linking to its listing', async () => {
      const alex = DEMO_ACCOUNTS.find((a) => a.key === 'alex');
      const browser = await signIn(alex?.email ?? '', alex?.password ?? '');
      const plan = (await browser.get('/my-plan')).headers.location ?? '';
      const goal = /href="([^"]+\/goals\/[0-9a-f-]{36})"[^>]*>Join the walking group/.exec((await browser.get(plan)).body)?.[1] ?? '';
      const page = await browser.get(goal);
      assert.match(page.body, /Go to the Tuesday walking group/);
      const listing = /href="(\/directory\/[0-9a-f-]{36})"/.exec(page.body)?.[1] ?? '';
      assert.match(textOf((await browser.get(listing)).body), /Walking group – Town Centre/);
    });
  });
});
