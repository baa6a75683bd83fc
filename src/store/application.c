/*
 * application.c - online application (网上报名, issue 12): a plan's offer
 * (who may apply, the window, the fee) and its partner companies. SQL
 * written once for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

#define OFFER_COLS \
	"o.plan_id, o.audience, o.opens_on, o.closes_on, o.fee, o.updated_at, " \
	"i.province FROM plan_application_offer o JOIN plan p ON p.id = o.plan_id " \
	"JOIN institution i ON i.id = p.institution_id"

static bool read_offer(struct db_res *r, struct arena *a, void *out)
{
	struct apply_offer *o = out;

	o->plan_id = db_ll(r, 0);
	o->audience = db_str(r, a, 1);
	o->opens_on = db_str(r, a, 2);
	o->closes_on = db_str(r, a, 3);
	o->fee = db_str(r, a, 4);
	o->updated_at = db_str(r, a, 5);
	o->province = db_str(r, a, 6);
	return true;
}

enum store_err store_apply_offer_put(struct store_conn *c, const struct apply_offer *o,
				     const char *const *partners, size_t n)
{
	struct db_arg id = db_int(o->plan_id);
	struct db_arg args[6] = {db_int(o->plan_id),   db_text(o->audience),
				 db_text(o->opens_on), db_text(o->closes_on),
				 db_text(o->fee),      db_text(o->updated_at)};
	int rc = db_exec(c, "DELETE FROM plan_application_partner WHERE plan_id = ?", &id,
			 1, NULL);

	if (!rc)
		rc = db_exec(c, "DELETE FROM plan_application_offer WHERE plan_id = ?",
			     &id, 1, NULL);
	if (!rc)
		rc = db_exec(c,
			     "INSERT INTO plan_application_offer (plan_id, audience, opens_on, "
			     "closes_on, fee, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			     args, 6, NULL);
	for (size_t i = 0; !rc && i < n; i++) {
		struct db_arg pa[2] = {db_int(o->plan_id), db_text(partners[i])};

		rc = db_exec(c,
			     "INSERT INTO plan_application_partner (plan_id, credit_code) "
			     "VALUES (?, ?)",
			     pa, 2, NULL);
	}
	return rc;
}

enum store_err store_apply_offer_get(struct store_conn *c, struct arena *a,
				     long long plan_id, struct apply_offer *out)
{
	struct db_arg arg = db_int(plan_id);

	return db_one(c, "SELECT " OFFER_COLS " WHERE o.plan_id = ?", &arg, 1, a,
		      read_offer, out);
}

enum store_err store_apply_offer_open(struct store_conn *c, struct arena *a,
				      const char *today, struct apply_offer **items,
				      size_t *n)
{
	struct db_arg args[2] = {db_text(today), db_text(today)};

	return db_collect(c,
			  "SELECT " OFFER_COLS " WHERE o.opens_on <= ? AND o.closes_on >= ? "
			  "ORDER BY o.closes_on, o.plan_id",
			  args, 2, a, sizeof(**items), read_offer, (void **)items, n);
}

static bool read_code(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_apply_partners(struct store_conn *c, struct arena *a,
				    long long plan_id, const char ***codes, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT credit_code FROM plan_application_partner WHERE plan_id = ? "
			  "ORDER BY credit_code",
			  &arg, 1, a, sizeof(**codes), read_code, (void **)codes, n);
}

/* ---- applications ---- */

#define APP_COLS \
	"a.id, a.plan_id, a.person_id, a.enrolment_id, a.status, a.route_id, " \
	"a.diploma_type, a.graduated_on, a.diploma_related, a.diploma_final_year, " \
	"a.program_level, a.work_start, a.cert_id, a.cert_kind, " \
	"a.cert_occupation_code, a.cert_issued_on, a.cert_number, a.cert_related, " \
	"a.cert_level, a.employer_credit_code, a.reason, a.decided_by, a.created_at, " \
	"a.updated_at, pe.name, p.title, o.name, p.level, p.institution_id " \
	"FROM plan_application a JOIN person pe ON pe.id = a.person_id " \
	"JOIN plan p ON p.id = a.plan_id JOIN standard s ON s.id = p.standard_id " \
	"JOIN occupation o ON o.id = s.occupation_id"

