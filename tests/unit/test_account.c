/*
 * test_account.c - core/account: user names, display names and token names
 * with the field and catalog key each failure reports; the canonical bytes
 * an audit record is hashed in (a known answer, every field counts, and no
 * field can pass itself off as a field boundary); the genesis hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "core/account.h"
#include "core/i18n.h"

/* out = unit repeated times times (out must be large enough). */
static void repeat(char *out, const char *unit, int times)
{
	size_t n = strlen(unit);

	for (int i = 0; i < times; i++)
		memcpy(out + (size_t)i * n, unit, n);
	out[(size_t)times * n] = '\0';
}

/* ---- user names ---- */

static void expect_user(const char *name, const char *msg)
{
	struct rule_error e = {NULL, NULL};

	if (!msg) {
		if (!user_check_name(name, &e))
			fail_msg("user name \"%s\" refused with %s", name, e.msg);
		return;
	}
	if (user_check_name(name, &e))
		fail_msg("user name \"%s\" accepted, expected %s", name, msg);
	assert_non_null(e.field);
	assert_string_equal(e.field, "username");
	assert_string_equal(e.msg, msg);
}

static void test_username_ok(void **state)
{
	char s[64];

	(void)state;
	expect_user("admin", NULL);
	expect_user("li.wei_2", NULL);
	expect_user("a-b", NULL);
	expect_user("abc", NULL); /* 3: the shortest */
	expect_user("z9.", NULL);
	repeat(s, "a", 32);
	expect_user(s, NULL); /* 32: the longest */
}

static void test_username_bad(void **state)
{
	char s[64];

	(void)state;
	expect_user("", "val.username.required");
	expect_user(NULL, "val.username.required");
	expect_user("ab", "val.username.format");
	/* the CLI operator's audit name and "anonymous", in any case */
	expect_user("system", "val.username.reserved");
	expect_user("SYSTEM", "val.username.reserved");
	expect_user("anonymous", "val.username.reserved");
	expect_user("Anonymous", "val.username.reserved");
	expect_user("systems", NULL);
	repeat(s, "a", 33);
	expect_user(s, "val.username.format");
	expect_user("Admin", "val.username.format");
	expect_user("adMin", "val.username.format");
	expect_user("1abc", "val.username.format");
	expect_user(".abc", "val.username.format");
	expect_user("_abc", "val.username.format");
	expect_user("-abc", "val.username.format");
	expect_user("a b", "val.username.format");
	expect_user("ab\t", "val.username.format");
	expect_user("ab@c", "val.username.format");
	expect_user("ab/c", "val.username.format");
	expect_user("李伟伟", "val.username.format");
	expect_user("li伟", "val.username.format");
	expect_user("abc\xff", "val.username.format");
}

/* ---- display names ---- */

static void expect_display(const char *name, bool ok)
{
	struct rule_error e = {NULL, NULL};

	if (ok) {
		if (!user_check_display_name(name, &e))
			fail_msg("display name \"%s\" refused with %s", name, e.msg);
		return;
	}
	if (user_check_display_name(name, &e))
		fail_msg("display name \"%s\" accepted", name);
	assert_string_equal(e.field, "display_name");
	assert_string_equal(e.msg, "val.display_name.format");
}

static void test_display_name(void **state)
{
	char s[512];

	(void)state;
	expect_display("", true); /* optional */
	expect_display(NULL, true);
	expect_display("李伟", true);
	expect_display("Li Wei", true);
	repeat(s, "鉴", 64);
	expect_display(s, true); /* 192 bytes, 64 characters */
	repeat(s, "鉴", 65);
	expect_display(s, false);
	repeat(s, "x", 64);
	expect_display(s, true);
	repeat(s, "x", 65);
	expect_display(s, false);
	expect_display("李\t伟", false);
	expect_display("李伟\n", false);
	expect_display("\r", false);
	expect_display("ab\x1f", false);
	expect_display("ab\xff", false); /* not UTF-8 */
	expect_display("a\xC0\xAF"
		       "b",
		       false);             /* overlong */
	expect_display("\xE6\x9C", false); /* truncated */
}

