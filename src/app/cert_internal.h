/*
 * cert_internal.h - private to the src/app/cert_*.c files: what issuing,
 * status changes, printing, lookups, status lists and offline
 * verification share (ARCHITECTURE "Credentials").
 */
#ifndef APP_CERT_INTERNAL_H
#define APP_CERT_INTERNAL_H

#include <jansson.h>
#include <stdbool.h>

#include "app/internal.h"
#include "core/certno.h"
#include "services/sign.h"

#define STATUS_LIST_ENTRIES 131072 /* entries per status list (2 bits each) */
#define DEFAULT_INDUSTRY_PATTERN "JX{YYYY}{L}{N6}"

struct app_signer {
	char kid[SIGN_KID_MAX];
	unsigned char seed[SIGN_SEED_BYTES];
	struct sign_key key;     /* the seed expanded once: what every signature uses */
	struct app_signer *prev; /* replaced by a rotation, kept until the end */
};

/* ---- cert_keys.c: signing keys and settings ---- */

/* The key that signs now (created when there is none), on c; NULL with
 * err filled. */
const struct app_signer *cert_signer(struct app_ctx *ctx, struct store_conn *c,
				     struct app_error *err);
/* The setting name's value, or fallback when unset or empty (arena). */
const char *cert_setting(struct app_ctx *ctx, struct store_conn *c, const char *name,
			 const char *fallback);
bool cert_ends_with(const char *s, const char *suffix);
/* A reason for a change or a rejection: not blank, UTF-8, at most
 * CERT_REASON_MAX characters. */
bool cert_reason_ok(const char *reason);
/* The addresses public_url had before, one a line, newest first. */
const char *cert_former_urls(struct app_ctx *ctx, struct store_conn *c);
/* The public address credentials are signed with; APP_CONFLICT naming
 * public_url while it is unset. */
enum app_status cert_public_base(struct app_ctx *ctx, struct store_conn *c,
				 const char **base, struct app_error *err);

/* ---- cert_credential.c: the credential and the QR token ---- */

/* Seconds since 1970 of "YYYY-MM-DDTHH:MM:SSZ" or of a date's midnight
 * (UTC); -1 when s is neither. */
long long cert_epoch_of(const char *s);
/* Sets the VC-JWT claims (iss, nbf, jti, sub) on the credential cred. */
void cert_jwt_claims(json_t *cred);
/* Builds and signs x's credential and QR token (x->kid, credential,
 * qr_token set, in ctx's arena); w, t, honour: an award's, a training's
 * or an honour's facts, else NULL. No store: safe on a worker thread with
 * its own arena. */
enum app_status cert_sign(struct app_ctx *ctx, const struct app_signer *s,
			  const char *base, struct certificate *x, const char *citation,
			  const struct cert_award *w, const struct cert_training *t,
			  const char *honour, struct app_error *err);
/* cert_sign() with the credential's JSON text already built. */
enum app_status cert_sign_json(struct app_ctx *ctx, const struct app_signer *s,
			       struct certificate *x, const char *json,
			       struct app_error *err);
/* A plan's credentials differ only in the number and the status index:
 * the credential of x (a skill or industry certificate) with sentinels in
 * their places (ctx's arena), or NULL when x is of another kind or the
 * template cannot be cut. cert_credential_fill() makes the JSON of one
 * certificate from it, byte for byte what cert_sign() would build (in a;
 * NULL when the number would need escaping: build it the long way). */
const char *cert_credential_template(struct app_ctx *ctx, const char *base,
				     const struct certificate *x, const char *citation);
const char *cert_credential_fill(struct arena *a, const char *tmpl, const char *number,
				 long long status_index);
/* Signs x (its number, index and fields set) and stores the credential
 * and token. */
enum app_status cert_sign_and_store(struct app_ctx *ctx, struct store_conn *c,
				    const struct app_signer *s, const char *base,
				    struct certificate *x, const char *citation,
				    struct app_error *err);

/* ---- competition_awards.c: award certificates (获奖证书) ---- */

#define DEFAULT_AWARD_PATTERN "JS{YYYY}{N6}"
/* The criteria of an award certificate of competition_id: its technical
 * document's award rule's source, else its citation, else NULL (arena). */
const char *cert_award_citation(struct app_ctx *ctx, struct store_conn *c,
				long long competition_id);

/* ---- honour certificates (荣誉证书, app/commendation_decision.c) ---- */
#define DEFAULT_HONOUR_PATTERN "RY{YYYY}{N6}"
/* What an honour recognises in words: the campaign title's stem and the
 * category ("2020年度机械工业人才评价工作先进集体"), in the arena. */
