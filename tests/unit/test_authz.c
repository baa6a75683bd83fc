/*
 * test_authz.c - core/authz: role names, the role/permission table, known
 * permissions, the scope check (whole network, subtree, wrong role, several
 * grants), the route-level check and the password policy.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/authz.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const all_perms[] = {
	PERM_INSTITUTION_CREATE,
	PERM_INSTITUTION_RENAME,
	PERM_USER_MANAGE,
	PERM_AUDIT_READ,
	PERM_ACCOUNT,
};

/* ---- roles ---- */

static void test_role_roundtrip(void **state)
{
	static const char *const names[ROLE_COUNT] = {
		"center_admin", "institution_admin", "exam_officer",
		"assessor",     "supervisor",        "viewer",
	};

	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		const char *name = role_name((enum role)r);

		assert_non_null(name);
		assert_string_equal(name, names[r]);
		assert_int_equal(role_parse(name), r);
	}
}

static void test_role_unknown(void **state)
{
	(void)state;
	assert_int_equal(role_parse("root"), -1);
	assert_int_equal(role_parse(""), -1);
	assert_int_equal(role_parse(NULL), -1);
	assert_int_equal(role_parse("Center_Admin"), -1);
	assert_int_equal(role_parse("viewer "), -1);
	assert_int_equal(role_parse("view"), -1);
	assert_null(role_name(ROLE_COUNT));
	assert_null(role_name((enum role) - 1));
}

/* ---- the permission table ---- */

static void test_role_has_table(void **state)
{
	/* the whole table, row by row: any change to it must change this */
	static const struct {
		enum role role;
		bool has[N(all_perms)]; /* in the order of all_perms */
	} want[] = {
		{ROLE_CENTER_ADMIN, {true, true, true, true, true}},
		{ROLE_INSTITUTION_ADMIN, {true, true, true, false, true}},
		{ROLE_EXAM_OFFICER, {false, false, false, false, true}},
		{ROLE_ASSESSOR, {false, false, false, false, true}},
		{ROLE_SUPERVISOR, {false, false, false, true, true}},
		{ROLE_VIEWER, {false, false, false, false, true}},
	};

	(void)state;
	assert_int_equal(N(want), ROLE_COUNT);
	for (size_t r = 0; r < N(want); r++)
		for (size_t p = 0; p < N(all_perms); p++)
			if (role_has(want[r].role, all_perms[p]) != want[r].has[p])
				fail_msg("role_has(%s, %s) should be %s",
					 role_name(want[r].role), all_perms[p],
					 want[r].has[p] ? "true" : "false");
}

static void test_role_has_named_cases(void **state)
{
	(void)state;
	for (size_t p = 0; p < N(all_perms); p++)
		assert_true(role_has(ROLE_CENTER_ADMIN, all_perms[p]));
	assert_true(role_has(ROLE_VIEWER, PERM_ACCOUNT));
	assert_false(role_has(ROLE_VIEWER, PERM_AUDIT_READ));
	assert_false(role_has(ROLE_VIEWER, PERM_INSTITUTION_CREATE));
	assert_true(role_has(ROLE_SUPERVISOR, PERM_AUDIT_READ));
	assert_false(role_has(ROLE_SUPERVISOR, PERM_INSTITUTION_CREATE));
	assert_false(role_has(ROLE_SUPERVISOR, PERM_USER_MANAGE));
}

static void test_role_has_unknown(void **state)
{
	(void)state;
	for (int r = 0; r < ROLE_COUNT; r++) {
		assert_false(role_has((enum role)r, "institution.delete"));
		assert_false(role_has((enum role)r, ""));
		assert_false(role_has((enum role)r, NULL));
		assert_false(role_has((enum role)r, "AUDIT.READ"));
		assert_false(role_has((enum role)r, "audit.read "));
	}
	assert_false(role_has(ROLE_COUNT, PERM_ACCOUNT));
	assert_false(role_has((enum role) - 1, PERM_ACCOUNT));
	assert_false(role_has((enum role)31, PERM_ACCOUNT));
}

static void test_perm_known(void **state)
{
	(void)state;
	for (size_t p = 0; p < N(all_perms); p++)
		assert_true(perm_known(all_perms[p]));
	assert_false(perm_known("institution.delete"));
	assert_false(perm_known("audit"));
	assert_false(perm_known("audit.read.all"));
	assert_false(perm_known(""));
	assert_false(perm_known(NULL));
	assert_false(perm_known("Account"));
}

