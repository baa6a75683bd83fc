/*
 * statistics.c - the summary table of the network's figures (issue 16,
 * migration 0035): counting a year from the base tables (one statement
 * per source, grouped by institution, occupation and level), replacing
 * the year's cells, and summing the cells by a dimension within a filter.
 * Every measure is defined in docs/statistics.md. SQL written once for
 * both engines (db.h), except the day arithmetic of the filing deadline.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "store/db.h"

/* the plans of year ? (text): held (not drafts), by their first exam date */
#define PLAN_Y \
	"p.status <> 'draft' AND substr(COALESCE(p.theory_on, p.practical_on, p.review_on, " \
	"p.created_at), 1, 4) = ?"
#define PLAN_OCC \
	"JOIN standard s ON s.id = p.standard_id JOIN occupation o ON o.id = " \
	"s.occupation_id"
#define SAT "r.outcome NOT IN ('absent', 'withdrawn')"

struct cellbuf {
	struct arena *a;
	int year;
	struct stat_cell *v;
	size_t n, cap;
};

static struct stat_cell *cell_add(struct cellbuf *b)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct stat_cell *grown = realloc(b->v, cap * sizeof(*grown));

		if (!grown)
			return NULL;
		b->v = grown;
		b->cap = cap;
	}
	memset(&b->v[b->n], 0, sizeof(b->v[0]));
	b->v[b->n].year = b->year;
	return &b->v[b->n++];
}

/* Runs sql, whose rows are (institution, occupation, level, then one count
 * per measure of ms[]), and appends a cell per row. */
static int collect(struct store_conn *c, struct cellbuf *b, const char *sql,
		   const struct db_arg *args, int nargs, const enum stat_measure *ms, int nm)
{
	struct db_res r;
	int rc = db_query(c, sql, args, nargs, &r), more;

	if (rc)
		return rc;
	while ((more = db_next(&r)) == 1) {
		struct stat_cell *x = cell_add(b);
		const char *occ;

		if (!x) {
			db_done(&r);
			return db_fail(c, "out of memory");
		}
		x->institution_id = db_ll(&r, 0);
		occ = db_str(&r, b->a, 1);
		x->occupation = occ ? occ : "";
		x->level = (int)db_ll(&r, 2);
		for (int i = 0; i < nm; i++)
			x->v[ms[i]] = db_ll(&r, 3 + i);
	}
	db_done(&r);
	return more < 0 ? STORE_ERROR : STORE_OK;
}

/* The certificates of a year (skill and industry lines, originals: a
 * correction's successor is not a new one), each with its chain of
 * successors: filed when any of the chain is in a batch the authority
 * received, on time when the first such batch was submitted within ? days
 * of the original's issue; revoked when one of the chain is. */
#define CERT_SQL(days) \
	"WITH RECURSIVE chain (root, id, status) AS (SELECT c.id, c.id, c.status FROM " \
	"certificate c WHERE c.line IN ('skill', 'industry') AND c.supersedes IS NULL AND " \
	"c.issued_on >= ? AND c.issued_on <= ? UNION ALL SELECT k.root, n.id, n.status " \
	"FROM chain k JOIN certificate n ON n.supersedes = k.id WHERE n.supersedes IS NOT NULL), " \
	"st (root, rv, at) AS (SELECT k.root, MAX(CASE WHEN k.status = 'revoked' THEN 1 " \
	"ELSE 0 END), MIN(b.submitted_at) FROM chain k LEFT JOIN filing_item f ON " \
	"f.certificate_id = k.id AND f.status IN ('included', 'accepted') LEFT JOIN " \
	"filing_batch b ON b.id = f.batch_id AND b.status = 'received' GROUP BY k.root) " \
	"SELECT COALESCE(c.institution_id, 0), c.occupation_code, c.level, COUNT(*), " \
	"SUM(CASE WHEN x.at IS NOT NULL AND " days " <= ? THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN x.at IS NOT NULL AND " days " > ? THEN 1 ELSE 0 END), " \
	"SUM(CASE WHEN x.at IS NULL THEN 1 ELSE 0 END), SUM(x.rv) FROM certificate c " \
	"JOIN st x ON x.root = c.id GROUP BY COALESCE(c.institution_id, 0), " \
	"c.occupation_code, c.level"

static const char cert_sql_sqlite[] =
	CERT_SQL("julianday(substr(x.at, 1, 10)) - julianday(c.issued_on)");
static const char cert_sql_pg[] = CERT_SQL("(CAST(substr(x.at, 1, 10) AS date) - "
					   "CAST(c.issued_on AS date))");

