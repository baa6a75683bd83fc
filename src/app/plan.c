/*
 * plan.c - assessment plans: creation inside the institution's registration
 * and scope, the lifecycle, rooms, staff under the ratio, qualification and
 * recusal rules, and enrolment by the standard's application routes.
 * Every change: the grant checked on the plan's institution, one
 * transaction, its audit record and (for the lifecycle) its status history.
 */
#include <jansson.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/selfeval.h"
#include "services/seal.h"

/* "四级/中级工" */
static const char *tr_level(int level) { return tr(LANG_ZH, i18n_level_key(level)); }

static bool date_ok(const char *d) { return !d || !*d || time_date_valid(d); }

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

/* Loads and parses a standard inside the caller's connection. */
static enum app_status load_standard(struct app_ctx *ctx, struct store_conn *c,
				     long long id, struct standard *s, struct app_error *err)
{
	struct standard_row row;
	char perr[256];
	enum store_err rc = store_standard_get(c, ctx->arena, id, &row);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_INVALID, "standard_id", "plan.standard_unknown");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (standard_parse(row.definition, ctx->arena, s, perr, sizeof(perr)) !=
	    STANDARD_OK) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	return APP_OK;
}

enum app_status app_plan_create(struct app_ctx *ctx, const struct plan_input *in,
				long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct institution inst;
	struct standard s;
	struct scope_entry *scope;
	struct plan p;
	size_t nscope;
	char today[11], now[32];
	bool in_scope = false, wt_ok;
	enum store_err rc;
	int st;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	rc = store_institution_get(c, ctx->arena, in->institution_id, &inst);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "institution_id", "val.parent.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_PLAN_MANAGE, in->institution_id, err))
		return app_abort(ctx, c, err);
	st = reg_status_parse(inst.status);
	if (!reg_may_open_plans(st < 0 ? REG_APPLYING : (enum reg_status)st,
				inst.valid_until, today)) {
		app_fail(err, APP_INVALID, "institution_id", "plan.institution_not_valid");
		return app_abort(ctx, c, err);
	}
	if (load_standard(ctx, c, in->standard_id, &s, err))
		return app_abort(ctx, c, err);
	if (!standard_in_force(&s, today)) {
		app_fail(err, APP_INVALID, "standard_id", "plan.standard_not_in_force");
		return app_abort(ctx, c, err);
	}
	if (!standard_offers(&s, in->level)) {
		app_fail(err, APP_INVALID, "level", "elig.level_not_offered");
		return app_abort(ctx, c, err);
	}
	rc = store_scope_list(c, ctx->arena, in->institution_id, 1, &scope, &nscope);
	if (rc)
		return app_finish(ctx, c, rc, err);
	for (size_t i = 0; i < nscope; i++)
		if (!strcmp(scope[i].occupation_code, s.occupation_code) &&
		    (scope[i].levels & (1u << in->level)))
			in_scope = true;
	if (!in_scope) {
		app_fail(err, APP_INVALID, "level", "plan.out_of_scope");
		return app_abort(ctx, c, err);
	}
	wt_ok = !in->work_type || !*in->work_type;
	for (size_t i = 0; !wt_ok && i < s.nwork_types; i++)
		wt_ok = !strcmp(s.work_types[i], in->work_type);
	if (!wt_ok) {
		app_fail(err, APP_INVALID, "work_type", "plan.work_type_unknown");
		return app_abort(ctx, c, err);
	}
	if (in->capacity < 1 || in->capacity > 10000) {
		app_fail(err, APP_INVALID, "capacity", "plan.capacity");
		return app_abort(ctx, c, err);
	}
	if (!date_ok(in->theory_on) || !date_ok(in->practical_on) ||
	    !date_ok(in->review_on)) {
		app_fail(err, APP_INVALID,
			 !date_ok(in->theory_on)      ? "theory_on"
			 : !date_ok(in->practical_on) ? "practical_on"
						      : "review_on",
			 "val.date.invalid");
		return app_abort(ctx, c, err);
	}
	if (in->title && str_utf8_len(in->title, strlen(in->title)) > 100) {
		app_fail(err, APP_INVALID, "title", "val.text.format");
		return app_abort(ctx, c, err);
	}
	memset(&p, 0, sizeof(p));
	p.institution_id = in->institution_id;
	p.standard_id = in->standard_id;
	p.work_type = in->work_type ? in->work_type : "";
	p.level = in->level;
	if (in->title && *in->title)
		p.title = in->title;
	else if (*p.work_type)
		p.title = arena_printf(ctx->arena, "%s %s（%s） %s", inst.name,
				       s.occupation_name, p.work_type, tr_level(in->level));
	else
		p.title = arena_printf(ctx->arena, "%s %s %s", inst.name,
				       s.occupation_name, tr_level(in->level));
	p.theory_on = or_null(in->theory_on);
	p.practical_on = or_null(in->practical_on);
	p.review_on = or_null(in->review_on);
	p.capacity = in->capacity;
	p.created_at = p.updated_at = now;
	rc = store_plan_insert(c, &p, id);
	if (rc == STORE_OK)
		rc = store_plan_log(c, *id, "", "draft", "", now, app_actor_name(ctx));
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.create", "plan", app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s, s:i, s:i}", "institution_id",
					(json_int_t)p.institution_id, "standard_id",
					(json_int_t)p.standard_id, "work_type", p.work_type,
					"level", p.level, "capacity", p.capacity));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

