/*
 * store.h - the storage interface. The only door to the database.
 *
 * One interface, two engines chosen by URL when opened:
 *   sqlite:PATH             embedded SQLite (WAL)
 *   postgresql://...        PostgreSQL through libpq (postgres:// too)
 * All SQL lives under src/store/; callers see structs and error codes.
 *
 * Concurrency: a struct store is shared by all threads and keeps a pool of
 * connections. A thread takes one with store_acquire(), does its work
 * (usually inside store_begin()/store_commit()) and gives it back with
 * store_release(). A connection is used by one thread at a time.
 *
 * Memory: strings in result structs are allocated from the arena the caller
 * passes in and live as long as it does.
 *
 * Errors: every fallible function returns enum store_err; the engine's
 * message for the last failure is store_errmsg(conn).
 */
#ifndef STORE_STORE_H
#define STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "core/account.h"
#include "core/catalog.h"
#include "core/certificate.h"
#include "core/commendation_review.h"
#include "core/competition.h"
#include "core/idcard.h"
#include "core/selfeval.h"
#include "core/plan.h"
#include "core/standard.h"
#include "core/institution.h"
#include "core/ratelimit.h"
#include "core/registry.h"
#include "core/subsidy.h"

enum store_err {
	STORE_OK = 0,
	STORE_NOT_FOUND,
	STORE_CONFLICT, /* a unique constraint refused the change */
	STORE_ERROR,
};

struct store;
struct store_conn;

/* Opens the store at url with up to pool_max connections (0 = 16). Fails
 * (and writes why into err) when the URL is malformed or the first
 * connection cannot be made. */
enum store_err store_open(const char *url, int pool_max, struct store **out, char *err,
			  size_t errlen);
void store_close(struct store *s);
/* Opens a read replica of primary (both PostgreSQL; else STORE_ERROR with
 * why in err). Nothing is connected yet: a replica out of reach is not an
 * error here. A statement that fails on one of its connections (the
 * standby stopped, the connection cut, a query cancelled by recovery) is
 * run once more on a connection of the primary, which then does the rest
 * of that connection's work until store_release(): when the replica is
 * gone (the connection broken, SQLSTATE class 08, 57P01..57P03) the hook
 * set by store_replica_on_fail() hears of it (and of a connection that
 * cannot be made), from the failing thread, and the replica's idle
 * connections are closed; a query cancelled by a conflict with recovery
 * (40001) is retried without it; any other error is the statement's own,
 * returned as it is. Its URL gets TCP keepalives, tcp_user_timeout 10 s,
 * statement_timeout 30 s and connect_timeout 5 s (2 s for the probe)
 * unless it names them. Never write through it. */
enum store_err store_open_replica(const char *url, int pool_max, struct store *primary,
				  struct store **out, char *err, size_t errlen);
void store_replica_on_fail(struct store *replica, void (*fn)(void *arg, const char *why),
			   void *arg);
bool store_is_replica(const struct store *s);
/* The primary's WAL insert position now (bytes, pg_current_wal_insert_lsn():
 * past every commit, also asynchronous ones). */
enum store_err store_wal_position(struct store_conn *c, long long *lsn);
/* What the lag checker learns of a server: in recovery or not, the WAL
 * position replayed (-1 when none; a standby) or inserted (a primary), and
 * which server and database it is: its cluster's system identifier, its
 * postmaster's start (microseconds since 1970), the database's name. */
struct store_server {
	bool in_recovery;
	long long lsn;
	long long system_id, started_us;
	char database[64];
};
/* The primary's (on c). */
enum store_err store_primary_sample(struct store_conn *c, struct store_server *out);
/* The replica's, on a connection of its own kept for the caller (one
 * thread: the replica's checker). STORE_ERROR with why in err when it
 * cannot be reached. */
enum store_err store_replica_probe(struct store *replica, struct store_server *out,
				   char *err, size_t errlen);
/* "sqlite" or "postgresql" */
const char *store_engine(const struct store *s);
/* Open and in-use connection counts, for /metrics. */
void store_stats(struct store *s, int *open, int *in_use);
/* Raises the pool's limit to at least n connections (the server sizes it
 * to its threads). */
void store_pool_at_least(struct store *s, int n);

/* NULL when no connection can be made (the reason is logged). */
struct store_conn *store_acquire(struct store *s);
/* Gives the connection back; rolls back a transaction left open. */
void store_release(struct store_conn *c);
const char *store_errmsg(const struct store_conn *c);

enum store_err store_begin(struct store_conn *c); /* a write transaction */
/* A read snapshot over the next statements, for a read of several
 * statements in a row: on SQLite one read transaction (one set of its file
 * and WAL locks taken and dropped, not one a statement); true when begun,
 * then store_read_end(c, true) ends it. PostgreSQL: nothing (false; no
 * round trip added), nor inside a transaction. */
bool store_read_begin(struct store_conn *c);
void store_read_end(struct store_conn *c, bool begun);
enum store_err store_commit(struct store_conn *c);
enum store_err store_rollback(struct store_conn *c);

/* ---- schema (store/migrate.c) ---- */

/* The newest schema version this binary knows. */
int store_schema_latest(void);
/* The version recorded in the database, 0 for an empty database. */
enum store_err store_schema_version(struct store_conn *c, int *version);
/* Applies every pending migration in one transaction. *from and *to get the
 * versions before and after. A database newer than the binary is refused
 * with STORE_ERROR and a message naming both versions. */
enum store_err store_migrate(struct store *s, int *from, int *to, char *err, size_t errlen);
/* Fails when the database is not at store_schema_latest(). */
enum store_err store_check_schema(struct store *s, char *err, size_t errlen);

/* ---- institutions (store/institution.c) ---- */

/* Inserts the institution and its first identity record; sets *id.
 * created_at, updated_at and status (NULL = "applying") are taken from in. */
enum store_err store_institution_insert(struct store_conn *c,
					const struct institution *in, long long *id);
enum store_err store_institution_get(struct store_conn *c, struct arena *a, long long id,
				     struct institution *out);
enum store_err store_institution_by_name(struct store_conn *c, struct arena *a,
					 const char *name, struct institution *out);
/* Items ordered by id; *total counts all matches ignoring limit/offset. */
enum store_err store_institution_list(struct store_conn *c, struct arena *a,
				      const struct institution_filter *f,
				      struct institution **items, size_t *n,
				      long long *total);
enum store_err store_institution_children(struct store_conn *c, struct arena *a,
					  long long id, struct institution **items,
					  size_t *n);
/* A new identity (name and/or type; NULL type and branch_kind keep the
 * current ones): updates the row, closes the current identity record at
 * `when` and opens one with the reason and document. */
enum store_err store_institution_rename(struct store_conn *c, long long id,
					const char *new_name, const char *new_type,
					const char *branch_kind, const char *reason,
					const char *doc_no, const char *when);
/* Identity history, oldest first. */
enum store_err store_institution_names(struct store_conn *c, struct arena *a, long long id,
				       struct institution_name **items, size_t *n);
/* The name in force at instant `when` (ISO text). */
enum store_err store_institution_name_at(struct store_conn *c, struct arena *a,
					 long long id, const char *when, const char **name);
/* Updates the descriptive fields (address, host, contacts, credit code and
 * its note, province) and updated_at. */
enum store_err store_institution_update(struct store_conn *c, const struct institution *in);
enum store_err store_institution_set_status(struct store_conn *c, long long id,
					    const char *status, const char *when);
/* Writes status, registration number, registered_on, valid_until,
 * approval document and date, updated_at. */
enum store_err store_institution_set_registration(struct store_conn *c,
						  const struct institution *in);
/* Registered or suspended institutions whose validity ends by `until`. */
enum store_err store_institution_expiring(struct store_conn *c, struct arena *a,
					  const char *until, struct institution **items,
					  size_t *n);

/* ---- the registry (store/registry.c) ---- */

/* The next value of a named counter, taken inside the caller's
 * transaction (the row lock orders concurrent servers). Starts at 1. */
enum store_err store_counter_next(struct store_conn *c, const char *name, long long *value);
/* Takes n values (n >= 1) of a named counter at once, inside the caller's
 * transaction: *last is the last of them (they are *last - n + 1 ..
 * *last), as n calls of store_counter_next would have given. */
enum store_err store_counter_take(struct store_conn *c, const char *name, long long n,
				  long long *last);

/* The next free batch number of a year (inside the caller's transaction;
 * the unique (year, seq) index refuses a race: STORE_CONFLICT). */
enum store_err store_batch_next_seq(struct store_conn *c, int year, int *seq);
enum store_err store_batch_insert(struct store_conn *c, int year, int seq, const char *title,
				  int notice_days, const char *when, long long *id);
enum store_err store_batch_get(struct store_conn *c, struct arena *a, long long id,
			       struct reg_batch *out);
/* Newest first; status "" = all. */
enum store_err store_batch_list(struct store_conn *c, struct arena *a, const char *status,
				struct reg_batch **items, size_t *n);
/* open -> under_notice; STORE_NOT_FOUND unless the batch was open. */
enum store_err store_batch_set_notice(struct store_conn *c, long long id,
				      const char *start, const char *end);
/* under_notice -> decided. */
enum store_err store_batch_set_decided(struct store_conn *c, long long id,
				       const char *doc, const char *date);

enum store_err store_registration_insert(struct store_conn *c, long long institution_id,
					 const char *kind, const char *when, long long *id);
enum store_err store_registration_get(struct store_conn *c, struct arena *a, long long id,
				      struct registration *out);
/* batch_id -1 = any, 0 = not in a batch; institution_id 0 = any; status
 * "" = any. */
enum store_err store_registration_list(struct store_conn *c, struct arena *a,
				       long long batch_id, long long institution_id,
				       const char *status, struct registration **items,
				       size_t *n);
/* Puts a pending application into a batch (0 = out of any batch). */
enum store_err store_registration_set_batch(struct store_conn *c, long long id,
					    long long batch_id);
/* pending -> status ("approved", "rejected", "withdrawn"). */
enum store_err store_registration_decide(struct store_conn *c, long long id,
					 const char *status, const char *note,
					 const char *when);

enum store_err store_objection_insert(struct store_conn *c, const struct objection *o,
				      long long *id);
enum store_err store_objection_get(struct store_conn *c, struct arena *a, long long id,
				   struct objection *out);
enum store_err store_objection_list(struct store_conn *c, struct arena *a,
				    long long batch_id, struct objection **items,
				    size_t *n);
/* open -> status ("upheld" or "dismissed"). */
enum store_err store_objection_resolve(struct store_conn *c, long long id,
				       const char *status, const char *resolution,
				       const char *when);

enum store_err store_status_log(struct store_conn *c, const struct status_change *s);
enum store_err store_status_history(struct store_conn *c, struct arena *a,
				    long long institution_id,
				    struct status_change **items, size_t *n);

/* current_only: only entries in force. */
enum store_err store_scope_list(struct store_conn *c, struct arena *a,
				long long institution_id, int current_only,
				struct scope_entry **items, size_t *n);
enum store_err store_scope_insert(struct store_conn *c, const struct scope_entry *s,
				  long long *id);
/* Ends an entry in force at `when`. */
enum store_err store_scope_close(struct store_conn *c, long long institution_id,
				 long long id, const char *when);

enum store_err store_filing_insert(struct store_conn *c, const struct filing *f,
				   long long *id);
/* Newest first: the first is the filing in force. */
enum store_err store_filing_list(struct store_conn *c, struct arena *a,
				 long long institution_id, struct filing **items,
				 size_t *n);

enum store_err store_inspection_insert(struct store_conn *c, const struct inspection *i,
				       long long *id);
enum store_err store_inspection_owner(struct store_conn *c, long long id,
				      long long *institution_id);
enum store_err store_inspection_list(struct store_conn *c, struct arena *a,
				     long long institution_id, struct inspection **items,
				     size_t *n);
enum store_err store_finding_insert(struct store_conn *c, const struct finding *f,
				    long long *id);
enum store_err store_finding_get(struct store_conn *c, struct arena *a, long long id,
				 struct finding *out);
/* institution_id 0 = all; overdue_before set: only open findings whose
 * deadline is before that date. Ordered by deadline. */
enum store_err store_finding_list(struct store_conn *c, struct arena *a,
				  long long institution_id, const char *overdue_before,
				  struct finding **items, size_t *n);
enum store_err store_finding_close(struct store_conn *c, long long id, const char *on,
				   const char *note);

/* Dashboard figures on `today`, with `soon` the horizon for expiry:
 * [0] applying, [1] under notice, [2] registered and valid, [3] expired,
 * [4] expiring by soon, [5] suspended, [6] overdue findings,
 * [7] open objections. */
enum store_err store_registry_counts(struct store_conn *c, const char *today,
				     const char *soon, long long counts[8]);

/* ---- the occupation catalogue (store/catalog.c) ---- */

/* The occupation's id, inserting it when new (an existing name is kept). */
enum store_err store_occupation_ensure(struct store_conn *c, const char *edition,
				       const char *code, const char *name, long long *id);
enum store_err store_work_type_ensure(struct store_conn *c, long long occupation_id,
				      const char *name);