enum store_err store_stats_count(struct store_conn *c, struct arena *a, int year,
				 int on_time_days, struct stat_cell **cells, size_t *n)
{
	static const enum stat_measure
		m_plans[] = {STAT_PLANS},
		m_enrol[] = {STAT_ENROLLED, STAT_ASSESSED, STAT_PASSED},
		m_comp[] = {STAT_THEORY_SAT,    STAT_THEORY_PASSED,
			    STAT_PRACTICAL_SAT, STAT_PRACTICAL_PASSED,
			    STAT_REVIEW_SAT,    STAT_REVIEW_PASSED},
		m_corr[] = {STAT_CORRECTIONS}, m_appeal[] = {STAT_APPEALS},
		m_cert[] = {STAT_CERTIFICATES, STAT_FILED_ON_TIME, STAT_FILED_LATE,
			    STAT_UNFILED, STAT_REVOKED},
		m_entr[] = {STAT_COMPETITION_ENTRANTS},
		m_award[] = {STAT_COMPETITION_AWARDS}, m_hon[] = {STAT_HONOURS},
		m_appr[] = {STAT_APPRENTICES, STAT_APPRENTICES_COMPLETED},
		m_train[] = {STAT_TRAINEES, STAT_TRAINEES_COMPLETED};
	struct cellbuf b = {.a = a, .year = year};
	char y[12], from[16], to[16];
	struct db_arg one[1], cert[4];
	int rc;

	snprintf(y, sizeof(y), "%04d", year);
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	one[0] = db_text(y);
	cert[0] = db_text(from);
	cert[1] = db_text(to);
	cert[2] = db_int(on_time_days);
	cert[3] = db_int(on_time_days);
	*cells = NULL;
	*n = 0;
	rc = collect(c, &b,
		     "SELECT p.institution_id, o.code, p.level, COUNT(*) FROM plan p " PLAN_OCC
		     " WHERE " PLAN_Y " GROUP BY p.institution_id, o.code, p.level",
		     one, 1, m_plans, 1);
	if (!rc)
		rc = collect(c, &b,
			     "SELECT p.institution_id, o.code, p.level, SUM(CASE WHEN "
			     "e.status <> 'withdrawn' THEN 1 ELSE 0 END), SUM(CASE WHEN "
			     "r.outcome IS NOT NULL AND " SAT " THEN 1 ELSE 0 END), "
			     "SUM(CASE WHEN r.outcome = 'pass' THEN 1 ELSE 0 END) FROM plan "
			     "p " PLAN_OCC " JOIN enrolment e ON e.plan_id = p.id LEFT JOIN "
			     "result r ON r.enrolment_id = e.id WHERE " PLAN_Y
			     " GROUP BY p.institution_id, o.code, p.level",
			     one, 1, m_enrol, 3);
	/* a component sat: submitted present with a score; passed: at or
	 * above the pass mark the plan is scored with (stat_pass_mark: its
	 * standard's level, under its post-skill specification if any) */
	if (!rc)
		rc = collect(
			c, &b,
			"SELECT p.institution_id, o.code, p.level, "
			"SUM(CASE WHEN cr.component = 'theory' THEN 1 ELSE 0 END), "
			"SUM(CASE WHEN cr.component = 'theory' AND cr.tenths >= m.tenths THEN 1 "
			"ELSE 0 END), "
			"SUM(CASE WHEN cr.component = 'practical' THEN 1 ELSE 0 END), "
			"SUM(CASE WHEN cr.component = 'practical' AND cr.tenths >= m.tenths "
			"THEN 1 ELSE 0 END), "
			"SUM(CASE WHEN cr.component = 'review' THEN 1 ELSE 0 END), "
			"SUM(CASE WHEN cr.component = 'review' AND cr.tenths >= m.tenths THEN 1 "
			"ELSE 0 END) FROM plan p " PLAN_OCC
			" JOIN enrolment e ON e.plan_id = p.id JOIN component_result cr ON "
			"cr.enrolment_id = e.id LEFT JOIN stat_pass_mark m ON m.standard_id = "
			"p.standard_id AND m.post_spec_id = COALESCE(p.post_spec_id, 0) AND "
			"m.level = p.level AND m.component = cr.component "
			"WHERE " PLAN_Y " AND cr.status = 'present' AND cr.tenths IS NOT NULL "
			"GROUP BY p.institution_id, o.code, p.level",
			one, 1, m_comp, 6);
	if (!rc)
		rc = collect(c, &b,
			     "SELECT p.institution_id, o.code, p.level, COUNT(*) FROM "
			     "score_correction k JOIN enrolment e ON e.id = k.enrolment_id "
			     "JOIN plan p ON p.id = e.plan_id " PLAN_OCC " WHERE " PLAN_Y
			     " AND k.status = 'approved' GROUP BY "
			     "p.institution_id, o.code, p.level",
			     one, 1, m_corr, 1);
	if (!rc)
		rc = collect(c, &b,
			     "SELECT p.institution_id, o.code, p.level, COUNT(*) FROM appeal x "
			     "JOIN plan p ON p.id = x.plan_id " PLAN_OCC " WHERE " PLAN_Y
			     " GROUP BY p.institution_id, o.code, p.level",
			     one, 1, m_appeal, 1);
	if (!rc)
		rc = collect(c, &b, c->eng == &db_pg ? cert_sql_pg : cert_sql_sqlite,
			     cert, 4, m_cert, 5);
	/* contestants of the year's competitions (not drafts) in entries the
	 * organiser confirmed, by the entry's institution and the event's
	 * occupation; award certificates (originals) likewise */
	if (!rc)
		rc = collect(c, &b,
			     "SELECT y.institution_id, o.code, 0, COUNT(*) FROM "
			     "competition_entrant t JOIN competition_entry y ON y.id = "
			     "t.entry_id JOIN competition_event v ON v.id = y.event_id JOIN "
			     "competition x ON x.id = v.competition_id JOIN occupation o ON "
			     "o.id = v.occupation_id WHERE CAST(x.year AS TEXT) = ? AND "
			     "x.status <> 'draft' AND y.status = 'confirmed' GROUP BY "
			     "y.institution_id, o.code",
			     one, 1, m_entr, 1);
	if (!rc)
		rc = collect(c, &b,
			     "SELECT y.institution_id, o.code, 0, COUNT(*) FROM "
			     "certificate_award w JOIN competition x ON x.id = "
			     "w.competition_id JOIN competition_entry y ON y.id = w.entry_id "
			     "JOIN competition_event v ON v.id = w.event_id JOIN occupation o "
			     "ON o.id = v.occupation_id WHERE CAST(x.year AS TEXT) = ? AND "
			     "w.supersedes IS NULL GROUP BY y.institution_id, o.code",
			     one, 1, m_award, 1);
	if (!rc)
		rc = collect(c, &b,
			     "SELECT h.institution_id, '', 0, COUNT(*) FROM certificate_honour "
			     "h JOIN commendation_campaign k ON k.id = h.campaign_id WHERE "
			     "CAST(k.year AS TEXT) = ? AND h.supersedes IS NULL GROUP BY "
			     "h.institution_id",
			     one, 1, m_hon, 1);
	if (!rc)
		rc = collect(c, &b,
			     "SELECT k.institution_id, k.occupation_code, k.target_level, "
			     "COUNT(*), SUM(CASE WHEN a.status = 'completed' THEN 1 ELSE 0 END) "
			     "FROM apprentice a JOIN apprenticeship_class k ON k.id = "
			     "a.class_id WHERE substr(k.starts_on, 1, 4) = ? GROUP BY "
			     "k.institution_id, k.occupation_code, k.target_level",
			     one, 1, m_appr, 2);
	if (!rc)
		rc = collect(c, &b,
			     "SELECT k.institution_id, k.occupation_code, k.target_level, "
			     "COUNT(*), SUM(CASE WHEN t.status = 'completed' THEN 1 ELSE 0 END) "
			     "FROM training_enrolment t JOIN training_course k ON k.id = "
			     "t.course_id WHERE substr(t.enrolled_at, 1, 4) = ? GROUP BY "
			     "k.institution_id, k.occupation_code, k.target_level",
			     one, 1, m_train, 2);
	if (rc) {
		free(b.v);
		return rc;
	}
	b.n = stat_cells_merge(b.v, b.n);
	if (b.n) {
		*cells = arena_alloc(a, b.n * sizeof(**cells));
		memcpy(*cells, b.v, b.n * sizeof(**cells));
	}
	*n = b.n;
	free(b.v);
	return STORE_OK;
}

