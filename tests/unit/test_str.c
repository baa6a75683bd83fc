/*
 * test_str.c - base/str: strict integer parsing, UTF-8 validity and length,
 * trimming, URL decoding/encoding, form parsing, hex, random.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <string.h>

#include "base/str.h"

/* ---- str_to_ll ---- */

static void test_to_ll_ok(void **state)
{
	long long v = -1;

	(void)state;
	assert_int_equal(str_to_ll("0", 0, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(str_to_ll("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(str_to_ll("-17", -100, 100, &v), 0);
	assert_int_equal(v, -17);
	assert_int_equal(str_to_ll("100", 0, 100, &v), 0); /* bounds inclusive */
	assert_int_equal(v, 100);
	assert_int_equal(str_to_ll("-100", -100, 100, &v), 0);
	assert_int_equal(v, -100);
}

static void test_to_ll_strict(void **state)
{
	static const char *const bad[] = {
		"",    " 1",  "1 ",  "1x",  "x1",  "+1", "-", "0x10",
		"1.0", "1e3", "\t1", "1\n", "--1", "١", /* Arabic-Indic digit one */
	};
	long long v = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(str_to_ll(bad[i], LLONG_MIN, LLONG_MAX, &v), -1);
		assert_int_equal(v, 12345); /* untouched on failure */
	}
	assert_int_equal(str_to_ll(NULL, 0, 10, &v), -1);
	assert_int_equal(v, 12345);
}

static void test_to_ll_range(void **state)
{
	long long v = 5;

	(void)state;
	assert_int_equal(str_to_ll("101", 0, 100, &v), -1);
	assert_int_equal(str_to_ll("-1", 0, 100, &v), -1);
	assert_int_equal(v, 5);
	assert_int_equal(str_to_ll("9223372036854775807", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MAX);
	assert_int_equal(str_to_ll("-9223372036854775808", LLONG_MIN, LLONG_MAX, &v), 0);
	assert_true(v == LLONG_MIN);
	v = 5;
	/* overflow is an error, not a clamp */
	assert_int_equal(str_to_ll("9223372036854775808", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(str_to_ll("-9223372036854775809", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(str_to_ll("99999999999999999999999", LLONG_MIN, LLONG_MAX, &v), -1);
	assert_int_equal(v, 5);
}

/* ---- UTF-8 ---- */

#define VALID(lit) str_utf8_valid((lit), sizeof(lit) - 1)

static void test_utf8_valid(void **state)
{
	(void)state;
	assert_true(str_utf8_valid("", 0));
	assert_true(VALID("plain ascii ~"));
	assert_true(VALID("机械工业职业技能鉴定指导中心"));
	assert_true(VALID("\xC2\x80"));         /* U+0080, smallest 2-byte */
	assert_true(VALID("\xDF\xBF"));         /* U+07FF */
	assert_true(VALID("\xE0\xA0\x80"));     /* U+0800, smallest 3-byte */
	assert_true(VALID("\xED\x9F\xBF"));     /* U+D7FF, just below surrogates */
	assert_true(VALID("\xEE\x80\x80"));     /* U+E000, just above */
	assert_true(VALID("\xEF\xBF\xBF"));     /* U+FFFF */
	assert_true(VALID("\xF0\x90\x80\x80")); /* U+10000 */
	assert_true(VALID("\xF0\x9F\x98\x80")); /* emoji */
	assert_true(VALID("\xF4\x8F\xBF\xBF")); /* U+10FFFF */
	assert_true(VALID("a\x7F"));            /* DEL is valid UTF-8 */
}

static void test_utf8_invalid(void **state)
{
	(void)state;
	/* NUL anywhere */
	assert_false(VALID("\0"));
	assert_false(VALID("ab\0cd"));
	/* overlong forms */
	assert_false(VALID("\xC0\xAF"));
	assert_false(VALID("\xC1\xBF"));
	assert_false(VALID("\xC0\x80")); /* overlong NUL */
	assert_false(VALID("\xE0\x80\xAF"));
	assert_false(VALID("\xE0\x9F\xBF"));
	assert_false(VALID("\xF0\x80\x80\xAF"));
	assert_false(VALID("\xF0\x8F\xBF\xBF"));
	/* surrogates */
	assert_false(VALID("\xED\xA0\x80"));             /* U+D800 */
	assert_false(VALID("\xED\xBF\xBF"));             /* U+DFFF */
	assert_false(VALID("\xED\xA0\xBD\xED\xB8\x80")); /* CESU-8 pair */
	/* above U+10FFFF, and bytes that never occur */
	assert_false(VALID("\xF4\x90\x80\x80"));
	assert_false(VALID("\xF5\x80\x80\x80"));
	assert_false(VALID("\xF8\x88\x80\x80\x80"));
	assert_false(VALID("\xFE"));
	assert_false(VALID("\xFF"));
	/* lone and stray continuation bytes */
	assert_false(VALID("\x80"));
	assert_false(VALID("a\xBF"
			   "b"));
	/* truncated sequences, at the end and in the middle */
	assert_false(VALID("\xC3"));
	assert_false(VALID("\xE6\x9C"));
	assert_false(VALID("\xF0\x9F\x98"));
	assert_false(VALID("ok\xE6\x9C"));
	assert_false(VALID("\xE6\x9C"
			   "a"));
	assert_false(VALID("\xC3"
			   "a"));
	/* a lead byte followed by another lead byte */
	assert_false(VALID("\xE6\xE6\x9C\xBA"));
}

static void test_utf8_length_bound(void **state)
{
	/* "机" is E6 9C BA; cutting n must make it invalid, never read past n */
	const char s[] = "\xE6\x9C\xBA";

	(void)state;
	assert_true(str_utf8_valid(s, 3));
	assert_false(str_utf8_valid(s, 2));
	assert_false(str_utf8_valid(s, 1));
	assert_true(str_utf8_valid(s, 0));
	assert_true(str_utf8_valid("ab\0", 2)); /* the NUL lies beyond n */
}

static void test_utf8_len(void **state)
{
	(void)state;
	assert_int_equal(str_utf8_len("", 0), 0);
	assert_int_equal(str_utf8_len("abc", 3), 3);
	assert_int_equal(str_utf8_len("机构", strlen("机构")), 2);
	assert_int_equal(str_utf8_len("a机b构c", strlen("a机b构c")), 5);
	assert_int_equal(str_utf8_len("\xC3\xA9", 2), 1);
	assert_int_equal(str_utf8_len("\xF0\x9F\x98\x80!", 5), 2);
	assert_int_equal(str_utf8_len("机构", 3), 1); /* stops at n */
}

/* ---- trim, prefix ---- */

static void test_trim_prefix(void **state)
{
	struct arena a;

	(void)state;
	arena_init(&a);
	assert_string_equal(str_trim_dup(&a, "  a b \t\r\n"), "a b");
	assert_string_equal(str_trim_dup(&a, "\n\t "), "");
	assert_string_equal(str_trim_dup(&a, ""), "");
	assert_string_equal(str_trim_dup(&a, "机构"), "机构");
	assert_true(str_has_prefix("sqlite:x", "sqlite:"));
	assert_true(str_has_prefix("abc", ""));
	assert_false(str_has_prefix("sqlit", "sqlite:"));
	assert_false(str_has_prefix("postgres", "postgresql://"));
	arena_release(&a);
}

/* ---- URL decoding ---- */

static const char *dec(struct arena *a, const char *s)
{
	return str_url_decode(a, s, strlen(s));
}

static void test_url_decode(void **state)
{
	struct arena a;
	const char *p;

	(void)state;
	arena_init(&a);
	assert_string_equal(dec(&a, ""), "");
	assert_string_equal(dec(&a, "abc"), "abc");
	assert_string_equal(dec(&a, "a+b"), "a b");
	assert_string_equal(dec(&a, "%41%62"), "Ab");
	assert_string_equal(dec(&a, "%e6%9c%ba%E6%9E%84"), "机构");
	assert_string_equal(dec(&a, "100%25"), "100%");
	assert_string_equal(dec(&a, "%2B"), "+"); /* encoded plus stays plus */
	assert_string_equal(dec(&a, "x%20y"), "x y");
	/* only n bytes are read: the escape is cut off by n */
	p = str_url_decode(&a, "ab%41", 4);
	assert_null(p);
	p = str_url_decode(&a, "ab%41zzz", 5);
	assert_non_null(p);
	assert_string_equal(p, "abA");
	arena_release(&a);
}

static void test_url_decode_malformed(void **state)
{
	static const char *const bad[] = {
		"%",
		"%4",
		"%zz",
		"%4z",
		"%z4",
		"a%",
		"a%4",
		"%%",
		"%%41",
		"%G0",
		"ok%2",
		"% 1",
		/* a NUL would cut the value short: refused */
		"%00",
		"ab%00cd",
		"1%00x",
	};
	struct arena a;

	(void)state;
	arena_init(&a);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_null(dec(&a, bad[i]));
	arena_release(&a);
}

/* ---- URL encoding ---- */

static void test_url_encode(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 0);
	str_url_encode(&b, "AZaz09-_.~");
	assert_string_equal(b.data, "AZaz09-_.~");
	buf_reset(&b);
	str_url_encode(&b, "a b&c=d/e?f#g%h+i");
	assert_string_equal(b.data, "a%20b%26c%3Dd%2Fe%3Ff%23g%25h%2Bi");
	buf_reset(&b);
	str_url_encode(&b, "机");
	assert_string_equal(b.data, "%E6%9C%BA");
	buf_reset(&b);
	str_url_encode(&b, "\"<'>");
	assert_string_equal(b.data, "%22%3C%27%3E");
	buf_reset(&b);
	str_url_encode(&b, "");
	assert_string_equal(b.data, "");
	buf_release(&b);
}

static void test_url_roundtrip(void **state)
{
	const char *s = "名称 = 100% & a_b~c/d?e";
	struct buf b;
	struct arena a;

	(void)state;
	buf_init(&b, 0);
	arena_init(&a);
	str_url_encode(&b, s);
	assert_null(strchr(b.data, ' '));
	assert_null(strchr(b.data, '&'));
	assert_string_equal(str_url_decode(&a, b.data, b.len), s);
	buf_release(&b);
	arena_release(&a);
}

/* ---- form parsing ---- */

static int parse(struct arena *a, const char *body, struct str_pair *out, int max)
{
	return str_form_parse(a, body, strlen(body), out, max);
}

static void test_form_basic(void **state)
{
	struct arena a;
	struct str_pair p[8];
	int n;

	(void)state;
	arena_init(&a);
	n = parse(&a, "name=%E6%9C%BA%E6%9E%84&type=exam_station&q=a+b", p, 8);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].name, "name");
	assert_string_equal(p[0].value, "机构");
	assert_string_equal(p[1].name, "type");
	assert_string_equal(p[1].value, "exam_station");
	assert_string_equal(p[2].name, "q");
	assert_string_equal(p[2].value, "a b");
	assert_string_equal(str_form_get(p, n, "type"), "exam_station");
	assert_null(str_form_get(p, n, "missing"));
	assert_null(str_form_get(p, n, "nam")); /* exact names only */
	/* value containing '=' keeps it */
	n = parse(&a, "k=a=b", p, 8);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "k");
	assert_string_equal(p[0].value, "a=b");
	/* encoded names */
	n = parse(&a, "a%26b=c%26d", p, 8);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "a&b");
	assert_string_equal(p[0].value, "c&d");
	arena_release(&a);
}

static void test_form_empty_pairs(void **state)
{
	struct arena a;
	struct str_pair p[8];
	int n;

	(void)state;
	arena_init(&a);
	assert_int_equal(parse(&a, "", p, 8), 0);
	assert_int_equal(parse(&a, "&", p, 8), 0);
	assert_int_equal(parse(&a, "&&&", p, 8), 0);
	n = parse(&a, "&a=1&&b=2&", p, 8);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].name, "a");
	assert_string_equal(p[0].value, "1");
	assert_string_equal(p[1].name, "b");
	assert_string_equal(p[1].value, "2");
	/* empty value */
	n = parse(&a, "a=&b=", p, 8);
	assert_int_equal(n, 2);
	assert_string_equal(p[0].value, "");
	assert_string_equal(p[1].value, "");
	/* empty name */
	n = parse(&a, "=v", p, 8);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].name, "");
	assert_string_equal(p[0].value, "v");
	arena_release(&a);
}

