/*
 * test_embed.c - base/embed: embed_find() names a file by code and
 * extension, never by a prefix, a path or an empty code; embed_codes()
 * lists the codes of a folder's files.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "base/embed.h"

extern const struct embedded_file commendation_files[];
extern const size_t commendation_files_count;

static const unsigned char a_data[] = "{\"a\": 1}", ab_data[] = "{\"ab\": 2}";
static const struct embedded_file files[] = {
	{"a.json", a_data, sizeof(a_data) - 1},
	{"ab.json", ab_data, sizeof(ab_data) - 1},
	{"ab.txt", ab_data, sizeof(ab_data) - 1},
	{"sub/c.json", a_data, sizeof(a_data) - 1},
	{NULL, NULL, 0},
};
static const size_t nfiles = 4;

static void test_found(void **state)
{
	(void)state;
	assert_ptr_equal(embed_find(files, nfiles, "a", ".json"), &files[0]);
	assert_ptr_equal(embed_find(files, nfiles, "ab", ".json"), &files[1]);
	assert_ptr_equal(embed_find(files, nfiles, "ab", ".txt"), &files[2]);
	assert_string_equal((const char *)embed_find(files, nfiles, "ab", ".json")->data,
			    "{\"ab\": 2}");
}

static void test_not_found(void **state)
{
	(void)state;
	/* a prefix of a name, a name without its extension, a longer code */
	assert_null(embed_find(files, nfiles, "a", ".js"));
	assert_null(embed_find(files, nfiles, "a.json", ".json"));
	assert_null(embed_find(files, nfiles, "abc", ".json"));
	assert_null(embed_find(files, nfiles, "b", ".json"));
	assert_null(embed_find(files, nfiles, "a", ".txt"));
	/* only the first n files */
	assert_null(embed_find(files, 1, "ab", ".json"));
	assert_null(embed_find(files, 0, "a", ".json"));
}

static void test_no_code(void **state)
{
	(void)state;
	assert_null(embed_find(files, nfiles, "", ".json"));
	assert_null(embed_find(files, nfiles, NULL, ".json"));
	/* a code is a name in the folder, never a path */
	assert_null(embed_find(files, nfiles, "sub/c", ".json"));
	assert_null(embed_find(files, nfiles, "../a", ".json"));
	assert_null(embed_find(files, nfiles, "/a", ".json"));
}

static void test_build_files(void **state)
{
	const struct embedded_file *f;

	(void)state;
	/* the commendation rules the binary carries (commendations/) */
	f = embed_find(commendation_files, commendation_files_count, "machinery-2020",
		       ".json");
	assert_non_null(f);
	assert_string_equal(f->name, "machinery-2020.json");
	assert_int_equal(strlen((const char *)f->data), f->len);
	assert_null(embed_find(commendation_files, commendation_files_count, "machinery",
			       ".json"));
}

static void test_codes(void **state)
{
	static const unsigned char d[] = "x";
	static const struct embedded_file more[] = {
		{"b.json", d, 1},
		{".json", d, 1},
		{"c.json", d, 1},
		{"d.json", d, 1},
		{"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.json",
		 d, 1},
	};
	struct embed_codes codes;
	const char *const *c;

	(void)state;
	/* the names with the extension, less it, in order */
	c = embed_codes(&codes, EMBED_CODES_MAX, files, nfiles, ".json");
	assert_string_equal(c[0], "a");
	assert_string_equal(c[1], "ab");
	assert_string_equal(c[2], "sub/c");
	assert_null(c[3]);
	c = embed_codes(&codes, EMBED_CODES_MAX, files, nfiles, ".txt");
	assert_string_equal(c[0], "ab");
	assert_null(c[1]);
	/* no empty code, none too long, at most max */
	c = embed_codes(&codes, 2, more, 5, ".json");
	assert_string_equal(c[0], "b");
	assert_string_equal(c[1], "c");
	assert_null(c[2]);
	c = embed_codes(&codes, 100, more, 5, ".json");
	assert_string_equal(c[2], "d");
	assert_null(c[3]);
	c = embed_codes(&codes, EMBED_CODES_MAX, commendation_files,
			commendation_files_count, ".json");
	assert_non_null(c[0]);
	assert_non_null(
		embed_find(commendation_files, commendation_files_count, c[0], ".json"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),   cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_no_code), cmocka_unit_test(test_build_files),
		cmocka_unit_test(test_codes),
	};

	return cmocka_run_group_tests_name("embed", tests, NULL, NULL);
}