/* DEL (0x7f) is a control character too, and institution names refuse it
 * (core/institution.c); the catalog text promises "without control
 * characters" for display and token names alike. */
static void test_display_and_token_name_del(void **state)
{
	struct rule_error e = {NULL, NULL};

	bool display_ok, token_ok;

	(void)state;
	display_ok = user_check_display_name("Li\x7fWei", &e);
	token_ok = token_check_name("ci\x7f", &e);
	if (display_ok || token_ok)
		fail_msg("DEL (0x7f) accepted in:%s%s", display_ok ? " display name" : "",
			 token_ok ? " token name" : "");
}

/* ---- token names ---- */

static void expect_token(const char *name, bool ok)
{
	struct rule_error e = {NULL, NULL};

	if (ok) {
		if (!token_check_name(name, &e))
			fail_msg("token name \"%s\" refused with %s", name, e.msg);
		return;
	}
	if (token_check_name(name, &e))
		fail_msg("token name \"%s\" accepted", name);
	assert_string_equal(e.field, "name");
	assert_string_equal(e.msg, "val.token_name.format");
}

static void test_token_name(void **state)
{
	char s[512];

	(void)state;
	expect_token("ci", true);
	expect_token("x", true);
	expect_token("成绩导入脚本", true);
	expect_token("nightly export (ops)", true);
	expect_token("", false); /* required */
	expect_token(NULL, false);
	repeat(s, "令", 64);
	expect_token(s, true);
	repeat(s, "令", 65);
	expect_token(s, false);
	repeat(s, "t", 64);
	expect_token(s, true);
	repeat(s, "t", 65);
	expect_token(s, false);
	expect_token("a\nb", false);
	expect_token("\t", false);
	expect_token("ab\xff", false);
}

/* ---- the canonical form of an audit record ---- */

static struct audit_record sample(void)
{
	struct audit_record r;

	memset(&r, 0, sizeof(r));
	r.seq = 7;
	r.at = "2026-01-02T03:04:05Z";
	r.actor_id = 42;
	r.actor = "admin";
	r.address = "127.0.0.1";
	r.request_id = "req-1";
	r.action = "institution.create";
	r.object_type = "institution";
	r.object_id = "5";
	r.before = "{}";
	r.after = "{\"name\":\"中心\"}";
	r.prev_hash = audit_genesis;
	r.hash = "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
	return r;
}

/* canonical text of r as a malloc'd string */
static char *canon(const struct audit_record *r)
{
	struct buf b;
	char *s;

	buf_init(&b, 0);
	audit_canonical(r, &b);
	assert_false(buf_failed(&b));
	s = buf_detach(&b, NULL);
	assert_non_null(s);
	return s;
}

static void test_genesis(void **state)
{
	(void)state;
	assert_int_equal(strlen(audit_genesis), 64);
	for (int i = 0; i < 64; i++)
		assert_int_equal(audit_genesis[i], '0');
}

static void test_canonical_known_answer(void **state)
{
	static const char want[] =
		"1:7\n"
		"20:2026-01-02T03:04:05Z\n"
		"2:42\n"
		"5:admin\n"
		"9:127.0.0.1\n"
		"5:req-1\n"
		"18:institution.create\n"
		"11:institution\n"
		"1:5\n"
		"2:{}\n"
		"17:{\"name\":\"中心\"}\n" /* length in bytes, not characters */
		"64:0000000000000000000000000000000000000000000000000000000000000000\n";
	struct audit_record r = sample();
	char *got = canon(&r);

	(void)state;
	assert_string_equal(got, want);
	free(got);
}