static bool read_year(struct db_res *r, struct arena *a, void *out)
{
	long long y;

	(void)a;
	y = db_ll(r, 0);
	*(int *)out = (int)y;
	return y >= 2000 && y <= 2100;
}

enum store_err store_stats_data_years(struct store_conn *c, struct arena *a, int **years,
				      size_t *n)
{
	return db_collect(
		c,
		"SELECT y FROM (SELECT substr(COALESCE(p.theory_on, p.practical_on, "
		"p.review_on, p.created_at), 1, 4) AS y FROM plan p WHERE p.status <> "
		"'draft' UNION SELECT substr(c.issued_on, 1, 4) FROM certificate c WHERE "
		"c.line IN ('skill', 'industry') UNION SELECT CAST(x.year AS TEXT) FROM "
		"competition x WHERE x.status <> 'draft' UNION SELECT CAST(k.year AS TEXT) "
		"FROM commendation_campaign k UNION SELECT substr(k.starts_on, 1, 4) FROM "
		"apprenticeship_class k UNION SELECT substr(t.enrolled_at, 1, 4) FROM "
		"training_enrolment t) z ORDER BY y DESC",
		NULL, 0, a, sizeof(**years), read_year, (void **)years, n);
}

enum store_err store_stats_years(struct store_conn *c, struct arena *a, int **years,
				 size_t *n)
{
	return db_collect(c, "SELECT CAST(year AS TEXT) FROM stat_year ORDER BY year DESC",
			  NULL, 0, a, sizeof(**years), read_year, (void **)years, n);
}

static bool read_std(struct db_res *r, struct arena *a, void *out)
{
	struct stat_standard *s = out;

	s->id = db_ll(r, 0);
	s->definition = db_str(r, a, 1);
	s->post_spec_id = db_ll(r, 2);
	s->post_spec = db_str(r, a, 3);
	return true;
}

enum store_err store_stats_standards(struct store_conn *c, struct arena *a,
				     struct stat_standard **items, size_t *n)
{
	return db_collect(c,
			  "SELECT s.id, s.definition, COALESCE(k.id, 0), k.body FROM standard "
			  "s JOIN (SELECT DISTINCT p.standard_id, COALESCE(p.post_spec_id, 0) "
			  "AS spec FROM plan p) u ON u.standard_id = s.id LEFT JOIN post_spec "
			  "k ON k.id = u.spec ORDER BY s.id, u.spec",
			  NULL, 0, a, sizeof(**items), read_std, (void **)items, n);
}

enum store_err store_stats_pass_marks_clear(struct store_conn *c)
{
	return db_exec(c, "DELETE FROM stat_pass_mark", NULL, 0, NULL);
}

