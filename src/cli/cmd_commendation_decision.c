/* cmd_commendation_decision.c - `skillcert commendation decide|pdf|honours`: the
 * decision of a commendation campaign (表彰决定) with its honour
 * certificates, the decision's PDF and the honour roll
 * (app/commendation_decision.c), run as the operator unless --as names an
 * account. cmd_commendation() (cmd_commendation.c) hands these actions to
 * cmd_commendation_decision(). */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"

int cmd_commendation_decision(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("commendation");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct comm_decision_input in;
	const char *pos[3], *year = NULL, *category = NULL, *institution = NULL,
			    *as = NULL, *out = NULL;
	struct actor as_actor;
	long long id = 0, y = 0, inst = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"number", 1, &in.decision_no},
		{"date", 1, &in.decision_date},
		{"signatory", 1, &in.signatory},
		{"year", 1, &year},
		{"category", 1, &category},
		{"institution", 1, &institution},
		{"out", 1, &out},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	memset(&in, 0, sizeof(in));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 3, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("commendation", "which action? (see --help)");
	if (strcmp(pos[0], "honours") && (npos != 2 || str_to_ll(pos[1], 1, 1LL << 62, &id)))
		return cli_usage_error("commendation", "%s needs a CAMPAIGN id", pos[0]);
	if ((year && str_to_ll(year, 1949, 2999, &y)) ||
	    (institution && str_to_ll(institution, 1, 1LL << 62, &inst)))
		return cli_usage_error("commendation", "a number is not a number");
	if (!strcmp(pos[0], "pdf") && !out)
		return cli_usage_error("commendation", "pdf needs --out FILE");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "commendation", as, &as_actor))
		return 1;
	rc = 0;
	if (!strcmp(pos[0], "decide")) {
		struct comm_decision_report rep;

		if (app_comm_decide(&r.ctx, id, &in, &rep, &err))
			rc = cli_fail("commendation", &err);
		else
			printf("decided: %lld honour certificate(s) issued%s%s%s%s\n",
			       rep.issued, rep.first_number ? " " : "",
			       rep.first_number ? rep.first_number : "",
			       rep.last_number ? " .. " : "",
			       rep.last_number ? rep.last_number : "");
	} else if (!strcmp(pos[0], "pdf")) {
		struct buf b;

		buf_init(&b, 0);
		if (app_comm_decision_pdf(&r.ctx, id, &b, &err))
			rc = cli_fail("commendation", &err);
		else {
			FILE *f = fopen(out, "wb");

			if (!f || fwrite(b.data, 1, b.len, f) != b.len) {
				fprintf(stderr,
					"skillcert commendation: cannot write %s\n", out);
				rc = 1;
			}
			if (f && fclose(f) && !rc) {
				fprintf(stderr,
					"skillcert commendation: cannot write %s\n", out);
				rc = 1;
			}
		}
		buf_release(&b);
	} else if (!strcmp(pos[0], "honours")) {
		struct comm_honour *h;
		size_t n;

		if (app_comm_honours(&r.ctx, (int)y, category ? category : "", inst, &h,
				     &n, &err))
			rc = cli_fail("commendation", &err);
		for (size_t i = 0; !rc && i < n; i++)
			printf("%d\t%s\t%s\t%s\t%s\t%s\n", h[i].year, h[i].category,
			       h[i].number, h[i].holder_name, h[i].institution_name,
			       h[i].decision_no);
	} else {
		rc = cli_usage_error("commendation", "unknown action %s", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
