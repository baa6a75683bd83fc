/*
 * store_contract.c - the store contract: one suite, run unchanged against
 * every engine behind store/store.h.
 *
 *   SKILLCERT_TEST_DB=sqlite:/tmp/x/c.db build/release/tests/store_contract
 *   SKILLCERT_TEST_DB=postgresql://skillcert@127.0.0.1:PORT/db ...
 *
 * The caller hands in an EMPTY database each run. The tests run in the order
 * of the table in main(): opening, then migrations (which need the empty
 * database), then institutions, transactions and the pool, then accounts
 * (users, grants, ancestry, sessions, API tokens, rate limits), the
 * registry (counters, batches, applications, objections, status history,
 * scope, filings, inspections and findings, the registry's institution
 * fields, list filters, names in force, dashboard counts), the audit
 * chain, and last the "database newer than the binary" case, which
 * plants a schema_version row and removes it again.
 *
 * The audit tests share one chain: the first sees the all-zero genesis,
 * the others add to it and check the whole chain from seq 1 (every test
 * appends through store_audit_next, so it stays unbroken). Stored hashes
 * are deterministic stand-ins (the store does not compute them).
 *
 * Only store.h is used, except for raw_exec() and test_db_copy() (the bulk
 * insert under the store, store/db.h): the store has no raw-SQL API,
 * so planting that row, and trying to change audit records behind the
 * store's back, go straight to the engine (sqlite3 / libpq, both linked
 * already). That helper is test-only.
 *
 * Names used by different tests never overlap, and only the literal-match
 * test uses '%', '_' or '\' in names, so every count below is exact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <libpq-fe.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "store/db.h"
#include "store/store.h"

static const char *db_url;

static bool is_sqlite(void) { return strncmp(db_url, "sqlite:", 7) == 0; }

/* ---- test-only raw SQL, straight to the engine ---- */

static int raw_exec(const char *sql)
{
	if (is_sqlite()) {
		sqlite3 *db = NULL;
		char *msg = NULL;
		int rc;

		if (sqlite3_open_v2(db_url + 7, &db, SQLITE_OPEN_READWRITE, NULL) !=
		    SQLITE_OK) {
			print_error("raw_exec: cannot open %s\n", db_url + 7);
			sqlite3_close(db);
			return -1;
		}
		sqlite3_busy_timeout(db, 10000);
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
		if (rc != SQLITE_OK)
			print_error("raw_exec: %s\n", msg ? msg : "?");
		sqlite3_free(msg);
		sqlite3_close(db);
		return rc == SQLITE_OK ? 0 : -1;
	} else {
		PGconn *pg = PQconnectdb(db_url);
		PGresult *r;
		int ok;

		if (PQstatus(pg) != CONNECTION_OK) {
			print_error("raw_exec: %s", PQerrorMessage(pg));
			PQfinish(pg);
			return -1;
		}
		r = PQexec(pg, sql);
		ok = PQresultStatus(r) == PGRES_COMMAND_OK ||
		     PQresultStatus(r) == PGRES_TUPLES_OK;
		if (!ok)
			print_error("raw_exec: %s", PQresultErrorMessage(r));
		PQclear(r);
		PQfinish(pg);
		return ok ? 0 : -1;
	}
}

/* True when s contains the decimal number n as a whole number. */
static bool has_number(const char *s, long n)
{
	while (*s) {
		if (*s >= '0' && *s <= '9') {
			char *end;
			long v = strtol(s, &end, 10);

			if (v == n)
				return true;
			s = end;
		} else {
			s++;
		}
	}
	return false;
}

/* ---- fixture: an open store and an arena per test ---- */

struct fx {
	struct store *s;
	struct arena a;
	/* connections taken with acquire() and not yet given back with
	 * release(): teardown returns them when a failed assertion jumped out
	 * of the test, so that store_close() frees everything */
	struct store_conn *held[8];
};

static int open_store(void **state, int pool_max)
{
	struct fx *f = calloc(1, sizeof(*f));
	char err[512] = "";

	if (!f)
		return -1;
	if (store_open(db_url, pool_max, &f->s, err, sizeof(err)) != STORE_OK) {
		print_error("store_open(%s): %s\n", db_url, err);
		free(f);
		return -1;
	}
	arena_init(&f->a);
	*state = f;
	return 0;
}

static int setup(void **state) { return open_store(state, 0); }

static int teardown(void **state)
{
	struct fx *f = *state;

	if (f) {
		for (size_t i = 0; i < sizeof(f->held) / sizeof(f->held[0]); i++)
			if (f->held[i])
				store_release(f->held[i]);
		arena_release(&f->a);
		store_close(f->s);
		free(f);
	}
	*state = NULL;
	return 0;
}

static int migrate(struct fx *f)
{
	char err[512] = "";
	int from, to;

	if (store_migrate(f->s, &from, &to, err, sizeof(err)) != STORE_OK) {
		print_error("store_migrate: %s\n", err);
		return -1;
	}
	if (to != store_schema_latest()) {
		print_error("store_migrate reached %d, not %d\n", to, store_schema_latest());
		return -1;
	}
	return 0;
}

/* Opens the store, migrated. */
static int setup_migrated(void **state)
{
	if (setup(state))
		return -1;
	if (migrate(*state)) {
		teardown(state);
		return -1;
	}
	return 0;
}

static struct store_conn *acquire(struct fx *f)
{
	struct store_conn *c = store_acquire(f->s);
	size_t i;

	assert_non_null(c);
	for (i = 0; i < sizeof(f->held) / sizeof(f->held[0]); i++)
		if (!f->held[i])
			break;
	assert_true(i < sizeof(f->held) / sizeof(f->held[0]));
	f->held[i] = c;
	return c;
}

static void release(struct fx *f, struct store_conn *c)
{
	for (size_t i = 0; i < sizeof(f->held) / sizeof(f->held[0]); i++)
		if (f->held[i] == c)
			f->held[i] = NULL;
	store_release(c);
}

static struct institution inst(const char *name, const char *type, const char *province)
{
	struct institution in;

	memset(&in, 0, sizeof(in));
	in.name = name;
	in.type = type;
	in.province = province;
	in.credit_code = "";
	in.created_at = in.updated_at = "2026-01-02T03:04:05Z";
	return in;
}

static long long insert_ok(struct store_conn *c, const struct institution *in)
{
	long long id = 0;
	int rc = store_institution_insert(c, in, &id);

	if (rc != STORE_OK)
		fail_msg("insert \"%s\": rc %d: %s", in->name, rc, store_errmsg(c));
	assert_true(id > 0);
	return id;
}

/* Total of a list by name substring. */
static long long count_q(struct store_conn *c, struct arena *a, const char *q)
{
	struct institution_filter flt = {.q = q, .limit = 10};
	struct institution *items;
	size_t n;
	long long total = -1;
	int rc = store_institution_list(c, a, &flt, &items, &n, &total);

	if (rc != STORE_OK)
		fail_msg("list q=\"%s\": rc %d: %s", q, rc, store_errmsg(c));
	return total;
}

/* ---- opening ---- */

static void test_open_bad_url(void **state)
{
	static const char *const bad[] = {
		"mysql://x", "", "sqlite", "file:/tmp/x.db", "postgresqlx://h/db",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct store *s = (struct store *)&s; /* not NULL */
		char err[512] = "";

		assert_int_not_equal(store_open(bad[i], 0, &s, err, sizeof(err)), STORE_OK);
		assert_null(s);
		if (bad[i][0] && !strstr(err, bad[i]))
			fail_msg("error for \"%s\" does not name the URL: %s", bad[i], err);
		assert_true(err[0] != '\0');
	}
}

static void test_open_sqlite_missing_dir(void **state)
{
	struct store *s = (struct store *)&s;
	char err[512] = "";

	(void)state;
	assert_int_not_equal(store_open("sqlite:/nonexistent-skillcert-dir/sub/c.db", 0,
					&s, err, sizeof(err)),
			     STORE_OK);
	assert_null(s);
	assert_non_null(strstr(err, "/nonexistent-skillcert-dir/sub/c.db"));
	/* an empty path is refused too */
	s = (struct store *)&s;
	err[0] = '\0';
	assert_int_not_equal(store_open("sqlite:", 0, &s, err, sizeof(err)), STORE_OK);
	assert_null(s);
	assert_true(err[0] != '\0');
}

static void test_open_pg_unreachable(void **state)
{
	struct store *s = (struct store *)&s;
	char err[512] = "";

	(void)state;
	/* port 1 on loopback: nothing listens, the refusal is immediate */
	assert_int_not_equal(store_open("postgresql://skillcert@127.0.0.1:1/x?connect_timeout=3",
					0, &s, err, sizeof(err)),
			     STORE_OK);
	assert_null(s);
	assert_true(err[0] != '\0');
	assert_null(strchr(err, '\n')); /* one line */
}

static void test_engine(void **state)
{
	struct fx *f = *state;

	assert_string_equal(store_engine(f->s), is_sqlite() ? "sqlite" : "postgresql");
}

/* ---- migrations ---- */

static void test_empty_database(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	int v = -1;
	char err[512] = "";

	assert_int_equal(store_schema_version(c, &v), STORE_OK);
	assert_int_equal(v, 0);
	release(f, c);
	/* an empty database is not usable yet, and the message says so */
	assert_int_not_equal(store_check_schema(f->s, err, sizeof(err)), STORE_OK);
	assert_true(has_number(err, 0));
	assert_true(has_number(err, store_schema_latest()));
}

struct migrator {
	struct store *s;
	int rc, from, to;
	char err[512];
};

static void *migrator_main(void *arg)
{
	struct migrator *m = arg;

	m->rc = store_migrate(m->s, &m->from, &m->to, m->err, sizeof(m->err));
	return NULL;
}

/*
 * Two stores (as two processes would) migrate the empty database at the
 * same time: migrations are serialised, so exactly one goes 0 -> latest and
 * the other finds nothing to do.
 */
static void test_migrate(void **state)
{
	struct fx *f = *state;
	struct store_conn *c;
	struct migrator m[2];
	pthread_t th[2];
	int latest = store_schema_latest(), v = -1, first;
	char err[512] = "";

	assert_true(latest >= 1);
	memset(m, 0, sizeof(m));
	m[0].s = f->s;
	assert_int_equal(store_open(db_url, 2, &m[1].s, err, sizeof(err)), STORE_OK);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&th[i], NULL, migrator_main, &m[i]), 0);
	for (int i = 0; i < 2; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	store_close(m[1].s);
	for (int i = 0; i < 2; i++)
		if (m[i].rc != STORE_OK)
			fail_msg("store_migrate %d: %s", i, m[i].err);
	first = m[0].from == 0 ? 0 : 1;
	assert_int_equal(m[first].from, 0);
	assert_int_equal(m[first].to, latest);
	assert_int_equal(m[!first].from, latest);
	assert_int_equal(m[!first].to, latest);

	c = acquire(f);
	assert_int_equal(store_schema_version(c, &v), STORE_OK);
	assert_int_equal(v, latest);
	release(f, c);
	assert_int_equal(store_check_schema(f->s, err, sizeof(err)), STORE_OK);
}

static void test_migrate_again_noop(void **state)
{
	struct fx *f = *state;
	int latest = store_schema_latest(), from = -1, to = -1;
	char err[512] = "";

	if (store_migrate(f->s, &from, &to, err, sizeof(err)) != STORE_OK)
		fail_msg("store_migrate (again): %s", err);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
	assert_int_equal(store_check_schema(f->s, err, sizeof(err)), STORE_OK);
}

/* A second store on the same database sees the same schema. */
static void test_schema_seen_by_new_store(void **state)
{
	struct store *s2 = NULL;
	char err[512] = "";

	(void)state;
	assert_int_equal(store_open(db_url, 2, &s2, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_check_schema(s2, err, sizeof(err)), STORE_OK);
	store_close(s2);
}

/* ---- institutions ---- */

static void test_insert_get(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution p = inst("机械工业职业技能鉴定指导中心", "center", "11");
	struct institution k = inst("新疆高技能人才培养基地", "training_base", "65");
	struct institution got;
	long long pid, kid, kid2;

	p.credit_code = "91110108123456788E";
	p.created_at = "2025-03-04T05:06:07Z";
	p.updated_at = "2025-03-05T00:00:00Z";
	pid = insert_ok(c, &p);
	k.parent_id = pid;
	k.credit_code = NULL; /* stored as "" */
	kid = insert_ok(c, &k);
	assert_true(kid > pid);
	{
		struct institution k2 = inst("江苏省高技能人才培养基地", "training_base",
					     "32");

		kid2 = insert_ok(c, &k2);
		assert_true(kid2 > kid);
	}

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_institution_get(c, &f->a, pid, &got), STORE_OK);
	assert_int_equal(got.id, pid);
	assert_int_equal(got.parent_id, 0);
	assert_string_equal(got.name, "机械工业职业技能鉴定指导中心");
	assert_string_equal(got.type, "center");
	assert_string_equal(got.province, "11");
	assert_string_equal(got.credit_code, "91110108123456788E");
	assert_string_equal(got.created_at, "2025-03-04T05:06:07Z");
	assert_string_equal(got.updated_at, "2025-03-05T00:00:00Z");

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_institution_get(c, &f->a, kid, &got), STORE_OK);
	assert_int_equal(got.id, kid);
	assert_int_equal(got.parent_id, pid);
	assert_string_equal(got.name, "新疆高技能人才培养基地");
	assert_string_equal(got.type, "training_base");
	assert_string_equal(got.province, "65");
	assert_non_null(got.credit_code);
	assert_string_equal(got.credit_code, "");
	assert_string_equal(got.created_at, "2026-01-02T03:04:05Z");
	assert_string_equal(got.updated_at, "2026-01-02T03:04:05Z");
	release(f, c);
}

static void test_insert_first_name_record(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("线缆分中心", "branch_center", "32");
	struct institution_name *names;
	size_t n;
	long long id;

	in.created_at = "2024-06-01T08:00:00Z";
	in.updated_at = "2024-06-01T08:00:00Z";
	id = insert_ok(c, &in);
	assert_int_equal(store_institution_names(c, &f->a, id, &names, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(names[0].name, "线缆分中心");
	assert_string_equal(names[0].valid_from, "2024-06-01T08:00:00Z");
	assert_null(names[0].valid_to);
	assert_string_equal(names[0].reason, "");
	release(f, c);
}

static void test_get_missing(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution got;

	assert_int_equal(store_institution_get(c, &f->a, 987654321, &got), STORE_NOT_FOUND);
	assert_int_equal(store_institution_get(c, &f->a, 0, &got), STORE_NOT_FOUND);
	assert_int_equal(store_institution_get(c, &f->a, -1, &got), STORE_NOT_FOUND);
	/* the connection is still usable afterwards */
	{
		struct institution in = inst("弹簧培养基地", "training_base", "33");
		long long id = insert_ok(c, &in);

		assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	}
	release(f, c);
}

static void test_duplicate_name(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution a = inst("工程机械分中心", "branch_center", "11");
	struct institution b = inst("工程机械分中心", "exam_site", "44");
	struct institution_name *names;
	size_t n;
	long long id, id2 = 0;

	id = insert_ok(c, &a);
	assert_int_equal(store_institution_insert(c, &b, &id2), STORE_CONFLICT);
	assert_true(store_errmsg(c)[0] != '\0');
	assert_int_equal(count_q(c, &f->a, "工程机械分中心"), 1);
	assert_int_equal(store_institution_names(c, &f->a, id, &names, &n), STORE_OK);
	assert_int_equal(n, 1);
	/* a different name is fine on the same connection */
	b.name = "工程机械分中心二部";
	insert_ok(c, &b);
	release(f, c);
}

static void test_dangling_parent(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("孤儿考试站", "exam_station", "12");
	long long id = 0;

	in.parent_id = 987654321;
	assert_int_equal(store_institution_insert(c, &in, &id), STORE_ERROR);
	assert_true(store_errmsg(c)[0] != '\0');
	assert_int_equal(count_q(c, &f->a, "孤儿考试站"), 0);
	release(f, c);
}

/* ids of a list result, in order */
static void expect_ids(const struct institution *items, size_t n, const long long *ids,
		       size_t nids)
{
	assert_int_equal(n, nids);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].id, ids[i]);
}

static void test_list_filters(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in;
	struct institution *items;
	struct institution_filter flt;
	size_t n;
	long long total, a, b, cc, d, e;

	in = inst("筛选甲鉴定站", "exam_station", "13");
	a = insert_ok(c, &in);
	in = inst("筛选乙鉴定站", "exam_station", "31");
	b = insert_ok(c, &in);
	in = inst("筛选丙实训基地", "practice_base", "13");
	cc = insert_ok(c, &in);
	in = inst("筛选丁鉴定点", "exam_site", "64");
	d = insert_ok(c, &in);
	in = inst("筛选戊管理站", "management_station", "82");
	e = insert_ok(c, &in);
	in = inst("未列入的机构", "exam_station", "13");
	insert_ok(c, &in);

	memset(&flt, 0, sizeof(flt));
	flt.q = "筛选";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 5);
	expect_ids(items, n, (long long[]){a, b, cc, d, e}, 5);
	assert_string_equal(items[0].name, "筛选甲鉴定站");
	assert_string_equal(items[2].type, "practice_base");
	assert_string_equal(items[4].province, "82");

	/* substring in the middle and at the end */
	flt.q = "乙鉴";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){b}, 1);
	flt.q = "实训基地";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	expect_ids(items, n, (long long[]){cc}, 1);

	/* q and type */
	flt.q = "筛选";
	flt.type = "exam_station";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 2);
	expect_ids(items, n, (long long[]){a, b}, 2);

	/* q and province */
	flt.type = NULL;
	flt.province = "13";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 2);
	expect_ids(items, n, (long long[]){a, cc}, 2);

	/* all three */
	flt.type = "exam_station";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){a}, 1);

	/* "" means any, like NULL */
	flt.q = "";
	flt.type = "management_station";
	flt.province = "";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){e}, 1);

	/* province alone */
	memset(&flt, 0, sizeof(flt));
	flt.province = "64";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){d}, 1);

	/* no match */
	memset(&flt, 0, sizeof(flt));
	flt.q = "筛选";
	flt.type = "center";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	flt.type = NULL;
	flt.q = "根本不存在的名称";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	release(f, c);
}

static void test_list_unfiltered(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution_filter flt;
	struct institution *items;
	size_t n;
	long long total;

	memset(&flt, 0, sizeof(flt));
	flt.limit = 500;
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_true(total >= 10); /* everything the tests above inserted */
	assert_int_equal(n, total);
	for (size_t i = 1; i < n; i++)
		assert_true(items[i - 1].id < items[i].id); /* ordered by id */
	release(f, c);
}

static void test_list_like_literal(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in;
	struct institution_filter flt;
	struct institution *items;
	size_t n;
	long long total, pct, und, bsl;

	in = inst("100%站", "exam_site", "11");
	pct = insert_ok(c, &in);
	in = inst("1000站", "exam_site", "11");
	insert_ok(c, &in);
	in = inst("a_b站", "exam_site", "11");
	und = insert_ok(c, &in);
	in = inst("axb站", "exam_site", "11");
	insert_ok(c, &in);
	in = inst("c\\d站", "exam_site", "11");
	bsl = insert_ok(c, &in);
	in = inst("cd站", "exam_site", "11");
	insert_ok(c, &in);

	memset(&flt, 0, sizeof(flt));
	flt.q = "%";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){pct}, 1);
	assert_string_equal(items[0].name, "100%站");

	flt.q = "0%站"; /* as a wildcard this would match 1000站 too */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){pct}, 1);

	flt.q = "_";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){und}, 1);

	flt.q = "a_b"; /* as a wildcard this would match axb站 too */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){und}, 1);

	flt.q = "\\"; /* the escape character itself is literal too */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){bsl}, 1);

	flt.q = "c\\d";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){bsl}, 1);

	flt.q = "'; DROP TABLE institution; --";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 0);
	release(f, c);
}

/* A long search text is just a search that finds nothing. */
static void test_list_long_q(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution_filter flt;
	struct institution *items;
	size_t n;
	long long total = -1;
	char *q = arena_alloc(&f->a, 5001);

	assert_non_null(q);
	memset(&flt, 0, sizeof(flt));
	flt.q = q;
	memset(q, 'x', 5000);
	q[5000] = '\0';
	if (store_institution_list(c, &f->a, &flt, &items, &n, &total) != STORE_OK)
		fail_msg("list with a 5000-byte q failed: %s", store_errmsg(c));
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	/* every byte escaped: the LIKE pattern doubles */
	memset(q, '%', 3000);
	q[3000] = '\0';
	total = -1;
	if (store_institution_list(c, &f->a, &flt, &items, &n, &total) != STORE_OK)
		fail_msg("list with 3000 '%%' in q failed: %s", store_errmsg(c));
	assert_int_equal(total, 0);
	release(f, c);
}

/*
 * Name search treats ASCII letters case-insensitively on every engine.
 * SQLite's LIKE already does; PostgreSQL's LIKE is case-sensitive, so this
 * fails there until the engines agree (see the report).
 */
static void test_list_q_ascii_case(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("CTP实训基地", "practice_base", "31");
	long long id = insert_ok(c, &in);
	struct institution_filter flt;
	struct institution *items;
	size_t n;
	long long total;

	memset(&flt, 0, sizeof(flt));
	flt.q = "CTP实训";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 1);
	flt.q = "ctp实训";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	if (total != 1)
		fail_msg("q=\"ctp实训\" found %lld rows on %s, expected the one named "
			 "\"CTP实训基地\": name search must not depend on the engine",
			 total, store_engine(f->s));
	expect_ids(items, n, (long long[]){id}, 1);
	release(f, c);
}

static void test_list_paging(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution_filter flt;
	struct institution *items;
	long long ids[7], seen[7], total;
	size_t n, nseen = 0;
	char name[64];

	for (int i = 0; i < 7; i++) {
		struct institution in;

		snprintf(name, sizeof(name), "分页测试站%d", i);
		in = inst(name, "exam_station", "50");
		ids[i] = insert_ok(c, &in);
	}
	memset(&flt, 0, sizeof(flt));
	flt.q = "分页测试站";
	flt.limit = 3;
	for (long long off = 0; off < 9; off += 3) {
		flt.offset = off;
		assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
				 STORE_OK);
		assert_int_equal(total, 7); /* independent of limit and offset */
		assert_int_equal(n, off < 6 ? 3 : 1);
		for (size_t i = 0; i < n; i++)
			seen[nseen++] = items[i].id;
	}
	assert_int_equal(nseen, 7);
	for (int i = 0; i < 7; i++)
		assert_int_equal(seen[i], ids[i]); /* every row once, in id order */

	flt.offset = 7; /* past the end */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 7);

	flt.offset = 2;
	flt.limit = 1;
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	expect_ids(items, n, (long long[]){ids[2]}, 1);
	assert_int_equal(total, 7);

	flt.offset = 0;
	flt.limit = 0; /* 0 = the default page, larger than 7 */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 7);
	release(f, c);
}

static void test_list_many_rows(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution_filter flt;
	struct institution *items;
	size_t n;
	long long total, first = 0;
	char name[64];

	/* more rows than the list's first growth step, in one transaction */
	assert_int_equal(store_begin(c), STORE_OK);
	for (int i = 0; i < 40; i++) {
		struct institution in;
		long long id;

		snprintf(name, sizeof(name), "批量测试点%02d", i);
		in = inst(name, "exam_site", "51");
		id = insert_ok(c, &in);
		if (!first)
			first = id;
	}
	assert_int_equal(store_commit(c), STORE_OK);
	memset(&flt, 0, sizeof(flt));
	flt.q = "批量测试点";
	flt.limit = 100;
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(total, 40);
	assert_int_equal(n, 40);
	for (size_t i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "批量测试点%02d", (int)i);
		assert_string_equal(items[i].name, name);
		assert_string_equal(items[i].province, "51");
		assert_true(i == 0 || items[i].id > items[i - 1].id);
	}
	assert_int_equal(items[0].id, first);
	release(f, c);
}

static void test_rename(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("新疆高技能人才培养基地（旧）", "training_base", "65");
	struct institution got;
	struct institution_name *names;
	size_t n;
	long long id;

	in.created_at = in.updated_at = "2016-05-01T00:00:00Z";
	id = insert_ok(c, &in);
	assert_int_equal(store_institution_rename(c, id, "新疆分中心", NULL, NULL,
						  "重新注册并更名", NULL,
						  "2024-09-01T10:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.name, "新疆分中心");
	assert_string_equal(got.updated_at, "2024-09-01T10:00:00Z");
	assert_string_equal(got.created_at, "2016-05-01T00:00:00Z"); /* unchanged */
	assert_string_equal(got.type, "training_base");
	assert_string_equal(got.province, "65");

	assert_int_equal(store_institution_names(c, &f->a, id, &names, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(names[0].name, "新疆高技能人才培养基地（旧）");
	assert_string_equal(names[0].valid_from, "2016-05-01T00:00:00Z");
	assert_non_null(names[0].valid_to);
	assert_string_equal(names[0].valid_to, "2024-09-01T10:00:00Z");
	assert_string_equal(names[0].reason, "");
	assert_string_equal(names[1].name, "新疆分中心");
	assert_string_equal(names[1].valid_from, "2024-09-01T10:00:00Z");
	assert_null(names[1].valid_to);
	assert_string_equal(names[1].reason, "重新注册并更名");

	/* a second rename, with no reason: three records, oldest first */
	assert_int_equal(store_institution_rename(c, id, "新疆维吾尔自治区分中心", NULL,
						  NULL, NULL, NULL, "2025-01-01T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_institution_names(c, &f->a, id, &names, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(names[0].name, "新疆高技能人才培养基地（旧）");
	assert_string_equal(names[0].valid_to, "2024-09-01T10:00:00Z"); /* not touched again */
	assert_string_equal(names[1].name, "新疆分中心");
	assert_string_equal(names[1].valid_to, "2025-01-01T00:00:00Z");
	assert_string_equal(names[2].name, "新疆维吾尔自治区分中心");
	assert_null(names[2].valid_to);
	assert_string_equal(names[2].reason, "");

	/* search finds every name it bore, and says which former one */
	assert_int_equal(count_q(c, &f->a, "新疆维吾尔自治区分中心"), 1);
	assert_int_equal(count_q(c, &f->a, "培养基地（旧）"), 1);
	{
		struct institution_filter flt = {.q = "培养基地（旧）", .limit = 10};
		struct institution *items;
		size_t k;
		long long total;

		assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &k, &total),
				 STORE_OK);
		assert_int_equal(k, 1);
		assert_string_equal(items[0].name, "新疆维吾尔自治区分中心");
		assert_string_equal(items[0].former_name, "新疆高技能人才培养基地（旧）");
		/* by the current name: no former one; by none: none either */
		flt.q = "自治区分中心";
		assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &k, &total),
				 STORE_OK);
		assert_int_equal(k, 1);
		assert_null(items[0].former_name);
		flt.q = "";
		flt.limit = 1;
		assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &k, &total),
				 STORE_OK);
		assert_null(items[0].former_name);
	}
	release(f, c);
}

