/* cmd_demo.c - `skillcert demo`: prepare a demo data directory and serve. */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"

int cmd_demo(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("demo");
	struct cli_opts o;
	struct cli_run run;
	struct app_error err;
	int rc, created = 0;
	rc = cli_parse_serve(cmd, argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (cli_prepare_data(&o, 0) != 0 || cli_run_open(&run, &o) != 0)
		return 1;
	if (cli_seed_catalog(&run.app, 0) != 0 ||
	    cli_bootstrap_admin(&run.app, &o) != 0) {
		cli_run_close(&run);
		return 1;
	}
	rc = app_demo_seed(&run.ctx, &created, &err);
	if (rc != APP_OK) {
		fprintf(stderr, "skillcert demo: %s\n", tr(LANG_EN, err.msg));
		cli_run_close(&run);
		return 1;
	}
	if (created)
		printf("demo data: %d institutions added\n", created);
	printf("\n  skillcert demo: open http://%s/\n\n", o.listen);
	fflush(stdout);
	rc = cli_serve(&run.app, &o);
	cli_run_close(&run);
	return rc;
}
