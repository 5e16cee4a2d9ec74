import { expect, test } from '@playwright/test';
import { arriveAt, createAccount, emailLink, newPerson, signIn } from './pages.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('an admin invites a supporter by email, the supporter joins from the link, and the admin removes them again', async ({
  page,
  browser,
}) => {
  test.slow();
  // Each browser project runs this at once: a name of their own keeps the two apart.
  const newcomer = newPerson(`Morgan ${test.info().project.name}`);
  const theirs = await browser.newPage({ viewport: { width: 390, height: 844 } });
  await createAccount(theirs, newcomer);

  await page.goto('/sign-in');
  await signIn(page, 'jordan@example.org', 'orchard-signal-stone');
  await arriveAt(page, 'Hello, Jordan');
  await page.getByRole('link', { name: 'Members and invitations' }).click();
  await arriveAt(page, 'Members');
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await arriveAt(page, 'Members');
  await expect(page.getByRole('link', { name: 'Enter the email address of the person you are inviting' })).toBeVisible();
  await page.getByLabel('Their email address').fill(newcomer.email);
  await page.getByLabel('Supporter').check();
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await arriveAt(page, 'Members');
  await expect(page.getByText(`${newcomer.email}, as Supporter`)).toBeVisible();

  await theirs.goto(await emailLink(newcomer.email, 'organisation-invitation'));
  await arriveAt(theirs, 'Riverside Recovery Service invites you to join');
  await theirs.getByRole('button', { name: 'Accept and join' }).click();
  await arriveAt(theirs, `Hello, ${newcomer.name}`);
  await expect(theirs.getByRole('heading', { name: 'You are a supporter at Riverside Recovery Service' })).toBeVisible();

  await theirs.goto('/organisation/mine');
  await arriveAt(theirs, 'Your organisations');
  await theirs.getByRole('link', { name: 'Leave Riverside Recovery Service' }).click();
  await arriveAt(theirs, 'Leave Riverside Recovery Service?');
  await expect(theirs.getByText(/You are a supporter here/)).toBeVisible();
  await theirs.getByRole('link', { name: 'No, stay' }).click();
  await arriveAt(theirs, 'Your organisations');

  await page.reload();
  await arriveAt(page, 'Members');
  await page.getByRole('link', { name: `Remove ${newcomer.name}`, exact: true }).click();
  await arriveAt(page, /Remove from Riverside Recovery Service/);
  await page.getByRole('button', { name: 'Yes, remove them' }).click();
  await arriveAt(page, 'Members');
  await expect(page.getByText(newcomer.email)).toHaveCount(0);

  await theirs.getByRole('link', { name: newcomer.name, exact: true }).click();
  await arriveAt(theirs, 'Your account');
  await theirs.getByRole('link', { name: 'Your organisations' }).click();
  await arriveAt(theirs, 'Your organisations');
  await expect(theirs.getByText('You do not belong to any organisation')).toBeVisible();
});
