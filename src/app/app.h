/*
 * app.h - use cases: one function per user action.
 *
 * Both front doors (HTTP and CLI) call these, so a rule holds the same way
 * for a page, an API call and a command. Each action: checks the actor's
 * permission, validates with core/ rules, runs its store work in one
 * transaction, and reports failure as an app_status plus the field and a
 * catalog key (core/i18n.h) that the caller renders in the user's language.
 *
 * Memory: results are allocated from ctx->arena.
 */
#ifndef APP_APP_H
#define APP_APP_H

#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "core/account.h"
#include "core/catalog.h"
#include "core/certificate.h"
#include "core/apprenticeship.h"
#include "core/commendation.h"
#include "core/commendation_review.h"
#include "core/competition.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/institution.h"
#include "core/plan.h"
#include "core/registry.h"
#include "core/scoring.h"
#include "core/selfeval.h"
#include "core/standard.h"
#include "core/subsidy.h"

struct store;

/* Process-wide state, set up once by the CLI and shared by all threads. */
struct app_keys;
struct app_signer;
struct app_audit_signer;
struct app_sender;
struct app_replicas;
struct store_conn;
struct buf;

/* Where outgoing messages go (app/notify.c, services/notify.h,
 * docs/notifications.md): set by the CLI from flags and SKILLCERT_*
 * variables; every field optional. */
struct app_notify_settings {
	const char *smtp_url, *smtp_user, *smtp_password, *from;
	bool smtp_starttls;
	const char *outbox_dir;
	const char *webhook_url, *webhook_secret;
	long timeout_s;
};

struct app {
	struct store *store;
	const char *data_dir;
	const char *key_file;      /* the master key file (set by the caller) */
	struct app_keys *keys;     /* data keys, unwrapped on first use */
	struct app_signer *signer; /* the signing key, unwrapped on first use */
	struct app_audit_signer *audit_signer; /* the audit checkpoint key, likewise */
	int verify_rate; /* public lookups a minute per address; 0 = no limit */
	struct app_notify_settings notify; /* outgoing messages' back-ends */
	struct app_sender *sender;         /* the server's sender thread, or NULL */
	struct app_replicas *replicas;     /* read replicas (app/replica.c), or NULL */
	/* bytes of an answer an Idempotency-Key keeps for its replay; 0 =
	 * APP_IDEM_MAX_BODY (app/idempotency.c) */
	size_t idem_max_body;
	/* seconds between purges of expired keys; 0 = APP_IDEM_PURGE_S */
	long long idem_purge_s;
	/* tests only: milliseconds app_finish waits before it takes a key
	 * (SKILLCERT_TEST_IDEMPOTENCY_DELAY_MS), so racing requests really
	 * overlap; 0 = none */
	int idem_test_delay_ms;
	/* webhooks (issue 18): the server's senders, or NULL; what a
	 * subscriber's URL may be (serve's --webhook-allow-http and
	 * --webhook-allow-private) */
	struct app_hook_sender *hooks;
	bool webhook_allow_http, webhook_allow_private;
};

/* Who is acting. Filled by app_session_resolve()/app_token_resolve() for
 * HTTP, or app_system_actor for the command line (every permission: the
 * operator already holds the database and the master key). */
struct actor {
	long long user_id;
	const char *username;
	struct grant *grants;
	size_t ngrants;
	bool system;
	bool must_change_password;
	const char *session_hash; /* set when authenticated by a session */
	const char *csrf;         /* that session's CSRF token */
	long long person_id;      /* a holder account's person; 0 = staff */
	const char *email;        /* the account's e-mail address; NULL = none */
	long long token_id;       /* set when authenticated by an API token */
	/* the primary's WAL insert position after the session's (token's)
	 * last write (0 = none): a replica serves this actor's reads once it
	 * has replayed up to it */
	long long wrote_lsn;
};

extern const struct actor app_system_actor;
/* A context acting as the system (background threads, start-up): arena
 * initialised (the caller releases it), every other field zero. */
struct app_ctx;
void app_system_ctx(struct app_ctx *ctx, struct app *app, struct arena *arena);

/* One action's context: who, on whose behalf, with which memory. */
struct app_ctx {
	struct app *app;
	struct arena *arena;
	const struct actor *actor; /* NULL = anonymous */
	const char *request_id;    /* NULL for CLI */
	const char *address;       /* client address, NULL for CLI */
	int lang; /* enum lang of the labels the app fills (statistics); 0 = zh */
	/* read replicas: reads on the primary (app_read_conn) for a request
	 * that may write (not GET/HEAD), and once this ctx committed a write */
	bool writes, wrote;
	/* the request's Idempotency-Key (app/idempotency.c), or NULL: the
	 * first transaction that commits takes it (app_finish) */
	struct app_idem *idem;
	/* the transaction wrote webhook events: its commit wakes the senders */
	bool hook_events;
};

enum app_status {
	APP_OK = 0,
	APP_INVALID, /* input breaks a rule: err.field, err.msg say which */
	APP_NOT_FOUND,
	APP_CONFLICT,
	APP_UNAUTHENTICATED, /* no valid session or token */
	APP_FORBIDDEN,       /* authenticated, but no grant covers it */
	APP_RATE_LIMITED,    /* too many failures: err.retry_after seconds */
	APP_UNAVAILABLE,     /* the database cannot be reached */
	APP_INTERNAL,
};

struct app_error {
	enum app_status status;
	const char *field;     /* NULL when not about one field */
	const char *msg;       /* catalog key */
	const char *detail;    /* internal detail for the log, never shown */
	long long retry_after; /* APP_RATE_LIMITED: seconds to wait */
};

/* Process start-up (the crypto library); 0 on success. */
int app_global_init(void);

/* Opens the store at db_url, checks the schema is current; on failure
 * writes why into err. */
int app_open(struct app *app, const char *db_url, const char *data_dir, int pool_max,
	     char *err, size_t errlen);
void app_close(struct app *app);

/* ---- setting up (app/system.c) ---- */

struct app_init_report {
	int created_dir, created_key;
	int schema_from, schema_to;
};

/* Creates the data directory (0700) and the master key file when missing,
 * then applies pending migrations to db_url. Safe to run again. */
int app_init_data(const char *data_dir, const char *key_file, const char *db_url,
		  struct app_init_report *rep, char *err, size_t errlen);
/* Applies pending migrations in one transaction. */
int app_migrate(const char *db_url, int *from, int *to, char *err, size_t errlen);
/* The database's and the binary's schema versions. */
int app_schema_status(const char *db_url, int *db_version, int *latest, char *err,
		      size_t errlen);
enum app_status app_schema_latest(void);

/* Health: 0 when the database answers. */
enum app_status app_health(struct app_ctx *ctx, struct app_error *err);

/* Raises the database pool's limit to at least n connections. */
void app_db_pool_at_least(struct app *app, int n);
/* Database pool figures for /metrics. */
void app_db_stats(struct app *app, int *open, int *in_use);
const char *app_db_engine(const struct app *app);

/* Fills an empty database with demonstration data (app/demo.c); sets
 * *created to the number of institutions added (0 when not empty) and
 * judge_password to the password of the judge's login APP_DEMO_JUDGE
 * (app/demo_competition.c; "" when nothing was added). */
enum app_status app_demo_seed(struct app_ctx *ctx, int *created, char judge_password[17],
			      struct app_error *err);
#define APP_DEMO_JUDGE "judge.liu" /* the demo's judge (刘建国) */
/* A certificate of the demonstration data to verify: its number, its
 * holder, the holder's (made-up) ID number to claim an account with, and,
 * when public_url is set, the address its QR code opens (NULL then);
 * APP_NOT_FOUND when there is none. */
enum app_status app_demo_certificate(struct app_ctx *ctx, const char **number,
				     const char **holder, const char **id_number,
				     const char **url, struct app_error *err);
/* An honour certificate of the demo's 2020 commendation campaign to
 * verify (app/demo_commendation.c): a collective's, its number, holder and
 * verification address (NULL without public_url); APP_NOT_FOUND when
 * none was issued. */
#define APP_DEMO_DECISION_NO "机械人才评价〔2021〕5号" /* illustrative */
enum app_status app_demo_honour(struct app_ctx *ctx, const char **number,
				const char **holder, const char **url,
				struct app_error *err);

/* ---- accounts and sessions (app/account.c) ---- */

#define APP_TOKEN_MAX 64

struct user_view {
	struct user user;
	struct grant *grants;
	size_t ngrants;
};

struct login_result {
	char token[APP_TOKEN_MAX]; /* the session cookie's value */
	const char *csrf;
	bool must_change_password;
};

/* True when the actor holds perm somewhere (the route-level check). */
bool app_can(const struct app_ctx *ctx, const char *perm);

/* Finds the live session behind a cookie value (idle and absolute expiry
 * enforced; an expired one is removed). APP_UNAUTHENTICATED when none. */
enum app_status app_session_resolve(struct app_ctx *ctx, const char *cookie,
				    struct actor *out, struct app_error *err);
/* Finds the user behind "Authorization: Bearer TOKEN". */
enum app_status app_token_resolve(struct app_ctx *ctx, const char *token,
				  struct actor *out, struct app_error *err);
/* Checks the password, with backoff and lock per account and per address;
 * on success starts a session. The same answer for an unknown user and a
 * wrong password. */
enum app_status app_login(struct app_ctx *ctx, const char *username, const char *password,
			  struct login_result *out, struct app_error *err);
/* Ends the actor's session. */
enum app_status app_logout(struct app_ctx *ctx, struct app_error *err);
/* The actor changes their own password; other sessions end. */
enum app_status app_password_change(struct app_ctx *ctx, const char *current,
				    const char *new_password, struct app_error *err);

/* The command line's --as: the enabled user's actor, grants loaded (none
 * for an account linked to a person), so that an action is checked and
 * audited as that user. Only the system actor (the operator) asks;
 * APP_NOT_FOUND (field "as") for no such enabled user. */
enum app_status app_actor_by_name(struct app_ctx *ctx, const char *username,
				  struct actor *out, struct app_error *err);
/* Creates a user. With password NULL a random one is generated into
 * generated (17 bytes) and must be changed at first login. */
enum app_status app_user_create(struct app_ctx *ctx, const char *username,
				const char *display_name, const char *password,
				long long *id, char generated[17], struct app_error *err);
/* Sets a user's password (NULL: generate one into generated); the user
 * must change it at next login and their sessions end. */
enum app_status app_user_reset_password(struct app_ctx *ctx, const char *username,
					const char *password, char generated[17],
					struct app_error *err);
/* Disables a user (disabled true) or enables them again. Disabling ends
 * every session of theirs and revokes every API token at once (an enabled
 * user signs in again and makes new tokens); a disabled user cannot sign
 * in. Nobody disables their own account (APP_INVALID, field "username").
 * Audited as user.disable / user.enable; doing it twice is APP_CONFLICT. */
enum app_status app_user_set_disabled(struct app_ctx *ctx, const char *username,
				      bool disabled, struct app_error *err);
/* Grants or revokes role on institution_id (0 = whole network). */
enum app_status app_grant_add(struct app_ctx *ctx, const char *username, const char *role,
			      long long institution_id, struct app_error *err);
enum app_status app_grant_remove(struct app_ctx *ctx, const char *username, const char *role,
				 long long institution_id, struct app_error *err);
enum app_status app_user_list(struct app_ctx *ctx, struct user_view **items, size_t *n,
			      struct app_error *err);
enum app_status app_user_get(struct app_ctx *ctx, const char *username,
			     struct user_view *out, struct app_error *err);

/* Personal API tokens of the actor (or, for the system actor, of the
 * named user). The token is returned once, never stored in clear. */
enum app_status app_token_create(struct app_ctx *ctx, const char *username,
				 const char *name, char token[APP_TOKEN_MAX],
				 long long *id, struct app_error *err);
enum app_status app_token_list(struct app_ctx *ctx, const char *username,
			       struct api_token **items, size_t *n, struct app_error *err);
enum app_status app_token_revoke(struct app_ctx *ctx, const char *username, long long id,
				 struct app_error *err);

/* Sets the e-mail address of the actor's own account (username NULL) or,
 * with user.manage over them, of the named user; "" or NULL clears it.
 * Checked by user_check_email (APP_INVALID "email"); audited as
 * user.email (the address itself stays out of the trail). One's own
 * address needs one's current password (APP_INVALID "password", counted
 * by the login limiter; APP_RATE_LIMITED while it waits); another's
 * (user.manage) does not. The same transaction drops the account's reset
 * links and queues a notice in lang to the old address, if there was one. */
enum app_status app_user_set_email(struct app_ctx *ctx, const char *username,
				   const char *email, const char *password, int lang,
				   struct app_error *err);

/* Creates the first administrator ("admin", center_admin on the whole
 * network, must change the password) when there is no staff user yet (an
 * account linked to a person does not count); *created
 * says whether it did, generated holds the password then. */
enum app_status app_bootstrap_admin(struct app_ctx *ctx, int *created, char generated[17],
				    struct app_error *err);

/* ---- password reset (app/password.c, docs/security.md) ---- */

/* "Forgot my password" for a user name or an e-mail address (anyone): the
 * same APP_OK whether or not an account answers, after the same work (a
 * token drawn and hashed, the limiter's counters, an audit record). When
 * an account with an address answers, a reset token (32 random bytes, its
 * digest kept, valid 1 hour; earlier ones dropped) goes to that address in
 * a message in lang (enum lang) with the link PUBLIC_URL/password/reset?
 * token=..., queued in the same transaction. Rate-limited per client
 * address and per name typed (APP_RATE_LIMITED with retry_after).
 * Empty ident: APP_INVALID "username". Audited password.reset_request. */
enum app_status app_password_forgot(struct app_ctx *ctx, const char *ident, int lang,
				    struct app_error *err);
/* Whether token is a live reset token (APP_OK) or not (APP_INVALID
 * "token"): unknown, used, replaced, expired, or its user disabled. */
enum app_status app_password_reset_check(struct app_ctx *ctx, const char *token,
					 struct app_error *err);
/* Sets a new password with a live reset token: the staff password policy
 * (APP_INVALID "new_password"), Argon2id; the token and every other of
 * the user's is dropped, their sessions end, their login lockout is
 * cleared; audited password.reset (the user as actor). */
enum app_status app_password_reset(struct app_ctx *ctx, const char *token,
				   const char *new_password, struct app_error *err);

/* ---- outgoing messages (app/notify.c, docs/notifications.md) ---- */

/* A queued or sent message, for the staff list and the CLI. */
struct notify_view {
	long long id;
	/* recipient, subject and last_error are masked ("****" for the
	 * latter two) unless the viewer has user.manage network-wide */
	const char *channel, *recipient /* masked unless the viewer may see it */,
		*subject, *created_at, *sent_at /* NULL: queued */,
		*last_error /* NULL: none */, *next_at;
	long long attempts;
};
/* Queues one message (the system only: `skillcert notify queue`):
 * channel "email" or "sms" (APP_INVALID "channel"), to (an address for
 * e-mail, APP_INVALID "to"), subject and body (UTF-8, APP_INVALID
 * "subject"/"body"). *id the queue's id. The sender is woken. */
enum app_status app_notify_queue(struct app_ctx *ctx, const char *channel, const char *to,
				 const char *subject, const char *body, long long *id,
				 struct app_error *err);
/* The queue, newest first: status "queued", "sent" or "" (all), at most
 * limit (1..1000). user.manage; recipients in full only with user.manage
 * on the whole network (else masked: a***@example.cn, 138****5678),
 * *full says which. */
enum app_status app_notify_list(struct app_ctx *ctx, const char *status, long long limit,
				struct notify_view **items, size_t *n, bool *full,
				struct app_error *err);
/* One delivery pass (the system only): the queued messages due now (all
 * queued ones when force), oldest first, at most limit, each taken by one
 * sender, handed to its back-end and marked sent or kept with its error
 * and the next try after a backoff (1, 2, 4 ... minutes, at most an
 * hour). *sent and *failed count them. */
enum app_status app_notify_deliver(struct app_ctx *ctx, bool force, int limit, int *sent,
				   int *failed, struct app_error *err);
/* The back-end a channel's messages go to now ("smtp", "outbox",
 * "webhook"), or NULL. */
const char *app_notify_route(const struct app *app, const char *channel);
/* Checks app->notify (a webhook needs its secret, URLs their scheme):
 * NULL, or what is wrong (English, for the start-up message). */
const char *app_notify_check(const struct app *app);
/* Whether an e-mail back-end is configured while the public_url setting is
 * unset: reset links could not be mailed (serve warns at start). */
bool app_notify_public_url_missing(struct app *app);
/* The webhook's signing key kept in the database wrapped by the master
 * key (the system only): 32 random bytes made on first use when create,
 * as 64 hex digits into out (the text both the server and the
 * operator's bridge use as the HMAC key). APP_NOT_FOUND when there is
 * none and create is false. SKILLCERT_WEBHOOK_SECRET, when set, is used
 * instead (cli/). */
enum app_status app_webhook_secret(struct app_ctx *ctx, bool create, char out[65],
				   struct app_error *err);
/* Starts the server's sender thread: it delivers after each commit that
 * queued a message (app_notify_wake) and every 30 seconds. 0 or -1. */
int app_notify_start(struct app *app);
void app_notify_wake(struct app *app);
/* Stops and joins the sender thread (app_close does it too). */
void app_notify_stop(struct app *app);
/* Subsidy reminders (the system only: `skillcert notify
 * subsidy-reminders`): one e-mail in lang per holder account with an
 * address whose valid certificate's subsidy window (app_cert_subsidy)
 * closes within `within` days (1..366, APP_INVALID "within"), at most
 * once per certificate and window; *queued counts the new ones. */
enum app_status app_subsidy_reminders(struct app_ctx *ctx, int within, int lang,
				      int *queued, struct app_error *err);

/* ---- occupations and standards (app/catalog.c) ---- */

/* Adds the occupations, work types and standard versions compiled into
 * the binary that the database does not have yet (the system only: init,
 * demo, migrate run it). *added counts new standard versions. */
enum app_status app_catalog_seed(struct app_ctx *ctx, int *added, struct app_error *err);
/* Public: name contains q, or the code is q. */
enum app_status app_occupation_list(struct app_ctx *ctx, const char *q,
				    struct occupation **items, size_t *n,
				    struct app_error *err);
/* Public: occupation_id 0 = all. */
enum app_status app_standard_list(struct app_ctx *ctx, long long occupation_id,
				  struct standard_row **items, size_t *n,
				  struct app_error *err);
/* Public: one standard version, its row and its parsed rules. */
enum app_status app_standard_get(struct app_ctx *ctx, long long id, struct standard_row *row,
				 struct standard *out, struct app_error *err);
/* Public: evaluates every application route of the standard's level for
 * the applicant's facts today. APP_INVALID with the field when a fact is
 * malformed. */
enum app_status app_eligibility(struct app_ctx *ctx, long long standard_id, int level,
				const struct applicant *a, struct eligibility_result *out,
				struct app_error *err);

/* ---- people (app/person.c) ---- */

