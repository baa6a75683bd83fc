/*
 * commendation.c - a commendation campaign's rules document (parse and
 * validate), eligibility over the registry's facts and the quota
 * arithmetic; see commendation.h. No I/O; what the parser keeps lives in
 * the caller's arena.
 */
#include "core/commendation.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/str.h"
#include "core/i18n.h"
#include "core/rulesdoc.h"

static const char *const kind_names[] = {"collective", "person"};
static const char *const rule_names[COMMEND_RULE_COUNT] = {
	"registered_all_year",
	"no_overdue_findings",
	"staff_years",
	"no_sanction",
};
static const char *const scope_names[COMMEND_SCOPE_COUNT] = {"all", "branch", "province"};

static const char *const keys[] = {
	"commendation.category.advanced_collective",
	"commendation.category.excellent_manager",
	"commendation.category.advanced_worker",
	"commendation.category.special_achievement",
	"commendation.rule.registered_all_year",
	"commendation.rule.no_overdue_findings",
	"commendation.rule.staff_years",
	"commendation.rule.no_sanction",
	NULL,
};

static int lookup(const char *s, const char *const *names, int n)
{
	for (int i = 0; s && i < n; i++)
		if (!strcmp(s, names[i]))
			return i;
	return -1;
}

bool commend_code_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n || n > COMMEND_CODE_MAX || s[0] < 'a' || s[0] > 'z')
		return false;
	for (size_t i = 1; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_'))
			return false;
	return true;
}

const char *commend_cat_text(int lang, const char *code, const char *name,
			     const char *name_en)
{
	enum lang l = lang == LANG_EN ? LANG_EN : LANG_ZH;

	if (l == LANG_EN && name_en && *name_en)
		return name_en;
	if (l == LANG_EN || !name || !*name)
		for (size_t i = 0; i < 4; i++) /* the catalog's four */
			if (code && !strcmp(keys[i] + 22, code))
				return tr(l, keys[i]);
	return name && *name ? name : code ? code : "";
}
const char *commend_kind_name(enum commend_kind k)
{
	return (unsigned)k < 2 ? kind_names[k] : NULL;
}
const char *commend_rule_name(enum commend_rule_kind r)
{
	return (unsigned)r < COMMEND_RULE_COUNT ? rule_names[r] : NULL;
}
const char *commend_scope_name(enum commend_scope s)
{
	return (unsigned)s < COMMEND_SCOPE_COUNT ? scope_names[s] : NULL;
}
int commend_scope_parse(const char *s)
{
	return lookup(s, scope_names, COMMEND_SCOPE_COUNT);
}
const char *const *commend_keys(void) { return keys; }

/* ---- parsing ---- */

#define WHERE(buf, ...) snprintf(buf, sizeof(buf), __VA_ARGS__)

static int parse_quota(struct rd_ctx *c, const char *cwhere, json_t *o,
		       struct commend_cat *cat)
{
	static const char *const qkeys[] = {"value", "confidence", "source", NULL};
	char where[96], w[128];
	json_t *v, *x;
	const char *k;

	for (int s = 0; s < COMMEND_SCOPE_COUNT; s++)
		cat->quota.n[s] = -1;
	WHERE(where, "%s.quota", cwhere);
	if (!o)
		return rd_fail(c, "%s: is required", where);
	if (rd_only_keys(c, where, o, qkeys) ||
	    rd_parse_prov(c, where, o, &cat->quota_prov.confidence, &cat->quota_prov.source))
		return -1;
	v = json_object_get(o, "value");
	WHERE(w, "%s.value", where);
	if (!json_is_object(v))
		return rd_fail(c, "%s: must be an object of all, branch and province", w);
	json_object_foreach(v, k, x)
	{
		int s = commend_scope_parse(k);

		if (s < 0)
			return rd_fail(c, "%s: unknown key \"%s\" (all, branch or province)",
				       w, k);
		if (json_is_null(x))
			continue;
		if (!json_is_integer(x) || json_integer_value(x) < 0 ||
		    json_integer_value(x) > COMMEND_QUOTA_MAX)
			return rd_fail(c, "%s.%s: must be a whole number 0..%d or null",
				       w, k, COMMEND_QUOTA_MAX);
		cat->quota.n[s] = (int)json_integer_value(x);
	}
	return 0;
}

static int parse_rule(struct rd_ctx *c, const char *cwhere, size_t idx, json_t *o,
		      struct commend_cat *cat)
{
	static const char *const rkeys[] = {"rule", "value", "confidence", "source", NULL};
	struct commend_rule *r = &cat->rules[cat->nrules];
	char where[128];
	json_t *kind, *value;
	int k;

