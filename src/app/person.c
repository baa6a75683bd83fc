/*
 * person.c - the person registry: candidates and staff, one record per
 * document. ID numbers are stored sealed (services/seal.c) under a data key
 * that the master key wraps; a keyed blind index finds a person again
 * without decrypting anything.
 *
 * A person belongs to the institutions that registered, enrolled, staffed
 * or employ them (store_person_institutions); every read and write here
 * needs person.manage on one of them, or on the whole network
 * (app_person_reach). Anything else answers as if there were no such
 * person. docs/security.md, "The person registry's scope".
 */
#include <jansson.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/photo.h"
#include "services/archive.h"
#include "services/masterkey.h"
#include "services/seal.h"

struct app_keys {
	unsigned char data[SEAL_KEY_BYTES];  /* seals ID numbers */
	unsigned char blind[SEAL_KEY_BYTES]; /* keys the blind index */
};

static pthread_mutex_t keys_mu = PTHREAD_MUTEX_INITIALIZER;

/* Unwraps the named key, creating it on first use (the first writer wins
 * when several servers start at once). */
static enum store_err load_key(struct app_ctx *ctx, struct store_conn *c,
			       const unsigned char master[SEAL_KEY_BYTES],
			       const char *name, unsigned char key[SEAL_KEY_BYTES])
{
	const char *wrapped;
	char now[32], w[SEAL_WRAPPED_MAX];
	enum store_err rc = store_secret_get(c, ctx->arena, name, &wrapped);

	if (rc == STORE_NOT_FOUND) {
		seal_new_key(key);
		if (seal_wrap(master, key, w, sizeof(w)) != 0)
			return STORE_ERROR;
		seal_wipe(key, SEAL_KEY_BYTES);
		time_now_iso(now, sizeof(now));
		rc = store_secret_put_new(c, name, w, now);
		if (rc == STORE_OK)
			rc = store_secret_get(c, ctx->arena, name, &wrapped);
	}
	if (rc)
		return rc;
	return seal_unwrap(master, wrapped, key) == 0 ? STORE_OK : STORE_ERROR;
}

/* The data keys of this process, loaded once. */
static struct app_keys *keys(struct app_ctx *ctx, struct app_error *err)
{
	struct app *app = ctx->app;
	unsigned char master[MASTERKEY_BYTES];
	struct app_keys *k;
	struct store_conn *c;
	char kerr[256];
	enum store_err rc;

	pthread_mutex_lock(&keys_mu);
	if ((k = app->keys)) {
		pthread_mutex_unlock(&keys_mu);
		return k;
	}
	if (!app->key_file ||
	    masterkey_load(app->key_file, master, kerr, sizeof(kerr)) != 0) {
		pthread_mutex_unlock(&keys_mu);
		app_fail(err, APP_INTERNAL, NULL, "err.master_key");
		return NULL;
	}
	k = calloc(1, sizeof(*k));
	c = k ? app_conn(ctx, err) : NULL;
	rc = c ? load_key(ctx, c, master, "person.id.v1", k->data) : STORE_ERROR;
	if (rc == STORE_OK)
		rc = load_key(ctx, c, master, "person.blind.v1", k->blind);
	masterkey_wipe(master);
	if (c)
		store_release(c);
	if (rc) {
		if (k)
			seal_wipe(k, sizeof(*k));
		free(k);
		pthread_mutex_unlock(&keys_mu);
		app_fail(err, APP_INTERNAL, NULL, "err.master_key");
		return NULL;
	}
	app->keys = k;
	pthread_mutex_unlock(&keys_mu);
	return k;
}

enum app_status app_keys_load(struct app_ctx *ctx, struct app_error *err)
{
	return keys(ctx, err) ? APP_OK : err->status;
}

enum app_status app_blind(struct app_ctx *ctx, const char *purpose, const char *value,
			  char *out, struct app_error *err)
{
	struct app_keys *k = keys(ctx, err);

	if (!k)
		return err->status;
	seal_blind(k->blind, purpose, value, out);
	return APP_OK;
}

void app_keys_free(struct app *app)
{
	if (app->keys) {
		seal_wipe(app->keys, sizeof(*app->keys));
		free(app->keys);
		app->keys = NULL;
	}
}

