/*
 * embed.h - files compiled into the binary (migrations, static assets,
 * rules documents).
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

/* The file of files[0..n) named code followed by ext ("machinery-2020" +
 * ".json"), or NULL. A code that is NULL, empty or holds a '/' names no
 * file (a code names a file of the folder itself, never a path). */
const struct embedded_file *embed_find(const struct embedded_file *files, size_t n,
				       const char *code, const char *ext);

#endif
