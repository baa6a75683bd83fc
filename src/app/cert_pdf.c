/*
 * cert_pdf.c - the printed certificates (one, or a plan's batch) (ARCHITECTURE
 * "Credentials").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cert_internal.h"
#include "base/log.h"
#include "base/str.h"
#include "core/authz.h"
#include "core/i18n.h"
#include "services/pdf.h"
#include "services/seal.h"

/* ---- paper ---- */

/* What every certificate of recognition (award, honour, training) prints
 * alike: its number, issue date, issuer, QR code and where to verify it. */
static void common_fields(struct app_ctx *ctx, const struct certificate *x,
			  const char *base, struct pdf_certificate *pc)
{
	char date[64];

	pc->number = x->number;
	pc->issued_on = arena_strdup(ctx->arena,
				     cert_date_zh(date, sizeof(date), x->issued_on));
	pc->institution = x->institution_name;
	pc->qr_text = arena_printf(ctx->arena, "%s/v/%s", base, x->qr_token);
	pc->lookups[0] = arena_printf(ctx->arena, "本证书核验：%s/verify", base);
	pc->l_number = "证书编号";
	pc->l_issued_on = "发证日期";
}

/* Fills one page of the award certificate x (获奖证书): the certificate's
 * layout with the award's rows — the competition, the event and group,
 * the award, the place, the titles — and no ID number (nothing of it is
 * on an award certificate). */
static enum app_status award_page_of(struct app_ctx *ctx, struct store_conn *c,
				     const struct certificate *x, const char *base,
				     struct pdf_certificate *pc, struct app_error *err)
{
	struct cert_award w;
	char key[48];
	const char *award, *group, *titles = "—";
	enum store_err rc;

	memset(pc, 0, sizeof(*pc));
	rc = store_cert_award_get(c, ctx->arena, x->id, &w);
	if (rc == STORE_OK)
		rc = app_photo_bytes(ctx, c, x->person_id, &pc->photo, &pc->photo_len);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	snprintf(key, sizeof(key), "comp.award.%s", w.award);
	award = tr(LANG_ZH, key);
	snprintf(key, sizeof(key), "comp.group.%s", w.grp);
	group = tr(LANG_ZH, key);
	if (*w.titles || w.squad) {
		struct buf b;
		const char *t = w.titles;

		buf_init(&b, 0);
		while (*t) {
			size_t k = strcspn(t, ",");

			snprintf(key, sizeof(key), "comp.title.%.*s",
				 (int)(k < 30 ? k : 30), t);
			buf_printf(&b, "%s%s", b.len ? "、" : "", tr(LANG_ZH, key));
			t += k + (t[k] == ',');
		}
		if (w.squad)
			buf_printf(&b, "%s%s", b.len ? "、" : "", tr(LANG_ZH, "comp.squad"));
		titles = arena_strdup(ctx->arena, b.data ? b.data : "—");
		buf_release(&b);
	}
	pc->title = "获奖证书";
	pc->body = arena_printf(ctx->arena, "%s在%s%s（%s）比赛中，荣获%s。特发此证。",
				x->holder_name, w.competition_name, w.occupation_name,
				group, award);
	pc->name = x->holder_name;
	pc->id_type = w.competition_name;
	pc->id_number = arena_printf(ctx->arena, "%s（%s）", w.occupation_name, group);
	pc->occupation = award;
	pc->work_type = arena_printf(ctx->arena, "第%d名（共%d名）", w.place, w.entrants);
	pc->level = titles;
	common_fields(ctx, x, base, pc);
	pc->l_name = "姓　　名";
	pc->l_id_type = "竞赛名称";
	pc->l_id_number = "赛项组别";
	pc->l_occupation = "奖　　项";
	pc->l_work_type = "名　　次";
	pc->l_level = "称　　号";
	pc->l_institution = "颁发单位";
	return APP_OK;
}

/* Fills one page of the honour certificate x (荣誉证书, issue 14): the
 * holder (a person, or for a collective the institution), the category,
 * the campaign, the decision's number and date; no ID number. */
static enum app_status honour_page_of(struct app_ctx *ctx, struct store_conn *c,
				      const struct certificate *x, const char *base,
				      struct pdf_certificate *pc, struct app_error *err)
{
	char ddate[64];
	const char *dno = "", *dd = "";
	enum store_err rc = STORE_OK;

