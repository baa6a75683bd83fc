/*
 * test_sign.c - services/sign: Ed25519 and compact JWS against the RFC 8037
 * Appendix A known answers (A.1 private key, A.2 public key, A.4 signing,
 * A.5 verification), base64url against RFC 4648 section 10 (url alphabet,
 * no padding) and its refusals, JWS round trips and every way a JWS is
 * refused (tampered payload or header, truncated signature, alg "none" or
 * "HS256", wrong number of parts, crit, bad header JSON), JWK output and
 * JWK Set reading, key ids.
 *
 * The key id known answer was computed independently with python3:
 *   "ed25519-" + base64.urlsafe_b64encode(hashlib.blake2b(X,
 *       digest_size=32).digest()).decode()[:16]
 * with X the RFC 8037 A.2 public key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "services/secret.h"
#include "services/sign.h"

static const char b64url[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* RFC 8037 Appendix A */
static const char rfc_d[] = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
static const char rfc_x[] = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
static const unsigned char rfc_d_raw[32] = {0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a,
					    0x60, 0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec,
					    0x2c, 0xc4, 0x44, 0x49, 0xc5, 0x69, 0x7b,
					    0x32, 0x69, 0x19, 0x70, 0x3b, 0xac, 0x03,
					    0x1c, 0xae, 0x7f, 0x60};
static const unsigned char rfc_x_raw[32] = {0xd7, 0x5a, 0x98, 0x01, 0x82, 0xb1, 0x0a,
					    0xb7, 0xd5, 0x4b, 0xfe, 0xd3, 0xc9, 0x64,
					    0x07, 0x3a, 0x0e, 0xe1, 0x72, 0xf3, 0xda,
					    0xa6, 0x23, 0x25, 0xaf, 0x02, 0x1a, 0x68,
					    0xf7, 0x07, 0x51, 0x1a};
static const char rfc_payload[] = "Example of Ed25519 signing";
static const char rfc_jws[] =
	"eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
	"hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9"
	"g7sVvpAr_MuM0KAg";

static int group_setup(void **state)
{
	(void)state;
	return secret_init();
}

/* Decodes a base64url text that the test knows to be valid. */
static size_t unb64(const char *s, unsigned char *out, size_t outlen)
{
	size_t n = 0;

	assert_int_equal(sign_unb64url(s, strlen(s), out, outlen, &n), 0);
	return n;
}

