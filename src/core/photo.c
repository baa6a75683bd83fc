/*
 * photo.c - JPEG and PNG structure checks for uploaded photos.
 */
#include "core/photo.h"

#include <string.h>

static bool fail(struct rule_error *err, const char *msg)
{
	err->field = "photo";
	err->msg = msg;
	return false;
}

static unsigned be16(const unsigned char *p) { return (unsigned)p[0] << 8 | p[1]; }

static unsigned long be32(const unsigned char *p)
{
	return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
	       (unsigned long)p[2] << 8 | p[3];
}

static bool sides_ok(unsigned w, unsigned h)
{
	return w >= PHOTO_MIN_SIDE && h >= PHOTO_MIN_SIDE && w <= PHOTO_MAX_SIDE &&
	       h <= PHOTO_MAX_SIDE;
}

/* Markers from SOI to the first frame header; the scan data after it is
 * not decoded, but the file must end with EOI. */
static bool check_jpeg(const unsigned char *d, size_t n, struct photo_info *out,
		       struct rule_error *err)
{
	size_t i = 2;

	if (n < 4 || d[n - 2] != 0xFF || d[n - 1] != 0xD9)
		return fail(err, "val.photo.broken");
	while (i + 4 <= n) {
		unsigned m, len;

		if (d[i] != 0xFF)
			return fail(err, "val.photo.broken");
		m = d[i + 1];
		if (m == 0xFF) { /* fill byte */
			i++;
			continue;
		}
		if (m == 0xD8 || m == 0xD9 || (m >= 0xD0 && m <= 0xD7) || m == 0x01)
			return fail(err, "val.photo.broken");
		len = be16(d + i + 2);
		if (len < 2 || i + 2 + len > n)
			return fail(err, "val.photo.broken");
		/* SOF0..SOF15 but DHT (C4), JPG (C8) and DAC (CC) */
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			if (len < 8)
				return fail(err, "val.photo.broken");
			out->mime = "image/jpeg";
			out->height = be16(d + i + 5);
			out->width = be16(d + i + 7);
			return sides_ok(out->width, out->height)
				       ? true
				       : fail(err, "val.photo.dimensions");
		}
		if (m == 0xDA) /* scan before any frame header */
			return fail(err, "val.photo.broken");
		i += 2 + len;
	}
	return fail(err, "val.photo.broken");
}

static bool check_png(const unsigned char *d, size_t n, struct photo_info *out,
		      struct rule_error *err)
{
	size_t i = 8;
	bool first = true;

	while (i + 12 <= n) {
		unsigned long len = be32(d + i);
		const unsigned char *type = d + i + 4;

		if (len > n - i - 12)
			return fail(err, "val.photo.broken");
		if (first) {
			if (memcmp(type, "IHDR", 4) || len != 13)
				return fail(err, "val.photo.broken");
			out->mime = "image/png";
			out->width = (unsigned)be32(d + i + 8);
			out->height = (unsigned)be32(d + i + 12);
			first = false;
		}
		if (!memcmp(type, "IEND", 4)) {
			if (i + 12 + len != n)
				return fail(err, "val.photo.broken");
			return sides_ok(out->width, out->height)
				       ? true
				       : fail(err, "val.photo.dimensions");
		}
		i += 12 + len;
	}
	return fail(err, "val.photo.broken");
}

bool photo_check(const unsigned char *data, size_t n, struct photo_info *out,
		 struct rule_error *err)
{
	static const unsigned char png_sig[8] = {0x89, 'P',  'N',  'G',
						 '\r', '\n', 0x1A, '\n'};

	memset(out, 0, sizeof(*out));
	if (!data || n == 0 || n > PHOTO_MAX_BYTES)
		return fail(err, "val.photo.size");
	if (n >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
		return check_jpeg(data, n, out, err);
	if (n >= 8 && !memcmp(data, png_sig, 8))
		return check_png(data, n, out, err);
	return fail(err, "val.photo.type");
}
