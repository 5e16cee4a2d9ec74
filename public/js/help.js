// Progressive enhancement: keeps the help page on this device through the service worker
// (public/sw.js), so it opens with no connection too. The worker fetches its own copy with no
// cookies, so the copy it keeps holds nothing of the person, only the nation this page shows.
// Without this script (or without service workers) the page works as before.
const WORKER = '/sw.js';

async function keepHelpPage() {
  const page = document.querySelector('[data-help-page]');
  if (!page || !('serviceWorker' in navigator) || !('caches' in window) || !window.isSecureContext) return;
  await navigator.serviceWorker.register(WORKER, { scope: '/', updateViaCache: 'none' });
  const registration = await navigator.serviceWorker.ready;
  registration.active?.postMessage({ type: 'keep-help', nation: page.dataset.nation ?? '' });
}

keepHelpPage().catch(() => undefined);
