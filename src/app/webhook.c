/*
 * webhook.c - webhooks (issue 18, docs/webhooks.md): subscriptions and
 * their secrets (sealed by the master key, shown once), the events written
 * in the transaction of the change they describe (an outbox) with one
 * delivery per subscription that covers them, and the server's senders
 * that post a subscription's deliveries in order, the oldest undelivered
 * first, retrying with a backoff for a day.
 */
#include <jansson.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "services/masterkey.h"
#include "services/seal.h"
#include "services/secret.h"
#include "services/hookpost.h"

#define SECRET_PURPOSE "webhook_secret"
#define SENDERS 4    /* threads: a hung receiver holds one */
#define POLL_MS 1000 /* a sender looks for due deliveries this often */
#define TIMEOUT_S 10 /* one attempt's limit */
#define LEASE_S 60 /* a delivery taken by a sender that died: > TIMEOUT_S + busy waits */
#define BACKOFF_MS 10000LL /* the first retry; doubled, capped */
#define BACKOFF_CAP_MS 3600000LL
#define GIVE_UP_S 86400 /* a delivery older than this is not retried */

/* ---- times in milliseconds, as stored in webhook_delivery ---- */

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)time_now() * 1000 + ts.tv_nsec / 1000000;
}

/* "2026-12-05T16:00:00.123Z" of ms since the epoch (out: 32 bytes). */
static void iso_ms(long long ms, char out[32])
{
	char s[32];

	time_iso(ms / 1000, s, sizeof(s));
	s[19] = '\0'; /* "YYYY-MM-DDTHH:MM:SS" */
	snprintf(out, 32, "%.19s.%03dZ", s, (int)(ms % 1000));
}

static long long backoff_base(void)
{
	const char *t = getenv("SKILLCERT_WEBHOOK_BACKOFF_MS");
	long long v;

	return t && *t && str_to_ll(t, 1, BACKOFF_CAP_MS, &v) == 0 ? v : BACKOFF_MS;
}

/* ---- the permission and the subscription's scope ---- */

/* The subscription, when the actor manages it; else APP_NOT_FOUND (an
 * outsider learns nothing about another's). */
static enum app_status load_sub(struct app_ctx *ctx, struct store_conn *c, long long id,
				struct webhook_sub *s, struct app_error *err)
{
	struct app_error ignore;
	enum store_err rc = store_webhook_sub_get(c, ctx->arena, id, s);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_WEBHOOK_MANAGE, s->institution_id, &ignore) != APP_OK)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	return APP_OK;
}

static bool url_ok(const struct app *app, const char *url)
{
	size_t n = url ? strlen(url) : 0;
	const char *host;

	if (n < 9 || n > 2000 || !str_utf8_valid(url, n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= 0x20 || url[i] == 0x7f)
			return false;
	if (!strncmp(url, "https://", 8))
		host = url + 8;
	else if (app->webhook_allow_http && !strncmp(url, "http://", 7))
		host = url + 7;
	else
		return false;
	return *host && *host != '/' && *host != ':' && *host != '?' && *host != '#';
}

static bool description_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n > 200 || !str_utf8_valid(s ? s : "", n))
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20)
			return false;
	return true;
}

/* A new secret into out (SECRET_TOKEN_MAX) and its sealed text, in the
 * arena; NULL when the master key cannot be read. */
static const char *new_secret(struct app_ctx *ctx, char out[SECRET_TOKEN_MAX])
{
	unsigned char master[MASTERKEY_BYTES];
	char kerr[256], sealed[SEAL_SEALED_LEN(SECRET_TOKEN_MAX) + 1];
	int rc;

	secret_token_new("whsec_", out);
	if (!ctx->app->key_file ||
	    masterkey_load(ctx->app->key_file, master, kerr, sizeof(kerr)) != 0)
		return NULL;
	rc = seal_encrypt(master, SECRET_PURPOSE, out, sealed, sizeof(sealed));
	masterkey_wipe(master);
	return rc ? NULL : arena_strdup(ctx->arena, sealed);
}

static const char *sub_json(struct app_ctx *ctx, const struct webhook_sub *s)
{
	return app_json(ctx, "{s:I, s:s, s:s, s:s, s:b}", "institution_id",
			(json_int_t)s->institution_id, "url", s->url, "events", s->events,
			"description", s->description ? s->description : "", "active",
			s->active);
}

