/*
 * webhook.h - webhooks' rules (issue 18, docs/webhooks.md): the event
 * kinds, a subscription's list of them, and the records app/ and store/
 * share. No I/O.
 */
#ifndef CORE_WEBHOOK_H
#define CORE_WEBHOOK_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"

/* The kinds a subscription may ask for, NULL-terminated. */
extern const char *const webhook_kinds[];
/* Whether kind is one of webhook_kinds[] ("ping" is not). */
bool webhook_kind_known(const char *kind);
/* A subscription's events as stored: "*" for NULL, "", "*" or "all";
 * else ",a,b," of the comma-separated known kinds given (spaces ignored,
 * duplicates dropped, in webhook_kinds[] order). NULL when one is unknown
 * or the list is empty. */
const char *webhook_events_normal(struct arena *a, const char *given);
/* Whether stored events ("*" or ",a,b,") take kind. */
bool webhook_events_take(const char *stored, const char *kind);
/* The backoff schedule (the delay before the next attempt after
 * `attempts` failures): base_ms doubled each failure, capped at cap_ms. */
long long webhook_backoff_ms(long long attempts, long long base_ms, long long cap_ms);

struct webhook_sub {
	long long id;
	long long institution_id; /* 0 = the center's: the whole network */
	const char *url, *secret_sealed;
	const char *events; /* "*" or ",kind,kind," */
	const char *description;
	bool active;
	const char *created_by, *created_at, *updated_at;
	const char *institution_name; /* "" for the network's */
};
struct webhook_delivery {
	long long id, subscription_id, event_id;
	const char *state; /* pending, delivered, failed */
	long long attempts;
	const char *next_at;
	long long last_status;
	const char *last_error, *delivered_at, *created_at;
	/* the event's and the subscription's */
	const char *kind, *payload, *event_created_at, *url, *secret_sealed;
};
#endif
