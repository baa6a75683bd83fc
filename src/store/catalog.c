/*
 * catalog.c - occupations, work types and standard versions. SQL written
 * once for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

enum store_err store_occupation_ensure(struct store_conn *c, const char *edition,
				       const char *code, const char *name, long long *id)
{
	struct db_arg args[3] = {db_text(edition), db_text(code), db_text(name)};
	struct db_res r;
	int rc = db_exec(c,
			 "INSERT INTO occupation (edition, code, name) VALUES (?, ?, ?) "
			 "ON CONFLICT (edition, code) DO NOTHING",
			 args, 3, NULL);

	if (rc)
		return rc;
	rc = db_query(c, "SELECT id FROM occupation WHERE edition = ? AND code = ?", args,
		      2, &r);
	if (rc)
		return rc;
	*id = db_next(&r) == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	return *id ? STORE_OK : db_fail(c, "occupation %s vanished", code);
}

enum store_err store_work_type_ensure(struct store_conn *c, long long occupation_id,
				      const char *name)
{
	struct db_arg args[2] = {db_int(occupation_id), db_text(name)};

	return db_exec(c,
		       "INSERT INTO work_type (occupation_id, name) VALUES (?, ?) "
		       "ON CONFLICT (occupation_id, name) DO NOTHING",
		       args, 2, NULL);
}

enum store_err store_standard_ensure(struct store_conn *c, const struct standard_row *s,
				     const char *when, bool *added)
{
	struct db_arg args[8] = {
		db_int(s->occupation_id),   db_text(s->version),
		db_text(s->name),           db_text(s->citation ? s->citation : ""),
		db_text(s->effective_from), db_text(s->effective_to),
		db_text(s->definition),     db_text(when),
	};
	long long changes = 0;
	int rc = db_exec(c,
			 "INSERT INTO standard (occupation_id, version, name, citation, "
			 "effective_from, effective_to, definition, created_at) "
			 "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			 "ON CONFLICT (occupation_id, version) DO NOTHING",
			 args, 8, &changes);

	*added = rc == STORE_OK && changes > 0;
	return rc;
}

static bool read_occupation(struct db_res *r, struct arena *a, void *out)
{
	struct occupation *o = out;

	o->id = db_ll(r, 0);
	o->edition = db_str(r, a, 1);
	o->code = db_str(r, a, 2);
	o->name = db_str(r, a, 3);
	o->nstandards = db_ll(r, 4);
	o->work_types = NULL;
	return true;
}

enum store_err store_occupation_list(struct store_conn *c, struct arena *a, const char *q,
				     struct occupation **items, size_t *n)
{
	const char *pattern = q && *q ? arena_printf(a, "%%%s%%", q) : "";
	struct db_arg args[3] = {db_text(pattern), db_text(pattern), db_text(q ? q : "")};

	if (!pattern)
		return db_fail(c, "out of memory");
	return db_collect(c,
			  "SELECT o.id, o.edition, o.code, o.name, "
			  "(SELECT count(*) FROM standard s WHERE s.occupation_id = o.id) "
			  "FROM occupation o WHERE (? = '' OR o.name LIKE ? OR o.code = ?) "
			  "ORDER BY o.code, o.edition",
			  args, 3, a, sizeof(**items), read_occupation, (void **)items, n);
}

static bool read_wt(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_work_types(struct store_conn *c, struct arena *a,
				long long occupation_id, const char ***items, size_t *n)
{
	struct db_arg arg = db_int(occupation_id);

	return db_collect(c,
			  "SELECT name FROM work_type WHERE occupation_id = ? "
			  "ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_wt, (void **)items, n);
}

#define STD_COLS \
	"s.id, s.occupation_id, o.code, o.name, s.version, s.name, s.citation, " \
	"s.effective_from, s.effective_to"

static bool read_std(struct db_res *r, struct arena *a, void *out)
{
	struct standard_row *s = out;

	s->id = db_ll(r, 0);
	s->occupation_id = db_ll(r, 1);
	s->occupation_code = db_str(r, a, 2);
	s->occupation_name = db_str(r, a, 3);
	s->version = db_str(r, a, 4);
	s->name = db_str(r, a, 5);
	s->citation = db_str(r, a, 6);
	s->effective_from = db_str(r, a, 7);
	s->effective_to = db_str(r, a, 8);
	s->definition = NULL;
	return true;
}

enum store_err store_standard_list(struct store_conn *c, struct arena *a,
				   long long occupation_id, struct standard_row **items,
				   size_t *n)
{
	struct db_arg args[2] = {db_int(occupation_id), db_int(occupation_id)};

	return db_collect(c,
			  "SELECT " STD_COLS " FROM standard s JOIN occupation o ON "
			  "o.id = s.occupation_id WHERE (? = 0 OR s.occupation_id = ?) "
			  "ORDER BY o.code, s.effective_from",
			  args, 2, a, sizeof(**items), read_std, (void **)items, n);
}

static bool read_std_full(struct db_res *r, struct arena *a, void *out)
{
	struct standard_row *s = out;

	read_std(r, a, out);
	s->definition = db_str(r, a, 9);
	return true;
}

enum store_err store_standard_get(struct store_conn *c, struct arena *a, long long id,
				  struct standard_row *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c,
		      "SELECT " STD_COLS ", s.definition FROM standard s JOIN "
		      "occupation o ON o.id = s.occupation_id WHERE s.id = ?",
		      &arg, 1, a, read_std_full, out);
}
