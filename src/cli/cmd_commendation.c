/* cmd_commendation.c - `skillcert commendation ...`: annual commendation
 * campaigns, their rules, quotas and status, and nominations with their
 * endorsement, return, withdrawal and attachments (app/commendation.c),
 * run as the operator (the system), or with --as as an account. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

/* the largest file read (a rules document or an attachment) */
#define MAX_FILE (4 << 20)

static void show(const struct commend_detail *d)
{
	const struct commendation_campaign *x = &d->campaign;

	printf("id: %lld\nyear: %d\ntitle: %s\nstatus: %s\nnominate_until: %s\n"
	       "review_until: %s\nnotice_days: %d\nrules: %s v%d %s\n",
	       x->id, x->year, x->title, x->status, x->nominate_until, x->review_until,
	       x->notice_days, x->rules_code, x->rules_version, x->rules_digest);
	for (size_t i = 0; i < d->doc.ncats; i++) {
		const struct commend_cat *c = &d->doc.cats[i];

		printf("category: %s %s %s quota all=%d branch=%d province=%d\n", c->code,
		       commend_kind_name(c->kind), c->name, c->quota.n[COMMEND_SCOPE_ALL],
		       c->quota.n[COMMEND_SCOPE_BRANCH],
		       c->quota.n[COMMEND_SCOPE_PROVINCE]);
	}
	for (size_t i = 0; i < d->nquotas; i++)
		printf("quota: %s %s %s %d\n", d->quotas[i].category, d->quotas[i].scope,
		       *d->quotas[i].scope_key ? d->quotas[i].scope_key : "-",
		       d->quotas[i].quota);
	for (size_t i = 0; i < d->nnoms; i++) {
		const struct commendation_nomination *n = &d->noms[i];

		printf("nomination: %lld %s %s %s%s%s by=%s%s%s\n", n->id, n->category,
		       n->status, n->institution_name, n->person_id ? " " : "",
		       n->person_name, n->nominator_name,
		       *n->status_reason ? " reason=" : "", n->status_reason);
	}
}

static void show_nom(const struct commend_nom_detail *d)
{
	const struct commendation_nomination *n = &d->nom;

	printf("id: %lld\ncampaign: %lld\ncategory: %s\nstatus: %s\ninstitution: %lld %s\n",
	       n->id, n->campaign_id, n->category, n->status, n->institution_id,
	       n->institution_name);
	if (n->person_id)
		printf("person: %lld %s\n", n->person_id, n->person_name);
	printf("nominated_by: %lld %s\n", n->nominated_by, n->nominator_name);
	if (n->branch_id)
		printf("branch: %lld %s\n", n->branch_id, n->branch_name);
	if (*n->status_reason)
		printf("reason: %s\n", n->status_reason);
	printf("achievements: %s\nfigures: %s\n", n->achievements, n->figures);
	for (size_t i = 0; i < d->natts; i++)
		printf("attachment: %lld %s %s %lld %s\n", d->atts[i].id,
		       d->atts[i].filename, d->atts[i].mime, d->atts[i].size,
		       d->atts[i].digest);
}

/* The center's entry of a category from the options: --eligibility a
 * comma-separated list of rules. Returns 0, or 2 after a usage error. */
static int category_input(struct app_ctx *ctx, const char *code, const char *name,
			  const char *name_en, const char *kind,
			  const char *const qs[COMMEND_SCOPE_COUNT], const char *elig,
			  const char *years, struct commend_cat_input *in)
{
	long long v;

	memset(in, 0, sizeof(*in));
	in->code = code;
	in->name = name;
	in->name_en = name_en;
	in->kind = kind && !strcmp(kind, "collective") ? COMMEND_COLLECTIVE
		   : kind && !strcmp(kind, "person")   ? COMMEND_PERSON
						       : (enum commend_kind) - 1;
	for (int k = 0; k < COMMEND_SCOPE_COUNT; k++) {
		in->quota[k] = -1;
		if (qs[k] && str_to_ll(qs[k], 0, COMMEND_QUOTA_MAX, &v))
			return cli_usage_error("commendation", "--quota-%s: 0..%d",
					       commend_scope_name((enum commend_scope)k),
					       COMMEND_QUOTA_MAX);
		if (qs[k])
			in->quota[k] = (int)v;
	}
	for (const char *p = elig; p && *p;) {
		size_t n = strcspn(p, ",");
		int r = -1;

		for (int k = 0; k < COMMEND_RULE_COUNT; k++) {
			const char *rn = commend_rule_name((enum commend_rule_kind)k);

			if (strlen(rn) == n && !strncmp(p, rn, n))
				r = k;
		}
		if (r < 0)
			return cli_usage_error("commendation", "--eligibility: %s",
					       arena_printf(ctx->arena, "%.*s?", (int)n, p));
		in->rule[r] = true;
		p += n + (p[n] == ',');
	}
	if (years && str_to_ll(years, 1, 60, &v))
		return cli_usage_error("commendation", "--staff-years: 1..60");
	in->staff_years = years ? (int)v : 0;
	return 0;
}

