/*
 * store.h - the storage interface. The only door to the database.
 *
 * One interface, two engines chosen by URL when opened:
 *   sqlite:PATH             embedded SQLite (WAL)
 *   postgresql://...        PostgreSQL through libpq (postgres:// too)
 * All SQL lives under src/store/; callers see structs and error codes.
 *
 * Concurrency: a struct store is shared by all threads and keeps a pool of
 * connections. A thread takes one with store_acquire(), does its work
 * (usually inside store_begin()/store_commit()) and gives it back with
 * store_release(). A connection is used by one thread at a time.
 *
 * Memory: strings in result structs are allocated from the arena the caller
 * passes in and live as long as it does.
 *
 * Errors: every fallible function returns enum store_err; the engine's
 * message for the last failure is store_errmsg(conn).
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stddef.h>

#include "base/arena.h"
#include "core/institution.h"

enum store_err {
	STORE_OK = 0,
	STORE_NOT_FOUND,
	STORE_CONFLICT, /* a unique constraint refused the change */
	STORE_ERROR,
};

struct store;
struct store_conn;

/* Opens the store at url with up to pool_max connections (0 = 16). Fails
 * (and writes why into err) when the URL is malformed or the first
 * connection cannot be made. */
int store_open(const char *url, int pool_max, struct store **out, char *err,
	       size_t errlen);
void store_close(struct store *s);
/* "sqlite" or "postgresql" */
const char *store_engine(const struct store *s);
/* Open and in-use connection counts, for /metrics. */
void store_stats(struct store *s, int *open, int *in_use);

/* NULL when no connection can be made (the reason is logged). */
struct store_conn *store_acquire(struct store *s);
/* Gives the connection back; rolls back a transaction left open. */
void store_release(struct store_conn *c);
const char *store_errmsg(const struct store_conn *c);

int store_begin(struct store_conn *c); /* a write transaction */
int store_commit(struct store_conn *c);
int store_rollback(struct store_conn *c);

/* ---- schema (store/migrate.c) ---- */

/* The newest schema version this binary knows. */
int store_schema_latest(void);
/* The version recorded in the database, 0 for an empty database. */
int store_schema_version(struct store_conn *c, int *version);
/* Applies every pending migration in one transaction. *from and *to get the
 * versions before and after. A database newer than the binary is refused
 * with STORE_ERROR and a message naming both versions. */
int store_migrate(struct store *s, int *from, int *to, char *err, size_t errlen);
/* Fails when the database is not at store_schema_latest(). */
int store_check_schema(struct store *s, char *err, size_t errlen);

/* ---- institutions (store/institution.c) ---- */

/* Inserts the institution and its first name record; sets *id. created_at
 * and updated_at are taken from in. */
int store_institution_insert(struct store_conn *c,
			     const struct institution *in, long long *id);
int store_institution_get(struct store_conn *c, struct arena *a, long long id,
			  struct institution *out);
/* Items ordered by id; *total counts all matches ignoring limit/offset. */
int store_institution_list(struct store_conn *c, struct arena *a,
			   const struct institution_filter *f,
			   struct institution **items, size_t *n,
			   long long *total);
/* Closes the current name record at `when`, opens one for new_name. */
int store_institution_rename(struct store_conn *c, long long id,
			     const char *new_name, const char *reason,
			     const char *when);
/* Name history, oldest first. */
int store_institution_names(struct store_conn *c, struct arena *a,
			    long long id, struct institution_name **items,
			    size_t *n);

#endif