	memset(pc, 0, sizeof(*pc));
	if (x->person_id)
		rc = app_photo_bytes(ctx, c, x->person_id, &pc->photo, &pc->photo_len);
	if (rc == STORE_OK)
		rc = store_comm_decision_of(c, ctx->arena, x->campaign_id, &dno, &dd);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	pc->title = "荣誉证书";
	pc->body = arena_printf(ctx->arena, "%s：被评为%s。特发此证，以资鼓励。",
				x->holder_name, cert_honour_name(ctx, c, x));
	pc->name = x->holder_name;
	pc->id_type = cert_honour_category_text(LANG_ZH, x);
	pc->id_number = x->competition_name;
	pc->occupation = dno;
	pc->work_type = arena_strdup(ctx->arena, cert_date_zh(ddate, sizeof(ddate), dd));
	pc->level = "—";
	common_fields(ctx, x, base, pc);
	pc->l_name = x->person_id ? "姓　　名" : "单　　位";
	pc->l_id_type = "类　　别";
	pc->l_id_number = "表彰活动";
	pc->l_occupation = "决定文号";
	pc->l_work_type = "决定日期";
	pc->l_level = "　";
	pc->l_institution = "颁发单位";
	return APP_OK;
}

/* Fills one page of the training certificate x (培训证书, issue 15): the
 * holder, the course, its hours and mode, the institution; no ID number. */
static enum app_status training_page_of(struct app_ctx *ctx, struct store_conn *c,
					const struct certificate *x, const char *base,
					struct pdf_certificate *pc, struct app_error *err)
{
	struct cert_training t;
	enum store_err rc;

	memset(pc, 0, sizeof(*pc));
	rc = store_cert_training_get(c, ctx->arena, x->id, &t);
	if (rc == STORE_OK)
		rc = app_photo_bytes(ctx, c, x->person_id, &pc->photo, &pc->photo_len);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	pc->title = "培训证书";
	pc->body = arena_printf(
		ctx->arena, "%s参加%s举办的《%s》培训，完成%d学时，经考核合格，特发此证。",
		x->holder_name, x->institution_name, t.course_title, t.hours);
	pc->name = x->holder_name;
	pc->id_type = t.course_title;
	pc->id_number = arena_printf(ctx->arena, "%d学时", t.hours);
	pc->occupation = !strcmp(t.mode, "online") ? "线上（云端课堂）" : "面授";
	pc->work_type = *t.occupation_code ? t.occupation_code : "—";
	pc->level = "—";
	common_fields(ctx, x, base, pc);
	pc->l_name = "姓　　名";
	pc->l_id_type = "培训项目";
	pc->l_id_number = "培训学时";
	pc->l_occupation = "培训形式";
	pc->l_work_type = "职业编码";
	pc->l_level = "　";
	pc->l_institution = "培训机构";
	return APP_OK;
}

/* Fills one page of x (Chinese: the certificate's language). */
static enum app_status page_of(struct app_ctx *ctx, struct store_conn *c,
			       const struct certificate *x, const char *base,
			       struct pdf_certificate *pc, struct app_error *err)
{
	char id_number[SEAL_PLAIN_MAX], award[CERT_AWARD_MAX], date[64];
	const char *level = tr(LANG_ZH, i18n_level_key(x->level));
	const char *work = cert_has_work_type(x->work_type) ? x->work_type : "--";
	enum store_err rc;

