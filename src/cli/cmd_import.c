/*
 * cmd_import.c - `skillcert import people|enrolments|scores FILE`: an
 * assessment's spreadsheets from the command line, with a progress bar on
 * the terminal and the problems written where the user can fix them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

struct bar {
	bool tty;
	struct timespec start;
};

static double since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (now.tv_nsec - t->tv_nsec) / 1e9;
}

/* [#####.....]  42%  123456 rows  61728 rows/s, redrawn in place. */
static void progress(size_t rows, size_t done, size_t total, void *arg)
{
	struct bar *b = arg;
	double secs = since(&b->start);
	char bar[31];
	int pct = total ? (int)(done * 100 / total) : 0, fill = pct * 30 / 100;

	if (!b->tty)
		return;
	memset(bar, '.', 30);
	memset(bar, '#', (size_t)fill);
	bar[30] = '\0';
	if (total)
		fprintf(stderr, "\r[%s] %3d%%  %zu rows  %.0f rows/s ", bar, pct, rows,
			secs > 0 ? rows / secs : 0.0);
	else
		fprintf(stderr, "\r%zu rows  %.0f rows/s ", rows,
			secs > 0 ? rows / secs : 0.0);
	fflush(stderr);
}

static int write_problems(struct app_ctx *ctx, const struct import_report *rep,
			  const char *path, enum lang lang)
{
	struct app_error err;
	struct buf b;
	FILE *f;
	int rc = 1;

	buf_init(&b, 0);
	if (app_import_problems_xlsx(ctx, lang, rep, &b, &err) == APP_OK &&
	    (f = fopen(path, "wb"))) {
		if (fwrite(b.data, 1, b.len, f) == b.len && fclose(f) == 0)
			rc = 0;
		else
			fprintf(stderr, "skillcert import: cannot write %s\n", path);
	} else {
		fprintf(stderr, "skillcert import: cannot write %s\n", path);
	}
	buf_release(&b);
	return rc;
}

int cmd_import(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("import");
	enum lang lang = lang_choose(getenv("SKILLCERT_LANG"), NULL, NULL);
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct import_report rep;
	struct assess_import_opts io;
	struct bar bar;
	const char *pos[2], *plan = NULL, *dry = NULL, *problems = NULL;
	long long plan_id = 0;
	int npos, rc, kind;
	struct cli_opt opts[] = {
		{"data", 1, &o.data}, {"db", 1, &o.db},     {"key-file", 1, &o.key_file},
		{"plan", 1, &plan},   {"dry-run", 0, &dry}, {"problems", 1, &problems},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 2 || (kind = assess_import_parse(pos[0])) < 0)
		return cli_usage_error("import",
				       "give what (people, enrolments, "
				       "scores, legacy or qualifications) and the FILE");
	if ((kind == IMPORT_ENROLMENTS || kind == IMPORT_SCORES) &&
	    (!plan || str_to_ll(plan, 1, 1LL << 62, &plan_id)))
		return cli_usage_error("import", "%s needs --plan ID", pos[0]);
	if (access(pos[1], R_OK) != 0)
		return cli_usage_error("import", "cannot read %s", pos[1]);
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	memset(&bar, 0, sizeof(bar));
	bar.tty = isatty(STDERR_FILENO);
	clock_gettime(CLOCK_MONOTONIC, &bar.start);
	memset(&io, 0, sizeof(io));
	io.dry_run = dry != NULL;
	io.progress = progress;
	io.progress_arg = &bar;
	rc = app_assess_import(&r.ctx, (enum assess_import)kind, plan_id, NULL, 0, pos[1],
			       &io, &rep, &err);
	if (bar.tty)
		fputc('\n', stderr);
	if (rc != APP_OK && !(rc == APP_INVALID && rep.nproblems)) {
		fprintf(stderr, "skillcert import: %s%s%s%s%s\n", err.field ? err.field : "",
			err.field ? ": " : "", tr(lang, err.msg), err.detail ? ": " : "",
			err.detail ? err.detail : "");
		cli_run_close(&r);
		return 1;
	}
	for (size_t i = 0; i < rep.nproblems && i < ASSESS_IMPORT_MAX_PROBLEMS; i++)
		fprintf(stderr, "row %zu%s%s: %s\n", rep.problems[i].line,
			rep.problems[i].column ? ", column " : "",
			rep.problems[i].column ? rep.problems[i].column : "",
			app_import_problem_text(r.ctx.arena, lang, &rep.problems[i]));
	printf("%s%zu rows: %zu new, %zu updated, %zu unchanged, %zu with "
	       "problems (%.1f s)\n",
	       io.dry_run      ? "dry run: "
	       : rep.nproblems ? "nothing applied: "
			       : "",
	       rep.rows, rep.created, rep.updated, rep.unchanged, rep.nproblems,
	       since(&bar.start));
	rc = rep.nproblems ? 1 : 0;
	if (problems && rep.nproblems && write_problems(&r.ctx, &rep, problems, lang))
		rc = 1;
	cli_run_close(&r);
	return rc;
}