	WHERE(where, "%s.eligibility[%zu]", cwhere, idx);
	if (rd_only_keys(c, where, o, rkeys))
		return -1;
	kind = json_object_get(o, "rule");
	k = json_is_string(kind)
		    ? lookup(json_string_value(kind), rule_names, COMMEND_RULE_COUNT)
		    : -1;
	if (k < 0)
		return rd_fail(c,
			       "%s.rule: must be registered_all_year, no_overdue_findings, "
			       "staff_years or no_sanction",
			       where);
	for (size_t i = 0; i < cat->nrules; i++)
		if ((int)cat->rules[i].kind == k)
			return rd_fail(c, "%s.rule: \"%s\" twice", where, rule_names[k]);
	r->kind = (enum commend_rule_kind)k;
	value = json_object_get(o, "value");
	if (k == COMMEND_RULE_STAFF_YEARS) {
		if (cat->kind != COMMEND_PERSON)
			return rd_fail(c, "%s.rule: staff_years is for a person category",
				       where);
		if (!json_is_integer(value) || json_integer_value(value) < 1 ||
		    json_integer_value(value) > 60)
			return rd_fail(c, "%s.value: must be a whole number of years 1..60",
				       where);
		r->value = (int)json_integer_value(value);
	} else if (value) {
		return rd_fail(c, "%s.value: %s takes no value", where, rule_names[k]);
	}
	if (rd_parse_prov(c, where, o, &r->prov.confidence, &r->prov.source))
		return -1;
	cat->nrules++;
	return 0;
}

bool commend_name_valid(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!s || !str_utf8_valid(s, n))
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return false;
	return str_utf8_len(s, n) <= COMMEND_NAME_MAX;
}

static int parse_category(struct rd_ctx *c, size_t idx, json_t *o, struct commend_doc *d)
{
	static const char *const ckeys[] = {"code",  "name",        "name_en",
					    "kind",  "confidence",  "source",
					    "quota", "eligibility", NULL};
	struct commend_cat *cat = &d->cats[d->ncats];
	char where[48];
	json_t *kind, *el, *e;
	size_t i;
	int k;

	memset(cat, 0, sizeof(*cat));
	WHERE(where, "categories[%zu]", idx);
	if (rd_only_keys(c, where, o, ckeys))
		return -1;
	if (!(cat->code = rd_want_str(c, where, o, "code")))
		return -1;
	if (!commend_code_valid(cat->code))
		return rd_fail(c,
			       "%s.code: must be a lower-case letter, then lower-case "
			       "letters, digits or '_' (at most %d)",
			       where, COMMEND_CODE_MAX);
	for (i = 0; i < d->ncats; i++)
		if (!strcmp(d->cats[i].code, cat->code))
			return rd_fail(c, "%s.code: \"%s\" twice", where, cat->code);
	if (!(cat->name = rd_want_str(c, where, o, "name")))
		return -1;
	cat->name_en = "";
	if (json_object_get(o, "name_en") &&
	    !(cat->name_en = rd_want_str(c, where, o, "name_en")))
		return -1;
	if (!commend_name_valid(cat->name) || !commend_name_valid(cat->name_en))
		return rd_fail(c, "%s.%s: at most %d characters, none a control character",
			       where, commend_name_valid(cat->name) ? "name_en" : "name",
			       COMMEND_NAME_MAX);
	kind = json_object_get(o, "kind");
	k = json_is_string(kind) ? lookup(json_string_value(kind), kind_names, 2) : -1;
	if (k < 0)
		return rd_fail(c, "%s.kind: must be \"collective\" or \"person\"", where);
	cat->kind = (enum commend_kind)k;
	if (rd_parse_prov(c, where, o, &cat->prov.confidence, &cat->prov.source) ||
	    parse_quota(c, where, json_object_get(o, "quota"), cat))
		return -1;
	el = json_object_get(o, "eligibility");
	if (!json_is_array(el) || json_array_size(el) > COMMEND_RULE_COUNT)
		return rd_fail(c, "%s.eligibility: must be an array of at most %d rules",
			       where, COMMEND_RULE_COUNT);
	json_array_foreach(el, i, e)
	{
		if (parse_rule(c, where, i, e, cat))
			return -1;
	}
	d->ncats++;
	return 0;
}

