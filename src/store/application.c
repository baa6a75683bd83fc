/*
 * application.c - online application (网上报名, issue 12): a plan's offer
 * (who may apply, the window, the fee) and its partner companies. SQL
 * written once for both engines (db.h).
 */
#include <string.h>

#include "store/db.h"

#define OFFER_COLS \
	"o.plan_id, o.audience, o.opens_on, o.closes_on, o.fee, o.updated_at, " \
	"i.province FROM plan_application_offer o JOIN plan p ON p.id = o.plan_id " \
	"JOIN institution i ON i.id = p.institution_id"

static bool read_offer(struct db_res *r, struct arena *a, void *out)
{
	struct apply_offer *o = out;

	o->plan_id = db_ll(r, 0);
	o->audience = db_str(r, a, 1);
	o->opens_on = db_str(r, a, 2);
	o->closes_on = db_str(r, a, 3);
	o->fee = db_str(r, a, 4);
	o->updated_at = db_str(r, a, 5);
	o->province = db_str(r, a, 6);
	return true;
}

enum store_err store_apply_offer_put(struct store_conn *c, const struct apply_offer *o,
				     const char *const *partners, size_t n)
{
	struct db_arg id = db_int(o->plan_id);
	struct db_arg args[6] = {db_int(o->plan_id),   db_text(o->audience),
				 db_text(o->opens_on), db_text(o->closes_on),
				 db_text(o->fee),      db_text(o->updated_at)};
	int rc = db_exec(c, "DELETE FROM plan_application_partner WHERE plan_id = ?", &id,
			 1, NULL);

	if (!rc)
		rc = db_exec(c, "DELETE FROM plan_application_offer WHERE plan_id = ?",
			     &id, 1, NULL);
	if (!rc)
		rc = db_exec(c,
			     "INSERT INTO plan_application_offer (plan_id, audience, opens_on, "
			     "closes_on, fee, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
			     args, 6, NULL);
	for (size_t i = 0; !rc && i < n; i++) {
		struct db_arg pa[2] = {db_int(o->plan_id), db_text(partners[i])};

		rc = db_exec(c,
			     "INSERT INTO plan_application_partner (plan_id, credit_code) "
			     "VALUES (?, ?)",
			     pa, 2, NULL);
	}
	return rc;
}

enum store_err store_apply_offer_get(struct store_conn *c, struct arena *a,
				     long long plan_id, struct apply_offer *out)
{
	struct db_arg arg = db_int(plan_id);

	return db_one(c, "SELECT " OFFER_COLS " WHERE o.plan_id = ?", &arg, 1, a,
		      read_offer, out);
}

enum store_err store_apply_offer_open(struct store_conn *c, struct arena *a,
				      const char *today, struct apply_offer **items,
				      size_t *n)
{
	struct db_arg args[2] = {db_text(today), db_text(today)};

	return db_collect(c,
			  "SELECT " OFFER_COLS " WHERE o.opens_on <= ? AND o.closes_on >= ? "
			  "ORDER BY o.closes_on, o.plan_id",
			  args, 2, a, sizeof(**items), read_offer, (void **)items, n);
}

static bool read_code(struct db_res *r, struct arena *a, void *out)
{
	*(const char **)out = db_str(r, a, 0);
	return true;
}

enum store_err store_apply_partners(struct store_conn *c, struct arena *a,
				    long long plan_id, const char ***codes, size_t *n)
{
	struct db_arg arg = db_int(plan_id);

	return db_collect(c,
			  "SELECT credit_code FROM plan_application_partner WHERE plan_id = ? "
			  "ORDER BY credit_code",
			  &arg, 1, a, sizeof(**codes), read_code, (void **)codes, n);
}