static void test_canonical_appends(void **state)
{
	struct audit_record r = sample();
	struct buf b;
	char *alone = canon(&r);

	(void)state;
	buf_init(&b, 0);
	buf_puts(&b, "prefix|");
	audit_canonical(&r, &b);
	assert_int_equal(b.len, strlen("prefix|") + strlen(alone));
	assert_memory_equal(b.data, "prefix|", 7);
	assert_string_equal(b.data + 7, alone);
	buf_release(&b);
	free(alone);
}

static void test_canonical_edge_values(void **state)
{
	struct audit_record r;
	char *got;

	(void)state;
	memset(&r, 0, sizeof(r));
	/* every string NULL: counted as empty; actor_id 0 (no actor) */
	got = canon(&r);
	assert_string_equal(got, "1:0\n0:\n1:0\n0:\n0:\n0:\n0:\n0:\n0:\n0:\n0:\n0:\n");
	free(got);
	/* big and negative numbers are written in full */
	r.seq = 9223372036854775807LL;
	r.actor_id = -1;
	got = canon(&r);
	assert_true(strncmp(got, "19:9223372036854775807\n0:\n2:-1\n", 31) == 0);
	free(got);
}

/* Changes field i (0..11 in canonical order) of r to something else. */
static void change(struct audit_record *r, int i)
{
	switch (i) {
	case 0: r->seq = 8; break;
	case 1: r->at = "2026-01-02T03:04:06Z"; break;
	case 2: r->actor_id = 43; break;
	case 3: r->actor = "admim"; break;
	case 4: r->address = "127.0.0.2"; break;
	case 5: r->request_id = "req-2"; break;
	case 6: r->action = "institution.rename"; break;
	case 7: r->object_type = "user"; break;
	case 8: r->object_id = "6"; break;
	case 9: r->before = "{ }"; break;
	case 10: r->after = "{\"name\":\"中央\"}"; break;
	case 11:
		r->prev_hash =
			"1000000000000000000000000000000000000000000000000000000000000000";
		break;
	default: fail_msg("no field %d", i);
	}
}

static void test_canonical_every_field_counts(void **state)
{
	struct audit_record base = sample();
	char *want = canon(&base);

	(void)state;
	for (int i = 0; i < 12; i++) {
		struct audit_record r = sample();
		char *got;

		change(&r, i);
		got = canon(&r);
		if (!strcmp(got, want))
			fail_msg("changing field %d does not change the canonical text", i);
		free(got);
	}
	/* the hash itself is not covered */
	{
		struct audit_record r = sample();
		char *got;

		r.hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
		got = canon(&r);
		assert_string_equal(got, want);
		assert_null(strstr(got, "ffffffff"));
		free(got);
	}
	free(want);
}

/*
 * Parses canonical text back into its 12 fields (each a malloc'd copy in
 * out[]); returns the number of fields, or -1 when the text is not a clean
 * sequence of "<len>:<bytes>\n".
 */
static int parse_canonical(const char *s, char *out[12])
{
	int n = 0;

	while (*s) {
		char *end;
		unsigned long len = strtoul(s, &end, 10);

		if (end == s || *end != ':' || n == 12)
			return -1;
		s = end + 1;
		if (strlen(s) < len + 1 || s[len] != '\n')
			return -1;
		out[n] = malloc(len + 1);
		assert_non_null(out[n]);
		memcpy(out[n], s, len);
		out[n][len] = '\0';
		n++;
		s += len + 1;
	}
	return n;
}

static void free_fields(char *f[12], int n)
{
	for (int i = 0; i < n; i++)
		free(f[i]);
}

