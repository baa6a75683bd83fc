/*
 * audit.c - writing, reading and verifying the audit trail.
 *
 * Every mutation calls app_audit() inside its own transaction, so the
 * record and the change commit or vanish together. Records are chained:
 * each hash covers the record's fields and the previous record's hash
 * (core/account.c audit_canonical), so an edited, removed or reordered row
 * breaks the chain at that point, and app_audit_verify() names it.
 *
 * A chain alone stops nobody who can write the database: they recompute
 * it. So every record also comes with a signed checkpoint, in the same
 * transaction (docs/security.md "Signed checkpoints"): the RFC 6962 Merkle
 * tree head over records 1..seq (leaf = the record's canonical bytes),
 * "size, root, time, key id" signed with an Ed25519 key of its own whose
 * seed is sealed by the master key. Without the master key nobody can
 * sign a head, so an edit, a removal, a renumbering or a forged record no
 * longer matches the signed heads; a head saved outside the database (the
 * public endpoint, `audit checkpoint --out`) pins history even against
 * the key holder: app_audit_verify_against() checks that the trail still
 * extends it.
 *
 * One checkpoint per record rather than per transaction: a checkpoint is
 * written wherever a record is, with no commit hook, and a mismatch names
 * the very record. It costs one signature and one row per record
 * (docs/performance.md); transactions write one record, bulk imports one
 * per import.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/registry.h"
#include "services/masterkey.h"
#include "services/merkle.h"
#include "services/seal.h"
#include "services/secret.h"
#include "services/sign.h"

#define CHECKPOINT_FORMAT "skillcert-audit-checkpoint/v1"
#define KEY_PURPOSE "audit_key"

const char *app_json(struct app_ctx *ctx, const char *fmt, ...)
{
	json_error_t jerr;
	json_t *v;
	char *text;
	const char *out;
	va_list ap;

	va_start(ap, fmt);
	v = json_vpack_ex(&jerr, 0, fmt, ap);
	va_end(ap);
	if (!v)
		return "{}";
	text = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(v);
	if (!text)
		return "{}";
	out = arena_strdup(ctx->arena, text);
	free(text);
	return out ? out : "{}";
}

/* ---- hashing a record ---- */

/* The record's chain hash (hex BLAKE2b of its canonical bytes) into hash
 * and, when leaf is not NULL, its Merkle leaf hash. */
static void record_hashes(const struct audit_record *r, char hash[65],
			  unsigned char leaf[MERKLE_HASH])
{
	struct buf b;

	buf_init(&b, 0);
	audit_canonical(r, &b);
	secret_digest(b.data, b.len, hash);
	if (leaf)
		merkle_leaf_hash(b.data, b.len, leaf);
	buf_release(&b);
}

static void root_hex(const struct merkle_range *t, char out[65])
{
	unsigned char root[MERKLE_HASH];

	merkle_range_root(t, root);
	str_hex(out, root, MERKLE_HASH);
}

/* ---- the checkpoint key ---- */

struct app_audit_signer {
	char kid[SIGN_KID_MAX];
	struct sign_key key;
};

/* The key is used under this lock: audit writes are one at a time anyway
 * (the head row's lock), and a signature takes microseconds. */
static pthread_mutex_t signer_mu = PTHREAD_MUTEX_INITIALIZER;

void app_audit_signer_free(struct app *app)
{
	if (app->audit_signer) {
		seal_wipe(app->audit_signer, sizeof(*app->audit_signer));
		free(app->audit_signer);
		app->audit_signer = NULL;
	}
}

/* Exactly 2 * n lowercase hex digits into out[0..n): 0, or -1. */
static int unhex(const char *hex, unsigned char *out, size_t n)
{
	if (strlen(hex) != 2 * n)
		return -1;
	for (size_t i = 0; i < 2 * n; i++) {
		char ch = hex[i];
		int d = ch >= '0' && ch <= '9'   ? ch - '0'
			: ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
						 : -1;

		if (d < 0)
			return -1;
		out[i / 2] = (unsigned char)(i % 2 ? (out[i / 2] << 4) | d : d);
	}
	return 0;
}

/* The seed sealed in k, opened with the master key, and its public key.
 * 0, or -1 (logged) when the master key is missing or does not open it. */
