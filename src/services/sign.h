/*
 * sign.h - Ed25519 signatures (libsodium) and the JOSE texts built on them:
 * compact JWS (RFC 7515 with alg "EdDSA", RFC 8037), public JWKs and JWK
 * Sets (RFC 7517, kty "OKP", crv "Ed25519"), base64url without padding
 * (RFC 4648 section 5). Used for Verifiable Credentials (JWS header
 * {"alg":"EdDSA","kid":KID,"typ":"vc+jwt"}) and for short QR tokens.
 *
 * Keys. The stored secret is a 32-byte Ed25519 seed (RFC 8032's private
 * key; RFC 8037's "d"), made by sign_seed_new() and kept only wrapped
 * (services/seal.h seal_wrap()). The caller owns the seed buffer and wipes
 * it (seal_wipe()) when done; functions here never keep it and wipe the
 * expanded secret key they derive from it. Public keys are 32 bytes
 * (RFC 8037's "x").
 *
 * secret_init() (services/secret.h) must have run once before the key,
 * signature and JWS functions; the base64url functions need nothing.
 *
 * Parsing is strict: base64url with padding, the standard alphabet,
 * whitespace or non-zero trailing bits is refused; a JWS header must be a
 * JSON object without duplicate names, with alg "EdDSA" and no "crit".
 */
#ifndef SERVICES_SIGN_H
#define SERVICES_SIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"

#define SIGN_SEED_BYTES 32
#define SIGN_PUB_BYTES 32
#define SIGN_SIG_BYTES 64
#define SIGN_KID_MAX 64 /* sign_kid()'s buffer, NUL included */

/* Characters of base64url without padding for n bytes. */
#define SIGN_B64URL_LEN(n) (((n) / 3) * 4 + ((n) % 3 ? (n) % 3 + 1 : 0))

/* ---- keys and detached signatures ---- */

/* A new random seed (CSPRNG). */
void sign_seed_new(unsigned char seed[SIGN_SEED_BYTES]);

/* The public key of seed. */
void sign_public(const unsigned char seed[SIGN_SEED_BYTES],
		 unsigned char pub[SIGN_PUB_BYTES]);

/* The expanded form of a seed (what libsodium signs with: seed || public
 * key). Signing many messages with one key: expand once, sign with the
 * *_key functions, wipe when done. The seed-taking functions expand and
 * wipe on each call. */
struct sign_key {
	unsigned char sk[64];
};
void sign_key_from_seed(const unsigned char seed[SIGN_SEED_BYTES], struct sign_key *k);
void sign_key_wipe(struct sign_key *k);
void sign_detached_key(const struct sign_key *k, const void *msg, size_t n,
		       unsigned char sig[SIGN_SIG_BYTES]);
/* As sign_jws() with an expanded key. */
int sign_jws_key(const struct sign_key *k, const char *kid, const char *typ,
		 const void *payload, size_t n, struct buf *out);

/* The Ed25519 signature of msg[0..n) under seed (deterministic: the same
 * seed and message always give the same signature). The expanded secret
 * key is wiped before returning. */
void sign_detached(const unsigned char seed[SIGN_SEED_BYTES], const void *msg, size_t n,
		   unsigned char sig[SIGN_SIG_BYTES]);

/* True when sig is pub's signature of msg[0..n). libsodium refuses
 * small-order public keys and non-canonical signatures. */
bool sign_verify_detached(const unsigned char pub[SIGN_PUB_BYTES], const void *msg,
			  size_t n, const unsigned char sig[SIGN_SIG_BYTES]);

/* A key id for pub: "ed25519-" + the first 16 base64url characters of
 * BLAKE2b-256(pub), 24 characters + NUL. Stable for a key, different for
 * another (96 bits of the digest). */
void sign_kid(const unsigned char pub[SIGN_PUB_BYTES], char out[SIGN_KID_MAX]);

/* ---- base64url without padding ---- */

/* Appends the base64url (no padding) of p[0..n) to out; check
 * buf_failed(out) once at the end. */
void sign_b64url(const void *p, size_t n, struct buf *out);

/* Decodes s[0..len) into out (outlen bytes at most): 0 with *n set, or -1
 * (*n = 0) when the text is not base64url without padding ('=', '+', '/',
 * whitespace, NUL, a length of 4k+1, non-zero trailing bits) or out is too
 * small. SIGN_B64URL_LEN's inverse: len * 3 / 4 bytes always suffice. */
