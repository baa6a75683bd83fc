/* sign.c - see sign.h. */
#include "services/sign.h"

#include <jansson.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#define VARIANT sodium_base64_VARIANT_URLSAFE_NO_PADDING
#define ALG "EdDSA"
#define KID_PREFIX "ed25519-"
#define KID_DIGEST_BYTES 12 /* 16 base64url characters */
/* Input bytes base64url-encoded per call (a multiple of 3, so the pieces
 * join without padding). */
#define B64_CHUNK 768

_Static_assert(SIGN_SEED_BYTES == crypto_sign_SEEDBYTES, "seed size");
_Static_assert(SIGN_PUB_BYTES == crypto_sign_PUBLICKEYBYTES, "public key size");
_Static_assert(SIGN_SIG_BYTES == crypto_sign_BYTES, "signature size");
_Static_assert(B64_CHUNK % 3 == 0, "chunks join without padding");
_Static_assert(sizeof(KID_PREFIX) - 1 + SIGN_B64URL_LEN(KID_DIGEST_BYTES) < SIGN_KID_MAX,
	       "kid size");

/* ---- keys and detached signatures ---- */

void sign_seed_new(unsigned char seed[SIGN_SEED_BYTES])
{
	randombytes_buf(seed, SIGN_SEED_BYTES);
}

void sign_public(const unsigned char seed[SIGN_SEED_BYTES],
		 unsigned char pub[SIGN_PUB_BYTES])
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES];

	crypto_sign_seed_keypair(pub, sk, seed);
	sodium_memzero(sk, sizeof(sk));
}

_Static_assert(sizeof(((struct sign_key *)0)->sk) == crypto_sign_SECRETKEYBYTES,
	       "expanded key size");

void sign_key_from_seed(const unsigned char seed[SIGN_SEED_BYTES], struct sign_key *k)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES];

	crypto_sign_seed_keypair(pk, k->sk, seed);
}

void sign_key_wipe(struct sign_key *k) { sodium_memzero(k, sizeof(*k)); }

void sign_detached_key(const struct sign_key *k, const void *msg, size_t n,
		       unsigned char sig[SIGN_SIG_BYTES])
{
	crypto_sign_detached(sig, NULL, msg, n, k->sk);
}

void sign_detached(const unsigned char seed[SIGN_SEED_BYTES], const void *msg, size_t n,
		   unsigned char sig[SIGN_SIG_BYTES])
{
	struct sign_key k;

	sign_key_from_seed(seed, &k);
	sign_detached_key(&k, msg, n, sig);
	sign_key_wipe(&k);
}

bool sign_verify_detached(const unsigned char pub[SIGN_PUB_BYTES], const void *msg,
			  size_t n, const unsigned char sig[SIGN_SIG_BYTES])
{
	return crypto_sign_verify_detached(sig, msg, n, pub) == 0;
}

void sign_kid(const unsigned char pub[SIGN_PUB_BYTES], char out[SIGN_KID_MAX])
{
	unsigned char h[crypto_generichash_BYTES];

	_Static_assert(crypto_generichash_BYTES == 32, "BLAKE2b-256");
	crypto_generichash(h, sizeof(h), pub, SIGN_PUB_BYTES, NULL, 0);
	memcpy(out, KID_PREFIX, sizeof(KID_PREFIX) - 1);
	sodium_bin2base64(out + sizeof(KID_PREFIX) - 1,
			  SIGN_KID_MAX - (sizeof(KID_PREFIX) - 1), h, KID_DIGEST_BYTES,
			  VARIANT);
}

/* ---- base64url ---- */

void sign_b64url(const void *p, size_t n, struct buf *out)
{
	const unsigned char *s = p;
	char tmp[SIGN_B64URL_LEN(B64_CHUNK) + 1];

	while (n > 0 && !buf_failed(out)) {
		size_t k = n < B64_CHUNK ? n : B64_CHUNK;

		sodium_bin2base64(tmp, sizeof(tmp), s, k, VARIANT);
		buf_append(out, tmp, SIGN_B64URL_LEN(k));
		s += k;
		n -= k;
	}
}

int sign_unb64url(const char *s, size_t len, unsigned char *out, size_t outlen, size_t *n)
{
	size_t got = 0;
	int rc;

	/* b64_end NULL: libsodium fails unless it consumed all len
	 * characters; it refuses 4k+1 lengths and non-zero trailing bits */
	rc = sodium_base642bin(out, outlen, s, len, NULL, &got, NULL, VARIANT);
	if (n)
		*n = rc == 0 ? got : 0;
	return rc == 0 ? 0 : -1;
}

/* Decodes s[0..len) into a new buffer with a NUL after the bytes. NULL
 * when not base64url or out of memory. */
static unsigned char *unb64url_dup(const char *s, size_t len, size_t *n)
{
	size_t cap = len / 4 * 3 + 3;
	unsigned char *p = malloc(cap + 1);

	if (!p)
		return NULL;
	if (sign_unb64url(s, len, p, cap, n) != 0) {
		free(p);
		return NULL;
	}
	p[*n] = '\0';
	return p;
}

