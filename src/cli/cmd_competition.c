/* cmd_competition.c - `skillcert competition ...`: skills competitions, their
 * technical document, status, events, entries and judges (app/competition.c),
 * run as the operator (the system). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

/* the largest file read (a technical document or a marks sheet) */
#define MAX_FILE (4 << 20)

/* "3,5" into ids; -1 when a part is not a positive id. */
static int ids(const char *text, long long *out, size_t max, size_t *n)
{
	char buf[256], *save = NULL;

	*n = 0;
	if (!text)
		return 0;
	if (strlen(text) >= sizeof(buf))
		return -1;
	memcpy(buf, text, strlen(text) + 1);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (*n >= max || str_to_ll(t, 1, 1LL << 62, &out[*n]))
			return -1;
		(*n)++;
	}
	return 0;
}

static int num(const char *s, int *out)
{
	long long v = 0;

	if (s && str_to_ll(s, 0, 100000, &v))
		return -1;
	*out = (int)v;
	return 0;
}

static void show(const struct comp_detail *d)
{
	const struct competition *x = &d->comp;

	printf("id: %lld\nname: %s\ntier: %s\nyear: %d\norganiser: %s\nstatus: %s\n"
	       "dates: %s %s\nvenue: %s\napproval_doc: %s\ndocument: %s v%d %s\n",
	       x->id, x->name, x->tier, x->year,
	       *x->organiser_name ? x->organiser_name : "center", x->status, x->starts_on,
	       x->ends_on, x->venue, x->approval_doc, x->doc_code, x->doc_version,
	       x->doc_digest);
	for (size_t i = 0; i < d->ncoorganisers; i++)
		printf("coorganiser: %lld %s\n", d->coorganisers[i].id,
		       d->coorganisers[i].name);
	for (size_t i = 0; i < d->nevents; i++) {
		const struct competition_event *e = &d->events[i];

		printf("event: %lld %s %s group=%s team=%d quota_institution=%d "
		       "quota_province=%d ages=%d-%d\n",
		       e->id, e->occupation_code, e->occupation_name, e->grp, e->team_size,
		       e->quota_institution, e->quota_province, e->min_age, e->max_age);
		for (size_t k = 0; k < d->nentries; k++) {
			const struct competition_entry *n = &d->entries[k];

			if (n->event_id != e->id)
				continue;
			printf("  entry: %lld %s %s", n->id, n->status, n->institution_name);
			for (size_t m = 0; m < d->nentrants; m++)
				if (d->entrants[m].entry_id == n->id)
					printf(" %lld:%s", d->entrants[m].person_id,
					       d->entrants[m].name);
			printf("%s%s\n", *n->reason ? " reason=" : "", n->reason);
		}
		for (size_t k = 0; k < d->njudges; k++)
			if (d->judges[k].event_id == e->id)
				printf("  judge: %lld %s %lld:%s%s%s\n", d->judges[k].id,
				       d->judges[k].role, d->judges[k].person_id,
				       d->judges[k].name,
				       *d->judges[k].override_note ? " override=" : "",
				       d->judges[k].override_note);
	}
}

/* ---- marking (app/competition_marks.c) ---- */

static int print_sheet(struct app_ctx *ctx, long long event)
{
	struct comp_sheet s;
	struct app_error err;

	if (app_comp_sheet(ctx, event, &s, &err))
		return cli_fail("competition", &err);
	for (size_t m = 0; m < s.doc.nmodules; m++)
		printf("module: %s %s\n", s.doc.modules[m].code,
		       app_comp_locked(&s, s.doc.modules[m].code) ? "locked" : "open");
	printf("module: theory %s\n", app_comp_locked(&s, "theory") ? "locked" : "open");
	for (size_t i = 0; i < s.njudges; i++)
		printf("judge: %lld %s %s\n", s.judges[i].id, s.judges[i].role,
		       s.judges[i].name);
	for (size_t i = 0; i < s.nmarks; i++)
		printf("mark: %lld %s %lld %s %d%s%s\n", s.marks[i].entry_id,
		       s.marks[i].aspect, s.marks[i].judge_id, s.marks[i].value,
		       s.marks[i].marks, *s.marks[i].note ? " note=" : "", s.marks[i].note);
	for (size_t i = 0; i < s.ntheory; i++)
		printf("theory: %lld %d.%02d\n", s.theory[i].entry_id,
		       s.theory[i].score / 100, s.theory[i].score % 100);
	printf("module: time %s\n", app_comp_locked(&s, "time") ? "locked" : "open");
	for (size_t i = 0; i < s.ntimes; i++)
		printf("time: %lld %d\n", s.times[i].entry_id, s.times[i].seconds);
	return 0;
}

