/*
 * apprenticeship.h - enterprise new-type apprenticeships (企业新型学徒制,
 * domain.md §7.2, issue 15): the rules document as data, and the pure
 * rules computed from it: an apprentice's admission (contract months, hire
 * kind, the class's target level), a class's duration for its target
 * level, and the subsidy of one apprentice for one year.
 *
 * Nothing of the rules is a constant here: the values come from the JSON
 * files of apprenticeships/ (embedded in the binary). docs/apprenticeships.md
 * describes the format; in short (every value with confidence and source):
 *
 * {
 *   "format": 1, "kind": "apprenticeship_rules",
 *   "code": "wuhan", "name": "…", "version": "2021",
 *   "citation": "…", "confidence": "medium", "source": "…",
 *   "notes": "…" (optional),
 *   "contract_months_min": {"value": 12, "confidence": …, "source": …},
 *   "hire_kinds": {"value": ["new", "transferred", "current"], …},
 *   "target_levels": {"value": [4, 3], …},
 *   "duration": {"value": {"min": 12, "max": 24, "special_max": 36,
 *                          "levels": {"4": 12, "3": 24}}, …},  (levels optional)
 *   "subsidy": {"value": {"per_year": 5000,
 *                         "certificate": {"4": 5000, "3": 6000},  (optional)
 *                         "completed_without_certificate": 4000,  (optional)
 *                         "not_completed": 0,                     (optional)
 *                         "clawback": true}, …}
 * }
 */
#ifndef CORE_APPRENTICESHIP_H
#define CORE_APPRENTICESHIP_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "core/standard.h"

#define APPR_AMOUNT_MAX 1000000 /* yuan a year */
#define APPR_MONTHS_MAX 120

enum appr_hire {
	APPR_HIRE_NEW,
	APPR_HIRE_TRANSFERRED,
	APPR_HIRE_CURRENT,
	APPR_HIRE_COUNT
};
const char *appr_hire_name(enum appr_hire h); /* "new", "transferred", "current" */
int appr_hire_parse(const char *s);           /* -1 when unknown */

struct appr_prov {
	enum std_confidence confidence;
	const char *source;
};

struct appr_rules {
	const char *code, *name, *version, *citation, *notes /* NULL */;
	struct appr_prov prov;
	int contract_months_min;
	struct appr_prov contract_prov;
	bool hire[APPR_HIRE_COUNT];
	struct appr_prov hire_prov;
	bool level[6]; /* target levels allowed, 1..5 */
	struct appr_prov level_prov;
	/* duration: min..max months, up to special_max in special cases;
	 * level_months[L] the standard months of level L (0: min) */
	int dur_min, dur_max, dur_special_max, level_months[6];
	struct appr_prov dur_prov;
	/* subsidy, yuan per apprentice-year: per_year the base; cert[L] the
	 * amount completed with a certificate of level L (-1: per_year);
	 * without (-1: per_year) completed without a certificate; not_completed
	 * (-1: 0); clawback: advances beyond the amount are clawed back */
	int per_year, cert[6], without, not_completed;
	bool clawback;
	struct appr_prov subsidy_prov;
};

/* Parses and validates one rules document into out (strings in a).
 * Returns 0, or -1 with the path of the first thing wrong in err (English,
 * for whoever writes the data), e.g. "duration.value.max: …". Unknown
 * keys and a missing confidence or source are errors. */
int appr_parse(const char *json, struct arena *a, struct appr_rules *out, char *err,
	       size_t errlen);

/* ---- dates ---- */

/* Whole months from from to to, both days counted (2024-01-01 to
 * 2024-12-31 is 12; to 2024-12-30 is 11); -1 when a date is not
 * YYYY-MM-DD or to is before from. */
int appr_months_between(const char *from, const char *to);
/* The day months after from, less one day (the last day of a span of
 * months): 2024-09-01 + 12 → 2025-08-31. out holds 11 bytes. false when
 * from is not a date. */
bool appr_span_end(const char *from, int months, char *out, size_t n);
/* The whole months of [from, to] (both counted, see appr_months_between)
 * that start in year: each whole month of the span belongs to the year
 * in which it starts, so the years sum to the span's whole months
 * (2024-09-15 for 24 months: 4 + 12 + 8). 0 when none or a date is bad. */
int appr_months_in_year(const char *from, const char *to, int year);

/* An interruption of an apprentice's training (apprentice_interruption):
 * from the day it began to the day training resumed or the apprentice
 * withdrew (to_on NULL or "" while open). */
struct appr_interruption {
	long long id, apprentice_id;
	const char *from_on, *to_on, *reason;
};

/* The months of one apprentice's own paid time in year: their span runs
 * from the later of the class's start and the contract's start to the
 * earliest of the class's planned end (class_months after class_start),
 * the contract's end and ended_on (the date they completed or withdrew;
 * NULL or "" while training). The whole months of each interruption
 * (from its first day to the day before training resumed, else to the
 * span's end), counted as the span's are (each in the year it starts),
 * are not paid. 0 when a date is bad or nothing is left. */
int appr_paid_months(const char *class_start, int class_months, const char *contract_start,
		     const char *contract_end, const char *ended_on,
		     const struct appr_interruption *iv, size_t niv, int year);

/* ---- admission ---- */

/* The recorded wage is below the recorded local minimum (both recorded,
 * i.e. above 0): a warning shown, never a refusal. */
bool appr_wage_below(int wage, int minimum_wage);

