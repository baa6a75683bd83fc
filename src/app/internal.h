/*
 * internal.h - private to src/app/: helpers the action files share.
 */
#ifndef APP_INTERNAL_H
#define APP_INTERNAL_H

#include "app/app.h"
#include "store/store.h"

/* Fills err and returns status. */
int app_fail(struct app_error *err, enum app_status status, const char *field,
	     const char *msg);
/* Maps a store error to an app error (logging the engine's message for
 * internal errors) and returns the status. c may be NULL. */
int app_store_fail(struct app_ctx *ctx, struct store_conn *c, int rc,
		   struct app_error *err);
/* A pooled connection, or NULL with err filled (APP_UNAVAILABLE). */
struct store_conn *app_conn(struct app_ctx *ctx, struct app_error *err);

#endif
