/*
 * registry.h - the rules of the institution registry (domain.md §9.2, §10,
 * §11): registration statuses and the transitions between them, the
 * GB 32100 credit-code checksum, registration numbers, validity, scope,
 * filing codes, inspections. Pure rules, no I/O.
 */
#ifndef CORE_REGISTRY_H
#define CORE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>

#include "core/institution.h"

enum reg_status {
	REG_APPLYING,     /* applied, waiting for a batch */
	REG_UNDER_NOTICE, /* its batch is under public notice */
	REG_REGISTERED,
	REG_SUSPENDED,
	REG_REVOKED,
	REG_EXPIRED, /* derived: registered past valid_until */
	REG_REJECTED,
	REG_STATUS_COUNT
};

const char *reg_status_name(enum reg_status s);
int reg_status_parse(const char *s); /* -1 when unknown */
/* All status code names, NULL-terminated. */
const char *const *reg_status_names(void);

/* What a user can do to an institution's registration. */
enum reg_action {
	REG_ACT_NOTICE,  /* its batch goes under public notice */
	REG_ACT_APPROVE, /* the batch is approved */
	REG_ACT_REJECT,
	REG_ACT_SUSPEND,
	REG_ACT_REINSTATE,
	REG_ACT_REVOKE,
	REG_ACT_REAPPLY,  /* after a rejection, or to renew */
	REG_ACT_WITHDRAW, /* an application is taken out of its batch */
};

/* The status after action from `from`, or -1 when the action is not
 * allowed there (the caller explains with reg_refusal()). */
int reg_transition(enum reg_status from, enum reg_action action);
/* A catalog key saying why action is refused in status from. */
const char *reg_refusal(enum reg_status from, enum reg_action action);

/* The status as the world sees it on `today` (YYYY-MM-DD): a registration
 * past its valid_until is expired. */
enum reg_status reg_effective(enum reg_status stored, const char *valid_until,
			      const char *today);
/* Whether an institution may open new assessment plans on `today`. */
bool reg_may_open_plans(enum reg_status stored, const char *valid_until, const char *today);

/* Registration validity in years (default; the batch may say otherwise). */
#define REG_VALIDITY_YEARS 3
/* Public notice days (default). */
#define REG_NOTICE_DAYS 7

/* date + years, clamping 02-29 to 02-28; out gets "YYYY-MM-DD". Returns
 * false for an invalid date. */
bool date_add_years(const char *date, int years, char out[11]);
/* date + days. */
bool date_add_days(const char *date, int days, char out[11]);
/* The day before date. */
bool date_prev_day(const char *date, char out[11]);
/* Days from a to b (b - a); both valid dates. */
long date_diff_days(const char *a, const char *b);

/* GB 32100-2015: true when the 18th character is the right check
 * character (the format must already be valid). */
bool credit_code_checksum_ok(const char *code);

/* "JXJD" + year + 4-digit serial: "JXJD20210001". */
void reg_number_format(int year, long serial, char out[16]);
bool reg_number_valid(const char *s);

/* An approval document number such as 机职鉴字[2021]29号: 2..64
 * characters, no control characters. */
bool reg_check_doc(const char *doc, const char *field, struct rule_error *err);

/* Occupation codes of the classification: "D-DD-DD-DD". */
bool occupation_code_valid(const char *code);
/* A set of levels "5,4,3" (each 1..5, no repeats) into a bit mask (bit n =
 * level n). Returns 0 when invalid or empty. */
unsigned levels_parse(const char *s);
/* "5,4,3" from a mask, highest number (lowest level) first. */
void levels_format(unsigned mask, char out[16]);

/* Filing codes (属地备案): institution code 4 digits, site code 6 digits. */
bool filing_code_valid(const char *s, size_t digits);

enum inspection_outcome { INSP_PASS, INSP_RECTIFY, INSP_FAIL, INSP_OUTCOME_COUNT };
const char *inspection_outcome_name(enum inspection_outcome o);
int inspection_outcome_parse(const char *s);
const char *const *inspection_outcome_names(void);

/* Branch center kind: "sector" (行业) or "regional" (地方); "" for other
 * types. */
bool branch_kind_valid(const char *type, const char *kind);

/* ---- records of the registry ---- */

struct reg_batch {
	long long id;
	int year, seq, notice_days;
	const char *title, *status;            /* "open", "under_notice", "decided" */
	const char *notice_start, *notice_end; /* NULL until noticed */
	const char *approval_doc, *approval_date, *created_at;
	long long size; /* applications in it */
};

struct registration {
	long long id, institution_id, batch_id; /* batch 0 = none yet */
	const char *kind;                       /* "initial", "renewal" */
	const char *status; /* "pending", "approved", "rejected", "withdrawn" */
	const char *applied_at, *decided_at, *note;
	const char *institution_name, *institution_status; /* joined */
	long long open_objections;                         /* joined */
};

struct objection {
	long long id, batch_id, institution_id;
	const char *filer_name, *filer_contact, *body, *filed_at, *address;
	const char *status; /* "open", "upheld", "dismissed" */
	const char *resolution, *resolved_at;
	const char *institution_name; /* joined */
};

struct status_change {
	long long id, institution_id;
	const char *from_status, *to_status, *reason, *doc_no, *at, *actor;
};

struct scope_entry {
	long long id, institution_id;
	const char *occupation_code, *occupation_name, *work_type;
	unsigned levels; /* bit n = level n */
	const char *doc_no, *valid_from, *valid_to /* NULL = in force */;
};

struct filing {
	long long id, institution_id;
	const char *authority, *filing_no, *filing_date;
	const char *institution_code, *province_code, *site_code, *created_at;
};

struct inspection {
	long long id, institution_id;
	int year;
	const char *inspected_on, *outcome, *notes, *created_at;
};

struct finding {
	long long id, inspection_id, institution_id;
	const char *description, *deadline, *status /* "open", "closed" */;
	const char *closed_on, *closing_note;
	const char *institution_name; /* joined */
};

#endif
