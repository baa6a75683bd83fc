/*
 * internal.h - private to src/app/: helpers the action files share.
 */
#ifndef APP_INTERNAL_H
#define APP_INTERNAL_H

#include "app/app.h"
#include "store/store.h"

/* Fills err and returns status. */
enum app_status app_fail(struct app_error *err, enum app_status status, const char *field,
			 const char *msg);
/* Maps a store error to an app error (logging the engine's message for
 * internal errors) and returns the status. c may be NULL. */
enum app_status app_store_fail(struct app_ctx *ctx, struct store_conn *c,
			       enum store_err rc, struct app_error *err);
/* Who the audit trail names for the actor: its username, "system" for
 * the process itself, "anonymous" without one. */
const char *app_actor_name(const struct app_ctx *ctx);
/* An id as the audit trail's object text ("42"), in the arena. */
const char *app_idtext(struct app_ctx *ctx, long long id);
/* A pooled connection, or NULL with err filled (APP_UNAVAILABLE). */
struct store_conn *app_conn(struct app_ctx *ctx, struct app_error *err);
/* A pooled connection inside a write transaction, or NULL with err filled
 * (APP_UNAVAILABLE: no connection, or BEGIN refused: a busy SQLite, a
 * dropped PostgreSQL connection). The one way an action opens its
 * transaction: without a connection there is nothing to read by mistake.
 * End it with app_finish() or app_abort(). */
struct store_conn *app_begin(struct app_ctx *ctx, struct app_error *err);
/* The same on a connection the action already holds, when work before the
 * writes need not hold the write lock (hashing a password): APP_OK, or
 * APP_UNAVAILABLE with err filled and c released. */
enum app_status app_tx(struct app_ctx *ctx, struct store_conn *c, struct app_error *err);

/* Fails with APP_UNAUTHENTICATED / APP_FORBIDDEN unless the actor holds
 * perm on the institution (0 = the whole network). Needs a connection for
 * the institution's ancestry. */
enum app_status app_authorize(struct app_ctx *ctx, struct store_conn *c, const char *perm,
			      long long institution_id, struct app_error *err);

/* Appends an audit record inside the caller's transaction. before and
 * after are JSON texts (NULL = "{}"). */
enum store_err app_audit(struct app_ctx *ctx, struct store_conn *c, const char *action,
			 const char *object_type, const char *object_id,
			 const char *before, const char *after);

/* Ends an action on c: commits when rc is STORE_OK, else rolls back and
 * maps rc into err. Releases c. Returns the app status. */
enum app_status app_finish(struct app_ctx *ctx, struct store_conn *c, enum store_err rc,
			   struct app_error *err);
/* Takes ctx->idem's key inside the transaction on c (app_finish, before
 * its commit): STORE_CONFLICT when a live row holds it already. */
enum store_err app_idem_claim(struct app_ctx *ctx, struct store_conn *c);
/* Ends a read on c (from app_conn()): releases it; APP_OK, or the store
 * error rc mapped into err. */
enum app_status app_read_done(struct app_ctx *ctx, struct store_conn *c,
			      enum store_err rc, struct app_error *err);
/* Ends an action on c whose err is already filled: rolls back, releases c,
 * returns err->status. */
enum app_status app_abort(struct app_ctx *ctx, struct store_conn *c, struct app_error *err);

/* Institution creation and update inside the caller's transaction (for
 * bulk import): APP_OK, or the status with err filled (a failure of the
 * database included: APP_INTERNAL); the caller then app_abort()s. */
enum app_status app_institution_check(const struct institution_input *in,
				      struct app_error *err);
enum app_status app_institution_insert_tx(struct app_ctx *ctx, struct store_conn *c,
					  const struct institution_input *in,
					  long long *id, struct app_error *err);
enum app_status app_institution_update_tx(struct app_ctx *ctx, struct store_conn *c,
					  long long id, const struct institution_input *in,
					  bool *changed, struct app_error *err);

/* A person record from input (app/person.c): checked, the ID number
 * normalised, its blind index into blind (SEAL_BLIND_MAX) and, when
 * sealed is not NULL, the sealed number (SEAL_SEALED_MAX). Strings live in
 * ctx->arena or in; created_at/updated_at are left NULL. */
enum app_status app_person_prepare(struct app_ctx *ctx, const struct person_input *in,
				   const char *today, struct person *p, char *sealed,
				   char *blind, struct app_error *err);
