/*
 * institution.c - the institution use cases: create (an application for
 * registration), show, list (the public directory), rename, change type,
 * update details.
 *
 * Reading the public fields is open to all. Every mutation checks the
 * actor's grant on the institution's place in the tree, runs in one
 * transaction and writes its audit record in it.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"

#define LIST_MAX 500

/* A free-text field of at most max characters, no control characters. */
static bool check_text(const char *s, size_t max, const char *field, struct rule_error *re)
{
	size_t n = s ? strlen(s) : 0;

	if (n && (!str_utf8_valid(s, n) || str_utf8_len(s, n) > max))
		goto bad;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			goto bad;
	return true;
bad:
	re->field = field;
	re->msg = "val.text.format";
	return false;
}

/* The rules for the descriptive fields of an input. */
static bool check_details(const struct institution_input *in, struct rule_error *re)
{
	if (!inst_check_credit_code(in->credit_code, re))
		return false;
	if (in->credit_code && *in->credit_code &&
	    !credit_code_checksum_ok(in->credit_code) &&
	    !(in->credit_code_override && *in->credit_code_override)) {
		re->field = "credit_code";
		re->msg = "val.credit_code.checksum";
		return false;
	}
	if (in->contact_email && *in->contact_email &&
	    (!strchr(in->contact_email, '@') || strchr(in->contact_email, ' '))) {
		re->field = "contact_email";
		re->msg = "val.email.format";
		return false;
	}
	return check_text(in->address, 200, "address", re) &&
	       check_text(in->host_org, 100, "host_org", re) &&
	       check_text(in->contact_name, 50, "contact_name", re) &&
	       check_text(in->contact_phone, 30, "contact_phone", re) &&
	       check_text(in->contact_email, 100, "contact_email", re) &&
	       check_text(in->credit_code_override, 200, "credit_code_override", re);
}

/* The note kept when a failing checksum is accepted, "" otherwise. */
static const char *override_note(const struct institution_input *in)
{
	if (in->credit_code && *in->credit_code &&
	    !credit_code_checksum_ok(in->credit_code) && in->credit_code_override)
		return in->credit_code_override;
	return "";
}

enum app_status app_institution_check(const struct institution_input *in,
				      struct app_error *err)
{
	struct rule_error re;

	if (!inst_check_name(in->name, &re) || !inst_check_type(in->type, &re) ||
	    !inst_check_province(in->province, &re) || !check_details(in, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!branch_kind_valid(in->type, in->branch_kind))
		return app_fail(err, APP_INVALID, "branch_kind", "val.branch_kind.invalid");
	if (in->parent_id < 0)
		return app_fail(err, APP_INVALID, "parent_id", "val.parent.not_found");
	return APP_OK;
}

enum app_status app_institution_insert_tx(struct app_ctx *ctx, struct store_conn *c,
					  const struct institution_input *in,
					  long long *id, struct app_error *err)
{
	struct institution row, parent;
	char now[32];
	long long reg_id;
	enum store_err rc = STORE_OK;

	*id = 0;
	time_now_iso(now, sizeof(now));
	memset(&row, 0, sizeof(row));
	row.name = in->name;
	row.type = in->type;
	row.province = in->province;
	row.credit_code = in->credit_code ? in->credit_code : "";
	row.parent_id = in->parent_id;
	row.branch_kind = in->branch_kind;
	row.address = in->address;
	row.host_org = in->host_org;
	row.contact_name = in->contact_name;
	row.contact_phone = in->contact_phone;
	row.contact_email = in->contact_email;
	row.credit_code_note = override_note(in);
	row.created_at = row.updated_at = now;
	/* the center is the root of the network: registered by definition */
	row.status = strcmp(in->type, "center") == 0 ? "registered" : "applying";
	if (in->parent_id) {
		rc = store_institution_get(c, ctx->arena, in->parent_id, &parent);
		if (rc == STORE_NOT_FOUND)
			return app_fail(err, APP_INVALID, "parent_id",
					"val.parent.not_found");
		if (rc)
			return app_store_fail(ctx, c, rc, err);
	}
	if (app_authorize(ctx, c, PERM_INSTITUTION_CREATE, in->parent_id, err))
		return err->status;
	rc = store_institution_insert(c, &row, id);
	if (rc == STORE_CONFLICT) {
		*id = 0;
		return app_fail(err, APP_CONFLICT, "name", "val.name.taken");
	}
	if (rc == STORE_OK && strcmp(row.status, "applying") == 0)
		rc = store_registration_insert(c, *id, "initial", now, &reg_id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "institution.create", "institution",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:s, s:s, s:s, s:s, s:I, s:s}", "name",
					row.name, "type", row.type, "province", row.province,
					"credit_code", row.credit_code, "parent_id",
					(json_int_t)row.parent_id, "status", row.status));
	if (rc) {
		*id = 0;
		return app_store_fail(ctx, c, rc, err);
	}
	return APP_OK;
}

