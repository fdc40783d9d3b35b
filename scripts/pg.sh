#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for tests, built from the machine's server binaries.
#
#   scripts/pg.sh start <dir> [port]   initialise (if needed) and start a cluster in <dir>; prints
#                                      Host=127.0.0.1;Port=PORT;Username=postgres;Database=postgres
#                                      on stdout (everything else goes to stderr). Port defaults to
#                                      55432; when taken, the next free port is used.
#   scripts/pg.sh stop <dir>           fast shutdown, then remove <dir>.
#   scripts/pg.sh status <dir>         exit 0 and print the connection string when running.
#   scripts/pg.sh restart <dir>        fast restart of a running cluster (sessions are cut), same port.
#   scripts/pg.sh replica <primary-dir> <dir> [port]
#                                      a streaming read replica of the running cluster in <primary-dir>:
#                                      pg_basebackup -R into <dir>, started as a hot standby; prints its
#                                      connection string like start.
#
# The cluster is for tests only: trust authentication, loopback only, fsync off.
# TIAODU_PG_MAX_CONNECTIONS sets max_connections of a new cluster (default 100, the server's own default);
# it is written into the cluster's configuration, so restarts and replicas keep it.
set -euo pipefail

readonly MARKER=".tiaodu-pg"
readonly DEFAULT_PORT=55432
readonly MAX_PORT_TRIES=50

