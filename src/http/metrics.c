/*
 * metrics.c - counters for /metrics; see metrics.h.
 *
 * Statuses are counted in a fixed table of the codes this server answers
 * with; anything else falls into "other" (label status="other").
 */
#include "http/metrics.h"

#include <stdlib.h>

static const int status_codes[] = {200, 201, 204, 301, 302, 303, 304, 400, 401, 403,
				   404, 405, 409, 413, 415, 422, 429, 431, 500, 503};
#define NSTATUS (sizeof(status_codes) / sizeof(status_codes[0]) + 1)

static const double bucket_s[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
				  0.1,    0.25,  0.5,    1,     2.5,  5,     10};
#define NBUCKET (sizeof(bucket_s) / sizeof(bucket_s[0]))

static uint64_t *counts; /* [(nroutes + 2) * NSTATUS] */
static size_t nrows;
static uint64_t buckets[NBUCKET + 1];
static uint64_t total_us;
static int64_t inflight;

int metrics_init(size_t nroutes)
{
	nrows = nroutes + 2;
	counts = calloc(nrows * NSTATUS, sizeof(*counts));
	return counts ? 0 : -1;
}

void metrics_free(void)
{
	free(counts);
	counts = NULL;
}

static size_t status_index(int status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (status_codes[i] == status)
			return i;
	return NSTATUS - 1;
}

void metrics_count(size_t route, int status, uint64_t micros)
{
	size_t b = 0;

	if (!counts)
		return;
	if (route >= nrows)
		route = nrows - 1;
	__atomic_fetch_add(&counts[route * NSTATUS + status_index(status)], 1,
			   __ATOMIC_RELAXED);
	while (b < NBUCKET && (double)micros / 1e6 > bucket_s[b])
		b++;
	__atomic_fetch_add(&buckets[b], 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&total_us, micros, __ATOMIC_RELAXED);
}

void metrics_inflight(int delta)
{
	__atomic_fetch_add(&inflight, delta, __ATOMIC_RELAXED);
}

void metrics_render(struct buf *out, const char *const *names, size_t nroutes)
{
	uint64_t cum = 0;

	buf_puts(out, "# HELP skillcert_http_requests_total HTTP requests "
		      "answered, by route and status.\n"
		      "# TYPE skillcert_http_requests_total counter\n");
	for (size_t r = 0; r < nrows && counts; r++) {
		const char *name = r < nroutes    ? names[r]
				   : r == nroutes ? "/static/*"
						  : "unmatched";

		for (size_t s = 0; s < NSTATUS; s++) {
			uint64_t v = __atomic_load_n(&counts[r * NSTATUS + s],
						     __ATOMIC_RELAXED);

			if (!v)
				continue;
			if (s < NSTATUS - 1)
				buf_printf(out,
					   "skillcert_http_requests_total{route=\"%s\","
					   "status=\"%d\"} %llu\n",
					   name, status_codes[s], (unsigned long long)v);
			else
				buf_printf(out,
					   "skillcert_http_requests_total{route=\"%s\","
					   "status=\"other\"} %llu\n",
					   name, (unsigned long long)v);
		}
	}
	buf_puts(out, "# HELP skillcert_http_request_duration_seconds Time from "
		      "request headers to response queued.\n"
		      "# TYPE skillcert_http_request_duration_seconds histogram\n");
	for (size_t b = 0; b <= NBUCKET; b++) {
		cum += __atomic_load_n(&buckets[b], __ATOMIC_RELAXED);
		if (b < NBUCKET)
			buf_printf(out,
				   "skillcert_http_request_duration_seconds_bucket"
				   "{le=\"%g\"} %llu\n",
				   bucket_s[b], (unsigned long long)cum);
		else
			buf_printf(out,
				   "skillcert_http_request_duration_seconds_bucket"
				   "{le=\"+Inf\"} %llu\n",
				   (unsigned long long)cum);
	}
	buf_printf(out,
		   "skillcert_http_request_duration_seconds_sum %.6f\n"
		   "skillcert_http_request_duration_seconds_count %llu\n",
		   (double)__atomic_load_n(&total_us, __ATOMIC_RELAXED) / 1e6,
		   (unsigned long long)cum /* = the +Inf bucket, read once */);
	buf_printf(out,
		   "# HELP skillcert_http_requests_in_flight Requests being "
		   "served now.\n"
		   "# TYPE skillcert_http_requests_in_flight gauge\n"
		   "skillcert_http_requests_in_flight %lld\n",
		   (long long)__atomic_load_n(&inflight, __ATOMIC_RELAXED));
}
