import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { FolderNotifier, type EmailMessage } from '../../src/platform/notify.ts';
import { codeFor } from '../../src/features/accounts/authenticator.ts';
import { DEMO_AUTHENTICATOR_SECRET } from '../../src/demo/seed.ts';
import { expectNoAxeViolations } from './axe.ts';

/** Page helpers: every one finds things the way a screen reader user would (role and name,
 * or label), waits for the page it leads to, and checks that page with axe. */

export interface Person {
  name: string;
  email: string;
  password: string;
}

/** A new person with an email no other test uses, so journeys never depend on each other. */
export function newPerson(name: string): Person {
  return { name, email: `e2e-${randomUUID()}@example.com`, password: 'copper kettle on a windy hill 42' };
}

/** Waits for the page whose main heading is `heading`, then checks it with axe. */
export async function arriveAt(page: Page, heading: string | RegExp): Promise<void> {
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  await expectNoAxeViolations(page);
}

/** The path of the link in the newest email of a kind sent to `email`, once the server's job
 *  worker has written it to the outbox folder. */
export async function emailLink(email: string, template: EmailMessage['template']): Promise<string> {
  const outbox = new FolderNotifier(join(process.env.WAYMARK_E2E_DATA_DIR ?? '', 'outbox'));
  let link = '';
  await expect
    .poll(
      async () => {
        const mail = (await outbox.read()).filter((m) => m.to === email && m.template === template).at(-1);
        link = mail?.personalisation.link ?? '';
        return link;
      },
      { timeout: 60_000 },
    )
    .not.toBe('');
  return new URL(link).pathname;
}

/** Creates an account as a person would: the form, then the link emailed to them. */
export async function createAccount(page: Page, person: Person): Promise<void> {
  await page.goto('/create-account');
  await arriveAt(page, 'Create your Waymark account');
  await page.getByLabel('The name you would like to be called').fill(person.name);
  await page.getByLabel('Email address').fill(person.email);
  await page.getByLabel('Create a password').fill(person.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await arriveAt(page, 'Check your email');
  await page.goto(await emailLink(person.email, 'confirm-email'));
  await arriveAt(page, 'Confirm your email address');
  await page.getByRole('button', { name: 'Confirm and start' }).click();
  await arriveAt(page, `Hello, ${person.name}`);
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await arriveAt(page, 'Sign in to Waymark');
}

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

/** The demo supporter Priya's authenticator app key, as the README gives it. */
export const PRIYA = { email: 'priya@example.org', password: 'compass-bramble-song', secret: DEMO_AUTHENTICATOR_SECRET };

/** Gives the code an authenticator app with `secret` shows now. A code works once, so if another
 *  journey (the same one without JavaScript) used this one, it waits for the next and tries again. */
export async function enterCode(page: Page, secret: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    await arriveAt(page, 'Enter the code from your authenticator app');
    await page.getByLabel('Code from your authenticator app').fill(codeFor(secret, new Date()));
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForLoadState();
    if (!new URL(page.url()).pathname.startsWith('/sign-in/code') || attempt === 2) return;
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 1000);
  }
}

/** One goal's entry in the overview's list of goals, found by its title. */
export function goalEntry(page: Page, title: string): Locator {
  return page
    .getByRole('region', { name: 'My goals' })
    .getByRole('listitem')
    .filter({ has: page.getByRole('link', { name: title, exact: true }) });
}

export const plan = {
  async openFromHome(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'My recovery plan' }).click();
    await arriveAt(page, 'My recovery plan');
  },

  async writeMeaning(page: Page, text: string): Promise<void> {
    await page.getByRole('link', { name: 'Write what recovery means to me' }).click();
    await arriveAt(page, 'What recovery means to me');
    await page.getByLabel('What recovery means to me, today').fill(text);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await arriveAt(page, 'My recovery plan');
  },

  async addStrength(page: Page, text: string): Promise<void> {
    await page.getByRole('link', { name: 'Add or change my strengths' }).click();
    await arriveAt(page, 'My strengths');
    await page.getByLabel('Add a strength').fill(text);
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await expect(page.getByRole('listitem').filter({ hasText: text })).toBeVisible();
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Back to my plan' }).click();
    await arriveAt(page, 'My recovery plan');
  },

  async addGoal(page: Page, goal: { title: string; chime: string[]; status: string }): Promise<void> {
    await page.getByRole('link', { name: 'Add a goal' }).click();
    await arriveAt(page, 'Add a goal');
    await page.getByLabel('My goal, in my words').fill(goal.title);
    const areas = page.getByRole('group', { name: 'Which parts of recovery does it help with?' });
    for (const area of goal.chime) await areas.getByLabel(area, { exact: true }).check();
    await page.getByRole('group', { name: 'Where I am with it' }).getByLabel(goal.status, { exact: true }).check();
    await page.getByRole('button', { name: 'Save goal' }).click();
    await arriveAt(page, goal.title);
  },

  async addStep(page: Page, text: string): Promise<void> {
    await page.getByLabel('The step', { exact: true }).fill(text);
    await page.getByRole('button', { name: 'Add step' }).click();
    await expect(page.getByRole('listitem').filter({ hasText: text })).toBeVisible();
    await expectNoAxeViolations(page);
  },

  async openHistory(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'See every earlier version' }).click();
    await arriveAt(page, 'Earlier versions of my plan');
  },

  async openVersion(page: Page, version: number): Promise<void> {
    await page.getByRole('link', { name: `Open version ${version}`, exact: true }).click();
    await arriveAt(page, `My plan, version ${version}`);
  },
};
