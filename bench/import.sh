#!/usr/bin/env bash
# bench/import.sh - `skillcert import scores` of 1,000,000 CSV rows, validated
# and stored, next to the sqlite3 shell's `.import` of the same file into a
# bare table, in the same run.
#
# Run from anywhere after `./skillcert` is built in the repo root (make bench):
#   1. installs the bench deps (scripts/install-deps.sh --bench: GNU time;
#      sqlite3 and node are in the main list);
#   2. writes the files with node: 10,000 candidates, 2,001 assessors and
#      670 proctors (valid GB 11643 numbers, candidates' and staff's
#      employers differ), the enrolments (10 rooms of 1,000), and the scores:
#      per candidate one theory row and 99 practical rows from 99 different
#      assessors (1,000,000 rows), its first 100,000 rows, and the same
#      plan with 199 practical rows per candidate (2,000,000 rows);
#   3. prepares one database: init, a center and an exam station registered
#      through a batch, the 车工 (6-18-01-01) scope, a center_admin with an
#      API token; `skillcert import people`; through the JSON API a level-5
#      plan for 10,000, its rooms, qualifications and staff (the standard's
#      ratios: 1 proctor per 15 and 2 per room, an odd number of assessors,
#      1 per 5 candidates); `skillcert import enrolments`; submit, approve,
#      start (refused if any staffing violation is left);
#   4. imports the scores into fresh copies of that database under
#      /usr/bin/time -v (wall time, peak RSS): 1,000,000 rows, the
#      100,000-row prefix, the 2,000,000-row file; checks every row is new
#      and stored (count of score_entry);
#   5. `sqlite3 NEW.db` `.mode csv` + `.import` of the 1,000,000-row file
#      into a table it creates from the header (no keys, no indexes, the
#      shell's defaults), a fresh database in the same directory;
#   6. writes the figures between the bench:import markers of
#      docs/performance.md (other sections are left alone) and prints them.
# Raw outputs (time -v, import output) are kept in bench/out/import-*
# (git-ignored); the data (about 600 MB) lives in a temp dir removed on exit.
# Exits non-zero when a step fails or an import does not store every row.
# Knobs (environment): SKILLCERT_BIN (./skillcert), TMPDIR (where the data
# goes), BENCH_IMPORT_KEEP=1 keeps the temp dir.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # changes to the repository's root

ncand=10000        # a plan holds at most 10,000 candidates
practical=99       # practical rows per candidate: 1 + 99 = 100 rows each
practical2=199     # the 2,000,000-row file
prefix_rows=100000
room_size=1000     # a room holds at most 1,000

bash scripts/install-deps.sh --bench
[[ -x "$bin_src" ]] || die "$bin_src not found or not executable (run make first)"
need_tools node curl sqlite3
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (Debian package time)"

bench_work import

# Staffing as the standard wants it (standards/6-18-01-01-2018.json, level 5).
nrooms=$(( (ncand + room_size - 1) / room_size ))
nass=$(( (ncand + 4) / 5 ))
(( nass < 3 )) && nass=3
(( nass % 2 == 1 )) || nass=$(( nass + 1 ))
per_room=$(( (room_size + 14) / 15 ))
(( per_room < 2 )) && per_room=2
nproc_total=$(( per_room * nrooms ))
(( practical2 < nass )) || die "more practical rows per candidate than assessors"

# --- 1. the files --------------------------------------------------------------
cat >"$work/gen.mjs" <<'EOF'
// gen.mjs DIR NCAND NASS NPROC ROOM_SIZE PRACTICAL PRACTICAL2 PREFIX
import fs from 'node:fs';
const [dir, ...nums] = process.argv.slice(2);
const [ncand, nass, nproc, roomSize, practical, practical2, prefix] = nums.map(Number);
const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const day = (year, n) => new Date(Date.UTC(year, 0, 1) + n * 86400e3).toISOString().slice(0, 10);
/* A GB 11643 resident ID number: region, birth date, sequence, check. */
function idNumber(region, birth, seq) {
	const body = region + birth.replace(/-/g, '') + String(seq).padStart(3, '0');
	let s = 0;
	for (let i = 0; i < 17; i++) s += (body.charCodeAt(i) - 48) * W[i];
	return body + '10X98765432'[s % 11];
}
/* 500 people per birth date, sequence 100..599: unique numbers. */
const people = (n, region, year) =>
	Array.from({ length: n }, (_, i) => idNumber(region, day(year, Math.floor(i / 500)), 100 + (i % 500)));
