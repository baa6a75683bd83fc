/*
 * itemsheet.c - the item writers' spreadsheet: its header, one row to an
 * item, an item to its row's cells (itemsheet.h).
 */
#include "core/itemsheet.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const fields[ITEMSHEET_NCOLS] = {
	[ITEMSHEET_REF] = "ref",
	[ITEMSHEET_KIND] = "kind",
	[ITEMSHEET_POINT] = "point",
	[ITEMSHEET_STEM] = "stem",
	[ITEMSHEET_OPTION_A] = "option_a",
	[ITEMSHEET_OPTION_A + 1] = "option_b",
	[ITEMSHEET_OPTION_A + 2] = "option_c",
	[ITEMSHEET_OPTION_A + 3] = "option_d",
	[ITEMSHEET_OPTION_A + 4] = "option_e",
	[ITEMSHEET_OPTION_A + 5] = "option_f",
	[ITEMSHEET_OPTION_A + 6] = "option_g",
	[ITEMSHEET_OPTION_A + 7] = "option_h",
	[ITEMSHEET_KEY] = "key",
	[ITEMSHEET_EXPLANATION] = "explanation",
};

static const char *const titles_zh[ITEMSHEET_NCOLS] = {
	[ITEMSHEET_REF] = "试题编号",       [ITEMSHEET_KIND] = "题型",
	[ITEMSHEET_POINT] = "鉴定要素",     [ITEMSHEET_STEM] = "题干",
	[ITEMSHEET_OPTION_A] = "选项A",     [ITEMSHEET_OPTION_A + 1] = "选项B",
	[ITEMSHEET_OPTION_A + 2] = "选项C", [ITEMSHEET_OPTION_A + 3] = "选项D",
	[ITEMSHEET_OPTION_A + 4] = "选项E", [ITEMSHEET_OPTION_A + 5] = "选项F",
	[ITEMSHEET_OPTION_A + 6] = "选项G", [ITEMSHEET_OPTION_A + 7] = "选项H",
	[ITEMSHEET_KEY] = "答案",           [ITEMSHEET_EXPLANATION] = "解析",
};

/* Other names a column goes by, normalized as norm() makes them. */
static const struct {
	enum itemsheet_col col;
	const char *name;
} aliases[] = {
	{ITEMSHEET_REF, "题号"},
	{ITEMSHEET_REF, "编号"},
	{ITEMSHEET_REF, "code"},
	{ITEMSHEET_KIND, "type"},
	{ITEMSHEET_KIND, "试题类型"},
	{ITEMSHEET_POINT, "鉴定点"},
	{ITEMSHEET_POINT, "知识点"},
	{ITEMSHEET_POINT, "鉴定要素代码"},
	{ITEMSHEET_STEM, "试题内容"},
	{ITEMSHEET_STEM, "question"},
	{ITEMSHEET_KEY, "正确答案"},
	{ITEMSHEET_KEY, "answer"},
	{ITEMSHEET_EXPLANATION, "答案解析"},
	{ITEMSHEET_EXPLANATION, "试题解析"},
};

/* Kinds as item writers spell them. */
static const struct {
	const char *name;
	enum item_kind kind;
} kinds[] = {
	{"单选", ITEM_SINGLE},      {"单选题", ITEM_SINGLE}, {"单项选择题", ITEM_SINGLE},
	{"single", ITEM_SINGLE},    {"多选", ITEM_MULTI},    {"多选题", ITEM_MULTI},
	{"多项选择题", ITEM_MULTI}, {"multi", ITEM_MULTI},   {"multiple", ITEM_MULTI},
	{"判断", ITEM_TF},          {"判断题", ITEM_TF},     {"tf", ITEM_TF},
	{"true/false", ITEM_TF},
};

/* The two choices a true/false row may spell out, true first. */
static const char *const tf_pairs[][2] = {
	{"正确", "错误"}, {"对", "错"}, {"true", "false"}, {"√", "×"}};

const char *itemsheet_field(enum itemsheet_col c)
{
	return c < ITEMSHEET_NCOLS ? fields[c] : NULL;
}

const char *itemsheet_title(enum itemsheet_col c, bool zh)
{
	if (c >= ITEMSHEET_NCOLS)
		return NULL;
	return zh ? titles_zh[c] : fields[c];
}

/* s without the white space around it (ASCII and the ideographic space
 * U+3000): start in *p, length returned. */
static size_t trim(const char *s, const char **p)
{
	size_t n;

	for (;;) {
		if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
			s++;
		else if (!strncmp(s, "\xE3\x80\x80", 3))
			s += 3;
		else
			break;
	}
	n = strlen(s);
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' ||
			  s[n - 1] == '\n'))
			n--;
		else if (n >= 3 && !strncmp(s + n - 3, "\xE3\x80\x80", 3))
			n -= 3;
		else
			break;
	}
	*p = s;
	return n;
}

