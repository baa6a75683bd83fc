/*
 * fuzz_json.c - JSON request bodies as the API reads them
 * (src/api/common.c api_read_object(): UTF-8 check, jansson, nesting
 * depth) and the field extraction the handlers share (api_get_string(),
 * api_institution_input()), then the answer written back (api_send()).
 *
 * Input: the body. Content-Type is application/json.
 */
#define FUZZ_FAKE_HTTP
#include "fuzz.h"

#include "api/common.h"

static const char *const names[] = {"name", "reason", "doc_no", "code", "", NULL};

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
	struct http_resp resp;
	struct institution_input in;
	char *body = fuzz_strndup(data, size);
	json_t *root;

	fuzz_http_reset();
	fuzz_http_set(MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE,
		      "application/json; charset=utf-8");
	fuzz_http_set(MHD_GET_ARGUMENT_KIND, "lang", "en");
	arena_init(&a);
	memset(&req, 0, sizeof(req));
	memset(&resp, 0, sizeof(resp));
	buf_init(&resp.body, 0);
	req.arena = &a;
	req.method = "POST";
	req.path = "/api/v1/institutions";
	req.body = body;
	req.body_len = size;
	req.conn = &req;
	root = api_read_object(&req, &resp);
	if (root) {
		for (int i = 0; names[i]; i++) {
			const char *s;

			if (!api_get_string(&req, &resp, root, names[i], &s))
				break;
		}
		(void)api_institution_input(&req, &resp, root, &in);
		buf_reset(&resp.body);
		api_send(&resp, 200, root); /* frees root */
	}
	buf_release(&resp.body);
	arena_release(&a);
	free(body);
	return 0;
}
