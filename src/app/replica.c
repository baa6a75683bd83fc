/*
 * replica.c - reads served by PostgreSQL read replicas (ARCHITECTURE
 * "Read replicas"): the connection of a public read (app_read_conn),
 * the lag checker thread of `skillcert serve`, the marker of an actor's
 * last write (read-your-writes) and the replicas' metrics.
 *
 * The checker is one thread sampling the primary's WAL insert position
 * every check and one thread per replica probing it (a replica slow to
 * answer delays no other). A replica is fresh as of the latest primary
 * sample whose position it has replayed; its lag is the time since then.
 * A server not in recovery counts as the primary itself, lag 0, only when
 * it is the very server and database the primary is (the same cluster's
 * system identifier, postmaster start and database name): a promoted
 * standby, another cluster or another database is down ("not a standby"). An actor's reads go to a replica
 * only once it has replayed the actor's last write (actor->wrote_lsn, the
 * primary's insert position after it).
 */
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/app.h"
#include "app/internal.h"
#include "base/buf.h"
#include "base/log.h"
#include "store/store.h"

#define RING 1024 /* primary WAL positions sampled, newest kept */

enum rstate { R_STARTING, R_UP, R_LAGGING, R_DOWN };

struct replica {
	struct app_replicas *all;
	struct store *store;
	int index; /* 1-based, in flag order */
	/* under all->mu */
	enum rstate state;
	double lag;          /* seconds, as last measured */
	long long replayed;  /* WAL position (LLONG_MAX: the primary itself) */
	long long probed_ms; /* the last probe that answered */
	unsigned long long skips_lag, skips_down;
	bool not_standby; /* logged once */
};

struct app_replicas {
	struct app *app;
	struct replica r[APP_MAX_REPLICAS];
	int n;
	long long max_lag_ms;
	long long check_ms;
	pthread_mutex_t mu;
	unsigned rr; /* round robin */
	unsigned long long reads_primary, reads_replica;
	/* the checker's, under ring_mu: the primary's positions, oldest
	 * first, and which server it is */
	pthread_mutex_t ring_mu;
	struct {
		long long at_ms, lsn;
	} ring[RING];
	int head, count;
	struct store_server primary;
	bool primary_known;
};

struct app_replica_thread {
	struct app_replicas *rs;
	pthread_t threads[1 + APP_MAX_REPLICAS]; /* the primary's, each replica's */
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* A statement failed on one of r's connections, or none could be made:
 * the read went to the primary; r is down until the checker sees it. */
static void replica_failed(void *arg, const char *why)
{
	struct replica *r = arg;
	struct app_replicas *rs = r->all;

	pthread_mutex_lock(&rs->mu);
	r->skips_down++;
	if (r->state != R_DOWN) {
		r->state = R_DOWN;
		log_error("replica %d: down (%s), reading from the primary", r->index, why);
	}
	pthread_mutex_unlock(&rs->mu);
}

void app_replicas_pool_at_least(struct app *app, int n)
{
	struct app_replicas *rs = app->replicas;

	for (int i = 0; rs && i < rs->n; i++)
		if (rs->r[i].store)
			store_pool_at_least(rs->r[i].store, n);
}

int app_replicas_open(struct app *app, const char *const *urls, int n, int max_lag_s,
		      int pool_max, char *err, size_t errlen)
{
	struct app_replicas *rs;

	if (n <= 0)
		return 0;
	if (n > APP_MAX_REPLICAS) {
		snprintf(err, errlen, "at most %d replicas", APP_MAX_REPLICAS);
		return -1;
	}
	if (!(rs = calloc(1, sizeof(*rs)))) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rs->app = app;
	rs->max_lag_ms = (long long)max_lag_s * 1000;
	rs->check_ms = 1000;
	pthread_mutex_init(&rs->mu, NULL);
	pthread_mutex_init(&rs->ring_mu, NULL);
	for (int i = 0; i < n; i++) {
		struct replica *r = &rs->r[i];

		if (store_open_replica(urls[i], pool_max, app->store, &r->store, err,
				       errlen) != STORE_OK) {
			rs->n = i;
			app->replicas = rs;
			app_replicas_close(app);
			return -1;
		}
		r->all = rs;
		r->index = i + 1;
		r->state = R_STARTING;
		store_replica_on_fail(r->store, replica_failed, r);
	}
	rs->n = n;
	app->replicas = rs;
	return 0;
}

void app_replicas_close(struct app *app)
{
	struct app_replicas *rs = app->replicas;

	if (!rs)
		return;
	for (int i = 0; i < rs->n; i++)
		store_close(rs->r[i].store);
	pthread_mutex_destroy(&rs->mu);
	pthread_mutex_destroy(&rs->ring_mu);
	free(rs);
	app->replicas = NULL;
}

bool app_replicas_on(const struct app *app) { return app->replicas != NULL; }

/* Whether r may serve a read of an actor whose last write put the
 * primary's WAL at wrote_lsn (under mu). */
static bool usable(const struct app_replicas *rs, const struct replica *r, long long now,
		   long long wrote_lsn)
{
	if (r->state != R_UP)
		return false;
	/* a probe that stopped answering does not keep a replica fresh */
	if (now - r->probed_ms > rs->max_lag_ms + rs->check_ms)
		return false;
	return r->replayed >= wrote_lsn;
}

struct store_conn *app_read_conn(struct app_ctx *ctx, struct app_error *err)
{
	struct app_replicas *rs = ctx->app->replicas;
	struct replica *pick = NULL;
	struct store_conn *c;
	long long now, wrote;

