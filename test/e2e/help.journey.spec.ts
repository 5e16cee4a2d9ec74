import { expect, test, type Page } from '@playwright/test';
import { arriveAt, createAccount, newPerson, signIn } from './pages.ts';

// A phone: the size someone is likely to be holding when they need this page.
test.use({ viewport: { width: 320, height: 640 } });

const FIRST = ['Call 999 in an emergency', 'Call Samaritans free on 116 123', 'Text SHOUT to 85258'];

const helpButtons = (page: Page) => page.getByRole('main').locator('a.waymark-help-button');
const headerHelpLink = (page: Page) => page.getByRole('navigation', { name: 'Help' }).getByRole('link', { name: 'Get help now' });

/** The first three buttons, in order, each as wide as the page's column and at least 44px high. */
async function expectFirstButtons(page: Page): Promise<void> {
  expect((await helpButtons(page).allInnerTexts()).slice(0, 3)).toEqual(FIRST);
  const column = await page.getByRole('heading', { level: 1 }).boundingBox();
  for (const name of FIRST) {
    const box = await page.getByRole('link', { name }).boundingBox();
    expect(box?.height ?? 0, name).toBeGreaterThanOrEqual(44);
    expect(box?.width ?? 0, name).toBeGreaterThanOrEqual((column?.width ?? 0) - 1);
  }
  await expect(page.getByRole('link', { name: 'Call Samaritans free on 116 123' })).toHaveAttribute('href', 'tel:116123');
  await expect(page.getByRole('link', { name: 'Text SHOUT to 85258' })).toHaveAttribute('href', 'sms:85258?&body=SHOUT');
}

async function chooseNation(page: Page, nation: string): Promise<void> {
  await page.getByLabel(nation, { exact: true }).check();
  await page.getByRole('button', { name: 'Show numbers for where I live' }).click();
  await arriveAt(page, 'Get help now');
  await expect(page.getByRole('heading', { level: 2, name: `More help in ${nation}` })).toBeVisible();
}

