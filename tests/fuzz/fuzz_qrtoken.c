/*
 * fuzz_qrtoken.c - QR tokens (src/app/cert_lookup.c app_token_fields(),
 * and cert_offline.c app_verify_offline(), what `skillcert verify TOKEN` calls).
 *
 * Input: the first byte picks what the rest is: 0 a token or a verify URL
 * as given to `skillcert verify` (checked against the fixture's key); 1
 * the token's fields "number|holder|occupation|level|issued_on|kid",
 * which the driver signs into a token with the fixture's key, so that the
 * fields after a valid signature are read too.
 */
#include "fuzz.h"
#include "sign_fixture.h"

#include "app/app.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fx_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct token_fields f;
	struct offline_result res;
	struct arena a;
	char buf[512];
	char *s, *text;

	if (size < 1)
		return 0;
	s = fuzz_strndup(data + 1, size - 1);
	text = data[0] & 1 ? fx_token(s, size - 1) : s;
	if (app_token_fields(text, &f, buf, sizeof(buf)) == 0 &&
	    (!f.number || !f.kid || f.signed_len > strlen(text)))
		abort();
	arena_init(&a);
	if (app_verify_offline(&a, text, fx_jwks, NULL, &res) != 0 && !res.why)
		abort();
	arena_release(&a);
	if (text != s)
		free(text);
	free(s);
	return 0;
}