int commend_parse(const char *json, struct arena *a, struct commend_doc *out, char *err,
		  size_t errlen)
{
	static const char *const top[] = {"format",  "kind",       "code",       "name",
					  "version", "citation",   "confidence", "source",
					  "notes",   "categories", NULL};
	struct rd_ctx c = {err, errlen, a};
	json_t *root, *x, *e;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (!(root = rd_load(&c, json)))
		return -1;
	if (rd_only_keys(&c, "(document)", root, top) ||
	    rd_format_kind(&c, root, "commendation_rules"))
		goto done;
	if (!(out->code = rd_want_str(&c, "(document)", root, "code")) ||
	    !(out->name = rd_want_str(&c, "(document)", root, "name")) ||
	    !(out->version = rd_want_str(&c, "(document)", root, "version")) ||
	    !(out->citation = rd_want_str(&c, "(document)", root, "citation")) ||
	    rd_parse_prov(&c, "(document)", root, &out->prov.confidence, &out->prov.source))
		goto done;
	if (json_object_get(root, "notes") &&
	    !(out->notes = rd_want_str(&c, "(document)", root, "notes")))
		goto done;
	x = json_object_get(root, "categories");
	if (!json_is_array(x) || !json_array_size(x) ||
	    json_array_size(x) > COMMEND_MAX_CATS) {
		rd_fail(&c, "categories: must be an array of 1..%d categories",
			COMMEND_MAX_CATS);
		goto done;
	}
	json_array_foreach(x, i, e)
	{
		if (parse_category(&c, i, e, out))
			goto done;
	}
	rc = 0;
done:
	json_decref(root);
	return rc;
}

const struct commend_cat *commend_cat_find(const struct commend_doc *d, const char *code)
{
	for (size_t i = 0; code && i < d->ncats; i++)
		if (!strcmp(d->cats[i].code, code))
			return &d->cats[i];
	return NULL;
}

static json_t *prov_json(const char *source)
{
	return json_pack("{s:s, s:s}", "confidence", "high", "source", source);
}

/* The center's entry as a category of the document. */
static json_t *cat_json(const struct commend_cat_input *in)
{
	json_t *o = json_pack("{s:s, s:s}", "code", in->code ? in->code : "", "name",
			      in->name ? in->name : "");
	json_t *value, *el, *q;
	const char *src = in->source && *in->source ? in->source : "entered";

	if (!o)
		return NULL;
	if (in->name_en && *in->name_en &&
	    json_object_set_new(o, "name_en", json_string(in->name_en))) {
		json_decref(o);
		return NULL;
	}
	value = json_object();
	el = json_array();
	json_object_set_new(o, "kind", json_string(commend_kind_name(in->kind)));
	json_object_update(o, q = prov_json(src));
	json_decref(q);
	for (int k = 0; k < COMMEND_SCOPE_COUNT; k++)
		if (in->quota[k] >= 0)
			json_object_set_new(value, scope_names[k],
					    json_integer(in->quota[k]));
	q = prov_json(src);
	json_object_set_new(q, "value", value);
	json_object_set_new(o, "quota", q);
	for (int r = 0; r < COMMEND_RULE_COUNT; r++) {
		json_t *rule;

		if (!in->rule[r])
			continue;
		rule = prov_json(src);
		json_object_set_new(rule, "rule", json_string(rule_names[r]));
		if (r == COMMEND_RULE_STAFF_YEARS)
			json_object_set_new(rule, "value", json_integer(in->staff_years));
		json_array_append_new(el, rule);
	}
	json_object_set_new(o, "eligibility", el);
	return o;
}

char *commend_doc_edit(const char *json, const struct commend_cat_input *in,
		       const char *remove_code, struct arena *a, struct commend_doc *out,
		       char *err, size_t errlen)
{
	const char *code = in ? in->code : remove_code;
	json_t *root = json_loads(json ? json : "", JSON_REJECT_DUPLICATES, NULL);
	json_t *cats = root ? json_object_get(root, "categories") : NULL;
	char *text = NULL, *dumped;
	size_t i, at = (size_t)-1;
	json_t *e, *entry = NULL;

	if (errlen)
		err[0] = '\0';
	if (!json_is_array(cats)) {
		snprintf(err, errlen, "categories: the document has none");
		json_decref(root);
		return NULL;
	}
	json_array_foreach(cats, i, e)
	{
		json_t *c = json_object_get(e, "code");

		if (code && json_is_string(c) && !strcmp(json_string_value(c), code))
			at = i;
	}
	if (in && !(entry = cat_json(in))) { /* a string jansson refuses */
		snprintf(err, errlen, "categories: the entry is not valid UTF-8");
		json_decref(root);
		return NULL;
	}
	if (in && at != (size_t)-1)
		json_array_set_new(cats, at, entry);
	else if (in)
		json_array_append_new(cats, entry);
	else if (at != (size_t)-1)
		json_array_remove(cats, at);
	else {
		snprintf(err, errlen, "categories: no category \"%s\"", code ? code : "");
		json_decref(root);
		return NULL;
	}
	dumped = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	json_decref(root);
	if (dumped && commend_parse(dumped, a, out, err, errlen) == 0)
		text = arena_strdup(a, dumped);
	free(dumped);
	return text;
}

