/*
 * demo.c - demonstration data for `skillcert demo`: the center and the
 * network named at its 2021 work conference (domain.md §11), registered
 * through batches as the center really does it — the 2021 first batch
 * approved by 机职鉴字[2021]29号, renewed in 2024 — with a training base
 * re-registered as a branch center, an enterprise station hosted by an
 * automaker and filed with its province, authorised scopes, an inspection
 * with a finding, one lapsed registration and a batch under notice today;
 * and the station's 2025 焊工 assessment taken through to issued
 * certificates, so that a newcomer has one to verify at once; the 2020
 * commendation campaign of issue 14, decided with its honour certificates
 * (demo_commendation.c); the competitions of issue 13 with a judge's
 * login (demo_competition.c); and the station's apprenticeship class and
 * online course of issue 15 (demo_apprenticeship.c, demo_training.c).
 *
 * The history is written as it happened: each step runs on a clock pinned
 * at its own date (time_pin), so the records, their created_at and the
 * audit trail of the 2021 batch say 2021, and the rules that judge
 * "today" (a notice starts today, a decision follows its notice) hold for
 * the past as for the present. Only an empty database is filled; running
 * it again changes nothing.
 */
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "services/portrait.h"

struct demo_inst {
	const char *name, *type, *kind, *province, *host, *credit;
	bool renew; /* renewed in 2024 (else left to lapse) */
};

/* A made-up portrait (services/portrait.c, seeded) as person's photo. */
enum app_status app_demo_photo(struct app_ctx *ctx, long long person, unsigned seed,
			       struct app_error *err)
{
	struct buf photo;
	enum app_status st;

