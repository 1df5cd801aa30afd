// Job: lifecycle, spec, plan with its nodes and prices, placement explanation, usage and charges.
import { get, ApiError } from '../api.js';
import { esc, int, one, gib, money, dateTime, stateBadge, stateColour, STATES, shortId, settings } from '../format.js';
import { throttled, errorBox } from './util.js';

export function mount(root, [id]) {
  root.innerHTML = `<div id="job"><p class="muted">Loading…</p></div>`;
  const box = root.querySelector('#job');
  let alive = true;
  let explanation = null;
  const reload = throttled(async () => {
    try {
      const d = await get('/api/v1/dashboard/jobs/' + encodeURIComponent(id));
      explanation = await explain(d.explanation.href);
      if (alive) render(box, d, explanation);
    } catch (err) { if (alive) box.innerHTML = errorBox(err); }
  }, 500);
  reload();
  return {
    onEvent(type, payload) {
      if (type === 'jobs' && !payload.jobs.some(j => j.id === id)) return;
      reload();
    },
    destroy() { alive = false; reload.cancel(); },
  };
}

// The live scheduler serves the explanation; until it is merged the endpoint does not exist.
async function explain(href) {
  try { return { ok: true, body: await get(href) }; } catch (e) {
    return { ok: false, status: e instanceof ApiError ? e.status : 0 };
  }
}

function render(box, d, explanation) {
  const j = d.job, s = j.spec;
  const title = j.externalId || shortId(j.id);
  box.innerHTML = `
    <div class="crumbs"><a href="#/queue">Queue</a> › ${esc(j.tenant)} › ${esc(title)}</div>
    <h1>${esc(title)} <small>${esc(j.id)}</small> <span id="job-state">${stateBadge(j.state)}</span></h1>
    <p class="muted" style="margin:0 0 12px">${esc(j.reason || '')}</p>
    <div class="two">
      <div class="grid">
        <section class="card"><h2>生命周期 Lifecycle <small>${d.events.length} events · ${esc(settings.timeZone)}</small></h2>
          <ol class="timeline" id="job-events">${d.events.map(e => `
            <li data-state="${esc(e.state)}" style="--dotc:${stateColour(e.state)}">${stateBadge(e.state)}<span class="when">${dateTime(e.at)}</span>
              ${e.reason ? `<div class="why">${esc(e.reason)}</div>` : ''}</li>`).join('')}</ol>
        </section>
        <section class="card"><h2>需求 Request</h2>
          <dl class="kv">
            <dt>Tenant 租户</dt><dd>${esc(j.tenant)}</dd>
            <dt>Tasks × per task</dt><dd>${s.tasks} × ${s.cpuCores} cores, ${gib(s.memoryGiB)}${s.gpus ? `, ${s.gpus} × ${esc(s.gpuModel || 'GPU (any model)')}` : ''}</dd>
            <dt>Wall time</dt><dd>${s.durationHours} h</dd>
            <dt>Window</dt><dd>from ${dateTime(s.earliestStart)}${s.deadline ? ` to ${dateTime(s.deadline)}` : ''}</dd>
            <dt>Priority</dt><dd>${int(s.priority)}</dd>
            ${s.dataSite ? `<dt>Data site · latency</dt><dd>${esc(s.dataSite)}${s.maxLatencyMs != null ? ` · ≤ ${s.maxLatencyMs} ms` : ''}</dd>` : ''}
            ${s.allowedRegions?.length ? `<dt>Allowed regions</dt><dd>${s.allowedRegions.map(esc).join(', ')}</dd>` : ''}
            ${s.maxPricePerHour != null ? `<dt>Price cap</dt><dd>${money(s.maxPricePerHour)}/h</dd>` : ''}
            <dt>Submitted</dt><dd>${dateTime(j.submittedAt)} · attempt ${j.attempt}</dd>
          </dl>
        </section>
      </div>
      <div class="grid">
        <section class="card" id="job-plan" data-committed="${d.plan ? String(d.plan.committedAt != null) : 'none'}"><h2>调度计划 Plan ${d.plan ? (d.plan.committedAt ? '<small>committed 已确认</small>' : '<small>tentative 暂定, may still move</small>') : ''}</h2>
          ${d.plan ? plan(d.plan) : '<p class="muted">No plan yet: the scheduler has not placed this job.</p>'}
        </section>
        <section class="card" id="job-explanation"><h2>落位解释 Why here, why not elsewhere</h2>
          ${explanation.ok ? explain_(explanation.body) : `<div class="pending"><b>Explanation not available on this server.</b>
            The live scheduler serves it at <a href="${esc(d.explanation.href)}">${esc(d.explanation.href)}</a>
            (where, when, price, carbon, the alternatives and why not).${explanation.status ? ` Answer: HTTP ${explanation.status}.` : ''}</div>`}
        </section>
        <section class="card" id="job-usage"><h2>用量与费用 Usage and charges</h2>
          ${usage(d.usage)}
        </section>
      </div>
    </div>`;
}

