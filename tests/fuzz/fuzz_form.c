/*
 * fuzz_form.c - form bodies and query strings (src/base/str.c):
 * str_form_parse() and str_url_decode(), with the strict integer parser
 * and the UTF-8 checks that handlers apply to the decoded values.
 *
 * Input: the body or query string.
 */
#include "fuzz.h"

#include "base/str.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct str_pair pairs[64];
	struct buf b;
	char *s = fuzz_strndup(data, size);
	const char *d;
	int n;

	arena_init(&a);
	buf_init(&b, 0);
	n = str_form_parse(&a, s, size, pairs, 64);
	for (int i = 0; i < n; i++) {
		long long v;
		const char *val = pairs[i].value;

		(void)str_utf8_valid(val, strlen(val));
		if (str_utf8_valid(val, strlen(val)))
			(void)str_utf8_len(val, strlen(val));
		(void)str_to_ll(val, -1000000, 1000000, &v);
		(void)str_trim_dup(&a, val);
		str_url_encode(&b, pairs[i].name);
	}
	(void)str_form_get(pairs, n < 0 ? 0 : n, "name");
	d = str_url_decode(&a, s, size);
	if (d)
		str_url_encode(&b, d);
	(void)str_utf8_valid(s, size);
	buf_release(&b);
	arena_release(&a);
	free(s);
	return 0;
}