struct person_input {
	const char *name, *id_type, *id_number;
	const char *sex, *birth_date; /* optional: cross-checked with the ID */
	const char *education, *employer, *employer_credit_code;
	const char *work_start, *phone;
	long long institution_id; /* registering it: 0 = the actor's own */
};

/* Registers a person. The ID number is normalised (GB 11643 for resident
 * IDs, 15-digit numbers converted), sealed, and found again by its blind
 * index: a person entered twice is not duplicated — APP_CONFLICT with
 * *id set to the one already there. Sex and birth date come from the ID
 * number when it carries them. Needs person.manage. */
enum app_status app_person_create(struct app_ctx *ctx, const struct person_input *in,
				  long long *id, struct app_error *err);
enum app_status app_person_get(struct app_ctx *ctx, long long id, struct person *out,
			       struct app_error *err);
/* The person with this document, APP_NOT_FOUND when none. */
enum app_status app_person_find(struct app_ctx *ctx, const char *id_type,
				const char *id_number, struct person *out,
				struct app_error *err);
enum app_status app_person_list(struct app_ctx *ctx, const char *q, long long limit,
				long long offset, struct person **items, size_t *n,
				struct app_error *err);
/* A person's photo (证件照): JPEG or PNG checked by core/photo, at most
 * PHOTO_MAX_BYTES, replacing the one before; audited. Needs
 * person.manage. */
enum app_status app_person_set_photo(struct app_ctx *ctx, long long person_id,
				     const void *data, size_t len, struct app_error *err);
struct import_report;
/* Photos in bulk: a ZIP archive of photos each named by the ID number of
 * a registered person of the actor's reach ("110105198503121234.jpg"; the
 * number is tried as each document type in turn, a resident ID first).
 * Every file is checked as app_person_set_photo checks one; a problem is
 * reported per file (line = its place in the archive, column = its name
 * with the number masked as on every page:
 * plan.person_unknown, val.id.format, val.photo.*, import.duplicate for
 * a second photo of one person); with any problem, or on a dry run,
 * nothing is stored. rep->created counts photos added, updated those
 * replaced. Needs person.manage. */
enum app_status app_person_photos_import(struct app_ctx *ctx, const void *zip, size_t len,
					 bool dry_run, struct import_report *rep,
					 struct app_error *err);
/* The photo's bytes into out and its type; APP_NOT_FOUND when none. */
enum app_status app_person_photo(struct app_ctx *ctx, long long person_id,
				 const char **mime, struct buf *out, struct app_error *err);
/* Changes the facts a person does not carry in their document: name,
 * education, employer and its credit code, work start, phone (the ID
 * number, and the birth date and sex it carries, stay). Every field of
 * in is taken as the new value; audited as person.update with the fields
 * before and after. Needs person.manage on the person (app_person_reach). */
enum app_status app_person_update(struct app_ctx *ctx, long long id,
				  const struct person_input *in, struct app_error *err);

/* A person with what their page shows: whether there is a photo, the
 * assessor qualifications (arena). Needs person.manage on the person. */
struct person_view {
	struct person person;
	bool has_photo;
	struct person_qualification *quals;
	size_t nquals;
};
enum app_status app_person_view(struct app_ctx *ctx, long long id,
				struct person_view *out, struct app_error *err);

/* The full ID number (for certificates and filings); audited. */
enum app_status app_person_reveal_id(struct app_ctx *ctx, long long id, char *out,
				     size_t outlen, struct app_error *err);

/* ---- assessment plans (app/plan.c) ---- */

struct plan_input {
	long long institution_id, standard_id;
	const char *work_type; /* one of the standard's, or "" */
	int level;
	const char *title; /* "" = made from the occupation and level */
	const char *theory_on, *practical_on, *review_on; /* optional dates */
	int capacity;
};

/* A draft plan. The institution must be registered and valid, the
 * standard in force, the level offered and inside the institution's
 * authorised scope. Needs plan.manage on the institution. */
enum app_status app_plan_create(struct app_ctx *ctx, const struct plan_input *in,
				long long *id, struct app_error *err);

struct plan_detail {
	struct plan plan;
	struct plan_room *rooms;
	size_t nrooms;
	struct plan_staff *staff;
	size_t nstaff;
	struct enrolment *enrolments;
	size_t nenrolments;
	/* the standard's staffing rules against the plan as it stands */
	struct staffing_violation violations[16];
	int nviolations; /* may exceed 16 */
	bool may_manage, may_approve;
	struct supervisor_visit *visits; /* external supervisors (外督) */
	size_t nvisits;
	struct appeal_row *appeals; /* objections to the published results */
	size_t nappeals;
	/* the submitted (locked) components and the decided results, for the
	 * plan page's score columns; none before scoring */
	struct component_row *components;
	size_t ncomponents;
	struct result_row *results;
	size_t nresults;
	/* whether the institution has its 属地备案 (a filing with the HR
	 * authority): without one no skill certificate can be numbered */
	bool filed;
	/* the plan's level as it is assessed: the standard's, with the plan's
	 * post-skill specification applied when it names one (issue 15);
	 * NULL when the standard cannot be read */
	const struct std_level *level;
};
enum app_status app_plan_get(struct app_ctx *ctx, long long id, struct plan_detail *out,
			     struct app_error *err);
/* Plans of an institution (0 = every plan the actor may see). */
enum app_status app_plan_list(struct app_ctx *ctx, long long institution_id,
			      const char *status, struct plan **items, size_t *n,
			      struct app_error *err);
/* submit, approve (plan.approve on the parent institution, or on the
 * network for a plan of the center), return (with a reason), start (the
 * staffing rules hold and someone is enrolled), finish_scoring (every
 * candidate's components locked: results decided), publish (results
 * under public notice for the standard's days), close (after the notice,
 * every appeal resolved). */
enum app_status app_plan_act(struct app_ctx *ctx, long long id, enum plan_action action,
			     const char *reason, struct app_error *err);
/* Records an external supervisor's visit (name, organisation, visited_on
 * not in the future, notes); needs plan.supervise on the plan's
 * institution. */
enum app_status app_plan_add_visit(struct app_ctx *ctx, long long plan_id,
				   const struct supervisor_visit *in, long long *id,
				   struct app_error *err);
enum app_status app_plan_add_room(struct app_ctx *ctx, long long plan_id, const char *name,
				  int capacity, long long *room_id, struct app_error *err);
/* Assigns staff. Assessors and review members must be qualified for the
 * occupation at the plan's level; a recusal (same employer, a declared
 * relationship, the candidate's trainer) blocks the assignment unless a
 * supervisor (plan.supervise) signs it off with a note. */
enum app_status app_plan_assign(struct app_ctx *ctx, long long plan_id,
				long long person_id, const char *role, long long room_id,
				const char *override_note, long long *staff_id,
				struct app_error *err);
/* The same, the person named by their document (id_type "" =
 * resident_id): a person of another institution may be staffed (a link
 * that makes them belong to this plan's institution too). By id, the
 * person must already belong to one of the actor's institutions. */
enum app_status app_plan_assign_doc(struct app_ctx *ctx, long long plan_id,
				    const char *id_type, const char *id_number,
				    const char *role, long long room_id,
				    const char *override_note, long long *staff_id,
				    struct app_error *err);
enum app_status app_plan_unassign(struct app_ctx *ctx, long long plan_id,
				  long long staff_id, struct app_error *err);
/* Enrols a person, evaluating every application route of the level with
 * their facts: when none holds, APP_INVALID "enrol.not_eligible" and the
 * routes with their reasons in *elig. A person is enrolled once. */
enum app_status app_plan_enrol(struct app_ctx *ctx, long long plan_id, long long person_id,
			       long long room_id, long long *enrolment_id,
			       struct eligibility_result *elig, struct app_error *err);
/* The same, the person named by their document: someone registered by
 * another institution may be enrolled (how a worker who moves is
 * linked); by id, the person must already belong to one of the actor's
 * institutions. */
enum app_status app_plan_enrol_doc(struct app_ctx *ctx, long long plan_id,
				   const char *id_type, const char *id_number,
				   long long room_id, long long *enrolment_id,
				   struct eligibility_result *elig, struct app_error *err);
enum app_status app_plan_withdraw(struct app_ctx *ctx, long long plan_id,
				  long long enrolment_id, struct app_error *err);

/* ---- scores and results (app/score.c) ---- */

/* Enters (or replaces, until submitted) one entry of a candidate: the
 * theory score (the office's), or one assigned assessor's practical score,
 * or one panel member's review score; a status other than present
 * (absent, withdrawn, disqualified with a reason) instead of a score.
 * The plan must be in progress. */
enum app_status app_score_enter(struct app_ctx *ctx, long long plan_id,
				long long enrolment_id, const char *component,
				long long assessor_id, const char *score, const char *status,
				const char *reason, struct app_error *err);
/* Locks a component: the theory score, or the assessors' aggregate (mean
 * or median as the standard says); a spread above the standard's
 * threshold needs the moderation note (APP_INVALID
 * "score.moderation_required" otherwise). */
/* What has been entered in a plan: every entry and every locked
 * (submitted) component, for the score grid to show. plan.manage. */
struct score_sheet {
	struct score_row *entries;
	size_t nentries;
	struct component_row *locked;
	size_t nlocked;
};
enum app_status app_score_sheet(struct app_ctx *ctx, long long plan_id,
				struct score_sheet *out, struct app_error *err);
enum app_status app_score_submit(struct app_ctx *ctx, long long plan_id,
				 long long enrolment_id, const char *component,
				 const char *moderation_note, struct app_error *err);
/* A locked component changes only by a correction with a reason that a
 * supervisor (plan.supervise) approves. */
enum app_status app_score_correction_request(struct app_ctx *ctx, long long plan_id,
					     long long enrolment_id, const char *component,
					     long long assessor_id, const char *score,
					     const char *status, const char *reason,
					     long long *id, struct app_error *err);
enum app_status app_score_correction_decide(struct app_ctx *ctx, long long id, bool approve,
					    const char *note, struct app_error *err);
/* The results of a plan, names masked: public once published (under
 * notice or closed), before that for the plan's staff only. */
enum app_status app_results(struct app_ctx *ctx, long long plan_id, struct plan *plan,
			    struct result_row **items, size_t *n, struct app_error *err);
/* Anyone may appeal during the results notice (rate-limited). */
enum app_status app_appeal_file(struct app_ctx *ctx, long long plan_id, const char *name,
				const char *contact, const char *body, long long *id,
				struct app_error *err);
enum app_status app_appeal_resolve(struct app_ctx *ctx, long long plan_id, long long id,
				   const char *resolution, struct app_error *err);

/* The facts a person applies with, an assessor's qualification, a declared
 * relationship (person.manage). */
enum app_status app_person_add_certificate(struct app_ctx *ctx, long long person_id,
					   const char *kind, const char *occupation_code,
					   bool related, int level, const char *issued_on,
					   const char *number, struct app_error *err);
enum app_status app_person_add_diploma(struct app_ctx *ctx, long long person_id,
				       const char *type, bool related,
				       const char *graduated_on, bool final_year,
				       int program_level, struct app_error *err);
enum app_status app_person_add_title(struct app_ctx *ctx, long long person_id,
				     const char *level, const char *granted_on,
				     bool related, struct app_error *err);
enum app_status app_person_add_qualification(struct app_ctx *ctx, long long person_id,
					     const char *occupation_code,
					     const char *grade, int max_level,
					     const char *valid_from, const char *valid_to,
					     const char *number, struct app_error *err);
enum app_status app_person_add_relationship(struct app_ctx *ctx, long long a, long long b,
					    const char *kind, struct app_error *err);

/* ---- the audit trail (app/audit.c) ---- */

enum app_status app_audit_list(struct app_ctx *ctx, const struct audit_filter *f,
			       struct audit_record **items, size_t *n, long long *total,
			       struct app_error *err);

struct audit_report {
	long long checked;     /* records walked */
	long long broken_seq;  /* 0 when the chain is whole */
	const char *reason;    /* why broken_seq is broken */
	long long checkpoints; /* signed checkpoints verified */
	const char *root;      /* the Merkle root (hex) of the whole trail */
	/* with a saved head (app_audit_verify_against): what it said */
	long long saved_size;
	const char *saved_root, *saved_at, *saved_kid;
};
/* Walks the whole chain, recomputing every hash, the Merkle tree over the
 * records and every stored checkpoint's signature (with the key unsealed
 * by the master key); a record after the first checkpoint without its
 * own, a checkpoint beyond the last record, an empty trail are breaks. */
enum app_status app_audit_verify(struct app_ctx *ctx, struct audit_report *rep,
				 struct app_error *err);
/* As app_audit_verify, and checks the trail against a saved head (saved:
 * the text of a checkpoint file, app_audit_checkpoint): its signature with
 * its own public key, which must be one of this installation's audit keys,
 * and that the first saved_size records give its root (the trail extends
 * it). A file that is not a checkpoint, or whose signature or key fails,
 * is APP_INVALID with field "against". */
enum app_status app_audit_verify_against(struct app_ctx *ctx, const char *saved,
					 struct audit_report *rep, struct app_error *err);
/* The newest signed checkpoint as the JSON text of a checkpoint file:
 * {"format":"skillcert-audit-checkpoint/v1","size","root","at","kid",
 * "public_key","signature"}. Public (it reveals the trail's size, root and
 * time). With check (the CLI), its signature is first verified with the
 * key unsealed by the master key. APP_NOT_FOUND when there is none. */
enum app_status app_audit_checkpoint(struct app_ctx *ctx, bool check, const char **json,
				     struct app_error *err);
/* The same head as a struct, with its key's public key (base64url). */
enum app_status app_audit_checkpoint_get(struct app_ctx *ctx, bool check,
					 struct audit_checkpoint *cp,
					 const char **public_key, struct app_error *err);
/* The schema that brought signed checkpoints (migration 0011). */
#define APP_AUDIT_SIGNED_SCHEMA 11
/* Adopts a trail written before schema 11: makes the checkpoint key and
 * signs the head over every record (*signed_size = how many; 0 when there
 * was nothing to adopt: a key already, or no record). Call it only right
 * after the migration that reached APP_AUDIT_SIGNED_SCHEMA: anywhere else a
 * trail with records but no key is one whose signed state was removed,
 * and app_audit() refuses to extend it. */
enum app_status app_audit_adopt(struct app_ctx *ctx, long long *signed_size,
				struct app_error *err);
/* Wipes and frees the unsealed checkpoint key (app_close). */
void app_audit_signer_free(struct app *app);

/* ---- institutions (app/institution.c) ---- */

struct institution_input {
	const char *name, *type, *province, *credit_code;
	long long parent_id; /* 0 = none */
	const char *branch_kind, *address, *host_org;
	const char *contact_name, *contact_phone, *contact_email;
	/* why a credit code failing its GB 32100 checksum is right anyway;
	 * without it such a code is refused (field credit_code) */
	const char *credit_code_override;
};

/* Creates an institution: an application for registration (the center
 * itself is registered at once). Needs institution.create on the parent. */
enum app_status app_institution_create(struct app_ctx *ctx,
				       const struct institution_input *in, long long *id,
				       struct app_error *err);
/* The institution; private fields (contacts, checksum note) are NULL
 * unless the actor's grant covers it. */
enum app_status app_institution_get(struct app_ctx *ctx, long long id,
				    struct institution *out, struct app_error *err);
/* The identity history (names and types), oldest first. */
enum app_status app_institution_names(struct app_ctx *ctx, long long id,
				      struct institution_name **items, size_t *n,
				      struct app_error *err);
/* The institutions on which the actor holds perm (each one's subtree of
 * a grant; every one for a network-wide grant), ordered by id, public
 * fields only, at most CHOICES_MAX: what a form offers to choose from.
 * The action the form leads to checks its own institution again. */
#define CHOICES_MAX 500
enum app_status app_institution_choices(struct app_ctx *ctx, const char *perm,
					struct institution **items, size_t *n,
					struct app_error *err);
/* The public directory: public fields only. */
enum app_status app_institution_list(struct app_ctx *ctx,
				     const struct institution_filter *f,
				     struct institution **items, size_t *n,
				     long long *total, struct app_error *err);
/* A new name (reason and document optional). */
enum app_status app_institution_rename(struct app_ctx *ctx, long long id,
				       const char *new_name, const char *reason,
				       const char *doc_no, struct app_error *err);
/* A new type (e.g. a training base re-registered as a branch center):
 * needs registry.decide; kept in the identity history. */
enum app_status app_institution_change_type(struct app_ctx *ctx, long long id,
					    const char *type, const char *branch_kind,
					    const char *reason, const char *doc_no,
					    struct app_error *err);
/* Updates address, host, contacts, credit code (name, type, parent and
 * registration fields are not touched). */
enum app_status app_institution_update(struct app_ctx *ctx, long long id,
				       const struct institution_input *in,
				       struct app_error *err);

/* Everything about one institution for its page. */
struct institution_detail {
	struct institution inst; /* private fields NULL unless may_read */
	enum reg_status effective;
	const char *parent_name;
	bool may_read, may_apply, may_decide, may_inspect, may_file, may_rename;
	bool may_open_plans;
	struct institution_name *names;
	size_t nnames;
	struct status_change *changes;
	size_t nchanges;
	struct scope_entry *scope; /* in force */
	size_t nscope;
	struct filing *filings; /* newest first */
	size_t nfilings;
	struct inspection *inspections;
	size_t ninspections;
	struct finding *findings;
	size_t nfindings;
	struct registration *regs;
	size_t nregs;
};
enum app_status app_institution_detail(struct app_ctx *ctx, long long id,
				       struct institution_detail *out,
				       struct app_error *err);

/* ---- the registry (app/registry.c) ---- */

/* Applies again: renewal of a registered or expired institution, or a
 * new application after a rejection. Needs registry.apply on it. */
enum app_status app_registration_apply(struct app_ctx *ctx, long long institution_id,
				       long long *registration_id, struct app_error *err);
/* Withdraws (or, for the center, rejects) a pending application. */
enum app_status app_registration_reject(struct app_ctx *ctx, long long registration_id,
					const char *reason, struct app_error *err);

/* Batches: the center collects pending applications, puts them under
 * public notice for notice_days, and approves them with one document. */
enum app_status app_batch_create(struct app_ctx *ctx, int year, const char *title,
				 int notice_days, long long *id, struct app_error *err);
/* Adds one pending application (or, with registration_id 0, every pending
 * application not yet in a batch) to an open batch. */
enum app_status app_batch_add(struct app_ctx *ctx, long long batch_id,
			      long long registration_id, int *added, struct app_error *err);
enum app_status app_batch_remove(struct app_ctx *ctx, long long batch_id,
				 long long registration_id, struct app_error *err);
/* Starts the notice on `start` (NULL = today; may lie in the past when the
 * notice was published elsewhere). */
enum app_status app_batch_notice(struct app_ctx *ctx, long long batch_id,
				 const char *start, struct app_error *err);
/* Approves every application still pending in the batch, once the notice
 * has ended and every objection is resolved: registration numbers,
 * validity (REG_VALIDITY_YEARS), the approval document. */
enum app_status app_batch_decide(struct app_ctx *ctx, long long batch_id, const char *doc,
				 const char *date, int *approved, struct app_error *err);
