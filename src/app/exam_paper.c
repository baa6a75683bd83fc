/*
 * exam_paper.c - blueprints and papers of theory exams (issue 19;
 * migration 0042; docs/exams.md): a bank's blueprints (鉴定要素细目表)
 * kept by version, a paper assembled for a plan from the approved items
 * of the bank (core/exam.h), sealed by the SHA-256 of its canonical bytes
 * and verified against the stored items. Items and keys go only to those
 * who approve the bank's items: an exam officer sees counts, not items.
 */
#include <inttypes.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "services/secret.h"

#define CANONICAL_MAX (64u << 20)

/* ---- blueprints ---- */

enum app_status app_blueprint_add(struct app_ctx *ctx, long long institution_id,
				  const char *doc, long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct exam_blueprint *bp;
	struct exam_blueprint_row row;
	struct institution inst;
	struct rule_error rerr = {0};
	char now[32];
	enum store_err rc;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (institution_id <= 0)
		return app_fail(err, APP_INVALID, "institution_id", "val.item.institution");
	if (!doc)
		return app_fail(err, APP_INVALID, "doc", "val.blueprint.json");
	bp = arena_alloc(ctx->arena, sizeof(*bp));
	if (!exam_blueprint_parse(doc, bp, &rerr))
		return app_fail(err, APP_INVALID,
				rerr.field && *rerr.field ? rerr.field : "doc", rerr.msg);
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_institution_get(c, ctx->arena, institution_id, &inst);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "institution_id", "val.item.institution");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_ITEM_APPROVE, institution_id, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	memset(&row, 0, sizeof(row));
	row.institution_id = institution_id;
	row.occupation_code = bp->occupation;
	row.level = bp->level;
	row.version = bp->version;
	row.doc = doc;
	row.minutes = bp->minutes;
	row.created_by = app_actor_name(ctx);
	row.created_at = now;
	rc = store_exam_blueprint_insert(c, &row, id);
	if (rc == STORE_CONFLICT) {
		*id = 0;
		app_fail(err, APP_CONFLICT, "version", "err.blueprint.version_taken");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "blueprint.add", "exam_blueprint",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:I, s:s, s:i, s:s}", "institution_id",
					(json_int_t)institution_id, "occupation_code",
					bp->occupation, "level", bp->level, "version",
					bp->version));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_blueprints(struct app_ctx *ctx, long long institution_id,
			       struct exam_blueprint_row **items, size_t *n,
			       struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (institution_id < 0)
		return app_fail(err, APP_INVALID, "institution_id", "val.item.institution");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_ITEM_WRITE, institution_id, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_exam_blueprints(c, ctx->arena, institution_id, items, n);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_blueprint_get(struct app_ctx *ctx, long long id,
				  struct exam_blueprint_row *out, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_exam_blueprint_get(c, ctx->arena, id, out);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_ITEM_WRITE, out->institution_id, err)) {
		store_release(c);
		return err->status;
	}
	return app_read_done(ctx, c, rc, err);
}

/* ---- papers ---- */

/* A stored version as an item of core/item.h (strings in the arena):
 * false when its options are not a JSON array of strings. */
static bool row_item(struct app_ctx *ctx, const struct exam_item_row *x, struct item *it)
{
	json_t *opts = json_loads(x->options, 0, NULL), *v;
	size_t i;

	memset(it, 0, sizeof(*it));
	if (!opts || !json_is_array(opts) || json_array_size(opts) > ITEM_MAX_OPTIONS) {
		json_decref(opts);
		return false;
	}
	json_array_foreach(opts, i, v)
	{
		if (!json_is_string(v)) {
			json_decref(opts);
			return false;
		}
		it->options[i] = arena_strdup(ctx->arena, json_string_value(v));
	}
	it->noptions = (int)json_array_size(opts);
	json_decref(opts);
	it->id = x->id;
	snprintf(it->ref, sizeof(it->ref), "%s", x->ref);
	snprintf(it->point, sizeof(it->point), "%s", x->point);
	it->kind = item_kind_parse(x->kind);
	it->stem = arena_strdup(ctx->arena, x->stem);
	it->key = (unsigned)x->answer_key;
	it->explanation = x->explanation && *x->explanation
				  ? arena_strdup(ctx->arena, x->explanation)
				  : NULL;
	return true;
}

