/* cmd_filing.c - `skillcert filing ACTION ...`: filing certificates with the
 * provincial HR authorities (属地备案): batches by province, the files for
 * the authority, submission, its receipt and rejections, and the report of
 * certificates still unfiled. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

static int show(struct app_ctx *ctx, long long id)
{
	struct filing_view v;
	struct app_error err;
	const struct filing_batch *b = &v.batch;

	if (app_filing_batch_get(ctx, id, &v, &err) != APP_OK)
		return cli_fail("filing", &err);
	printf("batch %lld: province %s %s\nstatus: %s\nrows: %lld (%lld accepted, "
	       "%lld rejected)\ncreated: %s by %s\n",
	       b->id, b->province_code,
	       tr(cli_lang(), arena_printf(ctx->arena, "province.%s", b->province_code)),
	       b->status, b->row_count, b->accepted, b->rejected, b->created_at,
	       b->created_by);
	if (b->submitted_at)
		printf("submitted: %s sha256 %s\n", b->submitted_at, b->sha256);
	if (b->received_at)
		printf("receipt: %s on %s\n", b->receipt_no, b->received_at);
	for (size_t i = 0; i < v.nitems; i++)
		printf("%s\t%s\t%s\t%s\t%s\n", v.items[i].number, v.items[i].status,
		       v.items[i].holder_name, v.items[i].issued_on, v.items[i].rejection);
	return 0;
}

/* Writes len bytes to dir/name; prints the path. */
static int write_file(const char *dir, const char *name, const struct buf *b)
{
	char path[4096];
	FILE *f;

	if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path)) {
		fprintf(stderr, "skillcert filing: path too long\n");
		return 1;
	}
	f = fopen(path, "wb");
	if (!f || fwrite(b->data, 1, b->len, f) != b->len || fclose(f) != 0) {
		fprintf(stderr, "skillcert filing: cannot write %s: %s\n", path,
			strerror(errno));
		return 1;
	}
	printf("%s\t%zu bytes\n", path, b->len);
	return 0;
}

static int export(struct app_ctx *ctx, long long id, const char *dir, const char *encoding)
{
	struct filing_export x;
	struct filing_export_opts opt = {encoding, true};
	struct app_error err;
	int rc;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "skillcert filing: cannot create %s: %s\n", dir,
			strerror(errno));
		return 1;
	}
	if (app_filing_export(ctx, id, &opt, &x, &err) != APP_OK)
		return cli_fail("filing", &err);
	rc = write_file(dir, arena_printf(ctx->arena, "%s.xlsx", x.base), &x.xlsx);
	if (!rc)
		rc = write_file(dir, arena_printf(ctx->arena, "%s.csv", x.base), &x.csv);
	if (!rc)
		rc = write_file(dir, arena_printf(ctx->arena, "%s-photos.zip", x.base),
				&x.zip);
	if (!rc)
		rc = write_file(dir, "manifest.json", &x.manifest);
	app_filing_export_free(&x);
	return rc;
}

static int unfiled(struct app_ctx *ctx, long long days)
{
	struct filing_report r;
	struct app_error err;

	if (app_filing_unfiled(ctx, (int)days, &r, &err) != APP_OK)
		return cli_fail("filing", &err);
	for (size_t i = 0; i < r.n; i++)
		printf("%s\t%s\t%s\t%s\t%ld\n", r.items[i].province_code, r.items[i].number,
		       r.items[i].holder_name, r.items[i].issued_on, r.items[i].days);
	fprintf(stderr, "%zu certificates issued on or before %s not filed\n", r.n, r.until);
	return 0;
}

