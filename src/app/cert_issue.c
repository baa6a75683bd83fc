/*
 * cert_issue.c - issuing a closed plan's certificates in one locked
 * transaction, and reading them (ARCHITECTURE
 * "Credentials").
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/registry.h"

/* ---- issuing ---- */

/* The counter's prefix of a number of line: the first 16 characters of a
 * skill-level certificate, or the industry pattern without its serial. */
static const char *number_prefix(const char *line, const char *pattern, struct certno *no,
				 char prefix[41])
{
	char out[41];

	if (!strcmp(line, "skill"))
		return certno_prefix(no, prefix);
	no->serial = 1;
	return certno_pattern(pattern, no, out, prefix);
}

const char *cert_number_format(const char *line, const char *pattern,
			       const struct certno *no, char out[41])
{
	return !strcmp(line, "skill") ? certno_format(no, out)
				      : certno_pattern(pattern, no, out, NULL);
}

/* The number of x from its parts: the 22 characters of a skill-level
 * certificate, or the industry pattern; the serial from the counter of
 * its prefix. */
enum app_status cert_number_of(struct app_ctx *ctx, struct store_conn *c,
			       const char *pattern, struct certno *no,
			       struct certificate *x, struct app_error *err)
{
	char prefix[41], out[41];
	const char *e = number_prefix(x->line, pattern, no, prefix);
	long long serial;
	enum store_err rc;

	if (e)
		return app_fail(err, APP_INVALID, NULL, e);
	rc = store_counter_next(c, arena_printf(ctx->arena, "cert:%s:%s", x->line, prefix),
				&serial);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	no->serial = serial;
	if (cert_number_format(x->line, pattern, no, out))
		return app_fail(err, APP_CONFLICT, NULL, "cert.serials_exhausted");
	x->number = arena_strdup(ctx->arena, out);
	return APP_OK;
}

/* The issuer of a certificate of line at level: institution_id loaded
 * into *in, in force today, and the number's parts from its first filing
 * (a skill certificate needs one; the industry line numbers without). */
enum app_status cert_issuer_of(struct app_ctx *ctx, struct store_conn *c,
			       long long institution_id, const char *line, int level,
			       const char *today, struct institution *in,
			       struct certno *no, struct app_error *err)
{
	struct filing *filings = NULL;
	struct selfeval_hr hr;
	size_t nf = 0;
	enum store_err rc;
	int st;

	rc = store_institution_get(c, ctx->arena, institution_id, in);
	if (rc == STORE_OK)
		rc = store_filing_list(c, ctx->arena, institution_id, &filings, &nf);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	/* an institution suspended, revoked or lapsed issues nothing until it
	 * is in force again */
	st = reg_status_parse(in->status);
	if (!reg_may_open_plans(st < 0 ? REG_APPLYING : (enum reg_status)st,
				in->valid_until, today))
		return app_fail(err, APP_INVALID, NULL, "cert.institution_not_registered");
	memset(no, 0, sizeof(*no));
	/* Y: an employer evaluation institution (its HR filing, issue 15),
	 * or one with a host organisation */
	rc = store_selfeval_hr_get(c, ctx->arena, institution_id, &hr);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	no->kind = !strcmp(hr.hr_filing, "Y") || (in->host_org && *in->host_org) ? 'Y' : 'S';
	no->year = time_year(today);
	no->level = level;
	if (nf > 0) {
		snprintf(no->institution, sizeof(no->institution), "%s",
			 filings[0].institution_code);
		snprintf(no->province, sizeof(no->province), "%s", filings[0].province_code);
		snprintf(no->site, sizeof(no->site), "%s", filings[0].site_code);
	} else if (!strcmp(line, "skill")) {
		return app_fail(err, APP_INVALID, NULL, "cert.no_filing");
	} else {
		snprintf(no->institution, sizeof(no->institution), "0000");
		snprintf(no->province, sizeof(no->province), "%s",
			 in->province ? in->province : "11");
		snprintf(no->site, sizeof(no->site), "000000");
	}
	return APP_OK;
}

/* Takes the plan's n serials and status indexes from their counters, once
 * for the plan (the candidates get them in order): b->first_serial and
 * b->first_index. */
static enum app_status take_counters(struct app_ctx *ctx, struct store_conn *c,
				     struct cert_batch *b, struct app_error *err)
{
	const char *line = b->tmpl.line;
	char prefix[41], out[41];
	struct certno last;
	const char *e = number_prefix(line, b->pattern, &b->no, prefix);
	long long n = (long long)b->ncand, top;
	enum store_err rc;

