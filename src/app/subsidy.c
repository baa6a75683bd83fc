/*
 * subsidy.c - the skill-upgrade subsidy (技能提升补贴) of a certificate: the
 * embedded rules of its province (or the national default) evaluated by
 * core/subsidy against what the platform knows of the holder.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cert_internal.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/i18n.h"
#include "services/table.h"

extern const struct embedded_file subsidy_files[];
extern const size_t subsidy_files_count;

/* Every embedded rules file, parsed. */
struct rule_set {
	struct subsidy_rules *files;
	size_t n;
};

static enum app_status parse_all(struct app_ctx *ctx, struct rule_set *rs,
				 struct app_error *err)
{
	char msg[256];

	rs->n = 0;
	rs->files = arena_alloc(ctx->arena, (subsidy_files_count + 1) * sizeof(*rs->files));
	for (size_t i = 0; i < subsidy_files_count; i++) {
		if (subsidy_parse((const char *)subsidy_files[i].data, ctx->arena,
				  &rs->files[rs->n], msg, sizeof(msg))) {
			log_error("subsidy/%s: %s", subsidy_files[i].name, msg);
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
		}
		rs->n++;
	}
	return APP_OK;
}

/* The rules of province (its own file), else of region "00"; NULL when
 * neither exists. */
static const struct subsidy_rules *rules_for(const struct rule_set *rs, const char *province)
{
	const struct subsidy_rules *national = NULL;

	for (size_t i = 0; i < rs->n; i++) {
		if (province && !strcmp(rs->files[i].region, province))
			return &rs->files[i];
		if (!strcmp(rs->files[i].region, "00"))
			national = &rs->files[i];
	}
	return national;
}

