// Progressive enhancement: keeps the crisis and safety plans on this device, through the service
// worker in public/sw.js, when the person asks. Without this script the page works as before and
// the offer stays hidden; a browser that cannot keep a copy says so.
const CACHE_PREFIX = 'waymark-crisis';
const COPY = '/my-crisis-plan/offline';
const WORKER = '/sw.js';
const SIGN_OUT = '/sign-out';
const SIGN_OUT_CHOICE = '/sign-out/choose';
const ANSWER_WITHIN_MS = 20_000;
/** How long signing out waits to learn whether a copy is kept here, before going ahead. */
const SIGN_OUT_CHECK_MS = 2_000;

const dayFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/London' });
const clockFormat = new Intl.DateTimeFormat('en-GB', { hour: 'numeric', minute: '2-digit', hourCycle: 'h23', timeZone: 'Europe/London' });

/** "22 November 2026 at 6:20pm", in GOV.UK style, as the server writes it (src/platform/dates.ts). */
function formatMade(date) {
  const parts = clockFormat.formatToParts(date);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? '0');
  const minute = parts.find((p) => p.type === 'minute')?.value ?? '00';
  let time;
  if (minute === '00' && hour === 12) time = 'midday';
  else if (minute === '00' && hour === 0) time = 'midnight';
  else time = `${hour % 12 === 0 ? 12 : hour % 12}${minute === '00' ? '' : `:${minute}`}${hour < 12 ? 'am' : 'pm'}`;
  return `${dayFormat.format(date)} at ${time}`;
}

const canKeep = () => 'serviceWorker' in navigator && 'caches' in window && window.isSecureContext;

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), ms))]);
}

/** Sends the worker one message and waits for its answer. */
function ask(worker, message, ms = ANSWER_WITHIN_MS) {
  const answer = new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    worker.postMessage(message, [channel.port2]);
  });
  return withTimeout(answer, ms);
}

/** When the copy on this device was made, or null if there is none the worker can show. */
async function keptCopyTime() {
  const [copy, registration] = await Promise.all([caches.match(COPY), navigator.serviceWorker.getRegistration('/')]);
  if (!copy || !registration) return null;
  const match = /\bdata-made-at="([^"]+)"/.exec(await copy.text());
  return match ? match[1] : null;
}

/** The registration's worker once it is active. Not `navigator.serviceWorker.ready`: that stays
 *  settled on the first registration, even after it has been removed and made again. */
function activeWorker(registration) {
  if (registration.active) return Promise.resolve(registration.active);
  const worker = registration.installing || registration.waiting;
  if (!worker) return Promise.reject(new Error('no worker'));
  const activated = new Promise((resolve, reject) => {
    worker.addEventListener('statechange', () => {
      if (worker.state === 'activated') resolve(worker);
      else if (worker.state === 'redundant') reject(new Error('worker failed'));
    });
  });
  return withTimeout(activated, ANSWER_WITHIN_MS);
}

async function keepCopy() {
  const registration = await navigator.serviceWorker.register(WORKER, { scope: '/', updateViaCache: 'none' });
  const answer = await ask(await activeWorker(registration), { type: 'keep' });
  if (!answer || !answer.ok || !answer.madeAt) throw new Error('not kept');
  return answer.madeAt;
}

/** Deletes the kept copy and stops the worker, from any page: the worker need not be running. */
export async function clearDeviceCopy() {
  if ('caches' in window) {
    const names = await caches.keys();
    await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX)).map((name) => caches.delete(name)));
  }
  if ('serviceWorker' in navigator) {
    const registrations = await navigator.serviceWorker.getRegistrations();
    await Promise.all(registrations.map((registration) => registration.unregister()));
  }
}

async function forgetCopy() {
  const registration = await navigator.serviceWorker.getRegistration('/');
  if (registration && registration.active) {
    // The worker also stops any refresh it has under way; the page clears up after it regardless.
    await ask(registration.active, { type: 'forget' }, 5_000).catch(() => undefined);
  }
  await clearDeviceCopy();
}

function offerOnCrisisPlan(block) {
  const status = block.querySelector('[data-offline-status]');
  const keep = block.querySelector('[data-offline-keep]');
  const remove = block.querySelector('[data-offline-remove]');
  if (!status || !keep || !remove) return;
  block.hidden = false;

  if (!canKeep()) {
    status.textContent = status.dataset.unsupportedText ?? '';
    keep.hidden = true;
    remove.hidden = true;
    return;
  }

  const showKept = (madeAt) => {
    status.textContent = (status.dataset.keptText ?? '').replace('{time}', formatMade(new Date(madeAt)));
    keep.hidden = true;
    remove.hidden = false;
  };
  const showNotKept = (text = '') => {
    status.textContent = text;
    keep.hidden = false;
    remove.hidden = true;
  };
  const busy = (on) => {
    keep.disabled = on;
    remove.disabled = on;
  };

  keep.addEventListener('click', async () => {
    busy(true);
    try {
      const madeAt = await keepCopy();
      busy(false);
      showKept(madeAt);
      remove.focus();
    } catch {
      await clearDeviceCopy().catch(() => undefined);
      busy(false);
      showNotKept(status.dataset.unsupportedText ?? '');
    }
  });

  remove.addEventListener('click', async () => {
    busy(true);
    try {
      await forgetCopy();
      busy(false);
      showNotKept();
      keep.focus();
    } catch {
      busy(false);
      const madeAt = await keptCopyTime().catch(() => null);
      if (madeAt) showKept(madeAt);
      else showNotKept();
    }
  });

  keptCopyTime()
    .then((madeAt) => (madeAt ? showKept(madeAt) : showNotKept()))
    .catch(() => showNotKept());
}

/** "Open my crisis plan kept on this device" (src/views/partials/kept-copy.njk): shown only when
 *  a copy is in this browser's cache, read from there with no network call. */
function showKeptCopyLink(block) {
  const made = block.querySelector('[data-kept-copy-made]');
  keptCopyTime()
    .then((madeAt) => {
      if (!madeAt) return;
      if (made) made.textContent = (made.dataset.madeText ?? '').replace('{time}', formatMade(new Date(madeAt)));
      block.hidden = false;
    })
    .catch(() => undefined);
}

/** With a copy kept here, the header's "Sign out" first asks whether to keep it (a page of its
 *  own, /sign-out/choose). Without this script, or with no copy kept, signing out removes it. */
function askBeforeSigningOut(forms) {
  for (const form of forms) {
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      // Asked now, not when the page opened: the copy may have been kept from this very page.
      const kept = withTimeout(keptCopyTime(), SIGN_OUT_CHECK_MS).catch(() => null);
      void kept.then((madeAt) => {
        if (madeAt) window.location.assign(SIGN_OUT_CHOICE);
        else form.submit();
      });
    });
  }
}

export function initOffline() {
  // After signing out (or wherever a page asks), nothing of the person stays on the device.
  if (document.body.hasAttribute('data-signed-out') || document.querySelector('[data-clear-offline]')) {
    clearDeviceCopy().catch(() => undefined);
    return;
  }
  const block = document.querySelector('[data-offline]');
  if (block) offerOnCrisisPlan(block);
  if (!canKeep()) return;
  const link = document.querySelector('[data-kept-copy]');
  if (link) showKeptCopyLink(link);
  // Only the header's form: the choice page's own form says what the person chose.
  const signOutForms = [...document.querySelectorAll(`form[action="${SIGN_OUT}"]`)].filter((f) => !f.querySelector('[name="choosing"]'));
  if (signOutForms.length) askBeforeSigningOut(signOutForms);
}