enum app_status app_paper_managed(struct app_ctx *ctx, struct store_conn *c, long long id,
				  struct exam_paper_row *p, long long *plan_institution,
				  struct app_error *err)
{
	struct plan plan;
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	rc = store_exam_paper_get(c, ctx->arena, id, p);
	if (rc == STORE_OK)
		rc = store_plan_get(c, ctx->arena, p->plan_id, &plan);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (plan_institution)
		*plan_institution = plan.institution_id;
	return app_authorize(ctx, c, PERM_PLAN_MANAGE, plan.institution_id, err);
}

enum app_status app_paper_build(struct app_ctx *ctx, struct store_conn *c,
				const struct exam_paper_row *p,
				struct exam_paper_item_row **rows, size_t *nrows,
				struct exam_paper *out, struct app_error *err)
{
	enum store_err rc = store_exam_paper_items(c, ctx->arena, p->id, rows, nrows);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (*nrows > EXAM_MAX_ITEMS)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	memset(out, 0, sizeof(*out));
	out->seed = strtoull(p->seed, NULL, 10);
	out->n = *nrows;
	for (size_t i = 0; i < *nrows; i++) {
		struct item *it = arena_alloc(ctx->arena, sizeof(*it));

		if (!it || !row_item(ctx, &(*rows)[i].x, it))
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
		out->items[i].item = it;
		out->items[i].score = (*rows)[i].score;
		out->total += (*rows)[i].score;
	}
	return APP_OK;
}

/* The paper's stored items rebuilt into *out (core/exam.h) and its
 * canonical digest into hex. */
static enum app_status rebuild(struct app_ctx *ctx, struct store_conn *c,
			       const struct exam_paper_row *p,
			       struct exam_paper_item_row **rows, size_t *nrows,
			       struct exam_paper *out, char hex[SECRET_DIGEST_HEX],
			       struct app_error *err)
{
	struct buf b;

	if (app_paper_build(ctx, c, p, rows, nrows, out, err))
		return err->status;
	buf_init(&b, CANONICAL_MAX);
	if (!exam_paper_canonical(out, &b)) {
		buf_release(&b);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	secret_sha256_hex(b.data, b.len, hex);
	buf_release(&b);
	return APP_OK;
}

/* Whether the blueprint's bank serves the plan's institution: it is the
 * plan's institution or one of its ancestors (the center's bank serves
 * the network). */
static enum app_status bank_serves(struct app_ctx *ctx, struct store_conn *c, long long bank,
				   long long plan_institution, struct app_error *err)
{
	long long anc[64];
	size_t n = 0;
	enum store_err rc = store_institution_ancestry(c, plan_institution, anc, 64, &n);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < n; i++)
		if (anc[i] == bank)
			return APP_OK;
	return app_fail(err, APP_INVALID, "blueprint_id", "err.paper.blueprint_bank");
}

/* The audit record's view of a paper. */
static const char *paper_summary(struct app_ctx *ctx, const struct exam_paper_row *p,
				 size_t nitems)
{
	return app_json(ctx, "{s:I, s:I, s:s, s:s, s:I, s:I, s:s}", "plan_id",
			(json_int_t)p->plan_id, "blueprint_id",
			(json_int_t)p->blueprint_id, "seed", p->seed, "status", p->status,
			"warnings", (json_int_t)p->warnings, "items", (json_int_t)nitems,
			"digest", p->digest ? p->digest : "");
}

