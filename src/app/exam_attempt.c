/*
 * exam_attempt.c - the online exam (issue 19, docs/exams.md): a sealed
 * paper's sitting opened at its start time; candidates signing in with
 * their admission ticket's claim code, each answering their own form of
 * the paper with every answer saved as it is given; the proctor's roster,
 * more time for one candidate with its reason, and closing; marking into
 * the theory component of the score sheet, locked; the answer record kept
 * for appeals and the items' statistics from the marked attempts.
 *
 * A candidate holds nothing but an attempt token (only its hash is kept):
 * every candidate call is answered from the attempt it names, and the
 * items are read only once the sitting has started.
 */
#include <jansson.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/i18n.h"
#include "core/standard.h"
#include "services/secret.h"

/* Seconds a save or a hand-in may arrive after the deadline (the network
 * between the last click and the server). */
#define EXAM_GRACE_S 15
#define EXAM_REASON_MAX 500

static bool blank(const char *s)
{
	for (; s && *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return false;
	return true;
}

/* ---- time ---- */

/* An attempt's deadline: the sitting's start + minutes + time granted. */
static int64_t deadline_of(const struct exam_attempt_row *a)
{
	int64_t t = time_parse_iso(a->starts_at);

	return t < 0 ? 0 : t + (int64_t)(a->minutes + a->extra_minutes) * 60;
}

static const char *iso_of(struct app_ctx *ctx, int64_t t)
{
	char s[32];

	time_iso(t, s, sizeof(s));
	return arena_strdup(ctx->arena, s);
}

/* ---- the candidate's form ---- */

/* The paper of the attempt as core/exam.h has it and the candidate's form
 * of it, in the arena. */
struct form {
	struct exam_paper *paper;
	struct exam_form *f;
	struct exam_paper_item_row *rows;
	size_t nrows;
};

static enum app_status load_form(struct app_ctx *ctx, struct store_conn *c,
				 long long paper_id, const char *seed, struct form *out,
				 struct app_error *err)
{
	struct exam_paper_row p;
	enum store_err rc = store_exam_paper_get(c, ctx->arena, paper_id, &p);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	out->paper = arena_alloc(ctx->arena, sizeof(*out->paper));
	out->f = arena_alloc(ctx->arena, sizeof(*out->f));
	if (!out->paper || !out->f)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (app_paper_build(ctx, c, &p, &out->rows, &out->nrows, out->paper, err))
		return err->status;
	exam_form_order(out->paper, strtoull(seed, NULL, 10), out->f);
	return APP_OK;
}

/*
 * What a save needs of a sealed paper: its seed and each item's kind and
 * option count, kept for the last few papers saved to (by the app, the
 * paper and its digest: a sealed paper never changes), so that a save
 * reads one attempt row, not the paper's items. The form is then drawn
 * from it as from the whole paper.
 */
struct shape {
	const struct app *app;
	long long paper_id;
	char digest[65];
	uint64_t seed;
	size_t n;
	uint8_t kind[EXAM_MAX_ITEMS], nopt[EXAM_MAX_ITEMS];
};
#define SHAPES 8
static struct shape shapes[SHAPES];
static unsigned shapes_next;
static pthread_mutex_t shapes_mu = PTHREAD_MUTEX_INITIALIZER;

static bool shape_find(const struct app *app, const struct exam_attempt_row *a,
		       struct shape *out)
{
	bool found = false;

	pthread_mutex_lock(&shapes_mu);
	for (int i = 0; i < SHAPES && !found; i++)
		if (shapes[i].app == app && shapes[i].paper_id == a->paper_id &&
		    !strcmp(shapes[i].digest, a->paper_digest ? a->paper_digest : "")) {
			*out = shapes[i];
			found = true;
		}
	pthread_mutex_unlock(&shapes_mu);
	return found;
}

static void shape_keep(const struct app *app, const struct exam_attempt_row *a,
		       const struct exam_paper *p, struct shape *out)
{
	memset(out, 0, sizeof(*out));
	out->app = app;
	out->paper_id = a->paper_id;
	snprintf(out->digest, sizeof(out->digest), "%s",
		 a->paper_digest ? a->paper_digest : "");
	out->seed = p->seed;
	out->n = p->n;
	for (size_t i = 0; i < p->n; i++) {
		out->kind[i] = (uint8_t)p->items[i].item->kind;
		out->nopt[i] = (uint8_t)p->items[i].item->noptions;
	}
	if (!*out->digest) /* not sealed: never kept */
		return;
	pthread_mutex_lock(&shapes_mu);
	shapes[shapes_next++ % SHAPES] = *out;
	pthread_mutex_unlock(&shapes_mu);
}

/* The candidate's form from the paper's shape (read through the cache). */
static enum app_status form_of(struct app_ctx *ctx, struct store_conn *c,
			       const struct exam_attempt_row *a, struct exam_form *f,
			       uint8_t kind[EXAM_MAX_ITEMS], struct app_error *err)
{
	struct shape *sh = arena_alloc(ctx->arena, sizeof(*sh));
	struct exam_paper *p = arena_alloc(ctx->arena, sizeof(*p));
	struct item *its;

	if (!sh || !p)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (!shape_find(ctx->app, a, sh)) {
		struct form fm;

		if (load_form(ctx, c, a->paper_id, a->seed, &fm, err))
			return err->status;
		shape_keep(ctx->app, a, fm.paper, sh);
	}
	its = arena_alloc(ctx->arena, (sh->n + 1) * sizeof(*its));
	if (!its)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	memset(p, 0, sizeof(*p));
	p->seed = sh->seed;
	p->n = sh->n;
	for (size_t i = 0; i < sh->n; i++) {
		memset(&its[i], 0, sizeof(its[i]));
		its[i].kind = (enum item_kind)sh->kind[i];
		its[i].noptions = sh->nopt[i];
		p->items[i].item = &its[i];
		kind[i] = sh->kind[i];
	}
	exam_form_order(p, strtoull(a->seed, NULL, 10), f);
	return APP_OK;
}

/* Letters as shown ("CA") into a bit set over the shown options; -1 when
 * a letter is not one of the nopt options, repeats, or the kind takes
 * one letter and more are given. */
static long shown_bits(const char *s, int nopt, enum item_kind kind)
{
	unsigned bits = 0;
	int count = 0;

	for (; *s; s++) {
		int k;

		if (*s >= 'a' && *s <= 'h')
			k = *s - 'a';
		else if (*s >= 'A' && *s <= 'H')
			k = *s - 'A';
		else if (*s == ',' || *s == ' ')
			continue;
		else
			return -1;
		if (k >= nopt || (bits & (1u << k)))
			return -1;
		bits |= 1u << k;
		count++;
	}
	if (kind != ITEM_MULTI && count > 1)
		return -1;
	return (long)bits;
}

static void letters_of(unsigned bits, char *out)
{
	int k = 0;

	for (int j = 0; j < ITEM_MAX_OPTIONS; j++)
		if (bits & (1u << j))
			out[k++] = (char)('A' + j);
	out[k] = '\0';
}

/* The saved answers as shown bits per shown position (0 unanswered). */
static enum app_status answers_of(struct app_ctx *ctx, struct store_conn *c,
				  long long attempt_id, const struct form *fm,
				  unsigned *shown, const char **text, struct app_error *err)
{
	struct exam_answer_row *rows;
	size_t n;
	enum store_err rc = store_exam_answers(c, ctx->arena, attempt_id, &rows, &n);

	if (rc)
		return app_store_fail(ctx, c, rc, err);
	for (size_t s = 0; s < fm->f->n; s++) {
		shown[s] = 0;
		if (text)
			text[s] = "";
	}
	for (size_t i = 0; i < n; i++) {
		size_t s = (size_t)rows[i].position - 1;
		long b;

		if (rows[i].position < 1 || s >= fm->f->n)
			continue;
		b = shown_bits(rows[i].answer, fm->f->noptions[fm->f->order[s]],
			       fm->paper->items[fm->f->order[s]].item->kind);
		shown[s] = b < 0 ? 0 : (unsigned)b;
		if (text)
			text[s] = rows[i].answer;
	}
	return APP_OK;
}

/* ---- finishing and marking ---- */

/* The marked total into the theory component of the score sheet, locked,
 * when the plan is in progress, its level has a theory exam and the
 * component is not locked already; what happened into a->marked_into. */
static enum store_err mark_into_sheet(struct app_ctx *ctx, struct store_conn *c,
				      struct exam_attempt_row *a, const char *now)
{
	struct plan p;
	struct standard s;
	struct component_row m;
	struct score_row row;
	struct app_error probe;
	bool inserted = false;
	const char *theory = std_component_name(STD_THEORY);
	enum store_err rc = store_plan_get(c, ctx->arena, a->plan_id, &p);

	if (rc)
		return rc;
	if (plan_status_parse(p.status) != PLAN_IN_PROGRESS) {
		a->marked_into = "plan_status";
		return STORE_OK;
	}
	memset(&probe, 0, sizeof(probe));
	if (app_standard_load(ctx, c, p.standard_id, &s, &probe) ||
	    !std_level_has(standard_level(&s, p.level), STD_THEORY)) {
		a->marked_into = "no_theory";
		return STORE_OK;
	}
	memset(&m, 0, sizeof(m));
	m.enrolment_id = a->enrolment_id;
	m.component = theory;
	m.status = "present";
	m.reason = "";
	m.tenths = a->tenths;
	m.moderation_note = "";
	m.submitted_by = app_actor_name(ctx);
	m.submitted_at = now;
	/* locked already (typed in and submitted): left as it is */
	rc = store_component_put_new(c, &m, &inserted);
	if (rc || !inserted) {
		a->marked_into = rc ? "" : "locked";
		return rc;
	}
	memset(&row, 0, sizeof(row));
	row.enrolment_id = a->enrolment_id;
	row.component = theory;
	row.assessor_id = 0;
	row.tenths = a->tenths;
	row.status = "present";
	row.reason = "";
	row.entered_by = app_actor_name(ctx);
	row.entered_at = now;
	rc = store_score_put(c, &row);
	a->marked_into = rc == STORE_OK ? theory : "";
	return rc;
}

/* Finishes an attempt in progress as status ("submitted" or "timed_out"),
 * marks it (what each item scored kept in exam_mark) and puts the total
 * into the score sheet; audited. On c, inside the caller's transaction. */
static enum app_status finish(struct app_ctx *ctx, struct store_conn *c,
			      struct exam_attempt_row *a, const char *status,
			      const char *now, struct app_error *err)
{
	struct form fm;
	unsigned *shown, *orig;
	bool *right;
	enum store_err rc;
	size_t nright;
	bool handed = !strcmp(status, "submitted");

	/* the attempt's row first: of two finishing it at once (a hand-in and
	 * the proctor's close) the second waits and finds it done, and a save
	 * either came before (its answer is read below) or finds it done */
	rc = store_exam_attempt_end(c, a->id, status, now);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_CONFLICT, NULL, "err.exam.finished");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	if (load_form(ctx, c, a->paper_id, a->seed, &fm, err))
		return err->status;
	shown = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*shown));
	orig = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*orig));
	right = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*right));
	if (!shown || !orig || !right)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	if (answers_of(ctx, c, a->id, &fm, shown, NULL, err))
		return err->status;
	exam_form_answers(fm.f, shown, orig);
	nright = exam_mark(fm.paper, orig, &a->tenths, right);
	a->nright = (int)nright;
	a->status = status;
	a->finished_at = arena_strdup(ctx->arena, now);
	a->marked_into = "";
	{
		struct exam_mark_row *m = arena_alloc(ctx->arena,
						      (fm.nrows + 1) * sizeof(*m));

		for (size_t i = 0; m && i < fm.nrows; i++) {
			m[i].position = fm.rows[i].position;
			m[i].item_id = fm.rows[i].x.id;
			m[i].score = fm.rows[i].score;
			m[i].right = right[i];
		}
		rc = m ? store_exam_marks_put(c, ctx->arena, a->id, m, fm.nrows)
		       : STORE_ERROR;
	}
	if (rc == STORE_OK)
		rc = mark_into_sheet(ctx, c, a, now);
	if (rc == STORE_OK)
		rc = store_exam_attempt_marked(c, a);
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, handed ? "exam.submit" : "exam.time_out",
			       "exam_attempt", app_idtext(ctx, a->id), NULL,
			       app_json(ctx, "{s:I, s:I, s:I, s:s, s:i, s:i, s:s}",
					"paper_id", (json_int_t)a->paper_id, "plan_id",
					(json_int_t)a->plan_id, "enrolment_id",
					(json_int_t)a->enrolment_id, "status", status,
					"tenths", a->tenths, "nright", a->nright,
					"marked_into", a->marked_into));
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return APP_OK;
}

