/*
 * batches.c - registration batches (登记注册批次) and their public notice.
 *
 * The public sees the batches once they are under notice or decided, the
 * institutions in each, and while a notice runs it may object to one of
 * them (anonymously, through the double-submit CSRF of page_form). Staff
 * holding registry.decide also see open batches and work them: create,
 * add applications, take one out or reject it, start the notice, decide
 * with the approval document, and resolve objections. app/ decides who
 * may do what and which step is allowed when; refusals come back next to
 * the field that caused them, with what was typed kept.
 */
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "web/layout.h"
#include "web/web.h"

/* A trimmed form field ("" when absent). */

/* Which form was refused (row: the record of a per-row form) and why. */
struct refusal {
	const char *form;
	long long row;
	const struct app_error *err;
};

static const struct app_error *ferr(const struct refusal *r, const char *name, long long row)
{
	return r && !strcmp(r->form, name) && r->row == row ? r->err : NULL;
}

static const char *typed(struct page *p, const struct refusal *r, const char *name,
			 const char *f, const char *dflt)
{
	return ferr(r, name, 0) ? page_input(p, f) : dflt;
}

/* The error no field of the form shows (fields: NULL-terminated names). */
static void form_error(struct page *p, const struct app_error *err, const char *const *fields)
{
	if (!err || !err->msg)
		return;
	for (const char *const *f = fields; err->field && *f; f++)
		if (!strcmp(*f, err->field))
			return;
	html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>", T(p, err->msg));
}

static void submit(struct page *p, const char *label_key)
{
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, label_key));
	p->idp = NULL;
}

static void period(struct page *p, const struct reg_batch *b)
{
	if (b->notice_start && b->notice_end)
		html_printf(p->out, "%s %s %s", b->notice_start, T(p, "batch.to"),
			    b->notice_end);
	else
		html_printf(p->out, "—");
}

/* ---- the results notices (结果公示) ---- */

size_t page_result_notices(struct page *p, struct app_ctx *ctx, const char *q, bool say_none)
{
	struct plan *items;
	struct app_error err;
	size_t n = 0;

	if (app_result_notices(ctx, q, &items, &n, &err) != APP_OK) {
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err.msg));
		return 0;
	}
	if (!n) {
		if (say_none)
			html_printf(p->out,
				    "<p class=\"empty\" id=\"result-notices\">%s</p>",
				    T(p, *q ? "notice.no_match" : "notice.results_none"));
		return 0;
	}
	html_printf(p->out, "<ul class=\"notices\" id=\"result-notices\">");
	for (size_t i = 0; i < n; i++)
		html_printf(p->out,
			    "<li><a href=\"/results/%lld\">%s</a><br><span class=\"hint\">%s · "
			    "%s %s · %s %s %s</span></li>",
			    items[i].id, items[i].title, items[i].institution_name,
			    items[i].occupation_name, T(p, i18n_level_key(items[i].level)),
			    items[i].notice_start, T(p, "batch.to"), items[i].notice_end);
	html_printf(p->out, "</ul>");
	return n;
}

/* Whether batch b matches q: its title, or an institution in it. */
static bool batch_matches(struct app_ctx *ctx, const struct reg_batch *b, const char *q)
{
	struct reg_batch full;
	struct registration *regs;
	struct objection *objs;
	size_t nregs = 0, nobjs = 0;
	struct app_error err;

	if (app_notice_matches(b->title, q))
		return true;
	if (app_batch_get(ctx, b->id, &full, &regs, &nregs, &objs, &nobjs, &err) != APP_OK)
		return false;
	for (size_t i = 0; i < nregs; i++)
		if (app_notice_matches(regs[i].institution_name, q))
			return true;
	return false;
}

/* ---- the list ---- */

