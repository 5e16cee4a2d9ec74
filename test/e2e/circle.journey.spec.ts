import { expect, test, type Page } from '@playwright/test';
import { arriveAt, createAccount, emailLink, newPerson } from './pages.ts';

test.use({ viewport: { width: 390, height: 844 } });

async function openCrisisPlan(page: Page): Promise<string> {
  await page.goto('/my-crisis-plan');
  await arriveAt(page, 'My crisis plan');
  return page.url();
}

test('a person invites a carer, shares the crisis plan, takes one suggestion and declines another, and takes them out again', async ({
  page,
  browser,
  javaScriptEnabled,
}) => {
  // Two people, two browsers, an email through the job worker: longer than one person's journey.
  test.slow();
  const person = newPerson('Rowan');
  const carer = newPerson('Ceri');
  await createAccount(page, person);
  const crisis = await openCrisisPlan(page);

  await page.goto('/');
  await page.getByRole('link', { name: 'My circle of support' }).click();
  await arriveAt(page, 'My circle of support');
  await page.getByLabel('Or invite someone by email').fill(carer.email);
  await page.getByRole('button', { name: 'Send invitation' }).click();
  await arriveAt(page, 'My circle of support');
  await expect(page.getByText(carer.email, { exact: false })).toBeVisible();

  const other = await browser.newPage({ javaScriptEnabled, viewport: { width: 390, height: 844 } });
  await createAccount(other, carer);
  await other.goto(await emailLink(carer.email, 'circle-invitation'));
  await arriveAt(other, 'Rowan has invited you into their circle of support');
  await other.getByRole('button', { name: 'Accept the invitation' }).click();
  await arriveAt(other, 'People I support');
  await expect(other.getByText('Nobody shares anything with you yet', { exact: false })).toBeVisible();

  await page.reload();
  await page.getByRole('link', { name: 'Choose what they see for Ceri' }).click();
  await arriveAt(page, /What this person sees/);
  await page.getByRole('group', { name: 'My crisis plan' }).getByLabel('can see and suggest changes', { exact: true }).check();
  await page.getByRole('button', { name: 'Save what they see' }).click();
  await arriveAt(page, 'My circle of support');
  await expect(page.getByText(/Ceri can see and suggest changes: My crisis plan/)).toBeVisible();

  await other.goto('/people');
  await arriveAt(other, 'People I support');
  await other.getByRole('link', { name: 'Rowan' }).click();
  await arriveAt(other, 'Rowan');
  await other.getByRole('link', { name: 'Rowan’s crisis plan' }).click();
  await arriveAt(other, 'Rowan’s crisis plan');
  await expect(other.getByText('Rowan shares this with you. Only they can change it.')).toBeVisible();

  // Two suggestions; Rowan takes one and sees the other differently.
  for (const words of ['Add the crisis team’s number', 'Add Mum as someone to call']) {
    await other.goto('/people');
    await other.getByRole('link', { name: 'Rowan' }).click();
    await arriveAt(other, 'Rowan');
    await other.getByRole('link', { name: 'Make a suggestion to Rowan' }).click();
    await arriveAt(other, 'Suggest something to Rowan');
    await other.getByLabel('A comment on part of their plans').check();
    await other.getByLabel('Which part').selectOption({ label: 'My crisis plan' });
    await other.getByLabel('Your suggestion').fill(words);
    await other.getByRole('button', { name: 'Send the suggestion' }).click();
    await arriveAt(other, 'Rowan');
  }
  await page.goto('/');
  await page.getByRole('link', { name: 'Suggestions from your circle' }).click();
  await arriveAt(page, 'Suggestions');
  await page.getByRole('link', { name: /Accept, change or decline Add the crisis team/ }).click();
  await arriveAt(page, 'Ceri comments on My crisis plan');
  await page.getByRole('button', { name: 'Mark as read' }).click();
  await arriveAt(page, 'Suggestions');
  await page.getByRole('link', { name: /Accept, change or decline Add Mum/ }).click();
  await arriveAt(page, 'Ceri comments on My crisis plan');
  await page.getByLabel('How you see it (optional)').fill('Mum is not someone I call in a crisis.');
  await page.getByRole('button', { name: 'Decline' }).click();
  await arriveAt(page, 'Suggestions');
  await expect(page.getByText('Mum is not someone I call in a crisis.')).toBeVisible();
  await other.goto('/people');
  await other.getByRole('link', { name: 'Rowan' }).click();
  await expect(other.getByText('Mum is not someone I call in a crisis.')).toBeVisible();
  await expect(other.getByText(/Rowan accepted it/)).toBeVisible();
  await page.goto('/circle');

  await page.getByRole('link', { name: 'Choose what they see for Ceri' }).click();
  await page.getByRole('button', { name: 'Take out of my circle' }).click();
  await arriveAt(page, 'My circle of support');
  const refused = await other.goto(crisis);
  expect(refused?.status()).toBe(404);
  await arriveAt(other, 'Page not found');
  await other.close();

  await page.getByRole('link', { name: 'Who has seen my plans' }).click();
  await arriveAt(page, 'Who has seen my plans');
  await expect(page.getByText('Ceri opened your crisis plan')).toBeVisible();
  await expect(
    page.getByText('Someone tried to open a part you do not share with them: your crisis plan. They saw nothing.'),
  ).toBeVisible();
});
