/*
 * competition.c - skills competitions: the competition and its
 * co-organisers, its technical document's versions, its events, the
 * entries institutions nominate with their members, and the judges. SQL
 * written once for both engines (db.h).
 */
#include <stddef.h>
#include <string.h>

#include "store/db.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* A column a row reader fills: the member's place, and its kind taken
 * from the member's type (long long, int or a string in the arena), so a
 * reader is its struct's members in the order of the SELECT's columns. */
struct col {
	size_t off;
	char kind;
};
#define COL(type, m) \
	{ \
		offsetof(type, m), _Generic(((type *)0)->m, long long: 'l', int: 'i', const char *: 's') \
	}

/* Reads the current row's columns 0..n-1 into out's members by cols. */
static bool read_cols(struct db_res *r, struct arena *a, void *out,
		      const struct col *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char *m = (char *)out + cols[i].off;

		if (cols[i].kind == 'l')
			*(long long *)m = db_ll(r, (int)i);
		else if (cols[i].kind == 'i')
			*(int *)m = (int)db_ll(r, (int)i);
		else
			*(const char **)m = db_str(r, a, (int)i);
	}
	return true;
}

/* The row whose key is bound to sql's one `?`, read with read: STORE_OK,
 * STORE_NOT_FOUND or an error (db_one). */
static int one_by(struct store_conn *c, struct arena *a, const char *sql, long long key,
		  DB_READ_FN, void *out)
{
	struct db_arg arg = db_int(key);

	return db_one(c, sql, &arg, 1, a, read, out);
}

/* Every row of sql with key bound to its one `?`, as by db_collect. */
static int all_by(struct store_conn *c, struct arena *a, const char *sql, long long key,
		  size_t size, DB_READ_FN, void **items, size_t *n)
{
	struct db_arg arg = db_int(key);

	return db_collect(c, sql, &arg, 1, a, size, read, items, n);
}

/* ---- competitions ---- */

#define COMP_COLS \
	"x.id, x.name, x.tier, x.year, x.organiser_id, x.approval_doc, x.starts_on, " \
	"x.ends_on, x.venue, x.status, x.created_at, x.updated_at, " \
	"x.notice_start, x.notice_end, coalesce(i.name, ''), coalesce(d.version, 0), coalesce(d.code, ''), " \
	"coalesce(d.digest, '')"
#define COMP_FROM \
	" FROM competition x LEFT JOIN institution i ON i.id = x.organiser_id " \
	"LEFT JOIN competition_document d ON d.competition_id = x.id AND d.version = " \
	"(SELECT max(version) FROM competition_document WHERE competition_id = x.id)"

