/*
 * notify.c - outgoing messages (issue 12): the queue (a message is a row
 * written in the transaction of the change that causes it), the delivery
 * pass that hands each due message to services/notify.c after the commit
 * and keeps a failure queued with its error and a backoff, the server's
 * sender thread, the staff list, and the subsidy reminders.
 */
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/i18n.h"
#include "services/masterkey.h"
#include "services/notify.h"
#include "services/seal.h"

#define SENDER_PERIOD_S 30
#define SENDER_BATCH 50
#define BACKOFF_MAX_S 3600

struct app_sender {
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop, woken;
};

static void config_of(const struct app *app, struct notify_config *cfg)
{
	const struct app_notify_settings *s = &app->notify;

	memset(cfg, 0, sizeof(*cfg));
	cfg->smtp_url = s->smtp_url;
	cfg->smtp_user = s->smtp_user;
	cfg->smtp_password = s->smtp_password;
	cfg->smtp_starttls = s->smtp_starttls;
	cfg->from = s->from;
	cfg->outbox_dir = s->outbox_dir;
	cfg->webhook_url = s->webhook_url;
	cfg->webhook_secret = s->webhook_secret;
	cfg->timeout_s = s->timeout_s;
}

const char *app_notify_route(const struct app *app, const char *channel)
{
	struct notify_config cfg;

	config_of(app, &cfg);
	return notify_route(&cfg, channel);
}

static bool has(const char *s) { return s && *s; }

/* Whether a URL's host is this machine's loopback (localhost, 127.0.0.0/8,
 * ::1): the one place a password or a message may travel unencrypted. */
static bool loopback_url(const char *url)
{
	const char *h = strstr(url, "://"), *end, *at;
	size_t n;

	if (!h)
		return false;
	h += 3;
	end = h + strcspn(h, "/?#");
	at = memchr(h, '@', (size_t)(end - h));
	if (at)
		h = at + 1;
	if (*h == '[') {
		h++;
		n = strcspn(h, "]");
	} else {
		n = strcspn(h, ":/?#");
	}
	return (n == 9 && !strncasecmp(h, "localhost", 9)) ||
	       (n == 3 && !strncmp(h, "::1", 3)) ||
	       (n > 4 && !strncmp(h, "127.", 4) && strspn(h, "0123456789.") == n);
}

const char *app_notify_check(const struct app *app)
{
	const struct app_notify_settings *s = &app->notify;

	if (has(s->smtp_url) && strncmp(s->smtp_url, "smtp://", 7) &&
	    strncmp(s->smtp_url, "smtps://", 8))
		return "the SMTP URL must start with smtp:// or smtps://";
	if (has(s->webhook_url) && strncmp(s->webhook_url, "http://", 7) &&
	    strncmp(s->webhook_url, "https://", 8))
		return "the webhook URL must start with http:// or https://";
	if (has(s->smtp_url) && !strncmp(s->smtp_url, "smtp://", 7) &&
	    has(s->smtp_user) && !s->smtp_starttls && !loopback_url(s->smtp_url))
		return "SMTP login (SKILLCERT_SMTP_USER) over plain smtp:// would send the "
		       "password unencrypted: use smtps:// or SKILLCERT_SMTP_STARTTLS=1 "
		       "(--smtp-starttls)";
	if (has(s->webhook_url) && !strncmp(s->webhook_url, "http://", 7) &&
	    !loopback_url(s->webhook_url))
		return "the webhook URL (SKILLCERT_WEBHOOK_URL) must be https:// "
		       "(http:// only to this machine's loopback)";
	if (has(s->webhook_url) &&
	    (!has(s->webhook_secret) || strlen(s->webhook_secret) < 16))
		return "the webhook needs its signing secret (SKILLCERT_WEBHOOK_SECRET, "
		       "at least 16 characters)";
	if (s->timeout_s < 0 || s->timeout_s > 600)
		return "the notifier's timeout must be 1..600 seconds";
	return NULL;
}