enum app_status app_webhook_add(struct app_ctx *ctx, const struct webhook_input *in,
				long long *id, const char **secret, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub s;
	char plain[SECRET_TOKEN_MAX], now[32];
	enum store_err rc;

	*id = 0;
	*secret = NULL;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_WEBHOOK_MANAGE, in->institution_id, err))
		return app_abort(ctx, c, err);
	memset(&s, 0, sizeof(s));
	s.institution_id = in->institution_id;
	s.url = in->url;
	s.events = webhook_events_normal(ctx->arena, in->events);
	s.description = in->description ? in->description : "";
	s.active = in->active != 0;
	if (!url_ok(ctx->app, s.url)) {
		app_fail(err, APP_INVALID, "url", "val.webhook.url");
		return app_abort(ctx, c, err);
	}
	if (!s.events) {
		app_fail(err, APP_INVALID, "events", "val.webhook.events");
		return app_abort(ctx, c, err);
	}
	if (!description_ok(s.description)) {
		app_fail(err, APP_INVALID, "description", "val.webhook.description");
		return app_abort(ctx, c, err);
	}
	if (!(s.secret_sealed = new_secret(ctx, plain))) {
		app_fail(err, APP_INTERNAL, NULL, "err.master_key");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	s.created_by = app_actor_name(ctx);
	s.created_at = now;
	rc = store_webhook_sub_insert(c, &s, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "webhook.add", "webhook", app_idtext(ctx, *id),
			       NULL, sub_json(ctx, &s));
	if (app_finish(ctx, c, rc, err)) {
		*id = 0;
		seal_wipe(plain, sizeof(plain));
		return err->status;
	}
	*secret = arena_strdup(ctx->arena, plain);
	seal_wipe(plain, sizeof(plain));
	return APP_OK;
}

enum app_status app_webhook_list(struct app_ctx *ctx, struct webhook_sub **items,
				 size_t *n, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub *all = NULL;
	size_t nall = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!app_can(ctx, PERM_WEBHOOK_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_webhook_sub_list(c, ctx->arena, &all, &nall);
	if (rc)
		return app_read_done(ctx, c, rc, err);
	if (nall)
		*items = arena_alloc(ctx->arena, nall * sizeof(**items));
	for (size_t i = 0; i < nall; i++) {
		struct app_error ignore;

		if (app_authorize(ctx, c, PERM_WEBHOOK_MANAGE, all[i].institution_id,
				  &ignore) == APP_OK)
			(*items)[(*n)++] = all[i];
	}
	return app_read_done(ctx, c, STORE_OK, err);
}

enum app_status app_webhook_get(struct app_ctx *ctx, long long id,
				struct webhook_sub *out, struct app_error *err)
{
	struct store_conn *c;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load_sub(ctx, c, id, out, err)) {
		store_release(c);
		return err->status;
	}
	return app_read_done(ctx, c, STORE_OK, err);
}

