/*
 * demo_commendation.c - the demo's 2020 commendation campaign (issue 14),
 * the one whose decision the center read out at its 2021 work conference
 * (domain.md §11: 《2020年度机械工业人才评价工作先进集体、个人表彰决定》),
 * made by the same app/ actions a user's requests call, so each step is
 * checked and audited, on clocks pinned at the campaign's own dates
 * (time_pin, as the rest of the demo's history):
 *
 * - 2020-11-10 the center makes the campaign (quotas of scope all per
 *   category) and on 11-16 opens it for nominations;
 * - December 2020: 新疆分中心, 江苏省高技能人才培养基地 and the Honda station
 *   nominate themselves as 先进集体 and their staff as 优秀管理者, 先进工作者
 *   and one 特别成就奖; a station under 线缆分中心 nominates a worker, the
 *   branch center returns it for want of figures, the station resubmits and
 *   the branch endorses it;
 * - January 2021: a panel of three reviewers, one of them employed by
 *   广汽本田 — the center's attempt to enter that reviewer's score on the
 *   Honda nominations is refused and the reviewer stands aside; one scored
 *   round; the tally within the quotas (which bound the nominations too,
 *   so every nomination is proposed);
 * - February 2021: the proposed list's notice (5 days), one objection filed
 *   and dismissed with a resolution; on 2021-02-26 the decision
 *   (机械人才评价〔2021〕5号, an illustrative number) and its honour
 *   certificates — only with public_url set, as the demo's other
 *   certificates (else the campaign stays in its notice).
 *
 * The rules: the built-in machinery-2020 document less its two rules the
 * demo's registry cannot meet for 2020 (registered_all_year, staff_years:
 * the network's registrations in the demo start with the 2021 batch), kept
 * as the campaign's own uploaded version with a note saying so.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/embed.h"
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

extern const struct embedded_file commendation_files[];
extern const size_t commendation_files_count;

#define CABLE_CREDIT "91320282MA1X7Y8R99" /* made up, GB 32100 checked */
#define HONDA_CREDIT "91440101618765432Y"
#define JIANGSU_CREDIT "91320500MA1N2P3Q4P"

/* The nominating institutions (index into demo_comm_in.nominators, the
 * fourth the cable station made here). */
enum { XJ, JS, HONDA, CABLE, NNOMINATORS };

struct demo_nominee {
	const char *name, *id_number, *employer, *credit, *work_start;
	int by;               /* nominator */
	const char *category; /* a person's */
	const char *achievements;
};

static const struct demo_nominee people[] = {
	{"钱国华", "320502197503120415", "江苏省高技能人才培养基地", JIANGSU_CREDIT,
	 "1997-07-01", JS, "excellent_manager",
	 "主持基地鉴定考务管理十余年，2020年克服疫情影响按期完成全部评价计划，"
	 "考务档案规范完整。"},
	{"林志远", "440112198604150712", "广汽本田汽车有限公司", HONDA_CREDIT,
	 "2008-07-01", HONDA, "excellent_manager",
	 "组建企业考评员队伍，推动企业自主评价与社会化评价，服务周边零部件企业。"},
	{"何晓燕", "44011219790909063X", "广汽本田汽车有限公司", HONDA_CREDIT, "2001-09-01",
	 HONDA, "advanced_worker", "焊工考评员，全年参与理论与实操考核，无一差错。"},
	{"周永华", "320282198801180811", "远东电缆有限公司", CABLE_CREDIT, "2010-03-01",
	 CABLE, "advanced_worker",
	 "电工考评员，参与编写企业电缆电工实操试题，全年督考无差错。"},
	{"吴建明", "320502198006220524", "江苏省高技能人才培养基地", JIANGSU_CREDIT,
	 "2003-08-01", JS, "advanced_worker", "钳工培训教师，所带学员鉴定合格率保持前列。"},
	{"顾建平", "320282199003051315", "江苏省高技能人才培养基地", JIANGSU_CREDIT,
	 "2011-07-01", JS, "special_achievement",
	 "带领团队研发工业机器人实训装置，培养的学员在全国机械行业职业技能竞赛中"
	 "获奖。"},
};

static const struct {
	int by;
	const char *achievements;
} collectives[] = {
	{XJ, "新疆高技能人才培养基地历经八年建设，完成机构重新注册，辖区评价工作覆盖全疆。"},
	{JS, "全年完成钳工、车工等职业的评价计划，证书属地备案及时，无逾期整改事项。"},
	{HONDA, "企业考试站率先完成职业技能等级证书核发属地备案工作，开展社会化评价。"},
};

/* The reviewers, registered by the center; the third is employed by 广汽本田
 * and stands aside from its nominations. */
static const struct {
	const char *name, *id_number, *employer, *credit;
} reviewers[] = {
	{"王国栋", "110105196805201011", "中国机械工业联合会", ""},
	{"陈静", "110108197006111128", "机械工业职业技能鉴定指导中心", ""},
	{"梁振宇", "440106197812031214", "广汽本田汽车有限公司", HONDA_CREDIT},
};

