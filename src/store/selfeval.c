/*
 * selfeval.c - enterprise self-evaluation (企业自主评价, issue 15): the
 * institution's HR filing, a plan's candidate pool and partners, and what
 * the enterprise dashboard counts. SQL written once with ? placeholders
 * (store/db.h).
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

static bool read_hr(struct db_res *r, struct arena *a, void *out)
{
	struct selfeval_hr *h = out;

	h->hr_filing = db_str(r, a, 0);
	h->hr_filing_no = db_str(r, a, 1);
	h->outside = (int)db_ll(r, 2);
	return true;
}

enum store_err store_selfeval_hr_get(struct store_conn *c, struct arena *a,
				     long long institution_id, struct selfeval_hr *out)
{
	struct db_arg arg = db_int(institution_id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT hr_filing, hr_filing_no, hr_filing_outside FROM institution "
		      "WHERE id = ?",
		      &arg, 1, a, read_hr, out);
}

enum store_err store_selfeval_hr_put(struct store_conn *c, long long institution_id,
				     const struct selfeval_hr *hr)
{
	struct db_arg args[4] = {db_text(hr->hr_filing), db_text(hr->hr_filing_no),
				 db_int(hr->outside ? 1 : 0), db_int(institution_id)};

	return db_update_one(c,
			     "UPDATE institution SET hr_filing = ?, hr_filing_no = ?, "
			     "hr_filing_outside = ? WHERE id = ?",
			     args, 4);
}

static bool read_str(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

static bool read_partner(struct db_res *r, struct arena *a, void *out)
{
	struct plan_partner *p = out;

	p->credit_code = db_str(r, a, 0);
	p->company_name = db_str(r, a, 1);
	return true;
}

enum store_err store_selfeval_pool_get(struct store_conn *c, struct arena *a,
				       long long plan_id, const char **pool,
				       struct plan_partner **partners, size_t *n)
{
	struct db_arg arg = db_int(plan_id);
	int rc;

	*partners = NULL;
	*n = 0;
	rc = db_one(c, "SELECT candidate_pool FROM plan WHERE id = ?", &arg, 1, a,
		    read_str, (void *)pool);
	if (rc)
		return rc;
	return db_collect(c,
			  "SELECT credit_code, company_name FROM plan_partner WHERE "
			  "plan_id = ? ORDER BY credit_code",
			  &arg, 1, a, sizeof(**partners), read_partner, (void **)partners,
			  n);
}

enum store_err store_selfeval_pool_put(struct store_conn *c, long long plan_id,
				       const char *pool,
				       const struct plan_partner *partners, size_t n)
{
	struct db_arg args[3] = {db_text(pool), db_int(plan_id)};
	int rc;

	rc = db_update_one(c, "UPDATE plan SET candidate_pool = ? WHERE id = ?", args, 2);
	args[0] = db_int(plan_id);
	if (!rc)
		rc = db_exec(c, "DELETE FROM plan_partner WHERE plan_id = ?", args, 1, NULL);
	for (size_t i = 0; !rc && i < n; i++) {
		args[1] = db_text(partners[i].credit_code);
		args[2] = db_text(partners[i].company_name);
		rc = db_exec(c,
			     "INSERT INTO plan_partner (plan_id, credit_code, company_name) "
			     "VALUES (?, ?, ?)",
			     args, 3, NULL);
	}
	return rc;
}

enum store_err store_selfeval_apprentices(struct store_conn *c, long long institution_id,
					  long long stages[4], long long *enrolled,
					  long long *classes)
{
	struct db_arg arg = db_int(institution_id);
	struct db_res r;
	int rc;

	memset(stages, 0, 4 * sizeof(stages[0]));
	*enrolled = *classes = 0;
	rc = db_query(c,
		      "SELECT CASE a.status WHEN 'active' THEN 0 WHEN 'interrupted' THEN 1 "
		      "WHEN 'withdrawn' THEN 2 WHEN 'completed' THEN 3 ELSE -1 END, COUNT(*), "
		      "SUM(CASE WHEN a.enrolment_id IS NULL THEN 0 "
		      "ELSE 1 END) FROM apprentice a JOIN apprenticeship_class k ON k.id = "
		      "a.class_id WHERE k.institution_id = ? GROUP BY a.status",
		      &arg, 1, &r);
	if (rc)
		return rc;
	while ((rc = db_next(&r)) == 1) {
		long long k = db_ll(&r, 0);

		if (k >= 0 && k < 4)
			stages[k] = db_ll(&r, 1);
		*enrolled += db_ll(&r, 2);
	}
	db_done(&r);
	if (rc < 0)
		return STORE_ERROR;
	rc = db_query(c,
		      "SELECT COUNT(*) FROM apprenticeship_class WHERE institution_id = ? AND "
		      "status <> 'closed'",
		      &arg, 1, &r);
	if (rc)
		return rc;
	if ((rc = db_next(&r)) == 1)
		*classes = db_ll(&r, 0);
	db_done(&r);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

enum store_err store_selfeval_staff_levels(struct store_conn *c, const char *code,
					   long long counts[6])
{
	struct db_arg arg = db_text(code);
	struct db_res r;
	int rc;

	memset(counts, 0, 6 * sizeof(counts[0]));
	rc = db_query(c,
		      "SELECT COALESCE((SELECT MIN(x.level) FROM certificate x WHERE "
		      "x.person_id = p.id AND x.line = 'skill' AND x.status = 'valid'), 0) "
		      "AS top, COUNT(*) FROM person p WHERE p.employer_credit_code = ? "
		      "GROUP BY top",
		      &arg, 1, &r);
	if (rc)
		return rc;
	while ((rc = db_next(&r)) == 1) {
		long long lv = db_ll(&r, 0);

		if (lv >= 0 && lv <= 5)
			counts[lv] += db_ll(&r, 1);
	}
	db_done(&r);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

static bool read_cert(struct db_res *r, struct arena *a, void *out)
{
	struct selfeval_cert *x = out;

	x->id = db_ll(r, 0);
	x->person_id = db_ll(r, 1);
	x->number = db_str(r, a, 2);
	x->holder_name = db_str(r, a, 3);
	x->occupation_name = db_str(r, a, 4);
	x->issued_on = db_str(r, a, 5);
	x->level = (int)db_ll(r, 6);
	return true;
}

enum store_err store_selfeval_staff_certs(struct store_conn *c, struct arena *a,
					  const char *code, const char *since,
					  struct selfeval_cert **items, size_t *n)
{
	struct db_arg args[2] = {db_text(code), db_text(since)};

	return db_collect(c,
			  "SELECT x.id, x.person_id, x.number, x.holder_name, "
			  "x.occupation_name, x.issued_on, x.level FROM certificate x JOIN "
			  "person p ON p.id = x.person_id WHERE p.employer_credit_code = ? AND "
			  "x.line = 'skill' AND x.status = 'valid' AND x.issued_on >= ? "
			  "ORDER BY x.issued_on, x.id",
			  args, 2, a, sizeof(**items), read_cert, (void **)items, n);
}

/* ---- post-skill specifications ---- */

