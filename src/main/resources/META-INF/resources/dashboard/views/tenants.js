// Tenants (departments) and providers (sites): what exists before settlement, and what awaits it.
import { get } from '../api.js';
import { esc, int, one, pct, money, utilColour, settings, STATES } from '../format.js';
import { throttled, errorBox } from './util.js';

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

function render(box, t) {
  settings.currency = t.currency;
  const states = ['QUEUED', 'PLANNED', 'PLACED', 'RUNNING', 'SUCCEEDED', 'FAILED'];
  box.innerHTML = `
    <div class="notice"><b>Awaiting settlement 待结算功能上线:</b> ${t.pending.map(esc).join(' ')}
      Figures below come from jobs and their plans; quotes are the prices of committed plans, not charges.</div>
    <section class="card"><h2>租户 Tenants <small>${t.tenants.length} departments</small></h2>
      <table class="t" id="tenant-table"><thead><tr><th>Department 部门</th><th>GPUs now / quota</th><th>CPU now / quota</th>
        ${states.map(s => `<th class="r">${esc(STATES[s])}</th>`).join('')}
        <th class="r">GPU·h planned</th><th class="r">GPU·h committed</th><th class="r">Carbon planned</th><th class="r">Committed quotes</th></tr></thead>
      <tbody>${t.tenants.map(r => {
        const j = r.jobsByState || {};
        const n = s => s === 'RUNNING' ? (j.RUNNING || 0) + (j.DISPATCHED || 0) : (j[s] || 0);
        return `<tr data-tenant="${esc(r.name)}"><td><b>${esc(r.displayName)}</b>${r.displayName !== r.name ? `<div class="muted">${esc(r.name)}</div>` : ''}</td>
          <td>${quota(r.gpusNow, r.gpuQuota, 'GPUs')}</td><td>${quota(r.cpuCoresNow, r.cpuQuota, 'cores')}</td>
          ${states.map(s => `<td class="r">${n(s) ? `<a href="#/queue?tenant=${encodeURIComponent(r.name)}">${int(n(s))}</a>` : '<span class="muted">0</span>'}</td>`).join('')}
          <td class="r">${one(r.gpuHoursPlanned)} h</td><td class="r">${one(r.gpuHoursCommitted)} h</td>
          <td class="r">${one(r.carbonKgPlanned)} kg CO₂e</td><td class="r">${money(r.committedQuotes)}</td></tr>`;
      }).join('') || `<tr><td colspan="13" class="empty">No tenants.</td></tr>`}</tbody></table>
    </section>
    <section class="card" style="margin-top:14px"><h2>供给方 Providers <small>committed quotes per site (revenue once settled, before fees)</small></h2>
      <table class="t"><thead><tr><th>Site 站点</th><th>Region</th><th class="r">Committed jobs</th><th class="r">GPU·h committed</th><th class="r">Committed quotes</th></tr></thead>
      <tbody>${t.providers.map(p => `<tr><td><a href="#/sites/${encodeURIComponent(p.site)}">${esc(p.displayName)}</a></td><td>${esc(p.region || '')}</td>
        <td class="r">${int(p.committedJobs)}</td><td class="r">${one(p.gpuHoursCommitted)} h</td><td class="r">${money(p.committedQuotes)}</td></tr>`).join('')
        || '<tr><td colspan="5" class="empty">No committed plans yet.</td></tr>'}</tbody></table>
    </section>`;
}
