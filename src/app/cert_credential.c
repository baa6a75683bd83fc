/*
 * cert_credential.c - the Open Badges 3.0 credential of a certificate,
 * signed as a VC-JWT, and its compact QR token (ARCHITECTURE
 * "Credentials").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/cert_internal.h"
#include "base/str.h"
#include "core/i18n.h"
#include "core/registry.h"

/* ---- the credential and the token ---- */

/* Appends the compact QR token of x signed by s. */
static void qr_token(const struct app_signer *s, const struct certificate *x, struct buf *out)
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
long long cert_epoch_of(const char *s)
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
void cert_jwt_claims(json_t *cred)
{
	json_t *issuer = json_object_get(cred, "issuer");
	json_t *sub = json_object_get(json_object_get(cred, "credentialSubject"), "id");
	const char *iss = json_is_string(issuer)
				  ? json_string_value(issuer)
				  : json_string_value(json_object_get(issuer, "id"));

	json_object_set_new(cred, "iss", json_string(iss ? iss : ""));
	json_object_set_new(cred, "nbf",
			    json_integer(cert_epoch_of(json_string_value(
				    json_object_get(cred, "validFrom")))));
	json_object_set(cred, "jti", json_object_get(cred, "id"));
	if (json_is_string(sub))
		json_object_set(cred, "sub", sub);
}

/* An award certificate's achievement (OB 3.0 achievementType "Award"), set
 * over the skill certificate's fields of a: its id names the competition,
 * the event and the award; its name "竞赛 数控车工（职工组） 金牌"; the
 * criteria the technical document's award rule (citation); the place a
 * ResultDescription that the subject's result refers to. */
static void award_achievement(struct app_ctx *ctx, const char *base,
			      const struct cert_award *w, const char *citation, json_t *a)
{
	char key[48];
	const char *id = arena_printf(ctx->arena,
				      "%s/competitions/%lld/events/%lld/awards/%s", base,
				      w->competition_id, w->event_id, w->award);
	const char *award, *group, *name;

	snprintf(key, sizeof(key), "comp.award.%s", w->award);
	award = tr(LANG_ZH, key);
	snprintf(key, sizeof(key), "comp.group.%s", w->grp);
	group = tr(LANG_ZH, key);
	name = arena_printf(ctx->arena, "%s %s（%s） %s", w->competition_name,
			    w->occupation_name, group, award);
	json_object_set_new(a, "id", json_string(id));
	json_object_set_new(a, "achievementType", json_string("Award"));
	json_object_set_new(a, "name", json_string(name));
	json_object_set_new(a, "description",
			    json_string(arena_printf(ctx->arena, "获奖证书：%s", name)));
	json_object_set_new(a, "criteria",
			    json_pack("{s:s}", "narrative",
				      citation && *citation ? citation
							    : w->competition_name));
	json_object_set_new(a, "resultDescription",
			    json_pack("[{s:s, s:[s], s:s, s:s}]", "id",
				      arena_printf(ctx->arena, "%s#place", id), "type",
				      "ResultDescription", "name", "名次", "resultType",
				      "ext:Place"));
}

/* An honour certificate's name of what it recognises: the campaign's
 * title up to where it names its categories ("2020年度机械工业人才评价工作"
 * of "…工作先进集体、个人表彰": the earliest of any of the campaign's
 * category names, 先进, 表彰 or 评选) and the category ("先进集体"); the
 * category alone when the title starts with one; the title and the
 * category when it names none. */
const char *cert_honour_name(struct app_ctx *ctx, struct store_conn *c,
			     const struct certificate *x)
{
	static const char *const words[] = {"先进", "表彰", "评选"};
	const char *title = x->competition_name ? x->competition_name : "";
	const char *cat = cert_honour_category_text(LANG_ZH, x);
	const char **names = NULL, *cut = NULL;
	size_t n = 0;

	if (store_comm_category_names(c, ctx->arena, x->campaign_id, &names, &n))
		n = 0; /* then the words alone */
	for (size_t i = 0; i < n + 3; i++) {
		const char *w = i < n ? names[i] : words[i - n];
		const char *at = w && *w ? strstr(title, w) : NULL;

		if (at && (!cut || at < cut))
			cut = at;
	}
	if (cut == title)
		return cat;
	if (cut)
		return arena_printf(ctx->arena, "%.*s%s", (int)(cut - title), title, cat);
	return arena_printf(ctx->arena, "%s %s", title, cat);
}

