#!/usr/bin/env bash
# Solver benchmark: solves every scenario in ../shared/scenarios, checks each result with the
# reference checker ../shared/tools/VerifyResult.java and prints a markdown table beside the best
# baseline of BASELINES.md. Not a unit test: it needs ../shared (absent in a clean clone).
#
#   bench/solver-benchmark.sh [--seed S] [--only NAME] [--city-scale]
#
# Time limits follow the targets: 30 s for tiny/small scenarios, 60 s otherwise, -Xmx4g.
# --city-scale adds the 100,000-job / 10,000-node / 48-hour run (generated, 120 s, -Xmx8g).
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED=../shared
if [[ ! -d "$SHARED/scenarios" || ! -f "$SHARED/tools/VerifyResult.java" ]]; then
  echo "skipped: $SHARED/scenarios or $SHARED/tools/VerifyResult.java is absent (the benchmark needs the shared scenarios)"
  exit 0
fi
SEED=0; ONLY=""; CITY=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --seed) SEED="$2"; shift 2;;
    --only) ONLY="$2"; shift 2;;
    --city-scale) CITY=1; shift;;
    *) echo "unknown argument $1" >&2; exit 2;;
  esac
done
if [[ ! -f target/classpath.txt || ! -d target/classes/io/suanli/scheduling || ! -d target/test-classes/io/suanli/scheduling/bench ]]; then
  mvn -o -B -q test-compile >&2
fi
CP="target/classes:target/test-classes:$(cat target/classpath.txt)"
OUT=target/bench; mkdir -p "$OUT"
TIME=/usr/bin/time
[[ -x $TIME ]] || { echo "note: /usr/bin/time not found (apt-get install time); peak memory not measured" >&2; TIME=""; }

# best baseline per scenario from BASELINES.md: lexicographic (max placedPriority, then min total)
best_baseline() {
  awk -v scen="$1" '
    /^##+ / { name=$NF }
    name==scen && /^\| [a-z]/ && $0 !~ /solver/ {
      split($0, c, "|"); gsub(/ /, "", c[2]); gsub(/ /, "", c[5]); gsub(/ /, "", c[7]);
      p = c[5] + 0; t = c[7] + 0
      if (c[3] ~ /True/ && (bs == "" || p > bp || (p == bp && t < bt))) { bp = p; bt = t; bs = c[2] }
    }
    END { if (bs != "") printf "%s %d %.2f\n", bs, bp, bt }' "$SHARED/scenarios/BASELINES.md"
}

k8s_total() {
  awk -v scen="$1" '
    /^##+ / { name=$NF }
    name==scen && /^\| greedy-k8s / { split($0, c, "|"); printf "%.2f\n", c[7] + 0 }' "$SHARED/scenarios/BASELINES.md"
}

num() { sed -n "s/.*\"$1\": \([0-9.eE+-]*\).*/\1/p"; }

run_one() { # name scenario-file seconds xmx
  local name=$1 file=$2 secs=$3 xmx=$4
  local res="$OUT/$name.result.json" log="$OUT/$name.log"
  local t0=$(date +%s%N)
  if [[ -n $TIME ]]; then
    $TIME -v java "-Xmx$xmx" -cp "$CP" io.suanli.scheduling.cli.SolveCommand --scenario "$file" --seconds "$secs" --seed "$SEED" --out "$res" >"$log" 2>&1 || true
  else
    java "-Xmx$xmx" -cp "$CP" io.suanli.scheduling.cli.SolveCommand --scenario "$file" --seconds "$secs" --seed "$SEED" --out "$res" >"$log" 2>&1 || true
  fi
  local wall=$(( ($(date +%s%N) - t0) / 1000000 ))
  local verify; verify=$(java -Xmx2g "$SHARED/tools/VerifyResult.java" "$file" "$res" 2>/dev/null || true)
  local valid=$(sed -n 's/.*"valid": \([a-z]*\).*/\1/p' <<<"$verify")
  local pp=$(num placedPriority <<<"$verify") total=$(num total <<<"$verify") viol=$(num violationCount <<<"$verify")
  local load=$(sed -n 's/^loaded .* in \([0-9]*\) ms$/\1/p' "$log")
  local first=$(sed -n 's/.*first feasible after \(-\?[0-9]*\) ms.*/\1/p' "$log")
  local rss=$(sed -n 's/.*Maximum resident set size (kbytes): \([0-9]*\).*/\1/p' "$log")
  local base; base=$(best_baseline "$name")
  local k8s; k8s=$(k8s_total "$name")
  awk -v name="$name" -v secs="$secs" -v valid="${valid:-false}" -v viol="${viol:-?}" -v pp="${pp:-0}" -v total="${total:-0}" \
      -v base="$base" -v k8s="$k8s" -v first="${first:--1}" -v loadms="${load:-0}" -v rss="${rss:-0}" -v wall="$wall" 'BEGIN {
    cmp = "-"
    if (base != "") {
      split(base, b, " ")
      cmp = sprintf("%s: %d / %.2f; ours %+.2f%% priority, %+.2f%% total", b[1], b[2], b[3], (pp - b[2]) * 100 / b[2], (total - b[3]) * 100 / b[3])
    }
    k = k8s == "" ? "-" : sprintf("%.2f (%+.2f%%)", k8s, (total - k8s) * 100 / k8s)
    f = first < 0 ? "-" : sprintf("%.1f + %.1f", first / 1000, loadms / 1000)
    printf "| %s | %s | %s (%s) | %d | %.2f | %s | %s | %s | %s | %.0f |\n", name, secs, valid, viol, pp, total, cmp, k, f, (rss > 0 ? sprintf("%d", rss / 1024) : "-"), wall / 1000
  }'
}

echo "Solver benchmark, seed $SEED, $(nproc) cores, $(date -u +%Y-%m-%dT%H:%MZ), commit $(git rev-parse --short HEAD)"
echo
echo "| scenario | limit s | valid (violations) | placedPriority | total | best baseline (lexicographic): placedPriority / total; ours vs it | greedy-k8s total (ours vs it) | first valid s (solver + load) | peak RSS MB | wall s |"
echo "|---|---:|---|---:|---:|---|---|---|---:|---:|"
for f in "$SHARED"/scenarios/*.json; do
  name=$(basename "$f" .json)
  [[ -n $ONLY && $name != "$ONLY" ]] && continue
  secs=60; [[ $name == *tiny* || $name == *small* ]] && secs=30
  run_one "$name" "$f" "$secs" 4g
done
if [[ $CITY == 1 ]]; then
  city="$OUT/city-scale-100000x10000x48.json"
  [[ -f $city ]] || java -cp "$CP" io.suanli.scheduling.bench.CityScaleScenario 100000 10000 48 1 "$city" >&2
  run_one "city-scale-100000x10000x48" "$city" 120 8g
fi
