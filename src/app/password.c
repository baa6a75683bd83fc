/*
 * password.c - "forgot my password" and the reset by e-mailed link, for
 * holders and staff alike (issue 12, docs/security.md "Password reset").
 * The request answers the same whether or not an account exists; the
 * token is 32 random bytes of which only the digest is stored.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/ratelimit.h"
#include "services/secret.h"

#define RESET_VALID_S 3600

/* The limiter's wait for key (rate_login's policy: a few free, then
 * backoff, then a lock); every request counts. */
static enum store_err limit_key(struct store_conn *c, const char *key, int64_t now,
				int64_t *wait)
{
	struct rate_state s;
	enum store_err rc = store_rate_get(c, key, &s);
	int64_t w;

	if (rc)
		return rc;
	w = rate_wait(&rate_login, &s, now);
	if (w > *wait)
		*wait = w;
	return STORE_OK;
}

/* The one account the name or address typed names (an address shared by
 * several: the oldest account), with an address and not disabled. */
static enum store_err find_account(struct app_ctx *ctx, struct store_conn *c,
				   const char *ident, struct user *u, bool *found)
{
	struct user *xs = NULL;
	size_t n = 0;
	enum store_err rc;

	*found = false;
	if (strchr(ident, '@')) {
		rc = store_users_by_email(c, ctx->arena, ident, &xs, &n);
		for (size_t i = 0; !rc && i < n && !*found; i++)
			if (!xs[i].disabled) {
				*u = xs[i];
				*found = true;
			}
		return rc;
	}
	rc = store_user_by_name(c, ctx->arena, ident, u);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	*found = rc == STORE_OK && !u->disabled && u->email && *u->email;
	return rc;
}

enum app_status app_password_forgot(struct app_ctx *ctx, const char *ident, int lang,
				    struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	char token[SECRET_TOKEN_MAX], hash[SECRET_DIGEST_HEX], now_s[32], exp_s[32];
	const char *ikey, *akey, *folded;
	time_t now = time_now();
	int64_t wait = 0;
	bool found = false, queued = true;
	long long id = 0;
	enum store_err rc;

	if (!ident || !*ident)
		return app_fail(err, APP_INVALID, "username", "val.forgot.required");
	/* what no account can be named is counted as one key */
	folded = arena_strdup(ctx->arena,
			      strlen(ident) <= 254 && str_utf8_valid(ident, strlen(ident))
				      ? ident
				      : "(invalid)");
	for (char *p = (char *)folded; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	ikey = arena_printf(ctx->arena, "reset:id:%s", folded);
	akey = arena_printf(ctx->arena, "reset:addr:%s", ctx->address ? ctx->address : "-");
	/* the same work for every answer: a token drawn and hashed */
	secret_token_new("pr_", token);
	secret_digest(token, strlen(token), hash);
	time_iso(now, now_s, sizeof(now_s));
	time_iso(now + RESET_VALID_S, exp_s, sizeof(exp_s));
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = limit_key(c, ikey, now, &wait);
	if (!rc)
		rc = limit_key(c, akey, now, &wait);
	if (!rc && wait > 0) {
		store_rollback(c);
		store_release(c);
		memset(token, 0, sizeof(token));
		app_fail(err, APP_RATE_LIMITED, NULL, "err.forgot_wait");
		err->retry_after = wait;
		return err->status;
	}
	if (!rc)
		rc = app_login_failed(c, ikey, now);
	if (!rc)
		rc = app_login_failed(c, akey, now);
	if (!rc)
		rc = find_account(ctx, c, ident, &u, &found);
	/* a relative link in a mail is useless: none is queued, and the
	 * answer stays the same; the operator is told */
	if (!rc && found && !*app_public_url(ctx, c)) {
		log_error("password reset for %s not mailed: the public_url setting is unset",
			  u.username);
		queued = false;
	}
	/* what a known account costs, for an unknown one too: the setting
	 * read, the two texts filled, a DELETE on password_reset (by the
	 * random digest drawn above: it matches nothing) and a write that
	 * changes nothing (docs/security.md says what remains) */
	if (!rc && !found) {
		long long none = 0;
		const char *names[] = {"name", "username", "link", "minutes"};
		const char *values[] = {folded, folded, app_public_url(ctx, c), "60"};

		(void)app_text(ctx, lang, "mail.reset.subject", names, values, 4);
		(void)app_text(ctx, lang, "mail.reset.body", names, values, 4);
		rc = store_reset_take(c, hash, now_s, &none);
		if (rc == STORE_NOT_FOUND)
			rc = store_reset_clear_user(c, 0);
	}
	if (!rc && found && queued) {
		const char *base = app_public_url(ctx, c);
		const char *link = arena_printf(ctx->arena, "%s/password/reset?token=%s",
						base, token);
		const char *names[] = {"name", "username", "link", "minutes"};
		const char *values[] = {*u.display_name ? u.display_name : u.username,
					u.username, link, "60"};

		rc = store_reset_put(c, u.id, hash, now_s, exp_s);
		if (!rc)
			rc = app_notify_enqueue_tx(
				ctx, c, "email", u.email,
				app_text(ctx, lang, "mail.reset.subject", names, values, 4),
				app_text(ctx, lang, "mail.reset.body", names, values, 4),
				NOTIFY_ACCOUNT, &id);
	}
	if (!rc)
		rc = app_audit(ctx, c, "password.reset_request", "user",
			       found ? u.username : "(unknown)", NULL,
			       app_json(ctx, "{s:b}", "sent", found && queued));
	memset(token, 0, sizeof(token));
	if (app_finish(ctx, c, rc, err))
		return err->status;
	if (found && queued)
		app_notify_wake(ctx->app);
	return APP_OK;
}

/* The user of a live token (APP_INVALID "token" otherwise). */
static enum app_status token_user(struct app_ctx *ctx, struct store_conn *c,
				  const char *token, struct user *u, struct app_error *err)
{
	char hash[SECRET_DIGEST_HEX], now_s[32];
	const char *expires = NULL;
	long long user_id = 0;
	enum store_err rc;

	if (!token || strlen(token) < 16 || strlen(token) >= SECRET_TOKEN_MAX)
		return app_fail(err, APP_INVALID, "token", "val.reset.invalid");
	secret_digest(token, strlen(token), hash);
	rc = store_reset_get(c, ctx->arena, hash, &user_id, &expires);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_INVALID, "token", "val.reset.invalid");
	if (!rc)
		rc = store_user_get(c, ctx->arena, user_id, u);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_INVALID, "token", "val.reset.invalid");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	time_now_iso(now_s, sizeof(now_s));
	if (u->disabled || !expires || strcmp(expires, now_s) <= 0)
		return app_fail(err, APP_INVALID, "token", "val.reset.invalid");
	return APP_OK;
}

