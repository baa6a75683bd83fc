/*
 * embed.h - files compiled into the binary (migrations, static assets).
 *
 * tools/embed.c turns a list of files into a C array of these; the data is
 * followed by a NUL byte that len does not count, so text files can be used
 * as C strings.
 */
#ifndef BASE_EMBED_H
#define BASE_EMBED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* path relative to the embedded folder */
	const unsigned char *data;
	size_t len;
};

#endif
