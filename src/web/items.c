/* items.c - the item bank of theory exams (题库, issue 19): the items of
 * a bank with the form to write one, and one item with the step its
 * status allows (change and submit a draft, review, approve, revise,
 * retire). app/item.c has the rules and checks who. */
#include <jansson.h>
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

static const char *const kinds[] = {"single", "multi", "tf", NULL};
static const char *const statuses[] = {"draft",      "submitted", "reviewed", "approved",
				       "superseded", "retired",   NULL};
static const char *const letters[] = {"a", "b", "c", "d", "e", "f", "g", "h"};
static const char *const upper[] = {"A", "B", "C", "D", "E", "F", "G", "H"};

/* The first max characters of a stem (UTF-8), with "…" when cut. */
static const char *excerpt(struct arena *a, const char *s, size_t max)
{
	size_t i = 0, chars = 0;

	while (s[i] && chars < max) {
		i++;
		while ((s[i] & 0xC0) == 0x80)
			i++;
		chars++;
	}
	return s[i] ? arena_printf(a, "%.*s…", (int)i, s) : s;
}

/* The content fields of the form into in (blank options dropped). */
static void content_of(struct page *p, struct item_input *in)
{
	in->kind = page_value(p, "kind");
	in->point = page_value(p, "point");
	in->stem = page_value(p, "stem");
	in->key = page_value(p, "key");
	in->explanation = page_value(p, "explanation");
	in->noptions = 0;
	for (int i = 0; i < ITEM_MAX_OPTIONS; i++) {
		const char *o = page_value(p, arena_printf(p->req->arena, "option_%s",
							   letters[i]));

		if (*o)
			in->options[in->noptions++] = o;
	}
}

/* The content fields, filled from x (or the form after a refusal). */
static void content_fields(struct page *p, const struct exam_item_row *x,
			   const struct app_error *ferr)
{
	json_t *opts = x ? json_loads(x->options, 0, NULL) : NULL;
	char key[ITEM_MAX_OPTIONS + 1] = "";

	if (x) {
		struct item it = {.kind = item_kind_parse(x->kind),
				  .key = (unsigned)x->answer_key,
				  .noptions = (int)json_array_size(opts)};

		item_key_letters(&it, key);
	}
	page_select(p, "kind", "items.kind", kinds, "items.kind.",
		    ferr ? page_input(p, "kind")
		    : x  ? x->kind
			 : "single",
		    0, ferr);
	page_field_ex(p, NULL, "point", "items.point",
		      ferr ? page_input(p, "point")
		      : x  ? x->point
			   : "",
		      "items.point_hint", ferr, 1);
	page_textarea(p, "stem", "items.stem",
		      ferr ? page_input(p, "stem")
		      : x  ? x->stem
			   : "",
		      ferr, 1);
	html_printf(p->out,
		    "<fieldset class=\"options\"><legend>%s</legend><p class=\"hint\">%s</p>",
		    T(p, "items.options"), T(p, "items.options_hint"));
	for (int i = 0; i < ITEM_MAX_OPTIONS; i++) {
		const char *name = arena_printf(p->req->arena, "option_%s", letters[i]);
		json_t *o = json_array_get(opts, (size_t)i);

		html_printf(p->out,
			    "<div class=\"field\"><label for=\"%s\">%s</label>"
			    "<input id=\"%s\" name=\"%s\" value=\"%s\"></div>",
			    name, upper[i], name, name,
			    ferr ? page_input(p, name)
			    : o  ? json_string_value(o)
				 : "");
	}
	html_printf(p->out, "</fieldset>");
	page_field_ex(p, NULL, "key", "items.key", ferr ? page_input(p, "key") : key,
		      "items.key_hint", ferr, 1);
	page_textarea(p, "explanation", "items.explanation",
		      ferr ? page_input(p, "explanation")
		      : x  ? x->explanation
			   : "",
		      ferr, 0);
	json_decref(opts);
}

