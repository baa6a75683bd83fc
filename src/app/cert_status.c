/*
 * cert_status.c - status changes: revoke, suspend, reinstate, and
 * supersede (a corrected successor with a new number) (ARCHITECTURE
 * "Credentials").
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/certificate.h"
#include "services/sign.h"

/* ---- status ---- */

/* A change's reason: something besides blanks, UTF-8, at most
 * CERT_REASON_MAX characters (also a promotion's rejection). */
bool cert_reason_ok(const char *reason)
{
	size_t n = reason ? strlen(reason) : 0;

	/* something besides blanks */
	return n > 0 && reason[strspn(reason, " \t\r\n")] && str_utf8_valid(reason, n) &&
	       str_utf8_len(reason, n) <= CERT_REASON_MAX;
}

/* What a promotion's certificate x (竞赛获奖晋级) won, as its signed
 * credential's evidence named it at issue ("<competition> 银牌（第2名）"):
 * the text after the competition's name, or "". */
static const char *promo_award_of(struct app_ctx *ctx, const struct certificate *x)
{
	const char *jws = x->credential ? x->credential : "", *dot = strchr(jws, '.'), *end;
	const char *name = NULL, *out = "";
	unsigned char *raw;
	size_t n = 0, lead = strlen(x->competition_name ? x->competition_name : "");
	json_t *root;

	end = dot ? strchr(dot + 1, '.') : NULL;
	if (!end)
		return "";
	raw = arena_alloc(ctx->arena, (size_t)(end - dot));
	if (sign_unb64url(dot + 1, (size_t)(end - dot - 1), raw, (size_t)(end - dot), &n))
		return "";
	root = json_loadb((const char *)raw, n, 0, NULL);
	name = json_string_value(json_object_get(
		json_array_get(json_object_get(root, "evidence"), 0), "name"));
	if (name && strlen(name) > lead && !strncmp(name, x->competition_name, lead) &&
	    name[lead] == ' ')
		out = arena_strdup(ctx->arena, name + lead + 1);
	json_decref(root);
	return out;
}

/* A corrected holder name: what the person registry accepts (UTF-8, at
 * most 50 characters, no control characters), and not blank: the public
 * lookup compares it with what is typed, trimmed. */
static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	bool visible = false;

	if (!str_utf8_valid(name, n) || str_utf8_len(name, n) > 50)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch < 0x20 || ch == 0x7f)
			return false;
		if (ch != ' ')
			visible = true;
	}
	return visible && name[0] != ' ' && name[n - 1] != ' ';
}

/* Loads x for a status change or a supersede, under the lock every
 * change of a plan's certificates takes (the plan's row, as issuing
 * does): a concurrent change waits there, and x is read again after the
 * wait (PostgreSQL reads what was committed meanwhile), so a request that
 * read "valid" before a revocation cannot suspend the revoked certificate.
 * A certificate without a plan (legacy) is only ever revoked. */
static enum app_status load_for_change(struct app_ctx *ctx, struct store_conn *c,
				       long long id, struct certificate *x,
				       struct app_error *err)
{
	enum store_err rc;