/* Every rule a person's input breaks, in the order of the fields (name,
 * id_type, id_number and its cross-check, sex, birth_date, education,
 * employer, employer_credit_code, work_start, phone), as (field, message
 * key) pairs into errs (status APP_INVALID), at most max; returns how
 * many. 0 means app_person_prepare() will not refuse the input. */
size_t app_person_problems(const struct person_input *in, const char *today,
			   struct app_error *errs, size_t max);
/* The fields of a person that differ between a and b, from a, as a JSON
 * object text for an audit record (arena; "{}" when none). */
const char *app_person_diff(struct app_ctx *ctx, const struct person *a,
			    const struct person *b);
/* The ID number as public pages and answers show it: its last 4
 * characters, every other one a '*' (from the stored first-6-and-last-4
 * mask; app/cert_lookup.c). In the arena. */
const char *app_public_id_mask(struct app_ctx *ctx, const char *stored);

/* APP_OK when the actor holds perm on the whole network or on one of the
 * institutions person_id belongs to (registered, enrolled or staffed them,
 * employs them); else APP_NOT_FOUND (an outsider learns nothing), or a
 * store failure. Inside the caller's connection (app/person.c). */
enum app_status app_person_reach(struct app_ctx *ctx, struct store_conn *c,
				 long long person_id, const char *perm,
				 struct app_error *err);
/* The institution a new person is registered for: asked (checked for
 * person.manage), or the one institution of the actor's person.manage
 * grants (0 for a network-wide grant or the system); APP_INVALID on
 * institution_id when the actor has several. */
enum app_status app_person_registrar(struct app_ctx *ctx, struct store_conn *c,
				     long long asked, long long *out,
				     struct app_error *err);
/* The blind index of a document (id_type NULL or "" = resident_id), and
 * the type's canonical name, to find the person it belongs to. */
enum app_status app_person_blind(struct app_ctx *ctx, const char *id_type,
				 const char *id_number, const char **type_name,
				 char *blind, struct app_error *err);

/* The plan, with perm on its institution, and its parsed standard
 * (app/score.c): APP_OK or the status with err filled. */
enum app_status app_plan_load(struct app_ctx *ctx, struct store_conn *c,
			      long long plan_id, const char *perm, struct plan *p,
			      struct standard *s, struct app_error *err);
/* A holder account's person (app/holder.c), or the refusal: signed out
 * is APP_UNAUTHENTICATED; a staff account has no papers of its own
 * (APP_NOT_FOUND "holder.only"). person_id may be NULL. */
enum app_status app_holder_person(struct app_ctx *ctx, long long *person_id,
				  struct app_error *err);
/* app_holder_person(), then a pooled connection for the holder's reads;
 * NULL with err filled. */
struct store_conn *app_holder_conn(struct app_ctx *ctx, long long *person_id,
				   struct app_error *err);
/* A standard (standard_id) loaded and parsed inside the caller's
 * connection; a definition that does not parse is APP_INTERNAL. */
enum app_status app_standard_load(struct app_ctx *ctx, struct store_conn *c,
				  long long standard_id, struct standard *s,
				  struct app_error *err);

/* Takes the plan's row lock (store_plan_lock) at the start of the
 * caller's transaction, before the plan is read: a second enrolment of
 * the same plan (an acceptance, an enrolment, an import) waits here,
 * then counts the first one against the capacity (app/plan.c). APP_OK,
 * APP_NOT_FOUND for no such plan, or the database's failure. */
enum app_status app_plan_lock(struct app_ctx *ctx, struct store_conn *c,
			      long long plan_id, struct app_error *err);

/* Enrols who in plan p (status, capacity, eligibility by s, recusal
 * against the assigned assessors) inside the caller's transaction, with
 * its audit record (app/plan.c): APP_OK, or the status with err filled
 * (a failure of the database included). staff
 * is the plan's staff when the caller has it (an import: read once),
 * NULL to read it here. */
enum app_status app_plan_enrol_tx(struct app_ctx *ctx, struct store_conn *c,
				  const struct plan *p, const struct standard *s,
				  const struct person *who, long long room_id,
				  const struct plan_staff *staff, size_t nstaff,
				  long long *enrolment_id,
				  struct eligibility_result *elig, struct app_error *err);

/* Unwraps the data keys now (app/person.c): loading them takes a
 * connection of its own, so a caller holding one loads them first. */