/* A refusal naming an aspect and marks: the rule's text. */
static int fail_why(const struct app_error *err, const struct comp_refusal *why)
{
	struct arena a;

	if (!comp_refusal_is(why, err->msg))
		return cli_fail("competition", err);
	arena_init(&a);
	fprintf(stderr, "skillcert competition: %s\n",
		comp_refusal_str(&a, cli_lang(), why));
	arena_release(&a);
	return 1;
}

/* Saved, with a spread still to resolve: said on stdout. */
static void print_spread(const struct comp_refusal *why)
{
	struct arena a;

	arena_init(&a);
	printf("spread: %s\n", comp_refusal_str(&a, cli_lang(), why));
	arena_release(&a);
}

static int print_results(struct app_ctx *ctx, long long id)
{
	struct comp_results r;
	struct app_error err;

	if (app_comp_results(ctx, id, &r, &err))
		return cli_fail("competition", &err);
	for (size_t i = 0; i < r.nrows; i++) {
		const struct comp_result *x = &r.rows[i];

		printf("%lld\t%lld\t%d\t%d.%02d\t%d\t%s\t%s\t%s\n", x->event_id,
		       x->entry_id, x->place, x->total.total / 100, x->total.total % 100,
		       x->standard, comp_award_name(x->award), x->institution, x->names);
	}
	return 0;
}

/* The honour list: year, competition, tier, event, group, place, award,
 * titles, squad, names (masked). */
static int print_honours(struct app_ctx *ctx, long long institution, int year)
{
	struct comp_honours h;
	struct app_error err;

	if (app_comp_honours(ctx, institution, year, &h, &err))
		return cli_fail("competition", &err);
	for (size_t i = 0; i < h.nrows; i++) {
		const struct comp_honour *x = &h.rows[i];

		printf("%d\t%lld\t%s\t%s\t%s\t%s\t%d/%d\t%s\t", x->year,
		       x->competition_id, x->competition, x->tier, x->occupation_code,
		       comp_group_name(x->group), x->place, x->entrants,
		       comp_award_name(x->award));
		for (int t = 0, first = 1; t < COMP_TITLE_COUNT; t++)
			if (x->titles & (1u << t)) {
				printf("%s%s", first ? "" : ",",
				       comp_title_name((enum comp_title)t));
				first = 0;
			}
		printf("\t%s\t%s\n", x->squad ? "squad" : "", x->names);
	}
	return 0;
}

static int print_promotions(struct app_ctx *ctx, long long id)
{
	struct comp_promo_row *rows;
	struct app_error err;
	size_t n;

	if (app_comp_promotions(ctx, id, &rows, &n, &err))
		return cli_fail("competition", &err);
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%lld\t%s\t%d/%d\t%s\tcurrent=%d\t%s\tlevel=%d\trule=%d\t%s\t%s\n",
		       rows[i].entry_id, rows[i].person_id, rows[i].name, rows[i].place,
		       rows[i].entrants, comp_award_name(rows[i].award), rows[i].current,
		       comp_promo_name(rows[i].promo.outcome), rows[i].promo.level,
		       rows[i].promo.rule, rows[i].status ? rows[i].status : "pending",
		       rows[i].certificate_number && *rows[i].certificate_number
			       ? rows[i].certificate_number
			       : "-");
	return 0;
}

/* promote ID [--all | --entry E --person P [--from-level L]] [--institution I]:
 * without --from-level, the level the registry gives now. */
