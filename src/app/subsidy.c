/*
 * subsidy.c - the skill-upgrade subsidy (技能提升补贴) of a certificate: the
 * embedded rules of its province (or the national default) evaluated by
 * core/subsidy against what the platform knows of the holder.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cert_internal.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/i18n.h"
#include "base/str.h"
#include "core/institution.h"
#include "services/pdf.h"
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

/* The holder's recorded claims as the evaluator's priors (each with its
 * certificate's occupation and level). The record holds what staff here
 * entered; a subsidy paid on a claim made elsewhere is not in it, so it is
 * never complete: a recorded claim excludes (once per level, a higher
 * level, the yearly limit), and none leaves the rules "needs checking". */
static void claims_facts(struct app_ctx *ctx, const struct subsidy_claim *xs, size_t n,
			 struct subsidy_facts *f)
{
	struct subsidy_prior *ps = arena_alloc(ctx->arena, (n + 1) * sizeof(*ps));
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!*xs[i].voided_at && xs[i].level >= 1 && xs[i].level <= 5 &&
		    time_date_valid(xs[i].claimed_on))
			ps[k++] = (struct subsidy_prior){xs[i].occupation_code,
							 xs[i].claimed_on, xs[i].level};
	f->claims_known = false;
	f->claims = ps;
	f->nclaims = k;
}

/* Evaluates the certificate of out->cert (loaded) on c: its holder's other
 * certificates and claims, the rules of its province. */
static enum app_status evaluate_on(struct app_ctx *ctx, struct store_conn *c,
				   int insured_months, struct subsidy_view *out,
				   struct app_error *err)
{
	struct certificate *others = NULL;
	size_t nothers = 0, nheld = 0;
	const struct subsidy_rules *rules;
	struct rule_set rs;
	struct subsidy_prior *held;
	enum store_err rc;

	/* an award or honour certificate (获奖证书, 荣誉证书) has no level to
	 * subsidise */
	if (cert_is_recognition(&out->cert))
		return app_fail(err, APP_INVALID, NULL,
				cert_is_honour(&out->cert) ? "subsidy.honour"
							   : "subsidy.award");
	rc = store_cert_by_holder(c, ctx->arena, out->cert.id_type, out->cert.id_blind,
				  &others, &nothers);
	if (!rc && out->cert.person_id)
		rc = store_subsidy_claims_of_person(c, ctx->arena, out->cert.person_id,
						    &out->claims, &out->nclaims);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	/* a claim another institution recorded still counts, but staff here
	 * read neither its note nor who recorded it (the holder reads their
	 * own) */
	for (size_t i = 0; ctx->actor && !ctx->actor->person_id && i < out->nclaims; i++) {
		struct app_error e;

		memset(&e, 0, sizeof(e));
		if (app_authorize(ctx, c, PERM_CERT_READ, out->claims[i].institution_id,
				  &e)) {
			out->claims[i].note = "";
			out->claims[i].recorded_by = "";
			out->claims[i].voided_by = "";
			out->claims[i].void_reason = "";
		}
	}
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
	claims_facts(ctx, out->claims, out->nclaims, &f);
	time_today(out->today, sizeof(out->today));
	if (subsidy_evaluate(rules, &sc, &f, out->today, &out->result)) {
		log_error("subsidy: certificate %lld could not be evaluated", out->cert.id);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}

enum app_status app_cert_subsidy(struct app_ctx *ctx, long long id, int insured_months,
				 struct subsidy_view *out, struct app_error *err)
{
	struct store_conn *c;
	enum app_status st;