	if (cert_is_award(x))
		return award_page_of(ctx, c, x, base, pc, err);
	if (cert_is_honour(x))
		return honour_page_of(ctx, c, x, base, pc, err);
	if (cert_is_training(x))
		return training_page_of(ctx, c, x, base, pc, err);
	memset(pc, 0, sizeof(*pc));
	if (app_person_id_number_tx(ctx, c, x->person_id, id_number, sizeof(id_number), err))
		return err->status;
	pc->id_number = arena_strdup(ctx->arena, id_number);
	seal_wipe(id_number, sizeof(id_number));
	rc = app_photo_bytes(ctx, c, x->person_id, &pc->photo, &pc->photo_len);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	pc->title = strcmp(x->line, "industry") ? "职业技能等级证书"
						: "机械行业职业能力证书";
	pc->body = arena_printf(
		ctx->arena, "%s经%s考核评价，成绩合格，准予取得%s职业技能等级。",
		x->holder_name, x->institution_name,
		cert_award(award, sizeof(award), x->occupation_name, x->work_type, level));
	pc->name = x->holder_name;
	pc->id_type = tr(LANG_ZH, arena_printf(ctx->arena, "id_type.%s", x->id_type));
	pc->occupation = x->occupation_name;
	pc->work_type = work;
	pc->level = level;
	pc->number = x->number;
	pc->issued_on = arena_strdup(ctx->arena,
				     cert_date_zh(date, sizeof(date), x->issued_on));
	pc->institution = x->institution_name;
	pc->qr_text = arena_printf(ctx->arena, "%s/v/%s", base, x->qr_token);
	pc->lookups[0] = "证书信息查询网址：http://jndj.osta.org.cn";
	pc->lookups[1] = "机构信息查询网址：http://pjjg.osta.org.cn";
	pc->lookups[2] = arena_printf(ctx->arena, "本证书核验：%s/verify", base);
	pc->l_name = "姓　　名";
	pc->l_id_type = "证件类型";
	pc->l_id_number = "证件号码";
	pc->l_occupation = "职业名称";
	pc->l_work_type = "工种/职业方向";
	pc->l_level = "职业技能等级";
	pc->l_number = "证书编号";
	pc->l_issued_on = "发证日期";
	pc->l_institution = "评价机构";
	return APP_OK;
}

/* SKILLCERT_PDF_THREADS: how many threads draw a batch's pages (1..64;
 * unset or anything else: the online CPUs). 1 draws them on the calling
 * thread, straight into the PDF. */
static int cert_pdf_threads(void)
{
	const char *v = getenv("SKILLCERT_PDF_THREADS");
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	char *end;

	if (v && *v) {
		long t = strtol(v, &end, 10);

		if (!*end && t >= 1 && t <= 64)
			return (int)t;
	}
	return cpus < 1 ? 1 : cpus > 64 ? 64 : (int)cpus;
}

/* What fill_page() loads a batch's pages from. */
struct page_fill {
	struct app_ctx *ctx;
	struct store_conn *c;
	struct certificate *xs;
	const char *base;
	struct arena *request; /* the request's arena (ctx->arena) */
	struct arena *slots;   /* one per slot of the batch's window */
	const unsigned char *seal;
	size_t seal_len;
	size_t sealed; /* pages printed with a seal */
	struct app_error *err;
	enum app_status status; /* a page that failed to load */
};

/* pdf_batch's fill: page i of the plan into slot's arena. The seal, in
 * the request's arena, is loaded once for the pages that share it (a
 * plan's are all one institution's). */
static int fill_page(void *arg, size_t i, size_t slot, struct pdf_certificate *pc,
		     char *e, size_t elen)
{
	struct page_fill *f = arg;
	struct app_ctx *ctx = f->ctx;
	enum app_status st;

	if (i == 0 || f->xs[i].institution_id != f->xs[i - 1].institution_id) {
		enum store_err rc = cert_stamp_load(ctx, f->c, f->xs[i].institution_id,
						    &f->seal, &f->seal_len);

		if (rc) {
			f->status = app_store_fail(ctx, f->c, rc, f->err);
			str_errf(e, elen, "the seal did not load");
			return -1;
		}
	}
	arena_release(&f->slots[slot]);
	ctx->arena = &f->slots[slot];
	st = page_of(ctx, f->c, &f->xs[i], f->base, pc, f->err);
	ctx->arena = f->request;
	if (st) {
		f->status = st;
		if (f->err->detail) /* out of the slot before it goes */
			f->err->detail = arena_strdup(ctx->arena, f->err->detail);
		str_errf(e, elen, "the page did not load");
		return -1;
	}
	pc->seal = f->seal;
	pc->seal_len = f->seal_len;
	if (pc->seal)
		f->sealed++;
	return 0;
}

