/*
 * assess_import.c - an assessment's people, enrolments and scores from the
 * spreadsheets exam stations keep; and the legacy 职业资格证书 records
 * (domain.md §1.2) kept before 2020, so that they verify too.
 *
 * One pass: services/table streams the rows, each row is checked and
 * written inside one transaction as it arrives, and the transaction is
 * rolled back when any row was refused or on a dry run. Memory stays flat
 * however long the file: each row's strings live in a scratch arena
 * emptied after the row, and lookups go to the database (indexed) rather
 * than to tables built in memory; only the first problems are kept.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/internal.h"
#include "base/str.h"
#include "base/timeutil.h"
#include "core/certno.h"
#include "core/i18n.h"
#include "core/synonym.h"
#include "services/seal.h"
#include "services/table.h"

/* Every column any kind reads; headings accepted for each, Chinese first. */
enum col {
	C_NAME,
	C_ID_TYPE,
	C_ID_NUMBER,
	C_SEX,
	C_BIRTH,
	C_EDUCATION,
	C_EMPLOYER,
	C_CREDIT,
	C_WORK_START,
	C_PHONE,
	C_ROOM,
	C_COMPONENT,
	C_ASSESSOR,
	C_SCORE,
	C_STATUS,
	C_REASON,
	C_NUMBER,
	C_OCCUPATION,
	C_OCC_CODE,
	C_LEVEL,
	C_ISSUED,
	C_ISSUER,
	C_GRADE,
	C_MAX_LEVEL,
	C_VALID_FROM,
	C_VALID_TO,
	C_COUNT
};

static const char *const headings[C_COUNT][3] = {
	[C_NAME] = {"姓名", "name", NULL},
	[C_ID_TYPE] = {"证件类型", "id_type", NULL},
	[C_ID_NUMBER] = {"证件号码", "id_number", "身份证号"},
	[C_SEX] = {"性别", "sex", NULL},
	[C_BIRTH] = {"出生日期", "birth_date", NULL},
	[C_EDUCATION] = {"文化程度", "education", NULL},
	[C_EMPLOYER] = {"工作单位", "employer", NULL},
	[C_CREDIT] = {"单位信用代码", "employer_credit_code", NULL},
	[C_WORK_START] = {"参加工作日期", "work_start", NULL},
	[C_PHONE] = {"电话", "phone", "联系电话"},
	[C_ROOM] = {"考场", "room", NULL},
	[C_COMPONENT] = {"科目", "component", NULL},
	[C_ASSESSOR] = {"考评员证件号码", "assessor_id_number", NULL},
	[C_SCORE] = {"成绩", "score", NULL},
	[C_STATUS] = {"状态", "status", NULL},
	[C_REASON] = {"原因", "reason", NULL},
	[C_NUMBER] = {"证书编号", "number", "证书号"},
	[C_OCCUPATION] = {"职业名称", "occupation", "申报工种"},
	[C_OCC_CODE] = {"职业编码", "occupation_code", NULL},
	[C_LEVEL] = {"等级", "level", "鉴定级别"},
	[C_ISSUED] = {"发证日期", "issued_on", "颁证日期"},
	[C_ISSUER] = {"发证机构", "issuer", "鉴定机构"},
	[C_GRADE] = {"资格等级", "grade", "考评员类别"},
	[C_MAX_LEVEL] = {"最高等级", "max_level", "可考评最高等级"},
	[C_VALID_FROM] = {"有效期起", "valid_from", "发证日期"},
	[C_VALID_TO] = {"有效期至", "valid_to", "有效期止"},
};

/* The columns each kind needs. */
static const enum col required[][3] = {
	[IMPORT_PEOPLE] = {C_NAME, C_ID_NUMBER, C_COUNT},
	[IMPORT_ENROLMENTS] = {C_ID_NUMBER, C_COUNT, C_COUNT},
	[IMPORT_SCORES] = {C_ID_NUMBER, C_COMPONENT, C_SCORE},
	[IMPORT_LEGACY] = {C_NUMBER, C_NAME, C_ID_NUMBER},
	[IMPORT_QUALIFICATIONS] = {C_ID_NUMBER, C_OCC_CODE, C_VALID_TO},
};

/* The columns each kind reads, the required first (as the help lists
 * them); C_COUNT ends a list. */
static const enum col kind_cols[][C_COUNT + 1] = {
	[IMPORT_PEOPLE] = {C_NAME, C_ID_NUMBER, C_ID_TYPE, C_SEX, C_BIRTH, C_EDUCATION,
			   C_EMPLOYER, C_CREDIT, C_WORK_START, C_PHONE, C_COUNT},
	[IMPORT_ENROLMENTS] = {C_ID_NUMBER, C_ID_TYPE, C_ROOM, C_COUNT},
	[IMPORT_SCORES] = {C_ID_NUMBER, C_COMPONENT, C_SCORE, C_ID_TYPE, C_ASSESSOR,
			   C_STATUS, C_REASON, C_COUNT},
	[IMPORT_LEGACY] = {C_NUMBER, C_NAME, C_ID_NUMBER, C_ID_TYPE, C_OCCUPATION,
			   C_OCC_CODE, C_LEVEL, C_ISSUED, C_ISSUER, C_COUNT},
	[IMPORT_QUALIFICATIONS] = {C_ID_NUMBER, C_OCC_CODE, C_VALID_TO, C_ID_TYPE,
				   C_GRADE, C_MAX_LEVEL, C_VALID_FROM, C_NUMBER, C_COUNT},
};

static const char *const kind_names[] = {"people", "enrolments",     "scores",
					 "legacy", "qualifications", NULL};

const char *const *assess_import_names(void) { return kind_names; }

bool assess_import_column(enum assess_import kind, size_t i, const char **zh,
			  const char **en, bool *needed)
{
	enum col c;

	if ((unsigned)kind > IMPORT_QUALIFICATIONS || i >= C_COUNT ||
	    (c = kind_cols[kind][i]) == C_COUNT)
		return false;
	*zh = headings[c][0];
	*en = headings[c][1];
	*needed = false;
	for (int k = 0; k < 3; k++)
		if (required[kind][k] == c)
			*needed = true;
	return true;
}

int assess_import_parse(const char *s)
{
	for (int i = 0; s && kind_names[i]; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}

/* Words people type for components and statuses, beside the code names. */
static const char *const component_words[][2] = {
	{"理论知识", "theory"},    {"理论", "theory"},    {"操作技能", "practical"},
	{"技能操作", "practical"}, {"实操", "practical"}, {"综合评审", "review"},
};
static const char *const status_words[][2] = {
	{"正常", "present"},          {"参考", "present"},       {"缺考", "absent"},
	{"放弃", "withdrawn"},        {"中途退出", "withdrawn"}, {"违纪", "disqualified"},
	{"取消成绩", "disqualified"},
};

/* An education level or a document type written as its code, its label in
 * either language or a common synonym (core/synonym.h); what is not
 * recognised stays as written, for the check to refuse. */
static const char *education_of(const char *v)
{
	const char *c = synonym_education(v);

	return c ? c : v;
}

static const char *id_type_of(const char *v)
{
	const char *c = synonym_id_type(v);

	return c ? c : v;
}

static const char *word(const char *v, const char *const (*w)[2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v, w[i][0]))
			return w[i][1];
	return v;
}

