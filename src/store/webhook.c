/*
 * webhook.c - webhook subscriptions, events and their deliveries (issue
 * 18, migration 0039). SQL written once for both engines (db.h).
 */
#include <stdio.h>
#include <string.h>

#include "store/db.h"

#define SUB_COLS \
	"s.id, s.institution_id, s.url, s.secret_sealed, s.events, s.description, " \
	"s.active, s.created_by, s.created_at, s.updated_at, " \
	"COALESCE((SELECT i.name FROM institution i WHERE i.id = s.institution_id), '')"

static bool read_sub(struct db_res *r, struct arena *a, void *out)
{
	struct webhook_sub *s = out;

	s->id = db_ll(r, 0);
	s->institution_id = db_ll(r, 1);
	s->url = db_str(r, a, 2);
	s->secret_sealed = db_str(r, a, 3);
	s->events = db_str(r, a, 4);
	s->description = db_str(r, a, 5);
	s->active = db_ll(r, 6) != 0;
	s->created_by = db_str(r, a, 7);
	s->created_at = db_str(r, a, 8);
	s->updated_at = db_str(r, a, 9);
	s->institution_name = db_str(r, a, 10);
	return true;
}

enum store_err store_webhook_sub_insert(struct store_conn *c, const struct webhook_sub *s,
					long long *id)
{
	struct db_arg args[9] = {db_int_or_null(s->institution_id),
				 db_text(s->url),
				 db_text(s->secret_sealed),
				 db_text(s->events),
				 db_text(s->description ? s->description : ""),
				 db_int(s->active ? 1 : 0),
				 db_text(s->created_by),
				 db_text(s->created_at),
				 db_text(s->created_at)};

	return db_insert_id(c,
			    "INSERT INTO webhook_subscription (institution_id, url, "
			    "secret_sealed, events, description, active, created_by, "
			    "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 9, id);
}

enum store_err store_webhook_sub_get(struct store_conn *c, struct arena *a, long long id,
				     struct webhook_sub *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT " SUB_COLS " FROM webhook_subscription s WHERE s.id = ? "
		      "AND s.removed_at IS NULL",
		      &arg, 1, a, read_sub, out);
}

enum store_err store_webhook_sub_list(struct store_conn *c, struct arena *a,
				      struct webhook_sub **items, size_t *n)
{
	return db_collect(c,
			  "SELECT " SUB_COLS " FROM webhook_subscription s WHERE "
			  "s.removed_at IS NULL ORDER BY s.id",
			  NULL, 0, a, sizeof(**items), read_sub, (void **)items, n);
}

enum store_err store_webhook_sub_update(struct store_conn *c, const struct webhook_sub *s)
{
	struct db_arg args[6] = {db_text(s->url),         db_text(s->events),
				 db_text(s->description), db_int(s->active ? 1 : 0),
				 db_text(s->updated_at),  db_int(s->id)};

	return db_update_one(c,
			     "UPDATE webhook_subscription SET url = ?, events = ?, "
			     "description = ?, active = ?, updated_at = ? WHERE id = ? "
			     "AND removed_at IS NULL",
			     args, 6);
}

enum store_err store_webhook_sub_secret(struct store_conn *c, long long id,
					const char *sealed, const char *at)
{
	struct db_arg args[3] = {db_text(sealed), db_text(at), db_int(id)};

	return db_update_one(c,
			     "UPDATE webhook_subscription SET secret_sealed = ?, updated_at = ? "
			     "WHERE id = ? AND removed_at IS NULL",
			     args, 3);
}

enum store_err store_webhook_sub_remove(struct store_conn *c, long long id, const char *at)
{
	struct db_arg args[3] = {db_text(at), db_text(at), db_int(id)};
	int rc = db_update_one(c,
			       "UPDATE webhook_subscription SET removed_at = ?, active = 0, "
			       "updated_at = ? WHERE id = ? AND removed_at IS NULL",
			       args, 3);

