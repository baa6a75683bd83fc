/*
 * test_seal.c - services/seal: data keys wrapped under the master key,
 * values sealed per purpose, keyed blind indexes. Round trips; a wrong
 * key, a changed byte, another purpose, a truncated text all fail; random
 * nonces make two seals of one value differ while their blind indexes
 * agree; seal_blind against known answers.
 *
 * Known answers were computed independently with python3:
 *   hashlib.blake2b(purpose + b"\0" + value, digest_size=32,
 *                   key=KEY).hexdigest()
 * with KEY = bytes(32) (all zero) or bytes(range(32)) (00 01 .. 1f).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "services/secret.h"
#include "services/seal.h"

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static int group_setup(void **state)
{
	(void)state;
	return secret_init();
}

/* Flips one bit of the character at i to another base64url character. */
static void tamper(char *s, size_t i) { s[i] = s[i] == 'A' ? 'B' : 'A'; }

/* Appends c to s (which has room for it). */
static void append(char *s, char c)
{
	size_t n = strlen(s);

	s[n] = c;
	s[n + 1] = '\0';
}

/* ---- keys ---- */

static void test_new_key(void **state)
{
	unsigned char a[SEAL_KEY_BYTES], b[SEAL_KEY_BYTES], zero[SEAL_KEY_BYTES] = {0};

	(void)state;
	seal_new_key(a);
	seal_new_key(b);
	assert_memory_not_equal(a, b, SEAL_KEY_BYTES);
	assert_memory_not_equal(a, zero, SEAL_KEY_BYTES);
	seal_wipe(a, sizeof(a));
	assert_memory_equal(a, zero, SEAL_KEY_BYTES);
}

static void test_wrap_roundtrip(void **state)
{
	unsigned char master[SEAL_KEY_BYTES], key[SEAL_KEY_BYTES], back[SEAL_KEY_BYTES];
	char w[SEAL_WRAPPED_MAX], w2[SEAL_WRAPPED_MAX];

	(void)state;
	seal_new_key(master);
	seal_new_key(key);
	assert_int_equal(seal_wrap(master, key, w, sizeof(w)), 0);
	assert_int_equal(strlen(w), SEAL_WRAPPED_LEN);
	assert_int_equal(strlen(w), 99);
	assert_true(strncmp(w, "v1:", 3) == 0);
	assert_int_equal(strspn(w + 3, b64url), 96);
	assert_int_equal(seal_unwrap(master, w, back), 0);
	assert_memory_equal(key, back, SEAL_KEY_BYTES);
	/* random nonce: wrapping again gives another text that also opens */
	assert_int_equal(seal_wrap(master, key, w2, sizeof(w2)), 0);
	assert_string_not_equal(w, w2);
	memset(back, 0, sizeof(back));
	assert_int_equal(seal_unwrap(master, w2, back), 0);
	assert_memory_equal(key, back, SEAL_KEY_BYTES);
}

