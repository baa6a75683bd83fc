/*
 * competition_marks.c - marking a competition the CIS way (issue 13): the
 * marks of each entry per aspect of the technical document in force (a
 * measurement entered once: full marks or zero, or the deviation measured
 * → the marks of its tolerance band; a judgement: each of three judges
 * 0-3, a spread over 1 to be resolved by re-marking with a note), the
 * theory scores, the chief judge's locks per module, corrections after
 * locking only by a request the organiser approves, the import of a
 * CIS-style sheet, the results computed from the rules (totals, ranking,
 * standardised score, awards, titles, squad), the appeals of the results
 * notice and the computed promotions.
 *
 * Who: the organiser's staff (competition.manage) enter marks for the
 * judge they name; an account linked to a judge's person (a holder
 * account) marks as that judge. The chief judge (or the organiser's staff)
 * locks and files corrections; the organiser's staff approve them, never
 * the one who filed. Every change: one transaction with its audit record.
 */
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/idcard.h"
#include "core/ratelimit.h"
#include "core/registry.h"
#include "services/table.h"

#define THEORY "theory"
#define TIME "time"              /* the pseudo-module of the time used (0029) */
#define TIME_MAX (7 * 24 * 3600) /* seconds */
#define NOTICE_DAYS 5 /* the assessments' results notice without a standard's */

static bool may_manage(struct app_ctx *ctx, struct store_conn *c, long long organiser)
{
	struct app_error e;

	return ctx->actor &&
	       app_authorize(ctx, c, PERM_COMP_MANAGE, organiser, &e) == APP_OK;
}

/* "86.35" → 8635: digits with at most two decimals, at most 100.00 (a
 * score out of 100); false otherwise, before anything can overflow. */
static bool parse_hundredths(const char *s, int *out)
{
	long long v = 0;
	int dec = -1;

	if (!s || !*s)
		return false;
	for (; *s; s++) {
		if (*s == '.' && dec < 0) {
			dec = 0;
			continue;
		}
		if (*s < '0' || *s > '9' || dec >= 2 || v > 100000000)
			return false;
		v = v * 10 + (*s - '0');
		if (dec >= 0)
			dec++;
	}
	if (dec == 0)
		return false;
	for (int i = dec < 0 ? 0 : dec; i < 2; i++)
		v *= 10;
	if (v > 10000)
		return false;
	*out = (int)v;
	return true;
}

static const struct comp_aspect *find_aspect(const struct comp_doc *d, const char *code,
					     int *module)
{
	for (size_t m = 0; code && m < d->nmodules; m++)
		for (size_t k = 0; k < d->modules[m].naspects; k++)
			if (!strcmp(d->modules[m].aspects[k].code, code)) {
				*module = (int)m;
				return &d->modules[m].aspects[k];
			}
	return NULL;
}

bool app_comp_locked(const struct comp_sheet *s, const char *module)
{
	for (size_t i = 0; i < s->nlocks; i++)
		if (!strcmp(s->locks[i].module, module))
			return true;
	return false;
}

static const struct competition_judge *sheet_judge(const struct comp_sheet *s, long long id)
{
	for (size_t i = 0; i < s->njudges; i++)
		if (s->judges[i].id == id)
			return &s->judges[i];
	return NULL;
}

static bool sheet_entry(const struct comp_sheet *s, long long id)
{
	for (size_t i = 0; i < s->nentries; i++)
		if (s->entries[i].id == id)
			return true;
	return false;
}

/* The sheet of an event, on c; the actor must organise or judge it. */
static enum app_status load_sheet(struct app_ctx *ctx, struct store_conn *c,
				  long long event_id, struct comp_sheet *s,
				  struct app_error *err)
{
	struct competition_doc_row row;
	struct competition_entry *entries;
	struct competition_entrant *members;
	struct competition_judge *judges;
	size_t nentries = 0, nmembers = 0, njudges = 0;
	char perr[256];
	enum store_err rc;

	memset(s, 0, sizeof(*s));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	rc = store_comp_event_get(c, ctx->arena, event_id, &s->event);
	if (rc == STORE_OK)
		rc = store_comp_get(c, ctx->arena, s->event.competition_id, &s->comp);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc == STORE_OK)
		rc = store_comp_judges(c, ctx->arena, s->comp.id, &judges, &njudges);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	s->judges = arena_alloc(ctx->arena, (njudges + 1) * sizeof(*judges));
	for (size_t i = 0; i < njudges; i++) {
		if (judges[i].event_id != event_id)
			continue;
		s->judges[s->njudges++] = judges[i];
		if (ctx->actor->person_id && judges[i].person_id == ctx->actor->person_id) {
			s->judge_id = judges[i].id;
			s->chief = !strcmp(judges[i].role, "chief_judge");
		}
	}
	s->manage = may_manage(ctx, c, s->comp.organiser_id);
	if (!s->manage && !s->judge_id)
		return app_authorize(ctx, c, PERM_COMP_MANAGE, s->comp.organiser_id, err);
	if (s->manage)
		s->chief = true;
	rc = store_comp_doc_latest(c, ctx->arena, s->comp.id, &row);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (comp_parse(row.body, ctx->arena, &s->doc, perr, sizeof(perr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, perr);
		return err->status;
	}
	rc = store_comp_entries(c, ctx->arena, s->comp.id, &entries, &nentries);
	if (rc == STORE_OK)
		rc = store_comp_entrants(c, ctx->arena, s->comp.id, &members, &nmembers);
	if (rc == STORE_OK)
		rc = store_comp_marks(c, ctx->arena, event_id, &s->marks, &s->nmarks);
	if (rc == STORE_OK)
		rc = store_comp_theories(c, ctx->arena, event_id, &s->theory, &s->ntheory);
	if (rc == STORE_OK)
		rc = store_comp_times(c, ctx->arena, event_id, &s->times, &s->ntimes);
	if (rc == STORE_OK)
		rc = store_comp_locks(c, ctx->arena, event_id, &s->locks, &s->nlocks);
	if (rc == STORE_OK)
		rc = store_comp_corrections(c, ctx->arena, event_id, &s->corrections,
					    &s->ncorrections);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	s->entries = arena_alloc(ctx->arena, (nentries + 1) * sizeof(*entries));
	for (size_t i = 0; i < nentries; i++)
		if (entries[i].event_id == event_id &&
		    !strcmp(entries[i].status, "confirmed"))
			s->entries[s->nentries++] = entries[i];
	s->entrants = arena_alloc(ctx->arena, (nmembers + 1) * sizeof(*members));
	for (size_t i = 0; i < nmembers; i++)
		if (sheet_entry(s, members[i].entry_id))
			s->entrants[s->nentrants++] = members[i];
	return APP_OK;
}

