// Tenants (departments) and providers (sites): budgets and revenue from the ledger, usage per day
// from metering, and what their plans hold.
import { get } from '../api.js';
import { esc, int, one, pct, money, utilColour, settings, STATES } from '../format.js';
import { throttled, errorBox } from './util.js';

// One colour per budget part; the same three in the legend, the bars and the figures.
const PARTS = [
  { key: 'spent', label: '已支出 Spent', colour: '#1d4ed8' },
  { key: 'held', label: '已冻结 Held', colour: '#f59e0b' },
  { key: 'available', label: '可用 Available', colour: '#86efac' },
];
// Per-day series: what each measures, its unit and colour.
const SERIES = {
  spend: { label: '支出 Spend', unit: settings => settings.currency, colour: '#1d4ed8', fmt: v => money(v) },
  gpuHours: { label: 'GPU 时 GPU-hours', unit: () => 'GPU·h', colour: '#0f766e', fmt: v => `${one(v)} GPU·h` },
  energyKWh: { label: '能耗 Energy', unit: () => 'kWh', colour: '#7c3aed', fmt: v => `${one(v)} kWh` },
  carbonKg: { label: '碳排放 Carbon', unit: () => 'kg CO₂e', colour: '#64748b', fmt: v => `${one(v)} kg CO₂e` },
  revenue: { label: '收入 Revenue', unit: settings => settings.currency, colour: '#15803d', fmt: v => money(v) },
};

export function mount(root) {
  root.innerHTML = `<h1>租户与供给 <small>Tenants (departments) and providers (sites)</small></h1><div id="tenants"><p class="muted">Loading…</p></div>`;
  const box = root.querySelector('#tenants');
  let alive = true;
  const reload = throttled(async () => {
    try {
      const t = await get('/api/v1/dashboard/tenants');
      if (alive) render(box, t);
    } catch (err) { if (alive) box.innerHTML = errorBox(err); }
  }, 2000);
  reload();
  return { onEvent() { reload(); }, destroy() { alive = false; reload.cancel(); } };
}

function quota(used, q, unit) {
  if (q == null) return `${int(used)} ${unit} <span class="muted">no quota</span>`;
  const p = pct(used, q);
  return `<span class="quota"><span class="bar"><i style="width:${p}%;background:${utilColour(p)}"></i></span><span class="num">${int(used)} / ${int(q)} ${unit}</span></span>`;
}

const sum = values => (values || []).reduce((a, v) => a + Number(v), 0);

// A tenant's budget as one bar: spent, held and available as parts of what was topped up.
function budgetBar(b) {
  if (!b.enforced) {
    return `<div class="budget" data-enforced="false"><span class="muted">not topped up · unlimited</span>
      <div class="num muted">${money(b.spent)} spent · ${money(b.held)} held</div></div>`;
  }
  const whole = Math.max(Number(b.toppedUp), sum([b.spent, b.held, Math.max(0, b.available)]), 1e-9);
  return `<div class="budget" data-enforced="true" title="${PARTS.map(p => `${p.label}: ${money(b[p.key])}`).join(' · ')} of ${money(b.toppedUp)} topped up">
    <span class="stack">${PARTS.map(p => `<i style="width:${(100 * Math.max(0, Number(b[p.key])) / whole).toFixed(2)}%;background:${p.colour}"></i>`).join('')}</span>
    <div class="num">${money(b.spent)} / ${money(b.toppedUp)}</div></div>`;
}

// One bar per day, oldest on the left; hover a bar for the day and its value.
function spark(values, days, kind) {
  const s = SERIES[kind];
  const nums = (values || []).map(Number);
  const max = Math.max(...nums, 0);
  const w = 7, gap = 1, h = 26;
  const bars = nums.map((v, i) => {
    const bh = max > 0 ? Math.max(v > 0 ? 2 : 0, Math.round(h * v / max)) : 0;
    return `<rect x="${i * (w + gap)}" y="${h - bh}" width="${w}" height="${bh}" fill="${s.colour}"><title>${esc(days[i])}: ${esc(s.fmt(v))}</title></rect>`
      + `<rect x="${i * (w + gap)}" y="${h}" width="${w}" height="1" fill="#cbd5e1"/>`;
  }).join('');
  return `<span class="spark" data-series="${kind}" data-total="${sum(values)}"><svg width="${nums.length * (w + gap)}" height="${h + 1}" role="img" aria-label="${esc(s.label)} per day">${bars}</svg>
    <span class="num">${esc(s.fmt(sum(values)))}</span></span>`;
}

function dayLabel(iso) {
  const [, m, d] = iso.split('-');
  return `${Number(m)}/${Number(d)}`;
}

