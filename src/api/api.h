/*
 * api.h - the JSON endpoints. Each handler decodes and validates its input,
 * calls one app/ action, and renders the result or the error envelope
 * {"error":{"code":...,"message":...,"field":...}}.
 */
#ifndef API_API_H
#define API_API_H

#include "http/http.h"

void api_healthz(struct http_req *req, struct http_resp *resp);
void api_metrics(struct http_req *req, struct http_resp *resp);

/* The OpenAPI 3.1 description (api/openapi.c): the document of the ROUTE_API
 * routes of routes[0..n) and the shapes of src/api/shapes/ (caller
 * json_decref()s it); api_openapi_verify() counts the API routes without a
 * shape and the shapes naming no route (the first one written to bad);
 * api_openapi_prepare() builds the document GET /api/v1/openapi.json
 * (api_openapi) serves, once. */
struct json_t;
struct json_t *api_openapi_document(const struct http_route *routes, size_t n);
int api_openapi_verify(const struct http_route *routes, size_t n, char *bad, size_t badlen);
int api_openapi_prepare(const struct http_route *routes, size_t n);
void api_openapi(struct http_req *req, struct http_resp *resp);

void api_institution_list(struct http_req *req, struct http_resp *resp);
void api_institution_create(struct http_req *req, struct http_resp *resp);
void api_institution_get(struct http_req *req, struct http_resp *resp);
void api_institution_rename(struct http_req *req, struct http_resp *resp);
void api_institution_names(struct http_req *req, struct http_resp *resp);

/* the registry (api/registry.c) */
void api_institution_update(struct http_req *req, struct http_resp *resp);
void api_institution_retype(struct http_req *req, struct http_resp *resp);
void api_institution_status(struct http_req *req, struct http_resp *resp);
void api_institution_import(struct http_req *req, struct http_resp *resp);
void api_people_import(struct http_req *req, struct http_resp *resp);
void api_qualifications_import(struct http_req *req, struct http_resp *resp);
void api_plan_visit(struct http_req *req, struct http_resp *resp);
void api_person_photo_put(struct http_req *req, struct http_resp *resp);
void api_person_photo_get(struct http_req *req, struct http_resp *resp);
/* an institution's seal (api/seal.c) */
void api_seal_put(struct http_req *req, struct http_resp *resp);
void api_seal_get(struct http_req *req, struct http_resp *resp);
void api_seal_delete(struct http_req *req, struct http_resp *resp);
void api_plan_import_enrolments(struct http_req *req, struct http_resp *resp);
void api_plan_import_scores(struct http_req *req, struct http_resp *resp);
void api_registration_apply(struct http_req *req, struct http_resp *resp);
void api_registration_reject(struct http_req *req, struct http_resp *resp);
void api_scope_list(struct http_req *req, struct http_resp *resp);
void api_scope_add(struct http_req *req, struct http_resp *resp);
void api_scope_remove(struct http_req *req, struct http_resp *resp);
void api_filing_add(struct http_req *req, struct http_resp *resp);
void api_inspection_add(struct http_req *req, struct http_resp *resp);
void api_finding_add(struct http_req *req, struct http_resp *resp);
void api_finding_close(struct http_req *req, struct http_resp *resp);
void api_batch_list(struct http_req *req, struct http_resp *resp);
void api_batch_get(struct http_req *req, struct http_resp *resp);
void api_batch_create(struct http_req *req, struct http_resp *resp);
void api_batch_add(struct http_req *req, struct http_resp *resp);
void api_batch_remove(struct http_req *req, struct http_resp *resp);
void api_batch_notice(struct http_req *req, struct http_resp *resp);
void api_batch_decide(struct http_req *req, struct http_resp *resp);
void api_objection_file(struct http_req *req, struct http_resp *resp);
void api_objection_resolve(struct http_req *req, struct http_resp *resp);
void api_registry_dashboard(struct http_req *req, struct http_resp *resp);

/* occupations and standards (api/catalog.c) */
void api_occupation_list(struct http_req *req, struct http_resp *resp);
void api_standard_list(struct http_req *req, struct http_resp *resp);
void api_standard_get(struct http_req *req, struct http_resp *resp);
void api_eligibility(struct http_req *req, struct http_resp *resp);