enum app_status app_webhook_update(struct app_ctx *ctx, long long id,
				   const struct webhook_input *in, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub s;
	const char *before;
	char now[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_sub(ctx, c, id, &s, err))
		return app_abort(ctx, c, err);
	before = sub_json(ctx, &s);
	if (in->url)
		s.url = in->url;
	if (in->events && !(s.events = webhook_events_normal(ctx->arena, in->events))) {
		app_fail(err, APP_INVALID, "events", "val.webhook.events");
		return app_abort(ctx, c, err);
	}
	if (in->description)
		s.description = in->description;
	if (in->active >= 0)
		s.active = in->active != 0;
	if (in->url && !url_ok(ctx->app, s.url)) {
		app_fail(err, APP_INVALID, "url", "val.webhook.url");
		return app_abort(ctx, c, err);
	}
	if (!description_ok(s.description)) {
		app_fail(err, APP_INVALID, "description", "val.webhook.description");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	s.updated_at = now;
	rc = store_webhook_sub_update(c, &s);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "webhook.update", "webhook", app_idtext(ctx, id),
			       before, sub_json(ctx, &s));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_webhook_remove(struct app_ctx *ctx, long long id, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub s;
	char now[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_sub(ctx, c, id, &s, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_webhook_sub_remove(c, id, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "webhook.remove", "webhook", app_idtext(ctx, id),
			       sub_json(ctx, &s), NULL);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_webhook_rotate(struct app_ctx *ctx, long long id, const char **secret,
				   struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub s;
	char plain[SECRET_TOKEN_MAX], now[32];
	const char *sealed;
	enum store_err rc;

	*secret = NULL;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_sub(ctx, c, id, &s, err))
		return app_abort(ctx, c, err);
	if (!(sealed = new_secret(ctx, plain))) {
		app_fail(err, APP_INTERNAL, NULL, "err.master_key");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_webhook_sub_secret(c, id, sealed, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "webhook.rotate", "webhook", app_idtext(ctx, id),
			       NULL, NULL);
	if (app_finish(ctx, c, rc, err)) {
		seal_wipe(plain, sizeof(plain));
		return err->status;
	}
	*secret = arena_strdup(ctx->arena, plain);
	seal_wipe(plain, sizeof(plain));
	return APP_OK;
}

enum app_status app_webhook_ping(struct app_ctx *ctx, long long id,
				 long long *delivery_id, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub s;
	char now[32], now_ms_s[32];
	long long event_id;
	enum store_err rc;

	*delivery_id = 0;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_sub(ctx, c, id, &s, err))
		return app_abort(ctx, c, err);
	if (!s.active) { /* a paused one sends nothing: it would wait unsent */
		app_fail(err, APP_CONFLICT, "active", "webhooks.inactive");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	iso_ms(now_ms(), now_ms_s);
	rc = store_webhook_event_add(
		c, "ping", s.institution_id, "webhook", app_idtext(ctx, id),
		app_json(ctx, "{s:I}", "subscription_id", (json_int_t)id), now, &event_id);
	if (rc == STORE_OK)
		rc = store_webhook_deliver_to(c, event_id, id, now_ms_s, delivery_id);
	ctx->hook_events = rc == STORE_OK;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_webhook_deliveries(struct app_ctx *ctx, long long id, long long before,
				       long long limit, struct webhook_delivery **items,
				       size_t *n, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub s;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (limit < 1 || limit > 200)
		return app_fail(err, APP_INVALID, "limit", "val.webhook.limit");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load_sub(ctx, c, id, &s, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_webhook_deliveries(c, ctx->arena, id, before, limit, items, n);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_webhook_replay(struct app_ctx *ctx, long long id, long long did,
				   long long *delivery_id, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_sub s;
	struct webhook_delivery d;
	char now_ms_s[32];
	enum store_err rc;

	*delivery_id = 0;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load_sub(ctx, c, id, &s, err))
		return app_abort(ctx, c, err);
	rc = store_webhook_delivery_get(c, ctx->arena, did, &d);
	if (rc == STORE_OK && d.subscription_id != id)
		rc = STORE_NOT_FOUND;
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!s.active) { /* a paused one sends nothing: it would wait unsent */
		app_fail(err, APP_CONFLICT, "active", "webhooks.inactive");
		return app_abort(ctx, c, err);
	}
	iso_ms(now_ms(), now_ms_s);
	rc = store_webhook_deliver_to(c, d.event_id, id, now_ms_s, delivery_id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "webhook.replay", "webhook", app_idtext(ctx, id),
			       NULL,
			       app_json(ctx, "{s:I, s:I, s:I}", "delivery_id",
					(json_int_t)did, "event_id", (json_int_t)d.event_id,
					"new_delivery_id", (json_int_t)*delivery_id));
	ctx->hook_events = rc == STORE_OK;
	return app_finish(ctx, c, rc, err);
}

/* ---- the outbox: events in the change's transaction ---- */

/* The institution's ancestry as ",id,parent,...," ("" for 0). */
static enum store_err ancestry_text(struct app_ctx *ctx, struct store_conn *c,
				    long long institution_id, const char **out)
{
	long long ids[64];
	size_t n = 0;
	struct buf b;
	enum store_err rc;

	*out = "";
	if (!institution_id)
		return STORE_OK;
	rc = store_institution_ancestry(c, institution_id, ids, 64, &n);
	if (rc)
		return rc == STORE_NOT_FOUND ? STORE_OK : rc;
	buf_init(&b, 0);
	buf_puts(&b, ",");
	for (size_t i = 0; i < n; i++)
		buf_printf(&b, "%lld,", ids[i]);
	*out = arena_strdup(ctx->arena, buf_failed(&b) ? "" : b.data);
	buf_release(&b);
	return STORE_OK;
}

enum store_err app_event_tx(struct app_ctx *ctx, struct store_conn *c, const char *kind,
			    long long institution_id, const char *object_type,
			    long long object_id, const char *payload)
{
	const char *anc;
	char now[32], now_ms_s[32];
	long long event_id;
	bool any = false;
	enum store_err rc = store_webhook_any_active(c, &any);

	if (rc || !any)
		return rc;
	if ((rc = ancestry_text(ctx, c, institution_id, &anc)))
		return rc;
	time_now_iso(now, sizeof(now));
	iso_ms(now_ms(), now_ms_s);
	rc = store_webhook_event_add(c, kind, institution_id, object_type,
				     app_idtext(ctx, object_id), payload ? payload : "{}",
				     now, &event_id);
	if (rc == STORE_OK)
		rc = store_webhook_fanout(c, event_id, kind, anc, now_ms_s);
	if (rc == STORE_OK)
		ctx->hook_events = true;
	return rc;
}

/* certificate.issued for one certificate (cert_id) or for a plan's
 * certificates after after_cert_id (cert_id 0), when any subscription is
 * active: the subscriptions' scope is read from the institution's ancestry. */
static enum store_err issued_tx(struct app_ctx *ctx, struct store_conn *c,
				long long institution_id, long long cert_id,
				long long plan_id, long long after_cert_id)
{
	const char *anc;
	char now[32], now_ms_s[32];
	bool any = false;
	enum store_err rc = store_webhook_any_active(c, &any);

	if (rc || !any)
		return rc;
	if ((rc = ancestry_text(ctx, c, institution_id, &anc)))
		return rc;
	time_now_iso(now, sizeof(now));
	iso_ms(now_ms(), now_ms_s);
	rc = cert_id ? store_webhook_issued_one(c, cert_id, anc, now, now_ms_s)
		     : store_webhook_issued_bulk(c, plan_id, after_cert_id, anc, now,
						 now_ms_s);
	if (rc == STORE_OK)
		ctx->hook_events = true;
	return rc;
}

enum store_err app_event_issued_tx(struct app_ctx *ctx, struct store_conn *c,
				   long long plan_id, long long institution_id,
				   long long after_cert_id)
{
	return issued_tx(ctx, c, institution_id, 0, plan_id, after_cert_id);
}

enum store_err app_event_cert_issued_tx(struct app_ctx *ctx, struct store_conn *c,
					long long cert_id, long long institution_id)
{
	return issued_tx(ctx, c, institution_id, cert_id, 0, 0);
}

/* ---- delivery ---- */

struct app_hook_sender {
	pthread_t threads[SENDERS];
	int nthreads;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	unsigned wakes; /* counts wake-ups: a sender that saw a change goes again */
	atomic_bool stop;
};

/* The body of d: {"id","type","created","data"}; in the arena. */
static const char *body_of(struct app_ctx *ctx, const struct webhook_delivery *d)
{
	char created[32];

	/* created as stored by time_now_iso(): RFC 3339 already */
	snprintf(created, sizeof(created), "%s", d->event_created_at);
	return arena_printf(ctx->arena,
			    "{\"id\":\"%lld\",\"type\":\"%s\",\"created\":\"%s\",\"data\":%s}",
			    d->event_id, d->kind, created, d->payload);
}

/* Delivers the oldest due head not taken by another sender: *did false
 * when there was none to take. */
static enum app_status deliver_one(struct app_ctx *ctx, const atomic_bool *cancel,
				   bool *did, bool *ok_out, struct app_error *err)
{
	struct store_conn *c;
	struct webhook_delivery *heads = NULL;
	size_t n = 0;
	char now_s[32], lease_s[32], next_s[32], at_s[32], why[512], owner[33];
	unsigned char tok[16];
	long long t = now_ms();
	enum store_err rc;

	*did = false;
	*ok_out = false;
	iso_ms(t, now_s);
	iso_ms(t + LEASE_S * 1000LL, lease_s);
	/* this attempt's token: only its holder's outcome is written */
	if (str_random(tok, sizeof(tok)) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	for (size_t k = 0; k < sizeof(tok); k++)
		snprintf(owner + 2 * k, 3, "%02x", tok[k]);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_webhook_heads(c, ctx->arena, now_s, SENDERS * 2, &heads, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct webhook_delivery *d = &heads[i];
		unsigned char master[MASTERKEY_BYTES];
		char kerr[256], secret[SECRET_TOKEN_MAX];
		struct hookpost_post p;
		long status = 0;
		int bad;
		bool ok, give_up;

		rc = store_webhook_claim(c, d->id, now_s, lease_s, owner);
		if (rc == STORE_CONFLICT) {
			rc = STORE_OK;
			continue;
		}
		if (rc)
			break;
		/* taken: no connection is held while the receiver is talked to */
		store_release(c);
		c = NULL;
		*did = true;
		bad = !ctx->app->key_file ||
		      masterkey_load(ctx->app->key_file, master, kerr, sizeof(kerr)) != 0;
		if (!bad) {
			bad = seal_decrypt(master, SECRET_PURPOSE, d->secret_sealed,
					   secret, sizeof(secret)) != 0;
			masterkey_wipe(master);
		}
		memset(&p, 0, sizeof(p));
		p.url = d->url;
		p.secret = secret;
		p.event_kind = d->kind;
		p.delivery_id = app_idtext(ctx, d->id);
		p.body = body_of(ctx, d);
		p.t = (long long)time_now();
		p.timeout_s = TIMEOUT_S;
		p.allow_http = ctx->app->webhook_allow_http;
		p.allow_private = ctx->app->webhook_allow_private;
		p.cancel = cancel;
		why[0] = '\0';
		if (bad)
			snprintf(why, sizeof(why),
				 "the secret cannot be opened (master key)");
		ok = !bad && hookpost_post(&p, &status, why, sizeof(why)) == 0;
		seal_wipe(secret, sizeof(secret));
		t = now_ms();
		iso_ms(t, at_s);
		iso_ms(t + webhook_backoff_ms(d->attempts + 1, backoff_base(),
					      BACKOFF_CAP_MS),
		       next_s);
		give_up = !ok && time_parse_iso(d->created_at) + GIVE_UP_S < t / 1000;
		if (!ok)
			log_info("webhook delivery %lld (%s) to subscription %lld: %s%s",
				 d->id, d->kind, d->subscription_id, why,
				 give_up ? " (a day old: given up)" : "");
		/* a stop in flight: not an attempt of the receiver's, retried
		 * at once by the next start */
		if (!ok && cancel && atomic_load(cancel))
			iso_ms(t, next_s);
		if (!(c = app_conn(ctx, err)))
			return err->status;
		/* a late outcome (the lease lapsed, the subscription was
		 * removed) changes nothing */
		rc = store_webhook_done(c, d->id, owner,
					ok        ? "delivered"
					: give_up ? "failed"
						  : "pending",
					status, ok ? NULL : why, ok ? at_s : NULL,
					ok ? at_s : next_s);
		if (rc == STORE_CONFLICT)
			rc = STORE_OK;
		*ok_out = ok;
		break;
	}
	if (!c)
		return APP_OK;
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_webhook_deliver(struct app_ctx *ctx, int limit, int *sent,
				    int *failed, struct app_error *err)
{
	*sent = *failed = 0;
	if (!ctx->actor || !ctx->actor->system)
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	for (int i = 0; i < limit; i++) {
		bool did, ok;

		if (deliver_one(ctx, NULL, &did, &ok, err))
			return err->status;
		if (!did)
			break;
		if (ok)
			(*sent)++;
		else
			(*failed)++;
	}
	return APP_OK;
}

static void *sender_main(void *arg)
{
	struct app *app = arg;
	struct app_hook_sender *s = app->hooks;

	while (!atomic_load(&s->stop)) {
		struct arena arena;
		struct app_ctx ctx;
		struct app_error err;
		bool did = false, ok;
		unsigned seen;

		pthread_mutex_lock(&s->lock);
		seen = s->wakes;
		pthread_mutex_unlock(&s->lock);
		app_system_ctx(&ctx, app, &arena);
		if (deliver_one(&ctx, &s->stop, &did, &ok, &err) != APP_OK)
			did = false;
		arena_release(&arena);
		if (did)
			continue; /* more may be due: at once */
		pthread_mutex_lock(&s->lock);
		if (!atomic_load(&s->stop) && s->wakes == seen) {
			struct timespec until;

			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_nsec += (long)POLL_MS * 1000000L;
			until.tv_sec += until.tv_nsec / 1000000000L;
			until.tv_nsec %= 1000000000L;
			pthread_cond_timedwait(&s->cond, &s->lock, &until);
		}
		pthread_mutex_unlock(&s->lock);
	}
	return NULL;
}

int app_webhook_start(struct app *app)
{
	struct app_hook_sender *s = calloc(1, sizeof(*s));
	sigset_t all, was;

	if (!s)
		return -1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	atomic_init(&s->stop, false);
	app->hooks = s;
	/* the threads take no signal: SIGTERM is the server's (see notify.c) */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	for (int i = 0; i < SENDERS; i++) {
		if (pthread_create(&s->threads[i], NULL, sender_main, app) != 0)
			break;
		s->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (!s->nthreads) {
		app->hooks = NULL;
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return -1;
	}
	return 0;
}

void app_webhook_wake(struct app *app)
{
	struct app_hook_sender *s = app ? app->hooks : NULL;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->wakes++;
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void app_webhook_stop(struct app *app)
{
	struct app_hook_sender *s = app->hooks;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	atomic_store(&s->stop, true);
	pthread_cond_broadcast(&s->cond);
	pthread_mutex_unlock(&s->lock);
	for (int i = 0; i < s->nthreads; i++)
		pthread_join(s->threads[i], NULL);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
	app->hooks = NULL;
}