/* ---- eligibility ---- */

static bool is_registered(const char *status)
{
	return status && !strcmp(status, "registered");
}

/* The status in force on day (the last dated on or before it); NULL
 * before the first. */
static const char *status_on(const struct commend_facts *f, const char *day)
{
	const char *s = NULL;

	for (size_t i = 0; i < f->nhistory; i++)
		if (f->history[i].date && strcmp(f->history[i].date, day) <= 0)
			s = f->history[i].status;
	return s;
}

static bool registered_all_year(const struct commend_facts *f)
{
	char first[24], last[24];

	snprintf(first, sizeof(first), "%04d-01-01", f->year);
	snprintf(last, sizeof(last), "%04d-12-31", f->year);
	if (!is_registered(status_on(f, first)))
		return false;
	for (size_t i = 0; i < f->nhistory; i++) {
		const char *d = f->history[i].date;
		if (d && strcmp(d, first) > 0 && strcmp(d, last) <= 0 &&
		    !is_registered(f->history[i].status))
			return false;
	}
	return true;
}

static bool no_overdue(const struct commend_facts *f)
{
	for (size_t i = 0; i < f->nopen; i++)
		if (f->open_deadlines[i] && f->today && f->open_deadlines[i][0] &&
		    strcmp(f->open_deadlines[i], f->today) < 0)
			return false;
	return true;
}

static bool staff_years(const struct commend_facts *f, int n)
{
	const char *since = f->staff_since && f->staff_since[0] ? f->staff_since
								: f->work_start;
	char then[40], end[24];
	int y;

	if (!since || strlen(since) != 10 || sscanf(since, "%4d", &y) != 1)
		return false;
	if (!f->today || !is_registered(status_on(f, f->today)))
		return false;
	/* since + n years, as a date, on or before 1 Jan of the next year */
	snprintf(then, sizeof(then), "%04d%s", y + n, since + 4);
	snprintf(end, sizeof(end), "%04d-01-01", f->year + 1);
	return strcmp(then, end) <= 0;
}

bool commend_rule_met(const struct commend_rule *r, const struct commend_facts *f)
{
	switch (r->kind) {
	case COMMEND_RULE_REGISTERED_ALL_YEAR: return registered_all_year(f);
	case COMMEND_RULE_NO_OVERDUE_FINDINGS: return no_overdue(f);
	case COMMEND_RULE_STAFF_YEARS: return staff_years(f, r->value);
	case COMMEND_RULE_NO_SANCTION: return f->sanctions == 0;
	case COMMEND_RULE_COUNT: break;
	}
	return false;
}

int commend_eligible(const struct commend_cat *c, const struct commend_facts *f,
		     struct commend_refusal *r)
{
	for (size_t i = 0; i < c->nrules; i++)
		if (!commend_rule_met(&c->rules[i], f)) {
			if (r) {
				r->rule = c->rules[i].kind;
				r->value = c->rules[i].value;
			}
			return -1;
		}
	return 0;
}

const char *commend_refusal_str(struct arena *a, int lang, const struct commend_refusal *r)
{
	static const char *const names[] = {"n"};
	char key[64], n[24];
	const char *values[] = {n};
	const char *out;
	struct buf b;

	snprintf(key, sizeof(key), "commendation.rule.%s",
		 commend_rule_name(r->rule) ? commend_rule_name(r->rule) : "");
	snprintf(n, sizeof(n), "%d", r->value);
	buf_init(&b, 0);
	i18n_fill(&b, tr((enum lang)lang, key), names, values, 1);
	buf_putc(&b, '\0');
	out = arena_strdup(a, b.data ? b.data : "");
	buf_release(&b);
	return out;
}

/* ---- quotas ---- */

int commend_quota_left(const struct commend_quota *q, const struct commend_used *u,
		       bool has_branch, bool has_province, enum commend_scope *scope)
{
	int best = -1;

	for (int s = 0; s < COMMEND_SCOPE_COUNT; s++) {
		int left;

		if ((s == COMMEND_SCOPE_BRANCH && !has_branch) ||
		    (s == COMMEND_SCOPE_PROVINCE && !has_province) || q->n[s] < 0)
			continue;
		left = q->n[s] - u->n[s];
		if (left < 0)
			left = 0;
		if (best < 0 || left < best) {
			best = left;
			if (scope)
				*scope = (enum commend_scope)s;
		}
	}
	return best;
}
