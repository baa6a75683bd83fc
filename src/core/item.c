/*
 * item.c - one item of a theory exam's item bank: its kinds, its checks,
 * its key as letters (item.h).
 */
#include "core/item.h"

#include <stdlib.h>
#include <string.h>

#include "base/str.h"

static const char *const kind_names[] = {
	[ITEM_SINGLE] = "single", [ITEM_MULTI] = "multi", [ITEM_TF] = "tf"};

const char *item_kind_name(enum item_kind k)
{
	if (k < ITEM_SINGLE || k > ITEM_TF)
		return NULL;
	return kind_names[k];
}

enum item_kind item_kind_parse(const char *name)
{
	for (int k = ITEM_SINGLE; name && k <= ITEM_TF; k++)
		if (!strcmp(name, kind_names[k]))
			return (enum item_kind)k;
	return 0;
}

static int bits(unsigned v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* non-empty printable ASCII without spaces, shorter than max */
static bool code_ok(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	if (n == 0 || n == max)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

/* valid UTF-8 without control characters (line breaks and tabs allowed
 * when lines) */
static bool text_ok(const char *s, bool lines)
{
	size_t n = strlen(s);

	if (!str_utf8_valid(s, n))
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if ((ch < 0x20 && !(lines && (ch == '\n' || ch == '\r' || ch == '\t'))) ||
		    ch == 0x7f)
			return false;
	}
	return true;
}

static const char *fail(const char **field, const char *f, const char *key)
{
	*field = f;
	return key;
}

const char *item_check(const struct item *it, const char **field)
{
	const char *dummy;
	unsigned all;

	if (!field)
		field = &dummy;
	*field = NULL;
	if (!code_ok(it->ref, sizeof(it->ref)))
		return fail(field, "ref", "val.item.ref");
	if (!item_kind_name(it->kind))
		return fail(field, "kind", "val.item.kind");
	if (!code_ok(it->point, sizeof(it->point)))
		return fail(field, "point", "val.item.point");
	if (!it->stem || !it->stem[strspn(it->stem, " \t\r\n")])
		return fail(field, "stem", "val.item.stem_required");
	if (strlen(it->stem) > ITEM_STEM_MAX)
		return fail(field, "stem", "val.item.stem_long");
	if (!text_ok(it->stem, true))
		return fail(field, "stem", "val.item.text");
	if (it->explanation && strlen(it->explanation) > ITEM_EXPLANATION_MAX)
		return fail(field, "explanation", "val.item.explanation_long");
	if (it->explanation && !text_ok(it->explanation, true))
		return fail(field, "explanation", "val.item.text");
	if (it->kind == ITEM_TF) {
		if (it->noptions != 0)
			return fail(field, "options", "val.item.tf_options");
		if (it->key != 1 && it->key != 2)
			return fail(field, "key", "val.item.key");
		return NULL;
	}
	if (it->noptions < 2 || it->noptions > ITEM_MAX_OPTIONS)
		return fail(field, "options", "val.item.options_count");
	for (int i = 0; i < it->noptions; i++) {
		const char *o = it->options[i];

		if (!o || !o[strspn(o, " \t\r\n")])
			return fail(field, "options", "val.item.option_required");
		if (strlen(o) > ITEM_OPTION_MAX)
			return fail(field, "options", "val.item.option_long");
		if (!text_ok(o, false))
			return fail(field, "options", "val.item.text");
		for (int j = 0; j < i; j++)
			if (!strcmp(o, it->options[j]))
				return fail(field, "options", "val.item.option_repeated");
	}
	all = (1u << it->noptions) - 1;
	if (!it->key || (it->key & ~all))
		return fail(field, "key", "val.item.key");
	if (it->kind == ITEM_SINGLE && bits(it->key) != 1)
		return fail(field, "key", "val.item.key_single");
	if (it->kind == ITEM_MULTI && bits(it->key) < 2)
		return fail(field, "key", "val.item.key_multi");
	return NULL;
}

void item_key_letters(const struct item *it, char *out)
{
	size_t n = 0;

	if (it->kind == ITEM_TF) {
		if (it->key == 1 || it->key == 2)
			out[n++] = it->key == 1 ? 'T' : 'F';
		out[n] = '\0';
		return;
	}
	for (int i = 0; i < ITEM_MAX_OPTIONS; i++)
		if (it->key & (1u << i))
			out[n++] = (char)('A' + i);
	out[n] = '\0';
}

unsigned item_key_parse(const struct item *it, const char *s)
{
	static const char *const yes[] = {"T", "t", "对",   "正确",
					  "√", "✓", "true", "TRUE"};
	static const char *const no[] = {"F", "f", "错",    "错误",
					 "×", "✗", "false", "FALSE"};
	unsigned key = 0;
	size_t n;

	if (!s)
		return 0;
	s += strspn(s, " \t");
	n = strlen(s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	if (it->kind == ITEM_TF) {
		for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
			if (strlen(yes[i]) == n && !strncmp(s, yes[i], n))
				return 1;
			if (strlen(no[i]) == n && !strncmp(s, no[i], n))
				return 2;
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int b;

		if (c == ',' || c == ' ' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c < 'A' || c > 'Z')
			return 0;
		b = c - 'A';
		if (b >= it->noptions || (key & (1u << b)))
			return 0;
		key |= 1u << b;
	}
	return key;
}

void item_clear(struct item *it)
{
	free(it->stem);
	for (int i = 0; i < ITEM_MAX_OPTIONS; i++)
		free(it->options[i]);
	free(it->explanation);
	memset(it, 0, sizeof(*it));
}
