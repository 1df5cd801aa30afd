#!/usr/bin/env bash
# Dashboard benchmark: starts the packaged service on a database of its own, fills it with an estate
# and jobs in every state, then times the read models with curl and the estate view's first render
# in a fresh headless Chromium per run (bytes received included).
#
#   --preset large  src/test/resources/scenarios/large-1.json (2,000 nodes, 19,148 jobs), imported
#                   whole through POST /api/v1/scenarios.
#   --preset scale  ./suanli generate --preset scale (10,000 nodes, 100,000 jobs). The estate is
#                   imported through the API; the 100,000 jobs are loaded with SQL (COPY), because
#                   submitting them through the API (audited, about 200 jobs/s here) takes 10 minutes.
#   --preset demo   the same path with the demo city (300 nodes, 240 jobs): checks the script in a minute.
#
# Then, for either: every job is given the state and the plan the live scheduler, the dispatcher and
# metering would leave (by row: 30 % SUCCEEDED in the last 13 days with their plan and one usage
# record per hour of their first four hours; 30 % QUEUED without a plan; 40 % planned over the
# first 24 slots, the first two slots committed (PLACED), slot 0 RUNNING). Every tenant is topped
# up and the usage is settled into the ledger by the service's own settler.
#
# Usage: bench/dashboard-benchmark.sh [--preset large|scale] [--port 8183] [--runs 5] [--db suanli_dash_bench]
# Needs: target/quarkus-app (./mvnw package -DskipTests), psql, chromium and chromium-driver.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=large port=8183 runs=5 db=suanli_dash_bench
while [[ $# -gt 0 ]]; do case "$1" in
  --preset) preset=$2; shift 2;; --port) port=$2; shift 2;; --runs) runs=$2; shift 2;; --db) db=$2; shift 2;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
url=http://localhost:$port
export SUANLI_TOKEN="${SUANLI_TOKEN:-$(./suanli token --role operator --subject bench-operator)}"
keys="${SUANLI_SECURITY_LOCAL_KEYS_DIRECTORY:-$HOME/.suanli/keys}"
export PGPASSWORD=postgres
psql() { command psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
auth=(-H "Authorization: Bearer $SUANLI_TOKEN")
if [[ ! -f target/test-classes/io/suanli/dashboard/bench/EstateFirstRender.class || ! -f target/test-classpath.txt \
      || -n "$(find src/test/java/io/suanli/dashboard/bench pom.xml -newer target/test-classpath.txt -print -quit)" ]]; then
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
echo "machine: $(nproc) cores; $(uptime)"

case "$preset" in
  large) scenario=src/test/resources/scenarios/large-1.json; [[ -f ../shared/scenarios/large-1.json ]] && scenario=../shared/scenarios/large-1.json ;;
  scale|demo) scenario=target/$preset-city.json; [[ -f $scenario ]] || ./suanli generate --preset "$preset" --out "$scenario" ;;
  *) echo "unknown preset $preset" >&2; exit 2;;
esac

# 1. The service, on a fresh database, with the scheduler and the dispatcher off (this script plays them).
psql -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
MP_JWT_VERIFY_PUBLICKEY_LOCATION="$keys/public.pem" SUANLI_SECURITY_RATE_LIMIT_ENABLED=false \
SUANLI_SCHEDULER_ENABLED=false SUANLI_DISPATCH_ENABLED=false SUANLI_SETTLEMENT_SETTLE_INTERVAL=off \
QUARKUS_HTTP_PORT=$port QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$db \
QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db \
  java -Xmx1g -jar target/quarkus-app/quarkus-run.jar > target/dashboard-bench-service.log 2>&1 &
service=$!
trap 'kill $service 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do curl -sf "$url/q/health/ready" >/dev/null && break; sleep 1; done

# 2. Estate and jobs.
if [[ "$preset" == large ]]; then
  curl -sf -o /dev/null -w 'import (estate and jobs, API): HTTP %{http_code} in %{time_total} s\n' "${auth[@]}" \
    -H 'Content-Type: application/json' --data-binary @"$scenario" "$url/api/v1/scenarios"
else
  python3 - "$scenario" <<'PY'
