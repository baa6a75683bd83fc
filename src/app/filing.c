/*
 * filing.c - filing certificates with the provincial HR authorities
 * (属地备案, domain.md §2.2-§2.3): batches by province, the record in the
 * §2.2 layout as XLSX, CSV and a manifest, submission, the authority's
 * receipt and its rejections, the report of what is still unfiled.
 *
 * Who: filing.manage over the whole network, or over every institution
 * whose certificates a batch holds (a new batch: the province's unfiled
 * certificates). A batch spans the institutions of a province, so an
 * institution's own administrator files only when nobody else's
 * certificates are waiting in that province.
 *
 * Creating a batch takes the province's counter row first ("filing:44"):
 * a second creator for the same province waits there and then finds the
 * certificates already in the first one's batch. Actions on a batch take
 * its row lock before reading its status.
 *
 * The record is always Chinese (the authority's language): headings from
 * the catalog's filing.col.*, document types, levels, education and
 * province names from their catalog entries.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/certificate.h"
#include "core/i18n.h"
#include "core/institution.h"
#include "core/standard.h"
#include "services/seal.h"
#include "services/secret.h"
#include "services/table.h"

static const char *actor_name(const struct app_ctx *ctx)
{
	return ctx->actor && !ctx->actor->system && ctx->actor->username
		       ? ctx->actor->username
		       : "system";
}

/* ---- who may file what ---- */

/* Decisions about institutions, made once per action. */
struct scope {
	bool network; /* filing.manage over the whole network */
	size_t n;
	struct {
		long long id;
		bool ok;
	} seen[64];
};

static enum app_status scope_init(struct app_ctx *ctx, struct store_conn *c,
				  struct scope *s, struct app_error *err)
{
	struct app_error e;
	enum app_status rc;

	memset(s, 0, sizeof(*s));
	memset(&e, 0, sizeof(e));
	rc = app_authorize(ctx, c, PERM_FILING, 0, &e);
	if (rc == APP_OK) {
		s->network = true;
		return APP_OK;
	}
	if (rc != APP_FORBIDDEN) {
		*err = e;
		return rc;
	}
	/* no grant anywhere: nothing to look at */
	if (!app_can(ctx, PERM_FILING))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	return APP_OK;
}

/* Whether the actor's grants cover the certificates of institution id
 * (0: a certificate of no institution, the network's alone). */
static bool covers(struct app_ctx *ctx, struct store_conn *c, struct scope *s, long long id)
{
	struct app_error e;
	bool ok;

	if (s->network)
		return true;
	if (!id)
		return false;
	for (size_t i = 0; i < s->n; i++)
		if (s->seen[i].id == id)
			return s->seen[i].ok;
	memset(&e, 0, sizeof(e));
	ok = app_authorize(ctx, c, PERM_FILING, id, &e) == APP_OK;
	if (s->n < sizeof(s->seen) / sizeof(s->seen[0])) {
		s->seen[s->n].id = id;
		s->seen[s->n++].ok = ok;
	}
	return ok;
}

static bool covers_all(struct app_ctx *ctx, struct store_conn *c, struct scope *s,
		       const long long *ids, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!covers(ctx, c, s, ids[i]))
			return false;
	return true;
}

/* The batch (locked first when lock), with the actor's right to it. */
static enum app_status load(struct app_ctx *ctx, struct store_conn *c, long long id,
			    bool lock, struct filing_batch *b, struct app_error *err)
{
	struct scope s;
	long long *ids;
	size_t n;
	enum store_err rc = lock ? store_filing_batch_lock(c, id) : STORE_OK;

	if (scope_init(ctx, c, &s, err))
		return err->status;
	if (rc == STORE_OK)
		rc = store_filing_batch_get(c, ctx->arena, id, b);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (s.network)
		return APP_OK;
	rc = store_filing_batch_institutions(c, ctx->arena, id, &ids, &n);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (!covers_all(ctx, c, &s, ids, n))
		return app_fail(err, APP_FORBIDDEN, NULL, "filing.scope");
	return APP_OK;
}

/* The refusal of action on b (naming its status), or APP_OK. */
static enum app_status allowed(const struct filing_batch *b, enum filing_action action,
			       struct app_error *err)
{
	int st = filing_status_parse(b->status);
	const char *why = "filing.refuse.unknown";