	if (rc)
		return rc;
	return db_exec(c,
		       "UPDATE webhook_delivery SET state = 'failed', last_error = "
		       "'the subscription was removed' WHERE subscription_id = ? AND "
		       "state = 'pending'",
		       args + 2, 1, NULL);
}

static bool read_ll(struct db_res *r, struct arena *a, void *out)
{
	(void)a;
	*(long long *)out = db_ll(r, 0);
	return true;
}

enum store_err store_webhook_any_active(struct store_conn *c, bool *yes)
{
	long long one = 0;
	int rc = db_one(c,
			"SELECT 1 FROM webhook_subscription WHERE active = 1 AND "
			"removed_at IS NULL LIMIT 1",
			NULL, 0, NULL, read_ll, &one);

	*yes = rc == STORE_OK && one;
	return rc == STORE_NOT_FOUND ? STORE_OK : rc;
}

enum store_err store_webhook_event_add(struct store_conn *c, const char *kind,
				       long long institution_id, const char *object_type,
				       const char *object_id, const char *payload,
				       const char *at, long long *id)
{
	struct db_arg args[6] = {db_text(kind),        db_int_or_null(institution_id),
				 db_text(object_type), db_text(object_id),
				 db_text(payload),     db_text(at)};

	return db_insert_id(c,
			    "INSERT INTO webhook_event (kind, institution_id, object_type, "
			    "object_id, payload, created_at) VALUES (?, ?, ?, ?, ?, ?) "
			    "RETURNING id",
			    args, 6, id);
}

/* The subscriptions that take an event of kind ?1 of an institution whose
 * ancestry is ?2 (",3,17,"; "" for the network's own events). */
#define COVERS \
	"s.active = 1 AND s.removed_at IS NULL AND (s.events = '*' OR s.events LIKE " \
	"('%,' || ? || ',%')) AND (s.institution_id IS NULL OR ? LIKE ('%,' || " \
	"CAST(s.institution_id AS TEXT) || ',%'))"

enum store_err store_webhook_fanout(struct store_conn *c, long long event_id,
				    const char *kind, const char *ancestry, const char *at)
{
	struct db_arg args[5] = {db_int(event_id), db_text(at), db_text(at),
				 db_text(kind), db_text(ancestry)};

	return db_exec(c,
		       "INSERT INTO webhook_delivery (subscription_id, event_id, state, "
		       "next_at, created_at) SELECT s.id, CAST(? AS BIGINT), 'pending', ?, ? "
		       "FROM webhook_subscription s WHERE " COVERS " ORDER BY s.id",
		       args, 5, NULL);
}

enum store_err store_webhook_deliver_to(struct store_conn *c, long long event_id,
					long long subscription_id, const char *at,
					long long *id)
{
	struct db_arg args[4] = {db_int(subscription_id), db_int(event_id), db_text(at),
				 db_text(at)};

	return db_insert_id(c,
			    "INSERT INTO webhook_delivery (subscription_id, event_id, state, "
			    "next_at, created_at) VALUES (?, ?, 'pending', ?, ?) RETURNING id",
			    args, 4, id);
}

/* certificate.issued's payload of the certificate x, as JSON built by the
 * engine (quotes and backslashes escaped). */
#define ISSUED_SQLITE \
	"json_object('certificate_id', x.id, 'number', x.number, 'status', x.status, " \
	"'plan_id', x.plan_id, 'institution_id', x.institution_id, 'occupation_code', " \
	"COALESCE(x.occupation_code, ''), 'level', x.level, 'issued_on', " \
	"COALESCE(x.issued_on, ''))"
#define ISSUED_PG \
	"CAST(json_build_object('certificate_id', x.id, 'number', x.number, 'status', " \
	"x.status, 'plan_id', x.plan_id, 'institution_id', x.institution_id, " \
	"'occupation_code', COALESCE(x.occupation_code, ''), 'level', x.level, " \
	"'issued_on', COALESCE(x.issued_on, '')) AS TEXT)"
