/*
 * cert_seal.c - an institution's seal (电子印章): uploaded (a PNG with an
 * alpha channel, core/stamp.h, that cairo decodes), read, removed, and
 * loaded for the documents it is printed on (ARCHITECTURE "Credentials").
 * Who: certificate.manage on the institution (its administrator, the
 * center's); every upload and removal is audited (seal.upload,
 * seal.remove), and so is every issuing or printing that carries it
 * (seal.use).
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/stamp.h"
#include "services/pdf.h"
#include "services/seal.h"

/* The institution (it must exist) under perm. */
static enum app_status institution_under(struct app_ctx *ctx, struct store_conn *c,
					 long long id, const char *perm,
					 struct app_error *err)
{
	struct institution in;
	enum store_err rc = store_institution_get(c, ctx->arena, id, &in);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, perm, id, err);
}

enum app_status app_seal_put(struct app_ctx *ctx, long long institution_id,
			     const void *data, size_t len, struct app_error *err)
{
	struct store_conn *c;
	struct rule_error re;
	struct inst_stamp s;
	struct buf b;
	char now[32], perr[128];
	int w, h;
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!app_can(ctx, PERM_CERT_MANAGE))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	/* who first, then what (an outsider learns nothing from a refusal of
	 * the image); decoding the image holds no write lock, the grant is
	 * checked again in the transaction */
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (institution_under(ctx, c, institution_id, PERM_CERT_MANAGE, err)) {
		store_release(c);
		return err->status;
	}
	store_release(c);
	if (!stamp_check(data, len, &w, &h, &re))
		return app_fail(err, APP_INVALID, re.field, re.msg);
	/* the structure holds; the pixels must decode too */
	if (pdf_png_decodes(data, len, perr, sizeof(perr)))
		return app_fail(err, APP_INVALID, "seal", "val.seal.broken");
	memset(&s, 0, sizeof(s));
	buf_init(&b, 0);
	buf_base64(&b, data, len);
	s.data_b64 = buf_failed(&b) ? NULL : arena_strdup(ctx->arena, b.data);
	buf_release(&b);
	if (!s.data_b64)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	time_now_iso(now, sizeof(now));
	s.institution_id = institution_id;
	s.mime = "image/png";
	s.width = w;
	s.height = h;
	s.added_by = ctx->actor->system ? "system" : ctx->actor->username;
	s.added_at = now;
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (institution_under(ctx, c, institution_id, PERM_CERT_MANAGE, err))
		return app_abort(ctx, c, err);
	rc = store_stamp_put(c, &s);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "seal.upload", "institution",
			       arena_printf(ctx->arena, "%lld", institution_id), NULL,
			       app_json(ctx, "{s:i, s:i, s:I}", "width", w, "height", h,
					"bytes", (json_int_t)len));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_seal_get(struct app_ctx *ctx, long long institution_id,
			     struct seal_info *info, struct buf *png, struct app_error *err)
{
	struct store_conn *c;
	struct inst_stamp s;
	enum store_err rc;

	memset(info, 0, sizeof(*info));
	if (!app_can(ctx, PERM_CERT_READ))
		return app_fail(err, ctx->actor ? APP_FORBIDDEN : APP_UNAUTHENTICATED,
				NULL, ctx->actor ? "err.forbidden" : "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (institution_under(ctx, c, institution_id, PERM_CERT_READ, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_stamp_get(c, ctx->arena, institution_id, &s);
	store_release(c);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, "seal", "seal.none");
	if (rc)
		return app_fail(err, APP_UNAVAILABLE, NULL, "err.unavailable");
	info->width = s.width;
	info->height = s.height;
	info->added_by = s.added_by;
	info->added_at = s.added_at;
	if (png) {
		size_t cap = strlen(s.data_b64) + 1, n = 0;
		unsigned char *bin = arena_alloc(ctx->arena, cap);

		if (!bin || seal_unbase64(s.data_b64, bin, cap, &n))
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
		buf_reset(png);
		buf_append(png, bin, n);
		if (buf_failed(png))
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}

enum app_status app_seal_delete(struct app_ctx *ctx, long long institution_id,
				struct app_error *err)
{
	struct store_conn *c;
	struct inst_stamp s;
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (institution_under(ctx, c, institution_id, PERM_CERT_MANAGE, err))
		return app_abort(ctx, c, err);
	rc = store_stamp_get(c, ctx->arena, institution_id, &s);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, "seal", "seal.none");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_stamp_delete(c, institution_id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "seal.remove", "institution",
			       arena_printf(ctx->arena, "%lld", institution_id),
			       app_json(ctx, "{s:i, s:i, s:s}", "width", s.width,
					"height", s.height, "added_at", s.added_at),
			       NULL);
	return app_finish(ctx, c, rc, err);
}

/* The PNG bytes of a stored seal, in the arena. */
static enum store_err stamp_bytes(struct app_ctx *ctx, const struct inst_stamp *s,
				  const unsigned char **bytes, size_t *len)
{
	size_t cap = strlen(s->data_b64) + 1;
	unsigned char *bin = arena_alloc(ctx->arena, cap);

	if (!bin || seal_unbase64(s->data_b64, bin, cap, len))
		return STORE_ERROR;
	*bytes = bin;
	return STORE_OK;
}

enum store_err cert_stamp_load(struct app_ctx *ctx, struct store_conn *c,
			       long long institution_id, const unsigned char **bytes,
			       size_t *len)
{
	struct inst_stamp s;
	enum store_err rc = store_stamp_get(c, ctx->arena, institution_id, &s);

	*bytes = NULL;
	*len = 0;
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	return rc ? rc : stamp_bytes(ctx, &s, bytes, len);
}

enum store_err app_center_stamp(struct app_ctx *ctx, struct store_conn *c,
				const unsigned char **bytes, size_t *len)
{
	struct inst_stamp s;
	enum store_err rc = store_stamp_of_center(c, ctx->arena, &s);

	*bytes = NULL;
	*len = 0;
	if (rc == STORE_NOT_FOUND)
		return STORE_OK;
	return rc ? rc : stamp_bytes(ctx, &s, bytes, len);
}
