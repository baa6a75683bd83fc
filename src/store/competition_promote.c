/*
 * competition_promote.c - the promotions (竞赛获奖晋级) the center decides:
 * one row per contestant of an entry, approved with the certificate issued
 * through the competition route or rejected with a reason; the
 * competition's row lock that orders the deciders; what a certificate
 * needs of its holder. SQL written once for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

enum store_err store_comp_promote_lock(struct store_conn *c, long long competition_id)
{
	struct db_arg arg = db_int(competition_id);
	long long changed = 0;
	int rc = db_exec(c, "UPDATE competition SET updated_at = updated_at WHERE id = ?",
			 &arg, 1, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

static bool read_id(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_comp_promote_lock_people(struct store_conn *c, struct arena *a,
					      long long competition_id)
{
	struct db_arg arg = db_int(competition_id);
	long long *ids = NULL;
	size_t n = 0;
	enum store_err rc;

	/* one at a time, in id order: two deciders of competitions sharing
	 * contestants take them in the same order and never deadlock */
	rc = db_collect(c,
			"SELECT DISTINCT t.person_id FROM competition_entrant t JOIN "
			"competition_entry e ON e.id = t.entry_id JOIN competition_event v "
			"ON v.id = e.event_id WHERE v.competition_id = ? ORDER BY t.person_id",
			&arg, 1, a, sizeof(*ids), read_id, (void **)&ids, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct db_arg id = db_int(ids[i]);

		rc = db_exec(c, "UPDATE person SET id = id WHERE id = ?", &id, 1, NULL);
	}
	return rc;
}

enum store_err store_comp_promotion_move(struct store_conn *c, long long from_id,
					 long long to_id)
{
	struct db_arg args[2] = {db_int(to_id), db_int(from_id)};

	return db_exec(c,
		       "UPDATE competition_promotion SET certificate_id = ? "
		       "WHERE certificate_id = ?",
		       args, 2, NULL);
}

enum store_err store_comp_promotion_insert(struct store_conn *c,
					   const struct competition_promotion *p,
					   long long *id)
{
	struct db_arg args[13] = {
		db_int(p->competition_id),
		db_int(p->event_id),
		db_int(p->entry_id),
		db_int(p->person_id),
		db_int(p->from_level),
		db_int(p->to_level),
		db_int(p->rule_index),
		db_text(p->outcome),
		db_text(p->status),
		db_text(nz(p->reason)),
		db_int_or_null(p->certificate_id),
		db_text(p->decided_by),
		db_text(p->decided_at),
	};

	return db_insert_id(c,
			    "INSERT INTO competition_promotion (competition_id, event_id, "
			    "entry_id, person_id, from_level, to_level, rule_index, outcome, "
			    "status, reason, certificate_id, decided_by, decided_at) VALUES (?, "
			    "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 13, id);
}

static bool read_promotion(struct db_res *r, struct arena *a, void *out)
{
	struct competition_promotion *p = out;
	int i = 0;

	p->id = db_ll(r, i++);
	p->competition_id = db_ll(r, i++);
	p->event_id = db_ll(r, i++);
	p->entry_id = db_ll(r, i++);
	p->person_id = db_ll(r, i++);
	p->from_level = (int)db_ll(r, i++);
	p->to_level = (int)db_ll(r, i++);
	p->rule_index = (int)db_ll(r, i++);
	p->outcome = db_str(r, a, i++);
	p->status = db_str(r, a, i++);
	p->reason = db_str(r, a, i++);
	p->certificate_id = db_ll(r, i++);
	p->decided_by = db_str(r, a, i++);
	p->decided_at = db_str(r, a, i++);
	p->certificate_number = db_str(r, a, i++);
	return true;
}

enum store_err store_comp_promotions_decided(struct store_conn *c, struct arena *a,
					     long long competition_id,
					     struct competition_promotion **items,
					     size_t *n)
{
	struct db_arg arg = db_int(competition_id);

	return db_collect(c,
			  "SELECT p.id, p.competition_id, p.event_id, p.entry_id, "
			  "p.person_id, p.from_level, p.to_level, p.rule_index, p.outcome, p.status, "
			  "p.reason, p.certificate_id, p.decided_by, p.decided_at, "
			  "coalesce(x.number, '') FROM competition_promotion p "
			  "LEFT JOIN certificate x ON x.id = p.certificate_id "
			  "WHERE p.competition_id = ? ORDER BY p.id",
			  &arg, 1, a, sizeof(**items), read_promotion, (void **)items, n);
}

static bool read_candidate(struct db_res *r, struct arena *a, void *out)
{
	struct cert_candidate *k = out;

	k->person_id = db_ll(r, 0);
	k->name = db_str(r, a, 1);
	k->id_type = db_str(r, a, 2);
	k->id_blind = db_str(r, a, 3);
	k->id_masked = db_str(r, a, 4);
	k->has_photo = db_ll(r, 5) != 0;
	return true;
}

enum store_err store_comp_promote_holder(struct store_conn *c, struct arena *a,
					 long long person_id, struct cert_candidate *out)
{
	struct db_arg arg = db_int(person_id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT p.id, p.name, p.id_type, p.id_blind, p.id_masked, CASE WHEN "
		      "EXISTS (SELECT 1 FROM person_photo ph WHERE ph.person_id = p.id) "
		      "THEN 1 ELSE 0 END FROM person p WHERE p.id = ?",
		      &arg, 1, a, read_candidate, out);
}