enum store_err store_stats_pass_mark_put(struct store_conn *c, long long standard_id,
					 long long post_spec_id, int level,
					 const char *component, int tenths)
{
	struct db_arg args[5] = {db_int(standard_id), db_int(post_spec_id), db_int(level),
				 db_text(component), db_int(tenths)};

	return db_exec(c,
		       "INSERT INTO stat_pass_mark (standard_id, post_spec_id, level, "
		       "component, tenths) VALUES (?, ?, ?, ?, ?) ON CONFLICT (standard_id, "
		       "post_spec_id, level, component) DO UPDATE SET tenths = excluded.tenths",
		       args, 5, NULL);
}

enum store_err store_stats_replace(struct store_conn *c, int year,
				   const struct stat_cell *cells, const long long *branch,
				   const char *const *province, size_t n,
				   const char *refreshed_at, long long millis)
{
	struct db_arg args[6 + STAT_MEASURES];
	int rc;

	args[0] = db_int(year);
	rc = db_exec(c, "DELETE FROM stat_cell WHERE year = ?", args, 1, NULL);
	for (size_t i = 0; !rc && i < n; i++) {
		args[1] = db_int(cells[i].institution_id);
		args[2] = db_text(cells[i].occupation);
		args[3] = db_int(cells[i].level);
		args[4] = db_text(province[i]);
		args[5] = db_int(branch[i]);
		for (int m = 0; m < STAT_MEASURES; m++)
			args[6 + m] = db_int(cells[i].v[m]);
		rc = db_exec(
			c,
			"INSERT INTO stat_cell (year, institution_id, occupation_code, "
			"level, province, branch_id, plans, enrolled, assessed, passed, "
			"theory_sat, theory_passed, practical_sat, practical_passed, "
			"review_sat, review_passed, certificates, filed_on_time, "
			"filed_late, unfiled, revoked, corrections, appeals, "
			"competition_entrants, competition_awards, honours, apprentices, "
			"apprentices_completed, trainees, trainees_completed) VALUES (?, "
			"?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
			"?, ?, ?, ?, ?, ?, ?)",
			args, 6 + STAT_MEASURES, NULL);
	}
	if (rc)
		return rc;
	args[1] = db_text(refreshed_at);
	args[2] = db_int((long long)n);
	args[3] = db_int(millis);
	return db_exec(
		c,
		"INSERT INTO stat_year (year, refreshed_at, cells, millis) VALUES (?, ?, "
		"?, ?) ON CONFLICT (year) DO UPDATE SET refreshed_at = "
		"excluded.refreshed_at, cells = excluded.cells, millis = excluded.millis",
		args, 4, NULL);
}

static bool read_inst(struct db_res *r, struct arena *a, void *out)
{
	struct stat_inst *x = out;

	x->id = db_ll(r, 0);
	x->parent_id = db_ll(r, 1);
	x->type = db_str(r, a, 2);
	x->province = db_str(r, a, 3);
	x->name = db_str(r, a, 4);
	return true;
}

enum store_err store_stats_institutions(struct store_conn *c, struct arena *a,
					struct stat_inst **items, size_t *n)
{
	return db_collect(c,
			  "SELECT id, COALESCE(parent_id, 0), type, province, name FROM "
			  "institution ORDER BY id",
			  NULL, 0, a, sizeof(**items), read_inst, (void **)items, n);
}

static bool read_occ(struct db_res *r, struct arena *a, void *out)
{
	struct stat_occupation *x = out;

	x->code = db_str(r, a, 0);
	x->name = db_str(r, a, 1);
	return true;
}

enum store_err store_stats_occupations(struct store_conn *c, struct arena *a,
				       struct stat_occupation **items, size_t *n)
{
	return db_collect(c, "SELECT code, name FROM occupation ORDER BY code, edition DESC",
			  NULL, 0, a, sizeof(**items), read_occ, (void **)items, n);
}

#define SUM_COLS \
	"SUM(plans), SUM(enrolled), SUM(assessed), SUM(passed), SUM(theory_sat), " \
	"SUM(theory_passed), SUM(practical_sat), SUM(practical_passed), SUM(review_sat), " \
	"SUM(review_passed), SUM(certificates), SUM(filed_on_time), SUM(filed_late), " \
	"SUM(unfiled), SUM(revoked), SUM(corrections), SUM(appeals), " \
	"SUM(competition_entrants), SUM(competition_awards), SUM(honours), " \
	"SUM(apprentices), SUM(apprentices_completed), SUM(trainees), " \
	"SUM(trainees_completed)"
/* The cells of the scope only, summed in SQL: sc the subtrees of the
 * roots (a text ",3,17," bound once), all = 1 every cell. A reader with a
 * grant on one institution reads that subtree's cells, not the network's. */
#define SUM_SCOPE "WITH RECURSIVE " DB_SUBTREE_CTE " "
#define SUM_FILTER \
	" FROM stat_cell WHERE year BETWEEN ? AND ? AND (? = '' OR province = ?) AND (? = " \
	"0 OR branch_id = ?) AND (? = '' OR occupation_code = ?) AND (? = 0 OR level = ?) " \
	"AND (? = 1 OR institution_id IN (SELECT id FROM sc))"
