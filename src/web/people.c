/*
 * people.c - pages for people (考生, 考评员, 监考人员 …): the list and its
 * search, registering one, a person's page (their facts and how to change
 * them, their photo, their assessor qualifications) and the bulk import of
 * people from a spreadsheet. What an actor may see and change is app/'s
 * rule (app_person_reach: the people of their institutions); the pages
 * only decode forms and render.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

#define PAGE_SIZE 50

static const char *const sexes[] = {"M", "F", NULL};
static const char *const grades[] = {"assessor", "senior_assessor", NULL};
static const char *const levels[] = {"1", "2", "3", "4", "5", NULL};

/* The label of a code under a catalog prefix, "" for an empty code. */
static const char *coded(struct page *p, const char *prefix, const char *code)
{
	if (!code || !*code)
		return "";
	return T(p, arena_printf(p->req->arena, "%s%s", prefix, code));
}

static void crumbs(struct page *p, const char *title)
{
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/people\">%s</a></nav>"
		    "<h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "people.title"), title);
}

/* ---- the list ---- */

void page_people(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct person *items;
	size_t n;
	long long offset = 0;
	const char *q = http_query(req, "q"), *v;

	page_init(&p, req, resp, "nav.people");
	page_ctx(&p, &ctx);
	if ((v = http_query(req, "offset")))
		str_to_ll(v, 0, 1LL << 40, &offset);
	q = q ? str_trim_dup(req->arena, q) : "";
	if (app_person_list(&ctx, q, PAGE_SIZE + 1, offset, &items, &n, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	page_begin(&p, T(&p, "people.title"));
	html_printf(p.out,
		    "<h1>%s</h1><p class=\"actions\"><a class=\"button\" href=\"/people/new\">%s"
		    "</a> <a class=\"button secondary\" href=\"/people/import\">%s</a></p>"
		    "<form class=\"search\" method=\"get\" action=\"/people\" role=\"search\">",
		    T(&p, "people.title"), T(&p, "people.new"), T(&p, "people.import"));
	page_field(&p, "q", "people.search", q, NULL, 0);
	html_printf(p.out, "<button type=\"submit\">%s</button></form>",
		    T(&p, "btn.search"));
	if (!n) {
		html_printf(p.out, "<p class=\"empty\">%s</p>",
			    T(&p, *q ? "people.none_found" : "people.none"));
		page_end(&p);
		return;
	}
	html_printf(p.out,
		    "<div class=\"table\"><table class=\"stack\" id=\"people\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(&p, "field.person_name"), T(&p, "field.id_type"),
		    T(&p, "field.id_number"), T(&p, "field.employer"),
		    T(&p, "field.education"));
	for (size_t i = 0; i < n && i < PAGE_SIZE; i++) {
		const struct person *x = &items[i];

		html_printf(p.out,
			    "<tr><td data-label=\"%s\"><a href=\"/people/%lld\">%s</a></td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td></tr>",
			    T(&p, "field.person_name"), x->id, x->name,
			    T(&p, "field.id_type"), coded(&p, "id_type.", x->id_type),
			    T(&p, "field.id_number"), x->id_masked,
			    T(&p, "field.employer"), x->employer, T(&p, "field.education"),
			    coded(&p, "education.", x->education));
	}
	html_printf(p.out, "</tbody></table></div>");
	if (offset > 0 || n > PAGE_SIZE) {
		html_printf(p.out, "<nav class=\"pages\" aria-label=\"%s\">",
			    T(&p, "people.pages"));
		if (offset > 0) {
			html_raw(p.out, "<a rel=\"prev\" href=\"/people?q=");
			html_url(p.out, q);
			html_printf(p.out, "&amp;offset=%lld\">%s</a> ",
				    offset > PAGE_SIZE ? offset - PAGE_SIZE : 0,
				    T(&p, "people.prev"));
		}
		if (n > PAGE_SIZE) {
			html_raw(p.out, "<a rel=\"next\" href=\"/people?q=");
			html_url(p.out, q);
			html_printf(p.out, "&amp;offset=%lld\">%s</a>",
				    offset + PAGE_SIZE, T(&p, "people.next"));
		}
		html_printf(p.out, "</nav>");
	}
	page_end(&p);
}

/* ---- registering one ---- */

/* The form's value of name: what was typed after a refusal, else v. */
static const char *kept(struct page *p, const struct app_error *err, const char *name,
			const char *v)
{
	return err ? page_input(p, name) : (v ? v : "");
}

static void new_page(struct page *p, const struct app_error *err)
{
	page_begin(p, T(p, "people.new"));
	crumbs(p, T(p, "people.new"));
	page_error_summary(p, err && err->field ? err : NULL, "person-form");
	page_form(p, "/people", "form");
	html_printf(p->out, "<div id=\"person-form\"></div>");
	page_form_error(p, err);
	page_field(p, "name", "field.person_name", kept(p, err, "name", NULL), err, 1);
	page_select(p, "id_type", "field.id_type", id_type_names(), "id_type.",
		    err ? page_input(p, "id_type") : "resident_id", 0, err);
	page_field(p, "id_number", "field.id_number", kept(p, err, "id_number", NULL),
		   err, 1);
	page_select(p, "sex", "field.sex", sexes, "sex.", kept(p, err, "sex", NULL), 1, err);
	page_field_ex(p, "date", "birth_date", "field.birth_date",
		      kept(p, err, "birth_date", NULL), "people.birth_hint", err, 0);
	page_select(p, "education", "field.education", education_names(), "education.",
		    kept(p, err, "education", NULL), 1, err);
	page_field(p, "employer", "field.employer", kept(p, err, "employer", NULL), err, 0);
	page_field(p, "employer_credit_code", "field.employer_credit_code",
		   kept(p, err, "employer_credit_code", NULL), err, 0);
	page_field_ex(p, "date", "work_start", "field.work_start",
		      kept(p, err, "work_start", NULL), NULL, err, 0);
	page_field_ex(p, "tel", "phone", "field.phone", kept(p, err, "phone", NULL), NULL,
		      err, 0);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "btn.create"));
	page_end(p);
}

