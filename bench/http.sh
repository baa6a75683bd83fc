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
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # changes to the repository's root

duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}
conns=${BENCH_CONNS:-32}
bin=${SKILLCERT_BIN:-./skillcert}
inst_name='机械工业职业技能鉴定指导中心'

bash scripts/install-deps.sh --bench
[[ -x "$bin" ]] || die "$bin not found or not executable (run make first)"
need_tools curl wrk nginx

work=$(mktemp -d "${TMPDIR:-/tmp}/skillcert-bench.XXXXXX")
sc_pid=""
cleanup() {
    servers_stop
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- skillcert ---------------------------------------------------------------
data="$work/data"
"$bin" init --data "$data" >"$work/init.out" 2>&1 || { cat "$work/init.out" >&2; die "skillcert init failed"; }
add_out=$("$bin" institution add --data "$data" --name "$inst_name" --type center --province 11 2>"$work/add.err") \
    || { cat "$work/add.err" >&2; die "skillcert institution add failed"; }

sc_port=$(pick_port)
serve_start "$data" "$sc_port"
sc="http://127.0.0.1:$sc_port"
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
mkdir -p "$work/www"
declare -A path_of=([healthz]="/healthz" [institution]="/api/v1/institutions/$inst_id")
declare -A file_of=([healthz]="healthz.json" [institution]="institution.json")
declare -A size_of=()
for ep in healthz institution; do
    code=$(curl -s -o "$work/www/${file_of[$ep]}" -w '%{http_code}' --max-time 5 "$sc${path_of[$ep]}" || true)
    [[ "$code" == 200 ]] || log "GET ${path_of[$ep]} answered $code (benchmarking it anyway)"
    size_of[$ep]=$(stat -c %s "$work/www/${file_of[$ep]}")
done

ng_port=$(pick_port "$sc_port")
nginx_start "$ng_port" "$work/www" "${file_of[healthz]}"
ng="http://127.0.0.1:$ng_port"

# --- wrk ---------------------------------------------------------------------
mkdir -p "$outdir"
# run_wrk NAME URL: raw output to $outdir/http-NAME.txt; sets rps_NAME / p99_NAME.
declare -A rps=() p99=()
run_wrk() {
    local name=$1 url=$2 out="$outdir/http-$1.txt"
    log "wrk -t$threads -c$conns -d$duration --latency $url"
    wrk_run "$name" "$out" "$url"
    (( wrk_failed == 0 )) || log "wrk failed for $url"
    [[ -z "$wrk_problem" ]] || log "$name: $wrk_problem"
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
sc_version=$(sc_version)
ng_version=$(ng_version)
wrk_version=$(wrk_version)
cpu=$(cpu_model)

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

write_section '<!-- bench:http:begin -->' '<!-- bench:http:end -->'
log "wrote $doc (raw wrk output in $outdir/)"
