// Formatting shared by the views: numbers with units, times in the exchange's time zone, colours.
export const settings = { timeZone: 'Asia/Shanghai', currency: 'CNY' };

const nf0 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const nf1 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const nf2 = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export function esc(s) {
  return String(s ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}
export const int = n => nf0.format(n ?? 0);
export const one = n => nf1.format(n ?? 0);
export function pct(used, cap) { return cap > 0 ? Math.min(100, Math.round(100 * used / cap)) : 0; }
export function money(v, digits = 2) {
  const sym = settings.currency === 'CNY' ? '¥' : settings.currency + ' ';
  const n = Number(v ?? 0);
  return sym + (digits === 2 ? nf2.format(n) : n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
}
export function gib(v) { return v >= 1024 ? nf1.format(v / 1024) + ' TiB' : nf0.format(v) + ' GiB'; }

// Building an Intl formatter costs far more than using one: keep one per zone and pattern.
const formatters = new Map();
function fmt(opts) {
  const key = settings.timeZone + JSON.stringify(opts);
  let f = formatters.get(key);
  if (!f) { f = new Intl.DateTimeFormat('en-GB', { timeZone: settings.timeZone, hour12: false, ...opts }); formatters.set(key, f); }
  return f;
}
export function time(iso) { return iso ? fmt({ hour: '2-digit', minute: '2-digit' }).format(new Date(iso)) : '—'; }
export function dateTime(iso) {
  return iso ? fmt({ month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(iso)) : '—';
}
// A time of day, with the date when it is not today in the exchange's zone.
export function when(iso) {
  if (!iso) return '—';
  const day = fmt({ year: 'numeric', month: '2-digit', day: '2-digit' });
  return day.format(new Date(iso)) === day.format(new Date()) ? time(iso) : fmt({ day: '2-digit', month: 'short', hour: '2-digit', minute: '2-digit' }).format(new Date(iso));
}
export function age(iso, nowMs = Date.now()) {
  const s = Math.max(0, Math.round((nowMs - new Date(iso).getTime()) / 1000));
  if (s < 90) return s + ' s';
  if (s < 5400) return Math.round(s / 60) + ' min';
  if (s < 172800) return one(s / 3600) + ' h';
  return Math.round(s / 86400) + ' d';
}
export function zoneLabel() { return settings.timeZone; }

// Utilisation scale: five steps, blue for room to spare, amber and red for full.
export const UTIL_STEPS = [
  { upTo: 20, colour: 'var(--u0)', label: '0–20%' },
  { upTo: 40, colour: 'var(--u1)', label: '20–40%' },
  { upTo: 60, colour: 'var(--u2)', label: '40–60%' },
  { upTo: 80, colour: 'var(--u3)', label: '60–80%' },
  { upTo: 101, colour: 'var(--u4)', label: '80–100%' },
];
export function utilColour(p) { return (UTIL_STEPS.find(s => p < s.upTo) || UTIL_STEPS[4]).colour; }
export function utilLegend() {
  return `<span class="item">Utilisation 利用率 <span class="scale">${UTIL_STEPS.map(s =>
    `<i class="sw" style="background:${s.colour}" title="${s.label}"></i>`).join('')}</span> 0% → 100%</span>`;
}

export const TIERS = {
  GENERAL: '通用 General', SUPERCOMPUTING: '超算 Supercomputing', INTELLIGENT: '智算 AI', EDGE: '边缘 Edge',
};
export function tierBadge(t) { return `<span class="tier ${esc(t)}">${esc(TIERS[t] || t)}</span>`; }
export function tierLegend() {
  return Object.entries(TIERS).map(([k, v]) => `<span class="item"><span class="tier ${k}">${v}</span></span>`).join('');
}

export const STATES = {
  QUEUED: '排队 Queued', PLANNED: '已规划 Planned', PLACED: '已落位 Placed', DISPATCHED: '已下发 Dispatched',
  RUNNING: '运行中 Running', SUCCEEDED: '成功 Succeeded', FAILED: '失败 Failed', CANCELLED: '已取消 Cancelled',
};
export function stateBadge(s) { return `<span class="badge ${esc(s)}" data-state="${esc(s)}">${esc(STATES[s] || s)}</span>`; }
export function stateColour(s) { return `var(--s-${String(s).toLowerCase()})`; }

// Carbon intensity bands (gCO2e/kWh): the 2022 grid factors run from about 110 (Yunnan) to 725 (Hebei).
export function carbonColour(g) { return g < 300 ? '#16a34a' : g < 550 ? '#d97706' : '#dc2626'; }
export function carbon(g) { return `<span class="carbon"><span class="dot" style="background:${carbonColour(g)}"></span>${int(g)} gCO₂e/kWh</span>`; }
export function shortId(id) { return id ? id.slice(0, 8) : ''; }
export function jobLabel(j) { return j.externalId ? j.externalId : shortId(j.id ?? j.jobId); }
