/* cmd_version.c - `skillcert version`. */
#include <stdio.h>

#include "cli/cli.h"

#ifndef SKILLCERT_VERSION
#define SKILLCERT_VERSION "0.0.0-dev"
#endif

int cmd_version(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("version");
	const char *pos[1];
	int npos, rc = cli_parse(cmd, argc, argv, NULL, pos, 0, &npos);

	if (rc)
		return rc == 1 ? 0 : rc;
	printf("skillcert %s (schema %d)\n", SKILLCERT_VERSION, app_schema_latest());
	return 0;
}
