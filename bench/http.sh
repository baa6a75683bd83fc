#!/usr/bin/env bash
# bench/http.sh - HTTP throughput/latency of `skillcert serve` next to nginx.
#
# Run from anywhere after `./skillcert` is built in the repo root (make bench):
#   1. installs the bench deps (scripts/install-deps.sh --bench: wrk, nginx);
#   2. creates a throwaway data dir, adds one institution, starts
#      `skillcert serve` on a free loopback port (access log to /dev/null);
#   3. fetches the bodies of /healthz and /api/v1/institutions/ID and writes
#      them as static files served by a private nginx (daemon on,
#      worker_processes 1, access_log off, own config/pid/logs in a temp dir);
#   4. runs `wrk -t2 -c32 -d10s --latency` on the four URLs and writes the
#      results between the bench:http markers of docs/performance.md (other
#      benchmarks keep their own sections), and prints the table.
# Raw wrk output is kept in bench/out/ (git-ignored).
# Exits non-zero if a server fails to start; unparsable numbers become "n/a".
# Knobs (environment): BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_CONNS (32),
# SKILLCERT_BIN (./skillcert).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}
conns=${BENCH_CONNS:-32}
bin=${SKILLCERT_BIN:-./skillcert}
doc=docs/performance.md
outdir=bench/out
inst_name='机械工业职业技能鉴定指导中心'

die() { echo "bench/http.sh: $*" >&2; exit 1; }
log() { echo "bench/http.sh: $*" >&2; }

bash scripts/install-deps.sh --bench
[[ -x "$bin" ]] || die "$bin not found or not executable (run make first)"
for c in curl wrk nginx; do
    command -v "$c" >/dev/null 2>&1 || die "$c not found"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/skillcert-bench.XXXXXX")
sc_pid=""
cleanup() {
    if [[ -n "$sc_pid" ]] && kill -0 "$sc_pid" 2>/dev/null; then
        kill "$sc_pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$sc_pid" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$sc_pid" 2>/dev/null || true
        wait "$sc_pid" 2>/dev/null || true
    fi
    if [[ -s "$work/nginx/nginx.pid" ]]; then
        local npid
        npid=$(<"$work/nginx/nginx.pid")
        kill -QUIT "$npid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do
            kill -0 "$npid" 2>/dev/null || break
            sleep 0.2
        done
        kill -9 "$npid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# True when nothing accepts connections on 127.0.0.1:$1.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# Print a free loopback port (below the ephemeral range), not equal to $1.
pick_port() {
    local p n
    for ((n = 0; n < 100; n++)); do
        p=$(( 20000 + (RANDOM * 32768 + RANDOM) % 12000 ))
        [[ "$p" != "${1:-}" ]] && port_free "$p" && { echo "$p"; return 0; }
    done
    die "no free port found"
}

# --- skillcert ---------------------------------------------------------------
data="$work/data"
"$bin" init --data "$data" >"$work/init.out" 2>&1 || { cat "$work/init.out" >&2; die "skillcert init failed"; }
add_out=$("$bin" institution add --data "$data" --name "$inst_name" --type center --province 11 2>"$work/add.err") \
    || { cat "$work/add.err" >&2; die "skillcert institution add failed"; }

sc_port=$(pick_port)
"$bin" serve --data "$data" --listen "127.0.0.1:$sc_port" >/dev/null 2>&1 &
sc_pid=$!
sc="http://127.0.0.1:$sc_port"
for ((n = 0; n < 100; n++)); do
    kill -0 "$sc_pid" 2>/dev/null || die "skillcert serve exited during startup"
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$sc/healthz" || true)
    [[ "$code" == 200 ]] && break
    sleep 0.1
done
[[ "${code:-}" == 200 ]] || die "skillcert serve did not answer GET /healthz with 200 within 10 s"
sc_threads_idle=$(awk '/^Threads:/ {print $2}' "/proc/$sc_pid/status" 2>/dev/null || echo "n/a")

# Institution id: from the API list (item with our name, else the first item);
# fall back to the output of `institution add` when it is a bare number or
# a line like "id: 7" / "created institution 7".
inst_id=$(curl -sf --max-time 5 "$sc/api/v1/institutions" | node -e '
    let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
        try {
            const items = JSON.parse(s).items || [];
            const it = items.find(i => i.name === process.argv[1]) || items[0];
            if (it && it.id !== undefined) console.log(it.id);
        } catch (e) { /* not JSON: leave empty */ }
    });' "$inst_name" 2>/dev/null || true)
if [[ -z "$inst_id" ]]; then
    inst_id=$(printf '%s\n' "$add_out" | sed -nE 's/^[[:space:]]*([0-9]+)[[:space:]]*$/\1/p; s/.*\bid\b[^0-9]*([0-9]+).*/\1/p' | head -n 1)
fi
[[ -n "$inst_id" ]] || log "could not determine the institution id (add printed: $add_out); using 1"
inst_id=${inst_id:-1}

# --- static copies for nginx -------------------------------------------------
mkdir -p "$work/www" "$work/nginx/tmp"
declare -A path_of=([healthz]="/healthz" [institution]="/api/v1/institutions/$inst_id")
declare -A file_of=([healthz]="healthz.json" [institution]="institution.json")
declare -A size_of=()
for ep in healthz institution; do
    code=$(curl -s -o "$work/www/${file_of[$ep]}" -w '%{http_code}' --max-time 5 "$sc${path_of[$ep]}" || true)
    [[ "$code" == 200 ]] || log "GET ${path_of[$ep]} answered $code (benchmarking it anyway)"
    size_of[$ep]=$(stat -c %s "$work/www/${file_of[$ep]}")
