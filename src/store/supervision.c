/*
 * supervision.c - the supervision flags (migration 0036) and the rows a
 * scan reads for one year (issue 16; docs/supervision.md). The year of a
 * plan is the year of its first exam date (theory, else practical, else
 * review), as store/figures.c counts it; drafts are left out. Read-only
 * queries except the flag writes; SQL written once for both engines.
 */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

#define PLAN_YEAR \
	"p.status <> 'draft' AND substr(COALESCE(p.theory_on, p.practical_on, p.review_on, " \
	"p.created_at), 1, 4) = ?"
#define SAT "r.outcome NOT IN ('absent', 'withdrawn')"

/* each query: its SQL (the year its first parameter, SUPQ_UNFILED's cutoff
 * the second) and how many integer then text columns it gives */
static const struct {
	const char *sql;
	int ni, nt;
} queries[SUPQ_COUNT] = {
	[SUPQ_PASS] = {"SELECT p.institution_id, p.level, COUNT(*), "
		       "SUM(CASE WHEN r.outcome = 'pass' THEN 1 ELSE 0 END), o.code "
		       "FROM result r JOIN enrolment e ON e.id = r.enrolment_id "
		       "JOIN plan p ON p.id = e.plan_id JOIN standard s ON s.id = p.standard_id "
		       "JOIN occupation o ON o.id = s.occupation_id WHERE " PLAN_YEAR
		       " AND " SAT " GROUP BY o.code, p.level, p.institution_id "
		       "ORDER BY o.code, p.level, p.institution_id",
		       4, 1},
	[SUPQ_SCORES] = {"SELECT p.institution_id, p.id, se.enrolment_id, se.assessor_id, "
			 "se.tenths, se.component FROM score_entry se "
			 "JOIN enrolment e ON e.id = se.enrolment_id "
			 "JOIN plan p ON p.id = e.plan_id WHERE " PLAN_YEAR
			 " AND se.tenths IS NOT NULL AND se.status = 'present' "
			 "AND p.id BETWEEN ? AND ? ORDER BY p.id, se.enrolment_id, se.component, se.assessor_id",
			 5, 1},
	[SUPQ_THEORY] = {"SELECT p.institution_id, se.enrolment_id, se.tenths "
			 "FROM score_entry se JOIN enrolment e ON e.id = se.enrolment_id "
			 "JOIN plan p ON p.id = e.plan_id WHERE " PLAN_YEAR
			 " AND se.component = 'theory' AND se.tenths IS NOT NULL "
			 "AND se.status = 'present' AND p.id BETWEEN ? AND ? ORDER BY p.institution_id, se.enrolment_id",
			 3, 0},
	[SUPQ_ENTRIES] = {"SELECT p.institution_id, p.id, se.enrolment_id, se.entered_by, "
			  "se.component, se.entered_at FROM score_entry se "
			  "JOIN enrolment e ON e.id = se.enrolment_id "
			  "JOIN plan p ON p.id = e.plan_id WHERE " PLAN_YEAR
			  " AND p.id BETWEEN ? AND ? ORDER BY se.entered_by, p.id, se.component, se.entered_at",
			  3, 3},
	[SUPQ_ASSESSED] = {"SELECT p.institution_id, COUNT(*) FROM result r "
			   "JOIN enrolment e ON e.id = r.enrolment_id "
			   "JOIN plan p ON p.id = e.plan_id WHERE " PLAN_YEAR " AND " SAT
			   " GROUP BY p.institution_id ORDER BY p.institution_id",
			   2, 0},
	[SUPQ_CORRECTIONS] =
		{"SELECT p.institution_id, k.id, k.enrolment_id "
		 "FROM score_correction k JOIN enrolment e ON e.id = k.enrolment_id "
		 "JOIN plan p ON p.id = e.plan_id WHERE " PLAN_YEAR
		 " AND k.status = 'approved' ORDER BY p.institution_id, k.enrolment_id, k.id",
		 3, 0},
	[SUPQ_UNFILED] = {"SELECT c.institution_id, c.id FROM certificate c "
			  "WHERE substr(c.issued_on, 1, 4) = ? AND c.issued_on < ? "
			  "AND c.status = 'valid' AND c.enrolment_id IS NOT NULL "
			  "AND c.institution_id IS NOT NULL AND NOT EXISTS (SELECT 1 "
			  "FROM filing_item f JOIN filing_batch b ON b.id = f.batch_id "
			  "WHERE f.certificate_id = c.id AND f.status IN ('included', "
			  "'accepted') AND b.status = 'received') "
			  "ORDER BY c.institution_id, c.id",
			  2, 0},
	[SUPQ_PLANS] = {"SELECT p.institution_id, p.id, p.level, p.theory_on, p.practical_on, "
			"p.review_on, o.code, i.registered_on, i.valid_until FROM plan p "
			"JOIN institution i ON i.id = p.institution_id "
			"JOIN standard s ON s.id = p.standard_id "
			"JOIN occupation o ON o.id = s.occupation_id WHERE " PLAN_YEAR
			" ORDER BY p.id",
			3, 6},
	[SUPQ_STATUS_LOG] = {"SELECT i.id, l.at, l.from_status, l.to_status, i.status "
			     "FROM institution i LEFT JOIN institution_status_log l "
			     "ON l.institution_id = i.id WHERE i.id IN (SELECT p.institution_id "
			     "FROM plan p WHERE " PLAN_YEAR ") ORDER BY i.id, l.at, l.id",
			     1, 4},
	[SUPQ_STAFF] = {"SELECT p.institution_id, ps.id, CASE WHEN ps.override_by <> '' "
			"THEN 1 ELSE 0 END FROM plan_staff ps JOIN plan p ON p.id = ps.plan_id "
			"WHERE " PLAN_YEAR " ORDER BY p.institution_id, ps.id",
			3, 0},
	[SUPQ_TERMS] =
		{"SELECT r.institution_id, r.id, CASE WHEN r.kind = 'renewal' THEN 1 "
		 "ELSE 0 END, b.approval_date FROM registration r JOIN registration_batch b "
		 "ON b.id = r.batch_id WHERE r.status = 'approved' AND b.approval_date IS "
		 "NOT NULL AND r.institution_id IN (SELECT p.institution_id FROM plan p "
		 "WHERE " PLAN_YEAR ") ORDER BY r.institution_id, b.approval_date, r.id",
		 3, 1},
	[SUPQ_APPEALS] = {"SELECT p.institution_id, a.id FROM appeal a "
			  "JOIN plan p ON p.id = a.plan_id WHERE " PLAN_YEAR
			  " ORDER BY p.institution_id, a.id",
			  2, 0},
};