static bool read_comp(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition, m)
	static const struct col cols[] = {
		C(id),           C(name),         C(tier),           C(year),
		C(organiser_id), C(approval_doc), C(starts_on),      C(ends_on),
		C(venue),        C(status),       C(created_at),     C(updated_at),
		C(notice_start), C(notice_end),   C(organiser_name), C(doc_version),
		C(doc_code),     C(doc_digest)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_insert(struct store_conn *c, const struct competition *x,
				 long long *id)
{
	struct db_arg args[11] = {
		db_text(x->name),
		db_text(x->tier),
		db_int(x->year),
		db_int_or_null(x->organiser_id),
		db_text(nz(x->approval_doc)),
		db_text(x->starts_on),
		db_text(x->ends_on),
		db_text(nz(x->venue)),
		db_text(x->created_at),
		db_text(x->created_at),
		db_text(x->status ? x->status : "draft"),
	};

	return db_insert_id(c,
			    "INSERT INTO competition (name, tier, year, organiser_id, "
			    "approval_doc, starts_on, ends_on, venue, created_at, updated_at, "
			    "status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 11, id);
}

enum store_err store_comp_get(struct store_conn *c, struct arena *a, long long id,
			      struct competition *out)
{
	return one_by(c, a, "SELECT " COMP_COLS COMP_FROM " WHERE x.id = ?", id,
		      read_comp, out);
}

enum store_err store_comp_list(struct store_conn *c, struct arena *a, int year,
			       const char *tier, bool with_drafts,
			       struct competition **items, size_t *n)
{
	struct db_arg args[5] = {db_int(year), db_int(year), db_text(nz(tier)),
				 db_text(nz(tier)), db_int(with_drafts)};

	return db_collect(c,
			  "SELECT " COMP_COLS COMP_FROM " WHERE (? = 0 OR x.year = ?) AND "
			  "(? = '' OR x.tier = ?) AND (? = 1 OR x.status <> 'draft') "
			  "ORDER BY x.year DESC, x.starts_on DESC, x.id DESC",
			  args, 5, a, sizeof(**items), read_comp, (void **)items, n);
}

enum store_err store_comp_final_entered(struct store_conn *c, struct arena *a,
					long long institution_id,
					struct competition **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT " COMP_COLS COMP_FROM
		      " WHERE x.status = 'final' AND EXISTS (SELECT 1 FROM "
		      "competition_entry e JOIN competition_event v ON v.id = e.event_id "
		      "WHERE v.competition_id = x.id AND e.institution_id = ? AND "
		      "e.status = 'confirmed') ORDER BY x.year DESC, x.starts_on DESC, x.id DESC",
		      institution_id, sizeof(**items), read_comp, (void **)items, n);
}

enum store_err store_comp_set_status(struct store_conn *c, long long id, const char *from,
				     const char *to, const char *when)
{
	struct db_arg args[4] = {db_text(to), db_text(when), db_int(id), db_text(from)};

	return db_update_one(c,
			     "UPDATE competition SET status = ?, updated_at = ? WHERE id = ? "
			     "AND status = ?",
			     args, 4);
}

enum store_err store_comp_coorganiser_add(struct store_conn *c, long long competition_id,
					  long long institution_id)
{
	struct db_arg args[2] = {db_int(competition_id), db_int(institution_id)};

	return db_exec(c,
		       "INSERT INTO competition_coorganiser (competition_id, "
		       "institution_id) VALUES (?, ?)",
		       args, 2, NULL);
}

static bool read_inst(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct institution, m)
	static const struct col cols[] = {C(id), C(name), C(type), C(province)};
#undef C

	memset(out, 0, sizeof(struct institution));
	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_coorganisers(struct store_conn *c, struct arena *a,
				       long long competition_id,
				       struct institution **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT i.id, i.name, i.type, i.province FROM "
		      "competition_coorganiser k JOIN institution i ON i.id = "
		      "k.institution_id WHERE k.competition_id = ? ORDER BY i.id",
		      competition_id, sizeof(**items), read_inst, (void **)items, n);
}

/* ---- the technical document ---- */

static bool read_doc(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_doc_row, m)
	static const struct col cols[] = {C(id),         C(competition_id),
					  C(version),    C(code),
					  C(digest),     C(created_at),
					  C(created_by), C(body)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_doc_insert(struct store_conn *c,
				     const struct competition_doc_row *d, int *version)
{
	struct db_arg args[7] = {db_int(d->competition_id), db_int(d->competition_id),
				 db_text(d->code),          db_text(d->body),
				 db_text(d->digest),        db_text(d->created_at),
				 db_text(d->created_by)};
	long long v = 0;
	int rc = db_insert_id(c,
			      "INSERT INTO competition_document (competition_id, version, "
			      "code, body, digest, created_at, created_by) VALUES (?, "
			      "(SELECT coalesce(max(version), 0) + 1 FROM competition_document "
			      "WHERE competition_id = ?), ?, ?, ?, ?, ?) RETURNING version",
			      args, 7, &v);

	*version = (int)v;
	return rc;
}

enum store_err store_comp_doc_latest(struct store_conn *c, struct arena *a,
				     long long competition_id,
				     struct competition_doc_row *out)
{
	return one_by(c, a,
		      "SELECT id, competition_id, version, code, digest, created_at, "
		      "created_by, body FROM competition_document WHERE competition_id = ? "
		      "ORDER BY version DESC LIMIT 1",
		      competition_id, read_doc, out);
}

enum store_err store_comp_docs(struct store_conn *c, struct arena *a,
			       long long competition_id,
			       struct competition_doc_row **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT id, competition_id, version, code, digest, created_at, "
		      "created_by, NULL FROM competition_document WHERE "
		      "competition_id = ? ORDER BY version DESC",
		      competition_id, sizeof(**items), read_doc, (void **)items, n);
}

/* ---- events ---- */