static void test_wrap_failures(void **state)
{
	unsigned char master[SEAL_KEY_BYTES], other[SEAL_KEY_BYTES];
	unsigned char key[SEAL_KEY_BYTES], back[SEAL_KEY_BYTES];
	unsigned char zero[SEAL_KEY_BYTES] = {0};
	char w[SEAL_WRAPPED_MAX], t[SEAL_WRAPPED_MAX + 8];

	(void)state;
	seal_new_key(master);
	seal_new_key(other);
	seal_new_key(key);
	assert_int_equal(seal_wrap(master, key, w, sizeof(w)), 0);

	/* wrong master key: fails, and the output is zeroed */
	memset(back, 0x55, sizeof(back));
	assert_int_equal(seal_unwrap(other, w, back), -1);
	assert_memory_equal(back, zero, SEAL_KEY_BYTES);

	/* every changed character fails (nonce, ciphertext, tag) */
	for (size_t i = 3; i < SEAL_WRAPPED_LEN; i++) {
		memcpy(t, w, sizeof(w));
		tamper(t, i);
		if (seal_unwrap(master, t, back) != -1)
			fail_msg("tampered character %zu opened", i);
	}
	/* truncated, extended, prefix changed, padded, empty */
	memcpy(t, w, sizeof(w));
	t[SEAL_WRAPPED_LEN - 1] = '\0';
	assert_int_equal(seal_unwrap(master, t, back), -1);
	t[SEAL_WRAPPED_LEN - 4] = '\0';
	assert_int_equal(seal_unwrap(master, t, back), -1);
	memcpy(t, w, sizeof(w));
	append(t, 'A');
	assert_int_equal(seal_unwrap(master, t, back), -1);
	memcpy(t, w, sizeof(w));
	t[1] = '2';
	assert_int_equal(seal_unwrap(master, t, back), -1);
	memcpy(t, w, sizeof(w));
	append(t, '=');
	assert_int_equal(seal_unwrap(master, t, back), -1);
	assert_int_equal(seal_unwrap(master, "", back), -1);
	assert_int_equal(seal_unwrap(master, "v1:", back), -1);
	assert_int_equal(seal_unwrap(master, NULL, back), -1);
	assert_int_equal(seal_unwrap(master, w + 3, back), -1);

	/* too small an output */
	memset(t, 'Z', sizeof(t));
	assert_int_equal(seal_wrap(master, key, t, SEAL_WRAPPED_MAX - 1), -1);
	assert_string_equal(t, "");
}

/* ---- values ---- */

static void test_seal_roundtrip(void **state)
{
	unsigned char key[SEAL_KEY_BYTES];
	char s[SEAL_SEALED_MAX], p[SEAL_PLAIN_MAX + 1];
	static char big[SEAL_PLAIN_MAX + 1];
	static const char *const values[] = {
		"11010519491231002X",      "",   "x", "张三 13800138000",
		"北京市朝阳区某某路 1 号", NULL,
	};

	(void)state;
	seal_new_key(key);
	for (int i = 0; values[i]; i++) {
		assert_int_equal(seal_encrypt(key, "id_number", values[i], s, sizeof(s)), 0);
		assert_int_equal(strlen(s), SEAL_SEALED_LEN(strlen(values[i])));
		assert_true(strncmp(s, "v1:", 3) == 0);
		assert_int_equal(strspn(s + 3, b64url), strlen(s) - 3);
		memset(p, 'Z', sizeof(p));
		assert_int_equal(seal_decrypt(key, "id_number", s, p, sizeof(p)), 0);
		assert_string_equal(p, values[i]);
	}
	/* the longest value, into exactly sized buffers */
	memset(big, 'a', SEAL_PLAIN_MAX);
	big[SEAL_PLAIN_MAX] = '\0';
	assert_int_equal(seal_encrypt(key, "note", big, s, sizeof(s)), 0);
	assert_int_equal(strlen(s) + 1, SEAL_SEALED_MAX);
	assert_int_equal(seal_decrypt(key, "note", s, p, sizeof(p)), 0);
	assert_string_equal(p, big);
	/* one byte longer is refused */
	{
		static char bigger[SEAL_PLAIN_MAX + 2];

		memset(bigger, 'a', SEAL_PLAIN_MAX + 1);
		assert_int_equal(seal_encrypt(key, "note", bigger, s, sizeof(s)), -1);
		assert_string_equal(s, "");
	}
}

static void test_seal_buffers(void **state)
{
	unsigned char key[SEAL_KEY_BYTES];
	char s[SEAL_SEALED_MAX], p[19];
	const char *v = "11010519491231002X"; /* 18 bytes */

	(void)state;
	seal_new_key(key);
	/* out exactly SEAL_SEALED_LEN(18) + 1 works, one less does not */
	assert_int_equal(seal_encrypt(key, "id_number", v, s, SEAL_SEALED_LEN(18) + 1), 0);
	assert_int_equal(seal_decrypt(key, "id_number", s, p, sizeof(p)), 0);
	assert_string_equal(p, v);
	/* plain one byte short: fails and is wiped */
	memset(p, 'Z', sizeof(p));
	assert_int_equal(seal_decrypt(key, "id_number", s, p, 18), -1);
	assert_string_equal(p, "");
	assert_int_equal(seal_decrypt(key, "id_number", s, p, 0), -1);
	assert_int_equal(seal_encrypt(key, "id_number", v, s, SEAL_SEALED_LEN(18)), -1);
	assert_string_equal(s, "");
}