enum app_status app_paper_assemble(struct app_ctx *ctx, long long plan_id,
				   long long blueprint_id, bool has_seed, uint64_t seed,
				   struct paper_made *out, struct app_error *err)
{
	struct store_conn *c;
	struct plan plan;
	struct exam_blueprint_row bprow;
	struct exam_blueprint *bp;
	struct exam_bank_row *rows = NULL;
	struct exam_bank_item *bank;
	struct exam_paper *paper;
	struct exam_paper_row p;
	struct rule_error rerr = {0};
	size_t nrows = 0;
	char now[32];
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (blueprint_id <= 0)
		return app_fail(err, APP_INVALID, "blueprint_id", "val.paper.blueprint");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_plan_get(c, ctx->arena, plan_id, &plan);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_PLAN_MANAGE, plan.institution_id, err))
		return app_abort(ctx, c, err);
	/* a paper is for an exam still to be sat: not once scoring began */
	if (plan_status_parse(plan.status) > PLAN_IN_PROGRESS) {
		app_fail(err, APP_CONFLICT, "status", "err.paper.plan_status");
		return app_abort(ctx, c, err);
	}
	rc = store_exam_blueprint_get(c, ctx->arena, blueprint_id, &bprow);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "blueprint_id", "val.paper.blueprint");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (bank_serves(ctx, c, bprow.institution_id, plan.institution_id, err))
		return app_abort(ctx, c, err);
	if (!plan.occupation_code || strcmp(plan.occupation_code, bprow.occupation_code) ||
	    plan.level != bprow.level) {
		app_fail(err, APP_INVALID, "blueprint_id", "err.paper.blueprint_plan");
		return app_abort(ctx, c, err);
	}
	bp = arena_alloc(ctx->arena, sizeof(*bp));
	if (!exam_blueprint_parse(bprow.doc, bp, &rerr)) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		return app_abort(ctx, c, err);
	}
	rc = store_exam_bank(c, ctx->arena, bprow.institution_id, bprow.occupation_code,
			     bprow.level, &rows, &nrows);
	if (rc)
		return app_finish(ctx, c, rc, err);
	bank = arena_alloc(ctx->arena, sizeof(*bank) * (nrows ? nrows : 1));
	for (size_t i = 0; i < nrows; i++) {
		struct item *it = arena_alloc(ctx->arena, sizeof(*it));

		if (!row_item(ctx, &rows[i].x, it)) {
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
			return app_abort(ctx, c, err);
		}
		bank[i].item = it;
		bank[i].retired = false;
		/* the version's difficulty once enough attempts gave a verdict */
		bank[i].p_value = rows[i].stat_attempts >= EXAM_STATS_MIN
					  ? rows[i].p_milli / 1000.0
					  : -1;
		bank[i].used = (int)rows[i].used;
	}
	if (!has_seed)
		seed = secret_random_u64();
	paper = arena_alloc(ctx->arena, sizeof(*paper));
	if (!exam_assemble(bp, bank, nrows, seed, paper, &rerr)) {
		out->missing = paper->missing;
		app_fail(err, APP_INVALID,
			 rerr.field ? arena_strdup(ctx->arena, rerr.field) : "blueprint_id",
			 rerr.msg ? rerr.msg : "err.exam.shortfall");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&p, 0, sizeof(p));
	p.plan_id = plan_id;
	p.blueprint_id = blueprint_id;
	p.seed = arena_printf(ctx->arena, "%" PRIu64, seed);
	p.status = "draft";
	p.digest = "";
	p.warnings = paper->warnings;
	p.created_by = app_actor_name(ctx);
	p.created_at = now;
	rc = store_exam_paper_insert(c, &p, &out->id);
	for (size_t i = 0; rc == STORE_OK && i < paper->n; i++)
		rc = store_exam_paper_item_insert(c, out->id, (int)i + 1,
						  rows[paper->items[i].bank_index].x.id,
						  paper->items[i].score);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "paper.assemble", "exam_paper",
			       app_idtext(ctx, out->id), NULL,
			       paper_summary(ctx, &p, paper->n));
	if (rc) {
		out->id = 0;
		return app_finish(ctx, c, rc, err);
	}
	out->seed = seed;
	out->warnings = paper->warnings;
	out->nitems = paper->n;
	out->total = paper->total;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_papers(struct app_ctx *ctx, long long plan_id,
			   struct exam_paper_row **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	struct plan plan;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_plan_get(c, ctx->arena, plan_id, &plan);
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_PLAN_MANAGE, plan.institution_id, err)) {
		store_release(c);
		return err->status;
	}
	if (rc == STORE_OK)
		rc = store_exam_papers(c, ctx->arena, plan_id, items, n);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_paper_get(struct app_ctx *ctx, long long id, struct paper_view *out,
			      struct app_error *err)
{
	struct store_conn *c;
	struct app_error probe;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_paper_managed(ctx, c, id, &out->p, NULL, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_exam_paper_items(c, ctx->arena, id, &out->items, &out->nitems);
	if (rc)
		return app_read_done(ctx, c, rc, err);
	for (size_t i = 0; i < out->nitems; i++) {
		int k = item_kind_parse(out->items[i].x.kind);

		if (k >= 1 && k <= EXAM_NKINDS)
			out->count[k - 1]++;
		out->total += out->items[i].score;
	}
	/* the items and their keys: only for who approves the bank's items */
	memset(&probe, 0, sizeof(probe));
	out->with_items = app_authorize(ctx, c, PERM_ITEM_APPROVE,
					out->p.bank_institution_id, &probe) == APP_OK;
	if (!out->with_items)
		out->items = NULL;
	return app_read_done(ctx, c, STORE_OK, err);
}

enum app_status app_paper_seal(struct app_ctx *ctx, long long id, char digest[65],
			       struct app_error *err)
{
	struct store_conn *c;
	struct exam_paper_row p;
	struct exam_paper_item_row *rows = NULL;
	struct exam_paper *paper;
	const char *before;
	size_t nrows = 0;
	char now[32];
	enum store_err rc;

