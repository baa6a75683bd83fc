/*
 * cert_lookup.c - public verification: by number and name, by holder
 * document, by QR token; rate-limited, the same work for every "no" (ARCHITECTURE
 * "Credentials").
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "services/seal.h"

/* ---- public verification ---- */

/* Lookups a minute per address, in this process (a read path: nothing is
 * written per lookup). Slots are shared by hash: an address may inherit a
 * neighbour's count, never a wider allowance. */
#define VERIFY_SLOTS 4096
static struct verify_slot {
	char addr[48];
	double tokens;
	int64_t at;
} verify_slots[VERIFY_SLOTS];
/* Slot i is guarded by verify_mu[i % VERIFY_STRIPES]: lookups from
 * different addresses rarely wait for each other. */
#define VERIFY_STRIPES 64
static pthread_mutex_t verify_mu[VERIFY_STRIPES];
static pthread_once_t verify_once = PTHREAD_ONCE_INIT;
static void verify_init(void)
{
	for (int i = 0; i < VERIFY_STRIPES; i++)
		pthread_mutex_init(&verify_mu[i], NULL);
}

static enum app_status verify_allowed(struct app_ctx *ctx, struct app_error *err)
{
	int rate = ctx->app->verify_rate;
	const char *addr = ctx->address ? ctx->address : "-";
	size_t h = 5381;
	int64_t t = (int64_t)time(NULL);
	double burst = rate < 10 ? rate : rate / 2.0 + 5;
	bool ok;

	if (rate <= 0)
		return APP_OK;
	for (const char *p = addr; *p; p++)
		h = h * 33 + (unsigned char)*p;
	pthread_once(&verify_once, verify_init);
	pthread_mutex_lock(&verify_mu[h % VERIFY_SLOTS % VERIFY_STRIPES]);
	{
		struct verify_slot *s = &verify_slots[h % VERIFY_SLOTS];

		if (strcmp(s->addr, addr)) {
			/* an empty slot starts full; a neighbour's is inherited
			 * as it stands (resetting it would let two addresses
			 * sharing a slot take turns for ever) */
			if (!s->addr[0]) {
				s->tokens = burst;
				s->at = t;
			}
			snprintf(s->addr, sizeof(s->addr), "%s", addr);
		}
		s->tokens += (double)(t - s->at) * rate / 60.0;
		if (s->tokens > burst)
			s->tokens = burst;
		s->at = t;
		ok = s->tokens >= 1.0;
		if (ok)
			s->tokens -= 1.0;
	}
	pthread_mutex_unlock(&verify_mu[h % VERIFY_SLOTS % VERIFY_STRIPES]);
	if (ok)
		return APP_OK;
	app_fail(err, APP_RATE_LIMITED, NULL, "err.too_many");
	err->retry_after = rate >= 60 ? 1 : 60 / rate + 1;
	return err->status;
}

/*
 * The ID number as the public answers show it: only its last 4
 * characters (e.g. "**************002X"), every other one a '*'. The
 * stored mask keeps the first 6 too (staff pages); shown publicly, they
 * would leave only the birth date unknown, and the ID-number lookup
 * would confirm one of about 2,000 candidates a guess at a time
 * (docs/security.md). Every public page and answer shows this form (the
 * results notice too: app/score.c).
 */
const char *app_public_id_mask(struct app_ctx *ctx, const char *stored)
{
	size_t n = stored ? strlen(stored) : 0, chars = 0, k = 0;
	char *out;

	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)stored[i] & 0xc0) != 0x80;
	if (!(out = arena_alloc(ctx->arena, n + 1)))
		return "";
	for (size_t i = 0, seen = 0; i < n; i++) {
		bool start = ((unsigned char)stored[i] & 0xc0) != 0x80;

		seen += start;
		if (seen + 4 <= chars) { /* hidden */
			if (start)
				out[k++] = '*';
		} else {
			out[k++] = stored[i];
		}
	}
	out[k] = '\0';
	return out;
}

/* What anyone may see of x. */
static void public_of(struct app_ctx *ctx, const struct certificate *x,
		      struct cert_public *out)
{
	char name[128];

