/*
 * commendation.h - annual commendations (表彰, domain.md §10-§11, issue
 * 14): a campaign's rules document as data, and the pure rules computed
 * from it: the categories, the eligibility of a nominee over facts the app
 * reads from the registry, and the quota arithmetic (how many a nominator,
 * its branch center and its province may still nominate in a category).
 *
 * Nothing of a campaign's rules is a constant here: the categories, their
 * kind, eligibility rules and default quotas come from the JSON files of
 * commendations/ (embedded in the binary) or an uploaded document.
 * docs/commendations.md describes the format; in short:
 *
 * {
 *   "format": 1, "kind": "commendation_rules",
 *   "code": "machinery-2020", "name": "…", "version": "2020",
 *   "citation": "…", "confidence": "medium", "source": "…",
 *   "notes": "…" (optional),
 *   "categories": [                    (1..12, each code once)
 *     {"code": "advanced_collective", "name": "先进集体",
 *      "name_en": "Advanced collective", (optional)
 *      "kind": "collective",           (collective or person)
 *      "confidence": "medium", "source": "…",
 *      "quota": {"value": {"all": 10, "branch": 2, "province": 3},
 *                "confidence": "low", "source": "…"},
 *                                      (each scope optional: no limit)
 *      "eligibility": [                (each kind at most once)
 *        {"rule": "registered_all_year", "confidence": …, "source": …},
 *        {"rule": "no_overdue_findings", …},
 *        {"rule": "staff_years", "value": 3, …},     (person only)
 *        {"rule": "no_sanction", …}]}]
 * }
 */
#ifndef CORE_COMMENDATION_H
#define CORE_COMMENDATION_H

#include <stdbool.h>
#include <stddef.h>

#include "base/arena.h"
#include "core/standard.h"

#define COMMEND_MAX_RULES 8
#define COMMEND_QUOTA_MAX 100000

/* The categories are the rules document's own: 1..COMMEND_MAX_CATS, each
 * a code (a lower-case letter, then lower-case letters, digits or '_', at
 * most COMMEND_CODE_MAX bytes), a name and an optional English name. The
 * 2020 decision's four (advanced_collective 先进集体, excellent_manager
 * 优秀管理者, advanced_worker 先进工作者, special_achievement 特别成就奖) are
 * the shipped document's, and have catalog names
 * ("commendation.category.<code>") for a document that names them in
 * Chinese only; a campaign may add its own (skill_expert 技术能手,
 * innovation_studio 创新工作室, …). */
#define COMMEND_MAX_CATS 12
#define COMMEND_CODE_MAX 40
#define COMMEND_NAME_MAX 60
/* True when s is a well-formed category code. */
bool commend_code_valid(const char *s);
/* True when s is a category name a certificate may print: valid UTF-8, at
 * most COMMEND_NAME_MAX characters, no control character ("" passes). */
bool commend_name_valid(const char *s);
/* The category's name in lang (core/i18n.h's enum lang): the English name
 * when lang is English and there is one, else the catalog's for the four
 * default codes in English, else the Chinese name, else the code. name and
 * name_en may be NULL or "" (an honour certificate issued before the names
 * were kept). */
const char *commend_cat_text(int lang, const char *code, const char *name,
			     const char *name_en);

enum commend_kind { COMMEND_COLLECTIVE, COMMEND_PERSON };
const char *commend_kind_name(enum commend_kind k); /* "collective", "person" */

/* Eligibility rule kinds. */
enum commend_rule_kind {
	COMMEND_RULE_REGISTERED_ALL_YEAR,
	COMMEND_RULE_NO_OVERDUE_FINDINGS,
	COMMEND_RULE_STAFF_YEARS,
	COMMEND_RULE_NO_SANCTION,
	COMMEND_RULE_COUNT
};
/* "registered_all_year", …; NULL out of range. The refusal's catalog key
 * is "commendation.rule.<code>". */
const char *commend_rule_name(enum commend_rule_kind r);