static void list_page(struct page *p, const struct app_error *form_err)
{
	static const char *const fields[] = {"year", "title", "notice_days", NULL};
	struct app_ctx ctx;
	struct app_error err;
	struct reg_batch *items;
	size_t n, kept = 0;
	bool staff;
	char today[11];
	const char *q = str_trim_dup(p->req->arena,
				     http_query(p->req, "q") ? http_query(p->req, "q") : "");

	if (!q)
		q = "";
	page_ctx(p, &ctx);
	if (app_batch_list(&ctx, "", &items, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	/* every public notice searchable: the batches by title or by an
	 * institution in them, the results notices below by plan, institution
	 * or occupation */
	for (size_t i = 0; i < n; i++)
		if (!*q || batch_matches(&ctx, &items[i], q))
			items[kept++] = items[i];
	n = kept;
	staff = app_can(&ctx, PERM_REGISTRY_DECIDE);
	time_today(today, sizeof(today));
	page_begin(p, T(p, "nav.batches"));
	html_printf(p->out,
		    "<h1>%s</h1><form class=\"search\" method=\"get\" "
		    "action=\"/registry/batches\" role=\"search\">",
		    T(p, "nav.batches"));
	page_field_ex(p, "search", "q", "notice.search", q, NULL, NULL, 0);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "btn.search"));
	html_printf(p->out, "<h2 id=\"results\">%s</h2><p class=\"lead\">%s</p>",
		    T(p, "notice.results_title"), T(p, "notice.results_intro"));
	page_result_notices(p, &ctx, q, true);
	html_printf(p->out, "<h2 id=\"registrations\">%s</h2><p class=\"lead\">%s</p>",
		    T(p, "batch.list_title"), T(p, "batch.list_intro"));
	if (staff) {
		page_details(p, "disclose", "form-create", form_err != NULL,
			     "batch.new_title");
		page_form(p, "/registry/batches", "form");
		p->idp = "bc-";
		form_error(p, form_err, fields);
		page_field_ex(p, "number", "year", "field.year",
			      form_err ? page_input(p, "year")
				       : arena_strndup(p->req->arena, today, 4),
			      NULL, form_err, 1);
		page_field_ex(p, NULL, "title", "field.title",
			      form_err ? page_input(p, "title") : NULL,
			      "batch.title_hint", form_err, 0);
		page_field_ex(p, "number", "notice_days", "field.notice_days",
			      form_err ? page_input(p, "notice_days") : "7", NULL,
			      form_err, 1);
		submit(p, "btn.create");
		html_printf(p->out, "</details>");
	}
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, *q ? "notice.no_match" : "batch.none"));
		page_end(p);
		return;
	}
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "field.batch"), T(p, "field.status"), T(p, "field.notice_period"),
		    T(p, "field.size"), T(p, "field.approval_doc"));
	for (size_t i = 0; i < n; i++) {
		const struct reg_batch *b = &items[i];

		html_printf(p->out,
			    "<tr><td data-label=\"%s\"><a href=\"/registry/batches/%lld\">%s</a>"
			    "</td><td data-label=\"%s\">",
			    T(p, "field.batch"), b->id, b->title, T(p, "field.status"));
		page_badge(p, "batch.status.", b->status);
		html_printf(p->out, "</td><td data-label=\"%s\">",
			    T(p, "field.notice_period"));
		period(p, b);
		html_printf(p->out,
			    "</td><td data-label=\"%s\">%lld</td><td data-label=\"%s\">%s%s%s</td>"
			    "</tr>",
			    T(p, "field.size"), b->size, T(p, "field.approval_doc"),
			    b->approval_doc && *b->approval_doc ? b->approval_doc : "—",
			    b->approval_date ? " · " : "",
			    b->approval_date ? b->approval_date : "");
	}
	html_printf(p->out, "</tbody></table></div>");
	page_end(p);
}

void page_batches(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.batches");
	list_page(&p, NULL);
}

void page_batch_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long year = 0, days = 0, id;
	const char *d;

	page_init(&p, req, resp, "nav.batches");
	page_ctx(&p, &ctx);
	if (str_to_ll(page_value(&p, "year"), 0, 9999, &year))
		year = 0; /* app/ explains */
	d = page_value(&p, "notice_days");
	if (!*d)
		days = REG_NOTICE_DAYS;
	else if (str_to_ll(d, 0, 1000, &days))
		days = 0;
	if (app_batch_create(&ctx, (int)year, page_value(&p, "title"), (int)days, &id,
			     &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = page_refusal_status(err.status);
		list_page(&p, &err);
		return;
	}
	http_redirect(resp,
		      arena_printf(req->arena, "/registry/batches/%lld?done=create", id));
}

