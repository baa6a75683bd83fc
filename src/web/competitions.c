/*
 * competitions.c - skills competitions (职业技能竞赛) as pages.
 *
 * /competitions lists them by year and tier for everyone (a draft only to
 * its organiser), with the form of a new one for whoever may organise.
 * /competitions/{id} shows one: its organisers, document and events, the
 * confirmed entrants (names masked as on the public results pages), and
 * to those who may act, their forms: the organiser uploads a new version
 * of the document and adds events while it is a draft, moves it on,
 * confirms or refuses entries and appoints judges; an institution's staff
 * nominate its contestants while entries are open. app/ decides; a refusal
 * comes back beside its field with what was typed kept.
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

#define DOC_MAX (512 * 1024)

/* Which form was refused and why. */
struct refusal {
	const char *form;
	const struct app_error *err;
};

static const struct app_error *ferr(const struct refusal *r, const char *form)
{
	return r && r->err && !strcmp(r->form, form) ? r->err : NULL;
}

static const char *typed(struct page *p, const struct refusal *r, const char *form,
			 const char *name)
{
	return ferr(r, form) ? page_input(p, name) : NULL;
}

/* The refusal no field of the form shows (fields: NULL-terminated). */
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

static const char *const *tier_codes(struct page *p)
{
	const char **v = arena_alloc(p->req->arena, (COMP_TIER_COUNT + 1) * sizeof(*v));

	for (int t = 0; t < COMP_TIER_COUNT; t++)
		v[t] = comp_tier_name((enum comp_tier)t);
	v[COMP_TIER_COUNT] = NULL;
	return v;
}

/* The document fields: an embedded one to choose, or a file; the parser's
 * reason (the path of what is wrong) under them when it was refused. */
static void document_fields(struct page *p, const struct app_error *err, const char *chosen)
{
	const char *const *codes = app_comp_document_codes();
	const char **values, **labels;
	size_t n = 0;

	while (codes[n])
		n++;
	values = arena_alloc(p->req->arena, (n + 1) * sizeof(*values));
	labels = arena_alloc(p->req->arena, (n + 1) * sizeof(*labels));
	values[0] = "";
	labels[0] = T(p, "competition.document_upload");
	for (size_t i = 0; i < n; i++)
		values[i + 1] = labels[i + 1] = codes[i];
	page_select_text(p, "document_code", "competition.document_code", values, labels,
			 n + 1, chosen, 0, err);
	page_field_ex(p, "file", "document", "competition.document_file", NULL,
		      "competition.document_hint", err, 0);
	if (err && err->detail && err->msg && !strcmp(err->msg, "competition.doc.invalid"))
		html_printf(p->out, "<p class=\"error\" id=\"document-reason\">%s</p>",
			    err->detail);
}

/* A refusal made here (a form field that is not what app/ takes). */
static int refuse(struct app_error *err, const char *field, const char *msg)
{
	memset(err, 0, sizeof(*err));
	err->status = APP_INVALID;
	err->field = field;
	err->msg = msg;
	return APP_INVALID;
}

/* ---- the list ---- */

