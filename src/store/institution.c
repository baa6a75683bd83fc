/*
 * institution.c - the institution aggregate: rows of `institution` and
 * their name history in `institution_name`. SQL written once for both
 * engines (see db.h).
 */
#include <string.h>

#include "base/buf.h"
#include "store/db.h"

#define INST_COLS \
	"id, COALESCE(parent_id, 0), name, type, province, credit_code, " \
	"created_at, updated_at"

static bool read_row(struct db_res *r, struct arena *a, void *dst)
{
	struct institution *out = dst;

	out->id = db_ll(r, 0);
	out->parent_id = db_ll(r, 1);
	out->name = db_str(r, a, 2);
	out->type = db_str(r, a, 3);
	out->province = db_str(r, a, 4);
	out->credit_code = db_str(r, a, 5);
	out->created_at = db_str(r, a, 6);
	out->updated_at = db_str(r, a, 7);
	return true;
}

int store_institution_insert(struct store_conn *c,
			     const struct institution *in, long long *id)
{
	struct db_arg args[7] = {
		db_text(in->name),        db_text(in->type),
		db_text(in->province),    db_int_or_null(in->parent_id),
		db_text(in->credit_code ? in->credit_code : ""),
		db_text(in->created_at),  db_text(in->updated_at),
	};
	struct db_res r;
	int rc;

	rc = db_query(c,
		      "INSERT INTO institution (name, type, province, parent_id, "
		      "credit_code, created_at, updated_at) "
		      "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
		      args, 7, &r);
	if (rc)
		return rc;
	*id = db_next(&r) == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	if (!*id)
		return db_fail(c, "insert returned no id");
	args[0] = db_int(*id);
	args[1] = db_text(in->name);
	args[2] = db_text(in->created_at);
	return db_exec(c,
		       "INSERT INTO institution_name (institution_id, name, "
		       "valid_from, reason) VALUES (?, ?, ?, '')",
		       args, 3, NULL);
}

int store_institution_get(struct store_conn *c, struct arena *a, long long id,
			  struct institution *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " INST_COLS " FROM institution WHERE id = ?", &arg,
		      1, a, read_row, out);
}

/* "%" and "_" in a user's search text are literal, not wildcards. */
static const char *like_pattern(struct arena *a, const char *q)
{
	struct buf b;
	char *out;

	buf_init(&b, 0);
	buf_putc(&b, '%');
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			buf_putc(&b, '\\');
		buf_putc(&b, *q);
	}
	buf_putc(&b, '%');
	out = buf_failed(&b) ? NULL : arena_strdup(a, b.data);
	buf_release(&b);
	return out;
}

int store_institution_list(struct store_conn *c, struct arena *a,
			   const struct institution_filter *f,
			   struct institution **items, size_t *n,
			   long long *total)
{
	const char *q = f->q && *f->q ? like_pattern(a, f->q) : "";
	const char *type = f->type ? f->type : "";
	const char *prov = f->province ? f->province : "";
	struct db_arg args[8] = {
		db_text(q), db_text(q), db_text(type), db_text(type),
		db_text(prov), db_text(prov),
		db_int(f->limit > 0 ? f->limit : 50), db_int(f->offset),
	};
	struct db_res r;
	int rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (!q)
		return db_fail(c, "out of memory");
#define INST_WHERE \
	 " FROM institution WHERE (? = '' OR lower(name) LIKE lower(?) ESCAPE '\\') " \
	"AND (? = '' OR type = ?) AND (? = '' OR province = ?)"
	rc = db_query(c, "SELECT count(*)" INST_WHERE, args, 6, &r);
	if (rc)
		return rc;
	if (db_next(&r) == 1)
		*total = db_ll(&r, 0);
	db_done(&r);
	rc = db_collect(c, "SELECT " INST_COLS INST_WHERE
			   " ORDER BY id LIMIT ? OFFSET ?",
			args, 8, a, sizeof(**items), read_row, (void **)items, n);
#undef INST_WHERE
	return rc;
}

int store_institution_rename(struct store_conn *c, long long id,
			     const char *new_name, const char *reason,
			     const char *when)
{
	struct db_arg args[3];
	long long changed = 0;
	int rc;

	args[0] = db_text(new_name);
	args[1] = db_text(when);
	args[2] = db_int(id);
	rc = db_exec(c, "UPDATE institution SET name = ?, updated_at = ? WHERE id = ?",
		     args, 3, &changed);
	if (rc)
		return rc;
	if (!changed)
		return STORE_NOT_FOUND;
	args[0] = db_text(when);
	args[1] = db_int(id);
	rc = db_exec(c, "UPDATE institution_name SET valid_to = ? "
			"WHERE institution_id = ? AND valid_to IS NULL",
		     args, 2, NULL);
	if (rc)
		return rc;
	{
		struct db_arg ins[4] = {db_int(id), db_text(new_name), db_text(when),
					db_text(reason ? reason : "")};

		return db_exec(c,
			       "INSERT INTO institution_name (institution_id, name, "
			       "valid_from, reason) VALUES (?, ?, ?, ?)",
			       ins, 4, NULL);
	}
}

static bool read_name(struct db_res *r, struct arena *a, void *out)
{
	struct institution_name *e = out;

	e->name = db_str(r, a, 0);
	e->valid_from = db_str(r, a, 1);
	e->valid_to = db_str(r, a, 2);
	e->reason = db_str(r, a, 3);
	return true;
}

int store_institution_names(struct store_conn *c, struct arena *a,
			    long long id, struct institution_name **items,
			    size_t *n)
{
	struct db_arg arg = db_int(id);

	return db_collect(c, "SELECT name, valid_from, valid_to, reason "
			     "FROM institution_name WHERE institution_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_name, (void **)items, n);
}
