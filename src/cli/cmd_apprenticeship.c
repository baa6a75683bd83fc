/* cmd_apprenticeship.c - `skillcert apprenticeship ...`: enterprise
 * new-type apprenticeship classes, their plan, filing and status,
 * apprentices with their progress, status, enrolment into a plan and
 * advances, and the subsidy claim list (app/apprenticeship.c), run as the
 * operator (the system), or with --as as an account. */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

static int num(const char *s, long long lo, long long hi, long long *out)
{
	return s ? str_to_ll(s, lo, hi, out) : 0;
}

static void show_class(const struct appr_detail *d)
{
	const struct appr_class *k = &d->k;

	printf("id: %lld\nstatus: %s\ninstitution: %lld %s\nenterprise: %s %s\n"
	       "school: %s (%s)\noccupation: %s\ntarget_level: %d\nstarts_on: %s\n"
	       "months: %d (standard %d%s)\nrules: %s %s %s\n",
	       k->id, k->status, k->institution_id, k->institution_name,
	       k->enterprise_name, k->enterprise_credit_code, k->school_name,
	       k->school_kind, k->occupation_code, k->target_level, k->starts_on,
	       k->months, d->standard_months, d->special ? ", special case" : "",
	       k->rules_code, k->rules_version, k->rules_digest);
	if (*k->filing_no)
		printf("agreement: %s %s\nfiling: %s %s %s\n", k->agreement_no,
		       k->agreement_signed_on, k->filing_no, k->filing_date,
		       k->filing_authority);
	for (size_t i = 0; i < d->ncourses; i++)
		printf("course: %lld %s %s %dh %d credits\n", d->courses[i].id,
		       d->courses[i].name, d->courses[i].side, d->courses[i].hours,
		       d->courses[i].credits);
	for (size_t i = 0; i < d->napprentices; i++) {
		const struct apprentice *a = &d->apprentices[i];

		printf("apprentice: %lld %s %s %lldh %lld credits%s%s\n", a->id,
		       a->person_name, a->status, a->hours, a->credits,
		       a->enrolment_id ? " enrolled" : "", "");
	}
}

static void show_apprentice(const struct apprentice_detail *d)
{
	const struct apprentice *a = &d->a;

	printf("id: %lld\nclass: %lld\nperson: %lld %s\ncontract: %s .. %s\nhire_kind: %s\n"
	       "mentors: %s / %s\nstatus: %s%s%s\nhours: %lld\ncredits: %lld\n",
	       a->id, a->class_id, a->person_id, a->person_name, a->contract_start,
	       a->contract_end, a->hire_kind, a->enterprise_mentor, a->school_mentor,
	       a->status, *a->status_reason ? " " : "", a->status_reason, a->hours,
	       a->credits);
	if (*a->completed_on)
		printf("completed_on: %s\n", a->completed_on);
	if (a->enrolment_id)
		printf("enrolment: %lld plan %lld\n", a->enrolment_id, a->plan_id);
	for (size_t i = 0; i < d->nprogress; i++)
		printf("progress: %s %dh %d credits %s\n", d->progress[i].course_name,
		       d->progress[i].hours, d->progress[i].credits,
		       d->progress[i].assessment);
}

