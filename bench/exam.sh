#!/usr/bin/env bash
# bench/exam.sh - the online exam under load (issue 19): 300 candidates
# saving answers at once, on SQLite and on PostgreSQL (bench/exam.mjs does
# the work; this script gives it a PostgreSQL cluster).
#
# Run from anywhere after `./skillcert` is built in the repo root (make bench):
#   1. starts a private PostgreSQL cluster (tests/lib/pg.sh with
#      PG_DURABLE=1: fsync, synchronous_commit and full_page_writes on, as a
#      real server runs) in a temp dir, stopped and removed on exit;
#   2. runs `node bench/exam.mjs` with BENCH_EXAM_PG (the cluster's URL) and
#      BENCH_EXAM_PG_DIR (its directory, to sum its processes' CPU time):
#      on each engine a plan of 300 candidates, a paper of 100 items, the
#      sitting opened, everyone signed in, then autocannon (npm) with one
#      connection per candidate: saves paced 2-8 s apart, once a second,
#      saturated, and all 300 handing in; the figures between the
#      bench:exam markers of docs/performance.md, printed too.
# Exits non-zero when a step fails or a request errs or answers non-2xx.
# Knobs (environment): BENCH_EXAM_ONLY=sqlite (no PostgreSQL), and
# bench/exam.mjs's: SKILLCERT_BIN, BENCH_EXAM_CANDIDATES (300),
# BENCH_EXAM_DURATION (30 s a run), BENCH_EXAM_THINK (2-8), NO_DOCS=1.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # changes to the repository's root

[[ -x "$bin_src" ]] || die "$bin_src not found or not executable (run make first)"
need_tools node sqlite3
node -e 'require("autocannon")' 2>/dev/null || die "the npm package autocannon is missing (make deps installs it)"
export SKILLCERT_BIN=$bin_src

if [[ "${BENCH_EXAM_ONLY:-}" == sqlite ]]; then
    exec node bench/exam.mjs
fi
need_tools psql
# shellcheck source=tests/lib/pg.sh
source tests/lib/pg.sh
trap pg_stop EXIT
trap 'exit 130' INT TERM
log "starting PostgreSQL (fsync on)"
PG_DURABLE=1 PG_EXTRA_OPTS="-c max_connections=200" pg_start >/dev/null || die "could not start PostgreSQL"
BENCH_EXAM_PG=$SKILLCERT_TEST_PG BENCH_EXAM_PG_DIR=$SKILLCERT_TEST_PG_DIR node bench/exam.mjs
