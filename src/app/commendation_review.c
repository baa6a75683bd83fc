/*
 * commendation_review.c - the review of a commendation campaign (issue 14):
 * the panel, its rounds of scores or votes, the tally against the quotas,
 * the public notice of the proposed list and the objections to it.
 *
 * Who: the center (commendation.manage, a network-wide grant) appoints
 * and removes reviewers, opens and closes rounds, tallies, publishes the
 * notice and resolves objections; a reviewer (a person of the registry on
 * the panel, through the account linked to that person, as judges do)
 * enters their own scores, or the center enters them for a named reviewer
 * (audited with both). The public reads the notice and files objections
 * (rate-limited per address by the appeals' gate, app/score.c).
 *
 * Recusal is per nomination: a reviewer stands aside from a nomination of
 * an institution they belong to, or one above one of theirs unless it is
 * the center (the whole network is under it); the same of the nominating
 * institution when it is not the nominee's and is neither the center nor
 * a branch center (nominating and endorsing are then the hierarchy's
 * role, not an interest); or of a person they share an employer or a
 * declared relationship with (recusal_reason());
 * their score on it is refused naming the reason, unless their
 * appointment carried an override with its reason, given by an actor with
 * plan.supervise (as judges' are). A nominee never reviews themself.
 *
 * Rounds: every round covers the campaign's nominations under review
 * (endorsed, or already tallied as proposed / not_proposed); the tally
 * reads the last closed round. A score round: 0-100, the nomination's
 * score its mean in hundredths; a vote round: 1 for, 0 against, its score
 * the share of the reviewers eligible for it (not standing aside) voting
 * for, in hundredths of a percent. A round opens only with a panel and
 * closes only when every reviewer has scored every nomination they do not
 * stand aside from and every nomination has a score at all. Closing a
 * round voids an earlier tally (proposed / not_proposed back to endorsed),
 * so the notice can only publish a tally of the last closed round.
 * The tally's quota per category: the campaign's row of scope all, else
 * the rules' default.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/commendation.h"
#include "core/registry.h"

static enum app_status refuse(struct app_ctx *ctx, struct store_conn *c,
			      struct app_error *err, enum app_status st,
			      const char *field, const char *msg)
{
	app_fail(err, st, field, msg);
	return app_abort(ctx, c, err);
}

/* Under review: the nominations a round covers and the tally ranks. */
static bool reviewed(const char *status)
{
	return !strcmp(status, "endorsed") || !strcmp(status, "proposed") ||
	       !strcmp(status, "not_proposed");
}

/* The campaign (row locked when lock), refused unless in status (NULL:
 * any but decided; "*": any). */
static enum app_status load_campaign(struct app_ctx *ctx, struct store_conn *c,
				     long long id, bool lock, const char *status,
				     struct comm_rev_campaign *x, struct app_error *err)
{
	enum store_err rc = store_comm_rev_campaign(c, ctx->arena, id, lock, x);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "commendation.not_found");
	if (rc)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (status ? strcmp(status, "*") && strcmp(x->status, status)
		   : !strcmp(x->status, "decided"))
		return app_fail(err, APP_CONFLICT, "status", "commendation.review.status");
	return APP_OK;
}

/* Whether the person belongs to institution inst, or to one under it
 * when inst is not the center: the whole network is under the
 * center, so the center's subtree says nothing of an interest. */
static enum store_err member_of(struct app_ctx *ctx, struct store_conn *c,
				long long person_id, long long inst, bool *yes)
{
	long long insts[32], anc[64];
	size_t n = 0, na;
	struct institution top;
	bool under = false;
	enum store_err rc = store_person_institutions(c, person_id, insts, 32, &n);

	*yes = false;
	if (rc == STORE_OK) {
		rc = store_institution_get(c, ctx->arena, inst, &top);
		if (rc == STORE_NOT_FOUND)
			return STORE_OK;
		under = rc == STORE_OK && strcmp(top.type, "center");
	}
	for (size_t i = 0; rc == STORE_OK && i < n && !*yes; i++) {
		*yes = insts[i] == inst;
		if (*yes || !under)
			continue;
		rc = store_institution_ancestry(c, insts[i], anc, 64, &na);
		if (rc == STORE_NOT_FOUND)
			rc = STORE_OK, na = 0;
		for (size_t k = 0; rc == STORE_OK && k < na; k++)
			if (anc[k] == inst)
				*yes = true;
	}
	return rc;
}

/* Whether the nominator is a center or a branch center: nominating (or
 * endorsing) is then the hierarchy's role, not an interest. */