/* ---- the candidate ---- */

/* The candidate's actor for the audit trail: "exam:<attempt id>". */
static void as_candidate(struct app_ctx *ctx, struct actor *who, long long attempt_id)
{
	memset(who, 0, sizeof(*who));
	who->username = arena_printf(ctx->arena, "exam:%lld", attempt_id);
	ctx->actor = who;
}

/* The attempt the token names, on c (in a transaction). */
static enum app_status by_token(struct app_ctx *ctx, struct store_conn *c, const char *token,
				struct exam_attempt_row *a, struct app_error *err)
{
	char hash[SECRET_DIGEST_HEX];
	enum store_err rc;

	if (!token || strlen(token) < 32 || strlen(token) > 64)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.exam.token");
	secret_digest(token, strlen(token), hash);
	rc = store_exam_attempt_by_token(c, ctx->arena, hash, a);
	if (rc == STORE_NOT_FOUND)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.exam.token");
	if (rc)
		return app_store_fail(ctx, c, rc, err);
	return APP_OK;
}

/* The plan's paper whose sitting is open (starts_at set, not closed):
 * *open, or *closed_one when only a closed one. */
static enum store_err open_paper(struct app_ctx *ctx, struct store_conn *c,
				 long long plan_id, struct exam_paper_row **open,
				 bool *closed_one)
{
	struct exam_paper_row *ps;
	size_t n;
	enum store_err rc = store_exam_papers(c, ctx->arena, plan_id, &ps, &n);

	*open = NULL;
	*closed_one = false;
	bool waiting = false;

	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		if (*ps[i].starts_at && !*ps[i].closed_at)
			*open = &ps[i];
		else if (*ps[i].closed_at)
			*closed_one = true;
		else
			waiting = true; /* another paper to come */
	}
	if (waiting)
		*closed_one = false;
	return rc;
}