import csv, json, os, random, sys, time, uuid
d = json.load(open(sys.argv[1]))
jobs = d.pop('jobs')
d['jobs'] = []
json.dump(d, open('target/bench-estate.json', 'w'))
start = time.time()
rnd = random.Random(7)
with open('target/bench-jobs.csv', 'w', newline='') as f:
    w = csv.writer(f)
    for i, j in enumerate(jobs):
        ms = int((start - len(jobs) + i) * 1000)  # time-ordered ids (UUIDv7 layout), one per ms, oldest first
        b = ms.to_bytes(6, 'big') + bytes([0x70 | rnd.getrandbits(4), rnd.getrandbits(8), 0x80 | rnd.getrandbits(6)]) + rnd.getrandbits(56).to_bytes(7, 'big')
        regions = j.get('allowedRegions') or []
        w.writerow([str(uuid.UUID(bytes=b)), j['tenant'], j['id'], j.get('tasks', 1), j.get('cpuCores', 0), j.get('memoryGiB', 0),
                    j.get('gpus', 0), j.get('gpuModel') or '', j.get('durationHours', 1), j.get('priority', 1),
                    j.get('dataSite') or '' if j.get('maxLatencyMs') is not None else '', j.get('maxLatencyMs') if j.get('maxLatencyMs') is not None else '',
                    '{' + ','.join(regions) + '}'])
print(f"{len(jobs)} jobs written to target/bench-jobs.csv")
PY
  curl -sf -o /dev/null -w 'import (estate, API): HTTP %{http_code} in %{time_total} s\n' "${auth[@]}" \
    -H 'Content-Type: application/json' --data-binary @target/bench-estate.json "$url/api/v1/scenarios"
  t0=$(date +%s.%N)
  psql -d "$db" <<'SQL'
create temp table bench_job (id uuid, tenant text, external_id text, tasks int, cpu_cores int, memory_gib float8, gpus int,
  gpu_model text, duration_hours int, priority int, data_site text, max_latency_ms float8, allowed_regions text[]);
\copy bench_job from 'target/bench-jobs.csv' with (format csv, null '')
insert into job (id, tenant, external_id, tasks, cpu_cores, memory_gib, gpus, gpu_model, duration_hours, earliest_start, priority,
                 data_site, max_latency_ms, allowed_regions, state, reason, attempt, last_event_seq, submitted_at, updated_at)
select id, tenant, external_id, tasks, cpu_cores, memory_gib, gpus, case when gpus > 0 then gpu_model end, duration_hours,
       date_trunc('hour', now()), priority, data_site, max_latency_ms, allowed_regions, 'QUEUED', 'submitted', 0, 1, now(), now()
from bench_job;
insert into job_event (id, job_id, seq, state, at, reason) select nextval('job_event_seq'), id, 1, 'QUEUED', now(), 'submitted' from bench_job;
SQL
  echo "jobs (SQL COPY): $(psql -d "$db" -c "select count(*) from job") in $(echo "$(date +%s.%N) - $t0" | bc) s"
fi

# 3. States, plans, usage, as the scheduler, the dispatcher and metering would leave them.
t0=$(date +%s.%N)
psql -d "$db" <<'SQL'
create temp table bench_plan as
with n as (select n.name, n.site, row_number() over (order by n.name) - 1 as i, count(*) over () as c from node n where n.state = 'UP'),
     j as (select id, row_number() over (order by id) - 1 as k from job where id not in (select job_id from job_plan))
select j.id, j.k, n.name as node, n.site,
       case when j.k % 10 < 3 then 'SUCCEEDED' when j.k % 10 < 6 then 'QUEUED'
            when j.k % 24 = 0 then 'RUNNING' when j.k % 24 = 1 then 'PLACED' else 'PLANNED' end as state,
       case when j.k % 10 < 3 then date_trunc('hour', now()) - make_interval(hours => 24 + (j.k % 288)::int)
            else date_trunc('hour', now()) + make_interval(hours => (j.k % 24)::int) end as starts_at
from j join n on n.i = j.k % n.c;
insert into job_plan (job_id, attempt, site, starts_at, ends_at, hourly_price, quoted_cost, carbon_kg, planned_at, committed_at)
select b.id, j.attempt, b.site, b.starts_at, b.starts_at + make_interval(hours => j.duration_hours), h.p, round(h.p * j.duration_hours, 6),
       1.5, now(), case when b.state <> 'PLANNED' then now() end
from bench_plan b join job j on j.id = b.id join node n on n.name = b.node,
     lateral (select round(j.tasks * (j.cpu_cores * n.price_cpu_core + j.memory_gib::numeric * n.price_memory_gib + j.gpus * n.price_gpu), 6) as p) h
