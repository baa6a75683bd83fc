#!/usr/bin/env bash
# bench/statistics.sh - the network's figures (issue 16) at the scale of the
# whole industry, on SQLite and on PostgreSQL: the refresh of the summary
# table (one year, every year) and the dashboard's queries answered from it.
#
# Run from the repo root after `./skillcert` is built (not part of make test
# nor make bench: the full scale writes ~10 GB and takes a while):
#   bash bench/statistics.sh
#   BENCH_STATS_CERTS=1000000 bash bench/statistics.sh     # a tenth
# For each engine (BENCH_STATS_ENGINES, default "sqlite postgresql"; the
# PostgreSQL one a throwaway cluster started by tests/lib/pg.sh):
#   1. `skillcert init`, then generates directly by SQL (one statement per
#      table, timed, not part of the figures): 1 center, 40 branch centers
#      and BENCH_STATS_INSTITUTIONS (2,000) stations in 31 provinces (a
#      quarter directly under the center); N/50 plans (N =
#      BENCH_STATS_CERTS, default 10,000,000) over five years, the 8
#      standards the database is seeded with, levels 3-5; N enrolments (50
#      a plan), 2N score rows (component_result: theory and practical, the
#      rows the component measures count), N results (80 % pass), N
#      certificates (one per enrolment, issued 20 days after the exam),
#      filing batches per province and month received on the 5th of the
#      next month with 80 % of the certificates (some filed on time, some
#      late), every 97th certificate revoked, N/1000 appeals and N/500
#      approved corrections. The people the enrolments name are not
#      generated (the figures never read them): the sqlite3 shell does not
#      check foreign keys, and on PostgreSQL the load runs with
#      session_replication_role = replica;
#   2. `skillcert statistics refresh --year Y` (this year) and
#      `skillcert statistics refresh` (every year) under /usr/bin/time -v:
#      wall time and peak RSS;
#   3. `skillcert serve`, and BENCH_STATS_RUNS (31) runs each of the
#      dashboard's queries with curl (a center_admin's API token):
#      by=province for the year, by=institution within one province, by=level
#      for one institution; and the rows behind a figure, a page of 50
#      (/api/v1/statistics/rows: the year's certificates of the network, the
#      unfiled of a province, those filed late of a branch); median and p99
#      (the slowest but one at 31 runs) of curl's time_total, after one
#      warm-up request;
#   4. writes the figures between the bench:statistics markers of
#      docs/performance.md (BENCH_STATS_SECTION, default "statistics": a run
#      at another scale may keep its own section) and prints them.
# Raw outputs go to bench/out/statistics-* (git-ignored); the data lives in
# a temp dir removed on exit (BENCH_STATS_KEEP=1 keeps it).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

bin=$(realpath "${SKILLCERT_BIN:-./skillcert}")
N=${BENCH_STATS_CERTS:-10000000}
NINST=${BENCH_STATS_INSTITUTIONS:-2000}
RUNS=${BENCH_STATS_RUNS:-31}
ENGINES=${BENCH_STATS_ENGINES:-"sqlite postgresql"}
SECTION=${BENCH_STATS_SECTION:-statistics}
doc=docs/performance.md
outdir=bench/out
Y=$(date -u +%Y)
Y0=$((Y - 4))
NPLANS=$((N / 50))
NBRANCH=40

die() { echo "bench/statistics.sh: $*" >&2; exit 1; }
log() { echo "bench/statistics.sh: $(date -u +%H:%M:%S) $*" >&2; }

[[ -x "$bin" ]] || die "$bin not found (run make first)"
(( N >= 50 * 8 )) || die "BENCH_STATS_CERTS must be at least 400"
for c in sqlite3 curl psql; do command -v "$c" >/dev/null || die "$c not found"; done
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package time)"
mkdir -p "$outdir"

