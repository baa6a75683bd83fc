#!/usr/bin/env bash
# run.sh - every test tier, in order, as `make test` runs them:
#
#   source   include rule between layers, banned calls (check-source.sh)
#   format   every C file as .clang-format writes it (make format-check)
#   unit     cmocka tests of base/ and core/ (tests/unit; test_comp_judge
#            an app-level one on a throwaway SQLite database)
#   fuzz     each libFuzzer driver of tests/fuzz/ for a few seconds over
#            its seed corpus (clang build in build/fuzz/, tests/fuzz/run.sh)
#   store    the store contract suite on SQLite and on a throwaway
#            PostgreSQL cluster started here (tests/store, tests/lib/pg.sh)
#   e2e      the real binary on a free loopback port, both engines
#            (tests/e2e, node --test), its API calls recorded
#   openapi  every recorded API call validated against the OpenAPI
#            description (tests/e2e/openapi_check.mjs)
#   browser  Debian's Chromium driven by playwright-core (tests/browser)
#   asan     unit, store and e2e again against an ASan + UBSan build
#            (the e2e on SQLite only: the PostgreSQL engine's code runs
#            under ASan in the store contract, its e2e paths plain above)
#
# Every tier's own output is shown; the run ends with one line
# "N passed, N failed" that adds up every test case, and exits 1 when any
# failed. A tier that dies without reporting counts counts as one failure;
# so does a tier that runs past its time limit (the second argument of
# each tier call below: a hang fails the run instead of holding it).
set -u
cd "$(dirname "$0")/.."
root=$PWD

PASSED=0
FAILED=0
# test files run at once in the e2e tiers (run_node)
JOBS=${SKILLCERT_TEST_JOBS:-2}
FAILED_TIERS=()
LOGDIR=$(mktemp -d)
export LOGDIR

