/*
 * cmd_cert.c - `skillcert issue`, `cert`, `verify`, `key` and `setting`:
 * certificates from the command line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"
#include "core/i18n.h"

/* the largest file read (a credential, a JWKS or a status list) */
#define MAX_FILE (16 << 20)

/* Options every command here takes. */
#define DB_OPTS \
	{"data", 1, &o.data}, {"db", 1, &o.db}, { "key-file", 1, &o.key_file }

int cmd_issue(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("issue");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	struct cert_issue_report rep;
	const char *pos[1], *plan = NULL, *line = NULL;
	long long plan_id;
	int npos, rc;
	struct cli_opt opts[] = {
		DB_OPTS, {"plan", 1, &plan}, {"line", 1, &line}, {NULL, 0, NULL}};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 0, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!plan || str_to_ll(plan, 1, 1LL << 62, &plan_id))
		return cli_usage_error("issue", "--plan ID is required");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = app_cert_issue(&r.ctx, plan_id, line, &rep, &err);
	if (rc == APP_OK) {
		printf("%lld issued, %lld issued before\n", rep.issued, rep.already);
		if (rep.issued)
			printf("numbers %s .. %s\n", rep.first_number, rep.last_number);
	}
	/* who lacks a photo: person id, enrolment id, name (stderr) */
	for (size_t i = 0; rc != APP_OK && i < rep.nmissing; i++)
		fprintf(stderr, "no photo: person %lld, enrolment %lld, %s\n",
			rep.missing[i].person_id, rep.missing[i].enrolment_id,
			rep.missing[i].name);
	cli_run_close(&r);
	return rc == APP_OK ? 0 : cli_fail("issue", &err);
}

static void print_cert(const struct cert_view *v)
{
	const struct certificate *x = &v->cert;
	char grade[CERT_AWARD_MAX];

	printf("number: %s\nline: %s\nholder: %s\nid: %s %s\noccupation: %s %s\n"
	       "work_type: %s\nlevel: %d (%s)\nissued_on: %s\ninstitution: %s\n"
	       "status: %s%s%s%s%s\n",
	       x->number, x->line, x->holder_name, x->id_type, x->id_masked,
	       x->occupation_code, x->occupation_name, *x->work_type ? x->work_type : "--",
	       x->level, cert_grade_text(LANG_ZH, x, grade, sizeof(grade)), x->issued_on,
	       x->institution_name, x->status, *x->status_reason ? " — " : "",
	       x->status_reason, x->superseded_by_number ? " → " : "",
	       x->superseded_by_number ? x->superseded_by_number : "");
	if (x->status_category && *x->status_category)
		printf("category: %s\n", x->status_category);
	if (*x->scores)
		printf("scores: %s\n", x->scores);
	for (size_t i = 0; i < v->nevents; i++)
		printf("  %s %s %s%s%s\n", v->events[i].at, v->events[i].action,
		       v->events[i].actor, *v->events[i].reason ? ": " : "",
		       v->events[i].reason);
}

/* The subsidy verdict, then "last_day<TAB>days_left<TAB>amount_max" (or
 * "-"), then each reason as "verdict<TAB>text", in cli_lang(). */
static void print_subsidy(const struct subsidy_view *v)
{
	const struct subsidy_result *r = &v->result;
	char key[40];

	snprintf(key, sizeof(key), "subsidy.verdict.%s", subsidy_verdict_name(r->verdict));
	printf("%s\t%s\n", subsidy_verdict_name(r->verdict), tr(cli_lang(), key));
	if (r->version)
		printf("%s\t%lld\t%d\t%s\n", r->last_day, r->days_left, r->amount_max,
		       r->version->citation);
	else
		printf("-\n");
	for (size_t i = 0; i < r->nreasons; i++) {
		struct buf t;

		buf_init(&t, 0);
		subsidy_reason_text(cli_lang(), &r->reasons[i], &t);
		printf("%s\t%s\n", subsidy_verdict_name(r->reasons[i].verdict),
		       t.data ? t.data : "");
		buf_release(&t);
	}
}

