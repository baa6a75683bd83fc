#!/usr/bin/env bash
# run.sh [SECONDS [DRIVER...]] - runs each libFuzzer driver of build/fuzz/
# (built by `make fuzz-bin`) for SECONDS (default 60), one after another,
# over a fresh copy of its seed corpus tests/fuzz/corpus/<name>/ and with
# its dictionary tests/fuzz/<name>.dict when there is one. DRIVER names
# (e.g. "json csv_utf8") pick some drivers; default all.
#
# A crash, a sanitizer report, a leak, a timeout (10 s for one input) or
# an out-of-memory (2 GB) fails the driver: its report is printed, and the
# input that caused it is kept in build/fuzz/artifacts/<name>/ and shown.
# New inputs the fuzzer found stay in build/fuzz/runs/<name>/ (copy the
# interesting ones into the corpus by hand; libFuzzer's -merge=1 picks a
# minimal set).
#
# Prints one line per driver (executions, speed, coverage) and ends with
# "fuzz: N passed, N failed"; exits 1 when any failed.
set -u
cd "$(dirname "$0")/../.."

seconds=${1:-60}
shift || true
if [ $# -gt 0 ]; then
	names=("$@")
else
	names=()
	for f in tests/fuzz/fuzz_*.c; do
		n=${f#tests/fuzz/fuzz_}
		names+=("${n%.c}")
	done
fi

passed=0 failed=0
for name in "${names[@]}"; do
	bin=build/fuzz/fuzz_$name
	work=build/fuzz/runs/$name
	art=build/fuzz/artifacts/$name
	log=build/fuzz/runs/$name.log
	if [ ! -x "$bin" ]; then
		echo "fuzz_$name: FAILED, $bin not built (make fuzz-bin)"
		failed=$((failed + 1))
		continue
	fi
	rm -rf "$work"
	mkdir -p "$work" "$art"
	[ -d "tests/fuzz/corpus/$name" ] && cp -r "tests/fuzz/corpus/$name/." "$work/"
	dict=()
	[ -f "tests/fuzz/$name.dict" ] && dict=("-dict=tests/fuzz/$name.dict")
	before=$(ls "$art" | wc -l)
	"$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$art/" "${dict[@]}" \
		"$work" >"$log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
	speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
	cov=$(grep -E '^#[0-9]+' "$log" | tail -1 | sed -n 's/.*cov: \([0-9]*\) ft: \([0-9]*\) corp: \([0-9]*\).*/cov \1, ft \2, corpus \3/p')
	new=$(ls -t "$art" | head -n $(($(ls "$art" | wc -l) - before)))
	if [ "$rc" -eq 0 ] && [ -z "$new" ]; then
		echo "fuzz_$name: ok, ${execs:-0} execs in ${seconds} s (${speed:-0}/s), ${cov:-no coverage figures}"
		passed=$((passed + 1))
	else
		echo "fuzz_$name: FAILED (exit $rc), ${execs:-0} execs"
		grep -E -A40 '^==[0-9]+==ERROR|runtime error|^==[0-9]+== ERROR|ALARM|out-of-memory|deadly signal' "$log" | head -60
		for f in $new; do
			echo "--- input kept in $art/$f (first 256 bytes):"
			od -A d -c "$art/$f" | head -16
		done
		failed=$((failed + 1))
	fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