static void list_page(struct page *p, const struct refusal *r)
{
	static const char *const fields[] = {
		"name",         "tier",          "year",      "organiser_id",
		"coorganisers", "approval_doc",  "starts_on", "ends_on",
		"venue",        "document_code", "document",  NULL};
	struct app_ctx ctx;
	struct app_error err;
	struct competition *items;
	size_t n;
	long long year = 0;
	const char *y = http_query(p->req, "year"), *tier = http_query(p->req, "tier");
	const struct app_error *fe = ferr(r, "create");

	if (y && *y)
		str_to_ll(y, 2000, 2100, &year);
	page_ctx(p, &ctx);
	if (app_comp_list(&ctx, (int)year, tier ? tier : "", &items, &n, &err) != APP_OK) {
		page_fail(p, &err);
		return;
	}
	page_begin(p, T(p, "nav.competitions"));
	html_printf(p->out,
		    "<h1>%s</h1><p class=\"lead\">%s</p><form class=\"search\" method=\"get\" "
		    "action=\"/competitions\">",
		    T(p, "nav.competitions"), T(p, "competition.intro"));
	page_field_ex(p, "number", "year", "field.year", y, NULL, NULL, 0);
	page_select(p, "tier", "competition.tier", tier_codes(p), "comp.tier.", tier, 1,
		    NULL);
	html_printf(p->out, "<button type=\"submit\">%s</button></form>",
		    T(p, "apply.filter"));
	if (app_can(&ctx, PERM_COMP_MANAGE)) {
		page_details(p, "disclose", "form-create", fe != NULL,
			     "competition.new_title");
		page_form_upload(p, "/competitions", "form");
		p->idp = "cc-";
		form_error(p, fe, fields);
		page_field(p, "name", "competition.name", typed(p, r, "create", "name"),
			   fe, 1);
		page_select(p, "tier", "competition.tier", tier_codes(p), "comp.tier.",
			    typed(p, r, "create", "tier"), 0, fe);
		page_field_ex(p, "number", "year", "field.year",
			      typed(p, r, "create", "year"), NULL, fe, 1);
		page_institution_select(p, "organiser_id", "competition.organiser",
					PERM_COMP_MANAGE, "competition.organiser_center",
					typed(p, r, "create", "organiser_id"), fe);
		page_field_ex(p, NULL, "coorganisers", "competition.coorganisers",
			      typed(p, r, "create", "coorganisers"),
			      "competition.coorganisers_hint", fe, 0);
		page_field(p, "approval_doc", "competition.approval_doc",
			   typed(p, r, "create", "approval_doc"), fe, 0);
		page_field_ex(p, "date", "starts_on", "competition.starts_on",
			      typed(p, r, "create", "starts_on"), NULL, fe, 1);
		page_field_ex(p, "date", "ends_on", "competition.ends_on",
			      typed(p, r, "create", "ends_on"), NULL, fe, 1);
		page_field(p, "venue", "competition.venue",
			   typed(p, r, "create", "venue"), fe, 0);
		document_fields(p, fe, typed(p, r, "create", "document_code"));
		submit(p, "btn.create");
		html_printf(p->out, "</details>");
	}
	if (!n) {
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "competition.none"));
		page_end(p);
		return;
	}
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack\" id=\"competitions\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(p, "competition.name"), T(p, "competition.tier"),
		    T(p, "field.year"), T(p, "competition.organiser"),
		    T(p, "competition.dates"), T(p, "field.status"));
	for (size_t i = 0; i < n; i++) {
		const struct competition *x = &items[i];

		html_printf(p->out,
			    "<tr><td data-label=\"%s\"><a href=\"/competitions/%lld\">%s</a></td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%d</td>"
			    "<td data-label=\"%s\">%s</td><td data-label=\"%s\">%s – %s</td>"
			    "<td data-label=\"%s\">",
			    T(p, "competition.name"), x->id, x->name,
			    T(p, "competition.tier"),
			    T(p, arena_printf(p->req->arena, "comp.tier.%s", x->tier)),
			    T(p, "field.year"), x->year, T(p, "competition.organiser"),
			    *x->organiser_name ? x->organiser_name
					       : T(p, "competition.organiser_center"),
			    T(p, "competition.dates"), x->starts_on, x->ends_on,
			    T(p, "field.status"));
		page_badge(p, "competition.status.", x->status);
		if (!strcmp(x->status, "final"))
			html_printf(p->out, " <a href=\"/competitions/%lld/results\">%s</a>",
				    x->id, T(p, "cmark.results"));
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
	page_end(p);
}

void page_competitions(struct http_req *req, struct http_resp *resp)
{
	struct page p;

	page_init(&p, req, resp, "nav.competitions");
	list_page(&p, NULL);
}

/* "3, 5" -> ids; false when a part is not a positive id. */
static bool id_list(struct page *p, const char *text, long long *ids, size_t max, size_t *n)
{
	char *copy = arena_strdup(p->req->arena, text), *save = NULL;

	*n = 0;
	for (char *t = strtok_r(copy, ",，、 ", &save); t;
	     t = strtok_r(NULL, ",，、 ", &save)) {
		long long v;

		if (str_to_ll(t, 1, 1LL << 62, &v) || *n >= max)
			return false;
		ids[(*n)++] = v;
	}
	return true;
}

/* The document of a form: the uploaded file's text ("" when none). */
static const char *uploaded(struct page *p)
{
	const char *data, *name;
	size_t len;

	if (!http_form_file(p->req, "document", &data, &len, &name) || !len || len > DOC_MAX)
		return "";
	return arena_strndup(p->req->arena, data, len);
}