work=$(mktemp -d "${TMPDIR:-/tmp}/skillcert-bench-stats.XXXXXX")
srv_pid=""
pg_started=""
cleanup() {
    if [[ -n "$srv_pid" ]] && kill -0 "$srv_pid" 2>/dev/null; then
        kill "$srv_pid" 2>/dev/null || true
        wait "$srv_pid" 2>/dev/null || true
    fi
    if [[ -n "$pg_started" ]]; then pg_stop >/dev/null 2>&1 || true; fi
    if [[ -n "${BENCH_STATS_KEEP:-}" ]]; then log "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

PROVINCES="11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65"
prov_values() {
    local i=0 v="" p
    for p in $PROVINCES; do v+="${v:+, }($i, '$p')"; i=$((i + 1)); done
    echo "$v"
}
PV=$(prov_values)

# ---- the data, SQLite (the sqlite3 shell: no foreign keys checked) ----
gen_sqlite() {
    cat <<SQL
PRAGMA synchronous = OFF;
PRAGMA temp_store = FILE;
BEGIN;
CREATE TEMP TABLE prov (k INTEGER PRIMARY KEY, code TEXT);
INSERT INTO prov VALUES $PV;
INSERT INTO institution (id, name, type, province, parent_id, created_at, updated_at, status)
  VALUES (1, '全国中心', 'center', '11', NULL, '2015-01-01', '2015-01-01', 'registered');
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < $NBRANCH - 1)
INSERT INTO institution (id, name, type, province, parent_id, created_at, updated_at, status, branch_kind)
  SELECT 2 + i, '分中心' || i, 'branch_center', (SELECT code FROM prov WHERE k = i % 31), 1, '2015-01-01', '2015-01-01', 'registered', 'regional' FROM s;
WITH RECURSIVE s(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM s WHERE i < $NINST - 1)
INSERT INTO institution (id, name, type, province, parent_id, created_at, updated_at, status)
  SELECT 100 + i, '考试站' || i, 'exam_station', (SELECT code FROM prov WHERE k = (i % $NBRANCH) % 31),
         CASE WHEN i % 4 = 3 THEN 1 ELSE 2 + i % $NBRANCH END, '2015-01-01', '2015-01-01', 'registered' FROM s;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $NPLANS)
INSERT INTO plan (id, institution_id, standard_id, level, title, status, theory_on, practical_on, capacity, created_at, updated_at)
  SELECT i, 100 + i % $NINST, 1 + i % 8, 3 + i % 3, '计划' || i, 'closed',
         date('$Y0-01-01', '+' || ((i / 7) % 5) || ' years', '+' || (i % 330) || ' days'),
         date('$Y0-01-01', '+' || ((i / 7) % 5) || ' years', '+' || (i % 330 + 1) || ' days'),
         50, '2015-01-01', '2015-01-01' FROM s;
COMMIT;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N)
INSERT INTO enrolment (id, plan_id, person_id, route_id, status, enrolled_at)
  SELECT i, (i - 1) / 50 + 1, i, '4-2', 'enrolled', '2015-01-01' FROM s;
COMMIT;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N)
INSERT INTO component_result (enrolment_id, component, tenths, status, submitted_by, submitted_at)
  SELECT i, 'theory', 400 + (i * 37) % 600, 'present', 'bench', '2015-01-01' FROM s
  UNION ALL SELECT i, 'practical', 450 + (i * 53) % 550, 'present', 'bench', '2015-01-01' FROM s;
COMMIT;
BEGIN;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N)
INSERT INTO result (enrolment_id, outcome, detail, decided_at)
  SELECT i, CASE WHEN i % 10 < 8 THEN 'pass' ELSE 'fail' END, '', '2015-01-01' FROM s;
COMMIT;
BEGIN;
INSERT INTO certificate (id, number, line, enrolment_id, plan_id, person_id, institution_id, institution_name,
    province_code, holder_name, id_type, id_blind, id_masked, occupation_code, occupation_name, level, issued_on,
    status, status_index, created_at)
  SELECT e.id, printf('B%014d', e.id), 'skill', e.id, p.id, e.id, p.institution_id, '考试站',
         i.province, '持证人', 'resident_id', printf('b%014d', e.id), '110105********0000', o.code, o.name, p.level,
         date(p.theory_on, '+20 days'), CASE WHEN e.id % 97 = 0 THEN 'revoked' ELSE 'valid' END, e.id, '2015-01-01'
  FROM enrolment e JOIN plan p ON p.id = e.plan_id JOIN institution i ON i.id = p.institution_id
  JOIN standard s ON s.id = p.standard_id JOIN occupation o ON o.id = s.occupation_id ORDER BY e.id;
