// Helpers for views: throttled reloads so a burst of changes costs one request per interval.
export function throttled(fn, intervalMs) {
  let last = 0, timer = null, running = false, again = false;
  const run = async () => {
    timer = null;
    if (running) { again = true; return; }
    running = true; last = Date.now();
    try { await fn(); } finally {
      running = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(run, Math.max(0, intervalMs - (Date.now() - last)));
  };
  schedule.cancel = () => clearTimeout(timer);
  return schedule;
}

export function errorBox(e) {
  return `<div class="error">${e.status === 404 ? 'Not found.' : 'Could not load this view'}: ${String(e.message).replace(/</g, '&lt;')}</div>`;
}