enum app_status app_comp_sheet(struct app_ctx *ctx, long long event_id,
			       struct comp_sheet *out, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	enum app_status st;

	memset(out, 0, sizeof(*out));
	if (!c)
		return err->status;
	st = load_sheet(ctx, c, event_id, out, err);
	store_release(c);
	/* a judge's account sees the measurements and its own judgements;
	 * another judge's only once the aspect has its three (no judge marks
	 * knowing the others'); the organiser's staff see everything */
	if (st == APP_OK && !out->manage) {
		size_t n = 0;

		for (size_t i = 0; i < out->nmarks; i++) {
			const struct competition_mark *k = &out->marks[i];
			int three = 0;

			for (size_t j = 0; k->judge_id && k->judge_id != out->judge_id &&
					   j < out->nmarks;
			     j++)
				if (out->marks[j].entry_id == k->entry_id &&
				    out->marks[j].judge_id &&
				    !strcmp(out->marks[j].aspect, k->aspect))
					three++;
			if (!k->judge_id || k->judge_id == out->judge_id || three >= 3)
				out->marks[n++] = *k;
		}
		out->nmarks = n;
	}
	return st;
}

/* The marks of an aspect from what was entered: a measurement's marks, or
 * the three judges' 0..3 → comp_mark_judgement(). Returns 0 (marked), 1
 * (not every mark in), 2 (a spread, *r filled). */
static int aspect_marks(const struct comp_sheet *s, long long entry_id,
			const struct comp_aspect *a, int *out, struct comp_refusal *r)
{
	int m[3], n = 0;

	*out = 0;
	for (size_t i = 0; i < s->nmarks; i++) {
		const struct competition_mark *k = &s->marks[i];

		if (k->entry_id != entry_id || strcmp(k->aspect, a->code))
			continue;
		if (a->kind != COMP_ASPECT_JUDGEMENT && !k->judge_id) {
			*out = k->marks;
			return 0;
		}
		if (a->kind == COMP_ASPECT_JUDGEMENT && k->judge_id && n < 3)
			m[n++] = k->marks;
	}
	if (a->kind != COMP_ASPECT_JUDGEMENT || n < 3)
		return 1;
	return comp_mark_judgement(a, m, out, r) ? 2 : 0;
}

/* A value entered for aspect a → the marks kept (a judgement: the judge's
 * 0..3). */
static enum app_status mark_value(const struct comp_aspect *a, const char *value, int *marks,
				  struct comp_refusal *why, struct app_error *err)
{
	char *end;
	double dev;

	if (!value || !*value)
		return app_fail(err, APP_INVALID, "value", "competition.mark.required");
	switch (a->kind) {
	case COMP_ASPECT_JUDGEMENT:
		if (strlen(value) != 1 || value[0] < '0' || value[0] > '3')
			return app_fail(err, APP_INVALID, "value",
					"competition.mark.judgement");
		*marks = value[0] - '0';
		return APP_OK;
	case COMP_ASPECT_FULL:
		if (strcmp(value, "1") && strcmp(value, "0"))
			return app_fail(err, APP_INVALID, "value", "competition.mark.full");
		comp_mark_full(a, value[0] == '1', marks, why);
		return APP_OK;
	case COMP_ASPECT_BANDS:
		dev = strtod(value, &end);
		if (*end || !isfinite(dev) || comp_mark_band(a, dev, marks, why)) {
			why->key = "comp.mark.deviation";
			why->aspect = a->code;
			return app_fail(err, APP_INVALID, "value", why->key);
		}
		return APP_OK;
	}
	return app_fail(err, APP_INVALID, "aspect", "competition.mark.aspect");
}

/* The mark in checked against the sheet: the entry, the aspect and its
 * module, the judge, the value → m. */
static enum app_status check_mark_as(struct app_ctx *ctx, const struct comp_sheet *s,
				     const struct comp_mark_input *in, bool any_judge,
				     struct competition_mark *m, int *module,
				     struct comp_refusal *why, struct app_error *err)
{
	const struct comp_aspect *a;
	const struct competition_judge *j = NULL;

	memset(m, 0, sizeof(*m));
	if (!sheet_entry(s, in->entry_id))
		return app_fail(err, APP_INVALID, "entry_id", "competition.mark.entry");
	if (!(a = find_aspect(&s->doc, in->aspect, module)))
		return app_fail(err, APP_INVALID, "aspect", "competition.mark.aspect");
	if (a->kind == COMP_ASPECT_JUDGEMENT) {
		j = sheet_judge(s, in->judge_id);
		if (!j || strcmp(j->role, "judge"))
			return app_fail(err, APP_INVALID, "judge_id",
					"competition.mark.judge");
		/* one's own marks, unless the organiser enters them (or the
		 * chief judge files a correction of any judge's) */
		if (!s->manage && !any_judge && j->id != s->judge_id)
			return app_fail(err, APP_FORBIDDEN, "judge_id", "err.forbidden");
	} else if (in->judge_id) {
		return app_fail(err, APP_INVALID, "judge_id",
				"competition.mark.measurement");
	}
	if (mark_value(a, in->value, &m->marks, why, err))
		return err->status;
	m->entry_id = in->entry_id;
	m->aspect = a->code;
	m->judge_id = j ? j->id : 0;
	m->value = arena_strdup(ctx->arena, in->value);
	m->note = in->note ? in->note : "";
	return APP_OK;
}

static enum app_status check_mark(struct app_ctx *ctx, const struct comp_sheet *s,
				  const struct comp_mark_input *in,
				  struct competition_mark *m, int *module,
				  struct comp_refusal *why, struct app_error *err)
{
	return check_mark_as(ctx, s, in, false, m, module, why, err);
}

/* BEGIN, the event's row lock (marks and locks one at a time) and the
 * sheet. */
static struct store_conn *begin_sheet(struct app_ctx *ctx, long long event_id,
				      struct comp_sheet *s, struct app_error *err)
{
	struct store_conn *c;
	enum store_err rc;

