/*
 * competition.c - skills competitions (issue 13): the competition with its
 * organiser, co-organisers and technical document (an embedded one or an
 * upload, parsed by comp_parse(), kept as text with its SHA-256, a new
 * version while a draft), its status from draft to final, its events by
 * occupation and group, the entries institutions nominate within the
 * event's quotas and eligibility, the organiser's confirmation or refusal,
 * and the judges under the assessors' recusal rules.
 *
 * The organiser (competition.manage on the organising institution, or on
 * the whole network for the center's) works the competition; an
 * institution's staff with competition.enter nominate its contestants.
 * Every change: one transaction with its audit record.
 */
#include <jansson.h>
#include <string.h>

#include "app/internal.h"
#include "base/embed.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/authz.h"
#include "core/i18n.h"
#include "services/secret.h"

extern const struct embedded_file competition_files[];
extern const size_t competition_files_count;

#define MAX_COORGANISERS 16
#define MAX_CODES 32

static const char *const statuses[] = {"draft",  "open",  "closed", "marking",
				       "notice", "final", NULL};
/* the action that leaves statuses[i] */
static const char *const steps[] = {"open", "close", "mark", "notice", "final"};

const char *const *app_comp_statuses(void) { return statuses; }

static int status_index(const char *s)
{
	for (int i = 0; s && statuses[i]; i++)
		if (!strcmp(statuses[i], s))
			return i;
	return -1;
}

const char *const *app_comp_document_codes(void)
{
	static struct embed_codes codes;

	return embed_codes(&codes, MAX_CODES, competition_files, competition_files_count,
			   ".json");
}

/* The technical document to keep: an upload (document) or an embedded one
 * (code), parsed into *doc; its text and code into *body and *code. */
static enum app_status load_document(struct app_ctx *ctx, const char *code,
				     const char *document, struct comp_doc *doc,
				     const char **body, const char **out_code,
				     struct app_error *err)
{
	char perr[256];

