/*
 * certificate.c - issuing certificates, their signed credentials and QR
 * tokens, status changes, and the signing keys (ARCHITECTURE
 * "Credentials"; domain.md §1, §2, §8).
 *
 * Issuing a plan is one transaction: the plan's row is locked first, so a
 * second issuer (another thread, another server) waits and then finds the
 * certificates already there; serials come from counter rows taken in the
 * same transaction; an enrolment has one certificate (a unique index).
 *
 * Each certificate is an Open Badges 3.0 AchievementCredential signed as a
 * compact JWS (EdDSA, typ vc+jwt), with one BitstringStatusListEntry of
 * purpose "message" and size 2 (0 valid, 1 suspended, 2 revoked, 3
 * superseded): the OB 3.0 schema allows a single credentialStatus, and one
 * two-bit entry carries every status. The QR code holds a verify URL with a
 * compact token: "v1." BASE64URL(fields) "." BASE64URL(Ed25519 signature of
 * what precedes the second dot), fields being number|masked name|
 * occupation code|level|issue date|kid|status list index (the index over
 * all lists: list = index / 131072). Neither holds anything derived from
 * the holder's ID number (docs/security.md).
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "app/internal.h"
#include "base/log.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/certno.h"
#include "core/i18n.h"
#include "core/registry.h"
#include "services/masterkey.h"
#include "services/pdf.h"
#include "services/seal.h"
#include "services/secret.h"
#include "services/sign.h"
#include "services/statuslist.h"

#define STATUS_LIST_ENTRIES 131072 /* entries per status list (2 bits each) */
#define DEFAULT_INDUSTRY_PATTERN "JX{YYYY}{L}{N6}"

struct app_signer {
	char kid[SIGN_KID_MAX];
	unsigned char seed[SIGN_SEED_BYTES];
	struct sign_key key; /* the seed expanded once: what every signature uses */
	struct app_signer *prev; /* replaced by a rotation, kept until the end */
};

static pthread_mutex_t signer_mu = PTHREAD_MUTEX_INITIALIZER;

void app_signer_free(struct app *app)
{
	while (app->signer) {
		struct app_signer *prev = app->signer->prev;

		seal_wipe(app->signer, sizeof(*app->signer));
		free(app->signer);
		app->signer = prev;
	}
}

static enum app_status master_key(struct app_ctx *ctx, unsigned char master[MASTERKEY_BYTES],
		      struct app_error *err)
{
	char kerr[256];

	if (!ctx->app->key_file ||
	    masterkey_load(ctx->app->key_file, master, kerr, sizeof(kerr)) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.master_key");
	return APP_OK;
}

/* Makes a new signing key and stores it (wrapped) on c. */
static enum app_status key_create(struct app_ctx *ctx, struct store_conn *c, char kid[SIGN_KID_MAX],
		      struct app_error *err)
{
	unsigned char master[MASTERKEY_BYTES], seed[SIGN_SEED_BYTES],
	    pub[SIGN_PUB_BYTES];
	char wrapped[SEAL_WRAPPED_MAX], now[32];
	struct signing_key k;
	struct buf b64;
	enum store_err rc;
	int failed;

	if (master_key(ctx, master, err))
		return err->status;
	sign_seed_new(seed);
	sign_public(seed, pub);
	sign_kid(pub, kid);
	failed = seal_wrap(master, seed, wrapped, sizeof(wrapped));
	masterkey_wipe(master);
	seal_wipe(seed, sizeof(seed));
	if (failed)
		return app_fail(err, APP_INTERNAL, NULL, "err.master_key");
	buf_init(&b64, 0);
	sign_b64url(pub, sizeof(pub), &b64);
	time_now_iso(now, sizeof(now));
	k.kid = kid;
	k.public_key = arena_strdup(ctx->arena, b64.data);
	k.wrapped = wrapped;
	k.created_at = now;
	k.retired_at = NULL;
	buf_release(&b64);
	rc = store_signing_key_insert(c, &k);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

/* The key that signs now (created when there is none), on c. */
static const struct app_signer *signer(struct app_ctx *ctx, struct store_conn *c,
				       struct app_error *err)
{
	struct app *app = ctx->app;
	struct signing_key *keys;
	unsigned char master[MASTERKEY_BYTES];
	struct app_signer *s;
	char kid[SIGN_KID_MAX];
	size_t n;
	enum store_err rc;
	int failed;

