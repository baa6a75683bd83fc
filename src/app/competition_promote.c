/*
 * competition_promote.c - the promotions (竞赛获奖晋级) the center
 * approves: each becomes a skill-level certificate through the competition
 * route (its number under an evaluation institution's filing, the
 * credential with the competition as its evidence, the PDF as any
 * certificate's), after the contestant's current level is read again from
 * the registry; or is rejected with a reason (docs/competitions.md
 * "Promotions"). Owns the decisions; the computation is
 * app/competition_marks.c's, the issuing steps app/cert_*.c's.
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/i18n.h"

/* The decision of (entry, person) among d, or NULL. */
static const struct competition_promotion *decided(const struct competition_promotion *d,
						   size_t nd, long long entry_id,
						   long long person_id)
{
	for (size_t i = 0; i < nd; i++)
		if (d[i].entry_id == entry_id && d[i].person_id == person_id)
			return &d[i];
	return NULL;
}

bool app_comp_may_promote(const struct app_ctx *ctx)
{
	const struct actor *a = ctx->actor;

	/* as app_authorize(…, PERM_COMP_PROMOTE, 0): a network-wide grant */
	return a && (a->system ||
		     authz_allows(a->grants, a->ngrants, PERM_COMP_PROMOTE, NULL, 0));
}

enum app_status comp_promotions_decisions(struct app_ctx *ctx, struct store_conn *c,
					  long long id, struct comp_promo_row *rows,
					  size_t n, struct app_error *err)
{
	struct competition_promotion *d;
	size_t nd = 0;
	enum store_err rc = store_comp_promotions_decided(c, ctx->arena, id, &d, &nd);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < n; i++) {
		const struct competition_promotion *x = decided(d, nd, rows[i].entry_id,
								rows[i].person_id);

		rows[i].status = x ? x->status : "pending";
		/* a decided row as it was decided: the registry moves on (its
		 * own certificate, a later competition's) */
		for (int o = 0; x && o < COMP_PROMO_COUNT; o++)
			if (!strcmp(x->outcome,
				    comp_promo_name((enum comp_promo_outcome)o))) {
				rows[i].current = x->from_level;
				rows[i].promo.outcome = (enum comp_promo_outcome)o;
				rows[i].promo.level = x->to_level;
				rows[i].promo.rule = x->rule_index;
			}
		rows[i].reason = x ? x->reason : "";
		rows[i].certificate_id = x ? x->certificate_id : 0;
		rows[i].certificate_number = x ? x->certificate_number : "";
	}
	return APP_OK;
}

/* Opens the decision's transaction: the competition's row lock, the
 * center's permission, the competition final; its promotions computed
 * now and the decisions so far. NULL with err filled (c released). */
