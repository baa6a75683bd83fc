/*
 * plan.c - assessment plans, their rooms, status history, staff and
 * enrolments; the facts people apply with; assessor qualifications and
 * declared relationships. SQL written once for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

static int changed_or_missing(int rc, long long changed)
{
	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- plans ---- */

#define PLAN_COLS \
	"p.id, p.institution_id, p.standard_id, p.work_type, p.level, p.title, " \
	"p.status, p.theory_on, p.practical_on, p.review_on, p.capacity, " \
	"p.notice_start, p.notice_end, p.created_at, p.updated_at, i.name, " \
	"o.code, o.name, " \
	"(SELECT count(*) FROM enrolment e WHERE e.plan_id = p.id AND " \
	"e.status = 'enrolled')"
#define PLAN_FROM \
	" FROM plan p JOIN institution i ON i.id = p.institution_id " \
	"JOIN standard s ON s.id = p.standard_id " \
	"JOIN occupation o ON o.id = s.occupation_id"

static bool read_plan(struct db_res *r, struct arena *a, void *out)
{
	struct plan *p = out;

	p->id = db_ll(r, 0);
	p->institution_id = db_ll(r, 1);
	p->standard_id = db_ll(r, 2);
	p->work_type = db_str(r, a, 3);
	p->level = (int)db_ll(r, 4);
	p->title = db_str(r, a, 5);
	p->status = db_str(r, a, 6);
	p->theory_on = db_str(r, a, 7);
	p->practical_on = db_str(r, a, 8);
	p->review_on = db_str(r, a, 9);
	p->capacity = (int)db_ll(r, 10);
	p->notice_start = db_str(r, a, 11);
	p->notice_end = db_str(r, a, 12);
	p->created_at = db_str(r, a, 13);
	p->updated_at = db_str(r, a, 14);
	p->institution_name = db_str(r, a, 15);
	p->occupation_code = db_str(r, a, 16);
	p->occupation_name = db_str(r, a, 17);
	p->enrolled = db_ll(r, 18);
	return true;
}

enum store_err store_plan_insert(struct store_conn *c, const struct plan *p, long long *id)
{
	struct db_arg args[11] = {
		db_int(p->institution_id), db_int(p->standard_id),
		db_text(nz(p->work_type)), db_int(p->level),
		db_text(p->title),         db_text(p->theory_on),
		db_text(p->practical_on),  db_text(p->review_on),
		db_int(p->capacity),       db_text(p->created_at),
		db_text(p->updated_at),
	};

	return db_insert_id(c,
			    "INSERT INTO plan (institution_id, standard_id, work_type, "
			    "level, title, theory_on, practical_on, review_on, capacity, "
			    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 11, id);
}

enum store_err store_plan_get(struct store_conn *c, struct arena *a, long long id,
			      struct plan *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " PLAN_COLS PLAN_FROM " WHERE p.id = ?", &arg, 1, a,
		      read_plan, out);
}

enum store_err store_plan_list(struct store_conn *c, struct arena *a,
			       long long institution_id, const char *status,
			       struct plan **items, size_t *n)
{
	struct db_arg args[4] = {db_int(institution_id), db_int(institution_id),
				 db_text(nz(status)), db_text(nz(status))};

	return db_collect(c,
			  "SELECT " PLAN_COLS PLAN_FROM " WHERE (? = 0 OR "
			  "p.institution_id = ?) AND (? = '' OR p.status = ?) "
			  "ORDER BY p.id DESC",
			  args, 4, a, sizeof(**items), read_plan, (void **)items, n);
}

enum store_err store_plan_set_status(struct store_conn *c, long long id, const char *from,
				     const char *to, const char *when)
{
	struct db_arg args[4] = {db_text(to), db_text(when), db_int(id), db_text(from)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE plan SET status = ?, updated_at = ? WHERE id = ? "
			 "AND status = ?",
			 args, 4, &changed);

	/* the status it was read in has changed meanwhile: refuse */
	return changed_or_missing(rc, changed);
}

enum store_err store_plan_log(struct store_conn *c, long long plan_id, const char *from,
			      const char *to, const char *reason, const char *when,
			      const char *actor)
{
	struct db_arg args[6] = {db_int(plan_id),     db_text(from), db_text(to),
				 db_text(nz(reason)), db_text(when), db_text(actor)};

	return db_exec(c,
		       "INSERT INTO plan_status_log (plan_id, from_status, to_status, "
		       "reason, at, actor) VALUES (?, ?, ?, ?, ?, ?)",
		       args, 6, NULL);
}

