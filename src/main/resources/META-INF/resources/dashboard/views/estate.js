// Estate: regions east to west, each site's tier, utilisation now and over the horizon, prices, carbon.
import { get } from '../api.js';
import { esc, int, one, pct, gib, money, time, utilColour, utilLegend, tierBadge, tierLegend, carbon, carbonColour, settings } from '../format.js';
import { throttled, errorBox } from './util.js';

export function mount(root) {
  root.innerHTML = `<h1>城市算力资源总览 <small>Estate · 东数西算 regions from east to west</small></h1><div id="estate"><p class="muted">Loading…</p></div>`;
  const box = root.querySelector('#estate');
  let alive = true;
  const reload = throttled(async () => {
    try {
      const e = await get('/api/v1/dashboard/estate');
      if (alive) {
        render(box, e);
        if (!performance.getEntriesByName('estate-rendered').length) performance.mark('estate-rendered');
      }
    } catch (err) { if (alive) box.innerHTML = errorBox(err); }
  }, 700);
  reload();
  return {
    onEvent(type, payload) {
      if (type === 'jobs' && !payload.jobs.some(j => j.planSite)) return; // a plan-less change moves no capacity
      reload();
    },
    destroy() { alive = false; reload.cancel(); },
  };
}

function render(box, e) {
  settings.currency = e.currency; settings.timeZone = e.timeZone;
  const c = e.city;
  const jobs = c.jobsByState || {};
  const waiting = (jobs.QUEUED || 0) + (jobs.PLANNED || 0);
  const busy = (jobs.DISPATCHED || 0) + (jobs.RUNNING || 0);
  box.innerHTML = `
    <div class="stats">
      ${stat('区域 · 站点 Regions · sites', `${c.regions}<small>regions</small> ${c.sites}<small>sites</small>`)}
      ${stat('节点 Nodes', `${int(c.nodes)}`, `${c.nodesDraining} draining · ${c.nodesDown} down`)}
      ${stat('CPU 利用率 now', `${pct(c.usedNow.cpuCores, c.capacity.cpuCores)}<small>%</small>`, `${int(c.usedNow.cpuCores)} / ${int(c.capacity.cpuCores)} cores`)}
      ${stat('GPU 利用率 now', `${pct(c.usedNow.gpus, c.capacity.gpus)}<small>%</small>`, `${int(c.usedNow.gpus)} / ${int(c.capacity.gpus)} GPUs`)}
      ${stat('内存 Memory now', `${pct(c.usedNow.memoryGiB, c.capacity.memoryGiB)}<small>%</small>`, `${gib(c.usedNow.memoryGiB)} / ${gib(c.capacity.memoryGiB)}`)}
      ${stat('等待 Waiting jobs', int(waiting), `${int(jobs.QUEUED || 0)} queued · ${int(jobs.PLANNED || 0)} planned`)}
      ${stat('落位/运行 Placed · running', `${int(jobs.PLACED || 0)}<small>placed</small> ${int(busy)}<small>running</small>`, `${int(jobs.SUCCEEDED || 0)} succeeded · ${int(jobs.FAILED || 0)} failed`)}
    </div>
    <div class="legend">
      ${tierLegend()}
      ${utilLegend()}
      <span class="item"><i class="sw" style="background:var(--u2);background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.55) 0 2px,transparent 2px 5px)"></i> tentative plans (may still move)</span>
      <span class="item">Carbon now <span class="dot sw" style="background:${carbonColour(200)}"></span>&lt;300 <span class="sw" style="background:${carbonColour(400)}"></span>300–550 <span class="sw" style="background:${carbonColour(700)}"></span>≥550 gCO₂e/kWh</span>
      <span class="item">Horizon: ${e.slots} × ${e.slotMinutes} min from ${time(e.horizonStart)} (${esc(e.timeZone)})</span>
    </div>
    <div class="ew"><span>东 East</span><span class="arrow"></span><span>西 West</span></div>
    <div class="regions">${e.regions.map((r, i) => region(r, i, e)).join('') || '<div class="empty">No regions yet: import a scenario or register a region.</div>'}</div>`;
}

