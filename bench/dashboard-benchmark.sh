#!/usr/bin/env bash
# Measures the dashboard against a running service whose database this script may write to:
# imports a scenario, gives every job a plan (standing in for the live scheduler: jobs spread
# over the first 24 slots and the UP nodes, the first two slots committed), then times the
# read-model endpoints and the estate view's first render in a fresh headless Chromium.
# Usage: bench/dashboard-benchmark.sh [SCENARIO.json] [BASE_URL] [PSQL_DB] [RUNS]
# Needs: ./mvnw test-compile done (target/test-classes), chromium + chromium-driver, psql.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-../shared/scenarios/large-1.json}"
[[ -f "$scenario" ]] || scenario=src/test/resources/scenarios/large-1.json
base="${2:-http://localhost:8080}"
db="${3:-postgres}"
runs="${4:-5}"
curl -sf "$base/q/health/ready" >/dev/null || { echo "no service at $base" >&2; exit 1; }
psql=(psql -h 127.0.0.1 -U postgres -d "$db" -v ON_ERROR_STOP=1 -qtA)

echo "importing $scenario"
curl -sf -o /dev/null -w 'import: HTTP %{http_code} in %{time_total} s\n' -H 'Content-Type: application/json' \
  --data-binary @"$scenario" "$base/api/v1/scenarios"

echo "writing plans for every job without one"
"${psql[@]}" <<'SQL'
create temp table bench_plan as
with n as (select name, site, row_number() over (order by name) - 1 as i, count(*) over () as c
           from node where state = 'UP' and gpus >= 0),
     j as (select id, attempt, tasks, duration_hours, cpu_cores, gpus, row_number() over (order by id) - 1 as k
           from job where id not in (select job_id from job_plan))
select j.id, j.attempt, j.tasks, j.duration_hours, n.name as node, n.site, (j.k % 24)::int as slot
from j join n on n.i = j.k % n.c;
insert into job_plan (job_id, attempt, site, starts_at, ends_at, hourly_price, quoted_cost, carbon_kg, planned_at, committed_at)
select id, attempt, site, date_trunc('hour', now()) + make_interval(hours => slot),
       date_trunc('hour', now()) + make_interval(hours => slot + duration_hours), 10, 10 * duration_hours, 1.5, now(),
       case when slot < 2 then now() end
from bench_plan;
insert into job_plan_task (job_id, task, node, price_cpu_core, price_memory_gib, price_gpu)
select p.id, t, p.node, 0.05, 0.01, 20 from bench_plan p, generate_series(0, p.tasks - 1) as t;
update job set state = case when b.slot < 2 then 'PLACED' else 'PLANNED' end from bench_plan b where b.id = job.id;
SQL
echo "jobs: $("${psql[@]}" -c "select count(*) from job") · plans: $("${psql[@]}" -c "select count(*) from job_plan") · plan tasks: $("${psql[@]}" -c "select count(*) from job_plan_task") · nodes: $("${psql[@]}" -c "select count(*) from node")"

site=$("${psql[@]}" -c "select site from job_plan group by site order by count(*) desc limit 1")
for path in /api/v1/dashboard/estate "/api/v1/dashboard/sites/$site" /api/v1/dashboard/queue /api/v1/dashboard/tenants; do
  curl -sf -o /dev/null "$base$path"  # warm
  for i in 1 2 3; do
    curl -sf -o /dev/null -H 'Accept-Encoding: gzip' -w "$path: %{time_total} s, %{size_download} bytes\n" "$base$path"
  done
done

cp="target/test-classes:target/classes:$(./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)"
java -cp "$cp" io.suanli.dashboard.bench.EstateFirstRender "$base" "$runs"
