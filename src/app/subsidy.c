/*
 * subsidy.c - the skill-upgrade subsidy (技能提升补贴) of a certificate: the
 * embedded rules of its province (or the national default) evaluated by
 * core/subsidy against what the platform knows of the holder.
 */
#include <string.h>

#include "app/cert_internal.h"
#include "base/embed.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "core/authz.h"

extern const struct embedded_file subsidy_files[];
extern const size_t subsidy_files_count;

/* The rules for province (its own file, else region "00") into *out. */
static enum app_status load_rules(struct app_ctx *ctx, const char *province,
				  struct subsidy_rules **out, struct app_error *err)
{
	struct subsidy_rules *national = NULL;
	char msg[256];

	*out = NULL;
	for (size_t i = 0; i < subsidy_files_count; i++) {
		struct subsidy_rules *x = arena_alloc(ctx->arena, sizeof(*x));
		if (subsidy_parse((const char *)subsidy_files[i].data, ctx->arena, x, msg,
				  sizeof(msg))) {
			log_error("subsidy/%s: %s", subsidy_files[i].name, msg);
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
		}
		if (province && !strcmp(x->region, province))
			*out = x;
		else if (!strcmp(x->region, "00"))
			national = x;
	}
	if (!*out)
		*out = national;
	if (!*out)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	return APP_OK;
}

enum app_status app_cert_subsidy(struct app_ctx *ctx, long long id, int insured_months,
				 struct subsidy_view *out, struct app_error *err)
{
	struct store_conn *c;
	struct certificate *others = NULL;
	size_t nothers = 0, nheld = 0;
	struct subsidy_rules *rules;
	struct subsidy_prior *held;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (insured_months < -1 || insured_months > 600)
		return app_fail(err, APP_INVALID, "insured_months",
				"val.subsidy.insured_months");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (cert_load(ctx, c, id, PERM_CERT_READ, &out->cert, err)) {
		store_release(c);
		return err->status;
	}
	rc = store_cert_by_holder(c, ctx->arena, out->cert.id_type, out->cert.id_blind,
				  &others, &nothers);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	store_release(c);
	if (load_rules(ctx, out->cert.province_code, &rules, err))
		return err->status;
	out->region = rules->region;
	out->rules_name = rules->name;

	held = arena_alloc(ctx->arena, (nothers + 1) * sizeof(*held));
	for (size_t i = 0; i < nothers; i++)
		if (others[i].id != out->cert.id && others[i].level >= 1 &&
		    others[i].level <= 5 && time_date_valid(others[i].issued_on))
			held[nheld++] = (struct subsidy_prior){others[i].occupation_code,
							       others[i].issued_on,
							       others[i].level};

	struct subsidy_cert sc = {out->cert.occupation_code, out->cert.issued_on,
				  out->cert.level, !strcmp(out->cert.status, "valid")};
	struct subsidy_facts f = {insured_months, false, NULL, 0, held, nheld};
	time_today(out->today, sizeof(out->today));
	if (subsidy_evaluate(rules, &sc, &f, out->today, &out->result)) {
		log_error("subsidy: certificate %lld could not be evaluated", id);
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	return APP_OK;
}
