/*
 * cmd_statistics.c - `skillcert statistics [--by D] [filters] [--json]`:
 * the network's figures (app/statistics.c) as a text table of the main
 * measures (tab-separated, a header line in the operator's language) or
 * the JSON the API answers; `skillcert statistics refresh [--year Y]`
 * counts them again from the records. docs/statistics.md.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"

/* the columns of the text table */
static const enum stat_measure columns[] = {
	STAT_PLANS,        STAT_ENROLLED,      STAT_ASSESSED,   STAT_PASSED,
	STAT_CERTIFICATES, STAT_FILED_ON_TIME, STAT_FILED_LATE, STAT_UNFILED,
	STAT_REVOKED,      STAT_APPEALS,
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))

static void print_row(const struct stat_row *r)
{
	int rate = stat_rate(r->v[STAT_PASSED], r->v[STAT_ASSESSED]);

	printf("%s", r->label ? r->label : r->key);
	for (size_t i = 0; i < NCOLUMNS; i++) {
		printf("\t%lld", r->v[columns[i]]);
		if (columns[i] == STAT_PASSED)
			printf("\t%d.%02d%%", rate / 100, rate % 100);
	}
	printf("\n");
}

static int print_table(const struct stat_table *t)
{
	enum lang lang = cli_lang();

	printf("%s", tr(lang, "stats.by"));
	for (size_t i = 0; i < NCOLUMNS; i++) {
		char key[64];

		snprintf(key, sizeof(key), "stats.measure.%s",
			 stat_measure_code(columns[i]));
		printf("\t%s", tr(lang, key));
		if (columns[i] == STAT_PASSED)
			printf("\t%s", tr(lang, "stats.measure.pass_rate"));
	}
	printf("\n");
	for (size_t i = 0; i < t->nrows; i++)
		print_row(&t->rows[i]);
	print_row(&t->total);
	printf("%s %s\n", tr(lang, "stats.refreshed_at"),
	       t->refreshed_at ? t->refreshed_at : tr(lang, "stats.never_refreshed"));
	return 0;
}

static int num_opt(const char *s, const char *name, long long lo, long long hi,
		   long long *out)
{
	*out = 0;
	if (s && str_to_ll(s, lo, hi, out))
		return cli_usage_error("statistics", "--%s must be %lld..%lld", name, lo,
				       hi);
	return 0;
}

int cmd_statistics(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("statistics");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct stat_filter f;
	struct stat_table t;
	const char *pos[1], *by_s = NULL, *year_s = NULL, *from_s = NULL, *to_s = NULL;
	const char *prov = NULL, *branch_s = NULL, *inst_s = NULL, *occ = NULL,
		   *level_s = NULL;
	const char *json = NULL;
	long long year, from, to, branch, inst, level;
	int npos, rc, by = STAT_BY_NONE;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},         {"db", 1, &o.db},
		{"key-file", 1, &o.key_file}, {"by", 1, &by_s},
		{"year", 1, &year_s},         {"year-from", 1, &from_s},
		{"year-to", 1, &to_s},        {"province", 1, &prov},
		{"branch", 1, &branch_s},     {"institution", 1, &inst_s},
		{"occupation", 1, &occ},      {"level", 1, &level_s},
		{"json", 0, &json},           {NULL, 0, NULL},
	};

	if (argc > 1 && !strcmp(argv[1], "report")) /* the annual report: cmd_report.c */
		return cmd_report(argc, argv);
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos == 1 && strcmp(pos[0], "refresh"))
		return cli_usage_error("statistics", "unknown action \"%s\"", pos[0]);
	if ((rc = num_opt(year_s, "year", 2000, 2100, &year)) ||
	    (rc = num_opt(from_s, "year-from", 2000, 2100, &from)) ||
	    (rc = num_opt(to_s, "year-to", 2000, 2100, &to)) ||
	    (rc = num_opt(branch_s, "branch", 1, 1LL << 62, &branch)) ||
	    (rc = num_opt(inst_s, "institution", 1, 1LL << 62, &inst)) ||
	    (rc = num_opt(level_s, "level", 1, 5, &level)))
		return rc;
	if (by_s && (by = stat_dim_parse(by_s)) < 0)
		return cli_usage_error("statistics",
				       "--by must be none, year, province, branch, "
				       "institution, occupation or level");
	if (npos == 1 && (by_s || from_s || to_s || prov || branch_s || inst_s || occ ||
			  level_s || json))
		return cli_usage_error("statistics", "refresh takes --year only");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	r.ctx.lang = (int)cli_lang();
	if (npos == 1) {
		rc = app_stats_refresh(&r.ctx, (int)year, &err) == APP_OK
			     ? 0
			     : cli_fail("statistics", &err);
		cli_run_close(&r);
		return rc;
	}
	memset(&f, 0, sizeof(f));
	f.year = (int)year;
	f.year_from = (int)from;
	f.year_to = (int)to;
	f.province = prov;
	f.branch_id = branch;
	f.institution_id = inst;
	f.occupation = occ;
	f.level = (int)level;
	if (app_stats_table(&r.ctx, &f, (enum stat_dim)by, &t, &err) != APP_OK)
		rc = cli_fail("statistics", &err);
	else if (json)
		rc = cli_print_json(json_loads(app_stats_json(&r.ctx, &t), 0, NULL));
	else
		rc = print_table(&t);
	cli_run_close(&r);
	return rc;
}
