// Long writing is kept with the person's account as they type, never in the browser: a pause in
// typing sends the form to `data-draft` (platform/drafts.ts). The form still saves as before.
const PAUSE_MS = 1500;

export function initDrafts() {
  for (const form of document.querySelectorAll('form[data-draft]')) {
    const status = form.querySelector('[data-draft-status]');
    let timer = 0;
    let sent = new URLSearchParams(new FormData(form)).toString();

    async function keep() {
      const body = new URLSearchParams(new FormData(form));
      if (body.toString() === sent) return;
      try {
        const res = await fetch(form.dataset.draft, { method: 'POST', body, headers: { Accept: 'application/json' } });
        if (!res.ok) return;
        const answer = await res.json();
        sent = body.toString();
        if (status) status.textContent = answer.kept;
        document.dispatchEvent(new CustomEvent('waymark:session', { detail: { secondsLeft: answer.secondsLeft } }));
      } catch {
        // No connection: the next pause tries again; saving the form is unchanged.
      }
    }

    form.addEventListener('input', () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(keep, PAUSE_MS);
    });
    form.addEventListener('submit', () => window.clearTimeout(timer));
  }
}