/* An assessor's document as written in the file (type and number), and
 * who it is: found once, then taken from a table of ASSESSOR_SLOTS (open
 * addressing; a plan has at most a few thousand assessors). */
#define ASSESSOR_SLOTS 8192
/* The rows written so far, by a 64-bit hash of what they wrote (a person,
 * an enrolment, a score, a qualification), to name the first row when one
 * comes again. At most three quarters of SEEN_SLOTS rows are remembered
 * (16 bytes a slot, 1 MB allocated when first needed); past that a person
 * or score repeated is still caught (by its write time) without its first
 * row, while an enrolment repeated counts as unchanged: a plan holds far
 * fewer candidates than that. */
#define SEEN_SLOTS 65536
struct seen {
	uint64_t hash; /* 0 = free slot */
	size_t line;
};
#define DOC_KEY_MAX 80
struct assessor {
	char key[DOC_KEY_MAX];  /* "" = free slot */
	long long person_id;    /* 0: nobody with this document */
	bool practical, review; /* staffed as assessor / review panel member */
};

/* The last candidate's document and enrolment: the rows of a candidate
 * usually follow each other. */
struct last_candidate {
	char key[DOC_KEY_MAX];  /* "" when not kept */
	long long enrolment_id; /* 0: not enrolled (or not enrolled now) */
	unsigned locked;        /* bit n: component n submitted */
	bool fresh;             /* no entry yet when this run first met them */
};

struct importer {
	struct app_ctx *ctx; /* the caller's: the report lives in its arena */
	struct app_ctx row;  /* the same, with the scratch arena */
	struct arena scratch;
	struct store_conn *c;
	enum assess_import kind;
	const struct assess_import_opts *opts;
	struct import_report *rep;
	int col[C_COUNT];
	bool header_seen;
	int fatal; /* a store error (> 0) or -1 with err filled: stop */
	struct app_error *err;
	char today[11], now[32];
	/* enrolments and scores */
	struct plan plan;
	struct standard std;
	struct plan_room *rooms;
	size_t nrooms;
	struct plan_staff *staff;
	size_t nstaff;
	struct assessor *assessors; /* ASSESSOR_SLOTS, in ctx's arena */
	size_t nassessors;
	struct assessor spare;
	struct last_candidate last;
	struct seen *seen; /* SEEN_SLOTS, in ctx's arena, when first needed */
	size_t nseen;
	/* people */
	long long home; /* registers new people (0 = the whole network) */
	bool network;   /* person.manage on the whole network */
	/* new people held (in the scratch arena) until flush_people() writes
	 * them at once: before the scratch arena goes, and at the end */
	struct pending_person *pending;
	size_t npending;
};

/* Notes a problem; the kept one (to add to), NULL past the first
 * ASSESS_IMPORT_MAX_PROBLEMS. */
static struct import_problem *problem(struct importer *im, size_t line, int col,
				      const char *msg)
{
	struct import_report *rep = im->rep;
	struct import_problem *q = NULL;

	if (rep->nproblems < ASSESS_IMPORT_MAX_PROBLEMS) {
		if (!rep->problems)
			rep->problems = arena_alloc(im->ctx->arena,
						    ASSESS_IMPORT_MAX_PROBLEMS *
							    sizeof(*rep->problems));
		q = &rep->problems[rep->nproblems];
		*q = (struct import_problem){line, col >= 0 ? headings[col][0] : NULL,
					     msg, 0, 0};
	}
	rep->nproblems++;
	return q;
}

/* FNV-1a over the parts of what a row wrote, each ended by 0x1f; never 0. */
static uint64_t row_hash(const char *a, const char *b, const char *c)
{
	const char *parts[3] = {a, b, c};
	uint64_t h = 14695981039346656037ull;

	for (int i = 0; i < 3; i++) {
		for (const unsigned char *p =
			     (const unsigned char *)(parts[i] ? parts[i] : "");
		     *p; p++)
			h = (h ^ *p) * 1099511628211ull;
		h = (h ^ 0x1f) * 1099511628211ull;
	}
	return h ? h : 1;
}

/* The slot of hash h: its own, or the free one where it would go; NULL
 * when the table is full and h is not in it. */
static struct seen *seen_slot(struct importer *im, uint64_t h)
{
	if (!im->seen)
		im->seen = arena_alloc(im->ctx->arena, SEEN_SLOTS * sizeof(*im->seen));
	for (size_t i = 0, k = (size_t)(h % SEEN_SLOTS); i < SEEN_SLOTS;
	     i++, k = (k + 1) % SEEN_SLOTS)
		if (!im->seen[k].hash || im->seen[k].hash == h)
			return &im->seen[k];
	return NULL;
}

/* Remembers that row `line` wrote what key names (the first row wins). */
static void seen_put(struct importer *im, uint64_t h, size_t line)
{
	struct seen *s;

	if (im->nseen >= SEEN_SLOTS - SEEN_SLOTS / 4 || !(s = seen_slot(im, h)) || s->hash)
		return;
	s->hash = h;
	s->line = line;
	im->nseen++;
}

/* The row that wrote what key names earlier in this file, 0 when none
 * (or not remembered). */
static size_t seen_line(struct importer *im, uint64_t h)
{
	struct seen *s = im->seen ? seen_slot(im, h) : NULL;

	return s && s->hash == h ? s->line : 0;
}

/* A repeat of an earlier row of the file. */
static void duplicate(struct importer *im, size_t line, int col, uint64_t h)
{
	struct import_problem *q = problem(im, line, col, "import.duplicate");

	if (q)
		q->same_as = seen_line(im, h);
}

/* The cell of column c, trimmed ("" when the file has no such column);
 * valid during the row. Most cells need no trimming: they are used where
 * the reader put them. */
static const char *cell(struct importer *im, const struct table_row *t, int c)
{
	const char *v, *e;

	if (im->col[c] < 0 || (size_t)im->col[c] >= t->ncols)
		return "";
	v = t->cols[im->col[c]];
	while (*v == ' ' || *v == '\t' || *v == '\r' || *v == '\n')
		v++;
	e = v + strlen(v);
	if (e == v || (e[-1] != ' ' && e[-1] != '\t' && e[-1] != '\r' && e[-1] != '\n'))
		return v;
	v = str_trim_dup(im->row.arena, v);
	return v ? v : "";
}

/* Refusal of a row: the field the app named, mapped to its column. */
static void refuse(struct importer *im, size_t line, const struct app_error *e, int fallback)
{
	static const struct {
		const char *field;
		enum col col;
	} map[] = {
		{"name", C_NAME},
		{"id_type", C_ID_TYPE},
		{"id_number", C_ID_NUMBER},
		{"sex", C_SEX},
		{"birth_date", C_BIRTH},
		{"education", C_EDUCATION},
		{"employer", C_EMPLOYER},
		{"employer_credit_code", C_CREDIT},
		{"work_start", C_WORK_START},
		{"phone", C_PHONE},
		{"score", C_SCORE},
		{"status", C_STATUS},
		{"reason", C_REASON},
		{"component", C_COMPONENT},
		{"room_id", C_ROOM},
	};
	int col = fallback;
	struct import_problem *q;

	for (size_t i = 0; e->field && i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(e->field, map[i].field))
			col = (int)map[i].col;
	q = problem(im, line, col, arena_strdup(im->ctx->arena, e->msg));
	/* a coded value refused: say which values the column takes */
	if (q && col == C_EDUCATION)
		q->accepted = 1 + SYN_EDUCATION;
	else if (q && col == C_ID_TYPE)
		q->accepted = 1 + SYN_ID_TYPE;
}

