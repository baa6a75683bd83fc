/*
 * layout.h - private to src/web/: the one layout every page goes through.
 *
 * page_begin() writes the document head, the header with navigation and the
 * language switch, and opens <main>; page_end() closes it and writes the
 * footer. Between them a page writes only through html_printf()/html_text()
 * into p->out.
 */
#ifndef WEB_LAYOUT_H
#define WEB_LAYOUT_H

#include "app/app.h"
#include "base/html.h"
#include "core/i18n.h"
#include "http/http.h"

struct page {
	struct http_req *req;
	struct http_resp *resp;
	struct buf *out;
	enum lang lang;
	const char *nav; /* key of the active navigation item */
	/* prefix of the ids of the fields written now ("" or NULL = none):
	 * set it while writing one of several forms on a page that share
	 * field names, so that every id (and label) stays unique */
	const char *idp;
};

/* Sets up p for req/resp (language from ?lang, cookie, Accept-Language). */
void page_init(struct page *p, struct http_req *req, struct http_resp *resp,
	       const char *nav);
void page_begin(struct page *p, const char *title);
void page_end(struct page *p);
/* Shorthand for tr(p->lang, key). */
const char *T(const struct page *p, const char *key);
/* The app context of the request. */
void page_ctx(struct page *p, struct app_ctx *ctx);
/* Renders an app/ failure as an error page with the right status. */
void page_fail(struct page *p, const struct app_error *err);
/* An error page with this status and message (a catalog key). */
void page_fail_status(struct page *p, int status, const char *msg_key);
/* One labelled form field with its value kept and its error shown. */
void page_field(struct page *p, const char *name, const char *label_key,
		const char *value, const struct app_error *err, int required);
/* A labelled <select> of values (NULL-terminated), each shown as the
 * catalog entry key_prefix + value. with_any adds an empty "any" choice
 * (search forms); otherwise an empty "choose…" placeholder and the field is
 * required. */
void page_select(struct page *p, const char *name, const char *label_key,
		 const char *const *values, const char *key_prefix, const char *selected,
		 int with_any, const struct app_error *err);
/* page_field with an input type ("date", "number", "email", "tel",
 * "file"; NULL = text) and an optional hint key shown under the input and
 * tied to it by aria-describedby. A file input never echoes a value. */
void page_field_ex(struct page *p, const char *type, const char *name,
		   const char *label_key, const char *value, const char *hint_key,
		   const struct app_error *err, int required);
/* A labelled <textarea> with its value kept and its error shown. */
void page_textarea(struct page *p, const char *name, const char *label_key,
		   const char *value, const struct app_error *err, int required);
/* A checkbox (value "1") with its label after it. */
void page_checkbox(struct page *p, const char *name, const char *label_key, int checked);
/* A labelled <select> of n values with labels given as text (not catalog
 * keys): ids of records with their names. required adds an empty
 * "choose…" placeholder. */
void page_select_text(struct page *p, const char *name, const char *label_key,
		      const char *const *values, const char *const *labels, size_t n,
		      const char *selected, int required, const struct app_error *err);
/* An instant "2026-05-01T00:30:00Z" as "2026-05-01 08:30" in the
 * installation's time zone (base/timeutil.h); anything else as it is. */
const char *page_when(struct page *p, const char *iso);
/* The catalog text of key with its "{n}" replaced by n ("剩余 {n} 天"). */
void page_count(struct page *p, const char *key, long long n);
/* Opens <details class="cls" id="id" [open]><summary>label</summary>
 * (id may be NULL); the caller closes it. */
void page_details(struct page *p, const char *cls, const char *id, int open,
		  const char *summary_key);
/* A status badge: <span class="badge b-CODE FAMILY">label of key_prefix+CODE</span>
 * (FAMILY: key_prefix without its last dot, dots as dashes). */
void page_badge(struct page *p, const char *key_prefix, const char *code);
/* The skill-upgrade subsidy block of certificate cert_id (web/subsidy.c);
 * nothing when it cannot be read. */
void page_subsidy_block(struct page *p, long long cert_id);
/* The same block with its own HTML id (one per card of a list). */
void page_subsidy_block_as(struct page *p, long long cert_id, const char *html_id);
/* The plan page's admission tickets block (web/ticket.c): every
 * candidate's tickets, or one's, each drawing new claim codes. */
