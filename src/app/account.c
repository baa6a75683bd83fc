/*
 * account.c - users, grants, sessions, API tokens and the login rules
 * (backoff and lock). Every mutation is audited in its own transaction.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/ratelimit.h"
#include "services/secret.h"

const struct actor app_system_actor = {
	.user_id = 0,
	.username = "system",
	.system = true,
};

/* Seconds from ISO-8601 UTC text ("YYYY-MM-DDTHH:MM:SSZ"); 0 if malformed. */
static time_t iso_parse(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (!s || !strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm))
		return 0;
	return timegm(&tm);
}

bool app_can(const struct app_ctx *ctx, const char *perm)
{
	const struct actor *a = ctx->actor;

	if (!a)
		return false;
	if (a->system)
		return true;
	/* one's own account needs no grant */
	if (!strcmp(perm, PERM_ACCOUNT))
		return true;
	return authz_allows_somewhere(a->grants, a->ngrants, perm);
}

enum app_status app_authorize(struct app_ctx *ctx, struct store_conn *c, const char *perm,
			      long long institution_id, struct app_error *err)
{
	const struct actor *a = ctx->actor;
	long long ancestry[64];
	size_t n = 0;
	enum store_err rc;

	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (a->system)
		return APP_OK;
	if (institution_id) {
		rc = store_institution_ancestry(c, institution_id, ancestry, 64, &n);
		if (rc == STORE_NOT_FOUND)
			return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		if (rc)
			return app_store_fail(ctx, c, rc, err);
	}
	if (!authz_allows(a->grants, a->ngrants, perm, ancestry, n))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	return APP_OK;
}

/* Fills an actor for user u (grants loaded). */
static enum store_err load_actor(struct app_ctx *ctx, struct store_conn *c,
				 const struct user *u, struct actor *out)
{
	memset(out, 0, sizeof(*out));
	out->user_id = u->id;
	out->username = u->username;
	out->must_change_password = u->must_change_password;
	out->person_id = u->person_id;
	out->email = u->email;
	/* a holder account holds no staff grant, whatever the table says */
	if (u->person_id)
		return STORE_OK;
	return store_grants_of(c, ctx->arena, u->id, &out->grants, &out->ngrants);
}

enum app_status app_session_resolve(struct app_ctx *ctx, const char *cookie,
				    struct actor *out, struct app_error *err)
{
	char hash[SECRET_DIGEST_HEX], now_s[32];
	struct session s;
	struct user u;
	struct store_conn *c;
	time_t now = time_now();
	enum store_err rc;

	if (!cookie || strlen(cookie) < 16 || strlen(cookie) >= APP_TOKEN_MAX)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	secret_digest(cookie, strlen(cookie), hash);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_session_get(c, ctx->arena, hash, &s);
	if (rc == STORE_OK && (iso_parse(s.expires_at) <= now ||
			       iso_parse(s.last_seen) + SESSION_IDLE_S <= now)) {
		store_session_delete(c, hash);
		rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_OK)
		rc = store_user_get(c, ctx->arena, s.user_id, &u);
	if (rc == STORE_OK && u.disabled)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK)
		rc = load_actor(ctx, c, &u, out);
	if (rc == STORE_OK && iso_parse(s.last_seen) + SESSION_TOUCH_S <= now) {
		time_iso(now, now_s, sizeof(now_s));
		rc = store_session_touch(c, hash, now_s);
	}
	if (rc == STORE_OK) {
		out->session_hash = arena_strdup(ctx->arena, hash);
		out->csrf = s.csrf;
		out->wrote_lsn = s.wrote_lsn;
	}
	if (rc == STORE_NOT_FOUND)
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	else if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_token_resolve(struct app_ctx *ctx, const char *token,
				  struct actor *out, struct app_error *err)
{
	char hash[SECRET_DIGEST_HEX], now_s[32];
	struct api_token t;
	struct user u;
	struct store_conn *c;
	enum store_err rc;