int cmd_cert(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("cert");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[2], *plan = NULL, *q = NULL, *out = NULL, *reason = NULL,
			    *doc = NULL, *name = NULL, *months = NULL, *act,
			    *category = NULL;
	long long plan_id = 0, id = 0;
	int npos, rc, exit_code;
	struct cli_opt opts[] = {
		DB_OPTS,          {"plan", 1, &plan},     {"q", 1, &q},
		{"out", 1, &out}, {"reason", 1, &reason}, {"category", 1, &category},
		{"doc", 1, &doc}, {"name", 1, &name},     {"insured-months", 1, &months},
		{NULL, 0, NULL}};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 2, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("cert",
				       "which action: show, list, pdf, credential, "
				       "subsidy, suspend, reinstate, revoke or supersede?");
	act = pos[0];
	if (plan && str_to_ll(plan, 1, 1LL << 62, &plan_id))
		return cli_usage_error("cert", "--plan needs a plan id");
	if (strcmp(act, "list") && !(plan_id && !strcmp(act, "pdf")) && npos != 2)
		return cli_usage_error("cert", "%s needs a certificate NUMBER", act);
	if (!strcmp(act, "pdf") && !out)
		return cli_usage_error("cert", "pdf needs --out FILE.pdf");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	rc = APP_OK;
	if (npos == 2)
		rc = app_cert_by_number(&r.ctx, pos[1], &id, &err);
	if (rc != APP_OK) {
	} else if (!strcmp(act, "show")) {
		struct cert_view v;

		if ((rc = app_cert_get(&r.ctx, id, &v, &err)) == APP_OK)
			print_cert(&v);
	} else if (!strcmp(act, "credential")) {
		struct cert_view v;

		if ((rc = app_cert_get(&r.ctx, id, &v, &err)) == APP_OK)
			printf("%s\n", v.cert.credential);
	} else if (!strcmp(act, "subsidy")) {
		struct subsidy_view v;
		long long m = -1;

		if (months && str_to_ll(months, 0, 600, &m)) {
			cli_run_close(&r);
			return cli_usage_error("cert", "--insured-months needs 0..600");
		}
		if ((rc = app_cert_subsidy(&r.ctx, id, (int)m, &v, &err)) == APP_OK)
			print_subsidy(&v);
	} else if (!strcmp(act, "list")) {
		struct certificate *xs;
		size_t n;

		if ((rc = app_cert_list(&r.ctx, plan_id, q ? q : "", 500, 0, &xs, &n,
					&err)) == APP_OK)
			for (size_t i = 0; i < n; i++) {
				char grade[CERT_AWARD_MAX + 64];

				/* a level's number; an award or honour certificate
				 * has none: what it states instead ("获奖证书 · 金牌 ·
				 * …", "荣誉证书 · 先进集体 · …") */
				if (cert_is_recognition(&xs[i]))
					cert_grade_text(cli_lang(), &xs[i], grade,
							sizeof(grade));
				else
					snprintf(grade, sizeof(grade), "%d", xs[i].level);
				printf("%s\t%s\t%s\t%s\t%s\t%s\n", xs[i].number,
				       xs[i].holder_name, xs[i].occupation_name, grade,
				       xs[i].issued_on, xs[i].status);
			}
	} else if (!strcmp(act, "pdf")) {
		struct buf pdf;
		FILE *f;

		buf_init(&pdf, 64u << 20);
		rc = app_cert_pdf(&r.ctx, id, id ? 0 : plan_id, &pdf, &err);
		if (rc == APP_OK) {
			if (!(f = fopen(out, "wb")) ||
			    fwrite(pdf.data, 1, pdf.len, f) != pdf.len || fclose(f)) {
				fprintf(stderr, "skillcert cert: cannot write %s\n", out);
				buf_release(&pdf);
				cli_run_close(&r);
				return 1;
			}
			printf("%s: %zu bytes\n", out, pdf.len);
		}
		buf_release(&pdf);
	} else if (!strcmp(act, "supersede")) {
		long long nid;
		struct cert_view v;

		rc = app_cert_supersede(&r.ctx, id, name, reason, doc, &nid, &err);
		if (rc == APP_OK && (rc = app_cert_get(&r.ctx, nid, &v, &err)) == APP_OK)
			printf("%s\n", v.cert.number);
	} else if (!strcmp(act, "suspend") || !strcmp(act, "reinstate") ||
		   !strcmp(act, "revoke")) {
		rc = app_cert_change(&r.ctx, id, act, category, reason, doc, &err);
	} else {
		cli_run_close(&r);
		return cli_usage_error("cert", "unknown action %s", act);
	}
	/* the message first: its detail may live in the run's arena */
	exit_code = rc == APP_OK ? 0 : cli_fail("cert", &err);
	cli_run_close(&r);
	return exit_code;
}