static void test_form_missing_eq(void **state)
{
	struct arena a;
	struct str_pair p[8];
	int n;

	(void)state;
	arena_init(&a);
	n = parse(&a, "flag&x=1&other", p, 8);
	assert_int_equal(n, 3);
	assert_string_equal(p[0].name, "flag");
	assert_non_null(p[0].value);
	assert_string_equal(p[0].value, "");
	assert_string_equal(p[1].name, "x");
	assert_string_equal(p[1].value, "1");
	assert_string_equal(p[2].name, "other");
	assert_string_equal(p[2].value, "");
	arena_release(&a);
}

static void test_form_limits(void **state)
{
	struct arena a;
	struct str_pair p[3];

	(void)state;
	arena_init(&a);
	assert_int_equal(parse(&a, "a=1&b=2&c=3", p, 3), 3); /* exactly max */
	assert_int_equal(parse(&a, "a=1&b=2&c=3&d=4", p, 3), -1);
	assert_int_equal(parse(&a, "a=1&b=2&c=3&", p, 3), 3); /* trailing & is not a field */
	assert_int_equal(parse(&a, "a=1", p, 0), -1);
	assert_int_equal(parse(&a, "", p, 0), 0);
	arena_release(&a);
}

static void test_form_malformed(void **state)
{
	struct arena a;
	struct str_pair p[8];

	(void)state;
	arena_init(&a);
	assert_int_equal(parse(&a, "a=%zz", p, 8), -1);
	assert_int_equal(parse(&a, "a%4=1", p, 8), -1);
	assert_int_equal(parse(&a, "a=1&b=%", p, 8), -1);
	assert_int_equal(parse(&a, "x=%4", p, 8), -1);
	/* an escape is not completed by the next pair's bytes */
	assert_int_equal(parse(&a, "a=%4&1=2", p, 8), -1);
	arena_release(&a);
}