where b.state <> 'QUEUED';
insert into job_plan_task (job_id, task, node, price_cpu_core, price_memory_gib, price_gpu)
select b.id, t, b.node, n.price_cpu_core, n.price_memory_gib, n.price_gpu
from bench_plan b join job j on j.id = b.id join node n on n.name = b.node, generate_series(0, j.tasks - 1) as t
where b.state <> 'QUEUED';
update job set state = b.state, reason = case b.state when 'QUEUED' then 'no capacity before the horizon ends' else 'bench' end
from bench_plan b where b.id = job.id;
insert into usage_record (event_id, digest, source, job_id, attempt, task, tenant, site, region, tier, node, gpu_model, starts_at, ends_at,
    cpu_core_hours, memory_gib_hours, gpu_hours, energy_kwh, carbon_kg, price_cpu_core, price_memory_gib, price_gpu, currency,
    list_cost_minor, billed_cost_minor, charge_day, billing_day, recorded_at)
select 'bench:' || b.id || ':' || h, '\x00'::bytea, 'EXECUTION', b.id, 0, 0, j.tenant, b.site, s.region, s.tier, b.node, n.gpu_model,
       b.starts_at + make_interval(hours => h), b.starts_at + make_interval(hours => h + 1),
       q.cpu, q.mem, q.gpu, q.kwh, q.kwh * 0.5, n.price_cpu_core, n.price_memory_gib, n.price_gpu, 'CNY', q.cost, q.cost,
       ((b.starts_at + make_interval(hours => h)) at time zone 'Asia/Shanghai')::date,
       ((b.starts_at + make_interval(hours => h)) at time zone 'Asia/Shanghai')::date, now()
from bench_plan b join job j on j.id = b.id join node n on n.name = b.node join site s on s.name = b.site,
     generate_series(0, least(j.duration_hours, 4) - 1) as h,
     lateral (select j.tasks * j.cpu_cores::numeric as cpu, (j.tasks * j.memory_gib)::numeric as mem, j.tasks * j.gpus::numeric as gpu,
                     round(((j.tasks * j.cpu_cores * n.power_cpu_core_watts + j.tasks * j.gpus * n.power_gpu_watts) / 1000 * s.pue)::numeric, 9) as kwh,
                     round(100 * j.tasks * (j.cpu_cores * n.price_cpu_core + j.memory_gib::numeric * n.price_memory_gib + j.gpus * n.price_gpu))::bigint as cost) q
where b.state = 'SUCCEEDED';
SQL
echo "states, plans and usage (SQL): $(echo "$(date +%s.%N) - $t0" | bc) s"
for t in $(psql -d "$db" -c "select name from tenant"); do
  curl -sf -o /dev/null "${auth[@]}" -H 'Content-Type: application/json' -d '{"amount": 100000000}' "$url/api/v1/settlement/budgets/$t:top-up"
done
curl -sf -w ' (settled in %{time_total} s)\n' "${auth[@]}" -X POST "$url/api/v1/settlement/usage:settle"
echo "jobs: $(psql -d "$db" -c "select string_agg(state || ' ' || n, ', ' order by state) from (select state, count(*) n from job group by 1) s")"
echo "nodes: $(psql -d "$db" -c "select count(*) from node") in $(psql -d "$db" -c "select count(*) from site") sites · plans: $(psql -d "$db" -c "select count(*) from job_plan") · plan tasks: $(psql -d "$db" -c "select count(*) from job_plan_task") · usage records: $(psql -d "$db" -c "select count(*) from usage_record") · ledger entries: $(psql -d "$db" -c "select count(*) from ledger_entry")"
psql -d "$db" -c "analyze"

# 4. The read models, warm: size and time (the service does not compress: what is sent is the JSON).
site=$(psql -d "$db" -c "select site from job_plan group by site order by count(*) desc limit 1")
for path in /api/v1/dashboard/estate "/api/v1/dashboard/sites/$site" /api/v1/dashboard/queue /api/v1/dashboard/tenants; do
  curl -sf -o /dev/null -w "$path (first call): %{time_total} s\n" "${auth[@]}" "$url$path"
  for i in 1 2 3; do
    curl -sf -o /dev/null "${auth[@]}" -w "$path: %{time_total} s, %{size_download} bytes\n" "$url$path"
  done
done

# 5. The estate view's first render, a fresh browser (empty cache) per run.
java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.suanli.dashboard.bench.EstateFirstRender "$url" "$runs"
echo "machine after: $(uptime)"