done

ng_port=$(pick_port "$sc_port")
ng_temp=""
# Point every temp path compiled into this nginx at the temp dir.
for t in client-body proxy fastcgi uwsgi scgi; do
    if nginx -V 2>&1 | grep -q -- "--http-$t-temp-path"; then
        ng_temp+="    ${t//-/_}_temp_path $work/nginx/tmp/$t;"$'\n'
    fi
done
{
    echo "# generated by bench/http.sh"
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
    printf '%s' "$ng_temp"
    echo "    server {"
    echo "        listen 127.0.0.1:$ng_port;"
    echo "        root $work/www;"
    echo "    }"
    echo "}"
} >"$work/nginx/nginx.conf"
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" \
    || { cat "$work/nginx/error.log" >&2 2>/dev/null; die "nginx failed to start"; }
ng="http://127.0.0.1:$ng_port"
for ((n = 0; n < 50; n++)); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "$ng/${file_of[healthz]}" || true)
    [[ "$code" == 200 ]] && break
    sleep 0.1
done
[[ "${code:-}" == 200 ]] || { cat "$work/nginx/error.log" >&2 2>/dev/null; die "nginx did not serve the static file"; }

# --- wrk ---------------------------------------------------------------------
mkdir -p "$outdir"
# run_wrk NAME URL: raw output to $outdir/http-NAME.txt; sets rps_NAME / p99_NAME.
declare -A rps=() p99=()
run_wrk() {
    local name=$1 url=$2 out="$outdir/http-$1.txt" v
    log "wrk -t$threads -c$conns -d$duration --latency $url"
    wrk -t"$threads" -c"$conns" -d"$duration" --latency "$url" >"$out" 2>&1 || log "wrk failed for $url"
    v=$(awk '/^Requests\/sec:/ {print $2; exit}' "$out")
    rps[$name]=${v:-n/a}
    v=$(awk '$1 == "99%" {print $2; exit}' "$out")
    p99[$name]=${v:-n/a}
    if grep -qE 'Non-2xx|Socket errors' "$out"; then
        log "$name: $(grep -E 'Non-2xx|Socket errors' "$out" | tr -s ' ' | tr '\n' ' ')"
    fi
}

# Sample skillcert's thread count in the middle of the first run.
( sleep 3; awk '/^Threads:/ {print $2}' "/proc/$sc_pid/status" >"$work/threads.load" 2>/dev/null || true ) &
sampler=$!
run_wrk sc_healthz "$sc${path_of[healthz]}"
wait "$sampler" 2>/dev/null || true
sc_threads_load=$(cat "$work/threads.load" 2>/dev/null || true)
run_wrk ng_healthz "$ng/${file_of[healthz]}"
run_wrk sc_institution "$sc${path_of[institution]}"
run_wrk ng_institution "$ng/${file_of[institution]}"

# --- report ------------------------------------------------------------------
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN {
        if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }'
}
sc_version=$("$bin" version 2>/dev/null | head -n 1 | sed "s/^skillcert[[:space:]]*//" || true)
ng_version=$(nginx -v 2>&1 | head -n 1 | sed 's/^nginx version: //')
wrk_version=$(wrk -v 2>&1 | head -n 1 | awk '{print $1, $2}' || true)
cpu=$(awk -F': *' '/^model name/ {print $2; exit}' /proc/cpuinfo)

section=$(
    echo "<!-- bench:http:begin -->"
    echo "## HTTP: skillcert vs nginx (bench/http.sh)"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; client, skillcert and nginx share these CPUs"
    echo "- Versions: skillcert ${sc_version:-n/a}; ${ng_version:-nginx n/a}; ${wrk_version:-wrk n/a}"
    echo "- Load: \`wrk -t$threads -c$conns -d$duration --latency\`, loopback, keep-alive"
    echo "- skillcert: \`skillcert serve\` with access log to /dev/null; threads: ${sc_threads_idle:-n/a} idle, ${sc_threads_load:-n/a} under load"
    echo "- nginx: \`daemon on; worker_processes 1; access_log off; sendfile on; keepalive_requests 1000000\`,"
    echo "  serving static files with the same bodies (same byte sizes) as skillcert's responses"
    echo
    echo "| endpoint | response bytes | skillcert req/s | skillcert p99 | nginx req/s | nginx p99 | ratio skillcert/nginx |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for ep in healthz institution; do
        shown=${path_of[$ep]}
        [[ $ep == institution ]] && shown="/api/v1/institutions/{id}"
        echo "| \`GET $shown\` | ${size_of[$ep]} | ${rps[sc_$ep]} | ${p99[sc_$ep]} | ${rps[ng_$ep]} | ${p99[ng_$ep]} | $(ratio "${rps[sc_$ep]}" "${rps[ng_$ep]}") |"
    done
    echo "<!-- bench:http:end -->"
)

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
if grep -q '^<!-- bench:http:begin -->' "$doc"; then
    printf '%s\n' "$section" >"$work/section.md"
    awk -v f="$work/section.md" '
        /^<!-- bench:http:begin -->/ { while ((getline l < f) > 0) print l; skip = 1; next }
        /^<!-- bench:http:end -->/   { if (skip) { skip = 0; next } }
        !skip { print }' "$doc" >"$work/doc.md"
    cat "$work/doc.md" >"$doc"
else
    printf '%s\n' "$section" >>"$doc"
fi

printf '%s\n' "$section" | sed '1d;$d'
log "wrote $doc (raw wrk output in $outdir/)"
