/*
 * test_comp_judge.c - app/competition_judge: who may give a judge an
 * account (app_comp_judge_account(), the demo's; no route). Making an
 * account is network-wide user management: an institution's admin, who
 * manages only its own institution's users, is refused (403) before
 * anything is read; a network-wide user manager gets past the permission
 * (and is then told the person judges nothing). An app-level test on a
 * throwaway SQLite database in a fresh temporary directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "base/arena.h"
#include "core/authz.h"

static char dir[256];
static char db_file[300];
static char db_url[320];
static struct app app;

static int setup(void **state)
{
	char err[256];
	const char *tmp = getenv("TMPDIR");
	int from = 0, to = 0;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/skillcert-judge-XXXXXX",
		 tmp && *tmp ? tmp : P_tmpdir);
	if (!mkdtemp(dir))
		return -1;
	snprintf(db_file, sizeof(db_file), "%s/t.db", dir);
	snprintf(db_url, sizeof(db_url), "sqlite:%s", db_file);
	if (app_global_init() || app_migrate(db_url, &from, &to, err, sizeof(err)))
		return -1;
	memset(&app, 0, sizeof(app));
	if (app_open(&app, db_url, dir, 0, err, sizeof(err))) {
		fprintf(stderr, "app_open: %s\n", err);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	char path[320];

	(void)state;
	app_close(&app);
	for (const char *const *s = (const char *const[]){"", "-wal", "-shm", NULL}; *s;
	     s++) {
		snprintf(path, sizeof(path), "%s%s", db_file, *s);
		unlink(path);
	}
	rmdir(dir);
	return 0;
}

/* app_comp_judge_account() as an account holding one grant. */
static enum app_status as(enum role role, long long institution_id, struct app_error *err)
{
	struct arena arena;
	struct grant g = {1, role, institution_id};
	struct actor a;
	struct app_ctx ctx;
	long long id = 0;
	enum app_status st;

	arena_init(&arena);
	memset(&a, 0, sizeof(a));
	a.user_id = 1;
	a.username = "someone";
	a.grants = &g;
	a.ngrants = 1;
	memset(&ctx, 0, sizeof(ctx));
	ctx.app = &app;
	ctx.arena = &arena;
	ctx.actor = &a;
	memset(err, 0, sizeof(*err));
	st = app_comp_judge_account(&ctx, 1, "judge.one", "Judge One", "Kx9#mPq2vL7wZr",
				    &id, err);
	assert_int_equal(id, 0);
	arena_release(&arena);
	return st;
}

static void test_institution_admin_refused(void **state)
{
	struct app_error err;

	(void)state;
	/* user management of one institution is not network-wide */
	assert_int_equal(as(ROLE_INSTITUTION_ADMIN, 7, &err), APP_FORBIDDEN);
	assert_string_equal(err.msg, "err.forbidden");
}

static void test_network_manager_passes(void **state)
{
	struct app_error err;

	(void)state;
	/* past the permission: person 1 judges nothing */
	assert_int_equal(as(ROLE_CENTER_ADMIN, 0, &err), APP_INVALID);
	assert_string_equal(err.field, "person_id");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_institution_admin_refused),
		cmocka_unit_test(test_network_manager_passes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