/* ---- one batch ---- */

/* Pending applications not yet in a batch, found among the institutions
 * applying (a renewal is added with "all pending"): at most 50. */
static size_t unbatched(struct page *p, struct app_ctx *ctx, const char ***vals,
			const char ***labels)
{
	struct institution_filter f = {.status = "applying", .limit = 50};
	struct institution *items;
	struct institution_detail d;
	struct app_error err;
	long long total;
	size_t n, k = 0;

	*vals = *labels = NULL;
	if (app_institution_list(ctx, &f, &items, &n, &total, &err) != APP_OK || !n)
		return 0;
	*vals = arena_alloc(p->req->arena, n * sizeof(**vals));
	*labels = arena_alloc(p->req->arena, n * sizeof(**labels));
	if (!*vals || !*labels)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (app_institution_detail(ctx, items[i].id, &d, &err) != APP_OK)
			continue;
		for (size_t j = 0; j < d.nregs && k < n; j++) {
			const struct registration *g = &d.regs[j];

			if (strcmp(g->status, "pending") || g->batch_id)
				continue;
			(*vals)[k] = arena_printf(p->req->arena, "%lld", g->id);
			(*labels)[k++] = arena_printf(
				p->req->arena, "%s · %s", items[i].name,
				T(p, arena_printf(p->req->arena, "reg.kind.%s", g->kind)));
		}
	}
	return k;
}

static void done_notice(struct page *p)
{
	static const char *const forms[] = {"create",    "add",     "remove",
					    "reject",    "notice",  "decide",
					    "objection", "resolve", NULL};
	const char *done = http_query(p->req, "done");

	for (const char *const *f = forms; done && *f; f++)
		if (!strcmp(*f, done))
			html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
				    T(p, arena_printf(p->req->arena, "done.batch.%s", *f)));
}

static void batch_facts(struct page *p, const struct reg_batch *b)
{
	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>%d</dd>"
		    "<dt>%s</dt><dd>",
		    T(p, "field.year"), b->year, T(p, "field.seq"), b->seq,
		    T(p, "field.status"));
	page_badge(p, "batch.status.", b->status);
	html_printf(p->out, "</dd><dt>%s</dt><dd>%d</dd><dt>%s</dt><dd>",
		    T(p, "field.notice_days"), b->notice_days, T(p, "field.notice_period"));
	period(p, b);
	html_printf(p->out, "</dd><dt>%s</dt><dd>%lld</dd>", T(p, "field.size"), b->size);
	if (b->approval_doc && *b->approval_doc)
		html_printf(p->out, "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
			    T(p, "field.approval_doc"), b->approval_doc,
			    T(p, "field.approval_date"),
			    b->approval_date ? b->approval_date : "—");
	html_printf(p->out, "</dl>");
}