/* base64url of s into a new string (free it). */
static char *b64(const void *p, size_t n)
{
	struct buf b;
	char *s;

	buf_init(&b, 0);
	sign_b64url(p, n, &b);
	assert_false(buf_failed(&b));
	s = buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

/* header.payload.sig from three texts (free it). */
static char *join3(const char *h, const char *p, const char *s)
{
	struct buf b;
	char *r;

	buf_init(&b, 0);
	buf_printf(&b, "%s.%s.%s", h, p, s);
	assert_false(buf_failed(&b));
	r = buf_detach(&b, NULL);
	assert_non_null(r);
	return r;
}

/* A JWS of raw header text and payload with the signature part sig. */
static char *jws_of(const char *header, const char *payload, const char *sig)
{
	char *h = b64(header, strlen(header)), *p = b64(payload, strlen(payload));
	char *r = join3(h, p, sig);

	free(h);
	free(p);
	return r;
}

static void expect_parse(const char *jws, enum sign_err want)
{
	struct sign_jws_parts p;

	assert_int_equal(sign_jws_parse(jws, &p), want);
	if (want != SIGN_OK) {
		assert_null(p.header_json);
		assert_null(p.payload);
		assert_null(p.alg);
	}
	sign_jws_free(&p);
}

/* ---- RFC 8037 Appendix A ---- */

static void test_rfc8037_keys(void **state)
{
	unsigned char d[32], x[32], pub[32];

	(void)state;
	/* A.1 / A.2: the texts decode to the RFC's bytes */
	assert_int_equal(unb64(rfc_d, d, sizeof(d)), 32);
	assert_int_equal(unb64(rfc_x, x, sizeof(x)), 32);
	assert_memory_equal(d, rfc_d_raw, 32);
	assert_memory_equal(x, rfc_x_raw, 32);
	/* the public key of d is x */
	sign_public(d, pub);
	assert_memory_equal(pub, x, 32);
}

static void test_rfc8037_sign(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	/* A.4 with the RFC's own protected header */
	assert_int_equal(sign_jws_header(rfc_d_raw, "{\"alg\":\"EdDSA\"}", rfc_payload,
					 strlen(rfc_payload), &b),
			 0);
	assert_string_equal(b.data, rfc_jws);
	/* sign_jws without kid and typ writes that very header */
	buf_reset(&b);
	assert_int_equal(
		sign_jws(rfc_d_raw, NULL, NULL, rfc_payload, strlen(rfc_payload), &b), 0);
	assert_string_equal(b.data, rfc_jws);
	/* appends */
	buf_reset(&b);
	buf_puts(&b, "jws=");
	assert_int_equal(
		sign_jws(rfc_d_raw, NULL, NULL, rfc_payload, strlen(rfc_payload), &b), 0);
	assert_string_equal(b.data + 4, rfc_jws);
	assert_memory_equal(b.data, "jws=", 4);
	buf_release(&b);
}

/* The expanded key signs exactly as the seed does (A.4 again), and is
 * seed || public key; wiping clears it. */
static void test_expanded_key(void **state)
{
	struct sign_key k;
	unsigned char sig1[SIGN_SIG_BYTES], sig2[SIGN_SIG_BYTES];
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	sign_key_from_seed(rfc_d_raw, &k);
	assert_memory_equal(k.sk, rfc_d_raw, 32);
	assert_memory_equal(k.sk + 32, rfc_x_raw, 32);
	assert_int_equal(sign_jws_key(&k, NULL, NULL, rfc_payload, strlen(rfc_payload), &b),
			 0);
	assert_string_equal(b.data, rfc_jws);
	sign_detached_key(&k, "abc", 3, sig1);
	sign_detached(rfc_d_raw, "abc", 3, sig2);
	assert_memory_equal(sig1, sig2, sizeof(sig1));
	assert_true(sign_verify_detached(rfc_x_raw, "abc", 3, sig1));
	sign_key_wipe(&k);
	for (size_t i = 0; i < sizeof(k.sk); i++)
		assert_int_equal(k.sk[i], 0);
	buf_release(&b);
}

static void test_rfc8037_verify(void **state)
{
	struct sign_jws_parts p;
	unsigned char other[32], seed[32];

	(void)state;
	/* A.5 */
	assert_int_equal(sign_jws_parse(rfc_jws, &p), SIGN_OK);
	assert_string_equal(p.header_json, "{\"alg\":\"EdDSA\"}");
	assert_string_equal(p.alg, "EdDSA");
	assert_null(p.kid);
	assert_null(p.typ);
	assert_int_equal(p.payload_len, strlen(rfc_payload));
	assert_memory_equal(p.payload, rfc_payload, p.payload_len);
	assert_int_equal(p.payload[p.payload_len], '\0');
	assert_ptr_equal(p.signing_input, rfc_jws);
	assert_int_equal(p.signing_input_len,
			 strlen("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc"));
	assert_int_equal(sign_jws_verify(&p, rfc_x_raw), SIGN_OK);
	/* another key does not verify it */
	sign_seed_new(seed);
	sign_public(seed, other);
	assert_int_equal(sign_jws_verify(&p, other), SIGN_BAD_SIGNATURE);
	sign_jws_free(&p);
	assert_null(p.payload);
	sign_jws_free(&p); /* twice is harmless */
	/* parts that did not come from a parse */
	assert_int_equal(sign_jws_verify(&p, rfc_x_raw), SIGN_MALFORMED);
}

/* ---- detached signatures and keys ---- */

static void test_detached(void **state)
{
	unsigned char seed[32], seed2[32], pub[32], pub2[32], sig[64], sig2[64];
	unsigned char zero[32] = {0};
	static const char msg[] = "证书 2024-000123";

	(void)state;
	sign_seed_new(seed);
	sign_seed_new(seed2);
	assert_memory_not_equal(seed, seed2, 32);
	assert_memory_not_equal(seed, zero, 32);
	sign_public(seed, pub);
	sign_public(seed2, pub2);
	sign_detached(seed, msg, strlen(msg), sig);
	assert_true(sign_verify_detached(pub, msg, strlen(msg), sig));
	assert_false(sign_verify_detached(pub2, msg, strlen(msg), sig));
	assert_false(sign_verify_detached(pub, msg, strlen(msg) - 1, sig));
	/* deterministic */
	sign_detached(seed, msg, strlen(msg), sig2);
	assert_memory_equal(sig, sig2, 64);
	/* one bit of the signature */
	sig2[10] ^= 0x01;
	assert_false(sign_verify_detached(pub, msg, strlen(msg), sig2));
	/* the empty message */
	sign_detached(seed, "", 0, sig);
	assert_true(sign_verify_detached(pub, "", 0, sig));
}

static void test_kid(void **state)
{
	char a[SIGN_KID_MAX], b[SIGN_KID_MAX], c[SIGN_KID_MAX];
	unsigned char seed[32], pub[32];

	(void)state;
	sign_kid(rfc_x_raw, a);
	assert_string_equal(a, "ed25519-eEmsMEloC-Hvdi7-");
	sign_kid(rfc_x_raw, b);
	assert_string_equal(a, b);
	sign_seed_new(seed);
	sign_public(seed, pub);
	sign_kid(pub, c);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(c), 24);
	assert_memory_equal(c, "ed25519-", 8);
	assert_int_equal(strspn(c + 8, b64url), 16);
}

