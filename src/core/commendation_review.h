/*
 * commendation_review.h - the review of a commendation campaign (issue
 * 14): the rows of schema 0030 the panel, its rounds, the tally and the
 * public notice's objections read and write, as plain data (store/ fills
 * them, app/commendation_review.c decides). Strings are arena-owned.
 */
#ifndef CORE_COMMENDATION_REVIEW_H
#define CORE_COMMENDATION_REVIEW_H

#include <stdbool.h>

struct comm_rev_campaign {
	long long id;
	int year, notice_days;
	const char *title, *status, *notice_start, *notice_end; /* NULL = unset */
};
/* A nomination as the review sees it: the nominee's names joined (person
 * fields NULL / 0 for a collective), the category's names ("" when none);
 * has_score when score is not NULL. */
struct comm_rev_nomination {
	long long id, campaign_id, institution_id, person_id, nominated_by;
	const char *category, *status, *status_reason, *override_note;
	const char *category_name, *category_name_en;
	long long rank, score;
	bool has_rank, has_score;
	const char *institution_name, *person_name;
};
struct comm_rev_reviewer {
	long long id, campaign_id, person_id;
	const char *override_note, *overridden_by, *appointed_by, *appointed_at;
	const char *name; /* joined */
};
struct comm_rev_round {
	long long id, campaign_id;
	int seq;
	const char *method, *status, *opened_at, *closed_at;
};
struct comm_rev_vote {
	long long round_id, nomination_id, reviewer_id;
	int value;
	const char *note, *entered_by, *entered_at;
};
struct comm_rev_objection {
	long long id, campaign_id, nomination_id;
	const char *filer_name, *filer_contact, *body, *address, *filed_at, *status,
		*resolution, *resolved_by, *resolved_at;
};

#endif
