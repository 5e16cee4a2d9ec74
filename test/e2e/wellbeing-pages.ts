import { expect, type BrowserContext, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './axe.ts';
import { arriveAt } from './pages.ts';

/** Page helpers for the staying-well, crisis and safety plans, found by role, name and label. */

export type PlanSlug = 'staying-well' | 'crisis' | 'safety';

export const PLAN_TITLES: Record<PlanSlug, string> = {
  'staying-well': 'My staying-well plan',
  crisis: 'My crisis plan',
  safety: 'My safety plan',
};

/** What to write in one section: text boxes by label, and at most one radio choice. */
export interface Entry {
  section: string;
  fields: Record<string, string>;
  choice?: { group: string; option: string };
  /** a one-off section, saved rather than added to */
  text?: boolean;
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A link whose visible text is followed by visually hidden context: "Change: What helps". */
const linkWithContext = (page: Page, text: string, context: string) =>
  page.getByRole('link', { name: new RegExp(`^${escaped(text)} ?: ${escaped(context)}$`) });

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name, exact: true });

export async function openPlan(page: Page, slug: PlanSlug, axe = true): Promise<void> {
  await page.goto(`/my-${slug}-plan`);
  if (axe) await arriveAt(page, PLAN_TITLES[slug]);
  else await expect(heading(page, PLAN_TITLES[slug])).toBeVisible();
}

export const firstValue = (entry: Entry) => Object.values(entry.fields)[0] ?? '';

/** Writes one entry through its section's own form, from the section's address. */
async function write(page: Page, href: string, entry: Entry, axe: boolean): Promise<void> {
  await page.goto(href);
  await expect(heading(page, entry.section)).toBeVisible();
  // Each page is checked once, in its fullest state: a list section once it holds the new item.
  if (axe && entry.text) await expectNoAxeViolations(page);

  if (entry.choice) await page.getByRole('group', { name: entry.choice.group }).getByLabel(entry.choice.option, { exact: true }).check();
  for (const [label, value] of Object.entries(entry.fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await page.getByRole('button', { name: entry.text ? 'Save' : 'Add', exact: true }).click();

  // A list section comes back to itself with the new item; a one-off section goes back to the plan.
  if (entry.text) {
    await expect(page).toHaveURL(/#/);
    return;
  }
  await expect(heading(page, entry.section)).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: firstValue(entry) })).toBeVisible();
  if (axe) await expectNoAxeViolations(page);
}

/**
 * Follows the plan's "Add or change" link for each entry's section, writes the entry there, and
 * comes back to the plan, which then shows every entry in its own section.
 */
export async function writeAll(page: Page, slug: PlanSlug, entries: readonly Entry[], axe = true): Promise<void> {
  await openPlan(page, slug, false);
  const hrefs: string[] = [];
  for (const entry of entries) hrefs.push((await linkWithContext(page, 'Add or change', entry.section).getAttribute('href')) ?? '');
  for (const [i, entry] of entries.entries()) await write(page, hrefs[i] ?? '', entry, axe);
  await openPlan(page, slug, axe);
  for (const entry of entries)
    await expect(page.getByRole('region', { name: entry.section, exact: true })).toContainText(firstValue(entry));
}

/** The crisis plan's offer to keep a copy on this device (shown only with JavaScript). */
export const offline = {
  region: (page: Page) => page.locator('[data-offline]'),
  status: (page: Page) => page.locator('[data-offline-status]'),
  keepButton: (page: Page) => page.getByRole('button', { name: 'Keep on this device', exact: true }),
  removeButton: (page: Page) => page.getByRole('button', { name: 'Remove from this device', exact: true }),

  async keep(page: Page): Promise<void> {
    await openPlan(page, 'crisis', false);
    await offline.keepButton(page).click();
    await expect(offline.status(page)).toContainText(
      /kept on this device\. Copy last updated \d{1,2} \w+ \d{4} at (?:midday|midnight|\d{1,2}(?::\d{2})?[ap]m)/,
    );
    await expect(offline.removeButton(page)).toBeFocused();
    await expect(offline.keepButton(page)).toBeHidden();
  },

  async remove(page: Page): Promise<void> {
    await openPlan(page, 'crisis', false);
    await offline.removeButton(page).click();
    await expect(offline.keepButton(page)).toBeFocused();
    await expect(offline.status(page)).toHaveText('');
  },

  // Run in the page as text: the tests are compiled without the DOM's types.
  /** Names of the caches this origin holds. */
  cacheNames: (page: Page): Promise<string[]> => page.evaluate<string[]>('caches.keys()'),
  /** The kept copy's HTML, or '' when there is none. */
  keptCopy: (page: Page): Promise<string> =>
    page.evaluate<string>("caches.match('/my-crisis-plan/offline').then((r) => (r ? r.text() : ''))"),
  /** How many service workers this origin has registered. */
  workerCount: (page: Page): Promise<number> => page.evaluate<number>('navigator.serviceWorker.getRegistrations().then((r) => r.length)'),
};

/** Opens `path` with the network off: the kept copy, with what it must show. */
export async function expectKeptCopyAt(context: BrowserContext, page: Page, path: string, texts: readonly string[]): Promise<void> {
  await context.setOffline(true);
  try {
    await page.goto(path);
    await expect(heading(page, 'My crisis and safety plans')).toBeVisible();
    await expect(page.getByText('You are seeing the copy kept on this device.')).toBeVisible();
    await expect(page.getByText(/^This copy was made \d{1,2} \w+ \d{4} at (?:midday|midnight|\d{1,2}(?::\d{2})?[ap]m)/)).toBeVisible();
    for (const text of texts) await expect(page.getByText(text, { exact: true }).first()).toBeVisible();
  } finally {
    await context.setOffline(false);
  }
}

/**
 * Opens `path` with the network off and finds nothing of the person: the browser's own
 * offline error (or any page) that holds none of their words and is not the kept copy.
 */
export async function expectNothingPersonalAt(context: BrowserContext, page: Page, path: string, texts: readonly string[]): Promise<void> {
  await context.setOffline(true);
  try {
    let failed: boolean;
    try {
      const response = await page.goto(path);
      failed = response === null || response.status() >= 400;
    } catch {
      failed = true;
    }
    const html = await page.content();
    expect(failed, `expected ${path} to fail with the network off`).toBe(true);
    expect(html).not.toContain('My crisis and safety plans');
    for (const text of texts) expect(html).not.toContain(text);
  } finally {
    await context.setOffline(false);
  }
}
