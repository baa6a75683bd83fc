/*
 * filing.c - filing batches and their items (属地备案): which certificates
 * are not filed yet, batches by province, submission, the authority's
 * receipt and its rejections. SQL written once with ? placeholders
 * (store/db.h).
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

/* A certificate of the filed lines that the authority has yet to hear
 * about: a valid one with no item included or accepted in any batch (a
 * rejected one is unfiled again), or a filed one whose status changed
 * (an event other than its issue: suspended, reinstated, revoked,
 * superseded) after the newest batch
 * that holds it was made. A batch's created_at has milliseconds, an
 * event's time whole seconds: a change in the same second as a batch
 * counts as after it (reported twice at worst, never missed). */
#define FILED_ITEM \
	"filing_item f WHERE f.certificate_id = c.id AND f.status IN " \
	"('included', 'accepted')"
#define UNFILED \
	" c.line IN ('skill', 'industry') AND ((c.status = 'valid' AND NOT " \
	"EXISTS (SELECT 1 FROM " FILED_ITEM ")) OR EXISTS (SELECT 1 FROM " \
	"certificate_event e WHERE e.certificate_id = c.id AND e.action <> " \
	"'issued' AND e.at > (SELECT " \
	"MAX(b.created_at) FROM filing_batch b, " FILED_ITEM " AND " \
	"b.id = f.batch_id))) "

static const char *nz(const char *s) { return s ? s : ""; }