const cand = people(ncand, '110105', 1980);
const ass = people(nass, '310104', 1965);
const proc = people(nproc, '440103', 1970);
const room = (i) => `第${Math.floor(i / roomSize) + 1}考场`;

const p = ['姓名,证件号码,性别,文化程度,工作单位,参加工作日期'];
cand.forEach((id, i) => p.push(`考生${i + 1},${id},,高中,甲机床厂,${day(2005, i % 3000)}`));
ass.forEach((id, i) => p.push(`考评员${i + 1},${id},,本科,职业技能鉴定评价中心,${day(1990, i % 3000)}`));
proc.forEach((id, i) => p.push(`监考员${i + 1},${id},,本科,职业技能鉴定评价中心,${day(1995, i % 3000)}`));
fs.writeFileSync(`${dir}/people.csv`, p.join('\n') + '\n');
fs.writeFileSync(`${dir}/enrolments.csv`, ['证件号码,考场', ...cand.map((id, i) => `${id},${room(i)}`)].join('\n') + '\n');
fs.writeFileSync(`${dir}/assessors.txt`, ass.join('\n') + '\n');
fs.writeFileSync(`${dir}/proctors.txt`, proc.map((id, i) => `${id} ${Math.floor(i / (nproc / Math.ceil(ncand / roomSize)))}`).join('\n') + '\n');

/* Scores: per candidate a theory row and `per` practical rows, by
 * assessors (i*per + k) mod nass, k < per: all different. Scores 60.0 to
 * 100.0 with one decimal, present. */
function scores(file, per, limit) {
	const fd = fs.openSync(file, 'w');
	let out = '证件号码,科目,考评员证件号码,成绩,状态,原因\n';
	let rows = 0;
	const score = (t) => `${Math.floor(t / 10)}.${t % 10}`;
	for (let i = 0; i < ncand && rows < limit; i++) {
		out += `${cand[i]},理论知识,,${score(600 + ((i * 37) % 401))},,\n`;
		rows++;
		for (let k = 0; k < per && rows < limit; k++, rows++)
			out += `${cand[i]},操作技能,${ass[(i * per + k) % nass]},${score(600 + ((i * 37 + k * 11) % 401))},,\n`;
		if (out.length > 1 << 20) {
			fs.writeSync(fd, out);
			out = '';
		}
	}
	fs.writeSync(fd, out);
	fs.closeSync(fd);
	return rows;
}
const n1 = scores(`${dir}/scores.csv`, practical, Infinity);
const n0 = scores(`${dir}/scores-prefix.csv`, practical, prefix);
const n2 = scores(`${dir}/scores-2x.csv`, practical2, Infinity);
console.log(`${n1} ${n0} ${n2}`);
EOF
log "writing the files ($ncand candidates, $nass assessors, $nproc_total proctors)"
t0=$(now)
read -r rows_1m rows_prefix rows_2x < <(node "$work/gen.mjs" "$work" "$ncand" "$nass" "$nproc_total" \
    "$room_size" "$practical" "$practical2" "$prefix_rows") || die "generating the files failed"
gen_secs=$(secs "$t0" "$(now)")
csv_mb=$(awk -v b="$(stat -c %s "$work/scores.csv")" 'BEGIN { printf "%.1f", b / 1048576 }')
npeople=$(( $(wc -l <"$work/people.csv") - 1 ))

# --- 2. the prepared database -------------------------------------------------
prep="$work/prepared"
sc() { "$bin" "$@" --data "$prep"; }
log "preparing the database"
bench_registry
bench_token import

