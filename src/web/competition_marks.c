/*
 * competition_marks.c - marking a competition and its results, as pages.
 *
 * /competition-events/{id}/marks is the marking sheet of one module (or
 * the theory) of an event: one row per entry and aspect, a measurement's
 * value or the chosen judge's 0-3 with a re-mark's note. With JavaScript
 * (static/competitions.js) Enter moves down and each row is saved on its
 * own (POST …/marks/row answers JSON: saved, a spread still to resolve, or
 * the refusal beside the field); without, the sheet is one form that saves
 * every changed row and comes back with each refusal beside its row. A
 * locked module's rows are read-only. Below: the chief judge's lock (its
 * refusal names the aspect and the marks), the corrections (filed by the
 * chief judge, decided by the organiser), and the import of a CIS-style
 * sheet (a dry run's problems by row and column, then one transaction).
 *
 * /competitions/{id}/results: the results as computed (place, names — masked
 * for the public —, institution, total, standardised score, award, titles),
 * the notice's window and its appeal form; to the organiser the appeals and
 * the computed promotions with the rule that gave each.
 */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "web/layout.h"
#include "web/web.h"

#define IMPORT_MAX (8 * 1024 * 1024)

/* A refusal's text: a rule's (naming the aspect and marks) or the key's. */
static const char *why_text(struct page *p, const struct app_error *err,
			    const struct comp_refusal *why)
{
	return comp_refusal_for(p->req->arena, p->lang, why, err->msg);
}

/* One row's refusal, by entry and aspect. */
struct row_err {
	long long entry;
	const char *aspect, *text, *value, *note;
};

/* What a page shows besides the sheet: the refusals of a save, of the
 * lock, of a correction, and an import's report. */
struct extra {
	struct row_err *rows;
	size_t nrows;
	const char *lock_err, *corr_err, *corr_field, *import_err;
	const struct comp_import_report *rep;
	bool saved;
};

static const char *entry_names(struct page *p, const struct comp_sheet *s, long long entry)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	for (size_t m = 0; m < s->nentrants; m++)
		if (s->entrants[m].entry_id == entry) {
			if (b.len)
				buf_puts(&b, "、");
			buf_puts(&b, s->entrants[m].name);
		}
	buf_putc(&b, '\0');
	out = arena_strdup(p->req->arena, b.data ? b.data : "");
	buf_release(&b);
	return out;
}

static const struct row_err *row_err(const struct extra *x, long long entry,
				     const char *aspect)
{
	for (size_t i = 0; x && i < x->nrows; i++)
		if (x->rows[i].entry == entry && !strcmp(x->rows[i].aspect, aspect))
			return &x->rows[i];
	return NULL;
}

/* The three judges' marks of a judgement, when all are in and they spread
 * by more than 1: the rule's text. */
static const char *spread_text(struct page *p, const struct comp_sheet *s,
			       long long entry, const struct comp_aspect *a)
{
	int m[3], n = 0, out;
	struct comp_refusal r;
	struct app_error e;

	for (size_t i = 0; i < s->nmarks && n < 3; i++)
		if (s->marks[i].entry_id == entry && s->marks[i].judge_id &&
		    !strcmp(s->marks[i].aspect, a->code))
			m[n++] = s->marks[i].marks;
	memset(&r, 0, sizeof(r));
	if (n < 3 || !comp_mark_judgement(a, m, &out, &r))
		return NULL;
	e.msg = r.key;
	return why_text(p, &e, &r);
}

static const char *module_of(struct page *p, const struct comp_sheet *s)
{
	const char *m = http_query(p->req, "module");

	if (!m)
		m = page_value(p, "module");
	if (m && *m && !strcmp(m, "theory"))
		return "theory";
	if (m && *m && !strcmp(m, "time"))
		return "time";
	for (size_t i = 0; m && i < s->doc.nmodules; i++)
		if (!strcmp(s->doc.modules[i].code, m))
			return s->doc.modules[i].code;
	return s->doc.nmodules ? s->doc.modules[0].code : "theory";
}

/* The judge whose marks the sheet enters: the actor's own, or the one the
 * organiser chose (?judge=); 0 when none. */
static long long judge_of(struct page *p, const struct comp_sheet *s)
{
	const char *q = http_query(p->req, "judge");
	long long j = 0;

	if (s->judge_id)
		return s->judge_id;
	if (!q || !*q)
		q = page_value(p, "judge");
	if (q && *q && str_to_ll(q, 1, 1LL << 62, &j))
		j = 0;
	for (size_t i = 0; i < s->njudges; i++)
		if (s->judges[i].id == j && !strcmp(s->judges[i].role, "judge"))
			return j;
	return 0;
}

static const char *kind_key(const struct comp_aspect *a)
{
	return a->kind == COMP_ASPECT_JUDGEMENT ? "cmark.kind.judgement"
	       : a->kind == COMP_ASPECT_BANDS   ? "cmark.kind.bands"
						: "cmark.kind.full";
}