/* Whether a record was written by this very import: every write of the
 * run carries its start time (to the millisecond), so a second row for
 * the same thing (a person, an enrolment, a score) in one file is caught
 * without keeping the file's keys in memory. A repeat of a row that
 * changed nothing is not seen: it is then harmless or, when it differs,
 * caught on the run that writes the first one. */
static bool written_now(const struct importer *im, const char *at)
{
	return at && !strcmp(at, im->now);
}

static bool same(const char *a, const char *b) { return !strcmp(a ? a : "", b ? b : ""); }

/* ---- people ---- */

/*
 * People are read in batches of IMPORT_BATCH rows (on_row() releases the
 * scratch arena, where a batch lives, every IMPORT_BATCH rows, after
 * flush_people()): each row is checked and its ID number sealed as it
 * comes (held_person()); then flush_people() looks the batch up in the
 * store STORE_PERSON_KEYS people a statement, decides each row in file
 * order as a row at a time would (problems named by their rows, in
 * order; a repeat is a duplicate of its first row), and writes the new
 * people in one statement (db_copy: COPY on PostgreSQL).
 */
#define IMPORT_BATCH 256
struct pending_person {
	size_t line;
	struct app_error *errs; /* refused: the problems to report */
	size_t nerrs;
	struct person p;
	const char *sealed, *blind;
	uint64_t key;
	struct person found; /* id 0: new to the store */
	bool wrote;          /* written (or held to be) by this run */
};

/* A copy of p's strings in a. */
static void person_dup(struct arena *a, struct person *q, const struct person *p)
{
	*q = *p;
	q->name = arena_strdup(a, p->name);
	q->id_masked = arena_strdup(a, p->id_masked);
	q->sex = p->sex ? arena_strdup(a, p->sex) : NULL;
	q->birth_date = p->birth_date ? arena_strdup(a, p->birth_date) : NULL;
	q->education = p->education ? arena_strdup(a, p->education) : NULL;
	q->employer = p->employer ? arena_strdup(a, p->employer) : NULL;
	q->employer_credit_code =
		p->employer_credit_code ? arena_strdup(a, p->employer_credit_code) : NULL;
	q->work_start = p->work_start ? arena_strdup(a, p->work_start) : NULL;
	q->phone = p->phone ? arena_strdup(a, p->phone) : NULL;
}

/* One row of the batch, decided: STORE_OK or a store error, -1 with
 * im->err filled. *fresh is set when the person is new. */
static int person_decide(struct importer *im, struct pending_person *h, size_t at,
			 bool *fresh)
{
	struct app_ctx *ctx = &im->row;
	struct person *p = &h->p, *found = &h->found;
	struct app_error e;
	enum app_status reach;
	enum store_err rc;

	*fresh = false;
	if (h->nerrs) {
		for (size_t i = 0; i < h->nerrs; i++)
			refuse(im, h->line, &h->errs[i], C_ID_NUMBER);
		return 0;
	}
	/* a second row for someone this batch wrote */
	for (size_t i = 0; i < at; i++)
		if (im->pending[i].wrote && im->pending[i].key == h->key &&
		    !strcmp(im->pending[i].p.id_type, p->id_type) &&
		    !strcmp(im->pending[i].blind, h->blind)) {
			struct import_problem *d = problem(im, h->line, C_ID_NUMBER,
							   "import.duplicate");

			if (d)
				d->same_as = im->pending[i].line;
			return 0;
		}
	if (!found->id) {
		h->wrote = *fresh = true;
		im->rep->created++;
		seen_put(im, h->key, h->line);
		return 0;
	}
	if (written_now(im, found->updated_at)) {
		duplicate(im, h->line, C_ID_NUMBER, h->key);
		return 0;
	}
	if (same(found->name, p->name) && same(found->sex, p->sex) &&
	    same(found->birth_date, p->birth_date) &&
	    same(found->education, p->education) && same(found->employer, p->employer) &&
	    same(found->employer_credit_code, p->employer_credit_code) &&
	    same(found->work_start, p->work_start) && same(found->phone, p->phone)) {
		im->rep->unchanged++;
		return STORE_OK;
	}
	/* someone who belongs to none of the actor's institutions is not
	 * theirs to change (they may enrol them: app/plan.c) */
	memset(&e, 0, sizeof(e));
	if (!im->network &&
	    (reach = app_person_reach(ctx, im->c, found->id, PERM_PERSON_MANAGE, &e))) {
		if (reach != APP_NOT_FOUND)
			return *im->err = e, -1;
		problem(im, h->line, C_ID_NUMBER, "import.person_out_of_scope");
		return 0;
	}
	p->id = found->id;
	p->created_at = found->created_at;
	rc = store_person_update(im->c, p);
	if (rc == STORE_OK) {
		h->wrote = true;
		im->rep->updated++;
		seen_put(im, h->key, h->line);
	}
	/* what the import changed, person by person */
	if (rc == STORE_OK)
		rc = app_audit(ctx, im->c, "person.update", "person",
			       arena_printf(ctx->arena, "%lld", found->id),
			       app_person_diff(ctx, found, p),
			       app_person_diff(ctx, p, found));
	return rc;
}

/* Decides and writes the rows held (see above); 0, a store error, or -1
 * with im->err filled. */
static int flush_people(struct importer *im)
{
	size_t n = im->npending, nnew = 0;
	struct person *ps;
	const char **sealed, **blind;
	int rc = 0;

	if (!n)
		return 0;
	/* the store's people of the batch, STORE_PERSON_KEYS at a time */
	for (size_t i = 0; i < n && !rc;) {
		const char *types[STORE_PERSON_KEYS], *blinds[STORE_PERSON_KEYS];
		struct person *found[STORE_PERSON_KEYS];
		size_t k = 0;

		for (; i < n && k < STORE_PERSON_KEYS; i++)
			if (!im->pending[i].nerrs) {
				types[k] = im->pending[i].p.id_type;
				blinds[k] = im->pending[i].blind;
				found[k++] = &im->pending[i].found;
			}
		if (k)
			rc = store_person_by_blinds(im->c, im->row.arena, types, blinds,
						    k, found);
	}
	ps = arena_alloc(im->row.arena, n * sizeof(*ps));
	sealed = arena_alloc(im->row.arena, n * sizeof(*sealed));
	blind = arena_alloc(im->row.arena, n * sizeof(*blind));
	for (size_t i = 0; i < n && !rc; i++) {
		bool fresh;

		rc = person_decide(im, &im->pending[i], i, &fresh);
		if (!rc && fresh) {
			ps[nnew] = im->pending[i].p;
			sealed[nnew] = im->pending[i].sealed;
			blind[nnew++] = im->pending[i].blind;
		}
	}
	im->npending = 0;
	im->pending = NULL;
	if (!rc)
		rc = store_person_copy(im->c, ps, sealed, blind, im->home, nnew);
	return rc;
}

