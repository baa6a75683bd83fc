/*
 * ratelimit.h - how many tries a key (an account, an address) gets before
 * it must wait, and then before it is locked. Pure decision; the counts
 * live in the store so every server sees the same ones.
 *
 * A policy: failures are counted inside a window; the first `free` failures
 * cost nothing; each later one makes the key wait base * 2^(k-1) seconds
 * (k = failures beyond `free`, capped at max_wait) after the last failure;
 * at `lock_after` failures the key is locked for `lock_s` seconds.
 */
#ifndef CORE_RATELIMIT_H
#define CORE_RATELIMIT_H

#include <stdint.h>

struct rate_policy {
	int window_s;
	int free;
	int base_wait_s;
	int max_wait_s;
	int lock_after;
	int lock_s;
};

/* The policy for failed logins, per account and per address. */
extern const struct rate_policy rate_login;

/* State of one key, as stored. Times are Unix seconds. */
struct rate_state {
	int failures;
	int64_t window_start, last_failure;
};

/* Seconds the key must still wait at `now` (0 = may try now). */
int64_t rate_wait(const struct rate_policy *p, const struct rate_state *s, int64_t now);
/* True when the wait is a lock (failures reached lock_after). */
int rate_locked(const struct rate_policy *p, const struct rate_state *s, int64_t now);
/* Records one failure at `now` into s (starting a new window if the old
 * one ended). */
void rate_fail(const struct rate_policy *p, struct rate_state *s, int64_t now);

#endif