static void sheet_row(struct page *p, const struct comp_sheet *s, const struct extra *x,
		      long long entry, const struct comp_aspect *a, long long judge,
		      bool locked)
{
	bool judgement = a->kind == COMP_ASPECT_JUDGEMENT;
	long long jid = judgement ? judge : 0;
	const struct competition_mark *m =
		judgement && !judge ? NULL : app_comp_mark_of(s, entry, a->code, jid);
	const struct row_err *re = row_err(x, entry, a->code);
	const char *value = re && re->value ? re->value : m ? m->value : "";
	/* the earlier re-mark's note is shown as text: the field takes a new
	 * one (a change of a complete aspect needs its own note) */
	const char *note = re && re->note ? re->note : "";
	const char *prior = m ? m->note : "";
	const char *msg = re ? re->text : judgement ? spread_text(p, s, entry, a) : NULL;
	bool off = locked || (judgement && !judge);

	html_printf(p->out,
		    "<tr data-row data-entry=\"%lld\" data-aspect=\"%s\" data-judge=\"%lld\" "
		    "id=\"row-%lld-%s\" class=\"%s\"><th scope=\"row\">%s <span "
		    "class=\"hint\">#%lld</span></th><td>%s <span class=\"hint\">%s</span></td>",
		    entry, a->code, jid, entry, a->code,
		    locked ? "locked"
		    : re   ? "bad"
			   : "",
		    entry_names(p, s, entry), entry, a->code, T(p, kind_key(a)));
	html_printf(p->out,
		    "<td><input data-col=\"value\" name=\"v-%lld-%s\" value=\"%s\" "
		    "inputmode=\"decimal\" autocomplete=\"off\" aria-label=\"%s %s #%lld\" "
		    "aria-invalid=\"%s\"%s></td>",
		    entry, a->code, value, T(p, "cmark.value"), a->code, entry,
		    re ? "true" : "false", off ? " readonly" : "");
	html_printf(p->out, "<td>");
	if (*prior)
		html_printf(p->out, "<span class=\"hint\">%s</span>", prior);
	html_printf(p->out,
		    "<input data-col=\"note\" name=\"n-%lld-%s\" value=\"%s\" "
		    "autocomplete=\"off\" aria-label=\"%s %s #%lld\"%s></td>",
		    entry, a->code, note, T(p, "cmark.note"), a->code, entry,
		    off || !judgement ? " readonly" : "");
	html_printf(p->out, "<td class=\"msg%s\" aria-live=\"polite\">%s</td></tr>",
		    re || msg ? " error" : "",
		    re    ? re->text
		    : msg ? msg
			  : "");
}

static void theory_row(struct page *p, const struct comp_sheet *s, const struct extra *x,
		       long long entry, bool locked)
{
	const struct row_err *re = row_err(x, entry, "theory");
	const char *value = re && re->value ? re->value : "";
	char text[16] = "";

	for (size_t i = 0; !re && i < s->ntheory; i++)
		if (s->theory[i].entry_id == entry)
			snprintf(text, sizeof(text), "%d.%02d", s->theory[i].score / 100,
				 s->theory[i].score % 100);
	if (!re)
		value = text;
	html_printf(p->out,
		    "<tr data-row data-entry=\"%lld\" data-aspect=\"theory\" data-judge=\"0\" "
		    "id=\"row-%lld-theory\" class=\"%s\"><th scope=\"row\">%s <span class=\"hint\">#%lld</span></th><td>%s</td>"
		    "<td><input data-col=\"value\" name=\"v-%lld-theory\" value=\"%s\" "
		    "inputmode=\"decimal\" autocomplete=\"off\" aria-label=\"%s #%lld\"%s></td>"
		    "<td></td><td class=\"msg%s\" aria-live=\"polite\">%s</td></tr>",
		    entry, entry,
		    locked ? "locked"
		    : re   ? "bad"
			   : "",
		    entry_names(p, s, entry), entry, T(p, "cmark.theory"), entry, value,
		    T(p, "cmark.theory"), entry, locked ? " readonly" : "",
		    re ? " error" : "", re ? re->text : "");
}

/* The time an entry used (0029): seconds, shown as minutes:seconds. */
static void time_row(struct page *p, const struct comp_sheet *s, const struct extra *x,
		     long long entry, bool locked)
{
	const struct row_err *re = row_err(x, entry, "time");
	const char *value = re && re->value ? re->value : "";
	char text[32] = "";

	for (size_t i = 0; !re && i < s->ntimes; i++)
		if (s->times[i].entry_id == entry)
			snprintf(text, sizeof(text), "%d:%02d", s->times[i].seconds / 60,
				 s->times[i].seconds % 60);
	if (!re)
		value = text;
	html_printf(p->out,
		    "<tr data-row data-entry=\"%lld\" data-aspect=\"time\" data-judge=\"0\" "
		    "id=\"row-%lld-time\" class=\"%s\"><th scope=\"row\">%s <span "
		    "class=\"hint\">#%lld</span></th><td>%s <span class=\"hint\">%s</span></td>"
		    "<td><input data-col=\"value\" name=\"v-%lld-time\" value=\"%s\" "
		    "inputmode=\"text\" pattern=\"[0-9]+(:[0-9]{2}){0,2}\" "
		    "placeholder=\"12:34\" autocomplete=\"off\" aria-label=\"%s #%lld\" "
		    "aria-invalid=\"%s\"%s></td><td></td><td class=\"msg%s\" "
		    "aria-live=\"polite\">%s</td></tr>",
		    entry, entry,
		    locked ? "locked"
		    : re   ? "bad"
			   : "",
		    entry_names(p, s, entry), entry, T(p, "cmark.time"),
		    T(p, "cmark.time_hint"), entry, value, T(p, "cmark.time"), entry,
		    re ? "true" : "false", locked ? " readonly" : "", re ? " error" : "",
		    re ? re->text : "");
}

