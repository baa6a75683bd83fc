/*
 * person.c - the person registry (sealed ID numbers with a blind index)
 * and the wrapped data keys. SQL written once for both engines (db.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

#define PERSON_COLS \
	"id, name, id_type, id_masked, sex, birth_date, education, employer, " \
	"employer_credit_code, work_start, phone, created_at, updated_at"

static bool read_person(struct db_res *r, struct arena *a, void *out)
{
	struct person *p = out;

	p->id = db_ll(r, 0);
	p->name = db_str(r, a, 1);
	p->id_type = db_str(r, a, 2);
	p->id_masked = db_str(r, a, 3);
	p->sex = db_str(r, a, 4);
	p->birth_date = db_str(r, a, 5);
	p->education = db_str(r, a, 6);
	p->employer = db_str(r, a, 7);
	p->employer_credit_code = db_str(r, a, 8);
	p->work_start = db_str(r, a, 9);
	p->phone = db_str(r, a, 10);
	p->created_at = db_str(r, a, 11);
	p->updated_at = db_str(r, a, 12);
	return true;
}

enum store_err store_person_insert(struct store_conn *c, const struct person *p,
				   const char *id_sealed, const char *id_blind,
				   long long *id)
{
	return store_person_insert_by(c, p, id_sealed, id_blind, 0, id);
}

enum store_err store_person_insert_by(struct store_conn *c, const struct person *p,
				      const char *id_sealed, const char *id_blind,
				      long long registered_by, long long *id)
{
	struct db_arg args[15] = {
		db_text(p->name),
		db_text(p->id_type),
		db_text(id_sealed),
		db_text(id_blind),
		db_text(p->id_masked),
		db_text(nz(p->sex)),
		db_text(p->birth_date),
		db_text(nz(p->education)),
		db_text(nz(p->employer)),
		db_text(nz(p->employer_credit_code)),
		db_text(p->work_start),
		db_text(nz(p->phone)),
		db_text(p->created_at),
		db_text(p->updated_at),
		db_int_or_null(registered_by),
	};
	return db_insert_id(c,
			    "INSERT INTO person (name, id_type, id_sealed, id_blind, "
			    "id_masked, sex, birth_date, education, employer, "
			    "employer_credit_code, work_start, phone, created_at, "
			    "updated_at, registered_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
			    "?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 15, id);
}

/* One person by (id_type, id_blind): the unique index, on either engine. */
#define BY_BLIND \
	"SELECT " PERSON_COLS ", id_blind FROM person WHERE id_type = ? AND id_blind = ?"
#define BY_BLIND4 \
	BY_BLIND " UNION ALL " BY_BLIND " UNION ALL " BY_BLIND " UNION ALL " BY_BLIND
#define BY_BLIND16 \
	BY_BLIND4 " UNION ALL " BY_BLIND4 " UNION ALL " BY_BLIND4 " UNION ALL " BY_BLIND4

enum store_err store_person_by_blinds(struct store_conn *c, struct arena *a,
				      const char *const *types, const char *const *blinds,
				      size_t n, struct person *const *found)
{
	struct db_arg args[2 * STORE_PERSON_KEYS];
	struct db_res r;
	int rc, got;

	if (n > STORE_PERSON_KEYS)
		return db_fail(c, "too many people at once");
	for (size_t i = 0; i < STORE_PERSON_KEYS; i++) {
		args[2 * i] = db_text(i < n ? types[i] : NULL);
		args[2 * i + 1] = db_text(i < n ? blinds[i] : NULL);
	}
	/* one lookup by the unique index a pair, the pairs past n NULL (they
	 * match nothing): a plan that stays right however the table grows
	 * within the transaction (an IN list or ORs may be planned as a scan
	 * while the table is small) */
	rc = db_query(c, BY_BLIND16, args, 2 * STORE_PERSON_KEYS, &r);
	if (rc)
		return rc;
	while ((got = db_next(&r)) == 1) {
		struct person p;
		const char *blind;

		read_person(&r, a, &p);
		blind = db_str(&r, a, 13);
		for (size_t i = 0; i < n; i++)
			if (blind && p.id_type && !strcmp(blinds[i], blind) &&
			    !strcmp(types[i], p.id_type))
				*found[i] = p;
	}
	db_done(&r);
	return got < 0 ? STORE_ERROR : STORE_OK;
}

