/*
 * apprenticeship.c - enterprise new-type apprenticeships (issue 15,
 * migration 0032): classes with their plan of courses and filing,
 * apprentices, their progress, the subsidy advances and the claim list's
 * rows. SQL written once for both engines (db.h).
 */
#include <stddef.h>
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* ---- classes ---- */

#define CLASS_COLS \
	"k.id, k.institution_id, coalesce(k.school_institution_id, 0), " \
	"k.enterprise_name, k.enterprise_credit_code, k.school_name, k.school_kind, " \
	"k.occupation_code, k.target_level, k.months, k.starts_on, k.rules_code, " \
	"k.rules_version, k.rules_digest, k.agreement_no, k.agreement_signed_on, " \
	"k.filing_no, k.filing_date, k.filing_authority, k.status, k.created_by, " \
	"k.created_at, k.updated_at, i.name, (SELECT count(*) FROM apprentice p " \
	"WHERE p.class_id = k.id)"
#define CLASS_FROM \
	" FROM apprenticeship_class k JOIN institution i ON i.id = k.institution_id"

static bool read_class(struct db_res *r, struct arena *a, void *out)
{
	struct appr_class *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->institution_id = db_ll(r, i++);
	x->school_institution_id = db_ll(r, i++);
	x->enterprise_name = db_str(r, a, i++);
	x->enterprise_credit_code = db_str(r, a, i++);
	x->school_name = db_str(r, a, i++);
	x->school_kind = db_str(r, a, i++);
	x->occupation_code = db_str(r, a, i++);
	x->target_level = (int)db_ll(r, i++);
	x->months = (int)db_ll(r, i++);
	x->starts_on = db_str(r, a, i++);
	x->rules_code = db_str(r, a, i++);
	x->rules_version = db_str(r, a, i++);
	x->rules_digest = db_str(r, a, i++);
	x->agreement_no = db_str(r, a, i++);
	x->agreement_signed_on = db_str(r, a, i++);
	x->filing_no = db_str(r, a, i++);
	x->filing_date = db_str(r, a, i++);
	x->filing_authority = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->created_by = db_str(r, a, i++);
	x->created_at = db_str(r, a, i++);
	x->updated_at = db_str(r, a, i++);
	x->institution_name = db_str(r, a, i++);
	x->napprentices = db_ll(r, i++);
	return true;
}

static bool read_class_body(struct db_res *r, struct arena *a, void *out)
{
	struct appr_class *x = out;

	read_class(r, a, out);
	x->rules_body = db_str(r, a, 25);
	return true;
}

enum store_err store_appr_class_insert(struct store_conn *c, const struct appr_class *x,
				       long long *id)
{
	struct db_arg args[16] = {
		db_int(x->institution_id),
		db_text(x->enterprise_name),
		db_text(nz(x->enterprise_credit_code)),
		db_text(x->school_name),
		db_text(x->school_kind),
		db_text(x->occupation_code),
		db_int(x->target_level),
		db_text(x->starts_on),
		db_int(x->months),
		db_text(x->rules_code),
		db_text(x->rules_version),
		db_text(x->rules_body),
		db_text(x->rules_digest),
		db_text(x->created_by),
		db_text(x->created_at),
		db_text(x->created_at),
	};
	int rc = db_insert_id(
		c,
		"INSERT INTO apprenticeship_class (institution_id, "
		"enterprise_name, enterprise_credit_code, school_name, "
		"school_kind, occupation_code, target_level, starts_on, months, "
		"rules_code, rules_version, rules_body, rules_digest, created_by, "
		"created_at, updated_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, 'draft') RETURNING id",
		args, 16, id);
	if (rc || !x->school_institution_id)
		return rc;
	struct db_arg up[2] = {db_int(x->school_institution_id), db_int(*id)};
	return db_update_one(c,
			     "UPDATE apprenticeship_class SET school_institution_id = ? "
			     "WHERE id = ?",
			     up, 2);
}

