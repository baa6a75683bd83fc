/*
 * test_embed.c - base/embed: embed_find() names a file by code and
 * extension, never by a prefix, a path or an empty code.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_found),
		cmocka_unit_test(test_not_found),
		cmocka_unit_test(test_no_code),
		cmocka_unit_test(test_build_files),
	};

	return cmocka_run_group_tests_name("embed", tests, NULL, NULL);
}