/* PDF of one certificate (id) or of every certificate of a plan. */
enum app_status app_cert_pdf(struct app_ctx *ctx, long long id, long long plan_id,
			     struct buf *out, struct app_error *err)
{
	struct store_conn *c;
	struct certificate one, *xs = &one;
	struct page_fill f;
	struct pdf_batch b;
	const char *base;
	size_t n = 1, sealed = 0;
	char perr[256];
	enum store_err rc;
	int prc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (plan_id) {
		struct plan p;
		struct standard s;

		if (app_plan_load(ctx, c, plan_id, PERM_CERT_READ, &p, &s, err)) {
			store_release(c);
			return err->status;
		}
		rc = store_cert_of_plan(c, ctx->arena, plan_id, true, &xs, &n);
		if (rc == STORE_OK && n == 0)
			rc = STORE_NOT_FOUND;
		if (rc == STORE_NOT_FOUND) {
			store_release(c);
			return app_fail(err, APP_NOT_FOUND, NULL, "cert.none_for_plan");
		}
		if (rc) {
			app_store_fail(ctx, c, rc, err);
			store_release(c);
			return err->status;
		}
	} else if (cert_load(ctx, c, id, PERM_CERT_READ, &one, err)) {
		store_release(c);
		return err->status;
	}
	if (!strcmp(xs[0].line, "legacy")) {
		store_release(c);
		return app_fail(err, APP_INVALID, NULL, "cert.legacy_no_pdf");
	}
	/* only a certificate in force is printed: one revoked, suspended or
	 * superseded is refused, and a plan's batch leaves those out */
	{
		size_t k = 0;

		for (size_t i = 0; i < n; i++)
			if (!strcmp(xs[i].status, "valid"))
				xs[k++] = xs[i];
		if (!k) {
			store_release(c);
			return app_fail(err, APP_INVALID, NULL, "cert.not_in_force");
		}
		n = k;
	}
	if (cert_public_base(ctx, c, &base, err)) {
		store_release(c);
		return err->status;
	}
	/* the pages loaded one by one as they are drawn, each into its
	 * slot's arena (a window of them, reused): memory does not grow
	 * with the plan's photos */
	memset(&f, 0, sizeof(f));
	f.ctx = ctx;
	f.c = c;
	f.xs = xs;
	f.base = base;
	f.request = ctx->arena;
	f.err = err;
	b.n = n;
	b.threads = n > 1 ? cert_pdf_threads() : 1;
	b.window = b.threads > 1 ? PDF_BATCH_WINDOW(b.threads) : 1;
	b.fill = fill_page;
	b.arg = &f;
	f.slots = arena_alloc(ctx->arena, b.window * sizeof(*f.slots));
	for (size_t k = 0; k < b.window; k++)
		arena_init(&f.slots[k]);
	/* drawn first: only what was printed is audited as printed */
	prc = pdf_certificates_batch(&b, out, perr, sizeof(perr));
	for (size_t k = 0; k < b.window; k++)
		arena_release(&f.slots[k]);
	if (prc != 0 && f.status != APP_OK) { /* loading a page failed */
		store_release(c);
		return err->status;
	}
	sealed = f.sealed;
	if (prc != 0) {
		store_release(c);
		/* the reason names the certificate; a photo the registry took
		 * but that does not decode is the user's to replace */
		log_error("certificate pdf (request %s): %s",
			  ctx->request_id ? ctx->request_id : "-", perr);
		if (strstr(perr, "photo:"))
			app_fail(err, APP_INVALID, "photo", "val.photo.broken");
		else
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	if (app_tx(ctx, c, err))
		return err->status;
	rc = app_audit(ctx, c, "certificate.print", plan_id ? "plan" : "certificate",
		       plan_id ? arena_printf(ctx->arena, "%lld", plan_id) : one.number,
		       NULL, app_json(ctx, "{s:I}", "pages", (json_int_t)n));
	/* the seal printed: whose, on what, how many pages */
	if (rc == STORE_OK && sealed)
		rc = app_audit(ctx, c, "seal.use", "institution",
			       arena_printf(ctx->arena, "%lld", xs[0].institution_id), NULL,
			       app_json(ctx, "{s:s, s:s, s:I}", "document",
					"certificate.print", "of",
					plan_id ? arena_printf(ctx->arena, "plan %lld", plan_id)
						: one.number,
					"pages", (json_int_t)sealed));
	return app_finish(ctx, c, rc, err);
}
