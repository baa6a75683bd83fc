/*
 * score.c - score entries, locked component results, corrections, results
 * and appeals. SQL written once for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

static struct db_arg tenths_arg(int t) { return t < 0 ? db_text(NULL) : db_int(t); }

static int tenths_of(struct db_res *r, int i)
{
	const char *v = r->conn->eng->col(r, i);

	return v ? (int)db_ll(r, i) : -1;
}

enum store_err store_score_put(struct store_conn *c, const struct score_row *s)
{
	struct db_arg args[8] = {
		db_int(s->enrolment_id), db_text(s->component),  db_int(s->assessor_id),
		tenths_arg(s->tenths),   db_text(s->status),     db_text(nz(s->reason)),
		db_text(s->entered_by),  db_text(s->entered_at),
	};

	return db_exec(c,
		       "INSERT INTO score_entry (enrolment_id, component, assessor_id, "
		       "tenths, status, reason, entered_by, entered_at) VALUES "
		       "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (enrolment_id, component, "
		       "assessor_id) DO UPDATE SET tenths = excluded.tenths, "
		       "status = excluded.status, reason = excluded.reason, "
		       "entered_by = excluded.entered_by, entered_at = excluded.entered_at",
		       args, 8, NULL);
}

static bool read_score(struct db_res *r, struct arena *a, void *out)
{
	struct score_row *s = out;

	s->enrolment_id = db_ll(r, 0);
	s->component = db_str(r, a, 1);
	s->assessor_id = db_ll(r, 2);
	s->tenths = tenths_of(r, 3);
	s->status = db_str(r, a, 4);
	s->reason = db_str(r, a, 5);
	s->entered_by = db_str(r, a, 6);
	s->entered_at = db_str(r, a, 7);
	return true;
}

enum store_err store_score_insert_new(struct store_conn *c, const struct score_row *s,
				      bool *inserted)
{
	struct db_arg args[8] = {
		db_int(s->enrolment_id), db_text(s->component),  db_int(s->assessor_id),
		tenths_arg(s->tenths),   db_text(s->status),     db_text(nz(s->reason)),
		db_text(s->entered_by),  db_text(s->entered_at),
	};
	long long changed = 0;
	int rc = db_exec(c,
			 "INSERT INTO score_entry (enrolment_id, component, assessor_id, "
			 "tenths, status, reason, entered_by, entered_at) VALUES "
			 "(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (enrolment_id, component, "
			 "assessor_id) DO NOTHING",
			 args, 8, &changed);

	*inserted = changed > 0;
	return rc;
}

enum store_err store_score_get(struct store_conn *c, struct arena *a,
			       long long enrolment_id, const char *component,
			       long long assessor_id, struct score_row *out)
{
	struct db_arg args[3] = {db_int(enrolment_id), db_text(component),
				 db_int(assessor_id)};

	return db_one(c,
		      "SELECT enrolment_id, component, assessor_id, tenths, "
		      "status, reason, entered_by, entered_at FROM score_entry "
		      "WHERE enrolment_id = ? AND component = ? AND assessor_id = ?",
		      args, 3, a, read_score, out);
}

enum store_err store_scores_of(struct store_conn *c, struct arena *a, long long enrolment_id,
			       const char *component, struct score_row **items, size_t *n)
{
	struct db_arg args[3] = {db_int(enrolment_id), db_text(nz(component)),
				 db_text(nz(component))};

	return db_collect(c,
			  "SELECT enrolment_id, component, assessor_id, tenths, "
			  "status, reason, entered_by, entered_at FROM score_entry "
			  "WHERE enrolment_id = ? AND (? = '' OR component = ?) "
			  "ORDER BY component, assessor_id",
			  args, 3, a, sizeof(**items), read_score, (void **)items, n);
}

enum store_err store_scores_of_plan(struct store_conn *c, struct arena *a,
				    long long plan_id, struct score_row **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT s.enrolment_id, s.component, s.assessor_id, "
			  "s.tenths, s.status, s.reason, s.entered_by, s.entered_at "
			  "FROM score_entry s JOIN enrolment e ON e.id = s.enrolment_id "
			  "WHERE e.plan_id = ? ORDER BY s.enrolment_id, s.component, "
			  "s.assessor_id",
			  &arg, 1, a, sizeof(**items), read_score, (void **)items, n);
}

static bool read_component(struct db_res *r, struct arena *a, void *out)
{
	struct component_row *m = out;

	m->enrolment_id = db_ll(r, 0);
	m->component = db_str(r, a, 1);
	m->tenths = tenths_of(r, 2);
	m->status = db_str(r, a, 3);
	m->reason = db_str(r, a, 4);
	m->moderation_note = db_str(r, a, 5);
	m->submitted_by = db_str(r, a, 6);
	m->submitted_at = db_str(r, a, 7);
	return true;
}

#define COMPONENT_COLS \
	"m.enrolment_id, m.component, m.tenths, m.status, m.reason, " \
	"m.moderation_note, m.submitted_by, m.submitted_at"

enum store_err store_component_get(struct store_conn *c, struct arena *a,
				   long long enrolment_id, const char *component,
				   struct component_row *out)
{
	struct db_arg args[2] = {db_int(enrolment_id), db_text(component)};

	return db_one(c,
		      "SELECT " COMPONENT_COLS " FROM component_result m WHERE "
		      "m.enrolment_id = ? AND m.component = ?",
		      args, 2, a, read_component, out);
}

enum store_err store_components_of_plan(struct store_conn *c, struct arena *a,
					long long plan_id, struct component_row **items,
					size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT " COMPONENT_COLS " FROM component_result m JOIN "
			  "enrolment e ON e.id = m.enrolment_id WHERE e.plan_id = ? "
			  "ORDER BY m.enrolment_id, m.component",
			  &arg, 1, a, sizeof(**items), read_component, (void **)items, n);
}

enum store_err store_component_put(struct store_conn *c, const struct component_row *m,
				   bool replace)
{
	struct db_arg args[8] = {
		db_int(m->enrolment_id),  db_text(m->component),
		tenths_arg(m->tenths),    db_text(m->status),
		db_text(nz(m->reason)),   db_text(nz(m->moderation_note)),
		db_text(m->submitted_by), db_text(m->submitted_at),
	};

	/* only a correction replaces a locked component */
	if (replace)
		return db_exec(c,
			       "INSERT INTO component_result (enrolment_id, component, "
			       "tenths, status, reason, moderation_note, submitted_by, "
			       "submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
			       "(enrolment_id, component) DO UPDATE SET tenths = "
			       "excluded.tenths, status = excluded.status, reason = "
			       "excluded.reason, submitted_by = excluded.submitted_by, "
			       "submitted_at = excluded.submitted_at",
			       args, 8, NULL);
	return db_exec(c,
		       "INSERT INTO component_result (enrolment_id, component, tenths, "
		       "status, reason, moderation_note, submitted_by, submitted_at) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       args, 8, NULL);
}

