import { expect, test } from '@playwright/test';
import { exampleMeasure } from '../../src/features/journey/fixtures.ts';
import { arriveAt, signIn } from './pages.ts';

test.use({ viewport: { width: 390, height: 844 } });

test('an admin loads a questionnaire from its definition, is told what a broken one needs, and offers it and stops again', async ({
  page,
}) => {
  const withScript = test.info().project.use.javaScriptEnabled !== false;
  const id = withScript ? 'e2e-scripted' : 'e2e-plain';
  await page.goto('/sign-in');
  await signIn(page, 'jordan@example.org', 'orchard-signal-stone');
  await arriveAt(page, 'Hello, Jordan');
  await page.getByRole('link', { name: 'Further check-in questionnaires' }).click();
  await arriveAt(page, 'Further check-in questionnaires');

  const box = page.getByLabel(/Questionnaire definition \(JSON\)/);
  await box.fill('{"id": "broken", "items": "not a list"');
  await page.getByRole('button', { name: 'Check and load' }).click();
  await arriveAt(page, 'Further check-in questionnaires');
  await expect(page.getByRole('link', { name: 'The definition cannot be loaded: see what needs changing' })).toBeVisible();
  await expect(box).toHaveValue('{"id": "broken", "items": "not a list"');

  const text = JSON.stringify(exampleMeasure(id), null, 2);
  if (withScript) {
    // With the page's script, the file itself can be chosen: its contents fill the box.
    await page
      .getByLabel(/Or choose the definition file/)
      .setInputFiles({ name: `${id}.json`, mimeType: 'application/json', buffer: Buffer.from(text) });
    await expect(box).toHaveValue(text);
  } else {
    await expect(page.getByLabel(/Or choose the definition file/)).toBeHidden();
    await box.fill(text);
  }
  await page.getByRole('button', { name: 'Check and load' }).click();
  await arriveAt(page, 'Further check-in questionnaires');
  const loaded = page.getByRole('listitem').filter({ hasText: `Riverside weekly wellbeing ${id}` });
  await expect(loaded).toContainText('2 questions; not offered');
  await loaded.getByRole('button', { name: /Offer to people/ }).click();
  await arriveAt(page, 'Further check-in questionnaires');
  await expect(loaded).toContainText('offered to people');
  // Stopped again, so the demo people's check-ins in other journeys stay as they were.
  await loaded.getByRole('button', { name: /Stop offering/ }).click();
  await arriveAt(page, 'Further check-in questionnaires');
  await expect(loaded).toContainText('not offered');
});
