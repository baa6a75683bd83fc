/*
 * competition_judge.c - a judge's side of competitions (issue 13): the
 * events an account's own person judges (the judge's page /me/judging and
 * GET /api/v1/me/judging), and the demo's way of giving a judge an account
 * linked to their person, as a holder account is linked (app_user.person_id).
 *
 * A judge is a person of the registry, not a user: an account sees only
 * its own person's appointments (the actor's person_id, never one from the
 * request); a staff account, which has no person, is answered 404
 * (judging.only), as the holder's own pages are. Drafts stay hidden: a
 * draft is seen only by its organiser.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "core/account.h"
#include "core/authz.h"
#include "services/secret.h"

enum app_status app_comp_judging(struct app_ctx *ctx, struct comp_judging **items,
				 size_t *n, struct app_error *err)
{
	const struct actor *a = ctx->actor;
	struct store_conn *c;

	*items = NULL;
	*n = 0;
	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (a->system || !a->person_id)
		return app_fail(err, APP_NOT_FOUND, NULL, "judging.only");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	return app_read_done(ctx, c,
			     store_comp_judging(c, ctx->arena, a->person_id, items, n),
			     err);
}

bool app_comp_is_judge(struct app_ctx *ctx)
{
	struct comp_judging *items;
	struct app_error err;
	size_t n;

	if (!ctx->actor || ctx->actor->system || !ctx->actor->person_id)
		return false;
	return app_comp_judging(ctx, &items, &n, &err) == APP_OK && n > 0;
}

enum app_status app_comp_judge_account(struct app_ctx *ctx, long long person_id,
				       const char *username, const char *display_name,
				       const char *password, long long *id,
				       struct app_error *err)
{
	struct rule_error re;
	struct store_conn *c;
	struct comp_judging *items;
	struct user u, other;
	char hash[SECRET_PWHASH_MAX], now[32];
	const char *why;
	size_t n = 0;
	enum store_err rc;

	*id = 0;
	if (!user_check_name(username, &re) || !user_check_display_name(display_name, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if ((why = password_policy(password ? password : "", username)))
		return app_fail(err, APP_INVALID, "password", why);
	/* an account is made network-wide: an institution's user manager
	 * (app_can() would say yes) may not (no institution: nothing read) */
	if (app_authorize(ctx, NULL, PERM_USER_MANAGE, 0, err))
		return err->status;
	if (secret_password_hash(password, hash) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_comp_judging(c, ctx->arena, person_id, &items, &n);
	if (rc == STORE_OK && !n) {
		app_fail(err, APP_INVALID, "person_id", "judging.not_judge");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_user_by_name(c, ctx->arena, username, &other);
	if (rc == STORE_OK) {
		app_fail(err, APP_CONFLICT, "username", "val.username.taken");
		return app_abort(ctx, c, err);
	}
	if (rc != STORE_NOT_FOUND)
		return app_finish(ctx, c, rc, err);
	time_now_iso(now, sizeof(now));
	memset(&u, 0, sizeof(u));
	u.username = username;
	u.display_name = display_name;
	u.password_hash = hash;
	u.person_id = person_id;
	u.created_at = u.updated_at = now;
	rc = store_user_insert(c, &u, id);
	if (rc == STORE_CONFLICT) { /* the person has an account already */
		*id = 0;
		app_fail(err, APP_CONFLICT, "person_id", "holder.claimed");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "user.create", "user", username, NULL,
			       app_json(ctx, "{s:s, s:s, s:I, s:s}", "username", username,
					"display_name", display_name, "person_id",
					(json_int_t)person_id, "as", "judge"));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}