/* Public: batches under notice or decided; staff with registry.decide see
 * open ones too. status "" = all visible. */
enum app_status app_batch_list(struct app_ctx *ctx, const char *status,
			       struct reg_batch **items, size_t *n, struct app_error *err);
/* ---- public notices (app/notice.c) ---- */

/* Public: the plans whose results notice (结果公示) runs today (under
 * notice, today within notice_start..notice_end), newest first; q "" =
 * all, else those whose title, institution, occupation name or code
 * contains q (ASCII letters in any case). */
enum app_status app_result_notices(struct app_ctx *ctx, const char *q,
				   struct plan **items, size_t *n, struct app_error *err);
/* Whether text contains q (ASCII letters in any case); q NULL or "": yes. */
bool app_notice_matches(const char *text, const char *q);

/* ---- online application (app/application.c) ---- */

/* A plan opened for online application (网上报名). audience: "public",
 * "staff" (the institution's own) or "partners" (partners: credit codes
 * separated by commas, spaces or new lines; required then, refused
 * otherwise); the window opens_on..closes_on (inclusive, closing before
 * the theory exam day when one is set); fee: free text, up to 100. */
struct apply_offer_input {
	const char *audience, *opens_on, *closes_on, *fee, *partners;
};
/* Sets or replaces the plan's offer: plan.manage on the plan's institution,
 * while the plan still takes enrolments (draft, submitted, approved). */
enum app_status app_apply_offer_set(struct app_ctx *ctx, long long plan_id,
				    const struct apply_offer_input *in,
				    struct app_error *err);
/* The audience codes, NULL-terminated; whether s is one. */
const char *const *app_apply_audiences(void);
bool app_apply_audience_valid(const char *s);

/* What the public list is narrowed to: occupation (code or name contains
 * it), level (0 = any), province code, institution (0 = any); "" = any. */
struct apply_filter {
	const char *occupation, *province;
	int level;
	long long institution_id;
};
/* The filter from its text parts ("" or NULL = any): 422 naming level
 * (1..5), province (a province code) or institution (an id). */
enum app_status app_apply_filter_parse(const char *occupation, const char *level,
				       const char *province, const char *institution,
				       struct apply_filter *f, struct app_error *err);
struct apply_listing {
	struct plan plan;
	struct apply_offer offer;
	long long places_left;
	const char **partners; /* audience "partners": the credit codes */
	size_t npartners;
};
/* A plan and its offer for the staff form: plan.manage on the plan's
 * institution; *has false when the plan takes no applications. */
enum app_status app_apply_offer_get(struct app_ctx *ctx, long long plan_id,
				    struct apply_listing *out, bool *has,
				    struct app_error *err);
/* Public: the approved plans taking applications today (within their
 * window), soonest closing first, narrowed by f (NULL = all). */
enum app_status app_apply_open_list(struct app_ctx *ctx, const struct apply_filter *f,
				    struct apply_listing **items, size_t *n,
				    struct app_error *err);

/* ---- a holder's application (app/application.c) ---- */

#define APP_APPLY_MAX_DOCS 5
#define APP_APPLY_DOC_MAX (2 * 1024 * 1024)

/* An uploaded file: its name as sent and its bytes (the caller's). */
struct apply_upload {
	const char *name;
	const void *data;
	size_t len;
};
/* What a holder sends: the facts (f.route_id required; f.cert_id one of
 * their own certificates, else the cert_* fields typed or empty), a photo
 * (data NULL: none, or on a resubmission the one sent before kept) and
 * supporting documents (PDF or JPEG by their magic bytes, each
 * APP_APPLY_DOC_MAX at most, APP_APPLY_MAX_DOCS at most in all). */
struct apply_input {
	struct application_facts f;
	struct apply_upload photo;
	const struct apply_upload *docs;
	size_t ndocs;
};
/* What the holder's form shows: the plan and its offer, the routes of its
 * level, the holder's person and own certificates. */
struct apply_context {
	struct apply_listing l;
	const struct std_level *level; /* NULL when the standard lacks it */
	struct person person;
	struct certificate *certs;
	size_t ncerts;
};
/* An application with its documents (no content) and its eligibility
 * recomputed today from the person's facts and the application's. */
struct application_view {
	struct plan_application a;
	struct application_doc *docs;
	size_t ndocs;
	struct eligibility_result elig;
};

/* The holder's form for a plan (a holder account only, else APP_NOT_FOUND
 * "holder.only"): APP_NOT_FOUND unless the plan is approved and has an
 * offer. */
enum app_status app_application_form(struct app_ctx *ctx, long long plan_id,
				     struct apply_context *out, struct app_error *err);
/* The eligibility of the holder for the plan with the facts typed (the
 * person's stored facts and these): APP_OK with *elig filled, eligible or
 * not; APP_INVALID naming the fact when one is malformed. */
enum app_status app_application_check(struct app_ctx *ctx, long long plan_id,
				      const struct application_facts *f,
				      struct eligibility_result *elig,
				      struct app_error *err);
/* Submits an application (stored "submitted", audited
 * application.submit): a holder account; the plan approved with an offer
 * (else APP_NOT_FOUND); the audience (public; staff: the employer's credit
 * code is the institution's; partners: one of the listed codes, else
 * APP_INVALID "employer_credit_code"); today within the window
 * (APP_INVALID "apply.window_closed"); a place left (APP_CONFLICT
 * "apply.full"); one live application per plan (APP_CONFLICT
 * "apply.duplicate"); the chosen route holding (APP_INVALID with the
 * route's failing condition as the key, the fact as the field, *elig
 * filled); the files within their limits (APP_INVALID "photo" or
 * "documents"). */
enum app_status app_application_submit(struct app_ctx *ctx, long long plan_id,
				       const struct apply_input *in, long long *id,
				       struct eligibility_result *elig,
				       struct app_error *err);
/* The holder's returned application with new facts (and files added),
 * submitted again under the same rules; another's: APP_NOT_FOUND; one not
 * returned: APP_CONFLICT "apply.not_returned". */
enum app_status app_application_resubmit(struct app_ctx *ctx, long long id,
					 const struct apply_input *in,
					 struct eligibility_result *elig,
					 struct app_error *err);
/* The holder's own applications, newest first. */
enum app_status app_application_mine(struct app_ctx *ctx, struct plan_application **items,
				     size_t *n, struct app_error *err);
/* One application: plan_id 0 is the holder's route (a holder's own only:
 * anyone else APP_NOT_FOUND "holder.only"); with plan_id, plan.manage on
 * the plan's institution and the application of that plan; else
 * APP_NOT_FOUND / APP_FORBIDDEN. */
enum app_status app_application_get(struct app_ctx *ctx, long long plan_id, long long id,
				    struct application_view *out, struct app_error *err);
/* The plan's applications, oldest first (plan.manage on its institution). */
enum app_status app_application_list(struct app_ctx *ctx, long long plan_id,
				     struct application_view **items, size_t *n,
				     struct app_error *err);
/* A submitted application decided (plan.manage on the plan's
 * institution): decision "accept", "return" (the holder may edit and
 * resubmit) or "reject", with a reason the holder sees (1..500). Accepting
 * records the application's facts on the person (a diploma, a prior
 * certificate, the work start and employer credit code, the photo) and
 * enrols them through app_plan_enrol_tx (status, capacity, eligibility,
 * recusal) by the chosen route, in the same transaction: a refusal of the
 * enrolment leaves everything as it was and is returned. Audited
 * application.accept / .return / .reject. Decided already: APP_CONFLICT
 * "apply.decided". */
enum app_status app_application_decide(struct app_ctx *ctx, long long plan_id, long long id,
				       const char *decision, const char *reason,
				       long long *enrolment_id, struct app_error *err);
/* A document's bytes for staff (plan.manage on the plan's institution). */
enum app_status app_application_doc(struct app_ctx *ctx, long long plan_id, long long id,
				    long long doc_id, struct application_doc *meta,
				    struct buf *out, struct app_error *err);
/* The route's failing condition in words, in lang (catalog text with its
 * numbers filled), in the arena. */
const char *app_elig_explain(struct arena *a, enum lang lang,
			     const struct elig_route_result *r);
/* Standard base64 (a client's upload) decoded into the arena: false when
 * it is not base64. */
bool app_base64_decode(struct app_ctx *ctx, const char *b64, const void **data, size_t *len);
/* The form field a failing condition's key is about. */
const char *app_elig_field(const char *key);

/* One batch with its applications; objections only for registry.decide
 * (the public sees how many). */
enum app_status app_batch_get(struct app_ctx *ctx, long long id, struct reg_batch *out,
			      struct registration **regs, size_t *nregs,
			      struct objection **objs, size_t *nobjs,
			      struct app_error *err);

/* Anyone may object to an institution of a batch under notice, within the
 * notice period (rate-limited per address). */
enum app_status app_objection_file(struct app_ctx *ctx, long long batch_id,
				   long long institution_id, const char *name,
				   const char *contact, const char *body, long long *id,
				   struct app_error *err);
/* upheld: the application is rejected; dismissed: it may go on. */
enum app_status app_objection_resolve(struct app_ctx *ctx, long long id, bool upheld,
				      const char *resolution, struct app_error *err);

/* Suspend, reinstate or revoke a registration, with reason and document. */
enum app_status app_institution_status(struct app_ctx *ctx, long long id,
				       enum reg_action action, const char *reason,
				       const char *doc_no, struct app_error *err);

/* Authorised scope: add an occupation with levels ("5,4,3"), or end one. */
enum app_status app_scope_add(struct app_ctx *ctx, long long institution_id,
			      const char *code, const char *name, const char *work_type,
			      const char *levels, const char *doc_no,
			      struct app_error *err);
enum app_status app_scope_remove(struct app_ctx *ctx, long long institution_id,
				 long long scope_id, const char *doc_no,
				 struct app_error *err);

/* Filing with the local HR authority (the codes certificate numbers use). */
enum app_status app_filing_add(struct app_ctx *ctx, long long institution_id,
			       const struct filing *f, struct app_error *err);

/* Annual inspection with outcome; findings with a rectification deadline. */
enum app_status app_inspection_add(struct app_ctx *ctx, long long institution_id,
				   int year, const char *date, const char *outcome,
				   const char *notes, long long *id, struct app_error *err);
enum app_status app_finding_add(struct app_ctx *ctx, long long inspection_id,
				const char *description, const char *deadline,
				struct app_error *err);
enum app_status app_finding_close(struct app_ctx *ctx, long long id, const char *note,
				  struct app_error *err);

struct registry_dashboard {
	long long counts[8];          /* see store_registry_counts() */
	struct institution *expiring; /* expired or expiring within 90 days */
	size_t nexpiring;
	struct finding *overdue;
	size_t noverdue;
	struct reg_batch *batches; /* open or under notice */
	size_t nbatches;
	const char *today;
};
/* For registry.decide holders (the center). */
enum app_status app_registry_dashboard(struct app_ctx *ctx, struct registry_dashboard *out,
				       struct app_error *err);

/* The registration certificate (plaque) of a registered institution, as a
 * one-page A4 PDF. */
enum app_status app_institution_plaque(struct app_ctx *ctx, long long id, struct buf *out,
				       struct app_error *err);

/* ---- bulk (app/registry_bulk.c) ---- */

struct import_problem {
	size_t line;        /* the spreadsheet's row number */
	const char *column; /* the column heading, NULL for the whole row */
	const char *msg;    /* catalog key */
	size_t same_as;     /* import.duplicate: the earlier row, 0 = unknown */
	int accepted;       /* the values the column takes are listed: 1 + enum
			       synonym_field (core/synonym.h), 0 = none */
};

/* A problem as a person reads it in lang (enum lang): the catalog's
 * message, then the values the column accepts or the row it repeats;
 * in the arena. */
const char *app_import_problem_text(struct arena *a, int lang,
				    const struct import_problem *q);

struct import_report {
	size_t rows, created, updated, unchanged;
	struct import_problem *problems;
	size_t nproblems;
};

/* Imports institutions from CSV (UTF-8, with BOM, or GB18030) or XLSX.
 * Columns by heading (Chinese or English): 名称/name, 类型/type,
 * 省份/province, 上级机构/parent (name or id), 统一社会信用代码/credit_code,
 * 地址/address, 主办单位/host_org, 联系人/contact_name, 电话/contact_phone,
 * 邮箱/contact_email. A dry run reports every bad row; the real run applies
 * every row or none, and a row equal to what is stored changes nothing.
 * Give data/len, or path (then data is NULL). */
enum app_status app_institution_import(struct app_ctx *ctx, const void *data, size_t len,
				       const char *path, bool dry_run,
				       struct import_report *rep, struct app_error *err);
/* The registry as "xlsx" or "csv" into out. */
enum app_status app_institution_export(struct app_ctx *ctx, const char *format,
				       struct buf *out, struct app_error *err);

/* ---- bulk import of an assessment's people, enrolments and scores ----
 *
 * Files as exam stations keep them: CSV (UTF-8, UTF-8 with BOM, GB18030)
 * or XLSX, columns found by heading (Chinese or English, any order).
 * Rows are streamed: each is checked and applied inside one transaction
 * as it is read, so memory stays flat however long the file. Every bad
 * row is reported (row number, column, reason; the first
 * ASSESS_IMPORT_MAX_PROBLEMS of them kept, nproblems counts them all);
 * when there is any, or on a dry run, the transaction is rolled back:
 * all rows or none. A row equal to what is stored changes nothing, so the
 * same file imported twice is harmless.
 *
 *   people      姓名/name, 证件类型/id_type (default resident_id),
 *               证件号码/id_number, 性别/sex, 出生日期/birth_date,
 *               文化程度/education, 工作单位/employer,
 *               单位信用代码/employer_credit_code, 参加工作日期/work_start,
 *               电话/phone
 *   enrolments  证件类型/id_type, 证件号码/id_number, 考场/room (a room
 *               name of the plan, optional); the person must be
 *               registered and meet a route of the standard
 *   scores      证件类型/id_type, 证件号码/id_number, 科目/component
 *               (theory|practical|review or 理论知识|操作技能|综合评审),
 *               考评员证件号码/assessor_id_number (practical and review),
 *               成绩/score, 状态/status (present|absent|withdrawn|
 *               disqualified or 缺考/...), 原因/reason
 *   qualifications  证件类型/id_type, 证件号码/id_number (a registered
 *               person of the actor's reach), 职业编码/occupation_code,
 *               资格等级/grade (assessor|senior_assessor or 考评员|高级考评员,
 *               default assessor), 最高等级/max_level (1-5 or 三级…,
 *               default 5), 有效期起/valid_from (default today),
 *               有效期至/valid_to, 证书编号/number
 */
#define ASSESS_IMPORT_MAX_PROBLEMS 1000

enum assess_import {
	IMPORT_PEOPLE,
	IMPORT_ENROLMENTS,
	IMPORT_SCORES,
	IMPORT_LEGACY,
	IMPORT_QUALIFICATIONS
};

/* "people", "enrolments", "scores", "legacy" (职业资格证书 records from
 * before 2020: 证书编号 姓名 证件号码 [证件类型 职业名称 职业编码 等级
 * 发证日期 发证机构]), "qualifications"; -1 when none. */
int assess_import_parse(const char *s);
/* Those names, NULL-terminated, in enum order. */
const char *const *assess_import_names(void);
/* The i-th column kind reads (the required first): its Chinese and English
 * headings; false past the last. For the help next to an upload form. */
bool assess_import_column(enum assess_import kind, size_t i, const char **zh,
			  const char **en, bool *required);

/* Called every few hundred rows: rows read so far, bytes of the file read
 * so far and in all (0 and 0 when unknown, as for XLSX). */
typedef void (*import_progress_fn)(size_t rows, size_t done, size_t total, void *arg);

struct assess_import_opts {
	bool dry_run;
	import_progress_fn progress; /* may be NULL */
	void *progress_arg;
	/* people: the institution that registers new people (0 = the
	 * actor's own, see app_person_create) */
	long long institution_id;
};

/* plan_id is needed for enrolments and scores (0 for people). Give
 * data/len, or path (then data is NULL). Returns APP_OK for a dry run
 * (problems or not) and for a real run that applied every row;
 * APP_INVALID with rep->nproblems when rows were refused (nothing
 * applied), or a status with err for a file that
 * cannot be read at all, a missing permission, or a plan in the wrong
 * state. Needs person.manage (people) or plan.manage on the plan's
 * institution. */
enum app_status app_assess_import(struct app_ctx *ctx, enum assess_import kind,
				  long long plan_id, const void *data, size_t len,
				  const char *path, const struct assess_import_opts *o,
				  struct import_report *rep, struct app_error *err);

/* The problems of a report as an XLSX workbook (行号/列/问题; lang is
 * enum lang of core/i18n.h) into out, for the user to fix the file
 * against. */
enum app_status app_import_problems_xlsx(struct app_ctx *ctx, int lang,
					 const struct import_report *rep, struct buf *out,
					 struct app_error *err);

/* ---- certificates (app/cert_*.c) ---- */

struct cert_issue_report {
	long long issued;  /* new certificates */
	long long already; /* the plan's certificates from before */
	const char *first_number, *last_number;
	/* refused (cert.photos_missing): the candidates without a photo */
	const struct cert_candidate *missing;
	size_t nmissing;
};

struct cert_view {
	struct certificate cert;
	struct certificate_event *events;
	size_t nevents;
};

/* What anyone may see of a certificate. */
struct cert_public {
	const char *number, *line, *holder /* masked */, *id_type, *id_masked;
	const char *occupation_code, *occupation_name, *work_type;
	int level;
	/* an award certificate's (line "award", level 0): its award ("gold"
	 * …; "" otherwise); the competition of an award certificate or of a
	 * promotion's certificate (竞赛获奖晋级, any other line); "" otherwise;
	 * an honour certificate's category names (struct certificate's) */
	const char *award, *competition_name, *award_name, *award_name_en;
	const char *issued_on, *institution_name, *institution_status,
		*institution_valid_until;
	/* the status's public category (a revocation's: "fraud" …; "" when
	 * none), never the staff's free-text reason */
	const char *status, *status_category, *status_date, *superseded_by;
	/* app_verify_number only: the holder's photo (its type and base64)
	 * when the holder lets the public pages show it; NULL otherwise */
	const char *photo_mime, *photo_b64;
};

/* The fields of a QR token (app_token_fields: no signature check). */
struct token_fields {
	const char *number, *holder, *occupation_code, *issued_on, *kid;
	int level;
	long long status_index; /* the status list entry (7th field); -1: none */
	unsigned char sig[64];
	size_t signed_len; /* bytes of the token the signature covers */
};

/* Issues the passing candidates of a closed plan who have none yet, in one
 * transaction (the plan's row locked first): line "skill" (default) or
 * "industry". Repeating it issues nothing new. */
enum app_status app_cert_issue(struct app_ctx *ctx, long long plan_id, const char *line,
			       struct cert_issue_report *rep, struct app_error *err);
/* An institution's seal (电子印章, app/cert_seal.c): a PNG with an alpha
 * channel (core/stamp.h), printed in red over the issue date of its
 * certificates (the center's on plaques). Upload and removal need
 * certificate.manage on the institution; reading, certificate.read. */
