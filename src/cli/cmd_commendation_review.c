/* cmd_commendation_review.c - `skillcert commendation review|score|...`: the
 * review of a commendation campaign (app/commendation_review.c): the
 * panel, rounds, scores, the tally, the notice and its objections, run as
 * the operator (the system) or --as an account (a reviewer's own, linked
 * to their person). cmd_commendation() (cmd_commendation.c) hands these
 * actions to cmd_commendation_review(). */
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

#define CMD "commendation"

/* "3,5" into overrides of one kind; -1 when a part is not an id. */
static int overrides(const char *text, bool proposed, struct comm_override *ov,
		     size_t max, size_t *n)
{
	char buf[512], *save = NULL;

	if (!text)
		return 0;
	if (strlen(text) >= sizeof(buf))
		return -1;
	memcpy(buf, text, strlen(text) + 1);
	for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (*n >= max || str_to_ll(t, 1, 1LL << 62, &ov[*n].nomination_id))
			return -1;
		ov[(*n)++].proposed = proposed;
	}
	return 0;
}

/* A refusal, with what it names (who has not scored; the tied ones). */
static int fail(const struct app_error *err)
{
	int rc = cli_fail(CMD, err);

	if (err->detail && err->msg && !strncmp(err->msg, "commendation.", 13))
		fprintf(stderr, "  %s\n", err->detail);
	return rc;
}

static void print_review(const struct comm_review *r)
{
	printf("campaign: %lld %d %s\nstatus: %s\n", r->campaign.id, r->campaign.year,
	       r->campaign.title, r->campaign.status);
	if (r->campaign.notice_start)
		printf("notice: %s %s\n", r->campaign.notice_start,
		       r->campaign.notice_end ? r->campaign.notice_end : "");
	printf("decision: %s\n", r->decision_refusal ? tr(cli_lang(), r->decision_refusal)
						     : "may be taken");
	for (size_t i = 0; i < r->nreviewers; i++) {
		printf("reviewer: %lld %s%s%s\n", r->reviewers[i].id, r->reviewers[i].name,
		       *r->reviewers[i].override_note ? " override: " : "",
		       r->reviewers[i].override_note);
		for (size_t k = 0; k < r->nnoms; k++)
			if (r->recusal[i * r->nnoms + k])
				printf("  recused: #%lld %s\n", r->noms[k].id,
				       tr(cli_lang(), r->recusal[i * r->nnoms + k]));
	}
	for (size_t i = 0; i < r->nrounds; i++)
		printf("round: %d %s %s\n", r->rounds[i].seq, r->rounds[i].method,
		       r->rounds[i].status);
	for (size_t k = 0; k < r->nnoms; k++) {
		const struct comm_rev_nomination *n = &r->noms[k];

		printf("nomination: %lld\t%s\t%s%s%s\t%s", n->id, n->category,
		       n->person_name ? n->person_name : "", n->person_name ? " / " : "",
		       n->institution_name, n->status);
		if (n->has_rank)
			printf("\trank %lld", n->rank);
		if (n->has_score)
			printf("\tscore %lld", n->score);
		if (*n->override_note)
			printf("\toverride: %s", n->override_note);
		if (*n->status_reason)
			printf("\treason: %s", n->status_reason);
		printf("\n");
	}
	for (size_t v = 0; v < r->nvotes; v++)
		printf("vote: #%lld reviewer %lld value %d by %s\n",
		       r->votes[v].nomination_id, r->votes[v].reviewer_id,
		       r->votes[v].value, r->votes[v].entered_by);
	for (size_t o = 0; o < r->nobjections; o++)
		printf("objection: %lld #%lld %s %s: %s%s%s\n", r->objections[o].id,
		       r->objections[o].nomination_id, r->objections[o].status,
		       r->objections[o].filer_name, r->objections[o].body,
		       *r->objections[o].resolution ? " — " : "",
		       r->objections[o].resolution);
}