/* Starts or resumes the attempt of the enrolment at its plan's open paper,
 * on c (in a transaction), and ends the transaction. */
static enum app_status sign_in(struct app_ctx *ctx, struct store_conn *c,
			       long long enrolment_id, long long plan_id,
			       const char *with, char token[APP_EXAM_TOKEN_MAX],
			       long long *attempt_id, struct app_error *err)
{
	struct exam_paper_row *p;
	struct exam_attempt_row a;
	struct actor who;
	const struct actor *was = ctx->actor;
	char thash[SECRET_DIGEST_HEX], tok[SECRET_TOKEN_MAX];
	char now[32];
	bool closed_one, resumed = false;
	enum store_err rc;
	int64_t t, start;

	/* the plan's papers' rows: an open or a close takes its turn */
	rc = store_exam_paper_lock(c, plan_id, 0);
	if (rc == STORE_OK)
		rc = open_paper(ctx, c, plan_id, &p, &closed_one);
	if (rc)
		return app_finish(ctx, c, rc, err);
	t = time_now();
	time_iso(t, now, sizeof(now));
	if (!p) {
		app_fail(err, APP_CONFLICT, NULL,
			 closed_one ? "err.exam.over" : "err.exam.not_started");
		return app_abort(ctx, c, err);
	}
	start = time_parse_iso(p->starts_at);
	if (t < start) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.not_started");
		err->detail = p->starts_at;
		return app_abort(ctx, c, err);
	}
	secret_token_new("", tok);
	secret_digest(tok, strlen(tok), thash);
	rc = store_exam_attempt_of(c, ctx->arena, p->id, enrolment_id, &a);
	if (rc == STORE_OK) {
		if (strcmp(a.status, "in_progress")) {
			app_fail(err, APP_CONFLICT, NULL, "err.exam.finished");
			return app_abort(ctx, c, err);
		}
		resumed = true;
		rc = store_exam_attempt_token(c, a.id, thash);
	} else if (rc == STORE_NOT_FOUND) {
		if (t >= start + (int64_t)p->minutes * 60) {
			app_fail(err, APP_CONFLICT, NULL, "err.exam.over");
			return app_abort(ctx, c, err);
		}
		memset(&a, 0, sizeof(a));
		a.paper_id = p->id;
		a.enrolment_id = enrolment_id;
		a.seed = arena_printf(ctx->arena, "%llu",
				      (unsigned long long)secret_random_u64());
		a.started_at = now;
		/* the same code twice at once: one of them is refused (409) */
		rc = store_exam_attempt_insert(c, &a, thash, &a.id);
	}
	if (rc == STORE_OK) {
		if (!was || !was->person_id)
			as_candidate(ctx, &who, a.id);
		rc = app_audit(ctx, c, "exam.sign_in", "exam_attempt",
			       app_idtext(ctx, a.id), NULL,
			       app_json(ctx, "{s:I, s:I, s:I, s:b, s:s}", "paper_id",
					(json_int_t)p->id, "plan_id", (json_int_t)plan_id,
					"enrolment_id", (json_int_t)enrolment_id,
					"resumed", resumed, "with", with));
		ctx->actor = was;
	}
	if (app_finish(ctx, c, rc, err))
		return err->status;
	snprintf(token, APP_EXAM_TOKEN_MAX, "%s", tok);
	*attempt_id = a.id;
	return APP_OK;
}