enum app_status app_password_reset_check(struct app_ctx *ctx, const char *token,
					 struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	enum app_status st;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	st = token_user(ctx, c, token, &u, err);
	store_release(c);
	return st;
}

enum app_status app_password_reset(struct app_ctx *ctx, const char *token,
				   const char *new_password, struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	char hash[SECRET_PWHASH_MAX], digest[SECRET_DIGEST_HEX], now_s[32];
	const char *why;
	long long revoked = 0, user_id = 0, checked;
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (token_user(ctx, c, token, &u, err))
		goto refused;
	checked = u.id;
	if ((why = password_policy(new_password ? new_password : "", u.username))) {
		app_fail(err, APP_INVALID, "new_password", why);
		goto refused;
	}
	if (secret_password_hash(new_password, hash) != 0) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		goto refused;
	}
	time_now_iso(now_s, sizeof(now_s));
	secret_digest(token, strlen(token), digest);
	if (app_tx(ctx, c, err))
		return err->status;
	/* taken once, by the transaction's first statement: of two concurrent
	 * uses the second's DELETE waits for the first and finds nothing */
	rc = store_reset_take(c, digest, now_s, &user_id);
	if (!rc)
		rc = store_user_get(c, ctx->arena, user_id, &u);
	if (rc == STORE_NOT_FOUND || (!rc && (u.disabled || user_id != checked))) {
		app_fail(err, APP_INVALID, "token", "val.reset.invalid");
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = store_user_set_password(c, u.id, hash, 0, now_s);
	if (!rc)
		rc = store_reset_clear_user(c, u.id);
	if (!rc)
		rc = store_session_delete_user(c, u.id, NULL);
	/* someone else may have had access: their API tokens go too */
	if (!rc)
		rc = store_token_revoke_user(c, u.id, now_s, &revoked);
	if (!rc)
		rc = store_rate_clear(c, arena_printf(ctx->arena, "login:user:%s",
						      u.username));
	if (!rc) {
		struct actor who = {.user_id = u.id,
				    .username = u.username,
				    .person_id = u.person_id};
		const struct actor *was = ctx->actor;

		ctx->actor = &who;
		rc = app_audit(ctx, c, "password.reset", "user", u.username, NULL,
			       app_json(ctx, "{s:s, s:I}", "password", "reset",
					"tokens_revoked", (json_int_t)revoked));
		ctx->actor = was;
	}
	return app_finish(ctx, c, rc, err);

refused:
	store_release(c);
	return err->status;
}