static void module_nav(struct page *p, const struct comp_sheet *s, const char *module,
		       long long judge)
{
	html_printf(p->out, "<nav class=\"tabs\" aria-label=\"%s\"><ul>",
		    T(p, "cmark.module"));
	for (size_t i = 0; i <= s->doc.nmodules; i++) {
		const char *code = i < s->doc.nmodules ? s->doc.modules[i].code : "theory";

		html_printf(p->out,
			    "<li><a href=\"/competition-events/%lld/marks?module=%s&amp;"
			    "judge=%lld\" aria-current=\"%s\">%s%s%s</a></li>",
			    s->event.id, code, judge,
			    !strcmp(code, module) ? "page" : "false",
			    i < s->doc.nmodules ? T(p, "cmark.module") : "",
			    i < s->doc.nmodules ? " " : "",
			    i < s->doc.nmodules ? code : T(p, "cmark.theory"));
	}
	html_printf(p->out,
		    "<li><a href=\"/competition-events/%lld/marks?module=time&amp;judge=%lld\" "
		    "aria-current=\"%s\">%s</a></li></ul></nav>",
		    s->event.id, judge, !strcmp(module, "time") ? "page" : "false",
		    T(p, "cmark.time"));
}

static void judge_chooser(struct page *p, const struct comp_sheet *s, const char *module,
			  long long judge)
{
	html_printf(p->out,
		    "<form class=\"form inline\" method=\"get\" "
		    "action=\"/competition-events/%lld/marks\"><input type=\"hidden\" "
		    "name=\"module\" value=\"%s\"><div class=\"field\"><label for=\"f-judge\">"
		    "%s</label><select id=\"f-judge\" name=\"judge\"><option value=\"\">%s"
		    "</option>",
		    s->event.id, module, T(p, "cmark.judge"), T(p, "cmark.choose_judge"));
	for (size_t i = 0; i < s->njudges; i++)
		if (!strcmp(s->judges[i].role, "judge"))
			html_printf(p->out, "<option value=\"%lld\"%s>%s</option>",
				    s->judges[i].id,
				    s->judges[i].id == judge ? " selected" : "",
				    s->judges[i].name);
	html_printf(p->out,
		    "</select></div><div class=\"actions\"><button type=\"submit\" "
		    "class=\"secondary\">%s</button></div></form>",
		    T(p, "cmark.show"));
}

static void corrections(struct page *p, const struct comp_sheet *s, const struct extra *x,
			const char *module)
{
	bool locked = app_comp_locked(s, module);

	html_printf(p->out, "<h2 id=\"corrections\">%s</h2>", T(p, "cmark.corrections"));
	if (!s->ncorrections)
		html_printf(p->out, "<p class=\"empty\">%s</p>",
			    T(p, "cmark.no_corrections"));
	else
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack\"><thead><tr><th "
			    "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
			    "</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead>"
			    "<tbody>",
			    T(p, "cmark.entry"), T(p, "cmark.aspect"), T(p, "cmark.value"),
			    T(p, "cmark.reason"), T(p, "field.status"));
	for (size_t i = 0; i < s->ncorrections; i++) {
		const struct competition_correction *k = &s->corrections[i];

		html_printf(p->out,
			    "<tr><td>#%lld</td><td>%s</td><td>%s</td><td>%s <span "
			    "class=\"hint\">%s</span></td><td>",
			    k->entry_id, k->aspect, k->value, k->reason, k->filed_by);
		page_badge(p, "cmark.correction.", k->status);
		if (s->manage && !strcmp(k->status, "open")) {
			page_form(p,
				  arena_printf(p->req->arena,
					       "/competition-corrections/%lld/decide",
					       k->id),
				  "form inline");
			html_printf(p->out,
				    "<input type=\"hidden\" name=\"module\" value=\"%s\">"
				    "<input type=\"hidden\" name=\"event\" value=\"%lld\">"
				    "<button type=\"submit\" name=\"approve\" value=\"1\">%s</button>"
				    "<button type=\"submit\" name=\"approve\" value=\"0\" "
				    "class=\"secondary\">%s</button></form>",
				    module, s->event.id, T(p, "cmark.approve"),
				    T(p, "cmark.refuse"));
		}
		html_printf(p->out, "</td></tr>");
	}
	if (s->ncorrections)
		html_printf(p->out, "</tbody></table></div>");
	if (!s->chief || !locked || !strcmp(s->comp.status, "final"))
		return;
	html_printf(p->out, "<h3>%s</h3>", T(p, "cmark.correction_file"));
	page_form(p,
		  arena_printf(p->req->arena, "/competition-events/%lld/corrections",
			       s->event.id),
		  "form");
	p->idp = "co-";
	if (x && x->corr_err)
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>", x->corr_err);
	html_printf(p->out, "<input type=\"hidden\" name=\"module\" value=\"%s\">", module);
	/* a measurement names no judge (0); a judgement, any judge of the
	 * event, whoever files it */
	if (strcmp(module, "theory") && strcmp(module, "time")) {
		long long picked = page_form_id(p, "judge_id");

		html_printf(p->out,
			    "<div class=\"field\"><label for=\"co-judge_id\">%s</label>"
			    "<select id=\"co-judge_id\" name=\"judge_id\"><option "
			    "value=\"0\">%s</option>",
			    T(p, "cmark.judge"), T(p, "cmark.no_judge"));
		for (size_t i = 0; i < s->njudges; i++)
			if (!strcmp(s->judges[i].role, "judge"))
				html_printf(p->out, "<option value=\"%lld\"%s>%s</option>",
					    s->judges[i].id,
					    s->judges[i].id == picked ? " selected" : "",
					    s->judges[i].name);
		html_printf(p->out, "</select></div>");
	}
	page_field_ex(p, "number", "entry_id", "cmark.entry", page_input(p, "entry_id"),
		      NULL, NULL, 1);
	page_field_ex(p, NULL, "aspect", "cmark.aspect",
		      strcmp(module, "theory") && strcmp(module, "time")
			      ? page_input(p, "aspect")
			      : module,
		      "cmark.aspect_hint", NULL, 1);
	page_field(p, "value", "cmark.value", page_input(p, "value"), NULL, 1);
	page_field(p, "reason", "cmark.reason", page_input(p, "reason"), NULL, 1);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "cmark.correction_file"));
	p->idp = NULL;
}

