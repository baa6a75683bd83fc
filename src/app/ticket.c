/*
 * ticket.c - claim codes (issue 12): each enrolment of a plan gets a
 * random code the candidate uses, with their name and ID number, to
 * create their holder account (app/holder.c). Only the code's hash is
 * stored; staff see the codes once, when they are drawn.
 */
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "app/cert_internal.h"
#include "core/i18n.h"
#include "services/pdf.h"
#include "base/timeutil.h"
#include "services/seal.h"
#include "services/secret.h"

void app_claim_code_hash(const char *typed, char out[SECRET_DIGEST_HEX])
{
	char norm[64];
	size_t n = 0;

	/* letters and digits only, as capitals: "abcd-efgh ..." = "ABCDEFGH..." */
	for (const char *p = typed ? typed : ""; *p && n + 1 < sizeof(norm); p++)
		if (isalnum((unsigned char)*p))
			norm[n++] = (char)toupper((unsigned char)*p);
	norm[n] = '\0';
	secret_sha256_hex(norm, n, out);
}

/* A new code: 16 characters of an unambiguous alphabet (about 79 bits),
 * shown in four groups of four. */
static void claim_code_new(char out[APP_CLAIM_CODE_MAX])
{
	char raw[17];
	size_t k = 0;

	secret_password_new(raw);
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = (char)toupper((unsigned char)raw[i]);
	}
	out[k] = '\0';
	seal_wipe(raw, sizeof(raw));
}

/* Draws a new code for each enrolment of the plan not withdrawn (only
 * enrolment_id when not 0), on c: the codes in *items; the audit record
 * (tickets: drawn for printed tickets). STORE_NOT_FOUND when enrolment_id
 * names none of them. */
static enum store_err draw_codes(struct app_ctx *ctx, struct store_conn *c,
				 long long plan_id, long long enrolment_id, bool tickets,
				 struct claim_code **items, struct enrolment **who,
				 size_t *n)
{
	struct enrolment *es = NULL;
	size_t ne = 0, k = 0;
	char now_s[32], code[APP_CLAIM_CODE_MAX], hash[SECRET_DIGEST_HEX];
	enum store_err rc;

	*n = 0;
	rc = store_enrolment_list(c, ctx->arena, plan_id, &es, &ne);
	if (!rc && !(*items = arena_alloc(ctx->arena, (ne ? ne : 1) * sizeof(**items))))
		rc = STORE_ERROR;
	if (!rc && !(*who = arena_alloc(ctx->arena, (ne ? ne : 1) * sizeof(**who))))
		rc = STORE_ERROR;
	time_now_iso(now_s, sizeof(now_s));
	for (size_t i = 0; !rc && i < ne; i++) {
		if (!strcmp(es[i].status, "withdrawn") ||
		    (enrolment_id && es[i].id != enrolment_id))
			continue;
		claim_code_new(code);
		app_claim_code_hash(code, hash);
		rc = store_claim_code_put(c, es[i].id, hash, now_s);
		(*items)[k].enrolment_id = es[i].id;
		(*items)[k].name = es[i].person_name;
		(*items)[k].id_masked = es[i].person_masked_id;
		(*items)[k].code = arena_strdup(ctx->arena, code);
		(*who)[k] = es[i];
		k++;
	}
	seal_wipe(code, sizeof(code));
	if (!rc && enrolment_id && !k)
		rc = STORE_NOT_FOUND;
	if (!rc)
		rc = app_audit(ctx, c, "plan.claim_codes", "plan",
			       arena_printf(ctx->arena, "%lld", plan_id),
			       app_json(ctx, "{s:I, s:b}", "codes", (json_int_t)k,
					"tickets", tickets),
			       NULL);
	if (!rc)
		*n = k;
	return rc;
}

enum app_status app_ticket_claim_codes(struct app_ctx *ctx, long long plan_id,
				       struct claim_code **items, size_t *n,
				       struct app_error *err)
{
	struct enrolment *who = NULL;
	struct standard s;
	struct plan p;
	struct store_conn *c;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, &s, err))
		return app_abort(ctx, c, err);
	rc = draw_codes(ctx, c, plan_id, 0, false, items, &who, n);
	if (rc)
		*n = 0;
	return app_finish(ctx, c, rc, err);
}

/* ---- admission tickets ---- */

