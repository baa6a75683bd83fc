/* cmd_init.c - `skillcert init`: a data directory, master key, database,
 * and the public address credentials are signed with (--public-url). */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/i18n.h"

/* Sets public_url to url when it is unset; the same value again changes
 * nothing; another value is refused (changing the address is a deliberate
 * act: `skillcert setting set public_url`, docs/configuration.md).
 * Without url, says that issuing waits for it. 0 or -1. */
static int public_url(struct app *app, const char *url)
{
	struct app_ctx ctx;
	struct app_error err;
	struct arena arena;
	const char *now = "";
	int rc = 0;

	app_system_ctx(&ctx, app, &arena);
	if (app_setting_get(&ctx, "public_url", &now, &err) != APP_OK) {
		fprintf(stderr, "skillcert init: %s\n", tr(LANG_EN, err.msg));
		rc = -1;
	} else if (!url) {
		if (*now)
			printf("public address: %s\n", now);
		else
			printf("public address: not set. Certificates are issued once it is:\n"
			       "  skillcert setting set public_url https://verify.example.cn\n"
			       "  (the address of this server as verifiers reach it; see\n"
			       "   docs/configuration.md)\n");
	} else if (!strcmp(now, url)) {
		printf("public address: %s\n", now);
	} else if (*now) {
		fprintf(stderr,
			"skillcert init: --public-url: the public address is already %s;\n"
			"credentials carry it. To move, see docs/configuration.md, then\n"
			"  skillcert setting set public_url %s\n",
			now, url);
		rc = -1;
	} else if (app_setting_set(&ctx, "public_url", url, &err) != APP_OK) {
		fprintf(stderr, "skillcert init: --public-url: %s\n", tr(LANG_EN, err.msg));
		rc = -1;
	} else {
		printf("public address: %s\n", url);
	}
	arena_release(&arena);
	return rc;
}

int cmd_init(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("init");
	struct cli_opts o;
	struct app app;
	const char *pos[1], *url = NULL;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},    {"db", 1, &o.db}, {"key-file", 1, &o.key_file},
		{"public-url", 1, &url}, {NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	/* checked before anything is created */
	if (url && !app_public_url_valid(url))
		return cli_usage_error("init", "--public-url: %s",
				       tr(LANG_EN, "setting.public_url"));
	cli_opts_finish(&o);
	if (cli_prepare_data(&o, 0) != 0 || cli_open_app(&app, &o) != 0)
		return 1;
	rc = cli_seed_catalog(&app, 0) == 0 && cli_bootstrap_admin(&app, &o) == 0 &&
			     public_url(&app, url) == 0
		     ? 0
		     : 1;
	app_close(&app);
	return rc;
}