	if (!ctx->actor) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	rc = store_comp_event_lock(c, event_id);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		app_abort(ctx, c, err);
		return NULL;
	}
	if (rc) {
		app_finish(ctx, c, rc, err);
		return NULL;
	}
	if (load_sheet(ctx, c, event_id, s, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	return c;
}

const struct competition_mark *app_comp_mark_of(const struct comp_sheet *s, long long entry,
						const char *aspect, long long judge)
{
	for (size_t i = 0; i < s->nmarks; i++)
		if (s->marks[i].entry_id == entry && s->marks[i].judge_id == judge &&
		    !strcmp(s->marks[i].aspect, aspect))
			return &s->marks[i];
	return NULL;
}

/* The other judges' marks of the aspect: how many. */
static int judged(const struct comp_sheet *s, long long entry, const char *aspect,
		  long long except)
{
	int n = 0;

	for (size_t i = 0; i < s->nmarks; i++)
		if (s->marks[i].entry_id == entry && s->marks[i].judge_id &&
		    s->marks[i].judge_id != except && !strcmp(s->marks[i].aspect, aspect))
			n++;
	return n;
}

/* Puts m into the sheet's marks (as it will be). */
static void sheet_put(struct app_ctx *ctx, struct comp_sheet *s,
		      const struct competition_mark *m)
{
	struct competition_mark *grown;

	for (size_t i = 0; i < s->nmarks; i++)
		if (s->marks[i].entry_id == m->entry_id &&
		    s->marks[i].judge_id == m->judge_id &&
		    !strcmp(s->marks[i].aspect, m->aspect)) {
			s->marks[i] = *m;
			return;
		}
	/* the capacity doubles: an import of thousands of marks copies them
	 * a few times, not once per mark */
	if (s->nmarks >= s->cmarks) {
		size_t cap = s->nmarks < 32 ? 64 : s->nmarks * 2;

		if (cap > SIZE_MAX / sizeof(*grown))
			arena_oom("marks", SIZE_MAX);
		grown = arena_alloc(ctx->arena, cap * sizeof(*grown));
		if (s->nmarks)
			memcpy(grown, s->marks, s->nmarks * sizeof(*grown));
		s->marks = grown;
		s->cmarks = cap;
	}
	s->marks[s->nmarks++] = *m;
}

/* The checks of a new mark against what is there: the module open, a
 * judgement's three judges, a re-mark's note. */
static enum app_status may_put(const struct comp_sheet *s, const struct competition_mark *m,
			       int module, struct app_error *err)
{
	const struct competition_mark *old;

	if (app_comp_locked(s, s->doc.modules[module].code))
		return app_fail(err, APP_CONFLICT, "value", "competition.mark.locked");
	if (!m->judge_id)
		return APP_OK;
	old = app_comp_mark_of(s, m->entry_id, m->aspect, m->judge_id);
	if (!old && judged(s, m->entry_id, m->aspect, m->judge_id) >= 3)
		return app_fail(err, APP_CONFLICT, "judge_id", "competition.mark.three");
	/* once all three are in, a change is a re-mark: with its note */
	if (old && strcmp(old->value, m->value) &&
	    judged(s, m->entry_id, m->aspect, m->judge_id) >= 2 && !*m->note)
		return app_fail(err, APP_INVALID, "note", "competition.mark.note");
	return APP_OK;
}

enum app_status app_comp_mark(struct app_ctx *ctx, long long event_id,
			      const struct comp_mark_input *in, struct comp_refusal *why,
			      struct app_error *err)
{
	struct store_conn *c;
	struct comp_sheet s;
	struct competition_mark m;
	char now[32];
	int module = 0, marks;
	enum store_err rc;

	memset(why, 0, sizeof(*why));
	if (!(c = begin_sheet(ctx, event_id, &s, err)))
		return err->status;
	if (strcmp(s.comp.status, "marking")) {
		app_fail(err, APP_INVALID, NULL, "competition.refuse.marking");
		return app_abort(ctx, c, err);
	}
	if (check_mark(ctx, &s, in, &m, &module, why, err) || may_put(&s, &m, module, err))
		return app_abort(ctx, c, err);
	/* the same value again without a note keeps the re-mark's note */
	if (!*m.note) {
		const struct competition_mark *old =
			app_comp_mark_of(&s, m.entry_id, m.aspect, m.judge_id);

		if (old && !strcmp(old->value, m.value))
			m.note = old->note;
	}
	time_now_iso(now, sizeof(now));
	m.updated_at = now;
	m.updated_by = app_actor_name(ctx);
	rc = store_comp_mark_put(c, &m);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.mark", "competition",
			       app_idtext(ctx, s.comp.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s, s:I, s:s, s:s}", "event_id",
					(json_int_t)event_id, "entry_id",
					(json_int_t)m.entry_id, "aspect", m.aspect,
					"judge_id", (json_int_t)m.judge_id, "value",
					m.value, "note", m.note));
	if (rc == STORE_OK) {
		int mod;
		const struct comp_aspect *a = find_aspect(&s.doc, m.aspect, &mod);

		sheet_put(ctx, &s, &m);
		if (aspect_marks(&s, m.entry_id, a, &marks, why) != 2)
			memset(why, 0, sizeof(*why));
	}
	return app_finish(ctx, c, rc, err);
}

/* begin_sheet(), then what an entry's theory score or time needs: the
 * organiser or the chief judge, the competition marking, entry_id one of
 * the event's entries. NULL after a refusal (err filled, nothing held). */
static struct store_conn *begin_entry_edit(struct app_ctx *ctx, long long event_id,
					   long long entry_id, struct comp_sheet *s,
					   struct app_error *err)
{
	struct store_conn *c;

	if (!(c = begin_sheet(ctx, event_id, s, err)))
		return NULL;
	if (!s->manage && !s->chief)
		app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	else if (strcmp(s->comp.status, "marking"))
		app_fail(err, APP_INVALID, NULL, "competition.refuse.marking");
	else if (!sheet_entry(s, entry_id))
		app_fail(err, APP_INVALID, "entry_id", "competition.mark.entry");
	else
		return c;
	app_abort(ctx, c, err);
	return NULL;
}

enum app_status app_comp_theory(struct app_ctx *ctx, long long event_id, long long entry_id,
				const char *score, struct app_error *err)
{
	struct store_conn *c;
	struct comp_sheet s;
	struct competition_theory t;
	char now[32];
	int v;
	enum store_err rc;

	if (!(c = begin_entry_edit(ctx, event_id, entry_id, &s, err)))
		return err->status;
	if (!parse_hundredths(score, &v) || v > 10000) {
		app_fail(err, APP_INVALID, "score", "competition.theory.invalid");
		return app_abort(ctx, c, err);
	}
	if (app_comp_locked(&s, THEORY)) {
		app_fail(err, APP_CONFLICT, "score", "competition.mark.locked");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&t, 0, sizeof(t));
	t.entry_id = entry_id;
	t.score = v;
	t.updated_at = now;
	t.updated_by = app_actor_name(ctx);
	rc = store_comp_theory_put(c, &t);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.theory", "competition",
			       app_idtext(ctx, s.comp.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s}", "event_id",
					(json_int_t)event_id, "entry_id",
					(json_int_t)entry_id, "score", score));
	return app_finish(ctx, c, rc, err);
}

bool app_comp_time_parse(const char *s, int *seconds)
{
	long long v = 0, part = 0;
	int parts = 1, digits = 0;

	if (!s || !*s)
		return false;
	for (const char *c = s; *c; c++) {
		if (*c >= '0' && *c <= '9') {
			if (++digits > 7)
				return false;
			part = part * 10 + (*c - '0');
		} else if (*c == ':' && digits && parts < 3) {
			/* after the first part: two digits, below 60 */
			if (parts > 1 && (digits != 2 || part >= 60))
				return false;
			v = v * 60 + part;
			part = 0;
			digits = 0;
			parts++;
		} else {
			return false;
		}
	}
	if (!digits || (parts > 1 && (digits != 2 || part >= 60)))
		return false;
	v = v * 60 + part;
	if (v > TIME_MAX)
		return false;
	*seconds = (int)v;
	return true;
}

/* Whether the document breaks ties by the time used. */
static bool doc_timed(const struct comp_doc *d)
{
	for (size_t i = 0; i < d->nties; i++)
		if (d->ties[i].kind == COMP_TIE_TIME)
			return true;
	return false;
}

static bool has_time(const struct comp_sheet *s, long long entry, int *seconds)
{
	for (size_t i = 0; i < s->ntimes; i++)
		if (s->times[i].entry_id == entry) {
			if (seconds)
				*seconds = s->times[i].seconds;
			return true;
		}
	return false;
}