bool app_notify_public_url_missing(struct app *app)
{
	struct arena arena;
	struct app_ctx ctx;
	struct app_error err;
	struct store_conn *c;
	bool missing = false;

	if (!app_notify_route(app, "email"))
		return false;
	app_system_ctx(&ctx, app, &arena);
	if ((c = app_conn(&ctx, &err))) {
		missing = !*app_public_url(&ctx, c);
		store_release(c);
	}
	arena_release(&arena);
	return missing;
}

const char *app_text(struct app_ctx *ctx, int lang, const char *key,
		     const char *const *names, const char *const *values, size_t n)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	i18n_fill(&b, tr((enum lang)lang, key), names, values, n);
	out = arena_strdup(ctx->arena, buf_failed(&b) || !b.data ? "" : b.data);
	buf_release(&b);
	return out;
}

/* ---- the webhook's key, wrapped by the master key ---- */

#define WEBHOOK_KEY_NAME "webhook.hmac.v1"

enum app_status app_webhook_secret(struct app_ctx *ctx, bool create, char out[65],
				   struct app_error *err)
{
	unsigned char master[MASTERKEY_BYTES], key[SEAL_KEY_BYTES];
	char kerr[256], now_s[32], w[SEAL_WRAPPED_MAX];
	const char *wrapped = NULL;
	struct store_conn *c;
	enum store_err rc;
	int bad;

	out[0] = '\0';
	if (!ctx->actor || !ctx->actor->system)
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!ctx->app->key_file ||
	    masterkey_load(ctx->app->key_file, master, kerr, sizeof(kerr)) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.master_key");
	if (!(c = app_conn(ctx, err))) {
		masterkey_wipe(master);
		return err->status;
	}
	rc = store_secret_get(c, ctx->arena, WEBHOOK_KEY_NAME, &wrapped);
	if (rc == STORE_NOT_FOUND && create) {
		seal_new_key(key);
		bad = seal_wrap(master, key, w, sizeof(w));
		seal_wipe(key, sizeof(key));
		time_now_iso(now_s, sizeof(now_s));
		rc = bad ? STORE_ERROR
			 : store_secret_put_new(c, WEBHOOK_KEY_NAME, w, now_s);
		if (!rc)
			rc = store_secret_get(c, ctx->arena, WEBHOOK_KEY_NAME, &wrapped);
	}
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		masterkey_wipe(master);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	bad = rc || seal_unwrap(master, wrapped, key) != 0;
	masterkey_wipe(master);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	if (rc)
		return err->status;
	if (bad)
		return app_fail(err, APP_INTERNAL, NULL, "err.master_key");
	/* the key as 64 hex digits: the text both sides use as the HMAC key */
	for (size_t i = 0; i < sizeof(key); i++)
		snprintf(out + 2 * i, 3, "%02x", key[i]);
	seal_wipe(key, sizeof(key));
	return APP_OK;
}

/* ---- the queue ---- */

enum store_err app_notify_enqueue_tx(struct app_ctx *ctx, struct store_conn *c,
				     const char *channel, const char *to,
				     const char *subject, const char *body, int priority,
				     long long *id)
{
	struct notification m;
	char now_s[32];

	(void)ctx;
	time_now_iso(now_s, sizeof(now_s));
	memset(&m, 0, sizeof(m));
	m.channel = channel;
	m.recipient = to;
	m.subject = subject;
	m.body = body;
	m.priority = priority;
	m.created_at = m.next_at = now_s;
	return store_notification_add(c, &m, id);
}

static bool text_ok(const char *s, size_t max, bool lines)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || n > max || !str_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && !(lines && (ch == '\n' || ch == '\r' || ch == '\t'))) ||
		    ch == 0x7f)
			return false;
	}
	return true;
}

/* A phone number for SMS: "+" optional, then 5..20 digits, spaces or
 * dashes. */
