/*
 * institution.c - the institution aggregate: rows of `institution` and
 * their identity history (name and type) in `institution_name`. SQL
 * written once for both engines (see db.h).
 */
#include <string.h>

#include "store/db.h"

#define INST_COLS \
	"id, COALESCE(parent_id, 0), name, type, province, credit_code, " \
	"created_at, updated_at, status, branch_kind, address, host_org, " \
	"registration_no, registered_on, valid_until, approval_doc, " \
	"approval_date, contact_name, contact_phone, contact_email, " \
	"credit_code_note"

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
	out->status = db_str(r, a, 8);
	out->branch_kind = db_str(r, a, 9);
	out->address = db_str(r, a, 10);
	out->host_org = db_str(r, a, 11);
	out->registration_no = db_str(r, a, 12);
	out->registered_on = db_str(r, a, 13);
	out->valid_until = db_str(r, a, 14);
	out->approval_doc = db_str(r, a, 15);
	out->approval_date = db_str(r, a, 16);
	out->contact_name = db_str(r, a, 17);
	out->contact_phone = db_str(r, a, 18);
	out->contact_email = db_str(r, a, 19);
	out->credit_code_note = db_str(r, a, 20);
	out->former_name = NULL;
	return true;
}

/* A row of a search: the institution and the former name it was found
 * by (NULL when found by its current name, or not by name). */
static bool read_hit(struct db_res *r, struct arena *a, void *dst)
{
	struct institution *out = dst;

	read_row(r, a, dst);
	out->former_name = db_str(r, a, 21);
	if (out->former_name && !strcmp(out->former_name, out->name))
		out->former_name = NULL;
	return true;
}

static const char *nz(const char *s) { return s ? s : ""; }

enum store_err store_institution_insert(struct store_conn *c,
					const struct institution *in, long long *id)
{
	struct db_arg args[16] = {
		db_text(in->name),
		db_text(in->type),
		db_text(in->province),
		db_int_or_null(in->parent_id),
		db_text(nz(in->credit_code)),
		db_text(in->created_at),
		db_text(in->updated_at),
		db_text(in->status ? in->status : "applying"),
		db_text(nz(in->branch_kind)),
		db_text(nz(in->address)),
		db_text(nz(in->host_org)),
		db_text(nz(in->contact_name)),
		db_text(nz(in->contact_phone)),
		db_text(nz(in->contact_email)),
		db_text(nz(in->credit_code_note)),
	};
	struct db_res r;
	int rc;

	rc = db_query(c,
		      "INSERT INTO institution (name, type, province, parent_id, "
		      "credit_code, created_at, updated_at, status, branch_kind, "
		      "address, host_org, contact_name, contact_phone, contact_email, "
		      "credit_code_note) "
		      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
		      args, 15, &r);
	if (rc)
		return rc;
	*id = db_next(&r) == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	if (!*id)
		return db_fail(c, "insert returned no id");
	args[0] = db_int(*id);
	args[1] = db_text(in->name);
	args[2] = db_text(in->type);
	args[3] = db_text(in->created_at);
	return db_exec(c,
		       "INSERT INTO institution_name (institution_id, name, type, "
		       "valid_from, reason) VALUES (?, ?, ?, ?, '')",
		       args, 4, NULL);
}

enum store_err store_institution_get(struct store_conn *c, struct arena *a, long long id,
				     struct institution *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " INST_COLS " FROM institution WHERE id = ?", &arg, 1, a,
		      read_row, out);
}

enum store_err store_institution_by_name(struct store_conn *c, struct arena *a,
					 const char *name, struct institution *out)
{
	struct db_arg arg = db_text(name);

	return db_one(c, "SELECT " INST_COLS " FROM institution WHERE name = ?", &arg, 1,
		      a, read_row, out);
}