enum app_status app_person_reach(struct app_ctx *ctx, struct store_conn *c,
				 long long person_id, const char *perm,
				 struct app_error *err)
{
	long long inst[256];
	size_t n = 0;
	struct app_error e;
	int rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	memset(&e, 0, sizeof(e));
	if (app_authorize(ctx, c, perm, 0, &e) == APP_OK)
		return APP_OK; /* the whole network (or the system) */
	if ((rc = store_person_institutions(c, person_id, inst, 256, &n)))
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < n; i++) {
		memset(&e, 0, sizeof(e));
		rc = app_authorize(ctx, c, perm, inst[i], &e);
		if (rc == APP_OK)
			return APP_OK;
		if (rc == APP_INTERNAL || rc == APP_UNAVAILABLE)
			return *err = e, rc;
	}
	/* an outsider learns nothing, not even that they exist */
	return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
}

enum app_status app_person_registrar(struct app_ctx *ctx, struct store_conn *c,
				     long long asked, long long *out, struct app_error *err)
{
	const struct actor *a = ctx->actor;
	long long found = 0;

	*out = 0;
	if (asked) {
		int rc = app_authorize(ctx, c, PERM_PERSON_MANAGE, asked, err);

		if (rc == APP_NOT_FOUND)
			return app_fail(err, APP_INVALID, "institution_id",
					"val.parent.not_found");
		if (rc == APP_FORBIDDEN)
			err->field = "institution_id";
		if (rc == APP_OK)
			*out = asked;
		return rc;
	}
	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (a->system)
		return APP_OK;
	for (size_t i = 0; i < a->ngrants; i++) {
		if (!role_has(a->grants[i].role, PERM_PERSON_MANAGE))
			continue;
		if (a->grants[i].institution_id == 0)
			return APP_OK; /* the network's: no one institution */
		if (found && found != a->grants[i].institution_id)
			return app_fail(err, APP_INVALID, "institution_id",
					"val.person.institution");
		found = a->grants[i].institution_id;
	}
	if (!found)
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	*out = found;
	return APP_OK;
}

