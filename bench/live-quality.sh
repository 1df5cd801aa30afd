#!/usr/bin/env bash
# Live plan quality: takes the running scheduler's problem and plan (GET /api/v1/scheduler/snapshot,
# on the leader), solves the same problem offline with ./suanli solve for N seconds and compares:
# placed priority and total (cost + carbon cost), lexicographically, as the live scheduler issue's
# quality target reads them. Both results are checked with ../shared/tools/VerifyResult.java when
# it is there (skipped otherwise: then the engine's own figures are compared).
#
#   bench/live-quality.sh [--url http://localhost:8080] [--seconds 60] [--out target/live-quality]
#                         [--export-only | --compare-only]
# --export-only takes the live problem and plan and stops (e.g. while a load runs); --compare-only
# solves and compares an export taken before (so the offline solve does not share the machine with
# the load being measured).
set -euo pipefail
cd "$(dirname "$0")/.."
url=http://localhost:8080; seconds=60; out=target/live-quality; export_only=0; compare_only=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --export-only) export_only=1; shift ;;
    --compare-only) compare_only=1; shift ;;
    --url) url="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
mkdir -p "$out"
if [[ $compare_only == 0 ]]; then
token="${SUANLI_TOKEN:-$(./suanli token --role operator --subject live-quality)}"
curl -sf -H "Authorization: Bearer $token" "$url/api/v1/scheduler/snapshot" -o "$out/export.json" \
  || { echo "no live plan at $url (is it the leader, has it planned yet?)" >&2; exit 1; }
python3 - "$out" <<'PY'
import json, sys
out = sys.argv[1]
export = json.load(open(f"{out}/export.json"))
json.dump(export["scenario"], open(f"{out}/scenario.json", "w"))
json.dump(export["plan"], open(f"{out}/live-result.json", "w"))
s = export["scenario"]
pinned = sum(1 for j in s["jobs"] if j.get("pinned"))
print(f"live problem: {len(s['jobs'])} jobs ({pinned} pinned), {len(s['nodes'])} nodes, {s['horizonHours']} slots from {s['startsAt']}")
PY
fi
[[ $export_only == 1 ]] && exit 0
./suanli solve --scenario "$out/scenario.json" --seconds "$seconds" --seed 0 --out "$out/offline-result.json" > "$out/solve.log" 2>&1
figures() {  # scenario result -> "placedPriority total"
  if [[ -f ../shared/tools/VerifyResult.java ]]; then
    java -Xmx2g ../shared/tools/VerifyResult.java "$1" "$2" | python3 -c 'import json,sys; v=json.load(sys.stdin); print(v["placedPriority"], v["total"], v["valid"], v["violationCount"])'
  else
    python3 -c 'import json,sys; o=json.load(open(sys.argv[1]))["objective"]; print(o["placedPriority"], o["total"], "unchecked", "-")' "$2"
  fi
}
read -r live_p live_t live_valid live_v <<<"$(figures "$out/scenario.json" "$out/live-result.json")"
read -r off_p off_t off_valid off_v <<<"$(figures "$out/scenario.json" "$out/offline-result.json")"
python3 - "$live_p" "$live_t" "$off_p" "$off_t" "$seconds" <<'PY'
import sys
lp, lt, op, ot, secs = float(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
dp = (op - lp) / lp * 100 if lp else 0.0
dt = (lt - ot) / lt * 100 if lt else 0.0
print(f"live plan:        placed priority {lp:.0f}, total {lt:.2f}")
print(f"offline {secs} s:    placed priority {op:.0f}, total {ot:.2f}")
print(f"offline better by {dp:+.2f} % placed priority (target <= 1 %), {dt:+.2f} % total (target <= 5 %)")
PY
echo "valid (violations): live $live_valid ($live_v), offline $off_valid ($off_v); files in $out"