#define EVENT_COLS \
	"e.id, e.competition_id, e.occupation_id, e.grp, e.team_size, " \
	"e.quota_institution, e.quota_province, e.min_age, e.max_age, e.created_at, " \
	"o.code, o.name FROM competition_event e JOIN occupation o ON o.id = " \
	"e.occupation_id"

static bool read_event(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_event, m)
	static const struct col cols[] = {C(id),
					  C(competition_id),
					  C(occupation_id),
					  C(grp),
					  C(team_size),
					  C(quota_institution),
					  C(quota_province),
					  C(min_age),
					  C(max_age),
					  C(created_at),
					  C(occupation_code),
					  C(occupation_name)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_event_insert(struct store_conn *c,
				       const struct competition_event *e, long long *id)
{
	struct db_arg args[9] = {db_int(e->competition_id),
				 db_int(e->occupation_id),
				 db_text(e->grp),
				 db_int(e->team_size),
				 db_int(e->quota_institution),
				 db_int(e->quota_province),
				 db_int(e->min_age),
				 db_int(e->max_age),
				 db_text(e->created_at)};

	return db_insert_id(c,
			    "INSERT INTO competition_event (competition_id, occupation_id, "
			    "grp, team_size, quota_institution, quota_province, min_age, "
			    "max_age, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 9, id);
}

enum store_err store_comp_event_lock(struct store_conn *c, long long id)
{
	struct db_arg arg = db_int(id);

	return db_update_one(c,
			     "UPDATE competition_event SET team_size = team_size WHERE id = ?",
			     &arg, 1);
}

enum store_err store_comp_events_team_size(struct store_conn *c, long long competition_id,
					   int team_size)
{
	struct db_arg args[2] = {db_int(team_size), db_int(competition_id)};

	return db_exec(c,
		       "UPDATE competition_event SET team_size = ? WHERE competition_id = ?",
		       args, 2, NULL);
}

enum store_err store_comp_event_get(struct store_conn *c, struct arena *a, long long id,
				    struct competition_event *out)
{
	return one_by(c, a, "SELECT " EVENT_COLS " WHERE e.id = ?", id, read_event, out);
}

enum store_err store_comp_events(struct store_conn *c, struct arena *a,
				 long long competition_id,
				 struct competition_event **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT " EVENT_COLS " WHERE e.competition_id = ? ORDER BY "
		      "o.code, e.grp, e.id",
		      competition_id, sizeof(**items), read_event, (void **)items, n);
}

/* ---- entries ---- */

#define ENTRY_COLS \
	"n.id, n.event_id, n.institution_id, n.status, n.reason, n.created_at, " \
	"n.created_by, n.decided_at, n.decided_by, i.name, i.province FROM " \
	"competition_entry n JOIN institution i ON i.id = n.institution_id"

static bool read_entry(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_entry, m)
	static const struct col cols[] = {
		C(id),         C(event_id),         C(institution_id), C(status),
		C(reason),     C(created_at),       C(created_by),     C(decided_at),
		C(decided_by), C(institution_name), C(province)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_entry_insert(struct store_conn *c,
				       const struct competition_entry *e, long long *id)
{
	struct db_arg args[4] = {db_int(e->event_id), db_int(e->institution_id),
				 db_text(e->created_at), db_text(e->created_by)};

	return db_insert_id(c,
			    "INSERT INTO competition_entry (event_id, institution_id, status, "
			    "reason, created_at, created_by) VALUES (?, ?, 'nominated', '', ?, "
			    "?) RETURNING id",
			    args, 4, id);
}

enum store_err store_comp_entrant_insert(struct store_conn *c, long long entry_id,
					 long long person_id, int position)
{
	struct db_arg args[3] = {db_int(entry_id), db_int(person_id), db_int(position)};

	return db_exec(c,
		       "INSERT INTO competition_entrant (entry_id, person_id, position) "
		       "VALUES (?, ?, ?)",
		       args, 3, NULL);
}

enum store_err store_comp_entry_get(struct store_conn *c, struct arena *a, long long id,
				    struct competition_entry *out)
{
	return one_by(c, a, "SELECT " ENTRY_COLS " WHERE n.id = ?", id, read_entry, out);
}

enum store_err store_comp_entries(struct store_conn *c, struct arena *a,
				  long long competition_id,
				  struct competition_entry **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT " ENTRY_COLS " WHERE n.event_id IN (SELECT id FROM "
		      "competition_event WHERE competition_id = ?) ORDER BY n.id",
		      competition_id, sizeof(**items), read_entry, (void **)items, n);
}

static bool read_entrant(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_entrant, m)
	static const struct col cols[] = {C(id),
					  C(entry_id),
					  C(person_id),
					  C(position),
					  C(event_id),
					  C(entry_status),
					  C(name),
					  C(id_masked),
					  C(birth_date),
					  C(employer),
					  C(employer_credit_code)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_entrants(struct store_conn *c, struct arena *a,
				   long long competition_id,
				   struct competition_entrant **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT m.id, m.entry_id, m.person_id, m.position, n.event_id, "
		      "n.status, p.name, p.id_masked, p.birth_date, p.employer, "
		      "p.employer_credit_code FROM competition_entrant m JOIN "
		      "competition_entry n ON n.id = m.entry_id JOIN person p ON p.id = "
		      "m.person_id WHERE n.event_id IN (SELECT id FROM competition_event "
		      "WHERE competition_id = ?) ORDER BY m.entry_id, m.position",
		      competition_id, sizeof(**items), read_entrant, (void **)items, n);
}

enum store_err store_comp_entry_decide(struct store_conn *c, long long id,
				       const char *status, const char *reason,
				       const char *by, const char *when)
{
	struct db_arg args[5] = {db_text(status), db_text(nz(reason)), db_text(when),
				 db_text(by), db_int(id)};

	return db_update_one(c,
			     "UPDATE competition_entry SET status = ?, reason = ?, decided_at = "
			     "?, decided_by = ? WHERE id = ? AND status = 'nominated'",
			     args, 5);
}

/* ---- judges ---- */

static bool read_judge(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_judge, m)
	static const struct col cols[] = {C(id),         C(event_id),    C(person_id),
					  C(role),       C(override_by), C(override_note),
					  C(created_at), C(name),        C(id_masked)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_judge_insert(struct store_conn *c,
				       const struct competition_judge *j, long long *id)
{
	struct db_arg args[6] = {db_int(j->event_id),
				 db_int(j->person_id),
				 db_text(j->role),
				 db_text(nz(j->override_by)),
				 db_text(nz(j->override_note)),
				 db_text(j->created_at)};

	return db_insert_id(c,
			    "INSERT INTO competition_judge (event_id, person_id, role, "
			    "override_by, override_note, created_at) VALUES (?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 6, id);
}

enum store_err store_comp_judges(struct store_conn *c, struct arena *a,
				 long long competition_id,
				 struct competition_judge **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT j.id, j.event_id, j.person_id, j.role, j.override_by, "
		      "j.override_note, j.created_at, p.name, p.id_masked FROM "
		      "competition_judge j JOIN person p ON p.id = j.person_id WHERE "
		      "j.event_id IN (SELECT id FROM competition_event WHERE "
		      "competition_id = ?) ORDER BY j.event_id, j.id",
		      competition_id, sizeof(**items), read_judge, (void **)items, n);
}

/* ---- marks, theory scores, locks, corrections (0024) ---- */

static bool read_mark(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_mark, m)
	static const struct col cols[] = {C(id),       C(entry_id),   C(aspect),
					  C(judge_id), C(value),      C(marks),
					  C(note),     C(updated_at), C(updated_by),
					  C(event_id)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_mark_put(struct store_conn *c, const struct competition_mark *m)
{
	struct db_arg args[8] = {db_int(m->entry_id),    db_text(m->aspect),
				 db_int(m->judge_id),    db_text(m->value),
				 db_int(m->marks),       db_text(nz(m->note)),
				 db_text(m->updated_at), db_text(m->updated_by)};

	return db_exec(c,
		       "INSERT INTO competition_mark (entry_id, aspect, judge_id, value, "
		       "marks, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, "
		       "?) ON CONFLICT (entry_id, aspect, judge_id) DO UPDATE SET value = "
		       "excluded.value, marks = excluded.marks, note = excluded.note, "
		       "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
		       args, 8, NULL);
}

enum store_err store_comp_marks(struct store_conn *c, struct arena *a, long long event_id,
				struct competition_mark **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT m.id, m.entry_id, m.aspect, m.judge_id, m.value, m.marks, "
		      "m.note, m.updated_at, m.updated_by, n.event_id FROM "
		      "competition_mark m JOIN competition_entry n ON n.id = m.entry_id "
		      "WHERE n.event_id = ? ORDER BY m.entry_id, m.aspect, m.judge_id",
		      event_id, sizeof(**items), read_mark, (void **)items, n);
}

static bool read_theory(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_theory, m)
	static const struct col cols[] = {C(entry_id), C(score), C(updated_at),
					  C(updated_by), C(event_id)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_theory_put(struct store_conn *c,
				     const struct competition_theory *t)
{
	struct db_arg args[4] = {db_int(t->entry_id), db_int(t->score),
				 db_text(t->updated_at), db_text(t->updated_by)};

	return db_exec(c,
		       "INSERT INTO competition_theory (entry_id, score, updated_at, "
		       "updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE "
		       "SET score = excluded.score, updated_at = excluded.updated_at, "
		       "updated_by = excluded.updated_by",
		       args, 4, NULL);
}

enum store_err store_comp_theories(struct store_conn *c, struct arena *a, long long event_id,
				   struct competition_theory **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT t.entry_id, t.score, t.updated_at, t.updated_by, "
		      "n.event_id FROM competition_theory t JOIN competition_entry n ON "
		      "n.id = t.entry_id WHERE n.event_id = ? ORDER BY t.entry_id",
		      event_id, sizeof(**items), read_theory, (void **)items, n);
}

static bool read_lock(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_lock, m)
	static const struct col cols[] = {C(event_id), C(module), C(locked_at),
					  C(locked_by)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_lock_insert(struct store_conn *c, const struct competition_lock *l)
{
	struct db_arg args[4] = {db_int(l->event_id), db_text(l->module),
				 db_text(l->locked_at), db_text(l->locked_by)};

	return db_exec(c,
		       "INSERT INTO competition_lock (event_id, module, locked_at, "
		       "locked_by) VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

enum store_err store_comp_locks(struct store_conn *c, struct arena *a, long long event_id,
				struct competition_lock **items, size_t *n)
{
	return all_by(c, a,
		      "SELECT event_id, module, locked_at, locked_by FROM "
		      "competition_lock WHERE event_id = ? ORDER BY module",
		      event_id, sizeof(**items), read_lock, (void **)items, n);
}

#define CORR_COLS \
	"id, event_id, entry_id, aspect, judge_id, value, reason, status, filed_at, " \
	"filed_by, decided_at, decided_by FROM competition_correction"

static bool read_correction(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_correction, m)
	static const struct col cols[] = {C(id),       C(event_id),   C(entry_id),
					  C(aspect),   C(judge_id),   C(value),
					  C(reason),   C(status),     C(filed_at),
					  C(filed_by), C(decided_at), C(decided_by)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_correction_insert(struct store_conn *c,
					    const struct competition_correction *k,
					    long long *id)
{
	struct db_arg args[8] = {db_int(k->event_id),  db_int(k->entry_id),
				 db_text(k->aspect),   db_int(k->judge_id),
				 db_text(k->value),    db_text(k->reason),
				 db_text(k->filed_at), db_text(k->filed_by)};

	return db_insert_id(c,
			    "INSERT INTO competition_correction (event_id, entry_id, aspect, "
			    "judge_id, value, reason, status, filed_at, filed_by) VALUES (?, ?, "
			    "?, ?, ?, ?, 'open', ?, ?) RETURNING id",
			    args, 8, id);
}

enum store_err store_comp_correction_get(struct store_conn *c, struct arena *a,
					 long long id, struct competition_correction *out)
{
	return one_by(c, a, "SELECT " CORR_COLS " WHERE id = ?", id, read_correction, out);
}

enum store_err store_comp_corrections(struct store_conn *c, struct arena *a,
				      long long event_id,
				      struct competition_correction **items, size_t *n)
{
	return all_by(c, a, "SELECT " CORR_COLS " WHERE event_id = ? ORDER BY id",
		      event_id, sizeof(**items), read_correction, (void **)items, n);
}

enum store_err store_comp_correction_decide(struct store_conn *c, long long id,
					    const char *status, const char *by,
					    const char *when)
{
	struct db_arg args[4] = {db_text(status), db_text(when), db_text(by), db_int(id)};

	return db_update_one(c,
			     "UPDATE competition_correction SET status = ?, decided_at = ?, "
			     "decided_by = ? WHERE id = ? AND status = 'open'",
			     args, 4);
}

/* ---- the results notice and its appeals ---- */

enum store_err store_comp_set_notice(struct store_conn *c, long long id,
				     const char *start, const char *end)
{
	struct db_arg args[3] = {db_text(start), db_text(end), db_int(id)};

	return db_exec(c,
		       "UPDATE competition SET notice_start = ?, notice_end = ? WHERE id = ?",
		       args, 3, NULL);
}

#define APPEAL_COLS \
	"id, competition_id, name, contact, body, status, resolution, created_at, " \
	"resolved_at, resolved_by FROM competition_appeal"

static bool read_appeal(struct db_res *r, struct arena *a, void *out)
{
#define C(m) COL(struct competition_appeal, m)
	static const struct col cols[] = {C(id),          C(competition_id),
					  C(name),        C(contact),
					  C(body),        C(status),
					  C(resolution),  C(created_at),
					  C(resolved_at), C(resolved_by)};
#undef C

	return read_cols(r, a, out, cols, sizeof(cols) / sizeof(cols[0]));
}

enum store_err store_comp_appeal_insert(struct store_conn *c,
					const struct competition_appeal *p, long long *id)
{
	struct db_arg args[5] = {db_int(p->competition_id), db_text(p->name),
				 db_text(nz(p->contact)), db_text(p->body),
				 db_text(p->created_at)};

	return db_insert_id(c,
			    "INSERT INTO competition_appeal (competition_id, name, contact, "
			    "body, status, resolution, created_at) VALUES (?, ?, ?, ?, 'open', "
			    "'', ?) RETURNING id",
			    args, 5, id);
}

enum store_err store_comp_appeals(struct store_conn *c, struct arena *a,
				  long long competition_id,
				  struct competition_appeal **items, size_t *n)
{
	return all_by(c, a, "SELECT " APPEAL_COLS " WHERE competition_id = ? ORDER BY id",
		      competition_id, sizeof(**items), read_appeal, (void **)items, n);
}

enum store_err store_comp_appeal_resolve(struct store_conn *c, long long competition_id,
					 long long id, const char *resolution,
					 const char *by, const char *when)
{
	struct db_arg args[5] = {db_text(resolution), db_text(when), db_text(by),
				 db_int(id), db_int(competition_id)};

	return db_update_one(c,
			     "UPDATE competition_appeal SET status = 'resolved', resolution = "
			     "?, resolved_at = ?, resolved_by = ? WHERE id = ? AND "
			     "competition_id = ? AND status = 'open'",
			     args, 5);
}

/* ---- the time each entry used (0029) ---- */

static bool read_time(struct db_res *r, struct arena *a, void *out)
{
	struct competition_time *t = out;

	t->entry_id = db_ll(r, 0);
	t->seconds = (int)db_ll(r, 1);
	t->updated_at = db_str(r, a, 2);
	t->updated_by = db_str(r, a, 3);
	t->event_id = db_ll(r, 4);
	return true;
}

enum store_err store_comp_time_put(struct store_conn *c, const struct competition_time *t)
{
	struct db_arg args[4] = {db_int(t->entry_id), db_int(t->seconds),
				 db_text(t->updated_at), db_text(t->updated_by)};

	return db_exec(c,
		       "INSERT INTO competition_time (entry_id, seconds, updated_at, "
		       "updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (entry_id) DO UPDATE "
		       "SET seconds = excluded.seconds, updated_at = excluded.updated_at, "
		       "updated_by = excluded.updated_by",
		       args, 4, NULL);
}

enum store_err store_comp_times(struct store_conn *c, struct arena *a, long long event_id,
				struct competition_time **items, size_t *n)
{
	struct db_arg arg = db_int(event_id);

	return db_collect(c,
			  "SELECT t.entry_id, t.seconds, t.updated_at, t.updated_by, "
			  "n.event_id FROM competition_time t JOIN competition_entry n ON "
			  "n.id = t.entry_id WHERE n.event_id = ? ORDER BY t.entry_id",
			  &arg, 1, a, sizeof(**items), read_time, (void **)items, n);
}
