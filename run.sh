#!/usr/bin/env bash
# Starts Cordon on embedded SQLite with demo data and prints the URL and the demo log-ins.
# Data lives in ./data (delete it to start afresh). Pass --urls to choose the address.
set -euo pipefail
cd "$(dirname "$0")"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export Cordon__SeedDemoData="${Cordon__SeedDemoData:-true}"
export Cordon__DataDirectory="${Cordon__DataDirectory:-$PWD/data}"
exec dotnet run --project src/Cordon.Web -c Release -- --urls "${CORDON_URLS:-http://127.0.0.1:5000}" "$@"
