/*
 * commendation_review.c - the review of a commendation campaign (issue 14,
 * schema 0030): its panel (commendation_reviewer), rounds and votes, the
 * tally written on the nominations, the notice's window and the public
 * notice's objections. SQL written once for both engines (db.h); no rule
 * is decided here (app/commendation_review.c decides).
 */
#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

static bool read_campaign(struct db_res *r, struct arena *a, void *out)
{
	struct comm_rev_campaign *x = out;

	x->id = db_ll(r, 0);
	x->year = (int)db_ll(r, 1);
	x->title = db_str(r, a, 2);
	x->status = db_str(r, a, 3);
	x->notice_days = (int)db_ll(r, 4);
	x->notice_start = db_str(r, a, 5);
	x->notice_end = db_str(r, a, 6);
	return true;
}

enum store_err store_comm_rev_campaign(struct store_conn *c, struct arena *a, long long id,
				       bool lock, struct comm_rev_campaign *out)
{
	struct db_arg arg = db_int(id);
	long long changed = 0;
	int rc;

	if (lock) {
		rc = db_exec(c,
			     "UPDATE commendation_campaign SET updated_at = updated_at "
			     "WHERE id = ?",
			     &arg, 1, &changed);
		if (rc)
			return rc;
		if (!changed)
			return STORE_NOT_FOUND;
	}
	return db_one(c,
		      "SELECT id, year, title, status, notice_days, notice_start, notice_end "
		      "FROM commendation_campaign WHERE id = ?",
		      &arg, 1, a, read_campaign, out);
}

enum store_err store_comm_rev_set_notice(struct store_conn *c, long long id,
					 const char *start, const char *end, const char *now)
{
	struct db_arg args[4] = {db_text(start), db_text(end), db_text(now), db_int(id)};

	return db_update_one(c,
			     "UPDATE commendation_campaign SET status = 'notice', "
			     "notice_start = ?, notice_end = ?, updated_at = ? WHERE id = ? "
			     "AND status = 'reviewing'",
			     args, 4);
}

static bool read_nomination(struct db_res *r, struct arena *a, void *out)
{
	struct comm_rev_nomination *x = out;

	x->id = db_ll(r, 0);
	x->campaign_id = db_ll(r, 1);
	x->category = db_str(r, a, 2);
	x->institution_id = db_ll(r, 3);
	x->person_id = db_ll(r, 4);
	x->nominated_by = db_ll(r, 5);
	x->status = db_str(r, a, 6);
	x->status_reason = db_str(r, a, 7);
	x->override_note = db_str(r, a, 8);
	x->has_rank = db_str(r, a, 9) != NULL;
	x->rank = db_ll(r, 9);
	x->has_score = db_str(r, a, 10) != NULL;
	x->score = db_ll(r, 10);
	x->institution_name = db_str(r, a, 11);
	x->person_name = db_str(r, a, 12);
	x->category_name = db_str(r, a, 13);
	x->category_name_en = db_str(r, a, 14);
	return true;
}

enum store_err store_comm_rev_nominations(struct store_conn *c, struct arena *a,
					  long long campaign_id,
					  struct comm_rev_nomination **items, size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(
		c,
		"SELECT n.id, n.campaign_id, n.category, n.institution_id, "
		"n.person_id, n.nominated_by, n.status, n.status_reason, "
		"n.override_note, n.rank, n.score, i.name, p.name, "
		"coalesce(cc.name, ''), coalesce(cc.name_en, '') FROM "
		"commendation_nomination n JOIN institution i ON i.id = "
		"n.institution_id LEFT JOIN person p ON p.id = n.person_id "
		"LEFT JOIN commendation_category cc ON cc.campaign_id = n.campaign_id AND cc.code = n.category WHERE "
		"n.campaign_id = ? ORDER BY coalesce(cc.position, 0), n.category, n.id",
		&arg, 1, a, sizeof(**items), read_nomination, (void **)items, n);
}

enum store_err store_comm_rev_nomination_tally(struct store_conn *c,
					       const struct comm_rev_nomination *x,
					       const char *now)
{
	struct db_arg args[6] = {
		db_text(x->status),
		x->has_rank ? db_int(x->rank) : db_text(NULL),
		x->has_score ? db_int(x->score) : db_text(NULL),
		db_text(nz(x->override_note)),
		db_text(now),
		db_int(x->id),
	};

	return db_update_one(c,
			     "UPDATE commendation_nomination SET status = ?, rank = ?, "
			     "score = ?, override_note = ?, updated_at = ? WHERE id = ?",
			     args, 6);
}

enum store_err store_comm_rev_nomination_drop(struct store_conn *c, long long id,
					      const char *reason, const char *now)
{
	struct db_arg args[3] = {db_text(reason), db_text(now), db_int(id)};

	return db_update_one(c,
			     "UPDATE commendation_nomination SET status = 'dropped', "
			     "status_reason = ?, updated_at = ? WHERE id = ? AND status = "
			     "'proposed'",
			     args, 3);
}

