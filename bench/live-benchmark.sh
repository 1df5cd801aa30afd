#!/usr/bin/env bash
# Live scheduler benchmark: starts the packaged service on its own database (large-1 estate, 2,000
# nodes, without the scenario's jobs), then
#   burst:  N jobs submitted at once (one gRPC SubmitJobs stream, or --burst-via rest: 64 REST
#           clients); time from the last acknowledgement, and from the first job sent, until every
#           job is planned (PLANNED or later) or waits with a reason;
#   steady: R jobs/s for S seconds; submit -> first plan latency (p50, p99) from the job events.
# --clock-speed 360 runs the exchange clock at one hour slot per 10 s, so that jobs are committed,
# dispatched to the simulated sites, run, complete and are metered during the run (latencies are
# converted back to real seconds); --mix busy sends gangs that ask for ~78 % of large-1's CPU at
# 200 jobs/s and speed 360 (LiveLoad), --mix small (default) small CPU jobs.
# Usage: bench/live-benchmark.sh [--burst 10000] [--burst-via grpc|rest] [--rate 200] [--seconds 60]
#        [--clock-speed 1] [--mix small|busy] [--port 8092] [--only burst|steady] [--autovacuum on]
# --autovacuum on turns PostgreSQL's autovacuum on for the run (ALTER SYSTEM, reset at the end):
# it is on by default, but this CI machine's server has it off (conf.d/90-ci.conf), and without it
# the plan tables, rewritten all the time, fill with dead rows (docs/benchmarks-live.md).
# SERVICE_JAVA_OPTS adds JVM options to the service only (e.g. a JFR recording).
# Needs: target/quarkus-app (./mvnw package), psql, PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
cd "$(dirname "$0")/.."
burst=10000 via=grpc speed=1 mix=small rate=200 seconds=60 port=8092 db=suanli_live_bench only= autovacuum=
while [[ $# -gt 0 ]]; do case "$1" in
  --burst) burst=$2; shift 2;; --burst-via) via=$2; shift 2;; --clock-speed) speed=$2; shift 2;; --mix) mix=$2; shift 2;; --rate) rate=$2; shift 2;; --seconds) seconds=$2; shift 2;; --port) port=$2; shift 2;; --only) only=$2; shift 2;; --autovacuum) autovacuum=$2; shift 2;;
  *) echo "unknown option $1" >&2; exit 2;; esac; done
url=http://localhost:$port
# The packaged service runs the production profile: it verifies tokens with the local key pair
# (./suanli token makes it and signs with it), and one benchmark client must not be rate limited.
export SUANLI_TOKEN="${SUANLI_TOKEN:-$(./suanli token --role operator --subject bench-operator)}"
keys="${SUANLI_SECURITY_LOCAL_KEYS_DIRECTORY:-$HOME/.suanli/keys}"
export PGPASSWORD=postgres
psql() { command psql -h 127.0.0.1 -U postgres -qAt "$@"; }
if [[ ! -f target/test-classes/io/suanli/bench/LiveLoad.class || ! -f target/test-classpath.txt ]]; then
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
python3 - <<'PY'
import json
d = json.load(open('src/test/resources/scenarios/large-1.json'))
d['jobs'] = []
json.dump(d, open('target/large-1-estate.json', 'w'))
PY