static bool check_text(const char *s, size_t min, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n < min || (n && !str_utf8_valid(s, n)) || str_utf8_len(s, n) > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

static enum app_status check_input(const struct person_input *in, const char *today,
				   struct app_error *err)
{
	struct rule_error re;

	if (!check_text(in->name, 1, 50))
		return app_fail(err, APP_INVALID, "name", "val.person.name");
	if (in->sex && *in->sex && strcmp(in->sex, "M") && strcmp(in->sex, "F"))
		return app_fail(err, APP_INVALID, "sex", "val.person.sex");
	if (in->birth_date && *in->birth_date &&
	    (!time_date_valid(in->birth_date) || strcmp(in->birth_date, today) > 0))
		return app_fail(err, APP_INVALID, "birth_date", "val.date.invalid");
	if (in->work_start && *in->work_start &&
	    (!time_date_valid(in->work_start) || strcmp(in->work_start, today) > 0))
		return app_fail(err, APP_INVALID, "work_start", "val.date.invalid");
	if (in->education && *in->education && !education_valid(in->education))
		return app_fail(err, APP_INVALID, "education", "val.person.education");
	if (!check_text(in->employer, 0, 100))
		return app_fail(err, APP_INVALID, "employer", "val.text.format");
	if (!check_text(in->phone, 0, 30))
		return app_fail(err, APP_INVALID, "phone", "val.text.format");
	if (!inst_check_credit_code(in->employer_credit_code, &re))
		return app_fail(err, APP_INVALID, "employer_credit_code", re.msg);
	return APP_OK;
}

static const char *or_null(const char *s) { return s && *s ? s : NULL; }

size_t app_person_problems(const struct person_input *in, const char *today,
			   struct app_error *errs, size_t max)
{
	struct rule_error re;
	char number[ID_NUMBER_MAX];
	size_t n = 0;
	int type = id_type_parse(in->id_type);
	bool sex_ok = !in->sex || !*in->sex || !strcmp(in->sex, "M") ||
		      !strcmp(in->sex, "F");
	bool birth_ok = !in->birth_date || !*in->birth_date ||
			(time_date_valid(in->birth_date) &&
			 strcmp(in->birth_date, today) <= 0);
#define NOTE(f, m) \
	do { \
		if (n < max) \
			errs[n++] = (struct app_error){APP_INVALID, (f), (m), NULL, 0}; \
	} while (0)

	if (!check_text(in->name, 1, 50))
		NOTE("name", "val.person.name");
	if (type < 0)
		NOTE("id_type", "val.id_type.invalid");
	else if (!id_normalise((enum id_type)type, in->id_number, today, number, &re) ||
		 !id_cross_check((enum id_type)type, number,
				 birth_ok ? or_null(in->birth_date) : NULL,
				 sex_ok && in->sex && *in->sex ? in->sex[0] : 0, &re))
		NOTE(re.field, re.msg);
	seal_wipe(number, sizeof(number));
	if (!sex_ok)
		NOTE("sex", "val.person.sex");
	if (!birth_ok)
		NOTE("birth_date", "val.date.invalid");
	if (in->education && *in->education && !education_valid(in->education))
		NOTE("education", "val.person.education");
	if (!check_text(in->employer, 0, 100))
		NOTE("employer", "val.text.format");
	if (!inst_check_credit_code(in->employer_credit_code, &re))
		NOTE("employer_credit_code", re.msg);
	if (in->work_start && *in->work_start &&
	    (!time_date_valid(in->work_start) || strcmp(in->work_start, today) > 0))
		NOTE("work_start", "val.date.invalid");
	if (!check_text(in->phone, 0, 30))
		NOTE("phone", "val.text.format");
#undef NOTE
	return n;
}

enum app_status app_person_prepare(struct app_ctx *ctx, const struct person_input *in,
				   const char *today, struct person *p, char *sealed,
				   char *blind, struct app_error *err)
{
	struct rule_error re;
	struct app_keys *k;
	char number[ID_NUMBER_MAX], masked[ID_MASK_MAX], birth[ID_DATE_MAX], sex = 0;
	int type;

	if (check_input(in, today, err))
		return err->status;
	if ((type = id_type_parse(in->id_type)) < 0)
		return app_fail(err, APP_INVALID, "id_type", "val.id_type.invalid");
	if (!id_normalise((enum id_type)type, in->id_number, today, number, &re) ||
	    !id_cross_check((enum id_type)type, number, or_null(in->birth_date),
			    in->sex && *in->sex ? in->sex[0] : 0, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	memset(p, 0, sizeof(*p));
	p->name = in->name;
	p->id_type = id_type_name((enum id_type)type);
	p->sex = in->sex ? in->sex : "";
	p->birth_date = or_null(in->birth_date);
	if (id_type_has_birth_sex((enum id_type)type) && id_birth_sex(number, birth, &sex)) {
		p->birth_date = arena_strdup(ctx->arena, birth);
		p->sex = sex == 'M' ? "M" : "F";
	}
	id_mask(number, masked, sizeof(masked));
	p->id_masked = arena_strdup(ctx->arena, masked);
	p->education = in->education ? in->education : "";
	p->employer = in->employer ? in->employer : "";
	p->employer_credit_code = in->employer_credit_code ? in->employer_credit_code : "";
	p->work_start = or_null(in->work_start);
	p->phone = in->phone ? in->phone : "";
	if (!(k = keys(ctx, err))) {
		seal_wipe(number, sizeof(number));
		return err->status;
	}
	seal_blind(k->blind, "id_number", number, blind);
	if (sealed &&
	    seal_encrypt(k->data, "id_number", number, sealed, SEAL_SEALED_MAX) != 0) {
		seal_wipe(number, sizeof(number));
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	seal_wipe(number, sizeof(number));
	if (!p->id_masked)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}

enum app_status app_person_blind(struct app_ctx *ctx, const char *id_type,
				 const char *id_number, const char **type_name,
				 char *blind, struct app_error *err)
{
	struct rule_error re;
	struct app_keys *k;
	char number[ID_NUMBER_MAX], today[11];
	int type;

	if ((type = id_type_parse(id_type && *id_type ? id_type : "resident_id")) < 0)
		return app_fail(err, APP_INVALID, "id_type", "val.id_type.invalid");
	time_today(today, sizeof(today));
	if (!id_normalise((enum id_type)type, id_number, today, number, &re))
		return app_fail(err, APP_INVALID, "id_number", re.msg);
	if (!(k = keys(ctx, err)))
		return err->status;
	seal_blind(k->blind, "id_number", number, blind);
	seal_wipe(number, sizeof(number));
	*type_name = id_type_name((enum id_type)type);
	return APP_OK;
}

enum app_status app_person_create(struct app_ctx *ctx, const struct person_input *in,
				  long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct person p, found;
	struct app_error ignore;
	char today[11], now[32], blind[SEAL_BLIND_MAX], sealed[SEAL_SEALED_MAX];
	long long home = 0;
	enum store_err rc;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	time_today(today, sizeof(today));
	if (app_person_prepare(ctx, in, today, &p, sealed, blind, err))
		return err->status;
	time_now_iso(now, sizeof(now));
	p.created_at = p.updated_at = now;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_person_registrar(ctx, c, in->institution_id, &home, err))
		return app_abort(ctx, c, err);
	rc = store_person_by_blind(c, ctx->arena, p.id_type, blind, &found);
	if (rc == STORE_OK) {
		/* already registered: found, not duplicated (and said where
		 * only to who may see them) */
		if (app_person_reach(ctx, c, found.id, PERM_PERSON_MANAGE, &ignore) == APP_OK)
			*id = found.id;
		app_fail(err, APP_CONFLICT, "id_number", "val.person.exists");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_NOT_FOUND)
		rc = store_person_insert_by(c, &p, sealed, blind, home, id);
	if (rc == STORE_CONFLICT) {
		/* someone registered them a moment ago */
		if (store_person_by_blind(c, ctx->arena, p.id_type, blind, &found) ==
			    STORE_OK &&
		    app_person_reach(ctx, c, found.id, PERM_PERSON_MANAGE, &ignore) == APP_OK)
			*id = found.id;
		app_fail(err, APP_CONFLICT, "id_number", "val.person.exists");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.create", "person",
			       arena_printf(ctx->arena, "%lld", *id), NULL,
			       app_json(ctx, "{s:s, s:s, s:s, s:I}", "name", p.name,
					"id_type", p.id_type, "id_masked", p.id_masked,
					"registered_by", (json_int_t)home));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_person_set_photo(struct app_ctx *ctx, long long person_id,
				     const void *data, size_t len, struct app_error *err)
{
	struct photo_info pi;
	struct rule_error re;
	struct store_conn *c;
	struct person p;
	struct buf b;
	char now[32];
	const char *b64;
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!photo_check(data, len, &pi, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	buf_init(&b, 0);
	buf_base64(&b, data, len);
	b64 = buf_failed(&b) ? NULL : arena_strdup(ctx->arena, b.data);
	buf_release(&b);
	if (!b64)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	time_now_iso(now, sizeof(now));
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_person_get(c, ctx->arena, person_id, &p);
	if (rc == STORE_OK && app_person_reach(ctx, c, person_id, PERM_PERSON_MANAGE, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK)
		rc = store_photo_put(c, person_id, pi.mime, b64, now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.photo", "person",
			       arena_printf(ctx->arena, "%lld", person_id), NULL,
			       app_json(ctx, "{s:s, s:i, s:i, s:I}", "mime", pi.mime,
					"width", (int)pi.width, "height", (int)pi.height,
					"bytes", (json_int_t)len));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_person_photo(struct app_ctx *ctx, long long person_id,
				 const char **mime, struct buf *out, struct app_error *err)
{
	struct store_conn *c;
	const char *b64;
	unsigned char *bin;
	size_t bin_len;
	enum store_err rc;

	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_person_reach(ctx, c, person_id, PERM_PERSON_MANAGE, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_photo_get(c, ctx->arena, person_id, mime, &b64);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	bin = arena_alloc(ctx->arena, strlen(b64) + 1);
	if (seal_unbase64(b64, bin, strlen(b64) + 1, &bin_len))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	buf_reset(out);
	buf_append(out, bin, bin_len);
	if (buf_failed(out))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}

enum store_err app_photo_bytes(struct app_ctx *ctx, struct store_conn *c,
			       long long person_id, const unsigned char **bytes, size_t *len)
{
	const char *mime, *b64;
	unsigned char *bin;
	size_t cap;
	enum store_err rc = store_photo_get(c, ctx->arena, person_id, &mime, &b64);

	*bytes = NULL;
	*len = 0;
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	if (rc)
		return rc;
	cap = strlen(b64);
	bin = arena_alloc(ctx->arena, cap + 1);
	if (seal_unbase64(b64, bin, cap + 1, len) == 0)
		*bytes = bin;
	else
		*len = 0;
	return STORE_OK;
}

enum app_status app_person_get(struct app_ctx *ctx, long long id, struct person *out,
			       struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_person_get(c, ctx->arena, id, out);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	else if (app_person_reach(ctx, c, id, PERM_PERSON_MANAGE, err)) {
		memset(out, 0, sizeof(*out));
		rc = -1;
	}
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_person_find(struct app_ctx *ctx, const char *id_type,
				const char *id_number, struct person *out,
				struct app_error *err)
{
	struct rule_error re;
	struct app_keys *k;
	struct store_conn *c;
	char today[11], number[ID_NUMBER_MAX], blind[SEAL_BLIND_MAX];
	enum store_err rc;
	int type;

	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	time_today(today, sizeof(today));
	if ((type = id_type_parse(id_type)) < 0)
		return app_fail(err, APP_INVALID, "id_type", "val.id_type.invalid");
	if (!id_normalise((enum id_type)type, id_number, today, number, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	if (!(k = keys(ctx, err)))
		return err->status;
	seal_blind(k->blind, "id_number", number, blind);
	seal_wipe(number, sizeof(number));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_person_by_blind(c, ctx->arena, id_type_name((enum id_type)type), blind,
				   out);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	else if (app_person_reach(ctx, c, out->id, PERM_PERSON_MANAGE, err)) {
		memset(out, 0, sizeof(*out));
		rc = -1;
	}
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_person_list(struct app_ctx *ctx, const char *q, long long limit,
				long long offset, struct person **items, size_t *n,
				struct app_error *err)
{
	struct store_conn *c;
	struct app_error e;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (q && (!str_utf8_valid(q, strlen(q)) || strlen(q) > 200))
		return APP_OK;
	if (limit <= 0 || limit > 500)
		limit = limit <= 0 ? 50 : 500;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	memset(&e, 0, sizeof(e));
	if (app_authorize(ctx, c, PERM_PERSON_MANAGE, 0, &e) == APP_OK) {
		rc = store_person_list(c, ctx->arena, q, limit, offset < 0 ? 0 : offset,
				       items, n);
	} else {
		/* the people of the subtrees the actor's grants cover */
		long long roots[STORE_PERSON_ROOTS];
		size_t nroots = 0;

		for (size_t i = 0; i < ctx->actor->ngrants; i++)
			if (role_has(ctx->actor->grants[i].role, PERM_PERSON_MANAGE) &&
			    nroots < STORE_PERSON_ROOTS)
				roots[nroots++] = ctx->actor->grants[i].institution_id;
		rc = store_person_list_within(c, ctx->arena, q, roots, nroots, limit,
					      offset < 0 ? 0 : offset, items, n);
	}
	return app_read_done(ctx, c, rc, err);
}

/* The clear ID number of a person inside the caller's transaction, for
 * what must carry it in another form (a credential's salted hash); no
 * audit record: the caller's action is audited. */
enum app_status app_person_id_number_tx(struct app_ctx *ctx, struct store_conn *c,
					long long person_id, char *out, size_t outlen,
					struct app_error *err)
{
	struct app_keys *k;
	const char *sealed;
	enum store_err rc;

	out[0] = '\0';
	if (!(k = keys(ctx, err)))
		return err->status;
	rc = store_person_sealed_id(c, ctx->arena, person_id, &sealed);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (seal_decrypt(k->data, "id_number", sealed, out, outlen) != 0)
		return app_fail(err, APP_INTERNAL, NULL, "err.master_key");
	return APP_OK;
}

enum app_status app_person_reveal_id(struct app_ctx *ctx, long long id, char *out,
				     size_t outlen, struct app_error *err)
{
	struct app_keys *k;
	struct store_conn *c;
	const char *sealed;
	enum store_err rc;

	out[0] = '\0';
	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(k = keys(ctx, err)))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_person_sealed_id(c, ctx->arena, id, &sealed);
	if (rc == STORE_OK && app_person_reach(ctx, c, id, PERM_PERSON_MANAGE, err))
		return app_abort(ctx, c, err);
	if (rc == STORE_OK && seal_decrypt(k->data, "id_number", sealed, out, outlen) != 0) {
		app_fail(err, APP_INTERNAL, NULL, "err.master_key");
		return app_abort(ctx, c, err);
	}
	/* who saw a full ID number, and when */
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.reveal_id", "person",
			       arena_printf(ctx->arena, "%lld", id), NULL, NULL);
	if (rc)
		seal_wipe(out, outlen);
	return app_finish(ctx, c, rc, err);
}

/* ---- changing a person's details, their page ---- */

static bool same(const char *a, const char *b) { return !strcmp(a ? a : "", b ? b : ""); }

/* The ID number is not among the fields: it is what finds the person. */
const char *app_person_diff(struct app_ctx *ctx, const struct person *a,
			    const struct person *b)
{
	const struct {
		const char *name, *x, *y;
	} f[] = {
		{"name", a->name, b->name},
		{"sex", a->sex, b->sex},
		{"birth_date", a->birth_date, b->birth_date},
		{"education", a->education, b->education},
		{"employer", a->employer, b->employer},
		{"employer_credit_code", a->employer_credit_code, b->employer_credit_code},
		{"work_start", a->work_start, b->work_start},
		{"phone", a->phone, b->phone},
	};
	json_t *o = json_object();
	char *text;
	const char *out;

	for (size_t i = 0; o && i < sizeof(f) / sizeof(f[0]); i++)
		if (!same(f[i].x, f[i].y))
			json_object_set_new(o, f[i].name,
					    f[i].x ? json_string(f[i].x) : json_null());
	text = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	json_decref(o);
	out = text ? arena_strdup(ctx->arena, text) : NULL;
	free(text);
	return out ? out : "{}";
}

enum app_status app_person_update(struct app_ctx *ctx, long long id,
				  const struct person_input *in, struct app_error *err)
{
	struct store_conn *c;
	struct person old, p;
	struct person_input check;
	char today[11];
	enum store_err rc;

	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	time_today(today, sizeof(today));
	/* the document is not changed here: check the other fields only */
	check = *in;
	check.id_type = NULL;
	check.id_number = NULL;
	check.sex = NULL;
	check.birth_date = NULL;
	if (check_input(&check, today, err))
		return err->status;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_person_get(c, ctx->arena, id, &old);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_person_reach(ctx, c, id, PERM_PERSON_MANAGE, err))
		return app_abort(ctx, c, err);
	p = old;
	p.name = in->name;
	p.education = in->education ? in->education : "";
	p.employer = in->employer ? in->employer : "";
	p.employer_credit_code = in->employer_credit_code ? in->employer_credit_code : "";
	p.work_start = or_null(in->work_start);
	p.phone = in->phone ? in->phone : "";
	/* the same details again: nothing to write, nothing to audit */
	if (!strcmp(app_person_diff(ctx, &old, &p), "{}"))
		return app_finish(ctx, c, STORE_OK, err);
	rc = store_person_update(c, &p);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "person.update", "person",
			       arena_printf(ctx->arena, "%lld", id),
			       app_person_diff(ctx, &old, &p),
			       app_person_diff(ctx, &p, &old));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_person_view(struct app_ctx *ctx, long long id,
				struct person_view *out, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_person_get(c, ctx->arena, id, &out->person);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	if (app_person_reach(ctx, c, id, PERM_PERSON_MANAGE, err)) {
		store_release(c);
		memset(out, 0, sizeof(*out));
		return err->status;
	}
	rc = store_photo_exists(c, id, &out->has_photo);
	if (rc == STORE_OK)
		rc = store_qualification_list(c, ctx->arena, id, &out->quals, &out->nquals);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		memset(out, 0, sizeof(*out));
		return err->status;
	}
	store_release(c);
	return APP_OK;
}

/* ---- photos in bulk ---- */

struct photo_batch {
	struct app_ctx *ctx;
	struct store_conn *c;
	struct import_report *rep;
	struct app_keys *keys;
	bool network;
	long long *done; /* people given a photo by this archive */
	size_t ndone, cap;
	int fatal; /* a store error, or -1 with err filled */
	struct app_error *err;
	char today[11], now[32];
};

/* A file's name as a report shows it: its stem (an ID number, or meant as
 * one) masked as ID numbers are, its extension when it is a short one, and
 * "…/" for whatever folders held it (a folder may be named by an ID number
 * too): nothing of an ID number is shown whole. */
static const char *masked_name(struct arena *a, const char *name)
{
	const char *base = strrchr(name, '/'), *dot;
	char stem[256], masked[256];
	size_t n;

	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	if (dot && strlen(dot) > 5)
		dot = NULL; /* not an extension: part of the stem */
	n = dot ? (size_t)(dot - base) : strlen(base);
	if (n >= sizeof(stem))
		return "…";
	memcpy(stem, base, n);
	stem[n] = '\0';
	id_mask(stem, masked, sizeof(masked));
	return arena_printf(a, "%s%s%s", base == name ? "" : "…/", masked, dot ? dot : "");
}

static void photo_problem(struct photo_batch *b, const char *name, const char *msg,
			  size_t same_as)
{
	struct import_report *rep = b->rep;

	if (rep->nproblems < ASSESS_IMPORT_MAX_PROBLEMS) {
		if (!rep->problems)
			rep->problems = arena_alloc(b->ctx->arena,
						    ASSESS_IMPORT_MAX_PROBLEMS *
							    sizeof(*rep->problems));
		rep->problems[rep->nproblems] = (struct import_problem){
			rep->rows, masked_name(b->ctx->arena, name), msg, same_as, 0};
	}
	rep->nproblems++;
}

/* The person a file's name names: its stem (without folders and
 * extension) as an ID number of each type in turn. 0 when nobody; *bad
 * when the stem is no ID number of any type. */
static enum store_err photo_owner(struct photo_batch *b, const char *name,
				  struct person *who, bool *bad)
{
	const char *base = strrchr(name, '/'), *dot;
	char stem[ID_NUMBER_MAX * 2], number[ID_NUMBER_MAX], blind[SEAL_BLIND_MAX];
	struct rule_error re;
	size_t n;

	base = base ? base + 1 : name;
	dot = strrchr(base, '.');
	n = dot ? (size_t)(dot - base) : strlen(base);
	*bad = true;
	who->id = 0;
	if (n >= sizeof(stem))
		return STORE_OK;
	memcpy(stem, base, n);
	stem[n] = '\0';
	for (int t = 0; t < ID_TYPE_COUNT; t++) {
		enum store_err rc;

		if (!id_normalise((enum id_type)t, stem, b->today, number, &re))
			continue;
		*bad = false;
		seal_blind(b->keys->blind, "id_number", number, blind);
		seal_wipe(number, sizeof(number));
		rc = store_person_by_blind(b->c, b->ctx->arena,
					   id_type_name((enum id_type)t), blind, who);
		if (rc != STORE_NOT_FOUND)
			return rc;
	}
	who->id = 0;
	return STORE_OK;
}

static int photo_file(const char *name, const void *data, size_t len, int too_big, void *arg)
{
	struct photo_batch *b = arg;
	struct photo_info pi;
	struct rule_error re;
	struct person who;
	struct app_error e;
	struct buf enc;
	const char *mime = NULL;
	bool bad, had;
	enum store_err rc;

	b->rep->rows++;
	if ((rc = photo_owner(b, name, &who, &bad)))
		return b->fatal = rc, 1;
	if (!who.id) {
		photo_problem(b, name, bad ? "val.id.format" : "plan.person_unknown", 0);
		return 0;
	}
	memset(&e, 0, sizeof(e));
	if (!b->network && app_person_reach(b->ctx, b->c, who.id, PERM_PERSON_MANAGE, &e)) {
		if (e.status != APP_NOT_FOUND)
			return *b->err = e, b->fatal = -1, 1;
		photo_problem(b, name, "plan.person_unknown", 0);
		return 0;
	}
	for (size_t i = 0; i < b->ndone; i++)
		if (b->done[i] == who.id) {
			photo_problem(b, name, "import.duplicate", 0);
			return 0;
		}
	if (too_big || !photo_check(data, len, &pi, &re)) {
		photo_problem(b, name, too_big ? "val.photo.size" : re.msg, 0);
		return 0;
	}
	if (b->ndone == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 64;
		long long *d = arena_alloc(b->ctx->arena, cap * sizeof(*d));

		if (b->ndone)
			memcpy(d, b->done, b->ndone * sizeof(*d));
		b->done = d;
		b->cap = cap;
	}
	b->done[b->ndone++] = who.id;
	if ((rc = store_photo_exists(b->c, who.id, &had)))
		return b->fatal = rc, 1;
	buf_init(&enc, 0);
	buf_base64(&enc, data, len);
	if (!buf_failed(&enc))
		mime = pi.mime;
	rc = mime ? store_photo_put(b->c, who.id, mime, enc.data, b->now) : STORE_ERROR;
	buf_release(&enc);
	if (rc == STORE_OK)
		rc = app_audit(b->ctx, b->c, "person.photo", "person",
			       arena_printf(b->ctx->arena, "%lld", who.id), NULL,
			       app_json(b->ctx, "{s:s, s:i, s:i, s:I}", "mime", pi.mime,
					"width", (int)pi.width, "height", (int)pi.height,
					"bytes", (json_int_t)len));
	if (rc)
		return b->fatal = rc, 1;
	if (had)
		b->rep->updated++;
	else
		b->rep->created++;
	return 0;
}

enum app_status app_person_photos_import(struct app_ctx *ctx, const void *zip, size_t len,
					 bool dry_run, struct import_report *rep,
					 struct app_error *err)
{
	struct photo_batch b;
	struct app_error e;
	char terr[256];
	enum store_err rc;
	int read;

	memset(rep, 0, sizeof(*rep));
	memset(&b, 0, sizeof(b));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	if (!(b.keys = keys(ctx, err)))
		return err->status;
	b.ctx = ctx;
	b.rep = rep;
	b.err = err;
	time_today(b.today, sizeof(b.today));
	time_now_iso(b.now, sizeof(b.now));
	if (!(b.c = app_begin(ctx, err)))
		return err->status;
	memset(&e, 0, sizeof(e));
	b.network = app_authorize(ctx, b.c, PERM_PERSON_MANAGE, 0, &e) == APP_OK;
	read = archive_each(zip, len, PHOTO_MAX_BYTES, photo_file, &b, terr, sizeof(terr));
	if (b.fatal < 0)
		return app_abort(ctx, b.c, err);
	if (b.fatal)
		return app_finish(ctx, b.c, (enum store_err)b.fatal, err);
	if (read < 0) {
		app_fail(err, APP_INVALID, "file", "people.import.not_zip");
		err->detail = arena_strdup(ctx->arena, terr);
		return app_abort(ctx, b.c, err);
	}
	if (!rep->rows) {
		app_fail(err, APP_INVALID, "file", "import.empty");
		return app_abort(ctx, b.c, err);
	}
	if (dry_run || rep->nproblems) {
		store_rollback(b.c);
		store_release(b.c);
		if (rep->nproblems && !dry_run) {
			rep->created = rep->updated = 0;
			return app_fail(err, APP_INVALID, "file", "import.has_problems");
		}
		return APP_OK;
	}
	rc = app_audit(ctx, b.c, "import.photos", "person", "", NULL,
		       app_json(ctx, "{s:I, s:I, s:I}", "files", (json_int_t)rep->rows,
				"created", (json_int_t)rep->created, "updated",
				(json_int_t)rep->updated));
	return app_finish(ctx, b.c, rc, err);
}