COMMIT;
BEGIN;
INSERT INTO filing_batch (province_code, status, row_count, created_by, created_at, submitted_at, receipt_no, received_at)
  SELECT DISTINCT province_code, 'received', 0, 'bench', '2015-01-01',
         date(substr(issued_on, 1, 7) || '-01', '+1 month', '+4 days') || 'T08:00:00.000Z', substr(issued_on, 1, 7), '2015-01-01'
  FROM certificate;
INSERT INTO filing_item (batch_id, certificate_id, status, rejection)
  SELECT b.id, c.id, 'accepted', '' FROM certificate c JOIN filing_batch b ON b.province_code = c.province_code
    AND b.receipt_no = substr(c.issued_on, 1, 7) WHERE c.id % 5 <> 0;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N / 1000)
INSERT INTO appeal (plan_id, name, contact, body, filed_at) SELECT 1 + (i * 13) % $NPLANS, '申诉人', '-', '-', '2015-01-01' FROM s;
WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < $N / 500)
INSERT INTO score_correction (enrolment_id, component, new_tenths, new_status, reason, status, requested_by, requested_at)
  SELECT 1 + (i * 7919) % $N, 'practical', 700, 'present', '-', 'approved', 'bench', '2015-01-01' FROM s;
COMMIT;
ANALYZE;
SQL
}

