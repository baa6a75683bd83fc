#!/usr/bin/env bash
# bench/certs.sh - certificates at scale: `skillcert issue` of 1,000,000
# certificates on SQLite next to the npm jose library signing the same
# credential payloads, public verification under wrk next to nginx, and
# certificate PDFs, in one run.
#
# Run from anywhere after `./skillcert` is built in the repo root (make bench):
#   1. installs the bench deps (scripts/install-deps.sh --bench: GNU time,
#      wrk, nginx; sqlite3, node, jose and poppler-utils are in the main
#      lists);
#   2. writes 1,000,000 people with node (bench/certs-gen.mjs: valid, unique
#      GB 11643 numbers, three-character names);
#   3. prepares one database: init, a center and an exam station registered
#      through a batch, the 车工 (6-18-01-01) scope levels 5,4,3, the
#      station's HR filing (`institution file`: institution code, province,
#      site), a center_admin with an API token; `skillcert import people`;
#      through the JSON API one plan (bench/certs-api.mjs) and a photo for
#      the 1,000 people of the PDF plan (a small one for the others: no
#      certificate is issued without a photo); then with sqlite3 SQL (setup, not
#      measured): that plan copied 100 times, all closed, 10,000 enrolments
#      each (the first half of the plans at level 5, the rest at level 4: a
#      number's six-digit serial counts per institution, site, year and
#      level, so one level holds at most 999,999), every candidate passed
#      with a theory and a practical component result; the API plan holds
#      the first 1,000 people again (the PDF plan);
#   4. `skillcert issue --plan ID` of the PDF plan (1,000), then of the 100
#      plans, one process each, under /usr/bin/time -v, on every core (not
#      pinned; SKILLCERT_ISSUE_THREADS as set, else the online CPUs), in
#      BENCH_CERTS_ROUNDS (3) rounds; after each round, alternating with it,
#   5. node + jose (bench/certs-jose.mjs) on ONE CPU (taskset -c 0): as many
#      compact JWS (EdDSA, Ed25519) as skillcert issued in the round, of the
#      credential payloads cut out of every 100th certificate stored so far
#      by sqlite3, cycled through. The ratio per round, its median and its
#      spread (lowest-highest); peak RSS of a plan of 1,000 and of 10,000.
#      Then checks that 1,000,000 certificates are stored, every number
#      unique, every one signed, and one credential verifies offline
#      against the JWK Set (`skillcert verify --jwks`);
#   6. `skillcert serve --verify-rate 0` (no per-address limit on lookups,
#      which would otherwise answer 429 to wrk) and a private nginx serving
#      the same JSON body as a static file; `wrk -tT -cC -dD --latency` on
#      `GET /api/v1/verify?number=…&name=…` over 10,000 stored certificates
#      in turn (a wrk Lua script; nginx gets the same query strings on its
#      file) and on one certificate's URL;
#   7. issues the PDF plan (1,000) and renders it: `skillcert cert pdf --plan
#      ID` (pages/s, bytes/page, pages counted by pdfinfo), and one
#      certificate's PDF with and without a photo;
#   8. writes the figures between the <!-- bench:certs --> markers of
#      docs/performance.md (other sections are left alone) and prints them.
# If issuing runs past BENCH_CERTS_ISSUE_BUDGET seconds, the plan under way
# is stopped (its transaction rolls back), the rate so far is reported, the
# missing certificates are copied in with SQL so that steps 5-7 still run on
# a million stored rows, the section says so, and the script exits 1.
# Raw outputs (time -v, wrk, jose, issue output) are kept in bench/out/certs-*
# (git-ignored); the data (about 5 GB) lives in a temp dir removed on exit.
# Exits non-zero when a step fails or a check does not hold.
# Knobs (environment): SKILLCERT_BIN (./skillcert), TMPDIR (where the data
# goes), BENCH_CERTS_KEEP=1 keeps the temp dir, BENCH_CERTS_PLANS (100 plans
# of 10,000), BENCH_CERTS_ROUNDS (3), BENCH_CERTS_ISSUE_BUDGET (600 s),
# BENCH_CERTS_JOSE_COUNT (jose's signatures a round; default as many as
# skillcert issued in it), BENCH_CERTS_CPU (jose's and the PDFs' CPU, 0;
# empty: no taskset), BENCH_DURATION (10s), BENCH_THREADS (2), BENCH_CONNS (32).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # changes to the repository's root

nplans=${BENCH_CERTS_PLANS:-100}
budget=${BENCH_CERTS_ISSUE_BUDGET:-600}
jose_count=${BENCH_CERTS_JOSE_COUNT:-}
rounds=${BENCH_CERTS_ROUNDS:-3}
cpu=${BENCH_CERTS_CPU-0}
duration=${BENCH_DURATION:-10s}
threads=${BENCH_THREADS:-2}
conns=${BENCH_CONNS:-32}
plan_size=10000    # a plan holds at most 10,000 candidates
pdf_size=1000      # the PDF plan
sample_every=100   # jose's payloads and wrk's URLs: every 100th certificate

