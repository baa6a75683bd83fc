/* cmd_serve.c - `skillcert serve`, and the server set-up `demo` shares. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "api/api.h"
#include "base/str.h"
#include "cli/cli.h"
#include "web/web.h"

extern const struct embedded_file web_assets[];

/* HTTP threads a CPU when the store is PostgreSQL and --threads is not
 * given (SQLite: one a CPU, http_serve's default). */
#define DB_POOL_CAP 36 /* connections a server, at most (see cli_serve) */
#define PG_THREADS_PER_CPU 4

/* API paths answer errors in JSON, everything else with a page. */
static void on_error(struct http_req *req, struct http_resp *resp, int status,
		     const char *reason)
{
	if (str_has_prefix(req->path, "/api/") || !strcmp(req->path, "/healthz") ||
	    !strcmp(req->path, "/metrics") || str_has_prefix(req->path, "/.well-known/") ||
	    str_has_prefix(req->path, "/status/"))
		api_error(req, resp, status, reason);
	else
		page_error(req, resp, status, reason);
}

static void request_ctx(struct http_req *req, struct app_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->app = req->ctx;
	ctx->arena = req->arena;
	ctx->request_id = req->request_id;
	ctx->address = req->remote_addr;
	ctx->writes = strcmp(req->method, "GET") && strcmp(req->method, "HEAD");
}

/* A bearer token (machine clients) or the session cookie (browsers). */
static void authenticate(struct http_req *req)
{
	const char *h = http_header(req, "Authorization");
	const char *sid = http_cookie(req, "sc_session");
	struct app_ctx ctx;
	struct app_error err;
	struct actor *a = arena_alloc(req->arena, sizeof(*a));
	enum app_status st;

	request_ctx(req, &ctx);
	if (h && !strncasecmp(h, "Bearer ", 7)) {
		st = app_token_resolve(&ctx, h + 7, a, &err);
		if (st == APP_OK) {
			req->actor = a;
			req->auth = HTTP_AUTH_TOKEN;
			req->must_change_password = a->must_change_password;
		}
	} else if (sid) {
		st = app_session_resolve(&ctx, sid, a, &err);
		if (st == APP_OK) {
			req->actor = a;
			req->auth = HTTP_AUTH_SESSION;
			req->csrf_expected = a->csrf;
			req->must_change_password = a->must_change_password;
		}
	} else {
		return;
	}
	/* the credentials could not be checked (the database failed): not an
	 * anonymous request, and not a 401 that would send the client to sign
	 * in again */
	if (st == APP_UNAVAILABLE || st == APP_INTERNAL)
		req->auth_error = 503;
}

static bool authorize(struct http_req *req, const char *perm)
{
	struct app_ctx ctx;

	request_ctx(req, &ctx);
	ctx.actor = req->actor;
	return app_can(&ctx, perm);
}

static void metrics_extra(struct buf *out, void *ctx)
{
	struct app *app = ctx;
	int open = 0, in_use = 0;

	app_db_stats(app, &open, &in_use);
	buf_printf(out,
		   "# HELP skillcert_db_connections Database connections in the "
		   "pool.\n"
		   "# TYPE skillcert_db_connections gauge\n"
		   "skillcert_db_connections{engine=\"%s\",state=\"open\"} %d\n"
		   "skillcert_db_connections{engine=\"%s\",state=\"in_use\"} %d\n",
		   app_db_engine(app), open, app_db_engine(app), in_use);
	app_replica_metrics(app, out);
}

/* After a routed handler: an Idempotency-Key's answer kept (or replaced
 * by the replay of the request that took the key first); and after a
 * change by a signed-in actor, with read replicas, the marker that sends
 * the actor's next reads to a replica only once it has replayed the
 * change (read-your-writes). */
static void after_request(struct http_req *req, struct http_resp *resp)
{
	api_idem_after(req, resp);
	if (app_replicas_on(req->ctx) && resp->status < 400 && req->actor &&
	    strcmp(req->method, "GET") && strcmp(req->method, "HEAD"))
		app_note_write(req->ctx, req->actor);
}

