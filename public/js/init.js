// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/build/nhsuk-frontend.min.js';

initAll();

// Print buttons call the browser's print; without this file they stay hidden.
for (const holder of document.querySelectorAll('[data-print]')) {
  holder.hidden = false;
  holder.querySelector('button')?.addEventListener('click', () => window.print());
}

// Asked for with this file's own ?v= so a new version is never hidden behind the year-long cache.
import(`./offline.js${new URL(import.meta.url).search}`).then((offline) => offline.initOffline()).catch(() => undefined);
import(`./timeout.js${new URL(import.meta.url).search}`).then((m) => m.initTimeout()).catch(() => undefined);
import(`./drafts.js${new URL(import.meta.url).search}`).then((m) => m.initDrafts()).catch(() => undefined);
