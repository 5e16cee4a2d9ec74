// Waymark's service worker: keeps two pages, and shows them when there is no connection:
// - the person's crisis and safety plans, on a device they chose (started by public/js/offline.js
//   when the person asks);
// - the public help page, once it has been visited (started by public/js/help.js), fetched with
//   no cookies so it holds nothing of anyone.
// Nothing else is kept. Every page works without it.
'use strict';

const CACHE = 'waymark-crisis-v1';
const COPY = '/my-crisis-plan/offline';
const HELP_CACHE = 'waymark-help-v1';
const HELP = '/help';
/** "Open my crisis plan kept on this device": always the kept copy, never the network, so it
 *  opens signed out and with no signal. The server answers only when nothing is kept here. */
const KEPT = '/my-crisis-plan/kept';
/** A change to these plans refreshes the kept copy at the next page; so does a visit to them, and
 *  any other page once the copy is a few minutes old. */
const PLAN_PAGES = /^\/(my-crisis-plan|my-safety-plan|crisis\/|safety\/)/;
const REFRESH_EVERY_MS = 5 * 60 * 1000;
const PLAN_PAGE_REFRESH_MS = 30 * 1000;
/** Never stood in for: a download should fail as a download, not turn into the copy. */
const NOT_SUBSTITUTED = /^\/downloads\//;

/** Sent with every page by the server: the mark of the account signed in, if any. */
const ACCOUNT_HEADER = 'x-waymark-account';

let lastRefresh = 0;
/** Whose copy is kept: undefined until read from the cache (the worker may have restarted). */
let keptOwner;
let planChanged = false;
/** Bumped by 'forget', so a refresh that started before it never puts the copy back. */
let generation = 0;

self.addEventListener('install', () => {
  void self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      // A copy kept by an earlier version of this worker moves into this version's cache.
      const older = (await caches.keys()).filter((n) => n.startsWith('waymark-crisis') && n !== CACHE);
      // The help page is public and fetched again at the next visit: an older version's copy goes.
      const olderHelp = (await caches.keys()).filter((n) => n.startsWith('waymark-help') && n !== HELP_CACHE);
      await Promise.all(olderHelp.map((name) => caches.delete(name)));
      for (const name of older) {
        const from = await caches.open(name);
        const to = await caches.open(CACHE);
        for (const request of await from.keys()) {
          const response = await from.match(request);
          if (response) await to.put(request, response);
        }
        await caches.delete(name);
      }
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
    })(),
  );
});

const attr = (html, name) => {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(html);
  return m ? m[1] : null;
};

/** The stylesheet, logo and icon the copy needs to look right (never scripts). */
function assetsIn(html) {
  const urls = new Set();
  for (const m of html.matchAll(/\b(?:href|src)="(\/assets\/[^"]+)"/g)) {
    const url = m[1].replace(/&amp;/g, '&');
    if (!/\.m?js(\?|$)/.test(url)) urls.add(url);
  }
  return [...urls];
}

/** Fetches the person's copy now; null unless it really is their copy (not a sign-in page). */
async function fetchCopy() {
  const res = await fetch(COPY, { credentials: 'same-origin', cache: 'no-store' });
  if (!res.ok || res.redirected || new URL(res.url).pathname !== COPY) return null;
  const html = await res.clone().text();
  if (!html.includes('data-offline-copy')) return null;
  return { res, html, madeAt: attr(html, 'data-made-at'), owner: attr(html, 'data-copy-of') };
}

/** The page's stylesheet, logo and icon, fetched now: every address, and [url, response] for
 *  each that came (the page still reads without its styles). */
async function fetchAssets(html, credentials) {
  const urls = assetsIn(html);
  const fetched = await Promise.all(
    urls.map((url) =>
      fetch(url, { credentials })
        .then((res) => (res.ok ? [url, res] : null))
        .catch(() => null),
    ),
  );
  return { urls, fetched };
}

/** Puts a page and its assets in a cache, and drops whatever else the cache held. */
async function putPage(cache, path, res, assets) {
  for (const entry of assets.fetched) if (entry) await cache.put(entry[0], entry[1]);
  await cache.put(path, res);
  const keep = new Set([path, ...assets.urls].map((u) => new URL(u, self.location.origin).href));
  for (const req of await cache.keys()) if (!keep.has(req.url)) await cache.delete(req);
}

/** Stores the copy and its assets, unless `wanted()` says the person removed it meanwhile. */
async function store(copy, wanted = () => true) {
  const fetched = await fetchAssets(copy.html, 'same-origin');
  if (!wanted()) return;
  await putPage(await caches.open(CACHE), COPY, copy.res, fetched);
  keptOwner = copy.owner;
  lastRefresh = Date.now();
  if (!wanted()) await caches.delete(CACHE);
}

/** Keeps the help page for `nation` as anyone signed out sees it: fetched with no cookies, and
 *  refused if it is not the help page or names an account. */
