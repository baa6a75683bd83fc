#!/usr/bin/env bash
# bench/pdf.sh - a plan's certificate PDF rendered on every core against one
# core, in the same run (issue 17).
#
# Run from anywhere after `./skillcert` is built in the repo root (make bench):
#   1. checks the tools it needs (GNU time from `scripts/install-deps.sh
#      --bench`, which `make bench` runs first; sqlite3, node and
#      poppler-utils are in the main lists);
#   2. prepares one database: 1,000 people (bench/certs-gen.mjs) through
#      `skillcert import people`; init, a center and an exam station
#      registered through a batch, the 车工 (6-18-01-01) scope, the HR filing,
#      a center_admin with an API token; through the JSON API a plan and a
#      photo for each person (bench/certs-api.mjs: a 358 x 441 PNG); then with
#      sqlite3 SQL (setup, not measured) the plan closed, everyone enrolled and
#      passed; `skillcert issue --plan ID`; and the same for a second plan of
#      half the people (the second plan size, for peak RSS);
#   3. renders the plan: `skillcert cert pdf --plan ID --out FILE` with
#      SKILLCERT_PDF_THREADS=1 (one core: the pages drawn on the calling
#      thread) and with SKILLCERT_PDF_THREADS unset (every online CPU draws
#      pages), alternated BENCH_PDF_ROUNDS times (3; the side run first
#      alternates too), each run under /usr/bin/time -v (wall time, CPU, peak
#      RSS); pages counted by pdfinfo; the text of the two sides compared
#      (pdftotext, must be identical);
#   4. one more all-cores run under `perf record` (perf from linux-perf, if
#      installed): each thread's share of the CPU samples, and the wall time
#      the busiest thread bounds when every thread has a CPU of its own (a
#      figure that does not depend on the machine's other load);
#      then the half-size plan once each way (peak RSS at two plan sizes);
#   5. writes the figures between the <!-- bench:pdf --> markers of
#      docs/performance.md (other sections are left alone) and prints them:
#      pages/s of each run, the median ratio all cores / one core and its
#      spread (lowest and highest ratio of a round).
# Raw outputs are kept in bench/out/pdf-* (git-ignored); the data lives in a
# temp dir removed on exit. Exits non-zero when a step fails or a check does
# not hold.
# Knobs (environment): SKILLCERT_BIN (./skillcert), TMPDIR, BENCH_PDF_KEEP=1
# keeps the temp dir, BENCH_PDF_PAGES (1000), BENCH_PDF_ROUNDS (3).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # changes to the repository's root

npages=${BENCH_PDF_PAGES:-1000}
rounds=${BENCH_PDF_ROUNDS:-3}

[[ "$npages" =~ ^[1-9][0-9]*$ ]] && (( npages >= 2 && npages <= 10000 )) \
    || die "BENCH_PDF_PAGES must be a number from 2 to 10000 (a plan's capacity)"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_PDF_ROUNDS must be a positive number"
[[ -x "$bin_src" ]] || die "$bin_src not found or not executable (run make first)"
need_tools node curl sqlite3 pdfinfo pdftotext
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (scripts/install-deps.sh --bench installs it)"

bench_work pdf

share_of() { # the CPU the process got: 100% = one CPU
    awk -F': ' '/Percent of CPU this job got/ { print $2 }' "$1"
}
rate() { awk -v r="$1" -v s="$2" 'BEGIN { if (s + 0 > 0) printf "%.1f", r / s; else print "n/a" }'; }

# --- 2. the fixture (not measured) -----------------------------------------------
log "preparing $(grp "$npages") certificates with photos"
t0=$(now)
npeople=$(write_people "$npages")
bench_registry --public-url https://verify.example.cn
bench_filing
bench_token pdf
step 'import people' sc import people "$work/people.csv" >/dev/null

port=$(pick_port)
serve_start "$data" "$port"
base="http://127.0.0.1:$port"
plans=()
for size in "$npages" "$(( npages / 2 ))"; do
    p=$(node bench/certs-api.mjs plan "$base" "$token" "$station" "$occupation" 5 "$size" 2>"$work/api.err") \
        || { cat "$work/api.err" >&2; die "creating a plan through the API failed"; }
    [[ "$p" =~ ^[0-9]+$ ]] || die "the API answered plan id '$p'"
    plans+=("$p")
