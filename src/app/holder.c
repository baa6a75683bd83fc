/*
 * holder.c - holder accounts (issue 12): a worker claims an account with
 * what the system gave them (a certificate's number and QR token, their
 * name and ID number), and then sees only their own person.
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "services/seal.h"
#include "services/secret.h"

/* Trimmed text as typed ("" for NULL). */
static const char *typed(struct app_ctx *ctx, const char *s)
{
	const char *t = s ? str_trim_dup(ctx->arena, s) : NULL;

	return t ? t : "";
}

/*
 * Whether the four proofs name one certificate, with the same work for
 * every "no": the certificate by number (the decoy's row when there is
 * none), then its name, QR token, document type and blind index each
 * compared in constant time, all four always. The QR token may be typed
 * as the whole /v/{token} address.
 */
static enum app_status claim_match(struct app_ctx *ctx, const struct holder_claim *in,
				   struct certificate *x, struct app_error *err)
{
	const char *no = typed(ctx, in->number), *nm = typed(ctx, in->name);
	const char *tok = typed(ctx, in->token), *slash, *tname = "";
	char blind[SEAL_BLIND_MAX] = "";
	struct certificate d;
	struct store_conn *c;
	struct app_error e;
	enum store_err rc;
	bool ok, doc_ok;

	if ((slash = strstr(tok, "/v/")))
		tok = slash + 3;
	memset(&e, 0, sizeof(e));
	doc_ok = app_person_blind(ctx, "resident_id", in->id_number, &tname, blind, &e) ==
		 APP_OK;
	if (!doc_ok && e.status != APP_INVALID)
		return *err = e, err->status;
	if (strlen(no) > 64 || strlen(nm) > 200 || strlen(tok) > 600)
		doc_ok = false;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_cert_by_number(c, ctx->arena, doc_ok ? no : "", x);
	if (rc == STORE_OK || rc == STORE_NOT_FOUND)
		cert_lookup_decoy(ctx, c, rc == STORE_OK, &d);
	store_release(c);
	if (rc && rc != STORE_NOT_FOUND)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	if (rc)
		*x = d;
	/* no short cut: every comparison runs */
	ok = cert_same_text(x->holder_name ? x->holder_name : "\x01", nm);
	ok &= cert_same_text(x->qr_token ? x->qr_token : "\x01", tok);
	ok &= cert_same_text(x->id_type ? x->id_type : "\x01", tname);
	ok &= cert_same_text(x->id_blind ? x->id_blind : "\x01", blind);
	if (!ok || !doc_ok || rc || !x->person_id)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	return APP_OK;
}

enum app_status app_holder_claim(struct app_ctx *ctx, const struct holder_claim *in,
				 long long *user_id, struct app_error *err)
{
	struct rule_error re;
	struct certificate x;
	struct store_conn *c;
	struct user u, other;
	char hash[SECRET_PWHASH_MAX], now_s[32];
	const char *why, *username = typed(ctx, in->username);
	enum store_err rc;

	*user_id = 0;
	if (!*typed(ctx, in->number))
		return app_fail(err, APP_INVALID, "number", "verify.number_required");
	if (!*typed(ctx, in->token))
		return app_fail(err, APP_INVALID, "token", "holder.token_required");
	if (!*typed(ctx, in->name))
		return app_fail(err, APP_INVALID, "name", "verify.name_required");
	if (!in->id_number || !*in->id_number)
		return app_fail(err, APP_INVALID, "id_number", "verify.id_required");
	if (!user_check_name(username, &re))
		return app_fail(err, APP_INVALID, "username", re.msg);
	if ((why = password_policy(in->password ? in->password : "", username)))
		return app_fail(err, APP_INVALID, "password", why);
	if (cert_lookup_allowed(ctx, err))
		return err->status;
	if (claim_match(ctx, in, &x, err))
		return err->status;
	if (secret_password_hash(in->password, hash) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_user_by_name(c, ctx->arena, username, &other);
	if (rc == STORE_OK) {
		app_fail(err, APP_CONFLICT, "username", "val.username.taken");
		return app_abort(ctx, c, err);
	}
	if (rc != STORE_NOT_FOUND)
		return app_finish(ctx, c, rc, err);
	time_now_iso(now_s, sizeof(now_s));
	memset(&u, 0, sizeof(u));
	u.username = username;
	u.display_name = x.holder_name;
	u.password_hash = hash;
	u.person_id = x.person_id;
	u.created_at = u.updated_at = now_s;
	rc = store_user_insert(c, &u, user_id);
	if (rc == STORE_CONFLICT) {
		/* the username is free: the person has an account already */
		*user_id = 0;
		app_fail(err, APP_CONFLICT, NULL, "holder.claimed");
		return app_abort(ctx, c, err);
	}
	if (!rc) {
		struct actor who = {.user_id = *user_id, .username = username};
		const struct actor *was = ctx->actor;

		ctx->actor = &who;
		rc = app_audit(ctx, c, "holder.claim", "user", username, NULL,
			       app_json(ctx, "{s:s, s:s, s:I}", "username", username,
					"certificate", x.number, "person_id",
					(json_int_t)x.person_id));
		ctx->actor = was;
	}
	if (rc)
		*user_id = 0;
	return app_finish(ctx, c, rc, err);
}