static void import_section(struct page *p, const struct comp_sheet *s, const struct extra *x)
{
	const struct comp_import_report *rep = x ? x->rep : NULL;

	html_printf(p->out, "<h2 id=\"import\">%s</h2><p class=\"hint\">%s</p>",
		    T(p, "cmark.import"), T(p, "cmark.import_hint"));
	if (x && x->import_err)
		html_printf(p->out, "<p class=\"error\" role=\"alert\">%s</p>",
			    x->import_err);
	if (rep) {
		html_printf(p->out,
			    "<div id=\"report-h\" tabindex=\"-1\" role=\"status\"><p>");
		page_count(p, "cmark.import_rows", rep->rows);
		html_printf(p->out, " · ");
		page_count(p, "cmark.import_marks", rep->marks);
		html_printf(p->out, "</p><p class=\"%s\">%s</p></div>",
			    rep->nproblems ? "error" : "notice",
			    T(p, rep->committed   ? "cmark.import_committed"
				 : rep->nproblems ? "cmark.import_refused"
						  : "cmark.import_dry"));
	}
	if (rep && rep->nproblems) {
		html_printf(p->out,
			    "<div class=\"table\"><table class=\"stack problems\"><thead><tr>"
			    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
			    "scope=\"col\">%s</th></tr></thead><tbody>",
			    T(p, "cmark.row"), T(p, "cmark.column"), T(p, "cmark.problem"));
		for (size_t i = 0; i < rep->nproblems; i++)
			html_printf(p->out, "<tr><td>%d</td><td>%s</td><td>%s</td></tr>",
				    rep->problems[i].row, rep->problems[i].column,
				    rep->problems[i].text);
		html_printf(p->out, "</tbody></table></div>");
	}
	page_form_upload(p,
			 arena_printf(p->req->arena,
				      "/competition-events/%lld/marks-import", s->event.id),
			 "form");
	p->idp = "im-";
	page_field_ex(p, "file", "file", "cmark.import_file", NULL, NULL, NULL, 1);
	page_checkbox(p, "dry_run", "cmark.dry_run",
		      !rep || rep->nproblems || !rep->committed);
	html_printf(p->out,
		    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
		    T(p, "cmark.import_btn"));
	p->idp = NULL;
}

static void sheet_page(struct page *p, const struct comp_sheet *s, const struct extra *x)
{
	const char *module = module_of(p, s);
	long long judge = judge_of(p, s);
	bool theory = !strcmp(module, "theory");
	bool locked = app_comp_locked(s, module);
	bool marking = !strcmp(s->comp.status, "marking");
	const struct comp_module *mod = NULL;
	bool any_judgement = false;
	bool timed = !strcmp(module, "time");
	/* the theory and the time by the staff or the chief judge; the marks
	 * by the judges and the staff, not the chief judge's own account */
	bool editable = marking && !locked &&
			(theory || timed ? s->chief : !(s->chief && !s->manage));

	for (size_t i = 0; i < s->doc.nmodules; i++)
		if (!strcmp(s->doc.modules[i].code, module))
			mod = &s->doc.modules[i];
	for (size_t k = 0; mod && k < mod->naspects; k++)
		if (mod->aspects[k].kind == COMP_ASPECT_JUDGEMENT)
			any_judgement = true;
	page_begin(p, T(p, "cmark.title"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/competitions\">%s</a>"
		    "<a href=\"/competitions/%lld\">%s</a></nav><h1>%s · %s %s</h1>"
		    "<p class=\"lead\">%s</p>",
		    T(p, "nav.crumbs"), T(p, "nav.competitions"), s->comp.id,
		    s->comp.name, T(p, "cmark.title"), s->event.occupation_name,
		    T(p, arena_printf(p->req->arena, "comp.group.%s", s->event.grp)),
		    T(p, "cmark.intro"));
	if (x && x->saved)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "score.state.saved"));
	module_nav(p, s, module, judge);
	if (x && x->lock_err)
		html_printf(p->out,
			    "<div class=\"error-summary\" role=\"alert\" id=\"lock-error\"><p>%s"
			    "</p></div>",
			    x->lock_err);
	if (!marking)
		html_printf(p->out, "<p class=\"callout\">%s</p>",
			    T(p, "competition.refuse.marking"));
	if (locked)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "cmark.locked"));
	if (any_judgement && s->manage && !s->judge_id)
		judge_chooser(p, s, module, judge);
	html_printf(p->out,
		    "<form class=\"grid\" method=\"post\" novalidate action=\"/competition-events/%lld/marks\" "
		    "data-marks data-row-url=\"/competition-events/%lld/marks/row\" "
		    "data-saving=\"%s\" data-saved=\"%s\" data-failed=\"%s\">"
		    "<input type=\"hidden\" name=\"csrf\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"module\" value=\"%s\">"
		    "<input type=\"hidden\" name=\"judge\" value=\"%lld\">",
		    s->event.id, s->event.id, T(p, "score.state.saving"),
		    T(p, "score.state.saved"), T(p, "score.state.failed"),
		    http_csrf_token(p->req, p->resp), module, judge);
	if (editable && s->nentries)
		html_printf(p->out,
			    "<button type=\"submit\" class=\"vh\" tabindex=\"-1\" "
			    "aria-hidden=\"true\">%s</button>",
			    T(p, "btn.save_all"));
	html_printf(p->out,
		    "<p class=\"hint\">%s</p><div class=\"table\"><table class=\"stack scores "
		    "marks\"><thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s"
		    "</th></tr></thead><tbody>",
		    T(p, "cmark.keys"), T(p, "cmark.entry"), T(p, "cmark.aspect"),
		    T(p, "cmark.value"), T(p, "cmark.note"), T(p, "field.row_state"));
	for (size_t e = 0; e < s->nentries; e++) {
		if (theory)
			theory_row(p, s, x, s->entries[e].id, !editable);
		if (timed)
			time_row(p, s, x, s->entries[e].id, !editable);
		for (size_t k = 0; mod && k < mod->naspects; k++)
			sheet_row(p, s, x, s->entries[e].id, &mod->aspects[k], judge,
				  !editable);
	}
	html_printf(p->out, "</tbody></table></div>");
	if (!s->nentries)
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "cmark.no_entries"));
	if (editable && s->nentries)
		html_printf(p->out,
			    "<div class=\"actions\"><button type=\"submit\">%s</button></div>",
			    T(p, "btn.save_all"));
	html_printf(p->out, "</form>");
	if (s->chief && marking && !locked && s->nentries) {
		page_form(p,
			  arena_printf(p->req->arena, "/competition-events/%lld/lock",
				       s->event.id),
			  "form inline");
		html_printf(p->out,
			    "<input type=\"hidden\" name=\"module\" value=\"%s\">"
			    "<input type=\"hidden\" name=\"judge\" value=\"%lld\">"
			    "<div class=\"actions\"><button type=\"submit\" class=\"secondary\">%s"
			    "</button></div></form>",
			    module, judge, T(p, "cmark.lock"));
	}
	corrections(p, s, x, module);
	if (s->manage && marking)
		import_section(p, s, x);
	html_printf(p->out, "<script src=\"/static/competitions.js\" defer></script>");
	page_end(p);
}

