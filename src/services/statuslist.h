/*
 * statuslist.h - W3C Bitstring Status List v1.0: the bitstring behind a
 * status list credential's encodedList, and its text form (zlib).
 *
 * The bitstring is nbytes bytes, nbytes * 8 entries of one bit; entry 0
 * is the left-most (most significant) bit of the first byte, entry 8 the
 * left-most bit of the second. An issued list has at least
 * STATUSLIST_MIN_BITS entries (16 KB), so that one credential hides among
 * many.
 *
 * encodedList is the Multibase base64url form: "u" + base64url without
 * padding (RFC 4648 section 5) of the GZIP (RFC 1952) compressed
 * bitstring. Decoding refuses anything that expands beyond
 * STATUSLIST_MAX_BYTES, so a small text cannot make us allocate much.
 *
 * The caller owns the bitstring; this module keeps nothing.
 */
#ifndef SERVICES_STATUSLIST_H
#define SERVICES_STATUSLIST_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define STATUSLIST_MIN_BITS 131072
#define STATUSLIST_MIN_BYTES (STATUSLIST_MIN_BITS / 8) /* 16384 */
/* Largest decoded bitstring: 16 MiB (134,217,728 entries). */
#define STATUSLIST_MAX_BYTES ((size_t)16 << 20)

/* Appends "u" + base64url(gzip(bits[0..nbytes))) to out. 0, or -1 (out
 * unchanged but for a buffer error) when nbytes < STATUSLIST_MIN_BYTES
 * or memory runs out. */
int statuslist_encode(const unsigned char *bits, size_t nbytes, struct buf *out);

/* Decodes the NUL-terminated encodedList into a malloc'd bitstring (*bits,
 * *nbytes; the caller frees *bits). 0, or -1 (*bits NULL, *nbytes 0) when
 * the text lacks the "u" prefix, is not base64url without padding, is not
 * one complete gzip member (trailing bytes included), decompresses to
 * nothing or to more than STATUSLIST_MAX_BYTES, or memory runs out. A
 * list shorter than STATUSLIST_MIN_BYTES is accepted; a caller checking
 * an index checks index < *nbytes * 8 itself. */
int statuslist_decode(const char *encoded, unsigned char **bits, size_t *nbytes);

/* Entry index of bits; false beyond the end. */
bool statuslist_get(const unsigned char *bits, size_t nbytes, size_t index);

/* Sets entry index of bits to on; nothing beyond the end. */
void statuslist_set(unsigned char *bits, size_t nbytes, size_t index, bool on);

#endif
