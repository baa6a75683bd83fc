/*
 * demo_competition.c - the demo's competitions (issue 13), made by the same
 * app/ actions a user's requests call, so each step is checked and audited:
 *
 * - 2026年全国机械行业职业技能竞赛（数控车工）: national class 2, the
 *   machinery-class2 document, organised by the 工程机械分中心 with the
 *   center and the Jiangsu base as co-organisers; an employee event of 车工
 *   (数控车工) with twelve entrants of four institutions, a chief judge and
 *   three judges, every aspect marked (one judgement's spread of 2 resolved
 *   by a re-mark with a note), theory scores, every module locked, the
 *   results notice run and the competition final, so that the results, the
 *   awards and the computed promotions (技师, 高级工) show; then the
 *   organiser issues the award certificates and the center approves the
 *   promotions, each a skill certificate through the competition route. It is written on
 *   clocks pinned at its own dates in October–November 2026 (time_pin, as
 *   the rest of the demo's history): its notice ran its five days and ended
 *   before today, as it would have for an operator who worked it then.
 * - A district competition hosted by the enterprise station (Honda's):
 *   this year's, the district-example document, one event of 汽车维修工
 *   with five of the station's employees, a chief judge and three judges,
 *   left at `marking` with some marks in, so a visitor sees a live sheet.
 * - A judge's login: an account linked to the person 刘建国, a judge of both
 *   (app_comp_judge_account), with a password made here and shown once.
 */
#include <stdio.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "services/secret.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))
#define TURNER "6-18-01-01"   /* 车工, 工种 数控车工 */
#define MECHANIC "4-12-01-01" /* 汽车维修工 */

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

/* A contestant and their marks (machinery-class2: A1, A3, B3 met or not;
 * A2 the deviation measured; B1, B2 the three judges' 0-3, one character
 * each, '-' for none yet; theory 0-100; NULL: not marked yet). The marks
 * are made up, each total different. */
struct demo_contestant {
	const char *name, *id_number;
	int inst; /* index into demo_comp_in.entrants (and employers[]) */
	const char *a1, *a2, *a3, *b3, *b1, *b2, *theory;
};

static const char *const employers[] = {
	"中国一拖集团有限公司",
	"江苏亚威机床股份有限公司",
	"东方电气集团东方汽轮机有限公司",
	"广汽本田汽车有限公司",
};

static const struct demo_contestant turners[] = {
	{"王建军", "41030519900314011X", 0, "1", "0.005", "1", "1", "333", "333", "96"},
	{"李志强", "32058319890908041X", 1, "1", "0.006", "1", "1", "332", "323", "92.5"},
	{"张海波", "510107199104250719", 2, "1", "0.008", "1", "1", "322", "332", "89"},
	{"陈立新", "440112199306031138", 3, "1", "0.009", "1", "1", "223", "232", "85.5"},
	{"刘洋", "410305199111020238", 0, "1", "0.012", "1", "1", "312", "222", "82"},
	{"杨帆", "320583199202160576", 1, "1", "0.015", "1", "1", "222", "222", "78.5"},
	{"赵磊", "510107199501110859", 2, "1", "0.018", "1", "1", "221", "212", "75"},
	{"黄勇", "440112199609181256", 3, "1", "0.03", "0", "1", "212", "221", "71.5"},
	{"周鹏", "410305199305270358", 0, "1", "0.04", "1", "1", "121", "112", "68"},
	{"吴涛", "320583199407300632", 1, "0", "0.02", "1", "1", "211", "111", "64.5"},
	{"徐明", "510107199212190979", 2, "1", "0.045", "0", "1", "111", "110", "61"},
	{"孙浩", "440112199402051315", 3, "0", "0.07", "0", "0", "101", "010", "57.5"},
};
/* turners[SPREAD]'s B1 is first marked 3, 1, 2 (a spread of 2); the
 * second judge re-marks 2 with a note */
#define SPREAD 4

/* the district's, partly marked */
static const struct demo_contestant mechanics[] = {
	{"郑凯", "440112199703221517", 3, "1", "0.008", "1", NULL, "32-", "---", NULL},
	{"冯磊", "440112199807141634", 3, "1", "0.016", "1", NULL, "22-", "---", NULL},
	{"何俊", "440112199510301772", 3, "0", "0.04", NULL, NULL, "21-", "---", NULL},
	{"罗斌", "440112199901281852", 3, "1", NULL, NULL, NULL, "---", "---", NULL},
	{"梁伟", "440112199605061978", 3, "1", NULL, NULL, NULL, "---", "---", NULL},
};

/* The contestant in the registry, with a made-up portrait as their photo:
 * a promotion's certificate needs one. */
static enum app_status add_contestant(struct app_ctx *ctx, long long inst,
				      const struct demo_contestant *d, long long *id,
				      struct app_error *err)
{
	unsigned seed = 0;

	FAIL_IF(app_person_create(ctx,
				  &(struct person_input){.name = d->name,
							 .id_type = "resident_id",
							 .id_number = d->id_number,
							 .education = "senior_middle",
							 .employer = employers[d->inst],
							 .work_start = "2014-07-01",
							 .institution_id = inst},
				  id, err));
	for (const char *c = d->id_number; *c; c++)
		seed = seed * 31u + (unsigned char)*c;
	return app_demo_photo(ctx, *id, seed, err);
}