static bool phone_ok(const char *s)
{
	size_t digits = 0;

	if (!s || !*s || strlen(s) > 24)
		return false;
	for (const char *p = s + (*s == '+'); *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p != ' ' && *p != '-')
			return false;
	}
	return digits >= 5 && digits <= 20;
}

enum app_status app_notify_queue(struct app_ctx *ctx, const char *channel, const char *to,
				 const char *subject, const char *body, long long *id,
				 struct app_error *err)
{
	struct rule_error re;
	struct store_conn *c;
	enum store_err rc;

	*id = 0;
	if (!ctx->actor || !ctx->actor->system)
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!notify_channel_valid(channel))
		return app_fail(err, APP_INVALID, "channel", "val.notify.channel");
	if (!strcmp(channel, "email") ? !user_check_email(to, &re) : !phone_ok(to))
		return app_fail(err, APP_INVALID, "to", "val.notify.to");
	if (!text_ok(subject, 200, false))
		return app_fail(err, APP_INVALID, "subject", "val.notify.subject");
	if (!text_ok(body, 64 * 1024, true))
		return app_fail(err, APP_INVALID, "body", "val.notify.body");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = app_notify_enqueue_tx(ctx, c, channel, to, subject, body, NOTIFY_NORMAL, id);
	if (app_finish(ctx, c, rc, err))
		return err->status;
	app_notify_wake(ctx->app);
	return APP_OK;
}

/* An address as staff without a network-wide user.manage see it: the
 * first character of the local part and the domain (a***@example.cn), or
 * a phone number's first 3 and last 4 digits. */
static const char *mask(struct app_ctx *ctx, const char *s)
{
	const char *at = strchr(s, '@');
	size_t n = strlen(s);

	if (at)
		return arena_printf(ctx->arena, "%c***%s", s[0], at);
	if (n > 7)
		return arena_printf(ctx->arena, "%.3s****%s", s, s + n - 4);
	return "****";
}