static void test_rename_conflict(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution a = inst("汽车东风分中心", "branch_center", "42");
	struct institution b = inst("汽车上海分中心", "branch_center", "31");
	struct institution got;
	struct institution_name *names;
	size_t n;
	long long ia, ib;

	ia = insert_ok(c, &a);
	ib = insert_ok(c, &b);
	assert_int_equal(store_institution_rename(c, ib, "汽车东风分中心", NULL, NULL,
						  "x", NULL, "2025-02-02T00:00:00Z"),
			 STORE_CONFLICT);
	assert_true(store_errmsg(c)[0] != '\0');
	/* nothing changed on either side */
	assert_int_equal(store_institution_get(c, &f->a, ib, &got), STORE_OK);
	assert_string_equal(got.name, "汽车上海分中心");
	assert_string_equal(got.updated_at, "2026-01-02T03:04:05Z");
	assert_int_equal(store_institution_names(c, &f->a, ib, &names, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_null(names[0].valid_to);
	assert_int_equal(store_institution_get(c, &f->a, ia, &got), STORE_OK);
	assert_string_equal(got.name, "汽车东风分中心");
	release(f, c);
}

static void test_rename_missing(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution_name *names;
	size_t n = 99;

	assert_int_equal(store_institution_rename(c, 987654321, "不存在的机构新名", NULL,
						  NULL, "x", NULL, "2025-02-02T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_institution_names(c, &f->a, 987654321, &names, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(count_q(c, &f->a, "不存在的机构新名"), 0);
	release(f, c);
}

/* ---- transactions ---- */

static void test_tx_rollback(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("事务回滚站", "exam_station", "21");
	struct institution got;
	struct institution_name *names;
	size_t n;
	long long id, before = count_q(c, &f->a, "事务");

	assert_int_equal(store_begin(c), STORE_OK);
	id = insert_ok(c, &in);
	/* visible inside its own transaction */
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_NOT_FOUND);
	assert_int_equal(count_q(c, &f->a, "事务"), before);
	assert_int_equal(store_institution_names(c, &f->a, id, &names, &n), STORE_OK);
	assert_int_equal(n, 0);
	/* the name is free again */
	insert_ok(c, &in);
	assert_int_equal(count_q(c, &f->a, "事务"), before + 1);
	release(f, c);
}

static void test_tx_rollback_rename(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("事务更名前", "exam_station", "21");
	struct institution got;
	struct institution_name *names;
	size_t n;
	long long id = insert_ok(c, &in);

	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_institution_rename(c, id, "事务更名后", NULL, NULL, "r",
						  NULL, "2025-03-03T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.name, "事务更名前");
	assert_int_equal(store_institution_names(c, &f->a, id, &names, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_null(names[0].valid_to);
	release(f, c);
}

static void test_tx_commit(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f), *c2;
	struct institution in = inst("事务提交站", "exam_station", "21");
	struct institution got;
	long long id;

	assert_int_equal(store_begin(c), STORE_OK);
	id = insert_ok(c, &in);
	assert_int_equal(store_commit(c), STORE_OK);
	/* another connection sees it */
	c2 = acquire(f);
	assert_ptr_not_equal(c, c2);
	assert_int_equal(store_institution_get(c2, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.name, "事务提交站");
	release(f, c2);
	release(f, c);
}

static void test_tx_isolation(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f), *c2 = acquire(f);
	struct institution in = inst("事务隔离站", "exam_station", "21");
	struct institution got;
	long long id;

	assert_int_equal(store_begin(c), STORE_OK);
	id = insert_ok(c, &in);
	/* not committed: another connection does not see it */
	assert_int_equal(store_institution_get(c2, &f->a, id, &got), STORE_NOT_FOUND);
	assert_int_equal(count_q(c2, &f->a, "事务隔离站"), 0);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_institution_get(c2, &f->a, id, &got), STORE_OK);
	assert_int_equal(count_q(c2, &f->a, "事务隔离站"), 1);
	release(f, c2);
	release(f, c);
}

/* store_read_begin(): on SQLite the statements up to store_read_end() read
 * one state of the database (a row another connection commits in between
 * is seen only after the end); on PostgreSQL nothing is begun (each
 * statement reads the latest); inside a write transaction neither. */
static void test_read_snapshot(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f), *c2 = acquire(f);
	struct institution in = inst("读快照站", "exam_station", "21");
	bool snap = store_read_begin(c);

	assert_int_equal(snap, is_sqlite());
	assert_int_equal(count_q(c, &f->a, "读快照站"), 0);
	insert_ok(c2, &in);
	assert_int_equal(count_q(c, &f->a, "读快照站"), is_sqlite() ? 0 : 1);
	store_read_end(c, snap);
	assert_int_equal(count_q(c, &f->a, "读快照站"), 1);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_false(store_read_begin(c));
	store_rollback(c);
	release(f, c2);
	release(f, c);
}

static void test_tx_conflict_rolls_back_all(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution a = inst("事务冲突甲", "exam_station", "21");
	struct institution dup = inst("事务冲突甲", "exam_site", "21");
	struct institution got;
	long long id, id2 = 0;

	assert_int_equal(store_begin(c), STORE_OK);
	id = insert_ok(c, &a);
	assert_int_equal(store_institution_insert(c, &dup, &id2), STORE_CONFLICT);
	store_rollback(c);
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_NOT_FOUND);
	assert_int_equal(count_q(c, &f->a, "事务冲突甲"), 0);
	/* the connection works normally afterwards */
	insert_ok(c, &a);
	assert_int_equal(count_q(c, &f->a, "事务冲突甲"), 1);
	release(f, c);
}

static void test_release_rolls_back(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f), *c1, *c2;
	struct institution in = inst("事务未提交站", "exam_station", "21");
	struct institution other = inst("事务释放后站", "exam_station", "21");
	struct institution got;
	int open, in_use;
	long long id;

	assert_int_equal(store_begin(c), STORE_OK);
	id = insert_ok(c, &in);
	release(f, c); /* no commit */

	store_stats(f->s, &open, &in_use);
	assert_int_equal(in_use, 0);
	/* both the returned connection and a fresh one */
	c1 = acquire(f);
	c2 = acquire(f);
	assert_int_equal(store_institution_get(c1, &f->a, id, &got), STORE_NOT_FOUND);
	assert_int_equal(store_institution_get(c2, &f->a, id, &got), STORE_NOT_FOUND);
	assert_int_equal(count_q(c1, &f->a, "事务未提交站"), 0);
	/* and no lock is left behind: both can write */
	assert_int_equal(store_begin(c2), STORE_OK);
	insert_ok(c2, &other);
	assert_int_equal(store_commit(c2), STORE_OK);
	assert_int_equal(store_begin(c1), STORE_OK);
	insert_ok(c1, &in);
	assert_int_equal(store_commit(c1), STORE_OK);
	assert_int_equal(count_q(c1, &f->a, "事务未提交站"), 1);
	assert_int_equal(count_q(c2, &f->a, "事务释放后站"), 1);
	release(f, c1);
	release(f, c2);
}

/* ---- the pool ---- */

#define POOL_THREADS 8
#define POOL_ROWS 25

struct worker {
	struct store *s;
	const char *prefix;
	int index;
	int rc;
	char err[256];
	long long ids[POOL_ROWS];
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct store_conn *c = store_acquire(w->s);
	char name[64];

	w->rc = STORE_ERROR;
	if (!c) {
		snprintf(w->err, sizeof(w->err), "store_acquire failed");
		return NULL;
	}
	w->rc = store_begin(c);
	for (int i = 0; i < POOL_ROWS && w->rc == STORE_OK; i++) {
		struct institution in = inst(NULL, "exam_site", "37");

		snprintf(name, sizeof(name), "%s-t%d-r%02d", w->prefix, w->index, i);
		in.name = name;
		w->rc = store_institution_insert(c, &in, &w->ids[i]);
	}
	if (w->rc == STORE_OK)
		w->rc = store_commit(c);
	if (w->rc != STORE_OK)
		snprintf(w->err, sizeof(w->err), "%s", store_errmsg(c));
	store_release(c);
	return NULL;
}

static int cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static void run_pool(struct fx *f, const char *prefix, int pool_max)
{
	struct worker w[POOL_THREADS];
	pthread_t th[POOL_THREADS];
	long long all[POOL_THREADS * POOL_ROWS];
	int open = -1, in_use = -1, k = 0;
	struct store_conn *c;
	char q[64];

	memset(w, 0, sizeof(w));
	for (int i = 0; i < POOL_THREADS; i++) {
		w[i].s = f->s;
		w[i].prefix = prefix;
		w[i].index = i;
		assert_int_equal(pthread_create(&th[i], NULL, worker_main, &w[i]), 0);
	}
	for (int i = 0; i < POOL_THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < POOL_THREADS; i++) {
		if (w[i].rc != STORE_OK)
			fail_msg("worker %d: rc %d: %s", i, w[i].rc, w[i].err);
		for (int r = 0; r < POOL_ROWS; r++) {
			assert_true(w[i].ids[r] > 0);
			if (r)
				assert_true(w[i].ids[r] > w[i].ids[r - 1]);
			all[k++] = w[i].ids[r];
		}
	}
	qsort(all, (size_t)k, sizeof(all[0]), cmp_ll);
	for (int i = 1; i < k; i++)
		if (all[i] == all[i - 1])
			fail_msg("id %lld handed out twice", all[i]);

	store_stats(f->s, &open, &in_use);
	assert_int_equal(in_use, 0);
	assert_true(open >= 1);
	assert_true(open <= (pool_max > 0 ? pool_max : 16));

	c = acquire(f);
	snprintf(q, sizeof(q), "%s-", prefix);
	assert_int_equal(count_q(c, &f->a, q), POOL_THREADS * POOL_ROWS);
	for (int i = 0; i < POOL_THREADS; i++) {
		struct institution got;
		char name[64];

		snprintf(name, sizeof(name), "%s-t%d-r%02d", prefix, i, POOL_ROWS - 1);
		assert_int_equal(store_institution_get(c, &f->a, w[i].ids[POOL_ROWS - 1],
						       &got),
				 STORE_OK);
		assert_string_equal(got.name, name);
	}
	release(f, c);
}

static void test_pool_threads(void **state) { run_pool(*state, "并发测试", 0); }

static int setup_small_pool(void **state)
{
	if (open_store(state, 3))
		return -1;
	if (migrate(*state)) {
		teardown(state);
		return -1;
	}
	return 0;
}

/* 8 threads on a pool of 3: threads wait for a free connection. */
static void test_pool_waits(void **state) { run_pool(*state, "小池测试", 3); }

static void test_pool_stats(void **state)
{
	struct fx *f = *state;
	struct store_conn *a, *b;
	int open = -1, in_use = -1, open2;

	store_stats(f->s, &open, &in_use);
	assert_true(open >= 1); /* store_open connects once */
	assert_int_equal(in_use, 0);
	a = acquire(f);
	b = acquire(f);
	assert_ptr_not_equal(a, b);
	store_stats(f->s, &open2, &in_use);
	assert_true(open2 >= 2);
	assert_int_equal(in_use, 2);
	release(f, a);
	store_stats(f->s, &open, &in_use);
	assert_int_equal(open, open2); /* kept for reuse, not closed */
	assert_int_equal(in_use, 1);
	release(f, b);
	store_stats(f->s, &open, &in_use);
	assert_int_equal(open, open2);
	assert_int_equal(in_use, 0);
	/* a released connection is handed out again rather than a new one */
	a = acquire(f);
	store_stats(f->s, &open, &in_use);
	assert_int_equal(open, open2);
	assert_int_equal(in_use, 1);
	release(f, a);
	store_release(NULL); /* harmless */
}

/* ---- users ---- */

static struct user mkuser(const char *username)
{
	struct user u;

	memset(&u, 0, sizeof(u));
	u.username = username;
	u.display_name = "";
	u.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$fake";
	u.created_at = u.updated_at = "2026-01-02T03:04:05Z";
	return u;
}

static long long user_ok(struct store_conn *c, const char *username)
{
	struct user u = mkuser(username);
	long long id = 0;
	int rc = store_user_insert(c, &u, &id);

	if (rc != STORE_OK)
		fail_msg("insert user \"%s\": rc %d: %s", username, rc, store_errmsg(c));
	assert_true(id > 0);
	return id;
}

static void test_user_insert_get(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct user u = mkuser("ct.alice"), got;
	long long id = 0, id2;

	u.display_name = "李爱丽";
	u.password_hash = "$argon2id$alice";
	u.must_change_password = true;
	u.created_at = "2025-05-06T07:08:09Z";
	u.updated_at = "2025-05-06T07:08:10Z";
	assert_int_equal(store_user_insert(c, &u, &id), STORE_OK);
	assert_true(id > 0);
	id2 = user_ok(c, "ct.alice2");
	assert_true(id2 > id);

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_user_get(c, &f->a, id, &got), STORE_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.username, "ct.alice");
	assert_string_equal(got.display_name, "李爱丽");
	assert_string_equal(got.password_hash, "$argon2id$alice");
	assert_true(got.must_change_password);
	assert_false(got.disabled);
	assert_string_equal(got.created_at, "2025-05-06T07:08:09Z");
	assert_string_equal(got.updated_at, "2025-05-06T07:08:10Z");

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_user_by_name(c, &f->a, "ct.alice", &got), STORE_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.display_name, "李爱丽");
	assert_int_equal(store_user_by_name(c, &f->a, "ct.alice2", &got), STORE_OK);
	assert_int_equal(got.id, id2);
	assert_false(got.must_change_password);
	assert_string_equal(got.display_name, "");

	/* missing, and no prefix or case games */
	assert_int_equal(store_user_get(c, &f->a, 987654321, &got), STORE_NOT_FOUND);
	assert_int_equal(store_user_by_name(c, &f->a, "ct.nobody", &got), STORE_NOT_FOUND);
	assert_int_equal(store_user_by_name(c, &f->a, "ct.alic", &got), STORE_NOT_FOUND);
	assert_int_equal(store_user_by_name(c, &f->a, "CT.ALICE", &got), STORE_NOT_FOUND);
	assert_int_equal(store_user_by_name(c, &f->a, "ct.%", &got), STORE_NOT_FOUND);
	assert_int_equal(store_user_by_name(c, &f->a, "", &got), STORE_NOT_FOUND);
	release(f, c);
}

static void test_user_display_name_null(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct user u = mkuser("ct.nodisplay"), got;
	long long id = 0;

	u.display_name = NULL; /* stored as "" */
	assert_int_equal(store_user_insert(c, &u, &id), STORE_OK);
	assert_int_equal(store_user_get(c, &f->a, id, &got), STORE_OK);
	assert_non_null(got.display_name);
	assert_string_equal(got.display_name, "");
	release(f, c);
}

static void test_user_duplicate(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct user u = mkuser("ct.dup"), got;
	long long id, id2 = 0;

	id = user_ok(c, "ct.dup");
	u.display_name = "另一个";
	assert_int_equal(store_user_insert(c, &u, &id2), STORE_CONFLICT);
	assert_true(store_errmsg(c)[0] != '\0');
	/* the first one is untouched and the connection still works */
	assert_int_equal(store_user_by_name(c, &f->a, "ct.dup", &got), STORE_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.display_name, "");
	user_ok(c, "ct.dup2");
	release(f, c);
}

