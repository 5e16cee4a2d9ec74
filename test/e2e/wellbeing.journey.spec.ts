import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { arriveAt, createAccount, newPerson, signIn } from './pages.ts';
import { expectKeptCopyAt, expectNothingPersonalAt, firstValue, offline, openPlan, writeAll, type Entry } from './wellbeing-pages.ts';

const STAYING_WELL: Entry[] = [
  { section: 'Me when I am well', fields: { 'What I am like when I am well': 'I get up early and walk the dog' } },
  {
    section: 'What keeps me well',
    choice: { group: 'How often', option: 'Every day' },
    fields: { 'What keeps me well': 'Eating breakfast by the window' },
  },
  { section: 'Things that can knock me off balance', fields: { 'What can knock me off balance': 'Letters about money' } },
  { section: 'Early warning signs', fields: { 'The sign': 'I stop answering messages' } },
  { section: 'When things are getting worse', fields: { 'The sign': 'Not sleeping for two nights running' } },
];

const CONTACT = 'Alex Morgan';
const ADVANCE = 'Please talk to me calmly and give me time to answer.';
const CRISIS: Entry[] = [
  { section: 'Signs that others should step in', fields: { 'The sign': 'I stop eating' } },
  {
    section: 'People to contact',
    fields: {
      Name: CONTACT,
      'Phone number (optional)': '07700 900 123',
      'Who they are to me (optional)': 'my sister',
      'What I would like them to do (optional)': 'Come round and sit with me',
    },
  },
  { section: 'People I do not want involved', fields: { Name: 'Jordan Blake' } },
  { section: 'What helps me', fields: { 'What helps': 'Quiet music and a blanket' } },
  { section: 'What does not help me', fields: { 'What does not help': 'Being told to cheer up' } },
  {
    section: 'My treatment wishes (advance statement)',
    text: true,
    fields: { 'Treatment and care I would like': ADVANCE, 'Treatment and care I do not want': 'Being kept in a room on my own' },
  },
  {
    section: 'Where I would like to be cared for',
    text: true,
    fields: { 'Where I would like to be cared for': 'At home, with my sister' },
  },
  {
    section: 'Practical matters',
    choice: { group: 'What it is about', option: 'Pets' },
    fields: { 'What needs doing': 'Feed Biscuit the cat twice a day', 'Who looks after it (optional)': 'My neighbour' },
  },
  { section: 'After a crisis: what helps me get back on my feet', fields: { 'What helps': 'A week off work' } },
  {
    section: 'After a crisis: how I would like to look back on what happened',
    text: true,
    fields: { 'How I would like to look back': 'With my care coordinator, after a week' },
  },
];

const WARNING_SIGN = 'Racing thoughts late at night';
const SAFETY: Entry[] = [
  { section: '1. My warning signs', fields: { 'The warning sign': WARNING_SIGN } },
  { section: '2. Things I can do on my own', fields: { 'What I can do': 'A hot shower' } },
  { section: '3. People and places that take my mind off things', fields: { 'Person or place': 'The library on Park Road' } },
  { section: '4. People I can ask for help', fields: { Name: 'Sam Patel', 'Phone number (optional)': '07700 900 456' } },
  { section: '5. Professionals and helplines', fields: { Name: 'My GP surgery', 'Phone number': '0161 496 0000' } },
  {
    section: '6. Making my surroundings safer',
    fields: { 'What I can do to make my surroundings safer': 'Give my tablets to Alex to look after' },
  },
  { section: 'What matters most to me, my reasons for living', fields: { 'What matters most to me': 'My cat, Biscuit' } },
];

/** Just enough of the crisis and safety plans to recognise them in the kept copy. */
const FEW: Record<'crisis' | 'safety', Entry[]> = {
  crisis: CRISIS.filter((e) => e.section === 'People to contact' || e.section === 'My treatment wishes (advance statement)'),
  safety: SAFETY.slice(0, 1),
};
const PERSONAL = [CONTACT, ADVANCE, WARNING_SIGN];
const LATER: Entry = { section: '2. Things I can do on my own', fields: { 'What I can do': 'Count backwards from one hundred' } };

async function startWithFewEntries(page: Page): Promise<void> {
  await createAccount(page, newPerson('Morgan'));
  await writeAll(page, 'crisis', FEW.crisis, false);
  await writeAll(page, 'safety', FEW.safety, false);
}