	*body = NULL;
	if (document && *document) {
		*body = document;
	} else if (code && *code) {
		const struct embedded_file *f = embed_find(competition_files,
							   competition_files_count, code,
							   ".json");

		if (!f)
			return app_fail(err, APP_INVALID, "document_code",
					"competition.doc.unknown");
		*body = (const char *)f->data;
	} else {
		return app_fail(err, APP_INVALID, "document_code",
				"competition.doc.required");
	}
	if (comp_parse(*body, ctx->arena, doc, perr, sizeof(perr))) {
		app_fail(err, APP_INVALID, "document", "competition.doc.invalid");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	*out_code = doc->code;
	return APP_OK;
}

static enum store_err insert_document(struct app_ctx *ctx, struct store_conn *c,
				      long long comp_id, const char *code,
				      const char *body, const char *now, int *version)
{
	struct competition_doc_row d;
	char digest[SECRET_DIGEST_HEX];

	secret_sha256_hex(body, strlen(body), digest);
	memset(&d, 0, sizeof(d));
	d.competition_id = comp_id;
	d.code = code;
	d.body = body;
	d.digest = arena_strdup(ctx->arena, digest);
	d.created_at = now;
	d.created_by = app_actor_name(ctx);
	return store_comp_doc_insert(c, &d, version);
}

static bool date_ok(const char *d) { return d && time_date_valid(d); }

/* The new competition's fields and its document (checked after the grant:
 * an outsider learns nothing from the refusal). */
static enum app_status check_input(struct app_ctx *ctx, const struct comp_input *in,
				   int *tier, struct comp_doc *doc, const char **body,
				   const char **code, struct app_error *err)
{
	*tier = -1;
	if (!in->name || !*in->name || strlen(in->name) > 200)
		return app_fail(err, APP_INVALID, "name", "competition.name_required");
	for (int t = 0; in->tier && t < COMP_TIER_COUNT; t++)
		if (!strcmp(comp_tier_name((enum comp_tier)t), in->tier))
			*tier = t;
	if (*tier < 0)
		return app_fail(err, APP_INVALID, "tier", "competition.tier_invalid");
	if (in->year < 2000 || in->year > 2100)
		return app_fail(err, APP_INVALID, "year", "competition.year_invalid");
	if (!date_ok(in->starts_on))
		return app_fail(err, APP_INVALID, "starts_on", "val.date.invalid");
	if (!date_ok(in->ends_on) || strcmp(in->ends_on, in->starts_on) < 0)
		return app_fail(err, APP_INVALID, "ends_on", "competition.ends_before");
	if (in->ncoorganisers > MAX_COORGANISERS)
		return app_fail(err, APP_INVALID, "coorganisers", "competition.coorganiser");
	if (load_document(ctx, in->document_code, in->document, doc, body, code, err))
		return err->status;
	if ((int)doc->tier != *tier)
		return app_fail(err, APP_INVALID, "tier", "competition.doc.tier");
	return APP_OK;
}

enum app_status app_comp_create(struct app_ctx *ctx, const struct comp_input *in,
				long long *id, struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct comp_doc doc;
	const char *body, *code;
	char now[32];
	int version = 0, tier;
	enum store_err rc = STORE_OK;

	*id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* the permission first: an unknown organiser is no different from
	 * another's to whoever may not act for it (no 422/403 oracle) */
	if (app_authorize(ctx, c, PERM_COMP_MANAGE, in->organiser_id, err)) {
		/* an unknown organiser: said (on the field) to whoever acts for
		 * the whole network only, forbidden to the rest */
		if (err->status == APP_NOT_FOUND &&
		    authz_allows(ctx->actor->grants, ctx->actor->ngrants,
				 PERM_COMP_MANAGE, NULL, 0))
			app_fail(err, APP_INVALID, "organiser_id", "competition.organiser");
		else if (err->status == APP_NOT_FOUND)
			app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
		return app_abort(ctx, c, err);
	}
	if (in->organiser_id) {
		struct institution org;

		rc = store_institution_get(c, ctx->arena, in->organiser_id, &org);
		if (rc == STORE_NOT_FOUND) {
			app_fail(err, APP_INVALID, "organiser_id", "competition.organiser");
			return app_abort(ctx, c, err);
		}
		if (rc)
			return app_finish(ctx, c, rc, err);
	}
	if (check_input(ctx, in, &tier, &doc, &body, &code, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	memset(&x, 0, sizeof(x));
	x.name = in->name;
	x.tier = comp_tier_name((enum comp_tier)tier);
	x.year = in->year;
	x.organiser_id = in->organiser_id;
	x.approval_doc = in->approval_doc;
	x.starts_on = in->starts_on;
	x.ends_on = in->ends_on;
	x.venue = in->venue;
	x.status = "draft";
	x.created_at = now;
	rc = store_comp_insert(c, &x, id);
	for (size_t i = 0; rc == STORE_OK && i < in->ncoorganisers; i++) {
		struct institution co;
		long long k = in->coorganisers[i];

		rc = store_institution_get(c, ctx->arena, k, &co);
		if (rc == STORE_NOT_FOUND || k == in->organiser_id) {
			app_fail(err, APP_INVALID, "coorganisers",
				 "competition.coorganiser");
			return app_abort(ctx, c, err);
		}
		for (size_t j = 0; rc == STORE_OK && j < i; j++)
			if (in->coorganisers[j] == k) {
				app_fail(err, APP_INVALID, "coorganisers",
					 "competition.coorganiser");
				return app_abort(ctx, c, err);
			}
		if (rc == STORE_OK)
			rc = store_comp_coorganiser_add(c, *id, k);
	}
	if (rc == STORE_OK)
		rc = insert_document(ctx, c, *id, code, body, now, &version);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.create", "competition",
			       app_idtext(ctx, *id), NULL,
			       app_json(ctx, "{s:s, s:s, s:i, s:I, s:s, s:i}", "name",
					x.name, "tier", x.tier, "year", x.year,
					"organiser_id", (json_int_t)x.organiser_id,
					"document", code, "document_version", version));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

/* The competition, checked for competition.manage on its organiser. */
static enum app_status load_managed(struct app_ctx *ctx, struct store_conn *c, long long id,
				    struct competition *x, struct app_error *err)
{
	enum store_err rc = store_comp_get(c, ctx->arena, id, x);

	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return app_authorize(ctx, c, PERM_COMP_MANAGE, x->organiser_id, err);
}

static bool may(struct app_ctx *ctx, struct store_conn *c, const char *perm, long long inst)
{
	struct app_error e;

	return ctx->actor && app_authorize(ctx, c, perm, inst, &e) == APP_OK;
}

enum app_status app_comp_list(struct app_ctx *ctx, int year, const char *tier,
			      struct competition **items, size_t *n, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	enum store_err rc;
	size_t kept = 0;

	*items = NULL;
	*n = 0;
	if (!c)
		return err->status;
	rc = store_comp_list(c, ctx->arena, year, tier ? tier : "", true, items, n);
	/* a draft only to its organiser */
	for (size_t i = 0; rc == STORE_OK && i < *n; i++)
		if (strcmp((*items)[i].status, "draft") ||
		    may(ctx, c, PERM_COMP_MANAGE, (*items)[i].organiser_id))
			(*items)[kept++] = (*items)[i];
	*n = kept;
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	return rc ? err->status : APP_OK;
}

enum app_status app_comp_get(struct app_ctx *ctx, long long id, struct comp_detail *out,
			     struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	enum store_err rc;
	size_t kept = 0, kept_members = 0;

	memset(out, 0, sizeof(*out));
	if (!c)
		return err->status;
	rc = store_comp_get(c, ctx->arena, id, &out->comp);
	if (rc == STORE_OK) {
		out->manage = may(ctx, c, PERM_COMP_MANAGE, out->comp.organiser_id);
		out->enter = ctx->actor && app_can(ctx, PERM_COMP_ENTER);
		if (!out->manage && !strcmp(out->comp.status, "draft"))
			rc = STORE_NOT_FOUND;
	}
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	if (rc == STORE_OK)
		rc = store_comp_coorganisers(c, ctx->arena, id, &out->coorganisers,
					     &out->ncoorganisers);
	if (rc == STORE_OK)
		rc = store_comp_docs(c, ctx->arena, id, &out->docs, &out->ndocs);
	if (rc == STORE_OK)
		rc = store_comp_events(c, ctx->arena, id, &out->events, &out->nevents);
	if (rc == STORE_OK)
		rc = store_comp_entries(c, ctx->arena, id, &out->entries, &out->nentries);
	if (rc == STORE_OK)
		rc = store_comp_entrants(c, ctx->arena, id, &out->entrants, &out->nentrants);
	if (rc == STORE_OK && out->manage)
		rc = store_comp_judges(c, ctx->arena, id, &out->judges, &out->njudges);
	if (rc) {
		app_store_fail(ctx, c, rc, err);
		store_release(c);
		return err->status;
	}
	/* entries: all to the organiser; else the confirmed ones, and every
	 * entry of an institution the actor nominates for (unmasked) */
	for (size_t i = 0; !out->manage && i < out->nentries; i++) {
		struct competition_entry *e = &out->entries[i];
		bool own = out->enter && may(ctx, c, PERM_COMP_ENTER, e->institution_id);

		if (!own && strcmp(e->status, "confirmed"))
			continue;
		for (size_t m = 0; m < out->nentrants; m++) {
			struct competition_entrant *p = &out->entrants[m];
			char masked[128];

			if (p->entry_id != e->id)
				continue;
			if (!own) {
				name_mask(p->name, masked, sizeof(masked));
				p->name = arena_strdup(ctx->arena, masked);
				p->id_masked = "";
				p->birth_date = NULL;
				p->employer = p->employer_credit_code = "";
				p->person_id = 0;
			}
			out->entrants[kept_members++] = *p;
		}
		if (!own)
			e->created_by = "";
		out->entries[kept++] = *e;
	}
	if (!out->manage) {
		out->nentries = kept;
		out->nentrants = kept_members;
	}
	store_release(c);
	return APP_OK;
}

/* BEGIN and the competition (competition.manage), in a status allowed
 * from first to last (indexes of statuses[]); else NULL with err filled.
 * The competition is id's, or (id 0) that of the event *ev (event_id), or
 * of the entry *en (entry_id) and its event. */
struct target {
	long long id, event_id, entry_id;
	struct competition_event ev;
	struct competition_entry en;
};
static struct store_conn *begin_target(struct app_ctx *ctx, struct target *t, int first,
				       int last, const char *refuse,
				       struct competition *x, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc = STORE_OK;
	int st;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	if (t->entry_id) {
		rc = store_comp_entry_get(c, ctx->arena, t->entry_id, &t->en);
		t->event_id = rc == STORE_OK ? t->en.event_id : 0;
	}
	if (rc == STORE_OK && t->event_id) {
		rc = store_comp_event_get(c, ctx->arena, t->event_id, &t->ev);
		t->id = rc == STORE_OK ? t->ev.competition_id : 0;
	}
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		app_abort(ctx, c, err);
		return NULL;
	}
	if (rc) {
		app_finish(ctx, c, rc, err);
		return NULL;
	}
	if (load_managed(ctx, c, t->id, x, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	st = status_index(x->status);
	if (st < first || st > last) {
		app_fail(err, APP_INVALID, NULL, refuse);
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

static struct store_conn *begin_managed(struct app_ctx *ctx, long long id, int first,
					int last, const char *refuse,
					struct competition *x, struct app_error *err)
{
	struct target t;

	memset(&t, 0, sizeof(t));
	t.id = id;
	return begin_target(ctx, &t, first, last, refuse, x, err);
}

enum app_status app_comp_document(struct app_ctx *ctx, long long id, const char *code,
				  const char *document, int *version, struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct competition_event *events;
	struct comp_doc doc;
	const char *body, *dcode;
	char now[32];
	size_t n;
	enum store_err rc;

	*version = 0;
	if (!(c = begin_managed(ctx, id, 0, 0, "competition.refuse.document", &x, err)))
		return err->status;
	if (load_document(ctx, code, document, &doc, &body, &dcode, err))
		return app_abort(ctx, c, err);
	if (strcmp(comp_tier_name(doc.tier), x.tier)) {
		app_fail(err, APP_INVALID, "document", "competition.doc.tier");
		return app_abort(ctx, c, err);
	}
	rc = store_comp_events(c, ctx->arena, id, &events, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		int g = comp_group_parse(events[i].grp);

		if (g < 0 || !(doc.groups & (1u << g))) {
			app_fail(err, APP_INVALID, "document", "competition.doc.groups");
			return app_abort(ctx, c, err);
		}
	}
	time_now_iso(now, sizeof(now));
	if (rc == STORE_OK)
		rc = store_comp_events_team_size(c, id, doc.team_size);
	if (rc == STORE_OK)
		rc = insert_document(ctx, c, id, dcode, body, now, version);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.document", "competition",
			       app_idtext(ctx, id), NULL,
			       app_json(ctx, "{s:s, s:i}", "document", dcode, "version",
					*version));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comp_act(struct app_ctx *ctx, long long id, const char *action,
			     struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct competition_event *events;
	size_t nevents = 0;
	char now[32];
	int step = -1, st;
	enum store_err rc;

	for (int i = 0; action && i < (int)(sizeof(steps) / sizeof(steps[0])); i++)
		if (!strcmp(steps[i], action))
			step = i;
	if (!(c = begin_managed(ctx, id, 0, 5, "competition.refuse.step", &x, err)))
		return err->status;
	if (step < 0) {
		app_fail(err, APP_INVALID, "action", "competition.action_invalid");
		return app_abort(ctx, c, err);
	}
	st = status_index(x.status);
	if (st != step) {
		app_fail(err, APP_INVALID, "action", "competition.refuse.step");
		return app_abort(ctx, c, err);
	}
	rc = store_comp_events(c, ctx->arena, id, &events, &nevents);
	if (rc == STORE_OK && step == 0 && !nevents) {
		app_fail(err, APP_INVALID, "action", "competition.refuse.no_events");
		return app_abort(ctx, c, err);
	}
	/* the results notice: every event's modules and theory locked; the
	 * final results: the notice over and every appeal resolved */
	if (rc == STORE_OK && step == 3) {
		char start[11], end[11];

		if (app_comp_all_locked(ctx, c, id, err))
			return app_abort(ctx, c, err);
		app_comp_notice_window(start, end);
		rc = store_comp_set_notice(c, id, start, end);
	}
	if (rc == STORE_OK && step == 4) {
		struct competition_appeal *ap;
		size_t nap = 0;
		char today[11];

		time_today(today, sizeof(today));
		if (x.notice_end && strcmp(today, x.notice_end) <= 0) {
			app_fail(err, APP_INVALID, "action", "plan.notice_running");
			return app_abort(ctx, c, err);
		}
		rc = store_comp_appeals(c, ctx->arena, id, &ap, &nap);
		for (size_t i = 0; rc == STORE_OK && i < nap; i++)
			if (!strcmp(ap[i].status, "open")) {
				app_fail(err, APP_INVALID, "action", "plan.appeals_open");
				return app_abort(ctx, c, err);
			}
		/* nor while a correction of a mark waits for its decision */
		for (size_t e = 0; rc == STORE_OK && e < nevents; e++) {
			struct competition_correction *k;
			size_t nk = 0;

			rc = store_comp_corrections(c, ctx->arena, events[e].id, &k, &nk);
			for (size_t i = 0; rc == STORE_OK && i < nk; i++)
				if (!strcmp(k[i].status, "open")) {
					app_fail(err, APP_INVALID, "action",
						 "competition.refuse.corrections_open");
					return app_abort(ctx, c, err);
				}
		}
	}
	time_now_iso(now, sizeof(now));
	if (rc == STORE_OK)
		rc = store_comp_set_status(c, id, statuses[st], statuses[st + 1], now);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.status", "competition",
			       app_idtext(ctx, id),
			       app_json(ctx, "{s:s}", "status", statuses[st]),
			       app_json(ctx, "{s:s}", "status", statuses[st + 1]));
	return app_finish(ctx, c, rc, err);
}

static enum app_status event_problem(const struct comp_event_input *in, int *g,
				     struct app_error *err)
{
	if (!in->occupation_code || !*in->occupation_code)
		return app_fail(err, APP_INVALID, "occupation_code",
				"competition.event.occupation");
	*g = comp_group_parse(in->group);
	if (*g < 0)
		return app_fail(err, APP_INVALID, "group", "competition.event.group");
	if (in->quota_institution < 0 || in->quota_institution > 10000)
		return app_fail(err, APP_INVALID, "quota_institution",
				"competition.event.quota");
	if (in->quota_province < 0 || in->quota_province > 10000)
		return app_fail(err, APP_INVALID, "quota_province",
				"competition.event.quota");
	if (in->min_age < 0 || in->min_age > 100)
		return app_fail(err, APP_INVALID, "min_age", "competition.event.age");
	if (in->max_age < 0 || in->max_age > 100 ||
	    (in->max_age && in->max_age < in->min_age))
		return app_fail(err, APP_INVALID, "max_age", "competition.event.age");
	return APP_OK;
}

enum app_status app_comp_event_add(struct app_ctx *ctx, long long competition_id,
				   const struct comp_event_input *in, long long *id,
				   struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct competition_doc_row row;
	struct competition_event e;
	struct occupation *occ = NULL;
	struct comp_doc doc;
	char perr[256], now[32];
	size_t nocc = 0;
	int g = -1;
	enum store_err rc;

	*id = 0;
	if (!(c = begin_managed(ctx, competition_id, 0, 0, "competition.refuse.events",
				&x, err)))
		return err->status;
	if (event_problem(in, &g, err))
		return app_abort(ctx, c, err);
	rc = store_comp_doc_latest(c, ctx->arena, competition_id, &row);
	if (rc == STORE_OK && comp_parse(row.body, ctx->arena, &doc, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK && !(doc.groups & (1u << g))) {
		app_fail(err, APP_INVALID, "group", "competition.event.group");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_occupation_list(c, ctx->arena, in->occupation_code, &occ, &nocc);
	if (rc == STORE_OK) {
		size_t k = 0;

		while (k < nocc && strcmp(occ[k].code, in->occupation_code))
			k++;
		if (k == nocc) {
			app_fail(err, APP_INVALID, "occupation_code",
				 "competition.event.occupation");
			return app_abort(ctx, c, err);
		}
		occ = &occ[k];
	}
	time_now_iso(now, sizeof(now));
	memset(&e, 0, sizeof(e));
	if (rc == STORE_OK) {
		e.competition_id = competition_id;
		e.occupation_id = occ->id;
		e.grp = comp_group_name((enum comp_group)g);
		e.team_size = doc.team_size;
		e.quota_institution = in->quota_institution;
		e.quota_province = in->quota_province;
		e.min_age = in->min_age;
		e.max_age = in->max_age;
		e.created_at = now;
		rc = store_comp_event_insert(c, &e, id);
	}
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "occupation_code", "competition.event.exists");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.event", "competition",
			       app_idtext(ctx, competition_id), NULL,
			       app_json(ctx, "{s:I, s:s, s:s, s:i, s:i, s:i, s:i, s:i}",
					"event_id", (json_int_t)*id, "occupation_code",
					occ->code, "group", e.grp, "team_size", e.team_size,
					"quota_institution", e.quota_institution,
					"quota_province", e.quota_province, "min_age",
					e.min_age, "max_age", e.max_age));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

/* Whether the person belongs to institution inst or one under it. */
static enum store_err member_of(struct store_conn *c, long long person_id, long long inst,
				bool *yes)
{
	long long insts[32], anc[64];
	size_t n = 0, na;
	enum store_err rc = store_person_institutions(c, person_id, insts, 32, &n);

	*yes = false;
	for (size_t i = 0; rc == STORE_OK && i < n && !*yes; i++) {
		rc = store_institution_ancestry(c, insts[i], anc, 64, &na);
		if (rc == STORE_NOT_FOUND)
			rc = STORE_OK, na = 0;
		for (size_t k = 0; rc == STORE_OK && k < na; k++)
			if (anc[k] == inst)
				*yes = true;
	}
	return rc;
}

/* The first recusal between a judge and a contestant: its catalog key, or
 * NULL. */
static enum store_err recusal_between(struct app_ctx *ctx, struct store_conn *c,
				      const struct person *judge,
				      const struct person *cand, const char **key)
{
	const char *kind = NULL;
	enum store_err rc;

	*key = NULL;
	if (judge->id == cand->id)
		return STORE_OK;
	rc = store_relationship_between(c, ctx->arena, judge->id, cand->id, &kind);
	if (rc == STORE_OK)
		*key = recusal_reason(judge->employer, judge->employer_credit_code,
				      cand->employer, cand->employer_credit_code, kind);
	return rc;
}

static bool live(const char *status) { return strcmp(status, "refused") != 0; }

enum app_status app_comp_nominate(struct app_ctx *ctx, long long event_id,
				  long long institution_id, const long long *person_ids,
				  size_t n, const char *override_note,
				  long long *entry_id, struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct competition_event ev, *events;
	struct competition_entry *entries, entry;
	struct competition_entrant *members;
	struct competition_judge *judges;
	struct institution inst;
	size_t nevents, nentries, nmembers, njudges;
	int same_inst = 0, same_prov = 0;
	char now[32];
	enum store_err rc;
	json_t *ids, *overrides = NULL;

	*entry_id = 0;
	if (!override_note)
		override_note = "";
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	/* the event's lock first: the quotas are counted one nomination at a
	 * time */
	rc = store_comp_event_lock(c, event_id);
	if (rc == STORE_OK)
		rc = store_comp_event_get(c, ctx->arena, event_id, &ev);
	if (rc == STORE_OK)
		rc = store_comp_get(c, ctx->arena, ev.competition_id, &x);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && !strcmp(x.status, "draft") &&
				      !may(ctx, c, PERM_COMP_MANAGE, x.organiser_id))) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!institution_id) {
		app_fail(err, APP_INVALID, "institution_id",
			 "competition.entry.institution");
		return app_abort(ctx, c, err);
	}
	rc = store_institution_get(c, ctx->arena, institution_id, &inst);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "institution_id",
			 "competition.entry.institution");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_authorize(ctx, c, PERM_COMP_ENTER, institution_id, err))
		return app_abort(ctx, c, err);
	if (strcmp(x.status, "open")) {
		app_fail(err, APP_INVALID, NULL, "competition.refuse.entries");
		return app_abort(ctx, c, err);
	}
	if ((int)n != ev.team_size) {
		app_fail(err, APP_INVALID, "person_ids",
			 ev.team_size == 1 ? "competition.entry.individual"
					   : "competition.entry.team_size");
		err->detail = app_idtext(ctx, ev.team_size);
		return app_abort(ctx, c, err);
	}
	rc = store_comp_events(c, ctx->arena, x.id, &events, &nevents);
	if (rc == STORE_OK)
		rc = store_comp_entries(c, ctx->arena, x.id, &entries, &nentries);
	if (rc == STORE_OK)
		rc = store_comp_entrants(c, ctx->arena, x.id, &members, &nmembers);
	if (rc == STORE_OK)
		rc = store_comp_judges(c, ctx->arena, x.id, &judges, &njudges);
	if (rc)
		return app_finish(ctx, c, rc, err);
	/* the quotas: live entries of this event from the institution, and
	 * from institutions of its province */
	for (size_t i = 0; i < nentries; i++) {
		if (entries[i].event_id != event_id || !live(entries[i].status))
			continue;
		if (entries[i].institution_id == institution_id)
			same_inst++;
		if (inst.province && *inst.province && entries[i].province &&
		    !strcmp(entries[i].province, inst.province))
			same_prov++;
	}
	if (ev.quota_institution && same_inst >= ev.quota_institution) {
		app_fail(err, APP_INVALID, "institution_id",
			 "competition.quota.institution");
		return app_abort(ctx, c, err);
	}
	if (ev.quota_province && same_prov >= ev.quota_province) {
		app_fail(err, APP_INVALID, "institution_id", "competition.quota.province");
		return app_abort(ctx, c, err);
	}
	for (size_t i = 0; i < n; i++) {
		struct person who;
		bool member;
		int age;

		for (size_t k = 0; k < i; k++)
			if (person_ids[k] == person_ids[i]) {
				app_fail(err, APP_INVALID, "person_ids",
					 "competition.entry.twice");
				return app_abort(ctx, c, err);
			}
		rc = person_ids[i] > 0
			     ? store_person_get(c, ctx->arena, person_ids[i], &who)
			     : STORE_NOT_FOUND;
		if (rc == STORE_OK)
			rc = member_of(c, who.id, institution_id, &member);
		if (rc == STORE_NOT_FOUND || (rc == STORE_OK && !member)) {
			app_fail(err, APP_INVALID, "person_ids",
				 "competition.entry.not_member");
			err->detail = app_idtext(ctx, person_ids[i]);
			return app_abort(ctx, c, err);
		}
		if (rc)
			return app_finish(ctx, c, rc, err);
		/* once per event, and in one group of the competition */
		for (size_t m = 0; m < nmembers; m++) {
			const struct competition_event *other = NULL;

			if (members[m].person_id != who.id || !live(members[m].entry_status))
				continue;
			for (size_t k = 0; k < nevents; k++)
				if (events[k].id == members[m].event_id)
					other = &events[k];
			if (members[m].event_id == event_id) {
				app_fail(err, APP_CONFLICT, "person_ids",
					 "competition.entry.duplicate");
				err->detail = who.name;
				return app_abort(ctx, c, err);
			}
			if (other && strcmp(other->grp, ev.grp)) {
				app_fail(err, APP_INVALID, "person_ids",
					 "competition.elig.group");
				err->detail = who.name;
				return app_abort(ctx, c, err);
			}
		}
		/* 职工组: employed; ages on the first day */
		if (!strcmp(ev.grp, "employee") && (!who.employer || !*who.employer)) {
			app_fail(err, APP_INVALID, "person_ids",
				 "competition.elig.employee");
			err->detail = who.name;
			return app_abort(ctx, c, err);
		}
		if (ev.min_age || ev.max_age) {
			age = who.birth_date ? age_on(who.birth_date, x.starts_on) : -1;
			if (age < 0 || (ev.min_age && age < ev.min_age) ||
			    (ev.max_age && age > ev.max_age)) {
				app_fail(err, APP_INVALID, "person_ids",
					 age < 0 ? "competition.elig.age_unknown"
						 : "competition.elig.age");
				err->detail = who.name;
				return app_abort(ctx, c, err);
			}
		}
		/* a judge of the event who must stand aside: an override given
		 * when the judge was appointed held for the contestants then,
		 * not for this one, who needs an override of their own */
		for (size_t j = 0; j < njudges; j++) {
			struct person judge;
			const char *key;

			if (judges[j].event_id != event_id)
				continue;
			/* the judge themself: no override lets them compete */
			if (judges[j].person_id == who.id) {
				app_fail(err, APP_CONFLICT, "person_ids",
					 "competition.entry.judge");
				err->detail = who.name;
				return app_abort(ctx, c, err);
			}
			rc = store_person_get(c, ctx->arena, judges[j].person_id, &judge);
			if (rc == STORE_OK)
				rc = recusal_between(ctx, c, &judge, &who, &key);
			if (rc)
				return app_finish(ctx, c, rc, err);
			if (key && !*override_note) {
				app_fail(err, APP_CONFLICT, "person_ids", key);
				err->detail = judge.name;
				json_decref(overrides);
				return app_abort(ctx, c, err);
			}
			if (key && !app_can(ctx, PERM_PLAN_SUPERVISE)) {
				app_fail(err, APP_FORBIDDEN, "override_note",
					 "recusal.override_needs_supervisor");
				json_decref(overrides);
				return app_abort(ctx, c, err);
			}
			if (key) {
				if (!overrides)
					overrides = json_array();
				json_array_append_new(
					overrides,
					json_pack("{s:I, s:I, s:s}", "judge_id",
						  (json_int_t)judges[j].id, "person_id",
						  (json_int_t)who.id, "recusal", key));
			}
		}
	}
	time_now_iso(now, sizeof(now));
	memset(&entry, 0, sizeof(entry));
	entry.event_id = event_id;
	entry.institution_id = institution_id;
	entry.created_at = now;
	entry.created_by = app_actor_name(ctx);
	rc = store_comp_entry_insert(c, &entry, entry_id);
	ids = json_array();
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		rc = store_comp_entrant_insert(c, *entry_id, person_ids[i], (int)i + 1);
		json_array_append_new(ids, json_integer(person_ids[i]));
	}
	/* with the recusals let stay for these contestants, and why */
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.nominate", "competition",
			       app_idtext(ctx, x.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:I, s:O, s:O*, s:s*}",
					"entry_id", (json_int_t)*entry_id, "event_id",
					(json_int_t)event_id, "institution_id",
					(json_int_t)institution_id, "person_ids", ids,
					"overrides", overrides, "override_note",
					overrides ? override_note : NULL));
	json_decref(ids);
	json_decref(overrides);
	if (rc)
		*entry_id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comp_decide(struct app_ctx *ctx, long long entry_id, bool confirm,
				const char *reason, struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct target t;
	char now[32];
	enum store_err rc;

	memset(&t, 0, sizeof(t));
	t.entry_id = entry_id;
	if (!(c = begin_target(ctx, &t, 1, 2, "competition.refuse.decide", &x, err)))
		return err->status;
	if (!confirm && (!reason || !*reason)) {
		app_fail(err, APP_INVALID, "reason", "competition.entry.reason");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_comp_entry_decide(c, entry_id, confirm ? "confirmed" : "refused",
				     confirm ? "" : reason, app_actor_name(ctx), now);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, NULL, "competition.entry.decided");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c,
			       confirm ? "competition.confirm" : "competition.refuse",
			       "competition", app_idtext(ctx, x.id), NULL,
			       app_json(ctx, "{s:I, s:s}", "entry_id", (json_int_t)entry_id,
					"reason", confirm ? "" : reason));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comp_appoint(struct app_ctx *ctx, long long event_id,
				 long long person_id, const char *role,
				 const char *override_note, long long *judge_id,
				 struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct target t;
	struct competition_entrant *members;
	struct competition_judge *judges, j;
	struct person who;
	size_t nmembers, njudges;
	const char *key = NULL, *cand = NULL;
	char now[32];
	enum store_err rc;

	*judge_id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	memset(&t, 0, sizeof(t));
	t.event_id = event_id;
	if (!(c = begin_target(ctx, &t, 0, 2, "competition.refuse.judges", &x, err)))
		return err->status;
	/* the event's row lock, as a nomination takes it: judges and entries
	 * one at a time (one chief judge; every contestant checked) */
	rc = store_comp_event_lock(c, event_id);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!role || (strcmp(role, "chief_judge") && strcmp(role, "judge"))) {
		app_fail(err, APP_INVALID, "role", "competition.judge.role");
		return app_abort(ctx, c, err);
	}
	rc = person_id > 0 ? store_person_get(c, ctx->arena, person_id, &who)
			   : STORE_NOT_FOUND;
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_INVALID, "person_id", "competition.judge.person");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_comp_judges(c, ctx->arena, x.id, &judges, &njudges);
	if (rc == STORE_OK)
		rc = store_comp_entrants(c, ctx->arena, x.id, &members, &nmembers);
	if (rc)
		return app_finish(ctx, c, rc, err);
	for (size_t i = 0; !strcmp(role, "chief_judge") && i < njudges; i++)
		if (judges[i].event_id == event_id &&
		    !strcmp(judges[i].role, "chief_judge")) {
			app_fail(err, APP_CONFLICT, "role",
				 "competition.judge.chief_exists");
			return app_abort(ctx, c, err);
		}
	for (size_t m = 0; m < nmembers && !key; m++) {
		struct person p;

		if (members[m].event_id != event_id || !live(members[m].entry_status))
			continue;
		if (members[m].person_id == who.id) {
			app_fail(err, APP_INVALID, "person_id",
				 "competition.judge.contestant");
			return app_abort(ctx, c, err);
		}
		rc = store_person_get(c, ctx->arena, members[m].person_id, &p);
		if (rc == STORE_OK)
			rc = recusal_between(ctx, c, &who, &p, &key);
		if (rc)
			return app_finish(ctx, c, rc, err);
		if (key)
			cand = p.name;
	}
	if (key && (!override_note || !*override_note)) {
		app_fail(err, APP_CONFLICT, "person_id", key);
		err->detail = cand;
		return app_abort(ctx, c, err);
	}
	if (key && !app_can(ctx, PERM_PLAN_SUPERVISE)) {
		app_fail(err, APP_FORBIDDEN, "override_note",
			 "recusal.override_needs_supervisor");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&j, 0, sizeof(j));
	j.event_id = event_id;
	j.person_id = who.id;
	j.role = role;
	j.override_by = key ? app_actor_name(ctx) : "";
	j.override_note = key ? override_note : "";
	j.created_at = now;
	rc = store_comp_judge_insert(c, &j, judge_id);
	if (rc == STORE_CONFLICT && !strcmp(role, "chief_judge")) {
		bool judging = false;

		for (size_t i = 0; i < njudges; i++)
			if (judges[i].event_id == event_id && judges[i].person_id == who.id)
				judging = true;
		if (!judging) {
			/* the one-chief index, should the check above miss */
			app_fail(err, APP_CONFLICT, "role",
				 "competition.judge.chief_exists");
			return app_abort(ctx, c, err);
		}
	}
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "person_id", "competition.judge.exists");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.judge", "competition",
			       app_idtext(ctx, x.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s, s:s, s:s}", "event_id",
					(json_int_t)event_id, "person_id",
					(json_int_t)who.id, "role", role, "recusal",
					key ? key : "", "override_note", j.override_note));
	if (rc)
		*judge_id = 0;
	return app_finish(ctx, c, rc, err);
}
