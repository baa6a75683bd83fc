/*
 * item_io.c - the item bank in and out (issue 19; docs/exams.md): items
 * imported from a QTI 3.0 (or 2.1) content package or from the item
 * writers' spreadsheet (services/qti.c) as drafts of the actor, every item
 * or row refused with its reason and then none written; a bank's items
 * exported the same two ways.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/registry.h"
#include "services/qti.h"

/* A refusal as a problem of the report (strings copied to the arena). */
static void refuse(struct app_ctx *ctx, struct item_import_report *rep, size_t line,
		   const char *where, const char *ref, const char *field, const char *msg)
{
	struct item_import_problem *p;

	if (rep->nproblems % 16 == 0) {
		struct item_import_problem *g =
			arena_alloc(ctx->arena, (rep->nproblems + 16) * sizeof(*g));

		if (rep->nproblems)
			memcpy(g, rep->problems, rep->nproblems * sizeof(*g));
		rep->problems = g;
	}
	p = &rep->problems[rep->nproblems++];
	p->line = line;
	p->where = arena_strdup(ctx->arena, where ? where : "");
	p->ref = arena_strdup(ctx->arena, ref ? ref : "");
	p->field = field;
	p->msg = msg;
}

/* The options of it as the JSON array the bank keeps, in the arena. */
static const char *options_json(struct app_ctx *ctx, const struct item *it)
{
	json_t *a = json_array();
	char *text;
	const char *out;

	for (int i = 0; i < it->noptions; i++)
		json_array_append_new(a, json_string(it->options[i]));
	text = json_dumps(a, JSON_COMPACT);
	json_decref(a);
	out = text ? arena_strdup(ctx->arena, text) : "[]";
	free(text);
	return out;
}

static bool is_package(const void *data, size_t len)
{
	/* a ZIP: an XLSX is one too; a content package has its manifest */
	return len > 4 && !memcmp(data, "PK\3\4", 4) &&
	       memmem(data, len, "imsmanifest.xml", 15) != NULL;
}

enum app_status app_item_import(struct app_ctx *ctx, const struct item_import_input *in,
				const void *data, size_t len, bool dry_run,
				struct item_import_report *rep, struct app_error *err)
{
	struct qti_import im;
	struct store_conn *c;
	struct institution inst;
	char now[32];
	enum store_err rc = STORE_OK;
	int read_rc;