/* plans and the facts of people (api/plans.c) */
void api_plan_create(struct http_req *req, struct http_resp *resp);
void api_plan_list(struct http_req *req, struct http_resp *resp);
void api_plan_get(struct http_req *req, struct http_resp *resp);
void api_plan_act(struct http_req *req, struct http_resp *resp);
void api_plan_room(struct http_req *req, struct http_resp *resp);
void api_plan_assign(struct http_req *req, struct http_resp *resp);
void api_plan_unassign(struct http_req *req, struct http_resp *resp);
void api_plan_enrol(struct http_req *req, struct http_resp *resp);
void api_plan_withdraw(struct http_req *req, struct http_resp *resp);
void api_person_fact(struct http_req *req, struct http_resp *resp);

/* scores and results (api/scores.c) */
void api_score_enter(struct http_req *req, struct http_resp *resp);
void api_score_sheet(struct http_req *req, struct http_resp *resp);
void api_score_submit(struct http_req *req, struct http_resp *resp);
void api_score_correction(struct http_req *req, struct http_resp *resp);
void api_score_correction_decide(struct http_req *req, struct http_resp *resp);
void api_results(struct http_req *req, struct http_resp *resp);
void api_appeal_file(struct http_req *req, struct http_resp *resp);
void api_appeal_resolve(struct http_req *req, struct http_resp *resp);

/* people (api/people.c) */
void api_person_create(struct http_req *req, struct http_resp *resp);
void api_person_get(struct http_req *req, struct http_resp *resp);
void api_person_list(struct http_req *req, struct http_resp *resp);
void api_person_lookup(struct http_req *req, struct http_resp *resp);

/* Idempotency-Key (api/idempotency.c): the server's before hook (a bad
 * key refused, a kept answer replayed: false when it answered) and after
 * hook (the answer kept, or the replay of the request that took the key
 * first). */
bool api_idem_before(struct http_req *req, struct http_resp *resp);
void api_idem_after(struct http_req *req, struct http_resp *resp);

/* Renders an error raised by the HTTP layer (404, 405, 413, ...). */
void api_error(struct http_req *req, struct http_resp *resp, int status, const char *reason);

void api_me(struct http_req *req, struct http_resp *resp);
void api_audit_list(struct http_req *req, struct http_resp *resp);
void api_audit_verify(struct http_req *req, struct http_resp *resp);
void api_audit_checkpoint(struct http_req *req, struct http_resp *resp);

/* certificates.c */
void api_cert_issue(struct http_req *req, struct http_resp *resp);
void api_legacy_import(struct http_req *req, struct http_resp *resp);
void api_cert_list(struct http_req *req, struct http_resp *resp);
void api_cert_get(struct http_req *req, struct http_resp *resp);
void api_cert_status(struct http_req *req, struct http_resp *resp);
void api_cert_supersede(struct http_req *req, struct http_resp *resp);
void api_cert_pdf(struct http_req *req, struct http_resp *resp);
void api_plan_cert_pdf(struct http_req *req, struct http_resp *resp);
void api_cert_credential(struct http_req *req, struct http_resp *resp);
void api_cert_subsidy(struct http_req *req, struct http_resp *resp);
void api_subsidy_claim(struct http_req *req, struct http_resp *resp);
void api_subsidy_claim_void(struct http_req *req, struct http_resp *resp);
void api_my_tickets(struct http_req *req, struct http_resp *resp);
void api_my_ticket_pdf(struct http_req *req, struct http_resp *resp);
void api_subsidy_holders_xlsx(struct http_req *req, struct http_resp *resp);
void api_subsidy_holders_csv(struct http_req *req, struct http_resp *resp);
void api_verify(struct http_req *req, struct http_resp *resp);
/* holder.c */
void api_holder_claim(struct http_req *req, struct http_resp *resp);
/* password.c (issue 12) */
void api_password_forgot(struct http_req *req, struct http_resp *resp);
void api_password_reset(struct http_req *req, struct http_resp *resp);
void api_me_email(struct http_req *req, struct http_resp *resp);
void api_notifications(struct http_req *req, struct http_resp *resp);
/* webhooks (api/webhooks.c, issue 18) */
void api_webhook_list(struct http_req *req, struct http_resp *resp);
void api_webhook_create(struct http_req *req, struct http_resp *resp);
void api_webhook_get(struct http_req *req, struct http_resp *resp);
void api_webhook_update(struct http_req *req, struct http_resp *resp);
void api_webhook_remove(struct http_req *req, struct http_resp *resp);
void api_webhook_rotate(struct http_req *req, struct http_resp *resp);
void api_webhook_ping(struct http_req *req, struct http_resp *resp);
void api_webhook_deliveries(struct http_req *req, struct http_resp *resp);
void api_webhook_replay(struct http_req *req, struct http_resp *resp);
void api_plan_claim_codes(struct http_req *req, struct http_resp *resp);
void api_my_results(struct http_req *req, struct http_resp *resp);
/* a holder's applications and the station's review (api/applications.c) */
void api_my_application_check(struct http_req *req, struct http_resp *resp);
void api_my_application_submit(struct http_req *req, struct http_resp *resp);
void api_my_application_resubmit(struct http_req *req, struct http_resp *resp);
void api_my_applications(struct http_req *req, struct http_resp *resp);
void api_my_application(struct http_req *req, struct http_resp *resp);
void api_plan_applications(struct http_req *req, struct http_resp *resp);
void api_plan_application_decide(struct http_req *req, struct http_resp *resp);
void api_plan_application_document(struct http_req *req, struct http_resp *resp);
void api_plan_tickets_pdf(struct http_req *req, struct http_resp *resp);
void api_enrolment_ticket_pdf(struct http_req *req, struct http_resp *resp);
void api_my_certificates(struct http_req *req, struct http_resp *resp);
void api_my_certificate_share(struct http_req *req, struct http_resp *resp);
/* online application (api/applications.c) */
void api_plan_apply_offer(struct http_req *req, struct http_resp *resp);
void api_apply_open(struct http_req *req, struct http_resp *resp);
void api_jwks(struct http_req *req, struct http_resp *resp);
void api_status_list(struct http_req *req, struct http_resp *resp);