/* Loads the plan and checks perm on its institution (read: the actor may
 * manage plans there). */
static enum app_status load_plan(struct app_ctx *ctx, struct store_conn *c, long long id,
				 const char *perm, struct plan *p, struct app_error *err)
{
	enum store_err rc = store_plan_get(c, ctx->arena, id, p);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, perm, p->institution_id, err);
}

/* BEGIN, the plan (plan.manage) and its stage: a connection inside the
 * transaction when open_at(the plan's status) holds; else NULL with err
 * filled (refuse: the catalog key for a plan past that stage). */
enum app_status app_plan_lock(struct app_ctx *ctx, struct store_conn *c,
			      long long plan_id, struct app_error *err)
{
	enum store_err rc = store_plan_lock(c, plan_id);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

static struct store_conn *begin_plan(struct app_ctx *ctx, long long plan_id, bool lock,
				     bool (*open_at)(enum plan_status), const char *refuse,
				     struct plan *p, struct app_error *err)
{
	struct store_conn *c;
	int st;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	if ((lock && app_plan_lock(ctx, c, plan_id, err)) ||
	    load_plan(ctx, c, plan_id, PERM_PLAN_MANAGE, p, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	st = plan_status_parse(p->status);
	if (st < 0 || !open_at((enum plan_status)st)) {
		app_fail(err, APP_INVALID, NULL, refuse);
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

static struct store_conn *begin_open_plan(struct app_ctx *ctx, long long plan_id,
					  bool (*open_at)(enum plan_status),
					  const char *refuse, struct plan *p,
					  struct app_error *err)
{
	return begin_plan(ctx, plan_id, false, open_at, refuse, p, err);
}

/* The standard's staffing rules against the plan's rooms, staff and
 * enrolments: rooms for the theory exam, one practical group, the panel. */
static enum app_status staffing(struct app_ctx *ctx, struct store_conn *c,
				struct plan_detail *d, struct app_error *err)
{
	struct standard *std = arena_alloc(ctx->arena, sizeof(*std));
	struct post_spec *spec;
	struct staffing_room *rooms;
	struct staffing_group group = {0, 0};
	struct staffing_plan sp = {0};
	int review = 0;

	if (!std)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (load_standard(ctx, c, d->plan.standard_id, std, err))
		return err->status;
	/* the level as assessed: a post-skill specification's components */
	if (app_post_spec_of_plan(ctx, c, &d->plan, std, &spec, err))
		return err->status;
	d->level = standard_level(std, d->plan.level);
	rooms = arena_alloc(ctx->arena, (d->nrooms + 1) * sizeof(*rooms));
	for (size_t r = 0; r < d->nrooms; r++) {
		rooms[r].candidates = (int)d->rooms[r].enrolled;
		rooms[r].proctors = 0;
		for (size_t k = 0; k < d->nstaff; k++)
			if (!strcmp(d->staff[k].role, "proctor") &&
			    d->staff[k].room_id == d->rooms[r].id)
				rooms[r].proctors++;
	}
	for (size_t e = 0; e < d->nenrolments; e++)
		if (!strcmp(d->enrolments[e].status, "enrolled"))
			group.candidates++;
	for (size_t k = 0; k < d->nstaff; k++) {
		if (!strcmp(d->staff[k].role, "assessor"))
			group.assessors++;
		if (!strcmp(d->staff[k].role, "review_panel"))
			review++;
		if (!strcmp(d->staff[k].role, "proctor"))
			sp.proctors++;
	}
	sp.rooms = rooms;
	sp.nrooms = d->nrooms;
	sp.groups = &group;
	sp.ngroups = 1;
	sp.review_panel = review;
	sp.candidates = group.candidates;
	d->nviolations = staffing_check(std, d->plan.level, &sp, d->violations, 16);
	if (d->nviolations < 0)
		d->nviolations = 0;
	return APP_OK;
}

static enum app_status load_detail(struct app_ctx *ctx, struct store_conn *c,
				   struct plan_detail *d, struct app_error *err)
{
	long long id = d->plan.id;
	enum store_err rc = store_room_list(c, ctx->arena, id, &d->rooms, &d->nrooms);

	if (rc == STORE_OK)
		rc = store_staff_list(c, ctx->arena, id, &d->staff, &d->nstaff);
	if (rc == STORE_OK)
		rc = store_enrolment_list(c, ctx->arena, id, &d->enrolments,
					  &d->nenrolments);
	if (rc == STORE_OK)
		rc = store_visit_list(c, ctx->arena, id, &d->visits, &d->nvisits);
	if (rc == STORE_OK)
		rc = store_appeals_of_plan(c, ctx->arena, id, &d->appeals, &d->nappeals);
	if (rc == STORE_OK)
		rc = store_components_of_plan(c, ctx->arena, id, &d->components,
					      &d->ncomponents);
	if (rc == STORE_OK)
		rc = store_results_of_plan(c, ctx->arena, id, &d->results, &d->nresults);
	if (rc == STORE_OK) {
		struct filing *f;
		size_t nf = 0;

		rc = store_filing_list(c, ctx->arena, d->plan.institution_id, &f, &nf);
		d->filed = nf > 0;
	}
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return staffing(ctx, c, d, err);
}

/* Who approves: the parent institution's plan.approve, or the network's
 * for a plan of the root. */
static long long approver_scope(struct store_conn *c, struct app_ctx *ctx,
				long long institution_id)
{
	struct institution in;

	if (store_institution_get(c, ctx->arena, institution_id, &in) == STORE_OK)
		return in.parent_id;
	return 0;
}

enum app_status app_plan_get(struct app_ctx *ctx, long long id, struct plan_detail *out,
			     struct app_error *err)
{
	struct store_conn *c;
	struct app_error ignore;
	enum app_status rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = load_plan(ctx, c, id, PERM_PLAN_MANAGE, &out->plan, err);
	if (rc == APP_FORBIDDEN) {
		/* the approver may look at what it approves */
		rc = app_authorize(ctx, c, PERM_PLAN_APPROVE,
				   approver_scope(c, ctx, out->plan.institution_id), err);
	}
	if (rc == APP_OK)
		rc = load_detail(ctx, c, out, err);
	if (rc == APP_OK) {
		out->may_manage = app_authorize(ctx, c, PERM_PLAN_MANAGE,
						out->plan.institution_id, &ignore) == APP_OK;
		out->may_approve =
			app_authorize(ctx, c, PERM_PLAN_APPROVE,
				      approver_scope(c, ctx, out->plan.institution_id),
				      &ignore) == APP_OK;
	}
	store_release(c);
	return rc;
}

enum app_status app_plan_list(struct app_ctx *ctx, long long institution_id,
			      const char *status, struct plan **items, size_t *n,
			      struct app_error *err)
{
	struct store_conn *c;
	struct plan *all;
	size_t nall, kept = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!app_can(ctx, PERM_PLAN_MANAGE) && !app_can(ctx, PERM_PLAN_APPROVE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_plan_list(c, ctx->arena, institution_id, status, &all, &nall);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	/* the plans the actor manages or approves */
	for (size_t i = 0; i < nall; i++) {
		struct app_error ignore;

		if (app_authorize(ctx, c, PERM_PLAN_MANAGE, all[i].institution_id,
				  &ignore) == APP_OK ||
		    app_authorize(ctx, c, PERM_PLAN_APPROVE,
				  approver_scope(c, ctx, all[i].institution_id),
				  &ignore) == APP_OK)
			all[kept++] = all[i];
	}
	store_release(c);
	*items = all;
	*n = kept;
	return APP_OK;
}

/* The results notice: from today, the standard's number of days
 * (working days skip Saturdays and Sundays; public holidays are not
 * known here). */
static enum app_status notice_window(struct app_ctx *ctx, struct store_conn *c,
				     const struct plan *p, char start[11], char end[11],
				     struct app_error *err)
{
	struct standard s;
	const struct std_level *l;
	int days, added = 0;

	if (load_standard(ctx, c, p->standard_id, &s, err))
		return err->status;
	l = standard_level(&s, p->level);
	days = l && l->result_notice_days > 0 ? l->result_notice_days : 5;
	time_today(start, 11);
	memcpy(end, start, 11);
	/* the first day counts */
	for (;;) {
		struct tm tm;
		time_t t;
		bool weekday;

		memset(&tm, 0, sizeof(tm));
		strptime(end, "%Y-%m-%d", &tm);
		t = timegm(&tm);
		gmtime_r(&t, &tm);
		weekday = tm.tm_wday != 0 && tm.tm_wday != 6;
		if (!l || !l->result_notice_working_days || weekday)
			added++;
		if (added >= days)
			break;
		date_add_days(end, 1, end);
	}
	return APP_OK;
}

enum app_status app_plan_act(struct app_ctx *ctx, long long id, enum plan_action action,
			     const char *reason, struct app_error *err)
{
	struct store_conn *c;
	struct plan_detail d;
	char now[32];
	enum store_err rc;
	int st, to;

	memset(&d, 0, sizeof(d));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_plan_get(c, ctx->arena, id, &d.plan);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* approving and returning are the approver's; the rest the
	 * institution's own */
	if (action == PLAN_ACT_APPROVE || action == PLAN_ACT_RETURN
		    ? app_authorize(ctx, c, PERM_PLAN_APPROVE,
				    approver_scope(c, ctx, d.plan.institution_id), err)
		    : app_authorize(ctx, c, PERM_PLAN_MANAGE, d.plan.institution_id, err))
		return app_abort(ctx, c, err);
	/* who first, then what */
	if ((unsigned)action >= PLAN_ACTION_COUNT) {
		app_fail(err, APP_INVALID, "action", "val.action.invalid");
		return app_abort(ctx, c, err);
	}
	if (action == PLAN_ACT_RETURN && (!reason || !*reason)) {
		app_fail(err, APP_INVALID, "reason", "val.reason.required");
		return app_abort(ctx, c, err);
	}
	st = plan_status_parse(d.plan.status);
	to = st < 0 ? -1 : plan_transition((enum plan_status)st, action);
	if (st < 0 || to < 0) {
		app_fail(err, APP_INVALID, NULL,
			 plan_refusal(st < 0 ? PLAN_CLOSED : (enum plan_status)st, action));
		return app_abort(ctx, c, err);
	}
	if (action == PLAN_ACT_START) {
		if (load_detail(ctx, c, &d, err))
			return app_abort(ctx, c, err);
		if (!d.plan.enrolled) {
			app_fail(err, APP_INVALID, NULL, "plan.nobody_enrolled");
			return app_abort(ctx, c, err);
		}
		if (d.nviolations) {
			/* the numbers are in the plan's staffing_violations */
			app_fail(err, APP_INVALID, NULL, "plan.refuse.staffing");
			err->detail = d.violations[0].key;
			return app_abort(ctx, c, err);
		}
	}
	if (action == PLAN_ACT_FINISH_SCORING &&
	    app_plan_decide_results(ctx, c, &d.plan, err))
		return app_abort(ctx, c, err);
	if (action == PLAN_ACT_PUBLISH) {
		char start[11], end[11];

		if (notice_window(ctx, c, &d.plan, start, end, err))
			return app_abort(ctx, c, err);
		if ((rc = store_plan_set_notice(c, id, start, end)))
			return app_finish(ctx, c, rc, err);
	}
	if (action == PLAN_ACT_CLOSE) {
		struct appeal_row *ap;
		size_t nap;
		char today[11];

		time_today(today, sizeof(today));
		if (d.plan.notice_end && strcmp(today, d.plan.notice_end) <= 0) {
			app_fail(err, APP_INVALID, NULL, "plan.notice_running");
			return app_abort(ctx, c, err);
		}
		if ((rc = store_appeals_of_plan(c, ctx->arena, id, &ap, &nap)))
			return app_finish(ctx, c, rc, err);
		for (size_t i = 0; i < nap; i++)
			if (!strcmp(ap[i].status, "open")) {
				app_fail(err, APP_INVALID, NULL, "plan.appeals_open");
				return app_abort(ctx, c, err);
			}
	}
	rc = store_plan_set_status(c, id, d.plan.status,
				   plan_status_name((enum plan_status)to), now);
	if (rc == STORE_OK)
		rc = store_plan_log(c, id, d.plan.status,
				    plan_status_name((enum plan_status)to), reason, now,
				    app_actor_name(ctx));
	if (rc == STORE_OK)
		rc = app_audit(ctx, c,
			       arena_printf(ctx->arena, "plan.%s", plan_action_name(action)),
			       "plan", app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", d.plan.status),
			       app_json(ctx, "{s:s, s:s}", "status",
					plan_status_name((enum plan_status)to), "reason",
					reason ? reason : ""));
	/* results published: the webhooks' results.published */
	if (rc == STORE_OK && action == PLAN_ACT_PUBLISH)
		rc = app_event_tx(
			ctx, c, "results.published", d.plan.institution_id, "plan", id,
			app_json(ctx, "{s:I, s:I, s:s, s:i, s:s}", "plan_id",
				 (json_int_t)id, "institution_id",
				 (json_int_t)d.plan.institution_id, "occupation_code",
				 d.plan.occupation_code ? d.plan.occupation_code : "",
				 "level", d.plan.level, "status",
				 plan_status_name((enum plan_status)to)));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_plan_add_room(struct app_ctx *ctx, long long plan_id, const char *name,
				  int capacity, long long *room_id, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	enum store_err rc;

	*room_id = 0;
	if (!(c = begin_open_plan(ctx, plan_id, plan_staffing_open, "plan.refuse.changes",
				  &p, err)))
		return err->status;
	if (!name || !*name || str_utf8_len(name, strlen(name)) > 50) {
		app_fail(err, APP_INVALID, "name", "val.text.format");
		return app_abort(ctx, c, err);
	}
	if (capacity < 1 || capacity > 1000) {
		app_fail(err, APP_INVALID, "capacity", "plan.capacity");
		return app_abort(ctx, c, err);
	}
	rc = store_room_insert(c, plan_id, name, capacity, room_id);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "name", "plan.room_exists");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.room", "plan", app_idtext(ctx, plan_id), NULL,
			       app_json(ctx, "{s:s, s:i}", "room", name, "capacity",
					capacity));
	return app_finish(ctx, c, rc, err);
}

static enum app_status check_visit(const struct supervisor_visit *in, struct app_error *err)
{
	char today[11];

	if (!in->name || !*in->name || str_utf8_len(in->name, strlen(in->name)) > 50)
		return app_fail(err, APP_INVALID, "name", "val.text.format");
	if (in->organisation &&
	    str_utf8_len(in->organisation, strlen(in->organisation)) > 100)
		return app_fail(err, APP_INVALID, "organisation", "val.text.format");
	if (in->notes && str_utf8_len(in->notes, strlen(in->notes)) > 2000)
		return app_fail(err, APP_INVALID, "notes", "val.text.format");
	time_today(today, sizeof(today));
	if (!date_ok(in->visited_on) || strcmp(in->visited_on, today) > 0)
		return app_fail(err, APP_INVALID, "visited_on", "val.date.invalid");
	return APP_OK;
}

enum app_status app_plan_add_visit(struct app_ctx *ctx, long long plan_id,
				   const struct supervisor_visit *in, long long *id,
				   struct app_error *err)
{
	struct store_conn *c;
	struct supervisor_visit v;
	struct plan p;
	enum store_err rc;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* who asks first: an outsider learns nothing from the checks */
	if (load_plan(ctx, c, plan_id, PERM_PLAN_SUPERVISE, &p, err) || check_visit(in, err))
		return app_abort(ctx, c, err);
	v = *in;
	v.plan_id = plan_id;
	v.organisation = in->organisation ? in->organisation : "";
	v.notes = in->notes ? in->notes : "";
	rc = store_visit_insert(c, &v, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.visit", "plan", app_idtext(ctx, plan_id), NULL,
			       app_json(ctx, "{s:s, s:s, s:s}", "name", v.name,
					"organisation", v.organisation, "visited_on",
					v.visited_on));
	return app_finish(ctx, c, rc, err);
}

/* APP_OK when room_id is one of plan_id's rooms; else APP_INVALID on
 * room_id (a room of another plan is unknown here). */
static enum app_status plan_room_check(struct app_ctx *ctx, struct store_conn *c,
				       long long plan_id, long long room_id,
				       struct app_error *err)
{
	struct plan_room *rooms;
	size_t n;
	enum store_err rc = store_room_list(c, ctx->arena, plan_id, &rooms, &n);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < n; i++)
		if (rooms[i].id == room_id)
			return APP_OK;
	return app_fail(err, APP_INVALID, "room_id", "plan.room_unknown");
}

/* The first recusal between a staff member and the plan's candidates:
 * a catalog key and the candidate's name, or NULL. */
static enum store_err recusal(struct app_ctx *ctx, struct store_conn *c,
			      const struct plan *p, const struct person *staff,
			      const struct enrolment *cands, size_t n, const char **key,
			      const char **who)
{
	const char *pool;
	enum store_err prc;

	*key = *who = NULL;
	/* a staff or partners pool: a colleague is no recusal by itself */
	if ((prc = app_selfeval_pool_tx(ctx, c, p, &pool)))
		return prc;
	for (size_t i = 0; i < n && !*key; i++) {
		struct person cand;
		const char *kind;
		enum store_err rc;

		if (strcmp(cands[i].status, "enrolled") || cands[i].person_id == staff->id)
			continue;
		if ((rc = store_person_get(c, ctx->arena, cands[i].person_id, &cand)) ||
		    (rc = store_relationship_between(c, ctx->arena, staff->id, cand.id,
						     &kind)))
			return rc;
		*key = selfeval_recusal(pool, staff->employer, staff->employer_credit_code,
					cand.employer, cand.employer_credit_code, kind);
		if (*key)
			*who = cand.name;
	}
	return STORE_OK;
}

static enum app_status assign(struct app_ctx *ctx, long long plan_id, long long person_id,
			      const char *doc_type, const char *doc_blind, const char *role,
			      long long room_id, const char *override_note,
			      long long *staff_id, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct person who;
	struct enrolment *cands;
	struct plan_staff s;
	size_t n;
	const char *key, *cand;
	char today[11], now[32];
	enum store_err rc;
	enum app_status ar;
	int r;

	*staff_id = 0;
	if (!(c = begin_open_plan(ctx, plan_id, plan_staffing_open, "plan.refuse.changes",
				  &p, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	if ((r = staff_role_parse(role)) < 0) {
		app_fail(err, APP_INVALID, "role", "val.role.invalid");
		return app_abort(ctx, c, err);
	}
	/* a room named in the request must be one of this plan's */
	if (room_id && plan_room_check(ctx, c, plan_id, room_id, err))
		return app_abort(ctx, c, err);
	rc = doc_blind ? store_person_by_blind(c, ctx->arena, doc_type, doc_blind, &who)
		       : store_person_get(c, ctx->arena, person_id, &who);
	if (rc == STORE_OK)
		person_id = who.id;
	if (rc == STORE_OK && !doc_blind &&
	    (ar = app_person_reach(ctx, c, person_id, PERM_PLAN_MANAGE, err))) {
		if (ar != APP_NOT_FOUND)
			return app_abort(ctx, c, err);
		rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, doc_blind ? "id_number" : "person_id",
			 "plan.person_unknown");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (r == STAFF_ASSESSOR || r == STAFF_REVIEW) {
		bool ok;

		rc = store_qualified(c, person_id, p.occupation_code, p.level, today, &ok);
		if (rc)
			return app_finish(ctx, c, rc, err);
		if (!ok) {
			struct app_error e;
			enum app_status reach;

			/* whose qualification to record (the page links to it), for
			 * an actor who may act on that person: to anyone else the
			 * internal id behind an ID number is not given */
			memset(&e, 0, sizeof(e));
			reach = app_person_reach(ctx, c, person_id, PERM_PERSON_MANAGE, &e);
			if (reach == APP_INTERNAL || reach == APP_UNAVAILABLE) {
				*err = e;
				return app_abort(ctx, c, err);
			}
			app_fail(err, APP_INVALID, "person_id", "plan.not_qualified");
			if (reach == APP_OK)
				err->detail = app_idtext(ctx, person_id);
			return app_abort(ctx, c, err);
		}
	}
	rc = store_enrolment_list(c, ctx->arena, plan_id, &cands, &n);
	if (rc)
		return app_finish(ctx, c, rc, err);
	key = cand = NULL;
	if (r != STAFF_INTERNAL_SUPERVISOR &&
	    (rc = recusal(ctx, c, &p, &who, cands, n, &key, &cand)))
		return app_finish(ctx, c, rc, err);
	if (key && (!override_note || !*override_note)) {
		app_fail(err, APP_CONFLICT, "person_id", key);
		err->detail = cand;
		return app_abort(ctx, c, err);
	}
	if (key && !app_can(ctx, PERM_PLAN_SUPERVISE)) {
		app_fail(err, APP_FORBIDDEN, "override_note",
			 "recusal.override_needs_supervisor");
		return app_abort(ctx, c, err);
	}
	memset(&s, 0, sizeof(s));
	s.plan_id = plan_id;
	s.person_id = person_id;
	s.role = staff_role_name((enum staff_role)r);
	s.room_id = room_id;
	s.override_by = key ? app_actor_name(ctx) : "";
	s.override_note = key ? override_note : "";
	s.created_at = now;
	rc = store_staff_insert(c, &s, staff_id);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "person_id", "plan.staff_exists");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.assign", "plan", app_idtext(ctx, plan_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:s}", "person_id",
					(json_int_t)person_id, "role", s.role, "recusal",
					key ? key : "", "override_note", s.override_note));
	if (rc)
		*staff_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_plan_assign(struct app_ctx *ctx, long long plan_id,
				long long person_id, const char *role, long long room_id,
				const char *override_note, long long *staff_id,
				struct app_error *err)
{
	return assign(ctx, plan_id, person_id, NULL, NULL, role, room_id, override_note,
		      staff_id, err);
}

enum app_status app_plan_assign_doc(struct app_ctx *ctx, long long plan_id,
				    const char *id_type, const char *id_number,
				    const char *role, long long room_id,
				    const char *override_note, long long *staff_id,
				    struct app_error *err)
{
	const char *type;
	char blind[SEAL_BLIND_MAX];

	*staff_id = 0;
	if (app_person_blind(ctx, id_type, id_number, &type, blind, err))
		return err->status;
	return assign(ctx, plan_id, 0, type, blind, role, room_id, override_note,
		      staff_id, err);
}

enum app_status app_plan_unassign(struct app_ctx *ctx, long long plan_id,
				  long long staff_id, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	enum store_err rc;

	if (!(c = begin_open_plan(ctx, plan_id, plan_staffing_open, "plan.refuse.changes",
				  &p, err)))
		return err->status;
	rc = store_staff_delete(c, plan_id, staff_id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.unassign", "plan", app_idtext(ctx, plan_id),
			       app_json(ctx, "{s:I}", "staff_id", (json_int_t)staff_id),
			       NULL);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_plan_enrol_tx(struct app_ctx *ctx, struct store_conn *c,
				  const struct plan *p, const struct standard *s,
				  const struct person *who, long long room_id,
				  const struct plan_staff *staff, size_t nstaff,
				  long long *enrolment_id,
				  struct eligibility_result *elig, struct app_error *err)
{
	struct applicant facts;
	struct enrolment e;
	struct staff_relationship *rel = NULL;
	size_t nrel = 0;
	const char *pool = "public";
	char today[11], now[32];
	enum store_err rc;
	int st = plan_status_parse(p->status);

	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	if (st < 0 || !plan_enrolment_open((enum plan_status)st))
		return app_fail(err, APP_INVALID, NULL, "plan.refuse.enrolment");
	if (p->enrolled >= p->capacity)
		return app_fail(err, APP_INVALID, NULL, "plan.full");
	/* the plan's candidate pool (issue 15) */
	if (app_selfeval_admit_tx(ctx, c, p, who, &pool, err))
		return err->status;
	if (room_id) {
		struct plan_room *rooms;
		size_t nrooms;
		const struct plan_room *room = NULL;

		if ((rc = store_room_list(c, ctx->arena, p->id, &rooms, &nrooms)))
			return app_store_fail(ctx, c, rc, err);
		for (size_t i = 0; i < nrooms; i++)
			if (rooms[i].id == room_id)
				room = &rooms[i];
		if (!room)
			return app_fail(err, APP_INVALID, "room_id", "plan.room_unknown");
		if (room->enrolled >= room->capacity)
			return app_fail(err, APP_INVALID, "room_id", "plan.room_full");
	}
	memset(&facts, 0, sizeof(facts));
	facts.birth_date = who->birth_date;
	facts.work_start = who->work_start;
	if ((rc = store_person_facts(c, ctx->arena, who->id, s->occupation_code, &facts)))
		return app_store_fail(ctx, c, rc, err);
	if (eligibility_check(s, p->level, &facts, today, elig) != 0)
		return app_fail(err, APP_INVALID, elig->error.field, elig->error.msg);
	if (!elig->eligible)
		return app_fail(err, APP_INVALID, NULL, "enrol.not_eligible");
	/* a candidate an assigned assessor must stand aside from: two
	 * queries however many assessors the plan has */
	if (!staff) {
		struct plan_staff *read;

		if ((rc = store_staff_list(c, ctx->arena, p->id, &read, &nstaff)))
			return app_store_fail(ctx, c, rc, err);
		staff = read;
	}
	if ((rc = store_staff_relationships(c, ctx->arena, p->id, who->id, &rel, &nrel)))
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < nstaff; i++) {
		const char *kind = NULL, *key;

		if (strcmp(staff[i].role, "assessor") &&
		    strcmp(staff[i].role, "review_panel"))
			continue;
		if (*staff[i].override_by)
			continue; /* signed off */
		for (size_t k = 0; k < nrel; k++)
			if (rel[k].person_id == staff[i].person_id &&
			    (!kind || !strcmp(rel[k].kind, "trainer")))
				kind = rel[k].kind;
		key = selfeval_recusal(pool, staff[i].person_employer,
				       staff[i].person_credit_code, who->employer,
				       who->employer_credit_code, kind);
		if (key) {
			app_fail(err, APP_CONFLICT, "person_id", key);
			err->detail = staff[i].person_name;
			return err->status;
		}
	}
	memset(&e, 0, sizeof(e));
	e.plan_id = p->id;
	e.person_id = who->id;
	e.route_id = elig->route_id;
	e.room_id = room_id;
	e.enrolled_at = now;
	rc = store_enrolment_insert(c, &e, enrolment_id);
	if (rc == STORE_CONFLICT)
		return app_fail(err, APP_CONFLICT, "person_id", "enrol.already");
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.enrol", "plan", app_idtext(ctx, p->id), NULL,
			       app_json(ctx, "{s:I, s:s}", "person_id",
					(json_int_t)who->id, "route", e.route_id));
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

static enum app_status enrol(struct app_ctx *ctx, long long plan_id, long long person_id,
			     const char *doc_type, const char *doc_blind,
			     long long room_id, long long *enrolment_id,
			     struct eligibility_result *elig, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct person who;
	struct standard s;
	enum store_err rc;
	enum app_status ar;

	*enrolment_id = 0;
	memset(elig, 0, sizeof(*elig));
	/* the plan's lock first: a concurrent enrolment waits, then counts */
	if (!(c = begin_plan(ctx, plan_id, true, plan_enrolment_open,
			     "plan.refuse.enrolment", &p, err)))
		return err->status;
	rc = doc_blind ? store_person_by_blind(c, ctx->arena, doc_type, doc_blind, &who)
		       : store_person_get(c, ctx->arena, person_id, &who);
	if (rc == STORE_OK && !doc_blind &&
	    (ar = app_person_reach(ctx, c, person_id, PERM_PLAN_MANAGE, err))) {
		if (ar != APP_NOT_FOUND)
			return app_abort(ctx, c, err);
		rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, doc_blind ? "id_number" : "person_id",
			 "plan.person_unknown");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (load_standard(ctx, c, p.standard_id, &s, err))
		return app_abort(ctx, c, err);
	if (app_plan_enrol_tx(ctx, c, &p, &s, &who, room_id, NULL, 0, enrolment_id, elig,
			      err)) {
		*enrolment_id = 0;
		return app_abort(ctx, c, err);
	}
	return app_finish(ctx, c, STORE_OK, err);
}

enum app_status app_plan_enrol(struct app_ctx *ctx, long long plan_id, long long person_id,
			       long long room_id, long long *enrolment_id,
			       struct eligibility_result *elig, struct app_error *err)
{
	return enrol(ctx, plan_id, person_id, NULL, NULL, room_id, enrolment_id, elig, err);
}

enum app_status app_plan_enrol_doc(struct app_ctx *ctx, long long plan_id,
				   const char *id_type, const char *id_number,
				   long long room_id, long long *enrolment_id,
				   struct eligibility_result *elig, struct app_error *err)
{
	const char *type;
	char blind[SEAL_BLIND_MAX];

	*enrolment_id = 0;
	memset(elig, 0, sizeof(*elig));
	if (app_person_blind(ctx, id_type, id_number, &type, blind, err))
		return err->status;
	return enrol(ctx, plan_id, 0, type, blind, room_id, enrolment_id, elig, err);
}

enum app_status app_plan_withdraw(struct app_ctx *ctx, long long plan_id,
				  long long enrolment_id, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	enum store_err rc;

	if (!(c = begin_open_plan(ctx, plan_id, plan_enrolment_open,
				  "plan.refuse.enrolment", &p, err)))
		return err->status;
	rc = store_enrolment_set_status(c, plan_id, enrolment_id, "withdrawn");
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "plan.withdraw", "plan", app_idtext(ctx, plan_id),
			       app_json(ctx, "{s:I}", "enrolment_id",
					(json_int_t)enrolment_id),
			       NULL);
	return app_finish(ctx, c, rc, err);
}

/* ---- facts, qualifications, relationships ---- */

/* Opens a person action: the person must exist; needs person.manage. */
static struct store_conn *person_begin(struct app_ctx *ctx, long long person_id,
				       struct app_error *err)
{
	struct store_conn *c;
	struct person p;
	enum store_err rc;

	if (!app_can(ctx, PERM_PERSON_MANAGE)) {
		app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED, NULL,
			 ctx->actor ? "err.forbidden" : "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	rc = store_person_get(c, ctx->arena, person_id, &p);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, "person_id", "plan.person_unknown");
		app_abort(ctx, c, err);
		return NULL;
	}
	if (rc) {
		app_finish(ctx, c, rc, err);
		return NULL;
	}
	/* only the people of the actor's institutions */
	if (app_person_reach(ctx, c, person_id, PERM_PERSON_MANAGE, err)) {
		if (err->status == APP_NOT_FOUND)
			app_fail(err, APP_NOT_FOUND, "person_id", "plan.person_unknown");
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

static bool past_date(const char *d, const char *today)
{
	return d && time_date_valid(d) && strcmp(d, today) <= 0;
}

enum app_status app_person_add_certificate(struct app_ctx *ctx, long long person_id,
					   const char *kind, const char *occupation_code,
					   bool related, int level, const char *issued_on,
					   const char *number, struct app_error *err)
{
	struct store_conn *c;
	char today[11];
	enum store_err rc;

	time_today(today, sizeof(today));
	if (!kind || (strcmp(kind, "skill") && strcmp(kind, "pre_technician")))
		return app_fail(err, APP_INVALID, "kind", "val.cert.kind");
	if (!occupation_code_valid(occupation_code))
		return app_fail(err, APP_INVALID, "occupation_code", "val.cert.occupation");
	if (level < 1 || level > 5)
		return app_fail(err, APP_INVALID, "level", "val.cert.level");
	if (!past_date(issued_on, today))
		return app_fail(err, APP_INVALID, "issued_on", "val.date.invalid");
	if (!(c = person_begin(ctx, person_id, err)))
		return err->status;
	rc = store_fact_cert_insert(c, person_id, kind, occupation_code, related, level,
				    issued_on, number);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.certificate", "person",
			       app_idtext(ctx, person_id), NULL,
			       app_json(ctx, "{s:s, s:s, s:i, s:s}", "kind", kind,
					"occupation_code", occupation_code, "level",
					level, "issued_on", issued_on));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_person_add_diploma(struct app_ctx *ctx, long long person_id,
				       const char *type, bool related,
				       const char *graduated_on, bool final_year,
				       int program_level, struct app_error *err)
{
	struct store_conn *c;
	char today[11];
	enum store_err rc;

	time_today(today, sizeof(today));
	if (diploma_type_parse(type) < 0)
		return app_fail(err, APP_INVALID, "type", "val.diploma.type");
	if (final_year ? graduated_on && *graduated_on : !past_date(graduated_on, today))
		return app_fail(err, APP_INVALID, "graduated_on",
				final_year ? "val.diploma.final_year_graduated"
					   : "val.date.invalid");
	if (program_level < 0 || program_level > 5)
		return app_fail(err, APP_INVALID, "program_level",
				"val.diploma.program_level");
	if (!(c = person_begin(ctx, person_id, err)))
		return err->status;
	rc = store_fact_diploma_insert(c, person_id, type, related,
				       final_year ? NULL : graduated_on, final_year,
				       program_level);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.diploma", "person",
			       app_idtext(ctx, person_id), NULL,
			       app_json(ctx, "{s:s, s:b}", "type", type, "final_year",
					final_year));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_person_add_title(struct app_ctx *ctx, long long person_id,
				     const char *level, const char *granted_on,
				     bool related, struct app_error *err)
{
	struct store_conn *c;
	char today[11];
	enum store_err rc;

	time_today(today, sizeof(today));
	if (title_level_parse(level) < 0)
		return app_fail(err, APP_INVALID, "level", "val.title.level");
	if (!past_date(granted_on, today))
		return app_fail(err, APP_INVALID, "granted_on", "val.date.invalid");
	if (!(c = person_begin(ctx, person_id, err)))
		return err->status;
	rc = store_fact_title_insert(c, person_id, level, granted_on, related);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.title", "person",
			       app_idtext(ctx, person_id), NULL,
			       app_json(ctx, "{s:s, s:s}", "level", level, "granted_on",
					granted_on));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_person_add_qualification(struct app_ctx *ctx, long long person_id,
					     const char *occupation_code,
					     const char *grade, int max_level,
					     const char *valid_from, const char *valid_to,
					     const char *number, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!occupation_code_valid(occupation_code))
		return app_fail(err, APP_INVALID, "occupation_code", "val.cert.occupation");
	if (!grade || (strcmp(grade, "assessor") && strcmp(grade, "senior_assessor")))
		return app_fail(err, APP_INVALID, "grade", "val.qualification.grade");
	if (max_level < 1 || max_level > 5)
		return app_fail(err, APP_INVALID, "max_level", "val.cert.level");
	if (!valid_from || !time_date_valid(valid_from))
		return app_fail(err, APP_INVALID, "valid_from", "val.date.invalid");
	if (!valid_to || !time_date_valid(valid_to) || strcmp(valid_to, valid_from) < 0)
		return app_fail(err, APP_INVALID, "valid_to", "val.date.invalid");
	if (!(c = person_begin(ctx, person_id, err)))
		return err->status;
	rc = store_qualification_insert(c, person_id, occupation_code, grade, max_level,
					valid_from, valid_to, number);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.qualification", "person",
			       app_idtext(ctx, person_id), NULL,
			       app_json(ctx, "{s:s, s:s, s:i, s:s, s:s}",
					"occupation_code", occupation_code, "grade",
					grade, "max_level", max_level, "valid_from",
					valid_from, "valid_to", valid_to));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_person_add_relationship(struct app_ctx *ctx, long long a, long long b,
					    const char *kind, struct app_error *err)
{
	struct store_conn *c;
	struct person pb;
	char now[32];
	enum store_err rc;

	if (!relationship_kind_valid(kind))
		return app_fail(err, APP_INVALID, "kind", "val.relationship.kind");
	if (a == b)
		return app_fail(err, APP_INVALID, "person_b", "val.relationship.self");
	if (!(c = person_begin(ctx, a, err)))
		return err->status;
	if (store_person_get(c, ctx->arena, b, &pb) != STORE_OK ||
	    app_person_reach(ctx, c, b, PERM_PERSON_MANAGE, err)) {
		app_fail(err, APP_NOT_FOUND, "person_b", "plan.person_unknown");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_relationship_insert(c, a, b, kind, now);
	if (rc == STORE_CONFLICT)
		rc = STORE_OK; /* declared already */
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.relationship", "person",
			       app_idtext(ctx, a), NULL,
			       app_json(ctx, "{s:I, s:s}", "person_b", (json_int_t)b,
					"kind", kind));
	return app_finish(ctx, c, rc, err);
}
