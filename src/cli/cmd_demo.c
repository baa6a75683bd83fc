/* cmd_demo.c - `skillcert demo`: prepare a demo data directory and serve. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "core/i18n.h"

/* The address a demo's credentials are signed with: the one it listens on
 * (an unspecified host, 0.0.0.0 or [::], as 127.0.0.1); NULL for port 0
 * (known only once listening: issuing then waits for `setting set`). */
static const char *demo_url(const char *listen, char *out, size_t n)
{
	const char *colon = strrchr(listen, ':');
	const char *host = listen;
	size_t hn = colon ? (size_t)(colon - listen) : 0;

	if (!colon || !strcmp(colon + 1, "0") || !colon[1])
		return NULL;
	if (hn == 0 || (hn == 7 && !strncmp(host, "0.0.0.0", 7)) ||
	    (hn == 4 && !strncmp(host, "[::]", 4)))
		host = "127.0.0.1", hn = 9;
	snprintf(out, n, "http://%.*s:%s", (int)hn, host, colon + 1);
	return out;
}

/* The judge's login (a judge of both demo competitions): its password
 * only when just made, as the administrator's. */
static void print_judge(struct cli_run *run, const struct cli_opts *o, char password[17])
{
	struct actor who;
	struct app_error err;

	if (*password)
		printf("  a judge's login: %s / %s (刘建国, judge of the demo's "
		       "competitions: http://%s/me/judging)\n",
		       APP_DEMO_JUDGE, password, o->listen);
	else if (app_actor_by_name(&run->ctx, APP_DEMO_JUDGE, &who, &err) == APP_OK)
		printf("  a judge's login: %s (its password was shown when the demo data "
		       "was made; 'skillcert user passwd %s' sets a new one)\n",
		       APP_DEMO_JUDGE, APP_DEMO_JUDGE);
	memset(password, 0, 17);
}

int cmd_demo(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("demo");
	struct cli_opts o;
	struct cli_run run;
	struct app_error err;
	char url[300], outbox[4200], judge_password[17];
	const char *base, *number, *holder, *id_number, *verify;
	int rc, created = 0;
	rc = cli_parse_serve(cmd, argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (cli_prepare_data(&o, 0) != 0 || cli_run_open(&run, &o) != 0)
		return 1;
	if (cli_seed_catalog(&run.app, 0) != 0) {
		cli_run_close(&run);
		return 1;
	}
	/* a demo's credentials point at the demo itself: set before the
	 * demonstration data, whose certificates are signed with it */
	if ((base = demo_url(o.listen, url, sizeof(url))) &&
	    app_setting_set(&run.ctx, "public_url", base, &err) != APP_OK) {
		fprintf(stderr, "skillcert demo: --listen %s: %s\n", o.listen,
			tr(LANG_EN, err.msg));
		cli_run_close(&run);
		return 1;
	}
	if (app_demo_seed(&run.ctx, &created, judge_password, &err) != APP_OK) {
		fprintf(stderr, "skillcert demo: %s\n", tr(LANG_EN, err.msg));
		cli_run_close(&run);
		return 1;
	}
	if (cli_bootstrap_admin(&run.app, &o) != 0) {
		cli_run_close(&run);
		return 1;
	}
	if (created)
		printf("demo data: %d institutions added\n", created);
	/* a demo's messages (password resets, reminders) are files to open */
	if (!run.app.notify.smtp_url && !run.app.notify.outbox_dir &&
	    !run.app.notify.webhook_url) {
		snprintf(outbox, sizeof(outbox), "%s/outbox", o.data);
		if (mkdir(outbox, 0700) != 0 && errno != EEXIST) {
			fprintf(stderr, "skillcert demo: %s: %s\n", outbox, strerror(errno));
			cli_run_close(&run);
			return 1;
		}
		run.app.notify.outbox_dir = outbox;
	}
	if (run.app.notify.outbox_dir)
		printf("  messages (password resets, reminders): one .eml file each in "
		       "%s\n",
		       run.app.notify.outbox_dir);
	if (app_demo_certificate(&run.ctx, &number, &holder, &id_number, &verify, &err) ==
	    APP_OK) {
		printf("\n  a certificate to verify: %s (%s)\n", number, holder);
		if (verify)
			printf("  %s\n", verify);
		else
			printf("  (set public_url to sign and verify: --listen with a port)\n");
		if (verify && id_number)
			printf("  its holder's account: http://%s/claim with that number and "
			       "address, name %s, ID number %s (made up)\n",
			       o.listen, holder, id_number);
	}
	if (app_demo_honour(&run.ctx, &number, &holder, &verify, &err) == APP_OK) {
		printf("  an honour certificate to verify: %s (%s, %s)\n", number, holder,
		       APP_DEMO_DECISION_NO);
		if (verify)
			printf("  %s\n", verify);
	}
	printf("  plans open for online application: http://%s/apply\n", o.listen);
	print_judge(&run, &o, judge_password);
	printf("\n  skillcert demo: open http://%s/\n\n", o.listen);
	fflush(stdout);
	rc = cli_serve(&run.app, &o);
	cli_run_close(&run);
	return rc;
}