	if (st >= 0 && filing_transition((enum filing_status)st, action, &why) >= 0)
		return APP_OK;
	return app_fail(err, APP_CONFLICT, NULL, why);
}

/* ---- batches ---- */

enum app_status app_filing_batch_create(struct app_ctx *ctx, const char *province,
					long long *id, long long *rows,
					struct app_error *err)
{
	struct store_conn *c;
	struct scope s;
	long long *ids, seq;
	size_t n;
	char now[32];
	enum store_err rc;

	*id = *rows = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!province || !*province)
		return app_fail(err, APP_INVALID, "province", "filing.val.province");
	if (!province_valid(province))
		return app_fail(err, APP_INVALID, "province", "val.province.invalid");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* milliseconds: a status change in the same second as the batch
	 * still counts as after it (store/filing.c UNFILED) */
	time_now_iso_ms(now, sizeof(now));
	if (scope_init(ctx, c, &s, err))
		return app_abort(ctx, c, err);
	/* the province's row: concurrent creators of one province queue here */
	rc = store_counter_next(c, arena_printf(ctx->arena, "filing:%s", province), &seq);
	if (rc == STORE_OK)
		rc = store_filing_unfiled_institutions(c, ctx->arena, province, &ids, &n);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!covers_all(ctx, c, &s, ids, n)) {
		app_fail(err, APP_FORBIDDEN, NULL, "filing.scope_province");
		return app_abort(ctx, c, err);
	}
	if (n == 0) {
		app_fail(err, APP_INVALID, "province", "filing.empty");
		return app_abort(ctx, c, err);
	}
	rc = store_filing_batch_insert(c, province, actor_name(ctx), now, id);
	if (rc == STORE_OK)
		rc = store_filing_batch_fill(c, *id, province, rows);
	if (rc == STORE_OK && *rows == 0) {
		app_fail(err, APP_INVALID, "province", "filing.empty");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "filing.create", "filing_batch",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:s, s:I}", "province", province, "rows",
					(json_int_t)*rows));
	if (rc)
		*id = *rows = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_filing_batch_list(struct app_ctx *ctx, struct filing_batch **items,
				      size_t *n, struct app_error *err)
{
	struct store_conn *c;
	struct scope s;
	size_t k = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (scope_init(ctx, c, &s, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_filing_batch_list(c, ctx->arena, items, n);
	/* only the batches whose every institution the actor covers */
	for (size_t i = 0; rc == STORE_OK && i < *n; i++) {
		long long *ids;
		size_t nids;

		if (!s.network) {
			rc = store_filing_batch_institutions(c, ctx->arena,
							     (*items)[i].id, &ids, &nids);
			if (rc || !covers_all(ctx, c, &s, ids, nids))
				continue;
		}
		(*items)[k++] = (*items)[i];
	}
	*n = rc ? 0 : k;
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_filing_batch_get(struct app_ctx *ctx, long long id,
				     struct filing_view *out, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load(ctx, c, id, false, &out->batch, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_filing_items(c, ctx->arena, id, &out->items, &out->nitems);
	return app_read_done(ctx, c, rc, err);
}

/* ---- the record (§2.2) ---- */

/* The catalog's Chinese text of prefix + value, "" for an empty value. */
static const char *zh(struct app_ctx *ctx, const char *prefix, const char *value)
{
	if (!value || !*value)
		return "";
	return tr(LANG_ZH, arena_printf(ctx->arena, "%s%s", prefix, value));
}

/* What a row needs beyond its item: the batch, the ID numbers of each
 * plan's assessors and internal supervisors, the standards parsed once. */
struct plan_staff_ids {
	long long plan_id;
	const char *assessors, *supervisors; /* ID numbers, ";" between */
};

#define STD_CACHE 16

struct record_ctx {
	long long batch_id;
	struct plan_staff_ids *plans;
	size_t nplans;
	struct {
		long long id;
		bool ok;
		struct standard s;
	} std[STD_CACHE];
	size_t nstd;
};

/* The staff ID numbers of every plan behind the batch, decrypted inside
 * the caller's transaction on c (rows of one plan come together). */
static enum app_status staff_ids(struct app_ctx *ctx, struct store_conn *c,
				 struct record_ctx *r, struct app_error *err)
{
	struct filing_staff *st;
	size_t n;
	char id_number[SEAL_PLAIN_MAX];
	enum store_err rc = store_filing_staff(c, ctx->arena, r->batch_id, &st, &n);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	r->plans = arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*r->plans));
	r->nplans = 0;
	for (size_t i = 0; i < n; i++) {
		struct plan_staff_ids *p = r->nplans ? &r->plans[r->nplans - 1] : NULL;
		const char **list;

		if (!p || p->plan_id != st[i].plan_id) {
			p = &r->plans[r->nplans++];
			p->plan_id = st[i].plan_id;
			p->assessors = p->supervisors = "";
		}
		list = !strcmp(st[i].role, "assessor") ? &p->assessors : &p->supervisors;
		if (app_person_id_number_tx(ctx, c, st[i].person_id, id_number,
					    sizeof(id_number), err))
			return err->status;
		*list = **list ? arena_printf(ctx->arena, "%s;%s", *list, id_number)
			       : arena_strdup(ctx->arena, id_number);
		seal_wipe(id_number, sizeof(id_number));
	}
	return APP_OK;
}

static const struct plan_staff_ids *staff_of(const struct record_ctx *r, long long plan_id)
{
	for (size_t i = 0; i < r->nplans; i++)
		if (r->plans[i].plan_id == plan_id)
			return &r->plans[i];
	return NULL;
}

/* The route of x as "4-2 累计从事本职业或相关职业工作6年（含）以上。": its id
 * and the standard's text of it; the id alone when the standard cannot
 * say, "" when the certificate has no enrolment. */
static const char *route_of(struct app_ctx *ctx, struct store_conn *c,
			    struct record_ctx *r, const struct filing_item *x)
{
	const struct standard *s = NULL;
	const struct std_level *l;
	const struct std_route *rt;
	bool seen = false;

	/* a promotion's certificate: the competition route, as its
	 * certificate page says it */
	if (x->competition_name && *x->competition_name)
		return arena_printf(ctx->arena, "%s：%s（%s）",
				    tr(LANG_ZH, "cert.route.competition"),
				    x->competition_name, x->competition_doc);
	if (!*x->route_id || !x->standard_id)
		return x->route_id;
	for (size_t i = 0; i < r->nstd && !seen; i++)
		if (r->std[i].id == x->standard_id) {
			seen = true;
			s = r->std[i].ok ? &r->std[i].s : NULL;
		}
	if (!seen && r->nstd < STD_CACHE) {
		struct standard_row row;
		char perr[256];
		size_t k = r->nstd++;

		r->std[k].id = x->standard_id;
		r->std[k].ok = store_standard_get(c, ctx->arena, x->standard_id, &row) ==
				       STORE_OK &&
			       standard_parse(row.definition, ctx->arena, &r->std[k].s,
					      perr, sizeof(perr)) == STANDARD_OK;
		s = r->std[k].ok ? &r->std[k].s : NULL;
	}
	l = s ? standard_level(s, x->level) : NULL;
	rt = l ? std_level_route(l, x->route_id) : NULL;
	if (!rt || !rt->text || !*rt->text)
		return x->route_id;
	return arena_printf(ctx->arena, "%s %s", x->route_id, rt->text);
}

/* The row of item x (its holder's ID number in id_number). */
static void row_of(struct app_ctx *ctx, struct store_conn *c, struct record_ctx *r,
		   const struct filing_item *x, const char *id_number, const char **cols)
{
	const struct plan_staff_ids *staff = staff_of(r, x->plan_id);
	char score[32], photo[64], award[CERT_AWARD_MAX];
	int i = 0;

	cols[i++] = x->holder_name;
	cols[i++] = zh(ctx, "sex.", x->sex);
	cols[i++] = x->birth_date;
	cols[i++] = zh(ctx, "id_type.", x->id_type);
	cols[i++] = id_number;
	cols[i++] = zh(ctx, "education.", x->education);
	cols[i++] = x->employer;
	cols[i++] = arena_strdup(ctx->arena, filing_photo_name(x->number, x->photo_mime,
							       photo, sizeof(photo)));
	cols[i++] = x->occupation_name;
	cols[i++] = x->occupation_code;
	/* never blank (§2.1): "--" when there is no work type; its own
	 * column, so no "车工（--）" is ever written here */
	cols[i++] = cert_has_work_type(x->work_type) ? x->work_type : "--";
	cols[i++] = x->standard_name;
	cols[i++] = x->standard_version;
	cols[i++] = tr(LANG_ZH, arena_printf(ctx->arena, "level.%d", x->level));
	cols[i++] = route_of(ctx, c, r, x);
	cols[i++] = x->theory_on;
	cols[i++] = x->practical_on;
	cols[i++] = x->review_on;
	cols[i++] = arena_strdup(ctx->arena,
				 filing_score(x->scores, "theory", score, sizeof(score)));
	/* a promotion's: the competition's total stands as the skills score */
	cols[i++] = arena_strdup(
		ctx->arena, filing_score(x->scores,
					 x->scores && !strncmp(x->scores, "competition=", 12)
						 ? "competition"
						 : "practical",
					 score, sizeof(score)));
	cols[i++] = arena_strdup(ctx->arena,
				 filing_score(x->scores, "review", score, sizeof(score)));
	/* a certificate is issued to a passing candidate only; what became of
	 * the certificate since is its status */
	cols[i++] = tr(LANG_ZH, "filing.result.pass");
	cols[i++] = x->number;
	cols[i++] = x->issued_on;
	cols[i++] = zh(ctx, "cert.status.", x->cert_status);
	cols[i++] = x->status_reason;
	cols[i++] = strcmp(x->cert_status, "valid") ? x->status_date : "";
	cols[i++] = x->institution_name;
	cols[i++] = x->institution_code;
	cols[i++] = x->credit_code;
	cols[i++] = x->site_name;
	cols[i++] = x->site_code;
	cols[i++] = zh(ctx, "province.", x->province_code);
	cols[i++] = staff ? staff->assessors : "";
	cols[i++] = staff ? staff->supervisors : "";
	cols[i++] = x->plan_id ? app_idtext(ctx, x->plan_id) : "";
	cols[i++] = app_idtext(ctx, r->batch_id);
	/* the words of the certificate's body, as its credential says them */
	cols[i++] = arena_strdup(
		ctx->arena,
		cert_award(award, sizeof(award), x->occupation_name, x->work_type,
			   tr(LANG_ZH, arena_printf(ctx->arena, "level.%d", x->level))));
}

/* The rows of the items, FILING_COLUMNS cells each, for the writers. */
struct cells {
	const char **v;
	size_t n, at;
};

static int next_row(void *arg, const char **cols)
{
	struct cells *t = arg;

	if (t->at >= t->n)
		return 0;
	memcpy(cols, t->v + t->at * FILING_COLUMNS, FILING_COLUMNS * sizeof(*cols));
	t->at++;
	return 1;
}

/* The cells of every item of batch id, the ID numbers decrypted inside
 * the caller's transaction on c. */
static enum app_status cells_of(struct app_ctx *ctx, struct store_conn *c, long long id,
				const struct filing_item *items, size_t n,
				struct cells *t, struct app_error *err)
{
	char id_number[SEAL_PLAIN_MAX];
	struct record_ctx *r = arena_alloc(ctx->arena, sizeof(*r));

	memset(t, 0, sizeof(*t));
	memset(r, 0, sizeof(*r));
	r->batch_id = id;
	if (staff_ids(ctx, c, r, err))
		return err->status;
	t->n = n;
	t->v = arena_alloc(ctx->arena, (n ? n : 1) * FILING_COLUMNS * sizeof(*t->v));
	for (size_t i = 0; i < n; i++) {
		const char *copy;

		if (app_person_id_number_tx(ctx, c, items[i].person_id, id_number,
					    sizeof(id_number), err))
			return err->status;
		copy = arena_strdup(ctx->arena, id_number);
		seal_wipe(id_number, sizeof(id_number));
		row_of(ctx, c, r, &items[i], copy, t->v + i * FILING_COLUMNS);
	}
	return APP_OK;
}

/* The holders' photos as a ZIP, each named as the record's 照片 column
 * names it (*count of them). */
static enum app_status write_photos(struct app_ctx *ctx, struct store_conn *c,
				    const struct filing_item *items, size_t n,
				    struct buf *out, long long *count, struct app_error *err)
{
	struct table_zip_entry *e = arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*e));
	size_t k = 0;
	char werr[256];

	*count = 0;
	for (size_t i = 0; i < n; i++) {
		char name[64];
		const unsigned char *bytes;
		size_t len;
		enum store_err rc;

		if (!*filing_photo_name(items[i].number, items[i].photo_mime, name,
					sizeof(name)))
			continue;
		rc = app_photo_bytes(ctx, c, items[i].person_id, &bytes, &len);
		if (rc)
			return app_store_fail(ctx, c, rc, err);
		if (!bytes)
			continue; /* none, or not stored by us: left out, not fatal */
		e[k].name = arena_strdup(ctx->arena, name);
		e[k].data = bytes;
		e[k++].len = len;
	}
	if (table_write_zip(e, k, out, werr, sizeof(werr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, werr);
		return err->status;
	}
	*count = (long long)k;
	return APP_OK;
}

static void headings(const char **out)
{
	const char *const *keys = filing_column_keys();

	for (size_t i = 0; i < FILING_COLUMNS; i++)
		out[i] = tr(LANG_ZH, keys[i]);
}

static enum app_status write_csv(struct app_ctx *ctx, struct cells *t,
				 enum filing_encoding enc, struct buf *out,
				 struct app_error *err)
{
	const char *head[FILING_COLUMNS];
	char werr[256];

	headings(head);
	t->at = 0;
	if (table_write_csv_enc(enc == FILING_GB18030 ? TABLE_GB18030 : TABLE_UTF8_BOM,
				FILING_COLUMNS, head, next_row, t, out, werr, sizeof(werr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, werr);
		return err->status;
	}
	return APP_OK;
}

static enum app_status write_xlsx(struct app_ctx *ctx, struct cells *t, struct buf *out,
				  struct app_error *err)
{
	const char *head[FILING_COLUMNS];
	char werr[256];

	headings(head);
	t->at = 0;
	if (table_write_xlsx("属地备案", FILING_COLUMNS, head, next_row, t, out, werr,
			     sizeof(werr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, werr);
		return err->status;
	}
	return APP_OK;
}

static json_t *file_json(const char *name, const struct buf *b)
{
	char hex[SECRET_DIGEST_HEX];

	secret_sha256_hex(b->data, b->len, hex);
	return json_pack("{s:s, s:I, s:s}", "name", name, "bytes", (json_int_t)b->len,
			 "sha256", hex);
}

void app_filing_export_free(struct filing_export *x)
{
	buf_release(&x->xlsx);
	buf_release(&x->csv);
	buf_release(&x->zip);
	buf_release(&x->manifest);
}

enum app_status app_filing_export(struct app_ctx *ctx, long long id,
				  const struct filing_export_opts *opt,
				  struct filing_export *out, struct app_error *err)
{
	struct store_conn *c;
	struct filing_batch b;
	struct filing_item *items;
	struct cells t;
	size_t n;
	json_t *m, *files;
	char *text;
	int enc = filing_encoding_parse(opt ? opt->encoding : NULL);
	bool photos = opt && opt->photos;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	buf_init(&out->xlsx, 0);
	buf_init(&out->csv, 0);
	buf_init(&out->zip, 0);
	buf_init(&out->manifest, 0);
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (enc < 0)
		return app_fail(err, APP_INVALID, "encoding", "filing.val.encoding");
	out->encoding = enc == FILING_GB18030 ? "gb18030" : "utf-8";
	/* the data keys take a connection of their own: first */
	if (app_keys_load(ctx, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load(ctx, c, id, false, &b, err))
		return app_abort(ctx, c, err);
	rc = store_filing_items(c, ctx->arena, id, &items, &n);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (cells_of(ctx, c, id, items, n, &t, err) ||
	    write_csv(ctx, &t, (enum filing_encoding)enc, &out->csv, err) ||
	    write_xlsx(ctx, &t, &out->xlsx, err) ||
	    (photos && write_photos(ctx, c, items, n, &out->zip, &out->photos, err))) {
		app_filing_export_free(out);
		return app_abort(ctx, c, err);
	}
	out->rows = (long long)n;
	out->base = arena_printf(ctx->arena, "filing-%lld-%s", id, b.province_code);
	files = json_pack(
		"[o, o]",
		file_json(arena_printf(ctx->arena, "%s.xlsx", out->base), &out->xlsx),
		file_json(arena_printf(ctx->arena, "%s.csv", out->base), &out->csv));
	if (files && photos)
		json_array_append_new(files,
				      file_json(arena_printf(ctx->arena, "%s-photos.zip",
							     out->base),
						&out->zip));
	m = files ? json_pack("{s:I, s:s, s:I, s:s, s:o}", "batch", (json_int_t)id,
			      "province", b.province_code, "rows", (json_int_t)n,
			      "encoding", out->encoding, "files", files)
		  : NULL;
	text = m ? json_dumps(m, JSON_INDENT(2)) : NULL;
	json_decref(m);
	if (text) {
		buf_puts(&out->manifest, text);
		buf_putc(&out->manifest, '\n');
	}
	free(text);
	if (!text || buf_failed(&out->manifest) || buf_failed(&out->csv) ||
	    buf_failed(&out->xlsx) || buf_failed(&out->zip)) {
		app_filing_export_free(out);
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		return app_abort(ctx, c, err);
	}
	/* full ID numbers (holders and staff) leave the system: on record */
	rc = app_audit(ctx, c, "filing.export", "filing_batch", app_idtext(ctx, id), NULL,
		       app_json(ctx, "{s:s, s:I, s:s, s:s, s:I}", "province", b.province_code,
				"rows", (json_int_t)n, "status", b.status, "encoding",
				out->encoding, "photos", (json_int_t)out->photos));
	if (app_finish(ctx, c, rc, err)) {
		app_filing_export_free(out);
		return err->status;
	}
	return APP_OK;
}

/* ---- submission, receipt, rejections ---- */

enum app_status app_filing_submit(struct app_ctx *ctx, long long id, const char **sha256,
				  struct app_error *err)
{
	struct store_conn *c;
	struct filing_batch b;
	struct filing_item *items;
	struct cells t;
	struct buf csv;
	char hex[SECRET_DIGEST_HEX], now[32];
	size_t n;
	enum store_err rc;

	*sha256 = NULL;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (app_keys_load(ctx, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	if (load(ctx, c, id, true, &b, err) || allowed(&b, FILING_SUBMIT, err))
		return app_abort(ctx, c, err);
	rc = store_filing_items(c, ctx->arena, id, &items, &n);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* the digest of the CSV as it is handed over now */
	buf_init(&csv, 0);
	if (cells_of(ctx, c, id, items, n, &t, err) ||
	    write_csv(ctx, &t, FILING_UTF8, &csv, err)) {
		buf_release(&csv);
		return app_abort(ctx, c, err);
	}
	secret_sha256_hex(csv.data, csv.len, hex);
	buf_release(&csv);
	rc = store_filing_batch_submit(c, id, hex, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "filing.submit", "filing_batch", app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", b.status),
			       app_json(ctx, "{s:s, s:s, s:I}", "status", "submitted",
					"sha256", hex, "rows", (json_int_t)n));
	if (app_finish(ctx, c, rc, err))
		return err->status;
	*sha256 = arena_strdup(ctx->arena, hex);
	return APP_OK;
}

enum app_status app_filing_receipt(struct app_ctx *ctx, long long id,
				   const char *receipt_no, const char *date,
				   long long *accepted, struct app_error *err)
{
	struct store_conn *c;
	struct filing_batch b;
	char today[11];
	enum store_err rc;

	*accepted = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	time_today(today, sizeof(today));
	if (!receipt_no || !*receipt_no)
		return app_fail(err, APP_INVALID, "receipt_no",
				"filing.val.receipt_required");
	if (!filing_receipt_no_valid(receipt_no))
		return app_fail(err, APP_INVALID, "receipt_no", "filing.val.receipt_no");
	if (!date || !*date)
		date = today;
	if (!time_date_valid(date))
		return app_fail(err, APP_INVALID, "date", "val.date.invalid");
	if (strcmp(date, today) > 0)
		return app_fail(err, APP_INVALID, "date", "val.date.future");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load(ctx, c, id, true, &b, err) || allowed(&b, FILING_RECEIPT, err))
		return app_abort(ctx, c, err);
	if (b.submitted_at && strncmp(date, b.submitted_at, 10) < 0) {
		app_fail(err, APP_INVALID, "date", "filing.val.date_before_submit");
		return app_abort(ctx, c, err);
	}
	rc = store_filing_batch_receive(c, id, receipt_no, date, accepted);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "filing.receipt", "filing_batch",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", b.status),
			       app_json(ctx, "{s:s, s:s, s:s, s:I}", "status", "received",
					"receipt_no", receipt_no, "date", date,
					"accepted", (json_int_t)*accepted));
	if (rc == STORE_OK)
		rc = app_event_tx(ctx, c, "filing.receipt_recorded", 0, "filing_batch", id,
				  app_json(ctx, "{s:I, s:s, s:s, s:s, s:I, s:I}",
					   "filing_batch_id", (json_int_t)id, "province",
					   b.province_code ? b.province_code : "",
					   "receipt_no", receipt_no, "date", date,
					   "accepted", (json_int_t)*accepted, "rows",
					   (json_int_t)b.row_count));
	if (rc)
		*accepted = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_filing_reject(struct app_ctx *ctx, long long id,
				  const struct filing_rejection *rows, size_t n,
				  size_t *bad, struct app_error *err)
{
	struct store_conn *c;
	struct filing_batch b;
	struct filing_item *items;
	size_t nitems;
	json_t *list;
	enum store_err rc;

	*bad = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!n)
		return app_fail(err, APP_INVALID, "rejections", "filing.val.rejections");
	for (size_t i = 0; i < n; i++) {
		*bad = i;
		if (!rows[i].number || !*rows[i].number)
			return app_fail(err, APP_INVALID, "number", "filing.val.number");
		if (!filing_reason_valid(rows[i].reason))
			return app_fail(err, APP_INVALID, "reason", "filing.val.reason");
	}
	*bad = 0;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (load(ctx, c, id, true, &b, err) || allowed(&b, FILING_REJECT, err))
		return app_abort(ctx, c, err);
	rc = store_filing_items(c, ctx->arena, id, &items, &nitems);
	if (rc)
		return app_finish(ctx, c, rc, err);
	list = json_array();
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		const struct filing_item *x = NULL;

		for (size_t k = 0; k < nitems && !x; k++)
			if (!strcmp(items[k].number, rows[i].number))
				x = &items[k];
		*bad = i;
		if (!x) {
			json_decref(list);
			app_fail(err, APP_INVALID, "number", "filing.val.not_in_batch");
			return app_abort(ctx, c, err);
		}
		rc = store_filing_item_reject(c, id, x->certificate_id, rows[i].reason);
		if (rc == STORE_NOT_FOUND) {
			/* rejected already (or twice in this list) */
			json_decref(list);
			app_fail(err, APP_CONFLICT, "number", "filing.val.already_rejected");
			return app_abort(ctx, c, err);
		}
		json_array_append_new(list, json_pack("{s:s, s:s}", "number", x->number,
						      "reason", rows[i].reason));
	}
	if (rc == STORE_OK) {
		*bad = 0;
		rc = app_audit(ctx, c, "filing.reject", "filing_batch",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:s, s:o}", "status", b.status,
					"rejections", list));
	} else {
		json_decref(list);
	}
	return app_finish(ctx, c, rc, err);
}

/* ---- the report ---- */

enum app_status app_filing_unfiled(struct app_ctx *ctx, int days,
				   struct filing_report *out, struct app_error *err)
{
	struct store_conn *c;
	struct scope s;
	char today[11], until[11];
	size_t k = 0;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (days < 0 || days > FILING_DAYS_MAX)
		return app_fail(err, APP_INVALID, "days", "filing.val.days");
	time_today(today, sizeof(today));
	if (!date_add_days(today, -days, until))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (scope_init(ctx, c, &s, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_filing_unfiled(c, ctx->arena, until, &out->items, &out->n);
	for (size_t i = 0; rc == STORE_OK && i < out->n; i++) {
		struct filing_unfiled *x = &out->items[i];

		if (!covers(ctx, c, &s, x->institution_id))
			continue;
		x->days = time_date_valid(x->issued_on)
				  ? date_diff_days(x->issued_on, today)
				  : 0;
		out->items[k++] = *x;
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		memset(out, 0, sizeof(*out));
		return err->status;
	}
	store_release(c);
	out->n = k;
	out->days = days;
	out->today = arena_strdup(ctx->arena, today);
	out->until = arena_strdup(ctx->arena, until);
	return APP_OK;
}
