/*
 * training.c - training courses, lessons, sessions, enrolments, progress
 * and attendance (migration 0033; core/training.h). SQL written once with
 * ? placeholders (store/db.h).
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

#define COURSE_COLS \
	"k.id, k.institution_id, i.name, k.title, k.occupation_code, k.target_level, " \
	"k.mode, k.hours, k.description, k.status, k.created_by, k.created_at, " \
	"(SELECT count(*) FROM training_lesson l WHERE l.course_id = k.id), " \
	"(SELECT count(*) FROM training_session s WHERE s.course_id = k.id), " \
	"(SELECT count(*) FROM training_enrolment e WHERE e.course_id = k.id " \
	" AND e.status <> 'withdrawn'), " \
	"(SELECT count(*) FROM training_enrolment e WHERE e.course_id = k.id " \
	" AND e.status = 'completed') " \
	"FROM training_course k JOIN institution i ON i.id = k.institution_id "

static bool read_course(struct db_res *r, struct arena *a, void *out)
{
	struct training_course *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->institution_id = db_ll(r, i++);
	x->institution_name = db_str(r, a, i++);
	x->title = db_str(r, a, i++);
	x->occupation_code = db_str(r, a, i++);
	x->target_level = (int)db_ll(r, i++);
	x->mode = db_str(r, a, i++);
	x->hours = (int)db_ll(r, i++);
	x->description = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->created_by = db_str(r, a, i++);
	x->created_at = db_str(r, a, i++);
	x->lessons = db_ll(r, i++);
	x->sessions = db_ll(r, i++);
	x->enrolled = db_ll(r, i++);
	x->completed = db_ll(r, i++);
	return true;
}

enum store_err store_training_course_insert(struct store_conn *c,
					    const struct training_course *x, long long *id)
{
	struct db_arg args[10] = {
		db_int(x->institution_id),
		db_text(x->title),
		db_text(x->occupation_code),
		db_int(x->target_level),
		db_text(x->mode),
		db_int(x->hours),
		db_text(x->description),
		db_text(x->status),
		db_text(x->created_by),
		db_text(x->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO training_course (institution_id, title, "
			    "occupation_code, target_level, mode, hours, description, status, "
			    "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 10, id);
}

enum store_err store_training_course_get(struct store_conn *c, struct arena *a,
					 long long id, struct training_course *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " COURSE_COLS "WHERE k.id = ?", &arg, 1, a, read_course,
		      out);
}

enum store_err store_training_courses(struct store_conn *c, struct arena *a,
				      long long institution_id, const char *status,
				      struct training_course **items, size_t *n)
{
	struct db_arg args[4] = {db_int(institution_id), db_int(institution_id),
				 db_text(status ? status : ""),
				 db_text(status ? status : "")};

	return db_collect(c,
			  "SELECT " COURSE_COLS "WHERE (? = 0 OR k.institution_id = ?) AND "
			  "(? = '' OR k.status = ?) ORDER BY k.id DESC",
			  args, 4, a, sizeof(**items), read_course, (void **)items, n);
}

enum store_err store_training_course_status(struct store_conn *c, long long id,
					    const char *from, const char *to)
{
	struct db_arg args[3] = {db_text(to), db_int(id), db_text(from)};

	return db_update_one(
		c, "UPDATE training_course SET status = ? WHERE id = ? AND status = ?",
		args, 3);
}

#define LESSON_COLS \
	"id, course_id, position, title, kind, url, filename, size, digest, hours, created_at "

static bool read_lesson(struct db_res *r, struct arena *a, void *out)
{
	struct training_lesson *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->course_id = db_ll(r, i++);
	x->position = (int)db_ll(r, i++);
	x->title = db_str(r, a, i++);
	x->kind = db_str(r, a, i++);
	x->url = db_str(r, a, i++);
	x->filename = db_str(r, a, i++);
	x->size = db_ll(r, i++);
	x->digest = db_str(r, a, i++);
	x->hours = (int)db_ll(r, i++);
	x->created_at = db_str(r, a, i++);
	return true;
}

static bool read_lesson_data(struct db_res *r, struct arena *a, void *out)
{
	struct training_lesson *x = out;

	read_lesson(r, a, out);
	x->data = db_str(r, a, 11);
	return true;
}

enum store_err store_training_lesson_insert(struct store_conn *c,
					    const struct training_lesson *x, long long *id)
{
	struct db_arg args[11] = {
		db_int(x->course_id),
		db_int(x->course_id),
		db_text(x->title),
		db_text(x->kind),
		db_text(x->url),
		db_text(x->filename),
		db_int(x->size),
		db_text(x->digest),
		db_text(x->data ? x->data : ""),
		db_int(x->hours),
		db_text(x->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO training_lesson (course_id, position, title, kind, url, "
			    "filename, size, digest, data, hours, created_at) VALUES (?, "
			    "(SELECT COALESCE(MAX(position), 0) + 1 FROM training_lesson WHERE "
			    "course_id = ?), ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 11, id);
}

enum store_err store_training_lessons(struct store_conn *c, struct arena *a,
				      long long course_id, struct training_lesson **items,
				      size_t *n)
{
	struct db_arg arg = db_int(course_id);

	return db_collect(c,
			  "SELECT " LESSON_COLS "FROM training_lesson WHERE course_id = ? "
			  "ORDER BY position, id",
			  &arg, 1, a, sizeof(**items), read_lesson, (void **)items, n);
}

enum store_err store_training_lesson_get(struct store_conn *c, struct arena *a, long long id,
					 bool with_data, struct training_lesson *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	if (with_data)
		return db_one(c,
			      "SELECT " LESSON_COLS
			      ", data FROM training_lesson WHERE id = ?",
			      &arg, 1, a, read_lesson_data, out);
	return db_one(c, "SELECT " LESSON_COLS "FROM training_lesson WHERE id = ?", &arg,
		      1, a, read_lesson, out);
}

static bool read_session(struct db_res *r, struct arena *a, void *out)
{
	struct training_session *x = out;

	x->id = db_ll(r, 0);
	x->course_id = db_ll(r, 1);
	x->starts_at = db_str(r, a, 2);
	x->ends_at = db_str(r, a, 3);
	x->room = db_str(r, a, 4);
	x->hours = (int)db_ll(r, 5);
	return true;
}

enum store_err store_training_session_insert(struct store_conn *c,
					     const struct training_session *x, long long *id)
{
	struct db_arg args[5] = {db_int(x->course_id), db_text(x->starts_at),
				 db_text(x->ends_at), db_text(x->room), db_int(x->hours)};

	return db_insert_id(c,
			    "INSERT INTO training_session (course_id, starts_at, ends_at, room, "
			    "hours) VALUES (?, ?, ?, ?, ?) RETURNING id",
			    args, 5, id);
}

enum store_err store_training_sessions(struct store_conn *c, struct arena *a,
				       long long course_id,
				       struct training_session **items, size_t *n)
{
	struct db_arg arg = db_int(course_id);

	return db_collect(c,
			  "SELECT id, course_id, starts_at, ends_at, room, hours FROM "
			  "training_session WHERE course_id = ? ORDER BY starts_at, id",
			  &arg, 1, a, sizeof(**items), read_session, (void **)items, n);
}

enum store_err store_training_session_get(struct store_conn *c, struct arena *a,
					  long long id, struct training_session *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT id, course_id, starts_at, ends_at, room, hours FROM "
		      "training_session WHERE id = ?",
		      &arg, 1, a, read_session, out);
}

#define ENROL_COLS \
	"e.id, e.course_id, e.person_id, p.name, k.title, k.mode, k.status, k.hours, " \
	"e.status, e.hours_done, e.enrolled_at, e.completed_on, e.certificate_id, " \
	"ce.number " \
	"FROM training_enrolment e JOIN person p ON p.id = e.person_id " \
	"JOIN training_course k ON k.id = e.course_id " \
	"LEFT JOIN certificate ce ON ce.id = e.certificate_id "

static bool read_enrolment(struct db_res *r, struct arena *a, void *out)
{
	struct training_enrolment *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->course_id = db_ll(r, i++);
	x->person_id = db_ll(r, i++);
	x->person_name = db_str(r, a, i++);
	x->course_title = db_str(r, a, i++);
	x->course_mode = db_str(r, a, i++);
	x->course_status = db_str(r, a, i++);
	x->course_hours = (int)db_ll(r, i++);
	x->status = db_str(r, a, i++);
	x->hours_done = (int)db_ll(r, i++);
	x->enrolled_at = db_str(r, a, i++);
	x->completed_on = db_str(r, a, i++);
	x->certificate_id = db_ll(r, i++);
	x->certificate_number = db_str(r, a, i++);
	return true;
}

enum store_err store_training_enrol(struct store_conn *c, long long course_id,
				    long long person_id, const char *now, long long *id)
{
	struct db_arg args[3] = {db_int(course_id), db_int(person_id), db_text(now)};

	return db_insert_id(c,
			    "INSERT INTO training_enrolment (course_id, person_id, enrolled_at) "
			    "VALUES (?, ?, ?) RETURNING id",
			    args, 3, id);
}

enum store_err store_training_enrolment_get(struct store_conn *c, struct arena *a,
					    long long id, struct training_enrolment *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " ENROL_COLS "WHERE e.id = ?", &arg, 1, a,
		      read_enrolment, out);
}

enum store_err store_training_enrolment_of(struct store_conn *c, struct arena *a,
					   long long course_id, long long person_id,
					   struct training_enrolment *out)
{
	struct db_arg args[2] = {db_int(course_id), db_int(person_id)};

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " ENROL_COLS "WHERE e.course_id = ? AND e.person_id = ?",
		      args, 2, a, read_enrolment, out);
}

enum store_err store_training_enrolments(struct store_conn *c, struct arena *a,
					 long long course_id, long long person_id,
					 struct training_enrolment **items, size_t *n)
{
	struct db_arg args[4] = {db_int(course_id), db_int(course_id), db_int(person_id),
				 db_int(person_id)};

	return db_collect(c,
			  "SELECT " ENROL_COLS "WHERE (? = 0 OR e.course_id = ?) AND "
			  "(? = 0 OR e.person_id = ?) ORDER BY e.id",
			  args, 4, a, sizeof(**items), read_enrolment, (void **)items, n);
}

enum store_err store_training_enrolment_status(struct store_conn *c, long long id,
					       const char *status, const char *completed_on)
{
	struct db_arg args[3] = {db_text(status), db_text(completed_on), db_int(id)};

	return db_update_one(c,
			     "UPDATE training_enrolment SET status = ?, completed_on = ? "
			     "WHERE id = ? AND status = 'enrolled'",
			     args, 3);
}

enum store_err store_training_progress_add(struct store_conn *c, long long enrolment_id,
					   long long lesson_id, const char *now)
{
	struct db_arg args[3] = {db_int(enrolment_id), db_int(lesson_id), db_text(now)};

	return db_exec(c,
		       "INSERT INTO training_progress (enrolment_id, lesson_id, completed_at) "
		       "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		       args, 3, NULL);
}

static bool read_progress(struct db_res *r, struct arena *a, void *out)
{
	struct training_progress *x = out;

	x->enrolment_id = db_ll(r, 0);
	x->lesson_id = db_ll(r, 1);
	x->completed_at = db_str(r, a, 2);
	return true;
}

enum store_err store_training_progress(struct store_conn *c, struct arena *a,
				       long long enrolment_id,
				       struct training_progress **items, size_t *n)
{
	struct db_arg arg = db_int(enrolment_id);

	return db_collect(c,
			  "SELECT enrolment_id, lesson_id, completed_at FROM training_progress "
			  "WHERE enrolment_id = ? ORDER BY lesson_id",
			  &arg, 1, a, sizeof(**items), read_progress, (void **)items, n);
}

enum store_err store_training_attendance_set(struct store_conn *c,
					     const struct training_attendance *x)
{
	struct db_arg del[2] = {db_int(x->session_id), db_int(x->enrolment_id)};
	struct db_arg args[5] = {db_int(x->session_id), db_int(x->enrolment_id),
				 db_int(x->present ? 1 : 0), db_text(x->recorded_by),
				 db_text(x->recorded_at)};
	int rc = db_exec(c,
			 "DELETE FROM training_attendance WHERE session_id = ? AND "
			 "enrolment_id = ?",
			 del, 2, NULL);

	if (rc)
		return rc;
	return db_exec(c,
		       "INSERT INTO training_attendance (session_id, enrolment_id, present, "
		       "recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?)",
		       args, 5, NULL);
}

static bool read_attendance(struct db_res *r, struct arena *a, void *out)
{
	struct training_attendance *x = out;

	x->session_id = db_ll(r, 0);
	x->enrolment_id = db_ll(r, 1);
	x->present = db_ll(r, 2) != 0;
	x->recorded_by = db_str(r, a, 3);
	x->recorded_at = db_str(r, a, 4);
	return true;
}

enum store_err store_training_attendance(struct store_conn *c, struct arena *a,
					 long long course_id,
					 struct training_attendance **items, size_t *n)
{
	struct db_arg arg = db_int(course_id);

	return db_collect(c,
			  "SELECT t.session_id, t.enrolment_id, t.present, t.recorded_by, "
			  "t.recorded_at FROM training_attendance t JOIN training_session s ON "
			  "s.id = t.session_id WHERE s.course_id = ? ORDER BY t.session_id, "
			  "t.enrolment_id",
			  &arg, 1, a, sizeof(**items), read_attendance, (void **)items, n);
}

enum store_err store_training_hours_refresh(struct store_conn *c, long long enrolment_id,
					    int *hours)
{
	struct db_arg args[3] = {db_int(enrolment_id), db_int(enrolment_id),
				 db_int(enrolment_id)};
	struct db_arg arg = db_int(enrolment_id);
	struct db_res r;
	int rc = db_exec(c,
			 "UPDATE training_enrolment SET hours_done = "
			 "(SELECT COALESCE(SUM(l.hours), 0) FROM training_progress p JOIN "
			 "training_lesson l ON l.id = p.lesson_id WHERE p.enrolment_id = ?) + "
			 "(SELECT COALESCE(SUM(s.hours), 0) FROM training_attendance t JOIN "
			 "training_session s ON s.id = t.session_id WHERE t.enrolment_id = ? "
			 "AND t.present = 1) WHERE id = ?",
			 args, 3, NULL);

	*hours = 0;
	if (rc)
		return rc;
	if ((rc = db_query(c, "SELECT hours_done FROM training_enrolment WHERE id = ?",
			   &arg, 1, &r)))
		return rc;
	rc = db_next(&r);
	if (rc == 1)
		*hours = (int)db_ll(&r, 0);
	db_done(&r);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

/* ---- the training certificate (培训证书) ---- */