void page_competition_create(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_input in;
	long long id = 0, co[16], year = 0;
	size_t nco = 0;
	int rc;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	memset(&err, 0, sizeof(err));
	in.name = page_value(&p, "name");
	in.tier = page_value(&p, "tier");
	str_to_ll(page_value(&p, "year"), 0, 9999, &year);
	in.year = (int)year;
	in.organiser_id = page_form_id(&p, "organiser_id");
	in.approval_doc = page_value(&p, "approval_doc");
	in.starts_on = page_value(&p, "starts_on");
	in.ends_on = page_value(&p, "ends_on");
	in.venue = page_value(&p, "venue");
	in.document_code = page_value(&p, "document_code");
	in.document = uploaded(&p);
	if (!id_list(&p, page_value(&p, "coorganisers"), co, 16, &nco)) {
		rc = refuse(&err, "coorganisers", "competition.coorganiser");
	} else {
		in.coorganisers = co;
		in.ncoorganisers = nco;
		rc = app_comp_create(&ctx, &in, &id, &err);
	}
	if (rc == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/competitions/%lld?done=create", id));
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	{
		struct refusal r = {"create", &err};

		p.resp->status = page_refusal_status(err.status);
		list_page(&p, &r);
	}
}

/* ---- one competition ---- */

static const struct competition_event *event_of(const struct comp_detail *d, long long id)
{
	for (size_t i = 0; i < d->nevents; i++)
		if (d->events[i].id == id)
			return &d->events[i];
	return NULL;
}

static const char *event_label(struct page *p, const struct competition_event *e)
{
	return arena_printf(p->req->arena, "%s %s（%s）", e->occupation_code,
			    e->occupation_name,
			    T(p, arena_printf(p->req->arena, "comp.group.%s", e->grp)));
}

/* A select of the competition's events. */
static void event_select(struct page *p, const struct comp_detail *d,
			 const char *selected, const struct app_error *err)
{
	const char **values = arena_alloc(p->req->arena, (d->nevents + 1) * sizeof(*values));
	const char **labels = arena_alloc(p->req->arena, (d->nevents + 1) * sizeof(*labels));

	for (size_t i = 0; i < d->nevents; i++) {
		values[i] = arena_printf(p->req->arena, "%lld", d->events[i].id);
		labels[i] = event_label(p, &d->events[i]);
	}
	page_select_text(p, "event_id", "competition.event", values, labels, d->nevents,
			 selected, 1, err);
}

static void entries_of(struct page *p, const struct comp_detail *d,
		       const struct competition_event *e, const struct refusal *r)
{
	size_t shown = 0;
	const struct app_error *fe = ferr(r, "decide");
	long long refused_row = fe ? page_form_id(p, "entry_id") : 0;

	for (size_t k = 0; k < d->nentries; k++)
		shown += d->entries[k].event_id == e->id;
	if (!shown) {
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "competition.no_entrants"));
		return;
	}
	html_printf(p->out,
		    "<div class=\"table\"><table class=\"stack entrants\"><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "</tr></thead><tbody>",
		    T(p, "competition.entrant"), T(p, "competition.institution"),
		    T(p, "field.status"));
	for (size_t k = 0; k < d->nentries; k++) {
		const struct competition_entry *n = &d->entries[k];
		bool first = true;

		if (n->event_id != e->id)
			continue;
		html_printf(p->out, "<tr id=\"entry-%lld\"><td data-label=\"%s\">", n->id,
			    T(p, "competition.entrant"));
		for (size_t m = 0; m < d->nentrants; m++)
			if (d->entrants[m].entry_id == n->id) {
				html_printf(p->out, "%s%s", first ? "" : "、",
					    d->entrants[m].name);
				first = false;
			}
		html_printf(p->out,
			    "</td><td data-label=\"%s\">%s</td><td data-label=\"%s\">",
			    T(p, "competition.institution"), n->institution_name,
			    T(p, "field.status"));
		page_badge(p, "competition.entry.status.", n->status);
		if (*n->reason)
			html_printf(p->out, "<br><span class=\"hint\">%s</span>", n->reason);
		if (d->manage && !strcmp(n->status, "nominated")) {
			const struct app_error *rowerr = refused_row == n->id ? fe : NULL;

			page_form(p,
				  arena_printf(p->req->arena,
					       "/competitions/%lld/entries/decide",
					       d->comp.id),
				  "form inline");
			p->idp = arena_printf(p->req->arena, "d%lld-", n->id);
			html_printf(p->out,
				    "<input type=\"hidden\" name=\"entry_id\" value=\"%lld\">",
				    n->id);
			page_field(p, "reason", "competition.refuse_reason",
				   rowerr ? page_input(p, "reason") : NULL, rowerr, 0);
			form_error(p, rowerr, (const char *const[]){"reason", NULL});
			html_printf(p->out,
				    "<div class=\"actions\"><button type=\"submit\" name=\"decision\" "
				    "value=\"confirm\">%s</button><button type=\"submit\" "
				    "name=\"decision\" value=\"refuse\" class=\"secondary\">%s</button>"
				    "</div></form>",
				    T(p, "competition.confirm"),
				    T(p, "competition.refuse"));
			p->idp = NULL;
		}
		html_printf(p->out, "</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
}

static void judges_of(struct page *p, const struct comp_detail *d,
		      const struct competition_event *e)
{
	bool any = false;

	for (size_t k = 0; k < d->njudges; k++) {
		const struct competition_judge *j = &d->judges[k];

		if (j->event_id != e->id)
			continue;
		if (!any)
			html_printf(p->out, "<h4>%s</h4><ul class=\"judges\">",
				    T(p, "competition.judges"));
		any = true;
		html_printf(p->out, "<li>%s · %s", j->name,
			    T(p, arena_printf(p->req->arena, "competition.role.%s",
					      j->role)));
		if (*j->override_note)
			html_printf(p->out, " <span class=\"hint\">%s %s：%s</span>",
				    T(p, "competition.override_by"), j->override_by,
				    j->override_note);
		html_printf(p->out, "</li>");
	}
	if (any)
		html_printf(p->out, "</ul>");
}

static void detail_page(struct page *p, const struct comp_detail *d, const struct refusal *r)
{
	const struct competition *x = &d->comp;
	const char *done = http_query(p->req, "done");
	int st = -1;
	const char *const *sts = app_comp_statuses();
	static const char *const next_action[] = {"open", "close", "mark", "notice",
						  "final"};

	for (int i = 0; sts[i]; i++)
		if (!strcmp(sts[i], x->status))
			st = i;
	page_begin(p, x->name);
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/competitions\">%s</a></nav>"
		    "<h1>%s</h1>",
		    T(p, "nav.crumbs"), T(p, "nav.competitions"), x->name);
	if (done && !r)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "competition.done"));
	html_printf(p->out,
		    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%d</dd>",
		    T(p, "competition.tier"),
		    T(p, arena_printf(p->req->arena, "comp.tier.%s", x->tier)),
		    T(p, "field.year"), x->year);
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "competition.organiser"),
		    *x->organiser_name ? x->organiser_name
				       : T(p, "competition.organiser_center"));
	if (d->ncoorganisers) {
		html_printf(p->out, "<dt>%s</dt><dd>", T(p, "competition.coorganisers"));
		for (size_t i = 0; i < d->ncoorganisers; i++)
			html_printf(p->out, "%s%s", i ? "、" : "", d->coorganisers[i].name);
		html_printf(p->out, "</dd>");
	}
	html_printf(p->out,
		    "<dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s – %s</dd><dt>%s</dt><dd>%s</dd>"
		    "<dt>%s</dt><dd>",
		    T(p, "competition.approval_doc"),
		    *x->approval_doc ? x->approval_doc : "—", T(p, "competition.dates"),
		    x->starts_on, x->ends_on, T(p, "competition.venue"),
		    *x->venue ? x->venue : "—", T(p, "field.status"));
	page_badge(p, "competition.status.", x->status);
	html_printf(p->out,
		    "</dd><dt>%s</dt><dd>%s · %s %d <span class=\"hint digest\">SHA-256 "
		    "%s</span></dd></dl>",
		    T(p, "competition.document"), x->doc_code,
		    T(p, "competition.version"), x->doc_version, x->doc_digest);

	/* the organiser: the next step */
	if (d->manage && st >= 0 && st < 5) {
		const struct app_error *fe = ferr(r, "act");

		page_form(p, arena_printf(p->req->arena, "/competitions/%lld/act", x->id),
			  "form inline");
		html_printf(p->out, "<input type=\"hidden\" name=\"action\" value=\"%s\">",
			    next_action[st]);
		form_error(p, fe, (const char *const[]){NULL});
		submit(p, arena_printf(p->req->arena, "competition.action.%s",
				       next_action[st]));
	}

	if (st >= 4 || (d->manage && st == 3))
		html_printf(p->out, "<p><a href=\"/competitions/%lld/results\">%s</a></p>",
			    x->id, T(p, "competition.results"));
	html_printf(p->out, "<h2 id=\"events\">%s</h2>", T(p, "competition.events"));
	if (!d->nevents)
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "competition.no_events"));
	for (size_t i = 0; i < d->nevents; i++) {
		const struct competition_event *e = &d->events[i];

		html_printf(p->out, "<section class=\"event\" id=\"event-%lld\"><h3>%s</h3>",
			    e->id, event_label(p, e));
		html_printf(p->out, "<p class=\"hint\">%s",
			    T(p, e->team_size > 1 ? "competition.team"
						  : "competition.individual"));
		if (e->team_size > 1)
			html_printf(p->out, " %d", e->team_size);
		if (e->quota_institution)
			html_printf(p->out, " · %s %d",
				    T(p, "competition.quota_institution"),
				    e->quota_institution);
		if (e->quota_province)
			html_printf(p->out, " · %s %d",
				    T(p, "competition.quota_province"), e->quota_province);
		if (e->min_age || e->max_age)
			html_printf(p->out, " · %s %d–%d", T(p, "competition.ages"),
				    e->min_age, e->max_age);
		html_printf(p->out, "</p>");
		entries_of(p, d, e, r);
		judges_of(p, d, e);
		if (d->manage && st >= 3)
			html_printf(p->out,
				    "<p><a class=\"button secondary\" "
				    "href=\"/competition-events/%lld/marks\">%s</a></p>",
				    e->id, T(p, "competition.marking"));
		html_printf(p->out, "</section>");
	}

	/* an institution nominates while entries are open */
	if (d->enter && st == 1 && d->nevents) {
		static const char *const fields[] = {"event_id", "institution_id",
						     "person_ids", "override_note", NULL};
		const struct app_error *fe = ferr(r, "nominate");

		html_printf(p->out, "<h2 id=\"nominate\">%s</h2>",
			    T(p, "competition.nominate"));
		page_form(p,
			  arena_printf(p->req->arena, "/competitions/%lld/entries", x->id),
			  "form");
		p->idp = "en-";
		form_error(p, fe, fields);
		event_select(p, d, typed(p, r, "nominate", "event_id"), fe);
		page_institution_select(p, "institution_id", "competition.institution",
					PERM_COMP_ENTER, "competition.choose",
					typed(p, r, "nominate", "institution_id"), fe);
		page_field_ex(p, NULL, "person_ids", "competition.person_ids",
			      typed(p, r, "nominate", "person_ids"),
			      "competition.person_ids_hint", fe, 1);
		/* a judge of the event who must stand aside from a contestant:
		 * let stay for this one only with a supervisor's reason */
		page_field_ex(p, NULL, "override_note", "competition.override_note",
			      typed(p, r, "nominate", "override_note"),
			      "competition.override_note_hint", fe, 0);
		submit(p, "competition.nominate");
	}
	if (!d->manage) {
		page_end(p);
		return;
	}
	/* the organiser: judges until marking starts */
	if (st <= 2 && d->nevents) {
		static const char *const fields[] = {"event_id", "person_id", "role",
						     "override_note", NULL};
		static const char *const roles[] = {"chief_judge", "judge", NULL};
		const struct app_error *fe = ferr(r, "judge");

		html_printf(p->out, "<h2 id=\"judge\">%s</h2>", T(p, "competition.appoint"));
		page_form(p,
			  arena_printf(p->req->arena, "/competitions/%lld/judges", x->id),
			  "form");
		p->idp = "jd-";
		form_error(p, fe, fields);
		event_select(p, d, typed(p, r, "judge", "event_id"), fe);
		page_field_ex(p, "number", "person_id", "competition.person_id",
			      typed(p, r, "judge", "person_id"),
			      "competition.person_id_hint", fe, 1);
		page_select(p, "role", "competition.role", roles, "competition.role.",
			    typed(p, r, "judge", "role"), 0, fe);
		page_field_ex(p, NULL, "override_note", "competition.override_note",
			      typed(p, r, "judge", "override_note"),
			      "competition.override_note_hint", fe, 0);
		submit(p, "competition.appoint");
	}
	if (st == 0) {
		static const char *const efields[] = {"occupation_code",
						      "group",
						      "quota_institution",
						      "quota_province",
						      "min_age",
						      "max_age",
						      NULL};
		static const char *const groups[] = {"employee",     "student",
						     "teacher",      "senior",
						     "intermediate", NULL};
		static const char *const dfields[] = {"document_code", "document", NULL};
		const struct app_error *fe = ferr(r, "event");

		html_printf(p->out, "<h2 id=\"event\">%s</h2>",
			    T(p, "competition.add_event"));
		page_form(p,
			  arena_printf(p->req->arena, "/competitions/%lld/events", x->id),
			  "form");
		p->idp = "ev-";
		form_error(p, fe, efields);
		page_field(p, "occupation_code", "competition.occupation_code",
			   typed(p, r, "event", "occupation_code"), fe, 1);
		page_select(p, "group", "competition.group", groups, "comp.group.",
			    typed(p, r, "event", "group"), 0, fe);
		page_field_ex(p, "number", "quota_institution",
			      "competition.quota_institution",
			      typed(p, r, "event", "quota_institution"),
			      "competition.zero_none", fe, 0);
		page_field_ex(p, "number", "quota_province", "competition.quota_province",
			      typed(p, r, "event", "quota_province"),
			      "competition.zero_none", fe, 0);
		page_field_ex(p, "number", "min_age", "competition.min_age",
			      typed(p, r, "event", "min_age"), "competition.zero_none",
			      fe, 0);
		page_field_ex(p, "number", "max_age", "competition.max_age",
			      typed(p, r, "event", "max_age"), "competition.zero_none",
			      fe, 0);
		submit(p, "competition.add_event");

		fe = ferr(r, "document");
		html_printf(p->out, "<h2 id=\"document\">%s</h2>",
			    T(p, "competition.new_version"));
		page_form_upload(p,
				 arena_printf(p->req->arena,
					      "/competitions/%lld/document", x->id),
				 "form");
		p->idp = "dc-";
		form_error(p, fe, dfields);
		document_fields(p, fe, typed(p, r, "document", "document_code"));
		submit(p, "competition.upload");
	}
	if (d->ndocs) {
		html_printf(p->out, "<h2>%s</h2><ul class=\"versions\">",
			    T(p, "competition.versions"));
		for (size_t i = 0; i < d->ndocs; i++)
			html_printf(p->out, "<li>%s %d · %s · %s</li>",
				    T(p, "competition.version"), d->docs[i].version,
				    d->docs[i].code, page_when(p, d->docs[i].created_at));
		html_printf(p->out, "</ul>");
	}
	page_end(p);
}

