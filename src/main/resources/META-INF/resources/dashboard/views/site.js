// Site: a heat map of node utilisation now, drained and down nodes marked, and a timeline of placements.
import { get } from '../api.js';
import { esc, int, one, pct, gib, money, time, when, dateTime, utilColour, utilLegend, tierBadge, stateColour, STATES, jobLabel, settings } from '../format.js';
import { throttled, errorBox } from './util.js';

export function mount(root, [name]) {
  root.innerHTML = `<div id="site"><p class="muted">Loading…</p></div>`;
  const box = root.querySelector('#site');
  let alive = true;
  const reload = throttled(async () => {
    try {
      const s = await get('/api/v1/dashboard/sites/' + encodeURIComponent(name));
      if (alive) render(box, s);
    } catch (err) { if (alive) box.innerHTML = errorBox(err); }
  }, 700);
  reload();
  return {
    onEvent(type, payload) {
      if (type === 'jobs' && !payload.jobs.some(j => j.planSite === name)) return;
      reload();
    },
    destroy() { alive = false; reload.cancel(); },
  };
}

function nodeShare(n) {
  return Math.max(pct(n.usedCpuCores, n.cpuCores), pct(n.usedGpus, n.gpus), pct(n.usedMemoryGiB, n.memoryGiB));
}

function render(box, s) {
  settings.currency = s.currency; settings.timeZone = s.timeZone;
  const counts = { UP: 0, DRAINING: 0, DOWN: 0 };
  s.nodes.forEach(n => counts[n.state]++);
  const busy = s.nodes.filter(n => n.tasks > 0).length;
  box.innerHTML = `
    <div class="crumbs"><a href="#/estate">Estate</a> › ${esc(s.regionDisplayName)} › ${esc(s.displayName)}</div>
    <h1>${esc(s.displayName)} <small>${esc(s.name)} · ${esc(s.regionDisplayName)}</small> ${tierBadge(s.tier)}</h1>
    <div class="stats">
      <div class="stat"><label>节点 Nodes</label><div class="v">${int(s.nodes.length)}</div><div class="sub">${counts.UP} up · ${counts.DRAINING} draining · ${counts.DOWN} down</div></div>
      <div class="stat"><label>在用 Busy now</label><div class="v">${int(busy)}<small>nodes</small></div><div class="sub">with at least one task this slot</div></div>
      <div class="stat"><label>计划 Placements</label><div class="v">${int(s.placementsTotal)}</div><div class="sub">over the horizon to ${when(s.horizonEnd)}</div></div>
      <div class="stat"><label>PUE</label><div class="v">${s.pue.toFixed(2)}</div><div class="sub">power usage effectiveness</div></div>
    </div>
    <div class="two">
      <section class="card"><h2>节点热力图 Node utilisation <small>now, the highest of CPU, GPU and memory share</small></h2>
        <div class="legend">${utilLegend()}
          <span class="item"><i class="sw" style="outline:2px solid #d97706;outline-offset:-2px;background:repeating-linear-gradient(45deg,rgba(217,119,6,.45) 0 2px,transparent 2px 5px)"></i> draining 排空中</span>
          <span class="item"><i class="sw" style="background:#1f2937"></i> down 故障</span></div>
        <div class="heat${s.nodes.length <= 80 ? ' big' : ''}" id="heat">${s.nodes.map(n => {
          const p = nodeShare(n);
          const gpu = n.gpus ? `, GPU ${n.usedGpus}/${n.gpus} ${esc(n.gpuModel)}` : '';
          return `<i class="${n.state}" data-node="${esc(n.name)}" style="background:${utilColour(p)}" title="${esc(n.name)} · ${n.state} · ${p}%: CPU ${n.usedCpuCores}/${n.cpuCores} cores${gpu}, ${gib(n.usedMemoryGiB)}/${gib(n.memoryGiB)}, ${n.tasks} task${n.tasks === 1 ? "" : "s"}">${s.nodes.length <= 80 ? `<span style="color:${p >= 40 || n.state === 'DOWN' ? '#fff' : '#0f172a'}"><b>${n.state === 'DOWN' ? 'down' : p + '%'}</b>${esc(n.name.split('-').pop())}</span>` : ''}</i>`;
        }).join('') || '<span class="muted">No nodes.</span>'}</div>
      </section>
      <section class="card"><h2>排程甘特图 Placements <small>${esc(settings.timeZone)} · ${s.placements.length < s.placementsTotal ? `first ${s.placements.length} of ${int(s.placementsTotal)}` : `${s.placements.length} placements`}</small></h2>
        <div class="legend">${['PLANNED', 'PLACED', 'DISPATCHED', 'RUNNING'].map(k =>
          `<span class="item"><i class="sw" style="background:${stateColour(k)}"></i>${STATES[k]}</span>`).join('')}
          <span class="item"><i class="sw" style="background:#d97706;background-image:repeating-linear-gradient(45deg,rgba(255,255,255,.6) 0 2px,transparent 2px 5px)"></i> tentative</span>
          <span class="item"><i class="sw" style="background:#dc2626;width:2px"></i> now</span></div>
        <div class="gantt" id="gantt">${gantt(s)}</div>
      </section>
    </div>`;
  box.querySelectorAll('[data-placement]').forEach(g => g.addEventListener('click', () => { location.hash = '#/jobs/' + g.dataset.placement; }));
}

