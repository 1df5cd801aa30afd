#!/usr/bin/env bash
# Times POST /api/v1/scenarios for a scenario file against a running service.
# Usage: bench/import-benchmark.sh [SCENARIO.json] [RUNS] [BASE_URL] [fresh]
# Default scenario: ../shared/scenarios/large-1.json (2,000 nodes), else the copy in test resources.
# With "fresh", run k imports a copy whose ids all carry the prefix "b<k>-", so every run creates the
# whole estate and all jobs anew (no run is a cheap re-import); otherwise runs after the first update.
set -euo pipefail
cd "$(dirname "$0")/.."
scenario="${1:-../shared/scenarios/large-1.json}"
[[ -f "$scenario" ]] || scenario=src/test/resources/scenarios/large-1.json
runs="${2:-5}"
base="${3:-http://localhost:8080}"
fresh="${4:-}"
curl -sf "$base/q/health/ready" >/dev/null || { echo "no service at $base: start it with ./suanli demo" >&2; exit 1; }
# Scenario import is for operators: $SUANLI_TOKEN, or a local operator token when unset.
SUANLI_TOKEN="${SUANLI_TOKEN:-$(./suanli token --role operator --subject bench-operator)}"
echo "scenario: $scenario ($(stat -c %s "$scenario") bytes), $runs runs against $base"
times=()
for i in $(seq 1 "$runs"); do
  file="$scenario"
  if [[ "$fresh" == fresh ]]; then
    file=$(mktemp --suffix=.json)
    python3 bench/fresh-names.py "$scenario" "b$i-$$-" "$file"
  fi
  out=$(curl -s -o /tmp/suanli-import.json -w '%{http_code} %{time_total}' -H 'Content-Type: application/json' -H "Authorization: Bearer $SUANLI_TOKEN" \
        --data-binary @"$file" "$base/api/v1/scenarios")
  code=${out% *}; t=${out#* }
  [[ "$code" == 200 ]] || { echo "run $i: HTTP $code: $(head -c 300 /tmp/suanli-import.json)" >&2; exit 1; }
  echo "run $i: ${t}s  $(python3 -c 'import json,sys; r=json.load(open("/tmp/suanli-import.json")); print("nodes created %d updated %d, jobs submitted %d skipped %d refused %d, server %d ms" % (r["nodes"]["created"], r["nodes"]["updated"], r["jobs"]["submitted"], r["jobs"]["skipped"], r["jobs"]["refused"], r["millis"]))' 2>/dev/null || true)"
  times+=("$t")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "median %.3f s, min %.3f s, max %.3f s (target <= 3 s)\n", a[int((NR+1)/2)], a[1], a[NR]}'
