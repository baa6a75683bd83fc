/*
 * cert_keys.c - the signing keys (created, unwrapped once, rotated) and the
 * settings under key.manage (public_url, industry_pattern) (ARCHITECTURE
 * "Credentials").
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/certno.h"
#include "services/masterkey.h"
#include "services/seal.h"

static pthread_mutex_t signer_mu = PTHREAD_MUTEX_INITIALIZER;

void app_signer_free(struct app *app)
{
	while (app->signer) {
		struct app_signer *prev = app->signer->prev;

		seal_wipe(app->signer, sizeof(*app->signer));
		free(app->signer);
		app->signer = prev;
	}
}

static enum app_status master_key(struct app_ctx *ctx,
				  unsigned char master[MASTERKEY_BYTES],
				  struct app_error *err)
{
	char kerr[256];

	if (!ctx->app->key_file ||
	    masterkey_load(ctx->app->key_file, master, kerr, sizeof(kerr)) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.master_key");
	return APP_OK;
}

/* Makes a new signing key and stores it (wrapped) on c. */
static enum app_status key_create(struct app_ctx *ctx, struct store_conn *c,
				  char kid[SIGN_KID_MAX], struct app_error *err)
{
	unsigned char master[MASTERKEY_BYTES], seed[SIGN_SEED_BYTES], pub[SIGN_PUB_BYTES];
	char wrapped[SEAL_WRAPPED_MAX], now[32];
	struct signing_key k;
	struct buf b64;
	enum store_err rc;
	int failed;

	if (master_key(ctx, master, err))
		return err->status;
	sign_seed_new(seed);
	sign_public(seed, pub);
	sign_kid(pub, kid);
	failed = seal_wrap(master, seed, wrapped, sizeof(wrapped));
	masterkey_wipe(master);
	seal_wipe(seed, sizeof(seed));
	if (failed)
		return app_fail(err, APP_INTERNAL, NULL, "err.master_key");
	buf_init(&b64, 0);
	sign_b64url(pub, sizeof(pub), &b64);
	time_now_iso(now, sizeof(now));
	k.kid = kid;
	k.public_key = arena_strdup(ctx->arena, b64.data);
	k.wrapped = wrapped;
	k.created_at = now;
	k.retired_at = NULL;
	buf_release(&b64);
	rc = store_signing_key_insert(c, &k);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

/* The key that signs now (created when there is none), on c. */
const struct app_signer *cert_signer(struct app_ctx *ctx, struct store_conn *c,
				     struct app_error *err)
{
	struct app *app = ctx->app;
	struct signing_key *keys;
	unsigned char master[MASTERKEY_BYTES];
	struct app_signer *s;
	char kid[SIGN_KID_MAX];
	size_t n;
	enum store_err rc;
	int failed;

	pthread_mutex_lock(&signer_mu);
	rc = store_signing_keys(c, ctx->arena, &keys, &n);
	if (rc == STORE_OK && (n == 0 || keys[0].retired_at)) {
		if (key_create(ctx, c, kid, err)) {
			pthread_mutex_unlock(&signer_mu);
			return NULL;
		}
		rc = store_signing_keys(c, ctx->arena, &keys, &n);
	}
	if (rc || n == 0) {
		pthread_mutex_unlock(&signer_mu);
		app_store_fail(ctx, c, rc ? rc : STORE_ERROR, err);
		return NULL;
	}
	if (app->signer && !strcmp(app->signer->kid, keys[0].kid)) {
		pthread_mutex_unlock(&signer_mu);
		return app->signer;
	}
	if (!(s = calloc(1, sizeof(*s))) || master_key(ctx, master, err)) {
		bool no_memory = !s;

		free(s);
		pthread_mutex_unlock(&signer_mu);
		if (no_memory)
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
		return NULL;
	}
	failed = seal_unwrap(master, keys[0].wrapped, s->seed);
	masterkey_wipe(master);
	if (failed) {
		free(s);
		pthread_mutex_unlock(&signer_mu);
		app_fail(err, APP_INTERNAL, NULL, "err.master_key");
		return NULL;
	}
	sign_key_from_seed(s->seed, &s->key);
	snprintf(s->kid, sizeof(s->kid), "%s", keys[0].kid);
	/* the old one may be in use by another thread's issuing: keep it
	 * until the process ends (rotations are rare) */
	s->kid[sizeof(s->kid) - 1] = '\0';
	s->prev = app->signer;
	app->signer = s;
	pthread_mutex_unlock(&signer_mu);
	return s;
}

enum app_status app_signing_key_ensure(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc = STORE_OK;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (!cert_signer(ctx, c, err))
		return app_abort(ctx, c, err);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_key_rotate(struct app_ctx *ctx, char kid[SIGN_KID_MAX],
			       struct app_error *err)
{
	struct store_conn *c;
	char now[32];
	enum store_err rc;

	kid[0] = '\0';
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_KEY_MANAGE, 0, err))
		return app_abort(ctx, c, err);
	if (key_create(ctx, c, kid, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_signing_key_retire_others(c, kid, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "key.rotate", "signing_key", kid, NULL, NULL);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_key_list(struct app_ctx *ctx, struct signing_key **items, size_t *n,
			     struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_signing_keys(c, ctx->arena, items, n);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		(*items)[i].wrapped = NULL; /* never leaves app/ */
	return app_read_done(ctx, c, rc, err);
}

/* ---- settings ---- */

const char *cert_setting(struct app_ctx *ctx, struct store_conn *c, const char *name,
			 const char *fallback)
{
	const char *v;

	return store_setting_get(c, ctx->arena, name, &v) == STORE_OK && *v ? v : fallback;
}

bool cert_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

bool app_public_url_valid(const char *url)
{
	const char *host, *end, *p;
	size_t n = url ? strlen(url) : 0;

	if (n == 0 || n > 200 || url[n - 1] == '/')
		return false;
	if (str_has_prefix(url, "https://"))
		host = url + 8;
	else if (str_has_prefix(url, "http://"))
		host = url + 7;
	else
		return false;
	/* printable ASCII, nothing a URL would have to escape or that ends
	 * the path: no query, fragment, user, quote or space */
	for (p = url; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("?#@\"'<>\\^`{|}%", *p))
			return false;
	end = host + strcspn(host, "/");
	if (end == host || *host == ':' || *host == '.' || *host == '-')
		return false;
	/* host[:port], the port 1..65535 */
	for (p = host; p < end && *p != ':'; p++)
		if (!(*p == '.' || *p == '-' || *p == '[' || *p == ']' ||
		      (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z')))
			return false;
	if (p < end) {
		long long port;
		const char *digits = p + 1;
		char buf[8];

		if ((size_t)(end - digits) < 1 || (size_t)(end - digits) > 5)
			return false;
		snprintf(buf, sizeof(buf), "%.*s", (int)(end - digits), digits);
		if (str_to_ll(buf, 1, 65535, &port))
			return false;
	}
	/* the path: no empty segment, no "." or ".." segment */
	return !strstr(end, "//") && !strstr(end, "/./") && !strstr(end, "/../") &&
	       !cert_ends_with(end, "/.") && !cert_ends_with(end, "/..");
}

/* The addresses public_url had before, one a line, newest first (the
 * setting public_url_former): where credentials signed then still ask for
 * their status lists. */
const char *cert_former_urls(struct app_ctx *ctx, struct store_conn *c)
{
	return cert_setting(ctx, c, "public_url_former", "");
}

/* True when patterns a and b begin with the same fixed text (up to the
 * first field): their numbers, counted apart, could be the same. */
static bool same_lead(const char *a, const char *b)
{
	size_t na = strcspn(a, "{"), nb = strcspn(b, "{");

	return na == nb && !strncmp(a, b, na);
}

enum app_status app_setting_set(struct app_ctx *ctx, const char *name, const char *value,
				struct app_error *err)
{
	struct store_conn *c;
	const char *old = "";
	char now[32];
	enum store_err rc;

	bool recog = name &&
		     (!strcmp(name, "award_pattern") || !strcmp(name, "honour_pattern") ||
		      !strcmp(name, "training_pattern"));

	if (!name ||
	    (strcmp(name, "public_url") && strcmp(name, "industry_pattern") && !recog))
		return app_fail(err, APP_INVALID, "name", "setting.unknown");
	if (!value || !str_utf8_valid(value, strlen(value)))
		return app_fail(err, APP_INVALID, "value", "setting.value");
	/* an award or honour certificate has no level: no {L} in its numbers */
	if ((!strcmp(name, "industry_pattern") || recog) &&
	    (certno_pattern_check(value) || (recog && strstr(value, "{L}"))))
		return app_fail(err, APP_INVALID, "value", "certno.pattern");
	if (!strcmp(name, "public_url") && !app_public_url_valid(value))
		return app_fail(err, APP_INVALID, "value", "setting.public_url");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	if (app_authorize(ctx, c, PERM_KEY_MANAGE, 0, err))
		return app_abort(ctx, c, err);
	rc = STORE_OK;
	/* the industry and award lines count their serials apart (per
	 * prefix): a fixed lead of their own keeps their numbers apart */
	if (!strcmp(name, "industry_pattern") || !strcmp(name, "award_pattern")) {
		bool award = !strcmp(name, "award_pattern");
		const char *other = cert_setting(
			ctx, c, award ? "industry_pattern" : "award_pattern",
			award ? DEFAULT_INDUSTRY_PATTERN : DEFAULT_AWARD_PATTERN);

		if (same_lead(value, other)) {
			app_fail(err, APP_INVALID, "value", "setting.pattern_clash");
			return app_abort(ctx, c, err);
		}
	}
	old = cert_setting(ctx, c, name, "");
	if (!strcmp(old, value))
		return app_finish(ctx, c, rc, err); /* nothing changes */
	/* credentials signed with the old address keep it: the server goes
	 * on answering their status lists there (app_status_list) */
	if (!strcmp(name, "public_url") && *old) {
		const char *former = cert_former_urls(ctx, c);

		rc = store_setting_put(c, "public_url_former",
				       arena_printf(ctx->arena, "%s%s%s", old,
						    *former ? "\n" : "", former),
				       now);
	}
	if (rc == STORE_OK)
		rc = store_setting_put(c, name, value, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "setting.set", "setting", name,
			       *old ? app_json(ctx, "{s:s}", "value", old) : NULL,
			       app_json(ctx, "{s:s}", "value", value));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_setting_get(struct app_ctx *ctx, const char *name, const char **value,
				struct app_error *err)
{
	struct store_conn *c;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	*value = cert_setting(ctx, c, name,
			      !strcmp(name, "industry_pattern") ? DEFAULT_INDUSTRY_PATTERN
			      : !strcmp(name, "award_pattern")  ? DEFAULT_AWARD_PATTERN
			      : !strcmp(name, "honour_pattern") ? DEFAULT_HONOUR_PATTERN
			      : !strcmp(name, "training_pattern") ? DEFAULT_TRAINING_PATTERN
								  : "");
	store_release(c);
	return APP_OK;
}

const char *app_public_url(struct app_ctx *ctx, struct store_conn *c)
{
	return cert_setting(ctx, c, "public_url", "");
}

/* The public address credentials are signed with; refused (naming the
 * setting) while it is unset: nothing is signed with a placeholder. */
enum app_status cert_public_base(struct app_ctx *ctx, struct store_conn *c,
				 const char **base, struct app_error *err)
{
	*base = cert_setting(ctx, c, "public_url", "");
	return **base ? APP_OK
		      : app_fail(err, APP_CONFLICT, "public_url", "cert.public_url_unset");
}