/* ---- the scope check ---- */

static void test_allows_network_grant(void **state)
{
	const struct grant g[] = {{1, ROLE_CENTER_ADMIN, 0}};
	const long long deep[] = {9, 5, 1};
	const long long root[] = {1};

	(void)state;
	assert_true(authz_allows(g, 1, PERM_INSTITUTION_RENAME, deep, 3));
	assert_true(authz_allows(g, 1, PERM_INSTITUTION_RENAME, root, 1));
	/* the whole network itself */
	assert_true(authz_allows(g, 1, PERM_INSTITUTION_CREATE, NULL, 0));
	/* but not a permission nobody has */
	assert_false(authz_allows(g, 1, "institution.delete", deep, 3));
	assert_false(authz_allows(g, 1, "institution.delete", NULL, 0));
}

static void test_allows_subtree_grant(void **state)
{
	const struct grant g[] = {{1, ROLE_INSTITUTION_ADMIN, 5}};
	const long long under5[] = {9, 5, 1};
	const long long five[] = {5, 1};
	const long long under7[] = {9, 7, 1};
	const long long parent[] = {1};

	(void)state;
	assert_true(authz_allows(g, 1, PERM_INSTITUTION_RENAME, under5, 3));
	assert_true(authz_allows(g, 1, PERM_INSTITUTION_RENAME, five, 2));
	/* a sibling subtree */
	assert_false(authz_allows(g, 1, PERM_INSTITUTION_RENAME, under7, 3));
	/* above the grant */
	assert_false(authz_allows(g, 1, PERM_INSTITUTION_RENAME, parent, 1));
	/* the whole network needs a network grant */
	assert_false(authz_allows(g, 1, PERM_INSTITUTION_CREATE, NULL, 0));
	assert_false(authz_allows(g, 1, PERM_INSTITUTION_CREATE, under5, 0));
}

static void test_allows_role_lacks_perm(void **state)
{
	const struct grant viewer_net[] = {{1, ROLE_VIEWER, 0}};
	const struct grant sup5[] = {{2, ROLE_SUPERVISOR, 5}};
	const long long under5[] = {9, 5, 1};

	(void)state;
	assert_false(authz_allows(viewer_net, 1, PERM_INSTITUTION_RENAME, under5, 3));
	assert_false(authz_allows(viewer_net, 1, PERM_AUDIT_READ, NULL, 0));
	assert_false(authz_allows(sup5, 1, PERM_INSTITUTION_RENAME, under5, 3));
	assert_true(authz_allows(sup5, 1, PERM_AUDIT_READ, under5, 3));
}

static void test_allows_several_grants(void **state)
{
	const struct grant g[] = {
		{1, ROLE_VIEWER, 0},            /* everywhere, but only "account" */
		{2, ROLE_SUPERVISOR, 7},        /* audit in 7's subtree */
		{3, ROLE_INSTITUTION_ADMIN, 5}, /* manage 5's subtree */
	};
	const long long under5[] = {9, 5, 1};
	const long long under7[] = {8, 7, 1};
	const long long root[] = {1};

	(void)state;
	assert_true(authz_allows(g, 3, PERM_INSTITUTION_RENAME, under5, 3));
	assert_false(authz_allows(g, 3, PERM_INSTITUTION_RENAME, under7, 3));
	assert_true(authz_allows(g, 3, PERM_AUDIT_READ, under7, 3));
	assert_false(authz_allows(g, 3, PERM_AUDIT_READ, under5, 3));
	assert_false(authz_allows(g, 3, PERM_AUDIT_READ, root, 1));
	assert_true(authz_allows(g, 3, PERM_ACCOUNT, root, 1));
	assert_true(authz_allows(g, 3, PERM_ACCOUNT, NULL, 0));
	assert_false(authz_allows(g, 3, PERM_USER_MANAGE, NULL, 0));
	/* only the first k grants are looked at */
	assert_false(authz_allows(g, 2, PERM_INSTITUTION_RENAME, under5, 3));
	assert_false(authz_allows(g, 0, PERM_ACCOUNT, NULL, 0));
	assert_false(authz_allows(NULL, 0, PERM_ACCOUNT, root, 1));
}