enum store_err store_appr_class_get(struct store_conn *c, struct arena *a, long long id,
				    struct appr_class *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " CLASS_COLS ", k.rules_body" CLASS_FROM " WHERE k.id = ?",
		      &arg, 1, a, read_class_body, out);
}

enum store_err store_appr_classes(struct store_conn *c, struct arena *a,
				  const long long *ids, size_t nids,
				  struct appr_class **items, size_t *n)
{
	struct appr_class *all;
	size_t nall, k = 0;
	int rc;

	*items = NULL;
	*n = 0;
	rc = db_collect(c, "SELECT " CLASS_COLS CLASS_FROM " ORDER BY k.id DESC", NULL, 0,
			a, sizeof(*all), read_class, (void **)&all, &nall);
	if (rc || !nids) {
		if (!rc) {
			*items = all;
			*n = nall;
		}
		return rc;
	}
	for (size_t i = 0; i < nall; i++)
		for (size_t j = 0; j < nids; j++)
			if (all[i].institution_id == ids[j]) {
				all[k++] = all[i];
				break;
			}
	*items = all;
	*n = k;
	return STORE_OK;
}

enum store_err store_appr_class_status(struct store_conn *c, long long id,
				       const char *from, const char *to, const char *now)
{
	struct db_arg args[4] = {db_text(to), db_text(now), db_int(id), db_text(from)};

	return db_update_one(c,
			     "UPDATE apprenticeship_class SET status = ?, updated_at = ? "
			     "WHERE id = ? AND status = ?",
			     args, 4);
}

enum store_err store_appr_class_filing(struct store_conn *c, long long id,
				       const struct appr_class *f, const char *now)
{
	struct db_arg args[7] = {
		db_text(nz(f->agreement_no)),
		db_text(nz(f->agreement_signed_on)),
		db_text(nz(f->filing_no)),
		db_text(nz(f->filing_date)),
		db_text(nz(f->filing_authority)),
		db_text(now),
		db_int(id),
	};

	return db_update_one(c,
			     "UPDATE apprenticeship_class SET agreement_no = ?, "
			     "agreement_signed_on = ?, filing_no = ?, filing_date = ?, "
			     "filing_authority = ?, updated_at = ? WHERE id = ?",
			     args, 7);
}

/* ---- courses ---- */

static bool read_course(struct db_res *r, struct arena *a, void *out)
{
	struct appr_course *x = out;

	x->id = db_ll(r, 0);
	x->class_id = db_ll(r, 1);
	x->name = db_str(r, a, 2);
	x->side = db_str(r, a, 3);
	x->hours = (int)db_ll(r, 4);
	x->credits = (int)db_ll(r, 5);
	return true;
}

enum store_err store_appr_course_insert(struct store_conn *c, const struct appr_course *x,
					long long *id)
{
	struct db_arg args[5] = {db_int(x->class_id), db_text(x->name), db_text(x->side),
				 db_int(x->hours), db_int(x->credits)};

	return db_insert_id(c,
			    "INSERT INTO apprenticeship_course (class_id, name, side, hours, "
			    "credits) VALUES (?, ?, ?, ?, ?) RETURNING id",
			    args, 5, id);
}