	memset(out, 0, sizeof(*out));
	name_mask(x->holder_name, name, sizeof(name));
	out->number = x->number;
	out->line = x->line;
	out->holder = arena_strdup(ctx->arena, name);
	/* a collective's honour (荣誉证书 of an institution): its name is public */
	if (cert_is_honour(x) && !x->person_id)
		out->holder = x->holder_name;
	/* an honour (荣誉证书) is published with the name only: no ID digits */
	out->id_masked = cert_is_honour(x) ? "" : app_public_id_mask(ctx, x->id_masked);
	out->id_type = x->id_type;
	out->occupation_code = x->occupation_code;
	out->occupation_name = x->occupation_name;
	out->work_type = x->work_type;
	out->level = x->level;
	out->award = x->award ? x->award : "";
	out->competition_name = x->competition_name ? x->competition_name : "";
	out->award_name = x->award_name ? x->award_name : "";
	out->award_name_en = x->award_name_en ? x->award_name_en : "";
	out->issued_on = x->issued_on;
	out->institution_name = x->institution_name;
	out->institution_status = x->institution_status;
	out->institution_valid_until = x->institution_valid_until;
	out->status = x->status;
	out->status_category = x->status_category ? x->status_category : "";
	out->status_date = x->status_date;
	out->superseded_by = x->superseded_by_number;
}

/* The holder's photo into out when they let the public pages show it
 * (issue 12, migration 0017), as /v/{token} does; left NULL otherwise, or
 * when the store cannot say (the answer stands without it). */
static void shown_photo(struct app_ctx *ctx, const struct certificate *x, bool shown,
			struct cert_public *out)
{
	struct app_error e;
	struct store_conn *c;
	const char *mime = NULL, *b64 = NULL;

	memset(&e, 0, sizeof(e));
	/* an honour is published with the name only: never the photo */
	if (!shown || !x->person_id || cert_is_honour(x) || !(c = app_read_conn(ctx, &e)))
		return;
	if (store_photo_get(c, ctx->arena, x->person_id, &mime, &b64) == STORE_OK) {
		out->photo_mime = mime;
		out->photo_b64 = b64;
	}
	store_release(c);
}

/* Names compared in constant time over the longer of the two. */
static bool same_name(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na > nb ? na : nb;
	unsigned char diff = na != nb;

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(i < na ? a[i] : 0) ^
			(unsigned char)(i < nb ? b[i] : 0);
	return diff == 0;
}

/* Trims a name as typed. */
static const char *typed(struct app_ctx *ctx, const char *s)
{
	const char *t = s ? str_trim_dup(ctx->arena, s) : NULL;

	return t ? t : "";
}

/*
 * The same work for every "no" (issue 10): a lookup that found its rows
 * then runs the same query for a key no certificate has; one that found
 * nothing runs it for a decoy's key (a certificate that exists), and the
 * typed name is compared with the decoy's. Either way: the same statement
 * once found and once missed, the same rows decoded, the same comparisons;
 * the answer is the same bytes. The decoy is the first certificate, its
 * number, document type and blind index kept once found.
 */
static pthread_mutex_t decoy_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	char number[72], id_type[48], id_blind[SEAL_BLIND_MAX];
} decoy;
static volatile bool decoy_sink; /* comparisons the compiler must keep */

/* A copy of the decoy's keys (all "" while there is no certificate). The
 * first certificate is looked for outside the lock (two threads may both
 * look: they find the same one). */
static void decoy_keys(struct app_ctx *ctx, struct store_conn *c, char number[72],
		       char id_type[48], char id_blind[SEAL_BLIND_MAX])
{
	struct certificate *first;
	size_t n = 0;

	pthread_mutex_lock(&decoy_mu);
	memcpy(number, decoy.number, sizeof(decoy.number));
	memcpy(id_type, decoy.id_type, sizeof(decoy.id_type));
	memcpy(id_blind, decoy.id_blind, sizeof(decoy.id_blind));
	pthread_mutex_unlock(&decoy_mu);
	if (number[0] || store_cert_list(c, ctx->arena, "", 1, 0, &first, &n) != STORE_OK ||
	    !n || strlen(first[0].number) >= sizeof(decoy.number) ||
	    strlen(first[0].id_type) >= sizeof(decoy.id_type) ||
	    strlen(first[0].id_blind) >= sizeof(decoy.id_blind))
		return;
	snprintf(number, sizeof(decoy.number), "%s", first[0].number);
	snprintf(id_type, sizeof(decoy.id_type), "%s", first[0].id_type);
	snprintf(id_blind, sizeof(decoy.id_blind), "%s", first[0].id_blind);
	pthread_mutex_lock(&decoy_mu);
	memcpy(decoy.number, number, sizeof(decoy.number));
	memcpy(decoy.id_type, id_type, sizeof(decoy.id_type));
	memcpy(decoy.id_blind, id_blind, sizeof(decoy.id_blind));
	pthread_mutex_unlock(&decoy_mu);
}