void page_person_new(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.people");
	new_page(&p, NULL);
}

static void input_from_form(struct page *p, struct person_input *in)
{
	memset(in, 0, sizeof(*in));
	in->name = page_value(p, "name");
	in->id_type = page_value(p, "id_type");
	in->id_number = page_value(p, "id_number");
	in->sex = page_value(p, "sex");
	in->birth_date = page_value(p, "birth_date");
	in->education = page_value(p, "education");
	in->employer = page_value(p, "employer");
	in->employer_credit_code = page_value(p, "employer_credit_code");
	in->work_start = page_value(p, "work_start");
	in->phone = page_value(p, "phone");
}

void page_person_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct person_input in;
	long long id = 0;
	int rc;

	page_init(&p, req, resp, "nav.people");
	page_ctx(&p, &ctx);
	input_from_form(&p, &in);
	rc = app_person_create(&ctx, &in, &id, &err);
	if (rc == APP_OK || (rc == APP_CONFLICT && id)) {
		/* registered, or found: the person's page either way */
		http_redirect(resp, arena_printf(req->arena, "/people/%lld?done=%s", id,
						 rc == APP_OK ? "create" : "exists"));
		return;
	}
	if (rc != APP_INVALID && rc != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	resp->status = page_refusal_status(err.status);
	new_page(&p, &err);
}

/* ---- a person's page ---- */

/* A refused form of the page: which, and why. */
struct refusal {
	const char *form; /* "facts", "photo", "qualify" */
	const struct app_error *err;
};

static const struct app_error *ferr(const struct refusal *r, const char *form)
{
	return r && r->err && !strcmp(r->form, form) ? r->err : NULL;
}

static void fact(struct page *p, const char *key, const char *value)
{
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, key),
		    value && *value ? value : "—");
}