	if (e)
		return app_fail(err, APP_INVALID, NULL, e);
	rc = store_counter_take(c, arena_printf(ctx->arena, "cert:%s:%s", line, prefix),
				n, &top);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	/* the last serial is the largest: when it fits, they all do */
	last = b->no;
	last.serial = (long)top;
	if (cert_number_format(line, b->pattern, &last, out))
		return app_fail(err, APP_CONFLICT, NULL, "cert.serials_exhausted");
	b->first_serial = top - n + 1;
	rc = store_counter_take(c, "cert:status_index", n, &top);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	b->first_index = top - n; /* an index is its counter's value - 1 */
	return APP_OK;
}

enum app_status app_cert_issue(struct app_ctx *ctx, long long plan_id, const char *line,
			       struct cert_issue_report *rep, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	struct institution in;
	struct cert_candidate *cand;
	struct component_row *comps;
	const struct app_signer *sg;
	const char *base, *pattern = NULL;
	size_t ncand, ncomp;
	struct cert_batch bt;
	struct certificate *x;
	char today[11], now[32];
	struct certno no;
	enum store_err rc;
	long long last_cert = 0;

	memset(rep, 0, sizeof(*rep));
	line = line && *line ? line : "skill";
	if (strcmp(line, "skill") && strcmp(line, "industry"))
		return app_fail(err, APP_INVALID, "line", "cert.line");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	/* the plan's lock first: a concurrent issuer waits here */
	rc = store_plan_lock(c, plan_id);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_plan_load(ctx, c, plan_id, PERM_CERT_ISSUE, &p, &s, err))
		return app_abort(ctx, c, err);
	if (strcmp(p.status, "closed")) {
		app_fail(err, APP_INVALID, NULL, "cert.plan_not_closed");
		return app_abort(ctx, c, err);
	}
	if (cert_public_base(ctx, c, &base, err))
		return app_abort(ctx, c, err);
	if (cert_issuer_of(ctx, c, p.institution_id, line, p.level, today, &in, &no, err))
		return app_abort(ctx, c, err);
	if (!strcmp(line, "industry"))
		pattern = cert_setting(ctx, c, "industry_pattern", DEFAULT_INDUSTRY_PATTERN);
	rc = store_cert_candidates(c, ctx->arena, plan_id, &cand, &ncand);
	if (rc == STORE_OK)
		rc = store_components_of_plan(c, ctx->arena, plan_id, &comps, &ncomp);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* no certificate without a photo (domain.md §2.1): the whole plan
	 * is refused, naming everyone who lacks one */
	{
		struct cert_candidate *miss =
			arena_alloc(ctx->arena, (ncand ? ncand : 1) * sizeof(*miss));
		size_t k = 0;

		for (size_t i = 0; miss && i < ncand; i++)
			if (!cand[i].has_photo)
				miss[k++] = cand[i];
		if (k) {
			rep->missing = miss;
			rep->nmissing = k;
			app_fail(err, APP_INVALID, "photo", "cert.photos_missing");
			return app_abort(ctx, c, err);
		}
	}
	if (!(sg = cert_signer(ctx, c, err)))
		return app_abort(ctx, c, err);
	memset(&bt, 0, sizeof(bt));
	bt.ctx = ctx;
	bt.sg = sg;
	bt.base = base;
	bt.citation = s.citation;
	bt.pattern = pattern;
	bt.actor = ctx->actor && !ctx->actor->system ? ctx->actor->username : "system";
	bt.no = no;
	bt.cand = cand;
	bt.ncand = ncand;
	bt.comps = comps;
	bt.ncomp = ncomp;
	bt.threads = cert_issue_threads();
	x = &bt.tmpl;
	x->line = line;
	x->plan_id = plan_id;
	x->institution_id = p.institution_id;
	x->institution_name = in.name; /* as filed now, kept */
	x->institution_code = bt.no.institution;
	x->province_code = bt.no.province;
	x->site_code = bt.no.site;
	x->occupation_code = p.occupation_code;
	x->occupation_name = p.occupation_name;
	x->work_type = p.work_type ? p.work_type : "";
	x->level = p.level;
	x->issued_on = today;
	x->status = "valid";
	x->created_at = now;
	/* the numbers and status indexes once for the plan, then the
	 * certificates built and signed on every core, written in order */
	rc = store_webhook_last_cert(c, &last_cert);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (ncand && (take_counters(ctx, c, &bt, err) || cert_batch_run(&bt, c, err)))
		return app_abort(ctx, c, err);
	rep->issued = bt.written;
	rep->first_number = bt.first_number;
	rep->last_number = bt.last_number;
	/* enrolments that had theirs: a successor (supersede) is the same
	 * enrolment's certificate, not another one */
	rc = store_cert_count_plan(c, plan_id, &rep->already);
	if (rc)
		return app_finish(ctx, c, rc, err);
	rep->already -= rep->issued;
	/* the certificates carry the institution's seal when it has one */
	if (rep->issued) {
		const unsigned char *seal;
		size_t seal_len;

		rc = cert_stamp_load(ctx, c, p.institution_id, &seal, &seal_len);
		if (rc == STORE_OK && seal)
			rc = app_audit(
				ctx, c, "seal.use", "institution",
				arena_printf(ctx->arena, "%lld", p.institution_id), NULL,
				app_json(ctx, "{s:s, s:s, s:I}", "document",
					 "certificate.issue", "of",
					 arena_printf(ctx->arena, "plan %lld", plan_id),
					 "issued", (json_int_t)rep->issued));
		if (rc)
			return app_finish(ctx, c, rc, err);
	}
	if (rep->issued)
		rc = app_audit(ctx, c, "certificate.issue", "plan",
			       arena_printf(ctx->arena, "%lld", plan_id), NULL,
			       app_json(ctx, "{s:s, s:I, s:s, s:s}", "line", line,
					"issued", (json_int_t)rep->issued, "first",
					rep->first_number, "last", rep->last_number));
	/* the webhooks' certificate.issued, one per certificate, in bulk */
	if (rc == STORE_OK && rep->issued)
		rc = app_event_issued_tx(ctx, c, plan_id, p.institution_id, last_cert);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_plan_missing_photos(struct app_ctx *ctx, long long plan_id,
					struct cert_candidate **items, size_t *n,
					struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	struct cert_candidate *cand;
	size_t ncand, k = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_plan_load(ctx, c, plan_id, PERM_CERT_ISSUE, &p, &s, err) &&
	    (err->status != APP_FORBIDDEN ||
	     app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, &s, err))) {
		store_release(c);
		return err->status;
	}
	rc = store_cert_candidates(c, ctx->arena, plan_id, &cand, &ncand);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	for (size_t i = 0; i < ncand; i++)
		if (!cand[i].has_photo)
			cand[k++] = cand[i];
	*items = k ? cand : NULL;
	*n = k;
	return APP_OK;
}