/* The replicas and trusted proxies of o, checked and opened on app. */
static int serve_replicas(struct app *app, const struct cli_opts *o, long long *check_ms)
{
	long long lag = 10;
	const char *t = getenv("SKILLCERT_REPLICA_CHECK_MS");
	char err[512];

	for (int i = 0; i < o->ntrusted_proxy; i++) {
		unsigned char bin[16];

		if (inet_pton(AF_INET, o->trusted_proxy[i], bin) != 1 &&
		    inet_pton(AF_INET6, o->trusted_proxy[i], bin) != 1)
			return cli_usage_error("serve",
					       "--trusted-proxy \"%s\" is not an IPv4 or IPv6 "
					       "address",
					       o->trusted_proxy[i]);
	}
	if (o->replica_max_lag && str_to_ll(o->replica_max_lag, 1, 3600, &lag) != 0)
		return cli_usage_error("serve",
				       "--replica-max-lag must be 1..3600 (seconds)");
	*check_ms = 1000;
	if (t && *t && str_to_ll(t, 50, 60000, check_ms) != 0)
		return cli_usage_error("serve", "SKILLCERT_REPLICA_CHECK_MS must be 50..60000 "
						"(milliseconds between lag checks)");
	if (!o->ndb_replica)
		return 0;
	if (o->ndb_replica > APP_MAX_REPLICAS)
		return cli_usage_error("serve", "--db-replica: at most %d replicas",
				       APP_MAX_REPLICAS);
	if (strcmp(app_db_engine(app), "postgresql"))
		return cli_usage_error("serve", "--db-replica needs a PostgreSQL primary "
						"(--db postgresql://...)");
	for (int i = 0; i < o->ndb_replica; i++)
		if (!str_has_prefix(o->db_replica[i], "postgresql://") &&
		    !str_has_prefix(o->db_replica[i], "postgres://"))
			return cli_usage_error(
				"serve", "--db-replica \"%s\" is not a postgresql:// URL",
				o->db_replica[i]);
	if (app_replicas_open(app, o->db_replica, o->ndb_replica, (int)lag, 0, err,
			      sizeof(err)) != 0)
		return cli_usage_error("serve", "--db-replica: %s", err);
	return 0;
}

static void on_listen(unsigned port, void *ctx)
{
	(void)ctx;
	printf("skillcert: serving on port %u\n", port);
	fflush(stdout);
}