static enum store_err hierarchy(struct app_ctx *ctx, struct store_conn *c, long long inst,
				bool *yes)
{
	struct institution i;
	enum store_err rc = store_institution_get(c, ctx->arena, inst, &i);

	*yes = rc == STORE_OK &&
	       (!strcmp(i.type, "center") || !strcmp(i.type, "branch_center"));
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

/* Why reviewer person rev must stand aside from nomination x: a catalog
 * key, NULL when nothing stands in the way. */
static enum store_err recusal_for(struct app_ctx *ctx, struct store_conn *c,
				  const struct person *rev,
				  const struct comm_rev_nomination *x, const char **key)
{
	struct person p;
	const char *kind = NULL, *why;
	bool yes = false;
	enum store_err rc;

	*key = NULL;
	if (x->person_id == rev->id) {
		*key = "commendation.recusal.self";
		return STORE_OK;
	}
	rc = member_of(ctx, c, rev->id, x->institution_id, &yes);
	if (rc == STORE_OK && !yes && x->nominated_by != x->institution_id) {
		bool top = false;

		rc = hierarchy(ctx, c, x->nominated_by, &top);
		if (rc == STORE_OK && !top)
			rc = member_of(ctx, c, rev->id, x->nominated_by, &yes);
	}
	if (rc || yes) {
		*key = yes ? "commendation.recusal.institution" : NULL;
		return rc;
	}
	if (!x->person_id)
		return STORE_OK;
	rc = store_person_get(c, ctx->arena, x->person_id, &p);
	if (rc == STORE_OK)
		rc = store_relationship_between(c, ctx->arena, rev->id, p.id, &kind);
	if (rc)
		return rc;
	why = recusal_reason(rev->employer, rev->employer_credit_code, p.employer,
			     p.employer_credit_code, kind);
	if (why)
		*key = !strcmp(why, "recusal.employer")
			       ? "commendation.recusal.employer"
			       : "commendation.recusal.relationship";
	return STORE_OK;
}

/* Whether reviewer r stands aside for recusal key (NULL: none): a
 * recusal but one overridden at the appointment; never from oneself. */
static bool stands_aside(const struct comm_rev_reviewer *r, const char *key)
{
	return key && (!*r->override_note || !strcmp(key, "commendation.recusal.self"));
}

bool comm_reviewer_reads(struct app_ctx *ctx, struct store_conn *c, long long campaign_id,
			 long long nomination_id)
{
	struct comm_rev_reviewer *revs, *rev = NULL;
	struct comm_rev_nomination *noms, *nom = NULL;
	struct person who;
	const char *key = NULL;
	size_t nrevs = 0, nnoms = 0;

	if (!ctx->actor || !ctx->actor->person_id ||
	    store_comm_rev_reviewers(c, ctx->arena, campaign_id, &revs, &nrevs))
		return false;
	for (size_t i = 0; i < nrevs; i++)
		if (revs[i].person_id == ctx->actor->person_id)
			rev = &revs[i];
	if (!rev || store_comm_rev_nominations(c, ctx->arena, campaign_id, &noms, &nnoms))
		return false;
	for (size_t i = 0; i < nnoms; i++) /* reviewed, or past the review */
		if (noms[i].id == nomination_id && strcmp(noms[i].status, "submitted") &&
		    strcmp(noms[i].status, "returned") &&
		    strcmp(noms[i].status, "withdrawn"))
			nom = &noms[i];
	if (!nom || store_person_get(c, ctx->arena, rev->person_id, &who) ||
	    recusal_for(ctx, c, &who, nom, &key))
		return false;
	return !stands_aside(rev, key);
}

/* The recusal of every reviewer from every nomination (row-major,
 * nrev x nnoms), in the arena. */
static enum store_err recusals(struct app_ctx *ctx, struct store_conn *c,
			       const struct comm_rev_reviewer *revs, size_t nrev,
			       const struct comm_rev_nomination *noms, size_t nnoms,
			       const char ***out)
{
	const char **keys = arena_alloc(ctx->arena, (nrev * nnoms + 1) * sizeof(*keys));
	enum store_err rc = STORE_OK;

	for (size_t r = 0; rc == STORE_OK && r < nrev; r++) {
		struct person rev;

		rc = store_person_get(c, ctx->arena, revs[r].person_id, &rev);
		for (size_t k = 0; rc == STORE_OK && k < nnoms; k++) {
			keys[r * nnoms + k] = NULL;
			if (reviewed(noms[k].status))
				rc = recusal_for(ctx, c, &rev, &noms[k],
						 &keys[r * nnoms + k]);
		}
	}
	*out = keys;
	return rc;
}

static bool is_manager(struct app_ctx *ctx, struct store_conn *c)
{
	struct app_error e;

	return ctx->actor && app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, &e) == APP_OK;
}