struct seal_info {
	int width, height;
	const char *added_by, *added_at;
};
/* APP_INVALID naming the field "seal" (val.seal.*) for an image that is
 * not a PNG with alpha within the limits, or that does not decode. */
enum app_status app_seal_put(struct app_ctx *ctx, long long institution_id,
			     const void *data, size_t len, struct app_error *err);
/* info, and the PNG into png when not NULL; APP_NOT_FOUND (seal.none)
 * when the institution has none. */
enum app_status app_seal_get(struct app_ctx *ctx, long long institution_id,
			     struct seal_info *info, struct buf *png,
			     struct app_error *err);
enum app_status app_seal_delete(struct app_ctx *ctx, long long institution_id,
				struct app_error *err);

/* The plan's passing candidates still to be issued who have no photo
 * (domain.md §2.1: issuing refuses them), by enrolment; for whoever
 * manages the plan or issues its certificates. */
enum app_status app_plan_missing_photos(struct app_ctx *ctx, long long plan_id,
					struct cert_candidate **items, size_t *n,
					struct app_error *err);
enum app_status app_cert_get(struct app_ctx *ctx, long long id, struct cert_view *out,
			     struct app_error *err);
enum app_status app_cert_by_number(struct app_ctx *ctx, const char *number, long long *id,
				   struct app_error *err);
/* A plan's certificates (plan_id != 0), else the newest matching q (an
 * exact number or holder name; "" = all); only those the actor may read. */
enum app_status app_cert_list(struct app_ctx *ctx, long long plan_id, const char *q,
			      long long limit, long long offset,
			      struct certificate **items, size_t *n, struct app_error *err);
/* action "suspend", "reinstate" or "revoke", with a reason (and a
 * document number, optional). A revocation takes a category too (core
 * cert_reason_categories, 422 naming "category" otherwise): the public
 * answers show its label, never the reason; other actions clear it. */
enum app_status app_cert_change(struct app_ctx *ctx, long long id, const char *action,
				const char *category, const char *reason,
				const char *doc_no, struct app_error *err);
/* A successor with a new number (and new_name when given: 证书更名); the
 * old one becomes superseded and points to it. */
enum app_status app_cert_supersede(struct app_ctx *ctx, long long id, const char *new_name,
				   const char *reason, const char *doc_no,
				   long long *new_id, struct app_error *err);
/* The A4 PDF of certificate id, or (plan_id != 0) of every certificate of
 * the plan, one page each. */
enum app_status app_cert_pdf(struct app_ctx *ctx, long long id, long long plan_id,
			     struct buf *out, struct app_error *err);

/* The skill-upgrade subsidy (技能提升补贴, app/subsidy.c, docs/subsidy.md)
 * of certificate id, with certificate.read on it: the rules of the issuing
 * institution's province (the files of subsidy/, the national default "00" when
 * the province has none) evaluated today. insured_months: -1 = unknown.
 * The holder's recorded claims (subsidy_claim, migration 0020) are passed
 * to the evaluator: once any claim of the holder is on record the record
 * counts as complete, and the once-per-level, yearly-limit and
 * higher-level rules are decided; with none they read as "needs
 * checking". The holder's other certificates are passed as held. */
struct subsidy_view {
	struct certificate cert;
	const char *region, *rules_name; /* the rules file used */
	struct subsidy_result result;
	char today[11];
	struct subsidy_claim *claims; /* the holder's, oldest first */
	size_t nclaims;
};
enum app_status app_cert_subsidy(struct app_ctx *ctx, long long id, int insured_months,
				 struct subsidy_view *out, struct app_error *err);
/* Records that a subsidy was paid for certificate id (certificate.manage
 * on its institution): claimed_on a date not after today (APP_INVALID
 * naming "claimed_on"), amount 1..40 characters ("amount"), province a
 * province code ("" = the certificate's; else APP_INVALID naming
 * "province"), note 0..500 characters ("note"). Audited
 * "subsidy.claim_record"; one transaction. */
struct subsidy_claim_in {
	const char *claimed_on, *amount, *province, *note;
};
enum app_status app_subsidy_claim_record(struct app_ctx *ctx, long long id,
					 const struct subsidy_claim_in *in,
					 long long *claim_id, struct app_error *err);
/* Voids claim claim_id of certificate id, recorded by mistake
 * (certificate.manage; a reason of 1..500 characters, else APP_INVALID
 * "reason"): kept, marked with who, when and why, no longer counted;
 * audited subsidy.claim_void. Voided already: APP_CONFLICT. */
enum app_status app_subsidy_claim_void(struct app_ctx *ctx, long long id, long long claim_id,
				       const char *reason, struct app_error *err);
/* The subsidy application form (申请表, PDF, A4) of certificate id: a
 * holder account its own (mine true: only a holder account, else
 * APP_NOT_FOUND "holder.only"), staff with certificate.read. The ID number
 * as staff pages mask it (first 6, last 4), the verdict with its reasons,
 * the amount band and deadline, the rules' citation and version, blanks
 * for the bank account and signature, the /v/{token} QR code. */
enum app_status app_subsidy_form_pdf(struct app_ctx *ctx, long long id, bool mine,
				     struct buf *out, struct app_error *err);
/* One holder of the list of open windows (app_subsidy_holders). */
struct subsidy_holder {
	const struct certificate *cert;
	struct subsidy_result result;
};
/* The holders whose subsidy window is open and closes within `within`
 * days (1..366, else APP_INVALID naming "within"): the valid certificates
 * the actor may read (certificate.read, scoped like the certificate list)
 * that are not ruled out, soonest deadline first. */
enum app_status app_subsidy_holders(struct app_ctx *ctx, int within,
				    struct subsidy_holder **items, size_t *n,
				    struct app_error *err);
/* The holders whose subsidy window is open and closes within `within`
 * days (1..366, else APP_INVALID naming "within"), as "xlsx" or "csv"
 * (headings in lang, enum lang) into out: the valid certificates the
 * actor may read (certificate.read, scoped like the certificate list)
 * that are not ruled out, soonest deadline first. */
enum app_status app_subsidy_export(struct app_ctx *ctx, const char *format, int within,
				   int lang, struct buf *out, struct app_error *err);

/* Public lookups (rate-limited per address): number + name, or ID number
 * + name; a wrong name and a missing certificate give the same
 * APP_NOT_FOUND "verify.no_match". */
enum app_status app_verify_number(struct app_ctx *ctx, const char *number, const char *name,
				  struct cert_public *out, struct app_error *err);
enum app_status app_verify_holder(struct app_ctx *ctx, const char *id_type,
				  const char *id_number, const char *name,
				  struct cert_public **items, size_t *n,
				  struct app_error *err);
/* A QR token: its signature checked against the published keys, then the
 * certificate's status now. */
enum app_status app_verify_token(struct app_ctx *ctx, const char *token,
				 struct token_fields *f, struct cert_public *out,
				 struct app_error *err);
/* Splits a token into f (strings point into buf); -1 when malformed. */
int app_token_fields(const char *token, struct token_fields *f, char *buf, size_t buflen);

/* The JWK Set of every signing key; a status list credential (signed). */
enum app_status app_jwks(struct app_ctx *ctx, struct buf *out, struct app_error *err);
/* host: the request's Host header (or NULL): a list asked for at an
 * address public_url had before is signed with that address as its id, so
 * that credentials signed then still find their list. */
enum app_status app_status_list(struct app_ctx *ctx, long long list, const char *host,
				struct buf *out, struct app_error *err);
/* A new signing key; the others stay published, retired. kid: 64 bytes. */
enum app_status app_key_rotate(struct app_ctx *ctx, char kid[64], struct app_error *err);
enum app_status app_key_list(struct app_ctx *ctx, struct signing_key **items, size_t *n,
			     struct app_error *err);
/* Settings: "public_url" (the address printed in QR codes and credential
 * ids; unset until init --public-url or setting set: issuing refuses
 * while it is unset), "industry_pattern", "award_pattern" (award
 * certificates' numbers, default JS{YYYY}{N6}; core/certno.h) and
 * "honour_pattern" (honour certificates', default RY{YYYY}{N6}). A value read
 * and unset is "". */
enum app_status app_setting_set(struct app_ctx *ctx, const char *name, const char *value,
				struct app_error *err);
enum app_status app_setting_get(struct app_ctx *ctx, const char *name, const char **value,
				struct app_error *err);
/* True when url can be public_url: http:// or https://, a host, an
 * optional port and path, no query, fragment, user, space or trailing '/'. */
bool app_public_url_valid(const char *url);
void app_signer_free(struct app *app);

/* Holder accounts (issue 12, app/holder.c). A claim proves who the
 * holder is with one of their certificates: its number, its QR token (the
 * /v/{token} address or the token alone), the name and the ID number, all
 * four; rate-limited as the public lookups, and any mismatch is the same
 * APP_NOT_FOUND "verify.no_match" after the same work. The account gets
 * the chosen username and password (the staff rules), is linked to the
 * certificate's person and holds no grant; a second claim for a person
 * is APP_CONFLICT "holder.claimed", a taken username APP_CONFLICT
 * "val.username.taken". */
struct holder_claim {
	const char *number, *token, *name, *id_number, *username, *password;
	/* or, instead of number and token, an enrolment's claim code (not
	 * NULL: the claim is by code, and "" is APP_INVALID "code") */
	const char *code;
	/* optional: the account's e-mail address (NULL or "": none), checked
	 * like app_user_set_email's (APP_INVALID "email") */
	const char *email;
};
enum app_status app_holder_claim(struct app_ctx *ctx, const struct holder_claim *in,
				 long long *user_id, struct app_error *err);

/* Claim codes (issue 12, app/ticket.c): a random code per enrolment of
 * the plan (withdrawn ones left out) drawn anew, replacing any earlier one;
 * only its hash is kept, so the codes are in *items this once
 * (plan.manage on the plan's institution). A claim (app_holder_claim with
 * code) names the enrolment's person with the code, their name and ID
 * number. app_claim_code_hash normalises what was typed (letters and
 * digits, as capitals) and hashes it. */
#define APP_CLAIM_CODE_MAX 20 /* "XXXX-XXXX-XXXX-XXXX" */
struct claim_code {
	long long enrolment_id;
	const char *name, *id_masked, *code;
};
enum app_status app_ticket_claim_codes(struct app_ctx *ctx, long long plan_id,
				       struct claim_code **items, size_t *n,
				       struct app_error *err);
void app_claim_code_hash(const char *typed, char out[65]);
/* Admission tickets (准考证) of the plan as one PDF, a page each (only
 * enrolment_id's when not 0; 404 when it is not an enrolment of the plan
 * or was withdrawn): photo, name, masked ID number, occupation, level,
 * plan, institution, room (no seats in the data), the components' dates,
 * a claim code and a QR code to {public_url}/claim/code. Printing draws
 * new codes for the tickets printed (the earlier ones stop working):
 * plan.manage, audited as plan.claim_codes. */
enum app_status app_ticket_pdf(struct app_ctx *ctx, long long plan_id,
			       long long enrolment_id, struct buf *out,
			       struct app_error *err);
/* A holder's results (app/ticket.c): each of their enrolments whose
 * results are published (the plan under notice or closed; not before),
 * newest first, with the plan, the outcome ("pass", "fail"; "" when none)
 * and the component results. A holder account only (another is
 * APP_NOT_FOUND "holder.only"). */
struct holder_result {
	long long enrolment_id;
	struct plan plan;
	const char *outcome;
	struct component_row *components;
	size_t ncomponents;
};
enum app_status app_holder_results(struct app_ctx *ctx, struct holder_result **items,
				   size_t *n, struct app_error *err);

/* A holder's admission tickets (issue 12, app/ticket.c): their
 * enrolments (not withdrawn) in plans approved or under way, newest first,
 * each with its plan and room ("" when none). A holder account only
 * (another is APP_NOT_FOUND "holder.only"). */
struct holder_ticket {
	long long enrolment_id;
	struct plan plan;
	const char *room;
	int seat; /* 0: none */
};
enum app_status app_holder_tickets(struct app_ctx *ctx, struct holder_ticket **items,
				   size_t *n, struct app_error *err);
/* The admission ticket of one of those enrolments as a PDF: the holder
 * already has an account, so no claim code is drawn ("已认领 / claimed"
 * where the code would be). Another's enrolment, or one not listed:
 * APP_NOT_FOUND. */
enum app_status app_holder_ticket_pdf(struct app_ctx *ctx, long long enrolment_id,
				      struct buf *out, struct app_error *err);

/* A holder's own certificates (a holder account only: another account is
 * APP_NOT_FOUND "holder.only"), each with its share id (NULL: not
 * shared); one of them (another person's: APP_NOT_FOUND). The PDF is
 * app_cert_pdf(), which lets a holder account print its own. */
struct holder_cert {
	struct certificate cert;
	const char *share_id;
	bool photo_shown; /* the holder lets its public pages show their photo */
	/* app_holder_cert only: the credential's payload, the OB 3.0 JSON
	 * ("" when the certificate has no credential) */
	const char *credential_json;
};
enum app_status app_holder_certs(struct app_ctx *ctx, struct holder_cert **items,
				 size_t *n, struct app_error *err);
enum app_status app_holder_cert(struct app_ctx *ctx, long long id,
				struct holder_cert *out, struct app_error *err);
/* Sharing on (a new random share id, 43 characters, unless already on)
 * or off (the id deleted: its page answers 404); audited. */
enum app_status app_holder_share(struct app_ctx *ctx, long long id, bool on,
				 const char **share_id, struct app_error *err);
/* The public credential page's certificate (anyone): what the public
 * lookups show, and its QR token (to verify it); APP_NOT_FOUND unless
 * shared. */
enum app_status app_holder_shared(struct app_ctx *ctx, const char *share_id,
				  struct cert_public *out, const char **qr_token,
				  struct app_error *err);
/* The holder's photo switch (separate from sharing): on, the public pages
 * of the certificate (/c/{share_id} while shared, /v/{token}) show the
 * holder's photo; audited. Another's certificate: APP_NOT_FOUND. */
enum app_status app_holder_photo(struct app_ctx *ctx, long long id, bool on,
				 struct app_error *err);
/* The holder's photo for a public page (anyone): of the certificate of
 * share_id (non-NULL) or else of the QR token, only while its holder shows
 * it, else APP_NOT_FOUND (no photo on file: the same). out NULL: only
 * whether it would answer. */
enum app_status app_holder_public_photo(struct app_ctx *ctx, const char *share_id,
					const char *token, const char **mime,
					struct buf *out, struct app_error *err);

/* Requests a holder starts about one of their certificates and the issuing
 * institution's staff decide (issue 12, app/request.c). kind "correction"
 * (field: one of app_request_fields, detail: what is wrong, 1..1000
 * characters), "rename" (证书更名; detail: the new name, 1..50 characters)
 * or "reprint" (a lost certificate; detail optional). A holder
 * account only, its own certificate (else APP_NOT_FOUND); one open request
 * of a kind per certificate (APP_CONFLICT "request.open"); audited. */
extern const char *const app_request_fields[]; /* NULL-terminated */
enum app_status app_request_file(struct app_ctx *ctx, long long cert_id, const char *kind,
				 const char *field, const char *detail, long long *id,
				 struct app_error *err);
/* The holder's own requests, newest first (a holder account only). */
enum app_status app_request_mine(struct app_ctx *ctx, struct cert_request **items,
				 size_t *n, struct app_error *err);
/* The requests about institution_id's certificates (certificate.manage on
 * it), newest first; status "" = any. */
enum app_status app_request_list(struct app_ctx *ctx, long long institution_id,
				 const char *status, struct cert_request **items,
				 size_t *n, struct app_error *err);
/* An open request accepted or refused (decision "accept" or "refuse",
 * else APP_INVALID naming "decision") with a reason the holder sees
 * (1..500 characters), by certificate.manage on the certificate's
 * institution; a decided one is APP_CONFLICT "request.decided". Accepting
 * a reprint records it (audited "request.accept" with the kind); accepting
 * a change of name supersedes the certificate with one in the new name
 * (app_cert_supersede's rules and audit), in the same transaction. */
enum app_status app_request_decide(struct app_ctx *ctx, long long id, const char *decision,
				   const char *reason, struct app_error *err);

/* Offline check of a credential (compact JWS) or a QR token (or a verify
 * URL holding one) against a JWK Set text, and optionally a status list
 * credential: no database, no network. A credential must be a certificate
 * (an OpenBadgeCredential with an achievement) whose VC-JWT claims agree
 * with it (iss, nbf, jti, sub); a status list must be signed, be the very
 * list the credential or token names (for a bare token: its number), and
 * applies to tokens too. Blanks around either text are ignored. 0 when it
 * holds; else -1 with out->why a catalog key (verify.malformed,
 * verify.bad_signature, verify.unknown_key, verify.claims,
 * verify.not_certificate, verify.status_list_other,
 * verify.token_no_status, verify.status.revoked, ...). */
struct offline_result {
	const char *kind; /* "token" or "credential" */
	const char *why;
	const char *kid, *number, *holder, *occupation, *issued_on, *issuer;
	int level;
	long status_index;
	const char *status;  /* from the status list, when given */
	const char *payload; /* the credential's JSON */
	/* the status list used: its id, validFrom, and its age (seconds
	 * between validFrom and now) */
	const char *status_list_id, *status_list_from;
	long long status_list_age;
};
int app_verify_offline(struct arena *a, const char *text, const char *jwks,
		       const char *status_list, struct offline_result *out);
/* Creates the first signing key when there is none (init). */
enum app_status app_signing_key_ensure(struct app_ctx *ctx, struct app_error *err);

/* ---- filing (app/filing.c) ---- */

#include "core/filing.h"

/*
 * Filing certificates with the provincial HR authorities (属地备案,
 * domain.md §2.2-§2.3). Every action needs filing.manage over the whole
 * network, or over every institution whose certificates the batch holds
 * (for a new batch: the province's unfiled certificates); each change is
 * one transaction with its audit record.
 */

/* A draft batch of every unfiled certificate of province (GB/T 2260 code):
 * APP_INVALID "filing.empty" (field province) when there is none. */
enum app_status app_filing_batch_create(struct app_ctx *ctx, const char *province,
					long long *id, long long *rows,
					struct app_error *err);
/* The batches the actor may see, newest first. */
enum app_status app_filing_batch_list(struct app_ctx *ctx, struct filing_batch **items,
				      size_t *n, struct app_error *err);

struct filing_view {
	struct filing_batch batch;
	struct filing_item *items; /* by certificate number */
	size_t nitems;
};
enum app_status app_filing_batch_get(struct app_ctx *ctx, long long id,
				     struct filing_view *out, struct app_error *err);

/* A batch's record in the §2.2 layout, one row per certificate with the
 * full ID numbers of the holder and of the plan's assessors and internal
 * supervisors (so every export is audited): XLSX, CSV (opt->encoding:
 * "utf-8" with BOM, the default, or "gb18030" without; anything else is
 * APP_INVALID field "encoding"), with opt->photos the holders' photos as a
 * ZIP named by certificate number (the record's 照片 column), and the
 * manifest {batch, province, rows, encoding, files: [{name, bytes,
 * sha256}]} of the files made together. The CSV's and the ZIP's bytes
 * depend only on the data; an XLSX carries the second it was written, so
 * the manifest's digest is that of the XLSX made with it. opt NULL: UTF-8,
 * no photos. Release with app_filing_export_free(). */
