// Queue: waiting jobs oldest first with their reason, filtered by tenant; a virtual list that pages
// by cursor as it scrolls and applies the live stream's job changes in place.
import { get } from '../api.js';
import { esc, int, age, dateTime, when, stateBadge, jobLabel, gib } from '../format.js';
import { throttled, errorBox } from './util.js';

const ROW_H = 40;
const WAITING = new Set(['QUEUED', 'PLANNED']);

export function mount(root, [tenantParam]) {
  const tenant = tenantParam || '';
  root.innerHTML = `
    <h1>排队作业 <small>Queue · waiting jobs, oldest first</small></h1>
    <div class="toolbar">
      <label>租户 Tenant <select id="tenant"><option value="">All tenants 全部</option></select></label>
      <span id="headline" class="muted"></span>
      <span class="legend" style="margin:0">${stateBadge('QUEUED')} no plan yet · ${stateBadge('PLANNED')} tentative plan · ${stateBadge('PLACED')} committed (leaves the queue)</span>
    </div>
    <div class="vhead"><span>提交 Submitted</span><span>作业 Job</span><span>租户 Tenant</span><span>需求 Request</span><span>优先级 Prio</span><span>状态 State</span><span>原因 / 计划 Reason or plan</span></div>
    <div class="vlist card" id="list" style="padding:0;border-radius:0 0 8px 8px"><div id="spacer"></div></div>`;
  const list = root.querySelector('#list');
  const spacer = root.querySelector('#spacer');
  const select = root.querySelector('#tenant');
  const headline = root.querySelector('#headline');
  let alive = true;
  let jobs = [];            // loaded rows, oldest first
  const byId = new Map();
  let next = null;          // cursor of the next page, null once the end is loaded
  let loading = false;
  const fresh = new Set();

  select.addEventListener('change', () => { location.hash = '#/queue' + (select.value ? '?tenant=' + encodeURIComponent(select.value) : ''); });

  function setCounts(counts) {
    const names = Object.keys(counts).sort();
    const total = (t) => Object.values(counts[t] || {}).reduce((a, b) => a + b, 0);
    const options = ['<option value="">All tenants 全部</option>'].concat(
      (names.includes(tenant) || !tenant ? names : names.concat([tenant])).map(t =>
        `<option value="${esc(t)}"${t === tenant ? ' selected' : ''}>${esc(t)} (${int(total(t))})</option>`));
    select.innerHTML = options.join('');
    const scope = tenant ? [tenant] : names;
    const q = scope.reduce((a, t) => a + ((counts[t] || {}).QUEUED || 0), 0);
    const p = scope.reduce((a, t) => a + ((counts[t] || {}).PLANNED || 0), 0);
    headline.innerHTML = `<b class="num">${int(q + p)}</b> waiting · ${int(q)} queued · ${int(p)} planned`;
  }

  async function loadPage(reset) {
    if (loading) return;
    loading = true;
    try {
      const qs = new URLSearchParams({ limit: '200' });
      if (tenant) qs.set('tenant', tenant);
      if (!reset && next) qs.set('after', next);
      const page = await get('/api/v1/dashboard/queue?' + qs);
      if (!alive) return;
      if (reset) { jobs = []; byId.clear(); }
      for (const j of page.items) { if (!byId.has(j.id)) { jobs.push(j); byId.set(j.id, j); } }
      next = page.next;
      setCounts(page.waitingByTenant);
      draw();
    } catch (err) {
      if (alive) list.innerHTML = errorBox(err);
    } finally { loading = false; }
  }

  const refreshCounts = throttled(async () => {
    try {
      const qs = new URLSearchParams({ limit: '1' });
      if (tenant) qs.set('tenant', tenant);
      const page = await get('/api/v1/dashboard/queue?' + qs);
      if (alive) setCounts(page.waitingByTenant);
    } catch (e) { /* next change retries */ }
  }, 1000);

  function row(j, i) {
    const req = `${j.tasks}× ${j.cpuCores} cores, ${gib(j.memoryGiB)}${j.gpus ? `, ${j.gpus} ${esc(j.gpuModel || 'GPU (any model)')}` : ''} · ${j.durationHours} h`;
    let why;
    if (j.planSite) {
      why = `<span>${j.planCommitted ? 'Placed on' : 'Planned on'} <a href="#/sites/${encodeURIComponent(j.planSite)}">${esc(j.planSite)}</a> from ${when(j.planStartsAt)}</span>`;
    } else {
      why = `<span class="reason">${esc(j.reason || 'waiting for the scheduler')}</span>`;
    }
    return `<div class="vrow${fresh.has(j.id) ? ' fresh' : ''}" style="top:${i * ROW_H}px" data-job="${esc(j.id)}" data-state="${esc(j.state)}">
      <span class="cell num" title="${dateTime(j.submittedAt)}">${dateTime(j.submittedAt).slice(-8)} <span class="muted">${age(j.submittedAt)}</span></span>
      <span class="cell"><a href="#/jobs/${esc(j.id)}">${esc(jobLabel(j))}</a></span>
      <span class="cell">${esc(j.tenant)}</span>
      <span class="cell" title="${req}">${req}</span>
      <span class="cell num">${int(j.priority)}</span>
      <span class="cell">${stateBadge(j.state)}</span>
      <span class="cell" title="${esc(j.reason || '')}">${why}</span>
    </div>`;
  }

  function draw() {
    spacer.style.height = (jobs.length * ROW_H) + 'px';
    list.querySelectorAll('.vrow, .empty').forEach(n => n.remove());
    if (!jobs.length) {
      list.insertAdjacentHTML('beforeend', '<div class="empty">No job is waiting. 无排队作业。</div>');
      return;
    }
    // Only the rows in view (plus a margin) exist in the DOM, however long the list.
    const first = Math.max(0, Math.floor(list.scrollTop / ROW_H) - 10);
    const last = Math.min(jobs.length, first + Math.ceil(list.clientHeight / ROW_H) + 20);
    let html = '';
    for (let i = first; i < last; i++) html += row(jobs[i], i);
    list.insertAdjacentHTML('beforeend', html);
  }

  list.addEventListener('scroll', () => {
    draw();
    if (next && list.scrollTop + list.clientHeight > jobs.length * ROW_H - 10 * ROW_H) loadPage(false);
  });

  function apply(changed) {
    let dirty = false;
    for (const j of changed) {
      if (tenant && j.tenant !== tenant) continue;
      const known = byId.get(j.id);
      if (known) {
        if (j.lastEventSeq < known.lastEventSeq) continue;  // an older snapshot than the one shown
        Object.assign(known, j);
        dirty = true;
      } else if (WAITING.has(j.state) && next === null) {
        // A new waiting job is the newest: it belongs at the end, which is loaded.
        jobs.push(j); byId.set(j.id, j); fresh.add(j.id);
        dirty = true;
      }
    }
    if (dirty) draw();
    refreshCounts();
  }

  // A plan changed without a job event (a better tentative plan): re-read the loaded range and merge
  // it in. Rows that left the queue meanwhile stay, showing the state their job event brought.
  const refreshLoaded = throttled(async () => {
    try {
      const qs = new URLSearchParams({ limit: String(Math.min(1000, Math.max(200, jobs.length))) });
      if (tenant) qs.set('tenant', tenant);
      const page = await get('/api/v1/dashboard/queue?' + qs);
      if (!alive) return;
      let added = false;
      for (const j of page.items) {
        const known = byId.get(j.id);
        if (known) { if (j.lastEventSeq >= known.lastEventSeq) Object.assign(known, j); }
        else { jobs.push(j); byId.set(j.id, j); added = true; }
      }
      if (added) jobs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      setCounts(page.waitingByTenant);
      draw();
    } catch (e) { /* the next change retries */ }
  }, 1000);

  loadPage(true);
  return {
    onEvent(type, payload) {
      if (type === 'jobs') apply(payload.jobs);
      else if (type === 'resync') { next = null; loadPage(true); }
      else if (type === 'plans') refreshLoaded();
    },
    destroy() { alive = false; refreshCounts.cancel(); refreshLoaded.cancel(); },
  };
}
