/*
 * certificate.c - certificates, their events, signing keys and settings.
 * SQL written once with ? placeholders (store/db.h).
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

static const char *nz(const char *s) { return s ? s : ""; }

/* ---- signing keys ---- */

static bool read_key(struct db_res *r, struct arena *a, void *out)
{
	struct signing_key *k = out;

	k->kid = db_str(r, a, 0);
	k->public_key = db_str(r, a, 1);
	k->wrapped = db_str(r, a, 2);
	k->created_at = db_str(r, a, 3);
	k->retired_at = db_str(r, a, 4);
	return true;
}

enum store_err store_signing_key_insert(struct store_conn *c, const struct signing_key *k)
{
	struct db_arg args[4] = {db_text(k->kid), db_text(k->public_key),
				 db_text(k->wrapped), db_text(k->created_at)};

	return db_exec(c,
		       "INSERT INTO signing_key (kid, public_key, wrapped, created_at) "
		       "VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

enum store_err store_signing_keys(struct store_conn *c, struct arena *a,
				  struct signing_key **items, size_t *n)
{
	/* the signing key (not retired, newest) first */
	return db_collect(c,
			  "SELECT kid, public_key, wrapped, created_at, retired_at "
			  "FROM signing_key ORDER BY retired_at IS NOT NULL, "
			  "created_at DESC, kid",
			  NULL, 0, a, sizeof(**items), read_key, (void **)items, n);
}

enum store_err store_signing_key_retire_others(struct store_conn *c, const char *kid,
					       const char *now)
{
	struct db_arg args[2] = {db_text(now), db_text(kid)};

	return db_exec(c,
		       "UPDATE signing_key SET retired_at = ? WHERE kid <> ? AND "
		       "retired_at IS NULL",
		       args, 2, NULL);
}

/* ---- settings ---- */

static bool read_text(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_setting_get(struct store_conn *c, struct arena *a, const char *name,
				 const char **value)
{
	struct db_arg arg = db_text(name);

	return db_one(c, "SELECT value FROM setting WHERE name = ?", &arg, 1, a,
		      read_text, value);
}

enum store_err store_setting_put(struct store_conn *c, const char *name,
				 const char *value, const char *now)
{
	struct db_arg args[3] = {db_text(name), db_text(value), db_text(now)};

	return db_exec(c,
		       "INSERT INTO setting (name, value, updated_at) VALUES (?, ?, ?) "
		       "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
		       "updated_at = excluded.updated_at",
		       args, 3, NULL);
}

/* ---- certificates ---- */

#define CERT_COLS \
	"c.id, c.number, c.line, c.enrolment_id, c.plan_id, c.person_id, " \
	"c.institution_id, c.institution_name, c.institution_code, " \
	"c.province_code, c.site_code, c.holder_name, c.id_type, c.id_blind, " \
	"c.id_masked, c.occupation_code, c.occupation_name, c.work_type, " \
	"c.level, c.issued_on, c.scores, c.status, c.status_reason, " \
	"c.status_date, c.status_category, c.supersedes, c.superseded_by, c.status_index, c.kid, " \
	"c.credential, c.qr_token, c.created_at, i.status, i.valid_until, " \
	"s.number, coalesce(w.award, hn.category), coalesce(cp.competition_id, 0), " \
	"coalesce(k.name, cpc.name, hc.title, ''), coalesce(hn.campaign_id, 0), " \
	"coalesce(hk.name, ''), coalesce(hk.name_en, '')"
/* CERT_COLS without the credential, the QR token and the scores (long,
 * never shown by a public lookup); keep the two in step. */
#define CERT_COLS_PUBLIC \
	"c.id, c.number, c.line, c.enrolment_id, c.plan_id, c.person_id, " \
	"c.institution_id, c.institution_name, c.institution_code, " \
	"c.province_code, c.site_code, c.holder_name, c.id_type, c.id_blind, " \
	"c.id_masked, c.occupation_code, c.occupation_name, c.work_type, " \
	"c.level, c.issued_on, '', c.status, c.status_reason, " \
	"c.status_date, c.status_category, c.supersedes, c.superseded_by, c.status_index, c.kid, " \
	"'', '', c.created_at, i.status, i.valid_until, " \
	"s.number, coalesce(w.award, hn.category), coalesce(cp.competition_id, 0), " \
	"coalesce(k.name, cpc.name, hc.title, ''), coalesce(hn.campaign_id, 0), " \
	"coalesce(hk.name, ''), coalesce(hk.name_en, '')"
/* CERT_COLS for printing a plan: its QR tokens, none of its credentials
 * (2-3 KB each, never printed) or scores */
#define CERT_COLS_PRINT \
	"c.id, c.number, c.line, c.enrolment_id, c.plan_id, c.person_id, " \
	"c.institution_id, c.institution_name, c.institution_code, " \
	"c.province_code, c.site_code, c.holder_name, c.id_type, c.id_blind, " \
	"c.id_masked, c.occupation_code, c.occupation_name, c.work_type, " \
	"c.level, c.issued_on, '', c.status, c.status_reason, " \
	"c.status_date, c.status_category, c.supersedes, c.superseded_by, c.status_index, c.kid, " \
	"'', c.qr_token, c.created_at, i.status, i.valid_until, " \
	"s.number, coalesce(w.award, hn.category), coalesce(cp.competition_id, 0), " \
	"coalesce(k.name, cpc.name, hc.title, ''), coalesce(hn.campaign_id, 0), " \
	"coalesce(hk.name, ''), coalesce(hk.name_en, '')"
#define CERT_FROM \
	" FROM certificate c LEFT JOIN institution i ON i.id = c.institution_id " \
	"LEFT JOIN certificate s ON s.id = c.superseded_by " \
	"LEFT JOIN certificate_award w ON w.certificate_id = c.id " \
	"LEFT JOIN competition k ON k.id = w.competition_id " \
	"LEFT JOIN competition_promotion cp ON cp.certificate_id = c.id " \
	"LEFT JOIN competition cpc ON cpc.id = cp.competition_id " \
	"LEFT JOIN certificate_honour hn ON hn.certificate_id = c.id " \
	"LEFT JOIN commendation_campaign hc ON hc.id = hn.campaign_id " \
	"LEFT JOIN commendation_category hk ON hk.campaign_id = hn.campaign_id " \
	"AND hk.code = hn.category "

static bool read_cert(struct db_res *r, struct arena *a, void *out)
{
	struct certificate *x = out;
	int i = 0;

	x->id = db_ll(r, i++);
	x->number = db_str(r, a, i++);
	x->line = db_str(r, a, i++);
	x->enrolment_id = db_ll(r, i++);
	x->plan_id = db_ll(r, i++);
	x->person_id = db_ll(r, i++);
	x->institution_id = db_ll(r, i++);
	x->institution_name = db_str(r, a, i++);
	x->institution_code = db_str(r, a, i++);
	x->province_code = db_str(r, a, i++);
	x->site_code = db_str(r, a, i++);
	x->holder_name = db_str(r, a, i++);
	x->id_type = db_str(r, a, i++);
	x->id_blind = db_str(r, a, i++);
	x->id_masked = db_str(r, a, i++);
	x->occupation_code = db_str(r, a, i++);
	x->occupation_name = db_str(r, a, i++);
	x->work_type = db_str(r, a, i++);
	x->level = (int)db_ll(r, i++);
	x->issued_on = db_str(r, a, i++);
	x->scores = db_str(r, a, i++);
	x->status = db_str(r, a, i++);
	x->status_reason = db_str(r, a, i++);
	x->status_date = db_str(r, a, i++);
	x->status_category = db_str(r, a, i++);
	x->supersedes = db_ll(r, i++);
	x->superseded_by = db_ll(r, i++);
	x->status_index = db_ll(r, i++);
	x->kid = db_str(r, a, i++);
	x->credential = db_str(r, a, i++);
	x->qr_token = db_str(r, a, i++);
	x->created_at = db_str(r, a, i++);
	x->institution_status = db_str(r, a, i++);
	x->institution_valid_until = db_str(r, a, i++);
	x->superseded_by_number = db_str(r, a, i++);
	x->award = nz(db_str(r, a, i++));
	x->competition_id = db_ll(r, i++);
	x->competition_name = nz(db_str(r, a, i++));
	x->campaign_id = db_ll(r, i++);
	x->award_name = nz(db_str(r, a, i++));
	x->award_name_en = nz(db_str(r, a, i++));
	return true;
}

enum store_err store_cert_insert(struct store_conn *c, const struct certificate *x,
				 long long *id)
{
	/* two statements: the engine layer binds at most DB_MAX_ARGS (16)
	 * parameters. The row goes in with what is NOT NULL and what the
	 * unique indexes look at (enrolment_id with supersedes), the rest
	 * follows in the same transaction. */
	struct db_arg args[16] = {
		db_text(x->number),
		db_text(x->line),
		db_int_or_null(x->enrolment_id),
		db_int_or_null(x->plan_id),
		db_int_or_null(x->supersedes),
		db_text(x->institution_name),
		db_text(x->holder_name),
		db_text(x->id_type),
		db_text(x->id_blind),
		db_text(x->id_masked),
		db_text(x->occupation_code),
		db_text(x->occupation_name),
		db_int(x->level),
		db_text(x->issued_on),
		db_int(x->status_index),
		db_text(x->created_at),
	};
	struct db_arg rest[12];
	struct db_res r;
	int rc = db_query(c,
			  "INSERT INTO certificate (number, line, enrolment_id, plan_id, "
			  "supersedes, institution_name, holder_name, id_type, "
			  "id_blind, id_masked, occupation_code, occupation_name, "
			  "level, issued_on, status_index, created_at) VALUES (?, ?, "
			  "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			  args, 16, &r);

	if (rc)
		return rc;
	*id = db_next(&r) == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	if (!*id)
		return db_fail(c, "insert returned no id");
	rest[0] = db_int_or_null(x->person_id);
	rest[1] = db_int_or_null(x->institution_id);
	rest[2] = db_text(nz(x->institution_code));
	rest[3] = db_text(nz(x->province_code));
	rest[4] = db_text(nz(x->site_code));
	rest[5] = db_text(nz(x->work_type));
	rest[6] = db_text(nz(x->scores));
	rest[7] = db_text(*nz(x->status) ? x->status : "valid");
	rest[8] = db_text(nz(x->kid));
	rest[9] = db_text(nz(x->credential));
	rest[10] = db_text(nz(x->qr_token));
	rest[11] = db_int(*id);
	rc = db_exec(c,
		     "UPDATE certificate SET person_id = ?, institution_id = ?, "
		     "institution_code = ?, province_code = ?, site_code = ?, "
		     "work_type = ?, scores = ?, status = ?, kid = ?, credential = ?, "
		     "qr_token = ? WHERE id = ?",
		     rest, 12, NULL);
	if (rc)
		*id = 0;
	return rc;
}

/* The columns store_cert_insert_many writes, in its values' order. */
static const char *const cert_copy_cols[] = {
	"number",        "line",           "enrolment_id",     "plan_id",
	"person_id",     "institution_id", "institution_name", "institution_code",
	"province_code", "site_code",      "holder_name",      "id_type",
	"id_blind",      "id_masked",      "occupation_code",  "occupation_name",
	"work_type",     "level",          "issued_on",        "scores",
	"status",        "supersedes",     "status_index",     "kid",
	"credential",    "qr_token",       "created_at",
};
#define CERT_NCOPY ((int)(sizeof(cert_copy_cols) / sizeof(cert_copy_cols[0])))

/* An optional reference as text: NULL for 0. */
static const char *ref_text(struct arena *a, long long id)
{
	return id ? arena_printf(a, "%lld", id) : NULL;
}

enum store_err store_cert_insert_many(struct store_conn *c, struct arena *a,
				      const struct certificate *xs, size_t n)
{
	const char **v;

	if (!n)
		return STORE_OK;
	v = arena_alloc(a, n * CERT_NCOPY * sizeof(*v));
	if (!v)
		return db_fail(c, "out of memory");
	for (size_t i = 0; i < n; i++) {
		const struct certificate *x = &xs[i];
		const char **row = v + i * CERT_NCOPY;
		int k = 0;

		row[k++] = x->number;
		row[k++] = x->line;
		row[k++] = ref_text(a, x->enrolment_id);
		row[k++] = ref_text(a, x->plan_id);
		row[k++] = ref_text(a, x->person_id);
		row[k++] = ref_text(a, x->institution_id);
		row[k++] = x->institution_name;
		row[k++] = nz(x->institution_code);
		row[k++] = nz(x->province_code);
		row[k++] = nz(x->site_code);
		row[k++] = x->holder_name;
		row[k++] = x->id_type;
		row[k++] = x->id_blind;
		row[k++] = x->id_masked;
		row[k++] = x->occupation_code;
		row[k++] = x->occupation_name;
		row[k++] = nz(x->work_type);
		row[k++] = arena_printf(a, "%d", x->level);
		row[k++] = x->issued_on;
		row[k++] = nz(x->scores);
		row[k++] = *nz(x->status) ? x->status : "valid";
		row[k++] = ref_text(a, x->supersedes);
		row[k++] = arena_printf(a, "%lld", x->status_index);
		row[k++] = nz(x->kid);
		row[k++] = nz(x->credential);
		row[k++] = nz(x->qr_token);
		row[k++] = x->created_at;
	}
	return db_copy(c, "certificate", cert_copy_cols, CERT_NCOPY, v, n);
}

enum store_err store_cert_events_issued(struct store_conn *c, long long from,
					long long to, const char *actor, const char *at)
{
	struct db_arg args[4] = {db_text(actor), db_text(at), db_int(from), db_int(to)};

	return db_exec(c,
		       "INSERT INTO certificate_event (certificate_id, action, actor, at) "
		       "SELECT id, 'issued', ?, ? FROM certificate WHERE status_index >= ? "
		       "AND status_index <= ? ORDER BY status_index",
		       args, 4, NULL);
}

/* The signed parts, written once the id and number are known. */
enum store_err store_cert_set_signed(struct store_conn *c, long long id, const char *kid,
				     const char *credential, const char *qr_token)
{
	struct db_arg args[4] = {db_text(kid), db_text(credential), db_text(qr_token),
				 db_int(id)};

	return db_exec(c,
		       "UPDATE certificate SET kid = ?, credential = ?, qr_token = ? "
		       "WHERE id = ?",
		       args, 4, NULL);
}

enum store_err store_cert_get(struct store_conn *c, struct arena *a, long long id,
			      struct certificate *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " CERT_COLS CERT_FROM "WHERE c.id = ?", &arg, 1, a,
		      read_cert, out);
}

enum store_err store_cert_by_number(struct store_conn *c, struct arena *a,
				    const char *number, struct certificate *out)
{
	struct db_arg arg = db_text(number);

	return db_one(c, "SELECT " CERT_COLS CERT_FROM "WHERE c.number = ?", &arg, 1, a,
		      read_cert, out);
}

/* The certificate whose number is ? in any case (two arguments, both the
 * number): two legacy numbers may differ only in case, and then the one
 * spelled as typed wins, else the first. The choice is a minimum over the
 * index on upper(number), not a sort: no temporary b-tree per lookup. */
#define CERT_NUMBER_CI \
	"c.id = (SELECT min(CASE WHEN n.number = ? THEN 0 ELSE 4611686018427387904 END " \
	"+ n.id) % 4611686018427387904 FROM certificate n " \
	"WHERE upper(n.number) = upper(?))"

enum store_err store_cert_by_number_ci(struct store_conn *c, struct arena *a,
				       const char *number, struct certificate *out)
{
	struct db_arg args[2] = {db_text(number), db_text(number)};

	return db_one(c, "SELECT " CERT_COLS CERT_FROM "WHERE " CERT_NUMBER_CI, args, 2,
		      a, read_cert, out);
}

struct public_row {
	struct certificate *x;
	bool *shown;
};

static bool read_public(struct db_res *r, struct arena *a, void *out)
{
	struct public_row *p = out;

	read_cert(r, a, p->x);
	*p->shown = db_ll(r, 41) != 0;
	return true;
}

enum store_err store_cert_public_by_number_ci(struct store_conn *c, struct arena *a,
					      const char *number, struct certificate *out,
					      bool *photo_shown)
{
	struct db_arg args[2] = {db_text(number), db_text(number)};
	struct public_row row = {out, photo_shown};

	*photo_shown = false;
	return db_one(c,
		      "SELECT " CERT_COLS_PUBLIC ", CASE WHEN EXISTS (SELECT 1 FROM "
		      "certificate_photo_shown ps WHERE ps.certificate_id = c.id) THEN 1 "
		      "ELSE 0 END" CERT_FROM "WHERE " CERT_NUMBER_CI,
		      args, 2, a, read_public, &row);
}

enum store_err store_cert_by_holder(struct store_conn *c, struct arena *a,
				    const char *id_type, const char *id_blind,
				    struct certificate **items, size_t *n)
{
	struct db_arg args[2] = {db_text(id_type), db_text(id_blind)};

	return db_collect(c,
			  "SELECT " CERT_COLS CERT_FROM
			  "WHERE c.id_type = ? AND c.id_blind = ? ORDER BY c.issued_on, c.id",
			  args, 2, a, sizeof(**items), read_cert, (void **)items, n);
}

enum store_err store_cert_issued_between(struct store_conn *c, struct arena *a,
					 const char *from, const char *to,
					 struct certificate **items, size_t *n)
{
	struct db_arg args[2] = {db_text(from), db_text(to)};

	return db_collect(c,
			  "SELECT " CERT_COLS CERT_FROM
			  "WHERE c.issued_on >= ? AND c.issued_on <= ? AND c.status = 'valid' "
			  "ORDER BY c.issued_on, c.id",
			  args, 2, a, sizeof(**items), read_cert, (void **)items, n);
}

enum store_err store_cert_of_plan(struct store_conn *c, struct arena *a, long long plan_id,
				  bool print, struct certificate **items, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  print ? "SELECT " CERT_COLS_PRINT CERT_FROM
				  "WHERE c.plan_id = ? ORDER BY c.id"
				: "SELECT " CERT_COLS CERT_FROM
				  "WHERE c.plan_id = ? ORDER BY c.id",
			  &arg, 1, a, sizeof(**items), read_cert, (void **)items, n);
}

enum store_err store_cert_of_person(struct store_conn *c, struct arena *a,
				    long long person_id, struct certificate **items,
				    size_t *n)
{
	struct db_arg arg = db_int(person_id);

	return db_collect(c,
			  "SELECT " CERT_COLS CERT_FROM
			  "WHERE c.person_id = ? ORDER BY c.id DESC",
			  &arg, 1, a, sizeof(**items), read_cert, (void **)items, n);
}

enum store_err store_cert_count_plan(struct store_conn *c, long long plan_id, long long *n)
{
	struct db_arg arg = db_int(plan_id);
	struct db_res r;
	int rc = db_query(c,
			  "SELECT count(*) FROM certificate WHERE plan_id = ? AND "
			  "supersedes IS NULL",
			  &arg, 1, &r);

	if (rc)
		return rc;
	*n = db_next(&r) == 1 ? db_ll(&r, 0) : 0;
	db_done(&r);
	return STORE_OK;
}

enum store_err store_cert_list(struct store_conn *c, struct arena *a, const char *q,
			       long long limit, long long offset,
			       struct certificate **items, size_t *n)
{
	struct db_arg args[5] = {db_text(nz(q)), db_text(nz(q)), db_text(nz(q)),
				 db_int(limit), db_int(offset)};

	return db_collect(c,
			  "SELECT " CERT_COLS CERT_FROM
			  "WHERE ? = '' OR c.number = ? OR c.holder_name = ? "
			  "ORDER BY c.id DESC LIMIT ? OFFSET ?",
			  args, 5, a, sizeof(**items), read_cert, (void **)items, n);
}

enum store_err store_cert_set_status(struct store_conn *c, long long id,
				     const char *status, const char *reason,
				     const char *date, long long superseded_by)
{
	struct db_arg args[5] = {db_text(status), db_text(nz(reason)), db_text(date),
				 db_int_or_null(superseded_by), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE certificate SET status = ?, status_reason = ?, "
			 "status_date = ?, superseded_by = ? WHERE id = ?",
			 args, 5, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_cert_set_category(struct store_conn *c, long long id,
				       const char *category)
{
	struct db_arg args[2] = {db_text(nz(category)), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c, "UPDATE certificate SET status_category = ? WHERE id = ?",
			 args, 2, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_cert_event_insert(struct store_conn *c,
				       const struct certificate_event *e)
{
	struct db_arg args[6] = {db_int(e->certificate_id), db_text(e->action),
				 db_text(nz(e->reason)),    db_text(nz(e->doc_no)),
				 db_text(e->actor),         db_text(e->at)};

	return db_exec(c,
		       "INSERT INTO certificate_event (certificate_id, action, reason, "
		       "doc_no, actor, at) VALUES (?, ?, ?, ?, ?, ?)",
		       args, 6, NULL);
}

static bool read_event(struct db_res *r, struct arena *a, void *out)
{
	struct certificate_event *e = out;

	e->id = db_ll(r, 0);
	e->certificate_id = db_ll(r, 1);
	e->action = db_str(r, a, 2);
	e->reason = db_str(r, a, 3);
	e->doc_no = db_str(r, a, 4);
	e->actor = db_str(r, a, 5);
	e->at = db_str(r, a, 6);
	return true;
}

enum store_err store_cert_events(struct store_conn *c, struct arena *a, long long id,
				 struct certificate_event **items, size_t *n)
{
	struct db_arg arg = db_int(id);

	return db_collect(c,
			  "SELECT id, certificate_id, action, reason, doc_no, actor, at "
			  "FROM certificate_event WHERE certificate_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_event, (void **)items, n);
}

static bool read_ll(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_cert_status_indexes(struct store_conn *c, struct arena *a,
					 const char *status, long long from, long long to,
					 long long **items, size_t *n)
{
	struct db_arg args[3] = {db_text(status), db_int(from), db_int(to)};

	return db_collect(c,
			  "SELECT status_index FROM certificate WHERE status = ? AND "
			  "status_index >= ? AND status_index < ?",
			  args, 3, a, sizeof(**items), read_ll, (void **)items, n);
}

static bool read_candidate(struct db_res *r, struct arena *a, void *out)
{
	struct cert_candidate *k = out;

	k->enrolment_id = db_ll(r, 0);
	k->person_id = db_ll(r, 1);
	k->name = db_str(r, a, 2);
	k->id_type = db_str(r, a, 3);
	k->id_blind = db_str(r, a, 4);
	k->id_masked = db_str(r, a, 5);
	k->has_photo = db_ll(r, 6) != 0;
	return true;
}

enum store_err store_cert_candidates(struct store_conn *c, struct arena *a,
				     long long plan_id, struct cert_candidate **items,
				     size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT e.id, e.person_id, p.name, p.id_type, p.id_blind, "
			  "p.id_masked, CASE WHEN EXISTS (SELECT 1 FROM person_photo ph "
			  "WHERE ph.person_id = p.id) THEN 1 ELSE 0 END "
			  "FROM enrolment e JOIN result x ON "
			  "x.enrolment_id = e.id JOIN person p ON p.id = e.person_id "
			  "WHERE e.plan_id = ? AND x.outcome = 'pass' AND NOT EXISTS "
			  /* supersedes IS NULL: what lets the partial unique index
			   * certificate_enrolment answer (else every candidate
			   * scans the table); an enrolment's successors always
			   * come with its original, so nothing else changes */
			  "(SELECT 1 FROM certificate c WHERE c.enrolment_id = e.id "
			  "AND c.supersedes IS NULL) "
			  "ORDER BY e.id",
			  &arg, 1, a, sizeof(**items), read_candidate, (void **)items, n);
}

/* Takes the plan's row lock for the issuing transaction: a second issuer
 * of the same plan waits here, then sees the first one's certificates. */
enum store_err store_plan_lock(struct store_conn *c, long long plan_id)
{
	struct db_arg args[1] = {db_int(plan_id)};
	long long changed = 0;
	int rc = db_exec(c, "UPDATE plan SET updated_at = updated_at WHERE id = ?", args,
			 1, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}
