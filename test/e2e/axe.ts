import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { expect, test, type Browser, type Page } from '@playwright/test';

export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

type Violations = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'];

/** One line per failing element, so a failure says what to fix and where. */
function describe(violations: Violations): string {
  return violations
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact ?? 'no impact'}) at ${n.target.join(' ')}: ${v.help}`))
    .join('\n');
}

// Legacy mode runs axe.run() in the page itself instead of opening a blank page for every
// check: over twice as fast, and the pages have no cross-origin frames, its one limitation.
const analyze = async (page: Page): Promise<Violations> =>
  (await new AxeBuilder({ page }).withTags(WCAG_TAGS).setLegacyMode(true).analyze()).violations;

const withoutFragment = (url: string) => url.split('#')[0] ?? url;

/** One JavaScript-enabled page per browser, to hold the copies axe checks. It lives as long as
 *  the browser: closing it with each test's page raced the next test's trace recorder. */
const copies = new WeakMap<Browser, Promise<Page>>();

function copyPageFor(page: Page): Promise<Page> {
  const browser = page.context().browser();
  if (!browser) throw new Error('expected a browser for the page');
  const existing = copies.get(browser);
  if (existing) return existing;
  const created = browser.newContext({ javaScriptEnabled: true }).then((context) => context.newPage());
  copies.set(browser, created);
  return created;
}

/**
 * axe runs inside the page, so it cannot run where JavaScript is off. There the page is checked
 * as a copy: the same HTML (scripts taken out, so nothing changes it), served at the same address
 * so the same styles load, in a page that lets axe run.
 */
async function analyzeWithoutJavaScript(page: Page): Promise<Violations> {
  const html = (await page.content()).replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, '');
  const address = withoutFragment(page.url());
  const copy = await copyPageFor(page);
  await copy.setViewportSize(page.viewportSize() ?? { width: 1280, height: 720 });
  const serve = (url: URL) => withoutFragment(url.href) === address;
  await copy.route(serve, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  try {
    await copy.goto(address);
    return await analyze(copy);
  } finally {
    await copy.unroute(serve);
  }
}

/**
 * What axe's answer on a page depends on: its elements and their attributes, and whether each
 * run of text is there, but not what the text says or which record it is about. So words, typed
 * values (and the form's token) and record ids are masked: the sign-in page, or a goal's page,
 * seen again in another journey, with another person's name or goal, has the same shape.
 */
function pageShape(html: string): string {
  return html
    .replace(/>[^<]*\S[^<]*</g, '>T<')
    .replace(/\svalue="[^"]+"/g, ' value="V"')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'U');
}

/**
 * True the first time any journey, in any worker, reaches a page of this shape in this project;
 * false after. The journeys pass the same pages again and again (every one creates its own
 * people, through the same four pages), and checking all 635 visits took 597 s of the two
 * browsers' 1 190: 265 of them were a shape already checked, and now take 5 s between them.
 * Each worker claims a shape by creating a file named by it, which only one can do.
 */
function firstVisit(project: string, html: string): boolean {
  const dataDir = process.env.WAYMARK_E2E_DATA_DIR;
  if (dataDir === undefined) throw new Error('expected WAYMARK_E2E_DATA_DIR, which playwright.config.ts sets');
  const folder = join(dataDir, 'axe-checked', project);
  mkdirSync(folder, { recursive: true });
  const name = createHash('sha256').update(pageShape(html)).digest('hex');
  try {
    closeSync(openSync(join(folder, name), 'wx'));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Runs axe with the WCAG 2.2 AA tags on the page as it is now and fails on any violation; a
 *  page of a shape already checked in this run (see `pageShape`) passes without running it again. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const { name, use } = test.info().project;
  if (!firstVisit(name, await page.content())) return;
  const javaScriptOff = use.javaScriptEnabled === false;
  const violations = javaScriptOff ? await analyzeWithoutJavaScript(page) : await analyze(page);
  expect(describe(violations), `axe found violations on ${page.url()}`).toBe('');
}
