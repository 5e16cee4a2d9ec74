import { expect, test } from '@playwright/test';
import { arriveAt, signIn } from './pages.ts';

test('Ceri, a listings editor, adds a listing, changes it, reads its history, closes and reopens it', async ({ page }) => {
  test.slow();
  // Each browser project runs this at once: a name of their own keeps the two listings apart.
  const name = `Friday craft circle ${test.info().project.name}`;

  await test.step('from the home page Ceri opens our listings', async () => {
    await page.goto('/sign-in');
    await signIn(page, 'ceri@example.org', 'lantern-bracken-quay');
    await arriveAt(page, 'Hello, Ceri');
    await page.getByRole('link', { name: 'Our listings' }).click();
    await arriveAt(page, 'Our listings');
    await expect(page.getByRole('link', { name: 'Walking group – Town Centre', exact: true })).toBeVisible();
  });

  await test.step('a listing with a mistake is refused with the mistake named, and what was typed kept', async () => {
    await page.getByRole('button', { name: 'Add a listing' }).click();
    await arriveAt(page, 'Add a listing');
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('What happens there').fill('Knitting, sewing and a cup of tea. Bring a project or start one.');
    await page.getByLabel('Friday').check();
    await page.getByLabel('Starts at').fill('13:30');
    await page.getByLabel('Ends at').fill('12:00');
    await page.getByLabel('Name of the place').fill('Riverside Library');
    await page.getByLabel('Address', { exact: true }).fill('2 High Street');
    await page.getByLabel('Town or city').fill('Rivermouth');
    await page.getByLabel('Postcode').fill('RV1 3XY');
    await page.getByLabel('Someone using a wheelchair can get in and around without steps').check();
    await page.getByLabel('Run by people with lived experience').check();
    await page.getByLabel('Connecting with people').check();
    await page.getByLabel('Arts and crafts').check();
    await page.getByRole('button', { name: 'Save the listing' }).click();
    await arriveAt(page, 'Add a listing');
    await expect(page.getByRole('link', { name: 'The end time must be after the start time' })).toBeVisible();
    await expect(page.getByLabel('Name', { exact: true })).toHaveValue(name);
    await expect(page.getByLabel('Friday')).toBeChecked();
  });

  await test.step('put right, it is saved and in the directory', async () => {
    await page.getByLabel('Ends at').fill('15:30');
    await page.getByRole('button', { name: 'Save the listing' }).click();
    await arriveAt(page, 'Our listings');
    await expect(page.getByText(`${name} is in the directory now.`)).toBeVisible();
    await page.getByRole('link', { name: 'See the listing' }).click();
    await arriveAt(page, name);
    await expect(page.getByText('Riverside Library')).toBeVisible();
  });

  await test.step('Ceri changes the time, from the listing page', async () => {
    await page.getByRole('link', { name: 'Change this listing' }).click();
    await arriveAt(page, `Change ${name}`);
    await page.getByLabel('Starts at').fill('14:00');
    await page.getByLabel('Anything else about when (optional)').fill('Not on bank holidays');
    await page.getByRole('button', { name: 'Save the listing' }).click();
    await arriveAt(page, 'Our listings');
    await expect(page.getByText(`Your changes to ${name} are saved`)).toBeVisible();
  });

  await test.step('the history says who changed what, and when', async () => {
    await page.getByRole('link', { name: `History ${name}`, exact: true }).click();
    await arriveAt(page, `History of ${name}`);
    await expect(page.getByRole('row').filter({ hasText: 'Changed when' })).toContainText('Ceri');
    await expect(page.getByRole('row').filter({ hasText: 'Added the listing' })).toContainText('Ceri');
    await page.getByRole('link', { name: 'Back' }).click();
    await arriveAt(page, 'Our listings');
  });

  await test.step('Ceri closes it, after confirming: it no longer shows in the search', async () => {
    await page.getByRole('link', { name: `Close ${name}`, exact: true }).click();
    await arriveAt(page, `Close ${name}?`);
    await page.getByRole('button', { name: 'Yes, close the listing' }).click();
    await arriveAt(page, 'Our listings');
    await expect(page.getByText(`${name} is closed`)).toBeVisible();
    await page.goto(`/directory?q=${encodeURIComponent(name)}`);
    await arriveAt(page, 'Find local groups and services');
    await expect(page.getByRole('link', { name, exact: true })).toHaveCount(0);
  });

  await test.step('and reopens it: it is in the search again', async () => {
    await page.goto('/our-listings');
    await arriveAt(page, 'Our listings');
    await page.getByRole('button', { name: `Reopen ${name}`, exact: true }).click();
    await arriveAt(page, 'Our listings');
    await expect(page.getByText(`${name} is open again`)).toBeVisible();
    await page.goto(`/directory?q=${encodeURIComponent(name)}`);
    await arriveAt(page, 'Find local groups and services');
    await expect(page.getByRole('link', { name, exact: true })).toBeVisible();
  });
});
