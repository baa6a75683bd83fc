/*
 * arena.h - request-lifetime memory: many allocations, freed in one go.
 *
 * An arena hands out memory from chunks it owns; nothing it returns is freed
 * individually. arena_release() frees every chunk. Allocation failure returns
 * NULL (callers on a request path answer 500; they never exit).
 * Not thread-safe: one arena belongs to one request or one command.
 */
#ifndef BASE_ARENA_H
#define BASE_ARENA_H

#include <stdarg.h>
#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t total; /* bytes handed out, for metrics and tests */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);

void *arena_alloc(struct arena *a, size_t n);  /* 16-byte aligned, zeroed */
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