/* Adds a standard version unless (occupation, version) is there already:
 * a published version never changes; *added says whether it was new. */
enum store_err store_standard_ensure(struct store_conn *c, const struct standard_row *s,
				     const char *when, bool *added);
/* Name contains q, or the code equals q ("" = all). */
enum store_err store_occupation_list(struct store_conn *c, struct arena *a, const char *q,
				     struct occupation **items, size_t *n);
enum store_err store_work_types(struct store_conn *c, struct arena *a,
				long long occupation_id, const char ***items, size_t *n);
/* occupation_id 0 = all; without the definitions. */
enum store_err store_standard_list(struct store_conn *c, struct arena *a,
				   long long occupation_id, struct standard_row **items,
				   size_t *n);
/* With the definition (the JSON text). */
enum store_err store_standard_get(struct store_conn *c, struct arena *a, long long id,
				  struct standard_row *out);

/* ---- plans (store/plan.c) ---- */

enum store_err store_plan_insert(struct store_conn *c, const struct plan *p, long long *id);
enum store_err store_plan_get(struct store_conn *c, struct arena *a, long long id,
			      struct plan *out);
/* institution_id 0 = all; status "" = all; newest first. */
enum store_err store_plan_list(struct store_conn *c, struct arena *a,
			       long long institution_id, const char *status,
			       struct plan **items, size_t *n);
/* from -> to, only when the plan is still in `from` (STORE_NOT_FOUND
 * otherwise: someone moved it meanwhile). */
enum store_err store_plan_set_status(struct store_conn *c, long long id, const char *from,
				     const char *to, const char *when);
enum store_err store_plan_log(struct store_conn *c, long long plan_id, const char *from,
			      const char *to, const char *reason, const char *when,
			      const char *actor);
enum store_err store_room_insert(struct store_conn *c, long long plan_id,
				 const char *name, int capacity, long long *id);
enum store_err store_room_list(struct store_conn *c, struct arena *a, long long plan_id,
			       struct plan_room **items, size_t *n);
enum store_err store_staff_insert(struct store_conn *c, const struct plan_staff *s,
				  long long *id);
enum store_err store_staff_delete(struct store_conn *c, long long plan_id, long long id);
enum store_err store_staff_list(struct store_conn *c, struct arena *a, long long plan_id,
				struct plan_staff **items, size_t *n);
/* STORE_CONFLICT when the person is enrolled in the plan already. */
enum store_err store_enrolment_insert(struct store_conn *c, const struct enrolment *e,
				      long long *id);
enum store_err store_enrolment_list(struct store_conn *c, struct arena *a,
				    long long plan_id, struct enrolment **items, size_t *n);
/* The enrolment in the plan of the person with this document (blind
 * index); STORE_NOT_FOUND when they are not enrolled. */
enum store_err store_visit_insert(struct store_conn *c, const struct supervisor_visit *v,
				  long long *id);
enum store_err store_visit_list(struct store_conn *c, struct arena *a, long long plan_id,
				struct supervisor_visit **items, size_t *n);
enum store_err store_enrolment_by_blind(struct store_conn *c, struct arena *a,
					long long plan_id, const char *id_type,
					const char *id_blind, struct enrolment *out);
enum store_err store_enrolment_set_status(struct store_conn *c, long long plan_id,
					  long long id, const char *status);

/* The facts a person applies with, into the arrays of *out (arena); the
 * training hours of completed courses of occupation_code. */
enum store_err store_person_facts(struct store_conn *c, struct arena *a, long long person_id,
				  const char *occupation_code, struct applicant *out);
enum store_err store_fact_cert_insert(struct store_conn *c, long long person_id,
				      const char *kind, const char *code, int related,
				      int level, const char *issued_on, const char *number);
enum store_err store_fact_diploma_insert(struct store_conn *c, long long person_id,
					 const char *type, int related,
					 const char *graduated_on, int final_year,
					 int program_level);
enum store_err store_fact_title_insert(struct store_conn *c, long long person_id,
				       const char *level, const char *granted_on,
				       int related);
enum store_err store_qualification_insert(struct store_conn *c, long long person_id,
					  const char *code, const char *grade,
					  int max_level, const char *from, const char *to,
					  const char *number);
/* Whether the person may assess `level` of the occupation on date `on`. */
enum store_err store_qualified(struct store_conn *c, long long person_id,
			       const char *code, int level, const char *on, bool *yes);
enum store_err store_relationship_insert(struct store_conn *c, long long a_id,
					 long long b_id, const char *kind,
					 const char *when);
/* A declared relationship between two people (either way), NULL when
 * none; "trainer" first when there are several. */
/* The declared relationships between a person and the plan's staff,
 * either way round. */
struct staff_relationship {
	long long person_id; /* the staff member */
	const char *kind;
};
enum store_err store_staff_relationships(struct store_conn *c, struct arena *a,
					 long long plan_id, long long person_id,
					 struct staff_relationship **items, size_t *n);
enum store_err store_relationship_between(struct store_conn *c, struct arena *a,
					  long long x, long long y, const char **kind);

/* ---- scores (store/score.c) ---- */

/* Enters or replaces one assessor's entry (tenths -1 = not present). */
enum store_err store_score_put(struct store_conn *c, const struct score_row *s);
/* Inserts an entry unless one with its key exists (*inserted false then). */
enum store_err store_score_insert_new(struct store_conn *c, const struct score_row *s,
				      bool *inserted);
/* The entry of (enrolment, component, assessor); STORE_NOT_FOUND when none. */
enum store_err store_score_get(struct store_conn *c, struct arena *a,
			       long long enrolment_id, const char *component,
			       long long assessor_id, struct score_row *out);
/* A candidate's entries (component "" = all). */
enum store_err store_scores_of(struct store_conn *c, struct arena *a,
			       long long enrolment_id, const char *component,
			       struct score_row **items, size_t *n);
enum store_err store_scores_of_plan(struct store_conn *c, struct arena *a,
				    long long plan_id, struct score_row **items, size_t *n);
enum store_err store_component_get(struct store_conn *c, struct arena *a,
				   long long enrolment_id, const char *component,
				   struct component_row *out);
enum store_err store_components_of_plan(struct store_conn *c, struct arena *a,
					long long plan_id, struct component_row **items,
					size_t *n);
/* Locks a component (STORE_CONFLICT when it is locked already); with
 * replace, a correction rewrites it. */
enum store_err store_component_put(struct store_conn *c, const struct component_row *m,
				   bool replace);
enum store_err store_result_put(struct store_conn *c, long long enrolment_id,
				const char *outcome, const char *detail, const char *when);
enum store_err store_results_of_plan(struct store_conn *c, struct arena *a,
				     long long plan_id, struct result_row **items,
				     size_t *n);
enum store_err store_plan_set_notice(struct store_conn *c, long long id,
				     const char *start, const char *end);
enum store_err store_correction_insert(struct store_conn *c,
				       const struct score_correction_row *k, long long *id);
enum store_err store_correction_get(struct store_conn *c, struct arena *a, long long id,
				    struct score_correction_row *out);
enum store_err store_corrections_of_plan(struct store_conn *c, struct arena *a,
					 long long plan_id,
					 struct score_correction_row **items, size_t *n);
/* pending -> status ("approved" or "rejected"). */
enum store_err store_correction_decide(struct store_conn *c, long long id,
				       const char *status, const char *by,
				       const char *when, const char *note);
enum store_err store_appeal_insert(struct store_conn *c, const struct appeal_row *x,
				   const char *address, long long *id);
enum store_err store_appeals_of_plan(struct store_conn *c, struct arena *a,
				     long long plan_id, struct appeal_row **items,
				     size_t *n);
enum store_err store_appeal_resolve(struct store_conn *c, long long plan_id, long long id,
				    const char *resolution, const char *when);

/* ---- people and data keys (store/person.c) ---- */

/* Inserts a person with the ID number sealed and blind-indexed by the
 * caller; STORE_CONFLICT when (id_type, id_blind) exists. */
enum store_err store_person_insert(struct store_conn *c, const struct person *p,
				   const char *id_sealed, const char *id_blind,
				   long long *id);
/* The same, registered by an institution (0 = for the whole network). */
enum store_err store_person_insert_by(struct store_conn *c, const struct person *p,
				      const char *id_sealed, const char *id_blind,
				      long long registered_by, long long *id);
/* The people of n (at most STORE_PERSON_KEYS) pairs (types[i],
 * blinds[i]) in one statement: *found[i] is read for each pair found and
 * left as it is for the others. */
#define STORE_PERSON_KEYS 16
enum store_err store_person_by_blinds(struct store_conn *c, struct arena *a,
				      const char *const *types, const char *const *blinds,
				      size_t n, struct person *const *found);
/* Inserts n people at once (db_copy: COPY on PostgreSQL), each as
 * store_person_insert_by would, inside the caller's transaction;
 * sealed[i] and blind[i] are people[i]'s. STORE_CONFLICT when one exists. */
enum store_err store_person_copy(struct store_conn *c, const struct person *people,
				 const char *const *sealed, const char *const *blind,
				 long long registered_by, size_t n);
/* The institutions a person belongs to: the one that registered them,
 * those whose plans enrolled or staffed them, the one whose credit code
 * is their employer's. At most max into out (any order). */
enum store_err store_person_institutions(struct store_conn *c, long long person_id,
					 long long *out, size_t max, size_t *n);
enum store_err store_person_get(struct store_conn *c, struct arena *a, long long id,
				struct person *out);
enum store_err store_person_by_blind(struct store_conn *c, struct arena *a,
				     const char *id_type, const char *id_blind,
				     struct person *out);
/* A person's photo, base64 of the file; replaced when there is one. */
enum store_err store_photo_put(struct store_conn *c, long long person_id,
			       const char *mime, const char *data_b64, const char *now);
enum store_err store_photo_get(struct store_conn *c, struct arena *a, long long person_id,
			       const char **mime, const char **data_b64);
enum store_err store_person_sealed_id(struct store_conn *c, struct arena *a, long long id,
				      const char **sealed);
/* Name contains q ("" = all), by id. */
enum store_err store_person_list(struct store_conn *c, struct arena *a, const char *q,
				 long long limit, long long offset, struct person **items,
				 size_t *n);
/* The same, only the people who belong to an institution in the subtree
 * of one of roots (at most STORE_PERSON_ROOTS; none: nobody). */
#define STORE_PERSON_ROOTS 12 /* + 4 = DB_MAX_ARGS */
enum store_err store_person_list_within(struct store_conn *c, struct arena *a,
					const char *q, const long long *roots,
					size_t nroots, long long limit, long long offset,
					struct person **items, size_t *n);
/* Name, education, employer and its credit code, work start, phone. */
enum store_err store_person_update(struct store_conn *c, const struct person *p);

/* A person's qualifications, the latest valid_to first. */
enum store_err store_qualification_list(struct store_conn *c, struct arena *a,
					long long person_id,
					struct person_qualification **items, size_t *n);
/* Whether the person has a photo. */
enum store_err store_photo_exists(struct store_conn *c, long long person_id, bool *yes);

/* Data keys wrapped by the master key. put_new keeps an existing one. */
enum store_err store_secret_get(struct store_conn *c, struct arena *a, const char *name,
				const char **wrapped);
enum store_err store_secret_put_new(struct store_conn *c, const char *name,
				    const char *wrapped, const char *when);

/* ---- users, grants, sessions, tokens, rate limits (store/account.c) ---- */

enum store_err store_user_insert(struct store_conn *c, const struct user *u, long long *id);
enum store_err store_user_get(struct store_conn *c, struct arena *a, long long id,
			      struct user *out);
enum store_err store_user_by_name(struct store_conn *c, struct arena *a,
				  const char *username, struct user *out);
enum store_err store_user_set_password(struct store_conn *c, long long id,
				       const char *hash, int must_change, const char *when);
enum store_err store_user_list(struct store_conn *c, struct arena *a, struct user **items,
			       size_t *n);
/* Marks the user disabled (no sign-in, no session, no token works) or
 * enabled again; STORE_NOT_FOUND when there is no such user. */
enum store_err store_user_set_disabled(struct store_conn *c, long long id, bool disabled,
				       const char *when);

enum store_err store_grant_insert(struct store_conn *c, long long user_id,
				  const char *role, long long institution_id,
				  const char *when, long long *id);
/* STORE_NOT_FOUND when there was no such grant. */
enum store_err store_grant_delete(struct store_conn *c, long long user_id,
				  const char *role, long long institution_id);
enum store_err store_grants_of(struct store_conn *c, struct arena *a, long long user_id,
			       struct grant **items, size_t *n);
/* The institution, its parent, ... up to the root, into out (at most max);
 * STORE_NOT_FOUND when the institution does not exist. */
enum store_err store_institution_ancestry(struct store_conn *c, long long id,
					  long long *out, size_t max, size_t *n);

enum store_err store_session_insert(struct store_conn *c, const struct session *s);
enum store_err store_session_get(struct store_conn *c, struct arena *a,
				 const char *token_hash, struct session *out);
enum store_err store_session_touch(struct store_conn *c, const char *token_hash,
				   const char *when);