enum app_status app_keys_load(struct app_ctx *ctx, struct app_error *err);
/* The blind index of value for purpose (not "id_number": a purpose of
 * its own) under the installation's blind index key (app/person.c), into
 * out (SEAL_BLIND_MAX): a keyed digest that a copy of the database cannot
 * reverse. Takes a connection of its own the first time. */
enum app_status app_blind(struct app_ctx *ctx, const char *purpose, const char *value,
			  char *out, struct app_error *err);
/* A person's clear ID number inside the caller's transaction (app/person.c). */
enum app_status app_person_id_number_tx(struct app_ctx *ctx, struct store_conn *c,
					long long person_id, char *out, size_t outlen,
					struct app_error *err);

/* The person's photo decoded (app/person.c): *bytes NULL and *len 0 when
 * there is none or it is not stored by us; a store error otherwise. */
enum store_err app_photo_bytes(struct app_ctx *ctx, struct store_conn *c,
			       long long person_id, const unsigned char **bytes,
			       size_t *len);
/* Wipes and frees the unwrapped data keys (app/person.c). */
void app_keys_free(struct app *app);

/* Decides every enrolled candidate's result from the locked components
 * (app/score.c), inside the caller's transaction: APP_OK, or the status
 * with err filled (e.g. a candidate's component still missing). */
enum app_status app_plan_decide_results(struct app_ctx *ctx, struct store_conn *c,
					const struct plan *p, struct app_error *err);

/* Reads the spreadsheet in path (when not NULL) or in data/len (CSV or
 * XLSX), calling row_fn for each row as table_read_file/_mem do
 * (app/assess_import.c): APP_OK when it was read to the end or row_fn
 * stopped it, else APP_INVALID on "file" with import.unreadable and the
 * reader's reason in err->detail (the API shows it). Nothing is aborted. */
struct table_row;
enum app_status app_import_read(struct app_ctx *ctx, const char *path, const void *data,
				size_t len, int (*row_fn)(const struct table_row *, void *),
				void *arg, struct app_error *err);

/* The public address (the setting public_url), "" while unset
 * (app/cert_keys.c). */
const char *app_public_url(struct app_ctx *ctx, struct store_conn *c);

/* The center's seal as PNG bytes in the arena, for the plaques it
 * issues (*bytes NULL when it has none; app/cert_seal.c). */
enum store_err app_center_stamp(struct app_ctx *ctx, struct store_conn *c,
				const unsigned char **bytes, size_t *len);

/* The priority of a queued message: an account's own (a reset link, an
 * address change) goes before the rest (reminders, by hand). */
#define NOTIFY_ACCOUNT 0
#define NOTIFY_NORMAL 1
/* Queues a message inside the caller's transaction (app/notify.c); the
 * caller wakes the sender after its commit (app_notify_wake). */
enum store_err app_notify_enqueue_tx(struct app_ctx *ctx, struct store_conn *c,
				     const char *channel, const char *to,
				     const char *subject, const char *body, int priority,
				     long long *id);
/* A catalog text in lang with its {name} placeholders filled (n pairs),
 * in the arena (app/notify.c). */
const char *app_text(struct app_ctx *ctx, int lang, const char *key,
		     const char *const *names, const char *const *values, size_t n);

/* Counts a failure against the limiter key (rate_login's policy: login
 * and password reset share it), app/account.c. */
enum store_err app_login_failed(struct store_conn *c, const char *key, int64_t now);

/* A JSON object text in the arena from a jansson pack format. */
const char *app_json(struct app_ctx *ctx, const char *fmt, ...);

/* competition_marks.c, for app_comp_act: whether every event of the
 * competition has each module and its theory locked (refused, naming the
 * first open one, with comp.lock.open). */
enum app_status app_comp_all_locked(struct app_ctx *ctx, struct store_conn *c,
				    long long competition_id, struct app_error *err);

/* competition_marks.c, for the award certificates: the results of
 * competition id computed on c with every event's sheet (by event, as
 * app_comp_results: names unmasked for its organiser). */
enum app_status app_comp_results_on(struct app_ctx *ctx, struct store_conn *c,
				    long long id, struct comp_results *out,
				    struct comp_sheet **sheets, struct app_error *err);

/* The results notice's first and last day (competition_marks.c). */
void app_comp_notice_window(char start[11], char end[11]);