	buf_init(&photo, 0);
	if (portrait_png(150, 200, seed, &photo) != 0) {
		buf_release(&photo);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	st = app_person_set_photo(ctx, person, photo.data, photo.len, err);
	buf_release(&photo);
	return st;
}

static const struct demo_inst demo[] = {
	{"新疆高技能人才培养基地", "training_base", "", "65", "", "", true},
	{"工程机械分中心", "branch_center", "sector", "11", "", "", true},
	{"线缆分中心", "branch_center", "sector", "32", "", "", true},
	{"汽车东风分中心", "branch_center", "sector", "42", "", "", true},
	{"汽车上海分中心", "branch_center", "sector", "31", "", "", true},
	{"江苏省高技能人才培养基地", "training_base", "", "32", "", "91320500MA1N2P3Q4P",
	 true},
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

/* The 2025 assessment: the station's welders (焊工, 四级/中级工), assessed
 * by the center's assessors with two proctors. ID numbers are made up,
 * with their right GB 11643 check characters. */
struct demo_person {
	const char *name, *id_number, *employer;
	const char *theory; /* NULL: staff */
};

static const struct demo_person candidates[] = {
	{"张伟", "440104198803120516", "广汽本田汽车有限公司", "86.5"},
	{"李娜", "440104199007260328", "广汽本田汽车有限公司", "91"},
	{"王强", "44010619920105044X", "广汽本田汽车有限公司", "78"},
};

static const struct demo_person assessors[] = {
	{"刘建国", "110108197504050137", "机械工业职业技能鉴定指导中心", NULL},
	{"陈志刚", "110105197809180216", "机械工业职业技能鉴定指导中心", NULL},
	{"赵明", "11010219800211036X", "机械工业职业技能鉴定指导中心", NULL},
};

static const struct demo_person proctors[] = {
	{"黄丽", "440111198306020534", "广州市职业技能鉴定指导中心", NULL},
	{"周静", "440111198508150660", "广州市职业技能鉴定指导中心", NULL},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define WELDER "6-18-02-04"

#define FAIL_IF(x) \
	do { \
		if ((x) != APP_OK) \
			return err->status; \
	} while (0)

/* Runs what follows as of instant (see time_pin). */
#define AT(instant) \
	do { \
		if (!time_pin(instant)) \
			return app_fail(err, APP_INTERNAL, NULL, "err.internal"); \
	} while (0)

static enum app_status add_person(struct app_ctx *ctx, long long inst,
				  const struct demo_person *d, long long *id,
				  struct app_error *err)
{
	return app_person_create(ctx,
				 &(struct person_input){.name = d->name,
							.id_type = "resident_id",
							.id_number = d->id_number,
							.education = "senior_middle",
							.employer = d->employer,
							.work_start = "2012-03-01",
							.institution_id = inst},
				 id, err);
}

/* The people a plan of the station is staffed with: the center's
 * assessors and the proctors (ids filled by seed_assessment). */
struct demo_staff {
	long long standard;
	long long assessors[COUNT(assessors)], proctors[COUNT(proctors)];
};

/* The station's 2025 焊工 plan, from the draft to its certificates (when
 * public_url is set: nothing is signed without it). */
static enum app_status seed_assessment(struct app_ctx *ctx, long long station,
				       struct demo_staff *ds, struct app_error *err)
{
	long long plan, room, staff, cand[COUNT(candidates)], eid[COUNT(candidates)];
	long long *as = ds->assessors, pid, standard = 0;
	struct standard_row *stds;
	struct eligibility_result elig;
	struct cert_issue_report rep;
	const char *url = "";
	size_t n;

	AT("2025-05-12T02:00:00Z");
	FAIL_IF(app_standard_list(ctx, 0, &stds, &n, err));
	for (size_t i = 0; i < n; i++)
		if (!strcmp(stds[i].occupation_code, WELDER))
			standard = stds[i].id;
	if (!standard)
		return app_fail(err, APP_NOT_FOUND, "standard_id", "err.not_found");
	ds->standard = standard;
	for (size_t i = 0; i < COUNT(assessors); i++) {
		FAIL_IF(add_person(ctx, station, &assessors[i], &as[i], err));
		FAIL_IF(app_person_add_qualification(ctx, as[i], WELDER, "assessor", 3,
						     "2020-01-01", "2030-12-31", "", err));
	}
	for (size_t i = 0; i < COUNT(candidates); i++) {
		FAIL_IF(add_person(ctx, station, &candidates[i], &cand[i], err));
		FAIL_IF(app_demo_photo(ctx, cand[i], (unsigned)i, err));
	}
	FAIL_IF(app_plan_create(ctx,
				&(struct plan_input){.institution_id = station,
						     .standard_id = standard,
						     .level = 4,
						     .theory_on = "2025-06-14",
						     .practical_on = "2025-06-15",
						     .capacity = 30},
				&plan, err));
	FAIL_IF(app_plan_add_room(ctx, plan, "第一考场（焊接实训车间）", 30, &room, err));
	for (size_t i = 0; i < COUNT(assessors); i++)
		FAIL_IF(app_plan_assign(ctx, plan, as[i], "assessor", 0, NULL, &staff, err));
	for (size_t i = 0; i < COUNT(proctors); i++) {
		FAIL_IF(add_person(ctx, station, &proctors[i], &pid, err));
		ds->proctors[i] = pid;
		FAIL_IF(app_plan_assign(ctx, plan, pid, "proctor", room, NULL, &staff, err));
	}
	for (size_t i = 0; i < COUNT(candidates); i++)
		FAIL_IF(app_plan_enrol(ctx, plan, cand[i], room, &eid[i], &elig, err));
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_SUBMIT, NULL, err));
	AT("2025-05-20T03:00:00Z");
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_APPROVE, NULL, err));

	AT("2025-06-14T01:00:00Z");
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_START, NULL, err));
	for (size_t i = 0; i < COUNT(candidates); i++)
		FAIL_IF(app_score_enter(ctx, plan, eid[i], "theory", 0,
					candidates[i].theory, NULL, NULL, err));
	AT("2025-06-15T09:00:00Z");
	for (size_t i = 0; i < COUNT(candidates); i++) {
		static const char *const practical[] = {"80", "84", "75"};

		for (size_t a = 0; a < COUNT(assessors); a++)
			FAIL_IF(app_score_enter(ctx, plan, eid[i], "practical", as[a],
						practical[(i + a) % 3], NULL, NULL, err));
		FAIL_IF(app_score_submit(ctx, plan, eid[i], "theory", NULL, err));
		FAIL_IF(app_score_submit(ctx, plan, eid[i], "practical", NULL, err));
	}
	AT("2025-06-16T02:00:00Z");
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_FINISH_SCORING, NULL, err));
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_PUBLISH, NULL, err));
	/* the results notice has run its course, no appeal */
	AT("2025-07-01T02:00:00Z");
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_CLOSE, NULL, err));
	FAIL_IF(app_setting_get(ctx, "public_url", &url, err));
	if (!url || !*url)
		return APP_OK;
	AT("2025-07-02T02:00:00Z");
	return app_cert_issue(ctx, plan, "skill", &rep, err);
}

/* This year's 焊工 三级 plan of the station, approved and open to the
 * public for online application (/apply) from today for 20 days, its
 * theory exam in 30 days. */
