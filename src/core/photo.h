/*
 * photo.h - a person's photo (证件照) as people upload it: JPEG or PNG,
 * checked by its structure rather than by its name or declared type.
 *
 * The check walks the file: a JPEG's markers up to a frame header (SOF)
 * that gives the size, and the end-of-image marker; a PNG's signature,
 * its IHDR chunk first, every chunk inside the file and IEND last. A file
 * that is something else with a .jpg name, truncated, or absurdly sized
 * is refused with a catalog key.
 */
#ifndef CORE_PHOTO_H
#define CORE_PHOTO_H

#include <stdbool.h>
#include <stddef.h>

#include "core/institution.h" /* struct rule_error */

#define PHOTO_MAX_BYTES (1024 * 1024)
#define PHOTO_MIN_SIDE 64
#define PHOTO_MAX_SIDE 6000

struct photo_info {
	const char *mime; /* "image/jpeg" or "image/png" */
	unsigned width, height;
};

/* True with *out filled when data is a JPEG or PNG within the limits;
 * else false with err->field "photo" and a key: val.photo.size (empty or
 * larger than PHOTO_MAX_BYTES), val.photo.type (neither format),
 * val.photo.broken (truncated or malformed), val.photo.dimensions. */
bool photo_check(const unsigned char *data, size_t n, struct photo_info *out,
		 struct rule_error *err);

#endif