	memset(out, 0, sizeof(*out));
	if (insured_months < -1 || insured_months > 600)
		return app_fail(err, APP_INVALID, "insured_months",
				"val.subsidy.insured_months");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	st = cert_load(ctx, c, id, PERM_CERT_READ, &out->cert, err);
	if (st == APP_OK)
		st = evaluate_on(ctx, c, insured_months, out, err);
	store_release(c);
	return st;
}

/* ---- claims ---- */

static size_t chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

enum app_status app_subsidy_claim_record(struct app_ctx *ctx, long long id,
					 const struct subsidy_claim_in *in,
					 long long *claim_id, struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	struct subsidy_claim row, *prior = NULL;
	size_t nprior = 0;
	const char *on = in->claimed_on ? in->claimed_on : "",
		   *amount = in->amount ? in->amount : "",
		   *province = in->province ? in->province : "",
		   *note = in->note ? in->note : "";
	char today[11], now_s[32];
	enum store_err rc;

	*claim_id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	time_today(today, sizeof(today));
	if (!time_date_valid(on) || strcmp(on, today) > 0)
		return app_fail(err, APP_INVALID, "claimed_on", "val.subsidy.claimed_on");
	if (!*amount || chars(amount) > 40 || !str_utf8_valid(amount, strlen(amount)))
		return app_fail(err, APP_INVALID, "amount", "val.subsidy.amount");
	if (*province && !province_valid(province))
		return app_fail(err, APP_INVALID, "province", "val.subsidy.province");
	if (chars(note) > 500 || !str_utf8_valid(note, strlen(note)))
		return app_fail(err, APP_INVALID, "note", "val.subsidy.note");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (cert_load(ctx, c, id, PERM_CERT_MANAGE, &x, err))
		return app_abort(ctx, c, err);
	if (!x.person_id) {
		app_fail(err, APP_CONFLICT, NULL, "subsidy.claim.no_person");
		return app_abort(ctx, c, err);
	}
	/* paid on or after the certificate's issue, once per certificate */
	if (strcmp(on, x.issued_on) < 0) {
		app_fail(err, APP_INVALID, "claimed_on", "val.subsidy.claimed_before_issue");
		return app_abort(ctx, c, err);
	}
	rc = store_subsidy_claims_of_person(c, ctx->arena, x.person_id, &prior, &nprior);
	if (rc)
		return app_finish(ctx, c, rc, err);
	for (size_t i = 0; i < nprior; i++)
		if (prior[i].certificate_id == x.id && !*prior[i].voided_at) {
			app_fail(err, APP_CONFLICT, "certificate",
				 "subsidy.claim.duplicate");
			return app_abort(ctx, c, err);
		}
	time_now_iso(now_s, sizeof(now_s));
	memset(&row, 0, sizeof(row));
	row.certificate_id = x.id;
	row.person_id = x.person_id;
	row.province = *province                             ? province
		       : x.province_code && *x.province_code ? x.province_code
							     : "00";
	row.claimed_on = on;
	row.amount = amount;
	row.recorded_by = ctx->actor->username;
	row.recorded_at = now_s;
	row.note = note;
	rc = store_subsidy_claim_add(c, &row, claim_id);
	if (!rc)
		rc = app_audit(ctx, c, "subsidy.claim_record", "certificate", x.number,
			       app_json(ctx, "{s:I, s:s, s:s, s:s}", "claim",
					(json_int_t)*claim_id, "claimed_on", on, "amount",
					amount, "province", row.province),
			       NULL);
	if (rc)
		*claim_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_subsidy_claim_void(struct app_ctx *ctx, long long id, long long claim_id,
				       const char *reason, struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	const char *why = reason ? str_trim_dup(ctx->arena, reason) : "";
	char now_s[32];
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!why || !*why || chars(why) > 500 || !str_utf8_valid(why, strlen(why)))
		return app_fail(err, APP_INVALID, "reason", "val.reason");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (cert_load(ctx, c, id, PERM_CERT_MANAGE, &x, err))
		return app_abort(ctx, c, err);
	time_now_iso(now_s, sizeof(now_s));
	rc = store_subsidy_claim_void(c, x.id, claim_id, ctx->actor->username, now_s, why);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, NULL, "subsidy.claim.voided_already");
		return app_abort(ctx, c, err);
	}
	if (!rc)
		rc = app_audit(ctx, c, "subsidy.claim_void", "certificate", x.number,
			       app_json(ctx, "{s:I}", "claim", (json_int_t)claim_id),
			       app_json(ctx, "{s:I, s:s}", "claim", (json_int_t)claim_id,
					"reason", why));
	return app_finish(ctx, c, rc, err);
}

/* ---- the application form (PDF) ---- */

enum app_status app_subsidy_form_pdf(struct app_ctx *ctx, long long id, bool mine,
				     struct buf *out, struct app_error *err)
{
	struct subsidy_view v;
	struct pdf_subsidy_form f;
	const struct subsidy_result *r = &v.result;
	struct store_conn *c;
	struct buf reasons;
	const char *base, *deadline, *verdict;
	char perr[256], key[40];
	enum app_status st;
	size_t k = 0;

	memset(&v, 0, sizeof(v));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (mine && (ctx->actor->system || !ctx->actor->person_id))
		return app_fail(err, APP_NOT_FOUND, NULL, "holder.only");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	st = cert_load(ctx, c, id, PERM_CERT_READ, &v.cert, err);
	if (st == APP_OK)
		st = evaluate_on(ctx, c, -1, &v, err);
	base = st == APP_OK ? cert_setting(ctx, c, "public_url", "") : "";
	store_release(c);
	if (st)
		return st;