	digest[0] = 0;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_paper_managed(ctx, c, id, &p, NULL, err))
		return app_abort(ctx, c, err);
	if (strcmp(p.status, "draft")) {
		app_fail(err, APP_CONFLICT, "status", "err.paper.sealed");
		return app_abort(ctx, c, err);
	}
	paper = arena_alloc(ctx->arena, sizeof(*paper));
	if (rebuild(ctx, c, &p, &rows, &nrows, paper, digest, err))
		return app_abort(ctx, c, err);
	before = paper_summary(ctx, &p, nrows);
	time_now_iso(now, sizeof(now));
	rc = store_exam_paper_seal(c, id, digest, app_actor_name(ctx), now);
	if (rc == STORE_NOT_FOUND) /* sealed by another meanwhile */
		rc = STORE_CONFLICT;
	p.status = "sealed";
	p.digest = digest;
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "paper.seal", "exam_paper", app_idtext(ctx, id),
			       before, paper_summary(ctx, &p, nrows));
	if (rc)
		digest[0] = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_paper_verify(struct app_ctx *ctx, long long id,
				 struct paper_check *out, struct app_error *err)
{
	struct store_conn *c;
	struct exam_paper_row p;
	struct exam_paper_item_row *rows = NULL;
	struct exam_paper *paper;
	size_t nrows = 0;
	char *hex;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_paper_managed(ctx, c, id, &p, NULL, err)) {
		store_release(c);
		return err->status;
	}
	paper = arena_alloc(ctx->arena, sizeof(*paper));
	hex = arena_alloc(ctx->arena, SECRET_DIGEST_HEX);
	if (rebuild(ctx, c, &p, &rows, &nrows, paper, hex, err)) {
		store_release(c);
		return err->status;
	}
	out->sealed = !strcmp(p.status, "sealed");
	out->digest = p.digest;
	out->computed = hex;
	out->matches = out->sealed && !strcmp(p.digest, hex);
	return app_read_done(ctx, c, STORE_OK, err);
}