enum app_status app_institution_create(struct app_ctx *ctx,
				       const struct institution_input *in, long long *id,
				       struct app_error *err)
{
	struct store_conn *c;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (app_institution_check(in, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_institution_insert_tx(ctx, c, in, id, err)) {
		*id = 0;
		return app_abort(ctx, c, err);
	}
	return app_finish(ctx, c, STORE_OK, err);
}

/* Whether the actor's grant covers the institution for perm (no error). */
static bool actor_may(struct app_ctx *ctx, struct store_conn *c, const char *perm,
		      long long id)
{
	struct app_error ignore;

	return ctx->actor && app_authorize(ctx, c, perm, id, &ignore) == APP_OK;
}

static void hide_private(struct institution *in)
{
	in->contact_name = in->contact_phone = in->contact_email = NULL;
	in->credit_code_note = NULL;
}

enum app_status app_institution_get(struct app_ctx *ctx, long long id,
				    struct institution *out, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (id <= 0)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_institution_get(c, ctx->arena, id, out);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
	} else {
		char today[11];
		int st = reg_status_parse(out->status);

		if (!actor_may(ctx, c, PERM_INSTITUTION_READ, id))
			hide_private(out);
		/* the status as it is today, as in the directory */
		time_today(today, sizeof(today));
		out->status = reg_status_name(
			reg_effective(st < 0 ? REG_APPLYING : (enum reg_status)st,
				      out->valid_until, today));
	}
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_institution_names(struct app_ctx *ctx, long long id,
				      struct institution_name **items, size_t *n,
				      struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_institution_names(c, ctx->arena, id, items, n);
	return app_read_done(ctx, c, rc, err);
}

/* The index of id in items (sorted by id), or -1. */
static long find_id(const struct institution *items, size_t n, long long id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (items[mid].id == id)
			return (long)mid;
		if (items[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

enum app_status app_institution_choices(struct app_ctx *ctx, const char *perm,
					struct institution **items, size_t *n,
					struct app_error *err)
{
	struct institution_filter f = {.limit = CHOICES_MAX};
	struct institution *all;
	size_t nall, k = 0;
	long long total;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return APP_OK;
	if (app_institution_list(ctx, &f, &all, &nall, &total, err) != APP_OK)
		return err->status;
	/* the list is ordered by id: each one's ancestry from its parents */
	for (size_t i = 0; i < nall; i++) {
		long long ancestry[64];
		size_t na = 0;
		long at = (long)i;

		while (at >= 0 && na < 64) {
			ancestry[na++] = all[at].id;
			at = all[at].parent_id ? find_id(all, nall, all[at].parent_id) : -1;
		}
		if (ctx->actor->system ||
		    authz_allows(ctx->actor->grants, ctx->actor->ngrants, perm, ancestry, na))
			all[k++] = all[i];
	}
	*items = all;
	*n = k;
	return APP_OK;
}

enum app_status app_institution_list(struct app_ctx *ctx,
				     const struct institution_filter *f,
				     struct institution **items, size_t *n,
				     long long *total, struct app_error *err)
{
	struct institution_filter g = *f;
	struct store_conn *c;
	char today[11];
	enum store_err rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (g.type && *g.type && inst_type_parse(g.type) < 0)
		return app_fail(err, APP_INVALID, "type", "val.type.invalid");
	if (g.province && *g.province && !province_valid(g.province))
		return app_fail(err, APP_INVALID, "province", "val.province.invalid");
	if (g.status && *g.status && reg_status_parse(g.status) < 0)
		return app_fail(err, APP_INVALID, "status", "val.status.invalid");
	if ((g.q && (!str_utf8_valid(g.q, strlen(g.q)) ||
		     str_utf8_len(g.q, strlen(g.q)) > INST_NAME_MAX)) ||
	    (g.occupation && (!str_utf8_valid(g.occupation, strlen(g.occupation)) ||
			      strlen(g.occupation) > 200)))
		return APP_OK; /* no name is that long, or not text: no match */
	if (g.limit <= 0 || g.limit > LIST_MAX)
		g.limit = g.limit <= 0 ? 50 : LIST_MAX;
	if (g.offset < 0)
		g.offset = 0;
	time_today(today, sizeof(today));
	g.today = today;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_institution_list(c, ctx->arena, &g, items, n, total);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	for (size_t i = 0; !rc && i < *n; i++) {
		struct institution *in = &(*items)[i];
		int st = reg_status_parse(in->status);

		hide_private(in); /* the directory shows public fields */
		/* and the status as it is today */
		in->status = reg_status_name(
			reg_effective(st < 0 ? REG_APPLYING : (enum reg_status)st,
				      in->valid_until, today));
	}
	return rc ? err->status : APP_OK;
}

/* A new identity: name and/or type. */
static enum app_status new_identity(struct app_ctx *ctx, long long id, const char *name,
				    const char *type, const char *kind, const char *reason,
				    const char *doc_no, const char *perm,
				    const char *action, struct app_error *err)
{
	struct institution cur;
	struct store_conn *c;
	char now[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_institution_get(c, ctx->arena, id, &cur);
	if (rc == STORE_OK && app_authorize(ctx, c, perm, id, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK && !name)
		name = cur.name;
	if (rc == STORE_OK && !type) {
		type = cur.type;
		kind = cur.branch_kind;
	}
	if (rc == STORE_OK && !strcmp(cur.name, name) && !strcmp(cur.type, type) &&
	    !strcmp(cur.branch_kind, kind ? kind : "")) {
		app_fail(err, APP_INVALID,
			 strcmp(action, "institution.rename") ? "type" : "name",
			 "val.name.same");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_institution_rename(c, id, name, type, kind, reason, doc_no, now);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "name", "val.name.taken");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, action, "institution", app_idtext(ctx, id),
			       app_json(ctx, "{s:s, s:s}", "name", cur.name, "type",
					cur.type),
			       app_json(ctx, "{s:s, s:s, s:s, s:s}", "name", name, "type",
					type, "reason", reason ? reason : "", "doc_no",
					doc_no ? doc_no : ""));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_institution_rename(struct app_ctx *ctx, long long id,
				       const char *new_name, const char *reason,
				       const char *doc_no, struct app_error *err)
{
	struct rule_error re;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!inst_check_name(new_name, &re) || !inst_check_reason(reason, &re) ||
	    (doc_no && *doc_no && !reg_check_doc(doc_no, "doc_no", &re)))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	return new_identity(ctx, id, new_name, NULL, NULL, reason, doc_no,
			    PERM_INSTITUTION_RENAME, "institution.rename", err);
}

enum app_status app_institution_change_type(struct app_ctx *ctx, long long id,
					    const char *type, const char *branch_kind,
					    const char *reason, const char *doc_no,
					    struct app_error *err)
{
	struct rule_error re;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!inst_check_type(type, &re) || !inst_check_reason(reason, &re) ||
	    !reg_check_doc(doc_no, "doc_no", &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!strcmp(type, "center"))
		return app_fail(err, APP_INVALID, "type", "val.type.invalid");
	if (!branch_kind_valid(type, branch_kind))
		return app_fail(err, APP_INVALID, "branch_kind", "val.branch_kind.invalid");
	return new_identity(ctx, id, NULL, type, branch_kind ? branch_kind : "", reason,
			    doc_no, PERM_REGISTRY_DECIDE, "institution.change_type", err);
}

enum app_status app_institution_update_tx(struct app_ctx *ctx, struct store_conn *c,
					  long long id, const struct institution_input *in,
					  bool *changed, struct app_error *err)
{
	struct institution cur, next;
	char now[32];
	enum store_err rc;

	*changed = false;
	time_now_iso(now, sizeof(now));
	rc = store_institution_get(c, ctx->arena, id, &cur);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_REGISTRY_APPLY, id, err))
		return err->status;
	next = cur;
	next.address = in->address ? in->address : "";
	next.host_org = in->host_org ? in->host_org : "";
	next.contact_name = in->contact_name ? in->contact_name : "";
	next.contact_phone = in->contact_phone ? in->contact_phone : "";
	next.contact_email = in->contact_email ? in->contact_email : "";
	next.credit_code = in->credit_code ? in->credit_code : "";
	next.credit_code_note = override_note(in);
	if (in->province && *in->province)
		next.province = in->province;
	/* the credit code names the enterprise whose staff the institution may
	 * act on (app_person_reach): it changes by the registry's decision, not
	 * by the institution itself */
	if (strcmp(next.credit_code, cur.credit_code) &&
	    app_authorize(ctx, c, PERM_REGISTRY_DECIDE, id, err))
		return err->status;
	if (!strcmp(next.address, cur.address) && !strcmp(next.host_org, cur.host_org) &&
	    !strcmp(next.contact_name, cur.contact_name) &&
	    !strcmp(next.contact_phone, cur.contact_phone) &&
	    !strcmp(next.contact_email, cur.contact_email) &&
	    !strcmp(next.credit_code, cur.credit_code) &&
	    !strcmp(next.credit_code_note, cur.credit_code_note) &&
	    !strcmp(next.province, cur.province))
		return APP_OK; /* nothing to change: nothing written */
	*changed = true;
	next.updated_at = now;
	rc = store_institution_update(c, &next);
	if (rc == STORE_OK)
		rc = app_audit(
			ctx, c, "institution.update", "institution", app_idtext(ctx, id),
			app_json(ctx, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "address",
				 cur.address, "host_org", cur.host_org, "contact_name",
				 cur.contact_name, "contact_phone", cur.contact_phone,
				 "contact_email", cur.contact_email, "credit_code",
				 cur.credit_code, "province", cur.province),
			app_json(ctx, "{s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "address",
				 next.address, "host_org", next.host_org, "contact_name",
				 next.contact_name, "contact_phone", next.contact_phone,
				 "contact_email", next.contact_email, "credit_code",
				 next.credit_code, "province", next.province));
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

enum app_status app_institution_update(struct app_ctx *ctx, long long id,
				       const struct institution_input *in,
				       struct app_error *err)
{
	struct rule_error re;
	struct store_conn *c;
	bool changed;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!check_details(in, &re) ||
	    (in->province && *in->province && !inst_check_province(in->province, &re)))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_institution_update_tx(ctx, c, id, in, &changed, err))
		return app_abort(ctx, c, err);
	return app_finish(ctx, c, STORE_OK, err);
}

enum app_status app_institution_detail(struct app_ctx *ctx, long long id,
				       struct institution_detail *out, struct app_error *err)
{
	struct store_conn *c;
	struct institution parent;
	char today[11];
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	rc = store_institution_get(c, ctx->arena, id, &out->inst);
	if (rc == STORE_OK) {
		int st = reg_status_parse(out->inst.status);

		out->effective = reg_effective(st < 0 ? REG_APPLYING : (enum reg_status)st,
					       out->inst.valid_until, today);
		out->may_open_plans = out->effective == REG_REGISTERED;
		out->may_read = actor_may(ctx, c, PERM_INSTITUTION_READ, id);
		out->may_apply = actor_may(ctx, c, PERM_REGISTRY_APPLY, id);
		out->may_decide = actor_may(ctx, c, PERM_REGISTRY_DECIDE, id);
		out->may_inspect = actor_may(ctx, c, PERM_REGISTRY_INSPECT, id);
		out->may_file = actor_may(ctx, c, PERM_REGISTRY_FILE, id);
		out->may_rename = actor_may(ctx, c, PERM_INSTITUTION_RENAME, id);
		if (!out->may_read)
			hide_private(&out->inst);
		if (out->inst.parent_id &&
		    store_institution_get(c, ctx->arena, out->inst.parent_id, &parent) ==
			    STORE_OK)
			out->parent_name = parent.name;
		rc = store_institution_names(c, ctx->arena, id, &out->names, &out->nnames);
	}
	if (rc == STORE_OK)
		rc = store_status_history(c, ctx->arena, id, &out->changes, &out->nchanges);
	if (rc == STORE_OK)
		rc = store_scope_list(c, ctx->arena, id, 1, &out->scope, &out->nscope);
	if (rc == STORE_OK)
		rc = store_filing_list(c, ctx->arena, id, &out->filings, &out->nfilings);
	if (rc == STORE_OK && out->may_read)
		rc = store_inspection_list(c, ctx->arena, id, &out->inspections,
					   &out->ninspections);
	if (rc == STORE_OK && out->may_read)
		rc = store_finding_list(c, ctx->arena, id, NULL, &out->findings,
					&out->nfindings);
	if (rc == STORE_OK)
		rc = store_registration_list(c, ctx->arena, -1, id, "", &out->regs,
					     &out->nregs);
	return app_read_done(ctx, c, rc, err);
}