/* ---- base64url ---- */

static void test_b64url_vectors(void **state)
{
	/* RFC 4648 section 10, padding dropped */
	static const struct {
		const char *in, *out;
	} v[] = {
		{"", ""},
		{"f", "Zg"},
		{"fo", "Zm8"},
		{"foo", "Zm9v"},
		{"foob", "Zm9vYg"},
		{"fooba", "Zm9vYmE"},
		{"foobar", "Zm9vYmFy"},
	};
	static const unsigned char url[] = {0xfb, 0xff, 0xbf};
	unsigned char back[16];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		char *s = b64(v[i].in, strlen(v[i].in));

		assert_string_equal(s, v[i].out);
		assert_int_equal(SIGN_B64URL_LEN(strlen(v[i].in)), strlen(s));
		n = 99;
		assert_int_equal(sign_unb64url(s, strlen(s), back, sizeof(back), &n), 0);
		assert_int_equal(n, strlen(v[i].in));
		assert_memory_equal(back, v[i].in, n);
		free(s);
	}
	/* the url alphabet: standard "+/8=" and "+/+/" */
	{
		char *s = b64(url, 2);

		assert_string_equal(s, "-_8");
		free(s);
		s = b64(url, 3);
		assert_string_equal(s, "-_-_");
		free(s);
	}
	assert_int_equal(sign_unb64url("-_-_", 4, back, sizeof(back), &n), 0);
	assert_int_equal(n, 3);
	assert_memory_equal(back, url, 3);
	/* exactly the room needed is enough */
	assert_int_equal(sign_unb64url("Zm9vYmFy", 8, back, 6, &n), 0);
	assert_int_equal(n, 6);
	/* a length, not a NUL, ends the text */
	assert_int_equal(sign_unb64url("Zm9vYmFy", 4, back, sizeof(back), &n), 0);
	assert_int_equal(n, 3);
}

static void test_b64url_long(void **state)
{
	/* longer than one encoding chunk, not a multiple of 3: agrees with
	 * buf_base64 turned into the url alphabet */
	unsigned char data[2000], *back;
	struct buf std;
	char *s;
	size_t j = 0, n;

	(void)state;
	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (unsigned char)(i * 7 + 3);
	buf_init(&std, 0);
	buf_base64(&std, data, sizeof(data));
	for (size_t i = 0; i < std.len; i++) {
		char c = std.data[i];

		if (c == '=')
			continue;
		std.data[j++] = c == '+' ? '-' : c == '/' ? '_' : c;
	}
	std.data[j] = '\0';
	s = b64(data, sizeof(data));
	assert_string_equal(s, std.data);
	back = malloc(sizeof(data));
	assert_non_null(back);
	assert_int_equal(sign_unb64url(s, strlen(s), back, sizeof(data), &n), 0);
	assert_int_equal(n, sizeof(data));
	assert_memory_equal(back, data, n);
	/* one byte short of room */
	assert_int_equal(sign_unb64url(s, strlen(s), back, sizeof(data) - 1, &n), -1);
	assert_int_equal(n, 0);
	free(back);
	free(s);
	buf_release(&std);
}