enum store_err store_session_delete(struct store_conn *c, const char *token_hash);
/* Ends every session of the user except keep_hash (may be NULL). */
enum store_err store_session_delete_user(struct store_conn *c, long long user_id,
					 const char *keep_hash);
/* Removes sessions that expired before `now`. */
enum store_err store_session_purge(struct store_conn *c, const char *now);

enum store_err store_token_insert(struct store_conn *c, long long user_id, const char *name,
				  const char *token_hash, const char *when, long long *id);
/* A live (not revoked) token by digest. */
enum store_err store_token_by_hash(struct store_conn *c, struct arena *a,
				   const char *token_hash, struct api_token *out);
enum store_err store_token_touch(struct store_conn *c, long long id, const char *when);
/* Records a write by the token's (session's) actor: the primary's WAL
 * position after it (store_wal_position). */
enum store_err store_token_wrote(struct store_conn *c, long long id, long long lsn);
enum store_err store_session_wrote(struct store_conn *c, const char *token_hash,
				   long long lsn);
enum store_err store_token_list(struct store_conn *c, struct arena *a, long long user_id,
				struct api_token **items, size_t *n);
/* STORE_NOT_FOUND unless a live token id of user_id was revoked. */
enum store_err store_token_revoke(struct store_conn *c, long long user_id, long long id,
				  const char *when);
/* Revokes every live token of user_id; *n how many. */
enum store_err store_token_revoke_user(struct store_conn *c, long long user_id,
				       const char *when, long long *n);

/* Absent keys read as a zero state. */
enum store_err store_rate_get(struct store_conn *c, const char *key, struct rate_state *out);
enum store_err store_rate_put(struct store_conn *c, const char *key,
			      const struct rate_state *s);
enum store_err store_rate_clear(struct store_conn *c, const char *key);

/* E-mail addresses of accounts. Sets (email NULL: clears) a user's e-mail address. */
enum store_err store_user_set_email(struct store_conn *c, long long id, const char *email,
				    const char *when);
/* The users whose address is email (compared without regard to ASCII
 * case), at most max, oldest first. */
enum store_err store_users_by_email(struct store_conn *c, struct arena *a,
				    const char *email, struct user **items, size_t *n);
/* Holder accounts (person_id set) with an address, not disabled. */
enum store_err store_holders_with_email(struct store_conn *c, struct arena *a,
					struct user **items, size_t *n);

/* ---- password resets, the message queue (store/notify.c) ---- */

/* A password reset token's digest for user_id (the user's earlier ones
 * are dropped first, so only the newest works). */
enum store_err store_reset_put(struct store_conn *c, long long user_id,
			       const char *token_hash, const char *at,
			       const char *expires_at);
/* The user and expiry of a token digest; STORE_NOT_FOUND when none. */
enum store_err store_reset_get(struct store_conn *c, struct arena *a, const char *token_hash,
			       long long *user_id, const char **expires_at);
/* Takes (deletes) a live token digest, expiring after now, and gives its
 * user: STORE_NOT_FOUND when there is none (unknown, expired, or already
 * taken by a concurrent reset, which this DELETE waits for). */
enum store_err store_reset_take(struct store_conn *c, const char *token_hash,
				const char *now, long long *user_id);
/* Drops every reset token of the user (used, or the password changed). */
enum store_err store_reset_clear_user(struct store_conn *c, long long user_id);

struct notification {
	long long id;
	const char *channel, *recipient, *subject, *body;
	const char *created_at, *next_at, *sent_at /* NULL: queued */,
		*last_error /* NULL: none */;
	long long attempts;
	int priority; /* 0 an account's own message, 1 the rest (migration 0022) */
};
enum store_err store_notification_add(struct store_conn *c, const struct notification *m,
				      long long *id);
/* Queued messages due at `due` (every queued one when due is NULL), by
 * priority then oldest first, at most limit. */
enum store_err store_notification_due(struct store_conn *c, struct arena *a,
				      const char *due, long long limit,
				      struct notification **items, size_t *n);
/* Takes message id for one attempt: counts it and moves its next try to
 * next_at, only while it is queued and its next try is still was_next
 * (another sender took it otherwise: STORE_CONFLICT). */
enum store_err store_notification_claim(struct store_conn *c, long long id,
					const char *was_next, const char *next_at);
/* The attempt's outcome: sent (error NULL) at `at`, or the error kept. */
enum store_err store_notification_done(struct store_conn *c, long long id, const char *at,
				       const char *error);
/* Newest first; status "queued", "sent" or "" (all); at most limit. */
enum store_err store_notification_list(struct store_conn *c, struct arena *a,
				       const char *status, long long limit,
				       struct notification **items, size_t *n);
/* Whether a subsidy reminder was queued for a certificate's window (its
 * last day), and recording one. */
enum store_err store_reminder_exists(struct store_conn *c, long long certificate_id,
				     const char *window_last_day, bool *yes);
enum store_err store_reminder_add(struct store_conn *c, long long certificate_id,
				  const char *window_last_day, long long notification_id);

/* ---- the audit chain (store/audit.c) ---- */

/* Advances the chain head inside the caller's transaction: *seq gets the
 * new record's number and prev_hash the hash it must chain to. The head
 * row's lock orders concurrent writers until commit. */
enum store_err store_audit_next(struct store_conn *c, long long *seq, char prev_hash[65]);
/* Inserts the record (hash already computed) and moves the head's hash. */
enum store_err store_audit_insert(struct store_conn *c, const struct audit_record *r);
enum store_err store_audit_head(struct store_conn *c, long long *seq, char hash[65]);
enum store_err store_audit_list(struct store_conn *c, struct arena *a,
				const struct audit_filter *f, struct audit_record **items,
				size_t *n, long long *total);
/* Calls fn for every record in seq order; stops early when fn returns
 * nonzero (that value is returned). Records live until fn returns. */
enum store_err store_audit_scan(struct store_conn *c,
				int (*fn)(const struct audit_record *r, void *arg),
				void *arg);
/* The Merkle tree's right edge kept in the head row (services/merkle.h
 * compact range as hex) and the number of leaves it covers; *tree lives in
 * a. */
enum store_err store_audit_tree(struct store_conn *c, struct arena *a, long long *size,
				const char **tree);
enum store_err store_audit_tree_set(struct store_conn *c, long long size, const char *tree);
/* The checkpoint signing keys, newest (the signing one) first. */
enum store_err store_audit_key_insert(struct store_conn *c, const struct audit_key *k);
enum store_err store_audit_keys(struct store_conn *c, struct arena *a,
				struct audit_key **items, size_t *n);
enum store_err store_audit_checkpoint_insert(struct store_conn *c,
					     const struct audit_checkpoint *cp);
/* The checkpoint of the largest size; STORE_NOT_FOUND when none. */
enum store_err store_audit_checkpoint_latest(struct store_conn *c, struct arena *a,
					     struct audit_checkpoint *cp);
/* The checkpoint of that size; STORE_NOT_FOUND when none. */
enum store_err store_audit_checkpoint_get(struct store_conn *c, struct arena *a,
					  long long size, struct audit_checkpoint *cp);
/* Takes the head row's lock (as store_audit_next does) without
 * appending; *seq = records written. */
enum store_err store_audit_lock(struct store_conn *c, long long *seq);
/* How many checkpoints there are and the largest size among them. */
enum store_err store_audit_checkpoint_span(struct store_conn *c, long long *count,
					   long long *max_size);
/* As store_audit_scan, each record with the checkpoint whose size is its
 * seq (NULL when there is none). */
enum store_err store_audit_scan_signed(struct store_conn *c,
				       int (*fn)(const struct audit_record *r,
						 const struct audit_checkpoint *cp,
						 void *arg),
				       void *arg);

/* ---- certificates, signing keys, settings (store/certificate.c) ---- */

enum store_err store_signing_key_insert(struct store_conn *c, const struct signing_key *k);
/* Every key, the signing one (not retired, newest) first. */
enum store_err store_signing_keys(struct store_conn *c, struct arena *a,
				  struct signing_key **items, size_t *n);
enum store_err store_signing_key_retire_others(struct store_conn *c, const char *kid,
					       const char *now);
enum store_err store_setting_get(struct store_conn *c, struct arena *a, const char *name,
				 const char **value);
enum store_err store_setting_put(struct store_conn *c, const char *name,
				 const char *value, const char *now);

enum store_err store_cert_insert(struct store_conn *c, const struct certificate *x,
				 long long *id);
enum store_err store_cert_set_signed(struct store_conn *c, long long id, const char *kid,
				     const char *credential, const char *qr_token);
/* Writes n certificates, every column of each in one row write (db_copy:
 * COPY on PostgreSQL), inside the caller's transaction; their ids are
 * not read back (store_cert_events_issued finds them by status index).
 * Scratch text in a. STORE_CONFLICT when a number, a status index or an
 * enrolment's certificate is taken. */
enum store_err store_cert_insert_many(struct store_conn *c, struct arena *a,
				      const struct certificate *xs, size_t n);
/* The "issued" event of every certificate whose status index is in
 * [from, to], by actor at at: one statement. */
enum store_err store_cert_events_issued(struct store_conn *c, long long from,
					long long to, const char *actor, const char *at);
enum store_err store_cert_get(struct store_conn *c, struct arena *a, long long id,
			      struct certificate *out);
enum store_err store_cert_by_number(struct store_conn *c, struct arena *a,
				    const char *number, struct certificate *out);
/* The same, the number compared without regard to ASCII case (the public
 * lookup: a number typed in lower case); an exact spelling first. */
enum store_err store_cert_by_number_ci(struct store_conn *c, struct arena *a,
				       const char *number, struct certificate *out);
/* The public lookup's (app_verify_number): as store_cert_by_number_ci, in
 * one statement with *photo_shown (certificate_photo_shown), and without
 * what a lookup never shows: the credential, the QR token and the scores
 * are left "". */
enum store_err store_cert_public_by_number_ci(struct store_conn *c, struct arena *a,
					      const char *number, struct certificate *out,
					      bool *photo_shown);
enum store_err store_cert_by_holder(struct store_conn *c, struct arena *a,
				    const char *id_type, const char *id_blind,
				    struct certificate **items, size_t *n);
/* The valid certificates issued from from to to (dates, inclusive), by
 * issue date (the skill-upgrade subsidy's open windows). */
enum store_err store_cert_issued_between(struct store_conn *c, struct arena *a,
					 const char *from, const char *to,
					 struct certificate **items, size_t *n);
/* A plan's certificates; print: for printing, with the QR tokens but
 * without credentials or scores (a plan of 10,000 holds ~25 MB of
 * credentials). */
enum store_err store_cert_of_plan(struct store_conn *c, struct arena *a, long long plan_id,
				  bool print, struct certificate **items, size_t *n);
/* Shared certificates (issue 12, store/account.c): a certificate's share
 * id (STORE_NOT_FOUND when not shared), the certificate of a share id,
 * sharing on (STORE_CONFLICT when already), sharing off. */
enum store_err store_share_get(struct store_conn *c, struct arena *a,
			       long long certificate_id, const char **share_id);
enum store_err store_share_find(struct store_conn *c, struct arena *a,
				const char *share_id, long long *certificate_id);
enum store_err store_share_put(struct store_conn *c, long long certificate_id,
			       const char *share_id, const char *at);
enum store_err store_share_delete(struct store_conn *c, long long certificate_id);
/* Claim codes (issue 12, store/account.c): an enrolment's code as its
 * hash (a new one replaces the old), and the person a code's hash names
 * (STORE_NOT_FOUND when none, or the enrolment was withdrawn). */
struct store_claimant {
	long long person_id;
	const char *name, *id_type, *id_blind;
};
enum store_err store_claim_code_put(struct store_conn *c, long long enrolment_id,
				    const char *code_hash, const char *at);
enum store_err store_claim_code_find(struct store_conn *c, struct arena *a,
				     const char *code_hash, struct store_claimant *out);
/* A person's enrolments whose results are published (the plan under
 * notice or closed; withdrawn ones left out), newest first, each with its
 * outcome ("" when none), and an enrolment's component results (enrolment,
 * component, tenths, status only). store/account.c. */
struct store_my_result {
	long long enrolment_id, plan_id;
	const char *outcome;
};
enum store_err store_results_of_person(struct store_conn *c, struct arena *a,
				       long long person_id,
				       struct store_my_result **items, size_t *n);
enum store_err store_components_of_enrolment(struct store_conn *c, struct arena *a,
					     long long enrolment_id,
					     struct component_row **items, size_t *n);
/* A person's enrolments in plans that are approved or under way (the
 * admission tickets of issue 12; withdrawn ones left out), newest first
 * (outcome ""). store/account.c. */
enum store_err store_tickets_of_person(struct store_conn *c, struct arena *a,
				       long long person_id,
				       struct store_my_result **items, size_t *n);
/* Skill-upgrade subsidy claims (issue 12, migration 0020,
 * store/account.c): struct subsidy_claim (core/subsidy.h). Never
 * changed. */
enum store_err store_subsidy_claim_add(struct store_conn *c,
				       const struct subsidy_claim *in, long long *id);
