/* registry.c - registry rules; see registry.h. */
#include "core/registry.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "base/str.h"
#include "base/timeutil.h"

static const char *const status_names[REG_STATUS_COUNT + 1] = {
	[REG_APPLYING] = "applying",     [REG_UNDER_NOTICE] = "under_notice",
	[REG_REGISTERED] = "registered", [REG_SUSPENDED] = "suspended",
	[REG_REVOKED] = "revoked",       [REG_EXPIRED] = "expired",
	[REG_REJECTED] = "rejected",     [REG_STATUS_COUNT] = NULL,
};

const char *reg_status_name(enum reg_status s)
{
	return (unsigned)s < REG_STATUS_COUNT ? status_names[s] : NULL;
}

int reg_status_parse(const char *s)
{
	for (int i = 0; s && i < REG_STATUS_COUNT; i++)
		if (!strcmp(s, status_names[i]))
			return i;
	return -1;
}

const char *const *reg_status_names(void) { return status_names; }

/* The transition table: from × action → to (-1 = refused). */
static const struct {
	enum reg_status from;
	enum reg_action action;
	enum reg_status to;
} transitions[] = {
	{REG_APPLYING, REG_ACT_NOTICE, REG_UNDER_NOTICE},
	{REG_APPLYING, REG_ACT_REJECT, REG_REJECTED},
	{REG_UNDER_NOTICE, REG_ACT_APPROVE, REG_REGISTERED},
	{REG_UNDER_NOTICE, REG_ACT_REJECT, REG_REJECTED},
	{REG_UNDER_NOTICE, REG_ACT_WITHDRAW, REG_APPLYING},
	{REG_APPLYING, REG_ACT_WITHDRAW, REG_APPLYING},
	{REG_REGISTERED, REG_ACT_SUSPEND, REG_SUSPENDED},
	{REG_REGISTERED, REG_ACT_REVOKE, REG_REVOKED},
	{REG_SUSPENDED, REG_ACT_REINSTATE, REG_REGISTERED},
	{REG_SUSPENDED, REG_ACT_REVOKE, REG_REVOKED},
	{REG_REJECTED, REG_ACT_REAPPLY, REG_APPLYING},
	/* renewal: a registered (or expired) institution applies again; it
	 * stays registered while the renewal is under way */
	{REG_REGISTERED, REG_ACT_REAPPLY, REG_REGISTERED},
	{REG_EXPIRED, REG_ACT_REAPPLY, REG_EXPIRED},
	{REG_REGISTERED, REG_ACT_NOTICE, REG_REGISTERED},
	{REG_EXPIRED, REG_ACT_NOTICE, REG_EXPIRED},
	{REG_REGISTERED, REG_ACT_APPROVE, REG_REGISTERED},
	{REG_EXPIRED, REG_ACT_APPROVE, REG_REGISTERED},
	{REG_REGISTERED, REG_ACT_WITHDRAW, REG_REGISTERED},
	{REG_EXPIRED, REG_ACT_WITHDRAW, REG_EXPIRED},
};

int reg_transition(enum reg_status from, enum reg_action action)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (transitions[i].from == from && transitions[i].action == action)
			return (int)transitions[i].to;
	return -1;
}

const char *reg_refusal(enum reg_status from, enum reg_action action)
{
	if (from == REG_REVOKED)
		return "reg.refuse.revoked";
	switch (action) {
	case REG_ACT_NOTICE:
	case REG_ACT_WITHDRAW: return "reg.refuse.not_applying";
	case REG_ACT_APPROVE:
	case REG_ACT_REJECT: return "reg.refuse.not_under_notice";
	case REG_ACT_SUSPEND: return "reg.refuse.not_registered";
	case REG_ACT_REINSTATE: return "reg.refuse.not_suspended";
	case REG_ACT_REVOKE: return "reg.refuse.not_registered";
	case REG_ACT_REAPPLY: return "reg.refuse.cannot_apply";
	}
	return "reg.refuse.cannot_apply";
}

enum reg_status reg_effective(enum reg_status stored, const char *valid_until,
			      const char *today)
{
	if ((stored == REG_REGISTERED || stored == REG_SUSPENDED) && valid_until &&
	    *valid_until && today && strcmp(valid_until, today) < 0)
		return REG_EXPIRED;
	return stored;
}

bool reg_may_open_plans(enum reg_status stored, const char *valid_until, const char *today)
{
	return reg_effective(stored, valid_until, today) == REG_REGISTERED;
}

static bool parse_date(const char *s, struct tm *tm)
{
	if (!s || !time_date_valid(s))
		return false;
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
		      (s[3] - '0') - 1900;
	tm->tm_mon = (s[5] - '0') * 10 + (s[6] - '0') - 1;
	tm->tm_mday = (s[8] - '0') * 10 + (s[9] - '0');
	tm->tm_hour = 12;
	return true;
}

static void format_date(const struct tm *tm, char out[11])
{
	strftime(out, 11, "%Y-%m-%d", tm);
}