/* ---- reading ---- */

enum app_status cert_load(struct app_ctx *ctx, struct store_conn *c, long long id,
			  const char *perm, struct certificate *x, struct app_error *err)
{
	enum store_err rc = store_cert_get(c, ctx->arena, id, x);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	/* a holder account (issue 12) reads its own person's certificates,
	 * and nothing else: another's is not there for it */
	if (ctx->actor && !ctx->actor->system && ctx->actor->person_id)
		return x->person_id == ctx->actor->person_id && !strcmp(perm, PERM_CERT_READ)
			       ? APP_OK
			       : app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	return app_authorize(ctx, c, perm, x->institution_id, err);
}

enum app_status app_cert_get(struct app_ctx *ctx, long long id, struct cert_view *out,
			     struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc = STORE_OK;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (cert_load(ctx, c, id, PERM_CERT_READ, &out->cert, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_cert_events(c, ctx->arena, id, &out->events, &out->nevents);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_cert_by_number(struct app_ctx *ctx, const char *number, long long *id,
				   struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	enum store_err rc;

	*id = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_cert_by_number(c, ctx->arena, number ? number : "", &x);
	store_release(c);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, "number", "err.not_found");
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	*id = x.id;
	return APP_OK;
}

enum app_status app_cert_list(struct app_ctx *ctx, long long plan_id, const char *q,
			      long long limit, long long offset,
			      struct certificate **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	size_t k = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!app_can(ctx, PERM_CERT_READ))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (limit <= 0 || limit > 500)
		limit = limit <= 0 ? 50 : 500;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = plan_id ? store_cert_of_plan(c, ctx->arena, plan_id, false, items, n)
		     : store_cert_list(c, ctx->arena, q, limit, offset < 0 ? 0 : offset,
				       items, n);
	/* only what the actor's grants cover */
	for (size_t i = 0; rc == STORE_OK && i < *n; i++) {
		struct app_error e;

		memset(&e, 0, sizeof(e));
		if (app_authorize(ctx, c, PERM_CERT_READ, (*items)[i].institution_id, &e))
			continue;
		(*items)[k++] = (*items)[i];
	}
	*n = rc ? 0 : k;
	return app_read_done(ctx, c, rc, err);
}