static bool read_cert_training(struct db_res *r, struct arena *a, void *out)
{
	struct cert_training *t = out;

	t->certificate_id = db_ll(r, 0);
	t->course_id = db_ll(r, 1);
	t->enrolment_id = db_ll(r, 2);
	t->hours = (int)db_ll(r, 3);
	t->course_title = db_str(r, a, 4);
	t->occupation_code = db_str(r, a, 5);
	t->mode = db_str(r, a, 6);
	t->institution_id = db_ll(r, 7);
	return true;
}

enum store_err store_cert_training_insert(struct store_conn *c,
					  const struct cert_training *t)
{
	struct db_arg args[4] = {db_int(t->certificate_id), db_int(t->course_id),
				 db_int(t->enrolment_id), db_int(t->hours)};

	return db_exec(c,
		       "INSERT INTO certificate_training (certificate_id, course_id, "
		       "enrolment_id, hours) VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

enum store_err store_cert_training_get(struct store_conn *c, struct arena *a,
				       long long certificate_id, struct cert_training *out)
{
	struct db_arg arg = db_int(certificate_id);

	memset(out, 0, sizeof(*out));
	return db_one(
		c,
		"SELECT t.certificate_id, t.course_id, t.enrolment_id, t.hours, k.title, "
		"k.occupation_code, k.mode, k.institution_id FROM certificate_training t "
		"JOIN training_course k ON k.id = t.course_id WHERE t.certificate_id = ?",
		&arg, 1, a, read_cert_training, out);
}

enum store_err store_cert_training_copy(struct store_conn *c, long long from, long long to)
{
	struct db_arg args[2] = {db_int(to), db_int(from)};
	struct db_arg move[2] = {db_int(to), db_int(from)};
	int rc = db_exec(c,
			 "INSERT INTO certificate_training (certificate_id, course_id, "
			 "enrolment_id, hours) SELECT ?, course_id, enrolment_id, hours FROM "
			 "certificate_training WHERE certificate_id = ?",
			 args, 2, NULL);

	if (rc)
		return rc;
	return db_exec(c,
		       "UPDATE training_enrolment SET certificate_id = ? WHERE certificate_id = ?",
		       move, 2, NULL);
}

enum store_err store_training_enrolment_certify(struct store_conn *c, long long enrolment_id,
						long long certificate_id)
{
	struct db_arg args[2] = {db_int(certificate_id), db_int(enrolment_id)};

	return db_update_one(c,
			     "UPDATE training_enrolment SET certificate_id = ? WHERE id = ? AND "
			     "status = 'completed' AND certificate_id IS NULL",
			     args, 2);
}
