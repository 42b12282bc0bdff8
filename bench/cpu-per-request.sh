#!/usr/bin/env bash
# CPU time per request of the Cordon node and of PostgreSQL during one load run: steadier than the rate on a shared
# 2-core machine, where the same code gives rates ±30 % apart from one run to the next.
# Usage: bench/cpu-per-request.sh SCENARIO   (a node already running on $URL, tokens from `Cordon.Load setup`)
# Settings: URL (http://127.0.0.1:5180), TOKENS (tokens.json), CONCURRENCY (16), WARMUP (20 s), DURATION (30 s).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
scenario=${1:?scenario}
URL=${URL:-http://127.0.0.1:5180}; TOKENS=${TOKENS:-tokens.json}
CONCURRENCY=${CONCURRENCY:-16}; WARMUP=${WARMUP:-20}; DURATION=${DURATION:-30}
LOAD="$ROOT/bench/Cordon.Load/bin/Release/net10.0/Cordon.Load.dll"

# utime + stime (clock ticks) of the node and of every PostgreSQL process
ticks() {
  local node=0 pg=0 pid a b
  for pid in $(pgrep -f Cordon.Web.dll); do read -r a b < <(awk '{print $14, $15}' "/proc/$pid/stat" 2>/dev/null || echo "0 0"); node=$((node + a + b)); done
  for pid in $(pgrep -u postgres); do read -r a b < <(awk '{print $14, $15}' "/proc/$pid/stat" 2>/dev/null || echo "0 0"); pg=$((pg + a + b)); done
  echo "$node $pg"
}

out=$(mktemp)
dotnet "$LOAD" run --url "$URL" --tokens "$TOKENS" --scenario "$scenario" --concurrency "$CONCURRENCY" \
  --duration "$DURATION" --warmup "$WARMUP" > "$out" 2>&1 &
load=$!
sleep $((WARMUP + 1)); read -r n0 p0 < <(ticks); t0=$(date +%s.%N)
sleep $((DURATION - 2)); read -r n1 p1 < <(ticks); t1=$(date +%s.%N)
wait $load || true
line=$(grep -E '^\s+[a-z]' "$out" | tail -1); echo "$line"
rate=$(echo "$line" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]$/) { print $i; exit }}')
python3 - "$n0" "$n1" "$p0" "$p1" "$t0" "$t1" "$rate" "$(getconf CLK_TCK)" <<'PY'
import sys
n0, n1, p0, p1 = map(int, sys.argv[1:5]); t0, t1, rate = map(float, sys.argv[5:8]); hz = int(sys.argv[8])
el = t1 - t0; node = (n1 - n0) / hz / el; pg = (p1 - p0) / hz / el
print(f"node {node:.2f} cores, PostgreSQL {pg:.2f} cores; CPU per request: node {1000 * node / rate:.2f} ms, "
      f"PostgreSQL {1000 * pg / rate:.2f} ms, together {1000 * (node + pg) / rate:.2f} ms")
PY
rm -f "$out"