done
q "SELECT id FROM person ORDER BY id" >"$work/people.txt"
read -r nphotos photo_bytes < <(node bench/certs-api.mjs photos "$base" "$token" "$work/people.txt" 2>"$work/api.err") \
    || { cat "$work/api.err" >&2; die "uploading the photos failed"; }
[[ "${nphotos:-}" == "$npeople" ]] || die "uploaded ${nphotos:-no} photos, $npeople expected"
serve_stop

stamp=$(date -u +%FT%TZ)
{
    echo "PRAGMA foreign_keys = ON;"
    echo "BEGIN;"
    k=0
    for p in "${plans[@]}"; do
        size=$(( k == 0 ? npages : npages / 2 ))
        k=$(( k + 1 ))
        cat <<EOF
UPDATE plan SET status = 'closed', title = '车工五级 认定计划（bench/pdf.sh $k）',
    theory_on = '2026-10-10', practical_on = '2026-10-11',
    notice_start = '2026-10-20', notice_end = '2026-10-27', updated_at = '$stamp'
WHERE id = $p;
INSERT INTO enrolment (plan_id, person_id, route_id, status, enrolled_at)
SELECT $p, id, '5-1', 'enrolled', '$stamp' FROM person ORDER BY id LIMIT $size;
EOF
    done
    cat <<EOF
INSERT INTO result (enrolment_id, outcome, detail, decided_at)
SELECT id, 'pass', '', '$stamp' FROM enrolment;
$(components_sql "$stamp")
COMMIT;
EOF
} >"$work/fixture.sql"
q <"$work/fixture.sql" >"$work/fixture.out" 2>&1 || { cat "$work/fixture.out" >&2; die "the SQL fixture failed"; }
for p in "${plans[@]}"; do
    step 'issue' sc issue --plan "$p" >"$work/issue.out"
done
fixture_secs=$(secs "$t0" "$(now)")
plan=${plans[0]}
half=${plans[1]}
nhalf=$(( npages / 2 ))