log() { printf 'pg.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

usage() {
    cat >&2 <<'EOF'
usage: scripts/pg.sh start <dir> [port]
       scripts/pg.sh stop <dir>
       scripts/pg.sh status <dir>
       scripts/pg.sh restart <dir>
       scripts/pg.sh replica <primary-dir> <dir> [port]
EOF
    exit 2
}

is_root() { [[ "$(id -u)" -eq 0 ]]; }

# Run a command as root (directly, or through sudo when not root).
as_root() {
    if is_root; then "$@"; else sudo -n "$@" 2>/dev/null || sudo "$@"; fi
}

# Run a PostgreSQL server binary as the cluster owner (postgres when we are root: initdb refuses root).
as_owner() {
    if is_root; then
        (cd / && runuser -u postgres -- "$@")
    else
        "$@"
    fi
}

apt_install() {
    local attempt
    for attempt in 1 2; do
        if as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 &&
            as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >&2; then
            return 0
        fi
        log "apt-get install $* failed (attempt $attempt)"
        sleep 3
    done
    return 1
}

# Directory with initdb/pg_ctl of the highest installed major version (installs PostgreSQL if none).
find_bindir() {
    local want="${1:-}" initdb
    if [[ -n "$want" && -x "/usr/lib/postgresql/$want/bin/initdb" ]]; then
        printf '%s\n' "/usr/lib/postgresql/$want/bin"
        return 0
    fi
    if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
        log "no PostgreSQL server binaries found; installing the postgresql package"
        apt_install postgresql || die "could not install postgresql"
    fi
    initdb="$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)"
    [[ -x "$initdb" ]] || die "no initdb under /usr/lib/postgresql/*/bin"
    dirname "$initdb"
}

ensure_postgres_user() {
    is_root || return 0
    if ! id -u postgres >/dev/null 2>&1; then
        log "creating system user postgres"
        useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
}

port_in_use() {
    # Something accepts TCP connections on the loopback port.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

conn_string() { printf 'Host=127.0.0.1;Port=%s;Username=postgres;Database=postgres\n' "$1"; }

is_running() {
    local dir="$1" bindir
    [[ -f "$dir/data/PG_VERSION" ]] || return 1
    bindir="$(find_bindir "$(cat "$dir/data/PG_VERSION")")"
    as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1
}

wait_ready() {
    local bindir="$1" port="$2" i
    for ((i = 0; i < 60; i++)); do
        if "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres; then
            return 0
        fi
        sleep 0.5
    done
    return 1
}

cmd_start() {
    local dir="$1" port="${2:-$DEFAULT_PORT}" bindir sockopt attempt
    if [[ ! "$port" =~ ^[0-9]+$ ]] || ((port < 1 || port > 65535)); then die "bad port: $port"; fi
    [[ "$dir" != *"'"* && "$dir" != *'"'* ]] || die "the directory name may not contain quotes"
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd -P)"
    [[ "$dir" != "/" ]] || die "refusing to use /"

    if is_running "$dir"; then
        port="$(cat "$dir/port" 2>/dev/null || true)"
        [[ -n "$port" ]] || die "a cluster runs in $dir but its port is unknown"
        log "already running in $dir on port $port"
        conn_string "$port"
        return 0
    fi

    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
        if [[ -n "$(ls -A "$dir")" && ! -f "$dir/$MARKER" ]]; then
            die "$dir is not empty and was not made by this script"
        fi
    fi
    : >"$dir/$MARKER"

    bindir="$(find_bindir "$(cat "$dir/data/PG_VERSION" 2>/dev/null || true)")"
    ensure_postgres_user
    if is_root; then
        chown -R postgres:postgres "$dir"
        chmod 700 "$dir"
        runuser -u postgres -- test -w "$dir" ||
            die "user postgres cannot write $dir (is a parent directory closed to it?)"
    fi

    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
        log "initdb in $dir/data ($("$bindir/postgres" --version))"
        rm -rf "$dir/data"
        if ! as_owner "$bindir/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
            >"$dir/initdb.log" 2>&1; then
            cat "$dir/initdb.log" >&2
            die "initdb failed"
        fi
        printf 'max_connections = %d\n' "${TIAODU_PG_MAX_CONNECTIONS:-100}" | as_owner tee -a "$dir/data/postgresql.conf" >/dev/null
    fi

    for ((attempt = 0; attempt < MAX_PORT_TRIES; attempt++, port++)); do
        ((port < 65536)) || die "no free port found"
        if port_in_use "$port"; then
            log "port $port is in use; trying $((port + 1))"
            continue
        fi
        # Unix socket paths are limited to about 107 bytes; without one we still listen on TCP.
        if ((${#dir} + 20 < 100)); then
            sockopt="-k '$dir'"
        else
            sockopt="-c unix_socket_directories=''"
        fi
        printf '%s\n' "$port" >"$dir/port"
        if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
            -o "-p $port -c listen_addresses=127.0.0.1 $sockopt -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            start >&2; then
            wait_ready "$bindir" "$port" || die "server started but is not ready; see $dir/postgres.log"
            log "running in $dir on port $port"
            conn_string "$port"
            return 0
        fi
        if grep -qiE 'could not bind|address already in use|could not create any TCP/IP sockets' \
            "$dir/postgres.log" 2>/dev/null; then
            log "port $port could not be bound; trying $((port + 1))"
            as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
            continue
        fi
        tail -n 30 "$dir/postgres.log" >&2 2>/dev/null || true
        die "pg_ctl start failed"
    done
    die "no free port found after $MAX_PORT_TRIES tries"
}

cmd_stop() {
    local dir="$1" bindir pid i
    if [[ ! -d "$dir" ]]; then
        log "$dir does not exist; nothing to stop"
        return 0
    fi
    dir="$(cd "$dir" && pwd -P)"
    [[ "$dir" != "/" ]] || die "refusing to use /"

    if [[ -f "$dir/data/PG_VERSION" ]]; then
        bindir="$(find_bindir "$(cat "$dir/data/PG_VERSION")")"
        if as_owner "$bindir/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
            if ! as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >&2; then
                log "fast stop failed; trying immediate"
                as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >&2 || true
            fi
        fi
        # Last resort: the postmaster recorded in this cluster's own pid file.
        if [[ -f "$dir/data/postmaster.pid" ]]; then
            pid="$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
            if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then
                log "killing postmaster $pid"
                kill -TERM "$pid" 2>/dev/null || true
                for ((i = 0; i < 20; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
                kill -KILL "$pid" 2>/dev/null || true
            fi
        fi
    fi

    if [[ -f "$dir/$MARKER" || -z "$(ls -A "$dir")" ]]; then
        rm -rf "$dir"
        log "stopped and removed $dir"
    else
        log "$dir was not made by this script; left in place"
    fi
}

cmd_status() {
    local dir="$1"
    [[ -d "$dir" ]] || return 1
    if is_running "$dir"; then
        conn_string "$(cat "$dir/port")"
    else
        return 1
    fi
}

cmd_restart() {
    local dir="$1" bindir
    is_running "$dir" || die "no cluster runs in $dir"
    dir="$(cd "$dir" && pwd -P)"
    bindir="$(find_bindir "$(cat "$dir/data/PG_VERSION")")"
    # pg_ctl restart starts the server again with the options it was started with (postmaster.opts).
    as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 60 restart -l "$dir/postgres.log" >&2 || die "restart failed; see $dir/postgres.log"
    wait_ready "$bindir" "$(cat "$dir/port")" || die "restarted but not ready; see $dir/postgres.log"
    log "restarted $dir"
    conn_string "$(cat "$dir/port")"
}

cmd_replica() {
    local primary="$1" dir="$2" port="${3:-}" bindir
    is_running "$primary" || die "no cluster runs in $primary"
    primary="$(cd "$primary" && pwd -P)"
    bindir="$(find_bindir "$(cat "$primary/data/PG_VERSION")")"
    [[ ! -f "$dir/data/PG_VERSION" ]] || { cmd_start "$dir" "$port"; return 0; }
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd -P)"
    [[ -z "$(ls -A "$dir")" ]] || die "$dir is not empty"
    : >"$dir/$MARKER"
    if is_root; then
        chown -R postgres:postgres "$dir"
        chmod 700 "$dir"
    fi
    log "pg_basebackup -R from port $(cat "$primary/port") into $dir/data"
    as_owner "$bindir/pg_basebackup" -h 127.0.0.1 -p "$(cat "$primary/port")" -U postgres -D "$dir/data" -R -X stream -c fast >&2 ||
        die "pg_basebackup failed"
    # The copy carries the primary's postmaster.opts and port file; the standby gets its own port.
    rm -f "$dir/data/postmaster.opts"
    cmd_start "$dir" "${port:-$(($(cat "$primary/port") + 1))}"
}

main() {
    (($# >= 2)) || usage
    local cmd="$1" dir="$2"
    [[ -n "$dir" ]] || usage
    case "$cmd" in
        start) (($# <= 3)) || usage; cmd_start "$dir" "${3:-}" ;;
        stop) (($# == 2)) || usage; cmd_stop "$dir" ;;
        status) (($# == 2)) || usage; cmd_status "$dir" ;;
        restart) (($# == 2)) || usage; cmd_restart "$dir" ;;
        replica) (($# == 3 || $# == 4)) || usage; cmd_replica "$dir" "$3" "${4:-}" ;;
        *) usage ;;
    esac
}

main "$@"
