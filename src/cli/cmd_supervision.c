/*
 * cmd_supervision.c - `skillcert supervision scan [--year Y]` (runs every
 * enabled rule of supervision/rules.json over the year and prints what
 * changed) and `skillcert supervision flags [--year Y] [--rule R]
 * [--status S] [--institution I] [--json]` (the flags, a line each or the
 * API's JSON). Acts as the system, or --as an account (its grants).
 * docs/supervision.md.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "cli/cli.h"

static int scan(struct cli_run *r, int year)
{
	struct app_error err;
	struct sup_scan_report rep;

	if (app_sup_scan(&r->ctx, year, &rep, &err))
		return cli_fail("supervision", &err);
	printf("year %d: %lld raised, %lld still raised, %lld cleared, %lld decided (kept)\n",
	       rep.year, rep.raised, rep.updated, rep.cleared, rep.kept);
	for (int i = 0; i < SUP_RULE_COUNT; i++)
		if (rep.per_rule[i])
			printf("  %-20s %lld\n", sup_rule_code((enum sup_rule)i),
			       rep.per_rule[i]);
	return 0;
}

static int flags(struct cli_run *r, const struct sup_flag_filter *f, bool json)
{
	struct app_error err;
	struct sup_flag *items = NULL;
	struct sup_flag_filter page = *f;
	size_t n = 0;
	long long total = 0;
	json_t *arr;

	/* every flag, a page of 1000 at a time */
	page.limit = 1000;
	for (;;) {
		struct sup_flag *more;
		size_t nmore;

		if (app_sup_flags(&r->ctx, &page, &more, &nmore, &total, &err))
			return cli_fail("supervision", &err);
		if (!n) {
			items = more;
		} else if (nmore) {
			struct sup_flag *all = arena_alloc(r->ctx.arena,
							   (n + nmore) * sizeof(*all));

			memcpy(all, items, n * sizeof(*all));
			memcpy(all + n, more, nmore * sizeof(*all));
			items = all;
		}
		n += nmore;
		if (!nmore || (long long)n >= total)
			break;
		page.offset += (int)nmore;
	}
	if (!json) {
		for (size_t i = 0; i < n; i++)
			printf("%lld\t%d\t%s\t%s\t%s\t%s\t%s\n", items[i].id, items[i].year,
			       items[i].status, items[i].rule, items[i].subject,
			       items[i].institution_name, items[i].statistic);
		return 0;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *fig = json_loads(items[i].figures, 0, NULL);

		json_array_append_new(
			arr, json_pack("{s:I, s:s, s:s, s:i, s:I, s:s, s:s, s:o, s:s}",
				       "id", (json_int_t)items[i].id, "rule",
				       items[i].rule, "subject", items[i].subject, "year",
				       items[i].year, "institution_id",
				       (json_int_t)items[i].institution_id, "status",
				       items[i].status, "statistic", items[i].statistic,
				       "figures", fig ? fig : json_object(), "evidence",
				       items[i].evidence));
	}
	return cli_print_json(arr);
}

int cmd_supervision(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("supervision");
	struct cli_opts o;
	struct cli_run r;
	struct actor actor;
	struct sup_flag_filter f;
	const char *pos[1], *year_s = NULL, *inst_s = NULL, *json = NULL, *as = NULL;
	long long year = 0, inst = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"year", 1, &year_s},
		{"rule", 1, &f.rule},
		{"status", 1, &f.status},
		{"institution", 1, &inst_s},
		{"json", 0, &json},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	memset(&f, 0, sizeof(f));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || (strcmp(pos[0], "scan") && strcmp(pos[0], "flags")))
		return cli_usage_error("supervision", "give scan or flags");
	if (year_s && str_to_ll(year_s, 2000, 2999, &year))
		return cli_usage_error("supervision", "--year must be 2000..2999");
	if (inst_s && str_to_ll(inst_s, 1, 1LL << 62, &inst))
		return cli_usage_error("supervision", "--institution needs an ID");
	if (!strcmp(pos[0], "scan") && (f.rule || f.status || inst_s || json))
		return cli_usage_error("supervision", "scan takes --year only");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "supervision", as, &actor) != 0)
		return 1;
	if (!strcmp(pos[0], "scan")) {
		if (!year) {
			char today[11];

			time_today(today, sizeof(today));
			year = time_year(today);
		}
		rc = scan(&r, (int)year);
	} else {
		f.year = (int)year;
		f.institution_id = inst;
		rc = flags(&r, &f, json != NULL);
	}
	cli_run_close(&r);
	return rc;
}
