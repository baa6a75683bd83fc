/*
 * sign_fixture.h - a fixed Ed25519 key for the drivers of signed texts
 * (jws, qrtoken, credential): the fuzzer cannot forge signatures, so to
 * reach what is read after a signature holds, a driver signs the bytes it
 * is given with this key and hands the result, with this key's JWK Set,
 * to the verifier.
 */
#ifndef FUZZ_SIGN_FIXTURE_H
#define FUZZ_SIGN_FIXTURE_H

#include "services/secret.h"
#include "services/sign.h"

static unsigned char fx_seed[SIGN_SEED_BYTES];
static unsigned char fx_pub[SIGN_PUB_BYTES];
static char fx_kid[SIGN_KID_MAX];
static char *fx_jwks; /* {"keys":[the key's JWK]} */

static inline void fx_init(void)
{
	struct buf b;

	if (secret_init() != 0)
		abort();
	for (int i = 0; i < SIGN_SEED_BYTES; i++)
		fx_seed[i] = (unsigned char)(i + 1);
	sign_public(fx_seed, fx_pub);
	sign_kid(fx_pub, fx_kid);
	buf_init(&b, 0);
	buf_puts(&b, "{\"keys\":[");
	if (sign_jwk(fx_kid, fx_pub, &b) != 0)
		abort();
	buf_puts(&b, "]}");
	if (buf_failed(&b))
		abort();
	fx_jwks = buf_detach(&b, NULL);
}

/* The compact JWS (typ vc+jwt, this key's kid) of payload[0..n), malloc'd;
 * NULL when sign_jws() refuses. */
static inline char *fx_jws(const void *payload, size_t n)
{
	struct buf b;

	buf_init(&b, 0);
	if (sign_jws(fx_seed, fx_kid, "vc+jwt", payload, n, &b) != 0 || buf_failed(&b)) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

/* A QR token "v1." B64URL(fields) "." B64URL(signature) of fields[0..n),
 * malloc'd. */
static inline char *fx_token(const void *fields, size_t n)
{
	struct buf b;
	unsigned char sig[SIGN_SIG_BYTES];

	buf_init(&b, 0);
	buf_puts(&b, "v1.");
	sign_b64url(fields, n, &b);
	sign_detached(fx_seed, b.data, b.len, sig);
	buf_putc(&b, '.');
	sign_b64url(sig, sizeof(sig), &b);
	if (buf_failed(&b))
		abort();
	return buf_detach(&b, NULL);
}

#endif