static int key_open(struct app *app, const struct audit_key *k,
		    unsigned char seed[SIGN_SEED_BYTES], unsigned char pub[SIGN_PUB_BYTES])
{
	unsigned char master[MASTERKEY_BYTES];
	char kerr[256], hex[2 * SIGN_SEED_BYTES + 1];
	int rc;

	if (!app->key_file ||
	    masterkey_load(app->key_file, master, kerr, sizeof(kerr)) != 0) {
		log_error("audit: no master key to open checkpoint key %s: %s", k->kid,
			  app->key_file ? kerr : "no key file");
		return -1;
	}
	rc = seal_decrypt(master, KEY_PURPOSE, k->sealed ? k->sealed : "", hex, sizeof(hex));
	masterkey_wipe(master);
	if (rc == 0 && unhex(hex, seed, SIGN_SEED_BYTES) != 0)
		rc = -1;
	seal_wipe(hex, sizeof(hex));
	if (rc) {
		seal_wipe(seed, SIGN_SEED_BYTES);
		return -1;
	}
	sign_public(seed, pub);
	return 0;
}

/* Makes the checkpoint key, sealed by the master key, and stores it. */
static int key_create(struct app_ctx *ctx, struct store_conn *c, struct audit_key *k)
{
	unsigned char master[MASTERKEY_BYTES], seed[SIGN_SEED_BYTES], pub[SIGN_PUB_BYTES];
	char kerr[256], hex[2 * SIGN_SEED_BYTES + 1], now[32],
		sealed[SEAL_SEALED_LEN(2 * SIGN_SEED_BYTES) + 1];
	char *kid = arena_alloc(ctx->arena, SIGN_KID_MAX);
	struct buf b64;
	int rc;

	if (!kid)
		return STORE_ERROR;
	if (!ctx->app->key_file ||
	    masterkey_load(ctx->app->key_file, master, kerr, sizeof(kerr)) != 0) {
		log_error("audit: no master key to make the checkpoint key: %s",
			  ctx->app->key_file ? kerr : "no key file");
		return STORE_ERROR;
	}
	sign_seed_new(seed);
	sign_public(seed, pub);
	sign_kid(pub, kid);
	str_hex(hex, seed, SIGN_SEED_BYTES);
	rc = seal_encrypt(master, KEY_PURPOSE, hex, sealed, sizeof(sealed));
	masterkey_wipe(master);
	seal_wipe(seed, sizeof(seed));
	seal_wipe(hex, sizeof(hex));
	if (rc)
		return STORE_ERROR;
	buf_init(&b64, 0);
	sign_b64url(pub, sizeof(pub), &b64);
	time_now_iso(now, sizeof(now));
	k->kid = kid;
	k->public_key = arena_strdup(ctx->arena, b64.data);
	k->sealed = arena_strdup(ctx->arena, sealed);
	k->created_at = arena_strdup(ctx->arena, now);
	buf_release(&b64);
	if (!k->public_key || !k->sealed || !k->created_at)
		return STORE_ERROR;
	return store_audit_key_insert(c, k);
}

/* Signs checkpoint cp (its kid set here) with the newest key; on c,
 * inside the caller's transaction. When there is no key, may_create says
 * whether to make one (the first record of a new trail, or adopting a
 * trail from before schema 11); otherwise the trail's signed state was
 * removed behind the program's back, and extending it would sign over
 * whatever was done to it: refused. */
static int checkpoint_sign(struct app_ctx *ctx, struct store_conn *c,
			   struct audit_checkpoint *cp, bool may_create)
{
	struct app *app = ctx->app;
	struct audit_key *keys, made;
	unsigned char sig[SIGN_SIG_BYTES];
	size_t n;
	struct buf body, b64;
	int rc;

