/*
 * qr.h - QR codes (ISO/IEC 18004) through libqrencode: the module matrix
 * for drawing, and an SVG of it.
 *
 * Every code is 8-bit (byte) mode, error correction level M, the smallest
 * version that holds the text; the text is taken byte for byte (case and
 * any UTF-8 kept as they are). Nothing here keeps state between calls, and
 * every function may be called from several threads at once (Debian builds
 * libqrencode with pthread support).
 */
#ifndef SERVICES_QR_H
#define SERVICES_QR_H

#include <stddef.h>

#include "base/buf.h"

/* A QR code's modules, quiet zone not included. */
struct qr {
	int width;              /* modules per side: 21 + 4 * (version - 1) */
	unsigned char *modules; /* width * width bytes, row-major, 1 = dark,
	                         * 0 = light; malloc'd, owned by the struct */
};

/* The longest text qr_encode takes (version 40-M in byte mode). */
#define QR_TEXT_MAX 2331

/* Encodes text (NUL-terminated, 1 to QR_TEXT_MAX bytes) into *out.
 * Returns 0, or -1 with a reason in err (empty, too long, out of memory);
 * on failure *out is {0, NULL}. Release it with qr_release(). */
int qr_encode(const char *text, struct qr *out, char *err, size_t errlen);

/* Frees out->modules and resets the struct to {0, NULL} (the struct itself
 * is the caller's). Safe on a reset or failed struct. */
void qr_release(struct qr *q);

/* Appends to out an SVG document (no XML declaration: it starts "<svg")
 * of the code for text: a white square with a 4-module quiet zone, each
 * module module user units (1 to 100), every dark module in one <path>,
 * shape-rendering crispEdges. Returns 0, or -1 with a reason in err (as
 * qr_encode, a bad module size, or out's cap or allocation failing; then
 * out may end in a partial document). */
int qr_svg(const char *text, int module, struct buf *out, char *err, size_t errlen);

#endif
