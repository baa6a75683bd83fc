/*
 * institution.h - what an institution is, and the rules its fields obey.
 *
 * Pure rules, no I/O. The store keeps institutions; app/ calls these checks
 * before it writes anything. Messages are catalog keys (core/i18n.h).
 */
#ifndef CORE_INSTITUTION_H
#define CORE_INSTITUTION_H

#include <stdbool.h>

enum inst_type {
	INST_CENTER,
	INST_BRANCH_CENTER,
	INST_TRAINING_BASE,
	INST_PRACTICE_BASE,
	INST_MANAGEMENT_STATION,
	INST_EXAM_STATION,
	INST_EXAM_SITE,
	INST_TYPE_COUNT
};

/* Glossary code name of a type ("exam_station"), NULL when out of range. */
const char *inst_type_name(enum inst_type t);
/* All type code names in order, NULL-terminated. */
const char *const *inst_type_names(void);
/* Parses a code name; -1 when unknown. */
int inst_type_parse(const char *s);

/* GB/T 2260 province-level codes ("11" ... "82"). */
bool province_valid(const char *code);
/* All province codes in order, NULL-terminated. */
const char *const *province_codes(void);

/* An institution as stored. Strings are owned by whoever filled the struct
 * (usually an arena). */
struct institution {
	long long id;
	long long parent_id; /* 0 = none */
	const char *name, *type, *province, *credit_code;
	const char *created_at, *updated_at;
	/* the registry (core/registry.h) */
	const char *status;      /* as stored; see reg_effective() */
	const char *branch_kind; /* "sector", "regional" or "" */
	const char *address, *host_org;
	const char *registration_no;             /* NULL until registered */
	const char *registered_on, *valid_until; /* NULL until registered */
	const char *approval_doc, *approval_date;
	/* private: shown only to staff whose grant covers the institution */
	const char *contact_name, *contact_phone, *contact_email;
	const char *credit_code_note; /* why a failing checksum was accepted */
	/* a list searched by name: the former name it was found by (NULL
	 * when found by its current name) */
	const char *former_name;
};

/* One identity an institution bore (name and type), and when. */
struct institution_name {
	const char *name, *type;
	const char *valid_from, *valid_to /* NULL = current */;
	const char *reason, *doc_no;
};

struct institution_filter {
	const char *q;          /* a name it bears or bore contains; "" or NULL = any */
	const char *type;       /* exact; "" or NULL = any */
	const char *province;   /* exact; "" or NULL = any */
	const char *status;     /* stored status, exact; "" or NULL = any */
	const char *occupation; /* in current scope: code or name part */
	const char *today;      /* YYYY-MM-DD: "registered" and "expired"
				   are judged on this day (app/ sets it) */
	long long limit, offset;
};

/* A failed check: the field it concerns and a catalog key for the reason. */
struct rule_error {
	const char *field;
	const char *msg;
};

#define INST_NAME_MIN 2
#define INST_NAME_MAX 100
#define INST_REASON_MAX 500

/* Each returns true when valid, else fills *err. */
bool inst_check_name(const char *name, struct rule_error *err);
bool inst_check_type(const char *type, struct rule_error *err);
bool inst_check_province(const char *province, struct rule_error *err);
/* Format only (18 chars of the GB 32100 set); empty is allowed. The checksum
 * rule, a warning with override, belongs to the registry. */
bool inst_check_credit_code(const char *code, struct rule_error *err);
bool inst_check_reason(const char *reason, struct rule_error *err);

#endif