# counts LOG: reads "[  PASSED  ] N" / "[  FAILED  ] N" (cmocka),
# "# pass N" / "# fail N" (node's TAP reporter) and "NAME: N passed, N failed"
# lines, and adds them up into $p and $f.
counts() {
	p=0 f=0
	local n
	while IFS= read -r n; do p=$((p + n)); done < <(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p; s/^# pass \([0-9]*\)$/\1/p; s/^[a-z-]*: \([0-9]*\) passed, [0-9]* failed$/\1/p' "$1")
	while IFS= read -r n; do f=$((f + n)); done < <(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p; s/^# fail \([0-9]*\)$/\1/p; s/^[a-z-]*: [0-9]* passed, \([0-9]*\) failed$/\1/p' "$1")
}

# descendants PID: every process below PID, deepest first.
descendants() {
	local c
	for c in $(ps -o pid= --ppid "$1" 2>/dev/null); do
		descendants "$c"
		echo "$c"
	done
}

# tier NAME LIMIT COMMAND... : runs the command, shows its output, adds its
# counts. A tier still running after LIMIT seconds is stopped (SIGTERM to
# everything it started, SIGKILL 15 s later) and counts as one failure more:
# a hanging test fails the run instead of holding it forever.
tier() {
	local name=$1 limit=$2
	shift 2
	local log="$LOGDIR/$name.log" rc start pid watch procs
	start=$(date +%s)
	echo "=== $name (limit $limit s)"
	"$@" >"$log" 2>&1 &
	pid=$!
	(
		sleep "$limit" || exit 0 # stopped early: the tier ended in time
		echo "TIMEOUT" >"$log.timeout"
		procs=$(descendants "$pid")
		kill -TERM $procs "$pid" 2>/dev/null
		sleep 15
		kill -KILL $procs "$pid" 2>/dev/null
	) </dev/null >/dev/null 2>&1 &
	watch=$!
	wait "$pid"
	rc=$?
	procs=$(descendants "$watch")
	kill "$watch" 2>/dev/null
	kill $procs 2>/dev/null
	wait "$watch" 2>/dev/null
	cat "$log"
	counts "$log"
	if [ -e "$log.timeout" ]; then
		stop_pgclusters
		echo "=== $name: TIMED OUT after $limit s (stopped; the last test shown above was running)"
		f=$((f + 1))
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # died without saying which test failed
	fi
	PASSED=$((PASSED + p))
	FAILED=$((FAILED + f))
	[ "$f" -gt 0 ] && FAILED_TIERS+=("$name")
	echo "=== $name: $p passed, $f failed ($(($(date +%s) - start)) s)"
}

run_format() { # every C file as .clang-format writes it (make format)
	if make --no-print-directory format-check; then
		echo "format: 1 passed, 0 failed"
	else
		echo "format: 0 passed, 1 failed (make format rewrites the files named above)"
		return 1
	fi
}

run_unit() { # BUILD_DIR
	local rc=0 t
	for t in "$1"/tests/test_*; do
		case $t in *.d) continue ;; esac
		"$t" || rc=1
	done
	return $rc
}

run_fuzz() { # SECONDS per driver
	make --no-print-directory -j2 fuzz-bin >"$LOGDIR/build-fuzz.log" 2>&1 ||
		{ cat "$LOGDIR/build-fuzz.log"; echo "fuzz: 0 passed, 1 failed"; return 1; }
	bash tests/fuzz/run.sh "$1"
}

run_store() { # BUILD_DIR
	local rc=0 dir
	dir=$(mktemp -d)
	echo "--- store contract on sqlite"
	SKILLCERT_TEST_DB="sqlite:$dir/contract.db" "$1/tests/store_contract" || rc=1
	echo "--- store contract on postgresql"
	SKILLCERT_TEST_DB=$(pg_new_db "contract_$RANDOM$RANDOM") "$1/tests/store_contract" || rc=1
	rm -rf "$dir"
	return $rc
}

# run_node DIR [BIN [JOBS]]: DIR's test files in JOBS node processes at
# once (node's own runner takes one file at a time on two cores, and a
# file mostly waits on its server), the files dealt out biggest first to
# the lightest process; each one's TAP printed whole, one after the other.
run_node() {
	local files=("$1"/*.test.mjs) jobs=${3:-1} i j f rc=0
	[ -e "${files[0]}" ] || { echo "no tests in $1"; return 1; }
	export SKILLCERT_BIN=${2:-./skillcert} SKILLCERT_TEST_PG_ADMIN=$SKILLCERT_TEST_PG
	if [ "$jobs" -le 1 ]; then
		node --test --test-reporter=tap "${files[@]}"
		return
	fi
	local -a load shard pids
	for ((j = 0; j < jobs; j++)); do load[j]=0 shard[j]=""; done
	while read -r _ f; do
		i=0
		for ((j = 1; j < jobs; j++)); do [ "${load[j]}" -lt "${load[i]}" ] && i=$j; done
		load[i]=$((load[i] + $(wc -c <"$f")))
		shard[i]+="$f "
	done < <(wc -c "${files[@]}" | grep -v ' total$' | sort -rn)
	for ((j = 0; j < jobs; j++)); do
		# shellcheck disable=SC2086 # the shard is a list of paths without spaces
		node --test --test-reporter=tap ${shard[j]} >"$LOGDIR/node.$j.tap" 2>&1 &
		pids[j]=$!
	done
	for ((j = 0; j < jobs; j++)); do
		wait "${pids[j]}" || rc=1
		cat "$LOGDIR/node.$j.tap"
	done
	return $rc
}

# the e2e tests with their API traffic recorded (tests/e2e/lib.mjs) for
# the openapi tier; the ASan run records nothing
run_e2e() {
	rm -rf "$LOGDIR/openapi"
	export SKILLCERT_OPENAPI_LOG="$LOGDIR/openapi"
	run_node tests/e2e ./skillcert "$JOBS"
}

# the e2e tests against the ASan build, on SQLite only (above); in a
# subshell, so that no other tier sees PostgreSQL switched off
run_asan_e2e() {
	(
		SKILLCERT_TEST_PG=
		run_node tests/e2e build/asan/skillcert "$JOBS"
	)
}

# the recorded traffic against the OpenAPI description (docs/api.md)
run_openapi() {
	node tests/e2e/openapi_check.mjs "$LOGDIR/openapi" --bin ./skillcert
}

# shellcheck source=tests/lib/pg.sh
. tests/lib/pg.sh
# the clusters tests/lib/pgcluster.mjs started (their data directories,
# one a line): stopped here too, for a test file killed at its tier's limit
export PGCLUSTER_REGISTRY="$LOGDIR/pgclusters"
stop_pgclusters() {
	local d
	[ -f "$PGCLUSTER_REGISTRY" ] || return 0
	while IFS= read -r d; do
		[ -f "$d/postmaster.pid" ] || continue
		if [ "$(id -u)" -eq 0 ]; then
			runuser -u "$(stat -c %U "$d")" -- "$_pg_bin/pg_ctl" stop -w -t 10 -s -m immediate -D "$d" >/dev/null 2>&1
		else
			"$_pg_bin/pg_ctl" stop -w -t 10 -s -m immediate -D "$d" >/dev/null 2>&1
		fi
		case $d in */skillcert-*/data) [ -n "${PGCLUSTER_KEEP:-}" ] || rm -rf "${d%/data}" ;; esac
	done <"$PGCLUSTER_REGISTRY"
	: >"$PGCLUSTER_REGISTRY"
}
cleanup() { stop_pgclusters; pg_stop; rm -rf "$LOGDIR"; }
trap cleanup EXIT

echo "=== build"
if ! make --no-print-directory -j2 tests-bin >"$LOGDIR/build.log" 2>&1; then
	cat "$LOGDIR/build.log"
	echo "build failed"
	echo "0 passed, 1 failed"
	exit 1
fi
if ! pg_start >"$LOGDIR/pg.log" 2>&1; then
	cat "$LOGDIR/pg.log"
	echo "could not start the test PostgreSQL"
	echo "0 passed, 1 failed"
	exit 1
fi

tier source 120 bash tests/check-source.sh
tier format 120 run_format
tier unit 300 run_unit build/release
tier fuzz 900 run_fuzz 4
tier store 300 run_store build/release
tier e2e 1500 run_e2e
tier openapi 300 run_openapi
tier browser 600 run_node tests/browser

echo "=== build (asan)"
if make --no-print-directory -j2 MODE=asan tests-bin >"$LOGDIR/build-asan.log" 2>&1; then
	# leak detection stays on whatever ASAN_OPTIONS the shell brings (the
	# last setting of an option wins)
	export ASAN_OPTIONS="${ASAN_OPTIONS:-abort_on_error=0}:detect_leaks=1"
	# fontconfig keeps a fixed cache that LeakSanitizer cannot trace (see
	# tests/lsan.supp); GLib's slice allocator would hide our own leaks
	export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
	export G_SLICE=always-malloc
	export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
	tier asan-unit 600 run_unit build/asan
	tier asan-store 600 run_store build/asan
	tier asan-e2e 2400 run_asan_e2e
else
	cat "$LOGDIR/build-asan.log"
	FAILED=$((FAILED + 1))
	FAILED_TIERS+=("asan-build")
fi

# digest LOG: one line per failed test of a tier's log (node's TAP: the
# leaf "not ok" with its file:line and first error line; cmocka's
# "[  FAILED  ]"; the fuzz and openapi tiers' "FAILED"/"FAIL:" lines; a
# time-out), at most 12: printed last, where a CI log's tail shows them.
digest() {
	awk '
	function flush() {
		if (name != "" && !suite) print "  " name (loc != "" ? "  (" loc ")" : "") (err != "" ? "  " err : "")
		name = ""; loc = ""; err = ""; suite = 0; inerr = 0
	}
	/^ *not ok [0-9]+ - / { flush(); name = $0; sub(/^ *not ok [0-9]+ - /, "", name); next }
	/^ *ok [0-9]+ - / { flush(); next }
	name != "" && /^ *type: .suite./ { suite = 1 }
	name != "" && /^ *location: / { loc = $0; sub(/^ *location: .*\/tests\//, "tests/", loc); sub(/.$/, "", loc) }
	name != "" && inerr == 1 && err == "" { err = $0; sub(/^ */, "", err); inerr = 0 }
	name != "" && /^ *error: \|-?$/ { inerr = 1; next }
	name != "" && /^ *error: ./ { err = $0; sub(/^ *error: /, "", err) }
	/^\[  FAILED  \] [a-z_]/ || /: FAILED/ || /^FAIL: / || /TIMED OUT/ { flush(); print "  " substr($0, 1, 200) }
	END { flush() }' "$1" | cut -c1-240 | head -12
}

echo
if [ ${#FAILED_TIERS[@]} -gt 0 ]; then
	echo "failed tiers: ${FAILED_TIERS[*]}"
	for t in "${FAILED_TIERS[@]}"; do
		[ -f "$LOGDIR/$t.log" ] || continue
		echo "failed in $t:"
		digest "$LOGDIR/$t.log"
		[ -e "$LOGDIR/$t.log.timeout" ] && echo "  (stopped at its time limit)"
	done
fi
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
