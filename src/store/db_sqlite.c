/*
 * db_sqlite.c - the SQLite engine behind db.h.
 *
 * One sqlite3 handle per pooled connection (SQLITE_OPEN_NOMUTEX: the pool
 * guarantees one thread at a time). Connections run in WAL mode with a
 * busy timeout, foreign keys on, memory-mapped reads and a larger page
 * cache. Statements are prepared once and kept in the connection's cache.
 */
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"

/* Before SQLite's first use: no memory statistics. They cost a global
 * mutex around every allocation SQLite makes, which the server's threads
 * then queue on (public verification, bench/pg.sh); nothing reads them. */
static pthread_once_t sq_once = PTHREAD_ONCE_INIT;
static void sq_configure(void) { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); }

/* mmap_size is SQLite's own upper bound (SQLITE_MAX_MMAP_SIZE, just under
 * 2 GiB): a read of a page inside the mapping is a memory access, one past
 * it a pread() into the connection's cache. A server of 200,000
 * certificates holds a 1 GiB file: with 256 MiB mapped, a public lookup's
 * pages were read with a system call each (bench/pg.sh). It is address
 * space, not memory: the pages are the kernel's file cache, shared. */
static int sq_connect(const char *url, void **handle, char *err, size_t errlen)
{
	const char *path = url + strlen("sqlite:");
	sqlite3 *db = NULL;
	int rc;
	static const char *const pragmas = "PRAGMA journal_mode=WAL;"
					   "PRAGMA synchronous=NORMAL;"
					   "PRAGMA foreign_keys=ON;"
					   "PRAGMA mmap_size=2147418112;"
					   "PRAGMA cache_size=-65536;"
					   "PRAGMA temp_store=MEMORY;";

	pthread_once(&sq_once, sq_configure);
	if (!*path) {
		snprintf(err, errlen, "sqlite: empty database path");
		return STORE_ERROR;
	}
	rc = sqlite3_open_v2(path, &db,
			     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
			     NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: cannot open %s: %s", path,
			 db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return STORE_ERROR;
	}
	sqlite3_busy_timeout(db, 10000);
	if (sqlite3_exec(db, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "sqlite: %s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return STORE_ERROR;
	}
	*handle = db;
	return STORE_OK;
}

static void sq_disconnect(void *handle) { sqlite3_close_v2(handle); }

static int sq_exec_script(struct store_conn *c, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(c->handle, sql, NULL, NULL, &msg) != SQLITE_OK) {
		db_fail(c, "%s", msg ? msg : "sqlite error");
		sqlite3_free(msg);
		return STORE_ERROR;
	}
	return STORE_OK;
}

static sqlite3_stmt *sq_prepare(struct store_conn *c, const char *sql)
{
	sqlite3_stmt *st = NULL;

	for (int i = 0; i < c->ncache; i++)
		if (c->cache[i].sql == sql)
			return c->cache[i].stmt;
	if (sqlite3_prepare_v3(c->handle, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) !=
	    SQLITE_OK) {
		db_fail(c, "%s", sqlite3_errmsg(c->handle));
		return NULL;
	}
	if (c->ncache < DB_STMT_CACHE) {
		c->cache[c->ncache].sql = sql;
		c->cache[c->ncache].stmt = st;
		c->ncache++;
	}
	return st;
}

/* True when st lives in the connection's cache (else the caller finalizes
 * it when done with it). */
static int sq_cached(struct store_conn *c, sqlite3_stmt *st)
{
	for (int i = 0; i < c->ncache; i++)
		if (c->cache[i].stmt == st)
			return 1;
	return 0;
}

/* Gives a statement back after use: reset and kept when cached, finalized
 * otherwise (a statement left unfinalized keeps its connection alive as a
 * zombie after sqlite3_close_v2 and leaks it). */
static void sq_release(struct store_conn *c, sqlite3_stmt *st)
{
	if (!st)
		return;
	if (sq_cached(c, st)) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		sqlite3_finalize(st);
	}
}

/* Maps a failed step to a store error, remembering the message. */
static int sq_error(struct store_conn *c, int rc)
{
	db_fail(c, "%s", sqlite3_errmsg(c->handle));
	if (rc == SQLITE_CONSTRAINT &&
	    (sqlite3_extended_errcode(c->handle) == SQLITE_CONSTRAINT_UNIQUE ||
	     sqlite3_extended_errcode(c->handle) == SQLITE_CONSTRAINT_PRIMARYKEY))
		return STORE_CONFLICT;
	return STORE_ERROR;
}

