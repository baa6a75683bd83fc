/* portrait.c - see portrait.h. */
#include "services/portrait.h"

#include <cairo.h>

#define TURN 6.283185307179586 /* a full circle, in radians */

static cairo_status_t write_buf(void *closure, const unsigned char *data, unsigned int len)
{
	buf_append(closure, data, len);
	return buf_failed(closure) ? CAIRO_STATUS_WRITE_ERROR : CAIRO_STATUS_SUCCESS;
}

int portrait_png(unsigned width, unsigned height, unsigned seed, struct buf *out)
{
	cairo_surface_t *s;
	cairo_t *cr;
	double w = width, h = height, grey = 0.35 + 0.1 * (seed % 4);
	cairo_status_t st;

	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)width, (int)height);
	cr = cairo_create(s);
	cairo_set_source_rgb(cr, 0.72, 0.84, 0.95); /* the usual blue */
	cairo_paint(cr);
	cairo_set_source_rgb(cr, grey, grey, grey + 0.03);
	/* shoulders: the top of an ellipse cut by the bottom edge */
	cairo_save(cr);
	cairo_translate(cr, w / 2, h * 1.02);
	cairo_scale(cr, w * 0.46, h * 0.30);
	cairo_arc(cr, 0, 0, 1, 0, TURN);
	cairo_restore(cr);
	cairo_fill(cr);
	/* the head */
	cairo_save(cr);
	cairo_translate(cr, w / 2, h * 0.42);
	cairo_scale(cr, w * 0.20, h * 0.19);
	cairo_arc(cr, 0, 0, 1, 0, TURN);
	cairo_restore(cr);
	cairo_fill(cr);
	cairo_destroy(cr);
	st = cairo_surface_write_to_png_stream(s, write_buf, out);
	cairo_surface_destroy(s);
	return st == CAIRO_STATUS_SUCCESS && !buf_failed(out) ? 0 : -1;
}
