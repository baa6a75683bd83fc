/*
 * subsidy.h - the skill-upgrade subsidy (技能提升补贴, domain.md §7.1) as
 * versioned data per province, and a pure evaluator of one certificate
 * against it.
 *
 * Nothing of the policy is a constant here: how many insured months, which
 * levels, how long the window after the issue date, the amount per level,
 * the claims per year, once per occupation and level, whether a subsidized
 * higher level excludes a lower one, the shortage-list uplift and the dates
 * each version is in force all come from the JSON files of subsidy/ (embedded
 * in the binary). docs/subsidy.md describes the format:
 *
 * {
 *   "format": 1, "kind": "skill_upgrade_subsidy",
 *   "region": "00",                  ("00": national default; else a
 *                                     GB/T 2260 province code)
 *   "name": "…",
 *   "versions": [{
 *     "version": "2022", "citation": "…",
 *     "effective_from": "2022-01-01", "effective_to": "2024-12-31" | null,
 *     "confidence": "medium", "source": "…", "notes": "…" (optional),
 *     "rules": {                       (every key required; each an object
 *       "insured_months": {"value": 12, "confidence": "high", "source": "…"},
 *       "levels": {"value": [5, 4, 3], …},
 *       "certificates_from": {"value": "2017-01-01", …},
 *       "window_months": {"value": 12, …},
 *       "amount_max": {"value": {"5": 1000, "4": 1500, "3": 2000}, …},
 *       "claims_per_year": {"value": 3 | null, …},     (null: no limit)
 *       "once_per_level": {"value": true, …},
 *       "higher_excludes_lower": {"value": true, …},
 *       "shortage_uplift_percent": {"value": 0, …},
 *       "shortage_occupations": {"value": ["6-18-01-01"], …}
 *     }
 *   }]
 * }
 *
 * A version applies to a certificate whose issue date lies in its
 * [effective_from, effective_to]; versions of one file may not overlap.
 * The window's last day is the day before the same date window_months
 * later (clamped to the month's end): issued 2024-03-15 with 12 months, the
 * last day is 2025-03-14.
 */
#ifndef CORE_SUBSIDY_H
#define CORE_SUBSIDY_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "base/buf.h"
#include "core/standard.h"

#define SUBSIDY_MAX_VERSIONS 16
#define SUBSIDY_MAX_REASONS 12

/* One value's provenance, as the standards data gives it. */
struct subsidy_prov {
	enum std_confidence confidence;
	const char *source;
};

enum subsidy_rule {
	SR_INSURED_MONTHS,
	SR_LEVELS,
	SR_CERTIFICATES_FROM,
	SR_WINDOW_MONTHS,
	SR_AMOUNT_MAX,
	SR_CLAIMS_PER_YEAR,
	SR_ONCE_PER_LEVEL,
	SR_HIGHER_EXCLUDES_LOWER,
	SR_SHORTAGE_UPLIFT,
	SR_SHORTAGE_OCCUPATIONS,
	SR_COUNT
};
/* "insured_months", … (the JSON key); NULL out of range. */
const char *subsidy_rule_name(enum subsidy_rule r);

struct subsidy_version {
	const char *version, *citation, *effective_from, *effective_to /* NULL */;
	const char *notes;
	struct subsidy_prov prov;
	int insured_months, window_months;
	unsigned levels;     /* bit n = level n covered */
	int amount_max[6];   /* yuan per level 1..5; 0 where not covered */
	int claims_per_year; /* 0 = no limit */
	bool once_per_level, higher_excludes_lower;
	int shortage_uplift_percent;
	const char *const *shortage; /* occupation codes */
	size_t nshortage;
	const char *certificates_from;
	struct subsidy_prov rule_prov[SR_COUNT];
};

struct subsidy_rules {
	const char *region, *name;
	struct subsidy_version versions[SUBSIDY_MAX_VERSIONS];
	size_t nversions;
};

/* Parses and validates one rules file into out (strings in a). Returns 0,
 * or -1 with the path of the first thing wrong in err (English, for whoever
 * writes the data). Unknown keys, missing rules, a value without a
 * confidence and overlapping versions are errors. */
