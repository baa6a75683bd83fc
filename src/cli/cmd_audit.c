/* cmd_audit.c - `skillcert audit verify|checkpoint|list`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

/* Reads a checkpoint file (at most 64 KiB) into the arena; NULL when it
 * cannot be read or is larger. */
static char *read_small(struct arena *a, const char *path)
{
	FILE *f = fopen(path, "rb");
	char *p;
	size_t n;

	if (!f)
		return NULL;
	if (!(p = arena_alloc(a, 65536 + 1))) {
		fclose(f);
		return NULL;
	}
	n = fread(p, 1, 65536 + 1, f);
	fclose(f);
	if (n > 65536)
		return NULL;
	p[n] = '\0';
	return p;
}

static int verify(struct cli_run *run, const char *against)
{
	struct audit_report rep;
	struct app_error err;
	int rc;

	if (against) {
		const char *text = read_small(run->ctx.arena, against);

		if (!text) {
			fprintf(stderr, "skillcert audit: cannot read %s\n", against);
			return 1;
		}
		rc = app_audit_verify_against(&run->ctx, text, &rep, &err);
	} else {
		rc = app_audit_verify(&run->ctx, &rep, &err);
	}
	if (rc != APP_OK)
		return cli_fail("audit", &err);
	if (rep.broken_seq) {
		printf("audit chain BROKEN at record %lld: %s (%lld records checked)\n",
		       rep.broken_seq, rep.reason, rep.checked);
		return 1;
	}
	printf("audit chain intact: %lld records\n", rep.checked);
	if (against)
		printf("extends the saved head: %lld records, root %s, signed %s by %s\n",
		       rep.saved_size, rep.saved_root, rep.saved_at, rep.saved_kid);
	return 0;
}

static int checkpoint(struct cli_run *run, const char *out)
{
	struct app_error err;
	const char *json;
	FILE *f;

	if (app_audit_checkpoint(&run->ctx, true, &json, &err) != APP_OK)
		return cli_fail("audit", &err);
	if (!out || !strcmp(out, "-")) {
		printf("%s\n", json);
		return 0;
	}
	f = fopen(out, "wx");
	if (!f || fprintf(f, "%s\n", json) < 0 || fclose(f) != 0) {
		fprintf(stderr,
			"skillcert audit: cannot write %s (an existing file is "
			"never replaced)\n",
			out);
		return 1;
	}
	printf("%s\n", json);
	return 0;
}

int cmd_audit(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("audit");
	struct cli_opts o;
	struct cli_run run;
	struct app_error err;
	const char *pos[1], *limit_s = NULL, *against = NULL, *out = NULL;
	struct audit_filter f;
	long long limit = 50;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"actor", 1, &f.actor},
		{"action", 1, &f.action},
		{"object-type", 1, &f.object_type},
		{"object-id", 1, &f.object_id},
		{"from", 1, &f.from},
		{"to", 1, &f.to},
		{"limit", 1, &limit_s},
		{"against", 1, &against},
		{"out", 1, &out},
		{NULL, 0, NULL},
	};

	memset(&f, 0, sizeof(f));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 || (strcmp(pos[0], "verify") && strcmp(pos[0], "list") &&
			  strcmp(pos[0], "checkpoint")))
		return cli_usage_error("audit", "which action: verify, checkpoint or list?");
	if (limit_s && str_to_ll(limit_s, 1, 100000, &limit))
		return cli_usage_error("audit", "--limit must be 1..100000");
	if (against && strcmp(pos[0], "verify"))
		return cli_usage_error("audit", "--against goes with verify");
	if (out && strcmp(pos[0], "checkpoint"))
		return cli_usage_error("audit", "--out goes with checkpoint");
	cli_opts_finish(&o);
	if (cli_run_open(&run, &o) != 0)
		return 1;
	if (!strcmp(pos[0], "verify")) {
		rc = verify(&run, against);
	} else if (!strcmp(pos[0], "checkpoint")) {
		rc = checkpoint(&run, out);
	} else {
		struct audit_record *items;
		size_t n;
		long long total;

		f.limit = limit;
		if (app_audit_list(&run.ctx, &f, &items, &n, &total, &err) != APP_OK) {
			rc = cli_fail("audit", &err);
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