/* The person's claims, oldest first. */
/* Voids claim id of certificate_id (by, at, reason kept): STORE_OK,
 * STORE_NOT_FOUND (no such claim of it), STORE_CONFLICT (voided already). */
enum store_err store_subsidy_claim_void(struct store_conn *c, long long certificate_id,
					long long id, const char *by, const char *at,
					const char *reason);
enum store_err store_subsidy_claims_of_person(struct store_conn *c, struct arena *a,
					      long long person_id,
					      struct subsidy_claim **items, size_t *n);
/* The holder's photo switch (issue 12, store/account.c): whether the
 * certificate's public pages show the holder's photo; set on or off. */
enum store_err store_photo_shown_get(struct store_conn *c, long long certificate_id,
				     bool *on);
enum store_err store_photo_shown_set(struct store_conn *c, long long certificate_id,
				     bool on, const char *at);
/* Holders' requests about a certificate (issue 12, store/account.c): kind
 * "correction" or "reprint"; status "open", "accepted" or "refused"
 * (struct cert_request: core/certificate.h). */
enum store_err store_request_add(struct store_conn *c, long long certificate_id,
				 const char *kind, const char *field, const char *detail,
				 const char *at, long long *id);
/* Newest first: of person_id's certificates (person_id != 0) or of
 * institution_id's (else); status "" = any. */
enum store_err store_request_list(struct store_conn *c, struct arena *a, long long person_id,
				  long long institution_id, const char *status,
				  struct cert_request **items, size_t *n);
enum store_err store_request_get(struct store_conn *c, struct arena *a, long long id,
				 struct cert_request *out);
/* An open request decided; STORE_CONFLICT when it is no longer open. */
enum store_err store_request_decide(struct store_conn *c, long long id, const char *status,
				    const char *reason, const char *by, const char *at);
/* A person's certificates, newest first (a holder's "my certificates"). */
enum store_err store_cert_of_person(struct store_conn *c, struct arena *a,
				    long long person_id, struct certificate **items,
				    size_t *n);
/* The plan's certificates that are no successor (one per enrolment). */
enum store_err store_cert_count_plan(struct store_conn *c, long long plan_id, long long *n);
/* Newest first; q "" = all, else an exact number or holder name. */
enum store_err store_cert_list(struct store_conn *c, struct arena *a, const char *q,
			       long long limit, long long offset,
			       struct certificate **items, size_t *n);
enum store_err store_cert_set_status(struct store_conn *c, long long id,
				     const char *status, const char *reason,
				     const char *date, long long superseded_by);
/* The public category of the status's reason (core cert_reason_categories;
 * "" when none): set with the status, in its transaction. */
enum store_err store_cert_set_category(struct store_conn *c, long long id,
				       const char *category);
enum store_err store_cert_event_insert(struct store_conn *c,
				       const struct certificate_event *e);
enum store_err store_cert_events(struct store_conn *c, struct arena *a, long long id,
				 struct certificate_event **items, size_t *n);
/* Status-list indexes in [from, to) of the certificates with status. */
enum store_err store_cert_status_indexes(struct store_conn *c, struct arena *a,
					 const char *status, long long from, long long to,
					 long long **items, size_t *n);
/* Passing candidates of the plan without a certificate, by enrolment. */
enum store_err store_cert_candidates(struct store_conn *c, struct arena *a,
				     long long plan_id, struct cert_candidate **items,
				     size_t *n);
/* Award certificates' competition facts (store/certificate_award.c,
 * migration 0027): the side row of a certificate of line "award"; one
 * joined with its competition, event and certificate (STORE_NOT_FOUND for
 * another line's); a competition's, by event, place, entry and member; the
 * identity of a person an award certificate is issued to (enrolment_id 0,
 * has_photo false). */
enum store_err store_cert_award_insert(struct store_conn *c, const struct cert_award *w);
enum store_err store_cert_award_get(struct store_conn *c, struct arena *a,
				    long long certificate_id, struct cert_award *out);
enum store_err store_cert_awards_of_comp(struct store_conn *c, struct arena *a,
					 long long competition_id,
					 struct cert_award **items, size_t *n);
enum store_err store_cert_award_person(struct store_conn *c, struct arena *a,
				       long long person_id, struct cert_candidate *out);
/* The plan's row lock, held until the transaction ends. */
enum store_err store_plan_lock(struct store_conn *c, long long plan_id);

/* ---- institutions' seals (store/stamp.c) ---- */

#include "core/stamp.h"

/* The institution's seal, replacing the one it had. */
enum store_err store_stamp_put(struct store_conn *c, const struct inst_stamp *s);
enum store_err store_stamp_get(struct store_conn *c, struct arena *a,
			       long long institution_id, struct inst_stamp *out);
/* The seal of the center (the institution of type center that has one,
 * the first): what plaques carry. */
enum store_err store_stamp_of_center(struct store_conn *c, struct arena *a,
				     struct inst_stamp *out);
/* STORE_NOT_FOUND when it had none. */
enum store_err store_stamp_delete(struct store_conn *c, long long institution_id);

/* ---- filing (store/filing.c) ---- */

#include "core/filing.h"

/* A new draft batch of province; sets *id. */
enum store_err store_filing_batch_insert(struct store_conn *c, const char *province,
					 const char *created_by, const char *now,
					 long long *id);
/* Puts every unfiled certificate of province (lines skill and industry, no
 * item included or accepted in any batch) into batch id and records the
 * count as its row_count (*rows). */
enum store_err store_filing_batch_fill(struct store_conn *c, long long id,
				       const char *province, long long *rows);
/* The institutions of the unfiled certificates of province (0 for a
 * certificate without one). */
enum store_err store_filing_unfiled_institutions(struct store_conn *c, struct arena *a,
						 const char *province, long long **ids,
						 size_t *n);
/* The institutions of a batch's certificates (0 for none). */
enum store_err store_filing_batch_institutions(struct store_conn *c, struct arena *a,
					       long long batch_id, long long **ids,
					       size_t *n);
/* Takes the batch's row lock for the caller's transaction. */
enum store_err store_filing_batch_lock(struct store_conn *c, long long id);
enum store_err store_filing_batch_get(struct store_conn *c, struct arena *a, long long id,
				      struct filing_batch *out);
/* Newest first (at most 1000). */
enum store_err store_filing_batch_list(struct store_conn *c, struct arena *a,
				       struct filing_batch **items, size_t *n);
/* A batch's items with what the record needs, by certificate number. */
enum store_err store_filing_items(struct store_conn *c, struct arena *a, long long batch_id,
				  struct filing_item **items, size_t *n);
/* The assessors and internal supervisors of the plans behind a batch's
 * certificates, by plan, role and person. */
enum store_err store_filing_staff(struct store_conn *c, struct arena *a, long long batch_id,
				  struct filing_staff **items, size_t *n);
/* draft -> submitted with the CSV's digest; STORE_CONFLICT when the batch
 * is not a draft. */
enum store_err store_filing_batch_submit(struct store_conn *c, long long id,
					 const char *sha256, const char *now);
/* submitted -> received (receipt number, date); the included items become
 * accepted (*accepted of them); STORE_CONFLICT when not submitted. */
enum store_err store_filing_batch_receive(struct store_conn *c, long long id,
					  const char *receipt_no, const char *date,
					  long long *accepted);
/* The item becomes rejected with the reason; STORE_NOT_FOUND when the
 * batch has no such item that is not rejected already. */
enum store_err store_filing_item_reject(struct store_conn *c, long long batch_id,
					long long certificate_id, const char *reason);
/* Unfiled certificates issued on or before `until`, by province, date and
 * number. */
enum store_err store_filing_unfiled(struct store_conn *c, struct arena *a, const char *until,
				    struct filing_unfiled **items, size_t *n);

/* ---- online application (store/application.c) ---- */

/* Sets (replaces) the plan's offer and its partner credit codes (n 0: none). */
enum store_err store_apply_offer_put(struct store_conn *c, const struct apply_offer *o,
				     const char *const *partners, size_t n);
/* The offer of a plan; STORE_NOT_FOUND when it takes no applications. */
enum store_err store_apply_offer_get(struct store_conn *c, struct arena *a,
				     long long plan_id, struct apply_offer *out);
/* The offers whose window holds `today`, soonest closing first. */
enum store_err store_apply_offer_open(struct store_conn *c, struct arena *a,
				      const char *today, struct apply_offer **items,
				      size_t *n);
/* The partner credit codes of an offer, in order. */
enum store_err store_apply_partners(struct store_conn *c, struct arena *a,
				    long long plan_id, const char ***codes, size_t *n);

/* An application submitted (STORE_CONFLICT: the person has a live one for
 * the plan already). */
enum store_err store_application_insert(struct store_conn *c, long long plan_id,
					long long person_id,
					const struct application_facts *f,
					const char *now, long long *id);
/* A returned application's new facts, submitted again (STORE_CONFLICT
 * unless it was returned). */
enum store_err store_application_resubmit(struct store_conn *c, long long id,
					  const struct application_facts *f,
					  const char *now);
enum store_err store_application_get(struct store_conn *c, struct arena *a, long long id,
				     struct plan_application *out);
/* The applications of a plan (plan_id != 0), oldest first, or of a person,
 * newest first. */
enum store_err store_application_list(struct store_conn *c, struct arena *a,
				      long long plan_id, long long person_id,
				      struct plan_application **items, size_t *n);
/* A submitted application decided (to "accepted", "returned" or
 * "rejected"); STORE_CONFLICT when it is not submitted (any more). */
enum store_err store_application_decide(struct store_conn *c, long long id,
					const char *to, const char *reason, const char *by,
					long long enrolment_id, const char *now);
/* The route an enrolment was admitted by. */
enum store_err store_enrolment_set_route(struct store_conn *c, long long enrolment_id,
					 const char *route_id);
/* A document of an application (d->content: the base64 of the bytes). */
enum store_err store_application_doc_add(struct store_conn *c,
					 const struct application_doc *d);
/* Removes the application's photo (before a new one is added). */
enum store_err store_application_photo_drop(struct store_conn *c, long long application_id);
/* The documents of an application without their content, in order. */
enum store_err store_application_docs(struct store_conn *c, struct arena *a,
				      long long application_id,
				      struct application_doc **items, size_t *n);
/* One document of the application with its content. */
enum store_err store_application_doc_get(struct store_conn *c, struct arena *a,
					 long long application_id, long long doc_id,
					 struct application_doc *out);

/* ---- competitions (store/competition.c) ---- */

enum store_err store_comp_insert(struct store_conn *c, const struct competition *x,
				 long long *id);
enum store_err store_comp_get(struct store_conn *c, struct arena *a, long long id,
			      struct competition *out);
/* year 0 = any, tier "" = any; drafts only when with_drafts; newest year
 * first. */
enum store_err store_comp_list(struct store_conn *c, struct arena *a, int year,
			       const char *tier, bool with_drafts,
			       struct competition **items, size_t *n);
/* The final competitions where institution_id nominated a confirmed entry
 * (its honour list's candidates); newest year first. */
enum store_err store_comp_final_entered(struct store_conn *c, struct arena *a,
					long long institution_id,
					struct competition **items, size_t *n);
/* from -> to; STORE_NOT_FOUND unless it was still in from. */
enum store_err store_comp_set_status(struct store_conn *c, long long id, const char *from,
				     const char *to, const char *when);
enum store_err store_comp_coorganiser_add(struct store_conn *c, long long competition_id,
					  long long institution_id);
/* The co-organisers' ids and names, by id. */
enum store_err store_comp_coorganisers(struct store_conn *c, struct arena *a,
				       long long competition_id,
				       struct institution **items, size_t *n);
/* A new version (the next number). */
enum store_err store_comp_doc_insert(struct store_conn *c,
				     const struct competition_doc_row *d, int *version);
/* The latest version with its body; STORE_NOT_FOUND when none. */
enum store_err store_comp_doc_latest(struct store_conn *c, struct arena *a,
				     long long competition_id,
				     struct competition_doc_row *out);
/* Every version without the body, newest first. */
enum store_err store_comp_docs(struct store_conn *c, struct arena *a,
			       long long competition_id,
			       struct competition_doc_row **items, size_t *n);
/* STORE_CONFLICT when the competition has that occupation and group. */
enum store_err store_comp_event_insert(struct store_conn *c,
				       const struct competition_event *e, long long *id);
/* Takes the event row's lock inside the caller's transaction (a
 * PostgreSQL row lock; SQLite's write transaction already orders writers):
 * nominations into one event are counted against its quotas one at a time.
 * STORE_NOT_FOUND when there is no such event. */
enum store_err store_comp_event_lock(struct store_conn *c, long long id);
/* Every event of the competition gets the (new) document's team size. */
enum store_err store_comp_events_team_size(struct store_conn *c, long long competition_id,
					   int team_size);
enum store_err store_comp_event_get(struct store_conn *c, struct arena *a, long long id,
				    struct competition_event *out);
enum store_err store_comp_events(struct store_conn *c, struct arena *a,
				 long long competition_id,
				 struct competition_event **items, size_t *n);
