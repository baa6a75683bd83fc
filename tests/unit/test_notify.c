/*
 * test_notify.c - services/notify: the RFC 5322 message (headers, the RFC
 * 2047 subject of Chinese text split on whole characters, the base64 body,
 * no line a dot-stuffing would touch, no header injection), the webhook's
 * HMAC-SHA256 signature against RFC 4231's vectors, the choice of
 * back-end; and core's e-mail address check.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "core/account.h"
#include "services/notify.h"

static int group_setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static const struct notify_config cfg = {
	.from = "技能人才评价平台 <noreply@skillcert.example.cn>",
};

/* The message of m formatted at a fixed instant, NUL-terminated (caller
 * frees). */
static char *format(const struct notify_message *m)
{
	struct buf b;
	size_t n;
	char *s;

	buf_init(&b, 0);
	notify_format_email(&cfg, m, 1796428800 /* 2026-12-05T00:00:00Z */, &b);
	assert_false(buf_failed(&b));
	s = buf_detach(&b, &n);
	return s;
}

/* The value of header name (first line only), in a new string. */
static char *header(const char *msg, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = msg; p && *p;
	     p = strstr(p, "\r\n") ? strstr(p, "\r\n") + 2 : NULL) {
		if (!strncmp(p, "\r\n", 2))
			break;
		if (!strncmp(p, name, n) && p[n] == ':') {
			const char *v = p + n + 2, *e = strstr(v, "\r\n");

			return strndup(v, (size_t)(e - v));
		}
	}
	return NULL;
}

/* Decodes every =?UTF-8?B?...?= word of the (folded) Subject. */
static char *decoded_subject(const char *msg)
{
	const char *p = strstr(msg, "\r\nSubject: ") + 11;
	char *out = calloc(1, 1024);
	size_t len = 0;

	while (*p) {
		const char *w = strstr(p, "=?UTF-8?B?"), *end;
		unsigned char bin[256];
		size_t bn = 0;

		assert_non_null(w);
		end = strstr(w + 10, "?=");
		assert_non_null(end);
		/* an encoded word is at most 75 characters (RFC 2047 §2) */
		assert_true(end + 2 - w <= 75);
		assert_int_equal(sodium_base642bin(bin, sizeof(bin), w + 10,
						   (size_t)(end - w - 10), NULL, &bn,
						   NULL, sodium_base64_VARIANT_ORIGINAL),
				 0);
		/* each word holds whole characters: it is valid UTF-8 alone */
		assert_true(bn == 0 || (bin[0] & 0xC0) != 0x80);
		memcpy(out + len, bin, bn);
		len += bn;
		p = end + 2;
		if (strncmp(p, "\r\n ", 3))
			break;
		p += 3;
	}
	return out;
}

static void test_headers(void **state)
{
	struct notify_message m = {42, "email", "holder@example.cn", "重设密码", "hello"};
	char *msg = format(&m), *v;

	(void)state;
	assert_non_null(strstr(msg, "\r\n\r\n"));
	v = header(msg, "From");
	/* a display name in Chinese is an encoded word; the address stays */
	assert_non_null(strstr(v, "=?UTF-8?B?"));
	assert_non_null(strstr(v, " <noreply@skillcert.example.cn>"));
	free(v);
	v = header(msg, "To");
	assert_string_equal(v, "holder@example.cn");
	free(v);
	v = header(msg, "Date");
	assert_string_equal(v, "Sat, 05 Dec 2026 00:00:00 +0000");
	free(v);
	v = header(msg, "Message-ID");
	assert_true(!strncmp(v, "<skillcert.42.", 14));
	assert_non_null(strstr(v, "@skillcert.example.cn>"));
	free(v);
	v = header(msg, "MIME-Version");
	assert_string_equal(v, "1.0");
	free(v);
	v = header(msg, "Content-Type");
	assert_string_equal(v, "text/plain; charset=UTF-8");
	free(v);
	v = header(msg, "Content-Transfer-Encoding");
	assert_string_equal(v, "base64");
	free(v);
	/* every line ends in CRLF */
	for (const char *p = msg; (p = strchr(p, '\n')); p++)
		assert_int_equal(p[-1], '\r');
	free(msg);
}

static void test_subject_encoded(void **state)
{
	/* 40 CJK characters (120 bytes): several words, none splitting one */
	const char *subject =
		"技能提升补贴申领期限将至：证书一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未";
	struct notify_message m = {1, "email", "a@example.cn", subject, "x"};
	char *msg = format(&m), *dec = decoded_subject(msg);

	(void)state;
	assert_string_equal(dec, subject);
	free(dec);
	free(msg);
	/* ASCII that looks like an encoded word is encoded: read as written */
	m.subject = "=?UTF-8?B?5Lit?= is not Chinese";
	msg = format(&m);
	dec = decoded_subject(msg);
	assert_string_equal(dec, "=?UTF-8?B?5Lit?= is not Chinese");
	free(dec);
	free(msg);
	/* plain ASCII stays as it is */
	m.subject = "Reset your password";
	msg = format(&m);
	dec = header(msg, "Subject");
	assert_string_equal(dec, "Reset your password");
	free(dec);
	free(msg);
}