# import_timed NAME KIND FILE [ARGS...]: `skillcert import KIND FILE ARGS` under
# /usr/bin/time -v;
# output in $outdir/import-NAME.{out,time}; exits on failure.
import_timed() {
    local name=$1 kind=$2 file=$3
    shift 3
    /usr/bin/time -v -o "$outdir/import-$name.time" "$bin" import "$kind" "$file" "$@" \
        >"$outdir/import-$name.out" 2>"$outdir/import-$name.err" \
        || { cat "$outdir/import-$name.out" "$outdir/import-$name.err" >&2; die "import $name failed"; }
}
rate() { awk -v r="$1" -v s="$2" 'BEGIN { if (s + 0 > 0) printf "%.0f", r / s; else print "n/a" }'; }

import_timed people people "$work/people.csv" --data "$prep"
people_secs=$(wall_of "$outdir/import-people.time")
grep -q "^$npeople rows: $npeople new" "$outdir/import-people.out" \
    || die "import people: $(cat "$outdir/import-people.out")"

# --- 3. the plan, through the JSON API ------------------------------------------
port=$(pick_port)
serve_start "$prep" "$port"
base="http://127.0.0.1:$port"

cat >"$work/plan.mjs" <<'EOF'
// plan.mjs BASE TOKEN setup DIR INSTITUTION OCCUPATION NCAND NROOMS ROOM_SIZE -> plan id
// plan.mjs BASE TOKEN start PLAN
// One keep-alive client, one request at a time (each one is a transaction).
import fs from 'node:fs';
const [base, token, what, ...args] = process.argv.slice(2);
let calls = 0;
async function api(path, json) {
	calls++;
	const r = await fetch(base + path, {
		method: json ? 'POST' : 'GET',
		headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
		body: json && JSON.stringify(json),
	});
	const text = await r.text();
	if (r.status >= 300) throw new Error(`${json ? 'POST' : 'GET'} ${path}: ${r.status} ${text}`);
	return JSON.parse(text);
}
const lines = (f) => fs.readFileSync(f, 'utf8').trim().split('\n');
if (what === 'setup') {
	const [dir, institution, occupation, ncand, nrooms, roomSize] = args;
	const std = (await api('/api/v1/standards')).items.find((s) => s.occupation_code === occupation);
	if (!std) throw new Error(`no standard for ${occupation}`);
	const plan = (await api('/api/v1/plans', { institution_id: Number(institution), standard_id: std.id, level: 5, capacity: Number(ncand) })).id;
	const rooms = [];
	for (let r = 0; r < Number(nrooms); r++)
		rooms.push((await api(`/api/v1/plans/${plan}/rooms`, { name: `第${r + 1}考场`, capacity: Number(roomSize) })).id);
	const to = new Date(Date.now() + 5 * 365 * 86400e3).toISOString().slice(0, 10);
	for (const id of lines(`${dir}/assessors.txt`)) {
		const p = await api('/api/v1/people/lookup', { id_number: id });
		await api(`/api/v1/people/${p.id}/qualifications`, { occupation_code: occupation, grade: 'assessor', max_level: 3, valid_from: '2020-01-01', valid_to: to });
		await api(`/api/v1/plans/${plan}/staff`, { person_id: p.id, role: 'assessor' });
	}
	for (const line of lines(`${dir}/proctors.txt`)) {
		const [id, r] = line.split(' ');
		const p = await api('/api/v1/people/lookup', { id_number: id });
		await api(`/api/v1/plans/${plan}/staff`, { person_id: p.id, role: 'proctor', room_id: rooms[Number(r)] });
	}
	console.log(`${plan} ${calls}`);
} else if (what === 'start') {
	const [plan] = args;
	const v = (await api(`/api/v1/plans/${plan}`)).staffing_violations || [];
	if (v.length) throw new Error(`staffing violations: ${JSON.stringify(v)}`);
	for (const action of ['submit', 'approve', 'start']) await api(`/api/v1/plans/${plan}/act`, { action });
	const p = await api(`/api/v1/plans/${plan}`);
	if (p.status !== 'in_progress') throw new Error(`plan ${plan} is ${p.status}`);
	console.log(`${p.enrolments.length} ${p.staff.length}`);
}
EOF
log "staffing the plan through the API"
t0=$(now)
read -r plan api_calls < <(node "$work/plan.mjs" "$base" "$token" setup "$work" "$station" "$occupation" \
    "$ncand" "$nrooms" "$room_size" 2>"$work/plan.err") || { cat "$work/plan.err" >&2; die "plan setup failed"; }