test('signed out, help is one tap from the sign-in page: the call buttons first, then the numbers for where the person lives', async ({
  page,
}) => {
  await test.step('one tap from the sign-in page, on a 320px phone', async () => {
    await page.goto('/sign-in');
    await arriveAt(page, 'Sign in to Waymark');
    await expect(headerHelpLink(page)).toBeInViewport();
    // Not folded into the header's "More" menu.
    await expect(page.getByRole('button', { name: /More/ })).toBeHidden();
    await headerHelpLink(page).click();
    await arriveAt(page, 'Get help now');
  });

  await test.step('999, Samaritans and Shout come first, as whole-name buttons', async () => {
    await expectFirstButtons(page);
    await expect(page.getByRole('group', { name: 'Where do you live?' })).toBeVisible();
    await expect(page.getByRole('link', { name: /Call NHS/ })).toHaveCount(0);
  });

  await test.step("choosing Wales shows Wales's numbers, and is remembered", async () => {
    await chooseNation(page, 'Wales');
    await expect(page.getByRole('link', { name: 'Call NHS 111 Wales free on 111, then choose option 2' })).toHaveAttribute(
      'href',
      'tel:111',
    );
    await expect(page.getByRole('link', { name: 'Call C.A.L.L. Mental Health Listening Line free on 0800 132 737' })).toBeVisible();
    await expectFirstButtons(page);
    await page.goto('/sign-in');
    await headerHelpLink(page).click();
    await arriveAt(page, 'Get help now');
    await expect(page.getByRole('heading', { level: 2, name: 'More help in Wales' })).toBeVisible();
  });

  await test.step('changing to Northern Ireland shows Lifeline, and no NHS 111', async () => {
    await page.getByRole('link', { name: /Change where you live/ }).click();
    await chooseNation(page, 'Northern Ireland');
    await expect(page.getByRole('link', { name: 'Call Lifeline free on 0808 808 8000' })).toBeVisible();
    await expect(page.locator('a[href="tel:111"]')).toHaveCount(0);
  });

  await test.step('young people have their own numbers', async () => {
    await expect(page.getByRole('link', { name: 'Call Papyrus HOPELINE247 free on 0800 068 4141' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Call Childline free on 0800 1111' })).toBeVisible();
  });
});

test('a wrong choice is answered with the error summary, the numbers still first', async ({ page }) => {
  await page.goto('/help');
  await arriveAt(page, 'Get help now');
  await page.getByRole('button', { name: 'Show numbers for where I live' }).click();
  await arriveAt(page, 'Get help now');
  await expect(page).toHaveTitle(/^Error: Get help now/);
  await page.getByRole('link', { name: 'Select England, Wales, Scotland or Northern Ireland' }).click();
  await expect(page.getByLabel('England', { exact: true })).toBeFocused();
  await expectFirstButtons(page);
});

for (const width of [320, 390]) {
  test(`help is one tap from a page that was not found and from a signed-in page, ${width}px wide`, async ({ page }) => {
    await page.setViewportSize({ width, height: 700 });
    await page.goto('/no-such-page');
    await arriveAt(page, 'Page not found');
    await expect(headerHelpLink(page)).toBeInViewport();
    await createAccount(page, newPerson('Robin'));
    await expect(headerHelpLink(page)).toBeInViewport();
    await headerHelpLink(page).click();
    await arriveAt(page, 'Get help now');
  });
}

test('once visited, the help page opens with no connection, and the copy kept holds nothing personal', async ({
  page,
  context,
  javaScriptEnabled,
}) => {
  test.skip(!javaScriptEnabled, 'keeping a page for use offline needs JavaScript; without it the page works online as before');
  const person = newPerson('Rowan');
  await createAccount(page, person);
  await headerHelpLink(page).click();
  await arriveAt(page, 'Get help now');
  await chooseNation(page, 'Scotland');

  const keptHelp = () => page.evaluate<string>("caches.match('/help').then((r) => (r ? r.text() : ''))");
  await expect.poll(keptHelp).toContain('More help in Scotland');
  const kept = await keptHelp();
  for (const personal of [person.name, person.email, 'Sign out', 'action="/sign-out"']) expect(kept).not.toContain(personal);

  await context.setOffline(true);
  try {
    await page.goto('/help');
    await arriveAt(page, 'Get help now');
    await expect(page.getByText('You are offline. This is the help page kept on this device')).toBeVisible();
    await expectFirstButtons(page);
    await expect(page.getByRole('link', { name: 'Call Breathing Space free on 0800 83 85 87' })).toBeVisible();
    // Any other page, with no copy of the person's plans kept, shows the help page too.
    await page.goto('/my-plan');
    await arriveAt(page, 'Get help now');
  } finally {
    await context.setOffline(false);
  }
});

test("an organisation admin sets where the organisation works, and its people's help page opens there", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.goto('/sign-in');
  await signIn(page, 'jordan@example.org', 'orchard-signal-stone');
  await arriveAt(page, 'Hello, Jordan');
  await page.goto('/organisation/helplines');
  await arriveAt(page, 'Local helplines');
  const where = page.getByRole('group', { name: /Where you work/ });
  // The demo organisation works in England; saving it again leaves the other journeys as they were.
  await expect(where.getByLabel('England')).toBeChecked();
  await where.getByLabel('England').check();
  await page.getByRole('button', { name: 'Save where you work' }).click();
  await arriveAt(page, 'Local helplines');
  await expect(where.getByLabel('England')).toBeChecked();
  await page.goto('/sign-in');
  await signIn(page, 'alex@example.org', 'kite-meadow-lantern');
  await arriveAt(page, 'Hello, Alex');
  await headerHelpLink(page).click();
  await arriveAt(page, 'Get help now');
  await expect(page.getByRole('link', { name: 'Call NHS 111 free on 111, then choose option 2' })).toBeVisible();
});