static void facts_section(struct page *p, const struct person *x, const struct refusal *r)
{
	const struct app_error *e = ferr(r, "facts");

	html_printf(p->out,
		    "<section id=\"facts\" aria-labelledby=\"facts-h\"><h2 id=\"facts-h\">%s</h2>"
		    "<dl class=\"facts\">",
		    T(p, "people.facts"));
	fact(p, "field.id_type", coded(p, "id_type.", x->id_type));
	fact(p, "field.id_number", x->id_masked);
	fact(p, "field.sex", coded(p, "sex.", x->sex));
	fact(p, "field.birth_date", x->birth_date);
	fact(p, "field.education", coded(p, "education.", x->education));
	fact(p, "field.employer", x->employer);
	fact(p, "field.employer_credit_code", x->employer_credit_code);
	fact(p, "field.work_start", x->work_start);
	fact(p, "field.phone", x->phone);
	fact(p, "field.updated_at", page_when(p, x->updated_at));
	html_printf(p->out, "</dl>");
	page_details(p, "disclose", NULL, e != NULL, "people.edit");
	page_form(p, arena_printf(p->req->arena, "/people/%lld", x->id), "form");
	p->idp = "fa-";
	html_printf(p->out, "<p class=\"hint\">%s</p>", T(p, "people.edit_hint"));
	page_form_error(p, e);
	page_field(p, "name", "field.person_name", kept(p, e, "name", x->name), e, 1);
	page_select(p, "education", "field.education", education_names(), "education.",
		    kept(p, e, "education", x->education), 1, e);
	page_field(p, "employer", "field.employer", kept(p, e, "employer", x->employer),
		   e, 0);
	page_field(p, "employer_credit_code", "field.employer_credit_code",
		   kept(p, e, "employer_credit_code", x->employer_credit_code), e, 0);
	page_field_ex(p, "date", "work_start", "field.work_start",
		      kept(p, e, "work_start", x->work_start), NULL, e, 0);
	page_field_ex(p, "tel", "phone", "field.phone", kept(p, e, "phone", x->phone),
		      NULL, e, 0);
	p->idp = NULL;
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</details></section>",
		    T(p, "btn.save"));
}

static void photo_section(struct page *p, const struct person_view *v,
			  const struct refusal *r)
{
	const struct app_error *e = ferr(r, "photo");

	html_printf(p->out,
		    "<section id=\"photo\" aria-labelledby=\"photo-h\"><h2 id=\"photo-h\">%s</h2>",
		    T(p, "people.photo"));
	if (v->has_photo)
		/* the version in the address: a replaced photo is fetched anew */
		html_printf(p->out,
			    "<p><img class=\"photo-thumb\" src=\"/people/%lld/photo?v=%s\" "
			    "alt=\"%s\" width=\"120\"></p>",
			    v->person.id, v->person.updated_at, T(p, "people.photo_alt"));
	else
		html_printf(p->out, "<p class=\"empty\" id=\"no-photo\">%s</p>",
			    T(p, "people.no_photo"));
	page_form_upload(p, arena_printf(p->req->arena, "/people/%lld/photo", v->person.id),
			 "form");
	p->idp = "ph-";
	page_form_error(p, e && (!e->field || strcmp(e->field, "photo")) ? e : NULL);
	{
		struct app_error fe;

		if (e) {
			fe = *e;
			fe.field = "photo";
		}
		page_field_ex(p, "file", "photo",
			      v->has_photo ? "people.photo_replace" : "people.photo_add",
			      NULL, "people.photo_hint", e ? &fe : NULL, 1);
	}
	p->idp = NULL;
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</section>",
		    T(p, "btn.upload"));
}