static void test_canonical_newlines_unambiguous(void **state)
{
	struct audit_record a = sample(), b = sample(), c = sample();
	char *ta, *tb, *tc, *fa[12], *fb[12];
	int na, nb;

	(void)state;
	/* a naive "field\n" join would make these two the same text */
	a.actor = "admin\n9:127.0.0.1";
	a.address = "x";
	b.actor = "admin";
	b.address = "127.0.0.1\nx";
	/* and this one pretends that actor ends early with a forged field */
	c.actor = "ad\n9:127.0.0.1\n5:req-1";
	ta = canon(&a);
	tb = canon(&b);
	tc = canon(&c);
	assert_string_not_equal(ta, tb);
	assert_string_not_equal(ta, tc);
	assert_string_not_equal(tb, tc);

	/* and each reads back into exactly its own fields */
	na = parse_canonical(ta, fa);
	nb = parse_canonical(tb, fb);
	assert_int_equal(na, 12);
	assert_int_equal(nb, 12);
	assert_string_equal(fa[3], "admin\n9:127.0.0.1");
	assert_string_equal(fa[4], "x");
	assert_string_equal(fb[3], "admin");
	assert_string_equal(fb[4], "127.0.0.1\nx");
	assert_string_equal(fa[5], "req-1");
	assert_string_equal(fa[11], audit_genesis);
	free_fields(fa, na);
	free_fields(fb, nb);
	na = parse_canonical(tc, fa);
	assert_int_equal(na, 12);
	assert_string_equal(fa[3], "ad\n9:127.0.0.1\n5:req-1");
	assert_string_equal(fa[4], "127.0.0.1");
	free_fields(fa, na);
	free(ta);
	free(tb);
	free(tc);
}

static void test_canonical_parses_back(void **state)
{
	struct audit_record r = sample();
	char *t = canon(&r), *f[12];
	int n = parse_canonical(t, f);

	(void)state;
	assert_int_equal(n, 12);
	assert_string_equal(f[0], "7");
	assert_string_equal(f[1], r.at);
	assert_string_equal(f[2], "42");
	assert_string_equal(f[3], r.actor);
	assert_string_equal(f[4], r.address);
	assert_string_equal(f[5], r.request_id);
	assert_string_equal(f[6], r.action);
	assert_string_equal(f[7], r.object_type);
	assert_string_equal(f[8], r.object_id);
	assert_string_equal(f[9], r.before);
	assert_string_equal(f[10], r.after);
	assert_string_equal(f[11], r.prev_hash);
	free_fields(f, n);
	free(t);
}

/* Every action code the program writes has a label in both languages, the
 * list is sorted (no code twice), and "更名" is institution.rename's. */
static void test_audit_action_labels(void **state)
{
	char key[96];
	size_t n = 0;

	(void)state;
	/* the list ends with its NULL, and has no other */
	assert_true(audit_actions_size > 1);
	assert_null(audit_actions[audit_actions_size - 1]);
	for (size_t i = 0; i + 1 < audit_actions_size; i++)
		assert_non_null(audit_actions[i]);
	for (size_t i = 0; audit_actions[i]; i++, n++) {
		snprintf(key, sizeof(key), "audit.action.%s", audit_actions[i]);
		assert_string_not_equal(tr(LANG_ZH, key), key);
		assert_string_not_equal(tr(LANG_EN, key), key);
		if (i)
			assert_true(strcmp(audit_actions[i - 1], audit_actions[i]) < 0);
	}
	assert_true(n > 50);
	assert_string_equal(tr(LANG_ZH, "audit.action.institution.rename"), "更名");
	assert_string_equal(tr(LANG_EN, "audit.action.institution.rename"), "Rename");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_username_ok),
		cmocka_unit_test(test_username_bad),
		cmocka_unit_test(test_display_name),
		cmocka_unit_test(test_display_and_token_name_del),
		cmocka_unit_test(test_token_name),
		cmocka_unit_test(test_genesis),
		cmocka_unit_test(test_canonical_known_answer),
		cmocka_unit_test(test_canonical_appends),
		cmocka_unit_test(test_canonical_edge_values),
		cmocka_unit_test(test_canonical_every_field_counts),
		cmocka_unit_test(test_canonical_newlines_unambiguous),
		cmocka_unit_test(test_canonical_parses_back),
		cmocka_unit_test(test_audit_action_labels),
	};

	return cmocka_run_group_tests_name("account", tests, NULL, NULL);
}
