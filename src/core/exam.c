/*
 * exam.c - the rules of a computer-based theory exam: blueprint, quotas,
 * assembly, parallel forms, the canonical form, marking and item
 * statistics (exam.h).
 */
#include "core/exam.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "core/scoring.h"

static const char *const keys[] = {
	"err.exam.shortfall",
	"val.blueprint.band",
	"val.blueprint.json",
	"val.blueprint.level",
	"val.blueprint.minutes",
	"val.blueprint.occupation",
	"val.blueprint.point_code",
	"val.blueprint.point_name",
	"val.blueprint.point_repeated",
	"val.blueprint.points",
	"val.blueprint.section_count",
	"val.blueprint.section_kind",
	"val.blueprint.section_repeated",
	"val.blueprint.section_score",
	"val.blueprint.sections",
	"val.blueprint.too_many_items",
	"val.blueprint.total",
	"val.blueprint.unknown",
	"val.blueprint.version",
	"val.blueprint.weight",
	"val.blueprint.weights_sum",
	NULL,
};

const char *const *exam_keys(void) { return keys; }

/* ---- the blueprint ---- */

struct pctx {
	struct exam_blueprint *bp;
	struct rule_error *err;
};

static bool bad(struct pctx *c, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static bool bad(struct pctx *c, const char *key, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->bp->where, sizeof(c->bp->where), fmt, ap);
	va_end(ap);
	c->err->field = c->bp->where;
	c->err->msg = key;
	return false;
}

/* printable ASCII without spaces, 1..max-1 bytes, copied into out[max] */
static bool code_copy(const json_t *v, char *out, size_t max)
{
	const char *s;
	size_t n;

	if (!json_is_string(v))
		return false;
	s = json_string_value(v);
	n = json_string_length(v);
	if (n == 0 || n >= max || strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	memcpy(out, s, n + 1);
	return true;
}

/* an integer lo..hi */
static bool int_in(const json_t *v, long long lo, long long hi, int *out)
{
	long long x;

	if (!json_is_integer(v))
		return false;
	x = json_integer_value(v);
	if (x < lo || x > hi)
		return false;
	*out = (int)x;
	return true;
}

/* only the members in names (NULL-terminated); else the first other one */
static const char *unknown_member(const json_t *obj, const char *const *names)
{
	const char *k;
	const json_t *v;

	json_object_foreach((json_t *)obj, k, v)
	{
		size_t i;

		(void)v;
		for (i = 0; names[i] && strcmp(names[i], k); i++)
			;
		if (!names[i])
			return k;
	}
	return NULL;
}

static bool parse_points(struct pctx *c, const json_t *arr)
{
	static const char *const names[] = {"code", "name", "weight", NULL};
	struct exam_blueprint *bp = c->bp;
	int sum = 0;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > EXAM_MAX_POINTS)
		return bad(c, "val.blueprint.points", "points");
	bp->npoints = json_array_size(arr);
	for (size_t i = 0; i < bp->npoints; i++) {
		const json_t *o = json_array_get(arr, i);
		struct exam_point *pt = &bp->points[i];
		const json_t *name;
		const char *u, *s;
		size_t n;

		if (!json_is_object(o))
			return bad(c, "val.blueprint.points", "points[%zu]", i);
		if ((u = unknown_member(o, names)))
			return bad(c, "val.blueprint.unknown", "points[%zu].%s", i, u);
		if (!code_copy(json_object_get(o, "code"), pt->code, sizeof(pt->code)))
			return bad(c, "val.blueprint.point_code", "points[%zu].code", i);
		for (size_t j = 0; j < i; j++)
			if (!strcmp(bp->points[j].code, pt->code))
				return bad(c, "val.blueprint.point_repeated",
					   "points[%zu].code", i);
		name = json_object_get(o, "name");
		if (!json_is_string(name))
			return bad(c, "val.blueprint.point_name", "points[%zu].name", i);
		s = json_string_value(name);
		n = json_string_length(name);
		if (!s[strspn(s, " \t\r\n")] || n > EXAM_NAME_MAX || strlen(s) != n)
			return bad(c, "val.blueprint.point_name", "points[%zu].name", i);
		memcpy(pt->name, s, n + 1);
		if (!int_in(json_object_get(o, "weight"), 1, 100, &pt->weight))
			return bad(c, "val.blueprint.weight", "points[%zu].weight", i);
		sum += pt->weight;
	}
	if (sum != 100)
		return bad(c, "val.blueprint.weights_sum", "points");
	return true;
}

