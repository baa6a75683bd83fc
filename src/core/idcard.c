/* idcard.c - identity document rules; see idcard.h. */
#include "core/idcard.h"

#include <string.h>

#include "base/str.h"

static const char *const type_names[ID_TYPE_COUNT + 1] = {
	[ID_RESIDENT] = "resident_id",
	[ID_HMT_RESIDENCE] = "hmt_residence_permit",
	[ID_HK_MACAO_PERMIT] = "hk_macao_permit",
	[ID_TAIWAN_PERMIT] = "taiwan_permit",
	[ID_FOREIGN_PR] = "foreign_permanent_residence",
	[ID_PASSPORT] = "passport",
	[ID_TYPE_COUNT] = NULL,
};

const char *id_type_name(enum id_type t)
{
	return (unsigned)t < ID_TYPE_COUNT ? type_names[t] : NULL;
}

const char *const *id_type_names(void) { return type_names; }

int id_type_parse(const char *s)
{
	for (int i = 0; s && i < ID_TYPE_COUNT; i++)
		if (strcmp(s, type_names[i]) == 0)
			return i;
	return -1;
}

bool id_type_has_birth_sex(enum id_type t)
{
	return t == ID_RESIDENT || t == ID_HMT_RESIDENCE;
}

static bool fail(struct rule_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->msg = msg;
	return false;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!is_digit(s[i]))
			return false;
	return true;
}

/* ---- dates ---- */

/* The year, month and day of a real date "YYYY-MM-DD", years 1800-2999
 * (a GB 11643 sample has 1880; base/timeutil starts at 1900). */
static bool date_parse(const char *s, int *y, int *m, int *d)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int leap, max;

	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !all_digits(s, 4) ||
	    !all_digits(s + 5, 2) || !all_digits(s + 8, 2))
		return false;
	*y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	*m = (s[5] - '0') * 10 + (s[6] - '0');
	*d = (s[8] - '0') * 10 + (s[9] - '0');
	if (*y < 1800 || *y > 2999 || *m < 1 || *m > 12 || *d < 1)
		return false;
	leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
	max = mdays[*m - 1] + (*m == 2 && leap);
	return *d <= max;
}

static bool date_real(const char *s)
{
	int y, m, d;

	return date_parse(s, &y, &m, &d);
}

int age_on(const char *birth, const char *day)
{
	int by, bm, bd, y, m, d, age;

	if (!date_parse(birth, &by, &bm, &bd) || !date_parse(day, &y, &m, &d))
		return -1;
	age = y - by;
	if (m < bm || (m == bm && d < bd))
		age--;
	return age; /* negative exactly when day is before birth */
}

/* ---- GB 11643 ---- */

/* The check character of 17 digits (ISO 7064 MOD 11-2). */
static char gb11643_check(const char *s17)
{
	static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
	static const char map[] = "10X98765432";
	int sum = 0;

	for (int i = 0; i < 17; i++)
		sum += (s17[i] - '0') * w[i];
	return map[sum % 11];
}

/* 17 digits + [0-9X]. */
static bool gb11643_layout(const char *s)
{
	return strlen(s) == 18 && all_digits(s, 17) && (is_digit(s[17]) || s[17] == 'X');
}

bool id_birth_sex(const char *id18, char birth[ID_DATE_MAX], char *sex)
{
	birth[0] = '\0';
	*sex = 0;
	if (!id18 || !gb11643_layout(id18))
		return false;
	memcpy(birth, id18 + 6, 4);
	birth[4] = '-';
	memcpy(birth + 5, id18 + 10, 2);
	birth[7] = '-';
	memcpy(birth + 8, id18 + 12, 2);
	birth[10] = '\0';
	if (!date_real(birth)) {
		birth[0] = '\0';
		return false;
	}
	*sex = (id18[16] - '0') % 2 ? 'M' : 'F';
	return true;
}

/* Birth date, then check character, of an 18-character layout. */
static bool gb11643_rest(const char *s, const char *today, struct rule_error *err)
{
	char birth[ID_DATE_MAX], sex;

	if (!id_birth_sex(s, birth, &sex))
		return fail(err, "id_number", "val.id.birth");
	if (today && date_real(today) && strcmp(birth, today) > 0)
		return fail(err, "id_number", "val.id.birth");
	if (gb11643_check(s) != s[17])
		return fail(err, "id_number", "val.id.checksum");
	return true;
}

