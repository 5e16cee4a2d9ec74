import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { nextSlot } from '../../src/features/journey/schedule.ts';
import { FolderNotifier } from '../../src/platform/notify.ts';
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

test('check in, see it on my journey, set a weekly reminder, get it at its time, and stop reminders from its link', async ({ page }) => {
  // The two projects (with and without JavaScript) run at once: their reminders are more than the
  // two-hour sending window apart, so neither one's tick sends the other's.
  const [time, label] = test.info().project.name === 'chromium' ? ['07:00', '7am'] : ['10:00', '10am'];
  const person = newPerson('Tamsin');
  await createAccount(page, person);
  const outbox = new FolderNotifier(join(process.env.WAYMARK_E2E_DATA_DIR ?? '', 'outbox'));
  const remindersTo = async () => (await outbox.read()).filter((m) => m.to === person.email && m.template === 'check-in-reminder');
  /** The worker's reminder tick, as the server's test-only setting lets it run at a chosen moment. */
  const tickAt = async (at: Date) => {
    const res = await page.request.post('/test/reminders-tick', { data: { at: at.toISOString() } });
    expect(res.status()).toBe(200);
    const body: unknown = await res.json();
    return typeof body === 'object' && body !== null && 'queued' in body ? body.queued : undefined;
  };

  await test.step('check in', async () => {
    await page.getByRole('link', { name: 'Check in' }).click();
    await arriveAt(page, 'Check in');
    await answer(page, 'Lately, I have felt hopeful about what is ahead', 'Mostly');
    await page.getByLabel('Anything you want to note (optional)').fill('Planted the broad beans.');
    await page.getByRole('button', { name: 'Save my check-in' }).click();
    await arriveAt(page, /^Check-in, /);
  });

  await test.step('see it on my journey', async () => {
    await page.getByRole('link', { name: 'See my journey' }).click();
    await arriveAt(page, 'My journey');
    await expect(page.getByText('Planted the broad beans.')).toBeVisible();
  });

  await test.step(`set a weekly reminder at ${label}`, async () => {
    await page.getByRole('link', { name: 'Check-in reminders' }).click();
    await arriveAt(page, 'Check-in reminders');
    await page.getByLabel('Once a week (Mondays)').check();
    await page.getByLabel('What time of day?').selectOption(time);
    await page.getByRole('button', { name: 'Save my reminders' }).click();
    await arriveAt(page, 'Check-in reminders');
    await expect(page.getByText(new RegExp(`Your next reminder: .* at ${label}`))).toBeVisible();
  });

  // Next Monday at that time in the UK, as the page said; nobody else's reminder falls in the two hours before it.
  const slot = nextSlot({ frequency: 'weekly', time, quietDays: [], reviewReminder: false }, new Date());
  if (!slot) throw new Error('no reminder slot');

  await test.step('a minute before its time, the worker sends nothing', async () => {
    expect(await tickAt(new Date(slot.getTime() - 60_000))).toBe(0);
    expect(await remindersTo()).toHaveLength(0);
  });

  let unsubscribe = '';
  await test.step('a minute after, the reminder lands in the outbox, with its unsubscribe link and headers', async () => {
    await tickAt(new Date(slot.getTime() + 60_000));
    await expect.poll(async () => (await remindersTo()).length, { timeout: 60_000 }).toBe(1);
    const [mail] = await remindersTo();
    expect(mail?.personalisation.link).toMatch(/\/check-in$/);
    expect(mail?.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    unsubscribe = new URL(mail?.personalisation.unsubscribe ?? 'http://x/none').pathname;
  });

  await test.step('the link in the email opens a page with one button, which stops the reminders', async () => {
    await page.goto(unsubscribe);
    await arriveAt(page, 'Stop check-in reminders');
    await page.getByRole('button', { name: 'Stop my reminders' }).click();
    await arriveAt(page, 'Reminders stopped');
    await page.goto('/check-in-reminders');
    await arriveAt(page, 'Check-in reminders');
    await expect(page.getByText('You have no reminders set.')).toBeVisible();
    await expect(page.getByLabel('No reminders')).toBeChecked();
  });
});