/* An honour certificate's achievement (荣誉证书, OB 3.0 achievementType
 * "Award"): its id the campaign's category, its name the campaign's words
 * with the category, its criteria the rules' citation (else the title). */
static void honour_achievement(struct app_ctx *ctx, const char *base,
			       const struct certificate *x, const char *name,
			       const char *citation, json_t *a)
{
	json_object_set_new(a, "id",
			    json_string(arena_printf(ctx->arena,
						     "%s/commendations/%lld/categories/%s",
						     base, x->campaign_id, x->award)));
	json_object_set_new(a, "achievementType", json_string("Award"));
	json_object_set_new(a, "name", json_string(name));
	json_object_set_new(a, "description",
			    json_string(arena_printf(ctx->arena, "荣誉证书：%s", name)));
	json_object_set_new(a, "criteria",
			    json_pack("{s:s}", "narrative",
				      citation && *citation ? citation
							    : x->competition_name));
	json_object_del(a, "fieldOfStudy");
	json_object_del(a, "humanCode");
}

/* A training certificate's achievement (培训证书, OB 3.0 achievementType
 * "Course"): its id the course, its name the course's title, its
 * description the hours, its criteria the course and hours completed; the
 * occupation's code when the course names one. */
static void training_achievement(struct app_ctx *ctx, const char *base,
				 const struct cert_training *t, json_t *a)
{
	json_object_set_new(a, "id",
			    json_string(arena_printf(ctx->arena, "%s/training/%lld", base,
						     t->course_id)));
	json_object_set_new(a, "achievementType", json_string("Course"));
	json_object_set_new(a, "name", json_string(t->course_title));
	json_object_set_new(a, "description",
			    json_string(arena_printf(ctx->arena, "培训证书：%s（%d学时）",
						     t->course_title, t->hours)));
	json_object_set_new(a, "criteria",
			    json_pack("{s:s}", "narrative", cert_training_citation(ctx, t)));
	json_object_del(a, "fieldOfStudy");
	json_object_del(a, "specialization");
	if (t->occupation_code && *t->occupation_code)
		json_object_set_new(a, "humanCode", json_string(t->occupation_code));
	else
		json_object_del(a, "humanCode");
}

/*
 * The OB 3.0 AchievementCredential of x (JSON text in the arena). Nothing
 * in it comes from the holder's ID number, hashed or not: an ID number has
 * about 31 bits of entropy once its region and check character are known,
 * so any value derived from it (a salted hash with the salt beside it)
 * would let anyone confirm a guess. The holder is bound by name through
 * the platform's rate-limited lookups (docs/security.md).
 */
/* number, list and idx: the certificate's number, its status list and its
 * index in the list as text (cert_credential_template() passes sentinels). */
