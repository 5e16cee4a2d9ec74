import { expect, test } from '@playwright/test';
import { codeFor } from '../../src/features/accounts/authenticator.ts';
import { arriveAt, createAccount, enterCode, newPerson, PRIYA, signIn, signOut } from './pages.ts';

test('Priya signs in with her password and the code from her authenticator app, and opens the people she supports and Alex’s journey', async ({
  page,
}) => {
  // A code works once: the journey without JavaScript may have to wait for the next one.
  test.slow();
  await page.goto('/sign-in');
  await arriveAt(page, 'Sign in to Waymark');
  await signIn(page, PRIYA.email, PRIYA.password);
  await enterCode(page, PRIYA.secret);
  await arriveAt(page, 'Hello, Priya');
  await page.goto('/people');
  await arriveAt(page, 'People I support');
  await page.getByRole('link', { name: 'Alex' }).click();
  await arriveAt(page, 'Alex');
  // Alex shares their check-ins and journey with her, to see: the same page as Alex's, read-only.
  await page.getByRole('link', { name: 'Alex’s check-ins and journey' }).click();
  await arriveAt(page, 'Alex’s journey');
  await expect(page.getByText('Alex shares this with you. Only they can change it.')).toBeVisible();
  await expect(page.getByRole('link', { name: 'Check in now' })).toHaveCount(0);
  await page.getByRole('link', { name: 'All time' }).click();
  await arriveAt(page, 'Alex’s journey');
  await expect(page.getByRole('img', { name: 'Over all their check-ins Alex’s scores for “Hope” have mostly gone up.' })).toBeVisible();
  await expect(page.getByText('Looked back at my journey today. Things have moved.')).toBeVisible();
});

test('a person sets up an authenticator app from their account, keeps the recovery codes, and is asked for a code at sign-in', async ({
  page,
}) => {
  test.slow();
  const person = newPerson('Noor');
  await createAccount(page, person);
  await page.goto('/account');
  await arriveAt(page, 'Your account');
  await page.getByRole('link', { name: 'Set up an authenticator app' }).click();
  await arriveAt(page, 'Set up an authenticator app');
  await expect(page.getByRole('img', { name: /QR code for your authenticator app/ })).toBeVisible();
  const secret = (await page.locator('#secret').textContent()) ?? '';
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('Code from your authenticator app').fill('000000');
  await page.getByRole('button', { name: 'Turn on' }).click();
  await arriveAt(page, 'Set up an authenticator app');
  await expect(page.getByRole('link', { name: /The code is not correct/ })).toBeVisible();
  await page.getByLabel('Code from your authenticator app').fill(codeFor(secret, new Date()));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await arriveAt(page, 'Save your recovery codes');
  const recovery = (await page.locator('[data-recovery-codes] code').first().textContent()) ?? '';
  await signOut(page);
  await signIn(page, person.email, person.password);
  await arriveAt(page, 'Enter the code from your authenticator app');
  await page.getByLabel('Code from your authenticator app').fill(recovery);
  await page.getByRole('button', { name: 'Continue' }).click();
  await arriveAt(page, 'Hello, Noor');
  await page.goto('/account');
  await page.getByRole('link', { name: 'See devices' }).click();
  await arriveAt(page, 'Where you are signed in');
  await expect(page.getByText('(this device)')).toBeVisible();
});
