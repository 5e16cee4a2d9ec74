import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { newMember, newPerson, planIdOf, testApp, textOf, type TestApp } from '../../test/harness.ts';

describe('features/home/home.test.ts', () => {
  let t: TestApp;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  describe('the home page', () => {
    test('a new person sees each plan as a task, not started, and one suggested first step', async () => {
      const { browser } = await newPerson(t.app, 'Ash');
      const home = await browser.get('/');
      const text = textOf(home.body);
      assert.match(home.body, /class="nhsuk-task-list"/);
      for (const plan of ['My recovery plan', 'My safety plan', 'My staying-well plan', 'My crisis plan']) {
        assert.match(text, new RegExp(`${plan} [^.]+\\. Not started`), plan);
      }
      assert.match(text, /A good first step: write, in a sentence or two, what recovery means to you/);
      const planId = await planIdOf(browser);
      assert.match(home.body, new RegExp(`href="/plans/${planId}/meaning">Write what recovery means to me`));
      assert.doesNotMatch(text, /You are (an admin|a supporter)/);
    });

    test('a plan once started shows when it last changed, and the next suggestion moves on', async () => {
      const { browser } = await newPerson(t.app, 'Bo');
      const base = `/plans/${await planIdOf(browser)}`;
      await browser.post(`${base}/meaning`, { text: 'Feeling like me again' });
      const text = textOf((await browser.get('/')).body);
      assert.match(text, /My recovery plan [^.]+\. Last changed \d{1,2} \w+ \d{4}/);
      assert.match(text, /My safety plan [^.]+\. Not started/);
      assert.match(text, /A suggested next step: start your safety plan/);
    });

    test('a supporter is told their role and that nothing is shared with them, not shown an empty plan first', async () => {
      const { browser } = await newMember(t, 'supporter', 'Brookside');
      const text = textOf((await browser.get('/')).body);
      assert.match(text, /You are a supporter at Brookside/);
      assert.match(text, /Nothing has been shared with you yet/);
      assert.ok(text.indexOf('You are a supporter') < text.indexOf('My own plans'));
      assert.doesNotMatch(text, /A good first step/);
    });

    test('a listings editor is told they will be asked to check their listings', async () => {
      const editor = await newMember(t, 'listings-editor', 'Editing Org');
      const page = textOf((await editor.browser.get('/')).body);
      assert.match(page, /You keep Editing Org's directory listings/);
      assert.match(page, /Every three months you are asked by email/);
    });

    test('an organisation admin is told what they can do, with the link to do it', async () => {
      const { browser } = await newMember(t, 'admin', 'Brookside');
      const home = await browser.get('/');
      assert.match(textOf(home.body), /You are an admin at Brookside .* You never see anyone's plans/);
      assert.match(home.body, /href="\/organisation\/helplines">Change local helplines/);
    });

    test('names on the page are escaped', async () => {
      const { browser } = await newMember(t, 'admin', '<b>Bold & co</b>');
      const home = await browser.get('/');
      assert.match(home.body, /You are an admin at &lt;b&gt;Bold &amp; co&lt;\/b&gt;/);
    });
  });

  describe('the privacy notice', () => {
    test('names the controller from settings, how to reach them, the lawful basis, rights and how to complain', async () => {
      const controlled = await testApp({
        controller: {
          name: 'Riverside Recovery College',
          contact: 'privacy@riverside.example',
          dpo: 'dpo@riverside.example',
          basis: 'public-task',
        },
      });
      try {
        const text = textOf((await controlled.app.inject('/privacy')).body);
        assert.match(text, /This copy of Waymark is run by Riverside Recovery College, the controller of your data/);
        assert.match(text, /contact: privacy@riverside\.example/);
        assert.match(text, /data protection officer: dpo@riverside\.example/);
        assert.match(text, /public task .*Article 6\(1\)\(e\).*Article 9\(2\)\(h\)/);
        assert.match(text, /to have it deleted/);
        assert.match(text, /Information Commissioner's Office/);
        assert.doesNotMatch(text, /demonstration/);
      } finally {
        await controlled.close();
      }
    });

    test('without a controller (development), says plainly it is a demonstration', async () => {
      const text = textOf((await t.app.inject('/privacy')).body);
      assert.match(text, /This copy of Waymark is a demonstration/);
      assert.match(text, /explicit consent.*Articles 6\(1\)\(a\) and 9\(2\)\(a\)/);
    });

    test('the welcome page promises only what exists', async () => {
      const text = textOf((await t.app.inject('/')).body);
      assert.match(text, /Only you can see them/);
      assert.doesNotMatch(text, /choose who else sees/);
    });
  });
});
