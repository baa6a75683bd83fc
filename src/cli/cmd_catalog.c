/* cmd_catalog.c - `skillcert occupation list` and `skillcert standard
 * list|show`: the occupation catalogue and the standards. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

int cmd_occupation(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("occupation");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct occupation *items;
	const char *pos[1], *q = NULL;
	size_t n;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data}, {"db", 1, &o.db}, {"key-file", 1, &o.key_file},
		{"q", 1, &q},         {NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || strcmp(pos[0], "list"))
		return cli_usage_error("occupation", "the action is list");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = app_occupation_list(&r.ctx, q, &items, &n, &err) == APP_OK
		     ? 0
		     : cli_fail("occupation", &err);
	for (size_t i = 0; rc == 0 && i < n; i++)
		printf("%s\t%s\t%s\t%lld\t%s\n", items[i].code, items[i].edition,
		       items[i].name, items[i].nstandards, items[i].work_types);
	cli_run_close(&r);
	return rc;
}

int cmd_standard(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("standard");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[2];
	long long id = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1 || (strcmp(pos[0], "list") && strcmp(pos[0], "show")))
		return cli_usage_error("standard", "the action is list or show");
	if (!strcmp(pos[0], "show") && (npos != 2 || str_to_ll(pos[1], 1, 1LL << 62, &id)))
		return cli_usage_error("standard", "show needs an ID");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	if (!strcmp(pos[0], "list")) {
		struct standard_row *items;
		size_t n;

		rc = app_standard_list(&r.ctx, 0, &items, &n, &err) == APP_OK
			     ? 0
			     : cli_fail("standard", &err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			printf("%lld\t%s\t%s\t%s\t%s\t%s\n", items[i].id,
			       items[i].occupation_code, items[i].occupation_name,
			       items[i].version, items[i].effective_from,
			       items[i].citation);
	} else {
		struct standard_row row;
		struct standard s;

		rc = app_standard_get(&r.ctx, id, &row, &s, &err) == APP_OK
			     ? 0
			     : cli_fail("standard", &err);
		if (rc == 0) {
			printf("%s %s %s (%s)\ncitation: %s\nin force: %s .. %s\nlevels:",
			       row.occupation_code, row.occupation_name, row.name,
			       row.version, row.citation, row.effective_from,
			       row.effective_to ? row.effective_to : "");
			for (int l = 5; l >= 1; l--)
				if (standard_offers(&s, l))
					printf(" %d", l);
			printf("\n%s\n", row.definition);
		}
	}
	cli_run_close(&r);
	return rc;
}
