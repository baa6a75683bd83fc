/*
 * commendation_decision.c - the decision of a commendation campaign
 * (表彰决定, issue 14): notice → decided with the document's number, date
 * and signatory; every proposed nomination commended and given an honour
 * certificate (荣誉证书: line "honour", level 0, its facts in
 * certificate_honour), numbered by the honour_pattern setting, signed as
 * an OB 3.0 credential (cert_credential.c), issued by the center — the
 * registry's institution of type "center" (the demo has it; without one
 * the decision is refused). The decision's PDF and the public honour roll.
 * Revocation is the certificates' own (app_cert_change with a category).
 */
#include <jansson.h>
#include <string.h>

#include "app/cert_internal.h"
#include "base/buf.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/i18n.h"
#include "services/pdf.h"

/* The criteria an honour states: the rules document's "citation" (else
 * NULL: the campaign's title is used). */
static const char *rules_citation(struct app_ctx *ctx, struct store_conn *c, long long id)
{
	const char *body = NULL, *out = NULL;
	json_t *j, *v;

	if (store_comm_rules_body(c, ctx->arena, id, &body) || !body)
		return NULL;
	j = json_loads(body, 0, NULL);
	v = json_object_get(j, "citation");
	if (json_is_string(v))
		out = arena_strdup(ctx->arena, json_string_value(v));
	json_decref(j);
	return out;
}

/* One honour certificate for the nominee m, issued by in. */
static enum app_status
issue_one(struct app_ctx *ctx, struct store_conn *c, const struct app_signer *sg,
	  const char *base, const char *pattern, const char *citation, struct certno *no,
	  const struct institution *in, const struct comm_dcampaign *k,
	  const struct comm_nominee *m, const char *issued_on, const char *now,
	  struct certificate *x, struct app_error *err)
{
	struct certificate_event ev;
	long long index;
	enum store_err rc;

	memset(x, 0, sizeof(*x));
	x->line = "honour";
	x->institution_id = in->id;
	x->institution_name = in->name;
	x->institution_code = no->institution;
	x->province_code = no->province;
	x->site_code = no->site;
	if (m->person_id) { /* a person: the person of the registry */
		struct cert_candidate who;

		rc = store_cert_award_person(c, ctx->arena, m->person_id, &who);
		if (rc)
			return app_store_fail(ctx, c, rc, err);
		x->person_id = m->person_id;
		x->holder_name = who.name;
		x->id_type = who.id_type;
		x->id_blind = who.id_blind;
		x->id_masked = who.id_masked;
	} else { /* a collective: the institution, no person, no ID */
		x->holder_name = m->institution_name;
		x->id_type = "";
		x->id_blind = "";
		x->id_masked = "";
	}
	x->occupation_code = "";
	x->occupation_name = "";
	x->work_type = "";
	x->level = 0;             /* an honour is not a level */
	x->issued_on = issued_on; /* the decision's date */
	x->scores = "";
	x->status = "valid";
	x->created_at = now;
	x->award = m->category;
	x->award_name = m->category_name; /* as the campaign's rules name it */
	x->award_name_en = m->category_name_en;
	x->competition_name = k->title;
	x->campaign_id = k->id;
	if (cert_number_of(ctx, c, pattern, no, x, err))
		return err->status;
	rc = store_counter_next(c, "cert:status_index", &index);
	x->status_index = index - 1;
	if (rc == STORE_OK)
		rc = store_cert_insert(c, x, &x->id);
	if (rc == STORE_OK)
		rc = store_cert_honour_insert(c, x->id, k->id, m->nomination_id,
					      m->category, m->institution_id, m->person_id);
	if (rc == STORE_OK)
		rc = store_comm_nomination_commend(c, m->nomination_id, now);
	if (rc == STORE_OK)
		rc = app_event_cert_issued_tx(ctx, c, x->id, x->institution_id);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (cert_sign_and_store(ctx, c, sg, base, x, citation, err))
		return err->status;
	memset(&ev, 0, sizeof(ev));
	ev.certificate_id = x->id;
	ev.action = "issued";
	ev.actor = ctx->actor && !ctx->actor->system ? ctx->actor->username : "system";
	ev.at = now;
	rc = store_cert_event_insert(c, &ev);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

/* The input's fields: each named when missing or too long. */
static enum app_status check_input(const struct comm_decision_input *in,
				   struct app_error *err)
{
	if (!in->decision_no || !*in->decision_no || strlen(in->decision_no) > 100)
		return app_fail(err, APP_INVALID, "decision_no",
				"commendation.decide.number_required");
	if (!in->decision_date || !time_date_valid(in->decision_date))
		return app_fail(err, APP_INVALID, "decision_date", "val.date.invalid");
	if (!in->signatory || !*in->signatory || strlen(in->signatory) > 200)
		return app_fail(err, APP_INVALID, "signatory",
				"commendation.decide.signatory_required");
	return APP_OK;
}

enum app_status app_comm_decide(struct app_ctx *ctx, long long campaign_id,
				const struct comm_decision_input *input,
				struct comm_decision_report *rep, struct app_error *err)
{
	struct store_conn *c;
	struct comm_dcampaign k;
	struct comm_nominee *ms = NULL;
	struct institution in;
	struct filing *filings = NULL;
	const struct app_signer *sg = NULL;
	const char *base, *pattern, *citation;
	size_t nm = 0, nf = 0;
	long long center = 0;
	char today[11], now[32];
	struct certno no;
	enum store_err rc;

