/*
 * test_rulesdoc.c - core/rulesdoc: the checks the rules-document parsers
 * share, each failing with a message naming the path.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/rulesdoc.h"

struct fx {
	struct arena a;
	char err[256];
	struct rd_ctx c;
	json_t *o;
};

static void open_fx(struct fx *f, const char *json)
{
	arena_init(&f->a);
	f->err[0] = '\0';
	f->c = (struct rd_ctx){f->err, sizeof(f->err), &f->a};
	f->o = json_loads(json, 0, NULL);
	assert_non_null(f->o);
}

static void close_fx(struct fx *f)
{
	json_decref(f->o);
	arena_release(&f->a);
}

static void test_fail(void **state)
{
	struct fx f;

	(void)state;
	open_fx(&f, "{}");
	assert_int_equal(rd_fail(&f.c, "%s: x %d", "a.b", 3), -1);
	assert_string_equal(f.err, "a.b: x 3");
	f.c.errlen = 0; /* no message kept */
	assert_int_equal(rd_fail(&f.c, "other"), -1);
	assert_string_equal(f.err, "a.b: x 3");
	close_fx(&f);
}

static void test_only_keys(void **state)
{
	static const char *const keys[] = {"value", "source", NULL};
	struct fx f;

	(void)state;
	open_fx(&f, "{\"value\": 1, \"source\": \"s\", \"extra\": true}");
	assert_int_equal(rd_only_keys(&f.c, "rules.x", f.o, keys), -1);
	assert_string_equal(f.err, "rules.x: unknown key \"extra\"");
	json_object_del(f.o, "extra");
	assert_int_equal(rd_only_keys(&f.c, "rules.x", f.o, keys), 0);
	assert_int_equal(rd_only_keys(&f.c, "rules.y", json_object_get(f.o, "value"), keys),
			 -1);
	assert_string_equal(f.err, "rules.y: must be an object");
	close_fx(&f);
}

static void test_want_str_int(void **state)
{
	struct fx f;
	const char *s;
	int n = 0;

	(void)state;
	open_fx(&f, "{\"name\": \"数控\", \"empty\": \"\", \"n\": 7, \"r\": 1.5}");
	s = rd_want_str(&f.c, "(top)", f.o, "name");
	assert_string_equal(s, "数控");
	assert_ptr_not_equal(s, json_string_value(json_object_get(f.o, "name")));
	assert_null(rd_want_str(&f.c, "(top)", f.o, "empty"));
	assert_string_equal(f.err, "(top): \"empty\" must be a non-empty string");
	assert_null(rd_want_str(&f.c, "(top)", f.o, "missing"));
	assert_string_equal(f.err, "(top): \"missing\" must be a non-empty string");
	assert_int_equal(rd_want_int(&f.c, "n", json_object_get(f.o, "n"), 1, 7, &n), 0);
	assert_int_equal(n, 7);
	assert_int_equal(rd_want_int(&f.c, "n", json_object_get(f.o, "n"), 1, 6, &n), -1);
	assert_string_equal(f.err, "n: must be a whole number 1..6");
	assert_int_equal(rd_want_int(&f.c, "r", json_object_get(f.o, "r"), 0, 9, &n), -1);
	assert_string_equal(f.err, "r: must be a whole number 0..9");
	assert_int_equal(n, 7);
	close_fx(&f);
}

static void test_parse_prov(void **state)
{
	struct fx f;
	enum std_confidence conf = STD_CONF_NONE;
	const char *src = NULL;

	(void)state;
	open_fx(&f, "{\"confidence\": \"medium\", \"source\": \"人社部发〔2021〕39号\"}");
	assert_int_equal(rd_parse_prov(&f.c, "versions[0]", f.o, &conf, &src), 0);
	assert_int_equal(conf, STD_CONF_MEDIUM);
	assert_string_equal(src, "人社部发〔2021〕39号");
	json_object_set_new(f.o, "confidence", json_string("certain"));
	assert_int_equal(rd_parse_prov(&f.c, "versions[0]", f.o, &conf, &src), -1);
	assert_string_equal(
		f.err, "versions[0]: confidence \"certain\" is not low, medium or high");
	json_object_set_new(f.o, "confidence", json_string(""));
	assert_int_equal(rd_parse_prov(&f.c, "w", f.o, &conf, &src), -1);
	assert_string_equal(f.err, "w: confidence \"\" is not low, medium or high");
	json_object_del(f.o, "confidence");
	assert_int_equal(rd_parse_prov(&f.c, "w", f.o, &conf, &src), -1);
	assert_string_equal(f.err, "w: \"confidence\" is required (low, medium or high)");
	json_object_set_new(f.o, "confidence", json_string("high"));
	json_object_set_new(f.o, "source", json_string(""));
	assert_int_equal(rd_parse_prov(&f.c, "w", f.o, &conf, &src), -1);
	assert_string_equal(f.err, "w: \"source\" is required");
	json_object_set_new(f.o, "source", json_string("s"));
	assert_int_equal(rd_parse_prov(&f.c, "w", f.o, &conf, &src), 0);
	assert_int_equal(conf, STD_CONF_HIGH);
	close_fx(&f);
}

static void test_load_format_kind(void **state)
{
	struct fx f;
	json_t *root;

	(void)state;
	open_fx(&f, "{}");
	snprintf(f.err, sizeof(f.err), "old");
	root = rd_load(&f.c, "{\"format\": 1, \"kind\": \"post_spec\"}");
	assert_non_null(root);
	assert_string_equal(f.err, "");
	assert_int_equal(rd_format_kind(&f.c, root, "post_spec"), 0);
	assert_int_equal(rd_format_kind(&f.c, root, "subsidy"), -1);
	assert_string_equal(f.err, "kind: must be \"subsidy\"");
	json_object_set_new(root, "format", json_real(1.0));
	assert_int_equal(rd_format_kind(&f.c, root, "post_spec"), -1);
	assert_string_equal(f.err, "format: must be 1");
	json_object_set_new(root, "format", json_integer(1));
	json_object_set_new(root, "kind", json_integer(1));
	assert_int_equal(rd_format_kind(&f.c, root, "post_spec"), -1);
	assert_string_equal(f.err, "kind: must be \"post_spec\"");
	json_decref(root);
	/* duplicate keys refused, NULL read as "" */
	assert_null(rd_load(&f.c, "{\"a\": 1, \"a\": 2}"));
	assert_non_null(strstr(f.err, "line 1: "));
	assert_null(rd_load(&f.c, NULL));
	assert_non_null(strstr(f.err, "line "));
	close_fx(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail),
		cmocka_unit_test(test_only_keys),
		cmocka_unit_test(test_want_str_int),
		cmocka_unit_test(test_parse_prov),
		cmocka_unit_test(test_load_format_kind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