/* A trimmed malloc'd copy of s. */
static char *dup_trim(const char *s)
{
	const char *p;
	size_t n = trim(s, &p);
	char *d = malloc(n + 1);

	if (!d)
		abort();
	memcpy(d, p, n);
	d[n] = '\0';
	return d;
}

/* A header cell as compared: trimmed, ASCII lower case, without spaces,
 * '_', '-' and a trailing '*' (the "required" mark); "" when too long. */
static void norm(const char *s, char *out, size_t outlen)
{
	const char *p;
	size_t n = trim(s, &p), k = 0;

	while (n && p[n - 1] == '*')
		n--;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (c == ' ' || c == '_' || c == '-')
			continue;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (k + 1 >= outlen) {
			out[0] = '\0';
			return;
		}
		out[k++] = c;
	}
	out[k] = '\0';
}

/* The column a normalized header name stands for, or -1. */
static int column_of(const char *h)
{
	if (!*h)
		return -1;
	for (int c = 0; c < ITEMSHEET_NCOLS; c++) {
		char a[32], z[32];

		norm(fields[c], a, sizeof a);
		norm(titles_zh[c], z, sizeof z);
		if (!strcmp(h, a) || !strcmp(h, z))
			return c;
	}
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(h, aliases[i].name))
			return (int)aliases[i].col;
	/* a bare letter: "A" … "H" */
	if (h[0] >= 'a' && h[0] < 'a' + ITEM_MAX_OPTIONS && !h[1])
		return ITEMSHEET_OPTION_A + (h[0] - 'a');
	return -1;
}

bool itemsheet_blank(const char *const *cols, size_t ncols)
{
	for (size_t i = 0; i < ncols; i++) {
		const char *p;

		if (cols[i] && trim(cols[i], &p))
			return false;
	}
	return true;
}

const char *itemsheet_header(const char *const *cols, size_t ncols,
			     struct itemsheet_map *map, const char **field)
{
	static const enum itemsheet_col required[] = {ITEMSHEET_REF, ITEMSHEET_KIND,
						      ITEMSHEET_POINT, ITEMSHEET_STEM,
						      ITEMSHEET_KEY};

	*field = NULL;
	for (int c = 0; c < ITEMSHEET_NCOLS; c++)
		map->col[c] = -1;
	for (size_t i = 0; i < ncols; i++) {
		char h[64];
		int c;

		norm(cols[i] ? cols[i] : "", h, sizeof h);
		c = column_of(h);
		if (c < 0)
			continue;
		if (map->col[c] >= 0) {
			*field = fields[c];
			return "val.itemsheet.header_repeated";
		}
		map->col[c] = (long)i;
	}
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		if (map->col[required[i]] < 0) {
			*field = fields[required[i]];
			return "val.itemsheet.header_missing";
		}
	return NULL;
}

/* The trimmed cell of column c ("" when the row has no such cell): start
 * in *p, length returned. */
static size_t cell(const struct itemsheet_map *map, const char *const *cols, size_t ncols,
		   enum itemsheet_col c, const char **p)
{
	long i = map->col[c];

	if (i < 0 || (size_t)i >= ncols || !cols[i]) {
		*p = "";
		return 0;
	}
	return trim(cols[i], p);
}

static const char *fail(struct item *out, const char **field, const char *f, const char *key)
{
	item_clear(out);
	*field = f;
	return key;
}

/* Copies the cell into a fixed field; false when it does not fit. */
static bool copy_code(char *dst, size_t dstlen, const char *p, size_t n)
{
	if (n >= dstlen)
		return false;
	memcpy(dst, p, n);
	dst[n] = '\0';
	return true;
}

/* Whether p[0..n) is s with ASCII letters in any case. */
static bool same_nocase(const char *p, size_t n, const char *s)
{
	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != s[i])
			return false;
	}
	return true;
}

/* The answer cell without the separators item_key_parse() does not know
 * ("、", "，", "；"), into out (outlen bytes); false when too long. */
static bool key_text(const char *p, size_t n, char *out, size_t outlen)
{
	size_t k = 0;

	for (size_t i = 0; i < n;) {
		if (!strncmp(p + i, "、", 3) || !strncmp(p + i, "，", 3) ||
		    !strncmp(p + i, "；", 3)) {
			i += 3;
			continue;
		}
		if (k + 1 >= outlen)
			return false;
		out[k++] = p[i++];
	}
	out[k] = '\0';
	return true;
}