struct filing_export_opts {
	const char *encoding;
	bool photos;
};
struct filing_export {
	const char *base;       /* "filing-3-44": the files' name without extension */
	const char *encoding;   /* "utf-8" or "gb18030" */
	long long rows, photos; /* photos: files in the ZIP */
	struct buf xlsx, csv, zip, manifest; /* zip: empty without opt->photos */
};
enum app_status app_filing_export(struct app_ctx *ctx, long long id,
				  const struct filing_export_opts *opt,
				  struct filing_export *out, struct app_error *err);
void app_filing_export_free(struct filing_export *x);

/* draft -> submitted: the SHA-256 of the batch's CSV is recorded (*sha256,
 * hex). */
enum app_status app_filing_submit(struct app_ctx *ctx, long long id, const char **sha256,
				  struct app_error *err);
/* submitted -> received: the authority's receipt number and date (NULL or
 * "" = today; not in the future, not before the submission); the items
 * not rejected become accepted (*accepted of them). */
enum app_status app_filing_receipt(struct app_ctx *ctx, long long id,
				   const char *receipt_no, const char *date,
				   long long *accepted, struct app_error *err);

/* A row the authority sent back: the certificate's number and why. */
struct filing_rejection {
	const char *number, *reason;
};
/* Records rejections on a submitted or received batch, all or none; each
 * certificate becomes unfiled again (the province's next batch takes it).
 * On a refusal about one row, *bad is its index. */
enum app_status app_filing_reject(struct app_ctx *ctx, long long id,
				  const struct filing_rejection *rows, size_t n,
				  size_t *bad, struct app_error *err);

/* Certificates still unfiled `days` (0..FILING_DAYS_MAX) days after issue,
 * by province, oldest first within one; only those the actor may file. */
struct filing_report {
	int days;
	const char *today, *until; /* issued on or before until */
	struct filing_unfiled *items;
	size_t n;
};
enum app_status app_filing_unfiled(struct app_ctx *ctx, int days,
				   struct filing_report *out, struct app_error *err);

/* ---- skills competitions (app/competition.c) ---- */

/* A new competition. The technical document: document (an uploaded JSON
 * text) or, when it is empty, document_code (one of the embedded
 * competitions/ JSON files by name, e.g. "machinery-class2"). */
struct comp_input {
	const char *name, *tier;
	int year;
	long long organiser_id; /* 0: the center */
	const long long *coorganisers;
	size_t ncoorganisers;
	const char *approval_doc, *starts_on, *ends_on, *venue;
	const char *document_code, *document;
};
struct comp_event_input {
	const char *occupation_code, *group;
	int quota_institution, quota_province, min_age, max_age; /* 0: none */
};
/* A competition as the actor may see it: drafts only to its organiser;
 * entries all to the organiser, else the confirmed ones and those of
 * institutions the actor nominates for; entrants' names masked (public
 * results pages' way) unless the actor organises or nominated them;
 * judges only to the organiser. */
struct comp_detail {
	struct competition comp;
	struct institution *coorganisers;
	size_t ncoorganisers;
	struct competition_doc_row *docs; /* newest first */
	size_t ndocs;
	struct competition_event *events;
	size_t nevents;
	struct competition_entry *entries;
	size_t nentries;
	struct competition_entrant *entrants; /* by entry */
	size_t nentrants;
	struct competition_judge *judges;
	size_t njudges;
	bool manage; /* the actor organises it */
	bool enter;  /* the actor may nominate for some institution */
};
/* The statuses in order: draft, open, closed, marking, notice, final. */
const char *const *app_comp_statuses(void);
/* The embedded technical documents' codes (file names without .json). */
const char *const *app_comp_document_codes(void);
enum app_status app_comp_create(struct app_ctx *ctx, const struct comp_input *in,
				long long *id, struct app_error *err);
/* year 0 / tier "" = any. */
enum app_status app_comp_list(struct app_ctx *ctx, int year, const char *tier,
			      struct competition **items, size_t *n, struct app_error *err);
enum app_status app_comp_get(struct app_ctx *ctx, long long id, struct comp_detail *out,
			     struct app_error *err);
/* A new version of the document while a draft (*version its number). */
enum app_status app_comp_document(struct app_ctx *ctx, long long id, const char *code,
				  const char *document, int *version,
				  struct app_error *err);
/* One step forward: "open", "close", "mark", "notice", "final". */
enum app_status app_comp_act(struct app_ctx *ctx, long long id, const char *action,
			     struct app_error *err);
enum app_status app_comp_event_add(struct app_ctx *ctx, long long competition_id,
				   const struct comp_event_input *in, long long *id,
				   struct app_error *err);
/* An institution's entry: its contestant, or a team of the document's
 * size, within the event's quotas and eligibility. A judge of the event
 * who must stand aside from a contestant refuses the entry (409) unless
 * override_note (NULL or "": none) is given by whoever holds
 * plan.supervise: the override holds for that judge and contestant, and
 * goes into the audit record; never for a judge as their own contestant. */
enum app_status app_comp_nominate(struct app_ctx *ctx, long long event_id,
				  long long institution_id, const long long *person_ids,
				  size_t n, const char *override_note,
				  long long *entry_id, struct app_error *err);
/* The organiser confirms or refuses (with a reason) a nominated entry. */
enum app_status app_comp_decide(struct app_ctx *ctx, long long entry_id, bool confirm,
				const char *reason, struct app_error *err);
/* A judge ("chief_judge" or "judge") under the assessors' recusal rules; a
 * recusal overridden only with a reason, by whoever may sign one off
 * (plan.supervise). */
enum app_status app_comp_appoint(struct app_ctx *ctx, long long event_id,
				 long long person_id, const char *role,
				 const char *override_note, long long *judge_id,
				 struct app_error *err);

/* ---- marking a competition the CIS way (app/competition_marks.c) ---- */

/* Who marks: staff with competition.manage on the organiser (entering for
 * the judge named), or an account linked to the judge's own person (a
 * holder account whose person is the judge). The chief judge (裁判长) —
 * that person's account, or the organiser's staff — locks modules and
 * files corrections; the organiser's staff approve them (not the filer). */

/* An event's marking sheet: its document, its confirmed entries with their
 * members, its judges, marks, theory scores, locks and corrections. */
struct comp_sheet {
	struct competition comp;
	struct competition_event event;
	struct comp_doc doc;
	struct competition_entry *entries; /* confirmed ones */
	size_t nentries;
	struct competition_entrant *entrants;
	size_t nentrants;
	struct competition_judge *judges; /* the event's, by id */
	size_t njudges;
	struct competition_mark *marks;
	size_t nmarks, cmarks; /* cmarks: room in marks (sheet_put) */
	struct competition_theory *theory;
	size_t ntheory;
	struct competition_time *times; /* the time used, by entry (0029) */
	size_t ntimes;
	struct competition_lock *locks;
	size_t nlocks;
	struct competition_correction *corrections;
	size_t ncorrections;
	bool manage;        /* the organiser's staff */
	long long judge_id; /* the actor's own judge of the event; 0 */
	bool chief;         /* may lock and file corrections */
};
enum app_status app_comp_sheet(struct app_ctx *ctx, long long event_id,
			       struct comp_sheet *out, struct app_error *err);
/* Whether module (a code, or "theory") of the sheet is locked. */
bool app_comp_locked(const struct comp_sheet *s, const char *module);
/* The sheet's mark of entry's aspect by judge (0: the measurement), or
 * NULL. */
const struct competition_mark *app_comp_mark_of(const struct comp_sheet *s, long long entry,
						const char *aspect, long long judge);

/* A mark: a measurement (judge_id 0: value "1"/"0", met or not, or the
 * deviation measured for a banded aspect) or one judge's judgement (value
 * 0..3). Re-marking a judgement once its three marks are in needs a note. */
struct comp_mark_input {
	long long entry_id, judge_id;
	const char *aspect, *value, *note;
};
/* Refusals that name an aspect and marks come with *why filled (its key
 * also err->msg): comp_refusal_text() gives the text. On success *why
 * (key NULL otherwise) says whether the aspect's marks now spread by more
 * than 1 (comp.mark.spread), to show beside the field. */
enum app_status app_comp_mark(struct app_ctx *ctx, long long event_id,
			      const struct comp_mark_input *in, struct comp_refusal *why,
			      struct app_error *err);
/* An entry's theory score, "0".."100" with at most two decimals. */
enum app_status app_comp_theory(struct app_ctx *ctx, long long event_id, long long entry_id,
				const char *score, struct app_error *err);
/* The time an entry used: whole seconds ("754"), or minutes:seconds
 * ("12:34") or hours:minutes:seconds, 0 up to 7 days; refused on
 * field (the API's "seconds", the page's "value") otherwise. By the
 * organiser's staff or the chief judge while marking, until the pseudo-module
 * "time" is locked; only a locked time breaks a "time" tie. */
enum app_status app_comp_time(struct app_ctx *ctx, long long event_id, long long entry_id,
			      const char *time, const char *field, struct app_error *err);
/* "754", "12:34" or "1:02:03" → seconds; false when malformed, negative
 * or over 7 days. */
bool app_comp_time_parse(const char *s, int *seconds);
/* Locks a module (or "theory", or "time"): every aspect of every entry marked and no
 * spread open (refused naming the aspect and marks in *why). */
enum app_status app_comp_lock(struct app_ctx *ctx, long long event_id, const char *module,
			      struct comp_refusal *why, struct app_error *err);
/* A correction of a locked mark (in->note: the reason, required). */
enum app_status app_comp_correction_file(struct app_ctx *ctx, long long event_id,
					 const struct comp_mark_input *in, long long *id,
					 struct app_error *err);
/* The organiser approves (the mark changes) or refuses it. */
enum app_status app_comp_correction_decide(struct app_ctx *ctx, long long id, bool approve,
					   struct comp_refusal *why, struct app_error *err);

/* The import of marks, a CSV or XLSX sheet as the CIS's: one row per entry × aspect,
 * columns entry_id, aspect, value (a measurement), j1, j2, j3 (the
 * event's judges of role judge in order of appointment). A dry run checks
 * everything; a commit writes every mark in one transaction, or nothing
 * when any row has a problem. */
struct comp_import_problem {
	int row;            /* 1 = the first data row */
	const char *column; /* the column's header */
	const char *text;   /* in the actor's language */
};
struct comp_import_report {
	int rows, marks;
	struct comp_import_problem *problems;
	size_t nproblems;
	bool committed;
};
enum app_status app_comp_import(struct app_ctx *ctx, long long event_id, const void *data,
				size_t len, bool commit, int lang,
				struct comp_import_report *out, struct app_error *err);

/* Results, computed from the locked marks: per event and group, each
 * entry's module marks, total, place, standardised score, award, titles
 * and squad. The organiser sees them once every event is locked; anyone
 * during the notice and after, with the names masked. */
struct comp_result {
	long long entry_id, event_id;
	const char *names;       /* the members, "、"-joined (masked for the public) */
	const char *institution; /* the nominating institution */
	enum comp_group group;
	int modules[COMP_MAX_MODULES];
	struct comp_total total;
	int place, entrants, standard;
	enum comp_award award;
	unsigned titles;
	bool squad;
	long long institution_id; /* the nominating institution's */
	int seconds;              /* the time used; -1 when none is locked */
};
struct comp_results {
	struct competition comp;
	struct competition_event *events;
	size_t nevents;
	struct comp_doc doc;
	struct comp_result *rows; /* by event, then place */
	size_t nrows;
	struct competition_appeal *appeals; /* the organiser's only */
	size_t nappeals;
	bool manage;
};
enum app_status app_comp_results(struct app_ctx *ctx, long long id,
				 struct comp_results *out, struct app_error *err);

/* The computed promotions (竞赛获奖晋级) for review: each contestant with
 * the current level from the registry (the best valid certificate of the
 * event's occupation), the outcome and the rule that gave it. */
struct comp_promo_row {
	long long entry_id, person_id, event_id;
	const char *name, *occupation_code;
	enum comp_group group;
	enum comp_award award;
	int place, entrants, current;
	struct comp_promotion promo;
	int total; /* the entry's total, hundredths */
	/* the center's decision (app/competition_promote.c): "pending",
	 * "approved" with the certificate, or "rejected" with the reason */
	const char *status, *reason, *certificate_number;
	long long certificate_id;
};
enum app_status app_comp_promotions(struct app_ctx *ctx, long long id,
				    struct comp_promo_row **rows, size_t *n,
				    struct app_error *err);

/* ---- award certificates (获奖证书, app/competition_awards.c) ---- */

/* What an issue did: certificates issued now (first and last number),
 * and those the competition's awarded members had from before. */
struct comp_awards_report {
	long long issued, already;
	const char *first_number, *last_number;
};
/* Issues one award certificate (line "award", level 0) to each member of
 * each entry with an award (gold, silver, bronze, excellence) of the
 * competition's final results, who has none yet, in one transaction
 * (audited competition.awards_issue): competition.manage on the
 * organiser; only when the competition is final (APP_INVALID naming its
 * status in err->detail). The issuer is the organiser; a competition the
 * center organises needs institution_id (an institution of the registry,
 * refused naming institution_id when absent), else institution_id is 0 or
 * the organiser. */
enum app_status app_comp_awards_issue(struct app_ctx *ctx, long long competition_id,
				      long long institution_id,
				      struct comp_awards_report *rep,
				      struct app_error *err);
/* The competition's award certificates (competition.manage on the
 * organiser), by event and place. */
enum app_status app_comp_awards(struct app_ctx *ctx, long long competition_id,
				struct cert_award **items, size_t *n,
				struct app_error *err);
/* The promotions approved (app/competition_promote.c): the center
 * (competition.promote on the whole network), once the competition is
 * final, issues each selected contestant's skill certificate at the new
 * level through the competition route, in one transaction: the
 * promotions re-computed and each contestant's current level re-read from
 * the registry — a pick whose from_level is not the level now is refused
 * naming the person, and nothing is written. A contestant decided before
 * is skipped and reported. Issued under institution_id (0: the
 * organiser), which needs a filing and to be in force. Refusals naming
 * people (a changed level, no photo, not eligible, a pair picked twice)
 * put their names, "、"-joined, in rep->who. At most
 * COMP_PROMOTE_PICKS_MAX picks. */
#define COMP_PROMOTE_PICKS_MAX 10000
struct comp_promote_pick {
	long long entry_id, person_id;
	int from_level; /* the current level the screen showed; 0: none */
};
struct comp_promote_done {
	long long entry_id, person_id, certificate_id;
	const char *name, *number; /* number NULL when skipped */
	int level;
	bool skipped; /* decided before */
};
struct comp_promote_report {
	struct comp_promote_done *rows;
	size_t nrows, issued, skipped;
	const char *who;
};
enum app_status app_comp_promote(struct app_ctx *ctx, long long id,
				 const struct comp_promote_pick *picks, size_t npicks,
				 bool all, long long institution_id,
				 struct comp_promote_report *rep, struct app_error *err);
/* True when the actor may decide promotions: the center's network-wide
 * grant (what app_comp_promote checks), not one institution's. */
bool app_comp_may_promote(const struct app_ctx *ctx);
/* A contestant's promotion rejected, with the reason (required; as a
 * certificate change's: not blank, at most CERT_REASON_MAX characters). */
enum app_status app_comp_promote_reject(struct app_ctx *ctx, long long id,
					long long entry_id, long long person_id,
					const char *reason, struct app_error *err);

/* Anyone may appeal during the results notice (rate-limited); the
 * organiser resolves. The final results need the notice over and every
 * appeal resolved. */
enum app_status app_comp_appeal_file(struct app_ctx *ctx, long long id, const char *name,
				     const char *contact, const char *body,
				     long long *appeal_id, struct app_error *err);
enum app_status app_comp_appeal_resolve(struct app_ctx *ctx, long long id,
					long long appeal_id, const char *resolution,
					struct app_error *err);

/* ---- an institution's honour list (app/competition_honours.c) ---- */

/* What one entry the institution nominated won in a final competition:
 * an award, a title or the squad; the names masked as on the results. */
struct comp_honour {
	long long competition_id, event_id, entry_id;
	int year;
	const char *competition, *tier, *occupation_code, *occupation_name;
	enum comp_group group;
	enum comp_award award;
	unsigned titles;
	bool squad;
	int place, entrants;
	const char *names;
};
struct comp_honours {
	struct institution inst;  /* public fields */
	struct comp_honour *rows; /* newest year first, then competition, event, place */
	size_t nrows;
	int *years; /* the years with honours, newest first (the filter's) */
	size_t nyears;
};
/* The honour list (荣誉榜) of an institution: public; only competitions
 * that are final; year 0 = every year. An unknown institution: 404. */
enum app_status app_comp_honours(struct app_ctx *ctx, long long institution_id, int year,
				 struct comp_honours *out, struct app_error *err);
/* ---- a judge's own events (app/competition_judge.c) ---- */

/* The events the actor's own person judges (judge or chief judge), newest
 * competition first, drafts left out. An account without a person (staff)
 * is APP_NOT_FOUND (judging.only); anonymous APP_UNAUTHENTICATED. */
enum app_status app_comp_judging(struct app_ctx *ctx, struct comp_judging **items,
				 size_t *n, struct app_error *err);
/* Whether the actor is an account whose person judges some event (the
 * nav's link); false on any failure. */
bool app_comp_is_judge(struct app_ctx *ctx);
/* An account linked to a judge's person (app_user.person_id, as a holder
 * account is), with the password given (no change asked at first login):
 * user.manage; the person must judge some event (else person_id
 * judging.not_judge); one account per person (APP_CONFLICT holder.claimed).
 * Audited as user.create with the person. The demo's judge login. */
enum app_status app_comp_judge_account(struct app_ctx *ctx, long long person_id,
				       const char *username, const char *display_name,
				       const char *password, long long *id,
				       struct app_error *err);

/* ---- annual commendations (app/commendation.c, issue 14) ---- */

/* A new campaign (commendation.manage on the whole network): its year,
 * title, rules (an embedded document by rules_code, or an uploaded JSON
 * text in rules) and timetable. */
struct commend_campaign_input {
	int year;
	const char *title, *rules_code, *rules;
	const char *nominate_until, *review_until; /* YYYY-MM-DD */
	int notice_days;                           /* 0: 5 */
};
/* A campaign with what the actor may see of it: its rules' versions and
 * the rules in force (parsed), the quotas (the campaign's own rows), and
 * the nominations the actor may read (all for the center; its own and its
 * sub-institutions' for an institution's or a branch center's staff). */
