/* cmd_audit.c - `skillcert audit verify|list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

int cmd_audit(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("audit");
	struct cli_opts o;
	struct cli_run run;
	struct app_error err;
	const char *pos[1], *limit_s = NULL;
	struct audit_filter f;
	long long limit = 50;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},       {"db", 1, &o.db},
		{"key-file", 1, &o.key_file}, {"actor", 1, &f.actor},
		{"action", 1, &f.action},   {"object-type", 1, &f.object_type},
		{"object-id", 1, &f.object_id}, {"from", 1, &f.from},
		{"to", 1, &f.to},           {"limit", 1, &limit_s},
		{NULL, 0, NULL},
	};

	memset(&f, 0, sizeof(f));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || (strcmp(pos[0], "verify") && strcmp(pos[0], "list")))
		return cli_usage_error("audit", "which action: verify or list?");
	if (limit_s && str_to_ll(limit_s, 1, 100000, &limit))
		return cli_usage_error("audit", "--limit must be 1..100000");
	cli_opts_finish(&o);
	if (cli_run_open(&run, &o) != 0)
		return 1;
	if (!strcmp(pos[0], "verify")) {
		struct audit_report rep;

		if (app_audit_verify(&run.ctx, &rep, &err) != APP_OK) {
			fprintf(stderr, "skillcert audit: %s\n", tr(LANG_EN, err.msg));
			rc = 1;
		} else if (rep.broken_seq) {
			printf("audit chain BROKEN at record %lld: %s "
			       "(%lld records checked)\n",
			       rep.broken_seq, rep.reason, rep.checked);
			rc = 1;
		} else {
			printf("audit chain intact: %lld records\n", rep.checked);
		}
	} else {
		struct audit_record *items;
		size_t n;
		long long total;

		f.limit = limit;
		if (app_audit_list(&run.ctx, &f, &items, &n, &total, &err) != APP_OK) {
			fprintf(stderr, "skillcert audit: %s%s%s\n",
				err.field ? err.field : "", err.field ? ": " : "",
				tr(LANG_EN, err.msg));
			rc = 1;
		} else {
			for (size_t i = 0; i < n; i++)
				printf("%lld\t%s\t%s\t%s\t%s %s\t%s\t%s\n", items[i].seq,
				       items[i].at, items[i].actor, items[i].action,
				       items[i].object_type, items[i].object_id,
				       items[i].before, items[i].after);
		}
	}
	cli_run_close(&run);
	return rc;
}