enum store_err store_component_put_new(struct store_conn *c,
				       const struct component_row *m, bool *inserted)
{
	struct db_arg args[8] = {
		db_int(m->enrolment_id),  db_text(m->component),
		tenths_arg(m->tenths),    db_text(m->status),
		db_text(nz(m->reason)),   db_text(nz(m->moderation_note)),
		db_text(m->submitted_by), db_text(m->submitted_at),
	};
	long long changes = 0;
	enum store_err rc =
		db_exec(c,
			"INSERT INTO component_result (enrolment_id, component, "
			"tenths, status, reason, moderation_note, submitted_by, "
			"submitted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT "
			"(enrolment_id, component) DO NOTHING",
			args, 8, &changes);

	*inserted = rc == STORE_OK && changes > 0;
	return rc;
}

enum store_err store_result_put(struct store_conn *c, long long enrolment_id,
				const char *outcome, const char *detail, const char *when)
{
	struct db_arg args[4] = {db_int(enrolment_id), db_text(outcome),
				 db_text(nz(detail)), db_text(when)};

	return db_exec(c,
		       "INSERT INTO result (enrolment_id, outcome, detail, decided_at) "
		       "VALUES (?, ?, ?, ?) ON CONFLICT (enrolment_id) DO UPDATE SET "
		       "outcome = excluded.outcome, detail = excluded.detail, "
		       "decided_at = excluded.decided_at",
		       args, 4, NULL);
}

static bool read_result(struct db_res *r, struct arena *a, void *out)
{
	struct result_row *x = out;

	x->enrolment_id = db_ll(r, 0);
	x->person_id = db_ll(r, 1);
	x->outcome = db_str(r, a, 2);
	x->detail = db_str(r, a, 3);
	x->decided_at = db_str(r, a, 4);
	x->person_name = db_str(r, a, 5);
	x->person_masked_id = db_str(r, a, 6);
	return true;
}

enum store_err store_results_of_plan(struct store_conn *c, struct arena *a,
				     long long plan_id, struct result_row **items,
				     size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT x.enrolment_id, e.person_id, x.outcome, x.detail, "
			  "x.decided_at, p.name, p.id_masked FROM result x JOIN "
			  "enrolment e ON e.id = x.enrolment_id JOIN person p ON "
			  "p.id = e.person_id WHERE e.plan_id = ? ORDER BY e.id",
			  &arg, 1, a, sizeof(**items), read_result, (void **)items, n);
}

