/*
 * exam_attempt.c - the online exam (migration 0043; core/exam_paper.h,
 * app/exam_attempt.c): a paper's sitting, the candidates' attempts, their
 * answers, the time granted, what marking found and the item statistics.
 */
#include <string.h>

#include "base/arena.h"

#include "store/db.h"
#include "store/store.h"

/* ---- the sitting ---- */

enum store_err store_exam_paper_open(struct store_conn *c, long long id,
				     const char *starts_at, const char *by)
{
	struct db_arg args[3] = {db_text(starts_at), db_text(by), db_int(id)};

	return db_update_one(c,
			     "UPDATE exam_paper SET starts_at = ?, opened_by = ? WHERE id = ? "
			     "AND status = 'sealed' AND closed_at = ''",
			     args, 3);
}

enum store_err store_exam_paper_close(struct store_conn *c, long long id, const char *at)
{
	struct db_arg args[2] = {db_text(at), db_int(id)};

	return db_update_one(c,
			     "UPDATE exam_paper SET closed_at = ? WHERE id = ? AND starts_at "
			     "<> '' AND closed_at = ''",
			     args, 2);
}

static bool read_claimed(struct db_res *r, struct arena *a, void *out)
{
	long long *v = out;

	(void)a;
	v[0] = db_ll(r, 0);
	v[1] = db_ll(r, 1);
	return true;
}

enum store_err store_claim_code_enrolment(struct store_conn *c, const char *code_hash,
					  long long *enrolment_id, long long *plan_id)
{
	struct db_arg arg = db_text(code_hash);
	long long v[2] = {0, 0};
	enum store_err rc = db_one(c,
				   "SELECT e.id, e.plan_id FROM enrolment_claim k JOIN "
				   "enrolment e ON e.id = k.enrolment_id WHERE k.code_hash = ? "
				   "AND e.status = 'enrolled'",
				   &arg, 1, NULL, read_claimed, v);

	*enrolment_id = v[0];
	*plan_id = v[1];
	return rc;
}

enum store_err store_exam_enrolment_of_person(struct store_conn *c, long long person_id,
					      long long *enrolment_id, long long *plan_id)
{
	struct db_arg arg = db_int(person_id);
	long long v[2] = {0, 0};
	enum store_err rc =
		db_one(c,
		       "SELECT e.id, e.plan_id FROM enrolment e JOIN exam_paper p ON "
		       "p.plan_id = e.plan_id WHERE e.person_id = ? AND e.status = "
		       "'enrolled' AND p.starts_at <> '' AND p.closed_at = '' ORDER BY "
		       "p.starts_at, p.id LIMIT 1",
		       &arg, 1, NULL, read_claimed, v);

	*enrolment_id = v[0];
	*plan_id = v[1];
	return rc;
}

/* ---- attempts ---- */

#define A_COLS \
	"a.id, a.paper_id, a.enrolment_id, a.seed, a.status, a.started_at, a.saved_at, " \
	"a.finished_at, a.extra_minutes, a.answered, a.tenths, a.nright, a.marked_into, " \
	"p.plan_id, p.digest, p.starts_at, b.minutes, pe.name, pe.id_masked, COALESCE(e.room_id, 0), COALESCE(e.seat, 0) " \
	"FROM exam_attempt a JOIN exam_paper p ON p.id = a.paper_id " \
	"JOIN exam_blueprint b ON b.id = p.blueprint_id " \
	"JOIN enrolment e ON e.id = a.enrolment_id JOIN person pe ON pe.id = e.person_id "

