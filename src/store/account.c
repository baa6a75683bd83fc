/*
 * account.c - users, grants, sessions, API tokens and rate-limit counters.
 * SQL written once for both engines (see db.h).
 */
#include <string.h>

#include "store/db.h"

#define USER_COLS \
	"id, username, display_name, password_hash, must_change_password, " \
	"disabled, created_at, updated_at, person_id, email"

static bool read_user(struct db_res *r, struct arena *a, void *out)
{
	struct user *u = out;

	u->id = db_ll(r, 0);
	u->username = db_str(r, a, 1);
	u->display_name = db_str(r, a, 2);
	u->password_hash = db_str(r, a, 3);
	u->must_change_password = db_ll(r, 4) != 0;
	u->disabled = db_ll(r, 5) != 0;
	u->created_at = db_str(r, a, 6);
	u->updated_at = db_str(r, a, 7);
	u->person_id = db_ll(r, 8);
	u->email = db_str(r, a, 9);
	return true;
}

enum store_err store_user_insert(struct store_conn *c, const struct user *u, long long *id)
{
	struct db_arg args[7] = {
		db_text(u->username),
		db_text(u->display_name ? u->display_name : ""),
		db_text(u->password_hash),
		db_int(u->must_change_password),
		db_text(u->created_at),
		db_text(u->updated_at),
		db_int_or_null(u->person_id),
	};
	return db_insert_id(c,
			    "INSERT INTO app_user (username, display_name, password_hash, "
			    "must_change_password, disabled, created_at, updated_at, person_id) "
			    "VALUES (?, ?, ?, ?, 0, ?, ?, ?) RETURNING id",
			    args, 7, id);
}

enum store_err store_user_get(struct store_conn *c, struct arena *a, long long id,
			      struct user *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " USER_COLS " FROM app_user WHERE id = ?", &arg, 1, a,
		      read_user, out);
}

enum store_err store_user_by_name(struct store_conn *c, struct arena *a,
				  const char *username, struct user *out)
{
	struct db_arg arg = db_text(username);

	return db_one(c, "SELECT " USER_COLS " FROM app_user WHERE username = ?", &arg, 1,
		      a, read_user, out);
}