#define SUM_SQL(key) SUM_SCOPE "SELECT 0, " key ", " SUM_COLS SUM_FILTER " GROUP BY " key

static const char *const sum_sql[STAT_DIMS] = {
	[STAT_BY_NONE] = SUM_SCOPE "SELECT 0, '', " SUM_COLS SUM_FILTER,
	[STAT_BY_YEAR] = SUM_SQL("year"),
	[STAT_BY_PROVINCE] = SUM_SQL("province"),
	[STAT_BY_BRANCH] = SUM_SQL("branch_id"),
	[STAT_BY_INSTITUTION] = SUM_SQL("institution_id"),
	[STAT_BY_OCCUPATION] = SUM_SQL("occupation_code"),
	[STAT_BY_LEVEL] = SUM_SQL("level"),
};

static bool read_sum(struct db_res *r, struct arena *a, void *out)
{
	struct stat_sum *x = out;
	const char *k;

	x->institution_id = db_ll(r, 0);
	k = db_str(r, a, 1);
	x->key = k ? k : "";
	for (int m = 0; m < STAT_MEASURES; m++)
		x->v[m] = db_ll(r, 2 + m);
	return true;
}

enum store_err store_stats_sum(struct store_conn *c, struct arena *a,
			       const struct stat_filter *f, enum stat_dim by,
			       const struct store_scope *scope, struct stat_sum **rows,
			       size_t *n)
{
	int from = f->year ? f->year : f->year_from, to = f->year ? f->year : f->year_to;
	const char *prov = f->province ? f->province : "",
		   *occ = f->occupation ? f->occupation : "";
	struct db_arg args[12];
	const char *roots;
	enum store_err rc;

	*rows = NULL;
	*n = 0;
	if ((unsigned)by >= STAT_DIMS)
		return db_fail(c, "no such dimension");
	if (!scope->all && !scope->nroots)
		return STORE_OK; /* nothing is in scope */
	if (!(roots = db_scope_roots(a, scope)))
		return db_fail(c, "out of memory");
	args[0] = db_text(roots);
	/* the years a range the primary key (year first) answers */
	args[1] = db_int(from ? from : 0);
	args[2] = db_int(to ? to : 9999);
	args[3] = db_text(prov);
	args[4] = db_text(prov);
	args[5] = db_int(f->branch_id);
	args[6] = db_int(f->branch_id);
	args[7] = db_text(occ);
	args[8] = db_text(occ);
	args[9] = db_int(f->level);
	args[10] = db_int(f->level);
	args[11] = db_int(scope->all ? 1 : 0);
	rc = db_collect(c, sum_sql[by], args, 12, a, sizeof(**rows), read_sum,
			(void **)rows, n);
	return rc;
}

