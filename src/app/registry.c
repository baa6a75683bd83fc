/*
 * registry.c - registration of institutions: applications, numbered
 * batches under public notice, objections, approval with a document,
 * suspension and revocation, scope, filing with the HR authority, annual
 * inspections, the center's dashboard and the plaque.
 *
 * Every mutation: the actor's grant is checked on the institution's place
 * in the tree, the change and its audit record commit together, and every
 * status change is kept with its reason and document.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/ratelimit.h"
#include "services/pdf.h"

/* Records a status change (log row + institution row). */
/* The webhooks' registration.status_changed of institution id. */
static enum store_err status_event(struct app_ctx *ctx, struct store_conn *c,
				   long long id, const char *from, const char *to,
				   const char *reason, const char *doc, const char *now)
{
	return app_event_tx(ctx, c, "registration.status_changed", id, "institution", id,
			    app_json(ctx, "{s:I, s:s, s:s, s:s, s:s, s:s}", "institution_id",
				     (json_int_t)id, "from", from ? from : "", "to", to,
				     "reason", reason ? reason : "", "doc_no",
				     doc ? doc : "", "at", now));
}

static enum store_err change_status(struct app_ctx *ctx, struct store_conn *c,
				    long long id, const char *from, const char *to,
				    const char *reason, const char *doc, const char *now)
{
	struct status_change s = {
		.institution_id = id,
		.from_status = from,
		.to_status = to,
		.reason = reason,
		.doc_no = doc,
		.at = now,
		.actor = app_actor_name(ctx),
	};
	enum store_err rc = store_institution_set_status(c, id, to, now);

	if (rc == STORE_OK)
		rc = store_status_log(c, &s);
	return rc ? rc : status_event(ctx, c, id, from, to, reason, doc, now);
}

/* The year of a valid "YYYY-MM-DD". */
static int year_of(const char *d)
{
	return (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
}

static enum reg_status stored_status(const struct institution *in)
{
	int s = reg_status_parse(in->status);

	return s < 0 ? REG_APPLYING : (enum reg_status)s;
}

/* Opens a write action: a connection in a transaction. */
static struct store_conn *begin(struct app_ctx *ctx, struct app_error *err)
{
	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	return app_begin(ctx, err);
}

/* Refuses with a field error inside an action. */
static enum app_status refuse(struct app_ctx *ctx, struct store_conn *c,
			      struct app_error *err, enum app_status st,
			      const char *field, const char *msg)
{
	app_fail(err, st, field, msg);
	return app_abort(ctx, c, err);
}

enum app_status app_registration_apply(struct app_ctx *ctx, long long institution_id,
				       long long *registration_id, struct app_error *err)
{
	struct store_conn *c = begin(ctx, err);
	struct institution in;
	struct registration *pending;
	size_t npending;
	char now[32], today[11];
	enum reg_status st, eff;
	enum store_err rc;

	*registration_id = 0;
	if (!c)
		return err->status;
	time_now_iso(now, sizeof(now));
	time_today(today, sizeof(today));
	rc = store_institution_get(c, ctx->arena, institution_id, &in);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_REGISTRY_APPLY, institution_id, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK)
		rc = store_registration_list(c, ctx->arena, -1, institution_id, "pending",
					     &pending, &npending);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (npending)
		return refuse(ctx, c, err, APP_CONFLICT, NULL, "reg.refuse.pending");
	st = stored_status(&in);
	eff = reg_effective(st, in.valid_until, today);
	if (reg_transition(eff, REG_ACT_REAPPLY) < 0)
		return refuse(ctx, c, err, APP_INVALID, NULL,
			      reg_refusal(eff, REG_ACT_REAPPLY));
	if (st == REG_REJECTED)
		rc = change_status(ctx, c, institution_id, "rejected", "applying",
				   "reapply", "", now);
	if (rc == STORE_OK)
		rc = store_registration_insert(c, institution_id,
					       st == REG_REJECTED ? "initial" : "renewal",
					       now, registration_id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "registration.apply", "institution",
			       app_idtext(ctx, institution_id), NULL,
			       app_json(ctx, "{s:I, s:s}", "registration_id",
					(json_int_t)*registration_id, "kind",
					st == REG_REJECTED ? "initial" : "renewal"));
	return app_finish(ctx, c, rc, err);
}

/* Rejects a pending application inside the caller's transaction. */
static enum store_err reject_in_tx(struct app_ctx *ctx, struct store_conn *c,
				   const struct registration *g, const char *reason,
				   const char *now)
{
	enum store_err rc = store_registration_decide(c, g->id, "rejected", reason, now);

	/* an initial application that fails leaves the institution rejected;
	 * a failed renewal leaves the registration as it was */
	if (rc == STORE_OK && !strcmp(g->kind, "initial"))
		rc = change_status(ctx, c, g->institution_id, g->institution_status,
				   "rejected", reason, "", now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "registration.reject", "institution",
			       app_idtext(ctx, g->institution_id), NULL,
			       app_json(ctx, "{s:I, s:s}", "registration_id",
					(json_int_t)g->id, "reason", reason));
	return rc;
}

