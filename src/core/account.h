/*
 * account.h - users, sessions, API tokens and audit records as the domain
 * sees them, with their pure rules (user names, expiry, the canonical form
 * an audit record is hashed in). No I/O.
 */
#ifndef CORE_ACCOUNT_H
#define CORE_ACCOUNT_H

#include <stdbool.h>
#include <stddef.h>

#include "base/buf.h"
#include "core/authz.h"
#include "core/institution.h"

struct user {
	long long id;
	const char *username, *display_name, *password_hash;
	bool must_change_password, disabled;
	const char *created_at, *updated_at;
	/* a holder account (issue 12): the person it belongs to; 0 = staff */
	long long person_id;
	/* where password resets and reminders go; NULL = none (issue 12) */
	const char *email;
};

struct session {
	const char *token_hash, *csrf;
	long long user_id;
	const char *created_at, *last_seen, *expires_at, *address;
	long long wrote_lsn; /* the primary's WAL position after the last write (0038) */
};

struct api_token {
	long long id, user_id;
	const char *name, *created_at, *last_used_at, *revoked_at;
	long long wrote_lsn; /* the primary's WAL position after the last write (0038) */
};

/* Session lifetime: idle and absolute, seconds. */
#define SESSION_IDLE_S (30 * 60)
#define SESSION_ABSOLUTE_S (12 * 60 * 60)
/* last_seen is written at most this often (seconds). */
#define SESSION_TOUCH_S 60

struct audit_record {
	long long seq;
	const char *at;
	long long actor_id; /* 0 = none (system, anonymous) */
	const char *actor, *address, *request_id;
	const char *action, *object_type, *object_id;
	const char *before, *after; /* JSON text, "{}" when nothing */
	const char *prev_hash, *hash;
};

/* A signed tree head of the audit trail (docs/security.md "Signed
 * checkpoints"): the RFC 6962 Merkle root over records 1..size (leaf =
 * a record's canonical bytes), when it was signed, by which key, and the
 * Ed25519 signature (base64url) of audit_checkpoint_body(). */
struct audit_checkpoint {
	long long size;
	const char *root; /* 64 lowercase hex digits */
	const char *at, *kid, *signature;
};

/* The checkpoint signing key: its public key (base64url) and its seed
 * sealed by the master key (services/seal.h, purpose "audit_key"). */
struct audit_key {
	const char *kid, *public_key, *sealed, *created_at;
};

/* The most action codes one filter matches (a label may name several). */
#define AUDIT_FILTER_ACTIONS 16

struct audit_filter {
	const char *actor, *action, *object_type, *object_id;
	/* dates YYYY-MM-DD, inclusive; "" = open. app_audit_list() turns them
	 * into the instants their days begin and end in the installation's
	 * zone ("2026-12-03T16:00:00Z"), which the store takes as [from, to). */
	const char *from, *to;
	long long limit, offset;
	/* filled by app_audit_list() from action (callers need not set it):
	 * when nactions > 0, any of these codes (action is then ignored) */
	const char *actions[AUDIT_FILTER_ACTIONS];
	size_t nactions;
};

/* Every action code the program writes to the audit trail, sorted,
 * NULL-terminated. Each has its label "audit.action.<code>" in the message
 * catalog (tests/unit/test_account.c and tests/check-source.sh check it). */
extern const char *const audit_actions[];
/* Its entries, the NULL that ends it included. */
extern const size_t audit_actions_size;

/* User names: 3..32 of [a-z0-9._-], starting with a letter, and not a
 * reserved name (user_name_reserved()). Returns true when valid, else
 * fills *err. */
bool user_check_name(const char *name, struct rule_error *err);

/* Whether name (any case) is kept from accounts: "system" (the command
 * line's operator, as the audit trail names it) and "anonymous". */
bool user_name_reserved(const char *name);
bool user_check_display_name(const char *name, struct rule_error *err);
bool token_check_name(const char *name, struct rule_error *err);
/* An e-mail address, the simple check of docs/notifications.md: at most
 * 254 bytes of printable ASCII without spaces, quotes, angle brackets,
 * commas, semicolons or backslashes; one '@' with 1..64 bytes before it;
 * after it a domain of dot-separated labels of [A-Za-z0-9-] (not starting
 * or ending with '-'), at least two labels. Field "email". */
bool user_check_email(const char *email, struct rule_error *err);

/* The exact bytes an audit record's hash covers: every field but `hash`,
 * each as "<length>:<bytes>\n", in a fixed order. Appends to out. */
void audit_canonical(const struct audit_record *r, struct buf *out);

/* The exact bytes a checkpoint's signature covers, appended to out:
 *   "skillcert audit checkpoint v1\n" "size N\n" "root HEX\n"
 *   "at TIME\n" "kid KID\n" */
void audit_checkpoint_body(const struct audit_checkpoint *cp, struct buf *out);

/* The all-zero hash that the first record chains to. */
extern const char audit_genesis[65];

#endif