enum app_status app_notify_list(struct app_ctx *ctx, const char *status, long long limit,
				struct notify_view **items, size_t *n, bool *full,
				struct app_error *err)
{
	struct store_conn *c;
	struct notification *xs = NULL;
	struct app_error ignore;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	*full = false;
	if (!app_can(ctx, PERM_USER_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!status)
		status = "";
	if (*status && strcmp(status, "queued") && strcmp(status, "sent"))
		return app_fail(err, APP_INVALID, "status", "val.notify.status");
	if (limit < 1 || limit > 1000)
		return app_fail(err, APP_INVALID, "limit", "val.notify.limit");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	*full = app_authorize(ctx, c, PERM_USER_MANAGE, 0, &ignore) == APP_OK;
	rc = store_notification_list(c, ctx->arena, status, limit, &xs, n);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	if (*n)
		*items = arena_alloc(ctx->arena, *n * sizeof(**items));
	for (size_t i = 0; i < *n; i++) {
		struct notify_view *v = &(*items)[i];

		v->id = xs[i].id;
		v->channel = xs[i].channel;
		v->recipient = *full ? xs[i].recipient : mask(ctx, xs[i].recipient);
		/* a queued message is not linked to an account, so one outside
		 * the viewer's scope cannot be told apart: what may name the
		 * recipient (a certificate number in the subject, the address an
		 * SMTP error repeats) is masked as the address is */
		v->subject = *full ? xs[i].subject : "****";
		v->created_at = xs[i].created_at;
		v->sent_at = xs[i].sent_at;
		v->last_error = *full || !xs[i].last_error ? xs[i].last_error : "****";
		v->next_at = xs[i].next_at;
		v->attempts = xs[i].attempts;
	}
	return APP_OK;
}

/* ---- delivery ---- */

static long long backoff_s(long long attempts)
{
	long long s = 60;

	while (--attempts > 0 && s < BACKOFF_MAX_S)
		s *= 2;
	return s > BACKOFF_MAX_S ? BACKOFF_MAX_S : s;
}

enum app_status app_notify_deliver(struct app_ctx *ctx, bool force, int limit, int *sent,
				   int *failed, struct app_error *err)
{
	struct notify_config cfg;
	struct store_conn *c;
	struct notification *due = NULL;
	size_t n = 0;
	char now_s[32], next_s[32];
	time_t now = time_now();
	enum store_err rc;

	*sent = *failed = 0;
	if (!ctx->actor || !ctx->actor->system)
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	config_of(ctx->app, &cfg);
	time_iso(now, now_s, sizeof(now_s));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_notification_due(c, ctx->arena, force ? NULL : now_s, limit, &due, &n);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	if (rc)
		return err->status;
	/* no connection is held while a back-end is talked to */
	for (size_t i = 0; i < n; i++) {
		struct notify_message m = {due[i].id, due[i].channel, due[i].recipient,
					   due[i].subject, due[i].body};
		char why[512];
		int ok;

		/* taken for this attempt: no other sender sends it meanwhile,
		 * and a crash before the outcome retries it after the backoff */
		time_iso(now + backoff_s(due[i].attempts + 1), next_s, sizeof(next_s));
		if (!(c = app_conn(ctx, err)))
			return err->status;
		rc = store_notification_claim(c, due[i].id, due[i].next_at, next_s);
		if (rc && rc != STORE_CONFLICT)
			app_store_fail(ctx, c, rc, err);
		store_release(c);
		if (rc == STORE_CONFLICT)
			continue;
		if (rc)
			return err->status;
		why[0] = '\0';
		ok = notify_send(&cfg, &m, now, why, sizeof(why)) == 0;
		if (!ok)
			log_error("notification %lld (%s) not sent: %s", due[i].id,
				  due[i].channel, why);
		time_now_iso(now_s, sizeof(now_s));
		if (!(c = app_conn(ctx, err)))
			return err->status;
		rc = store_notification_done(c, due[i].id, now_s, ok ? NULL : why);
		if (rc)
			app_store_fail(ctx, c, rc, err);
		store_release(c);
		if (rc)
			return err->status;
		if (ok)
			(*sent)++;
		else
			(*failed)++;
	}
	return APP_OK;
}

/* ---- the sender thread ---- */

static void *sender_main(void *arg)
{
	struct app *app = arg;
	struct app_sender *s = app->sender;

	pthread_mutex_lock(&s->lock);
	while (!s->stop) {
		struct timespec until;

		if (!s->woken) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += SENDER_PERIOD_S;
			pthread_cond_timedwait(&s->cond, &s->lock, &until);
		}
		if (s->stop)
			break;
		s->woken = false;
		pthread_mutex_unlock(&s->lock);
		{
			struct arena arena;
			struct app_ctx ctx;
			struct app_error err;
			int sent = 0, failed = 0;
			bool full;

			app_system_ctx(&ctx, app, &arena);
			full = app_notify_deliver(&ctx, false, SENDER_BATCH, &sent,
						  &failed, &err) == APP_OK &&
			       sent + failed >= SENDER_BATCH;
			if (sent || failed)
				log_info("notifications: %d sent, %d failed (kept queued for a retry)",
					 sent, failed);
			arena_release(&arena);
			pthread_mutex_lock(&s->lock);
			/* a full pass may have left more due: the next one at once */
			if (full)
				s->woken = true;
			pthread_mutex_unlock(&s->lock);
		}
		pthread_mutex_lock(&s->lock);
	}
	pthread_mutex_unlock(&s->lock);
	return NULL;
}

