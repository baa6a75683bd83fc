/*
 * filing.h - filing certificates with the provincial HR authorities
 * (属地备案, domain.md §2.2-§2.3): batches, their items, the statuses and
 * the record layout handed to the authority. Pure rules, no I/O.
 *
 * A batch holds the certificates of one province (the province of the
 * issuing site) not filed yet: draft → submitted (handed to the
 * authority; the SHA-256 of the CSV recorded) → received (the authority's
 * receipt number and date; its items accepted). Rows the authority sends
 * back are rejected one by one, on a submitted or received batch; a
 * rejected certificate counts as unfiled again, so the next batch of the
 * province takes it ("fix and resubmit"). A certificate is filed while an
 * item of it is included or accepted in any batch.
 */
#ifndef CORE_FILING_H
#define CORE_FILING_H

#include <stdbool.h>
#include <stddef.h>

enum filing_status {
	FILING_DRAFT,
	FILING_SUBMITTED,
	FILING_RECEIVED,
	FILING_STATUS_COUNT
};

enum filing_action { FILING_SUBMIT, FILING_RECEIPT, FILING_REJECT };

const char *filing_status_name(enum filing_status s); /* "draft" …; NULL */
int filing_status_parse(const char *s);               /* -1 when unknown */
/* "draft", "submitted", "received", NULL. */
const char *const *filing_status_names(void);
/* The status after action (a rejection keeps the status), or -1 when the
 * batch's status does not allow it: then *why is the catalog key saying
 * so, naming the status. */
int filing_transition(enum filing_status from, enum filing_action a, const char **why);

/* A batch as stored, with how its items stand. */
struct filing_batch {
	long long id;
	const char *province_code, *status;
	long long row_count;
	const char *sha256; /* of the CSV, recorded at submission ("" before) */
	const char *created_by, *created_at, *submitted_at;
	const char *receipt_no, *received_at; /* received_at: a date */
	long long accepted, rejected;         /* items in those statuses */
};

/* One certificate of a batch, with what its filing record needs (the
 * holder's current details, the issuing institution's credit code). */
struct filing_item {
	long long batch_id, certificate_id;
	const char *status, *rejection; /* included | accepted | rejected */
	const char *number, *line, *cert_status, *holder_name, *id_type;
	long long person_id, institution_id;
	const char *sex, *birth_date, *education, *employer;
	const char *occupation_code, *occupation_name, *work_type;
	int level;
	const char *scores, *issued_on;
	const char *institution_name, *institution_code, *credit_code;
	const char *site_code, *province_code;
	/* the assessment behind it (its plan; "" or NULL where there is
	 * none, e.g. a certificate without a plan) */
	long long plan_id, standard_id;
	const char *route_id, *standard_name, *standard_version;
	const char *theory_on, *practical_on, *review_on;
	const char *site_name;                   /* the plan's institution now */
	const char *status_reason, *status_date; /* of cert_status */
	const char *photo_mime;                  /* "" when no photo */
	/* a promotion's certificate (竞赛获奖晋级): its competition's name and
	 * approval document; "" for any other */
	const char *competition_name, *competition_doc;
};

/* A member of a plan's staff whose ID number the record carries. */
struct filing_staff {
	long long plan_id, person_id;
	const char *role; /* "assessor" | "internal_supervisor" */
};

/* A certificate not filed yet (the report). */
struct filing_unfiled {
	long long certificate_id, institution_id;
	const char *province_code, *number, *holder_name, *issued_on;
	long days; /* since issue */
};

/* The record of §2.2, one row per certificate: the catalog keys of its
 * column headings, in order (FILING_COLUMNS of them). A row carries the
 * certificate's status now (valid, suspended, revoked, superseded) with
 * its reason and date: a batch takes a certificate first while it is
 * valid, and again whenever its status changed after it was filed. */
#define FILING_COLUMNS 38
const char *const *filing_column_keys(void);

/* The score of component ("theory", "practical", "review") in a
 * certificate's scores "theory=85.0;practical=78.5" into out; "" when the
 * component is not there. Returns out. */
const char *filing_score(const char *scores, const char *component, char *out, size_t n);

/* The photo's file name in the record and in the photos archive: the
 * certificate number with the extension of mime ("image/jpeg" → ".jpg",
 * "image/png" → ".png") into out; "" when there is no photo or the type
 * is neither. Returns out. */
const char *filing_photo_name(const char *number, const char *mime, char *out, size_t n);

/* The encodings of the CSV: UTF-8 with a byte order mark (the default) or
 * GB18030 without one, for the provincial systems that expect it. */
enum filing_encoding { FILING_UTF8, FILING_GB18030 };
/* "utf-8" (also "utf8", "" or NULL) or "gb18030", any case; -1 else. */
int filing_encoding_parse(const char *s);

/* The authority's receipt number: 1..64 characters, no control
 * characters, valid UTF-8. */
bool filing_receipt_no_valid(const char *s);
/* Why a row was sent back: 1..FILING_REASON_MAX characters. */
#define FILING_REASON_MAX 200
bool filing_reason_valid(const char *s);

/* The report's threshold: days after issue (default, most). */
#define FILING_DAYS_DEFAULT 30
#define FILING_DAYS_MAX 3650

#endif
