/* cmd_init.c - `skillcert init`: a data directory, master key, database. */
#include <stdio.h>

#include "cli/cli.h"

int cmd_init(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("init");
	struct cli_opts o;
	struct app app;
	const char *pos[1];
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	cli_opts_finish(&o);
	if (cli_prepare_data(&o, 0) != 0 || cli_open_app(&app, &o) != 0)
		return 1;
	rc = cli_seed_catalog(&app, 0) == 0 && cli_bootstrap_admin(&app, &o) == 0 ? 0 : 1;
	app_close(&app);
	return rc;
}
