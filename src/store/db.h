/*
 * db.h - private to src/store/: the thin engine layer under store.h.
 *
 * Aggregate files (institution.c, ...) write their SQL once, with `?`
 * placeholders, and run it through db_query(); each engine (db_sqlite.c,
 * db_pg.c) prepares it once per connection and caches the statement by the
 * SQL string's address, so SQL text must be a string literal.
 * Values travel as text both ways (integers are formatted by db_arg_int).
 */
#ifndef STORE_DB_H
#define STORE_DB_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "store/store.h"

#define DB_MAX_ARGS 32
#define DB_STMT_CACHE 512 /* more than the program has statements: every one is kept */

enum db_kind { DB_NULL, DB_TEXT, DB_INT };

struct db_arg {
	enum db_kind kind;
	const char *text;
	long long num;
};

/* A result being read. Engine fields are private to the engine. */
struct db_res {
	struct store_conn *conn;
	void *stmt;  /* sqlite3_stmt* */
	void *pgres; /* PGresult* */
	int row, nrows;
	long long changes;
};

struct db_engine {
	const char *name;
	int (*connect)(const char *url, void **handle, char *err, size_t errlen);
	void (*disconnect)(void *handle);
	/* Runs several ';'-separated statements without parameters. */
	int (*exec_script)(struct store_conn *c, const char *sql);
	/* Runs one statement. Rows are then read with next(). */
	int (*query)(struct store_conn *c, const char *sql, const struct db_arg *args,
		     int nargs, struct db_res *res);
	/* 1 = a row is ready, 0 = done, -1 = error */
	int (*next)(struct db_res *res);
	/* NULL for SQL NULL; valid until the next call of next()/done(). */
	const char *(*col)(struct db_res *res, int i);
	void (*done)(struct db_res *res);
	const char *begin_sql; /* "BEGIN IMMEDIATE" / "BEGIN" */
	/* One row, one column: 1 when the table named by the argument exists. */
	const char *table_exists_sql;
	/* Serialises migrations across processes (run inside the transaction);
	 * NULL when the transaction itself already does (SQLite). */
	const char *migrate_lock_sql;
	/* Nonzero when the connection is unusable and must be dropped. */
	int (*broken)(void *handle);
	/* Frees a cached statement before disconnect. */
	void (*stmt_free)(void *stmt);
	/* db_copy(): nrows rows of ncols text values (NULL = SQL NULL). */
	int (*copy)(struct store_conn *c, const char *table, const char *const *cols,
		    int ncols, const char *const *values, size_t nrows);
};

struct store_conn {
	struct store *store;
	const struct db_engine *eng;
	void *handle;
	struct store_conn *next_free;
	/* a replica's connection whose statement failed: the primary's
	 * connection that does its work until released (store.c) */
	struct store_conn *fallback;
	bool in_tx;
	unsigned gen; /* the pool's generation when opened (store.c) */
	char errmsg[256];
	char sqlstate[6]; /* of the last PostgreSQL error ("" when none) */
	/* statement cache: SQL address -> engine statement */
	struct {
		const char *sql;
		void *stmt;
	} cache[DB_STMT_CACHE];
	int ncache;
};

extern const struct db_engine db_sqlite;
extern const struct db_engine db_pg;

/* A text argument; NULL becomes SQL NULL. */
static inline struct db_arg db_text(const char *s)
{
	struct db_arg a = {.kind = s ? DB_TEXT : DB_NULL, .text = s};
	return a;
}
static inline struct db_arg db_int(long long v)
{
	struct db_arg a = {.kind = DB_INT, .num = v};
	return a;
}
/* An integer argument where 0 means SQL NULL (optional references). */
static inline struct db_arg db_int_or_null(long long v)
{
	struct db_arg a = {.kind = v ? DB_INT : DB_NULL, .num = v};
	return a;
}