static void forbid(struct page *p)
{
	struct app_error err;

	refuse(&err, NULL, "err.forbidden");
	err.status = APP_FORBIDDEN;
	page_fail(p, &err);
}

static struct comp_detail *load(struct page *p, struct app_ctx *ctx)
{
	struct app_error err;
	struct comp_detail *d = arena_alloc(p->req->arena, sizeof(*d));
	long long id = page_param_id(p->req, 0);

	if (!id || !d) {
		page_error(p->req, p->resp, 404, "not_found");
		return NULL;
	}
	if (app_comp_get(ctx, id, d, &err) != APP_OK) {
		page_fail(p, &err);
		return NULL;
	}
	return d;
}

void page_competition(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct comp_detail *d;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if ((d = load(&p, &ctx)))
		detail_page(&p, d, NULL);
}

/* Ends an action: back to the competition, or it again with the refusal. */
static void finish(struct page *p, struct app_ctx *ctx, int rc,
		   const struct app_error *err, const char *form)
{
	struct refusal r = {form, err};
	struct comp_detail *d;

	if (rc == APP_OK) {
		http_redirect(p->resp,
			      arena_printf(p->req->arena, "/competitions/%lld?done=%s#%s",
					   page_param_id(p->req, 0), form,
					   !strcmp(form, "decide") || !strcmp(form, "act")
						   ? "events"
						   : form));
		return;
	}
	if (err->status != APP_INVALID && err->status != APP_CONFLICT) {
		page_fail(p, err);
		return;
	}
	if (!(d = load(p, ctx)))
		return;
	p->resp->status = page_refusal_status(err->status);
	detail_page(p, d, &r);
}