static int cmd_campaigns(int argc, char **argv);

static int parse_id(const char *s, long long *out)
{
	return s ? str_to_ll(s, 1, 1LL << 62, out) : 0;
}

/* The first positional argument (the action), NULL when none: every option
 * of the three tables takes a value except --uphold, --dismiss and --help. */
static const char *first_action(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h"))
			continue;
		if (strncmp(a, "--", 2))
			return a;
		if (!strchr(a, '=') && strcmp(a, "--uphold") && strcmp(a, "--dismiss") &&
		    strcmp(a, "--help"))
			i++;
	}
	return NULL;
}

static bool in_list(const char *s, const char *const *list)
{
	for (; s && *list; list++)
		if (!strcmp(s, *list))
			return true;
	return false;
}

/* The review's and the decision's actions, handed to their own files. */
static const char *const review_actions[] = {
	"review",
	"reviewer-add",
	"reviewer-remove",
	"round-open",
	"round-close",
	"score",
	"tally",
	"notice",
	"notice-show",
	"object",
	"objection-resolve",
	NULL,
};
static const char *const decision_actions[] = {"decide", "pdf", "honours", NULL};

int cmd_commendation(int argc, char **argv)
{
	const char *action = first_action(argc, argv);

	if (in_list(action, review_actions))
		return cmd_commendation_review(argc, argv);
	if (in_list(action, decision_actions))
		return cmd_commendation_decision(argc, argv);
	return cmd_campaigns(argc, argv);
}

