/*
 * test_secret.c - services/secret: Argon2id password hashes and their
 * check (including the unknown-user path), random tokens, BLAKE2b-256
 * digests against known answers, generated passwords, constant-time
 * equality.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "services/secret.h"

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
static const char pw_alphabet[] = "abcdefghjkmnpqrstuvwxyz"
				  "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

static int group_setup(void **state)
{
	(void)state;
	return secret_init();
}

/* ---- passwords ---- */

static void test_password_hash_verify(void **state)
{
	char h[SECRET_PWHASH_MAX], h2[SECRET_PWHASH_MAX];

	(void)state;
	assert_int_equal(secret_password_hash("Correct-Horse-9", h), 0);
	assert_true(strncmp(h, "$argon2id$", 10) == 0);
	assert_true(strlen(h) < SECRET_PWHASH_MAX);
	assert_int_equal(secret_password_verify(h, "Correct-Horse-9"), 0);
	assert_int_equal(secret_password_verify(h, "correct-Horse-9"), -1);
	assert_int_equal(secret_password_verify(h, "Correct-Horse-9 "), -1);
	assert_int_equal(secret_password_verify(h, "Correct-Horse-"), -1);
	assert_int_equal(secret_password_verify(h, ""), -1);
	/* salted: the same password hashes differently, both verify */
	assert_int_equal(secret_password_hash("Correct-Horse-9", h2), 0);
	assert_string_not_equal(h, h2);
	assert_int_equal(secret_password_verify(h2, "Correct-Horse-9"), 0);
}

static void test_password_utf8(void **state)
{
	char h[SECRET_PWHASH_MAX];

	(void)state;
	assert_int_equal(secret_password_hash("机械工业鉴定2024", h), 0);
	assert_int_equal(secret_password_verify(h, "机械工业鉴定2024"), 0);
	assert_int_equal(secret_password_verify(h, "机械工业鉴定2025"), -1);
}

static void test_password_verify_bad_stored(void **state)
{
	(void)state;
	/* unknown user: no stored hash, fails (after the same work) */
	assert_int_equal(secret_password_verify(NULL, "not a password"), -1);
	assert_int_equal(secret_password_verify(NULL, "anything"), -1);
	/* a stored value that is not a hash never matches */
	assert_int_equal(secret_password_verify("", ""), -1);
	assert_int_equal(secret_password_verify("plaintext", "plaintext"), -1);
	assert_int_equal(secret_password_verify("$argon2id$garbage", "x"), -1);
}

/* ---- tokens ---- */

static void expect_token(const char *tok, const char *prefix)
{
	size_t pn = strlen(prefix);

	assert_true(strncmp(tok, prefix, pn) == 0);
	assert_int_equal(strlen(tok), pn + 43);
	if (strspn(tok + pn, b64url) != 43)
		fail_msg("token \"%s\" has a character outside base64url", tok);
}

static void test_token_new(void **state)
{
	char a[SECRET_TOKEN_MAX], b[SECRET_TOKEN_MAX];

	(void)state;
	secret_token_new("sct_", a);
	secret_token_new("sct_", b);
	expect_token(a, "sct_");
	expect_token(b, "sct_");
	assert_string_not_equal(a, b);
	secret_token_new("", a);
	expect_token(a, "");
	secret_token_new("12345678", a); /* the longest prefix kept whole */
	expect_token(a, "12345678");
}

static void test_token_many_distinct(void **state)
{
	enum { N = 200 };
	static char t[N][SECRET_TOKEN_MAX];

	(void)state;
	for (int i = 0; i < N; i++) {
		secret_token_new("s_", t[i]);
		expect_token(t[i], "s_");
		for (int j = 0; j < i; j++)
			assert_string_not_equal(t[i], t[j]);
	}
}

/* ---- digests ---- */

static void test_digest_known(void **state)
{
	char d[SECRET_DIGEST_HEX];

	(void)state;
	secret_digest("", 0, d);
	assert_string_equal(
		d, "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
	/* python3: hashlib.blake2b(b'abc', digest_size=32).hexdigest() */
	secret_digest("abc", 3, d);
	assert_string_equal(
		d, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	/* only n bytes count */
	secret_digest("abcdef", 3, d);
	assert_string_equal(
		d, "bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319");
	assert_int_equal(strlen(d), 64);
}

/* FIPS 180-2 vectors: "abc" and the empty string. */
static void test_sha256_known(void **state)
{
	char out[SECRET_DIGEST_HEX];

	(void)state;
	secret_sha256_hex("abc", 3, out);
	assert_string_equal(
		out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	secret_sha256_hex("", 0, out);
	assert_string_equal(
		out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_digest_differs(void **state)
{
	char a[SECRET_DIGEST_HEX], b[SECRET_DIGEST_HEX];

	(void)state;
	secret_digest("abc", 3, a);
	secret_digest("abd", 3, b);
	assert_string_not_equal(a, b);
	secret_digest("ab\0c", 4, a); /* a NUL inside counts */
	secret_digest("ab\0d", 4, b);
	assert_string_not_equal(a, b);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
}

/* ---- generated passwords ---- */

static void test_password_new(void **state)
{
	char a[17], prev[17] = "";

	(void)state;
	for (int i = 0; i < 500; i++) {
		int digit = 0, letter = 0;

		memset(a, 'X', sizeof(a));
		secret_password_new(a);
		assert_int_equal(a[16], '\0');
		assert_int_equal(strlen(a), 16);
		if (strspn(a, pw_alphabet) != 16)
			fail_msg("password \"%s\" has a character outside the alphabet", a);
		for (int k = 0; k < 16; k++) {
			if (a[k] >= '0' && a[k] <= '9')
				digit = 1;
			else
				letter = 1;
		}
		assert_true(digit);
		assert_true(letter);
		assert_string_not_equal(a, prev);
		memcpy(prev, a, sizeof(a));
	}
}

static void test_password_new_unambiguous(void **state)
{
	(void)state;
	/* the alphabet leaves out look-alikes */
	for (const char *p = "iloIO01"; *p; p++)
		assert_null(strchr(pw_alphabet, *p));
}

/* ---- equality ---- */

static void test_equal(void **state)
{
	(void)state;
	assert_true(secret_equal("abc", "abc"));
	assert_true(secret_equal("", ""));
	assert_false(secret_equal("abc", "abd"));
	assert_false(secret_equal("abc", "ab"));
	assert_false(secret_equal("ab", "abc"));
	assert_false(secret_equal("", "a"));
	assert_false(secret_equal("Abc", "abc"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_hash_verify),
		cmocka_unit_test(test_password_utf8),
		cmocka_unit_test(test_password_verify_bad_stored),
		cmocka_unit_test(test_token_new),
		cmocka_unit_test(test_token_many_distinct),
		cmocka_unit_test(test_digest_known),
		cmocka_unit_test(test_digest_differs),
		cmocka_unit_test(test_sha256_known),
		cmocka_unit_test(test_password_new),
		cmocka_unit_test(test_password_new_unambiguous),
		cmocka_unit_test(test_equal),
	};

	return cmocka_run_group_tests_name("secret", tests, group_setup, NULL);
}
