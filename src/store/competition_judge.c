/*
 * competition_judge.c - a person's appointments as a judge (issue 13): the
 * events where the person is a judge or the chief judge, with their
 * competition and occupation, for the judge's own page. Read only; SQL
 * written once for both engines (db.h).
 */
#include "store/db.h"

static bool read_judging(struct db_res *r, struct arena *a, void *out)
{
	struct comp_judging *j = out;

	j->judge_id = db_ll(r, 0);
	j->role = db_str(r, a, 1);
	j->event_id = db_ll(r, 2);
	j->grp = db_str(r, a, 3);
	j->occupation_code = db_str(r, a, 4);
	j->occupation_name = db_str(r, a, 5);
	j->competition_id = db_ll(r, 6);
	j->name = db_str(r, a, 7);
	j->tier = db_str(r, a, 8);
	j->year = (int)db_ll(r, 9);
	j->status = db_str(r, a, 10);
	j->starts_on = db_str(r, a, 11);
	j->ends_on = db_str(r, a, 12);
	return true;
}

enum store_err store_comp_judging(struct store_conn *c, struct arena *a, long long person_id,
				  struct comp_judging **items, size_t *n)
{
	struct db_arg arg = db_int(person_id);

	return db_collect(c,
			  "SELECT j.id, j.role, e.id, e.grp, o.code, o.name, x.id, x.name, "
			  "x.tier, x.year, x.status, x.starts_on, x.ends_on FROM "
			  "competition_judge j JOIN competition_event e ON e.id = j.event_id "
			  "JOIN occupation o ON o.id = e.occupation_id JOIN competition x ON "
			  "x.id = e.competition_id WHERE j.person_id = ? AND x.status <> "
			  "'draft' ORDER BY x.starts_on DESC, x.id DESC, e.id, j.id",
			  &arg, 1, a, sizeof(**items), read_judging, (void **)items, n);
}
