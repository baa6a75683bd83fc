/*
 * cert_batch.c - a plan's certificates built and signed on every core
 * (issue 17), written by one writer in the caller's transaction.
 *
 * app_cert_issue() takes the plan's numbers and status indexes from their
 * counters once (store_counter_take) and hands the candidates here. They
 * are cut into chunks in candidate order; worker threads (cert_issue_threads:
 * SKILLCERT_ISSUE_THREADS, else the online CPUs) each take the next chunk,
 * fill its certificates (number, scores, the credential and the QR token
 * signed) in the chunk's own arena, and mark it built. The calling thread
 * is the one writer: it waits for chunk 0, 1, 2 ... in order and writes
 * each with one bulk row write of the certificates (store_cert_insert_many:
 * COPY on PostgreSQL) and one statement for their "issued" events, then
 * frees the chunk. At most a window of chunks is in memory at once, so
 * memory stays flat however large the plan. A failure anywhere stops the
 * workers, and the caller rolls the whole transaction back: all or nothing.
 * Workers touch no store and nothing shared but the read-only plan facts
 * and their own chunk; one thread (threads = 1) builds and writes in turn.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cert_internal.h"
#include "base/str.h"

#define BATCH_THREADS_MAX 64
#define BATCH_CHUNK_MIN 8
#define BATCH_CHUNK_MAX 256

int cert_issue_threads(void)
{
	const char *v = getenv("SKILLCERT_ISSUE_THREADS");
	long long n;
	long cpus;

	if (v && *v && !str_to_ll(v, 1, BATCH_THREADS_MAX, &n))
		return (int)n;
	cpus = sysconf(_SC_NPROCESSORS_ONLN);
	return cpus < 1 ? 1 : cpus > BATCH_THREADS_MAX ? BATCH_THREADS_MAX : (int)cpus;
}

enum chunk_state { CHUNK_FREE, CHUNK_BUILDING, CHUNK_BUILT };

struct chunk {
	enum chunk_state state;
	size_t from, n; /* candidates [from, from + n) */
	struct arena arena;
	struct certificate *xs;
	enum app_status st;
	struct app_error err;
};

struct pool {
	struct cert_batch *b;
	size_t size, nchunks; /* candidates per chunk; chunks in all */
	struct chunk *slots;  /* chunk j lives in slots[j % window] */
	size_t window;
	size_t next; /* the next chunk a worker takes */
	bool stop;   /* the writer failed: take no more */
	pthread_mutex_t mu;
	pthread_cond_t cv;
};

/* "theory=85.0;practical=78.5" of an enrolment's locked components. m is
 * ordered by enrolment, and so are the calls: *at moves forward only. */
static const char *scores_of(struct arena *a, const struct component_row *m, size_t n,
			     size_t *at, long long enrolment_id)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	while (*at < n && m[*at].enrolment_id < enrolment_id)
		(*at)++;
	for (size_t i = *at; i < n && m[i].enrolment_id == enrolment_id; i++) {
		if (b.len)
			buf_putc(&b, ';');
		if (m[i].tenths >= 0)
			buf_printf(&b, "%s=%d.%d", m[i].component, m[i].tenths / 10,
				   m[i].tenths % 10);
		else
			buf_printf(&b, "%s=%s", m[i].component, m[i].status);
	}
	out = arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}

/* The first component row of enrolment_id or after (m is ordered by
 * enrolment): where a chunk's scores start. */