static void test_user_set_password(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct user u = mkuser("ct.pw"), got;
	long long id = 0;

	u.must_change_password = true;
	assert_int_equal(store_user_insert(c, &u, &id), STORE_OK);
	assert_int_equal(store_user_set_password(c, id, "$argon2id$new", 0,
						 "2026-03-04T05:06:07Z"),
			 STORE_OK);
	assert_int_equal(store_user_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.password_hash, "$argon2id$new");
	assert_false(got.must_change_password);
	assert_string_equal(got.updated_at, "2026-03-04T05:06:07Z");
	assert_string_equal(got.created_at, "2026-01-02T03:04:05Z");
	/* an administrator's reset sets the flag again */
	assert_int_equal(store_user_set_password(c, id, "$argon2id$reset", 1,
						 "2026-03-05T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_user_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.password_hash, "$argon2id$reset");
	assert_true(got.must_change_password);
	assert_string_equal(got.updated_at, "2026-03-05T00:00:00Z");
	/* nobody */
	assert_int_equal(store_user_set_password(c, 987654321, "$argon2id$x", 0,
						 "2026-03-05T00:00:00Z"),
			 STORE_NOT_FOUND);
	release(f, c);
}

static void test_user_list(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct user *items;
	size_t n, pos[3] = {0, 0, 0};
	int seen = 0;
	static const char *const names[3] = {"ul.alpha", "ul.bravo", "ul.charlie"};

	/* inserted out of order */
	user_ok(c, "ul.charlie");
	user_ok(c, "ul.alpha");
	user_ok(c, "ul.bravo");
	assert_int_equal(store_user_list(c, &f->a, &items, &n), STORE_OK);
	assert_true(n >= 3);
	for (size_t i = 0; i < n; i++) {
		assert_non_null(items[i].username);
		if (i)
			assert_true(strcmp(items[i - 1].username, items[i].username) < 0);
		for (int k = 0; k < 3; k++)
			if (!strcmp(items[i].username, names[k])) {
				pos[k] = i;
				seen++;
			}
	}
	assert_int_equal(seen, 3);
	assert_int_equal(pos[1], pos[0] + 1);
	assert_int_equal(pos[2], pos[1] + 1);
	assert_string_equal(items[pos[0]].password_hash,
			    "$argon2id$v=19$m=65536,t=2,p=1$fake");
	release(f, c);
}

/* ---- grants ---- */

static void test_grants(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("授权测试机构", "exam_station", "11");
	struct institution in2 = inst("授权测试机构二", "exam_station", "11");
	struct grant *g;
	size_t n;
	long long uid = user_ok(c, "gr.user"), other = user_ok(c, "gr.other");
	long long iid = insert_ok(c, &in), iid2 = insert_ok(c, &in2);
	long long g1 = 0, g2 = 0, g3 = 0, g4 = 0, x = 0;
	const char *when = "2026-01-02T03:04:05Z";

	assert_int_equal(store_grants_of(c, &f->a, uid, &g, &n), STORE_OK);
	assert_int_equal(n, 0);

	assert_int_equal(store_grant_insert(c, uid, "viewer", 0, when, &g1), STORE_OK);
	assert_int_equal(store_grant_insert(c, uid, "institution_admin", iid, when, &g2),
			 STORE_OK);
	assert_int_equal(store_grant_insert(c, uid, "center_admin", 0, when, &g3), STORE_OK);
	assert_true(g1 > 0 && g2 > g1 && g3 > g2);

	/* the same grant twice, on an institution or on the whole network */
	assert_int_equal(store_grant_insert(c, uid, "institution_admin", iid, when, &x),
			 STORE_CONFLICT);
	assert_int_equal(store_grant_insert(c, uid, "viewer", 0, when, &x), STORE_CONFLICT);
	assert_int_equal(store_grant_insert(c, uid, "center_admin", 0, when, &x),
			 STORE_CONFLICT);
	/* but the same role elsewhere, or for someone else, is a new grant */
	assert_int_equal(store_grant_insert(c, uid, "institution_admin", iid2, when, &g4),
			 STORE_OK);
	assert_int_equal(store_grant_insert(c, other, "viewer", 0, when, &x), STORE_OK);
	assert_int_equal(store_grant_insert(c, other, "institution_admin", iid, when, &x),
			 STORE_OK);

	assert_int_equal(store_grants_of(c, &f->a, uid, &g, &n), STORE_OK);
	assert_int_equal(n, 4);
	assert_int_equal(g[0].id, g1);
	assert_int_equal(g[0].role, ROLE_VIEWER);
	assert_int_equal(g[0].institution_id, 0);
	assert_int_equal(g[1].id, g2);
	assert_int_equal(g[1].role, ROLE_INSTITUTION_ADMIN);
	assert_int_equal(g[1].institution_id, iid);
	assert_int_equal(g[2].id, g3);
	assert_int_equal(g[2].role, ROLE_CENTER_ADMIN);
	assert_int_equal(g[2].institution_id, 0);
	assert_int_equal(g[3].id, g4);
	assert_int_equal(g[3].institution_id, iid2);

	/* delete: once, then it is gone */
	assert_int_equal(store_grant_delete(c, uid, "institution_admin", iid), STORE_OK);
	assert_int_equal(store_grant_delete(c, uid, "institution_admin", iid),
			 STORE_NOT_FOUND);
	assert_int_equal(store_grant_delete(c, uid, "viewer", 0), STORE_OK);
	assert_int_equal(store_grant_delete(c, uid, "viewer", 0), STORE_NOT_FOUND);
	assert_int_equal(store_grant_delete(c, uid, "supervisor", 0), STORE_NOT_FOUND);
	assert_int_equal(store_grant_delete(c, uid, "center_admin", iid), STORE_NOT_FOUND);
	assert_int_equal(store_grants_of(c, &f->a, uid, &g, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].id, g3);
	assert_int_equal(g[1].id, g4);
	/* the other user's grants were not touched */
	assert_int_equal(store_grants_of(c, &f->a, other, &g, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(g[0].role, ROLE_VIEWER);
	assert_int_equal(g[1].institution_id, iid);
	/* and a deleted grant can be given again */
	assert_int_equal(store_grant_insert(c, uid, "viewer", 0, when, &x), STORE_OK);
	assert_true(x > g4);
	release(f, c);
}

static void test_grants_unknown_role(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct grant *g;
	size_t n;
	long long uid = user_ok(c, "gr.legacy"), x = 0, keep = 0;

	/* a role this binary does not know (e.g. from a newer version) */
	assert_int_equal(store_grant_insert(c, uid, "retired_role", 0,
					    "2026-01-02T03:04:05Z", &x),
			 STORE_OK);
	assert_int_equal(store_grant_insert(c, uid, "assessor", 0, "2026-01-02T03:04:05Z",
					    &keep),
			 STORE_OK);
	assert_int_equal(store_grants_of(c, &f->a, uid, &g, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(g[0].id, keep);
	assert_int_equal(g[0].role, ROLE_ASSESSOR);
	release(f, c);
}

static void test_institution_ancestry(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution root = inst("祖先测试中心", "center", "11");
	struct institution mid = inst("祖先测试分中心", "branch_center", "11");
	struct institution leaf = inst("祖先测试考点", "exam_site", "11");
	long long r, m, l, out[8];
	size_t n = 99;

	r = insert_ok(c, &root);
	mid.parent_id = r;
	m = insert_ok(c, &mid);
	leaf.parent_id = m;
	l = insert_ok(c, &leaf);

	assert_int_equal(store_institution_ancestry(c, l, out, 8, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(out[0], l);
	assert_int_equal(out[1], m);
	assert_int_equal(out[2], r);
	assert_int_equal(store_institution_ancestry(c, m, out, 8, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], m);
	assert_int_equal(out[1], r);
	assert_int_equal(store_institution_ancestry(c, r, out, 8, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(out[0], r);
	/* at most max */
	assert_int_equal(store_institution_ancestry(c, l, out, 2, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(out[0], l);
	assert_int_equal(out[1], m);
	/* missing */
	n = 99;
	assert_int_equal(store_institution_ancestry(c, 987654321, out, 8, &n),
			 STORE_NOT_FOUND);
	assert_int_equal(n, 0);
	assert_int_equal(store_institution_ancestry(c, 0, out, 8, &n), STORE_NOT_FOUND);
	release(f, c);
}

/* ---- sessions ---- */

static struct session mksession(const char *hash, long long user_id, const char *expires)
{
	struct session s;

	memset(&s, 0, sizeof(s));
	s.token_hash = hash;
	s.user_id = user_id;
	s.csrf = "csrf-token";
	s.created_at = s.last_seen = "2026-01-02T03:04:05Z";
	s.expires_at = expires;
	s.address = "192.0.2.7";
	return s;
}

static int session_exists(struct fx *f, struct store_conn *c, const char *hash)
{
	struct session got;
	int rc = store_session_get(c, &f->a, hash, &got);

	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		fail_msg("session_get %s: rc %d: %s", hash, rc, store_errmsg(c));
	return rc == STORE_OK;
}

static void test_sessions(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	long long uid = user_ok(c, "se.user"), other = user_ok(c, "se.other");
	const char *exp = "2030-01-01T00:00:00Z";
	struct session s1 = mksession("se-h1", uid, exp), got;
	struct session s2 = mksession("se-h2", uid, exp);
	struct session s3 = mksession("se-h3", uid, exp);
	struct session s4 = mksession("se-h4", other, exp);

	s1.csrf = "csrf-1";
	s1.created_at = "2026-01-02T03:04:05Z";
	s1.last_seen = "2026-01-02T03:04:06Z";
	s3.address = NULL; /* stored as "" */
	assert_int_equal(store_session_insert(c, &s1), STORE_OK);
	assert_int_equal(store_session_insert(c, &s2), STORE_OK);
	assert_int_equal(store_session_insert(c, &s3), STORE_OK);
	assert_int_equal(store_session_insert(c, &s4), STORE_OK);
	/* the token hash is the key */
	assert_int_equal(store_session_insert(c, &s1), STORE_CONFLICT);

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_session_get(c, &f->a, "se-h1", &got), STORE_OK);
	assert_string_equal(got.token_hash, "se-h1");
	assert_int_equal(got.user_id, uid);
	assert_string_equal(got.csrf, "csrf-1");
	assert_string_equal(got.created_at, "2026-01-02T03:04:05Z");
	assert_string_equal(got.last_seen, "2026-01-02T03:04:06Z");
	assert_string_equal(got.expires_at, exp);
	assert_string_equal(got.address, "192.0.2.7");
	assert_int_equal(store_session_get(c, &f->a, "se-h3", &got), STORE_OK);
	assert_string_equal(got.address, "");
	assert_int_equal(store_session_get(c, &f->a, "se-nope", &got), STORE_NOT_FOUND);

	/* touch moves last_seen only */
	assert_int_equal(store_session_touch(c, "se-h1", "2026-01-02T04:00:00Z"), STORE_OK);
	assert_int_equal(store_session_get(c, &f->a, "se-h1", &got), STORE_OK);
	assert_string_equal(got.last_seen, "2026-01-02T04:00:00Z");
	assert_string_equal(got.created_at, "2026-01-02T03:04:05Z");
	assert_string_equal(got.expires_at, exp);
	assert_int_equal(store_session_get(c, &f->a, "se-h2", &got), STORE_OK);
	assert_string_equal(got.last_seen, "2026-01-02T03:04:05Z");

	/* delete one */
	assert_int_equal(store_session_delete(c, "se-h2"), STORE_OK);
	assert_false(session_exists(f, c, "se-h2"));
	assert_true(session_exists(f, c, "se-h1"));

	/* every session of the user but the one kept; others' untouched */
	assert_int_equal(store_session_insert(c, &s2), STORE_OK);
	assert_int_equal(store_session_delete_user(c, uid, "se-h1"), STORE_OK);
	assert_true(session_exists(f, c, "se-h1"));
	assert_false(session_exists(f, c, "se-h2"));
	assert_false(session_exists(f, c, "se-h3"));
	assert_true(session_exists(f, c, "se-h4"));
	/* keeping none */
	assert_int_equal(store_session_insert(c, &s3), STORE_OK);
	assert_int_equal(store_session_delete_user(c, uid, NULL), STORE_OK);
	assert_false(session_exists(f, c, "se-h1"));
	assert_false(session_exists(f, c, "se-h3"));
	assert_true(session_exists(f, c, "se-h4"));
	release(f, c);
}

static void test_session_purge(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	long long uid = user_ok(c, "se.purge");
	struct session old = mksession("sp-old", uid, "2026-01-01T23:59:59Z");
	struct session edge = mksession("sp-edge", uid, "2026-01-02T00:00:00Z");
	struct session live = mksession("sp-live", uid, "2026-01-02T00:00:01Z");

	assert_int_equal(store_session_insert(c, &old), STORE_OK);
	assert_int_equal(store_session_insert(c, &edge), STORE_OK);
	assert_int_equal(store_session_insert(c, &live), STORE_OK);
	assert_int_equal(store_session_purge(c, "2026-01-02T00:00:00Z"), STORE_OK);
	assert_false(session_exists(f, c, "sp-old"));
	assert_true(session_exists(f, c, "sp-edge")); /* expired *before* now */
	assert_true(session_exists(f, c, "sp-live"));
	assert_int_equal(store_session_purge(c, "2026-01-03T00:00:00Z"), STORE_OK);
	assert_false(session_exists(f, c, "sp-edge"));
	assert_false(session_exists(f, c, "sp-live"));
	release(f, c);
}

/* ---- API tokens ---- */

static void test_tokens(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	long long uid = user_ok(c, "tk.user"), other = user_ok(c, "tk.other");
	long long t1 = 0, t2 = 0, t3 = 0, x = 0;
	struct api_token got, *items;
	size_t n;

	assert_int_equal(store_token_insert(c, uid, "导入脚本", "tk-h1",
					    "2026-01-02T03:04:05Z", &t1),
			 STORE_OK);
	assert_int_equal(store_token_insert(c, uid, "ci", "tk-h2", "2026-01-02T03:04:06Z",
					    &t2),
			 STORE_OK);
	assert_int_equal(store_token_insert(c, other, "theirs", "tk-h3",
					    "2026-01-02T03:04:07Z", &t3),
			 STORE_OK);
	assert_true(t1 > 0 && t2 > t1 && t3 > t2);
	/* the digest is unique */
	assert_int_equal(store_token_insert(c, other, "dup", "tk-h1",
					    "2026-01-02T03:04:08Z", &x),
			 STORE_CONFLICT);

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_token_by_hash(c, &f->a, "tk-h1", &got), STORE_OK);
	assert_int_equal(got.id, t1);
	assert_int_equal(got.user_id, uid);
	assert_string_equal(got.name, "导入脚本");
	assert_string_equal(got.created_at, "2026-01-02T03:04:05Z");
	assert_null(got.last_used_at);
	assert_null(got.revoked_at);
	assert_int_equal(store_token_by_hash(c, &f->a, "tk-nope", &got), STORE_NOT_FOUND);

	assert_int_equal(store_token_touch(c, t1, "2026-02-03T04:05:06Z"), STORE_OK);
	assert_int_equal(store_token_by_hash(c, &f->a, "tk-h1", &got), STORE_OK);
	assert_string_equal(got.last_used_at, "2026-02-03T04:05:06Z");

	assert_int_equal(store_token_list(c, &f->a, uid, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, t1);
	assert_int_equal(items[1].id, t2);
	assert_string_equal(items[1].name, "ci");
	assert_null(items[1].last_used_at);
	assert_int_equal(store_token_list(c, &f->a, other, &items, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, t3);
	assert_int_equal(store_token_list(c, &f->a, 987654321, &items, &n), STORE_OK);
	assert_int_equal(n, 0);

	/* someone else's token cannot be revoked, and stays live */
	assert_int_equal(store_token_revoke(c, uid, t3, "2026-03-01T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_token_by_hash(c, &f->a, "tk-h3", &got), STORE_OK);
	assert_null(got.revoked_at);
	assert_int_equal(store_token_revoke(c, uid, 987654321, "2026-03-01T00:00:00Z"),
			 STORE_NOT_FOUND);

	/* revoke: once; then it is no longer found by its digest */
	assert_int_equal(store_token_revoke(c, uid, t1, "2026-03-01T00:00:00Z"), STORE_OK);
	assert_int_equal(store_token_revoke(c, uid, t1, "2026-03-02T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_token_by_hash(c, &f->a, "tk-h1", &got), STORE_NOT_FOUND);
	assert_int_equal(store_token_by_hash(c, &f->a, "tk-h2", &got), STORE_OK);
	/* still listed, marked revoked (the first revocation's time) */
	assert_int_equal(store_token_list(c, &f->a, uid, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, t1);
	assert_non_null(items[0].revoked_at);
	assert_string_equal(items[0].revoked_at, "2026-03-01T00:00:00Z");
	assert_null(items[1].revoked_at);
	release(f, c);
}

/* ---- rate limits ---- */

static void test_rate_limits(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct rate_state s, got;

	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(store_rate_get(c, "login:user:rl.absent", &got), STORE_OK);
	assert_int_equal(got.failures, 0);
	assert_int_equal(got.window_start, 0);
	assert_int_equal(got.last_failure, 0);

	s.failures = 3;
	s.window_start = 1767225600;
	s.last_failure = 1767225660;
	assert_int_equal(store_rate_put(c, "login:user:rl.a", &s), STORE_OK);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_rate_get(c, "login:user:rl.a", &got), STORE_OK);
	assert_int_equal(got.failures, 3);
	assert_int_equal(got.window_start, 1767225600);
	assert_int_equal(got.last_failure, 1767225660);

	/* upsert; times beyond 32 bits (2100-01-01) */
	s.failures = 11;
	s.window_start = 4102444800LL;
	s.last_failure = 4102444899LL;
	assert_int_equal(store_rate_put(c, "login:user:rl.a", &s), STORE_OK);
	assert_int_equal(store_rate_get(c, "login:user:rl.a", &got), STORE_OK);
	assert_int_equal(got.failures, 11);
	assert_int_equal(got.window_start, 4102444800LL);
	assert_int_equal(got.last_failure, 4102444899LL);

	/* keys are separate */
	s.failures = 1;
	s.window_start = s.last_failure = 1767225600;
	assert_int_equal(store_rate_put(c, "login:addr:192.0.2.1", &s), STORE_OK);
	assert_int_equal(store_rate_get(c, "login:user:rl.a", &got), STORE_OK);
	assert_int_equal(got.failures, 11);

	/* clear, and clearing again is fine */
	assert_int_equal(store_rate_clear(c, "login:user:rl.a"), STORE_OK);
	memset(&got, 0x5a, sizeof(got));
	assert_int_equal(store_rate_get(c, "login:user:rl.a", &got), STORE_OK);
	assert_int_equal(got.failures, 0);
	assert_int_equal(got.window_start, 0);
	assert_int_equal(got.last_failure, 0);
	assert_int_equal(store_rate_clear(c, "login:user:rl.a"), STORE_OK);
	assert_int_equal(store_rate_get(c, "login:addr:192.0.2.1", &got), STORE_OK);
	assert_int_equal(got.failures, 1);
	release(f, c);
}

/* ---- the audit chain ---- */

/* A deterministic 64-hex-digit stand-in for a record's hash (the store
 * does not compute hashes). */
static void fake_hash(char out[65], long long seq, unsigned salt)
{
	snprintf(out, 65, "%056llx%08x", (unsigned long long)seq, salt);
}

static struct audit_record arec(const char *at, const char *actor, const char *action,
				const char *otype, const char *oid)
{
	struct audit_record r;

	memset(&r, 0, sizeof(r));
	r.at = at;
	r.actor_id = 0;
	r.actor = actor;
	r.address = "192.0.2.9";
	r.request_id = "req";
	r.action = action;
	r.object_type = otype;
	r.object_id = oid;
	r.before = "{}";
	r.after = "{}";
	return r;
}

/* next + insert inside the caller's transaction; returns the seq, or -1
 * (the message in err) */
static long long append_raw(struct store_conn *c, struct audit_record *r, unsigned salt,
			    char *err, size_t errlen)
{
	char prev[65], hash[65];
	long long seq = 0;
	int rc = store_audit_next(c, &seq, prev);

	if (rc != STORE_OK) {
		snprintf(err, errlen, "audit_next: rc %d: %s", rc, store_errmsg(c));
		return -1;
	}
	fake_hash(hash, seq, salt);
	r->seq = seq;
	r->prev_hash = prev;
	r->hash = hash;
	rc = store_audit_insert(c, r);
	r->prev_hash = r->hash = NULL; /* they pointed here */
	if (rc != STORE_OK) {
		snprintf(err, errlen, "audit_insert %lld: rc %d: %s", seq, rc,
			 store_errmsg(c));
		return -1;
	}
	return seq;
}

static long long append(struct store_conn *c, struct audit_record *r)
{
	char err[512];
	long long seq = append_raw(c, r, 0, err, sizeof(err));

	if (seq < 0)
		fail_msg("%s", err);
	return seq;
}

/* one record in its own transaction */
static long long append_tx(struct store_conn *c, struct audit_record *r)
{
	long long seq;

	assert_int_equal(store_begin(c), STORE_OK);
	seq = append(c, r);
	assert_int_equal(store_commit(c), STORE_OK);
	return seq;
}

/* scan state: checks the chain as it goes */
struct chain {
	long long next_seq, count, stop_after;
	char prev[65];
	char why[256];
};

static int chain_cb(const struct audit_record *r, void *arg)
{
	struct chain *ch = arg;

	if (!ch->why[0]) {
		if (r->seq != ch->next_seq)
			snprintf(ch->why, sizeof(ch->why), "seq %lld where %lld was due",
				 r->seq, ch->next_seq);
		else if (!r->prev_hash || strcmp(r->prev_hash, ch->prev))
			snprintf(ch->why, sizeof(ch->why),
				 "seq %lld: prev_hash %s, previous hash %s", r->seq,
				 r->prev_hash ? r->prev_hash : "(null)", ch->prev);
		else if (!r->hash || strlen(r->hash) != 64)
			snprintf(ch->why, sizeof(ch->why), "seq %lld: bad hash", r->seq);
	}
	if (r->hash)
		snprintf(ch->prev, sizeof(ch->prev), "%s", r->hash);
	ch->next_seq = r->seq + 1;
	ch->count++;
	return ch->stop_after && ch->count == ch->stop_after ? 7 : 0;
}

/* Scans the whole chain from the genesis; returns the record count. */
static long long check_chain(struct store_conn *c)
{
	struct chain ch;
	long long head = -1;
	char head_hash[65];
	int rc;

	memset(&ch, 0, sizeof(ch));
	ch.next_seq = 1;
	snprintf(ch.prev, sizeof(ch.prev), "%s", audit_genesis);
	rc = store_audit_scan(c, chain_cb, &ch);
	if (rc != STORE_OK)
		fail_msg("audit_scan: rc %d: %s", rc, store_errmsg(c));
	if (ch.why[0])
		fail_msg("audit chain broken: %s", ch.why);
	assert_int_equal(store_audit_head(c, &head, head_hash), STORE_OK);
	assert_int_equal(head, ch.count);
	assert_string_equal(head_hash, ch.prev);
	return ch.count;
}

/* Runs first among the audit tests: the chain starts at the genesis. */
static void test_audit_next_from_genesis(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct audit_record r = arec("2026-01-02T03:04:05Z", "an.actor", "an.first",
				     "an_obj", "an-1");
	char prev[65], hash[65], h1[65], h2[65];
	long long seq = -1;

	assert_int_equal(store_audit_head(c, &seq, hash), STORE_OK);
	assert_int_equal(seq, 0);
	assert_string_equal(hash, audit_genesis);

	/* 1, chained to the genesis */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_audit_next(c, &seq, prev), STORE_OK);
	assert_int_equal(seq, 1);
	assert_string_equal(prev, audit_genesis);
	fake_hash(h1, 1, 0xa1);
	r.seq = seq;
	r.prev_hash = prev;
	r.hash = h1;
	assert_int_equal(store_audit_insert(c, &r), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_audit_head(c, &seq, hash), STORE_OK);
	assert_int_equal(seq, 1);
	assert_string_equal(hash, h1);

	/* 2, chained to 1 */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_audit_next(c, &seq, prev), STORE_OK);
	assert_int_equal(seq, 2);
	assert_string_equal(prev, h1);
	fake_hash(h2, 2, 0xa2);
	r.seq = seq;
	r.prev_hash = prev;
	r.hash = h2;
	r.action = "an.second";
	assert_int_equal(store_audit_insert(c, &r), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);

	/* a rolled-back record leaves no gap: 3 is handed out again */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_audit_next(c, &seq, prev), STORE_OK);
	assert_int_equal(seq, 3);
	assert_string_equal(prev, h2);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_audit_head(c, &seq, hash), STORE_OK);
	assert_int_equal(seq, 2);
	assert_string_equal(hash, h2);
	r.action = "an.third";
	assert_int_equal(append_tx(c, &r), 3);

	/* a record cannot take a number that is already used */
	assert_int_equal(store_begin(c), STORE_OK);
	r.seq = 2;
	r.prev_hash = h1;
	r.hash = h2;
	assert_int_equal(store_audit_insert(c, &r), STORE_CONFLICT);
	store_rollback(c);
	r.prev_hash = r.hash = NULL;

	assert_int_equal(check_chain(c), 3);
	release(f, c);
}

static void expect_seqs(const struct audit_record *items, size_t n, const long long *seqs,
			size_t nseqs)
{
	assert_int_equal(n, nseqs);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].seq, seqs[i]);
}

static void test_audit_list_filters(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct audit_record r, *items;
	struct audit_filter flt;
	size_t n;
	long long total, s1, s2, s3, s4;

	assert_int_equal(store_begin(c), STORE_OK);
	r = arec("2025-03-01T10:00:00Z", "al.filter", "al.create", "al_inst", "al-1");
	r.actor_id = 77;
	r.request_id = "req-al-1";
	r.before = "{}";
	r.after = "{\"name\":\"机械\\n中心\"}";
	s1 = append(c, &r);
	r = arec("2025-03-02T00:00:00Z", "al.filter", "al.rename", "al_inst", "al-2");
	s2 = append(c, &r);
	r = arec("2025-03-02T23:59:59Z", "al.filter", "al.rename", "al_user", "al-1");
	s3 = append(c, &r);
	r = arec("2025-03-03T00:00:00Z", "al.other", "al.create", "al_inst", "al-2");
	r.before = "{\"a\":1}";
	r.after = "{\"a\":\"line1\nline2\"}"; /* raw newline inside */
	s4 = append(c, &r);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_true(s1 < s2 && s2 < s3 && s3 < s4);

#define LIST() \
	do { \
		total = -1; \
		assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), \
				 STORE_OK); \
	} while (0)

	memset(&flt, 0, sizeof(flt));
	flt.actor = "al.filter";
	LIST();
	assert_int_equal(total, 3);
	expect_seqs(items, n, (long long[]){s3, s2, s1}, 3); /* newest first */
	/* every field comes back */
	assert_string_equal(items[2].at, "2025-03-01T10:00:00Z");
	assert_int_equal(items[2].actor_id, 77);
	assert_string_equal(items[2].actor, "al.filter");
	assert_string_equal(items[2].address, "192.0.2.9");
	assert_string_equal(items[2].request_id, "req-al-1");
	assert_string_equal(items[2].action, "al.create");
	assert_string_equal(items[2].object_type, "al_inst");
	assert_string_equal(items[2].object_id, "al-1");
	assert_string_equal(items[2].before, "{}");
	assert_string_equal(items[2].after, "{\"name\":\"机械\\n中心\"}");
	assert_int_equal(strlen(items[2].prev_hash), 64);
	assert_int_equal(strlen(items[2].hash), 64);
	assert_string_equal(items[1].prev_hash, items[2].hash);
	assert_int_equal(items[1].actor_id, 0); /* none */

	flt.actor = "al.other";
	LIST();
	expect_seqs(items, n, (long long[]){s4}, 1);
	assert_string_equal(items[0].before, "{\"a\":1}");
	assert_string_equal(items[0].after, "{\"a\":\"line1\nline2\"}");
	flt.actor = "al.nobody";
	LIST();
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	flt.actor = "al."; /* exact, not a prefix */
	LIST();
	assert_int_equal(total, 0);

	memset(&flt, 0, sizeof(flt));
	flt.action = "al.rename";
	LIST();
	assert_int_equal(total, 2);
	expect_seqs(items, n, (long long[]){s3, s2}, 2);

	memset(&flt, 0, sizeof(flt));
	flt.object_type = "al_inst";
	LIST();
	assert_int_equal(total, 3);
	expect_seqs(items, n, (long long[]){s4, s2, s1}, 3);
	flt.object_id = "al-2";
	LIST();
	expect_seqs(items, n, (long long[]){s4, s2}, 2);

	memset(&flt, 0, sizeof(flt));
	flt.object_id = "al-1";
	LIST();
	expect_seqs(items, n, (long long[]){s3, s1}, 2);

	/* filters combine */
	memset(&flt, 0, sizeof(flt));
	flt.actor = "al.filter";
	flt.action = "al.rename";
	flt.object_type = "al_user";
	LIST();
	expect_seqs(items, n, (long long[]){s3}, 1);

	/* dates: both ends inclusive, "to" takes in its whole day */
	memset(&flt, 0, sizeof(flt));
	flt.from = "2025-03-02";
	flt.to = "2025-03-02";
	LIST();
	assert_int_equal(total, 2);
	expect_seqs(items, n, (long long[]){s3, s2}, 2);
	flt.from = "";
	flt.to = "2025-03-01";
	LIST();
	expect_seqs(items, n, (long long[]){s1}, 1);
	flt.to = "2025-03-02";
	LIST();
	expect_seqs(items, n, (long long[]){s3, s2, s1}, 3);
	flt.from = "2025-03-03";
	flt.to = "2025-03-03";
	LIST();
	expect_seqs(items, n, (long long[]){s4}, 1);
	flt.from = "2025-03-01";
	flt.to = "2025-03-03";
	LIST();
	expect_seqs(items, n, (long long[]){s4, s3, s2, s1}, 4);
	flt.from = "2025-03-02";
	flt.to = "2025-03-01"; /* an empty range */
	LIST();
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	/* from alone, with another filter to keep other tests' records out */
	memset(&flt, 0, sizeof(flt));
	flt.from = "2025-03-02";
	flt.object_type = "al_inst";
	LIST();
	expect_seqs(items, n, (long long[]){s4, s2}, 2);

	/* "" and NULL mean any */
	memset(&flt, 0, sizeof(flt));
	flt.actor = flt.action = flt.object_type = flt.object_id = "";
	flt.from = flt.to = "";
	LIST();
	assert_true(total >= 4);
#undef LIST
	release(f, c);
}

static void test_audit_list_paging(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct audit_record r, *items;
	struct audit_filter flt;
	size_t n;
	long long total, first = 0, last = 0;
	char at[32];

	assert_int_equal(store_begin(c), STORE_OK);
	for (int i = 0; i < 25; i++) {
		snprintf(at, sizeof(at), "2026-04-01T00:00:%02dZ", i);
		r = arec(at, "ap.actor", "ap.page", "ap_obj", "ap-1");
		last = append(c, &r);
		if (i == 0)
			first = last;
	}
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(last - first, 24);

	memset(&flt, 0, sizeof(flt));
	flt.action = "ap.page";
	flt.limit = 10;
	assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(n, 10);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].seq, last - (long long)i);
	flt.offset = 10;
	assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(n, 10);
	assert_int_equal(items[0].seq, last - 10);
	flt.offset = 20;
	assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(n, 5);
	assert_int_equal(items[4].seq, first);
	flt.offset = 25;
	assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(n, 0);
	/* limit 0 takes the default page (100) */
	flt.offset = 0;
	flt.limit = 0;
	assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 25);
	assert_int_equal(n, 25);
	assert_int_equal(items[0].seq, last);
	assert_int_equal(items[24].seq, first);
	release(f, c);
}

#define SCAN_BULK 1100

static void test_audit_scan(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct audit_record r;
	struct chain ch;
	long long before, head = 0, all;
	char hash[65];

	assert_int_equal(store_audit_head(c, &before, hash), STORE_OK);
	/* many records, cheaply: one transaction */
	assert_int_equal(store_begin(c), STORE_OK);
	for (int i = 0; i < SCAN_BULK; i++) {
		r = arec("2026-05-01T00:00:00Z", "as.bulk", "as.bulk", "as_obj", "as-1");
		append(c, &r);
	}
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_audit_head(c, &head, hash), STORE_OK);
	assert_int_equal(head, before + SCAN_BULK);

	/* all of them, in order, across pages, the chain intact */
	all = check_chain(c);
	assert_int_equal(all, head);
	assert_true(all > 1000);

	/* stopping early: the callback's value comes back, nothing more is
	 * visited - within the first page and beyond it */
	memset(&ch, 0, sizeof(ch));
	ch.next_seq = 1;
	snprintf(ch.prev, sizeof(ch.prev), "%s", audit_genesis);
	ch.stop_after = 5;
	assert_int_equal(store_audit_scan(c, chain_cb, &ch), 7);
	assert_int_equal(ch.count, 5);
	assert_int_equal(ch.next_seq, 6);

	memset(&ch, 0, sizeof(ch));
	ch.next_seq = 1;
	snprintf(ch.prev, sizeof(ch.prev), "%s", audit_genesis);
	ch.stop_after = 1000; /* the last of the first page */
	assert_int_equal(store_audit_scan(c, chain_cb, &ch), 7);
	assert_int_equal(ch.count, 1000);

	memset(&ch, 0, sizeof(ch));
	ch.next_seq = 1;
	snprintf(ch.prev, sizeof(ch.prev), "%s", audit_genesis);
	ch.stop_after = 1050;
	assert_int_equal(store_audit_scan(c, chain_cb, &ch), 7);
	assert_int_equal(ch.count, 1050);
	assert_int_equal(ch.next_seq, 1051);
	if (ch.why[0])
		fail_msg("%s", ch.why);
	release(f, c);
}

/* The schema refuses changes to audit records, whoever asks. */
static void test_audit_append_only(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct audit_record *items;
	struct audit_filter flt;
	size_t n;
	long long total, head = 0;
	char hash[65];

	assert_int_equal(store_audit_head(c, &head, hash), STORE_OK);
	assert_true(head >= 3);
	release(f, c);

	print_message("(two refusals from the audit triggers are expected below)\n");
	assert_int_not_equal(raw_exec("UPDATE audit SET actor = 'mallory' WHERE seq = 1"),
			     0);
	assert_int_not_equal(raw_exec("DELETE FROM audit WHERE seq = 2"), 0);

	c = acquire(f);
	memset(&flt, 0, sizeof(flt));
	flt.actor = "an.actor";
	assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 3);
	assert_int_equal(items[2].seq, 1);
	assert_int_equal(items[1].seq, 2);
	assert_int_equal(check_chain(c), head);
	release(f, c);
}

#define AUDIT_THREADS 4
#define AUDIT_PER_THREAD 50

struct appender {
	struct store *s;
	unsigned index;
	int ok;
	char err[512];
	long long seqs[AUDIT_PER_THREAD];
};

static void *appender_main(void *arg)
{
	struct appender *w = arg;
	struct store_conn *c = store_acquire(w->s);

	if (!c) {
		snprintf(w->err, sizeof(w->err), "store_acquire failed");
		return NULL;
	}
	for (int i = 0; i < AUDIT_PER_THREAD; i++) {
		struct audit_record r = arec("2026-06-01T00:00:00Z", "ac.thread",
					     "ac.append", "ac_obj", "ac-1");
		int rc = store_begin(c);

		if (rc != STORE_OK) {
			snprintf(w->err, sizeof(w->err), "begin: rc %d: %s", rc,
				 store_errmsg(c));
			break;
		}
		w->seqs[i] = append_raw(c, &r, w->index + 1, w->err, sizeof(w->err));
		if (w->seqs[i] < 0)
			break;
		rc = store_commit(c);
		if (rc != STORE_OK) {
			snprintf(w->err, sizeof(w->err), "commit: rc %d: %s", rc,
				 store_errmsg(c));
			break;
		}
		if (i == AUDIT_PER_THREAD - 1)
			w->ok = 1;
	}
	store_release(c);
	return NULL;
}

static void test_audit_concurrent(void **state)
{
	struct fx *f = *state;
	struct appender w[AUDIT_THREADS];
	pthread_t th[AUDIT_THREADS];
	long long all[AUDIT_THREADS * AUDIT_PER_THREAD], before = 0, head = 0;
	char hash[65];
	struct store_conn *c = acquire(f);
	int k = 0;

	assert_int_equal(store_audit_head(c, &before, hash), STORE_OK);
	release(f, c);

	memset(w, 0, sizeof(w));
	for (int i = 0; i < AUDIT_THREADS; i++) {
		w[i].s = f->s;
		w[i].index = (unsigned)i;
		assert_int_equal(pthread_create(&th[i], NULL, appender_main, &w[i]), 0);
	}
	for (int i = 0; i < AUDIT_THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < AUDIT_THREADS; i++) {
		if (!w[i].ok)
			fail_msg("appender %d: %s", i, w[i].err);
		for (int j = 0; j < AUDIT_PER_THREAD; j++) {
			if (j)
				assert_true(w[i].seqs[j] > w[i].seqs[j - 1]);
			all[k++] = w[i].seqs[j];
		}
	}
	/* before+1 .. before+200, each once */
	qsort(all, (size_t)k, sizeof(all[0]), cmp_ll);
	for (int i = 0; i < k; i++)
		if (all[i] != before + 1 + i)
			fail_msg("seq %lld where %lld was due (gap or duplicate)", all[i],
				 before + 1 + i);

	c = acquire(f);
	assert_int_equal(store_audit_head(c, &head, hash), STORE_OK);
	assert_int_equal(head, before + AUDIT_THREADS * AUDIT_PER_THREAD);
	/* and every record chains to the one before it */
	assert_int_equal(check_chain(c), head);
	release(f, c);
}

/* ---- the registry ----
 *
 * Institutions made here are named "登记册…" (no other test uses that
 * prefix), batches use the years 2031..2033 and counters the names
 * "regtest:…", so exact counts below hold whatever ran before. Figures
 * that span the whole database (registry_counts, expiring, overdue
 * findings) are compared as differences or filtered to the rows made
 * here.
 */

static long long reg_inst(struct store_conn *c, const char *name, const char *status)
{
	struct institution in = inst(name, "exam_station", "44");

	in.status = status;
	return insert_ok(c, &in);
}

static void test_counter_next(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	long long v = 0;

	assert_int_equal(store_begin(c), STORE_OK);
	for (long long want = 1; want <= 3; want++) {
		assert_int_equal(store_counter_next(c, "regtest:a", &v), STORE_OK);
		assert_int_equal(v, want);
	}
	/* another name starts at 1 and leaves the first alone */
	assert_int_equal(store_counter_next(c, "regtest:b", &v), STORE_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_next(c, "regtest:a", &v), STORE_OK);
	assert_int_equal(v, 4);
	assert_int_equal(store_counter_next(c, "regtest:b", &v), STORE_OK);
	assert_int_equal(v, 2);
	assert_int_equal(store_commit(c), STORE_OK);
	/* a value taken in a transaction that rolls back is given again */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_next(c, "regtest:a", &v), STORE_OK);
	assert_int_equal(v, 5);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_next(c, "regtest:a", &v), STORE_OK);
	assert_int_equal(v, 5);
	/* a name first used in a rolled-back transaction starts at 1 again */
	assert_int_equal(store_counter_next(c, "regtest:gone", &v), STORE_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_next(c, "regtest:gone", &v), STORE_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_commit(c), STORE_OK);
	/* names are exact: a prefix is another counter */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_next(c, "regtest:", &v), STORE_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_counter_next(c, "regno:2031", &v), STORE_OK);
	assert_int_equal(v, 1);
	assert_int_equal(store_commit(c), STORE_OK);
	release(f, c);
}