bool date_add_years(const char *date, int years, char out[11])
{
	struct tm tm;
	int y;

	if (!parse_date(date, &tm))
		return false;
	tm.tm_year += years;
	y = tm.tm_year + 1900;
	if (tm.tm_mon == 1 && tm.tm_mday == 29 &&
	    !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		tm.tm_mday = 28;
	format_date(&tm, out);
	return true;
}

bool date_add_days(const char *date, int days, char out[11])
{
	struct tm tm;
	time_t t;

	if (!parse_date(date, &tm))
		return false;
	t = timegm(&tm) + (time_t)days * 86400;
	gmtime_r(&t, &tm);
	format_date(&tm, out);
	return true;
}

bool date_prev_day(const char *date, char out[11])
{
	return date_add_days(date, -1, out);
}

long date_diff_days(const char *a, const char *b)
{
	struct tm ta, tb;

	if (!parse_date(a, &ta) || !parse_date(b, &tb))
		return 0;
	return (long)((timegm(&tb) - timegm(&ta)) / 86400);
}

bool credit_code_checksum_ok(const char *code)
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	static const int w[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
				  29, 25, 13, 8,  24, 10, 30, 28};
	int sum = 0, c18;

	if (!code || strlen(code) != 18)
		return false;
	for (int i = 0; i < 17; i++) {
		const char *p = strchr(set, code[i]);

		if (!p || !*p)
			return false;
		sum += (int)(p - set) * w[i];
	}
	c18 = 31 - sum % 31;
	if (c18 == 31)
		c18 = 0;
	return code[17] == set[c18];
}

void reg_number_format(int year, long serial, char out[16])
{
	snprintf(out, 16, "JXJD%04d%04ld", year % 10000, serial % 10000);
}

bool reg_number_valid(const char *s)
{
	if (!s || strlen(s) != 12 || strncmp(s, "JXJD", 4) != 0)
		return false;
	for (int i = 4; i < 12; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

bool reg_check_doc(const char *doc, const char *field, struct rule_error *err)
{
	size_t n = doc ? strlen(doc) : 0;

	if (n == 0) {
		err->field = field;
		err->msg = "val.doc.required";
		return false;
	}
	if (!str_utf8_valid(doc, n) || str_utf8_len(doc, n) < 2 ||
	    str_utf8_len(doc, n) > 64) {
		err->field = field;
		err->msg = "val.doc.format";
		return false;
	}
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)doc[i] < 0x20 || doc[i] == 0x7f) {
			err->field = field;
			err->msg = "val.doc.format";
			return false;
		}
	return true;
}

bool occupation_code_valid(const char *c)
{
	/* D-DD-DD-DD */
	static const char shape[] = "9-99-99-99";

	if (!c || strlen(c) != sizeof(shape) - 1)
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == '-' ? c[i] != '-' : (c[i] < '0' || c[i] > '9'))
			return false;
	return c[0] >= '1' && c[0] <= '8';
}

unsigned levels_parse(const char *s)
{
	unsigned mask = 0;

	if (!s)
		return 0;
	while (*s) {
		int l;

		while (*s == ' ')
			s++;
		if (*s < '1' || *s > '5')
			return 0;
		l = *s++ - '0';
		if (mask & (1u << l))
			return 0;
		mask |= 1u << l;
		while (*s == ' ')
			s++;
		if (*s == ',' || *s == '/' || *s == ';')
			s++;
		else if (*s)
			return 0;
	}
	return mask;
}

void levels_format(unsigned mask, char out[16])
{
	size_t n = 0;

	for (int l = 5; l >= 1; l--)
		if (mask & (1u << l)) {
			if (n)
				out[n++] = ',';
			out[n++] = (char)('0' + l);
		}
	out[n] = '\0';
}

bool filing_code_valid(const char *s, size_t digits)
{
	if (!s || strlen(s) != digits)
		return false;
	for (size_t i = 0; i < digits; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

static const char *const outcome_names[INSP_OUTCOME_COUNT + 1] = {
	[INSP_PASS] = "pass",
	[INSP_RECTIFY] = "rectify",
	[INSP_FAIL] = "fail",
	[INSP_OUTCOME_COUNT] = NULL,
};

const char *inspection_outcome_name(enum inspection_outcome o)
{
	return (unsigned)o < INSP_OUTCOME_COUNT ? outcome_names[o] : NULL;
}

int inspection_outcome_parse(const char *s)
{
	for (int i = 0; s && i < INSP_OUTCOME_COUNT; i++)
		if (!strcmp(s, outcome_names[i]))
			return i;
	return -1;
}

const char *const *inspection_outcome_names(void) { return outcome_names; }

bool branch_kind_valid(const char *type, const char *kind)
{
	bool branch = type && !strcmp(type, "branch_center");

	if (!kind || !*kind)
		return true; /* unknown kind is allowed */
	return branch && (!strcmp(kind, "sector") || !strcmp(kind, "regional"));
}