/* filing with the provincial HR authorities (api/filing.c) */
void api_filing_list(struct http_req *req, struct http_resp *resp);
void api_filing_create(struct http_req *req, struct http_resp *resp);
void api_filing_get(struct http_req *req, struct http_resp *resp);
void api_filing_xlsx(struct http_req *req, struct http_resp *resp);
void api_filing_csv(struct http_req *req, struct http_resp *resp);
void api_filing_photos(struct http_req *req, struct http_resp *resp);
void api_filing_manifest(struct http_req *req, struct http_resp *resp);
void api_filing_submit(struct http_req *req, struct http_resp *resp);
void api_filing_receipt(struct http_req *req, struct http_resp *resp);
void api_filing_reject(struct http_req *req, struct http_resp *resp);
void api_filing_unfiled(struct http_req *req, struct http_resp *resp);

/* competitions.c */
void api_comp_list(struct http_req *req, struct http_resp *resp);
void api_comp_create(struct http_req *req, struct http_resp *resp);
void api_comp_get(struct http_req *req, struct http_resp *resp);
void api_comp_document(struct http_req *req, struct http_resp *resp);
void api_comp_act(struct http_req *req, struct http_resp *resp);
void api_comp_event(struct http_req *req, struct http_resp *resp);
void api_comp_nominate(struct http_req *req, struct http_resp *resp);
void api_comp_confirm(struct http_req *req, struct http_resp *resp);
void api_comp_refuse(struct http_req *req, struct http_resp *resp);
void api_comp_judge(struct http_req *req, struct http_resp *resp);
void api_comp_sheet(struct http_req *req, struct http_resp *resp);
void api_comp_mark(struct http_req *req, struct http_resp *resp);
void api_comp_theory(struct http_req *req, struct http_resp *resp);
void api_comp_time(struct http_req *req, struct http_resp *resp);
void api_comp_honours(struct http_req *req, struct http_resp *resp);
/* figures.c (issue 14) */
void api_institution_figures(struct http_req *req, struct http_resp *resp);
void api_person_figures(struct http_req *req, struct http_resp *resp);

