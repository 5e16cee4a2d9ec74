import { expect, test } from '@playwright/test';
import { arriveAt, createAccount, goalEntry, newPerson, plan } from './pages.ts';
import { expectNoAxeViolations } from './axe.ts';

// One flowing story, run by both projects: once with JavaScript and once without.
test('a person writes their recovery plan, looks back at an earlier version and brings it back', async ({ page, javaScriptEnabled }) => {
  // A long story with axe on every page, beside another browser: given the time it needs.
  test.slow();
  const person = newPerson('Sam');
  const meaning = 'Having good days more often than bad ones, and knowing what to do on the bad ones.';
  const strength = 'I am a good listener';
  const goal = { title: 'Get back to swimming once a week', chime: ['People and belonging', 'Hope'], status: 'Paused for now' };
  const firstStep = 'Find out when the pool is quiet';
  const secondStep = 'Buy new goggles';

  await test.step('create an account', async () => {
    await createAccount(page, person);
    // The NHS template marks the body when its inline script runs: proves which mode this is.
    if (javaScriptEnabled) await expect(page.locator('body')).toHaveClass(/\bjs-enabled\b/);
    else await expect(page.locator('body')).not.toHaveClass(/\bjs-enabled\b/);
  });

  await test.step('open my recovery plan from home', async () => {
    await plan.openFromHome(page);
    await expect(page.getByText('You have not written this yet.')).toBeVisible();
  });

  await test.step('write what recovery means to me', async () => {
    await plan.writeMeaning(page, meaning);
    await expect(page.getByText(meaning)).toBeVisible();
  });

  await test.step('add a strength', async () => {
    await plan.addStrength(page, strength);
    await expect(page.getByRole('region', { name: 'My strengths' }).getByRole('listitem')).toHaveText([strength]);
  });

  await test.step('add a goal in two parts of recovery', async () => {
    await plan.addGoal(page, goal);
    await expect(page.getByText('People and belonging, Hope', { exact: true })).toBeVisible();
    await expect(page.getByText(goal.status, { exact: true })).toBeVisible();
  });

  await test.step('add two small steps to the goal', async () => {
    await plan.addStep(page, firstStep);
    await plan.addStep(page, secondStep);
    await expect(page.getByRole('heading', { name: 'Small steps' })).toBeVisible();
    await expect(page.getByText(firstStep, { exact: true })).toBeVisible();
    await expect(page.getByText(secondStep, { exact: true })).toBeVisible();
  });

  await test.step('the overview, reloaded, shows all of it', async () => {
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await arriveAt(page, 'My recovery plan');
    await page.reload();
    await arriveAt(page, 'My recovery plan');
    await expect(page.getByRole('region', { name: 'What recovery means to me' })).toContainText(meaning);
    await expect(page.getByRole('region', { name: 'My strengths' }).getByRole('listitem')).toHaveText([strength]);
    const entry = goalEntry(page, goal.title);
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText('0 of 2 steps done');
    await expect(entry).toContainText(`Helps with: ${goal.chime.join(' ')}`);
    await expect(entry).not.toContainText('Being myself');
  });

  await test.step('open the version from before the second step', async () => {
    await plan.openHistory(page);
    const versionFive = page.getByRole('row').filter({ has: page.getByRole('link', { name: 'Open version 5', exact: true }) });
    await expect(versionFive).toContainText(`Added the step ‘${firstStep}’`);
    await expect(page.getByRole('row').filter({ hasText: /\b6 \(current\)/ })).toContainText(`Added the step ‘${secondStep}’`);
    // The history table reflows on a small phone (and at 200% zoom): nothing to scroll sideways.
    const size = page.viewportSize();
    await page.setViewportSize({ width: 320, height: 640 });
    expect(await page.locator('html').evaluate((html: { scrollWidth: number }) => html.scrollWidth)).toBeLessThanOrEqual(320);
    if (size) await page.setViewportSize(size);
    await plan.openVersion(page, 5);
    await expect(page.getByText(firstStep, { exact: true })).toBeVisible();
    await expect(page.getByText(secondStep)).toHaveCount(0);
  });

  await test.step('bring that version back', async () => {
    await page.getByRole('button', { name: 'Bring back this version' }).click();
    await arriveAt(page, 'Earlier versions of my plan');
    await expect(page.getByRole('alert')).toContainText('Version 5 has been brought back. It is now your current plan.');
    await expect(page.getByRole('row').filter({ hasText: /\b7 \(current\)/ })).toContainText('Brought back version 5');
  });

  await test.step('the overview shows the plan as it was', async () => {
    await page.getByRole('link', { name: 'Back', exact: true }).click();
    await arriveAt(page, 'My recovery plan');
    await expect(page.getByRole('region', { name: 'What recovery means to me' })).toContainText(meaning);
    await expect(page.getByRole('region', { name: 'My strengths' }).getByRole('listitem')).toHaveText([strength]);
    await expect(goalEntry(page, goal.title)).toContainText(`${goal.title} ${goal.status} 0 of 1 steps done`);
    await goalEntry(page, goal.title).getByRole('link', { name: goal.title }).click();
    await arriveAt(page, goal.title);
    await expect(page.getByText(firstStep, { exact: true })).toBeVisible();
    await expect(page.getByText(secondStep)).toHaveCount(0);
  });
});

test('a removal can be undone from the banner that says it was removed', async ({ page }) => {
  await createAccount(page, newPerson('Kit'));
  await plan.openFromHome(page);
  await page.getByRole('link', { name: 'Add or change my strengths' }).click();
  await arriveAt(page, 'My strengths');
  await page.getByLabel('Add a strength').fill('I keep going');
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Saved.');
  await page.getByRole('button', { name: /^Remove/ }).click();
  await expect(page.getByRole('alert')).toContainText('Removed.');
  await expect(page.getByRole('listitem').filter({ hasText: 'I keep going' })).toHaveCount(0);
  await expectNoAxeViolations(page);
  await page.getByRole('button', { name: 'Undo: bring it back' }).click();
  await arriveAt(page, 'My strengths');
  await expect(page.getByRole('alert')).toContainText('Brought back.');
  await expect(page.getByRole('listitem').filter({ hasText: 'I keep going' })).toBeVisible();
});