static void test_form_length_bound(void **state)
{
	struct arena a;
	struct str_pair p[8];
	int n;

	(void)state;
	arena_init(&a);
	/* only n bytes are looked at */
	n = str_form_parse(&a, "a=1&b=2", 3, p, 8);
	assert_int_equal(n, 1);
	assert_string_equal(p[0].value, "1");
	arena_release(&a);
}

/* ---- hex, random ---- */

/* A field that would decode to a NUL byte is refused, and named. */
static void test_form_nul_named(void **state)
{
	struct arena a;
	struct str_pair p[8];
	const char *bad = "x";

	(void)state;
	arena_init(&a);
	assert_int_equal(
		str_form_parse_named(&a, "csrf=t&name=ab%00cd&type=c", 26, p, 8, &bad), -1);
	assert_non_null(bad);
	assert_string_equal(bad, "name");
	assert_int_equal(str_form_parse_named(&a, "a=1&na%00me=x", 13, p, 8, &bad), -1);
	assert_string_equal(bad, "na%00me");
	assert_int_equal(str_form_parse_named(&a, "a=1&b=2", 7, p, 1, &bad), -1);
	assert_null(bad);
	assert_int_equal(str_form_parse_named(&a, "a=%01&b=2", 9, p, 8, &bad), 2);
	assert_string_equal(p[0].value, "\x01");
	assert_int_equal(parse(&a, "name=ab%00cd", p, 8), -1);
	arena_release(&a);
}