	memset(&f, 0, sizeof(f));
	f.title = tr(LANG_ZH, "subsidy.form.title");
#define ROW(k_, v_) \
	do { \
		f.label[k] = tr(LANG_ZH, k_); \
		f.value[k] = (v_) ? (v_) : ""; \
		k++; \
	} while (0)
	ROW("field.person_name", v.cert.holder_name);
	ROW("field.id_number", v.cert.id_masked);
	ROW("cert.number", v.cert.number);
	ROW("field.occupation_short",
	    arena_printf(ctx->arena, "%s %s", v.cert.occupation_code,
			 v.cert.occupation_name ? v.cert.occupation_name : ""));
	ROW("field.level", tr(LANG_ZH, i18n_level_key(v.cert.level)));
	ROW("cert.issued_on", v.cert.issued_on);
	ROW("field.institution", v.cert.institution_name);
	snprintf(key, sizeof(key), "subsidy.verdict.%s", subsidy_verdict_name(r->verdict));
	verdict = tr(LANG_ZH, key);
	ROW("subsidy.col.verdict", verdict);
	if (r->version) {
		struct buf b;

		buf_init(&b, 0);
		if (r->amount_max) {
			static const char *const names[] = {"n"};
			const char *vals[] = {arena_printf(ctx->arena, "%d", r->amount_max)};

			i18n_fill(&b, tr(LANG_ZH, "subsidy.amount_max"), names, vals, 1);
			ROW("subsidy.amount",
			    arena_strdup(ctx->arena, b.data ? b.data : ""));
		}
		deadline = r->days_left > 0
				   ? arena_printf(ctx->arena, "%s（%s %lld）", r->last_day,
						  tr(LANG_ZH, "subsidy.col.days_left"),
						  r->days_left)
				   : arena_printf(ctx->arena, "%s（%s）", r->last_day,
						  tr(LANG_ZH, "subsidy.form.closed"));
		ROW("subsidy.deadline", deadline);
		ROW("subsidy.rule",
		    arena_printf(ctx->arena, "%s（%s %s；%s）", r->version->citation,
				 tr(LANG_ZH, "subsidy.form.version"), r->version->version,
				 v.rules_name));
		buf_release(&b);
	}
#undef ROW
	buf_init(&reasons, 0);
	for (size_t i = 0; i < r->nreasons; i++) {
		snprintf(key, sizeof(key), "subsidy.verdict.%s",
			 subsidy_verdict_name(r->reasons[i].verdict));
		buf_printf(&reasons, "%s【%s】", i ? "\n" : "", tr(LANG_ZH, key));
		subsidy_reason_text(LANG_ZH, &r->reasons[i], &reasons);
	}
	f.l_reasons = tr(LANG_ZH, "subsidy.form.reasons");
	f.reasons = arena_strdup(ctx->arena, reasons.data ? reasons.data : "");
	buf_release(&reasons);
	f.blank[0] = tr(LANG_ZH, "subsidy.form.bank_account");
	f.blank[1] = tr(LANG_ZH, "subsidy.form.bank");
	f.blank[2] = tr(LANG_ZH, "subsidy.form.signature");
	f.blank[3] = tr(LANG_ZH, "subsidy.form.date");
	f.note = tr(LANG_ZH, "subsidy.form.note");
	f.qr_text = *base && v.cert.qr_token
			    ? arena_printf(ctx->arena, "%s/v/%s", base, v.cert.qr_token)
			    : NULL;
	buf_reset(out);
	if (pdf_subsidy_form(&f, out, perr, sizeof(perr))) {
		log_error("subsidy form %lld: %s", id, perr);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}

/* ---- the export of open windows ---- */

#define EXPORT_COLS 12

struct export_it {
	struct app_ctx *ctx;
	enum lang lang;
	const struct subsidy_holder *rows;
	size_t n, i;
};

static int next_row(void *arg, const char **cols)
{
	struct export_it *it = arg;
	const struct subsidy_holder *r;
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
	const struct subsidy_holder *a = x, *b = y;
	int c = strcmp(a->result.last_day, b->result.last_day);

	return c ? c : strcmp(a->cert->number, b->cert->number);
}

enum app_status app_subsidy_holders(struct app_ctx *ctx, int within,
				    struct subsidy_holder **items, size_t *n,
				    struct app_error *err)
{
	struct store_conn *c;
	struct certificate *xs = NULL;
	struct subsidy_holder *rows;
	struct rule_set rs;
	size_t nx = 0, k = 0;
	int max_months = 0;
	char today[11], from[11];
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!app_can(ctx, PERM_CERT_READ))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
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
	rc = store_cert_issued_between(c, ctx->arena, from, today, &xs, &nx);
	rows = arena_alloc(ctx->arena, (nx + 1) * sizeof(*rows));
	for (size_t i = 0; rc == STORE_OK && i < nx; i++) {
		struct app_error e;
		const struct subsidy_rules *rules = rules_for(&rs, xs[i].province_code);
		struct subsidy_cert sc = {xs[i].occupation_code, xs[i].issued_on,
					  xs[i].level, true};
		struct subsidy_facts f = {-1, false, NULL, 0, NULL, 0};
		struct subsidy_claim *cl = NULL;
		size_t ncl = 0;

		memset(&e, 0, sizeof(e));
		if (app_authorize(ctx, c, PERM_CERT_READ, xs[i].institution_id, &e))
			continue;
		if (xs[i].person_id &&
		    (rc = store_subsidy_claims_of_person(c, ctx->arena, xs[i].person_id,
							 &cl, &ncl)))
			break;
		claims_facts(ctx, cl, ncl, &f);
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
	*items = rows;
	*n = k;
	return APP_OK;
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
	struct subsidy_holder *rows = NULL;
	size_t k = 0;
	int trc;
	char terr[160];

	if (!app_can(ctx, PERM_CERT_READ))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!format || (strcmp(format, "xlsx") && strcmp(format, "csv")))
		return app_fail(err, APP_INVALID, "format", "val.subsidy.format");
	if (app_subsidy_holders(ctx, within, &rows, &k, err))
		return err->status;
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