enum app_status app_exam_sign_in(struct app_ctx *ctx, const char *code,
				 char token[APP_EXAM_TOKEN_MAX], long long *attempt_id,
				 struct app_error *err)
{
	struct store_conn *c;
	char hash[SECRET_DIGEST_HEX];
	long long enrolment_id, plan_id;
	enum store_err rc;

	token[0] = '\0';
	*attempt_id = 0;
	if (!code || !*code)
		return app_fail(err, APP_INVALID, "code", "err.exam.code_required");
	if (strlen(code) > 64)
		return app_fail(err, APP_NOT_FOUND, "code", "err.exam.code_unknown");
	app_claim_code_hash(code, hash);
	/* a code that names nobody is answered from a read, so that guessing
	 * (79 random bits: hopeless) never holds the write lock */
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_claim_code_enrolment(c, hash, &enrolment_id, &plan_id);
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, "code", "err.exam.code_unknown");
	}
	if (rc || app_tx(ctx, c, err)) {
		if (rc)
			return app_read_done(ctx, c, rc, err);
		return err->status;
	}
	return sign_in(ctx, c, enrolment_id, plan_id, "claim_code", token, attempt_id, err);
}

enum app_status app_exam_sign_in_mine(struct app_ctx *ctx, char token[APP_EXAM_TOKEN_MAX],
				      long long *attempt_id, struct app_error *err)
{
	struct store_conn *c;
	long long enrolment_id, plan_id;
	enum store_err rc;

	token[0] = '\0';
	*attempt_id = 0;
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!ctx->actor->person_id)
		return app_fail(err, APP_INVALID, "code", "err.exam.code_required");
	if (!(c = app_begin(ctx, err)))
		return err->status;
	rc = store_exam_enrolment_of_person(c, ctx->actor->person_id, &enrolment_id,
					    &plan_id);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.none_open");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	return sign_in(ctx, c, enrolment_id, plan_id, "account", token, attempt_id, err);
}

/* Begins a candidate's call: the transaction, the attempt (ctx->actor its
 * candidate while the call lasts), and, when its time is up, the attempt
 * finished as timed_out (*timed_out). */
static struct store_conn *candidate_begin(struct app_ctx *ctx, const char *token,
					  struct exam_attempt_row *a, struct actor *who,
					  bool *timed_out, struct app_error *err)
{
	struct store_conn *c;
	char now[32];

	*timed_out = false;
	if (!token || !*token) {
		app_fail(err, APP_UNAUTHENTICATED, NULL, "err.exam.token");
		return NULL;
	}
	if (!(c = app_begin(ctx, err)))
		return NULL;
	if (by_token(ctx, c, token, a, err)) {
		app_abort(ctx, c, err);
		return NULL;
	}
	as_candidate(ctx, who, a->id);
	if (!strcmp(a->status, "in_progress") && time_now() > deadline_of(a) + EXAM_GRACE_S) {
		time_now_iso(now, sizeof(now));
		if (finish(ctx, c, a, "timed_out", now, err) == APP_OK) {
			*timed_out = true;
		} else if (err->status == APP_CONFLICT &&
			   store_exam_attempt_get(c, ctx->arena, a->id, a) == STORE_OK) {
			/* finished meanwhile by someone else (the proctor's close):
			 * nothing written here, carry on with it as it is */
		} else {
			app_abort(ctx, c, err);
			return NULL;
		}
	}
	return c;
}

