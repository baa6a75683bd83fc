/*
 * registry_bulk.c - the registry in and out of spreadsheets.
 *
 * Import reads every row first (services/table streams them), checks each
 * against the same rules as a form, and reports every problem with its row
 * number, column and reason. Only a file without problems is applied, in
 * one transaction; a row equal to what is stored changes nothing, so
 * importing the same file twice is harmless. Export writes the same
 * columns, so an exported file imports back unchanged.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "app/internal.h"
#include "base/str.h"
#include "core/i18n.h"
#include "services/table.h"

enum col {
	COL_NAME,
	COL_TYPE,
	COL_BRANCH_KIND,
	COL_PROVINCE,
	COL_PARENT,
	COL_CREDIT,
	COL_OVERRIDE,
	COL_ADDRESS,
	COL_HOST,
	COL_CNAME,
	COL_CPHONE,
	COL_CEMAIL,
	COL_COUNT
};

/* Headings accepted for each column, Chinese first (the export's). */
static const char *const headings[COL_COUNT][3] = {
	[COL_NAME] = {"名称", "name", "机构名称"},
	[COL_TYPE] = {"类型", "type", "机构类型"},
	[COL_BRANCH_KIND] = {"分中心类别", "branch_kind", NULL},
	[COL_PROVINCE] = {"省份", "province", "所在省份"},
	[COL_PARENT] = {"上级机构", "parent", NULL},
	[COL_CREDIT] = {"统一社会信用代码", "credit_code", NULL},
	[COL_OVERRIDE] = {"信用代码说明", "credit_code_override", NULL},
	[COL_ADDRESS] = {"地址", "address", NULL},
	[COL_HOST] = {"主办单位", "host_org", NULL},
	[COL_CNAME] = {"联系人", "contact_name", NULL},
	[COL_CPHONE] = {"电话", "contact_phone", "联系电话"},
	[COL_CEMAIL] = {"邮箱", "contact_email", "电子邮箱"},
};

struct row {
	size_t line;
	struct institution_input in;
	const char *parent; /* as written: a name or an id */
	long long existing; /* id of the institution of that name, 0 = new */
};

struct reader {
	struct app_ctx *ctx;
	int col[COL_COUNT]; /* file column of each field, -1 = absent */
	struct row *rows;
	size_t nrows, cap;
	struct import_report *rep;
	size_t cap_problems;
	bool header_seen;
};

static void problem(struct reader *r, size_t line, int col, const char *msg)
{
	struct import_report *rep = r->rep;

	if (rep->nproblems == r->cap_problems) {
		size_t cap = r->cap_problems ? r->cap_problems * 2 : 32;
		struct import_problem *p = arena_alloc(r->ctx->arena, cap * sizeof(*p));

		if (rep->nproblems)
			memcpy(p, rep->problems, rep->nproblems * sizeof(*p));
		rep->problems = p;
		r->cap_problems = cap;
	}
	rep->problems[rep->nproblems].line = line;
	rep->problems[rep->nproblems].column = col >= 0 ? headings[col][0] : NULL;
	rep->problems[rep->nproblems].msg = msg;
	rep->nproblems++;
}

static const char *cell(struct reader *r, const struct table_row *t, int c)
{
	const char *v;

	if (r->col[c] < 0 || (size_t)r->col[c] >= t->ncols)
		return "";
	v = str_trim_dup(r->ctx->arena, t->cols[r->col[c]]);
	return v ? v : "";
}

/* A type written as its code name or its label in either language. */
static const char *parse_type(const char *v)
{
	if (inst_type_parse(v) >= 0)
		return v;
	for (const char *const *t = inst_type_names(); *t; t++) {
		char key[48];

		snprintf(key, sizeof(key), "type.%s", *t);
		if (!strcmp(v, tr(LANG_ZH, key)) || !strcmp(v, tr(LANG_EN, key)))
			return *t;
	}
	/* the slash-less forms Excel users type */
	if (!strcmp(v, "考试站") || !strcmp(v, "鉴定站"))
		return "exam_station";
	if (!strcmp(v, "行业分中心") || !strcmp(v, "地方分中心"))
		return "branch_center";
	return v;
}

