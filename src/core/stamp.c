/*
 * stamp.c - the structure of an uploaded seal image (PNG with alpha).
 */
#include "core/stamp.h"

#include <string.h>

static bool fail(struct rule_error *err, const char *msg)
{
	err->field = "seal";
	err->msg = msg;
	return false;
}

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

bool stamp_check(const unsigned char *d, size_t n, int *width, int *height,
		 struct rule_error *err)
{
	static const unsigned char sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
	unsigned long w, h;
	int colour;
	bool alpha, ended = false;
	size_t i;

	*width = *height = 0;
	if (!d || n == 0 || n > STAMP_MAX_BYTES)
		return fail(err, "val.seal.size");
	if (n < 8 || memcmp(d, sig, 8))
		return fail(err, "val.seal.type");
	/* IHDR first: 13 bytes of data */
	if (n < 8 + 12 + 13 || be32(d + 8) != 13 || memcmp(d + 12, "IHDR", 4))
		return fail(err, "val.seal.broken");
	w = be32(d + 16);
	h = be32(d + 20);
	colour = d[25];
	if (w < STAMP_MIN_SIDE || h < STAMP_MIN_SIDE || w > STAMP_MAX_SIDE ||
	    h > STAMP_MAX_SIDE)
		return fail(err, "val.seal.dimensions");
	alpha = colour == 4 || colour == 6;
	/* every chunk inside the file, IEND last; a tRNS gives the
	 * transparency a palette or a single-colour image has */
	for (i = 8; i + 12 <= n;) {
		unsigned long len = be32(d + i);
		const unsigned char *type = d + i + 4;

		if (len > n - i - 12)
			return fail(err, "val.seal.broken");
		if (!memcmp(type, "tRNS", 4))
			alpha = true;
		i += 12 + len;
		if (!memcmp(type, "IEND", 4)) {
			ended = true;
			break;
		}
	}
	if (!ended)
		return fail(err, "val.seal.broken");
	if (!alpha)
		return fail(err, "val.seal.alpha");
	*width = (int)w;
	*height = (int)h;
	return true;
}
