/*
 * idempotency.c - Idempotency-Key (issue 18): a retried API POST with the
 * same key gets the first answer and changes nothing twice.
 *
 * The key is taken by a row inserted inside the transaction of the
 * request's change (app_finish calls app_idem_claim before COMMIT): a
 * unique (scope, key) makes that once across servers, and a request whose
 * change is refused commits nothing and keeps no key. The answer is
 * stored afterwards (app_idem_keep) by the HTTP side; a replay reads it
 * on the primary (never a replica: it must see the commit it follows).
 * What it must not do: keep a body that carries a secret (the caller says
 * keep = false) or that is not text.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "services/seal.h"
#include "services/secret.h"

#define POLL_MS 50

bool app_idem_key_valid(const char *key)
{
	size_t n = key ? strlen(key) : 0;

	if (n < 1 || n > APP_IDEM_KEY_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)key[i] < 0x20 || (unsigned char)key[i] > 0x7e)
			return false;
	return true;
}

/* target without its lang= query parameters (the language of the
 * answer, not a part of the request), in the arena. */
static const char *without_lang(struct arena *a, const char *target)
{
	const char *q = strchr(target, '?'), *p;
	char *out, *w;
	bool first = true;

	if (!q)
		return target;
	out = arena_alloc(a, strlen(target) + 1);
	memcpy(out, target, (size_t)(q - target));
	w = out + (q - target);
	for (p = q + 1; *p;) {
		size_t n = strcspn(p, "&");

		if (!((n == 4 && !strncmp(p, "lang", 4)) || !strncmp(p, "lang=", 5))) {
			*w++ = first ? '?' : '&';
			first = false;
			memcpy(w, p, n);
			w += n;
		}
		p += n;
		if (*p == '&')
			p++;
	}
	*w = '\0';
	return out;
}

enum app_status app_idem_new(struct app_ctx *ctx, const char *key, const char *method,
			     const char *target, const void *body, size_t len,
			     struct app_idem **out, struct app_error *err)
{
	struct app_idem *k = arena_alloc(ctx->arena, sizeof(*k));
	char hex[SEAL_BLIND_MAX], bodyhex[SECRET_DIGEST_HEX];
	const char *text;

	memset(k, 0, sizeof(*k));
	k->key = arena_strdup(ctx->arena, key);
	if (ctx->actor && ctx->actor->token_id)
		k->scope = arena_printf(ctx->arena, "token:%lld", ctx->actor->token_id);
	else if (ctx->actor && ctx->actor->user_id)
		k->scope = arena_printf(ctx->arena, "user:%lld", ctx->actor->user_id);
	else
		k->scope = arena_printf(ctx->arena, "anon:%s",
					ctx->address ? ctx->address : "");
	/* the method and the target, each after its length (unambiguous:
	 * a decoded path may hold anything), then the body's digest (an
	 * upload is not copied); all of it keyed, so that what the row keeps
	 * cannot be matched against guessed bodies (an ID number, a
	 * password) without the installation's key */
	target = without_lang(ctx->arena, target);
	secret_sha256_hex(body ? body : "", body ? len : 0, bodyhex);
	text = arena_printf(ctx->arena, "%zu:%s%zu:%s%s", strlen(method), method,
			    strlen(target), target, bodyhex);
	if (app_blind(ctx, "idempotency", text, hex, err))
		return err->status;
	k->fingerprint = arena_strdup(ctx->arena, hex);
	*out = k;
	return APP_OK;
}

/* Since when a row is live: APP_IDEM_TTL_S before now. */
static void live_since(char out[32])
{
	time_iso((int64_t)time_now() - APP_IDEM_TTL_S, out, 32);
}

enum store_err app_idem_claim(struct app_ctx *ctx, struct store_conn *c)
{
	char now[32], since[32];

	time_now_iso(now, sizeof(now));
	live_since(since);
	return store_idem_claim(c, ctx->idem->scope, ctx->idem->key,
				ctx->idem->fingerprint, now, since);
}