	if ((rc = store_audit_keys(c, ctx->arena, &keys, &n)))
		return rc;
	if (n == 0) {
		if (!may_create) {
			log_error("audit: record %lld refused: the trail has records but no "
				  "checkpoint key (removed behind the program's back?); "
				  "run `skillcert audit verify`",
				  cp->size);
			return STORE_ERROR;
		}
		if ((rc = key_create(ctx, c, &made)))
			return rc;
		keys = &made;
	}
	pthread_mutex_lock(&signer_mu);
	if (!app->audit_signer || strcmp(app->audit_signer->kid, keys[0].kid) != 0) {
		unsigned char seed[SIGN_SEED_BYTES], pub[SIGN_PUB_BYTES];
		struct app_audit_signer *s = calloc(1, sizeof(*s));

		if (!s || key_open(app, &keys[0], seed, pub) != 0) {
			free(s);
			pthread_mutex_unlock(&signer_mu);
			return STORE_ERROR;
		}
		sign_key_from_seed(seed, &s->key);
		seal_wipe(seed, sizeof(seed));
		snprintf(s->kid, sizeof(s->kid), "%s", keys[0].kid);
		app_audit_signer_free(app);
		app->audit_signer = s;
	}
	cp->kid = arena_strdup(ctx->arena, app->audit_signer->kid);
	buf_init(&body, 0);
	audit_checkpoint_body(cp, &body);
	sign_detached_key(&app->audit_signer->key, body.data, body.len, sig);
	pthread_mutex_unlock(&signer_mu);
	buf_release(&body);
	buf_init(&b64, 0);
	sign_b64url(sig, sizeof(sig), &b64);
	cp->signature = arena_strdup(ctx->arena, b64.data);
	buf_release(&b64);
	if (!cp->kid || !cp->signature)
		return STORE_ERROR;
	return store_audit_checkpoint_insert(c, cp);
}

/* ---- appending ---- */

struct rebuild {
	struct merkle_range *t;
	long long below;
};

static int rebuild_one(const struct audit_record *r, void *arg)
{
	struct rebuild *rb = arg;
	unsigned char leaf[MERKLE_HASH];
	char hash[65];

	if (r->seq >= rb->below)
		return 1;
	record_hashes(r, hash, leaf);
	merkle_range_append(rb->t, leaf);
	return 0;
}

/* The tree over records 1..seq-1: the head's right edge, or, when it does
 * not describe them (a database from before schema 11), rebuilt from the
 * records once. */
static int tree_load(struct app_ctx *ctx, struct store_conn *c, long long seq,
		     struct merkle_range *t)
{
	const char *text;
	long long size;
	int rc = store_audit_tree(c, ctx->arena, &size, &text);

	if (rc)
		return rc;
	if (size == seq - 1 && merkle_range_parse(text, (unsigned long long)size, t) == 0)
		return STORE_OK;
	{
		struct rebuild rb = {t, seq};

		merkle_range_init(t);
		rc = store_audit_scan(c, rebuild_one, &rb);
		return rc == 1 ? STORE_OK : rc;
	}
}

enum store_err app_audit(struct app_ctx *ctx, struct store_conn *c, const char *action,
			 const char *object_type, const char *object_id,
			 const char *before, const char *after)
{
	struct audit_record r;
	struct audit_checkpoint cp;
	struct merkle_range *t;
	unsigned char leaf[MERKLE_HASH];
	char prev[65], hash[65], root[65], now_s[32];
	const struct actor *a = ctx->actor;
	struct buf tree;
	int rc;

	memset(&r, 0, sizeof(r));
	if ((rc = store_audit_next(c, &r.seq, prev)))
		return rc;
	time_now_iso(now_s, sizeof(now_s));
	r.at = now_s;
	r.actor_id = a && !a->system ? a->user_id : 0;
	r.actor = !a ? "anonymous" : a->system ? "system" : a->username;
	r.address = ctx->address ? ctx->address : "cli";
	r.request_id = ctx->request_id ? ctx->request_id : "";
	r.action = action;
	r.object_type = object_type;
	r.object_id = object_id ? object_id : "";
	r.before = before ? before : "{}";
	r.after = after ? after : "{}";
	r.prev_hash = prev;
	record_hashes(&r, hash, leaf);
	r.hash = hash;
	if (!(t = arena_alloc(ctx->arena, sizeof(*t))))
		return STORE_ERROR;
	if ((rc = tree_load(ctx, c, r.seq, t)))
		return rc;
	merkle_range_append(t, leaf);
	root_hex(t, root);
	if ((rc = store_audit_insert(c, &r)))
		return rc;
	buf_init(&tree, 0);
	merkle_range_hex(t, &tree);
	rc = buf_failed(&tree) ? STORE_ERROR : store_audit_tree_set(c, r.seq, tree.data);
	buf_release(&tree);
	if (rc)
		return rc;
	/* the record before must be signed: a trail whose newest checkpoints
	 * were removed is not extended (the next checkpoint would cover what
	 * was done to it) */
	if (r.seq > 1) {
		rc = store_audit_checkpoint_get(c, ctx->arena, r.seq - 1, &cp);
		if (rc == STORE_NOT_FOUND)
			log_error("audit: record %lld refused: record %lld has no signed "
				  "checkpoint (removed behind the program's back?); run "
				  "`skillcert audit verify`",
				  r.seq, r.seq - 1);
		if (rc)
			return rc == STORE_NOT_FOUND ? STORE_ERROR : rc;
	}
	memset(&cp, 0, sizeof(cp));
	cp.size = r.seq;
	cp.root = root;
	cp.at = now_s;
	return checkpoint_sign(ctx, c, &cp, r.seq == 1);
}

