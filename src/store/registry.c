/*
 * registry.c - batches, applications, objections, status history, scope,
 * filings, inspections, findings and the named counters. SQL written once
 * for both engines (see db.h).
 */
#include <stdio.h>
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* ---- counters ---- */

enum store_err store_counter_next(struct store_conn *c, const char *name, long long *value)
{
	struct db_arg arg = db_text(name);
	struct db_res r;
	int rc, got;

	/* the row update takes the row lock: concurrent transactions queue */
	rc = db_exec(c,
		     "INSERT INTO counter (name, value) VALUES (?, 0) "
		     "ON CONFLICT (name) DO NOTHING",
		     &arg, 1, NULL);
	if (rc)
		return rc;
	rc = db_query(c,
		      "UPDATE counter SET value = value + 1 WHERE name = ? "
		      "RETURNING value",
		      &arg, 1, &r);
	if (rc)
		return rc;
	got = db_next(&r);
	*value = got == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	return got == 1 ? STORE_OK : db_fail(c, "counter %s vanished", name);
}

enum store_err store_counter_take(struct store_conn *c, const char *name, long long n,
				  long long *last)
{
	struct db_arg args[2] = {db_int(n), db_text(name)};
	struct db_res r;
	int rc, got;

	*last = 0;
	if (n < 1)
		return db_fail(c, "counter %s: %lld values asked for", name, n);
	rc = db_exec(c,
		     "INSERT INTO counter (name, value) VALUES (?, 0) "
		     "ON CONFLICT (name) DO NOTHING",
		     &args[1], 1, NULL);
	if (rc)
		return rc;
	rc = db_query(c,
		      "UPDATE counter SET value = value + ? WHERE name = ? RETURNING value",
		      args, 2, &r);
	if (rc)
		return rc;
	got = db_next(&r);
	*last = got == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	return got == 1 ? STORE_OK : db_fail(c, "counter %s vanished", name);
}

/* ---- batches ---- */

#define BATCH_COLS \
	"b.id, b.year, b.seq, b.title, b.status, b.notice_days, b.notice_start, " \
	"b.notice_end, b.approval_doc, b.approval_date, b.created_at, " \
	"(SELECT count(*) FROM registration r WHERE r.batch_id = b.id)"

static bool read_batch(struct db_res *r, struct arena *a, void *out)
{
	struct reg_batch *b = out;

	b->id = db_ll(r, 0);
	b->year = (int)db_ll(r, 1);
	b->seq = (int)db_ll(r, 2);
	b->title = db_str(r, a, 3);
	b->status = db_str(r, a, 4);
	b->notice_days = (int)db_ll(r, 5);
	b->notice_start = db_str(r, a, 6);
	b->notice_end = db_str(r, a, 7);
	b->approval_doc = db_str(r, a, 8);
	b->approval_date = db_str(r, a, 9);
	b->created_at = db_str(r, a, 10);
	b->size = db_ll(r, 11);
	return true;
}

enum store_err store_batch_next_seq(struct store_conn *c, int year, int *seq)
{
	struct db_arg y = db_int(year);
	struct db_res r;
	int rc;

	rc = db_query(c,
		      "SELECT COALESCE(MAX(seq), 0) + 1 FROM registration_batch "
		      "WHERE year = ?",
		      &y, 1, &r);
	if (rc)
		return rc;
	*seq = db_next(&r) == 1 ? (int)db_ll(&r, 0) : 1;
	db_done(&r);
	return STORE_OK;
}

enum store_err store_batch_insert(struct store_conn *c, int year, int seq, const char *title,
				  int notice_days, const char *when, long long *id)
{
	struct db_arg args[5] = {db_int(year), db_int(seq), db_text(title),
				 db_int(notice_days), db_text(when)};

	return db_insert_id(c,
			    "INSERT INTO registration_batch (year, seq, title, "
			    "notice_days, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
			    args, 5, id);
}

enum store_err store_batch_get(struct store_conn *c, struct arena *a, long long id,
			       struct reg_batch *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c,
		      "SELECT " BATCH_COLS " FROM registration_batch b "
		      "WHERE b.id = ?",
		      &arg, 1, a, read_batch, out);
}

enum store_err store_batch_list(struct store_conn *c, struct arena *a, const char *status,
				struct reg_batch **items, size_t *n)
{
	struct db_arg args[2] = {db_text(nz(status)), db_text(nz(status))};