/* ---- compact JWS ---- */

const char *sign_strerror(enum sign_err e)
{
	switch (e) {
	case SIGN_OK: return "ok";
	case SIGN_MALFORMED: return "malformed";
	case SIGN_BAD_ALG: return "bad_alg";
	case SIGN_UNKNOWN_KEY: return "unknown_key";
	case SIGN_BAD_SIGNATURE: return "bad_signature";
	}
	return "unknown";
}

/* A copy of the string member name of o into *dst (NULL when absent).
 * SIGN_MALFORMED when present but not a string, or out of memory. */
static enum sign_err member_dup(json_t *o, const char *name, char **dst)
{
	json_t *v = json_object_get(o, name);

	*dst = NULL;
	if (!v)
		return SIGN_OK;
	if (!json_is_string(v))
		return SIGN_MALFORMED;
	*dst = strdup(json_string_value(v));
	return *dst ? SIGN_OK : SIGN_MALFORMED;
}

/* True when o has no member name or its value is a string. */
static bool absent_or_string(json_t *o, const char *name)
{
	json_t *v = json_object_get(o, name);

	return !v || json_is_string(v);
}

/*
 * Checks the protected header json[0..len) (RFC 7515 section 4): a JSON
 * object without duplicate names, alg "EdDSA", no crit, kid and typ
 * strings when present, b64 (RFC 7797) true when present. With p, copies
 * alg, kid and typ into it.
 */
static enum sign_err header_check(const char *json, size_t len, struct sign_jws_parts *p)
{
	json_error_t jerr;
	json_t *h, *alg, *b64;
	enum sign_err rc = SIGN_MALFORMED;

	h = json_loadb(json, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!h || !json_is_object(h))
		goto out;
	alg = json_object_get(h, "alg");
	if (!json_is_string(alg))
		goto out;
	if (strcmp(json_string_value(alg), ALG) != 0) {
		rc = SIGN_BAD_ALG;
		goto out;
	}
	b64 = json_object_get(h, "b64");
	if (json_object_get(h, "crit") || (b64 && !json_is_true(b64)))
		goto out;
	if (!absent_or_string(h, "kid") || !absent_or_string(h, "typ"))
		goto out;
	if (p && (member_dup(h, "alg", &p->alg) != SIGN_OK ||
		  member_dup(h, "kid", &p->kid) != SIGN_OK ||
		  member_dup(h, "typ", &p->typ) != SIGN_OK))
		goto out;
	rc = SIGN_OK;
out:
	json_decref(h);
	return rc;
}

static int jws_header_key(const struct sign_key *k, const char *header_json,
			  const void *payload, size_t n, struct buf *out)
{
	unsigned char sig[SIGN_SIG_BYTES];
	struct buf tmp;
	int rc = -1;

	buf_init(&tmp, 0);
	if (!header_json || header_check(header_json, strlen(header_json), NULL) != SIGN_OK)
		goto out;
	sign_b64url(header_json, strlen(header_json), &tmp);
	buf_putc(&tmp, '.');
	sign_b64url(payload, n, &tmp);
	if (buf_failed(&tmp))
		goto out;
	sign_detached_key(k, tmp.data, tmp.len, sig);
	buf_putc(&tmp, '.');
	sign_b64url(sig, sizeof(sig), &tmp);
	if (buf_failed(&tmp))
		goto out;
	buf_append(out, tmp.data, tmp.len);
	rc = buf_failed(out) ? -1 : 0;
out:
	buf_release(&tmp);
	return rc;
}

int sign_jws_header(const unsigned char seed[SIGN_SEED_BYTES], const char *header_json,
		    const void *payload, size_t n, struct buf *out)
{
	struct sign_key k;
	int rc;

	sign_key_from_seed(seed, &k);
	rc = jws_header_key(&k, header_json, payload, n, out);
	sign_key_wipe(&k);
	return rc;
}

/* Sets o[name] to the string s (skipped when s is NULL). -1 when s is not
 * UTF-8 or memory runs out. */
static int set_string(json_t *o, const char *name, const char *s)
{
	if (!s)
		return 0;
	return json_object_set_new(o, name, json_string(s));
}

int sign_jws_key(const struct sign_key *k, const char *kid, const char *typ,
		 const void *payload, size_t n, struct buf *out)
{
	json_t *h = json_object();
	char *text = NULL;
	int rc = -1;

	if (!h || set_string(h, "alg", ALG) != 0 || set_string(h, "kid", kid) != 0 ||
	    set_string(h, "typ", typ) != 0)
		goto out;
	text = json_dumps(h, JSON_COMPACT);
	if (!text)
		goto out;
	rc = jws_header_key(k, text, payload, n, out);
out:
	free(text);
	json_decref(h);
	return rc;
}

int sign_jws(const unsigned char seed[SIGN_SEED_BYTES], const char *kid, const char *typ,
	     const void *payload, size_t n, struct buf *out)
{
	struct sign_key k;
	int rc;

	sign_key_from_seed(seed, &k);
	rc = sign_jws_key(&k, kid, typ, payload, n, out);
	sign_key_wipe(&k);
	return rc;
}