enum app_status app_audit_adopt(struct app_ctx *ctx, long long *signed_size,
				struct app_error *err)
{
	struct audit_checkpoint cp;
	struct audit_key *keys;
	struct merkle_range *t = arena_alloc(ctx->arena, sizeof(*t));
	struct store_conn *c;
	struct buf tree;
	char root[65], now_s[32];
	long long seq = 0;
	size_t n = 0;
	int rc;

	*signed_size = 0;
	if (!t)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_audit_lock(c, &seq);
	if (!rc)
		rc = store_audit_keys(c, ctx->arena, &keys, &n);
	if (!rc && seq > 0 && n == 0 &&
	    (rc = store_audit_checkpoint_latest(c, ctx->arena, &cp)) == STORE_NOT_FOUND) {
		rc = tree_load(ctx, c, seq + 1, t);
		if (!rc && (long long)t->size != seq)
			rc = STORE_ERROR; /* the records do not run 1..seq */
		if (!rc) {
			root_hex(t, root);
			buf_init(&tree, 0);
			merkle_range_hex(t, &tree);
			rc = buf_failed(&tree) ? STORE_ERROR
					       : store_audit_tree_set(c, seq, tree.data);
			buf_release(&tree);
		}
		if (!rc) {
			time_now_iso(now_s, sizeof(now_s));
			memset(&cp, 0, sizeof(cp));
			cp.size = seq;
			cp.root = root;
			cp.at = now_s;
			rc = checkpoint_sign(ctx, c, &cp, true);
		}
		if (!rc)
			*signed_size = seq;
	}
	if (rc == STORE_NOT_FOUND)
		rc = STORE_OK;
	if (rc == STORE_ERROR && !*signed_size)
		log_error("audit: cannot sign the trail's first checkpoint");
	return app_finish(ctx, c, rc, err);
}

/* An action filter that is not an action code is taken as a label
 * ("更名", "rename"): it matches every code whose catalog label, in either
 * language, contains it, ignoring case (at most AUDIT_FILTER_ACTIONS).
 * Text matching no label stays an exact code, which finds nothing. */
static void action_by_label(struct audit_filter *g)
{
	char key[96];

	g->nactions = 0;
	if (!g->action || !*g->action)
		return;
	for (size_t i = 0; audit_actions[i]; i++)
		if (!strcmp(audit_actions[i], g->action))
			return;
	for (size_t i = 0; audit_actions[i] && g->nactions < AUDIT_FILTER_ACTIONS; i++) {
		snprintf(key, sizeof(key), "audit.action.%s", audit_actions[i]);
		if (strcasestr(tr(LANG_ZH, key), g->action) ||
		    strcasestr(tr(LANG_EN, key), g->action))
			g->actions[g->nactions++] = audit_actions[i];
	}
}

enum app_status app_audit_list(struct app_ctx *ctx, const struct audit_filter *f,
			       struct audit_record **items, size_t *n, long long *total,
			       struct app_error *err)
{
	struct audit_filter g = *f;
	struct store_conn *c;
	enum app_status rc;

