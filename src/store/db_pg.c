/*
 * db_pg.c - the PostgreSQL engine behind db.h, on libpq.
 *
 * SQL arrives with `?` placeholders and is rewritten to $1, $2, ... once,
 * when the statement is prepared on the connection (PQprepare). Parameters
 * and results travel as text. SQLSTATE 23505 (unique_violation) maps to
 * STORE_CONFLICT.
 */
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"

static int pg_connect(const char *url, void **handle, char *err, size_t errlen)
{
	PGconn *pg = PQconnectdb(url);

	if (!pg || PQstatus(pg) != CONNECTION_OK) {
		snprintf(err, errlen, "postgresql: %s",
			 pg ? PQerrorMessage(pg) : "out of memory");
		/* libpq messages end in a newline */
		err[strcspn(err, "\n")] = '\0';
		PQfinish(pg);
		return STORE_ERROR;
	}
	PQclear(PQexec(pg, "SET client_min_messages = warning"));
	*handle = pg;
	return STORE_OK;
}

static void pg_disconnect(void *handle) { PQfinish(handle); }

/* Copies libpq's message (trailing newline removed) onto the connection. */
static int pg_error(struct store_conn *c, PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorMessage(r) : "";

	if (!msg || !*msg)
		msg = PQerrorMessage(c->handle);
	db_fail(c, "%s", msg);
	c->errmsg[strcspn(c->errmsg, "\n")] = '\0';
	snprintf(c->sqlstate, sizeof(c->sqlstate), "%s", state ? state : "");
	return state && strcmp(state, "23505") == 0 ? STORE_CONFLICT : STORE_ERROR;
}

static int pg_exec_script(struct store_conn *c, const char *sql)
{
	PGresult *r = PQexec(c->handle, sql);
	int rc = STORE_OK;
	ExecStatusType st = PQresultStatus(r);

	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
		rc = pg_error(c, r);
	PQclear(r);
	return rc;
}

