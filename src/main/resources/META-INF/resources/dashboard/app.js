// The operator dashboard: a hash router over five views, one live stream shared by all of them.
import { get, onSignInNeeded, signIn, signOut } from './api.js';
import { connect } from './stream.js';
import { settings } from './format.js';
import * as estate from './views/estate.js';
import * as site from './views/site.js';
import * as queue from './views/queue.js';
import * as job from './views/job.js';
import * as tenants from './views/tenants.js';

const ROUTES = [
  { re: /^#\/estate$/, view: estate, tab: 'estate' },
  { re: /^#\/sites\/([^/]+)$/, view: site, tab: 'estate' },
  { re: /^#\/queue(?:\?tenant=([^/&]*))?$/, view: queue, tab: 'queue' },
  { re: /^#\/jobs\/([0-9a-f-]+)$/, view: job, tab: 'queue' },
  { re: /^#\/tenants$/, view: tenants, tab: 'tenants' },
];

const main = document.getElementById('view');
let current = null;

function route() {
  const hash = location.hash || '#/estate';
  const match = ROUTES.map(r => ({ r, m: hash.match(r.re) })).find(x => x.m);
  if (!match) { location.hash = '#/estate'; return; }
  current?.destroy?.();
  document.querySelectorAll('#tabs a').forEach(a => a.classList.toggle('active', a.dataset.tab === match.r.tab));
  main.innerHTML = '';
  const params = match.m.slice(1).map(p => p === undefined ? undefined : decodeURIComponent(p));
  current = match.r.view.mount(main, params);
}

const LABELS = { live: '实时 Live', connecting: 'Connecting…', reconnecting: '重连中 Reconnecting…', offline: '离线 Offline · retrying' };
function setConnection(state) {
  const el = document.getElementById('conn');
  el.dataset.state = state;
  el.querySelector('b').textContent = LABELS[state] || state;
}

let lastInstance = null;
function onEvent(type, payload) {
  if (type === 'hello') {
    // A new connection (first, after a network drop or after a server restart): the view may have
    // missed changes, so it reloads once; deltas follow from here.
    const restarted = lastInstance !== null && lastInstance !== payload.instance;
    lastInstance = payload.instance;
    current?.onEvent?.('resync', { restarted });
    return;
  }
  current?.onEvent?.(type, payload);
}

function tickClock() {
  const f = new Intl.DateTimeFormat('en-GB', { timeZone: settings.timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
  document.getElementById('clock').textContent = f.format(new Date()) + ' ' + settings.timeZone;
}

// Operators sign in with a bearer token; a refused one (401) or a role that may not read the
// dashboard (403) brings the form back.
function setUpSignIn() {
  const dialog = document.getElementById('signin');
  const why = document.getElementById('signin-why');
  const usual = why.textContent;
  onSignInNeeded(status => {
    if (dialog.open) return;
    why.textContent = status === 403 ? 'This token\'s role may not read the dashboard: sign in as an operator or regulator.' : usual;
    dialog.showModal();
  });
  document.getElementById('signin-form').addEventListener('submit', () => {
    signIn(document.getElementById('signin-token').value);
    document.getElementById('signin-token').value = '';
    route();
  });
  document.getElementById('signout').addEventListener('click', () => { signOut(); location.reload(); });
}

function start() {
  setUpSignIn();
  // The views carry the time zone and currency they need; the settings only set the header clock,
  // so they load beside the first view instead of before it.
  get('/api/v1/settings').then(s => {
    settings.timeZone = s.timeZone || settings.timeZone;
    settings.currency = s.currency || settings.currency;
  }).catch(() => { /* defaults */ });
  tickClock();
  setInterval(tickClock, 1000);
  window.addEventListener('hashchange', route);
  route();
  connect({ onEvent, onState: setConnection });
}
start();