int sign_unb64url(const char *s, size_t len, unsigned char *out, size_t outlen, size_t *n);

/* ---- compact JWS ---- */

enum sign_err {
	SIGN_OK = 0,
	SIGN_MALFORMED,     /* not three base64url parts, header not a JSON
			       object, a "crit", a bad kid/typ, a signature
			       not of 64 bytes */
	SIGN_BAD_ALG,       /* alg is a string other than "EdDSA" */
	SIGN_UNKNOWN_KEY,   /* for callers: no key with the JWS's kid */
	SIGN_BAD_SIGNATURE, /* the signature does not verify */
};

/* A short English name of e ("malformed", "bad_alg", ...), never NULL. */
const char *sign_strerror(enum sign_err e);

/* Appends BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(sig) to
 * out, where header is {"alg":"EdDSA","kid":kid,"typ":typ} written by
 * jansson (kid and typ each omitted when NULL; escaped as JSON needs).
 * 0, or -1 (out unchanged but for a buffer error) when kid or typ is not
 * UTF-8 or memory runs out. */
int sign_jws(const unsigned char seed[SIGN_SEED_BYTES], const char *kid, const char *typ,
	     const void *payload, size_t n, struct buf *out);

/* As sign_jws() with a caller-written header, used byte for byte (known
 * answers, other header members). The header must be what
 * sign_jws_parse() accepts (a JSON object, alg "EdDSA", no crit); else -1
 * and out is unchanged. */
int sign_jws_header(const unsigned char seed[SIGN_SEED_BYTES], const char *header_json,
		    const void *payload, size_t n, struct buf *out);

/*
 * The parts of a parsed JWS. header_json (the decoded header, NUL
 * terminated), alg, kid and typ (NULL when absent) and payload (decoded,
 * payload_len bytes plus a NUL after them) are malloc'd and freed by
 * sign_jws_free(). signing_input points into the text given to
 * sign_jws_parse() (header '.' payload, as sent, not NUL-terminated) and
 * lives as long as that text.
 */
struct sign_jws_parts {
	char *header_json, *alg, *kid, *typ;
	unsigned char *payload;
	size_t payload_len;
	const char *signing_input;
	size_t signing_input_len;
	unsigned char sig[SIGN_SIG_BYTES];
};

/* Splits and decodes the NUL-terminated compact JWS jws without verifying
 * it. SIGN_OK with *out filled; otherwise SIGN_MALFORMED or SIGN_BAD_ALG
 * and *out zeroed. Either way sign_jws_free(out) is safe. */
enum sign_err sign_jws_parse(const char *jws, struct sign_jws_parts *out);

/* SIGN_OK when p (from sign_jws_parse()) is signed by pub, else
 * SIGN_BAD_SIGNATURE (SIGN_MALFORMED or SIGN_BAD_ALG for parts that did
 * not come from a successful parse). */
enum sign_err sign_jws_verify(const struct sign_jws_parts *p,
			      const unsigned char pub[SIGN_PUB_BYTES]);

/* Frees p's strings and payload and zeroes p. */
void sign_jws_free(struct sign_jws_parts *p);

/* ---- JWK ---- */

/* Appends the public JWK {"kty":"OKP","crv":"Ed25519","x":B64URL(pub),
 * "kid":kid,"alg":"EdDSA","use":"sig"} (kid omitted when NULL) to out.
 * 0, or -1 (out unchanged but for a buffer error) when kid is not UTF-8
 * or memory runs out. */
int sign_jwk(const char *kid, const unsigned char pub[SIGN_PUB_BYTES], struct buf *out);

/*
 * Walks the JWK Set text json ({"keys":[...]}, RFC 7517 section 5) and
 * calls fn(kid, pub, arg) for each member that is an Ed25519 public key:
 * kty "OKP", crv "Ed25519", x decoding to 32 bytes, no "use" other than
 * "sig", no "alg" other than "EdDSA". kid is NULL when the key has none;
 * kid and pub live for the call only. Other members are skipped. A
 * non-zero return from fn stops the walk. Returns the number of keys
 * passed to fn, or -1 when json is not a JWK Set.
 */
int sign_jwks_each(const char *json,
		   int (*fn)(const char *kid, const unsigned char pub[SIGN_PUB_BYTES],
			     void *arg),
		   void *arg);

#endif