static bool parse_sections(struct pctx *c, const json_t *arr)
{
	static const char *const names[] = {"kind", "count", "score", NULL};
	struct exam_blueprint *bp = c->bp;
	int total = 0, items = 0;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > EXAM_NKINDS)
		return bad(c, "val.blueprint.sections", "sections");
	for (size_t i = 0; i < json_array_size(arr); i++) {
		const json_t *o = json_array_get(arr, i);
		const json_t *kv;
		enum item_kind k;
		int count, score;
		const char *u;

		if (!json_is_object(o))
			return bad(c, "val.blueprint.sections", "sections[%zu]", i);
		if ((u = unknown_member(o, names)))
			return bad(c, "val.blueprint.unknown", "sections[%zu].%s", i, u);
		kv = json_object_get(o, "kind");
		k = json_is_string(kv) ? item_kind_parse(json_string_value(kv)) : 0;
		if (!k)
			return bad(c, "val.blueprint.section_kind", "sections[%zu].kind", i);
		if (bp->count[k - 1])
			return bad(c, "val.blueprint.section_repeated",
				   "sections[%zu].kind", i);
		if (!int_in(json_object_get(o, "count"), 1, EXAM_MAX_ITEMS, &count))
			return bad(c, "val.blueprint.section_count",
				   "sections[%zu].count", i);
		if (!int_in(json_object_get(o, "score"), 1, SCORE_MAX, &score))
			return bad(c, "val.blueprint.section_score",
				   "sections[%zu].score", i);
		bp->count[k - 1] = count;
		bp->score[k - 1] = score;
		items += count;
		total += count * score;
	}
	if (items > EXAM_MAX_ITEMS)
		return bad(c, "val.blueprint.too_many_items", "sections");
	if (total != SCORE_MAX)
		return bad(c, "val.blueprint.total", "sections");
	return true;
}

static bool parse_band(struct pctx *c, const json_t *o)
{
	static const char *const names[] = {"min", "max", NULL};
	const json_t *lo = json_object_get(o, "min"), *hi = json_object_get(o, "max");
	const char *u;

	if (!json_is_object(o))
		return bad(c, "val.blueprint.band", "difficulty");
	if ((u = unknown_member(o, names)))
		return bad(c, "val.blueprint.unknown", "difficulty.%s", u);
	if (!json_is_number(lo) || json_number_value(lo) < 0 || json_number_value(lo) > 1)
		return bad(c, "val.blueprint.band", "difficulty.min");
	if (!json_is_number(hi) || json_number_value(hi) < json_number_value(lo) ||
	    json_number_value(hi) > 1)
		return bad(c, "val.blueprint.band", "difficulty.max");
	c->bp->has_band = true;
	c->bp->band_min = json_number_value(lo);
	c->bp->band_max = json_number_value(hi);
	return true;
}