	memset(rep, 0, sizeof(*rep));
	memset(&im, 0, sizeof(im));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!app_can(ctx, PERM_ITEM_WRITE)) /* nobody's bank: nothing to name */
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!in->occupation_code || !occupation_code_valid(in->occupation_code))
		return app_fail(err, APP_INVALID, "occupation_code", "val.item.occupation");
	if (in->level < 1 || in->level > 5)
		return app_fail(err, APP_INVALID, "level", "val.item.level");
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
	rep->format = is_package(data, len) ? "qti" : "sheet";
	read_rc = !strcmp(rep->format, "qti") ? qti_package_read(data, len, &im)
					      : qti_sheet_read(data, len, &im);
	if (read_rc) {
		/* the file as a whole: not a package or a sheet, a limit */
		app_fail(err, APP_INVALID, "file", im.error ? im.error : "val.qti.not_zip");
		qti_import_release(&im);
		return app_abort(ctx, c, err);
	}
	rep->items = im.nitems + im.nrefused;
	for (size_t i = 0; i < im.nrefused; i++)
		refuse(ctx, rep, im.refused[i].line, im.refused[i].where,
		       im.refused[i].ref, im.refused[i].field, im.refused[i].key);
	time_now_iso(now, sizeof(now));
	for (size_t i = 0; i < im.nitems && rc == STORE_OK; i++) {
		const struct item *it = &im.items[i];
		struct exam_item_row x;
		int last = 0;
		bool twice = false;

		for (size_t j = 0; j < i && !twice; j++)
			twice = !strcmp(im.items[j].ref, it->ref);
		if (twice) {
			refuse(ctx, rep, 0, "", it->ref, "ref", "err.item.ref_repeated");
			continue;
		}
		memset(&x, 0, sizeof(x));
		x.institution_id = in->institution_id;
		x.occupation_code = in->occupation_code;
		x.level = in->level;
		x.ref = arena_strdup(ctx->arena, it->ref);
		rc = store_exam_item_last_version(c, &x, &last);
		if (rc)
			break;
		if (last) {
			refuse(ctx, rep, 0, "", it->ref, "ref", "err.item.ref_taken");
			continue;
		}
		if (rep->nproblems || dry_run)
			continue; /* nothing is written; the rest is still checked */
		x.version = 1;
		x.kind = item_kind_name(it->kind);
		x.point = arena_strdup(ctx->arena, it->point);
		x.stem = arena_strdup(ctx->arena, it->stem);
		x.options = options_json(ctx, it);
		x.answer_key = it->key;
		x.explanation = arena_strdup(ctx->arena,
					     it->explanation ? it->explanation : "");
		x.status = "draft";
		x.author = app_actor_name(ctx);
		x.created_at = now;
		{
			long long id = 0;

			rc = store_exam_item_insert(c, &x, &id);
			if (rc == STORE_OK)
				rep->created++;
		}
	}
	qti_import_release(&im);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (rep->nproblems) {
		rep->created = 0;
		app_fail(err, APP_INVALID, NULL, "err.item.import_refused");
		return app_abort(ctx, c, err);
	}
	if (dry_run) {
		app_abort(ctx, c, err);
		return APP_OK;
	}
	rc = app_audit(ctx, c, "item.import", "institution",
		       app_idtext(ctx, in->institution_id), NULL,
		       app_json(ctx, "{s:s, s:i, s:s, s:I}", "occupation_code",
				in->occupation_code, "level", in->level, "format",
				rep->format, "created", (json_int_t)rep->created));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_item_export(struct app_ctx *ctx, const struct exam_item_filter *f,
				const char *format, struct buf *out, size_t *count,
				struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row *rows = NULL;
	struct exam_item_filter q = *f;
	struct item *items;
	size_t n = 0;
	char why[256] = "";
	enum store_err rc;
	int w;

	*count = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!app_can(ctx, PERM_ITEM_APPROVE))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!format || (strcmp(format, "qti") && strcmp(format, "xlsx")))
		return app_fail(err, APP_INVALID, "format", "val.item.export_format");
	if (q.institution_id <= 0)
		return app_fail(err, APP_INVALID, "institution_id", "val.item.institution");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	/* the keys go with the items: the bank's approvers only */
	if (app_authorize(ctx, c, PERM_ITEM_APPROVE, q.institution_id, err)) {
		store_release(c);
		return err->status;
	}
	if (!q.status || !*q.status)
		q.status = "approved";
	q.limit = QTI_MAX_ITEMS + 1;
	rc = store_exam_items(c, ctx->arena, &q, &rows, &n);
	if (rc)
		return app_read_done(ctx, c, rc, err);
	store_release(c);
	if (n > QTI_MAX_ITEMS) /* an export that would not import back */
		return app_fail(err, APP_INVALID, "status", "val.item.export_many");
	items = arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*items));
	memset(items, 0, (n ? n : 1) * sizeof(*items));
	/* oldest first: the order they were written in */
	for (size_t i = 0; i < n; i++) {
		const struct exam_item_row *x = &rows[n - 1 - i];
		struct item *it = &items[i];
		json_t *opts = json_loads(x->options, 0, NULL);

		snprintf(it->ref, sizeof(it->ref), "%s", x->ref);
		snprintf(it->point, sizeof(it->point), "%s", x->point);
		it->kind = item_kind_parse(x->kind);
		it->stem = (char *)x->stem;
		it->explanation = *x->explanation ? (char *)x->explanation : NULL;
		it->key = (unsigned)x->answer_key;
		for (size_t k = 0; k < json_array_size(opts) && k < ITEM_MAX_OPTIONS; k++)
			it->options[it->noptions++] = arena_strdup(
				ctx->arena, json_string_value(json_array_get(opts, k)));
		json_decref(opts);
	}
	w = !strcmp(format, "qti") ? qti_package_write(items, n, out, why, sizeof(why))
				   : qti_sheet_write(items, n, out, why, sizeof(why));
	if (w) {
		log_error("item export: %s", why);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	*count = n;
	return APP_OK;
}