	/* a request that writes reads what it wrote, and its checks see
	 * the primary's rows: the primary */
	if (!rs || ctx->writes || ctx->wrote)
		return app_conn(ctx, err);
	now = now_ms();
	wrote = ctx->actor ? ctx->actor->wrote_lsn : 0;
	pthread_mutex_lock(&rs->mu);
	for (int k = 0, start = (int)(rs->rr++ % (unsigned)rs->n); k < rs->n; k++) {
		struct replica *r = &rs->r[(start + k) % rs->n];

		if (usable(rs, r, now, wrote)) {
			pick = r;
			break;
		}
	}
	if (!pick) {
		/* the replicas that could not take it, and why (an actor's
		 * write not yet replayed is no fault of the replica's) */
		for (int i = 0; i < rs->n; i++) {
			struct replica *r = &rs->r[i];

			if (r->state == R_DOWN || r->state == R_STARTING)
				r->skips_down++;
			else if (!usable(rs, r, now, 0))
				r->skips_lag++;
		}
	}
	pthread_mutex_unlock(&rs->mu);
	if (pick && (c = store_acquire(pick->store))) {
		__atomic_fetch_add(&rs->reads_replica, 1, __ATOMIC_RELAXED);
		return c;
	}
	/* none usable, or the chosen one could not connect (counted down by
	 * replica_failed) */
	__atomic_fetch_add(&rs->reads_primary, 1, __ATOMIC_RELAXED);
	return app_conn(ctx, err);
}

void app_note_write(struct app *app, const struct actor *a)
{
	struct store_conn *c;
	long long lsn = 0;

	if (!app->replicas || !a || a->system || (!a->session_hash && !a->token_id))
		return;
	if (!(c = store_acquire(app->store)))
		return;
	/* the primary's insert position, past the request's commit */
	if (store_wal_position(c, &lsn) == STORE_OK) {
		if (a->session_hash)
			store_session_wrote(c, a->session_hash, lsn);
		else
			store_token_wrote(c, a->token_id, lsn);
	}
	store_release(c);
}

/* ---- the checker ---- */

/* The newest sample whose position lsn has reached: its time, or -1
 * (under ring_mu). */
static long long fresh_as_of(const struct app_replicas *rs, long long lsn)
{
	for (int k = rs->count - 1; k >= 0; k--) {
		int i = (rs->head + RING - rs->count + k) % RING;

		if (rs->ring[i].lsn <= lsn)
			return rs->ring[i].at_ms;
	}
	return -1;
}

/* The primary's position and identity now, into the ring. */
static void sample_primary(struct app_replicas *rs)
{
	struct store_conn *c = store_acquire(rs->app->store);
	struct store_server p;
	long long at = now_ms();

	if (c && store_primary_sample(c, &p) == STORE_OK) {
		pthread_mutex_lock(&rs->ring_mu);
		rs->ring[rs->head].at_ms = at;
		rs->ring[rs->head].lsn = p.lsn;
		rs->head = (rs->head + 1) % RING;
		if (rs->count < RING)
			rs->count++;
		rs->primary = p;
		rs->primary_known = true;
		pthread_mutex_unlock(&rs->ring_mu);
	}
	store_release(c);
}

/* One look at replica r: its state, lag and replayed position. */
static void probe_replica(struct app_replicas *rs, struct replica *r)
{
	struct store_server sv;
	long long replayed = -1, at;
	char why[256];
	double lag = 0;
	enum rstate was, now;
	bool not_standby = false, first_not_standby = false;

	if (store_replica_probe(r->store, &sv, why, sizeof(why)) != STORE_OK) {
		now = R_DOWN;
		at = now_ms();
	} else {
		at = now_ms();
		pthread_mutex_lock(&rs->ring_mu);
		if (!sv.in_recovery) {
			/* lag 0 only as the primary's very server */
			if (rs->primary_known && sv.system_id == rs->primary.system_id &&
			    sv.started_us == rs->primary.started_us &&
			    !strcmp(sv.database, rs->primary.database)) {
				now = R_UP;
				replayed = LLONG_MAX;
			} else {
				now = R_DOWN;
				not_standby = true;
				snprintf(why, sizeof(why),
					 "not a standby: not in recovery, and not the primary");
			}
		} else {
			bool within = false;

			replayed = sv.lsn;
			if (rs->count) {
				long long fresh = replayed >= 0 ? fresh_as_of(rs, replayed)
								: -1;
				/* older than every sample kept: at least that old */
				long long since =
					fresh >= 0
						? fresh
						: rs->ring[(rs->head + RING - rs->count) % RING]
							  .at_ms;

				lag = (double)(at - since) / 1000.0;
				within = fresh >= 0 && at - since <= rs->max_lag_ms;
			}
			now = within ? R_UP : R_LAGGING;
		}
		pthread_mutex_unlock(&rs->ring_mu);
	}
	pthread_mutex_lock(&rs->mu);
	was = r->state;
	r->state = now;
	if (now != R_DOWN) {
		r->lag = lag;
		r->replayed = replayed;
		r->probed_ms = at;
	}
	first_not_standby = not_standby && !r->not_standby;
	r->not_standby = not_standby;
	pthread_mutex_unlock(&rs->mu);
	/* a change of state, or the reason found once */
	if (now == was && !first_not_standby)
		return;
	if (now == R_DOWN)
		log_error("replica %d: down (%s), reading from the primary", r->index, why);
	else if (now == R_LAGGING)
		log_info("replica %d: lag %.1f s over %lld s, reading from the primary",
			 r->index, lag, rs->max_lag_ms / 1000);
	else if (now == R_UP && was == R_STARTING)
		log_info("replica %d: up, lag %.1f s", r->index, lag);
	else if (now == R_UP)
		log_info("replica %d: back", r->index);
}

struct checker_arg {
	struct app_replica_thread *t;
	int which; /* 0: the primary; i: replica i */
};

static void *checker_main(void *arg)
{
	struct checker_arg *ca = arg;
	struct app_replica_thread *t = ca->t;
	int which = ca->which;

	free(ca);
	pthread_mutex_lock(&t->lock);
	while (!t->stop) {
		struct timespec until;
		long long ms = t->rs->check_ms;

		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += ms / 1000;
		until.tv_nsec += (ms % 1000) * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&t->cond, &t->lock, &until);
		if (t->stop)
			break;
		pthread_mutex_unlock(&t->lock);
		if (which == 0)
			sample_primary(t->rs);
		else
			probe_replica(t->rs, &t->rs->r[which - 1]);
		pthread_mutex_lock(&t->lock);
	}
	pthread_mutex_unlock(&t->lock);
	return NULL;
}