enum app_status app_comm_review(struct app_ctx *ctx, long long id,
				struct comm_review *out, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	out->self = -1;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load_campaign(ctx, c, id, false, "*", &out->campaign, err)) {
		struct app_error e;

		app_read_done(ctx, c, STORE_OK, &e);
		return err->status;
	}
	out->manager = is_manager(ctx, c);
	rc = store_comm_rev_reviewers(c, ctx->arena, id, &out->reviewers, &out->nreviewers);
	for (size_t i = 0; rc == STORE_OK && i < out->nreviewers; i++)
		if (ctx->actor->person_id &&
		    out->reviewers[i].person_id == ctx->actor->person_id)
			out->self = (long)i;
	if (rc == STORE_OK && !out->manager && out->self < 0) {
		app_read_done(ctx, c, STORE_OK, err);
		return app_fail(err, APP_FORBIDDEN, NULL, "commendation.not_reviewer");
	}
	if (rc == STORE_OK)
		rc = store_comm_rev_rounds(c, ctx->arena, id, &out->rounds, &out->nrounds);
	if (rc == STORE_OK)
		rc = store_comm_rev_nominations(c, ctx->arena, id, &out->noms, &out->nnoms);
	if (rc == STORE_OK && out->nrounds)
		rc = store_comm_rev_votes(c, ctx->arena, out->rounds[out->nrounds - 1].id,
					  &out->votes, &out->nvotes);
	if (rc == STORE_OK)
		rc = recusals(ctx, c, out->reviewers, out->nreviewers, out->noms,
			      out->nnoms, &out->recusal);
	if (rc == STORE_OK) {
		struct app_error e;

		out->decision_refusal = comm_notice_clear(ctx, c, id, &e) ? e.msg : NULL;
	}
	if (rc == STORE_OK && out->manager)
		rc = store_comm_rev_objections(c, ctx->arena, id, &out->objections,
					       &out->nobjections);
	if (rc == STORE_OK && !out->manager) { /* a reviewer sees only their own votes */
		size_t k = 0;

		for (size_t i = 0; i < out->nvotes; i++)
			if (out->votes[i].reviewer_id == out->reviewers[out->self].id)
				out->votes[k++] = out->votes[i];
		out->nvotes = k;
	}
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_comm_reviewer_add(struct app_ctx *ctx, long long id,
				      long long person_id, const char *override_note,
				      long long *reviewer_id, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_reviewer r;
	struct person who;
	char now[32];
	enum store_err rc;

	*reviewer_id = 0;
	if (!override_note)
		override_note = "";
	if (str_utf8_len(override_note, strlen(override_note)) > 500)
		return app_fail(err, APP_INVALID, "override_note",
				"commendation.note.too_long");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err) ||
	    load_campaign(ctx, c, id, true, NULL, &x, err))
		return app_abort(ctx, c, err);
	if (!strcmp(x.status, "notice"))
		return refuse(ctx, c, err, APP_CONFLICT, "status",
			      "commendation.review.status");
	rc = person_id > 0 ? store_person_get(c, ctx->arena, person_id, &who)
			   : STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND)
		return refuse(ctx, c, err, APP_INVALID, "person_id",
			      "commendation.reviewer.person");
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (*override_note && !app_can(ctx, PERM_PLAN_SUPERVISE))
		return refuse(ctx, c, err, APP_FORBIDDEN, "override_note",
			      "recusal.override_needs_supervisor");
	time_now_iso(now, sizeof(now));
	memset(&r, 0, sizeof(r));
	r.campaign_id = id;
	r.person_id = person_id;
	r.override_note = override_note;
	r.overridden_by = *override_note ? app_actor_name(ctx) : "";
	r.appointed_by = app_actor_name(ctx);
	r.appointed_at = now;
	rc = store_comm_rev_reviewer_insert(c, &r, reviewer_id);
	if (rc == STORE_CONFLICT) {
		*reviewer_id = 0;
		return refuse(ctx, c, err, APP_CONFLICT, "person_id",
			      "commendation.reviewer.exists");
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.reviewer", "commendation",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s, s:s}", "reviewer_id",
					(json_int_t)*reviewer_id, "person_id",
					(json_int_t)person_id, "name", who.name,
					"override_note", override_note));
	if (rc)
		*reviewer_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comm_reviewer_remove(struct app_ctx *ctx, long long id,
					 long long reviewer_id, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	long long votes = 0;
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err) ||
	    load_campaign(ctx, c, id, true, NULL, &x, err))
		return app_abort(ctx, c, err);
	rc = store_comm_rev_reviewer_votes(c, reviewer_id, &votes);
	if (rc == STORE_OK && votes)
		return refuse(ctx, c, err, APP_CONFLICT, "reviewer_id",
			      "commendation.reviewer.scored");
	if (rc == STORE_OK)
		rc = store_comm_rev_reviewer_delete(c, id, reviewer_id);
	if (rc == STORE_NOT_FOUND)
		return refuse(ctx, c, err, APP_NOT_FOUND, "reviewer_id",
			      "commendation.reviewer.not_found");
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.reviewer", "commendation",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:I}", "reviewer_id", (json_int_t)reviewer_id),
			       app_json(ctx, "{s:b}", "removed", 1));
	return app_finish(ctx, c, rc, err);
}

/* The open round (NULL when none) and the last closed one. */
static void rounds_state(struct comm_rev_round *rs, size_t n,
			 struct comm_rev_round **open, struct comm_rev_round **closed)
{
	*open = *closed = NULL;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(rs[i].status, "open"))
			*open = &rs[i];
		else
			*closed = &rs[i];
	}
}

