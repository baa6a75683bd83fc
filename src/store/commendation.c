/*
 * commendation.c - annual commendations (issue 14): campaigns with their
 * rules in versions, quotas and timetable; nominations with their
 * attachments and endorsement; the registry's facts the eligibility rules
 * read. SQL written once for both engines (db.h).
 */
#include <stddef.h>
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* ---- campaigns ---- */

#define CAMP_COLS \
	"x.id, x.year, x.title, x.status, x.nominate_until, x.review_until, " \
	"x.notice_days, x.notice_start, x.notice_end, x.decision_no, x.decision_date, " \
	"x.signatory, x.created_by, x.created_at, x.updated_at, coalesce(r.version, 0), " \
	"coalesce(r.code, ''), coalesce(r.digest, '')"
#define CAMP_FROM \
	" FROM commendation_campaign x LEFT JOIN commendation_rules r ON " \
	"r.campaign_id = x.id AND r.version = (SELECT max(version) FROM " \
	"commendation_rules WHERE campaign_id = x.id)"

static bool read_campaign(struct db_res *r, struct arena *a, void *out)
{
	struct commendation_campaign *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->year = (int)db_ll(r, i++);
	x->title = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->nominate_until = db_str(r, a, i++);
	x->review_until = db_str(r, a, i++);
	x->notice_days = (int)db_ll(r, i++);
	x->notice_start = db_str(r, a, i++);
	x->notice_end = db_str(r, a, i++);
	x->decision_no = db_str(r, a, i++);
	x->decision_date = db_str(r, a, i++);
	x->signatory = db_str(r, a, i++);
	x->created_by = db_str(r, a, i++);
	x->created_at = db_str(r, a, i++);
	x->updated_at = db_str(r, a, i++);
	x->rules_version = (int)db_ll(r, i++);
	x->rules_code = db_str(r, a, i++);
	x->rules_digest = db_str(r, a, i++);
	return true;
}

enum store_err store_commend_insert(struct store_conn *c,
				    const struct commendation_campaign *x, long long *id)
{
	struct db_arg args[10] = {
		db_int(x->year),
		db_text(x->title),
		db_text(x->status ? x->status : "draft"),
		db_text(nz(x->nominate_until)),
		db_text(nz(x->review_until)),
		db_int(x->notice_days),
		db_text(x->created_by),
		db_text(x->created_at),
		db_text(x->created_at),
		db_text(""),
	};

	return db_insert_id(c,
			    "INSERT INTO commendation_campaign (year, title, status, "
			    "nominate_until, review_until, notice_days, created_by, created_at, "
			    "updated_at, signatory) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 10, id);
}

enum store_err store_commend_get(struct store_conn *c, struct arena *a, long long id,
				 struct commendation_campaign *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " CAMP_COLS CAMP_FROM " WHERE x.id = ?", &arg, 1, a,
		      read_campaign, out);
}

enum store_err store_commend_list(struct store_conn *c, struct arena *a, bool with_drafts,
				  struct commendation_campaign **items, size_t *n)
{
	struct db_arg arg = db_int(with_drafts);

	return db_collect(c,
			  "SELECT " CAMP_COLS CAMP_FROM " WHERE (? = 1 OR x.status <> 'draft') "
			  "ORDER BY x.year DESC, x.id DESC",
			  &arg, 1, a, sizeof(**items), read_campaign, (void **)items, n);
}