enum store_err store_user_set_disabled(struct store_conn *c, long long id, bool disabled,
				       const char *when)
{
	struct db_arg args[3] = {db_int(disabled ? 1 : 0), db_text(when), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c, "UPDATE app_user SET disabled = ?, updated_at = ? WHERE id = ?",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_user_set_password(struct store_conn *c, long long id,
				       const char *hash, int must_change, const char *when)
{
	struct db_arg args[4] = {db_text(hash), db_int(must_change), db_text(when),
				 db_int(id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE app_user SET password_hash = ?, "
			 "must_change_password = ?, updated_at = ? WHERE id = ?",
			 args, 4, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_user_list(struct store_conn *c, struct arena *a, struct user **items,
			       size_t *n)
{
	return db_collect(c, "SELECT " USER_COLS " FROM app_user ORDER BY username", NULL,
			  0, a, sizeof(**items), read_user, (void **)items, n);
}

enum store_err store_user_set_email(struct store_conn *c, long long id, const char *email,
				    const char *when)
{
	struct db_arg args[3] = {db_text(email), db_text(when), db_int(id)};
	long long changed = 0;
	int rc = db_exec(c, "UPDATE app_user SET email = ?, updated_at = ? WHERE id = ?",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_users_by_email(struct store_conn *c, struct arena *a,
				    const char *email, struct user **items, size_t *n)
{
	struct db_arg arg = db_text(email);

	return db_collect(c,
			  "SELECT " USER_COLS " FROM app_user WHERE LOWER(email) = LOWER(?) "
			  "ORDER BY id LIMIT 8",
			  &arg, 1, a, sizeof(**items), read_user, (void **)items, n);
}

enum store_err store_holders_with_email(struct store_conn *c, struct arena *a,
					struct user **items, size_t *n)
{
	return db_collect(c,
			  "SELECT " USER_COLS " FROM app_user WHERE person_id IS NOT NULL "
			  "AND email IS NOT NULL AND disabled = 0 ORDER BY id",
			  NULL, 0, a, sizeof(**items), read_user, (void **)items, n);
}

enum store_err store_grant_insert(struct store_conn *c, long long user_id,
				  const char *role, long long institution_id,
				  const char *when, long long *id)
{
	struct db_arg args[4] = {db_int(user_id), db_text(role),
				 db_int_or_null(institution_id), db_text(when)};
	return db_insert_id(c,
			    "INSERT INTO user_grant (user_id, role, institution_id, "
			    "created_at) VALUES (?, ?, ?, ?) RETURNING id",
			    args, 4, id);
}

enum store_err store_grant_delete(struct store_conn *c, long long user_id,
				  const char *role, long long institution_id)
{
	struct db_arg args[3] = {db_int(user_id), db_text(role), db_int(institution_id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "DELETE FROM user_grant WHERE user_id = ? AND role = ? "
			 "AND COALESCE(institution_id, 0) = ?",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

static bool read_grant(struct db_res *r, struct arena *a, void *out)
{
	struct grant *g = out;
	int role = role_parse(db_str(r, a, 1));

	if (role < 0)
		return false; /* a role this binary no longer knows grants nothing */
	g->id = db_ll(r, 0);
	g->role = (enum role)role;
	g->institution_id = db_ll(r, 2);
	return true;
}

enum store_err store_grants_of(struct store_conn *c, struct arena *a, long long user_id,
			       struct grant **items, size_t *n)
{
	struct db_arg arg = db_int(user_id);

	return db_collect(c,
			  "SELECT id, role, COALESCE(institution_id, 0) FROM user_grant "
			  "WHERE user_id = ? ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_grant, (void **)items, n);
}

enum store_err store_institution_ancestry(struct store_conn *c, long long id,
					  long long *out, size_t max, size_t *n)
{
	struct db_arg arg = db_int(id);
	struct db_res r;
	int rc, got;

	*n = 0;
	rc = db_query(c,
		      "WITH RECURSIVE up (id, parent_id, depth) AS ("
		      " SELECT id, parent_id, 0 FROM institution WHERE id = ?"
		      " UNION ALL"
		      " SELECT i.id, i.parent_id, up.depth + 1 FROM institution i"
		      " JOIN up ON i.id = up.parent_id WHERE up.depth < 64)"
		      " SELECT id FROM up ORDER BY depth",
		      &arg, 1, &r);
	if (rc)
		return rc;
	while ((got = db_next(&r)) == 1)
		if (*n < max)
			out[(*n)++] = db_ll(&r, 0);
	db_done(&r);
	if (got < 0)
		return STORE_ERROR;
	return *n ? STORE_OK : STORE_NOT_FOUND;
}

/* ---- sessions ---- */

static bool read_session(struct db_res *r, struct arena *a, void *out)
{
	struct session *s = out;

	s->token_hash = db_str(r, a, 0);
	s->user_id = db_ll(r, 1);
	s->csrf = db_str(r, a, 2);
	s->created_at = db_str(r, a, 3);
	s->last_seen = db_str(r, a, 4);
	s->expires_at = db_str(r, a, 5);
	s->address = db_str(r, a, 6);
	s->wrote_lsn = db_ll(r, 7);
	return true;
}

enum store_err store_session_insert(struct store_conn *c, const struct session *s)
{
	struct db_arg args[7] = {
		db_text(s->token_hash),
		db_int(s->user_id),
		db_text(s->csrf),
		db_text(s->created_at),
		db_text(s->last_seen),
		db_text(s->expires_at),
		db_text(s->address ? s->address : ""),
	};

	return db_exec(c,
		       "INSERT INTO session (token_hash, user_id, csrf, created_at, "
		       "last_seen, expires_at, address) VALUES (?, ?, ?, ?, ?, ?, ?)",
		       args, 7, NULL);
}

enum store_err store_session_get(struct store_conn *c, struct arena *a,
				 const char *token_hash, struct session *out)
{
	struct db_arg arg = db_text(token_hash);

	return db_one(c,
		      "SELECT token_hash, user_id, csrf, created_at, last_seen, "
		      "expires_at, address, wrote_lsn FROM session WHERE token_hash = ?",
		      &arg, 1, a, read_session, out);
}

enum store_err store_session_touch(struct store_conn *c, const char *token_hash,
				   const char *when)
{
	struct db_arg args[2] = {db_text(when), db_text(token_hash)};

	return db_exec(c, "UPDATE session SET last_seen = ? WHERE token_hash = ?", args,
		       2, NULL);
}

enum store_err store_session_wrote(struct store_conn *c, const char *token_hash,
				   long long lsn)
{
	struct db_arg args[2] = {db_int(lsn), db_text(token_hash)};

	return db_exec(c, "UPDATE session SET wrote_lsn = ? WHERE token_hash = ?", args,
		       2, NULL);
}

enum store_err store_session_delete(struct store_conn *c, const char *token_hash)
{
	struct db_arg arg = db_text(token_hash);

	return db_exec(c, "DELETE FROM session WHERE token_hash = ?", &arg, 1, NULL);
}

enum store_err store_session_delete_user(struct store_conn *c, long long user_id,
					 const char *keep_hash)
{
	struct db_arg args[2] = {db_int(user_id), db_text(keep_hash ? keep_hash : "")};

	return db_exec(c, "DELETE FROM session WHERE user_id = ? AND token_hash <> ?",
		       args, 2, NULL);
}

enum store_err store_session_purge(struct store_conn *c, const char *now)
{
	struct db_arg arg = db_text(now);

	return db_exec(c, "DELETE FROM session WHERE expires_at < ?", &arg, 1, NULL);
}

/* ---- API tokens ---- */

static bool read_token(struct db_res *r, struct arena *a, void *out)
{
	struct api_token *t = out;

	t->id = db_ll(r, 0);
	t->user_id = db_ll(r, 1);
	t->name = db_str(r, a, 2);
	t->created_at = db_str(r, a, 3);
	t->last_used_at = db_str(r, a, 4);
	t->revoked_at = db_str(r, a, 5);
	t->wrote_lsn = db_ll(r, 6);
	return true;
}

enum store_err store_token_insert(struct store_conn *c, long long user_id, const char *name,
				  const char *token_hash, const char *when, long long *id)
{
	struct db_arg args[4] = {db_int(user_id), db_text(name), db_text(token_hash),
				 db_text(when)};
	return db_insert_id(c,
			    "INSERT INTO api_token (user_id, name, token_hash, created_at) "
			    "VALUES (?, ?, ?, ?) RETURNING id",
			    args, 4, id);
}

#define TOKEN_COLS "id, user_id, name, created_at, last_used_at, revoked_at, wrote_lsn"

enum store_err store_token_by_hash(struct store_conn *c, struct arena *a,
				   const char *token_hash, struct api_token *out)
{
	struct db_arg arg = db_text(token_hash);

	return db_one(c,
		      "SELECT " TOKEN_COLS " FROM api_token "
		      "WHERE token_hash = ? AND revoked_at IS NULL",
		      &arg, 1, a, read_token, out);
}

enum store_err store_token_touch(struct store_conn *c, long long id, const char *when)
{
	struct db_arg args[2] = {db_text(when), db_int(id)};

	return db_exec(c, "UPDATE api_token SET last_used_at = ? WHERE id = ?", args, 2,
		       NULL);
}

enum store_err store_token_wrote(struct store_conn *c, long long id, long long lsn)
{
	struct db_arg args[2] = {db_int(lsn), db_int(id)};

	return db_exec(c, "UPDATE api_token SET wrote_lsn = ? WHERE id = ?", args, 2, NULL);
}

enum store_err store_token_list(struct store_conn *c, struct arena *a, long long user_id,
				struct api_token **items, size_t *n)
{
	struct db_arg arg = db_int(user_id);

	return db_collect(c,
			  "SELECT " TOKEN_COLS " FROM api_token WHERE user_id = ? "
			  "ORDER BY id",
			  &arg, 1, a, sizeof(**items), read_token, (void **)items, n);
}

enum store_err store_token_revoke(struct store_conn *c, long long user_id, long long id,
				  const char *when)
{
	struct db_arg args[3] = {db_text(when), db_int(id), db_int(user_id)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE api_token SET revoked_at = ? WHERE id = ? AND "
			 "user_id = ? AND revoked_at IS NULL",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_NOT_FOUND;
}

enum store_err store_token_revoke_user(struct store_conn *c, long long user_id,
				       const char *when, long long *n)
{
	struct db_arg args[2] = {db_text(when), db_int(user_id)};

	*n = 0;
	return db_exec(c,
		       "UPDATE api_token SET revoked_at = ? WHERE user_id = ? AND "
		       "revoked_at IS NULL",
		       args, 2, n);
}

/* ---- rate limits ---- */

enum store_err store_rate_get(struct store_conn *c, const char *key, struct rate_state *out)
{
	struct db_arg arg = db_text(key);
	struct db_res r;
	int rc = db_query(c,
			  "SELECT failures, window_start, last_failure FROM rate_limit "
			  "WHERE key = ?",
			  &arg, 1, &r),
	    got;

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	got = db_next(&r);
	if (got == 1) {
		out->failures = (int)db_ll(&r, 0);
		out->window_start = db_ll(&r, 1);
		out->last_failure = db_ll(&r, 2);
	}
	db_done(&r);
	return got < 0 ? STORE_ERROR : STORE_OK;
}

enum store_err store_rate_put(struct store_conn *c, const char *key,
			      const struct rate_state *s)
{
	struct db_arg args[4] = {db_text(key), db_int(s->failures),
				 db_int(s->window_start), db_int(s->last_failure)};

	return db_exec(c,
		       "INSERT INTO rate_limit (key, failures, window_start, "
		       "last_failure) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE "
		       "SET failures = excluded.failures, "
		       "window_start = excluded.window_start, "
		       "last_failure = excluded.last_failure",
		       args, 4, NULL);
}

enum store_err store_rate_clear(struct store_conn *c, const char *key)
{
	struct db_arg arg = db_text(key);

	return db_exec(c, "DELETE FROM rate_limit WHERE key = ?", &arg, 1, NULL);
}

/* ---- holder accounts (issue 12): shared certificates ---- */

static bool read_text0(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

static bool read_id0(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_share_get(struct store_conn *c, struct arena *a,
			       long long certificate_id, const char **share_id)
{
	struct db_arg arg = db_int(certificate_id);

	*share_id = NULL;
	return db_one(c, "SELECT share_id FROM certificate_share WHERE certificate_id = ?",
		      &arg, 1, a, read_text0, share_id);
}

enum store_err store_share_find(struct store_conn *c, struct arena *a,
				const char *share_id, long long *certificate_id)
{
	struct db_arg arg = db_text(share_id);

	*certificate_id = 0;
	return db_one(c, "SELECT certificate_id FROM certificate_share WHERE share_id = ?",
		      &arg, 1, a, read_id0, certificate_id);
}

enum store_err store_share_put(struct store_conn *c, long long certificate_id,
			       const char *share_id, const char *at)
{
	struct db_arg args[3] = {db_int(certificate_id), db_text(share_id), db_text(at)};

	return db_exec(c,
		       "INSERT INTO certificate_share (certificate_id, share_id, created_at) "
		       "VALUES (?, ?, ?)",
		       args, 3, NULL);
}

enum store_err store_share_delete(struct store_conn *c, long long certificate_id)
{
	struct db_arg arg = db_int(certificate_id);

	return db_exec(c, "DELETE FROM certificate_share WHERE certificate_id = ?", &arg,
		       1, NULL);
}

/* ---- claim codes (issue 12): an enrolment's code, kept as its hash ---- */

static bool read_claimant(struct db_res *r, struct arena *a, void *out)
{
	struct store_claimant *k = out;

	k->person_id = db_ll(r, 0);
	k->name = db_str(r, a, 1);
	k->id_type = db_str(r, a, 2);
	k->id_blind = db_str(r, a, 3);
	return true;
}

enum store_err store_claim_code_put(struct store_conn *c, long long enrolment_id,
				    const char *code_hash, const char *at)
{
	struct db_arg args[3] = {db_int(enrolment_id), db_text(code_hash), db_text(at)};
	enum store_err rc;

	rc = db_exec(c, "DELETE FROM enrolment_claim WHERE enrolment_id = ?", args, 1, NULL);
	if (rc)
		return rc;
	return db_exec(c,
		       "INSERT INTO enrolment_claim (enrolment_id, code_hash, created_at) "
		       "VALUES (?, ?, ?)",
		       args, 3, NULL);
}

enum store_err store_claim_code_find(struct store_conn *c, struct arena *a,
				     const char *code_hash, struct store_claimant *out)
{
	struct db_arg arg = db_text(code_hash);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT p.id, p.name, p.id_type, p.id_blind FROM enrolment_claim k "
		      "JOIN enrolment e ON e.id = k.enrolment_id "
		      "JOIN person p ON p.id = e.person_id "
		      "WHERE k.code_hash = ? AND e.status <> 'withdrawn'",
		      &arg, 1, a, read_claimant, out);
}

/* ---- a holder's results (issue 12) ---- */

static bool read_my_result(struct db_res *r, struct arena *a, void *out)
{
	struct store_my_result *m = out;

	m->enrolment_id = db_ll(r, 0);
	m->plan_id = db_ll(r, 1);
	m->outcome = db_str(r, a, 2);
	return true;
}

static bool read_my_component(struct db_res *r, struct arena *a, void *out)
{
	struct component_row *m = out;

	memset(m, 0, sizeof(*m));
	m->enrolment_id = db_ll(r, 0);
	m->component = db_str(r, a, 1);
	m->tenths = r->conn->eng->col(r, 2) ? (int)db_ll(r, 2) : -1;
	m->status = db_str(r, a, 3);
	return true;
}

enum store_err store_results_of_person(struct store_conn *c, struct arena *a,
				       long long person_id,
				       struct store_my_result **items, size_t *n)
{
	struct db_arg arg = db_int(person_id);

	return db_collect(c,
			  "SELECT e.id, e.plan_id, COALESCE(r.outcome, '') FROM enrolment e "
			  "JOIN plan p ON p.id = e.plan_id "
			  "LEFT JOIN result r ON r.enrolment_id = e.id "
			  "WHERE e.person_id = ? AND e.status <> 'withdrawn' "
			  "AND p.status IN ('under_notice', 'closed') ORDER BY e.id DESC",
			  &arg, 1, a, sizeof(**items), read_my_result, (void **)items, n);
}

enum store_err store_components_of_enrolment(struct store_conn *c, struct arena *a,
					     long long enrolment_id,
					     struct component_row **items, size_t *n)
{
	struct db_arg arg = db_int(enrolment_id);

	return db_collect(c,
			  "SELECT enrolment_id, component, tenths, status FROM component_result "
			  "WHERE enrolment_id = ? ORDER BY component",
			  &arg, 1, a, sizeof(**items), read_my_component, (void **)items,
			  n);
}

enum store_err store_tickets_of_person(struct store_conn *c, struct arena *a,
				       long long person_id,
				       struct store_my_result **items, size_t *n)
{
	struct db_arg arg = db_int(person_id);

	return db_collect(c,
			  "SELECT e.id, e.plan_id, '' FROM enrolment e "
			  "JOIN plan p ON p.id = e.plan_id "
			  "WHERE e.person_id = ? AND e.status <> 'withdrawn' "
			  "AND p.status IN ('approved', 'in_progress') ORDER BY e.id DESC",
			  &arg, 1, a, sizeof(**items), read_my_result, (void **)items, n);
}

/* ---- skill-upgrade subsidy claims (issue 12) ---- */

static bool read_subsidy_claim(struct db_res *r, struct arena *a, void *out)
{
	struct subsidy_claim *m = out;

	memset(m, 0, sizeof(*m));
	m->id = db_ll(r, 0);
	m->certificate_id = db_ll(r, 1);
	m->person_id = db_ll(r, 2);
	m->province = db_str(r, a, 3);
	m->claimed_on = db_str(r, a, 4);
	m->amount = db_str(r, a, 5);
	m->recorded_by = db_str(r, a, 6);
	m->recorded_at = db_str(r, a, 7);
	m->note = db_str(r, a, 8);
	m->certificate_number = db_str(r, a, 9);
	m->occupation_code = db_str(r, a, 10);
	m->level = (int)db_ll(r, 11);
	m->institution_id = db_ll(r, 12);
	m->voided_at = db_str(r, a, 13);
	m->voided_by = db_str(r, a, 14);
	m->void_reason = db_str(r, a, 15);
	return true;
}

enum store_err store_subsidy_claim_add(struct store_conn *c,
				       const struct subsidy_claim *in, long long *id)
{
	struct db_arg args[8] = {db_int(in->certificate_id), db_int(in->person_id),
				 db_text(in->province),      db_text(in->claimed_on),
				 db_text(in->amount),        db_text(in->recorded_by),
				 db_text(in->recorded_at),   db_text(in->note)};
	return db_insert_id(c,
			    "INSERT INTO subsidy_claim (certificate_id, person_id, province, "
			    "claimed_on, amount, recorded_by, recorded_at, note) "
			    "VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
			    args, 8, id);
}

enum store_err store_subsidy_claim_void(struct store_conn *c, long long certificate_id,
					long long id, const char *by, const char *at,
					const char *reason)
{
	struct db_arg args[5] = {db_text(at), db_text(by), db_text(reason), db_int(id),
				 db_int(certificate_id)};
	long long changed = 0, got = 0;
	enum store_err rc = db_exec(c,
				    "UPDATE subsidy_claim SET voided_at = ?, voided_by = ?, "
				    "void_reason = ? WHERE id = ? AND certificate_id = ? "
				    "AND voided_at IS NULL",
				    args, 5, &changed);

	if (rc || changed)
		return rc;
	rc = db_one(c, "SELECT id FROM subsidy_claim WHERE id = ? AND certificate_id = ?",
		    args + 3, 2, NULL, read_id0, &got);
	return rc ? rc : STORE_CONFLICT;
}

enum store_err store_subsidy_claims_of_person(struct store_conn *c, struct arena *a,
					      long long person_id,
					      struct subsidy_claim **items, size_t *n)
{
	struct db_arg arg = db_int(person_id);

	return db_collect(c,
			  "SELECT s.id, s.certificate_id, s.person_id, s.province, "
			  "s.claimed_on, s.amount, s.recorded_by, s.recorded_at, s.note, "
			  "x.number, x.occupation_code, x.level, x.institution_id, "
			  "COALESCE(s.voided_at, ''), COALESCE(s.voided_by, ''), "
			  "COALESCE(s.void_reason, '') FROM subsidy_claim s "
			  "JOIN certificate x ON x.id = s.certificate_id "
			  "WHERE s.person_id = ? ORDER BY s.claimed_on, s.id",
			  &arg, 1, a, sizeof(**items), read_subsidy_claim, (void **)items,
			  n);
}

/* ---- holder accounts (issue 12): the photo switch ---- */

enum store_err store_photo_shown_get(struct store_conn *c, long long certificate_id, bool *on)
{
	struct db_arg arg = db_int(certificate_id);
	long long got = 0;
	enum store_err rc;

	*on = false;
	rc = db_one(c,
		    "SELECT certificate_id FROM certificate_photo_shown WHERE certificate_id = ?",
		    &arg, 1, NULL, read_id0, &got);
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	*on = rc == STORE_OK;
	return rc;
}

enum store_err store_photo_shown_set(struct store_conn *c, long long certificate_id,
				     bool on, const char *at)
{
	struct db_arg args[2] = {db_int(certificate_id), db_text(at)};
	enum store_err rc =
		db_exec(c, "DELETE FROM certificate_photo_shown WHERE certificate_id = ?",
			args, 1, NULL);

	if (rc || !on)
		return rc;
	return db_exec(c,
		       "INSERT INTO certificate_photo_shown (certificate_id, created_at) "
		       "VALUES (?, ?)",
		       args, 2, NULL);
}

/* ---- holder accounts (issue 12): requests about a certificate ---- */

#define REQUEST_COLS \
	"r.id, r.certificate_id, c.institution_id, c.person_id, c.number, " \
	"c.holder_name, r.kind, r.field, r.detail, r.status, r.reason, " \
	"r.created_at, r.decided_by, r.decided_at " \
	"FROM certificate_request r JOIN certificate c ON c.id = r.certificate_id "

static bool read_request(struct db_res *r, struct arena *a, void *out)
{
	struct cert_request *x = out;

	x->id = db_ll(r, 0);
	x->certificate_id = db_ll(r, 1);
	x->institution_id = db_ll(r, 2);
	x->person_id = db_ll(r, 3);
	x->number = db_str(r, a, 4);
	x->holder_name = db_str(r, a, 5);
	x->kind = db_str(r, a, 6);
	x->field = db_str(r, a, 7);
	x->detail = db_str(r, a, 8);
	x->status = db_str(r, a, 9);
	x->reason = db_str(r, a, 10);
	x->created_at = db_str(r, a, 11);
	x->decided_by = db_str(r, a, 12);
	x->decided_at = db_str(r, a, 13);
	return true;
}

enum store_err store_request_add(struct store_conn *c, long long certificate_id,
				 const char *kind, const char *field, const char *detail,
				 const char *at, long long *id)
{
	struct db_arg args[5] = {db_int(certificate_id), db_text(kind), db_text(field),
				 db_text(detail), db_text(at)};
	return db_insert_id(c,
			    "INSERT INTO certificate_request (certificate_id, kind, field, "
			    "detail, status, reason, created_at) "
			    "VALUES (?, ?, ?, ?, 'open', '', ?) RETURNING id",
			    args, 5, id);
}

enum store_err store_request_list(struct store_conn *c, struct arena *a, long long person_id,
				  long long institution_id, const char *status,
				  struct cert_request **items, size_t *n)
{
	struct db_arg args[3] = {db_int(person_id ? person_id : institution_id),
				 db_text(status), db_text(status)};

	return db_collect(c,
			  person_id ? "SELECT " REQUEST_COLS "WHERE c.person_id = ? "
				      "AND (? = '' OR r.status = ?) ORDER BY r.id DESC"
				    : "SELECT " REQUEST_COLS "WHERE c.institution_id = ? "
				      "AND (? = '' OR r.status = ?) ORDER BY r.id DESC",
			  args, 3, a, sizeof(**items), read_request, (void **)items, n);
}

enum store_err store_request_get(struct store_conn *c, struct arena *a, long long id,
				 struct cert_request *out)
{
	struct db_arg arg = db_int(id);

	return db_one(c, "SELECT " REQUEST_COLS "WHERE r.id = ?", &arg, 1, a,
		      read_request, out);
}

enum store_err store_request_decide(struct store_conn *c, long long id, const char *status,
				    const char *reason, const char *by, const char *at)
{
	struct db_arg args[5] = {db_text(status), db_text(reason), db_text(by),
				 db_text(at), db_int(id)};
	long long changes = 0;
	int rc = db_exec(c,
			 "UPDATE certificate_request SET status = ?, reason = ?, decided_by = ?, "
			 "decided_at = ? WHERE id = ? AND status = 'open'",
			 args, 5, &changes);

	if (rc)
		return rc;
	return changes == 1 ? STORE_OK : STORE_CONFLICT;
}
