# shellcheck shell=bash disable=SC2034,SC2154 # sets and reads the sourcing script's variables
# bench/lib.sh - the pieces the bench scripts share; sourced, never run:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# after `set -euo pipefail`. Changes to the repository's root (root); sets
# die and log (messages named after the script), the paths doc
# (docs/performance.md), outdir (bench/out) and bin_src (SKILLCERT_BIN, else
# ./skillcert), and the fixture's occupation and decision number. Some
# functions use the script's work (its temp dir, bench_work), bin (the
# skillcert binary), data and db (its data directory and SQLite database),
# threads/conns/duration (wrk's knobs) and section (write_section).

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root" || exit 1

die() { echo "bench/$(basename "$0"): $*" >&2; exit 1; }
log() { echo "bench/$(basename "$0"): $*" >&2; }

bin_src=${SKILLCERT_BIN:-./skillcert}
doc=docs/performance.md
outdir=bench/out
occupation=6-18-01-01       # 车工, the fixture's scope
doc_no='机职鉴字[2026]9号'  # the batch's decision

# --- numbers and times -----------------------------------------------------------
now() { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
wall_of() { # seconds from time -v's "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:11.54"
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]; printf "%.2f", s }' "$1"
}
cpu_of() { # user + system seconds
    awk -F': ' '/User time \(seconds\)|System time \(seconds\)/ { s += $2 } END { printf "%.2f", s }' "$1"
}
rss_of() { # peak RSS in MiB
    awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"
}
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'
}
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
kib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1024 }'; }
# 1234567 -> 1,234,567 (anything else unchanged)
grp() {
    awk -v n="$1" 'BEGIN { if (n !~ /^[0-9]+$/) { print n; exit }
        o = ""; while (length(n) > 3) { o = "," substr(n, length(n) - 2) o; n = substr(n, 1, length(n) - 3) }
        print n o }'
}

# --- commands and processes ------------------------------------------------------------
step() { # step NAME COMMAND...: stdout of the command; its output on failure
    local name=$1 out
    shift
    out=$("$@" 2>"$work/step.err") || { cat "$work/step.err" >&2; die "$name failed"; }
    printf '%s\n' "$out"
}
# skillcert and sqlite3 on the run's data directory $data and its database $db
sc() { "$bin" "$@" --data "$data"; }
q() { sqlite3 -cmd '.timeout 10000' "$db" "$@"; }
# True when nothing accepts connections on 127.0.0.1:$1.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() { # a free loopback port (below the ephemeral range), not equal to $1
    local p n
    for ((n = 0; n < 100; n++)); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
        [[ "$p" != "${1:-}" ]] && port_free "$p" && { echo "$p"; return 0; }
    done
    die "no free port found"
}
stop_pid() { # stop_pid PID [SIGNAL]: the signal (TERM), up to 2 s, then KILL
    local pid=$1
    kill -"${2:-TERM}" "$pid" 2>/dev/null || true
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.2
    done
    kill -9 "$pid" 2>/dev/null || true
}
# serve_start DATA PORT [ARGS...]: `skillcert serve` of DATA in the background
# (output in $work/serve.log, pid in sc_pid), up when /healthz answers 200
serve_start() {
    local data=$1 port=$2 code n
    shift 2
    "$bin" serve --data "$data" --listen "127.0.0.1:$port" "$@" >"$work/serve.log" 2>&1 &
    sc_pid=$!
    for ((n = 0; n < 100; n++)); do
        kill -0 "$sc_pid" 2>/dev/null || { cat "$work/serve.log" >&2; die "skillcert serve exited during startup"; }
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/healthz" || true)
        [[ "$code" == 200 ]] && return 0
        sleep 0.1
    done
    die "skillcert serve did not answer GET /healthz with 200 within 10 s"
}
serve_stop() {
    kill "$sc_pid"
    wait "$sc_pid" 2>/dev/null || true
    sc_pid=""
}
# bench_work NAME: the run's temp dir, work (skillcert-bench-NAME.XXXXXX under
# TMPDIR), removed on exit unless BENCH_<NAME>_KEEP is set, whatever
# serve_start and nginx_start started stopped first; bin a copy of $bin_src
# in it (every run uses this copy: a rebuild of ./skillcert meanwhile
# changes nothing); $outdir made and its NAME-* files removed; data and db
# the data directory and SQLite database in it
bench_work() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/skillcert-bench-$1.XXXXXX")
    data="$work/data"
    db="$data/skillcert.db"
    sc_pid=""
    bench_keep_var="BENCH_${1^^}_KEEP"
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
    bin="$work/skillcert"
    cp "$bin_src" "$bin"
    mkdir -p "$outdir"
    rm -f "$outdir/$1"-*
}
bench_cleanup() {
    servers_stop
    if [[ -n "${!bench_keep_var:-}" ]]; then
        log "kept $work"
    else
        rm -rf "$work"
    fi
}
need_tools() { # need_tools COMMAND...: dies naming the first one not on PATH
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || die "$c not found"
    done
}
# In a cleanup trap: the server of serve_start and the nginx of nginx_start, if running.
servers_stop() {
    if [[ -n "${sc_pid:-}" ]] && kill -0 "$sc_pid" 2>/dev/null; then
        stop_pid "$sc_pid"
        wait "$sc_pid" 2>/dev/null || true
    fi
    if [[ -s "$work/nginx/nginx.pid" ]]; then
        stop_pid "$(<"$work/nginx/nginx.pid")" QUIT
    fi
}

