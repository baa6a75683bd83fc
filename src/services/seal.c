/* seal.c - see seal.h. */
#include "services/seal.h"

#include <sodium.h>
#include <string.h>

#define NONCE crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define TAG crypto_aead_xchacha20poly1305_ietf_ABYTES
#define PREFIX "v1:"
#define AD_KEY "skillcert:key:v1"
#define AD_PREFIX "skillcert:"
/* Raw bytes of the longest sealed value: nonce || ciphertext || tag. */
#define RAW_MAX (NONCE + SEAL_PLAIN_MAX + TAG)

_Static_assert(NONCE == 24 && TAG == 16, "SEAL_SEALED_LEN assumes these");
_Static_assert(SEAL_KEY_BYTES == crypto_aead_xchacha20poly1305_ietf_KEYBYTES, "key size");
_Static_assert(SEAL_KEY_BYTES >= crypto_generichash_KEYBYTES_MIN &&
		       SEAL_KEY_BYTES <= crypto_generichash_KEYBYTES_MAX,
	       "blind index key size");
_Static_assert(SEAL_WRAPPED_LEN == 99, "wrapped key length");

void seal_new_key(unsigned char key[SEAL_KEY_BYTES])
{
	crypto_aead_xchacha20poly1305_ietf_keygen(key);
}

void seal_wipe(void *p, size_t n) { sodium_memzero(p, n); }

/* "skillcert:" + purpose into ad; its length, or 0 for a bad purpose. */
static size_t purpose_ad(const char *purpose, char ad[sizeof(AD_PREFIX) + SEAL_PURPOSE_MAX])
{
	size_t n;

	if (!purpose)
		return 0;
	n = strlen(purpose);
	if (n == 0 || n > SEAL_PURPOSE_MAX ||
	    strspn(purpose, "abcdefghijklmnopqrstuvwxyz0123456789_.-") != n)
		return 0;
	memcpy(ad, AD_PREFIX, sizeof(AD_PREFIX) - 1);
	memcpy(ad + sizeof(AD_PREFIX) - 1, purpose, n + 1);
	return sizeof(AD_PREFIX) - 1 + n;
}

/*
 * Seals m[0..mlen) with ad under key into out as PREFIX + base64url(nonce
 * || ciphertext || tag). out "" and -1 when it does not fit.
 */