enum sign_err sign_jws_parse(const char *jws, struct sign_jws_parts *out)
{
	const char *d1, *d2;
	size_t n = 0;
	enum sign_err rc = SIGN_MALFORMED;

	memset(out, 0, sizeof(*out));
	if (!jws || !(d1 = strchr(jws, '.')) || !(d2 = strchr(d1 + 1, '.')) ||
	    strchr(d2 + 1, '.'))
		goto out;
	out->header_json = (char *)unb64url_dup(jws, (size_t)(d1 - jws), &n);
	/* a NUL inside would hide the rest from the JSON parser's caller */
	if (!out->header_json || n == 0 || memchr(out->header_json, '\0', n))
		goto out;
	rc = header_check(out->header_json, n, out);
	if (rc != SIGN_OK)
		goto out;
	rc = SIGN_MALFORMED;
	out->payload = unb64url_dup(d1 + 1, (size_t)(d2 - d1 - 1), &out->payload_len);
	if (!out->payload ||
	    sign_unb64url(d2 + 1, strlen(d2 + 1), out->sig, sizeof(out->sig), &n) != 0 ||
	    n != SIGN_SIG_BYTES)
		goto out;
	out->signing_input = jws;
	out->signing_input_len = (size_t)(d2 - jws);
	rc = SIGN_OK;
out:
	if (rc != SIGN_OK)
		sign_jws_free(out);
	return rc;
}

enum sign_err sign_jws_verify(const struct sign_jws_parts *p,
			      const unsigned char pub[SIGN_PUB_BYTES])
{
	if (!p || !p->signing_input || !p->alg)
		return SIGN_MALFORMED;
	if (strcmp(p->alg, ALG) != 0)
		return SIGN_BAD_ALG;
	return sign_verify_detached(pub, p->signing_input, p->signing_input_len, p->sig)
		       ? SIGN_OK
		       : SIGN_BAD_SIGNATURE;
}

void sign_jws_free(struct sign_jws_parts *p)
{
	free(p->header_json);
	free(p->alg);
	free(p->kid);
	free(p->typ);
	free(p->payload);
	memset(p, 0, sizeof(*p));
}

/* ---- JWK ---- */

int sign_jwk(const char *kid, const unsigned char pub[SIGN_PUB_BYTES], struct buf *out)
{
	struct buf x;
	json_t *k = json_object();
	char *text = NULL;
	int rc = -1;

	buf_init(&x, 0);
	sign_b64url(pub, SIGN_PUB_BYTES, &x);
	if (!k || buf_failed(&x) || set_string(k, "kty", "OKP") != 0 ||
	    set_string(k, "crv", "Ed25519") != 0 || set_string(k, "x", x.data) != 0 ||
	    set_string(k, "kid", kid) != 0 || set_string(k, "alg", ALG) != 0 ||
	    set_string(k, "use", "sig") != 0)
		goto out;
	text = json_dumps(k, JSON_COMPACT);
	if (!text)
		goto out;
	buf_puts(out, text);
	rc = buf_failed(out) ? -1 : 0;
out:
	free(text);
	json_decref(k);
	buf_release(&x);
	return rc;
}

/* True when o has no member name or its value is the string want. */
static bool absent_or(json_t *o, const char *name, const char *want)
{
	json_t *v = json_object_get(o, name);

	return !v || (json_is_string(v) && strcmp(json_string_value(v), want) == 0);
}

/* True when o's member name is the string want. */
static bool is(json_t *o, const char *name, const char *want)
{
	return json_object_get(o, name) && absent_or(o, name, want);
}

int sign_jwks_each(const char *json,
		   int (*fn)(const char *kid, const unsigned char pub[SIGN_PUB_BYTES],
			     void *arg),
		   void *arg)
{
	json_error_t jerr;
	json_t *root, *keys, *k;
	size_t i;
	int count = -1;

	root = json ? json_loads(json, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	keys = json_object_get(root, "keys");
	if (!json_is_object(root) || !json_is_array(keys))
		goto out;
	count = 0;
	json_array_foreach(keys, i, k)
	{
		unsigned char pub[SIGN_PUB_BYTES];
		json_t *x = json_object_get(k, "x"), *kid;
		size_t n = 0;

		kid = json_object_get(k, "kid");
		if (!json_is_object(k) || !is(k, "kty", "OKP") || !is(k, "crv", "Ed25519") ||
		    !absent_or(k, "use", "sig") || !absent_or(k, "alg", ALG) ||
		    (kid && !json_is_string(kid)) || !json_is_string(x) ||
		    sign_unb64url(json_string_value(x), json_string_length(x), pub,
				  sizeof(pub), &n) != 0 ||
		    n != SIGN_PUB_BYTES)
			continue;
		count++;
		if (fn(kid ? json_string_value(kid) : NULL, pub, arg) != 0)
			break;
	}
out:
	json_decref(root);
	return count;
}
