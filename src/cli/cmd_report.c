/*
 * cmd_report.c - `skillcert statistics report --year Y [--format pdf|xlsx]
 * --out FILE [--as USER]`: the annual report (app/stats_report.c,
 * docs/annual-report.md) written to FILE; cmd_statistics hands it the
 * "report" action.
 */
#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "base/str.h"
#include "cli/cli.h"

int cmd_report(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("statistics");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct actor as_actor;
	struct buf b;
	const char *pos[1], *year_s = NULL, *format = NULL, *out = NULL, *as = NULL;
	long long year = 0;
	bool xlsx;
	int npos, rc;
	FILE *f;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"year", 1, &year_s},
		{"format", 1, &format},
		{"out", 1, &out},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!year_s || str_to_ll(year_s, 2000, 2100, &year))
		return cli_usage_error("statistics", "report needs --year 2000..2100");
	if (format && strcmp(format, "pdf") && strcmp(format, "xlsx"))
		return cli_usage_error("statistics", "--format must be pdf or xlsx");
	if (!out || !*out)
		return cli_usage_error("statistics", "report needs --out FILE");
	xlsx = format && !strcmp(format, "xlsx");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "statistics", as, &as_actor))
		return 1;
	r.ctx.lang = (int)cli_lang();
	buf_init(&b, 0);
	rc = 0;
	if (app_stats_report(&r.ctx, (int)year, xlsx ? STATS_REPORT_XLSX : STATS_REPORT_PDF,
			     &b, &err) != APP_OK) {
		rc = cli_fail("statistics", &err);
	} else {
		bool ok = (f = fopen(out, "wb")) && fwrite(b.data, 1, b.len, f) == b.len;

		if ((f && fclose(f)) || !ok) {
			fprintf(stderr, "skillcert statistics: cannot write %s\n", out);
			rc = 1;
		} else {
			printf("%s: %zu bytes\n", out, b.len);
		}
	}
	buf_release(&b);
	cli_run_close(&r);
	return rc;
}
