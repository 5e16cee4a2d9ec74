import { expect, test } from '@playwright/test';
import { arriveAt, signIn } from './pages.ts';

// Every page not on a journey, checked with axe. Demo accounts come from the README.
test('the pages anyone can open pass axe', async ({ page }) => {
  await page.goto('/');
  await arriveAt(page, 'Waymark: your recovery, in your words');
  for (const [path, heading] of [
    ['/create-account', 'Create your Waymark account'],
    ['/accessibility', 'Accessibility'],
    ['/privacy', 'Privacy'],
    ['/forgotten-password', 'Reset your password'],
  ] as const) {
    await page.goto(path);
    await arriveAt(page, heading);
  }
  await page.getByLabel('Email address').fill('alex@example.org');
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await arriveAt(page, 'Check your email');
  await page.goto('/reset-password/not-a-real-token');
  await arriveAt(page, 'This reset link has expired or has been used');
});

test("a person's account pages, printable plan and earlier versions pass axe", async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, 'alex@example.org', 'kite-meadow-lantern');
  await arriveAt(page, 'Hello, Alex');
  await page.goto('/account');
  await arriveAt(page, 'Your account');
  await page.getByRole('link', { name: 'Change password' }).click();
  await arriveAt(page, 'Change your password');
  await page.goto('/my-plan');
  await arriveAt(page, 'My recovery plan');
  await page.getByRole('link', { name: 'Print my plan' }).click();
  await arriveAt(page, /My recovery plan: Alex/);
  // Every plan has a print button; it opens the browser's print.
  await page.evaluate(() => {
    (globalThis as unknown as { print: () => void; printed: number }).printed = 0;
    (globalThis as unknown as { print: () => void }).print = () => {
      (globalThis as unknown as { printed: number }).printed += 1;
    };
  });
  await page.getByRole('button', { name: 'Print this plan' }).click();
  expect(await page.evaluate(() => (globalThis as unknown as { printed: number }).printed)).toBe(1);
  for (const plan of ['/my-staying-well-plan', '/my-crisis-plan', '/my-safety-plan']) {
    await page.goto(plan);
    await expect(page.getByRole('button', { name: 'Print this plan' })).toBeVisible();
  }
  await page.goto('/my-plan');
  await page.goto(`${page.url()}/review`);
  await arriveAt(page, 'When would you like to look at your plan again?');
  for (const plan of ['/my-staying-well-plan', '/my-crisis-plan']) {
    await page.goto(plan);
    await page.getByRole('link', { name: 'See every earlier version' }).click();
    await arriveAt(page, /Earlier versions of my/);
    await page.getByRole('link', { name: 'Open version 2', exact: true }).click();
    await arriveAt(page, /version 2$/);
  }
});

test("an organisation admin's helplines page passes axe, also after a mistake", async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, 'jordan@example.org', 'orchard-signal-stone');
  await arriveAt(page, 'Hello, Jordan');
  await page.getByRole('link', { name: 'Local helplines' }).click();
  await arriveAt(page, 'Local helplines');
  await page.getByLabel('Name', { exact: true }).fill('Evening drop-in line');
  await page.getByLabel('Phone number').fill('ask at reception');
  await page.getByRole('button', { name: 'Add number' }).click();
  await arriveAt(page, 'Local helplines');
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Evening drop-in line');
  await page.getByLabel('Phone number').fill('01632 960888');
  await page.getByRole('button', { name: 'Preview' }).click();
  await arriveAt(page, 'Local helplines');
  await expect(page.getByRole('link', { name: 'Call Evening drop-in line on 01632 960888' })).toBeVisible();
  await page.getByRole('button', { name: 'Add number' }).click();
  await arriveAt(page, 'Local helplines');
  await expect(page.getByRole('alert')).toContainText('Saved.');

  await page.getByRole('link', { name: 'Change Evening drop-in line' }).click();
  await arriveAt(page, 'Change a local number');
  await page.getByLabel(/When it is open/).fill('6pm to 10pm');
  await page.getByRole('button', { name: 'Preview' }).click();
  await arriveAt(page, 'Change a local number');
  await expect(page.getByText('6pm to 10pm', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await arriveAt(page, 'Local helplines');

  await page.getByRole('link', { name: 'Remove Evening drop-in line' }).click();
  await arriveAt(page, /Remove Evening drop-in line/);
  await page.getByRole('link', { name: 'No, keep it' }).click();
  await arriveAt(page, 'Local helplines');
  await page.getByRole('link', { name: 'Remove Evening drop-in line' }).click();
  await page.getByRole('button', { name: 'Yes, remove this number' }).click();
  await arriveAt(page, 'Local helplines');
  await expect(page.getByRole('alert')).toContainText('Removed.');
  await expect(page.getByText('Evening drop-in line')).toHaveCount(0);
});