static bool read_application(struct db_res *r, struct arena *a, void *out)
{
	struct plan_application *x = out;
	struct application_facts *f = &x->f;

	x->id = db_ll(r, 0);
	x->plan_id = db_ll(r, 1);
	x->person_id = db_ll(r, 2);
	x->enrolment_id = db_ll(r, 3);
	x->status = db_str(r, a, 4);
	f->route_id = db_str(r, a, 5);
	f->diploma_type = db_str(r, a, 6);
	f->graduated_on = db_str(r, a, 7);
	f->diploma_related = db_ll(r, 8) != 0;
	f->diploma_final_year = db_ll(r, 9) != 0;
	f->program_level = (int)db_ll(r, 10);
	f->work_start = db_str(r, a, 11);
	f->cert_id = db_ll(r, 12);
	f->cert_kind = db_str(r, a, 13);
	f->cert_occupation_code = db_str(r, a, 14);
	f->cert_issued_on = db_str(r, a, 15);
	f->cert_number = db_str(r, a, 16);
	f->cert_related = db_ll(r, 17) != 0;
	f->cert_level = (int)db_ll(r, 18);
	f->employer_credit_code = db_str(r, a, 19);
	x->reason = db_str(r, a, 20);
	x->decided_by = db_str(r, a, 21);
	x->created_at = db_str(r, a, 22);
	x->updated_at = db_str(r, a, 23);
	x->person_name = db_str(r, a, 24);
	x->plan_title = db_str(r, a, 25);
	x->occupation_name = db_str(r, a, 26);
	x->level = (int)db_ll(r, 27);
	x->institution_id = db_ll(r, 28);
	return true;
}

/* Writes the facts of application id: two statements (a statement binds
 * at most 16 parameters). */
static enum store_err set_facts(struct store_conn *c, long long id,
				const struct application_facts *f)
{
	struct db_arg d[8] = {db_text(f->route_id),
			      db_text(f->diploma_type ? f->diploma_type : ""),
			      db_text(f->graduated_on ? f->graduated_on : ""),
			      db_int(f->diploma_related),
			      db_int(f->diploma_final_year),
			      db_int(f->program_level),
			      db_text(f->work_start ? f->work_start : ""),
			      db_int(id)};
	struct db_arg e[9] = {
		db_int_or_null(f->cert_id),
		db_text(f->cert_kind ? f->cert_kind : ""),
		db_text(f->cert_occupation_code ? f->cert_occupation_code : ""),
		db_text(f->cert_issued_on ? f->cert_issued_on : ""),
		db_text(f->cert_number ? f->cert_number : ""),
		db_int(f->cert_related),
		db_int(f->cert_level),
		db_text(f->employer_credit_code ? f->employer_credit_code : ""),
		db_int(id)};
	int rc = db_exec(c,
			 "UPDATE plan_application SET route_id = ?, diploma_type = ?, "
			 "graduated_on = ?, diploma_related = ?, diploma_final_year = ?, "
			 "program_level = ?, work_start = ? WHERE id = ?",
			 d, 8, NULL);

	if (!rc)
		rc = db_exec(c,
			     "UPDATE plan_application SET cert_id = ?, cert_kind = ?, "
			     "cert_occupation_code = ?, cert_issued_on = ?, cert_number = ?, "
			     "cert_related = ?, cert_level = ?, employer_credit_code = ? "
			     "WHERE id = ?",
			     e, 9, NULL);
	return rc;
}

enum store_err store_application_insert(struct store_conn *c, long long plan_id,
					long long person_id,
					const struct application_facts *f,
					const char *now, long long *id)
{
	struct db_arg args[5] = {db_int(plan_id), db_int(person_id), db_text(f->route_id),
				 db_text(now), db_text(now)};
	int rc = db_insert_id(c,
			      "INSERT INTO plan_application (plan_id, person_id, status, "
			      "route_id, created_at, updated_at) VALUES (?, ?, 'submitted', ?, "
			      "?, ?) RETURNING id",
			      args, 5, id);

	if (rc)
		return rc;
	return set_facts(c, *id, f);
}

enum store_err store_application_resubmit(struct store_conn *c, long long id,
					  const struct application_facts *f, const char *now)
{
	struct db_arg args[2] = {db_text(now), db_int(id)};
	long long changed = 0;
	int rc;

	rc = db_exec(c,
		     "UPDATE plan_application SET status = 'submitted', updated_at = ? "
		     "WHERE id = ? AND status = 'returned'",
		     args, 2, &changed);
	if (!rc && !changed)
		rc = STORE_CONFLICT;
	if (rc)
		return rc;
	return set_facts(c, id, f);
}

