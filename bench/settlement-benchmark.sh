#!/usr/bin/env bash
# Metering and settlement load against a RUNNING service with its own database: gRPC ingestion
# (batches of 1,000, each acknowledged after commit), gRPC pull, FOCUS CSV export, settling into
# the ledger. Start the service with -Xmx512m (the export target is measured under it), e.g.
#   QUARKUS_HTTP_PORT=8094 QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:5432/DB \
#   QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:5432/DB java -Xmx512m -jar target/quarkus-app/quarkus-run.jar
# Usage: bench/settlement-benchmark.sh [--url http://localhost:8094] [--jdbc jdbc:postgresql://127.0.0.1:5432/DB]
#        [--records 1000000] [--jobs 1000] [--window 8]
set -euo pipefail
cd "$(dirname "$0")/.."
url=http://localhost:8094
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do [[ "${args[i]}" == --url ]] && url="${args[i+1]}"; done
curl -sf "$url/q/health/ready" >/dev/null || { echo "no service at $url" >&2; exit 1; }
if [[ ! -f target/test-classes/io/suanli/bench/UsageLoad.class || ! -f target/test-classpath.txt \
      || -n "$(find src/test/java/io/suanli/bench pom.xml -newer target/test-classpath.txt -print -quit)" ]]; then
  ./mvnw -B -q test-compile dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
fi
export SUANLI_TOKEN="${SUANLI_TOKEN:-$(./suanli token --role operator --subject bench-operator)}"
exec java -Xmx1g -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" io.suanli.bench.UsageLoad "$@"