	*items = NULL;
	*n = 0;
	*total = 0;
	if ((g.from && *g.from && !time_date_valid(g.from)))
		return app_fail(err, APP_INVALID, "from", "val.date.invalid");
	if ((g.to && *g.to && !time_date_valid(g.to)))
		return app_fail(err, APP_INVALID, "to", "val.date.invalid");
	if (g.limit <= 0 || g.limit > 10000)
		g.limit = g.limit <= 0 ? 100 : 10000;
	if (g.offset < 0)
		g.offset = 0;
	/* the dates are the zone's days: from its midnight to the next one */
	if (g.from && *g.from) {
		char *from = arena_alloc(ctx->arena, 32);

		time_day_start(g.from, from, 32);
		g.from = from;
	}
	if (g.to && *g.to) {
		char next[11], *to = arena_alloc(ctx->arena, 32);

		if (date_add_days(g.to, 1, next))
			time_day_start(next, to, 32);
		else
			to[0] = '\0';
		g.to = to;
	}
	action_by_label(&g);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = app_authorize(ctx, c, PERM_AUDIT_READ, 0, err);
	if (!rc) {
		enum store_err s = store_audit_list(c, ctx->arena, &g, items, n, total);

		if (s)
			rc = app_store_fail(ctx, c, s, err);
	}
	store_release(c);
	return rc;
}

/* ---- verifying ---- */

struct vkey {
	const char *kid;
	unsigned char pub[SIGN_PUB_BYTES];
	const char *bad; /* why this key cannot be trusted, NULL when fine */
};

struct verify_state {
	struct audit_report *rep;
	long long expect_seq;
	char prev[65];
	struct arena *arena;
	struct merkle_range tree;
	struct vkey *keys;
	size_t nkeys;
	long long last_cp;        /* size of the last checkpoint seen */
	long long uncovered_from; /* first record before any checkpoint */
	long long against_size;   /* a saved head: its size and root */
	const char *against_root;
};

static const struct vkey *vkey_find(const struct verify_state *v, const char *kid)
{
	for (size_t i = 0; i < v->nkeys; i++)
		if (kid && !strcmp(v->keys[i].kid, kid))
			return &v->keys[i];
	return NULL;
}

static int broken(struct verify_state *v, long long seq, const char *reason)
{
	v->rep->broken_seq = seq;
	v->rep->reason = reason;
	return 1;
}

/* The checkpoint of record r: its key, its signature, its root. */
static int verify_checkpoint(struct verify_state *v, const struct audit_record *r,
			     const struct audit_checkpoint *cp, const char *root)
{
	const struct vkey *k = vkey_find(v, cp->kid);
	unsigned char sig[SIGN_SIG_BYTES];
	struct buf body;
	size_t n = 0;
	bool ok;

	if (!k)
		return broken(v, r->seq,
			      arena_printf(v->arena,
					   "its checkpoint is signed by key %s, which is not "
					   "this installation's",
					   cp->kid ? cp->kid : "(none)"));
	if (k->bad)
		return broken(v, r->seq,
			      arena_printf(v->arena, "its checkpoint's key %s %s", k->kid,
					   k->bad));
	buf_init(&body, 0);
	audit_checkpoint_body(cp, &body);
	ok = cp->signature &&
	     sign_unb64url(cp->signature, strlen(cp->signature), sig, sizeof(sig), &n) == 0 &&
	     n == sizeof(sig) && !buf_failed(&body) &&
	     sign_verify_detached(k->pub, body.data, body.len, sig);
	buf_release(&body);
	if (!ok)
		return broken(v, r->seq,
			      "its checkpoint's signature is not valid (forged or altered)");
	if (strcmp(cp->root, root) != 0) {
		if (v->last_cp == r->seq - 1)
			return broken(v, r->seq,
				      "it differs from what its signed checkpoint covers "
				      "(edited, replaced or renumbered after signing)");
		return broken(v, r->seq,
			      arena_printf(v->arena,
					   "records %lld..%lld differ from what checkpoint %lld "
					   "signed",
					   v->last_cp + 1, r->seq, r->seq));
	}
	v->rep->checkpoints++;
	v->last_cp = r->seq;
	return 0;
}

