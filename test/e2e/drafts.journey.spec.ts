import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { arriveAt, createAccount, newPerson } from './pages.ts';

const WISHES = 'Please talk to me calmly and give me time to answer. '.repeat(12).trim();

test.use({ viewport: { width: 390, height: 844 } });
// Drafts and the timeout warning are made by the page's script; without it, the session ends as
// before and the "here is what you typed" page gives the writing back (tested over HTTP).
test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'needs JavaScript');

test('a long advance statement: the session is about to end, the person stays signed in, and nothing is lost', async ({ page }) => {
  // The page's own clock is moved on; the server's session is as fresh as the typing keeps it.
  await page.clock.install();
  await createAccount(page, newPerson('Rhian'));
  await page.goto('/my-crisis-plan');
  await arriveAt(page, 'My crisis plan');
  await page.goto(`${page.url()}/advance`);
  await arriveAt(page, 'My treatment wishes (advance statement)');

  await page.getByLabel('Treatment and care I would like').fill(WISHES);
  await page.clock.runFor(2_000);
  await expect(page.getByRole('status')).toContainText(/Draft kept at/);

  await page.clock.fastForward('28:30');
  const warning = page.getByRole('dialog', { name: 'You are about to be signed out' });
  await expect(warning).toBeVisible();
  await expect(warning).toContainText(/we will sign you out in (2 minutes|1 minute|\d+ seconds)/);
  await expect(warning.getByRole('button', { name: 'Stay signed in' })).toBeFocused();
  await expectNoAxeViolations(page);
  await warning.getByRole('button', { name: 'Stay signed in' }).click();
  await expect(warning).toBeHidden();

  await page.getByRole('button', { name: 'Save' }).click();
  await arriveAt(page, 'My crisis plan');
  await expect(page.getByRole('region', { name: 'My treatment wishes (advance statement)' })).toContainText(WISHES);
});

test('writing kept as a draft is offered back when the form is opened again, and can be thrown away', async ({ page }) => {
  await createAccount(page, newPerson('Idris'));
  await page.getByRole('link', { name: 'My recovery plan' }).first().click();
  await arriveAt(page, 'My recovery plan');
  const meaning = `${page.url()}/meaning`;
  await page.goto(meaning);
  await arriveAt(page, 'What recovery means to me');
  await page.getByLabel('What recovery means to me, today').fill('Getting back to the allotment, and');
  await expect(page.getByRole('status')).toContainText(/Draft kept at/);

  await page.goto('/');
  await page.goto(meaning);
  await arriveAt(page, 'What recovery means to me');
  await expect(page.getByRole('heading', { name: 'You have writing here that is not saved yet' })).toBeVisible();
  await expect(page.getByLabel('What recovery means to me, today')).toHaveValue('Getting back to the allotment, and');

  await page.getByRole('button', { name: 'Throw this draft away and show what is saved' }).click();
  await arriveAt(page, 'What recovery means to me');
  await expect(page.getByLabel('What recovery means to me, today')).toHaveValue('');
});
