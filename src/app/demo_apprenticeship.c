/*
 * demo_apprenticeship.c - the demonstration's apprenticeship class (issue
 * 15): the 广汽本田 station's 焊工 class with a technical school under the
 * national rules, filed in August 2024 and running from September: its
 * plan of two courses, three apprentices at different stages (one still
 * training, one withdrawn, one completed in August 2025 and enrolled
 * through the apprenticeship route into a 五级 plan of the station), and
 * the advances paid for 2024. ID numbers are made up, with their right
 * GB 11643 check characters.
 */
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"

#define FAIL_IF(x) \
	do { \
		if ((x) != APP_OK) \
			return err->status; \
	} while (0)
#define AT(instant) \
	do { \
		if (!time_pin(instant)) \
			return app_fail(err, APP_INTERNAL, NULL, "err.internal"); \
	} while (0)

static const struct {
	const char *name, *id_number;
} apprentices[] = {
	{"郑浩", "440111200403150218"},
	{"孙磊", "440111200307220431"},
	{"何俊", "440111200411080651"},
};

enum app_status app_demo_apprenticeship(struct app_ctx *ctx, const struct demo_appr_in *in,
					struct app_error *err)
{
	long long klass, course[2], who[3], appr[3], plan, enrolment;
	const char *route;
	static const struct appr_class filing = {
		.agreement_no = "GQBT-XT-2024-03",
		.agreement_signed_on = "2024-08-12",
		.filing_no = "穗人社学徒备〔2024〕27号",
		.filing_date = "2024-08-26",
		.filing_authority = "广州市人力资源和社会保障局",
	};

	AT("2024-08-20T02:00:00Z");
	FAIL_IF(app_appr_create(
		ctx,
		&(struct appr_class_input){.institution_id = in->station,
					   .enterprise_name = "广汽本田汽车有限公司",
					   .enterprise_credit_code = "91440101618765432Y",
					   .school_name = "广州市高级技工学校",
					   .school_kind = "technical_school",
					   .occupation_code = in->occupation,
					   .target_level = 4,
					   .starts_on = "2024-09-01",
					   .rules_code = "national-2021"},
		&klass, err));
	FAIL_IF(app_appr_course_add(ctx, klass, "焊接实训（企业岗位）", "enterprise", 240,
				    8, &course[0], err));
	FAIL_IF(app_appr_course_add(ctx, klass, "焊接工艺基础", "school", 120, 4,
				    &course[1], err));
	for (size_t i = 0; i < 3; i++) {
		FAIL_IF(app_person_create(
			ctx,
			&(struct person_input){.name = apprentices[i].name,
					       .id_type = "resident_id",
					       .id_number = apprentices[i].id_number,
					       .education = "senior_middle",
					       .employer = "广汽本田汽车有限公司",
					       .employer_credit_code = "91440101618765432Y",
					       .institution_id = in->station},
			&who[i], err));
		FAIL_IF(app_apprentice_add(
			ctx,
			&(struct apprentice_input){.class_id = klass,
						   .person_id = who[i],
						   .contract_start = "2024-08-15",
						   .contract_end = "2027-08-14",
						   .hire_kind = i == 1 ? "transferred" : "new",
						   .enterprise_mentor = in->mentor_name,
						   .enterprise_mentor_id = in->mentor,
						   .school_mentor = "林晓燕",
						   .wage = 4800,
						   .minimum_wage = 2300},
			&appr[i], err));
	}
	AT("2024-08-27T02:00:00Z");
	FAIL_IF(app_appr_step(ctx, klass, "filed", &filing, err));
	AT("2024-09-01T01:00:00Z");
	FAIL_IF(app_appr_step(ctx, klass, "running", NULL, err));
	AT("2024-12-20T02:00:00Z");
	for (size_t i = 0; i < 3; i++) {
		FAIL_IF(app_apprentice_advance(ctx, appr[i], 2024, 1500, err));
		FAIL_IF(app_apprentice_progress(ctx, appr[i], course[1], 60, 2,
						"理论基础扎实", err));
	}
	AT("2025-03-10T02:00:00Z");
	FAIL_IF(app_apprentice_status(ctx, appr[1], "withdrawn", "调离技能岗位",
				      "2025-03-10", err));
	AT("2025-08-29T02:00:00Z");
	FAIL_IF(app_apprentice_progress(ctx, appr[0], course[0], 240, 8,
					"能独立完成板对接焊，达到中级工要求", err));
	FAIL_IF(app_apprentice_progress(ctx, appr[0], course[1], 60, 2, "", err));
	FAIL_IF(app_apprentice_progress(ctx, appr[2], course[0], 120, 4, "进步明显", err));
	AT("2025-09-01T02:00:00Z");
	FAIL_IF(app_apprentice_status(ctx, appr[0], "completed", "", "2025-08-31", err));
	/* 学徒期满: enrolled through the standard's apprenticeship route */
	FAIL_IF(app_plan_create(ctx,
				&(struct plan_input){.institution_id = in->station,
						     .standard_id = in->standard,
						     .level = 5,
						     .theory_on = "2025-10-18",
						     .practical_on = "2025-10-19",
						     .capacity = 20},
				&plan, err));
	FAIL_IF(app_apprentice_enrol(ctx, appr[0], plan, &enrolment, &route, err));
	return APP_OK;
}