# --- the fixture: registry, scope, filing, API token ---------------------------------------
# The fixture's commands run as "${fixture_sc[@]}" ARGS (sc, the script's
# data directory; bench/pg.sh sets (sc ENGINE) for each engine in turn).
fixture_sc=(sc)
# bench_registry [INIT-ARGS...]: `skillcert init`, a center and an exam station
# registered through a batch, the 车工 scope levels 5,4,3; sets center,
# station, batch
bench_registry() {
    local -a c=("${fixture_sc[@]}")
    step init "${c[@]}" init "$@" >/dev/null
    center=$(step 'institution add' "${c[@]}" institution add --name '机械工业职业技能鉴定基准中心' --type center --province 11)
    station=$(step 'institution add' "${c[@]}" institution add --name '机械工业基准考试站' --type exam_station \
        --province 11 --parent "$center")
    batch=$(step 'batch create' "${c[@]}" batch create --year "$(date -u +%Y)")
    step 'batch add' "${c[@]}" batch add "$batch" >/dev/null
    step 'batch notice' "${c[@]}" batch notice "$batch" --start "$(date -u -d '20 days ago' +%F)" >/dev/null
    step 'batch decide' "${c[@]}" batch decide "$batch" --doc "$doc_no" --date "$(date -u +%F)" >/dev/null
    step 'institution scope' "${c[@]}" institution scope "$station" --code "$occupation" --occupation-name 车工 \
        --levels 5,4,3 --doc "$doc_no" >/dev/null
}
bench_filing() { # the station's HR filing (institution code, province, site)
    step 'institution file' "${fixture_sc[@]}" institution file "$station" --authority 北京市人力资源和社会保障局 \
        --filing-no '京人社鉴备[2025]3号' --filing-date 2025-03-01 --institution-code 0001 \
        --province-code 11 --site-code 000045 >/dev/null
}
bench_token() { # bench_token TAG: a center_admin benchadmin with an API token; sets token
    local password="Pw-$$-$RANDOM-$1-X9"
    local -a c=("${fixture_sc[@]}")
    printf '%s\n' "$password" | step 'user add' "${c[@]}" user add benchadmin --password-stdin >/dev/null
    step 'user grant' "${c[@]}" user grant benchadmin --role center_admin --institution 0 >/dev/null
    token=$(step 'user token' "${c[@]}" user token benchadmin --name bench | head -n 1)
}

write_people() { # write_people N: N people into $work/people.csv (bench/certs-gen.mjs); prints how many
    node bench/certs-gen.mjs "$work/people.csv" "$1" || die "writing the people failed"
}

# components_sql STAMP [SUFFIX]: SQL giving every enrolment a theory and a
# practical component result (60.0 to 100.0, present); SUFFIX after each
# "FROM enrolment" (" ORDER BY id")
components_sql() {
    echo "INSERT INTO component_result (enrolment_id, component, tenths, status, submitted_by, submitted_at)
SELECT id, 'theory', 600 + (id * 37) % 401, 'present', 'benchadmin', '$1' FROM enrolment${2:-};
INSERT INTO component_result (enrolment_id, component, tenths, status, submitted_by, submitted_at)
SELECT id, 'practical', 600 + (id * 53) % 401, 'present', 'benchadmin', '$1' FROM enrolment${2:-};"
}

