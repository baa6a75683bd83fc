/*
 * web.h - the HTML pages. A page is one function: gather through app/,
 * render inside the layout (page_begin/page_end) through the HTML writer.
 */
#ifndef WEB_WEB_H
#define WEB_WEB_H

#include <stdbool.h>
#include <stddef.h>

#include "http/http.h"

void page_home(struct http_req *req, struct http_resp *resp);
void page_lang(struct http_req *req, struct http_resp *resp);
void page_institution_list(struct http_req *req, struct http_resp *resp);
void page_institution_new(struct http_req *req, struct http_resp *resp);
void page_institution_create(struct http_req *req, struct http_resp *resp);
void page_institution_show(struct http_req *req, struct http_resp *resp);
void page_institution_rename(struct http_req *req, struct http_resp *resp);

/* registry.c: the institution's registry actions, its plaque, the
 * spreadsheet import and export, the center's dashboard */
void page_institution_details(struct http_req *req, struct http_resp *resp);
void page_institution_retype(struct http_req *req, struct http_resp *resp);
void page_institution_status(struct http_req *req, struct http_resp *resp);
void page_institution_apply(struct http_req *req, struct http_resp *resp);
void page_scope_add(struct http_req *req, struct http_resp *resp);
void page_scope_remove(struct http_req *req, struct http_resp *resp);
void page_filing_add(struct http_req *req, struct http_resp *resp);
void page_inspection_add(struct http_req *req, struct http_resp *resp);
void page_finding_add(struct http_req *req, struct http_resp *resp);
void page_finding_close(struct http_req *req, struct http_resp *resp);
void page_institution_plaque(struct http_req *req, struct http_resp *resp);
void page_import(struct http_req *req, struct http_resp *resp);
void page_import_post(struct http_req *req, struct http_resp *resp);
void page_export_xlsx(struct http_req *req, struct http_resp *resp);
void page_export_csv(struct http_req *req, struct http_resp *resp);

/* opendata.c (issue 16): the open data files, public */
void page_opendata(struct http_req *req, struct http_resp *resp);
void page_opendata_directory_csv(struct http_req *req, struct http_resp *resp);
void page_opendata_directory_json(struct http_req *req, struct http_resp *resp);
void page_opendata_totals_csv(struct http_req *req, struct http_resp *resp);
void page_opendata_totals_json(struct http_req *req, struct http_resp *resp);
void page_registry(struct http_req *req, struct http_resp *resp);

/* batches.c: registration batches under public notice, objections */
void page_batches(struct http_req *req, struct http_resp *resp);
void page_batch_create(struct http_req *req, struct http_resp *resp);
void page_batch(struct http_req *req, struct http_resp *resp);
void page_batch_add(struct http_req *req, struct http_resp *resp);
void page_batch_remove(struct http_req *req, struct http_resp *resp);
void page_batch_reject(struct http_req *req, struct http_resp *resp);
void page_batch_notice(struct http_req *req, struct http_resp *resp);
void page_batch_decide(struct http_req *req, struct http_resp *resp);
void page_objection_file(struct http_req *req, struct http_resp *resp);
void page_objection_resolve(struct http_req *req, struct http_resp *resp);

/* plans.c: assessment plans, their staff and enrolments, the import of
 * people, enrolments and scores */
void page_plans(struct http_req *req, struct http_resp *resp);
void page_plan_new(struct http_req *req, struct http_resp *resp);
void page_plan_create(struct http_req *req, struct http_resp *resp);
void page_plan(struct http_req *req, struct http_resp *resp);
void page_plan_act(struct http_req *req, struct http_resp *resp);
void page_plan_room(struct http_req *req, struct http_resp *resp);
void page_plan_assign(struct http_req *req, struct http_resp *resp);
void page_plan_appeal_resolve(struct http_req *req, struct http_resp *resp);
void page_plan_unassign(struct http_req *req, struct http_resp *resp);
void page_plan_enrol(struct http_req *req, struct http_resp *resp);
void page_plan_withdraw(struct http_req *req, struct http_resp *resp);
void page_plan_import(struct http_req *req, struct http_resp *resp);
void page_plan_import_post(struct http_req *req, struct http_resp *resp);