/* The dates of the plan's components, one a line ("" when none set). */
static const char *ticket_times(struct app_ctx *ctx, const struct plan *p)
{
	const char *t = "";
	const struct {
		const char *key, *on;
	} parts[] = {
		{"component.theory", p->theory_on},
		{"component.practical", p->practical_on},
		{"component.review", p->review_on},
	};

	for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
		if (parts[i].on && *parts[i].on)
			t = arena_printf(ctx->arena, "%s%s%s：%s", t, *t ? "\n" : "",
					 tr(LANG_ZH, parts[i].key), parts[i].on);
	return t;
}

/* One ticket of enrolment e of plan p: code the claim code, or NULL for a
 * holder who has their account (then "已认领 / claimed" in its place and
 * the QR code to their results); the photo when there is one. */
static enum store_err ticket_fill(struct app_ctx *ctx, struct store_conn *c,
				  const struct plan *p, const struct plan_room *rooms,
				  size_t nrooms, const struct enrolment *e,
				  const char *code, const char *base, const char *times,
				  struct pdf_ticket *t)
{
	memset(t, 0, sizeof(*t));
	t->title = "职业技能等级认定准考证";
	t->name = e->person_name;
	t->id_number = e->person_masked_id;
	t->occupation = p->occupation_name;
	t->level = tr(LANG_ZH, i18n_level_key(p->level));
	t->plan = p->title;
	t->institution = p->institution_name;
	t->room = "";
	for (size_t r = 0; r < nrooms; r++)
		if (rooms[r].id == e->room_id)
			t->room = rooms[r].name;
	t->seat = e->room_id && e->seat ? arena_printf(ctx->arena, "%d", e->seat) : "";
	t->times = times;
	if (code) {
		t->code = code;
		t->note = *base ? arena_printf(ctx->arena,
					       "凭领取码、姓名和证件号码在 %s/claim/code "
					       "创建个人账户，查看成绩和证书。请妥善保管领取码。",
					       base)
				: "凭领取码、姓名和证件号码创建个人账户，查看成绩和证书。"
				  "请妥善保管领取码。";
		t->qr_text = *base ? arena_printf(ctx->arena, "%s/claim/code", base) : NULL;
	} else {
		t->code = "已认领 / claimed";
		t->note = *base ? arena_printf(ctx->arena,
					       "个人账户已创建：登录 %s 查看成绩和证书。",
					       base)
				: "个人账户已创建：登录后查看成绩和证书。";
		t->qr_text = *base ? arena_printf(ctx->arena, "%s/me/results", base) : NULL;
	}
	t->l_name = "姓　　名";
	t->l_id_number = "证件号码";
	t->l_occupation = "职业名称";
	t->l_level = "职业技能等级";
	t->l_plan = "认定计划";
	t->l_institution = "评价机构";
	t->l_room = "考　　场";
	t->l_seat = "座　　号";
	t->l_times = "考核时间";
	t->l_code = "领 取 码";
	return app_photo_bytes(ctx, c, e->person_id, &t->photo, &t->photo_len);
}

enum app_status app_ticket_pdf(struct app_ctx *ctx, long long plan_id,
			       long long enrolment_id, struct buf *out,
			       struct app_error *err)
{
	struct claim_code *codes = NULL;
	struct enrolment *who = NULL;
	struct plan_room *rooms = NULL;
	struct pdf_ticket *pages = NULL;
	struct standard s;
	struct plan p;
	struct store_conn *c;
	size_t n = 0, nrooms = 0;
	const char *base, *times;
	char perr[256];
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, &s, err))
		return app_abort(ctx, c, err);
	rc = store_room_list(c, ctx->arena, plan_id, &rooms, &nrooms);
	if (!rc)
		rc = draw_codes(ctx, c, plan_id, enrolment_id, true, &codes, &who, &n);
	if (!rc && !n) {
		app_fail(err, APP_NOT_FOUND, NULL, "ticket.none");
		return app_abort(ctx, c, err);
	}
	if (!rc && !(pages = arena_alloc(ctx->arena, n * sizeof(*pages))))
		rc = STORE_ERROR;
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	base = cert_setting(ctx, c, "public_url", "");
	times = ticket_times(ctx, &p);
	for (size_t i = 0; !rc && i < n; i++)
		rc = ticket_fill(ctx, c, &p, rooms, nrooms, &who[i], codes[i].code, base,
				 times, &pages[i]);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (pdf_tickets(pages, n, out, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return app_abort(ctx, c, err);
	}
	return app_finish(ctx, c, STORE_OK, err);
}

/* ---- my results ---- */