static void test_b64url_refusals(void **state)
{
	static const char *const bad[] = {
		"Zg==",                  /* padding */
		"Zm8=",                  /* padding */
		"Zm9v=",                 /* padding after a full group */
		"+/8",                   /* the standard alphabet */
		"Zm/v",                  /* the standard alphabet */
		"Zm 9v",                 /* whitespace */
		"Zm9v\n", " Zm9v",  "Z", /* 4k+1 characters */
		"Zm9vY",  "Zh",          /* non-zero trailing bits */
		"Zm9",    "Zm9vYh", "Zm.9",
	};
	unsigned char out[16];
	size_t n;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		n = 99;
		assert_int_equal(sign_unb64url(bad[i], strlen(bad[i]), out, sizeof(out), &n),
				 -1);
		assert_int_equal(n, 0);
	}
	/* a NUL inside the length */
	assert_int_equal(sign_unb64url("Zm\0v", 4, out, sizeof(out), &n), -1);
	/* out too small */
	assert_int_equal(sign_unb64url("Zm9v", 4, out, 2, &n), -1);
	/* n may be NULL */
	assert_int_equal(sign_unb64url("Zm9v", 4, out, sizeof(out), NULL), 0);
}

/* ---- JWS ---- */

static void test_jws_roundtrip(void **state)
{
	static const char payload[] = "{\"vc\":{\"credentialSubject\":{\"name\":\"张三\"}}}";
	unsigned char seed[32], pub[32];
	char kid[SIGN_KID_MAX], *want;
	struct sign_jws_parts p;
	struct buf b, h;

	(void)state;
	sign_seed_new(seed);
	sign_public(seed, pub);
	sign_kid(pub, kid);
	buf_init(&b, 0);
	buf_init(&h, 0);
	assert_int_equal(sign_jws(seed, kid, "vc+jwt", payload, strlen(payload), &b), 0);
	assert_int_equal(strspn(b.data, b64url), strchr(b.data, '.') - b.data);
	assert_int_equal(sign_jws_parse(b.data, &p), SIGN_OK);
	buf_printf(&h, "{\"alg\":\"EdDSA\",\"kid\":\"%s\",\"typ\":\"vc+jwt\"}", kid);
	assert_string_equal(p.header_json, h.data);
	assert_string_equal(p.alg, "EdDSA");
	assert_string_equal(p.kid, kid);
	assert_string_equal(p.typ, "vc+jwt");
	assert_int_equal(p.payload_len, strlen(payload));
	assert_memory_equal(p.payload, payload, p.payload_len);
	assert_int_equal(sign_jws_verify(&p, pub), SIGN_OK);
	sign_jws_free(&p);

	/* a kid that needs escaping comes back as it went in */
	buf_reset(&b);
	assert_int_equal(sign_jws(seed, "k\"\\\n/机构", NULL, "x", 1, &b), 0);
	assert_int_equal(sign_jws_parse(b.data, &p), SIGN_OK);
	assert_string_equal(p.kid, "k\"\\\n/机构");
	assert_null(p.typ);
	assert_int_equal(sign_jws_verify(&p, pub), SIGN_OK);
	sign_jws_free(&p);

	/* a kid that is not UTF-8 is refused, out left alone */
	buf_reset(&b);
	buf_puts(&b, "keep");
	assert_int_equal(sign_jws(seed, "bad\xff", NULL, "x", 1, &b), -1);
	assert_string_equal(b.data, "keep");
	/* sign_jws_header refuses headers sign_jws_parse would refuse */
	assert_int_equal(sign_jws_header(seed, "{\"alg\":\"none\"}", "x", 1, &b), -1);
	assert_int_equal(sign_jws_header(seed, "{\"alg\":\"EdDSA\",\"crit\":[\"b64\"]}",
					 "x", 1, &b),
			 -1);
	assert_int_equal(sign_jws_header(seed, "not json", "x", 1, &b), -1);
	assert_string_equal(b.data, "keep");
	/* an empty payload */
	buf_reset(&b);
	assert_int_equal(sign_jws(seed, kid, NULL, "", 0, &b), 0);
	assert_int_equal(sign_jws_parse(b.data, &p), SIGN_OK);
	assert_int_equal(p.payload_len, 0);
	assert_int_equal(sign_jws_verify(&p, pub), SIGN_OK);
	sign_jws_free(&p);

	/* the JWS compares with one made by hand from its parts */
	buf_reset(&b);
	assert_int_equal(sign_jws(seed, kid, "vc+jwt", payload, strlen(payload), &b), 0);
	{
		unsigned char sig[64];
		char *hs = b64(h.data, h.len), *ps = b64(payload, strlen(payload));
		char *si = join3(hs, ps, ""), *ss;

		si[strlen(si) - 1] = '\0'; /* drop the last '.' */
		sign_detached(seed, si, strlen(si), sig);
		ss = b64(sig, sizeof(sig));
		want = join3(hs, ps, ss);
		assert_string_equal(b.data, want);
		free(hs);
		free(ps);
		free(si);
		free(ss);
		free(want);
	}
	buf_release(&b);
	buf_release(&h);
}