static bool check_resident(char *s, const char *today, struct rule_error *err)
{
	char two[3];

	if (strlen(s) == 15 && all_digits(s, 15)) {
		/* first generation: YYMMDD, no check character */
		memmove(s + 8, s + 6, 9);
		s[6] = '1';
		s[7] = '9';
		s[17] = gb11643_check(s);
		s[18] = '\0';
	}
	if (!gb11643_layout(s))
		return fail(err, "id_number", "val.id.format");
	memcpy(two, s, 2);
	two[2] = '\0';
	if (!strcmp(two, "81") || !strcmp(two, "82") || !strcmp(two, "83"))
		return fail(err, "id_number", "val.id.hmt_type");
	if (!province_valid(two) || !strcmp(two, "71"))
		return fail(err, "id_number", "val.id.province");
	return gb11643_rest(s, today, err);
}

static bool check_hmt(const char *s, const char *today, struct rule_error *err)
{
	if (!gb11643_layout(s))
		return fail(err, "id_number", "val.id.format");
	if (strncmp(s, "810000", 6) && strncmp(s, "820000", 6) && strncmp(s, "830000", 6))
		return fail(err, "id_number", "val.id.province");
	return gb11643_rest(s, today, err);
}

static bool check_foreign_pr(const char *s, struct rule_error *err)
{
	size_t n = strlen(s);

	if (n == 15) { /* the 2017 card: 3 letters + 12 digits */
		for (int i = 0; i < 3; i++)
			if (s[i] < 'A' || s[i] > 'Z')
				return fail(err, "id_number", "val.id.format");
		if (!all_digits(s + 3, 12))
			return fail(err, "id_number", "val.id.format");
		return true;
	}
	if (!gb11643_layout(s) || s[0] != '9')
		return fail(err, "id_number", "val.id.format");
	if (gb11643_check(s) != s[17])
		return fail(err, "id_number", "val.id.checksum");
	return true;
}

static bool check_format_only(enum id_type t, const char *s, struct rule_error *err)
{
	size_t n = strlen(s);
	bool ok = false;

	switch (t) {
	case ID_HK_MACAO_PERMIT:
		ok = (s[0] == 'H' || s[0] == 'M') && (n == 9 || n == 11) &&
		     all_digits(s + 1, n - 1);
		break;
	case ID_TAIWAN_PERMIT: ok = (n == 8 || n == 10) && all_digits(s, n); break;
	case ID_PASSPORT:
		ok = n >= 5 && n <= 20; /* characters: [A-Z0-9] already */
		break;
	default: break;
	}
	return ok ? true : fail(err, "id_number", "val.id.format");
}

/* ---- normalising ---- */

static bool ascii_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static bool ideographic_space(const char *p, const char *end)
{
	return end - p >= 3 && !memcmp(p, "\xe3\x80\x80", 3);
}

/* Copies in's characters between its white space into out as [A-Z0-9]
 * (full-width forms and small letters converted). False on any other
 * character or when longer than ID_NUMBER_MAX - 1. */
static bool id_fold(const char *in, char out[ID_NUMBER_MAX], bool *empty)
{
	const char *p = in, *end = in + strlen(in);
	size_t o = 0;

	for (;;) {
		if (p < end && ascii_space(*p))
			p++;
		else if (ideographic_space(p, end))
			p += 3;
		else
			break;
	}
	for (;;) {
		if (end > p && ascii_space(end[-1]))
			end--;
		else if (end - p >= 3 && ideographic_space(end - 3, end))
			end -= 3;
		else
			break;
	}
	*empty = p == end;
	while (p < end) {
		unsigned char c = (unsigned char)*p, c2, c3;
		char a;

		if (c < 0x80) {
			a = (char)c;
			p++;
		} else if (c == 0xef && end - p >= 3) {
			/* U+FF10..FF19, U+FF21..FF3A, U+FF41..FF5A */
			c2 = (unsigned char)p[1];
			c3 = (unsigned char)p[2];
			if (c2 == 0xbc && c3 >= 0x90 && c3 <= 0x99)
				a = (char)('0' + (c3 - 0x90));
			else if (c2 == 0xbc && c3 >= 0xa1 && c3 <= 0xba)
				a = (char)('A' + (c3 - 0xa1));
			else if (c2 == 0xbd && c3 >= 0x81 && c3 <= 0x9a)
				a = (char)('a' + (c3 - 0x81));
			else
				return false;
			p += 3;
		} else {
			return false;
		}
		if (a >= 'a' && a <= 'z')
			a = (char)(a - 'a' + 'A');
		if (!is_digit(a) && !(a >= 'A' && a <= 'Z'))
			return false;
		if (o >= ID_NUMBER_MAX - 1)
			return false;
		out[o++] = a;
	}
	out[o] = '\0';
	return true;
}