/* A province written as its code or its name (with or without 省/市). */
static const char *parse_province(const char *v)
{
	if (province_valid(v))
		return v;
	for (const char *const *p = province_codes(); *p; p++) {
		char key[32];
		const char *name;

		snprintf(key, sizeof(key), "province.%s", *p);
		name = tr(LANG_ZH, key);
		if (!strcmp(v, name) || !strcmp(v, tr(LANG_EN, key)) ||
		    (strlen(v) >= 6 && !strncmp(name, v, strlen(v))))
			return *p;
	}
	return v;
}

static int on_row(const struct table_row *t, void *arg)
{
	struct reader *r = arg;
	struct row *w;
	bool blank = true;

	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i][strspn(t->cols[i], " \t")])
			blank = false;
	if (blank)
		return 0;
	if (!r->header_seen) {
		r->header_seen = true;
		for (int c = 0; c < COL_COUNT; c++) {
			r->col[c] = -1;
			for (size_t i = 0; i < t->ncols; i++) {
				const char *h = str_trim_dup(r->ctx->arena, t->cols[i]);

				for (int k = 0; h && k < 3 && headings[c][k]; k++)
					if (!strcasecmp(h, headings[c][k]))
						r->col[c] = (int)i;
			}
		}
		for (int c = COL_NAME; c <= COL_PROVINCE; c++)
			if (c != COL_BRANCH_KIND && r->col[c] < 0)
				problem(r, t->line, c, "import.missing_column");
		return 0;
	}
	if (r->nrows == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		struct row *rows = arena_alloc(r->ctx->arena, cap * sizeof(*rows));

		if (r->nrows)
			memcpy(rows, r->rows, r->nrows * sizeof(*rows));
		r->rows = rows;
		r->cap = cap;
	}
	w = &r->rows[r->nrows++];
	memset(w, 0, sizeof(*w));
	w->line = t->line;
	w->in.name = cell(r, t, COL_NAME);
	w->in.type = parse_type(cell(r, t, COL_TYPE));
	w->in.branch_kind = cell(r, t, COL_BRANCH_KIND);
	w->in.province = parse_province(cell(r, t, COL_PROVINCE));
	w->parent = cell(r, t, COL_PARENT);
	w->in.credit_code = cell(r, t, COL_CREDIT);
	w->in.credit_code_override = cell(r, t, COL_OVERRIDE);
	w->in.address = cell(r, t, COL_ADDRESS);
	w->in.host_org = cell(r, t, COL_HOST);
	w->in.contact_name = cell(r, t, COL_CNAME);
	w->in.contact_phone = cell(r, t, COL_CPHONE);
	w->in.contact_email = cell(r, t, COL_CEMAIL);
	if (!strcmp(w->in.branch_kind, "行业"))
		w->in.branch_kind = "sector";
	else if (!strcmp(w->in.branch_kind, "地方"))
		w->in.branch_kind = "regional";
	return 0;
}

/* The file column a rule's field name belongs to. */
static int col_of_field(const char *field)
{
	static const struct {
		const char *field;
		int col;
	} map[] = {
		{"name", COL_NAME},
		{"type", COL_TYPE},
		{"branch_kind", COL_BRANCH_KIND},
		{"province", COL_PROVINCE},
		{"parent_id", COL_PARENT},
		{"credit_code", COL_CREDIT},
		{"credit_code_override", COL_OVERRIDE},
		{"address", COL_ADDRESS},
		{"host_org", COL_HOST},
		{"contact_name", COL_CNAME},
		{"contact_phone", COL_CPHONE},
		{"contact_email", COL_CEMAIL},
	};

	for (size_t i = 0; field && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i].field, field))
			return map[i].col;
	return -1;
}

/* Checks every row; resolves parents and existing institutions. */
static enum store_err check_rows(struct reader *r, struct store_conn *c)
{
	struct app_ctx *ctx = r->ctx;