/* "a = ? AND b = ?" -> "a = $1 AND b = $2", leaving quoted text alone. */
static char *pg_rewrite(const char *sql)
{
	struct buf b;
	int n = 0;
	char quote = 0;

	buf_init(&b, 0);
	for (const char *p = sql; *p; p++) {
		if (quote) {
			if (*p == quote)
				quote = 0;
			buf_putc(&b, *p);
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			buf_putc(&b, *p);
		} else if (*p == '?') {
			buf_printf(&b, "$%d", ++n);
		} else {
			buf_putc(&b, *p);
		}
	}
	if (buf_failed(&b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* Returns the prepared statement's name (cached), or NULL. */
static const char *pg_prepare(struct store_conn *c, const char *sql)
{
	char name[32];
	char *text;
	PGresult *r;
	int slot = -1;

	for (int i = 0; i < c->ncache; i++)
		if (c->cache[i].sql == sql)
			return c->cache[i].stmt;
	if (c->ncache < DB_STMT_CACHE) {
		slot = c->ncache;
		snprintf(name, sizeof(name), "s%d", slot);
	} else {
		name[0] = '\0'; /* the unnamed statement, re-prepared each time */
	}
	text = pg_rewrite(sql);
	if (!text) {
		db_fail(c, "out of memory");
		return NULL;
	}
	r = PQprepare(c->handle, name, text, 0, NULL);
	free(text);
	if (PQresultStatus(r) != PGRES_COMMAND_OK) {
		pg_error(c, r);
		PQclear(r);
		return NULL;
	}
	PQclear(r);
	if (slot < 0)
		return "";
	c->cache[slot].sql = sql;
	c->cache[slot].stmt = strdup(name);
	if (!c->cache[slot].stmt)
		return NULL;
	c->ncache++;
	return c->cache[slot].stmt;
}

static int pg_query(struct store_conn *c, const char *sql, const struct db_arg *args,
		    int nargs, struct db_res *res)
{
	const char *name = pg_prepare(c, sql);
	const char *values[DB_MAX_ARGS];
	char nums[DB_MAX_ARGS][24];
	PGresult *r;
	ExecStatusType st;

	memset(res, 0, sizeof(*res));
	res->conn = c;
	if (!name)
		return STORE_ERROR;
	if (nargs > DB_MAX_ARGS)
		return db_fail(c, "too many parameters");
	for (int i = 0; i < nargs; i++) {
		switch (args[i].kind) {
		case DB_NULL: values[i] = NULL; break;
		case DB_INT:
			snprintf(nums[i], sizeof(nums[i]), "%lld", args[i].num);
			values[i] = nums[i];
			break;
		default: values[i] = args[i].text;
		}
	}
	r = PQexecPrepared(c->handle, name, nargs, values, NULL, NULL, 0);
	st = PQresultStatus(r);
	if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) {
		int e = pg_error(c, r);

		PQclear(r);
		return e;
	}
	res->pgres = r;
	res->row = -1;
	res->nrows = PQntuples(r);
	res->changes = strtoll(PQcmdTuples(r), NULL, 10);
	return STORE_OK;
}

static int pg_next(struct db_res *res)
{
	if (!res->pgres || res->row + 1 >= res->nrows)
		return 0;
	res->row++;
	return 1;
}

static const char *pg_col(struct db_res *res, int i)
{
	if (PQgetisnull(res->pgres, res->row, i))
		return NULL;
	return PQgetvalue(res->pgres, res->row, i);
}

static void pg_done(struct db_res *res)
{
	PQclear(res->pgres);
	res->pgres = NULL;
}

/* One value of COPY's text format: "\\N" for NULL; backslash, tab,
 * newline and carriage return escaped (every other byte as it is). */
static void pg_copy_value(struct buf *b, const char *v)
{
	const char *run = v;

	if (!v) {
		buf_puts(b, "\\N");
		return;
	}
	for (const char *p = v; *p; p++) {
		const char *esc;

		switch (*p) {
		case '\\': esc = "\\\\"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(p - run));
		buf_puts(b, esc);
		run = p + 1;
	}
	buf_puts(b, run);
}

/* Sends what b holds as COPY data and empties it: 0, or -1 (the message
 * on the connection). */
static int pg_copy_flush(struct store_conn *c, struct buf *b)
{
	if (buf_failed(b))
		return db_fail(c, "out of memory"), -1;
	if (b->len && PQputCopyData(c->handle, b->data, (int)b->len) != 1)
		return db_fail(c, "%s", PQerrorMessage(c->handle)), -1;
	buf_reset(b);
	return 0;
}

/* db_copy(): COPY table (cols) FROM STDIN in the text format, the rows
 * sent in pieces of about 256 KiB. */
static int pg_copy(struct store_conn *c, const char *table, const char *const *cols,
		   int ncols, const char *const *values, size_t nrows)
{
	struct buf b;
	PGresult *r;
	int rc = STORE_OK, failed = 0, aborts = 0;

	buf_init(&b, 0);
	buf_printf(&b, "COPY %s (", table);
	for (int k = 0; k < ncols; k++)
		buf_printf(&b, "%s%s", k ? ", " : "", cols[k]);
	buf_puts(&b, ") FROM STDIN");
	if (buf_failed(&b)) {
		buf_release(&b);
		return db_fail(c, "out of memory");
	}
	r = PQexec(c->handle, b.data);
	if (PQresultStatus(r) != PGRES_COPY_IN) {
		rc = pg_error(c, r);
		PQclear(r);
		buf_release(&b);
		return rc;
	}
	PQclear(r);
	buf_reset(&b);
	for (size_t i = 0; i < nrows && !failed; i++) {
		const char *const *row = values + i * (size_t)ncols;

		for (int k = 0; k < ncols; k++) {
			if (k)
				buf_putc(&b, '\t');
			pg_copy_value(&b, row[k]);
		}
		buf_putc(&b, '\n');
		if (b.len >= 256 * 1024 && pg_copy_flush(c, &b))
			failed = 1;
	}
	if (!failed && pg_copy_flush(c, &b))
		failed = 1;
	buf_release(&b);
	/* the server's answer: the statement's result, then NULL */
	if (PQputCopyEnd(c->handle,
			 failed ? "db_copy: the data could not be sent" : NULL) != 1)
		failed = 1;
	while ((r = PQgetResult(c->handle))) {
		ExecStatusType st = PQresultStatus(r);

		if (st != PGRES_COMMAND_OK && rc == STORE_OK)
			rc = st == PGRES_COPY_IN
				     ? db_fail(c, "db_copy: the copy did not end")
				     : pg_error(c, r);
		PQclear(r);
		/* still copying: the end was not sent (libpq could not queue
		 * it); abort once more, and never wait for an end that cannot
		 * come */
		if (st == PGRES_COPY_IN &&
		    (aborts++ || PQputCopyEnd(c->handle, "db_copy: abandoned") != 1))
			break;
	}
	if (failed && rc == STORE_OK)
		rc = db_fail(c, "%s", PQerrorMessage(c->handle));
	return rc;
}

static int pg_broken(void *handle) { return PQstatus(handle) != CONNECTION_OK; }

static void pg_stmt_free(void *stmt) { free(stmt); }

const struct db_engine db_pg = {
	.name = "postgresql",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec_script = pg_exec_script,
	.query = pg_query,
	.next = pg_next,
	.col = pg_col,
	.done = pg_done,
	.begin_sql = "BEGIN",
	.table_exists_sql = "SELECT count(*) FROM information_schema.tables "
			    "WHERE table_schema = current_schema() AND table_name = ?",
	.migrate_lock_sql = "SELECT pg_advisory_xact_lock(7270001)",
	.broken = pg_broken,
	.stmt_free = pg_stmt_free,
	.copy = pg_copy,
};