enum store_err store_institution_list(struct store_conn *c, struct arena *a,
				      const struct institution_filter *f,
				      struct institution **items, size_t *n,
				      long long *total)
{
	const char *q = f->q && *f->q ? db_like_pattern(a, f->q) : "";
	const char *occ =
		f->occupation && *f->occupation ? db_like_pattern(a, f->occupation) : "";
	const char *occ_exact = f->occupation ? f->occupation : "";
	const char *type = f->type ? f->type : "";
	const char *prov = f->province ? f->province : "";
	const char *status = f->status ? f->status : "";
	const char *today = f->today ? f->today : "";
	/* the matched name's column, then the filter's, then the page */
	struct db_arg args[16] = {
		db_text(q),         db_text(q),      db_text(q),
		db_text(q),         db_text(type),   db_text(type),
		db_text(prov),      db_text(prov),   db_text(status),
		db_text(today),     db_text(status), db_text(occ),
		db_text(occ_exact), db_text(occ),    db_int(f->limit > 0 ? f->limit : 50),
		db_int(f->offset),
	};
	struct db_res r;
	int rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (!q || !occ)
		return db_fail(c, "out of memory");
/* a name search finds the institution by any name it bore */
#define INST_WHERE \
	" FROM institution WHERE (? = '' OR lower(name) LIKE lower(?) ESCAPE '\\' " \
	"OR id IN (SELECT institution_id FROM institution_name " \
	"WHERE lower(name) LIKE lower(?) ESCAPE '\\')) " \
	"AND (? = '' OR type = ?) AND (? = '' OR province = ?) " \
	"AND (? = '' OR (CASE WHEN status IN ('registered', 'suspended') AND " \
	"valid_until IS NOT NULL AND valid_until < ? THEN 'expired' ELSE status " \
	"END) = ?) " \
	"AND (? = '' OR id IN (SELECT institution_id FROM institution_scope s " \
	"WHERE s.valid_to IS NULL AND (s.occupation_code = ? OR " \
	"s.occupation_name LIKE ? ESCAPE '\\')))"
	rc = db_query(c, "SELECT count(*)" INST_WHERE, args + 1, 13, &r);
	if (rc)
		return rc;
	if (db_next(&r) == 1)
		*total = db_ll(&r, 0);
	db_done(&r);
	/* the name that matched: the current one when it does, else the
	 * latest former one (read_hit keeps only a former one) */
	rc = db_collect(c,
			"SELECT " INST_COLS ", (SELECT n.name FROM "
			"institution_name n WHERE n.institution_id = institution.id "
			"AND lower(n.name) LIKE lower(?) ESCAPE '\\' ORDER BY CASE "
			"WHEN n.valid_to IS NULL THEN 0 ELSE 1 END, n.valid_from DESC, "
			"n.id DESC LIMIT 1)" INST_WHERE " ORDER BY id LIMIT ? OFFSET ?",
			args, 16, a, sizeof(**items), read_hit, (void **)items, n);
#undef INST_WHERE
	return rc;
}

