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

/* The number of x from its parts: the 22 characters of a skill-level
 * certificate, or the industry pattern; the serial from the counter of
 * its prefix. */
enum app_status cert_number_of(struct app_ctx *ctx, struct store_conn *c,
			       const char *pattern, struct certno *no,
			       struct certificate *x, struct app_error *err)
{
	char prefix[41], out[41];
	const char *e;
	long long serial;
	enum store_err rc;

	if (!strcmp(x->line, "skill"))
		e = certno_prefix(no, prefix);
	else
		e = (no->serial = 1, certno_pattern(pattern, no, out, prefix));
	if (e)
		return app_fail(err, APP_INVALID, NULL, e);
	rc = store_counter_next(c, arena_printf(ctx->arena, "cert:%s:%s", x->line, prefix),
				&serial);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	no->serial = serial;
	e = !strcmp(x->line, "skill") ? certno_format(no, out)
				      : certno_pattern(pattern, no, out, NULL);
	if (e)
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

/* "theory=85.0;practical=78.5" of an enrolment's locked components. m is
 * ordered by enrolment, and so are the calls: *at moves forward only. */
static const char *scores_of(struct app_ctx *ctx, const struct component_row *m, size_t n,
			     size_t *at, long long enrolment_id)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	while (*at < n && m[*at].enrolment_id < enrolment_id)
		(*at)++;
	for (size_t i = *at; i < n && m[i].enrolment_id == enrolment_id; i++) {
		if (b.len)
			buf_putc(&b, ';');
		if (m[i].tenths >= 0)
			buf_printf(&b, "%s=%d.%d", m[i].component, m[i].tenths / 10,
				   m[i].tenths % 10);
		else
			buf_printf(&b, "%s=%s", m[i].component, m[i].status);
	}
	out = arena_strdup(ctx->arena, b.data);
	buf_release(&b);
	return out;
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
	size_t ncand, ncomp, at = 0;
	struct arena scratch;
	struct app_ctx row;
	char today[11], now[32];
	struct certno no;
	enum store_err rc;
	bool filled = false; /* err filled by a step of the loop */

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
	/* each certificate's strings (credential, token, number) live in a
	 * scratch arena emptied every few dozen certificates: memory stays
	 * flat however large the plan */
	arena_init(&scratch);
	row = *ctx;
	row.arena = &scratch;
	for (size_t i = 0; i < ncand; i++) {
		struct certificate x;
		struct certificate_event ev;
		long long index;

		memset(&x, 0, sizeof(x));
		x.line = line;
		x.enrolment_id = cand[i].enrolment_id;
		x.plan_id = plan_id;
		x.person_id = cand[i].person_id;
		x.institution_id = p.institution_id;
		x.institution_name = in.name; /* as filed now, kept */
		x.institution_code = no.institution;
		x.province_code = no.province;
		x.site_code = no.site;
		x.holder_name = cand[i].name;
		x.id_type = cand[i].id_type;
		x.id_blind = cand[i].id_blind;
		x.id_masked = cand[i].id_masked;
		x.occupation_code = p.occupation_code;
		x.occupation_name = p.occupation_name;
		x.work_type = p.work_type ? p.work_type : "";
		x.level = p.level;
		x.issued_on = today;
		x.scores = scores_of(&row, comps, ncomp, &at, cand[i].enrolment_id);
		x.status = "valid";
		x.created_at = now;
		if (cert_number_of(&row, c, pattern, &no, &x, err)) {
			filled = true;
			break;
		}
		rc = store_counter_next(c, "cert:status_index", &index);
		x.status_index = index - 1;
		if (rc == STORE_OK)
			rc = store_cert_insert(c, &x, &x.id);
		if (rc)
			break;
		if (cert_sign_and_store(&row, c, sg, base, &x, s.citation, err)) {
			filled = true;
			break;
		}
		memset(&ev, 0, sizeof(ev));
		ev.certificate_id = x.id;
		ev.action = "issued";
		ev.actor = ctx->actor && !ctx->actor->system ? ctx->actor->username
							     : "system";
		ev.at = now;
		if ((rc = store_cert_event_insert(c, &ev)))
			break;
		if (!rep->first_number)
			rep->first_number = arena_strdup(ctx->arena, x.number);
		if (i + 1 == ncand)
			rep->last_number = arena_strdup(ctx->arena, x.number);
		rep->issued++;
		if (i % 64 == 63) {
			arena_release(&scratch);
			arena_init(&scratch);
		}
	}
	/* what the caller reads of a refusal outlives the scratch */
	if (filled && err->detail)
		err->detail = arena_strdup(ctx->arena, err->detail);
	arena_release(&scratch);
	if (filled)
		return app_abort(ctx, c, err);
	if (rc)
		return app_finish(ctx, c, rc, err);
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
	rc = plan_id ? store_cert_of_plan(c, ctx->arena, plan_id, items, n)
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