struct commend_prov {
	enum std_confidence confidence;
	const char *source;
};

struct commend_rule {
	enum commend_rule_kind kind;
	int value; /* staff_years: the years; else 0 */
	struct commend_prov prov;
};

/* Quota scopes: the whole network, a branch center's, a province's. */
enum commend_scope {
	COMMEND_SCOPE_ALL,
	COMMEND_SCOPE_BRANCH,
	COMMEND_SCOPE_PROVINCE,
	COMMEND_SCOPE_COUNT
};
const char *commend_scope_name(enum commend_scope s); /* "all", "branch", "province" */
int commend_scope_parse(const char *s);               /* -1 when unknown */

/* A category's quota per scope: -1 no limit, else 0..COMMEND_QUOTA_MAX. */
struct commend_quota {
	int n[COMMEND_SCOPE_COUNT];
};

struct commend_cat {
	const char *code;
	const char *name, *name_en /* "" when the document has none */;
	enum commend_kind kind;
	struct commend_prov prov;
	struct commend_quota quota; /* the default quotas */
	struct commend_prov quota_prov;
	struct commend_rule rules[COMMEND_MAX_RULES];
	size_t nrules;
};

struct commend_doc {
	const char *code, *name, *version, *citation, *notes /* NULL */;
	struct commend_prov prov;
	struct commend_cat cats[COMMEND_MAX_CATS];
	size_t ncats;
};

/* Parses and validates one rules document into out (strings in a).
 * Returns 0, or -1 with the path of the first thing wrong in err (English,
 * for whoever writes the data), e.g. "categories[1].eligibility[0].rule:
 * …". Unknown keys, a category twice, a rule twice, a person rule in a
 * collective category and a missing confidence are errors. */
int commend_parse(const char *json, struct arena *a, struct commend_doc *out, char *err,
		  size_t errlen);

/* A category as the center enters it on the campaign's page (a campaign's
 * own, e.g. 技术能手), to write into its rules document. */
struct commend_cat_input {
	const char *code, *name, *name_en /* "" or NULL: none */;
	enum commend_kind kind;
	int quota[COMMEND_SCOPE_COUNT]; /* -1: no limit */
	bool rule[COMMEND_RULE_COUNT];  /* the eligibility rules it asks */
	int staff_years;                /* with rule staff_years: 1..60 */
	const char *source;             /* whose entry: "entered by …" */
};

/* The rules document json with the category in set: replacing the one of
 * its code (in its place) or added last; or, with in NULL, with the
 * category remove_code taken out. The result is the document's JSON text
 * (in the arena), parsed again by commend_parse() into *out; NULL with
 * err (commend_parse's path) when it would not parse, e.g. a 13th category
 * or none left. The center's entry carries confidence high and in's
 * source. */
char *commend_doc_edit(const char *json, const struct commend_cat_input *in,
		       const char *remove_code, struct arena *a, struct commend_doc *out,
		       char *err, size_t errlen);

/* The document's category with that code; NULL when it has none. */
const struct commend_cat *commend_cat_find(const struct commend_doc *d, const char *code);

/* ---- eligibility ---- */

/* The institution's status from a date on (institution_status_log's
 * to_status at its date; the first entry its registration). */
struct commend_status {
	const char *date; /* YYYY-MM-DD */
	const char *status;
};

/* What the registry says of a nominee, filled in by the app. For a
 * collective the institution is the nominee; for a person, the
 * institution on whose staff they are. */
struct commend_facts {
	int year;          /* the campaign's year */
	const char *today; /* the nomination's date, YYYY-MM-DD */
	/* the institution's statuses in date order, from its first: the status
	 * in force on a day is the last one dated on or before it */
	const struct commend_status *history;
	size_t nhistory;
	/* deadlines (YYYY-MM-DD) of the institution's findings still open */
	const char *const *open_deadlines;
	size_t nopen;
	/* the person: on the institution's staff since (YYYY-MM-DD; "" or
	 * NULL: unknown, then work_start) and their work start */
	const char *staff_since, *work_start;
	/* sanctions the registry records: for a person, certificates revoked
	 * for fraud (category fraud); for a collective, its certificates revoked
	 * for fraud and its registration ever revoked */
	int sanctions;
};

