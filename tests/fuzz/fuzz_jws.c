/*
 * fuzz_jws.c - compact JWS, JWK Sets and base64url (src/services/sign.c):
 * sign_jws_parse() and sign_jws_verify() of a text, sign_jwks_each() of a
 * key set, sign_unb64url() of a part.
 *
 * Input: the first byte picks what the rest is: 0 a compact JWS, 1 a JWK
 * Set, 2 base64url text, 3 a JWS header (the driver signs it, with any
 * payload, through sign_jws_header(), and parses the result back).
 */
#include "fuzz.h"
#include "sign_fixture.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fx_init();
	return 0;
}

static int count_key(const char *kid, const unsigned char pub[SIGN_PUB_BYTES], void *arg)
{
	int *n = arg;

	if (kid)
		(void)strlen(kid);
	*n += pub[0] & 1;
	return 0;
}

static void parse_verify(const char *text)
{
	struct sign_jws_parts p;

	if (sign_jws_parse(text, &p) == SIGN_OK) {
		if (!p.header_json || !p.payload || p.payload[p.payload_len] != '\0')
			abort();
		(void)sign_jws_verify(&p, fx_pub);
	}
	sign_jws_free(&p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s;
	int n = 0;

	if (size < 1)
		return 0;
	s = fuzz_strndup(data + 1, size - 1);
	switch (data[0] % 4) {
	case 0: parse_verify(s); break;
	case 1: (void)sign_jwks_each(s, count_key, &n); break;
	case 2: {
		size_t len = size - 1, got;
		unsigned char *out = malloc(len * 3 / 4 + 1);

		if (!out)
			abort();
		if (sign_unb64url(s, len, out, len * 3 / 4 + 1, &got) == 0 &&
		    got > len * 3 / 4)
			abort();
		free(out);
		break;
	}
	default: {
		struct buf b;

		buf_init(&b, 0);
		if (sign_jws_header(fx_seed, s, "{}", 2, &b) == 0 && !buf_failed(&b))
			parse_verify(b.data);
		buf_release(&b);
		break;
	}
	}
	free(s);
	return 0;
}