/* ---- rooms ---- */

static bool read_room(struct db_res *r, struct arena *a, void *out)
{
	struct plan_room *m = out;

	m->id = db_ll(r, 0);
	m->plan_id = db_ll(r, 1);
	m->name = db_str(r, a, 2);
	m->capacity = (int)db_ll(r, 3);
	m->enrolled = db_ll(r, 4);
	return true;
}

enum store_err store_room_insert(struct store_conn *c, long long plan_id,
				 const char *name, int capacity, long long *id)
{
	struct db_arg args[3] = {db_int(plan_id), db_text(name), db_int(capacity)};

	return db_insert_id(c,
			    "INSERT INTO plan_room (plan_id, name, capacity) VALUES "
			    "(?, ?, ?) RETURNING id",
			    args, 3, id);
}

enum store_err store_room_list(struct store_conn *c, struct arena *a, long long plan_id,
			       struct plan_room **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT m.id, m.plan_id, m.name, m.capacity, (SELECT count(*) "
			  "FROM enrolment e WHERE e.room_id = m.id AND e.status = "
			  "'enrolled') FROM plan_room m WHERE m.plan_id = ? ORDER BY m.id",
			  &arg, 1, a, sizeof(**items), read_room, (void **)items, n);
}

/* ---- staff ---- */

static bool read_staff(struct db_res *r, struct arena *a, void *out)
{
	struct plan_staff *s = out;

	s->id = db_ll(r, 0);
	s->plan_id = db_ll(r, 1);
	s->person_id = db_ll(r, 2);
	s->role = db_str(r, a, 3);
	s->room_id = db_ll(r, 4);
	s->override_by = db_str(r, a, 5);
	s->override_note = db_str(r, a, 6);
	s->created_at = db_str(r, a, 7);
	s->person_name = db_str(r, a, 8);
	s->person_masked_id = db_str(r, a, 9);
	s->person_employer = db_str(r, a, 10);
	s->person_credit_code = db_str(r, a, 11);
	return true;
}

enum store_err store_staff_insert(struct store_conn *c, const struct plan_staff *s,
				  long long *id)
{
	struct db_arg args[7] = {
		db_int(s->plan_id),
		db_int(s->person_id),
		db_text(s->role),
		db_int_or_null(s->room_id),
		db_text(nz(s->override_by)),
		db_text(nz(s->override_note)),
		db_text(s->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO plan_staff (plan_id, person_id, role, room_id, "
			    "override_by, override_note, created_at) VALUES "
			    "(?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 7, id);
}

enum store_err store_staff_delete(struct store_conn *c, long long plan_id, long long id)
{
	struct db_arg args[2] = {db_int(id), db_int(plan_id)};
	long long changed = 0;
	int rc = db_exec(c, "DELETE FROM plan_staff WHERE id = ? AND plan_id = ?", args,
			 2, &changed);

	return changed_or_missing(rc, changed);
}

enum store_err store_staff_list(struct store_conn *c, struct arena *a, long long plan_id,
				struct plan_staff **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT s.id, s.plan_id, s.person_id, s.role, "
			  "COALESCE(s.room_id, 0), s.override_by, s.override_note, "
			  "s.created_at, p.name, p.id_masked, p.employer, "
			  "p.employer_credit_code FROM plan_staff s JOIN "
			  "person p ON p.id = s.person_id WHERE s.plan_id = ? "
			  "ORDER BY s.role, s.id",
			  &arg, 1, a, sizeof(**items), read_staff, (void **)items, n);
}

/* ---- enrolments ---- */

static bool read_enrolment(struct db_res *r, struct arena *a, void *out)
{
	struct enrolment *e = out;

	e->id = db_ll(r, 0);
	e->plan_id = db_ll(r, 1);
	e->person_id = db_ll(r, 2);
	e->route_id = db_str(r, a, 3);
	e->status = db_str(r, a, 4);
	e->room_id = db_ll(r, 5);
	e->enrolled_at = db_str(r, a, 6);
	e->person_name = db_str(r, a, 7);
	e->person_masked_id = db_str(r, a, 8);
	e->seat = (int)db_ll(r, 9);
	return true;
}

enum store_err store_enrolment_insert(struct store_conn *c, const struct enrolment *e,
				      long long *id)
{
	/* the next seat of the room (none without a room); the plan's row
	 * lock, taken by whoever enrols, keeps two from drawing the same one */
	struct db_arg args[8] = {db_int(e->plan_id),      db_int(e->person_id),
				 db_text(e->route_id),    db_int_or_null(e->room_id),
				 db_text(e->enrolled_at), db_int_or_null(e->room_id),
				 db_int(e->plan_id),      db_int_or_null(e->room_id)};

	return db_insert_id(
		c,
		"INSERT INTO enrolment (plan_id, person_id, route_id, room_id, "
		"enrolled_at, seat) VALUES (?, ?, ?, ?, ?, CASE WHEN CAST(? AS BIGINT) IS NULL "
		"THEN NULL ELSE (SELECT COALESCE(MAX(seat), 0) + 1 FROM enrolment "
		"WHERE plan_id = ? AND room_id = ?) END) RETURNING id",
		args, 8, id);
}

enum store_err store_enrolment_list(struct store_conn *c, struct arena *a,
				    long long plan_id, struct enrolment **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT e.id, e.plan_id, e.person_id, e.route_id, e.status, "
			  "COALESCE(e.room_id, 0), e.enrolled_at, p.name, p.id_masked, "
			  "COALESCE(e.seat, 0) "
			  "FROM enrolment e JOIN person p ON p.id = e.person_id "
			  "WHERE e.plan_id = ? ORDER BY e.id",
			  &arg, 1, a, sizeof(**items), read_enrolment, (void **)items, n);
}

enum store_err store_visit_insert(struct store_conn *c, const struct supervisor_visit *v,
				  long long *id)
{
	struct db_arg args[5] = {db_int(v->plan_id), db_text(v->name),
				 db_text(v->organisation), db_text(v->visited_on),
				 db_text(v->notes)};

	return db_insert_id(c,
			    "INSERT INTO supervisor_visit (plan_id, name, organisation, "
			    "visited_on, notes) VALUES (?, ?, ?, ?, ?) RETURNING id",
			    args, 5, id);
}

static bool read_visit(struct db_res *r, struct arena *a, void *out)
{
	struct supervisor_visit *v = out;

	v->id = db_ll(r, 0);
	v->plan_id = db_ll(r, 1);
	v->name = db_str(r, a, 2);
	v->organisation = db_str(r, a, 3);
	v->visited_on = db_str(r, a, 4);
	v->notes = db_str(r, a, 5);
	return true;
}

enum store_err store_visit_list(struct store_conn *c, struct arena *a, long long plan_id,
				struct supervisor_visit **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT id, plan_id, name, organisation, visited_on, notes "
			  "FROM supervisor_visit WHERE plan_id = ? ORDER BY visited_on, id",
			  &arg, 1, a, sizeof(**items), read_visit, (void **)items, n);
}