/* Runs sql with args; for statements without rows. *changes may be NULL. */
int db_exec(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	    long long *changes);
/* Runs sql and leaves the cursor in res. Finish with db_done(). */
int db_query(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	     struct db_res *res);
int db_next(struct db_res *res);
void db_done(struct db_res *res);
/* The LIKE pattern that finds q anywhere ("%q%"), its "%", "_" and "\\"
 * taken literally (the SQL says ESCAPE '\\'); in the arena. */
const char *db_like_pattern(struct arena *a, const char *q);
/* A scope's roots as the text ",3,17," that DB_SUBTREE_CTE binds once
 * (any count of them); in the arena. */
const char *db_scope_roots(struct arena *a, const struct store_scope *scope);
/* The CTE sc (id): every institution under the roots (DB_SUBTREE_CTE's one
 * parameter, db_scope_roots()) and the roots themselves. */
#define DB_SUBTREE_CTE \
	"sc (id) AS (SELECT i.id FROM institution i WHERE ? LIKE ('%,' || CAST(i.id AS TEXT) " \
	"|| ',%') UNION SELECT i.id FROM institution i JOIN sc ON i.parent_id = sc.id)"
/* Column i of the current row, copied into the arena ("" stays ""; NULL
 * stays NULL). */
const char *db_str(struct db_res *res, struct arena *a, int i);
long long db_ll(struct db_res *res, int i); /* 0 for NULL */

/* Reads the current row into *out (arena-owned strings); returns false to
 * skip the row (db_collect only). */
#define DB_READ_FN bool (*read)(struct db_res * r, struct arena * a, void *out)

/* Runs a query giving at most one row and reads it with read: STORE_OK,
 * STORE_NOT_FOUND when there is no row, or an error. */
int db_one(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	   struct arena *a, DB_READ_FN, void *out);
/* Runs an INSERT ... RETURNING id and sets *id to the new row's id:
 * STORE_OK, or an error (also when no id came back). */
int db_insert_id(struct store_conn *c, const char *sql, const struct db_arg *args,
		 int nargs, long long *id);
/* Runs an UPDATE meant to change one row: STORE_OK, STORE_NOT_FOUND when
 * it changed none (no such row, or not in the state its WHERE asks for),
 * or an error. */
int db_update_one(struct store_conn *c, const char *sql, const struct db_arg *args,
		  int nargs);
/* Runs a query and reads every row with read into a growing arena array
 * of elements of `size` bytes: *items (NULL when none) and *n. */
int db_collect(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	       struct arena *a, size_t size, DB_READ_FN, void **items, size_t *n);

/* Inserts nrows rows into table (its columns cols[0..ncols-1]) inside the caller's transaction;
 * values row-major, values[r * ncols + k], NULL = SQL NULL, as text. PostgreSQL: COPY ... FROM
 * STDIN (text format, escaped); SQLite: one INSERT prepared once, stepped per row. table and cols
 * are trusted literals. STORE_CONFLICT on a unique violation. On an error the rows already sent
 * may be in the transaction (SQLite) or the transaction is aborted (PostgreSQL): the caller rolls
 * back. */
int db_copy(struct store_conn *c, const char *table, const char *const *cols, int ncols,
	    const char *const *values, size_t nrows);

/* Records an error message on the connection; returns STORE_ERROR. */
int db_fail(struct store_conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* An item version's columns (store/exam_item.c): exam_item as x joined
 * to institution as i, for every query that reads struct exam_item_row;
 * exam_item_read_at() reads them from column i on and returns the next. */
#define EXAM_ITEM_COLS \
	"x.id, x.institution_id, i.name, x.occupation_code, x.level, x.ref, x.version, " \
	"x.kind, x.point, x.stem, x.options, x.answer_key, x.explanation, x.status, " \
	"x.author, x.reviewer, x.review_note, x.reviewed_at, x.approver, x.approved_at, " \
	"x.retired_at, x.retire_reason, x.supersedes, x.created_at, x.updated_at "
struct exam_item_row;
int exam_item_read_at(struct db_res *r, struct arena *a, int i, struct exam_item_row *x);

#endif