run_service() {
  psql -d postgres -c "drop database if exists $db with (force)" -c "create database $db"
  MP_JWT_VERIFY_PUBLICKEY_LOCATION="$keys/public.pem" SUANLI_SECURITY_RATE_LIMIT_ENABLED=false SUANLI_SCHEDULER_CLOCK_SPEED=$speed \
  QUARKUS_HTTP_PORT=$port QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/$db \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/$db \
    java ${SERVICE_JAVA_OPTS:-} -Xmx2g -jar target/quarkus-app/quarkus-run.jar > target/live-bench-service.log 2>&1 &
  service=$!
  for _ in $(seq 1 180); do curl -sf "$url/q/health/ready" >/dev/null && break; sleep 1; done
  curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' -H "Authorization: Bearer $SUANLI_TOKEN" --data-binary @target/large-1-estate.json "$url/api/v1/scenarios"
  sleep 5
}
load() { java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.suanli.bench.LiveLoad --url "$url" --mix "$mix" "$@"; }
waiting() { psql -d $db -c "select count(*) from job where state = 'QUEUED' and reason = 'submitted'"; }
trap 'kill $service 2>/dev/null || true; [[ -n "$autovacuum" ]] && psql -d postgres -c "alter system reset autovacuum" -c "select pg_reload_conf()" >/dev/null' EXIT
if [[ -n "$autovacuum" ]]; then
  psql -d postgres -c "alter system set autovacuum = $autovacuum" -c "select pg_reload_conf()" >/dev/null
fi
echo "PostgreSQL autovacuum: $(psql -d postgres -c 'show autovacuum')"

if [[ "$only" != steady ]]; then
echo "== burst: $burst jobs at once"
run_service
out=$(load --burst "$burst" --via "$via"); echo "$out"
first=$(echo "$out" | awk '/first-sent-epoch-ms/ {print $2}')
last=$(echo "$out" | awk '/last-ack-epoch-ms/ {print $2}')
while [[ $(waiting) -gt 0 ]]; do sleep 0.2; done
done_ms=$(date +%s%3N)
echo "all $burst jobs planned or given a reason $(( done_ms - last )) ms after the last acknowledgement," \
  "$(( done_ms - first )) ms after the first was sent: $(( burst * 1000 / (done_ms - first) )) jobs/s"
psql -d $db -c "select state, coalesce(reason, ''), count(*) from job group by 1, 2 order by 3 desc limit 8"
kill $service; wait $service 2>/dev/null || true
fi
[[ "$only" == burst ]] && exit 0

echo "== steady: $rate jobs/s for $seconds s, clock speed $speed, mix $mix"
run_service
load --rate "$rate" --seconds "$seconds"
sleep 10
echo "submit -> first plan, real seconds (jobs planned | p50 | p99 | max):"
psql -d $db -c "select count(*) as jobs, round(percentile_cont(0.5) within group (order by s)::numeric, 3) as p50_s,
  round(percentile_cont(0.99) within group (order by s)::numeric, 3) as p99_s, round(max(s)::numeric, 3) as max_s
  from (select extract(epoch from min(e.at) - j.submitted_at) / $speed as s from job j join job_event e on e.job_id = j.id
        and e.state = 'PLANNED' group by j.id, j.submitted_at) x"
echo "jobs never planned, by state and reason:"
psql -d $db -c "select j.state, coalesce(j.reason, ''), count(*) from job j where not exists
  (select 1 from job_event e where e.job_id = j.id and e.state = 'PLANNED') group by 1, 2 order by 3 desc limit 5"
psql -d $db -c "select state, count(*) from job group by 1 order by 2 desc"
echo "planner cycle phases (seconds: count, sum, p50, p99):"
curl -sf "$url/q/metrics" | python3 -c '
import re, sys, collections
m = collections.defaultdict(dict)
for line in sys.stdin:
    r = re.match(r"suanli_scheduler_cycle_phase_seconds(_count|_sum|)\{(.*)\} (\S+)", line)
    if not r: continue
    labels = dict(re.findall(r"(\w+)=\"([^\"]*)\"", r.group(2)))
    key = r.group(1) or "q" + labels.get("quantile", "")
    m[labels["phase"]][key] = float(r.group(3))
for phase, v in sorted(m.items()):
    n, total, p50, p99 = v.get("_count", 0), v.get("_sum", 0), v.get("q0.5", 0) * 1000, v.get("q0.99", 0) * 1000
    print(f"  {phase:9s} n={n:.0f} total={total:.1f} s p50={p50:.0f} ms p99={p99:.0f} ms")
'
