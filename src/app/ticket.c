/*
 * ticket.c - claim codes (issue 12): each enrolment of a plan gets a
 * random code the candidate uses, with their name and ID number, to
 * create their holder account (app/holder.c). Only the code's hash is
 * stored; staff see the codes once, when they are drawn.
 */
#include <ctype.h>
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/timeutil.h"
#include "services/seal.h"
#include "services/secret.h"

void app_claim_code_hash(const char *typed, char out[SECRET_DIGEST_HEX])
{
	char norm[64];
	size_t n = 0;

	/* letters and digits only, as capitals: "abcd-efgh ..." = "ABCDEFGH..." */
	for (const char *p = typed ? typed : ""; *p && n + 1 < sizeof(norm); p++)
		if (isalnum((unsigned char)*p))
			norm[n++] = (char)toupper((unsigned char)*p);
	norm[n] = '\0';
	secret_sha256_hex(norm, n, out);
}

/* A new code: 16 characters of an unambiguous alphabet (about 79 bits),
 * shown in four groups of four. */
static void claim_code_new(char out[APP_CLAIM_CODE_MAX])
{
	char raw[17];
	size_t k = 0;

	secret_password_new(raw);
	for (int i = 0; i < 16; i++) {
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = (char)toupper((unsigned char)raw[i]);
	}
	out[k] = '\0';
	seal_wipe(raw, sizeof(raw));
}

enum app_status app_ticket_claim_codes(struct app_ctx *ctx, long long plan_id,
				       struct claim_code **items, size_t *n,
				       struct app_error *err)
{
	struct enrolment *es = NULL;
	struct standard s;
	struct plan p;
	struct store_conn *c;
	size_t ne = 0, k = 0;
	char now_s[32], code[APP_CLAIM_CODE_MAX], hash[SECRET_DIGEST_HEX];
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_plan_load(ctx, c, plan_id, PERM_PLAN_MANAGE, &p, &s, err))
		return app_abort(ctx, c, err);
	rc = store_enrolment_list(c, ctx->arena, plan_id, &es, &ne);
	if (!rc && !(*items = arena_alloc(ctx->arena, (ne ? ne : 1) * sizeof(**items))))
		rc = STORE_ERROR;
	time_now_iso(now_s, sizeof(now_s));
	for (size_t i = 0; !rc && i < ne; i++) {
		if (!strcmp(es[i].status, "withdrawn"))
			continue;
		claim_code_new(code);
		app_claim_code_hash(code, hash);
		rc = store_claim_code_put(c, es[i].id, hash, now_s);
		(*items)[k].enrolment_id = es[i].id;
		(*items)[k].name = es[i].person_name;
		(*items)[k].id_masked = es[i].person_masked_id;
		(*items)[k].code = arena_strdup(ctx->arena, code);
		k++;
	}
	if (!rc)
		rc = app_audit(ctx, c, "plan.claim_codes", "plan",
			       arena_printf(ctx->arena, "%lld", plan_id),
			       app_json(ctx, "{s:I}", "codes", (json_int_t)k), NULL);
	if (rc)
		k = 0;
	*n = k;
	return app_finish(ctx, c, rc, err);
}

/* ---- my results ---- */

enum app_status app_holder_results(struct app_ctx *ctx, struct holder_result **items,
				   size_t *n, struct app_error *err)
{
	const struct actor *a = ctx->actor;
	struct store_my_result *rs = NULL;
	struct store_conn *c;
	size_t nr = 0;
	enum store_err rc;

	*items = NULL;
	*n = 0;
	if (!a)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (a->system || !a->person_id)
		return app_fail(err, APP_NOT_FOUND, NULL, "holder.only");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_results_of_person(c, ctx->arena, a->person_id, &rs, &nr);
	if (!rc && !(*items = arena_alloc(ctx->arena, (nr ? nr : 1) * sizeof(**items))))
		rc = STORE_ERROR;
	for (size_t i = 0; !rc && i < nr; i++) {
		struct holder_result *h = &(*items)[i];

		memset(h, 0, sizeof(*h));
		h->enrolment_id = rs[i].enrolment_id;
		h->outcome = rs[i].outcome;
		rc = store_plan_get(c, ctx->arena, rs[i].plan_id, &h->plan);
		if (!rc)
			rc = store_components_of_enrolment(c, ctx->arena, rs[i].enrolment_id,
							   &h->components, &h->ncomponents);
	}
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	*n = nr;
	return APP_OK;
}