	memset(rep, 0, sizeof(*rep));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (check_input(input, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err))
		return app_abort(ctx, c, err);
	rc = store_comm_dcampaign_get(c, ctx->arena, campaign_id, &k);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (strcmp(k.status, "notice")) {
		app_fail(err, APP_CONFLICT, "status", "commendation.decide.not_notice");
		err->detail = k.status;
		return app_abort(ctx, c, err);
	}
	/* the notice over and every objection resolved (app/commendation_review.c) */
	if (comm_notice_clear(ctx, c, k.id, err))
		return app_abort(ctx, c, err);
	/* the decision's date is the honours' issued_on: not in the future,
	 * and after the notice's last day (the notice is over then) */
	time_today(today, sizeof(today));
	if (strcmp(input->decision_date, today) > 0) {
		app_fail(err, APP_INVALID, "decision_date",
			 "commendation.decide.date_future");
		return app_abort(ctx, c, err);
	}
	if (k.notice_end && strcmp(input->decision_date, k.notice_end) <= 0) {
		app_fail(err, APP_INVALID, "decision_date",
			 "commendation.decide.date_in_notice");
		err->detail = k.notice_end;
		return app_abort(ctx, c, err);
	}
	/* the issuer: the center, the registry's institution of type center */
	rc = store_comm_center_id(c, &center);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, NULL, "commendation.decide.no_center");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_institution_get(c, ctx->arena, center, &in);
	if (rc == STORE_OK)
		rc = store_filing_list(c, ctx->arena, center, &filings, &nf);
	/* the state first: a concurrent decision waits here, then finds the
	 * campaign decided */
	time_now_iso(now, sizeof(now));
	if (rc == STORE_OK)
		rc = store_comm_decide(c, k.id, input->decision_no, input->decision_date,
				       input->signatory, now);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, "status", "commendation.decide.not_notice");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_comm_nominees(c, ctx->arena, k.id, "proposed", &ms, &nm);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (cert_public_base(ctx, c, &base, err))
		return app_abort(ctx, c, err);
	memset(&no, 0, sizeof(no));
	no.kind = 'S';
	no.year = time_year(input->decision_date);
	snprintf(no.institution, sizeof(no.institution), "%s",
		 nf ? filings[0].institution_code : "0000");
	snprintf(no.province, sizeof(no.province), "%s",
		 nf                            ? filings[0].province_code
		 : in.province && *in.province ? in.province
					       : "11");
	snprintf(no.site, sizeof(no.site), "%s", nf ? filings[0].site_code : "000000");
	pattern = cert_setting(ctx, c, "honour_pattern", DEFAULT_HONOUR_PATTERN);
	citation = rules_citation(ctx, c, k.id);
	for (size_t i = 0; i < nm; i++) {
		struct certificate x;

		if (!sg && !(sg = cert_signer(ctx, c, err)))
			return app_abort(ctx, c, err);
		if (issue_one(ctx, c, sg, base, pattern, citation, &no, &in, &k, &ms[i],
			      input->decision_date, now, &x, err))
			return app_abort(ctx, c, err);
		if (!rep->first_number)
			rep->first_number = x.number;
		rep->last_number = x.number;
		rep->issued++;
	}
	rc = STORE_OK;
	if (rep->issued) {
		const unsigned char *seal;
		size_t seal_len;

		rc = cert_stamp_load(ctx, c, center, &seal, &seal_len);
		if (rc == STORE_OK && seal)
			rc = app_audit(ctx, c, "seal.use", "institution",
				       arena_printf(ctx->arena, "%lld", center), NULL,
				       app_json(ctx, "{s:s, s:s, s:I}", "document",
						"honour certificates", "of",
						arena_printf(ctx->arena,
							     "commendation %lld", k.id),
						"issued", (json_int_t)rep->issued));
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.decide", "commendation_campaign",
			       arena_printf(ctx->arena, "%lld", k.id),
			       app_json(ctx, "{s:s}", "status", k.status),
			       app_json(ctx, "{s:s, s:s, s:s, s:s, s:I, s:s?, s:s?}",
					"status", "decided", "decision_no",
					input->decision_no, "decision_date",
					input->decision_date, "signatory", input->signatory,
					"issued", (json_int_t)rep->issued, "first",
					rep->first_number, "last", rep->last_number));
	return app_finish(ctx, c, rc, err);
}