enum store_err store_institution_children(struct store_conn *c, struct arena *a,
					  long long id, struct institution **items,
					  size_t *n)
{
	struct db_arg arg = db_int(id);

	return db_collect(c,
			  "SELECT " INST_COLS " FROM institution "
			  "WHERE parent_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_row, (void **)items, n);
}

/* Closes the open identity record and opens one with the row's current
 * name and type. */
static int new_identity(struct store_conn *c, long long id, const char *reason,
			const char *doc_no, const char *when)
{
	struct db_arg close[2] = {db_text(when), db_int(id)};
	struct db_arg ins[4] = {db_text(when), db_text(nz(reason)), db_text(nz(doc_no)),
				db_int(id)};
	int rc = db_exec(c,
			 "UPDATE institution_name SET valid_to = ? "
			 "WHERE institution_id = ? AND valid_to IS NULL",
			 close, 2, NULL);

	if (rc)
		return rc;
	return db_exec(c,
		       "INSERT INTO institution_name (institution_id, name, type, "
		       "valid_from, reason, doc_no) SELECT id, name, type, ?, ?, ? "
		       "FROM institution WHERE id = ?",
		       ins, 4, NULL);
}

enum store_err store_institution_rename(struct store_conn *c, long long id,
					const char *new_name, const char *new_type,
					const char *branch_kind, const char *reason,
					const char *doc_no, const char *when)
{
	/* NULL type and kind keep the current ones */
	struct db_arg args[5] = {db_text(new_name), db_text(new_type),
				 db_text(branch_kind), db_text(when), db_int(id)};
	long long changed = 0;
	int rc;

	rc = db_exec(c,
		     "UPDATE institution SET name = ?, type = COALESCE(?, type), "
		     "branch_kind = COALESCE(?, branch_kind), updated_at = ? "
		     "WHERE id = ?",
		     args, 5, &changed);
	if (rc)
		return rc;
	if (!changed)
		return STORE_NOT_FOUND;
	return new_identity(c, id, reason, doc_no, when);
}

static bool read_name(struct db_res *r, struct arena *a, void *out)
{
	struct institution_name *e = out;

	e->name = db_str(r, a, 0);
	e->valid_from = db_str(r, a, 1);
	e->valid_to = db_str(r, a, 2);
	e->reason = db_str(r, a, 3);
	e->type = db_str(r, a, 4);
	e->doc_no = db_str(r, a, 5);
	return true;
}

enum store_err store_institution_names(struct store_conn *c, struct arena *a, long long id,
				       struct institution_name **items, size_t *n)
{
	struct db_arg arg = db_int(id);

	return db_collect(c,
			  "SELECT name, valid_from, valid_to, reason, type, "
			  "doc_no FROM institution_name WHERE institution_id = ? "
			  "ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_name, (void **)items, n);
}

enum store_err store_institution_name_at(struct store_conn *c, struct arena *a,
					 long long id, const char *when, const char **name)
{
	struct db_arg args[3] = {db_int(id), db_text(when), db_text(when)};
	struct institution_name e;
	int rc = db_one(c,
			"SELECT name, valid_from, valid_to, reason, type, doc_no "
			"FROM institution_name WHERE institution_id = ? AND "
			"valid_from <= ? AND (valid_to IS NULL OR valid_to > ?) "
			"ORDER BY id DESC LIMIT 1",
			args, 3, a, read_name, &e);

	*name = rc == STORE_OK ? e.name : NULL;
	return rc;
}

enum store_err store_institution_update(struct store_conn *c, const struct institution *in)
{
	struct db_arg args[10] = {
		db_text(nz(in->address)),          db_text(nz(in->host_org)),
		db_text(nz(in->contact_name)),     db_text(nz(in->contact_phone)),
		db_text(nz(in->contact_email)),    db_text(nz(in->credit_code)),
		db_text(nz(in->credit_code_note)), db_text(in->province),
		db_text(in->updated_at),           db_int(in->id),
	};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE institution SET address = ?, host_org = ?, "
			 "contact_name = ?, contact_phone = ?, contact_email = ?, "
			 "credit_code = ?, credit_code_note = ?, province = ?, "
			 "updated_at = ? WHERE id = ?",
			 args, 10, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_institution_set_status(struct store_conn *c, long long id,
					    const char *status, const char *when)
{
	struct db_arg args[3] = {db_text(status), db_text(when), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE institution SET status = ?, updated_at = ? "
			 "WHERE id = ?",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_institution_set_registration(struct store_conn *c,
						  const struct institution *in)
{
	struct db_arg args[8] = {
		db_text(in->status),           db_text(in->registration_no),
		db_text(in->registered_on),    db_text(in->valid_until),
		db_text(nz(in->approval_doc)), db_text(in->approval_date),
		db_text(in->updated_at),       db_int(in->id),
	};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE institution SET status = ?, registration_no = ?, "
			 "registered_on = ?, valid_until = ?, approval_doc = ?, "
			 "approval_date = ?, updated_at = ? WHERE id = ?",
			 args, 8, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_institution_expiring(struct store_conn *c, struct arena *a,
					  const char *until, struct institution **items,
					  size_t *n)
{
	struct db_arg arg = db_text(until);

	return db_collect(c,
			  "SELECT " INST_COLS " FROM institution "
			  "WHERE status IN ('registered', 'suspended') AND "
			  "valid_until IS NOT NULL AND valid_until <= ? "
			  "ORDER BY valid_until, id",
			  &arg, 1, a, sizeof(**items), read_row, (void **)items, n);
}