static void applications(struct page *p, const struct reg_batch *b,
			 const struct registration *regs, size_t n, bool staff,
			 const struct refusal *r)
{
	static const char *const reject_fields[] = {"reason", NULL};
	bool act = staff && strcmp(b->status, "decided");

	html_printf(p->out, "<h2 id=\"list\">%s</h2>", T(p, "batch.institutions"));
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "batch.empty"));
		return;
	}
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>",
		    T(p, "field.institution"), T(p, "field.kind"), T(p, "field.status"),
		    T(p, "batch.objections_open"));
	if (act)
		html_printf(p->out, "<th scope=\"col\">%s</th>", T(p, "inst.actions"));
	html_printf(p->out, "</tr></thead><tbody>");
	for (size_t i = 0; i < n; i++) {
		const struct registration *g = &regs[i];

		html_printf(p->out,
			    "<tr><td data-label=\"%s\"><a href=\"/institutions/%lld\">%s</a></td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    T(p, "field.institution"), g->institution_id,
			    g->institution_name, T(p, "field.kind"),
			    T(p, arena_printf(p->req->arena, "reg.kind.%s", g->kind)),
			    T(p, "field.status"));
		page_badge(p, "reg.status.", g->status);
		html_printf(p->out, "</td><td data-label=\"%s\" class=\"%s\">%lld</td>",
			    T(p, "batch.objections_open"),
			    g->open_objections ? "overdue" : "", g->open_objections);
		if (act) {
			html_printf(p->out,
				    "<td data-label=\"%s\"><div class=\"row-actions\">",
				    T(p, "inst.actions"));
			if (!strcmp(g->status, "pending")) {
				const struct app_error *e = ferr(r, "reject", g->id);
				const struct app_error *re = ferr(r, "remove", g->id);

				if (re)
					form_error(p, re, (const char *const[]){NULL});
				page_form(p,
					  arena_printf(p->req->arena,
						       "/registry/batches/%lld/remove",
						       b->id),
					  "inline");
				html_printf(p->out,
					    "<input type=\"hidden\" name=\"registration_id\" "
					    "value=\"%lld\"><button type=\"submit\" "
					    "class=\"secondary\">%s</button></form> ",
					    g->id, T(p, "btn.remove"));
				page_details(p, "row-action", NULL, e != NULL, "btn.reject");
				page_form(p,
					  arena_printf(p->req->arena,
						       "/registry/batches/%lld/reject",
						       b->id),
					  "form compact");
				p->idp = arena_printf(p->req->arena, "rj%lld-", g->id);
				html_printf(p->out,
					    "<input type=\"hidden\" name=\"registration_id\" "
					    "value=\"%lld\">",
					    g->id);
				form_error(p, e, reject_fields);
				page_field(p, "reason", "field.grounds",
					   e ? page_input(p, "reason") : NULL, e, 1);
				submit(p, "btn.reject");
				html_printf(p->out, "</details>");
			}
			html_printf(p->out, "</div></td>");
		}
		html_printf(p->out, "</tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
}

static void objection_form(struct page *p, const struct reg_batch *b,
			   const struct registration *regs, size_t n,
			   const struct refusal *r)
{
	static const char *const fields[] = {"institution_id", "filer_name",
					     "filer_contact", "body", NULL};
	const struct app_error *e = ferr(r, "objection", 0);
	const char **vals = arena_alloc(p->req->arena, (n + 1) * sizeof(*vals));
	const char **labels = arena_alloc(p->req->arena, (n + 1) * sizeof(*labels));
	size_t k = 0;

	if (!vals || !labels)
		return;
	for (size_t i = 0; i < n; i++) {
		if (strcmp(regs[i].status, "pending"))
			continue;
		vals[k] = arena_printf(p->req->arena, "%lld", regs[i].institution_id);
		labels[k++] = regs[i].institution_name;
	}
	html_printf(p->out,
		    "<section id=\"objection\" aria-labelledby=\"objection-h\">"
		    "<h2 id=\"objection-h\">%s</h2><p>%s</p>",
		    T(p, "objection.title"), T(p, "objection.intro"));
	page_form(p,
		  arena_printf(p->req->arena, "/registry/batches/%lld/objections", b->id),
		  "form");
	p->idp = "ob-";
	form_error(p, e, fields);
	page_select_text(p, "institution_id", "field.objection_institution", vals, labels,
			 k, typed(p, r, "objection", "institution_id", NULL), 1, e);
	page_field(p, "filer_name", "field.filer_name",
		   typed(p, r, "objection", "filer_name", NULL), e, 1);
	page_field_ex(p, NULL, "filer_contact", "field.filer_contact",
		      typed(p, r, "objection", "filer_contact", NULL),
		      "objection.contact_hint", e, 1);
	page_textarea(p, "body", "field.objection_body",
		      typed(p, r, "objection", "body", NULL), e, 1);
	submit(p, "btn.object");
	html_printf(p->out, "</section>");
}

static void staff_forms(struct page *p, struct app_ctx *ctx, const struct reg_batch *b,
			const struct refusal *r)
{
	char today[11];
	const struct app_error *e;

	time_today(today, sizeof(today));
	if (!strcmp(b->status, "decided"))
		return;
	html_printf(p->out, "<h2 id=\"manage\">%s</h2><div class=\"panels\">",
		    T(p, "batch.manage"));
	if (!strcmp(b->status, "open")) {
		static const char *const add_fields[] = {"registration_id", NULL};
		static const char *const notice_fields[] = {"start", NULL};
		const char **vals, **labels;
		size_t n = unbatched(p, ctx, &vals, &labels);

		e = ferr(r, "add", 0);
		html_printf(p->out,
			    "<section class=\"panel\"><h3>%s</h3><p class=\"hint\">%s</p>",
			    T(p, "batch.add_title"), T(p, "batch.add_hint"));
		form_error(p, e, add_fields);
		if (n) {
			page_form(p,
				  arena_printf(p->req->arena,
					       "/registry/batches/%lld/add", b->id),
				  "plain");
			p->idp = "ad-";
			page_select_text(p, "registration_id", "field.application", vals,
					 labels, n,
					 typed(p, r, "add", "registration_id", NULL), 0, e);
			submit(p, "btn.add_one");
		}
		page_form(p,
			  arena_printf(p->req->arena, "/registry/batches/%lld/add", b->id),
			  "plain");
		html_printf(p->out,
			    "<button type=\"submit\" class=\"%s\">%s</button></form></section>",
			    n ? "secondary" : "", T(p, "btn.add_all"));
		e = ferr(r, "notice", 0);
		page_form(p,
			  arena_printf(p->req->arena, "/registry/batches/%lld/notice", b->id),
			  "form panel");
		p->idp = "no-";
		html_printf(p->out, "<h3>%s</h3><p class=\"hint\">",
			    T(p, "batch.notice_title"));
		page_count(p, "batch.notice_hint", b->notice_days);
		html_printf(p->out, "</p>");
		form_error(p, e, notice_fields);
		page_field_ex(p, "date", "start", "field.notice_start",
			      typed(p, r, "notice", "start", today), NULL, e, 1);
		submit(p, "btn.start_notice");
	}
	if (!strcmp(b->status, "under_notice")) {
		static const char *const fields[] = {"approval_doc", "approval_date", NULL};

		e = ferr(r, "decide", 0);
		page_form(p,
			  arena_printf(p->req->arena, "/registry/batches/%lld/decide", b->id),
			  "form panel");
		p->idp = "de-";
		html_printf(p->out, "<h3>%s</h3><p class=\"hint\">%s</p>",
			    T(p, "batch.decide_title"), T(p, "batch.decide_hint"));
		form_error(p, e, fields);
		page_field_ex(p, NULL, "approval_doc", "field.approval_doc",
			      typed(p, r, "decide", "approval_doc", NULL),
			      "batch.doc_hint", e, 1);
		page_field_ex(p, "date", "approval_date", "field.approval_date",
			      typed(p, r, "decide", "approval_date", today), NULL, e, 1);
		submit(p, "btn.decide");
	}
	html_printf(p->out, "</div>");
}

static const char *const resolutions[] = {"dismissed", "upheld", NULL};

static void objections(struct page *p, const struct objection *o, size_t n,
		       const struct refusal *r)
{
	static const char *const fields[] = {"outcome", "resolution", NULL};

	html_printf(p->out, "<h2 id=\"objections\">%s</h2>", T(p, "batch.objections"));
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "batch.no_objections"));
		return;
	}
	html_printf(p->out, "<ul class=\"records objections\">");
	for (size_t i = 0; i < n; i++) {
		const struct objection *x = &o[i];
		const struct app_error *e = ferr(r, "resolve", x->id);

		html_printf(p->out, "<li><div class=\"line\"><strong>%s</strong> ",
			    x->institution_name ? x->institution_name : "");
		page_badge(p, "objection.status.", x->status);
		html_printf(p->out,
			    "</div><p class=\"meta\">%s · %s · %s</p><blockquote>%s</blockquote>",
			    x->filer_name, x->filer_contact, page_when(p, x->filed_at),
			    x->body);
		if (strcmp(x->status, "open")) {
			html_printf(p->out,
				    "<p><strong>%s</strong> %s <span class=\"meta\">%s</span></p>",
				    T(p, "field.resolution"),
				    x->resolution ? x->resolution : "",
				    page_when(p, x->resolved_at));
		} else {
			page_form(p,
				  arena_printf(p->req->arena,
					       "/registry/batches/%lld/objections/resolve",
					       x->batch_id),
				  "form compact");
			p->idp = arena_printf(p->req->arena, "rs%lld-", x->id);
			html_printf(p->out,
				    "<input type=\"hidden\" name=\"objection_id\" value=\"%lld\">",
				    x->id);
			form_error(p, e, fields);
			page_select(p, "outcome", "field.outcome", resolutions,
				    "objection.status.",
				    e ? page_input(p, "outcome") : NULL, 0, e);
			page_field(p, "resolution", "field.resolution",
				   e ? page_input(p, "resolution") : NULL, e, 1);
			submit(p, "btn.resolve");
		}
		html_printf(p->out, "</li>");
	}
	html_printf(p->out, "</ul>");
}