/* statistics.c (issue 16): the network's figures */
void api_stats_table(struct http_req *req, struct http_resp *resp);
void api_stats_years(struct http_req *req, struct http_resp *resp);
void api_stats_refresh(struct http_req *req, struct http_resp *resp);
void api_stats_rows(struct http_req *req, struct http_resp *resp);
/* stats_report.c (issue 16): the annual report */
void api_stats_report(struct http_req *req, struct http_resp *resp);
void api_comp_lock(struct http_req *req, struct http_resp *resp);
void api_comp_correction(struct http_req *req, struct http_resp *resp);
void api_comp_correction_approve(struct http_req *req, struct http_resp *resp);
void api_comp_correction_refuse(struct http_req *req, struct http_resp *resp);
void api_comp_import(struct http_req *req, struct http_resp *resp);
void api_comp_results(struct http_req *req, struct http_resp *resp);
void api_comp_promotions(struct http_req *req, struct http_resp *resp);
/* competition_promote.c: the center approves or rejects promotions */
void api_comp_promote(struct http_req *req, struct http_resp *resp);
void api_comp_promote_reject(struct http_req *req, struct http_resp *resp);
void api_comp_appeal(struct http_req *req, struct http_resp *resp);
void api_comp_appeal_resolve(struct http_req *req, struct http_resp *resp);
/* competition_awards.c */
void api_comp_awards_issue(struct http_req *req, struct http_resp *resp);
void api_comp_awards(struct http_req *req, struct http_resp *resp);
/* competition_judge.c: a judge's own events */
void api_my_judging(struct http_req *req, struct http_resp *resp);

/* apprenticeships (api/apprenticeship.c, issue 15) */
void api_appr_list(struct http_req *req, struct http_resp *resp);
void api_appr_create(struct http_req *req, struct http_resp *resp);
void api_appr_get(struct http_req *req, struct http_resp *resp);
void api_appr_status(struct http_req *req, struct http_resp *resp);
void api_appr_course(struct http_req *req, struct http_resp *resp);
void api_appr_apprentice_add(struct http_req *req, struct http_resp *resp);
void api_appr_claim(struct http_req *req, struct http_resp *resp);
void api_appr_claim_csv(struct http_req *req, struct http_resp *resp);
void api_appr_claims(struct http_req *req, struct http_resp *resp);
void api_apprentice_get(struct http_req *req, struct http_resp *resp);
void api_apprentice_progress(struct http_req *req, struct http_resp *resp);
void api_apprentice_status(struct http_req *req, struct http_resp *resp);
void api_apprentice_enrol(struct http_req *req, struct http_resp *resp);
void api_apprentice_advance(struct http_req *req, struct http_resp *resp);
void api_my_apprenticeships(struct http_req *req, struct http_resp *resp);

/* annual commendations (api/commendation.c) */
void api_commend_list(struct http_req *req, struct http_resp *resp);
void api_commend_create(struct http_req *req, struct http_resp *resp);
void api_commend_get(struct http_req *req, struct http_resp *resp);
void api_commend_rules(struct http_req *req, struct http_resp *resp);
void api_commend_timetable(struct http_req *req, struct http_resp *resp);
void api_commend_quota(struct http_req *req, struct http_resp *resp);
void api_commend_category(struct http_req *req, struct http_resp *resp);
void api_commend_category_remove(struct http_req *req, struct http_resp *resp);
void api_commend_act(struct http_req *req, struct http_resp *resp);
void api_commend_nominate(struct http_req *req, struct http_resp *resp);
void api_commend_nom_get(struct http_req *req, struct http_resp *resp);
void api_commend_endorse(struct http_req *req, struct http_resp *resp);
void api_commend_return(struct http_req *req, struct http_resp *resp);
void api_commend_withdraw(struct http_req *req, struct http_resp *resp);
void api_commend_resubmit(struct http_req *req, struct http_resp *resp);
void api_commend_attach(struct http_req *req, struct http_resp *resp);
void api_commend_attachment(struct http_req *req, struct http_resp *resp);
/* commendation_review.c: the panel, rounds, tally, notice, objections */
void api_comm_review(struct http_req *req, struct http_resp *resp);
void api_comm_reviewer_add(struct http_req *req, struct http_resp *resp);
void api_comm_reviewer_remove(struct http_req *req, struct http_resp *resp);
void api_comm_round_open(struct http_req *req, struct http_resp *resp);
void api_comm_round_close(struct http_req *req, struct http_resp *resp);
void api_comm_vote(struct http_req *req, struct http_resp *resp);
void api_comm_tally(struct http_req *req, struct http_resp *resp);
void api_comm_notice(struct http_req *req, struct http_resp *resp);
void api_comm_notice_get(struct http_req *req, struct http_resp *resp);
void api_comm_objection(struct http_req *req, struct http_resp *resp);
void api_comm_objection_resolve(struct http_req *req, struct http_resp *resp);
/* commendation_decision.c: the decision, the honour roll */
void api_comm_decide(struct http_req *req, struct http_resp *resp);
void api_comm_honours(struct http_req *req, struct http_resp *resp);