function stat(label, value, sub = '') {
  return `<div class="stat"><label>${label}</label><div class="v">${value}</div>${sub ? `<div class="sub">${sub}</div>` : ''}</div>`;
}

function region(r, i, e) {
  return `<section class="region" data-region="${esc(r.name)}">
    <header><span class="ord">${i + 1}</span><span class="name">${esc(r.displayName)}</span>
      <span class="muted">${esc(r.name)}</span>${carbon(r.carbonNow)}</header>
    ${r.sites.map(s => site(s, e)).join('')}
  </section>`;
}

function site(s, e) {
  const cap = s.capacity, used = s.usedNow;
  const rows = [['CPU', used.cpuCores, cap.cpuCores, `${int(used.cpuCores)}/${int(cap.cpuCores)} cores`]];
  if (cap.gpus > 0) rows.push(['GPU', used.gpus, cap.gpus, `${int(used.gpus)}/${int(cap.gpus)} GPUs`]);
  rows.push(['MEM', used.memoryGiB, cap.memoryGiB, `${gib(used.memoryGiB)}/${gib(cap.memoryGiB)}`]);
  const nodesMeta = `${int(s.nodes)} nodes` + (s.nodesDraining ? ` · <b style="color:#b45309">${s.nodesDraining} draining</b>` : '')
    + (s.nodesDown ? ` · <b style="color:#b91c1c">${s.nodesDown} down</b>` : '') + ` · PUE ${s.pue.toFixed(2)}`
    + (s.gpuModels.length ? ` · ${s.gpuModels.map(esc).join(', ')}` : '');
  const h = s.horizon;
  const cells = h.cpuCores.map((cpu, k) => {
    const p = Math.max(pct(cpu, cap.cpuCores), pct(h.gpus[k], cap.gpus), pct(h.memoryGiB[k], cap.memoryGiB));
    const tentative = h.tentativeGpus[k] > 0 && h.tentativeGpus[k] * 2 >= h.gpus[k];
    const at = new Date(new Date(e.horizonStart).getTime() + k * e.slotMinutes * 60000).toISOString();
    return `<i class="${tentative ? 'tent' : ''}" style="background:${utilColour(p)}" title="${time(at)}: ${p}% (CPU ${int(cpu)} cores, GPU ${int(h.gpus[k])}, ${gib(h.memoryGiB[k])})"></i>`;
  }).join('');
  const gpuPrice = s.prices.gpu == null ? '' : ` · ${money(s.prices.gpu)}/GPU·h`;
  return `<div class="site" data-site="${esc(s.name)}">
    <div class="line1"><a href="#/sites/${encodeURIComponent(s.name)}">${esc(s.displayName)}</a>${tierBadge(s.tier)}</div>
    <div class="meta">${nodesMeta}</div>
    <div class="bars">${rows.map(([k, u, c, label]) => {
      const p = pct(u, c);
      return `<span>${k}</span><span class="bar" title="${p}%"><i style="width:${p}%;background:${utilColour(p)}"></i></span><span class="val">${p}% · ${label}</span>`;
    }).join('')}</div>
    <div class="strip" style="grid-template-columns:repeat(${h.cpuCores.length},1fr)" title="Utilisation per slot over the planning horizon">${cells}</div>
    <div class="strip-axis"><span>now ${time(e.horizonStart)}</span><span>+${one(e.slots * e.slotMinutes / 60)} h</span></div>
    <div class="prices">价格 Price <span class="level ${s.priceLevel}">${{ LOW: '低 low', MEDIUM: '中 medium', HIGH: '高 high' }[s.priceLevel]}</span>
      <span class="muted">${money(s.prices.cpuCore, 4)}/core·h${gpuPrice}</span></div>
  </div>`;
}