static const struct {
	const char *category;
	int quota;
} quotas[] = {
	{"advanced_collective", 3},
	{"excellent_manager", 2},
	{"advanced_worker", 3},
	{"special_achievement", 1},
};

/* The campaign's rules: machinery-2020 without registered_all_year and
 * staff_years (see above), as a JSON text in the arena. */
static const char *demo_rules(struct app_ctx *ctx)
{
	const struct embedded_file *f = embed_find(commendation_files,
						   commendation_files_count,
						   "machinery-2020", ".json");
	const char *out = NULL;
	json_t *doc, *cats, *cat, *rules;
	size_t i;
	char *text;

	if (!f || !(doc = json_loads((const char *)f->data, 0, NULL)))
		return NULL;
	cats = json_object_get(doc, "categories");
	json_array_foreach(cats, i, cat)
	{
		rules = json_object_get(cat, "eligibility");
		for (size_t r = json_array_size(rules); r-- > 0;) {
			const char *name = json_string_value(
				json_object_get(json_array_get(rules, r), "rule"));

			if (name && (!strcmp(name, "registered_all_year") ||
				     !strcmp(name, "staff_years")))
				json_array_remove(rules, r);
		}
	}
	json_object_set_new(
		doc, "notes",
		json_string("skillcert demo: the built-in machinery-2020 rules less "
			    "registered_all_year and staff_years, which the demo's registry "
			    "cannot meet for 2020 (its registrations start with the 2021 "
			    "batch, 机职鉴字[2021]29号). "
			    "The categories are the 2020 decision's; 特别成就奖 is not "
			    "confirmed (domain.md §10)."));
	text = json_dumps(doc, JSON_INDENT(2));
	json_decref(doc);
	if (text) {
		out = arena_strdup(ctx->arena, text);
		free(text);
	}
	return out;
}

/* A score of reviewer r on nomination k (each nomination's mean differs). */
static const char *score_of(struct app_ctx *ctx, size_t k, size_t r)
{
	static const int base[] = {95, 90, 86, 92, 88, 93, 85, 84, 78, 96};

	return arena_printf(ctx->arena, "%d", base[k % COUNT(base)] - (int)r * 2);
}

enum app_status app_demo_commendation(struct app_ctx *ctx, const struct demo_comm_in *in,
				      struct app_error *err)
{
	long long by[NNOMINATORS], campaign, person, nom, returned = 0, oid;
	long long noms[COUNT(collectives) + COUNT(people)], revs[COUNT(reviewers)];
	size_t nn = 0, refused = 0;
	struct comm_decision_report rep;
	const char *rules, *url = "";
	const char *saved_address = ctx->address;
	enum app_status st;
	int seq;

	by[XJ] = in->xinjiang;
	by[JS] = in->jiangsu;
	by[HONDA] = in->station;

	/* the center makes the campaign, its quotas, and opens it */
	AT("2020-11-10T02:00:00Z");
	if (!(rules = demo_rules(ctx)))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	FAIL_IF(app_commend_create(
		ctx,
		&(struct commend_campaign_input){
			.year = 2020,
			.title = "2020年度机械工业人才评价工作先进集体、个人表彰",
			.rules = rules,
			.nominate_until = "2020-12-25",
			.review_until = "2021-01-31",
			.notice_days = 5},
		&campaign, err));
	for (size_t i = 0; i < COUNT(quotas); i++)
		FAIL_IF(app_commend_quota(ctx, campaign, quotas[i].category, "all", "",
					  quotas[i].quota, err));
	/* a station under the cable branch center, which endorses its
	 * nominations */
	FAIL_IF(app_institution_create(
		ctx,
		&(struct institution_input){.name = "机械行业职业技能鉴定远东电缆站",
					    .type = "exam_station",
					    .province = "32",
					    .host_org = "远东电缆有限公司",
					    .credit_code = CABLE_CREDIT,
					    .parent_id = in->cable_branch,
					    .contact_name = "联系人",
					    .contact_phone = "0510-00000000"},
		&by[CABLE], err));
	AT("2020-11-16T01:00:00Z");
	FAIL_IF(app_commend_act(ctx, campaign, "nominate", err));