enum store_err store_comp_entry_insert(struct store_conn *c,
				       const struct competition_entry *e, long long *id);
enum store_err store_comp_entrant_insert(struct store_conn *c, long long entry_id,
					 long long person_id, int position);
enum store_err store_comp_entry_get(struct store_conn *c, struct arena *a, long long id,
				    struct competition_entry *out);
/* The entries of a competition's events, by id. */
enum store_err store_comp_entries(struct store_conn *c, struct arena *a,
				  long long competition_id,
				  struct competition_entry **items, size_t *n);
/* The members of every entry of a competition, by entry and position. */
enum store_err store_comp_entrants(struct store_conn *c, struct arena *a,
				   long long competition_id,
				   struct competition_entrant **items, size_t *n);
/* nominated -> status with the reason; STORE_NOT_FOUND unless nominated. */
enum store_err store_comp_entry_decide(struct store_conn *c, long long id,
				       const char *status, const char *reason,
				       const char *by, const char *when);
/* STORE_CONFLICT when the person judges the event already. */
enum store_err store_comp_judge_insert(struct store_conn *c,
				       const struct competition_judge *j, long long *id);
/* The judges of a competition's events, by event and id. */
enum store_err store_comp_judges(struct store_conn *c, struct arena *a,
				 long long competition_id,
				 struct competition_judge **items, size_t *n);

/* ---- competition marks (store/competition.c, 0024) ---- */
/* Inserts or replaces the mark of (entry, aspect, judge). */
enum store_err store_comp_mark_put(struct store_conn *c, const struct competition_mark *m);
/* The marks of an event's entries, by entry, aspect and judge. */
enum store_err store_comp_marks(struct store_conn *c, struct arena *a, long long event_id,
				struct competition_mark **items, size_t *n);
enum store_err store_comp_theory_put(struct store_conn *c,
				     const struct competition_theory *t);
enum store_err store_comp_theories(struct store_conn *c, struct arena *a, long long event_id,
				   struct competition_theory **items, size_t *n);
/* STORE_CONFLICT when the module is locked already. */
enum store_err store_comp_lock_insert(struct store_conn *c,
				      const struct competition_lock *l);
enum store_err store_comp_locks(struct store_conn *c, struct arena *a, long long event_id,
				struct competition_lock **items, size_t *n);
enum store_err store_comp_correction_insert(struct store_conn *c,
					    const struct competition_correction *k,
					    long long *id);
enum store_err store_comp_correction_get(struct store_conn *c, struct arena *a,
					 long long id, struct competition_correction *out);
enum store_err store_comp_corrections(struct store_conn *c, struct arena *a,
				      long long event_id,
				      struct competition_correction **items, size_t *n);
/* open -> status; STORE_NOT_FOUND unless open. */
enum store_err store_comp_correction_decide(struct store_conn *c, long long id,
					    const char *status, const char *by,
					    const char *when);
enum store_err store_comp_set_notice(struct store_conn *c, long long id,
				     const char *start, const char *end);
enum store_err store_comp_appeal_insert(struct store_conn *c,
					const struct competition_appeal *p, long long *id);
enum store_err store_comp_appeals(struct store_conn *c, struct arena *a,
				  long long competition_id,
				  struct competition_appeal **items, size_t *n);
/* open -> resolved; STORE_NOT_FOUND unless open and the competition's. */
enum store_err store_comp_appeal_resolve(struct store_conn *c, long long competition_id,
					 long long id, const char *resolution,
					 const char *by, const char *when);

/* ---- promotions decided (store/competition_promote.c) ---- */

/* A contestant's promotion the center decided: approved with the
 * certificate issued (certificate_number joined), or rejected with a
 * reason. Levels 1..5, from_level 0: none. */
struct competition_promotion {
	long long id, competition_id, event_id, entry_id, person_id;
	int from_level, to_level, rule_index;
	const char *outcome;         /* comp_promo_name() when decided */
	const char *status, *reason; /* "approved" | "rejected" */
	long long certificate_id;    /* 0 when none */
	const char *decided_by, *decided_at, *certificate_number;
};
/* The competition's row lock for the caller's transaction: deciders of
 * one competition's promotions go one at a time. */
enum store_err store_comp_promote_lock(struct store_conn *c, long long competition_id);
/* The row lock of every contestant (person) of the competition, taken in
 * person id order: a decider of another competition sharing a contestant
 * waits (PostgreSQL), so that each reads the other's certificates before
 * it reads a current level (SQLite's one writer orders them anyway). */
enum store_err store_comp_promote_lock_people(struct store_conn *c, struct arena *a,
					      long long competition_id);
/* The decision naming certificate from_id names to_id instead (its
 * successor, when superseded); nothing when none does. */
enum store_err store_comp_promotion_move(struct store_conn *c, long long from_id,
					 long long to_id);
/* STORE_CONFLICT when the contestant of the entry has a decision. */
enum store_err store_comp_promotion_insert(struct store_conn *c,
					   const struct competition_promotion *p,
					   long long *id);
enum store_err store_comp_promotions_decided(struct store_conn *c, struct arena *a,
					     long long competition_id,
					     struct competition_promotion **items,
					     size_t *n);
/* What a certificate needs of its holder (enrolment_id 0); whether the
 * person has a photo. */
enum store_err store_comp_promote_holder(struct store_conn *c, struct arena *a,
					 long long person_id, struct cert_candidate *out);
/* ---- competition times (store/competition.c, 0029) ---- */
/* Inserts or replaces the time an entry used. */
enum store_err store_comp_time_put(struct store_conn *c, const struct competition_time *t);
/* The times of an event's entries, by entry. */
enum store_err store_comp_times(struct store_conn *c, struct arena *a, long long event_id,
				struct competition_time **items, size_t *n);
/* ---- a judge's own appointments (store/competition_judge.c) ---- */
/* The person's (struct comp_judging, core/competition.h), newest
 * competition first. */
enum store_err store_comp_judging(struct store_conn *c, struct arena *a, long long person_id,
				  struct comp_judging **items, size_t *n);

/* ---- annual commendations (store/commendation.c, issue 14) ---- */
#include "core/commendation.h"

enum store_err store_commend_insert(struct store_conn *c,
				    const struct commendation_campaign *x, long long *id);
enum store_err store_commend_get(struct store_conn *c, struct arena *a, long long id,
				 struct commendation_campaign *out);
/* Every campaign, newest year first; drafts only when with_drafts. */
enum store_err store_commend_list(struct store_conn *c, struct arena *a, bool with_drafts,
				  struct commendation_campaign **items, size_t *n);
/* Takes the campaign's row lock (a no-op update) at the start of the
 * caller's transaction: nominators of one campaign go one at a time, so
 * two cannot both take the last place of a quota. */
enum store_err store_commend_lock(struct store_conn *c, long long id);
/* from → to (STORE_NOT_FOUND when not in from). */
enum store_err store_commend_set_status(struct store_conn *c, long long id,
					const char *from, const char *to, const char *when);
enum store_err store_commend_set_timetable(struct store_conn *c, long long id,
					   const char *nominate_until,
					   const char *review_until, int notice_days,
					   const char *when);
/* The names of the campaign's categories (commendation_category), in the
 * rules' order, into *names (n of them; none for a campaign of 0030). */
enum store_err store_comm_category_names(struct store_conn *c, struct arena *a,
					 long long campaign_id, const char ***names,
					 size_t *n);
/* The campaigns that have no commendation_category rows (made before
 * migration 0031), into *ids. */
enum store_err store_comm_unnamed_campaigns(struct store_conn *c, struct arena *a,
					    long long **ids, size_t *n);
/* Drops the campaign's quotas of a category (taken out of its rules). */
enum store_err store_commend_quota_drop(struct store_conn *c, long long campaign_id,
					const char *category);
/* The campaign's categories as the rules document d names them (code,
 * names, kind, order), replacing any it had (migration 0031). */
enum store_err store_commend_categories_set(struct store_conn *c, long long campaign_id,
					    const struct commend_doc *d);
/* A new version of the rules (the next number) into *version. */
enum store_err store_commend_rules_insert(struct store_conn *c,
					  const struct commendation_rules_row *r,
					  int *version);
/* The rules in force (the latest version), body included. */
enum store_err store_commend_rules_latest(struct store_conn *c, struct arena *a,
					  long long campaign_id,
					  struct commendation_rules_row *out);
enum store_err store_commend_rules_list(struct store_conn *c, struct arena *a,
					long long campaign_id,
					struct commendation_rules_row **items, size_t *n);
/* Sets one quota (insert or replace); quota < 0 removes it (no limit). */
enum store_err store_commend_quota_set(struct store_conn *c, long long campaign_id,
				       const char *category, const char *scope,
				       const char *scope_key, int quota);
enum store_err store_commend_quota_clear(struct store_conn *c, long long campaign_id);
enum store_err store_commend_quotas(struct store_conn *c, struct arena *a,
				    long long campaign_id,
				    struct commendation_quota_row **items, size_t *n);
/* Live nominations (not withdrawn) of a category counted against a scope:
 * all; those whose branch_id is branch (branch > 0); those whose
 * nominator's province is province (non-empty). exclude: a nomination not
 * counted (0: none). */
enum store_err store_commend_count(struct store_conn *c, long long campaign_id,
				   const char *category, long long branch,
				   const char *province, long long exclude, int *out);
enum store_err store_commend_nom_insert(struct store_conn *c,
					const struct commendation_nomination *n,
					long long *id);
enum store_err store_commend_nom_get(struct store_conn *c, struct arena *a, long long id,
				     struct commendation_nomination *out);
/* A campaign's nominations by category and id. */
enum store_err store_commend_noms(struct store_conn *c, struct arena *a,
				  long long campaign_id,
				  struct commendation_nomination **items, size_t *n);
/* Sets status (from → to) with its reason; endorsed_by/at when given. */
enum store_err store_commend_nom_status(struct store_conn *c, long long id,
					const char *from, const char *to, const char *reason,
					const char *endorsed_by, const char *when);
/* A returned nomination's new achievements, back to `submitted`. */
enum store_err store_commend_nom_resubmit(struct store_conn *c, long long id,
					  const char *achievements, const char *figures,
					  const char *when);
/* Nominations of a campaign still `submitted`. */
enum store_err store_commend_submitted(struct store_conn *c, long long campaign_id,
				       int *out);
enum store_err store_commend_att_insert(struct store_conn *c,
					const struct commendation_attachment *x,
					long long *id);
enum store_err store_commend_atts(struct store_conn *c, struct arena *a,
				  long long nomination_id,
				  struct commendation_attachment **items, size_t *n);
enum store_err store_commend_att_get(struct store_conn *c, struct arena *a, long long id,
				     struct commendation_attachment *out);
/* Facts for the eligibility rules: the institution's statuses (its
 * registration date as "registered", then its status log by date); the
 * deadlines of its open findings; sanctions (for a person: certificates
 * revoked for fraud; for an institution (person_id 0): its certificates
 * revoked for fraud, and a revoked registration in its log). */
enum store_err store_commend_history(struct store_conn *c, struct arena *a,
				     long long institution_id,
				     struct commend_status **items, size_t *n);
enum store_err store_commend_open_deadlines(struct store_conn *c, struct arena *a,
					    long long institution_id, const char ***items,
					    size_t *n);
/* The institutions a person is on the staff of (their employer's credit
 * code is the institution's), with the person's work start. */
struct commend_staff {
	long long institution_id;
	const char *work_start; /* NULL when unknown */
};
enum store_err store_commend_staff(struct store_conn *c, struct arena *a,
				   long long person_id, struct commend_staff **items,
				   size_t *n);
enum store_err store_commend_sanctions(struct store_conn *c, long long institution_id,
				       long long person_id, int *out);
/* ---- the figures of a year (store/figures.c, issue 14) ---- */
#define FIGURES_STORE_MAX 5 /* columns of one counting query */
struct figures_filed {
	const char *issued_on, *submitted_at; /* the first batch received that holds it */
};
struct figures_role {
	const char *role; /* plan_staff.role */
	long long plans;
};
struct figures_store {
	long long plans, assessed, passed, appeals, appeals_resolved, certificates;
	long long inspections, insp_pass, insp_rectify, insp_fail, findings_overdue;
	struct figures_filed *filed; /* the year's certificates filed */
	size_t nfiled;
	/* a person's */
	long long judged, awards, promotions;
	struct figures_role *roles;
	size_t nroles;
};
/* One institution's (itself only) counts of year; today for overdue
 * findings. docs/commendations.md "Figures" defines each. */
enum store_err store_figures_institution(struct store_conn *c, struct arena *a,
					 long long institution_id, int year,
					 const char *today, struct figures_store *out);
/* The competitions of year (not drafts) the institution organises or
 * co-organises (center: also those organised by the center). */
enum store_err store_figures_hosted(struct store_conn *c, struct arena *a,
				    long long institution_id, bool center, int year,
				    long long **ids, size_t *n);
/* One person's: plans staffed (plans), candidates in them who sat
 * (assessed), roles, competitions judged, awards, promotions. */
