import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

// E2E_PORT lets two checkouts run their journeys side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://127.0.0.1:${PORT}`;

// Playwright loads this file in the runner and again in every worker. Only the runner makes
// the data folder (workers inherit it through the environment), and only the runner removes
// it, at exit, after the web server has been stopped.
const inherited = process.env.WAYMARK_E2E_DATA_DIR;
const dataDir = inherited ?? mkdtempSync(join(tmpdir(), 'waymark-e2e-'));
if (inherited === undefined) {
  process.env.WAYMARK_E2E_DATA_DIR = dataDir;
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
}

export default defineConfig({
  testDir: 'test/e2e',
  fullyParallel: true,
  // Two browsers at once: every journey makes its own people, so none depends on another's rows.
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: 'list',
  // A journey takes 10–25 s alone on a quiet machine, and up to a minute on a busy one with the
  // checks lane beside it (as in CI); the long ones are marked slow, which triples the limit.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', use: { javaScriptEnabled: true } },
    // The same journeys again with no JavaScript: every page must work without it.
    { name: 'chromium-no-js', use: { javaScriptEnabled: false }, testMatch: /journey\.spec\.ts$/ },
  ],
  webServer: {
    command: 'node dist/server.js',
    url: `${BASE_URL}/health`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    env: {
      NODE_ENV: 'development',
      PORT: String(PORT),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      OUTBOX_DIR: join(dataDir, 'outbox'),
      // The demo people give the pages only an admin, or a long history, can reach.
      DEMO_DATA: 'auto',
      LOG_LEVEL: 'warn',
      // Every journey signs people in from this one address, far more often than anyone would.
      SIGN_IN_LIMIT: '1000',
      // The reminder journey runs the worker's reminder tick as at the reminder's time (POST
      // /test/reminders-tick); every other clock stays real, so the journeys beside it are untouched.
      TEST_REMINDER_TICK: 'true',
    },
  },
});