int cmd_apprenticeship(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("apprenticeship");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct appr_class_input in;
	struct apprentice_input ap;
	struct appr_class f;
	const char *pos[2], *as = NULL, *inst = NULL, *school_inst = NULL, *level = NULL,
			    *months = NULL, *person = NULL, *wage = NULL, *minwage = NULL;
	const char *name = NULL, *side = NULL, *hours = NULL, *credits = NULL,
		   *course = NULL, *assessment = NULL, *status = NULL, *reason = NULL,
		   *on = NULL, *plan = NULL, *year = NULL, *amount = NULL;
	struct actor as_actor;
	long long id = 0, out = 0, v[12] = {0};
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"as", 1, &as},
		{"institution", 1, &inst},
		{"enterprise", 1, &in.enterprise_name},
		{"credit-code", 1, &in.enterprise_credit_code},
		{"school", 1, &in.school_name},
		{"school-kind", 1, &in.school_kind},
		{"school-institution", 1, &school_inst},
		{"occupation", 1, &in.occupation_code},
		{"level", 1, &level},
		{"starts-on", 1, &in.starts_on},
		{"months", 1, &months},
		{"rules-code", 1, &in.rules_code},
		{"agreement-no", 1, &f.agreement_no},
		{"agreement-signed-on", 1, &f.agreement_signed_on},
		{"filing-no", 1, &f.filing_no},
		{"filing-date", 1, &f.filing_date},
		{"filing-authority", 1, &f.filing_authority},
		{"name", 1, &name},
		{"side", 1, &side},
		{"hours", 1, &hours},
		{"credits", 1, &credits},
		{"person", 1, &person},
		{"contract-start", 1, &ap.contract_start},
		{"contract-end", 1, &ap.contract_end},
		{"hire-kind", 1, &ap.hire_kind},
		{"enterprise-mentor", 1, &ap.enterprise_mentor},
		{"school-mentor", 1, &ap.school_mentor},
		{"wage", 1, &wage},
		{"minimum-wage", 1, &minwage},
		{"course", 1, &course},
		{"assessment", 1, &assessment},
		{"status", 1, &status},
		{"reason", 1, &reason},
		{"on", 1, &on},
		{"plan", 1, &plan},
		{"year", 1, &year},
		{"amount", 1, &amount},
		{NULL, 0, NULL},
	};

	memset(&in, 0, sizeof(in));
	memset(&ap, 0, sizeof(ap));
	memset(&f, 0, sizeof(f));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("apprenticeship", "which action? (see --help)");
	if (strcmp(pos[0], "list") && strcmp(pos[0], "create") &&
	    (npos < 2 || str_to_ll(pos[1], 1, 1LL << 62, &id)))
		return cli_usage_error("apprenticeship", "%s needs an ID", pos[0]);
	if (num(inst, 1, 1LL << 62, &v[0]) || num(school_inst, 1, 1LL << 62, &v[1]) ||
	    num(level, 1, 5, &v[2]) || num(months, 1, 120, &v[3]) ||
	    num(person, 1, 1LL << 62, &v[4]) || num(wage, 0, 1000000, &v[5]) ||
	    num(minwage, 0, 1000000, &v[6]) || num(hours, 0, 5000, &v[7]) ||
	    num(credits, 0, 500, &v[8]) || num(course, 1, 1LL << 62, &v[9]) ||
	    num(plan, 1, 1LL << 62, &v[10]) || num(year, 2000, 2100, &v[11]))
		return cli_usage_error("apprenticeship", "a number is not a number");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "apprenticeship", as, &as_actor))
		return 1;
	rc = 0;
	if (!strcmp(pos[0], "list")) {
		struct appr_class *items;
		size_t n;

		if (app_appr_list(&r.ctx, &items, &n, &err))
			rc = cli_fail("apprenticeship", &err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			printf("%lld\t%s\t%s\t%s\t%d\t%lld\n", items[i].id, items[i].status,
			       items[i].enterprise_name, items[i].occupation_code,
			       items[i].target_level, items[i].napprentices);
	} else if (!strcmp(pos[0], "create")) {
		in.institution_id = v[0];
		in.school_institution_id = v[1];
		in.target_level = (int)v[2];
		in.months = (int)v[3];
		if (!in.rules_code)
			in.rules_code = "national-2021";
		if (app_appr_create(&r.ctx, &in, &out, &err))
			rc = cli_fail("apprenticeship", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "show")) {
		struct appr_detail d;

		if (app_appr_get(&r.ctx, id, &d, &err))
			rc = cli_fail("apprenticeship", &err);
		else
			show_class(&d);
	} else if (!strcmp(pos[0], "file") || !strcmp(pos[0], "start") ||
		   !strcmp(pos[0], "close")) {
		const char *to = !strcmp(pos[0], "file")    ? "filed"
				 : !strcmp(pos[0], "start") ? "running"
							    : "closed";

		if (app_appr_step(&r.ctx, id, to, &f, &err))
			rc = cli_fail("apprenticeship", &err);
	} else if (!strcmp(pos[0], "course")) {
		if (app_appr_course_add(&r.ctx, id, name, side, (int)v[7], (int)v[8],
					&out, &err))
			rc = cli_fail("apprenticeship", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "add")) {
		ap.class_id = id;
		ap.person_id = v[4];
		ap.wage = (int)v[5];
		ap.minimum_wage = (int)v[6];
		if (app_apprentice_add(&r.ctx, &ap, &out, &err))
			rc = cli_fail("apprenticeship", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "apprentice")) {
		struct apprentice_detail d;

		if (app_apprentice_get(&r.ctx, id, &d, &err))
			rc = cli_fail("apprenticeship", &err);
		else
			show_apprentice(&d);
	} else if (!strcmp(pos[0], "progress")) {
		if (app_apprentice_progress(&r.ctx, id, v[9], (int)v[7], (int)v[8],
					    assessment, &err))
			rc = cli_fail("apprenticeship", &err);
	} else if (!strcmp(pos[0], "status")) {
		if (app_apprentice_status(&r.ctx, id, status, reason, on, &err))
			rc = cli_fail("apprenticeship", &err);
	} else if (!strcmp(pos[0], "enrol")) {
		const char *route = NULL;

		if (app_apprentice_enrol(&r.ctx, id, v[10], &out, &route, &err))
			rc = cli_fail("apprenticeship", &err);
		else
			printf("%lld\t%s\n", out, route);
	} else if (!strcmp(pos[0], "advance")) {
		long long amt = 0;

		if (!amount || str_to_ll(amount, 0, 1000000, &amt))
			rc = cli_usage_error("apprenticeship", "advance needs --amount N");
		else if (app_apprentice_advance(&r.ctx, id, (int)v[11], (int)amt, &err))
			rc = cli_fail("apprenticeship", &err);
	} else if (!strcmp(pos[0], "subsidy")) {
		struct appr_claim cl;
		enum lang lang = cli_lang();

		if (app_appr_claim(&r.ctx, id, (int)v[11], &cl, &err))
			rc = cli_fail("apprenticeship", &err);
		for (size_t i = 0; rc == 0 && i < cl.n; i++) {
			const struct appr_claim_line *l = &cl.lines[i];

			printf("%lld\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", l->a.id,
			       l->a.person_name, appr_outcome_name(l->outcome),
			       l->a.cert_level, l->months, l->s.amount, l->a.advance,
			       l->s.due, l->s.clawback, tr(lang, l->s.rule));
		}
		if (rc == 0)
			printf("total\tamount %lld\tdue %lld\tclawback %lld\n", cl.amount,
			       cl.due, cl.clawback);
	} else {
		rc = cli_usage_error("apprenticeship", "unknown action \"%s\"", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