enum store_err store_figures_person(struct store_conn *c, struct arena *a,
				    long long person_id, int year,
				    struct figures_store *out);
/* ---- commendations: the review panel, rounds, the tally, the notice
 * (store/commendation_review.c, issue 14; schema 0030) ---- */
/* the types: core/commendation_review.h */
/* The campaign; with lock, its row locked for the caller's transaction. */
enum store_err store_comm_rev_campaign(struct store_conn *c, struct arena *a, long long id,
				       bool lock, struct comm_rev_campaign *out);
/* reviewing -> notice with the window; STORE_NOT_FOUND unless reviewing. */
enum store_err store_comm_rev_set_notice(struct store_conn *c, long long id,
					 const char *start, const char *end,
					 const char *now);
/* The campaign's nominations (all statuses), by category then id. */
enum store_err store_comm_rev_nominations(struct store_conn *c, struct arena *a,
					  long long campaign_id,
					  struct comm_rev_nomination **items, size_t *n);
/* The tally's result on one nomination (has_rank / has_score false: NULL). */
enum store_err store_comm_rev_nomination_tally(struct store_conn *c,
					       const struct comm_rev_nomination *x,
					       const char *now);
/* proposed -> dropped with the reason; STORE_NOT_FOUND unless proposed. */
enum store_err store_comm_rev_nomination_drop(struct store_conn *c, long long id,
					      const char *reason, const char *now);
enum store_err store_comm_rev_reviewers(struct store_conn *c, struct arena *a,
					long long campaign_id,
					struct comm_rev_reviewer **items, size_t *n);
/* STORE_CONFLICT when the person is on the panel already. */
enum store_err store_comm_rev_reviewer_insert(struct store_conn *c,
					      const struct comm_rev_reviewer *r,
					      long long *id);
enum store_err store_comm_rev_reviewer_delete(struct store_conn *c, long long campaign_id,
					      long long id);
/* How many votes the reviewer has entered, in any round. */
enum store_err store_comm_rev_reviewer_votes(struct store_conn *c, long long reviewer_id,
					     long long *n);
/* The campaign's rounds by seq. */
enum store_err store_comm_rev_rounds(struct store_conn *c, struct arena *a,
				     long long campaign_id, struct comm_rev_round **items,
				     size_t *n);
enum store_err store_comm_rev_round_insert(struct store_conn *c,
					   const struct comm_rev_round *r, long long *id);
/* open -> closed; STORE_NOT_FOUND unless open. */
enum store_err store_comm_rev_round_close(struct store_conn *c, long long id,
					  const char *now);
/* A later round closed: the campaign's tally is void (proposed and
 * not_proposed back to endorsed, rank and score cleared); *n how many. */
enum store_err store_comm_rev_tally_reset(struct store_conn *c, long long campaign_id,
					  const char *now, long long *n);
/* The round's votes. */
enum store_err store_comm_rev_votes(struct store_conn *c, struct arena *a,
				    long long round_id, struct comm_rev_vote **items,
				    size_t *n);
/* Inserts or replaces a reviewer's vote on a nomination in a round. */
enum store_err store_comm_rev_vote_put(struct store_conn *c, const struct comm_rev_vote *v);
enum store_err store_comm_rev_objections(struct store_conn *c, struct arena *a,
					 long long campaign_id,
					 struct comm_rev_objection **items, size_t *n);
enum store_err store_comm_rev_objection_get(struct store_conn *c, struct arena *a,
					    long long id, struct comm_rev_objection *out);
enum store_err store_comm_rev_objection_insert(struct store_conn *c,
					       const struct comm_rev_objection *o,
					       long long *id);
/* open -> upheld | dismissed; STORE_NOT_FOUND unless open. */
enum store_err store_comm_rev_objection_resolve(struct store_conn *c, long long id,
						const char *status, const char *resolution,
						const char *by, const char *now);
/* The category's quota of scope 'all' (key ''), -1 when none is set. */
enum store_err store_comm_rev_quota(struct store_conn *c, long long campaign_id,
				    const char *category, long long *quota);
/* How many objections of the campaign are open. */
enum store_err store_comm_rev_objections_open(struct store_conn *c, long long campaign_id,
					      long long *n);
/* ---- commendations: the decision and honour certificates (表彰决定,
 * 荣誉证书, issue 14, store/commendation_decision.c) ---- */
/* A campaign as the decision reads it ("" for unset dates). */
struct comm_dcampaign {
	long long id;
	int year;
	const char *title, *status, *notice_end, *decision_no, *decision_date, *signatory;
};
enum store_err store_comm_dcampaign_get(struct store_conn *c, struct arena *a,
					long long id, struct comm_dcampaign *out);
/* notice → decided with the decision's fields: STORE_NOT_FOUND when the
 * campaign is not (or no longer) in notice. */
enum store_err store_comm_decide(struct store_conn *c, long long id,
				 const char *decision_no, const char *decision_date,
				 const char *signatory, const char *now);
/* A nomination with its names: the institution's, the person's ("" for
 * a collective), the category's ("" when none). */
struct comm_nominee {
	long long nomination_id, institution_id, person_id;
	const char *category, *institution_name, *person_name;
	const char *category_name, *category_name_en;
	int rank;
};
/* The campaign's nominations in status, by category (the document's
 * order), collectives first,
 * then by rank. */
enum store_err store_comm_nominees(struct store_conn *c, struct arena *a,
				   long long campaign_id, const char *status,
				   struct comm_nominee **items, size_t *n);
/* proposed → commended (STORE_NOT_FOUND when not proposed). */
enum store_err store_comm_nomination_commend(struct store_conn *c, long long id,
					     const char *now);
enum store_err store_cert_honour_insert(struct store_conn *c, long long certificate_id,
					long long campaign_id, long long nomination_id,
					const char *category, long long institution_id,
					long long person_id);
/* The honour row of certificate from, for its successor to (supersedes from). */
enum store_err store_cert_honour_copy(struct store_conn *c, long long from, long long to);
/* The campaign's decision number and date ("" when none or no campaign). */
enum store_err store_comm_decision_of(struct store_conn *c, struct arena *a,
				      long long campaign_id, const char **decision_no,
				      const char **decision_date);
/* The latest rules document's body of the campaign (NULL when none). */
enum store_err store_comm_rules_body(struct store_conn *c, struct arena *a,
				     long long campaign_id, const char **body);
/* The registry's center (the institution of type "center", the first):
 * STORE_NOT_FOUND when the registry has none. */
enum store_err store_comm_center_id(struct store_conn *c, long long *id);
/* The categories of the valid honour certificates, each code once, named
 * as its latest campaign names it, in that campaign's order. */
enum store_err store_comm_honour_categories(struct store_conn *c, struct arena *a,
					    struct comm_category **items, size_t *n);
/* Honour certificates filtered by year (0 any), category ("" any), the
 * institution (0 any: a collective's, or its staff's), the person (0 any),
 * and valid_only (the roll: revoked, suspended, superseded left out). */
enum store_err store_comm_honours(struct store_conn *c, struct arena *a, int year,
				  const char *category, long long institution_id,
				  long long person_id, bool valid_only,
				  struct comm_honour **items, size_t *n);

/* ---- apprenticeships (store/apprenticeship.c, migration 0032) ---- */
#include "core/apprenticeship.h"

/* A class as a draft (status, filing and agreement left empty). */
enum store_err store_appr_class_insert(struct store_conn *c, const struct appr_class *x,
				       long long *id);
enum store_err store_appr_class_get(struct store_conn *c, struct arena *a, long long id,
				    struct appr_class *out);
/* Classes, newest first: of the institutions in ids[0..n) (n 0: every one). */
enum store_err store_appr_classes(struct store_conn *c, struct arena *a,
				  const long long *ids, size_t nids,
				  struct appr_class **items, size_t *n);
/* Moves the class from status from to to: STORE_NOT_FOUND when it is not
 * in from (any more). */
enum store_err store_appr_class_status(struct store_conn *c, long long id,
				       const char *from, const char *to, const char *now);
/* The agreement and the filing (备案), set when the class is filed. */
enum store_err store_appr_class_filing(struct store_conn *c, long long id,
				       const struct appr_class *f, const char *now);
enum store_err store_appr_course_insert(struct store_conn *c, const struct appr_course *x,
					long long *id);
enum store_err store_appr_courses(struct store_conn *c, struct arena *a, long long class_id,
				  struct appr_course **items, size_t *n);
/* STORE_CONFLICT: the person is an apprentice of the class already. */
enum store_err store_apprentice_insert(struct store_conn *c, const struct apprentice *x,
				       long long *id);
enum store_err store_apprentice_get(struct store_conn *c, struct arena *a, long long id,
				    struct apprentice *out);
/* The apprentices of a class (class_id) or of a person (person_id), in
 * order of id. */
enum store_err store_apprentices(struct store_conn *c, struct arena *a, long long class_id,
				 long long person_id, struct apprentice **items, size_t *n);
/* Moves the apprentice from status from to to with its reason and date
 * (completed_on set when to is completed). */
enum store_err store_apprentice_status(struct store_conn *c, long long id, const char *from,
				       const char *to, const char *reason, const char *on);
/* An interruption opened on from (the step active -> interrupted), and
 * the open one closed on to (interrupted -> active or withdrawn). */
enum store_err store_appr_interruption_open(struct store_conn *c, long long apprentice_id,
					    const char *from, const char *reason);
enum store_err store_appr_interruption_close(struct store_conn *c,
					     long long apprentice_id, const char *to);
/* The interruptions of a class's apprentices (class_id) or of one
 * apprentice (apprentice_id), by apprentice and date; to_on "" while
 * open. */
enum store_err store_appr_interruptions(struct store_conn *c, struct arena *a,
					long long class_id, long long apprentice_id,
					struct appr_interruption **items, size_t *n);
/* The person's row locked for the transaction, and in *n the classes
 * other than class_id where the person is an apprentice active or
 * interrupted. */
enum store_err store_apprentice_elsewhere(struct store_conn *c, long long person_id,
					  long long class_id, long long *n);
/* STORE_NOT_FOUND when the apprentice is enrolled already. */
enum store_err store_apprentice_enrolled(struct store_conn *c, long long id,
					 long long enrolment_id);
enum store_err store_appr_progress_insert(struct store_conn *c,
					  const struct appr_progress *x, long long *id);
enum store_err store_appr_progress(struct store_conn *c, struct arena *a,
				   long long apprentice_id, struct appr_progress **items,
				   size_t *n);
/* The advance paid for an apprentice-year, set (replacing one set before). */
enum store_err store_appr_advance_set(struct store_conn *c, long long apprentice_id,
				      int year, int advance, const char *by,
				      const char *at);
/* The enrolments of plan_id made on a completed apprenticeship. */
enum store_err store_appr_evidence(struct store_conn *c, struct arena *a, long long plan_id,
				   struct appr_evidence **items, size_t *n);
/* The class's apprentices with the year's advance and the best level of
 * their skill certificates of the class's occupation (the claim list). */
enum store_err store_appr_claim(struct store_conn *c, struct arena *a, long long class_id,
				int year, struct apprentice **items, size_t *n);
/* ---- training and online courses (store/training.c, migration 0033) ---- */
#include "core/training.h"

enum store_err store_training_course_insert(struct store_conn *c,
					    const struct training_course *x, long long *id);
/* One course with its institution's name and its counts. */
enum store_err store_training_course_get(struct store_conn *c, struct arena *a,
					 long long id, struct training_course *out);
/* Courses, newest first: of one institution (0 = every one), status ("" any). */
enum store_err store_training_courses(struct store_conn *c, struct arena *a,
				      long long institution_id, const char *status,
				      struct training_course **items, size_t *n);
/* Moves the course from status `from` to `to`: STORE_NOT_FOUND when it is
 * not in `from` (any more). */
enum store_err store_training_course_status(struct store_conn *c, long long id,
					    const char *from, const char *to);
/* Inserts a lesson at the end of the course (position = last + 1). */
enum store_err store_training_lesson_insert(struct store_conn *c,
					    const struct training_lesson *x, long long *id);
/* The course's lessons in order, without their data. */
enum store_err store_training_lessons(struct store_conn *c, struct arena *a,
				      long long course_id, struct training_lesson **items,
				      size_t *n);
/* One lesson; with its data (base64) when with_data. */
enum store_err store_training_lesson_get(struct store_conn *c, struct arena *a, long long id,
					 bool with_data, struct training_lesson *out);
enum store_err store_training_session_insert(struct store_conn *c,
					     const struct training_session *x,
					     long long *id);
enum store_err store_training_sessions(struct store_conn *c, struct arena *a,
				       long long course_id,
				       struct training_session **items, size_t *n);
enum store_err store_training_session_get(struct store_conn *c, struct arena *a,
					  long long id, struct training_session *out);
enum store_err store_training_enrol(struct store_conn *c, long long course_id,
				    long long person_id, const char *now, long long *id);
enum store_err store_training_enrolment_get(struct store_conn *c, struct arena *a,
					    long long id, struct training_enrolment *out);
/* The enrolment of person in course: STORE_NOT_FOUND when none. */
enum store_err store_training_enrolment_of(struct store_conn *c, struct arena *a,
					   long long course_id, long long person_id,
					   struct training_enrolment *out);
