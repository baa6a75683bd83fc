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

/*
 * The same for a claim code (app/ticket.c): the enrolment's person by the
 * code's hash (the empty decoy when none), then name, document type and
 * blind index each compared in constant time, all three always.
 */
static enum app_status claim_match_code(struct app_ctx *ctx, const struct holder_claim *in,
					struct certificate *x, struct app_error *err)
{
	const char *code = typed(ctx, in->code), *nm = typed(ctx, in->name), *tname = "";
	char blind[SEAL_BLIND_MAX] = "", hash[SECRET_DIGEST_HEX];
	struct store_claimant k;
	struct store_conn *c;
	struct app_error e;
	enum store_err rc;
	bool ok, doc_ok;

	memset(&e, 0, sizeof(e));
	doc_ok = app_person_blind(ctx, "resident_id", in->id_number, &tname, blind, &e) ==
		 APP_OK;
	if (!doc_ok && e.status != APP_INVALID)
		return *err = e, err->status;
	if (strlen(code) > 64 || strlen(nm) > 200)
		doc_ok = false;
	app_claim_code_hash(doc_ok ? code : "", hash);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_claim_code_find(c, ctx->arena, hash, &k);
	store_release(c);
	if (rc && rc != STORE_NOT_FOUND)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	ok = cert_same_text(!rc && k.name ? k.name : "\x01", nm);
	ok &= cert_same_text(!rc && k.id_type ? k.id_type : "\x01", tname);
	ok &= cert_same_text(!rc && k.id_blind ? k.id_blind : "\x01", blind);
	if (!ok || !doc_ok || rc || !k.person_id)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	memset(x, 0, sizeof(*x));
	x->person_id = k.person_id;
	x->holder_name = k.name;
	x->number = "";
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
	bool by_code = in->code != NULL; /* else a certificate's number and token */