/* The decoy row by number: a miss when found, the decoy when not. */
static void decoy_by_number(struct app_ctx *ctx, struct store_conn *c, bool found,
			    struct certificate *x)
{
	char no[72], type[48], blind[SEAL_BLIND_MAX];

	decoy_keys(ctx, c, no, type, blind);
	memset(x, 0, sizeof(*x));
	if (store_cert_by_number_ci(c, ctx->arena, found ? "" : no, x) != STORE_OK)
		x->holder_name = NULL;
}

/* The same for the public lookup's statement (app_verify_number). */
static void decoy_public(struct app_ctx *ctx, struct store_conn *c, bool found,
			 struct certificate *x)
{
	char no[72], type[48], blind[SEAL_BLIND_MAX];
	bool shown;

	decoy_keys(ctx, c, no, type, blind);
	memset(x, 0, sizeof(*x));
	if (store_cert_public_by_number_ci(c, ctx->arena, found ? "" : no, x, &shown) !=
	    STORE_OK)
		x->holder_name = NULL;
}

/* The decoy rows by holder: a miss when found, the decoy's when not. */
static void decoy_by_holder(struct app_ctx *ctx, struct store_conn *c, bool found,
			    struct certificate **xs, size_t *n)
{
	char no[72], type[48], blind[SEAL_BLIND_MAX];

	decoy_keys(ctx, c, no, type, blind);
	*xs = NULL;
	*n = 0;
	if (store_cert_by_holder(c, ctx->arena, found ? "" : type, found ? "" : blind, xs,
				 n) != STORE_OK)
		*n = 0;
}

enum app_status app_verify_number(struct app_ctx *ctx, const char *number, const char *name,
				  struct cert_public *out, struct app_error *err)
{
	struct store_conn *c;
	struct certificate x, d;
	const char *nm = typed(ctx, name), *no = typed(ctx, number);
	enum store_err rc;
	bool match, shown = false, snap;

	memset(out, 0, sizeof(*out));
	if (!*no)
		return app_fail(err, APP_INVALID, "number", "verify.number_required");
	if (!*nm)
		return app_fail(err, APP_INVALID, "name", "verify.name_required");
	if (strlen(no) > 64 || strlen(nm) > 200)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	if (verify_allowed(ctx, err))
		return err->status;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	snap = store_read_begin(c); /* the lookup and its decoy: one read */
	rc = store_cert_public_by_number_ci(c, ctx->arena, no, &x, &shown);
	if (rc == STORE_OK || rc == STORE_NOT_FOUND)
		decoy_public(ctx, c, rc == STORE_OK, &d);
	store_read_end(c, snap);
	store_release(c);
	if (rc && rc != STORE_NOT_FOUND)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	/* a wrong name and a missing certificate: the same answer, and the
	 * same work (a name is compared either way) */
	match = same_name(rc == STORE_OK  ? x.holder_name
			  : d.holder_name ? d.holder_name
					  : "\x01",
			  nm) &&
		rc == STORE_OK;
	if (!match)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	public_of(ctx, &x, out);
	shown_photo(ctx, &x, shown, out);
	return APP_OK;
}

enum app_status app_verify_holder(struct app_ctx *ctx, const char *id_type,
				  const char *id_number, const char *name,
				  struct cert_public **items, size_t *n,
				  struct app_error *err)
{
	struct store_conn *c;
	struct certificate *xs = NULL, *ds = NULL;
	const char *tname, *nm = typed(ctx, name);
	char blind[SEAL_BLIND_MAX];
	size_t k = 0, nx = 0, nd = 0;
	struct app_error e;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!id_number || !*id_number)
		return app_fail(err, APP_INVALID, "id_number", "verify.id_required");
	if (!*nm)
		return app_fail(err, APP_INVALID, "name", "verify.name_required");
	if (verify_allowed(ctx, err))
		return err->status;
	memset(&e, 0, sizeof(e));
	if (app_person_blind(ctx, id_type && *id_type ? id_type : "resident_id",
			     id_number, &tname, blind, &e)) {
		if (e.status != APP_INVALID)
			return *err = e, err->status;
		/* a number that cannot be valid: no certificate has it */
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	}
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = store_cert_by_holder(c, ctx->arena, tname, blind, &xs, &nx);
	if (rc == STORE_OK)
		decoy_by_holder(ctx, c, nx > 0, &ds, &nd);
	store_release(c);
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	*items = arena_alloc(ctx->arena, (nx ? nx : 1) * sizeof(**items));
	for (size_t i = 0; *items && i < nx; i++)
		if (same_name(xs[i].holder_name, nm))
			public_of(ctx, &xs[i], &(*items)[k++]);
	/* nothing found: the decoy's name compared all the same */
	for (size_t i = 0; i < nd; i++)
		decoy_sink = same_name(ds[i].holder_name, nm);
	*n = k;
	if (!k)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	return APP_OK;
}