static void test_seal_failures(void **state)
{
	unsigned char key[SEAL_KEY_BYTES], other[SEAL_KEY_BYTES];
	char s[SEAL_SEALED_MAX], t[SEAL_SEALED_MAX + 8], p[64];
	size_t n;

	(void)state;
	seal_new_key(key);
	seal_new_key(other);
	assert_int_equal(seal_encrypt(key, "id_number", "11010519491231002X", s, sizeof(s)),
			 0);
	n = strlen(s);

	/* wrong key */
	memset(p, 'Z', sizeof(p));
	assert_int_equal(seal_decrypt(other, "id_number", s, p, sizeof(p)), -1);
	assert_string_equal(p, "");
	/* another purpose: a sealed ID number does not open as a phone */
	assert_int_equal(seal_decrypt(key, "phone", s, p, sizeof(p)), -1);
	assert_int_equal(seal_decrypt(key, "id_number2", s, p, sizeof(p)), -1);
	/* nor as a wrapped key */
	{
		unsigned char k[SEAL_KEY_BYTES];

		assert_int_equal(seal_unwrap(key, s, k), -1);
	}
	/* every changed character */
	for (size_t i = 3; i < n; i++) {
		memcpy(t, s, n + 1);
		tamper(t, i);
		if (seal_decrypt(key, "id_number", t, p, sizeof(p)) != -1)
			fail_msg("tampered character %zu opened", i);
	}
	/* truncated by each length down to the prefix */
	for (size_t len = n - 1; len >= 3; len--) {
		memcpy(t, s, len);
		t[len] = '\0';
		if (seal_decrypt(key, "id_number", t, p, sizeof(p)) != -1)
			fail_msg("truncated to %zu opened", len);
	}
	assert_int_equal(seal_decrypt(key, "id_number", "", p, sizeof(p)), -1);
	assert_int_equal(seal_decrypt(key, "id_number", NULL, p, sizeof(p)), -1);
	assert_int_equal(seal_decrypt(key, "id_number", "v2:AAAA", p, sizeof(p)), -1);
	assert_int_equal(seal_decrypt(key, "id_number", s + 3, p, sizeof(p)), -1);
}

static void test_purpose_rules(void **state)
{
	unsigned char key[SEAL_KEY_BYTES], k[SEAL_KEY_BYTES];
	char s[SEAL_SEALED_MAX], p[64];
	char longest[SEAL_PURPOSE_MAX + 2];

	(void)state;
	seal_new_key(key);
	/* ':' would let a purpose reach the wrapped key's associated data */
	assert_int_equal(seal_encrypt(key, "key:v1", "0123456789abcdef0123456789abcdef",
				      s, sizeof(s)),
			 -1);
	assert_string_equal(s, "");
	assert_int_equal(seal_unwrap(key, s, k), -1);
	assert_int_equal(seal_encrypt(key, "", "x", s, sizeof(s)), -1);
	assert_int_equal(seal_encrypt(key, NULL, "x", s, sizeof(s)), -1);
	assert_int_equal(seal_encrypt(key, "ID_NUMBER", "x", s, sizeof(s)), -1);
	assert_int_equal(seal_encrypt(key, "id number", "x", s, sizeof(s)), -1);
	assert_int_equal(seal_encrypt(key, "id_number", NULL, s, sizeof(s)), -1);
	memset(longest, 'a', SEAL_PURPOSE_MAX);
	longest[SEAL_PURPOSE_MAX] = '\0';
	assert_int_equal(seal_encrypt(key, longest, "x", s, sizeof(s)), 0);
	assert_int_equal(seal_decrypt(key, longest, s, p, sizeof(p)), 0);
	assert_string_equal(p, "x");
	longest[SEAL_PURPOSE_MAX] = 'a';
	longest[SEAL_PURPOSE_MAX + 1] = '\0';
	assert_int_equal(seal_encrypt(key, longest, "x", s, sizeof(s)), -1);
	assert_int_equal(seal_decrypt(key, "bad:purpose", s, p, sizeof(p)), -1);
	assert_int_equal(seal_encrypt(key, "phone.v2-x_9", "x", s, sizeof(s)), 0);
}