# --- 3. all cores vs one core, alternated ---------------------------------------------
ncpu=$(getconf _NPROCESSORS_ONLN)
render() { # render SIDE PLAN TAG: one run; prints "wall cpu rss pages bytes share"
    local side=$1 p=$2 tag=$3 pages
    local -a env=(env -u SKILLCERT_PDF_THREADS)
    [[ "$side" == one ]] && env=(env SKILLCERT_PDF_THREADS=1)
    /usr/bin/time -v -o "$outdir/pdf-$tag.time" "${env[@]}" "$bin" cert pdf --plan "$p" \
        --out "$work/$tag.pdf" --data "$data" >"$outdir/pdf-$tag.out" 2>&1 \
        || { cat "$outdir/pdf-$tag.out" >&2; die "cert pdf --plan $p ($side) failed"; }
    pages=$(pdfinfo "$work/$tag.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
    echo "$(wall_of "$outdir/pdf-$tag.time") $(cpu_of "$outdir/pdf-$tag.time") $(rss_of "$outdir/pdf-$tag.time") ${pages:-0} $(stat -c %s "$work/$tag.pdf") $(share_of "$outdir/pdf-$tag.time")"
}
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.2f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
printf 'round\tside\tpages\twall_s\tcpu_s\trss_mib\tpages_per_s\n' >"$outdir/pdf-runs.tsv"
declare -A wall cpu rss share bytes
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
ratios=()
cpu_all=()
cpu_one=()
for ((r = 1; r <= rounds; r++)); do
    order=(one all)
    (( r % 2 == 0 )) && order=(all one)
    for side in "${order[@]}"; do
        log "round $r: cert pdf --plan, $side"
        read -r w c m pg by sh < <(render "$side" "$plan" "$side-$r")
        [[ "$pg" == "$npages" ]] || die "the plan's PDF ($side, round $r) has $pg pages, $npages expected"
        wall[$side-$r]=$w
        cpu[$side-$r]=$c
        rss[$side-$r]=$m
        share[$side-$r]=$sh
        bytes[$side]=$by
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$side" "$pg" "$w" "$c" "$m" "$(rate "$pg" "$w")" >>"$outdir/pdf-runs.tsv"
    done
    pdftotext "$work/one-$r.pdf" "$work/one.txt"
    pdftotext "$work/all-$r.pdf" "$work/all.txt"
    cmp -s "$work/one.txt" "$work/all.txt" || die "round $r: the text of the two PDFs differs"
    ratios+=("$(awk -v a="${wall[one-$r]}" -v b="${wall[all-$r]}" 'BEGIN { printf "%.2f", a / b }')")
    cpu_all+=("${cpu[all-$r]}")
    cpu_one+=("${cpu[one-$r]}")
    rm -f "$work/one-$r.pdf" "$work/all-$r.pdf"
done
ratio_med=$(median "${ratios[@]}")
ratio_min=$(printf '%s\n' "${ratios[@]}" | sort -g | head -n 1)
ratio_max=$(printf '%s\n' "${ratios[@]}" | sort -g | tail -n 1)
walls_one=(); walls_all=(); rss_one=(); rss_all=()
for ((r = 1; r <= rounds; r++)); do
    walls_one+=("${wall[one-$r]}"); walls_all+=("${wall[all-$r]}")
    rss_one+=("${rss[one-$r]}"); rss_all+=("${rss[all-$r]}")
done
med_one=$(median "${walls_one[@]}")
med_all=$(median "${walls_all[@]}")
max_of() { printf '%s\n' "$@" | sort -g | tail -n 1; }

load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# --- the threads' shares: what the wall time would be with the CPUs free ----------------
# One more all-cores run under `perf record`: the share of the CPU samples
# each thread of the process took. The busiest thread's share of the CPU
# seconds bounds the wall time from below when every thread has a CPU of
# its own; it does not depend on what else runs (a derived figure, not a
# measured wall time).
shares=""
critical=""
if command -v perf >/dev/null 2>&1 &&
    env -u SKILLCERT_PDF_THREADS perf record -q -F 499 -o "$work/perf.data" -- "$bin" cert pdf --plan "$plan" \
        --out "$work/perf.pdf" --data "$data" >"$outdir/pdf-perf.out" 2>&1; then
    perf report -i "$work/perf.data" --sort pid --stdio 2>/dev/null | awk '/^ *[0-9.]+%/ { print $1 }' | tr -d '%' \
        | sort -gr >"$outdir/pdf-perf-threads.txt" || true
    shares=$(awk '$1 >= 0.5 { printf "%s%s%%", (NR > 1 ? ", " : ""), $1 }' "$outdir/pdf-perf-threads.txt")
    critical=$(awk -v c="$(median "${cpu_all[@]}")" 'NR == 1 { printf "%.2f", c * $1 / 100 }' "$outdir/pdf-perf-threads.txt")
fi

# --- 4. the half-size plan: peak RSS at two sizes ----------------------------------------
read -r _ _ hrss_one hpg _ _ < <(render one "$half" "half-one")
[[ "$hpg" == "$nhalf" ]] || die "the half plan's PDF has $hpg pages, $nhalf expected"
read -r _ _ hrss_all hpg hbytes _ < <(render all "$half" "half-all")
[[ "$hpg" == "$nhalf" ]] || die "the half plan's PDF has $hpg pages, $nhalf expected"

# --- 5. the section -----------------------------------------------------------------------
commit=$(repo_commit)
dirty=$(repo_dirty " (with uncommitted changes under src/)" src)
cpu_model=$(cpu_model)
sc_version=$(sc_version)
sc_version=${sc_version:+skillcert $sc_version}
section=$(
    echo "<!-- bench:pdf -->"
    echo "## A plan's certificate PDF on every core (bench/pdf.sh)"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $ncpu CPUs, ${cpu_model:-unknown CPU}, shared with whatever else runs"
    echo "- Versions: ${sc_version:-skillcert}${commit:+, repository HEAD $commit}$dirty"
    echo "- Fixture (setup, not measured, ${fixture_secs} s): $(grp "$npages") people, each with a ${photo_bytes}-byte 358×441 PNG photo"
    echo "  through the API, a plan of $(grp "$npages") and one of $(grp "$nhalf") closed and passed by SQL, issued by \`skillcert issue\`"
    echo "- Command: \`BENCH_PDF_ROUNDS=$rounds BENCH_PDF_PAGES=$npages bash bench/pdf.sh\`. Each run is"
    echo "  \`skillcert cert pdf --plan ID --out FILE\` under \`/usr/bin/time -v\`: **one core** with \`SKILLCERT_PDF_THREADS=1\`"
    echo "  (the pages drawn straight into the PDF by the calling thread, as before), **all cores** without it ($ncpu drawing"
    echo "  threads, each rendering runs of up to 32 pages into a PDF of its own; the calling thread loads the pages"
    echo "  and joins those PDFs in order); the two sides alternated $rounds times, the side run first alternating"
    echo "  too; pages counted by pdfinfo, the text of the two sides identical (pdftotext) in every round"
    echo
    echo "| round | one core: wall | CPU | got | pages/s | all cores: wall | CPU | got | pages/s | ratio all / one |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    for ((r = 1; r <= rounds; r++)); do
        echo "| $r | ${wall[one-$r]} s | ${cpu[one-$r]} s | ${share[one-$r]} | $(rate "$npages" "${wall[one-$r]}") | ${wall[all-$r]} s | ${cpu[all-$r]} s | ${share[all-$r]} | $(rate "$npages" "${wall[all-$r]}") | ${ratios[$((r - 1))]} |"
    done
    echo
    echo "- CPU: user + system seconds of the process; got: the CPU it got (CPU / wall; 100% = one CPU). Load"
    echo "  average (1, 5, 15 min) before the rounds $load_before, after $load_after: other work on the machine"
    echo "  takes its share of the $ncpu CPUs, and the ratio approaches $ncpu only when the machine is otherwise idle"
    echo
    echo "- Pages per second, median of the rounds: one core **$(rate "$npages" "$med_one")**, all cores **$(rate "$npages" "$med_all")**;"
    echo "  ratio all cores / one core (per round): median **$ratio_med**, spread $ratio_min–$ratio_max"
    if [[ -n "$critical" ]]; then
        echo "- Each thread's share of the CPU samples of one more all-cores run (\`perf record -F 499\`, \`perf report"
        echo "  --sort pid\`): $shares; the smallest is the calling thread (loading the pages, joining the PDFs)."
        echo "  The busiest thread's share of the median all-cores CPU ($(median "${cpu_all[@]}") s) is **$critical s**, the"
        echo "  wall time with a CPU free for each thread, against $(median "${cpu_one[@]}") s of CPU on one core: a ratio"
        echo "  of **$(awk -v a="$(median "${cpu_one[@]}")" -v b="$critical" 'BEGIN { printf "%.2f", a / b }')** with the CPUs free (derived from CPU seconds, not a wall time measured here)"
    fi
    echo "- File for $(grp "$npages") pages: one core $(mib "${bytes[one]}") MiB ($(grp "$(( bytes[one] / npages ))") bytes/page), all cores"
    echo "  $(mib "${bytes[all]}") MiB ($(grp "$(( bytes[all] / npages ))") bytes/page: a font subset and a seal image per run of 32 pages)"
    echo "- Peak RSS (the largest of the rounds): $(grp "$npages") pages one core $(max_of "${rss_one[@]}") MiB, all cores $(max_of "${rss_all[@]}") MiB;"
    echo "  $(grp "$nhalf") pages one core ${hrss_one} MiB, all cores ${hrss_all} MiB ($(mib "$hbytes") MiB file). The pages in"
    echo "  flight are a bounded window; what still grows with the plan is the PDF itself, kept in memory until it is"
    echo "  written, and the plan's certificate rows"
    echo "<!-- /bench:pdf -->"
)

write_section '<!-- bench:pdf -->' '<!-- /bench:pdf -->' '<!-- /bench:certs -->'
log "wrote $doc (raw outputs in $outdir/pdf-*)"
