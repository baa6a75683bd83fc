/*
 * portrait.h - a made-up passport photo (证件照) for demonstration data:
 * a plain light-blue background with a grey head and shoulders, drawn
 * with cairo and written as a PNG. It stands for a photo where none can
 * be taken (`skillcert demo`); it never replaces a real one.
 */
#ifndef SERVICES_PORTRAIT_H
#define SERVICES_PORTRAIT_H

#include "base/buf.h"

/* Appends a width x height PNG to out, the figure's shade varied by
 * seed; 0 on success, -1 when cairo fails or out ran over its cap. */
int portrait_png(unsigned width, unsigned height, unsigned seed, struct buf *out);

#endif
