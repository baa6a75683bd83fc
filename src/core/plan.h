/*
 * plan.h - assessment plans (认定计划): their lifecycle, staff roles, the
 * recusal rule, and the records the store keeps. Pure rules, no I/O.
 *
 *   draft ─submit─▶ submitted ─approve─▶ approved ─start─▶ in_progress
 *     ▲                │                                      │
 *     └────return──────┘                                  finish_scoring
 *                                                             ▼
 *   closed ◀─close── under_notice ◀─publish── scored
 */
#ifndef CORE_PLAN_H
#define CORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

enum plan_status {
	PLAN_DRAFT,
	PLAN_SUBMITTED,
	PLAN_APPROVED,
	PLAN_IN_PROGRESS,
	PLAN_SCORED,
	PLAN_UNDER_NOTICE,
	PLAN_CLOSED,
	PLAN_STATUS_COUNT
};

enum plan_action {
	PLAN_ACT_SUBMIT,
	PLAN_ACT_APPROVE,
	PLAN_ACT_RETURN, /* sent back to draft with a reason */
	PLAN_ACT_START,
	PLAN_ACT_FINISH_SCORING,
	PLAN_ACT_PUBLISH,
	PLAN_ACT_CLOSE,
	PLAN_ACTION_COUNT
};

const char *plan_status_name(enum plan_status s);
int plan_status_parse(const char *s);
const char *const *plan_status_names(void);
const char *plan_action_name(enum plan_action a);
int plan_action_parse(const char *s);

/* The status after the action, or -1 when refused (see plan_refusal). */
int plan_transition(enum plan_status from, enum plan_action a);
/* Catalog key explaining a refused action. */
const char *plan_refusal(enum plan_status from, enum plan_action a);
/* Whether candidates may still be enrolled or withdrawn. */
bool plan_enrolment_open(enum plan_status s);
/* Whether staff may still be assigned or removed. */
bool plan_staffing_open(enum plan_status s);

enum staff_role {
	STAFF_PROCTOR,             /* 监考人员 */
	STAFF_ASSESSOR,            /* 考评员 */
	STAFF_REVIEW,              /* 综合评审委员 */
	STAFF_INTERNAL_SUPERVISOR, /* 内督 */
	STAFF_ROLE_COUNT
};
const char *staff_role_name(enum staff_role r);
int staff_role_parse(const char *s);
const char *const *staff_role_names(void);

/* Declared relationships that oblige an assessor to stand aside. */
bool relationship_kind_valid(const char *kind);
const char *const *relationship_kinds(void);

/* Why a staff member may not assess a candidate: same employer (by credit
 * code when both have one, else by name), a declared relationship, or
 * having trained the candidate ("trainer"). Returns a catalog key, NULL
 * when nothing stands in the way. An assessment plan whose candidate pool
 * is its institution's staff or partners (enterprise self-evaluation)
 * does not count the shared employer: selfeval_recusal() (core/selfeval.h)
 * decides there. */
const char *recusal_reason(const char *staff_employer, const char *staff_credit,
			   const char *cand_employer, const char *cand_credit,
			   const char *declared_kind /* NULL = none */);

struct plan {
	long long id, institution_id, standard_id;
	const char *work_type;
	int level;
	const char *title, *status;
	const char *theory_on, *practical_on, *review_on; /* NULL = not set */
	int capacity;
	const char *notice_start, *notice_end;
	const char *created_at, *updated_at;
	/* joined */
	const char *institution_name, *occupation_code, *occupation_name;
	long long enrolled;
};

/* A visit of an external supervisor (外督), as the center records it. */
struct supervisor_visit {
	long long id, plan_id;
	const char *name, *organisation, *visited_on, *notes;
};

struct plan_room {
	long long id, plan_id;
	const char *name;
	int capacity;
	long long enrolled; /* joined */
};

struct plan_staff {
	long long id, plan_id, person_id;
	const char *role;
	long long room_id; /* 0 = none */
	const char *override_by, *override_note, *created_at;
	const char *person_name, *person_masked_id;       /* joined */
	const char *person_employer, *person_credit_code; /* joined */
};

struct enrolment {
	long long id, plan_id, person_id;
	const char *route_id, *status, *enrolled_at;
	long long room_id;
	int seat;                                   /* 座位号 in the room; 0: none */
	const char *person_name, *person_masked_id; /* joined */
};

/* One assessor's (or, for the theory exam, the office's: assessor 0)
 * entry for one component of one candidate. */
struct score_row {
	long long enrolment_id, assessor_id;
	const char *component, *status, *reason;
	int tenths; /* -1 when not present */
	const char *entered_by, *entered_at;
};

/* A submitted (locked) component of a candidate. */
struct component_row {
	long long enrolment_id;
	const char *component, *status, *reason, *moderation_note;
	int tenths; /* -1 when not present */
	const char *submitted_by, *submitted_at;
};

struct score_correction_row {
	long long id, enrolment_id, assessor_id, plan_id;
	const char *component, *new_status, *reason, *status;
	int new_tenths; /* -1 when not present */
	const char *requested_by, *requested_at, *decided_by, *decided_at;
	const char *decision_note;
};

/* A candidate's result, with what the public page shows. */
struct result_row {
	long long enrolment_id, person_id;
	const char *outcome, *detail, *decided_at;
	const char *person_name, *person_masked_id; /* joined */
};

struct appeal_row {
	long long id, plan_id;
	const char *name, *contact, *body, *filed_at, *status, *resolution;
};

/* A plan opened for online application (网上报名): who may apply (public,
 * staff, partners), the window (dates, inclusive), the fee as worded. */
struct apply_offer {
	long long plan_id;
	const char *audience, *opens_on, *closes_on, *fee, *updated_at;
	/* joined: the plan's institution's province */
	const char *province;
};

/* An online application's facts (网上报名, issue 12): the route chosen and
 * what the holder typed for it ("" / 0 = not given). cert_id: one of the
 * holder's own certificates in the system picked as the prior one (its
 * fields then copied from it), 0 when typed or none. */
struct application_facts {
	const char *route_id;
	const char *diploma_type, *graduated_on;
	bool diploma_related, diploma_final_year;
	int program_level;
	const char *work_start;
	long long cert_id;
	const char *cert_kind, *cert_occupation_code, *cert_issued_on, *cert_number;
	bool cert_related;
	int cert_level;
	const char *employer_credit_code;
};

/* An application: submitted, returned (the holder may edit and submit
 * again), accepted (enrolment_id) or rejected; reason: the last decision's,
 * which the holder sees. */
struct plan_application {
	long long id, plan_id, person_id, enrolment_id;
	const char *status;
	struct application_facts f;
	const char *reason, *decided_by, *created_at, *updated_at;
	/* joined */
	const char *person_name, *plan_title, *occupation_name;
	int level;
	long long institution_id;
};

/* A document of an application: kind "photo" or "document"; content (the
 * base64 of the bytes) only when read one by one. */
struct application_doc {
	long long id, application_id, bytes;
	const char *kind, *name, *mime, *sha256, *created_at, *content;
};

#endif