static void test_jws_tampered(void **state)
{
	unsigned char seed[32], pub[32];
	struct sign_jws_parts p;
	struct buf b;
	char *d1, *d2, *t, *hs, *ps;

	(void)state;
	sign_seed_new(seed);
	sign_public(seed, pub);
	buf_init(&b, 0);
	assert_int_equal(sign_jws(seed, "key-1", "vc+jwt", "{\"n\":1}", 7, &b), 0);
	d1 = strchr(b.data, '.');
	d2 = strchr(d1 + 1, '.');

	/* another payload under the same header and signature */
	*d1 = *d2 = '\0';
	ps = b64("{\"n\":2}", 7);
	t = join3(b.data, ps, d2 + 1);
	assert_int_equal(sign_jws_parse(t, &p), SIGN_OK);
	assert_int_equal(sign_jws_verify(&p, pub), SIGN_BAD_SIGNATURE);
	sign_jws_free(&p);
	free(t);
	free(ps);

	/* another header (the kid changed) */
	hs = b64("{\"alg\":\"EdDSA\",\"kid\":\"key-2\",\"typ\":\"vc+jwt\"}",
		 strlen("{\"alg\":\"EdDSA\",\"kid\":\"key-2\",\"typ\":\"vc+jwt\"}"));
	t = join3(hs, d1 + 1, d2 + 1);
	assert_int_equal(sign_jws_parse(t, &p), SIGN_OK);
	assert_string_equal(p.kid, "key-2");
	assert_int_equal(sign_jws_verify(&p, pub), SIGN_BAD_SIGNATURE);
	sign_jws_free(&p);
	free(t);
	free(hs);

	/* the untouched parts still verify */
	t = join3(b.data, d1 + 1, d2 + 1);
	assert_int_equal(sign_jws_parse(t, &p), SIGN_OK);
	assert_int_equal(sign_jws_verify(&p, pub), SIGN_OK);
	sign_jws_free(&p);

	/* one character of the signature changed */
	t[strlen(t) - 5] = t[strlen(t) - 5] == 'A' ? 'B' : 'A';
	assert_int_equal(sign_jws_parse(t, &p), SIGN_OK);
	assert_int_equal(sign_jws_verify(&p, pub), SIGN_BAD_SIGNATURE);
	sign_jws_free(&p);

	/* truncated signatures: 85 characters (4k+1), 84 (63 bytes), none */
	t[strlen(t) - 1] = '\0';
	expect_parse(t, SIGN_MALFORMED);
	t[strlen(t) - 1] = '\0';
	expect_parse(t, SIGN_MALFORMED);
	*(strrchr(t, '.') + 1) = '\0';
	expect_parse(t, SIGN_MALFORMED);
	free(t);

	/* a signature too long (65 bytes) */
	{
		unsigned char sig[65] = {0};
		char *ss = b64(sig, sizeof(sig));

		t = join3(b.data, d1 + 1, ss);
		expect_parse(t, SIGN_MALFORMED);
		free(t);
		free(ss);
	}
	buf_release(&b);
}