enum app_status app_holder_results(struct app_ctx *ctx, struct holder_result **items,
				   size_t *n, struct app_error *err)
{
	const struct actor *a = ctx->actor;
	struct store_my_result *rs = NULL;
	struct store_conn *c;
	size_t nr = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (a->system || !a->person_id)
		return app_fail(err, APP_NOT_FOUND, NULL, "holder.only");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_results_of_person(c, ctx->arena, a->person_id, &rs, &nr);
	if (!rc && !(*items = arena_alloc(ctx->arena, (nr ? nr : 1) * sizeof(**items))))
		rc = STORE_ERROR;
	for (size_t i = 0; !rc && i < nr; i++) {
		struct holder_result *h = &(*items)[i];

		memset(h, 0, sizeof(*h));
		h->enrolment_id = rs[i].enrolment_id;
		h->outcome = rs[i].outcome;
		rc = store_plan_get(c, ctx->arena, rs[i].plan_id, &h->plan);
		if (!rc)
			rc = store_components_of_enrolment(c, ctx->arena, rs[i].enrolment_id,
							   &h->components, &h->ncomponents);
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	*n = nr;
	return APP_OK;
}

/* ---- my admission tickets ---- */

/* The holder's listed enrolments on c (a holder account: checked). */
static enum app_status my_tickets(struct app_ctx *ctx, struct store_conn *c,
				  struct holder_ticket **items, size_t *n,
				  struct app_error *err)
{
	struct store_my_result *es = NULL;
	size_t ne = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	rc = store_tickets_of_person(c, ctx->arena, ctx->actor->person_id, &es, &ne);
	if (!rc)
		*items = arena_alloc(ctx->arena, (ne ? ne : 1) * sizeof(**items));
	for (size_t i = 0; !rc && i < ne; i++) {
		struct holder_ticket *h = &(*items)[i];
		struct plan_room *rooms = NULL;
		struct enrolment *all = NULL;
		size_t nrooms = 0, nall = 0;

		memset(h, 0, sizeof(*h));
		h->enrolment_id = es[i].enrolment_id;
		h->room = "";
		rc = store_plan_get(c, ctx->arena, es[i].plan_id, &h->plan);
		if (!rc)
			rc = store_room_list(c, ctx->arena, es[i].plan_id, &rooms, &nrooms);
		if (!rc)
			rc = store_enrolment_list(c, ctx->arena, es[i].plan_id, &all, &nall);
		for (size_t k = 0; !rc && k < nall; k++)
			if (all[k].id == h->enrolment_id)
				for (size_t r = 0; r < nrooms; r++)
					if (rooms[r].id == all[k].room_id) {
						h->room = rooms[r].name;
						h->seat = all[k].seat;
					}
	}
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	*n = ne;
	return APP_OK;
}

enum app_status app_holder_tickets(struct app_ctx *ctx, struct holder_ticket **items,
				   size_t *n, struct app_error *err)
{
	struct store_conn *c;
	enum app_status st;

	*items = NULL;
	*n = 0;
	if (!(c = app_holder_conn(ctx, NULL, err)))
		return err->status;
	st = my_tickets(ctx, c, items, n, err);
	store_release(c);
	return st;
}

enum app_status app_holder_ticket_pdf(struct app_ctx *ctx, long long enrolment_id,
				      struct buf *out, struct app_error *err)
{
	struct holder_ticket *xs = NULL;
	struct enrolment *all = NULL;
	struct plan_room *rooms = NULL;
	struct pdf_ticket page;
	struct store_conn *c;
	const struct holder_ticket *mine = NULL;
	size_t n = 0, nall = 0, nrooms = 0;
	bool filled = false;
	char perr[256];
	enum store_err rc;

	if (!(c = app_holder_conn(ctx, NULL, err)))
		return err->status;
	if (my_tickets(ctx, c, &xs, &n, err)) {
		store_release(c);
		return err->status;
	}
	for (size_t i = 0; i < n; i++)
		if (xs[i].enrolment_id == enrolment_id)
			mine = &xs[i];
	if (!mine) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	memset(&page, 0, sizeof(page));
	rc = store_room_list(c, ctx->arena, mine->plan.id, &rooms, &nrooms);
	if (!rc)
		rc = store_enrolment_list(c, ctx->arena, mine->plan.id, &all, &nall);
	for (size_t i = 0; !rc && i < nall; i++)
		if (all[i].id == enrolment_id) {
			rc = ticket_fill(ctx, c, &mine->plan, rooms, nrooms, &all[i],
					 NULL, cert_setting(ctx, c, "public_url", ""),
					 ticket_times(ctx, &mine->plan), &page);
			filled = true;
		}
	/* listed as the holder's but gone from the plan's list meanwhile:
	 * no page to draw */
	if (!rc && !filled) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	buf_reset(out);
	if (pdf_tickets(&page, 1, out, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}