enum app_status app_cert_subsidy(struct app_ctx *ctx, long long id, int insured_months,
				 struct subsidy_view *out, struct app_error *err)
{
	struct store_conn *c;
	struct certificate *others = NULL;
	size_t nothers = 0, nheld = 0;
	const struct subsidy_rules *rules;
	struct rule_set rs;
	struct subsidy_prior *held;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (insured_months < -1 || insured_months > 600)
		return app_fail(err, APP_INVALID, "insured_months",
				"val.subsidy.insured_months");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (cert_load(ctx, c, id, PERM_CERT_READ, &out->cert, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_cert_by_holder(c, ctx->arena, out->cert.id_type, out->cert.id_blind,
				  &others, &nothers);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	if (parse_all(ctx, &rs, err))
		return err->status;
	if (!(rules = rules_for(&rs, out->cert.province_code)))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	out->region = rules->region;
	out->rules_name = rules->name;

	held = arena_alloc(ctx->arena, (nothers + 1) * sizeof(*held));
	for (size_t i = 0; i < nothers; i++)
		if (others[i].id != out->cert.id && others[i].level >= 1 &&
		    others[i].level <= 5 && time_date_valid(others[i].issued_on))
			held[nheld++] = (struct subsidy_prior){others[i].occupation_code,
							       others[i].issued_on,
							       others[i].level};

	struct subsidy_cert sc = {out->cert.occupation_code, out->cert.issued_on,
				  out->cert.level, !strcmp(out->cert.status, "valid")};
	struct subsidy_facts f = {insured_months, false, NULL, 0, held, nheld};
	time_today(out->today, sizeof(out->today));
	if (subsidy_evaluate(rules, &sc, &f, out->today, &out->result)) {
		log_error("subsidy: certificate %lld could not be evaluated", id);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}

/* ---- the export of open windows ---- */

#define EXPORT_COLS 12

struct export_row {
	const struct certificate *cert;
	struct subsidy_result result;
};

struct export_it {
	struct app_ctx *ctx;
	enum lang lang;
	const struct export_row *rows;
	size_t n, i;
};

static int next_row(void *arg, const char **cols)
{
	struct export_it *it = arg;
	const struct export_row *r;
	struct arena *a = it->ctx->arena;
	char key[40];

	if (it->i >= it->n)
		return 0;
	r = &it->rows[it->i++];
	snprintf(key, sizeof(key), "subsidy.verdict.%s",
		 subsidy_verdict_name(r->result.verdict));
	cols[0] = r->cert->number;
	cols[1] = r->cert->holder_name;
	cols[2] = r->cert->id_masked;
	cols[3] = r->cert->occupation_code;
	cols[4] = r->cert->occupation_name;
	cols[5] = tr(it->lang, i18n_level_key(r->cert->level));
	cols[6] = r->cert->issued_on;
	cols[7] = r->cert->institution_name;
	cols[8] = r->result.last_day;
	cols[9] = arena_printf(a, "%lld", r->result.days_left);
	cols[10] = r->result.amount_max ? arena_printf(a, "%d", r->result.amount_max) : "";
	cols[11] = tr(it->lang, key);
	return 1;
}

static int by_deadline(const void *x, const void *y)
{
	const struct export_row *a = x, *b = y;
	int c = strcmp(a->result.last_day, b->result.last_day);

	return c ? c : strcmp(a->cert->number, b->cert->number);
}

enum app_status app_subsidy_export(struct app_ctx *ctx, const char *format, int within,
				   int lang, struct buf *out, struct app_error *err)
{
	static const char *const head_keys[EXPORT_COLS] = {
		"cert.number",           "field.person_name",      "field.id_number",
		"field.occupation_code", "field.occupation_short", "field.level",
		"cert.issued_on",        "field.institution",      "subsidy.deadline",
		"subsidy.col.days_left", "subsidy.col.amount",     "subsidy.col.verdict"};
	const char *head[EXPORT_COLS];
	struct store_conn *c;
	struct certificate *xs = NULL;
	struct export_row *rows;
	struct rule_set rs;
	size_t n = 0, k = 0;
	int max_months = 0, trc;
	char today[11], from[11], terr[160];
	enum store_err rc;

	if (!app_can(ctx, PERM_CERT_READ))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!format || (strcmp(format, "xlsx") && strcmp(format, "csv")))
		return app_fail(err, APP_INVALID, "format", "val.subsidy.format");
	if (within < 1 || within > 366)
		return app_fail(err, APP_INVALID, "within", "val.subsidy.within");
	if (parse_all(ctx, &rs, err))
		return err->status;
	/* the oldest issue date whose window may still be open */
	for (size_t i = 0; i < rs.n; i++)
		for (size_t j = 0; j < rs.files[i].nversions; j++)
			if (rs.files[i].versions[j].window_months > max_months)
				max_months = rs.files[i].versions[j].window_months;
	time_today(today, sizeof(today));
	subsidy_months_before(today, max_months, from);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_cert_issued_between(c, ctx->arena, from, today, &xs, &n);
	rows = arena_alloc(ctx->arena, (n + 1) * sizeof(*rows));
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct app_error e;
		const struct subsidy_rules *rules = rules_for(&rs, xs[i].province_code);
		struct subsidy_cert sc = {xs[i].occupation_code, xs[i].issued_on,
					  xs[i].level, true};
		struct subsidy_facts f = {-1, false, NULL, 0, NULL, 0};

		memset(&e, 0, sizeof(e));
		if (app_authorize(ctx, c, PERM_CERT_READ, xs[i].institution_id, &e))
			continue;
		if (!rules || subsidy_evaluate(rules, &sc, &f, today, &rows[k].result) ||
		    rows[k].result.verdict == SUBSIDY_NOT_ELIGIBLE ||
		    !rows[k].result.version || rows[k].result.days_left < 1 ||
		    rows[k].result.days_left > within)
			continue;
		rows[k++].cert = &xs[i];
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	if (k > 1)
		qsort(rows, k, sizeof(*rows), by_deadline);
	for (int i = 0; i < EXPORT_COLS; i++)
		head[i] = tr((enum lang)lang, head_keys[i]);
	struct export_it it = {ctx, (enum lang)lang, rows, k, 0};
	trc = !strcmp(format, "xlsx")
		      ? table_write_xlsx(tr((enum lang)lang, "subsidy.heading"), EXPORT_COLS,
					 head, next_row, &it, out, terr, sizeof(terr))
		      : table_write_csv(EXPORT_COLS, head, next_row, &it, out, terr,
					sizeof(terr));
	if (trc) {
		log_error("subsidy export: %s", terr);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}