# ---- the same, PostgreSQL ----
gen_pg() {
    cat <<SQL
SET session_replication_role = replica;
SET synchronous_commit = off;
CREATE TEMP TABLE prov (k INTEGER PRIMARY KEY, code TEXT);
INSERT INTO prov VALUES $PV;
INSERT INTO institution (id, name, type, province, parent_id, created_at, updated_at, status)
  VALUES (1, '全国中心', 'center', '11', NULL, '2015-01-01', '2015-01-01', 'registered');
INSERT INTO institution (id, name, type, province, parent_id, created_at, updated_at, status, branch_kind)
  SELECT 2 + i, '分中心' || i, 'branch_center', (SELECT code FROM prov WHERE k = i % 31), 1, '2015-01-01', '2015-01-01', 'registered', 'regional'
  FROM generate_series(0, $NBRANCH - 1) i;
INSERT INTO institution (id, name, type, province, parent_id, created_at, updated_at, status)
  SELECT 100 + i, '考试站' || i, 'exam_station', (SELECT code FROM prov WHERE k = (i % $NBRANCH) % 31),
         CASE WHEN i % 4 = 3 THEN 1 ELSE 2 + i % $NBRANCH END, '2015-01-01', '2015-01-01', 'registered'
  FROM generate_series(0, $NINST - 1) i;
INSERT INTO plan (id, institution_id, standard_id, level, title, status, theory_on, practical_on, capacity, created_at, updated_at)
  SELECT i, 100 + i % $NINST, 1 + i % 8, 3 + i % 3, '计划' || i, 'closed',
         (date '$Y0-01-01' + ((i / 7) % 5) * interval '1 year' + (i % 330) * interval '1 day')::date::text,
         (date '$Y0-01-01' + ((i / 7) % 5) * interval '1 year' + (i % 330 + 1) * interval '1 day')::date::text,
         50, '2015-01-01', '2015-01-01' FROM generate_series(1, $NPLANS) i;
INSERT INTO enrolment (id, plan_id, person_id, route_id, status, enrolled_at)
  SELECT i, (i - 1) / 50 + 1, i, '4-2', 'enrolled', '2015-01-01' FROM generate_series(1, $N) i;
INSERT INTO component_result (enrolment_id, component, tenths, status, submitted_by, submitted_at)
  SELECT i, 'theory', 400 + (i * 37) % 600, 'present', 'bench', '2015-01-01' FROM generate_series(1, $N) i
  UNION ALL SELECT i, 'practical', 450 + (i * 53) % 550, 'present', 'bench', '2015-01-01' FROM generate_series(1, $N) i;
INSERT INTO result (enrolment_id, outcome, detail, decided_at)
  SELECT i, CASE WHEN i % 10 < 8 THEN 'pass' ELSE 'fail' END, '', '2015-01-01' FROM generate_series(1, $N) i;
INSERT INTO certificate (id, number, line, enrolment_id, plan_id, person_id, institution_id, institution_name,
    province_code, holder_name, id_type, id_blind, id_masked, occupation_code, occupation_name, level, issued_on,
    status, status_index, created_at)
  SELECT e.id, 'B' || lpad(e.id::text, 14, '0'), 'skill', e.id, p.id, e.id, p.institution_id, '考试站',
         i.province, '持证人', 'resident_id', 'b' || lpad(e.id::text, 14, '0'), '110105********0000', o.code, o.name, p.level,
         (p.theory_on::date + 20)::text, CASE WHEN e.id % 97 = 0 THEN 'revoked' ELSE 'valid' END, e.id, '2015-01-01'
  FROM enrolment e JOIN plan p ON p.id = e.plan_id JOIN institution i ON i.id = p.institution_id
  JOIN standard s ON s.id = p.standard_id JOIN occupation o ON o.id = s.occupation_id ORDER BY e.id;
INSERT INTO filing_batch (province_code, status, row_count, created_by, created_at, submitted_at, receipt_no, received_at)
  SELECT DISTINCT province_code, 'received', 0, 'bench', '2015-01-01',
         ((substr(issued_on, 1, 7) || '-01')::date + interval '1 month' + interval '4 days')::date::text || 'T08:00:00.000Z',
         substr(issued_on, 1, 7), '2015-01-01'
  FROM certificate;
INSERT INTO filing_item (batch_id, certificate_id, status, rejection)
  SELECT b.id, c.id, 'accepted', '' FROM certificate c JOIN filing_batch b ON b.province_code = c.province_code
    AND b.receipt_no = substr(c.issued_on, 1, 7) WHERE c.id % 5 <> 0;
INSERT INTO appeal (plan_id, name, contact, body, filed_at)
  SELECT 1 + (i * 13) % $NPLANS, '申诉人', '-', '-', '2015-01-01' FROM generate_series(1, $N / 1000) i;
INSERT INTO score_correction (enrolment_id, component, new_tenths, new_status, reason, status, requested_by, requested_at)
  SELECT 1 + (i::bigint * 7919) % $N, 'practical', 700, 'present', '-', 'approved', 'bench', '2015-01-01'
  FROM generate_series(1, $N / 500) i;
SELECT setval(pg_get_serial_sequence(t, 'id'), (SELECT COALESCE(MAX(id), 1) FROM institution)) FROM (VALUES ('institution')) v(t);
VACUUM ANALYZE;
SQL
}

# median and p99 (nearest rank) of the numbers on stdin, in ms
stats_ms() {
    sort -g | awk '{ v[NR] = $1 * 1000 } END {
        m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
        r = int(NR * 0.99 + 0.999999); if (r > NR) r = NR
        printf "%.1f %.1f\n", m, v[r] }'
}

# wall seconds and peak RSS (MiB) of a /usr/bin/time -v report
time_of() {
    awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; w = s }
        /Maximum resident set size/ { r = $2 / 1024 } END { printf "%.2f %.1f\n", w, r }' "$1"
}