/* An appeal against a results notice (app/score.c; the competitions' too):
 * app_appeal_begin checks the objection form's fields (name, contact,
 * body), begins the transaction and the address's appeal limit: APP_OK
 * with *c open and *g filled, else the refusal with nothing open.
 * app_appeal_open then refuses (appeal.closed, c aborted) unless the
 * notice is open (under_notice) and today is not past notice_end.
 * app_appeal_end takes the insert's rc and, in the same transaction,
 * counts the appeal against the address (app_appeal_count) and writes the
 * audit record (action on object_type object_id, {appeal_id}); it ends
 * the transaction and sets *appeal_id back to 0 when anything failed. */
struct appeal_gate {
	const char *key;
	struct rate_state rs;
	int64_t t;
};
enum app_status app_appeal_open(struct app_ctx *ctx, struct store_conn *c, bool under_notice,
				const char *notice_end, struct app_error *err);
enum app_status app_appeal_end(struct app_ctx *ctx, struct store_conn *c,
			       const char *action, const char *object_type,
			       long long object_id, struct appeal_gate *g, enum store_err rc,
			       long long *appeal_id, struct app_error *err);
/* Resolving an appeal, on c begun by the caller with the notice's owner
 * read: app_appeal_resolving refuses (c aborted) unless the actor holds
 * perm on institution_id and resolution is given; app_appeal_resolved
 * takes the store's rc and writes the audit record (action on
 * object_type object_id, {appeal_id, resolution}); it ends the
 * transaction. */
enum app_status app_appeal_resolving(struct app_ctx *ctx, struct store_conn *c,
				     const char *perm, long long institution_id,
				     const char *resolution, struct app_error *err);
enum app_status app_appeal_resolved(struct app_ctx *ctx, struct store_conn *c,
				    const char *action, const char *object_type,
				    long long object_id, enum store_err rc,
				    long long appeal_id, const char *resolution,
				    struct app_error *err);
enum app_status app_appeal_begin(struct app_ctx *ctx, const char *name, const char *contact,
				 const char *body, struct store_conn **c,
				 struct appeal_gate *g, struct app_error *err);
enum store_err app_appeal_count(struct store_conn *c, struct appeal_gate *g);

/* The computed promotions of competition id on c (app/competition_marks.c),
 * the organiser's; status and decision fields not filled. */
enum app_status comp_promotions_on(struct app_ctx *ctx, struct store_conn *c,
				   long long id, struct comp_promo_row **rows, size_t *n,
				   struct app_error *err);
/* Fills each row's decision (app/competition_promote.c). */
enum app_status comp_promotions_decisions(struct app_ctx *ctx, struct store_conn *c,
					  long long id, struct comp_promo_row *rows,
					  size_t n, struct app_error *err);
/* The demo's competitions and its judge's login (app/demo_competition.c),
 * from the people and institutions app/demo.c made: the center, the
 * enterprise station, the four institutions whose contestants enter (the
 * machinery competition's organiser first, its co-organiser second, the
 * station last), three judges (the first gets the login APP_DEMO_JUDGE,
 * display name judge_name, with the password made into judge_password)
 * and two more for the district. */
/* A made-up portrait (seeded) set as the person's photo (app/demo.c). */
enum app_status app_demo_photo(struct app_ctx *ctx, long long person, unsigned seed,
			       struct app_error *err);
struct demo_comp_in {
	long long center, station, entrants[4], judges[3], proctors[2];
	const char *judge_name;
};
enum app_status app_demo_competitions(struct app_ctx *ctx, const struct demo_comp_in *in,
				      char judge_password[17], struct app_error *err);
/* The demo's 2020 commendation campaign, from its draft to its decision
 * and honour certificates (app/demo_commendation.c). */
struct demo_comm_in {
	long long center, xinjiang, jiangsu, station, cable_branch;
};
enum app_status app_demo_commendation(struct app_ctx *ctx, const struct demo_comm_in *in,
				      struct app_error *err);
/* The demo's apprenticeship class at the station (app/demo_apprenticeship.c,
 * issue 15): occupation the standard's (standard), the enterprise mentor
 * a person of the station (mentor, named mentor_name). */
struct demo_appr_in {
	long long station, standard, mentor;
	const char *occupation, *mentor_name;
};
enum app_status app_demo_apprenticeship(struct app_ctx *ctx, const struct demo_appr_in *in,
					struct app_error *err);
/* The demo's online course at the station: lessons, three welders enrolled
 * at different stages, one completed with a training certificate
 * (app/demo_training.c). */
enum app_status app_demo_training(struct app_ctx *ctx, long long station,
				  struct app_error *err);

