/*
 * commendation.c - annual commendations (issue 14): the campaign with its
 * rules (an embedded document or an upload, parsed by commend_parse(),
 * kept as text with its SHA-256, a new version while a draft), its
 * timetable and quotas, its status one step at a time from draft to
 * reviewing; the nominations institutions make within the window, the
 * rules' eligibility and the quotas (under the campaign's row lock), the
 * branch center's endorsement or return, the nominator's withdrawal and
 * resubmission, and the attachments.
 *
 * The center (commendation.manage on the whole network) works the
 * campaign; an institution's staff with commendation.nominate nominate;
 * the staff of the nominating institution's branch center (the nearest of
 * type branch_center) endorse. Every change: one transaction with its
 * audit record.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/embed.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "services/secret.h"

extern const struct embedded_file commendation_files[];
extern const size_t commendation_files_count;

#define MAX_CODES 32
#define MAX_DEPTH 16

const char *const *app_commend_rules_codes(void)
{
	static struct embed_codes codes;

	return embed_codes(&codes, MAX_CODES, commendation_files,
			   commendation_files_count, ".json");
}

/* The rules to keep: an upload (rules) or an embedded one (code), parsed
 * into *doc; its text and code into *body and *out_code. */
static enum app_status load_rules(struct app_ctx *ctx, const char *code, const char *rules,
				  struct commend_doc *doc, const char **body,
				  const char **out_code, struct app_error *err)
{
	char perr[256];

	*body = NULL;
	if (rules && *rules) {
		*body = rules;
		*out_code = "uploaded";
	} else if (code && *code) {
		const struct embedded_file *f = embed_find(commendation_files,
							   commendation_files_count, code,
							   ".json");

		if (!f)
			return app_fail(err, APP_INVALID, "rules_code",
					"commendation.rules.unknown");
		*body = (const char *)f->data;
		*out_code = code;
	} else {
		return app_fail(err, APP_INVALID, "rules_code",
				"commendation.rules.required");
	}
	if (commend_parse(*body, ctx->arena, doc, perr, sizeof(perr))) {
		app_fail(err, APP_INVALID, "rules", "commendation.rules.invalid");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}

/* A new version of the rules, and the campaign's categories from doc. */
static enum store_err insert_rules(struct app_ctx *ctx, struct store_conn *c,
				   long long id, const char *code, const char *body,
				   const struct commend_doc *doc, const char *now,
				   int *version)
{
	struct commendation_rules_row r;
	char digest[SECRET_DIGEST_HEX];

	secret_sha256_hex(body, strlen(body), digest);
	memset(&r, 0, sizeof(r));
	r.campaign_id = id;
	r.code = code;
	r.body = body;
	r.digest = arena_strdup(ctx->arena, digest);
	r.created_by = app_actor_name(ctx);
	r.created_at = now;
	enum store_err rc = store_commend_rules_insert(c, &r, version);

	return rc ? rc : store_commend_categories_set(c, id, doc);
}

static bool date_ok(const char *d) { return d && time_date_valid(d); }

static enum app_status check_timetable(const char *nominate_until, const char *review_until,
				       int notice_days, struct app_error *err)
{
	if (!date_ok(nominate_until))
		return app_fail(err, APP_INVALID, "nominate_until", "val.date.invalid");
	if (!date_ok(review_until) || strcmp(review_until, nominate_until) < 0)
		return app_fail(err, APP_INVALID, "review_until",
				"commendation.review_before");
	if (notice_days < 1 || notice_days > 60)
		return app_fail(err, APP_INVALID, "notice_days", "commendation.notice_days");
	return APP_OK;
}

/* A transaction with commendation.manage on the whole network. */
static struct store_conn *begin_manage(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

enum app_status app_commend_create(struct app_ctx *ctx,
				   const struct commend_campaign_input *in, long long *id,
				   struct app_error *err)
{
	struct store_conn *c;
	struct commendation_campaign x;
	struct commend_doc doc;
	const char *body, *code;
	char now[32];
	int version = 0, days = in->notice_days ? in->notice_days : 5;
	enum store_err rc;

	*id = 0;
	if (!(c = begin_manage(ctx, err)))
		return err->status;
	if (in->year < 2000 || in->year > 2100) {
		app_fail(err, APP_INVALID, "year", "commendation.year_invalid");
		return app_abort(ctx, c, err);
	}
	if (!in->title || !*in->title || strlen(in->title) > 200) {
		app_fail(err, APP_INVALID, "title", "commendation.title_required");
		return app_abort(ctx, c, err);
	}
	if (check_timetable(in->nominate_until, in->review_until, days, err) ||
	    load_rules(ctx, in->rules_code, in->rules, &doc, &body, &code, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	memset(&x, 0, sizeof(x));
	x.year = in->year;
	x.title = in->title;
	x.status = "draft";
	x.nominate_until = in->nominate_until;
	x.review_until = in->review_until;
	x.notice_days = days;
	x.created_by = app_actor_name(ctx);
	x.created_at = now;
	rc = store_commend_insert(c, &x, id);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "title", "commendation.title_taken");
		*id = 0;
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = insert_rules(ctx, c, *id, code, body, &doc, now, &version);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.create", "commendation_campaign",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:i, s:s, s:s, s:i, s:s, s:s, s:i}",
					"year", x.year, "title", x.title, "rules", code,
					"rules_version", version, "nominate_until",
					x.nominate_until, "review_until", x.review_until,
					"notice_days", days));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

static bool may(struct app_ctx *ctx, struct store_conn *c, const char *perm, long long inst)
{
	struct app_error e;

	return ctx->actor && app_authorize(ctx, c, perm, inst, &e) == APP_OK;
}

enum app_status app_commend_list(struct app_ctx *ctx, struct commendation_campaign **items,
				 size_t *n, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!c)
		return err->status;
	rc = store_commend_list(c, ctx->arena, may(ctx, c, PERM_COMMEND_MANAGE, 0), items,
				n);
	return app_read_done(ctx, c, rc, err);
}

/* The rules in force, parsed (a stored document that no longer parses is
 * the server's fault). */
static enum app_status rules_in_force(struct app_ctx *ctx, struct store_conn *c,
				      long long id, struct commend_doc *doc,
				      const char **body, struct app_error *err)
{
	struct commendation_rules_row r;
	char perr[256];
	enum store_err rc = store_commend_rules_latest(c, ctx->arena, id, &r);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (commend_parse(r.body, ctx->arena, doc, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	if (body)
		*body = r.body;
	return APP_OK;
}

/* Whether the actor may read nomination n: the center, the nominating
 * institution's staff and its branch center's (a grant covers the
 * subtree), and a reviewer of its campaign not standing aside from it. */
static bool may_read(struct app_ctx *ctx, struct store_conn *c,
		     const struct commendation_nomination *n)
{
	return may(ctx, c, PERM_COMMEND_MANAGE, 0) ||
	       may(ctx, c, PERM_COMMEND_NOMINATE, n->nominated_by) ||
	       (n->branch_id && may(ctx, c, PERM_COMMEND_NOMINATE, n->branch_id)) ||
	       comm_reviewer_reads(ctx, c, n->campaign_id, n->id);
}

enum app_status app_commend_get(struct app_ctx *ctx, long long id,
				struct commend_detail *out, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	enum store_err rc;
	size_t kept = 0;

	memset(out, 0, sizeof(*out));
	if (!c)
		return err->status;
	rc = store_commend_get(c, ctx->arena, id, &out->campaign);
	if (rc == STORE_OK) {
		out->manage = may(ctx, c, PERM_COMMEND_MANAGE, 0);
		out->nominate = ctx->actor && app_can(ctx, PERM_COMMEND_NOMINATE);
		if (!out->manage && !strcmp(out->campaign.status, "draft"))
			rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	if (rc == STORE_OK)
		rc = store_commend_rules_list(c, ctx->arena, id, &out->rules, &out->nrules);
	if (rc == STORE_OK &&
	    rules_in_force(ctx, c, id, &out->doc, &out->rules_body, err) != APP_OK) {
		store_release(c);
		return err->status;
	}
	if (rc == STORE_OK)
		rc = store_commend_quotas(c, ctx->arena, id, &out->quotas, &out->nquotas);
	if (rc == STORE_OK && ctx->actor)
		rc = store_commend_noms(c, ctx->arena, id, &out->noms, &out->nnoms);
	for (size_t i = 0; rc == STORE_OK && i < out->nnoms; i++)
		if (may_read(ctx, c, &out->noms[i]))
			out->noms[kept++] = out->noms[i];
	out->nnoms = kept;
	return app_read_done(ctx, c, rc, err);
}

/* The campaign for a change by the center, in one of the statuses given
 * (refused naming the status otherwise). */
static struct store_conn *begin_campaign(struct app_ctx *ctx, long long id, const char *s1,
					 const char *s2, struct commendation_campaign *x,
					 struct app_error *err)
{
	struct store_conn *c = begin_manage(ctx, err);
	enum store_err rc;

	if (!c)
		return NULL;
	/* the campaign's row lock first: a nomination committing at the same
	 * time is seen (submitted) or waits for the change */
	rc = store_commend_lock(c, id);
	if (rc == STORE_OK)
		rc = store_commend_get(c, ctx->arena, id, x);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		app_abort(ctx, c, err);
		return NULL;
	}
	if (rc) {
		app_finish(ctx, c, rc, err);
		return NULL;
	}
	if (strcmp(x->status, s1) && (!s2 || strcmp(x->status, s2))) {
		app_fail(err, APP_CONFLICT, "status", "commendation.status_wrong");
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

enum app_status app_commend_name_categories(struct app_ctx *ctx, long long *n,
					    struct app_error *err)
{
	struct store_conn *c = app_begin(ctx, err);
	long long *ids = NULL;
	size_t nids = 0;
	enum store_err rc;

	*n = 0;
	if (!c)
		return err->status;
	rc = store_comm_unnamed_campaigns(c, ctx->arena, &ids, &nids);
	for (size_t i = 0; rc == STORE_OK && i < nids; i++) {
		struct commend_doc doc;

		if (rules_in_force(ctx, c, ids[i], &doc, NULL, err))
			return app_abort(ctx, c, err);
		rc = store_commend_categories_set(c, ids[i], &doc);
		*n += rc == STORE_OK;
	}
	return app_finish(ctx, c, rc, err);
}

/* The campaign's quotas of categories its rules no longer have. */
static enum store_err drop_stale_quotas(struct app_ctx *ctx, struct store_conn *c,
					long long id, const struct commend_doc *doc)
{
	struct commendation_quota_row *q;
	size_t n;
	enum store_err rc = store_commend_quotas(c, ctx->arena, id, &q, &n);

	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (!commend_cat_find(doc, q[i].category))
			rc = store_commend_quota_drop(c, id, q[i].category);
	return rc;
}

enum app_status app_commend_rules(struct app_ctx *ctx, long long id, const char *code,
				  const char *rules, int *version, struct app_error *err)
{
	struct commendation_campaign x;
	struct commend_doc doc;
	const char *body, *out_code;
	char now[32];
	struct store_conn *c = begin_campaign(ctx, id, "draft", NULL, &x, err);
	enum store_err rc;

	*version = 0;
	if (!c)
		return err->status;
	if (load_rules(ctx, code, rules, &doc, &body, &out_code, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = insert_rules(ctx, c, id, out_code, body, &doc, now, version);
	if (rc == STORE_OK)
		rc = drop_stale_quotas(ctx, c, id, &doc);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.rules", "commendation_campaign",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:s, s:i}", "rules", out_code, "version",
					*version));
	return app_finish(ctx, c, rc, err);
}

/* The center's entry of a category, checked field by field. */
static enum app_status check_cat_input(const struct commend_cat_input *in,
				       struct app_error *err)
{
	static const char *const qfields[COMMEND_SCOPE_COUNT] = {"quota_all", "quota_branch",
								 "quota_province"};

	if (!commend_code_valid(in->code))
		return app_fail(err, APP_INVALID, "code", "commendation.category_code");
	if (!in->name || !*in->name || !commend_name_valid(in->name))
		return app_fail(err, APP_INVALID, "name", "commendation.category_name");
	if (in->name_en && !commend_name_valid(in->name_en))
		return app_fail(err, APP_INVALID, "name_en", "commendation.category_name");
	if (in->kind != COMMEND_COLLECTIVE && in->kind != COMMEND_PERSON)
		return app_fail(err, APP_INVALID, "kind", "commendation.category_kind");
	for (int k = 0; k < COMMEND_SCOPE_COUNT; k++)
		if (in->quota[k] < -1 || in->quota[k] > COMMEND_QUOTA_MAX)
			return app_fail(err, APP_INVALID, qfields[k],
					"commendation.quota_invalid");
	if (in->rule[COMMEND_RULE_STAFF_YEARS] &&
	    (in->kind != COMMEND_PERSON || in->staff_years < 1 || in->staff_years > 60))
		return app_fail(err, APP_INVALID, "staff_years",
				"commendation.category_staff_years");
	return APP_OK;
}

/* A new version of the rules with the category set (in) or taken out
 * (remove_code), while a draft. */
static enum app_status edit_category(struct app_ctx *ctx, long long id,
				     const struct commend_cat_input *in,
				     const char *remove_code, int *version,
				     struct app_error *err)
{
	struct commendation_campaign x;
	struct commend_doc doc;
	struct commend_cat_input entry;
	const char *body;
	char *edited, now[32], perr[256];
	struct store_conn *c;
	enum store_err rc;

	*version = 0;
	if (in && check_cat_input(in, err))
		return err->status;
	if (!(c = begin_campaign(ctx, id, "draft", NULL, &x, err)))
		return err->status;
	if (rules_in_force(ctx, c, id, &doc, &body, err))
		return app_abort(ctx, c, err);
	if (!in && !commend_cat_find(&doc, remove_code)) {
		app_fail(err, APP_NOT_FOUND, "code", "commendation.category_invalid");
		return app_abort(ctx, c, err);
	}
	if (!in && doc.ncats == 1) {
		app_fail(err, APP_CONFLICT, "code", "commendation.category_last");
		return app_abort(ctx, c, err);
	}
	if (in && !commend_cat_find(&doc, in->code) && doc.ncats >= COMMEND_MAX_CATS) {
		app_fail(err, APP_CONFLICT, "code", "commendation.category_max");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	if (in) {
		entry = *in;
		entry.source = arena_printf(ctx->arena, "entered by %s on %.10s",
					    app_actor_name(ctx), now);
	}
	edited = commend_doc_edit(body, in ? &entry : NULL, remove_code, ctx->arena, &doc,
				  perr, sizeof(perr));
	if (!edited) {
		app_fail(err, APP_INVALID, "code", "commendation.rules.invalid");
		err->detail = arena_strdup(ctx->arena, perr);
		return app_abort(ctx, c, err);
	}
	rc = insert_rules(ctx, c, id, "edited", edited, &doc, now, version);
	if (rc == STORE_OK && !in)
		rc = store_commend_quota_drop(c, id, remove_code);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.category", "commendation_campaign",
			       app_idtext(ctx, id), NULL,
			       in ? app_json(ctx, "{s:s, s:s, s:s, s:i}", "code",
					     in->code, "name", in->name, "kind",
					     commend_kind_name(in->kind), "version", *version)
				  : app_json(ctx, "{s:s, s:b, s:i}", "code", remove_code,
					     "removed", 1, "version", *version));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_commend_category(struct app_ctx *ctx, long long id,
				     const struct commend_cat_input *in, int *version,
				     struct app_error *err)
{
	return edit_category(ctx, id, in, NULL, version, err);
}

enum app_status app_commend_category_remove(struct app_ctx *ctx, long long id,
					    const char *code, int *version,
					    struct app_error *err)
{
	return edit_category(ctx, id, NULL, code ? code : "", version, err);
}

enum app_status app_commend_timetable(struct app_ctx *ctx, long long id,
				      const char *nominate_until, const char *review_until,
				      int notice_days, struct app_error *err)
{
	struct commendation_campaign x;
	char now[32];
	struct store_conn *c = begin_campaign(ctx, id, "draft", "nominating", &x, err);
	enum store_err rc;

	if (!c)
		return err->status;
	if (check_timetable(nominate_until, review_until, notice_days, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_commend_set_timetable(c, id, nominate_until, review_until, notice_days,
					 now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.timetable", "commendation_campaign",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s, s:s, s:i}", "nominate_until",
					x.nominate_until, "review_until", x.review_until,
					"notice_days", x.notice_days),
			       app_json(ctx, "{s:s, s:s, s:i}", "nominate_until",
					nominate_until, "review_until", review_until,
					"notice_days", notice_days));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_commend_quota(struct app_ctx *ctx, long long id, const char *category,
				  const char *scope, const char *scope_key, int quota,
				  struct app_error *err)
{
	struct commendation_campaign x;
	struct commend_doc doc;
	struct store_conn *c = begin_campaign(ctx, id, "draft", NULL, &x, err);
	int sc = commend_scope_parse(scope);
	enum store_err rc;

	if (!c)
		return err->status;
	if (rules_in_force(ctx, c, id, &doc, NULL, err))
		return app_abort(ctx, c, err);
	if (!commend_cat_find(&doc, category)) {
		app_fail(err, APP_INVALID, "category", "commendation.category_invalid");
		return app_abort(ctx, c, err);
	}
	if (sc < 0) {
		app_fail(err, APP_INVALID, "scope", "commendation.scope_invalid");
		return app_abort(ctx, c, err);
	}
	if (!scope_key)
		scope_key = "";
	if ((sc == COMMEND_SCOPE_ALL && *scope_key) || strlen(scope_key) > 20) {
		app_fail(err, APP_INVALID, "scope_key", "commendation.scope_key");
		return app_abort(ctx, c, err);
	}
	if (quota < -1 || quota > COMMEND_QUOTA_MAX) {
		app_fail(err, APP_INVALID, "quota", "commendation.quota_invalid");
		return app_abort(ctx, c, err);
	}
	rc = store_commend_quota_set(c, id, category, scope, scope_key, quota);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.quota", "commendation_campaign",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:s, s:s, s:s, s:i}", "category", category,
					"scope", scope, "scope_key", scope_key, "quota",
					quota));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_commend_act(struct app_ctx *ctx, long long id, const char *action,
				struct app_error *err)
{
	struct commendation_campaign x;
	struct store_conn *c;
	const char *from, *to;
	char now[32];
	enum store_err rc;

	if (action && !strcmp(action, "nominate")) {
		from = "draft";
		to = "nominating";
	} else if (action && !strcmp(action, "review")) {
		from = "nominating";
		to = "reviewing";
	} else {
		if (!ctx->actor)
			return app_fail(err, APP_UNAUTHENTICATED, NULL,
					"err.login_required");
		return app_fail(err, APP_INVALID, "action", "commendation.action_invalid");
	}
	if (!(c = begin_campaign(ctx, id, from, NULL, &x, err)))
		return err->status;
	if (!strcmp(to, "reviewing")) {
		int waiting = 0;

		rc = store_commend_submitted(c, id, &waiting);
		if (rc)
			return app_finish(ctx, c, rc, err);
		if (waiting) {
			app_fail(err, APP_CONFLICT, "status",
				 "commendation.awaiting_branch");
			return app_abort(ctx, c, err);
		}
	}
	time_now_iso(now, sizeof(now));
	rc = store_commend_set_status(c, id, from, to, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.status", "commendation_campaign",
			       app_idtext(ctx, id), app_json(ctx, "{s:s}", "status", from),
			       app_json(ctx, "{s:s}", "status", to));
	return app_finish(ctx, c, rc, err);
}

/* ---- nominations ---- */

/* Whether inst is top or under it (parent_id chain). */
static enum store_err is_under(struct app_ctx *ctx, struct store_conn *c, long long inst,
			       long long top, bool *out)
{
	*out = false;
	for (int depth = 0; inst && depth < MAX_DEPTH; depth++) {
		struct institution i;
		enum store_err rc;

		if (inst == top) {
			*out = true;
			return STORE_OK;
		}
		rc = store_institution_get(c, ctx->arena, inst, &i);
		if (rc == STORE_NOT_FOUND)
			return STORE_OK;
		if (rc)
			return rc;
		inst = i.parent_id;
	}
	return STORE_OK;
}

/* The quota of category in scope (key): the campaign's row for the key,
 * else its row for every key (""), else the rules' default. */
static int quota_of(const struct commend_detail *d, const struct commend_cat *cat,
		    enum commend_scope s, const char *key)
{
	int q = cat->quota.n[s];
	bool exact = false;

	for (size_t i = 0; i < d->nquotas; i++) {
		const struct commendation_quota_row *r = &d->quotas[i];

		if (strcmp(r->category, cat->code) ||
		    strcmp(r->scope, commend_scope_name(s)))
			continue;
		if (!strcmp(r->scope_key, key)) {
			q = r->quota;
			exact = true;
		} else if (!exact && !*r->scope_key) {
			q = r->quota;
		}
	}
	return q;
}

static const char *const quota_keys[COMMEND_SCOPE_COUNT] = {
	"commendation.quota.all",
	"commendation.quota.branch",
	"commendation.quota.province",
};

/* The quotas left for the nominator: refused naming the scope when none. */
static enum app_status check_quota(struct app_ctx *ctx, struct store_conn *c,
				   const struct commend_detail *d,
				   const struct commend_cat *cat, long long branch,
				   const char *province, long long exclude,
				   struct app_error *err)
{
	const char *cname = cat->code;
	const char *bkey = app_idtext(ctx, branch);
	struct commend_quota q;
	struct commend_used u;
	enum commend_scope scope = COMMEND_SCOPE_ALL;
	enum store_err rc;

	q.n[COMMEND_SCOPE_ALL] = quota_of(d, cat, COMMEND_SCOPE_ALL, "");
	q.n[COMMEND_SCOPE_BRANCH] = quota_of(d, cat, COMMEND_SCOPE_BRANCH, bkey);
	q.n[COMMEND_SCOPE_PROVINCE] = quota_of(d, cat, COMMEND_SCOPE_PROVINCE, province);
	rc = store_commend_count(c, d->campaign.id, cname, 0, "", exclude,
				 &u.n[COMMEND_SCOPE_ALL]);
	if (rc == STORE_OK && branch)
		rc = store_commend_count(c, d->campaign.id, cname, branch, "", exclude,
					 &u.n[COMMEND_SCOPE_BRANCH]);
	if (rc == STORE_OK && *province)
		rc = store_commend_count(c, d->campaign.id, cname, 0, province, exclude,
					 &u.n[COMMEND_SCOPE_PROVINCE]);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (commend_quota_left(&q, &u, branch != 0, *province != '\0', &scope) == 0)
		return app_fail(err, APP_CONFLICT, "quota", quota_keys[scope]);
	return APP_OK;
}

/* The registry's facts of the nominee, and the category's rules over them:
 * refused naming the first rule not met. */
static enum app_status check_eligible(struct app_ctx *ctx, struct store_conn *c,
				      const struct commend_cat *cat, int year,
				      long long institution_id, long long person_id,
				      const char *work_start, struct app_error *err)
{
	struct commend_facts f;
	struct commend_status *hist = NULL;
	const char **open = NULL;
	struct commend_refusal r;
	char today[16];
	enum store_err rc;

	memset(&f, 0, sizeof(f));
	time_today(today, sizeof(today));
	f.year = year;
	f.today = today;
	f.work_start = work_start;
	rc = store_commend_history(c, ctx->arena, institution_id, &hist, &f.nhistory);
	if (rc == STORE_OK)
		rc = store_commend_open_deadlines(c, ctx->arena, institution_id, &open,
						  &f.nopen);
	if (rc == STORE_OK)
		rc = store_commend_sanctions(c, institution_id, person_id, &f.sanctions);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	f.history = hist;
	f.open_deadlines = open;
	if (commend_eligible(cat, &f, &r)) {
		static const char *const keys[COMMEND_RULE_COUNT] = {
			"commendation.rule.registered_all_year",
			"commendation.rule.no_overdue_findings",
			"commendation.rule.staff_years",
			"commendation.rule.no_sanction",
		};
		app_fail(err, APP_INVALID, "eligibility", keys[r.rule]);
		err->detail = commend_rule_name(r.rule);
		return err->status;
	}
	return APP_OK;
}

enum app_status app_commend_nominate(struct app_ctx *ctx, const struct commend_nom_input *in,
				     long long *id, struct app_error *err)
{
	struct commend_detail d;
	struct commendation_nomination n;
	struct institution nominator, parent;
	bool endorse;
	const struct commend_cat *cat;
	const char *work_start = NULL;
	long long nominee_inst = 0, branch = 0;
	struct store_conn *c;
	char now[32], today[16];
	enum store_err rc;
	bool under = false;

	*id = 0;
	memset(&d, 0, sizeof(d));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* the permission on the nominator first: an outsider learns nothing */
	if (app_authorize(ctx, c, PERM_COMMEND_NOMINATE, in->nominated_by, err) ||
	    !in->nominated_by) {
		if (!in->nominated_by)
			app_fail(err, APP_INVALID, "nominated_by",
				 "commendation.nominator_required");
		return app_abort(ctx, c, err);
	}
	/* the campaign's row lock: nominators go one at a time */
	rc = store_commend_lock(c, in->campaign_id);
	if (rc == STORE_OK)
		rc = store_commend_get(c, ctx->arena, in->campaign_id, &d.campaign);
	if (rc == STORE_OK && !strcmp(d.campaign.status, "draft") &&
	    !may(ctx, c, PERM_COMMEND_MANAGE, 0))
		rc = STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_institution_get(c, ctx->arena, in->nominated_by, &nominator);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (strcmp(d.campaign.status, "nominating")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.status_wrong");
		return app_abort(ctx, c, err);
	}
	time_today(today, sizeof(today));
	if (*d.campaign.nominate_until && strcmp(today, d.campaign.nominate_until) > 0) {
		app_fail(err, APP_CONFLICT, "nominate_until", "commendation.window_closed");
		return app_abort(ctx, c, err);
	}
	if (rules_in_force(ctx, c, in->campaign_id, &d.doc, NULL, err))
		return app_abort(ctx, c, err);
	if (!(cat = commend_cat_find(&d.doc, in->category))) {
		app_fail(err, APP_INVALID, "category", "commendation.category_invalid");
		return app_abort(ctx, c, err);
	}
	if (!in->achievements || !*in->achievements ||
	    str_utf8_len(in->achievements, strlen(in->achievements)) >
		    COMMEND_ACHIEVEMENTS_MAX) {
		app_fail(err, APP_INVALID, "achievements", "commendation.achievements");
		return app_abort(ctx, c, err);
	}
	if (cat->kind == COMMEND_COLLECTIVE) {
		if (in->person_id) {
			app_fail(err, APP_INVALID, "person_id",
				 "commendation.collective_only");
			return app_abort(ctx, c, err);
		}
		nominee_inst = in->institution_id ? in->institution_id : in->nominated_by;
		rc = is_under(ctx, c, nominee_inst, in->nominated_by, &under);
		if (rc)
			return app_finish(ctx, c, rc, err);
		if (!under) {
			app_fail(err, APP_INVALID, "institution_id",
				 "commendation.not_under");
			return app_abort(ctx, c, err);
		}
	} else {
		struct commend_staff *staff = NULL;
		size_t nstaff = 0;

		if (!in->person_id) {
			app_fail(err, APP_INVALID, "person_id",
				 "commendation.person_required");
			return app_abort(ctx, c, err);
		}
		rc = store_commend_staff(c, ctx->arena, in->person_id, &staff, &nstaff);
		for (size_t i = 0; rc == STORE_OK && i < nstaff && !under; i++) {
			if (in->institution_id &&
			    staff[i].institution_id != in->institution_id)
				continue;
			rc = is_under(ctx, c, staff[i].institution_id, in->nominated_by,
				      &under);
			if (under) {
				nominee_inst = staff[i].institution_id;
				work_start = staff[i].work_start;
			}
		}
		if (rc)
			return app_finish(ctx, c, rc, err);
		if (!under) {
			app_fail(err, APP_INVALID, "person_id", "commendation.not_under");
			return app_abort(ctx, c, err);
		}
	}
	if (check_eligible(ctx, c, cat, d.campaign.year, nominee_inst, in->person_id,
			   work_start, err))
		return app_abort(ctx, c, err);
	/* the branch: the nearest branch center at or above the nominator
	 * (parent_id walked, at most MAX_DEPTH links). It endorses and its
	 * quota counts; a branch center's own nomination is in its own scope,
	 * endorsed at once (it is the branch); none (the center, or no branch
	 * center above): endorsed at once, no branch quota */
	parent = nominator;
	for (int depth = 0; depth < MAX_DEPTH && strcmp(parent.type, "center"); depth++) {
		if (!strcmp(parent.type, "branch_center")) {
			branch = parent.id;
			break;
		}
		if (!parent.parent_id)
			break;
		rc = store_institution_get(c, ctx->arena, parent.parent_id, &parent);
		if (rc)
			return app_finish(ctx, c, rc, err);
	}
	rc = store_commend_quotas(c, ctx->arena, in->campaign_id, &d.quotas, &d.nquotas);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (check_quota(ctx, c, &d, cat, branch,
			nominator.province ? nominator.province : "", 0, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	memset(&n, 0, sizeof(n));
	n.campaign_id = in->campaign_id;
	n.category = cat->code;
	n.institution_id = nominee_inst;
	n.person_id = in->person_id;
	n.nominated_by = in->nominated_by;
	n.branch_id = branch;
	n.achievements = in->achievements;
	endorse = !branch || branch == nominator.id;
	n.status = endorse ? "endorsed" : "submitted";
	n.endorsed_by = endorse ? app_actor_name(ctx) : "";
	n.endorsed_at = endorse ? now : NULL;
	n.created_by = app_actor_name(ctx);
	n.created_at = now;
	/* the figures the registry knows of the nominee's year, filled in,
	 * not typed (app/figures.c), kept as they were at submission */
	if (comm_figures_json(ctx, c, d.campaign.year, in->person_id ? 0 : nominee_inst,
			      in->person_id, &n.figures, err))
		return app_abort(ctx, c, err);
	rc = store_commend_nom_insert(c, &n, id);
	if (rc == STORE_CONFLICT) {
		*id = 0;
		app_fail(err, APP_CONFLICT,
			 cat->kind == COMMEND_PERSON ? "person_id" : "institution_id",
			 "commendation.nominated_twice");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.nominate", "commendation_nomination",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:I, s:s, s:I, s:I, s:I, s:I, s:s}",
					"campaign_id", (json_int_t)n.campaign_id,
					"category", n.category, "institution_id",
					(json_int_t)n.institution_id, "person_id",
					(json_int_t)n.person_id, "nominated_by",
					(json_int_t)n.nominated_by, "branch_id",
					(json_int_t)n.branch_id, "status", n.status));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

/* The nomination and its campaign, read by whoever may read it (else
 * forbidden). */
static enum app_status load_nom(struct app_ctx *ctx, struct store_conn *c, long long id,
				struct commendation_nomination *n,
				struct commendation_campaign *x, struct app_error *err)
{
	enum store_err rc = store_commend_nom_get(c, ctx->arena, id, n);

	if (rc == STORE_OK)
		rc = store_commend_get(c, ctx->arena, n->campaign_id, x);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc == STORE_OK && !may_read(ctx, c, n))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return APP_OK;
}

enum app_status app_commend_nom_get(struct app_ctx *ctx, long long id,
				    struct commend_nom_detail *out, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load_nom(ctx, c, id, &out->nom, &out->campaign, err)) {
		store_release(c);
		return err->status;
	}
	out->edit = !strcmp(out->campaign.status, "nominating") &&
		    may(ctx, c, PERM_COMMEND_NOMINATE, out->nom.nominated_by) &&
		    (!strcmp(out->nom.status, "submitted") ||
		     !strcmp(out->nom.status, "returned") ||
		     !strcmp(out->nom.status, "endorsed"));
	out->endorse = out->nom.branch_id && !strcmp(out->nom.status, "submitted") &&
		       !strcmp(out->campaign.status, "nominating") &&
		       may(ctx, c, PERM_COMMEND_NOMINATE, out->nom.branch_id);
	rc = store_commend_atts(c, ctx->arena, id, &out->atts, &out->natts);
	return app_read_done(ctx, c, rc, err);
}

/* A transaction on nomination id for a change: the campaign's lock, the
 * nomination readable, the campaign nominating. */
static struct store_conn *begin_nom(struct app_ctx *ctx, long long id,
				    struct commendation_nomination *n,
				    struct commendation_campaign *x, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	rc = store_commend_nom_get(c, ctx->arena, id, n);
	if (rc == STORE_OK)
		rc = store_commend_lock(c, n->campaign_id);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		app_abort(ctx, c, err);
		return NULL;
	}
	if (rc) {
		app_finish(ctx, c, rc, err);
		return NULL;
	}
	if (load_nom(ctx, c, id, n, x, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

/* The branch center's decision on a submitted nomination. */
static enum app_status decide(struct app_ctx *ctx, long long id, bool endorse,
			      const char *reason, struct app_error *err)
{
	struct commendation_nomination n;
	struct commendation_campaign x;
	struct store_conn *c = begin_nom(ctx, id, &n, &x, err);
	char now[32];
	enum store_err rc;

	if (!c)
		return err->status;
	if (!n.branch_id || app_authorize(ctx, c, PERM_COMMEND_NOMINATE, n.branch_id, err)) {
		if (!n.branch_id)
			app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
		return app_abort(ctx, c, err);
	}
	if (strcmp(x.status, "nominating")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.status_wrong");
		return app_abort(ctx, c, err);
	}
	if (strcmp(n.status, "submitted")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.nom_status");
		return app_abort(ctx, c, err);
	}
	if (!endorse &&
	    (!reason || !*reason || str_utf8_len(reason, strlen(reason)) > 1000)) {
		app_fail(err, APP_INVALID, "reason", "commendation.reason_required");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_commend_nom_status(c, id, "submitted", endorse ? "endorsed" : "returned",
				      endorse ? "" : reason,
				      endorse ? app_actor_name(ctx) : "", now);
	if (rc == STORE_OK && endorse)
		rc = app_audit(ctx, c, "commendation.endorse", "commendation_nomination",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", n.status),
			       app_json(ctx, "{s:s}", "status", "endorsed"));
	else if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.return", "commendation_nomination",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", n.status),
			       app_json(ctx, "{s:s, s:s}", "status", "returned", "reason",
					reason));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_commend_endorse(struct app_ctx *ctx, long long id, struct app_error *err)
{
	return decide(ctx, id, true, NULL, err);
}

enum app_status app_commend_return(struct app_ctx *ctx, long long id, const char *reason,
				   struct app_error *err)
{
	return decide(ctx, id, false, reason, err);
}

/* A transaction on nomination id for its nominator, while nominating. */
static struct store_conn *begin_nominator(struct app_ctx *ctx, long long id,
					  struct commendation_nomination *n,
					  struct commendation_campaign *x,
					  struct app_error *err)
{
	struct store_conn *c = begin_nom(ctx, id, n, x, err);

	if (!c)
		return NULL;
	if (app_authorize(ctx, c, PERM_COMMEND_NOMINATE, n->nominated_by, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	if (strcmp(x->status, "nominating")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.status_wrong");
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

enum app_status app_commend_withdraw(struct app_ctx *ctx, long long id, struct app_error *err)
{
	struct commendation_nomination n;
	struct commendation_campaign x;
	struct store_conn *c = begin_nominator(ctx, id, &n, &x, err);
	char now[32];
	enum store_err rc;

	if (!c)
		return err->status;
	if (strcmp(n.status, "submitted") && strcmp(n.status, "returned") &&
	    strcmp(n.status, "endorsed")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.nom_status");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_commend_nom_status(c, id, n.status, "withdrawn", n.status_reason, "",
				      now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.withdraw", "commendation_nomination",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", n.status),
			       app_json(ctx, "{s:s}", "status", "withdrawn"));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_commend_resubmit(struct app_ctx *ctx, long long id,
				     const char *achievements, struct app_error *err)
{
	struct commendation_nomination n;
	struct commendation_campaign x;
	struct store_conn *c = begin_nominator(ctx, id, &n, &x, err);
	const char *figures = NULL;
	char now[32];
	enum store_err rc;

	if (!c)
		return err->status;
	if (strcmp(n.status, "returned")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.nom_status");
		return app_abort(ctx, c, err);
	}
	if (!achievements || !*achievements)
		achievements = n.achievements;
	if (str_utf8_len(achievements, strlen(achievements)) > COMMEND_ACHIEVEMENTS_MAX) {
		app_fail(err, APP_INVALID, "achievements", "commendation.achievements");
		return app_abort(ctx, c, err);
	}
	/* resubmitted: the figures as they are now */
	if (comm_figures_json(ctx, c, x.year, n.person_id ? 0 : n.institution_id,
			      n.person_id, &figures, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_commend_nom_resubmit(c, id, achievements, figures, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.nominate", "commendation_nomination",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s, s:s}", "status", "returned", "reason",
					n.status_reason),
			       app_json(ctx, "{s:s, s:b}", "status", "submitted",
					"resubmitted", 1));
	return app_finish(ctx, c, rc, err);
}

/* PDF, JPEG or PNG by magic bytes; NULL for anything else. */
static const char *sniff(const unsigned char *p, size_t n)
{
	if (n >= 5 && !memcmp(p, "%PDF-", 5))
		return "application/pdf";
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	return NULL;
}

/* A filename shown to others: no control character (below 0x20, DEL, the
 * C1 controls) and no bidi control (U+200E/U+200F, U+202A..U+202E,
 * U+2066..U+2069) that would make "exe.pdf" read as another name. s is valid
 * UTF-8. */
static bool filename_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			return false;
		if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
			return false;
		if (p[0] == 0xe2 && p[1] == 0x80 &&
		    (p[2] == 0x8e || p[2] == 0x8f || (p[2] >= 0xaa && p[2] <= 0xae)))
			return false;
		if (p[0] == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)
			return false;
	}
	return true;
}

enum app_status app_commend_attach(struct app_ctx *ctx, long long id,
				   const char *filename, const void *data, size_t len,
				   long long *att_id, struct app_error *err)
{
	struct commendation_nomination n;
	struct commendation_campaign x;
	struct commendation_attachment a, *atts = NULL;
	size_t natts = 0;
	const char *mime;
	struct buf b;
	char now[32], digest[SECRET_DIGEST_HEX];
	struct store_conn *c = begin_nominator(ctx, id, &n, &x, err);
	enum store_err rc;

	*att_id = 0;
	if (!c)
		return err->status;
	if (!strcmp(n.status, "withdrawn")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.nom_status");
		return app_abort(ctx, c, err);
	}
	if (!filename || !*filename || strlen(filename) > 200 || strchr(filename, '/') ||
	    !str_utf8_valid(filename, strlen(filename)) || !filename_clean(filename)) {
		app_fail(err, APP_INVALID, "filename", "commendation.attach.filename");
		return app_abort(ctx, c, err);
	}
	if (!data || !len || len > COMMEND_ATTACH_BYTES) {
		app_fail(err, APP_INVALID, "file", "commendation.attach.size");
		return app_abort(ctx, c, err);
	}
	if (!(mime = sniff(data, len))) {
		app_fail(err, APP_INVALID, "file", "commendation.attach.type");
		return app_abort(ctx, c, err);
	}
	rc = store_commend_atts(c, ctx->arena, id, &atts, &natts);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (natts >= COMMEND_ATTACH_MAX) {
		app_fail(err, APP_CONFLICT, "file", "commendation.attach.count");
		return app_abort(ctx, c, err);
	}
	secret_sha256_hex(data, len, digest);
	buf_init(&b, 0);
	buf_base64(&b, data, len);
	buf_putc(&b, '\0');
	time_now_iso(now, sizeof(now));
	memset(&a, 0, sizeof(a));
	a.nomination_id = id;
	a.filename = filename;
	a.mime = mime;
	a.size = (long long)len;
	a.digest = digest;
	a.data = b.data ? b.data : "";
	a.created_by = app_actor_name(ctx);
	a.created_at = now;
	rc = b.err ? STORE_ERROR : store_commend_att_insert(c, &a, att_id);
	buf_release(&b);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.attach", "commendation_nomination",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:I, s:s}", "attachment_id",
					(json_int_t)*att_id, "filename", filename, "mime",
					mime, "size", (json_int_t)len, "digest", digest));
	if (rc)
		*att_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_commend_attachment(struct app_ctx *ctx, long long att_id,
				       struct commendation_attachment *out,
				       const void **data, size_t *len, struct app_error *err)
{
	struct commendation_nomination n;
	struct commendation_campaign x;
	struct store_conn *c;
	enum store_err rc;

	*data = NULL;
	*len = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_commend_att_get(c, ctx->arena, att_id, out);
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	if (rc)
		return app_read_done(ctx, c, rc, err);
	if (load_nom(ctx, c, out->nomination_id, &n, &x, err)) {
		store_release(c);
		return err->status;
	}
	store_release(c);
	if (!app_base64_decode(ctx, out->data, data, len))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}