enum app_status app_exam_view(struct app_ctx *ctx, const char *token,
			      struct exam_view *out, struct app_error *err)
{
	const struct actor *was = ctx->actor;
	struct actor who;
	struct store_conn *c;
	struct plan p;
	struct form fm;
	unsigned *shown;
	const char **text;
	bool timed_out;
	int64_t dl;
	enum store_err rc;
	enum app_status st;

	memset(out, 0, sizeof(*out));
	if (!(c = candidate_begin(ctx, token, &out->a, &who, &timed_out, err))) {
		ctx->actor = was;
		return err->status;
	}
	ctx->actor = was;
	rc = store_plan_get(c, ctx->arena, out->a.plan_id, &p);
	if (rc)
		return app_finish(ctx, c, rc, err);
	out->plan_title = p.title;
	out->occupation_name = p.occupation_name;
	out->level = p.level;
	dl = deadline_of(&out->a);
	out->deadline = iso_of(ctx, dl);
	out->seconds_left = dl - time_now() > 0 ? dl - time_now() : 0;
	out->open = !strcmp(out->a.status, "in_progress");
	if (out->open) {
		if (load_form(ctx, c, out->a.paper_id, out->a.seed, &fm, err))
			return app_abort(ctx, c, err);
		shown = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*shown));
		text = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*text));
		out->items = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*out->items));
		if (!shown || !text || !out->items) {
			app_fail(err, APP_INTERNAL, NULL, "err.internal");
			return app_abort(ctx, c, err);
		}
		if (answers_of(ctx, c, out->a.id, &fm, shown, text, err))
			return app_abort(ctx, c, err);
		for (size_t s = 0; s < fm.f->n; s++) {
			size_t i = fm.f->order[s];
			const struct item *it = fm.paper->items[i].item;
			struct exam_view_item *v = &out->items[s];

			v->position = (int)s + 1;
			v->kind = item_kind_name(it->kind);
			v->stem = it->stem;
			v->score = fm.paper->items[i].score;
			v->answer = text[s];
			v->noptions = fm.f->noptions[i];
			for (int j = 0; j < v->noptions; j++)
				v->options[j] = it->kind == ITEM_TF
							? tr((enum lang)ctx->lang,
							     j == 0 ? "choice.true"
								    : "choice.false")
							: it->options[fm.f->option[i][j]];
		}
		out->nitems = fm.f->n;
	}
	st = app_finish(ctx, c, STORE_OK, err);
	(void)timed_out;
	return st;
}

enum app_status app_exam_save(struct app_ctx *ctx, const char *token, int position,
			      const char *answer, struct exam_saved *out,
			      struct app_error *err)
{
	const struct actor *was = ctx->actor;
	struct actor who;
	struct exam_attempt_row a;
	struct store_conn *c;
	struct exam_form *f = arena_alloc(ctx->arena, sizeof(*f));
	uint8_t *kind = arena_alloc(ctx->arena, EXAM_MAX_ITEMS);
	char now[32], norm[ITEM_MAX_OPTIONS + 1];
	bool timed_out;
	long bits;
	size_t i;
	int64_t dl;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!answer)
		answer = "";
	if (strlen(answer) > 32)
		return app_fail(err, APP_INVALID, "answer", "err.exam.answer");
	if (!f || !kind)
		return app_fail(err, APP_INTERNAL, NULL, "err.internal");
	c = candidate_begin(ctx, token, &a, &who, &timed_out, err);
	ctx->actor = was;
	if (!c)
		return err->status;
	if (timed_out) {
		if (app_finish(ctx, c, STORE_OK, err))
			return err->status;
		return app_fail(err, APP_CONFLICT, NULL, "err.exam.time_up");
	}
	if (strcmp(a.status, "in_progress")) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.finished");
		return app_abort(ctx, c, err);
	}
	if (form_of(ctx, c, &a, f, kind, err))
		return app_abort(ctx, c, err);
	if (position < 1 || (size_t)position > f->n) {
		app_fail(err, APP_INVALID, "position", "err.exam.position");
		return app_abort(ctx, c, err);
	}
	i = f->order[position - 1];
	bits = shown_bits(answer, f->noptions[i], (enum item_kind)kind[i]);
	if (bits < 0) {
		app_fail(err, APP_INVALID, "answer", "err.exam.answer");
		return app_abort(ctx, c, err);
	}
	letters_of((unsigned)bits, norm);
	time_now_iso(now, sizeof(now));
	rc = store_exam_answer_put(c, a.id, position, norm, now, &out->answered);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.finished");
		return app_abort(ctx, c, err);
	}
	if (app_finish(ctx, c, rc, err))
		return err->status;
	dl = deadline_of(&a);
	out->saved_at = arena_strdup(ctx->arena, now);
	out->deadline = iso_of(ctx, dl);
	out->seconds_left = dl - time_now() > 0 ? dl - time_now() : 0;
	return APP_OK;
}

enum app_status app_exam_submit(struct app_ctx *ctx, const char *token,
				struct exam_attempt_row *out, struct app_error *err)
{
	const struct actor *was = ctx->actor;
	struct actor who;
	struct store_conn *c;
	char now[32];
	bool timed_out;

