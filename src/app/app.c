/* app.c - opening the application and the helpers every action shares. */
#include "app/app.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/log.h"
#include "services/notify.h"
#include "services/secret.h"
#include "store/store.h"

int app_global_init(void) { return secret_init() || notify_global_init() ? -1 : 0; }

int app_open(struct app *app, const char *db_url, const char *data_dir, int pool_max,
	     char *err, size_t errlen)
{
	memset(app, 0, sizeof(*app));
	app->data_dir = data_dir;
	app->verify_rate = 60; /* public lookups a minute per address */
	if (store_open(db_url, pool_max, &app->store, err, errlen) != STORE_OK)
		return -1;
	if (store_check_schema(app->store, err, errlen) != STORE_OK) {
		store_close(app->store);
		app->store = NULL;
		return -1;
	}
	return 0;
}

void app_close(struct app *app)
{
	app_notify_stop(app);
	app_keys_free(app);
	app_signer_free(app);
	app_audit_signer_free(app);
	app_replicas_close(app);
	store_close(app->store);
	app->store = NULL;
}

void app_db_pool_at_least(struct app *app, int n)
{
	store_pool_at_least(app->store, n);
	/* a replica's pool serves the same threads */
	app_replicas_pool_at_least(app, n);
}

void app_db_stats(struct app *app, int *open, int *in_use)
{
	store_stats(app->store, open, in_use);
}

const char *app_db_engine(const struct app *app) { return store_engine(app->store); }

enum app_status app_fail(struct app_error *err, enum app_status status, const char *field,
			 const char *msg)
{
	err->status = status;
	err->field = field;
	err->msg = msg;
	err->detail = NULL;
	err->retry_after = 0;
	return status;
}

enum app_status app_store_fail(struct app_ctx *ctx, struct store_conn *c,
			       enum store_err rc, struct app_error *err)
{
	switch (rc) {
	case STORE_NOT_FOUND: return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	case STORE_CONFLICT: return app_fail(err, APP_CONFLICT, NULL, "err.conflict");
	case STORE_OK: return APP_OK;
	default:
		log_error("store error (request %s): %s",
			  ctx->request_id ? ctx->request_id : "-",
			  c ? store_errmsg(c) : "no connection");
		app_fail(err, c ? APP_INTERNAL : APP_UNAVAILABLE, NULL, "err.internal");
		return err->status;
	}
}

void app_system_ctx(struct app_ctx *ctx, struct app *app, struct arena *arena)
{
	arena_init(arena);
	memset(ctx, 0, sizeof(*ctx));
	ctx->app = app;
	ctx->arena = arena;
	ctx->actor = &app_system_actor;
}

const char *app_actor_name(const struct app_ctx *ctx)
{
	const struct actor *a = ctx->actor;

	return !a ? "anonymous" : a->system ? "system" : a->username;
}

const char *app_idtext(struct app_ctx *ctx, long long id)
{
	return arena_printf(ctx->arena, "%lld", id);
}

struct store_conn *app_conn(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c = store_acquire(ctx->app->store);

	if (!c)
		app_store_fail(ctx, NULL, STORE_ERROR, err);
	return c;
}

enum app_status app_tx(struct app_ctx *ctx, struct store_conn *c, struct app_error *err)
{
	if (store_begin(c) == STORE_OK)
		return APP_OK;
	log_error("store: begin (request %s): %s",
		  ctx->request_id ? ctx->request_id : "-", store_errmsg(c));
	store_release(c);
	return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
}

struct store_conn *app_begin(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);

	if (!c || app_tx(ctx, c, err))
		return NULL;
	return c;
}

enum app_status app_health(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	enum store_err rc;
	int v = 0;

	if (!c)
		return err->status;
	rc = store_schema_version(c, &v);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_read_done(struct app_ctx *ctx, struct store_conn *c,
			      enum store_err rc, struct app_error *err)
{
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_finish(struct app_ctx *ctx, struct store_conn *c, enum store_err rc,
			   struct app_error *err)
{
	/* -1 from code written before app_abort(): err is filled */
	bool claim = rc == STORE_OK && ctx->idem && !ctx->idem->claimed;

	if ((int)rc < 0)
		return app_abort(ctx, c, err);
	/* an Idempotency-Key is taken with the request's first change, in its
	 * transaction; when another request took it first (or had taken it
	 * from this one's earlier transaction), nothing here is committed */
	if (claim && !ctx->idem->taken && ctx->app->idem_test_delay_ms > 0) {
		/* tests: hold the change open so that racing requests overlap */
		struct timespec ts = {ctx->app->idem_test_delay_ms / 1000,
				      (long)(ctx->app->idem_test_delay_ms % 1000) * 1000000L};

		nanosleep(&ts, NULL);
	}
	if (claim && !ctx->idem->taken && (rc = app_idem_claim(ctx, c)) == STORE_CONFLICT)
		ctx->idem->taken = true;
	if (claim && ctx->idem->taken) {
		store_rollback(c);
		store_release(c);
		return app_fail(err, APP_CONFLICT, "Idempotency-Key", "idempotency.replay");
	}
	if (rc == STORE_OK)
		rc = store_commit(c);
	if (rc == STORE_OK) {
		store_release(c);
		ctx->wrote = true; /* its own reads now on the primary */
		if (claim)
			ctx->idem->claimed = true;
		if (ctx->hook_events) {
			ctx->hook_events = false;
			app_webhook_wake(ctx->app);
		}
		return APP_OK;
	}
	store_rollback(c);
	if (rc == STORE_NOT_FOUND)
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	else if (rc == STORE_CONFLICT)
		app_fail(err, APP_CONFLICT, NULL, "err.conflict");
	else
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return err->status;
}

enum app_status app_abort(struct app_ctx *ctx, struct store_conn *c, struct app_error *err)
{
	(void)ctx;
	store_rollback(c);
	store_release(c);
	return err->status;
}