static void list_page(struct page *p, const struct app_error *ferr)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_item_filter f;
	struct exam_item_row *xs = NULL;
	size_t n = 0;
	long long lv = 0;

	page_ctx(p, &ctx);
	if (!app_can(&ctx, PERM_ITEM_WRITE)) {
		page_fail_status(p, 403, "err.forbidden");
		return;
	}
	memset(&f, 0, sizeof(f));
	if (str_to_ll(page_input(p, "institution_id"), 1, 1LL << 62, &f.institution_id)) {
		/* none chosen: every bank for the whole network's, else the
		 * first institution the actor writes items for */
		const struct actor *a = page_actor(p);

		f.institution_id = -1;
		for (size_t i = 0; i < a->ngrants; i++)
			if (role_has(a->grants[i].role, PERM_ITEM_WRITE) &&
			    (f.institution_id < 0 || !a->grants[i].institution_id))
				f.institution_id = a->grants[i].institution_id;
		if (f.institution_id < 0)
			f.institution_id = 0;
	}
	if (!str_to_ll(page_input(p, "level"), 1, 5, &lv))
		f.level = (int)lv;
	f.occupation_code = page_value(p, "occupation_code");
	f.status = page_value(p, "status");
	f.limit = 200;
	page_begin(p, T(p, "items.title"));
	html_printf(p->out, "<h1>%s</h1><p class=\"hint\">%s</p>", T(p, "items.title"),
		    T(p, "items.lead"));
	/* the filter: GET, so the list can be bookmarked */
	html_printf(p->out, "<form method=\"get\" action=\"/items\" class=\"filters\">");
	p->idp = "q-"; /* the form to write an item has the same fields */
	page_institution_select(
		p, "institution_id", "items.institution", PERM_ITEM_WRITE, "items.any_bank",
		f.institution_id ? arena_printf(p->req->arena, "%lld", f.institution_id) : "",
		NULL);
	page_field(p, "occupation_code", "items.occupation",
		   page_input(p, "occupation_code"), NULL, 0);
	page_field_ex(p, "number", "level", "items.level", page_input(p, "level"), NULL,
		      NULL, 0);
	page_select(p, "status", "items.status", statuses, "items.status.",
		    page_input(p, "status"), 1, NULL);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "items.filter"));
	p->idp = NULL;
	if (ferr)
		page_error_summary(p, ferr, "add");
	if (app_items(&ctx, &f, &xs, &n, &err) != APP_OK) {
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    T(p, err.msg));
	} else if (!n) {
		html_printf(p->out, "<p>%s</p>", T(p, "items.none"));
	} else {
		html_printf(p->out,
			    "<div class=\"table\"><table id=\"items\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
			    "<th scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "items.ref"), T(p, "items.occupation"),
			    T(p, "items.kind"), T(p, "items.point"), T(p, "items.stem"),
			    T(p, "items.status"), T(p, "items.author"));
		for (size_t i = 0; i < n; i++) {
			html_printf(p->out,
				    "<tr data-item=\"%lld\"><td><a href=\"/items/%lld\">%s v%d</a></td>"
				    "<td>%s · %d</td><td>%s</td><td>%s</td><td>%s</td><td>",
				    xs[i].id, xs[i].id, xs[i].ref, xs[i].version,
				    xs[i].occupation_code, xs[i].level,
				    T(p, arena_printf(p->req->arena, "items.kind.%s",
						      xs[i].kind)),
				    xs[i].point, excerpt(p->req->arena, xs[i].stem, 40));
			page_badge(p, "items.status.", xs[i].status);
			html_printf(p->out, "</td><td>%s</td></tr>", xs[i].author);
		}
		html_printf(p->out, "</tbody></table></div>");
	}
	html_printf(p->out, "<h2 id=\"add\">%s</h2>", T(p, "items.add"));
	page_form(p, "/items", "form");
	page_form_error(p, ferr);
	page_institution_select(p, "institution_id", "items.institution", PERM_ITEM_WRITE,
				"items.choose_bank",
				ferr ? page_input(p, "institution_id") : "", ferr);
	page_field_ex(p, NULL, "occupation_code", "items.occupation",
		      ferr ? page_input(p, "occupation_code") : "",
		      "items.occupation_hint", ferr, 1);
	page_field_ex(p, "number", "level", "items.level",
		      ferr ? page_input(p, "level") : "", NULL, ferr, 1);
	page_field_ex(p, NULL, "ref", "items.ref", ferr ? page_input(p, "ref") : "",
		      "items.ref_hint", ferr, 1);
	content_fields(p, NULL, ferr);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>", T(p, "items.add"));
	page_end(p);
}

/* GET /items */
void page_items(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.items");
	list_page(&p, NULL);
}

/* POST /items */
void page_items_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct item_input in;
	long long id = 0, lv = 0;

	page_init(&p, req, resp, "nav.items");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	in.institution_id = page_form_id(&p, "institution_id");
	in.occupation_code = page_value(&p, "occupation_code");
	in.level = str_to_ll(page_value(&p, "level"), 0, 99, &lv) ? 0 : (int)lv;
	in.ref = page_value(&p, "ref");
	content_of(&p, &in);
	if (app_item_create(&ctx, &in, &id, &err) != APP_OK) {
		if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
			page_fail(&p, &err);
			return;
		}
		resp->status = page_refusal_status(err.status);
		list_page(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena, "/items/%lld", id));
}