int subsidy_parse(const char *json, struct arena *a, struct subsidy_rules *out, char *err,
		  size_t errlen);

/* The version in force for a certificate issued on date; NULL when none. */
const struct subsidy_version *subsidy_version_for(const struct subsidy_rules *r,
						  const char *date);

/* The certificate evaluated. */
struct subsidy_cert {
	const char *occupation_code, *issued_on; /* YYYY-MM-DD */
	int level;
	bool valid; /* its status is valid (not suspended, revoked, superseded) */
};
/* A subsidy already paid (a claim) or another certificate the holder has. */
struct subsidy_prior {
	const char *occupation_code, *date;
	int level;
};
struct subsidy_facts {
	int insured_months; /* -1: unknown ("needs checking") */
	bool claims_known;  /* the claims below are every claim the holder made;
			     * false: only some (or none) are known, so a
			     * claim they show excludes this one, and no claim
			     * shown leaves the rules "needs checking" */
	const struct subsidy_prior *claims;
	size_t nclaims;
	const struct subsidy_prior *held; /* the holder's other certificates */
	size_t nheld;
};

/* A subsidy paid for a certificate, as staff record it (migration 0020);
 * the certificate's number, occupation and level joined. */
struct subsidy_claim {
	long long id, certificate_id, person_id;
	const char *province, *claimed_on, *amount, *recorded_by, *recorded_at, *note;
	const char *certificate_number, *occupation_code; /* joined */
	int level;                                        /* joined */
	long long institution_id;                         /* joined: the certificate's */
	/* voided (migration 0023): "" while it counts */
	const char *voided_at, *voided_by, *void_reason;
};

enum subsidy_verdict { SUBSIDY_ELIGIBLE, SUBSIDY_CHECK, SUBSIDY_NOT_ELIGIBLE };
const char *subsidy_verdict_name(enum subsidy_verdict v); /* eligible, check, not_eligible */

/* One reason: a catalog key with its values ({n}, {m}, {date} in the
 * text), whether the rule passed, failed or needs checking, and the rule's
 * confidence. */
struct subsidy_reason {
	enum subsidy_verdict verdict;
	const char *key;
	const char *rule; /* subsidy_rule_name(), or "status", "version" */
	long long n, m;
	char date[11];
	enum std_confidence confidence;
};

struct subsidy_result {
	enum subsidy_verdict verdict;          /* NOT_ELIGIBLE if any reason failed, else
					 CHECK if any needs checking */
	const struct subsidy_version *version; /* NULL: no rule in force */
	char first_day[11], last_day[11];      /* the window ("" without version) */
	long long days_left;                   /* to last_day incl.; < 0 closed */
	int amount_max;                        /* yuan, uplift included; 0: none */
	int uplift_percent;                    /* applied (shortage list) */
	struct subsidy_reason reasons[SUBSIDY_MAX_REASONS];
	size_t nreasons;
};

/* Evaluates c against r with the facts on today (YYYY-MM-DD). Returns 0, or
 * -1 when today, the issue date or a prior's date is not a date or a level
 * is out of 1..5. Allocates nothing. */
int subsidy_evaluate(const struct subsidy_rules *r, const struct subsidy_cert *c,
		     const struct subsidy_facts *f, const char *today,
		     struct subsidy_result *out);

/* Days from a to b (dates); the day a date plus months, minus one day. */
long long subsidy_days_between(const char *a, const char *b);
void subsidy_window_last(const char *issued, int months, char out[11]);
/* The date months before date (clamped to the month's end) into out; ""
 * when date is not one. */
void subsidy_months_before(const char *date, int months, char out[11]);

/* The text of reason r in lang, its {n}, {m} and {date} filled, appended
 * to out. */
void subsidy_reason_text(int lang, const struct subsidy_reason *r, struct buf *out);

/* Every catalog key subsidy_evaluate() hands out, NULL-terminated. */
const char *const *subsidy_keys(void);

#endif
