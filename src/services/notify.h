/*
 * notify.h - the notifier: one message (a channel, a recipient, a subject
 * and a UTF-8 body) handed to one of three back-ends chosen by
 * configuration (issue 12, docs/notifications.md):
 *
 *   SMTP     libcurl's SMTP (smtp:// or smtps://, optional AUTH, STARTTLS
 *            when asked), an RFC 5322 message (Date, Message-ID,
 *            MIME-Version, text/plain; charset=UTF-8 in base64, an RFC 2047
 *            subject);
 *   outbox   the same message as one .eml file in a directory, written to
 *            a temporary name and renamed (development, the demo);
 *   webhook  an HTTP POST of JSON {id, channel, to, subject, text} signed
 *            with HMAC-SHA256 over the body (header X-Skillcert-Signature:
 *            sha256=HEX), for an operator's bridge to their SMS vendor.
 *
 * E-mail goes to SMTP when it is set, else to the outbox, else to the
 * webhook; SMS to the webhook, else to the outbox. No store access: the
 * queue lives in app/notify.c. Thread-safe (one curl handle per send);
 * notify_global_init() runs once before any thread.
 */
#ifndef SERVICES_NOTIFY_H
#define SERVICES_NOTIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "base/buf.h"

struct notify_config {
	const char *smtp_url;  /* smtp://host:port or smtps://...; NULL = none */
	const char *smtp_user; /* AUTH when set */
	const char *smtp_password;
	bool smtp_starttls;         /* require STARTTLS on smtp:// */
	const char *from;           /* "addr" or "Display Name <addr>" */
	const char *outbox_dir;     /* NULL = none */
	const char *webhook_url;    /* http(s)://...; NULL = none */
	const char *webhook_secret; /* the HMAC key (its bytes as given) */
	long timeout_s;             /* each attempt's limit; 0 = 30 */
};

struct notify_message {
	long long id;        /* the queue's id (Message-ID, file name, JSON id) */
	const char *channel; /* "email" or "sms" */
	const char *to, *subject, *body;
};

/* curl's global start-up: 0, or -1. Before any thread. */
int notify_global_init(void);

/* Whether channel is one the notifier knows ("email", "sms"). */
bool notify_channel_valid(const char *channel);

/* The back-end a channel's messages go to under cfg: "smtp", "outbox",
 * "webhook", or NULL when none is configured. */
const char *notify_route(const struct notify_config *cfg, const char *channel);

/* Appends the RFC 5322 message of m to out: From (cfg->from), To, Subject
 * (an RFC 2047 B-encoded word per at most 45 bytes of whole UTF-8
 * characters when not plain ASCII), Date (now, UTC), Message-ID
 * (<skillcert.ID.RANDOM@DOMAIN-OF-FROM>), MIME-Version, Content-Type
 * text/plain; charset=UTF-8, Content-Transfer-Encoding base64 (lines of
 * 76); CRLF line ends. No line starts with '.', so the message needs no
 * dot-stuffing (libcurl would stuff one anyway). Header values lose any CR
 * or LF (no header injection). */
void notify_format_email(const struct notify_config *cfg, const struct notify_message *m,
			 time_t now, struct buf *out);

/* The signature header's value of body: "sha256=" + hex HMAC-SHA256 keyed
 * by secret, into out (7 + 64 + 1 bytes). */
void notify_sign(const char *secret, const void *body, size_t n, char out[72]);

/* Hands m to its back-end. 0 when it was accepted (SMTP: the server took
 * the DATA; webhook: a 2xx answer; outbox: the file is in place), else -1
 * with why in err (no secret in it). */
int notify_send(const struct notify_config *cfg, const struct notify_message *m,
		time_t now, char *err, size_t errlen);

#endif
