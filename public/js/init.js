// Progressive enhancement only: every page works without this file.
import { initAll } from '/assets/build/nhsuk-frontend.min.js';

initAll();

// Print buttons call the browser's print; without this file they stay hidden.
for (const holder of document.querySelectorAll('[data-print]')) {
  holder.hidden = false;
  holder.querySelector('button')?.addEventListener('click', () => window.print());
}

// A chosen file is read into the text box it names, to be checked and sent as pasted text is.
for (const holder of document.querySelectorAll('[data-file-into]')) {
  const box = document.getElementById(holder.dataset.fileInto ?? '');
  const input = holder.querySelector('input[type="file"]');
  if (!(box instanceof HTMLTextAreaElement) || !(input instanceof HTMLInputElement)) continue;
  holder.hidden = false;
  const tooBig = holder.querySelector('[data-file-error]');
  input.addEventListener('change', () => {
    const file = input.files?.[0];
    // The server takes a megabyte at most: a bigger file is not read into the page at all.
    const big = file !== undefined && file.size > 1024 * 1024;
    if (tooBig instanceof HTMLElement) tooBig.hidden = !big;
    if (!file || big) return;
    file.text().then(
      (text) => {
        box.value = text;
      },
      () => undefined,
    );
  });
}

// Asked for with this file's own ?v= so a new version is never hidden behind the year-long cache.
import(`./offline.js${new URL(import.meta.url).search}`).then((offline) => offline.initOffline()).catch(() => undefined);
import(`./timeout.js${new URL(import.meta.url).search}`).then((m) => m.initTimeout()).catch(() => undefined);
import(`./drafts.js${new URL(import.meta.url).search}`).then((m) => m.initDrafts()).catch(() => undefined);