	if (!token || strlen(token) < 16 || strlen(token) >= APP_TOKEN_MAX)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	secret_digest(token, strlen(token), hash);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_token_by_hash(c, ctx->arena, hash, &t);
	if (rc == STORE_OK)
		rc = store_user_get(c, ctx->arena, t.user_id, &u);
	if (rc == STORE_OK && u.disabled)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK)
		rc = load_actor(ctx, c, &u, out);
	if (rc == STORE_OK &&
	    (!t.last_used_at || iso_parse(t.last_used_at) + SESSION_TOUCH_S <= time_now())) {
		time_now_iso(now_s, sizeof(now_s));
		rc = store_token_touch(c, t.id, now_s);
	}
	if (rc == STORE_OK) {
		out->token_id = t.id;
		out->wrote_lsn = t.wrote_lsn;
	}
	if (rc == STORE_NOT_FOUND)
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	else if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_actor_by_name(struct app_ctx *ctx, const char *username,
				  struct actor *out, struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	enum store_err rc;

	if (!ctx->actor || !ctx->actor->system)
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_user_by_name(c, ctx->arena, username ? username : "", &u);
	if (rc == STORE_OK && u.disabled)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK)
		rc = load_actor(ctx, c, &u, out);
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, "as", "val.username.unknown");
	}
	return app_read_done(ctx, c, rc, err);
}

/* Seconds the login keys must still wait (the larger of the two). */
static enum store_err login_wait(struct store_conn *c, const char *ukey, const char *akey,
				 int64_t now, int64_t *wait, int *locked)
{
	struct rate_state su, sa;
	int64_t wu, wa;
	enum store_err rc;

	if ((rc = store_rate_get(c, ukey, &su)) || (rc = store_rate_get(c, akey, &sa)))
		return rc;
	wu = rate_wait(&rate_login, &su, now);
	wa = rate_wait(&rate_login, &sa, now);
	*wait = wu > wa ? wu : wa;
	*locked = rate_locked(&rate_login, &su, now) || rate_locked(&rate_login, &sa, now);
	return STORE_OK;
}

enum store_err app_login_failed(struct store_conn *c, const char *key, int64_t now)
{
	struct rate_state s;
	enum store_err rc = store_rate_get(c, key, &s);

	if (rc)
		return rc;
	rate_fail(&rate_login, &s, now);
	return store_rate_put(c, key, &s);
}

enum app_status app_login(struct app_ctx *ctx, const char *username, const char *password,
			  struct login_result *out, struct app_error *err)
{
	const char *ukey, *akey;
	struct store_conn *c;
	struct user u;
	struct session s;
	char hash[SECRET_DIGEST_HEX], csrf[APP_TOKEN_MAX];
	char now_s[32], exp_s[32];
	time_t now = time_now();
	int64_t wait = 0;
	enum store_err rc;
	int locked = 0, found, ok;