	return db_collect(c,
			  "SELECT " BATCH_COLS " FROM registration_batch b "
			  "WHERE (? = '' OR b.status = ?) "
			  "ORDER BY b.year DESC, b.seq DESC",
			  args, 2, a, sizeof(**items), read_batch, (void **)items, n);
}

enum store_err store_batch_set_notice(struct store_conn *c, long long id,
				      const char *start, const char *end)
{
	struct db_arg args[3] = {db_text(start), db_text(end), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE registration_batch SET status = 'under_notice', "
			 "notice_start = ?, notice_end = ? WHERE id = ? AND status = 'open'",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_batch_set_decided(struct store_conn *c, long long id,
				       const char *doc, const char *date)
{
	struct db_arg args[3] = {db_text(doc), db_text(date), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE registration_batch SET status = 'decided', "
			 "approval_doc = ?, approval_date = ? WHERE id = ? AND "
			 "status = 'under_notice'",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- applications ---- */

#define REG_COLS \
	"r.id, r.institution_id, COALESCE(r.batch_id, 0), r.kind, r.status, " \
	"r.applied_at, r.decided_at, r.note, i.name, i.status, " \
	"(SELECT count(*) FROM objection o WHERE o.institution_id = " \
	"r.institution_id AND o.batch_id = r.batch_id AND o.status = 'open')"

static bool read_reg(struct db_res *r, struct arena *a, void *out)
{
	struct registration *g = out;

	g->id = db_ll(r, 0);
	g->institution_id = db_ll(r, 1);
	g->batch_id = db_ll(r, 2);
	g->kind = db_str(r, a, 3);
	g->status = db_str(r, a, 4);
	g->applied_at = db_str(r, a, 5);
	g->decided_at = db_str(r, a, 6);
	g->note = db_str(r, a, 7);
	g->institution_name = db_str(r, a, 8);
	g->institution_status = db_str(r, a, 9);
	g->open_objections = db_ll(r, 10);
	return true;
}

enum store_err store_registration_insert(struct store_conn *c, long long institution_id,
					 const char *kind, const char *when, long long *id)
{
	struct db_arg args[3] = {db_int(institution_id), db_text(kind), db_text(when)};

	return db_insert_id(c,
			    "INSERT INTO registration (institution_id, kind, applied_at) "
			    "VALUES (?, ?, ?) RETURNING id",
			    args, 3, id);
}

enum store_err store_registration_get(struct store_conn *c, struct arena *a, long long id,
				      struct registration *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c,
		      "SELECT " REG_COLS " FROM registration r JOIN institution i "
		      "ON i.id = r.institution_id WHERE r.id = ?",
		      &arg, 1, a, read_reg, out);
}

enum store_err store_registration_list(struct store_conn *c, struct arena *a,
				       long long batch_id, long long institution_id,
				       const char *status, struct registration **items,
				       size_t *n)
{
	struct db_arg args[6] = {
		db_int(batch_id),       db_int(batch_id),    db_int(institution_id),
		db_int(institution_id), db_text(nz(status)), db_text(nz(status)),
	};

	return db_collect(c,
			  "SELECT " REG_COLS " FROM registration r JOIN institution i "
			  "ON i.id = r.institution_id WHERE "
			  "(? = -1 OR COALESCE(r.batch_id, 0) = ?) AND "
			  "(? = 0 OR r.institution_id = ?) AND "
			  "(? = '' OR r.status = ?) ORDER BY r.id",
			  args, 6, a, sizeof(**items), read_reg, (void **)items, n);
}

enum store_err store_registration_set_batch(struct store_conn *c, long long id,
					    long long batch_id)
{
	struct db_arg args[2] = {db_int_or_null(batch_id), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE registration SET batch_id = ? WHERE id = ? "
			 "AND status = 'pending'",
			 args, 2, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_registration_decide(struct store_conn *c, long long id,
					 const char *status, const char *note,
					 const char *when)
{
	struct db_arg args[4] = {db_text(status), db_text(nz(note)), db_text(when),
				 db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE registration SET status = ?, note = ?, decided_at = ? "
			 "WHERE id = ? AND status = 'pending'",
			 args, 4, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- objections ---- */

#define OBJ_COLS \
	"o.id, o.batch_id, o.institution_id, o.filer_name, o.filer_contact, " \
	"o.body, o.filed_at, o.address, o.status, o.resolution, o.resolved_at, " \
	"i.name"

static bool read_objection(struct db_res *r, struct arena *a, void *out)
{
	struct objection *o = out;

	o->id = db_ll(r, 0);
	o->batch_id = db_ll(r, 1);
	o->institution_id = db_ll(r, 2);
	o->filer_name = db_str(r, a, 3);
	o->filer_contact = db_str(r, a, 4);
	o->body = db_str(r, a, 5);
	o->filed_at = db_str(r, a, 6);
	o->address = db_str(r, a, 7);
	o->status = db_str(r, a, 8);
	o->resolution = db_str(r, a, 9);
	o->resolved_at = db_str(r, a, 10);
	o->institution_name = db_str(r, a, 11);
	return true;
}

enum store_err store_objection_insert(struct store_conn *c, const struct objection *o,
				      long long *id)
{
	struct db_arg args[7] = {
		db_int(o->batch_id),     db_int(o->institution_id),
		db_text(o->filer_name),  db_text(o->filer_contact),
		db_text(o->body),        db_text(o->filed_at),
		db_text(nz(o->address)),
	};

	return db_insert_id(c,
			    "INSERT INTO objection (batch_id, institution_id, filer_name, "
			    "filer_contact, body, filed_at, address) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 7, id);
}

enum store_err store_objection_get(struct store_conn *c, struct arena *a, long long id,
				   struct objection *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c,
		      "SELECT " OBJ_COLS " FROM objection o JOIN institution i "
		      "ON i.id = o.institution_id WHERE o.id = ?",
		      &arg, 1, a, read_objection, out);
}

enum store_err store_objection_list(struct store_conn *c, struct arena *a,
				    long long batch_id, struct objection **items, size_t *n)
{
	struct db_arg arg = db_int(batch_id);

	return db_collect(c,
			  "SELECT " OBJ_COLS " FROM objection o JOIN institution i "
			  "ON i.id = o.institution_id WHERE o.batch_id = ? "
			  "ORDER BY o.id",
			  &arg, 1, a, sizeof(**items), read_objection, (void **)items, n);
}

enum store_err store_objection_resolve(struct store_conn *c, long long id,
				       const char *status, const char *resolution,
				       const char *when)
{
	struct db_arg args[4] = {db_text(status), db_text(resolution), db_text(when),
				 db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE objection SET status = ?, resolution = ?, "
			 "resolved_at = ? WHERE id = ? AND status = 'open'",
			 args, 4, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- status history ---- */

enum store_err store_status_log(struct store_conn *c, const struct status_change *s)
{
	struct db_arg args[7] = {
		db_int(s->institution_id), db_text(s->from_status), db_text(s->to_status),
		db_text(nz(s->reason)),    db_text(nz(s->doc_no)),  db_text(s->at),
		db_text(s->actor),
	};

	return db_exec(c,
		       "INSERT INTO institution_status_log (institution_id, "
		       "from_status, to_status, reason, doc_no, at, actor) "
		       "VALUES (?, ?, ?, ?, ?, ?, ?)",
		       args, 7, NULL);
}

static bool read_change(struct db_res *r, struct arena *a, void *out)
{
	struct status_change *s = out;

	s->id = db_ll(r, 0);
	s->institution_id = db_ll(r, 1);
	s->from_status = db_str(r, a, 2);
	s->to_status = db_str(r, a, 3);
	s->reason = db_str(r, a, 4);
	s->doc_no = db_str(r, a, 5);
	s->at = db_str(r, a, 6);
	s->actor = db_str(r, a, 7);
	return true;
}

enum store_err store_status_history(struct store_conn *c, struct arena *a,
				    long long institution_id,
				    struct status_change **items, size_t *n)
{
	struct db_arg arg = db_int(institution_id);

	return db_collect(c,
			  "SELECT id, institution_id, from_status, to_status, reason, "
			  "doc_no, at, actor FROM institution_status_log "
			  "WHERE institution_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_change, (void **)items, n);
}

/* ---- scope ---- */

static bool read_scope(struct db_res *r, struct arena *a, void *out)
{
	struct scope_entry *s = out;

	s->id = db_ll(r, 0);
	s->institution_id = db_ll(r, 1);
	s->occupation_code = db_str(r, a, 2);
	s->occupation_name = db_str(r, a, 3);
	s->work_type = db_str(r, a, 4);
	s->levels = (unsigned)db_ll(r, 5);
	s->doc_no = db_str(r, a, 6);
	s->valid_from = db_str(r, a, 7);
	s->valid_to = db_str(r, a, 8);
	return true;
}

enum store_err store_scope_list(struct store_conn *c, struct arena *a,
				long long institution_id, int current_only,
				struct scope_entry **items, size_t *n)
{
	struct db_arg args[2] = {db_int(institution_id), db_int(current_only)};

	return db_collect(c,
			  "SELECT id, institution_id, occupation_code, occupation_name, "
			  "work_type, levels, doc_no, valid_from, valid_to "
			  "FROM institution_scope WHERE institution_id = ? AND "
			  "(? = 0 OR valid_to IS NULL) ORDER BY occupation_code, id",
			  args, 2, a, sizeof(**items), read_scope, (void **)items, n);
}

enum store_err store_scope_insert(struct store_conn *c, const struct scope_entry *s,
				  long long *id)
{
	struct db_arg args[7] = {
		db_int(s->institution_id),   db_text(s->occupation_code),
		db_text(s->occupation_name), db_text(nz(s->work_type)),
		db_int(s->levels),           db_text(nz(s->doc_no)),
		db_text(s->valid_from),
	};

	return db_insert_id(c,
			    "INSERT INTO institution_scope (institution_id, "
			    "occupation_code, occupation_name, work_type, levels, doc_no, "
			    "valid_from) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 7, id);
}

enum store_err store_scope_close(struct store_conn *c, long long institution_id,
				 long long id, const char *when)
{
	struct db_arg args[3] = {db_text(when), db_int(id), db_int(institution_id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE institution_scope SET valid_to = ? WHERE id = ? AND "
			 "institution_id = ? AND valid_to IS NULL",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- filings ---- */

static bool read_filing(struct db_res *r, struct arena *a, void *out)
{
	struct filing *f = out;

	f->id = db_ll(r, 0);
	f->institution_id = db_ll(r, 1);
	f->authority = db_str(r, a, 2);
	f->filing_no = db_str(r, a, 3);
	f->filing_date = db_str(r, a, 4);
	f->institution_code = db_str(r, a, 5);
	f->province_code = db_str(r, a, 6);
	f->site_code = db_str(r, a, 7);
	f->created_at = db_str(r, a, 8);
	return true;
}

enum store_err store_filing_insert(struct store_conn *c, const struct filing *f,
				   long long *id)
{
	struct db_arg args[8] = {
		db_int(f->institution_id),    db_text(f->authority),
		db_text(f->filing_no),        db_text(f->filing_date),
		db_text(f->institution_code), db_text(f->province_code),
		db_text(f->site_code),        db_text(f->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO institution_filing (institution_id, authority, "
			    "filing_no, filing_date, institution_code, province_code, "
			    "site_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 8, id);
}

enum store_err store_filing_list(struct store_conn *c, struct arena *a,
				 long long institution_id, struct filing **items, size_t *n)
{
	struct db_arg arg = db_int(institution_id);

	/* newest first: the first is the one in force */
	return db_collect(c,
			  "SELECT id, institution_id, authority, filing_no, filing_date, "
			  "institution_code, province_code, site_code, created_at "
			  "FROM institution_filing WHERE institution_id = ? "
			  "ORDER BY filing_date DESC, id DESC",
			  &arg, 1, a, sizeof(**items), read_filing, (void **)items, n);
}

/* ---- inspections and findings ---- */

enum store_err store_inspection_owner(struct store_conn *c, long long id,
				      long long *institution_id)
{
	struct db_arg arg = db_int(id);
	struct db_res r;
	int rc = db_query(c, "SELECT institution_id FROM inspection WHERE id = ?", &arg,
			  1, &r),
	    got;

	if (rc)
		return rc;
	got = db_next(&r);
	*institution_id = got == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	if (got < 0)
		return STORE_ERROR;
	return got == 1 ? STORE_OK : STORE_NOT_FOUND;
}

static bool read_inspection(struct db_res *r, struct arena *a, void *out)
{
	struct inspection *i = out;

	i->id = db_ll(r, 0);
	i->institution_id = db_ll(r, 1);
	i->year = (int)db_ll(r, 2);
	i->inspected_on = db_str(r, a, 3);
	i->outcome = db_str(r, a, 4);
	i->notes = db_str(r, a, 5);
	i->created_at = db_str(r, a, 6);
	return true;
}

enum store_err store_inspection_insert(struct store_conn *c, const struct inspection *i,
				       long long *id)
{
	struct db_arg args[6] = {
		db_int(i->institution_id), db_int(i->year),
		db_text(i->inspected_on),  db_text(i->outcome),
		db_text(nz(i->notes)),     db_text(i->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO inspection (institution_id, year, inspected_on, "
			    "outcome, notes, created_at) VALUES (?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 6, id);
}

enum store_err store_inspection_list(struct store_conn *c, struct arena *a,
				     long long institution_id, struct inspection **items,
				     size_t *n)
{
	struct db_arg arg = db_int(institution_id);

	return db_collect(c,
			  "SELECT id, institution_id, year, inspected_on, outcome, notes, "
			  "created_at FROM inspection WHERE institution_id = ? "
			  "ORDER BY inspected_on DESC, id DESC",
			  &arg, 1, a, sizeof(**items), read_inspection, (void **)items, n);
}

#define FINDING_COLS \
	"f.id, f.inspection_id, f.institution_id, f.description, f.deadline, " \
	"f.status, f.closed_on, f.closing_note, i.name"

static bool read_finding(struct db_res *r, struct arena *a, void *out)
{
	struct finding *f = out;

	f->id = db_ll(r, 0);
	f->inspection_id = db_ll(r, 1);
	f->institution_id = db_ll(r, 2);
	f->description = db_str(r, a, 3);
	f->deadline = db_str(r, a, 4);
	f->status = db_str(r, a, 5);
	f->closed_on = db_str(r, a, 6);
	f->closing_note = db_str(r, a, 7);
	f->institution_name = db_str(r, a, 8);
	return true;
}

enum store_err store_finding_insert(struct store_conn *c, const struct finding *f,
				    long long *id)
{
	struct db_arg args[4] = {db_int(f->inspection_id), db_int(f->institution_id),
				 db_text(f->description), db_text(f->deadline)};

	return db_insert_id(c,
			    "INSERT INTO finding (inspection_id, institution_id, "
			    "description, deadline) VALUES (?, ?, ?, ?) RETURNING id",
			    args, 4, id);
}

enum store_err store_finding_get(struct store_conn *c, struct arena *a, long long id,
				 struct finding *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c,
		      "SELECT " FINDING_COLS " FROM finding f JOIN institution i "
		      "ON i.id = f.institution_id WHERE f.id = ?",
		      &arg, 1, a, read_finding, out);
}

enum store_err store_finding_list(struct store_conn *c, struct arena *a,
				  long long institution_id, const char *overdue_before,
				  struct finding **items, size_t *n)
{
	const char *d = nz(overdue_before);
	struct db_arg args[4] = {db_int(institution_id), db_int(institution_id),
				 db_text(d), db_text(d)};

	return db_collect(c,
			  "SELECT " FINDING_COLS " FROM finding f JOIN institution i "
			  "ON i.id = f.institution_id WHERE (? = 0 OR f.institution_id = ?) "
			  "AND (? = '' OR (f.status = 'open' AND f.deadline < ?)) "
			  "ORDER BY f.deadline, f.id",
			  args, 4, a, sizeof(**items), read_finding, (void **)items, n);
}

enum store_err store_finding_close(struct store_conn *c, long long id, const char *on,
				   const char *note)
{
	struct db_arg args[3] = {db_text(on), db_text(note), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE finding SET status = 'closed', closed_on = ?, "
			 "closing_note = ? WHERE id = ? AND status = 'open'",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- the dashboard ---- */

enum store_err store_registry_counts(struct store_conn *c, const char *today,
				     const char *soon, long long counts[8])
{
	struct db_arg args[6] = {db_text(today), db_text(today), db_text(soon),
				 db_text(today), db_text(today), db_text(today)};
	struct db_res r;
	int rc, got;

	rc = db_query(c,
		      "SELECT "
		      "(SELECT count(*) FROM institution WHERE status = 'applying'), "
		      "(SELECT count(*) FROM institution WHERE status = 'under_notice'), "
		      "(SELECT count(*) FROM institution WHERE status = 'registered' AND "
		      " (valid_until IS NULL OR valid_until >= ?)), "
		      "(SELECT count(*) FROM institution WHERE status IN "
		      " ('registered','suspended') AND valid_until < ?), "
		      "(SELECT count(*) FROM institution WHERE status = 'registered' AND "
		      " valid_until <= ? AND valid_until >= ?), "
		      "(SELECT count(*) FROM institution WHERE status = 'suspended' AND "
		      " (valid_until IS NULL OR valid_until >= ?)), "
		      "(SELECT count(*) FROM finding WHERE status = 'open' AND deadline < ?), "
		      "(SELECT count(*) FROM objection WHERE status = 'open')",
		      args, 6, &r);
	if (rc)
		return rc;
	got = db_next(&r);
	for (int i = 0; i < 8; i++)
		counts[i] = got == 1 ? db_ll(&r, i) : 0;
	db_done(&r);
	return got == 1 ? STORE_OK : STORE_ERROR;
}
