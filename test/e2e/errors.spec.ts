import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { arriveAt, createAccount, newPerson, signIn, signOut } from './pages.ts';

test('the page-not-found page answers 404 and passes axe', async ({ page }) => {
  const response = await page.goto('/no-such-page');
  expect(response?.status()).toBe(404);
  await arriveAt(page, 'Page not found');
  await expect(page.getByRole('link', { name: 'Go to your home page' })).toBeVisible();
});

test('the sign-in page passes axe', async ({ page }) => {
  await page.goto('/sign-in');
  await arriveAt(page, 'Sign in to Waymark');
});

test('signing in with a wrong password shows the error summary and passes axe', async ({ page }) => {
  const person = newPerson('Robin');
  await createAccount(page, person);
  await signOut(page);

  await signIn(page, person.email, 'not the right password at all');

  await expect(page).toHaveTitle(/^Error: Sign in to Waymark/);
  const summary = page.getByRole('alert').filter({ has: page.getByRole('heading', { name: 'There is a problem' }) });
  await expect(summary).toBeVisible();
  await expect(summary.getByRole('link', { name: 'Enter a correct email address and password' })).toBeVisible();
  await expect(page.getByLabel('Email address')).toHaveValue(person.email);
  await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
  await expectNoAxeViolations(page);
});
