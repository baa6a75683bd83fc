/*
 * catalog.c - /api/v1/occupations and /api/v1/standards: the occupation
 * catalogue, the standard versions, and the eligibility check of a
 * standard against an applicant's facts (nothing is stored).
 */
#include <string.h>

#include "api/api.h"
#include "api/common.h"
#include "base/str.h"

void api_occupation_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct occupation *items;
	size_t n;
	json_t *arr;

	api_ctx(req, &ctx);
	if (app_occupation_list(&ctx, http_query(req, "q"), &items, &n, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:s, s:s, s:I}", "id",
				       (json_int_t)items[i].id, "edition",
				       items[i].edition, "code", items[i].code, "name",
				       items[i].name, "work_types",
				       items[i].work_types ? items[i].work_types : "",
				       "standards", (json_int_t)items[i].nstandards));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

static json_t *row_json(const struct standard_row *s)
{
	json_t *o = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
			      (json_int_t)s->id, "occupation_id",
			      (json_int_t)s->occupation_id, "occupation_code",
			      s->occupation_code, "occupation_name", s->occupation_name,
			      "version", s->version, "name", s->name, "citation",
			      s->citation, "effective_from", s->effective_from);

	json_object_set_new(o, "effective_to",
			    s->effective_to ? json_string(s->effective_to) : json_null());
	return o;
}

void api_standard_list(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct standard_row *items;
	size_t n;
	long long occ = 0;
	const char *v = http_query(req, "occupation_id");
	json_t *arr;

	if (v)
		str_to_ll(v, 0, 1LL << 62, &occ);
	api_ctx(req, &ctx);
	if (app_standard_list(&ctx, occ, &items, &n, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, row_json(&items[i]));
	api_send(resp, 200, json_pack("{s:o}", "items", arr));
}

void api_standard_get(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct standard_row row;
	struct standard s;
	long long id = api_open_id(req, resp, &ctx);
	json_t *o, *def, *levels;

	if (!id)
		return;
	if (app_standard_get(&ctx, id, &row, &s, &err) != APP_OK) {
		api_fail(req, resp, &err);
		return;
	}
	o = row_json(&row);
	levels = json_array();
	for (int l = 5; l >= 1; l--)
		if (standard_offers(&s, l))
			json_array_append_new(levels, json_integer(l));
	json_object_set_new(o, "levels", levels);
	/* the rules themselves, as published */
	def = json_loads(row.definition, 0, NULL);
	json_object_set_new(o, "definition", def ? def : json_null());
	api_send(resp, 200, o);
}

/* Reads the applicant's facts; false after answering 422. */
static bool read_facts(struct http_req *req, struct http_resp *resp, json_t *b,
		       struct applicant *a)
{
	json_t *arr, *v;
	size_t i;

	memset(a, 0, sizeof(*a));
	if (!api_get_string(req, resp, b, "birth_date", &a->birth_date) ||
	    !api_get_string(req, resp, b, "work_start", &a->work_start) ||
	    !api_check_int32(req, resp, b, "work_years", NULL) ||
	    !api_check_int32(req, resp, b, "training_hours", NULL))
		return false;
	if ((v = json_object_get(b, "training_hours")) && json_is_integer(v))
		a->training_hours = (int)json_integer_value(v);
	if ((v = json_object_get(b, "work_years")) && json_is_integer(v)) {
		a->work_years_declared = true;
		a->work_years = (int)json_integer_value(v);
	}
	a->apprenticeship_completed =
		json_is_true(json_object_get(b, "apprenticeship_completed"));
	if ((arr = json_object_get(b, "diplomas")) && json_is_array(arr)) {
		struct applicant_diploma *d =
			arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof(*d));

		json_array_foreach(arr, i, v)
		{
			const char *type = json_string_value(json_object_get(v, "type"));
			int t = diploma_type_parse(type);

			if (t < 0) {
				api_error_msg(req, resp, 422, "invalid",
					      "val.diploma.type", "diplomas");
				return false;
			}
			if (!api_check_int32(req, resp, v, "program_level", NULL))
				return false;
			d[i].type = (enum diploma_type)t;
			d[i].specialty_related =
				json_is_true(json_object_get(v, "specialty_related"));
			d[i].final_year = json_is_true(json_object_get(v, "final_year"));
			d[i].graduated_on =
				json_string_value(json_object_get(v, "graduated_on"));
			d[i].program_level = (int)json_integer_value(
				json_object_get(v, "program_level"));
		}
		a->diplomas = d;
		a->ndiplomas = json_array_size(arr);
	}
	if ((arr = json_object_get(b, "certificates")) && json_is_array(arr)) {
		struct applicant_cert *c =
			arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof(*c));

		json_array_foreach(arr, i, v)
		{
			const char *kind = json_string_value(json_object_get(v, "kind"));

			if (!api_check_int32(req, resp, v, "level", NULL))
				return false;
			c[i].kind = kind && !strcmp(kind, "pre_technician")
					    ? CERT_PRE_TECHNICIAN
					    : CERT_SKILL;
			c[i].occupation_code =
				json_string_value(json_object_get(v, "occupation_code"));
			c[i].related = json_is_true(json_object_get(v, "related"));
			c[i].level = (int)json_integer_value(json_object_get(v, "level"));
			c[i].issued_on = json_string_value(json_object_get(v, "issued_on"));
		}
		a->certs = c;
		a->ncerts = json_array_size(arr);
	}
	if ((arr = json_object_get(b, "titles")) && json_is_array(arr)) {
		struct applicant_title *t =
			arena_alloc(req->arena, (json_array_size(arr) + 1) * sizeof(*t));

		json_array_foreach(arr, i, v)
		{
			int lv = title_level_parse(
				json_string_value(json_object_get(v, "level")));

			if (lv < 0) {
				api_error_msg(req, resp, 422, "invalid",
					      "val.title.level", "titles");
				return false;
			}
			t[i].level = (enum title_level)lv;
			t[i].granted_on =
				json_string_value(json_object_get(v, "granted_on"));
			t[i].related = json_is_true(json_object_get(v, "related"));
		}
		a->titles = t;
		a->ntitles = json_array_size(arr);
	}
	return true;
}