	if (cert_load(ctx, c, id, PERM_CERT_MANAGE, x, err))
		return err->status;
	if (!x->plan_id)
		return APP_OK;
	rc = store_plan_lock(c, x->plan_id);
	if (rc == STORE_OK)
		rc = store_cert_get(c, ctx->arena, id, x);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

static enum store_err event(struct app_ctx *ctx, struct store_conn *c, long long id,
			    const char *action, const char *reason, const char *doc_no,
			    const char *now)
{
	struct certificate_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.certificate_id = id;
	ev.action = action;
	ev.reason = reason;
	ev.doc_no = doc_no;
	ev.actor = ctx->actor && !ctx->actor->system ? ctx->actor->username : "system";
	ev.at = now;
	return store_cert_event_insert(c, &ev);
}

/* The webhook payload of certificate x (docs/webhooks.md): no ID number,
 * no name: what the subscriber's institution holds already by number. */
static const char *hook_payload(struct app_ctx *ctx, const struct certificate *x,
				const char *status, const char *reason,
				const char *category, const char *date, long long successor)
{
	return app_json(ctx, "{s:I, s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:i, s:s, s:s, s:I}",
			"certificate_id", (json_int_t)x->id, "number", x->number,
			"status", status, "reason", reason ? reason : "", "category",
			category ? category : "", "plan_id", (json_int_t)x->plan_id,
			"institution_id", (json_int_t)x->institution_id,
			"occupation_code", x->occupation_code ? x->occupation_code : "",
			"level", x->level, "issued_on", x->issued_on ? x->issued_on : "",
			"status_date", date, "successor_id", (json_int_t)successor);
}

enum app_status app_cert_change(struct app_ctx *ctx, long long id, const char *action,
				const char *category, const char *reason,
				const char *doc_no, struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	const char *why;
	char today[11], now[32];
	enum store_err rc;
	int a = cert_action_parse(action), to, from;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	if (load_for_change(ctx, c, id, &x, err))
		return app_abort(ctx, c, err);
	/* who first (the load checks the grant), then what */
	{
		const char *field = NULL, *key = NULL;

		if (a < 0 || a == CERT_SUPERSEDE)
			field = "action", key = "cert.bad_action";
		else if (!cert_reason_ok(reason))
			field = "reason", key = "val.reason";
		else if (a == CERT_REVOKE && !cert_reason_category_valid(category))
			field = "category", key = "val.reason_category";
		else if (doc_no && strlen(doc_no) > 100)
			field = "doc_no", key = "val.doc_no";
		if (key) {
			app_fail(err, APP_INVALID, field, key);
			return app_abort(ctx, c, err);
		}
	}
	if (!strcmp(x.line, "legacy") && a != CERT_REVOKE) {
		app_fail(err, APP_INVALID, "action", "cert.legacy_revoke_only");
		return app_abort(ctx, c, err);
	}
	from = cert_status_parse(x.status);
	if ((to = cert_transition((enum cert_status)(from < 0 ? 0 : from),
				  (enum cert_action)a, &why)) < 0) {
		app_fail(err, APP_CONFLICT, "action", why);
		return app_abort(ctx, c, err);
	}
	rc = store_cert_set_status(c, id, cert_status_name((enum cert_status)to),
				   to == CERT_VALID ? "" : reason, today, 0);
	if (rc == STORE_OK)
		rc = store_cert_set_category(c, id, a == CERT_REVOKE ? category : "");
	if (rc == STORE_OK)
		rc = event(ctx, c, id, action, reason, doc_no, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, arena_printf(ctx->arena, "certificate.%s", action),
			       "certificate", x.number,
			       app_json(ctx, "{s:s}", "status", x.status),
			       app_json(ctx, "{s:s, s:s, s:s, s:s}", "status",
					cert_status_name((enum cert_status)to),
					"category", a == CERT_REVOKE ? category : "",
					"reason", reason, "doc_no", doc_no ? doc_no : ""));
	if (rc == STORE_OK)
		rc = app_event_tx(
			ctx, c,
			a == CERT_SUSPEND     ? "certificate.suspended"
			: a == CERT_REINSTATE ? "certificate.reinstated"
					      : "certificate.revoked",
			x.institution_id, "certificate", id,
			hook_payload(ctx, &x, cert_status_name((enum cert_status)to),
				     reason, a == CERT_REVOKE ? category : "", today, 0));
	return app_finish(ctx, c, rc, err);
}

enum app_status cert_supersede_on(struct app_ctx *ctx, struct store_conn *c, long long id,
				  const char *new_name, const char *reason,
				  const char *doc_no, long long *new_id,
				  struct app_error *err)
{
	struct certificate x, y;
	const struct app_signer *sg;
	const char *why, *base, *pattern, *citation = NULL;
	struct certno no;
	char today[11], now[32];
	long long index;
	enum store_err rc;
	int from;