static enum app_status seed_open_plan(struct app_ctx *ctx, long long station,
				      const struct demo_staff *ds, struct app_error *err)
{
	char today[11], theory[11], practical[11], closes[11];
	long long plan, room, staff;

	time_today(today, sizeof(today));
	date_add_days(today, 30, theory);
	date_add_days(today, 31, practical);
	date_add_days(today, 20, closes);
	FAIL_IF(app_plan_create(ctx,
				&(struct plan_input){.institution_id = station,
						     .standard_id = ds->standard,
						     .level = 3,
						     .theory_on = theory,
						     .practical_on = practical,
						     .capacity = 20},
				&plan, err));
	FAIL_IF(app_plan_add_room(ctx, plan, "第一考场（焊接实训车间）", 20, &room, err));
	for (size_t i = 0; i < COUNT(assessors); i++)
		FAIL_IF(app_plan_assign(ctx, plan, ds->assessors[i], "assessor", 0, NULL,
					&staff, err));
	for (size_t i = 0; i < COUNT(proctors); i++)
		FAIL_IF(app_plan_assign(ctx, plan, ds->proctors[i], "proctor", room, NULL,
					&staff, err));
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_SUBMIT, NULL, err));
	FAIL_IF(app_plan_act(ctx, plan, PLAN_ACT_APPROVE, NULL, err));
	return app_apply_offer_set(
		ctx, plan,
		&(struct apply_offer_input){.audience = "public",
					    .opens_on = today,
					    .closes_on = closes,
					    .fee = "理论 120 元，实操 280 元"},
		err);
}

static enum app_status seed(struct app_ctx *ctx, int *created, char judge_password[17],
			    struct app_error *err)
{
	struct demo_staff ds;
	long long ids[NDEMO], center, batch, reg, insp, newcomer;
	int approved, added;
	char today[11], deadline[11];

	time_today(today, sizeof(today));
	date_add_days(today, -30, deadline);

	/* 2021: the network is registered, the first batch noticed in March
	 * and approved by 29号 */
	AT("2021-03-01T01:30:00Z");
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
	FAIL_IF(app_batch_create(ctx, 2021, NULL, 7, &batch, err));
	FAIL_IF(app_batch_add(ctx, batch, 0, &added, err));
	AT("2021-03-15T01:00:00Z");
	FAIL_IF(app_batch_notice(ctx, batch, "2021-03-15", err));
	AT("2021-03-31T06:00:00Z");
	FAIL_IF(app_batch_decide(ctx, batch, "机职鉴字[2021]29号", "2021-03-31",
				 &approved, err));

	/* after eight years the Xinjiang base is re-registered as a branch
	 * center */
	AT("2021-04-15T02:00:00Z");
	FAIL_IF(app_institution_change_type(ctx, ids[0], "branch_center", "regional",
					    "机构更名：重新注册为地方分中心",
					    "机职鉴字[2021]29号", err));
	FAIL_IF(app_institution_rename(ctx, ids[0], "新疆分中心",
				       "机构更名：重新注册为地方分中心",
				       "机职鉴字[2021]29号", err));

	AT("2021-04-20T02:00:00Z");
	for (size_t i = 0; i < sizeof(scopes) / sizeof(scopes[0]); i++)
		FAIL_IF(app_scope_add(ctx, ids[scopes[i].inst], scopes[i].code,
				      scopes[i].name, scopes[i].work_type,
				      scopes[i].levels, "机职鉴字[2021]29号", err));

	AT("2021-05-10T03:00:00Z");
	FAIL_IF(app_filing_add(ctx, ids[10],
			       &(struct filing){.authority = "广东省人力资源和社会保障厅",
						.filing_no = "粤人社鉴备〔2021〕7号",
						.filing_date = "2021-05-10",
						.institution_code = "0123",
						.province_code = "44",
						.site_code = "000045"},
			       err));

	/* 2024: the renewals (all but one, which lapses) */
	AT("2024-02-20T02:00:00Z");
	FAIL_IF(app_batch_create(ctx, 2024, NULL, 7, &batch, err));
	for (size_t i = 0; i < NDEMO; i++) {
		if (!demo[i].renew)
			continue;
		FAIL_IF(app_registration_apply(ctx, ids[i], &reg, err));
		FAIL_IF(app_batch_add(ctx, batch, reg, &added, err));
	}
	AT("2024-03-01T01:00:00Z");
	FAIL_IF(app_batch_notice(ctx, batch, "2024-03-01", err));
	AT("2024-03-20T06:00:00Z");
	FAIL_IF(app_batch_decide(ctx, batch, "机职鉴字[2024]15号", "2024-03-20",
				 &approved, err));

