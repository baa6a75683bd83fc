/* buf.c - see buf.h for the invariants. */
#include "base/buf.h"

#include "base/arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char buf_empty[1];

void buf_init(struct buf *b, size_t cap_limit)
{
	b->data = buf_empty;
	b->len = 0;
	b->alloc = 0;
	b->cap_limit = cap_limit ? cap_limit : BUF_DEFAULT_LIMIT;
	b->err = BUF_OK;
}

void buf_release(struct buf *b)
{
	size_t limit = b->cap_limit;

	if (b->alloc)
		free(b->data);
	buf_init(b, limit);
}

char *buf_detach(struct buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (b->alloc) {
		p = b->data;
	} else {
		p = calloc(1, 1);
		if (!p)
			arena_oom("buf", 1);
	}
	buf_init(b, b->cap_limit);
	return p;
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
	b->err = BUF_OK;
}

/* Makes room for n more bytes plus the NUL. Returns 0 on success. */
static int buf_grow(struct buf *b, size_t n)
{
	size_t need, want;
	char *p;

	if (b->err)
		return -1;
	if (n > b->cap_limit - b->len) {
		b->err = BUF_ETOOBIG;
		return -1;
	}
	need = b->len + n + 1;
	if (need <= b->alloc)
		return 0;
	want = b->alloc ? b->alloc : 64;
	while (want < need)
		want *= 2;
	p = realloc(b->alloc ? b->data : NULL, want);
	if (!p)
		arena_oom("buf", want);
	if (!b->alloc)
		p[0] = '\0';
	b->data = p;
	b->alloc = want;
	return 0;
}

void buf_append(struct buf *b, const void *p, size_t n)
{
	if (n == 0 || buf_grow(b, n))
		return;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void buf_reserve(struct buf *b, size_t n) { (void)buf_grow(b, n); }

void buf_puts(struct buf *b, const char *s) { buf_append(b, s, strlen(s)); }

void buf_putc(struct buf *b, char c) { buf_append(b, &c, 1); }

void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	if (b->err)
		return;
	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || buf_grow(b, (size_t)n))
		return;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_base64(struct buf *b, const void *data, size_t n)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *in = data;

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16;
		char q[4];

		if (i + 1 < n)
			v |= (unsigned)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		q[0] = abc[(v >> 18) & 63];
		q[1] = abc[(v >> 12) & 63];
		q[2] = i + 1 < n ? abc[(v >> 6) & 63] : '=';
		q[3] = i + 2 < n ? abc[v & 63] : '=';
		buf_append(b, q, 4);
	}
}