[[ -n "${plan:-}" ]] || { cat "$work/plan.err" >&2; die "plan setup failed"; }
staff_secs=$(secs "$t0" "$(now)")

log "importing the enrolments"
import_timed enrolments enrolments "$work/enrolments.csv" --plan "$plan" --data "$prep"
enrol_secs=$(wall_of "$outdir/import-enrolments.time")
grep -q "^$ncand rows: $ncand new" "$outdir/import-enrolments.out" \
    || die "import enrolments: $(cat "$outdir/import-enrolments.out")"

read -r n_enrolled n_staff < <(node "$work/plan.mjs" "$base" "$token" start "$plan" 2>"$work/plan.err") \
    || { cat "$work/plan.err" >&2; die "starting the plan failed"; }
[[ "${n_enrolled:-}" == "$ncand" ]] || { cat "$work/plan.err" >&2; die "plan $plan has ${n_enrolled:-?} enrolments"; }
[[ "${n_staff:-}" == "$(( nass + nproc_total ))" ]] || die "plan $plan has ${n_staff:-?} staff, $(( nass + nproc_total )) expected"

serve_stop
[[ ! -e "$prep/skillcert.db-wal" ]] || log "note: the prepared database still has a WAL file (copied with it)"
prep_mb=$(du -sm "$prep" | awk '{print $1}')

# --- 4. the scores, each into a fresh copy of the prepared database -----------
# scores NAME FILE ROWS
scores() {
    local name=$1 file=$2 want=$3 data="$work/data-$1" got
    cp -a "$prep" "$data"
    log "skillcert import scores: $want rows ($name)"
    import_timed "scores-$name" scores "$file" --plan "$plan" --data "$data"
    grep -q "^$want rows: $want new, 0 updated, 0 unchanged, 0 with problems" "$outdir/import-scores-$name.out" \
        || die "import scores $name: $(cat "$outdir/import-scores-$name.out")"
    got=$(sqlite3 "file:$data/skillcert.db?mode=ro" 'SELECT count(*) FROM score_entry')
    [[ "$got" == "$want" ]] || die "import scores $name: $got score entries stored, $want expected"
    db_mb[$name]=$(awk -v b="$(stat -c %s "$data/skillcert.db")" 'BEGIN { printf "%.0f", b / 1048576 }')
    rm -rf "$data"
}
declare -A db_mb=()
scores prefix "$work/scores-prefix.csv" "$rows_prefix"
scores 1m "$work/scores.csv" "$rows_1m"
scores 2x "$work/scores-2x.csv" "$rows_2x"

# --- 5. sqlite3 .import into a bare table ----------------------------------------
log "sqlite3 .import: $rows_1m rows"
bare="$work/bare.db"
/usr/bin/time -v -o "$outdir/import-sqlite3.time" sqlite3 "$bare" '.mode csv' ".import $work/scores.csv scores" \
    >"$outdir/import-sqlite3.out" 2>&1 || { cat "$outdir/import-sqlite3.out" >&2; die "sqlite3 .import failed"; }
got=$(sqlite3 "$bare" 'SELECT count(*) FROM scores')
[[ "$got" == "$rows_1m" ]] || die "sqlite3 .import stored $got rows, $rows_1m expected"
bare_mb=$(awk -v b="$(stat -c %s "$bare")" 'BEGIN { printf "%.0f", b / 1048576 }')

# --- 6. report --------------------------------------------------------------------
declare -A wall=() rss=() rps=()
for n in prefix 1m 2x; do
    wall[$n]=$(wall_of "$outdir/import-scores-$n.time")
    rss[$n]=$(rss_of "$outdir/import-scores-$n.time")
done
wall[sqlite3]=$(wall_of "$outdir/import-sqlite3.time")
rss[sqlite3]=$(rss_of "$outdir/import-sqlite3.time")
rps[prefix]=$(rate "$rows_prefix" "${wall[prefix]}")
rps[1m]=$(rate "$rows_1m" "${wall[1m]}")
rps[2x]=$(rate "$rows_2x" "${wall[2x]}")
rps[sqlite3]=$(rate "$rows_1m" "${wall[sqlite3]}")
ratio=$(awk -v a="${rps[1m]}" -v b="${rps[sqlite3]}" 'BEGIN {
    if (a ~ /^[0-9.]+$/ && b ~ /^[0-9.]+$/ && b + 0 > 0) printf "%.2f", a / b; else print "n/a" }')