/* training and online courses (api/training.c) */
void api_training_list(struct http_req *req, struct http_resp *resp);
void api_training_create(struct http_req *req, struct http_resp *resp);
void api_training_get(struct http_req *req, struct http_resp *resp);
void api_training_status(struct http_req *req, struct http_resp *resp);
void api_training_lesson_add(struct http_req *req, struct http_resp *resp);
void api_training_session_add(struct http_req *req, struct http_resp *resp);
void api_training_enrol(struct http_req *req, struct http_resp *resp);
void api_training_attendance(struct http_req *req, struct http_resp *resp);
void api_training_complete(struct http_req *req, struct http_resp *resp);
void api_training_withdraw(struct http_req *req, struct http_resp *resp);
void api_training_certify(struct http_req *req, struct http_resp *resp);
void api_training_lesson_file(struct http_req *req, struct http_resp *resp);
void api_my_training(struct http_req *req, struct http_resp *resp);
void api_my_training_course(struct http_req *req, struct http_resp *resp);
void api_my_training_enrol(struct http_req *req, struct http_resp *resp);
void api_my_training_lesson_done(struct http_req *req, struct http_resp *resp);
/* selfeval.c: enterprise self-evaluation (issue 15) */
void api_selfeval_pool_get(struct http_req *req, struct http_resp *resp);
void api_selfeval_pool_set(struct http_req *req, struct http_resp *resp);
void api_selfeval_hr_set(struct http_req *req, struct http_resp *resp);
void api_selfeval_dashboard(struct http_req *req, struct http_resp *resp);
void api_post_spec_list(struct http_req *req, struct http_resp *resp);
void api_post_spec_add(struct http_req *req, struct http_resp *resp);
void api_plan_post_spec_get(struct http_req *req, struct http_resp *resp);
void api_plan_post_spec_set(struct http_req *req, struct http_resp *resp);

/* supervision.c: supervision flags (issue 16) */
void api_sup_flags(struct http_req *req, struct http_resp *resp);
void api_sup_flag(struct http_req *req, struct http_resp *resp);
void api_sup_scan(struct http_req *req, struct http_resp *resp);
void api_sup_dismiss(struct http_req *req, struct http_resp *resp);
void api_sup_finding(struct http_req *req, struct http_resp *resp);

/* the item bank of theory exams (api/items.c) */
void api_items_list(struct http_req *req, struct http_resp *resp);
void api_items_create(struct http_req *req, struct http_resp *resp);
void api_items_get(struct http_req *req, struct http_resp *resp);
void api_items_edit(struct http_req *req, struct http_resp *resp);
void api_items_submit(struct http_req *req, struct http_resp *resp);
void api_items_review(struct http_req *req, struct http_resp *resp);
void api_items_approve(struct http_req *req, struct http_resp *resp);
void api_items_revise(struct http_req *req, struct http_resp *resp);
void api_items_retire(struct http_req *req, struct http_resp *resp);
void api_items_import(struct http_req *req, struct http_resp *resp);
void api_items_export(struct http_req *req, struct http_resp *resp);
/* blueprints and papers of theory exams (api/papers.c) */
void api_blueprints_list(struct http_req *req, struct http_resp *resp);
void api_blueprints_create(struct http_req *req, struct http_resp *resp);
void api_blueprints_get(struct http_req *req, struct http_resp *resp);
void api_papers_assemble(struct http_req *req, struct http_resp *resp);
void api_papers_list(struct http_req *req, struct http_resp *resp);
void api_papers_get(struct http_req *req, struct http_resp *resp);
void api_papers_seal(struct http_req *req, struct http_resp *resp);
void api_papers_verify(struct http_req *req, struct http_resp *resp);
/* the online exam (api/exam.c) */
void api_exam_sign_in(struct http_req *req, struct http_resp *resp);
void api_exam_attempt(struct http_req *req, struct http_resp *resp);
void api_exam_answer(struct http_req *req, struct http_resp *resp);
void api_exam_submit(struct http_req *req, struct http_resp *resp);
void api_papers_open(struct http_req *req, struct http_resp *resp);
void api_papers_attempts(struct http_req *req, struct http_resp *resp);
void api_papers_extend(struct http_req *req, struct http_resp *resp);
void api_papers_close(struct http_req *req, struct http_resp *resp);
void api_attempts_get(struct http_req *req, struct http_resp *resp);

#endif
