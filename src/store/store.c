/*
 * store.c - what both engines share: opening by URL, the connection pool,
 * transactions, and the db_* helpers the aggregate files use.
 */
#include "store/store.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/log.h"
#include "base/str.h"
#include "store/db.h"

struct store {
	const struct db_engine *eng;
	char *url;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct store_conn *free_list;
	int open, in_use, max;
	/* bumped when a connection is found broken: a connection opened
	 * before (in use then, released after) is closed, not kept */
	unsigned gen;
	/* a replica (store_open_replica): the primary its failed statements
	 * are retried on, whom to tell, and the checker's own connection */
	struct store *primary;
	void (*on_fail)(void *arg, const char *why);
	void *on_fail_arg;
	struct store_conn *probe;
	char *probe_url; /* the checker's: a shorter connect_timeout */
};

static const struct db_engine *engine_for(const char *url)
{
	if (str_has_prefix(url, "sqlite:"))
		return &db_sqlite;
	if (str_has_prefix(url, "postgresql://") || str_has_prefix(url, "postgres://"))
		return &db_pg;
	return NULL;
}

static struct store_conn *conn_to(struct store *s, const char *url, char *err, size_t errlen)
{
	struct store_conn *c = calloc(1, sizeof(*c));

	if (!c) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	c->store = s;
	c->eng = s->eng;
	if (s->eng->connect(url, &c->handle, err, errlen) != STORE_OK) {
		free(c);
		return NULL;
	}
	return c;
}

static struct store_conn *conn_new(struct store *s, char *err, size_t errlen)
{
	return conn_to(s, s->url, err, errlen);
}

static void conn_free(struct store_conn *c)
{
	for (int i = 0; i < c->ncache; i++)
		c->eng->stmt_free(c->cache[i].stmt);
	c->eng->disconnect(c->handle);
	free(c);
}