# --- nginx and wrk ---------------------------------------------------------------------
# nginx_start PORT ROOT FILE: a private nginx (config, pid, logs and temp
# paths under $work/nginx) serving ROOT's files on 127.0.0.1:PORT, up when
# it serves FILE (a path under ROOT) with 200
nginx_start() {
    local port=$1 root=$2 file=$3 temp="" t code n
    mkdir -p "$work/nginx/tmp"
    # Point every temp path compiled into this nginx at the temp dir.
    for t in client-body proxy fastcgi uwsgi scgi; do
        if nginx -V 2>&1 | grep -q -- "--http-$t-temp-path"; then
            temp+="    ${t//-/_}_temp_path $work/nginx/tmp/$t;"$'\n'
        fi
    done
    {
        echo "# generated by bench/$(basename "$0")"
        echo "daemon on;"
        echo "worker_processes 1;"
        (( EUID == 0 )) && echo "user root;   # the temp dir is not readable by nobody"
        echo "pid $work/nginx/nginx.pid;"
        echo "error_log $work/nginx/error.log warn;"
        echo "events { worker_connections 1024; }"
        echo "http {"
        echo "    access_log off;"
        echo "    sendfile on;"
        echo "    tcp_nodelay on;"
        echo "    keepalive_requests 1000000;"
        echo "    types { application/json json; }"
        echo "    default_type application/octet-stream;"
        printf '%s' "$temp"
        echo "    server {"
        echo "        listen 127.0.0.1:$port;"
        echo "        root $root;"
        echo "    }"
        echo "}"
    } >"$work/nginx/nginx.conf"
    nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" \
        || { cat "$work/nginx/error.log" >&2 2>/dev/null; die "nginx failed to start"; }
    for ((n = 0; n < 50; n++)); do
        code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$port/$file" || true)
        [[ "$code" == 200 ]] && return 0
        sleep 0.1
    done
    cat "$work/nginx/error.log" >&2 2>/dev/null
    die "nginx did not serve the static file"
}
# wrk_run NAME OUT WRK-ARGS...: `wrk -t$threads -c$conns -d$duration --latency
# WRK-ARGS`, raw output to OUT; sets rps[NAME] and p99[NAME] (the caller's
# associative arrays; "n/a" when not found), wrk_failed (1 when wrk exited
# non-zero) and wrk_problem (its Non-2xx / Socket errors lines, joined; empty
# when none)
wrk_run() {
    local name=$1 out=$2 v
    shift 2
    wrk_failed=0
    wrk -t"$threads" -c"$conns" -d"$duration" --latency "$@" >"$out" 2>&1 || wrk_failed=1
    v=$(awk '/^Requests\/sec:/ {print $2; exit}' "$out")
    rps[$name]=${v:-n/a}
    v=$(awk '$1 == "99%" {print $2; exit}' "$out")
    p99[$name]=${v:-n/a}
    wrk_problem=""
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
        wrk_problem=$(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | tr '\n' ' ')
    fi
}

# --- the report ------------------------------------------------------------------------
cpu_model() { awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo; }
sc_version() { "$bin" version 2>/dev/null | head -n 1 | sed "s/^skillcert[[:space:]]*//" || true; }
ng_version() { nginx -v 2>&1 | head -n 1 | sed 's/^nginx version: //'; }
wrk_version() { wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}' || true; }
time_version() { dpkg-query -W -f='${Version}' time 2>/dev/null || echo "n/a"; }
repo_commit() { git rev-parse --short HEAD 2>/dev/null || true; }
repo_dirty() { # repo_dirty NOTE PATH...: NOTE when git sees uncommitted changes under the PATHs
    local note=$1
    shift
    [[ -n "$(git status --porcelain --untracked-files=no -- "$@" 2>/dev/null)" ]] && echo "$note"
    return 0
}
# write_section BEGIN END [AFTER]: $section (its first line BEGIN, its last END)
# replaces the lines BEGIN..END of $doc; where $doc has no BEGIN line, it goes
# right after the line AFTER (another section's end), else at the end of $doc.
# Other sections are left alone. Prints the section without its markers.
write_section() {
    local begin=$1 end=$2 after=${3:-}
    mkdir -p "$(dirname "$doc")"
    if [[ ! -f "$doc" ]]; then
        {
            echo "# Performance"
            echo
            echo "Numbers produced by the benchmark scripts under \`bench/\` (\`make bench\`)."
            echo "Each script rewrites only its own section, between its \`bench:NAME\` markers."
            echo "They are indicative: one run, on whatever machine ran it."
            echo
        } >"$doc"
    fi
    printf '%s\n' "$section" >"$work/section.md"
    if grep -qxF "$begin" "$doc"; then
        awk -v f="$work/section.md" -v b="$begin" -v e="$end" '
            $0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
            $0 == e { if (skip) { skip = 0; next } }
            !skip { print }' "$doc" >"$work/doc.md"
    elif [[ -n "$after" ]] && grep -qxF "$after" "$doc"; then
        awk -v f="$work/section.md" -v a="$after" '
            { print }
            $0 == a { print ""; while ((getline l < f) > 0) print l }' "$doc" >"$work/doc.md"
    else
        { cat "$doc"; echo; cat "$work/section.md"; } >"$work/doc.md"
    fi
    cat "$work/doc.md" >"$doc"
    printf '%s\n' "$section" | sed '1d;$d'
}
