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

# "kind pid ticks" (utime + stime) of the node, the load tool and every PostgreSQL process, and the ticks of the
# children the postmaster has reaped (cutime + cstime): backends the pool closes during a run, and autovacuum workers,
# count for the part of their life inside the run (see the sum below).
ticks() {
  local pid
  for pid in $(pgrep -f Cordon.Web.dll); do echo "node $pid $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"; done
  for pid in $(pgrep -u postgres); do echo "pg $pid $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"; done
  local postmaster
  for postmaster in $(pgrep -u postgres -P 1); do echo "reaped $postmaster $(awk '{print $16 + $17}' "/proc/$postmaster/stat" 2>/dev/null || echo 0)"; done
  for pid in $(pgrep -f Cordon.Load.dll); do echo "load $pid $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)"; done
}

# The host's speed at the time, to compare runs made hours apart on a shared machine: single-core SHA-256 throughput of
# 1 KiB blocks, measured just before the load starts (about 1,300 MB/s in slow spells here, more in quick ones).
if command -v openssl >/dev/null; then
  probe=$(openssl speed -seconds 2 -bytes 1024 sha256 2>/dev/null | awk '/^sha256/ {sub(/k$/, "", $2); printf "%.0f", $2 / 1000}')
  echo "host probe: sha256 ${probe:-?} MB/s on one core"
fi
out=$(mktemp)
dotnet "$LOAD" run --url "$URL" --tokens "$TOKENS" --scenario "$scenario" --concurrency "$CONCURRENCY" \
  --duration "$DURATION" --warmup "$WARMUP" > "$out" 2>&1 &
load=$!
sleep $((WARMUP + 1)); before=$(ticks); t0=$(date +%s.%N)
sleep $((DURATION - 2)); after=$(ticks); t1=$(date +%s.%N)
wait $load || true
line=$(grep -E '^\s+[a-z]' "$out" | tail -1); echo "$line"
rate=$(echo "$line" | awk '{for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]$/) { print $i; exit }}')
python3 - "$t0" "$t1" "$rate" "$(getconf CLK_TCK)" "$before" "$after" <<'PY'
import sys
t0, t1, rate = map(float, sys.argv[1:4]); hz = int(sys.argv[4])
parse = lambda text: {(k, p): int(t) for k, p, t in (l.split() for l in text.splitlines() if l.strip())}
b, a = parse(sys.argv[5]), parse(sys.argv[6])
el = t1 - t0
# A process alive at both samples counts its difference; one started in between all its ticks; one that ended in
# between is in the postmaster's reaped ticks with its whole life, so its ticks before the run are taken off.
def used(kind):
    ticks = sum(a[k] - b.get(k, 0) for k in a if k[0] == kind) - sum(b[k] for k in b if k[0] == kind and k not in a)
    if kind == "pg":
        ticks += sum(a[k] - b[k] for k in a if k[0] == "reaped" and k in b)
    return ticks / hz / el
cores = {kind: used(kind) for kind in ("node", "pg", "load")}
node, pg = cores["node"], cores["pg"]
print(f"node {node:.2f} cores, PostgreSQL {pg:.2f} cores; CPU per request: node {1000 * node / rate:.2f} ms, "
      f"PostgreSQL {1000 * pg / rate:.2f} ms, together {1000 * (node + pg) / rate:.2f} ms; the load tool {cores['load']:.2f} cores")
PY
rm -f "$out"