static void sleep_ms(int ms)
{
	struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

enum app_status app_idem_replay(struct app_ctx *ctx, const struct app_idem *k, int wait_ms,
				struct app_idem_answer *out, struct app_error *err)
{
	char since[32], fresh[32];

	memset(out, 0, sizeof(*out));
	for (int waited = 0;; waited += POLL_MS) {
		/* the primary's: a replica may not have the commit yet */
		struct store_conn *c = app_conn(ctx, err);
		struct idem_row row;
		enum store_err rc;

		if (!c)
			return err->status;
		live_since(since);
		rc = store_idem_get(c, ctx->arena, k->scope, k->key, since, &row);
		if (rc && rc != STORE_NOT_FOUND)
			app_store_fail(ctx, c, rc, err);
		store_release(c);
		if (rc == STORE_NOT_FOUND)
			return APP_NOT_FOUND;
		if (rc)
			return err->status;
		if (strcmp(row.fingerprint, k->fingerprint) != 0)
			return app_fail(err, APP_INVALID, "Idempotency-Key",
					"idempotency.mismatch");
		if (row.status) {
			out->status = row.status;
			out->content_type = row.content_type;
			out->location = row.location;
			out->body = row.body;
			if (!row.body)
				return app_fail(err, APP_CONFLICT, "Idempotency-Key",
						"idempotency.not_kept");
			return APP_OK;
		}
		/* a claim is answered right after its commit: one older than
		 * a few seconds never will be (no thread waits for it) */
		time_iso((int64_t)time_now() - APP_IDEM_FRESH_S, fresh, sizeof(fresh));
		if (!row.created_at || strcmp(row.created_at, fresh) < 0)
			return app_fail(err, APP_CONFLICT, "Idempotency-Key",
					"idempotency.lost");
		if (waited >= wait_ms)
			break;
		sleep_ms(POLL_MS);
	}
	return app_fail(err, APP_CONFLICT, "Idempotency-Key", "idempotency.in_progress");
}

/* True (once) when this process should remove the expired keys now. */
static bool purge_due(const struct app *app)
{
	static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
	static int64_t last; /* 0: never */
	int64_t every = app->idem_purge_s > 0 ? app->idem_purge_s : APP_IDEM_PURGE_S;
	int64_t now = (int64_t)time_now();
	bool due;

	pthread_mutex_lock(&mu);
	due = !last || now - last >= every || now < last;
	if (due)
		last = now;
	pthread_mutex_unlock(&mu);
	return due;
}

enum app_status app_idem_keep(struct app_ctx *ctx, const struct app_idem *k, int status,
			      const char *content_type, const char *location,
			      const char *body, size_t len, bool keep, struct app_error *err)
{
	size_t max = ctx->app->idem_max_body ? ctx->app->idem_max_body : APP_IDEM_MAX_BODY;
	struct app_idem *was = ctx->idem;
	const char *text = NULL;
	struct store_conn *c;
	enum store_err rc;
	enum app_status st;
	char since[32];

	if (keep && body && len <= max && !memchr(body, '\0', len) &&
	    str_utf8_valid(body, len))
		text = arena_strndup(ctx->arena, body, len);
	else if (keep && !body)
		text = "";
	/* this transaction takes no key of its own */
	ctx->idem = NULL;
	if (!(c = app_begin(ctx, err))) {
		ctx->idem = was;
		return err->status;
	}
	rc = store_idem_answer(c, k->scope, k->key, status, content_type, location, text);
	live_since(since);
	if (!rc && purge_due(ctx->app))
		rc = store_idem_purge(c, since, NULL);
	if (rc == STORE_NOT_FOUND)
		log_error("idempotency: the answer of a key (request %s) found no row",
			  ctx->request_id ? ctx->request_id : "-");
	st = app_finish(ctx, c, rc, err);
	ctx->idem = was;
	return st;
}