/* The item's statistics from the marked attempts (issue 19), when any. */
static void item_stats(struct page *p, struct app_ctx *ctx, long long id)
{
	static const char *const flags[] = {"few", "hard", "easy", "poor"};
	struct exam_item_stat_row st;
	struct app_error err;
	bool known = false;
	char pv[16], rv[16];

	if (app_item_stat(ctx, id, &st, &known, &err) != APP_OK || !known)
		return;
	snprintf(pv, sizeof(pv), "%.3f", st.p_milli / 1000.0);
	if (st.has_r)
		snprintf(rv, sizeof(rv), "%.3f", st.r_milli / 1000.0);
	else
		snprintf(rv, sizeof(rv), "—");
	html_printf(p->out, "<dt>%s</dt><dd id=\"stats\">%s %d · %s %s · %s %s",
		    T(p, "items.stats"), T(p, "items.stats.attempts"), st.attempts,
		    T(p, "items.stats.p"), pv, T(p, "items.stats.r"), rv);
	for (int i = 0; i < 4; i++)
		if (st.flags & (1u << i))
			html_printf(p->out, " <span class=\"badge\">%s</span>",
				    T(p, arena_printf(p->req->arena,
						      "items.stats.flag.%s", flags[i])));
	html_printf(p->out, "</dd>");
}

static void item_page(struct page *p, long long id, const struct app_error *ferr)
{
	struct app_ctx ctx;
	struct app_error err;
	struct exam_item_row x;
	json_t *opts;
	char key[ITEM_MAX_OPTIONS + 1];
	const char *base = arena_printf(p->req->arena, "/items/%lld", id);
	const char *me;

	page_ctx(p, &ctx);
	if (app_item_get(&ctx, id, &x, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	me = page_actor(p)->username;
	opts = json_loads(x.options, 0, NULL);
	{
		struct item it = {.kind = item_kind_parse(x.kind),
				  .key = (unsigned)x.answer_key,
				  .noptions = (int)json_array_size(opts)};

		item_key_letters(&it, key);
	}
	page_begin(p, T(p, "items.title"));
	html_printf(p->out,
		    "<p><a href=\"/items?institution_id=%lld\">%s</a></p>"
		    "<h1>%s %s v%d</h1>",
		    x.institution_id, T(p, "items.title"), T(p, "items.one"), x.ref,
		    x.version);
	page_badge(p, "items.status.", x.status);
	page_error_summary(p, ferr, "step");
	html_printf(p->out,
		    "<dl id=\"item\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s · %d</dd>"
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd class=\"stem\">%s</dd><dt>%s</dt><dd><ol type=\"A\">",
		    T(p, "items.institution"), x.institution_name, T(p, "items.occupation"),
		    x.occupation_code, x.level, T(p, "items.kind"),
		    T(p, arena_printf(p->req->arena, "items.kind.%s", x.kind)),
		    T(p, "items.point"), x.point, T(p, "items.stem"), x.stem,
		    T(p, "items.options"));
	for (size_t i = 0; i < json_array_size(opts); i++)
		html_printf(p->out, "<li>%s</li>",
			    json_string_value(json_array_get(opts, i)));
	html_printf(p->out,
		    "</ol></dd><dt>%s</dt><dd id=\"key\">%s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>%s</dd>",
		    T(p, "items.key"), x.answer_key < 0 ? T(p, "items.key_hidden") : key,
		    T(p, "items.explanation"), x.explanation, T(p, "items.author"),
		    x.author);
	if (*x.reviewer)
		html_printf(p->out, "<dt>%s</dt><dd>%s %s</dd>", T(p, "items.reviewer"),
			    x.reviewer, page_when(p, x.reviewed_at));
	if (*x.review_note)
		html_printf(p->out, "<dt>%s</dt><dd id=\"note\">%s</dd>",
			    T(p, "items.note"), x.review_note);
	if (*x.approver)
		html_printf(p->out, "<dt>%s</dt><dd>%s %s</dd>", T(p, "items.approver"),
			    x.approver, page_when(p, x.approved_at));
	if (*x.retire_reason)
		html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "items.reason"),
			    x.retire_reason);
	if (x.supersedes)
		html_printf(p->out, "<dt>%s</dt><dd><a href=\"/items/%lld\">#%lld</a></dd>",
			    T(p, "items.supersedes"), x.supersedes, x.supersedes);
	item_stats(p, &ctx, id);
	html_printf(p->out, "</dl><section id=\"step\">");
	json_decref(opts);
	/* the step the status allows, to those it is for (app/ checks again) */
	if (!strcmp(x.status, "draft") && !strcmp(x.author, me)) {
		html_printf(p->out, "<h2>%s</h2>", T(p, "items.edit"));
		page_form(p, arena_printf(p->req->arena, "%s/edit", base), "form");
		page_form_error(p, ferr);
		content_fields(p, &x, ferr);
		html_printf(p->out, "<button type=\"submit\">%s</button></form>",
			    T(p, "items.save"));
		page_button(p, arena_printf(p->req->arena, "%s/submit", base),
			    "items.submit", NULL);
	} else if (!strcmp(x.status, "submitted") && strcmp(x.author, me)) {
		static const char *const decisions[] = {"pass", "return", NULL};

		html_printf(p->out, "<h2>%s</h2>", T(p, "items.review"));
		page_form(p, arena_printf(p->req->arena, "%s/review", base), "form");
		page_form_error(p, ferr);
		page_select(p, "decision", "items.decision", decisions, "items.decision.",
			    ferr ? page_input(p, "decision") : "", 0, ferr);
		page_textarea(p, "note", "items.note", ferr ? page_input(p, "note") : "",
			      ferr, 0);
		html_printf(p->out, "<button type=\"submit\">%s</button></form>",
			    T(p, "items.review"));
	} else if (!strcmp(x.status, "reviewed") && strcmp(x.author, me) &&
		   strcmp(x.reviewer, me)) {
		page_button(p, arena_printf(p->req->arena, "%s/approve", base),
			    "items.approve", NULL);
	} else if (!strcmp(x.status, "approved")) {
		page_button(p, arena_printf(p->req->arena, "%s/revise", base),
			    "items.revise", NULL);
		html_printf(p->out, "<h2>%s</h2>", T(p, "items.retire"));
		page_form(p, arena_printf(p->req->arena, "%s/retire", base), "form");
		page_form_error(p, ferr);
		page_field(p, "reason", "items.reason",
			   ferr ? page_input(p, "reason") : "", ferr, 1);
		html_printf(p->out,
			    "<button type=\"submit\" class=\"danger\">%s</button></form>",
			    T(p, "items.retire"));
	}
	html_printf(p->out, "</section>");
	page_end(p);
}