enum store_err store_plan_set_notice(struct store_conn *c, long long id,
				     const char *start, const char *end)
{
	struct db_arg args[3] = {db_text(start), db_text(end), db_int(id)};

	return db_exec(c, "UPDATE plan SET notice_start = ?, notice_end = ? WHERE id = ?",
		       args, 3, NULL);
}

/* ---- corrections ---- */

static bool read_correction(struct db_res *r, struct arena *a, void *out)
{
	struct score_correction_row *k = out;

	k->id = db_ll(r, 0);
	k->enrolment_id = db_ll(r, 1);
	k->component = db_str(r, a, 2);
	k->assessor_id = db_ll(r, 3);
	k->new_tenths = tenths_of(r, 4);
	k->new_status = db_str(r, a, 5);
	k->reason = db_str(r, a, 6);
	k->status = db_str(r, a, 7);
	k->requested_by = db_str(r, a, 8);
	k->requested_at = db_str(r, a, 9);
	k->decided_by = db_str(r, a, 10);
	k->decided_at = db_str(r, a, 11);
	k->decision_note = db_str(r, a, 12);
	k->plan_id = db_ll(r, 13);
	return true;
}

#define CORR_COLS \
	"k.id, k.enrolment_id, k.component, k.assessor_id, k.new_tenths, " \
	"k.new_status, k.reason, k.status, k.requested_by, k.requested_at, " \
	"k.decided_by, k.decided_at, k.decision_note, e.plan_id"

enum store_err store_correction_insert(struct store_conn *c,
				       const struct score_correction_row *k, long long *id)
{
	struct db_arg args[8] = {
		db_int(k->enrolment_id),  db_text(k->component),
		db_int(k->assessor_id),   tenths_arg(k->new_tenths),
		db_text(k->new_status),   db_text(k->reason),
		db_text(k->requested_by), db_text(k->requested_at),
	};
	return db_insert_id(c,
			    "INSERT INTO score_correction (enrolment_id, component, "
			    "assessor_id, new_tenths, new_status, reason, requested_by, "
			    "requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 8, id);
}

enum store_err store_correction_get(struct store_conn *c, struct arena *a, long long id,
				    struct score_correction_row *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c,
		      "SELECT " CORR_COLS " FROM score_correction k JOIN enrolment e "
		      "ON e.id = k.enrolment_id WHERE k.id = ?",
		      &arg, 1, a, read_correction, out);
}

enum store_err store_corrections_of_plan(struct store_conn *c, struct arena *a,
					 long long plan_id,
					 struct score_correction_row **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT " CORR_COLS " FROM score_correction k JOIN enrolment e "
			  "ON e.id = k.enrolment_id WHERE e.plan_id = ? ORDER BY k.id",
			  &arg, 1, a, sizeof(**items), read_correction, (void **)items, n);
}

enum store_err store_correction_decide(struct store_conn *c, long long id,
				       const char *status, const char *by,
				       const char *when, const char *note)
{
	struct db_arg args[5] = {db_text(status), db_text(by), db_text(when),
				 db_text(nz(note)), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE score_correction SET status = ?, decided_by = ?, "
			 "decided_at = ?, decision_note = ? WHERE id = ? AND "
			 "status = 'pending'",
			 args, 5, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- appeals ---- */

enum store_err store_appeal_insert(struct store_conn *c, const struct appeal_row *x,
				   const char *address, long long *id)
{
	struct db_arg args[6] = {db_int(x->plan_id),   db_text(x->name),
				 db_text(x->contact),  db_text(x->body),
				 db_text(x->filed_at), db_text(nz(address))};
	return db_insert_id(c,
			    "INSERT INTO appeal (plan_id, name, contact, body, filed_at, "
			    "address) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 6, id);
}

static bool read_appeal(struct db_res *r, struct arena *a, void *out)
{
	struct appeal_row *x = out;

	x->id = db_ll(r, 0);
	x->plan_id = db_ll(r, 1);
	x->name = db_str(r, a, 2);
	x->contact = db_str(r, a, 3);
	x->body = db_str(r, a, 4);
	x->filed_at = db_str(r, a, 5);
	x->status = db_str(r, a, 6);
	x->resolution = db_str(r, a, 7);
	return true;
}

enum store_err store_appeals_of_plan(struct store_conn *c, struct arena *a,
				     long long plan_id, struct appeal_row **items,
				     size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT id, plan_id, name, contact, body, filed_at, status, "
			  "resolution FROM appeal WHERE plan_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_appeal, (void **)items, n);
}

enum store_err store_appeal_resolve(struct store_conn *c, long long plan_id, long long id,
				    const char *resolution, const char *when)
{
	struct db_arg args[4] = {db_text(resolution), db_text(when), db_int(id),
				 db_int(plan_id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE appeal SET status = 'resolved', resolution = ?, "
			 "resolved_at = ? WHERE id = ? AND plan_id = ? AND "
			 "status = 'open'",
			 args, 4, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}
