/* secret.c - see secret.h. */
#include "services/secret.h"

#include <pthread.h>
#include <sodium.h>
#include <string.h>

int secret_init(void) { return sodium_init() < 0 ? -1 : 0; }

int secret_password_hash(const char *password, char out[SECRET_PWHASH_MAX])
{
	_Static_assert(SECRET_PWHASH_MAX >= crypto_pwhash_STRBYTES, "size");
	return crypto_pwhash_str(out, password, strlen(password),
				 crypto_pwhash_OPSLIMIT_INTERACTIVE,
				 crypto_pwhash_MEMLIMIT_INTERACTIVE) == 0
		       ? 0
		       : -1;
}

static char dummy[SECRET_PWHASH_MAX];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy(void)
{
	if (secret_password_hash("not a password", dummy) != 0)
		dummy[0] = '\0';
}

int secret_password_verify(const char *stored, const char *password)
{
	if (!stored) {
		/* spend the same effort, then fail */
		volatile int r;

		pthread_once(&dummy_once, make_dummy);
		r = crypto_pwhash_str_verify(dummy, password, strlen(password));
		(void)r;
		return -1;
	}
	return crypto_pwhash_str_verify(stored, password, strlen(password)) == 0 ? 0 : -1;
}

void secret_token_new(const char *prefix, char out[SECRET_TOKEN_MAX])
{
	unsigned char raw[32];
	size_t n = strlen(prefix);

	if (n > 8)
		n = 8;
	memcpy(out, prefix, n);
	randombytes_buf(raw, sizeof(raw));
	sodium_bin2base64(out + n, SECRET_TOKEN_MAX - n, raw, sizeof(raw),
			  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof(raw));
}

void secret_digest(const char *s, size_t n, char out[SECRET_DIGEST_HEX])
{
	unsigned char h[32];

	crypto_generichash(h, sizeof(h), (const unsigned char *)s, n, NULL, 0);
	sodium_bin2hex(out, SECRET_DIGEST_HEX, h, sizeof(h));
}

void secret_sha256_hex(const void *p, size_t n, char out[SECRET_DIGEST_HEX])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, (const unsigned char *)p, n);
	sodium_bin2hex(out, SECRET_DIGEST_HEX, h, sizeof(h));
}

uint64_t secret_random_u64(void)
{
	uint64_t v;

	randombytes_buf(&v, sizeof(v));
	return v;
}

void secret_password_new(char out[17])
{
	static const char alphabet[] = "abcdefghjkmnpqrstuvwxyz"
				       "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	int has_digit = 0, has_alpha = 0;

	do {
		has_digit = has_alpha = 0;
		for (int i = 0; i < 16; i++) {
			char c = alphabet[randombytes_uniform(sizeof(alphabet) - 1)];

			out[i] = c;
			if (c >= '2' && c <= '9')
				has_digit = 1;
			else
				has_alpha = 1;
		}
	} while (!has_digit || !has_alpha);
	out[16] = '\0';
}

int secret_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}