static const char *credential_json_of(struct app_ctx *ctx, const char *base,
				      const struct certificate *x, const char *citation,
				      const struct cert_award *w,
				      const struct cert_training *t, const char *honour,
				      const char *number, const char *list, const char *idx)
{
	const char *level_zh = tr(LANG_ZH, i18n_level_key(x->level));
	const char *list_url = arena_printf(ctx->arena, "%s/status/%s", base, list);
	json_t *subject, *status, *cred, *achievement;
	char *text, award[CERT_AWARD_MAX];
	const char *out;

	achievement = json_pack(
		"{s:s, s:[s], s:s, s:s, s:s, s:{s:s}, s:s, s:s}", "id",
		arena_printf(ctx->arena, "%s/occupations/%s/levels/%d", base,
			     x->occupation_code, x->level),
		"type", "Achievement", "achievementType", "Certificate", "name",
		arena_printf(ctx->arena, "%s %s", x->occupation_name, level_zh),
		"description",
		arena_printf(ctx->arena, "职业技能等级证书：%s",
			     cert_award(award, sizeof(award), x->occupation_name,
					x->work_type, level_zh)),
		"criteria", "narrative",
		citation && *citation ? citation : x->occupation_name, "fieldOfStudy",
		x->occupation_name, "humanCode", x->occupation_code);
	if (cert_has_work_type(x->work_type))
		json_object_set_new(achievement, "specialization",
				    json_string(x->work_type));
	if (w) /* an award certificate (获奖证书): the award, not a level */
		award_achievement(ctx, base, w, citation, achievement);
	if (cert_is_honour(x)) /* an honour (荣誉证书): the category */
		honour_achievement(ctx, base, x, honour, citation, achievement);
	if (t) /* a training certificate (培训证书): the course */
		training_achievement(ctx, base, t, achievement);
	subject = json_pack("{s:[s], s:o}", "type", "AchievementSubject", "achievement",
			    achievement);
	if (w && subject)
		json_object_set_new(
			subject, "result",
			json_pack("[{s:[s], s:s, s:s}]", "type", "Result",
				  "resultDescription",
				  json_string_value(json_object_get(
					  json_array_get(json_object_get(achievement,
									 "resultDescription"),
							 0),
					  "id")),
				  "value", arena_printf(ctx->arena, "%d", w->place)));
	status = json_pack(
		"{s:s, s:s, s:s, s:s, s:i, s:s, s:[{s:s,s:s},{s:s,s:s},{s:s,s:s},{s:s,s:s}]}",
		"id", arena_printf(ctx->arena, "%s#%s", list_url, idx), "type",
		"BitstringStatusListEntry", "statusPurpose", "message", "statusListIndex",
		idx, "statusSize", 2, "statusListCredential", list_url, "statusMessage",
		"status", "0x0", "message", "valid", "status", "0x1", "message",
		"suspended", "status", "0x2", "message", "revoked", "status", "0x3",
		"message", "superseded");
	cred = json_pack(
		"{s:[s,s], s:s, s:[s,s], s:s, s:{s:s, s:[s], s:s}, s:s, s:s, s:o, s:o}",
		"@context", "https://www.w3.org/ns/credentials/v2",
		"https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "id",
		arena_printf(ctx->arena, "%s/certificates/%s", base, number), "type",
		"VerifiableCredential", "OpenBadgeCredential", "name", "职业技能等级证书",
		"issuer", "id",
		arena_printf(ctx->arena, "%s/institutions/%lld", base, x->institution_id),
		"type", "Profile", "name", x->institution_name, "validFrom",
		arena_printf(ctx->arena, "%sT00:00:00Z", x->issued_on), "awardedDate",
		arena_printf(ctx->arena, "%sT00:00:00Z", x->issued_on),
		"credentialSubject", subject, "credentialStatus", status);
	if (cred && !strcmp(x->line, "industry"))
		json_object_set_new(cred, "name", json_string("机械行业职业能力证书"));
	if (cred && w)
		json_object_set_new(cred, "name", json_string("获奖证书"));
	if (cred && cert_is_honour(x))
		json_object_set_new(cred, "name", json_string("荣誉证书"));
	if (cred && t)
		json_object_set_new(cred, "name", json_string("培训证书"));
	/* a promotion's certificate (竞赛获奖晋级): the competition is its
	 * evidence (OB 3.0 Evidence) */
	if (cred && x->competition_id)
		json_object_set_new(
			cred, "evidence",
			json_pack("[{s:s, s:[s], s:s, s:s}]", "id",
				  arena_printf(ctx->arena, "%s/competitions/%lld/results",
					       base, x->competition_id),
				  "type", "Evidence", "name",
				  arena_printf(ctx->arena, "%s %s", x->competition_name,
					       x->competition_award ? x->competition_award
								    : ""),
				  "narrative", "竞赛获奖晋级"));
	if (cred)
		cert_jwt_claims(cred);
	text = cred ? json_dumps(cred, JSON_COMPACT) : NULL;
	out = text ? arena_strdup(ctx->arena, text) : NULL;
	free(text);
	json_decref(cred);
	return out;
}

static const char *credential_json(struct app_ctx *ctx, const char *base,
				   const struct certificate *x, const char *citation,
				   const struct cert_award *w,
				   const struct cert_training *t, const char *honour)
{
	return credential_json_of(
		ctx, base, x, citation, w, t, honour, x->number,
		arena_printf(ctx->arena, "%lld", x->status_index / STATUS_LIST_ENTRIES),
		arena_printf(ctx->arena, "%lld", x->status_index % STATUS_LIST_ENTRIES));
}

/* The sentinels of a template: DEL (which JSON leaves as it is) and a
 * letter, in place of the number, the list and the index. */
#define SENTINEL '\x7f'

/* A number JSON carries as it is (no escaping): letters, digits, - _. */
static bool plain_number(const char *s)
{
	for (; s && *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || *s == '-' || *s == '_'))
			return false;
	return s != NULL;
}