enum store_err store_commend_lock(struct store_conn *c, long long id)
{
	struct db_arg arg = db_int(id);
	long long changed = 0;
	int rc = db_exec(
		c, "UPDATE commendation_campaign SET updated_at = updated_at WHERE id = ?",
		&arg, 1, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_commend_set_status(struct store_conn *c, long long id,
					const char *from, const char *to, const char *when)
{
	struct db_arg args[4] = {db_text(to), db_text(when), db_int(id), db_text(from)};

	return db_update_one(c,
			     "UPDATE commendation_campaign SET status = ?, updated_at = ? "
			     "WHERE id = ? AND status = ?",
			     args, 4);
}

enum store_err store_commend_set_timetable(struct store_conn *c, long long id,
					   const char *nominate_until,
					   const char *review_until, int notice_days,
					   const char *when)
{
	struct db_arg args[5] = {db_text(nz(nominate_until)), db_text(nz(review_until)),
				 db_int(notice_days), db_text(when), db_int(id)};

	return db_update_one(c,
			     "UPDATE commendation_campaign SET nominate_until = ?, "
			     "review_until = ?, notice_days = ?, updated_at = ? WHERE id = ?",
			     args, 5);
}

/* ---- rules ---- */

static bool read_rules(struct db_res *r, struct arena *a, void *out)
{
	struct commendation_rules_row *x = out;

	x->id = db_ll(r, 0);
	x->campaign_id = db_ll(r, 1);
	x->version = (int)db_ll(r, 2);
	x->code = db_str(r, a, 3);
	x->digest = db_str(r, a, 4);
	x->created_by = db_str(r, a, 5);
	x->created_at = db_str(r, a, 6);
	x->body = db_str(r, a, 7);
	return true;
}

static bool read_name(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_comm_category_names(struct store_conn *c, struct arena *a,
					 long long campaign_id, const char ***names,
					 size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(c,
			  "SELECT name FROM commendation_category WHERE campaign_id = ? "
			  "ORDER BY position",
			  &arg, 1, a, sizeof(**names), read_name, (void **)names, n);
}

static bool read_ll(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_comm_unnamed_campaigns(struct store_conn *c, struct arena *a,
					    long long **ids, size_t *n)
{
	return db_collect(
		c,
		"SELECT x.id FROM commendation_campaign x WHERE NOT EXISTS (SELECT 1 "
		"FROM commendation_category k WHERE k.campaign_id = x.id) ORDER BY x.id",
		NULL, 0, a, sizeof(**ids), read_ll, (void **)ids, n);
}

enum store_err store_commend_quota_drop(struct store_conn *c, long long campaign_id,
					const char *category)
{
	struct db_arg args[2] = {db_int(campaign_id), db_text(category)};

	return db_exec(c,
		       "DELETE FROM commendation_quota WHERE campaign_id = ? AND category = ?",
		       args, 2, NULL);
}

enum store_err store_commend_categories_set(struct store_conn *c, long long campaign_id,
					    const struct commend_doc *d)
{
	struct db_arg arg = db_int(campaign_id);
	int rc = db_exec(c, "DELETE FROM commendation_category WHERE campaign_id = ?",
			 &arg, 1, NULL);

	for (size_t i = 0; !rc && i < d->ncats; i++) {
		const struct commend_cat *k = &d->cats[i];
		struct db_arg args[6] = {db_int(campaign_id),
					 db_text(k->code),
					 db_text(k->name),
					 db_text(nz(k->name_en)),
					 db_text(commend_kind_name(k->kind)),
					 db_int((long long)i)};

		rc = db_exec(c,
			     "INSERT INTO commendation_category (campaign_id, code, name, "
			     "name_en, kind, position) VALUES (?, ?, ?, ?, ?, ?)",
			     args, 6, NULL);
	}
	return rc;
}

enum store_err store_commend_rules_insert(struct store_conn *c,
					  const struct commendation_rules_row *r,
					  int *version)
{
	struct db_arg arg = db_int(r->campaign_id);
	struct db_res res;
	long long id;
	int rc = db_query(c,
			  "SELECT coalesce(max(version), 0) + 1 FROM commendation_rules "
			  "WHERE campaign_id = ?",
			  &arg, 1, &res);

	if (rc)
		return rc;
	rc = db_next(&res);
	*version = rc == 1 ? (int)db_ll(&res, 0) : 1;
	db_done(&res);
	if (rc < 0)
		return STORE_ERROR;
	{
		struct db_arg args[7] = {db_int(r->campaign_id), db_int(*version),
					 db_text(r->code),       db_text(r->body),
					 db_text(r->digest),     db_text(r->created_by),
					 db_text(r->created_at)};

		return db_insert_id(c,
				    "INSERT INTO commendation_rules (campaign_id, version, "
				    "code, body, digest, created_by, created_at) VALUES (?, ?, "
				    "?, ?, ?, ?, ?) RETURNING id",
				    args, 7, &id);
	}
}

enum store_err store_commend_rules_latest(struct store_conn *c, struct arena *a,
					  long long campaign_id,
					  struct commendation_rules_row *out)
{
	struct db_arg args[2] = {db_int(campaign_id), db_int(campaign_id)};

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT id, campaign_id, version, code, digest, created_by, created_at, "
		      "body FROM commendation_rules WHERE campaign_id = ? AND version = "
		      "(SELECT max(version) FROM commendation_rules WHERE campaign_id = ?)",
		      args, 2, a, read_rules, out);
}

enum store_err store_commend_rules_list(struct store_conn *c, struct arena *a,
					long long campaign_id,
					struct commendation_rules_row **items, size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(c,
			  "SELECT id, campaign_id, version, code, digest, created_by, "
			  "created_at, NULL FROM commendation_rules WHERE campaign_id = ? "
			  "ORDER BY version",
			  &arg, 1, a, sizeof(**items), read_rules, (void **)items, n);
}

/* ---- quotas ---- */

enum store_err store_commend_quota_set(struct store_conn *c, long long campaign_id,
				       const char *category, const char *scope,
				       const char *scope_key, int quota)
{
	struct db_arg args[5] = {db_int(campaign_id), db_text(category), db_text(scope),
				 db_text(nz(scope_key)), db_int(quota)};
	int rc = db_exec(c,
			 "DELETE FROM commendation_quota WHERE campaign_id = ? AND category = "
			 "? AND scope = ? AND scope_key = ?",
			 args, 4, NULL);

	if (rc || quota < 0)
		return rc;
	return db_exec(c,
		       "INSERT INTO commendation_quota (campaign_id, category, scope, "
		       "scope_key, quota) VALUES (?, ?, ?, ?, ?)",
		       args, 5, NULL);
}

enum store_err store_commend_quota_clear(struct store_conn *c, long long campaign_id)
{
	struct db_arg arg = db_int(campaign_id);

	return db_exec(c, "DELETE FROM commendation_quota WHERE campaign_id = ?", &arg, 1,
		       NULL);
}

static bool read_quota(struct db_res *r, struct arena *a, void *out)
{
	struct commendation_quota_row *q = out;

	q->category = db_str(r, a, 0);
	q->scope = db_str(r, a, 1);
	q->scope_key = db_str(r, a, 2);
	q->quota = (int)db_ll(r, 3);
	return true;
}

enum store_err store_commend_quotas(struct store_conn *c, struct arena *a,
				    long long campaign_id,
				    struct commendation_quota_row **items, size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(c,
			  "SELECT category, scope, scope_key, quota FROM commendation_quota "
			  "WHERE campaign_id = ? ORDER BY category, scope, scope_key",
			  &arg, 1, a, sizeof(**items), read_quota, (void **)items, n);
}

enum store_err store_commend_count(struct store_conn *c, long long campaign_id,
				   const char *category, long long branch,
				   const char *province, long long exclude, int *out)
{
	struct db_arg args[7] = {db_int(campaign_id),  db_text(category),
				 db_int(exclude),      db_int(branch),
				 db_int(branch),       db_text(nz(province)),
				 db_text(nz(province))};
	struct db_res res;
	int rc = db_query(
		c,
		"SELECT count(*) FROM commendation_nomination n JOIN institution i "
		"ON i.id = n.nominated_by WHERE n.campaign_id = ? AND n.category = ? "
		"AND n.status <> 'withdrawn' AND n.id <> ? AND (? = 0 OR n.branch_id "
		"= ?) AND (? = '' OR i.province = ?)",
		args, 7, &res);

	*out = 0;
	if (rc)
		return rc;
	rc = db_next(&res);
	if (rc == 1)
		*out = (int)db_ll(&res, 0);
	db_done(&res);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

/* ---- nominations ---- */

#define NOM_COLS \
	"n.id, n.campaign_id, n.institution_id, n.person_id, n.nominated_by, " \
	"n.branch_id, n.category, n.achievements, n.figures, n.status, " \
	"n.status_reason, n.endorsed_by, n.endorsed_at, n.created_by, n.created_at, " \
	"n.updated_at, i.name, coalesce(p.name, ''), m.name, coalesce(b.name, ''), " \
	"m.province, coalesce(cc.name, ''), coalesce(cc.name_en, '')"
#define NOM_FROM \
	" FROM commendation_nomination n JOIN institution i ON i.id = n.institution_id " \
	"JOIN institution m ON m.id = n.nominated_by LEFT JOIN institution b ON b.id = " \
	"n.branch_id LEFT JOIN person p ON p.id = n.person_id " \
	"LEFT JOIN commendation_category cc ON cc.campaign_id = n.campaign_id AND cc.code = n.category "

static bool read_nom(struct db_res *r, struct arena *a, void *out)
{
	struct commendation_nomination *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->campaign_id = db_ll(r, i++);
	x->institution_id = db_ll(r, i++);
	x->person_id = db_ll(r, i++);
	x->nominated_by = db_ll(r, i++);
	x->branch_id = db_ll(r, i++);
	x->category = db_str(r, a, i++);
	x->achievements = db_str(r, a, i++);
	x->figures = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->status_reason = db_str(r, a, i++);
	x->endorsed_by = db_str(r, a, i++);
	x->endorsed_at = db_str(r, a, i++);
	x->created_by = db_str(r, a, i++);
	x->created_at = db_str(r, a, i++);
	x->updated_at = db_str(r, a, i++);
	x->institution_name = db_str(r, a, i++);
	x->person_name = db_str(r, a, i++);
	x->nominator_name = db_str(r, a, i++);
	x->branch_name = db_str(r, a, i++);
	x->province = db_str(r, a, i++);
	x->category_name = db_str(r, a, i++);
	x->category_name_en = db_str(r, a, i++);
	return true;
}

enum store_err store_commend_nom_insert(struct store_conn *c,
					const struct commendation_nomination *n,
					long long *id)
{
	struct db_arg args[14] = {
		db_int(n->campaign_id),    db_text(n->category),
		db_int(n->institution_id), db_int_or_null(n->person_id),
		db_int(n->nominated_by),   db_int_or_null(n->branch_id),
		db_text(n->achievements),  db_text(n->figures ? n->figures : "{}"),
		db_text(n->status),        db_text(nz(n->endorsed_by)),
		db_text(n->endorsed_at),   db_text(n->created_by),
		db_text(n->created_at),    db_text(n->created_at),
	};

	return db_insert_id(c,
			    "INSERT INTO commendation_nomination (campaign_id, category, "
			    "institution_id, person_id, nominated_by, branch_id, achievements, "
			    "figures, status, endorsed_by, endorsed_at, created_by, created_at, "
			    "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 14, id);
}

enum store_err store_commend_nom_get(struct store_conn *c, struct arena *a, long long id,
				     struct commendation_nomination *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " NOM_COLS NOM_FROM " WHERE n.id = ?", &arg, 1, a,
		      read_nom, out);
}

enum store_err store_commend_noms(struct store_conn *c, struct arena *a,
				  long long campaign_id,
				  struct commendation_nomination **items, size_t *n)
{
	struct db_arg arg = db_int(campaign_id);

	return db_collect(c,
			  "SELECT " NOM_COLS NOM_FROM
			  " WHERE n.campaign_id = ? ORDER BY coalesce(cc.position, 0), "
			  "n.category, n.id",
			  &arg, 1, a, sizeof(**items), read_nom, (void **)items, n);
}

enum store_err store_commend_nom_status(struct store_conn *c, long long id,
					const char *from, const char *to, const char *reason,
					const char *endorsed_by, const char *when)
{
	struct db_arg args[9] = {db_text(to),
				 db_text(nz(reason)),
				 db_text(nz(endorsed_by)),
				 db_text(nz(endorsed_by)),
				 db_text(nz(endorsed_by)),
				 db_text(when),
				 db_text(when),
				 db_int(id),
				 db_text(from)};

	return db_update_one(c,
			     "UPDATE commendation_nomination SET status = ?, status_reason = "
			     "?, endorsed_by = CASE WHEN ? = '' THEN endorsed_by ELSE ? END, "
			     "endorsed_at = CASE WHEN ? = '' THEN endorsed_at ELSE ? END, "
			     "updated_at = ? WHERE id = ? AND status = ?",
			     args, 9);
}

enum store_err store_commend_nom_resubmit(struct store_conn *c, long long id,
					  const char *achievements, const char *figures,
					  const char *when)
{
	struct db_arg args[4] = {db_text(achievements), db_text(figures), db_text(when),
				 db_int(id)};

	return db_update_one(c,
			     "UPDATE commendation_nomination SET achievements = ?, figures = ?, "
			     "status = 'submitted', status_reason = '', updated_at = ? WHERE "
			     "id = ? AND status = 'returned'",
			     args, 4);
}

enum store_err store_commend_submitted(struct store_conn *c, long long campaign_id, int *out)
{
	struct db_arg arg = db_int(campaign_id);
	struct db_res res;
	int rc = db_query(c,
			  "SELECT count(*) FROM commendation_nomination WHERE campaign_id = ? "
			  "AND status = 'submitted'",
			  &arg, 1, &res);

	*out = 0;
	if (rc)
		return rc;
	rc = db_next(&res);
	if (rc == 1)
		*out = (int)db_ll(&res, 0);
	db_done(&res);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

/* ---- attachments ---- */

enum store_err store_commend_att_insert(struct store_conn *c,
					const struct commendation_attachment *x,
					long long *id)
{
	struct db_arg args[8] = {db_int(x->nomination_id), db_text(x->filename),
				 db_text(x->mime),         db_int(x->size),
				 db_text(x->digest),       db_text(x->data),
				 db_text(x->created_by),   db_text(x->created_at)};

	return db_insert_id(c,
			    "INSERT INTO commendation_attachment (nomination_id, filename, "
			    "mime, size, digest, data, created_by, created_at) VALUES (?, ?, ?, "
			    "?, ?, ?, ?, ?) RETURNING id",
			    args, 8, id);
}

static bool read_att(struct db_res *r, struct arena *a, void *out)
{
	struct commendation_attachment *x = out;

	x->id = db_ll(r, 0);
	x->nomination_id = db_ll(r, 1);
	x->filename = db_str(r, a, 2);
	x->mime = db_str(r, a, 3);
	x->size = db_ll(r, 4);
	x->digest = db_str(r, a, 5);
	x->created_by = db_str(r, a, 6);
	x->created_at = db_str(r, a, 7);
	x->data = db_str(r, a, 8);
	return true;
}

enum store_err store_commend_atts(struct store_conn *c, struct arena *a,
				  long long nomination_id,
				  struct commendation_attachment **items, size_t *n)
{
	struct db_arg arg = db_int(nomination_id);

	return db_collect(c,
			  "SELECT id, nomination_id, filename, mime, size, digest, created_by, "
			  "created_at, NULL FROM commendation_attachment WHERE nomination_id = "
			  "? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_att, (void **)items, n);
}

enum store_err store_commend_att_get(struct store_conn *c, struct arena *a, long long id,
				     struct commendation_attachment *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT id, nomination_id, filename, mime, size, digest, created_by, "
		      "created_at, data FROM commendation_attachment WHERE id = ?",
		      &arg, 1, a, read_att, out);
}

/* ---- the registry's facts ---- */

static bool read_status(struct db_res *r, struct arena *a, void *out)
{
	struct commend_status *s = out;

	s->date = db_str(r, a, 0);
	s->status = db_str(r, a, 1);
	return s->date && s->status;
}

enum store_err store_commend_history(struct store_conn *c, struct arena *a,
				     long long institution_id,
				     struct commend_status **items, size_t *n)
{
	struct db_arg args[2] = {db_int(institution_id), db_int(institution_id)};

	return db_collect(c,
			  "SELECT d, s FROM (SELECT substr(registered_on, 1, 10) AS d, "
			  "'registered' AS s, 0 AS k FROM institution WHERE id = ? AND "
			  "registered_on IS NOT NULL UNION ALL SELECT substr(at, 1, 10), "
			  "to_status, id FROM institution_status_log WHERE institution_id = ?) "
			  "h ORDER BY d, k",
			  args, 2, a, sizeof(**items), read_status, (void **)items, n);
}

static bool read_deadline(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_commend_open_deadlines(struct store_conn *c, struct arena *a,
					    long long institution_id, const char ***items,
					    size_t *n)
{
	struct db_arg arg = db_int(institution_id);

	return db_collect(c,
			  "SELECT deadline FROM finding WHERE institution_id = ? AND status = "
			  "'open' ORDER BY deadline",
			  &arg, 1, a, sizeof(**items), read_deadline, (void **)items, n);
}

enum store_err store_commend_sanctions(struct store_conn *c, long long institution_id,
				       long long person_id, int *out)
{
	struct db_arg args[4] = {db_int(person_id), db_int(person_id),
				 db_int(institution_id), db_int(institution_id)};
	struct db_res res;
	int rc = db_query(
		c,
		"SELECT CASE WHEN ? <> 0 THEN (SELECT count(*) FROM certificate WHERE "
		"person_id = ? AND status = 'revoked' AND status_category = 'fraud') ELSE "
		"(SELECT count(*) FROM certificate WHERE institution_id = ? AND status = "
		"'revoked' AND status_category = 'fraud') + (SELECT count(*) FROM "
		"institution_status_log WHERE institution_id = ? AND to_status = "
		"'revoked') END",
		args, 4, &res);

	*out = 0;
	if (rc)
		return rc;
	rc = db_next(&res);
	if (rc == 1)
		*out = (int)db_ll(&res, 0);
	db_done(&res);
	return rc < 0 ? STORE_ERROR : STORE_OK;
}

static bool read_staff(struct db_res *r, struct arena *a, void *out)
{
	struct commend_staff *s = out;

	s->institution_id = db_ll(r, 0);
	s->work_start = db_str(r, a, 1);
	return true;
}

enum store_err store_commend_staff(struct store_conn *c, struct arena *a,
				   long long person_id, struct commend_staff **items,
				   size_t *n)
{
	struct db_arg arg = db_int(person_id);

	return db_collect(c,
			  "SELECT i.id, p.work_start FROM person p JOIN institution i ON "
			  "i.credit_code = p.employer_credit_code WHERE p.id = ? AND "
			  "p.employer_credit_code <> '' ORDER BY i.id",
			  &arg, 1, a, sizeof(**items), read_staff, (void **)items, n);
}