static bool read_ll(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_filing_batch_insert(struct store_conn *c, const char *province,
					 const char *created_by, const char *now,
					 long long *id)
{
	struct db_arg args[3] = {db_text(province), db_text(created_by), db_text(now)};
	return db_insert_id(c,
			    "INSERT INTO filing_batch (province_code, status, created_by, "
			    "created_at) VALUES (?, 'draft', ?, ?) RETURNING id",
			    args, 3, id);
}

enum store_err store_filing_batch_fill(struct store_conn *c, long long id,
				       const char *province, long long *rows)
{
	struct db_arg args[2] = {db_int(id), db_text(province)};
	struct db_arg set[2];
	int rc;

	*rows = 0;
	rc = db_exec(c,
		     "INSERT INTO filing_item (batch_id, certificate_id, status) "
		     "SELECT CAST(? AS BIGINT), c.id, 'included' FROM certificate c "
		     "WHERE "
		     "c.province_code = ? AND" UNFILED,
		     args, 2, rows);
	if (rc)
		return rc;
	set[0] = db_int(*rows);
	set[1] = db_int(id);
	return db_exec(c, "UPDATE filing_batch SET row_count = ? WHERE id = ?", set, 2,
		       NULL);
}

enum store_err store_filing_unfiled_institutions(struct store_conn *c, struct arena *a,
						 const char *province, long long **ids,
						 size_t *n)
{
	struct db_arg arg = db_text(province);

	return db_collect(c,
			  "SELECT DISTINCT COALESCE(c.institution_id, 0) FROM "
			  "certificate c WHERE c.province_code = ? AND" UNFILED,
			  &arg, 1, a, sizeof(**ids), read_ll, (void **)ids, n);
}

enum store_err store_filing_batch_institutions(struct store_conn *c, struct arena *a,
					       long long batch_id, long long **ids,
					       size_t *n)
{
	struct db_arg arg = db_int(batch_id);

	return db_collect(c,
			  "SELECT DISTINCT COALESCE(c.institution_id, 0) FROM "
			  "filing_item f JOIN certificate c ON c.id = f.certificate_id "
			  "WHERE f.batch_id = ?",
			  &arg, 1, a, sizeof(**ids), read_ll, (void **)ids, n);
}

enum store_err store_filing_batch_lock(struct store_conn *c, long long id)
{
	struct db_arg arg = db_int(id);
	long long changed = 0;
	int rc = db_exec(c, "UPDATE filing_batch SET status = status WHERE id = ?", &arg,
			 1, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

#define BATCH_COLS \
	"b.id, b.province_code, b.status, b.row_count, b.sha256, b.created_by, " \
	"b.created_at, b.submitted_at, b.receipt_no, b.received_at, " \
	"(SELECT COUNT(*) FROM filing_item f WHERE f.batch_id = b.id AND " \
	"f.status = 'accepted'), (SELECT COUNT(*) FROM filing_item f WHERE " \
	"f.batch_id = b.id AND f.status = 'rejected') FROM filing_batch b "

static bool read_batch(struct db_res *r, struct arena *a, void *out)
{
	struct filing_batch *b = out;

	b->id = db_ll(r, 0);
	b->province_code = db_str(r, a, 1);
	b->status = db_str(r, a, 2);
	b->row_count = db_ll(r, 3);
	b->sha256 = db_str(r, a, 4);
	b->created_by = db_str(r, a, 5);
	b->created_at = db_str(r, a, 6);
	b->submitted_at = db_str(r, a, 7);
	b->receipt_no = db_str(r, a, 8);
	b->received_at = db_str(r, a, 9);
	b->accepted = db_ll(r, 10);
	b->rejected = db_ll(r, 11);
	return true;
}

enum store_err store_filing_batch_get(struct store_conn *c, struct arena *a, long long id,
				      struct filing_batch *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " BATCH_COLS "WHERE b.id = ?", &arg, 1, a, read_batch, out);
}

enum store_err store_filing_batch_list(struct store_conn *c, struct arena *a,
				       struct filing_batch **items, size_t *n)
{
	return db_collect(c, "SELECT " BATCH_COLS "ORDER BY b.id DESC LIMIT 1000", NULL,
			  0, a, sizeof(**items), read_batch, (void **)items, n);
}

static bool read_item(struct db_res *r, struct arena *a, void *out)
{
	struct filing_item *x = out;
	int i = 0;

	x->batch_id = db_ll(r, i++);
	x->certificate_id = db_ll(r, i++);
	x->status = db_str(r, a, i++);
	x->rejection = db_str(r, a, i++);
	x->number = db_str(r, a, i++);
	x->line = db_str(r, a, i++);
	x->cert_status = db_str(r, a, i++);
	x->holder_name = db_str(r, a, i++);
	x->id_type = db_str(r, a, i++);
	x->person_id = db_ll(r, i++);
	x->institution_id = db_ll(r, i++);
	x->sex = nz(db_str(r, a, i++));
	x->birth_date = nz(db_str(r, a, i++));
	x->education = nz(db_str(r, a, i++));
	x->employer = nz(db_str(r, a, i++));
	x->occupation_code = db_str(r, a, i++);
	x->occupation_name = db_str(r, a, i++);
	x->work_type = db_str(r, a, i++);
	x->level = (int)db_ll(r, i++);
	x->scores = db_str(r, a, i++);
	x->issued_on = db_str(r, a, i++);
	x->institution_name = db_str(r, a, i++);
	x->institution_code = db_str(r, a, i++);
	x->credit_code = nz(db_str(r, a, i++));
	x->site_code = db_str(r, a, i++);
	x->province_code = db_str(r, a, i++);
	x->plan_id = db_ll(r, i++);
	x->standard_id = db_ll(r, i++);
	x->route_id = nz(db_str(r, a, i++));
	x->standard_name = nz(db_str(r, a, i++));
	x->standard_version = nz(db_str(r, a, i++));
	x->theory_on = nz(db_str(r, a, i++));
	x->practical_on = nz(db_str(r, a, i++));
	x->review_on = nz(db_str(r, a, i++));
	x->site_name = nz(db_str(r, a, i++));
	x->status_reason = nz(db_str(r, a, i++));
	x->status_date = nz(db_str(r, a, i++));
	x->photo_mime = nz(db_str(r, a, i++));
	x->competition_name = nz(db_str(r, a, i++));
	x->competition_doc = nz(db_str(r, a, i++));
	return true;
}

enum store_err store_filing_items(struct store_conn *c, struct arena *a,
				  long long batch_id, struct filing_item **items, size_t *n)
{
	struct db_arg arg = db_int(batch_id);

	return db_collect(c,
			  "SELECT f.batch_id, f.certificate_id, f.status, f.rejection, "
			  "c.number, c.line, c.status, c.holder_name, c.id_type, "
			  "c.person_id, c.institution_id, p.sex, p.birth_date, "
			  "p.education, p.employer, c.occupation_code, "
			  "c.occupation_name, c.work_type, c.level, c.scores, "
			  "c.issued_on, c.institution_name, c.institution_code, "
			  "i.credit_code, c.site_code, c.province_code, "
			  "COALESCE(c.plan_id, 0), COALESCE(pl.standard_id, 0), "
			  "en.route_id, s.name, s.version, pl.theory_on, "
			  "pl.practical_on, pl.review_on, i.name, c.status_reason, "
			  "c.status_date, ph.mime, k.name, k.approval_doc FROM "
			  "filing_item f JOIN certificate c ON c.id = f.certificate_id "
			  "LEFT JOIN person p ON p.id = c.person_id LEFT JOIN "
			  "institution i ON i.id = c.institution_id LEFT JOIN "
			  "enrolment en ON en.id = c.enrolment_id LEFT JOIN plan pl "
			  "ON pl.id = c.plan_id LEFT JOIN standard s ON s.id = "
			  "pl.standard_id LEFT JOIN person_photo ph ON ph.person_id = "
			  "c.person_id LEFT JOIN competition_promotion cp ON "
			  "cp.certificate_id = c.id LEFT JOIN competition k ON k.id = "
			  "cp.competition_id WHERE f.batch_id = ? ORDER BY c.number",
			  &arg, 1, a, sizeof(**items), read_item, (void **)items, n);
}

static bool read_staff(struct db_res *r, struct arena *a, void *out)
{
	struct filing_staff *x = out;

	x->plan_id = db_ll(r, 0);
	x->person_id = db_ll(r, 1);
	x->role = db_str(r, a, 2);
	return true;
}

enum store_err store_filing_staff(struct store_conn *c, struct arena *a, long long batch_id,
				  struct filing_staff **items, size_t *n)
{
	struct db_arg arg = db_int(batch_id);

	return db_collect(c,
			  "SELECT s.plan_id, s.person_id, s.role FROM plan_staff s "
			  "WHERE s.role IN ('assessor', 'internal_supervisor') AND "
			  "s.plan_id IN (SELECT c.plan_id FROM filing_item f JOIN "
			  "certificate c ON c.id = f.certificate_id WHERE "
			  "f.batch_id = ?) ORDER BY s.plan_id, s.role, s.person_id",
			  &arg, 1, a, sizeof(**items), read_staff, (void **)items, n);
}

enum store_err store_filing_batch_submit(struct store_conn *c, long long id,
					 const char *sha256, const char *now)
{
	struct db_arg args[3] = {db_text(sha256), db_text(now), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE filing_batch SET status = 'submitted', sha256 = ?, "
			 "submitted_at = ? WHERE id = ? AND status = 'draft'",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_CONFLICT;
}

enum store_err store_filing_batch_receive(struct store_conn *c, long long id,
					  const char *receipt_no, const char *date,
					  long long *accepted)
{
	struct db_arg args[3] = {db_text(receipt_no), db_text(date), db_int(id)};
	struct db_arg arg = db_int(id);
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE filing_batch SET status = 'received', receipt_no = ?, "
			 "received_at = ? WHERE id = ? AND status = 'submitted'",
			 args, 3, &changed);

	*accepted = 0;
	if (rc)
		return rc;
	if (!changed)
		return STORE_CONFLICT;
	return db_exec(c,
		       "UPDATE filing_item SET status = 'accepted' WHERE batch_id = ? "
		       "AND status = 'included'",
		       &arg, 1, accepted);
}

enum store_err store_filing_item_reject(struct store_conn *c, long long batch_id,
					long long certificate_id, const char *reason)
{
	struct db_arg args[3] = {db_text(reason), db_int(batch_id), db_int(certificate_id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE filing_item SET status = 'rejected', rejection = ? "
			 "WHERE batch_id = ? AND certificate_id = ? AND status <> "
			 "'rejected'",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

static bool read_unfiled(struct db_res *r, struct arena *a, void *out)
{
	struct filing_unfiled *x = out;

	x->certificate_id = db_ll(r, 0);
	x->institution_id = db_ll(r, 1);
	x->province_code = db_str(r, a, 2);
	x->number = db_str(r, a, 3);
	x->holder_name = db_str(r, a, 4);
	x->issued_on = db_str(r, a, 5);
	x->days = 0;
	return true;
}

enum store_err store_filing_unfiled(struct store_conn *c, struct arena *a, const char *until,
				    struct filing_unfiled **items, size_t *n)
{
	struct db_arg arg = db_text(until);

	return db_collect(c,
			  "SELECT c.id, c.institution_id, c.province_code, c.number, "
			  "c.holder_name, c.issued_on FROM certificate c WHERE "
			  "c.issued_on <= ? AND" UNFILED
			  "ORDER BY c.province_code, c.issued_on, c.number",
			  &arg, 1, a, sizeof(**items), read_unfiled, (void **)items, n);
}