int app_notify_start(struct app *app)
{
	struct app_sender *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->cond, NULL);
	s->woken = true; /* a first pass at start: what an earlier run left */
	app->sender = s;
	/* the thread takes no signal: SIGTERM and SIGINT are the server's
	 * (sigwait in http/server.c), and a thread that left them unblocked
	 * would die of a second SIGTERM while the server drains */
	sigset_t all, was;
	int rc;

	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &was);
	rc = pthread_create(&s->thread, NULL, sender_main, app);
	pthread_sigmask(SIG_SETMASK, &was, NULL);
	if (rc != 0) {
		app->sender = NULL;
		pthread_cond_destroy(&s->cond);
		pthread_mutex_destroy(&s->lock);
		free(s);
		return -1;
	}
	return 0;
}

void app_notify_wake(struct app *app)
{
	struct app_sender *s = app ? app->sender : NULL;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->woken = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
}

void app_notify_stop(struct app *app)
{
	struct app_sender *s = app->sender;

	if (!s)
		return;
	pthread_mutex_lock(&s->lock);
	s->stop = true;
	pthread_cond_signal(&s->cond);
	pthread_mutex_unlock(&s->lock);
	pthread_join(s->thread, NULL);
	pthread_cond_destroy(&s->cond);
	pthread_mutex_destroy(&s->lock);
	free(s);
	app->sender = NULL;
}

/* ---- subsidy reminders ---- */

enum app_status app_subsidy_reminders(struct app_ctx *ctx, int within, int lang,
				      int *queued, struct app_error *err)
{
	struct store_conn *c;
	struct user *users = NULL;
	size_t nusers = 0;
	enum store_err rc;

	*queued = 0;
	if (!ctx->actor || !ctx->actor->system)
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (within < 1 || within > 366)
		return app_fail(err, APP_INVALID, "within", "val.subsidy.within");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_holders_with_email(c, ctx->arena, &users, &nusers);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	if (rc)
		return err->status;
	for (size_t u = 0; u < nusers; u++) {
		struct certificate *certs = NULL;
		size_t ncerts = 0;

		if (!(c = app_conn(ctx, err)))
			return err->status;
		rc = store_cert_of_person(c, ctx->arena, users[u].person_id, &certs,
					  &ncerts);
		if (rc)
			app_store_fail(ctx, c, rc, err);
		store_release(c);
		if (rc)
			return err->status;
		for (size_t i = 0; i < ncerts; i++) {
			struct subsidy_view v;
			struct app_error e;
			bool done = false;
			long long id;

			if (strcmp(certs[i].status, "valid") ||
			    app_cert_subsidy(ctx, certs[i].id, -1, &v, &e) != APP_OK ||
			    !v.result.version || v.result.verdict == SUBSIDY_NOT_ELIGIBLE ||
			    v.result.days_left < 1 || v.result.days_left > within)
				continue;
			{
				const char *names[] = {"name",  "number",   "occupation",
						       "level", "last_day", "days"};
				const char *values[] = {
					certs[i].holder_name,
					certs[i].number,
					certs[i].occupation_name,
					tr((enum lang)lang, i18n_level_key(certs[i].level)),
					v.result.last_day,
					arena_printf(ctx->arena, "%lld", v.result.days_left)};
				const char *subject = app_text(ctx, lang,
							       "mail.reminder.subject",
							       names, values, 6);
				const char *body = app_text(ctx, lang, "mail.reminder.body",
							    names, values, 6);

				if (!(c = app_begin(ctx, err)))
					return err->status;
				rc = store_reminder_exists(c, certs[i].id,
							   v.result.last_day, &done);
				if (!rc && !done)
					rc = app_notify_enqueue_tx(ctx, c, "email",
								   users[u].email,
								   subject, body,
								   NOTIFY_NORMAL, &id);
				if (!rc && !done)
					rc = store_reminder_add(c, certs[i].id,
								v.result.last_day, id);
				if (app_finish(ctx, c, rc, err))
					return err->status;
				if (!done)
					(*queued)++;
			}
		}
	}
	if (*queued)
		app_notify_wake(ctx->app);
	return APP_OK;
}
