/*
 * opendata.c - the open data files (issue 16; docs/statistics.md "Open
 * data"): public, nothing personal. The directory: every institution
 * registered today, with the fields the public directory shows (id, name,
 * type, province, status, registration number and dates). The totals: the
 * network's figures by year and province from the summary table, every
 * measure — nothing per institution, nothing per person. CSV through
 * services/table (UTF-8 with BOM), or JSON. No permission: anyone.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "services/table.h"

static const char *const dir_header[] = {
	"id",
	"name",
	"type",
	"province",
	"province_name",
	"status",
	"registration_no",
	"registered_on",
	"valid_until",
};
#define DIR_COLS (sizeof(dir_header) / sizeof(dir_header[0]))

struct dir_state {
	struct app_ctx *ctx;
	const struct institution *v;
	size_t n, i;
};

static const char *province_name(const char *code)
{
	char key[32];
	const char *name;

	snprintf(key, sizeof(key), "province.%s", code ? code : "");
	name = tr(LANG_ZH, key);
	return strcmp(name, key) ? name : "";
}

static int dir_next(void *arg, const char **cols)
{
	struct dir_state *s = arg;
	const struct institution *x;

	if (s->i >= s->n)
		return 0;
	x = &s->v[s->i++];
	cols[0] = app_idtext(s->ctx, x->id);
	cols[1] = x->name;
	cols[2] = x->type;
	cols[3] = x->province;
	cols[4] = province_name(x->province);
	cols[5] = x->status;
	cols[6] = x->registration_no ? x->registration_no : "";
	cols[7] = x->registered_on ? x->registered_on : "";
	cols[8] = x->valid_until ? x->valid_until : "";
	return 1;
}

struct totals_state {
	struct app_ctx *ctx;
	const struct stat_sum *v;
	size_t n, i;
};

#define TOT_COLS (3 + STAT_MEASURES)

static int totals_next(void *arg, const char **cols)
{
	struct totals_state *s = arg;
	const struct stat_sum *x;

	if (s->i >= s->n)
		return 0;
	x = &s->v[s->i++];
	cols[0] = app_idtext(s->ctx, x->institution_id);
	cols[1] = x->key;
	cols[2] = province_name(x->key);
	for (int m = 0; m < STAT_MEASURES; m++)
		cols[3 + m] = arena_printf(s->ctx->arena, "%lld", x->v[m]);
	return 1;
}

static void dump(struct buf *out, json_t *o)
{
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

	json_decref(o);
	buf_puts(out, s ? s : "{}");
	free(s);
}

static enum app_status directory(struct app_ctx *ctx, struct store_conn *c, bool csv,
				 struct buf *out, char *terr, size_t tlen, int *trc,
				 struct app_error *err)
{
	struct institution_filter f = {.status = "registered", .limit = 1000000};
	struct dir_state s = {.ctx = ctx};
	char today[11];
	long long total;
	enum store_err rc;

	time_today(today, sizeof(today));
	f.today = today;
	if ((rc = store_institution_list(c, ctx->arena, &f, (struct institution **)&s.v,
					 &s.n, &total)))
		return app_store_fail(ctx, c, rc, err);
	if (csv) {
		*trc = table_write_csv(DIR_COLS, dir_header, dir_next, &s, out, terr, tlen);
		return APP_OK;
	}
	{
		json_t *arr = json_array();
		const char *cols[DIR_COLS];

		while (dir_next(&s, cols) == 1) {
			json_t *o = json_object();

			for (size_t k = 0; k < DIR_COLS; k++)
				json_object_set_new(o, dir_header[k],
						    k == 0 ? json_integer(s.v[s.i - 1].id)
							   : json_string(cols[k]));
			json_array_append_new(arr, o);
		}
		dump(out, json_pack("{s:s, s:o}", "date", today, "institutions", arr));
	}
	return APP_OK;
}

static enum app_status totals(struct app_ctx *ctx, struct store_conn *c, bool csv,
			      struct buf *out, char *terr, size_t tlen, int *trc,
			      struct app_error *err)
{
	struct totals_state s = {.ctx = ctx};
	const char *refreshed = NULL;
	enum store_err rc;

	rc = store_stats_year_province(c, ctx->arena, (struct stat_sum **)&s.v, &s.n);
	if (!rc)
		rc = store_stats_refreshed(c, ctx->arena, 0, 0, &refreshed);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (csv) {
		const char *header[TOT_COLS] = {"year", "province", "province_name"};

		for (int m = 0; m < STAT_MEASURES; m++)
			header[3 + m] = stat_measure_code((enum stat_measure)m);
		*trc = table_write_csv(TOT_COLS, header, totals_next, &s, out, terr, tlen);
		return APP_OK;
	}
	{
		json_t *arr = json_array(), *measures = json_array();

		for (int m = 0; m < STAT_MEASURES; m++)
			json_array_append_new(measures, json_string(stat_measure_code(
								(enum stat_measure)m)));
		for (size_t i = 0; i < s.n; i++) {
			json_t *o = json_pack("{s:I, s:s, s:s}", "year",
					      (json_int_t)s.v[i].institution_id,
					      "province", s.v[i].key, "province_name",
					      province_name(s.v[i].key));

			for (int m = 0; m < STAT_MEASURES; m++)
				json_object_set_new(o,
						    stat_measure_code((enum stat_measure)m),
						    json_integer(s.v[i].v[m]));
			json_array_append_new(arr, o);
		}
		dump(out, json_pack("{s:o, s:o, s:o}", "refreshed_at",
				    refreshed ? json_string(refreshed) : json_null(),
				    "measures", measures, "rows", arr));
	}
	return APP_OK;
}

enum app_status app_opendata(struct app_ctx *ctx, const char *file, const char *format,
			     struct buf *out, struct app_error *err)
{
	struct store_conn *c;
	char terr[256];
	int trc = 0;
	bool csv;
	enum app_status st;

	if (!file || (strcmp(file, "directory") && strcmp(file, "totals")))
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!format || (strcmp(format, "csv") && strcmp(format, "json")))
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	csv = !strcmp(format, "csv");
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	st = !strcmp(file, "directory")
		     ? directory(ctx, c, csv, out, terr, sizeof(terr), &trc, err)
		     : totals(ctx, c, csv, out, terr, sizeof(terr), &trc, err);
	store_release(c);
	if (st)
		return st;
	if (trc || buf_failed(out)) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, trc ? terr : "buffer");
		return err->status;
	}
	return APP_OK;
}
