/*
 * competition_honours.c - an institution's honour list (荣誉榜, issue 13):
 * what the entries it nominated won in the competitions that are final —
 * an award, a title or the squad — read from the results as the public
 * sees them (app_comp_results(), names masked by name_mask()). Public: no
 * permission; nothing of a competition before it is final. Only the final
 * competitions the institution entered (a confirmed entry) are computed;
 * one whose results fail is skipped and logged, never fatal to the list.
 */
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/log.h"

static int by_year(const void *a, const void *b)
{
	const struct comp_honour *x = a, *y = b;

	if (x->year != y->year)
		return x->year > y->year ? -1 : 1;
	if (x->competition_id != y->competition_id)
		return x->competition_id < y->competition_id ? -1 : 1;
	if (x->event_id != y->event_id)
		return x->event_id < y->event_id ? -1 : 1;
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return x->entry_id < y->entry_id ? -1 : x->entry_id > y->entry_id;
}

static const struct competition_event *event_of(const struct comp_results *r, long long id)
{
	for (size_t i = 0; i < r->nevents; i++)
		if (r->events[i].id == id)
			return &r->events[i];
	return NULL;
}

/* The honours of one final competition's results into out (grown). */
static void add_honours(struct app_ctx *ctx, const struct comp_results *r,
			long long institution_id, struct comp_honours *out, size_t *cap)
{
	for (size_t i = 0; i < r->nrows; i++) {
		const struct comp_result *x = &r->rows[i];
		const struct competition_event *ev = event_of(r, x->event_id);
		struct comp_honour *h;

		if (x->institution_id != institution_id ||
		    (x->award == COMP_AWARD_NONE && !x->titles && !x->squad))
			continue;
		if (out->nrows == *cap) {
			struct comp_honour *grown;

			*cap = *cap ? *cap * 2 : 16;
			grown = arena_alloc(ctx->arena, *cap * sizeof(*grown));
			if (out->nrows)
				memcpy(grown, out->rows, out->nrows * sizeof(*grown));
			out->rows = grown;
		}
		h = &out->rows[out->nrows++];
		memset(h, 0, sizeof(*h));
		h->competition_id = r->comp.id;
		h->event_id = x->event_id;
		h->entry_id = x->entry_id;
		h->year = r->comp.year;
		h->competition = r->comp.name;
		h->tier = r->comp.tier;
		h->occupation_code = ev ? ev->occupation_code : "";
		h->occupation_name = ev ? ev->occupation_name : "";
		h->group = x->group;
		h->award = x->award;
		h->titles = x->titles;
		h->squad = x->squad;
		h->place = x->place;
		h->entrants = x->entrants;
		h->names = x->names;
	}
}

enum app_status app_comp_honours(struct app_ctx *ctx, long long institution_id, int year,
				 struct comp_honours *out, struct app_error *err)
{
	const struct actor *who = ctx->actor;
	struct competition *comps = NULL;
	struct store_conn *c;
	size_t ncomps = 0, cap = 0, n = 0;
	enum store_err rc;
	enum app_status st;

	memset(out, 0, sizeof(*out));
	if ((st = app_institution_get(ctx, institution_id, &out->inst, err)))
		return st;
	if (!(c = app_read_conn(ctx, err)))
		return err->status;
	/* only the final competitions this institution entered are computed */
	rc = store_comp_final_entered(c, ctx->arena, institution_id, &comps, &ncomps);
	if (rc)
		app_store_fail(ctx, c, rc, err);
	store_release(c);
	if (rc)
		return err->status;
	/* the results as the public sees them: names masked, whoever asks */
	ctx->actor = NULL;
	for (size_t i = 0; i < ncomps; i++) {
		struct comp_results r;

		struct app_error why;

		/* one competition whose results fail (its document unreadable,
		 * say) costs only its own rows, not the whole list */
		if (app_comp_results(ctx, comps[i].id, &r, &why)) {
			log_warn("honours of institution %lld: competition %lld skipped: %s "
				 "(%s)",
				 institution_id, comps[i].id, why.msg ? why.msg : "?",
				 why.detail ? why.detail : "");
			continue;
		}
		add_honours(ctx, &r, institution_id, out, &cap);
	}
	ctx->actor = who;
	if (out->nrows)
		qsort(out->rows, out->nrows, sizeof(*out->rows), by_year);
	/* the years with honours, then the rows of the year asked for */
	out->years = arena_alloc(ctx->arena, (out->nrows + 1) * sizeof(*out->years));
	for (size_t i = 0; i < out->nrows; i++)
		if (!out->nyears || out->years[out->nyears - 1] != out->rows[i].year)
			out->years[out->nyears++] = out->rows[i].year;
	for (size_t i = 0; i < out->nrows; i++)
		if (!year || out->rows[i].year == year)
			out->rows[n++] = out->rows[i];
	out->nrows = n;
	return APP_OK;
}
