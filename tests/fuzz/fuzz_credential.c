/*
 * fuzz_credential.c - credentials checked offline (src/app/cert_offline.c
 * app_verify_offline(), what `skillcert verify FILE --jwks --status`
 * calls): the compact JWS, the key set, the credential's JSON, the status
 * list credential and its encodedList.
 *
 * Input: the first byte picks what the rest is:
 *   0  the text given to `skillcert verify` (a JWS, a URL, anything);
 *   1  a credential's JSON payload, signed by the driver;
 *   2  a credential's JSON, a NUL byte, a status list credential's JSON,
 *      both signed by the driver (the status check runs);
 *   3  a JWK Set, against a fixed signed credential;
 *   4  an encodedList, put into a signed status list credential and
 *      checked with a fixed credential of index 5.
 */
#include <jansson.h>

#include "fuzz.h"
#include "sign_fixture.h"

#include "app/app.h"

static const char cred_json[] =
	"{\"id\":\"https://example.org/certificates/S00001100012324400001\","
	"\"issuer\":{\"name\":\"X\"},\"validFrom\":\"2024-01-01T00:00:00Z\","
	"\"credentialSubject\":{\"achievement\":{\"name\":\"Y\"}},"
	"\"credentialStatus\":{\"statusListIndex\":\"5\",\"statusListCredential\":"
	"\"https://example.org/status/0\"}}";
static char *cred_jws;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fx_init();
	cred_jws = fx_jws(cred_json, strlen(cred_json));
	if (!cred_jws)
		abort();
	return 0;
}

static void verify(const char *text, const char *jwks, const char *status)
{
	struct offline_result res;
	struct arena a;

	arena_init(&a);
	if (app_verify_offline(&a, text, jwks, status, &res) != 0 && !res.why)
		abort();
	arena_release(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, *jws = NULL, *list = NULL;
	size_t n;

	if (size < 1)
		return 0;
	n = size - 1;
	s = fuzz_strndup(data + 1, n);
	switch (data[0] % 5) {
	case 0: verify(s, fx_jwks, NULL); break;
	case 1:
		if ((jws = fx_jws(s, n)))
			verify(jws, fx_jwks, NULL);
		break;
	case 2: {
		size_t k = strlen(s);

		jws = fx_jws(s, k);
		list = k < n ? fx_jws(s + k + 1, n - k - 1) : NULL;
		if (jws)
			verify(jws, fx_jwks, list ? list : "");
		break;
	}
	case 3: verify(cred_jws, s, NULL); break;
	default: {
		struct buf b;

		buf_init(&b, 0);
		buf_puts(&b, "{\"id\":\"https://example.org/status/0\","
			     "\"credentialSubject\":{\"encodedList\":");
		{
			json_t *str = json_stringn(s, n);
			char *t = str ? json_dumps(str, JSON_ENCODE_ANY) : NULL;

			buf_puts(&b, t ? t : "null");
			free(t);
			json_decref(str);
		}
		buf_puts(&b, "}}");
		if (!buf_failed(&b) && (list = fx_jws(b.data, b.len)))
			verify(cred_jws, fx_jwks, list);
		buf_release(&b);
		break;
	}
	}
	free(jws);
	free(list);
	free(s);
	return 0;
}