#define SPEC_COLS \
	"id, institution_id, code, version, name, occupation_code, standard_version, " \
	"sha256, created_by, created_at"

static bool read_spec(struct db_res *r, struct arena *a, void *out)
{
	struct post_spec_row *x = out;

	x->id = db_ll(r, 0);
	x->institution_id = db_ll(r, 1);
	x->code = db_str(r, a, 2);
	x->version = db_str(r, a, 3);
	x->name = db_str(r, a, 4);
	x->occupation_code = db_str(r, a, 5);
	x->standard_version = db_str(r, a, 6);
	x->sha256 = db_str(r, a, 7);
	x->created_by = db_str(r, a, 8);
	x->created_at = db_str(r, a, 9);
	return true;
}

static bool read_spec_body(struct db_res *r, struct arena *a, void *out)
{
	read_spec(r, a, out);
	((struct post_spec_row *)out)->body = db_str(r, a, 10);
	return true;
}

enum store_err store_post_spec_insert(struct store_conn *c, const struct post_spec_row *r,
				      long long *id)
{
	struct db_arg args[10] = {
		db_int(r->institution_id),
		db_text(r->code),
		db_text(r->version),
		db_text(r->name),
		db_text(r->occupation_code),
		db_text(r->standard_version),
		db_text(r->body),
		db_text(r->sha256),
		db_text(r->created_by),
		db_text(r->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO post_spec (institution_id, code, version, name, "
			    "occupation_code, standard_version, body, sha256, created_by, "
			    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 10, id);
}

enum store_err store_post_spec_get(struct store_conn *c, struct arena *a, long long id,
				   struct post_spec_row *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " SPEC_COLS ", body FROM post_spec WHERE id = ?", &arg,
		      1, a, read_spec_body, out);
}

enum store_err store_post_spec_list(struct store_conn *c, struct arena *a,
				    long long institution_id,
				    struct post_spec_row **items, size_t *n)
{
	struct db_arg arg = db_int(institution_id);

	return db_collect(c,
			  "SELECT " SPEC_COLS " FROM post_spec WHERE institution_id = ? "
			  "ORDER BY id DESC",
			  &arg, 1, a, sizeof(**items), read_spec, (void **)items, n);
}

static bool read_id(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_plan_post_spec(struct store_conn *c, long long plan_id, long long *id)
{
	struct db_arg arg = db_int(plan_id);

	*id = 0;
	return db_one(c, "SELECT post_spec_id FROM plan WHERE id = ?", &arg, 1, NULL,
		      read_id, id);
}

enum store_err store_plan_post_spec_put(struct store_conn *c, long long plan_id,
					long long post_spec_id)
{
	struct db_arg args[2] = {db_int_or_null(post_spec_id), db_int(plan_id)};

	return db_update_one(c, "UPDATE plan SET post_spec_id = ? WHERE id = ?", args, 2);
}