/* The refusal in words: the catalog text with its numbers filled in. */
static const char *explain(struct http_req *req, const struct elig_route_result *r)
{
	enum lang lang = api_lang(req);
	const char *names[] = {"level", "required", "actual", "detail"};
	const char *values[4];
	bool levels = !strcmp(r->key, "elig.cert.level");
	bool ranks = !strcmp(r->key, "elig.title.level") ||
		     !strcmp(r->key, "elig.title.none");
	struct buf b;
	const char *out;

	values[0] = !strncmp(r->key, "elig.title.", 11)
			    ? tr(lang,
				 arena_printf(req->arena, "title.%s",
					      title_level_name((enum title_level)r->level)))
			    : tr(lang, arena_printf(req->arena, "level.%d", r->level));
	values[1] =
		levels  ? tr(lang, arena_printf(req->arena, "level.%d", r->required))
		: ranks ? tr(lang,
			     arena_printf(req->arena, "title.%s",
					  title_level_name((enum title_level)r->required)))
			: arena_printf(req->arena, "%d", r->required);
	values[2] = levels  ? tr(lang, arena_printf(req->arena, "level.%d", r->actual))
		    : ranks ? tr(lang,
				 arena_printf(req->arena, "title.%s",
					      title_level_name((enum title_level)r->actual)))
			    : arena_printf(req->arena, "%d", r->actual);
	buf_init(&b, 0);
	/* the accepted diplomas, by name */
	values[3] = "";
	if (r->detail) {
		const char *p = r->detail;

		while (*p) {
			size_t k = strcspn(p, ",");

			buf_printf(&b, "%s%s", b.len ? "、" : "",
				   tr(lang, arena_printf(req->arena, "diploma.%.*s",
							 (int)k, p)));
			p += k + (p[k] == ',');
		}
		values[3] = arena_strdup(req->arena, b.data);
		buf_reset(&b);
	}
	i18n_fill(&b, tr(lang, r->key), names, values, 4);
	out = arena_strdup(req->arena, b.data);
	buf_release(&b);
	return out;
}

void api_eligibility(struct http_req *req, struct http_resp *resp)
{
	struct app_ctx ctx;
	struct app_error err;
	struct applicant a;
	struct eligibility_result *r;
	long long id = api_param_id(req, resp, 0);
	json_t *b, *routes, *o;
	int level;

	if (!id)
		return;
	if (!(b = api_read_object(req, resp)))
		return;
	if (!api_check_int32(req, resp, b, "level", NULL)) {
		json_decref(b);
		return;
	}
	level = (int)json_integer_value(json_object_get(b, "level"));
	if (!read_facts(req, resp, b, &a)) {
		json_decref(b);
		return;
	}
	r = arena_alloc(req->arena, sizeof(*r));
	api_ctx(req, &ctx);
	if (!r || app_eligibility(&ctx, id, level, &a, r, &err) != APP_OK) {
		json_decref(b);
		if (r)
			api_fail(req, resp, &err);
		return;
	}
	routes = json_array();
	for (size_t i = 0; i < r->nroutes; i++) {
		const struct elig_route_result *x = &r->routes[i];
		json_t *e = json_pack("{s:s, s:b}", "id", x->route ? x->route->id : "",
				      "passed", x->passed);

		if (!x->passed && x->key) {
			json_object_set_new(e, "key", json_string(x->key));
			json_object_set_new(e, "message", json_string(explain(req, x)));
			json_object_set_new(e, "required", json_integer(x->required));
			json_object_set_new(e, "actual", json_integer(x->actual));
		}
		json_array_append_new(routes, e);
	}
	o = json_pack("{s:b, s:i, s:o}", "eligible", r->eligible, "level", level,
		      "routes", routes);
	json_object_set_new(o, "route",
			    r->route_id ? json_string(r->route_id) : json_null());
	if (r->refusal) {
		const char *names[] = {"level"};
		const char *values[] = {
			tr(api_lang(req), arena_printf(req->arena, "level.%d", level))};
		struct buf m;

		buf_init(&m, 0);
		i18n_fill(&m, tr(api_lang(req), r->refusal), names, values, 1);
		json_object_set_new(o, "refusal", json_string(r->refusal));
		json_object_set_new(o, "message", json_string(m.data));
		buf_release(&m);
	}
	json_decref(b); /* the facts' strings lived in it until here */
	api_send(resp, 200, o);
}
