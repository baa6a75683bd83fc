/* cmd_exam.c - `skillcert exam …`: computer-based theory exams from the
 * command line (app/exam_paper.c, app/exam_attempt.c): add a blueprint,
 * assemble, seal and list a plan's papers, open a paper's sitting, the
 * proctor's roster, more time for one candidate, closing (a cron job may
 * close sittings whose time is over). Run as the operator unless --as
 * names an account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"

#define BLUEPRINT_MAX ((size_t)1 << 20)

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

int cmd_exam(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("exam");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[3], *institution = NULL, *blueprint = NULL, *seed = NULL,
			    *start = NULL, *minutes = NULL, *reason = NULL, *as = NULL;
	struct actor as_actor;
	long long inst = 0, bp = 0, id = 0, attempt = 0, mins = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"institution", 1, &institution},
		{"blueprint", 1, &blueprint},
		{"seed", 1, &seed},
		{"start", 1, &start},
		{"minutes", 1, &minutes},
		{"reason", 1, &reason},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 3, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 2)
		return cli_usage_error("exam", "which action, on what? (see --help)");
	if (strcmp(pos[0], "blueprint") && str_to_ll(pos[1], 1, 1LL << 62, &id))
		return cli_usage_error("exam", "%s is not an id", pos[1]);
	if ((institution && str_to_ll(institution, 1, 1LL << 62, &inst)) ||
	    (blueprint && str_to_ll(blueprint, 1, 1LL << 62, &bp)) ||
	    (minutes && str_to_ll(minutes, 1, 1000, &mins)))
		return cli_usage_error(
			"exam", "--institution, --blueprint and --minutes are numbers");
	if (!strcmp(pos[0], "blueprint") && !institution)
		return cli_usage_error("exam", "blueprint needs --institution");
	if (!strcmp(pos[0], "assemble") && !blueprint)
		return cli_usage_error("exam", "assemble needs --blueprint");
	if (!strcmp(pos[0], "open") && !start)
		return cli_usage_error("exam", "open needs --start \"YYYY-MM-DD HH:MM\"");
	if (!strcmp(pos[0], "extend") &&
	    (npos != 3 || str_to_ll(pos[2], 1, 1LL << 62, &attempt) || !minutes || !reason))
		return cli_usage_error(
			"exam", "extend needs PAPER ATTEMPT --minutes M --reason TEXT");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "exam", as, &as_actor))
		return 1;
	rc = 0;
	if (!strcmp(pos[0], "blueprint")) {
		size_t len = 0;
		char *doc = cli_slurp(&r.arena, pos[1], BLUEPRINT_MAX, &len);
		long long nid = 0;

		if (!doc) {
			fprintf(stderr, "skillcert exam: cannot read %s (at most 1 MiB)\n",
				pos[1]);
			rc = 1;
		} else if (app_blueprint_add(&r.ctx, inst, doc, &nid, &err)) {
			rc = cli_fail("exam", &err);
		} else {
			printf("%lld\n", nid);
		}
	} else if (!strcmp(pos[0], "assemble")) {
		struct paper_made m;
		char *end = NULL;
		unsigned long long s = seed ? strtoull(seed, &end, 10) : 0;

		if (seed && (!*seed || *end)) {
			rc = cli_usage_error("exam", "--seed is a decimal number");
		} else if (app_paper_assemble(&r.ctx, id, bp, seed != NULL, (uint64_t)s,
					      &m, &err)) {
			rc = cli_fail("exam", &err);
		} else {
			printf("%lld\t%zu items\t%d.%d points\tseed %llu%s\n", m.id,
			       m.nitems, m.total / 10, m.total % 10,
			       (unsigned long long)m.seed,
			       m.warnings ? "\t(outside the difficulty band)" : "");
		}
	} else if (!strcmp(pos[0], "papers")) {
		struct exam_paper_row *ps;
		size_t n;

		if (app_papers(&r.ctx, id, &ps, &n, &err))
			rc = cli_fail("exam", &err);
		for (size_t i = 0; !rc && i < n; i++)
			printf("%lld\t%s\t%s v%s\t%lld items\tstarts %s\tclosed %s\n",
			       ps[i].id, ps[i].status, ps[i].occupation_code,
			       ps[i].version, ps[i].nitems, or_dash(ps[i].starts_at),
			       or_dash(ps[i].closed_at));
	} else if (!strcmp(pos[0], "seal")) {
		char digest[65];

		if (app_paper_seal(&r.ctx, id, digest, &err))
			rc = cli_fail("exam", &err);
		else
			printf("%s\n", digest);
	} else if (!strcmp(pos[0], "open")) {
		if (app_paper_open(&r.ctx, id, start, &err))
			rc = cli_fail("exam", &err);
	} else if (!strcmp(pos[0], "roster")) {
		struct exam_roster ro;

		if (app_exam_roster(&r.ctx, id, &ro, &err)) {
			rc = cli_fail("exam", &err);
		} else {
			printf("starts %s, ends %s; %d answering, %d handed in, %d not signed "
			       "in\n",
			       or_dash(ro.p.starts_at), or_dash(ro.ends_at),
			       ro.in_progress, ro.finished, ro.absent);
			for (size_t i = 0; i < ro.n; i++) {
				const struct exam_roster_row *x = &ro.rows[i];

				printf("%d\t%s\t%s", x->seat, x->person_name,
				       x->person_masked_id);
				if (x->has_attempt)
					printf("\t%lld\t%s\t%d answered\tdeadline %s%s\n",
					       x->a.id, x->a.status, x->a.answered,
					       x->deadline, x->overdue ? " (past)" : "");
				else
					printf("\t-\tabsent\n");
			}
		}
	} else if (!strcmp(pos[0], "extend")) {
		if (app_exam_extend(&r.ctx, id, attempt, (int)mins, reason, &err))
			rc = cli_fail("exam", &err);
	} else if (!strcmp(pos[0], "close")) {
		struct exam_closed x;

		if (app_exam_close(&r.ctx, id, &x, &err))
			rc = cli_fail("exam", &err);
		else
			printf("%d handed in now, %d still answering, %s, %zu items' "
			       "statistics\n",
			       x.finished_now, x.still_running,
			       x.closed ? "closed" : "open", x.items_stats);
	} else {
		rc = cli_usage_error("exam", "unknown action %s", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