#define ISSUED_INSERT(payload) \
	"INSERT INTO webhook_event (kind, institution_id, object_type, object_id, " \
	"payload, created_at) SELECT 'certificate.issued', x.institution_id, " \
	"'certificate', CAST(x.id AS TEXT), " payload ", ? FROM certificate x WHERE " \
	"(? > 0 AND x.plan_id = ? AND x.id > ?) OR (? = 0 AND x.id = ?) ORDER BY x.id"

/* certificate.issued events of the plan's certificates after after_cert_id
 * (plan_id > 0), or of the certificate after_cert_id (plan_id 0), with
 * their deliveries. */
static enum store_err issued(struct store_conn *c, long long plan_id, long long cert_id,
			     const char *ancestry, const char *created, const char *at)
{
	static const char ev_sqlite[] = ISSUED_INSERT(ISSUED_SQLITE),
			  ev_pg[] = ISSUED_INSERT(ISSUED_PG);
	struct db_arg ev[6] = {db_text(created), db_int(plan_id), db_int(plan_id),
			       db_int(cert_id),  db_int(plan_id), db_int(cert_id)};
	struct db_arg dv[10] = {
		db_text(at),       db_text(at),     db_text("certificate.issued"),
		db_text(ancestry), db_int(0),       db_int(plan_id),
		db_int(plan_id),   db_int(cert_id), db_int(plan_id),
		db_int(cert_id)};
	long long last_event = 0;
	int rc = db_one(c, "SELECT COALESCE(MAX(id), 0) FROM webhook_event", NULL, 0,
			NULL, read_ll, &last_event);

	if (rc)
		return rc;
	rc = db_exec(c, c->eng == &db_pg ? ev_pg : ev_sqlite, ev, 6, NULL);
	if (rc)
		return rc;
	dv[4] = db_int(last_event);
	return db_exec(c,
		       "INSERT INTO webhook_delivery (subscription_id, event_id, state, "
		       "next_at, created_at) SELECT s.id, e.id, 'pending', ?, ? FROM "
		       "webhook_event e, webhook_subscription s WHERE " COVERS
		       " AND e.id > ? AND e.kind = 'certificate.issued' AND e.object_type "
		       "= 'certificate' AND e.object_id IN (SELECT CAST(x.id AS TEXT) FROM "
		       "certificate x WHERE (? > 0 AND x.plan_id = ? AND x.id > ?) OR (? = 0 "
		       "AND x.id = ?)) ORDER BY e.id, s.id",
		       dv, 10, NULL);
}

enum store_err store_webhook_issued_bulk(struct store_conn *c, long long plan_id,
					 long long after_cert_id, const char *ancestry,
					 const char *created, const char *at)
{
	return issued(c, plan_id, after_cert_id, ancestry, created, at);
}

enum store_err store_webhook_issued_one(struct store_conn *c, long long cert_id,
					const char *ancestry, const char *created,
					const char *at)
{
	return issued(c, 0, cert_id, ancestry, created, at);
}

enum store_err store_webhook_last_cert(struct store_conn *c, long long *id)
{
	*id = 0;
	return db_one(c, "SELECT COALESCE(MAX(id), 0) FROM certificate", NULL, 0, NULL,
		      read_ll, id);
}

#define DELIVERY_COLS \
	"d.id, d.subscription_id, d.event_id, d.state, d.attempts, d.next_at, " \
	"d.last_status, d.last_error, d.delivered_at, d.created_at, e.kind, " \
	"e.payload, e.created_at, s.url, s.secret_sealed"

