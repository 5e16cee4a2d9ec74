// The GOV.UK timeout warning: two minutes before the session ends, a dialog offers to stay signed
// in. Any signed-in request (a draft kept, "Stay signed in") starts the time again, and says so
// with a `waymark:session` event carrying the seconds left. When the time is up, the person is
// taken to sign in, and comes back to the page they were on.
const WARN_SECONDS = 120;

export function initTimeout() {
  const dialog = document.querySelector('[data-timeout]');
  if (!dialog || typeof dialog.showModal !== 'function') return;
  const countdown = dialog.querySelector('[data-timeout-countdown]');
  const spoken = dialog.querySelector('[data-timeout-spoken]');
  const stay = dialog.querySelector('[data-timeout-stay]');
  let endsAt = 0;
  let warnTimer = 0;
  let tick = 0;

  const words = (seconds) => {
    const minutes = Math.ceil(seconds / 60);
    const [n, one, many] =
      seconds > 60 ? [minutes, dialog.dataset.minute, dialog.dataset.minutes] : [seconds, dialog.dataset.second, dialog.dataset.seconds];
    return (n === 1 ? one : many).replace('%N%', String(n));
  };

  function expire() {
    window.clearInterval(tick);
    const here = window.location.pathname + window.location.search;
    window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
  }

  function update() {
    const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
    if (left === 0) return expire();
    countdown.textContent = words(left);
    // Spoken now and then, not every second: at the start, each minute, then at 30 and 10 seconds.
    if (left === WARN_SECONDS || left % 60 === 0 || left === 30 || left === 10) spoken.textContent = words(left);
  }

  function warn() {
    update();
    spoken.textContent = words(Math.max(0, Math.round((endsAt - Date.now()) / 1000)));
    if (!dialog.open) dialog.showModal();
    tick = window.setInterval(update, 1000);
  }

  function start(secondsLeft) {
    window.clearTimeout(warnTimer);
    window.clearInterval(tick);
    if (dialog.open) dialog.close();
    endsAt = Date.now() + secondsLeft * 1000;
    warnTimer = window.setTimeout(warn, Math.max(0, secondsLeft - WARN_SECONDS) * 1000);
  }

  stay.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const res = await fetch(stay.action, {
        method: 'POST',
        body: new URLSearchParams(new FormData(stay)),
        headers: { Accept: 'application/json' },
      });
      if (!res.ok) return expire();
      start((await res.json()).secondsLeft);
    } catch {
      // No connection: the dialog stays, and the person can try again.
    }
  });
  // Escape closes a modal dialog; here it means "stay", as the GOV.UK pattern has it.
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    stay.requestSubmit();
  });
  document.addEventListener('waymark:session', (event) => start(event.detail.secondsLeft));
  start(Number(dialog.dataset.secondsLeft));
}