	/* the 2020 commendations, decided before the 2021 conference
	 * (app/demo_commendation.c) */
	FAIL_IF(app_demo_commendation(ctx,
				      &(struct demo_comm_in){.center = center,
							     .xinjiang = ids[0],
							     .jiangsu = ids[5],
							     .station = ids[10],
							     .cable_branch = ids[2]},
				      err));
	(*created)++; /* its station under the cable branch center */

	/* 2025: the Honda station's welders get their certificates */
	FAIL_IF(seed_assessment(ctx, ids[10], &ds, err));
	/* 2024-2025: the station's apprenticeship class (app/demo_apprenticeship.c) */
	FAIL_IF(app_demo_apprenticeship(ctx,
					&(struct demo_appr_in){.station = ids[10],
							       .standard = ds.standard,
							       .mentor = ds.assessors[0],
							       .occupation = WELDER,
							       .mentor_name =
								       assessors[0].name},
					err));
	/* and take its online course (app/demo_training.c) */
	FAIL_IF(app_demo_training(ctx, ids[10], err));

	/* the 2025 inspection of the cable branch left a finding now overdue */
	AT("2025-11-20T02:00:00Z");
	FAIL_IF(app_inspection_add(ctx, ids[2], 2025, "2025-11-20", "rectify",
				   "考务档案不完整", &insp, err));
	FAIL_IF(app_finding_add(ctx, insp, "补齐2024年度考务档案", deadline, err));

	/* 2026: the machinery industry's 数控车工 competition, final; this
	 * year's district competition of the station, marking today; and a
	 * judge's login (app/demo_competition.c) */
	FAIL_IF(app_demo_competitions(
		ctx,
		&(struct demo_comp_in){.center = center,
				       .station = ids[10],
				       .entrants = {ids[1], ids[5], ids[6], ids[10]},
				       .judges = {ds.assessors[0], ds.assessors[1],
						  ds.assessors[2]},
				       .proctors = {ds.proctors[0], ds.proctors[1]},
				       .judge_name = assessors[0].name},
		judge_password, err));

	/* and this year's batch is under public notice from today */
	time_pin(NULL);
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
	FAIL_IF(app_batch_notice(ctx, batch, today, err));
	/* and the station takes applications online for its next plan */
	return seed_open_plan(ctx, ids[10], &ds, err);
}

/* Counts every year's figures and runs the supervision scan over each. */
static enum app_status demo_figures(struct app_ctx *ctx, struct app_error *err)
{
	int *years = NULL;
	size_t n = 0;

	FAIL_IF(app_stats_refresh(ctx, 0, err));
	FAIL_IF(app_stats_years(ctx, &years, &n, err));
	for (size_t i = 0; i < n; i++) {
		struct sup_scan_report r;

		FAIL_IF(app_sup_scan(ctx, years[i], &r, err));
	}
	return APP_OK;
}

enum app_status app_demo_seed(struct app_ctx *ctx, int *created, char judge_password[17],
			      struct app_error *err)
{
	struct institution *items;
	struct institution_filter f = {.limit = 1};
	size_t n;
	long long total;
	enum app_status rc;

	*created = 0;
	judge_password[0] = '\0';
	FAIL_IF(app_institution_list(ctx, &f, &items, &n, &total, err));
	if (total > 0)
		return APP_OK;
	rc = seed(ctx, created, judge_password, err);
	time_pin(NULL); /* whatever step it stopped at */
	if (rc)
		return rc;
	/* the figures counted and every year scanned for flags (issue 16),
	 * so that /statistics and /supervision open on the demo's records */
	return demo_figures(ctx, err);
}

enum app_status app_demo_certificate(struct app_ctx *ctx, const char **number,
				     const char **holder, const char **id_number,
				     const char **url, struct app_error *err)
{
	struct certificate *items;
	const char *base = "";
	size_t n;

	*number = *holder = *id_number = *url = NULL;
	FAIL_IF(app_setting_get(ctx, "public_url", &base, err));
	FAIL_IF(app_cert_list(ctx, 0, "", 50, 0, &items, &n, err));
	for (size_t i = n; i-- > 0;) /* the oldest one still valid */
		if (!strcmp(items[i].status, "valid") && items[i].qr_token &&
		    !cert_is_recognition(&items[i])) {
			*number = items[i].number;
			*holder = items[i].holder_name;
			for (size_t k = 0; k < COUNT(candidates); k++)
				if (!strcmp(candidates[k].name, *holder))
					*id_number = candidates[k].id_number;
			if (base && *base)
				*url = arena_printf(ctx->arena, "%s/v/%s", base,
						    items[i].qr_token);
			return APP_OK;
		}
	return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
}