	memset(out, 0, sizeof(*out));
	c = candidate_begin(ctx, token, out, &who, &timed_out, err);
	if (!c) {
		ctx->actor = was;
		return err->status;
	}
	if (!timed_out) {
		if (strcmp(out->status, "in_progress")) {
			ctx->actor = was;
			app_fail(err, APP_CONFLICT, NULL, "err.exam.finished");
			return app_abort(ctx, c, err);
		}
		time_now_iso(now, sizeof(now));
		/* past the deadline + grace candidate_begin timed it out */
		if (finish(ctx, c, out, "submitted", now, err)) {
			ctx->actor = was;
			return app_abort(ctx, c, err);
		}
	}
	ctx->actor = was;
	return app_finish(ctx, c, STORE_OK, err);
}

/* ---- the proctor ---- */

enum app_status app_paper_open(struct app_ctx *ctx, long long paper_id,
			       const char *starts_at, struct app_error *err)
{
	struct store_conn *c;
	struct exam_paper_row p, *ps;
	struct exam_attempt_row *as;
	char start[32];
	size_t n, na;
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_paper_managed(ctx, c, paper_id, &p, NULL, err))
		return app_abort(ctx, c, err);
	/* the plan's papers' rows: two opening, or a sign-in, take turns */
	rc = store_exam_paper_lock(c, p.plan_id, 0);
	if (rc == STORE_OK)
		rc = store_exam_paper_get(c, ctx->arena, p.id, &p);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!time_from_local(starts_at, start, sizeof(start))) {
		app_fail(err, APP_INVALID, "starts_at", "err.exam.starts_at");
		return app_abort(ctx, c, err);
	}
	if (strcmp(p.status, "sealed")) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.not_sealed");
		return app_abort(ctx, c, err);
	}
	if (*p.closed_at) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.closed");
		return app_abort(ctx, c, err);
	}
	rc = store_exam_papers(c, ctx->arena, p.plan_id, &ps, &n);
	for (size_t i = 0; rc == STORE_OK && i < n; i++)
		if (ps[i].id != p.id && *ps[i].starts_at && !*ps[i].closed_at) {
			app_fail(err, APP_CONFLICT, NULL, "err.exam.other_open");
			return app_abort(ctx, c, err);
		}
	if (rc == STORE_OK)
		rc = store_exam_attempts(c, ctx->arena, p.id, &as, &na);
	if (rc == STORE_OK && na) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.started");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = store_exam_paper_open(c, p.id, start, app_actor_name(ctx));
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "exam.open", "exam_paper", app_idtext(ctx, p.id),
			       app_json(ctx, "{s:s}", "starts_at", p.starts_at),
			       app_json(ctx, "{s:I, s:s, s:i}", "plan_id",
					(json_int_t)p.plan_id, "starts_at", start,
					"minutes", p.minutes));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_exam_roster(struct app_ctx *ctx, long long paper_id,
				struct exam_roster *out, struct app_error *err)
{
	struct store_conn *c;
	struct enrolment *es;
	struct exam_attempt_row *as;
	size_t ne, na;
	int64_t now = time_now(), start;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!(c = app_conn(ctx, err)))
		return err->status;
	if (app_paper_managed(ctx, c, paper_id, &out->p, NULL, err)) {
		store_release(c);
		return err->status;
	}
	start = *out->p.starts_at ? time_parse_iso(out->p.starts_at) : -1;
	out->ends_at = start >= 0 ? iso_of(ctx, start + (int64_t)out->p.minutes * 60) : "";
	rc = store_enrolment_list(c, ctx->arena, out->p.plan_id, &es, &ne);
	if (rc == STORE_OK)
		rc = store_exam_attempts(c, ctx->arena, paper_id, &as, &na);
	if (rc)
		return app_read_done(ctx, c, rc, err);
	out->rows = arena_alloc(ctx->arena, (ne + 1) * sizeof(*out->rows));
	if (!out->rows)
		return app_read_done(ctx, c, STORE_ERROR, err);
	for (size_t i = 0; i < ne; i++) {
		struct exam_roster_row *r = &out->rows[out->n];

		if (!strcmp(es[i].status, "withdrawn"))
			continue;
		memset(r, 0, sizeof(*r));
		r->enrolment_id = es[i].id;
		r->person_name = es[i].person_name;
		r->person_masked_id = es[i].person_masked_id;
		r->room_id = es[i].room_id;
		r->seat = es[i].seat;
		for (size_t k = 0; k < na; k++)
			if (as[k].enrolment_id == es[i].id) {
				int64_t dl = deadline_of(&as[k]);

				r->has_attempt = true;
				r->a = as[k];
				r->deadline = iso_of(ctx, dl);
				r->overdue = !strcmp(as[k].status, "in_progress") &&
					     now > dl;
			}
		if (!r->has_attempt)
			out->absent++;
		else if (!strcmp(r->a.status, "in_progress"))
			out->in_progress++;
		else
			out->finished++;
		out->n++;
	}
	return app_read_done(ctx, c, STORE_OK, err);
}

