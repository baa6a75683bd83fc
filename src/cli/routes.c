/*
 * routes.c - THE route table: every URL the server answers, with its
 * handler, its kind (page or API) and what it takes to reach it.
 *
 *   PUBLIC_*   anyone, signed in or not
 *   PERM_ACCOUNT  any signed-in user (their own things)
 *   a perm     a signed-in user holding that permission somewhere; app/
 *              then checks the grant covers the very object
 *
 * tests/unit/test_routes.c fails when a route is neither public nor has a
 * permission, and the e2e route walk tries every
 * non-public route anonymously and with an out-of-scope user.
 * Add a line here to add a page or an endpoint (see CONTRIBUTING.md).
 */
#include "api/api.h"
#include "cli/cli.h"
#include "core/authz.h"
#include "web/web.h"

#define PUBLIC_API (ROUTE_PUBLIC | ROUTE_API)
#define PUBLIC_PAGE (ROUTE_PUBLIC | ROUTE_PAGE)
#define API ROUTE_API
#define PAGE ROUTE_PAGE
/* reachable while the initial password still has to be changed */
#define PWC ROUTE_PWCHANGE
/* takes a file upload: a larger body limit */
#define UPLOAD ROUTE_UPLOAD

const struct http_route cli_routes[] = {
	/* operations */
	{"GET", "/healthz", api_healthz, PUBLIC_API, NULL},
	{"GET", "/metrics", api_metrics, PUBLIC_API, NULL},

	/* JSON API */
	{"GET", "/api/v1/me", api_me, API | PWC, PERM_ACCOUNT},
	{"GET", "/api/v1/institutions", api_institution_list, PUBLIC_API, NULL},
	{"POST", "/api/v1/institutions", api_institution_create, API,
	 PERM_INSTITUTION_CREATE},
	{"GET", "/api/v1/institutions/{id}", api_institution_get, PUBLIC_API, NULL},
	{"GET", "/api/v1/institutions/{id}/names", api_institution_names,
	 PUBLIC_API, NULL},
	{"POST", "/api/v1/institutions/{id}/rename", api_institution_rename, API,
	 PERM_INSTITUTION_RENAME},
	{"POST", "/api/v1/institutions/{id}", api_institution_update, API,
	 PERM_REGISTRY_APPLY},
	{"POST", "/api/v1/institutions/{id}/type", api_institution_retype, API,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/institutions/{id}/status", api_institution_status, API,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/institutions/{id}/apply", api_registration_apply, API,
	 PERM_REGISTRY_APPLY},
	{"GET", "/api/v1/institutions/{id}/scope", api_scope_list, PUBLIC_API, NULL},
	{"POST", "/api/v1/institutions/{id}/scope", api_scope_add, API,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/institutions/{id}/scope/{sid}/remove", api_scope_remove,
	 API, PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/institutions/{id}/filings", api_filing_add, API,
	 PERM_REGISTRY_FILE},
	{"POST", "/api/v1/institutions/{id}/inspections", api_inspection_add, API,
	 PERM_REGISTRY_INSPECT},
	{"POST", "/api/v1/inspections/{id}/findings", api_finding_add, API,
	 PERM_REGISTRY_INSPECT},
	{"POST", "/api/v1/findings/{id}/close", api_finding_close, API,
	 PERM_REGISTRY_INSPECT},
	{"POST", "/api/v1/institutions-import", api_institution_import, API | UPLOAD,
	 PERM_REGISTRY_APPLY},
	{"POST", "/api/v1/registrations/{id}/reject", api_registration_reject, API,
	 PERM_REGISTRY_DECIDE},
	{"GET", "/api/v1/batches", api_batch_list, PUBLIC_API, NULL},
	{"POST", "/api/v1/batches", api_batch_create, API, PERM_REGISTRY_DECIDE},
	{"GET", "/api/v1/batches/{id}", api_batch_get, PUBLIC_API, NULL},
	{"POST", "/api/v1/batches/{id}/add", api_batch_add, API, PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/batches/{id}/remove", api_batch_remove, API,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/batches/{id}/notice", api_batch_notice, API,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/batches/{id}/decide", api_batch_decide, API,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/api/v1/batches/{id}/objections", api_objection_file, PUBLIC_API,
	 NULL},
	{"POST", "/api/v1/objections/{id}/resolve", api_objection_resolve, API,
	 PERM_REGISTRY_DECIDE},
	{"GET", "/api/v1/registry/dashboard", api_registry_dashboard, API,
	 PERM_REGISTRY_DECIDE},
	{"GET", "/api/v1/occupations", api_occupation_list, PUBLIC_API, NULL},
	{"GET", "/api/v1/standards", api_standard_list, PUBLIC_API, NULL},
	{"GET", "/api/v1/standards/{id}", api_standard_get, PUBLIC_API, NULL},
	{"POST", "/api/v1/standards/{id}/eligibility", api_eligibility, PUBLIC_API,
	 NULL},
	{"GET", "/api/v1/people", api_person_list, API, PERM_PERSON_MANAGE},
	{"POST", "/api/v1/people", api_person_create, API, PERM_PERSON_MANAGE},
	{"GET", "/api/v1/people/{id}", api_person_get, API, PERM_PERSON_MANAGE},
	{"POST", "/api/v1/people/lookup", api_person_lookup, API, PERM_PERSON_MANAGE},
	/* before {what}: the same shape, matched in table order */
	{"POST", "/api/v1/people/{id}/photo", api_person_photo_put, API | UPLOAD,
	 PERM_PERSON_MANAGE},
	{"GET", "/api/v1/people/{id}/photo", api_person_photo_get, API,
	 PERM_PERSON_MANAGE},
	{"POST", "/api/v1/people/{id}/{what}", api_person_fact, API,
	 PERM_PERSON_MANAGE},
	{"GET", "/api/v1/plans", api_plan_list, API, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans", api_plan_create, API, PERM_PLAN_MANAGE},
	{"GET", "/api/v1/plans/{id}", api_plan_get, API, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/act", api_plan_act, API, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/rooms", api_plan_room, API, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/staff", api_plan_assign, API, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/staff/{sid}/remove", api_plan_unassign, API,
	 PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/enrolments", api_plan_enrol, API,
	 PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/enrolments/{eid}/withdraw", api_plan_withdraw,
	 API, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/scores", api_score_enter, API, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/scores/submit", api_score_submit, API,
	 PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/corrections", api_score_correction, API,
	 PERM_PLAN_MANAGE},
	{"POST", "/api/v1/corrections/{id}/decide", api_score_correction_decide, API,
	 PERM_PLAN_SUPERVISE},
	{"POST", "/api/v1/plans/{id}/appeals/{aid}/resolve", api_appeal_resolve, API,
	 PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/visits", api_plan_visit, API,
	 PERM_PLAN_SUPERVISE},
	{"POST", "/api/v1/plans/{id}/import/enrolments", api_plan_import_enrolments,
	 API | UPLOAD, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/plans/{id}/import/scores", api_plan_import_scores,
	 API | UPLOAD, PERM_PLAN_MANAGE},
	{"POST", "/api/v1/people-import", api_people_import, API | UPLOAD,
	 PERM_PERSON_MANAGE},
	{"GET", "/api/v1/results/{id}", api_results, PUBLIC_API, NULL},
	{"POST", "/api/v1/results/{id}/appeals", api_appeal_file, PUBLIC_API, NULL},
	{"GET", "/api/v1/audit", api_audit_list, API, PERM_AUDIT_READ},
	{"GET", "/api/v1/audit/verify", api_audit_verify, API, PERM_AUDIT_READ},

	/* pages: public */
	{"GET", "/", page_home, PUBLIC_PAGE, NULL},
	{"GET", "/lang", page_lang, PUBLIC_PAGE | PWC, NULL},
	{"GET", "/login", page_login, PUBLIC_PAGE | PWC, NULL},
	{"POST", "/login", page_login_post, PUBLIC_PAGE | PWC, NULL},
	{"GET", "/institutions", page_institution_list, PUBLIC_PAGE, NULL},
	{"GET", "/institutions/{id}", page_institution_show, PUBLIC_PAGE, NULL},
	{"GET", "/institutions/{id}/plaque.pdf", page_institution_plaque, PUBLIC_PAGE,
	 NULL},
	{"GET", "/registry/batches", page_batches, PUBLIC_PAGE, NULL},
	{"GET", "/registry/batches/{id}", page_batch, PUBLIC_PAGE, NULL},
	{"POST", "/registry/batches/{id}/objections", page_objection_file, PUBLIC_PAGE,
	 NULL},

	/* pages: one's own account */
	{"POST", "/logout", page_logout, PAGE | PWC, PERM_ACCOUNT},
	{"GET", "/account", page_account, PAGE, PERM_ACCOUNT},
	{"GET", "/account/password", page_password, PAGE | PWC, PERM_ACCOUNT},
	{"POST", "/account/password", page_password_post, PAGE | PWC, PERM_ACCOUNT},
	{"POST", "/account/tokens", page_token_create, PAGE, PERM_ACCOUNT},
	{"POST", "/account/tokens/{id}/revoke", page_token_revoke, PAGE,
	 PERM_ACCOUNT},

	/* pages: institutions */
	{"GET", "/institutions/new", page_institution_new, PAGE,
	 PERM_INSTITUTION_CREATE},
	{"POST", "/institutions", page_institution_create, PAGE,
	 PERM_INSTITUTION_CREATE},
	{"POST", "/institutions/{id}/rename", page_institution_rename, PAGE,
	 PERM_INSTITUTION_RENAME},
	{"POST", "/institutions/{id}/details", page_institution_details, PAGE,
	 PERM_REGISTRY_APPLY},
	{"POST", "/institutions/{id}/type", page_institution_retype, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/institutions/{id}/status", page_institution_status, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/institutions/{id}/apply", page_institution_apply, PAGE,
	 PERM_REGISTRY_APPLY},
	{"POST", "/institutions/{id}/scope", page_scope_add, PAGE, PERM_REGISTRY_DECIDE},
	{"POST", "/institutions/{id}/scope/remove", page_scope_remove, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/institutions/{id}/filings", page_filing_add, PAGE,
	 PERM_REGISTRY_FILE},
	{"POST", "/institutions/{id}/inspections", page_inspection_add, PAGE,
	 PERM_REGISTRY_INSPECT},
	{"POST", "/institutions/{id}/findings", page_finding_add, PAGE,
	 PERM_REGISTRY_INSPECT},
	{"POST", "/institutions/{id}/findings/close", page_finding_close, PAGE,
	 PERM_REGISTRY_INSPECT},
	{"GET", "/institutions/import", page_import, PAGE, PERM_REGISTRY_APPLY},
	{"POST", "/institutions/import", page_import_post, PAGE | UPLOAD,
	 PERM_REGISTRY_APPLY},
	{"GET", "/institutions/export.xlsx", page_export_xlsx, PAGE,
	 PERM_INSTITUTION_READ},
	{"GET", "/institutions/export.csv", page_export_csv, PAGE,
	 PERM_INSTITUTION_READ},

	/* pages: the registry (batches, the center's dashboard) */
	{"GET", "/registry", page_registry, PAGE, PERM_REGISTRY_DECIDE},
	{"POST", "/registry/batches", page_batch_create, PAGE, PERM_REGISTRY_DECIDE},
	{"POST", "/registry/batches/{id}/add", page_batch_add, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/registry/batches/{id}/remove", page_batch_remove, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/registry/batches/{id}/reject", page_batch_reject, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/registry/batches/{id}/notice", page_batch_notice, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/registry/batches/{id}/decide", page_batch_decide, PAGE,
	 PERM_REGISTRY_DECIDE},
	{"POST", "/registry/batches/{id}/objections/resolve", page_objection_resolve,
	 PAGE, PERM_REGISTRY_DECIDE},

	/* pages: administration */
	{"GET", "/admin/users", page_users, PAGE, PERM_USER_MANAGE},
	{"POST", "/admin/users", page_user_create, PAGE, PERM_USER_MANAGE},
	{"GET", "/admin/users/{name}", page_user, PAGE, PERM_USER_MANAGE},
	{"POST", "/admin/users/{name}/grants", page_user_grant, PAGE,
	 PERM_USER_MANAGE},
	{"POST", "/admin/users/{name}/grants/revoke", page_user_revoke, PAGE,
	 PERM_USER_MANAGE},
	{"POST", "/admin/users/{name}/password", page_user_reset, PAGE,
	 PERM_USER_MANAGE},
	{"GET", "/audit", page_audit, PAGE, PERM_AUDIT_READ},
	{"GET", "/audit.csv", page_audit_csv, PAGE, PERM_AUDIT_READ},
};

const size_t cli_nroutes = sizeof(cli_routes) / sizeof(cli_routes[0]);