enum app_status app_comm_round_open(struct app_ctx *ctx, long long id, const char *method,
				    int *seq, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_round *rs, *open, *closed, r;
	struct comm_rev_nomination *noms;
	struct comm_rev_reviewer *revs;
	size_t nrs = 0, nnoms = 0, live = 0, nrevs = 0;
	long long rid;
	char now[32];
	enum store_err rc;

	*seq = 0;
	if (!method || (strcmp(method, "score") && strcmp(method, "vote")))
		return app_fail(err, APP_INVALID, "method", "commendation.round.method");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err) ||
	    load_campaign(ctx, c, id, true, "reviewing", &x, err))
		return app_abort(ctx, c, err);
	rc = store_comm_rev_rounds(c, ctx->arena, id, &rs, &nrs);
	if (rc == STORE_OK)
		rc = store_comm_rev_nominations(c, ctx->arena, id, &noms, &nnoms);
	if (rc == STORE_OK)
		rc = store_comm_rev_reviewers(c, ctx->arena, id, &revs, &nrevs);
	if (rc)
		return app_finish(ctx, c, rc, err);
	rounds_state(rs, nrs, &open, &closed);
	if (open)
		return refuse(ctx, c, err, APP_CONFLICT, "method",
			      "commendation.round.open_exists");
	if (!nrevs)
		return refuse(ctx, c, err, APP_CONFLICT, NULL,
			      "commendation.round.no_panel");
	for (size_t i = 0; i < nnoms; i++)
		live += reviewed(noms[i].status);
	if (!live)
		return refuse(ctx, c, err, APP_CONFLICT, NULL, "commendation.round.empty");
	time_now_iso(now, sizeof(now));
	memset(&r, 0, sizeof(r));
	r.campaign_id = id;
	r.seq = nrs ? rs[nrs - 1].seq + 1 : 1;
	r.method = method;
	r.opened_at = now;
	rc = store_comm_rev_round_insert(c, &r, &rid);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.round", "commendation",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:i, s:s, s:s}", "seq", r.seq, "method",
					method, "status", "open"));
	if (rc == STORE_OK)
		*seq = r.seq;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comm_round_close(struct app_ctx *ctx, long long id, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_round *rs, *open, *closed;
	struct comm_rev_nomination *noms;
	struct comm_rev_reviewer *revs;
	struct comm_rev_vote *votes;
	const char **keys;
	size_t nrs = 0, nnoms = 0, nrevs = 0, nvotes = 0;
	long long voided = 0;
	struct buf missing;
	char now[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err) ||
	    load_campaign(ctx, c, id, true, "reviewing", &x, err))
		return app_abort(ctx, c, err);
	rc = store_comm_rev_rounds(c, ctx->arena, id, &rs, &nrs);
	if (rc)
		return app_finish(ctx, c, rc, err);
	rounds_state(rs, nrs, &open, &closed);
	if (!open)
		return refuse(ctx, c, err, APP_CONFLICT, NULL,
			      "commendation.round.none_open");
	rc = store_comm_rev_nominations(c, ctx->arena, id, &noms, &nnoms);
	if (rc == STORE_OK)
		rc = store_comm_rev_reviewers(c, ctx->arena, id, &revs, &nrevs);
	if (rc == STORE_OK)
		rc = store_comm_rev_votes(c, ctx->arena, open->id, &votes, &nvotes);
	if (rc == STORE_OK)
		rc = recusals(ctx, c, revs, nrevs, noms, nnoms, &keys);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* who has not scored which: every reviewer, every nomination under
	 * review, but those a reviewer stands aside from (not overridden) */
	buf_init(&missing, 0);
	for (size_t r = 0; r < nrevs; r++) {
		bool named = false;

		for (size_t k = 0; k < nnoms; k++) {
			bool done = false;

			if (!reviewed(noms[k].status) ||
			    stands_aside(&revs[r], keys[r * nnoms + k]))
				continue;
			for (size_t v = 0; v < nvotes && !done; v++)
				done = votes[v].reviewer_id == revs[r].id &&
				       votes[v].nomination_id == noms[k].id;
			if (done)
				continue;
			buf_printf(&missing, "%s%s%s #%lld",
				   named         ? ""
				   : missing.len ? "; "
						 : "",
				   named ? "" : revs[r].name, named ? "," : ":",
				   noms[k].id);
			named = true;
		}
	}
	if (missing.len) {
		app_fail(err, APP_CONFLICT, NULL, "commendation.round.missing");
		err->detail = arena_strdup(ctx->arena, missing.data);
		buf_release(&missing);
		return app_abort(ctx, c, err);
	}
	/* a nomination every reviewer stands aside from has no score at all:
	 * the round cannot rank it (appoint a reviewer who may score it) */
	for (size_t k = 0; k < nnoms; k++) {
		bool any = false;

		for (size_t v = 0; v < nvotes && !any; v++)
			any = votes[v].nomination_id == noms[k].id;
		if (reviewed(noms[k].status) && !any)
			buf_printf(&missing, "%s#%lld", missing.len ? ", " : "", noms[k].id);
	}
	if (missing.len) {
		app_fail(err, APP_CONFLICT, NULL, "commendation.round.unscored");
		err->detail = arena_strdup(ctx->arena, missing.data);
		buf_release(&missing);
		return app_abort(ctx, c, err);
	}
	buf_release(&missing);
	time_now_iso(now, sizeof(now));
	rc = store_comm_rev_round_close(c, open->id, now);
	/* a tally of an earlier round is void: the notice waits on a new one */
	if (rc == STORE_OK)
		rc = store_comm_rev_tally_reset(c, id, now, &voided);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.round", "commendation",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:i, s:s, s:s, s:I, s:I}", "seq",
					open->seq, "method", open->method, "status",
					"closed", "votes", (json_int_t)nvotes,
					"tally_voided", (json_int_t)voided));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comm_vote(struct app_ctx *ctx, long long id, long long reviewer_id,
			      long long nomination_id, const char *value,
			      const char *note, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_round *rs, *open, *closed;
	struct comm_rev_nomination *noms, *nom = NULL;
	struct comm_rev_reviewer *revs, *rev = NULL;
	struct comm_rev_vote v;
	struct person who;
	const char *key = NULL;
	size_t nrs = 0, nnoms = 0, nrevs = 0;
	char now[32], *end;
	long val;
	bool manager;
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!note)
		note = "";
	if (str_utf8_len(note, strlen(note)) > 500)
		return app_fail(err, APP_INVALID, "note", "commendation.note.too_long");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* the campaign's row lock: a round cannot close under the vote */
	if (load_campaign(ctx, c, id, true, "reviewing", &x, err))
		return app_abort(ctx, c, err);
	manager = is_manager(ctx, c);
	rc = store_comm_rev_reviewers(c, ctx->arena, id, &revs, &nrevs);
	if (rc)
		return app_finish(ctx, c, rc, err);
	for (size_t i = 0; i < nrevs; i++)
		if (reviewer_id ? revs[i].id == reviewer_id
				: ctx->actor->person_id &&
					  revs[i].person_id == ctx->actor->person_id)
			rev = &revs[i];
	/* staff for a named reviewer; a reviewer only for themself */
	if (reviewer_id && !manager &&
	    !(rev && ctx->actor->person_id && rev->person_id == ctx->actor->person_id))
		return refuse(ctx, c, err, APP_FORBIDDEN, NULL, "commendation.not_reviewer");
	if (!rev)
		return refuse(ctx, c, err, reviewer_id ? APP_INVALID : APP_FORBIDDEN,
			      reviewer_id ? "reviewer_id" : NULL,
			      reviewer_id ? "commendation.reviewer.not_found"
					  : "commendation.not_reviewer");
	rc = store_comm_rev_rounds(c, ctx->arena, id, &rs, &nrs);
	if (rc == STORE_OK)
		rc = store_comm_rev_nominations(c, ctx->arena, id, &noms, &nnoms);
	if (rc)
		return app_finish(ctx, c, rc, err);
	rounds_state(rs, nrs, &open, &closed);
	if (!open)
		return refuse(ctx, c, err, APP_CONFLICT, NULL,
			      "commendation.round.none_open");
	for (size_t i = 0; i < nnoms; i++)
		if (noms[i].id == nomination_id && reviewed(noms[i].status))
			nom = &noms[i];
	if (!nom)
		return refuse(ctx, c, err, APP_INVALID, "nomination_id",
			      "commendation.vote.nomination");
	val = value && *value ? strtol(value, &end, 10) : -1;
	if (!value || !*value || *end ||
	    (!strcmp(open->method, "score") ? val < 0 || val > 100 : val < 0 || val > 1))
		return refuse(ctx, c, err, APP_INVALID, "value",
			      !strcmp(open->method, "score") ? "commendation.vote.score"
							     : "commendation.vote.vote");
	rc = store_person_get(c, ctx->arena, rev->person_id, &who);
	if (rc == STORE_OK)
		rc = recusal_for(ctx, c, &who, nom, &key);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (stands_aside(rev, key))
		return refuse(ctx, c, err, APP_CONFLICT, "value", key);
	time_now_iso(now, sizeof(now));
	memset(&v, 0, sizeof(v));
	v.round_id = open->id;
	v.nomination_id = nomination_id;
	v.reviewer_id = rev->id;
	v.value = (int)val;
	v.note = note;
	v.entered_by = app_actor_name(ctx);
	v.entered_at = now;
	rc = store_comm_rev_vote_put(c, &v);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.score", "commendation",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:i, s:I, s:I, s:s, s:i, s:s, s:s}", "seq",
					open->seq, "nomination_id",
					(json_int_t)nomination_id, "reviewer_id",
					(json_int_t)rev->id, "reviewer", who.name,
					"value", v.value, "entered_by", v.entered_by,
					"override", key ? rev->override_note : ""));
	return app_finish(ctx, c, rc, err);
}

