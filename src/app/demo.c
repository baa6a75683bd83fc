/*
 * demo.c - demonstration data for `skillcert demo`: the center and part of
 * the network named at its 2021 work conference (domain.md §11). Only an
 * empty database is filled; running it again changes nothing.
 */
#include <string.h>

#include "app/internal.h"

struct demo_inst {
	const char *name, *type, *province;
	int parent; /* index into the table, -1 = none */
	const char *renamed_from;
};

static const struct demo_inst demo[] = {
	{"机械工业职业技能鉴定指导中心", "center", "11", -1, NULL},
	{"新疆分中心", "branch_center", "65", 0, "新疆高技能人才培养基地"},
	{"工程机械分中心", "branch_center", "11", 0, NULL},
	{"线缆分中心", "branch_center", "32", 0, NULL},
	{"汽车东风分中心", "branch_center", "42", 0, NULL},
	{"汽车上海分中心", "branch_center", "31", 0, NULL},
	{"江苏省高技能人才培养基地", "training_base", "32", 0, NULL},
	{"四川省培养基地", "training_base", "51", 0, NULL},
	{"弹簧培养基地", "training_base", "33", 0, NULL},
	{"CTP实训基地", "practice_base", "11", 0, NULL},
	{"工业机器人哈工海渡实训基地", "practice_base", "31", 0, NULL},
	{"机械行业职业技能鉴定汽车广汽本田站", "exam_station", "44", 0, NULL},
};

int app_demo_seed(struct app_ctx *ctx, int *created, struct app_error *err)
{
	long long ids[sizeof(demo) / sizeof(demo[0])];
	struct institution *items;
	struct institution_filter f = {NULL, NULL, NULL, 1, 0};
	size_t n;
	long long total;

	*created = 0;
	if (app_institution_list(ctx, &f, &items, &n, &total, err) != APP_OK)
		return err->status;
	if (total > 0)
		return APP_OK;
	for (size_t i = 0; i < sizeof(demo) / sizeof(demo[0]); i++) {
		const struct demo_inst *d = &demo[i];
		struct institution_input in = {
			d->renamed_from ? d->renamed_from : d->name, d->type,
			d->province, "", d->parent >= 0 ? ids[d->parent] : 0};

		if (app_institution_create(ctx, &in, &ids[i], err) != APP_OK)
			return err->status;
		if (d->renamed_from &&
		    app_institution_rename(ctx, ids[i], d->name,
					   "更名（2021年度工作会议）", err) != APP_OK)
			return err->status;
		(*created)++;
	}
	return APP_OK;
}