/* A measurement (judge 0) or a judge's judgement; value NULL: none. */
static enum app_status mark(struct app_ctx *ctx, long long event, long long entry,
			    long long judge, const char *aspect, const char *value,
			    const char *note, struct app_error *err)
{
	struct comp_refusal why;

	if (!value)
		return APP_OK;
	return app_comp_mark(ctx, event,
			     &(struct comp_mark_input){.entry_id = entry,
						       .judge_id = judge,
						       .aspect = aspect,
						       .value = value,
						       .note = note},
			     &why, err);
}

/* One judge's judgement, a character of a demo_contestant's b1 or b2. */
static enum app_status judged(struct app_ctx *ctx, long long event, long long entry,
			      long long judge, const char *aspect, char value,
			      struct app_error *err)
{
	char text[2] = {value, '\0'};

	return value == '-' ? APP_OK
			    : mark(ctx, event, entry, judge, aspect, text, NULL, err);
}

/* Nominates (by the contestant's institution) and confirms each. */
static enum app_status enter_all(struct app_ctx *ctx, const struct demo_comp_in *in,
				 long long event, const struct demo_contestant *cs,
				 size_t n, long long *entries, struct app_error *err)
{
	for (size_t i = 0; i < n; i++) {
		long long person, inst = in->entrants[cs[i].inst];

		FAIL_IF(add_contestant(ctx, inst, &cs[i], &person, err));
		FAIL_IF(app_comp_nominate(ctx, event, inst, &person, 1, NULL, &entries[i],
					  err));
	}
	for (size_t i = 0; i < n; i++)
		FAIL_IF(app_comp_decide(ctx, entries[i], true, NULL, err));
	return APP_OK;
}

/* Every contestant's marks of cs (judges: the three of role judge). */
static enum app_status mark_all(struct app_ctx *ctx, long long event,
				const struct demo_contestant *cs, size_t n,
				const long long *entries, const long long judges[3],
				struct app_error *err)
{
	for (size_t i = 0; i < n; i++) {
		const struct demo_contestant *d = &cs[i];

		FAIL_IF(mark(ctx, event, entries[i], 0, "A1", d->a1, NULL, err));
		FAIL_IF(mark(ctx, event, entries[i], 0, "A2", d->a2, NULL, err));
		FAIL_IF(mark(ctx, event, entries[i], 0, "A3", d->a3, NULL, err));
		FAIL_IF(mark(ctx, event, entries[i], 0, "B3", d->b3, NULL, err));
		for (int j = 0; j < 3; j++) {
			FAIL_IF(judged(ctx, event, entries[i], judges[j], "B1", d->b1[j],
				       err));
			FAIL_IF(judged(ctx, event, entries[i], judges[j], "B2", d->b2[j],
				       err));
		}
	}
	return APP_OK;
}

static enum app_status machinery(struct app_ctx *ctx, const struct demo_comp_in *in,
				 struct app_error *err)
{
	const long long co[] = {in->center, in->entrants[1]};
	long long comp, event, chief, entries[COUNT(turners)], judges[3], jid;
	struct comp_refusal why;
	struct comp_awards_report awards;
	struct comp_promote_report promoted;
	const char *url = NULL;

