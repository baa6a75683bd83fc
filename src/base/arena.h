/*
 * arena.h - request-lifetime memory: many allocations, freed in one go.
 *
 * An arena hands out memory from chunks it owns; nothing it returns is freed
 * individually. arena_release() frees every chunk.
 *
 * Allocation never fails: arena_alloc(), arena_strdup(), arena_strndup() and
 * arena_printf() never return NULL, so callers check nothing. When memory
 * runs out, a size overflows, or the arena would go over its limit, the
 * process writes "out of memory" to stderr and aborts (git's xmalloc
 * policy: a half-served request is worse than a restart by the service
 * manager). Bounding what a request may make the program allocate is the
 * job of the input limits, not of the arena.
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
	size_t limit; /* bytes it may hand out, 0 = no limit (arena_init) */
};

void arena_init(struct arena *a);
void arena_release(struct arena *a);

/* Writes "out of memory" with what and n to stderr and aborts. */
_Noreturn void arena_oom(const char *what, size_t n);

void *arena_alloc(struct arena *a, size_t n); /* 16-byte aligned, zeroed */
/* A copy of the n elements of `size` bytes at old (NULL when n is 0) with
 * one zeroed element more at the end: how an arena array grows by one. */
void *arena_grow(struct arena *a, const void *old, size_t n, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_printf(struct arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
