/*
 * str.h - small string helpers that every layer uses.
 *
 * Strings from the network are (pointer, length) and may contain NUL; the
 * functions taking a length never read past it.
 */
#ifndef BASE_STR_H
#define BASE_STR_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"

/* Parses a whole decimal integer in [min, max]; no sign games, no spaces,
 * no trailing garbage. Returns 0 and sets *out, or -1. */
int str_to_ll(const char *s, long long min, long long max, long long *out);

/* True when s[0..n) is valid UTF-8 without NUL bytes or overlong forms. */
bool str_utf8_valid(const char *s, size_t n);
/* Number of code points in valid UTF-8 s[0..n). */
size_t str_utf8_len(const char *s, size_t n);

/* Copies s with leading and trailing ASCII white space removed. */
char *str_trim_dup(struct arena *a, const char *s);

bool str_has_prefix(const char *s, const char *prefix);
/* The value of one hexadecimal digit (either case), or -1. */
int str_hexval(char c);

/* Decodes application/x-www-form-urlencoded text ('+' is a space).
 * Returns NULL on a malformed %-escape or a %00: a decoded value never
 * holds a NUL byte, so it cannot be cut short by one. */
char *str_url_decode(struct arena *a, const char *s, size_t n);
/* Appends s percent-encoded for a URL path segment or query value. */
void str_url_encode(struct buf *b, const char *s);

/* One name=value pair of a form body or query string. */
struct str_pair {
	const char *name, *value;
};
/* Splits a form body into at most max pairs (decoded, arena-owned).
 * Returns the count, or -1 on a malformed body (a bad %-escape, a %00) or
 * too many fields. */
int str_form_parse(struct arena *a, const char *body, size_t n, struct str_pair *out,
		   int max);
/* The same, naming what was refused: on -1, *bad is the name of the field
 * whose value would not decode, the raw (undecoded) text of a name that
 * would not, or NULL for too many fields. */
int str_form_parse_named(struct arena *a, const char *body, size_t n,
			 struct str_pair *out, int max, const char **bad);
/* The value of the first pair named name, or NULL. */
const char *str_form_get(const struct str_pair *p, int n, const char *name);

/* Formats a message into a caller's error buffer (err may be NULL or
 * errlen 0: then nothing is written). */
void str_errf(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Fills out with n random bytes from the kernel; returns 0 or -1. */
int str_random(void *out, size_t n);
/* Writes 2*n lowercase hex digits and a NUL into out. */
void str_hex(char *out, const unsigned char *in, size_t n);

#endif