int cmd_filing(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("filing");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[2], *province = NULL, *out = NULL, *no = NULL, *date = NULL;
	const char *number = NULL, *reason = NULL, *days_s = NULL, *encoding = NULL;
	long long id = 0, days = FILING_DAYS_DEFAULT, rows = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"province", 1, &province},
		{"out", 1, &out},
		{"no", 1, &no},
		{"date", 1, &date},
		{"number", 1, &number},
		{"reason", 1, &reason},
		{"days", 1, &days_s},
		{"encoding", 1, &encoding},
		{NULL, 0, NULL},
	};
	static const char *const with_id[] = {"show",    "export", "submit",
					      "receipt", "reject", NULL};
	bool needs_id = false;

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("filing", "which action? (see --help)");
	for (const char *const *w = with_id; *w; w++)
		needs_id |= !strcmp(*w, pos[0]);
	if (needs_id) {
		if (npos != 2 || str_to_ll(pos[1], 1, 1LL << 62, &id))
			return cli_usage_error("filing", "%s needs a batch ID", pos[0]);
	} else if (strcmp(pos[0], "create") && strcmp(pos[0], "list") &&
		   strcmp(pos[0], "unfiled")) {
		return cli_usage_error("filing", "unknown action \"%s\"", pos[0]);
	} else if (npos != 1) {
		return cli_usage_error("filing", "%s takes no argument", pos[0]);
	}
	if (!strcmp(pos[0], "create") && !province)
		return cli_usage_error("filing", "create needs --province CODE");
	if (!strcmp(pos[0], "export") && !out)
		return cli_usage_error("filing", "export needs --out DIR");
	if (!strcmp(pos[0], "receipt") && !no)
		return cli_usage_error("filing", "receipt needs --no RECEIPT_NO");
	if (!strcmp(pos[0], "reject") && (!number || !reason))
		return cli_usage_error("filing", "reject needs --number N and --reason R");
	if (encoding && filing_encoding_parse(encoding) < 0)
		return cli_usage_error("filing", "--encoding must be utf-8 or gb18030");
	if (days_s && str_to_ll(days_s, 0, FILING_DAYS_MAX, &days))
		return cli_usage_error("filing", "--days must be 0..%d", FILING_DAYS_MAX);
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = APP_OK;
	if (!strcmp(pos[0], "create")) {
		rc = app_filing_batch_create(&r.ctx, province, &id, &rows, &err);
		if (rc == APP_OK)
			printf("%lld\t%lld certificates\n", id, rows);
	} else if (!strcmp(pos[0], "list")) {
		struct filing_batch *b;
		size_t n;

		rc = app_filing_batch_list(&r.ctx, &b, &n, &err);
		for (size_t i = 0; rc == APP_OK && i < n; i++)
			printf("%lld\t%s\t%s\t%lld\t%lld\t%s\t%s\n", b[i].id,
			       b[i].province_code, b[i].status, b[i].row_count,
			       b[i].rejected, b[i].created_at, b[i].receipt_no);
	} else if (!strcmp(pos[0], "show") || !strcmp(pos[0], "export") ||
		   !strcmp(pos[0], "unfiled")) {
		rc = !strcmp(pos[0], "show")     ? show(&r.ctx, id)
		     : !strcmp(pos[0], "export") ? export(&r.ctx, id, out, encoding)
						 : unfiled(&r.ctx, days);
		cli_run_close(&r);
		return rc ? 1 : 0;
	} else if (!strcmp(pos[0], "submit")) {
		const char *sha256;

		rc = app_filing_submit(&r.ctx, id, &sha256, &err);
		if (rc == APP_OK)
			printf("submitted\tsha256 %s\n", sha256);
	} else if (!strcmp(pos[0], "receipt")) {
		long long accepted;

		rc = app_filing_receipt(&r.ctx, id, no, date, &accepted, &err);
		if (rc == APP_OK)
			printf("received\t%lld accepted\n", accepted);
	} else {
		struct filing_rejection row = {number, reason};
		size_t bad;

		rc = app_filing_reject(&r.ctx, id, &row, 1, &bad, &err);
		if (rc == APP_OK)
			printf("rejected\t%s\n", number);
	}
	cli_run_close(&r);
	return rc == APP_OK ? 0 : cli_fail("filing", &err);
}