declare -A R
run_engine() {
    local engine=$1
    local data="$work/$engine" db_args=() url="" t0 t1
    if [[ $engine == postgresql ]]; then
        # shellcheck source=/dev/null
        source tests/lib/pg.sh
        pg_start >/dev/null
        pg_started=1
        url=$(pg_new_db "bench_stats_$$")
        db_args=(--db "$url")
    fi
    log "$engine: init"
    "$bin" init --data "$data" "${db_args[@]}" --public-url https://bench.skillcert.test >"$outdir/statistics-$engine-init.txt"
    log "$engine: generating N=$N"
    t0=$(date +%s.%N)
    if [[ $engine == sqlite ]]; then
        gen_sqlite | sqlite3 -bail "$data/skillcert.db" >/dev/null
    else
        gen_pg | psql "$url" -q -v ON_ERROR_STOP=1 >/dev/null
    fi
    t1=$(date +%s.%N)
    R[$engine.gen]=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
    if [[ $engine == sqlite ]]; then
        R[$engine.size]=$(du -sm "$data" | cut -f1)
    else
        R[$engine.size]=$(psql "$url" -Atc "SELECT pg_database_size(current_database()) / 1048576")
    fi
    log "$engine: generated in ${R[$engine.gen]} s, ${R[$engine.size]} MiB; refreshing $Y"
    /usr/bin/time -v "$bin" statistics refresh --year "$Y" --data "$data" "${db_args[@]}" 2>"$outdir/statistics-$engine-year.txt"
    read -r R[$engine.year_s] R[$engine.year_rss] < <(time_of "$outdir/statistics-$engine-year.txt")
    log "$engine: refreshing every year"
    /usr/bin/time -v "$bin" statistics refresh --data "$data" "${db_args[@]}" 2>"$outdir/statistics-$engine-all.txt"
    read -r R[$engine.all_s] R[$engine.all_rss] < <(time_of "$outdir/statistics-$engine-all.txt")
    if [[ $engine == sqlite ]]; then
        R[$engine.ncells]=$(sqlite3 "$data/skillcert.db" 'SELECT SUM(cells) FROM stat_year')
        R[$engine.certs]=$(sqlite3 "$data/skillcert.db" "SELECT SUM(certificates) FROM stat_cell")
    else
        R[$engine.ncells]=$(psql "$url" -Atc 'SELECT SUM(cells) FROM stat_year')
        R[$engine.certs]=$(psql "$url" -Atc 'SELECT SUM(certificates) FROM stat_cell')
    fi
    [[ ${R[$engine.certs]} == "$N" ]] || die "$engine: the figures count ${R[$engine.certs]} certificates, not $N"

    # the dashboard's queries, the server running
    local pw token port
    pw="Bench-$RANDOM-$RANDOM-pass"
    printf '%s\n' "$pw" | "$bin" user add benchstats --password-stdin --data "$data" "${db_args[@]}" >/dev/null
    "$bin" user grant benchstats --role center_admin --institution 0 --data "$data" "${db_args[@]}" >/dev/null
    token=$("$bin" user token benchstats --name bench --data "$data" "${db_args[@]}" | head -n 1)
    SKILLCERT_STATS_REFRESH=0 "$bin" serve --data "$data" "${db_args[@]}" --listen 127.0.0.1:0 \
        >"$work/serve-$engine.out" 2>"$work/serve-$engine.err" &
    srv_pid=$!
    for _ in $(seq 100); do
        port=$(sed -n 's/.*serving on port \([0-9]*\).*/\1/p' "$work/serve-$engine.out")
        [[ -n "$port" ]] && break
        sleep 0.1
    done
    [[ -n "$port" ]] || die "$engine: the server did not start"
    local prov inst q
    prov=$(curl -sf -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/institutions/100" | sed -n 's/.*"province":"\([0-9]*\)".*/\1/p')
    inst=100
    local queries=("statistics?by=province&year=$Y" "statistics?by=institution&year=$Y&province=$prov"
        "statistics?by=level&year=$Y&institution_id=$inst"
        "statistics/rows?measure=certificates&year=$Y&limit=50"
        "statistics/rows?measure=unfiled&year=$Y&province=$prov&limit=50"
        "statistics/rows?measure=filed_late&year=$Y&branch_id=2&limit=50")
    for q in "${queries[@]}"; do
        curl -sf -o "$outdir/statistics-$engine-$(echo "$q" | tr -c 'a-z0-9\n' '-').json" \
            -H "Authorization: Bearer $token" "http://127.0.0.1:$port/api/v1/$q" || die "$engine: $q failed"
        for _ in $(seq "$RUNS"); do
            curl -sf -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $token" \
                "http://127.0.0.1:$port/api/v1/$q"
        done >"$work/t.txt"
        R[$engine.$q]=$(stats_ms <"$work/t.txt")
    done
    R[$engine.rows_total]=$(sed -n 's/.*"total":\([0-9]*\).*/\1/p' "$outdir/statistics-$engine-statistics-rows-measure-certificates-year-$Y-limit-50.json")
    R[$engine.rss]=$(awk '/VmHWM/ { printf "%.1f", $2 / 1024 }' "/proc/$srv_pid/status")
    kill "$srv_pid"
    wait "$srv_pid" || true
    srv_pid=""
    R[$engine.queries]=$(IFS='|'; echo "${queries[*]}")
}

for e in $ENGINES; do run_engine "$e"; done

# ---- the section of docs/performance.md ----
sec="$work/section.md"
{
    echo "<!-- bench:$SECTION:begin -->"
    echo "## Statistics: the summary table's refresh and the dashboard's queries (bench/statistics.sh, $(printf "%'d" "$N") certificates)"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1); $(free -g | awk '/Mem:/ { print $2 }') GiB RAM; curl and the server share the CPUs"
    echo "- Versions: $("$bin" version | head -n 1), repository HEAD $(git rev-parse --short HEAD); SQLite $(sqlite3 --version | cut -d' ' -f1); $(psql --version)"
    echo "- Data (generated by SQL, not measured): $(printf "%'d" "$N") certificates, $(printf "%'d" $((2 * N))) score rows (component results),"
    echo "  $(printf "%'d" "$N") enrolments and results, $(printf "%'d" "$NPLANS") plans over $Y0-$Y, $(printf "%'d" "$NINST") stations under $NBRANCH branch centers in 31 provinces;"
    echo "  80 % of the certificates filed (on time and late), 1 in 97 revoked; \`BENCH_STATS_CERTS=$N\`"
    echo "- Refresh: \`skillcert statistics refresh [--year $Y]\` under \`/usr/bin/time -v\` (counted under a read, the year's cells replaced in one write transaction)"
    echo "- Queries: $RUNS runs each with curl after one warm-up, a center_admin's token; median and p99 of \`time_total\`"
    echo
    echo "| engine | database | refresh $Y | its peak RSS | refresh every year | its peak RSS | cells | server peak RSS |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|"
    for e in $ENGINES; do
        echo "| $e | ${R[$e.size]} MiB | ${R[$e.year_s]} s | ${R[$e.year_rss]} MiB | ${R[$e.all_s]} s | ${R[$e.all_rss]} MiB | ${R[$e.ncells]} | ${R[$e.rss]} MiB |"
    done
    echo
    echo "| engine | query | median | p99 |"
    echo "|---|---|---:|---:|"
    for e in $ENGINES; do
        IFS='|' read -r -a qs <<<"${R[$e.queries]}"
        for q in "${qs[@]}"; do
            read -r med p99 <<<"${R[$e.$q]}"
            echo "| $e | \`GET /api/v1/$q\` | $med ms | $p99 ms |"
        done
    done
    echo
    echo -n "- Generating the data took"
    for e in $ENGINES; do echo -n " ${R[$e.gen]} s ($e)"; done
    echo "; every figure of the refreshed table adds up to the $(printf "%'d" "$N") certificates generated (checked)."
    echo -n "- The rows behind a figure: a page of 50 of the year's"
    for e in $ENGINES; do echo -n " ${R[$e.rows_total]} certificates ($e)"; done
    echo ", filtered, counted and paged by SQL (only the page is read into memory)."
    echo "<!-- bench:$SECTION:end -->"
} >"$sec"

if grep -q "<!-- bench:$SECTION:begin -->" "$doc"; then
    awk -v f="$sec" -v b="<!-- bench:$SECTION:begin -->" -v e="<!-- bench:$SECTION:end -->" \
        '$0 == b { while ((getline l < f) > 0) print l; skip = 1; next }
        $0 == e { skip = 0; next } !skip' "$doc" >"$work/doc.md"
    cp "$work/doc.md" "$doc"
else
    { echo; cat "$sec"; } >>"$doc"
fi
cat "$sec"