/* people.c: the people list and search, registering one, a person's
 * page (facts, photo, assessor qualifications), the bulk import */
void page_people(struct http_req *req, struct http_resp *resp);
void page_person_new(struct http_req *req, struct http_resp *resp);
void page_person_create(struct http_req *req, struct http_resp *resp);
void page_person(struct http_req *req, struct http_resp *resp);
void page_person_update(struct http_req *req, struct http_resp *resp);
void page_person_photo(struct http_req *req, struct http_resp *resp);
void page_person_photo_put(struct http_req *req, struct http_resp *resp);
void page_person_qualify(struct http_req *req, struct http_resp *resp);
void page_people_import(struct http_req *req, struct http_resp *resp);
void page_people_import_post(struct http_req *req, struct http_resp *resp);

/* scores.c: the score-entry grid (page_score_row answers JSON to the
 * grid's script), the public results and appeals */
void page_scores(struct http_req *req, struct http_resp *resp);
void page_scores_save(struct http_req *req, struct http_resp *resp);
void page_scores_submit(struct http_req *req, struct http_resp *resp);
void page_score_row(struct http_req *req, struct http_resp *resp);
void page_results(struct http_req *req, struct http_resp *resp);
void page_appeal_file(struct http_req *req, struct http_resp *resp);

void page_verify(struct http_req *req, struct http_resp *resp);
void page_verify_post(struct http_req *req, struct http_resp *resp);
void page_verify_token(struct http_req *req, struct http_resp *resp);
struct page;
struct app_ctx;
/* batches.c: the results notices (结果公示) running today that match q
 * ("" = all), as a list of links to each plan's public results (the 公示
 * page and the home page); with say_none, a line when there is none.
 * Returns how many. */
size_t page_result_notices(struct page *p, struct app_ctx *ctx, const char *q,
			   bool say_none);
/* occupations.c: an achievement's public page */
void page_occupation_level(struct http_req *req, struct http_resp *resp);
void page_certificates(struct http_req *req, struct http_resp *resp);
void page_certificate(struct http_req *req, struct http_resp *resp);
void page_certificate_status(struct http_req *req, struct http_resp *resp);
void page_certificate_supersede(struct http_req *req, struct http_resp *resp);
void page_certificate_pdf(struct http_req *req, struct http_resp *resp);
void page_plan_certificates_pdf(struct http_req *req, struct http_resp *resp);
void page_plan_issue(struct http_req *req, struct http_resp *resp);
struct page;
struct cert_candidate;
/* The block naming the candidates without a photo (N 名考生缺少照片：…),
 * each linked to where the photo is set (/people/{id}). */
void page_missing_photos(struct page *p, const struct cert_candidate *m, size_t n);

/* filing.c: filing certificates with the provincial HR authorities */
void page_filings(struct http_req *req, struct http_resp *resp);
void page_filing_create(struct http_req *req, struct http_resp *resp);
void page_filing(struct http_req *req, struct http_resp *resp);
void page_filing_submit(struct http_req *req, struct http_resp *resp);
void page_filing_receipt(struct http_req *req, struct http_resp *resp);
void page_filing_reject(struct http_req *req, struct http_resp *resp);
void page_filing_xlsx(struct http_req *req, struct http_resp *resp);
void page_filing_csv(struct http_req *req, struct http_resp *resp);
void page_filing_photos(struct http_req *req, struct http_resp *resp);
void page_filing_manifest(struct http_req *req, struct http_resp *resp);

/* exam.c (issue 19): the candidate's online exam (public, by the claim
 * code and the attempt's cookie) and the plan's exam page for the proctor */