	AT("2026-08-03T02:00:00Z");
	FAIL_IF(app_comp_create(
		ctx,
		&(struct comp_input){.name = "2026年全国机械行业职业技能竞赛（数控车工）",
				     .tier = "national_class2",
				     .year = 2026,
				     .organiser_id = in->entrants[0],
				     .coorganisers = co,
				     .ncoorganisers = COUNT(co),
				     .approval_doc = "机械技能〔2026〕12号",
				     .starts_on = "2026-10-20",
				     .ends_on = "2026-10-22",
				     .venue = "河南省洛阳市",
				     .document_code = "machinery-class2"},
		&comp, err));
	FAIL_IF(app_comp_event_add(ctx, comp,
				   &(struct comp_event_input){.occupation_code = TURNER,
							      .group = "employee",
							      .quota_institution = 3},
				   &event, err));
	FAIL_IF(app_comp_act(ctx, comp, "open", err));
	AT("2026-08-25T03:00:00Z");
	FAIL_IF(enter_all(ctx, in, event, turners, COUNT(turners), entries, err));
	AT("2026-09-15T02:00:00Z");
	FAIL_IF(app_person_create(ctx,
				  &(struct person_input){.name = "孙海涛",
							 .id_type = "resident_id",
							 .id_number = "410302197208151455",
							 .education = "bachelor",
							 .employer = "中国机械工业联合会",
							 .work_start = "1994-07-01",
							 .institution_id = in->center},
				  &chief, err));
	FAIL_IF(app_comp_appoint(ctx, event, chief, "chief_judge", NULL, &jid, err));
	for (int j = 0; j < 3; j++)
		FAIL_IF(app_comp_appoint(ctx, event, in->judges[j], "judge", NULL,
					 &judges[j], err));
	AT("2026-09-30T09:00:00Z");
	FAIL_IF(app_comp_act(ctx, comp, "close", err));
	AT("2026-10-20T00:30:00Z");
	FAIL_IF(app_comp_act(ctx, comp, "mark", err));
	for (size_t i = 0; i < COUNT(turners); i++)
		FAIL_IF(app_comp_theory(ctx, event, entries[i], turners[i].theory, err));
	AT("2026-10-21T08:00:00Z");
	FAIL_IF(mark_all(ctx, event, turners, COUNT(turners), entries, judges, err));
	/* the spread of 2 is resolved by the second judge's re-mark */
	FAIL_IF(mark(ctx, event, entries[SPREAD], judges[1], "B1", "2",
		     "复核：对照样件重新评定表面质量，由 1 分改为 2 分", err));
	AT("2026-10-22T06:00:00Z");
	FAIL_IF(app_comp_lock(ctx, event, "A", &why, err));
	FAIL_IF(app_comp_lock(ctx, event, "B", &why, err));
	FAIL_IF(app_comp_lock(ctx, event, "theory", &why, err));
	/* the results notice, five days from the 23rd; final after it */
	AT("2026-10-23T01:00:00Z");
	FAIL_IF(app_comp_act(ctx, comp, "notice", err));
	AT("2026-11-03T02:00:00Z");
	FAIL_IF(app_comp_act(ctx, comp, "final", err));
	/* the organiser issues the award certificates; the center approves
	 * the computed promotions, each a skill certificate: only with
	 * public_url set, as the demo's other certificates (nothing is signed
	 * without it) */
	FAIL_IF(app_setting_get(ctx, "public_url", &url, err));
	if (!url || !*url)
		return APP_OK;
	AT("2026-11-05T02:00:00Z");
	FAIL_IF(app_comp_awards_issue(ctx, comp, 0, &awards, err));
	/* the organiser files with Beijing's HR bureau, so that the
	 * promotions' certificates can be numbered under it */
	AT("2026-11-10T02:00:00Z");
	FAIL_IF(app_filing_add(ctx, in->entrants[0],
			       &(struct filing){.authority = "北京市人力资源和社会保障局",
						.filing_no = "京人社鉴备〔2026〕3号",
						.filing_date = "2026-11-10",
						.institution_code = "0456",
						.province_code = "11",
						.site_code = "000011"},
			       err));
	AT("2026-11-12T03:00:00Z");
	return app_comp_promote(ctx, comp, NULL, 0, true, 0, &promoted, err);
}

/* This year's district competition of the station, marking today. */
static enum app_status district(struct app_ctx *ctx, const struct demo_comp_in *in,
				struct app_error *err)
{
	long long comp, event, entries[COUNT(mechanics)], judges[3], jid;
	char today[11], ends[11], name[128];
	int year;

	time_pin(NULL);
	time_today(today, sizeof(today));
	date_add_days(today, 1, ends);
	year = time_year(today);
	snprintf(name, sizeof(name), "%d年黄埔区职工职业技能竞赛（汽车维修工）", year);
	FAIL_IF(app_comp_create(ctx,
				&(struct comp_input){.name = name,
						     .tier = "district",
						     .year = year,
						     .organiser_id = in->station,
						     .approval_doc = "",
						     .starts_on = today,
						     .ends_on = ends,
						     .venue = "广汽本田汽车有限公司培训中心",
						     .document_code = "district-example"},
				&comp, err));
	FAIL_IF(app_comp_event_add(ctx, comp,
				   &(struct comp_event_input){.occupation_code = MECHANIC,
							      .group = "employee"},
				   &event, err));
	FAIL_IF(app_comp_act(ctx, comp, "open", err));
	FAIL_IF(enter_all(ctx, in, event, mechanics, COUNT(mechanics), entries, err));
	FAIL_IF(app_comp_appoint(ctx, event, in->judges[2], "chief_judge", NULL, &jid, err));
	FAIL_IF(app_comp_appoint(ctx, event, in->judges[0], "judge", NULL, &judges[0], err));
	for (int j = 0; j < 2; j++)
		FAIL_IF(app_comp_appoint(ctx, event, in->proctors[j], "judge", NULL,
					 &judges[j + 1], err));
	FAIL_IF(app_comp_act(ctx, comp, "close", err));
	FAIL_IF(app_comp_act(ctx, comp, "mark", err));
	return mark_all(ctx, event, mechanics, COUNT(mechanics), entries, judges, err);
}

enum app_status app_demo_competitions(struct app_ctx *ctx, const struct demo_comp_in *in,
				      char judge_password[17], struct app_error *err)
{
	long long user;

	judge_password[0] = '\0';
	FAIL_IF(machinery(ctx, in, err));
	FAIL_IF(district(ctx, in, err));
	secret_password_new(judge_password);
	if (app_comp_judge_account(ctx, in->judges[0], APP_DEMO_JUDGE, in->judge_name,
				   judge_password, &user, err) != APP_OK) {
		judge_password[0] = '\0';
		return err->status;
	}
	return APP_OK;
}
