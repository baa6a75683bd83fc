/* cmd_webhook.c - `skillcert webhook`: subscriptions and their delivery
 * log (issue 18, docs/webhooks.md). */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "base/str.h"
#include "cli/cli.h"

static int do_list(struct app_ctx *ctx, bool json)
{
	struct webhook_sub *xs;
	struct app_error err;
	size_t n;

	if (app_webhook_list(ctx, &xs, &n, &err) != APP_OK)
		return cli_fail("webhook", &err);
	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr,
				json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:s}", "id",
					  (json_int_t)xs[i].id, "institution_id",
					  (json_int_t)xs[i].institution_id, "url",
					  xs[i].url, "events", xs[i].events,
					  "description", xs[i].description, "active",
					  xs[i].active, "created_at", xs[i].created_at));
		return cli_print_json(arr);
	}
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%lld\t%s\t%s\t%s\t%s\n", xs[i].id, xs[i].institution_id,
		       xs[i].active ? "active" : "paused", xs[i].url, xs[i].events,
		       xs[i].description);
	return 0;
}

static int do_deliveries(struct app_ctx *ctx, long long id, long long limit, bool json)
{
	struct webhook_delivery *xs;
	struct app_error err;
	size_t n;

	if (app_webhook_deliveries(ctx, id, 0, limit, &xs, &n, &err) != APP_OK)
		return cli_fail("webhook", &err);
	if (json) {
		json_t *arr = json_array();

		for (size_t i = 0; i < n; i++)
			json_array_append_new(
				arr, json_pack("{s:I, s:I, s:s, s:s, s:I, s:I, s:s?, s:s?}",
					       "id", (json_int_t)xs[i].id, "event_id",
					       (json_int_t)xs[i].event_id, "type",
					       xs[i].kind, "state", xs[i].state,
					       "attempts", (json_int_t)xs[i].attempts,
					       "last_status", (json_int_t)xs[i].last_status,
					       "last_error", xs[i].last_error,
					       "delivered_at", xs[i].delivered_at));
		return cli_print_json(arr);
	}
	for (size_t i = 0; i < n; i++)
		printf("%lld\t%lld\t%s\t%s\t%lld\t%lld\t%s\n", xs[i].id, xs[i].event_id,
		       xs[i].kind, xs[i].state, xs[i].attempts, xs[i].last_status,
		       xs[i].last_error ? xs[i].last_error : "");
	return 0;
}

int cmd_webhook(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("webhook");
	struct cli_opts o;
	struct cli_run run;
	struct app_error err;
	const char *pos[3], *url = NULL, *events = NULL, *desc = NULL, *inst_s = NULL,
			    *json = NULL, *limit_s = NULL, *allow_http = NULL;
	long long id = 0, did = 0, inst = 0, limit = 50, nid;
	int npos, rc;
	struct cli_opt opts[] = {
		{"data", 1, &o.data},
		{"db", 1, &o.db},
		{"key-file", 1, &o.key_file},
		{"url", 1, &url},
		{"events", 1, &events},
		{"description", 1, &desc},
		{"institution", 1, &inst_s},
		{"limit", 1, &limit_s},
		{"allow-http", 0, &allow_http},
		{"json", 0, &json},
		{NULL, 0, NULL},
	};

	cli_opts_init(&o);
	rc = cli_parse(cmd, argc, argv, opts, pos, 3, &npos);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (npos < 1)
		return cli_usage_error("webhook", "which action: add, list, remove, "
						  "deliveries or replay?");
	if (strcmp(pos[0], "add") && strcmp(pos[0], "list") && strcmp(pos[0], "remove") &&
	    strcmp(pos[0], "deliveries") && strcmp(pos[0], "replay"))
		return cli_usage_error("webhook", "unknown action \"%s\"", pos[0]);
	if (!strcmp(pos[0], "add") && !url)
		return cli_usage_error("webhook", "add needs --url URL");
	if (inst_s && str_to_ll(inst_s, 1, (long long)1 << 53, &inst))
		return cli_usage_error("webhook", "--institution must be an institution id");
	if (limit_s && str_to_ll(limit_s, 1, 200, &limit))
		return cli_usage_error("webhook", "--limit must be 1..200");
	if ((!strcmp(pos[0], "remove") || !strcmp(pos[0], "deliveries")) &&
	    (npos != 2 || str_to_ll(pos[1], 1, (long long)1 << 53, &id)))
		return cli_usage_error("webhook", "%s needs the subscription's id", pos[0]);
	if (!strcmp(pos[0], "replay") &&
	    (npos != 3 || str_to_ll(pos[1], 1, (long long)1 << 53, &id) ||
	     str_to_ll(pos[2], 1, (long long)1 << 53, &did)))
		return cli_usage_error("webhook", "replay needs the subscription's id and "
						  "the delivery's id");
	cli_opts_finish(&o);
	if (cli_run_open(&run, &o) != 0)
		return 1;
	run.app.webhook_allow_http = allow_http != NULL;
	if (!strcmp(pos[0], "list")) {
		rc = do_list(&run.ctx, json != NULL);
	} else if (!strcmp(pos[0], "deliveries")) {
		rc = do_deliveries(&run.ctx, id, limit, json != NULL);
	} else if (!strcmp(pos[0], "add")) {
		struct webhook_input in = {inst, url, events, desc, 1};
		const char *secret;

		rc = app_webhook_add(&run.ctx, &in, &nid, &secret, &err) == APP_OK
			     ? (printf("%lld\t%s\n", nid, secret), 0)
			     : cli_fail("webhook", &err);
	} else if (!strcmp(pos[0], "remove")) {
		rc = app_webhook_remove(&run.ctx, id, &err) == APP_OK
			     ? 0
			     : cli_fail("webhook", &err);
	} else {
		rc = app_webhook_replay(&run.ctx, id, did, &nid, &err) == APP_OK
			     ? (printf("%lld\n", nid), 0)
			     : cli_fail("webhook", &err);
	}
	cli_run_close(&run);
	return rc;
}
