/*
 * figures.c - the registry's figures of one institution or one person in
 * one year (issue 14, nominations; issue 16 will read them too). Counts
 * only, every one defined in docs/commendations.md "Figures"; the year of
 * a plan is the year of its first exam date (theory, else practical, else
 * review). Read only; SQL written once for both engines (db.h).
 */
#include <stdio.h>

#include "store/db.h"

/* the plans of institution ? held in year ? (not a draft) */
#define PLAN_YEAR \
	"p.institution_id = ? AND p.status <> 'draft' AND substr(COALESCE(p.theory_on, " \
	"p.practical_on, p.review_on, p.created_at), 1, 4) = ?"
/* an enrolment that sat: a result other than absent or withdrawn */
/* the inspections of institution ? made in year ? */
#define INSP_YEAR "i.institution_id = ? AND substr(i.inspected_on, 1, 4) = ?"
#define SAT "r.outcome NOT IN ('absent', 'withdrawn')"

static bool read_counts(struct db_res *r, struct arena *a, void *out)
{
	long long *v = out;

	(void)a;
	for (int i = 0; i < FIGURES_STORE_MAX; i++)
		v[i] = db_ll(r, i);
	return true;
}

static bool read_ll(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

static bool read_filed(struct db_res *r, struct arena *a, void *out)
{
	struct figures_filed *f = out;

	f->issued_on = db_str(r, a, 0);
	f->submitted_at = db_str(r, a, 1);
	return true;
}

static bool read_role(struct db_res *r, struct arena *a, void *out)
{
	struct figures_role *x = out;

	x->role = db_str(r, a, 0);
	x->plans = db_ll(r, 1);
	return true;
}

enum store_err store_figures_institution(struct store_conn *c, struct arena *a,
					 long long institution_id, int year,
					 const char *today, struct figures_store *out)
{
	char y[12];
	long long v[FIGURES_STORE_MAX] = {0};
	struct db_arg args[11];
	int rc;

	snprintf(y, sizeof(y), "%04d", year);
	for (int i = 0; i < 10; i += 2) {
		args[i] = db_int(institution_id);
		args[i + 1] = db_text(y);
	}
	rc = db_one(
		c,
		"SELECT (SELECT COUNT(*) FROM plan p WHERE " PLAN_YEAR "), "
		"(SELECT COUNT(*) FROM enrolment e JOIN plan p ON p.id = e.plan_id JOIN "
		"result r ON r.enrolment_id = e.id WHERE " PLAN_YEAR " AND " SAT "), "
		"(SELECT COUNT(*) FROM enrolment e JOIN plan p ON p.id = e.plan_id JOIN "
		"result r ON r.enrolment_id = e.id WHERE " PLAN_YEAR
		" AND r.outcome = 'pass'), "
		"(SELECT COUNT(*) FROM appeal x JOIN plan p ON p.id = x.plan_id WHERE " PLAN_YEAR
		"), (SELECT COUNT(*) FROM appeal x JOIN plan p ON p.id = x.plan_id WHERE " PLAN_YEAR
		" AND x.status = 'resolved')",
		args, 10, a, read_counts, v);
	if (rc)
		return rc;
	out->plans = v[0];
	out->assessed = v[1];
	out->passed = v[2];
	out->appeals = v[3];
	out->appeals_resolved = v[4];

	/* certificates of the skill and industry lines issued that year, each
	 * counted once (a correction's successor is not a new one) */
	rc = db_one(c,
		    "SELECT (SELECT COUNT(*) FROM certificate c WHERE c.institution_id = ? AND "
		    "c.line IN ('skill', 'industry') AND c.supersedes IS NULL AND "
		    "substr(c.issued_on, 1, 4) = ?), 0, 0, 0, 0",
		    args, 2, a, read_counts, v);
	if (rc)
		return rc;
	out->certificates = v[0];
	/* inspections by outcome; findings of that year's inspections past
	 * their deadline: open after it (today), or closed only after it */
	args[10] = db_text(today);
	rc = db_one(c,
		    "SELECT (SELECT COUNT(*) FROM inspection i WHERE " INSP_YEAR "), "
		    "(SELECT COUNT(*) FROM inspection i WHERE " INSP_YEAR
		    " AND i.outcome = 'pass'), "
		    "(SELECT COUNT(*) FROM inspection i WHERE " INSP_YEAR
		    " AND i.outcome = 'rectify'), "
		    "(SELECT COUNT(*) FROM inspection i WHERE " INSP_YEAR
		    " AND i.outcome = 'fail'), "
		    "(SELECT COUNT(*) FROM finding f JOIN inspection i ON i.id = "
		    "f.inspection_id WHERE " INSP_YEAR " AND ((f.status = 'open' AND "
		    "f.deadline < ?) OR (f.closed_on IS NOT NULL AND f.closed_on > "
		    "f.deadline)))",
		    args, 11, a, read_counts, v);
	if (rc)
		return rc;
	out->inspections = v[0];
	out->insp_pass = v[1];
	out->insp_rectify = v[2];
	out->insp_fail = v[3];
	out->findings_overdue = v[4];
	/* the certificates filed: in a batch the authority received. A
	 * certificate counts as filed when any certificate of its supersede
	 * chain was (a correction filed in its stead): the chain walked from
	 * the original (supersedes NULL) by supersedes, at most 64 links; the
	 * first received submission of any of them against the original's
	 * issue date */
	return db_collect(
		c,
		"WITH RECURSIVE chain (root, id, issued_on, depth) AS (SELECT c.id, "
		"c.id, c.issued_on, 0 FROM certificate c WHERE c.institution_id = ? AND "
		"c.line IN ('skill', 'industry') AND c.supersedes IS NULL AND "
		"substr(c.issued_on, 1, 4) = ? UNION ALL SELECT k.root, n.id, k.issued_on, "
		"k.depth + 1 FROM chain k JOIN certificate n ON n.supersedes = k.id WHERE "
		"k.depth < 64) "
		"SELECT k.issued_on, MIN(b.submitted_at) FROM chain k JOIN "
		"filing_item f ON f.certificate_id = k.id AND f.status IN "
		"('included', 'accepted') JOIN filing_batch b ON b.id = f.batch_id AND "
		"b.status = 'received' GROUP BY k.root, k.issued_on ORDER BY k.root",
		args, 2, a, sizeof(*out->filed), read_filed, (void **)&out->filed,
		&out->nfiled);
}

enum store_err store_figures_hosted(struct store_conn *c, struct arena *a,
				    long long institution_id, bool center, int year,
				    long long **ids, size_t *n)
{
	struct db_arg args[4] = {db_int(year), db_int(institution_id),
				 db_int(center ? 1 : 0), db_int(institution_id)};

	return db_collect(c,
			  "SELECT x.id FROM competition x WHERE x.year = ? AND x.status <> "
			  "'draft' AND (x.organiser_id = ? OR (x.organiser_id IS NULL AND ? = 1) "
			  "OR EXISTS (SELECT 1 FROM competition_coorganiser k WHERE "
			  "k.competition_id = x.id AND k.institution_id = ?)) ORDER BY x.id",
			  args, 4, a, sizeof(**ids), read_ll, (void **)ids, n);
}

enum store_err store_figures_person(struct store_conn *c, struct arena *a,
				    long long person_id, int year, struct figures_store *out)
{
	char y[12];
	long long v[FIGURES_STORE_MAX] = {0};
	struct db_arg args[10];
	int rc;

	snprintf(y, sizeof(y), "%04d", year);
	args[0] = db_int(person_id);
	args[1] = db_text(y);
	args[2] = db_int(person_id);
	args[3] = db_text(y);
	args[4] = db_int(person_id);
	args[5] = db_int(year);
	args[6] = db_int(person_id);
	args[7] = db_int(year);
	args[8] = db_int(person_id);
	args[9] = db_int(year);
	rc = db_one(
		c,
		"SELECT (SELECT COUNT(DISTINCT s.plan_id) FROM plan_staff s JOIN plan p ON "
		"p.id = s.plan_id WHERE s.person_id = ? AND p.status <> 'draft' AND "
		"substr(COALESCE(p.theory_on, p.practical_on, p.review_on, p.created_at), 1, 4) = ?), "
		"(SELECT COUNT(*) FROM enrolment e JOIN result r ON r.enrolment_id = e.id "
		"WHERE " SAT " AND e.plan_id IN (SELECT s.plan_id FROM plan_staff s JOIN "
		"plan p ON p.id = s.plan_id WHERE s.person_id = ? AND p.status <> 'draft' "
		"AND substr(COALESCE(p.theory_on, p.practical_on, p.review_on, p.created_at), 1, 4) = ?)), "
		"(SELECT COUNT(DISTINCT v.competition_id) FROM competition_judge j JOIN "
		"competition_event v ON v.id = j.event_id JOIN competition x ON x.id = "
		"v.competition_id WHERE j.person_id = ? AND x.year = ? AND x.status <> "
		"'draft'), "
		"(SELECT COUNT(DISTINCT w.entry_id) FROM certificate_award w JOIN "
		"competition x ON x.id = w.competition_id WHERE w.person_id = ? AND "
		"x.year = ?), "
		"(SELECT COUNT(*) FROM competition_promotion m JOIN competition x ON x.id = "
		"m.competition_id WHERE m.person_id = ? AND x.year = ? AND m.status = "
		"'approved')",
		args, 10, a, read_counts, v);
	if (rc)
		return rc;
	out->plans = v[0];
	out->assessed = v[1];
	out->judged = v[2];
	out->awards = v[3];
	out->promotions = v[4];
	return db_collect(
		c,
		"SELECT s.role, COUNT(DISTINCT s.plan_id) FROM plan_staff s JOIN plan p "
		"ON p.id = s.plan_id WHERE s.person_id = ? AND p.status <> 'draft' AND "
		"substr(COALESCE(p.theory_on, p.practical_on, p.review_on, p.created_at), 1, 4) = ? "
		"GROUP BY s.role ORDER BY s.role",
		args, 2, a, sizeof(*out->roles), read_role, (void **)&out->roles,
		&out->nroles);
}