/* A refusal: the rule (catalog key "commendation.rule.<code>") and its
 * value (staff_years: the years required). */
struct commend_refusal {
	enum commend_rule_kind rule;
	int value;
};

/* One rule over the facts: true when met. registered_all_year: registered
 * on every day of the year (1 Jan to 31 Dec, both counted).
 * no_overdue_findings: no open finding whose deadline is before today (due
 * today is not overdue). staff_years N: on the staff (or, unknown, in
 * work) since a date at least N whole years before 1 Jan of the year
 * after the campaign's (since 2018-01-01 has 3 years by the end of 2020;
 * since 2018-01-02 has not), and the institution registered today.
 * no_sanction: no sanction recorded. */
bool commend_rule_met(const struct commend_rule *r, const struct commend_facts *f);

/* Every rule of the category over the facts, in the document's order.
 * Returns 0 when all are met, else -1 with the first rule not met in r. */
int commend_eligible(const struct commend_cat *c, const struct commend_facts *f,
		     struct commend_refusal *r);

/* Its text in lang ("…: on the staff 3 years or more"), in the arena. */
const char *commend_refusal_str(struct arena *a, int lang, const struct commend_refusal *r);

/* ---- quotas ---- */

/* How many nominations count against each scope already (live ones:
 * every status but withdrawn, returned included). */
struct commend_used {
	int n[COMMEND_SCOPE_COUNT];
};

/* How many more the nominator may nominate in the category: the least
 * of each scope's quota less what is used there (never below 0); -1 when
 * no scope limits. has_branch/has_province: whether the nominator has a
 * branch center above it / a province, else that scope does not apply.
 * *scope (may be NULL): the scope that binds (the first of all, branch,
 * province with the least left). */
int commend_quota_left(const struct commend_quota *q, const struct commend_used *u,
		       bool has_branch, bool has_province, enum commend_scope *scope);

/* Every catalog key this module hands out, NULL-terminated. */
const char *const *commend_keys(void);

/* ---- the records of a campaign (store/commendation.c) ---- */

/* A campaign; joined: its rules in force (the latest version). */
struct commendation_campaign {
	long long id;
	int year;
	const char *title, *status, *nominate_until, *review_until;
	int notice_days;
	const char *notice_start, *notice_end; /* NULL before the notice */
	const char *decision_no, *decision_date, *signatory;
	const char *created_by, *created_at, *updated_at;
	int rules_version;
	const char *rules_code, *rules_digest;
};
struct commendation_rules_row {
	long long id, campaign_id;
	int version;
	const char *code, *body /* NULL in lists */, *digest, *created_by, *created_at;
};
/* A quota: scope all (key ""), branch (key: the branch center's id) or
 * province (key: the province code). */
struct commendation_quota_row {
	const char *category, *scope, *scope_key;
	int quota;
};
/* A nomination; joined: the nominee institution's, the person's, the
 * nominator's and its branch's names, the nominator's province, the
 * category's names (commendation_category; "" when none). */
struct commendation_nomination {
	long long id, campaign_id, institution_id, person_id /* 0: collective */,
		nominated_by, branch_id /* 0: none */;
	const char *category, *achievements, *figures, *status, *status_reason;
	const char *category_name, *category_name_en;
	const char *endorsed_by, *endorsed_at, *created_by, *created_at, *updated_at;
	const char *institution_name, *person_name, *nominator_name, *branch_name, *province;
};
struct commendation_attachment {
	long long id, nomination_id;
	const char *filename, *mime;
	long long size;
	const char *digest, *data /* base64; NULL in lists */, *created_by, *created_at;
};

#endif
