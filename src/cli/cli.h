/*
 * cli.h - the command line: one table of subcommands (cli.c), one file per
 * subcommand. A subcommand parses its own options, calls app/, prints, and
 * returns the exit code: 0 success, 1 failure, 2 bad usage.
 */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include "app/app.h"
#include "core/i18n.h"
#include "http/http.h"

struct cli_cmd {
	const char *name;
	const char *summary;
	const char *usage; /* full --help text */
	int (*fn)(int argc, char **argv);
};

int cli_main(int argc, char **argv);

/* Options shared by several commands, filled from SKILLCERT_* environment
 * variables first and then from the command line. */
/* Items a repeatable option takes (--db-replica, --trusted-proxy). */
#define CLI_MAX_LIST 16

struct cli_opts {
	const char *data;            /* --data DIR       SKILLCERT_DATA */
	const char *db;              /* --db URL         SKILLCERT_DB */
	const char *listen;          /* --listen ADDR    SKILLCERT_LISTEN */
	const char *key_file;        /* --key-file PATH  SKILLCERT_KEY_FILE */
	const char *threads;         /* --threads N      SKILLCERT_THREADS */
	const char *secure_cookies;  /* --secure-cookies SKILLCERT_SECURE_COOKIES */
	const char *verify_rate;     /* --verify-rate N  SKILLCERT_VERIFY_RATE */
	const char *request_timeout; /* --request-timeout S SKILLCERT_REQUEST_TIMEOUT */
	const char *time_zone; /* --time-zone ZONE (SKILLCERT_TIME_ZONE: cli_main) */
	/* outgoing messages (docs/notifications.md); the SMTP password and
	 * the webhook's secret come from the environment only */
	const char *smtp_url;      /* --smtp-url URL   SKILLCERT_SMTP_URL */
	const char *smtp_starttls; /* --smtp-starttls  SKILLCERT_SMTP_STARTTLS=1 */
	const char *mail_from;     /* --mail-from ADDR SKILLCERT_MAIL_FROM */
	const char *outbox;        /* --outbox DIR     SKILLCERT_OUTBOX */
	const char *webhook_url;   /* --webhook-url URL SKILLCERT_WEBHOOK_URL */
	const char *stats_refresh; /* --stats-refresh S SKILLCERT_STATS_REFRESH */
	const char *sup_scan;      /* --sup-scan S     SKILLCERT_SUP_SCAN */
	/* webhooks (docs/webhooks.md): what a subscriber's URL may be */
	const char *webhook_allow_http;    /* SKILLCERT_WEBHOOK_ALLOW_HTTP=1 */
	const char *webhook_allow_private; /* SKILLCERT_WEBHOOK_ALLOW_PRIVATE=1 */
	/* read replicas and proxies (docs/postgresql.md "Read replicas") */
	const char *db_replica[CLI_MAX_LIST]; /* --db-replica URL (repeatable)
					       * SKILLCERT_DB_REPLICA */
	int ndb_replica;
	const char *replica_max_lag; /* --replica-max-lag S SKILLCERT_REPLICA_MAX_LAG */
	const char *trusted_proxy[CLI_MAX_LIST]; /* --trusted-proxy ADDR (repeatable)
						  * SKILLCERT_TRUSTED_PROXY */
	int ntrusted_proxy;
	char db_buf[4096], key_buf[4096];
	char replica_env[4096], proxy_env[1024];
};

/* One option a command accepts. dest gets the value ("1" for flags). */
struct cli_opt {
	const char *name; /* without the leading "--" */
	int has_arg;
	const char **dest;
};

/* Parses argv[1..] (argv[0] is the command name) against opts, accepting
 * "--name value" and "--name=value"; anything not starting with "--" is a
 * positional argument collected into pos (at most maxpos). "--help" prints
 * the command's usage. Returns 0 to go on, 1 when help was printed (exit 0),
 * 2 on a usage error (already printed). */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv,
	      const struct cli_opt *opts, const char **pos, int maxpos, int *npos);
const struct cli_cmd *cli_find(const char *name);
/* The options of the commands that serve (serve, demo): o is initialised
 * and finished here. Returns like cli_parse(). */
int cli_parse_serve(const struct cli_cmd *cmd, int argc, char **argv, struct cli_opts *o);

/* The language of the command line's messages: SKILLCERT_LANG, else the
 * catalog's default. */
enum lang cli_lang(void);
/* Prints "skillcert CMD: field: message — detail" for a refusal from app/
 * in cli_lang(); returns 1, the exit code of a failed command. */
int cli_fail(const char *cmd, const struct app_error *err);
/* Prints v (a jansson value, taken and freed) as indented JSON ("[]" if it
 * cannot be written); returns 0, the exit code of a listing. */
struct json_t;
int cli_print_json(struct json_t *v);