	*user_id = 0;
	if (by_code && !*typed(ctx, in->code))
		return app_fail(err, APP_INVALID, "code", "holder.code_required");
	if (!by_code && !*typed(ctx, in->number))
		return app_fail(err, APP_INVALID, "number", "verify.number_required");
	if (!by_code && !*typed(ctx, in->token))
		return app_fail(err, APP_INVALID, "token", "holder.token_required");
	if (!*typed(ctx, in->name))
		return app_fail(err, APP_INVALID, "name", "verify.name_required");
	if (!in->id_number || !*in->id_number)
		return app_fail(err, APP_INVALID, "id_number", "verify.id_required");
	if (!user_check_name(username, &re))
		return app_fail(err, APP_INVALID, "username", re.msg);
	if ((why = password_policy(in->password ? in->password : "", username)))
		return app_fail(err, APP_INVALID, "password", why);
	if (in->email && *in->email && !user_check_email(in->email, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (cert_lookup_allowed(ctx, err))
		return err->status;
	if ((by_code ? claim_match_code : claim_match)(ctx, in, &x, err))
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
	if (!rc && in->email && *in->email)
		rc = store_user_set_email(c, *user_id, in->email, now_s);
	if (!rc) {
		struct actor who = {.user_id = *user_id, .username = username};
		const struct actor *was = ctx->actor;

		ctx->actor = &who;
		rc = app_audit(ctx, c, "holder.claim", "user", username, NULL,
			       by_code ? app_json(ctx, "{s:s, s:s, s:I}", "username",
						  username, "with", "claim_code",
						  "person_id", (json_int_t)x.person_id)
				       : app_json(ctx, "{s:s, s:s, s:I}", "username",
						  username, "certificate", x.number,
						  "person_id", (json_int_t)x.person_id));
		ctx->actor = was;
	}
	if (rc)
		*user_id = 0;
	return app_finish(ctx, c, rc, err);
}

/* ---- the holder's own certificates ---- */

enum app_status app_holder_person(struct app_ctx *ctx, long long *person_id,
				  struct app_error *err)
{
	const struct actor *a = ctx->actor;
	long long ignored;

	if (!person_id)
		person_id = &ignored;
	*person_id = 0;
	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (a->system || !a->person_id)
		return app_fail(err, APP_NOT_FOUND, NULL, "holder.only");
	*person_id = a->person_id;
	return APP_OK;
}

struct store_conn *app_holder_conn(struct app_ctx *ctx, long long *person_id,
				   struct app_error *err)
{
	return app_holder_person(ctx, person_id, err) ? NULL : app_conn(ctx, err);
}

/* The holder's certificate id on c with its share id, or APP_NOT_FOUND
 * when it is another person's (or none). */
static enum app_status own_cert(struct app_ctx *ctx, struct store_conn *c, long long id,
				struct holder_cert *out, struct app_error *err)
{
	long long person;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (app_holder_person(ctx, &person, err))
		return err->status;
	rc = store_cert_get(c, ctx->arena, id, &out->cert);
	if (rc == STORE_OK && out->cert.person_id != person)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK)
		rc = store_share_get(c, ctx->arena, id, &out->share_id);
	if (rc == STORE_NOT_FOUND && out->cert.id && out->cert.person_id == person)
		rc = STORE_OK; /* not shared */
	if (rc == STORE_OK)
		rc = store_photo_shown_get(c, id, &out->photo_shown);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

enum app_status app_holder_certs(struct app_ctx *ctx, struct holder_cert **items,
				 size_t *n, struct app_error *err)
{
	struct certificate *xs = NULL;
	struct store_conn *c;
	long long person;
	size_t nx = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_holder_conn(ctx, &person, err)))
		return err->status;
	rc = store_cert_of_person(c, ctx->arena, person, &xs, &nx);
	if (!rc && !(*items = arena_alloc(ctx->arena, (nx ? nx : 1) * sizeof(**items))))
		rc = STORE_ERROR;
	for (size_t i = 0; !rc && i < nx; i++) {
		(*items)[i].cert = xs[i];
		rc = store_share_get(c, ctx->arena, xs[i].id, &(*items)[i].share_id);
		if (rc == STORE_NOT_FOUND) {
			(*items)[i].share_id = NULL;
			rc = STORE_OK;
		}
		if (!rc)
			rc = store_photo_shown_get(c, xs[i].id, &(*items)[i].photo_shown);
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	*n = nx;
	return APP_OK;
}

enum app_status app_holder_cert(struct app_ctx *ctx, long long id,
				struct holder_cert *out, struct app_error *err)
{
	struct store_conn *c;
	enum app_status st;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	st = own_cert(ctx, c, id, out, err);
	store_release(c);
	out->credential_json = "";
	if (st == APP_OK && out->cert.credential && *out->cert.credential) {
		const char *p = strchr(out->cert.credential, '.'),
			   *q = p ? strchr(p + 1, '.') : NULL;
		size_t len = q ? (size_t)(q - p - 1) : 0, got = 0;
		char *json = arena_alloc(ctx->arena, len + 1);

		if (q && json &&
		    !sign_unb64url(p + 1, len, (unsigned char *)json, len, &got)) {
			json[got] = '\0';
			out->credential_json = json;
		}
	}
	return st;
}

enum app_status app_holder_share(struct app_ctx *ctx, long long id, bool on,
				 const char **share_id, struct app_error *err)
{
	struct holder_cert h;
	struct store_conn *c;
	char sid[SECRET_TOKEN_MAX], now_s[32];
	enum store_err rc = STORE_OK;

	*share_id = NULL;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (own_cert(ctx, c, id, &h, err))
		return app_abort(ctx, c, err);
	if (on && h.share_id) { /* already on: the same page */
		*share_id = h.share_id;
		return app_finish(ctx, c, STORE_OK, err);
	}
	if (!on && !h.share_id)
		return app_finish(ctx, c, STORE_OK, err);
	time_now_iso(now_s, sizeof(now_s));
	if (on) {
		secret_token_new("", sid);
		rc = store_share_put(c, id, sid, now_s);
		*share_id = arena_strdup(ctx->arena, sid);
	} else {
		rc = store_share_delete(c, id);
	}
	if (!rc && on)
		rc = app_audit(ctx, c, "holder.share", "certificate", h.cert.number, NULL,
			       NULL);
	else if (!rc)
		rc = app_audit(ctx, c, "holder.unshare", "certificate", h.cert.number,
			       NULL, NULL);
	if (rc)
		*share_id = NULL;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_holder_shared(struct app_ctx *ctx, const char *share_id,
				  struct cert_public *out, const char **qr_token,
				  struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	long long id = 0;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	*qr_token = NULL;
	if (!share_id || strlen(share_id) != 43)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_share_find(c, ctx->arena, share_id, &id);
	if (!rc)
		rc = store_cert_get(c, ctx->arena, id, &x);
	store_release(c);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	*qr_token = x.qr_token;
	cert_public_of(ctx, &x, out);
	return APP_OK;
}

/* ---- the holder's photo switch ---- */

enum app_status app_holder_photo(struct app_ctx *ctx, long long id, bool on,
				 struct app_error *err)
{
	struct holder_cert h;
	struct store_conn *c;
	char now_s[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (own_cert(ctx, c, id, &h, err))
		return app_abort(ctx, c, err);
	if (h.photo_shown == on)
		return app_finish(ctx, c, STORE_OK, err);
	time_now_iso(now_s, sizeof(now_s));
	rc = store_photo_shown_set(c, id, on, now_s);
	if (!rc && on)
		rc = app_audit(ctx, c, "holder.photo_on", "certificate", h.cert.number,
			       NULL, NULL);
	else if (!rc)
		rc = app_audit(ctx, c, "holder.photo_off", "certificate", h.cert.number,
			       NULL, NULL);
	return app_finish(ctx, c, rc, err);
}

/* The certificate of a QR token: by the number it names, the stored token
 * compared in constant time. */
static enum store_err cert_of_token(struct app_ctx *ctx, struct store_conn *c,
				    const char *token, struct certificate *x)
{
	struct token_fields f;
	char buf[1024];
	enum store_err rc;

	if (!token || strlen(token) >= sizeof(buf) ||
	    app_token_fields(token, &f, buf, sizeof(buf)) || !f.number)
		return STORE_NOT_FOUND;
	rc = store_cert_by_number(c, ctx->arena, f.number, x);
	if (!rc && !cert_same_text(x->qr_token ? x->qr_token : "\x01", token))
		rc = STORE_NOT_FOUND;
	return rc;
}

enum app_status app_holder_public_photo(struct app_ctx *ctx, const char *share_id,
					const char *token, const char **mime,
					struct buf *out, struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	const char *b64 = NULL;
	long long id = 0;
	bool shown = false;
	enum store_err rc;

	*mime = NULL;
	if (share_id && strlen(share_id) != 43)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (share_id) {
		rc = store_share_find(c, ctx->arena, share_id, &id);
		if (!rc)
			rc = store_cert_get(c, ctx->arena, id, &x);
	} else {
		rc = cert_of_token(ctx, c, token, &x);
	}
	if (!rc)
		rc = store_photo_shown_get(c, x.id, &shown);
	if (!rc && !shown)
		rc = STORE_NOT_FOUND;
	/* an honour (荣誉证书) is published with the name only: no photo */
	if (!rc && (!x.person_id || cert_is_honour(&x)))
		rc = STORE_NOT_FOUND;
	if (!rc)
		rc = store_photo_get(c, ctx->arena, x.person_id, mime, &b64);
	store_release(c);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	if (out) {
		size_t len = 0;
		unsigned char *bin = arena_alloc(ctx->arena, strlen(b64) + 1);

		if (!bin || seal_unbase64(b64, bin, strlen(b64) + 1, &len))
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
		buf_reset(out);
		buf_append(out, bin, len);
		if (buf_failed(out))
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}