	memset(out, 0, sizeof(*out));
	if (!username || !*username || !password || !*password)
		return app_fail(err, APP_INVALID, NULL, "err.login_failed");
	/* a name no user can have is counted (and audited) as one key, so
	 * junk input does not grow the tables (a reserved name may belong to
	 * an account made before it was reserved: it still signs in) */
	if (!user_check_name(username, &(struct rule_error){0}) &&
	    !user_name_reserved(username))
		username = "(invalid)";
	ukey = arena_printf(ctx->arena, "login:user:%s", username);
	akey = arena_printf(ctx->arena, "login:addr:%s", ctx->address ? ctx->address : "-");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = login_wait(c, ukey, akey, now, &wait, &locked);
	if (rc)
		goto store_error;
	if (wait > 0) {
		store_release(c);
		app_fail(err, APP_RATE_LIMITED, NULL,
			 locked ? "err.login_locked" : "err.login_wait");
		err->retry_after = wait;
		return err->status;
	}
	rc = store_user_by_name(c, ctx->arena, username, &u);
	if (rc && rc != STORE_NOT_FOUND)
		goto store_error;
	found = rc == STORE_OK && !u.disabled;
	/* the same work whether or not the user exists */
	ok = secret_password_verify(found ? u.password_hash : NULL, password) == 0;
	if (app_tx(ctx, c, err))
		return err->status;
	if (!ok) {
		rc = app_login_failed(c, ukey, now);
		if (!rc)
			rc = app_login_failed(c, akey, now);
		if (!rc)
			rc = app_audit(ctx, c, "login.failed", "user", username, NULL, NULL);
		if (!rc)
			rc = store_commit(c);
		if (rc)
			goto store_error;
		store_release(c);
		return app_fail(err, APP_INVALID, NULL, "err.login_failed");
	}
	secret_token_new("s_", out->token);
	secret_token_new("", csrf);
	secret_digest(out->token, strlen(out->token), hash);
	time_iso(now, now_s, sizeof(now_s));
	time_iso(now + SESSION_ABSOLUTE_S, exp_s, sizeof(exp_s));
	memset(&s, 0, sizeof(s));
	s.token_hash = hash;
	s.user_id = u.id;
	s.csrf = csrf;
	s.created_at = s.last_seen = now_s;
	s.expires_at = exp_s;
	s.address = ctx->address ? ctx->address : "";
	rc = store_rate_clear(c, ukey);
	if (!rc)
		rc = store_session_insert(c, &s);
	if (!rc)
		rc = store_session_purge(c, now_s);
	if (!rc) {
		struct actor who = {.user_id = u.id, .username = u.username};
		const struct actor *was = ctx->actor;

		ctx->actor = &who;
		rc = app_audit(ctx, c, "login", "user", u.username, NULL, NULL);
		ctx->actor = was;
	}
	if (!rc)
		rc = store_commit(c);
	if (rc)
		goto store_error;
	store_release(c);
	out->csrf = arena_strdup(ctx->arena, csrf);
	out->must_change_password = u.must_change_password;
	return APP_OK;

store_error:
	store_rollback(c);
	memset(out->token, 0, sizeof(out->token));
	app_store_fail(ctx, c, rc, err);
	store_release(c);
	return err->status;
}