static void test_body_base64_and_dots(void **state)
{
	const char *body = ".\n..leading dots\r\n.\r\n中文正文\n.end";
	struct notify_message m = {7, "email", "a@example.cn", "dots", body};
	char *msg = format(&m), *b = strstr(msg, "\r\n\r\n") + 4, *joined = calloc(1, 4096);
	unsigned char bin[4096];
	size_t bn = 0, k = 0;

	(void)state;
	/* no line starts with '.': SMTP's end of data cannot appear, and
	 * dot-stuffing has nothing to change */
	assert_int_not_equal(msg[0], '.');
	for (const char *p = msg; (p = strstr(p, "\r\n")); p += 2)
		assert_int_not_equal(p[2], '.');
	/* lines of at most 76 characters */
	for (const char *p = b; *p;) {
		const char *e = strstr(p, "\r\n");

		assert_true(e - p <= 76);
		memcpy(joined + k, p, (size_t)(e - p));
		k += (size_t)(e - p);
		p = e + 2;
	}
	assert_int_equal(sodium_base642bin(bin, sizeof(bin), joined, k, NULL, &bn, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	assert_int_equal(bn, strlen(body));
	assert_memory_equal(bin, body, bn);
	free(joined);
	free(msg);
}

static void test_no_header_injection(void **state)
{
	struct notify_message m = {3, "email", "a@example.cn\r\nBcc: evil@example.cn",
				   "hi\r\nBcc: evil@example.cn", "x"};
	char *msg = format(&m);

	(void)state;
	assert_null(strstr(msg, "\r\nBcc:"));
	free(msg);
}

/* RFC 4231 test cases 1 and 2 (HMAC-SHA-256). */
static void test_sign_vectors(void **state)
{
	char out[72], key1[21];

	(void)state;
	notify_sign("Jefe", "what do ya want for nothing?", 28, out);
	assert_string_equal(out, "sha256=5bdcc146bf60754e6a042426089575c7"
				 "5a003f089d2739839dec58b964ec3843");
	memset(key1, 0x0b, 20);
	key1[20] = '\0';
	notify_sign(key1, "Hi There", 8, out);
	assert_string_equal(out, "sha256=b0344c61d8db38535ca8afceaf0bf12b"
				 "881dc200c9833da726e9376c2e32cff7");
}

static void test_route(void **state)
{
	struct notify_config c = {0};

	(void)state;
	assert_null(notify_route(&c, "email"));
	c.outbox_dir = "out";
	assert_string_equal(notify_route(&c, "email"), "outbox");
	assert_string_equal(notify_route(&c, "sms"), "outbox");
	c.webhook_url = "http://127.0.0.1:9/hook";
	assert_string_equal(notify_route(&c, "sms"), "webhook");
	assert_string_equal(notify_route(&c, "email"), "outbox");
	c.smtp_url = "smtp://127.0.0.1:25";
	assert_string_equal(notify_route(&c, "email"), "smtp");
	assert_null(notify_route(&c, "fax"));
}

static void test_email_check(void **state)
{
	static const char *const good[] = {"a@example.cn", "zhang.san+x@mail.example.com.cn",
					   "A_B-c@sub-domain.example.org", NULL};
	static const char *const bad[] = {"",
					  "a",
					  "@example.cn",
					  "a@",
					  "a@example",
					  "a@@example.cn",
					  "a@b@example.cn",
					  "a b@example.cn",
					  "a@exa mple.cn",
					  "a@-example.cn",
					  "a@example-.cn",
					  "a@example..cn",
					  "a@.example.cn",
					  "a@example.cn.",
					  "\"a\"@example.cn",
					  "<a@example.cn>",
					  "a@exam_ple.cn",
					  "张三@example.cn",
					  "a@例子.cn",
					  "a,b@example.cn",
					  NULL};
	struct rule_error e;
	char longlocal[80];

	(void)state;
	for (int i = 0; good[i]; i++)
		assert_true(user_check_email(good[i], &e));
	for (int i = 0; bad[i]; i++) {
		e.field = NULL;
		assert_false(user_check_email(bad[i], &e));
		assert_string_equal(e.field, "email");
	}
	memset(longlocal, 'a', 65);
	memcpy(longlocal + 65, "@example.cn", 12);
	assert_false(user_check_email(longlocal, &e));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_headers),
		cmocka_unit_test(test_subject_encoded),
		cmocka_unit_test(test_body_base64_and_dots),
		cmocka_unit_test(test_no_header_injection),
		cmocka_unit_test(test_sign_vectors),
		cmocka_unit_test(test_route),
		cmocka_unit_test(test_email_check),
	};

	return cmocka_run_group_tests_name("notify", tests, group_setup, NULL);
}
