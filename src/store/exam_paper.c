/*
 * exam_paper.c - blueprints and papers of theory exams (migration 0042;
 * core/exam_paper.h, app/exam_paper.c): the blueprints kept, the approved
 * items of a bank with their use, a paper's items and its seal.
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

/* ---- blueprints ---- */

#define BP_COLS \
	"b.id, b.institution_id, i.name, b.occupation_code, b.level, b.version, b.doc, " \
	"b.minutes, b.created_by, b.created_at " \
	"FROM exam_blueprint b JOIN institution i ON i.id = b.institution_id "

static bool read_blueprint(struct db_res *r, struct arena *a, void *out)
{
	struct exam_blueprint_row *b = out;
	int i = 0;

	b->id = db_ll(r, i++);
	b->institution_id = db_ll(r, i++);
	b->institution_name = db_str(r, a, i++);
	b->occupation_code = db_str(r, a, i++);
	b->level = (int)db_ll(r, i++);
	b->version = db_str(r, a, i++);
	b->doc = db_str(r, a, i++);
	b->minutes = (int)db_ll(r, i++);
	b->created_by = db_str(r, a, i++);
	b->created_at = db_str(r, a, i++);
	return true;
}

enum store_err store_exam_blueprint_insert(struct store_conn *c,
					   const struct exam_blueprint_row *b, long long *id)
{
	struct db_arg args[8] = {
		db_int(b->institution_id), db_text(b->occupation_code),
		db_int(b->level),          db_text(b->version),
		db_text(b->doc),           db_int(b->minutes),
		db_text(b->created_by),    db_text(b->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO exam_blueprint (institution_id, occupation_code, "
			    "level, version, doc, minutes, created_by, created_at) VALUES "
			    "(?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 8, id);
}

enum store_err store_exam_blueprint_get(struct store_conn *c, struct arena *a,
					long long id, struct exam_blueprint_row *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " BP_COLS "WHERE b.id = ?", &arg, 1, a, read_blueprint,
		      out);
}

enum store_err store_exam_blueprints(struct store_conn *c, struct arena *a,
				     long long institution_id,
				     struct exam_blueprint_row **items, size_t *n)
{
	struct db_arg args[2] = {db_int(institution_id), db_int(institution_id)};

	return db_collect(c,
			  "SELECT " BP_COLS "WHERE (? = 0 OR b.institution_id = ?) ORDER BY "
			  "b.occupation_code, b.level, b.id",
			  args, 2, a, sizeof(**items), read_blueprint, (void **)items, n);
}

/* ---- the bank ---- */

static bool read_bank(struct db_res *r, struct arena *a, void *out)
{
	struct exam_bank_row *b = out;
	int i = exam_item_read_at(r, a, 0, &b->x);

	b->used = db_ll(r, i++);
	b->stat_attempts = (int)db_ll(r, i++);
	b->p_milli = (int)db_ll(r, i++);
	return true;
}

enum store_err store_exam_bank(struct store_conn *c, struct arena *a,
			       long long institution_id, const char *occupation_code,
			       int level, struct exam_bank_row **items, size_t *n)
{
	struct db_arg args[3] = {db_int(institution_id), db_text(occupation_code),
				 db_int(level)};

	return db_collect(
		c,
		"SELECT " EXAM_ITEM_COLS
		", (SELECT COUNT(DISTINCT pi.paper_id) FROM exam_paper_item pi JOIN "
		"exam_item y ON y.id = pi.item_id WHERE y.institution_id = x.institution_id "
		"AND y.occupation_code = x.occupation_code AND y.level = x.level AND y.ref "
		"= x.ref), COALESCE(s.attempts, 0), COALESCE(s.p_milli, 0) FROM exam_item x "
		"JOIN institution i ON i.id = x.institution_id LEFT JOIN exam_item_stat s ON "
		"s.item_id = x.id "
		"WHERE x.institution_id = ? AND "
		"x.occupation_code = ? AND x.level = ? AND x.status = 'approved' ORDER BY "
		"x.ref, x.id",
		args, 3, a, sizeof(**items), read_bank, (void **)items, n);
}

/* ---- papers ---- */

#define P_COLS \
	"p.id, p.plan_id, p.blueprint_id, p.seed, p.status, p.digest, p.warnings, " \
	"p.created_by, p.created_at, p.sealed_by, p.sealed_at, b.institution_id, " \
	"b.occupation_code, b.version, b.level, b.minutes, (SELECT COUNT(*) FROM " \
	"exam_paper_item pi WHERE pi.paper_id = p.id), p.starts_at, p.opened_by, " \
	"p.closed_at FROM exam_paper p JOIN exam_blueprint b ON b.id = p.blueprint_id "

static bool read_paper(struct db_res *r, struct arena *a, void *out)
{
	struct exam_paper_row *p = out;
	int i = 0;

	p->id = db_ll(r, i++);
	p->plan_id = db_ll(r, i++);
	p->blueprint_id = db_ll(r, i++);
	p->seed = db_str(r, a, i++);
	p->status = db_str(r, a, i++);
	p->digest = db_str(r, a, i++);
	p->warnings = db_ll(r, i++);
	p->created_by = db_str(r, a, i++);
	p->created_at = db_str(r, a, i++);
	p->sealed_by = db_str(r, a, i++);
	p->sealed_at = db_str(r, a, i++);
	p->bank_institution_id = db_ll(r, i++);
	p->occupation_code = db_str(r, a, i++);
	p->version = db_str(r, a, i++);
	p->level = (int)db_ll(r, i++);
	p->minutes = (int)db_ll(r, i++);
	p->nitems = db_ll(r, i++);
	p->starts_at = db_str(r, a, i++);
	p->opened_by = db_str(r, a, i++);
	p->closed_at = db_str(r, a, i++);
	return true;
}

enum store_err store_exam_paper_insert(struct store_conn *c,
				       const struct exam_paper_row *p, long long *id)
{
	struct db_arg args[6] = {
		db_int(p->plan_id),  db_int(p->blueprint_id), db_text(p->seed),
		db_int(p->warnings), db_text(p->created_by),  db_text(p->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO exam_paper (plan_id, blueprint_id, seed, status, "
			    "warnings, created_by, created_at) VALUES (?, ?, ?, 'draft', ?, ?, "
			    "?) RETURNING id",
			    args, 6, id);
}

enum store_err store_exam_paper_item_insert(struct store_conn *c, long long paper_id,
					    int position, long long item_id, int score)
{
	struct db_arg args[4] = {db_int(paper_id), db_int(position), db_int(item_id),
				 db_int(score)};

	return db_exec(c,
		       "INSERT INTO exam_paper_item (paper_id, position, item_id, score) "
		       "VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

enum store_err store_exam_paper_get(struct store_conn *c, struct arena *a, long long id,
				    struct exam_paper_row *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " P_COLS "WHERE p.id = ?", &arg, 1, a, read_paper, out);
}

enum store_err store_exam_papers(struct store_conn *c, struct arena *a, long long plan_id,
				 struct exam_paper_row **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c, "SELECT " P_COLS "WHERE p.plan_id = ? ORDER BY p.id", &arg,
			  1, a, sizeof(**items), read_paper, (void **)items, n);
}

static bool read_paper_item(struct db_res *r, struct arena *a, void *out)
{
	struct exam_paper_item_row *it = out;

	it->position = (int)db_ll(r, 0);
	it->score = (int)db_ll(r, 1);
	exam_item_read_at(r, a, 2, &it->x);
	return true;
}

enum store_err store_exam_paper_items(struct store_conn *c, struct arena *a,
				      long long paper_id,
				      struct exam_paper_item_row **items, size_t *n)
{
	struct db_arg arg = db_int(paper_id);

	return db_collect(c,
			  "SELECT pi.position, pi.score, " EXAM_ITEM_COLS
			  "FROM exam_paper_item pi JOIN exam_item x ON x.id = pi.item_id "
			  "JOIN institution i ON i.id = x.institution_id "
			  "WHERE pi.paper_id = ? ORDER BY pi.position",
			  &arg, 1, a, sizeof(**items), read_paper_item, (void **)items, n);
}

enum store_err store_exam_paper_seal(struct store_conn *c, long long id,
				     const char *digest, const char *by, const char *at)
{
	struct db_arg args[4] = {db_text(digest), db_text(by), db_text(at), db_int(id)};

	return db_update_one(c,
			     "UPDATE exam_paper SET status = 'sealed', digest = ?, sealed_by = "
			     "?, sealed_at = ? WHERE id = ? AND status = 'draft'",
			     args, 4);
}
