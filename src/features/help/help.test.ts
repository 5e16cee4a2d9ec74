import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq } from 'drizzle-orm';
import fc from 'fast-check';
import { organisations } from '../../db/schema.ts';
import { hostileValue } from '../../test/hostile.ts';
import { Browser, newMember, newPerson, planIdOf, testApp, textOf, type TestApp } from '../../test/harness.ts';

describe('features/help/help.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const COOKIE = '__Host-waymark-nation';
  const INTRO = 'You do not have to wait until things feel unbearable';

  /** What the page says, as read aloud: no space before a comma left by a closing tag. */
  const say = (html: string) => textOf(html).replace(/ ([,.:])/g, '$1');

  /** The page's main content, without the header (which names a signed-in person). */
  const mainOf = (html: string) => html.slice(html.indexOf('<main'), html.indexOf('</main>'));

  /** A form sent with no CSRF token, as from another site. */
  const postWithoutToken = (url: string, payload: string) =>
    t.app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/x-www-form-urlencoded' } });

  async function chooseNation(browser: Browser, nation: string) {
    await browser.get('/help');
    return browser.post('/help/nation', { nation });
  }

  describe('Get help now, signed out', () => {
    test('opens with no sign-in: 999, Samaritans and Shout come first, as whole-name buttons before any introduction', async () => {
      const res = await new Browser(t.app).get('/help');
      assert.equal(res.statusCode, 200);
      const main = mainOf(res.body);
      const links = [...main.matchAll(/<a class="nhsuk-button[^"]*" href="([^"]+)"[^>]*>(.*?)<\/a>/g)].map((m) => [
        m[1],
        say(m[2] ?? '').trim(),
      ]);
      assert.deepEqual(links.slice(0, 3), [
        ['tel:999', 'Call 999 in an emergency'],
        ['tel:116123', 'Call Samaritans free on 116 123'],
        ['sms:85258?&amp;body=SHOUT', 'Text SHOUT to 85258'],
      ]);
      assert.ok(main.indexOf('sms:85258') < main.indexOf(INTRO), 'the buttons come before the introduction');
      assert.match(main, /Call Samaritans free on <bdi dir="ltr">116 123<\/bdi><\/a>/);
    });

    test('asks where the person lives, and shows no nation’s numbers until they say', async () => {
      const text = say((await new Browser(t.app).get('/help')).body);
      assert.match(text, /Where do you live\?/);
      for (const nation of ['England', 'Wales', 'Scotland', 'Northern Ireland']) assert.match(text, new RegExp(`\\b${nation}\\b`));
      assert.match(text, /There is no NHS 111 in Northern Ireland/);
      assert.doesNotMatch(text, /Call NHS|Call Lifeline|Call Breathing Space/);
    });

    test('has numbers for young people', async () => {
      const text = say((await new Browser(t.app).get('/help')).body);
      assert.match(text, /Call Papyrus HOPELINE247 free on 0800 068 4141/);
      assert.match(text, /Text Papyrus HOPELINE247 on 88247/);
      assert.match(text, /Call Childline free on 0800 1111/);
    });

    test('holds nothing personal and starts no session', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/help?nation=wales' });
      assert.equal(res.headers['x-waymark-account'], undefined);
      assert.ok(!(res.cookies as { name: string }[]).some((c) => c.name.includes('session')));
      assert.doesNotMatch(res.body, /action="\/sign-out"/);
      assert.equal(res.headers['cache-control'], 'no-store');
    });
  });

  describe('choosing a nation', () => {
    test('is remembered on the browser for about a year, with no account', async () => {
      const browser = new Browser(t.app);
      const res = await chooseNation(browser, 'wales');
      assert.equal(res.statusCode, 303);
      assert.equal(res.headers.location, '/help');
      const cookie = (
        res.cookies as {
          name: string;
          value: string;
          maxAge?: number;
          httpOnly?: boolean;
          secure?: boolean;
          sameSite?: string;
          path?: string;
        }[]
      ).find((c) => c.name === COOKIE);
      assert.ok(cookie, 'a __Host- cookie when cookies are secure');
      assert.equal(cookie.value, 'wales');
      assert.equal(cookie.path, '/');
      assert.equal(cookie.httpOnly, true);
      assert.equal(cookie.secure, true);
      assert.equal(cookie.sameSite, 'Lax');
      assert.ok((cookie.maxAge ?? 0) >= 364 * 24 * 60 * 60);

      const text = say((await browser.get('/help')).body);
      assert.match(text, /More help in Wales/);
      assert.match(text, /Call NHS 111 Wales free on 111, then choose option 2/);
      assert.match(text, /Call C\.A\.L\.L\. Mental Health Listening Line free on 0800 132 737/);
      assert.match(text, /Change where you live/);
      assert.doesNotMatch(text, /Where do you live\?/);
    });

    test('shows each nation its own numbers, with no NHS 111 in Northern Ireland', async () => {
      const expected: Record<string, RegExp[]> = {
        england: [/Call NHS 111 free on 111, then choose option 2/],
        scotland: [/Call NHS 24 free on 111/, /Call Breathing Space free on 0800 83 85 87/],
        'northern-ireland': [/Call Lifeline free on 0808 808 8000/],
      };
      for (const [nation, patterns] of Object.entries(expected)) {
        const browser = new Browser(t.app);
        assert.equal((await chooseNation(browser, nation)).statusCode, 303);
        const html = (await browser.get('/help')).body;
        for (const p of patterns) assert.match(say(html), p, nation);
        if (nation === 'northern-ireland') assert.doesNotMatch(html, /href="tel:111"/);
        // The first three stay first.
        assert.ok(html.indexOf('tel:999') < html.indexOf('More help in'));
      }
    });

    test('can be changed, with the current one ticked', async () => {
      const browser = new Browser(t.app);
      await chooseNation(browser, 'scotland');
      const html = (await browser.get('/help')).body;
      assert.match(html, /value="scotland" checked/);
      await browser.post('/help/nation', { nation: 'england' });
      assert.match(say((await browser.get('/help')).body), /More help in England/);
    });

    test('no choice, an unknown value or a repeated field is refused with the error summary, and nothing is remembered', async () => {
      const forms: Record<string, string | string[]>[] = [
        {},
        { nation: 'atlantis' },
        { nation: ['wales', 'scotland'] },
        { nation: 'Wales' },
        { nation: '<script>x</script>' },
      ];
      for (const form of forms) {
        const browser = new Browser(t.app);
        await browser.get('/help');
        const res = await browser.post('/help/nation', form);
        assert.equal(res.statusCode, 400, JSON.stringify(form));
        assert.match(res.body, /There is a problem/);
        assert.match(res.body, /<a href="#nation">\s*Select England, Wales, Scotland or Northern Ireland\s*<\/a>/);
        assert.doesNotMatch(res.body, /<script>x/);
        // Even refused, the page still leads with the numbers.
        assert.match(res.body, /href="tel:116123"/);
        assert.equal(browser.cookie(COOKIE), undefined);
      }
    });

    test('a form without its CSRF token changes nothing', async () => {
      const res = await postWithoutToken('/help/nation', 'nation=wales');
      assert.equal(res.statusCode, 403);
      assert.ok(!(res.cookies as { name: string }[]).some((c) => c.name === COOKIE));
    });

    test('hostile input never causes a 500, and only a real nation is remembered', async () => {
      const browser = new Browser(t.app);
      await browser.get('/help');
      await fc.assert(
        fc.asyncProperty(hostileValue, async (nation) => {
          const res = await browser.post('/help/nation', nation === undefined ? {} : { nation });
          assert.ok([303, 400].includes(res.statusCode), String(res.statusCode));
          assert.equal(browser.cookie(COOKIE), undefined);
        }),
        { numRuns: 40 },
      );
    });

    test('an unknown nation in the address is ignored', async () => {
      const res = await new Browser(t.app).get('/help?nation=%3Cscript%3E&nation=wales');
      assert.equal(res.statusCode, 200);
      assert.match(say(res.body), /Where do you live\?/);
    });
  });

  describe('Get help now, signed in', () => {
    test("shows the organisation's nation when the person has not chosen one", async () => {
      const member = await newMember(t, 'person', 'Valleys Wellbeing');
      await t.database.db.update(organisations).set({ nation: 'wales' }).where(eq(organisations.id, member.organisationId));
      const text = say((await member.browser.get('/help')).body);
      assert.match(text, /More help in Wales/);
      assert.match(text, /Call NHS 111 Wales free/);
    });

    test("a nation chosen on this browser comes before the organisation's", async () => {
      const member = await newMember(t, 'person', 'Glen Recovery');
      await t.database.db.update(organisations).set({ nation: 'scotland' }).where(eq(organisations.id, member.organisationId));
      await chooseNation(member.browser, 'northern-ireland');
      assert.match(say((await member.browser.get('/help')).body), /More help in Northern Ireland/);
    });

    test('asks where the person lives when their organisation has no nation, or they have no organisation', async () => {
      const member = await newMember(t, 'supporter', 'Unplaced Service');
      assert.match(say((await member.browser.get('/help')).body), /Where do you live\?/);
      const person = await newPerson(t.app, 'Kit');
      assert.match(say((await person.browser.get('/help')).body), /Where do you live\?/);
    });

    test("the page's content names nobody", async () => {
      const person = await newPerson(t.app, 'Ariadne');
      const html = (await person.browser.get('/help')).body;
      assert.doesNotMatch(mainOf(html), /Ariadne|@example\.org/);
    });
  });

  describe('the way to help from every page', () => {
    const helpLink = /<a\s+class="nhsuk-header__navigation-link" href="\/help"[^>]*>(?:<strong[^>]*>)?Get help now/;

    test('is in the header signed out: welcome, sign-in, not found, an expired form', async () => {
      const browser = new Browser(t.app);
      for (const url of ['/', '/sign-in', '/create-account', '/no-such-page']) assert.match((await browser.get(url)).body, helpLink, url);
      const expired = await postWithoutToken('/sign-in', 'email=a');
      assert.equal(expired.statusCode, 403);
      assert.match(expired.body, helpLink);
    });

    test('is in the header signed in', async () => {
      const person = await newPerson(t.app);
      for (const url of ['/', '/account', '/no-such-page']) assert.match((await person.browser.get(url)).body, helpLink, url);
    });

    test('is on the page shown after too many tries at signing in', async () => {
      const limited = await testApp({ signInLimit: { max: 1, timeWindow: '15 minutes' } });
      try {
        const browser = new Browser(limited.app);
        let res = await browser.post('/sign-in', { email: 'someone@example.org', password: 'wrong' });
        for (let i = 0; i < 3 && res.statusCode !== 429; i++)
          res = await browser.post('/sign-in', { email: 'someone@example.org', password: 'wrong' });
        assert.equal(res.statusCode, 429);
        assert.match(res.body, helpLink);
      } finally {
        await limited.close();
      }
    });

    test('every page of the recovery plan where a person writes says nobody watches it, and links to help', async () => {
      const person = await newPerson(t.app);
      const planId = await planIdOf(person.browser);
      const base = `/plans/${planId}`;
      await person.browser.post(`${base}/strengths`, { text: 'Patient' });
      const goal =
        (await person.browser.post(`${base}/goals`, { title: 'Walk', chime: 'hope', status: 'working' })).headers.location?.split('?')[0] ??
        '';
      await person.browser.post(`${goal}/steps`, { text: 'Shoes', whoHelps: '', day: '', month: '', year: '' });
      const stepId = /id="step-([0-9a-f-]{36})"/.exec((await person.browser.get(goal)).body)?.[1] ?? '';
      const itemId = /id="item-([0-9a-f-]{36})"/.exec((await person.browser.get(`${base}/strengths`)).body)?.[1] ?? '';
      for (const url of [
        `${base}/meaning`,
        `${base}/strengths`,
        `${base}/matters`,
        `${base}/strengths/${itemId}`,
        `${base}/goals/new`,
        goal,
        `${goal}/edit`,
        `${goal}/steps/${stepId}`,
      ]) {
        const res = await person.browser.get(url);
        assert.equal(res.statusCode, 200, url);
        assert.match(
          res.body,
          /Nobody watches what you write here in real time\. If you need to talk to someone now, <a href="\/help">get help now<\/a>\./,
          url,
        );
      }
    });
  });
});
