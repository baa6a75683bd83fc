/*
 * commendation_decision.c - the decision of a commendation campaign
 * (表彰决定, issue 14, migration 0030): the campaign's decision fields,
 * its proposed nominations becoming commended, the honour certificates'
 * side rows (certificate_honour) and the public honour roll. SQL written
 * once with ? placeholders (store/db.h).
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

static bool read_campaign(struct db_res *r, struct arena *a, void *out)
{
	struct comm_dcampaign *k = out;
	int i = 0;

	k->id = db_ll(r, i++);
	k->year = (int)db_ll(r, i++);
	k->title = db_str(r, a, i++);
	k->status = db_str(r, a, i++);
	k->notice_end = db_str(r, a, i++);
	k->decision_no = db_str(r, a, i++);
	k->decision_date = db_str(r, a, i++);
	k->signatory = db_str(r, a, i++);
	if (!k->notice_end)
		k->notice_end = "";
	if (!k->decision_date)
		k->decision_date = "";
	return true;
}

enum store_err store_comm_dcampaign_get(struct store_conn *c, struct arena *a,
					long long id, struct comm_dcampaign *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT id, year, title, status, notice_end, decision_no, "
		      "decision_date, signatory FROM commendation_campaign WHERE id = ?",
		      &arg, 1, a, read_campaign, out);
}

enum store_err store_comm_decide(struct store_conn *c, long long id,
				 const char *decision_no, const char *decision_date,
				 const char *signatory, const char *now)
{
	struct db_arg args[5] = {db_text(decision_no), db_text(decision_date),
				 db_text(signatory), db_text(now), db_int(id)};

	return db_update_one(c,
			     "UPDATE commendation_campaign SET status = 'decided', "
			     "decision_no = ?, decision_date = ?, signatory = ?, updated_at = ? "
			     "WHERE id = ? AND status = 'notice'",
			     args, 5);
}

static bool read_count(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

static bool read_nominee(struct db_res *r, struct arena *a, void *out)
{
	struct comm_nominee *m = out;
	int i = 0;

	m->nomination_id = db_ll(r, i++);
	m->category = db_str(r, a, i++);
	m->institution_id = db_ll(r, i++);
	m->person_id = db_ll(r, i++);
	m->institution_name = db_str(r, a, i++);
	m->person_name = db_str(r, a, i++);
	m->rank = (int)db_ll(r, i++);
	m->category_name = db_str(r, a, i++);
	m->category_name_en = db_str(r, a, i++);
	if (!m->person_name)
		m->person_name = "";
	return true;
}

enum store_err store_comm_nominees(struct store_conn *c, struct arena *a,
				   long long campaign_id, const char *status,
				   struct comm_nominee **items, size_t *n)
{
	struct db_arg args[2] = {db_int(campaign_id), db_text(status)};

	return db_collect(
		c,
		"SELECT n.id, n.category, n.institution_id, n.person_id, i.name, "
		"p.name, n.rank, coalesce(cc.name, ''), coalesce(cc.name_en, '') "
		"FROM commendation_nomination n "
		"JOIN institution i ON i.id = n.institution_id "
		"LEFT JOIN person p ON p.id = n.person_id "
		"LEFT JOIN commendation_category cc ON cc.campaign_id = n.campaign_id AND cc.code = n.category "
		"WHERE n.campaign_id = ? AND n.status = ? "
		"ORDER BY coalesce(cc.position, 0), n.category, n.person_id IS NOT NULL, "
		"n.rank, n.id",
		args, 2, a, sizeof(**items), read_nominee, (void **)items, n);
}

enum store_err store_comm_nomination_commend(struct store_conn *c, long long id,
					     const char *now)
{
	struct db_arg args[2] = {db_text(now), db_int(id)};

	return db_update_one(c,
			     "UPDATE commendation_nomination SET status = 'commended', "
			     "updated_at = ? WHERE id = ? AND status = 'proposed'",
			     args, 2);
}

enum store_err store_cert_honour_insert(struct store_conn *c, long long certificate_id,
					long long campaign_id, long long nomination_id,
					const char *category, long long institution_id,
					long long person_id)
{
	struct db_arg args[6] = {db_int(certificate_id), db_int(campaign_id),
				 db_int(nomination_id),  db_text(category),
				 db_int(institution_id), db_int_or_null(person_id)};

	return db_exec(c,
		       "INSERT INTO certificate_honour (certificate_id, campaign_id, "
		       "nomination_id, category, institution_id, person_id) VALUES (?, ?, ?, "
		       "?, ?, ?)",
		       args, 6, NULL);
}

enum store_err store_cert_honour_copy(struct store_conn *c, long long from, long long to)
{
	struct db_arg args[3] = {db_int(to), db_int(from), db_int(from)};

	return db_exec(c,
		       "INSERT INTO certificate_honour (certificate_id, campaign_id, "
		       "nomination_id, category, institution_id, person_id, supersedes) "
		       "SELECT ?, campaign_id, nomination_id, category, institution_id, "
		       "person_id, ? FROM certificate_honour WHERE certificate_id = ?",
		       args, 3, NULL);
}

static bool read_decision(struct db_res *r, struct arena *a, void *out)
{
	const char **o = out;

	o[0] = db_str(r, a, 0);
	o[1] = db_str(r, a, 1);
	return true;
}

enum store_err store_comm_decision_of(struct store_conn *c, struct arena *a,
				      long long campaign_id, const char **decision_no,
				      const char **decision_date)
{
	struct db_arg arg = db_int(campaign_id);
	const char *o[2] = {NULL, NULL};
	enum store_err rc;

	rc = db_one(c,
		    "SELECT decision_no, decision_date FROM commendation_campaign WHERE id = ?",
		    &arg, 1, a, read_decision, o);
	*decision_no = o[0] ? o[0] : "";
	*decision_date = o[1] ? o[1] : "";
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

static bool read_rules(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_comm_rules_body(struct store_conn *c, struct arena *a,
				     long long campaign_id, const char **body)
{
	struct db_arg arg = db_int(campaign_id);
	enum store_err rc;

	*body = NULL;
	rc = db_one(c,
		    "SELECT body FROM commendation_rules WHERE campaign_id = ? "
		    "ORDER BY version DESC LIMIT 1",
		    &arg, 1, a, read_rules, body);
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

static bool read_honour(struct db_res *r, struct arena *a, void *out)
{
	struct comm_honour *h = out;
	int i = 0;

	h->certificate_id = db_ll(r, i++);
	h->campaign_id = db_ll(r, i++);
	h->year = (int)db_ll(r, i++);
	h->title = db_str(r, a, i++);
	h->category = db_str(r, a, i++);
	h->institution_id = db_ll(r, i++);
	h->institution_name = db_str(r, a, i++);
	h->person_id = db_ll(r, i++);
	h->holder_name = db_str(r, a, i++);
	h->number = db_str(r, a, i++);
	h->status = db_str(r, a, i++);
	h->issued_on = db_str(r, a, i++);
	h->decision_no = db_str(r, a, i++);
	h->qr_token = db_str(r, a, i++);
	h->category_name = db_str(r, a, i++);
	h->category_name_en = db_str(r, a, i++);
	if (!h->qr_token)
		h->qr_token = "";
	return true;
}

enum store_err store_comm_honours(struct store_conn *c, struct arena *a, int year,
				  const char *category, long long institution_id,
				  long long person_id, bool valid_only,
				  struct comm_honour **items, size_t *n)
{
	struct db_arg args[9] = {db_int(year),
				 db_int(year),
				 db_text(category ? category : ""),
				 db_text(category ? category : ""),
				 db_int(institution_id),
				 db_int(institution_id),
				 db_int(person_id),
				 db_int(person_id),
				 db_int(valid_only ? 1 : 0)};

	return db_collect(
		c,
		"SELECT h.certificate_id, h.campaign_id, k.year, k.title, h.category, "
		"h.institution_id, i.name, coalesce(h.person_id, 0), c.holder_name, c.number, "
		"c.status, c.issued_on, k.decision_no, c.qr_token, coalesce(cc.name, ''), "
		"coalesce(cc.name_en, '') FROM certificate_honour h "
		"JOIN certificate c ON c.id = h.certificate_id "
		"JOIN commendation_campaign k ON k.id = h.campaign_id "
		"JOIN institution i ON i.id = h.institution_id "
		"LEFT JOIN commendation_category cc ON cc.campaign_id = h.campaign_id "
		"AND cc.code = h.category "
		"WHERE (? = 0 OR k.year = ?) AND (? = '' OR h.category = ?) "
		"AND (? = 0 OR h.institution_id = ?) AND (? = 0 OR h.person_id = ?) "
		"AND (? = 0 OR c.status = 'valid') "
		"ORDER BY k.year DESC, h.campaign_id, coalesce(cc.position, 0), h.category, "
		"h.person_id IS NOT NULL, "
		"i.name, c.holder_name, h.certificate_id",
		args, 9, a, sizeof(**items), read_honour, (void **)items, n);
}

static bool read_category(struct db_res *r, struct arena *a, void *out)
{
	struct comm_category *k = out;

	k->code = db_str(r, a, 0);
	k->name = db_str(r, a, 1);
	k->name_en = db_str(r, a, 2);
	return true;
}

enum store_err store_comm_honour_categories(struct store_conn *c, struct arena *a,
					    struct comm_category **items, size_t *n)
{
	size_t m = 0;
	enum store_err rc = db_collect(
		c,
		"SELECT DISTINCT h.category, coalesce(cc.name, ''), coalesce(cc.name_en, ''), "
		"k.year, h.campaign_id, coalesce(cc.position, 0) FROM certificate_honour h "
		"JOIN certificate c ON c.id = h.certificate_id "
		"JOIN commendation_campaign k ON k.id = h.campaign_id "
		"LEFT JOIN commendation_category cc ON cc.campaign_id = h.campaign_id "
		"AND cc.code = h.category WHERE c.status = 'valid' "
		"ORDER BY k.year DESC, h.campaign_id DESC, coalesce(cc.position, 0), h.category",
		NULL, 0, a, sizeof(**items), read_category, (void **)items, n);

	for (size_t i = 0; !rc && i < *n; i++) { /* each code once: its latest */
		size_t j = 0;

		while (j < m && strcmp((*items)[j].code, (*items)[i].code))
			j++;
		if (j == m)
			(*items)[m++] = (*items)[i];
	}
	if (!rc)
		*n = m;
	return rc;
}

enum store_err store_comm_center_id(struct store_conn *c, long long *id)
{
	*id = 0;
	return db_one(c,
		      "SELECT id FROM institution WHERE type = 'center' ORDER BY id LIMIT 1",
		      NULL, 0, NULL, read_count, id);
}