#define COUNTER_THREADS 4
#define COUNTER_PER_THREAD 25

struct counter_worker {
	struct store *s;
	int ok;
	char err[256];
	long long values[COUNTER_PER_THREAD];
};

static void *counter_main(void *arg)
{
	struct counter_worker *w = arg;
	struct store_conn *c = store_acquire(w->s);

	if (!c) {
		snprintf(w->err, sizeof(w->err), "store_acquire failed");
		return NULL;
	}
	for (int i = 0; i < COUNTER_PER_THREAD; i++) {
		int rc = store_begin(c);

		if (rc == STORE_OK)
			rc = store_counter_next(c, "regtest:concurrent", &w->values[i]);
		if (rc == STORE_OK)
			rc = store_commit(c);
		if (rc != STORE_OK) {
			snprintf(w->err, sizeof(w->err), "increment %d: rc %d: %s", i, rc,
				 store_errmsg(c));
			store_rollback(c);
			break;
		}
		if (i == COUNTER_PER_THREAD - 1)
			w->ok = 1;
	}
	store_release(c);
	return NULL;
}

/* 4 threads × 25 increments, each in its own transaction, all on a
 * counter that does not exist yet: 1..100, each handed out once. */
static void test_counter_concurrent(void **state)
{
	struct fx *f = *state;
	struct counter_worker w[COUNTER_THREADS];
	pthread_t th[COUNTER_THREADS];
	long long all[COUNTER_THREADS * COUNTER_PER_THREAD], v = 0;
	struct store_conn *c;
	int k = 0;

	memset(w, 0, sizeof(w));
	for (int i = 0; i < COUNTER_THREADS; i++) {
		w[i].s = f->s;
		assert_int_equal(pthread_create(&th[i], NULL, counter_main, &w[i]), 0);
	}
	for (int i = 0; i < COUNTER_THREADS; i++)
		assert_int_equal(pthread_join(th[i], NULL), 0);
	for (int i = 0; i < COUNTER_THREADS; i++) {
		if (!w[i].ok)
			fail_msg("counter thread %d: %s", i, w[i].err);
		for (int j = 0; j < COUNTER_PER_THREAD; j++) {
			if (j)
				assert_true(w[i].values[j] > w[i].values[j - 1]);
			all[k++] = w[i].values[j];
		}
	}
	qsort(all, (size_t)k, sizeof(all[0]), cmp_ll);
	for (int i = 0; i < k; i++)
		if (all[i] != i + 1)
			fail_msg("counter value %lld where %d was due (gap or duplicate)",
				 all[i], i + 1);
	c = acquire(f);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_next(c, "regtest:concurrent", &v), STORE_OK);
	assert_int_equal(v, COUNTER_THREADS * COUNTER_PER_THREAD + 1);
	assert_int_equal(store_commit(c), STORE_OK);
	release(f, c);
}

/* The batches of a year, in list order, among items. */
static size_t batches_of_year(const struct reg_batch *items, size_t n, int year,
			      const struct reg_batch **out, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (items[i].year == year && k < max)
			out[k++] = &items[i];
	return k;
}