enum app_status app_comp_time(struct app_ctx *ctx, long long event_id, long long entry_id,
			      const char *time, const char *field, struct app_error *err)
{
	struct store_conn *c;
	struct comp_sheet s;
	struct competition_time t;
	char now[32];
	int v;
	enum store_err rc;

	if (!(c = begin_entry_edit(ctx, event_id, entry_id, &s, err)))
		return err->status;
	if (!app_comp_time_parse(time, &v)) {
		app_fail(err, APP_INVALID, field, "competition.time.invalid");
		return app_abort(ctx, c, err);
	}
	if (app_comp_locked(&s, TIME)) {
		app_fail(err, APP_CONFLICT, field, "competition.mark.locked");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&t, 0, sizeof(t));
	t.entry_id = entry_id;
	t.seconds = v;
	t.updated_at = now;
	t.updated_by = app_actor_name(ctx);
	rc = store_comp_time_put(c, &t);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.time", "competition",
			       app_idtext(ctx, s.comp.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:i}", "event_id",
					(json_int_t)event_id, "entry_id",
					(json_int_t)entry_id, "seconds", v));
	return app_finish(ctx, c, rc, err);
}

static bool has_theory(const struct comp_sheet *s, long long entry, int *score)
{
	for (size_t i = 0; i < s->ntheory; i++)
		if (s->theory[i].entry_id == entry) {
			if (score)
				*score = s->theory[i].score;
			return true;
		}
	return false;
}

/* Whether module (a code or "theory") can be locked: every entry marked on
 * every aspect, no spread open. */
static enum app_status lockable(const struct comp_sheet *s, const char *module,
				struct comp_refusal *why, struct app_error *err)
{
	const struct comp_module *mod = NULL;

	if (!s->nentries)
		return app_fail(err, APP_INVALID, "module", "competition.lock.no_entries");
	if (!strcmp(module, THEORY)) {
		for (size_t e = 0; e < s->nentries; e++)
			if (!has_theory(s, s->entries[e].id, NULL))
				return app_fail(err, APP_INVALID, "module",
						"competition.lock.theory");
		return APP_OK;
	}
	if (!strcmp(module, TIME)) {
		/* only a document that breaks ties by time has times to lock */
		if (!doc_timed(&s->doc))
			return app_fail(err, APP_INVALID, "module",
					"competition.lock.untimed");
		for (size_t e = 0; e < s->nentries; e++)
			if (!has_time(s, s->entries[e].id, NULL))
				return app_fail(err, APP_INVALID, "module",
						"competition.lock.time");
		return APP_OK;
	}
	for (size_t m = 0; m < s->doc.nmodules; m++)
		if (!strcmp(s->doc.modules[m].code, module))
			mod = &s->doc.modules[m];
	if (!mod)
		return app_fail(err, APP_INVALID, "module", "competition.lock.module");
	for (size_t e = 0; e < s->nentries; e++)
		for (size_t k = 0; k < mod->naspects; k++) {
			int marks, st = aspect_marks(s, s->entries[e].id,
						     &mod->aspects[k], &marks, why);

			if (st == 2)
				return app_fail(err, APP_INVALID, "module", why->key);
			if (st == 1) {
				why->key = "competition.lock.missing";
				why->aspect = mod->aspects[k].code;
				why->n = (int)s->entries[e].id;
				return app_fail(err, APP_INVALID, "module", why->key);
			}
		}
	return APP_OK;
}

enum app_status app_comp_lock(struct app_ctx *ctx, long long event_id, const char *module,
			      struct comp_refusal *why, struct app_error *err)
{
	struct store_conn *c;
	struct comp_sheet s;
	struct competition_lock l;
	char now[32];
	enum store_err rc;

	memset(why, 0, sizeof(*why));
	if (!(c = begin_sheet(ctx, event_id, &s, err)))
		return err->status;
	if (!s.chief) {
		app_fail(err, APP_FORBIDDEN, NULL, "competition.lock.chief");
		return app_abort(ctx, c, err);
	}
	if (strcmp(s.comp.status, "marking")) {
		app_fail(err, APP_INVALID, NULL, "competition.refuse.marking");
		return app_abort(ctx, c, err);
	}
	if (!module || !*module) {
		app_fail(err, APP_INVALID, "module", "competition.lock.module");
		return app_abort(ctx, c, err);
	}
	if (app_comp_locked(&s, module)) {
		app_fail(err, APP_CONFLICT, "module", "competition.lock.already");
		return app_abort(ctx, c, err);
	}
	if (lockable(&s, module, why, err))
		return app_abort(ctx, c, err);
	time_now_iso(now, sizeof(now));
	memset(&l, 0, sizeof(l));
	l.event_id = event_id;
	l.module = module;
	l.locked_at = now;
	l.locked_by = app_actor_name(ctx);
	rc = store_comp_lock_insert(c, &l);
	if (rc == STORE_CONFLICT) {
		app_fail(err, APP_CONFLICT, "module", "competition.lock.already");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.lock", "competition",
			       app_idtext(ctx, s.comp.id), NULL,
			       app_json(ctx, "{s:I, s:s}", "event_id",
					(json_int_t)event_id, "module", module));
	return app_finish(ctx, c, rc, err);
}

/* ---- corrections after locking ---- */

enum app_status app_comp_correction_file(struct app_ctx *ctx, long long event_id,
					 const struct comp_mark_input *in, long long *id,
					 struct app_error *err)
{
	struct store_conn *c;
	struct comp_sheet s;
	struct competition_mark m;
	struct competition_correction k;
	struct comp_refusal why;
	char now[32];
	int module = 0, v;
	bool theory = in->aspect && !strcmp(in->aspect, THEORY);
	bool timed = in->aspect && !strcmp(in->aspect, TIME);
	enum store_err rc;

	*id = 0;
	memset(&why, 0, sizeof(why));
	if (!(c = begin_sheet(ctx, event_id, &s, err)))
		return err->status;
	if (!s.chief) {
		app_fail(err, APP_FORBIDDEN, NULL, "competition.lock.chief");
		return app_abort(ctx, c, err);
	}
	if (strcmp(s.comp.status, "marking") && strcmp(s.comp.status, "notice")) {
		app_fail(err, APP_INVALID, NULL, "competition.refuse.correction");
		return app_abort(ctx, c, err);
	}
	if (theory) {
		memset(&m, 0, sizeof(m));
		if (!sheet_entry(&s, in->entry_id)) {
			app_fail(err, APP_INVALID, "entry_id", "competition.mark.entry");
			return app_abort(ctx, c, err);
		}
		if (!parse_hundredths(in->value, &v) || v > 10000) {
			app_fail(err, APP_INVALID, "value", "competition.theory.invalid");
			return app_abort(ctx, c, err);
		}
		m.aspect = THEORY;
		m.value = in->value;
	} else if (timed) {
		memset(&m, 0, sizeof(m));
		if (!sheet_entry(&s, in->entry_id)) {
			app_fail(err, APP_INVALID, "entry_id", "competition.mark.entry");
			return app_abort(ctx, c, err);
		}
		if (!app_comp_time_parse(in->value, &v)) {
			app_fail(err, APP_INVALID, "value", "competition.time.invalid");
			return app_abort(ctx, c, err);
		}
		m.aspect = TIME;
		m.value = arena_printf(ctx->arena, "%d", v);
	} else if (check_mark_as(ctx, &s, in, s.chief, &m, &module, &why, err)) {
		return app_abort(ctx, c, err);
	}
	if (!app_comp_locked(&s, theory  ? THEORY
				 : timed ? TIME
					 : s.doc.modules[module].code)) {
		app_fail(err, APP_INVALID, "aspect", "competition.correction.unlocked");
		return app_abort(ctx, c, err);
	}
	if (!in->note || !*in->note) {
		app_fail(err, APP_INVALID, "reason", "competition.correction.reason");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&k, 0, sizeof(k));
	k.event_id = event_id;
	k.entry_id = in->entry_id;
	k.aspect = m.aspect;
	k.judge_id = m.judge_id;
	k.value = m.value;
	k.reason = in->note;
	k.filed_at = now;
	k.filed_by = app_actor_name(ctx);
	rc = store_comp_correction_insert(c, &k, id);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.correction", "competition",
			       app_idtext(ctx, s.comp.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:I, s:s, s:I, s:s, s:s}",
					"correction_id", (json_int_t)*id, "event_id",
					(json_int_t)event_id, "entry_id",
					(json_int_t)k.entry_id, "aspect", k.aspect,
					"judge_id", (json_int_t)k.judge_id, "value",
					k.value, "reason", k.reason));
	if (rc)
		*id = 0;
	return app_finish(ctx, c, rc, err);
}