void cli_opts_init(struct cli_opts *o);
/* Makes name (a TZ database name or "+08:00") the process's time zone;
 * prints why and returns -1 when it is not one. Before any thread. */
int cli_time_zone(const char *name);
/* Fills the derived defaults (db and key file inside the data dir). */
void cli_opts_finish(struct cli_opts *o);
/* Prints "skillcert CMD: message" and the hint to use --help; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* A command's working set: the app, an arena, and a context acting as
 * the system (the operator holds the database and the master key). */
struct cli_run {
	struct app app;
	struct arena arena;
	struct app_ctx ctx;
};
/* Opens o->db into r; prints why on failure and returns -1. */
int cli_run_open(struct cli_run *r, const struct cli_opts *o);
void cli_run_close(struct cli_run *r);
/* cli_run_open(), then, when as (a username) is not NULL, the context acts
 * as that account, looked up into *actor (which must outlive the run):
 * checked and audited with its grants (or its person), not the
 * operator's. On failure prints why (cli_fail(cmd, ...) for an unknown
 * account), leaves nothing open and returns 1, the command's exit code. */
int cli_run_open_as(struct cli_run *r, const struct cli_opts *o, const char *cmd,
		    const char *as, struct actor *actor);
/* The file at path in a, NUL-terminated too, and when len is not NULL its
 * length (an .xlsx holds NULs, so never strlen's); NULL when it cannot be
 * read or holds more than max bytes. */
char *cli_slurp(struct arena *a, const char *path, size_t max, size_t *len);

/* Opens the app on o->db; prints why on failure and returns -1. */
int cli_open_app(struct app *app, const struct cli_opts *o);
/* The notifier's settings of app from o and the SKILLCERT_* variables
 * (cli_open_app does it). */
void cli_notify_settings(struct app *app, const struct cli_opts *o);
/* After a migration from `from` to `to`: a trail written before signed
 * checkpoints gets its key and its first checkpoint (app_audit_adopt).
 * Returns 0 or -1 (printed why). */
int cli_audit_adopt(const struct cli_opts *o, int from, int to, int quiet);
/* What a migration from `from` to `to` asks once done: cli_audit_adopt(),
 * and the categories of commendation campaigns made before migration 0031
 * named (app_commend_name_categories; with always, whatever the schemas:
 * `skillcert migrate`). Returns 0 or -1 (printed why). */
int cli_after_migration(const struct cli_opts *o, int from, int to, int quiet, int always);
/* Creates the data dir, master key and database when missing, and applies
 * pending migrations. Prints what it did unless quiet. Returns 0 or -1. */
int cli_prepare_data(const struct cli_opts *o, int quiet);
/* Creates the first administrator when there is no user yet and prints
 * its login once. Returns 0 or -1. */
int cli_bootstrap_admin(struct app *app, const struct cli_opts *o);
/* Adds the standards compiled into the binary to the catalogue. */
int cli_seed_catalog(struct app *app, int quiet);
/* Runs the HTTP server for app on o->listen until SIGTERM. */
int cli_serve(struct app *app, const struct cli_opts *o);
int cmd_issue(int argc, char **argv);
int cmd_cert(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_key(int argc, char **argv);
int cmd_setting(int argc, char **argv);

/* The route table (routes.c). */
extern const struct http_route cli_routes[];
extern const size_t cli_nroutes;

/* The subcommands. */
int cmd_init(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_migrate(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_institution(int argc, char **argv);
int cmd_batch(int argc, char **argv);
int cmd_person(int argc, char **argv);
int cmd_competition(int argc, char **argv);
int cmd_commendation(int argc, char **argv);
int cmd_apprenticeship(int argc, char **argv); /* cmd_apprenticeship.c */
/* the review and the decision of a commendation campaign: actions of
 * `skillcert commendation` handed on by cmd_commendation() */
int cmd_commendation_review(int argc, char **argv);
int cmd_commendation_decision(int argc, char **argv);
/* `skillcert exam` (cmd_exam.c) */
int cmd_exam(int argc, char **argv);
/* `skillcert item` (cmd_item.c) */
int cmd_item(int argc, char **argv);
/* `skillcert training` (cmd_training.c) */
int cmd_training(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_occupation(int argc, char **argv);
int cmd_standard(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_routes(int argc, char **argv);
int cmd_openapi(int argc, char **argv);
int cmd_filing(int argc, char **argv);
int cmd_figures(int argc, char **argv);
int cmd_report(int argc, char **argv);      /* statistics report (issue 16) */
int cmd_statistics(int argc, char **argv);  /* cmd_statistics.c (issue 16) */
int cmd_selfeval(int argc, char **argv);    /* issue 15 */
int cmd_supervision(int argc, char **argv); /* issue 16 */
int cmd_notify(int argc, char **argv);
int cmd_webhook(int argc, char **argv);

#endif