static void quals_section(struct page *p, const struct person_view *v,
			  const struct refusal *r)
{
	const struct app_error *e = ferr(r, "qualify");
	char today[11];

	time_today(today, sizeof(today));
	html_printf(p->out,
		    "<section id=\"qualifications\" aria-labelledby=\"quals-h\">"
		    "<h2 id=\"quals-h\">%s</h2>",
		    T(p, "people.quals"));
	if (!v->nquals) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "people.no_quals"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "field.occupation_code"), T(p, "field.grade"),
			    T(p, "field.max_level"), T(p, "field.validity"),
			    T(p, "field.certificate_no"));
		for (size_t i = 0; i < v->nquals; i++) {
			const struct person_qualification *q = &v->quals[i];
			bool lapsed = strcmp(q->valid_to, today) < 0;

			html_printf(
				p->out,
				"<tr><td data-label=\"%s\">%s</td><td data-label=\"%s\">%s</td>"
				"<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s – %s%s%s"
				"</td><td data-label=\"%s\">%s</td></tr>",
				T(p, "field.occupation_code"), q->occupation_code,
				T(p, "field.grade"), coded(p, "people.grade.", q->grade),
				T(p, "field.max_level"),
				T(p, i18n_level_key(q->max_level)), T(p, "field.validity"),
				q->valid_from, q->valid_to, lapsed ? " · " : "",
				lapsed ? T(p, "people.qual_lapsed") : "",
				T(p, "field.certificate_no"), q->number);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	page_details(p, "disclose", NULL, e != NULL || !v->nquals, "people.qual_add");
	page_form(p,
		  arena_printf(p->req->arena, "/people/%lld/qualifications", v->person.id),
		  "form");
	p->idp = "qu-";
	page_form_error(p, e);
	page_field_ex(p, NULL, "occupation_code", "field.occupation_code",
		      kept(p, e, "occupation_code", NULL), "people.occupation_hint", e, 1);
	page_select(p, "grade", "field.grade", grades, "people.grade.",
		    e ? page_input(p, "grade") : "assessor", 0, e);
	page_select(p, "max_level", "field.max_level", levels, "level.",
		    kept(p, e, "max_level", NULL), 0, e);
	page_field_ex(p, "date", "valid_from", "field.valid_from",
		      kept(p, e, "valid_from", NULL), NULL, e, 1);
	page_field_ex(p, "date", "valid_to", "field.valid_to",
		      kept(p, e, "valid_to", NULL), NULL, e, 1);
	page_field(p, "number", "field.certificate_no", kept(p, e, "number", NULL), e, 0);
	p->idp = NULL;
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>"
		    "</details></section>",
		    T(p, "btn.add"));
}