/* GET /items/{id} */
void page_item(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.items");

	if (id)
		item_page(&p, id, NULL);
}

/* Ends a step: back to the item, or the item again with the refusal. */
static void step_done(struct page *p, long long id, enum app_status rc,
		      const struct app_error *err, long long go)
{
	if (rc == APP_OK) {
		http_redirect(p->resp,
			      arena_printf(p->req->arena, "/items/%lld", go ? go : id));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	p->resp->status = page_refusal_status(err->status);
	item_page(p, id, err);
}

/* POST /items/{id}/edit */
void page_item_edit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct item_input in;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.items");

	if (!id)
		return;
	memset(&in, 0, sizeof(in));
	content_of(&p, &in);
	step_done(&p, id, app_item_edit(&ctx, id, &in, &err), &err, 0);
}

/* POST /items/{id}/submit */
void page_item_submit(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.items");

	if (id)
		step_done(&p, id, app_item_submit(&ctx, id, &err), &err, 0);
}

/* POST /items/{id}/review {decision, note} */
void page_item_review(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	const char *d;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.items");
	enum app_status rc;

	if (!id)
		return;
	d = page_value(&p, "decision");
	if (strcmp(d, "pass") && strcmp(d, "return")) {
		memset(&err, 0, sizeof(err));
		err.status = APP_INVALID;
		err.field = "decision";
		err.msg = "val.item.decision";
		rc = APP_INVALID;
	} else {
		rc = app_item_review(&ctx, id, !strcmp(d, "pass"), page_value(&p, "note"),
				     &err);
	}
	step_done(&p, id, rc, &err, 0);
}

/* POST /items/{id}/approve */
void page_item_approve(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.items");

	if (id)
		step_done(&p, id, app_item_approve(&ctx, id, &err), &err, 0);
}

/* POST /items/{id}/revise: to the new version */
void page_item_revise(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.items"), nid = 0;

	if (id)
		step_done(&p, id, app_item_revise(&ctx, id, &nid, &err), &err, nid);
}

/* POST /items/{id}/retire {reason} */
void page_item_retire(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_open_id(&p, &ctx, req, resp, "nav.items");

	if (id)
		step_done(&p, id, app_item_retire(&ctx, id, page_value(&p, "reason"), &err),
			  &err, 0);
}