void page_exam(struct http_req *req, struct http_resp *resp);
void page_exam_post(struct http_req *req, struct http_resp *resp);
void page_exam_take(struct http_req *req, struct http_resp *resp);
void page_exam_take_post(struct http_req *req, struct http_resp *resp);
void page_plan_exam(struct http_req *req, struct http_resp *resp);
void page_plan_exam_assemble(struct http_req *req, struct http_resp *resp);
void page_plan_exam_seal(struct http_req *req, struct http_resp *resp);
void page_plan_exam_open(struct http_req *req, struct http_resp *resp);
void page_plan_exam_close(struct http_req *req, struct http_resp *resp);
void page_plan_exam_extend(struct http_req *req, struct http_resp *resp);
void page_plan_exam_attempt(struct http_req *req, struct http_resp *resp);

void page_login(struct http_req *req, struct http_resp *resp);
void page_login_post(struct http_req *req, struct http_resp *resp);
/* holder.c */
void page_claim(struct http_req *req, struct http_resp *resp);
/* online application (web/apply.c) */
void page_apply_list(struct http_req *req, struct http_resp *resp);
void page_plan_apply_offer(struct http_req *req, struct http_resp *resp);
void page_plan_apply_offer_post(struct http_req *req, struct http_resp *resp);
void page_claim_post(struct http_req *req, struct http_resp *resp);
void page_claim_code(struct http_req *req, struct http_resp *resp);
void page_claim_code_post(struct http_req *req, struct http_resp *resp);
void page_my_certificates(struct http_req *req, struct http_resp *resp);
void page_my_results(struct http_req *req, struct http_resp *resp);
void page_my_judging(struct http_req *req, struct http_resp *resp); /* competition_judge.c */
/* commendation_review.c: the review, the score grid, the public notice */
void page_comm_review(struct http_req *req, struct http_resp *resp);
void page_comm_scores(struct http_req *req, struct http_resp *resp);
void page_comm_score_row(struct http_req *req, struct http_resp *resp);
void page_comm_act(struct http_req *req, struct http_resp *resp);
void page_comm_notice(struct http_req *req, struct http_resp *resp);
void page_comm_objection(struct http_req *req, struct http_resp *resp);
void page_my_tickets(struct http_req *req, struct http_resp *resp);
void page_my_ticket_pdf(struct http_req *req, struct http_resp *resp);
void page_plan_tickets_pdf(struct http_req *req, struct http_resp *resp);
void page_enrolment_ticket_pdf(struct http_req *req, struct http_resp *resp);
void page_my_subsidy_pdf(struct http_req *req, struct http_resp *resp);
void page_certificate_subsidy_pdf(struct http_req *req, struct http_resp *resp);
void page_subsidy_claim_post(struct http_req *req, struct http_resp *resp);
void page_subsidy_claim_void(struct http_req *req, struct http_resp *resp);
void page_subsidy_list(struct http_req *req, struct http_resp *resp);
void page_subsidy_xlsx(struct http_req *req, struct http_resp *resp);
void page_subsidy_csv(struct http_req *req, struct http_resp *resp);
void page_my_certificate_share(struct http_req *req, struct http_resp *resp);
void page_my_certificate_pdf(struct http_req *req, struct http_resp *resp);
void page_my_credential_jwt(struct http_req *req, struct http_resp *resp);
void page_my_credential_json(struct http_req *req, struct http_resp *resp);
void page_shared_credential(struct http_req *req, struct http_resp *resp);
/* the holder's photo switch (issue 12, web/holder.c): the switch, and the
 * photo of a shared page or a QR page, answering only while it is on */