enum store_err store_person_copy(struct store_conn *c, const struct person *people,
				 const char *const *sealed, const char *const *blind,
				 long long registered_by, size_t n)
{
	static const char *const cols[] = {
		"name",          "id_type",
		"id_sealed",     "id_blind",
		"id_masked",     "sex",
		"birth_date",    "education",
		"employer",      "employer_credit_code",
		"work_start",    "phone",
		"created_at",    "updated_at",
		"registered_by",
	};
	enum { NCOLS = sizeof(cols) / sizeof(cols[0]) };
	const char **v = n ? calloc(n * NCOLS, sizeof(*v)) : NULL;
	char by[24];
	int rc;

	if (!n)
		return STORE_OK;
	if (!v)
		return db_fail(c, "out of memory");
	snprintf(by, sizeof(by), "%lld", registered_by);
	for (size_t i = 0; i < n; i++) {
		const struct person *p = &people[i];
		const char **r = v + i * NCOLS;

		r[0] = p->name;
		r[1] = p->id_type;
		r[2] = sealed[i];
		r[3] = blind[i];
		r[4] = p->id_masked;
		r[5] = nz(p->sex);
		r[6] = p->birth_date;
		r[7] = nz(p->education);
		r[8] = nz(p->employer);
		r[9] = nz(p->employer_credit_code);
		r[10] = p->work_start;
		r[11] = nz(p->phone);
		r[12] = p->created_at;
		r[13] = p->updated_at;
		r[14] = registered_by ? by : NULL;
	}
	rc = db_copy(c, "person", cols, NCOLS, v, n);
	free(v);
	return rc;
}

enum store_err store_person_institutions(struct store_conn *c, long long person_id,
					 long long *out, size_t max, size_t *n)
{
	struct db_arg args[4] = {db_int(person_id), db_int(person_id), db_int(person_id),
				 db_int(person_id)};
	struct db_res r;
	int rc = db_query(
		c,
		"SELECT registered_by FROM person WHERE id = ? AND registered_by IS "
		"NOT NULL UNION SELECT pl.institution_id FROM enrolment e JOIN plan pl "
		"ON pl.id = e.plan_id WHERE e.person_id = ? UNION SELECT "
		"pl.institution_id FROM plan_staff s JOIN plan pl ON pl.id = s.plan_id "
		"WHERE s.person_id = ? UNION SELECT i.id FROM person p JOIN institution "
		"i ON i.credit_code = p.employer_credit_code WHERE p.id = ? AND "
		"p.employer_credit_code <> ''",
		args, 4, &r);

	*n = 0;
	if (rc)
		return (enum store_err)rc;
	while ((rc = db_next(&r)) == 1)
		if (*n < max)
			out[(*n)++] = db_ll(&r, 0);
	db_done(&r);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

enum store_err store_person_get(struct store_conn *c, struct arena *a, long long id,
				struct person *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " PERSON_COLS " FROM person WHERE id = ?", &arg, 1, a,
		      read_person, out);
}

enum store_err store_person_by_blind(struct store_conn *c, struct arena *a,
				     const char *id_type, const char *id_blind,
				     struct person *out)
{
	struct db_arg args[2] = {db_text(id_type), db_text(id_blind)};

	return db_one(c,
		      "SELECT " PERSON_COLS " FROM person WHERE id_type = ? AND "
		      "id_blind = ?",
		      args, 2, a, read_person, out);
}

enum store_err store_photo_put(struct store_conn *c, long long person_id,
			       const char *mime, const char *data_b64, const char *now)
{
	struct db_arg args[4] = {db_int(person_id), db_text(mime), db_text(data_b64),
				 db_text(now)};

	return db_exec(c,
		       "INSERT INTO person_photo (person_id, mime, data, added_at) "
		       "VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET "
		       "mime = excluded.mime, data = excluded.data, "
		       "added_at = excluded.added_at",
		       args, 4, NULL);
}

