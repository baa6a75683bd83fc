/*
 * notify.c - password reset tokens (their digests only), the queue of
 * outgoing messages and the subsidy reminders already queued (issue 12). SQL written once for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

enum store_err store_reset_put(struct store_conn *c, long long user_id,
			       const char *token_hash, const char *at,
			       const char *expires_at)
{
	struct db_arg args[4] = {db_text(token_hash), db_int(user_id), db_text(at),
				 db_text(expires_at)};
	int rc = store_reset_clear_user(c, user_id);

	if (rc)
		return rc;
	return db_exec(c,
		       "INSERT INTO password_reset (token_hash, user_id, created_at, "
		       "expires_at) VALUES (?, ?, ?, ?)",
		       args, 4, NULL);
}

struct reset_row {
	long long user_id;
	const char *expires_at;
};

static bool read_reset(struct db_res *r, struct arena *a, void *out)
{
	struct reset_row *x = out;

	x->user_id = db_ll(r, 0);
	x->expires_at = db_str(r, a, 1);
	return true;
}

enum store_err store_reset_get(struct store_conn *c, struct arena *a, const char *token_hash,
			       long long *user_id, const char **expires_at)
{
	struct db_arg arg = db_text(token_hash);
	struct reset_row x = {0, NULL};
	int rc = db_one(c,
			"SELECT user_id, expires_at FROM password_reset WHERE token_hash = ?",
			&arg, 1, a, read_reset, &x);

	*user_id = x.user_id;
	*expires_at = x.expires_at;
	return rc;
}

static bool read_id(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_reset_take(struct store_conn *c, const char *token_hash,
				const char *now, long long *user_id)
{
	struct db_arg args[2] = {db_text(token_hash), db_text(now)};

	*user_id = 0;
	return db_one(c,
		      "DELETE FROM password_reset WHERE token_hash = ? AND expires_at > ? "
		      "RETURNING user_id",
		      args, 2, NULL, read_id, user_id);
}

enum store_err store_reset_clear_user(struct store_conn *c, long long user_id)
{
	struct db_arg arg = db_int(user_id);

	return db_exec(c, "DELETE FROM password_reset WHERE user_id = ?", &arg, 1, NULL);
}

#define NOTE_COLS \
	"id, channel, recipient, subject, body, created_at, attempts, next_at, " \
	"sent_at, last_error"

static bool read_note(struct db_res *r, struct arena *a, void *out)
{
	struct notification *m = out;

	m->id = db_ll(r, 0);
	m->channel = db_str(r, a, 1);
	m->recipient = db_str(r, a, 2);
	m->subject = db_str(r, a, 3);
	m->body = db_str(r, a, 4);
	m->created_at = db_str(r, a, 5);
	m->attempts = db_ll(r, 6);
	m->next_at = db_str(r, a, 7);
	m->sent_at = db_str(r, a, 8);
	m->last_error = db_str(r, a, 9);
	return true;
}

enum store_err store_notification_add(struct store_conn *c, const struct notification *m,
				      long long *id)
{
	struct db_arg args[7] = {db_text(m->channel),    db_text(m->recipient),
				 db_text(m->subject),    db_text(m->body),
				 db_text(m->created_at), db_text(m->next_at),
				 db_int(m->priority)};
	return db_insert_id(c,
			    "INSERT INTO notification (channel, recipient, subject, body, "
			    "created_at, attempts, next_at, priority) "
			    "VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
			    args, 7, id);
}

enum store_err store_notification_due(struct store_conn *c, struct arena *a,
				      const char *due, long long limit,
				      struct notification **items, size_t *n)
{
	struct db_arg args[2] = {db_text(due ? due : ""), db_int(limit)};

	if (!due)
		return db_collect(c,
				  "SELECT " NOTE_COLS
				  " FROM notification WHERE sent_at IS NULL "
				  "ORDER BY priority, id LIMIT ?",
				  args + 1, 1, a, sizeof(**items), read_note,
				  (void **)items, n);
	return db_collect(c,
			  "SELECT " NOTE_COLS " FROM notification WHERE sent_at IS NULL "
			  "AND next_at <= ? ORDER BY priority, id LIMIT ?",
			  args, 2, a, sizeof(**items), read_note, (void **)items, n);
}

enum store_err store_notification_claim(struct store_conn *c, long long id,
					const char *was_next, const char *next_at)
{
	struct db_arg args[3] = {db_text(next_at), db_int(id), db_text(was_next)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE notification SET attempts = attempts + 1, next_at = ? "
			 "WHERE id = ? AND sent_at IS NULL AND next_at = ?",
			 args, 3, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_CONFLICT;
}

enum store_err store_notification_done(struct store_conn *c, long long id, const char *at,
				       const char *error)
{
	struct db_arg args[3] = {db_text(error ? NULL : at), db_text(error), db_int(id)};

	return db_exec(c, "UPDATE notification SET sent_at = ?, last_error = ? WHERE id = ?",
		       args, 3, NULL);
}

enum store_err store_notification_list(struct store_conn *c, struct arena *a,
				       const char *status, long long limit,
				       struct notification **items, size_t *n)
{
	struct db_arg args[3] = {db_text(status), db_text(status), db_int(limit)};

	return db_collect(c,
			  "SELECT " NOTE_COLS " FROM notification WHERE ? = '' OR "
			  "(CASE WHEN sent_at IS NULL THEN 'queued' ELSE 'sent' END) = ? "
			  "ORDER BY id DESC LIMIT ?",
			  args, 3, a, sizeof(**items), read_note, (void **)items, n);
}

static bool read_flag(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(bool *)out = db_ll(r, 0) != 0;
	return true;
}

enum store_err store_reminder_exists(struct store_conn *c, long long certificate_id,
				     const char *window_last_day, bool *yes)
{
	struct db_arg args[2] = {db_int(certificate_id), db_text(window_last_day)};
	int rc;

	*yes = false;
	rc = db_one(c,
		    "SELECT 1 FROM notification_reminder WHERE certificate_id = ? "
		    "AND window_last_day = ?",
		    args, 2, NULL, read_flag, yes);
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

enum store_err store_reminder_add(struct store_conn *c, long long certificate_id,
				  const char *window_last_day, long long notification_id)
{
	struct db_arg args[3] = {db_int(certificate_id), db_text(window_last_day),
				 db_int(notification_id)};

	return db_exec(c,
		       "INSERT INTO notification_reminder (certificate_id, window_last_day, "
		       "notification_id) VALUES (?, ?, ?)",
		       args, 3, NULL);
}