static int promote(struct app_ctx *ctx, long long id, bool all, long long entry,
		   long long person, const char *from, long long inst)
{
	struct comp_promote_report rep;
	struct comp_promote_pick pick = {entry, person, 0};
	struct app_error err;
	long long lv = 0;

	if (!all && (!entry || !person))
		return cli_usage_error("competition",
				       "promote needs --all or --entry and --person");
	if (from && str_to_ll(from, 0, 5, &lv))
		return cli_usage_error("competition", "--from-level is 0-5");
	pick.from_level = (int)lv;
	if (!all && !from) {
		struct comp_promo_row *rows;
		size_t n;

		if (app_comp_promotions(ctx, id, &rows, &n, &err))
			return cli_fail("competition", &err);
		for (size_t i = 0; i < n; i++)
			if (rows[i].entry_id == entry && rows[i].person_id == person)
				pick.from_level = rows[i].current;
	}
	if (app_comp_promote(ctx, id, &pick, all ? 0 : 1, all, inst, &rep, &err)) {
		if (rep.who)
			fprintf(stderr, "skillcert competition: %s: %s\n",
				tr(cli_lang(), err.msg), rep.who);
		return rep.who ? 1 : cli_fail("competition", &err);
	}
	for (size_t i = 0; i < rep.nrows; i++)
		printf("%lld\t%lld\t%s\t%s\n", rep.rows[i].entry_id, rep.rows[i].person_id,
		       rep.rows[i].skipped ? "skipped" : rep.rows[i].number,
		       rep.rows[i].name);
	printf("issued: %zu\nskipped: %zu\n", rep.issued, rep.skipped);
	return 0;
}

static int import_marks(struct cli_run *r, long long event, const char *path, bool dry)
{
	struct comp_import_report rep;
	struct app_error err;
	size_t len = 0;
	char *data = path ? cli_slurp(&r->arena, path, MAX_FILE, &len) : NULL;

	if (!data) {
		fprintf(stderr, "skillcert competition: cannot read %s\n", path ? path : "");
		return 1;
	}
	if (app_comp_import(&r->ctx, event, data, len, !dry, cli_lang(), &rep, &err))
		return cli_fail("competition", &err);
	printf("rows: %d\nmarks: %d\n%s\n", rep.rows, rep.marks,
	       rep.committed ? "committed" : "nothing written");
	for (size_t i = 0; i < rep.nproblems; i++)
		printf("row %d, %s: %s\n", rep.problems[i].row, rep.problems[i].column,
		       rep.problems[i].text);
	return rep.nproblems ? 1 : 0;
}

/* ---- corrections and appeals (issue 13), with --as ---- */

/* What the correction and appeal actions take from the command line. */
struct ca_args {
	long long entry, judge;
	const char *aspect, *value, *reason, *name, *contact, *text, *resolution, *appeal;
};

/* correction, correction-approve, correction-refuse, appeal,
 * appeal-resolve on id; -1 when action is none of them. */
static int corrections_appeals(struct app_ctx *ctx, const char *action, long long id,
			       const struct ca_args *a)
{
	struct app_error err;
	struct comp_refusal why;
	long long out = 0, appeal = 0;

	if (!strcmp(action, "correction")) {
		struct comp_mark_input mi = {a->entry, a->judge, a->aspect, a->value,
					     a->reason};

		if (app_comp_correction_file(ctx, id, &mi, &out, &err))
			return cli_fail("competition", &err);
		printf("%lld\n", out);
		return 0;
	}
	if (!strcmp(action, "correction-approve") || !strcmp(action, "correction-refuse")) {
		if (app_comp_correction_decide(
			    ctx, id, !strcmp(action, "correction-approve"), &why, &err))
			return fail_why(&err, &why);
		return 0;
	}
	if (!strcmp(action, "appeal")) {
		if (app_comp_appeal_file(ctx, id, a->name, a->contact, a->text, &out, &err))
			return cli_fail("competition", &err);
		printf("%lld\n", out);
		return 0;
	}
	if (!strcmp(action, "appeal-resolve")) {
		if (!a->appeal || str_to_ll(a->appeal, 1, 1LL << 62, &appeal))
			return cli_usage_error("competition",
					       "appeal-resolve needs COMP APPEAL");
		if (app_comp_appeal_resolve(ctx, id, appeal, a->resolution, &err))
			return cli_fail("competition", &err);
		return 0;
	}
	return -1;
}