enum store_err store_application_get(struct store_conn *c, struct arena *a, long long id,
				     struct plan_application *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " APP_COLS " WHERE a.id = ?", &arg, 1, a,
		      read_application, out);
}

enum store_err store_application_list(struct store_conn *c, struct arena *a,
				      long long plan_id, long long person_id,
				      struct plan_application **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id ? plan_id : person_id);

	return db_collect(c,
			  plan_id ? "SELECT " APP_COLS " WHERE a.plan_id = ? ORDER BY a.id"
				  : "SELECT " APP_COLS
				    " WHERE a.person_id = ? ORDER BY a.id DESC",
			  &arg, 1, a, sizeof(**items), read_application, (void **)items, n);
}

enum store_err store_application_decide(struct store_conn *c, long long id,
					const char *to, const char *reason, const char *by,
					long long enrolment_id, const char *now)
{
	struct db_arg args[6] = {db_text(to),  db_text(reason),
				 db_text(by),  db_int_or_null(enrolment_id),
				 db_text(now), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE plan_application SET status = ?, reason = ?, decided_by = ?, "
			 "enrolment_id = ?, updated_at = ? WHERE id = ? AND status = "
			 "'submitted'",
			 args, 6, &changed);

	if (!rc && !changed)
		rc = STORE_CONFLICT;
	return rc;
}

enum store_err store_enrolment_set_route(struct store_conn *c, long long enrolment_id,
					 const char *route_id)
{
	struct db_arg args[2] = {db_text(route_id), db_int(enrolment_id)};

	return db_exec(c, "UPDATE enrolment SET route_id = ? WHERE id = ?", args, 2, NULL);
}

/* ---- documents ---- */

#define DOC_COLS "id, application_id, bytes, kind, name, mime, sha256, created_at"

static bool read_doc(struct db_res *r, struct arena *a, void *out)
{
	struct application_doc *d = out;

	d->id = db_ll(r, 0);
	d->application_id = db_ll(r, 1);
	d->bytes = db_ll(r, 2);
	d->kind = db_str(r, a, 3);
	d->name = db_str(r, a, 4);
	d->mime = db_str(r, a, 5);
	d->sha256 = db_str(r, a, 6);
	d->created_at = db_str(r, a, 7);
	d->content = NULL;
	return true;
}

static bool read_doc_content(struct db_res *r, struct arena *a, void *out)
{
	struct application_doc *d = out;

	read_doc(r, a, out);
	d->content = db_str(r, a, 8);
	return true;
}

enum store_err store_application_doc_add(struct store_conn *c,
					 const struct application_doc *d)
{
	struct db_arg args[8] = {db_int(d->application_id), db_text(d->kind),
				 db_text(d->name),          db_text(d->mime),
				 db_int(d->bytes),          db_text(d->sha256),
				 db_text(d->content),       db_text(d->created_at)};

	return db_exec(c,
		       "INSERT INTO plan_application_document (application_id, kind, name, "
		       "mime, bytes, sha256, content, created_at) VALUES (?, ?, ?, ?, ?, ?, "
		       "?, ?)",
		       args, 8, NULL);
}

enum store_err store_application_photo_drop(struct store_conn *c, long long application_id)
{
	struct db_arg arg = db_int(application_id);

	return db_exec(c,
		       "DELETE FROM plan_application_document WHERE application_id = ? "
		       "AND kind = 'photo'",
		       &arg, 1, NULL);
}

enum store_err store_application_docs(struct store_conn *c, struct arena *a,
				      long long application_id,
				      struct application_doc **items, size_t *n)
{
	struct db_arg arg = db_int(application_id);

	return db_collect(c,
			  "SELECT " DOC_COLS " FROM plan_application_document WHERE "
			  "application_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_doc, (void **)items, n);
}

enum store_err store_application_doc_get(struct store_conn *c, struct arena *a,
					 long long application_id, long long doc_id,
					 struct application_doc *out)
{
	struct db_arg args[2] = {db_int(doc_id), db_int(application_id)};

	return db_one(c,
		      "SELECT " DOC_COLS ", content FROM plan_application_document WHERE "
		      "id = ? AND application_id = ?",
		      args, 2, a, read_doc_content, out);
}
