/*
 * demo_training.c - the demo's online course (云端课堂, issue 15 part B),
 * made by the same app/ actions a user's requests call, so each step is
 * checked and audited, on clocks pinned in 2025 as the rest of the demo's
 * history (time_pin):
 *
 * - 2025-09-01 the Honda station makes 焊工安全操作与质量控制 (焊工, 16 学时,
 *   online): a PDF of the safety rules (4 学时) and two videos (6 学时
 *   each), and opens it; three of its welders are enrolled;
 * - September: 孙磊 opens every lesson and marks it done (16 of 16 学时),
 *   周敏 one (4 of 16), 吴刚 none yet; the lessons are marked by each
 *   worker as the holder of their own record (the actor the holder pages
 *   give: a person, no grant);
 * - 2025-09-30 the station confirms 孙磊's completion and, when public_url
 *   is set (nothing is signed without it), issues the training certificate
 *   (培训证书, PX2025…).
 */
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

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

/* A small, valid PDF of one page: the lesson's document. */
static const char lesson_pdf[] =
	"%PDF-1.4\n"
	"1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
	"2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj\n"
	"3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> "
	"endobj\n"
	"trailer << /Root 1 0 R >>\n%%EOF\n";

/* ID numbers made up, with their right GB 11643 check characters; lessons
 * done by each, in order. */
static const struct {
	const char *name, *id_number;
	int lessons_done;
} trainees[] = {
	{"孙磊", "440104199605120712", 3},
	{"周敏", "440105199808230424", 1},
	{"吴刚", "440111199703010836", 0},
};

enum app_status app_demo_training(struct app_ctx *ctx, long long station,
				  struct app_error *err)
{
	const struct actor *staff = ctx->actor;
	struct training_lesson_input lessons[3];
	long long course, lesson[3], person[COUNT(trainees)], enrol[COUNT(trainees)];
	const char *url = "", *number = NULL;
	enum app_status st = APP_OK;

	AT("2025-09-01T02:00:00Z");
	FAIL_IF(app_training_course_create(
		ctx,
		&(struct training_course_input){
			.institution_id = station,
			.title = "焊工安全操作与质量控制（云端课堂）",
			.occupation_code = "6-18-02-04",
			.mode = "online",
			.hours = 16,
			.target_level = 4,
			.description = "焊接安全操作规程、焊前检查与焊缝质量控制，"
				       "线上学习，学满16学时结业。"},
		&course, err));
	memset(lessons, 0, sizeof(lessons));
	lessons[0] = (struct training_lesson_input){.title = "焊接安全操作规程",
						    .kind = "document",
						    .filename = "焊接安全操作规程.pdf",
						    .data = lesson_pdf,
						    .len = sizeof(lesson_pdf) - 1,
						    .hours = 4};
	lessons[1] = (struct training_lesson_input){
		.title = "焊前检查与设备点检",
		.kind = "video",
		.url = "https://video.example.cn/welding/pre-check",
		.hours = 6};
	lessons[2] = (struct training_lesson_input){
		.title = "焊缝质量控制与缺陷分析",
		.kind = "video",
		.url = "https://video.example.cn/welding/quality",
		.hours = 6};
	for (size_t i = 0; i < COUNT(lessons); i++)
		FAIL_IF(app_training_lesson_add(ctx, course, &lessons[i], &lesson[i], err));
	FAIL_IF(app_training_course_status(ctx, course, "open", err));
	for (size_t i = 0; i < COUNT(trainees); i++) {
		FAIL_IF(app_person_create(
			ctx,
			&(struct person_input){.name = trainees[i].name,
					       .id_type = "resident_id",
					       .id_number = trainees[i].id_number,
					       .education = "secondary_vocational",
					       .employer = "广汽本田汽车有限公司",
					       .work_start = "2018-07-01",
					       .institution_id = station},
			&person[i], err));
		FAIL_IF(app_training_enrol(ctx, course, person[i], &enrol[i], err));
	}
	/* each worker marks their own lessons done (a holder's actor) */
	AT("2025-09-15T12:00:00Z");
	for (size_t i = 0; i < COUNT(trainees) && st == APP_OK; i++) {
		struct actor holder = {.username = trainees[i].name, .person_id = person[i]};

		ctx->actor = &holder;
		for (int k = 0; k < trainees[i].lessons_done && st == APP_OK; k++) {
			long long of;
			int hours;

			st = app_holder_training_lesson_done(ctx, lesson[k], &of, &hours,
							     err);
		}
		ctx->actor = staff;
	}
	if (st != APP_OK)
		return st;
	AT("2025-09-30T02:00:00Z");
	FAIL_IF(app_training_complete(ctx, enrol[0], err));
	FAIL_IF(app_setting_get(ctx, "public_url", &url, err));
	if (!url || !*url)
		return APP_OK;
	{
		long long cert;

		return app_training_certify(ctx, enrol[0], &cert, &number, err);
	}
}