enum app_status app_registration_reject(struct app_ctx *ctx, long long registration_id,
					const char *reason, struct app_error *err)
{
	struct store_conn *c;
	struct registration g;
	char now[32];
	enum store_err rc;

	if (!reason || !*reason)
		return app_fail(err, APP_INVALID, "reason", "val.reason.required");
	if (!(c = begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_registration_get(c, ctx->arena, registration_id, &g);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_REGISTRY_DECIDE, g.institution_id, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK && strcmp(g.status, "pending"))
		return refuse(ctx, c, err, APP_INVALID, NULL, "reg.refuse.decided");
	if (rc == STORE_OK)
		rc = reject_in_tx(ctx, c, &g, reason, now);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_batch_create(struct app_ctx *ctx, int year, const char *title,
				 int notice_days, long long *id, struct app_error *err)
{
	struct store_conn *c;
	char now[32], deftitle[96];
	enum store_err rc;
	int seq;

	*id = 0;
	if (year < 2000 || year > 2999)
		return app_fail(err, APP_INVALID, "year", "val.year.invalid");
	if (notice_days < 1 || notice_days > 60)
		return app_fail(err, APP_INVALID, "notice_days", "val.notice_days.invalid");
	if (title && str_utf8_len(title, strlen(title)) > 100)
		return app_fail(err, APP_INVALID, "title", "val.text.format");
	if (!(c = begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, 0, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_batch_next_seq(c, year, &seq);
	if (rc == STORE_OK && (!title || !*title)) {
		/* "机械行业2021年第1批登记注册机构" */
		snprintf(deftitle, sizeof(deftitle), "%s%d%s%d%s",
			 tr(LANG_ZH, "batch.title.pre"), year,
			 tr(LANG_ZH, "batch.title.mid"), seq,
			 tr(LANG_ZH, "batch.title.post"));
		title = deftitle;
	}
	if (rc == STORE_OK)
		rc = store_batch_insert(c, year, seq, title, notice_days, now, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "batch.create", "batch", app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:i, s:i, s:s, s:i}", "year", year, "seq",
					seq, "title", title, "notice_days", notice_days));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

/* The batch, which must be in `status`; refuses otherwise. */
static enum app_status load_batch(struct app_ctx *ctx, struct store_conn *c, long long id,
				  const char *status, struct reg_batch *b,
				  struct app_error *err)
{
	enum store_err rc = store_batch_get(c, ctx->arena, id, b);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (status && strcmp(b->status, status))
		return app_fail(err, APP_INVALID, NULL,
				arena_printf(ctx->arena, "batch.refuse.%s", status));
	return APP_OK;
}

enum app_status app_batch_add(struct app_ctx *ctx, long long batch_id,
			      long long registration_id, int *added, struct app_error *err)
{
	struct store_conn *c;
	struct reg_batch b;
	struct registration *regs;
	size_t n;
	enum store_err rc = STORE_OK;

	*added = 0;
	if (!(c = begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, 0, err) ||
	    load_batch(ctx, c, batch_id, "open", &b, err))
		return app_abort(ctx, c, err);
	if (registration_id) {
		struct registration g;

		rc = store_registration_get(c, ctx->arena, registration_id, &g);
		if (rc == STORE_OK && (strcmp(g.status, "pending") || g.batch_id))
			return refuse(ctx, c, err, APP_INVALID, NULL,
				      "batch.refuse.not_pending");
		if (rc == STORE_OK)
			rc = store_registration_set_batch(c, registration_id, batch_id);
		if (rc == STORE_OK)
			*added = 1;
	} else {
		rc = store_registration_list(c, ctx->arena, 0, 0, "pending", &regs, &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			rc = store_registration_set_batch(c, regs[i].id, batch_id);
			if (rc == STORE_OK)
				(*added)++;
		}
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "batch.add", "batch", app_idtext(ctx, batch_id), NULL,
			       app_json(ctx, "{s:I, s:i}", "registration_id",
					(json_int_t)registration_id, "added", *added));
	if (rc)
		*added = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_batch_remove(struct app_ctx *ctx, long long batch_id,
				 long long registration_id, struct app_error *err)
{
	struct store_conn *c;
	struct reg_batch b;
	struct registration g;
	char now[32];
	enum store_err rc;

	if (!(c = begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, 0, err) ||
	    load_batch(ctx, c, batch_id, NULL, &b, err))
		return app_abort(ctx, c, err);
	if (!strcmp(b.status, "decided"))
		return refuse(ctx, c, err, APP_INVALID, NULL, "batch.refuse.decided");
	time_now_iso(now, sizeof(now));
	rc = store_registration_get(c, ctx->arena, registration_id, &g);
	if (rc == STORE_OK && (g.batch_id != batch_id || strcmp(g.status, "pending")))
		return refuse(ctx, c, err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc == STORE_OK)
		rc = store_registration_set_batch(c, registration_id, 0);
	/* taken out of a batch under notice: back to applying */
	if (rc == STORE_OK && !strcmp(g.institution_status, "under_notice"))
		rc = change_status(ctx, c, g.institution_id, "under_notice", "applying",
				   "withdrawn from the notice", "", now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "batch.remove", "batch", app_idtext(ctx, batch_id),
			       app_json(ctx, "{s:I}", "registration_id",
					(json_int_t)registration_id),
			       NULL);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_batch_notice(struct app_ctx *ctx, long long batch_id,
				 const char *start, struct app_error *err)
{
	struct store_conn *c;
	struct reg_batch b;
	struct registration *regs;
	size_t n;
	char today[11], end[11], now[32];
	enum store_err rc;

	time_today(today, sizeof(today));
	if (!start || !*start)
		start = today;
	if (!time_date_valid(start))
		return app_fail(err, APP_INVALID, "start", "val.date.invalid");
	if (strcmp(start, today) > 0)
		return app_fail(err, APP_INVALID, "start", "val.date.future");
	/* a notice is public from its first day: one dated back would end,
	 * and let the batch be decided, without ever having been shown. Only
	 * the command line (the operator, who holds the database) records a
	 * notice held before the platform, as the registry's history. */
	if (strcmp(start, today) < 0 && !(ctx->actor && ctx->actor->system))
		return app_fail(err, APP_INVALID, "start", "batch.refuse.notice_past");
	if (!(c = begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, 0, err) ||
	    load_batch(ctx, c, batch_id, "open", &b, err))
		return app_abort(ctx, c, err);
	if (!b.size)
		return refuse(ctx, c, err, APP_INVALID, NULL, "batch.refuse.empty");
	time_now_iso(now, sizeof(now));
	/* notice_days days, start included */
	date_add_days(start, b.notice_days - 1, end);
	rc = store_batch_set_notice(c, batch_id, start, end);
	if (rc == STORE_OK)
		rc = store_registration_list(c, ctx->arena, batch_id, 0, "pending", &regs,
					     &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int to = reg_transition((enum reg_status)reg_status_parse(
						regs[i].institution_status),
					REG_ACT_NOTICE);

		if (to < 0) {
			/* suspended or revoked since it applied: out of the
			 * notice, rejected with the reason */
			rc = reject_in_tx(ctx, c, &regs[i],
					  tr(LANG_ZH,
					     reg_refusal((enum reg_status)reg_status_parse(
								 regs[i].institution_status),
							 REG_ACT_NOTICE)),
					  now);
			continue;
		}
		if (strcmp(reg_status_name((enum reg_status)to), regs[i].institution_status))
			rc = change_status(ctx, c, regs[i].institution_id,
					   regs[i].institution_status,
					   reg_status_name((enum reg_status)to), b.title,
					   "", now);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "batch.notice", "batch", app_idtext(ctx, batch_id),
			       NULL,
			       app_json(ctx, "{s:s, s:s}", "notice_start", start,
					"notice_end", end));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_batch_decide(struct app_ctx *ctx, long long batch_id, const char *doc,
				 const char *date, int *approved, struct app_error *err)
{
	struct store_conn *c;
	struct rule_error re;
	struct reg_batch b;
	struct registration *regs;
	size_t n;
	char today[11], now[32];
	enum store_err rc;

	*approved = 0;
	time_today(today, sizeof(today));
	if (!reg_check_doc(doc, "approval_doc", &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!date || !time_date_valid(date))
		return app_fail(err, APP_INVALID, "approval_date", "val.date.invalid");
	if (strcmp(date, today) > 0)
		return app_fail(err, APP_INVALID, "approval_date", "val.date.future");
	if (!(c = begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, 0, err) ||
	    load_batch(ctx, c, batch_id, "under_notice", &b, err))
		return app_abort(ctx, c, err);
	/* the notice runs its full course: decided after its last day */
	if (strcmp(date, b.notice_end) <= 0)
		return refuse(ctx, c, err, APP_INVALID, "approval_date",
			      "batch.refuse.notice_running");
	time_now_iso(now, sizeof(now));
	rc = store_registration_list(c, ctx->arena, batch_id, 0, "pending", &regs, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (regs[i].open_objections)
			return refuse(ctx, c, err, APP_INVALID, NULL,
				      "batch.refuse.objections");
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct institution in;
		char until[11], base[11], regno[16];
		long long serial;

		rc = store_institution_get(c, ctx->arena, regs[i].institution_id, &in);
		if (rc)
			break;
		/* suspended or revoked while under notice: its application
		 * cannot be approved, and the batch goes on without it */
		if (reg_transition(reg_effective(stored_status(&in), in.valid_until, date),
				   REG_ACT_APPROVE) < 0) {
			rc = reject_in_tx(ctx, c, &regs[i],
					  tr(LANG_ZH, reg_refusal(stored_status(&in),
								  REG_ACT_APPROVE)),
					  now);
			continue;
		}
		if (!strcmp(regs[i].kind, "initial") || !in.registration_no) {
			rc = store_counter_next(
				c, arena_printf(ctx->arena, "regno:%.4s", date), &serial);
			if (rc)
				break;
			reg_number_format(year_of(date), serial, regno);
			in.registration_no = arena_strdup(ctx->arena, regno);
			in.registered_on = date;
			snprintf(base, sizeof(base), "%s", date);
		} else {
			/* a renewal extends from the old end, or from the
			 * approval when the registration had lapsed */
			snprintf(base, sizeof(base), "%s",
				 in.valid_until && strcmp(in.valid_until, date) >= 0
					 ? in.valid_until
					 : date);
			if (in.valid_until && strcmp(in.valid_until, date) >= 0)
				date_add_days(base, 1, base);
		}
		date_add_years(base, REG_VALIDITY_YEARS, until);
		date_prev_day(until, until);
		in.valid_until = until;
		in.approval_doc = doc;
		in.approval_date = date;
		in.updated_at = now;
		in.status = "registered";
		rc = store_institution_set_registration(c, &in);
		if (rc == STORE_OK && strcmp(regs[i].institution_status, "registered"))
			rc = store_status_log(
				c, &(struct status_change){
					   .institution_id = in.id,
					   .from_status = regs[i].institution_status,
					   .to_status = "registered",
					   .reason = b.title,
					   .doc_no = doc,
					   .at = now,
					   .actor = app_actor_name(ctx)});
		if (rc == STORE_OK && strcmp(regs[i].institution_status, "registered"))
			rc = status_event(ctx, c, in.id, regs[i].institution_status,
					  "registered", b.title, doc, now);
		if (rc == STORE_OK)
			rc = store_registration_decide(c, regs[i].id, "approved", doc, now);
		if (rc == STORE_OK)
			rc = app_audit(ctx, c, "registration.approve", "institution",
				       app_idtext(ctx, in.id), NULL,
				       app_json(ctx, "{s:s, s:s, s:s, s:s}",
						"registration_no", in.registration_no,
						"valid_until", until, "approval_doc", doc,
						"approval_date", date));
		if (rc == STORE_OK)
			(*approved)++;
	}
	if (rc == STORE_OK)
		rc = store_batch_set_decided(c, batch_id, doc, date);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "batch.decide", "batch", app_idtext(ctx, batch_id),
			       NULL,
			       app_json(ctx, "{s:s, s:s, s:i}", "approval_doc", doc,
					"approval_date", date, "approved", *approved));
	if (rc)
		*approved = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_batch_list(struct app_ctx *ctx, const char *status,
			       struct reg_batch **items, size_t *n, struct app_error *err)
{
	struct store_conn *c;
	bool staff;
	size_t kept = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	staff = app_can(ctx, PERM_REGISTRY_DECIDE);
	rc = store_batch_list(c, ctx->arena, status ? status : "", items, n);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	/* the public sees batches once they are noticed */
	for (size_t i = 0; i < *n; i++)
		if (staff || strcmp((*items)[i].status, "open"))
			(*items)[kept++] = (*items)[i];
	*n = kept;
	return APP_OK;
}

enum app_status app_batch_get(struct app_ctx *ctx, long long id, struct reg_batch *out,
			      struct registration **regs, size_t *nregs,
			      struct objection **objs, size_t *nobjs, struct app_error *err)
{
	struct store_conn *c;
	bool staff;
	enum store_err rc;

	*regs = NULL;
	*objs = NULL;
	*nregs = *nobjs = 0;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	staff = app_can(ctx, PERM_REGISTRY_DECIDE);
	rc = store_batch_get(c, ctx->arena, id, out);
	if (rc == STORE_OK && !staff && !strcmp(out->status, "open"))
		rc = STORE_NOT_FOUND;
	if (rc == STORE_OK)
		rc = store_registration_list(c, ctx->arena, id, 0, "", regs, nregs);
	if (rc == STORE_OK && staff)
		rc = store_objection_list(c, ctx->arena, id, objs, nobjs);
	return app_read_done(ctx, c, rc, err);
}

/* Objections: at most 5 an hour from one address, then a wait. */
static const struct rate_policy rate_objection = {
	.window_s = 3600,
	.free = 4,
	/* the 5th is the last without a wait */ .base_wait_s = 60,
	.max_wait_s = 3600,
	.lock_after = 20,
	.lock_s = 3600,
};

enum app_status app_objection_file(struct app_ctx *ctx, long long batch_id,
				   long long institution_id, const char *name,
				   const char *contact, const char *body, long long *id,
				   struct app_error *err)
{
	struct store_conn *c;
	struct reg_batch b;
	struct registration *regs;
	struct rate_state rs;
	struct objection o;
	const char *key;
	size_t n;
	char today[11], now[32];
	bool listed = false;
	int64_t t = (int64_t)time(NULL), wait;
	enum store_err rc;

	*id = 0;
	if (!name || !*name || str_utf8_len(name, strlen(name)) > 50 ||
	    !str_utf8_valid(name, strlen(name)))
		return app_fail(err, APP_INVALID, "filer_name", "val.objection.name");
	if (!contact || !*contact || str_utf8_len(contact, strlen(contact)) > 100 ||
	    !str_utf8_valid(contact, strlen(contact)))
		return app_fail(err, APP_INVALID, "filer_contact", "val.objection.contact");
	if (!body || str_utf8_len(body, strlen(body)) < 5 ||
	    str_utf8_len(body, strlen(body)) > 2000 || !str_utf8_valid(body, strlen(body)))
		return app_fail(err, APP_INVALID, "body", "val.objection.body");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	key = arena_printf(ctx->arena, "objection:addr:%s",
			   ctx->address ? ctx->address : "-");
	rc = store_rate_get(c, key, &rs);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if ((wait = rate_wait(&rate_objection, &rs, t)) > 0) {
		app_fail(err, APP_RATE_LIMITED, NULL, "err.too_many");
		err->retry_after = wait;
		return app_abort(ctx, c, err);
	}
	if (load_batch(ctx, c, batch_id, "under_notice", &b, err))
		return app_abort(ctx, c, err);
	if (strcmp(today, b.notice_start) < 0 || strcmp(today, b.notice_end) > 0)
		return refuse(ctx, c, err, APP_INVALID, NULL, "objection.closed");
	rc = store_registration_list(c, ctx->arena, batch_id, institution_id, "", &regs, &n);
	listed = n > 0;
	if (rc == STORE_OK && !listed)
		return refuse(ctx, c, err, APP_INVALID, "institution_id",
			      "objection.not_listed");
	memset(&o, 0, sizeof(o));
	o.batch_id = batch_id;
	o.institution_id = institution_id;
	o.filer_name = name;
	o.filer_contact = contact;
	o.body = body;
	o.filed_at = now;
	o.address = ctx->address;
	if (rc == STORE_OK)
		rc = store_objection_insert(c, &o, id);
	rate_fail(&rate_objection, &rs, t);
	if (rc == STORE_OK)
		rc = store_rate_put(c, key, &rs);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "objection.file", "institution",
			       app_idtext(ctx, institution_id), NULL,
			       app_json(ctx, "{s:I, s:I}", "objection_id", (json_int_t)*id,
					"batch_id", (json_int_t)batch_id));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_objection_resolve(struct app_ctx *ctx, long long id, bool upheld,
				      const char *resolution, struct app_error *err)
{
	struct store_conn *c;
	struct objection o;
	struct registration *regs = NULL;
	size_t n = 0;
	char now[32];
	enum store_err rc;

	if (!resolution || !*resolution ||
	    str_utf8_len(resolution, strlen(resolution)) > 1000)
		return app_fail(err, APP_INVALID, "resolution", "val.reason.required");
	if (!(c = begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_objection_get(c, ctx->arena, id, &o);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_REGISTRY_DECIDE, o.institution_id, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK && strcmp(o.status, "open"))
		return refuse(ctx, c, err, APP_INVALID, NULL, "objection.resolved");
	if (rc == STORE_OK)
		rc = store_objection_resolve(c, id, upheld ? "upheld" : "dismissed",
					     resolution, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "objection.resolve", "institution",
			       app_idtext(ctx, o.institution_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s}", "objection_id",
					(json_int_t)id, "status",
					upheld ? "upheld" : "dismissed", "resolution",
					resolution));
	/* an upheld objection rejects the application it was filed against,
	 * in the same transaction */
	if (rc == STORE_OK && upheld)
		rc = store_registration_list(c, ctx->arena, o.batch_id, o.institution_id,
					     "pending", &regs, &n);
	for (size_t i = 0; rc == STORE_OK && upheld && i < n; i++)
		rc = reject_in_tx(ctx, c, &regs[i], resolution, now);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_institution_status(struct app_ctx *ctx, long long id,
				       enum reg_action action, const char *reason,
				       const char *doc_no, struct app_error *err)
{
	struct store_conn *c;
	struct rule_error re;
	struct institution in;
	char today[11], now[32];
	enum reg_status eff;
	enum store_err rc;
	int to;

	if (action != REG_ACT_SUSPEND && action != REG_ACT_REINSTATE &&
	    action != REG_ACT_REVOKE)
		return app_fail(err, APP_INVALID, "action", "val.action.invalid");
	if (!reason || !*reason)
		return app_fail(err, APP_INVALID, "reason", "val.reason.required");
	if (!inst_check_reason(reason, &re) || !reg_check_doc(doc_no, "doc_no", &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!(c = begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	rc = store_institution_get(c, ctx->arena, id, &in);
	if (rc == STORE_OK && app_authorize(ctx, c, PERM_REGISTRY_DECIDE, id, err))
		return app_abort(ctx, c, err);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* suspension and revocation act on the stored status; an expired
	 * registration may still be revoked */
	eff = stored_status(&in);
	to = reg_transition(eff, action);
	if (to < 0)
		return refuse(ctx, c, err, APP_INVALID, NULL, reg_refusal(eff, action));
	rc = change_status(ctx, c, id, in.status, reg_status_name((enum reg_status)to),
			   reason, doc_no, now);
	/* a revoked institution's pending applications end with it */
	if (rc == STORE_OK && action == REG_ACT_REVOKE) {
		struct registration *pending;
		size_t np;

		rc = store_registration_list(c, ctx->arena, -1, id, "pending", &pending,
					     &np);
		for (size_t i = 0; rc == STORE_OK && i < np; i++) {
			pending[i].institution_status = "revoked";
			rc = store_registration_decide(c, pending[i].id, "rejected",
						       reason, now);
		}
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c,
			       action == REG_ACT_SUSPEND     ? "institution.suspend"
			       : action == REG_ACT_REINSTATE ? "institution.reinstate"
							     : "institution.revoke",
			       "institution", app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", in.status),
			       app_json(ctx, "{s:s, s:s, s:s}", "status",
					reg_status_name((enum reg_status)to), "reason",
					reason, "doc_no", doc_no));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_scope_add(struct app_ctx *ctx, long long institution_id,
			      const char *code, const char *name, const char *work_type,
			      const char *levels, const char *doc_no, struct app_error *err)
{
	struct store_conn *c;
	struct rule_error re;
	struct scope_entry e, *cur;
	struct institution in;
	size_t n;
	char today[11], lv[16];
	long long id;
	unsigned mask = levels_parse(levels);
	enum store_err rc;

	if (!occupation_code_valid(code))
		return app_fail(err, APP_INVALID, "occupation_code", "val.occupation.code");
	/* no name: the catalog's, below */
	if (name && *name &&
	    (str_utf8_len(name, strlen(name)) > 50 || !str_utf8_valid(name, strlen(name))))
		return app_fail(err, APP_INVALID, "occupation_name", "val.occupation.name");
	if (work_type && str_utf8_len(work_type, strlen(work_type)) > 50)
		return app_fail(err, APP_INVALID, "work_type", "val.text.format");
	if (!mask)
		return app_fail(err, APP_INVALID, "levels", "val.levels.invalid");
	if (!reg_check_doc(doc_no, "doc_no", &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!(c = begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	rc = store_institution_get(c, ctx->arena, institution_id, &in);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_REGISTRY_DECIDE, institution_id, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK && (!name || !*name)) {
		struct occupation *occ;
		size_t nocc;

		rc = store_occupation_list(c, ctx->arena, code, &occ, &nocc);
		for (size_t i = 0; rc == STORE_OK && i < nocc; i++)
			if (!strcmp(occ[i].code, code))
				name = occ[i].name;
		if (rc == STORE_OK && (!name || !*name))
			return refuse(ctx, c, err, APP_INVALID, "occupation_name",
				      "val.occupation.name");
	}
	if (rc == STORE_OK)
		rc = store_scope_list(c, ctx->arena, institution_id, 1, &cur, &n);
	/* one entry in force per occupation and work type: a change ends the
	 * old entry and starts a new one */
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (!strcmp(cur[i].occupation_code, code) &&
		    !strcmp(cur[i].work_type, work_type ? work_type : ""))
			rc = store_scope_close(c, institution_id, cur[i].id, today);
	memset(&e, 0, sizeof(e));
	e.institution_id = institution_id;
	e.occupation_code = code;
	e.occupation_name = name;
	e.work_type = work_type ? work_type : "";
	e.levels = mask;
	e.doc_no = doc_no;
	e.valid_from = today;
	if (rc == STORE_OK)
		rc = store_scope_insert(c, &e, &id);
	levels_format(mask, lv);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "scope.add", "institution",
			       app_idtext(ctx, institution_id), NULL,
			       app_json(ctx, "{s:s, s:s, s:s, s:s, s:s}", "occupation_code",
					code, "occupation_name", name, "work_type",
					e.work_type, "levels", lv, "doc_no", doc_no));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_scope_remove(struct app_ctx *ctx, long long institution_id,
				 long long scope_id, const char *doc_no,
				 struct app_error *err)
{
	struct store_conn *c;
	struct rule_error re;
	char today[11];
	enum store_err rc;

	if (!reg_check_doc(doc_no, "doc_no", &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!(c = begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, institution_id, err))
		return app_abort(ctx, c, err);
	time_today(today, sizeof(today));
	rc = store_scope_close(c, institution_id, scope_id, today);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "scope.remove", "institution",
			       app_idtext(ctx, institution_id),
			       app_json(ctx, "{s:I}", "scope_id", (json_int_t)scope_id),
			       app_json(ctx, "{s:s}", "doc_no", doc_no));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_filing_add(struct app_ctx *ctx, long long institution_id,
			       const struct filing *f, struct app_error *err)
{
	struct store_conn *c;
	struct rule_error re;
	struct filing row = *f;
	char now[32];
	long long id;
	enum store_err rc;

	if (!(c = begin(ctx, err)))
		return err->status;
	/* who first: a caller outside the scope learns nothing from the rules */
	if (app_authorize(ctx, c, PERM_REGISTRY_FILE, institution_id, err))
		return app_abort(ctx, c, err);
	if (!f->authority || !*f->authority ||
	    str_utf8_len(f->authority, strlen(f->authority)) > 100)
		return refuse(ctx, c, err, APP_INVALID, "authority", "val.filing.authority");
	if (!reg_check_doc(f->filing_no, "filing_no", &re))
		return refuse(ctx, c, err, APP_INVALID, re.field, re.msg);
	if (!f->filing_date || !time_date_valid(f->filing_date))
		return refuse(ctx, c, err, APP_INVALID, "filing_date", "val.date.invalid");
	if (!filing_code_valid(f->institution_code, 4))
		return refuse(ctx, c, err, APP_INVALID, "institution_code",
			      "val.filing.institution_code");
	if (!province_valid(f->province_code))
		return refuse(ctx, c, err, APP_INVALID, "province_code",
			      "val.province.invalid");
	if (!filing_code_valid(f->site_code, 6))
		return refuse(ctx, c, err, APP_INVALID, "site_code", "val.filing.site_code");
	time_now_iso(now, sizeof(now));
	row.institution_id = institution_id;
	row.created_at = now;
	rc = store_filing_insert(c, &row, &id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "filing.add", "institution",
			       app_idtext(ctx, institution_id), NULL,
			       app_json(ctx, "{s:s, s:s, s:s, s:s, s:s, s:s}", "authority",
					f->authority, "filing_no", f->filing_no,
					"filing_date", f->filing_date, "institution_code",
					f->institution_code, "province_code",
					f->province_code, "site_code", f->site_code));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_inspection_add(struct app_ctx *ctx, long long institution_id,
				   int year, const char *date, const char *outcome,
				   const char *notes, long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct inspection i;
	struct institution in;
	char now[32], today[11];
	enum store_err rc;

	*id = 0;
	time_today(today, sizeof(today));
	if (!(c = begin(ctx, err)))
		return err->status;
	rc = store_institution_get(c, ctx->arena, institution_id, &in);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_REGISTRY_INSPECT, institution_id, err))
		return app_abort(ctx, c, err);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (year < 2000 || year > 2999)
		return refuse(ctx, c, err, APP_INVALID, "year", "val.year.invalid");
	if (!date || !time_date_valid(date))
		return refuse(ctx, c, err, APP_INVALID, "inspected_on", "val.date.invalid");
	if (strcmp(date, today) > 0)
		return refuse(ctx, c, err, APP_INVALID, "inspected_on", "val.date.future");
	if (inspection_outcome_parse(outcome) < 0)
		return refuse(ctx, c, err, APP_INVALID, "outcome", "val.outcome.invalid");
	if (notes && str_utf8_len(notes, strlen(notes)) > 2000)
		return refuse(ctx, c, err, APP_INVALID, "notes", "val.text.format");
	time_now_iso(now, sizeof(now));
	memset(&i, 0, sizeof(i));
	i.institution_id = institution_id;
	i.year = year;
	i.inspected_on = date;
	i.outcome = outcome;
	i.notes = notes ? notes : "";
	i.created_at = now;
	if (rc == STORE_OK)
		rc = store_inspection_insert(c, &i, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "inspection.add", "institution",
			       app_idtext(ctx, institution_id), NULL,
			       app_json(ctx, "{s:i, s:s, s:s}", "year", year,
					"inspected_on", date, "outcome", outcome));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_finding_add(struct app_ctx *ctx, long long inspection_id,
				const char *description, const char *deadline,
				struct app_error *err)
{
	struct store_conn *c;
	struct finding f;
	long long institution_id = 0, id;
	enum store_err rc;

	if (!(c = begin(ctx, err)))
		return err->status;
	rc = store_inspection_owner(c, inspection_id, &institution_id);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_REGISTRY_INSPECT, institution_id, err))
		return app_abort(ctx, c, err);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!description || !*description ||
	    str_utf8_len(description, strlen(description)) > 1000)
		return refuse(ctx, c, err, APP_INVALID, "description", "val.text.format");
	if (!deadline || !time_date_valid(deadline))
		return refuse(ctx, c, err, APP_INVALID, "deadline", "val.date.invalid");
	memset(&f, 0, sizeof(f));
	f.inspection_id = inspection_id;
	f.institution_id = institution_id;
	f.description = description;
	f.deadline = deadline;
	if (rc == STORE_OK)
		rc = store_finding_insert(c, &f, &id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "finding.add", "institution",
			       app_idtext(ctx, institution_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s}", "finding_id", (json_int_t)id,
					"description", description, "deadline", deadline));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_finding_close(struct app_ctx *ctx, long long id, const char *note,
				  struct app_error *err)
{
	struct store_conn *c;
	struct finding f;
	char today[11];
	enum store_err rc;

	if (!(c = begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	rc = store_finding_get(c, ctx->arena, id, &f);
	if (rc == STORE_OK &&
	    app_authorize(ctx, c, PERM_REGISTRY_INSPECT, f.institution_id, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK && (!note || !*note || str_utf8_len(note, strlen(note)) > 1000))
		return refuse(ctx, c, err, APP_INVALID, "note", "val.reason.required");
	if (rc == STORE_OK && strcmp(f.status, "open"))
		return refuse(ctx, c, err, APP_INVALID, NULL, "finding.closed");
	if (rc == STORE_OK)
		rc = store_finding_close(c, id, today, note);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "finding.close", "institution",
			       app_idtext(ctx, f.institution_id),
			       app_json(ctx, "{s:I, s:s}", "finding_id", (json_int_t)id,
					"status", "open"),
			       app_json(ctx, "{s:s, s:s}", "status", "closed", "note", note));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_registry_dashboard(struct app_ctx *ctx, struct registry_dashboard *out,
				       struct app_error *err)
{
	struct store_conn *c;
	struct reg_batch *b;
	size_t nb;
	char today[11], soon[11];
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_REGISTRY_DECIDE, 0, err)) {
		store_release(c);
		return err->status;
	}
	time_today(today, sizeof(today));
	date_add_days(today, 90, soon);
	out->today = arena_strdup(ctx->arena, today);
	rc = store_registry_counts(c, today, soon, out->counts);
	if (rc == STORE_OK)
		rc = store_institution_expiring(c, ctx->arena, soon, &out->expiring,
						&out->nexpiring);
	if (rc == STORE_OK)
		rc = store_finding_list(c, ctx->arena, 0, today, &out->overdue,
					&out->noverdue);
	if (rc == STORE_OK)
		rc = store_batch_list(c, ctx->arena, "", &b, &nb);
	if (rc == STORE_OK) {
		out->batches = b;
		for (size_t i = 0; i < nb; i++)
			if (strcmp(b[i].status, "decided"))
				out->batches[out->nbatches++] = b[i];
	}
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_institution_plaque(struct app_ctx *ctx, long long id, struct buf *out,
				       struct app_error *err)
{
	struct store_conn *c;
	struct institution in;
	struct scope_entry *scope;
	struct pdf_plaque p;
	struct buf lines;
	size_t n;
	char today[11], perr[256], d1[64], d2[64], d3[64];
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	rc = store_institution_get(c, ctx->arena, id, &in);
	if (rc == STORE_OK)
		rc = store_scope_list(c, ctx->arena, id, 1, &scope, &n);
	memset(&p, 0, sizeof(p));
	if (rc == STORE_OK) /* the center issues plaques: its seal */
		rc = app_center_stamp(ctx, c, &p.seal, &p.seal_len);
	if (rc == STORE_OK) { /* the QR code: the institution's public page */
		const char *base = app_public_url(ctx, c);

		p.qr_text = *base ? arena_printf(ctx->arena, "%s/institutions/%lld", base, id)
				  : NULL;
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	if (!in.registration_no || !in.valid_until ||
	    reg_effective(stored_status(&in), in.valid_until, today) != REG_REGISTERED)
		return app_fail(err, APP_INVALID, NULL, "plaque.not_registered");
	buf_init(&lines, 0);
	for (size_t i = 0; i < n; i++) {
		unsigned m = scope[i].levels;
		bool first = true;

		buf_printf(&lines, "%s%s %s", i ? "\n" : "", scope[i].occupation_code,
			   scope[i].occupation_name);
		if (*scope[i].work_type)
			buf_printf(&lines, "（%s）", scope[i].work_type);
		buf_puts(&lines, "：");
		for (int l = 5; l >= 1; l--)
			if (m & (1u << l)) {
				buf_printf(&lines, "%s%s", first ? "" : "、",
					   tr(LANG_ZH,
					      arena_printf(ctx->arena, "level.%d", l)));
				first = false;
			}
	}
	p.issuer = tr(LANG_ZH, "app.org");
	p.title = tr(LANG_ZH, "plaque.title");
	p.institution = in.name;
	p.type_label = tr(LANG_ZH, arena_printf(ctx->arena, "type.%s", in.type));
	p.registration_no = in.registration_no;
	p.scope = n ? arena_strdup(ctx->arena, lines.data) : tr(LANG_ZH, "inst.none");
	/* dates as a certificate prints them: 2021年3月1日 */
	p.valid_from = in.registered_on
			       ? arena_strdup(ctx->arena, cert_date_zh(d1, sizeof(d1),
								       in.registered_on))
			       : "";
	p.valid_until = arena_strdup(ctx->arena,
				     cert_date_zh(d2, sizeof(d2), in.valid_until));
	p.approval_doc = in.approval_doc;
	p.issued_on = arena_strdup(
		ctx->arena,
		cert_date_zh(d3, sizeof(d3), in.approval_date ? in.approval_date : today));
	p.l_type = tr(LANG_ZH, "field.type");
	p.l_regno = tr(LANG_ZH, "field.registration_no");
	p.l_scope = tr(LANG_ZH, "field.scope");
	p.l_validity = tr(LANG_ZH, "field.validity");
	p.l_approval = tr(LANG_ZH, "field.approval_doc");
	buf_release(&lines);
	if (pdf_plaque(&p, out, perr, sizeof(perr)) != 0) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}