struct plan_detail;
void page_plan_tickets(struct page *p, const struct plan_detail *d);
/* A holder's requests about certificate cert_id (those of rs that are
 * about it) and the form to start one (web/requests.c). */
void page_holder_requests(struct page *p, long long cert_id,
			  const struct cert_request *rs, size_t n);
/* The same for a password (never echoes a value). autocomplete is
 * "current-password" or "new-password". */
void page_password_field(struct page *p, const char *name, const char *label_key,
			 const char *autocomplete, const struct app_error *err);
/* The new password and its confirmation, the password rules and the save
 * button, closing the form (the change and the reset forms). */
void page_new_password_fields(struct page *p, const struct app_error *err);
/* The new password typed; NULL, with err filled (field confirm_password)
 * and the status 422, when its confirmation differs. */
const char *page_new_password(struct page *p, struct app_error *err);
/* The e-mail address section (heading #email and a form posting "email"
 * to action) of an account page (web/password.c); with own, the form asks
 * for the current password too (field "password"). */
void page_email_form(struct page *p, const char *action, const char *email, bool own,
		     const struct app_error *err);
/* Opens a POST form to action with its CSRF field. */
void page_form(struct page *p, const char *action, const char *cls);
/* The same for a form that uploads a file (multipart/form-data). */
void page_form_upload(struct page *p, const char *action, const char *cls);
/* A one-button POST form (logout, revoke, ...). */
void page_button(struct page *p, const char *action, const char *label_key, const char *cls);
/* At the top of a page re-rendered after a refusal: the reason, with a
 * link to the form (#anchor) where it is shown next to its field. */
void page_error_summary(struct page *p, const struct app_error *err, const char *anchor);
/* The form-level error of a refusal (no field), if any. */
void page_form_error(struct page *p, const struct app_error *err);
/* A field of the submitted form, "" when absent. */
const char *page_input(struct page *p, const char *name);
/* A field of the submitted form with surrounding blanks trimmed, "" when
 * absent. */
const char *page_value(struct page *p, const char *name);
/* The positive id in a form field, 0 when there is none or it is not one. */
long long page_form_id(struct page *p, const char *name);
/* The first shown problems of an import's report as a table: row, column,
 * the problem's whole text (app_import_problem_text). */
void page_import_problems(struct page *p, const struct import_report *rep, size_t shown);
/* The HTTP status of a refused form re-rendered on its page: 409 for a
 * conflict, 422 for everything else the user can correct. */
int page_refusal_status(enum app_status status);
/* next if it is a plain local path, else "/": no scheme, no "//", no
 * backslash, no control character (browsers drop tabs and would turn
 * "/\t/evil" into "//evil"). Guards every redirect taken from input. */
const char *page_safe_next(const char *next);
/* scores.c: a certificate's or a candidate's component scores as stored
 * ("practical=79.0;theory=85.0", a status word instead of a score) in
 * words, in the components' order: "理论 85.0 / 实操 79.0" ("—" when
 * empty). The text lives in p's request arena. */
const char *page_scores_text(struct page *p, const char *scores);
/* plans.c: the plan shown again with a refused action on it (an action of
 * another file, e.g. issuing: form "issue"), its reason at the top; the
 * page's status 409 or 422. */
void page_plan_refused(struct page *p, struct app_ctx *ctx, long long plan_id,
		       const struct app_error *err, const char *form);
/* The signed-in actor, NULL for a visitor. */
const struct actor *page_actor(const struct page *p);
/* What a certificate shows where its level is (web/competition_awards.c):
 * the level's label, or for an award certificate (line "award") "获奖证书
 * · 金牌 · the competition", for an honour certificate (line "honour")
 * "荣誉证书 · its category (award_name, award_name_en) · the campaign"; and
 * that row's label (等级, or 奖项). */
const char *page_cert_grade(struct page *p, const char *line, int level,
			    const char *award, const char *competition,
			    const char *award_name, const char *award_name_en);
const char *page_cert_grade_label(struct page *p, const char *line);
/* The results page's block of award certificates (web/competition_awards.c):
 * for the organiser, the issue button once final and the issued list. */
void page_comp_awards_block(struct page *p, struct app_ctx *ctx,
			    const struct competition *c);

#endif