enum app_status app_exam_extend(struct app_ctx *ctx, long long paper_id,
				long long attempt_id, int minutes, const char *reason,
				struct app_error *err)
{
	struct store_conn *c;
	struct exam_paper_row p;
	struct exam_attempt_row a;
	struct exam_extension_row x;
	char now[32];
	enum store_err rc;

	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_paper_managed(ctx, c, paper_id, &p, NULL, err))
		return app_abort(ctx, c, err);
	rc = store_exam_attempt_get(c, ctx->arena, attempt_id, &a);
	if (rc == STORE_NOT_FOUND || (rc == STORE_OK && a.paper_id != paper_id)) {
		app_fail(err, APP_NOT_FOUND, "attempt_id", "err.not_found");
		return app_abort(ctx, c, err);
	}
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (minutes < 1 || minutes > APP_EXAM_EXTEND_MAX - a.extra_minutes) {
		app_fail(err, APP_INVALID, "minutes", "err.exam.minutes");
		return app_abort(ctx, c, err);
	}
	if (blank(reason) || strlen(reason) > EXAM_REASON_MAX) {
		app_fail(err, APP_INVALID, "reason", "err.exam.reason");
		return app_abort(ctx, c, err);
	}
	if (strcmp(a.status, "in_progress")) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.finished");
		return app_abort(ctx, c, err);
	}
	time_now_iso(now, sizeof(now));
	memset(&x, 0, sizeof(x));
	x.attempt_id = a.id;
	x.minutes = minutes;
	x.reason = reason;
	x.granted_by = app_actor_name(ctx);
	x.granted_at = now;
	rc = store_exam_extension_insert(c, &x);
	if (rc == STORE_NOT_FOUND) {
		app_fail(err, APP_CONFLICT, NULL, "err.exam.finished");
		return app_abort(ctx, c, err);
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "exam.extend", "exam_attempt", app_idtext(ctx, a.id),
			       app_json(ctx, "{s:i}", "extra_minutes", a.extra_minutes),
			       app_json(ctx, "{s:I, s:I, s:i, s:i, s:s}", "paper_id",
					(json_int_t)paper_id, "enrolment_id",
					(json_int_t)a.enrolment_id, "minutes", minutes,
					"extra_minutes", a.extra_minutes + minutes,
					"reason", reason));
	return app_finish(ctx, c, rc, err);
}

/* The statistics of each item of the paper anew from every marked attempt
 * at that version (any paper's). */
static enum store_err item_stats(struct app_ctx *ctx, struct store_conn *c,
				 long long paper_id, const char *now, size_t *count)
{
	struct exam_paper_item_row *rows;
	size_t n;
	enum store_err rc = store_exam_paper_items(c, ctx->arena, paper_id, &rows, &n);

	*count = 0;
	for (size_t i = 0; rc == STORE_OK && i < n; i++) {
		struct exam_response *r;
		struct exam_item_stat st;
		struct exam_item_stat_row x;
		size_t nr;

		rc = store_exam_responses(c, ctx->arena, rows[i].x.id, &r, &nr);
		if (rc || !nr)
			continue;
		exam_item_stats(r, nr, &st);
		memset(&x, 0, sizeof(x));
		x.item_id = rows[i].x.id;
		x.attempts = (int)st.n;
		x.p_milli = (int)(st.p * 1000 + 0.5);
		x.has_r = st.has_r;
		x.r_milli = st.has_r ? (int)(st.r_pb * 1000 + (st.r_pb < 0 ? -0.5 : 0.5))
				     : 0;
		x.flags = st.flags;
		x.computed_at = now;
		rc = store_exam_item_stat_put(c, &x);
		if (rc == STORE_OK)
			(*count)++;
	}
	return rc;
}

/* Whether every candidate of the plan not withdrawn has a finished
 * attempt at the paper (then the sitting may close before its end). */
static bool all_finished(struct app_ctx *ctx, struct store_conn *c,
			 const struct exam_paper_row *p,
			 const struct exam_attempt_row *as, size_t na, enum store_err *rc)
{
	struct enrolment *es;
	size_t ne;

	*rc = store_enrolment_list(c, ctx->arena, p->plan_id, &es, &ne);
	for (size_t i = 0; *rc == STORE_OK && i < ne; i++) {
		bool done = false;

		if (!strcmp(es[i].status, "withdrawn"))
			continue;
		for (size_t k = 0; k < na; k++)
			if (as[k].enrolment_id == es[i].id)
				done = true; /* finished: none is in progress here */
		if (!done)
			return false;
	}
	return *rc == STORE_OK;
}

