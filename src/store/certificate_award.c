/*
 * certificate_award.c - award certificates' competition facts (获奖证书,
 * migration 0027): the side row of a certificate of line "award", and the
 * people an award certificate is issued to. SQL written once with ?
 * placeholders (store/db.h).
 */
#include <string.h>

#include "store/db.h"
#include "store/store.h"

#define AWARD_COLS \
	"w.certificate_id, w.competition_id, w.event_id, w.entry_id, w.person_id, " \
	"w.supersedes, w.award, w.titles, w.place, w.entrants, w.total, " \
	"w.standardised, w.squad, k.name, k.tier, e.grp, o.code, o.name, k.year, " \
	"c.number, c.holder_name, c.status, c.issued_on "
#define AWARD_FROM \
	"FROM certificate_award w JOIN certificate c ON c.id = w.certificate_id " \
	"JOIN competition k ON k.id = w.competition_id " \
	"JOIN competition_event e ON e.id = w.event_id " \
	"JOIN occupation o ON o.id = e.occupation_id "

static bool read_award(struct db_res *r, struct arena *a, void *out)
{
	struct cert_award *w = out;
	int i = 0;

	w->certificate_id = db_ll(r, i++);
	w->competition_id = db_ll(r, i++);
	w->event_id = db_ll(r, i++);
	w->entry_id = db_ll(r, i++);
	w->person_id = db_ll(r, i++);
	w->supersedes = db_ll(r, i++);
	w->award = db_str(r, a, i++);
	w->titles = db_str(r, a, i++);
	w->place = (int)db_ll(r, i++);
	w->entrants = (int)db_ll(r, i++);
	w->total = (int)db_ll(r, i++);
	w->standardised = (int)db_ll(r, i++);
	w->squad = db_ll(r, i++) != 0;
	w->competition_name = db_str(r, a, i++);
	w->tier = db_str(r, a, i++);
	w->grp = db_str(r, a, i++);
	w->occupation_code = db_str(r, a, i++);
	w->occupation_name = db_str(r, a, i++);
	w->year = (int)db_ll(r, i++);
	w->number = db_str(r, a, i++);
	w->holder_name = db_str(r, a, i++);
	w->status = db_str(r, a, i++);
	w->issued_on = db_str(r, a, i++);
	return true;
}

enum store_err store_cert_award_insert(struct store_conn *c, const struct cert_award *w)
{
	struct db_arg args[13] = {
		db_int(w->certificate_id),
		db_int(w->competition_id),
		db_int(w->event_id),
		db_int(w->entry_id),
		db_int(w->person_id),
		db_text(w->award),
		db_int(w->place),
		db_int(w->entrants),
		db_text(w->titles ? w->titles : ""),
		db_int(w->squad ? 1 : 0),
		db_int(w->total),
		db_int(w->standardised),
		db_int_or_null(w->supersedes),
	};

	return db_exec(c,
		       "INSERT INTO certificate_award (certificate_id, competition_id, "
		       "event_id, entry_id, person_id, award, place, entrants, titles, "
		       "squad, total, standardised, supersedes) VALUES (?, ?, ?, ?, ?, ?, "
		       "?, ?, ?, ?, ?, ?, ?)",
		       args, 13, NULL);
}

enum store_err store_cert_award_get(struct store_conn *c, struct arena *a,
				    long long certificate_id, struct cert_award *out)
{
	struct db_arg arg = db_int(certificate_id);

	memset(out, 0, sizeof(*out));
	return db_one(c, "SELECT " AWARD_COLS AWARD_FROM "WHERE w.certificate_id = ?",
		      &arg, 1, a, read_award, out);
}

enum store_err store_cert_awards_of_comp(struct store_conn *c, struct arena *a,
					 long long competition_id,
					 struct cert_award **items, size_t *n)
{
	struct db_arg arg = db_int(competition_id);

	return db_collect(c,
			  "SELECT " AWARD_COLS AWARD_FROM "WHERE w.competition_id = ? "
			  "ORDER BY w.event_id, w.place, w.entry_id, w.person_id, "
			  "w.certificate_id",
			  &arg, 1, a, sizeof(**items), read_award, (void **)items, n);
}

static bool read_person(struct db_res *r, struct arena *a, void *out)
{
	struct cert_candidate *k = out;

	k->enrolment_id = 0;
	k->person_id = db_ll(r, 0);
	k->name = db_str(r, a, 1);
	k->id_type = db_str(r, a, 2);
	k->id_blind = db_str(r, a, 3);
	k->id_masked = db_str(r, a, 4);
	k->has_photo = false;
	return true;
}

enum store_err store_cert_award_person(struct store_conn *c, struct arena *a,
				       long long person_id, struct cert_candidate *out)
{
	struct db_arg arg = db_int(person_id);

	memset(out, 0, sizeof(*out));
	return db_one(c,
		      "SELECT id, name, id_type, id_blind, id_masked FROM person WHERE id = ?",
		      &arg, 1, a, read_person, out);
}