enum store_err store_open(const char *url, int pool_max, struct store **out, char *err,
			  size_t errlen)
{
	struct store *s;
	struct store_conn *c;
	const struct db_engine *eng = engine_for(url);

	*out = NULL;
	if (!eng) {
		snprintf(err, errlen,
			 "unsupported database URL \"%s\": use sqlite:PATH or "
			 "postgresql://...",
			 url);
		return STORE_ERROR;
	}
	s = calloc(1, sizeof(*s));
	if (!s || !(s->url = strdup(url))) {
		free(s);
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	s->eng = eng;
	s->max = pool_max > 0 ? pool_max : 16;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	/* Connect once now so that a wrong URL fails at start-up. */
	c = conn_new(s, err, errlen);
	if (!c) {
		store_close(s);
		return STORE_ERROR;
	}
	c->next_free = NULL;
	s->free_list = c;
	s->open = 1;
	*out = s;
	return STORE_OK;
}

/* url with what a replica's connections need and it does not name: a
 * connection attempt bounded (connect_timeout), a dead peer noticed
 * within seconds (TCP keepalives, tcp_user_timeout) and a statement
 * bounded (statement_timeout 30 s); malloc'd. */
static char *replica_url(const char *url, const char *connect_timeout)
{
	static const char *const keys[] = {
		"connect_timeout",  "keepalives",
		"keepalives_idle",  "keepalives_interval",
		"keepalives_count", "tcp_user_timeout",
		"options",
	};
	const char *values[] = {
		connect_timeout,
		"1",
		"5",
		"2",
		"2",
		"10000",
		"-c%20statement_timeout%3D30000",
	};
	const char *q = strchr(url, '?');
	size_t len = strlen(url);
	const char *sep = "&"; /* before the next parameter */
	struct buf b;

	/* none yet: '?'; after a URL ending in '?' or '&': nothing */
	if (!q)
		sep = "?";
	else if (len && (url[len - 1] == '?' || url[len - 1] == '&'))
		sep = "";

	buf_init(&b, 0);
	buf_puts(&b, url);
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		char named[32];

		snprintf(named, sizeof(named), "%s=", keys[i]);
		/* a parameter the URL names (after its '?', at a '?' or '&') */
		for (const char *p = q; p && (p = strstr(p, named)); p++)
			if (p[-1] == '?' || p[-1] == '&')
				goto named;
		buf_printf(&b, "%s%s%s", sep, named, values[i]);
		sep = "&";
	named:;
	}
	if (buf_failed(&b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

enum store_err store_open_replica(const char *url, int pool_max, struct store *primary,
				  struct store **out, char *err, size_t errlen)
{
	struct store *s;

	*out = NULL;
	if (engine_for(url) != &db_pg || !primary || primary->eng != &db_pg) {
		snprintf(err, errlen,
			 "a replica must be a postgresql:// URL (\"%s\"), and the primary "
			 "PostgreSQL too",
			 url);
		return STORE_ERROR;
	}
	s = calloc(1, sizeof(*s));
	if (!s || !(s->url = replica_url(url, "5")) ||
	    !(s->probe_url = replica_url(url, "2"))) {
		if (s)
			free(s->url);
		free(s);
		snprintf(err, errlen, "out of memory");
		return STORE_ERROR;
	}
	s->eng = &db_pg;
	s->max = pool_max > 0 ? pool_max : 16;
	s->primary = primary;
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->cv, NULL);
	/* not connected now: a replica out of reach at start is not fatal */
	*out = s;
	return STORE_OK;
}

void store_replica_on_fail(struct store *replica, void (*fn)(void *arg, const char *why),
			   void *arg)
{
	pthread_mutex_lock(&replica->mu);
	replica->on_fail = fn;
	replica->on_fail_arg = arg;
	pthread_mutex_unlock(&replica->mu);
}

bool store_is_replica(const struct store *s) { return s && s->primary; }

void store_close(struct store *s)
{
	struct store_conn *c, *n;

	if (!s)
		return;
	if (s->probe)
		conn_free(s->probe);
	for (c = s->free_list; c; c = n) {
		n = c->next_free;
		conn_free(c);
	}
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->cv);
	free(s->url);
	free(s->probe_url);
	free(s);
}

const char *store_engine(const struct store *s) { return s->eng->name; }

void store_stats(struct store *s, int *open, int *in_use)
{
	pthread_mutex_lock(&s->mu);
	*open = s->open;
	*in_use = s->in_use;
	pthread_mutex_unlock(&s->mu);
}

/* Tells the app that a replica failed (it reads from the primary until
 * its checker sees the replica back), and closes the replica's idle
 * connections: a standby restarted would fail each of them once. */
static void replica_failed(struct store *s, const char *why)
{
	void (*fn)(void *, const char *);
	void *arg;
	struct store_conn *idle, *n;

	pthread_mutex_lock(&s->mu);
	fn = s->on_fail;
	arg = s->on_fail_arg;
	idle = s->free_list;
	s->free_list = NULL;
	for (n = idle; n; n = n->next_free)
		s->open--;
	pthread_cond_broadcast(&s->cv);
	pthread_mutex_unlock(&s->mu);
	for (; idle; idle = n) {
		n = idle->next_free;
		conn_free(idle);
	}
	if (fn)
		fn(arg, why);
}

void store_pool_at_least(struct store *s, int n)
{
	pthread_mutex_lock(&s->mu);
	if (s->max < n)
		s->max = n;
	pthread_mutex_unlock(&s->mu);
}

struct store_conn *store_acquire(struct store *s)
{
	struct store_conn *c = NULL;
	char err[256];

	pthread_mutex_lock(&s->mu);
	for (;;) {
		if (s->free_list) {
			c = s->free_list;
			s->free_list = c->next_free;
			break;
		}
		if (s->open < s->max) {
			unsigned gen = s->gen;

			s->open++; /* reserve the slot, connect unlocked */
			pthread_mutex_unlock(&s->mu);
			c = conn_new(s, err, sizeof(err));
			pthread_mutex_lock(&s->mu);
			if (c)
				c->gen = gen;
			if (!c) {
				s->open--;
				pthread_cond_signal(&s->cv);
				pthread_mutex_unlock(&s->mu);
				if (s->primary) {
					/* the app reads from the primary instead */
					replica_failed(s, err);
					return NULL;
				}
				log_error("store: %s", err);
				return NULL;
			}
			break;
		}
		pthread_cond_wait(&s->cv, &s->mu);
	}
	s->in_use++;
	pthread_mutex_unlock(&s->mu);
	c->errmsg[0] = '\0';
	return c;
}

void store_release(struct store_conn *c)
{
	struct store_conn *idle = NULL, *n;
	struct store *s;
	int drop;

	if (!c)
		return;
	s = c->store;
	if (c->fallback) {
		/* the primary connection a failed replica handed its work to */
		store_release(c->fallback);
		c->fallback = NULL;
		c->in_tx = false; /* the replica's own was rolled back then */
	}
	if (c->in_tx)
		store_rollback(c);
	drop = c->eng->broken(c->handle);
	pthread_mutex_lock(&s->mu);
	s->in_use--;
	if (drop) {
		/* a connection that broke says the server restarted or failed
		 * over: the idle ones went with it, and each would fail its next
		 * request once; close them too, and those in use now when they
		 * come back (the generation); the next acquire connects anew */
		s->gen++;
		s->open--;
		idle = s->free_list;
		s->free_list = NULL;
		for (n = idle; n; n = n->next_free)
			s->open--;
		pthread_cond_broadcast(&s->cv);
	} else if (c->gen != s->gen) {
		/* in use when another connection broke: as dead as it was */
		drop = 1;
		s->open--;
		pthread_cond_signal(&s->cv);
	} else {
		c->next_free = s->free_list;
		s->free_list = c;
		pthread_cond_signal(&s->cv);
	}
	pthread_mutex_unlock(&s->mu);
	if (drop) {
		conn_free(c);
		for (; idle; idle = n) {
			n = idle->next_free;
			conn_free(idle);
		}
	}
}

/* The connection that does c's work: c, or the primary's connection a
 * failed replica connection handed it to. */
static struct store_conn *live(struct store_conn *c)
{
	return c->fallback ? c->fallback : c;
}

const char *store_errmsg(const struct store_conn *c)
{
	return c->fallback ? c->fallback->errmsg : c->errmsg;
}

/* What a statement that failed on replica connection c means: the
 * replica is gone (the connection broken, SQLSTATE class 08, 57P01..57P03:
 * shut down, crashed, starting) - FAIL_DOWN; a query cancelled by a
 * conflict with recovery (40001) - FAIL_RETRY, the primary answers but
 * the replica stays up; else the statement's own error - FAIL_KEEP. */
enum replica_fail { FAIL_KEEP, FAIL_RETRY, FAIL_DOWN };

static enum replica_fail replica_fail_kind(const struct store_conn *c)
{
	const char *st = c->sqlstate;

	if (!c->store->primary || c->fallback)
		return FAIL_KEEP;
	if (c->eng->broken(c->handle) || !strncmp(st, "08", 2) || !strcmp(st, "57P01") ||
	    !strcmp(st, "57P02") || !strcmp(st, "57P03"))
		return FAIL_DOWN;
	return !strcmp(st, "40001") ? FAIL_RETRY : FAIL_KEEP;
}

/* A statement failed on replica connection c: a connection of the primary
 * takes over c's work for the rest of c's use (a transaction open on c is
 * begun again there), and the app is told when the replica is gone. NULL
 * when the failure is the statement's own, or the primary cannot give a
 * connection either. */
static struct store_conn *fall_back(struct store_conn *c)
{
	struct store_conn *p;
	char why[sizeof(c->errmsg)];
	bool tx = c->in_tx;
	enum replica_fail kind = replica_fail_kind(c);

	if (kind == FAIL_KEEP)
		return NULL;
	memcpy(why, c->errmsg, sizeof(why));
	if (kind == FAIL_DOWN)
		replica_failed(c->store, why[0] ? why : "query failed");
	if (tx)
		store_rollback(c); /* the replica's own, aborted or cut off */
	if (!(p = store_acquire(c->store->primary)))
		return NULL;
	if (tx && store_begin(p) != STORE_OK) {
		store_release(p);
		return NULL;
	}
	c->fallback = p;
	c->in_tx = tx;
	return p;
}

int db_fail(struct store_conn *c, const char *fmt, ...)
{
	va_list ap;

	c = live(c);
	c->sqlstate[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(c->errmsg, sizeof(c->errmsg), fmt, ap);
	va_end(ap);
	return STORE_ERROR;
}

enum store_err store_begin(struct store_conn *c)
{
	struct store_conn *l = live(c);
	int rc = l->eng->exec_script(l, l->eng->begin_sql);

	if (rc == STORE_ERROR && l == c && (l = fall_back(c)))
		rc = l->eng->exec_script(l, l->eng->begin_sql);
	if (rc == STORE_OK) {
		l->in_tx = true;
		c->in_tx = true;
	}
	return rc;
}

bool store_read_begin(struct store_conn *c)
{
	/* db_exec: prepared once and kept in the connection's cache */
	if (c->fallback || c->in_tx || strcmp(c->eng->name, "sqlite") != 0 ||
	    db_exec(c, "BEGIN DEFERRED", NULL, 0, NULL) != STORE_OK)
		return false;
	c->in_tx = true;
	return true;
}

void store_read_end(struct store_conn *c, bool begun)
{
	if (begun && c->in_tx && !c->fallback &&
	    db_exec(c, "COMMIT", NULL, 0, NULL) == STORE_OK)
		c->in_tx = false;
	/* else store_release() rolls it back */
}

enum store_err store_commit(struct store_conn *c)
{
	int rc;

	if (c->fallback) {
		rc = store_commit(c->fallback);
		c->in_tx = c->fallback->in_tx;
		return rc;
	}
	rc = c->eng->exec_script(c, "COMMIT");

	if (rc != STORE_OK) {
		store_rollback(c);
		return rc;
	}
	c->in_tx = false;
	return STORE_OK;
}

enum store_err store_rollback(struct store_conn *c)
{
	char keep[sizeof(c->errmsg)];
	int rc;

	if (c->fallback) {
		rc = store_rollback(c->fallback);
		c->in_tx = false;
		return rc;
	}
	/* keep the message of the failure that led here */
	memcpy(keep, c->errmsg, sizeof(keep));
	rc = c->eng->exec_script(c, "ROLLBACK");
	memcpy(c->errmsg, keep, sizeof(keep));
	c->in_tx = false;
	return rc;
}

int db_exec(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	    long long *changes)
{
	struct db_res res;
	int rc = db_query(c, sql, args, nargs, &res);

	if (rc == STORE_OK) {
		if (changes)
			*changes = res.changes;
		c->eng->done(&res);
	}
	return rc;
}

int db_copy(struct store_conn *c, const char *table, const char *const *cols, int ncols,
	    const char *const *values, size_t nrows)
{
	if (ncols <= 0 || !table || !cols)
		return db_fail(c, "db_copy: no columns");
	if (!nrows)
		return STORE_OK;
	return c->eng->copy(c, table, cols, ncols, values, nrows);
}

int db_query(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	     struct db_res *res)
{
	struct store_conn *l = live(c);
	int rc = l->eng->query(l, sql, args, nargs, res);

	/* a replica that failed (stopped, cut off, cancelled by recovery):
	 * the statement once more on the primary, which keeps the work */
	if (rc == STORE_ERROR && l == c && (l = fall_back(c)))
		rc = l->eng->query(l, sql, args, nargs, res);
	return rc;
}

int db_next(struct db_res *res) { return res->conn->eng->next(res); }

void db_done(struct db_res *res) { res->conn->eng->done(res); }

const char *db_str(struct db_res *res, struct arena *a, int i)
{
	const char *v = res->conn->eng->col(res, i);

	return v ? arena_strdup(a, v) : NULL;
}

long long db_ll(struct db_res *res, int i)
{
	const char *v = res->conn->eng->col(res, i);

	return v ? strtoll(v, NULL, 10) : 0;
}

int db_one(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	   struct arena *a, DB_READ_FN, void *out)
{
	struct db_res r;
	int rc = db_query(c, sql, args, nargs, &r), got;

	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1)
		read(&r, a, out);
	db_done(&r);
	if (got < 0)
		return STORE_ERROR;
	return got == 1 ? STORE_OK : STORE_NOT_FOUND;
}

int db_insert_id(struct store_conn *c, const char *sql, const struct db_arg *args,
		 int nargs, long long *id)
{
	struct db_res r;
	int rc = db_query(c, sql, args, nargs, &r);

	if (rc)
		return rc;
	*id = db_next(&r) == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	return *id ? STORE_OK : db_fail(c, "insert returned no id");
}

int db_update_one(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs)
{
	long long changed = 0;
	int rc = db_exec(c, sql, args, nargs, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

int db_collect(struct store_conn *c, const char *sql, const struct db_arg *args, int nargs,
	       struct arena *a, size_t size, DB_READ_FN, void **items, size_t *n)
{
	struct db_res r;
	size_t cap = 0;
	unsigned char *arr = NULL;
	int rc, got;

	*items = NULL;
	*n = 0;
	rc = db_query(c, sql, args, nargs, &r);
	if (rc)
		return rc;
	while ((got = db_next(&r)) == 1) {
		if (*n == cap) {
			unsigned char *bigger;

			cap = cap ? cap * 2 : 16;
			bigger = arena_alloc(a, cap * size);
			if (!bigger) {
				db_done(&r);
				return db_fail(c, "out of memory");
			}
			if (*n)
				memcpy(bigger, arr, *n * size);
			arr = bigger;
		}
		if (read(&r, a, arr + *n * size))
			(*n)++;
	}
	db_done(&r);
	*items = arr;
	return got < 0 ? STORE_ERROR : STORE_OK;
}

const char *db_scope_roots(struct arena *a, const struct store_scope *scope)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	buf_putc(&b, ',');
	for (size_t i = 0; i < scope->nroots; i++)
		buf_printf(&b, "%lld,", scope->roots[i]);
	out = buf_failed(&b) ? NULL : arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}

const char *db_like_pattern(struct arena *a, const char *q)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	buf_putc(&b, '%');
	for (; q && *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *q);
	}
	buf_putc(&b, '%');
	out = buf_failed(&b) ? NULL : arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}