enum store_err store_enrolment_by_blind(struct store_conn *c, struct arena *a,
					long long plan_id, const char *id_type,
					const char *id_blind, struct enrolment *out)
{
	struct db_arg args[3] = {db_int(plan_id), db_text(id_type), db_text(id_blind)};

	return db_one(c,
		      "SELECT e.id, e.plan_id, e.person_id, e.route_id, e.status, "
		      "COALESCE(e.room_id, 0), e.enrolled_at, p.name, p.id_masked, "
		      "COALESCE(e.seat, 0) "
		      "FROM enrolment e JOIN person p ON p.id = e.person_id "
		      "WHERE e.plan_id = ? AND p.id_type = ? AND p.id_blind = ?",
		      args, 3, a, read_enrolment, out);
}

enum store_err store_enrolment_set_status(struct store_conn *c, long long plan_id,
					  long long id, const char *status)
{
	struct db_arg args[3] = {db_text(status), db_int(id), db_int(plan_id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE enrolment SET status = ? WHERE id = ? AND "
			 "plan_id = ?",
			 args, 3, &changed);

	return changed_or_missing(rc, changed);
}

/* ---- facts people apply with ---- */

enum store_err store_fact_cert_insert(struct store_conn *c, long long person_id,
				      const char *kind, const char *code, int related,
				      int level, const char *issued_on, const char *number)
{
	struct db_arg args[7] = {db_int(person_id),  db_text(kind), db_text(code),
				 db_int(related),    db_int(level), db_text(issued_on),
				 db_text(nz(number))};

	return db_exec(c,
		       "INSERT INTO person_certificate (person_id, kind, "
		       "occupation_code, related, level, issued_on, number) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?)",
		       args, 7, NULL);
}

enum store_err store_fact_diploma_insert(struct store_conn *c, long long person_id,
					 const char *type, int related,
					 const char *graduated_on, int final_year,
					 int program_level)
{
	struct db_arg args[6] = {db_int(person_id),  db_text(type),
				 db_int(related),    db_text(graduated_on),
				 db_int(final_year), db_int(program_level)};

	return db_exec(c,
		       "INSERT INTO person_diploma (person_id, type, specialty_related, "
		       "graduated_on, final_year, program_level) VALUES "
		       "(?, ?, ?, ?, ?, ?)",
		       args, 6, NULL);
}

enum store_err store_fact_title_insert(struct store_conn *c, long long person_id,
				       const char *level, const char *granted_on,
				       int related)
{
	struct db_arg args[4] = {db_int(person_id), db_text(level), db_text(granted_on),
				 db_int(related)};

	return db_exec(c,
		       "INSERT INTO person_title (person_id, level, granted_on, related) "
		       "VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

struct fact_row {
	const char *a, *b, *c, *d;
	long long n1, n2, n3;
};

static bool read_fact(struct db_res *r, struct arena *a, void *out)
{
	struct fact_row *f = out;

	f->a = db_str(r, a, 0);
	f->b = db_str(r, a, 1);
	f->c = db_str(r, a, 2);
	f->d = db_str(r, a, 3);
	f->n1 = db_ll(r, 4);
	f->n2 = db_ll(r, 5);
	f->n3 = db_ll(r, 6);
	return true;
}

enum store_err store_person_facts(struct store_conn *c, struct arena *a, long long person_id,
				  const char *occupation_code, struct applicant *out)
{
	struct db_arg arg = db_int(person_id);
	struct fact_row *rows;
	size_t n;
	int rc;

	rc = db_collect(c,
			"SELECT kind, occupation_code, issued_on, number, related, level, "
			"0 FROM person_certificate WHERE person_id = ? ORDER BY id",
			&arg, 1, a, sizeof(*rows), read_fact, (void **)&rows, &n);
	if (rc)
		return rc;
	if (n) {
		struct applicant_cert *ce = arena_alloc(a, n * sizeof(*ce));

		if (!ce)
			return db_fail(c, "out of memory");
		for (size_t i = 0; i < n; i++) {
			ce[i].kind = !strcmp(rows[i].a, "pre_technician")
					     ? CERT_PRE_TECHNICIAN
					     : CERT_SKILL;
			ce[i].occupation_code = rows[i].b;
			ce[i].issued_on = rows[i].c;
			ce[i].related = rows[i].n1 != 0;
			ce[i].level = (int)rows[i].n2;
		}
		out->certs = ce;
		out->ncerts = n;
	}
	rc = db_collect(c,
			"SELECT type, graduated_on, '', '', specialty_related, "
			"final_year, program_level FROM person_diploma WHERE "
			"person_id = ? ORDER BY id",
			&arg, 1, a, sizeof(*rows), read_fact, (void **)&rows, &n);
	if (rc)
		return rc;
	if (n) {
		struct applicant_diploma *d = arena_alloc(a, n * sizeof(*d));

		if (!d)
			return db_fail(c, "out of memory");
		for (size_t i = 0; i < n; i++) {
			int t = diploma_type_parse(rows[i].a);

			d[i].type = t < 0 ? DIP_JUNIOR_MIDDLE : (enum diploma_type)t;
			d[i].graduated_on = rows[i].b;
			d[i].specialty_related = rows[i].n1 != 0;
			d[i].final_year = rows[i].n2 != 0;
			d[i].program_level = (int)rows[i].n3;
		}
		out->diplomas = d;
		out->ndiplomas = n;
	}
	rc = db_collect(c,
			"SELECT level, granted_on, '', '', related, 0, 0 FROM "
			"person_title WHERE person_id = ? ORDER BY id",
			&arg, 1, a, sizeof(*rows), read_fact, (void **)&rows, &n);
	if (rc)
		return rc;
	if (n) {
		struct applicant_title *t = arena_alloc(a, n * sizeof(*t));

		if (!t)
			return db_fail(c, "out of memory");
		for (size_t i = 0; i < n; i++) {
			int lv = title_level_parse(rows[i].a);

			t[i].level = lv < 0 ? TITLE_JUNIOR : (enum title_level)lv;
			t[i].granted_on = rows[i].b;
			t[i].related = rows[i].n1 != 0;
		}
		out->titles = t;
		out->ntitles = n;
	}
	/* an apprenticeship completed in this occupation (0032) */
	{
		struct db_arg aargs[2] = {db_int(person_id), db_text(occupation_code)};
		struct db_res r;

		if ((rc = db_query(c,
				   "SELECT count(*) FROM apprentice p JOIN apprenticeship_class "
				   "k ON k.id = p.class_id WHERE p.person_id = ? AND "
				   "p.status = 'completed' AND k.occupation_code = ?",
				   aargs, 2, &r)))
			return rc;
		if (db_next(&r) == 1)
			out->apprenticeship_completed = db_ll(&r, 0) > 0;
		db_done(&r);
	}
	/* training hours: completed courses of this occupation (0033) */
	{
		struct db_arg targs[2] = {db_int(person_id), db_text(occupation_code)};
		struct db_res r;

		if ((rc = db_query(c,
				   "SELECT COALESCE(SUM(k.hours), 0) FROM training_enrolment e "
				   "JOIN training_course k ON k.id = e.course_id WHERE "
				   "e.person_id = ? AND e.status = 'completed' AND "
				   "k.occupation_code = ?",
				   targs, 2, &r)))
			return rc;
		if (db_next(&r) == 1)
			out->training_hours = (int)db_ll(&r, 0);
		db_done(&r);
	}
	return STORE_OK;
}

/* ---- assessors and relationships ---- */

enum store_err store_qualification_insert(struct store_conn *c, long long person_id,
					  const char *code, const char *grade,
					  int max_level, const char *from, const char *to,
					  const char *number)
{
	struct db_arg args[7] = {db_int(person_id),  db_text(code), db_text(grade),
				 db_int(max_level),  db_text(from), db_text(to),
				 db_text(nz(number))};

	return db_exec(c,
		       "INSERT INTO assessor_qualification (person_id, occupation_code, "
		       "grade, max_level, valid_from, valid_to, certificate_no) VALUES "
		       "(?, ?, ?, ?, ?, ?, ?)",
		       args, 7, NULL);
}

enum store_err store_qualified(struct store_conn *c, long long person_id,
			       const char *code, int level, const char *on, bool *yes)
{
	struct db_arg args[5] = {db_int(person_id), db_text(code), db_int(level),
				 db_text(on), db_text(on)};
	struct db_res r;
	int rc = db_query(c,
			  "SELECT count(*) FROM assessor_qualification WHERE "
			  "person_id = ? AND occupation_code = ? AND max_level <= ? AND "
			  "valid_from <= ? AND valid_to >= ?",
			  args, 5, &r);

	if (rc)
		return rc;
	*yes = db_next(&r) == 1 && db_ll(&r, 0) > 0;
	db_done(&r);
	return STORE_OK;
}

enum store_err store_relationship_insert(struct store_conn *c, long long a_id,
					 long long b_id, const char *kind, const char *when)
{
	struct db_arg args[4] = {db_int(a_id), db_int(b_id), db_text(kind), db_text(when)};

	return db_exec(c,
		       "INSERT INTO relationship (person_a, person_b, kind, declared_at) "
		       "VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

static bool read_staff_rel(struct db_res *r, struct arena *a, void *out)
{
	struct staff_relationship *x = out;

	x->person_id = db_ll(r, 0);
	x->kind = db_str(r, a, 1);
	return x->kind != NULL;
}

enum store_err store_staff_relationships(struct store_conn *c, struct arena *a,
					 long long plan_id, long long person_id,
					 struct staff_relationship **items, size_t *n)
{
	struct db_arg args[4] = {db_int(person_id), db_int(plan_id), db_int(person_id),
				 db_int(plan_id)};

	return db_collect(c,
			  "SELECT s.person_id, r.kind FROM relationship r JOIN plan_staff s "
			  "ON s.person_id = r.person_b WHERE r.person_a = ? AND "
			  "s.plan_id = ? UNION ALL SELECT s.person_id, r.kind FROM "
			  "relationship r JOIN plan_staff s ON s.person_id = r.person_a "
			  "WHERE r.person_b = ? AND s.plan_id = ?",
			  args, 4, a, sizeof(**items), read_staff_rel, (void **)items, n);
}

enum store_err store_relationship_between(struct store_conn *c, struct arena *a,
					  long long x, long long y, const char **kind)
{
	struct db_arg args[4] = {db_int(x), db_int(y), db_int(y), db_int(x)};
	struct db_res r;
	int rc = db_query(c,
			  "SELECT kind FROM relationship WHERE (person_a = ? AND "
			  "person_b = ?) OR (person_a = ? AND person_b = ?) "
			  "ORDER BY kind = 'trainer' DESC, id LIMIT 1",
			  args, 4, &r),
	    got;

	*kind = NULL;
	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1)
		*kind = db_str(&r, a, 0);
	db_done(&r);
	return got < 0 ? STORE_ERROR : STORE_OK;
}
