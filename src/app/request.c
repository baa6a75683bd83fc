/*
 * request.c - requests a holder starts about one of their certificates (a
 * correction, a lost-certificate reprint) and the issuing institution's
 * staff decide, with a reason the holder sees (issue 12).
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"

const char *const app_request_fields[] = {"name",      "id_number", "occupation", "level",
					  "issued_on", "other",     NULL};

static bool one_of(const char *s, const char *const *list)
{
	for (size_t i = 0; list[i]; i++)
		if (!strcmp(s, list[i]))
			return true;
	return false;
}

enum app_status app_request_file(struct app_ctx *ctx, long long cert_id, const char *kind,
				 const char *field, const char *detail, long long *id,
				 struct app_error *err)
{
	static const char *const kinds[] = {"correction", "rename", "reprint", NULL};
	struct store_conn *c;
	struct certificate x;
	struct cert_request *open = NULL;
	size_t nopen = 0;
	long long person;
	char now_s[32];
	const char *d = detail ? str_trim_dup(ctx->arena, detail) : "";
	enum store_err rc;

	*id = 0;
	if (app_holder_person(ctx, &person, err))
		return err->status;
	if (!d)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!kind || !one_of(kind, kinds))
		return app_fail(err, APP_INVALID, "kind", "val.request.kind");
	if (!strcmp(kind, "correction")) {
		if (!field || !one_of(field, app_request_fields))
			return app_fail(err, APP_INVALID, "field", "val.request.field");
		if (!*d)
			return app_fail(err, APP_INVALID, "detail", "val.request.detail");
	} else if (!strcmp(kind, "rename")) {
		/* detail: the new name, as on the ID card */
		field = "name";
		if (!*d || str_utf8_len(d, strlen(d)) > 50 || strlen(d) > 200)
			return app_fail(err, APP_INVALID, "detail", "val.request.new_name");
	} else {
		field = "";
	}
	if (strlen(d) > 1000 * 4 || str_utf8_len(d, strlen(d)) > 1000)
		return app_fail(err, APP_INVALID, "detail", "val.request.detail");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_cert_get(c, ctx->arena, cert_id, &x);
	if (rc == STORE_OK && x.person_id != person)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = store_request_list(c, ctx->arena, person, 0, "open", &open, &nopen);
	for (size_t i = 0; !rc && i < nopen; i++)
		if (open[i].certificate_id == cert_id && !strcmp(open[i].kind, kind)) {
			app_fail(err, APP_CONFLICT, NULL, "request.open");
			return app_abort(ctx, c, err);
		}
	time_now_iso(now_s, sizeof(now_s));
	if (!rc)
		rc = store_request_add(c, cert_id, kind, field, d, now_s, id);
	if (!rc)
		rc = app_audit(ctx, c, "request.file", "certificate", x.number, NULL,
			       app_json(ctx, "{s:s, s:s}", "kind", kind, "field", field));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_request_mine(struct app_ctx *ctx, struct cert_request **items,
				 size_t *n, struct app_error *err)
{
	struct store_conn *c;
	long long person;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_holder_conn(ctx, &person, err)))
		return err->status;
	rc = store_request_list(c, ctx->arena, person, 0, "", items, n);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_request_list(struct app_ctx *ctx, long long institution_id,
				 const char *status, struct cert_request **items,
				 size_t *n, struct app_error *err)
{
	static const char *const statuses[] = {"", "open", "accepted", "refused", NULL};
	struct store_conn *c;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!status || !one_of(status, statuses))
		return app_fail(err, APP_INVALID, "status", "val.request.status");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_CERT_MANAGE, institution_id, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_request_list(c, ctx->arena, 0, institution_id, status, items, n);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_request_decide(struct app_ctx *ctx, long long id, const char *decision,
				   const char *reason, struct app_error *err)
{
	bool accept = decision && !strcmp(decision, "accept");
	struct store_conn *c;
	struct cert_request r;
	char now_s[32];
	const char *why = reason ? str_trim_dup(ctx->arena, reason) : "";
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_request_get(c, ctx->arena, id, &r);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		return app_abort(ctx, c, err);
	}
	/* who first, then what */
	if (app_authorize(ctx, c, PERM_CERT_MANAGE, r.institution_id, err))
		return app_abort(ctx, c, err);
	if (!accept && (!decision || strcmp(decision, "refuse"))) {
		app_fail(err, APP_INVALID, "decision", "val.request.decision");
		return app_abort(ctx, c, err);
	}
	if (!why || !*why || str_utf8_len(why, strlen(why)) > 500) {
		app_fail(err, APP_INVALID, "reason", "val.reason");
		return app_abort(ctx, c, err);
	}
	/* a change of name (证书更名) accepted is made by superseding the
	 * certificate with one in the new name, in this transaction */
	if (accept && !strcmp(r.kind, "rename")) {
		long long successor;

		if (cert_supersede_on(ctx, c, r.certificate_id, r.detail, why, NULL,
				      &successor, err))
			return app_abort(ctx, c, err);
	}
	time_now_iso(now_s, sizeof(now_s));
	rc = store_request_decide(c, id, accept ? "accepted" : "refused", why,
				  ctx->actor ? ctx->actor->username : "", now_s);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, NULL, "request.decided");
		return app_abort(ctx, c, err);
	}
	if (!rc && accept)
		rc = app_audit(ctx, c, "request.accept", "certificate", r.number,
			       app_json(ctx, "{s:s}", "status", "open"),
			       app_json(ctx, "{s:s, s:s, s:s}", "kind", r.kind, "field",
					r.field, "reason", why));
	else if (!rc)
		rc = app_audit(ctx, c, "request.refuse", "certificate", r.number,
			       app_json(ctx, "{s:s}", "status", "open"),
			       app_json(ctx, "{s:s, s:s, s:s}", "kind", r.kind, "field",
					r.field, "reason", why));
	return app_finish(ctx, c, rc, err);
}
