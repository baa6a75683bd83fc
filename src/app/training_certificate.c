/*
 * training_certificate.c - the training certificate (培训证书, issue 15
 * part B): one certificate of line "training", level 0, for a completed
 * enrolment of a training course, issued by the course's institution,
 * numbered by the training_pattern setting (default PX{YYYY}{N6}), its
 * course and hours in certificate_training (migration 0033), signed as an
 * OB 3.0 credential with achievementType "Course" (cert_credential.c) and
 * printed as 培训证书 (cert_pdf.c). It is never a skill level
 * (cert_is_recognition): promotions, eligibility and the skill-upgrade
 * subsidy skip it. Status changes, sharing, the PDF and the public
 * verification are the certificates' own (cert_*.c). docs/training.md.
 */
#include <jansson.h>
#include <string.h>

#include "app/cert_internal.h"
#include "base/timeutil.h"
#include "core/authz.h"

/* The criteria a training certificate states (arena). */
const char *cert_training_citation(struct app_ctx *ctx, const struct cert_training *t)
{
	return arena_printf(ctx->arena, "完成培训课程《%s》，共%d学时", t->course_title,
			    t->hours);
}

enum app_status app_training_certify(struct app_ctx *ctx, long long enrolment_id,
				     long long *cert_id, const char **number,
				     struct app_error *err)
{
	struct store_conn *c;
	struct training_enrolment e;
	struct training_course k;
	struct institution in;
	struct filing *filings = NULL;
	struct cert_candidate who;
	struct cert_training t;
	struct certificate x;
	struct certificate_event ev;
	const struct app_signer *sg;
	const char *base, *pattern;
	const unsigned char *seal = NULL;
	size_t nf = 0, seal_len = 0;
	long long index;
	char today[11], now[32];
	struct certno no;
	enum store_err rc;

	*cert_id = 0;
	*number = NULL;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_training_enrolment_get(c, ctx->arena, enrolment_id, &e);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_training_course_get(c, ctx->arena, e.course_id, &k);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_TRAINING_MANAGE, k.institution_id, err))
		return app_abort(ctx, c, err);
	if (strcmp(e.status, "completed")) {
		app_fail(err, APP_INVALID, "status", "training.cert_not_completed");
		return app_abort(ctx, c, err);
	}
	if (e.certificate_id) {
		app_fail(err, APP_CONFLICT, "certificate_id", "training.cert_done");
		return app_abort(ctx, c, err);
	}
	rc = store_institution_get(c, ctx->arena, k.institution_id, &in);
	if (rc == STORE_OK)
		rc = store_filing_list(c, ctx->arena, k.institution_id, &filings, &nf);
	if (rc == STORE_OK)
		rc = store_cert_award_person(c, ctx->arena, e.person_id, &who);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (cert_public_base(ctx, c, &base, err) || !(sg = cert_signer(ctx, c, err)))
		return app_abort(ctx, c, err);
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	memset(&no, 0, sizeof(no));
	no.kind = 'S';
	no.year = time_year(today);
	snprintf(no.institution, sizeof(no.institution), "%s",
		 nf ? filings[0].institution_code : "0000");
	snprintf(no.province, sizeof(no.province), "%s",
		 nf                            ? filings[0].province_code
		 : in.province && *in.province ? in.province
					       : "11");
	snprintf(no.site, sizeof(no.site), "%s", nf ? filings[0].site_code : "000000");
	pattern = cert_setting(ctx, c, "training_pattern", DEFAULT_TRAINING_PATTERN);
	memset(&x, 0, sizeof(x));
	x.line = "training";
	x.person_id = e.person_id;
	x.institution_id = in.id;
	x.institution_name = in.name; /* as registered now, kept */
	x.institution_code = no.institution;
	x.province_code = no.province;
	x.site_code = no.site;
	x.holder_name = who.name;
	x.id_type = who.id_type;
	x.id_blind = who.id_blind;
	x.id_masked = who.id_masked;
	x.occupation_code = k.occupation_code;
	x.occupation_name = k.title; /* what the training was */
	x.work_type = "";
	x.level = 0; /* a training certificate is not a level */
	x.issued_on = today;
	x.scores = "";
	x.status = "valid";
	x.created_at = now;
	if (cert_number_of(ctx, c, pattern, &no, &x, err))
		return app_abort(ctx, c, err);
	rc = store_counter_next(c, "cert:status_index", &index);
	x.status_index = index - 1;
	if (rc == STORE_OK)
		rc = store_cert_insert(c, &x, &x.id);
	memset(&t, 0, sizeof(t));
	t.certificate_id = x.id;
	t.course_id = k.id;
	t.enrolment_id = e.id;
	t.hours = k.hours;
	if (rc == STORE_OK)
		rc = store_cert_training_insert(c, &t);
	if (rc == STORE_OK)
		rc = store_training_enrolment_certify(c, e.id, x.id);
	if (rc == STORE_NOT_FOUND) { /* issued meanwhile */
		app_fail(err, APP_CONFLICT, "certificate_id", "training.cert_done");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_event_cert_issued_tx(ctx, c, x.id, x.institution_id);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (cert_sign_and_store(ctx, c, sg, base, &x, NULL, err))
		return app_abort(ctx, c, err);
	memset(&ev, 0, sizeof(ev));
	ev.certificate_id = x.id;
	ev.action = "issued";
	ev.actor = ctx->actor->system ? "system" : ctx->actor->username;
	ev.at = now;
	rc = store_cert_event_insert(c, &ev);
	/* the certificate carries the institution's seal when it has one */
	if (rc == STORE_OK)
		rc = cert_stamp_load(ctx, c, in.id, &seal, &seal_len);
	if (rc == STORE_OK && seal)
		rc = app_audit(ctx, c, "seal.use", "institution",
			       arena_printf(ctx->arena, "%lld", in.id), NULL,
			       app_json(ctx, "{s:s, s:s}", "document",
					"training certificate", "of", x.number));
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "training.certify", "training_enrolment",
			       arena_printf(ctx->arena, "%lld", e.id), NULL,
			       app_json(ctx, "{s:I, s:s, s:I, s:i}", "certificate_id",
					(json_int_t)x.id, "number", x.number, "course_id",
					(json_int_t)k.id, "hours", k.hours));
	if (rc == STORE_OK) {
		*cert_id = x.id;
		*number = x.number;
	}
	return app_finish(ctx, c, rc, err);
}