struct app_replica_thread *app_replica_thread_start(struct app *app, int check_ms)
{
	struct app_replica_thread *t;
	sigset_t all, was;

	if (!app->replicas || !(t = calloc(1, sizeof(*t))))
		return NULL;
	t->rs = app->replicas;
	t->rs->check_ms = check_ms > 0 ? check_ms : 1000;
	/* the first look before the server serves: the replicas' state is
	 * known from the first request on (the primary first) */
	sample_primary(t->rs);
	for (int i = 0; i < t->rs->n; i++)
		probe_replica(t->rs, &t->rs->r[i]);
	pthread_mutex_init(&t->lock, NULL);
	pthread_cond_init(&t->cond, NULL);
	/* no signal for the threads: SIGTERM and SIGINT are the server's */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	for (int i = 0; i <= t->rs->n; i++) {
		struct checker_arg *ca = malloc(sizeof(*ca));

		if (!ca)
			break;
		ca->t = t;
		ca->which = i;
		if (pthread_create(&t->threads[t->nthreads], NULL, checker_main, ca) != 0) {
			free(ca);
			break;
		}
		t->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	return t;
}

void app_replica_thread_stop(struct app_replica_thread *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->lock);
	t->stop = true;
	pthread_cond_broadcast(&t->cond);
	pthread_mutex_unlock(&t->lock);
	for (int i = 0; i < t->nthreads; i++)
		pthread_join(t->threads[i], NULL);
	pthread_cond_destroy(&t->cond);
	pthread_mutex_destroy(&t->lock);
	free(t);
}