enum app_status app_exam_close(struct app_ctx *ctx, long long paper_id,
			       struct exam_closed *out, struct app_error *err)
{
	struct store_conn *c;
	struct exam_paper_row p;
	struct exam_attempt_row *as;
	const struct actor *was = ctx->actor;
	char now[32];
	size_t na;
	int64_t t = time_now();
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!(c = app_begin(ctx, err)))
		return err->status;
	if (app_paper_managed(ctx, c, paper_id, &p, NULL, err))
		return app_abort(ctx, c, err);
	/* sign-ins wait for the close (and it for them), then read again */
	rc = store_exam_paper_lock(c, p.plan_id, p.id);
	if (rc == STORE_OK)
		rc = store_exam_paper_get(c, ctx->arena, p.id, &p);
	if (rc)
		return app_finish(ctx, c, rc, err);
	if (!*p.starts_at || *p.closed_at) {
		app_fail(err, APP_CONFLICT, NULL,
			 *p.closed_at ? "err.exam.closed" : "err.exam.not_open");
		return app_abort(ctx, c, err);
	}
	time_iso(t, now, sizeof(now));
	rc = store_exam_attempts(c, ctx->arena, paper_id, &as, &na);
	for (size_t i = 0; rc == STORE_OK && i < na; i++) {
		if (strcmp(as[i].status, "in_progress"))
			continue;
		if (t <= deadline_of(&as[i]) + EXAM_GRACE_S) {
			out->still_running++;
			continue;
		}
		if (finish(ctx, c, &as[i], "timed_out", now, err)) {
			if (err->status == APP_CONFLICT)
				continue; /* handed in meanwhile: nothing written */
			ctx->actor = was;
			return app_abort(ctx, c, err);
		}
		out->finished_now++;
	}
	if (rc == STORE_OK && !out->still_running &&
	    (t >= time_parse_iso(p.starts_at) + (int64_t)p.minutes * 60 ||
	     (all_finished(ctx, c, &p, as, na, &rc) && rc == STORE_OK))) {
		rc = store_exam_paper_close(c, p.id, now);
		if (rc == STORE_OK)
			rc = item_stats(ctx, c, p.id, now, &out->items_stats);
		out->closed = rc == STORE_OK;
	}
	if (rc == STORE_OK)
		rc = app_audit(ctx, c, "exam.close", "exam_paper", app_idtext(ctx, p.id),
			       NULL,
			       app_json(ctx, "{s:I, s:i, s:i, s:b, s:I}", "plan_id",
					(json_int_t)p.plan_id, "finished_now",
					out->finished_now, "still_running",
					out->still_running, "closed", out->closed,
					"items_stats", (json_int_t)out->items_stats));
	return app_finish(ctx, c, rc, err);
}

enum app_status app_exam_record(struct app_ctx *ctx, long long attempt_id,
				struct exam_record *out, struct app_error *err)
{
	struct store_conn *c;
	struct exam_paper_row p;
	struct form fm;
	struct app_error probe;
	unsigned *shown, *orig;
	const char **text;
	bool *right, with_items, running;
	enum store_err rc;

	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_exam_attempt_get(c, ctx->arena, attempt_id, &out->a);
	if (rc == STORE_NOT_FOUND) {
		store_release(c);
		return app_fail(err, APP_NOT_FOUND, NULL, "err.not_found");
	}
	if (rc)
		return app_read_done(ctx, c, rc, err);
	if (app_paper_managed(ctx, c, out->a.paper_id, &p, NULL, err)) {
		store_release(c);
		return err->status;
	}
	out->deadline = iso_of(ctx, deadline_of(&out->a));
	running = !strcmp(out->a.status, "in_progress");
	if (load_form(ctx, c, out->a.paper_id, out->a.seed, &fm, err)) {
		store_release(c);
		return err->status;
	}
	shown = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*shown));
	orig = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*orig));
	text = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*text));
	right = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*right));
	out->items = arena_alloc(ctx->arena, (fm.f->n + 1) * sizeof(*out->items));
	if (!shown || !orig || !text || !right || !out->items)
		return app_read_done(ctx, c, STORE_ERROR, err);
	if (answers_of(ctx, c, out->a.id, &fm, shown, text, err)) {
		store_release(c);
		return err->status;
	}
	exam_form_answers(fm.f, shown, orig);
	exam_mark(fm.paper, orig, &(int){0}, right);
	/* the items and their keys: only for who approves the bank's items */
	memset(&probe, 0, sizeof(probe));
	with_items = app_authorize(ctx, c, PERM_ITEM_APPROVE, p.bank_institution_id,
				   &probe) == APP_OK;
	for (size_t s = 0; s < fm.f->n; s++) {
		size_t i = fm.f->order[s];
		struct exam_record_item *r = &out->items[s];
		char *sh = arena_alloc(ctx->arena, ITEM_MAX_OPTIONS + 1);
		char *og = arena_alloc(ctx->arena, ITEM_MAX_OPTIONS + 1);

		if (!sh || !og)
			return app_read_done(ctx, c, STORE_ERROR, err);
		r->position = (int)s + 1;
		r->score = fm.paper->items[i].score;
		for (int j = 0; j < fm.f->noptions[i]; j++)
			sh[j] = (char)('A' + fm.f->option[i][j]);
		sh[fm.f->noptions[i]] = '\0';
		letters_of(orig[i], og);
		r->shown = sh;
		r->answer = text[s];
		/* right or wrong only once handed in: while the candidate answers,
		 * the record would tell whoever reads it which answers are right */
		r->original = running ? "" : og;
		r->right = running ? false : right[i];
		if (with_items) {
			r->x = fm.rows[i].x;
		} else {
			r->x.id = 0;
			r->x.kind = fm.rows[i].x.kind;
			r->x.answer_key = -1;
		}
	}
	out->nitems = fm.f->n;
	rc = store_exam_extensions(c, ctx->arena, out->a.id, &out->extensions,
				   &out->nextensions);
	return app_read_done(ctx, c, rc, err);
}

enum app_status app_item_stat(struct app_ctx *ctx, long long item_id,
			      struct exam_item_stat_row *out, bool *known,
			      struct app_error *err)
{
	struct store_conn *c;
	struct exam_item_row x;
	enum store_err rc;

	*known = false;
	memset(out, 0, sizeof(*out));
	if (app_item_get(ctx, item_id, &x, err))
		return err->status;
	if (!(c = app_conn(ctx, err)))
		return err->status;
	rc = store_exam_item_stat_get(c, ctx->arena, item_id, out);
	*known = rc == STORE_OK;
	return app_read_done(ctx, c, rc == STORE_NOT_FOUND ? STORE_OK : rc, err);
}