int cli_serve(struct app *app, const struct cli_opts *o)
{
	struct http_config cfg;
	struct app_stats_thread *stats;
	struct app_replica_thread *checker;
	long long threads = 0, stats_every = 300, scan_every = 86400, check_ms = 1000;
	int rc;

	if (o->threads && str_to_ll(o->threads, 1, 256, &threads) != 0)
		return cli_usage_error("serve", "--threads must be 1..256");
	if (o->verify_rate) {
		long long v;

		if (str_to_ll(o->verify_rate, 0, 1000000, &v) != 0)
			return cli_usage_error(
				"serve", "--verify-rate must be 0..1000000 "
					 "(lookups a minute per address; 0 = no limit)");
		app->verify_rate = (int)v;
	}
	if (o->stats_refresh && str_to_ll(o->stats_refresh, 0, 7 * 86400, &stats_every) != 0)
		return cli_usage_error("serve", "--stats-refresh must be 0..604800 "
						"(seconds between refreshes; 0 = never)");
	if (o->sup_scan && str_to_ll(o->sup_scan, 0, 31 * 86400, &scan_every) != 0)
		return cli_usage_error("serve",
				       "--sup-scan must be 0..2678400 "
				       "(seconds between supervision scans; 0 = never)");
	app->webhook_allow_http = o->webhook_allow_http &&
				  strcmp(o->webhook_allow_http, "0");
	app->webhook_allow_private = o->webhook_allow_private &&
				     strcmp(o->webhook_allow_private, "0");
	if ((rc = serve_replicas(app, o, &check_ms)) != 0)
		return rc;
	memset(&cfg, 0, sizeof(cfg));
	if (o->request_timeout) {
		long long v;

		if (str_to_ll(o->request_timeout, 1, 3600, &v) != 0)
			return cli_usage_error("serve",
					       "--request-timeout must be 1..3600 "
					       "(seconds to receive a whole request)");
		cfg.request_timeout_s = (unsigned)v;
	}
	if (!threads && !strcmp(app_db_engine(app), "postgresql")) {
		/* a thread waits out each query's round trip to the server:
		 * more threads than cores keep the cores busy (bench/pg.sh) */
		long n = sysconf(_SC_NPROCESSORS_ONLN);

		threads = PG_THREADS_PER_CPU * (n > 0 ? n : 1);
		if (threads > 32)
			threads = 32;
	}
	/* one connection a thread, and a few for the background threads, up
	 * to DB_POOL_CAP a server: PostgreSQL's max_connections (100 by
	 * default) is shared by every server (docs/postgresql.md); beyond
	 * the cap a thread waits for a connection */
	if (threads)
		app_db_pool_at_least(app, threads + 4 < DB_POOL_CAP ? (int)threads + 4
								    : DB_POOL_CAP);
	cfg.listen = o->listen;
	cfg.threads = (unsigned)threads;
	cfg.max_body = 1 << 20;
	cfg.max_upload = 32 << 20;
	cfg.max_header = 16 << 10;
	cfg.timeout_s = 30;
	if (!cfg.request_timeout_s)
		cfg.request_timeout_s = 60;
	cfg.conn_limit = 0;   /* what the open-file limit allows */
	cfg.per_ip_limit = 0; /* a sixteenth of that */
	cfg.routes = cli_routes;
	cfg.nroutes = cli_nroutes;
	if (api_openapi_prepare(cli_routes, cli_nroutes) != 0)
		fprintf(stderr, "skillcert: the OpenAPI description could not be built\n");
	cfg.assets = web_assets;
	cfg.ctx = app;
	cfg.on_error = on_error;
	cfg.authenticate = authenticate;
	cfg.authorize = authorize;
	cfg.secure_cookies = o->secure_cookies && strcmp(o->secure_cookies, "0");
	cfg.metrics_extra = metrics_extra;
	cfg.on_listen = on_listen;
	cfg.trusted_proxies = o->trusted_proxy;
	cfg.ntrusted_proxies = (size_t)o->ntrusted_proxy;
	cfg.before = api_idem_before;
	cfg.after = after_request;
	{
		const char *t = getenv("SKILLCERT_HTTP_TIMEOUT");
		long long v;

		if (t && str_to_ll(t, 1, 3600, &v) == 0)
			cfg.timeout_s = (unsigned)v;
	}
	{
		/* bytes of an answer an Idempotency-Key keeps (tests: small) */
		const char *t = getenv("SKILLCERT_IDEMPOTENCY_MAX_BODY");
		long long v;

		if (t && str_to_ll(t, 1, APP_IDEM_MAX_BODY, &v) == 0)
			app->idem_max_body = (size_t)v;
	}
	{
		/* seconds between purges of expired keys (tests: long) */
		const char *t = getenv("SKILLCERT_IDEMPOTENCY_PURGE_EVERY");
		long long v;

		if (t && str_to_ll(t, 1, APP_IDEM_TTL_S, &v) == 0)
			app->idem_purge_s = v;
	}
	{
		/* tests only, behind its guard: the wait before a request takes
		 * its key, so that racing requests overlap (docs/configuration.md) */
		const char *t = getenv("SKILLCERT_TEST_IDEMPOTENCY_DELAY_MS");
		const char *guard = getenv("SKILLCERT_TEST_HOOKS");
		long long v;

		if (t && guard && !strcmp(guard, "test-only") &&
		    str_to_ll(t, 1, 10000, &v) == 0)
			app->idem_test_delay_ms = (int)v;
	}
	cfg.max_buffered = (size_t)1 << 30; /* 1 GiB of bodies in flight */
	{
		const char *t = getenv("SKILLCERT_MAX_BUFFERED");
		long long v;

		if (t && str_to_ll(t, 1 << 20, (long long)1 << 40, &v) == 0)
			cfg.max_buffered = (size_t)v;
	}
	{
		const char *why = app_notify_check(app);

		if (why)
			return cli_usage_error("serve", "%s", why);
		if (app_notify_public_url_missing(app))
			fprintf(stderr,
				"skillcert serve: warning: the public_url setting is unset, so "
				"password reset links cannot be mailed (skillcert setting set "
				"public_url https://...)\n");
		/* queued messages go out from a thread of their own */
		if (app_notify_start(app) != 0) {
			fprintf(stderr, "skillcert: cannot start the message sender\n");
			return 1;
		}
		/* webhook deliveries from threads of their own */
		if (app_webhook_start(app) != 0) {
			app_notify_stop(app);
			fprintf(stderr, "skillcert: cannot start the webhook senders\n");
			return 1;
		}
		/* the figures refreshed, and the year scanned for supervision
		 * flags, from a thread of their own */
		stats = app_stats_thread_start(app, (int)stats_every, (int)scan_every);
		/* the replicas' lag looked at once now, then from a thread */
		checker = app_replica_thread_start(app, (int)check_ms);
		rc = http_serve(&cfg) == 0 ? 0 : 1;
		app_replica_thread_stop(checker);
		app_stats_thread_stop(stats);
		app_webhook_stop(app);
		app_notify_stop(app);
		return rc;
	}
}

int cmd_serve(int argc, char **argv)
{
	const struct cli_cmd *cmd = cli_find("serve");
	struct cli_opts o;
	struct app app;
	int rc;
	rc = cli_parse_serve(cmd, argc, argv, &o);
	if (rc)
		return rc == 1 ? 0 : rc;
	if (cli_open_app(&app, &o) != 0)
		return 1;
	rc = cli_serve(&app, &o);
	app_close(&app);
	return rc;
}