void page_competition_act(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	int rc;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	rc = app_comp_act(&ctx, page_param_id(req, 0), page_value(&p, "action"), &err);
	finish(&p, &ctx, rc, &err, "act");
}

void page_competition_document(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	int rc, version;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	rc = app_comp_document(&ctx, page_param_id(req, 0), page_value(&p, "document_code"),
			       uploaded(&p), &version, &err);
	finish(&p, &ctx, rc, &err, "document");
}

static int int_field(struct page *p, const char *name)
{
	long long v = 0;
	const char *s = page_value(p, name);

	if (*s && str_to_ll(s, -1000000, 1000000, &v))
		return -1;
	return (int)v;
}

void page_competition_event(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_event_input in;
	long long id;
	int rc;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	in.occupation_code = page_value(&p, "occupation_code");
	in.group = page_value(&p, "group");
	in.quota_institution = int_field(&p, "quota_institution");
	in.quota_province = int_field(&p, "quota_province");
	in.min_age = int_field(&p, "min_age");
	in.max_age = int_field(&p, "max_age");
	rc = app_comp_event_add(&ctx, page_param_id(req, 0), &in, &id, &err);
	finish(&p, &ctx, rc, &err, "event");
}

void page_competition_nominate(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_detail *d;
	long long ids[4], entry, event = 0;
	size_t n = 0;
	int rc;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (!(d = load(&p, &ctx)))
		return;
	memset(&err, 0, sizeof(err));
	event = page_form_id(&p, "event_id");
	/* an event of this competition only */
	if (!event_of(d, event))
		rc = refuse(&err, "event_id", "competition.event_unknown");
	else if (!id_list(&p, page_value(&p, "person_ids"), ids, 4, &n))
		rc = refuse(&err, "person_ids", "competition.entry.not_member");
	else
		rc = app_comp_nominate(&ctx, event, page_form_id(&p, "institution_id"), ids,
				       n, page_value(&p, "override_note"), &entry, &err);
	/* only a supervisor may sign a recusal off: say so next to the note */
	if (rc == APP_FORBIDDEN && err.field && !strcmp(err.field, "override_note"))
		err.status = APP_CONFLICT;
	finish(&p, &ctx, rc, &err, "nominate");
}

