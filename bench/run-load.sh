#!/usr/bin/env bash
# Load run (issues 4-7 and 9): starts Cordon (Release, Production environment, scheduled jobs on) on SQLite and on
# PostgreSQL, seeds what the scenarios need, drives each scenario over HTTP from a separate process
# (bench/Cordon.Load), and measures pgbench's raw insert rate on the same server in the same run.
# Results: a table on stdout and one JSON line per scenario in $OUT/results.jsonl.
#
#   bench/run-load.sh                          # both providers, all scenarios
#   PROVIDERS=Postgres SCENARIOS=authorization,notification DURATION=15 bench/run-load.sh
#
# Settings (environment): PROVIDERS (Sqlite Postgres), SCENARIOS, CONCURRENCY (32), DURATION (20 s), WARMUP (10 s),
# PG (libpq-style server settings, default host=127.0.0.1 port=5432 user=cordon password=cordon), PORT (5180),
# NO_BUILD=1 to reuse the last Release build, LABEL (free text recorded with the results).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PROVIDERS="${PROVIDERS:-Sqlite Postgres}"
SCENARIOS="${SCENARIOS:-authorization,notification,incident,verify,verify-page,mixed}"
CONCURRENCY="${CONCURRENCY:-32}"
DURATION="${DURATION:-20}"
WARMUP="${WARMUP:-10}"  # tiered JIT keeps recompiling hot paths for ~10 s after start; earlier figures count it
PORT="${PORT:-5180}"
LABEL="${LABEL:-}"
PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-cordon}" PGPASSWORD="${PGPASSWORD:-cordon}"
PGSSLMODE="${PGSSLMODE:-disable}"  # pgbench and Cordon alike, so that the ratio compares like with like
export PGHOST PGPORT PGUSER PGPASSWORD PGSSLMODE
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
OUT="${OUT:-$ROOT/bench/results/$STAMP}"
mkdir -p "$OUT"
RESULTS="$OUT/results.jsonl"

if [[ "${NO_BUILD:-}" != 1 ]]; then
  dotnet build src/Cordon.Web -c Release -v q -nologo >/dev/null
  dotnet build bench/Cordon.Load -c Release -v q -nologo >/dev/null
fi
WEB="${WEB:-$ROOT/src/Cordon.Web/bin/Release/net10.0/Cordon.Web.dll}"  # WEB=... runs another build, e.g. a baseline
LOAD="$ROOT/bench/Cordon.Load/bin/Release/net10.0/Cordon.Load.dll"

SERVER_PID=""
cleanup() { if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi; }
trap cleanup EXIT

echo "Machine: $(nproc) cores; load average before: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/machine.txt"

start_cordon() { # provider connection-string data-dir
  local provider=$1 connection=$2 data=$3
  mkdir -p "$data"
  (
    cd "$(dirname "$WEB")"
    export ASPNETCORE_ENVIRONMENT=Production
    export Database__Provider="$provider"
    export ConnectionStrings__Postgres="$connection"
    export ConnectionStrings__Sqlite="$connection"
    export Cordon__DataDirectory="$data"
    export Cordon__SeedDemoData=true            # Parties, authorities and demo users the scenarios act as
    export Cordon__RunScheduledJobs=true
    export Cordon__RateLimits__LoginPerMinute=100000  # every simulated officer signs in from this one address
    exec dotnet "$WEB" --urls "http://127.0.0.1:$PORT"
  ) >"$OUT/cordon-$provider.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 240); do
    if curl -fsS "http://127.0.0.1:$PORT/health/ready" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then echo "Cordon ($provider) did not start; see $OUT/cordon-$provider.log" >&2; exit 1; fi
    sleep 0.5
  done
  echo "Cordon ($provider) not ready after 120 s" >&2; exit 1
}

stop_cordon() { cleanup; SERVER_PID=""; }

for provider in $PROVIDERS; do
  echo "### $provider"
  data=$(mktemp -d "/tmp/cordon-load-$provider-XXXXXX")
  if [[ $provider == Postgres ]]; then
    db="cordon_load_$(date -u +%H%M%S)_$$"
    psql -d postgres -qc "CREATE DATABASE $db" >/dev/null
    # PostgreSQL runs on this host: loopback without TLS, as docs/operations.md advises (PGSSLMODE=prefer to compare).
    conn="Host=$PGHOST;Port=$PGPORT;Username=$PGUSER;Password=$PGPASSWORD;Database=$db;Maximum Pool Size=${POOL_SIZE:-64};SSL Mode=${PGSSLMODE^}"
  else
    conn="Data Source=$data/cordon.db;Cache=Shared;Pooling=True"
  fi
  start_cordon "$provider" "$conn" "$data"
  dotnet "$LOAD" setup --provider "$provider" --connection "$conn" --out "$OUT/tokens-$provider.json"
  dotnet "$LOAD" run --url "http://127.0.0.1:$PORT" --tokens "$OUT/tokens-$provider.json" --scenario "$SCENARIOS" \
    --concurrency "$CONCURRENCY" --duration "$DURATION" --warmup "$WARMUP" --label "$provider $LABEL" --results "$RESULTS" \
    | tee -a "$OUT/summary.txt" || echo "(some requests failed; see above)"
  stop_cordon
  if [[ $provider == Postgres ]]; then psql -d postgres -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null; fi
  rm -rf "$data"
done

# The raw insert rate of the same PostgreSQL server, same machine, same run: one single-row INSERT per transaction.
if [[ " $PROVIDERS " == *" Postgres "* ]]; then
  pgdb="pgbench_load_$$"
  psql -d postgres -qc "CREATE DATABASE $pgdb" >/dev/null
  psql -d "$pgdb" -qc "CREATE TABLE record (id bigserial PRIMARY KEY, party char(2) NOT NULL, payload text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())" >/dev/null
  echo "INSERT INTO record (party, payload) VALUES ('AT', md5(random()::text));" > "$OUT/pgbench-insert.sql"
  pgbench -n -f "$OUT/pgbench-insert.sql" -c "$CONCURRENCY" -j 2 -T "$DURATION" "$pgdb" > "$OUT/pgbench.txt" 2>&1
  psql -d postgres -qc "DROP DATABASE IF EXISTS $pgdb WITH (FORCE)" >/dev/null
  tps=$(grep -oP 'tps = \K[0-9.]+' "$OUT/pgbench.txt" | head -1)
  echo "pgbench insert-only (c=$CONCURRENCY): $tps inserts/s" | tee -a "$OUT/summary.txt"
  echo "{\"scenario\":\"pgbench-insert\",\"label\":\"$LABEL\",\"concurrency\":$CONCURRENCY,\"perSecond\":$tps}" >> "$RESULTS"
  python3 - "$RESULTS" "$tps" <<'PY' | tee -a "$OUT/summary.txt"
import json, sys
tps = float(sys.argv[2])
for line in open(sys.argv[1]):
    r = json.loads(line)
    if not r["label"].startswith("Postgres") or "operations" not in r:
        continue
    writes = sum(o["perSecond"] for o in r["operations"] if o["operation"] in ("issue authorization", "file notification", "post incident"))
    if writes:
        print(f"ratio {r['scenario']:<14} Cordon writes/s ÷ pgbench inserts/s = {writes:.1f} / {tps:.0f} = {writes / tps:.3f}")
PY
fi
echo "Machine: load average after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt"
echo "Results in $OUT"
