/*
 * exam_item.c - the item bank of theory exams: the versions of each item
 * and their workflow columns (migration 0041; core/item.h, app/item.c).
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

#define ITEM_COLS \
	EXAM_ITEM_COLS "FROM exam_item x JOIN institution i ON i.id = x.institution_id "

int exam_item_read_at(struct db_res *r, struct arena *a, int i, struct exam_item_row *x)
{
	x->id = db_ll(r, i++);
	x->institution_id = db_ll(r, i++);
	x->institution_name = db_str(r, a, i++);
	x->occupation_code = db_str(r, a, i++);
	x->level = (int)db_ll(r, i++);
	x->ref = db_str(r, a, i++);
	x->version = (int)db_ll(r, i++);
	x->kind = db_str(r, a, i++);
	x->point = db_str(r, a, i++);
	x->stem = db_str(r, a, i++);
	x->options = db_str(r, a, i++);
	x->answer_key = db_ll(r, i++);
	x->explanation = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->author = db_str(r, a, i++);
	x->reviewer = db_str(r, a, i++);
	x->review_note = db_str(r, a, i++);
	x->reviewed_at = db_str(r, a, i++);
	x->approver = db_str(r, a, i++);
	x->approved_at = db_str(r, a, i++);
	x->retired_at = db_str(r, a, i++);
	x->retire_reason = db_str(r, a, i++);
	x->supersedes = db_ll(r, i++);
	x->created_at = db_str(r, a, i++);
	x->updated_at = db_str(r, a, i++);
	return i;
}

static bool read_item(struct db_res *r, struct arena *a, void *out)
{
	exam_item_read_at(r, a, 0, out);
	return true;
}

enum store_err store_exam_item_insert(struct store_conn *c, const struct exam_item_row *x,
				      long long *id)
{
	struct db_arg args[16] = {
		db_int(x->institution_id),
		db_text(x->occupation_code),
		db_int(x->level),
		db_text(x->ref),
		db_int(x->version),
		db_text(x->kind),
		db_text(x->point),
		db_text(x->stem),
		db_text(x->options),
		db_int(x->answer_key),
		db_text(x->explanation),
		db_text(x->status),
		db_text(x->author),
		x->supersedes ? db_int(x->supersedes) : db_text(NULL),
		db_text(x->created_at),
		db_text(x->created_at),
	};

	return db_insert_id(
		c,
		"INSERT INTO exam_item (institution_id, occupation_code, level, ref, "
		"version, kind, point, stem, options, answer_key, explanation, status, "
		"author, supersedes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, "
		"?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		args, 16, id);
}

enum store_err store_exam_item_get(struct store_conn *c, struct arena *a, long long id,
				   struct exam_item_row *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " ITEM_COLS "WHERE x.id = ?", &arg, 1, a, read_item, out);
}

enum store_err store_exam_items(struct store_conn *c, struct arena *a,
				const struct exam_item_filter *f,
				struct exam_item_row **items, size_t *n)
{
	const char *occ = f->occupation_code ? f->occupation_code : "";
	const char *st = f->status ? f->status : "";
	const char *pt = f->point ? f->point : "";
	const char *ref = f->ref ? f->ref : "";
	struct db_arg args[15] = {
		db_int(f->institution_id),
		db_int(f->institution_id),
		db_text(occ),
		db_text(occ),
		db_int(f->level),
		db_int(f->level),
		db_text(st),
		db_text(st),
		db_text(pt),
		db_text(pt),
		db_text(ref),
		db_text(ref),
		db_int(f->before),
		db_int(f->before),
		db_int(f->limit > 0 ? f->limit : 100),
	};

	return db_collect(c,
			  "SELECT " ITEM_COLS
			  "WHERE (? = 0 OR x.institution_id = ?) AND (? = '' OR "
			  "x.occupation_code = ?) AND (? = 0 OR x.level = ?) AND (? = '' OR "
			  "x.status = ?) AND (? = '' OR x.point = ?) AND (? = '' OR x.ref = ?) "
			  "AND (? = 0 OR x.id < ?) ORDER BY x.id DESC LIMIT ?",
			  args, 15, a, sizeof(**items), read_item, (void **)items, n);
}

enum store_err store_exam_item_save(struct store_conn *c, const struct exam_item_row *x,
				    const char *from)
{
	struct db_arg args[19] = {
		db_text(x->kind),        db_text(x->point),
		db_text(x->stem),        db_text(x->options),
		db_int(x->answer_key),   db_text(x->explanation),
		db_text(x->status),      db_text(x->reviewer),
		db_text(x->review_note), db_text(x->reviewed_at),
		db_text(x->approver),    db_text(x->approved_at),
		db_text(x->retired_at),  db_text(x->retire_reason),
		db_text(x->updated_at),  db_int(x->id),
		db_text(from),
	};

	return db_update_one(
		c,
		"UPDATE exam_item SET kind = ?, point = ?, stem = ?, options = ?, "
		"answer_key = ?, explanation = ?, status = ?, reviewer = ?, "
		"review_note = ?, reviewed_at = ?, approver = ?, approved_at = ?, "
		"retired_at = ?, retire_reason = ?, updated_at = ? WHERE id = ? AND "
		"status = ?",
		args, 17);
}

static bool read_version(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(int *)out = (int)db_ll(r, 0);
	return true;
}

enum store_err store_exam_item_last_version(struct store_conn *c,
					    const struct exam_item_row *x, int *version)
{
	struct db_arg args[4] = {db_int(x->institution_id), db_text(x->occupation_code),
				 db_int(x->level), db_text(x->ref)};

	*version = 0;
	return db_one(c,
		      "SELECT COALESCE(MAX(version), 0) FROM exam_item WHERE institution_id = ? "
		      "AND occupation_code = ? AND level = ? AND ref = ?",
		      args, 4, NULL, read_version, version);
}