static int seal_raw(const unsigned char *key, const char *ad, size_t adlen,
		    const unsigned char *m, size_t mlen, char *out, size_t outlen)
{
	unsigned char raw[RAW_MAX];
	unsigned long long clen;
	size_t rawlen = NONCE + mlen + TAG;
	int rc = -1;

	if (outlen > 0)
		out[0] = '\0';
	if (mlen > SEAL_PLAIN_MAX || outlen < SEAL_SEALED_LEN(mlen) + 1)
		goto out;
	randombytes_buf(raw, NONCE);
	if (crypto_aead_xchacha20poly1305_ietf_encrypt(raw + NONCE, &clen, m, mlen,
						       (const unsigned char *)ad, adlen,
						       NULL, raw, key) != 0 ||
	    clen != mlen + TAG)
		goto out;
	memcpy(out, PREFIX, sizeof(PREFIX) - 1);
	sodium_bin2base64(out + sizeof(PREFIX) - 1, outlen - (sizeof(PREFIX) - 1), raw,
			  rawlen, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	rc = 0;
out:
	sodium_memzero(raw, sizeof(raw)); /* held the nonce and ciphertext only,
					     but costs nothing */
	return rc;
}

/*
 * Opens PREFIX + base64url(nonce || ciphertext || tag) with ad under key
 * into m (capacity mcap). Returns the plaintext length, or -1 with m
 * wiped.
 */
static long open_raw(const unsigned char *key, const char *ad, size_t adlen,
		     const char *text, unsigned char *m, size_t mcap)
{
	unsigned char raw[RAW_MAX];
	unsigned long long mlen = 0;
	size_t rawlen = 0, tlen;
	const char *end = NULL;
	long rc = -1;

	if (!text || strncmp(text, PREFIX, sizeof(PREFIX) - 1) != 0)
		goto out;
	text += sizeof(PREFIX) - 1;
	tlen = strlen(text);
	if (tlen > SEAL_B64_LEN(RAW_MAX) ||
	    sodium_base642bin(raw, sizeof(raw), text, tlen, NULL, &rawlen, &end,
			      sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    end != text + tlen || rawlen < NONCE + TAG || rawlen - NONCE - TAG > mcap)
		goto out;
	if (crypto_aead_xchacha20poly1305_ietf_decrypt(m, &mlen, NULL, raw + NONCE,
						       rawlen - NONCE,
						       (const unsigned char *)ad, adlen,
						       raw, key) != 0)
		goto out;
	rc = (long)mlen;
out:
	if (rc < 0)
		sodium_memzero(m, mcap);
	sodium_memzero(raw, sizeof(raw));
	return rc;
}

int seal_wrap(const unsigned char master[SEAL_KEY_BYTES],
	      const unsigned char key[SEAL_KEY_BYTES], char *out, size_t outlen)
{
	return seal_raw(master, AD_KEY, sizeof(AD_KEY) - 1, key, SEAL_KEY_BYTES, out,
			outlen);
}

int seal_unwrap(const unsigned char master[SEAL_KEY_BYTES], const char *wrapped,
		unsigned char key[SEAL_KEY_BYTES])
{
	unsigned char tmp[SEAL_KEY_BYTES];
	long n;
	int rc = -1;

	n = open_raw(master, AD_KEY, sizeof(AD_KEY) - 1, wrapped, tmp, sizeof(tmp));
	if (n == SEAL_KEY_BYTES) {
		memcpy(key, tmp, SEAL_KEY_BYTES);
		rc = 0;
	} else {
		sodium_memzero(key, SEAL_KEY_BYTES);
	}
	sodium_memzero(tmp, sizeof(tmp));
	return rc;
}

int seal_encrypt(const unsigned char key[SEAL_KEY_BYTES], const char *purpose,
		 const char *plain, char *out, size_t outlen)
{
	char ad[sizeof(AD_PREFIX) + SEAL_PURPOSE_MAX];
	size_t adlen = purpose_ad(purpose, ad);

	if (adlen == 0 || !plain) {
		if (outlen > 0)
			out[0] = '\0';
		return -1;
	}
	return seal_raw(key, ad, adlen, (const unsigned char *)plain, strlen(plain), out,
			outlen);
}

int seal_decrypt(const unsigned char key[SEAL_KEY_BYTES], const char *purpose,
		 const char *sealed, char *plain, size_t plainlen)
{
	char ad[sizeof(AD_PREFIX) + SEAL_PURPOSE_MAX];
	size_t adlen = purpose_ad(purpose, ad);
	long n;

	if (plainlen == 0)
		return -1;
	if (adlen == 0) {
		plain[0] = '\0';
		return -1;
	}
	/* room for the NUL: open into plainlen - 1 bytes */
	n = open_raw(key, ad, adlen, sealed, (unsigned char *)plain, plainlen - 1);
	if (n < 0 || memchr(plain, '\0', (size_t)n)) {
		sodium_memzero(plain, plainlen);
		return -1;
	}
	plain[n] = '\0';
	return 0;
}

void seal_blind(const unsigned char key[SEAL_KEY_BYTES], const char *purpose,
		const char *value, char out[SEAL_BLIND_MAX])
{
	crypto_generichash_state st;
	unsigned char h[32];

	crypto_generichash_init(&st, key, SEAL_KEY_BYTES, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)purpose,
				  strlen(purpose) + 1); /* with its NUL */
	crypto_generichash_update(&st, (const unsigned char *)value, strlen(value));
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, SEAL_BLIND_MAX, h, sizeof(h));
	sodium_memzero(&st, sizeof(st)); /* the state holds the key */
	sodium_memzero(h, sizeof(h));
}

int seal_unbase64(const char *b64, unsigned char *out, size_t outlen, size_t *n)
{
	return sodium_base642bin(out, outlen, b64, strlen(b64), NULL, n, NULL,
				 sodium_base64_VARIANT_ORIGINAL) == 0
		       ? 0
		       : -1;
}