/* A course's enrolments (course_id) or a person's (person_id), in id order. */
enum store_err store_training_enrolments(struct store_conn *c, struct arena *a,
					 long long course_id, long long person_id,
					 struct training_enrolment **items, size_t *n);
/* Sets the status (and completed_on when completing) of an enrolment still
 * "enrolled": STORE_NOT_FOUND when it is not. */
enum store_err store_training_enrolment_status(struct store_conn *c, long long id,
					       const char *status,
					       const char *completed_on);
/* Records a lesson completed (once; a second time changes nothing). */
enum store_err store_training_progress_add(struct store_conn *c, long long enrolment_id,
					   long long lesson_id, const char *now);
/* The lessons an enrolment completed. */
enum store_err store_training_progress(struct store_conn *c, struct arena *a,
				       long long enrolment_id,
				       struct training_progress **items, size_t *n);
/* Records (or changes) attendance of an enrolment at a session. */
enum store_err store_training_attendance_set(struct store_conn *c,
					     const struct training_attendance *x);
/* The attendance of a course's sessions. */
enum store_err store_training_attendance(struct store_conn *c, struct arena *a,
					 long long course_id,
					 struct training_attendance **items, size_t *n);
/* Recomputes hours_done of an enrolment (lessons completed plus sessions
 * attended) and reads it into *hours. */
enum store_err store_training_hours_refresh(struct store_conn *c, long long enrolment_id,
					    int *hours);
/* The training certificate's side row (migration 0033). */
enum store_err store_cert_training_insert(struct store_conn *c,
					  const struct cert_training *t);
enum store_err store_cert_training_get(struct store_conn *c, struct arena *a,
				       long long certificate_id, struct cert_training *out);
/* A successor's copy of from's row; the enrolment then names the successor. */
enum store_err store_cert_training_copy(struct store_conn *c, long long from, long long to);
/* Links a completed enrolment without a certificate to certificate_id:
 * STORE_NOT_FOUND when it is not completed or has one already. */
enum store_err store_training_enrolment_certify(struct store_conn *c, long long enrolment_id,
						long long certificate_id);
/* ---- enterprise self-evaluation (issue 15, store/selfeval.c) ---- */

enum store_err store_selfeval_hr_get(struct store_conn *c, struct arena *a,
				     long long institution_id, struct selfeval_hr *out);
enum store_err store_selfeval_hr_put(struct store_conn *c, long long institution_id,
				     const struct selfeval_hr *hr);
/* The plan's candidate pool and its partner companies (by credit code). */
enum store_err store_selfeval_pool_get(struct store_conn *c, struct arena *a,
				       long long plan_id, const char **pool,
				       struct plan_partner **partners, size_t *n);
/* Replaces the plan's pool and partners. */
enum store_err store_selfeval_pool_put(struct store_conn *c, long long plan_id,
				       const char *pool,
				       const struct plan_partner *partners, size_t n);
/* People whose employer credit code is code, by the highest (smallest)
 * level of their valid skill certificates: counts[0] without one,
 * counts[1..5] by level. */
/* The apprentices of the classes an institution runs (migration 0032) by
 * their status (stages: active, interrupted, withdrawn, completed, in
 * that order), and how many of them are enrolled into a plan; *classes:
 * its classes not closed. */
enum store_err store_selfeval_apprentices(struct store_conn *c, long long institution_id,
					  long long stages[4], long long *enrolled,
					  long long *classes);
enum store_err store_selfeval_staff_levels(struct store_conn *c, const char *code,
					   long long counts[6]);
/* The valid skill certificates of those people issued on or after since. */
enum store_err store_selfeval_staff_certs(struct store_conn *c, struct arena *a,
					  const char *code, const char *since,
					  struct selfeval_cert **items, size_t *n);

/* Post-skill specifications: STORE_CONFLICT when the institution has that
 * code and version already. */
enum store_err store_post_spec_insert(struct store_conn *c, const struct post_spec_row *r,
				      long long *id);
enum store_err store_post_spec_get(struct store_conn *c, struct arena *a, long long id,
				   struct post_spec_row *out);
/* The institution's, newest first (bodies left out). */
enum store_err store_post_spec_list(struct store_conn *c, struct arena *a,
				    long long institution_id,
				    struct post_spec_row **items, size_t *n);
/* The plan's specification (0: none). */
enum store_err store_plan_post_spec(struct store_conn *c, long long plan_id, long long *id);
enum store_err store_plan_post_spec_put(struct store_conn *c, long long plan_id,
					long long post_spec_id);

/* The network's figures (issue 16, migration 0035; store/statistics.c). */
#include "core/statistics.h"

/* An institution as the figures see it: its parent (0 = none). */
struct stat_inst {
	long long id, parent_id;
	const char *type, *province, *name;
};
struct stat_occupation {
	const char *code, *name;
};
/* A standard some plan uses, with the post-skill specification such a
 * plan names (post_spec_id 0, post_spec NULL: none). */
struct stat_standard {
	long long id, post_spec_id;
	const char *definition, *post_spec;
};
/* The cells summed by a dimension: key as text; institution_id 0 unless
 * asked per institution. */
struct stat_sum {
	long long institution_id;
	const char *key;
	long long v[STAT_MEASURES];
};
/* The year's figures counted from the base tables (a read), merged into
 * cells (province and branch left to the caller). */
enum store_err store_stats_count(struct store_conn *c, struct arena *a, int year,
				 int on_time_days, struct stat_cell **cells, size_t *n);
/* The years any base table has figures for (2000..2100), newest first. */
enum store_err store_stats_data_years(struct store_conn *c, struct arena *a, int **years,
				      size_t *n);
/* The years refreshed (stat_year), newest first. */
enum store_err store_stats_years(struct store_conn *c, struct arena *a, int **years,
				 size_t *n);
/* Every (standard, post-skill specification) pair the plans use, with
 * the definitions, ordered by standard then specification. */
enum store_err store_stats_standards(struct store_conn *c, struct arena *a,
				     struct stat_standard **items, size_t *n);
enum store_err store_stats_pass_marks_clear(struct store_conn *c);
/* The pass mark of a plan of the standard under the specification (0:
 * none) at the level, for the component (migration 0037); written over
 * a row already there (another process's refresh may have put it). */
enum store_err store_stats_pass_mark_put(struct store_conn *c, long long standard_id,
					 long long post_spec_id, int level,
					 const char *component, int tenths);
/* Replaces the year's cells (branch[i], province[i] those of cells[i])
 * and records the refresh in stat_year. */
enum store_err store_stats_replace(struct store_conn *c, int year,
				   const struct stat_cell *cells, const long long *branch,
				   const char *const *province, size_t n,
				   const char *refreshed_at, long long millis);
enum store_err store_stats_institutions(struct store_conn *c, struct arena *a,
					struct stat_inst **items, size_t *n);
/* code, name: every edition's, the newest edition first within a code */
enum store_err store_stats_occupations(struct store_conn *c, struct arena *a,
				       struct stat_occupation **items, size_t *n);
/* A row behind a figure: ref the id its page is found by (the plan of an
 * enrolment, the competition of an entrant, ...); title a person's name
 * for enrolments, corrections, appeals, entrants, apprentices, trainees;
 * detail the catalog key of its outcome or status ("result.outcome.pass",
 * "cert.status.revoked", ...), for an entrant the competition's name. */
struct stat_detail_row {
	long long id, institution_id, ref;
	const char *title, *detail, *date;
};
/* Whose rows are read: every institution's (and those of none), or the
 * subtrees of roots (none: nobody's). */
struct store_scope {
	bool all;
	const long long *roots;
	size_t nroots;
};
/* The cells within f's years, province, branch, occupation and level
 * and of the scope's institutions (f->institution_id is the caller's to
 * fold into scope), summed by `by` in SQL: rows[i].key the key,
 * rows[i].institution_id 0. */
enum store_err store_stats_sum(struct store_conn *c, struct arena *a,
			       const struct stat_filter *f, enum stat_dim by,
			       const struct store_scope *scope, struct stat_sum **rows,
			       size_t *n);
/* The rows behind measure m within f (years, province, branch: the
 * institutions whose nearest branch center is it, occupation, level;
 * f->institution_id is the caller's to fold into scope) and the scope,
 * filtered and paged in SQL: *total the count, *rows at most limit rows
 * from offset, ordered by id. */
enum store_err store_stats_details(struct store_conn *c, struct arena *a,
				   enum stat_measure m, const struct stat_filter *f,
				   const struct store_scope *scope, int on_time_days,
				   int offset, int limit, struct stat_detail_row **rows,
				   size_t *n, long long *total);
/* Every year's cells summed by province (open data): rows[i].institution_id
 * holds the year, rows[i].key the province. */
enum store_err store_stats_year_province(struct store_conn *c, struct arena *a,
					 struct stat_sum **rows, size_t *n);
/* The oldest refresh of the years in [from, to] (0 = open), NULL = none. */
enum store_err store_stats_refreshed(struct store_conn *c, struct arena *a, int year_from,
				     int year_to, const char **oldest);

/* The annual report (issue 16; store/stats_report.c): the inspections of
 * year (their year column) and the findings they raised, network-wide. */
enum store_err store_report_inspections(struct store_conn *c, struct arena *a, int year,
					struct inspection **items, size_t *n);
enum store_err store_report_findings(struct store_conn *c, struct arena *a, int year,
				     struct finding **items, size_t *n);
/* ---- supervision flags (store/supervision.c, issue 16) ---- */

#include "core/supervision.h"

/* The rows a supervision scan reads for one year: ni integer columns then
 * nt text ones, as each query's comment in store/supervision.c says. */
struct sup_row {
	long long n[6];
	const char *t[6];
};
enum store_sup_query {
	SUPQ_PASS,    /* institution, level, assessed, passed; occupation */
	SUPQ_SCORES,  /* institution, plan, enrolment, assessor, tenths; component */
	SUPQ_THEORY,  /* institution, enrolment, tenths */
	SUPQ_ENTRIES, /* institution, plan, enrolment; entered_by, component, entered_at */
	SUPQ_ASSESSED,    /* institution, assessed */
	SUPQ_CORRECTIONS, /* institution, correction, enrolment (approved) */
	SUPQ_UNFILED,     /* institution, certificate (issued before the cutoff) */
	SUPQ_PLANS,       /* institution, plan, level; theory_on, practical_on, review_on,
			   * occupation, registered_on, valid_until */
	SUPQ_STATUS_LOG,  /* institution; at, from_status, to_status, status now */
	SUPQ_STAFF,       /* institution, plan_staff, overridden (0/1) */
	SUPQ_APPEALS,     /* institution, appeal */
	SUPQ_TERMS,       /* institution, registration, renewal (0/1); approval date
			   * (approved, of the year's plans' institutions, in order) */
	SUPQ_COUNT
};
/* The rows of query q for year (cutoff: SUPQ_UNFILED's issue date before
 * which a certificate is overdue; else unused), in a. */
enum store_err store_sup_rows(struct store_conn *c, struct arena *a,
			      enum store_sup_query q, int year, const char *cutoff,
			      struct sup_row **rows, size_t *n);
/* The same for the plans with ids plan_from..plan_to only (SUPQ_SCORES,
 * SUPQ_THEORY and SUPQ_ENTRIES; the other queries ignore the range): a
 * scan reads the year's score rows a slice of plans at a time. */
enum store_err store_sup_rows_plans(struct store_conn *c, struct arena *a,
				    enum store_sup_query q, int year, const char *cutoff,
				    long long plan_from, long long plan_to,
				    struct sup_row **rows, size_t *n);

enum store_err store_sup_flag_insert(struct store_conn *c, const struct sup_flag *f,
				     long long *id);
/* An open flag raised again: its figures now (and reopened from cleared). */
enum store_err store_sup_flag_refresh(struct store_conn *c, const struct sup_flag *f);
/* An open flag no longer raised. */
enum store_err store_sup_flag_clear(struct store_conn *c, long long id, const char *now);
/* Decides an open flag: status dismissed or finding; STORE_CONFLICT when
 * it is not open (any more). */
enum store_err store_sup_flag_decide(struct store_conn *c, long long id,
				     const char *status, const char *note,
				     long long finding_id, const char *by, const char *at);
enum store_err store_sup_flag_get(struct store_conn *c, struct arena *a, long long id,
				  struct sup_flag *out);
/* Whose flags are listed: every institution's, or the subtrees of roots
 * (none: nobody's). */
/* The flags matching f within scope (filtered in SQL before the page is
 * cut): *total their count, *items at most limit of them from offset,
 * newest year first, then rule, subject and id. */
enum store_err store_sup_flag_list(struct store_conn *c, struct arena *a,
				   const struct sup_flag_filter *f,
				   const struct store_scope *scope, int offset, int limit,
				   struct sup_flag **items, size_t *n, long long *total);
/* The title of an evidence row and the plan it belongs to (0 when none):
 * kind plan, enrolment, certificate, appeal, correction, staff. */
