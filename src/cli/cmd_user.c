/* cmd_user.c - `skillcert user add|passwd|grant|revoke|disable|enable|list|token`. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

/* One line from standard input, without its newline, or NULL. */
static char *read_password(struct arena *a)
{
	char line[256];
	size_t n;

	if (!fgets(line, sizeof(line), stdin))
		return NULL;
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	return arena_strdup(a, line);
}

static int do_list(struct app_ctx *ctx, int as_json)
{
	struct user_view *items;
	struct app_error err;
	size_t n;

	if (app_user_list(ctx, &items, &n, &err) != APP_OK)
		return cli_fail("user", &err);
	if (as_json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++) {
			json_t *g = json_array();

			for (size_t k = 0; k < items[i].ngrants; k++)
				json_array_append_new(
					g,
					json_pack("{s:s, s:I}", "role",
						  role_name(items[i].grants[k].role),
						  "institution_id",
						  (json_int_t)items[i].grants[k].institution_id));
			json_array_append_new(
				arr,
				json_pack("{s:I, s:s, s:s, s:b, s:b, s:o}", "id",
					  (json_int_t)items[i].user.id, "username",
					  items[i].user.username, "display_name",
					  items[i].user.display_name, "must_change_password",
					  items[i].user.must_change_password, "disabled",
					  items[i].user.disabled, "grants", g));
		}
		return cli_print_json(arr);
	}
	for (size_t i = 0; i < n; i++) {
		printf("%s\t%s%s", items[i].user.username, items[i].user.display_name,
		       items[i].user.disabled ? "\tdisabled" : "");
		for (size_t k = 0; k < items[i].ngrants; k++)
			printf("\t%s@%lld", role_name(items[i].grants[k].role),
			       items[i].grants[k].institution_id);
		putchar('\n');
	}
	return 0;
}

int cmd_user(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("user");
	struct cli_opts o;
	struct cli_run run;
	struct app_ctx *ctx;
	struct app_error err;
	const char *pos[2], *display = NULL, *pw_stdin = NULL, *role = NULL;
	const char *inst = NULL, *as_json = NULL, *name = NULL, *list = NULL;
	const char *revoke = NULL;
	char generated[17], token[APP_TOKEN_MAX];
	long long inst_id = 0, id;
	int npos, rc;
	const char *act, *user;
	char *password = NULL;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"display-name", 1, &display},
		{"password-stdin", 0, &pw_stdin},
		{"role", 1, &role},
		{"institution", 1, &inst},
		{"json", 0, &as_json},
		{"name", 1, &name},
		{"list", 0, &list},
		{"revoke", 1, &revoke},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("user", "which action: add, passwd, grant, "
					       "revoke, disable, enable, list or token?");
	act = pos[0];
	user = npos > 1 ? pos[1] : NULL;
	if (!strcmp(act, "list")) {
		if (npos != 1)
			return cli_usage_error("user", "list takes no argument");
	} else if (!strcmp(act, "add") || !strcmp(act, "passwd") || !strcmp(act, "token") ||
		   !strcmp(act, "disable") || !strcmp(act, "enable")) {
		if (npos != 2)
			return cli_usage_error("user", "%s needs a user name", act);
	} else if (!strcmp(act, "grant") || !strcmp(act, "revoke")) {
		if (npos != 2 || !role)
			return cli_usage_error("user", "%s needs a user name and --role",
					       act);
	} else {
		return cli_usage_error("user", "unknown action \"%s\"", act);
	}
	if (inst && str_to_ll(inst, 0, 1LL << 62, &inst_id))
		return cli_usage_error("user",
				       "--institution must be an id (0 = whole network)");
	if (revoke && str_to_ll(revoke, 1, 1LL << 62, &id))
		return cli_usage_error("user", "--revoke must be a token id");
	cli_opts_finish(&o);
	if (cli_run_open(&run, &o) != 0)
		return 1;
	ctx = &run.ctx;
	if (pw_stdin && !(password = read_password(&run.arena))) {
		rc = cli_usage_error("user", "--password-stdin: nothing on standard input");
		goto out;
	}
	rc = 0;
	if (!strcmp(act, "list")) {
		rc = do_list(ctx, as_json != NULL);
	} else if (!strcmp(act, "add")) {
		if (app_user_create(ctx, user, display, password, &id, generated, &err) !=
		    APP_OK)
			rc = cli_fail("user", &err);
		else if (generated[0])
			printf("created user %s (id %lld)\ninitial password: %s\n"
			       "(it must be changed at first login)\n",
			       user, id, generated);
		else
			printf("created user %s (id %lld)\n", user, id);
	} else if (!strcmp(act, "passwd")) {
		if (app_user_reset_password(ctx, user, password, generated, &err) != APP_OK)
			rc = cli_fail("user", &err);
		else if (generated[0])
			printf("new password for %s: %s\n(it must be changed at next "
			       "login)\n",
			       user, generated);
		else
			printf("password of %s set (it must be changed at next login)\n",
			       user);
	} else if (!strcmp(act, "disable") || !strcmp(act, "enable")) {
		bool off = !strcmp(act, "disable");

		if (app_user_set_disabled(ctx, user, off, &err) != APP_OK)
			rc = cli_fail("user", &err);
		else if (off)
			printf("user %s disabled: signed out, API tokens revoked\n", user);
		else
			printf("user %s enabled\n", user);
	} else if (!strcmp(act, "grant")) {
		if (app_grant_add(ctx, user, role, inst_id, &err) != APP_OK)
			rc = cli_fail("user", &err);
	} else if (!strcmp(act, "revoke")) {
		if (app_grant_remove(ctx, user, role, inst_id, &err) != APP_OK)
			rc = cli_fail("user", &err);
	} else if (list) {
		struct api_token *t;
		size_t n;

		if (app_token_list(ctx, user, &t, &n, &err) != APP_OK) {
			rc = cli_fail("user", &err);
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%lld\t%s\t%s\t%s\n", t[i].id, t[i].name,
				       t[i].created_at,
				       t[i].revoked_at ? "revoked" : "active");
		}
	} else if (revoke) {
		if (app_token_revoke(ctx, user, id, &err) != APP_OK)
			rc = cli_fail("user", &err);
	} else {
		if (app_token_create(ctx, user, name ? name : "cli", token, &id, &err) !=
		    APP_OK) {
			rc = cli_fail("user", &err);
		} else {
			printf("%s\n", token);
			fprintf(stderr, "token %lld for %s: shown once, keep it safe\n",
				id, user);
		}
		memset(token, 0, sizeof(token));
	}
out:
	cli_run_close(&run);
	return rc;
}