	*new_id = 0;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	if (load_for_change(ctx, c, id, &x, err))
		return err->status;
	/* who first (the load checks the grant), then what */
	if (!cert_reason_ok(reason)) {
		app_fail(err, APP_INVALID, "reason", "val.reason");
		return err->status;
	}
	if (new_name && *new_name && !name_ok(new_name)) {
		app_fail(err, APP_INVALID, "name", "val.person.name");
		return err->status;
	}
	if (doc_no && strlen(doc_no) > 100) {
		app_fail(err, APP_INVALID, "doc_no", "val.doc_no");
		return err->status;
	}
	from = cert_status_parse(x.status);
	if (!strcmp(x.line, "legacy") ||
	    cert_transition((enum cert_status)(from < 0 ? 0 : from), CERT_SUPERSEDE,
			    &why) < 0) {
		app_fail(err, APP_CONFLICT, NULL,
			 strcmp(x.line, "legacy") ? why : "cert.legacy_revoke_only");
		return err->status;
	}
	/* the successor certifies the same achievement: the plan's standard
	 * gives the criteria, as at issue */
	if (x.plan_id) {
		struct plan p;
		struct standard s;

		if (app_plan_load(ctx, c, x.plan_id, PERM_CERT_MANAGE, &p, &s, err))
			return err->status;
		citation = s.citation;
	}
	/* the successor: the same record, corrected, with a new number */
	y = x;
	y.id = 0;
	y.supersedes = x.id;
	y.superseded_by = 0;
	y.status = "valid";
	y.status_reason = "";
	y.status_date = NULL;
	y.issued_on = today;
	y.created_at = now;
	if (new_name && *new_name)
		y.holder_name = new_name;
	memset(&no, 0, sizeof(no));
	no.kind = x.number[0] == 'Y' ? 'Y' : 'S';
	snprintf(no.institution, sizeof(no.institution), "%s", x.institution_code);
	snprintf(no.province, sizeof(no.province), "%s", x.province_code);
	snprintf(no.site, sizeof(no.site), "%s", x.site_code);
	no.year = time_year(today);
	no.level = x.level;
	pattern = cert_is_award(&x)
			  ? cert_setting(ctx, c, "award_pattern", DEFAULT_AWARD_PATTERN)
		  : cert_is_honour(&x)
			  ? cert_setting(ctx, c, "honour_pattern", DEFAULT_HONOUR_PATTERN)
		  : cert_is_training(&x) ? cert_setting(ctx, c, "training_pattern",
							DEFAULT_TRAINING_PATTERN)
					 : cert_setting(ctx, c, "industry_pattern",
							DEFAULT_INDUSTRY_PATTERN);
	if (cert_public_base(ctx, c, &base, err) ||
	    cert_number_of(ctx, c, pattern, &no, &y, err) ||
	    !(sg = cert_signer(ctx, c, err)))
		return err->status;
	rc = store_counter_next(c, "cert:status_index", &index);
	y.status_index = index - 1;
	if (rc == STORE_OK)
		rc = store_cert_insert(c, &y, new_id);
	y.id = *new_id;
	/* an award certificate's successor states the same award */
	if (rc == STORE_OK && cert_is_award(&x)) {
		struct cert_award w;

		rc = store_cert_award_get(c, ctx->arena, x.id, &w);
		w.certificate_id = *new_id;
		w.supersedes = x.id;
		if (rc == STORE_OK)
			rc = store_cert_award_insert(c, &w);
	}
	/* a promotion's certificate (竞赛获奖晋级): the decision names the
	 * successor now (the route, and never a current level of its own
	 * competition); the successor states the route and the evidence as at
	 * issue. The superseded one keeps its successor link and events. */
	if (rc == STORE_OK && x.competition_id && !cert_is_award(&x)) {
		struct competition k;

		rc = store_comp_get(c, ctx->arena, x.competition_id, &k);
		if (rc == STORE_OK) {
			citation = arena_printf(ctx->arena, "%s（%s）竞赛获奖晋级",
						k.name, k.approval_doc);
			y.competition_award = promo_award_of(ctx, &x);
			rc = store_comp_promotion_move(c, x.id, *new_id);
		}
	}
	/* an honour's successor states the same honour (its side row copied) */
	if (rc == STORE_OK && cert_is_honour(&x))
		rc = store_cert_honour_copy(c, x.id, *new_id);
	/* a training certificate's successor states the same course and hours */
	if (rc == STORE_OK && cert_is_training(&x))
		rc = store_cert_training_copy(c, x.id, *new_id);
	if (rc == STORE_OK && cert_sign_and_store(ctx, c, sg, base, &y, citation, err))
		return err->status;
	if (rc == STORE_OK)
		rc = store_cert_set_status(c, x.id, "superseded", reason, today, *new_id);
	if (rc == STORE_OK)
		rc = event(ctx, c, x.id, "superseded", reason, doc_no, now);
	if (rc == STORE_OK)
		rc = event(ctx, c, *new_id, "issued", reason, doc_no, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "certificate.supersede", "certificate", x.number,
			       app_json(ctx, "{s:s, s:s}", "status", x.status, "name",
					x.holder_name),
			       app_json(ctx, "{s:s, s:s, s:s}", "successor", y.number,
					"name", y.holder_name, "reason", reason));
	if (rc == STORE_OK)
		rc = app_event_tx(ctx, c, "certificate.superseded", x.institution_id,
				  "certificate", x.id,
				  hook_payload(ctx, &x, "superseded", reason, "", today,
					       *new_id));
	if (rc) {
		*new_id = 0;
		return app_store_fail(ctx, c, rc, err);
	}
	return APP_OK;
}

enum app_status app_cert_supersede(struct app_ctx *ctx, long long id, const char *new_name,
				   const char *reason, const char *doc_no,
				   long long *new_id, struct app_error *err)
{
	struct store_conn *c;

	*new_id = 0;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (cert_supersede_on(ctx, c, id, new_name, reason, doc_no, new_id, err))
		return app_abort(ctx, c, err);
	return app_finish(ctx, c, STORE_OK, err);
}