enum store_err store_sup_evidence(struct store_conn *c, struct arena *a, const char *kind,
				  long long id, const char **title, long long *plan_id);

/* ---- Idempotency-Key (store/idempotency.c, issue 18) ---- */

/* One key's row: status 0 = not answered yet; body NULL with a status =
 * the answer was not kept (only its status). */
struct idem_row {
	const char *fingerprint, *created_at;
	int status;
	const char *content_type, *location, *body;
};
/* The row of (scope, key) created at or after since; STORE_NOT_FOUND when
 * none (an older one has expired: as if absent). */
enum store_err store_idem_get(struct store_conn *c, struct arena *a, const char *scope,
			      const char *key, const char *since, struct idem_row *out);
/* Takes (scope, key) for fingerprint at created_at inside the caller's
 * transaction (an expired row of it, older than since, is removed
 * first): STORE_CONFLICT when a live row holds it (committed by another
 * transaction; on PostgreSQL after waiting for one in flight, whose
 * transaction is then aborted: roll back). */
enum store_err store_idem_claim(struct store_conn *c, const char *scope, const char *key,
				const char *fingerprint, const char *created_at,
				const char *since);
/* Stores the answer of a claimed key (body NULL: not kept);
 * STORE_NOT_FOUND when the row is gone or answered already. */
enum store_err store_idem_answer(struct store_conn *c, const char *scope, const char *key,
				 int status, const char *content_type,
				 const char *location, const char *body);
/* Removes every row created before before; *n how many (may be NULL). */
enum store_err store_idem_purge(struct store_conn *c, const char *before, long long *n);
/* ---- webhooks (store/webhook.c, issue 18) ---- */
#include "core/webhook.h"
enum store_err store_webhook_sub_insert(struct store_conn *c, const struct webhook_sub *s,
					long long *id);
/* STORE_NOT_FOUND for a removed one too. */
enum store_err store_webhook_sub_get(struct store_conn *c, struct arena *a, long long id,
				     struct webhook_sub *out);
enum store_err store_webhook_sub_list(struct store_conn *c, struct arena *a,
				      struct webhook_sub **items, size_t *n);
/* url, events, description, active, updated_at of s->id. */
enum store_err store_webhook_sub_update(struct store_conn *c, const struct webhook_sub *s);
enum store_err store_webhook_sub_secret(struct store_conn *c, long long id,
					const char *sealed, const char *at);
/* Marks it removed; its pending deliveries become failed. */
enum store_err store_webhook_sub_remove(struct store_conn *c, long long id, const char *at);
/* Whether any subscription is active (an event of nobody's is not written). */
enum store_err store_webhook_any_active(struct store_conn *c, bool *yes);
enum store_err store_webhook_event_add(struct store_conn *c, const char *kind,
				       long long institution_id, const char *object_type,
				       const char *object_id, const char *payload,
				       const char *at, long long *id);
/* One pending delivery of event_id (of kind) for every active
 * subscription that takes kind and covers the institution whose ancestry
 * is the text ",3,17," ("" for none: only the network's subscriptions). */
enum store_err store_webhook_fanout(struct store_conn *c, long long event_id,
				    const char *kind, const char *ancestry, const char *at);
/* One pending delivery of event_id to subscription_id (ping, replay). */
enum store_err store_webhook_deliver_to(struct store_conn *c, long long event_id,
					long long subscription_id, const char *at,
					long long *id);
/* A certificate.issued event for every certificate of plan_id past
 * after_cert_id, and their deliveries, in two statements. */
enum store_err store_webhook_issued_bulk(struct store_conn *c, long long plan_id,
					 long long after_cert_id, const char *ancestry,
					 const char *created, const char *at);
/* The certificate.issued event of one certificate (the same payload as
 * store_webhook_issued_bulk's) and its deliveries. */
enum store_err store_webhook_issued_one(struct store_conn *c, long long cert_id,
					const char *ancestry, const char *created,
					const char *at);
/* The greatest certificate id so far (0 = none). */
enum store_err store_webhook_last_cert(struct store_conn *c, long long *id);
/* The oldest pending delivery of each active subscription, when it is due
 * at now and not leased, at most limit, the longest waiting first. */
enum store_err store_webhook_heads(struct store_conn *c, struct arena *a, const char *now,
				   long long limit, struct webhook_delivery **items,
				   size_t *n);
/* Leases a pending delivery that is due (next_at <= now) to owner (a
 * random token of the attempt) until lease_until and counts the attempt:
 * STORE_CONFLICT when another sender holds it, it is not due or done. */
enum store_err store_webhook_claim(struct store_conn *c, long long id, const char *now,
				   const char *lease_until, const char *owner);
/* An attempt's outcome, written only while owner still holds the lease of
 * the pending delivery (else STORE_CONFLICT, nothing changed): state, the
 * HTTP status (0 = none), the error (NULL on success), when delivered
 * (NULL = not), the next try. */
enum store_err store_webhook_done(struct store_conn *c, long long id, const char *owner,
				  const char *state, long long status, const char *error,
				  const char *delivered_at, const char *next_at);
/* A subscription's deliveries, newest first, those before id `before`
 * (0 = from the newest), at most limit. */
enum store_err store_webhook_deliveries(struct store_conn *c, struct arena *a,
					long long subscription_id, long long before,
					long long limit, struct webhook_delivery **items,
					size_t *n);
enum store_err store_webhook_delivery_get(struct store_conn *c, struct arena *a,
					  long long id, struct webhook_delivery *out);

/* ---- the item bank of theory exams (store/exam_item.c, migration 0041) ---- */
#include "core/item.h"

/* STORE_CONFLICT when (institution, occupation, level, ref, version)
 * exists. */
enum store_err store_exam_item_insert(struct store_conn *c, const struct exam_item_row *x,
				      long long *id);
enum store_err store_exam_item_get(struct store_conn *c, struct arena *a, long long id,
				   struct exam_item_row *out);
/* Newest first. */
enum store_err store_exam_items(struct store_conn *c, struct arena *a,
				const struct exam_item_filter *f,
				struct exam_item_row **items, size_t *n);
/* Writes x's content and workflow columns (kind … updated_at), only while
 * the row is still in status `from`: STORE_NOT_FOUND otherwise. */
enum store_err store_exam_item_save(struct store_conn *c, const struct exam_item_row *x,
				    const char *from);
/* The highest version of x's ref in its bank (0 = none). */
enum store_err store_exam_item_last_version(struct store_conn *c,
					    const struct exam_item_row *x, int *version);

/* ---- blueprints and papers of theory exams (store/exam_paper.c,
 * migration 0042) ---- */
#include "core/exam_paper.h"

/* STORE_CONFLICT when the bank has the version already. */
enum store_err store_exam_blueprint_insert(struct store_conn *c,
					   const struct exam_blueprint_row *b,
					   long long *id);
enum store_err store_exam_blueprint_get(struct store_conn *c, struct arena *a,
					long long id, struct exam_blueprint_row *out);
/* The blueprints of institution_id (0 = every institution's). */
enum store_err store_exam_blueprints(struct store_conn *c, struct arena *a,
				     long long institution_id,
				     struct exam_blueprint_row **items, size_t *n);
/* The approved items of a bank, by ref, each with how many papers used
 * its ref (any version). */
enum store_err store_exam_bank(struct store_conn *c, struct arena *a,
			       long long institution_id, const char *occupation_code,
			       int level, struct exam_bank_row **items, size_t *n);
/* A draft paper (plan_id, blueprint_id, seed, warnings, created_by,
 * created_at), then its items one by one, in the caller's transaction. */
enum store_err store_exam_paper_insert(struct store_conn *c,
				       const struct exam_paper_row *p, long long *id);
enum store_err store_exam_paper_item_insert(struct store_conn *c, long long paper_id,
					    int position, long long item_id, int score);
enum store_err store_exam_paper_get(struct store_conn *c, struct arena *a, long long id,
				    struct exam_paper_row *out);
enum store_err store_exam_papers(struct store_conn *c, struct arena *a, long long plan_id,
				 struct exam_paper_row **items, size_t *n);
/* The paper's items in order, each with its version row. */
enum store_err store_exam_paper_items(struct store_conn *c, struct arena *a,
				      long long paper_id,
				      struct exam_paper_item_row **items, size_t *n);
/* draft -> sealed with the digest; STORE_NOT_FOUND when not a draft. */
enum store_err store_exam_paper_seal(struct store_conn *c, long long id,
				     const char *digest, const char *by, const char *at);

/* ---- the online exam (store/exam_attempt.c, migration 0043) ---- */
#include "core/exam.h"

/* A sealed paper's sitting opened at starts_at (again: moved);
 * STORE_NOT_FOUND when not sealed or closed already. */
enum store_err store_exam_paper_open(struct store_conn *c, long long id,
				     const char *starts_at, const char *by);
/* STORE_NOT_FOUND when not open or closed already. */
enum store_err store_exam_paper_close(struct store_conn *c, long long id, const char *at);
/* The enrolled (not withdrawn) enrolment a claim code's hash names. */
enum store_err store_claim_code_enrolment(struct store_conn *c, const char *code_hash,
					  long long *enrolment_id, long long *plan_id);
/* The person's enrolment (enrolled) at a plan with an open sitting, the
 * earliest start first. */
enum store_err store_exam_enrolment_of_person(struct store_conn *c, long long person_id,
					      long long *enrolment_id, long long *plan_id);
/* The theory component locked unless it is already (*inserted false
 * then, nothing changed: ON CONFLICT DO NOTHING, so a transaction on
 * PostgreSQL goes on). */
enum store_err store_component_put_new(struct store_conn *c,
				       const struct component_row *m, bool *inserted);
/* A new attempt in progress (paper_id, enrolment_id, seed, started_at);
 * STORE_CONFLICT when the enrolment has one at the paper. */
enum store_err store_exam_attempt_insert(struct store_conn *c,
					 const struct exam_attempt_row *x,
					 const char *token_hash, long long *id);
enum store_err store_exam_attempt_get(struct store_conn *c, struct arena *a, long long id,
				      struct exam_attempt_row *out);
enum store_err store_exam_attempt_by_token(struct store_conn *c, struct arena *a,
					   const char *token_hash,
					   struct exam_attempt_row *out);
enum store_err store_exam_attempt_of(struct store_conn *c, struct arena *a,
				     long long paper_id, long long enrolment_id,
				     struct exam_attempt_row *out);
enum store_err store_exam_attempts(struct store_conn *c, struct arena *a, long long paper_id,
				   struct exam_attempt_row **items, size_t *n);
/* A new token's hash for the attempt (the old one stops working). */
enum store_err store_exam_attempt_token(struct store_conn *c, long long id,
					const char *token_hash);
/* Saves an answer at a shown position and the attempt's saved_at and count
 * answered (into *answered), the attempt's row taken first; STORE_NOT_FOUND
 * (nothing written) when it is no longer in progress. */
enum store_err store_exam_answer_put(struct store_conn *c, long long attempt_id,
				     int position, const char *answer, const char *at,
				     int *answered);
enum store_err store_exam_answers(struct store_conn *c, struct arena *a,
				  long long attempt_id, struct exam_answer_row **items,
				  size_t *n);
/* in_progress -> status at `at`, taking the attempt's row (a save or
 * another hand-in waits for it); STORE_NOT_FOUND when it was finished
 * already. */
enum store_err store_exam_attempt_end(struct store_conn *c, long long id,
				      const char *status, const char *at);
/* What marking found: x->tenths, nright and where the total went
 * (marked_into: "theory", or why not). */
enum store_err store_exam_attempt_marked(struct store_conn *c,
					 const struct exam_attempt_row *x);
/* Takes the row lock of the plan's papers (only paper id when not 0), so
 * that opening, signing in and closing a sitting take their turns. */
enum store_err store_exam_paper_lock(struct store_conn *c, long long plan_id, long long id);
/* What marking found of each item of the paper (at its position on the
 * paper), written at once (COPY on PostgreSQL); STORE_CONFLICT when the
 * attempt has marks already. */
struct exam_mark_row {
	int position;
	long long item_id;
	int score;
	bool right;
};
enum store_err store_exam_marks_put(struct store_conn *c, struct arena *a,
				    long long attempt_id, const struct exam_mark_row *m,
				    size_t n);
/* Time granted (attempt_id, minutes, reason, granted_by, granted_at), added
 * to the attempt's extra_minutes; STORE_NOT_FOUND when not in progress. */
enum store_err store_exam_extension_insert(struct store_conn *c,
					   const struct exam_extension_row *x);
enum store_err store_exam_extensions(struct store_conn *c, struct arena *a,
				     long long attempt_id,
				     struct exam_extension_row **items, size_t *n);
/* Every marked attempt at an item version: its total, the item's score
 * and whether it was right. */
enum store_err store_exam_responses(struct store_conn *c, struct arena *a, long long item_id,
				    struct exam_response **items, size_t *n);
enum store_err store_exam_item_stat_put(struct store_conn *c,
					const struct exam_item_stat_row *x);
enum store_err store_exam_item_stat_get(struct store_conn *c, struct arena *a,
					long long item_id, struct exam_item_stat_row *out);

#endif