struct layout {
	int ni, nt;
};

static bool read_row(struct db_res *r, struct arena *a, void *out, const struct layout *l)
{
	struct sup_row *x = out;

	for (int i = 0; i < l->ni; i++)
		x->n[i] = db_ll(r, i);
	for (int i = 0; i < l->nt; i++)
		x->t[i] = db_str(r, a, l->ni + i);
	return true;
}

/* db_collect's reader takes no context: one reader per layout in use */
#define READER(NI, NT) \
	static bool read_##NI##_##NT(struct db_res *r, struct arena *a, void *out) \
	{ \
		static const struct layout l = {NI, NT}; \
		return read_row(r, a, out, &l); \
	}
READER(4, 1)
READER(5, 1)
READER(3, 0)
READER(3, 3)
READER(2, 0)
READER(3, 6)
READER(1, 4)
READER(3, 1)

static bool by_plan(enum store_sup_query q)
{
	return q == SUPQ_SCORES || q == SUPQ_THEORY || q == SUPQ_ENTRIES;
}

enum store_err store_sup_rows(struct store_conn *c, struct arena *a,
			      enum store_sup_query q, int year, const char *cutoff,
			      struct sup_row **rows, size_t *n)
{
	return store_sup_rows_plans(c, a, q, year, cutoff, 0, LLONG_MAX, rows, n);
}

enum store_err store_sup_rows_plans(struct store_conn *c, struct arena *a,
				    enum store_sup_query q, int year, const char *cutoff,
				    long long plan_from, long long plan_to,
				    struct sup_row **rows, size_t *n)
{
	char y[12];
	struct db_arg args[3];
	int nargs = 1;
	bool (*read)(struct db_res *, struct arena *, void *) = NULL;
	int ni, nt;

	*rows = NULL;
	*n = 0;
	if ((unsigned)q >= SUPQ_COUNT)
		return STORE_ERROR;
	ni = queries[q].ni;
	nt = queries[q].nt;
	if (ni == 4 && nt == 1)
		read = read_4_1;
	else if (ni == 5 && nt == 1)
		read = read_5_1;
	else if (ni == 3 && nt == 0)
		read = read_3_0;
	else if (ni == 3 && nt == 3)
		read = read_3_3;
	else if (ni == 2 && nt == 0)
		read = read_2_0;
	else if (ni == 3 && nt == 6)
		read = read_3_6;
	else if (ni == 1 && nt == 4)
		read = read_1_4;
	else if (ni == 3 && nt == 1)
		read = read_3_1;
	else
		return STORE_ERROR;
	snprintf(y, sizeof(y), "%04d", year);
	args[0] = db_text(y);
	if (q == SUPQ_UNFILED) {
		args[1] = db_text(nz(cutoff));
		nargs = 2;
	} else if (by_plan(q)) {
		args[1] = db_int(plan_from);
		args[2] = db_int(plan_to);
		nargs = 3;
	}
	return db_collect(c, queries[q].sql, args, nargs, a, sizeof(struct sup_row), read,
			  (void **)rows, n);
}