const char *itemsheet_row(const struct itemsheet_map *map, const char *const *cols,
			  size_t ncols, struct item *out, const char **field)
{
	const char *p, *check;
	char key[64];
	size_t n;
	int nopt = 0, tf_pair = -1;

	memset(out, 0, sizeof(*out));
	*field = NULL;

	n = cell(map, cols, ncols, ITEMSHEET_REF, &p);
	if (!copy_code(out->ref, sizeof(out->ref), p, n))
		return fail(out, field, "ref", "val.item.ref");

	n = cell(map, cols, ncols, ITEMSHEET_KIND, &p);
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (same_nocase(p, n, kinds[i].name))
			out->kind = kinds[i].kind;
	if (!out->kind)
		return fail(out, field, "kind", "val.itemsheet.kind");

	n = cell(map, cols, ncols, ITEMSHEET_POINT, &p);
	if (!copy_code(out->point, sizeof(out->point), p, n))
		return fail(out, field, "point", "val.item.point");

	cell(map, cols, ncols, ITEMSHEET_STEM, &p);
	out->stem = dup_trim(p);

	for (int i = 0; i < ITEM_MAX_OPTIONS; i++) {
		n = cell(map, cols, ncols, (enum itemsheet_col)(ITEMSHEET_OPTION_A + i), &p);
		if (!n)
			continue;
		if (i != nopt)
			return fail(out, field, fields[ITEMSHEET_OPTION_A + i],
				    "val.itemsheet.option_gap");
		out->options[nopt++] = dup_trim(p);
	}
	out->noptions = nopt;

	/* a true/false row that spells its two choices out */
	if (out->kind == ITEM_TF && nopt == 2) {
		for (size_t i = 0; i < sizeof(tf_pairs) / sizeof(tf_pairs[0]); i++) {
			const char *a = out->options[0], *b = out->options[1];

			if (same_nocase(a, strlen(a), tf_pairs[i][0]) &&
			    same_nocase(b, strlen(b), tf_pairs[i][1]))
				tf_pair = 0;
			else if (same_nocase(a, strlen(a), tf_pairs[i][1]) &&
				 same_nocase(b, strlen(b), tf_pairs[i][0]))
				tf_pair = 1;
		}
		if (tf_pair >= 0) {
			free(out->options[0]);
			free(out->options[1]);
			out->options[0] = out->options[1] = NULL;
			out->noptions = 0;
		}
	}

	/* the key names options: their count is the fault when too few */
	if (out->kind != ITEM_TF && out->noptions < 2)
		return fail(out, field, "options", "val.item.options_count");
	n = cell(map, cols, ncols, ITEMSHEET_KEY, &p);
	if (!key_text(p, n, key, sizeof key))
		return fail(out, field, "key", "val.item.key");
	if (tf_pair >= 0 &&
	    (same_nocase(key, strlen(key), "a") || same_nocase(key, strlen(key), "b"))) {
		/* "A" names the first spelled-out choice */
		int first = key[0] == 'a' || key[0] == 'A';

		out->key = (first == (tf_pair == 0)) ? 1u : 2u;
	} else {
		out->key = item_key_parse(out, key);
	}
	if (!out->key)
		return fail(out, field, "key", "val.item.key");

	n = cell(map, cols, ncols, ITEMSHEET_EXPLANATION, &p);
	if (n)
		out->explanation = dup_trim(p);

	check = item_check(out, field);
	if (check)
		return fail(out, field, *field, check);
	return NULL;
}

void itemsheet_cells(const struct item *it, char *keybuf, const char *cells[ITEMSHEET_NCOLS])
{
	static const char *const kind_zh[] = {
		[ITEM_SINGLE] = "单选", [ITEM_MULTI] = "多选", [ITEM_TF] = "判断"};

	for (int c = 0; c < ITEMSHEET_NCOLS; c++)
		cells[c] = "";
	cells[ITEMSHEET_REF] = it->ref;
	if (it->kind >= ITEM_SINGLE && it->kind <= ITEM_TF)
		cells[ITEMSHEET_KIND] = kind_zh[it->kind];
	cells[ITEMSHEET_POINT] = it->point;
	cells[ITEMSHEET_STEM] = it->stem ? it->stem : "";
	for (int i = 0; i < it->noptions && i < ITEM_MAX_OPTIONS; i++)
		cells[ITEMSHEET_OPTION_A + i] = it->options[i] ? it->options[i] : "";
	if (it->kind == ITEM_TF)
		snprintf(keybuf, ITEM_MAX_OPTIONS + 1, "%s",
			 it->key == 1   ? "对"
			 : it->key == 2 ? "错"
					: "");
	else
		item_key_letters(it, keybuf);
	cells[ITEMSHEET_KEY] = keybuf;
	cells[ITEMSHEET_EXPLANATION] = it->explanation ? it->explanation : "";
}
