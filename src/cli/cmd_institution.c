/* cmd_institution.c - `skillcert institution add|list|show|rename`. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

static void print_error(const struct app_error *err)
{
	/* The CLI speaks the catalog's default language unless told. */
	enum lang lang = lang_choose(getenv("SKILLCERT_LANG"), NULL, NULL);

	if (err->field)
		fprintf(stderr, "skillcert institution: %s: %s\n", err->field,
			tr(lang, err->msg));
	else
		fprintf(stderr, "skillcert institution: %s\n", tr(lang, err->msg));
}

static int do_add(struct app_ctx *ctx, const char *name, const char *type,
		  const char *province, const char *parent, const char *credit)
{
	struct institution_input in = {name, type, province, credit, 0};
	struct app_error err;
	long long id;

	if (parent && str_to_ll(parent, 1, (long long)1 << 62, &in.parent_id))
		return cli_usage_error("institution", "--parent must be an id");
	if (app_institution_create(ctx, &in, &id, &err) != APP_OK) {
		print_error(&err);
		return 1;
	}
	printf("%lld\n", id);
	return 0;
}

static int do_list(struct app_ctx *ctx, const struct institution_filter *f,
		   int as_json)
{
	struct institution *items;
	struct app_error err;
	size_t n;
	long long total;

	if (app_institution_list(ctx, f, &items, &n, &total, &err) != APP_OK) {
		print_error(&err);
		return 1;
	}
	if (as_json) {
		json_t *arr = json_array();
		char *text;

		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr, json_pack("{s:I, s:s, s:s, s:s}", "id",
					       (json_int_t)items[i].id, "name",
					       items[i].name, "type", items[i].type,
					       "province", items[i].province));
		text = json_dumps(arr, JSON_INDENT(2));
		puts(text ? text : "[]");
		free(text);
		json_decref(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\n", items[i].id, items[i].type,
		       items[i].province, items[i].name);
	return 0;
}

static int do_show(struct app_ctx *ctx, const char *idtext)
{
	struct institution in;
	struct institution_name *names;
	struct app_error err;
	size_t n;
	long long id;

	if (str_to_ll(idtext, 1, (long long)1 << 62, &id))
		return cli_usage_error("institution", "ID must be a number");
	if (app_institution_get(ctx, id, &in, &err) != APP_OK ||
	    app_institution_names(ctx, id, &names, &n, &err) != APP_OK) {
		print_error(&err);
		return 1;
	}
	printf("id: %lld\nname: %s\ntype: %s\nprovince: %s\ncredit_code: %s\n"
	       "parent_id: %lld\ncreated_at: %s\nupdated_at: %s\n",
	       in.id, in.name, in.type, in.province, in.credit_code, in.parent_id,
	       in.created_at, in.updated_at);
	for (size_t i = 0; i < n; i++)
		printf("name_history: %s\t%s\t%s\t%s\n", names[i].valid_from,
		       names[i].valid_to ? names[i].valid_to : "-", names[i].name,
		       names[i].reason);
	return 0;
}

static int do_rename(struct app_ctx *ctx, const char *idtext, const char *name,
		     const char *reason)
{
	struct app_error err;
	long long id;

	if (str_to_ll(idtext, 1, (long long)1 << 62, &id))
		return cli_usage_error("institution", "ID must be a number");
	if (app_institution_rename(ctx, id, name, reason, &err) != APP_OK) {
		print_error(&err);
		return 1;
	}
	return 0;
}

int cmd_institution(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("institution");
	struct cli_opts o;
	struct cli_run run;
	struct app_ctx *ctx;
	const char *pos[2], *name = NULL, *type = NULL, *province = NULL;
	const char *parent = NULL, *credit = NULL, *reason = NULL, *q = NULL;
	const char *as_json = NULL;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},        {"db", 1, &o.db},
		{"key-file", 1, &o.key_file}, {"name", 1, &name},
		{"type", 1, &type},          {"province", 1, &province},
		{"parent", 1, &parent},      {"credit-code", 1, &credit},
		{"reason", 1, &reason},      {"q", 1, &q},
		{"json", 0, &as_json},       {NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("institution", "which action: add, list, "
						      "show or rename?");
	if (!strcmp(pos[0], "add")) {
		if (npos != 1)
			return cli_usage_error("institution", "add takes no argument");
		if (!name || !type || !province)
			return cli_usage_error("institution", "add needs --name, "
							      "--type and --province");
	} else if (!strcmp(pos[0], "list")) {
		if (npos != 1)
			return cli_usage_error("institution", "list takes no argument");
	} else if (!strcmp(pos[0], "show")) {
		if (npos != 2)
			return cli_usage_error("institution", "show needs an ID");
	} else if (!strcmp(pos[0], "rename")) {
		if (npos != 2 || !name)
			return cli_usage_error("institution",
					       "rename needs an ID and --name");
	} else {
		return cli_usage_error("institution", "unknown action \"%s\"", pos[0]);
	}
	cli_opts_finish(&o);
	if (cli_run_open(&run, &o) != 0)
		return 1;
	ctx = &run.ctx;
	if (!strcmp(pos[0], "add")) {
		rc = do_add(ctx, name, type, province, parent, credit);
	} else if (!strcmp(pos[0], "list")) {
		struct institution_filter f = {q, type, province, 500, 0};

		rc = do_list(ctx, &f, as_json != NULL);
	} else if (!strcmp(pos[0], "show")) {
		rc = do_show(ctx, pos[1]);
	} else {
		rc = do_rename(ctx, pos[1], name, reason);
	}
	cli_run_close(&run);
	return rc;
}