/* Checks a row and holds it for flush_people(). */
static int person_row(struct importer *im, const struct table_row *t)
{
	struct app_ctx *ctx = &im->row;
	struct arena *a = ctx->arena;
	struct person_input in;
	struct person p;
	struct app_error e, all[12];
	char sealed[SEAL_SEALED_MAX], blind[SEAL_BLIND_MAX];
	struct pending_person *h;
	size_t bad;

	if (im->npending == IMPORT_BATCH) {
		int rc = flush_people(im);

		if (rc)
			return rc;
	}
	if (!im->pending)
		im->pending = arena_alloc(a, IMPORT_BATCH * sizeof(*im->pending));
	h = &im->pending[im->npending];
	memset(h, 0, sizeof(*h));
	h->line = t->line;
	memset(&in, 0, sizeof(in));
	memset(&e, 0, sizeof(e));
	in.name = cell(im, t, C_NAME);
	in.id_type = id_type_of(cell(im, t, C_ID_TYPE));
	if (!*in.id_type)
		in.id_type = "resident_id";
	in.id_number = cell(im, t, C_ID_NUMBER);
	in.sex = cell(im, t, C_SEX);
	if (!strcmp(in.sex, "男"))
		in.sex = "M";
	else if (!strcmp(in.sex, "女"))
		in.sex = "F";
	in.birth_date = cell(im, t, C_BIRTH);
	in.education = education_of(cell(im, t, C_EDUCATION));
	in.employer = cell(im, t, C_EMPLOYER);
	in.employer_credit_code = cell(im, t, C_CREDIT);
	in.work_start = cell(im, t, C_WORK_START);
	in.phone = cell(im, t, C_PHONE);
	/* every problem of the row, not only the first */
	if ((bad = app_person_problems(&in, im->today, all, sizeof(all) / sizeof(all[0])))) {
		h->errs = arena_alloc(a, bad * sizeof(*h->errs));
		memcpy(h->errs, all, bad * sizeof(*h->errs));
		h->nerrs = bad;
		im->npending++;
		return 0;
	}
	if (app_person_prepare(ctx, &in, im->today, &p, sealed, blind, &e)) {
		if (e.status != APP_INVALID)
			return *im->err = e, -1;
		h->errs = arena_alloc(a, sizeof(*h->errs));
		*h->errs = e;
		h->nerrs = 1;
		im->npending++;
		return 0;
	}
	p.created_at = p.updated_at = im->now;
	person_dup(a, &h->p, &p);
	h->sealed = arena_strdup(a, sealed);
	h->blind = arena_strdup(a, blind);
	h->key = row_hash("person", p.id_type, blind);
	im->npending++;
	return 0;
}

/* ---- enrolments ---- */

static int enrolment_row(struct importer *im, const struct table_row *t)
{
	struct app_ctx *ctx = &im->row;
	struct enrolment have;
	struct person who;
	struct eligibility_result elig;
	struct app_error e;
	const char *type, *room = cell(im, t, C_ROOM);
	char blind[SEAL_BLIND_MAX];
	long long room_id = 0, eid;
	enum store_err rc;
	uint64_t key;

	memset(&e, 0, sizeof(e));
	if (app_person_blind(ctx, id_type_of(cell(im, t, C_ID_TYPE)),
			     cell(im, t, C_ID_NUMBER), &type, blind, &e)) {
		if (e.status != APP_INVALID)
			return *im->err = e, -1;
		refuse(im, t->line, &e, C_ID_NUMBER);
		return 0;
	}
	key = row_hash("enrolment", type, blind);
	if (*room) {
		for (size_t i = 0; i < im->nrooms; i++)
			if (!strcmp(im->rooms[i].name, room))
				room_id = im->rooms[i].id;
		if (!room_id) {
			problem(im, t->line, C_ROOM, "import.room_unknown");
			return 0;
		}
	}
	rc = store_enrolment_by_blind(im->c, ctx->arena, im->plan.id, type, blind, &have);
	/* enrolled by an earlier row of this file (enrolled_at is the
	 * enrolment's own time, not the run's: the rows remembered say) */
	if (rc == STORE_OK && (written_now(im, have.enrolled_at) || seen_line(im, key))) {
		duplicate(im, t->line, C_ID_NUMBER, key);
		return 0;
	}
	if (rc == STORE_OK) {
		im->rep->unchanged++;
		return 0;
	}
	if (rc != STORE_NOT_FOUND)
		return rc;
	rc = store_person_by_blind(im->c, ctx->arena, type, blind, &who);
	if (rc == STORE_NOT_FOUND) {
		problem(im, t->line, C_ID_NUMBER, "plan.person_unknown");
		return 0;
	}
	if (rc)
		return rc;
	if (app_plan_enrol_tx(ctx, im->c, &im->plan, &im->std, &who, room_id, im->staff,
			      im->nstaff, &eid, &elig, &e)) {
		if (e.status == APP_INTERNAL || e.status == APP_UNAVAILABLE)
			return *im->err = e, -1; /* the database failed: stop */
		refuse(im, t->line, &e, C_ID_NUMBER);
		return 0;
	}
	im->plan.enrolled++;
	im->rep->created++;
	seen_put(im, key, t->line);
	return 0;
}

/* ---- scores ---- */

/* "type\x1fnumber" as written, into key; false when too long to keep. */
static bool doc_key(const char *type, const char *number, char key[DOC_KEY_MAX])
{
	size_t a = strlen(type), b = strlen(number);

	if (a + b + 2 > DOC_KEY_MAX)
		return false;
	memcpy(key, type, a);
	key[a] = '\x1f';
	memcpy(key + a + 1, number, b + 1);
	return true;
}

