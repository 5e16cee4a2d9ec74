import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { arriveAt, createAccount, emailLink, newPerson, signIn } from './pages.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('a person moves their account to a new address, downloads their data, deletes the account, and cannot sign in again', async ({
  page,
}) => {
  test.slow();
  const person = newPerson('Tegan');
  await createAccount(page, person);

  await page.getByRole('link', { name: 'Tegan' }).click();
  await arriveAt(page, 'Your account');
  await page.getByRole('link', { name: 'Change email address' }).click();
  await arriveAt(page, 'Change your email address');
  const next = `e2e-${randomUUID()}@example.com`;
  await page.getByLabel('New email address').fill(next);
  await page.getByLabel('Your current password').fill('not my password at all');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await arriveAt(page, 'Change your email address');
  await expect(page.getByRole('link', { name: 'Your current password is not correct' })).toBeVisible();
  await expect(page.getByLabel('New email address')).toHaveValue(next);
  await page.getByLabel('Your current password').fill(person.password);
  await page.getByRole('button', { name: 'Send the link' }).click();
  await arriveAt(page, 'Check your email');

  await page.goto(await emailLink(next, 'change-email'));
  await arriveAt(page, 'Use this email address for Waymark');
  await page.getByRole('button', { name: 'Use this email address' }).click();
  await arriveAt(page, 'Your email address has changed');
  await page.getByRole('link', { name: 'Back to my account' }).click();
  await arriveAt(page, 'Your account');
  await expect(page.getByText(next)).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: /Download/ }).click();
  const zip = await readFile(await (await download).path());
  expect(zip.subarray(0, 2).toString()).toBe('PK');

  await page.getByRole('link', { name: 'Delete your account' }).click();
  await arriveAt(page, 'Delete your account');
  await page.getByLabel('Your current password').fill(person.password);
  await page.getByRole('button', { name: 'Delete my account' }).click();
  await arriveAt(page, 'Your account has been deleted');

  await page.goto('/sign-in');
  await arriveAt(page, 'Sign in to Waymark');
  await signIn(page, next, person.password);
  await arriveAt(page, 'Sign in to Waymark');
  await expect(page.getByRole('link', { name: 'Enter a correct email address and password' })).toBeVisible();
});