struct commend_detail {
	struct commendation_campaign campaign;
	struct commendation_rules_row *rules; /* versions, oldest first */
	size_t nrules;
	const char *rules_body;
	struct commend_doc doc;
	struct commendation_quota_row *quotas;
	size_t nquotas;
	struct commendation_nomination *noms;
	size_t nnoms;
	bool manage;   /* the actor holds commendation.manage */
	bool nominate; /* the actor may nominate for some institution */
};
/* The embedded rules documents' codes (file names without .json). */
const char *const *app_commend_rules_codes(void);
enum app_status app_commend_create(struct app_ctx *ctx,
				   const struct commend_campaign_input *in, long long *id,
				   struct app_error *err);
/* Public: every campaign but drafts (drafts too for commendation.manage). */
enum app_status app_commend_list(struct app_ctx *ctx, struct commendation_campaign **items,
				 size_t *n, struct app_error *err);
enum app_status app_commend_get(struct app_ctx *ctx, long long id,
				struct commend_detail *out, struct app_error *err);
/* The center sets a category of the campaign's own (技术能手 …: replaced
 * where its code is, else added) or takes one out, while a draft: a new
 * version of the rules (code "edited", *version its number). Refusals
 * name the field: code, name, name_en, kind, quota_all / quota_branch /
 * quota_province, staff_years (a person category only, 1..60); 409 on
 * code for a 13th category or the last one taken out. Taking one out
 * drops its quotas. */
enum app_status app_commend_category(struct app_ctx *ctx, long long id,
				     const struct commend_cat_input *in, int *version,
				     struct app_error *err);
enum app_status app_commend_category_remove(struct app_ctx *ctx, long long id,
					    const char *code, int *version,
					    struct app_error *err);
/* The schema that keeps a campaign's categories (commendation_category). */
#define APP_COMMEND_CATEGORY_SCHEMA 31
/* Writes the categories of each campaign that has none (one made before
 * migration 0031) from its rules in force; *n: the campaigns named. Run
 * once by the process that migrates across APP_COMMEND_CATEGORY_SCHEMA. */
enum app_status app_commend_name_categories(struct app_ctx *ctx, long long *n,
					    struct app_error *err);
/* A new version of the rules while a draft (*version its number). */
enum app_status app_commend_rules(struct app_ctx *ctx, long long id, const char *code,
				  const char *rules, int *version, struct app_error *err);
/* The timetable while a draft or nominating. */
enum app_status app_commend_timetable(struct app_ctx *ctx, long long id,
				      const char *nominate_until, const char *review_until,
				      int notice_days, struct app_error *err);
/* One quota while a draft: category, scope (all, branch, province) and
 * its key (branch: the branch center's id; province: its code; "" for
 * all, or for every branch/province without one of its own); quota -1
 * removes it (the rules' default applies again). */
enum app_status app_commend_quota(struct app_ctx *ctx, long long id, const char *category,
				  const char *scope, const char *scope_key, int quota,
				  struct app_error *err);
/* One step: "nominate" (draft → nominating) or "review" (nominating →
 * reviewing; refused while a nomination awaits its branch center). */
enum app_status app_commend_act(struct app_ctx *ctx, long long id, const char *action,
				struct app_error *err);
/* A nomination by institution nominated_by (commendation.nominate on it):
 * a collective (institution_id: itself or one under it; 0: itself) or a
 * person (person_id, on the staff of it or of one under it). */
struct commend_nom_input {
	long long campaign_id, nominated_by, institution_id, person_id;
	const char *category, *achievements;
};
enum app_status app_commend_nominate(struct app_ctx *ctx, const struct commend_nom_input *in,
				     long long *id, struct app_error *err);
struct commend_nom_detail {
	struct commendation_nomination nom;
	struct commendation_campaign campaign;
	struct commendation_attachment *atts;
	size_t natts;
	bool edit;    /* the nominator's staff, before review */
	bool endorse; /* its branch center's staff, while submitted */
};
enum app_status app_commend_nom_get(struct app_ctx *ctx, long long id,
				    struct commend_nom_detail *out, struct app_error *err);
/* The branch center endorses or returns (reason required) a submitted one. */
enum app_status app_commend_endorse(struct app_ctx *ctx, long long id,
				    struct app_error *err);
enum app_status app_commend_return(struct app_ctx *ctx, long long id, const char *reason,
				   struct app_error *err);
/* The nominator withdraws before review, or resubmits a returned one with
 * its achievements edited (NULL: as they were). */
enum app_status app_commend_withdraw(struct app_ctx *ctx, long long id,
				     struct app_error *err);
enum app_status app_commend_resubmit(struct app_ctx *ctx, long long id,
				     const char *achievements, struct app_error *err);
/* An attachment (PDF, JPEG or PNG by its magic bytes; at most
 * COMMEND_ATTACH_BYTES, COMMEND_ATTACH_MAX a nomination). */
#define COMMEND_ATTACH_BYTES (2 * 1024 * 1024)
#define COMMEND_ATTACH_MAX 5
#define COMMEND_ACHIEVEMENTS_MAX 4000
enum app_status app_commend_attach(struct app_ctx *ctx, long long id,
				   const char *filename, const void *data, size_t len,
				   long long *att_id, struct app_error *err);
/* An attachment's bytes, for whoever may read its nomination. */
enum app_status app_commend_attachment(struct app_ctx *ctx, long long att_id,
				       struct commendation_attachment *out,
				       const void **data, size_t *len,
				       struct app_error *err);
/* ---- the figures of a year (app/figures.c, issue 14) ---- */
/* What the registry knows of one institution (with tree, the institutions
 * under it too) or one person in one year, each figure defined in
 * docs/commendations.md "Figures". */
struct figures_staff_role {
	const char *role; /* plan_staff.role */
	long long plans;
};
struct figures {
	int year;
	bool tree;
	long long institution_id, person_id; /* the one asked for; the other 0 */
	const char *name;                    /* the institution's or person's */
	size_t institutions;                 /* counted: 1, or the tree's */
	/* an institution's */
	long long plans, assessed, passed;
	int pass_rate; /* hundredths of a percent of assessed; 0 when none */
	long long certificates, filed, filed_on_time;
	int on_time_days; /* FIGURES_ON_TIME_DAYS */
	long long appeals, appeals_resolved;
	long long inspections, insp_pass, insp_rectify, insp_fail, findings_overdue;
	long long hosted, entries, awarded, gold, silver, bronze, excellence;
	/* a person's: plans (staffed) and assessed (candidates in them) above */
	struct figures_staff_role *roles;
	size_t nroles;
	long long judged, awards, promotions;
};
/* Staff with institution.read on the institution (401/403; 404 unknown);
 * a person's: institution.read on the network or on an institution the
 * person belongs to (else 404, docs/security.md). Exactly one of
 * institution_id and person_id; year 2000..2100. */
enum app_status app_figures(struct app_ctx *ctx, int year, long long institution_id,
			    bool tree, long long person_id, struct figures *out,
			    struct app_error *err);
/* The figures as a compact JSON object with stable keys (the API's, the
 * CLI's and what a nomination stores), in the arena. */
const char *app_figures_json(struct app_ctx *ctx, const struct figures *f);
/* ---- commendations: the review (app/commendation_review.c, issue 14) ----
 * The panel, rounds, the tally, the public notice and its objections. The
 * center's actions need commendation.manage (a network-wide grant). */
struct comm_review {
	struct comm_rev_campaign campaign;
	struct comm_rev_reviewer *reviewers;
	size_t nreviewers;
	struct comm_rev_round *rounds; /* by seq */
	size_t nrounds;
	struct comm_rev_nomination *noms; /* every status, by category then id */
	size_t nnoms;
	struct comm_rev_vote *votes; /* the latest round's (a reviewer: their own) */
	size_t nvotes;
	/* why reviewer r stands aside from nomination k: recusal[r * nnoms + k],
	 * a catalog key or NULL (overridden ones still named) */
	const char **recusal;
	struct comm_rev_objection *objections; /* the center's view only */
	size_t nobjections;
	/* comm_notice_clear()'s refusal (a catalog key), NULL when the
	 * decision may be taken */
	const char *decision_refusal;
	bool manager; /* the actor holds commendation.manage */
	long self;    /* the actor's own index in reviewers, -1 when none */
};
/* The review of campaign id: for the center, or a reviewer of it (their
 * own votes only; anyone else APP_FORBIDDEN commendation.not_reviewer). */
enum app_status app_comm_review(struct app_ctx *ctx, long long id,
				struct comm_review *out, struct app_error *err);
/* Appoints a person of the registry to the panel (before the notice). An
 * override_note (the reason a recusal is let stand) needs plan.supervise;
 * audited commendation.reviewer. */
enum app_status app_comm_reviewer_add(struct app_ctx *ctx, long long id,
				      long long person_id, const char *override_note,
				      long long *reviewer_id, struct app_error *err);
/* Removes a reviewer who has not scored (else APP_CONFLICT
 * commendation.reviewer.scored). */
enum app_status app_comm_reviewer_remove(struct app_ctx *ctx, long long id,
					 long long reviewer_id, struct app_error *err);
/* Opens the next round ("score" or "vote") while reviewing, none open. */
enum app_status app_comm_round_open(struct app_ctx *ctx, long long id, const char *method,
				    int *seq, struct app_error *err);
/* Closes the open round: refused (commendation.round.missing, err->detail
 * naming each reviewer and nomination) while a reviewer who need not stand
 * aside has not scored a nomination. */
enum app_status app_comm_round_close(struct app_ctx *ctx, long long id,
				     struct app_error *err);
/* A score or vote (value as typed) on a nomination in the open round:
 * reviewer_id 0 = the actor's own person's seat; a named one for the
 * center only. A recusal not overridden: APP_CONFLICT on "value" naming
 * the reason. Replaces an earlier entry. */
enum app_status app_comm_vote(struct app_ctx *ctx, long long id, long long reviewer_id,
			      long long nomination_id, const char *value,
			      const char *note, struct app_error *err);
/* An override of the tally: the nomination proposed or not, whatever its
 * rank. */
struct comm_override {
	long long nomination_id;
	bool proposed;
};
/* Ranks each category's nominations by the last closed round, the top
 * quota proposed, the rest not_proposed; a tie across the quota boundary
 * refused (commendation.tally.tie, detail naming them) until overrides
 * decide it; overrides need override_note. Audited .tally and .override. */
enum app_status app_comm_tally(struct app_ctx *ctx, long long id,
			       const struct comm_override *ov, size_t nov,
			       const char *override_note, struct app_error *err);
/* reviewing -> notice once tallied: notice_start today, notice_end by
 * notice_days (the first day counted). */
enum app_status app_comm_notice(struct app_ctx *ctx, long long id, struct app_error *err);
/* The public notice: the proposed list (names masked) while in notice or
 * decided; APP_NOT_FOUND before. */
struct comm_notice_item {
	long long nomination_id;
	const char *category, *kind;                  /* kind: collective | person */
	const char *category_name, *category_name_en; /* as the rules name it */
	const char *nominee; /* an institution's name, or a masked name */
	const char *institution;
};
enum app_status app_comm_notice_list(struct app_ctx *ctx, long long id,
				     struct comm_rev_campaign *campaign,
				     struct comm_notice_item **items, size_t *n,
				     struct app_error *err);
/* An objection to a proposed nomination during the notice (anyone;
 * rate-limited per address as the appeals are). */
enum app_status app_comm_objection_file(struct app_ctx *ctx, long long id,
					long long nomination_id, const char *name,
					const char *contact, const char *body,
					long long *oid, struct app_error *err);
/* Resolves an open objection with a written resolution: upheld drops the
 * nomination (status_reason the resolution), or dismissed. */
enum app_status app_comm_objection_resolve(struct app_ctx *ctx, long long id,
					   long long oid, bool upheld,
					   const char *resolution, struct app_error *err);
/* ---- commendations: the decision (表彰决定) and honour certificates
 * (荣誉证书), app/commendation_decision.c ---- */
struct comm_decision_input {
	const char *decision_no;   /* "机械人才评价〔2021〕3号" */
	const char *decision_date; /* YYYY-MM-DD */
	const char *signatory;     /* "机械工业职业技能鉴定指导中心" */
};
struct comm_decision_report {
	long long issued;
	const char *first_number, *last_number;
};
/* notice → decided (commendation.manage, audited commendation.decide, and
 * seal.use when the center has a seal): refused while the notice runs
 * (through notice_end) or an objection is open; every proposed nomination
 * commended and given an honour certificate issued by the center. */
enum app_status app_comm_decide(struct app_ctx *ctx, long long campaign_id,
				const struct comm_decision_input *in,
				struct comm_decision_report *rep, struct app_error *err);
/* The decision document as a PDF (public once decided; not found before). */
enum app_status app_comm_decision_pdf(struct app_ctx *ctx, long long campaign_id,
				      struct buf *out, struct app_error *err);
/* The public honour roll: valid honour certificates by year (0 any),
 * category ("" any) and institution (0 any: its own and its staff's). */
enum app_status app_comm_honours(struct app_ctx *ctx, int year, const char *category,
				 long long institution_id, struct comm_honour **items,
				 size_t *n, struct app_error *err);
/* The categories the roll holds (its filter), named as their latest
 * campaign's rules name them. */
enum app_status app_comm_honour_categories(struct app_ctx *ctx, struct comm_category **items,
					   size_t *n, struct app_error *err);

/* ---- apprenticeships (企业新型学徒制, app/apprenticeship.c, issue 15) ----
 * Every action needs apprenticeship.manage on the class's institution (the
 * center; an institution's admin for its own classes and those under it);
 * a holder reads their own apprentice records. docs/apprenticeships.md. */

/* The codes of the embedded rules (the JSON files of apprenticeships/),
 * NULL-ended. */
const char *const *app_appr_rules_codes(void);

struct appr_class_input {
	long long institution_id, school_institution_id /* 0: none */;
	const char *enterprise_name, *enterprise_credit_code /* "" */, *school_name,
		*school_kind /* technical_school | vocational_college | training_center */;
	const char *occupation_code, *starts_on, *rules_code;
	int target_level, months /* 0: the rule's standard months for the level */;
};
/* A new class, a draft; the rules kept as used. Refused naming the field:
 * a level the rules do not train to (target_level), months outside the
 * rules' range (months). Audited apprenticeship.create. */
enum app_status app_appr_create(struct app_ctx *ctx, const struct appr_class_input *in,
				long long *id, struct app_error *err);
/* One step of the class's status: draft → filed (with the agreement and
 * the filing in f, each required), filed → running, running → closed.
 * Audited apprenticeship.file / .start / .close. */
enum app_status app_appr_step(struct app_ctx *ctx, long long id, const char *to,
			      const struct appr_class *f, struct app_error *err);
/* A course of the class plan (not once closed). Audited apprenticeship.course. */
enum app_status app_appr_course_add(struct app_ctx *ctx, long long class_id,
				    const char *name, const char *side, int hours,
				    int credits, long long *id, struct app_error *err);
/* The classes the actor manages, newest first. */
enum app_status app_appr_list(struct app_ctx *ctx, struct appr_class **items, size_t *n,
			      struct app_error *err);
struct appr_detail {
	struct appr_class k;
	struct appr_rules rules;
	int standard_months; /* the rules' for the target level */
	bool special;        /* months beyond the usual range */
	struct appr_course *courses;
	size_t ncourses;
	struct apprentice *apprentices;
	size_t napprentices;
};
enum app_status app_appr_get(struct app_ctx *ctx, long long id, struct appr_detail *out,
			     struct app_error *err);

struct apprentice_input {
	long long class_id, person_id, enterprise_mentor_id, school_mentor_id; /* 0 */
	const char *contract_start, *contract_end, *hire_kind, *enterprise_mentor,
		*school_mentor;
	int wage, minimum_wage; /* recorded, not enforced */
};
/* An apprentice admitted by the class's rules (the contract's months,
 * hire kind; refused naming contract_end or hire_kind), mentors named,
 * into a class not closed. Audited apprentice.add. */
enum app_status app_apprentice_add(struct app_ctx *ctx, const struct apprentice_input *in,
				   long long *id, struct app_error *err);
struct apprentice_detail {
	struct apprentice a;
	struct appr_class k;
	struct appr_course *courses;
	size_t ncourses;
	struct appr_progress *progress;
	size_t nprogress;
	struct appr_interruption *interruptions;
	size_t ninterruptions;
	bool manage; /* the actor manages the class (else: the holder) */
};
/* The record: apprenticeship.manage on the class, or the holder's own. */
enum app_status app_apprentice_get(struct app_ctx *ctx, long long id,
				   struct apprentice_detail *out, struct app_error *err);
/* Hours and credits earned on a course of the class with the mentor's
 * assessment, while the apprentice is active. Audited apprentice.progress. */
enum app_status app_apprentice_progress(struct app_ctx *ctx, long long id,
					long long course_id, int hours, int credits,
					const char *assessment, struct app_error *err);
/* One step: active → interrupted | withdrawn | completed, interrupted →
 * active | withdrawn; a reason for interrupted and withdrawn; on the date
 * (YYYY-MM-DD, "" today); completed only while the class runs. Audited
 * apprentice.status. */
enum app_status app_apprentice_status(struct app_ctx *ctx, long long id, const char *to,
				      const char *reason, const char *on,
				      struct app_error *err);
/* Enrols a completed apprentice into plan_id (plan.manage there too): the
 * class's occupation, at its target level or a lower one; eligibility as
 * for any enrolment, the completed apprenticeship a fact (学徒期满). The
 * route that passed into *route_id. Audited apprentice.enrol. */
enum app_status app_apprentice_enrol(struct app_ctx *ctx, long long id, long long plan_id,
				     long long *enrolment_id, const char **route_id,
				     struct app_error *err);
/* The subsidy advanced for an apprentice-year (yuan, 0..the rules' max).
 * Audited apprentice.advance. */
enum app_status app_apprentice_advance(struct app_ctx *ctx, long long id, int year,
				       int amount, struct app_error *err);

/* The subsidy claim list of a class for a year: each apprentice-year with
 * its outcome, months in the year, amount, due or clawed back and the
 * rule (catalog key) that gave it. */
struct appr_claim_line {
	struct apprentice a;
	enum appr_outcome outcome;
	int months;
	struct appr_subsidy s;
};
struct appr_claim {
	struct appr_class k;
	int year;
	struct appr_claim_line *lines;
	size_t n;
	long long amount, due, clawback; /* totals */
};
enum app_status app_appr_claim(struct app_ctx *ctx, long long class_id, int year,
			       struct appr_claim *out, struct app_error *err);
/* The claim lists of a year of every class the actor manages (per
 * enterprise: of institution_id's classes only, 0 every one), one per
 * class, newest class first, with the totals. */
struct appr_claims {
	int year;
	struct appr_claim *classes;
	size_t n;
	long long amount, due, clawback;
};
enum app_status app_appr_claims(struct app_ctx *ctx, long long institution_id, int year,
				struct appr_claims *out, struct app_error *err);
/* The enrolments of a plan made on a completed apprenticeship (their
 * evidence), for whoever holds plan.manage on the plan's institution;
 * none for anyone else. */
enum app_status app_appr_evidence(struct app_ctx *ctx, long long plan_id,
				  struct appr_evidence **items, size_t *n,
				  struct app_error *err);
/* The holder's own apprentice records. */
enum app_status app_appr_mine(struct app_ctx *ctx, struct apprentice **items, size_t *n,
			      struct app_error *err);