static bool read_attempt(struct db_res *r, struct arena *a, void *out)
{
	struct exam_attempt_row *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->paper_id = db_ll(r, i++);
	x->enrolment_id = db_ll(r, i++);
	x->seed = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->started_at = db_str(r, a, i++);
	x->saved_at = db_str(r, a, i++);
	x->finished_at = db_str(r, a, i++);
	x->extra_minutes = (int)db_ll(r, i++);
	x->answered = (int)db_ll(r, i++);
	x->tenths = r->conn->eng->col(r, i) ? (int)db_ll(r, i) : -1;
	i++;
	x->nright = r->conn->eng->col(r, i) ? (int)db_ll(r, i) : -1;
	i++;
	x->marked_into = db_str(r, a, i++);
	x->plan_id = db_ll(r, i++);
	x->paper_digest = db_str(r, a, i++);
	x->starts_at = db_str(r, a, i++);
	x->minutes = (int)db_ll(r, i++);
	x->person_name = db_str(r, a, i++);
	x->person_masked_id = db_str(r, a, i++);
	x->room_id = db_ll(r, i++);
	x->seat = (int)db_ll(r, i++);
	return true;
}

enum store_err store_exam_attempt_insert(struct store_conn *c,
					 const struct exam_attempt_row *x,
					 const char *token_hash, long long *id)
{
	struct db_arg args[5] = {db_int(x->paper_id), db_int(x->enrolment_id),
				 db_text(x->seed), db_text(token_hash),
				 db_text(x->started_at)};

	return db_insert_id(c,
			    "INSERT INTO exam_attempt (paper_id, enrolment_id, seed, token_hash, "
			    "status, started_at) VALUES (?, ?, ?, ?, 'in_progress', ?) "
			    "RETURNING id",
			    args, 5, id);
}

enum store_err store_exam_attempt_get(struct store_conn *c, struct arena *a, long long id,
				      struct exam_attempt_row *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " A_COLS "WHERE a.id = ?", &arg, 1, a, read_attempt, out);
}

enum store_err store_exam_attempt_by_token(struct store_conn *c, struct arena *a,
					   const char *token_hash,
					   struct exam_attempt_row *out)
{
	struct db_arg arg = db_text(token_hash);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " A_COLS "WHERE a.token_hash = ?", &arg, 1, a,
		      read_attempt, out);
}

enum store_err store_exam_attempt_of(struct store_conn *c, struct arena *a,
				     long long paper_id, long long enrolment_id,
				     struct exam_attempt_row *out)
{
	struct db_arg args[2] = {db_int(paper_id), db_int(enrolment_id)};

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " A_COLS "WHERE a.paper_id = ? AND a.enrolment_id = ?",
		      args, 2, a, read_attempt, out);
}

enum store_err store_exam_attempts(struct store_conn *c, struct arena *a, long long paper_id,
				   struct exam_attempt_row **items, size_t *n)
{
	struct db_arg arg = db_int(paper_id);

	return db_collect(c, "SELECT " A_COLS "WHERE a.paper_id = ? ORDER BY a.id", &arg,
			  1, a, sizeof(**items), read_attempt, (void **)items, n);
}

enum store_err store_exam_attempt_token(struct store_conn *c, long long id,
					const char *token_hash)
{
	struct db_arg args[2] = {db_text(token_hash), db_int(id)};

	return db_update_one(c, "UPDATE exam_attempt SET token_hash = ? WHERE id = ?",
			     args, 2);
}

enum store_err store_exam_answer_put(struct store_conn *c, long long attempt_id,
				     int position, const char *answer, const char *at,
				     int *answered)
{
	struct db_arg args[4] = {db_int(attempt_id), db_int(position), db_text(answer),
				 db_text(at)};
	struct db_arg lock[2] = {db_text(at), db_int(attempt_id)};
	struct db_arg arg = db_int(attempt_id);
	struct db_arg cnt[2] = {db_int(attempt_id), db_int(attempt_id)};
	long long v[2] = {0, 0};
	enum store_err rc;

	/* the attempt's row first: saves to one attempt, and its hand-in, take
	 * their turns, so the count below sees every answer before it */
	rc = db_update_one(c,
			   "UPDATE exam_attempt SET saved_at = ? WHERE id = ? AND status = "
			   "'in_progress'",
			   lock, 2);
	if (rc == STORE_OK)
		rc = db_exec(c,
			     "INSERT INTO exam_answer (attempt_id, position, answer, saved_at) "
			     "VALUES (?, ?, ?, ?) ON CONFLICT (attempt_id, position) DO UPDATE "
			     "SET answer = excluded.answer, saved_at = excluded.saved_at",
			     args, 4, NULL);
	if (rc == STORE_OK)
		rc = db_exec(c,
			     "UPDATE exam_attempt SET answered = (SELECT COUNT(*) FROM "
			     "exam_answer WHERE attempt_id = ? AND answer <> '') WHERE id = ?",
			     cnt, 2, NULL);
	if (rc == STORE_OK)
		rc = db_one(c, "SELECT answered, 0 FROM exam_attempt WHERE id = ?", &arg,
			    1, NULL, read_claimed, v);
	*answered = (int)v[0];
	return rc;
}