enum app_status app_comp_correction_decide(struct app_ctx *ctx, long long id, bool approve,
					   struct comp_refusal *why, struct app_error *err)
{
	struct store_conn *c;
	struct comp_sheet s;
	struct competition_correction k;
	char now[32];
	int module = 0, marks;
	enum store_err rc;

	memset(why, 0, sizeof(*why));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	{
		struct store_conn *r = app_conn(ctx, err);

		if (!r)
			return err->status;
		rc = store_comp_correction_get(r, ctx->arena, id, &k);
		store_release(r);
		if (rc == STORE_NOT_FOUND)
			return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
		if (rc)
			return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	}
	if (!(c = begin_sheet(ctx, k.event_id, &s, err)))
		return err->status;
	if (!s.manage) {
		app_authorize(ctx, c, PERM_COMP_MANAGE, s.comp.organiser_id, err);
		return app_abort(ctx, c, err);
	}
	if (!strcmp(k.filed_by, app_actor_name(ctx))) {
		app_fail(err, APP_FORBIDDEN, NULL, "competition.correction.own");
		return app_abort(ctx, c, err);
	}
	/* the final results change no more */
	if (strcmp(s.comp.status, "marking") && strcmp(s.comp.status, "notice")) {
		app_fail(err, APP_INVALID, NULL, "competition.refuse.correction");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	rc = store_comp_correction_decide(c, id, approve ? "approved" : "refused",
					  app_actor_name(ctx), now);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, NULL, "competition.correction.decided");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK && approve && !strcmp(k.aspect, THEORY)) {
		struct competition_theory t;

		memset(&t, 0, sizeof(t));
		t.entry_id = k.entry_id;
		parse_hundredths(k.value, &t.score);
		t.updated_at = now;
		t.updated_by = app_actor_name(ctx);
		rc = store_comp_theory_put(c, &t);
	} else if (rc == STORE_OK && approve && !strcmp(k.aspect, TIME)) {
		struct competition_time t;

		memset(&t, 0, sizeof(t));
		t.entry_id = k.entry_id;
		app_comp_time_parse(k.value, &t.seconds);
		t.updated_at = now;
		t.updated_by = app_actor_name(ctx);
		rc = store_comp_time_put(c, &t);
	} else if (rc == STORE_OK && approve) {
		struct competition_mark m;
		const struct comp_aspect *a = find_aspect(&s.doc, k.aspect, &module);
		if (!a) {
			app_fail(err, APP_INVALID, "aspect", "competition.mark.aspect");
			return app_abort(ctx, c, err);
		}
		memset(&m, 0, sizeof(m));
		m.entry_id = k.entry_id;
		m.aspect = a->code;
		m.judge_id = k.judge_id;
		m.value = k.value;
		m.note = k.reason;
		m.updated_at = now;
		m.updated_by = app_actor_name(ctx);
		if (mark_value(a, k.value, &m.marks, why, err))
			return app_abort(ctx, c, err);
		sheet_put(ctx, &s, &m);
		/* a correction may not open a spread on a locked aspect */
		if (aspect_marks(&s, m.entry_id, a, &marks, why) == 2) {
			app_fail(err, APP_INVALID, NULL, why->key);
			return app_abort(ctx, c, err);
		}
		memset(why, 0, sizeof(*why));
		rc = store_comp_mark_put(c, &m);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c,
			       arena_printf(ctx->arena, "competition.correction_%s",
					    approve ? "approve" : "refuse"),
			       "competition", app_idtext(ctx, s.comp.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:s, s:s, s:s}", "correction_id",
					(json_int_t)id, "entry_id",
					(json_int_t)k.entry_id, "aspect", k.aspect,
					"value", k.value, "reason", k.reason));
	return app_finish(ctx, c, rc, err);
}

/* ---- the import of a CIS-style sheet ---- */

static const char *const import_cols[] = {"entry_id", "aspect", "value",
					  "j1",       "j2",     "j3"};
#define NCOLS 6

struct import_state {
	struct app_ctx *ctx;
	struct comp_sheet *s;
	struct comp_import_report *out;
	int lang;
	int col[NCOLS]; /* the header's index of each column; -1 */
	long long judges[3];
	struct competition_mark *marks; /* to write */
	size_t nmarks, cap;
	int col_time;                   /* the optional time column (0029); -1 */
	struct competition_time *times; /* to write, one per entry */
	size_t ntimes, ctimes;          /* used, allocated (doubles) */
};

static void problem(struct import_state *st, int row, const char *column, const char *text)
{
	struct comp_import_report *r = st->out;
	struct comp_import_problem *grown;

	if (r->nproblems >= 200)
		return;
	grown = arena_alloc(st->ctx->arena, (r->nproblems + 1) * sizeof(*grown));
	if (r->nproblems)
		memcpy(grown, r->problems, r->nproblems * sizeof(*grown));
	grown[r->nproblems].row = row;
	grown[r->nproblems].column = column;
	grown[r->nproblems].text = arena_strdup(st->ctx->arena, text);
	r->problems = grown;
	r->nproblems++;
}

static void problem_of(struct import_state *st, int row, const char *column,
		       const struct app_error *e, const struct comp_refusal *why)
{
	problem(st, row, column, comp_refusal_for(st->ctx->arena, st->lang, why, e->msg));
}

static const char *cell(const struct table_row *row, const struct import_state *st, int k)
{
	int i = st->col[k];

	return i >= 0 && (size_t)i < row->ncols ? row->cols[i] : "";
}

/* The time column of a row: the entry's time used, checked as one typed
 * on the sheet; an entry given twice must have the same time. Returns 1
 * when the entry is unknown (said once for the row). */
