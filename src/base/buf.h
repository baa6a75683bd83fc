/*
 * buf.h - growable byte buffer with a hard size cap and a sticky error.
 *
 * Invariants (after buf_init):
 *   - b->data is never NULL and is always NUL-terminated at b->data[b->len];
 *   - b->len never exceeds b->cap_limit;
 *   - once an append would pass the cap, b->err is set and every later
 *     append is a no-op; check buf_failed() once at the end;
 *   - running out of memory aborts the process with a message, as the arena
 *     does (base/arena.h): it is not an error to check.
 * Ownership: the buffer owns b->data; buf_release() frees it and returns the
 * buffer to its initial empty state. buf_detach() hands the bytes to the
 * caller (free() them) and resets the buffer.
 */
#ifndef BASE_BUF_H
#define BASE_BUF_H

#include <stdarg.h>
#include <stddef.h>

#define BUF_DEFAULT_LIMIT ((size_t)64 << 20) /* 64 MiB */

enum buf_err { BUF_OK = 0, BUF_ETOOBIG };

struct buf {
	char *data;
	size_t len;
	size_t alloc;     /* bytes allocated, 0 while data points at the empty string */
	size_t cap_limit; /* hard cap on len */
	enum buf_err err;
};

void buf_init(struct buf *b, size_t cap_limit); /* 0 = BUF_DEFAULT_LIMIT */
void buf_release(struct buf *b);
char *buf_detach(struct buf *b, size_t *len);
void buf_reset(struct buf *b); /* len = 0, keeps memory and error cleared */

void buf_append(struct buf *b, const void *p, size_t n);
/* Room for n more bytes at once (one allocation in place of the doubling
 * steps when the size is known roughly); the contents are unchanged. Ask
 * only for what will be written: n past the buffer's cap marks it failed,
 * as an append of n bytes would. */
void buf_reserve(struct buf *b, size_t n);
void buf_puts(struct buf *b, const char *s);
/* Appends standard base64 (RFC 4648, with padding) of n bytes. */
void buf_base64(struct buf *b, const void *data, size_t n);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static inline int buf_failed(const struct buf *b) { return b->err != BUF_OK; }

#endif
