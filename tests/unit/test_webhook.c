/*
 * test_webhook.c - webhooks (issue 18): the signature header's format and
 * value (HMAC-SHA256 over "<t>.<body>", checked against an independent
 * computation), the backoff schedule, a subscription's event list, and the
 * addresses a webhook may not reach.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <sodium.h>
#include <string.h>

#include "core/webhook.h"
#include "services/hookpost.h"

static int group_setup(void **state)
{
	(void)state;
	return sodium_init() < 0 ? -1 : 0;
}

static void test_signature(void **state)
{
	const char *body = "{\"id\":\"1\",\"type\":\"ping\"}";
	char out[HOOKPOST_SIG_MAX], other[HOOKPOST_SIG_MAX];

	(void)state;
	hookpost_sign("whsec_test", 1796428800, body, strlen(body), out);
	/* python3: hmac.new(b'whsec_test', b'1796428800.' + body, sha256) */
	assert_string_equal(out, "t=1796428800,v1=84445f3783bae8039c631ea8a6148ca5"
				 "7b15f8faf492963cb86f3e4786c37b3a");
	/* another time, secret or body gives another signature */
	hookpost_sign("whsec_test", 1796428801, body, strlen(body), other);
	assert_string_not_equal(out + 16, other + 16);
	hookpost_sign("whsec_tesT", 1796428800, body, strlen(body), other);
	assert_string_not_equal(out, other);
	hookpost_sign("whsec_test", 1796428800, body, strlen(body) - 1, other);
	assert_string_not_equal(out, other);
}

static void test_backoff(void **state)
{
	(void)state;
	assert_int_equal(webhook_backoff_ms(1, 10000, 3600000), 10000);
	assert_int_equal(webhook_backoff_ms(2, 10000, 3600000), 20000);
	assert_int_equal(webhook_backoff_ms(3, 10000, 3600000), 40000);
	assert_int_equal(webhook_backoff_ms(9, 10000, 3600000), 2560000);
	assert_int_equal(webhook_backoff_ms(10, 10000, 3600000), 3600000);
	assert_int_equal(webhook_backoff_ms(1000, 10000, 3600000), 3600000);
	assert_int_equal(webhook_backoff_ms(4, 200, 3600000), 1600);
}

static void test_events(void **state)
{
	struct arena a;
	const char *s;

	(void)state;
	arena_init(&a);
	assert_string_equal(webhook_events_normal(&a, NULL), "*");
	assert_string_equal(webhook_events_normal(&a, ""), "*");
	assert_string_equal(webhook_events_normal(&a, "all"), "*");
	s = webhook_events_normal(
		&a, " certificate.revoked, certificate.issued,certificate.revoked");
	assert_string_equal(s, ",certificate.issued,certificate.revoked,");
	assert_null(webhook_events_normal(&a, "certificate.revoked,certificate.exploded"));
	assert_null(webhook_events_normal(&a, "ping"));
	assert_null(webhook_events_normal(&a, ","));
	assert_true(webhook_events_take(s, "certificate.issued"));
	assert_true(webhook_events_take(s, "certificate.revoked"));
	assert_false(webhook_events_take(s, "certificate.suspended"));
	assert_false(webhook_events_take(s, "certificate"));
	assert_true(webhook_events_take("*", "results.published"));
	for (size_t i = 0; webhook_kinds[i]; i++)
		assert_true(webhook_kind_known(webhook_kinds[i]));
	assert_false(webhook_kind_known("ping"));
	arena_release(&a);
}

static void test_private_addresses(void **state)
{
	static const char *const private_[] = {"127.0.0.1",
					       "10.1.2.3",
					       "172.16.0.1",
					       "172.31.255.255",
					       "192.168.1.1",
					       "169.254.169.254",
					       "100.64.0.1",
					       "0.0.0.0",
					       "224.0.0.1",
					       "::1",
					       "::",
					       "fe80::1",
					       "fc00::1",
					       "fd12::1",
					       "::ffff:127.0.0.1",
					       "::ffff:10.0.0.1",
					       "::ffff:192.168.0.1",
					       "198.18.0.1",
					       "198.19.255.255",
					       "100.127.255.255",
					       "0.1.2.3",
					       "fec0::1",
					       "feff::1",
					       "64:ff9b::7f00:1",
					       "64:ff9b::a00:1",
					       "2002:7f00:1::1",
					       "2002:c0a8:101::",
					       "2002:a9fe:a9fe::1",
					       "not an address",
					       NULL};
	static const char *const public_[] = {"93.184.216.34",   "172.32.0.1",
					      "8.8.8.8",         "2001:4860:4860::8888",
					      "::ffff:8.8.8.8",  "198.20.0.1",
					      "100.128.0.1",     "64:ff9b::808:808",
					      "2002:808:808::1", NULL};

	(void)state;
	for (int i = 0; private_[i]; i++)
		assert_true(hookpost_address_private(private_[i]));
	for (int i = 0; public_[i]; i++)
		assert_false(hookpost_address_private(public_[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_signature),
		cmocka_unit_test(test_backoff),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_private_addresses),
	};

	return cmocka_run_group_tests_name("webhook", tests, group_setup, NULL);
}
