/*
 * fuzz.h - what the libFuzzer drivers of tests/fuzz/ share.
 *
 * Each driver fuzz_<name>.c defines LLVMFuzzerTestOneInput() and feeds the
 * bytes to one parser of the program through its public function, the one
 * the server or the CLI calls. A driver checks nothing but that the parser
 * returns: ASan, UBSan and LeakSanitizer report the rest. Its seed corpus
 * is tests/fuzz/corpus/<name>/, its dictionary (when it has one)
 * tests/fuzz/<name>.dict; tests/fuzz/run.sh runs them.
 *
 * Drivers of the HTTP layer (multipart, json) define FUZZ_FAKE_HTTP before
 * including this file: it provides MHD_lookup_connection_value(), the one
 * libmicrohttpd call behind http_header() and http_query(), answering from
 * a table the driver fills, so http_form(), http_form_file() and
 * api_read_object() run on a request that no socket produced.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A NUL-terminated malloc'd copy of data[0..n) (the parser under test may
 * then read up to the NUL, and ASan catches a read past it). */
static inline char *fuzz_strndup(const uint8_t *data, size_t n)
{
	char *s = malloc(n + 1);

	if (!s)
		abort();
	memcpy(s, data, n);
	s[n] = '\0';
	return s;
}

/* Splits data at the first occurrence of sep: the part before goes to
 * *a (NUL-terminated, malloc'd), the rest to *b; with no sep, all of data
 * is *a and *b is "". */
static inline void fuzz_split(const uint8_t *data, size_t n, char sep, char **a, char **b)
{
	const uint8_t *p = memchr(data, sep, n);
	size_t k = p ? (size_t)(p - data) : n;

	*a = fuzz_strndup(data, k);
	*b = p ? fuzz_strndup(p + 1, n - k - 1) : fuzz_strndup(data, 0);
}

#ifdef FUZZ_FAKE_HTTP
#include <strings.h>

#include <microhttpd.h>

#define FUZZ_MAX_VALUES 8

/* The headers and query arguments the fake connection answers with. */
static struct {
	enum MHD_ValueKind kind;
	const char *key, *value;
} fuzz_values[FUZZ_MAX_VALUES];
static int fuzz_nvalues;

static inline void fuzz_http_reset(void) { fuzz_nvalues = 0; }

static inline void fuzz_http_set(enum MHD_ValueKind kind, const char *key, const char *value)
{
	if (fuzz_nvalues < FUZZ_MAX_VALUES) {
		fuzz_values[fuzz_nvalues].kind = kind;
		fuzz_values[fuzz_nvalues].key = key;
		fuzz_values[fuzz_nvalues].value = value;
		fuzz_nvalues++;
	}
}

/* Takes the place of libmicrohttpd's (the executable's definition wins
 * over the shared library's). */
const char *MHD_lookup_connection_value(struct MHD_Connection *connection,
					enum MHD_ValueKind kind, const char *key)
{
	(void)connection;
	for (int i = 0; i < fuzz_nvalues; i++)
		if (fuzz_values[i].kind == kind && !strcasecmp(fuzz_values[i].key, key))
			return fuzz_values[i].value;
	return NULL;
}
#endif

#endif