/* ---- replicas: what the lag checker asks ---- */

static bool read_lsn(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_wal_position(struct store_conn *c, long long *lsn)
{
	*lsn = 0;
	return db_one(c, "SELECT pg_current_wal_insert_lsn() - '0/0'::pg_lsn", NULL, 0,
		      NULL, read_lsn, lsn);
}

/* Which server answers: its cluster and its postmaster's start. */
#define SERVER_IDENTITY \
	"(SELECT system_identifier FROM pg_control_system()), " \
	"CAST(extract(epoch FROM pg_postmaster_start_time()) * 1000000 AS BIGINT), " \
	"current_database()"

static bool read_server(struct db_res *r, struct arena *a, void *out)
{
	struct store_server *sv = out;

	(void)a;
	sv->in_recovery = db_ll(r, 0) == 1;
	sv->lsn = db_ll(r, 1);
	sv->system_id = db_ll(r, 2);
	sv->started_us = db_ll(r, 3);
	snprintf(sv->database, sizeof(sv->database), "%s",
		 r->conn->eng->col(r, 4) ? r->conn->eng->col(r, 4) : "");
	return true;
}

enum store_err store_primary_sample(struct store_conn *c, struct store_server *out)
{
	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT 0, pg_current_wal_insert_lsn() - '0/0'::pg_lsn, " SERVER_IDENTITY,
		      NULL, 0, NULL, read_server, out);
}