static bool read_refreshed(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_stats_refreshed(struct store_conn *c, struct arena *a, int year_from,
				     int year_to, const char **oldest)
{
	struct db_arg args[4] = {db_int(year_from), db_int(year_from), db_int(year_to),
				 db_int(year_to)};

	*oldest = NULL;
	return db_one(c,
		      "SELECT MIN(refreshed_at) FROM stat_year WHERE (? = 0 OR year >= ?) AND "
		      "(? = 0 OR year <= ?)",
		      args, 4, a, read_refreshed, (void *)oldest);
}

/* ---- the rows behind a figure ---- */

static bool read_detail(struct db_res *r, struct arena *a, void *out)
{
	struct stat_detail_row *x = out;

	x->id = db_ll(r, 0);
	x->institution_id = db_ll(r, 1);
	x->title = db_str(r, a, 2);
	x->detail = db_str(r, a, 3);
	x->date = db_str(r, a, 4);
	x->ref = db_ll(r, 5);
	if (!x->title)
		x->title = "";
	if (!x->detail)
		x->detail = "";
	if (!x->date)
		x->date = "";
	return true;
}

/* The rows behind a figure are filtered and paged here, in SQL, however
 * wide the filter: a year of the network has ~1,000,000 certificates and a
 * page shows 50. Every statement starts with the scope: sc the subtrees of
 * the roots (a text ",3,17," bound once, any count of them), br the
 * institutions whose nearest branch center (or itself) is the filter's
 * branch (the descent stops at a branch center below it). Then IN_SCOPE
 * keeps a row's institution when it is in sc (or every one: all), in br
 * (when a branch is asked) and of the province (when one is asked). */
#define SCOPE_CTE \
	"WITH RECURSIVE " DB_SUBTREE_CTE \
	", br (id) AS (SELECT i.id FROM institution i WHERE i.id = ? " \
	"UNION SELECT i.id FROM institution i JOIN br ON i.parent_id = br.id WHERE i.type " \
	"<> 'branch_center') "
#define IN_SCOPE(col) \
	"(? = 1 OR " col " IN (SELECT id FROM sc)) AND (? = 0 OR " col " IN (SELECT id " \
	"FROM br)) AND (? = '' OR " col " IN (SELECT i.id FROM institution i WHERE " \
	"i.province = ?))"
/* the plan-based sources: years ? ? (text), occupation ? ?, level ? ?,
 * then the scope */
#define PLAN_RANGE \
	"p.status <> 'draft' AND substr(COALESCE(p.theory_on, p.practical_on, p.review_on, " \
	"p.created_at), 1, 4) BETWEEN ? AND ? AND (? = '' OR o.code = ?) AND (? = 0 OR " \
	"p.level = ?) AND " IN_SCOPE("p.institution_id")
#define PLAN_DATE \
	"COALESCE(p.theory_on, p.practical_on, p.review_on, substr(p.created_at, 1, 10))"
/* a page (ORDER BY, LIMIT ? OFFSET ?) and its count, of one FROM ... WHERE */
#define PAGE(cols, body, order) \
	{ \
		SCOPE_CTE "SELECT " cols " " body " ORDER BY " order " LIMIT ? OFFSET ?", \
			SCOPE_CTE "SELECT COUNT(*) " body \
	}

#define CERT_BODY(days) \
	", chain (root, id, status) AS (SELECT c.id, c.id, c.status FROM " \
	"certificate c WHERE c.line IN ('skill', 'industry') AND c.supersedes IS NULL AND " \
	"c.issued_on >= ? AND c.issued_on <= ? AND (? = '' OR c.occupation_code = ?) " \
	"AND (? = 0 OR c.level = ?) AND " IN_SCOPE( \
		"COALESCE(c.institution_id, 0)") " UNION ALL SELECT k.root, n.id, n.status FROM chain k " \
						 "JOIN certificate n ON n.supersedes = k.id WHERE n.supersedes IS NOT NULL), " \
						 "st (root, rv, at) AS (SELECT k.root, MAX(CASE WHEN k.status = 'revoked' THEN 1 " \
						 "ELSE 0 END), MIN(b.submitted_at) FROM chain k LEFT JOIN filing_item f ON " \
						 "f.certificate_id = k.id AND f.status IN ('included', 'accepted') LEFT JOIN " \
						 "filing_batch b ON b.id = f.batch_id AND b.status = 'received' GROUP BY k.root) "
#define CERT_WHERE(days) \
	"FROM certificate c JOIN st x ON x.root = c.id WHERE CASE ? WHEN " \
	"'filed_on_time' THEN x.at IS NOT NULL AND " days " <= ? WHEN 'filed_late' THEN " \
	"x.at IS NOT NULL AND " days " > ? WHEN 'unfiled' THEN x.at IS NULL WHEN " \
	"'revoked' THEN x.rv = 1 ELSE 1 = 1 END"
#define CERT_PAGE(days) \
	{ \
		SCOPE_CTE CERT_BODY( \
			days) "SELECT c.id, COALESCE(c.institution_id, 0), c.number, " \
			      "'cert.status.' || c.status, c.issued_on, c.id " CERT_WHERE( \
				      days) " ORDER BY c.id LIMIT ? OFFSET ?", \
			SCOPE_CTE CERT_BODY(days) "SELECT COUNT(*) " CERT_WHERE(days) \
	}
#define SQLITE_DAYS "julianday(substr(x.at, 1, 10)) - julianday(c.issued_on)"
#define PG_DAYS "(CAST(substr(x.at, 1, 10) AS date) - CAST(c.issued_on AS date))"

enum detail_src {
	SRC_PLAN,
	SRC_ENROLMENT,
	SRC_CERT,
	SRC_CERT_SQLITE,
	SRC_CERT_PG,
	SRC_CORRECTION,
	SRC_APPEAL,
	SRC_ENTRANT,
	SRC_AWARD,
	SRC_HONOUR,
	SRC_APPRENTICE,
	SRC_TRAINEE,
	SRC_COUNT
};

/* [source] = {the page, the count} */
static const char *const detail_sql[SRC_COUNT][2] = {
	[SRC_PLAN] = PAGE("p.id, p.institution_id, p.title, 'plan.status.' || p.status, " PLAN_DATE
			  ", p.id",
			  "FROM plan p " PLAN_OCC " WHERE " PLAN_RANGE, "p.id"),
	[SRC_ENROLMENT] = PAGE(
		"e.id, p.institution_id, pe.name, CASE WHEN r.outcome IS NOT NULL THEN "
		"'result.outcome.' || r.outcome ELSE 'enrolment.status.' || e.status END, " PLAN_DATE
		", p.id",
		"FROM enrolment e JOIN plan p ON p.id = e.plan_id " PLAN_OCC
		" JOIN person pe ON pe.id = e.person_id LEFT JOIN result r ON "
		"r.enrolment_id = e.id WHERE " PLAN_RANGE
		" AND CASE ? WHEN 'enrolled' THEN e.status <> 'withdrawn' WHEN "
		"'assessed' THEN r.outcome IS NOT NULL AND " SAT " WHEN 'passed' THEN "
		"r.outcome = 'pass' ELSE EXISTS (SELECT 1 FROM component_result cr LEFT "
		"JOIN stat_pass_mark pm ON pm.standard_id = p.standard_id AND "
		"pm.post_spec_id = COALESCE(p.post_spec_id, 0) AND pm.level = p.level AND "
		"pm.component = cr.component WHERE cr.enrolment_id = e.id "
		"AND cr.component = ? AND cr.status = 'present' AND cr.tenths IS NOT "
		"NULL AND (? = 0 OR cr.tenths >= pm.tenths)) END",
		"e.id"),
	/* the certificates issued: no chain, no filing to look at */
	[SRC_CERT] = PAGE("c.id, COALESCE(c.institution_id, 0), c.number, 'cert.status.' || "
			  "c.status, c.issued_on, c.id",
			  "FROM certificate c WHERE c.line IN ('skill', 'industry') AND "
			  "c.supersedes IS NULL AND c.issued_on >= ? AND c.issued_on <= ? AND "
			  "(? = '' OR c.occupation_code = ?) AND (? = 0 OR c.level = ?) "
			  "AND " IN_SCOPE("COALESCE(c.institution_id, 0)"),
			  "c.id"),
	[SRC_CERT_SQLITE] = CERT_PAGE(SQLITE_DAYS),
	[SRC_CERT_PG] = CERT_PAGE(PG_DAYS),
	[SRC_CORRECTION] =
		PAGE("k.id, p.institution_id, pe.name, 'component.short.' || k.component, "
		     "substr(COALESCE(k.decided_at, k.requested_at), 1, 10), p.id",
		     "FROM score_correction k JOIN enrolment e ON e.id = "
		     "k.enrolment_id JOIN plan p ON p.id = e.plan_id " PLAN_OCC
		     " JOIN person pe ON pe.id = e.person_id WHERE " PLAN_RANGE
		     " AND k.status = 'approved'",
		     "k.id"),
	[SRC_APPEAL] = PAGE("x.id, p.institution_id, x.name, 'stats.detail.appeal.' || x.status, substr(x.filed_at, "
			    "1, 10), p.id",
			    "FROM appeal x JOIN plan p ON p.id = x.plan_id " PLAN_OCC
			    " WHERE " PLAN_RANGE,
			    "x.id"),
	[SRC_ENTRANT] = PAGE(
		"t.id, y.institution_id, pe.name, x.name, x.starts_on, x.id",
		"FROM competition_entrant t JOIN competition_entry y ON y.id = t.entry_id "
		"JOIN competition_event v ON v.id = y.event_id JOIN competition x ON "
		"x.id = v.competition_id JOIN occupation o ON o.id = v.occupation_id "
		"JOIN person pe ON pe.id = t.person_id WHERE CAST(x.year AS TEXT) "
		"BETWEEN ? AND ? AND (? = '' OR o.code = ?) AND (? = 0 OR 0 = ?) AND " IN_SCOPE(
			"y.institution_id") " AND x.status <> 'draft' AND y.status = 'confirmed'",
		"t.id"),
	[SRC_AWARD] = PAGE(
		"w.certificate_id, y.institution_id, c.number, 'comp.award.' || w.award, c.issued_on, "
		"w.certificate_id",
		"FROM certificate_award w JOIN certificate c ON c.id = w.certificate_id JOIN "
		"competition x ON x.id = w.competition_id JOIN competition_entry y ON y.id = "
		"w.entry_id JOIN competition_event v ON v.id = w.event_id JOIN occupation o "
		"ON o.id = v.occupation_id WHERE CAST(x.year AS TEXT) BETWEEN ? AND ? AND (? "
		"= '' OR o.code = ?) AND (? = 0 OR 0 = ?) AND " IN_SCOPE(
			"y.institution_id") " AND w.supersedes IS NULL",
		"w.certificate_id"),
	[SRC_HONOUR] = PAGE(
		"h.certificate_id, h.institution_id, c.number, 'commendation.category.' || h.category, "
		"c.issued_on, "
		"h.certificate_id",
		"FROM certificate_honour h JOIN certificate c ON c.id = h.certificate_id "
		"JOIN commendation_campaign k ON k.id = h.campaign_id WHERE CAST(k.year AS "
		"TEXT) BETWEEN ? AND ? AND (? = '' OR '' = ?) AND (? = 0 OR 0 = ?) AND " IN_SCOPE(
			"h.institution_id") " AND h.supersedes IS NULL",
		"h.certificate_id"),
	[SRC_APPRENTICE] = PAGE(
		"a.id, k.institution_id, pe.name, 'apprentice.status.' || a.status, k.starts_on, a.id",
		"FROM apprentice a JOIN apprenticeship_class k ON k.id = a.class_id JOIN "
		"person pe ON pe.id = a.person_id WHERE substr(k.starts_on, 1, 4) BETWEEN ? "
		"AND ? AND (? = '' OR k.occupation_code = ?) AND (? = 0 OR k.target_level = "
		"?) AND " IN_SCOPE("k.institution_id") " AND (? = 0 OR a.status = 'completed')",
		"a.id"),
	[SRC_TRAINEE] = PAGE(
		"t.id, k.institution_id, pe.name, 'training.enrolment.' || t.status, "
		"substr(t.enrolled_at, 1, 10), k.id",
		"FROM training_enrolment t JOIN training_course k ON k.id = t.course_id JOIN "
		"person pe ON pe.id = t.person_id WHERE substr(t.enrolled_at, 1, 4) BETWEEN "
		"? AND ? AND (? = '' OR k.occupation_code = ?) AND (? = 0 OR "
		"k.target_level = ?) AND " IN_SCOPE("k.institution_id") " AND (? = 0 OR "
									"t.status = 'completed')",
		"t.id"),
};

static bool read_count(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_stats_details(struct store_conn *c, struct arena *a,
				   enum stat_measure m, const struct stat_filter *f,
				   const struct store_scope *scope, int on_time_days,
				   int offset, int limit, struct stat_detail_row **rows,
				   size_t *n, long long *total)
{
	static const char *const comp[STAT_MEASURES] = {
		[STAT_THEORY_SAT] = "theory",       [STAT_THEORY_PASSED] = "theory",
		[STAT_PRACTICAL_SAT] = "practical", [STAT_PRACTICAL_PASSED] = "practical",
		[STAT_REVIEW_SAT] = "review",       [STAT_REVIEW_PASSED] = "review"};
	int year_from = f->year ? f->year : f->year_from,
	    year_to = f->year ? f->year : f->year_to;
	char from[16], to[16];
	const char *occ = f->occupation ? f->occupation : "",
		   *prov = f->province ? f->province : "", *code = stat_measure_code(m);
	struct db_arg args[24];
	const char *roots;
	int nargs = 12, src;
	enum store_err rc;

	*rows = NULL;
	*n = 0;
	*total = 0;
	switch (m) {
	case STAT_PLANS: src = SRC_PLAN; break;
	case STAT_ENROLLED:
	case STAT_ASSESSED:
	case STAT_PASSED:
	case STAT_THEORY_SAT:
	case STAT_THEORY_PASSED:
	case STAT_PRACTICAL_SAT:
	case STAT_PRACTICAL_PASSED:
	case STAT_REVIEW_SAT:
	case STAT_REVIEW_PASSED: src = SRC_ENROLMENT; break;
	case STAT_CERTIFICATES: src = SRC_CERT; break;
	case STAT_FILED_ON_TIME:
	case STAT_FILED_LATE:
	case STAT_UNFILED:
	case STAT_REVOKED: src = c->eng == &db_pg ? SRC_CERT_PG : SRC_CERT_SQLITE; break;
	case STAT_CORRECTIONS: src = SRC_CORRECTION; break;
	case STAT_APPEALS: src = SRC_APPEAL; break;
	case STAT_COMPETITION_ENTRANTS: src = SRC_ENTRANT; break;
	case STAT_COMPETITION_AWARDS: src = SRC_AWARD; break;
	case STAT_HONOURS: src = SRC_HONOUR; break;
	case STAT_APPRENTICES:
	case STAT_APPRENTICES_COMPLETED: src = SRC_APPRENTICE; break;
	case STAT_TRAINEES:
	case STAT_TRAINEES_COMPLETED: src = SRC_TRAINEE; break;
	default: return db_fail(c, "no such measure");
	}
	if (!scope->all && !scope->nroots)
		return STORE_OK; /* nothing is in scope */
	if (!(roots = db_scope_roots(a, scope)))
		return db_fail(c, "out of memory");
	if (src == SRC_CERT || src == SRC_CERT_PG || src == SRC_CERT_SQLITE) {
		snprintf(from, sizeof(from), "%04d-01-01", year_from ? year_from : 1000);
		snprintf(to, sizeof(to), "%04d-12-31", year_to ? year_to : 9999);
	} else {
		snprintf(from, sizeof(from), "%04d", year_from ? year_from : 1000);
		snprintf(to, sizeof(to), "%04d", year_to ? year_to : 9999);
	}
	args[0] = db_text(roots);
	args[1] = db_int(f->branch_id);
	args[2] = db_text(from);
	args[3] = db_text(to);
	args[4] = db_text(occ);
	args[5] = db_text(occ);
	args[6] = db_int(f->level);
	args[7] = db_int(f->level);
	args[8] = db_int(scope->all ? 1 : 0);
	args[9] = db_int(f->branch_id);
	args[10] = db_text(prov);
	args[11] = db_text(prov);
	switch (src) {
	case SRC_ENROLMENT:
		args[nargs++] = db_text(code);
		args[nargs++] = db_text(comp[m] ? comp[m] : "");
		args[nargs++] = db_int(m == STAT_THEORY_PASSED ||
				       m == STAT_PRACTICAL_PASSED ||
				       m == STAT_REVIEW_PASSED);
		break;
	case SRC_CERT_SQLITE:
	case SRC_CERT_PG:
		args[nargs++] = db_text(code);
		args[nargs++] = db_int(on_time_days);
		args[nargs++] = db_int(on_time_days);
		break;
	case SRC_APPRENTICE:
		args[nargs++] = db_int(m == STAT_APPRENTICES_COMPLETED);
		break;
	case SRC_TRAINEE: args[nargs++] = db_int(m == STAT_TRAINEES_COMPLETED); break;
	default: break;
	}
	rc = db_one(c, detail_sql[src][1], args, nargs, a, read_count, total);
	if (!rc && *total > offset) {
		args[nargs++] = db_int(limit);
		args[nargs++] = db_int(offset);
		rc = db_collect(c, detail_sql[src][0], args, nargs, a, sizeof(**rows),
				read_detail, (void **)rows, n);
	}
	return rc;
}

/* the network's totals by year and province (open data): the year in
 * institution_id, the province in key */
enum store_err store_stats_year_province(struct store_conn *c, struct arena *a,
					 struct stat_sum **rows, size_t *n)
{
	return db_collect(c,
			  "SELECT year, province, " SUM_COLS
			  " FROM stat_cell GROUP BY year, province ORDER BY year, province",
			  NULL, 0, a, sizeof(**rows), read_sum, (void **)rows, n);
}