enum store_err store_photo_get(struct store_conn *c, struct arena *a, long long person_id,
			       const char **mime, const char **data_b64)
{
	struct db_arg arg = db_int(person_id);
	struct db_res r;
	int rc = db_query(c, "SELECT mime, data FROM person_photo WHERE person_id = ?",
			  &arg, 1, &r);

	if (rc)
		return rc;
	rc = db_next(&r);
	if (rc == 1) {
		*mime = db_str(&r, a, 0);
		*data_b64 = db_str(&r, a, 1);
	}
	db_done(&r);
	if (rc < 0)
		return STORE_ERROR;
	return rc == 1 ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_person_sealed_id(struct store_conn *c, struct arena *a, long long id,
				      const char **sealed)
{
	struct db_arg arg = db_int(id);
	struct db_res r;
	int rc = db_query(c, "SELECT id_sealed FROM person WHERE id = ?", &arg, 1, &r), got;

	*sealed = NULL;
	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1)
		*sealed = db_str(&r, a, 0);
	db_done(&r);
	if (got < 0)
		return STORE_ERROR;
	return got == 1 ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_person_list(struct store_conn *c, struct arena *a, const char *q,
				 long long limit, long long offset, struct person **items,
				 size_t *n)
{
	const char *pattern;
	struct db_arg args[4];

	pattern = db_like_pattern(a, q);
	if (!pattern)
		return db_fail(c, "out of memory");
	args[0] = db_text(nz(q));
	args[1] = db_text(pattern);
	args[2] = db_int(limit > 0 ? limit : 50);
	args[3] = db_int(offset);
	return db_collect(c,
			  "SELECT " PERSON_COLS " FROM person WHERE (? = '' OR name "
			  "LIKE ? ESCAPE '\\') ORDER BY id LIMIT ? OFFSET ?",
			  args, 4, a, sizeof(**items), read_person, (void **)items, n);
}

enum store_err store_person_list_within(struct store_conn *c, struct arena *a,
					const char *q, const long long *roots,
					size_t nroots, long long limit, long long offset,
					struct person **items, size_t *n)
{
	struct db_arg args[STORE_PERSON_ROOTS + 4];
	const char *pattern;

	*items = NULL;
	*n = 0;
	if (!nroots)
		return STORE_OK;
	pattern = db_like_pattern(a, q);
	if (!pattern)
		return db_fail(c, "out of memory");
	/* unused slots repeat the first root: one statement for any count */
	for (size_t i = 0; i < STORE_PERSON_ROOTS; i++)
		args[i] = db_int(roots[i < nroots ? i : 0]);
	args[STORE_PERSON_ROOTS] = db_text(nz(q));
	args[STORE_PERSON_ROOTS + 1] = db_text(pattern);
	args[STORE_PERSON_ROOTS + 2] = db_int(limit > 0 ? limit : 50);
	args[STORE_PERSON_ROOTS + 3] = db_int(offset);
	return db_collect(
		c,
		"WITH RECURSIVE sub (id) AS (SELECT id FROM institution WHERE id IN "
		"(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) UNION SELECT i.id FROM "
		"institution i JOIN sub ON i.parent_id = sub.id) "
		"SELECT " PERSON_COLS " FROM person WHERE (? = '' OR name LIKE ? "
		"ESCAPE '\\') AND (registered_by IN (SELECT id FROM sub) OR EXISTS "
		"(SELECT 1 FROM enrolment e JOIN plan pl ON pl.id = e.plan_id WHERE "
		"e.person_id = person.id AND pl.institution_id IN (SELECT id FROM sub)) "
		"OR EXISTS (SELECT 1 FROM plan_staff s JOIN plan pl ON pl.id = "
		"s.plan_id WHERE s.person_id = person.id AND pl.institution_id IN "
		"(SELECT id FROM sub)) OR (employer_credit_code <> '' AND "
		"employer_credit_code IN (SELECT i.credit_code FROM institution i "
		"WHERE i.id IN (SELECT id FROM sub)))) ORDER BY id LIMIT ? OFFSET ?",
		args, STORE_PERSON_ROOTS + 4, a, sizeof(**items), read_person,
		(void **)items, n);
}

enum store_err store_person_update(struct store_conn *c, const struct person *p)
{
	struct db_arg args[9] = {
		db_text(p->name),         db_text(nz(p->education)),
		db_text(nz(p->employer)), db_text(nz(p->employer_credit_code)),
		db_text(p->work_start),   db_text(nz(p->phone)),
		db_text(p->updated_at),   db_int(p->id),
	};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE person SET name = ?, education = ?, employer = ?, "
			 "employer_credit_code = ?, work_start = ?, phone = ?, "
			 "updated_at = ? WHERE id = ?",
			 args, 8, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_secret_get(struct store_conn *c, struct arena *a, const char *name,
				const char **wrapped)
{
	struct db_arg arg = db_text(name);
	struct db_res r;
	int rc = db_query(c, "SELECT wrapped FROM secret WHERE name = ?", &arg, 1, &r), got;

	*wrapped = NULL;
	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1)
		*wrapped = db_str(&r, a, 0);
	db_done(&r);
	if (got < 0)
		return STORE_ERROR;
	return got == 1 ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_secret_put_new(struct store_conn *c, const char *name,
				    const char *wrapped, const char *when)
{
	struct db_arg args[3] = {db_text(name), db_text(wrapped), db_text(when)};

	/* the first writer wins; others read its key afterwards */
	return db_exec(c,
		       "INSERT INTO secret (name, wrapped, created_at) VALUES (?, ?, ?) "
		       "ON CONFLICT (name) DO NOTHING",
		       args, 3, NULL);
}

static bool read_qualification(struct db_res *r, struct arena *a, void *out)
{
	struct person_qualification *q = out;

	q->id = db_ll(r, 0);
	q->occupation_code = db_str(r, a, 1);
	q->grade = db_str(r, a, 2);
	q->max_level = (int)db_ll(r, 3);
	q->valid_from = db_str(r, a, 4);
	q->valid_to = db_str(r, a, 5);
	q->number = db_str(r, a, 6);
	return true;
}

enum store_err store_qualification_list(struct store_conn *c, struct arena *a,
					long long person_id,
					struct person_qualification **items, size_t *n)
{
	struct db_arg arg = db_int(person_id);

	return db_collect(c,
			  "SELECT id, occupation_code, grade, max_level, valid_from, "
			  "valid_to, certificate_no FROM assessor_qualification WHERE "
			  "person_id = ? ORDER BY valid_to DESC, id DESC",
			  &arg, 1, a, sizeof(**items), read_qualification, (void **)items,
			  n);
}

static bool read_flag(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(bool *)out = db_ll(r, 0) != 0;
	return true;
}

enum store_err store_photo_exists(struct store_conn *c, long long person_id, bool *yes)
{
	struct db_arg arg = db_int(person_id);
	enum store_err rc;

	*yes = false;
	rc = db_one(c, "SELECT 1 FROM person_photo WHERE person_id = ?", &arg, 1, NULL,
		    read_flag, yes);
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}