function gantt(s) {
  if (!s.placements.length) return '<div class="empty">No placements on this site over the horizon.</div>';
  const t0 = new Date(s.horizonStart).getTime(), t1 = new Date(s.horizonEnd).getTime();
  const labelW = 170, width = 760, rowH = 22, top = 22;
  const plotW = width - labelW - 10;
  const x = t => labelW + Math.max(0, Math.min(plotW, (t - t0) / (t1 - t0) * plotW));
  const hours = Math.round((t1 - t0) / 3600000);
  const step = hours > 24 ? 6 : hours > 12 ? 3 : 1;
  let axis = '';
  for (let h = 0; h <= hours; h += step) {
    const t = t0 + h * 3600000;
    axis += `<line x1="${x(t)}" x2="${x(t)}" y1="${top - 4}" y2="${top + s.placements.length * rowH}" stroke="#eef0f3"/>`
      + `<text x="${x(t)}" y="${top - 8}" text-anchor="middle">${time(new Date(t).toISOString())}</text>`;
  }
  const now = new Date(s.now).getTime();
  const rows = s.placements.map((p, i) => {
    const y = top + i * rowH;
    const a = x(new Date(p.startsAt).getTime()), b = x(new Date(p.endsAt).getTime());
    const fill = stateColour(p.state);
    const title = `${jobLabel(p)} · ${p.tenant} · ${p.state}${p.committed ? ' (committed)' : ' (tentative)'}\n${dateTime(p.startsAt)} → ${dateTime(p.endsAt)}\n`
      + `${p.tasks} task(s)${p.gpusPerTask ? ` × ${p.gpusPerTask} ${p.gpuModel}` : ''} · ${money(p.hourlyPrice)}/h · ${one(p.carbonKg)} kg CO₂e\nnodes: ${p.nodes.join(', ')}`;
    return `<g class="bar" data-placement="${esc(p.jobId)}" data-state="${esc(p.state)}" data-committed="${p.committed}">
      <title>${esc(title)}</title>
      <text x="4" y="${y + 15}">${esc((p.tenant + ' · ' + jobLabel(p)).slice(0, 26))}</text>
      <rect x="${a}" y="${y + 3}" width="${Math.max(3, b - a)}" height="${rowH - 6}" rx="3" fill="${fill}"${p.committed ? '' : ' fill-opacity="0.85"'}/>
      ${p.committed ? '' : `<rect x="${a}" y="${y + 3}" width="${Math.max(3, b - a)}" height="${rowH - 6}" rx="3" fill="url(#hatch)"/>`}
    </g>`;
  }).join('');
  const h = top + s.placements.length * rowH + 6;
  return `<svg width="${width}" height="${h}" viewBox="0 0 ${width} ${h}" role="img" aria-label="Placements timeline">
    <defs><pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2.5" height="6" fill="rgba(255,255,255,.55)"/></pattern></defs>
    <g class="axis">${axis}</g>${rows}
    <line x1="${x(now)}" x2="${x(now)}" y1="${top - 4}" y2="${h}" stroke="#dc2626" stroke-width="1.5"/>
  </svg>`;
}