int cmd_commendation_review(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find(CMD);
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct actor as_actor;
	struct comm_override ov[64];
	const char *pos[3], *person = NULL, *note = NULL, *method = NULL,
			    *nomination = NULL, *value = NULL, *reviewer = NULL,
			    *propose = NULL, *exclude = NULL, *name = NULL,
			    *contact = NULL, *text = NULL, *resolution = NULL,
			    *uphold = NULL, *dismiss = NULL, *as = NULL;
	long long id = 0, pid = 0, nid = 0, rid = 0, second = 0, out = 0;
	size_t nov = 0;
	int npos, rc, seq = 0;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"person", 1, &person},
		{"override-note", 1, &note},
		{"method", 1, &method},
		{"nomination", 1, &nomination},
		{"value", 1, &value},
		{"reviewer", 1, &reviewer},
		{"propose", 1, &propose},
		{"exclude", 1, &exclude},
		{"name", 1, &name},
		{"contact", 1, &contact},
		{"text", 1, &text},
		{"resolution", 1, &resolution},
		{"uphold", 0, &uphold},
		{"dismiss", 0, &dismiss},
		{"as", 1, &as},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 3, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 2 || str_to_ll(pos[1], 1, 1LL << 62, &id))
		return cli_usage_error(CMD, "which action on which campaign? (see --help)");
	if ((npos == 3) !=
	    (!strcmp(pos[0], "reviewer-remove") || !strcmp(pos[0], "objection-resolve")))
		return cli_usage_error(CMD, "%s: wrong number of arguments (see --help)",
				       pos[0]);
	if ((npos == 3 && str_to_ll(pos[2], 1, 1LL << 62, &second)) ||
	    (person && str_to_ll(person, 1, 1LL << 62, &pid)) ||
	    (nomination && str_to_ll(nomination, 1, 1LL << 62, &nid)) ||
	    (reviewer && str_to_ll(reviewer, 1, 1LL << 62, &rid)) ||
	    overrides(propose, true, ov, 64, &nov) ||
	    overrides(exclude, false, ov, 64, &nov))
		return cli_usage_error(CMD, "a number is not a number");
	if (!strcmp(pos[0], "objection-resolve") && !uphold == !dismiss)
		return cli_usage_error(CMD, "objection-resolve needs --uphold or --dismiss");
	cli_opts_finish(&o);
	if (cli_run_open_as(&r, &o, CMD, as, &as_actor))
		return 1;
	rc = 0;
	if (!strcmp(pos[0], "review")) {
		struct comm_review x;

		if (app_comm_review(&r.ctx, id, &x, &err))
			rc = fail(&err);
		else
			print_review(&x);
	} else if (!strcmp(pos[0], "reviewer-add")) {
		if (app_comm_reviewer_add(&r.ctx, id, pid, note, &out, &err))
			rc = fail(&err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "reviewer-remove")) {
		if (app_comm_reviewer_remove(&r.ctx, id, second, &err))
			rc = fail(&err);
	} else if (!strcmp(pos[0], "round-open")) {
		if (app_comm_round_open(&r.ctx, id, method, &seq, &err))
			rc = fail(&err);
		else
			printf("%d\n", seq);
	} else if (!strcmp(pos[0], "round-close")) {
		if (app_comm_round_close(&r.ctx, id, &err))
			rc = fail(&err);
	} else if (!strcmp(pos[0], "score")) {
		if (app_comm_vote(&r.ctx, id, rid, nid, value, "", &err))
			rc = fail(&err);
	} else if (!strcmp(pos[0], "tally")) {
		if (app_comm_tally(&r.ctx, id, ov, nov, note, &err))
			rc = fail(&err);
	} else if (!strcmp(pos[0], "notice")) {
		if (app_comm_notice(&r.ctx, id, &err))
			rc = fail(&err);
	} else if (!strcmp(pos[0], "notice-show")) {
		struct comm_rev_campaign x;
		struct comm_notice_item *items;
		size_t n;

		if (app_comm_notice_list(&r.ctx, id, &x, &items, &n, &err))
			rc = fail(&err);
		else
			printf("notice: %s %s\n", x.notice_start ? x.notice_start : "",
			       x.notice_end ? x.notice_end : "");
		for (size_t i = 0; rc == 0 && i < n; i++)
			printf("%lld\t%s\t%s\t%s\n", items[i].nomination_id,
			       items[i].category, items[i].nominee, items[i].institution);
	} else if (!strcmp(pos[0], "object")) {
		if (app_comm_objection_file(&r.ctx, id, nid, name, contact, text, &out, &err))
			rc = fail(&err);
		else
			printf("%lld\n", out);
	} else if (!strcmp(pos[0], "objection-resolve")) {
		if (app_comm_objection_resolve(&r.ctx, id, second, uphold != NULL,
					       resolution, &err))
			rc = fail(&err);
	} else {
		rc = cli_usage_error(CMD, "unknown action %s (see --help)", pos[0]);
	}
	cli_run_close(&r);
	return rc;
}