/* ---- training and online courses (app/training.c, docs/training.md) ---- */
#include "core/training.h"

struct training_course_input {
	long long institution_id;
	const char *title, *occupation_code, *mode, *description;
	int target_level, hours;
};

struct training_lesson_input {
	const char *title, *kind; /* document | video */
	const char *url;          /* video: an https link */
	const char *filename;     /* document: the PDF's name and bytes */
	const void *data;
	size_t len;
	int hours;
};

struct training_course_detail {
	struct training_course course;
	struct training_lesson *lessons;
	size_t nlessons;
	struct training_session *sessions;
	size_t nsessions;
	struct training_enrolment *enrolments;
	size_t nenrolments;
	struct training_attendance *attendance;
	size_t nattendance;
};

struct holder_training {
	struct training_enrolment *enrolments; /* the holder's own */
	size_t nenrolments;
	struct training_course *open; /* open online courses not enrolled in */
	size_t nopen;
};

struct holder_training_course {
	struct training_course course;
	struct training_enrolment enrolment;
	struct training_lesson *lessons;
	size_t nlessons;
	struct training_session *sessions;
	size_t nsessions;
	struct training_progress *done; /* the lessons completed */
	size_t ndone;
};

/* Staff, with training.manage on the course's institution. A course is
 * created as a draft; status moves one step (draft → open → closed; an
 * online course opens with at least one lesson). */
enum app_status app_training_course_create(struct app_ctx *ctx,
					   const struct training_course_input *in,
					   long long *id, struct app_error *err);
enum app_status app_training_course_status(struct app_ctx *ctx, long long id,
					   const char *status, struct app_error *err);
enum app_status app_training_lesson_add(struct app_ctx *ctx, long long course_id,
					const struct training_lesson_input *in,
					long long *id, struct app_error *err);
enum app_status app_training_session_add(struct app_ctx *ctx, long long course_id,
					 const struct training_session *in, long long *id,
					 struct app_error *err);
enum app_status app_training_enrol(struct app_ctx *ctx, long long course_id,
				   long long person_id, long long *id,
				   struct app_error *err);
/* Attendance of an enrolment at a session of its course; *hours_done after. */
enum app_status app_training_attendance(struct app_ctx *ctx, long long enrolment_id,
					long long session_id, bool present,
					int *hours_done, struct app_error *err);
/* Completion once the hours are reached (else 422 hours_done); withdrawal. */
enum app_status app_training_complete(struct app_ctx *ctx, long long enrolment_id,
				      struct app_error *err);
enum app_status app_training_withdraw(struct app_ctx *ctx, long long enrolment_id,
				      struct app_error *err);
/* The courses the actor manages (of institution_id; 0 = every one in scope). */
enum app_status app_training_courses(struct app_ctx *ctx, long long institution_id,
				     struct training_course **items, size_t *n,
				     struct app_error *err);
enum app_status app_training_course(struct app_ctx *ctx, long long id,
				    struct training_course_detail *out,
				    struct app_error *err);
/* One enrolment, for the staff of its course's institution. */
enum app_status app_training_enrolment(struct app_ctx *ctx, long long id,
				       struct training_enrolment *out,
				       struct app_error *err);
/* A document lesson's PDF: staff of the course, or a holder enrolled in it. */
enum app_status app_training_lesson_file(struct app_ctx *ctx, long long lesson_id,
					 struct training_lesson *out, const void **data,
					 size_t *len, struct app_error *err);
/* The holder's own: enrolments and the open online courses to join; one
 * course with its lessons and progress; self-enrolment in an open online
 * course; a lesson marked done (*hours_done after). */
enum app_status app_holder_training(struct app_ctx *ctx, struct holder_training *out,
				    struct app_error *err);
enum app_status app_holder_training_course(struct app_ctx *ctx, long long course_id,
					   struct holder_training_course *out,
					   struct app_error *err);
enum app_status app_holder_training_enrol(struct app_ctx *ctx, long long course_id,
					  long long *id, struct app_error *err);
enum app_status app_holder_training_lesson_done(struct app_ctx *ctx, long long lesson_id,
						long long *course_id, int *hours_done,
						struct app_error *err);
/* The training certificate (培训证书) of a completed enrolment, issued by the
 * course's institution (training.manage): line "training", level 0,
 * numbered by training_pattern; 422 status until completed, 409 when it has
 * one already. */
enum app_status app_training_certify(struct app_ctx *ctx, long long enrolment_id,
				     long long *cert_id, const char **number,
				     struct app_error *err);
/* ---- enterprise self-evaluation (issue 15, app/selfeval.c) ---- */

/* A plan's candidate pool as stored and as enforced (a Y institution
 * whose filing stays inside: staff), its partners and the filing. */
struct selfeval_pool_view {
	struct plan plan;
	const char *pool, *effective, *credit_code;
	struct plan_partner *partners;
	size_t n;
	struct selfeval_hr hr;
};
/* A staff member's certificate whose skill-upgrade subsidy window closes
 * soon: its last day and the days left. */
struct selfeval_closing {
	struct selfeval_cert cert;
	char last_day[11];
	int days_left;
};
/* The enterprise dashboard of an institution. */
struct selfeval_dashboard {
	struct institution institution;
	struct selfeval_hr hr;
	const char *credit_code;
	char today[11];
	int days;            /* the look-ahead of closing windows */
	long long staff;     /* people employed by the institution's credit code */
	long long levels[6]; /* by highest valid skill level; [0]: none */
	struct selfeval_closing *closing;
	size_t nclosing;
	/* apprentices of the institution's classes by stage (active,
	 * interrupted, withdrawn, completed), those enrolled into a plan,
	 * and its classes not closed (migration 0032) */
	long long appr_stages[4], appr_enrolled, appr_classes;
	bool hr_edit; /* the actor may record the HR filing (registry.decide) */
};
/* plan.manage on the plan's institution. */
enum app_status app_selfeval_pool_get(struct app_ctx *ctx, long long plan_id,
				      struct selfeval_pool_view *out,
				      struct app_error *err);
/* Sets the pool (public, staff, partners) and the partners (partners
 * only); refused naming candidate_pool when a Y institution without
 * hr_filing_outside asks for more than staff, or the online-application
 * offer reaches wider than the new pool. plan.manage. */
enum app_status app_selfeval_pool_set(struct app_ctx *ctx, long long plan_id,
				      const char *pool, const struct plan_partner *ps,
				      size_t n, struct app_error *err);
/* The partners of a textarea: one a line, "credit code" then the name. */
enum app_status app_selfeval_partners_parse(struct app_ctx *ctx, const char *text,
					    struct plan_partner **out, size_t *n,
					    struct app_error *err);
/* Records the institution's HR filing ("" or "Y" with its number, and
 * whether it serves outside candidates): registry.decide (the center). */
enum app_status app_selfeval_hr_set(struct app_ctx *ctx, long long institution_id,
				    const struct selfeval_hr *hr, struct app_error *err);
/* The dashboard: plan.manage on the institution. */
enum app_status app_selfeval_dashboard(struct app_ctx *ctx, long long institution_id,
				       struct selfeval_dashboard *out,
				       struct app_error *err);

/* Post-skill specifications (app/selfeval_spec.c): adopts one for the
 * institution, the JSON body sent or builtin, the code of one of
 * post_specs/ (plan.manage; 409 for a code and version it has). */
enum app_status app_post_spec_add(struct app_ctx *ctx, long long institution_id,
				  const char *body, const char *builtin, long long *id,
				  struct app_error *err);
enum app_status app_post_spec_list(struct app_ctx *ctx, long long institution_id,
				   struct post_spec_row **items, size_t *n,
				   struct app_error *err);
/* Names the institution's specification post_spec_id (0: none) for a
 * draft plan: derived from the plan's standard (occupation and version),
 * covering its level, assessing only what the level assesses. */
enum app_status app_plan_post_spec_set(struct app_ctx *ctx, long long plan_id,
				       long long post_spec_id, struct app_error *err);
/* The plan's specification (*has false when none): plan.manage. */
enum app_status app_plan_post_spec_get(struct app_ctx *ctx, long long plan_id,
				       struct post_spec_row *out, bool *has,
				       struct app_error *err);

/* The network's figures (issue 16; app/statistics.c, docs/statistics.md):
 * the summary table stat_cell, refreshed per year, read by a dimension. */
#include "core/statistics.h"

/* The figures broken down by `by`, within the filter and the actor's scope
 * (statistics.read; an actor without a network-wide grant reads only the
 * subtrees of their grants: with no institution/branch in the filter, the
 * union of those subtrees; an institution or branch outside them is 403 on
 * "institution_id"/"branch_id"). Labels in ctx's language: province names,
 * branch and institution names, occupation names, level names
 * ("四级/中级工"), years as "2025". Rows ordered by key; total filled. */
enum app_status app_stats_table(struct app_ctx *ctx, const struct stat_filter *f,
				enum stat_dim by, struct stat_table *out,
				struct app_error *err);
/* The years that have figures, newest first. */
enum app_status app_stats_years(struct app_ctx *ctx, int **years, size_t *n,
				struct app_error *err);
/* Counts the year (0 = every year that has data) from the base tables and
 * replaces its cells: the system actor, or statistics.read network-wide
 * (audited "statistics.refresh" then). */
enum app_status app_stats_refresh(struct app_ctx *ctx, int year, struct app_error *err);
/* The rows behind one figure (for those allowed to see them): a page of at
 * most limit (<= 200) rows from offset; *total the count. Each row: kind
 * ("plan", "enrolment", "certificate", "appeal", "correction", "entrant",
 * "award", "honour", "apprentice", "trainee"), id, title (a plan's title, a
 * certificate number, a candidate's name MASKED like public pages unless the
 * actor may read the person), detail (result, status, date), date, and href
 * (the page that shows it: /plans/{id}, /certificates/{id}, …; "" when none).
 * Permission: statistics.read in scope AND the permission that reads that
 * kind (certificate.read for certificates, plan.manage or institution.read for
 * plans and enrolments, …) on each row's institution; rows the actor may not
 * read are not counted. */
struct stat_detail {
	const char *kind, *title, *detail, *date, *href;
	long long id, institution_id;
};
enum app_status app_stats_rows(struct app_ctx *ctx, const struct stat_filter *f,
			       enum stat_measure m, int offset, int limit,
			       struct stat_detail **rows, size_t *n, long long *total,
			       struct app_error *err);
/* The table as JSON {"by", "refreshed_at", "measures": [codes], "rows": [{"key",
 * "label", "<code>": n, …, "pass_rate": hundredths}], "total": {…}} */
const char *app_stats_json(struct app_ctx *ctx, const struct stat_table *t);
/* Open data (public, nothing personal; app/opendata.c): file "directory"
 * (every registered institution, the fields the public directory shows)
 * or "totals" (the network's figures by year and province, every
 * measure), format "csv" (UTF-8 with BOM) or "json", into out. */
enum app_status app_opendata(struct app_ctx *ctx, const char *file, const char *format,
			     struct buf *out, struct app_error *err);
/* The figures' refresh thread of `skillcert serve` (app/statistics.c):
 * every `seconds` the current and the previous year, every year once at
 * the start when nothing was refreshed yet; every `sup_seconds` (the first
 * after the first refresh) the supervision scan of the current and the
 * previous year (app_sup_scan_pass); 0 = that task off, both 0 = no
 * thread. */
struct app_stats_thread;
struct app_stats_thread *app_stats_thread_start(struct app *app, int seconds,
						int sup_seconds);
void app_stats_thread_stop(struct app_stats_thread *t);

/* ---- read replicas (app/replica.c; docs/postgresql.md "Read replicas") ---- */
#define APP_MAX_REPLICAS 8
/* Opens the n replica URLs of app's PostgreSQL primary (pools of pool_max;
 * 0 = 16), without connecting: one out of reach is checked again by the
 * checker. -1 with why in err on a URL that is not PostgreSQL (or the
 * primary not). Reads the replicas may serve lag at most max_lag_s. */
/* Raises every replica's connection pool to at least n. */
void app_replicas_pool_at_least(struct app *app, int n);
int app_replicas_open(struct app *app, const char *const *urls, int n, int max_lag_s,
		      int pool_max, char *err, size_t errlen);
void app_replicas_close(struct app *app);
bool app_replicas_on(const struct app *app);
/* A connection for a read a replica may serve (public pages, figures,
 * open data; never a write): a replica up, within the lag bound and that
 * has replayed the actor's last write (actor->wrote_lsn), round-robin among
 * those; otherwise the primary's (app_conn). Always the primary's for a
 * request that may write (ctx->writes: not GET/HEAD) and once ctx
 * committed a write (ctx->wrote). Without replicas app_conn.
 * Release with store_release() or app_read_done(). */
struct store_conn *app_read_conn(struct app_ctx *ctx, struct app_error *err);
/* Records the primary's WAL insert position now as the last write of a's
 * session or token, on the primary
 * (only when replicas are configured; anonymous and system: nothing). */
void app_note_write(struct app *app, const struct actor *a);
/* The lag checker of `skillcert serve`: looks once before returning, then
 * every check_ms; NULL without replicas. Stopped on the server's exit. */
struct app_replica_thread;
struct app_replica_thread *app_replica_thread_start(struct app *app, int check_ms);
void app_replica_thread_stop(struct app_replica_thread *t);
/* The replicas' Prometheus lines (skillcert_db_reads_total,
 * skillcert_replica_up, _lag_seconds, _skips_total); nothing without. */
void app_replica_metrics(struct app *app, struct buf *out);
/* ---- the annual report (app/stats_report.c, issue 16) ---- */
enum stats_report_format { STATS_REPORT_PDF, STATS_REPORT_XLSX };
/* What the registry holds in the report's scope: the institutions by type
 * and status (the effective one on the report's day, reg_effective), the
 * year's annual inspections by outcome and the findings they raised (still
 * open, of those past their deadline, closed). */
struct stats_registry {
	long long by_type[INST_TYPE_COUNT][REG_STATUS_COUNT];
	long long inspections, insp_pass, insp_rectify, insp_fail;
	long long findings, findings_open, findings_overdue, findings_closed;
};
/* Everything the report shows, gathered by app_stats_report(). */
struct stats_report {
	int year;
	const char *scope;             /* NULL: the whole network; else whose subtree */
	const char *refreshed_at;      /* the figures' (NULL: never refreshed) */
	const char *generated_on;      /* YYYY-MM-DD */
	struct stat_table total, prev; /* by none: the year, the year before */
	struct stat_table province, level, occupation; /* the year's */
	struct stat_table trend; /* by year: the year and the four before */
	struct stats_registry registry;
};
/* The report r as a PDF (A4: the year's totals against the year before,
 * by level with a pie, by province with bars, the leading occupations with
 * bars, the five years with lines, the registry and its inspections) or
 * an XLSX workbook (one sheet per table, every occupation), in lang (enum
 * lang), into out. No database: the unit test renders a report filled by
 * hand. APP_INTERNAL when drawing fails. */
enum app_status app_stats_report_render(struct app_ctx *ctx, const struct stats_report *r,
					int lang, enum stats_report_format fmt,
					struct buf *out, struct app_error *err);

/* The annual report of year (2000..2100, a year with figures: else 422 on
 * "year") in ctx's language: statistics.read; the network's for a
 * network-wide grant, else the report of the subtrees of the actor's
 * grants, titled with their names (the registry's part counted in the same
 * scope). */
enum app_status app_stats_report(struct app_ctx *ctx, int year, enum stats_report_format fmt,
				 struct buf *out, struct app_error *err);

/* The statistics page's export (issue 16, app/stats_export.c): the table
 * of app_stats_table(f, by) as one XLSX sheet into out — the key, the
 * label, every measure, the three pass rates (percent, two decimals), the
 * total row last — headed in lang (enum lang). Permission and scope as
 * app_stats_table(). */
enum app_status app_stats_export_xlsx(struct app_ctx *ctx, const struct stat_filter *f,
				      enum stat_dim by, int lang, struct buf *out,
				      struct app_error *err);
/* ---- supervision flags (app/supervision.c, issue 16) ---- */

#include "core/supervision.h"

/* The embedded rules document parsed (once); NULL when it is broken. */
const struct sup_rules *app_sup_rules(void);

struct sup_scan_report {
	int year;
	long long raised, updated, cleared, kept; /* new, still raised, no longer, decided */
	long long per_rule[SUP_RULE_COUNT];       /* raised this scan, by rule */
};
/* Runs every enabled rule over year (2000..2999), reading under no write
 * transaction, then keeps the flags in one short one (the system actor or
 * supervision.manage on the whole network): new flags
 * inserted, open (or cleared) ones raised again given the new figures and
 * opened, dismissed ones and those turned into findings left as decided,
 * open ones no longer raised marked cleared. Audited supervision.scan. */
enum app_status app_sup_scan(struct app_ctx *ctx, int year, struct sup_scan_report *out,
			     struct app_error *err);
/* True when the actor may run a scan (supervision.manage network-wide). */
bool app_sup_may_scan(const struct app_ctx *ctx);
/* The scan of the serve thread (app_stats_thread_start): the current and
 * the previous year as the system actor, NOT audited (as the figures'
 * refresh thread: nobody asked), each year's counts logged. */
void app_sup_scan_pass(struct app *app);
/* The flags matching f within the actor's scope (supervision.manage; an
 * actor without a network-wide grant sees the institutions of their
 * grants' subtrees, chosen in SQL before the page is cut; an
 * institution_id outside them is 403 on "institution_id"); a bad rule,
 * status, offset or limit is 422 naming it. A page of f->limit flags
 * from f->offset; *total the count of them all. */
enum app_status app_sup_flags(struct app_ctx *ctx, const struct sup_flag_filter *f,
			      struct sup_flag **items, size_t *n, long long *total,
			      struct app_error *err);
struct sup_evidence_row {
	const char *kind, *title, *href; /* href "" when no page shows it */
	long long id, plan_id;
};
struct sup_flag_view {
	struct sup_flag flag;
	struct sup_evidence_row *evidence;
	size_t nevidence;
	bool may_act; /* open: it may be dismissed or turned into a finding */
};
/* One flag with its evidence rows resolved (supervision.manage on its
 * institution). */
enum app_status app_sup_flag(struct app_ctx *ctx, long long id, struct sup_flag_view *out,
			     struct app_error *err);
/* Dismisses an open flag with a note (required, up to 1000 characters);
 * APP_CONFLICT when it is decided already. Audited supervision.dismiss. */
enum app_status app_sup_dismiss(struct app_ctx *ctx, long long id, const char *note,
				struct app_error *err);
/* Turns an open flag into a registry finding with deadline (a date after
 * today) and description: on inspection_id (an inspection of the flag's
 * institution) or, when 0, on a new inspection of it today with outcome
 * rectify naming the flag. Audited supervision.finding (and
 * inspection.add for a new inspection). */
enum app_status app_sup_finding(struct app_ctx *ctx, long long id, const char *deadline,
				const char *description, long long inspection_id,
				long long *finding_id, struct app_error *err);

/* ---- idempotent requests (app/idempotency.c, issue 18; docs/api.md
 * "Idempotent requests") ---- */