[[ "$nplans" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CERTS_PLANS must be a positive number"
[[ "$budget" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CERTS_ISSUE_BUDGET must be a positive number of seconds"
[[ -z "$jose_count" || "$jose_count" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CERTS_JOSE_COUNT must be a positive number"
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] || die "BENCH_CERTS_ROUNDS must be a positive number"
(( rounds <= nplans )) || die "BENCH_CERTS_ROUNDS ($rounds) is more than the plans ($nplans)"
bash scripts/install-deps.sh --bench
[[ -x "$bin_src" ]] || die "$bin_src not found or not executable (run make first)"
need_tools node curl sqlite3 wrk nginx pdfinfo timeout
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package time)"
[[ -d node_modules/jose ]] || die "node_modules/jose not found (scripts/install-deps.sh runs npm ci)"
pin=()
if [[ -n "$cpu" ]]; then
    command -v taskset >/dev/null 2>&1 || die "taskset not found (util-linux); BENCH_CERTS_CPU= runs unpinned"
    pin=(taskset -c "$cpu")
fi

bench_work certs

total=$(( nplans * plan_size ))
(( pdf_size <= total )) || die "the PDF plan needs $pdf_size people, $total are made"
nlevel5=$(( (nplans + 1) / 2 ))   # plans 1..nlevel5 at level 5, the rest at level 4

rate() { awk -v r="$1" -v s="$2" 'BEGIN { if (s + 0 > 0) printf "%.0f", r / s; else print "n/a" }'; }

# --- 1. the people ---------------------------------------------------------------
log "writing $(grp "$total") people"
t0=$(now)
npeople=$(write_people "$total")
gen_secs=$(secs "$t0" "$(now)")

# --- 2. the registry, the people, one plan through the API -------------------------
log "preparing the database"
bench_registry --public-url https://verify.example.cn
bench_filing
bench_token certs

log "skillcert import people: $(grp "$npeople") rows"
/usr/bin/time -v -o "$outdir/certs-people.time" "$bin" import people "$work/people.csv" --data "$data" \
    >"$outdir/certs-people.out" 2>"$outdir/certs-people.err" \
    || { head -c 2000 "$outdir/certs-people.out" "$outdir/certs-people.err" >&2; die "import people failed"; }
grep -q "^$npeople rows: $npeople new" "$outdir/certs-people.out" \
    || die "import people: $(head -c 2000 "$outdir/certs-people.out")"
people_secs=$(wall_of "$outdir/certs-people.time")
rm -f "$work/people.csv"

port=$(pick_port)
serve_start "$data" "$port"
base="http://127.0.0.1:$port"
t0=$(now)
pdf_plan=$(node bench/certs-api.mjs plan "$base" "$token" "$station" "$occupation" 5 "$plan_size" 2>"$work/api.err") \
    || { cat "$work/api.err" >&2; die "creating the plan through the API failed"; }
[[ "$pdf_plan" =~ ^[0-9]+$ ]] || die "the API answered plan id '$pdf_plan'"
q "SELECT id FROM person ORDER BY id LIMIT $pdf_size" >"$work/pdf-people.txt"
read -r nphotos photo_bytes < <(node bench/certs-api.mjs photos "$base" "$token" "$work/pdf-people.txt" 2>"$work/api.err") \
    || { cat "$work/api.err" >&2; die "uploading the photos failed"; }
[[ "${nphotos:-}" == "$pdf_size" ]] || { cat "$work/api.err" >&2; die "uploaded ${nphotos:-no} photos, $pdf_size expected"; }
api_secs=$(secs "$t0" "$(now)")
serve_stop

# --- 3. the plans, enrolments and results: SQL ------------------------------------
log "writing $nplans closed plans of $(grp "$plan_size") passed candidates with sqlite3"
stamp=$(date -u +%FT%TZ)
# no certificate without a photo (domain.md §2.1): everyone the API gave
# none gets a small real one (64 x 90 PNG, about 350 bytes of base64)
small_photo=$(node -e "import('./tests/e2e/certlib.mjs').then((m) => process.stdout.write(m.pngPhoto(64, 90).toString('base64')))")
cat >"$work/fixture.sql" <<EOF
PRAGMA foreign_keys = ON;
BEGIN;
UPDATE plan SET status = 'closed', title = '车工五级 认定计划（bench/certs.sh PDF）',
    theory_on = '2026-10-10', practical_on = '2026-10-11',
    notice_start = '2026-10-20', notice_end = '2026-10-27', updated_at = '$stamp'
WHERE id = $pdf_plan;
WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < $nplans)
INSERT INTO plan (institution_id, standard_id, work_type, level, title, status, theory_on,
    practical_on, review_on, capacity, notice_start, notice_end, created_at, updated_at)
SELECT institution_id, standard_id, work_type, CASE WHEN n <= $nlevel5 THEN 5 ELSE 4 END,
    '车工 认定计划 ' || n || '（bench/certs.sh）', status, theory_on, practical_on, review_on,
    capacity, notice_start, notice_end, created_at, updated_at
FROM plan, k WHERE plan.id = $pdf_plan ORDER BY n;
CREATE TEMP TABLE bulk AS SELECT id, row_number() OVER (ORDER BY id) AS n FROM plan WHERE id > $pdf_plan;
INSERT INTO enrolment (plan_id, person_id, route_id, status, enrolled_at)
SELECT b.id, p.id, CASE WHEN b.n <= $nlevel5 THEN '5-1' ELSE '4-2' END, 'enrolled', '$stamp'
FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM person) p
JOIN bulk b ON b.n = (p.rn - 1) / $plan_size + 1
ORDER BY p.rn;
INSERT INTO enrolment (plan_id, person_id, route_id, status, enrolled_at)
SELECT $pdf_plan, id, '5-1', 'enrolled', '$stamp' FROM person ORDER BY id LIMIT $pdf_size;
INSERT INTO result (enrolment_id, outcome, detail, decided_at)
SELECT id, 'pass', '', '$stamp' FROM enrolment;
INSERT INTO person_photo (person_id, mime, data, added_at)
SELECT id, 'image/png', '$small_photo', '$stamp' FROM person
WHERE id NOT IN (SELECT person_id FROM person_photo);
$(components_sql "$stamp")
COMMIT;
EOF
t0=$(now)
q <"$work/fixture.sql" >"$work/fixture.out" 2>&1 || { cat "$work/fixture.out" >&2; die "the SQL fixture failed"; }
fixture_secs=$(secs "$t0" "$(now)")
mapfile -t plans < <(q "SELECT id FROM plan WHERE id > $pdf_plan ORDER BY id")
(( ${#plans[@]} == nplans )) || die "${#plans[@]} plans written, $nplans expected"
first_plan=${plans[0]}
last_plan=${plans[$(( nplans - 1 ))]}
got=$(q "SELECT count(*) FROM enrolment e JOIN result x ON x.enrolment_id = e.id AND x.outcome = 'pass'
         WHERE e.plan_id BETWEEN $first_plan AND $last_plan")
[[ "$got" == "$total" ]] || die "$got passed enrolments in the plans, $total expected"
[[ -z "$(q 'PRAGMA foreign_key_check')" ]] || die "the fixture breaks a foreign key"

# --- 4. skillcert issue on every core, alternated with jose on one ---------------------
# the PDF plan first, into an empty certificate table
log "skillcert issue: the PDF plan ($(grp "$pdf_size"))"
/usr/bin/time -v -o "$outdir/certs-issue-pdfplan.time" "$bin" issue --plan "$pdf_plan" --data "$data" \
    >"$outdir/certs-issue-pdfplan.out" 2>&1 || { cat "$outdir/certs-issue-pdfplan.out" >&2; die "issuing the PDF plan failed"; }
grep -q "^$pdf_size issued, 0 issued before" "$outdir/certs-issue-pdfplan.out" \
    || die "issuing the PDF plan: $(cat "$outdir/certs-issue-pdfplan.out")"
small_wall=$(wall_of "$outdir/certs-issue-pdfplan.time")
small_rss=$(rss_of "$outdir/certs-issue-pdfplan.time")
kid=$(q "SELECT kid FROM certificate LIMIT 1")

# jose_round R COUNT: node + jose on one CPU signing COUNT compact JWS of the
# credential payloads of every ${sample_every}th certificate stored so far
# (cut out by sqlite3, base64url-decoded before timing); appends a line to
# certs-jose.tsv and sets jose_last (certificates per second)
printf 'round\tsignatures\tseconds\tper_second\tpayloads\trss_mib\n' >"$outdir/certs-jose.tsv"
jose_round() {
    local r=$1 n=$2 out="$outdir/certs-jose-$1.json" field
    q "SELECT substr(credential, instr(credential, '.') + 1,
                  instr(substr(credential, instr(credential, '.') + 1), '.') - 1)
       FROM certificate WHERE id % $sample_every = 0 AND number NOT LIKE 'X%' ORDER BY id" >"$work/payloads.txt"
    nsample=$(wc -l <"$work/payloads.txt")
    (( nsample > 0 )) || die "no credential payloads sampled"
    log "  round $r: jose, $(grp "$n") EdDSA compact JWS of $(grp "$nsample") stored payloads${cpu:+ on CPU $cpu}"
    /usr/bin/time -v -o "$outdir/certs-jose-$r.time" "${pin[@]}" node bench/certs-jose.mjs "$work/payloads.txt" \
        "$n" "$kid" 1 >"$out" 2>"$outdir/certs-jose-$r.err" \
        || { cat "$outdir/certs-jose-$r.err" >&2; die "the jose run failed"; }
    field() { sed -n "s/.*\"$1\":\"\{0,1\}\([^,\"}]*\).*/\1/p" "$out"; }
    [[ "$(field count)" == "$n" ]] || die "jose: $(cat "$out")"
    jose_last=$(field per_second)
    jose_version=$(field jose)
    node_version=$(field node)
    payload_bytes=$(field payload_bytes)
    jws_bytes=$(field jws_bytes)
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$n" "$(field seconds)" "$jose_last" "$nsample" \
        "$(rss_of "$outdir/certs-jose-$r.time")" >>"$outdir/certs-jose.tsv"
}

log "skillcert issue: $nplans plans of $(grp "$plan_size") on every core, in $rounds rounds each followed by jose (budget ${budget} s)"
printf 'plan\tlevel\tissued\twall_s\tcpu_s\trss_mib\tstored_before\n' >"$outdir/certs-issue.tsv"
printf 'round\tplans\tcertificates\twall_s\tper_second\tjose_per_second\tratio\n' >"$outdir/certs-rounds.tsv"
: >"$outdir/certs-issue.time"
issued=0
done_plans=0
cut=""
rss_max=0
issue_secs=0
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= rounds && ${#cut} == 0; r++)); do
    from=$(( (r - 1) * nplans / rounds ))
    to=$(( r * nplans / rounds ))
    round_issued=0
    t_round=$(now)
    for ((k = from; k < to; k++)); do
        p=${plans[$k]}
        left=$(awk -v b="$budget" -v a="$issue_secs" -v s="$t_round" -v n="$(now)" 'BEGIN { l = b - a - (n - s); printf "%d", (l > 0 ? l + 0.999 : 0) }')
        if (( left <= 0 )); then
            cut="budget of $budget s used up after $k plans"
            break
        fi
        rc=0
        /usr/bin/time -v -o "$work/issue.time" timeout -k 5 "$left" "$bin" issue --plan "$p" --data "$data" \
            >"$work/issue.out" 2>"$work/issue.err" || rc=$?
        { echo "== plan $p (#$(( k + 1 )))"; cat "$work/issue.time"; } >>"$outdir/certs-issue.time"
        cat "$work/issue.out" >>"$outdir/certs-issue.out"
        if (( rc == 124 || rc == 137 )); then
            cut="plan #$(( k + 1 )) (id $p) still running when the budget of $budget s ran out: stopped, rolled back"
            break
        fi
        (( rc == 0 )) || { cat "$work/issue.out" "$work/issue.err" >&2; die "skillcert issue --plan $p failed (exit $rc)"; }
        grep -q "^$plan_size issued, 0 issued before" "$work/issue.out" \
            || die "skillcert issue --plan $p: $(cat "$work/issue.out" "$work/issue.err")"
        w=$(wall_of "$work/issue.time")
        rr=$(rss_of "$work/issue.time")
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$p" "$(( k < nlevel5 ? 5 : 4 ))" "$plan_size" "$w" \
            "$(cpu_of "$work/issue.time")" "$rr" "$(( issued + pdf_size ))" >>"$outdir/certs-issue.tsv"
        rss_max=$(awk -v a="$rss_max" -v b="$rr" 'BEGIN { print (b + 0 > a + 0) ? b : a }')
        issued=$(( issued + plan_size ))
        round_issued=$(( round_issued + plan_size ))
        done_plans=$(( k + 1 ))
    done
    round_secs=$(secs "$t_round" "$(now)")
    # a stopped plan's time is not the rate's
    [[ -z "$cut" ]] || round_secs=$(awk -F'\t' -v n="$round_issued" -v pl="$plan_size" \
        'NR > 1 { w[NR] = $4 } END { s = 0; k = n / pl; for (i = NR - k + 1; i <= NR; i++) s += w[i]; printf "%.2f", s }' "$outdir/certs-issue.tsv")
    (( round_issued > 0 )) || break
    issue_secs=$(awk -v a="$issue_secs" -v b="$round_secs" 'BEGIN { printf "%.2f", a + b }')
    round_rate=$(rate "$round_issued" "$round_secs")
    log "  round $r: skillcert $(grp "$round_issued") certificates in $round_secs s, $(grp "$round_rate")/s"
    jose_round "$r" "${jose_count:-$round_issued}"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$(( k - from ))" "$round_issued" "$round_secs" "$round_rate" \
        "$jose_last" "$(ratio "$round_rate" "$jose_last")" >>"$outdir/certs-rounds.tsv"
done
issue_rate=$(rate "$issued" "$issue_secs")
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
first_wall=$(awk -F'\t' 'NR == 2 { print $4 }' "$outdir/certs-issue.tsv")
last_wall=$(awk -F'\t' 'NR > 1 { w = $4 } END { print w }' "$outdir/certs-issue.tsv")
min_wall=$(awk -F'\t' 'NR > 1 && (m == "" || $4 < m) { m = $4 } END { print m }' "$outdir/certs-issue.tsv")
max_wall=$(awk -F'\t' 'NR > 1 && $4 > m { m = $4 } END { print m }' "$outdir/certs-issue.tsv")
min_cpu=$(awk -F'\t' 'NR > 1 && (m == "" || $5 < m) { m = $5 } END { print m }' "$outdir/certs-issue.tsv")
max_cpu=$(awk -F'\t' 'NR > 1 && $5 > m { m = $5 } END { print m }' "$outdir/certs-issue.tsv")
nrounds=$(( $(wc -l <"$outdir/certs-rounds.tsv") - 1 ))
# the median and the spread (lowest, highest) of a column of certs-rounds.tsv
median_of() {
    awk -F'\t' -v c="$1" 'NR > 1 { print $c }' "$outdir/certs-rounds.tsv" | sort -g |
        awk '{ v[NR] = $1 } END { if (!NR) print "n/a"; else if (NR % 2) print v[(NR + 1) / 2];
            else printf "%.2f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
spread_of() {
    awk -F'\t' -v c="$1" 'NR > 1 { print $c }' "$outdir/certs-rounds.tsv" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR) printf "%s–%s\n", v[1], v[NR]; else print "n/a" }'
}
issue_ratio=$(median_of 7)
ratio_spread=$(spread_of 7)
jose_rate=$(median_of 6)
jose_spread=$(spread_of 6)
round_median=$(median_of 5)
round_spread=$(spread_of 5)
jose_rss=$(awk -F'\t' 'NR > 1 && $6 > m { m = $6 } END { print m }' "$outdir/certs-jose.tsv")
jose_total=$(awk -F'\t' 'NR > 1 { s += $2 } END { print s + 0 }' "$outdir/certs-jose.tsv")
issue_threads=${SKILLCERT_ISSUE_THREADS:-$(nproc)}
# CPU per certificate (user + system, every thread): less at the mercy of
# other processes on the machine than the rates. jose's includes its
# 1,000-signature warm-up and start-up per round.
issue_cpu_us=$(awk -F'\t' 'NR > 1 { s += $5; n += $3 } END { if (n) printf "%.0f", s / n * 1e6; else print "n/a" }' "$outdir/certs-issue.tsv")
jose_cpu_us=$(for f in "$outdir"/certs-jose-*.time; do cpu_of "$f"; echo; done |
    awk -v n="$jose_total" -v r="$nrounds" '{ s += $1 } END { if (n) printf "%.0f", s / (n + 1000 * r) * 1e6; else print "n/a" }')

filled=0
if [[ -n "$cut" ]]; then
    log "issuing stopped: $cut; $(grp "$issued") issued in $issue_secs s ($issue_rate/s)"
    (( issued > 0 )) || die "no plan was issued within the budget: nothing to copy from"
    # The rest, so that the lookups and the PDF still run on a million rows:
    # the first certificate's row with each missing enrolment's holder, a
    # number no issued certificate can have (X + 21 digits) and a fresh
    # status index.
    log "copying the $(grp $(( total - issued ))) missing certificates in with SQL"
    next_index=$(q "SELECT coalesce(max(status_index), -1) + 1 FROM certificate")
    q "PRAGMA foreign_keys = ON;
       INSERT INTO certificate (number, line, enrolment_id, plan_id, person_id, institution_id,
           institution_name, institution_code, province_code, site_code, holder_name, id_type,
           id_blind, id_masked, occupation_code, occupation_name, work_type, level, issued_on,
           scores, status, status_index, kid, credential, qr_token, created_at)
       SELECT printf('X%021d', e.id), t.line, e.id, e.plan_id, e.person_id, t.institution_id,
           t.institution_name, t.institution_code, t.province_code, t.site_code, p.name, p.id_type,
           p.id_blind, p.id_masked, t.occupation_code, t.occupation_name, t.work_type, pl.level,
           t.issued_on, t.scores, 'valid', $next_index - 1 + row_number() OVER (ORDER BY e.id),
           t.kid, t.credential, t.qr_token, t.created_at
       FROM enrolment e JOIN plan pl ON pl.id = e.plan_id JOIN person p ON p.id = e.person_id,
           (SELECT * FROM certificate ORDER BY id LIMIT 1) t
       WHERE e.plan_id BETWEEN $first_plan AND $last_plan
         AND NOT EXISTS (SELECT 1 FROM certificate c WHERE c.enrolment_id = e.id AND c.supersedes IS NULL)
       ORDER BY e.id" >"$work/fill.out" 2>&1 || { cat "$work/fill.out" >&2; die "copying the certificates failed"; }
    filled=$(( total - issued ))
fi

# the checks: every certificate stored, numbers unique, every one signed,
# one credential verifying offline against the published keys
read -r stored distinct unsigned cred_bytes < <(q "SELECT count(*) || ' ' || count(DISTINCT number) || ' ' ||
    coalesce(sum(credential = '' OR qr_token = '' OR kid = ''), 0) || ' ' || coalesce(round(avg(length(credential))), 0)
    FROM certificate WHERE plan_id BETWEEN $first_plan AND $last_plan")
[[ "$stored" == "$total" ]] || die "$stored certificates stored in the $nplans plans, $total expected"
[[ "$distinct" == "$total" ]] || die "$distinct distinct numbers among $stored certificates"
[[ "$unsigned" == 0 ]] || die "$unsigned certificates without a credential, QR token or key id"
sc key jwks >"$work/jwks.json" 2>"$work/step.err" || { cat "$work/step.err" >&2; die "skillcert key jwks failed"; }
q "SELECT credential FROM certificate WHERE plan_id = $last_plan AND number NOT LIKE 'X%' ORDER BY id DESC LIMIT 1" \
    >"$work/credential.jws"
[[ -s "$work/credential.jws" ]] || q "SELECT credential FROM certificate WHERE number NOT LIKE 'X%' ORDER BY id DESC LIMIT 1" \
    >"$work/credential.jws"
"$bin" verify "$work/credential.jws" --jwks "$work/jwks.json" >"$work/verify.out" 2>&1 \
    && grep -q '^signature: valid' "$work/verify.out" \
    || { cat "$work/verify.out" >&2; die "a stored credential does not verify offline"; }
db_mb=$(du -sm "$data" | awk '{print $1}')
log "checked: $(grp "$stored") certificates, $(grp "$distinct") distinct numbers, all signed; data directory $db_mb MiB"

# --- 6. public verification: skillcert vs nginx under wrk -------------------------------
q "SELECT number || char(9) || holder_name FROM certificate
   WHERE plan_id BETWEEN $first_plan AND $last_plan AND id % $sample_every = $(( sample_every / 2 )) ORDER BY id" \
    >"$work/lookups.tsv"
nlookups=$(wc -l <"$work/lookups.tsv")
(( nlookups > 0 )) || die "no certificates sampled for the lookups"
sc_port=$(pick_port)
serve_start "$data" "$sc_port" --verify-rate 0
sc_base="http://127.0.0.1:$sc_port"
IFS=$'\t' read -r one_number one_name <"$work/lookups.tsv"
mkdir -p "$work/www"
code=$(curl -s -o "$work/www/verify.json" -w '%{http_code}' --max-time 5 -G "$sc_base/api/v1/verify" \
    --data-urlencode "number=$one_number" --data-urlencode "name=$one_name" || true)
[[ "$code" == 200 ]] || die "GET /api/v1/verify of $one_number answered $code: $(cat "$work/www/verify.json")"
body_bytes=$(stat -c %s "$work/www/verify.json")
# the bodies of other certificates: the same size? (names and numbers are)
sizes=$(head -n 20 "$work/lookups.tsv" | while IFS=$'\t' read -r n nm; do
    curl -s -o /dev/null -w '%{http_code} %{size_download}\n' --max-time 5 -G "$sc_base/api/v1/verify" \
        --data-urlencode "number=$n" --data-urlencode "name=$nm"; done | sort -u)
grep -qv '^200 ' <<<"$sizes" && die "a sampled lookup did not answer 200: $sizes"
size_note="every sampled response $body_bytes bytes"
[[ "$(wc -l <<<"$sizes")" == 1 ]] || size_note="sampled responses $(awk '{print $2}' <<<"$sizes" | paste -sd/) bytes"

ng_port=$(pick_port "$sc_port")
nginx_start "$ng_port" "$work/www" verify.json
ng_base="http://127.0.0.1:$ng_port"
cmp -s "$work/www/verify.json" <(curl -s "$ng_base/verify.json?number=x") || die "nginx serves another body"

# run_wrk NAME BASE PATH FILE: wrk with lookups.lua (GET PATH?number=…&name=… of
# FILE's lines in turn) against BASE; raw output to $outdir/certs-wrk-NAME.txt;
# sets rps[NAME] / p99[NAME]; any non-2xx answer or socket error stops the run.
declare -A rps=() p99=()
run_wrk() {
    local name=$1 url=$2/ out="$outdir/certs-wrk-$1.txt"
    log "wrk -t$threads -c$conns -d$duration --latency -s lookups.lua $url -- $3 $(basename "$4")"
    wrk_run "$name" "$out" -s "$root/bench/lookups.lua" "$url" -- "$3" "$4"
    (( wrk_failed == 0 )) || die "wrk failed for $url: $(cat "$out")"
    [[ -z "$wrk_problem" ]] || die "$name: $wrk_problem(raw output in $out)"
}
printf '%s\t%s\n' "$one_number" "$one_name" >"$work/one.tsv"
run_wrk sc_many "$sc_base" /api/v1/verify "$work/lookups.tsv"
run_wrk ng_many "$ng_base" /verify.json "$work/lookups.tsv"
run_wrk sc_one "$sc_base" /api/v1/verify "$work/one.tsv"
run_wrk ng_one "$ng_base" /verify.json "$work/one.tsv"
serve_stop
verify_ratio_many=$(ratio "${rps[sc_many]}" "${rps[ng_many]}")
verify_ratio_one=$(ratio "${rps[sc_one]}" "${rps[ng_one]}")
aim=$(awk -v r="$verify_ratio_many" 'BEGIN { if (r !~ /^[0-9.]+$/) print "n/a"; else if (r >= 0.5) print "met"; else print "not met" }')

# --- 7. PDFs --------------------------------------------------------------------------

log "skillcert cert pdf --plan: $(grp "$pdf_size") pages"
/usr/bin/time -v -o "$outdir/certs-pdf.time" "${pin[@]}" "$bin" cert pdf --plan "$pdf_plan" --out "$work/plan.pdf" \
    --data "$data" >"$outdir/certs-pdf.out" 2>&1 || { cat "$outdir/certs-pdf.out" >&2; die "cert pdf --plan failed"; }
pages=$(pdfinfo "$work/plan.pdf" 2>/dev/null | awk '/^Pages:/ {print $2}')
[[ "$pages" == "$pdf_size" ]] || die "the plan's PDF has ${pages:-no} pages, $pdf_size expected"
pdf_bytes=$(stat -c %s "$work/plan.pdf")
pdf_wall=$(wall_of "$outdir/certs-pdf.time")
pdf_rss=$(rss_of "$outdir/certs-pdf.time")
pdf_rate=$(awk -v n="$pages" -v s="$pdf_wall" 'BEGIN { if (s + 0 > 0) printf "%.1f", n / s; else print "n/a" }')
pdf_per_page=$(( pdf_bytes / pages ))
# one certificate: with a photo (the PDF plan's first), without (a bulk plan's last)
one_photo=$(q "SELECT number FROM certificate WHERE plan_id = $pdf_plan ORDER BY id LIMIT 1")
one_plain=$(q "SELECT number FROM certificate WHERE plan_id = $last_plan AND number NOT LIKE 'X%' ORDER BY id DESC LIMIT 1")
[[ -n "$one_plain" ]] || one_plain=$(q "SELECT number FROM certificate WHERE plan_id = $first_plan ORDER BY id DESC LIMIT 1")
for which in photo plain; do
    number=$one_photo
    [[ "$which" == plain ]] && number=$one_plain
    /usr/bin/time -v -o "$outdir/certs-pdf-$which.time" "${pin[@]}" "$bin" cert pdf "$number" --out "$work/one-$which.pdf" \
        --data "$data" >"$outdir/certs-pdf-$which.out" 2>&1 || { cat "$outdir/certs-pdf-$which.out" >&2; die "cert pdf $number failed"; }
done
one_photo_bytes=$(stat -c %s "$work/one-photo.pdf")
one_plain_bytes=$(stat -c %s "$work/one-plain.pdf")
one_photo_wall=$(wall_of "$outdir/certs-pdf-photo.time")
one_plain_wall=$(wall_of "$outdir/certs-pdf-plain.time")

# --- 8. report ------------------------------------------------------------------------
sc_version=$(sc_version)
commit=$(repo_commit)
dirty=$(repo_dirty " (with uncommitted changes under src/ or migrations/)" src migrations)
sq_version=$(sqlite3 --version | awk '{print $1}')
time_version=$(time_version)
ng_version=$(ng_version)
wrk_version=$(wrk_version)
cpu_model=$(cpu_model)
fs_type=$(df -T "$work" 2>/dev/null | awk 'NR == 2 {print $2}')
pinned=${cpu:+, pinned to CPU $cpu (\`taskset -c $cpu\`)}

section=$(
    echo "<!-- bench:certs -->"
    echo "## Certificates: issuing vs jose, verification vs nginx, PDF (bench/certs.sh)"
    echo
    if [[ -n "$cut" ]]; then
        echo "**Incomplete run: issuing stopped ($cut). $(grp "$issued") certificates were issued by skillcert;"
        echo "the other $(grp "$filled") were copied in with SQL (a copy of the first certificate's row with each holder,"
        echo "numbers X + 21 digits) so that the lookups and PDFs below still ran on $(grp "$stored") stored rows.**"
        echo
    fi
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs, ${cpu_model:-unknown CPU}; data directory on ${fs_type:-one file system}; wrk, skillcert and nginx share the CPUs"
    echo "- Versions: skillcert ${sc_version:-n/a}${commit:+, repository HEAD $commit}$dirty; SQLite $sq_version; jose $jose_version on Node.js $node_version;"
    echo "  ${ng_version:-nginx n/a}; ${wrk_version:-wrk n/a}; GNU time $time_version"
    echo "- Fixture (setup, not measured): $(grp "$npeople") people through \`skillcert import people\` (${people_secs} s); registry, scope and"
    echo "  HR filing through the CLI; one plan and $(grp "$nphotos") photos (${photo_bytes}-byte 358×441 PNG) through the API (${api_secs} s);"
    echo "  then **SQL** (${fixture_secs} s): that plan copied $nplans times, closed, $(grp "$plan_size") enrolments each, every candidate"
    echo "  \`result.outcome = 'pass'\` with a theory and a practical \`component_result\`. Half the plans are level 5, half level 4:"
    echo "  a number's six-digit serial counts per institution, site, year and level, so one level holds at most 999,999"
    echo
    echo "### Issuing"
    echo
    echo "- skillcert: \`skillcert issue --plan ID\`, one process per plan, run one after another, **on every core**"
    echo "  ($issue_threads worker threads: \`SKILLCERT_ISSUE_THREADS\` ${SKILLCERT_ISSUE_THREADS:+= $SKILLCERT_ISSUE_THREADS}${SKILLCERT_ISSUE_THREADS:-unset, the online CPUs}; not pinned); each issues its plan in one"
    echo "  transaction: the numbers and status indexes taken once (no ID number: nothing derived from it is published),"
    echo "  the OB 3.0 credentials signed as compact JWS (EdDSA) and the QR tokens signed by the workers, each certificate"
    echo "  written once by one writer (a bulk row write a chunk) with its \`issued\` event; one audit record per plan."
    echo "  Peak RSS the largest of the runs (\`/usr/bin/time -v\`). Checked afterwards: $(grp "$stored") certificates"
    echo "  stored, $(grp "$distinct") distinct numbers, none unsigned, a credential verified offline (\`skillcert verify --jwks\`)"
    echo "- jose: \`CompactSign\` with \`{alg: EdDSA, kid, typ: vc+jwt}\` and an Ed25519 key from \`generateKeyPair('EdDSA')\`,"
    echo "  one \`await\` per token, one Node.js process$pinned (single-core, as the issue asks). Its payloads: the credential"
    echo "  JSON of every ${sample_every}th certificate stored so far ($(grp "$nsample") payloads at the last round, ${payload_bytes} bytes on"
    echo "  average, cut out with sqlite3 and base64url-decoded before timing), cycled through; timed inside the process after"
    echo "  a 1,000-signature warm-up (wall time of the signing loop)"
    echo "- **Alternated in one run**: the plans are issued in $rounds rounds; after each round jose signs as many tokens as"
    echo "  skillcert issued in it. The ratio is taken per round (this machine's speed drifts within an hour; other"
    echo "  processes may share its $(nproc) CPUs) and reported as the median and the spread (lowest–highest). Load average"
    echo "  (1, 5, 15 min) before issuing $load_before, after $load_after: on a machine of $(nproc) CPUs, whatever else ran took its share"
    echo
    echo "| round | skillcert certificates | skillcert wall | skillcert certificates/s | jose signatures/s (1 CPU) | ratio |"
    echo "|---|---:|---:|---:|---:|---:|"
    while IFS=$'\t' read -r rn _ rc rw rs rj rq; do
        printf '| %s | %s | %s s | %s | %s | %s |\n' "$rn" "$(grp "$rc")" "$rw" "$(grp "$rs")" "$(grp "$rj")" "$rq"
    done < <(tail -n +2 "$outdir/certs-rounds.tsv")
    echo
    echo "- **Ratio skillcert (every core) / jose (one core), certificates per second: median $issue_ratio** (spread $ratio_spread,"
    echo "  $nrounds rounds); skillcert median $(grp "$round_median")/s (spread $round_spread), jose median $(grp "$jose_rate")/s (spread $jose_spread)."
    echo "  jose only signs; skillcert builds the credential, signs it and a QR token, and stores it durably"
    echo "- CPU time (user + system of every thread, \`/usr/bin/time -v\`): skillcert **${issue_cpu_us} µs a certificate**"
    echo "  (credential and QR token built and signed, row and event written), jose **${jose_cpu_us} µs a signature**"
    echo "  (its warm-up and start-up included): with the CPUs to itself, skillcert on $(nproc) cores would issue at about"
    echo "  $(awk -v a="$jose_cpu_us" -v b="$issue_cpu_us" -v c="$(nproc)" 'BEGIN { if (a + 0 > 0 && b + 0 > 0) printf "%.2f", c * a / b; else print "n/a" }')× jose's one-core rate (an estimate from CPU time, not a measured rate)"
    echo "- Aim (issue 17): at least jose's single-core rate — median ratio $issue_ratio: **$(awk -v r="$issue_ratio" 'BEGIN { if (r !~ /^[0-9.]+$/) print "n/a"; else if (r >= 1) print "met"; else print "not met" }')**;"
    echo "  1,000,000 certificates in under a minute: **$(awk -v n="$issued" -v s="$issue_secs" 'BEGIN { if (n < 1000000) print "not measured in this run"; else if (s + 0 < 60) print "met"; else print "not met" }')**"
    echo "- All $done_plans ${cut:+completed }plans: $(grp "$issued") certificates in ${issue_secs} s of issuing, $(grp "$issue_rate")/s"
    if (( issued < 1000000 )); then
        echo "  (this run issued $(grp "$issued"), not 1,000,000: \`BENCH_CERTS_PLANS=$nplans\`; at this rate 1,000,000 would take"
        echo "  $(awk -v r="$issue_rate" 'BEGIN { if (r + 0 > 0) printf "%.0f", 1000000 / r; else print "n/a" }') s — an extrapolation, not a measurement)"
    fi
    echo
    echo "| peak RSS of \`skillcert issue\` | plan size | peak RSS |"
    echo "|---|---:|---:|"
    echo "| the PDF plan, issued first ($small_wall s) | $(grp "$pdf_size") | ${small_rss} MiB |"
    echo "| the largest of the $done_plans bulk plans | $(grp "$plan_size") | ${rss_max} MiB |"
    echo "| jose (largest of its runs) | | ${jose_rss} MiB |"
    echo
    echo "- What grows from the small plan to the large one is SQLite's: its page cache (\`cache_size\` 64 MiB) and the"
    echo "  memory-mapped pages of the database (\`mmap_size\` just under 2 GiB: file pages, the kernel's to reclaim) fill as rows are read and written, up to"
    echo "  those bounds; issuing's own memory is a window of chunks (2 × threads chunks of at most 256 certificates,"
    echo "  freed as written) besides the plan's candidates and scores. Across the $done_plans plans of $(grp "$plan_size") the peak"
    echo "  stays $(awk -F'\t' 'NR > 1 && (m == "" || $6 < m) { m = $6 } END { print m }' "$outdir/certs-issue.tsv")–${rss_max} MiB however many certificates are stored already"
    echo
    echo "- One plan of $(grp "$plan_size"): ${min_wall}–${max_wall} s wall, ${min_cpu}–${max_cpu} s CPU (user + system of all threads; the"
    echo "  first plan ${first_wall} s, the last ${last_wall} s; every run in \`bench/out/certs-issue.tsv\`, the rounds in"
    echo "  \`bench/out/certs-rounds.tsv\`). Data directory afterwards $db_mb MiB. Credentials ${cred_bytes%.0} bytes on average"
    echo "  (skillcert's, stored), ${jws_bytes} (jose's): the same header and payloads"
    echo "- Reproduce: \`BENCH_CERTS_PLANS=$nplans bench/certs.sh\` (\`make bench\` runs it with the defaults: 100 plans, 1,000,000)"
    echo
    echo "### Public verification"
    echo
    echo "- \`GET /api/v1/verify?number=…&name=…\` with $(grp "$stored") certificates stored. skillcert runs with"
    echo "  \`--verify-rate 0\`: the per-address limit on lookups (60 a minute by default) is off, as every request"
    echo "  comes from 127.0.0.1; access log to /dev/null"
    echo "- nginx: \`daemon on; worker_processes 1; access_log off; sendfile on; keepalive_requests 1000000\`, serving the"
    echo "  same JSON body ($body_bytes bytes; $size_note) saved to a file; the same query strings are sent to it"
    echo "- Load: \`wrk -t$threads -c$conns -d$duration --latency\`, loopback, keep-alive; \"in turn\": a wrk Lua script walks"
    echo "  $(grp "$nlookups") stored certificates (every ${sample_every}th, across all plans) from a random one on"
    echo
    echo "| lookups | response bytes | skillcert req/s | skillcert p99 | nginx req/s | nginx p99 | ratio skillcert/nginx |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    echo "| $(grp "$nlookups") certificates in turn | $body_bytes | ${rps[sc_many]} | ${p99[sc_many]} | ${rps[ng_many]} | ${p99[ng_many]} | $verify_ratio_many |"
    echo "| one certificate, the same URL | $body_bytes | ${rps[sc_one]} | ${p99[sc_one]} | ${rps[ng_one]} | ${p99[ng_one]} | $verify_ratio_one |"
    echo
    echo "- Aim: at least half of nginx's requests per second (certificates in turn): **$verify_ratio_many** — $aim"
    echo
    echo "### PDF"
    echo
    echo "- \`skillcert cert pdf --plan ID --out FILE\` of a plan of $(grp "$pdf_size") certificates, each holder with the photo above;"
    echo "  \`skillcert cert pdf NUMBER --out FILE\` of one certificate; one process each$pinned, \`/usr/bin/time -v\`;"
    echo "  pages counted with pdfinfo"
    echo
    echo "| run | pages | wall time | pages/s | file | bytes/page | peak RSS |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    echo "| \`cert pdf --plan\`, $(grp "$pdf_size") certificates with photos | $(grp "$pages") | ${pdf_wall} s | $pdf_rate | $(mib "$pdf_bytes") MiB | $(grp "$pdf_per_page") | ${pdf_rss} MiB |"
    echo "| \`cert pdf NUMBER\`, with a photo | 1 | ${one_photo_wall} s | | $(kib "$one_photo_bytes") KiB | $(grp "$one_photo_bytes") | $(rss_of "$outdir/certs-pdf-photo.time") MiB |"
    echo "| \`cert pdf NUMBER\`, without a photo | 1 | ${one_plain_wall} s | | $(kib "$one_plain_bytes") KiB | $(grp "$one_plain_bytes") | $(rss_of "$outdir/certs-pdf-plain.time") MiB |"
    echo
    echo "- Setup, not measured: writing the people ${gen_secs} s (node)"
    echo "<!-- /bench:certs -->"
)

write_section '<!-- bench:certs -->' '<!-- /bench:certs -->' '<!-- bench:import:end -->'
log "wrote $doc (raw outputs in $outdir/certs-*)"
if [[ -n "$cut" ]]; then
    die "issuing did not finish within $budget s: $(grp "$issued") of $(grp "$total") certificates issued ($issue_rate/s)"
fi