enum app_status app_logout(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!ctx->actor || !ctx->actor->session_hash)
		return APP_OK;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_session_delete(c, ctx->actor->session_hash);
	if (!rc)
		rc = app_audit(ctx, c, "logout", "user", ctx->actor->username, NULL, NULL);
	if (!rc)
		rc = store_commit(c);
	if (rc) {
		store_rollback(c);
		app_store_fail(ctx, c, rc, err);
	}
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_password_change(struct app_ctx *ctx, const char *current,
				    const char *new_password, struct app_error *err)
{
	const struct actor *a = ctx->actor;
	struct store_conn *c;
	struct user u;
	char hash[SECRET_PWHASH_MAX], now_s[32];
	const char *why;
	enum store_err rc;

	if (!a || a->system || !a->user_id)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if ((why = password_policy(new_password, a->username)))
		return app_fail(err, APP_INVALID, "new_password", why);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_user_get(c, ctx->arena, a->user_id, &u);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	if (secret_password_verify(u.password_hash, current ? current : "") != 0) {
		store_release(c);
		return app_fail(err, APP_INVALID, "current_password",
				"val.password.current");
	}
	if (secret_password_verify(u.password_hash, new_password) == 0) {
		store_release(c);
		return app_fail(err, APP_INVALID, "new_password", "val.password.same");
	}
	if (secret_password_hash(new_password, hash) != 0) {
		store_release(c);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	time_now_iso(now_s, sizeof(now_s));
	if (app_tx(ctx, c, err))
		return err->status;
	rc = store_user_set_password(c, a->user_id, hash, 0, now_s);
	if (!rc)
		rc = store_reset_clear_user(c, a->user_id);
	if (!rc)
		rc = store_session_delete_user(c, a->user_id, a->session_hash);
	if (!rc)
		rc = app_audit(ctx, c, "user.password_change", "user", a->username, NULL,
			       "{\"password\":\"changed\"}");
	return app_finish(ctx, c, rc, err);
}

enum app_status app_user_create(struct app_ctx *ctx, const char *username,
				const char *display_name, const char *password,
				long long *id, char generated[17], struct app_error *err)
{
	struct rule_error re;
	struct store_conn *c;
	struct user u;
	char hash[SECRET_PWHASH_MAX], now_s[32];
	const char *why;
	enum store_err rc;

	*id = 0;
	generated[0] = '\0';
	if (!user_check_name(username, &re) || !user_check_display_name(display_name, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (password && (why = password_policy(password, username)))
		return app_fail(err, APP_INVALID, "password", why);
	if (!app_can(ctx, PERM_USER_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!password) {
		secret_password_new(generated);
		password = generated;
	}
	if (secret_password_hash(password, hash) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now_s, sizeof(now_s));
	memset(&u, 0, sizeof(u));
	u.username = username;
	u.display_name = display_name ? display_name : "";
	u.password_hash = hash;
	u.must_change_password = generated[0] != '\0';
	u.created_at = u.updated_at = now_s;
	rc = store_user_insert(c, &u, id);
	if (rc == STORE_CONFLICT) {
		store_rollback(c);
		store_release(c);
		*id = 0;
		generated[0] = '\0';
		return app_fail(err, APP_CONFLICT, "username", "val.username.taken");
	}
	if (!rc)
		rc = app_audit(ctx, c, "user.create", "user", username, NULL,
			       app_json(ctx, "{s:s, s:s}", "username", username,
					"display_name", u.display_name));
	if (rc) {
		*id = 0;
		generated[0] = '\0';
	}
	return app_finish(ctx, c, rc, err);
}

/* The user by name, or APP_NOT_FOUND with field "username". */
static enum app_status find_user(struct app_ctx *ctx, struct store_conn *c,
				 const char *username, struct user *u, struct app_error *err)
{
	enum store_err rc = store_user_by_name(c, ctx->arena, username ? username : "", u);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, "username", "val.username.unknown");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return APP_OK;
}

/* Whether the actor may manage user u: user.manage covering every
 * institution u holds a grant on; for a user without grants, a
 * whole-network user.manage. */
static enum app_status may_manage(struct app_ctx *ctx, struct store_conn *c,
				  const struct user *u, struct app_error *err)
{
	struct grant *g;
	size_t n;
	enum store_err rc;

	if (!app_can(ctx, PERM_USER_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if ((rc = store_grants_of(c, ctx->arena, u->id, &g, &n)))
		return app_store_fail(ctx, c, rc, err);
	/* a user holding nothing yet is the network's: only a whole-network
	 * manager may touch it (else any institution's admin could reset it
	 * and take it over once it is granted) */
	if (n == 0)
		return app_authorize(ctx, c, PERM_USER_MANAGE, 0, err);
	for (size_t i = 0; i < n; i++)
		if (app_authorize(ctx, c, PERM_USER_MANAGE, g[i].institution_id, err))
			return err->status;
	return APP_OK;
}

enum app_status app_user_reset_password(struct app_ctx *ctx, const char *username,
					const char *password, char generated[17],
					struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	char hash[SECRET_PWHASH_MAX], now_s[32];
	const char *why;
	enum store_err rc;

	generated[0] = '\0';
	if (password && (why = password_policy(password, username)))
		return app_fail(err, APP_INVALID, "password", why);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (find_user(ctx, c, username, &u, err) || may_manage(ctx, c, &u, err)) {
		store_release(c);
		return err->status;
	}
	if (!password) {
		secret_password_new(generated);
		password = generated;
	}
	if (secret_password_hash(password, hash) != 0) {
		store_release(c);
		generated[0] = '\0';
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	time_now_iso(now_s, sizeof(now_s));
	if (app_tx(ctx, c, err)) {
		generated[0] = '\0';
		return err->status;
	}
	rc = store_user_set_password(c, u.id, hash, 1, now_s);
	if (!rc)
		rc = store_reset_clear_user(c, u.id);
	if (!rc)
		rc = store_session_delete_user(c, u.id, NULL);
	if (!rc)
		rc = app_audit(ctx, c, "user.password_reset", "user", u.username, NULL,
			       "{\"password\":\"reset\"}");
	if (rc)
		generated[0] = '\0';
	return app_finish(ctx, c, rc, err);
}

enum app_status app_user_set_disabled(struct app_ctx *ctx, const char *username,
				      bool disabled, struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	char now_s[32];
	long long revoked = 0;
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (find_user(ctx, c, username, &u, err) || may_manage(ctx, c, &u, err)) {
		store_release(c);
		return err->status;
	}
	if (ctx->actor && !ctx->actor->system && ctx->actor->user_id == u.id) {
		store_release(c);
		return app_fail(err, APP_INVALID, "username", "val.user.disable_self");
	}
	if (u.disabled == disabled) {
		store_release(c);
		return app_fail(err, APP_CONFLICT, "username",
				disabled ? "val.user.already_disabled"
					 : "val.user.already_enabled");
	}
	time_now_iso(now_s, sizeof(now_s));
	if (app_tx(ctx, c, err))
		return err->status;
	rc = store_user_set_disabled(c, u.id, disabled, now_s);
	if (!rc && disabled)
		rc = store_session_delete_user(c, u.id, NULL);
	if (!rc && disabled)
		rc = store_token_revoke_user(c, u.id, now_s, &revoked);
	if (!rc)
		rc = app_audit(ctx, c, disabled ? "user.disable" : "user.enable", "user",
			       u.username, app_json(ctx, "{s:b}", "disabled", !disabled),
			       disabled ? app_json(ctx, "{s:b, s:I}", "disabled", 1,
						   "tokens_revoked", (json_int_t)revoked)
					: app_json(ctx, "{s:b}", "disabled", 0));
	return app_finish(ctx, c, rc, err);
}

/* The self-service check of app_user_set_email: the current password,
 * counted by the login limiter (a wrong one as a failed sign-in). */
static enum app_status email_reauth(struct app_ctx *ctx, struct store_conn *c,
				    const struct user *u, const char *password,
				    struct app_error *err)
{
	const char *ukey = arena_printf(ctx->arena, "login:user:%s", u->username);
	const char *akey = arena_printf(ctx->arena, "login:addr:%s",
					ctx->address ? ctx->address : "-");
	time_t now = time_now();
	int64_t wait = 0;
	int locked = 0;
	enum store_err rc = login_wait(c, ukey, akey, now, &wait, &locked);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (wait > 0) {
		app_fail(err, APP_RATE_LIMITED, NULL,
			 locked ? "err.login_locked" : "err.login_wait");
		err->retry_after = wait;
		return err->status;
	}
	if (secret_password_verify(u->password_hash, password ? password : "") == 0)
		return APP_OK;
	if (app_tx(ctx, c, err))
		return err->status;
	rc = app_login_failed(c, ukey, now);
	if (!rc)
		rc = app_login_failed(c, akey, now);
	if (!rc)
		rc = store_commit(c);
	if (rc) {
		store_rollback(c);
		return app_store_fail(ctx, c, rc, err);
	}
	return app_fail(err, APP_INVALID, "password", "val.password.current");
}

enum app_status app_user_set_email(struct app_ctx *ctx, const char *username,
				   const char *email, const char *password, int lang,
				   struct app_error *err)
{
	const struct actor *a = ctx->actor;
	struct rule_error re;
	struct store_conn *c;
	struct user u;
	char now_s[32];
	long long id = 0;
	enum store_err rc;

	if (email && !*email)
		email = NULL;
	if (email && !user_check_email(email, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (!username) {
		if (a->system || !a->user_id) {
			store_release(c);
			return app_fail(err, APP_INVALID, "username",
					"val.username.required");
		}
		rc = store_user_get(c, ctx->arena, a->user_id, &u);
		if (rc) {
			app_store_fail(ctx, c, rc, err);
			store_release(c);
			return err->status;
		}
	} else if (find_user(ctx, c, username, &u, err) ||
		   (!a->system && u.id != a->user_id && may_manage(ctx, c, &u, err))) {
		store_release(c);
		return err->status;
	}
	/* one's own address (where reset links go) only with the password */
	if (!a->system && u.id == a->user_id && email_reauth(ctx, c, &u, password, err)) {
		store_release(c);
		return err->status;
	}
	time_now_iso(now_s, sizeof(now_s));
	if (app_tx(ctx, c, err))
		return err->status;
	rc = store_user_set_email(c, u.id, email, now_s);
	/* a link mailed to the old address no longer works */
	if (!rc)
		rc = store_reset_clear_user(c, u.id);
	if (!rc && u.email && *u.email && (!email || strcasecmp(email, u.email))) {
		const char *names[] = {"name", "username"};
		const char *values[] = {*u.display_name ? u.display_name : u.username,
					u.username};

		rc = app_notify_enqueue_tx(
			ctx, c, "email", u.email,
			app_text(ctx, lang, "mail.email_changed.subject", names, values, 2),
			app_text(ctx, lang, "mail.email_changed.body", names, values, 2),
			NOTIFY_ACCOUNT, &id);
	}
	if (!rc)
		rc = app_audit(ctx, c, "user.email", "user", u.username,
			       app_json(ctx, "{s:b}", "email", u.email != NULL),
			       app_json(ctx, "{s:b}", "email", email != NULL));
	if (app_finish(ctx, c, rc, err))
		return err->status;
	if (id)
		app_notify_wake(ctx->app);
	return APP_OK;
}

static enum app_status grant_change(struct app_ctx *ctx, const char *username,
				    const char *role, long long institution_id, int add,
				    struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	struct institution in;
	char now_s[32];
	long long gid;
	enum store_err rc;

	if (role_parse(role) < 0)
		return app_fail(err, APP_INVALID, "role", "val.role.invalid");
	if (institution_id < 0)
		return app_fail(err, APP_INVALID, "institution_id", "val.parent.not_found");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (find_user(ctx, c, username, &u, err)) {
		store_release(c);
		return err->status;
	}
	/* a holder account (issue 12) is never given a staff grant */
	if (add && u.person_id &&
	    !app_authorize(ctx, c, PERM_USER_MANAGE, institution_id, err)) {
		store_release(c);
		return app_fail(err, APP_CONFLICT, "role", "val.grant.holder");
	}
	if (institution_id &&
	    store_institution_get(c, ctx->arena, institution_id, &in) != STORE_OK) {
		store_release(c);
		return app_fail(err, APP_INVALID, "institution_id", "val.parent.not_found");
	}
	/* the actor must manage users where the grant applies */
	if (app_authorize(ctx, c, PERM_USER_MANAGE, institution_id, err)) {
		store_release(c);
		return err->status;
	}
	time_now_iso(now_s, sizeof(now_s));
	if (app_tx(ctx, c, err))
		return err->status;
	if (add)
		rc = store_grant_insert(c, u.id, role, institution_id, now_s, &gid);
	else
		rc = store_grant_delete(c, u.id, role, institution_id);
	if (rc == STORE_CONFLICT) {
		store_rollback(c);
		store_release(c);
		return app_fail(err, APP_CONFLICT, "role", "val.grant.exists");
	}
	if (rc == STORE_NOT_FOUND) {
		store_rollback(c);
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, "role", "val.grant.unknown");
	}
	if (!rc) {
		const char *g = app_json(ctx, "{s:s, s:I}", "role", role,
					 "institution_id", (json_int_t)institution_id);

		rc = app_audit(ctx, c, add ? "grant.add" : "grant.remove", "user",
			       u.username, add ? NULL : g, add ? g : NULL);
	}
	return app_finish(ctx, c, rc, err);
}

enum app_status app_grant_add(struct app_ctx *ctx, const char *username, const char *role,
			      long long institution_id, struct app_error *err)
{
	return grant_change(ctx, username, role, institution_id, 1, err);
}

enum app_status app_grant_remove(struct app_ctx *ctx, const char *username, const char *role,
				 long long institution_id, struct app_error *err)
{
	return grant_change(ctx, username, role, institution_id, 0, err);
}

enum app_status app_user_list(struct app_ctx *ctx, struct user_view **items, size_t *n,
			      struct app_error *err)
{
	struct store_conn *c;
	struct user *users;
	size_t nu, kept = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!app_can(ctx, PERM_USER_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_user_list(c, ctx->arena, &users, &nu);
	if (!rc && nu)
		*items = arena_alloc(ctx->arena, nu * sizeof(**items));
	for (size_t i = 0; !rc && i < nu; i++) {
		struct user_view *v = &(*items)[kept];
		struct app_error ignore;

		v->user = users[i];
		rc = store_grants_of(c, ctx->arena, users[i].id, &v->grants, &v->ngrants);
		/* a manager sees the users whose every grant is in their scope */
		if (!rc && may_manage(ctx, c, &users[i], &ignore) == APP_OK)
			kept++;
	}
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	*n = rc ? 0 : kept;
	return rc ? err->status : APP_OK;
}

enum app_status app_user_get(struct app_ctx *ctx, const char *username,
			     struct user_view *out, struct app_error *err)
{
	struct store_conn *c;
	enum app_status rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = find_user(ctx, c, username, &out->user, err);
	if (!rc)
		rc = may_manage(ctx, c, &out->user, err);
	if (!rc) {
		enum store_err s = store_grants_of(c, ctx->arena, out->user.id,
						   &out->grants, &out->ngrants);

		if (s)
			rc = app_store_fail(ctx, c, s, err);
	}
	store_release(c);
	return rc;
}

/* The user whose tokens are meant: the actor's own, or (system actor or a
 * user manager) the named user. */
static enum app_status token_owner(struct app_ctx *ctx, struct store_conn *c,
				   const char *username, struct user *u,
				   struct app_error *err)
{
	const struct actor *a = ctx->actor;
	enum store_err rc;

	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!username || (a->username && !strcmp(username, a->username) && !a->system)) {
		if (a->system)
			return app_fail(err, APP_INVALID, "username",
					"val.username.required");
		rc = store_user_get(c, ctx->arena, a->user_id, u);
		return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
	}
	if (find_user(ctx, c, username, u, err))
		return err->status;
	return a->system ? APP_OK : may_manage(ctx, c, u, err);
}

enum app_status app_token_create(struct app_ctx *ctx, const char *username,
				 const char *name, char token[APP_TOKEN_MAX],
				 long long *id, struct app_error *err)
{
	struct rule_error re;
	struct store_conn *c;
	struct user u;
	char hash[SECRET_DIGEST_HEX], now_s[32];
	enum store_err rc;

	token[0] = '\0';
	*id = 0;
	if (!token_check_name(name, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (token_owner(ctx, c, username, &u, err)) {
		store_release(c);
		return err->status;
	}
	secret_token_new("sct_", token);
	secret_digest(token, strlen(token), hash);
	time_now_iso(now_s, sizeof(now_s));
	rc = store_token_insert(c, u.id, name, hash, now_s, id);
	if (!rc)
		rc = app_audit(ctx, c, "token.create", "user", u.username, NULL,
			       app_json(ctx, "{s:I, s:s}", "token_id", (json_int_t)*id,
					"name", name));
	if (rc) {
		memset(token, 0, APP_TOKEN_MAX);
		*id = 0;
	}
	return app_finish(ctx, c, rc, err);
}

enum app_status app_token_list(struct app_ctx *ctx, const char *username,
			       struct api_token **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	enum app_status rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = token_owner(ctx, c, username, &u, err);
	if (!rc) {
		enum store_err s = store_token_list(c, ctx->arena, u.id, items, n);

		if (s)
			rc = app_store_fail(ctx, c, s, err);
	}
	store_release(c);
	return rc;
}

enum app_status app_token_revoke(struct app_ctx *ctx, const char *username, long long id,
				 struct app_error *err)
{
	struct store_conn *c;
	struct user u;
	char now_s[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (token_owner(ctx, c, username, &u, err)) {
		store_release(c);
		return err->status;
	}
	time_now_iso(now_s, sizeof(now_s));
	rc = store_token_revoke(c, u.id, id, now_s);
	if (!rc)
		rc = app_audit(ctx, c, "token.revoke", "user", u.username, NULL,
			       app_json(ctx, "{s:I}", "token_id", (json_int_t)id));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_bootstrap_admin(struct app_ctx *ctx, int *created, char generated[17],
				    struct app_error *err)
{
	struct store_conn *c;
	struct user *users;
	size_t n;
	long long id;
	enum store_err rc;

	*created = 0;
	generated[0] = '\0';
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_user_list(c, ctx->arena, &users, &n);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	/* accounts linked to a person (holders, the demo's judge) are no
	 * administrators: only a staff account makes one needless */
	for (size_t i = 0; i < n; i++)
		if (!users[i].person_id)
			return APP_OK;
	if (app_user_create(ctx, "admin", "系统管理员", NULL, &id, generated, err) != APP_OK)
		return err->status;
	if (app_grant_add(ctx, "admin", "center_admin", 0, err) != APP_OK)
		return err->status;
	*created = 1;
	return APP_OK;
}
