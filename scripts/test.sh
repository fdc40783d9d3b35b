#!/usr/bin/env bash
# Run every test: build once, then the lanes
#   sqlite    tests/Tiaodu.Tests on SQLite
#   postgres  tests/Tiaodu.Tests on a throwaway PostgreSQL cluster (scripts/pg.sh)
#   browser   tests/Tiaodu.BrowserTests with headless Chromium
#
# usage: scripts/test.sh [--lane sqlite|postgres|browser|all]... [-- <extra dotnet test args>]
#   e.g. scripts/test.sh --lane sqlite -- --filter "FullyQualifiedName~Import"
#
# Every selected lane runs even when an earlier one fails. Result files (.trx) and console logs go to
# artifacts/test-results/<lane>/. The last line printed is "N passed, N failed" summed over the lanes.
# Exit status is non-zero when a lane failed or when no test ran at all.
#
# Environment: TIAODU_LANE_TIMEOUT (seconds per lane, default 1800).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"

readonly ALL_LANES=(sqlite postgres browser)
readonly CHROMIUM=/usr/bin/chromium
readonly LANE_TIMEOUT="${TIAODU_LANE_TIMEOUT:-1800}"
readonly RESULTS_DIR="artifacts/test-results"

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
export MSBUILDTERMINALLOGGER=off
export DEBIAN_FRONTEND=noninteractive

say() { printf '==> %s\n' "$*"; }
warn() { printf 'test.sh: %s\n' "$*" >&2; }

usage() {
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit "${1:-2}"
}

# ---------------------------------------------------------------- arguments
lanes=()
extra=()
while (($# > 0)); do
    case "$1" in
        --lane)
            (($# >= 2)) || { warn "--lane needs a value"; usage; }
            lanes+=("$2"); shift 2 ;;
        --lane=*) lanes+=("${1#--lane=}"); shift ;;
        -h | --help) usage 0 ;;
        --) shift; extra=("$@"); break ;;
        *) warn "unknown argument: $1"; usage ;;
    esac
done
((${#lanes[@]} > 0)) || lanes=("${ALL_LANES[@]}")

selected=()
for lane in "${lanes[@]}"; do
    case "$lane" in
        all) candidates=("${ALL_LANES[@]}") ;;
        sqlite | postgres | browser) candidates=("$lane") ;;
        *) warn "unknown lane: $lane (expected sqlite, postgres, browser or all)"; usage ;;
    esac
    for c in "${candidates[@]}"; do
        [[ " ${selected[*]-} " == *" $c "* ]] || selected+=("$c")
    done
done

lane_selected() { [[ " ${selected[*]} " == *" $1 "* ]]; }

command -v dotnet >/dev/null || { warn "dotnet is not on PATH"; exit 1; }

# ---------------------------------------------------------------- results bookkeeping
declare -A lane_status lane_passed lane_failed lane_skipped lane_note lane_secs
total_passed=0
total_failed=0
any_failed=0

record() { # lane status passed failed skipped note secs
    lane_status[$1]="$2"; lane_passed[$1]="$3"; lane_failed[$1]="$4"; lane_skipped[$1]="$5"
    lane_note[$1]="$6"; lane_secs[$1]="$7"
    total_passed=$((total_passed + $3))
    total_failed=$((total_failed + $4))
    [[ "$2" == OK ]] || any_failed=1
}

summary_and_exit() {
    local lane
    echo
    say "Summary"
    for lane in "${selected[@]}"; do
        printf '  [%-8s] %-6s  passed %s, failed %s, skipped %s  (%ss)%s\n' \
            "$lane" "${lane_status[$lane]:-NOT RUN}" "${lane_passed[$lane]:-0}" "${lane_failed[$lane]:-0}" \
            "${lane_skipped[$lane]:-0}" "${lane_secs[$lane]:-0}" "${lane_note[$lane]:+  - ${lane_note[$lane]}}"
    done
    local rc=0
    if ((any_failed)); then
        rc=1
    elif ((total_passed + total_failed == 0)); then
        warn "no test ran"
        rc=1
    fi
    printf '%s passed, %s failed\n' "$total_passed" "$total_failed"
    exit "$rc"
}

# ---------------------------------------------------------------- system packages
as_root() {
    if [[ "$(id -u)" -eq 0 ]]; then "$@"; else sudo -n "$@"; fi
}

apt_install() {
    local attempt
    for attempt in 1 2; do
        if as_root apt-get update -q </dev/null &&
            as_root apt-get install -y -q --no-install-recommends "$@" </dev/null; then
            return 0
        fi
        warn "apt-get install $* failed (attempt $attempt)"
        sleep 5
    done
    return 1
}