/* ---- /metrics ---- */

void app_replica_metrics(struct app *app, struct buf *out)
{
	struct app_replicas *rs = app->replicas;

	if (!rs)
		return;
	buf_printf(out,
		   "# HELP skillcert_db_reads_total Read connections handed out for reads a "
		   "replica may serve.\n"
		   "# TYPE skillcert_db_reads_total counter\n"
		   "skillcert_db_reads_total{target=\"primary\"} %llu\n"
		   "skillcert_db_reads_total{target=\"replica\"} %llu\n",
		   __atomic_load_n(&rs->reads_primary, __ATOMIC_RELAXED),
		   __atomic_load_n(&rs->reads_replica, __ATOMIC_RELAXED));
	pthread_mutex_lock(&rs->mu);
	buf_puts(out, "# HELP skillcert_replica_up 1 when the replica is reachable and "
		      "within the lag bound.\n"
		      "# TYPE skillcert_replica_up gauge\n");
	for (int i = 0; i < rs->n; i++)
		buf_printf(out, "skillcert_replica_up{replica=\"%d\"} %d\n", i + 1,
			   rs->r[i].state == R_UP);
	buf_puts(out, "# HELP skillcert_replica_lag_seconds The replica's lag as last "
		      "measured.\n"
		      "# TYPE skillcert_replica_lag_seconds gauge\n");
	for (int i = 0; i < rs->n; i++)
		buf_printf(out, "skillcert_replica_lag_seconds{replica=\"%d\"} %.3f\n",
			   i + 1, rs->r[i].lag);
	buf_puts(out, "# HELP skillcert_replica_skips_total Reads sent to the primary "
		      "because the replica lagged or was down.\n"
		      "# TYPE skillcert_replica_skips_total counter\n");
	for (int i = 0; i < rs->n; i++)
		buf_printf(out,
			   "skillcert_replica_skips_total{replica=\"%d\",reason=\"lag\"} %llu\n"
			   "skillcert_replica_skips_total{replica=\"%d\",reason=\"down\"} "
			   "%llu\n",
			   i + 1, rs->r[i].skips_lag, i + 1, rs->r[i].skips_down);
	pthread_mutex_unlock(&rs->mu);
}