const char *cert_honour_name(struct app_ctx *ctx, struct store_conn *c,
			     const struct certificate *x);

/* ---- training certificates (培训证书, app/training_certificate.c) ---- */
#define DEFAULT_TRAINING_PATTERN "PX{YYYY}{N6}"
/* What a training certificate states as its criteria (arena). */
const char *cert_training_citation(struct app_ctx *ctx, const struct cert_training *t);

/* ---- cert_issue.c: issuing and reading ---- */

/* The number of x from its parts, its serial from the prefix's counter. */
enum app_status cert_number_of(struct app_ctx *ctx, struct store_conn *c,
			       const char *pattern, struct certno *no,
			       struct certificate *x, struct app_error *err);
/* The issuer of a certificate of line ("skill", "industry") at level:
 * institution_id loaded into *in, in force on today (else
 * cert.institution_not_registered), and the number's parts in *no from
 * its first filing (a skill certificate without one: cert.no_filing). */
enum app_status cert_issuer_of(struct app_ctx *ctx, struct store_conn *c,
			       long long institution_id, const char *line, int level,
			       const char *today, struct institution *in,
			       struct certno *no, struct app_error *err);
/* Loads certificate id into x, with perm on its institution. */
enum app_status cert_load(struct app_ctx *ctx, struct store_conn *c, long long id,
			  const char *perm, struct certificate *x, struct app_error *err);

/* The number of serial no->serial: skill, the 22 characters of §1.1;
 * industry, pattern filled. NULL, or the catalog key of the refusal. */
const char *cert_number_format(const char *line, const char *pattern,
			       const struct certno *no, char out[41]);

/* ---- cert_batch.c: a plan's certificates on every core ---- */

/* The worker threads issuing uses: SKILLCERT_ISSUE_THREADS (1..64), else
 * the online CPUs. */
int cert_issue_threads(void);

/* A plan's certificates to build, sign and write (app_cert_issue). The
 * candidates in order get serials first_serial, first_serial + 1, ... and
 * status indexes first_index, ... (taken from the counters beforehand). */
struct cert_batch {
	struct app_ctx *ctx; /* its arena: the writer's only */
	const struct app_signer *sg;
	const char *base, *citation, *pattern, *actor;
	/* the fields every certificate shares (line, plan, institution,
	 * occupation, level, issued_on, status, created_at) */
	struct certificate tmpl;
	struct certno no; /* the number's parts but the serial */
	const struct cert_candidate *cand;
	size_t ncand;
	const struct component_row *comps; /* ordered by enrolment */
	size_t ncomp;
	long long first_serial, first_index;
	int threads; /* 1 = build and write in turn on the caller's thread */
	const char *cred_template; /* cert_credential_template(), or NULL */
	/* out */
	long long written;
	const char *first_number, *last_number; /* ctx's arena */
};
/* Builds, signs and writes b's certificates and their "issued" events on
 * c (the caller's transaction, which it rolls back on a failure). */
enum app_status cert_batch_run(struct cert_batch *b, struct store_conn *c,
			       struct app_error *err);

/* ---- cert_seal.c: the institution's seal ---- */

/* The institution's seal as PNG bytes in the arena (*bytes NULL when it
 * has none): STORE_OK or the store's error. */
enum store_err cert_stamp_load(struct app_ctx *ctx, struct store_conn *c,
			       long long institution_id, const unsigned char **bytes,
			       size_t *len);

/* ---- cert_lookup.c, for the holder claim (app/holder.c) ---- */

/* The public lookups' per-address limit (APP_RATE_LIMITED when spent). */
enum app_status cert_lookup_allowed(struct app_ctx *ctx, struct app_error *err);
/* The decoy row: a miss when found, the decoy certificate when not. */
void cert_lookup_decoy(struct app_ctx *ctx, struct store_conn *c, bool found,
		       struct certificate *x);
/* What anyone may see of x (the public lookups' answer). */
void cert_public_of(struct app_ctx *ctx, const struct certificate *x,
		    struct cert_public *out);
/* Texts compared in constant time over the longer (NULL as ""). */
bool cert_same_text(const char *a, const char *b);

/* app_cert_supersede() inside the caller's transaction c (a holder's
 * change-of-name request decided, app/request.c): APP_OK, or the status
 * with err filled; the caller then app_abort()s. */
enum app_status cert_supersede_on(struct app_ctx *ctx, struct store_conn *c, long long id,
				  const char *new_name, const char *reason,
				  const char *doc_no, long long *new_id,
				  struct app_error *err);

#endif
