/* certificate.c - certificate status rules; see certificate.h. */
#include "core/certificate.h"

#include "core/commendation.h"

#include <stdio.h>
#include <string.h>

#include "core/i18n.h"

static const char *const status_names[CERT_STATUS_COUNT] = {"valid", "suspended",
							    "revoked", "superseded"};
static const char *const action_names[] = {"suspend", "reinstate", "revoke", "supersede"};

const char *const cert_reason_categories[] = {"fraud", "error", "holder_request", "other",
					      NULL};

bool cert_reason_category_valid(const char *s)
{
	for (const char *const *c = cert_reason_categories; s && *c; c++)
		if (!strcmp(s, *c))
			return true;
	return false;
}

const char *cert_reason_category_key(const char *s)
{
	static const char *const keys[] = {"cert.reason_category.fraud",
					   "cert.reason_category.error",
					   "cert.reason_category.holder_request",
					   "cert.reason_category.other"};

	for (size_t i = 0; s && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (!strcmp(s, cert_reason_categories[i]))
			return keys[i];
	return NULL;
}

const char *cert_status_name(enum cert_status s)
{
	return (unsigned)s < CERT_STATUS_COUNT ? status_names[s] : NULL;
}

int cert_status_parse(const char *s)
{
	for (int i = 0; s && i < CERT_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

const char *cert_action_name(enum cert_action a)
{
	return (unsigned)a < 4 ? action_names[a] : NULL;
}

int cert_action_parse(const char *s)
{
	for (int i = 0; s && i < 4; i++)
		if (!strcmp(s, action_names[i]))
			return i;
	return -1;
}

int cert_transition(enum cert_status from, enum cert_action a, const char **why)
{
	*why = NULL;
	if (from == CERT_REVOKED || from == CERT_SUPERSEDED) {
		*why = "cert.final";
		return -1;
	}
	switch (a) {
	case CERT_SUSPEND:
		if (from == CERT_VALID)
			return CERT_SUSPENDED;
		*why = "cert.already_suspended";
		return -1;
	case CERT_REINSTATE:
		if (from == CERT_SUSPENDED)
			return CERT_VALID;
		*why = "cert.not_suspended";
		return -1;
	case CERT_REVOKE: return CERT_REVOKED;
	case CERT_SUPERSEDE: return CERT_SUPERSEDED;
	}
	*why = "cert.bad_action";
	return -1;
}

bool cert_line_valid(const char *line)
{
	return line && (!strcmp(line, "skill") || !strcmp(line, "industry") ||
			!strcmp(line, "legacy"));
}

bool cert_has_work_type(const char *w)
{
	static const char *const none[] = {"--",
					   "-",
					   "\xE2\x80\x94",
					   "\xE2\x80\x94\xE2\x80\x94",
					   "/",
					   "\xE6\x97\xA0",
					   "\xEF\xBC\x8D\xEF\xBC\x8D"};
	size_t n;

	if (!w)
		return false;
	while (*w == ' ' || *w == '\t')
		w++;
	n = strlen(w);
	while (n && (w[n - 1] == ' ' || w[n - 1] == '\t'))
		n--;
	if (!n)
		return false;
	for (size_t i = 0; i < sizeof(none) / sizeof(none[0]); i++)
		if (strlen(none[i]) == n && !memcmp(w, none[i], n))
			return false;
	return true;
}

const char *cert_award(char *out, size_t outlen, const char *occupation,
		       const char *work_type, const char *level)
{
	int n;

	if (!outlen)
		return out;
	n = cert_has_work_type(work_type)
		    ? snprintf(out, outlen, "%s\xEF\xBC\x88%s\xEF\xBC\x89%s",
			       occupation ? occupation : "", work_type, level ? level : "")
		    : snprintf(out, outlen, "%s%s", occupation ? occupation : "",
			       level ? level : "");
	if (n >= 0 && (size_t)n >= outlen) {
		/* cut: the last character, when it did not fit whole, goes */
		size_t k = strlen(out), j = k;
		unsigned char lead;
		size_t len;

		while (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0x80)
			j--;
		if (j > 0) {
			lead = (unsigned char)out[j - 1];
			len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
			if (j - 1 + len > k)
				out[j - 1] = '\0';
		}
	}
	return out;
}

const char *cert_date_zh(char *out, size_t outlen, const char *iso)
{
	int y = 0, m = 0, d = 0, n = 0;

	if (!outlen)
		return out;
	if (iso && sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) == 3 && n == 10 &&
	    !iso[n] && m >= 1 && m <= 12 && d >= 1 && d <= 31)
		snprintf(out, outlen, "%d\xE5\xB9\xB4%d\xE6\x9C\x88%d\xE6\x97\xA5", y, m, d);
	else
		snprintf(out, outlen, "%s", iso ? iso : "");
	return out;
}

/* An award an award certificate states: gold, silver, bronze, excellence. */
static bool award_known(const char *a)
{
	static const char *const awards[] = {"gold", "silver", "bronze", "excellence"};

	for (size_t i = 0; a && i < sizeof(awards) / sizeof(awards[0]); i++)
		if (!strcmp(a, awards[i]))
			return true;
	return false;
}

bool cert_is_award(const struct certificate *x)
{
	return x && x->line && !strcmp(x->line, "award");
}

bool cert_is_honour(const struct certificate *x)
{
	return x && x->line && !strcmp(x->line, "honour");
}

bool cert_is_training(const struct certificate *x)
{
	return x && x->line && !strcmp(x->line, "training");
}

bool cert_is_recognition(const struct certificate *x)
{
	return cert_is_award(x) || cert_is_honour(x) || cert_is_training(x);
}

const char *cert_honour_category_text(int lang, const struct certificate *x)
{
	return commend_cat_text(lang, x->award, x->award_name, x->award_name_en);
}

const char *cert_grade_text(int lang, const struct certificate *x, char *out, size_t outlen)
{
	enum lang l = lang == LANG_EN ? LANG_EN : LANG_ZH;
	char key[48];

	if (!outlen)
		return out;
	if (cert_is_honour(x)) {
		snprintf(out, outlen, "%s · %s · %s", tr(l, "cert.title.honour"),
			 cert_honour_category_text(l, x),
			 x->competition_name ? x->competition_name : "");
		return out;
	}
	if (cert_is_training(x)) { /* 培训证书 · the course (when known) */
		if (x->occupation_name && *x->occupation_name)
			snprintf(out, outlen, "%s · %s", tr(l, "cert.title.training"),
				 x->occupation_name);
		else
			snprintf(out, outlen, "%s", tr(l, "cert.title.training"));
		return out;
	}
	if (!cert_is_award(x)) {
		snprintf(out, outlen, "%s", tr(l, i18n_level_key(x->level)));
		return out;
	}
	snprintf(key, sizeof(key), "comp.award.%s",
		 award_known(x->award) ? x->award : "none");
	snprintf(out, outlen, "%s · %s · %s", tr(l, "cert.title.award"), tr(l, key),
		 x->competition_name ? x->competition_name : "");
	return out;
}