static bool read_answer(struct db_res *r, struct arena *a, void *out)
{
	struct exam_answer_row *x = out;

	x->position = (int)db_ll(r, 0);
	x->answer = db_str(r, a, 1);
	x->saved_at = db_str(r, a, 2);
	return true;
}

enum store_err store_exam_answers(struct store_conn *c, struct arena *a,
				  long long attempt_id, struct exam_answer_row **items,
				  size_t *n)
{
	struct db_arg arg = db_int(attempt_id);

	return db_collect(c,
			  "SELECT position, answer, saved_at FROM exam_answer WHERE "
			  "attempt_id = ? ORDER BY position",
			  &arg, 1, a, sizeof(**items), read_answer, (void **)items, n);
}

enum store_err store_exam_attempt_end(struct store_conn *c, long long id,
				      const char *status, const char *at)
{
	struct db_arg args[3] = {db_text(status), db_text(at), db_int(id)};

	return db_update_one(c,
			     "UPDATE exam_attempt SET status = ?, finished_at = ? WHERE id = ? "
			     "AND status = 'in_progress'",
			     args, 3);
}

enum store_err store_exam_attempt_marked(struct store_conn *c,
					 const struct exam_attempt_row *x)
{
	struct db_arg args[4] = {db_int(x->tenths), db_int(x->nright),
				 db_text(x->marked_into), db_int(x->id)};

	return db_update_one(c,
			     "UPDATE exam_attempt SET tenths = ?, nright = ?, marked_into = ? "
			     "WHERE id = ?",
			     args, 4);
}

enum store_err store_exam_paper_lock(struct store_conn *c, long long plan_id, long long id)
{
	struct db_arg args[3] = {db_int(plan_id), db_int(id), db_int(id)};

	return db_exec(c,
		       "UPDATE exam_paper SET closed_at = closed_at WHERE plan_id = ? AND (? = 0 "
		       "OR id = ?)",
		       args, 3, NULL);
}

enum store_err store_exam_marks_put(struct store_conn *c, struct arena *a,
				    long long attempt_id, const struct exam_mark_row *m,
				    size_t n)
{
	static const char *const cols[] = {"attempt_id", "position", "item_id", "score",
					   "is_right"};
	const char **v;

	if (!n)
		return STORE_OK;
	v = arena_alloc(a, n * 5 * sizeof(*v));
	if (!v)
		return db_fail(c, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const char **r = v + i * 5;

		r[0] = arena_printf(a, "%lld", attempt_id);
		r[1] = arena_printf(a, "%d", m[i].position);
		r[2] = arena_printf(a, "%lld", m[i].item_id);
		r[3] = arena_printf(a, "%d", m[i].score);
		r[4] = m[i].right ? "1" : "0";
		if (!r[0] || !r[1] || !r[2] || !r[3])
			return db_fail(c, "out of memory");
	}
	return db_copy(c, "exam_mark", cols, 5, v, n);
}

/* ---- time granted ---- */