static struct comp_sheet *load_sheet(struct page *p, struct app_ctx *ctx, long long id)
{
	struct app_error err;
	struct comp_sheet *s = arena_alloc(p->req->arena, sizeof(*s));

	if (!id || !s) {
		page_error(p->req, p->resp, 404, "not_found");
		return NULL;
	}
	if (app_comp_sheet(ctx, id, s, &err) != APP_OK) {
		page_fail(p, &err);
		return NULL;
	}
	return s;
}

void page_comp_marks(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct comp_sheet *s;
	struct extra x;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	memset(&x, 0, sizeof(x));
	x.saved = http_query(req, "done") != NULL;
	if ((s = load_sheet(&p, &ctx, page_param_id(req, 0))))
		sheet_page(&p, s, &x);
}

/* A typed value for a redirect's query: percent-encoded. */
static const char *query_value(struct page *p, const char *s)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	str_url_encode(&b, s ? s : "");
	buf_putc(&b, '\0');
	out = arena_strdup(p->req->arena, b.data ? b.data : "");
	buf_release(&b);
	return out;
}

/* Back to the sheet: the module percent-encoded (it may be what was
 * typed), the judge an id or 0. */
static void to_sheet(struct page *p, const char *module, const char *anchor)
{
	long long judge = 0;

	if (str_to_ll(page_value(p, "judge"), 1, 1LL << 62, &judge))
		judge = 0;
	http_redirect(p->resp,
		      arena_printf(p->req->arena,
				   "/competition-events/%lld/marks?module=%s&judge=%lld&done=1%s",
				   page_param_id(p->req, 0), query_value(p, module),
				   judge, anchor));
}

/* Whether v, typed in entry's time row, is the time already stored. */
static bool time_unchanged(const struct comp_sheet *s, long long entry, const char *v)
{
	int seconds;

	if (!app_comp_time_parse(v, &seconds))
		return false;
	for (size_t i = 0; i < s->ntimes; i++)
		if (s->times[i].entry_id == entry)
			return s->times[i].seconds == seconds;
	return false;
}

/* One row: a mark, or (aspect "theory") a theory score. */
static int save_row(struct page *p, struct app_ctx *ctx, long long event, long long entry,
		    const char *aspect, long long judge, const char *value,
		    const char *note, struct comp_refusal *why, struct app_error *err)
{
	struct comp_mark_input in;

	memset(why, 0, sizeof(*why));
	if (!strcmp(aspect, "theory"))
		return app_comp_theory(ctx, event, entry, value, err);
	if (!strcmp(aspect, "time"))
		return app_comp_time(ctx, event, entry, value, "value", err);
	memset(&in, 0, sizeof(in));
	in.entry_id = entry;
	in.aspect = aspect;
	in.judge_id = judge;
	in.value = value;
	in.note = note;
	(void)p;
	return app_comp_mark(ctx, event, &in, why, err);
}

