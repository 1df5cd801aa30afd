#!/usr/bin/env bash
# Job submission load: REST (64 keep-alive clients), gRPC unary and gRPC bulk streaming against a
# RUNNING service (start it with SUANLI_SECURITY_RATE_LIMIT_ENABLED=false ./suanli demo: the load comes
# from one operator, whom the default 50 requests/s would throttle). Prints accepted jobs/s and
# latency percentiles. Sends $SUANLI_TOKEN, or a local operator token (./suanli token) when unset.
# Usage: bench/submit-benchmark.sh [--url http://localhost:8080] [--mode rest|grpc-unary|grpc-stream|all]
#        [--jobs 20000] [--clients 64] [--streams 2] [--window 20000] [--warmup 2000]
#        [--service-pid PID --database DB]
# With --service-pid and --database it also prints the CPU milliseconds per accepted job of the
# service, of PostgreSQL (the backends connected to DB plus the WAL writer) and of the load
# generator, read from /proc/PID/stat around each measured run: on a shared machine a steadier
# figure than jobs per second.
set -euo pipefail
cd "$(dirname "$0")/.."
url=http://localhost:8080
args=("$@")
service_pid="" database=""
for ((i = 0; i < ${#args[@]}; i++)); do
  case "${args[i]}" in
    --url) url="${args[i+1]}" ;;
    --service-pid) service_pid="${args[i+1]}" ;;
    --database) database="${args[i+1]}" ;;
  esac
done
curl -sf "$url/q/health/ready" >/dev/null || { echo "no service at $url: start it with ./suanli demo" >&2; exit 1; }
# The load generator lives in the test sources; build them and their class path once.
if [[ ! -f target/test-classes/io/suanli/bench/SubmitLoad.class || ! -f target/test-classpath.txt \
      || -n "$(find src/test/java/io/suanli/bench pom.xml -newer target/test-classpath.txt -print -quit)" ]]; then
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
export SUANLI_TOKEN="${SUANLI_TOKEN:-$(./suanli token --role operator --subject bench-operator)}"
cpu_of=""
[[ -n "$service_pid" && -n "$database" ]] && cpu_of="service=$service_pid,postgres=db:$database"
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.suanli.bench.SubmitLoad "$@" --cpu-of "$cpu_of"
