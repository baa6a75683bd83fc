/*
 * fuzz_creditcode.c - unified social credit codes (统一社会信用代码,
 * GB 32100: src/core/institution.c inst_check_credit_code(), the check
 * character in src/core/registry.c credit_code_checksum_ok()) and the
 * registry's other typed fields: registration numbers, approval document
 * numbers, occupation codes, level sets, filing codes, provinces, dates.
 *
 * Input: one field's text.
 */
#include "fuzz.h"

#include "core/institution.h"
#include "core/registry.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct rule_error err;
	char out[16], date[11];
	unsigned mask;

	memset(&err, 0, sizeof(err));
	if (inst_check_credit_code(s, &err))
		(void)credit_code_checksum_ok(s);
	(void)credit_code_checksum_ok(s);
	(void)inst_check_name(s, &err);
	(void)inst_check_type(s, &err);
	(void)inst_check_province(s, &err);
	(void)inst_check_reason(s, &err);
	(void)province_valid(s);
	(void)reg_number_valid(s);
	(void)reg_check_doc(s, "doc_no", &err);
	(void)occupation_code_valid(s);
	mask = levels_parse(s);
	if (mask)
		levels_format(mask, out);
	(void)filing_code_valid(s, 4);
	(void)filing_code_valid(s, 6);
	(void)reg_status_parse(s);
	(void)inspection_outcome_parse(s);
	(void)branch_kind_valid("branch_center", s);
	if (date_add_years(s, REG_VALIDITY_YEARS, date) && strlen(date) > 10)
		abort();
	if (date_add_days(s, REG_NOTICE_DAYS, date) && strlen(date) > 10)
		abort();
	if (date_prev_day(s, date) && strlen(date) > 10)
		abort();
	(void)date_diff_days(s, "2026-01-01");
	(void)reg_effective(REG_REGISTERED, s, "2026-01-01");
	free(s);
	return 0;
}
