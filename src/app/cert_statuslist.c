/*
 * cert_statuslist.c - the published key set (JWKS) and the signed
 * status lists (ARCHITECTURE
 * "Credentials").
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "services/statuslist.h"

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
				  sizeof(pub), &got) ||
		    got != sizeof(pub))
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
	const char *former = cert_former_urls(ctx, c), *p, *nl;

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
	/* the entries from a replica when there is one; the key below from
	 * the primary (a replica behind a rotation would hand back the old
	 * one, and cert_signer may have to create the first) */
	if (!(c = app_read_conn(ctx, err))) {
		free(bits);
		return err->status;
	}
	for (int s = 0; rc == STORE_OK && s < 3; s++) {
		long long *idx;
		size_t n;

		rc = store_cert_status_indexes(c, ctx->arena, statuses[s], from, to, &idx,
					       &n);
		for (size_t i = 0; rc == STORE_OK && i < n; i++) {
			size_t at = (size_t)(idx[i] - from) * 2, v = (size_t)s + 1;

			statuslist_set(bits, nbytes, at, v & 2);
			statuslist_set(bits, nbytes, at + 1, v & 1);
		}
	}
	if (rc == STORE_OK && cert_public_base(ctx, c, &base, err)) {
		store_release(c);
		free(bits);
		return err->status;
	}
	if (rc == STORE_OK)
		base = base_for_host(ctx, c, base, host);
	store_release(c);
	c = rc == STORE_OK ? app_conn(ctx, err) : NULL;
	sg = c ? cert_signer(ctx, c, err) : NULL;
	store_release(c);
	if (rc == STORE_OK && !c) {
		free(bits);
		return err->status;
	}
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
				  arena_printf(ctx->arena, "%s/status/%lld", base, list),
				  "type", "VerifiableCredential",
				  "BitstringStatusListCredential", "issuer", base,
				  "validFrom", now, "credentialSubject", "id",
				  arena_printf(ctx->arena, "%s/status/%lld#list", base, list),
				  "type", "BitstringStatusList", "statusPurpose",
				  "message", "encodedList", enc.data);
	if (cred)
		cert_jwt_claims(cred);
	buf_release(&enc);
	text = cred ? json_dumps(cred, JSON_COMPACT) : NULL;
	json = text ? arena_strdup(ctx->arena, text) : NULL;
	free(text);
	json_decref(cred);
	if (!json || sign_jws_key(&sg->key, sg->kid, "vc+jwt", json, strlen(json), out))
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}