int cmd_competition(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("competition");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct comp_input in;
	struct comp_event_input ev;
	const char *pos[4], *year = NULL, *tier = NULL, *organiser = NULL, *coorg = NULL;
	const char *doc_file = NULL, *group = NULL, *occupation = NULL, *qi = NULL,
		   *qp = NULL;
	const char *min_age = NULL, *max_age = NULL, *institution = NULL, *people = NULL;
	const char *reason = NULL, *person = NULL, *role = NULL, *note = NULL;
	const char *entry = NULL, *aspect = NULL, *judge = NULL, *value = NULL,
		   *module = NULL, *dry = NULL, *all = NULL, *from = NULL;
	const char *as = NULL, *contact = NULL, *text = NULL, *resolution = NULL;
	struct actor as_actor;
	int ca;
	long long entry_id = 0, judge_id = 0;
	long long id = 0, out = 0, co[16], who[4], y = 0, inst = 0, pid = 0;
	size_t nco = 0, nwho = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"name", 1, &in.name},
		{"tier", 1, &tier},
		{"year", 1, &year},
		{"organiser", 1, &organiser},
		{"coorganisers", 1, &coorg},
		{"approval-doc", 1, &in.approval_doc},
		{"starts", 1, &in.starts_on},
		{"ends", 1, &in.ends_on},
		{"venue", 1, &in.venue},
		{"document-code", 1, &in.document_code},
		{"document", 1, &doc_file},
		{"occupation", 1, &occupation},
		{"group", 1, &group},
		{"quota-institution", 1, &qi},
		{"quota-province", 1, &qp},
		{"min-age", 1, &min_age},
		{"max-age", 1, &max_age},
		{"institution", 1, &institution},
		{"people", 1, &people},
		{"reason", 1, &reason},
		{"person", 1, &person},
		{"role", 1, &role},
		{"override-note", 1, &note},
		{"entry", 1, &entry},
		{"aspect", 1, &aspect},
		{"judge", 1, &judge},
		{"value", 1, &value},
		{"module", 1, &module},
		{"dry-run", 0, &dry},
		{"all", 0, &all},
		{"from-level", 1, &from},
		{"as", 1, &as},
		{"contact", 1, &contact},
		{"text", 1, &text},
		{"resolution", 1, &resolution},
		{NULL, 0, NULL},
	};

	memset(&in, 0, sizeof(in));
	memset(&ev, 0, sizeof(ev));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 4, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("competition", "which action? (see --help)");
	if (strcmp(pos[0], "list") && strcmp(pos[0], "add") &&
	    (npos < 2 || str_to_ll(pos[1], 1, 1LL << 62, &id)))
		return cli_usage_error("competition", "%s needs an ID", pos[0]);
	if ((npos == 4) != !strcmp(pos[0], "time"))
		return cli_usage_error("competition",
				       npos == 4 ? "too many arguments"
						 : "time needs EVENT ENTRY SECONDS");
	if ((!strcmp(pos[0], "act") && npos != 3) ||
	    (!strcmp(pos[0], "import-marks") && npos != 3))
		return cli_usage_error("competition",
				       "%s needs two arguments (see --help)", pos[0]);
	if ((year && str_to_ll(year, 0, 9999, &y)) ||
	    (organiser && str_to_ll(organiser, 1, 1LL << 62, &in.organiser_id)) ||
	    (institution && str_to_ll(institution, 1, 1LL << 62, &inst)) ||
	    (person && str_to_ll(person, 1, 1LL << 62, &pid)) ||
	    (entry && str_to_ll(entry, 1, 1LL << 62, &entry_id)) ||
	    (judge && str_to_ll(judge, 1, 1LL << 62, &judge_id)) ||
	    ids(coorg, co, 16, &nco) || ids(people, who, 4, &nwho) ||
	    num(qi, &ev.quota_institution) || num(qp, &ev.quota_province) ||
	    num(min_age, &ev.min_age) || num(max_age, &ev.max_age))
		return cli_usage_error("competition", "a number is not a number");
	cli_opts_finish(&o);
	/* --as: checked and audited as that account (its grants, or its
	 * person: a judge's), not as the operator */
	if (cli_run_open_as(&r, &o, "competition", as, &as_actor))
		return 1;
	if (doc_file && !(in.document = cli_slurp(&r.arena, doc_file, MAX_FILE, NULL))) {
		fprintf(stderr, "skillcert competition: cannot read %s\n", doc_file);
		cli_run_close(&r);
		return 1;
	}
	ca = corrections_appeals(&r.ctx, pos[0], id,
				 &(struct ca_args){entry_id, judge_id, aspect, value,
						   reason, in.name, contact, text,
						   resolution, npos > 2 ? pos[2] : NULL});
	rc = 0;
	if (ca >= 0)
		rc = ca; /* a correction or an appeal: done */
	else if (!strcmp(pos[0], "list")) {
		struct competition *items;
		size_t n;

		if (app_comp_list(&r.ctx, (int)y, tier ? tier : "", &items, &n, &err))
			rc = cli_fail("competition", &err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			printf("%lld\t%d\t%s\t%s\t%s\n", items[i].id, items[i].year,
			       items[i].tier, items[i].status, items[i].name);
	} else if (!strcmp(pos[0], "add")) {
		in.tier = tier;
		in.year = (int)y;
		in.coorganisers = co;
		in.ncoorganisers = nco;
		if (app_comp_create(&r.ctx, &in, &out, &err))
			rc = cli_fail("competition", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "show")) {
		struct comp_detail d;

		if (app_comp_get(&r.ctx, id, &d, &err))
			rc = cli_fail("competition", &err);
		else
			show(&d);
	} else if (!strcmp(pos[0], "document")) {
		int version;

		if (app_comp_document(&r.ctx, id, in.document_code, in.document, &version,
				      &err))
			rc = cli_fail("competition", &err);
		else
			printf("version %d\n", version);
	} else if (!strcmp(pos[0], "act")) {
		if (app_comp_act(&r.ctx, id, pos[2], &err))
			rc = cli_fail("competition", &err);
	} else if (!strcmp(pos[0], "event")) {
		ev.occupation_code = occupation;
		ev.group = group;
		if (app_comp_event_add(&r.ctx, id, &ev, &out, &err))
			rc = cli_fail("competition", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "nominate")) {
		if (app_comp_nominate(&r.ctx, id, inst, who, nwho, note, &out, &err))
			rc = cli_fail("competition", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "confirm") || !strcmp(pos[0], "refuse")) {
		if (app_comp_decide(&r.ctx, id, !strcmp(pos[0], "confirm"), reason, &err))
			rc = cli_fail("competition", &err);
	} else if (!strcmp(pos[0], "judge")) {
		if (app_comp_appoint(&r.ctx, id, pid, role, note, &out, &err))
			rc = cli_fail("competition", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "marks")) {
		rc = print_sheet(&r.ctx, id);
	} else if (!strcmp(pos[0], "mark")) {
		struct comp_mark_input mi = {entry_id, judge_id, aspect, value, note};
		struct comp_refusal why;

		if (app_comp_mark(&r.ctx, id, &mi, &why, &err))
			rc = fail_why(&err, &why);
		else if (why.key)
			print_spread(&why);
	} else if (!strcmp(pos[0], "theory")) {
		if (app_comp_theory(&r.ctx, id, entry_id, value, &err))
			rc = cli_fail("competition", &err);
	} else if (!strcmp(pos[0], "time")) {
		if (str_to_ll(pos[2], 1, 1LL << 62, &entry_id))
			rc = cli_usage_error("competition", "ENTRY is not a number");
		else if (app_comp_time(&r.ctx, id, entry_id, pos[3], "seconds", &err))
			rc = cli_fail("competition", &err);
	} else if (!strcmp(pos[0], "honours")) {
		rc = print_honours(&r.ctx, id, (int)y);
	} else if (!strcmp(pos[0], "lock")) {
		struct comp_refusal why;

		if (app_comp_lock(&r.ctx, id, module, &why, &err))
			rc = fail_why(&err, &why);
	} else if (!strcmp(pos[0], "import-marks")) {
		rc = npos == 3 ? import_marks(&r, id, pos[2], dry != NULL)
			       : cli_usage_error("competition",
						 "import-marks needs EVENT FILE");
	} else if (!strcmp(pos[0], "results")) {
		rc = print_results(&r.ctx, id);
	} else if (!strcmp(pos[0], "promotions")) {
		rc = print_promotions(&r.ctx, id);
	} else if (!strcmp(pos[0], "issue-awards")) {
		struct comp_awards_report rep;

		if (app_comp_awards_issue(&r.ctx, id, inst, &rep, &err))
			rc = cli_fail("competition", &err);
		else
			printf("issued: %lld\nalready: %lld\nfirst: %s\nlast: %s\n",
			       rep.issued, rep.already,
			       rep.first_number ? rep.first_number : "-",
			       rep.last_number ? rep.last_number : "-");
	} else if (!strcmp(pos[0], "promote")) {
		rc = promote(&r.ctx, id, all != NULL, entry_id, pid, from, inst);
	} else if (!strcmp(pos[0], "promote-reject")) {
		if (app_comp_promote_reject(&r.ctx, id, entry_id, pid, reason, &err))
			rc = cli_fail("competition", &err);
	} else {
		rc = cli_usage_error("competition", "unknown action \"%s\"", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
