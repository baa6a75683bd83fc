/* filing.c - filing batches: statuses, the record layout; see filing.h. */
#include "core/filing.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/str.h"

static const char *const status_names[FILING_STATUS_COUNT + 1] = {"draft", "submitted",
								  "received", NULL};

const char *filing_status_name(enum filing_status s)
{
	return (unsigned)s < FILING_STATUS_COUNT ? status_names[s] : NULL;
}

int filing_status_parse(const char *s)
{
	for (int i = 0; s && i < FILING_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

const char *const *filing_status_names(void) { return status_names; }

int filing_transition(enum filing_status from, enum filing_action a, const char **why)
{
	/* why[action][status]: the refusal naming the status; NULL = allowed */
	static const char *const refusals[3][FILING_STATUS_COUNT] = {
		[FILING_SUBMIT] = {NULL, "filing.refuse.submit.submitted",
				   "filing.refuse.submit.received"},
		[FILING_RECEIPT] = {"filing.refuse.receipt.draft", NULL,
				    "filing.refuse.receipt.received"},
		[FILING_REJECT] = {"filing.refuse.reject.draft", NULL, NULL},
	};
	static const int after[3][FILING_STATUS_COUNT] = {
		[FILING_SUBMIT] = {FILING_SUBMITTED, -1, -1},
		[FILING_RECEIPT] = {-1, FILING_RECEIVED, -1},
		[FILING_REJECT] = {-1, FILING_SUBMITTED, FILING_RECEIVED},
	};

	*why = NULL;
	if ((unsigned)from >= FILING_STATUS_COUNT || (unsigned)a > FILING_REJECT) {
		*why = "filing.refuse.unknown";
		return -1;
	}
	*why = refusals[a][from];
	return after[a][from];
}

/* §2.2, in the order the authority reads them: the holder, the
 * occupation and standard, the assessment, the certificate and its status,
 * the issuer and site, the staff and the batches. */
static const char *const columns[FILING_COLUMNS + 1] = {
	"filing.col.name",
	"filing.col.sex",
	"filing.col.birth_date",
	"filing.col.id_type",
	"filing.col.id_number",
	"filing.col.education",
	"filing.col.employer",
	"filing.col.photo",
	"filing.col.occupation_name",
	"filing.col.occupation_code",
	"filing.col.work_type",
	"filing.col.standard",
	"filing.col.standard_version",
	"filing.col.level",
	"filing.col.route",
	"filing.col.theory_on",
	"filing.col.practical_on",
	"filing.col.review_on",
	"filing.col.theory",
	"filing.col.practical",
	"filing.col.review",
	"filing.col.result",
	"filing.col.number",
	"filing.col.issued_on",
	"filing.col.cert_status",
	"filing.col.status_reason",
	"filing.col.status_date",
	"filing.col.institution_name",
	"filing.col.institution_code",
	"filing.col.credit_code",
	"filing.col.site_name",
	"filing.col.site_code",
	"filing.col.province",
	"filing.col.assessors",
	"filing.col.supervisors",
	"filing.col.plan",
	"filing.col.batch",
	"filing.col.award",
	NULL,
};

const char *const *filing_column_keys(void) { return columns; }

const char *filing_score(const char *scores, const char *component, char *out, size_t n)
{
	size_t klen = component ? strlen(component) : 0;

	if (n)
		out[0] = '\0';
	for (const char *p = scores; p && *p && klen;) {
		size_t len = strcspn(p, ";");

		if (len > klen && !strncmp(p, component, klen) && p[klen] == '=') {
			size_t v = len - klen - 1;

			if (n)
				snprintf(out, n, "%.*s", (int)v, p + klen + 1);
			return out;
		}
		p += len + (p[len] == ';');
	}
	return out;
}

const char *filing_photo_name(const char *number, const char *mime, char *out, size_t n)
{
	const char *ext = NULL;

	if (mime && !strcmp(mime, "image/jpeg"))
		ext = "jpg";
	else if (mime && !strcmp(mime, "image/png"))
		ext = "png";
	if (n)
		out[0] = '\0';
	if (ext && number && *number && n)
		snprintf(out, n, "%s.%s", number, ext);
	return out;
}

int filing_encoding_parse(const char *s)
{
	if (!s || !*s || !strcasecmp(s, "utf-8") || !strcasecmp(s, "utf8"))
		return FILING_UTF8;
	if (!strcasecmp(s, "gb18030"))
		return FILING_GB18030;
	return -1;
}

static bool text_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;

	if (n == 0 || !str_utf8_valid(s, n) || str_utf8_len(s, n) > max)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	return true;
}

bool filing_receipt_no_valid(const char *s) { return text_ok(s, 64); }

bool filing_reason_valid(const char *s) { return text_ok(s, FILING_REASON_MAX); }