void page_my_certificate_photo(struct http_req *req, struct http_resp *resp);
void page_shared_photo(struct http_req *req, struct http_resp *resp);
void page_verify_photo(struct http_req *req, struct http_resp *resp);
/* holders' requests about a certificate (issue 12, web/requests.c) */
void page_my_request_post(struct http_req *req, struct http_resp *resp);
void page_institution_requests(struct http_req *req, struct http_resp *resp);
void page_request_decide(struct http_req *req, struct http_resp *resp);
void page_logout(struct http_req *req, struct http_resp *resp);
void page_account(struct http_req *req, struct http_resp *resp);
/* password.c (issue 12) */
void page_password_forgot(struct http_req *req, struct http_resp *resp);
void page_password_forgot_post(struct http_req *req, struct http_resp *resp);
void page_password_reset(struct http_req *req, struct http_resp *resp);
void page_password_reset_post(struct http_req *req, struct http_resp *resp);
void page_account_email(struct http_req *req, struct http_resp *resp);
void page_notifications(struct http_req *req, struct http_resp *resp);
void page_user_email(struct http_req *req, struct http_resp *resp);
void page_password(struct http_req *req, struct http_resp *resp);
void page_password_post(struct http_req *req, struct http_resp *resp);
void page_token_create(struct http_req *req, struct http_resp *resp);
void page_token_revoke(struct http_req *req, struct http_resp *resp);
void page_users(struct http_req *req, struct http_resp *resp);
void page_user_create(struct http_req *req, struct http_resp *resp);
void page_user(struct http_req *req, struct http_resp *resp);
void page_user_grant(struct http_req *req, struct http_resp *resp);
void page_user_revoke(struct http_req *req, struct http_resp *resp);
void page_user_reset(struct http_req *req, struct http_resp *resp);
void page_user_disable(struct http_req *req, struct http_resp *resp);
void page_user_enable(struct http_req *req, struct http_resp *resp);
void page_audit(struct http_req *req, struct http_resp *resp);
void page_audit_csv(struct http_req *req, struct http_resp *resp);

/* ---- shared by the page files (not routes) ---- */

struct page;
struct app_error;
/* The institution page, with the refusal of its form form_name (NULL =
 * none) shown next to the fields, which keep what was typed. */
/* an institution's seal: upload or removal, the image */
void page_institution_seal(struct http_req *req, struct http_resp *resp);
void page_institution_seal_png(struct http_req *req, struct http_resp *resp);
void page_institution_render(struct page *p, long long id, const char *form_name,
			     const struct app_error *err);
/* A select of the institutions on which the actor holds perm, by name
 * (value: the id; first "", labelled none_key): how a form names an
 * institution instead of a typed id. app/ checks the one sent. */
void page_institution_select(struct page *p, const char *name, const char *label_key,
			     const char *perm, const char *none_key, const char *selected,
			     const struct app_error *err);
/* The i-th {param} of the path as an id, 0 when it is not one. */
long long page_param_id(struct http_req *req, int i);
/* page_init() and page_ctx(), then the first {param} as an id; 0 when it
 * is not one, the 404 page then sent. */
long long page_open_id(struct page *p, struct app_ctx *ctx, struct http_req *req,
		       struct http_resp *resp, const char *nav);
/* The PDF in resp->body as a download named filename (not cached). */
void page_pdf_download(struct page *p, const char *filename);

/* Renders an error raised by the HTTP layer as a page. */
void page_error(struct http_req *req, struct http_resp *resp, int status,
		const char *reason);

/* a holder's application and the station's review (web/apply.c) */
void page_apply_form(struct http_req *req, struct http_resp *resp);
void page_apply_post(struct http_req *req, struct http_resp *resp);
void page_my_applications(struct http_req *req, struct http_resp *resp);
void page_my_application(struct http_req *req, struct http_resp *resp);
void page_my_application_post(struct http_req *req, struct http_resp *resp);
void page_plan_applications(struct http_req *req, struct http_resp *resp);
void page_plan_application_decide(struct http_req *req, struct http_resp *resp);
void page_plan_application_document(struct http_req *req, struct http_resp *resp);