static void person_page(struct page *p, struct app_ctx *ctx, long long id,
			const struct refusal *r)
{
	struct person_view *v = arena_alloc(p->req->arena, sizeof(*v));
	struct app_error err;
	const char *done = http_query(p->req, "done");

	if (app_person_view(ctx, id, v, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, v->person.name);
	crumbs(p, v->person.name);
	if (r && r->err)
		page_error_summary(p, r->err,
				   !strcmp(r->form, "qualify") ? "qualifications" : r->form);
	else if (done && (!strcmp(done, "create") || !strcmp(done, "exists") ||
			  !strcmp(done, "facts") || !strcmp(done, "photo") ||
			  !strcmp(done, "qualify")))
		html_printf(p->out, "<div class=\"notice\" role=\"status\"><p>%s</p></div>",
			    T(p, arena_printf(p->req->arena, "done.person.%s", done)));
	facts_section(p, &v->person, r);
	photo_section(p, v, r);
	quals_section(p, v, r);
	page_end(p);
}

void page_person(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.people");
	page_ctx(&p, &ctx);
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	person_page(&p, &ctx, id, NULL);
}

/* Ends an action on a person: back to their page at the form, or the page
 * again with the refusal next to its field. */
static void finish(struct page *p, struct app_ctx *ctx, long long id, int rc,
		   const struct app_error *err, const char *form, const char *anchor)
{
	struct refusal r = {form, err};

	if (rc == APP_OK) {
		http_redirect(p->resp, arena_printf(p->req->arena, "/people/%lld?done=%s#%s",
						    id, form, anchor));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	person_page(p, ctx, id, &r);
}

/* The person of the address, with the page set up; 0 (and a 404 sent)
 * when there is none. */
static long long target(struct http_req *req, struct http_resp *resp, struct page *p,
			struct app_ctx *ctx)
{
	long long id = page_param_id(req, 0);

	page_init(p, req, resp, "nav.people");
	page_ctx(p, ctx);
	if (!id)
		page_error(req, resp, 404, "not_found");
	return id;
}

void page_person_update(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct person_input in;
	long long id = target(req, resp, &p, &ctx);

	if (!id)
		return;
	input_from_form(&p, &in);
	finish(&p, &ctx, id, app_person_update(&ctx, id, &in, &err), &err, "facts", "facts");
}

void page_person_photo_put(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *data = NULL, *name = NULL;
	size_t len = 0;
	int rc;
	long long id = target(req, resp, &p, &ctx);

	if (!id)
		return;
	if (!http_form_file(req, "photo", &data, &len, &name) || !len) {
		err = (struct app_error){APP_INVALID, "photo", "val.photo.size", NULL, 0};
		rc = APP_INVALID;
	} else {
		rc = app_person_set_photo(&ctx, id, data, len, &err);
	}
	finish(&p, &ctx, id, rc, &err, "photo", "photo");
}

void page_person_photo(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct page p;
	const char *mime;
	long long id = target(req, resp, &p, &ctx);

	if (!id)
		return;
	if (app_person_photo(&ctx, id, &mime, &resp->body, &err) != APP_OK) {
		buf_reset(&resp->body);
		page_fail(&p, &err);
		return;
	}
	resp->status = 200;
	resp->content_type = mime;
	/* personal data: not for shared caches */
	http_set_header(resp, "Cache-Control", "private, no-store");
}

void page_person_qualify(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = target(req, resp, &p, &ctx), level = 0;
	int rc;

	if (!id)
		return;
	if (str_to_ll(page_value(&p, "max_level"), 1, 5, &level) != 0) {
		err = (struct app_error){APP_INVALID, "max_level", "val.cert.level", NULL,
					 0};
		rc = APP_INVALID;
	} else {
		rc = app_person_add_qualification(
			&ctx, id, page_value(&p, "occupation_code"),
			page_value(&p, "grade"), (int)level, page_value(&p, "valid_from"),
			page_value(&p, "valid_to"), page_value(&p, "number"), &err);
	}
	finish(&p, &ctx, id, rc, &err, "qualify", "qualifications");
}

/* ---- bulk import ---- */

static void import_report(struct page *p, const struct import_report *rep, bool dry_run)
{
	size_t shown = rep->nproblems < ASSESS_IMPORT_MAX_PROBLEMS
			       ? rep->nproblems
			       : ASSESS_IMPORT_MAX_PROBLEMS;
	const char *msg = rep->nproblems ? (dry_run ? "import.dry_problems"
						    : "import.has_problems")
					 : (dry_run ? "import.dry_ok" : "import.done");

	html_printf(p->out,
		    "<section class=\"report\" aria-labelledby=\"report-h\">"
		    "<h2 id=\"report-h\" tabindex=\"-1\">%s</h2>"
		    "<p class=\"%s\" role=\"%s\">%s</p><ul class=\"stats\">"
		    "<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
		    "<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
		    "<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
		    "<li><span class=\"n\">%lld</span><span class=\"l\">%s</span></li>"
		    "<li class=\"%s\"><span class=\"n\">%lld</span><span class=\"l\">%s</span>"
		    "</li></ul>",
		    T(p, dry_run ? "import.report_dry" : "import.report"),
		    rep->nproblems ? "error" : "notice",
		    rep->nproblems ? "alert" : "status", T(p, msg), (long long)rep->rows,
		    T(p, "import.rows"), (long long)rep->created, T(p, "import.created"),
		    (long long)rep->updated, T(p, "import.updated"),
		    (long long)rep->unchanged, T(p, "import.unchanged"),
		    rep->nproblems ? "warn" : "", (long long)rep->nproblems,
		    T(p, "import.problems"));
	if (!shown) {
		html_printf(p->out, "</section>");
		return;
	}
	page_import_problems(p, rep, shown);
	html_printf(p->out, "</section>");
}

/* What the people import page takes: people (with their facts), assessor
 * qualifications (a sheet), photos (a ZIP of photos named by ID number). */
static const char *const import_kinds[] = {"people", "qualifications", "photos", NULL};

static void import_page(struct page *p, const char *kind, const struct import_report *rep,
			bool dry_run, const struct app_error *err)
{
	bool bad = err && err->field && !strcmp(err->field, "file");
	int k = assess_import_parse(kind);

	page_begin(p, T(p, "people.import"));
	crumbs(p, T(p, "people.import"));
	if (rep)
		import_report(p, rep, dry_run);
	else
		html_printf(p->out, "<p class=\"lead\">%s</p>", T(p, "people.import_intro"));
	page_form_upload(p, "/people/import", "form");
	if (err && err->msg && !bad && !(err->field && !strcmp(err->field, "kind")))
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err->msg));
	page_select(p, "kind", "field.import_kind", import_kinds, "people.import.kind.",
		    kind, 0, err);
	page_field_ex(p, "file", "file", "field.file", NULL, "people.import_file_hint",
		      err, 1);
	page_checkbox(p, "dry_run", "import.dry_run", !rep || rep->nproblems || !dry_run);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "btn.upload"));
	/* the columns of each sheet, and how photos are named */
	for (int i = 0; i < 2; i++) {
		enum assess_import ik = i ? IMPORT_QUALIFICATIONS : IMPORT_PEOPLE;
		const char *zh, *en;
		bool needed;

		page_details(p, "disclose", NULL, k == (int)ik,
			     i ? "people.import_columns_q" : "people.import_columns_p");
		html_printf(p->out,
			    "<div class=\"table\"><table><thead><tr><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "people.import_column"), T(p, "people.import_required"));
		for (size_t c = 0; assess_import_column(ik, c, &zh, &en, &needed); c++)
			html_printf(p->out,
				    "<tr><td>%s / <code>%s</code></td><td>%s</td></tr>",
				    zh, en, needed ? T(p, "people.import_yes") : "");
		html_printf(p->out, "</tbody></table></div></details>");
	}
	html_printf(p->out, "<p class=\"hint\">%s</p><p class=\"hint\">%s</p>",
		    T(p, "people.import_values"), T(p, "people.import_photos"));
	page_end(p);
}

