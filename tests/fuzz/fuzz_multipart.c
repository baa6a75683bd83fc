/*
 * fuzz_multipart.c - request bodies as http_form() and http_form_file()
 * split them (src/http/server.c): multipart/form-data and
 * application/x-www-form-urlencoded.
 *
 * Input: the Content-Type header's value, a newline, the body. Without a
 * newline the whole input is a multipart body with boundary "XyZ".
 */
#define FUZZ_FAKE_HTTP
#include "fuzz.h"

#include "http/http.h"

static const char *const fields[] = {"file", "name", "csrf", "note", "", NULL};

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct http_req req;
	const uint8_t *nl = memchr(data, '\n', size);
	char *ct, *body;
	size_t body_len;

	if (nl) {
		ct = fuzz_strndup(data, (size_t)(nl - data));
		body_len = size - (size_t)(nl - data) - 1;
		body = fuzz_strndup(nl + 1, body_len);
	} else {
		ct = fuzz_strndup((const uint8_t *)"multipart/form-data; boundary=XyZ", 33);
		body_len = size;
		body = fuzz_strndup(data, size);
	}
	fuzz_http_reset();
	fuzz_http_set(MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
	arena_init(&a);
	memset(&req, 0, sizeof(req));
	req.arena = &a;
	req.method = "POST";
	req.path = "/";
	req.body = body;
	req.body_len = body_len;
	req.conn = &req;
	for (int i = 0; fields[i]; i++) {
		const char *file, *filename;
		size_t len;

		if (http_form_file(&req, fields[i], &file, &len, &filename)) {
			/* the part must lie inside the body */
			if (file < body || file + len > body + body_len || !filename)
				abort();
		}
	}
	for (int i = 0; fields[i]; i++) {
		const char *v = http_form(&req, fields[i]);

		if (v)
			(void)strlen(v);
	}
	arena_release(&a);
	free(ct);
	free(body);
	return 0;
}