static void test_jws_bad_alg(void **state)
{
	static const char *const headers[] = {
		"{\"alg\":\"none\"}",
		"{\"alg\":\"HS256\",\"typ\":\"JWT\"}",
		"{\"alg\":\"ES256\",\"kid\":\"k\"}",
		"{\"alg\":\"eddsa\"}",
		"{\"alg\":\"Ed25519\"}",
		"{\"alg\":\"EdDSA \"}",
	};
	/* a 64-byte signature text, so only alg is wrong */
	static const char sig[] =
		"hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9"
		"g7sVvpAr_MuM0KAg";
	struct sign_jws_parts p;

	(void)state;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		char *t = jws_of(headers[i], "Example of Ed25519 signing", sig);

		expect_parse(t, SIGN_BAD_ALG);
		free(t);
		t = jws_of(headers[i], "{}", ""); /* alg none: no signature */
		expect_parse(t, SIGN_BAD_ALG);
		free(t);
	}
	/* the classic: alg none with an empty signature on a real payload */
	{
		char *t = jws_of("{\"alg\":\"none\",\"typ\":\"vc+jwt\"}",
				 "{\"sub\":\"x\"}", "");

		assert_int_equal(sign_jws_parse(t, &p), SIGN_BAD_ALG);
		assert_int_equal(sign_jws_verify(&p, rfc_x_raw), SIGN_MALFORMED);
		sign_jws_free(&p);
		free(t);
	}
	assert_string_equal(sign_strerror(SIGN_BAD_ALG), "bad_alg");
	assert_string_equal(sign_strerror(SIGN_OK), "ok");
}

static void test_jws_malformed(void **state)
{
	static const char sig[] =
		"hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9"
		"g7sVvpAr_MuM0KAg";
	static const char *const headers[] = {
		"", /* empty */
		"not json",
		"[\"alg\",\"EdDSA\"]", /* not an object */
		"\"EdDSA\"",
		"{}", /* no alg */
		"{\"alg\":null}",
		"{\"alg\":[\"EdDSA\"]}",
		"{\"alg\":\"EdDSA\",\"crit\":[\"exp\"]}", /* crit */
		"{\"alg\":\"EdDSA\",\"crit\":[]}",
		"{\"alg\":\"EdDSA\",\"b64\":false}",
		"{\"alg\":\"EdDSA\",\"alg\":\"EdDSA\"}", /* duplicate names */
		"{\"alg\":\"none\",\"alg\":\"EdDSA\"}",
		"{\"alg\":\"EdDSA\",\"kid\":5}", /* kid, typ not strings */
		"{\"alg\":\"EdDSA\",\"typ\":{}}",
		"{\"alg\":\"EdDSA\",\"kid\":\"a\\u0000b\"}", /* NUL in a string */
		"{\"alg\":\"EdDSA\"} x",                     /* text after the object */
	};
	char *t, *ok;

	(void)state;
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		t = jws_of(headers[i], "x", sig);
		expect_parse(t, SIGN_MALFORMED);
		free(t);
	}
	/* the part count */
	expect_parse("", SIGN_MALFORMED);
	expect_parse("eyJhbGciOiJFZERTQSJ9", SIGN_MALFORMED);
	expect_parse("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc",
		     SIGN_MALFORMED);
	ok = join3(rfc_jws, "", "");
	expect_parse(ok, SIGN_MALFORMED); /* five parts (JWE-shaped) */
	free(ok);
	ok = join3("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc", "", "");
	expect_parse(ok, SIGN_MALFORMED); /* four parts */
	free(ok);
	expect_parse(NULL, SIGN_MALFORMED);
	/* padding, the standard alphabet, whitespace in a part */
	expect_parse("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc=."
		     "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iy"
		     "lGjg5BhVsPt9g7sVvpAr_MuM0KAg",
		     SIGN_MALFORMED);
	expect_parse("eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
		     "hgyY0il/MGCjP0JzlnLWG1PPOt7+09PGcvMg3AIbQR6dWbhijcNR4ki4iy"
		     "lGjg5BhVsPt9g7sVvpAr/MuM0KAg",
		     SIGN_MALFORMED);
	expect_parse(" eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
		     "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iy"
		     "lGjg5BhVsPt9g7sVvpAr_MuM0KAg",
		     SIGN_MALFORMED);
	{
		size_t n = strlen(rfc_jws);
		char *nl = malloc(n + 2);

		assert_non_null(nl);
		memcpy(nl, rfc_jws, n);
		nl[n] = '\n';
		nl[n + 1] = '\0';
		expect_parse(nl, SIGN_MALFORMED);
		free(nl);
	}
	/* the RFC's JWS itself still parses */
	expect_parse(rfc_jws, SIGN_OK);
}

