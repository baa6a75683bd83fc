/*
 * seal.h - personal data at rest (libsodium): the data key, wrapped under
 * the master key; values sealed under the data key; keyed blind indexes
 * for exact lookup and de-duplication (ARCHITECTURE "Secrets and personal
 * data").
 *
 * Only this file and secret.c see key bytes. secret_init() must have run
 * once before any function here.
 *
 * Keys. The master key (services/masterkey.h) belongs to whoever loaded
 * it; the 32-byte data key is made by seal_new_key(), stored only wrapped
 * (seal_wrap()), and unwrapped into a caller's buffer that the caller
 * wipes with seal_wipe() when done. Functions here never keep a key and
 * wipe every copy they make.
 *
 * Formats (text, safe in any column, URL or JSON):
 *   wrapped key   "v1:" + base64url without padding of
 *                 nonce (24 bytes) || XChaCha20-Poly1305-IETF ciphertext of
 *                 the 32-byte key with its 16-byte tag; associated data
 *                 "skillcert:key:v1". Always SEAL_WRAPPED_LEN characters.
 *   sealed value  "v1:" + base64url(nonce || ciphertext || tag) of the
 *                 value's bytes (no NUL), associated data "skillcert:" +
 *                 purpose, so a sealed value copied to another purpose (or
 *                 presented as a wrapped key) does not open.
 *   blind index   64 lowercase hex digits: keyed BLAKE2b-256 (key = the
 *                 data key) of purpose || 0x00 || value. Deterministic: the
 *                 same value under the same key and purpose gives the same
 *                 digest; another key or purpose gives another.
 * Nonces are random (24 bytes), so sealing a value twice gives two
 * different texts; compare blind indexes, never sealed texts.
 *
 * A purpose names what a value is ("id_number", "phone"): 1 to
 * SEAL_PURPOSE_MAX characters of [a-z0-9_.-] (no ':', so a purpose can
 * never produce the wrapped key's associated data).
 */
#ifndef SERVICES_SEAL_H
#define SERVICES_SEAL_H

#include <stddef.h>

#define SEAL_KEY_BYTES 32
#define SEAL_PURPOSE_MAX 32
/* Longest value seal_encrypt() takes, in bytes. */
#define SEAL_PLAIN_MAX 1024

/* Characters of base64url without padding for n bytes. */
#define SEAL_B64_LEN(n) (((n) / 3) * 4 + ((n) % 3 ? (n) % 3 + 1 : 0))
/* Characters of a sealed value of n bytes (without the NUL). */
#define SEAL_SEALED_LEN(n) (3 + SEAL_B64_LEN(24 + (n) + 16))
/* Characters of a wrapped key (without the NUL): 99. */
#define SEAL_WRAPPED_LEN SEAL_SEALED_LEN(SEAL_KEY_BYTES)

/* Buffer sizes including the NUL. */
#define SEAL_WRAPPED_MAX (SEAL_WRAPPED_LEN + 1)
#define SEAL_SEALED_MAX (SEAL_SEALED_LEN(SEAL_PLAIN_MAX) + 1)
#define SEAL_BLIND_MAX 65

/* Decodes standard base64 (base/buf.h buf_base64 writes it) into out (outlen bytes at most): 0 with *n set,
 * or -1 when the text is not base64 or out is too small. */
int seal_unbase64(const char *b64, unsigned char *out, size_t outlen, size_t *n);

/* A new random data key (CSPRNG). */
void seal_new_key(unsigned char key[SEAL_KEY_BYTES]);

/* Wipes a key buffer (or any secret) so the compiler cannot skip it. */
void seal_wipe(void *p, size_t n);

/* Wraps key under master into out (outlen >= SEAL_WRAPPED_MAX). 0, or -1
 * when out is too small (then out is ""). */
int seal_wrap(const unsigned char master[SEAL_KEY_BYTES],
	      const unsigned char key[SEAL_KEY_BYTES], char *out, size_t outlen);

/* Opens a wrapped key into key. 0, or -1 (key zeroed) when the text is
 * not of this format or version, was changed, or the master key is not
 * the one it was wrapped with. */
int seal_unwrap(const unsigned char master[SEAL_KEY_BYTES], const char *wrapped,
		unsigned char key[SEAL_KEY_BYTES]);

/* Seals the NUL-terminated plain (at most SEAL_PLAIN_MAX bytes) for
 * purpose into out, which needs SEAL_SEALED_LEN(strlen(plain)) + 1 bytes
 * (SEAL_SEALED_MAX always suffices). 0, or -1 (out "") for a bad purpose,
 * a too long value or a too small out. */
int seal_encrypt(const unsigned char key[SEAL_KEY_BYTES], const char *purpose,
		 const char *plain, char *out, size_t outlen);

/* Opens a sealed value of purpose into plain (NUL-terminated; plainlen
 * must be at least the value's length + 1). 0, or -1 (plain wiped to "")
 * for a bad purpose, a text not of this format, a changed or truncated
 * text, another key, another purpose, or a too small plain. */
int seal_decrypt(const unsigned char key[SEAL_KEY_BYTES], const char *purpose,
		 const char *sealed, char *plain, size_t plainlen);

/* The blind index of value for purpose under key, 64 hex digits + NUL.
 * Any purpose string works here (its NUL separates it from value); use
 * the same one as for sealing. Never fails. */
void seal_blind(const unsigned char key[SEAL_KEY_BYTES], const char *purpose,
		const char *value, char out[SEAL_BLIND_MAX]);

#endif