#define APP_IDEM_KEY_MAX 255
#define APP_IDEM_TTL_S 86400            /* a key lives a day */
#define APP_IDEM_MAX_BODY (1024 * 1024) /* bytes of an answer kept */
#define APP_IDEM_FRESH_S 10             /* a claim answers within this */
#define APP_IDEM_PURGE_S 60             /* expired keys removed this often */

/* One request's Idempotency-Key. The first transaction of the request
 * that commits (app_finish) inserts the key's row in it; when a live row
 * is there already (another request committed with the key first, maybe
 * on another server) that transaction is rolled back instead, taken is
 * set and the action fails APP_CONFLICT "idempotency.replay": the caller
 * then answers that request's replay. */
struct app_idem {
	const char *scope;       /* "token:ID", "user:ID", or "anon:ADDRESS" */
	const char *key;         /* as the client sent it */
	const char *fingerprint; /* keyed BLAKE2b hex of method, target, body */
	bool claimed;            /* this request's change committed with the key */
	bool taken;              /* another request's did, first */
};
/* True when key is 1..APP_IDEM_KEY_MAX printable ASCII characters
 * (0x20..0x7e). */
bool app_idem_key_valid(const char *key);
/* The key's state for ctx's actor, in the arena, into *out: scope by the
 * API token when the actor signed in with one, else by the actor's user
 * (a session), else by ctx->address; fingerprint over method, target
 * (path and query without its lang= parameters: a retry may ask for
 * another language) and the body's len bytes, keyed by the installation's
 * blind index key (a copy of the database does not tell what a body held).
 * key must be valid (app_idem_key_valid). APP_INTERNAL when the key cannot
 * be loaded. */
enum app_status app_idem_new(struct app_ctx *ctx, const char *key, const char *method,
			     const char *target, const void *body, size_t len,
			     struct app_idem **out, struct app_error *err);
/* An answer kept for a key. */
struct app_idem_answer {
	int status;
	const char *content_type, *location, *body; /* NULL when none */
};
/* The answer of k's live row, read on the primary: APP_OK with out
 * filled; APP_NOT_FOUND (err unset) when no live row holds the key;
 * APP_INVALID on field "Idempotency-Key" ("idempotency.mismatch") when
 * the row's fingerprint is another request's; APP_CONFLICT
 * "idempotency.not_kept" (out->location set when there was one) when
 * the answer was given but not kept (too large, not text, a secret);
 * while a fresh row (claimed within APP_IDEM_FRESH_S) has no answer yet
 * it is read again every 50 ms up to wait_ms, then APP_CONFLICT
 * "idempotency.in_progress" (retryable); an older row without an answer
 * (its request died after its commit, or its answer failed to be kept)
 * is APP_CONFLICT "idempotency.lost" at once. Expired rows (older than
 * APP_IDEM_TTL_S) count as none. */
enum app_status app_idem_replay(struct app_ctx *ctx, const struct app_idem *k, int wait_ms,
				struct app_idem_answer *out, struct app_error *err);
/* Keeps the answer of a claimed key, in a transaction of its own: status,
 * content type, Location and the body's len bytes; the body only when
 * keep is set and it is UTF-8 text without NUL of at most the server's
 * limit (app->idem_max_body), else the status alone. At most once every
 * app->idem_purge_s seconds (APP_IDEM_PURGE_S) a process also removes
 * the expired rows of every key in that transaction. */
enum app_status app_idem_keep(struct app_ctx *ctx, const struct app_idem *k, int status,
			      const char *content_type, const char *location,
			      const char *body, size_t len, bool keep,
			      struct app_error *err);
/* ---- webhooks (app/webhook.c, issue 18, docs/webhooks.md) ---- */
#include "core/webhook.h"

struct webhook_input {
	long long institution_id; /* 0 = the network's (the center's) */
	const char *url;
	const char *events; /* "*"/NULL/"" = all, or "kind,kind" */
	const char *description;
	int active; /* -1 = unchanged (update), else 0/1 */
};
/* Subscribes a URL: webhook.manage on the institution (0: the network).
 * APP_INVALID on url (https://, or http:// with --webhook-allow-http on
 * this server; at most 2000 characters), events (known kinds),
 * description (at most 200). *secret the signing secret, shown once
 * (whsec_ + 43 characters). */
enum app_status app_webhook_add(struct app_ctx *ctx, const struct webhook_input *in,
				long long *id, const char **secret, struct app_error *err);
/* The subscriptions the actor manages (webhook.manage covers them). */
enum app_status app_webhook_list(struct app_ctx *ctx, struct webhook_sub **items,
				 size_t *n, struct app_error *err);
/* One, APP_NOT_FOUND when it is not the actor's to manage. */
enum app_status app_webhook_get(struct app_ctx *ctx, long long id,
				struct webhook_sub *out, struct app_error *err);
/* Changes url, events, description (NULL = unchanged), active (-1 = unchanged). */
enum app_status app_webhook_update(struct app_ctx *ctx, long long id,
				   const struct webhook_input *in, struct app_error *err);
enum app_status app_webhook_remove(struct app_ctx *ctx, long long id, struct app_error *err);
/* A new secret (the old one stops signing), shown once. */
enum app_status app_webhook_rotate(struct app_ctx *ctx, long long id, const char **secret,
				   struct app_error *err);
/* Queues a "ping" event to this subscription alone. */
enum app_status app_webhook_ping(struct app_ctx *ctx, long long id,
				 long long *delivery_id, struct app_error *err);
/* Its deliveries, newest first, before delivery id `before` (0: from the
 * newest), limit 1..200. */
enum app_status app_webhook_deliveries(struct app_ctx *ctx, long long id, long long before,
				       long long limit, struct webhook_delivery **items,
				       size_t *n, struct app_error *err);
/* Queues delivery did's event again at the end of subscription id's
 * queue; APP_NOT_FOUND unless did is one of id's. */
enum app_status app_webhook_replay(struct app_ctx *ctx, long long id, long long did,
				   long long *delivery_id, struct app_error *err);
/* One pass of a sender (the system only): delivers at most limit due
 * heads, one subscription's at a time. *sent, *failed count attempts. */
enum app_status app_webhook_deliver(struct app_ctx *ctx, int limit, int *sent,
				    int *failed, struct app_error *err);
/* The server's senders (a few threads, so that one slow receiver does not
 * hold the others): woken after a commit that wrote events and every
 * second. Stop aborts an attempt in flight (it is retried later). */
int app_webhook_start(struct app *app);
void app_webhook_wake(struct app *app);
void app_webhook_stop(struct app *app);

/* ---- the item bank of theory exams (app/item.c, docs/exams.md) ---- */
#include "core/item.h"

struct item_input {
	long long institution_id;    /* create only: the bank's institution */
	const char *occupation_code; /* create only */
	int level;                   /* create only: 1..5 */
	const char *ref;             /* create only: the item's code */
	const char *kind, *point, *stem, *key, *explanation;
	const char *options[ITEM_MAX_OPTIONS];
	int noptions;
};

/* A version of an item with item.write on its bank's institution; the
 * author writes a draft, submits it; another with item.review passes it
 * or returns it with a note; a third with item.approve approves it (and
 * the version it supersedes becomes "superseded") or retires an approved
 * one with a reason. Errors name the field; every step is audited. */
enum app_status app_item_create(struct app_ctx *ctx, const struct item_input *in,
				long long *id, struct app_error *err);
enum app_status app_item_edit(struct app_ctx *ctx, long long id,
			      const struct item_input *in, struct app_error *err);
enum app_status app_item_submit(struct app_ctx *ctx, long long id, struct app_error *err);
enum app_status app_item_review(struct app_ctx *ctx, long long id, bool pass,
				const char *note, struct app_error *err);
enum app_status app_item_approve(struct app_ctx *ctx, long long id, struct app_error *err);
/* A new draft version of an approved item (its newest), written by the
 * actor: *id is the new version's. */
enum app_status app_item_revise(struct app_ctx *ctx, long long id, long long *new_id,
				struct app_error *err);
enum app_status app_item_retire(struct app_ctx *ctx, long long id, const char *reason,
				struct app_error *err);
enum app_status app_item_get(struct app_ctx *ctx, long long id, struct exam_item_row *out,
			     struct app_error *err);
/* The items of f->institution_id's bank, or with 0 of every bank (for
 * item.write on the whole network). */
enum app_status app_items(struct app_ctx *ctx, const struct exam_item_filter *f,
			  struct exam_item_row **items, size_t *n, struct app_error *err);

/* The items of a QTI content package or an item writers' spreadsheet
 * (services/qti.h; the kind is told from the bytes) into a bank, as
 * drafts of the actor (item.write on the institution). One refused item
 * or row (its reason, and a code already in the bank or repeated in the
 * file) and none is written: APP_INVALID with every problem in the
 * report. A dry run checks and writes nothing. */
struct item_import_input {
	long long institution_id;
	const char *occupation_code;
	int level;
};
struct item_import_problem {
	size_t line;       /* a sheet's row (header = 1), 0 for a package */
	const char *where; /* a package's file or resource, "" */
	const char *ref;   /* the item's code when known, "" */
	const char *field; /* NULL when not one field */
	const char *msg;   /* catalog key */
};
struct item_import_report {
	const char *format; /* "qti" or "sheet" */
	size_t items, created;
	struct item_import_problem *problems;
	size_t nproblems;
};
enum app_status app_item_import(struct app_ctx *ctx, const struct item_import_input *in,
				const void *data, size_t len, bool dry_run,
				struct item_import_report *rep, struct app_error *err);
/* A bank's items (f: institution required; status "approved" unless
 * given) as "qti" (a QTI 3.0 content package) or "xlsx" (the
 * spreadsheet) into out; their keys with them, so item.approve on the
 * bank's institution. *count: the items written. */
enum app_status app_item_export(struct app_ctx *ctx, const struct exam_item_filter *f,
				const char *format, struct buf *out, size_t *count,
				struct app_error *err);
/* ---- blueprints and papers of theory exams (app/exam_paper.c,
 * docs/exams.md) ---- */
#include <stdint.h>

#include "core/exam.h"
#include "core/exam_paper.h"

/* A blueprint (its JSON text, core/exam.h) of institution_id's bank, with
 * item.approve there: 422 naming the JSON path at fault, 409 on a version
 * the bank has already. */
enum app_status app_blueprint_add(struct app_ctx *ctx, long long institution_id,
				  const char *doc, long long *id, struct app_error *err);
/* The blueprints of an institution (0 = all, for the whole network),
 * with item.write there. */
enum app_status app_blueprints(struct app_ctx *ctx, long long institution_id,
			       struct exam_blueprint_row **items, size_t *n,
			       struct app_error *err);
enum app_status app_blueprint_get(struct app_ctx *ctx, long long id,
				  struct exam_blueprint_row *out, struct app_error *err);

/* What an assembly made; on a shortfall (422, field "<point>.<kind>")
 * missing is how many items are short. */
struct paper_made {
	long long id;
	uint64_t seed;
	unsigned warnings; /* EXAM_WARN_* bits */
	size_t nitems;
	int total; /* tenths */
	int missing;
};
/* A draft paper for the plan (plan.manage on its institution) by a
 * blueprint of the plan's institution or an ancestor's, for the plan's
 * occupation and level, from the approved items of the blueprint's bank;
 * the seed given (has_seed) or random. */
enum app_status app_paper_assemble(struct app_ctx *ctx, long long plan_id,
				   long long blueprint_id, bool has_seed, uint64_t seed,
				   struct paper_made *out, struct app_error *err);
enum app_status app_papers(struct app_ctx *ctx, long long plan_id,
			   struct exam_paper_row **items, size_t *n, struct app_error *err);
/* A paper as plan.manage sees it; its items (with their keys) only when
 * the actor also holds item.approve on the bank's institution. */
struct paper_view {
	struct exam_paper_row p;
	int count[EXAM_NKINDS]; /* items by kind */
	int total;              /* tenths */
	bool with_items;
	struct exam_paper_item_row *items;
	size_t nitems;
};
enum app_status app_paper_get(struct app_ctx *ctx, long long id, struct paper_view *out,
			      struct app_error *err);
/* draft -> sealed: the digest of its canonical bytes recorded (into
 * digest, 65 bytes); 409 when sealed already. */
enum app_status app_paper_seal(struct app_ctx *ctx, long long id, char digest[65],
			       struct app_error *err);
/* The digest recomputed from the stored items, against the one sealed. */
struct paper_check {
	bool sealed;
	const char *digest;   /* as sealed ("" for a draft) */
	const char *computed; /* now */
	bool matches;
};
enum app_status app_paper_verify(struct app_ctx *ctx, long long id,
				 struct paper_check *out, struct app_error *err);

/* ---- the online exam (app/exam_attempt.c, docs/exams.md) ----
 *
 * A sealed paper's sitting is opened at a start time; from then until the
 * start plus the blueprint's minutes a candidate signs in with their
 * admission ticket's claim code and gets an attempt token (only its hash
 * is kept; signing in again resumes the same attempt with a new token and
 * the old one stops working). The token is all a candidate holds: every
 * candidate call takes it, sees only that attempt, and items are sent
 * only once the sitting has started. */

#define APP_EXAM_TOKEN_MAX \
	64 /* 43 base64url characters and the NUL (as secret_token_new()) */
#define APP_EXAM_EXTEND_MAX 120 /* minutes granted to one candidate, in all */

/* Opens the sealed paper's sitting (plan.manage): starts_at an instant
 * ("2026-12-04T01:30:00Z") or local time in the process zone ("2026-12-04
 * 09:30", "2026-12-04T09:30"); field "starts_at". 409 when not sealed,
 * when another paper of the plan is open, or when it was closed; opening
 * again before anyone signed in moves the start. */
enum app_status app_paper_open(struct app_ctx *ctx, long long paper_id,
			       const char *starts_at, struct app_error *err);

/* One item as the candidate's form shows it: no key, no explanation, no
 * ref; options in the form's order, lettered A, B, … as shown. */
struct exam_view_item {
	int position;     /* 1, 2, … as shown */
	const char *kind; /* single | multi | tf */
	const char *stem;
	const char *options[ITEM_MAX_OPTIONS];
	int noptions;
	int score;          /* tenths */
	const char *answer; /* as saved, shown letters; "" none */
};
/* What a candidate sees of their attempt. */
struct exam_view {
	struct exam_attempt_row a;
	const char *plan_title, *occupation_name;
	int level;
	const char *deadline;         /* instant */
	long long seconds_left;       /* 0 once time is up */
	bool open;                    /* answers accepted (in progress, time left) */
	struct exam_view_item *items; /* NULL once finished */
	size_t nitems;
};
/* Signs a candidate in (public; rate limited by the caller's address):
 * the claim code of an enrolment of a plan whose paper's sitting has
 * started and not ended. Starts or resumes the attempt; a new token into
 * token. 404 err.exam.code_unknown, 409 err.exam.not_started (detail: the
 * start), err.exam.over, err.exam.finished (submitted already). */
enum app_status app_exam_sign_in(struct app_ctx *ctx, const char *code,
				 char token[APP_EXAM_TOKEN_MAX], long long *attempt_id,
				 struct app_error *err);
/* The same for a holder signed in to their own account (actor->person_id):
 * their enrolment at a plan whose sitting is open. 409 err.exam.none_open
 * when none. */
enum app_status app_exam_sign_in_mine(struct app_ctx *ctx, char token[APP_EXAM_TOKEN_MAX],
				      long long *attempt_id, struct app_error *err);
/* The attempt the token names (401 err.exam.token when none); an attempt
 * whose time is up is finished (timed_out) and marked first. */
enum app_status app_exam_view(struct app_ctx *ctx, const char *token,
			      struct exam_view *out, struct app_error *err);
/* Saves the answer at a shown position (field "position"; "answer":
 * letters of the item's shown options, "" clears; one letter for single
 * and tf). 409 err.exam.time_up / err.exam.finished. */
struct exam_saved {
	const char *saved_at, *deadline;
	long long seconds_left;
	int answered;
};
enum app_status app_exam_save(struct app_ctx *ctx, const char *token, int position,
			      const char *answer, struct exam_saved *out,
			      struct app_error *err);
/* The candidate hands in: the attempt is finished (submitted, or
 * timed_out when past its deadline) and marked into the theory component
 * of the score sheet, locked. Submitting again is 409 err.exam.finished. */
enum app_status app_exam_submit(struct app_ctx *ctx, const char *token,
				struct exam_attempt_row *out, struct app_error *err);

/* The proctor's roster of a paper (plan.manage): each enrolment of the
 * plan not withdrawn, with its attempt when there is one. */
struct exam_roster_row {
	long long enrolment_id;
	const char *person_name, *person_masked_id;
	long long room_id;
	int seat;
	bool has_attempt;
	struct exam_attempt_row a; /* when has_attempt */
	const char *deadline;      /* when has_attempt */
	bool overdue;              /* in progress past its deadline */
};
struct exam_roster {
	struct exam_paper_row p;
	const char *ends_at; /* start + minutes; "" when not open */
	struct exam_roster_row *rows;
	size_t n;
	int in_progress, finished, absent;
};
enum app_status app_exam_roster(struct app_ctx *ctx, long long paper_id,
				struct exam_roster *out, struct app_error *err);
/* More time for one candidate (plan.manage): minutes 1..APP_EXAM_EXTEND_MAX
 * in all, with a reason (fields "minutes", "reason"); only an attempt in
 * progress (409). attempt_id must be of this paper (404). */
enum app_status app_exam_extend(struct app_ctx *ctx, long long paper_id,
				long long attempt_id, int minutes, const char *reason,
				struct app_error *err);
/* Closes the sitting (plan.manage): every attempt past its deadline is
 * finished and marked; when none is left in progress and the sitting's
 * time is over, the paper is closed (no more sign-in) and the statistics
 * of its items are computed anew from every marked attempt. */
struct exam_closed {
	int finished_now, still_running;
	bool closed;
	size_t items_stats; /* items whose statistics were stored */
};
enum app_status app_exam_close(struct app_ctx *ctx, long long paper_id,
			       struct exam_closed *out, struct app_error *err);
/* An attempt's answer record for appeals (plan.manage on its plan): each
 * item in the order shown, with the version row (its key), the options'
 * order shown, the answer as shown and as the paper's letters, right or
 * not; and the time granted. */
struct exam_record_item {
	int position; /* shown */
	int score;    /* tenths */
	struct exam_item_row x;
	const char *shown;    /* the original letters in shown order: "CADB" */
	const char *answer;   /* shown letters; "" none */
	const char *original; /* the same answer in the item's own letters */
	bool right;
};
struct exam_record {
	struct exam_attempt_row a;
	const char *deadline;
	struct exam_record_item *items;
	size_t nitems;
	struct exam_extension_row *extensions;
	size_t nextensions;
};
enum app_status app_exam_record(struct app_ctx *ctx, long long attempt_id,
				struct exam_record *out, struct app_error *err);
/* The stored statistics of an item version (item.write on its bank, as
 * app_item_get); *known false when none yet. */
enum app_status app_item_stat(struct app_ctx *ctx, long long item_id,
			      struct exam_item_stat_row *out, bool *known,
			      struct app_error *err);

#endif