enum store_err store_replica_probe(struct store *replica, struct store_server *out,
				   char *err, size_t errlen)
{
	struct store_conn *c = replica->probe;
	struct db_res r;
	int rc, got;

	memset(out, 0, sizeof(*out));
	out->lsn = -1;
	err[0] = '\0';
	if (!c && !(c = replica->probe = conn_to(replica, replica->probe_url, err, errlen)))
		return STORE_ERROR;
	/* straight to the engine: the checker's connection never falls back */
	rc = c->eng->query(
		c,
		"SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END, "
		"CASE WHEN pg_is_in_recovery() THEN "
		"COALESCE(pg_last_wal_replay_lsn() - '0/0'::pg_lsn, -1) "
		"ELSE pg_current_wal_insert_lsn() - '0/0'::pg_lsn END, " SERVER_IDENTITY,
		NULL, 0, &r);
	if (rc == STORE_OK) {
		got = c->eng->next(&r);
		if (got == 1)
			read_server(&r, NULL, out);
		c->eng->done(&r);
		if (got == 1)
			return STORE_OK;
		db_fail(c, "no answer");
	}
	snprintf(err, errlen, "%s", c->errmsg);
	if (c->eng->broken(c->handle)) {
		conn_free(c);
		replica->probe = NULL;
	}
	return STORE_ERROR;
}