#define FLAG_COLS \
	"f.id, f.institution_id, f.person_id, f.plan_id, f.finding_id, f.year, f.rule, " \
	"f.subject, f.statistic, f.figures, f.evidence, f.rules_version, f.status, " \
	"f.note, f.raised_at, f.updated_at, f.decided_by, f.decided_at, i.name"

static bool read_flag(struct db_res *r, struct arena *a, void *out)
{
	struct sup_flag *f = out;

	f->id = db_ll(r, 0);
	f->institution_id = db_ll(r, 1);
	f->person_id = db_ll(r, 2);
	f->plan_id = db_ll(r, 3);
	f->finding_id = db_ll(r, 4);
	f->year = (int)db_ll(r, 5);
	f->rule = db_str(r, a, 6);
	f->subject = db_str(r, a, 7);
	f->statistic = db_str(r, a, 8);
	f->figures = db_str(r, a, 9);
	f->evidence = db_str(r, a, 10);
	f->rules_version = db_str(r, a, 11);
	f->status = db_str(r, a, 12);
	f->note = db_str(r, a, 13);
	f->raised_at = db_str(r, a, 14);
	f->updated_at = db_str(r, a, 15);
	f->decided_by = db_str(r, a, 16);
	f->decided_at = db_str(r, a, 17);
	f->institution_name = db_str(r, a, 18);
	return true;
}

enum store_err store_sup_flag_insert(struct store_conn *c, const struct sup_flag *f,
				     long long *id)
{
	struct db_arg args[12] = {
		db_text(f->rule),
		db_text(f->subject),
		db_int(f->year),
		db_int(f->institution_id),
		db_int_or_null(f->person_id),
		db_int_or_null(f->plan_id),
		db_text(nz(f->statistic)),
		db_text(f->figures ? f->figures : "{}"),
		db_text(f->evidence ? f->evidence : "[]"),
		db_text(f->rules_version),
		db_text(f->raised_at),
		db_text(f->raised_at),
	};

	return db_insert_id(
		c,
		"INSERT INTO supervision_flag (rule, subject, year, institution_id, "
		"person_id, plan_id, statistic, figures, evidence, rules_version, "
		"raised_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
		"RETURNING id",
		args, 12, id);
}

enum store_err store_sup_flag_refresh(struct store_conn *c, const struct sup_flag *f)
{
	struct db_arg args[6] = {
		db_text(nz(f->statistic)),
		db_text(f->figures ? f->figures : "{}"),
		db_text(f->evidence ? f->evidence : "[]"),
		db_text(f->rules_version),
		db_text(f->updated_at),
		db_int(f->id),
	};

	return db_update_one(c,
			     "UPDATE supervision_flag SET statistic = ?, figures = ?, "
			     "evidence = ?, rules_version = ?, updated_at = ?, status = 'open' "
			     "WHERE id = ? AND status IN ('open', 'cleared')",
			     args, 6);
}

enum store_err store_sup_flag_clear(struct store_conn *c, long long id, const char *now)
{
	struct db_arg args[2] = {db_text(now), db_int(id)};

	return db_update_one(c,
			     "UPDATE supervision_flag SET status = 'cleared', updated_at = ? "
			     "WHERE id = ? AND status = 'open'",
			     args, 2);
}

enum store_err store_sup_flag_decide(struct store_conn *c, long long id,
				     const char *status, const char *note,
				     long long finding_id, const char *by, const char *at)
{
	struct db_arg args[7] = {
		db_text(status), db_text(nz(note)), db_int_or_null(finding_id),
		db_text(by),     db_text(at),       db_text(at),
		db_int(id),
	};
	long long changes = 0;
	int rc = db_exec(c,
			 "UPDATE supervision_flag SET status = ?, note = ?, finding_id = ?, "
			 "decided_by = ?, decided_at = ?, updated_at = ? "
			 "WHERE id = ? AND status = 'open'",
			 args, 7, &changes);

	if (rc)
		return rc;
	return changes == 1 ? STORE_OK : STORE_CONFLICT;
}