static int import_time(struct import_state *st, int n, long long entry_id, const char *v)
{
	const char *lang_key = NULL;
	int seconds = 0;

	if (!*v)
		return 0;
	if (!sheet_entry(st->s, entry_id)) {
		problem(st, n, "entry_id",
			tr((enum lang)st->lang, "competition.mark.entry"));
		return 1;
	}
	if (!app_comp_time_parse(v, &seconds))
		lang_key = "competition.time.invalid";
	else if (app_comp_locked(st->s, TIME))
		lang_key = "competition.mark.locked";
	for (size_t i = 0; !lang_key && i < st->ntimes; i++)
		if (st->times[i].entry_id == entry_id) {
			if (st->times[i].seconds != seconds)
				problem(st, n, TIME,
					tr((enum lang)st->lang,
					   "competition.import.time_twice"));
			return 0;
		}
	if (lang_key) {
		problem(st, n, TIME, tr((enum lang)st->lang, lang_key));
		return 0;
	}
	/* the capacity doubles, as sheet_put()'s: not a full copy per entry */
	if (st->ntimes >= st->ctimes) {
		size_t cap = st->ntimes < 16 ? 32 : st->ntimes * 2;
		struct competition_time *grown;

		if (cap > SIZE_MAX / sizeof(*grown))
			arena_oom("times", SIZE_MAX);
		grown = arena_alloc(st->ctx->arena, cap * sizeof(*grown));
		if (st->ntimes)
			memcpy(grown, st->times, st->ntimes * sizeof(*grown));
		st->times = grown;
		st->ctimes = cap;
	}
	memset(&st->times[st->ntimes], 0, sizeof(*st->times));
	st->times[st->ntimes].entry_id = entry_id;
	st->times[st->ntimes].seconds = seconds;
	st->ntimes++;
	return 0;
}

static int import_row(const struct table_row *row, void *arg)
{
	struct import_state *st = arg;
	struct app_ctx *ctx = st->ctx;
	int n = (int)row->line - 1;
	const char *entry, *aspect;
	char *end;
	long long entry_id;

	if (row->line == 1) {
		for (int k = 0; k < NCOLS; k++) {
			st->col[k] = -1;
			for (size_t i = 0; i < row->ncols; i++) {
				const char *h = str_trim_dup(ctx->arena, row->cols[i]);

				if (!strcmp(h, import_cols[k]))
					st->col[k] = (int)i;
			}
			if (st->col[k] < 0 && k < 2)
				problem(st, 0, import_cols[k],
					tr((enum lang)st->lang, "competition.import.column"));
		}
		st->col_time = -1;
		for (size_t i = 0; i < row->ncols; i++)
			if (!strcmp(str_trim_dup(ctx->arena, row->cols[i]), TIME))
				st->col_time = (int)i;
		return st->out->nproblems ? 1 : 0;
	}
	entry = str_trim_dup(ctx->arena, cell(row, st, 0));
	aspect = str_trim_dup(ctx->arena, cell(row, st, 1));
	if (!*entry && !*aspect)
		return 0;
	st->out->rows++;
	entry_id = strtoll(entry, &end, 10);
	if (!*entry || *end)
		entry_id = 0;
	if (st->col_time >= 0 && (size_t)st->col_time < row->ncols &&
	    import_time(st, n, entry_id, str_trim_dup(ctx->arena, row->cols[st->col_time])))
		return 0; /* an unknown entry: once for the row */
	for (int k = 2; k < NCOLS; k++) {
		const char *v = str_trim_dup(ctx->arena, cell(row, st, k));
		struct comp_mark_input in;
		struct competition_mark m;
		struct comp_refusal why;
		struct app_error e;
		int module = 0;

		if (!*v)
			continue;
		memset(&in, 0, sizeof(in));
		memset(&why, 0, sizeof(why));
		memset(&e, 0, sizeof(e));
		in.entry_id = entry_id;
		in.aspect = aspect;
		in.value = v;
		in.judge_id = k == 2 ? 0 : st->judges[k - 3];
		in.note = "";
		if (k > 2 && !in.judge_id) {
			problem(st, n, import_cols[k],
				tr((enum lang)st->lang, "competition.mark.judge"));
			continue;
		}
		if (check_mark(ctx, st->s, &in, &m, &module, &why, &e) ||
		    may_put(st->s, &m, module, &e)) {
			problem_of(st, n,
				   e.field && !strcmp(e.field, "entry_id") ? "entry_id"
				   : e.field && !strcmp(e.field, "aspect") ? "aspect"
									   : import_cols[k],
				   &e, &why);
			/* an unknown entry or aspect: once for the row */
			if (e.field &&
			    (!strcmp(e.field, "entry_id") || !strcmp(e.field, "aspect")))
				break;
			continue;
		}
		/* a value the sheet repeats keeps its re-mark's note */
		{
			const struct competition_mark *old =
				app_comp_mark_of(st->s, m.entry_id, m.aspect, m.judge_id);

			m.note = old && !strcmp(old->value, m.value) ? old->note : "";
		}
		sheet_put(ctx, st->s, &m);
		if (st->nmarks == st->cap) {
			size_t cap = st->cap ? st->cap * 2 : 64;
			struct competition_mark *grown =
				arena_alloc(ctx->arena, cap * sizeof(*grown));

			if (st->nmarks)
				memcpy(grown, st->marks, st->nmarks * sizeof(*grown));
			st->marks = grown;
			st->cap = cap;
		}
		st->marks[st->nmarks++] = m;
	}
	return 0;
}

enum app_status app_comp_import(struct app_ctx *ctx, long long event_id, const void *data,
				size_t len, bool commit, int lang,
				struct comp_import_report *out, struct app_error *err)
{
	struct store_conn *c;
	struct comp_sheet s;
	struct import_state st;
	char now[32];
	size_t nj = 0;
	enum store_err rc = STORE_OK;

	memset(out, 0, sizeof(*out));
	if (!(c = begin_sheet(ctx, event_id, &s, err)))
		return err->status;
	if (!s.manage) {
		app_authorize(ctx, c, PERM_COMP_MANAGE, s.comp.organiser_id, err);
		return app_abort(ctx, c, err);
	}
	if (strcmp(s.comp.status, "marking")) {
		app_fail(err, APP_INVALID, NULL, "competition.refuse.marking");
		return app_abort(ctx, c, err);
	}
	memset(&st, 0, sizeof(st));
	st.ctx = ctx;
	st.s = &s;
	st.out = out;
	st.lang = lang;
	for (size_t i = 0; i < s.njudges && nj < 3; i++)
		if (!strcmp(s.judges[i].role, "judge"))
			st.judges[nj++] = s.judges[i].id;
	if (app_import_read(ctx, NULL, data, len, import_row, &st, err))
		return app_abort(ctx, c, err);
	if (!out->rows && !out->nproblems)
		problem(&st, 0, "entry_id", tr((enum lang)lang, "competition.import.empty"));
	out->marks = (int)st.nmarks;
	/* a dry run, or problems: nothing written */
	if (!commit || out->nproblems) {
		err->status = APP_OK;
		app_abort(ctx, c, err);
		return APP_OK;
	}
	time_now_iso(now, sizeof(now));
	for (size_t i = 0; rc == STORE_OK && i < st.nmarks; i++) {
		st.marks[i].updated_at = now;
		st.marks[i].updated_by = app_actor_name(ctx);
		rc = store_comp_mark_put(c, &st.marks[i]);
	}
	for (size_t i = 0; rc == STORE_OK && i < st.ntimes; i++) {
		st.times[i].updated_at = now;
		st.times[i].updated_by = app_actor_name(ctx);
		rc = store_comp_time_put(c, &st.times[i]);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "competition.import", "competition",
			       app_idtext(ctx, s.comp.id), NULL,
			       app_json(ctx, "{s:I, s:i, s:i, s:i}", "event_id",
					(json_int_t)event_id, "rows", out->rows, "marks",
					out->marks, "times", (int)st.ntimes));
	out->committed = rc == STORE_OK;
	return app_finish(ctx, c, rc, err);
}

