/*
 * synonym.c - values of coded fields as people write them (synonym.h).
 * The synonyms are data: one table per field, each word with its code.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/idcard.h"
#include "core/synonym.h"

/* Words in common use for education levels, beside the catalog's labels
 * (education.<code>): what registration forms and HR systems print. */
static const char *const education_words[][2] = {
	{"小学", "primary"},
	{"初级中学", "junior_middle"},
	{"初中", "junior_middle"},
	{"高级中学", "senior_middle"},
	{"普通高中", "senior_middle"},
	{"高中", "senior_middle"},
	{"中专", "secondary_vocational"},
	{"中等专业学校", "secondary_vocational"},
	{"职高", "secondary_vocational"},
	{"职业高中", "secondary_vocational"},
	{"中职", "secondary_vocational"},
	{"技校", "technical_school"},
	{"高级技校", "senior_technical_school"},
	{"高技", "senior_technical_school"},
	{"技师学院", "technician_college"},
	{"大学专科", "junior_college"},
	{"专科", "junior_college"},
	{"高职", "junior_college"},
	{"大学本科", "bachelor"},
	{"学士", "bachelor"},
	{"研究生", "master"},
	{"硕士研究生", "master"},
	{"博士研究生", "doctor"},
};
#define NWORDS (sizeof(education_words) / sizeof(education_words[0]))

static const char *label(enum lang lang, const char *prefix, const char *code)
{
	char key[80];

	snprintf(key, sizeof(key), "%s.%s", prefix, code);
	return tr(lang, key);
}

/* code, zh label, en label (ASCII case ignored) */
static const char *by_label(const char *v, const char *prefix, const char *const *codes)
{
	if (!v || !*v)
		return NULL;
	for (const char *const *c = codes; *c; c++)
		if (!strcasecmp(v, *c) || !strcmp(v, label(LANG_ZH, prefix, *c)) ||
		    !strcasecmp(v, label(LANG_EN, prefix, *c)))
			return *c;
	return NULL;
}

const char *synonym_id_type(const char *v)
{
	return by_label(v, "id_type", id_type_names());
}

const char *synonym_education(const char *v)
{
	const char *c = by_label(v, "education", education_names());

	for (size_t i = 0; !c && v && i < NWORDS; i++)
		if (!strcmp(v, education_words[i][0]))
			c = education_words[i][1];
	return c;
}

struct list {
	char *out;
	size_t n, len;
};

static void add(struct list *l, const char *s)
{
	size_t k = strlen(s);

	if (l->len < l->n) {
		size_t room = l->n - l->len - 1;

		memcpy(l->out + l->len, s, k < room ? k : room);
		l->out[l->len + (k < room ? k : room)] = '\0';
	}
	l->len += k;
}

size_t synonym_accepted(enum synonym_field f, enum lang lang, char *out, size_t n)
{
	struct list l = {out, n, 0};
	const char *prefix = f == SYN_ID_TYPE ? "id_type" : "education";
	const char *const *codes = f == SYN_ID_TYPE ? id_type_names() : education_names();

	if (n)
		out[0] = '\0';
	for (const char *const *c = codes; *c; c++) {
		if (c != codes)
			add(&l, lang == LANG_ZH ? "、" : ", ");
		add(&l, label(lang, prefix, *c));
		if (lang != LANG_ZH) {
			add(&l, " (");
			add(&l, *c);
			add(&l, ")");
			continue;
		}
		for (size_t i = 0; f == SYN_EDUCATION && i < NWORDS; i++)
			if (!strcmp(education_words[i][1], *c) &&
			    strcmp(education_words[i][0], label(LANG_ZH, prefix, *c))) {
				add(&l, "、");
				add(&l, education_words[i][0]);
			}
	}
	return l.len;
}