static int verify_one(const struct audit_record *r, const struct audit_checkpoint *cp,
		      void *arg)
{
	struct verify_state *v = arg;
	struct audit_record copy = *r;
	unsigned char leaf[MERKLE_HASH];
	char hash[65], root[65];

	v->rep->checked++;
	if (r->seq != v->expect_seq)
		return broken(v, v->expect_seq,
			      arena_printf(v->arena,
					   "record %lld is missing (found %lld next)",
					   v->expect_seq, r->seq));
	if (strcmp(r->prev_hash, v->prev) != 0)
		return broken(v, r->seq, "does not chain to the record before it");
	copy.hash = NULL;
	record_hashes(&copy, hash, leaf);
	if (strcmp(hash, r->hash) != 0)
		return broken(v, r->seq, "its contents do not match its hash");
	merkle_range_append(&v->tree, leaf);
	root_hex(&v->tree, root);
	if (v->against_size == r->seq && strcmp(root, v->against_root) != 0)
		return broken(v, r->seq,
			      arena_printf(v->arena,
					   "the first %lld records do not give the saved "
					   "head's root: history up to record %lld was "
					   "rewritten after the head was saved",
					   r->seq, r->seq));
	if (cp) {
		if (verify_checkpoint(v, r, cp, root))
			return 1;
	} else if (v->last_cp > 0) {
		return broken(v, r->seq,
			      "it has no signed checkpoint (added or renumbered behind "
			      "the program's back)");
	} else if (!v->uncovered_from) {
		v->uncovered_from = r->seq;
	}
	memcpy(v->prev, r->hash, sizeof(v->prev));
	v->prev[64] = '\0';
	v->expect_seq++;
	return 0;
}

/* The audit keys, each opened with the master key. */
static int keys_load(struct app_ctx *ctx, struct store_conn *c, struct verify_state *v,
		     struct app_error *err)
{
	struct audit_key *keys;
	size_t n;
	int rc = store_audit_keys(c, ctx->arena, &keys, &n);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	v->keys = n ? arena_alloc(ctx->arena, n * sizeof(*v->keys)) : NULL;
	if (n && !v->keys)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (n && !ctx->app->key_file)
		return app_fail(err, APP_INTERNAL, NULL, "err.audit_key");
	for (size_t i = 0; i < n; i++) {
		unsigned char seed[SIGN_SEED_BYTES], stored[SIGN_PUB_BYTES];
		size_t got = 0;
		struct vkey *k = &v->keys[i];

		k->kid = keys[i].kid;
		k->bad = NULL;
		if (key_open(ctx->app, &keys[i], seed, k->pub) != 0) {
			char kerr[256];
			unsigned char master[MASTERKEY_BYTES];

			/* no master key at all: an error, not a finding */
			if (masterkey_load(ctx->app->key_file, master, kerr,
					   sizeof(kerr)) != 0)
				return app_fail(err, APP_INTERNAL, NULL, "err.audit_key");
			masterkey_wipe(master);
			k->bad = "does not open with the master key (replaced behind the "
				 "program's back)";
			continue;
		}
		seal_wipe(seed, sizeof(seed));
		if (!keys[i].public_key ||
		    sign_unb64url(keys[i].public_key, strlen(keys[i].public_key), stored,
				  sizeof(stored), &got) != 0 ||
		    got != sizeof(stored) || memcmp(stored, k->pub, sizeof(stored)) != 0)
			k->bad = "has an altered public key";
		{
			char kid[SIGN_KID_MAX];

			sign_kid(k->pub, kid);
			if (strcmp(kid, k->kid) != 0)
				k->bad = "has an altered key id";
		}
	}
	v->nkeys = n;
	return APP_OK;
}

