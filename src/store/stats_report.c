/*
 * stats_report.c - what the annual report (issue 16, app/stats_report.c)
 * reads beside the figures: the annual inspections of a year and the
 * findings they raised, across the network (the caller keeps those in its
 * scope). Read only; SQL written once for both engines (db.h).
 */
#include "store/db.h"

static bool read_inspection(struct db_res *r, struct arena *a, void *out)
{
	struct inspection *i = out;

	i->id = db_ll(r, 0);
	i->institution_id = db_ll(r, 1);
	i->year = (int)db_ll(r, 2);
	i->outcome = db_str(r, a, 3);
	return true;
}

enum store_err store_report_inspections(struct store_conn *c, struct arena *a, int year,
					struct inspection **items, size_t *n)
{
	struct db_arg arg = db_int(year);

	return db_collect(c,
			  "SELECT id, institution_id, year, outcome FROM inspection "
			  "WHERE year = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_inspection, (void **)items, n);
}

static bool read_finding(struct db_res *r, struct arena *a, void *out)
{
	struct finding *f = out;

	f->id = db_ll(r, 0);
	f->inspection_id = db_ll(r, 1);
	f->institution_id = db_ll(r, 2);
	f->deadline = db_str(r, a, 3);
	f->status = db_str(r, a, 4);
	return true;
}

enum store_err store_report_findings(struct store_conn *c, struct arena *a, int year,
				     struct finding **items, size_t *n)
{
	struct db_arg arg = db_int(year);

	return db_collect(c,
			  "SELECT f.id, f.inspection_id, f.institution_id, f.deadline, "
			  "f.status FROM finding f JOIN inspection i ON i.id = f.inspection_id "
			  "WHERE i.year = ? ORDER BY f.id",
			  &arg, 1, a, sizeof(**items), read_finding, (void **)items, n);
}
