/*
 * demo.c - demonstration data for `skillcert demo`: the center and the
 * network named at its 2021 work conference (domain.md §11), registered
 * through batches as the center really does it — the 2021 first batch
 * approved by 机职鉴字[2021]29号, renewed in 2024 — with a training base
 * re-registered as a branch center, an enterprise station hosted by an
 * automaker and filed with its province, authorised scopes, an inspection
 * with a finding, one lapsed registration and a batch under notice today.
 * Only an empty database is filled; running it again changes nothing.
 */
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"

struct demo_inst {
	const char *name, *type, *kind, *province, *host, *credit;
	bool renew; /* renewed in 2024 (else left to lapse) */
};

static const struct demo_inst demo[] = {
	{"新疆高技能人才培养基地", "training_base", "", "65", "", "", true},
	{"工程机械分中心", "branch_center", "sector", "11", "", "", true},
	{"线缆分中心", "branch_center", "sector", "32", "", "", true},
	{"汽车东风分中心", "branch_center", "sector", "42", "", "", true},
	{"汽车上海分中心", "branch_center", "sector", "31", "", "", true},
	{"江苏省高技能人才培养基地", "training_base", "", "32", "",
	 "91320500MA1N2P3Q4P", true},
	{"四川省培养基地", "training_base", "", "51", "", "", true},
	{"弹簧培养基地", "training_base", "", "33", "", "", false},
	{"CTP实训基地", "practice_base", "", "11", "", "", true},
	{"工业机器人哈工海渡实训基地", "practice_base", "", "31", "", "", true},
	{"机械行业职业技能鉴定汽车广汽本田站", "exam_station", "", "44",
	 "广汽本田汽车有限公司", "91440101618765432Y", true},
};
#define NDEMO (sizeof(demo) / sizeof(demo[0]))

struct demo_scope {
	int inst; /* index into demo[] */
	const char *code, *name, *work_type, *levels;
};

static const struct demo_scope scopes[] = {
	{1, "6-18-01-01", "车工", "", "5,4,3,2,1"},
	{1, "6-18-02-04", "焊工", "", "5,4,3,2"},
	{2, "6-31-01-03", "电工", "", "5,4,3"},
	{5, "6-20-01-01", "钳工", "装配钳工", "5,4,3,2"},
	{9, "6-30-99-00", "工业机器人系统操作员", "", "4,3,2,1"},
	{9, "6-31-01-10", "工业机器人系统运维员", "", "4,3,2"},
	{10, "4-12-01-01", "汽车维修工", "", "5,4,3,2"},
	{10, "6-18-02-04", "焊工", "", "5,4,3"},
};

#define FAIL_IF(x) \
	do { \
		if ((x) != APP_OK) \
			return err->status; \
	} while (0)

enum app_status app_demo_seed(struct app_ctx *ctx, int *created, struct app_error *err)
{
	long long ids[NDEMO], center, batch, reg, insp, newcomer;
	struct institution *items;
	struct institution_filter f = {.limit = 1};
	size_t n;
	long long total;
	int approved, added;
	char today[11], start[11], deadline[11];

	*created = 0;
	FAIL_IF(app_institution_list(ctx, &f, &items, &n, &total, err));
	if (total > 0)
		return APP_OK;
	time_today(today, sizeof(today));

	FAIL_IF(app_institution_create(
		ctx,
		&(struct institution_input){.name = "机械工业职业技能鉴定指导中心",
					    .type = "center",
					    .province = "11",
					    .address = "北京市"},
		&center, err));
	(*created)++;
	for (size_t i = 0; i < NDEMO; i++) {
		FAIL_IF(app_institution_create(
			ctx,
			&(struct institution_input){.name = demo[i].name,
						    .type = demo[i].type,
						    .branch_kind = demo[i].kind,
						    .province = demo[i].province,
						    .host_org = demo[i].host,
						    .credit_code = demo[i].credit,
						    .parent_id = center,
						    .contact_name = "联系人",
						    .contact_phone = "010-00000000"},
			&ids[i], err));
		(*created)++;
	}

	/* 2021, the first batch: noticed in March, approved by 29号 */
	FAIL_IF(app_batch_create(ctx, 2021, NULL, 7, &batch, err));
	FAIL_IF(app_batch_add(ctx, batch, 0, &added, err));
	FAIL_IF(app_batch_notice(ctx, batch, "2021-03-15", err));
	FAIL_IF(app_batch_decide(ctx, batch, "机职鉴字[2021]29号", "2021-03-31",
				 &approved, err));

	/* after eight years the Xinjiang base is re-registered as a branch
	 * center */
	FAIL_IF(app_institution_change_type(ctx, ids[0], "branch_center", "regional",
					    "机构更名：重新注册为地方分中心",
					    "机职鉴字[2021]29号", err));
	FAIL_IF(app_institution_rename(ctx, ids[0], "新疆分中心",
				       "机构更名：重新注册为地方分中心",
				       "机职鉴字[2021]29号", err));

	for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		FAIL_IF(app_scope_add(ctx, ids[scopes[i].inst], scopes[i].code,
				      scopes[i].name, scopes[i].work_type,
				      scopes[i].levels, "机职鉴字[2021]29号", err));

	FAIL_IF(app_filing_add(
		ctx, ids[10],
		&(struct filing){.authority = "广东省人力资源和社会保障厅",
				 .filing_no = "粤人社鉴备〔2021〕7号",
				 .filing_date = "2021-05-10",
				 .institution_code = "0123",
				 .province_code = "44",
				 .site_code = "000045"},
		err));

	/* 2024: the renewals (all but one, which lapses) */
	FAIL_IF(app_batch_create(ctx, 2024, NULL, 7, &batch, err));
	for (size_t i = 0; i < NDEMO; i++) {
		if (!demo[i].renew)
			continue;
		FAIL_IF(app_registration_apply(ctx, ids[i], &reg, err));
		FAIL_IF(app_batch_add(ctx, batch, reg, &added, err));
	}
	FAIL_IF(app_batch_notice(ctx, batch, "2024-03-01", err));
	FAIL_IF(app_batch_decide(ctx, batch, "机职鉴字[2024]15号", "2024-03-20",
				 &approved, err));

	/* the 2025 inspection of the cable branch left a finding now overdue */
	FAIL_IF(app_inspection_add(ctx, ids[2], 2025, "2025-11-20", "rectify",
				   "考务档案不完整", &insp, err));
	date_add_days(today, -30, deadline);
	FAIL_IF(app_finding_add(ctx, insp, "补齐2024年度考务档案", deadline, err));

	/* and this year's batch is under public notice today */
	FAIL_IF(app_institution_create(
		ctx,
		&(struct institution_input){.name = "机械工业职业能力评价重型机械工业分中心",
					    .type = "branch_center",
					    .branch_kind = "sector",
					    .province = "21",
					    .parent_id = center},
		&newcomer, err));
	(*created)++;
	FAIL_IF(app_batch_create(ctx, time_year(today), NULL, 7, &batch, err));
	FAIL_IF(app_batch_add(ctx, batch, 0, &added, err));
	date_add_days(today, -1, start);
	FAIL_IF(app_batch_notice(ctx, batch, start, err));
	return APP_OK;
}
