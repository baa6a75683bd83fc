/*
 * metrics.h - private to src/http/: request counters and the latency
 * histogram behind GET /metrics. Lock-free (atomic adds); sized once.
 */
#ifndef HTTP_METRICS_H
#define HTTP_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* nroutes real routes; index nroutes = static files, nroutes+1 = no route. */
int metrics_init(size_t nroutes);
void metrics_free(void);
void metrics_count(size_t route, int status, uint64_t micros);
void metrics_inflight(int delta);
/* Writes the Prometheus text exposition; names[i] labels route i. */
void metrics_render(struct buf *out, const char *const *names, size_t nroutes);

#endif