/* The category's overall quota: the campaign's row of scope all, else the
 * rules' default (as nominations' quota_of(), app/commendation.c); -1
 * when neither gives a number (no row, no limit in the rules). */
static enum store_err overall_quota(struct app_ctx *ctx, struct store_conn *c,
				    long long id, const char *category, long long *quota)
{
	struct commendation_rules_row r;
	struct commend_doc doc;
	const struct commend_cat *cat;
	char perr[256];
	enum store_err rc = store_comm_rev_quota(c, id, category, quota);

	if (rc || *quota >= 0)
		return rc;
	rc = store_commend_rules_latest(c, ctx->arena, id, &r);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	if (rc == STORE_OK && !commend_parse(r.body, ctx->arena, &doc, perr, sizeof(perr)) &&
	    (cat = commend_cat_find(&doc, category)))
		*quota = cat->quota.n[COMMEND_SCOPE_ALL];
	return rc;
}

/* The nominations' order in the tally: score down, then id. */
static int by_score(const void *a, const void *b)
{
	const struct comm_rev_nomination *x = *(const struct comm_rev_nomination *const *)a;
	const struct comm_rev_nomination *y = *(const struct comm_rev_nomination *const *)b;
	long long sx = x->has_score ? x->score : -1, sy = y->has_score ? y->score : -1;

	if (sx != sy)
		return sx > sy ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static bool same_score(const struct comm_rev_nomination *x,
		       const struct comm_rev_nomination *y)
{
	return x->has_score == y->has_score && (!x->has_score || x->score == y->score);
}

enum app_status app_comm_tally(struct app_ctx *ctx, long long id,
			       const struct comm_override *ov, size_t nov,
			       const char *override_note, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_round *rs, *open, *last;
	struct comm_rev_nomination *noms, **cat;
	struct comm_rev_vote *votes;
	struct comm_rev_reviewer *revs;
	const char **keys;
	size_t nrs = 0, nnoms = 0, nvotes = 0, nrevs = 0;
	json_t *summary;
	char now[32];
	enum store_err rc;

	if (!override_note)
		override_note = "";
	if (nov && !*override_note)
		return app_fail(err, APP_INVALID, "override_note",
				"commendation.tally.override_note");
	if (str_utf8_len(override_note, strlen(override_note)) > 500)
		return app_fail(err, APP_INVALID, "override_note",
				"commendation.note.too_long");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err) ||
	    load_campaign(ctx, c, id, true, "reviewing", &x, err))
		return app_abort(ctx, c, err);
	rc = store_comm_rev_rounds(c, ctx->arena, id, &rs, &nrs);
	if (rc == STORE_OK)
		rc = store_comm_rev_nominations(c, ctx->arena, id, &noms, &nnoms);
	if (rc)
		return app_finish(ctx, c, rc, err);
	rounds_state(rs, nrs, &open, &last);
	if (open)
		return refuse(ctx, c, err, APP_CONFLICT, NULL,
			      "commendation.tally.round_open");
	if (!last)
		return refuse(ctx, c, err, APP_CONFLICT, NULL,
			      "commendation.tally.no_round");
	for (size_t o = 0; o < nov; o++) {
		bool found = false;

		for (size_t k = 0; k < nnoms; k++)
			found |= noms[k].id == ov[o].nomination_id &&
				 reviewed(noms[k].status);
		if (!found)
			return refuse(ctx, c, err, APP_INVALID, "overrides",
				      "commendation.tally.override_nomination");
	}
	rc = store_comm_rev_votes(c, ctx->arena, last->id, &votes, &nvotes);
	if (rc == STORE_OK)
		rc = store_comm_rev_reviewers(c, ctx->arena, id, &revs, &nrevs);
	if (rc == STORE_OK)
		rc = recusals(ctx, c, revs, nrevs, noms, nnoms, &keys);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* each nomination's score by the last closed round: a score round's
	 * mean in hundredths; a vote round's share of the reviewers eligible
	 * for it (those not standing aside) voting for, in hundredths of a
	 * percent (0-10000), so a recusal does not count against it */
	for (size_t k = 0; k < nnoms; k++) {
		long long sum = 0, cnt = 0, eligible = 0;

		for (size_t v = 0; v < nvotes; v++)
			if (votes[v].nomination_id == noms[k].id)
				sum += votes[v].value, cnt++;
		for (size_t r = 0; r < nrevs; r++)
			eligible += !stands_aside(&revs[r], keys[r * nnoms + k]);
		if (eligible < cnt)
			eligible = cnt;
		noms[k].has_score = cnt > 0;
		noms[k].score = !cnt ? 0
				: !strcmp(last->method, "vote")
					? (sum * 10000 + eligible / 2) / eligible
					: (sum * 100 + cnt / 2) / cnt;
		noms[k].override_note = "";
	}
	cat = arena_alloc(ctx->arena, (nnoms + 1) * sizeof(*cat));
	summary = json_array();
	time_now_iso(now, sizeof(now));
	for (size_t k = 0; rc == STORE_OK && k < nnoms; k++) {
		const char *category = noms[k].category, *cname;
		size_t n = 0, nin = 0, slots, taken = 0;
		long long quota = -1;
		bool first = true;

		if (!reviewed(noms[k].status))
			continue;
		for (size_t j = 0; j < k; j++) /* a category once */
			if (reviewed(noms[j].status) && !strcmp(noms[j].category, category))
				first = false;
		if (!first)
			continue;
		for (size_t j = k; j < nnoms; j++)
			if (reviewed(noms[j].status) && !strcmp(noms[j].category, category))
				cat[n++] = &noms[j];
		qsort(cat, n, sizeof(*cat), by_score);
		/* the category as the campaign's rules name it, for a refusal */
		cname = commend_cat_text(LANG_ZH, category, noms[k].category_name,
					 noms[k].category_name_en);
		rc = overall_quota(ctx, c, id, category, &quota);
		if (rc)
			break;
		if (quota < 0) {
			json_decref(summary);
			app_fail(err, APP_CONFLICT, NULL, "commendation.tally.no_quota");
			err->detail = cname;
			return app_abort(ctx, c, err);
		}
		/* overrides first: in or out, each with the reason */
		for (size_t i = 0; i < n; i++) {
			cat[i]->status = "";
			for (size_t o = 0; o < nov; o++)
				if (ov[o].nomination_id == cat[i]->id) {
					cat[i]->status = ov[o].proposed ? "proposed"
									: "not_proposed";
					cat[i]->override_note = override_note;
					nin += ov[o].proposed;
				}
		}
		if ((long long)nin > quota) {
			json_decref(summary);
			app_fail(err, APP_CONFLICT, "overrides",
				 "commendation.tally.over_quota");
			err->detail = cname;
			return app_abort(ctx, c, err);
		}
		slots = (size_t)quota - nin;
		/* the rest by rank; a tie across the boundary is refused */
		for (size_t i = 0; i < n; i++) {
			if (*cat[i]->status)
				continue;
			if (taken == slots) {
				cat[i]->status = "not_proposed";
				continue;
			}
			cat[i]->status = "proposed";
			taken++;
			if (taken == slots) {
				struct buf tied;
				bool tie = false;

				buf_init(&tied, 0);
				for (size_t j = i + 1; j < n; j++)
					if (!*cat[j]->status && same_score(cat[i], cat[j]))
						tie = true;
				for (size_t j = 0; tie && j < n; j++)
					if ((j <= i || !*cat[j]->status) &&
					    !cat[j]->override_note[0] &&
					    same_score(cat[i], cat[j]))
						buf_printf(&tied, "%s#%lld",
							   tied.len ? ", " : "",
							   cat[j]->id);
				if (tie) {
					json_decref(summary);
					app_fail(err, APP_CONFLICT, "overrides",
						 "commendation.tally.tie");
					err->detail = arena_printf(ctx->arena, "%s: %s",
								   cname, tied.data);
					buf_release(&tied);
					return app_abort(ctx, c, err);
				}
				buf_release(&tied);
			}
		}
		/* ranks: ties share one */
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			cat[i]->has_rank = true;
			cat[i]->rank = i && same_score(cat[i], cat[i - 1])
					       ? cat[i - 1]->rank
					       : (long long)i + 1;
			rc = store_comm_rev_nomination_tally(c, cat[i], now);
			json_array_append_new(
				summary,
				json_pack("{s:I, s:s, s:I, s:o, s:s}", "nomination_id",
					  (json_int_t)cat[i]->id, "category", category,
					  "rank", (json_int_t)cat[i]->rank, "score",
					  cat[i]->has_score ? json_integer(cat[i]->score)
							    : json_null(),
					  "status", cat[i]->status));
			if (rc == STORE_OK && *cat[i]->override_note)
				rc = app_audit(ctx, c, "commendation.override",
					       "commendation", app_idtext(ctx, id), NULL,
					       app_json(ctx, "{s:I, s:s, s:s}",
							"nomination_id",
							(json_int_t)cat[i]->id, "status",
							cat[i]->status, "override_note",
							override_note));
		}
	}
	if (rc == STORE_OK) {
		char *text = json_dumps(summary, JSON_COMPACT);

		rc = app_audit(ctx, c, "commendation.tally", "commendation",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:i, s:s, s:s}", "seq", last->seq, "method",
					last->method, "result", text ? text : "[]"));
		free(text);
	}
	json_decref(summary);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comm_notice(struct app_ctx *ctx, long long id, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_round *rs, *open, *last;
	struct comm_rev_nomination *noms;
	size_t nrs = 0, nnoms = 0, proposed = 0;
	bool untallied = false;
	char start[11], end[11], now[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_COMMEND_MANAGE, 0, err) ||
	    load_campaign(ctx, c, id, true, "reviewing", &x, err))
		return app_abort(ctx, c, err);
	rc = store_comm_rev_rounds(c, ctx->arena, id, &rs, &nrs);
	if (rc == STORE_OK)
		rc = store_comm_rev_nominations(c, ctx->arena, id, &noms, &nnoms);
	if (rc)
		return app_finish(ctx, c, rc, err);
	rounds_state(rs, nrs, &open, &last);
	for (size_t k = 0; k < nnoms; k++) {
		untallied |= !strcmp(noms[k].status, "endorsed");
		proposed += !strcmp(noms[k].status, "proposed");
	}
	if (open || untallied || !proposed)
		return refuse(ctx, c, err, APP_CONFLICT, NULL,
			      "commendation.notice.untallied");
	/* the notice's window as the other notices': from today, notice_days
	 * days with the first counted */
	time_today(start, sizeof(start));
	if (!date_add_days(start, (x.notice_days > 0 ? x.notice_days : 5) - 1, end))
		return refuse(ctx, c, err, APP_INTERNAL, NULL, "err.internal");
	time_now_iso(now, sizeof(now));
	rc = store_comm_rev_set_notice(c, id, start, end, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "commendation.notice", "commendation",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", "reviewing"),
			       app_json(ctx, "{s:s, s:s, s:s, s:I}", "status", "notice",
					"notice_start", start, "notice_end", end,
					"proposed", (json_int_t)proposed));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comm_notice_list(struct app_ctx *ctx, long long id,
				     struct comm_rev_campaign *campaign,
				     struct comm_notice_item **items, size_t *n,
				     struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_nomination *noms;
	size_t nnoms = 0, k = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_comm_rev_campaign(c, ctx->arena, id, false, campaign);
	if (rc == STORE_OK && strcmp(campaign->status, "notice") &&
	    strcmp(campaign->status, "decided"))
		rc = STORE_NOT_FOUND; /* no notice yet: nothing public */
	if (rc == STORE_OK)
		rc = store_comm_rev_nominations(c, ctx->arena, id, &noms, &nnoms);
	if (rc == STORE_NOT_FOUND) {
		app_read_done(ctx, c, STORE_OK, err);
		return app_fail(err, APP_NOT_FOUND, NULL, "commendation.not_found");
	}
	if (rc == STORE_OK && nnoms)
		*items = arena_alloc(ctx->arena, nnoms * sizeof(**items));
	for (size_t i = 0; rc == STORE_OK && i < nnoms; i++) {
		struct comm_notice_item *it;
		char masked[128];

		if (strcmp(noms[i].status, "proposed") &&
		    strcmp(noms[i].status, "commended"))
			continue;
		it = &(*items)[k++];
		it->nomination_id = noms[i].id;
		it->category = noms[i].category;
		it->category_name = noms[i].category_name;
		it->category_name_en = noms[i].category_name_en;
		it->kind = noms[i].person_id ? "person" : "collective";
		it->institution = noms[i].institution_name;
		if (noms[i].person_id) {
			name_mask(noms[i].person_name ? noms[i].person_name : "", masked,
				  sizeof(masked));
			it->nominee = arena_strdup(ctx->arena, masked);
		} else {
			it->nominee = noms[i].institution_name;
		}
	}
	*n = k;
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_comm_objection_file(struct app_ctx *ctx, long long id,
					long long nomination_id, const char *name,
					const char *contact, const char *body,
					long long *oid, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_nomination *noms;
	struct comm_rev_objection o;
	struct appeal_gate g;
	size_t nnoms = 0;
	bool listed = false;
	char today[11], now[32];
	enum store_err rc;

	*oid = 0;
	if (app_appeal_begin(ctx, name, contact, body, &c, &g, err))
		return err->status;
	rc = store_comm_rev_campaign(c, ctx->arena, id, false, &x);
	if (rc == STORE_NOT_FOUND)
		return refuse(ctx, c, err, APP_NOT_FOUND, NULL, "commendation.not_found");
	if (rc)
		return app_finish(ctx, c, rc, err);
	time_today(today, sizeof(today));
	if (app_appeal_open(ctx, c,
			    !strcmp(x.status, "notice") && x.notice_start &&
				    strcmp(today, x.notice_start) >= 0,
			    x.notice_end, err))
		return err->status;
	rc = store_comm_rev_nominations(c, ctx->arena, id, &noms, &nnoms);
	for (size_t i = 0; rc == STORE_OK && i < nnoms; i++)
		listed |= noms[i].id == nomination_id &&
			  !strcmp(noms[i].status, "proposed");
	if (rc == STORE_OK && !listed)
		return refuse(ctx, c, err, APP_INVALID, "nomination_id",
			      "commendation.objection.not_listed");
	time_now_iso(now, sizeof(now));
	memset(&o, 0, sizeof(o));
	o.campaign_id = id;
	o.nomination_id = nomination_id;
	o.filer_name = name;
	o.filer_contact = contact;
	o.body = body;
	o.address = ctx->address;
	o.filed_at = now;
	if (rc == STORE_OK)
		rc = store_comm_rev_objection_insert(c, &o, oid);
	return app_appeal_end(ctx, c, "commendation.objection", "commendation", id, &g,
			      rc, oid, err);
}

enum app_status app_comm_objection_resolve(struct app_ctx *ctx, long long id,
					   long long oid, bool upheld,
					   const char *resolution, struct app_error *err)
{
	struct store_conn *c;
	struct comm_rev_campaign x;
	struct comm_rev_objection o;
	char now[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_appeal_resolving(ctx, c, PERM_COMMEND_MANAGE, 0, resolution, err))
		return err->status;
	if (load_campaign(ctx, c, id, true, "notice", &x, err))
		return app_abort(ctx, c, err);
	rc = store_comm_rev_objection_get(c, ctx->arena, oid, &o);
	if (rc == STORE_OK && o.campaign_id != id)
		rc = STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND)
		return refuse(ctx, c, err, APP_NOT_FOUND, NULL,
			      "commendation.objection.not_found");
	if (rc == STORE_OK && strcmp(o.status, "open"))
		return refuse(ctx, c, err, APP_CONFLICT, NULL,
			      "commendation.objection.resolved");
	time_now_iso(now, sizeof(now));
	if (rc == STORE_OK)
		rc = store_comm_rev_objection_resolve(c, oid,
						      upheld ? "upheld" : "dismissed",
						      resolution, app_actor_name(ctx), now);
	if (rc == STORE_OK && upheld) {
		rc = store_comm_rev_nomination_drop(c, o.nomination_id, resolution, now);
		if (rc == STORE_NOT_FOUND) /* dropped by an earlier objection */
			rc = STORE_OK;
		if (rc == STORE_OK)
			rc = app_audit(ctx, c, "commendation.objection_resolve",
				       "commendation", app_idtext(ctx, id), NULL,
				       app_json(ctx, "{s:I, s:s}", "dropped",
						(json_int_t)o.nomination_id,
						"status_reason", resolution));
		if (rc)
			return app_finish(ctx, c, rc, err);
	}
	return app_appeal_resolved(ctx, c, "commendation.objection_resolve",
				   "commendation", id, rc, oid, resolution, err);
}

enum app_status comm_notice_clear(struct app_ctx *ctx, struct store_conn *c,
				  long long campaign_id, struct app_error *err)
{
	struct comm_rev_campaign x;
	long long open = 0;
	char today[11];
	enum store_err rc = store_comm_rev_campaign(c, ctx->arena, campaign_id, false, &x);

	if (rc == STORE_OK && (strcmp(x.status, "notice") || !x.notice_end))
		return app_fail(err, APP_CONFLICT, "status", "commendation.review.status");
	time_today(today, sizeof(today));
	if (rc == STORE_OK && strcmp(today, x.notice_end) <= 0)
		return app_fail(err, APP_CONFLICT, NULL, "commendation.notice_running");
	if (rc == STORE_OK)
		rc = store_comm_rev_objections_open(c, campaign_id, &open);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "commendation.not_found");
	if (rc)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (open)
		return app_fail(err, APP_CONFLICT, NULL, "commendation.objections_open");
	return APP_OK;
}