/* ---- results ---- */

/* Whether every module and the theory of the sheet are locked, and the
 * time when the document breaks ties by it and a time has been entered (an
 * event without confirmed entries has none to lock); the first open one's
 * code into *open. */
static bool all_locked(const struct comp_sheet *s, const char **open)
{
	if (!s->nentries)
		return true; /* nothing to mark, no results */
	for (size_t m = 0; m < s->doc.nmodules; m++)
		if (!app_comp_locked(s, s->doc.modules[m].code)) {
			*open = s->doc.modules[m].code;
			return false;
		}
	if (s->doc.theory_weight && !app_comp_locked(s, THEORY)) {
		*open = THEORY;
		return false;
	}
	/* a time entered counts only once locked: a timed document with any
	 * time entered waits for the lock (none entered: ties stay ties) */
	if (doc_timed(&s->doc) && s->ntimes && !app_comp_locked(s, TIME)) {
		*open = TIME;
		return false;
	}
	return true;
}

enum app_status app_comp_all_locked(struct app_ctx *ctx, struct store_conn *c,
				    long long competition_id, struct app_error *err)
{
	struct competition_event *events;
	size_t n = 0;
	enum store_err rc = store_comp_events(c, ctx->arena, competition_id, &events, &n);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	for (size_t i = 0; i < n; i++) {
		struct comp_sheet s;
		const char *open = NULL;

		if (load_sheet(ctx, c, events[i].id, &s, err))
			return err->status;
		if (!all_locked(&s, &open)) {
			app_fail(err, APP_INVALID, "action", "competition.refuse.unlocked");
			err->detail = open;
			return err->status;
		}
	}
	return APP_OK;
}

static int by_place(const void *a, const void *b)
{
	const struct comp_result *x = a, *y = b;

	if (x->event_id != y->event_id)
		return x->event_id < y->event_id ? -1 : 1;
	if (x->place != y->place)
		return x->place < y->place ? -1 : 1;
	return x->entry_id < y->entry_id ? -1 : x->entry_id > y->entry_id;
}

/* The results of one event's sheet into rows (appended at *n). */
static void event_results(struct app_ctx *ctx, const struct comp_sheet *s, bool masked,
			  struct comp_result *rows, size_t *n)
{
	struct comp_entry *ce = arena_alloc(ctx->arena, (s->nentries + 1) * sizeof(*ce));
	size_t first = *n;
	int g = comp_group_parse(s->event.grp);

	for (size_t e = 0; e < s->nentries; e++) {
		struct comp_result *r = &rows[*n];
		struct comp_refusal why;
		struct buf names;
		int theory = 0;

		buf_init(&names, 0);
		memset(r, 0, sizeof(*r));
		r->entry_id = s->entries[e].id;
		r->event_id = s->event.id;
		r->institution = s->entries[e].institution_name;
		r->institution_id = s->entries[e].institution_id;
		/* a time breaks ties once the chief judge has locked the times */
		r->seconds = -1;
		if (app_comp_locked(s, TIME))
			has_time(s, r->entry_id, &r->seconds);
		r->group = g < 0 ? COMP_GROUP_EMPLOYEE : (enum comp_group)g;
		for (size_t m = 0; m < s->nentrants; m++) {
			char mask[128];

			if (s->entrants[m].entry_id != r->entry_id)
				continue;
			if (names.len)
				buf_puts(&names, "、");
			if (masked) {
				name_mask(s->entrants[m].name, mask, sizeof(mask));
				buf_puts(&names, mask);
			} else {
				buf_puts(&names, s->entrants[m].name);
			}
		}
		buf_putc(&names, '\0');
		r->names = arena_strdup(ctx->arena, names.data ? names.data : "");
		buf_release(&names);
		for (size_t m = 0; m < s->doc.nmodules && m < COMP_MAX_MODULES; m++)
			for (size_t k = 0; k < s->doc.modules[m].naspects; k++) {
				int marks = 0;

				memset(&why, 0, sizeof(why));
				aspect_marks(s, r->entry_id,
					     &s->doc.modules[m].aspects[k], &marks, &why);
				r->modules[m] += marks;
			}
		has_theory(s, r->entry_id, &theory);
		memset(&why, 0, sizeof(why));
		comp_total(&s->doc, r->modules, theory, &r->total, &why);
		ce[e].group = r->group;
		ce[e].total = r->total.total;
		ce[e].practical = r->total.practical;
		ce[e].theory = r->total.theory;
		ce[e].modules = r->modules;
		ce[e].seconds = r->seconds < 0 ? 0 : r->seconds;
		(*n)++;
	}
	comp_rank(&s->doc, ce, s->nentries);
	comp_standardise(&s->doc, ce, s->nentries);
	for (size_t e = 0; e < s->nentries; e++) {
		struct comp_result *r = &rows[first + e];

		r->place = ce[e].place;
		r->standard = ce[e].standard;
		r->entrants = (int)s->nentries;
		r->award = comp_award_for(&s->doc, r->place, r->entrants);
		r->titles = comp_titles_for(&s->doc, r->place);
		r->squad = comp_squad_for(&s->doc, r->place);
	}
}

/* Every event's sheet of competition id, on c (the actor organising it:
 * the sheets are read as the organiser's, and the public's copy masked). */
static enum app_status results_on(struct app_ctx *ctx, struct store_conn *c, long long id,
				  struct comp_results *out, struct comp_sheet **sheets,
				  struct app_error *err)
{
	const struct actor *who = ctx->actor;
	bool published;
	size_t total = 0;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	rc = store_comp_get(c, ctx->arena, id, &out->comp);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	if (rc == STORE_OK)
		rc = store_comp_events(c, ctx->arena, id, &out->events, &out->nevents);
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	out->manage = may_manage(ctx, c, out->comp.organiser_id);
	published = !strcmp(out->comp.status, "notice") ||
		    !strcmp(out->comp.status, "final");
	if (!out->manage && !published)
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	/* the sheets as the system reads them: the public has no judge */
	ctx->actor = &app_system_actor;
	*sheets = arena_alloc(ctx->arena, (out->nevents + 1) * sizeof(**sheets));
	for (size_t i = 0; i < out->nevents; i++) {
		const char *open = NULL;

		if (load_sheet(ctx, c, out->events[i].id, &(*sheets)[i], err)) {
			ctx->actor = who;
			return err->status;
		}
		if (!all_locked(&(*sheets)[i], &open)) {
			ctx->actor = who;
			app_fail(err, APP_INVALID, NULL, "competition.refuse.unlocked");
			err->detail = open;
			return err->status;
		}
		total += (*sheets)[i].nentries;
		if (i == 0)
			out->doc = (*sheets)[i].doc;
	}
	ctx->actor = who;
	out->rows = arena_alloc(ctx->arena, (total + 1) * sizeof(*out->rows));
	for (size_t i = 0; i < out->nevents; i++)
		event_results(ctx, &(*sheets)[i], !out->manage, out->rows, &out->nrows);
	qsort(out->rows, out->nrows, sizeof(*out->rows), by_place);
	if (out->manage &&
	    (rc = store_comp_appeals(c, ctx->arena, id, &out->appeals, &out->nappeals)))
		return app_store_fail(ctx, c, rc, err);
	return APP_OK;
}