	for (size_t i = 0; i < r->nrows; i++) {
		struct row *w = &r->rows[i];
		struct institution ex;
		struct app_error err;
		long long pid;
		enum store_err rc;

		for (size_t k = 0; k < i; k++)
			if (!strcmp(r->rows[k].in.name, w->in.name)) {
				problem(r, w->line, COL_NAME, "import.duplicate");
				break;
			}
		if (*w->parent) {
			if (str_to_ll(w->parent, 1, 1LL << 62, &pid) == 0 &&
			    store_institution_get(c, ctx->arena, pid, &ex) == STORE_OK) {
				w->in.parent_id = pid;
			} else if ((rc = store_institution_by_name(c, ctx->arena, w->parent,
								   &ex)) == STORE_OK) {
				w->in.parent_id = ex.id;
			} else if (rc != STORE_NOT_FOUND) {
				return rc;
			} else {
				/* a parent defined on an earlier row of the file */
				bool earlier = false;

				for (size_t k = 0; k < i; k++)
					if (!strcmp(r->rows[k].in.name, w->parent))
						earlier = true;
				if (!earlier)
					problem(r, w->line, COL_PARENT,
						"val.parent.not_found");
				w->in.parent_id = 0;
			}
		}
		if (app_institution_check(&w->in, &err) != APP_OK &&
		    !(err.field && !strcmp(err.field, "parent_id")))
			problem(r, w->line, col_of_field(err.field), err.msg);
		rc = store_institution_by_name(c, ctx->arena, w->in.name, &ex);
		if (rc == STORE_OK)
			w->existing = ex.id;
		else if (rc != STORE_NOT_FOUND)
			return rc;
	}
	return STORE_OK;
}

/* A row the rules refused becomes a problem of its row; a failure of the
 * database stays what it is. Returns err->status. */
static enum app_status refused(struct reader *r, const struct row *w, struct app_error *err)
{
	if (err->status != APP_INTERNAL && err->status != APP_UNAVAILABLE)
		problem(r, w->line, col_of_field(err->field), err->msg);
	return err->status;
}

/* Applies the rows in the caller's transaction, counting what changed. */
static enum app_status apply_rows(struct reader *r, struct store_conn *c,
				  struct app_error *err)
{
	struct app_ctx *ctx = r->ctx;

	for (size_t i = 0; i < r->nrows; i++) {
		struct row *w = &r->rows[i];
		struct institution ex;
		bool changed;
		enum store_err rc;

		if (*w->parent && !w->in.parent_id) {
			/* defined earlier in the file: now it exists */
			rc = store_institution_by_name(c, ctx->arena, w->parent, &ex);
			if (rc)
				return app_store_fail(ctx, c, rc, err);
			w->in.parent_id = ex.id;
		}
		if (w->existing) {
			if (app_institution_update_tx(ctx, c, w->existing, &w->in,
						      &changed, err))
				return refused(r, w, err);
			if (changed)
				r->rep->updated++;
			else
				r->rep->unchanged++;
		} else {
			long long id;

			if (app_institution_insert_tx(ctx, c, &w->in, &id, err))
				return refused(r, w, err);
			r->rep->created++;
		}
	}
	return APP_OK;
}

enum app_status app_institution_import(struct app_ctx *ctx, const void *data, size_t len,
				       const char *path, bool dry_run,
				       struct import_report *rep, struct app_error *err)
{
	struct reader r;
	struct store_conn *c;
	enum store_err rc;
	enum app_status st = APP_OK;

	memset(rep, 0, sizeof(*rep));
	memset(&r, 0, sizeof(r));
	r.ctx = ctx;
	r.rep = rep;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!app_can(ctx, PERM_INSTITUTION_CREATE) && !app_can(ctx, PERM_REGISTRY_APPLY))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (app_import_read(ctx, path, data, len, on_row, &r, err))
		return err->status;
	if (!r.header_seen)
		return app_fail(err, APP_INVALID, "file", "import.empty");
	rep->rows = r.nrows;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if ((rc = check_rows(&r, c)))
		return app_finish(ctx, c, rc, err);
	/* a dry run, or a file with problems, applies nothing: but the dry run
	 * tries the writes too (then rolls back), so it finds what only the
	 * database can say (names taken, permissions) */
	if (!rep->nproblems)
		st = apply_rows(&r, c, err);
	if (dry_run || rep->nproblems || st) {
		store_rollback(c);
		store_release(c);
		if (st == APP_INTERNAL || st == APP_UNAVAILABLE)
			return st; /* the database failed: err says so */
		if (rep->nproblems && !dry_run) {
			rep->created = rep->updated = rep->unchanged = 0;
			return app_fail(err, APP_INVALID, "file", "import.has_problems");
		}
		return APP_OK;
	}
	rc = app_audit(ctx, c, "institution.import", "institution", "", NULL,
		       app_json(ctx, "{s:I, s:I, s:I, s:I}", "rows", (json_int_t)rep->rows,
				"created", (json_int_t)rep->created, "updated",
				(json_int_t)rep->updated, "unchanged",
				(json_int_t)rep->unchanged));
	return app_finish(ctx, c, rc, err);
}

