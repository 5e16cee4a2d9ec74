import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fastifyView from '@fastify/view';
import nunjucks from 'nunjucks';
import { formatDate, formatDateTime } from './dates.ts';
import type { Translate } from './i18n.ts';
import { telHref, withoutBidiControls } from './phone.ts';
import type { SignedIn } from './sessions.ts';

/** What every page can use, set once per request. */
export interface PageLocals {
  t: Translate;
  htmlLang: string;
  account: SignedIn | null;
  cspNonce: string;
  csrfToken: () => string;
  /** A change just made, for the page's banner; a removal's version lets it be undone. */
  done: { kind: 'saved' | 'removed' | 'restored'; version: number | null } | null;
  /** This page's path (no query), for forms that come back to it. */
  here: string;
}

declare module 'fastify' {
  interface FastifyReply {
    locals: PageLocals;
  }
}

const root = fileURLToPath(new URL('../..', import.meta.url));
export const publicDir = `${root}public`;

/** A short hash of the stylesheet and every script in asset URLs lets them be cached for a
 *  year: any change to any of them (scripts import each other with the same `?v=`) makes new URLs. */
export function assetVersion(): string {
  const css = `${publicDir}/build/waymark.css`;
  if (!existsSync(css)) {
    throw new Error('The stylesheet has not been built: run `npm run build:css` (npm start and npm test do it for you).');
  }
  const hash = createHash('sha256').update(readFileSync(css));
  for (const script of readdirSync(`${publicDir}/js`)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    hash.update(script).update(readFileSync(`${publicDir}/js/${script}`));
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * Nunjucks's `trim` filter, with the same answer in linear time. Its own is
 * `replace(/^\s*|\s*$/g, '')`, whose `\s*$` is tried again from every character of a run of
 * spaces: the NHS.UK macros trim whole rendered blocks, deeply indented, and on a directory
 * search page that was a quarter of the app's time for the request. `String.prototype.trim`
 * removes the same characters as `\s`; what is not text goes to the original, as before.
 */
export function trimFilter(original: (value: unknown) => unknown): (value: unknown) => unknown {
  const { SafeString } = nunjucks.runtime;
  return (value) => {
    if (typeof value === 'string') return value.trim();
    if (value instanceof SafeString) return new SafeString(value.toString().trim());
    return original(value);
  };
}

export async function registerViews(app: FastifyInstance): Promise<void> {
  const version = assetVersion();
  await app.register(fastifyView, {
    engine: { nunjucks },
    // Beside this module, so the compiled service (dist/) reads the copies made by the build.
    templates: [
      fileURLToPath(new URL('../views', import.meta.url)),
      fileURLToPath(new URL('../features', import.meta.url)),
      `${root}node_modules/nhsuk-frontend/dist`,
    ],
    defaultContext: { assetVersion: version },
    options: {
      autoescape: true,
      throwOnUndefined: false,
      onConfigure: (env: nunjucks.Environment) => {
        env.addFilter('trim', trimFilter(env.getFilter('trim') as (value: unknown) => unknown));
        env.addFilter('date', formatDate);
        env.addFilter('tel', (v: unknown) => telHref(typeof v === 'string' ? v : ''));
        // Names and numbers stored before bidirectional controls were refused are shown without them.
        env.addFilter('nobidi', (v: unknown) => withoutBidiControls(typeof v === 'string' ? v : ''));
        env.addFilter('dateTime', formatDateTime);
      },
    },
  });
}