void page_comp_marks_save(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct comp_sheet *s;
	struct extra x;
	const char *module;
	long long id = page_param_id(req, 0), judge;
	const struct comp_module *mod = NULL;
	size_t cap;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (!(s = load_sheet(&p, &ctx, id)))
		return;
	module = module_of(&p, s);
	judge = judge_of(&p, s);
	for (size_t i = 0; i < s->doc.nmodules; i++)
		if (!strcmp(s->doc.modules[i].code, module))
			mod = &s->doc.modules[i];
	memset(&x, 0, sizeof(x));
	cap = s->nentries * (mod ? mod->naspects : 1) + 1;
	x.rows = arena_alloc(req->arena, cap * sizeof(*x.rows));
	for (size_t e = 0; e < s->nentries; e++)
		for (size_t k = 0; k < (mod ? mod->naspects : 1); k++) {
			long long entry = s->entries[e].id;
			const struct comp_aspect *a = mod ? &mod->aspects[k] : NULL;
			const char *code = a ? a->code : module;
			long long j = a && a->kind == COMP_ASPECT_JUDGEMENT ? judge : 0;
			const char *v = page_value(&p, arena_printf(req->arena, "v-%lld-%s",
								    entry, code));
			const char *n = page_value(&p, arena_printf(req->arena, "n-%lld-%s",
								    entry, code));
			const struct competition_mark *m =
				a ? app_comp_mark_of(s, entry, code, j) : NULL;
			struct comp_refusal why;
			struct app_error err;

			if (!*v || (a && a->kind == COMP_ASPECT_JUDGEMENT && !judge))
				continue;
			if (m && !strcmp(m->value, v) && (!*n || !strcmp(m->note, n)))
				continue; /* unchanged (the note field starts empty) */
			if (!a && !strcmp(code, "time") && time_unchanged(s, entry, v))
				continue; /* as stored: no write, no audit record */
			if (save_row(&p, &ctx, id, entry, code, j, v, n, &why, &err) == APP_OK)
				continue;
			x.rows[x.nrows].entry = entry;
			x.rows[x.nrows].aspect = code;
			x.rows[x.nrows].text = why_text(&p, &err, &why);
			x.rows[x.nrows].value = v;
			x.rows[x.nrows].note = n;
			x.nrows++;
		}
	if (!x.nrows) {
		to_sheet(&p, module, "");
		return;
	}
	if (!(s = load_sheet(&p, &ctx, id)))
		return;
	resp->status = 422;
	sheet_page(&p, s, &x);
}

/* The row endpoint of static/competitions.js: JSON. */
void page_comp_mark_row(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_refusal why;
	long long id = page_param_id(req, 0);
	int rc;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	rc = save_row(&p, &ctx, id, page_form_id(&p, "entry_id"),
		      page_value(&p, "aspect"), page_form_id(&p, "judge_id"),
		      page_value(&p, "value"), page_value(&p, "note"), &why, &err);
	if (rc) {
		int http = err.status == APP_CONFLICT          ? 409
			   : err.status == APP_FORBIDDEN       ? 403
			   : err.status == APP_NOT_FOUND       ? 404
			   : err.status == APP_UNAUTHENTICATED ? 401
			   : err.status == APP_INVALID         ? 422
							       : 500;

		http_json_error(resp, http, http == 422 ? "invalid" : "refused",
				why_text(&p, &err, &why), err.field);
		return;
	}
	resp->status = 200;
	resp->content_type = "application/json";
	buf_reset(&resp->body);
	buf_puts(&resp->body, "{\"ok\":true");
	if (why.key) {
		/* saved, with a spread still to resolve: said beside the field */
		err.msg = why.key;
		buf_puts(&resp->body, ",\"spread\":\"");
		for (const char *c = why_text(&p, &err, &why); *c; c++)
			if (*c == '"' || *c == '\\')
				buf_printf(&resp->body, "\\%c", *c);
			else if ((unsigned char)*c < 0x20)
				buf_printf(&resp->body, "\\u%04x", (unsigned)*c);
			else
				buf_putc(&resp->body, *c);
		buf_putc(&resp->body, '"');
	}
	buf_puts(&resp->body, "}");
}