static void test_batches(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct reg_batch b, *items;
	const struct reg_batch *mine[8];
	size_t n;
	long long id1, id2, id3, dup = 0;
	int seq = 0;

	assert_int_equal(store_batch_next_seq(c, 2031, &seq), STORE_OK);
	assert_int_equal(seq, 1);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_batch_insert(c, 2031, seq, "机械行业2031年第1批登记注册机构",
					    7, "2031-01-05T01:00:00Z", &id1),
			 STORE_OK);
	assert_int_equal(store_batch_next_seq(c, 2031, &seq), STORE_OK);
	assert_int_equal(seq, 2);
	assert_int_equal(store_batch_insert(c, 2031, seq, "第二批", 10,
					    "2031-02-05T01:00:00Z", &id2),
			 STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_true(id2 > id1);
	/* another year counts from 1 */
	assert_int_equal(store_batch_next_seq(c, 2032, &seq), STORE_OK);
	assert_int_equal(seq, 1);
	assert_int_equal(store_batch_insert(c, 2032, seq, "2032第一批", 7,
					    "2032-01-05T01:00:00Z", &id3),
			 STORE_OK);
	assert_int_equal(store_batch_next_seq(c, 2031, &seq), STORE_OK);
	assert_int_equal(seq, 3);
	/* the unique (year, seq) index refuses a number taken twice */
	assert_int_equal(store_batch_insert(c, 2031, 2, "重复的批次", 7,
					    "2031-03-01T00:00:00Z", &dup),
			 STORE_CONFLICT);
	assert_true(store_errmsg(c)[0] != '\0');
	assert_int_equal(store_batch_next_seq(c, 2031, &seq), STORE_OK);
	assert_int_equal(seq, 3); /* nothing was added */

	memset(&b, 0, sizeof(b));
	assert_int_equal(store_batch_get(c, &f->a, id1, &b), STORE_OK);
	assert_int_equal(b.id, id1);
	assert_int_equal(b.year, 2031);
	assert_int_equal(b.seq, 1);
	assert_string_equal(b.title, "机械行业2031年第1批登记注册机构");
	assert_string_equal(b.status, "open");
	assert_int_equal(b.notice_days, 7);
	assert_null(b.notice_start);
	assert_null(b.notice_end);
	assert_string_equal(b.approval_doc, "");
	assert_null(b.approval_date);
	assert_string_equal(b.created_at, "2031-01-05T01:00:00Z");
	assert_int_equal(b.size, 0);
	assert_int_equal(store_batch_get(c, &f->a, 987654321, &b), STORE_NOT_FOUND);

	/* decided only from under_notice, noticed only from open */
	assert_int_equal(store_batch_set_decided(c, id1, "机职鉴字[2031]1号", "2031-02-01"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_batch_set_notice(c, id1, "2031-01-10", "2031-01-16"),
			 STORE_OK);
	assert_int_equal(store_batch_set_notice(c, id1, "2031-01-11", "2031-01-17"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_batch_get(c, &f->a, id1, &b), STORE_OK);
	assert_string_equal(b.status, "under_notice");
	assert_string_equal(b.notice_start, "2031-01-10");
	assert_string_equal(b.notice_end, "2031-01-16");
	assert_int_equal(store_batch_set_decided(c, id1, "机职鉴字[2031]1号", "2031-02-01"),
			 STORE_OK);
	assert_int_equal(store_batch_set_decided(c, id1, "机职鉴字[2031]2号", "2031-02-02"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_batch_set_notice(c, id1, "2031-03-01", "2031-03-07"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_batch_get(c, &f->a, id1, &b), STORE_OK);
	assert_string_equal(b.status, "decided");
	assert_string_equal(b.approval_doc, "机职鉴字[2031]1号");
	assert_string_equal(b.approval_date, "2031-02-01");
	assert_string_equal(b.notice_start, "2031-01-10"); /* kept */
	assert_int_equal(store_batch_set_notice(c, 987654321, "2031-01-10", "2031-01-16"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_batch_set_notice(c, id2, "2031-02-10", "2031-02-19"),
			 STORE_OK);

	/* lists: newest first (year, then number), filtered by status */
	assert_int_equal(store_batch_list(c, &f->a, "", &items, &n), STORE_OK);
	assert_int_equal(batches_of_year(items, n, 2031, mine, 8), 2);
	assert_int_equal(mine[0]->id, id2);
	assert_int_equal(mine[1]->id, id1);
	assert_int_equal(batches_of_year(items, n, 2032, mine, 8), 1);
	for (size_t i = 1; i < n; i++)
		assert_true(items[i - 1].year > items[i].year ||
			    (items[i - 1].year == items[i].year &&
			     items[i - 1].seq > items[i].seq));
	assert_int_equal(store_batch_list(c, &f->a, NULL, &items, &n), STORE_OK);
	assert_int_equal(batches_of_year(items, n, 2031, mine, 8), 2);
	assert_int_equal(store_batch_list(c, &f->a, "open", &items, &n), STORE_OK);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(items[i].status, "open");
	assert_int_equal(batches_of_year(items, n, 2031, mine, 8), 0);
	assert_int_equal(batches_of_year(items, n, 2032, mine, 8), 1);
	assert_int_equal(mine[0]->id, id3);
	assert_int_equal(store_batch_list(c, &f->a, "under_notice", &items, &n), STORE_OK);
	assert_int_equal(batches_of_year(items, n, 2031, mine, 8), 1);
	assert_int_equal(mine[0]->id, id2);
	assert_string_equal(mine[0]->notice_end, "2031-02-19");
	assert_int_equal(store_batch_list(c, &f->a, "decided", &items, &n), STORE_OK);
	assert_int_equal(batches_of_year(items, n, 2031, mine, 8), 1);
	assert_int_equal(mine[0]->id, id1);
	assert_int_equal(store_batch_list(c, &f->a, "nonsense", &items, &n), STORE_OK);
	assert_int_equal(n, 0);
	release(f, c);
}

/* The registrations of institution iid among items. */
static size_t regs_of(const struct registration *items, size_t n, long long iid)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (items[i].institution_id == iid)
			k++;
	return k;
}

static void test_registrations(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct registration g, *items;
	size_t n;
	long long ia, ib, ra, rb, rb2, batch, other;
	int seq;

	ia = reg_inst(c, "登记册申请甲", NULL);
	ib = reg_inst(c, "登记册申请乙", "registered");
	assert_int_equal(store_batch_next_seq(c, 2033, &seq), STORE_OK);
	assert_int_equal(store_batch_insert(c, 2033, seq, "申请测试批", 7,
					    "2033-01-01T00:00:00Z", &batch),
			 STORE_OK);
	assert_int_equal(store_batch_insert(c, 2033, seq + 1, "另一批", 7,
					    "2033-01-01T00:00:00Z", &other),
			 STORE_OK);

	assert_int_equal(store_registration_insert(c, ia, "initial",
						   "2033-01-02T00:00:00Z", &ra),
			 STORE_OK);
	assert_int_equal(store_registration_insert(c, ib, "renewal",
						   "2033-01-03T00:00:00Z", &rb),
			 STORE_OK);
	assert_true(rb > ra);

	memset(&g, 0, sizeof(g));
	assert_int_equal(store_registration_get(c, &f->a, ra, &g), STORE_OK);
	assert_int_equal(g.id, ra);
	assert_int_equal(g.institution_id, ia);
	assert_int_equal(g.batch_id, 0);
	assert_string_equal(g.kind, "initial");
	assert_string_equal(g.status, "pending");
	assert_string_equal(g.applied_at, "2033-01-02T00:00:00Z");
	assert_null(g.decided_at);
	assert_string_equal(g.note, "");
	assert_string_equal(g.institution_name, "登记册申请甲");
	assert_string_equal(g.institution_status, "applying");
	assert_int_equal(g.open_objections, 0);
	assert_int_equal(store_registration_get(c, &f->a, 987654321, &g), STORE_NOT_FOUND);
	assert_int_equal(store_registration_get(c, &f->a, rb, &g), STORE_OK);
	assert_string_equal(g.kind, "renewal");
	assert_string_equal(g.institution_status, "registered");

	/* into a batch, only while pending */
	assert_int_equal(store_registration_set_batch(c, ra, batch), STORE_OK);
	assert_int_equal(store_registration_get(c, &f->a, ra, &g), STORE_OK);
	assert_int_equal(g.batch_id, batch);
	assert_int_equal(store_registration_set_batch(c, 987654321, batch), STORE_NOT_FOUND);

	/* filters: batch -1 any, 0 none, an id; institution; status */
	assert_int_equal(store_registration_list(c, &f->a, batch, 0, "", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, ra);
	assert_int_equal(items[0].batch_id, batch);
	assert_string_equal(items[0].institution_name, "登记册申请甲");
	assert_int_equal(store_registration_list(c, &f->a, 0, 0, "", &items, &n), STORE_OK);
	assert_int_equal(regs_of(items, n, ia), 0);
	assert_int_equal(regs_of(items, n, ib), 1);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(items[i].batch_id, 0);
	assert_int_equal(store_registration_list(c, &f->a, -1, 0, "", &items, &n), STORE_OK);
	assert_int_equal(regs_of(items, n, ia), 1);
	assert_int_equal(regs_of(items, n, ib), 1);
	for (size_t i = 1; i < n; i++)
		assert_true(items[i - 1].id < items[i].id);
	assert_int_equal(store_registration_list(c, &f->a, -1, ib, "", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, rb);
	assert_int_equal(store_registration_list(c, &f->a, -1, ia, "pending", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_registration_list(c, &f->a, -1, ia, "approved", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_registration_list(c, &f->a, other, 0, "", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_registration_list(c, &f->a, batch, ib, "", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 0);

	/* out of the batch again (0 = none) and back in */
	assert_int_equal(store_registration_set_batch(c, ra, 0), STORE_OK);
	assert_int_equal(store_registration_get(c, &f->a, ra, &g), STORE_OK);
	assert_int_equal(g.batch_id, 0);
	assert_int_equal(store_registration_list(c, &f->a, batch, 0, "", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_registration_set_batch(c, ra, batch), STORE_OK);

	/* decided only while pending; after that the batch is fixed */
	assert_int_equal(store_registration_decide(c, ra, "approved", "机职鉴字[2033]1号",
						   "2033-02-01T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_registration_decide(c, ra, "rejected", "again",
						   "2033-02-02T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_registration_set_batch(c, ra, other), STORE_NOT_FOUND);
	assert_int_equal(store_registration_get(c, &f->a, ra, &g), STORE_OK);
	assert_string_equal(g.status, "approved");
	assert_string_equal(g.note, "机职鉴字[2033]1号");
	assert_string_equal(g.decided_at, "2033-02-01T00:00:00Z");
	assert_int_equal(g.batch_id, batch);
	assert_int_equal(store_registration_decide(c, rb, "withdrawn", NULL,
						   "2033-02-03T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_registration_get(c, &f->a, rb, &g), STORE_OK);
	assert_string_equal(g.status, "withdrawn");
	assert_string_equal(g.note, ""); /* NULL note stored as "" */
	assert_int_equal(store_registration_decide(c, 987654321, "approved", "",
						   "2033-02-03T00:00:00Z"),
			 STORE_NOT_FOUND);
	/* a new application of the same institution is another row */
	assert_int_equal(store_registration_insert(c, ib, "renewal",
						   "2033-03-01T00:00:00Z", &rb2),
			 STORE_OK);
	assert_int_equal(store_registration_list(c, &f->a, -1, ib, "", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, rb);
	assert_int_equal(items[1].id, rb2);
	assert_int_equal(store_registration_list(c, &f->a, -1, ib, "pending", &items, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, rb2);
	/* the batch counts its applications */
	{
		struct reg_batch b;

		assert_int_equal(store_batch_get(c, &f->a, batch, &b), STORE_OK);
		assert_int_equal(b.size, 1);
	}
	release(f, c);
}

static void test_objections(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct objection o, got, *items;
	struct registration g;
	size_t n;
	long long ia, ib, batch, reg, oa, ob, oc;
	int seq;

	ia = reg_inst(c, "登记册异议甲", "under_notice");
	ib = reg_inst(c, "登记册异议乙", "under_notice");
	assert_int_equal(store_batch_next_seq(c, 2033, &seq), STORE_OK);
	assert_int_equal(store_batch_insert(c, 2033, seq, "异议测试批", 7,
					    "2033-04-01T00:00:00Z", &batch),
			 STORE_OK);
	assert_int_equal(store_registration_insert(c, ia, "initial",
						   "2033-04-01T00:00:00Z", &reg),
			 STORE_OK);
	assert_int_equal(store_registration_set_batch(c, reg, batch), STORE_OK);

	memset(&o, 0, sizeof(o));
	o.batch_id = batch;
	o.institution_id = ia;
	o.filer_name = "王某";
	o.filer_contact = "13800000000";
	o.body = "该机构场地不符合要求。";
	o.filed_at = "2033-04-03T08:00:00Z";
	o.address = "192.0.2.7";
	assert_int_equal(store_objection_insert(c, &o, &oa), STORE_OK);
	o.institution_id = ib;
	o.filer_name = "李某";
	o.address = NULL; /* stored as "" */
	o.filed_at = "2033-04-04T08:00:00Z";
	assert_int_equal(store_objection_insert(c, &o, &ob), STORE_OK);
	o.institution_id = ia;
	o.filer_name = "赵某";
	o.filed_at = "2033-04-05T08:00:00Z";
	assert_int_equal(store_objection_insert(c, &o, &oc), STORE_OK);
	assert_true(oa < ob && ob < oc);

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_objection_get(c, &f->a, oa, &got), STORE_OK);
	assert_int_equal(got.id, oa);
	assert_int_equal(got.batch_id, batch);
	assert_int_equal(got.institution_id, ia);
	assert_string_equal(got.filer_name, "王某");
	assert_string_equal(got.filer_contact, "13800000000");
	assert_string_equal(got.body, "该机构场地不符合要求。");
	assert_string_equal(got.filed_at, "2033-04-03T08:00:00Z");
	assert_string_equal(got.address, "192.0.2.7");
	assert_string_equal(got.status, "open");
	assert_string_equal(got.resolution, "");
	assert_null(got.resolved_at);
	assert_string_equal(got.institution_name, "登记册异议甲");
	assert_int_equal(store_objection_get(c, &f->a, ob, &got), STORE_OK);
	assert_string_equal(got.address, "");
	assert_int_equal(store_objection_get(c, &f->a, 987654321, &got), STORE_NOT_FOUND);

	/* the application sees the open objections against it in its batch */
	assert_int_equal(store_registration_get(c, &f->a, reg, &g), STORE_OK);
	assert_int_equal(g.open_objections, 2);

	assert_int_equal(store_objection_list(c, &f->a, batch, &items, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(items[0].id, oa);
	assert_int_equal(items[1].id, ob);
	assert_int_equal(items[2].id, oc);
	assert_string_equal(items[1].institution_name, "登记册异议乙");
	assert_int_equal(store_objection_list(c, &f->a, 987654321, &items, &n), STORE_OK);
	assert_int_equal(n, 0);

	/* resolved once */
	assert_int_equal(store_objection_resolve(c, oa, "dismissed", "经核查不属实",
						 "2033-04-10T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_objection_resolve(c, oa, "upheld", "改判",
						 "2033-04-11T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_objection_resolve(c, 987654321, "upheld", "x",
						 "2033-04-11T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_objection_get(c, &f->a, oa, &got), STORE_OK);
	assert_string_equal(got.status, "dismissed");
	assert_string_equal(got.resolution, "经核查不属实");
	assert_string_equal(got.resolved_at, "2033-04-10T00:00:00Z");
	assert_int_equal(store_registration_get(c, &f->a, reg, &g), STORE_OK);
	assert_int_equal(g.open_objections, 1);
	assert_int_equal(store_objection_resolve(c, oc, "upheld", "属实",
						 "2033-04-12T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_registration_get(c, &f->a, reg, &g), STORE_OK);
	assert_int_equal(g.open_objections, 0);
	assert_int_equal(store_objection_get(c, &f->a, oc, &got), STORE_OK);
	assert_string_equal(got.status, "upheld");
	release(f, c);
}

static void test_status_log(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct status_change s, *items;
	size_t n;
	long long id, other;

	id = reg_inst(c, "登记册状态甲", NULL);
	other = reg_inst(c, "登记册状态乙", NULL);
	memset(&s, 0, sizeof(s));
	s.institution_id = id;
	s.from_status = "registered";
	s.to_status = "suspended";
	s.reason = "年检不合格";
	s.doc_no = "机职鉴字[2033]7号";
	s.at = "2033-05-01T00:00:00Z";
	s.actor = "alice";
	assert_int_equal(store_status_log(c, &s), STORE_OK);
	s.from_status = "suspended";
	s.to_status = "registered";
	s.reason = NULL; /* stored as "" */
	s.doc_no = NULL;
	s.at = "2033-06-01T00:00:00Z";
	s.actor = "system";
	assert_int_equal(store_status_log(c, &s), STORE_OK);

	assert_int_equal(store_status_history(c, &f->a, id, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_true(items[0].id < items[1].id);
	assert_int_equal(items[0].institution_id, id);
	assert_string_equal(items[0].from_status, "registered");
	assert_string_equal(items[0].to_status, "suspended");
	assert_string_equal(items[0].reason, "年检不合格");
	assert_string_equal(items[0].doc_no, "机职鉴字[2033]7号");
	assert_string_equal(items[0].at, "2033-05-01T00:00:00Z");
	assert_string_equal(items[0].actor, "alice");
	assert_string_equal(items[1].to_status, "registered");
	assert_string_equal(items[1].reason, "");
	assert_string_equal(items[1].doc_no, "");
	assert_string_equal(items[1].actor, "system");
	assert_int_equal(store_status_history(c, &f->a, other, &items, &n), STORE_OK);
	assert_int_equal(n, 0);
	release(f, c);
}

static void test_scope(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct scope_entry e, *items;
	size_t n;
	long long id, other, s1, s2, s3;

	id = reg_inst(c, "登记册范围甲", "registered");
	other = reg_inst(c, "登记册范围乙", "registered");
	memset(&e, 0, sizeof(e));
	e.institution_id = id;
	e.occupation_code = "6-18-01-01";
	e.occupation_name = "车工";
	e.levels = (1u << 5) | (1u << 4) | (1u << 3);
	e.doc_no = "机职鉴字[2033]8号";
	e.valid_from = "2033-01-01";
	assert_int_equal(store_scope_insert(c, &e, &s1), STORE_OK);
	e.occupation_code = "4-12-01-02";
	e.occupation_name = "汽车维修工";
	e.work_type = "机电维修";
	e.levels = 1u << 2;
	e.doc_no = NULL; /* stored as "" */
	assert_int_equal(store_scope_insert(c, &e, &s2), STORE_OK);
	e.institution_id = other;
	e.occupation_code = "6-18-01-01";
	e.occupation_name = "车工";
	e.work_type = NULL;
	assert_int_equal(store_scope_insert(c, &e, &s3), STORE_OK);

	/* current only, ordered by occupation code */
	assert_int_equal(store_scope_list(c, &f->a, id, 1, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, s2);
	assert_string_equal(items[0].occupation_code, "4-12-01-02");
	assert_string_equal(items[0].occupation_name, "汽车维修工");
	assert_string_equal(items[0].work_type, "机电维修");
	assert_int_equal(items[0].levels, 1u << 2);
	assert_string_equal(items[0].doc_no, "");
	assert_string_equal(items[0].valid_from, "2033-01-01");
	assert_null(items[0].valid_to);
	assert_int_equal(items[1].id, s1);
	assert_int_equal(items[1].institution_id, id);
	assert_int_equal(items[1].levels, (1u << 5) | (1u << 4) | (1u << 3));
	assert_string_equal(items[1].work_type, "");
	assert_string_equal(items[1].doc_no, "机职鉴字[2033]8号");

	/* closed once, and only by its own institution */
	assert_int_equal(store_scope_close(c, other, s1, "2033-07-01"), STORE_NOT_FOUND);
	assert_int_equal(store_scope_close(c, id, s1, "2033-07-01"), STORE_OK);
	assert_int_equal(store_scope_close(c, id, s1, "2033-08-01"), STORE_NOT_FOUND);
	assert_int_equal(store_scope_close(c, id, 987654321, "2033-08-01"), STORE_NOT_FOUND);
	assert_int_equal(store_scope_list(c, &f->a, id, 1, &items, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, s2);
	assert_int_equal(store_scope_list(c, &f->a, id, 0, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[1].id, s1);
	assert_string_equal(items[1].valid_to, "2033-07-01");
	assert_null(items[0].valid_to);
	/* the other institution's entry is untouched */
	assert_int_equal(store_scope_list(c, &f->a, other, 1, &items, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, s3);
	release(f, c);
}

static void test_filings(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct filing fl, *items;
	size_t n;
	long long id, f1, f2, f3;

	id = reg_inst(c, "登记册备案甲", "registered");
	memset(&fl, 0, sizeof(fl));
	fl.institution_id = id;
	fl.authority = "广东省人力资源和社会保障厅";
	fl.filing_no = "粤人社备[2024]1号";
	fl.filing_date = "2024-03-01";
	fl.institution_code = "0012";
	fl.province_code = "44";
	fl.site_code = "000045";
	fl.created_at = "2033-01-01T00:00:00Z";
	assert_int_equal(store_filing_insert(c, &fl, &f1), STORE_OK);
	fl.filing_no = "粤人社备[2025]9号";
	fl.filing_date = "2025-06-01";
	fl.site_code = "000046";
	assert_int_equal(store_filing_insert(c, &fl, &f2), STORE_OK);
	/* entered later but dated earlier */
	fl.filing_no = "粤人社备[2023]5号";
	fl.filing_date = "2023-01-15";
	assert_int_equal(store_filing_insert(c, &fl, &f3), STORE_OK);

	assert_int_equal(store_filing_list(c, &f->a, id, &items, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(items[0].id, f2); /* the one in force */
	assert_int_equal(items[1].id, f1);
	assert_int_equal(items[2].id, f3);
	assert_int_equal(items[0].institution_id, id);
	assert_string_equal(items[0].authority, "广东省人力资源和社会保障厅");
	assert_string_equal(items[0].filing_no, "粤人社备[2025]9号");
	assert_string_equal(items[0].filing_date, "2025-06-01");
	assert_string_equal(items[0].institution_code, "0012");
	assert_string_equal(items[0].province_code, "44");
	assert_string_equal(items[0].site_code, "000046");
	assert_string_equal(items[0].created_at, "2033-01-01T00:00:00Z");
	assert_int_equal(store_filing_list(c, &f->a, 987654321, &items, &n), STORE_OK);
	assert_int_equal(n, 0);
	release(f, c);
}

/* The findings of institution iid among items, in order, into ids. */
static size_t findings_of(const struct finding *items, size_t n, long long iid,
			  long long *ids, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (items[i].institution_id == iid && k < max)
			ids[k++] = items[i].id;
	return k;
}

static void test_inspections_findings(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct inspection in, *items;
	struct finding fd, got, *fl;
	size_t n;
	long long id, i1, i2, owner = 0, d1, d2, d3, ids[8];

	id = reg_inst(c, "登记册年检甲", "registered");
	memset(&in, 0, sizeof(in));
	in.institution_id = id;
	in.year = 2032;
	in.inspected_on = "2032-11-20";
	in.outcome = "rectify";
	in.notes = "考场监控不全";
	in.created_at = "2032-11-21T00:00:00Z";
	assert_int_equal(store_inspection_insert(c, &in, &i1), STORE_OK);
	in.year = 2033;
	in.inspected_on = "2033-11-20";
	in.outcome = "pass";
	in.notes = NULL; /* stored as "" */
	assert_int_equal(store_inspection_insert(c, &in, &i2), STORE_OK);
	assert_int_equal(store_inspection_owner(c, i1, &owner), STORE_OK);
	assert_int_equal(owner, id);
	assert_int_equal(store_inspection_owner(c, 987654321, &owner), STORE_NOT_FOUND);
	assert_int_equal(store_inspection_list(c, &f->a, id, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, i2); /* newest first */
	assert_int_equal(items[0].year, 2033);
	assert_string_equal(items[0].outcome, "pass");
	assert_string_equal(items[0].notes, "");
	assert_int_equal(items[1].id, i1);
	assert_string_equal(items[1].inspected_on, "2032-11-20");
	assert_string_equal(items[1].notes, "考场监控不全");
	assert_string_equal(items[1].created_at, "2032-11-21T00:00:00Z");

	memset(&fd, 0, sizeof(fd));
	fd.inspection_id = i1;
	fd.institution_id = id;
	fd.description = "补装监控";
	fd.deadline = "2033-01-31";
	assert_int_equal(store_finding_insert(c, &fd, &d1), STORE_OK);
	fd.description = "更新考评员名单";
	fd.deadline = "2032-12-31";
	assert_int_equal(store_finding_insert(c, &fd, &d2), STORE_OK);
	fd.description = "整改报告";
	fd.deadline = "2033-06-30";
	assert_int_equal(store_finding_insert(c, &fd, &d3), STORE_OK);

	memset(&got, 0, sizeof(got));
	assert_int_equal(store_finding_get(c, &f->a, d1, &got), STORE_OK);
	assert_int_equal(got.id, d1);
	assert_int_equal(got.inspection_id, i1);
	assert_int_equal(got.institution_id, id);
	assert_string_equal(got.description, "补装监控");
	assert_string_equal(got.deadline, "2033-01-31");
	assert_string_equal(got.status, "open");
	assert_null(got.closed_on);
	assert_string_equal(got.closing_note, "");
	assert_string_equal(got.institution_name, "登记册年检甲");
	assert_int_equal(store_finding_get(c, &f->a, 987654321, &got), STORE_NOT_FOUND);

	/* every finding of the institution, by deadline */
	assert_int_equal(store_finding_list(c, &f->a, id, NULL, &fl, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_int_equal(fl[0].id, d2);
	assert_int_equal(fl[1].id, d1);
	assert_int_equal(fl[2].id, d3);
	assert_int_equal(store_finding_list(c, &f->a, id, "", &fl, &n), STORE_OK);
	assert_int_equal(n, 3);
	/* overdue on 2033-02-01: open and deadline before that day */
	assert_int_equal(store_finding_list(c, &f->a, id, "2033-02-01", &fl, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(fl[0].id, d2);
	assert_int_equal(fl[1].id, d1);
	/* a deadline on the day itself is not overdue yet */
	assert_int_equal(store_finding_list(c, &f->a, id, "2033-01-31", &fl, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fl[0].id, d2);

	/* closed once */
	assert_int_equal(store_finding_close(c, d2, "2033-01-15", "名单已更新"), STORE_OK);
	assert_int_equal(store_finding_close(c, d2, "2033-01-16", "again"), STORE_NOT_FOUND);
	assert_int_equal(store_finding_close(c, 987654321, "2033-01-16", "x"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_finding_get(c, &f->a, d2, &got), STORE_OK);
	assert_string_equal(got.status, "closed");
	assert_string_equal(got.closed_on, "2033-01-15");
	assert_string_equal(got.closing_note, "名单已更新");
	/* a closed finding is never overdue */
	assert_int_equal(store_finding_list(c, &f->a, id, "2033-02-01", &fl, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(fl[0].id, d1);
	/* all institutions (0): ours are among them, in deadline order */
	assert_int_equal(store_finding_list(c, &f->a, 0, "2033-12-31", &fl, &n), STORE_OK);
	assert_int_equal(findings_of(fl, n, id, ids, 8), 2);
	assert_int_equal(ids[0], d1);
	assert_int_equal(ids[1], d3);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(fl[i].status, "open");
		assert_true(strcmp(fl[i].deadline, "2033-12-31") < 0);
		assert_true(i == 0 || strcmp(fl[i - 1].deadline, fl[i].deadline) <= 0);
	}
	release(f, c);
}

/* supervision flags (migration 0036, issue 16): one per (rule, subject,
 * year); refreshed while open or cleared, cleared while open, decided once */
static void test_sup_flags(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct sup_flag fl, got, *items;
	struct sup_flag_filter ff;
	size_t n;
	long long id, a, b, total, root, stranger = 0;
	const struct store_scope all = {.all = true}, none = {0};
	struct store_scope mine = {.roots = &root, .nroots = 1},
			   other = {.roots = &stranger, .nroots = 1};

	id = reg_inst(c, "监督线索甲", "registered");
	root = id;
	stranger = id + 1000000;
	memset(&fl, 0, sizeof(fl));
	fl.rule = "theory_bunching";
	fl.subject = "institution:1";
	fl.year = 2031;
	fl.institution_id = id;
	fl.statistic = "24 in [60, 65)";
	fl.figures = "{\"above\":24}";
	fl.evidence = "[{\"kind\":\"enrolment\",\"id\":7}]";
	fl.rules_version = "2026-1";
	fl.raised_at = "2031-05-01T00:00:00Z";
	assert_int_equal(store_sup_flag_insert(c, &fl, &a), STORE_OK);
	assert_int_equal(store_sup_flag_insert(c, &fl, &b), STORE_CONFLICT);
	fl.year = 2032;
	assert_int_equal(store_sup_flag_insert(c, &fl, &b), STORE_OK);
	assert_int_equal(store_sup_flag_get(c, &f->a, a, &got), STORE_OK);
	assert_string_equal(got.status, "open");
	assert_string_equal(got.institution_name, "监督线索甲");
	assert_string_equal(got.evidence, "[{\"kind\":\"enrolment\",\"id\":7}]");
	assert_int_equal(got.person_id, 0);
	assert_int_equal(got.finding_id, 0);
	/* raised again: the new figures */
	fl.id = a;
	fl.statistic = "25 in [60, 65)";
	fl.updated_at = "2031-06-01T00:00:00Z";
	assert_int_equal(store_sup_flag_refresh(c, &fl), STORE_OK);
	/* no longer raised: cleared, then raised again: open */
	assert_int_equal(store_sup_flag_clear(c, a, "2031-07-01T00:00:00Z"), STORE_OK);
	assert_int_equal(store_sup_flag_clear(c, a, "2031-07-01T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_sup_flag_get(c, &f->a, a, &got), STORE_OK);
	assert_string_equal(got.status, "cleared");
	assert_int_equal(store_sup_flag_decide(c, a, "dismissed", "x", 0, "tester",
					       "2031-07-02T00:00:00Z"),
			 STORE_CONFLICT);
	assert_int_equal(store_sup_flag_refresh(c, &fl), STORE_OK);
	assert_int_equal(store_sup_flag_get(c, &f->a, a, &got), STORE_OK);
	assert_string_equal(got.status, "open");
	assert_string_equal(got.statistic, "25 in [60, 65)");
	/* decided once; a decided flag is neither refreshed nor cleared */
	assert_int_equal(store_sup_flag_decide(c, a, "dismissed", "核实无误", 0, "tester",
					       "2031-08-01T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_sup_flag_decide(c, a, "dismissed", "again", 0, "tester",
					       "2031-08-02T00:00:00Z"),
			 STORE_CONFLICT);
	assert_int_equal(store_sup_flag_refresh(c, &fl), STORE_NOT_FOUND);
	assert_int_equal(store_sup_flag_clear(c, a, "2031-09-01T00:00:00Z"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_sup_flag_get(c, &f->a, a, &got), STORE_OK);
	assert_string_equal(got.status, "dismissed");
	assert_string_equal(got.note, "核实无误");
	assert_string_equal(got.decided_by, "tester");
	/* the list: filters, newest year first; the scope and the page in SQL */
	memset(&ff, 0, sizeof(ff));
	ff.institution_id = id;
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &all, 0, 10, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(items[0].id, b);
	assert_int_equal(items[1].id, a);
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &all, 1, 1, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(total, 2);
	assert_int_equal(items[0].id, a);
	ff.institution_id = 0;
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &mine, 0, 10, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(total, 2);
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &other, 0, 10, &items, &n,
					     &total),
			 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 0);
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &none, 0, 10, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 0);
	ff.institution_id = id;
	ff.status = "dismissed";
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &all, 0, 10, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 1);
	ff.status = NULL;
	ff.year = 2032;
	ff.rule = "theory_bunching";
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &all, 0, 10, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, b);
	ff.rule = "fast_entry";
	assert_int_equal(store_sup_flag_list(c, &f->a, &ff, &all, 0, 10, &items, &n, &total),
			 STORE_OK);
	assert_int_equal(n, 0);
	/* a scan's rows of a year with nothing */
	{
		struct sup_row *rows;

		for (int q = 0; q < SUPQ_COUNT; q++) {
			assert_int_equal(store_sup_rows(c, &f->a, (enum store_sup_query)q,
							1999, "1999-01-01", &rows, &n),
					 STORE_OK);
			assert_int_equal(n, 0);
		}
	}
	release(f, c);
}

/* Sets an institution's registration (status, number, dates). */
static void set_reg(struct store_conn *c, struct arena *a, long long id, const char *status,
		    const char *regno, const char *from, const char *until)
{
	struct institution in;

	assert_int_equal(store_institution_get(c, a, id, &in), STORE_OK);
	in.status = status;
	in.registration_no = regno;
	in.registered_on = from;
	in.valid_until = until;
	in.approval_doc = "机职鉴字[2030]1号";
	in.approval_date = from;
	in.updated_at = "2033-01-01T00:00:00Z";
	if (store_institution_set_registration(c, &in) != STORE_OK)
		fail_msg("set_registration %lld: %s", id, store_errmsg(c));
}

static void test_institution_registry_fields(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in, got;
	long long id, id2;

	in = inst("登记册字段甲", "branch_center", "65");
	in.branch_kind = "regional";
	in.address = "乌鲁木齐市某路1号";
	in.host_org = "新疆某集团";
	in.contact_name = "张三";
	in.contact_phone = "0991-1234567";
	in.contact_email = "a@example.cn";
	in.credit_code = "91350211M0000XUF46";
	in.credit_code_note = "营业执照原件如此";
	id = insert_ok(c, &in);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.status, "applying"); /* NULL status = applying */
	assert_string_equal(got.branch_kind, "regional");
	assert_string_equal(got.address, "乌鲁木齐市某路1号");
	assert_string_equal(got.host_org, "新疆某集团");
	assert_string_equal(got.contact_name, "张三");
	assert_string_equal(got.contact_phone, "0991-1234567");
	assert_string_equal(got.contact_email, "a@example.cn");
	assert_string_equal(got.credit_code_note, "营业执照原件如此");
	assert_null(got.registration_no);
	assert_null(got.registered_on);
	assert_null(got.valid_until);
	assert_string_equal(got.approval_doc, "");
	assert_null(got.approval_date);

	/* registration */
	set_reg(c, &f->a, id, "registered", "JXJD20330001", "2033-02-01", "2036-01-31");
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.status, "registered");
	assert_string_equal(got.registration_no, "JXJD20330001");
	assert_string_equal(got.registered_on, "2033-02-01");
	assert_string_equal(got.valid_until, "2036-01-31");
	assert_string_equal(got.approval_doc, "机职鉴字[2030]1号");
	assert_string_equal(got.approval_date, "2033-02-01");
	assert_string_equal(got.updated_at, "2033-01-01T00:00:00Z");
	assert_string_equal(got.contact_name, "张三"); /* untouched */
	/* the registration number is unique */
	id2 = reg_inst(c, "登记册字段乙", NULL);
	assert_int_equal(store_institution_get(c, &f->a, id2, &in), STORE_OK);
	in.status = "registered";
	in.registration_no = "JXJD20330001";
	in.registered_on = in.valid_until = in.approval_date = "2033-02-01";
	in.approval_doc = "x";
	assert_int_equal(store_institution_set_registration(c, &in), STORE_CONFLICT);
	in.id = 987654321;
	in.registration_no = "JXJD20339999";
	assert_int_equal(store_institution_set_registration(c, &in), STORE_NOT_FOUND);

	/* status */
	assert_int_equal(store_institution_set_status(c, id, "suspended",
						      "2033-03-01T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.status, "suspended");
	assert_string_equal(got.updated_at, "2033-03-01T00:00:00Z");
	assert_string_equal(got.registration_no, "JXJD20330001"); /* kept */
	assert_int_equal(store_institution_set_status(c, 987654321, "suspended",
						      "2033-03-01T00:00:00Z"),
			 STORE_NOT_FOUND);

	/* details */
	got.address = "乌鲁木齐市新路2号";
	got.host_org = NULL; /* stored as "" */
	got.contact_name = "李四";
	got.contact_phone = "";
	got.contact_email = "b@example.cn";
	got.credit_code = "91110108123456788E";
	got.credit_code_note = "";
	got.province = "11";
	got.updated_at = "2033-04-01T00:00:00Z";
	assert_int_equal(store_institution_update(c, &got), STORE_OK);
	assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.address, "乌鲁木齐市新路2号");
	assert_string_equal(got.host_org, "");
	assert_string_equal(got.contact_name, "李四");
	assert_string_equal(got.contact_phone, "");
	assert_string_equal(got.contact_email, "b@example.cn");
	assert_string_equal(got.credit_code, "91110108123456788E");
	assert_string_equal(got.credit_code_note, "");
	assert_string_equal(got.province, "11");
	assert_string_equal(got.updated_at, "2033-04-01T00:00:00Z");
	/* what update does not touch */
	assert_string_equal(got.name, "登记册字段甲");
	assert_string_equal(got.type, "branch_center");
	assert_string_equal(got.status, "suspended");
	assert_string_equal(got.registration_no, "JXJD20330001");
	got.id = 987654321;
	assert_int_equal(store_institution_update(c, &got), STORE_NOT_FOUND);
	release(f, c);
}

/* The ids of items, compared with ids. */
static void expect_list(struct store_conn *c, struct arena *a,
			const struct institution_filter *flt, const long long *ids,
			size_t nids)
{
	struct institution *items;
	size_t n;
	long long total = -1;
	int rc = store_institution_list(c, a, flt, &items, &n, &total);

	if (rc != STORE_OK)
		fail_msg("list: rc %d: %s", rc, store_errmsg(c));
	if ((size_t)total != nids || n != nids)
		fail_msg("list status=%s occupation=%s today=%s: %zu items (total %lld), want %zu",
			 flt->status ? flt->status : "",
			 flt->occupation ? flt->occupation : "",
			 flt->today ? flt->today : "", n, total, nids);
	expect_ids(items, n, ids, nids);
}

static void test_list_registry_filters(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution_filter flt;
	struct scope_entry e;
	long long app, valid, expired, susp, susp_exp, revoked, sid;

	app = reg_inst(c, "登记册筛选申请", NULL);
	valid = reg_inst(c, "登记册筛选有效", NULL);
	expired = reg_inst(c, "登记册筛选过期", NULL);
	susp = reg_inst(c, "登记册筛选暂停", NULL);
	susp_exp = reg_inst(c, "登记册筛选暂停过期", NULL);
	revoked = reg_inst(c, "登记册筛选撤销", NULL);
	set_reg(c, &f->a, valid, "registered", "JXJD20330101", "2033-01-01", "2035-12-31");
	set_reg(c, &f->a, expired, "registered", "JXJD20330102", "2030-01-01", "2032-12-31");
	set_reg(c, &f->a, susp, "suspended", "JXJD20330103", "2033-01-01", "2035-12-31");
	set_reg(c, &f->a, susp_exp, "suspended", "JXJD20330104", "2030-01-01", "2032-12-31");
	set_reg(c, &f->a, revoked, "revoked", "JXJD20330105", "2030-01-01", "2032-12-31");

	memset(&flt, 0, sizeof(flt));
	flt.q = "登记册筛选";
	flt.limit = 50;
	expect_list(c, &f->a, &flt,
		    (long long[]){app, valid, expired, susp, susp_exp, revoked}, 6);
	/* judged on 2033-06-01: past valid_until a registration is expired */
	flt.today = "2033-06-01";
	flt.status = "registered";
	expect_list(c, &f->a, &flt, (long long[]){valid}, 1);
	flt.status = "expired";
	expect_list(c, &f->a, &flt, (long long[]){expired, susp_exp}, 2);
	flt.status = "suspended";
	expect_list(c, &f->a, &flt, (long long[]){susp}, 1);
	flt.status = "revoked"; /* revoked stays revoked, whatever its dates */
	expect_list(c, &f->a, &flt, (long long[]){revoked}, 1);
	flt.status = "applying";
	expect_list(c, &f->a, &flt, (long long[]){app}, 1);
	flt.status = "under_notice";
	expect_list(c, &f->a, &flt, NULL, 0);
	/* the last valid day is not expired yet */
	flt.today = "2032-12-31";
	flt.status = "expired";
	expect_list(c, &f->a, &flt, NULL, 0);
	flt.status = "registered";
	expect_list(c, &f->a, &flt, (long long[]){valid, expired}, 2);
	/* another day, another answer */
	flt.today = "2036-01-01";
	flt.status = "expired";
	expect_list(c, &f->a, &flt, (long long[]){valid, expired, susp, susp_exp}, 4);
	flt.status = "";
	expect_list(c, &f->a, &flt,
		    (long long[]){app, valid, expired, susp, susp_exp, revoked}, 6);

	/* occupation: in the current scope, by exact code or part of the name */
	memset(&e, 0, sizeof(e));
	e.institution_id = valid;
	e.occupation_code = "6-18-01-01";
	e.occupation_name = "车工";
	e.levels = 1u << 3;
	e.valid_from = "2033-01-01";
	assert_int_equal(store_scope_insert(c, &e, &sid), STORE_OK);
	e.institution_id = susp;
	e.occupation_code = "6-18-01-02";
	e.occupation_name = "铣工";
	assert_int_equal(store_scope_insert(c, &e, &sid), STORE_OK);
	e.institution_id = expired;
	e.occupation_code = "6-18-01-01";
	e.occupation_name = "车工";
	assert_int_equal(store_scope_insert(c, &e, &sid), STORE_OK);
	assert_int_equal(store_scope_close(c, expired, sid, "2033-02-01"), STORE_OK);
	e.institution_id = app;
	e.occupation_code = "4-12-01-02";
	e.occupation_name = "汽车维修工";
	assert_int_equal(store_scope_insert(c, &e, &sid), STORE_OK);

	memset(&flt, 0, sizeof(flt));
	flt.q = "登记册筛选";
	flt.occupation = "6-18-01-01";
	expect_list(c, &f->a, &flt, (long long[]){valid}, 1); /* expired's entry ended */
	flt.occupation = "6-18-01";
	expect_list(c, &f->a, &flt, NULL, 0); /* codes are exact */
	flt.occupation = "铣";
	expect_list(c, &f->a, &flt, (long long[]){susp}, 1);
	flt.occupation = "工";
	expect_list(c, &f->a, &flt, (long long[]){app, valid, susp}, 3);
	flt.occupation = "维修";
	expect_list(c, &f->a, &flt, (long long[]){app}, 1);
	flt.occupation = "%";
	expect_list(c, &f->a, &flt, NULL, 0); /* literal, not a wildcard */
	flt.occupation = "钳工";
	expect_list(c, &f->a, &flt, NULL, 0);
	/* combined with a status */
	flt.occupation = "工";
	flt.status = "registered";
	flt.today = "2033-06-01";
	expect_list(c, &f->a, &flt, (long long[]){valid}, 1);
	release(f, c);
}

static void test_expiring(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution *items;
	size_t n, k = 0;
	long long a, b, d, s, r;
	long long got[8] = {0};

	a = reg_inst(c, "登记册到期甲", NULL);
	b = reg_inst(c, "登记册到期乙", NULL);
	d = reg_inst(c, "登记册到期丙", NULL);
	s = reg_inst(c, "登记册到期丁", NULL);
	r = reg_inst(c, "登记册到期戊", NULL);
	set_reg(c, &f->a, a, "registered", "JXJD20330201", "2030-01-01", "2040-03-31");
	set_reg(c, &f->a, b, "registered", "JXJD20330202", "2030-01-01", "2040-01-31");
	set_reg(c, &f->a, d, "registered", "JXJD20330203", "2030-01-01", "2040-09-30");
	set_reg(c, &f->a, s, "suspended", "JXJD20330204", "2030-01-01", "2040-02-29");
	set_reg(c, &f->a, r, "revoked", "JXJD20330205", "2030-01-01", "2040-01-01");
	assert_int_equal(store_institution_expiring(c, &f->a, "2040-03-31", &items, &n),
			 STORE_OK);
	for (size_t i = 0; i < n; i++) {
		assert_true(strcmp(items[i].valid_until, "2040-03-31") <= 0);
		assert_true(!strcmp(items[i].status, "registered") ||
			    !strcmp(items[i].status, "suspended"));
		assert_true(i == 0 ||
			    strcmp(items[i - 1].valid_until, items[i].valid_until) <= 0);
		if (items[i].id == a || items[i].id == b || items[i].id == d ||
		    items[i].id == s || items[i].id == r)
			got[k++] = items[i].id;
	}
	assert_int_equal(k, 3); /* by valid_until; revoked and later ones left out */
	assert_int_equal(got[0], b);
	assert_int_equal(got[1], s);
	assert_int_equal(got[2], a);
	release(f, c);
}

static void test_name_at(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("登记册高技能人才培养基地", "training_base", "65");
	struct institution_name *names;
	const char *name = "unset";
	size_t n;
	long long id;

	in.created_at = in.updated_at = "2013-05-01T00:00:00Z";
	id = insert_ok(c, &in);
	assert_int_equal(store_institution_rename(c, id, "登记册分中心", "branch_center",
						  "regional", "重新注册并更名",
						  "机职鉴字[2021]29号",
						  "2021-06-01T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_institution_rename(c, id, "登记册维吾尔自治区分中心", NULL,
						  NULL, "更名", NULL,
						  "2024-01-01T00:00:00Z"),
			 STORE_OK);

	/* before it existed: no name */
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2012-01-01T00:00:00Z",
						   &name),
			 STORE_NOT_FOUND);
	assert_null(name);
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2013-05-01T00:00:00Z",
						   &name),
			 STORE_OK);
	assert_string_equal(name, "登记册高技能人才培养基地");
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2020-01-01T00:00:00Z",
						   &name),
			 STORE_OK);
	assert_string_equal(name, "登记册高技能人才培养基地");
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2021-05-31T23:59:59Z",
						   &name),
			 STORE_OK);
	assert_string_equal(name, "登记册高技能人才培养基地");
	/* the instant of a rename belongs to the new name */
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2021-06-01T00:00:00Z",
						   &name),
			 STORE_OK);
	assert_string_equal(name, "登记册分中心");
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2022-07-01T12:00:00Z",
						   &name),
			 STORE_OK);
	assert_string_equal(name, "登记册分中心");
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2024-01-01T00:00:00Z",
						   &name),
			 STORE_OK);
	assert_string_equal(name, "登记册维吾尔自治区分中心");
	assert_int_equal(store_institution_name_at(c, &f->a, id, "2099-01-01T00:00:00Z",
						   &name),
			 STORE_OK);
	assert_string_equal(name, "登记册维吾尔自治区分中心");
	assert_int_equal(store_institution_name_at(c, &f->a, 987654321,
						   "2022-01-01T00:00:00Z", &name),
			 STORE_NOT_FOUND);

	/* the identity history keeps the type and the document */
	assert_int_equal(store_institution_names(c, &f->a, id, &names, &n), STORE_OK);
	assert_int_equal(n, 3);
	assert_string_equal(names[0].type, "training_base");
	assert_string_equal(names[0].doc_no, "");
	assert_string_equal(names[1].name, "登记册分中心");
	assert_string_equal(names[1].type, "branch_center");
	assert_string_equal(names[1].reason, "重新注册并更名");
	assert_string_equal(names[1].doc_no, "机职鉴字[2021]29号");
	assert_string_equal(names[1].valid_to, "2024-01-01T00:00:00Z");
	assert_string_equal(names[2].type, "branch_center"); /* NULL type kept it */
	assert_string_equal(names[2].doc_no, "");
	{
		struct institution got;

		assert_int_equal(store_institution_get(c, &f->a, id, &got), STORE_OK);
		assert_string_equal(got.type, "branch_center");
		assert_string_equal(got.branch_kind, "regional"); /* NULL kind kept it */
	}
	release(f, c);
}

static void test_registry_counts(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	const char *today = "2034-03-01", *soon = "2034-05-30";
	long long before[8], after[8], want[8] = {1, 1, 2, 2, 1, 1, 1, 1};
	long long app, notice, valid, exp, soonid, susp, susp_exp, batch, reg, oid, iid, fid;
	struct objection o;
	struct inspection in;
	struct finding fd;
	int seq;

	assert_int_equal(store_registry_counts(c, today, soon, before), STORE_OK);
	for (int i = 0; i < 8; i++)
		assert_true(before[i] >= 0);

	app = reg_inst(c, "登记册统计申请", NULL);
	notice = reg_inst(c, "登记册统计公示", "under_notice");
	valid = reg_inst(c, "登记册统计有效", NULL);
	exp = reg_inst(c, "登记册统计过期", NULL);
	soonid = reg_inst(c, "登记册统计将到期", NULL);
	susp = reg_inst(c, "登记册统计暂停", NULL);
	susp_exp = reg_inst(c, "登记册统计暂停过期", NULL);
	set_reg(c, &f->a, valid, "registered", "JXJD20340001", "2034-01-01", "2036-12-31");
	set_reg(c, &f->a, exp, "registered", "JXJD20340002", "2031-01-01", "2034-02-28");
	set_reg(c, &f->a, soonid, "registered", "JXJD20340003", "2031-03-01", "2034-04-30");
	set_reg(c, &f->a, susp, "suspended", "JXJD20340004", "2034-01-01", "2036-12-31");
	set_reg(c, &f->a, susp_exp, "suspended", "JXJD20340005", "2031-01-01", "2033-12-31");
	(void)app;

	/* an open objection, and one resolved */
	assert_int_equal(store_batch_next_seq(c, 2033, &seq), STORE_OK);
	assert_int_equal(store_batch_insert(c, 2033, seq, "统计测试批", 7,
					    "2034-01-01T00:00:00Z", &batch),
			 STORE_OK);
	assert_int_equal(store_registration_insert(c, notice, "initial",
						   "2034-01-01T00:00:00Z", &reg),
			 STORE_OK);
	assert_int_equal(store_registration_set_batch(c, reg, batch), STORE_OK);
	memset(&o, 0, sizeof(o));
	o.batch_id = batch;
	o.institution_id = notice;
	o.filer_name = "某人";
	o.filer_contact = "x@example.cn";
	o.body = "异议内容五个字以上";
	o.filed_at = "2034-01-02T00:00:00Z";
	assert_int_equal(store_objection_insert(c, &o, &oid), STORE_OK);
	assert_int_equal(store_objection_insert(c, &o, &oid), STORE_OK);
	assert_int_equal(store_objection_resolve(c, oid, "dismissed", "不属实",
						 "2034-01-03T00:00:00Z"),
			 STORE_OK);
	/* an overdue finding, one not due yet, one overdue but closed */
	memset(&in, 0, sizeof(in));
	in.institution_id = valid;
	in.year = 2034;
	in.inspected_on = "2034-01-10";
	in.outcome = "rectify";
	in.created_at = "2034-01-10T00:00:00Z";
	assert_int_equal(store_inspection_insert(c, &in, &iid), STORE_OK);
	memset(&fd, 0, sizeof(fd));
	fd.inspection_id = iid;
	fd.institution_id = valid;
	fd.description = "逾期未改";
	fd.deadline = "2034-02-01";
	assert_int_equal(store_finding_insert(c, &fd, &fid), STORE_OK);
	fd.deadline = "2034-03-01"; /* due today: not overdue */
	assert_int_equal(store_finding_insert(c, &fd, &fid), STORE_OK);
	fd.deadline = "2034-01-20";
	assert_int_equal(store_finding_insert(c, &fd, &fid), STORE_OK);
	assert_int_equal(store_finding_close(c, fid, "2034-01-19", "已整改"), STORE_OK);

	assert_int_equal(store_registry_counts(c, today, soon, after), STORE_OK);
	/* [0] applying, [1] under notice, [2] registered and valid (valid +
	 * expiring soon), [3] expired (registered + suspended past the end),
	 * [4] expiring by soon, [5] suspended and valid, [6] overdue
	 * findings, [7] open objections */
	for (int i = 0; i < 8; i++)
		if (after[i] - before[i] != want[i])
			fail_msg("count [%d]: %lld before, %lld after, want +%lld", i,
				 before[i], after[i], want[i]);
	release(f, c);
}

/* ---- a database newer than the binary ---- */

static void test_newer_schema_refused(void **state)
{
	struct fx *f = *state;
	int latest = store_schema_latest(), future = latest + 4242, from = -1, to = -1, v;
	char sql[256], err[512] = "";
	struct store_conn *c;

	snprintf(sql, sizeof(sql),
		 "INSERT INTO schema_version (version, name, applied_at) "
		 "VALUES (%d, '%04d_from_the_future.sql', '2030-01-01T00:00:00Z')",
		 future, future);
	assert_int_equal(raw_exec(sql), 0);

	assert_int_not_equal(store_migrate(f->s, &from, &to, err, sizeof(err)), STORE_OK);
	if (!has_number(err, future) || !has_number(err, latest))
		fail_msg("store_migrate message should name %d and %d: %s", future,
			 latest, err);
	assert_int_equal(from, to); /* nothing applied */

	err[0] = '\0';
	assert_int_not_equal(store_check_schema(f->s, err, sizeof(err)), STORE_OK);
	if (!has_number(err, future) || !has_number(err, latest))
		fail_msg("store_check_schema message should name %d and %d: %s", future,
			 latest, err);

	c = acquire(f);
	assert_int_equal(store_schema_version(c, &v), STORE_OK);
	assert_int_equal(v, future); /* the refusal changed nothing */
	release(f, c);

	/* remove the planted row: back to normal */
	snprintf(sql, sizeof(sql), "DELETE FROM schema_version WHERE version = %d", future);
	assert_int_equal(raw_exec(sql), 0);
	assert_int_equal(store_check_schema(f->s, err, sizeof(err)), STORE_OK);
	assert_int_equal(store_migrate(f->s, &from, &to, err, sizeof(err)), STORE_OK);
	assert_int_equal(from, latest);
	assert_int_equal(to, latest);
}

/* ---- people and data keys ---- */

static struct person person_row(const char *name, const char *masked)
{
	struct person p;

	memset(&p, 0, sizeof(p));
	p.name = name;
	p.id_type = "resident_id";
	p.id_masked = masked;
	p.sex = "F";
	p.birth_date = "1949-12-31";
	p.education = "technical_school";
	p.employer = "某机床厂";
	p.work_start = "1970-07-01";
	p.created_at = p.updated_at = "2026-01-01T00:00:00Z";
	return p;
}

static void test_person_insert_find(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct person p = person_row("张三", "110105********002X"), got;
	const char *sealed;
	long long id, id2;

	assert_int_equal(store_person_insert(c, &p, "v1:sealed-a", "blind-a", &id),
			 STORE_OK);
	assert_int_equal(store_person_get(c, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.name, "张三");
	assert_string_equal(got.id_masked, "110105********002X");
	assert_string_equal(got.birth_date, "1949-12-31");
	assert_string_equal(got.work_start, "1970-07-01");
	assert_string_equal(got.employer, "某机床厂");
	assert_int_equal(store_person_by_blind(c, &f->a, "resident_id", "blind-a", &got),
			 STORE_OK);
	assert_int_equal(got.id, id);
	/* the blind index is per document type */
	assert_int_equal(store_person_by_blind(c, &f->a, "passport", "blind-a", &got),
			 STORE_NOT_FOUND);
	/* the same document twice is refused by the index */
	assert_int_equal(store_person_insert(c, &p, "v1:sealed-b", "blind-a", &id2),
			 STORE_CONFLICT);
	p.id_type = "passport";
	assert_int_equal(store_person_insert(c, &p, "v1:sealed-c", "blind-a", &id2),
			 STORE_OK);
	assert_int_equal(store_person_sealed_id(c, &f->a, id, &sealed), STORE_OK);
	assert_string_equal(sealed, "v1:sealed-a");
	assert_int_equal(store_person_sealed_id(c, &f->a, 987654321, &sealed),
			 STORE_NOT_FOUND);
	release(f, c);
}

/* Many people written at once and looked up STORE_PERSON_KEYS at a time
 * (import people, src/app/assess_import.c). */
static void test_person_copy_by_blinds(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct person ps[3] = {person_row("甲", "110105********0011"),
			       person_row("乙\t\\", "110105********0022"),
			       person_row("丙", "110105********0033")};
	const char *sealed[3] = {"v1:s1", "v1:s2", "v1:s3"};
	const char *blind[3] = {"b-1", "b-2", "b-3"};
	const char *types[STORE_PERSON_KEYS], *blinds[STORE_PERSON_KEYS];
	struct person got[STORE_PERSON_KEYS], *found[STORE_PERSON_KEYS];
	long long id;

	ps[2].id_type = "passport";
	ps[1].employer = NULL;
	ps[1].birth_date = NULL;
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_person_copy(c, ps, sealed, blind, 0, 3), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	memset(got, 0, sizeof(got));
	for (size_t i = 0; i < STORE_PERSON_KEYS; i++) {
		types[i] = "resident_id";
		blinds[i] = "nobody";
		found[i] = &got[i];
	}
	blinds[0] = "b-2";
	types[5] = "passport";
	blinds[5] = "b-3";
	blinds[9] = "b-3"; /* a resident ID with that blind: nobody */
	blinds[STORE_PERSON_KEYS - 1] = "b-1";
	blinds[7] = "b-2"; /* asked twice */
	assert_int_equal(store_person_by_blinds(c, &f->a, types, blinds,
						STORE_PERSON_KEYS, found),
			 STORE_OK);
	assert_string_equal(got[0].name, "乙\t\\");
	assert_string_equal(got[0].employer, "");
	assert_null(got[0].birth_date);
	assert_int_equal(got[7].id, got[0].id);
	assert_string_equal(got[5].name, "丙");
	assert_string_equal(got[5].id_type, "passport");
	assert_string_equal(got[STORE_PERSON_KEYS - 1].name, "甲");
	assert_int_equal(got[9].id, 0);
	assert_int_equal(got[1].id, 0);
	/* fewer keys than a statement holds: the rest match nothing */
	memset(got, 0, sizeof(got));
	assert_int_equal(store_person_by_blinds(c, &f->a, types, blinds, 1, found),
			 STORE_OK);
	assert_string_equal(got[0].name, "乙\t\\");
	assert_int_equal(got[STORE_PERSON_KEYS - 1].id, 0);
	/* a person already there: the copy is refused whole */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_person_copy(c, ps, sealed, blind, 0, 1), STORE_CONFLICT);
	store_rollback(c);
	assert_int_equal(store_person_insert(c, &ps[0], "v1:s4", "b-4", &id), STORE_OK);
	release(f, c);
}

/* A legacy-style certificate row: no enrolment, plan or person. */
static struct certificate cert_row(const char *number, long long index)
{
	struct certificate x;

	memset(&x, 0, sizeof(x));
	x.number = number;
	x.line = "legacy";
	x.institution_name = "某鉴定站";
	x.holder_name = "张三";
	x.id_type = "resident_id";
	x.id_blind = "blind-cert";
	x.id_masked = "110105********002X";
	x.occupation_code = "6-18-01-01";
	x.occupation_name = "车工";
	x.work_type = "";
	x.level = 3;
	x.issued_on = "2008-06-01";
	x.status = "valid";
	x.status_index = index;
	x.created_at = "2026-11-26T00:00:00Z";
	return x;
}

/* The rows behind a figure are filtered and paged by the statement (issue
 * 16): a page holds at most limit rows, total counts them all; the scope's
 * subtrees, a branch (not the branch center below it), a province. */
static long long stat_rows(struct store_conn *c, struct arena *a, enum stat_measure m,
			   const struct stat_filter *flt, const struct store_scope *sc,
			   int offset, int limit, size_t *n)
{
	struct stat_detail_row *rows;
	long long total = -1;

	if (store_stats_details(c, a, m, flt, sc, 30, offset, limit, &rows, n, &total))
		fail_msg("store_stats_details: %s", store_errmsg(c));
	for (size_t i = 1; i < *n; i++)
		assert_true(rows[i - 1].id < rows[i].id);
	return total;
}

static void test_stats_rows_paged(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution t = inst("统计行测试中心", "center", "44"),
			   b = inst("统计行测试分中心", "branch_center", "44"),
			   s1 = inst("统计行测试考点一", "exam_site", "44"),
			   b2 = inst("统计行测试下级分中心", "branch_center", "44"),
			   s2 = inst("统计行测试考点二", "exam_site", "44"),
			   s3 = inst("统计行测试考点三", "exam_site", "35");
	struct stat_filter flt = {.year = 2031, .occupation = "9-99-99-98"};
	struct store_scope all = {.all = true}, none = {0}, sc;
	long long top, br, x1, x2, br2, x3, roots[2], id;
	/* s1: 3, s2: 2, s3: 1, the branch itself: 1 */
	long long *at[7] = {&x1, &x1, &x1, &x2, &x2, &x3, &br};
	char number[32];
	size_t n;

	top = insert_ok(c, &t);
	b.parent_id = top;
	br = insert_ok(c, &b);
	s1.parent_id = br;
	x1 = insert_ok(c, &s1);
	b2.parent_id = br;
	br2 = insert_ok(c, &b2);
	s2.parent_id = br2;
	x2 = insert_ok(c, &s2);
	s3.parent_id = top;
	x3 = insert_ok(c, &s3);
	for (int i = 0; i < 7; i++) {
		struct certificate k;

		snprintf(number, sizeof(number), "STATROWS%04d", i);
		k = cert_row(number, 930000 + i);
		k.line = "skill";
		k.id_blind = "blind-stat-rows";
		k.issued_on = "2031-03-01";
		k.occupation_code = "9-99-99-98";
		k.institution_id = *at[i];
		assert_int_equal(store_cert_insert(c, &k, &id), STORE_OK);
		if (i == 4)
			assert_int_equal(store_cert_set_status(c, id, "revoked", "作废",
							       "2031-04-01", 0),
					 STORE_OK);
	}
	/* every institution: pages of two, the count of all */
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &all, 0, 2, &n), 7);
	assert_int_equal(n, 2);
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &all, 6, 2, &n), 7);
	assert_int_equal(n, 1);
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &all, 7, 2, &n), 7);
	assert_int_equal(n, 0);
	assert_int_equal(stat_rows(c, &f->a, STAT_REVOKED, &flt, &all, 0, 50, &n), 1);
	assert_int_equal(n, 1);
	/* nothing in scope: nothing */
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &none, 0, 50, &n), 0);
	assert_int_equal(n, 0);
	/* the subtrees of the roots */
	sc = (struct store_scope){.roots = roots, .nroots = 1};
	roots[0] = br2;
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &sc, 0, 50, &n), 2);
	roots[0] = br;
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &sc, 0, 50, &n), 6);
	roots[0] = x1;
	roots[1] = x3;
	sc.nroots = 2;
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &sc, 0, 50, &n), 4);
	assert_int_equal(n, 4);
	/* a branch: its own and those whose nearest branch center it is */
	flt.branch_id = br;
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &all, 0, 50, &n), 4);
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &sc, 0, 50, &n), 3);
	flt.branch_id = br2;
	assert_int_equal(stat_rows(c, &f->a, STAT_REVOKED, &flt, &all, 0, 50, &n), 1);
	/* a province */
	flt.branch_id = 0;
	flt.province = "35";
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &all, 0, 50, &n), 1);
	flt.province = "44";
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &sc, 0, 50, &n), 3);
	/* another year: nothing */
	flt.province = NULL;
	flt.year = 2030;
	assert_int_equal(stat_rows(c, &f->a, STAT_CERTIFICATES, &flt, &all, 0, 50, &n), 0);
	release(f, c);
}

