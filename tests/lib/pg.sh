# shellcheck shell=bash
# tests/lib/pg.sh - throwaway PostgreSQL cluster for tests. Source it, then:
#
#   source tests/lib/pg.sh
#   pg_start                  # temp cluster on a free 127.0.0.1 port
#   trap pg_stop EXIT         # pg_stop is idempotent
#   psql "$SKILLCERT_TEST_PG" ...   # postgresql://skillcert@127.0.0.1:PORT/skillcert_test
#   url=$(pg_new_db suite_x)  # another (re)created empty database, prints its URL
#
# The cluster lives in a mktemp -d directory (data, socket, log), uses trust
# auth for superuser "skillcert", and runs with fsync/synchronous_commit/
# full_page_writes off: fast, and never to be used for real data.
# initdb refuses to run as root, so when EUID is 0 the server runs as the
# `postgres` system user (or a `skillcert-pg` system user created on demand)
# via runuser.
#
# Also exported: SKILLCERT_TEST_PG_PORT, SKILLCERT_TEST_PG_DIR.
# PG_DURABLE=1 pg_start keeps PostgreSQL's defaults (fsync, synchronous_commit,
# full_page_writes on): for benchmarks (bench/pg.sh); PG_EXTRA_OPTS adds
# server options ("-c shared_buffers=512MB ...").

# Kept if this file is sourced again while a cluster runs.
_pg_dir=${_pg_dir:-}    # temp dir: data/, sock/, server.log
_pg_bin=${_pg_bin:-}    # directory holding initdb, pg_ctl, createdb, ...
_pg_user=${_pg_user:-}  # system user running the server (empty: the current user)
_pg_port=${_pg_port:-}

# Run a server-side command as the cluster owner, from inside the temp dir (so
# the postgres user never has to access the caller's working directory).
_pg_as_owner() {
    if [[ -n "$_pg_user" ]]; then
        (cd "$_pg_dir" && runuser -u "$_pg_user" -- "$@")
    else
        (cd "$_pg_dir" && "$@")
    fi
}

_pg_find_bin() {
    local initdb
    initdb=$(printf '%s\n' /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)
    if [[ -x "$initdb" ]]; then
        _pg_bin=${initdb%/initdb}
    elif command -v pg_config >/dev/null 2>&1 && [[ -x "$(pg_config --bindir)/initdb" ]]; then
        _pg_bin=$(pg_config --bindir)
    elif command -v initdb >/dev/null 2>&1; then
        _pg_bin=$(dirname "$(command -v initdb)")
    else
        echo "pg.sh: PostgreSQL server binaries (initdb) not found; run scripts/install-deps.sh" >&2
        return 1
    fi
}