/* ---- the figures of a year (app/figures.c, issue 14) ---- */
/* The figures of an institution (itself only) or a person (exactly one of
 * the two) in year as a compact JSON object with stable keys
 * (docs/commendations.md "Figures"), in the arena, read on the caller's
 * connection c; no permission checked (the caller's action did). */
enum app_status comm_figures_json(struct app_ctx *ctx, struct store_conn *c, int year,
				  long long institution_id, long long person_id,
				  const char **json, struct app_error *err);
/* For the decision (app/commendation_review.c): APP_OK when campaign_id's
 * notice is over and no objection is open, else the refusal with err
 * filled: APP_CONFLICT commendation.notice_running (today not past
 * notice_end), commendation.objections_open, commendation.review.status
 * (not in notice); APP_NOT_FOUND. Reads on the caller's c (its
 * transaction); never ends it. */
/* Whether the actor, a reviewer of the campaign (through the account's
 * person), may read nomination_id: one under review or past it, and not
 * one they stand aside from (app/commendation_review.c). */
bool comm_reviewer_reads(struct app_ctx *ctx, struct store_conn *c, long long campaign_id,
			 long long nomination_id);
enum app_status comm_notice_clear(struct app_ctx *ctx, struct store_conn *c,
				  long long campaign_id, struct app_error *err);

/* The plan's candidate pool against who's employer credit code, inside
 * the caller's transaction (app/selfeval.c): APP_OK or APP_INVALID naming
 * employer_credit_code; *pool the effective pool (for the recusal). */
enum app_status app_selfeval_admit_tx(struct app_ctx *ctx, struct store_conn *c,
				      const struct plan *p, const struct person *who,
				      const char **pool, struct app_error *err);
/* The plan's effective candidate pool ("public", "staff", "partners"):
 * it decides whether a shared employer recuses (selfeval_recusal()). */
enum store_err app_selfeval_pool_tx(struct app_ctx *ctx, struct store_conn *c,
				    const struct plan *p, const char **pool);
/* An online-application offer's audience against the plan's pool:
 * APP_OK or APP_INVALID naming audience (app/selfeval.c). */
enum app_status app_selfeval_offer_tx(struct app_ctx *ctx, struct store_conn *c,
				      const struct plan *p, const char *audience,
				      const char *const *codes, size_t ncodes,
				      struct app_error *err);

/* The plan's post-skill specification (app/selfeval_spec.c): *spec NULL
 * when it names none; else parsed and, with s, applied to s's level (its
 * components and marks). Inside the caller's connection. */
struct post_spec;
enum app_status app_post_spec_of_plan(struct app_ctx *ctx, struct store_conn *c,
				      const struct plan *p, struct standard *s,
				      struct post_spec **spec, struct app_error *err);

/* A webhook event of kind about object_type object_id of institution_id
 * (0 = the network's) with payload (a JSON object text), written inside
 * the caller's transaction with one delivery per subscription that covers
 * it (app/webhook.c). Costs one query when no subscription is active. */
enum store_err app_event_tx(struct app_ctx *ctx, struct store_conn *c, const char *kind,
			    long long institution_id, const char *object_type,
			    long long object_id, const char *payload);
/* certificate.issued for every certificate of plan_id past after_cert_id
 * (issued in the caller's transaction), in bulk. */
enum store_err app_event_issued_tx(struct app_ctx *ctx, struct store_conn *c,
				   long long plan_id, long long institution_id,
				   long long after_cert_id);
/* certificate.issued for the certificate cert_id of institution_id (0 =
 * none: the network's subscriptions only), issued in the caller's
 * transaction. */
enum store_err app_event_cert_issued_tx(struct app_ctx *ctx, struct store_conn *c,
					long long cert_id, long long institution_id);

/* A paper's stored items (their version rows into *rows) rebuilt as
 * core/exam.h's paper into *out (app/exam_paper.c), on c. */
#include "core/exam.h"
#include "core/exam_paper.h"
/* The paper (into *p), with plan.manage on its plan's institution (that
 * institution into *plan_institution unless NULL); 404 when none. */
enum app_status app_paper_managed(struct app_ctx *ctx, struct store_conn *c, long long id,
				  struct exam_paper_row *p, long long *plan_institution,
				  struct app_error *err);
enum app_status app_paper_build(struct app_ctx *ctx, struct store_conn *c,
				const struct exam_paper_row *p,
				struct exam_paper_item_row **rows, size_t *nrows,
				struct exam_paper *out, struct app_error *err);

#endif