const char *cert_credential_fill(struct arena *a, const char *tmpl, const char *number,
				 long long status_index)
{
	char list[24], idx[24];
	struct buf b;
	const char *out;

	if (!tmpl || !plain_number(number))
		return NULL;
	snprintf(list, sizeof(list), "%lld", status_index / STATUS_LIST_ENTRIES);
	snprintf(idx, sizeof(idx), "%lld", status_index % STATUS_LIST_ENTRIES);
	buf_init(&b, 0);
	for (const char *p = tmpl, *q; *p; p = q + 2) {
		q = strchr(p, SENTINEL);
		if (!q) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(q - p));
		buf_puts(&b, q[1] == 'N' ? number : q[1] == 'L' ? list : idx);
	}
	out = buf_failed(&b) ? NULL : arena_strndup(a, b.data, b.len);
	buf_release(&b);
	return out;
}

const char *cert_credential_template(struct app_ctx *ctx, const char *base,
				     const struct certificate *x, const char *citation)
{
	static const char n[] = {SENTINEL, 'N', 0}, l[] = {SENTINEL, 'L', 0},
			  i[] = {SENTINEL, 'I', 0};
	const char *t, *probe, *full, *kinds = "NLI";
	int count[3] = {0, 0, 0};

	if (cert_is_award(x) || cert_is_training(x) || cert_is_honour(x) || x->competition_id)
		return NULL;
	t = credential_json_of(ctx, base, x, citation, NULL, NULL, NULL, n, l, i);
	/* every sentinel where it was put (id and jti; the list's URL twice;
	 * the index twice), and none from the plan's own texts */
	for (const char *p = t ? strchr(t, SENTINEL) : NULL; p; p = strchr(p + 1, SENTINEL)) {
		const char *k = p[1] ? strchr(kinds, p[1]) : NULL;

		if (!k)
			return NULL;
		count[k - kinds]++;
	}
	if (!t || count[0] != 2 || count[1] != 2 || count[2] != 2)
		return NULL;
	/* filled, it is what the long way builds (a probe number and index) */
	probe = cert_credential_fill(ctx->arena, t, "S0000000000000000000001",
				     STATUS_LIST_ENTRIES + 3);
	full = credential_json_of(ctx, base, x, citation, NULL, NULL, NULL,
				  "S0000000000000000000001", "1", "3");
	return probe && full && !strcmp(probe, full) ? t : NULL;
}

/* Builds x's credential (the award, training or honour facts when given)
 * and signs it and the QR token with s: x->kid, credential and qr_token
 * set, in ctx's arena. Touches no store: issuing calls it on worker
 * threads, each with its own arena. */
enum app_status cert_sign(struct app_ctx *ctx, const struct app_signer *s,
			  const char *base, struct certificate *x, const char *citation,
			  const struct cert_award *w, const struct cert_training *t,
			  const char *honour, struct app_error *err)
{
	return cert_sign_json(ctx, s, x,
			      credential_json(ctx, base, x, citation, w, t, honour), err);
}

enum app_status cert_sign_json(struct app_ctx *ctx, const struct app_signer *s,
			       struct certificate *x, const char *json,
			       struct app_error *err)
{
	struct buf jws, token;

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
	x->credential = arena_strndup(ctx->arena, jws.data, jws.len);
	x->qr_token = arena_strndup(ctx->arena, token.data, token.len);
	buf_release(&jws);
	buf_release(&token);
	return APP_OK;
}

/* Signs x (its number, index and fields set) and stores the credential
 * and token. */
enum app_status cert_sign_and_store(struct app_ctx *ctx, struct store_conn *c,
				    const struct app_signer *s, const char *base,
				    struct certificate *x, const char *citation,
				    struct app_error *err)
{
	struct cert_award w;
	struct cert_training t;
	enum store_err rc;

	/* a training certificate's credential states its course and hours
	 * (migration 0033): the side row is written before the signing */
	if (cert_is_training(x)) {
		rc = store_cert_training_get(c, ctx->arena, x->id, &t);
		if (rc)
			return app_store_fail(ctx, c, rc, err);
	}
	/* an award certificate's credential states its competition's facts
	 * (migration 0027): the side row is written before the signing */
	if (cert_is_award(x)) {
		rc = store_cert_award_get(c, ctx->arena, x->id, &w);
		if (rc)
			return app_store_fail(ctx, c, rc, err);
		if (!citation || !*citation)
			citation = cert_award_citation(ctx, c, w.competition_id);
	}
	if (cert_sign(ctx, s, base, x, citation, cert_is_award(x) ? &w : NULL,
		      cert_is_training(x) ? &t : NULL,
		      cert_is_honour(x) ? cert_honour_name(ctx, c, x) : NULL, err))
		return err->status;
	rc = store_cert_set_signed(c, x->id, x->kid, x->credential, x->qr_token);
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}
