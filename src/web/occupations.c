/*
 * occupations.c - the public page of an achievement: an occupation at a
 * level (/occupations/{code}/levels/{n}), the URL every credential carries
 * as its achievement's id (app/cert_credential.c): the occupation, the
 * level, and the standard versions that assess it with their components.
 */
#include <string.h>

#include "base/str.h"
#include "web/layout.h"
#include "web/web.h"

/* A pass mark in tenths as the standards write it: "60" or "60.5". */
static const char *mark(struct page *p, int tenths)
{
	return tenths % 10 ? arena_printf(p->req->arena, "%d.%d", tenths / 10, tenths % 10)
			   : arena_printf(p->req->arena, "%d", tenths / 10);
}

/* One standard version's part for the level: its name, citation, dates,
 * and a table of the components assessed. */
static void standard_part(struct page *p, const struct standard_row *row,
			  const struct std_level *l)
{
	html_printf(p->out, "<section class=\"standard\"><h2>%s</h2><dl class=\"facts\">",
		    row->name);
	html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "occlevel.version"),
		    row->version);
	if (row->citation && *row->citation)
		html_printf(p->out, "<dt>%s</dt><dd>%s</dd>", T(p, "occlevel.citation"),
			    row->citation);
	html_printf(p->out, "<dt>%s</dt><dd>%s – %s</dd></dl>", T(p, "occlevel.in_force"),
		    row->effective_from, row->effective_to ? row->effective_to : "");
	html_printf(p->out,
		    "<div class=\"table-wrap\"><table><caption>%s</caption><thead><tr>"
		    "<th scope=\"col\">%s</th><th scope=\"col\">%s</th>"
		    "<th scope=\"col\">%s</th></tr></thead><tbody>",
		    T(p, "occlevel.components"), T(p, "occlevel.component"),
		    T(p, "occlevel.minutes"), T(p, "occlevel.pass_mark"));
	for (int c = 0; c < STD_COMPONENT_COUNT; c++) {
		if (!std_level_has(l, (enum std_component)c))
			continue;
		html_printf(p->out,
			    "<tr><th scope=\"row\">%s</th><td>%d</td><td>%s</td></tr>",
			    T(p, arena_printf(p->req->arena, "component.%s",
					      std_component_name((enum std_component)c))),
			    l->min_minutes[c], mark(p, l->pass_mark[c]));
	}
	html_printf(p->out, "</tbody></table></div></section>");
}

/* GET /occupations/{code}/levels/{n}: public. 404 for an occupation code
 * the catalog does not have or a level outside 1..5. */
void page_occupation_level(struct http_req *req, struct http_resp *resp)
{
	struct page p;
	struct app_ctx ctx;
	struct app_error err;
	struct occupation *occ = NULL, *items;
	const char *code = req->params[0];
	long long level = 0;
	size_t n = 0, shown = 0;

	page_init(&p, req, resp, "nav.verify");
	page_ctx(&p, &ctx);
	if (str_to_ll(req->params[1], 1, 5, &level) || !*code) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	if (app_occupation_list(&ctx, code, &items, &n, &err)) {
		page_fail(&p, &err);
		return;
	}
	for (size_t i = 0; i < n && !occ; i++)
		if (!strcmp(items[i].code, code))
			occ = &items[i];
	if (!occ) {
		page_fail_status(&p, 404, "err.not_found");
		return;
	}
	page_begin(&p, arena_printf(req->arena, "%s %s", occ->name,
				    T(&p, i18n_level_key((int)level))));
	html_printf(p.out,
		    "<h1>%s <span class=\"level\">%s</span></h1><p class=\"lead\">%s</p>"
		    "<dl class=\"facts\"><dt>%s</dt><dd>%s</dd><dt>%s</dt><dd>%s</dd>",
		    occ->name, T(&p, i18n_level_key((int)level)), T(&p, "occlevel.hint"),
		    T(&p, "field.occupation_code"), occ->code, T(&p, "field.level"),
		    T(&p, i18n_level_key((int)level)));
	if (occ->work_types && *occ->work_types)
		html_printf(p.out, "<dt>%s</dt><dd>%s</dd>", T(&p, "field.work_type"),
			    occ->work_types);
	html_printf(p.out, "</dl>");
	/* every edition of the occupation with this code: its standards */
	for (size_t i = 0; i < n; i++) {
		struct standard_row *rows;
		size_t nr = 0;

		if (strcmp(items[i].code, code) ||
		    app_standard_list(&ctx, items[i].id, &rows, &nr, &err))
			continue;
		for (size_t k = 0; k < nr; k++) {
			struct standard_row row;
			struct standard *s = arena_alloc(req->arena, sizeof(*s));
			const struct std_level *l;

			if (!s || app_standard_get(&ctx, rows[k].id, &row, s, &err) ||
			    !(l = standard_level(s, (int)level)))
				continue;
			standard_part(&p, &row, l);
			shown++;
		}
	}
	if (!shown)
		html_printf(p.out, "<p class=\"hint\">%s</p>", T(&p, "occlevel.none"));
	html_printf(p.out, "<p><a href=\"/verify\">%s</a></p>", T(&p, "nav.verify"));
	page_end(&p);
}
