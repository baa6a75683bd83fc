/*
 * qr.c - QR codes with libqrencode (see qr.h).
 *
 * Owns: the choice of mode, level and version, the translation of
 * libqrencode's matrix (one byte per module, bit 0 = dark, the other bits
 * saying what kind of module it is) into plain 0/1, and the SVG form.
 * Must not: draw anywhere else (pdf.c draws the matrix with cairo), read
 * or write files.
 */
#include "services/qr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <qrencode.h>

#include "base/str.h"

#define QUIET 4        /* modules of light margin on each side */
#define MODULE_MAX 100 /* user units per module in an SVG */

int qr_encode(const char *text, struct qr *out, char *err, size_t errlen)
{
	QRcode *code;
	size_t len, n;
	int rc = -1;

	out->width = 0;
	out->modules = NULL;
	len = text ? strlen(text) : 0;
	if (len == 0) {
		str_errf(err, errlen, "QR code: the text is empty");
		return -1;
	}
	if (len > QR_TEXT_MAX) {
		str_errf(err, errlen, "QR code: the text is %zu bytes, at most %d fit",
			 len, QR_TEXT_MAX);
		return -1;
	}
	/* 8-bit mode for the whole text: QRcode_encodeString with QR_MODE_8
	 * as the hint would still switch to alphanumeric or numeric mode for
	 * runs that allow it */
	errno = 0;
	code = QRcode_encodeData((int)len, (const unsigned char *)text, 0, QR_ECLEVEL_M);
	if (!code) {
		if (errno == ERANGE)
			str_errf(err, errlen, "QR code: the text (%zu bytes) is too long",
				 len);
		else if (errno == ENOMEM)
			str_errf(err, errlen, "QR code: out of memory");
		else
			str_errf(err, errlen, "QR code: cannot encode (%s)",
				 strerror(errno ? errno : EINVAL));
		return -1;
	}
	n = (size_t)code->width * (size_t)code->width;
	out->modules = malloc(n);
	if (!out->modules) {
		str_errf(err, errlen, "QR code: out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		out->modules[i] = code->data[i] & 1;
	out->width = code->width;
	rc = 0;
out:
	QRcode_free(code);
	return rc;
}

void qr_release(struct qr *q)
{
	free(q->modules);
	q->modules = NULL;
	q->width = 0;
}

int qr_svg(const char *text, int module, struct buf *out, char *err, size_t errlen)
{
	struct qr q;
	int side, w;

	if (module < 1 || module > MODULE_MAX) {
		str_errf(err, errlen, "QR code: module size %d not in 1..%d", module,
			 MODULE_MAX);
		return -1;
	}
	if (qr_encode(text, &q, err, errlen))
		return -1;
	w = q.width;
	side = (w + 2 * QUIET) * module;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\""
		   " width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\""
		   " shape-rendering=\"crispEdges\">"
		   "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
		   "<path fill=\"#000\" d=\"",
		   side, side, side, side, side, side);
	/* one subpath per horizontal run of dark modules */
	for (int y = 0; y < w; y++) {
		for (int x = 0; x < w;) {
			int run = 0;

			while (x + run < w && q.modules[y * w + x + run])
				run++;
			if (run == 0) {
				x++;
				continue;
			}
			buf_printf(out, "M%d %dh%dv%dh-%dz", (x + QUIET) * module,
				   (y + QUIET) * module, run * module, module,
				   run * module);
			x += run;
		}
	}
	buf_puts(out, "\"/></svg>\n");
	qr_release(&q);
	if (buf_failed(out)) {
		str_errf(err, errlen,
			 "QR code: SVG output too large or out "
			 "of memory");
		return -1;
	}
	return 0;
}
