/*
 * fuzz_certno.c - certificate numbers (src/core/certno.c): the
 * 22-character number, legacy 职业资格证书 numbers, and the industry
 * line's pattern, checked and then formatted with the parts of a number.
 *
 * Input: one text, tried as a number, a legacy number and a pattern.
 */
#include "fuzz.h"

#include "core/certno.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct certno n = {'S', "0000", "11", "000123", 2024, 4, 1};
	struct certno parsed;
	char norm[CERTNO_LEGACY_MAX + 1], out[41], prefix[41];
	char num[CERTNO_LEN + 1], pre[CERTNO_PREFIX_LEN + 1];
	int level, year2;

	if (!certno_parse(s, &parsed)) {
		if (certno_format(&parsed, num) || strcmp(num, s))
			abort(); /* a parsed number formats back to itself */
		(void)certno_prefix(&parsed, pre);
		n = parsed;
	}
	if (!certno_legacy(s, norm, &level, &year2) && strlen(norm) > CERTNO_LEGACY_MAX)
		abort();
	if (!certno_pattern_check(s)) {
		if (!certno_pattern(s, &n, out, prefix) &&
		    (strlen(out) > 40 || strlen(prefix) > 40))
			abort();
		n.serial = CERTNO_SERIAL_MAX;
		n.year = 2099;
		(void)certno_pattern(s, &n, out, NULL);
	}
	free(s);
	return 0;
}
