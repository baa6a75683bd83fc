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
 * (users, grants, ancestry, sessions, API tokens, rate limits) and the
 * audit chain, and last the "database newer than the binary" case, which
 * plants a schema_version row and removes it again.
 *
 * The audit tests share one chain: the first sees the all-zero genesis,
 * the others add to it and check the whole chain from seq 1 (every test
 * appends through store_audit_next, so it stays unbroken). Stored hashes
 * are deterministic stand-ins (the store does not compute them).
 *
 * Only store.h is used, except for raw_exec(): the store has no raw-SQL API,
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
		print_error("store_migrate reached %d, not %d\n", to,
			    store_schema_latest());
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

static struct institution inst(const char *name, const char *type,
			       const char *province)
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

		assert_int_not_equal(store_open(bad[i], 0, &s, err, sizeof(err)),
				     STORE_OK);
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
	assert_int_not_equal(store_open("sqlite:/nonexistent-skillcert-dir/sub/c.db",
					0, &s, err, sizeof(err)),
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
		struct institution k2 = inst("江苏省高技能人才培养基地", "training_base", "32");

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
static void expect_ids(const struct institution *items, size_t n,
		       const long long *ids, size_t nids)
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
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 5);
	expect_ids(items, n, (long long[]){a, b, cc, d, e}, 5);
	assert_string_equal(items[0].name, "筛选甲鉴定站");
	assert_string_equal(items[2].type, "practice_base");
	assert_string_equal(items[4].province, "82");

	/* substring in the middle and at the end */
	flt.q = "乙鉴";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){b}, 1);
	flt.q = "实训基地";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	expect_ids(items, n, (long long[]){cc}, 1);

	/* q and type */
	flt.q = "筛选";
	flt.type = "exam_station";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 2);
	expect_ids(items, n, (long long[]){a, b}, 2);

	/* q and province */
	flt.type = NULL;
	flt.province = "13";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 2);
	expect_ids(items, n, (long long[]){a, cc}, 2);

	/* all three */
	flt.type = "exam_station";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){a}, 1);

	/* "" means any, like NULL */
	flt.q = "";
	flt.type = "management_station";
	flt.province = "";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){e}, 1);

	/* province alone */
	memset(&flt, 0, sizeof(flt));
	flt.province = "64";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){d}, 1);

	/* no match */
	memset(&flt, 0, sizeof(flt));
	flt.q = "筛选";
	flt.type = "center";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	flt.type = NULL;
	flt.q = "根本不存在的名称";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
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
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
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
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){pct}, 1);
	assert_string_equal(items[0].name, "100%站");

	flt.q = "0%站"; /* as a wildcard this would match 1000站 too */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){pct}, 1);

	flt.q = "_";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){und}, 1);

	flt.q = "a_b"; /* as a wildcard this would match axb站 too */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){und}, 1);

	flt.q = "\\"; /* the escape character itself is literal too */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){bsl}, 1);

	flt.q = "c\\d";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	expect_ids(items, n, (long long[]){bsl}, 1);

	flt.q = "'; DROP TABLE institution; --";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
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
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(total, 1);
	flt.q = "ctp实训";
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
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
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	assert_int_equal(n, 0);
	assert_int_equal(total, 7);

	flt.offset = 2;
	flt.limit = 1;
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
	expect_ids(items, n, (long long[]){ids[2]}, 1);
	assert_int_equal(total, 7);

	flt.offset = 0;
	flt.limit = 0; /* 0 = the default page, larger than 7 */
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
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
	assert_int_equal(store_institution_list(c, &f->a, &flt, &items, &n, &total), STORE_OK);
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
	assert_int_equal(store_institution_rename(c, id, "新疆分中心", NULL, NULL, "重新注册并更名", NULL, "2024-09-01T10:00:00Z"),
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
	assert_int_equal(store_institution_rename(c, id, "新疆维吾尔自治区分中心", NULL, NULL, NULL, NULL, "2025-01-01T00:00:00Z"),
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

	/* search finds the current name only */
	assert_int_equal(count_q(c, &f->a, "新疆维吾尔自治区分中心"), 1);
	assert_int_equal(count_q(c, &f->a, "培养基地（旧）"), 0);
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
	assert_int_equal(store_institution_rename(c, ib, "汽车东风分中心", NULL, NULL, "x", NULL, "2025-02-02T00:00:00Z"),
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

	assert_int_equal(store_institution_rename(c, 987654321, "不存在的机构新名", NULL, NULL, "x", NULL, "2025-02-02T00:00:00Z"),
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
	assert_int_equal(store_institution_rename(c, id, "事务更名后", NULL, NULL, "r", NULL, "2025-03-03T00:00:00Z"),
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
		assert_int_equal(store_institution_get(c, &f->a, w[i].ids[POOL_ROWS - 1], &got),
				 STORE_OK);
		assert_string_equal(got.name, name);
	}
	release(f, c);
}

static void test_pool_threads(void **state)
{
	run_pool(*state, "并发测试", 0);
}

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
static void test_pool_waits(void **state)
{
	run_pool(*state, "小池测试", 3);
}

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
	assert_string_equal(items[pos[0]].password_hash, "$argon2id$v=19$m=65536,t=2,p=1$fake");
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
	assert_int_equal(store_grant_delete(c, uid, "institution_admin", iid), STORE_NOT_FOUND);
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
	assert_int_equal(store_grant_insert(c, uid, "assessor", 0,
					    "2026-01-02T03:04:05Z", &keep),
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

static struct session mksession(const char *hash, long long user_id,
				const char *expires)
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
	assert_int_equal(store_token_insert(c, uid, "ci", "tk-h2",
					    "2026-01-02T03:04:06Z", &t2),
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

static struct audit_record arec(const char *at, const char *actor,
				const char *action, const char *otype,
				const char *oid)
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
static long long append_raw(struct store_conn *c, struct audit_record *r,
			    unsigned salt, char *err, size_t errlen)
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

static void expect_seqs(const struct audit_record *items, size_t n,
			const long long *seqs, size_t nseqs)
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

#define LIST()                                                                  \
	do {                                                                    \
		total = -1;                                                     \
		assert_int_equal(store_audit_list(c, &f->a, &flt, &items, &n, &total), \
				 STORE_OK);                                     \
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
	assert_int_not_equal(raw_exec("UPDATE audit SET actor = 'mallory' WHERE seq = 1"), 0);
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
		fail_msg("store_check_schema message should name %d and %d: %s",
			 future, latest, err);

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_bad_url),
		cmocka_unit_test(test_open_sqlite_missing_dir),
		cmocka_unit_test(test_open_pg_unreachable),
		cmocka_unit_test_setup_teardown(test_engine, setup, teardown),
		/* these two need the empty database, in this order */
		cmocka_unit_test_setup_teardown(test_empty_database, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_migrate_again_noop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_schema_seen_by_new_store, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_insert_get, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_insert_first_name_record, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_get_missing, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_duplicate_name, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_dangling_parent, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_filters, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_unfiltered, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_like_literal, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_long_q, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_q_ascii_case, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_paging, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_list_many_rows, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_rename, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_rename_conflict, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_rename_missing, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_rollback, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_rollback_rename, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_commit, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_isolation, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tx_conflict_rolls_back_all, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_release_rolls_back, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_pool_stats, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_pool_threads, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_pool_waits, setup_small_pool, teardown),
		cmocka_unit_test_setup_teardown(test_user_insert_get, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_user_display_name_null, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_user_duplicate, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_user_set_password, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_user_list, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_grants, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_grants_unknown_role, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_institution_ancestry, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_sessions, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_session_purge, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_tokens, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_rate_limits, setup_migrated, teardown),
		/* the audit chain: this one first, it sees the genesis */
		cmocka_unit_test_setup_teardown(test_audit_next_from_genesis, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_audit_list_filters, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_audit_list_paging, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_audit_scan, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_audit_append_only, setup_migrated, teardown),
		cmocka_unit_test_setup_teardown(test_audit_concurrent, setup_migrated, teardown),
		/* last: plants and removes a schema_version row */
		cmocka_unit_test_setup_teardown(test_newer_schema_refused, setup_migrated, teardown),
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