void page_competition_decide(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_detail *d;
	long long entry;
	bool listed = false;
	int rc;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (!(d = load(&p, &ctx)))
		return;
	if (!d->manage) {
		forbid(&p);
		return;
	}
	entry = page_form_id(&p, "entry_id");
	for (size_t i = 0; i < d->nentries; i++)
		listed = listed || d->entries[i].id == entry;
	if (!listed) {
		page_error(req, resp, 404, "not_found");
		return;
	}
	rc = app_comp_decide(&ctx, entry, !strcmp(page_value(&p, "decision"), "confirm"),
			     page_value(&p, "reason"), &err);
	finish(&p, &ctx, rc, &err, "decide");
}

void page_competition_judge(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_detail *d;
	long long event, judge;
	const char *note;
	int rc;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (!(d = load(&p, &ctx)))
		return;
	if (!d->manage) {
		forbid(&p);
		return;
	}
	event = page_form_id(&p, "event_id");
	note = page_value(&p, "override_note");
	if (!event_of(d, event)) {
		rc = refuse(&err, "event_id", "competition.event_unknown");
	} else {
		rc = app_comp_appoint(&ctx, event, page_form_id(&p, "person_id"),
				      page_value(&p, "role"), *note ? note : NULL, &judge,
				      &err);
	}
	/* only a supervisor may sign a recusal off: say so next to the note */
	if (rc == APP_FORBIDDEN && err.field && !strcmp(err.field, "override_note"))
		err.status = APP_CONFLICT;
	finish(&p, &ctx, rc, &err, "judge");
}