bool id_normalise(enum id_type t, const char *in, const char *today,
		  char out[ID_NUMBER_MAX], struct rule_error *err)
{
	bool empty = false, ok;

	out[0] = '\0';
	if ((unsigned)t >= ID_TYPE_COUNT)
		return fail(err, "id_type", "val.id_type.invalid");
	if (!in)
		return fail(err, "id_number", "val.id.required");
	if (!id_fold(in, out, &empty)) {
		out[0] = '\0';
		return fail(err, "id_number", empty ? "val.id.required" : "val.id.format");
	}
	if (!out[0])
		return fail(err, "id_number", "val.id.required");
	switch (t) {
	case ID_RESIDENT: ok = check_resident(out, today, err); break;
	case ID_HMT_RESIDENCE: ok = check_hmt(out, today, err); break;
	case ID_FOREIGN_PR: ok = check_foreign_pr(out, err); break;
	default: ok = check_format_only(t, out, err); break;
	}
	if (!ok)
		out[0] = '\0';
	return ok;
}

bool id_cross_check(enum id_type t, const char *id, const char *birth, char sex,
		    struct rule_error *err)
{
	char b[ID_DATE_MAX], s;

	if (!id_type_has_birth_sex(t))
		return true;
	if (!id_birth_sex(id, b, &s))
		return fail(err, "id_number", "val.id.format");
	if (birth && *birth && strcmp(birth, b) != 0)
		return fail(err, "birth_date", "val.id.birth_mismatch");
	if (sex && sex != s)
		return fail(err, "sex", "val.id.sex_mismatch");
	return true;
}

/* ---- masking ---- */

/* Bytes of the UTF-8 character starting with byte c (valid input). */
static size_t utf8_step(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * Writes s with its first `head` and last `tail` characters kept and
 * every other character as one '*'. s is valid UTF-8 of `chars` code
 * points. out gets "" when too small.
 */
static void mask_chars(const char *s, size_t chars, size_t head, size_t tail, char *out,
		       size_t n)
{
	size_t o = 0, i = 0;

	for (const char *p = s; *p; i++) {
		size_t k = utf8_step((unsigned char)*p);
		bool keep = i < head || i >= chars - tail;
		size_t need = keep ? k : 1;

		if (o + need >= n) {
			out[0] = '\0';
			return;
		}
		if (keep)
			memcpy(out + o, p, k);
		else
			out[o] = '*';
		o += need;
		p += k;
	}
	out[o] = '\0';
}

/* count stars; out gets "" when too small. */
static void mask_all(size_t count, char *out, size_t n)
{
	if (count >= n) {
		out[0] = '\0';
		return;
	}
	memset(out, '*', count);
	out[count] = '\0';
}

void id_mask(const char *id, char *out, size_t n)
{
	size_t len, chars, shown, head, tail;

	if (n == 0)
		return;
	out[0] = '\0';
	if (!id || !*id)
		return;
	len = strlen(id);
	if (!str_utf8_valid(id, len)) {
		mask_all(len, out, n);
		return;
	}
	chars = str_utf8_len(id, len);
	if (chars == 18) {
		head = 6;
		tail = 4;
	} else {
		shown = chars / 2 < 4 ? chars / 2 : 4;
		head = (shown + 1) / 2;
		tail = shown - head;
	}
	mask_chars(id, chars, head, tail, out, n);
}

void name_mask(const char *name, char *out, size_t n)
{
	size_t len, chars;

	if (n == 0)
		return;
	out[0] = '\0';
	if (!name || !*name)
		return;
	len = strlen(name);
	if (!str_utf8_valid(name, len)) {
		mask_all(1, out, n);
		return;
	}
	chars = str_utf8_len(name, len);
	if (chars == 1)
		mask_all(1, out, n);
	else if (chars == 2)
		mask_chars(name, chars, 1, 0, out, n);
	else
		mask_chars(name, chars, 1, 1, out, n);
}

static const char *const educations[] = {
	"primary",
	"junior_middle",
	"senior_middle",
	"secondary_vocational",
	"technical_school",
	"senior_technical_school",
	"technician_college",
	"junior_college",
	"bachelor",
	"master",
	"doctor",
	NULL,
};

const char *const *education_names(void) { return educations; }

bool education_valid(const char *s)
{
	for (int i = 0; s && educations[i]; i++)
		if (!strcmp(s, educations[i]))
			return true;
	return false;
}
