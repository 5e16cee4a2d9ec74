import { expect, test } from '@playwright/test';
import { loadConfig } from '../../src/config.ts';
import { stillCorrectLink } from '../../src/features/directory/freshness.ts';
import { Signer } from '../../src/platform/signed.ts';
import { arriveAt, createAccount, newPerson, plan } from './pages.ts';

// A phone: people look for something to go to when they are out and about.
test.use({ viewport: { width: 320, height: 640 } });

test('a person finds a free walking group near them and adds it to a goal, and sees it on their plan', async ({ page }) => {
  const person = newPerson('Robin');
  const goal = 'Get out and meet people';

  await test.step('the person has a goal to add a step to', async () => {
    await createAccount(page, person);
    await plan.openFromHome(page);
    await plan.addGoal(page, { title: goal, chime: ['People and belonging'], status: 'Working on it' });
  });

  await test.step('they search for walking near a Rivermouth postcode', async () => {
    await page.goto('/directory');
    await arriveAt(page, 'Find local groups and services');
    await page.getByLabel('What are you looking for?').fill('walking');
    await page.getByLabel('Your postcode (optional)').fill('RV1 1AA');
    await page.getByLabel('Sort by').selectOption('distance');
    await page.getByRole('button', { name: 'Search' }).click();
    await arriveAt(page, 'Find local groups and services');
    await expect(page.getByRole('heading', { level: 2, name: /results?$/ })).toBeVisible();
  });

  await test.step('they narrow it to free things', async () => {
    await page.getByText('Narrow your search').click();
    await page.getByLabel('Free', { exact: true }).check();
    await page.getByRole('button', { name: 'Search' }).click();
    await arriveAt(page, 'Find local groups and services');
    await expect(page.getByLabel('Free', { exact: true })).toBeChecked();
  });

  await test.step('they open the nearest walking group and see when, where and what it costs', async () => {
    await page.getByRole('link', { name: 'Walking group – Town Centre' }).click();
    await arriveAt(page, 'Walking group – Town Centre');
    await expect(page.getByText('Every Tuesday, 10:30 to 12:00')).toBeVisible();
    await expect(page.getByText('Free', { exact: true })).toBeVisible();
  });

  await test.step('they add it to their goal as a step', async () => {
    await page.getByRole('button', { name: 'Add to my plan' }).click();
    await arriveAt(page, 'Add Walking group – Town Centre to your plan');
    await page.getByLabel(goal, { exact: true }).check();
    await page.getByLabel('The step', { exact: true }).fill('Go to the Tuesday walking group');
    await page.getByRole('button', { name: 'Add the step' }).click();
    await arriveAt(page, goal);
  });

  await test.step('the step is on their plan and links back to the listing', async () => {
    const step = page.getByRole('listitem').filter({ hasText: 'Go to the Tuesday walking group' });
    await expect(step).toBeVisible();
    await step.getByRole('link', { name: /See the listing in the community directory/ }).click();
    await arriveAt(page, 'Walking group – Town Centre');
  });

  await test.step("they tell the group's listings editors that something has changed", async () => {
    await page.getByRole('link', { name: 'Report a problem with this listing' }).click();
    await arriveAt(page, 'What is wrong with this listing?');
    await page.getByRole('button', { name: 'Send' }).click();
    await arriveAt(page, 'What is wrong with this listing?');
    await expect(page.getByRole('link', { name: 'Enter what is wrong with the listing' })).toBeVisible();
    await page.getByLabel('What is wrong').fill('It meets at 11 now, not 10:30.');
    await page.getByRole('button', { name: 'Send' }).click();
    await arriveAt(page, 'Thank you: your report has been sent');
  });
});

test('a listings editor marks a listing still correct from the link in their email', async ({ page }) => {
  await page.goto('/directory?q=walking');
  await page.getByRole('link', { name: 'Walking group – Town Centre' }).click();
  await arriveAt(page, 'Walking group – Town Centre');
  const listingId = new URL(page.url()).pathname.split('/').at(-1) ?? '';
  // The link the job worker emails after three months unchecked, made the same way: the e2e
  // server's clock cannot be moved, so its job never finds this listing due today.
  const link = stillCorrectLink({ signer: new Signer(loadConfig({}).sessionSecret), baseUrl: '' }, listingId, new Date());
  await page.goto(link);
  await arriveAt(page, 'Is this listing still correct? Walking group – Town Centre');
  await page.getByRole('button', { name: 'Yes, it is still correct' }).click();
  await arriveAt(page, 'Thank you: the listing is checked');
  await page.getByRole('link', { name: 'See the listing' }).click();
  await arriveAt(page, 'Walking group – Town Centre');
});