static size_t components_from(const struct component_row *m, size_t n, long long enrolment_id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m[mid].enrolment_id < enrolment_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Fills chunk k's certificates: the plan's shared fields, the candidate's,
 * the number of its serial, its status index, the scores, and the signed
 * credential and QR token, all in the chunk's arena. */
static void chunk_build(const struct cert_batch *b, struct chunk *k)
{
	struct app_ctx ctx = *b->ctx;
	struct certno no = b->no;
	size_t at;

	ctx.arena = &k->arena;
	k->st = APP_OK;
	memset(&k->err, 0, sizeof(k->err));
	k->xs = arena_alloc(&k->arena, k->n * sizeof(*k->xs));
	at = components_from(b->comps, b->ncomp, b->cand[k->from].enrolment_id);
	for (size_t i = 0; i < k->n; i++) {
		const struct cert_candidate *cd = &b->cand[k->from + i];
		struct certificate *x = &k->xs[i];
		char out[41];
		const char *e, *json;

		*x = b->tmpl;
		x->enrolment_id = cd->enrolment_id;
		x->person_id = cd->person_id;
		x->holder_name = cd->name;
		x->id_type = cd->id_type;
		x->id_blind = cd->id_blind;
		x->id_masked = cd->id_masked;
		x->scores = scores_of(&k->arena, b->comps, b->ncomp, &at, cd->enrolment_id);
		x->status_index = b->first_index + (long long)(k->from + i);
		no.serial = (long)(b->first_serial + (long long)(k->from + i));
		e = cert_number_format(x->line, b->pattern, &no, out);
		if (e) {
			k->st = app_fail(&k->err, APP_CONFLICT, NULL,
					 "cert.serials_exhausted");
			return;
		}
		x->number = arena_strdup(&k->arena, out);
		/* the plan's credential template filled, else the long way */
		json = cert_credential_fill(&k->arena, b->cred_template, x->number,
					    x->status_index);
		k->st = json ? cert_sign_json(&ctx, b->sg, x, json, &k->err)
			     : cert_sign(&ctx, b->sg, b->base, x, b->citation, NULL, NULL,
					 NULL, &k->err);
		if (k->st)
			return;
	}
}

/* Writes chunk k: its certificates in one bulk write, then their events. */
static enum app_status chunk_write(struct cert_batch *b, struct store_conn *c,
				   struct chunk *k, struct app_error *err)
{
	enum store_err rc;
	long long first = b->first_index + (long long)k->from;

	if (k->st) {
		*err = k->err;
		/* what the caller reads of a refusal outlives the chunk */
		if (err->detail)
			err->detail = arena_strdup(b->ctx->arena, err->detail);
		return k->st;
	}
	rc = store_cert_insert_many(c, &k->arena, k->xs, k->n);
	if (rc == STORE_OK)
		rc = store_cert_events_issued(c, first, first + (long long)k->n - 1,
					      b->actor, b->tmpl.created_at);
	if (rc)
		return app_store_fail(b->ctx, c, rc, err);
	if (!k->from)
		b->first_number = arena_strdup(b->ctx->arena, k->xs[0].number);
	if (k->from + k->n == b->ncand)
		b->last_number = arena_strdup(b->ctx->arena, k->xs[k->n - 1].number);
	b->written += (long long)k->n;
	return APP_OK;
}

static void *worker_main(void *arg)
{
	struct pool *p = arg;

	pthread_mutex_lock(&p->mu);
	for (;;) {
		size_t j = p->next;
		struct chunk *k;

		if (p->stop || j >= p->nchunks)
			break;
		k = &p->slots[j % p->window];
		if (k->state != CHUNK_FREE) { /* the writer still has chunk j - window */
			pthread_cond_wait(&p->cv, &p->mu);
			continue;
		}
		p->next++;
		k->state = CHUNK_BUILDING;
		k->from = j * p->size;
		k->n = p->b->ncand - k->from < p->size ? p->b->ncand - k->from : p->size;
		pthread_mutex_unlock(&p->mu);
		chunk_build(p->b, k);
		pthread_mutex_lock(&p->mu);
		k->state = CHUNK_BUILT;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	return NULL;
}

/* The writer: chunks in order, each once built. */
static enum app_status pool_write(struct pool *p, struct store_conn *c, struct app_error *err)
{
	for (size_t j = 0; j < p->nchunks; j++) {
		struct chunk *k = &p->slots[j % p->window];
		enum app_status st;

		pthread_mutex_lock(&p->mu);
		while (k->state != CHUNK_BUILT)
			pthread_cond_wait(&p->cv, &p->mu);
		pthread_mutex_unlock(&p->mu);
		st = chunk_write(p->b, c, k, err);
		arena_release(&k->arena);
		arena_init(&k->arena);
		pthread_mutex_lock(&p->mu);
		k->state = CHUNK_FREE;
		if (st)
			p->stop = true;
		pthread_cond_broadcast(&p->cv);
		pthread_mutex_unlock(&p->mu);
		if (st)
			return st;
	}
	return APP_OK;
}

enum app_status cert_batch_run(struct cert_batch *b, struct store_conn *c,
			       struct app_error *err)
{
	struct pool p;
	pthread_t tids[BATCH_THREADS_MAX];
	int threads = b->threads < 1 ? 1 : b->threads, started = 0;
	enum app_status st = APP_OK;
	size_t chunks_per = 8; /* per thread: small enough to keep them all busy */

	b->written = 0;
	b->first_number = b->last_number = NULL;
	if (!b->ncand)
		return APP_OK;
	b->cred_template = cert_credential_template(b->ctx, b->base, &b->tmpl, b->citation);
	memset(&p, 0, sizeof(p));
	p.b = b;
	p.size = (b->ncand + (size_t)threads * chunks_per - 1) /
		 ((size_t)threads * chunks_per);
	p.size = p.size < BATCH_CHUNK_MIN   ? BATCH_CHUNK_MIN
		 : p.size > BATCH_CHUNK_MAX ? BATCH_CHUNK_MAX
					    : p.size;
	p.nchunks = (b->ncand + p.size - 1) / p.size;
	if ((size_t)threads > p.nchunks)
		threads = (int)p.nchunks;
	p.window = threads > 1 ? 2 * (size_t)threads : 1;
	p.slots = calloc(p.window, sizeof(*p.slots));
	if (!p.slots)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	for (size_t i = 0; i < p.window; i++)
		arena_init(&p.slots[i].arena);
	if (threads == 1) { /* today's one thread: build a chunk, write it */
		for (size_t j = 0; j < p.nchunks && !st; j++) {
			struct chunk *k = &p.slots[0];

			k->from = j * p.size;
			k->n = b->ncand - k->from < p.size ? b->ncand - k->from : p.size;
			chunk_build(b, k);
			st = chunk_write(b, c, k, err);
			arena_release(&k->arena);
			arena_init(&k->arena);
		}
	} else {
		pthread_mutex_init(&p.mu, NULL);
		pthread_cond_init(&p.cv, NULL);
		/* jansson seeds its hash function on first use: once, here */
		json_decref(json_object());
		for (; started < threads; started++)
			if (pthread_create(&tids[started], NULL, worker_main, &p))
				break;
		if (!started) {
			st = app_fail(err, APP_INTERNAL, NULL, "err.internal");
		} else {
			st = pool_write(&p, c, err);
			pthread_mutex_lock(&p.mu);
			p.stop = true;
			pthread_cond_broadcast(&p.cv);
			pthread_mutex_unlock(&p.mu);
		}
		for (int i = 0; i < started; i++)
			pthread_join(tids[i], NULL);
		pthread_cond_destroy(&p.cv);
		pthread_mutex_destroy(&p.mu);
	}
	for (size_t i = 0; i < p.window; i++)
		arena_release(&p.slots[i].arena);
	free(p.slots);
	return st;
}
