/*
 * item.c - the item bank of theory exams (题库, issue 19; migration 0041;
 * docs/exams.md): items of an institution's bank for one occupation and
 * level, written, reviewed and approved by three different people, each
 * change of an approved item a new version, retired items kept for the
 * papers that used them.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/registry.h"

#define NOTE_MAX 2000

/* The version id with perm on its bank's institution. */
static enum app_status load_item(struct app_ctx *ctx, struct store_conn *c, long long id,
				 const char *perm, struct exam_item_row *x,
				 struct app_error *err)
{
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	rc = store_exam_item_get(c, ctx->arena, id, x);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, perm, x->institution_id, err);
}

/* The content of in (kind … explanation) checked as an item of ref and
 * written into x: options as a JSON array, the key as a bit set. */
static enum app_status content(struct app_ctx *ctx, const struct item_input *in,
			       const char *ref, struct exam_item_row *x,
			       struct app_error *err)
{
	struct item it;
	const char *field, *key;
	json_t *opts;
	char *text;

	memset(&it, 0, sizeof(it));
	if (!in->kind || !(it.kind = item_kind_parse(in->kind)))
		return app_fail(err, APP_INVALID, "kind", "val.item.kind");
	if (!in->point || strlen(in->point) >= sizeof(it.point))
		return app_fail(err, APP_INVALID, "point", "val.item.point");
	snprintf(it.ref, sizeof(it.ref), "%s", ref);
	snprintf(it.point, sizeof(it.point), "%s", in->point);
	it.stem = (char *)in->stem;
	it.explanation = in->explanation && *in->explanation ? (char *)in->explanation
							     : NULL;
	if (in->noptions < 0 || in->noptions > ITEM_MAX_OPTIONS)
		return app_fail(err, APP_INVALID, "options", "val.item.options_count");
	it.noptions = in->noptions;
	for (int i = 0; i < in->noptions; i++)
		it.options[i] = (char *)in->options[i];
	it.key = in->key ? item_key_parse(&it, in->key) : 0;
	if ((key = item_check(&it, &field)))
		return app_fail(err, APP_INVALID, field, key);
	opts = json_array();
	for (int i = 0; i < it.noptions; i++)
		json_array_append_new(opts, json_string(it.options[i]));
	text = json_dumps(opts, JSON_COMPACT);
	json_decref(opts);
	if (!text)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	x->options = arena_strdup(ctx->arena, text);
	free(text);
	x->kind = item_kind_name(it.kind);
	x->point = arena_strdup(ctx->arena, it.point);
	x->stem = in->stem;
	x->answer_key = it.key;
	x->explanation = it.explanation ? it.explanation : "";
	return APP_OK;
}

/* The audit record's view of a version. */
static const char *summary(struct app_ctx *ctx, const struct exam_item_row *x)
{
	return app_json(ctx, "{s:s, s:i, s:s, s:i, s:s, s:s, s:s}", "occupation_code",
			x->occupation_code, "level", x->level, "ref", x->ref, "version",
			x->version, "kind", x->kind, "point", x->point, "status",
			x->status);
}

enum app_status app_item_create(struct app_ctx *ctx, const struct item_input *in,
				long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x;
	struct institution inst;
	struct item probe;
	char now[32];
	enum store_err rc;

	*id = 0;
	memset(&x, 0, sizeof(x));
	if (!in->occupation_code || !occupation_code_valid(in->occupation_code))
		return app_fail(err, APP_INVALID, "occupation_code", "val.item.occupation");
	if (in->level < 1 || in->level > 5)
		return app_fail(err, APP_INVALID, "level", "val.item.level");
	if (!in->ref || strlen(in->ref) >= sizeof(probe.ref))
		return app_fail(err, APP_INVALID, "ref", "val.item.ref");
	if (content(ctx, in, in->ref, &x, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_institution_get(c, ctx->arena, in->institution_id, &inst);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "institution_id", "val.item.institution");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_ITEM_WRITE, in->institution_id, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	x.institution_id = in->institution_id;
	x.occupation_code = in->occupation_code;
	x.level = in->level;
	x.ref = in->ref;
	x.version = 1;
	x.status = "draft";
	x.author = app_actor_name(ctx);
	x.created_at = now;
	rc = store_exam_item_insert(c, &x, id);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "ref", "err.item.ref_taken");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "item.create", "exam_item", app_idtext(ctx, *id),
			       NULL, summary(ctx, &x));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