test.describe('keeping the crisis plan on this device', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'a copy for use offline needs JavaScript; without it the offer is hidden');

  test('the crisis and safety plans open with no network, and removing the copy leaves nothing', async ({ page, context }) => {
    await startWithFewEntries(page);

    await test.step('keep the copy on this device', async () => {
      await offline.keep(page);
      await expectNoAxeViolations(page);
    });

    await test.step('a change to the safety plan, made online, reaches the kept copy', async () => {
      await writeAll(page, 'safety', [LATER], false);
      await expect.poll(() => offline.keptCopy(page)).toContain(firstValue(LATER));
    });

    await test.step('offline, the crisis plan and the safety plan show the kept copy', async () => {
      await expectKeptCopyAt(context, page, '/my-crisis-plan', [...PERSONAL, firstValue(LATER)]);
      await expectNoAxeViolations(page);
      await expectKeptCopyAt(context, page, '/my-safety-plan', PERSONAL);
    });

    await test.step('back online, the pages are the live ones again', async () => {
      await openPlan(page, 'safety');
      await expect(page.getByText('You are seeing the copy kept on this device.')).toHaveCount(0);
    });

    await test.step('remove the copy from this device', async () => {
      await offline.remove(page);
      await expectNoAxeViolations(page);
      expect(await offline.cacheNames(page)).toEqual([]);
    });

    await test.step('offline, nothing personal shows', async () => {
      await expectNothingPersonalAt(context, page, '/my-crisis-plan', PERSONAL);
      await expectNothingPersonalAt(context, page, '/my-safety-plan', PERSONAL);
    });
  });

  test('signing out removes the copy, even when the page cannot run its script', async ({ page, context }) => {
    await createAccount(page, newPerson('Morgan'));
    await writeAll(page, 'crisis', FEW.crisis.slice(0, 1), false);
    await offline.keep(page);

    // The Clear-Site-Data header on signing out does it: the signed-out page's script must not.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Waymark' })).toBeVisible();
    await cdp.send('Emulation.setScriptExecutionDisabled', { value: false });
    await expectNoAxeViolations(page);
    expect(await offline.cacheNames(page)).toEqual([]);
    expect(await offline.workerCount(page)).toBe(0);

    await expectNothingPersonalAt(context, page, '/my-crisis-plan', [CONTACT]);
  });

  test('a copy kept by one person is gone before the next person to sign in here sees any page', async ({ page, context, baseURL }) => {
    await startWithFewEntries(page);
    await offline.keep(page);
    // Their session ends on the server (30 minutes idle) without signing out.
    await context.addCookies([{ name: 'waymark-session', value: 'ended-on-the-server', url: baseURL ?? '' }]);

    await createAccount(page, newPerson('Sam'));
    expect(await offline.cacheNames(page)).toEqual([]);
    expect(await offline.workerCount(page)).toBe(0);
    for (const path of ['/my-plan', '/my-safety-plan', '/account']) await page.goto(path);
    await expectNothingPersonalAt(context, page, '/my-crisis-plan', PERSONAL);
    await expectNothingPersonalAt(context, page, '/my-safety-plan', PERSONAL);
  });

  test('the service worker drops a kept copy on the first page that shows someone else signed in', async ({
    page,
    context,
    browser,
    baseURL,
  }) => {
    await startWithFewEntries(page);
    await offline.keep(page);

    // Someone else's session reaches this browser without a sign-in here (the server's own check is bypassed).
    const elsewhere = await browser.newContext({ baseURL: baseURL ?? '' });
    await createAccount(await elsewhere.newPage(), newPerson('Sam'));
    const session = (await elsewhere.cookies()).find((c) => c.name === 'waymark-session');
    await elsewhere.close();
    expect(session).toBeDefined();
    if (session) await context.addCookies([session]);

    await page.goto('/');
    await expect.poll(() => offline.cacheNames(page)).toEqual([]);
    await expectNothingPersonalAt(context, page, '/my-crisis-plan', PERSONAL);
  });

  test("a person's own copy survives their own session ending", async ({ page, context, baseURL }) => {
    const morgan = newPerson('Morgan');
    await createAccount(page, morgan);
    await writeAll(page, 'crisis', FEW.crisis, false);
    await offline.keep(page);
    await context.addCookies([{ name: 'waymark-session', value: 'ended-on-the-server', url: baseURL ?? '' }]);

    await page.goto('/sign-in');
    await signIn(page, morgan.email, morgan.password);
    await arriveAt(page, 'Hello, Morgan');
    await page.goto('/my-plan');
    await expectKeptCopyAt(context, page, '/my-crisis-plan', [CONTACT, ADVANCE]);
  });

  test('the signed-out page clears a copy left on the device', async ({ page }) => {
    await createAccount(page, newPerson('Morgan'));
    await offline.keep(page);

    // Reached here while still signed in, so only the page's own script can clear the copy.
    await page.goto('/sign-in?signedOut=1');
    await arriveAt(page, 'Sign in to Waymark');
    await expect.poll(() => offline.cacheNames(page)).toEqual([]);
    await expect.poll(() => offline.workerCount(page)).toBe(0);
  });
});

test('a person fills in every section of their staying-well, crisis and safety plans, and downloads them as PDFs', async ({
  page,
  javaScriptEnabled,
}) => {
  // Twenty-two forms, each page checked with axe: one story, given the time it needs.
  test.slow();
  await createAccount(page, newPerson('Charlie'));

  await test.step('the staying-well plan', () => writeAll(page, 'staying-well', STAYING_WELL));
  await test.step('the crisis plan', () => writeAll(page, 'crisis', CRISIS));
  await test.step('the safety plan', () => writeAll(page, 'safety', SAFETY));

  await test.step('the safety plan puts my own contact first in who to call', async () => {
    await expect(page.getByRole('link', { name: `Call ${CONTACT} on 07700 900 123` })).toBeVisible();
  });

  await test.step('download my plan and my crisis card as PDFs', async () => {
    await openPlan(page, 'crisis', false);
    for (const name of ['Download my staying-well and crisis plan (PDF)', 'Download my crisis card to keep in my pocket (A6 PDF)']) {
      const download = page.waitForEvent('download');
      await page.getByRole('link', { name }).click();
      const file = await download;
      expect(file.suggestedFilename()).toMatch(/\.pdf$/);
      expect((await readFile(await file.path())).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    }
  });

  await test.step('the crisis plan offers to keep a copy on this device only when JavaScript can do it', async () => {
    await expect(page.getByRole('region', { name: 'My treatment wishes (advance statement)' })).toContainText(ADVANCE);
    const offer = page.getByRole('heading', { name: 'Keep my crisis plan on this device' });
    if (javaScriptEnabled) await expect(offer).toBeVisible();
    else await expect(offer).toBeHidden();
  });
});