static int sq_query(struct store_conn *c, const char *sql, const struct db_arg *args,
		    int nargs, struct db_res *res)
{
	sqlite3_stmt *st = sq_prepare(c, sql);
	int rc;

	memset(res, 0, sizeof(*res));
	res->conn = c;
	if (!st)
		return STORE_ERROR;
	/* the same limit as the PostgreSQL engine: SQL written once runs on
	 * both */
	if (nargs > DB_MAX_ARGS) {
		sq_release(c, st);
		return db_fail(c, "%d parameters, at most %d", nargs, DB_MAX_ARGS);
	}
	sqlite3_reset(st);
	/* every parameter is bound again below; only a call that binds fewer
	 * than the statement has needs the old values cleared */
	if (sqlite3_bind_parameter_count(st) != nargs)
		sqlite3_clear_bindings(st);
	for (int i = 0; i < nargs; i++) {
		switch (args[i].kind) {
		case DB_NULL: rc = sqlite3_bind_null(st, i + 1); break;
		case DB_INT: rc = sqlite3_bind_int64(st, i + 1, args[i].num); break;
		default:
			rc = sqlite3_bind_text(st, i + 1, args[i].text, -1, SQLITE_STATIC);
		}
		if (rc != SQLITE_OK) {
			int e = sq_error(c, rc);

			sq_release(c, st);
			return e;
		}
	}
	res->stmt = st;
	res->row = -1; /* not stepped yet */
	/* Step once now so that errors (constraints) surface here. */
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		res->nrows = 1;
	} else if (rc == SQLITE_DONE) {
		res->nrows = 0;
		res->changes = sqlite3_changes64(c->handle);
	} else {
		int e = sq_error(c, rc);

		sq_release(c, st);
		res->stmt = NULL;
		return e;
	}
	return STORE_OK;
}

static int sq_next(struct db_res *res)
{
	int rc;

	if (!res->stmt)
		return 0;
	if (res->row == -1) { /* first row was stepped in query */
		res->row = 0;
		return res->nrows ? 1 : 0;
	}
	if (!res->nrows)
		return 0;
	rc = sqlite3_step(res->stmt);
	if (rc == SQLITE_ROW) {
		res->row++;
		return 1;
	}
	res->nrows = 0;
	if (rc == SQLITE_DONE)
		return 0;
	sq_error(res->conn, rc);
	return -1;
}

static const char *sq_col(struct db_res *res, int i)
{
	return (const char *)sqlite3_column_text(res->stmt, i);
}

static void sq_done(struct db_res *res)
{
	sq_release(res->conn, res->stmt);
	res->stmt = NULL;
}

/* db_copy(): "INSERT INTO t (a, b) VALUES (?, ?)" prepared once for the
 * call, bound and stepped per row. */
static int sq_copy(struct store_conn *c, const char *table, const char *const *cols,
		   int ncols, const char *const *values, size_t nrows)
{
	struct buf sql;
	sqlite3_stmt *st = NULL;
	int rc = STORE_OK;

	buf_init(&sql, 0);
	buf_printf(&sql, "INSERT INTO %s (", table);
	for (int k = 0; k < ncols; k++)
		buf_printf(&sql, "%s%s", k ? ", " : "", cols[k]);
	buf_puts(&sql, ") VALUES (");
	for (int k = 0; k < ncols; k++)
		buf_puts(&sql, k ? ", ?" : "?");
	buf_putc(&sql, ')');
	if (buf_failed(&sql)) {
		buf_release(&sql);
		return db_fail(c, "out of memory");
	}
	if (sqlite3_prepare_v2(c->handle, sql.data, -1, &st, NULL) != SQLITE_OK) {
		buf_release(&sql);
		return db_fail(c, "%s", sqlite3_errmsg(c->handle));
	}
	buf_release(&sql);
	for (size_t r = 0; r < nrows && rc == STORE_OK; r++) {
		const char *const *row = values + r * (size_t)ncols;
		int e = SQLITE_OK;

		sqlite3_reset(st);
		for (int k = 0; k < ncols && e == SQLITE_OK; k++)
			e = row[k] ? sqlite3_bind_text(st, k + 1, row[k], -1, SQLITE_STATIC)
				   : sqlite3_bind_null(st, k + 1);
		if (e == SQLITE_OK)
			e = sqlite3_step(st);
		if (e != SQLITE_DONE)
			rc = sq_error(c, e);
	}
	sqlite3_finalize(st);
	return rc;
}

static void sq_stmt_free(void *stmt) { sqlite3_finalize(stmt); }

static int sq_broken(void *handle)
{
	(void)handle;
	return 0;
}

const struct db_engine db_sqlite = {
	.name = "sqlite",
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec_script = sq_exec_script,
	.query = sq_query,
	.next = sq_next,
	.col = sq_col,
	.done = sq_done,
	.begin_sql = "BEGIN IMMEDIATE",
	.table_exists_sql =
		"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
	.migrate_lock_sql = NULL,
	.broken = sq_broken,
	.stmt_free = sq_stmt_free,
	.copy = sq_copy,
};