static struct store_conn *decide_begin(struct app_ctx *ctx, long long id,
				       struct competition *comp,
				       struct comp_promo_row **rows, size_t *n,
				       struct competition_promotion **d, size_t *nd,
				       struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	/* who first: no one else takes the competition's lock */
	if (app_authorize(ctx, c, PERM_COMP_PROMOTE, 0, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	/* deciders of one competition go one at a time */
	rc = store_comp_promote_lock(c, id);
	if (rc == STORE_OK)
		rc = store_comp_get(c, ctx->arena, id, comp);
	/* and of another competition sharing a contestant: its persons' rows
	 * in id order, before their current levels are read; on PostgreSQL
	 * (read committed) the second decider waits for the first to commit
	 * and its later reads see the certificate the first issued */
	if (rc == STORE_OK)
		rc = store_comp_promote_lock_people(c, ctx->arena, id);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		app_abort(ctx, c, err);
		return NULL;
	}
	if (strcmp(comp->status, "final")) {
		app_fail(err, APP_INVALID, NULL, "competition.promote.not_final");
		app_abort(ctx, c, err);
		return NULL;
	}
	if (comp_promotions_on(ctx, c, id, rows, n, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	rc = store_comp_promotions_decided(c, ctx->arena, id, d, nd);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

/* Appends name to the "、"-joined list *who. */
static void name_to(struct app_ctx *ctx, const char **who, const char *name)
{
	*who = *who ? arena_printf(ctx->arena, "%s、%s", *who, name) : name;
}

/* "金牌（第1名）": what the contestant won, for the evidence. */
static const char *award_text(struct app_ctx *ctx, const struct comp_promo_row *r)
{
	const char *award = r->award == COMP_AWARD_NONE
				    ? ""
				    : tr(LANG_ZH, arena_printf(ctx->arena, "comp.award.%s",
							       comp_award_name(r->award)));

	return arena_printf(ctx->arena, "%s（第%d名）", award, r->place);
}

/* Issues the certificate of row r under the issuer in/no (on c). */
static enum app_status
issue_one(struct app_ctx *ctx, struct store_conn *c, const struct app_signer *sg,
	  const char *base, const struct competition *comp,
	  const struct competition_event *ev, const struct comp_promo_row *r,
	  const struct cert_candidate *h, long long institution_id,
	  const struct institution *in, struct certno *no, const char *today,
	  const char *now, struct comp_promote_done *out, struct app_error *err)
{
	struct certificate x;
	struct certificate_event ce;
	struct competition_promotion p;
	long long index, pid;
	enum store_err rc;

	memset(&x, 0, sizeof(x));
	x.line = "skill";
	x.person_id = r->person_id;
	x.institution_id = institution_id;
	x.institution_name = in->name;
	x.institution_code = no->institution;
	x.province_code = no->province;
	x.site_code = no->site;
	x.holder_name = h->name;
	x.id_type = h->id_type;
	x.id_blind = h->id_blind;
	x.id_masked = h->id_masked;
	x.occupation_code = ev->occupation_code;
	x.occupation_name = ev->occupation_name;
	x.work_type = "";
	x.level = r->promo.level;
	x.issued_on = today;
	x.scores = arena_printf(ctx->arena, "competition=%d.%02d", r->total / 100,
				r->total % 100);
	x.status = "valid";
	x.created_at = now;
	x.competition_id = comp->id;
	x.competition_name = comp->name;
	x.competition_award = award_text(ctx, r);
	no->level = x.level;
	if (cert_number_of(ctx, c, NULL, no, &x, err))
		return err->status;
	rc = store_counter_next(c, "cert:status_index", &index);
	x.status_index = index - 1;
	if (rc == STORE_OK)
		rc = store_cert_insert(c, &x, &x.id);
	if (rc == STORE_OK)
		rc = app_event_cert_issued_tx(ctx, c, x.id, x.institution_id);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	memset(&p, 0, sizeof(p));
	p.competition_id = comp->id;
	p.event_id = r->event_id;
	p.entry_id = r->entry_id;
	p.person_id = r->person_id;
	p.from_level = r->current;
	p.to_level = r->promo.level;
	p.rule_index = r->promo.rule;
	p.outcome = comp_promo_name(r->promo.outcome);
	p.status = "approved";
	p.reason = "";
	p.certificate_id = x.id;
	p.decided_by = app_actor_name(ctx);
	p.decided_at = now;
	rc = store_comp_promotion_insert(c, &p, &pid);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (cert_sign_and_store(ctx, c, sg, base, &x,
				arena_printf(ctx->arena, "%s（%s）竞赛获奖晋级",
					     comp->name, comp->approval_doc),
				err))
		return err->status;
	memset(&ce, 0, sizeof(ce));
	ce.certificate_id = x.id;
	ce.action = "issued";
	ce.actor = app_actor_name(ctx);
	ce.at = now;
	if ((rc = store_cert_event_insert(c, &ce)))
		return app_store_fail(ctx, c, rc, err);
	out->certificate_id = x.id;
	out->number = x.number;
	return APP_OK;
}

enum app_status app_comp_promote(struct app_ctx *ctx, long long id,
				 const struct comp_promote_pick *picks, size_t npicks,
				 bool all, long long institution_id,
				 struct comp_promote_report *rep, struct app_error *err)
{
	struct store_conn *c;
	struct competition comp;
	struct comp_promo_row *rows, **take;
	struct competition_promotion *d;
	struct competition_event *events = NULL;
	struct cert_candidate *holders;
	struct institution in;
	struct certno no;
	const struct app_signer *sg;
	const char *base, *who = NULL, *why = NULL; /* why: the ineligible */
	size_t n = 0, nd = 0, nevents = 0, ntake = 0;
	char today[11], now[32];
	json_t *numbers;
	enum store_err rc = STORE_OK;

	memset(rep, 0, sizeof(*rep));
	if (!all && !npicks)
		return app_fail(err, APP_INVALID, "rows", "competition.promote.none_picked");
	if (!all && npicks > COMP_PROMOTE_PICKS_MAX)
		return app_fail(err, APP_INVALID, "rows", "competition.promote.too_many");
	if (!(c = decide_begin(ctx, id, &comp, &rows, &n, &d, &nd, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	take = arena_alloc(ctx->arena, (n + 1) * sizeof(*take));
	/* a row at most once (repeated picks are refused below) */
	rep->rows = arena_alloc(ctx->arena, (n + 1) * sizeof(*rep->rows));
	/* what is asked for: every pending eligible one, or the picks, each
	 * checked against the registry as it is now */
	for (size_t i = 0; all && i < n; i++) {
		if (decided(d, nd, rows[i].entry_id, rows[i].person_id)) {
			struct comp_promote_done *o = &rep->rows[rep->nrows++];

			memset(o, 0, sizeof(*o));
			o->entry_id = rows[i].entry_id;
			o->person_id = rows[i].person_id;
			o->name = rows[i].name;
			o->skipped = true;
			rep->skipped++;
			continue;
		}
		if (rows[i].promo.level > 0)
			take[ntake++] = &rows[i];
	}
	for (size_t k = 0; !all && k < npicks; k++) {
		struct comp_promo_row *r = NULL;

		for (size_t i = 0; i < n && !r; i++)
			if (rows[i].entry_id == picks[k].entry_id &&
			    rows[i].person_id == picks[k].person_id)
				r = &rows[i];
		if (!r) {
			app_fail(err, APP_INVALID, "rows", "competition.promote.unknown");
			return app_abort(ctx, c, err);
		}
		/* each (entry, person) once: take and rep->rows hold one a
		 * row, so at most n picks get this far */
		for (size_t k2 = 0; k2 < k; k2++)
			if (picks[k2].entry_id == r->entry_id &&
			    picks[k2].person_id == r->person_id) {
				rep->who = r->name;
				app_fail(err, APP_INVALID, "rows",
					 "competition.promote.repeated");
				return app_abort(ctx, c, err);
			}
		if (decided(d, nd, r->entry_id, r->person_id)) {
			struct comp_promote_done *o = &rep->rows[rep->nrows++];

			memset(o, 0, sizeof(*o));
			o->entry_id = r->entry_id;
			o->person_id = r->person_id;
			o->name = r->name;
			o->skipped = true;
			rep->skipped++;
			continue;
		}
		if (picks[k].from_level != r->current)
			name_to(ctx, &who, r->name);
		else if (r->promo.level <= 0)
			name_to(ctx, &why, r->name);
		take[ntake++] = r;
	}
	/* a level changed since the screen was shown: refused naming them
	 * (before anything else), nothing written */
	if (who || why) {
		rep->who = who ? who : why;
		app_fail(err, who ? APP_CONFLICT : APP_INVALID, "rows",
			 who ? "competition.promote.level_changed"
			     : "competition.promote.not_eligible");
		return app_abort(ctx, c, err);
	}
	if (!ntake)
		return app_finish(ctx, c, STORE_OK, err);
	/* the issuer: the one the center picked, or the organiser */
	if (!institution_id)
		institution_id = comp.organiser_id;
	if (!institution_id) {
		app_fail(err, APP_INVALID, "institution_id",
			 "competition.promote.institution_required");
		return app_abort(ctx, c, err);
	}
	/* an organised competition's certificates are issued by the
	 * organiser or a co-organiser; the center names any institution only
	 * for a competition it organises itself */
	if (comp.organiser_id && institution_id != comp.organiser_id) {
		struct institution *co = NULL;
		size_t nco = 0;
		bool one = false;

		if ((rc = store_comp_coorganisers(c, ctx->arena, id, &co, &nco)))
			return app_finish(ctx, c, rc, err);
		for (size_t i = 0; i < nco; i++)
			one = one || co[i].id == institution_id;
		if (!one) {
			app_fail(err, APP_INVALID, "institution_id",
				 "competition.promote.issuer_organiser");
			return app_abort(ctx, c, err);
		}
	}
	if (cert_issuer_of(ctx, c, institution_id, "skill", 0, today, &in, &no, err)) {
		if (err->status == APP_INVALID || err->status == APP_NOT_FOUND)
			err->field = "institution_id";
		if (err->status == APP_NOT_FOUND)
			err->status = APP_INVALID;
		return app_abort(ctx, c, err);
	}
	/* no certificate without a photo (domain.md §2.1): nothing is issued,
	 * naming everyone who lacks one */
	holders = arena_alloc(ctx->arena, (ntake + 1) * sizeof(*holders));
	for (size_t i = 0; rc == STORE_OK && i < ntake; i++) {
		rc = store_comp_promote_holder(c, ctx->arena, take[i]->person_id,
					       &holders[i]);
		if (rc == STORE_OK && !holders[i].has_photo)
			name_to(ctx, &who, take[i]->name);
	}
	if (rc == STORE_OK)
		rc = store_comp_events(c, ctx->arena, id, &events, &nevents);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (who) {
		rep->who = who;
		app_fail(err, APP_INVALID, "photo", "competition.promote.photos_missing");
		return app_abort(ctx, c, err);
	}
	/* the issuer's authorised scope covers each certificate: the event's
	 * occupation at the new level (as a plan's, plan.out_of_scope);
	 * refused naming whom it does not cover, nothing issued */
	{
		struct scope_entry *scope = NULL;
		size_t nscope = 0;

		if ((rc = store_scope_list(c, ctx->arena, institution_id, 1, &scope,
					   &nscope)))
			return app_finish(ctx, c, rc, err);
		for (size_t i = 0; i < ntake; i++) {
			bool covered = false;

			for (size_t e = 0; e < nevents; e++)
				for (size_t k = 0;
				     events[e].id == take[i]->event_id && k < nscope; k++)
					covered = covered ||
						  (!strcmp(scope[k].occupation_code,
							   events[e].occupation_code) &&
						   (scope[k].levels &
						    (1u << take[i]->promo.level)));
			if (!covered)
				name_to(ctx, &who, take[i]->name);
		}
		if (who) {
			rep->who = who;
			app_fail(err, APP_INVALID, "institution_id",
				 "competition.promote.out_of_scope");
			return app_abort(ctx, c, err);
		}
	}
	if (cert_public_base(ctx, c, &base, err) || !(sg = cert_signer(ctx, c, err)))
		return app_abort(ctx, c, err);
	numbers = json_array();
	for (size_t i = 0; i < ntake; i++) {
		const struct competition_event *ev = NULL;
		struct comp_promote_done *o = &rep->rows[rep->nrows++];

		for (size_t e = 0; e < nevents; e++)
			if (events[e].id == take[i]->event_id)
				ev = &events[e];
		memset(o, 0, sizeof(*o));
		o->entry_id = take[i]->entry_id;
		o->person_id = take[i]->person_id;
		o->name = take[i]->name;
		o->level = take[i]->promo.level;
		if (!ev) {
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
			break;
		}
		if (issue_one(ctx, c, sg, base, &comp, ev, take[i], &holders[i],
			      institution_id, &in, &no, today, now, o, err))
			break;
		json_array_append_new(numbers, json_string(o->number));
		rep->issued++;
	}
	if (rep->issued < ntake) {
		json_decref(numbers);
		memset(rep, 0, sizeof(*rep));
		return app_abort(ctx, c, err);
	}
	/* the certificates carry the institution's seal when it has one */
	{
		const unsigned char *seal;
		size_t seal_len;

		rc = cert_stamp_load(ctx, c, institution_id, &seal, &seal_len);
		if (rc == STORE_OK && seal)
			rc = app_audit(ctx, c, "seal.use", "institution",
				       app_idtext(ctx, institution_id), NULL,
				       app_json(ctx, "{s:s, s:s, s:I}", "document",
						"certificate.issue", "of",
						arena_printf(ctx->arena,
							     "competition %lld", id),
						"issued", (json_int_t)rep->issued));
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.promote", "competition",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:I, s:I, s:o, s:I}", "institution_id",
					(json_int_t)institution_id, "issued",
					(json_int_t)rep->issued, "numbers", numbers,
					"skipped", (json_int_t)rep->skipped));
	else
		json_decref(numbers);
	if (rc)
		memset(rep, 0, sizeof(*rep));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comp_promote_reject(struct app_ctx *ctx, long long id,
					long long entry_id, long long person_id,
					const char *reason, struct app_error *err)
{
	struct store_conn *c;
	struct competition comp;
	struct comp_promo_row *rows, *r = NULL;
	struct competition_promotion *d, p;
	size_t n = 0, nd = 0;
	char now[32];
	long long pid;
	enum store_err rc;

	if (!(c = decide_begin(ctx, id, &comp, &rows, &n, &d, &nd, err)))
		return err->status;
	for (size_t i = 0; i < n && !r; i++)
		if (rows[i].entry_id == entry_id && rows[i].person_id == person_id)
			r = &rows[i];
	if (!r) {
		app_fail(err, APP_INVALID, entry_id ? "person_id" : "entry_id",
			 "competition.promote.unknown");
		return app_abort(ctx, c, err);
	}
	if (decided(d, nd, entry_id, person_id)) {
		app_fail(err, APP_CONFLICT, NULL, "competition.promote.decided");
		return app_abort(ctx, c, err);
	}
	/* as a certificate change's reason: not blank, at most
	 * CERT_REASON_MAX characters */
	if (!reason || !*reason) {
		app_fail(err, APP_INVALID, "reason", "val.reason.required");
		return app_abort(ctx, c, err);
	}
	if (!cert_reason_ok(reason)) {
		app_fail(err, APP_INVALID, "reason", "val.reason");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&p, 0, sizeof(p));
	p.competition_id = id;
	p.event_id = r->event_id;
	p.entry_id = entry_id;
	p.person_id = person_id;
	p.from_level = r->current;
	p.to_level = r->promo.level;
	p.rule_index = r->promo.rule;
	p.outcome = comp_promo_name(r->promo.outcome);
	p.status = "rejected";
	p.reason = reason;
	p.decided_by = app_actor_name(ctx);
	p.decided_at = now;
	rc = store_comp_promotion_insert(c, &p, &pid);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.promote_reject", "competition",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:I, s:I, s:i, s:s}", "entry_id",
					(json_int_t)entry_id, "person_id",
					(json_int_t)person_id, "level", r->promo.level,
					"reason", reason));
	return app_finish(ctx, c, rc, err);
}
