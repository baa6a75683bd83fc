/*
 * app.h - use cases: one function per user action.
 *
 * Both front doors (HTTP and CLI) call these, so a rule holds the same way
 * for a page, an API call and a command. Each action: checks the actor's
 * permission, validates with core/ rules, runs its store work in one
 * transaction, and reports failure as an app_status plus the field and a
 * catalog key (core/i18n.h) that the caller renders in the user's language.
 *
 * Memory: results are allocated from ctx->arena.
 */
#ifndef APP_APP_H
#define APP_APP_H

#include <stddef.h>

#include "base/arena.h"
#include "core/institution.h"

struct store;

/* Process-wide state, set up once by the CLI and shared by all threads. */
struct app {
	struct store *store;
	const char *data_dir;
};

/* One action's context: who, on whose behalf, with which memory. */
struct app_ctx {
	struct app *app;
	struct arena *arena;
	const char *request_id; /* NULL for CLI */
	const char *address;    /* client address, NULL for CLI */
};

enum app_status {
	APP_OK = 0,
	APP_INVALID,     /* input breaks a rule: err.field, err.msg say which */
	APP_NOT_FOUND,
	APP_CONFLICT,
	APP_FORBIDDEN,
	APP_UNAVAILABLE, /* the database cannot be reached */
	APP_INTERNAL,
};

struct app_error {
	enum app_status status;
	const char *field; /* NULL when not about one field */
	const char *msg;   /* catalog key */
	const char *detail; /* internal detail for the log, never shown */
};

/* Opens the store at db_url, checks the schema is current; on failure
 * writes why into err. */
int app_open(struct app *app, const char *db_url, const char *data_dir,
	     int pool_max, char *err, size_t errlen);
void app_close(struct app *app);

/* ---- setting up (app/system.c) ---- */

struct app_init_report {
	int created_dir, created_key;
	int schema_from, schema_to;
};

/* Creates the data directory (0700) and the master key file when missing,
 * then applies pending migrations to db_url. Safe to run again. */
int app_init_data(const char *data_dir, const char *key_file, const char *db_url,
		  struct app_init_report *rep, char *err, size_t errlen);
/* Applies pending migrations in one transaction. */
int app_migrate(const char *db_url, int *from, int *to, char *err, size_t errlen);
/* The database's and the binary's schema versions. */
int app_schema_status(const char *db_url, int *db_version, int *latest,
		      char *err, size_t errlen);
int app_schema_latest(void);

/* Health: 0 when the database answers. */
int app_health(struct app_ctx *ctx, struct app_error *err);

/* Database pool figures for /metrics. */
void app_db_stats(struct app *app, int *open, int *in_use);
const char *app_db_engine(const struct app *app);

/* Fills an empty database with demonstration data (app/demo.c); sets
 * *created to the number of institutions added (0 when not empty). */
int app_demo_seed(struct app_ctx *ctx, int *created, struct app_error *err);

/* ---- institutions ---- */

struct institution_input {
	const char *name, *type, *province, *credit_code;
	long long parent_id; /* 0 = none */
};

int app_institution_create(struct app_ctx *ctx,
			   const struct institution_input *in, long long *id,
			   struct app_error *err);
int app_institution_get(struct app_ctx *ctx, long long id,
			struct institution *out, struct app_error *err);
/* The name history, oldest first. */
int app_institution_names(struct app_ctx *ctx, long long id,
			  struct institution_name **items, size_t *n,
			  struct app_error *err);
int app_institution_list(struct app_ctx *ctx, const struct institution_filter *f,
			 struct institution **items, size_t *n, long long *total,
			 struct app_error *err);
int app_institution_rename(struct app_ctx *ctx, long long id,
			   const char *new_name, const char *reason,
			   struct app_error *err);

#endif