void page_comp_lock(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_refusal why;
	struct comp_sheet *s;
	struct extra x;
	long long id = page_param_id(req, 0);
	const char *module;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	module = page_value(&p, "module");
	if (app_comp_lock(&ctx, id, module, &why, &err) == APP_OK) {
		to_sheet(&p, module, "");
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	if (!(s = load_sheet(&p, &ctx, id)))
		return;
	memset(&x, 0, sizeof(x));
	x.lock_err = why_text(&p, &err, &why);
	resp->status = page_refusal_status(err.status);
	sheet_page(&p, s, &x);
}

void page_comp_correction(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_mark_input in;
	struct comp_sheet *s;
	struct extra x;
	long long id = page_param_id(req, 0), cid = 0;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	memset(&in, 0, sizeof(in));
	in.entry_id = page_form_id(&p, "entry_id");
	in.aspect = page_value(&p, "aspect");
	in.value = page_value(&p, "value");
	in.note = page_value(&p, "reason");
	in.judge_id = page_form_id(&p, "judge_id");
	if (app_comp_correction_file(&ctx, id, &in, &cid, &err) == APP_OK) {
		to_sheet(&p, page_value(&p, "module"), "#corrections");
		return;
	}
	if (err.status != APP_INVALID && err.status != APP_CONFLICT) {
		page_fail(&p, &err);
		return;
	}
	if (!(s = load_sheet(&p, &ctx, id)))
		return;
	memset(&x, 0, sizeof(x));
	x.corr_err = T(&p, err.msg);
	resp->status = page_refusal_status(err.status);
	sheet_page(&p, s, &x);
}

void page_comp_correction_decide(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_refusal why;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (app_comp_correction_decide(&ctx, id, !strcmp(page_value(&p, "approve"), "1"),
				       &why, &err) != APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp,
		      arena_printf(req->arena,
				   "/competition-events/%lld/marks?module=%s#corrections",
				   page_form_id(&p, "event"),
				   query_value(&p, page_value(&p, "module"))));
}

void page_comp_marks_import(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_import_report rep;
	struct comp_sheet *s;
	struct extra x;
	const char *data = NULL, *name = NULL;
	size_t len = 0;
	long long id = page_param_id(req, 0);
	bool dry;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	dry = *page_value(&p, "dry_run") != '\0';
	memset(&x, 0, sizeof(x));
	memset(&rep, 0, sizeof(rep));
	if (!http_form_file(req, "file", &data, &len, &name) || !len || len > IMPORT_MAX) {
		x.import_err = T(&p, "competition.import.empty");
		resp->status = 422;
	} else if (app_comp_import(&ctx, id, data, len, !dry, p.lang, &rep, &err) != APP_OK) {
		if (err.status != APP_INVALID) {
			page_fail(&p, &err);
			return;
		}
		x.import_err = T(&p, err.msg);
		resp->status = 422;
	} else {
		x.rep = &rep;
		if (rep.nproblems)
			resp->status = 422;
	}
	if ((s = load_sheet(&p, &ctx, id)))
		sheet_page(&p, s, &x);
}

/* ---- the results ---- */

static const char *event_name(struct page *p, const struct comp_results *r, long long id)
{
	for (size_t i = 0; i < r->nevents; i++)
		if (r->events[i].id == id)
			return arena_printf(p->req->arena, "%s · %s",
					    r->events[i].occupation_name,
					    T(p, arena_printf(p->req->arena, "comp.group.%s",
							      r->events[i].grp)));
	return "";
}

static void results_table(struct page *p, const struct comp_results *r)
{
	long long ev = -1;

	for (size_t i = 0; i < r->nrows; i++) {
		const struct comp_result *x = &r->rows[i];
		const char *total = arena_printf(p->req->arena, "%d.%02d",
						 x->total.total / 100,
						 x->total.total % 100);

		if (x->event_id != ev) {
			if (ev >= 0)
				html_printf(p->out, "</tbody></table></div>");
			ev = x->event_id;
			html_printf(p->out,
				    "<h2>%s</h2><div class=\"table\"><table class=\"stack results\">"
				    "<thead><tr><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
				    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
				    "scope=\"col\">%s</th><th scope=\"col\">%s</th><th "
				    "scope=\"col\">%s</th></tr></thead><tbody>",
				    event_name(p, r, ev), T(p, "cmark.place"),
				    T(p, "cmark.entrant"), T(p, "competition.institution"),
				    T(p, "cmark.total"), T(p, "cmark.standard"),
				    T(p, "cmark.award"), T(p, "cmark.titles"));
		}
		/* a final competition's institutions link their honour lists */
		html_printf(p->out, "<tr><td>%d</td><td>%s</td><td>", x->place, x->names);
		if (!strcmp(r->comp.status, "final") && x->institution_id)
			html_printf(p->out, "<a href=\"/institutions/%lld/honours\">%s</a>",
				    x->institution_id, x->institution);
		else
			html_printf(p->out, "%s", x->institution);
		html_printf(p->out, "</td><td>%s</td><td>%d</td><td>%s</td><td>", total,
			    x->standard,
			    x->award == COMP_AWARD_NONE
				    ? "—"
				    : T(p, arena_printf(p->req->arena, "comp.award.%s",
							comp_award_name(x->award))));
		for (int t = 0, n = 0; t < COMP_TITLE_COUNT; t++)
			if (x->titles & (1u << t))
				html_printf(p->out, "%s%s", n++ ? "、" : "",
					    T(p, arena_printf(p->req->arena, "comp.title.%s",
							      comp_title_name((
								      enum comp_title)t))));
		if (x->squad)
			html_printf(p->out, " %s", T(p, "cmark.squad"));
		html_printf(p->out, "</td></tr>");
	}
	if (ev >= 0)
		html_printf(p->out, "</tbody></table></div>");
	else
		html_printf(p->out, "<p class=\"empty\">%s</p>", T(p, "cmark.no_results"));
}

static void promotions(struct page *p, struct app_ctx *ctx, long long id)
{
	struct comp_promo_row *rows;
	struct app_error err;
	size_t n = 0;

	if (app_comp_promotions(ctx, id, &rows, &n, &err) != APP_OK)
		return;
	html_printf(p->out,
		    "<h2 id=\"promotions\">%s</h2><p class=\"hint\">%s</p><div class=\"table\">"
		    "<table class=\"stack\"><thead><tr><th scope=\"col\">%s</th><th "
		    "scope=\"col\">%s</th><th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "cmark.promotions"), T(p, "cmark.promotions_hint"),
		    T(p, "cmark.entrant"), T(p, "cmark.place"), T(p, "cmark.award"),
		    T(p, "cmark.current_level"), T(p, "cmark.outcome"), T(p, "cmark.rule"));
	for (size_t i = 0; i < n; i++) {
		const struct comp_promo_row *x = &rows[i];

		html_printf(p->out,
			    "<tr><td>%s</td><td>%d / %d</td><td>%s</td><td>%s</td><td>",
			    x->name, x->place, x->entrants,
			    T(p, arena_printf(p->req->arena, "comp.award.%s",
					      comp_award_name(x->award))),
			    x->current ? T(p, i18n_level_key(x->current)) : "—");
		html_printf(p->out, "%s",
			    T(p, arena_printf(p->req->arena, "comp.promo.%s",
					      comp_promo_name(x->promo.outcome))));
		if (x->promo.level)
			html_printf(p->out, " → %s", T(p, i18n_level_key(x->promo.level)));
		if (x->promo.rule >= 0)
			html_printf(p->out, "</td><td>promotion.value[%d]</td></tr>",
				    x->promo.rule);
		else
			html_printf(p->out, "</td><td>—</td></tr>");
	}
	html_printf(p->out, "</tbody></table></div>");
}

static void results_page(struct page *p, struct app_ctx *ctx,
			 const struct comp_results *r, const struct app_error *appeal_err)
{
	const struct competition *c = &r->comp;
	char today[11];

	time_today(today, sizeof(today));
	page_begin(p, T(p, "cmark.results"));
	html_printf(p->out,
		    "<nav class=\"crumbs\" aria-label=\"%s\"><a href=\"/competitions\">%s</a>"
		    "<a href=\"/competitions/%lld\">%s</a></nav><h1>%s · %s</h1>",
		    T(p, "nav.crumbs"), T(p, "nav.competitions"), c->id, c->name, c->name,
		    T(p, "cmark.results"));
	if (http_query(p->req, "done") && !appeal_err)
		html_printf(p->out, "<p class=\"notice\" role=\"status\">%s</p>",
			    T(p, "competition.done"));
	if (c->notice_start)
		html_printf(p->out, "<p class=\"lead\">%s %s – %s</p>",
			    T(p, "cmark.notice_window"), c->notice_start,
			    c->notice_end ? c->notice_end : "");
	results_table(p, r);
	if (!strcmp(c->status, "notice") && c->notice_end &&
	    strcmp(today, c->notice_end) <= 0) {
		html_printf(p->out, "<h2 id=\"appeal\">%s</h2>", T(p, "cmark.appeal"));
		page_form(p,
			  arena_printf(p->req->arena, "/competitions/%lld/appeals", c->id),
			  "form");
		p->idp = "ap-";
		if (appeal_err)
			page_form_error(p, appeal_err);
		page_field(p, "name", "field.person_name",
			   appeal_err ? page_input(p, "name") : NULL, appeal_err, 1);
		page_field(p, "contact", "cmark.contact",
			   appeal_err ? page_input(p, "contact") : NULL, appeal_err, 1);
		page_textarea(p, "body", "cmark.appeal_body",
			      appeal_err ? page_input(p, "body") : NULL, appeal_err, 1);
		html_printf(p->out,
			    "<div class=\"actions\"><button type=\"submit\">%s</button></div></form>",
			    T(p, "cmark.appeal"));
		p->idp = NULL;
	}
	if (r->manage) {
		html_printf(p->out, "<h2 id=\"appeals\">%s</h2>", T(p, "cmark.appeals"));
		if (!r->nappeals)
			html_printf(p->out, "<p class=\"empty\">%s</p>",
				    T(p, "cmark.no_appeals"));
		for (size_t i = 0; i < r->nappeals; i++) {
			const struct competition_appeal *a = &r->appeals[i];

			html_printf(p->out,
				    "<section class=\"appeal\"><p><strong>%s</strong> %s</p>",
				    a->name, a->body);
			if (strcmp(a->status, "open")) {
				html_printf(p->out, "<p class=\"hint\">%s</p></section>",
					    a->resolution);
				continue;
			}
			page_form(p,
				  arena_printf(p->req->arena,
					       "/competitions/%lld/appeals/%lld/resolve",
					       c->id, a->id),
				  "form inline");
			p->idp = arena_printf(p->req->arena, "rs%lld-", a->id);
			page_field(p, "resolution", "cmark.resolution", NULL, NULL, 1);
			html_printf(p->out,
				    "<div class=\"actions\"><button type=\"submit\">%s</button></div>"
				    "</form></section>",
				    T(p, "cmark.resolve"));
			p->idp = NULL;
		}
		promotions(p, ctx, c->id);
		page_comp_awards_block(p, ctx, c);
		/* the center's one screen (web/competition_promote.c) */
		if (app_can(ctx, PERM_COMP_PROMOTE) && !strcmp(c->status, "final"))
			html_printf(p->out,
				    "<p><a class=\"button\" id=\"promote-link\" "
				    "href=\"/competitions/%lld/promotions\">%s</a></p>",
				    c->id, T(p, "cpromo.link"));
	}
	page_end(p);
}

void page_comp_results(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_results r;
	long long id = page_param_id(req, 0);

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (!id || app_comp_results(&ctx, id, &r, &err) != APP_OK) {
		if (!id)
			page_error(req, resp, 404, "not_found");
		else
			page_fail(&p, &err);
		return;
	}
	results_page(&p, &ctx, &r, NULL);
}

void page_comp_appeal(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct comp_results r;
	long long id = page_param_id(req, 0), aid = 0;

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (app_comp_appeal_file(&ctx, id, page_value(&p, "name"), page_value(&p, "contact"),
				 page_value(&p, "body"), &aid, &err) == APP_OK) {
		http_redirect(resp, arena_printf(req->arena,
						 "/competitions/%lld/results?done=1", id));
		return;
	}
	if (err.status != APP_INVALID) {
		page_fail(&p, &err);
		return;
	}
	{
		struct app_error e2;

		if (app_comp_results(&ctx, id, &r, &e2) != APP_OK) {
			page_fail(&p, &e2);
			return;
		}
	}
	resp->status = 422;
	results_page(&p, &ctx, &r, &err);
}

void page_comp_appeal_resolve(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	long long id = page_param_id(req, 0), aid = page_param_id(req, 1);

	page_init(&p, req, resp, "nav.competitions");
	page_ctx(&p, &ctx);
	if (app_comp_appeal_resolve(&ctx, id, aid, page_value(&p, "resolution"), &err) !=
	    APP_OK) {
		page_fail(&p, &err);
		return;
	}
	http_redirect(resp, arena_printf(req->arena,
					 "/competitions/%lld/results?done=1#appeals", id));
}