/* The title of the decision: "<year>年度…表彰决定" from the campaign's
 * title (its "表彰" and after replaced; else the title and "表彰决定"). */
static const char *decision_title(struct app_ctx *ctx, const struct comm_dcampaign *k)
{
	const char *cut = strstr(k->title, "表彰");

	if (strstr(k->title, "表彰决定"))
		return k->title;
	if (cut)
		return arena_printf(ctx->arena, "%.*s表彰决定", (int)(cut - k->title),
				    k->title);
	return arena_printf(ctx->arena, "%s表彰决定", k->title);
}

enum app_status app_comm_decision_pdf(struct app_ctx *ctx, long long campaign_id,
				      struct buf *out, struct app_error *err)
{
	struct store_conn *c;
	struct comm_dcampaign k;
	struct comm_nominee *ms = NULL;
	struct pdf_decision_line *lines;
	struct pdf_decision d;
	size_t nm = 0, nl = 0;
	char date[64], perr[256];
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_comm_dcampaign_get(c, ctx->arena, campaign_id, &k);
	if (rc == STORE_OK && strcmp(k.status, "decided"))
		rc = STORE_NOT_FOUND; /* public once decided, nothing before */
	if (rc == STORE_OK)
		rc = store_comm_nominees(c, ctx->arena, k.id, "commended", &ms, &nm);
	if (rc) {
		if (rc == STORE_NOT_FOUND) {
			store_release(c);
			return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		}
		return app_read_done(ctx, c, rc, err);
	}
	store_release(c);
	lines = arena_alloc(ctx->arena, sizeof(*lines) * (2 * nm + 1));
	for (size_t i = 0; i < nm; i++) {
		if (!i || strcmp(ms[i].category, ms[i - 1].category))
			lines[nl++] = (struct pdf_decision_line){
				arena_printf(ctx->arena, "%s",
					     commend_cat_text(LANG_ZH, ms[i].category,
							      ms[i].category_name,
							      ms[i].category_name_en)),
				1};
		lines[nl++] = (struct pdf_decision_line){
			ms[i].person_id
				? arena_printf(ctx->arena, "%s（%s）", ms[i].person_name,
					       ms[i].institution_name)
				: ms[i].institution_name,
			0};
	}
	memset(&d, 0, sizeof(d));
	d.title = decision_title(ctx, &k);
	d.number = k.decision_no;
	d.preamble = arena_printf(
		ctx->arena,
		"为表彰先进，树立典型，经推荐、审核、评审和公示，决定对以下%zu个先进集体和个人"
		"予以表彰（%s）。希望受表彰的集体和个人珍惜荣誉，再接再厉。",
		nm, k.title);
	d.signatory = k.signatory;
	d.date = arena_strdup(ctx->arena, cert_date_zh(date, sizeof(date), k.decision_date));
	d.lines = lines;
	d.nlines = nl;
	buf_reset(out);
	if (pdf_decision(&d, out, perr, sizeof(perr))) {
		log_error("decision %lld: %s", campaign_id, perr);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}

enum app_status app_comm_honours(struct app_ctx *ctx, int year, const char *category,
				 long long institution_id, struct comm_honour **items,
				 size_t *n, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_comm_honours(c, ctx->arena, year, category, institution_id, 0, true,
				items, n);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_comm_honour_categories(struct app_ctx *ctx, struct comm_category **items,
					   size_t *n, struct app_error *err)
{
	struct store_conn *c;

	*items = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	return app_read_done(ctx, c,
			     store_comm_honour_categories(c, ctx->arena, items, n), err);
}