enum app_status app_comp_results_on(struct app_ctx *ctx, struct store_conn *c,
				    long long id, struct comp_results *out,
				    struct comp_sheet **sheets, struct app_error *err)
{
	return results_on(ctx, c, id, out, sheets, err);
}

enum app_status app_comp_results(struct app_ctx *ctx, long long id,
				 struct comp_results *out, struct app_error *err)
{
	struct store_conn *c = app_conn(ctx, err);
	struct comp_sheet *sheets;
	enum app_status st;

	memset(out, 0, sizeof(*out));
	if (!c)
		return err->status;
	st = results_on(ctx, c, id, out, &sheets, err);
	store_release(c);
	return st;
}

/* ---- promotions for review ---- */

/* The promotions of competition id computed on c (app/internal.h). */
enum app_status comp_promotions_on(struct app_ctx *ctx, struct store_conn *c,
				   long long id, struct comp_promo_row **rows, size_t *n,
				   struct app_error *err)
{
	struct comp_results res;
	struct comp_sheet *sheets;
	size_t cap = 0;
	enum store_err rc = STORE_OK;

	*rows = NULL;
	*n = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	/* the organiser's only: asked before anything is computed */
	rc = store_comp_get(c, ctx->arena, id, &res.comp);
	if (rc == STORE_NOT_FOUND)
		app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	else if (rc)
		app_store_fail(ctx, c, rc, err);
	if (rc || app_authorize(ctx, c, PERM_COMP_MANAGE, res.comp.organiser_id, err) ||
	    results_on(ctx, c, id, &res, &sheets, err))
		return err->status;
	for (size_t e = 0; e < res.nevents; e++)
		cap += sheets[e].nentrants;
	*rows = arena_alloc(ctx->arena, (cap + 1) * sizeof(**rows));
	for (size_t i = 0; rc == STORE_OK && i < res.nrows; i++) {
		const struct comp_result *r = &res.rows[i];
		const struct comp_sheet *s = NULL;

		for (size_t e = 0; e < res.nevents; e++)
			if (sheets[e].event.id == r->event_id)
				s = &sheets[e];
		for (size_t m = 0; s && rc == STORE_OK && m < s->nentrants; m++) {
			struct comp_promo_row *p;
			struct certificate *certs = NULL;
			struct cert_candidate who;
			size_t ncerts = 0;

			if (s->entrants[m].entry_id != r->entry_id)
				continue;
			p = &(*rows)[(*n)++];
			memset(p, 0, sizeof(*p));
			p->entry_id = r->entry_id;
			p->event_id = r->event_id;
			p->person_id = s->entrants[m].person_id;
			p->name = s->entrants[m].name;
			p->occupation_code = s->event.occupation_code;
			p->group = r->group;
			p->award = r->award;
			p->place = r->place;
			p->entrants = r->entrants;
			p->total = r->total.total;
			/* the person's certificates by the ID number, as the
			 * subsidy reads them: imported legacy records carry
			 * no person id */
			rc = store_comp_promote_holder(c, ctx->arena, p->person_id, &who);
			if (rc == STORE_OK)
				rc = store_cert_by_holder(c, ctx->arena, who.id_type,
							  who.id_blind, &certs, &ncerts);
			/* the current level: the best valid certificate of the
			 * event's occupation (levels count down) that is a skill
			 * level — a 职业技能等级证书, or a legacy 职业资格证书
			 * (its five levels are the same rungs, domain.md §3.1,
			 * §2.2) — not an industry or award certificate; but
			 * for this competition's own promotions
			 * (app/competition_promote.c) */
			for (size_t k = 0; rc == STORE_OK && k < ncerts; k++)
				if (!strcmp(certs[k].status, "valid") &&
				    (!strcmp(certs[k].line, "skill") ||
				     !strcmp(certs[k].line, "legacy")) &&
				    certs[k].competition_id != id &&
				    !strcmp(certs[k].occupation_code, p->occupation_code) &&
				    certs[k].level >= 1 && certs[k].level <= 5 &&
				    (!p->current || certs[k].level < p->current))
					p->current = certs[k].level;
			p->promo = comp_promote(&s->doc, p->group, p->award, p->place,
						p->entrants, p->current);
		}
	}
	return rc ? app_store_fail(ctx, c, rc, err) : APP_OK;
}

enum app_status app_comp_promotions(struct app_ctx *ctx, long long id,
				    struct comp_promo_row **rows, size_t *n,
				    struct app_error *err)
{
	struct store_conn *c;
	enum app_status st;

	*rows = NULL;
	*n = 0;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	st = comp_promotions_on(ctx, c, id, rows, n, err);
	/* each row's decision (app/competition_promote.c) */
	if (st == APP_OK)
		st = comp_promotions_decisions(ctx, c, id, *rows, *n, err);
	store_release(c);
	return st;
}

/* ---- the results notice's appeals ---- */

enum app_status app_comp_appeal_file(struct app_ctx *ctx, long long id, const char *name,
				     const char *contact, const char *body,
				     long long *appeal_id, struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	struct competition_appeal p;
	struct appeal_gate g;
	char now[32];
	enum store_err rc;

	*appeal_id = 0;
	if (app_appeal_begin(ctx, name, contact, body, &c, &g, err))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_comp_get(c, ctx->arena, id, &x);
	if (rc == STORE_OK && !strcmp(x.status, "draft"))
		rc = STORE_NOT_FOUND;
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (app_appeal_open(ctx, c, !strcmp(x.status, "notice"), x.notice_end, err))
		return err->status;
	memset(&p, 0, sizeof(p));
	p.competition_id = id;
	p.name = name;
	p.contact = contact;
	p.body = body;
	p.created_at = now;
	rc = store_comp_appeal_insert(c, &p, appeal_id);
	return app_appeal_end(ctx, c, "competition.appeal", "competition", id, &g, rc,
			      appeal_id, err);
}

enum app_status app_comp_appeal_resolve(struct app_ctx *ctx, long long id,
					long long appeal_id, const char *resolution,
					struct app_error *err)
{
	struct store_conn *c;
	struct competition x;
	char now[32];
	enum store_err rc;

	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if ((rc = store_comp_get(c, ctx->arena, id, &x)))
		return app_finish(ctx, c, rc, err);
	if (app_appeal_resolving(ctx, c, PERM_COMP_MANAGE, x.organiser_id, resolution, err))
		return err->status;
	time_now_iso(now, sizeof(now));
	rc = store_comp_appeal_resolve(c, id, appeal_id, resolution, app_actor_name(ctx),
				       now);
	return app_appeal_resolved(ctx, c, "competition.appeal_resolve", "competition",
				   id, rc, appeal_id, resolution, err);
}

/* The results notice's window, for app_comp_act: from today, NOTICE_DAYS
 * days with the first counted (the assessments' notice when no standard's
 * level gives its own number). */
void app_comp_notice_window(char start[11], char end[11])
{
	time_today(start, 11);
	date_add_days(start, NOTICE_DAYS - 1, end);
}
