/* cmd_notify.c - `skillcert notify`: the queue of outgoing messages (list,
 * send now, queue one) and the subsidy reminders (docs/notifications.md). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"

static int do_list(struct app_ctx *ctx, const char *status, long long limit, bool json)
{
	struct notify_view *items;
	struct app_error err;
	size_t n;
	bool full;

	if (app_notify_list(ctx, status, limit, &items, &n, &full, &err) != APP_OK)
		return cli_fail("notify", &err);
	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr,
				json_pack("{s:I, s:s, s:s, s:s, s:s, s:I, s:s?, s:s?, s:s}",
					  "id", (json_int_t)items[i].id, "channel",
					  items[i].channel, "to", items[i].recipient,
					  "subject", items[i].subject, "created_at",
					  items[i].created_at, "attempts",
					  (json_int_t)items[i].attempts, "sent_at",
					  items[i].sent_at, "last_error",
					  items[i].last_error, "next_at", items[i].next_at));
		return cli_print_json(arr);
	}
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%s\t%s\t%s\t%s\t%lld\t%s\n", items[i].id, items[i].channel,
		       items[i].recipient, items[i].sent_at ? "sent" : "queued",
		       items[i].sent_at ? items[i].sent_at : items[i].created_at,
		       items[i].attempts, items[i].last_error ? items[i].last_error : "");
	return 0;
}

int cmd_notify(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("notify");
	struct cli_opts o;
	struct cli_run run;
	struct app_error err;
	const char *pos[1], *status = NULL, *limit_s = NULL, *json = NULL, *channel = NULL;
	const char *to = NULL, *subject = NULL, *text = NULL, *within_s = NULL;
	long long limit = 100, within = 0, id;
	int npos, rc, sent = 0, failed = 0, queued = 0;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},         {"db", 1, &o.db},
		{"key-file", 1, &o.key_file}, {"status", 1, &status},
		{"limit", 1, &limit_s},       {"json", 0, &json},
		{"channel", 1, &channel},     {"to", 1, &to},
		{"subject", 1, &subject},     {"text", 1, &text},
		{"within", 1, &within_s},     {NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 1, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos != 1)
		return cli_usage_error("notify", "which action: list, send, queue, "
						 "subsidy-reminders or webhook-secret?");
	if (strcmp(pos[0], "list") && strcmp(pos[0], "send") && strcmp(pos[0], "queue") &&
	    strcmp(pos[0], "subsidy-reminders") && strcmp(pos[0], "webhook-secret"))
		return cli_usage_error("notify", "unknown action \"%s\"", pos[0]);
	if (limit_s && str_to_ll(limit_s, 1, 1000, &limit))
		return cli_usage_error("notify", "--limit must be 1..1000");
	if (!strcmp(pos[0], "queue") && (!channel || !to || !subject || !text))
		return cli_usage_error("notify", "queue needs --channel, --to, --subject "
						 "and --text");
	if (!strcmp(pos[0], "subsidy-reminders") &&
	    (!within_s || str_to_ll(within_s, 1, 366, &within)))
		return cli_usage_error("notify", "subsidy-reminders needs --within DAYS "
						 "(1..366)");
	cli_opts_finish(&o);
	if (cli_run_open(&run, &o) != 0)
		return 1;
	if (!strcmp(pos[0], "list")) {
		rc = do_list(&run.ctx, status, limit, json != NULL);
	} else if (!strcmp(pos[0], "queue")) {
		rc = app_notify_queue(&run.ctx, channel, to, subject, text, &id, &err) == APP_OK
			     ? (printf("%lld\n", id), 0)
			     : cli_fail("notify", &err);
	} else if (!strcmp(pos[0], "webhook-secret")) {
		char secret[65];

		rc = app_webhook_secret(&run.ctx, true, secret, &err) == APP_OK
			     ? (printf("%s\n", secret), 0)
			     : cli_fail("notify", &err);
		memset(secret, 0, sizeof(secret));
	} else if (!strcmp(pos[0], "subsidy-reminders")) {
		rc = app_subsidy_reminders(&run.ctx, (int)within, (int)cli_lang(),
					   &queued, &err) == APP_OK
			     ? (printf("subsidy reminders queued: %d\n", queued), 0)
			     : cli_fail("notify", &err);
	} else {
		const char *why = app_notify_check(&run.app);

		if (why) {
			fprintf(stderr, "skillcert notify: %s\n", why);
			rc = 2;
		} else if (app_notify_deliver(&run.ctx, true, 1000, &sent, &failed,
					      &err) != APP_OK) {
			rc = cli_fail("notify", &err);
		} else {
			printf("sent: %d, failed: %d\n", sent, failed);
			rc = failed ? 1 : 0;
		}
	}
	cli_run_close(&run);
	return rc;
}