enum appr_refusal {
	APPR_OK,
	APPR_REFUSE_CONTRACT, /* the contract is shorter than the rule's minimum */
	APPR_REFUSE_HIRE,     /* the hire kind is not admitted */
	APPR_REFUSE_LEVEL,    /* the class's target level is not one of the rule's */
	APPR_REFUSE_MONTHS,   /* the class's months are outside the rule's range */
	APPR_REFUSE_COUNT
};
/* The refusal's catalog key ("apprenticeship.refuse.contract", …); NULL
 * for APPR_OK. */
const char *appr_refusal_key(enum appr_refusal r);

/* An apprentice's admission: a contract of contract_months (see
 * appr_months_between), hired as hire, into a class of target level
 * level. The first check that fails, in that order, or APPR_OK. */
enum appr_refusal appr_admit(const struct appr_rules *r, int contract_months,
			     enum appr_hire hire, int level);

/* A class's duration for its target level: the standard months (the
 * level's, else the minimum) in *standard, the range in *min..*max and
 * the special cases' maximum in *special_max (any may be NULL). Returns
 * APPR_REFUSE_LEVEL when the level is not the rule's, else APPR_OK. */
enum appr_refusal appr_duration(const struct appr_rules *r, int level, int *standard,
				int *min, int *max, int *special_max);
/* A class's months checked: APPR_OK within min..max; APPR_OK with
 * *special set within max+1..special_max; else APPR_REFUSE_MONTHS (or
 * APPR_REFUSE_LEVEL). special may be NULL. */
enum appr_refusal appr_class_months(const struct appr_rules *r, int level, int months,
				    bool *special);

/* ---- subsidy ---- */

enum appr_outcome {
	APPR_OUT_CERTIFICATE,   /* completed with a certificate of level cert_level */
	APPR_OUT_COMPLETED,     /* completed without a certificate */
	APPR_OUT_NOT_COMPLETED, /* withdrawn: training not completed */
	APPR_OUT_TRAINING,      /* still training: nothing settled yet */
	APPR_OUT_COUNT
};
const char *appr_outcome_name(enum appr_outcome o); /* "certificate", "completed", … */

struct appr_subsidy {
	int rate;     /* yuan for a whole year of this outcome */
	int amount;   /* rate × months / 12, rounded to the yuan */
	int due;      /* amount less the advances, never below 0 */
	int clawback; /* advances beyond the amount when the rule claws back */
	/* the catalog key of the rule's value that gave the rate:
	 * "apprenticeship.rule.certificate" (subsidy.certificate of the
	 * level), ".completed" (completed_without_certificate), ".per_year",
	 * ".not_completed", ".training" */
	const char *rule;
};

/* One apprentice's subsidy for one year: the outcome (cert_level the
 * certificate's level for APPR_OUT_CERTIFICATE), the months of the
 * apprenticeship in that year (0..12), the advances paid for that year
 * (yuan). Still training: nothing due, nothing clawed back. A certificate
 * of a level the rule names no amount for counts as completed without. */
void appr_subsidy(const struct appr_rules *r, enum appr_outcome o, int cert_level,
		  int months, int advances, struct appr_subsidy *out);

/* Every catalog key this module hands out, NULL-terminated. */
const char *const *appr_keys(void);

/* ---- the records (store/apprenticeship.c, migration 0032) ---- */

/* A class (一班一方案); joined: the institution's name and the number of
 * apprentices. rules_body is NULL in lists. */
struct appr_class {
	long long id, institution_id, school_institution_id /* 0: none */;
	const char *enterprise_name, *enterprise_credit_code, *school_name, *school_kind;
	const char *occupation_code;
	int target_level, months;
	const char *starts_on, *rules_code, *rules_version, *rules_body, *rules_digest;
	const char *agreement_no, *agreement_signed_on, *filing_no, *filing_date,
		*filing_authority;
	const char *status, *created_by, *created_at, *updated_at;
	const char *institution_name;
	long long napprentices;
};
/* A course of the class plan. */
struct appr_course {
	long long id, class_id;
	const char *name, *side; /* enterprise | school */
	int hours, credits;
};
/* An apprentice; joined: the person's name, the hours and credits earned
 * (sums of the progress), the class's occupation, level, start, months
 * and enterprise; in the claim list also the advance paid for the year
 * (advance) and the best level of the person's valid skill certificates
 * of the class's occupation issued since the class started
 * (cert_level, 0: none). */
struct apprentice {
	long long id, class_id, person_id, enterprise_mentor_id, school_mentor_id,
		enrolment_id /* 0: not enrolled */;
	const char *contract_start, *contract_end, *hire_kind;
	int wage, minimum_wage;
	const char *enterprise_mentor, *school_mentor;
	const char *status, *status_reason, *status_on, *completed_on, *created_by,
		*created_at;
	const char *person_name, *occupation_code, *starts_on, *enterprise_name,
		*class_status;
	int target_level, months;
	long long hours, credits, plan_id /* the enrolment's, 0 */;
	int advance, cert_level;
};
/* An enrolment made on a completed apprenticeship: its evidence. */
struct appr_evidence {
	long long apprentice_id, enrolment_id;
};
/* One record of progress: hours and credits earned on a course, the
 * mentor's assessment; joined: the course's name and side. */
struct appr_progress {
	long long id, apprentice_id, course_id;
	int hours, credits;
	const char *assessment, *recorded_by, *recorded_at;
	const char *course_name, *course_side;
};

#endif
