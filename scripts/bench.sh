#!/usr/bin/env bash
# Runs the benchmarks on SQLite and on a throwaway PostgreSQL cluster, writing the tables to
# artifacts/bench/ (copy them into docs/PERFORMANCE.md when they change).
#   scripts/bench.sh [--sizes 1000,10000,100000,1000000] [--runs 30]  indicators → artifacts/bench/indicators.md
#   scripts/bench.sh --import 100000                              ledger import → artifacts/bench/import.md
#   scripts/bench.sh --reports 10000                              month-end report burst (wrk) → artifacts/bench/reports.md
#   scripts/bench.sh --scale-out 10000                            two instances behind nginx (wrk) → artifacts/bench/scale-out.md
#   scripts/bench.sh --hostile 1000                               memory while refusing hostile uploads → artifacts/bench/hostile.md
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p artifacts/bench
dotnet build bench/Tiaodu.Bench -c Release >/dev/null

pgdir=$(mktemp -d /tmp/tiaodu-bench-pg.XXXXXX)
rmdir "$pgdir"
trap 'scripts/pg.sh stop "$pgdir" >/dev/null 2>&1 || true' EXIT
conn=$(scripts/pg.sh start "$pgdir" 55442)

out=indicators
[[ "${1:-}" == --import ]] && out=import
if [[ "${1:-}" == --hostile ]]; then
    out=hostile
    dotnet build src/Tiaodu.Web -c Release >/dev/null
fi
if [[ "${1:-}" == --reports || "${1:-}" == --scale-out ]]; then
    out=${1#--}
    sudo_apt=$(command -v sudo || true)
    need=()
    command -v wrk >/dev/null || need+=(wrk)
    [[ "$out" != scale-out ]] || command -v nginx >/dev/null || need+=(nginx-light)
    if (( ${#need[@]} )); then
        # A fresh machine may have no package lists yet.
        ${sudo_apt:+$sudo_apt} apt-get update >/dev/null
        ${sudo_apt:+$sudo_apt} apt-get install -y "${need[@]}" >/dev/null
    fi
    dotnet build src/Tiaodu.Web -c Release >/dev/null
fi
dotnet run -c Release --no-build --project bench/Tiaodu.Bench -- "$@" --pg "$conn" | tee "artifacts/bench/$out.md"