/* The public key of kid, from the store. */
static enum store_err public_key(struct app_ctx *ctx, struct store_conn *c,
				 const char *kid, unsigned char pub[SIGN_PUB_BYTES])
{
	struct signing_key *keys;
	size_t n, got = 0;
	enum store_err rc = store_signing_keys(c, ctx->arena, &keys, &n);

	if (rc)
		return rc;
	for (size_t i = 0; kid && i < n; i++)
		if (!strcmp(keys[i].kid, kid))
			return sign_unb64url(keys[i].public_key, strlen(keys[i].public_key),
					     pub, SIGN_PUB_BYTES, &got) == 0 &&
					       got == SIGN_PUB_BYTES
				       ? STORE_OK
				       : STORE_ERROR;
	return STORE_NOT_FOUND;
}

int app_token_fields(const char *token, struct token_fields *f, char *buf, size_t buflen)
{
	const char *dot;
	size_t n = 0;
	char *p, *field[7];
	int k = 0;

	memset(f, 0, sizeof(*f));
	f->status_index = -1;
	if (!token || strncmp(token, "v1.", 3) || !(dot = strchr(token + 3, '.')) ||
	    strchr(dot + 1, '.'))
		return -1;
	if (sign_unb64url(token + 3, (size_t)(dot - token - 3), (unsigned char *)buf,
			  buflen - 1, &n))
		return -1;
	buf[n] = '\0';
	if (memchr(buf, '\0', n))
		return -1;
	/* six fields, or seven with the status list entry (tokens signed
	 * before it was added have six) */
	for (p = buf; k < 7; k++) {
		field[k] = p;
		p = strchr(p, '|');
		if (!p)
			break;
		*p++ = '\0';
	}
	if ((k != 5 && k != 6) || strchr(field[k], '|'))
		return -1;
	if (k == 6 && (str_to_ll(field[6], 0, 1LL << 40, &f->status_index) || !*field[6]))
		return -1;
	if (sign_unb64url(dot + 1, strlen(dot + 1), f->sig, sizeof(f->sig), &n) ||
	    n != SIGN_SIG_BYTES)
		return -1;
	f->number = field[0];
	f->holder = field[1];
	f->occupation_code = field[2];
	f->level = (int)strtol(field[3], NULL, 10);
	f->issued_on = field[4];
	f->kid = field[5];
	f->signed_len = (size_t)(dot - token);
	return 0;
}

enum app_status app_verify_token(struct app_ctx *ctx, const char *token,
				 struct token_fields *f, struct cert_public *out,
				 struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	unsigned char pub[SIGN_PUB_BYTES];
	char *buf;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	buf = arena_alloc(ctx->arena, 512);
	if (!token || strlen(token) > 600 || app_token_fields(token, f, buf, 512))
		return app_fail(err, APP_INVALID, "token", "verify.token_malformed");
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	rc = public_key(ctx, c, f->kid, pub);
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_INVALID, "token", "verify.unknown_key");
	}
	if (rc || !sign_verify_detached(pub, token, f->signed_len, f->sig)) {
		store_release(c);
		return rc ? app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable")
			  : app_fail(err, APP_INVALID, "token", "verify.bad_signature");
	}
	rc = store_cert_by_number(c, ctx->arena, f->number, &x);
	store_release(c);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.signed_not_here");
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	public_of(ctx, &x, out);
	return APP_OK;
}

/* ---- for the holder claim (app/holder.c): the same limit, decoy and
 * comparison as the lookups above ---- */

enum app_status cert_lookup_allowed(struct app_ctx *ctx, struct app_error *err)
{
	return verify_allowed(ctx, err);
}

void cert_lookup_decoy(struct app_ctx *ctx, struct store_conn *c, bool found,
		       struct certificate *x)
{
	decoy_by_number(ctx, c, found, x);
}

bool cert_same_text(const char *a, const char *b)
{
	return same_name(a ? a : "", b ? b : "");
}

void cert_public_of(struct app_ctx *ctx, const struct certificate *x, struct cert_public *out)
{
	public_of(ctx, x, out);
}
