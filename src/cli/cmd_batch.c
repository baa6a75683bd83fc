/* cmd_batch.c - `skillcert batch ACTION ...`: registration batches, their
 * public notice, objections and the approval. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

static int show(struct app_ctx *ctx, long long id)
{
	struct reg_batch b;
	struct registration *regs;
	struct objection *objs;
	struct app_error err;
	size_t nr, no;

	if (app_batch_get(ctx, id, &b, &regs, &nr, &objs, &no, &err) != APP_OK)
		return cli_fail("batch", &err);
	printf("batch %lld: %d-%d %s\nstatus: %s\nnotice: %s .. %s (%d days)\n"
	       "approval: %s %s\n",
	       b.id, b.year, b.seq, b.title, b.status,
	       b.notice_start ? b.notice_start : "-", b.notice_end ? b.notice_end : "-",
	       b.notice_days, b.approval_doc, b.approval_date ? b.approval_date : "");
	for (size_t i = 0; i < nr; i++)
		printf("application %lld\t%s\t%s\tinstitution %lld %s\n", regs[i].id,
		       regs[i].kind, regs[i].status, regs[i].institution_id,
		       regs[i].institution_name);
	for (size_t i = 0; i < no; i++)
		printf("objection %lld\t%s\tinstitution %lld\t%s\t%s\n", objs[i].id,
		       objs[i].status, objs[i].institution_id, objs[i].filer_name,
		       objs[i].body);
	return 0;
}

int cmd_batch(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("batch");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[2], *year_s = NULL, *title = NULL, *days_s = NULL;
	const char *reg_s = NULL, *start = NULL, *doc = NULL, *date = NULL;
	const char *reason = NULL, *upheld = NULL, *dismissed = NULL;
	const char *status = NULL;
	long long id = 0, year = 0, days = 7, reg = 0;
	int npos, rc, n = 0;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"year", 1, &year_s},
		{"title", 1, &title},
		{"notice-days", 1, &days_s},
		{"registration", 1, &reg_s},
		{"start", 1, &start},
		{"doc", 1, &doc},
		{"date", 1, &date},
		{"reason", 1, &reason},
		{"upheld", 0, &upheld},
		{"dismissed", 0, &dismissed},
		{"status", 1, &status},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("batch", "which action? (see --help)");
	if (strcmp(pos[0], "create") && strcmp(pos[0], "list")) {
		if (npos != 2 || str_to_ll(pos[1], 1, 1LL << 62, &id))
			return cli_usage_error("batch", "%s needs an ID", pos[0]);
	} else if (npos != 1) {
		return cli_usage_error("batch", "%s takes no argument", pos[0]);
	}
	if (year_s && str_to_ll(year_s, 2000, 2999, &year))
		return cli_usage_error("batch", "--year must be a year");
	if (days_s && str_to_ll(days_s, 1, 60, &days))
		return cli_usage_error("batch", "--notice-days must be 1..60");
	if (reg_s && str_to_ll(reg_s, 1, 1LL << 62, &reg))
		return cli_usage_error("batch", "--registration must be an id");
	if (!strcmp(pos[0], "create") && !year)
		return cli_usage_error("batch", "create needs --year");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = APP_OK;
	if (!strcmp(pos[0], "create")) {
		rc = app_batch_create(&r.ctx, (int)year, title, (int)days, &id, &err);
		if (rc == APP_OK)
			printf("%lld\n", id);
	} else if (!strcmp(pos[0], "list")) {
		struct reg_batch *b;
		size_t nb;

		rc = app_batch_list(&r.ctx, status, &b, &nb, &err);
		for (size_t i = 0; rc == APP_OK && i < nb; i++)
			printf("%lld\t%d-%d\t%s\t%lld\t%s\n", b[i].id, b[i].year,
			       b[i].seq, b[i].status, b[i].size, b[i].title);
	} else if (!strcmp(pos[0], "show")) {
		rc = show(&r.ctx, id) ? APP_INVALID : APP_OK;
		cli_run_close(&r);
		return rc ? 1 : 0;
	} else if (!strcmp(pos[0], "add")) {
		rc = app_batch_add(&r.ctx, id, reg, &n, &err);
		if (rc == APP_OK)
			printf("%d added\n", n);
	} else if (!strcmp(pos[0], "remove")) {
		rc = app_batch_remove(&r.ctx, id, reg, &err);
	} else if (!strcmp(pos[0], "notice")) {
		rc = app_batch_notice(&r.ctx, id, start, &err);
	} else if (!strcmp(pos[0], "decide")) {
		rc = app_batch_decide(&r.ctx, id, doc, date, &n, &err);
		if (rc == APP_OK)
			printf("%d approved\n", n);
	} else if (!strcmp(pos[0], "reject")) {
		/* ID is the application's */
		rc = app_registration_reject(&r.ctx, id, reason, &err);
	} else if (!strcmp(pos[0], "resolve")) {
		/* ID is the objection's */
		if (!upheld == !dismissed) {
			cli_run_close(&r);
			return cli_usage_error("batch",
					       "resolve needs --upheld or --dismissed");
		}
		rc = app_objection_resolve(&r.ctx, id, upheld != NULL, reason, &err);
	} else {
		cli_run_close(&r);
		return cli_usage_error("batch", "unknown action \"%s\"", pos[0]);
	}
	cli_run_close(&r);
	return rc == APP_OK ? 0 : cli_fail("batch", &err);
}
