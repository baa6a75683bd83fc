/* plan.c - plan rules; see plan.h. */
#include "core/plan.h"

#include <string.h>

static const char *const status_names[PLAN_STATUS_COUNT + 1] = {
	[PLAN_DRAFT] = "draft",       [PLAN_SUBMITTED] = "submitted",
	[PLAN_APPROVED] = "approved", [PLAN_IN_PROGRESS] = "in_progress",
	[PLAN_SCORED] = "scored",     [PLAN_UNDER_NOTICE] = "under_notice",
	[PLAN_CLOSED] = "closed",     [PLAN_STATUS_COUNT] = NULL,
};

static const char *const action_names[PLAN_ACTION_COUNT + 1] = {
	[PLAN_ACT_SUBMIT] = "submit",
	[PLAN_ACT_APPROVE] = "approve",
	[PLAN_ACT_RETURN] = "return",
	[PLAN_ACT_START] = "start",
	[PLAN_ACT_FINISH_SCORING] = "finish_scoring",
	[PLAN_ACT_PUBLISH] = "publish",
	[PLAN_ACT_CLOSE] = "close",
	[PLAN_ACTION_COUNT] = NULL,
};

static const char *const role_names[STAFF_ROLE_COUNT + 1] = {
	[STAFF_PROCTOR] = "proctor",
	[STAFF_ASSESSOR] = "assessor",
	[STAFF_REVIEW] = "review_panel",
	[STAFF_INTERNAL_SUPERVISOR] = "internal_supervisor",
	[STAFF_ROLE_COUNT] = NULL,
};

static const char *const kinds[] = {"relative", "teacher", "master", "colleague",
				    "friend",   "trainer", NULL};

static int lookup(const char *const *names, int count, const char *s)
{
	for (int i = 0; s && i < count; i++)
		if (!strcmp(names[i], s))
			return i;
	return -1;
}

const char *plan_status_name(enum plan_status s)
{
	return (unsigned)s < PLAN_STATUS_COUNT ? status_names[s] : NULL;
}

int plan_status_parse(const char *s)
{
	return lookup(status_names, PLAN_STATUS_COUNT, s);
}

const char *const *plan_status_names(void) { return status_names; }

const char *plan_action_name(enum plan_action a)
{
	return (unsigned)a < PLAN_ACTION_COUNT ? action_names[a] : NULL;
}

int plan_action_parse(const char *s)
{
	return lookup(action_names, PLAN_ACTION_COUNT, s);
}

static const struct {
	enum plan_status from;
	enum plan_action action;
	enum plan_status to;
} transitions[] = {
	{PLAN_DRAFT, PLAN_ACT_SUBMIT, PLAN_SUBMITTED},
	{PLAN_SUBMITTED, PLAN_ACT_APPROVE, PLAN_APPROVED},
	{PLAN_SUBMITTED, PLAN_ACT_RETURN, PLAN_DRAFT},
	{PLAN_APPROVED, PLAN_ACT_RETURN, PLAN_DRAFT},
	{PLAN_APPROVED, PLAN_ACT_START, PLAN_IN_PROGRESS},
	{PLAN_IN_PROGRESS, PLAN_ACT_FINISH_SCORING, PLAN_SCORED},
	{PLAN_SCORED, PLAN_ACT_PUBLISH, PLAN_UNDER_NOTICE},
	{PLAN_UNDER_NOTICE, PLAN_ACT_CLOSE, PLAN_CLOSED},
};

int plan_transition(enum plan_status from, enum plan_action a)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (transitions[i].from == from && transitions[i].action == a)
			return (int)transitions[i].to;
	return -1;
}

const char *plan_refusal(enum plan_status from, enum plan_action a)
{
	static const char *const keys[PLAN_ACTION_COUNT] = {
		[PLAN_ACT_SUBMIT] = "plan.refuse.submit",
		[PLAN_ACT_APPROVE] = "plan.refuse.approve",
		[PLAN_ACT_RETURN] = "plan.refuse.return",
		[PLAN_ACT_START] = "plan.refuse.start",
		[PLAN_ACT_FINISH_SCORING] = "plan.refuse.finish_scoring",
		[PLAN_ACT_PUBLISH] = "plan.refuse.publish",
		[PLAN_ACT_CLOSE] = "plan.refuse.close",
	};

	if (from == PLAN_CLOSED)
		return "plan.refuse.closed";
	return (unsigned)a < PLAN_ACTION_COUNT ? keys[a] : "plan.refuse.closed";
}

bool plan_enrolment_open(enum plan_status s)
{
	return s == PLAN_DRAFT || s == PLAN_SUBMITTED || s == PLAN_APPROVED;
}

bool plan_staffing_open(enum plan_status s)
{
	return s == PLAN_DRAFT || s == PLAN_SUBMITTED || s == PLAN_APPROVED ||
	       s == PLAN_IN_PROGRESS;
}

const char *staff_role_name(enum staff_role r)
{
	return (unsigned)r < STAFF_ROLE_COUNT ? role_names[r] : NULL;
}

int staff_role_parse(const char *s) { return lookup(role_names, STAFF_ROLE_COUNT, s); }

const char *const *staff_role_names(void) { return role_names; }

bool relationship_kind_valid(const char *kind) { return lookup(kinds, 6, kind) >= 0; }

const char *const *relationship_kinds(void) { return kinds; }

const char *recusal_reason(const char *staff_employer, const char *staff_credit,
			   const char *cand_employer, const char *cand_credit,
			   const char *declared_kind)
{
	if (declared_kind && *declared_kind)
		return !strcmp(declared_kind, "trainer") ? "recusal.trainer"
							 : "recusal.relationship";
	if (staff_credit && *staff_credit && cand_credit && *cand_credit)
		return strcmp(staff_credit, cand_credit) ? NULL : "recusal.employer";
	if (staff_employer && *staff_employer && cand_employer && *cand_employer &&
	    !strcmp(staff_employer, cand_employer))
		return "recusal.employer";
	return NULL;
}