static size_t key_hash(const char *s)
{
	size_t h = 14695981039346656037ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key: where it is, or the free one where it goes; NULL when
 * the table is full enough to stop keeping more. */
static struct assessor *assessor_slot(struct importer *im, const char *key)
{
	size_t i;

	if (!im->assessors) {
		im->assessors = arena_alloc(im->ctx->arena,
					    ASSESSOR_SLOTS * sizeof(*im->assessors));
	}
	for (i = key_hash(key) & (ASSESSOR_SLOTS - 1);; i = (i + 1) & (ASSESSOR_SLOTS - 1)) {
		struct assessor *a = &im->assessors[i];

		if (!*a->key)
			return im->nassessors < ASSESSOR_SLOTS / 2 ? a : NULL;
		if (!strcmp(a->key, key))
			return a;
	}
}

/* The assessor with the document written in this row: from the table, or
 * found through the blind index (and kept). NULL with *rc = STORE_OK when
 * nobody has it; -1 in *rc with im->err filled for a broken key store. */
static const struct assessor *assessor_of(struct importer *im, const char *type,
					  const char *number, size_t line, int *rc)
{
	struct assessor *a;
	struct person p;
	struct app_error e;
	const char *tname;
	char key[DOC_KEY_MAX], blind[SEAL_BLIND_MAX];

	*rc = STORE_OK;
	a = doc_key(type, number, key) ? assessor_slot(im, key) : NULL;
	if (a && *a->key)
		return a->person_id ? a : NULL;
	memset(&e, 0, sizeof(e));
	if (app_person_blind(&im->row, type, number, &tname, blind, &e)) {
		if (e.status != APP_INVALID) {
			*im->err = e;
			*rc = -1;
			return NULL;
		}
		problem(im, line, C_ASSESSOR, e.msg);
		*rc = 1; /* reported */
		return NULL;
	}
	if (!a) { /* not kept: this row's answer only */
		a = &im->spare;
		memset(a, 0, sizeof(*a));
	} else {
		snprintf(a->key, sizeof(a->key), "%s", key);
		im->nassessors++;
	}
	*rc = store_person_by_blind(im->c, im->row.arena, tname, blind, &p);
	if (*rc == STORE_NOT_FOUND)
		return (*rc = STORE_OK), NULL;
	if (*rc)
		return NULL;
	a->person_id = p.id;
	for (size_t i = 0; i < im->nstaff; i++) {
		if (im->staff[i].person_id != p.id)
			continue;
		if (!strcmp(im->staff[i].role, "assessor"))
			a->practical = true;
		if (!strcmp(im->staff[i].role, "review_panel"))
			a->review = true;
	}
	return a;
}

/* The enrolment of the candidate written in this row (0: not enrolled);
 * rows of one candidate in a row ask the database once. */
static int candidate_of(struct importer *im, const struct table_row *t,
			long long *enrolment_id)
{
	const char *type = id_type_of(cell(im, t, C_ID_TYPE)),
		   *number = cell(im, t, C_ID_NUMBER);
	struct enrolment en;
	struct app_error e;
	const char *tname;
	char key[DOC_KEY_MAX], blind[SEAL_BLIND_MAX];
	bool keep = doc_key(type, number, key);
	enum store_err rc;

	if (keep && !strcmp(key, im->last.key)) {
		*enrolment_id = im->last.enrolment_id;
		return STORE_OK;
	}
	im->last.key[0] = '\0';
	memset(&e, 0, sizeof(e));
	if (app_person_blind(&im->row, type, number, &tname, blind, &e)) {
		if (e.status != APP_INVALID)
			return *im->err = e, -1;
		refuse(im, t->line, &e, C_ID_NUMBER);
		return 1; /* reported */
	}
	rc = store_enrolment_by_blind(im->c, im->row.arena, im->plan.id, tname, blind, &en);
	if (rc && rc != STORE_NOT_FOUND)
		return rc;
	*enrolment_id = rc == STORE_OK && !strcmp(en.status, "enrolled") ? en.id : 0;
	im->last.enrolment_id = *enrolment_id;
	im->last.locked = 0;
	im->last.fresh = false;
	if (*enrolment_id) {
		struct score_row *entries;
		struct component_row locked;
		size_t n;

		for (int k = 0; k < STD_COMPONENT_COUNT; k++) {
			rc = store_component_get(im->c, im->row.arena, *enrolment_id,
						 std_component_name((enum std_component)k),
						 &locked);
			if (rc == STORE_OK)
				im->last.locked |= 1u << k;
			else if (rc != STORE_NOT_FOUND)
				return rc;
		}
		rc = store_scores_of(im->c, im->row.arena, *enrolment_id, "", &entries, &n);
		if (rc)
			return rc;
		im->last.fresh = n == 0;
	}
	if (keep)
		memcpy(im->last.key, key, sizeof(key));
	return STORE_OK;
}

static int score_row(struct importer *im, const struct table_row *t)
{
	struct app_ctx *ctx = &im->row;
	struct component_score cs;
	struct score_row row, old;
	struct rule_error re;
	struct app_error e;
	const char *component, *status, *reason;
	long long eid, assessor_id = 0;
	int rc; /* a store error, 1 = a problem noted, -1 = err filled */
	int comp, st, perr = SCORE_OK;
	size_t before = im->rep->nproblems;
	uint64_t key;

	memset(&e, 0, sizeof(e));
	if ((rc = candidate_of(im, t, &eid)))
		return rc == 1 ? 0 : rc;
	if (!eid)
		problem(im, t->line, C_ID_NUMBER, "import.not_enrolled");
	/* the cells checked each on its own: every problem of the row */
	component = word(cell(im, t, C_COMPONENT), component_words,
			 sizeof(component_words) / sizeof(component_words[0]));
	comp = std_component_parse(component);
	if (comp < 0 || !std_level_has(standard_level(&im->std, im->plan.level),
				       (enum std_component)comp))
		problem(im, t->line, C_COMPONENT, "score.component_not_at_level");
	status = cell(im, t, C_STATUS);
	status = *status ? word(status, status_words,
				sizeof(status_words) / sizeof(status_words[0]))
			 : "present";
	if ((st = score_status_parse(status)) < 0)
		problem(im, t->line, C_STATUS, "val.score.status");
	reason = cell(im, t, C_REASON);
	memset(&cs, 0, sizeof(cs));
	cs.component = comp < 0 ? STD_THEORY : (enum std_component)comp;
	cs.status = st < 0 ? SCORE_PRESENT : (enum score_status)st;
	cs.reason = reason;
	if (st == SCORE_PRESENT &&
	    (perr = score_parse(cell(im, t, C_SCORE), &cs.tenths)) != SCORE_OK)
		problem(im, t->line, C_SCORE, score_err_key(perr));
	if (im->rep->nproblems != before)
		return 0;
	if (!score_check_entry(&cs, &re)) {
		e.field = re.field;
		e.msg = re.msg;
		refuse(im, t->line, &e, C_SCORE);
		return 0;
	}
	if (comp != STD_THEORY) {
		const struct assessor *a =
			assessor_of(im, id_type_of(cell(im, t, C_ID_TYPE)),
				    cell(im, t, C_ASSESSOR), t->line, &rc);

		if (rc)
			return rc == 1 ? 0 : rc;
		if (!a || !(comp == STD_PRACTICAL ? a->practical : a->review)) {
			problem(im, t->line, C_ASSESSOR, "score.not_assessor");
			return 0;
		}
		assessor_id = a->person_id;
	}
	if (im->last.locked & 1u << comp) {
		problem(im, t->line, C_COMPONENT, "score.locked");
		return 0;
	}
	memset(&row, 0, sizeof(row));
	row.enrolment_id = eid;
	row.component = std_component_name((enum std_component)comp);
	row.assessor_id = assessor_id;
	row.tenths = st == SCORE_PRESENT ? cs.tenths : -1;
	row.status = score_status_name((enum score_status)st);
	row.reason = st == SCORE_DISQUALIFIED ? reason : "";
	row.entered_by = im->ctx->actor->system ? "system" : im->ctx->actor->username;
	row.entered_at = im->now;
	key = row_hash(arena_printf(ctx->arena, "%lld", eid), row.component,
		       arena_printf(ctx->arena, "%lld", assessor_id));
	if (im->last.fresh) {
		/* nothing stored for them before this run: a row whose key is
		 * taken can only be a repeat within the file */
		bool inserted;

		if ((rc = store_score_insert_new(im->c, &row, &inserted)))
			return rc;
		if (!inserted) {
			duplicate(im, t->line, -1, key);
		} else {
			im->rep->created++;
			seen_put(im, key, t->line);
		}
		return STORE_OK;
	}
	rc = store_score_get(im->c, ctx->arena, eid, row.component, assessor_id, &old);
	if (rc == STORE_OK && written_now(im, old.entered_at)) {
		duplicate(im, t->line, -1, key);
		return 0;
	}
	if (rc == STORE_OK && old.tenths == row.tenths && same(old.status, row.status) &&
	    same(old.reason, row.reason)) {
		im->rep->unchanged++;
		return STORE_OK;
	}
	if (rc != STORE_OK && rc != STORE_NOT_FOUND)
		return rc;
	if (rc == STORE_OK)
		im->rep->updated++;
	else
		im->rep->created++;
	seen_put(im, key, t->line);
	return store_score_put(im->c, &row);
}

/* ---- legacy certificates ---- */

/* The level of a legacy record: 1..5, or the words of the old series. */
static int legacy_level(const char *v)
{
	static const struct {
		const char *word;
		int level;
	} words[] = {{"高级技师", 1}, {"技师", 2},   {"高级", 3}, {"高级工", 3},
		     {"中级", 4},     {"中级工", 4}, {"初级", 5}, {"初级工", 5}};
	long long n;

	if (str_to_ll(v, 1, 5, &n) == 0)
		return (int)n;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (!strcmp(v, words[i].word))
			return words[i].level;
	for (int l = 1; l <= 5; l++)
		if (!strcmp(v, tr(LANG_ZH, i18n_level_key(l))))
			return l;
	return 0;
}

static int legacy_row(struct importer *im, const struct table_row *t)
{
	struct app_ctx *ctx = &im->row;
	const char *number = cell(im, t, C_NUMBER), *name = cell(im, t, C_NAME);
	const char *type = id_type_of(cell(im, t, C_ID_TYPE)),
		   *idn = cell(im, t, C_ID_NUMBER);
	const char *occ = cell(im, t, C_OCCUPATION), *lvl = cell(im, t, C_LEVEL);
	const char *issued = cell(im, t, C_ISSUED), *tname, *e;
	char norm[CERTNO_LEGACY_MAX + 1], blind[SEAL_BLIND_MAX], masked[ID_MASK_MAX];
	char upper[ID_NUMBER_MAX];
	struct certificate x, old;
	struct app_error ae;
	long long index;
	enum store_err rc;
	int level, year2, lv;

	if ((e = certno_legacy(number, norm, &level, &year2))) {
		problem(im, t->line, C_NUMBER, e);
		return 0;
	}
	if (!*name || !str_utf8_valid(name, strlen(name)) ||
	    str_utf8_len(name, strlen(name)) > 50) {
		problem(im, t->line, C_NAME, "val.person.name");
		return 0;
	}
	memset(&ae, 0, sizeof(ae));
	if (app_person_blind(ctx, *type ? type : "resident_id", idn, &tname, blind, &ae)) {
		if (ae.status != APP_INVALID)
			return *im->err = ae, -1;
		refuse(im, t->line, &ae, C_ID_NUMBER);
		return 0;
	}
	lv = *lvl ? legacy_level(lvl) : level;
	if (!lv || (level && lv != level)) {
		problem(im, t->line, C_LEVEL,
			lv ? "import.legacy_level_mismatch" : "import.legacy_level");
		return 0;
	}
	if (!time_date_valid(issued)) {
		problem(im, t->line, C_ISSUED, "import.legacy_date");
		return 0;
	}
	if (!*occ || !str_utf8_valid(occ, strlen(occ)) ||
	    str_utf8_len(occ, strlen(occ)) > 100) {
		problem(im, t->line, C_OCCUPATION, "import.legacy_occupation");
		return 0;
	}
	snprintf(upper, sizeof(upper), "%s", idn);
	for (char *u = upper; *u; u++)
		if (*u == 'x')
			*u = 'X';
	id_mask(upper, masked, sizeof(masked));
	rc = store_cert_by_number(im->c, ctx->arena, norm, &old);
	if (rc == STORE_OK) {
		if (written_now(im, old.created_at))
			problem(im, t->line, C_NUMBER, "import.duplicate");
		else if (!strcmp(old.line, "legacy") && !strcmp(old.id_blind, blind) &&
			 !strcmp(old.holder_name, name) && old.level == lv &&
			 !strcmp(old.issued_on, issued))
			im->rep->unchanged++;
		else
			problem(im, t->line, C_NUMBER, "import.legacy_exists");
		return 0;
	}
	if (rc != STORE_NOT_FOUND)
		return rc;
	memset(&x, 0, sizeof(x));
	x.number = norm;
	x.line = "legacy";
	x.institution_name = cell(im, t, C_ISSUER);
	x.holder_name = name;
	x.id_type = tname;
	x.id_blind = blind;
	x.id_masked = masked;
	x.occupation_code = cell(im, t, C_OCC_CODE);
	x.occupation_name = occ;
	x.work_type = "";
	x.level = lv;
	x.issued_on = issued;
	x.status = "valid";
	x.created_at = im->now;
	if ((rc = store_counter_next(im->c, "cert:status_index", &index)))
		return rc;
	x.status_index = index - 1;
	if ((rc = store_cert_insert(im->c, &x, &x.id)))
		return rc;
	/* no institution of the network's: its subscriptions only */
	if ((rc = app_event_cert_issued_tx(im->ctx, im->c, x.id, 0)))
		return rc;
	im->rep->created++;
	return 0;
}

/* ---- assessor qualifications ---- */

/* 考评员 / 高级考评员 or the code names; NULL when neither. */
static const char *grade_of(const char *v)
{
	if (!*v || !strcmp(v, "assessor") || !strcmp(v, "考评员"))
		return "assessor";
	if (!strcmp(v, "senior_assessor") || !strcmp(v, "高级考评员"))
		return "senior_assessor";
	return NULL;
}

static int legacy_level(const char *v);

/* 1-5, 一级…五级, or the words of legacy_level(); 0 when none. */
static int qualification_level(const char *v)
{
	static const char *const words[] = {"一级", "二级", "三级", "四级", "五级"};

	for (int l = 1; l <= 5; l++)
		if (!strcmp(v, words[l - 1]))
			return l;
	return legacy_level(v);
}

static int qualification_row(struct importer *im, const struct table_row *t)
{
	struct app_ctx *ctx = &im->row;
	struct person who;
	struct person_qualification *have;
	struct app_error e;
	const char *type, *code = cell(im, t, C_OCC_CODE),
			  *grade = grade_of(cell(im, t, C_GRADE));
	const char *lvl = cell(im, t, C_MAX_LEVEL), *from = cell(im, t, C_VALID_FROM);
	const char *to = cell(im, t, C_VALID_TO), *number = cell(im, t, C_NUMBER);
	char blind[SEAL_BLIND_MAX];
	size_t nhave, before = im->rep->nproblems;
	int level = *lvl ? qualification_level(lvl) : 5;
	enum store_err rc;
	enum app_status reach;
	uint64_t key;

	memset(&e, 0, sizeof(e));
	if (app_person_blind(ctx, id_type_of(cell(im, t, C_ID_TYPE)),
			     cell(im, t, C_ID_NUMBER), &type, blind, &e)) {
		if (e.status != APP_INVALID)
			return *im->err = e, -1;
		refuse(im, t->line, &e, C_ID_NUMBER);
	}
	/* the cells each on its own: every problem of the row */
	if (!occupation_code_valid(code))
		problem(im, t->line, C_OCC_CODE, "val.cert.occupation");
	if (!grade)
		problem(im, t->line, C_GRADE, "val.qualification.grade");
	if (!level)
		problem(im, t->line, C_MAX_LEVEL, "val.cert.level");
	if (!*from)
		from = im->today;
	if (!time_date_valid(from))
		problem(im, t->line, C_VALID_FROM, "val.date.invalid");
	else if (!time_date_valid(to) || strcmp(to, from) < 0)
		problem(im, t->line, C_VALID_TO, "val.date.invalid");
	if (!str_utf8_valid(number, strlen(number)) ||
	    str_utf8_len(number, strlen(number)) > 50)
		problem(im, t->line, C_NUMBER, "val.text.format");
	if (im->rep->nproblems != before)
		return 0;
	rc = store_person_by_blind(im->c, ctx->arena, type, blind, &who);
	if (rc == STORE_NOT_FOUND) {
		problem(im, t->line, C_ID_NUMBER, "plan.person_unknown");
		return 0;
	}
	if (rc)
		return rc;
	if (!im->network &&
	    (reach = app_person_reach(ctx, im->c, who.id, PERM_PERSON_MANAGE, &e))) {
		if (reach != APP_NOT_FOUND)
			return *im->err = e, -1;
		problem(im, t->line, C_ID_NUMBER, "plan.person_unknown");
		return 0;
	}
	key = row_hash(arena_printf(ctx->arena, "%lld", who.id), code,
		       arena_printf(ctx->arena, "%s\x1f%d\x1f%s\x1f%s", grade, level,
				    from, to));
	if ((rc = store_qualification_list(im->c, ctx->arena, who.id, &have, &nhave)))
		return rc;
	for (size_t i = 0; i < nhave; i++)
		if (!strcmp(have[i].occupation_code, code) &&
		    !strcmp(have[i].grade, grade) && have[i].max_level == level &&
		    !strcmp(have[i].valid_from, from) && !strcmp(have[i].valid_to, to)) {
			if (seen_line(im, key))
				duplicate(im, t->line, -1, key);
			else
				im->rep->unchanged++;
			return 0;
		}
	if ((rc = store_qualification_insert(im->c, who.id, code, grade, level, from, to,
					     number)))
		return rc;
	im->rep->created++;
	seen_put(im, key, t->line);
	return app_audit(ctx, im->c, "person.qualification", "person",
			 arena_printf(ctx->arena, "%lld", who.id), NULL,
			 app_json(ctx, "{s:s, s:s, s:i, s:s, s:s}", "occupation_code",
				  code, "grade", grade, "max_level", level, "valid_from",
				  from, "valid_to", to));
}

/* ---- the pass over the file ---- */

static bool blank_row(const struct table_row *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		if (t->cols[i][strspn(t->cols[i], " \t")])
			return false;
	return true;
}

static void header(struct importer *im, const struct table_row *t)
{
	im->header_seen = true;
	for (int c = 0; c < C_COUNT; c++) {
		im->col[c] = -1;
		for (size_t i = 0; i < t->ncols; i++) {
			const char *h = str_trim_dup(im->row.arena, t->cols[i]);

			for (int k = 0; h && k < 3 && headings[c][k]; k++)
				if (!strcasecmp(h, headings[c][k]))
					im->col[c] = (int)i;
		}
	}
	for (int k = 0; k < 3; k++) {
		enum col c = required[im->kind][k];

		if (c != C_COUNT && im->col[c] < 0)
			problem(im, t->line, (int)c, "import.missing_column");
	}
	if (im->kind == IMPORT_SCORES && im->col[C_ASSESSOR] < 0 &&
	    (std_level_has(standard_level(&im->std, im->plan.level), STD_PRACTICAL) ||
	     std_level_has(standard_level(&im->std, im->plan.level), STD_REVIEW)))
		problem(im, t->line, C_ASSESSOR, "import.missing_column");
}

static int on_row(const struct table_row *t, void *arg)
{
	struct importer *im = arg;
	int rc = 0; /* a store error, or -1 with err filled (see fatal) */

	if (blank_row(t))
		return 0;
	if (!im->header_seen) {
		header(im, t);
		/* without its columns no row can be read: stop at the header */
		return im->rep->nproblems ? 1 : im->fatal;
	}
	im->rep->rows++;
	switch (im->kind) {
	case IMPORT_PEOPLE: rc = person_row(im, t); break;
	case IMPORT_ENROLMENTS: rc = enrolment_row(im, t); break;
	case IMPORT_SCORES: rc = score_row(im, t); break;
	case IMPORT_LEGACY: rc = legacy_row(im, t); break;
	case IMPORT_QUALIFICATIONS: rc = qualification_row(im, t); break;
	}
	/* the rows' strings go every 256 rows (memory stays bounded, and
	 * the allocator is not asked on every row); the report's stay in the
	 * caller's arena */
	if (im->rep->rows % IMPORT_BATCH == 0) {
		/* the people held live in the scratch arena */
		if (!rc && !im->fatal)
			rc = flush_people(im);
		im->npending = 0;
		im->pending = NULL;
		arena_release(&im->scratch);
		arena_init(&im->scratch);
	}
	if (im->opts && im->opts->progress && im->rep->rows % 512 == 0)
		im->opts->progress(im->rep->rows, t->done, t->total, im->opts->progress_arg);
	if (rc) {
		im->fatal = rc;
		return 1;
	}
	return im->fatal ? 1 : 0;
}

/* Loads what enrolment and score rows check against, once. */
static int open_plan(struct importer *im)
{
	struct app_ctx *ctx = im->ctx;
	enum store_err rc;
	int st;

	/* enrolments: the plan's lock first (a concurrent acceptance or
	 * enrolment waits, then counts against the capacity) */
	if (im->kind == IMPORT_ENROLMENTS && app_plan_lock(ctx, im->c, im->plan.id, im->err))
		return -1;
	if (app_plan_load(ctx, im->c, im->plan.id, PERM_PLAN_MANAGE, &im->plan, &im->std,
			  im->err))
		return -1;
	st = plan_status_parse(im->plan.status);
	if (im->kind == IMPORT_ENROLMENTS &&
	    (st < 0 || !plan_enrolment_open((enum plan_status)st)))
		return app_fail(im->err, APP_INVALID, NULL, "plan.refuse.enrolment"), -1;
	if (im->kind == IMPORT_SCORES && st != PLAN_IN_PROGRESS)
		return app_fail(im->err, APP_INVALID, NULL, "score.plan_not_in_progress"),
		       -1;
	rc = store_room_list(im->c, ctx->arena, im->plan.id, &im->rooms, &im->nrooms);
	if (rc == STORE_OK)
		rc = store_staff_list(im->c, ctx->arena, im->plan.id, &im->staff,
				      &im->nstaff);
	return rc;
}

enum app_status app_assess_import(struct app_ctx *ctx, enum assess_import kind,
				  long long plan_id, const void *data, size_t len,
				  const char *path, const struct assess_import_opts *o,
				  struct import_report *rep, struct app_error *err)
{
	static const char *const actions[] = {"import.people", "import.enrolments",
					      "import.scores", "import.legacy",
					      "import.qualifications"};
	struct importer im;
	bool dry = o && o->dry_run;
	enum store_err rc;
	int read; /* open_plan: store rc or -1; then app_import_read's status */

	memset(rep, 0, sizeof(*rep));
	memset(&im, 0, sizeof(im));
	if (!ctx->actor)
		return app_fail(err, APP_UNAUTHENTICATED, NULL, "err.login_required");
	if ((kind == IMPORT_PEOPLE || kind == IMPORT_QUALIFICATIONS) &&
	    !app_can(ctx, PERM_PERSON_MANAGE))
		return app_fail(err, APP_FORBIDDEN, NULL, "err.forbidden");
	im.ctx = ctx;
	im.row = *ctx;
	arena_init(&im.scratch);
	im.row.arena = &im.scratch;
	im.kind = kind;
	im.opts = o;
	im.rep = rep;
	im.err = err;
	im.plan.id = plan_id;
	time_today(im.today, sizeof(im.today));
	/* unique to this run: see written_now() */
	time_now_iso_ms(im.now, sizeof(im.now));
	if (app_keys_load(ctx, err) || !(im.c = app_begin(ctx, err))) {
		arena_release(&im.scratch);
		return err->status;
	}
	/* legacy records belong to no institution of the registry: the
	 * network's certificate managers import them */
	if (kind == IMPORT_LEGACY && app_authorize(ctx, im.c, PERM_CERT_MANAGE, 0, err)) {
		arena_release(&im.scratch);
		return app_abort(ctx, im.c, err);
	}
	if ((kind == IMPORT_ENROLMENTS || kind == IMPORT_SCORES) &&
	    (read = open_plan(&im)) != 0) {
		arena_release(&im.scratch);
		return read < 0 ? app_abort(ctx, im.c, err)
				: app_finish(ctx, im.c, (enum store_err)read, err);
	}
	/* new people are registered for the actor's institution; existing
	 * ones are changed only inside the actor's reach */
	if (kind == IMPORT_PEOPLE || kind == IMPORT_QUALIFICATIONS) {
		struct app_error e;

		if (kind == IMPORT_PEOPLE &&
		    app_person_registrar(ctx, im.c, o ? o->institution_id : 0, &im.home,
					 err)) {
			arena_release(&im.scratch);
			return app_abort(ctx, im.c, err);
		}
		memset(&e, 0, sizeof(e));
		im.network = app_authorize(ctx, im.c, PERM_PERSON_MANAGE, 0, &e) == APP_OK;
	}
	/* on_row stops at a fatal error: the file was then readable */
	read = app_import_read(ctx, path, data, len, on_row, &im, err);
	if (!im.fatal && !read)
		im.fatal = flush_people(&im);
	arena_release(&im.scratch);
	if (o && o->progress)
		o->progress(rep->rows, 1, 1, o->progress_arg);
	if (im.fatal < 0)
		return app_abort(ctx, im.c, err);
	if (im.fatal)
		return app_finish(ctx, im.c, (enum store_err)im.fatal, err);
	if (read)
		return app_abort(ctx, im.c, err);
	if (!im.header_seen) {
		app_fail(err, APP_INVALID, "file", "import.empty");
		return app_abort(ctx, im.c, err);
	}
	if (dry || rep->nproblems) {
		store_rollback(im.c);
		store_release(im.c);
		if (rep->nproblems && !dry) {
			rep->created = rep->updated = rep->unchanged = 0;
			return app_fail(err, APP_INVALID, "file", "import.has_problems");
		}
		return APP_OK;
	}
	rc = app_audit(ctx, im.c, actions[kind],
		       kind == IMPORT_PEOPLE || kind == IMPORT_QUALIFICATIONS ? "person"
		       : kind == IMPORT_LEGACY ? "certificate"
					       : "plan",
		       kind == IMPORT_PEOPLE || kind == IMPORT_LEGACY ||
				       kind == IMPORT_QUALIFICATIONS
			       ? ""
			       : arena_printf(ctx->arena, "%lld", plan_id),
		       NULL,
		       app_json(ctx, "{s:I, s:I, s:I, s:I}", "rows", (json_int_t)rep->rows,
				"created", (json_int_t)rep->created, "updated",
				(json_int_t)rep->updated, "unchanged",
				(json_int_t)rep->unchanged));
	return app_finish(ctx, im.c, rc, err);
}

enum app_status app_import_read(struct app_ctx *ctx, const char *path, const void *data,
				size_t len, int (*row_fn)(const struct table_row *, void *),
				void *arg, struct app_error *err)
{
	char terr[256];
	int read = path ? table_read_file(path, TABLE_AUTO, row_fn, arg, terr, sizeof(terr))
			: table_read_mem(data, len, TABLE_AUTO, row_fn, arg, terr,
					 sizeof(terr));

	if (read >= 0)
		return APP_OK;
	app_fail(err, APP_INVALID, "file", "import.unreadable");
	err->detail = arena_strdup(ctx->arena, terr);
	return err->status;
}

/* ---- the problems, for the user to fix the file against ---- */

const char *app_import_problem_text(struct arena *a, int lang,
				    const struct import_problem *q)
{
	enum lang l = lang == LANG_EN ? LANG_EN : LANG_ZH;
	const char *text = tr(l, q->msg), *sep = l == LANG_ZH ? "；" : "; ";

	if (q->accepted == 1 + SYN_EDUCATION || q->accepted == 1 + SYN_ID_TYPE) {
		enum synonym_field f = (enum synonym_field)(q->accepted - 1);
		size_t n = synonym_accepted(f, l, NULL, 0) + 1;
		char *values = arena_alloc(a, n);

		synonym_accepted(f, l, values, n);
		text = arena_printf(a, "%s%s%s%s", text, sep, tr(l, "import.accepted"),
				    values);
	}
	if (q->same_as) {
		const char *same = tr(l, "import.same_as"), *at = strstr(same, "{n}");

		text = at ? arena_printf(a, "%s%s%.*s%zu%s", text, sep, (int)(at - same),
					 same, q->same_as, at + 3)
			  : arena_printf(a, "%s%s%s", text, sep, same);
	}
	return text;
}

struct problem_iter {
	struct app_ctx *ctx;
	const struct import_report *rep;
	size_t i;
	enum lang lang;
};

static int next_problem(void *arg, const char **cols)
{
	struct problem_iter *it = arg;
	const struct import_problem *q;
	size_t kept = it->rep->nproblems < ASSESS_IMPORT_MAX_PROBLEMS
			      ? it->rep->nproblems
			      : ASSESS_IMPORT_MAX_PROBLEMS;

	if (it->i >= kept)
		return 0;
	q = &it->rep->problems[it->i++];
	cols[0] = arena_printf(it->ctx->arena, "%zu", q->line);
	cols[1] = q->column ? q->column : "";
	cols[2] = app_import_problem_text(it->ctx->arena, it->lang, q);
	return cols[0] ? 1 : -1;
}

enum app_status app_import_problems_xlsx(struct app_ctx *ctx, int lang,
					 const struct import_report *rep, struct buf *out,
					 struct app_error *err)
{
	struct problem_iter it = {ctx, rep, 0, lang == LANG_EN ? LANG_EN : LANG_ZH};
	const char *header[3];
	char terr[256];

	header[0] = tr(it.lang, "import.col.line");
	header[1] = tr(it.lang, "import.col.column");
	header[2] = tr(it.lang, "import.col.problem");
	if (table_write_xlsx(tr(it.lang, "import.problems"), 3, header, next_problem, &it,
			     out, terr, sizeof(terr))) {
		app_fail(err, APP_INTERNAL, NULL, "err.internal");
		err->detail = arena_strdup(ctx->arena, terr);
		return err->status;
	}
	return APP_OK;
}
