/*
 * cmd_selfeval.c - `skillcert selfeval pool|hr-filing|dashboard`: a plan's
 * candidate pool, the institution's HR filing and the enterprise
 * dashboard (app/selfeval.c; docs/self-evaluation.md).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/str.h"
#include "cli/cli.h"
#include "core/post_spec.h"

static int pool(struct cli_run *r, long long id, const char *set, const char *partners)
{
	struct app_error err;
	struct selfeval_pool_view v;
	struct plan_partner *ps = NULL;
	size_t n = 0;
	json_t *o, *arr;

	if (set) {
		if (app_selfeval_partners_parse(&r->ctx, partners ? partners : "", &ps,
						&n, &err) ||
		    app_selfeval_pool_set(&r->ctx, id, set, ps, n, &err))
			return cli_fail("selfeval", &err);
	}
	if (app_selfeval_pool_get(&r->ctx, id, &v, &err))
		return cli_fail("selfeval", &err);
	arr = json_array();
	for (size_t i = 0; i < v.n; i++)
		json_array_append_new(arr,
				      json_pack("{s:s, s:s}", "credit_code",
						v.partners[i].credit_code, "company_name",
						v.partners[i].company_name));
	o = json_pack("{s:I, s:s, s:s, s:o}", "plan_id", (json_int_t)id, "candidate_pool",
		      v.pool, "effective_pool", v.effective, "partners", arr);
	return cli_print_json(o);
}

static int dashboard(struct cli_run *r, long long id)
{
	struct app_error err;
	struct selfeval_dashboard d;
	json_t *arr, *lv;

	if (app_selfeval_dashboard(&r->ctx, id, &d, &err))
		return cli_fail("selfeval", &err);
	arr = json_array();
	lv = json_array();
	for (int i = 0; i <= 5; i++)
		json_array_append_new(lv, json_integer(d.levels[i]));
	for (size_t i = 0; i < d.nclosing; i++)
		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:i, s:s, s:i}", "certificate_id",
				       (json_int_t)d.closing[i].cert.id, "number",
				       d.closing[i].cert.number, "holder_name",
				       d.closing[i].cert.holder_name, "level",
				       d.closing[i].cert.level, "last_day",
				       d.closing[i].last_day, "days_left",
				       d.closing[i].days_left));
	return cli_print_json(json_pack("{s:I, s:s, s:b, s:I, s:o, s:o}",
					"institution_id", (json_int_t)id, "hr_filing",
					d.hr.hr_filing, "hr_filing_outside", d.hr.outside,
					"staff", (json_int_t)d.staff, "levels", lv,
					"subsidy_closing", arr));
}

static int spec_add(struct cli_run *r, long long inst, const char *file, const char *builtin)
{
	struct app_error err;
	const char *body = NULL;
	long long id = 0;

	if (file && !(body = cli_slurp(&r->arena, file, POST_SPEC_MAX_BYTES, NULL))) {
		fprintf(stderr, "skillcert selfeval: cannot read %s\n", file);
		return 1;
	}
	if (app_post_spec_add(&r->ctx, inst, body, builtin, &id, &err))
		return cli_fail("selfeval", &err);
	printf("%lld\n", id);
	return 0;
}

static int plan_spec(struct cli_run *r, long long plan, const char *spec)
{
	struct app_error err;
	long long id = 0;

	if (str_to_ll(spec, 0, 1LL << 62, &id))
		return cli_usage_error("selfeval", "--spec needs an ID (0: none)");
	if (app_plan_post_spec_set(&r->ctx, plan, id, &err))
		return cli_fail("selfeval", &err);
	return 0;
}

int cmd_selfeval(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("selfeval");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[2] = {NULL, NULL};
	const char *set = NULL, *partners = NULL, *filing = NULL, *no = NULL,
		   *outside = NULL;
	const char *file = NULL, *builtin = NULL, *spec = NULL;
	long long id = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"pool", 1, &set},
		{"partners", 1, &partners},
		{"filing", 1, &filing},
		{"no", 1, &no},
		{"outside", 0, &outside},
		{"file", 1, &file},
		{"builtin", 1, &builtin},
		{"spec", 1, &spec},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 2 || str_to_ll(pos[1], 1, 1LL << 62, &id))
		return cli_usage_error("selfeval", "give an action and an ID");
	if (strcmp(pos[0], "pool") && strcmp(pos[0], "hr-filing") &&
	    strcmp(pos[0], "dashboard") && strcmp(pos[0], "spec-add") &&
	    strcmp(pos[0], "plan-spec"))
		return cli_usage_error("selfeval", "unknown action %s", pos[0]);
	if (!strcmp(pos[0], "spec-add") && !file == !builtin)
		return cli_usage_error("selfeval",
				       "spec-add needs --file F or --builtin CODE");
	if (!strcmp(pos[0], "plan-spec") && !spec)
		return cli_usage_error("selfeval", "plan-spec needs --spec ID");
	if (!strcmp(pos[0], "hr-filing") && !filing)
		return cli_usage_error("selfeval", "hr-filing needs --filing Y or none");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	if (!strcmp(pos[0], "pool"))
		rc = pool(&r, id, set, partners);
	else if (!strcmp(pos[0], "dashboard"))
		rc = dashboard(&r, id);
	else if (!strcmp(pos[0], "spec-add"))
		rc = spec_add(&r, id, file, builtin);
	else if (!strcmp(pos[0], "plan-spec"))
		rc = plan_spec(&r, id, spec);
	else {
		struct selfeval_hr hr = {!strcmp(filing, "none") ? "" : filing,
					 no ? no : "", outside != NULL};

		rc = app_selfeval_hr_set(&r.ctx, id, &hr, &err) ? cli_fail("selfeval", &err)
								: 0;
	}
	cli_run_close(&r);
	return rc;
}
