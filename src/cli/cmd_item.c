/* cmd_item.c - `skillcert item …`: the item bank of theory exams
 * (app/item.c, app/item_io.c): list a bank, import a QTI content package
 * or an item writers' spreadsheet, export a bank; run as the operator
 * unless --as names an account. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"

#define IMPORT_MAX ((size_t)64 << 20)

int cmd_item(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("item");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[2], *institution = NULL, *occupation = NULL, *level = NULL,
			    *status = NULL, *format = NULL, *out = NULL, *dry = NULL,
			    *as = NULL;
	struct actor as_actor;
	long long inst = 0, lv = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"institution", 1, &institution},
		{"occupation", 1, &occupation},
		{"level", 1, &level},
		{"status", 1, &status},
		{"format", 1, &format},
		{"out", 1, &out},
		{"dry-run", 0, &dry},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("item", "which action? (see --help)");
	if ((institution && str_to_ll(institution, 1, 1LL << 62, &inst)) ||
	    (level && str_to_ll(level, 1, 5, &lv)))
		return cli_usage_error("item", "--institution and --level are numbers");
	if (!strcmp(pos[0], "import") && npos != 2)
		return cli_usage_error("item", "import needs the file");
	if (!strcmp(pos[0], "export") && !out)
		return cli_usage_error("item", "export needs --out FILE");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "item", as, &as_actor))
		return 1;
	rc = 0;
	if (!strcmp(pos[0], "list")) {
		struct exam_item_filter f = {.institution_id = inst,
					     .occupation_code = occupation,
					     .level = (int)lv,
					     .status = status,
					     .limit = 500};
		struct exam_item_row *xs;
		size_t n;

		if (app_items(&r.ctx, &f, &xs, &n, &err))
			rc = cli_fail("item", &err);
		for (size_t i = 0; !rc && i < n; i++)
			printf("%lld\t%s\tv%d\t%s\t%s\t%s\t%s\n", xs[i].id, xs[i].ref,
			       xs[i].version, xs[i].status, xs[i].kind, xs[i].point,
			       xs[i].author);
	} else if (!strcmp(pos[0], "import")) {
		struct item_import_input in = {.institution_id = inst,
					       .occupation_code = occupation,
					       .level = (int)lv};
		struct item_import_report rep;
		size_t len = 0;
		char *data = cli_slurp(&r.arena, pos[1], IMPORT_MAX, &len);

		if (!data) {
			fprintf(stderr, "skillcert item: cannot read %s (at most 64 MiB)\n",
				pos[1]);
			rc = 1;
		} else if (app_item_import(&r.ctx, &in, data, len, dry != NULL, &rep, &err) &&
			   !rep.nproblems) {
			rc = cli_fail("item", &err);
		} else {
			for (size_t i = 0; i < rep.nproblems; i++) {
				const struct item_import_problem *q = &rep.problems[i];

				if (q->line)
					fprintf(stderr, "row %zu", q->line);
				else
					fprintf(stderr, "%s", *q->where ? q->where : "item");
				fprintf(stderr, "%s%s%s%s: %s\n", *q->ref ? " " : "",
					q->ref, q->field ? " " : "",
					q->field ? q->field : "", tr(LANG_ZH, q->msg));
			}
			printf("%s: %zu items, %zu imported%s\n", rep.format, rep.items,
			       rep.created,
			       rep.nproblems ? " (refused: none written)"
			       : dry         ? " (dry run: none written)"
					     : "");
			rc = rep.nproblems ? 1 : 0;
		}
	} else if (!strcmp(pos[0], "export")) {
		struct exam_item_filter f = {.institution_id = inst,
					     .occupation_code = occupation,
					     .level = (int)lv,
					     .status = status};
		struct buf b;
		size_t n = 0;

		buf_init(&b, 0);
		if (app_item_export(&r.ctx, &f, format ? format : "qti", &b, &n, &err)) {
			rc = cli_fail("item", &err);
		} else {
			FILE *fp = fopen(out, "wb");

			if (!fp || fwrite(b.data, 1, b.len, fp) != b.len) {
				fprintf(stderr, "skillcert item: cannot write %s\n", out);
				rc = 1;
			} else {
				printf("%zu items\n", n);
			}
			if (fp && fclose(fp))
				rc = 1;
		}
		buf_release(&b);
	} else {
		rc = cli_usage_error("item", "unknown action %s", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