/* The figures of a scope are summed by the statement over the scope's
 * subtrees only (issue 16): a reader of one subtree reads its cells, and
 * the cells of an institution outside it are not read. */
static long long stat_sum_of(struct store_conn *c, struct arena *a,
			     const struct stat_filter *flt, enum stat_dim by,
			     const struct store_scope *sc, const char *key, size_t *n)
{
	struct stat_sum *rows;
	long long v = -1;

	if (store_stats_sum(c, a, flt, by, sc, &rows, n))
		fail_msg("store_stats_sum: %s", store_errmsg(c));
	for (size_t i = 0; i < *n; i++)
		if (!strcmp(rows[i].key, key))
			v = rows[i].v[STAT_ENROLLED];
	return v;
}

static void test_stats_sum_scoped(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution t = inst("统计汇总测试中心", "center", "44"),
			   b = inst("统计汇总测试分中心", "branch_center", "44"),
			   s1 = inst("统计汇总测试考点一", "exam_site", "44"),
			   s2 = inst("统计汇总测试考点二", "exam_site", "44"),
			   s3 = inst("统计汇总测试考点三", "exam_site", "35");
	struct stat_filter flt = {.year = 2033};
	struct store_scope all = {.all = true}, none = {0}, sc;
	struct stat_cell cells[4];
	long long top, br, x1, x2, x3, roots[2], branch[4];
	const char *province[4] = {"44", "44", "44", "35"};
	char key[32];
	size_t n;

	top = insert_ok(c, &t);
	b.parent_id = top;
	br = insert_ok(c, &b);
	s1.parent_id = br;
	x1 = insert_ok(c, &s1);
	s2.parent_id = br;
	x2 = insert_ok(c, &s2);
	s3.parent_id = top;
	x3 = insert_ok(c, &s3);
	memset(cells, 0, sizeof(cells));
	/* x1: two occupations (3 + 4), x2: 5, x3 (outside the branch): 100 */
	for (int i = 0; i < 4; i++) {
		cells[i].year = 2033;
		cells[i].occupation = i == 1 ? "9-99-99-97" : "9-99-99-96";
		cells[i].level = 3;
		branch[i] = i < 3 ? br : 0;
	}
	cells[0].institution_id = cells[1].institution_id = x1;
	cells[0].v[STAT_ENROLLED] = 3;
	cells[1].v[STAT_ENROLLED] = 4;
	cells[2].institution_id = x2;
	cells[2].v[STAT_ENROLLED] = 5;
	cells[3].institution_id = x3;
	cells[3].v[STAT_ENROLLED] = 100;
	assert_int_equal(store_stats_replace(c, 2033, cells, branch, province, 4,
					     "2033-12-31T00:00:00Z", 1),
			 STORE_OK);
	/* the network */
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_NONE, &all, "", &n), 112);
	assert_int_equal(n, 1);
	/* the branch's subtree: its institutions' sums, one row a key; the
	 * institution outside not read */
	sc = (struct store_scope){.roots = roots, .nroots = 1};
	roots[0] = br;
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_NONE, &sc, "", &n), 12);
	snprintf(key, sizeof(key), "%lld", x1);
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_INSTITUTION, &sc, key, &n), 7);
	assert_int_equal(n, 2);
	snprintf(key, sizeof(key), "%lld", x3);
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_INSTITUTION, &sc, key, &n), -1);
	assert_int_equal(
		stat_sum_of(c, &f->a, &flt, STAT_BY_OCCUPATION, &sc, "9-99-99-96", &n), 8);
	assert_int_equal(n, 2);
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_PROVINCE, &sc, "35", &n), -1);
	assert_int_equal(n, 1);
	/* two roots; one institution */
	roots[0] = x2;
	roots[1] = x3;
	sc.nroots = 2;
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_NONE, &sc, "", &n), 105);
	sc.nroots = 1;
	roots[0] = x1;
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_LEVEL, &sc, "3", &n), 7);
	assert_int_equal(n, 1);
	/* nothing in scope: nothing */
	assert_int_equal(stat_sum_of(c, &f->a, &flt, STAT_BY_NONE, &none, "", &n), -1);
	assert_int_equal(n, 0);
	release(f, c);
}

/* Every column of a certificate is written and read back (the insert binds
 * more than one statement's worth of parameters), numbers and status-list
 * indexes are unique, status changes and the status-list query. */
static void test_certificate_rows(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct certificate a = cert_row("0811012015300087", 0), b, got;
	struct certificate *items;
	long long id, id2, up, low, *idx;
	size_t n;

	a.institution_code = "0001";
	a.province_code = "11";
	a.site_code = "000123";
	a.scores = "theory=85.0;practical=78.5";
	a.kid = "ed25519-test";
	a.credential = "a.b.c";
	a.qr_token = "v1.x.y";
	assert_int_equal(store_cert_insert(c, &a, &id), STORE_OK);
	assert_int_equal(store_cert_by_number(c, &f->a, "0811012015300087", &got), STORE_OK);
	assert_int_equal(got.id, id);
	assert_string_equal(got.line, "legacy");
	assert_string_equal(got.institution_code, "0001");
	assert_string_equal(got.province_code, "11");
	assert_string_equal(got.site_code, "000123");
	assert_string_equal(got.holder_name, "张三");
	assert_string_equal(got.id_masked, "110105********002X");
	assert_string_equal(got.occupation_name, "车工");
	assert_int_equal(got.level, 3);
	assert_string_equal(got.issued_on, "2008-06-01");
	assert_string_equal(got.scores, "theory=85.0;practical=78.5");
	assert_string_equal(got.kid, "ed25519-test");
	assert_string_equal(got.credential, "a.b.c");
	assert_string_equal(got.qr_token, "v1.x.y");
	assert_int_equal(got.status_index, 0);
	assert_int_equal(got.enrolment_id, 0);
	/* the same number, or the same status-list index, is refused */
	b = cert_row("0811012015300087", 1);
	assert_int_equal(store_cert_insert(c, &b, &id2), STORE_CONFLICT);
	b = cert_row("0811012015300088", 0);
	assert_int_equal(store_cert_insert(c, &b, &id2), STORE_CONFLICT);
	b = cert_row("0811012015300088", 7);
	assert_int_equal(store_cert_insert(c, &b, &id2), STORE_OK);
	assert_int_equal(store_cert_by_holder(c, &f->a, "resident_id", "blind-cert",
					      &items, &n),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(store_cert_set_status(c, id2, "revoked", "作废", "2026-11-26", 0),
			 STORE_OK);
	assert_int_equal(store_cert_set_status(c, 987654321, "revoked", "x", "2026-11-26", 0),
			 STORE_NOT_FOUND);
	/* a revocation's public category, set in the same transaction */
	assert_string_equal(got.status_category, "");
	assert_int_equal(store_cert_set_category(c, id2, "fraud"), STORE_OK);
	assert_int_equal(store_cert_set_category(c, 987654321, "fraud"), STORE_NOT_FOUND);
	assert_int_equal(store_cert_get(c, &f->a, id2, &got), STORE_OK);
	assert_string_equal(got.status_category, "fraud");
	/* the public lookup ignores the case of the number; of two legacy
	 * numbers differing only in case, the one spelled as typed */
	assert_int_equal(store_cert_by_number(c, &f->a, "0811012015300088", &got), STORE_OK);
	assert_int_equal(store_cert_by_number_ci(c, &f->a, "0811012015300088", &got),
			 STORE_OK);
	assert_int_equal(got.id, id2);
	b = cert_row("AbC0123456", 8);
	assert_int_equal(store_cert_insert(c, &b, &up), STORE_OK);
	b = cert_row("abc0123456", 9);
	assert_int_equal(store_cert_insert(c, &b, &low), STORE_OK);
	assert_int_equal(store_cert_by_number(c, &f->a, "ABC0123456", &got),
			 STORE_NOT_FOUND);
	assert_int_equal(store_cert_by_number_ci(c, &f->a, "ABC0123456", &got), STORE_OK);
	assert_int_equal(store_cert_by_number_ci(c, &f->a, "AbC0123456", &got), STORE_OK);
	assert_int_equal(got.id, up);
	assert_int_equal(store_cert_by_number_ci(c, &f->a, "abc0123456", &got), STORE_OK);
	assert_int_equal(got.id, low);
	assert_int_equal(store_cert_by_number_ci(c, &f->a, "abc012345", &got),
			 STORE_NOT_FOUND);
	assert_int_equal(store_cert_status_indexes(c, &f->a, "revoked", 0, 131072, &idx, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(idx[0], 7);
	assert_int_equal(store_cert_status_indexes(c, &f->a, "revoked", 8, 131072, &idx, &n),
			 STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_cert_get(c, &f->a, id2, &got), STORE_OK);
	assert_string_equal(got.status, "revoked");
	assert_string_equal(got.status_reason, "作废");
	assert_string_equal(got.status_date, "2026-11-26");
	release(f, c);
}

/* Issuing a plan (issue 17): many certificates in one bulk write, every
 * column in one row write, their "issued" events in one statement, and
 * a plan's numbers and status indexes taken from the counters at once. */
static void test_cert_insert_many(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct certificate xs[3], got, dup[2];
	struct certificate_event *ev;
	size_t n;
	long long v;
	const char *numbers[] = {"T17-000001", "T17-000002", "T17-000003"};

	for (int i = 0; i < 3; i++) {
		xs[i] = cert_row(numbers[i], 700 + i);
		xs[i].line = "skill";
		xs[i].holder_name = i == 1 ? "欧阳\t明\\n" : "李四";
		xs[i].scores = "theory=85.0;practical=78.5";
		xs[i].kid = "ed25519-t17";
		xs[i].credential = arena_printf(&f->a, "header.payload-%d.sig", i);
		xs[i].qr_token = arena_printf(&f->a, "v1.fields-%d.sig", i);
		xs[i].institution_code = "0001";
		xs[i].province_code = "11";
		xs[i].site_code = "000123";
		xs[i].work_type = i == 2 ? "数控车工" : "";
	}
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_cert_insert_many(c, &f->a, xs, 3), STORE_OK);
	assert_int_equal(store_cert_insert_many(c, &f->a, xs, 0), STORE_OK);
	assert_int_equal(store_cert_events_issued(c, 700, 702, "issuer17",
						  "2026-12-05T10:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(store_cert_by_number(c, &f->a, numbers[i], &got), STORE_OK);
		assert_string_equal(got.line, "skill");
		assert_string_equal(got.holder_name, xs[i].holder_name);
		assert_string_equal(got.credential, xs[i].credential);
		assert_string_equal(got.qr_token, xs[i].qr_token);
		assert_string_equal(got.kid, "ed25519-t17");
		assert_string_equal(got.scores, "theory=85.0;practical=78.5");
		assert_string_equal(got.site_code, "000123");
		assert_string_equal(got.work_type, xs[i].work_type);
		assert_string_equal(got.status, "valid");
		assert_string_equal(got.status_reason, "");
		assert_null(got.status_date);
		assert_int_equal(got.status_index, 700 + i);
		assert_int_equal(got.level, 3);
		assert_int_equal(got.enrolment_id, 0);
		assert_int_equal(got.supersedes, 0);
		assert_int_equal(store_cert_events(c, &f->a, got.id, &ev, &n), STORE_OK);
		assert_int_equal(n, 1);
		assert_string_equal(ev[0].action, "issued");
		assert_string_equal(ev[0].actor, "issuer17");
		assert_string_equal(ev[0].at, "2026-12-05T10:00:00Z");
		assert_string_equal(ev[0].reason, "");
	}
	/* a number taken: the whole write refused, nothing of it kept once
	 * the transaction rolls back */
	dup[0] = cert_row("T17-000004", 703);
	dup[1] = cert_row("T17-000002", 704);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_cert_insert_many(c, &f->a, dup, 2), STORE_CONFLICT);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_cert_by_number(c, &f->a, "T17-000004", &got),
			 STORE_NOT_FOUND);
	/* a status index taken likewise */
	dup[1] = cert_row("T17-000005", 702);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_cert_insert_many(c, &f->a, dup, 2), STORE_CONFLICT);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_cert_by_number(c, &f->a, "T17-000004", &got),
			 STORE_NOT_FOUND);

	/* counters: n values at once, as n single steps would give */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_take(c, "regtest:take", 5, &v), STORE_OK);
	assert_int_equal(v, 5);
	assert_int_equal(store_counter_next(c, "regtest:take", &v), STORE_OK);
	assert_int_equal(v, 6);
	assert_int_equal(store_counter_take(c, "regtest:take", 1000, &v), STORE_OK);
	assert_int_equal(v, 1006);
	assert_int_equal(store_counter_take(c, "regtest:take", 0, &v), STORE_ERROR);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_take(c, "regtest:take", 2, &v), STORE_OK);
	assert_int_equal(v, 1008);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_counter_next(c, "regtest:take", &v), STORE_OK);
	assert_int_equal(v, 1007);
	assert_int_equal(store_commit(c), STORE_OK);
	release(f, c);
}

