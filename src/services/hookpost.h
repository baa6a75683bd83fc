/*
 * hookpost.h - one webhook delivery (issue 18, docs/webhooks.md): an HTTP
 * POST of a JSON body signed Stripe/GitHub-style.
 *
 *   Skillcert-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret,
 *                        "<t>.<body>")>
 *   Skillcert-Event, Skillcert-Delivery, Content-Type: application/json,
 *   User-Agent: skillcert-webhooks/1
 *
 * The transport refuses what a subscriber's URL must not reach: http://
 * unless allowed, and (checked on the address curl actually connects to,
 * whatever DNS said) loopback, private, link-local and unspecified
 * addresses unless allowed. No redirect is followed; the answer's body is
 * read up to 64 KiB and dropped. No store access; thread-safe (one curl
 * handle per post); notify_global_init() runs curl's global start first.
 */
#ifndef SERVICES_HOOKPOST_H
#define SERVICES_HOOKPOST_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#define HOOKPOST_SIG_MAX 96 /* "t=" + 20 digits + ",v1=" + 64 hex + NUL */

/* The signature header's value of body at t: "t=T,v1=HEX" into out. */
void hookpost_sign(const char *secret, long long t, const char *body, size_t n,
		   char out[HOOKPOST_SIG_MAX]);

/* Whether an IPv4 or IPv6 address in text form is loopback, private
 * (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7), link-local
 * (169.254/16, fe80::/10), unspecified or otherwise not a public unicast
 * address (0/8, multicast, IPv4-mapped forms of these). */
bool hookpost_address_private(const char *ip);

struct hookpost_post {
	const char *url, *secret, *event_kind, *delivery_id, *body;
	long long t;               /* the signature's timestamp (unix seconds) */
	long timeout_s;            /* the whole attempt's limit */
	bool allow_http;           /* http:// URLs may be posted to */
	bool allow_private;        /* loopback/private addresses may be reached */
	const atomic_bool *cancel; /* set: the attempt is aborted at once */
};

/* Posts p. 0 on a 2xx answer; else -1 with *status the HTTP status (0 when
 * none came) and why in err (no secret in it). */
int hookpost_post(const struct hookpost_post *p, long *status, char *err, size_t errlen);

#endif