static int verify(struct app_ctx *ctx, struct verify_state *v, struct app_error *err)
{
	struct audit_report *rep = v->rep;
	struct store_conn *c;
	long long head_seq, ncp, max_cp, n;
	char head_hash[65], root[65];
	int rc;

	v->expect_seq = 1;
	v->arena = ctx->arena;
	memcpy(v->prev, audit_genesis, sizeof(v->prev));
	merkle_range_init(&v->tree);
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_AUDIT_READ, 0, err)) {
		store_release(c);
		return err->status;
	}
	/* one consistent view of the chain */
	if (app_tx(ctx, c, err))
		return err->status;
	if (keys_load(ctx, c, v, err) != APP_OK) {
		store_release(c);
		return err->status;
	}
	rc = store_audit_scan_signed(c, verify_one, v);
	if (rc == 1)
		rc = 0; /* stopped at a broken link */
	n = v->expect_seq - 1;
	if (!rc && !rep->broken_seq) {
		rc = store_audit_head(c, &head_seq, head_hash);
		if (!rc && (head_seq != n || strcmp(head_hash, v->prev) != 0))
			broken(v, n + 1,
			       arena_printf(ctx->arena,
					    "the chain ends at record %lld but %lld were written",
					    n, head_seq));
	}
	if (!rc && !rep->broken_seq && n == 0)
		broken(v, 1,
		       "the trail is empty, but init writes the first record: "
		       "it was wiped");
	if (!rc && !rep->broken_seq)
		rc = store_audit_checkpoint_span(c, &ncp, &max_cp);
	if (!rc && !rep->broken_seq && max_cp > n)
		broken(v, n + 1,
		       arena_printf(ctx->arena,
				    "checkpoint %lld was signed over %lld records but only "
				    "%lld remain: records %lld..%lld were deleted",
				    max_cp, max_cp, n, n + 1, max_cp));
	if (!rc && !rep->broken_seq && v->last_cp < n)
		broken(v, v->uncovered_from ? v->uncovered_from : v->last_cp + 1,
		       arena_printf(ctx->arena,
				    "records %lld..%lld are not covered by any signed "
				    "checkpoint",
				    v->uncovered_from ? v->uncovered_from : v->last_cp + 1,
				    n));
	if (!rc && !rep->broken_seq && v->against_size > n)
		broken(v, n + 1,
		       arena_printf(ctx->arena,
				    "the saved head covers %lld records but only %lld "
				    "remain: records %lld..%lld were deleted",
				    v->against_size, n, n + 1, v->against_size));
	store_rollback(c);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	if (!rc && !rep->broken_seq) {
		root_hex(&v->tree, root);
		rep->root = arena_strdup(ctx->arena, root);
	}
	return rc ? err->status : APP_OK;
}

enum app_status app_audit_verify(struct app_ctx *ctx, struct audit_report *rep,
				 struct app_error *err)
{
	struct verify_state *v = arena_alloc(ctx->arena, sizeof(*v));

	memset(rep, 0, sizeof(*rep));
	if (!v)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	memset(v, 0, sizeof(*v));
	v->rep = rep;
	return verify(ctx, v, err);
}

/* ---- checkpoint files ---- */

