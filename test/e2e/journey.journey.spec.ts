import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { arriveAt, createAccount, newPerson, signIn } from './pages.ts';

// A phone: a check-in is meant to take under a minute on one.
test.use({ viewport: { width: 375, height: 667 } });

const answer = (page: Page, question: string, choice: string) =>
  page.getByRole('group', { name: question }).getByLabel(choice, { exact: true }).check();

test('a person checks in from the home page in one tap, then sees it on their journey', async ({ page }) => {
  const person = newPerson('Rowan');
  await createAccount(page, person);

  await test.step('check in: five questions, a note, saved in one tap', async () => {
    await page.getByRole('link', { name: 'Check in' }).click();
    await arriveAt(page, 'Check in');
    await answer(page, 'Lately, I have felt connected to people who matter to me', 'Mostly');
    await answer(page, 'Lately, I have felt hopeful about what is ahead', 'Somewhat');
    await answer(page, 'Lately, I have felt like myself', 'A little');
    await answer(page, 'Lately, what I do has felt meaningful to me', 'Very much');
    await answer(page, 'Lately, I have felt in control of my life', 'Somewhat');
    await page.getByLabel('Anything you want to note (optional)').fill('Coffee with Jo after the group.');
    await page.getByRole('button', { name: 'Save my check-in' }).click();
    await arriveAt(page, /^Check-in, /);
    await expect(page.getByText('Saved.')).toBeVisible();
  });

  await test.step('see it on my journey, with a chart and its table', async () => {
    await page.getByRole('link', { name: 'See my journey' }).click();
    await arriveAt(page, 'My journey');
    await expect(page.getByRole('link', { name: 'Checked in' })).toBeVisible();
    await expect(page.getByText('Coffee with Jo after the group.')).toBeVisible();
    await expect(page.getByRole('img', { name: /hope scores/ })).toBeVisible();
    await page.getByText('Show these as a table').click();
    await expect(page.getByRole('table')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  await test.step('a low hope answer shows help at once, calmly', async () => {
    await page.getByRole('link', { name: 'Check in now' }).click();
    await arriveAt(page, 'Check in');
    await answer(page, 'Lately, I have felt hopeful about what is ahead', 'Not at all');
    await page.getByRole('button', { name: 'Save my check-in' }).click();
    await arriveAt(page, /^Check-in, /);
    await expect(page.getByRole('heading', { name: 'If things feel hard right now' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Get help now: numbers to call or text' })).toBeVisible();
  });
});

test('a check-in with nothing answered shows the error summary and keeps the note', async ({ page }) => {
  await createAccount(page, newPerson('Noor'));
  await page.goto('/check-in');
  await arriveAt(page, 'Check in');
  await page.getByLabel('Anything you want to note (optional)').fill('Just a note');
  await page.getByRole('button', { name: 'Save my check-in' }).click();
  await arriveAt(page, 'Check in');
  await expect(page.getByRole('alert')).toContainText('Answer at least one question');
  await expect(page.getByLabel('Anything you want to note (optional)')).toHaveValue('Just a note');
});

test('a person sets a weekly reminder from their journey and sees when the next one comes', async ({ page }) => {
  await createAccount(page, newPerson('Ira'));
  await page.goto('/my-journey');
  await arriveAt(page, 'My journey');
  await page.getByRole('link', { name: 'Check-in reminders' }).click();
  await arriveAt(page, 'Check-in reminders');
  await page.getByLabel('Once a week (Mondays)').check();
  await page.getByLabel('What time of day?').selectOption('18:00');
  await page.getByLabel('Sunday').check();
  await page.getByRole('button', { name: 'Save my reminders' }).click();
  await arriveAt(page, 'Check-in reminders');
  await expect(page.getByText(/Your next reminder: .* at 6pm/)).toBeVisible();
});

test("Alex's demo journey shows eight months, averaged by week, with hope rising", async ({ page }) => {
  await page.goto('/sign-in');
  await signIn(page, 'alex@example.org', 'kite-meadow-lantern');
  await arriveAt(page, 'Hello, Alex');
  await page.getByRole('link', { name: 'My journey' }).click();
  await arriveAt(page, 'My journey');
  await page.getByRole('link', { name: 'All time' }).click();
  await arriveAt(page, 'My journey');
  await expect(page.getByText('each point is the average of a week')).toBeVisible();
  await expect(page.getByRole('img', { name: 'Over all your check-ins your hope scores have mostly gone up.' })).toBeVisible();
});