static bool parse_root(struct pctx *c, const json_t *root)
{
	static const char *const names[] = {"occupation", "level",  "version",
					    "minutes",    "points", "sections",
					    "difficulty", NULL};
	struct exam_blueprint *bp = c->bp;
	const json_t *v;
	const char *u;

	if (!json_is_object(root))
		return bad(c, "val.blueprint.json", "%s", "");
	if ((u = unknown_member(root, names)))
		return bad(c, "val.blueprint.unknown", "%s", u);
	v = json_object_get(root, "occupation");
	if (!code_copy(v, bp->occupation, sizeof(bp->occupation)) ||
	    strspn(bp->occupation, "0123456789-") != strlen(bp->occupation))
		return bad(c, "val.blueprint.occupation", "occupation");
	if (!int_in(json_object_get(root, "level"), 1, 5, &bp->level))
		return bad(c, "val.blueprint.level", "level");
	if (!code_copy(json_object_get(root, "version"), bp->version, sizeof(bp->version)))
		return bad(c, "val.blueprint.version", "version");
	if (!int_in(json_object_get(root, "minutes"), 1, 600, &bp->minutes))
		return bad(c, "val.blueprint.minutes", "minutes");
	if (!parse_points(c, json_object_get(root, "points")))
		return false;
	if (!parse_sections(c, json_object_get(root, "sections")))
		return false;
	v = json_object_get(root, "difficulty");
	if (v && !json_is_null(v) && !parse_band(c, v))
		return false;
	return true;
}

bool exam_blueprint_parse(const char *json, struct exam_blueprint *out,
			  struct rule_error *err)
{
	struct pctx c = {out, err};
	json_error_t jerr;
	json_t *root;
	bool ok;

	memset(out, 0, sizeof(*out));
	err->field = NULL;
	err->msg = NULL;
	root = json ? json_loads(json, JSON_REJECT_DUPLICATES, &jerr) : NULL;
	if (!root)
		return bad(&c, "val.blueprint.json", "%s", "");
	ok = parse_root(&c, root);
	json_decref(root);
	return ok;
}

void exam_blueprint_quota(const struct exam_blueprint *bp, int quota[][EXAM_NKINDS])
{
	for (int k = 0; k < EXAM_NKINDS; k++) {
		int rem[EXAM_MAX_POINTS];
		int left = bp->count[k];

		for (size_t p = 0; p < bp->npoints; p++) {
			int exact = bp->count[k] * bp->points[p].weight;

			quota[p][k] = exact / 100;
			rem[p] = exact % 100;
			left -= quota[p][k];
		}
		/* weights sum to 100, so fewer than npoints are left over */
		for (; left > 0; left--) {
			size_t best = 0;

			for (size_t p = 1; p < bp->npoints; p++)
				if (rem[p] > rem[best])
					best = p;
			if (rem[best] < 0)
				break; /* weights not summing to 100: not a parsed blueprint */
			quota[best][k]++;
			rem[best] = -1;
		}
	}
}

/* ---- a small PRNG: splitmix64 (Steele, Lea, Flood 2014) ---- */