enum store_err store_appr_courses(struct store_conn *c, struct arena *a,
				  long long class_id, struct appr_course **items, size_t *n)
{
	struct db_arg arg = db_int(class_id);

	return db_collect(c,
			  "SELECT id, class_id, name, side, hours, credits FROM "
			  "apprenticeship_course WHERE class_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_course, (void **)items, n);
}

/* ---- apprentices ---- */

#define APPR_COLS \
	"p.id, p.class_id, p.person_id, coalesce(p.enterprise_mentor_id, 0), " \
	"coalesce(p.school_mentor_id, 0), coalesce(p.enrolment_id, 0), p.contract_start, " \
	"p.contract_end, p.hire_kind, p.wage, p.minimum_wage, p.enterprise_mentor, " \
	"p.school_mentor, p.status, p.status_reason, p.status_on, p.completed_on, " \
	"p.created_by, p.created_at, s.name, k.occupation_code, k.starts_on, " \
	"k.enterprise_name, k.status, k.target_level, k.months, (SELECT " \
	"coalesce(sum(g.hours), 0) FROM apprentice_progress g WHERE g.apprentice_id = " \
	"p.id), (SELECT coalesce(sum(g.credits), 0) FROM apprentice_progress g WHERE " \
	"g.apprentice_id = p.id), coalesce((SELECT e.plan_id FROM enrolment e WHERE e.id " \
	"= p.enrolment_id), 0)"
#define APPR_FROM \
	" FROM apprentice p JOIN apprenticeship_class k ON k.id = p.class_id JOIN " \
	"person s ON s.id = p.person_id"

static bool read_apprentice(struct db_res *r, struct arena *a, void *out)
{
	struct apprentice *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->class_id = db_ll(r, i++);
	x->person_id = db_ll(r, i++);
	x->enterprise_mentor_id = db_ll(r, i++);
	x->school_mentor_id = db_ll(r, i++);
	x->enrolment_id = db_ll(r, i++);
	x->contract_start = db_str(r, a, i++);
	x->contract_end = db_str(r, a, i++);
	x->hire_kind = db_str(r, a, i++);
	x->wage = (int)db_ll(r, i++);
	x->minimum_wage = (int)db_ll(r, i++);
	x->enterprise_mentor = db_str(r, a, i++);
	x->school_mentor = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->status_reason = db_str(r, a, i++);
	x->status_on = db_str(r, a, i++);
	x->completed_on = db_str(r, a, i++);
	x->created_by = db_str(r, a, i++);
	x->created_at = db_str(r, a, i++);
	x->person_name = db_str(r, a, i++);
	x->occupation_code = db_str(r, a, i++);
	x->starts_on = db_str(r, a, i++);
	x->enterprise_name = db_str(r, a, i++);
	x->class_status = db_str(r, a, i++);
	x->target_level = (int)db_ll(r, i++);
	x->months = (int)db_ll(r, i++);
	x->hours = db_ll(r, i++);
	x->credits = db_ll(r, i++);
	x->plan_id = db_ll(r, i++);
	return true;
}

static bool read_claim(struct db_res *r, struct arena *a, void *out)
{
	struct apprentice *x = out;

	read_apprentice(r, a, out);
	x->advance = (int)db_ll(r, 29);
	x->cert_level = (int)db_ll(r, 30);
	return true;
}

enum store_err store_apprentice_insert(struct store_conn *c, const struct apprentice *x,
				       long long *id)
{
	struct db_arg args[13] = {
		db_int(x->class_id),
		db_int(x->person_id),
		db_text(x->contract_start),
		db_text(x->contract_end),
		db_text(x->hire_kind),
		db_int(x->wage),
		db_int(x->minimum_wage),
		db_text(x->enterprise_mentor),
		db_int_or_null(x->enterprise_mentor_id),
		db_text(x->school_mentor),
		db_int_or_null(x->school_mentor_id),
		db_text(x->created_by),
		db_text(x->created_at),
	};

	return db_insert_id(
		c,
		"INSERT INTO apprentice (class_id, person_id, contract_start, "
		"contract_end, hire_kind, wage, minimum_wage, enterprise_mentor, "
		"enterprise_mentor_id, school_mentor, school_mentor_id, created_by, "
		"created_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
		"'active') RETURNING id",
		args, 13, id);
}

enum store_err store_apprentice_get(struct store_conn *c, struct arena *a, long long id,
				    struct apprentice *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " APPR_COLS APPR_FROM " WHERE p.id = ?", &arg, 1, a,
		      read_apprentice, out);
}

enum store_err store_apprentices(struct store_conn *c, struct arena *a, long long class_id,
				 long long person_id, struct apprentice **items, size_t *n)
{
	struct db_arg args[2] = {db_int(class_id), db_int(person_id)};

	return db_collect(c,
			  "SELECT " APPR_COLS APPR_FROM " WHERE (p.class_id = ? OR "
			  "p.person_id = ?) ORDER BY p.id",
			  args, 2, a, sizeof(**items), read_apprentice, (void **)items, n);
}