// Metered so far: one record per task and slot it ran, priced at the prices locked at commit.
function usage(u) {
  if (!u || !u.records) return '<p class="muted" data-usage="none">No usage yet: records are written as the job\'s tasks run.</p>';
  return `<dl class="kv" data-usage="${int(u.records)}">
      <dt>Records</dt><dd>${int(u.records)}</dd>
      <dt>CPU</dt><dd>${one(u.cpuCoreHours)} core-h</dd>
      <dt>Memory</dt><dd>${one(u.memoryGiBHours)} GiB-h</dd>
      <dt>GPU</dt><dd>${one(u.gpuHours)} GPU-h</dd>
      <dt>Energy</dt><dd>${one(u.energyKWh)} kWh</dd>
      <dt>Carbon</dt><dd>${one(u.carbonKg)} kg CO₂e</dd>
      <dt>Charged 费用</dt><dd><b>${money(u.billedCost)}</b> ${esc(u.currency || '')}</dd>
    </dl>`;
}

function plan(p) {
  settings.currency = p.currency;
  return `<dl class="kv">
      <dt>Site 站点</dt><dd><a href="#/sites/${encodeURIComponent(p.site)}">${esc(p.siteDisplayName)}</a> <span class="muted">${esc(p.site)} · ${esc(p.region || '')}</span></dd>
      <dt>Runs 运行</dt><dd>${dateTime(p.startsAt)} → ${dateTime(p.endsAt)}</dd>
      <dt>Price 单价</dt><dd>${money(p.hourlyPrice, 4)} per hour (whole gang)</dd>
      <dt>Quote 报价</dt><dd>${money(p.quotedCost)} <span class="muted">quoted, not a charge</span></dd>
      <dt>Carbon 碳排放</dt><dd>${one(p.carbonKg)} kg CO₂e (estimate)</dd>
      <dt>Planned · committed</dt><dd>${dateTime(p.plannedAt)} · ${p.committedAt ? dateTime(p.committedAt) : 'not yet'}</dd>
    </dl>
    <table class="t" style="margin-top:10px"><thead><tr><th>Task</th><th>Node</th><th>State</th><th class="r">¥/core·h</th><th class="r">¥/GiB·h</th><th class="r">¥/GPU·h</th></tr></thead>
      <tbody>${p.tasks.map(t => `<tr><td>${t.task}</td><td>${esc(t.node)}</td><td>${esc(t.nodeState)}</td>
        <td class="r">${Number(t.priceCpuCore).toFixed(4)}</td><td class="r">${Number(t.priceMemoryGiB).toFixed(4)}</td><td class="r">${Number(t.priceGpu).toFixed(4)}</td></tr>`).join('')}</tbody></table>
    ${p.taskCount > p.tasks.length ? `<p class="muted">and ${int(p.taskCount - p.tasks.length)} more tasks</p>` : ''}`;
}

// The engine's answer (GET /api/v1/jobs/{id}/placement): where and when, price, cost and carbon,
// then the other sites — the rule that keeps the job out, or how much dearer and dirtier they are.
function explain_(body) {
  const slotTime = h => body.slotZero ? dateTime(new Date(Date.parse(body.slotZero) + h * body.slotMinutes * 60000).toISOString()) : 'hour ' + h;
  const parts = [];
  const plan = body.plan;
  const e = body.explanation;
  if (body.waitingBecause) parts.push(`<p class="why-not" data-waiting>等待原因 Waiting because: <b>${esc(body.waitingBecause)}</b></p>`);
  if (e && e.placed && e.where) {
    const f = e.figures;
    parts.push(`<p data-where>在 <b>${esc(e.where.site)}</b> (${esc(e.where.region)}), ${esc(slotTime(e.where.startHour))} – ${esc(slotTime(e.where.endHour))}
      on ${e.where.nodes.map(esc).join(', ')}: ${money(f.hourlyPrice)}/h, cost ${money(f.cost)}, ${one(f.energyKWh)} kWh,
      ${one(f.carbonKg)} kg CO₂e (carbon cost ${money(f.carbonCost)}), total ${money(f.total)}</p>`);
  } else if (plan) {
    parts.push(`<p data-where>在 <b>${esc(plan.site)}</b>, ${esc(dateTime(plan.startsAt))} – ${esc(dateTime(plan.endsAt))}
      on ${plan.nodes.map(esc).join(', ')}: ${money(plan.hourlyPrice)}/h, quote ${money(plan.quotedCost)}, ${one(plan.carbonKg)} kg CO₂e
      ${plan.committed ? '(committed: prices locked)' : '(tentative: the solver may still improve it)'}</p>`);
  }
  if (e && e.unplacedReasons && e.unplacedReasons.length) {
    parts.push(`<ul>${e.unplacedReasons.map(r => `<li>${esc(r)}</li>`).join('')}</ul>`);
  }
  if (e && e.alternatives && e.alternatives.length) {
    parts.push(`<table class="alternatives"><thead><tr><th>其他站点 Other site</th><th>Region</th><th>为何不 Why not</th></tr></thead><tbody>${
      e.alternatives.map(a => `<tr data-alternative="${esc(a.site)}"><td>${esc(a.site)}</td><td>${esc(a.region)}</td><td>${a.ruledOutBy
        ? esc(a.ruledOutBy)
        : `${a.extraTotal >= 0 ? '+' : ''}${money(a.extraTotal)} total, ${a.extraCarbonKg >= 0 ? '+' : ''}${one(a.extraCarbonKg)} kg CO₂e${a.startHour != null ? ' (from ' + esc(slotTime(a.startHour)) + ')' : ''}`}</td></tr>`).join('')}</tbody></table>`);
  }
  if (!parts.length && body.reason) parts.push(`<p>${esc(body.reason)}</p>`);
  parts.push(`<details><summary class="muted">Full explanation (JSON)</summary><pre class="json">${esc(JSON.stringify(body, null, 2))}</pre></details>`);
  return parts.join('');
}
