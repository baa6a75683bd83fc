/*
 * cmd_figures.c - `skillcert figures --year Y (--institution I [--tree] |
 * --person P)`: the figures of a year the registry already knows
 * (app/figures.c), printed as the JSON object the API answers and a
 * nomination stores (docs/commendations.md "Figures").
 */
#include <stdio.h>

#include "app/app.h"
#include "base/str.h"
#include "cli/cli.h"

int cmd_figures(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("figures");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct figures f;
	const char *year_s = NULL, *inst_s = NULL, *person_s = NULL, *tree = NULL;
	long long year = 0, inst = 0, person = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},         {"db", 1, &o.db},
		{"key-file", 1, &o.key_file}, {"year", 1, &year_s},
		{"institution", 1, &inst_s},  {"person", 1, &person_s},
		{"tree", 0, &tree},           {NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, NULL, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!year_s || str_to_ll(year_s, 2000, 2100, &year))
		return cli_usage_error("figures", "--year must be 2000..2100");
	if (!inst_s == !person_s)
		return cli_usage_error("figures", "give --institution ID or --person ID");
	if (inst_s && str_to_ll(inst_s, 1, 1LL << 62, &inst))
		return cli_usage_error("figures", "--institution needs an ID");
	if (person_s && str_to_ll(person_s, 1, 1LL << 62, &person))
		return cli_usage_error("figures", "--person needs an ID");
	if (tree && person_s)
		return cli_usage_error("figures", "--tree goes with --institution");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = app_figures(&r.ctx, (int)year, inst, tree != NULL, person, &f, &err);
	if (rc == APP_OK)
		printf("%s\n", app_figures_json(&r.ctx, &f));
	else
		cli_fail("figures", &err);
	cli_run_close(&r);
	return rc == APP_OK ? 0 : 1;
}
