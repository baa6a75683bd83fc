/*
 * stamp.c - institutions' seals (电子印章, core/stamp.h). SQL written once
 * for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

#define STAMP_COLS \
	"s.institution_id, s.mime, s.data, s.width, s.height, s.added_by, s.added_at"

static bool read_stamp(struct db_res *r, struct arena *a, void *out)
{
	struct inst_stamp *s = out;

	s->institution_id = db_ll(r, 0);
	s->mime = db_str(r, a, 1);
	s->data_b64 = db_str(r, a, 2);
	s->width = (int)db_ll(r, 3);
	s->height = (int)db_ll(r, 4);
	s->added_by = db_str(r, a, 5);
	s->added_at = db_str(r, a, 6);
	return true;
}

enum store_err store_stamp_put(struct store_conn *c, const struct inst_stamp *s)
{
	struct db_arg args[7] = {db_int(s->institution_id), db_text(s->mime),
				 db_text(s->data_b64),      db_int(s->width),
				 db_int(s->height),         db_text(s->added_by),
				 db_text(s->added_at)};

	return db_exec(c,
		       "INSERT INTO institution_seal (institution_id, mime, data, width, "
		       "height, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
		       "ON CONFLICT (institution_id) DO UPDATE SET mime = excluded.mime, "
		       "data = excluded.data, width = excluded.width, height = "
		       "excluded.height, added_by = excluded.added_by, added_at = "
		       "excluded.added_at",
		       args, 7, NULL);
}

enum store_err store_stamp_get(struct store_conn *c, struct arena *a,
			       long long institution_id, struct inst_stamp *out)
{
	struct db_arg arg = db_int(institution_id);

	return db_one(c,
		      "SELECT " STAMP_COLS
		      " FROM institution_seal s WHERE s.institution_id = ?",
		      &arg, 1, a, read_stamp, out);
}

enum store_err store_stamp_of_center(struct store_conn *c, struct arena *a,
				     struct inst_stamp *out)
{
	return db_one(c,
		      "SELECT " STAMP_COLS " FROM institution_seal s JOIN institution i ON "
		      "i.id = s.institution_id WHERE i.type = 'center' ORDER BY i.id LIMIT 1",
		      NULL, 0, a, read_stamp, out);
}

enum store_err store_stamp_delete(struct store_conn *c, long long institution_id)
{
	struct db_arg arg = db_int(institution_id);
	long long changed = 0;
	int rc = db_exec(c, "DELETE FROM institution_seal WHERE institution_id = ?", &arg,
			 1, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}