function render(box, t) {
  settings.currency = t.currency;
  const days = t.days || [];
  const range = days.length ? `${dayLabel(days[0])} → ${dayLabel(days[days.length - 1])} (${days.length} days, ${esc(t.timeZone)})` : '';
  const states = ['QUEUED', 'PLANNED', 'PLACED', 'RUNNING', 'SUCCEEDED', 'FAILED'];
  box.innerHTML = `
    <div class="legend">
      <span class="item">Budget 预算 ${PARTS.map(p => `<i class="sw" style="background:${p.colour}"></i> ${p.label}`).join(' ')} — of what operators topped up (ledger)</span>
      <span class="item">Per day 每日 ${range}: one bar per day, oldest left, today right; the figure is the sum over the days</span>
      <span class="item">${Object.values(SERIES).map(s => `<i class="sw" style="background:${s.colour}"></i> ${s.label} (${esc(s.unit(settings))})`).join(' ')}</span>
    </div>
    <section class="card"><h2>租户 Tenants <small>${t.tenants.length} departments · budgets from the ledger, usage from metering</small></h2>
      <div class="scroll-x"><table class="t" id="tenant-table"><thead><tr><th>Department 部门</th><th>Budget 预算 <small class="muted">spent / topped up</small></th>
        <th class="r">Held 冻结</th><th class="r">Available 可用</th>
        <th>Spend per day 每日支出</th><th>GPU-hours per day</th><th>Energy per day 能耗</th><th>Carbon per day 碳排放</th>
        <th>GPUs now / quota</th><th>CPU now / quota</th>
        <th>Jobs 作业</th>
        <th class="r">GPU·h planned</th><th class="r">Committed quotes 报价</th></tr></thead>
      <tbody>${t.tenants.map(r => {
        const j = r.jobsByState || {};
        const n = s => s === 'RUNNING' ? (j.RUNNING || 0) + (j.DISPATCHED || 0) : (j[s] || 0);
        const b = r.budget, u = r.usage;
        return `<tr data-tenant="${esc(r.name)}"><td class="who"><b>${esc(r.displayName)}</b>${r.displayName !== r.name ? `<div class="muted">${esc(r.name)}</div>` : ''}</td>
          <td>${budgetBar(b)}</td>
          <td class="r" data-held="${esc(b.held)}">${money(b.held)}</td>
          <td class="r" data-available="${esc(b.available)}">${b.enforced ? money(b.available) : '<span class="muted">unlimited</span>'}</td>
          <td>${spark(u.spend, days, 'spend')}</td><td>${spark(u.gpuHours, days, 'gpuHours')}</td>
          <td>${spark(u.energyKWh, days, 'energyKWh')}</td><td>${spark(u.carbonKg, days, 'carbonKg')}</td>
          <td>${quota(r.gpusNow, r.gpuQuota, 'GPUs')}</td><td>${quota(r.cpuCoresNow, r.cpuQuota, 'cores')}</td>
          <td class="jobs">${states.filter(n).map(s => `<div><span class="badge ${s}">${esc(STATES[s])}</span> ${s === 'QUEUED' || s === 'PLANNED'
            ? `<a href="#/queue?tenant=${encodeURIComponent(r.name)}">${int(n(s))}</a>` : int(n(s))}</div>`).join('') || '<span class="muted">none</span>'}</td>
          <td class="r">${one(r.gpuHoursPlanned)} h</td><td class="r">${money(r.committedQuotes)}</td></tr>`;
      }).join('') || `<tr><td colspan="13" class="empty">No tenants.</td></tr>`}</tbody></table></div>
      <p class="muted small">Spent: usage captured by settlement, net of refunds (topped up = spent + held + available). Held: quotes of committed
        jobs not yet charged. Quotes are the prices of committed plans, not charges; GPU·h planned counts every plan, tentative or committed.</p>
    </section>
    <section class="card" style="margin-top:14px"><h2>供给方 Providers <small>revenue per site from the ledger, after platform fees</small></h2>
      <div class="scroll-x"><table class="t" id="provider-table"><thead><tr><th>Site 站点</th><th>Region 区域</th><th class="r">Revenue 收入 (total)</th>
        <th>Revenue per day 每日收入</th><th>GPU-hours per day</th><th>Energy per day 能耗</th>
        <th class="r">Committed jobs</th><th class="r">GPU·h committed</th><th class="r">Committed quotes 报价</th></tr></thead>
      <tbody>${t.providers.map(p => `<tr data-site="${esc(p.site)}"><td><a href="#/sites/${encodeURIComponent(p.site)}">${esc(p.displayName)}</a>${p.displayName !== p.site ? `<div class="muted">${esc(p.site)}</div>` : ''}</td>
        <td>${esc(p.region || '')}</td><td class="r" data-revenue="${esc(p.revenue)}">${money(p.revenue)}</td>
        <td>${spark(p.revenueByDay, days, 'revenue')}</td><td>${spark(p.gpuHours, days, 'gpuHours')}</td><td>${spark(p.energyKWh, days, 'energyKWh')}</td>
        <td class="r">${int(p.committedJobs)}</td><td class="r">${one(p.gpuHoursCommitted)} h</td><td class="r">${money(p.committedQuotes)}</td></tr>`).join('')
        || '<tr><td colspan="9" class="empty">No revenue, usage or committed plans yet.</td></tr>'}</tbody></table></div>
    </section>`;
}
