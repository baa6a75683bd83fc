/*
 * stamp.h - an institution's seal (电子印章) as it is uploaded: a PNG with
 * an alpha channel (colour type 4 or 6, or a tRNS chunk), within the size
 * limits, checked by its structure. Called "stamp" in the code so as not
 * to be taken for services/seal.[ch] (sealing personal data); the API,
 * the pages and the audit say "seal".
 */
#ifndef CORE_STAMP_H
#define CORE_STAMP_H

#include <stdbool.h>
#include <stddef.h>

#include "core/institution.h" /* struct rule_error */

#define STAMP_MAX_BYTES (512 * 1024)
#define STAMP_MAX_SIDE 2000
#define STAMP_MIN_SIDE 32

/* An institution's seal as stored. */
struct inst_stamp {
	long long institution_id;
	const char *mime;     /* "image/png" */
	const char *data_b64; /* the PNG, base64 */
	int width, height;
	const char *added_by, *added_at;
};

/* True with *width and *height set when data is a PNG with an alpha channel
 * within the limits; else false with err->field "seal" and a key:
 * val.seal.size (empty or larger than STAMP_MAX_BYTES), val.seal.type
 * (not a PNG: a JPEG, say), val.seal.broken (truncated or malformed),
 * val.seal.dimensions (STAMP_MIN_SIDE..STAMP_MAX_SIDE a side),
 * val.seal.alpha (no transparency: the seal would hide what it covers). */
bool stamp_check(const unsigned char *data, size_t n, int *width, int *height,
		 struct rule_error *err);

#endif