/* skills competitions (web/competitions.c) */
void page_competitions(struct http_req *req, struct http_resp *resp);
void page_competition_create(struct http_req *req, struct http_resp *resp);
void page_competition(struct http_req *req, struct http_resp *resp);
void page_competition_act(struct http_req *req, struct http_resp *resp);
void page_competition_document(struct http_req *req, struct http_resp *resp);
void page_competition_event(struct http_req *req, struct http_resp *resp);
void page_competition_nominate(struct http_req *req, struct http_resp *resp);
void page_competition_decide(struct http_req *req, struct http_resp *resp);
void page_competition_judge(struct http_req *req, struct http_resp *resp);
/* competition_marks.c: marking and results */
void page_comp_marks(struct http_req *req, struct http_resp *resp);
void page_comp_marks_save(struct http_req *req, struct http_resp *resp);
void page_comp_mark_row(struct http_req *req, struct http_resp *resp);
void page_comp_lock(struct http_req *req, struct http_resp *resp);
void page_comp_correction(struct http_req *req, struct http_resp *resp);
void page_comp_correction_decide(struct http_req *req, struct http_resp *resp);
void page_comp_marks_import(struct http_req *req, struct http_resp *resp);
void page_comp_results(struct http_req *req, struct http_resp *resp);
void page_comp_honours(struct http_req *req, struct http_resp *resp);
/* apprenticeships (web/apprenticeship.c, issue 15) */
void page_appr_list(struct http_req *req, struct http_resp *resp);
void page_appr_create(struct http_req *req, struct http_resp *resp);
void page_appr_get(struct http_req *req, struct http_resp *resp);
void page_appr_status(struct http_req *req, struct http_resp *resp);
void page_appr_course(struct http_req *req, struct http_resp *resp);
void page_appr_apprentice_add(struct http_req *req, struct http_resp *resp);
void page_appr_claim(struct http_req *req, struct http_resp *resp);
void page_appr_claims(struct http_req *req, struct http_resp *resp);
void page_apprentice_get(struct http_req *req, struct http_resp *resp);
void page_apprentice_progress(struct http_req *req, struct http_resp *resp);
void page_apprentice_status(struct http_req *req, struct http_resp *resp);
void page_apprentice_enrol(struct http_req *req, struct http_resp *resp);
void page_apprentice_advance(struct http_req *req, struct http_resp *resp);
void page_my_apprenticeship(struct http_req *req, struct http_resp *resp);
/* A plan's enrolments made on a completed apprenticeship, read once per
 * page (none when the reader may not see them), and the note on one
 * enrolment's row: a link to the apprentice's record, the evidence. */
size_t page_appr_evidence(struct page *p, long long plan_id,
			  const struct appr_evidence **out);
void page_appr_note(struct page *p, const struct appr_evidence *ev, size_t n,
		    long long enrolment_id);
/* annual commendations (web/commendation.c) */
void page_commend_list(struct http_req *req, struct http_resp *resp);
void page_commend_get(struct http_req *req, struct http_resp *resp);
void page_commend_category(struct http_req *req, struct http_resp *resp);
void page_commend_nom(struct http_req *req, struct http_resp *resp);
void page_commend_nominate(struct http_req *req, struct http_resp *resp);
void page_commend_act(struct http_req *req, struct http_resp *resp);
void page_commend_create(struct http_req *req, struct http_resp *resp);
void page_commend_step(struct http_req *req, struct http_resp *resp);
void page_commend_quota(struct http_req *req, struct http_resp *resp);
/* figures.c (issue 14) */
void page_institution_figures(struct http_req *req, struct http_resp *resp);
void page_comp_appeal(struct http_req *req, struct http_resp *resp);
void page_comp_appeal_resolve(struct http_req *req, struct http_resp *resp);
/* competition_awards.c */
void page_comp_awards_issue(struct http_req *req, struct http_resp *resp);
/* competition_promote.c: the center's one screen of promotions */
void page_comp_promotions(struct http_req *req, struct http_resp *resp);
void page_comp_promote(struct http_req *req, struct http_resp *resp);
void page_comp_promote_reject(struct http_req *req, struct http_resp *resp);

