/* statuslist.c - see statuslist.h. */
#include "services/statuslist.h"

#define ZLIB_CONST
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "services/sign.h"

#define GZIP_WINDOW (15 + 16) /* 32 KiB window, gzip wrapper only */
#define IN_CHUNK ((size_t)1 << 20)
#define OUT_CHUNK 16384
#define INFLATE_FIRST ((size_t)64 << 10)

/* Appends gzip(bits[0..n)) to gz. 0 or -1. */
static int gzip_bytes(const unsigned char *bits, size_t n, struct buf *gz)
{
	unsigned char chunk[OUT_CHUNK];
	z_stream zs;
	size_t left = n;
	int zrc, rc = -1;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit2(&zs, Z_BEST_COMPRESSION, Z_DEFLATED, GZIP_WINDOW, 8,
			 Z_DEFAULT_STRATEGY) != Z_OK)
		return -1;
	zs.next_in = bits;
	do {
		int flush;

		if (zs.avail_in == 0 && left > 0) {
			size_t k = left < IN_CHUNK ? left : IN_CHUNK;

			zs.avail_in = (uInt)k;
			left -= k;
		}
		flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
		zs.next_out = chunk;
		zs.avail_out = sizeof(chunk);
		zrc = deflate(&zs, flush);
		if (zrc == Z_STREAM_ERROR)
			goto out;
		buf_append(gz, chunk, sizeof(chunk) - zs.avail_out);
	} while (zrc != Z_STREAM_END && !buf_failed(gz));
	rc = buf_failed(gz) ? -1 : 0;
out:
	deflateEnd(&zs);
	return rc;
}

int statuslist_encode(const unsigned char *bits, size_t nbytes, struct buf *out)
{
	struct buf gz, text;
	int rc = -1;

	buf_init(&gz, 0);
	buf_init(&text, 0);
	if (!bits || nbytes < STATUSLIST_MIN_BYTES || gzip_bytes(bits, nbytes, &gz) != 0)
		goto out;
	buf_putc(&text, 'u');
	sign_b64url(gz.data, gz.len, &text);
	if (buf_failed(&text))
		goto out;
	buf_append(out, text.data, text.len);
	rc = buf_failed(out) ? -1 : 0;
out:
	buf_release(&gz);
	buf_release(&text);
	return rc;
}

/*
 * Inflates the single gzip member gz[0..n) into a malloc'd buffer (*out,
 * *outlen). -1 for anything but one complete member with nothing after it
 * that expands to 1..STATUSLIST_MAX_BYTES bytes. The output grows by
 * doubling up to STATUSLIST_MAX_BYTES + 1 bytes: filling that last byte
 * proves the text too big without inflating further.
 */
static int gunzip_bytes(const unsigned char *gz, size_t n, unsigned char **out,
			size_t *outlen)
{
	const size_t limit = STATUSLIST_MAX_BYTES + 1;
	unsigned char *p = NULL, *q;
	size_t cap = 0;
	z_stream zs;
	int zrc, rc = -1;

	*out = NULL;
	*outlen = 0;
	if (n > UINT_MAX)
		return -1;
	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, GZIP_WINDOW) != Z_OK)
		return -1;
	zs.next_in = gz;
	zs.avail_in = (uInt)n;
	for (;;) {
		if (zs.avail_out == 0) {
			size_t want = cap ? cap * 2 : INFLATE_FIRST;

			if (cap == limit)
				goto out; /* a zip bomb */
			if (want > limit)
				want = limit;
			q = realloc(p, want);
			if (!q)
				goto out;
			p = q;
			zs.next_out = p + cap;
			zs.avail_out = (uInt)(want - cap);
			cap = want;
		}
		zrc = inflate(&zs, Z_NO_FLUSH);
		if (zrc == Z_STREAM_END)
			break;
		if (zrc != Z_OK) /* not gzip, corrupt, or cut short */
			goto out;
	}
	if (zs.avail_in != 0 || zs.total_out == 0 || zs.total_out > STATUSLIST_MAX_BYTES)
		goto out;
	*outlen = zs.total_out;
	q = realloc(p, *outlen);
	*out = q ? q : p;
	p = NULL;
	rc = 0;
out:
	inflateEnd(&zs);
	free(p);
	return rc;
}

int statuslist_decode(const char *encoded, unsigned char **bits, size_t *nbytes)
{
	unsigned char *gz = NULL;
	size_t len, gzlen = 0;
	int rc = -1;

	*bits = NULL;
	*nbytes = 0;
	if (!encoded || encoded[0] != 'u')
		goto out;
	len = strlen(encoded + 1);
	gz = malloc(len / 4 * 3 + 3);
	if (!gz || sign_unb64url(encoded + 1, len, gz, len / 4 * 3 + 3, &gzlen) != 0)
		goto out;
	rc = gunzip_bytes(gz, gzlen, bits, nbytes);
out:
	free(gz);
	return rc;
}

bool statuslist_get(const unsigned char *bits, size_t nbytes, size_t index)
{
	if (index / 8 >= nbytes)
		return false;
	return (bits[index / 8] >> (7 - index % 8)) & 1;
}

void statuslist_set(unsigned char *bits, size_t nbytes, size_t index, bool on)
{
	unsigned char mask = (unsigned char)(0x80u >> (index % 8));

	if (index / 8 >= nbytes)
		return;
	if (on)
		bits[index / 8] |= mask;
	else
		bits[index / 8] &= (unsigned char)~mask;
}
