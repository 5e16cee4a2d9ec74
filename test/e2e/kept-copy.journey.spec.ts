import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { arriveAt, createAccount, newPerson, signIn, type Person } from './pages.ts';
import { expectKeptCopyAt, expectNothingPersonalAt, offline, openPlan, writeAll, type Entry } from './wellbeing-pages.ts';

// A phone: where someone in a bad moment is most likely to be.
test.use({ viewport: { width: 390, height: 844 } });

const CONTACT = 'Ffion Hughes';
const REASON = 'Walking the dog on the beach';
const CRISIS: Entry[] = [{ section: 'People to contact', fields: { Name: CONTACT, 'Phone number (optional)': '01632 960123 ext 4' } }];
const SAFETY: Entry[] = [{ section: 'What matters most to me, my reasons for living', fields: { 'What matters most to me': REASON } }];
const PERSONAL = [CONTACT, REASON];
const OPEN_KEPT = 'Open my crisis plan kept on this device';
const CHOICE = 'Keep your crisis plan on this device after you sign out?';

async function personWithPlans(page: Page): Promise<Person> {
  const person = newPerson('Morgan');
  await createAccount(page, person);
  await writeAll(page, 'crisis', CRISIS, false);
  await writeAll(page, 'safety', SAFETY, false);
  return person;
}

/** Keeps the copy from the safety plan, where "If I'm in crisis" lands. */
async function keepFromSafetyPlan(page: Page): Promise<void> {
  await openPlan(page, 'safety', false);
  await expect(page.getByText('Anyone using this browser can open the kept copy, without your password.')).toBeVisible();
  await offline.keepButton(page).click();
  await expect(offline.status(page)).toContainText(/kept on this device\. Copy last updated/);
  await expectNoAxeViolations(page);
}

async function signOutChoosing(page: Page, choice: 'Yes, keep it on this device' | 'No, remove it from this device'): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await arriveAt(page, CHOICE);
  await page.getByLabel(choice).check();
  await page.getByRole('button', { name: 'Sign out' }).last().click();
  await arriveAt(page, 'Sign in to Waymark');
}

test.describe('the crisis plan kept on this device, signed out', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'keeping a copy needs JavaScript; without it signing out always removes it');

  test('keep a copy, sign out keeping it, open it from the sign-in page (offline too), then sign out removing it', async ({
    page,
    context,
  }) => {
    test.slow();
    const person = await personWithPlans(page);

    await test.step('the safety plan starts with full-width call buttons, named by who they call', async () => {
      await openPlan(page, 'safety');
      const mine = page.getByRole('link', { name: `Call ${CONTACT} on 01632 960123 ext 4` });
      await expect(mine).toHaveAttribute('href', 'tel:01632960123,4');
      for (const button of [mine, page.getByRole('link', { name: 'Call Samaritans free on 116 123' })]) {
        const box = await button.boundingBox();
        expect(box?.height ?? 0).toBeGreaterThanOrEqual(44);
        expect(box?.width ?? 0).toBeGreaterThan(390 * 0.8);
      }
    });

    await test.step('keep a copy on this device, from the safety plan', () => keepFromSafetyPlan(page));

    await test.step('sign out, choosing to keep it', async () => {
      await signOutChoosing(page, 'Yes, keep it on this device');
      await expect(page.getByText('Your crisis plan is still kept on this device')).toBeVisible();
      expect(await offline.cacheNames(page)).not.toEqual([]);
    });

    await test.step('the sign-in page opens the kept copy, with no session', async () => {
      await page.getByRole('link', { name: OPEN_KEPT }).click();
      await arriveAt(page, 'My crisis and safety plans');
      await expect(page.getByText('You are seeing the copy kept on this device.')).toBeVisible();
      for (const text of PERSONAL) await expect(page.getByText(text, { exact: true }).first()).toBeVisible();
      await page.goBack();
      await arriveAt(page, 'Sign in to Waymark');
    });

    await test.step('with no signal, the sign-in page and its link open the kept copy', async () => {
      await expectKeptCopyAt(context, page, '/sign-in', PERSONAL);
      await expectKeptCopyAt(context, page, '/my-crisis-plan/kept', PERSONAL);
    });

    await test.step('a page that is not there offers it too', async () => {
      await page.goto('/no-such-page');
      await arriveAt(page, 'Page not found');
      await expect(page.getByRole('link', { name: OPEN_KEPT })).toBeVisible();
    });

    await test.step('signing in again keeps my own copy; signing out removing it leaves nothing', async () => {
      await page.goto('/sign-in');
      await signIn(page, person.email, person.password);
      await arriveAt(page, 'Hello, Morgan');
      expect(await offline.cacheNames(page)).not.toEqual([]);
      await signOutChoosing(page, 'No, remove it from this device');
      await expect.poll(() => offline.cacheNames(page)).toEqual([]);
      await expect.poll(() => offline.workerCount(page)).toBe(0);
      await page.goto('/sign-in');
      await expect(page.getByRole('heading', { level: 1, name: 'Sign in to Waymark' })).toBeVisible();
      await expect(page.getByRole('link', { name: OPEN_KEPT })).toBeHidden();
      await expectNothingPersonalAt(context, page, '/my-crisis-plan/kept', PERSONAL);
      await expectNothingPersonalAt(context, page, '/sign-in', PERSONAL);
    });
  });

  test('a copy kept at sign-out is gone before the next person to sign in here sees any page', async ({ page, context }) => {
    await personWithPlans(page);
    await keepFromSafetyPlan(page);
    await signOutChoosing(page, 'Yes, keep it on this device');
    await expect(page.getByRole('link', { name: OPEN_KEPT })).toBeVisible();

    await createAccount(page, newPerson('Sam'));
    expect(await offline.cacheNames(page)).toEqual([]);
    expect(await offline.workerCount(page)).toBe(0);
    await expectNothingPersonalAt(context, page, '/my-crisis-plan/kept', PERSONAL);
    await expectNothingPersonalAt(context, page, '/my-safety-plan', PERSONAL);
  });

  test('the choice asks again when nothing is chosen', async ({ page }) => {
    await personWithPlans(page);
    await keepFromSafetyPlan(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await arriveAt(page, CHOICE);
    await page.getByRole('button', { name: 'Sign out' }).last().click();
    await arriveAt(page, CHOICE);
    await page.getByRole('link', { name: 'Choose whether to keep your crisis plan on this device' }).click();
    await expect(page.getByLabel('Yes, keep it on this device')).toBeFocused();
  });
});

test('with no copy kept, signing out asks nothing, and the sign-in page offers no kept copy', async ({ page }) => {
  await createAccount(page, newPerson('Robin'));
  await page.getByRole('button', { name: 'Sign out' }).click();
  await arriveAt(page, 'Sign in to Waymark');
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await expect(page.getByRole('link', { name: OPEN_KEPT })).toBeHidden();
});