static bool read_delivery(struct db_res *r, struct arena *a, void *out)
{
	struct webhook_delivery *d = out;

	d->id = db_ll(r, 0);
	d->subscription_id = db_ll(r, 1);
	d->event_id = db_ll(r, 2);
	d->state = db_str(r, a, 3);
	d->attempts = db_ll(r, 4);
	d->next_at = db_str(r, a, 5);
	d->last_status = db_ll(r, 6);
	d->last_error = db_str(r, a, 7);
	d->delivered_at = db_str(r, a, 8);
	d->created_at = db_str(r, a, 9);
	d->kind = db_str(r, a, 10);
	d->payload = db_str(r, a, 11);
	d->event_created_at = db_str(r, a, 12);
	d->url = db_str(r, a, 13);
	d->secret_sealed = db_str(r, a, 14);
	return true;
}

enum store_err store_webhook_heads(struct store_conn *c, struct arena *a, const char *now,
				   long long limit, struct webhook_delivery **items,
				   size_t *n)
{
	struct db_arg args[3] = {db_text(now), db_text(now), db_int(limit)};

	return db_collect(c,
			  "SELECT " DELIVERY_COLS " FROM webhook_subscription s JOIN "
			  "webhook_delivery d ON d.id = (SELECT MIN(x.id) FROM "
			  "webhook_delivery x WHERE x.subscription_id = s.id AND x.state = "
			  "'pending') JOIN webhook_event e ON e.id = d.event_id WHERE "
			  "s.active = 1 AND s.removed_at IS NULL AND d.next_at <= ? AND "
			  "d.lease_until < ? ORDER BY d.next_at, d.id LIMIT ?",
			  args, 3, a, sizeof(**items), read_delivery, (void **)items, n);
}

enum store_err store_webhook_claim(struct store_conn *c, long long id, const char *now,
				   const char *lease_until, const char *owner)
{
	struct db_arg args[5] = {db_text(lease_until), db_text(owner), db_int(id),
				 db_text(now), db_text(now)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE webhook_delivery SET lease_until = ?, lease_owner = ?, "
			 "attempts = attempts + 1 WHERE id = ? AND state = 'pending' AND "
			 "lease_until < ? AND next_at <= ?",
			 args, 5, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_CONFLICT;
}

enum store_err store_webhook_done(struct store_conn *c, long long id, const char *owner,
				  const char *state, long long status, const char *error,
				  const char *delivered_at, const char *next_at)
{
	struct db_arg args[7] = {db_text(state),        db_int(status),   db_text(error),
				 db_text(delivered_at), db_text(next_at), db_int(id),
				 db_text(owner)};
	long long changed = 0;
	int rc = db_exec(c,
			 "UPDATE webhook_delivery SET state = ?, last_status = ?, last_error = "
			 "?, delivered_at = ?, next_at = ?, lease_until = '', lease_owner = '' "
			 "WHERE id = ? AND lease_owner = ? AND state = 'pending'",
			 args, 7, &changed);

	return rc ? rc : changed ? STORE_OK : STORE_CONFLICT;
}

enum store_err store_webhook_deliveries(struct store_conn *c, struct arena *a,
					long long subscription_id, long long before,
					long long limit, struct webhook_delivery **items,
					size_t *n)
{
	struct db_arg args[4] = {db_int(subscription_id), db_int(before), db_int(before),
				 db_int(limit)};

	return db_collect(c,
			  "SELECT " DELIVERY_COLS " FROM webhook_delivery d JOIN webhook_event "
			  "e ON e.id = d.event_id JOIN webhook_subscription s ON s.id = "
			  "d.subscription_id WHERE d.subscription_id = ? AND (? = 0 OR d.id < "
			  "?) ORDER BY d.id DESC LIMIT ?",
			  args, 4, a, sizeof(**items), read_delivery, (void **)items, n);
}

enum store_err store_webhook_delivery_get(struct store_conn *c, struct arena *a,
					  long long id, struct webhook_delivery *out)
{
	struct db_arg arg = db_int(id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT " DELIVERY_COLS " FROM webhook_delivery d JOIN webhook_event e "
		      "ON e.id = d.event_id JOIN webhook_subscription s ON s.id = "
		      "d.subscription_id WHERE d.id = ?",
		      &arg, 1, a, read_delivery, out);
}