enum store_err store_exam_extension_insert(struct store_conn *c,
					   const struct exam_extension_row *x)
{
	struct db_arg args[5] = {db_int(x->attempt_id), db_int(x->minutes),
				 db_text(x->reason), db_text(x->granted_by),
				 db_text(x->granted_at)};
	struct db_arg upd[2] = {db_int(x->minutes), db_int(x->attempt_id)};
	long long id;
	enum store_err rc =
		db_insert_id(c,
			     "INSERT INTO exam_extension (attempt_id, minutes, reason, "
			     "granted_by, granted_at) VALUES (?, ?, ?, ?, ?) "
			     "RETURNING id",
			     args, 5, &id);

	if (rc == STORE_OK)
		rc = db_update_one(c,
				   "UPDATE exam_attempt SET extra_minutes = extra_minutes + ? "
				   "WHERE id = ? AND status = 'in_progress'",
				   upd, 2);
	return rc;
}

static bool read_extension(struct db_res *r, struct arena *a, void *out)
{
	struct exam_extension_row *x = out;

	x->id = db_ll(r, 0);
	x->attempt_id = db_ll(r, 1);
	x->minutes = (int)db_ll(r, 2);
	x->reason = db_str(r, a, 3);
	x->granted_by = db_str(r, a, 4);
	x->granted_at = db_str(r, a, 5);
	return true;
}

enum store_err store_exam_extensions(struct store_conn *c, struct arena *a,
				     long long attempt_id,
				     struct exam_extension_row **items, size_t *n)
{
	struct db_arg arg = db_int(attempt_id);

	return db_collect(c,
			  "SELECT id, attempt_id, minutes, reason, granted_by, granted_at "
			  "FROM exam_extension WHERE attempt_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_extension, (void **)items, n);
}

/* ---- item statistics ---- */

static bool read_response(struct db_res *r, struct arena *a, void *out)
{
	struct exam_response *x = out;

	(void)a;
	x->total = (int)db_ll(r, 0);
	x->score = (int)db_ll(r, 1);
	x->right = db_ll(r, 2) != 0;
	return true;
}

enum store_err store_exam_responses(struct store_conn *c, struct arena *a, long long item_id,
				    struct exam_response **items, size_t *n)
{
	struct db_arg arg = db_int(item_id);

	return db_collect(c,
			  "SELECT a.tenths, m.score, m.is_right FROM exam_mark m JOIN "
			  "exam_attempt a ON a.id = m.attempt_id WHERE m.item_id = ? AND "
			  "a.tenths IS NOT NULL ORDER BY m.attempt_id",
			  &arg, 1, a, sizeof(**items), read_response, (void **)items, n);
}

enum store_err store_exam_item_stat_put(struct store_conn *c,
					const struct exam_item_stat_row *x)
{
	struct db_arg args[6] = {
		db_int(x->item_id), db_int(x->attempts),
		db_int(x->p_milli), x->has_r ? db_int(x->r_milli) : db_text(NULL),
		db_int(x->flags),   db_text(x->computed_at),
	};

	return db_exec(
		c,
		"INSERT INTO exam_item_stat (item_id, attempts, p_milli, r_milli, flags, "
		"computed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (item_id) DO UPDATE "
		"SET attempts = excluded.attempts, p_milli = excluded.p_milli, r_milli "
		"= excluded.r_milli, flags = excluded.flags, computed_at = "
		"excluded.computed_at",
		args, 6, NULL);
}

static bool read_stat(struct db_res *r, struct arena *a, void *out)
{
	struct exam_item_stat_row *x = out;

	x->item_id = db_ll(r, 0);
	x->attempts = (int)db_ll(r, 1);
	x->p_milli = (int)db_ll(r, 2);
	x->has_r = r->conn->eng->col(r, 3) != 0;
	x->r_milli = x->has_r ? (int)db_ll(r, 3) : 0;
	x->flags = (unsigned)db_ll(r, 4);
	x->computed_at = db_str(r, a, 5);
	return true;
}

enum store_err store_exam_item_stat_get(struct store_conn *c, struct arena *a,
					long long item_id, struct exam_item_stat_row *out)
{
	struct db_arg arg = db_int(item_id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT item_id, attempts, p_milli, r_milli, flags, computed_at FROM "
		      "exam_item_stat WHERE item_id = ?",
		      &arg, 1, a, read_stat, out);
}
