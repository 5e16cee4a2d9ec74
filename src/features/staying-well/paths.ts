import type { PlanDef } from './model.ts';

/** Every path of one of the wellbeing plans; routes, redirects, links and tests use these. */
export function pathsFor(def: PlanDef) {
  const base = `/${def.slug}/:planId`;
  return {
    mine: `/my-${def.slug}-plan`,
    overview: base,
    section: `${base}/:section`,
    item: `${base}/:section/:itemId`,
    remove: `${base}/:section/:itemId/remove`,
    move: `${base}/:section/:itemId/move`,
    history: `${base}/history`,
    version: `${base}/history/:version`,
    restore: `${base}/history/:version/restore`,
  };
}

export const DOWNLOAD_PATHS = {
  planPdf: '/downloads/my-staying-well-and-crisis-plan.pdf',
  cardPdf: '/downloads/my-crisis-card.pdf',
  safetyPdf: '/downloads/my-safety-plan.pdf',
} as const;

export const OFFLINE_PATHS = {
  copy: '/my-crisis-plan/offline',
  /** Answered by the service worker from the device's cache; the server only when nothing is kept. */
  kept: '/my-crisis-plan/kept',
  worker: '/sw.js',
} as const;

/** Everything I have written: my data as JSON and the PDFs, in one ZIP. */
export const MY_DATA_PATH = '/downloads/my-data.zip';
