/*
 * cert_offline.c - offline verification of a credential or QR token
 * against a key set and a status list (no database, no network) (ARCHITECTURE
 * "Credentials").
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "core/certificate.h"
#include "services/statuslist.h"

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
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
		     s[n - 1] == '\t'))
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
	json_array_foreach(t, i, v) if (json_is_string(v) &&
					!strcmp(json_string_value(v), name)) return true;
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
	long long from = cert_epoch_of(jstr(cred, "validFrom"));

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
	out->status_list_from =
		jstr(list, "validFrom") ? arena_strdup(a, jstr(list, "validFrom")) : NULL;
	out->status_list_age = cert_epoch_of(out->status_list_from) >= 0
				       ? (long long)time(NULL) -
						 cert_epoch_of(out->status_list_from)
				       : -1;
	enc = jstr(list, "credentialSubject.encodedList");
	if (!has_type(json_object_get(list, "type"), "BitstringStatusListCredential") ||
	    strcmp(jstr(list, "credentialSubject.statusPurpose")
			   ? jstr(list, "credentialSubject.statusPurpose")
			   : "",
		   "message") ||
	    claims_check(list))
		why = "verify.bad_status_list";
	else if (!id || !want || (suffix ? !cert_ends_with(id, want) : strcmp(id, want)))
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
			const char *want =
				arena_printf(a, "%s/status/%lld", base ? base : "",
					     f.status_index / STATUS_LIST_ENTRIES);

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
		out->issued_on = (v = jstr(cred, "validFrom"))
					 ? arena_strndup(a, v, strnlen(v, 10))
					 : NULL;
		out->occupation = (v = jstr(subj, "achievement.name")) ? arena_strdup(a, v)
								       : NULL;
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
		out->why = status_check(a, status_list, jwks, base, false,
					out->status_index, out);
		if (out->why)
			return -1;
	}
	return 0;
}
