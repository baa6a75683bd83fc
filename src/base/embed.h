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

/* The codes of the files of files[0..n) named code followed by ext
 * ("machinery-2020" of "machinery-2020.json"), in their order, at most max
 * of them (max itself at most EMBED_CODES_MAX; a name whose code is longer
 * than 63 bytes is passed over): a NULL-ended list kept in *out, which
 * lives as long as the list is used (a caller's static one for a list
 * served again and again). */
#define EMBED_CODES_MAX 32
struct embed_codes {
	const char *codes[EMBED_CODES_MAX + 1];
	char names[EMBED_CODES_MAX][64];
};
const char *const *embed_codes(struct embed_codes *out, size_t max,
			       const struct embedded_file *files, size_t n,
			       const char *ext);

#endif