int cmd_verify(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("verify");
	struct cli_opts o;
	struct offline_result res;
	struct arena a;
	const char *pos[1], *jwks_path = NULL, *status_path = NULL;
	char *text, *jwks = NULL, *status = NULL;
	int npos, rc;
	struct cli_opt opts[] = {DB_OPTS,
				 {"jwks", 1, &jwks_path},
				 {"status", 1, &status_path},
				 {NULL, 0, NULL}};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error("verify", "give one FILE, TOKEN or URL");
	arena_init(&a);
	text = strncmp(pos[0], "v1.", 3) && !strstr(pos[0], "/v/")
		       ? cli_slurp(&a, pos[0], MAX_FILE, NULL)
		       : NULL;
	if (!text)
		text = arena_strdup(&a, pos[0]);
	if (jwks_path && !(jwks = cli_slurp(&a, jwks_path, MAX_FILE, NULL))) {
		arena_release(&a);
		return cli_usage_error("verify", "cannot read %s", jwks_path);
	}
	if (status_path && !(status = cli_slurp(&a, status_path, MAX_FILE, NULL))) {
		arena_release(&a);
		return cli_usage_error("verify", "cannot read %s", status_path);
	}
	if (!jwks) {
		/* the keys of this installation's database */
		struct cli_run r;
		struct app_error err;
		struct buf b;

		cli_opts_finish(&o);
		if (cli_run_open(&r, &o) != 0) {
			arena_release(&a);
			return 1;
		}
		buf_init(&b, 0);
		rc = app_jwks(&r.ctx, &b, &err);
		jwks = rc == APP_OK ? arena_strdup(&a, b.data) : NULL;
		buf_release(&b);
		cli_run_close(&r);
		if (!jwks) {
			arena_release(&a);
			return cli_fail("verify", &err);
		}
	}
	rc = app_verify_offline(&a, text, jwks, status, &res);
	printf("kind: %s\n", res.kind ? res.kind : "unknown");
	if (res.kid)
		printf("key: %s\n", res.kid);
	if (res.number)
		printf("number: %s\n", res.number);
	if (res.holder)
		printf("holder: %s\n", res.holder);
	if (res.occupation)
		printf("occupation: %s\n", res.occupation);
	if (res.level)
		printf("level: %d\n", res.level);
	if (res.issuer)
		printf("issuer: %s\n", res.issuer);
	if (res.issued_on)
		printf("issued_on: %s\n", res.issued_on);
	if (res.status)
		printf("status: %s\n", res.status);
	if (res.status_list_id)
		printf("status_list: %s\n", res.status_list_id);
	if (res.status_list_from)
		printf("status_list_valid_from: %s\n", res.status_list_from);
	if (res.status_list_age >= 0)
		printf("status_list_age: %lld s (%lld h %02lld min)\n", res.status_list_age,
		       res.status_list_age / 3600, res.status_list_age / 60 % 60);
	if (rc == 0)
		printf("signature: valid\n");
	else
		fprintf(stderr, "skillcert verify: %s (%s)\n", tr(cli_lang(), res.why),
			res.why);
	arena_release(&a);
	return rc == 0 ? 0 : 1;
}

int cmd_key(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("key");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[1];
	int npos, rc;
	struct cli_opt opts[] = {DB_OPTS, {NULL, 0, NULL}};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1 ||
	    (strcmp(pos[0], "list") && strcmp(pos[0], "rotate") && strcmp(pos[0], "jwks")))
		return cli_usage_error("key", "which action: list, rotate or jwks?");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	if (!strcmp(pos[0], "rotate")) {
		char kid[64];

		if ((rc = app_key_rotate(&r.ctx, kid, &err)) == APP_OK)
			printf("%s\n", kid);
	} else if (!strcmp(pos[0], "jwks")) {
		struct buf b;

		buf_init(&b, 0);
		if ((rc = app_jwks(&r.ctx, &b, &err)) == APP_OK)
			printf("%s\n", b.data);
		buf_release(&b);
	} else {
		struct signing_key *k;
		size_t n;

		if ((rc = app_key_list(&r.ctx, &k, &n, &err)) == APP_OK)
			for (size_t i = 0; i < n; i++)
				printf("%s\t%s\t%s\n", k[i].kid, k[i].created_at,
				       k[i].retired_at ? k[i].retired_at : "signing");
	}
	cli_run_close(&r);
	return rc == APP_OK ? 0 : cli_fail("key", &err);
}

int cmd_setting(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("setting");
	struct cli_opts o;
	struct cli_run r;
	struct app_error err;
	const char *pos[3], *value;
	int npos, rc;
	struct cli_opt opts[] = {DB_OPTS, {NULL, 0, NULL}};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 3, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (!(npos == 2 && !strcmp(pos[0], "get")) && !(npos == 3 && !strcmp(pos[0], "set")))
		return cli_usage_error("setting", "get NAME or set NAME VALUE");
	cli_opts_finish(&o);
	if (cli_run_open(&r, &o) != 0)
		return 1;
	if (!strcmp(pos[0], "set"))
		rc = app_setting_set(&r.ctx, pos[1], pos[2], &err);
	else if ((rc = app_setting_get(&r.ctx, pos[1], &value, &err)) == APP_OK)
		printf("%s\n", value);
	cli_run_close(&r);
	return rc == APP_OK ? 0 : cli_fail("setting", &err);
}