/* Where the form of that name is on the page (an id). */
static const char *form_anchor(const char *name)
{
	static const char *const map[][2] = {
		{"add", "manage"},         {"notice", "manage"},
		{"decide", "manage"},      {"reject", "list"},
		{"remove", "list"},        {"objection", "objection"},
		{"resolve", "objections"},
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], name))
			return map[i][1];
	return "main";
}

static void batch_page(struct page *p, long long id, const struct refusal *r)
{
	struct app_ctx ctx;
	struct app_error err;
	struct reg_batch b;
	struct registration *regs;
	struct objection *objs;
	size_t nregs, nobjs;
	bool staff, running;
	char today[11];

	page_ctx(p, &ctx);
	if (app_batch_get(&ctx, id, &b, &regs, &nregs, &objs, &nobjs, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	staff = app_can(&ctx, PERM_REGISTRY_DECIDE);
	time_today(today, sizeof(today));
	running = !strcmp(b.status, "under_notice") && b.notice_start && b.notice_end &&
		  strcmp(today, b.notice_start) >= 0 && strcmp(today, b.notice_end) <= 0;
	page_begin(p, b.title);
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/registry/batches\">%s</a>"
		    "</nav><div class=\"titlebar\"><div class=\"titlehead\"><h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "batch.list_title"), b.title);
	page_badge(p, "batch.status.", b.status);
	html_printf(p->out, "</div></div>");
	if (!r)
		done_notice(p);
	else
		page_error_summary(p, r->err, form_anchor(r->form));
	if (!strcmp(b.status, "under_notice")) {
		html_printf(p->out, "<div class=\"callout%s\"><p><strong>%s</strong> ",
			    running ? "" : " ended", T(p, "field.notice_period"));
		period(p, &b);
		html_printf(p->out, "</p><p>%s</p></div>",
			    T(p, running ? "batch.notice_running" : "batch.notice_ended"));
	}
	batch_facts(p, &b);
	applications(p, &b, regs, nregs, staff, r);
	if (staff) {
		objections(p, objs, nobjs, r);
		staff_forms(p, &ctx, &b, r);
	}
	if (running && nregs)
		objection_form(p, &b, regs, nregs, r);
	page_end(p);
}

void page_batch(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.batches");
	if (!id) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	batch_page(&p, id, NULL);
}

/* Ends a batch action: back to the batch, or its page with the refusal. */
static void finish(struct page *p, int rc, const struct app_error *err, long long id,
		   const char *form, long long row, const char *anchor)
{
	struct refusal r = {form, row, err};

	if (rc == APP_OK) {
		http_redirect(p->resp, arena_printf(p->req->arena,
						    "/registry/batches/%lld?done=%s%s%s",
						    id, form, *anchor ? "#" : "", anchor));
		return;
	}
	if (err->status == APP_RATE_LIMITED && err->retry_after > 0)
		http_set_header(p->resp, "Retry-After",
				arena_printf(p->req->arena, "%lld", err->retry_after));
	if (err->status != APP_INVALID && err->status != APP_CONFLICT &&
	    err->status != APP_RATE_LIMITED) {
		page_fail(p, err);
		return;
	}
	p->resp->status = err->status == APP_CONFLICT       ? 409
			  : err->status == APP_RATE_LIMITED ? 429
							    : 422;
	batch_page(p, id, &r);
}

/* Sets up a batch action; 0 after answering 404. */
static long long begin(struct http_req *req, struct http_resp *resp, struct page *p,
		       struct app_ctx *ctx)
{
	long long id = page_param_id(req, 0);

	page_init(p, req, resp, "nav.batches");
	page_ctx(p, ctx);
	if (!id)
		page_error(req, resp, 404, "not_found");
	return id;
}

void page_batch_add(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = begin(req, resp, &p, &ctx);
	int added, rc;

	if (!id)
		return;
	/* no application named: every pending one */
	rc = app_batch_add(&ctx, id, page_form_id(&p, "registration_id"), &added, &err);
	finish(&p, rc, &err, id, "add", 0, "list");
}

void page_batch_remove(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = begin(req, resp, &p, &ctx), reg;
	int rc;

	if (!id)
		return;
	reg = page_form_id(&p, "registration_id");
	rc = app_batch_remove(&ctx, id, reg, &err);
	finish(&p, rc, &err, id, "remove", reg, "list");
}

void page_batch_reject(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct reg_batch b;
	struct registration *regs;
	struct objection *objs;
	size_t nregs, nobjs;
	long long id = begin(req, resp, &p, &ctx), reg;
	bool listed = false;
	int rc;

	if (!id)
		return;
	if (!app_can(&ctx, PERM_REGISTRY_DECIDE)) {
		err = (struct app_error){APP_FORBIDDEN, NULL, "err.forbidden", NULL, 0};
		page_fail(&p, &err);
		return;
	}
	/* only an application of this batch is rejected from its page */
	reg = page_form_id(&p, "registration_id");
	if (app_batch_get(&ctx, id, &b, &regs, &nregs, &objs, &nobjs, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	for (size_t i = 0; i < nregs; i++)
		listed = listed || regs[i].id == reg;
	if (!listed) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	rc = app_registration_reject(&ctx, reg, page_value(&p, "reason"), &err);
	finish(&p, rc, &err, id, "reject", reg, "list");
}

void page_batch_notice(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = begin(req, resp, &p, &ctx);
	int rc;

	if (!id)
		return;
	rc = app_batch_notice(&ctx, id, page_value(&p, "start"), &err);
	finish(&p, rc, &err, id, "notice", 0, "list");
}

void page_batch_decide(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = begin(req, resp, &p, &ctx);
	int approved, rc;

	if (!id)
		return;
	rc = app_batch_decide(&ctx, id, page_value(&p, "approval_doc"),
			      page_value(&p, "approval_date"), &approved, &err);
	finish(&p, rc, &err, id, "decide", 0, "list");
}

void page_objection_file(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = begin(req, resp, &p, &ctx), oid, inst;
	int rc;

	if (!id)
		return;
	inst = page_form_id(&p, "institution_id");
	if (!inst) {
		err = (struct app_error){APP_INVALID, "institution_id",
					 "objection.not_listed", NULL, 0};
		finish(&p, APP_INVALID, &err, id, "objection", 0, "");
		return;
	}
	rc = app_objection_file(&ctx, id, inst, page_value(&p, "filer_name"),
				page_value(&p, "filer_contact"), page_value(&p, "body"),
				&oid, &err);
	finish(&p, rc, &err, id, "objection", 0, "");
}

void page_objection_resolve(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct reg_batch b;
	struct registration *regs;
	struct objection *objs;
	size_t nregs, nobjs;
	long long id = begin(req, resp, &p, &ctx), oid;
	const char *outcome;
	bool listed = false;
	int rc;

	if (!id)
		return;
	if (!app_can(&ctx, PERM_REGISTRY_DECIDE)) {
		err = (struct app_error){APP_FORBIDDEN, NULL, "err.forbidden", NULL, 0};
		page_fail(&p, &err);
		return;
	}
	oid = page_form_id(&p, "objection_id");
	if (app_batch_get(&ctx, id, &b, &regs, &nregs, &objs, &nobjs, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	for (size_t i = 0; i < nobjs; i++)
		listed = listed || objs[i].id == oid;
	if (!listed) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	outcome = page_value(&p, "outcome");
	if (strcmp(outcome, "upheld") && strcmp(outcome, "dismissed")) {
		err = (struct app_error){APP_INVALID, "outcome", "val.action.invalid",
					 NULL, 0};
		finish(&p, APP_INVALID, &err, id, "resolve", oid, "");
		return;
	}
	rc = app_objection_resolve(&ctx, oid, !strcmp(outcome, "upheld"),
				   page_value(&p, "resolution"), &err);
	finish(&p, rc, &err, id, "resolve", oid, "objections");
}
