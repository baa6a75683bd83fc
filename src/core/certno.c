/* certno.c - certificate numbers; see certno.h. */
#include "core/certno.h"
#include "core/institution.h"

#include <stdio.h>
#include <string.h>

static bool digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static bool digits_z(const char *s, size_t n) { return strlen(s) == n && digits(s, n); }

const char *certno_prefix(const struct certno *n, char out[CERTNO_PREFIX_LEN + 1])
{
	out[0] = '\0';
	if (n->kind != 'S' && n->kind != 'Y')
		return CERTNO_E_PART;
	if (!digits_z(n->institution, 4) || !digits_z(n->site, 6))
		return CERTNO_E_PART;
	if (!province_valid(n->province))
		return CERTNO_E_PROVINCE;
	if (n->year < 2000 || n->year > 2099)
		return CERTNO_E_PART;
	if (n->level < 1 || n->level > 5)
		return CERTNO_E_LEVEL;
	snprintf(out, CERTNO_PREFIX_LEN + 1, "%c%s%s%s%02d%d", n->kind, n->institution,
		 n->province, n->site, n->year % 100, n->level);
	return NULL;
}

const char *certno_format(const struct certno *n, char out[CERTNO_LEN + 1])
{
	char prefix[CERTNO_PREFIX_LEN + 1];
	const char *e = certno_prefix(n, prefix);

	out[0] = '\0';
	if (e)
		return e;
	if (n->serial < 1 || n->serial > CERTNO_SERIAL_MAX)
		return CERTNO_E_SERIAL;
	snprintf(out, CERTNO_LEN + 1, "%s%06ld", prefix, n->serial);
	return NULL;
}

const char *certno_parse(const char *s, struct certno *out)
{
	memset(out, 0, sizeof(*out));
	if (!s || strlen(s) != CERTNO_LEN || (s[0] != 'S' && s[0] != 'Y') ||
	    !digits(s + 1, CERTNO_LEN - 1))
		return CERTNO_E_SHAPE;
	out->kind = s[0];
	memcpy(out->institution, s + 1, 4);
	memcpy(out->province, s + 5, 2);
	memcpy(out->site, s + 7, 6);
	out->year = 2000 + (s[13] - '0') * 10 + (s[14] - '0');
	out->level = s[15] - '0';
	out->serial = 0;
	for (int i = 16; i < CERTNO_LEN; i++)
		out->serial = out->serial * 10 + (s[i] - '0');
	if (!province_valid(out->province))
		return CERTNO_E_PROVINCE;
	if (out->level < 1 || out->level > 5)
		return CERTNO_E_LEVEL;
	if (out->serial == 0)
		return CERTNO_E_SERIAL;
	return NULL;
}

const char *certno_legacy(const char *s, char norm[CERTNO_LEGACY_MAX + 1], int *level,
			  int *year2)
{
	size_t n = s ? strlen(s) : 0;

	norm[0] = '\0';
	*level = 0;
	*year2 = -1;
	if (n < 6 || n > CERTNO_LEGACY_MAX)
		return "certno.legacy";
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
		      (c >= 'a' && c <= 'z')))
			return "certno.legacy";
	}
	if (n == 13 && digits(s, 13))
		snprintf(norm, CERTNO_LEGACY_MAX + 1, "000%s", s);
	else
		snprintf(norm, CERTNO_LEGACY_MAX + 1, "%s", s);
	if (strlen(norm) == 16 && digits(norm, 16) && n == 16) {
		/* §1.2: yy pp cc k iii l sssss */
		if (norm[6] > '4' || norm[10] < '1' || norm[10] > '5' ||
		    !strcmp(norm + 11, "00000"))
			return "certno.legacy_shape";
		*level = norm[10] - '0';
		*year2 = (norm[0] - '0') * 10 + (norm[1] - '0');
	}
	return NULL;
}

/* The fields of a pattern. */
enum field { F_NONE, F_YYYY, F_YY, F_L, F_P, F_INST, F_SITE, F_SERIAL };

/* Reads the field starting at p ('{'): its kind, the serial width, and
 * where it ends (past '}'). F_NONE when unknown. */
static enum field field_at(const char *p, int *width, const char **end)
{
	static const struct {
		const char *name;
		enum field f;
	} names[] = {{"{YYYY}", F_YYYY}, {"{YY}", F_YY},     {"{L}", F_L},
		     {"{P}", F_P},       {"{INST}", F_INST}, {"{SITE}", F_SITE}};

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t k = strlen(names[i].name);

		if (!strncmp(p, names[i].name, k)) {
			*end = p + k;
			return names[i].f;
		}
	}
	if (p[1] == 'N' && p[2] >= '4' && p[2] <= '8' && p[3] == '}') {
		*width = p[2] - '0';
		*end = p + 4;
		return F_SERIAL;
	}
	return F_NONE;
}

/* Walks pattern, writing the number (with the serial when with_serial)
 * into out; NULL or "certno.pattern". */
static const char *expand(const char *pattern, const struct certno *n, bool with_serial,
			  char out[41], int *nserial)
{
	size_t len = 0;
	char piece[16];

	*nserial = 0;
	out[0] = '\0';
	if (!pattern || !*pattern || strlen(pattern) > CERTNO_PATTERN_MAX)
		return "certno.pattern";
	for (const char *p = pattern; *p;) {
		int width = 0;
		const char *end = p + 1;

		piece[0] = '\0';
		if (*p == '{') {
			switch (field_at(p, &width, &end)) {
			case F_NONE: return "certno.pattern";
			case F_YYYY:
				snprintf(piece, sizeof(piece), "%04d", n ? n->year : 2000);
				break;
			case F_YY:
				snprintf(piece, sizeof(piece), "%02d",
					 n ? n->year % 100 : 0);
				break;
			case F_L:
				snprintf(piece, sizeof(piece), "%d", n ? n->level : 1);
				break;
			case F_P:
				snprintf(piece, sizeof(piece), "%s", n ? n->province : "11");
				break;
			case F_INST:
				snprintf(piece, sizeof(piece), "%s",
					 n ? n->institution : "0000");
				break;
			case F_SITE:
				snprintf(piece, sizeof(piece), "%s", n ? n->site : "000000");
				break;
			case F_SERIAL:
				(*nserial)++;
				if (with_serial)
					snprintf(piece, sizeof(piece), "%0*ld", width,
						 n ? n->serial : 1);
				break;
			}
		} else if ((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
			   *p == '-') {
			piece[0] = *p;
			piece[1] = '\0';
		} else {
			return "certno.pattern";
		}
		if (len + strlen(piece) > 40)
			return "certno.pattern";
		memcpy(out + len, piece, strlen(piece) + 1);
		len += strlen(piece);
		p = end;
	}
	return *nserial == 1 ? NULL : "certno.pattern";
}

const char *certno_pattern_check(const char *pattern)
{
	char out[41];
	int ns;

	return expand(pattern, NULL, true, out, &ns);
}

const char *certno_pattern(const char *pattern, const struct certno *n, char out[41],
			   char prefix[41])
{
	int ns;
	const char *e = expand(pattern, n, true, out, &ns);
	long limit = 1;

	if (e)
		return e;
	/* the serial must fit its width */
	for (const char *p = strstr(pattern, "{N"); p && limit == 1; p = NULL)
		for (int w = p[2] - '0'; w > 0; w--)
			limit *= 10;
	if (n->serial < 1 || n->serial >= limit)
		return CERTNO_E_SERIAL;
	if (prefix)
		return expand(pattern, n, false, prefix, &ns);
	return NULL;
}
