/* arena.c - chunked bump allocator; see arena.h. */
#include "base/arena.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK 8192
#define ARENA_ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char mem[];
};

void arena_init(struct arena *a)
{
	a->head = NULL;
	a->total = 0;
	a->limit = 0;
}

_Noreturn void arena_oom(const char *what, size_t n)
{
	fprintf(stderr, "skillcert: out of memory (%s, %zu bytes): aborting\n", what, n);
	fflush(stderr);
	abort();
}

void arena_release(struct arena *a)
{
	struct arena_chunk *c = a->head, *n;

	while (c) {
		n = c->next;
		free(c);
		c = n;
	}
	a->head = NULL;
	a->total = 0;
}

void *arena_alloc(struct arena *a, size_t n)
{
	struct arena_chunk *c = a->head;
	size_t need = (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
	void *p;

	if (n == 0)
		need = ARENA_ALIGN;
	/* total never exceeds limit: every allocation is checked here */
	if (need < n || (a->limit && need > a->limit - a->total))
		arena_oom("arena", n); /* overflow, or over the limit */
	if (!c || c->size - c->used < need) {
		size_t size = need > ARENA_CHUNK ? need : ARENA_CHUNK;

		if (size > SIZE_MAX - sizeof(*c))
			arena_oom("arena", n);
		c = malloc(sizeof(*c) + size);
		if (!c)
			arena_oom("arena", n);
		c->size = size;
		c->used = 0;
		if (need > ARENA_CHUNK && a->head) {
			/* big block: keep the current chunk at the head */
			c->next = a->head->next;
			a->head->next = c;
		} else {
			c->next = a->head;
			a->head = c;
		}
	}
	p = c->mem + c->used;
	c->used += need;
	a->total += need;
	memset(p, 0, n);
	return p;
}

void *arena_grow(struct arena *a, const void *old, size_t n, size_t size)
{
	unsigned char *p;

	if (size && n >= SIZE_MAX / size)
		arena_oom("arena", SIZE_MAX);
	p = arena_alloc(a, (n + 1) * size);
	if (n)
		memcpy(p, old, n * size);
	return p;
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *p;

	if (n == SIZE_MAX)
		arena_oom("arena", n);
	p = arena_alloc(a, n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return arena_strndup(a, s, strlen(s));
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *p;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return arena_strdup(a, ""); /* an encoding error: never NULL */
	p = arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}