void page_people_import(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	const char *kind = http_query(req, "kind");

	page_init(&p, req, resp, "nav.people");
	import_page(&p,
		    kind && (!strcmp(kind, "qualifications") || !strcmp(kind, "photos"))
			    ? kind
			    : "people",
		    NULL, true, NULL);
}

void page_people_import_post(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct import_report rep;
	struct assess_import_opts o;
	const char *data = NULL, *name = NULL, *kind;
	size_t len = 0;
	int rc;

	page_init(&p, req, resp, "nav.people");
	page_ctx(&p, &ctx);
	memset(&o, 0, sizeof(o));
	o.dry_run = *page_input(&p, "dry_run") != '\0';
	kind = page_value(&p, "kind");
	if (strcmp(kind, "people") && strcmp(kind, "qualifications") &&
	    strcmp(kind, "photos")) {
		err = (struct app_error){APP_INVALID, "kind", "plan.import.kind_required",
					 NULL, 0};
		resp->status = 422;
		import_page(&p, NULL, NULL, o.dry_run, &err);
		return;
	}
	if (!http_form_file(req, "file", &data, &len, &name) || !len) {
		err = (struct app_error){APP_INVALID, "file", "import.no_file", NULL, 0};
		resp->status = 422;
		import_page(&p, kind, NULL, o.dry_run, &err);
		return;
	}
	memset(&rep, 0, sizeof(rep));
	if (!strcmp(kind, "photos"))
		rc = app_person_photos_import(&ctx, data, len, o.dry_run, &rep, &err);
	else
		rc = app_assess_import(&ctx, (enum assess_import)assess_import_parse(kind),
				       0, data, len, NULL, &o, &rep, &err);
	if (rc == APP_OK || (rc == APP_INVALID && rep.nproblems)) {
		if (rep.nproblems)
			resp->status = 422;
		import_page(&p, kind, &rep, o.dry_run, NULL);
		return;
	}
	if (rc != APP_INVALID) {
		page_fail(&p, &err);
		return;
	}
	resp->status = 422;
	import_page(&p, kind, NULL, o.dry_run, &err);
}