aim=$(awk -v r="$ratio" 'BEGIN { if (r !~ /^[0-9.]+$/) print "n/a"; else if (r >= 0.5) print "met"; else print "not met" }')

sc_version=$(sc_version)
commit=$(repo_commit)
sq_version=$(sqlite3 --version | awk '{print $1}')
time_version=$(time_version)
cpu=$(cpu_model)
fs_type=$(df -T "$work" 2>/dev/null | awk 'NR == 2 {print $2}')

section=$(
    echo "<!-- bench:import:begin -->"
    echo "## Import: skillcert vs sqlite3 .import (bench/import.sh)"
    echo
    echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- Machine: $(nproc) CPUs, ${cpu:-unknown CPU}; files and databases in one directory (${fs_type:-one file system})"
    echo "- Versions: skillcert ${sc_version:-n/a}${commit:+, repository HEAD $commit}; SQLite $sq_version (the sqlite3 shell and the library skillcert links); GNU time $time_version"
    echo "- File: CSV, UTF-8, $(grp "$rows_1m") rows ($csv_mb MiB): $(grp "$ncand") candidates × (1 theory + $practical practical rows from $practical different assessors)"
    echo "- skillcert: \`skillcert import scores FILE --plan ID\` into a plan in progress ($(grp "$ncand") enrolled, $(grp "$nass") assessors, $(grp "$nproc_total") proctors in $nrooms rooms);"
    echo "  every row checked (ID number, enrolment, component, score, status, assessor staffed, lock, duplicate) and stored in one transaction;"
    echo "  each run on a fresh copy of the same prepared database ($prep_mb MiB), and every row counted back in \`score_entry\`"
    echo "- sqlite3: \`sqlite3 NEW.db '.mode csv' '.import FILE scores'\`: a new table from the header, no keys, no indexes, the shell's defaults"
    echo "- Time and peak RSS: \`/usr/bin/time -v\` around each process (start to exit)"
    echo
    echo "| run | rows | wall time | rows/s | peak RSS | database |"
    echo "|---|---:|---:|---:|---:|---:|"
    echo "| skillcert \`import scores\`, the file | $(grp "$rows_1m") | ${wall[1m]} s | $(grp "${rps[1m]}") | ${rss[1m]} MiB | ${db_mb[1m]} MiB |"
    echo "| sqlite3 \`.import\`, the same file, bare table | $(grp "$rows_1m") | ${wall[sqlite3]} s | $(grp "${rps[sqlite3]}") | ${rss[sqlite3]} MiB | $bare_mb MiB |"
    echo "| skillcert, its first $(grp "$rows_prefix") rows | $(grp "$rows_prefix") | ${wall[prefix]} s | $(grp "${rps[prefix]}") | ${rss[prefix]} MiB | ${db_mb[prefix]} MiB |"
    echo "| skillcert, $(grp "$rows_2x") rows (1 + $practical2 per candidate) | $(grp "$rows_2x") | ${wall[2x]} s | $(grp "${rps[2x]}") | ${rss[2x]} MiB | ${db_mb[2x]} MiB |"
    echo
    echo "- Ratio skillcert / sqlite3 (rows/s, the same $(grp "$rows_1m")-row file): **$ratio** (aim: at least 0.50 — $aim)"
    echo "- Setup, not part of the ratio: writing the files ${gen_secs} s (node);"
    echo "  \`import people\` $(grp "$npeople") rows ${people_secs} s;"
    echo "  plan, rooms, qualifications and staff through the API ($(grp "$api_calls") requests, one at a time) ${staff_secs} s;"
    echo "  \`import enrolments\` $(grp "$ncand") rows with $(grp "$nass") assessors already staffed ${enrol_secs} s"
    echo "<!-- bench:import:end -->"
)

write_section '<!-- bench:import:begin -->' '<!-- bench:import:end -->' '<!-- bench:http:end -->'
log "wrote $doc (raw outputs in $outdir/import-*)"