static bool is_hex64(const char *s)
{
	if (!s || strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

enum app_status app_audit_verify_against(struct app_ctx *ctx, const char *saved,
					 struct audit_report *rep, struct app_error *err)
{
	struct verify_state *v = arena_alloc(ctx->arena, sizeof(*v));
	struct audit_checkpoint cp;
	unsigned char pub[SIGN_PUB_BYTES], sig[SIGN_SIG_BYTES];
	const char *format = NULL, *pub_s = NULL;
	json_error_t jerr;
	json_int_t size = 0;
	json_t *j;
	struct buf body;
	size_t n1 = 0, n2 = 0;
	bool ok;
	int rc;

	memset(rep, 0, sizeof(*rep));
	if (!v)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	memset(v, 0, sizeof(*v));
	memset(&cp, 0, sizeof(cp));
	v->rep = rep;
	j = saved ? json_loads(saved, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!j ||
	    json_unpack_ex(j, &jerr, JSON_STRICT, "{s:s, s:I, s:s, s:s, s:s, s:s, s:s}",
			   "format", &format, "size", &size, "root", &cp.root, "at",
			   &cp.at, "kid", &cp.kid, "public_key", &pub_s, "signature",
			   &cp.signature) != 0 ||
	    strcmp(format, CHECKPOINT_FORMAT) != 0 || size < 1 || !is_hex64(cp.root) ||
	    sign_unb64url(pub_s, strlen(pub_s), pub, sizeof(pub), &n1) != 0 ||
	    n1 != sizeof(pub) ||
	    sign_unb64url(cp.signature, strlen(cp.signature), sig, sizeof(sig), &n2) != 0 ||
	    n2 != sizeof(sig)) {
		json_decref(j);
		return app_fail(err, APP_INVALID, "against", "val.audit_head.format");
	}
	cp.size = size;
	/* the strings live in the arena, not in j */
	cp.root = arena_strdup(ctx->arena, cp.root);
	cp.at = arena_strdup(ctx->arena, cp.at);
	cp.kid = arena_strdup(ctx->arena, cp.kid);
	json_decref(j);
	if (!cp.root || !cp.at || !cp.kid)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	buf_init(&body, 0);
	audit_checkpoint_body(&cp, &body);
	ok = !buf_failed(&body) && sign_verify_detached(pub, body.data, body.len, sig);
	buf_release(&body);
	if (!ok)
		return app_fail(err, APP_INVALID, "against", "val.audit_head.signature");
	rep->saved_size = cp.size;
	rep->saved_root = cp.root;
	rep->saved_at = cp.at;
	rep->saved_kid = cp.kid;
	v->against_size = cp.size;
	v->against_root = cp.root;
	rc = verify(ctx, v, err);
	if (rc != APP_OK)
		return rc;
	/* signed by one of this installation's keys (opened with the master
	 * key, not merely listed in the database); when the database holds no
	 * key at all (wiped), what the trail lacks says more */
	{
		const struct vkey *k = vkey_find(v, cp.kid);

		if ((!k || k->bad || memcmp(k->pub, pub, sizeof(pub)) != 0) &&
		    (v->nkeys > 0 || !rep->broken_seq))
			return app_fail(err, APP_INVALID, "against", "val.audit_head.key");
	}
	return APP_OK;
}

enum app_status app_audit_checkpoint_get(struct app_ctx *ctx, bool check,
					 struct audit_checkpoint *cp,
					 const char **public_key, struct app_error *err)
{
	struct audit_key *keys;
	const struct audit_key *k = NULL;
	struct store_conn *c;
	size_t n = 0;
	int rc;

	*public_key = NULL;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_audit_checkpoint_latest(c, ctx->arena, cp);
	if (rc == STORE_OK)
		rc = store_audit_keys(c, ctx->arena, &keys, &n);
	store_release(c);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.audit_no_checkpoint");
	if (rc)
		return app_store_fail(ctx, NULL, rc, err);
	for (size_t i = 0; i < n && !k; i++)
		if (!strcmp(keys[i].kid, cp->kid))
			k = &keys[i];
	if (!k)
		return app_fail(err, APP_INTERNAL, NULL, "err.audit_checkpoint_invalid");
	if (check) {
		unsigned char seed[SIGN_SEED_BYTES], pub[SIGN_PUB_BYTES],
			sig[SIGN_SIG_BYTES];
		struct buf body, b64;
		size_t got = 0;
		bool ok;

		if (key_open(ctx->app, k, seed, pub) != 0)
			return app_fail(err, APP_INTERNAL, NULL, "err.audit_key");
		seal_wipe(seed, sizeof(seed));
		buf_init(&body, 0);
		buf_init(&b64, 0);
		audit_checkpoint_body(cp, &body);
		sign_b64url(pub, sizeof(pub), &b64);
		ok = !buf_failed(&body) && !buf_failed(&b64) &&
		     !strcmp(b64.data, k->public_key) &&
		     sign_unb64url(cp->signature, strlen(cp->signature), sig, sizeof(sig),
				   &got) == 0 &&
		     got == sizeof(sig) &&
		     sign_verify_detached(pub, body.data, body.len, sig);
		buf_release(&body);
		buf_release(&b64);
		if (!ok)
			return app_fail(err, APP_INTERNAL, NULL,
					"err.audit_checkpoint_invalid");
	}
	*public_key = k->public_key;
	return APP_OK;
}

enum app_status app_audit_checkpoint(struct app_ctx *ctx, bool check, const char **json,
				     struct app_error *err)
{
	struct audit_checkpoint cp;
	const char *pub;
	int rc;

	*json = NULL;
	if ((rc = app_audit_checkpoint_get(ctx, check, &cp, &pub, err)) != APP_OK)
		return rc;
	*json = app_json(ctx, "{s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "format",
			 CHECKPOINT_FORMAT, "size", (json_int_t)cp.size, "root", cp.root,
			 "at", cp.at, "kid", cp.kid, "public_key", pub, "signature",
			 cp.signature);
	return APP_OK;
}
