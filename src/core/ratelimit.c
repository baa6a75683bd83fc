/* ratelimit.c - see ratelimit.h. */
#include "core/ratelimit.h"

const struct rate_policy rate_login = {
	.window_s = 15 * 60,
	.free = 3,
	.base_wait_s = 2,
	.max_wait_s = 60,
	.lock_after = 10,
	.lock_s = 15 * 60,
};

static int in_window(const struct rate_policy *p, const struct rate_state *s, int64_t now)
{
	return s->failures > 0 && now - s->window_start < p->window_s;
}

int rate_locked(const struct rate_policy *p, const struct rate_state *s, int64_t now)
{
	return s->failures >= p->lock_after && now - s->last_failure < p->lock_s;
}

int64_t rate_wait(const struct rate_policy *p, const struct rate_state *s, int64_t now)
{
	int64_t wait, until;
	int k;

	if (rate_locked(p, s, now))
		return s->last_failure + p->lock_s - now;
	if (!in_window(p, s, now) || s->failures <= p->free)
		return 0;
	k = s->failures - p->free;
	wait = p->base_wait_s;
	while (--k > 0 && wait < p->max_wait_s)
		wait *= 2;
	if (wait > p->max_wait_s)
		wait = p->max_wait_s;
	until = s->last_failure + wait;
	return until > now ? until - now : 0;
}

void rate_fail(const struct rate_policy *p, struct rate_state *s, int64_t now)
{
	if (!in_window(p, s, now) && !rate_locked(p, s, now)) {
		s->failures = 0;
		s->window_start = now;
	}
	s->failures++;
	s->last_failure = now;
}