static void test_hex(void **state)
{
	const unsigned char in[] = {0x00, 0x0f, 0xa5, 0xff};
	char out[9];

	(void)state;
	memset(out, 'Z', sizeof(out));
	str_hex(out, in, 4);
	assert_string_equal(out, "000fa5ff");
	str_hex(out, in, 0);
	assert_string_equal(out, "");
}

static void test_random(void **state)
{
	unsigned char a[32], b[32];

	(void)state;
	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	assert_int_equal(str_random(a, sizeof(a)), 0);
	assert_int_equal(str_random(b, sizeof(b)), 0);
	/* 2^-256 chance of a false failure */
	assert_memory_not_equal(a, b, sizeof(a));
	assert_int_equal(str_random(a, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_to_ll_ok),
		cmocka_unit_test(test_to_ll_strict),
		cmocka_unit_test(test_to_ll_range),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_utf8_invalid),
		cmocka_unit_test(test_utf8_length_bound),
		cmocka_unit_test(test_utf8_len),
		cmocka_unit_test(test_trim_prefix),
		cmocka_unit_test(test_url_decode),
		cmocka_unit_test(test_url_decode_malformed),
		cmocka_unit_test(test_url_encode),
		cmocka_unit_test(test_url_roundtrip),
		cmocka_unit_test(test_form_basic),
		cmocka_unit_test(test_form_empty_pairs),
		cmocka_unit_test(test_form_missing_eq),
		cmocka_unit_test(test_form_limits),
		cmocka_unit_test(test_form_malformed),
		cmocka_unit_test(test_form_length_bound),
		cmocka_unit_test(test_form_nul_named),
		cmocka_unit_test(test_hex),
		cmocka_unit_test(test_random),
	};

	return cmocka_run_group_tests_name("str", tests, NULL, NULL);
}
