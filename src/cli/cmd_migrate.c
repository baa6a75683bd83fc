/* cmd_migrate.c - `skillcert migrate [--status]`. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_migrate(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("migrate");
	struct cli_opts o;
	const char *pos[1], *status = NULL;
	char err[512];
	int npos, rc, from, to;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},   {"db", 1, &o.db}, {"key-file", 1, &o.key_file},
		{"status", 0, &status}, {NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	cli_opts_finish(&o);
	if (status) {
		if (app_schema_status(o.db, &from, &to, err, sizeof(err)) != 0) {
			fprintf(stderr, "skillcert: %s\n", err);
			return 1;
		}
		printf("database schema %d, binary schema %d%s\n", from, to,
		       from == to  ? " (up to date)"
		       : from < to ? " (run 'skillcert migrate')"
				   : " (database is newer: upgrade skillcert)");
		return from <= to ? 0 : 1;
	}
	if (app_migrate(o.db, &from, &to, err, sizeof(err)) != 0) {
		fprintf(stderr, "skillcert: %s\n", err);
		return 1;
	}
	if (from == to)
		printf("schema %d, up to date\n", to);
	else
		printf("schema %d -> %d\n", from, to);
	if (cli_after_migration(&o, from, to, 0, 1) != 0)
		return 1;
	/* a newer binary may carry newer standards */
	{
		struct app app;

		if (cli_open_app(&app, &o) != 0)
			return 1;
		rc = cli_seed_catalog(&app, 0);
		app_close(&app);
		return rc == 0 ? 0 : 1;
	}
}