/* ---- JWK ---- */

struct seen {
	int n;
	char kid[4][64];
	unsigned char pub[4][32];
	int stop_after;
};

static int collect(const char *kid, const unsigned char pub[SIGN_PUB_BYTES], void *arg)
{
	struct seen *s = arg;

	if (s->n < 4) {
		snprintf(s->kid[s->n], sizeof(s->kid[0]), "%s", kid ? kid : "(null)");
		memcpy(s->pub[s->n], pub, 32);
	}
	s->n++;
	return s->stop_after && s->n >= s->stop_after;
}

static void test_jwk(void **state)
{
	unsigned char seed[32], pub[32], x[32];
	char kid[SIGN_KID_MAX];
	json_error_t jerr;
	json_t *j;
	struct buf b;

	(void)state;
	sign_seed_new(seed);
	sign_public(seed, pub);
	sign_kid(pub, kid);
	buf_init(&b, 0);
	assert_int_equal(sign_jwk(kid, pub, &b), 0);
	j = json_loads(b.data, JSON_REJECT_DUPLICATES, &jerr);
	assert_non_null(j);
	assert_int_equal(json_object_size(j), 6);
	assert_string_equal(json_string_value(json_object_get(j, "kty")), "OKP");
	assert_string_equal(json_string_value(json_object_get(j, "crv")), "Ed25519");
	assert_string_equal(json_string_value(json_object_get(j, "kid")), kid);
	assert_string_equal(json_string_value(json_object_get(j, "alg")), "EdDSA");
	assert_string_equal(json_string_value(json_object_get(j, "use")), "sig");
	assert_int_equal(json_string_length(json_object_get(j, "x")), 43);
	assert_int_equal(unb64(json_string_value(json_object_get(j, "x")), x, sizeof(x)),
			 32);
	assert_memory_equal(x, pub, 32);
	assert_null(json_object_get(j, "d")); /* never the private key */
	json_decref(j);

	/* the RFC's key, byte for byte */
	buf_reset(&b);
	assert_int_equal(sign_jwk("1", rfc_x_raw, &b), 0);
	assert_string_equal(b.data, "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"11qYAYKx"
				    "CrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo\",\"kid\":\"1\","
				    "\"alg\":\"EdDSA\",\"use\":\"sig\"}");
	/* without a kid; with a kid that is not UTF-8 */
	buf_reset(&b);
	assert_int_equal(sign_jwk(NULL, rfc_x_raw, &b), 0);
	assert_null(strstr(b.data, "kid"));
	buf_reset(&b);
	assert_int_equal(sign_jwk("\xc3", rfc_x_raw, &b), -1);
	assert_string_equal(b.data, "");
	buf_release(&b);
}

/* the RFC 8037 public key; the start of an Ed25519 JWK */
#define X "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
#define ED "{\"kty\":\"OKP\",\"crv\":\"Ed25519\","