static bool read_reviewer(struct db_res *r, struct arena *a, void *out)
{
	struct comm_rev_reviewer *x = out;

	x->id = db_ll(r, 0);
	x->campaign_id = db_ll(r, 1);
	x->person_id = db_ll(r, 2);
	x->override_note = db_str(r, a, 3);
	x->overridden_by = db_str(r, a, 4);
	x->appointed_by = db_str(r, a, 5);
	x->appointed_at = db_str(r, a, 6);
	x->name = db_str(r, a, 7);
	return true;
}

enum store_err store_comm_rev_reviewers(struct store_conn *c, struct arena *a,
					long long campaign_id,
					struct comm_rev_reviewer **items, size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(c,
			  "SELECT r.id, r.campaign_id, r.person_id, r.override_note, "
			  "r.overridden_by, r.appointed_by, r.appointed_at, p.name FROM "
			  "commendation_reviewer r JOIN person p ON p.id = r.person_id WHERE "
			  "r.campaign_id = ? ORDER BY r.id",
			  &arg, 1, a, sizeof(**items), read_reviewer, (void **)items, n);
}

enum store_err store_comm_rev_reviewer_insert(struct store_conn *c,
					      const struct comm_rev_reviewer *r,
					      long long *id)
{
	struct db_arg args[6] = {
		db_int(r->campaign_id),        db_int(r->person_id),
		db_text(nz(r->override_note)), db_text(nz(r->overridden_by)),
		db_text(r->appointed_by),      db_text(r->appointed_at),
	};

	return db_insert_id(c,
			    "INSERT INTO commendation_reviewer (campaign_id, person_id, "
			    "override_note, overridden_by, appointed_by, appointed_at) VALUES "
			    "(?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 6, id);
}

enum store_err store_comm_rev_reviewer_delete(struct store_conn *c, long long campaign_id,
					      long long id)
{
	struct db_arg args[2] = {db_int(id), db_int(campaign_id)};

	return db_update_one(
		c, "DELETE FROM commendation_reviewer WHERE id = ? AND campaign_id = ?",
		args, 2);
}

static bool read_count(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_comm_rev_reviewer_votes(struct store_conn *c, long long reviewer_id,
					     long long *n)
{
	struct db_arg arg = db_int(reviewer_id);

	*n = 0;
	return db_one(c, "SELECT COUNT(*) FROM commendation_vote WHERE reviewer_id = ?",
		      &arg, 1, NULL, read_count, n);
}

static bool read_round(struct db_res *r, struct arena *a, void *out)
{
	struct comm_rev_round *x = out;

	x->id = db_ll(r, 0);
	x->campaign_id = db_ll(r, 1);
	x->seq = (int)db_ll(r, 2);
	x->method = db_str(r, a, 3);
	x->status = db_str(r, a, 4);
	x->opened_at = db_str(r, a, 5);
	x->closed_at = db_str(r, a, 6);
	return true;
}

enum store_err store_comm_rev_rounds(struct store_conn *c, struct arena *a,
				     long long campaign_id, struct comm_rev_round **items,
				     size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(c,
			  "SELECT id, campaign_id, seq, method, status, opened_at, closed_at "
			  "FROM commendation_round WHERE campaign_id = ? ORDER BY seq",
			  &arg, 1, a, sizeof(**items), read_round, (void **)items, n);
}

enum store_err store_comm_rev_round_insert(struct store_conn *c,
					   const struct comm_rev_round *r, long long *id)
{
	struct db_arg args[4] = {db_int(r->campaign_id), db_int(r->seq),
				 db_text(r->method), db_text(r->opened_at)};

	return db_insert_id(c,
			    "INSERT INTO commendation_round (campaign_id, seq, method, status, "
			    "opened_at) VALUES (?, ?, ?, 'open', ?) RETURNING id",
			    args, 4, id);
}

enum store_err store_comm_rev_round_close(struct store_conn *c, long long id, const char *now)
{
	struct db_arg args[2] = {db_text(now), db_int(id)};

	return db_update_one(c,
			     "UPDATE commendation_round SET status = 'closed', closed_at = ? "
			     "WHERE id = ? AND status = 'open'",
			     args, 2);
}

enum store_err store_comm_rev_tally_reset(struct store_conn *c, long long campaign_id,
					  const char *now, long long *n)
{
	struct db_arg args[2] = {db_text(now), db_int(campaign_id)};

	*n = 0;
	return db_exec(c,
		       "UPDATE commendation_nomination SET status = 'endorsed', rank = NULL, "
		       "score = NULL, override_note = '', updated_at = ? WHERE campaign_id = ? "
		       "AND status IN ('proposed', 'not_proposed')",
		       args, 2, n);
}

static bool read_vote(struct db_res *r, struct arena *a, void *out)
{
	struct comm_rev_vote *x = out;

	x->round_id = db_ll(r, 0);
	x->nomination_id = db_ll(r, 1);
	x->reviewer_id = db_ll(r, 2);
	x->value = (int)db_ll(r, 3);
	x->note = db_str(r, a, 4);
	x->entered_by = db_str(r, a, 5);
	x->entered_at = db_str(r, a, 6);
	return true;
}

enum store_err store_comm_rev_votes(struct store_conn *c, struct arena *a,
				    long long round_id, struct comm_rev_vote **items,
				    size_t *n)
{
	struct db_arg arg = db_int(round_id);

	return db_collect(c,
			  "SELECT round_id, nomination_id, reviewer_id, value, note, "
			  "entered_by, entered_at FROM commendation_vote WHERE round_id = ? "
			  "ORDER BY nomination_id, reviewer_id",
			  &arg, 1, a, sizeof(**items), read_vote, (void **)items, n);
}

enum store_err store_comm_rev_vote_put(struct store_conn *c, const struct comm_rev_vote *v)
{
	struct db_arg args[7] = {
		db_int(v->round_id),    db_int(v->nomination_id), db_int(v->reviewer_id),
		db_int(v->value),       db_text(nz(v->note)),     db_text(v->entered_by),
		db_text(v->entered_at),
	};

	return db_exec(
		c,
		"INSERT INTO commendation_vote (round_id, nomination_id, reviewer_id, "
		"value, note, entered_by, entered_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON "
		"CONFLICT (round_id, nomination_id, reviewer_id) DO UPDATE SET value = "
		"excluded.value, note = excluded.note, entered_by = excluded.entered_by, "
		"entered_at = excluded.entered_at",
		args, 7, NULL);
}

static bool read_objection(struct db_res *r, struct arena *a, void *out)
{
	struct comm_rev_objection *x = out;

	x->id = db_ll(r, 0);
	x->campaign_id = db_ll(r, 1);
	x->nomination_id = db_ll(r, 2);
	x->filer_name = db_str(r, a, 3);
	x->filer_contact = db_str(r, a, 4);
	x->body = db_str(r, a, 5);
	x->address = db_str(r, a, 6);
	x->filed_at = db_str(r, a, 7);
	x->status = db_str(r, a, 8);
	x->resolution = db_str(r, a, 9);
	x->resolved_by = db_str(r, a, 10);
	x->resolved_at = db_str(r, a, 11);
	return true;
}

#define OBJECTION_COLS \
	"SELECT id, campaign_id, nomination_id, filer_name, filer_contact, body, address, " \
	"filed_at, status, resolution, resolved_by, resolved_at FROM " \
	"commendation_objection "

enum store_err store_comm_rev_objections(struct store_conn *c, struct arena *a,
					 long long campaign_id,
					 struct comm_rev_objection **items, size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(c, OBJECTION_COLS "WHERE campaign_id = ? ORDER BY id", &arg, 1,
			  a, sizeof(**items), read_objection, (void **)items, n);
}

enum store_err store_comm_rev_objection_get(struct store_conn *c, struct arena *a,
					    long long id, struct comm_rev_objection *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, OBJECTION_COLS "WHERE id = ?", &arg, 1, a, read_objection, out);
}

enum store_err store_comm_rev_objection_insert(struct store_conn *c,
					       const struct comm_rev_objection *o,
					       long long *id)
{
	struct db_arg args[7] = {
		db_int(o->campaign_id), db_int(o->nomination_id),
		db_text(o->filer_name), db_text(o->filer_contact),
		db_text(o->body),       db_text(nz(o->address)),
		db_text(o->filed_at),
	};

	return db_insert_id(c,
			    "INSERT INTO commendation_objection (campaign_id, nomination_id, "
			    "filer_name, filer_contact, body, address, filed_at) VALUES (?, ?, "
			    "?, ?, ?, ?, ?) RETURNING id",
			    args, 7, id);
}

enum store_err store_comm_rev_objection_resolve(struct store_conn *c, long long id,
						const char *status, const char *resolution,
						const char *by, const char *now)
{
	struct db_arg args[5] = {db_text(status), db_text(resolution), db_text(by),
				 db_text(now), db_int(id)};

	return db_update_one(
		c,
		"UPDATE commendation_objection SET status = ?, resolution = ?, "
		"resolved_by = ?, resolved_at = ? WHERE id = ? AND status = 'open'",
		args, 5);
}

enum store_err store_comm_rev_objections_open(struct store_conn *c, long long campaign_id,
					      long long *n)
{
	struct db_arg arg = db_int(campaign_id);

	*n = 0;
	return db_one(c,
		      "SELECT COUNT(*) FROM commendation_objection WHERE campaign_id = ? AND "
		      "status = 'open'",
		      &arg, 1, NULL, read_count, n);
}

enum store_err store_comm_rev_quota(struct store_conn *c, long long campaign_id,
				    const char *category, long long *quota)
{
	struct db_arg args[2] = {db_int(campaign_id), db_text(category)};
	enum store_err rc;

	*quota = -1;
	rc = db_one(c,
		    "SELECT quota FROM commendation_quota WHERE campaign_id = ? AND "
		    "category = ? AND scope = 'all' AND scope_key = ''",
		    args, 2, NULL, read_count, quota);
	if (rc == STORE_NOT_FOUND)
		*quota = -1, rc = STORE_OK;
	return rc;
}