# True when nothing accepts connections on 127.0.0.1:$1.
_pg_port_free() {
    ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Print a free loopback port below the default ephemeral range (32768+).
_pg_pick_port() {
    local p n
    for ((n = 0; n < 100; n++)); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
        if _pg_port_free "$p"; then echo "$p"; return 0; fi
    done
    echo "pg.sh: no free port found" >&2
    return 1
}

pg_start() {
    if [[ -n "$_pg_dir" ]]; then
        echo "pg.sh: cluster already running (port $_pg_port)" >&2
        return 1
    fi
    _pg_find_bin || return 1

    _pg_user=""
    if (( EUID == 0 )); then
        if id -u postgres >/dev/null 2>&1; then
            _pg_user=postgres
        else
            if ! id -u skillcert-pg >/dev/null 2>&1; then
                useradd --system --no-create-home --home-dir /nonexistent \
                    --shell /usr/sbin/nologin skillcert-pg || return 1
            fi
            _pg_user=skillcert-pg
        fi
    fi

    _pg_dir=$(mktemp -d "${TMPDIR:-/tmp}/skillcert-pg.XXXXXX") || { _pg_dir=""; return 1; }
    chmod 755 "$_pg_dir"
    if [[ -n "$_pg_user" ]] && ! runuser -u "$_pg_user" -- test -x "$_pg_dir"; then
        # $TMPDIR is not reachable by the server user (e.g. under /root): use /tmp.
        rmdir "$_pg_dir"
        _pg_dir=$(mktemp -d /tmp/skillcert-pg.XXXXXX) || { _pg_dir=""; return 1; }
        chmod 755 "$_pg_dir"
    fi
    mkdir "$_pg_dir/data" "$_pg_dir/sock"
    touch "$_pg_dir/server.log"
    if [[ -n "$_pg_user" ]]; then
        chown "$_pg_user:" "$_pg_dir/data" "$_pg_dir/sock" "$_pg_dir/server.log"
    fi
    chmod 700 "$_pg_dir/data"

    if ! _pg_as_owner "$_pg_bin/initdb" -D "$_pg_dir/data" -A trust -U skillcert \
            --encoding=UTF8 --locale=C --no-sync >"$_pg_dir/initdb.log" 2>&1; then
        echo "pg.sh: initdb failed:" >&2
        cat "$_pg_dir/initdb.log" >&2
        pg_stop
        return 1
    fi

    # Start; if another process grabbed the port in the meantime, try another.
    local attempt started=0 fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [[ "${PG_DURABLE:-}" == 1 ]] && fast=""
    for attempt in 1 2 3 4 5; do
        _pg_port=$(_pg_pick_port) || break
        if _pg_as_owner "$_pg_bin/pg_ctl" start -w -t 60 -s -D "$_pg_dir/data" \
                -l "$_pg_dir/server.log" \
                -o "-p $_pg_port -k '$_pg_dir/sock' -c listen_addresses=127.0.0.1 $fast ${PG_EXTRA_OPTS:-}" \
                >/dev/null 2>&1; then
            started=1
            break
        fi
        echo "pg.sh: start attempt $attempt on port $_pg_port failed" >&2
    done
    if (( ! started )); then
        echo "pg.sh: could not start PostgreSQL; server log:" >&2
        tail -n 20 "$_pg_dir/server.log" >&2
        pg_stop
        return 1
    fi

    # pg_ctl -w returns once the server accepts connections; double-check TCP.
    local n
    for ((n = 0; n < 50; n++)); do
        "$_pg_bin/pg_isready" -q -h 127.0.0.1 -p "$_pg_port" && break
        sleep 0.1
    done

    if ! "$_pg_bin/createdb" -h 127.0.0.1 -p "$_pg_port" -U skillcert skillcert_test; then
        echo "pg.sh: createdb skillcert_test failed" >&2
        pg_stop
        return 1
    fi

    export SKILLCERT_TEST_PG="postgresql://skillcert@127.0.0.1:$_pg_port/skillcert_test"
    export SKILLCERT_TEST_PG_PORT="$_pg_port"
    export SKILLCERT_TEST_PG_DIR="$_pg_dir"
}

# pg_new_db NAME: (re)create an empty database NAME and print its URL.
pg_new_db() {
    local name=${1:-}
    if [[ -z "$_pg_dir" || -z "$_pg_port" ]]; then
        echo "pg.sh: pg_new_db: no cluster running (call pg_start first)" >&2
        return 1
    fi
    if [[ ! "$name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]]; then
        echo "pg.sh: pg_new_db: bad database name '$name' (use [A-Za-z0-9_])" >&2
        return 1
    fi
    PGOPTIONS="-c client_min_messages=warning" "$_pg_bin/dropdb" -h 127.0.0.1 -p "$_pg_port" -U skillcert --if-exists "$name" >&2 || return 1
    "$_pg_bin/createdb" -h 127.0.0.1 -p "$_pg_port" -U skillcert "$name" >&2 || return 1
    echo "postgresql://skillcert@127.0.0.1:$_pg_port/$name"
}

# Stop the cluster and delete its directory. Safe to call more than once.
pg_stop() {
    [[ -n "$_pg_dir" ]] || return 0
    if [[ -f "$_pg_dir/data/postmaster.pid" ]]; then
        _pg_as_owner "$_pg_bin/pg_ctl" stop -w -t 30 -s -m fast -D "$_pg_dir/data" >/dev/null 2>&1 \
            || _pg_as_owner "$_pg_bin/pg_ctl" stop -w -t 10 -s -m immediate -D "$_pg_dir/data" >/dev/null 2>&1 \
            || true
    fi
    rm -rf "$_pg_dir"
    _pg_dir="" _pg_port=""
    unset SKILLCERT_TEST_PG SKILLCERT_TEST_PG_PORT SKILLCERT_TEST_PG_DIR
    return 0
}