struct export_state {
	struct app_ctx *ctx;
	struct store_conn *c;
	struct institution *items;
	size_t n, i;
};

static int export_next(void *arg, const char **cols)
{
	struct export_state *s = arg;
	const struct institution *in;
	struct institution parent;
	char key[64];

	if (s->i == s->n)
		return 0;
	in = &s->items[s->i++];
	snprintf(key, sizeof(key), "type.%s", in->type);
	cols[COL_NAME] = in->name;
	cols[COL_TYPE] = tr(LANG_ZH, key);
	cols[COL_BRANCH_KIND] = !strcmp(in->branch_kind, "sector")     ? "行业"
				: !strcmp(in->branch_kind, "regional") ? "地方"
								       : "";
	cols[COL_PROVINCE] = in->province;
	cols[COL_PARENT] = "";
	if (in->parent_id &&
	    store_institution_get(s->c, s->ctx->arena, in->parent_id, &parent) == STORE_OK)
		cols[COL_PARENT] = parent.name;
	cols[COL_CREDIT] = in->credit_code;
	cols[COL_OVERRIDE] = in->credit_code_note;
	cols[COL_ADDRESS] = in->address;
	cols[COL_HOST] = in->host_org;
	cols[COL_CNAME] = in->contact_name;
	cols[COL_CPHONE] = in->contact_phone;
	cols[COL_CEMAIL] = in->contact_email;
	/* and what only the registry knows (ignored on import) */
	cols[COL_COUNT] = in->status;
	cols[COL_COUNT + 1] = in->registration_no ? in->registration_no : "";
	cols[COL_COUNT + 2] = in->valid_until ? in->valid_until : "";
	cols[COL_COUNT + 3] = in->approval_doc;
	return 1;
}

enum app_status app_institution_export(struct app_ctx *ctx, const char *format,
				       struct buf *out, struct app_error *err)
{
	const char *header[COL_COUNT + 4];
	struct export_state s;
	struct institution_filter f = {.limit = 1000000};
	long long total;
	char terr[256];
	enum store_err rc;

	if (strcmp(format, "xlsx") && strcmp(format, "csv"))
		return app_fail(err, APP_INVALID, "format", "val.format.invalid");
	memset(&s, 0, sizeof(s));
	s.ctx = ctx;
	if (!(s.c = app_conn(ctx, err)))
		return err->status;
	/* the full registry, private fields included: the center's */
	if (app_authorize(ctx, s.c, PERM_INSTITUTION_READ, 0, err)) {
		store_release(s.c);
		return err->status;
	}
	rc = store_institution_list(s.c, ctx->arena, &f, &s.items, &s.n, &total);
	if (rc) {
		app_store_fail(ctx, s.c, rc, err);
		store_release(s.c);
		return err->status;
	}
	for (int c = 0; c < COL_COUNT; c++)
		header[c] = headings[c][0];
	header[COL_COUNT] = "状态";
	header[COL_COUNT + 1] = "注册编号";
	header[COL_COUNT + 2] = "有效期至";
	header[COL_COUNT + 3] = "批准文号";
	rc = !strcmp(format, "xlsx")
		     ? table_write_xlsx("机构", COL_COUNT + 4, header, export_next, &s,
					out, terr, sizeof(terr))
		     : table_write_csv(COL_COUNT + 4, header, export_next, &s, out, terr,
				       sizeof(terr));
	store_release(s.c);
	if (rc) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, terr);
		return err->status;
	}
	return APP_OK;
}