async function keepHelp(nation) {
  const known = typeof nation === 'string' && /^[a-z-]{1,20}$/.test(nation);
  const res = await fetch(known ? `${HELP}?nation=${nation}` : HELP, { credentials: 'omit', cache: 'no-store' });
  if (!res.ok || res.redirected || res.headers.has(ACCOUNT_HEADER)) return { ok: false };
  const html = await res.clone().text();
  if (!html.includes('data-help-page')) return { ok: false };
  await putPage(await caches.open(HELP_CACHE), HELP, res, await fetchAssets(html, 'omit'));
  return { ok: true };
}

async function keptCopy() {
  return caches.match(COPY, { cacheName: CACHE });
}

async function keptHelp() {
  return caches.match(HELP, { cacheName: HELP_CACHE });
}

async function keep() {
  const copy = await fetchCopy();
  if (!copy) return { ok: false };
  await store(copy);
  return { ok: true, madeAt: copy.madeAt };
}

async function forget() {
  generation += 1;
  keptOwner = null;
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith('waymark-crisis')).map((n) => caches.delete(n)));
  // The help page is nobody's: while it is kept, the worker stays to show it offline.
  if (!(await keptHelp())) await self.registration.unregister();
  return { ok: true };
}

/** Refreshes an existing copy in the background; never starts one, never swaps in someone else's.
 *  When someone else is now signed in here, the kept copy goes: its owner's session ended
 *  without signing out (a timeout), and the next person must never be shown it. */
async function refresh() {
  const started = generation;
  const kept = await keptCopy();
  if (!kept) return;
  lastRefresh = Date.now();
  const owner = attr(await kept.text(), 'data-copy-of');
  let copy;
  try {
    copy = await fetchCopy();
  } catch {
    return;
  }
  if (copy && copy.owner !== owner) {
    await forget();
    return;
  }
  if (!copy || !(await caches.has(CACHE))) return;
  await store(copy, () => started === generation);
}

async function ownerOfKeptCopy() {
  if (keptOwner === undefined) {
    const kept = await keptCopy();
    keptOwner = kept ? attr(await kept.text(), 'data-copy-of') : null;
  }
  return keptOwner;
}

/** On every page online: when someone other than the copy's owner is signed in here, the copy
 *  goes, whatever else happened (a session that ended without signing out, another tab). */
async function forgetIfSomeoneElse(viewer) {
  const owner = await ownerOfKeptCopy();
  if (owner && owner !== viewer) await forget();
}

function refreshAfter(event, path) {
  if (path === COPY) return;
  const since = Date.now() - lastRefresh;
  if (planChanged || since > REFRESH_EVERY_MS || (PLAN_PAGES.test(path) && since > PLAN_PAGE_REFRESH_MS)) {
    planChanged = false;
    event.waitUntil(refresh().catch(() => undefined));
  }
}

/** A kept page, with its note that this is the copy on the device made visible. */
async function shownOffline(kept) {
  const html = (await kept.text()).replace('data-offline-note hidden', 'data-offline-note');
  const headers = new Headers(kept.headers);
  headers.delete('content-length');
  headers.delete('content-encoding');
  return new Response(html, { status: 200, statusText: 'OK', headers });
}

/** With no network: the help page at its own address; anywhere else the person's kept copy,
 *  or else the help page; otherwise the browser's own offline page. */
async function offlineAnswer(path) {
  const order = path === HELP ? [keptHelp, keptCopy] : [keptCopy, keptHelp];
  for (const kept of order) {
    const page = await kept();
    if (page) return shownOffline(page);
  }
  return Response.error();
}

async function navigate(event) {
  const path = new URL(event.request.url).pathname;
  try {
    const res = (await event.preloadResponse) || (await fetch(event.request));
    const viewer = res.headers.get(ACCOUNT_HEADER);
    if (viewer) {
      const checked = forgetIfSomeoneElse(viewer).catch(() => undefined);
      event.waitUntil(checked);
      // The check finishes before the page shows, so the copy is gone before anything else.
      await checked;
    }
    refreshAfter(event, path);
    return res;
  } catch {
    // No network: a kept page if there is one, otherwise the browser's own offline page.
    return NOT_SUBSTITUTED.test(path) ? Response.error() : offlineAnswer(path);
  }
}

/** Only the person's kept crisis copy: with none here, the server says so (and who to call). */
async function keptAnswer(event) {
  const page = await keptCopy();
  return page ? shownOffline(page) : fetch(event.request);
}

async function asset(request) {
  const kept = (await caches.match(request, { cacheName: CACHE })) || (await caches.match(request, { cacheName: HELP_CACHE }));
  return kept || fetch(request);
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Left to the network as it is; a change to a plan means the copy is refreshed next.
    if (request.method === 'POST' && PLAN_PAGES.test(url.pathname)) planChanged = true;
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(url.pathname === KEPT ? keptAnswer(event) : navigate(event));
  } else if (url.pathname.startsWith('/assets/') && (request.destination === 'style' || request.destination === 'image')) {
    event.respondWith(asset(request));
  }
});

self.addEventListener('message', (event) => {
  const type = event.data && event.data.type;
  const port = event.ports[0];
  const work = type === 'keep' ? keep() : type === 'forget' ? forget() : type === 'keep-help' ? keepHelp(event.data.nation) : null;
  if (!work) return;
  event.waitUntil(
    work
      .catch(() => ({ ok: false }))
      .then((result) => {
        if (port) port.postMessage(result);
      }),
  );
});