static void test_jwks_each(void **state)
{
	unsigned char seed[32], pub1[32], pub2[32];
	char kid1[SIGN_KID_MAX], kid2[SIGN_KID_MAX];
	struct seen s;
	struct buf b;

	(void)state;
	sign_seed_new(seed);
	sign_public(seed, pub1);
	sign_seed_new(seed);
	sign_public(seed, pub2);
	sign_kid(pub1, kid1);
	sign_kid(pub2, kid2);

	buf_init(&b, 0);
	buf_puts(&b, "{\"keys\":[");
	assert_int_equal(sign_jwk(kid1, pub1, &b), 0);
	/* skipped: not OKP, not Ed25519, not for signing, another alg, x
	 * not 32 bytes or padded or not a string, kid not a string, not
	 * objects */
	buf_puts(&b, ",{\"kty\":\"RSA\",\"n\":\"AQAB\",\"e\":\"AQAB\",\"kid\":\"r\"}"
		     ",{\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":\"" X "\"}"
		     "," ED "\"use\":\"enc\",\"x\":\"" X "\"}"
		     "," ED "\"alg\":\"ES256\",\"x\":\"" X "\"}"
		     "," ED "\"x\":\"" X "A\"}"
		     "," ED "\"x\":\"11qYAYKxCrfVS_7TyWQHOg\"}"
		     "," ED "\"x\":\"" X "=\"}"
		     "," ED "\"kid\":7,\"x\":\"" X "\"}"
		     "," ED "\"x\":42}"
		     ",\"not a key\",[],null,");
	assert_int_equal(sign_jwk(kid2, pub2, &b), 0);
	buf_puts(&b, "," ED "\"x\":\"" X "\"}]}"); /* no kid */
	assert_false(buf_failed(&b));

	memset(&s, 0, sizeof(s));
	assert_int_equal(sign_jwks_each(b.data, collect, &s), 3);
	assert_int_equal(s.n, 3);
	assert_string_equal(s.kid[0], kid1);
	assert_memory_equal(s.pub[0], pub1, 32);
	assert_string_equal(s.kid[1], kid2);
	assert_memory_equal(s.pub[1], pub2, 32);
	assert_string_equal(s.kid[2], "(null)"); /* a key without kid */
	assert_memory_equal(s.pub[2], rfc_x_raw, 32);

	/* fn stops the walk */
	memset(&s, 0, sizeof(s));
	s.stop_after = 1;
	assert_int_equal(sign_jwks_each(b.data, collect, &s), 1);
	assert_int_equal(s.n, 1);

	/* an empty set; texts that are not JWK Sets */
	memset(&s, 0, sizeof(s));
	assert_int_equal(sign_jwks_each("{\"keys\":[]}", collect, &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(sign_jwks_each("{}", collect, &s), -1);
	assert_int_equal(sign_jwks_each("[]", collect, &s), -1);
	assert_int_equal(sign_jwks_each("{\"keys\":{}}", collect, &s), -1);
	assert_int_equal(sign_jwks_each("{\"keys\":[]", collect, &s), -1);
	assert_int_equal(sign_jwks_each("{\"keys\":[],\"keys\":[]}", collect, &s), -1);
	assert_int_equal(sign_jwks_each("", collect, &s), -1);
	assert_int_equal(sign_jwks_each(NULL, collect, &s), -1);
	assert_int_equal(s.n, 0);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rfc8037_keys),
		cmocka_unit_test(test_rfc8037_sign),
		cmocka_unit_test(test_expanded_key),
		cmocka_unit_test(test_rfc8037_verify),
		cmocka_unit_test(test_detached),
		cmocka_unit_test(test_kid),
		cmocka_unit_test(test_b64url_vectors),
		cmocka_unit_test(test_b64url_long),
		cmocka_unit_test(test_b64url_refusals),
		cmocka_unit_test(test_jws_roundtrip),
		cmocka_unit_test(test_jws_tampered),
		cmocka_unit_test(test_jws_bad_alg),
		cmocka_unit_test(test_jws_malformed),
		cmocka_unit_test(test_jwk),
		cmocka_unit_test(test_jwks_each),
	};

	return cmocka_run_group_tests(tests, group_setup, NULL);
}