static uint64_t splitmix64(uint64_t *s)
{
	uint64_t z = (*s += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t mix(uint64_t x) { return splitmix64(&x); }

static uint64_t fnv1a(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
	return h;
}

/* a draw in 0..n-1 (n ≥ 1), without modulo bias */
static size_t below(uint64_t *s, size_t n)
{
	uint64_t lim = UINT64_MAX - UINT64_MAX % n, x;

	do
		x = splitmix64(s);
	while (x >= lim);
	return (size_t)(x % n);
}

/* ---- assembly ---- */

struct cand {
	size_t idx;
	int used;
	uint64_t key;
};

static int cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->used != y->used)
		return x->used < y->used ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

struct group {
	size_t start, len; /* in the candidate array */
	int quota;         /* the first quota of them are picked */
};

static double band_distance(const struct exam_blueprint *bp, double sum, int cnt)
{
	double mean = sum / cnt;

	if (mean < bp->band_min)
		return bp->band_min - mean;
	if (mean > bp->band_max)
		return mean - bp->band_max;
	return 0;
}

/* the known p-values of the picked items: sum and count */
static void picked_p(const struct exam_bank_item *bank, const struct cand *cs,
		     const struct group *gs, size_t ng, double *sum, int *cnt)
{
	*sum = 0;
	*cnt = 0;
	for (size_t g = 0; g < ng; g++)
		for (size_t j = 0; j < (size_t)gs[g].quota; j++) {
			double p = bank[cs[gs[g].start + j].idx].p_value;

			if (p >= 0) {
				*sum += p;
				(*cnt)++;
			}
		}
}

/* swaps a picked item for an unpicked one of its group while that brings
 * the mean known p-value closer to the band; whether it ends in it */
static bool band_improve(const struct exam_blueprint *bp, const struct exam_bank_item *bank,
			 struct cand *cs, const struct group *gs, size_t ng, size_t n)
{
	double sum, d;
	int cnt;

	picked_p(bank, cs, gs, ng, &sum, &cnt);
	if (cnt == 0)
		return false;
	d = band_distance(bp, sum, cnt);
	/* every swap lowers d strictly, so this ends; the bound is a guard */
	for (size_t round = 0; d > 0 && round < EXAM_MAX_ITEMS + n; round++) {
		double best = d;
		size_t ba = 0, bb = 0;

		for (size_t g = 0; g < ng; g++)
			for (size_t a = gs[g].start;
			     a < gs[g].start + (size_t)gs[g].quota; a++)
				for (size_t b = gs[g].start + (size_t)gs[g].quota;
				     b < gs[g].start + gs[g].len; b++) {
					double pa = bank[cs[a].idx].p_value;
					double pb = bank[cs[b].idx].p_value;
					double s2 = sum - (pa >= 0 ? pa : 0) +
						    (pb >= 0 ? pb : 0);
					int c2 = cnt - (pa >= 0) + (pb >= 0);
					double d2;

					if (c2 == 0)
						continue;
					d2 = band_distance(bp, s2, c2);
					if (d2 < best - 1e-12) {
						best = d2;
						ba = a;
						bb = b;
					}
				}
		if (best >= d)
			break;
		{
			struct cand t = cs[ba];

			cs[ba] = cs[bb];
			cs[bb] = t;
		}
		picked_p(bank, cs, gs, ng, &sum, &cnt);
		d = band_distance(bp, sum, cnt);
	}
	return d <= 0;
}

bool exam_assemble(const struct exam_blueprint *bp, const struct exam_bank_item *bank,
		   size_t n, uint64_t seed, struct exam_paper *out, struct rule_error *err)
{
	int quota[EXAM_MAX_POINTS][EXAM_NKINDS];
	struct group gs[EXAM_MAX_POINTS * EXAM_NKINDS];
	struct cand *cs;
	size_t ng = 0, nc = 0;
	bool ok = true;

	memset(out, 0, sizeof(*out));
	out->seed = seed;
	out->mean_p = -1;
	err->field = NULL;
	err->msg = NULL;
	cs = malloc((n ? n : 1) * sizeof(*cs));
	if (!cs)
		arena_oom("exam candidates", n * sizeof(*cs));
	exam_blueprint_quota(bp, quota);
	/* the groups in paper order: kinds single, multi, tf; then points */
	for (int k = 0; k < EXAM_NKINDS && ok; k++) {
		if (!bp->count[k])
			continue;
		for (size_t p = 0; p < bp->npoints; p++) {
			struct group *g = &gs[ng++];

			g->start = nc;
			g->quota = quota[p][k];
			for (size_t i = 0; i < n; i++) {
				const struct item *it = bank[i].item;

				if (!it || bank[i].retired ||
				    it->kind != (enum item_kind)(k + 1) ||
				    strcmp(it->point, bp->points[p].code) ||
				    item_check(it, NULL))
					continue;
				cs[nc].idx = i;
				cs[nc].used = bank[i].used;
				cs[nc].key = mix(seed ^ fnv1a(it->ref));
				nc++;
			}
			g->len = nc - g->start;
			if (g->len < (size_t)g->quota) {
				snprintf(out->where, sizeof(out->where), "%s.%s",
					 bp->points[p].code,
					 item_kind_name((enum item_kind)(k + 1)));
				out->missing = g->quota - (int)g->len;
				err->field = out->where;
				err->msg = "err.exam.shortfall";
				ok = false;
				break;
			}
			qsort(cs + g->start, g->len, sizeof(*cs), cand_cmp);
		}
	}
	if (ok) {
		double sum;
		int cnt;

		if (bp->has_band && !band_improve(bp, bank, cs, gs, ng, n)) {
			picked_p(bank, cs, gs, ng, &sum, &cnt);
			out->warnings |= cnt ? EXAM_WARN_BAND : EXAM_WARN_NO_PVALUE;
		}
		for (size_t g = 0; g < ng; g++) {
			for (size_t j = 0; j < (size_t)gs[g].quota; j++) {
				struct exam_paper_item *pi = &out->items[out->n++];

				pi->bank_index = cs[gs[g].start + j].idx;
				pi->item = bank[pi->bank_index].item;
				pi->score = bp->score[pi->item->kind - 1];
				out->total += pi->score;
			}
		}
		picked_p(bank, cs, gs, ng, &sum, &cnt);
		if (cnt)
			out->mean_p = sum / cnt;
	}
	free(cs);
	return ok;
}

/* ---- parallel forms ---- */

void exam_form_order(const struct exam_paper *p, uint64_t candidate_seed,
		     struct exam_form *out)
{
	uint64_t s = mix(p->seed ^ mix(candidate_seed ^ 0x5eed5eed5eed5eedull));

	memset(out, 0, sizeof(*out));
	out->n = p->n;
	for (size_t i = 0; i < p->n; i++)
		out->order[i] = (uint16_t)i;
	/* items within each section (a run of one kind) */
	for (size_t lo = 0; lo < p->n;) {
		size_t hi = lo + 1;

		while (hi < p->n && p->items[hi].item->kind == p->items[lo].item->kind)
			hi++;
		for (size_t i = hi - lo; i > 1; i--) {
			size_t j = below(&s, i);
			uint16_t t = out->order[lo + i - 1];

			out->order[lo + i - 1] = out->order[lo + j];
			out->order[lo + j] = t;
		}
		lo = hi;
	}
	/* each choice item's options */
	for (size_t i = 0; i < p->n; i++) {
		const struct item *it = p->items[i].item;
		int no = it->kind == ITEM_TF ? 2 : it->noptions;

		if (no < 0 || no > ITEM_MAX_OPTIONS)
			no = 0;
		out->noptions[i] = (uint8_t)no;
		for (int j = 0; j < no; j++)
			out->option[i][j] = (uint8_t)j;
		if (it->kind == ITEM_TF)
			continue;
		for (int j = no; j > 1; j--) {
			size_t r = below(&s, (size_t)j);
			uint8_t t = out->option[i][j - 1];

			out->option[i][j - 1] = out->option[i][r];
			out->option[i][r] = t;
		}
	}
}

unsigned exam_form_original(const struct exam_form *f, size_t i, unsigned shown)
{
	unsigned orig = 0;

	if (i >= f->n)
		return 0;
	if (shown >> f->noptions[i])
		return shown; /* a letter past the options: stays wrong */
	for (int j = 0; j < f->noptions[i]; j++)
		if (shown & (1u << j))
			orig |= 1u << f->option[i][j];
	return orig;
}

void exam_form_answers(const struct exam_form *f, const unsigned *shown, unsigned *original)
{
	for (size_t s = 0; s < f->n; s++)
		original[f->order[s]] = exam_form_original(f, f->order[s], shown[s]);
}

/* ---- sealing ---- */

static void put_str(struct buf *b, const char *label, const char *s)
{
	buf_printf(b, "%s %zu:", label, strlen(s));
	buf_puts(b, s);
	buf_putc(b, '\n');
}

bool exam_paper_canonical(const struct exam_paper *p, struct buf *out)
{
	buf_printf(out, "skillcert-exam-paper/1 items %zu total %d\n", p->n, p->total);
	for (size_t i = 0; i < p->n; i++) {
		const struct item *it = p->items[i].item;
		char letters[ITEM_MAX_OPTIONS + 1];
		const char *kind = item_kind_name(it->kind);

		item_key_letters(it, letters);
		buf_printf(out, "item %zu\n", i + 1);
		put_str(out, "ref", it->ref);
		buf_printf(out, "kind %s\n", kind ? kind : "?");
		put_str(out, "point", it->point);
		buf_printf(out, "score %d\n", p->items[i].score);
		buf_printf(out, "key %s\n", letters);
		put_str(out, "stem", it->stem ? it->stem : "");
		for (int j = 0; j < it->noptions && j < ITEM_MAX_OPTIONS; j++) {
			char label[16];

			snprintf(label, sizeof(label), "option %c", 'A' + j);
			put_str(out, label, it->options[j] ? it->options[j] : "");
		}
		if (it->explanation)
			put_str(out, "explanation", it->explanation);
		else
			buf_puts(out, "explanation -\n");
	}
	return !buf_failed(out);
}

/* ---- marking ---- */

size_t exam_mark(const struct exam_paper *p, const unsigned *answers, int *tenths_out,
		 bool *correct_out)
{
	size_t right = 0;
	int total = 0;

	for (size_t i = 0; i < p->n; i++) {
		unsigned key = p->items[i].item->key;
		bool ok = answers[i] != 0 && answers[i] == key;

		if (ok) {
			total += p->items[i].score;
			right++;
		}
		if (correct_out)
			correct_out[i] = ok;
	}
	*tenths_out = total;
	return right;
}

/* ---- item statistics ---- */

void exam_item_stats(const struct exam_response *r, size_t n, struct exam_item_stat *out)
{
	double sum = 0, sum1 = 0, var = 0, mean, sd;
	size_t n1 = 0;

	memset(out, 0, sizeof(*out));
	out->n = n;
	for (size_t i = 0; i < n; i++) {
		double x = r[i].total - (r[i].right ? r[i].score : 0);

		sum += x;
		if (r[i].right) {
			sum1 += x;
			n1++;
		}
	}
	if (n) {
		out->p = (double)n1 / (double)n;
		mean = sum / (double)n;
		for (size_t i = 0; i < n; i++) {
			double x = r[i].total - (r[i].right ? r[i].score : 0);

			var += (x - mean) * (x - mean);
		}
		sd = sqrt(var / (double)n);
		if (n1 > 0 && n1 < n && sd > 1e-9) {
			double m1 = sum1 / (double)n1;
			double m0 = (sum - sum1) / (double)(n - n1);

			out->has_r = true;
			out->r_pb = (m1 - m0) / sd * sqrt(out->p * (1 - out->p));
		}
	}
	if (n < EXAM_STATS_MIN) {
		out->flags = EXAM_STAT_FEW;
		return;
	}
	if (out->p < 0.2)
		out->flags |= EXAM_STAT_HARD;
	if (out->p > 0.9)
		out->flags |= EXAM_STAT_EASY;
	if (!out->has_r || out->r_pb < 0.2)
		out->flags |= EXAM_STAT_POOR;
}

void exam_paper_stats(const struct exam_paper *p, const int *totals, const bool *right,
		      size_t nattempts, struct exam_item_stat *out)
{
	struct exam_response *r = malloc((nattempts ? nattempts : 1) * sizeof(*r));

	if (!r)
		arena_oom("exam responses", nattempts * sizeof(*r));
	for (size_t i = 0; i < p->n; i++) {
		for (size_t a = 0; a < nattempts; a++) {
			r[a].total = totals[a];
			r[a].score = p->items[i].score;
			r[a].right = right[a * p->n + i];
		}
		exam_item_stats(r, nattempts, &out[i]);
	}
	free(r);
}