enum store_err store_sup_flag_get(struct store_conn *c, struct arena *a, long long id,
				  struct sup_flag *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c,
		      "SELECT " FLAG_COLS " FROM supervision_flag f JOIN institution i "
		      "ON i.id = f.institution_id WHERE f.id = ?",
		      &arg, 1, a, read_flag, out);
}

static bool read_count(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

/* The scope before the LIMIT: sc the subtrees of the roots (a text
 * ",3,17," bound once, any count of them; as store/statistics.c), then the
 * filter. Parameters: roots, all, year ×2, rule ×2, status ×2,
 * institution ×2. */
#define FLAG_SCOPE "WITH RECURSIVE " DB_SUBTREE_CTE " "
#define FLAG_WHERE \
	"WHERE (? = 1 OR f.institution_id IN (SELECT id FROM sc)) " \
	"AND (? = 0 OR f.year = ?) AND (? = '' OR f.rule = ?) AND (? = '' OR f.status = ?) " \
	"AND (? = 0 OR f.institution_id = ?) "

enum store_err store_sup_flag_list(struct store_conn *c, struct arena *a,
				   const struct sup_flag_filter *f,
				   const struct store_scope *scope, int offset, int limit,
				   struct sup_flag **items, size_t *n, long long *total)
{
	const char *roots;
	struct db_arg args[12];
	int rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if (!scope->all && !scope->nroots)
		return STORE_OK; /* nothing is in scope */
	if (!(roots = db_scope_roots(a, scope)))
		return db_fail(c, "out of memory");
	args[0] = db_text(roots);
	args[1] = db_int(scope->all ? 1 : 0);
	args[2] = db_int(f->year);
	args[3] = db_int(f->year);
	args[4] = db_text(nz(f->rule));
	args[5] = db_text(nz(f->rule));
	args[6] = db_text(nz(f->status));
	args[7] = db_text(nz(f->status));
	args[8] = db_int(f->institution_id);
	args[9] = db_int(f->institution_id);
	args[10] = db_int(limit);
	args[11] = db_int(offset);
	rc = db_one(c, FLAG_SCOPE "SELECT COUNT(*) FROM supervision_flag f " FLAG_WHERE,
		    args, 10, a, read_count, total);
	if (rc == STORE_OK && *total > offset)
		rc = db_collect(c,
				FLAG_SCOPE
				"SELECT " FLAG_COLS " FROM supervision_flag f JOIN "
				"institution i ON i.id = f.institution_id " FLAG_WHERE
				"ORDER BY f.year DESC, f.rule, f.subject, f.id "
				"LIMIT ? OFFSET ?",
				args, 12, a, sizeof(struct sup_flag), read_flag,
				(void **)items, n);
	return rc;
}

static bool read_title(struct db_res *r, struct arena *a, void *out)
{
	struct sup_row *x = out;

	x->t[0] = db_str(r, a, 0);
	x->n[0] = db_ll(r, 1);
	return true;
}

enum store_err store_sup_evidence(struct store_conn *c, struct arena *a, const char *kind,
				  long long id, const char **title, long long *plan_id)
{
	static const struct {
		const char *kind, *sql;
	} sqls[] = {
		{"plan", "SELECT p.title, p.id FROM plan p WHERE p.id = ?"},
		{"enrolment", "SELECT p.title, p.id FROM enrolment e "
			      "JOIN plan p ON p.id = e.plan_id WHERE e.id = ?"},
		{"certificate", "SELECT c.number, COALESCE(c.plan_id, 0) FROM certificate c "
				"WHERE c.id = ?"},
		{"appeal", "SELECT p.title, p.id FROM appeal a JOIN plan p ON p.id = a.plan_id "
			   "WHERE a.id = ?"},
		{"correction", "SELECT p.title, p.id FROM score_correction k "
			       "JOIN enrolment e ON e.id = k.enrolment_id "
			       "JOIN plan p ON p.id = e.plan_id WHERE k.id = ?"},
		{"staff", "SELECT p.title, p.id FROM plan_staff ps "
			  "JOIN plan p ON p.id = ps.plan_id WHERE ps.id = ?"},
	};
	struct db_arg arg = db_int(id);
	struct sup_row x = {{0}, {0}};
	enum store_err rc;

	*title = "";
	*plan_id = 0;
	for (size_t i = 0; i < sizeof(sqls) / sizeof(sqls[0]); i++) {
		if (strcmp(sqls[i].kind, kind))
			continue;
		rc = db_one(c, sqls[i].sql, &arg, 1, a, read_title, &x);
		if (rc == STORE_OK) {
			*title = x.t[0];
			*plan_id = x.n[0];
		}
		return rc;
	}
	return STORE_NOT_FOUND;
}