static int cmd_campaigns(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("commendation");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct commend_campaign_input in;
	struct commend_nom_input nom;
	struct commend_cat_input cat;
	const char *pos[3], *year = NULL, *rules_file = NULL, *days = NULL,
			    *nominator = NULL;
	const char *institution = NULL, *person = NULL, *category = NULL, *scope = NULL;
	const char *key = NULL, *quota = NULL, *reason = NULL, *achievements = NULL;
	const char *as = NULL, *file = NULL, *name = NULL;
	const char *code = NULL, *name_en = NULL, *kind = NULL, *elig = NULL, *years = NULL;
	const char *qs[COMMEND_SCOPE_COUNT] = {NULL, NULL, NULL};
	struct actor as_actor;
	long long id = 0, out = 0, y = 0, nd = 0, q = 0;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"year", 1, &year},
		{"title", 1, &in.title},
		{"rules-code", 1, &in.rules_code},
		{"rules", 1, &rules_file},
		{"nominate-until", 1, &in.nominate_until},
		{"review-until", 1, &in.review_until},
		{"notice-days", 1, &days},
		{"category", 1, &category},
		{"scope", 1, &scope},
		{"key", 1, &key},
		{"quota", 1, &quota},
		{"by", 1, &nominator},
		{"institution", 1, &institution},
		{"person", 1, &person},
		{"achievements", 1, &achievements},
		{"reason", 1, &reason},
		{"file", 1, &file},
		{"name", 1, &name},
		{"code", 1, &code},
		{"name-en", 1, &name_en},
		{"kind", 1, &kind},
		{"quota-all", 1, &qs[COMMEND_SCOPE_ALL]},
		{"quota-branch", 1, &qs[COMMEND_SCOPE_BRANCH]},
		{"quota-province", 1, &qs[COMMEND_SCOPE_PROVINCE]},
		{"eligibility", 1, &elig},
		{"staff-years", 1, &years},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	memset(&in, 0, sizeof(in));
	memset(&nom, 0, sizeof(nom));
	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 3, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("commendation", "which action? (see --help)");
	if (strcmp(pos[0], "list") && strcmp(pos[0], "create") &&
	    (npos < 2 || str_to_ll(pos[1], 1, 1LL << 62, &id)))
		return cli_usage_error("commendation", "%s needs an ID", pos[0]);
	if ((npos == 3) != !strcmp(pos[0], "act"))
		return cli_usage_error("commendation",
				       npos == 3 ? "too many arguments"
						 : "act needs ID nominate|review");
	if ((year && str_to_ll(year, 0, 9999, &y)) ||
	    (days && str_to_ll(days, 0, 1000, &nd)) ||
	    (quota && str_to_ll(quota, -1, 100000, &q)) ||
	    parse_id(nominator, &nom.nominated_by) ||
	    parse_id(institution, &nom.institution_id) || parse_id(person, &nom.person_id))
		return cli_usage_error("commendation", "a number is not a number");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, "commendation", as, &as_actor))
		return 1;
	{
		size_t len = 0;

		if (rules_file &&
		    !(in.rules = cli_slurp(&r.arena, rules_file, MAX_FILE, &len))) {
			fprintf(stderr, "skillcert commendation: cannot read %s\n",
				rules_file);
			cli_run_close(&r);
			return 1;
		}
	}
	rc = 0;
	if (!strcmp(pos[0], "list")) {
		struct commendation_campaign *items;
		size_t n;

		if (app_commend_list(&r.ctx, &items, &n, &err))
			rc = cli_fail("commendation", &err);
		for (size_t i = 0; rc == 0 && i < n; i++)
			printf("%lld\t%d\t%s\t%s\n", items[i].id, items[i].year,
			       items[i].status, items[i].title);
	} else if (!strcmp(pos[0], "create")) {
		in.year = (int)y;
		in.notice_days = (int)nd;
		if (app_commend_create(&r.ctx, &in, &out, &err))
			rc = cli_fail("commendation", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "show")) {
		struct commend_detail d;

		if (app_commend_get(&r.ctx, id, &d, &err))
			rc = cli_fail("commendation", &err);
		else
			show(&d);
	} else if (!strcmp(pos[0], "rules")) {
		int version = 0;

		if (app_commend_rules(&r.ctx, id, in.rules_code, in.rules, &version, &err))
			rc = cli_fail("commendation", &err);
		else
			printf("version %d\n", version);
	} else if (!strcmp(pos[0], "timetable")) {
		if (app_commend_timetable(&r.ctx, id, in.nominate_until, in.review_until,
					  nd ? (int)nd : 5, &err))
			rc = cli_fail("commendation", &err);
	} else if (!strcmp(pos[0], "quota")) {
		if (!quota)
			rc = cli_usage_error("commendation", "quota needs --quota N");
		else if (app_commend_quota(&r.ctx, id, category, scope ? scope : "all",
					   key ? key : "", (int)q, &err))
			rc = cli_fail("commendation", &err);
	} else if (!strcmp(pos[0], "category")) {
		int version = 0;

		rc = category_input(&r.ctx, code, name, name_en, kind, qs, elig, years,
				    &cat);
		if (!rc && app_commend_category(&r.ctx, id, &cat, &version, &err))
			rc = cli_fail("commendation", &err);
		else if (!rc)
			printf("version %d\n", version);
	} else if (!strcmp(pos[0], "category-remove")) {
		int version = 0;

		if (app_commend_category_remove(&r.ctx, id, code, &version, &err))
			rc = cli_fail("commendation", &err);
		else
			printf("version %d\n", version);
	} else if (!strcmp(pos[0], "act")) {
		if (app_commend_act(&r.ctx, id, pos[2], &err))
			rc = cli_fail("commendation", &err);
	} else if (!strcmp(pos[0], "nominate")) {
		nom.campaign_id = id;
		nom.category = category;
		nom.achievements = achievements;
		if (app_commend_nominate(&r.ctx, &nom, &out, &err))
			rc = cli_fail("commendation", &err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "nomination")) {
		struct commend_nom_detail d;

		if (app_commend_nom_get(&r.ctx, id, &d, &err))
			rc = cli_fail("commendation", &err);
		else
			show_nom(&d);
	} else if (!strcmp(pos[0], "endorse")) {
		if (app_commend_endorse(&r.ctx, id, &err))
			rc = cli_fail("commendation", &err);
	} else if (!strcmp(pos[0], "return")) {
		if (app_commend_return(&r.ctx, id, reason, &err))
			rc = cli_fail("commendation", &err);
	} else if (!strcmp(pos[0], "resubmit")) {
		if (app_commend_resubmit(&r.ctx, id, achievements, &err))
			rc = cli_fail("commendation", &err);
	} else if (!strcmp(pos[0], "withdraw")) {
		if (app_commend_withdraw(&r.ctx, id, &err))
			rc = cli_fail("commendation", &err);
	} else if (!strcmp(pos[0], "attach")) {
		size_t len = 0;
		const char *data = file ? cli_slurp(&r.arena, file, MAX_FILE, &len) : NULL;
		const char *base = file ? strrchr(file, '/') : NULL;

		if (!file || !data) {
			fprintf(stderr, "skillcert commendation: cannot read %s\n",
				file ? file : "(no --file)");
			rc = 1;
		} else if (app_commend_attach(&r.ctx, id,
					      name   ? name
					      : base ? base + 1
						     : file,
					      data, len, &out, &err)) {
			rc = cli_fail("commendation", &err);
		} else {
			printf("%lld\n", out);
		}
	} else {
		rc = cli_usage_error("commendation", "unknown action \"%s\"", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