static void test_nonce_random_blind_equal(void **state)
{
	unsigned char key[SEAL_KEY_BYTES];
	char a[SEAL_SEALED_MAX], b[SEAL_SEALED_MAX];
	char ba[SEAL_BLIND_MAX], bb[SEAL_BLIND_MAX];

	(void)state;
	seal_new_key(key);
	assert_int_equal(seal_encrypt(key, "id_number", "11010519491231002X", a, sizeof(a)),
			 0);
	assert_int_equal(seal_encrypt(key, "id_number", "11010519491231002X", b, sizeof(b)),
			 0);
	assert_string_not_equal(a, b);
	seal_blind(key, "id_number", "11010519491231002X", ba);
	seal_blind(key, "id_number", "11010519491231002X", bb);
	assert_string_equal(ba, bb);
}

/* ---- blind indexes ---- */

static void test_blind_known(void **state)
{
	static const struct {
		int key; /* 0: all zero; 1: 00 01 .. 1f */
		const char *purpose, *value, *hex;
	} v[] = {
		{0, "id_number", "11010519491231002X",
		 "3ee4010908656f2018eae6bb5e1906cb8121b97353ce7dc6e13d52e9df646b2f"},
		{0, "id_number", "",
		 "a5e067782f25fcafad21c611628563e8ffe8b61cef4d0a952e6362a63152d8f9"},
		{0, "phone", "11010519491231002X",
		 "0835f2daa56ebac280fc73405540428335fbdecdddfac910b1a95a95ed4a1626"},
		{1, "id_number", "11010519491231002X",
		 "3b2cb5c0f17b926e8b709ead083a1a8aae8e2e125262077bc27d76ac18d6f6fa"},
	};
	unsigned char keys[2][SEAL_KEY_BYTES] = {{0}};
	char out[SEAL_BLIND_MAX];

	(void)state;
	for (int i = 0; i < SEAL_KEY_BYTES; i++)
		keys[1][i] = (unsigned char)i;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		memset(out, 'Z', sizeof(out));
		seal_blind(keys[v[i].key], v[i].purpose, v[i].value, out);
		assert_string_equal(out, v[i].hex);
	}
}

static void test_blind_differs(void **state)
{
	unsigned char k1[SEAL_KEY_BYTES], k2[SEAL_KEY_BYTES];
	char a[SEAL_BLIND_MAX], b[SEAL_BLIND_MAX];

	(void)state;
	seal_new_key(k1);
	seal_new_key(k2);
	seal_blind(k1, "id_number", "11010519491231002X", a);
	seal_blind(k2, "id_number", "11010519491231002X", b);
	assert_string_not_equal(a, b); /* another key */
	seal_blind(k1, "phone", "11010519491231002X", b);
	assert_string_not_equal(a, b); /* another purpose */
	seal_blind(k1, "id_number", "11010519491231002x", b);
	assert_string_not_equal(a, b); /* exact: normalise first */
	/* the NUL separates purpose and value: "ab"+"c" is not "a"+"bc" */
	seal_blind(k1, "ab", "c", a);
	seal_blind(k1, "a", "bc", b);
	assert_string_not_equal(a, b);
	assert_int_equal(strlen(a), 64);
	assert_int_equal(strspn(a, "0123456789abcdef"), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_new_key),
		cmocka_unit_test(test_wrap_roundtrip),
		cmocka_unit_test(test_wrap_failures),
		cmocka_unit_test(test_seal_roundtrip),
		cmocka_unit_test(test_seal_buffers),
		cmocka_unit_test(test_seal_failures),
		cmocka_unit_test(test_purpose_rules),
		cmocka_unit_test(test_nonce_random_blind_equal),
		cmocka_unit_test(test_blind_known),
		cmocka_unit_test(test_blind_differs),
	};

	return cmocka_run_group_tests_name("seal", tests, group_setup, NULL);
}
