import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { eq, sql } from 'drizzle-orm';
import { accounts, emailLinks } from '../../db/schema.ts';
import { hostileForm } from '../../test/hostile.ts';
import { Browser, confirmationLink, newPerson, testApp, textOf, type TestApp } from '../../test/harness.ts';
import { EMAIL_LINK_TTL_MS } from './email-links.ts';

describe('features/accounts/email-links.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  let n = 0;
  const address = (who: string) => `${who}-${(n += 1)}-${Date.now().toString(36)}@example.org`;
  const PASSWORD = 'a-long-and-unusual-passphrase';
  const mailTo = async (to: string) => (await t.outbox.read()).filter((m) => m.to === to);
  const signInStatus = async (email: string, password: string) =>
    (await new Browser(t.app).post('/sign-in', { email, password })).statusCode;

  describe('a new account exists only once its email address is confirmed', () => {
    test('the form sends a link; nothing can be signed in to until it is opened and its button pressed', async () => {
      const email = address('ffion');
      const browser = new Browser(t.app);
      const asked = await browser.post('/create-account', { displayName: 'Ffion', email, password: PASSWORD });
      assert.equal(asked.statusCode, 200);
      assert.match(textOf(asked.body), new RegExp(`Check your email We have sent an email to ${email}`));
      assert.equal(browser.cookie('__Host-waymark-session'), undefined, 'nobody is signed in yet');
      assert.equal(await signInStatus(email, PASSWORD), 400, 'no account yet');

      const link = await confirmationLink(t.app, email);
      // Opening the link (as a mail scanner would) changes nothing: still no account, link still live.
      const page = await new Browser(t.app).get(link);
      assert.equal(page.statusCode, 200);
      assert.match(textOf(page.body), /Confirm your email address/);
      assert.equal(await signInStatus(email, PASSWORD), 400);

      const done = await browser.post(link);
      assert.equal(done.statusCode, 303);
      assert.equal(done.headers.location, '/');
      assert.match(textOf((await browser.get('/')).body), /Hello, Ffion/);
      assert.equal(await signInStatus(email, PASSWORD), 303);

      const again = await new Browser(t.app).get(link);
      assert.equal(again.statusCode, 404);
      assert.match(textOf(again.body), /This link has expired or has been used/);
      assert.equal((await new Browser(t.app).post(link)).statusCode, 404);
    });

    test('the email carries the link and nothing that was typed, so a stranger cannot put words in it', async () => {
      const email = address('gwen');
      await new Browser(t.app).post('/create-account', { displayName: 'Visit evil.example now', email, password: PASSWORD });
      const mail = (await mailTo(email)).at(0);
      assert.ok(mail);
      assert.equal(mail.template, 'confirm-email');
      assert.deepEqual(Object.keys(mail.personalisation), ['link']);
      assert.match(mail.personalisation.link ?? '', /^https:\/\/waymark\.test\/confirm-email\/[A-Za-z0-9_-]{43}$/);
    });

    test('an address that has an account gets the same page, and an email saying how to sign in; its password stays', async () => {
      const existing = await newPerson(t.app, 'Huw');
      const fresh = address('huw');
      const taken = await new Browser(t.app).post('/create-account', {
        displayName: 'Mallory',
        email: existing.email,
        password: 'another-long-passphrase',
      });
      const free = await new Browser(t.app).post('/create-account', {
        displayName: 'Mallory',
        email: fresh,
        password: 'another-long-passphrase',
      });
      assert.equal(taken.statusCode, free.statusCode);
      assert.equal(textOf(taken.body).replace(existing.email, 'X'), textOf(free.body).replace(fresh, 'X'), 'the two pages say the same');

      const mail = await mailTo(existing.email);
      assert.deepEqual(
        mail.map((m) => m.template),
        ['account-exists'],
      );
      assert.equal(mail.at(0)?.personalisation.signInLink, 'https://waymark.test/sign-in');
      assert.equal(mail.at(0)?.personalisation.resetLink, 'https://waymark.test/forgotten-password');
      assert.equal(await signInStatus(existing.email, existing.password), 303);
      assert.equal(await signInStatus(existing.email, 'another-long-passphrase'), 400);
    });

    test('a link works for 24 hours, and is purged with the name and password hash it held', async () => {
      const email = address('iolo');
      await new Browser(t.app).post('/create-account', { displayName: 'Iolo', email, password: PASSWORD });
      const link = await confirmationLink(t.app, email);
      t.clock.advance(EMAIL_LINK_TTL_MS + 1000);
      assert.equal((await new Browser(t.app).get(link)).statusCode, 404);
      assert.equal((await new Browser(t.app).post(link)).statusCode, 404);
      await t.services.handlers.purge();
      const left = await t.database.db
        .select()
        .from(emailLinks)
        .where(sql`lower(${emailLinks.email}) = lower(${email})`);
      assert.deepEqual(left, []);
    });

    test('of two sign-ups for one address, the first link opened makes the account and the other stops working', async () => {
      const email = address('jac');
      await new Browser(t.app).post('/create-account', { displayName: 'Jac', email, password: PASSWORD });
      const first = await confirmationLink(t.app, email);
      await new Browser(t.app).post('/create-account', { displayName: 'Jac', email, password: 'second-long-passphrase' });
      const second = await confirmationLink(t.app, email);
      assert.equal((await new Browser(t.app).post(second)).statusCode, 303);
      assert.equal((await new Browser(t.app).post(first)).statusCode, 404);
      assert.equal(await signInStatus(email, 'second-long-passphrase'), 303);
      assert.equal(await signInStatus(email, PASSWORD), 400);
    });

    test('a link to an address that got an account meanwhile says so, and makes no second account', async () => {
      const email = address('kit');
      await new Browser(t.app).post('/create-account', { displayName: 'Kit', email, password: PASSWORD });
      const link = await confirmationLink(t.app, email);
      // Meanwhile the address arrives on another account by a change of address.
      const other = await newPerson(t.app, 'Other');
      await other.browser.post('/account/email', { email, currentPassword: other.password });
      await other.browser.post(await confirmationLink(t.app, email, 'change-email'));
      const res = await new Browser(t.app).post(link);
      assert.equal(res.statusCode, 404, 'the change of address ended the sign-up');
      const count = await t.database.db
        .select()
        .from(accounts)
        .where(sql`lower(${accounts.email}) = lower(${email})`);
      assert.equal(count.length, 1);

      // An account made another way (the command line) leaves the link live: it then says so.
      const later = address('kit');
      await new Browser(t.app).post('/create-account', { displayName: 'Kit', email: later, password: PASSWORD });
      const live = await confirmationLink(t.app, later);
      await t.database.db.insert(accounts).values({
        email: later.toUpperCase(),
        displayName: 'Kit',
        passwordHash: 'x',
        createdAt: new Date(),
        passwordChangedAt: new Date(),
      });
      const exists = await new Browser(t.app).post(live);
      assert.equal(exists.statusCode, 200);
      assert.match(textOf(exists.body), /You already have an account/);
      assert.equal(await signInStatus(later, PASSWORD), 400, 'no second account, and the first keeps its password');
    });

    test('no more than five links a day go to one address, however often it is asked for', async () => {
      const email = address('lowri');
      for (let i = 0; i < 7; i++) {
        const res = await new Browser(t.app).post('/create-account', { displayName: 'Lowri', email, password: PASSWORD });
        assert.equal(res.statusCode, 200, 'the page never says it held one back');
      }
      assert.equal((await mailTo(email)).length, 5);
    });

    test('hostile input to the link forms never causes a 500 and makes no account', async () => {
      const before = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(accounts);
      const browser = new Browser(t.app);
      await fc.assert(
        fc.asyncProperty(hostileForm(['token', 'displayName', 'email']), fc.string({ maxLength: 60 }), async (form, token) => {
          for (const path of ['/confirm-email/', '/change-email/']) {
            const url = path + encodeURIComponent(token || 'x');
            assert.ok((await browser.get(url)).statusCode < 500);
            const res = await browser.post(url, form);
            assert.ok(res.statusCode < 500, `${res.statusCode} for ${url}`);
          }
        }),
        { numRuns: 20 },
      );
      const afterwards = await t.database.db.select({ n: sql<number>`count(*)::int` }).from(accounts);
      assert.deepEqual(afterwards, before);
    });
  });

  describe('changing my email address', () => {
    test('asks for my password, keeps what I typed on a mistake, and refuses my own address', async () => {
      const me = await newPerson(t.app, 'Mair');
      const form = await me.browser.get('/account/email');
      assert.equal(form.statusCode, 200);
      assert.match(textOf(form.body), new RegExp(`Your email address is ${me.email}`));

      const wrong = await me.browser.post('/account/email', { email: 'mair-new@example.org', currentPassword: 'not-my-password' });
      assert.equal(wrong.statusCode, 400);
      assert.match(textOf(wrong.body), /Your current password is not correct/);
      assert.match(wrong.body, /value="mair-new@example.org"/);
      assert.doesNotMatch(wrong.body, /not-my-password/, 'a password is never written back into a page');

      const bad = await me.browser.post('/account/email', { email: 'not an address', currentPassword: me.password });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /href="#email"/);
      assert.match(bad.body, /value="not an address"/);

      const same = await me.browser.post('/account/email', { email: me.email.toUpperCase(), currentPassword: me.password });
      assert.equal(same.statusCode, 400);
      assert.match(textOf(same.body), /This is already your email address/);
      assert.deepEqual(await mailTo(me.email.toUpperCase()), []);
    });

    test('the new address is used only once its link is opened; then the old one hears of it and its reset links stop', async () => {
      const me = await newPerson(t.app, 'Nia');
      const next = address('nia-new');
      await new Browser(t.app).post('/forgotten-password', { email: me.email });
      const reset = (await mailTo(me.email)).find((m) => m.template === 'password-reset')?.personalisation.link ?? '';

      const sent = await me.browser.post('/account/email', { email: next, currentPassword: me.password });
      assert.equal(sent.statusCode, 200);
      assert.match(textOf(sent.body), new RegExp(`We have sent a link to ${next}. Your email address stays as it is`));
      const link = await confirmationLink(t.app, next, 'change-email');
      const page = await new Browser(t.app).get(link);
      assert.match(textOf(page.body), /Use this email address for Waymark/);
      assert.equal(await signInStatus(me.email, me.password), 303, 'nothing changed on opening the link');

      const done = await me.browser.post(link);
      assert.equal(done.statusCode, 200);
      assert.match(textOf(done.body), /Your email address has changed/);
      assert.equal(await signInStatus(next, me.password), 303);
      assert.equal(await signInStatus(me.email, me.password), 400);
      assert.match(textOf((await me.browser.get('/account')).body), new RegExp(next));
      assert.ok(
        (await mailTo(me.email)).some((m) => m.template === 'email-changed'),
        'the old address is told',
      );
      assert.equal((await new Browser(t.app).get(new URL(reset).pathname)).statusCode, 404, 'a reset link sent to the old address is dead');
      assert.equal((await new Browser(t.app).post(link)).statusCode, 404, 'the link works once');
    });

    test('an address that has an account gets the same page and an email, and nothing changes', async () => {
      const me = await newPerson(t.app, 'Owain');
      const other = await newPerson(t.app, 'Other');
      const free = address('owain-free');
      const taken = await me.browser.post('/account/email', { email: other.email, currentPassword: me.password });
      const open = await me.browser.post('/account/email', { email: free, currentPassword: me.password });
      assert.equal(textOf(taken.body).replace(other.email, 'X'), textOf(open.body).replace(free, 'X'));
      assert.deepEqual(
        (await mailTo(other.email)).map((m) => m.template),
        ['account-exists'],
      );
      assert.equal(await signInStatus(me.email, me.password), 303);
    });

    test('a link whose address was taken meanwhile changes nothing and says so; a newer request ends an older link', async () => {
      const me = await newPerson(t.app, 'Pryder');
      const wanted = address('pryder-new');
      await me.browser.post('/account/email', { email: wanted, currentPassword: me.password });
      const older = await confirmationLink(t.app, wanted, 'change-email');
      await me.browser.post('/account/email', { email: wanted, currentPassword: me.password });
      const newer = await confirmationLink(t.app, wanted, 'change-email');
      assert.equal((await new Browser(t.app).get(older)).statusCode, 404, 'the newer request ended the older link');

      const [row] = await t.database.db.select({ id: accounts.id }).from(accounts).where(eq(accounts.email, me.email));
      await t.database.db.insert(accounts).values({
        email: wanted,
        displayName: 'Someone',
        passwordHash: 'x',
        createdAt: new Date(),
        passwordChangedAt: new Date(),
      });
      const res = await new Browser(t.app).post(newer);
      assert.equal(res.statusCode, 200);
      assert.match(textOf(res.body), /This address already has an account/);
      const [still] = await t.database.db
        .select({ email: accounts.email })
        .from(accounts)
        .where(eq(accounts.id, row?.id ?? ''));
      assert.equal(still?.email, me.email);
    });

    test('hostile input to the form never causes a 500 and never changes the address', async () => {
      const me = await newPerson(t.app, 'Rhian');
      await fc.assert(
        fc.asyncProperty(hostileForm(['email', 'currentPassword']), async (form) => {
          const res = await me.browser.post('/account/email', form);
          assert.ok(res.statusCode < 500, `${res.statusCode}`);
          assert.doesNotMatch(res.body, /<script>alert/);
        }),
        { numRuns: 25 },
      );
      assert.equal(await signInStatus(me.email, me.password), 303);
    });
  });
});
