/* institution.c - institution field rules; see institution.h. */
#include "core/institution.h"

#include <string.h>

#include "base/str.h"

static const char *const type_names[INST_TYPE_COUNT + 1] = {
	[INST_CENTER] = "center",
	[INST_BRANCH_CENTER] = "branch_center",
	[INST_TRAINING_BASE] = "training_base",
	[INST_PRACTICE_BASE] = "practice_base",
	[INST_MANAGEMENT_STATION] = "management_station",
	[INST_EXAM_STATION] = "exam_station",
	[INST_EXAM_SITE] = "exam_site",
	[INST_TYPE_COUNT] = NULL,
};

static const char *const provinces[] = {
	"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34",
	"35", "36", "37", "41", "42", "43", "44", "45", "46", "50", "51", "52",
	"53", "54", "61", "62", "63", "64", "65", "71", "81", "82", NULL,
};

const char *inst_type_name(enum inst_type t)
{
	return (unsigned)t < INST_TYPE_COUNT ? type_names[t] : NULL;
}

const char *const *inst_type_names(void) { return type_names; }

int inst_type_parse(const char *s)
{
	for (int i = 0; s && i < INST_TYPE_COUNT; i++)
		if (strcmp(s, type_names[i]) == 0)
			return i;
	return -1;
}

bool province_valid(const char *code)
{
	for (int i = 0; code && provinces[i]; i++)
		if (strcmp(code, provinces[i]) == 0)
			return true;
	return false;
}

const char *const *province_codes(void) { return provinces; }

static bool fail(struct rule_error *err, const char *field, const char *msg)
{
	err->field = field;
	err->msg = msg;
	return false;
}

bool inst_check_name(const char *name, struct rule_error *err)
{
	size_t n, chars;

	if (!name || !*name)
		return fail(err, "name", "val.name.required");
	n = strlen(name);
	if (!str_utf8_valid(name, n))
		return fail(err, "name", "val.name.invalid");
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f)
			return fail(err, "name", "val.name.invalid");
	/* no leading or trailing space, ASCII or full-width (U+3000) */
	if (name[0] == ' ' || name[n - 1] == ' ' || str_has_prefix(name, "\xe3\x80\x80") ||
	    (n >= 3 && !memcmp(name + n - 3, "\xe3\x80\x80", 3)))
		return fail(err, "name", "val.name.invalid");
	chars = str_utf8_len(name, n);
	if (chars < INST_NAME_MIN || chars > INST_NAME_MAX)
		return fail(err, "name", "val.name.length");
	return true;
}

bool inst_check_type(const char *type, struct rule_error *err)
{
	if (inst_type_parse(type) < 0)
		return fail(err, "type", "val.type.invalid");
	return true;
}

bool inst_check_province(const char *province, struct rule_error *err)
{
	if (!province_valid(province))
		return fail(err, "province", "val.province.invalid");
	return true;
}

bool inst_check_credit_code(const char *code, struct rule_error *err)
{
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

	if (!code || !*code)
		return true;
	if (strlen(code) != 18)
		return fail(err, "credit_code", "val.credit_code.format");
	for (const char *p = code; *p; p++)
		if (!strchr(set, *p))
			return fail(err, "credit_code", "val.credit_code.format");
	return true;
}

bool inst_check_reason(const char *reason, struct rule_error *err)
{
	size_t n;

	if (!reason)
		return true;
	n = strlen(reason);
	if (!str_utf8_valid(reason, n) || str_utf8_len(reason, n) > INST_REASON_MAX)
		return fail(err, "reason", "val.reason.length");
	return true;
}