	pthread_mutex_lock(&signer_mu);
	rc = store_signing_keys(c, ctx->arena, &keys, &n);
	if (rc == STORE_OK && (n == 0 || keys[0].retired_at)) {
		if (key_create(ctx, c, kid, err)) {
			pthread_mutex_unlock(&signer_mu);
			return NULL;
		}
		rc = store_signing_keys(c, ctx->arena, &keys, &n);
	}
	if (rc || n == 0) {
		pthread_mutex_unlock(&signer_mu);
		app_store_fail(ctx, c, rc ? rc : STORE_ERROR, err);
		return NULL;
	}
	if (app->signer && !strcmp(app->signer->kid, keys[0].kid)) {
		pthread_mutex_unlock(&signer_mu);
		return app->signer;
	}
	if (!(s = calloc(1, sizeof(*s))) || master_key(ctx, master, err)) {
		bool no_memory = !s;

		free(s);
		pthread_mutex_unlock(&signer_mu);
		if (no_memory)
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
		return NULL;
	}
	failed = seal_unwrap(master, keys[0].wrapped, s->seed);
	masterkey_wipe(master);
	if (failed) {
		free(s);
		pthread_mutex_unlock(&signer_mu);
		app_fail(err, APP_INTERNAL, NULL, "err.master_key");
		return NULL;
	}
	sign_key_from_seed(s->seed, &s->key);
	snprintf(s->kid, sizeof(s->kid), "%s", keys[0].kid);
	/* the old one may be in use by another thread's issuing: keep it
	 * until the process ends (rotations are rare) */
	s->kid[sizeof(s->kid) - 1] = '\0';
	s->prev = app->signer;
	app->signer = s;
	pthread_mutex_unlock(&signer_mu);
	return s;
}

enum app_status app_signing_key_ensure(struct app_ctx *ctx, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc = STORE_OK;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (!signer(ctx, c, err))
		return app_abort(ctx, c, err);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_key_rotate(struct app_ctx *ctx, char kid[SIGN_KID_MAX], struct app_error *err)
{
	struct store_conn *c;
	char now[32];
	enum store_err rc;

	kid[0] = '\0';
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_authorize(ctx, c, PERM_KEY_MANAGE, 0, err))
		return app_abort(ctx, c, err);
	if (key_create(ctx, c, kid, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	rc = store_signing_key_retire_others(c, kid, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "key.rotate", "signing_key", kid, NULL, NULL);
	return app_finish(ctx, c, rc, err);
}

enum app_status app_key_list(struct app_ctx *ctx, struct signing_key **items, size_t *n,
		 struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_signing_keys(c, ctx->arena, items, n);
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		(*items)[i].wrapped = NULL; /* never leaves app/ */
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

/* ---- settings ---- */

static const char *setting(struct app_ctx *ctx, struct store_conn *c,
			   const char *name, const char *fallback)
{
	const char *v;

	return store_setting_get(c, ctx->arena, name, &v) == STORE_OK && *v ? v
									     : fallback;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	return n >= k && !strcmp(s + n - k, suffix);
}

bool app_public_url_valid(const char *url)
{
	const char *host, *end, *p;
	size_t n = url ? strlen(url) : 0;

	if (n == 0 || n > 200 || url[n - 1] == '/')
		return false;
	if (str_has_prefix(url, "https://"))
		host = url + 8;
	else if (str_has_prefix(url, "http://"))
		host = url + 7;
	else
		return false;
	/* printable ASCII, nothing a URL would have to escape or that ends
	 * the path: no query, fragment, user, quote or space */
	for (p = url; *p; p++)
		if (*p <= 0x20 || *p >= 0x7f || strchr("?#@\"'<>\\^`{|}%", *p))
			return false;
	end = host + strcspn(host, "/");
	if (end == host || *host == ':' || *host == '.' || *host == '-')
		return false;
	/* host[:port], the port 1..65535 */
	for (p = host; p < end && *p != ':'; p++)
		if (!(*p == '.' || *p == '-' || *p == '[' || *p == ']' ||
		      (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z')))
			return false;
	if (p < end) {
		long long port;
		const char *digits = p + 1;
		char buf[8];

		if ((size_t)(end - digits) < 1 || (size_t)(end - digits) > 5)
			return false;
		snprintf(buf, sizeof(buf), "%.*s", (int)(end - digits), digits);
		if (str_to_ll(buf, 1, 65535, &port))
			return false;
	}
	/* the path: no empty segment, no "." or ".." segment */
	return !strstr(end, "//") && !strstr(end, "/./") && !strstr(end, "/../") &&
	       !ends_with(end, "/.") && !ends_with(end, "/..");
}

/* The addresses public_url had before, one a line, newest first (the
 * setting public_url_former): where credentials signed then still ask for
 * their status lists. */
static const char *former_urls(struct app_ctx *ctx, struct store_conn *c)
{
	return setting(ctx, c, "public_url_former", "");
}

enum app_status app_setting_set(struct app_ctx *ctx, const char *name, const char *value,
		    struct app_error *err)
{
	struct store_conn *c;
	const char *old = "";
	char now[32];
	enum store_err rc;

	if (!name || (strcmp(name, "public_url") && strcmp(name, "industry_pattern")))
		return app_fail(err, APP_INVALID, "name", "setting.unknown");
	if (!value || !str_utf8_valid(value, strlen(value)))
		return app_fail(err, APP_INVALID, "value", "setting.value");
	if (!strcmp(name, "industry_pattern") && certno_pattern_check(value))
		return app_fail(err, APP_INVALID, "value", "certno.pattern");
	if (!strcmp(name, "public_url") && !app_public_url_valid(value))
		return app_fail(err, APP_INVALID, "value", "setting.public_url");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_now_iso(now, sizeof(now));
	if (app_authorize(ctx, c, PERM_KEY_MANAGE, 0, err))
		return app_abort(ctx, c, err);
	rc = STORE_OK;
	old = setting(ctx, c, name, "");
	if (!strcmp(old, value))
		return app_finish(ctx, c, rc, err); /* nothing changes */
	/* credentials signed with the old address keep it: the server goes
	 * on answering their status lists there (app_status_list) */
	if (!strcmp(name, "public_url") && *old) {
		const char *former = former_urls(ctx, c);

		rc = store_setting_put(c, "public_url_former",
				       arena_printf(ctx->arena, "%s%s%s", old, *former ? "\n" : "",
						    former),
				       now);
	}
	if (rc == STORE_OK)
		rc = store_setting_put(c, name, value, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "setting.set", "setting", name,
			       *old ? app_json(ctx, "{s:s}", "value", old) : NULL,
			       app_json(ctx, "{s:s}", "value", value));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_setting_get(struct app_ctx *ctx, const char *name, const char **value,
		    struct app_error *err)
{
	struct store_conn *c;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	*value = setting(ctx, c, name,
			 !strcmp(name, "industry_pattern") ? DEFAULT_INDUSTRY_PATTERN : "");
	store_release(c);
	return APP_OK;
}

/* The public address credentials are signed with; refused (naming the
 * setting) while it is unset: nothing is signed with a placeholder. */
static enum app_status public_base(struct app_ctx *ctx, struct store_conn *c, const char **base,
		       struct app_error *err)
{
	*base = setting(ctx, c, "public_url", "");
	return **base ? APP_OK : app_fail(err, APP_CONFLICT, "public_url", "cert.public_url_unset");
}

/* ---- the credential and the token ---- */

/* Appends the compact QR token of x signed by s. */
static void qr_token(const struct app_signer *s, const struct certificate *x,
		     struct buf *out)
{
	char masked[128];
	unsigned char sig[SIGN_SIG_BYTES];
	struct buf fields;
	size_t start = out->len;

	name_mask(x->holder_name, masked, sizeof(masked));
	buf_init(&fields, 0);
	buf_printf(&fields, "%s|%s|%s|%d|%s|%s|%lld", x->number, masked,
		   x->occupation_code, x->level, x->issued_on, s->kid, x->status_index);
	buf_puts(out, "v1.");
	sign_b64url(fields.data, fields.len, out);
	sign_detached_key(&s->key, out->data + start, out->len - start, sig);
	buf_putc(out, '.');
	sign_b64url(sig, sizeof(sig), out);
	buf_release(&fields);
}

/* Seconds since 1970 of an instant "YYYY-MM-DDTHH:MM:SSZ" (or of a date's
 * midnight, UTC); -1 when s is neither. */
static long long epoch_of(const char *s)
{
	struct tm tm;
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;

	if (!s)
		return -1;
	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec, &n) == 6) {
		if (strcmp(s + n, "Z") && strncmp(s + n, ".", 1))
			return -1;
	} else if (strlen(s) != 10 || sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3) {
		return -1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	return (long long)timegm(&tm);
}

/* The VC-JWT claims of Open Badges 3.0 section 8.2 set on the credential
 * cred (the JWS payload is the credential itself): iss its issuer's id,
 * nbf its validFrom, jti its id, sub its subject's id when it has one. */
static void jwt_claims(json_t *cred)
{
	json_t *issuer = json_object_get(cred, "issuer");
	json_t *sub = json_object_get(json_object_get(cred, "credentialSubject"), "id");
	const char *iss = json_is_string(issuer) ? json_string_value(issuer)
						 : json_string_value(json_object_get(issuer, "id"));

	json_object_set_new(cred, "iss", json_string(iss ? iss : ""));
	json_object_set_new(cred, "nbf", json_integer(epoch_of(json_string_value(
					     json_object_get(cred, "validFrom")))));
	json_object_set(cred, "jti", json_object_get(cred, "id"));
	if (json_is_string(sub))
		json_object_set(cred, "sub", sub);
}

/*
 * The OB 3.0 AchievementCredential of x (JSON text in the arena). Nothing
 * in it comes from the holder's ID number, hashed or not: an ID number has
 * about 31 bits of entropy once its region and check character are known,
 * so any value derived from it (a salted hash with the salt beside it)
 * would let anyone confirm a guess. The holder is bound by name through
 * the platform's rate-limited lookups (docs/security.md).
 */
static const char *credential_json(struct app_ctx *ctx, const char *base,
				   const struct certificate *x, const char *citation)
{
	const char *level_zh = tr(LANG_ZH, i18n_level_key(x->level));
	long long list = x->status_index / STATUS_LIST_ENTRIES;
	long long idx = x->status_index % STATUS_LIST_ENTRIES;
	const char *list_url = arena_printf(ctx->arena, "%s/status/%lld", base, list);
	json_t *subject, *status, *cred, *achievement;
	char *text;
	const char *out;

	achievement = json_pack(
	    "{s:s, s:[s], s:s, s:s, s:s, s:{s:s}, s:s, s:s}", "id",
	    arena_printf(ctx->arena, "%s/occupations/%s/levels/%d", base,
			 x->occupation_code, x->level),
	    "type", "Achievement", "achievementType", "Certificate", "name",
	    arena_printf(ctx->arena, "%s %s", x->occupation_name, level_zh),
	    "description",
	    arena_printf(ctx->arena, "职业技能等级证书：%s（%s）%s", x->occupation_name,
			 *x->work_type ? x->work_type : "--", level_zh),
	    "criteria", "narrative",
	    citation && *citation ? citation : x->occupation_name, "fieldOfStudy",
	    x->occupation_name, "humanCode", x->occupation_code);
	if (*x->work_type)
		json_object_set_new(achievement, "specialization", json_string(x->work_type));
	subject = json_pack("{s:[s], s:o}", "type", "AchievementSubject", "achievement",
			    achievement);
	status = json_pack(
	    "{s:s, s:s, s:s, s:s, s:i, s:s, s:[{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s}]}",
	    "id", arena_printf(ctx->arena, "%s#%lld", list_url, idx), "type",
	    "BitstringStatusListEntry", "statusPurpose", "message", "statusListIndex",
	    arena_printf(ctx->arena, "%lld", idx), "statusSize", 2,
	    "statusListCredential", list_url, "statusMessage", "status", "0x0",
	    "message", "valid", "status", "0x1", "message", "suspended", "status",
	    "0x2", "message", "revoked", "status", "0x3", "message", "superseded");
	cred = json_pack(
	    "{s:[s,s], s:s, s:[s,s], s:s, s:{s:s, s:[s], s:s}, s:s, s:s, s:o, s:o}",
	    "@context", "https://www.w3.org/ns/credentials/v2",
	    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "id",
	    arena_printf(ctx->arena, "%s/certificates/%s", base, x->number), "type",
	    "VerifiableCredential", "OpenBadgeCredential", "name", "职业技能等级证书",
	    "issuer", "id",
	    arena_printf(ctx->arena, "%s/institutions/%lld", base, x->institution_id),
	    "type", "Profile", "name", x->institution_name, "validFrom",
	    arena_printf(ctx->arena, "%sT00:00:00Z", x->issued_on), "awardedDate",
	    arena_printf(ctx->arena, "%sT00:00:00Z", x->issued_on),
	    "credentialSubject", subject, "credentialStatus", status);
	if (cred && !strcmp(x->line, "industry"))
		json_object_set_new(cred, "name", json_string("机械行业职业能力证书"));
	if (cred)
		jwt_claims(cred);
	text = cred ? json_dumps(cred, JSON_COMPACT) : NULL;
	out = text ? arena_strdup(ctx->arena, text) : NULL;
	free(text);
	json_decref(cred);
	return out;
}

/* Signs x (its number, index and fields set) and stores the credential
 * and token. */
static enum app_status sign_and_store(struct app_ctx *ctx, struct store_conn *c,
			  const struct app_signer *s, const char *base,
			  struct certificate *x, const char *citation,
			  struct app_error *err)
{
	const char *json;
	struct buf jws, token;
	enum store_err rc;

	json = credential_json(ctx, base, x, citation);
	if (!json)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	buf_init(&jws, 0);
	buf_init(&token, 0);
	if (sign_jws_key(&s->key, s->kid, "vc+jwt", json, strlen(json), &jws) ||
	    (qr_token(s, x, &token), buf_failed(&token))) {
		buf_release(&jws);
		buf_release(&token);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	x->kid = s->kid;
	x->credential = arena_strdup(ctx->arena, jws.data);
	x->qr_token = arena_strdup(ctx->arena, token.data);
	buf_release(&jws);
	buf_release(&token);
	rc = store_cert_set_signed(c, x->id, x->kid, x->credential, x->qr_token);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

/* ---- issuing ---- */

/* The number of x from its parts: the 22 characters of a skill-level
 * certificate, or the industry pattern; the serial from the counter of
 * its prefix. */
static enum app_status number_of(struct app_ctx *ctx, struct store_conn *c,
		     const char *pattern, struct certno *no, struct certificate *x,
		     struct app_error *err)
{
	char prefix[41], out[41];
	const char *e;
	long long serial;
	enum store_err rc;

	if (!strcmp(x->line, "skill"))
		e = certno_prefix(no, prefix);
	else
		e = (no->serial = 1, certno_pattern(pattern, no, out, prefix));
	if (e)
		return app_fail(err, APP_INVALID, NULL, e);
	rc = store_counter_next(c, arena_printf(ctx->arena, "cert:%s:%s", x->line, prefix),
				&serial);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	no->serial = serial;
	e = !strcmp(x->line, "skill") ? certno_format(no, out)
				      : certno_pattern(pattern, no, out, NULL);
	if (e)
		return app_fail(err, APP_CONFLICT, NULL, "cert.serials_exhausted");
	x->number = arena_strdup(ctx->arena, out);
	return APP_OK;
}

/* "theory=85.0;practical=78.5" of an enrolment's locked components. m is
 * ordered by enrolment, and so are the calls: *at moves forward only. */
static const char *scores_of(struct app_ctx *ctx, const struct component_row *m,
			     size_t n, size_t *at, long long enrolment_id)
{
	struct buf b;
	const char *out;

	buf_init(&b, 0);
	while (*at < n && m[*at].enrolment_id < enrolment_id)
		(*at)++;
	for (size_t i = *at; i < n && m[i].enrolment_id == enrolment_id; i++) {
		if (b.len)
			buf_putc(&b, ';');
		if (m[i].tenths >= 0)
			buf_printf(&b, "%s=%d.%d", m[i].component, m[i].tenths / 10,
				   m[i].tenths % 10);
		else
			buf_printf(&b, "%s=%s", m[i].component, m[i].status);
	}
	out = arena_strdup(ctx->arena, b.data);
	buf_release(&b);
	return out;
}

enum app_status app_cert_issue(struct app_ctx *ctx, long long plan_id, const char *line,
		   struct cert_issue_report *rep, struct app_error *err)
{
	struct store_conn *c;
	struct plan p;
	struct standard s;
	struct institution in;
	struct filing *filings = NULL;
	struct cert_candidate *cand;
	struct component_row *comps;
	const struct app_signer *sg;
	const char *base, *pattern = NULL;
	size_t nf = 0, ncand, ncomp, at = 0;
	struct arena scratch;
	struct app_ctx row;
	char today[11], now[32];
	struct certno no;
	enum store_err rc;
	bool filled = false; /* err filled by a step of the loop */

	memset(rep, 0, sizeof(*rep));
	line = line && *line ? line : "skill";
	if (strcmp(line, "skill") && strcmp(line, "industry"))
		return app_fail(err, APP_INVALID, "line", "cert.line");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	/* the plan's lock first: a concurrent issuer waits here */
	rc = store_plan_lock(c, plan_id);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_plan_load(ctx, c, plan_id, PERM_CERT_ISSUE, &p, &s, err))
		return app_abort(ctx, c, err);
	if (strcmp(p.status, "closed")) {
		app_fail(err, APP_INVALID, NULL, "cert.plan_not_closed");
		return app_abort(ctx, c, err);
	}
	if (public_base(ctx, c, &base, err))
		return app_abort(ctx, c, err);
	rc = store_institution_get(c, ctx->arena, p.institution_id, &in);
	if (rc == STORE_OK)
		rc = store_filing_list(c, ctx->arena, p.institution_id, &filings, &nf);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* an institution suspended, revoked or lapsed since the plan issues
	 * nothing until it is in force again */
	{
		int st = reg_status_parse(in.status);

		if (!reg_may_open_plans(st < 0 ? REG_APPLYING : (enum reg_status)st,
					in.valid_until, today)) {
			app_fail(err, APP_INVALID, NULL, "cert.institution_not_registered");
			return app_abort(ctx, c, err);
		}
	}
	memset(&no, 0, sizeof(no));
	no.kind = in.host_org && *in.host_org ? 'Y' : 'S';
	no.year = time_year(today);
	no.level = p.level;
	if (nf > 0) {
		snprintf(no.institution, sizeof(no.institution), "%s", filings[0].institution_code);
		snprintf(no.province, sizeof(no.province), "%s", filings[0].province_code);
		snprintf(no.site, sizeof(no.site), "%s", filings[0].site_code);
	} else if (!strcmp(line, "skill")) {
		app_fail(err, APP_INVALID, NULL, "cert.no_filing");
		return app_abort(ctx, c, err);
	} else {
		snprintf(no.institution, sizeof(no.institution), "0000");
		snprintf(no.province, sizeof(no.province), "%s", in.province ? in.province : "11");
		snprintf(no.site, sizeof(no.site), "000000");
	}
	if (!strcmp(line, "industry"))
		pattern = setting(ctx, c, "industry_pattern", DEFAULT_INDUSTRY_PATTERN);
	rc = store_cert_candidates(c, ctx->arena, plan_id, &cand, &ncand);
	if (rc == STORE_OK)
		rc = store_components_of_plan(c, ctx->arena, plan_id, &comps, &ncomp);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!(sg = signer(ctx, c, err)))
		return app_abort(ctx, c, err);
	/* each certificate's strings (credential, token, number) live in a
	 * scratch arena emptied every few dozen certificates: memory stays
	 * flat however large the plan */
	arena_init(&scratch);
	row = *ctx;
	row.arena = &scratch;
	for (size_t i = 0; i < ncand; i++) {
		struct certificate x;
		struct certificate_event ev;
		long long index;

		memset(&x, 0, sizeof(x));
		x.line = line;
		x.enrolment_id = cand[i].enrolment_id;
		x.plan_id = plan_id;
		x.person_id = cand[i].person_id;
		x.institution_id = p.institution_id;
		x.institution_name = in.name; /* as filed now, kept */
		x.institution_code = no.institution;
		x.province_code = no.province;
		x.site_code = no.site;
		x.holder_name = cand[i].name;
		x.id_type = cand[i].id_type;
		x.id_blind = cand[i].id_blind;
		x.id_masked = cand[i].id_masked;
		x.occupation_code = p.occupation_code;
		x.occupation_name = p.occupation_name;
		x.work_type = p.work_type ? p.work_type : "";
		x.level = p.level;
		x.issued_on = today;
		x.scores = scores_of(&row, comps, ncomp, &at, cand[i].enrolment_id);
		x.status = "valid";
		x.created_at = now;
		if (number_of(&row, c, pattern, &no, &x, err)) {
			filled = true;
			break;
		}
		rc = store_counter_next(c, "cert:status_index", &index);
		x.status_index = index - 1;
		if (rc == STORE_OK)
			rc = store_cert_insert(c, &x, &x.id);
		if (rc)
			break;
		if (sign_and_store(&row, c, sg, base, &x, s.citation, err)) {
			filled = true;
			break;
		}
		memset(&ev, 0, sizeof(ev));
		ev.certificate_id = x.id;
		ev.action = "issued";
		ev.actor = ctx->actor && !ctx->actor->system ? ctx->actor->username
							     : "system";
		ev.at = now;
		if ((rc = store_cert_event_insert(c, &ev)))
			break;
		if (!rep->first_number)
			rep->first_number = arena_strdup(ctx->arena, x.number);
		if (i + 1 == ncand)
			rep->last_number = arena_strdup(ctx->arena, x.number);
		rep->issued++;
		if (i % 64 == 63) {
			arena_release(&scratch);
			arena_init(&scratch);
		}
	}
	/* what the caller reads of a refusal outlives the scratch */
	if (filled && err->detail)
		err->detail = arena_strdup(ctx->arena, err->detail);
	arena_release(&scratch);
	if (filled)
		return app_abort(ctx, c, err);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* enrolments that had theirs: a successor (supersede) is the same
	 * enrolment's certificate, not another one */
	rc = store_cert_count_plan(c, plan_id, &rep->already);
	if (rc)
		return app_finish(ctx, c, rc, err);
	rep->already -= rep->issued;
	if (rep->issued)
		rc = app_audit(ctx, c, "certificate.issue", "plan",
			       arena_printf(ctx->arena, "%lld", plan_id), NULL,
			       app_json(ctx, "{s:s, s:I, s:s, s:s}", "line", line,
					"issued", (json_int_t)rep->issued, "first",
					rep->first_number, "last", rep->last_number));
	return app_finish(ctx, c, rc, err);
}

/* ---- reading ---- */

static enum app_status load(struct app_ctx *ctx, struct store_conn *c, long long id,
		const char *perm, struct certificate *x, struct app_error *err)
{
	enum store_err rc = store_cert_get(c, ctx->arena, id, x);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, perm, x->institution_id, err);
}

enum app_status app_cert_get(struct app_ctx *ctx, long long id, struct cert_view *out,
		 struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc = STORE_OK;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (load(ctx, c, id, PERM_CERT_READ, &out->cert, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_cert_events(c, ctx->arena, id, &out->events, &out->nevents);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_cert_by_number(struct app_ctx *ctx, const char *number, long long *id,
		       struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	enum store_err rc;

	*id = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_cert_by_number(c, ctx->arena, number ? number : "", &x);
	store_release(c);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, "number", "err.not_found");
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	*id = x.id;
	return APP_OK;
}

enum app_status app_cert_list(struct app_ctx *ctx, long long plan_id, const char *q,
		  long long limit, long long offset, struct certificate **items,
		  size_t *n, struct app_error *err)
{
	struct store_conn *c;
	size_t k = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!app_can(ctx, PERM_CERT_READ))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (limit <= 0 || limit > 500)
		limit = limit <= 0 ? 50 : 500;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = plan_id ? store_cert_of_plan(c, ctx->arena, plan_id, items, n)
		     : store_cert_list(c, ctx->arena, q, limit, offset < 0 ? 0 : offset,
				       items, n);
	/* only what the actor's grants cover */
	for (size_t i = 0; rc == STORE_OK && i < *n; i++) {
		struct app_error e;

		memset(&e, 0, sizeof(e));
		if (app_authorize(ctx, c, PERM_CERT_READ, (*items)[i].institution_id, &e))
			continue;
		(*items)[k++] = (*items)[i];
	}
	*n = rc ? 0 : k;
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

/* ---- status ---- */

static bool reason_ok(const char *reason)
{
	size_t n = reason ? strlen(reason) : 0;

	/* something besides blanks */
	return n > 0 && reason[strspn(reason, " \t\r\n")] && str_utf8_valid(reason, n) &&
	       str_utf8_len(reason, n) <= CERT_REASON_MAX;
}

/* A corrected holder name: what the person registry accepts (UTF-8, at
 * most 50 characters, no control characters), and not blank: the public
 * lookup compares it with what is typed, trimmed. */
static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	bool visible = false;

	if (!str_utf8_valid(name, n) || str_utf8_len(name, n) > 50)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)name[i];

		if (ch < 0x20 || ch == 0x7f)
			return false;
		if (ch != ' ')
			visible = true;
	}
	return visible && name[0] != ' ' && name[n - 1] != ' ';
}

/* Loads x for a status change or a supersede, under the lock every
 * change of a plan's certificates takes (the plan's row, as issuing
 * does): a concurrent change waits there, and x is read again after the
 * wait (PostgreSQL reads what was committed meanwhile), so a request that
 * read "valid" before a revocation cannot suspend the revoked certificate.
 * A certificate without a plan (legacy) is only ever revoked. */
static enum app_status load_for_change(struct app_ctx *ctx, struct store_conn *c, long long id,
			   struct certificate *x, struct app_error *err)
{
	enum store_err rc;

	if (load(ctx, c, id, PERM_CERT_MANAGE, x, err))
		return err->status;
	if (!x->plan_id)
		return APP_OK;
	rc = store_plan_lock(c, x->plan_id);
	if (rc == STORE_OK)
		rc = store_cert_get(c, ctx->arena, id, x);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

static enum store_err event(struct app_ctx *ctx, struct store_conn *c, long long id,
		 const char *action, const char *reason, const char *doc_no,
		 const char *now)
{
	struct certificate_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.certificate_id = id;
	ev.action = action;
	ev.reason = reason;
	ev.doc_no = doc_no;
	ev.actor = ctx->actor && !ctx->actor->system ? ctx->actor->username : "system";
	ev.at = now;
	return store_cert_event_insert(c, &ev);
}

enum app_status app_cert_change(struct app_ctx *ctx, long long id, const char *action,
		    const char *reason, const char *doc_no, struct app_error *err)
{
	struct store_conn *c;
	struct certificate x;
	const char *why;
	char today[11], now[32];
	enum store_err rc;
	int a = cert_action_parse(action), to, from;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	if (load_for_change(ctx, c, id, &x, err))
		return app_abort(ctx, c, err);
	/* who first (the load checks the grant), then what */
	{
		const char *field = NULL, *key = NULL;

		if (a < 0 || a == CERT_SUPERSEDE)
			field = "action", key = "cert.bad_action";
		else if (!reason_ok(reason))
			field = "reason", key = "val.reason";
		else if (doc_no && strlen(doc_no) > 100)
			field = "doc_no", key = "val.doc_no";
		if (key) {
			app_fail(err, APP_INVALID, field, key);
			return app_abort(ctx, c, err);
		}
	}
	if (!strcmp(x.line, "legacy") && a != CERT_REVOKE) {
		app_fail(err, APP_INVALID, "action", "cert.legacy_revoke_only");
		return app_abort(ctx, c, err);
	}
	from = cert_status_parse(x.status);
	if ((to = cert_transition((enum cert_status)(from < 0 ? 0 : from),
				  (enum cert_action)a, &why)) < 0) {
		app_fail(err, APP_CONFLICT, "action", why);
		return app_abort(ctx, c, err);
	}
	rc = store_cert_set_status(c, id, cert_status_name((enum cert_status)to),
					   to == CERT_VALID ? "" : reason, today, 0);
	if (rc == STORE_OK)
		rc = event(ctx, c, id, action, reason, doc_no, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, arena_printf(ctx->arena, "certificate.%s", action),
			       "certificate", x.number,
			       app_json(ctx, "{s:s}", "status", x.status),
			       app_json(ctx, "{s:s, s:s, s:s}", "status",
					cert_status_name((enum cert_status)to), "reason",
					reason, "doc_no", doc_no ? doc_no : ""));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_cert_supersede(struct app_ctx *ctx, long long id, const char *new_name,
		       const char *reason, const char *doc_no, long long *new_id,
		       struct app_error *err)
{
	struct store_conn *c;
	struct certificate x, y;
	const struct app_signer *sg;
	const char *why, *base, *pattern, *citation = NULL;
	struct certno no;
	char today[11], now[32];
	long long index;
	enum store_err rc;
	int from;

	*new_id = 0;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	time_today(today, sizeof(today));
	time_now_iso(now, sizeof(now));
	if (load_for_change(ctx, c, id, &x, err))
		return app_abort(ctx, c, err);
	/* who first (the load checks the grant), then what */
	if (!reason_ok(reason)) {
		app_fail(err, APP_INVALID, "reason", "val.reason");
		return app_abort(ctx, c, err);
	}
	if (new_name && *new_name && !name_ok(new_name)) {
		app_fail(err, APP_INVALID, "name", "val.person.name");
		return app_abort(ctx, c, err);
	}
	if (doc_no && strlen(doc_no) > 100) {
		app_fail(err, APP_INVALID, "doc_no", "val.doc_no");
		return app_abort(ctx, c, err);
	}
	from = cert_status_parse(x.status);
	if (!strcmp(x.line, "legacy") ||
	    cert_transition((enum cert_status)(from < 0 ? 0 : from), CERT_SUPERSEDE, &why) < 0) {
		app_fail(err, APP_CONFLICT, NULL, strcmp(x.line, "legacy") ? why : "cert.legacy_revoke_only");
		return app_abort(ctx, c, err);
	}
	/* the successor certifies the same achievement: the plan's standard
	 * gives the criteria, as at issue */
	if (x.plan_id) {
		struct plan p;
		struct standard s;

		if (app_plan_load(ctx, c, x.plan_id, PERM_CERT_MANAGE, &p, &s, err))
			return app_abort(ctx, c, err);
		citation = s.citation;
	}
	/* the successor: the same record, corrected, with a new number */
	y = x;
	y.id = 0;
	y.supersedes = x.id;
	y.superseded_by = 0;
	y.status = "valid";
	y.status_reason = "";
	y.status_date = NULL;
	y.issued_on = today;
	y.created_at = now;
	if (new_name && *new_name)
		y.holder_name = new_name;
	memset(&no, 0, sizeof(no));
	no.kind = x.number[0] == 'Y' ? 'Y' : 'S';
	snprintf(no.institution, sizeof(no.institution), "%s", x.institution_code);
	snprintf(no.province, sizeof(no.province), "%s", x.province_code);
	snprintf(no.site, sizeof(no.site), "%s", x.site_code);
	no.year = time_year(today);
	no.level = x.level;
	pattern = setting(ctx, c, "industry_pattern", DEFAULT_INDUSTRY_PATTERN);
	if (public_base(ctx, c, &base, err) || number_of(ctx, c, pattern, &no, &y, err) ||
	    !(sg = signer(ctx, c, err)))
		return app_abort(ctx, c, err);
	rc = store_counter_next(c, "cert:status_index", &index);
	y.status_index = index - 1;
	if (rc == STORE_OK)
		rc = store_cert_insert(c, &y, new_id);
	y.id = *new_id;
	if (rc == STORE_OK && sign_and_store(ctx, c, sg, base, &y, citation, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK)
		rc = store_cert_set_status(c, x.id, "superseded", reason, today, *new_id);
	if (rc == STORE_OK)
		rc = event(ctx, c, x.id, "superseded", reason, doc_no, now);
	if (rc == STORE_OK)
		rc = event(ctx, c, *new_id, "issued", reason, doc_no, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "certificate.supersede", "certificate", x.number,
			       app_json(ctx, "{s:s, s:s}", "status", x.status, "name",
					x.holder_name),
			       app_json(ctx, "{s:s, s:s, s:s}", "successor", y.number,
					"name", y.holder_name, "reason", reason));
	if (rc)
		*new_id = 0;
	return app_finish(ctx, c, rc, err);
}

/* ---- paper ---- */

/* "2026年11月26日" of "2026-11-26". */
static const char *date_zh(struct app_ctx *ctx, const char *iso)
{
	int y = 0, m = 0, d = 0;

	if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
		return iso ? iso : "";
	return arena_printf(ctx->arena, "%d年%d月%d日", y, m, d);
}

/* Fills one page of x (Chinese: the certificate's language). */
static enum app_status page_of(struct app_ctx *ctx, struct store_conn *c, const struct certificate *x,
		   const char *base, struct pdf_certificate *pc, struct app_error *err)
{
	char id_number[SEAL_PLAIN_MAX];
	const char *mime, *b64, *level = tr(LANG_ZH, i18n_level_key(x->level));
	const char *work = *x->work_type ? x->work_type : "--";
	enum store_err rc;

	memset(pc, 0, sizeof(*pc));
	if (app_person_id_number_tx(ctx, c, x->person_id, id_number, sizeof(id_number), err))
		return err->status;
	pc->id_number = arena_strdup(ctx->arena, id_number);
	seal_wipe(id_number, sizeof(id_number));
	rc = store_photo_get(c, ctx->arena, x->person_id, &mime, &b64);
	if (rc == STORE_OK) {
		size_t cap = strlen(b64), n = 0;
		unsigned char *bytes = arena_alloc(ctx->arena, cap + 1);

		if (bytes && seal_unbase64(b64, bytes, cap + 1, &n) == 0) {
			pc->photo = bytes;
			pc->photo_len = n;
		}
	} else if (rc != STORE_NOT_FOUND) {
		return app_store_fail(ctx, c, rc, err);
	}
	pc->title = strcmp(x->line, "industry") ? "职业技能等级证书" : "机械行业职业能力证书";
	pc->body = arena_printf(ctx->arena,
				"%s经%s考核评价，成绩合格，准予取得%s（%s）%s职业技能等级。",
				x->holder_name, x->institution_name, x->occupation_name, work,
				level);
	pc->name = x->holder_name;
	pc->id_type = tr(LANG_ZH, arena_printf(ctx->arena, "id_type.%s", x->id_type));
	pc->occupation = x->occupation_name;
	pc->work_type = work;
	pc->level = level;
	pc->number = x->number;
	pc->issued_on = date_zh(ctx, x->issued_on);
	pc->institution = x->institution_name;
	pc->qr_text = arena_printf(ctx->arena, "%s/v/%s", base, x->qr_token);
	pc->lookups[0] = "证书信息查询网址：http://jndj.osta.org.cn";
	pc->lookups[1] = "机构信息查询网址：http://pjjg.osta.org.cn";
	pc->lookups[2] = arena_printf(ctx->arena, "本证书核验：%s/verify", base);
	pc->l_name = "姓　　名";
	pc->l_id_type = "证件类型";
	pc->l_id_number = "证件号码";
	pc->l_occupation = "职业名称";
	pc->l_work_type = "工种/职业方向";
	pc->l_level = "职业技能等级";
	pc->l_number = "证书编号";
	pc->l_issued_on = "发证日期";
	pc->l_institution = "评价机构";
	return APP_OK;
}

/* PDF of one certificate (id) or of every certificate of a plan. */
enum app_status app_cert_pdf(struct app_ctx *ctx, long long id, long long plan_id, struct buf *out,
		 struct app_error *err)
{
	struct store_conn *c;
	struct certificate one, *xs = &one;
	struct pdf_certificate *pages;
	const char *base;
	size_t n = 1;
	char perr[256];
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (plan_id) {
		struct plan p;
		struct standard s;

		if (app_plan_load(ctx, c, plan_id, PERM_CERT_READ, &p, &s, err)) {
			store_release(c);
			return err->status;
		}
		rc = store_cert_of_plan(c, ctx->arena, plan_id, &xs, &n);
		if (rc == STORE_OK && n == 0)
			rc = STORE_NOT_FOUND;
		if (rc == STORE_NOT_FOUND) {
			store_release(c);
			return app_fail(err, APP_NOT_FOUND, NULL, "cert.none_for_plan");
		}
		if (rc) {
			app_store_fail(ctx, c, rc, err);
			store_release(c);
			return err->status;
		}
	} else if (load(ctx, c, id, PERM_CERT_READ, &one, err)) {
		store_release(c);
		return err->status;
	}
	if (!strcmp(xs[0].line, "legacy")) {
		store_release(c);
		return app_fail(err, APP_INVALID, NULL, "cert.legacy_no_pdf");
	}
	/* only a certificate in force is printed: one revoked, suspended or
	 * superseded is refused, and a plan's batch leaves those out */
	{
		size_t k = 0;

		for (size_t i = 0; i < n; i++)
			if (!strcmp(xs[i].status, "valid"))
				xs[k++] = xs[i];
		if (!k) {
			store_release(c);
			return app_fail(err, APP_INVALID, NULL, "cert.not_in_force");
		}
		n = k;
	}
	if (public_base(ctx, c, &base, err)) {
		store_release(c);
		return err->status;
	}
	pages = arena_alloc(ctx->arena, n * sizeof(*pages));
	for (size_t i = 0; i < n; i++)
		if (page_of(ctx, c, &xs[i], base, &pages[i], err)) {
			store_release(c);
			return err->status;
		}
	/* drawn first: only what was printed is audited as printed */
	if (pdf_certificates(pages, n, out, perr, sizeof(perr)) != 0) {
		store_release(c);
		/* the reason names the certificate; a photo the registry took
		 * but that does not decode is the user's to replace */
		log_error("certificate pdf (request %s): %s",
			  ctx->request_id ? ctx->request_id : "-", perr);
		if (strstr(perr, "photo:"))
			app_fail(err, APP_INVALID, "photo", "val.photo.broken");
		else
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	if (app_tx(ctx, c, err))
		return err->status;
	rc = app_audit(ctx, c, "certificate.print", plan_id ? "plan" : "certificate",
			       plan_id ? arena_printf(ctx->arena, "%lld", plan_id) : one.number,
			       NULL, app_json(ctx, "{s:I}", "pages", (json_int_t)n));
	return app_finish(ctx, c, rc, err);
}

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
static pthread_mutex_t verify_mu = PTHREAD_MUTEX_INITIALIZER;

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
	pthread_mutex_lock(&verify_mu);
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
	pthread_mutex_unlock(&verify_mu);
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
	out->id_masked = app_public_id_mask(ctx, x->id_masked);
	out->id_type = x->id_type;
	out->occupation_code = x->occupation_code;
	out->occupation_name = x->occupation_name;
	out->work_type = x->work_type;
	out->level = x->level;
	out->issued_on = x->issued_on;
	out->institution_name = x->institution_name;
	out->institution_status = x->institution_status;
	out->institution_valid_until = x->institution_valid_until;
	out->status = x->status;
	out->status_reason = x->status_reason;
	out->status_date = x->status_date;
	out->superseded_by = x->superseded_by_number;
}

/* Names compared in constant time over the longer of the two. */
static bool same_name(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na > nb ? na : nb;
	unsigned char diff = na != nb;

	for (size_t i = 0; i < n; i++)
		diff |= (unsigned char)(i < na ? a[i] : 0) ^ (unsigned char)(i < nb ? b[i] : 0);
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
	if (store_cert_by_number(c, ctx->arena, found ? "" : no, x) != STORE_OK)
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
	bool match;

	memset(out, 0, sizeof(*out));
	if (!*no)
		return app_fail(err, APP_INVALID, "number", "verify.number_required");
	if (!*nm)
		return app_fail(err, APP_INVALID, "name", "verify.name_required");
	if (strlen(no) > 64 || strlen(nm) > 200)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	if (verify_allowed(ctx, err))
		return err->status;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_cert_by_number(c, ctx->arena, no, &x);
	if (rc == STORE_OK || rc == STORE_NOT_FOUND)
		decoy_by_number(ctx, c, rc == STORE_OK, &d);
	store_release(c);
	if (rc && rc != STORE_NOT_FOUND)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	/* a wrong name and a missing certificate: the same answer, and the
	 * same work (a name is compared either way) */
	match = same_name(rc == STORE_OK ? x.holder_name
			  : d.holder_name ? d.holder_name : "\x01", nm) &&
		rc == STORE_OK;
	if (!match)
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	public_of(ctx, &x, out);
	return APP_OK;
}

enum app_status app_verify_holder(struct app_ctx *ctx, const char *id_type, const char *id_number,
		      const char *name, struct cert_public **items, size_t *n,
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
	if (app_person_blind(ctx, id_type && *id_type ? id_type : "resident_id", id_number,
			     &tname, blind, &e)) {
		if (e.status != APP_INVALID)
			return *err = e, err->status;
		/* a number that cannot be valid: no certificate has it */
		return app_fail(err, APP_NOT_FOUND, NULL, "verify.no_match");
	}
	if (!(c = app_conn(ctx, err)))
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
static enum store_err public_key(struct app_ctx *ctx, struct store_conn *c, const char *kid,
		      unsigned char pub[SIGN_PUB_BYTES])
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

enum app_status app_verify_token(struct app_ctx *ctx, const char *token, struct token_fields *f,
		     struct cert_public *out, struct app_error *err)
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
	if (!(c = app_conn(ctx, err)))
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

/* ---- published keys and status lists ---- */

enum app_status app_jwks(struct app_ctx *ctx, struct buf *out, struct app_error *err)
{
	struct store_conn *c;
	struct signing_key *keys;
	size_t n;
	enum store_err rc;

	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_signing_keys(c, ctx->arena, &keys, &n);
	store_release(c);
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	buf_puts(out, "{\"keys\":[");
	for (size_t i = 0, written = 0; i < n; i++) {
		unsigned char pub[SIGN_PUB_BYTES];
		size_t got = 0;

		if (sign_unb64url(keys[i].public_key, strlen(keys[i].public_key), pub,
				  sizeof(pub), &got) || got != sizeof(pub))
			continue;
		if (written++)
			buf_putc(out, ',');
		sign_jwk(keys[i].kid, pub, out);
	}
	buf_puts(out, "]}");
	return buf_failed(out) ? app_fail(err, APP_INTERNAL, NULL, "err.internal") : APP_OK;
}

/* The address of base without its scheme and path ("host:port"), in the
 * arena. */
static const char *authority_of(struct arena *a, const char *base)
{
	const char *h = strstr(base, "://");

	h = h ? h + 3 : base;
	return arena_strndup(a, h, strcspn(h, "/"));
}

/* The public address a status list asked for at host is signed with: the
 * current one, or a former one whose host and port are host's. */
static const char *base_for_host(struct app_ctx *ctx, struct store_conn *c,
				 const char *current, const char *host)
{
	const char *former = former_urls(ctx, c), *p, *nl;

	if (!host || !*host || !strcasecmp(authority_of(ctx->arena, current), host))
		return current;
	for (p = former; *p; p = *nl ? nl + 1 : nl) {
		const char *url;

		nl = p + strcspn(p, "\n");
		url = arena_strndup(ctx->arena, p, (size_t)(nl - p));
		if (url && *url && !strcasecmp(authority_of(ctx->arena, url), host))
			return url;
	}
	return current;
}

enum app_status app_status_list(struct app_ctx *ctx, long long list, const char *host,
		    struct buf *out, struct app_error *err)
{
	static const char *const statuses[] = {"suspended", "revoked", "superseded"};
	struct store_conn *c;
	const struct app_signer *sg;
	unsigned char *bits;
	const char *base, *json;
	long long from = list * STATUS_LIST_ENTRIES, to = from + STATUS_LIST_ENTRIES;
	size_t nbytes = STATUS_LIST_ENTRIES * 2 / 8;
	struct buf enc;
	char now[32];
	json_t *cred;
	char *text;
	enum store_err rc = STORE_OK;
	int failed;

	if (list < 0 || list > 100000)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (!(bits = calloc(1, nbytes)))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!(c = app_conn(ctx, err))) {
		free(bits);
		return err->status;
	}
	for (int s = 0; rc == STORE_OK && s < 3; s++) {
		long long *idx;
		size_t n;

		rc = store_cert_status_indexes(c, ctx->arena, statuses[s], from, to, &idx, &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			size_t at = (size_t)(idx[i] - from) * 2, v = (size_t)s + 1;

			statuslist_set(bits, nbytes, at, v & 2);
			statuslist_set(bits, nbytes, at + 1, v & 1);
		}
	}
	if (rc == STORE_OK && public_base(ctx, c, &base, err)) {
		store_release(c);
		free(bits);
		return err->status;
	}
	if (rc == STORE_OK)
		base = base_for_host(ctx, c, base, host);
	sg = rc == STORE_OK ? signer(ctx, c, err) : NULL;
	store_release(c);
	if (rc || !sg) {
		free(bits);
		if (rc)
			app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
		return err->status;
	}
	buf_init(&enc, 0);
	failed = statuslist_encode(bits, nbytes, &enc);
	free(bits);
	time_now_iso(now, sizeof(now));
	cred = failed ? NULL
		  : json_pack("{s:[s], s:s, s:[s,s], s:s, s:s, s:{s:s, s:s, s:s, s:s}}",
			      "@context", "https://www.w3.org/ns/credentials/v2", "id",
			      arena_printf(ctx->arena, "%s/status/%lld", base, list), "type",
			      "VerifiableCredential", "BitstringStatusListCredential",
			      "issuer", base, "validFrom", now, "credentialSubject", "id",
			      arena_printf(ctx->arena, "%s/status/%lld#list", base, list),
			      "type", "BitstringStatusList", "statusPurpose", "message",
			      "encodedList", enc.data);
	if (cred)
		jwt_claims(cred);
	buf_release(&enc);
	text = cred ? json_dumps(cred, JSON_COMPACT) : NULL;
	json = text ? arena_strdup(ctx->arena, text) : NULL;
	free(text);
	json_decref(cred);
	if (!json || sign_jws_key(&sg->key, sg->kid, "vc+jwt", json, strlen(json), out))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}

/* ---- offline verification (no database, no network) ---- */

struct jwks_find {
	const char *kid;
	unsigned char pub[SIGN_PUB_BYTES];
	bool found;
};

static int find_key(const char *kid, const unsigned char pub[SIGN_PUB_BYTES], void *arg)
{
	struct jwks_find *f = arg;

	if (!kid || !f->kid || strcmp(kid, f->kid))
		return 0;
	memcpy(f->pub, pub, SIGN_PUB_BYTES);
	f->found = true;
	return 1;
}

static const char *sign_why(enum sign_err e)
{
	switch (e) {
	case SIGN_OK: return NULL;
	case SIGN_BAD_ALG: return "verify.bad_alg";
	case SIGN_UNKNOWN_KEY: return "verify.unknown_key";
	case SIGN_BAD_SIGNATURE: return "verify.bad_signature";
	default: return "verify.malformed";
	}
}

/* Verifies a compact JWS against the key set; *payload (arena) set when
 * the signature holds. */
static const char *jws_check(struct arena *a, const char *jws, const char *jwks,
			     const char **payload, const char **kid)
{
	struct sign_jws_parts parts;
	struct jwks_find f;
	enum sign_err e = sign_jws_parse(jws, &parts);
	const char *why;

	*payload = NULL;
	*kid = NULL;
	if (e)
		return sign_jws_free(&parts), sign_why(e);
	*kid = parts.kid ? arena_strdup(a, parts.kid) : NULL;
	memset(&f, 0, sizeof(f));
	f.kid = parts.kid;
	if (sign_jwks_each(jwks, find_key, &f) < 0) {
		sign_jws_free(&parts);
		return "verify.bad_jwks";
	}
	if (!f.found) {
		sign_jws_free(&parts);
		return "verify.unknown_key";
	}
	e = sign_jws_verify(&parts, f.pub);
	why = sign_why(e);
	if (!why) {
		char *p = arena_alloc(a, parts.payload_len + 1);

		if (p) {
			memcpy(p, parts.payload, parts.payload_len);
			p[parts.payload_len] = '\0';
		}
		*payload = p;
	}
	sign_jws_free(&parts);
	return why;
}

static const char *jstr(json_t *o, const char *path)
{
	/* "a.b.c": nested objects */
	char key[64];
	const char *dot;

	while (o && (dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		o = json_object_get(o, key);
		path = dot + 1;
	}
	return o ? json_string_value(json_object_get(o, path)) : NULL;
}

/* s without the blanks around it (in the arena). */
static const char *trimmed(struct arena *a, const char *s)
{
	size_t n;

	while (s && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t'))
		s++;
	if (!s)
		return NULL;
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t'))
		n--;
	return arena_strndup(a, s, n);
}

/* True when the array or string t (a credential's "type") holds name. */
static bool has_type(json_t *t, const char *name)
{
	size_t i;
	json_t *v;

	if (json_is_string(t))
		return !strcmp(json_string_value(t), name);
	json_array_foreach(t, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), name))
			return true;
	return false;
}

/* NULL when the JWT claims of the VC-JWT cred agree with the credential
 * (OB 3.0 section 8.2: iss = the issuer's id, nbf = validFrom, jti = id,
 * sub = the subject's id exactly when it has one), else why not. */
static const char *claims_check(json_t *cred)
{
	json_t *issuer = json_object_get(cred, "issuer");
	json_t *sid = json_object_get(json_object_get(cred, "credentialSubject"), "id");
	json_t *nbf = json_object_get(cred, "nbf"), *sub = json_object_get(cred, "sub");
	const char *iss = json_is_string(issuer) ? json_string_value(issuer)
						 : jstr(issuer, "id");
	const char *jti = jstr(cred, "jti"), *id = jstr(cred, "id");
	long long from = epoch_of(jstr(cred, "validFrom"));

	if (!iss || !jstr(cred, "iss") || strcmp(iss, jstr(cred, "iss")))
		return "verify.claims";
	if (!json_is_integer(nbf) || from < 0 || json_integer_value(nbf) != from)
		return "verify.claims";
	if (!id || !jti || strcmp(id, jti))
		return "verify.claims";
	if (json_is_string(sid) ? !json_is_string(sub) || !json_equal(sid, sub) : sub != NULL)
		return "verify.claims";
	return NULL;
}

/*
 * Reads the two-bit status at index of the signed status list text list
 * into out->status, after checking that the list is one: signed by a key
 * of jwks, a BitstringStatusListCredential of purpose "message" whose
 * claims agree, and whose id is want (exactly; or, when suffix, ending
 * with want: a bare QR token names its list only by number). Sets
 * out->status_list_id, _from and _age. NULL or why not.
 */
static const char *status_check(struct arena *a, const char *list_text, const char *jwks,
				const char *want, bool suffix, long long index,
				struct offline_result *out)
{
	const char *sl, *skid, *enc, *id, *why = NULL;
	json_t *list;
	unsigned char *bits = NULL;
	size_t nbytes = 0;

	if ((why = jws_check(a, trimmed(a, list_text), jwks, &sl, &skid)))
		return why;
	if (!(list = json_loads(sl, 0, NULL)))
		return "verify.bad_status_list";
	id = jstr(list, "id");
	out->status_list_id = id ? arena_strdup(a, id) : NULL;
	out->status_list_from = jstr(list, "validFrom") ? arena_strdup(a, jstr(list, "validFrom"))
							: NULL;
	out->status_list_age = epoch_of(out->status_list_from) >= 0
				   ? (long long)time(NULL) - epoch_of(out->status_list_from)
				   : -1;
	enc = jstr(list, "credentialSubject.encodedList");
	if (!has_type(json_object_get(list, "type"), "BitstringStatusListCredential") ||
	    strcmp(jstr(list, "credentialSubject.statusPurpose") ? jstr(list, "credentialSubject.statusPurpose") : "", "message") ||
	    claims_check(list))
		why = "verify.bad_status_list";
	else if (!id || !want || (suffix ? !ends_with(id, want) : strcmp(id, want)))
		why = "verify.status_list_other";
	else if (!enc || statuslist_decode(enc, &bits, &nbytes) || index < 0 ||
		 (size_t)index * 2 + 1 >= nbytes * 8)
		why = "verify.bad_status_list";
	if (!why) {
		int val = statuslist_get(bits, nbytes, (size_t)index * 2) * 2 +
			  statuslist_get(bits, nbytes, (size_t)index * 2 + 1);

		out->status = cert_status_name(val == 1   ? CERT_SUSPENDED
					       : val == 2 ? CERT_REVOKED
					       : val == 3 ? CERT_SUPERSEDED
							  : CERT_VALID);
		if (strcmp(out->status, "valid"))
			why = arena_printf(a, "verify.status.%s", out->status);
	}
	json_decref(list);
	free(bits);
	return why;
}

int app_verify_offline(struct arena *a, const char *text, const char *jwks,
		       const char *status_list, struct offline_result *out)
{
	const char *t, *v, *payload, *kid, *base = NULL;
	bool with_status = status_list && *status_list;
	json_t *cred;

	memset(out, 0, sizeof(*out));
	out->status_index = -1;
	out->status_list_age = -1;
	t = trimmed(a, text);
	if (!t || !*t)
		return out->why = "verify.malformed", -1;
	if ((v = strstr(t, "/v/"))) {
		base = arena_strndup(a, t, (size_t)(v - t));
		t = v + 3;
	}
	if (!strncmp(t, "v1.", 3)) {
		struct token_fields f;
		struct jwks_find k;
		char *buf = arena_alloc(a, 512);

		out->kind = "token";
		if (strlen(t) > 600 || app_token_fields(t, &f, buf, 512))
			return out->why = "verify.token_malformed", -1;
		memset(&k, 0, sizeof(k));
		k.kid = f.kid;
		out->kid = f.kid;
		if (sign_jwks_each(jwks, find_key, &k) < 0)
			return out->why = "verify.bad_jwks", -1;
		if (!k.found)
			return out->why = "verify.unknown_key", -1;
		if (!sign_verify_detached(k.pub, t, f.signed_len, f.sig))
			return out->why = "verify.bad_signature", -1;
		out->number = f.number;
		out->holder = f.holder;
		out->occupation = f.occupation_code;
		out->level = f.level;
		out->issued_on = f.issued_on;
		out->status_index = (long)f.status_index;
		if (!with_status)
			return 0;
		/* the list the token's entry is in: its URL when the token came
		 * as a verify URL, else its number */
		if (f.status_index < 0)
			return out->why = "verify.token_no_status", -1;
		{
			const char *want = arena_printf(
			    a, "%s/status/%lld", base ? base : "", f.status_index / STATUS_LIST_ENTRIES);

			out->why = status_check(a, status_list, jwks, want, !base,
						f.status_index % STATUS_LIST_ENTRIES, out);
		}
		return out->why ? -1 : 0;
	}
	out->kind = "credential";
	if ((out->why = jws_check(a, t, jwks, &payload, &kid))) {
		out->kid = kid;
		return -1;
	}
	out->kid = kid;
	out->payload = payload;
	if (!(cred = json_loads(payload, 0, NULL)) || !json_is_object(cred)) {
		json_decref(cred);
		return out->why = "verify.malformed", -1;
	}
	{
		const char *id = jstr(cred, "id"), *slash = id ? strrchr(id, '/') : NULL;
		json_t *subj = json_object_get(cred, "credentialSubject");

		/* a certificate, not some other credential of ours (a status
		 * list is signed by the same key) */
		if (!has_type(json_object_get(cred, "type"), "OpenBadgeCredential") ||
		    !json_is_object(json_object_get(subj, "achievement"))) {
			json_decref(cred);
			return out->why = "verify.not_certificate", -1;
		}
		if ((out->why = claims_check(cred))) {
			json_decref(cred);
			return -1;
		}
		out->number = slash ? arena_strdup(a, slash + 1) : NULL;
		out->issuer = (v = jstr(cred, "issuer.name")) ? arena_strdup(a, v) : NULL;
		out->issued_on = (v = jstr(cred, "validFrom")) ? arena_strndup(a, v, strnlen(v, 10)) : NULL;
		out->occupation = (v = jstr(subj, "achievement.name")) ? arena_strdup(a, v) : NULL;
		v = jstr(cred, "credentialStatus.statusListIndex");
		if (v)
			out->status_index = strtol(v, NULL, 10);
		v = jstr(cred, "credentialStatus.statusListCredential");
		base = v ? arena_strdup(a, v) : NULL;
	}
	json_decref(cred);
	if (with_status) {
		if (!base || out->status_index < 0)
			return out->why = "verify.bad_status_list", -1;
		out->why = status_check(a, status_list, jwks, base, false, out->status_index, out);
		if (out->why)
			return -1;
	}
	return 0;
}