/* Loads the version for a step, in the status the step starts from. */
static struct store_conn *step_begin(struct app_ctx *ctx, long long id, const char *perm,
				     const char *from, struct exam_item_row *x,
				     struct app_error *err)
{
	struct store_conn *c;

	if (!(c = app_begin(ctx, err)))
		return NULL;
	if (load_item(ctx, c, id, perm, x, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	if (strcmp(x->status, from)) {
		app_fail(err, APP_CONFLICT, "status", "err.item.status");
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

/* Saves x (moved on from `from`) with an audit record of action. */
static enum app_status step_end(struct app_ctx *ctx, struct store_conn *c,
				const char *action, const char *before,
				const struct exam_item_row *x, const char *from,
				struct app_error *err)
{
	enum store_err rc = store_exam_item_save(c, x, from);

	if (rc == STORE_NOT_FOUND) /* moved on by another meanwhile */
		rc = STORE_CONFLICT;
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, action, "exam_item", app_idtext(ctx, x->id),
			       before, summary(ctx, x));
	return app_finish(ctx, c, rc, err);
}

/* Only the author changes or submits their draft. */
static bool is_author(struct app_ctx *ctx, const struct exam_item_row *x)
{
	return !strcmp(x->author, app_actor_name(ctx));
}

/* step_begin() of a draft, for its author only. */
static struct store_conn *draft_begin(struct app_ctx *ctx, long long id,
				      struct exam_item_row *x, struct app_error *err)
{
	struct store_conn *c = step_begin(ctx, id, PERM_ITEM_WRITE, "draft", x, err);

	if (c && !is_author(ctx, x)) {
		app_fail(err, APP_FORBIDDEN, NULL, "err.item.not_author");
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

enum app_status app_item_edit(struct app_ctx *ctx, long long id,
			      const struct item_input *in, struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x;
	const char *before;
	char now[32];

	if (!(c = draft_begin(ctx, id, &x, err)))
		return err->status;
	before = summary(ctx, &x);
	if (content(ctx, in, x.ref, &x, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	x.updated_at = now;
	return step_end(ctx, c, "item.edit", before, &x, "draft", err);
}

enum app_status app_item_submit(struct app_ctx *ctx, long long id, struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x;
	const char *before;
	char now[32];

	if (!(c = draft_begin(ctx, id, &x, err)))
		return err->status;
	before = summary(ctx, &x);
	time_now_iso(now, sizeof(now));
	x.status = "submitted";
	x.updated_at = now;
	return step_end(ctx, c, "item.submit", before, &x, "draft", err);
}

enum app_status app_item_review(struct app_ctx *ctx, long long id, bool pass,
				const char *note, struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x;
	const char *before;
	char now[32];

	if (note && strlen(note) > NOTE_MAX)
		return app_fail(err, APP_INVALID, "note", "val.item.note");
	if (!pass && (!note || !note[strspn(note, " \t\r\n")]))
		return app_fail(err, APP_INVALID, "note", "val.item.note_required");
	if (!(c = step_begin(ctx, id, PERM_ITEM_REVIEW, "submitted", &x, err)))
		return err->status;
	if (is_author(ctx, &x)) {
		app_fail(err, APP_FORBIDDEN, NULL, "err.item.recusal");
		return app_abort(ctx, c, err);
	}
	before = summary(ctx, &x);
	time_now_iso(now, sizeof(now));
	x.status = pass ? "reviewed" : "draft";
	x.reviewer = app_actor_name(ctx);
	x.review_note = note ? note : "";
	x.reviewed_at = now;
	x.updated_at = now;
	return step_end(ctx, c, pass ? "item.review" : "item.return", before, &x,
			"submitted", err);
}

enum app_status app_item_approve(struct app_ctx *ctx, long long id, struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x, old;
	const char *before;
	char now[32];
	enum store_err rc = STORE_OK;

	if (!(c = step_begin(ctx, id, PERM_ITEM_APPROVE, "reviewed", &x, err)))
		return err->status;
	if (is_author(ctx, &x) || !strcmp(x.reviewer, app_actor_name(ctx))) {
		app_fail(err, APP_FORBIDDEN, NULL, "err.item.recusal");
		return app_abort(ctx, c, err);
	}
	before = summary(ctx, &x);
	time_now_iso(now, sizeof(now));
	/* the version this one replaces goes out of use with it */
	if (x.supersedes) {
		rc = store_exam_item_get(c, ctx->arena, x.supersedes, &old);
		if (rc == STORE_OK && strcmp(old.status, "approved")) {
			/* retired (or replaced) meanwhile: its revision does not
			 * bring it back */
			app_fail(err, APP_CONFLICT, "status", "err.item.superseded_gone");
			return app_abort(ctx, c, err);
		}
		if (rc == STORE_OK) {
			old.status = "superseded";
			old.updated_at = now;
			rc = store_exam_item_save(c, &old, "approved");
			if (rc == STORE_NOT_FOUND) /* moved on by another meanwhile */
				rc = STORE_CONFLICT;
			if (rc == STORE_OK)
				rc = app_audit(ctx, c, "item.supersede", "exam_item",
					       app_idtext(ctx, old.id), NULL,
					       summary(ctx, &old));
		}
		if (rc)
			return app_finish(ctx, c, rc, err);
	}
	x.status = "approved";
	x.approver = app_actor_name(ctx);
	x.approved_at = now;
	x.updated_at = now;
	return step_end(ctx, c, "item.approve", before, &x, "reviewed", err);
}

enum app_status app_item_revise(struct app_ctx *ctx, long long id, long long *new_id,
				struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x;
	char now[32];
	int last = 0;
	enum store_err rc;

	*new_id = 0;
	if (!(c = step_begin(ctx, id, PERM_ITEM_WRITE, "approved", &x, err)))
		return err->status;
	rc = store_exam_item_last_version(c, &x, &last);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (last != x.version) {
		/* a newer version is on its way already */
		app_fail(err, APP_CONFLICT, NULL, "err.item.newer_version");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	x.supersedes = x.id;
	x.version = last + 1;
	x.status = "draft";
	x.author = app_actor_name(ctx);
	x.created_at = now;
	rc = store_exam_item_insert(c, &x, new_id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "item.revise", "exam_item",
			       app_idtext(ctx, *new_id), NULL, summary(ctx, &x));
	if (rc)
		*new_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_item_retire(struct app_ctx *ctx, long long id, const char *reason,
				struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x;
	const char *before;
	char now[32];

	if (!reason || !reason[strspn(reason, " \t\r\n")])
		return app_fail(err, APP_INVALID, "reason", "val.item.reason_required");
	if (strlen(reason) > NOTE_MAX)
		return app_fail(err, APP_INVALID, "reason", "val.item.note");
	if (!(c = step_begin(ctx, id, PERM_ITEM_APPROVE, "approved", &x, err)))
		return err->status;
	before = summary(ctx, &x);
	time_now_iso(now, sizeof(now));
	x.status = "retired";
	x.retired_at = now;
	x.retire_reason = reason;
	x.updated_at = now;
	return step_end(ctx, c, "item.retire", before, &x, "approved", err);
}

/* The key stays with those who judge it — the version's author, and
 * item.review on the bank (reviewers and approvers) — not with every
 * writer of the bank (an exam officer assembling papers): -1 for others. */
static void hide_key(struct app_ctx *ctx, struct store_conn *c, struct exam_item_row *x)
{
	struct app_error quiet;

	if (!is_author(ctx, x) &&
	    app_authorize(ctx, c, PERM_ITEM_REVIEW, x->institution_id, &quiet))
		x->answer_key = -1;
}

enum app_status app_item_get(struct app_ctx *ctx, long long id, struct exam_item_row *out,
			     struct app_error *err)
{
	struct store_conn *c;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load_item(ctx, c, id, PERM_ITEM_WRITE, out, err)) {
		store_release(c);
		return err->status;
	}
	hide_key(ctx, c, out);
	return app_read_done(ctx, c, STORE_OK, err);
}

enum app_status app_items(struct app_ctx *ctx, const struct exam_item_filter *f,
			  struct exam_item_row **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (f->institution_id < 0)
		return app_fail(err, APP_INVALID, "institution_id", "val.item.institution");
	if (f->limit < 0 || f->limit > 500)
		return app_fail(err, APP_INVALID, "limit", "val.item.limit");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_ITEM_WRITE, f->institution_id, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_exam_items(c, ctx->arena, f, items, n);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		hide_key(ctx, c, &(*items)[i]);
	return app_read_done(ctx, c, rc, err);
}