/* commendation_decision.c: the decision, its PDF, the honour roll */
void page_comm_decide_form(struct http_req *req, struct http_resp *resp);
void page_comm_decide(struct http_req *req, struct http_resp *resp);
void page_comm_decision_pdf(struct http_req *req, struct http_resp *resp);
void page_comm_honours(struct http_req *req, struct http_resp *resp);
/* On an institution's public page: its honours (a collective's, and its
 * staff's), linking to the honour roll; nothing when it has none. */
void page_comm_institution_honours(struct page *p, struct app_ctx *ctx, long long id);

/* training.c: training and online courses (the staff's and the holder's) */
void page_training_list(struct http_req *req, struct http_resp *resp);
void page_training_create(struct http_req *req, struct http_resp *resp);
void page_training_show(struct http_req *req, struct http_resp *resp);
void page_training_act(struct http_req *req, struct http_resp *resp);
void page_training_enrolment_act(struct http_req *req, struct http_resp *resp);
void page_my_training(struct http_req *req, struct http_resp *resp);
void page_my_training_enrol(struct http_req *req, struct http_resp *resp);
void page_my_training_course(struct http_req *req, struct http_resp *resp);
void page_my_training_lesson_done(struct http_req *req, struct http_resp *resp);
/* enterprise self-evaluation (web/selfeval.c, issue 15) */
void page_selfeval_pool(struct http_req *req, struct http_resp *resp);
void page_selfeval_pool_post(struct http_req *req, struct http_resp *resp);
void page_selfeval_dashboard(struct http_req *req, struct http_resp *resp);
void page_selfeval_hr_post(struct http_req *req, struct http_resp *resp);
void page_selfeval_spec_post(struct http_req *req, struct http_resp *resp);
/* statistics.c (issue 16): the statistics page with its charts, the rows
 * behind a figure, the XLSX export, the recount */
void page_statistics(struct http_req *req, struct http_resp *resp);
void page_statistics_rows(struct http_req *req, struct http_resp *resp);
void page_statistics_xlsx(struct http_req *req, struct http_resp *resp);
void page_statistics_refresh(struct http_req *req, struct http_resp *resp);

/* stats_report.c (issue 16): the annual report's page and downloads */
void page_stats_report(struct http_req *req, struct http_resp *resp);

/* supervision.c: supervision flags (issue 16) */
void page_supervision(struct http_req *req, struct http_resp *resp);
void page_supervision_scan(struct http_req *req, struct http_resp *resp);
void page_sup_flag(struct http_req *req, struct http_resp *resp);
void page_sup_dismiss(struct http_req *req, struct http_resp *resp);
void page_sup_finding(struct http_req *req, struct http_resp *resp);

/* webhooks (web/webhooks.c, issue 18) */
void page_webhooks(struct http_req *req, struct http_resp *resp);
void page_webhook_create(struct http_req *req, struct http_resp *resp);
void page_webhook(struct http_req *req, struct http_resp *resp);
void page_webhook_replay(struct http_req *req, struct http_resp *resp);
void page_webhook_remove(struct http_req *req, struct http_resp *resp);

/* the item bank of theory exams (web/items.c) */
void page_items(struct http_req *req, struct http_resp *resp);
void page_items_create(struct http_req *req, struct http_resp *resp);
void page_item(struct http_req *req, struct http_resp *resp);
void page_item_edit(struct http_req *req, struct http_resp *resp);
void page_item_submit(struct http_req *req, struct http_resp *resp);
void page_item_review(struct http_req *req, struct http_resp *resp);
void page_item_approve(struct http_req *req, struct http_resp *resp);
void page_item_revise(struct http_req *req, struct http_resp *resp);
void page_item_retire(struct http_req *req, struct http_resp *resp);

#endif