static void test_allows_somewhere(void **state)
{
	const struct grant g[] = {{1, ROLE_VIEWER, 0}, {2, ROLE_SUPERVISOR, 7}};
	const struct grant ia[] = {{3, ROLE_INSTITUTION_ADMIN, 5}};

	(void)state;
	assert_true(authz_allows_somewhere(g, 2, PERM_AUDIT_READ));
	assert_true(authz_allows_somewhere(g, 2, PERM_ACCOUNT));
	assert_false(authz_allows_somewhere(g, 2, PERM_INSTITUTION_CREATE));
	assert_false(authz_allows_somewhere(g, 1, PERM_AUDIT_READ));
	assert_true(authz_allows_somewhere(ia, 1, PERM_USER_MANAGE));
	assert_false(authz_allows_somewhere(ia, 1, PERM_AUDIT_READ));
	assert_false(authz_allows_somewhere(ia, 1, "nope"));
	assert_false(authz_allows_somewhere(NULL, 0, PERM_ACCOUNT));
}

/* ---- password policy ---- */

static void test_password_short_long(void **state)
{
	char s[200];

	(void)state;
	assert_string_equal(password_policy("", "admin"), "val.password.short");
	assert_string_equal(password_policy(NULL, "admin"), "val.password.short");
	assert_string_equal(password_policy("Ab1", "admin"), "val.password.short");
	assert_string_equal(password_policy("Abcdefgh1", "admin"), "val.password.short"); /* 9 */
	assert_null(password_policy("Abcdefgh12", "admin")); /* 10 */

	memset(s, 'a', 127);
	s[127] = '7';
	s[128] = '\0';
	assert_null(password_policy(s, "admin")); /* 128 */
	s[128] = '8';
	s[129] = '\0';
	assert_string_equal(password_policy(s, "admin"), "val.password.long"); /* 129 */
	memset(s, 'x', 199);
	s[199] = '\0';
	assert_string_equal(password_policy(s, "admin"), "val.password.long");
}

static void test_password_username(void **state)
{
	(void)state;
	assert_string_equal(password_policy("liwei2024!!", "liwei"),
			    "val.password.username");
	assert_string_equal(password_policy("2024liwei!!", "liwei"),
			    "val.password.username");
	assert_string_equal(password_policy("x.liwei_2.y1", "liwei_2"),
			    "val.password.username");
	/* no user name: nothing to compare */
	assert_null(password_policy("liwei2024!!", ""));
	assert_null(password_policy("liwei2024!!", NULL));
	assert_null(password_policy("liwe2024!!x", "liwei"));
}

static void test_password_classes(void **state)
{
	(void)state;
	/* one class only */
	assert_string_equal(password_policy("abcdefghijkl", "admin"), "val.password.weak");
	assert_string_equal(password_policy("ABCDEFGHIJKL", "admin"), "val.password.weak");
	assert_string_equal(password_policy("123456789012", "admin"), "val.password.weak");
	assert_string_equal(password_policy("!@#$%^&*()_+", "admin"), "val.password.weak");
	assert_string_equal(password_policy("机械工业鉴定中心", "admin"),
			    "val.password.weak");
	/* two classes */
	assert_null(password_policy("abcdefghij1", "admin"));
	assert_null(password_policy("1234567890!", "admin"));
	assert_null(password_policy("ABCDEFGHIJ-", "admin"));
	assert_null(password_policy("机械工业鉴定中心2024", "admin"));
	assert_null(password_policy("correct horse battery", "admin")); /* space */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_role_roundtrip),
		cmocka_unit_test(test_role_unknown),
		cmocka_unit_test(test_role_has_table),
		cmocka_unit_test(test_role_has_named_cases),
		cmocka_unit_test(test_role_has_unknown),
		cmocka_unit_test(test_perm_known),
		cmocka_unit_test(test_allows_network_grant),
		cmocka_unit_test(test_allows_subtree_grant),
		cmocka_unit_test(test_allows_role_lacks_perm),
		cmocka_unit_test(test_allows_several_grants),
		cmocka_unit_test(test_allows_somewhere),
		cmocka_unit_test(test_password_short_long),
		cmocka_unit_test(test_password_username),
		cmocka_unit_test(test_password_classes),
	};

	return cmocka_run_group_tests_name("authz", tests, NULL, NULL);
}