ensure_browser_packages() {
    local missing=()
    [[ -x "$CHROMIUM" ]] || missing+=(chromium)
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
    ((${#missing[@]} == 0)) && return 0
    say "Installing ${missing[*]}"
    apt_install chromium fonts-noto-cjk
}

# LibreOffice opens the exported workbooks and converts the generated documents to PDF in the sqlite and
# postgres lanes; pdftotext reads the PDF back (those tests are skipped without them).
ensure_office_packages() {
    local missing=()
    dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
    dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
    command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
    ((${#missing[@]} == 0)) && return 0
    say "Installing ${missing[*]}"
    apt_install "${missing[@]}"
}

# ---------------------------------------------------------------- running one lane
# run_lane <lane> <project> [VAR=value...]
run_lane() {
    local lane="$1" project="$2"; shift 2
    local dir="$RESULTS_DIR/$lane" log rc start passed=0 failed=0 skipped=0 lines f p s
    rm -rf "$dir"
    mkdir -p "$dir"
    log="$dir/console.log"
    start=$SECONDS
    say "Lane $lane: dotnet test $project ${extra[*]-}"
    # timeout runs the lane in a process group of its own (so a timeout ends testhost too); it runs in
    # the background so that the INT/TERM traps below can forward the signal to that group.
    : >"$log"
    env "$@" timeout --kill-after=30 "$LANE_TIMEOUT" \
        dotnet test "$project" -c Release --no-build \
        --logger "trx;LogFileName=$lane.trx" --results-directory "$dir" \
        ${extra[@]+"${extra[@]}"} </dev/null >"$log" 2>&1 &
    LANE_PID=$!
    tail -n +1 -f --pid="$LANE_PID" "$log" &
    TAIL_PID=$!
    rc=0
    wait "$LANE_PID" || rc=$?
    LANE_PID=""
    wait "$TAIL_PID" || true
    TAIL_PID=""

    # VSTest prints one line per test assembly:
    #   Passed!  - Failed:     0, Passed:    12, Skipped:     1, Total:    13, Duration: ...
    lines="$(grep -E '^[[:space:]]*(Passed|Failed)![[:space:]]+-[[:space:]]+Failed:' "$log" || true)"
    while IFS= read -r line; do
        [[ -n "$line" ]] || continue
        f="$(sed -nE 's/.*Failed:[[:space:]]*([0-9]+).*/\1/p' <<<"$line")"
        p="$(sed -nE 's/.*Passed:[[:space:]]*([0-9]+).*/\1/p' <<<"$line")"
        s="$(sed -nE 's/.*Skipped:[[:space:]]*([0-9]+).*/\1/p' <<<"$line")"
        failed=$((failed + ${f:-0})); passed=$((passed + ${p:-0})); skipped=$((skipped + ${s:-0}))
    done <<<"$lines"

    local secs=$((SECONDS - start)) note=""
    if ((rc == 0 && failed == 0)); then
        ((passed + failed > 0)) || note="no test ran"
        record "$lane" OK "$passed" "$failed" "$skipped" "$note" "$secs"
    else
        if ((rc == 124 || rc == 137)); then
            note="timed out after ${LANE_TIMEOUT}s"
        elif [[ -z "$lines" ]]; then
            note="dotnet test exited $rc without a result line"
        else
            note="dotnet test exited $rc"
        fi
        # A lane that broke without reporting a failed test still counts as one failure.
        if ((failed == 0)); then
            failed=1
            note="$note; counted as 1 failure"
        fi
        record "$lane" FAILED "$passed" "$failed" "$skipped" "$note" "$secs"
    fi
}

lane_error() { # lane note
    mkdir -p "$RESULTS_DIR/$1"
    warn "lane $1: $2"
    record "$1" FAILED 0 1 0 "$2; counted as 1 failure" 0
}

# ---------------------------------------------------------------- PostgreSQL cluster
PG_DIR=""
stop_pg() {
    if [[ -n "$PG_DIR" ]]; then
        "$ROOT/scripts/pg.sh" stop "$PG_DIR" >&2 || warn "could not stop the PostgreSQL cluster in $PG_DIR"
        PG_DIR=""
    fi
}
LANE_PID=""
TAIL_PID=""
# shellcheck disable=SC2317  # invoked from the traps below
on_signal() {
    trap - INT TERM
    if [[ -n "$LANE_PID" ]]; then
        warn "interrupted; stopping the running lane"
        kill -TERM -- "-$LANE_PID" 2>/dev/null || kill -TERM "$LANE_PID" 2>/dev/null || true
        wait "$LANE_PID" 2>/dev/null || true
    fi
    if [[ -n "$TAIL_PID" ]]; then
        kill "$TAIL_PID" 2>/dev/null || true
    fi
    exit "$1"
}
trap stop_pg EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# ---------------------------------------------------------------- main
say "Lanes: ${selected[*]}"

if lane_selected sqlite || lane_selected postgres; then
    ensure_office_packages || warn "LibreOffice could not be installed: the test that opens an exported workbook in it will be skipped"
fi

browser_ready=1
if lane_selected browser; then
    ensure_browser_packages || browser_ready=0
fi

say "Build: dotnet build Tiaodu.slnx -c Release"
build_start=$SECONDS
if ! dotnet build Tiaodu.slnx -c Release </dev/null; then
    for lane in "${selected[@]}"; do
        record "$lane" FAILED 0 1 0 "build failed; counted as 1 failure" $((SECONDS - build_start))
    done
    summary_and_exit
fi

for lane in "${selected[@]}"; do
    case "$lane" in
        sqlite)
            run_lane sqlite tests/Tiaodu.Tests TIAODU_TEST_PROVIDER=Sqlite
            ;;
        postgres)
            # /tmp rather than $TMPDIR: the postgres user must reach it and socket paths must stay short.
            PG_DIR="$(mktemp -d /tmp/tiaodu-pg.XXXXXX)"
            # Test classes run side by side, each with its own database and connection pool, while the load
            # test alone may hold a hundred connections: the server's default 100 is too few for the lane.
            if conn="$(TIAODU_PG_MAX_CONNECTIONS=400 "$ROOT/scripts/pg.sh" start "$PG_DIR")" && [[ -n "$conn" ]]; then
                run_lane postgres tests/Tiaodu.Tests TIAODU_TEST_PROVIDER=Postgres "TIAODU_TEST_PG=$conn"
            else
                lane_error postgres "could not start PostgreSQL"
            fi
            stop_pg
            ;;
        browser)
            if ((browser_ready)); then
                run_lane browser tests/Tiaodu.BrowserTests "TIAODU_CHROMIUM=$CHROMIUM"
            else
                lane_error browser "chromium or fonts-noto-cjk could not be installed"
            fi
            ;;
    esac
done

summary_and_exit