	/* December: the nominations, each with its figures filled in */
	AT("2020-12-08T02:00:00Z");
	for (size_t i = 0; i < COUNT(collectives); i++)
		FAIL_IF(app_commend_nominate(
			ctx,
			&(struct commend_nom_input){.campaign_id = campaign,
						    .nominated_by = by[collectives[i].by],
						    .category = "advanced_collective",
						    .achievements =
							    collectives[i].achievements},
			&noms[nn++], err));
	for (size_t i = 0; i < COUNT(people); i++) {
		const struct demo_nominee *p = &people[i];

		FAIL_IF(app_person_create(
			ctx,
			&(struct person_input){.name = p->name,
					       .id_type = "resident_id",
					       .id_number = p->id_number,
					       .education = "bachelor",
					       .employer = p->employer,
					       .employer_credit_code = p->credit,
					       .work_start = p->work_start,
					       .institution_id = by[p->by]},
			&person, err));
		FAIL_IF(app_commend_nominate(
			ctx,
			&(struct commend_nom_input){.campaign_id = campaign,
						    .nominated_by = by[p->by],
						    .person_id = person,
						    .category = p->category,
						    .achievements = p->achievements},
			&nom, err));
		noms[nn++] = nom;
		if (p->by == CABLE)
			returned = nom;
	}
	/* the cable branch center returns the station's, which resubmits */
	AT("2020-12-14T03:00:00Z");
	FAIL_IF(app_commend_return(ctx, returned,
				   "请补充2020年度参与考评的计划及督考情况", err));
	AT("2020-12-18T02:00:00Z");
	FAIL_IF(app_commend_resubmit(ctx, returned,
				     "电工考评员，2020年参与本站全部电工评价计划的实操考核"
				     "与督考，参与编写企业电缆电工实操试题，全年无差错。",
				     err));
	AT("2020-12-22T02:00:00Z");
	FAIL_IF(app_commend_endorse(ctx, returned, err));
	AT("2021-01-04T01:00:00Z");
	FAIL_IF(app_commend_act(ctx, campaign, "review", err));

	/* January: the panel, one scored round, the tally */
	AT("2021-01-06T02:00:00Z");
	for (size_t r = 0; r < COUNT(reviewers); r++) {
		FAIL_IF(app_person_create(
			ctx,
			&(struct person_input){.name = reviewers[r].name,
					       .id_type = "resident_id",
					       .id_number = reviewers[r].id_number,
					       .education = "bachelor",
					       .employer = reviewers[r].employer,
					       .employer_credit_code = reviewers[r].credit,
					       .work_start = "1995-07-01",
					       .institution_id = in->center},
			&person, err));
		FAIL_IF(app_comm_reviewer_add(ctx, campaign, person, NULL, &revs[r], err));
	}
	AT("2021-01-12T01:00:00Z");
	FAIL_IF(app_comm_round_open(ctx, campaign, "score", &seq, err));
	AT("2021-01-15T08:00:00Z");
	for (size_t r = 0; r < COUNT(reviewers); r++)
		for (size_t k = 0; k < nn; k++) {
			/* entered by the center for the reviewer; a recusal is
			 * refused on the field value, and the reviewer stands
			 * aside from that nomination */
			st = app_comm_vote(ctx, campaign, revs[r], noms[k],
					   score_of(ctx, k, r), NULL, err);
			if (st == APP_CONFLICT && err->field &&
			    !strcmp(err->field, "value")) {
				refused++;
				continue;
			}
			FAIL_IF(st);
		}
	if (!refused) /* the demo shows a recusal: its data must make one */
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	AT("2021-01-18T02:00:00Z");
	FAIL_IF(app_comm_round_close(ctx, campaign, err));
	FAIL_IF(app_comm_tally(ctx, campaign, NULL, 0, NULL, err));

	/* February: the notice, an objection dismissed, the decision */
	AT("2021-02-01T01:00:00Z");
	FAIL_IF(app_comm_notice(ctx, campaign, err));
	AT("2021-02-03T06:00:00Z");
	ctx->address = "192.0.2.20"; /* a documentation address (RFC 5737) */
	st = app_comm_objection_file(
		ctx, campaign, noms[1], "匿名", "13800000000",
		"该基地2020年曾有考务档案不完整的情况，不应列为先进集体。", &oid, err);
	ctx->address = saved_address;
	FAIL_IF(st);
	AT("2021-02-04T03:00:00Z");
	FAIL_IF(app_comm_objection_resolve(
		ctx, campaign, oid, false,
		"经核查，所述考务档案问题发生于2019年并已于当年整改完毕，2020年度无逾期"
		"整改事项，异议不成立。",
		err));
	FAIL_IF(app_setting_get(ctx, "public_url", &url, err));
	if (!url || !*url)
		return APP_OK; /* nothing is signed without it */
	AT("2021-02-26T02:00:00Z");
	return app_comm_decide(
		ctx, campaign,
		&(struct comm_decision_input){.decision_no = APP_DEMO_DECISION_NO,
					      .decision_date = "2021-02-26",
					      .signatory = "机械工业职业技能鉴定指导中心"},
		&rep, err);
}

enum app_status app_demo_honour(struct app_ctx *ctx, const char **number,
				const char **holder, const char **url, struct app_error *err)
{
	struct comm_honour *items;
	const char *base = "";
	size_t n;

	*number = *holder = *url = NULL;
	FAIL_IF(app_setting_get(ctx, "public_url", &base, err));
	FAIL_IF(app_comm_honours(ctx, 2020, "advanced_collective", 0, &items, &n, err));
	for (size_t i = 0; i < n; i++)
		if (items[i].qr_token && *items[i].qr_token) {
			*number = items[i].number;
			*holder = items[i].holder_name;
			if (base && *base)
				*url = arena_printf(ctx->arena, "%s/v/%s", base,
						    items[i].qr_token);
			return APP_OK;
		}
	return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
}