enum store_err store_apprentice_status(struct store_conn *c, long long id, const char *from,
				       const char *to, const char *reason, const char *on)
{
	struct db_arg args[7] = {db_text(to),  db_text(nz(reason)), db_text(on),
				 db_text(to),  db_text(on),         db_int(id),
				 db_text(from)};

	return db_update_one(c,
			     "UPDATE apprentice SET status = ?, status_reason = ?, status_on = "
			     "?, completed_on = CASE WHEN ? = 'completed' THEN ? ELSE "
			     "completed_on END WHERE id = ? AND status = ?",
			     args, 7);
}

enum store_err store_apprentice_enrolled(struct store_conn *c, long long id,
					 long long enrolment_id)
{
	struct db_arg args[2] = {db_int(enrolment_id), db_int(id)};

	/* once only: a second enrolment (two at once on PostgreSQL) changes
	 * no row and is refused */
	return db_update_one(c,
			     "UPDATE apprentice SET enrolment_id = ? WHERE id = ? AND "
			     "enrolment_id IS NULL",
			     args, 2);
}

static bool read_count(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_apprentice_elsewhere(struct store_conn *c, long long person_id,
					  long long class_id, long long *n)
{
	struct db_arg lock = db_int(person_id);
	struct db_arg args[2] = {db_int(person_id), db_int(class_id)};
	int rc;

	*n = 0;
	/* the person's row locked for the transaction: two admissions of one
	 * person run one after the other */
	rc = db_update_one(c, "UPDATE person SET name = name WHERE id = ?", &lock, 1);
	if (rc)
		return rc;
	return db_one(c,
		      "SELECT count(*) FROM apprentice WHERE person_id = ? AND "
		      "class_id <> ? AND status IN ('active', 'interrupted')",
		      args, 2, NULL, read_count, n);
}

/* ---- interruptions ---- */

enum store_err store_appr_interruption_open(struct store_conn *c, long long apprentice_id,
					    const char *from, const char *reason)
{
	long long id;
	struct db_arg args[3] = {db_int(apprentice_id), db_text(from), db_text(nz(reason))};

	return db_insert_id(c,
			    "INSERT INTO apprentice_interruption (apprentice_id, from_on, "
			    "reason) VALUES (?, ?, ?) RETURNING id",
			    args, 3, &id);
}

enum store_err store_appr_interruption_close(struct store_conn *c,
					     long long apprentice_id, const char *to)
{
	struct db_arg args[2] = {db_text(to), db_int(apprentice_id)};

	return db_exec(c,
		       "UPDATE apprentice_interruption SET to_on = ? WHERE apprentice_id = ? "
		       "AND to_on IS NULL",
		       args, 2, NULL);
}

static bool read_interruption(struct db_res *r, struct arena *a, void *out)
{
	struct appr_interruption *x = out;

	x->id = db_ll(r, 0);
	x->apprentice_id = db_ll(r, 1);
	x->from_on = db_str(r, a, 2);
	x->to_on = db_str(r, a, 3);
	x->reason = db_str(r, a, 4);
	return true;
}

enum store_err store_appr_interruptions(struct store_conn *c, struct arena *a,
					long long class_id, long long apprentice_id,
					struct appr_interruption **items, size_t *n)
{
	struct db_arg args[2] = {db_int(class_id), db_int(apprentice_id)};

	return db_collect(c,
			  "SELECT v.id, v.apprentice_id, v.from_on, coalesce(v.to_on, ''), "
			  "v.reason FROM apprentice_interruption v JOIN apprentice p ON p.id "
			  "= v.apprentice_id WHERE (p.class_id = ? OR v.apprentice_id = ?) "
			  "ORDER BY v.apprentice_id, v.from_on, v.id",
			  args, 2, a, sizeof(**items), read_interruption, (void **)items,
			  n);
}

/* ---- progress and subsidy ---- */

static bool read_progress(struct db_res *r, struct arena *a, void *out)
{
	struct appr_progress *x = out;

	x->id = db_ll(r, 0);
	x->apprentice_id = db_ll(r, 1);
	x->course_id = db_ll(r, 2);
	x->hours = (int)db_ll(r, 3);
	x->credits = (int)db_ll(r, 4);
	x->assessment = db_str(r, a, 5);
	x->recorded_by = db_str(r, a, 6);
	x->recorded_at = db_str(r, a, 7);
	x->course_name = db_str(r, a, 8);
	x->course_side = db_str(r, a, 9);
	return true;
}

enum store_err store_appr_progress_insert(struct store_conn *c,
					  const struct appr_progress *x, long long *id)
{
	struct db_arg args[7] = {db_int(x->apprentice_id),   db_int(x->course_id),
				 db_int(x->hours),           db_int(x->credits),
				 db_text(nz(x->assessment)), db_text(x->recorded_by),
				 db_text(x->recorded_at)};

	return db_insert_id(c,
			    "INSERT INTO apprentice_progress (apprentice_id, course_id, hours, "
			    "credits, assessment, recorded_by, recorded_at) VALUES (?, ?, ?, ?, "
			    "?, ?, ?) RETURNING id",
			    args, 7, id);
}

enum store_err store_appr_progress(struct store_conn *c, struct arena *a,
				   long long apprentice_id, struct appr_progress **items,
				   size_t *n)
{
	struct db_arg arg = db_int(apprentice_id);

	return db_collect(c,
			  "SELECT g.id, g.apprentice_id, g.course_id, g.hours, g.credits, "
			  "g.assessment, g.recorded_by, g.recorded_at, k.name, k.side FROM "
			  "apprentice_progress g JOIN apprenticeship_course k ON k.id = "
			  "g.course_id WHERE g.apprentice_id = ? ORDER BY g.id",
			  &arg, 1, a, sizeof(**items), read_progress, (void **)items, n);
}

enum store_err store_appr_advance_set(struct store_conn *c, long long apprentice_id,
				      int year, int advance, const char *by, const char *at)
{
	struct db_arg args[5] = {db_int(apprentice_id), db_int(year), db_int(advance),
				 db_text(by), db_text(at)};

	return db_exec(c,
		       "INSERT INTO apprentice_subsidy (apprentice_id, year, advance, "
		       "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT "
		       "(apprentice_id, year) DO UPDATE SET advance = excluded.advance, "
		       "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
		       args, 5, NULL);
}

enum store_err store_appr_claim(struct store_conn *c, struct arena *a, long long class_id,
				int year, struct apprentice **items, size_t *n)
{
	struct db_arg args[2] = {db_int(year), db_int(class_id)};

	return db_collect(
		c,
		"SELECT " APPR_COLS ", coalesce((SELECT v.advance FROM "
		"apprentice_subsidy v WHERE v.apprentice_id = p.id AND v.year = ?), "
		"0), coalesce((SELECT min(t.level) FROM certificate t WHERE "
		"t.person_id = p.person_id AND t.occupation_code = k.occupation_code "
		"AND t.level > 0 AND t.status = 'valid' AND t.issued_on >= "
		"k.starts_on), 0)" APPR_FROM " WHERE p.class_id = ? ORDER BY p.id",
		args, 2, a, sizeof(**items), read_claim, (void **)items, n);
}

static bool read_evidence(struct db_res *r, struct arena *a, void *out)
{
	struct appr_evidence *x = out;

	(void)a;
	x->apprentice_id = db_ll(r, 0);
	x->enrolment_id = db_ll(r, 1);
	return true;
}

enum store_err store_appr_evidence(struct store_conn *c, struct arena *a, long long plan_id,
				   struct appr_evidence **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT p.id, p.enrolment_id FROM apprentice p JOIN enrolment e ON "
			  "e.id = p.enrolment_id WHERE e.plan_id = ? ORDER BY p.id",
			  &arg, 1, a, sizeof(**items), read_evidence, (void **)items, n);
}