/* A filing batch takes the valid certificates of its province not filed
 * yet, and a filed one again once its status changed after the newest
 * batch holding it (a change in that batch's second counts as after it);
 * an item carries the certificate's status, reason and date. */
static void test_filing_selection(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct certificate v = cert_row("S000011000123264000001", 100),
			   r = cert_row("S000011000123264000002", 101),
			   s = cert_row("S000011000123264000003", 102);
	struct certificate_event ev;
	struct filing_item *items;
	long long idv, idr, ids, b1, b2, b3, rows;
	size_t n;

	v.line = r.line = s.line = "skill";
	v.province_code = r.province_code = s.province_code = "35";
	r.status = "revoked";
	s.status = "suspended";
	assert_int_equal(store_cert_insert(c, &v, &idv), STORE_OK);
	assert_int_equal(store_cert_insert(c, &r, &idr), STORE_OK);
	assert_int_equal(store_cert_insert(c, &s, &ids), STORE_OK);
	/* never filed: the valid one only */
	assert_int_equal(store_filing_batch_insert(c, "35", "tester",
						   "2026-01-01T10:00:00.500Z", &b1),
			 STORE_OK);
	assert_int_equal(store_filing_batch_fill(c, b1, "35", &rows), STORE_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(store_filing_items(c, &f->a, b1, &items, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(items[0].number, "S000011000123264000001");
	assert_string_equal(items[0].cert_status, "valid");
	assert_string_equal(items[0].status_reason, "");
	assert_string_equal(items[0].photo_mime, "");
	assert_string_equal(items[0].route_id, "");
	assert_int_equal(items[0].plan_id, 0);
	/* nothing changed: nothing to file */
	assert_int_equal(store_filing_batch_insert(c, "35", "tester",
						   "2026-01-01T11:00:00.000Z", &b2),
			 STORE_OK);
	assert_int_equal(store_filing_batch_fill(c, b2, "35", &rows), STORE_OK);
	assert_int_equal(rows, 0);
	/* revoked within the second of the batch that holds it (a time of
	 * whole seconds): counted as after it, filed again */
	memset(&ev, 0, sizeof(ev));
	ev.certificate_id = idv;
	ev.action = "revoke";
	ev.reason = "证件造假";
	ev.actor = "tester";
	ev.at = "2026-01-01T10:00:00Z";
	assert_int_equal(store_cert_event_insert(c, &ev), STORE_OK);
	assert_int_equal(store_cert_set_status(c, idv, "revoked", "证件造假",
					       "2026-01-01", 0),
			 STORE_OK);
	assert_int_equal(store_filing_batch_insert(c, "35", "tester",
						   "2026-01-02T00:00:00.000Z", &b3),
			 STORE_OK);
	assert_int_equal(store_filing_batch_fill(c, b3, "35", &rows), STORE_OK);
	assert_int_equal(rows, 1);
	assert_int_equal(store_filing_items(c, &f->a, b3, &items, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].certificate_id, idv);
	assert_string_equal(items[0].cert_status, "revoked");
	assert_string_equal(items[0].status_reason, "证件造假");
	assert_string_equal(items[0].status_date, "2026-01-01");
	/* reported: not again; the suspended one never filed stays out */
	assert_int_equal(store_filing_batch_insert(c, "35", "tester",
						   "2026-01-03T00:00:00.000Z", &b3),
			 STORE_OK);
	assert_int_equal(store_filing_batch_fill(c, b3, "35", &rows), STORE_OK);
	assert_int_equal(rows, 0);
	(void)idr;
	(void)ids;
	release(f, c);
}

/* Signing keys: the one not retired and newest first; settings upsert. */
static void test_signing_keys_settings(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct signing_key k1 = {"kid-1", "pub1", "v1:w1", "2026-01-01T00:00:00Z", NULL};
	struct signing_key k2 = {"kid-2", "pub2", "v1:w2", "2026-02-01T00:00:00Z", NULL};
	struct signing_key *keys;
	const char *v;
	size_t n;

	assert_int_equal(store_signing_key_insert(c, &k1), STORE_OK);
	assert_int_equal(store_signing_key_insert(c, &k2), STORE_OK);
	assert_int_equal(store_signing_key_insert(c, &k2), STORE_CONFLICT);
	assert_int_equal(store_signing_key_retire_others(c, "kid-1", "2026-03-01T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_signing_keys(c, &f->a, &keys, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(keys[0].kid, "kid-1");
	assert_null(keys[0].retired_at);
	assert_string_equal(keys[1].kid, "kid-2");
	assert_string_equal(keys[1].retired_at, "2026-03-01T00:00:00Z");
	assert_int_equal(store_setting_get(c, &f->a, "public_url", &v), STORE_NOT_FOUND);
	assert_int_equal(store_setting_put(c, "public_url", "https://a.example", "t1"),
			 STORE_OK);
	assert_int_equal(store_setting_put(c, "public_url", "https://b.example", "t2"),
			 STORE_OK);
	assert_int_equal(store_setting_get(c, &f->a, "public_url", &v), STORE_OK);
	assert_string_equal(v, "https://b.example");
	release(f, c);
}

static void test_person_list_update(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct person a = person_row("人员甲_1", "A"), b = person_row("人员乙", "B");
	struct person *items;
	size_t n;
	long long ia, ib;

	assert_int_equal(store_person_insert(c, &a, "s1", "pb1", &ia), STORE_OK);
	assert_int_equal(store_person_insert(c, &b, "s2", "pb2", &ib), STORE_OK);
	assert_int_equal(store_person_list(c, &f->a, "人员", 50, 0, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].id, ia);
	/* "_" is literal, not a wildcard */
	assert_int_equal(store_person_list(c, &f->a, "甲_", 50, 0, &items, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_person_list(c, &f->a, "人员", 1, 1, &items, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(items[0].id, ib);
	b.id = ib;
	b.employer = "新单位";
	b.work_start = NULL;
	b.updated_at = "2026-02-02T00:00:00Z";
	assert_int_equal(store_person_update(c, &b), STORE_OK);
	assert_int_equal(store_person_get(c, &f->a, ib, &b), STORE_OK);
	assert_string_equal(b.employer, "新单位");
	assert_null(b.work_start);
	assert_string_equal(b.updated_at, "2026-02-02T00:00:00Z");
	b.id = 987654321;
	assert_int_equal(store_person_update(c, &b), STORE_NOT_FOUND);
	release(f, c);
}

/* Whom a person belongs to: the registering institution, the employer by
 * credit code; the list within a subtree (schema 0010). Enrolment and
 * staffing are walked in tests/e2e (people, authz). */
static void test_person_institutions(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution top = inst("归属中心", "center", "11"),
			   other = inst("归属别处", "center", "12"), child;
	struct person a = person_row("归属甲", "A"), b = person_row("归属乙", "B"),
		      n = person_row("归属无", "N");
	struct person *items;
	long long it, io, ic, ia, ib, in_, got[8], roots[2];
	size_t k;

	other.credit_code = "91120000100000000X";
	it = insert_ok(c, &top);
	io = insert_ok(c, &other);
	child = inst("归属下级", "exam_site", "11");
	child.parent_id = it;
	ic = insert_ok(c, &child);
	assert_int_equal(store_person_insert_by(c, &a, "s1", "ib1", ic, &ia), STORE_OK);
	b.employer_credit_code = "91120000100000000X";
	assert_int_equal(store_person_insert_by(c, &b, "s2", "ib2", 0, &ib), STORE_OK);
	assert_int_equal(store_person_insert(c, &n, "s3", "ib3", &in_), STORE_OK);
	assert_int_equal(store_person_institutions(c, ia, got, 8, &k), STORE_OK);
	assert_int_equal(k, 1);
	assert_int_equal(got[0], ic);
	assert_int_equal(store_person_institutions(c, ib, got, 8, &k), STORE_OK);
	assert_int_equal(k, 1);
	assert_int_equal(got[0], io);
	assert_int_equal(store_person_institutions(c, in_, got, 8, &k), STORE_OK);
	assert_int_equal(k, 0);
	/* the subtree of top holds the child's person; other holds the
	 * employee; none holds the one registered for the network */
	roots[0] = it;
	assert_int_equal(store_person_list_within(c, &f->a, "归属", roots, 1, 50, 0,
						  &items, &k),
			 STORE_OK);
	assert_int_equal(k, 1);
	assert_int_equal(items[0].id, ia);
	roots[1] = io;
	assert_int_equal(store_person_list_within(c, &f->a, "", roots, 2, 50, 0, &items, &k),
			 STORE_OK);
	assert_int_equal(k, 2);
	assert_int_equal(items[0].id, ia);
	assert_int_equal(items[1].id, ib);
	assert_int_equal(store_person_list_within(c, &f->a, "", roots, 2, 1, 1, &items, &k),
			 STORE_OK);
	assert_int_equal(k, 1);
	assert_int_equal(items[0].id, ib);
	assert_int_equal(store_person_list_within(c, &f->a, "", roots, 0, 50, 0, &items, &k),
			 STORE_OK);
	assert_int_equal(k, 0);
	release(f, c);
}

/* ---- db_copy(): the bulk insert under the store (store/db.h) ---- */

static long long copy_count(struct store_conn *c)
{
	struct db_res r;
	long long n;

	assert_int_equal(db_query(c, "SELECT count(*) FROM copy_probe", NULL, 0, &r),
			 STORE_OK);
	assert_int_equal(db_next(&r), 1);
	n = db_ll(&r, 0);
	db_done(&r);
	return n;
}

static void test_db_copy(void **state)
{
	struct fx *f = *state;
	static const char *const cols[] = {"n", "k", "v"};
	/* NULL and "" kept apart, the text format's specials (tab, newline,
	 * carriage return, backslash, a literal \N and \.), Chinese text */
	static const char *const rows[] = {
		"1",
		"a",
		NULL,
		"2",
		"tab\there",
		"line1\nline2\r\nend",
		"3",
		"back\\slash\\",
		"\\.",
		"4",
		"中文：职业技能等级证书",
		"",
		"5",
		"\\N",
		"a\\tb\t\\n",
	};
	static const char *const dup[] = {
		"6", "fresh", "x", "7", "a", "y", /* k taken by row 1 */
	};
	const char **many;
	struct store_conn *c;
	struct db_res r;
	int i = 0;

	assert_int_equal(raw_exec("CREATE TABLE copy_probe (n INTEGER NOT NULL, k TEXT UNIQUE, "
				  "v TEXT)"),
			 0);
	c = acquire(f);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(db_copy(c, "copy_probe", cols, 3, rows, 5), STORE_OK);
	assert_int_equal(db_copy(c, "copy_probe", cols, 3, rows, 0), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(db_query(c, "SELECT n, k, v FROM copy_probe ORDER BY n", NULL, 0,
				  &r),
			 STORE_OK);
	while (db_next(&r) == 1) {
		const char *v = db_str(&r, &f->a, 2);

		assert_true(i < 5);
		assert_int_equal(db_ll(&r, 0), i + 1);
		assert_string_equal(db_str(&r, &f->a, 1), rows[i * 3 + 1]);
		if (rows[i * 3 + 2])
			assert_string_equal(v, rows[i * 3 + 2]);
		else
			assert_null(v);
		i++;
	}
	db_done(&r);
	assert_int_equal(i, 5);

	/* a unique violation: STORE_CONFLICT, and after the rollback nothing
	 * of the call (nor of the same transaction) is left */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(db_copy(c, "copy_probe", cols, 3, dup, 1), STORE_OK);
	assert_int_equal(db_copy(c, "copy_probe", cols, 3, dup, 2), STORE_CONFLICT);
	assert_true(store_errmsg(c)[0] != '\0');
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(copy_count(c), 5);

	/* many rows, more than one piece of COPY data, in one call */
	many = calloc(3 * 4000, sizeof(*many));
	assert_non_null(many);
	for (int k = 0; k < 4000; k++) {
		many[k * 3] = arena_printf(&f->a, "%d", 100 + k);
		many[k * 3 + 1] = arena_printf(&f->a, "many-%d", k);
		many[k * 3 + 2] = arena_printf(&f->a, "%0200d", k);
	}
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(db_copy(c, "copy_probe", cols, 3, many, 4000), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(copy_count(c), 4005);

	/* a conflict early in a copy of several pieces (PostgreSQL answers it
	 * while data is still being sent): STORE_CONFLICT, nothing kept, and
	 * the same connection serves the next transaction */
	for (int k = 0; k < 4000; k++)
		many[k * 3 + 1] = arena_printf(&f->a, "again-%d", k);
	many[10 * 3 + 1] = "many-7";
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(db_copy(c, "copy_probe", cols, 3, many, 4000), STORE_CONFLICT);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(copy_count(c), 4005);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(db_copy(c, "copy_probe", cols, 3, dup, 1), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(copy_count(c), 4006);
	free(many);
	release(f, c);
	assert_int_equal(raw_exec("DROP TABLE copy_probe"), 0);
}

static void test_secret_first_writer_wins(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	const char *w;

	assert_int_equal(store_secret_get(c, &f->a, "k.v1", &w), STORE_NOT_FOUND);
	assert_int_equal(store_secret_put_new(c, "k.v1", "first", "2026-01-01T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_secret_put_new(c, "k.v1", "second", "2026-01-02T00:00:00Z"),
			 STORE_OK);
	assert_int_equal(store_secret_get(c, &f->a, "k.v1", &w), STORE_OK);
	assert_string_equal(w, "first");
	release(f, c);
}

/* ---- Idempotency-Key (store/idempotency.c, issue 18) ---- */

/* A key is taken once per scope inside the caller's transaction (gone
 * again with its rollback), answered once, and an expired one is as if
 * absent: read past, taken anew, purged. */
static void test_idem_keys(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	const char *t0 = "2026-12-01T10:00:00Z", *t1 = "2026-12-01T11:00:00Z";
	const char *day = "2026-11-30T10:00:00Z"; /* since: a day before t0 */
	struct idem_row r;
	long long n = -1;

	assert_int_equal(store_idem_get(c, &f->a, "user:1", "k1", day, &r), STORE_NOT_FOUND);
	/* taken with the transaction, not before its commit */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_idem_claim(c, "user:1", "k1", "fp1", t0, day), STORE_OK);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_idem_get(c, &f->a, "user:1", "k1", day, &r), STORE_NOT_FOUND);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_idem_claim(c, "user:1", "k1", "fp1", t0, day), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_idem_get(c, &f->a, "user:1", "k1", day, &r), STORE_OK);
	assert_string_equal(r.fingerprint, "fp1");
	assert_string_equal(r.created_at, t0);
	assert_int_equal(r.status, 0);
	assert_null(r.body);
	/* once per scope */
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_idem_claim(c, "user:1", "k1", "fp2", t1, day),
			 STORE_CONFLICT);
	assert_int_equal(store_rollback(c), STORE_OK);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_idem_claim(c, "anon:127.0.0.1", "k1", "fp2", t1, day),
			 STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	/* answered once */
	assert_int_equal(store_idem_answer(c, "user:1", "k1", 201, "application/json",
					   "/api/v1/x/1", "{\"id\":1}"),
			 STORE_OK);
	assert_int_equal(store_idem_answer(c, "user:1", "k1", 500, NULL, NULL, "later"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_idem_answer(c, "user:9", "k1", 201, NULL, NULL, "x"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_idem_get(c, &f->a, "user:1", "k1", day, &r), STORE_OK);
	assert_int_equal(r.status, 201);
	assert_string_equal(r.content_type, "application/json");
	assert_string_equal(r.location, "/api/v1/x/1");
	assert_string_equal(r.body, "{\"id\":1}");
	/* the status alone (a body not kept) */
	assert_int_equal(store_idem_answer(c, "anon:127.0.0.1", "k1", 200, "text/plain",
					   NULL, NULL),
			 STORE_OK);
	assert_int_equal(store_idem_get(c, &f->a, "anon:127.0.0.1", "k1", day, &r),
			 STORE_OK);
	assert_int_equal(r.status, 200);
	assert_null(r.body);
	assert_null(r.location);
	/* expired (since after t0): as if absent, and taken anew */
	assert_int_equal(store_idem_get(c, &f->a, "user:1", "k1", "2026-12-02T10:00:01Z", &r),
			 STORE_NOT_FOUND);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_idem_claim(c, "user:1", "k1", "fp3",
					  "2026-12-02T10:00:02Z", "2026-12-01T10:00:01Z"),
			 STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);
	assert_int_equal(store_idem_get(c, &f->a, "user:1", "k1", day, &r), STORE_OK);
	assert_string_equal(r.fingerprint, "fp3");
	assert_int_equal(r.status, 0);
	/* purged: the rows created before the instant */
	assert_int_equal(store_idem_purge(c, "2026-12-02T00:00:00Z", &n), STORE_OK);
	assert_int_equal(n, 1); /* anon:127.0.0.1's, of t1 */
	assert_int_equal(store_idem_get(c, &f->a, "anon:127.0.0.1", "k1", day, &r),
			 STORE_NOT_FOUND);
	assert_int_equal(store_idem_purge(c, "2026-12-03T00:00:00Z", &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_idem_get(c, &f->a, "user:1", "k1", day, &r), STORE_NOT_FOUND);
	release(f, c);
}

/* ---- webhooks (issue 18) ---- */

static long long hook_sub(struct store_conn *c, long long institution_id, const char *events)
{
	struct webhook_sub s;
	long long id = 0;

	memset(&s, 0, sizeof(s));
	s.institution_id = institution_id;
	s.url = "https://hooks.example.cn/x";
	s.secret_sealed = "v1:sealed";
	s.events = events;
	s.description = "";
	s.active = true;
	s.created_by = "contract";
	s.created_at = "2026-01-01T00:00:00Z";
	assert_int_equal(store_webhook_sub_insert(c, &s, &id), STORE_OK);
	return id;
}

/* An event fans out to the subscriptions whose scope and kinds cover it;
 * only a subscription's oldest pending delivery is due; a lease is taken
 * once; a delivered head lets the next one through. */
/* ---- blueprints and papers of theory exams (issue 19, migration 0042) ---- */

static long long exam_item_ok(struct store_conn *c, long long inst, int level,
			      const char *ref, int version, const char *status,
			      long long supersedes)
{
	struct exam_item_row x;
	long long id = 0;
	int rc;

	memset(&x, 0, sizeof(x));
	x.institution_id = inst;
	x.occupation_code = "6-18-01-01";
	x.level = level;
	x.ref = ref;
	x.version = version;
	x.kind = "tf";
	x.point = "A-01";
	x.stem = "合约题干";
	x.options = "[]";
	x.answer_key = 1;
	x.explanation = "";
	x.status = status;
	x.author = "writer";
	x.supersedes = supersedes;
	x.created_at = "2026-01-02T03:04:05Z";
	rc = store_exam_item_insert(c, &x, &id);
	if (rc != STORE_OK)
		fail_msg("exam item %s v%d: rc %d: %s", ref, version, rc, store_errmsg(c));
	return id;
}

/* A blueprint once per version; the bank is the approved items, each with
 * how many papers used its ref (any version); a paper keeps its items in
 * order and is sealed only while a draft. */
static void test_exam_papers(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("题库合约中心", "center", "11");
	struct exam_blueprint_row bp, got, *bps;
	struct exam_bank_row *bank;
	struct exam_paper_row p, pg, *papers;
	struct exam_paper_item_row *items;
	long long inst_id = insert_ok(c, &in), bp_id = 0, dup = 0, paper = 0;
	long long r1, r2v1, r2v2, other;
	size_t n;
	char sql[600];

	/* a plan (the catalogue's rows planted directly: not this test's subject) */
	snprintf(sql, sizeof(sql),
		 "INSERT INTO occupation (id, edition, code, name) VALUES (990001, 'e2e', "
		 "'6-18-01-01-x', '车工'); INSERT INTO standard (id, occupation_id, version, "
		 "name, effective_from, definition, created_at) VALUES (990001, 990001, '1', "
		 "'车工', '2020-01-01', '{}', '2026-01-01'); INSERT INTO plan (id, "
		 "institution_id, standard_id, level, title, capacity, created_at, updated_at) "
		 "VALUES (990001, %lld, 990001, 4, '合约计划', 10, '2026-01-01', '2026-01-01');",
		 inst_id);
	assert_int_equal(raw_exec(sql), 0);

	memset(&bp, 0, sizeof(bp));
	bp.institution_id = inst_id;
	bp.occupation_code = "6-18-01-01";
	bp.level = 4;
	bp.version = "2026.1";
	bp.doc = "{\"occupation\": \"6-18-01-01\"}";
	bp.minutes = 90;
	bp.created_by = "admin";
	bp.created_at = "2026-01-02T03:04:05Z";
	assert_int_equal(store_exam_blueprint_insert(c, &bp, &bp_id), STORE_OK);
	assert_true(bp_id > 0);
	assert_int_equal(store_exam_blueprint_insert(c, &bp, &dup), STORE_CONFLICT);
	assert_int_equal(store_exam_blueprint_get(c, &f->a, bp_id, &got), STORE_OK);
	assert_string_equal(got.version, "2026.1");
	assert_string_equal(got.doc, bp.doc);
	assert_string_equal(got.institution_name, "题库合约中心");
	assert_int_equal(got.minutes, 90);
	assert_int_equal(store_exam_blueprints(c, &f->a, inst_id, &bps, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_exam_blueprint_get(c, &f->a, bp_id + 1000, &got),
			 STORE_NOT_FOUND);

	r1 = exam_item_ok(c, inst_id, 4, "C-1", 1, "approved", 0);
	r2v1 = exam_item_ok(c, inst_id, 4, "C-2", 1, "superseded", 0);
	r2v2 = exam_item_ok(c, inst_id, 4, "C-2", 2, "approved", r2v1);
	exam_item_ok(c, inst_id, 4, "C-3", 1, "retired", 0);
	exam_item_ok(c, inst_id, 4, "C-4", 1, "draft", 0);
	other = exam_item_ok(c, inst_id, 3, "C-1", 1, "approved", 0);
	assert_int_equal(store_exam_bank(c, &f->a, inst_id, "6-18-01-01", 4, &bank, &n),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(bank[0].x.id, r1);
	assert_int_equal(bank[1].x.id, r2v2);
	assert_int_equal(bank[0].used + bank[1].used, 0);

	memset(&p, 0, sizeof(p));
	p.plan_id = 990001;
	p.blueprint_id = bp_id;
	p.seed = "18446744073709551615";
	p.warnings = 1;
	p.created_by = "officer";
	p.created_at = "2026-01-02T03:04:05Z";
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_exam_paper_insert(c, &p, &paper), STORE_OK);
	/* the superseded version of C-2 counts for its ref */
	assert_int_equal(store_exam_paper_item_insert(c, paper, 1, r1, 500), STORE_OK);
	assert_int_equal(store_exam_paper_item_insert(c, paper, 2, r2v1, 500), STORE_OK);
	assert_int_equal(store_exam_paper_item_insert(c, paper, 2, other, 500),
			 STORE_CONFLICT);
	assert_int_equal(store_rollback(c), STORE_OK);
	/* rolled back: nothing kept */
	assert_int_equal(store_exam_papers(c, &f->a, 990001, &papers, &n), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(store_begin(c), STORE_OK);
	assert_int_equal(store_exam_paper_insert(c, &p, &paper), STORE_OK);
	assert_int_equal(store_exam_paper_item_insert(c, paper, 1, r1, 500), STORE_OK);
	assert_int_equal(store_exam_paper_item_insert(c, paper, 2, r2v1, 500), STORE_OK);
	assert_int_equal(store_commit(c), STORE_OK);

	assert_int_equal(store_exam_bank(c, &f->a, inst_id, "6-18-01-01", 4, &bank, &n),
			 STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(bank[0].used, 1);
	assert_int_equal(bank[1].used, 1);
	assert_int_equal(store_exam_bank(c, &f->a, inst_id, "6-18-01-01", 3, &bank, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(bank[0].used, 0); /* another level's C-1 */

	assert_int_equal(store_exam_paper_get(c, &f->a, paper, &pg), STORE_OK);
	assert_string_equal(pg.status, "draft");
	assert_string_equal(pg.digest, "");
	assert_string_equal(pg.seed, "18446744073709551615");
	assert_int_equal(pg.warnings, 1);
	assert_int_equal(pg.nitems, 2);
	assert_int_equal(pg.bank_institution_id, inst_id);
	assert_int_equal(pg.level, 4);
	assert_string_equal(pg.version, "2026.1");
	assert_int_equal(store_exam_paper_items(c, &f->a, paper, &items, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(items[0].position, 1);
	assert_int_equal(items[0].x.id, r1);
	assert_int_equal(items[1].x.id, r2v1);
	assert_int_equal(items[1].x.version, 1);
	assert_int_equal(items[1].score, 500);
	assert_string_equal(items[1].x.stem, "合约题干");

	assert_int_equal(store_exam_paper_seal(c, paper, "ab", "officer", "2026-01-03"),
			 STORE_OK);
	assert_int_equal(store_exam_paper_seal(c, paper, "cd", "officer", "2026-01-04"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_exam_paper_get(c, &f->a, paper, &pg), STORE_OK);
	assert_string_equal(pg.status, "sealed");
	assert_string_equal(pg.digest, "ab");
	assert_string_equal(pg.sealed_by, "officer");
	assert_int_equal(store_exam_papers(c, &f->a, 990001, &papers, &n), STORE_OK);
	assert_int_equal(n, 1);
	release(f, c);
}

/* The online exam (migration 0043): the sitting opened only on a sealed
 * paper, an attempt per enrolment and paper found by its token's hash
 * (a new hash replaces it), answers saved over, counted when not blank,
 * finished once, time granted only while in progress, what marking found
 * read back as the statistics' responses, and the statistics kept. */
static void test_exam_attempts(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution in = inst("机考合约中心", "center", "11");
	struct exam_blueprint_row bp;
	struct exam_paper_row p, pg;
	struct exam_attempt_row a, got, *as;
	struct exam_answer_row *ans;
	struct exam_extension_row x, *xs;
	struct exam_response *rs;
	struct exam_item_stat_row st, sg;
	struct exam_bank_row *bank;
	struct person pe = person_row("李四", "110105********0011");
	struct enrolment e;
	long long inst_id = insert_ok(c, &in), bp_id = 0, paper = 0, draft = 0, item,
		  person, enr, att = 0, dup = 0, eid, pid;
	int answered = -1;
	size_t n;
	char sql[600];

	snprintf(sql, sizeof(sql),
		 "INSERT INTO occupation (id, edition, code, name) VALUES (990002, 'e2e', "
		 "'6-18-01-01-y', '车工'); INSERT INTO standard (id, occupation_id, version, "
		 "name, effective_from, definition, created_at) VALUES (990002, 990002, '1', "
		 "'车工', '2020-01-01', '{}', '2026-01-01'); INSERT INTO plan (id, "
		 "institution_id, standard_id, level, title, capacity, created_at, updated_at) "
		 "VALUES (990002, %lld, 990002, 4, '机考计划', 10, '2026-01-01', '2026-01-01');",
		 inst_id);
	assert_int_equal(raw_exec(sql), 0);
	assert_int_equal(store_person_insert(c, &pe, "v1:sealed-x", "blind-x", &person),
			 STORE_OK);
	memset(&e, 0, sizeof(e));
	e.plan_id = 990002;
	e.person_id = person;
	e.route_id = "r1";
	e.enrolled_at = "2026-01-01T00:00:00Z";
	assert_int_equal(store_enrolment_insert(c, &e, &enr), STORE_OK);
	assert_int_equal(store_claim_code_put(c, enr, "codehash-1", "2026-01-01"), STORE_OK);
	assert_int_equal(store_claim_code_enrolment(c, "codehash-1", &eid, &pid), STORE_OK);
	assert_int_equal(eid, enr);
	assert_int_equal(pid, 990002);
	assert_int_equal(store_claim_code_enrolment(c, "codehash-2", &eid, &pid),
			 STORE_NOT_FOUND);

	memset(&bp, 0, sizeof(bp));
	bp.institution_id = inst_id;
	bp.occupation_code = "6-18-01-01";
	bp.level = 4;
	bp.version = "2026.9";
	bp.doc = "{}";
	bp.minutes = 60;
	bp.created_by = bp.created_at = "x";
	assert_int_equal(store_exam_blueprint_insert(c, &bp, &bp_id), STORE_OK);
	item = exam_item_ok(c, inst_id, 4, "D-1", 1, "approved", 0);
	memset(&p, 0, sizeof(p));
	p.plan_id = 990002;
	p.blueprint_id = bp_id;
	p.seed = "7";
	p.created_by = "officer";
	p.created_at = "2026-01-02T03:04:05Z";
	assert_int_equal(store_exam_paper_insert(c, &p, &draft), STORE_OK);
	assert_int_equal(store_exam_paper_insert(c, &p, &paper), STORE_OK);
	assert_int_equal(store_exam_paper_item_insert(c, paper, 1, item, 1000), STORE_OK);
	/* a draft is never opened */
	assert_int_equal(store_exam_paper_open(c, draft, "2026-01-05T01:00:00Z", "officer"),
			 STORE_NOT_FOUND);
	assert_int_equal(store_exam_paper_seal(c, paper, "dg", "officer", "2026-01-03"),
			 STORE_OK);
	assert_int_equal(store_exam_paper_close(c, paper, "2026-01-05"), STORE_NOT_FOUND);
	assert_int_equal(store_exam_paper_open(c, paper, "2026-01-05T01:00:00Z", "officer"),
			 STORE_OK);
	assert_int_equal(store_exam_paper_get(c, &f->a, paper, &pg), STORE_OK);
	assert_string_equal(pg.starts_at, "2026-01-05T01:00:00Z");
	assert_string_equal(pg.opened_by, "officer");
	assert_string_equal(pg.closed_at, "");

	memset(&a, 0, sizeof(a));
	a.paper_id = paper;
	a.enrolment_id = enr;
	a.seed = "42";
	a.started_at = "2026-01-05T01:02:00Z";
	assert_int_equal(store_exam_attempt_insert(c, &a, "tok-1", &att), STORE_OK);
	assert_int_equal(store_exam_attempt_insert(c, &a, "tok-9", &dup), STORE_CONFLICT);
	assert_int_equal(store_exam_attempt_by_token(c, &f->a, "tok-1", &got), STORE_OK);
	assert_int_equal(got.id, att);
	assert_string_equal(got.status, "in_progress");
	assert_int_equal(got.tenths, -1);
	assert_int_equal(got.minutes, 60);
	assert_string_equal(got.starts_at, "2026-01-05T01:00:00Z");
	assert_string_equal(got.paper_digest, "dg");
	assert_string_equal(got.person_name, "李四");
	assert_int_equal(got.plan_id, 990002);
	assert_int_equal(store_exam_attempt_token(c, att, "tok-2"), STORE_OK);
	assert_int_equal(store_exam_attempt_by_token(c, &f->a, "tok-1", &got),
			 STORE_NOT_FOUND);
	assert_int_equal(store_exam_attempt_of(c, &f->a, paper, enr, &got), STORE_OK);
	assert_int_equal(got.id, att);

	assert_int_equal(store_exam_answer_put(c, att, 1, "A", "t1", &answered), STORE_OK);
	assert_int_equal(answered, 1);
	assert_int_equal(store_exam_answer_put(c, att, 2, "BC", "t2", &answered), STORE_OK);
	assert_int_equal(answered, 2);
	/* saved over; a blank one is not counted */
	assert_int_equal(store_exam_answer_put(c, att, 1, "", "t3", &answered), STORE_OK);
	assert_int_equal(answered, 1);
	assert_int_equal(store_exam_answers(c, &f->a, att, &ans, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_string_equal(ans[0].answer, "");
	assert_string_equal(ans[0].saved_at, "t3");
	assert_string_equal(ans[1].answer, "BC");

	memset(&x, 0, sizeof(x));
	x.attempt_id = att;
	x.minutes = 10;
	x.reason = "停电";
	x.granted_by = "proctor";
	x.granted_at = "t4";
	assert_int_equal(store_exam_extension_insert(c, &x), STORE_OK);
	assert_int_equal(store_exam_attempt_get(c, &f->a, att, &got), STORE_OK);
	assert_int_equal(got.extra_minutes, 10);
	assert_int_equal(got.answered, 1);
	assert_string_equal(got.saved_at, "t3");

	assert_int_equal(store_exam_attempt_end(c, att, "submitted", "t5"), STORE_OK);
	assert_int_equal(store_exam_attempt_end(c, att, "timed_out", "t5"), STORE_NOT_FOUND);
	got.tenths = 1000;
	got.nright = 1;
	got.marked_into = "theory";
	assert_int_equal(store_exam_attempt_marked(c, &got), STORE_OK);
	/* the papers' row lock is a no-op change */
	assert_int_equal(store_exam_paper_lock(c, 990002, 0), STORE_OK);
	assert_int_equal(store_exam_paper_lock(c, 990002, paper), STORE_OK);
	/* finished: no more answers, no more time */
	assert_int_equal(store_exam_answer_put(c, att, 1, "A", "t6", &answered),
			 STORE_NOT_FOUND);
	assert_int_equal(store_exam_extension_insert(c, &x), STORE_NOT_FOUND);
	assert_int_equal(store_exam_extensions(c, &f->a, att, &xs, &n), STORE_OK);
	assert_int_equal(n, 2); /* the refused one's row is the caller's to roll back */
	assert_string_equal(xs[0].reason, "停电");
	assert_int_equal(store_exam_attempts(c, &f->a, paper, &as, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_string_equal(as[0].status, "submitted");
	assert_int_equal(as[0].tenths, 1000);
	assert_string_equal(as[0].marked_into, "theory");

	{
		struct exam_mark_row m = {
			.position = 1, .item_id = item, .score = 1000, .right = true};

		assert_int_equal(store_begin(c), STORE_OK);
		assert_int_equal(store_exam_marks_put(c, &f->a, att, &m, 1), STORE_OK);
		assert_int_equal(store_commit(c), STORE_OK);
		/* marked once */
		assert_int_equal(store_begin(c), STORE_OK);
		assert_int_equal(store_exam_marks_put(c, &f->a, att, &m, 1), STORE_CONFLICT);
		assert_int_equal(store_rollback(c), STORE_OK);
	}
	assert_int_equal(store_exam_responses(c, &f->a, item, &rs, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(rs[0].total, 1000);
	assert_int_equal(rs[0].score, 1000);
	assert_true(rs[0].right);

	memset(&st, 0, sizeof(st));
	st.item_id = item;
	st.attempts = 1;
	st.p_milli = 1000;
	st.flags = 1;
	st.computed_at = "t7";
	assert_int_equal(store_exam_item_stat_put(c, &st), STORE_OK);
	st.attempts = 40;
	st.p_milli = 455;
	st.has_r = true;
	st.r_milli = -125;
	st.flags = 0;
	assert_int_equal(store_exam_item_stat_put(c, &st), STORE_OK);
	assert_int_equal(store_exam_item_stat_get(c, &f->a, item, &sg), STORE_OK);
	assert_int_equal(sg.attempts, 40);
	assert_int_equal(sg.p_milli, 455);
	assert_true(sg.has_r);
	assert_int_equal(sg.r_milli, -125);
	assert_int_equal(store_exam_item_stat_get(c, &f->a, item + 1000, &sg),
			 STORE_NOT_FOUND);
	/* the bank reads the statistics with the item */
	assert_int_equal(store_exam_bank(c, &f->a, inst_id, "6-18-01-01", 4, &bank, &n),
			 STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(bank[0].stat_attempts, 40);
	assert_int_equal(bank[0].p_milli, 455);

	{
		struct component_row m = {.enrolment_id = enr,
					  .component = "theory",
					  .status = "present",
					  .tenths = 900,
					  .submitted_by = "exam:1",
					  .submitted_at = "t7"};
		bool inserted = false;

		assert_int_equal(store_begin(c), STORE_OK);
		assert_int_equal(store_component_put_new(c, &m, &inserted), STORE_OK);
		assert_true(inserted);
		m.tenths = 100;
		/* locked already: nothing changed, and the transaction goes on */
		assert_int_equal(store_component_put_new(c, &m, &inserted), STORE_OK);
		assert_false(inserted);
		assert_int_equal(store_exam_paper_close(c, paper, "t8"), STORE_OK);
		assert_int_equal(store_commit(c), STORE_OK);
	}
	assert_int_equal(store_exam_paper_close(c, paper, "t9"), STORE_NOT_FOUND);
	{
		struct component_row *cs;
		size_t nc;

		assert_int_equal(store_components_of_plan(c, &f->a, 990002, &cs, &nc),
				 STORE_OK);
		assert_int_equal(nc, 1);
		assert_int_equal(cs[0].tenths, 900);
	}
	assert_int_equal(store_exam_paper_open(c, paper, "2026-01-06T01:00:00Z", "officer"),
			 STORE_NOT_FOUND);
	release(f, c);
}

static void test_webhook_fanout_and_heads(void **state)
{
	struct fx *f = *state;
	struct store_conn *c = acquire(f);
	struct institution center = inst("钩子中心", "center", "11"), st, other;
	struct webhook_delivery *hs, *log;
	size_t n;
	long long ic, is, io, net, sc, so, e1, e2;
	const char *now = "2026-01-01T00:00:01.000Z", *lease = "2026-01-01T00:00:31.000Z",
		   *lease2 = "2026-01-01T00:02:00.000Z";
	bool any = true;

	assert_int_equal(store_webhook_any_active(c, &any), STORE_OK);
	assert_false(any);
	ic = insert_ok(c, &center);
	st = inst("钩子考试站", "exam_station", "44");
	st.parent_id = ic;
	is = insert_ok(c, &st);
	other = inst("钩子他站", "exam_station", "44");
	io = insert_ok(c, &other);
	net = hook_sub(c, 0, "*");
	sc = hook_sub(c, ic, ",certificate.revoked,");
	so = hook_sub(c, io, "*");
	assert_int_equal(store_webhook_any_active(c, &any), STORE_OK);
	assert_true(any);
	const char *anc = arena_printf(&f->a, ",%lld,%lld,", is, ic);
	assert_int_equal(store_webhook_event_add(c, "certificate.revoked", is, "certificate",
						 "7", "{}", "2026-01-01T00:00:00Z", &e1),
			 STORE_OK);
	assert_int_equal(store_webhook_fanout(c, e1, "certificate.revoked", anc,
					      "2026-01-01T00:00:00.000Z"),
			 STORE_OK);
	assert_int_equal(store_webhook_event_add(c, "results.published", is, "plan", "3",
						 "{}", "2026-01-01T00:00:00Z", &e2),
			 STORE_OK);
	assert_int_equal(store_webhook_fanout(c, e2, "results.published", anc,
					      "2026-01-01T00:00:00.000Z"),
			 STORE_OK);
	/* the network's gets both, the center's the revocation, the other none */
	assert_int_equal(store_webhook_deliveries(c, &f->a, net, 0, 10, &log, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(log[0].event_id, e2); /* newest first */
	assert_int_equal(store_webhook_deliveries(c, &f->a, sc, 0, 10, &log, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(store_webhook_deliveries(c, &f->a, so, 0, 10, &log, &n), STORE_OK);
	assert_int_equal(n, 0);
	/* the heads: each subscription's oldest */
	assert_int_equal(store_webhook_heads(c, &f->a, now, 10, &hs, &n), STORE_OK);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(hs[i].event_id, e1);
	long long head = hs[0].subscription_id == net ? hs[0].id : hs[1].id;
	/* not due yet (a stale heads list): no claim */
	assert_int_equal(store_webhook_claim(c, head, "2025-12-31T23:59:59.000Z", lease,
					     "owner-a"),
			 STORE_CONFLICT);
	assert_int_equal(store_webhook_claim(c, head, now, lease, "owner-a"), STORE_OK);
	assert_int_equal(store_webhook_claim(c, head, now, lease, "owner-b"),
			 STORE_CONFLICT);
	assert_int_equal(store_webhook_heads(c, &f->a, now, 10, &hs, &n), STORE_OK);
	assert_int_equal(n, 1);
	assert_int_equal(hs[0].subscription_id, sc);
	/* the lease lapsed: b takes it; a's late outcome changes nothing */
	assert_int_equal(store_webhook_claim(c, head, "2026-01-01T00:01:00.000Z", lease2,
					     "owner-b"),
			 STORE_OK);
	assert_int_equal(store_webhook_done(c, head, "owner-a", "pending", 0, "late",
					    NULL, "2026-01-01T05:00:00.000Z"),
			 STORE_CONFLICT);
	assert_int_equal(store_webhook_deliveries(c, &f->a, net, 0, 10, &log, &n), STORE_OK);
	assert_string_equal(log[1].state, "pending");
	assert_null(log[1].last_error);
	assert_int_equal(log[1].attempts, 2);
	/* delivered by the holder: the network's next one is due */
	assert_int_equal(store_webhook_done(c, head, "owner-b", "delivered", 200, NULL,
					    now, now),
			 STORE_OK);
	/* a second outcome of it (not pending any more) changes nothing */
	assert_int_equal(store_webhook_done(c, head, "owner-b", "pending", 0, "late",
					    NULL, now),
			 STORE_CONFLICT);
	assert_int_equal(store_webhook_heads(c, &f->a, now, 10, &hs, &n), STORE_OK);
	assert_int_equal(n, 2);
	assert_int_equal(hs[0].subscription_id == net ? hs[0].event_id : hs[1].event_id, e2);
	/* a removed subscription's pending deliveries fail, and an attempt
	 * in flight does not undo that */
	assert_int_equal(store_webhook_deliveries(c, &f->a, sc, 0, 10, &log, &n), STORE_OK);
	assert_int_equal(store_webhook_claim(c, log[0].id, now, lease, "owner-c"), STORE_OK);
	assert_int_equal(store_webhook_sub_remove(c, sc, now), STORE_OK);
	assert_int_equal(store_webhook_done(c, log[0].id, "owner-c", "delivered", 200,
					    NULL, now, now),
			 STORE_CONFLICT);
	assert_int_equal(store_webhook_deliveries(c, &f->a, sc, 0, 10, &log, &n), STORE_OK);
	assert_string_equal(log[0].state, "failed");
	release(f, c);
}

/* ---- read replicas (store_open_replica) ---- */

static int replica_failures;

static void count_failure(void *arg, const char *why)
{
	(void)arg;
	assert_non_null(why);
	replica_failures++;
}

/* Cuts every connection of the replica (they carry application_name
 * contract_replica): what a standby stopping does to them. */
static void cut_replica(void)
{
	assert_int_equal(raw_exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
				  "WHERE application_name = 'contract_replica'"),
			 0);
}

/* A replica is PostgreSQL of a PostgreSQL primary; a statement that fails
 * on one of its connections is answered from the primary, which keeps the
 * connection's work (its transaction too) until release, and the hook
 * hears of it. The primary's own database stands for the replica. */
static void test_replica_fallback(void **state)
{
	struct fx *f = *state;
	struct store *r = NULL;
	struct store_conn *p, *rc, *rc2;
	struct institution got;
	char url[1200], err[512] = "";
	struct store_server sv, prim;
	long long lsn = 0, id;
	int open = -1, in_use = -1;

	if (is_sqlite()) {
		/* neither a SQLite replica nor a replica of a SQLite primary */
		assert_int_equal(store_open_replica(db_url, 0, f->s, &r, err, sizeof(err)),
				 STORE_ERROR);
		assert_null(r);
		assert_non_null(strstr(err, "postgresql"));
		assert_int_equal(store_open_replica("postgresql://nobody@127.0.0.1:1/x",
						    0, f->s, &r, err, sizeof(err)),
				 STORE_ERROR);
		assert_false(store_is_replica(f->s));
		return;
	}
	snprintf(url, sizeof(url), "%s%capplication_name=contract_replica", db_url,
		 strchr(db_url, '?') ? '&' : '?');
	/* the primary given as a replica is no error (nothing connected yet) */
	assert_int_equal(store_open_replica(url, 4, f->s, &r, err, sizeof(err)), STORE_OK);
	assert_true(store_is_replica(r));
	assert_false(store_is_replica(f->s));
	store_replica_on_fail(r, count_failure, NULL);
	replica_failures = 0;

	{
		struct institution in = inst("副本回退测试中心", "center", "11");

		p = acquire(f);
		id = insert_ok(p, &in);
		assert_int_equal(store_wal_position(p, &lsn), STORE_OK);
		assert_true(lsn > 0);
		assert_int_equal(store_primary_sample(p, &prim), STORE_OK);
		assert_true(prim.lsn >= lsn);
		assert_true(prim.system_id != 0 && prim.started_us > 0);
		release(f, p);
	}
	/* the checker's questions: not in recovery, the very server the
	 * primary is (its cluster, its start), its insert position */
	assert_int_equal(store_replica_probe(r, &sv, err, sizeof(err)), STORE_OK);
	assert_false(sv.in_recovery);
	assert_true(sv.lsn >= prim.lsn);
	assert_true(sv.system_id == prim.system_id);
	assert_true(sv.started_us == prim.started_us);
	assert_string_equal(sv.database, prim.database);

	{
		/* a URL ending in its separator: the timeouts appended after it */
		struct store *r2 = NULL;
		struct store_conn *c2;
		char u2[1200];

		snprintf(u2, sizeof(u2), "%s%c", db_url, strchr(db_url, '?') ? '&' : '?');
		assert_int_equal(store_open_replica(u2, 1, f->s, &r2, err, sizeof(err)),
				 STORE_OK);
		c2 = store_acquire(r2);
		assert_non_null(c2);
		store_release(c2);
		store_close(r2);
	}

	rc = store_acquire(r);
	assert_non_null(rc);
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_institution_get(rc, &f->a, id, &got), STORE_OK);
	assert_int_equal(replica_failures, 0);

	{
		/* a statement's own error (a dangling parent) is returned as it
		 * is: not retried on the primary, the replica not down */
		struct institution bad = inst("副本孤儿考试站", "exam_station", "12");
		long long bid = 0;

		bad.parent_id = 987654321;
		store_stats(f->s, &open, &in_use);
		assert_int_equal(in_use, 0);
		assert_int_equal(store_institution_insert(rc, &bad, &bid), STORE_ERROR);
		assert_non_null(strstr(store_errmsg(rc), "institution"));
		assert_int_equal(replica_failures, 0);
		store_stats(f->s, &open, &in_use);
		assert_int_equal(in_use, 0); /* no primary connection took over */
		assert_int_equal(store_institution_get(rc, &f->a, id, &got), STORE_OK);
	}
	/* an idle connection of the replica besides rc */
	rc2 = store_acquire(r);
	assert_non_null(rc2);
	store_release(rc2);
	store_stats(r, &open, &in_use);
	assert_int_equal(open, 2);

	cut_replica();
	/* the same read, answered by the primary */
	memset(&got, 0, sizeof(got));
	assert_int_equal(store_institution_get(rc, &f->a, id, &got), STORE_OK);
	assert_string_equal(got.name, "副本回退测试中心");
	assert_int_equal(replica_failures, 1);
	/* the replica's idle connection closed with it (each would fail once) */
	store_stats(r, &open, &in_use);
	assert_int_equal(open, 1);
	assert_int_equal(in_use, 1);
	/* and the rest of the connection's work there, without more failures */
	assert_int_equal(store_institution_get(rc, &f->a, id, &got), STORE_OK);
	assert_int_equal(replica_failures, 1);
	store_stats(f->s, &open, &in_use);
	assert_int_equal(in_use, 1); /* the primary's connection doing it */

	/* cut inside a transaction: begun again on the primary, committed */
	rc2 = store_acquire(r);
	assert_non_null(rc2);
	assert_int_equal(store_begin(rc2), STORE_OK);
	assert_int_equal(store_institution_get(rc2, &f->a, id, &got), STORE_OK);
	cut_replica();
	assert_int_equal(store_institution_get(rc2, &f->a, id, &got), STORE_OK);
	assert_int_equal(store_institution_get(rc2, &f->a, id + 1000000, &got),
			 STORE_NOT_FOUND);
	assert_int_equal(store_commit(rc2), STORE_OK);
	assert_int_equal(replica_failures, 2);
	store_release(rc2);
	store_release(rc);
	/* every connection given back; the cut ones closed */
	store_stats(f->s, &open, &in_use);
	assert_int_equal(in_use, 0);
	store_stats(r, &open, &in_use);
	assert_int_equal(in_use, 0);
	assert_int_equal(open, 0);

	/* the checker's connection was cut too: an error, then a new one */
	assert_int_equal(store_replica_probe(r, &sv, err, sizeof(err)), STORE_ERROR);
	assert_true(err[0] != '\0');
	assert_int_equal(store_replica_probe(r, &sv, err, sizeof(err)), STORE_OK);
	store_close(r);
}

/* The server drops every connection (a restart, a failover) while two are
 * checked out: the one that finds it broken closes the idle ones, and the
 * other, unused since, is closed when given back instead of being kept to
 * fail its next caller; the pool's next connection is a new one. */
static void test_pool_drops_dead_in_use(void **state)
{
	struct store *s = NULL;
	struct store_conn *a, *b, *c;
	char url[1200], err[512] = "";
	long long lsn = 0;
	int open = -1, in_use = -1;

	(void)state;
	if (is_sqlite())
		return; /* a file does not drop its connections */
	snprintf(url, sizeof(url), "%s%capplication_name=contract_pool", db_url,
		 strchr(db_url, '?') ? '&' : '?');
	assert_int_equal(store_open(url, 4, &s, err, sizeof(err)), STORE_OK);
	a = store_acquire(s);
	b = store_acquire(s);
	assert_non_null(a);
	assert_non_null(b);
	assert_int_equal(store_wal_position(a, &lsn), STORE_OK);
	assert_int_equal(store_wal_position(b, &lsn), STORE_OK);
	assert_int_equal(raw_exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
				  "WHERE application_name = 'contract_pool'"),
			 0);
	assert_int_not_equal(store_wal_position(a, &lsn), STORE_OK);
	store_release(a);
	store_release(b); /* not used since: it cannot know, the pool does */
	store_stats(s, &open, &in_use);
	assert_int_equal(in_use, 0);
	assert_int_equal(open, 0);
	c = store_acquire(s);
	assert_non_null(c);
	assert_int_equal(store_wal_position(c, &lsn), STORE_OK);
	store_release(c);
	store_stats(s, &open, &in_use);
	assert_int_equal(open, 1);
	store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_bad_url),
		cmocka_unit_test(test_open_sqlite_missing_dir),
		cmocka_unit_test(test_open_pg_unreachable),
		cmocka_unit_test(test_pool_drops_dead_in_use),
		cmocka_unit_test_setup_teardown(test_engine, setup, teardown),
		/* these two need the empty database, in this order */
		cmocka_unit_test_setup_teardown(test_empty_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_again_noop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_seen_by_new_store,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_insert_get, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_insert_first_name_record,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_get_missing, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_name, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_dangling_parent, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_unfiltered, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_like_literal, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_long_q, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_q_ascii_case, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_list_paging, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_many_rows, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_rename_conflict, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_rename_missing, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_tx_rollback, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_rollback_rename, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_tx_commit, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_isolation, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_read_snapshot, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_conflict_rolls_back_all,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_release_rolls_back, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_pool_stats, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_pool_threads, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_pool_waits, setup_small_pool, teardown),
		cmocka_unit_test_setup_teardown(test_replica_fallback, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_user_insert_get, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_user_display_name_null,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_user_duplicate, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_user_set_password, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_user_list, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_grants, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_grants_unknown_role, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_institution_ancestry, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_session_purge, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limits, setup_migrated, teardown),
		/* the registry */
		cmocka_unit_test_setup_teardown(test_counter_next, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_counter_concurrent, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_batches, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_registrations, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_objections, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_status_log, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_filings, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_sup_flags, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_inspections_findings, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_institution_registry_fields,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_registry_filters,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_expiring, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_name_at, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_registry_counts, setup_migrated,
						teardown),
		/* the audit chain: this one first, it sees the genesis */
		cmocka_unit_test_setup_teardown(test_audit_next_from_genesis,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_audit_list_filters, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_audit_list_paging, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_audit_scan, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_audit_append_only, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_audit_concurrent, setup_migrated,
						teardown),
		/* last: plants and removes a schema_version row */
		cmocka_unit_test_setup_teardown(test_person_insert_find, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_person_copy_by_blinds,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_person_list_update, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_person_institutions, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_stats_rows_paged, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_stats_sum_scoped, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_certificate_rows, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_cert_insert_many, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_filing_selection, setup_migrated,
						teardown),
		cmocka_unit_test_setup_teardown(test_signing_keys_settings,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_secret_first_writer_wins,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_db_copy, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_idem_keys, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_webhook_fanout_and_heads,
						setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_exam_papers, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_exam_attempts, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup_migrated,
						teardown),
	};

	db_url = getenv("SKILLCERT_TEST_DB");
	if (!db_url || !*db_url) {
		fprintf(stderr, "store_contract: set SKILLCERT_TEST_DB to an empty "
				"database (sqlite:PATH or postgresql://...)\n");
		return 2;
	}
	fprintf(stderr, "store_contract: %s\n", db_url);
	return cmocka_run_group_tests_name("store_contract", tests, NULL, NULL);
}
