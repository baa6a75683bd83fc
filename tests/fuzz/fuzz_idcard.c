/*
 * fuzz_idcard.c - ID numbers (src/core/idcard.c): id_normalise() for every
 * document type (full-width forms, U+3000, the GB 11643 check, 15 -> 18
 * digits), then what the registry does with a valid number (birth date
 * and sex, the cross check, masking), and name masking and ages.
 *
 * Input: the number as typed (the first byte also picks the type whose
 * cross check runs and is the sex entered beside it).
 */
#include "fuzz.h"

#include "core/idcard.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	char norm[ID_NUMBER_MAX], mask[ID_MASK_MAX], birth[ID_DATE_MAX];
	char small[6], name[256];
	char sex = size ? (data[0] & 1 ? 'M' : 'F') : 0;
	struct rule_error err;

	for (int t = 0; t < ID_TYPE_COUNT; t++) {
		memset(&err, 0, sizeof(err));
		if (id_normalise((enum id_type)t, s, "2026-01-01", norm, &err)) {
			if (strlen(norm) >= ID_NUMBER_MAX)
				abort();
			id_mask(norm, mask, sizeof(mask));
			if (id_type_has_birth_sex((enum id_type)t) &&
			    id_birth_sex(norm, birth, &sex))
				(void)age_on(birth, "2026-01-01");
			(void)id_cross_check((enum id_type)t, norm, "1990-01-01", sex, &err);
		} else if (!err.msg || !err.field) {
			abort();
		}
	}
	(void)id_normalise((enum id_type)ID_TYPE_COUNT, s, NULL, norm, &err);
	(void)id_birth_sex(s, birth, &sex);
	(void)id_cross_check(size ? (enum id_type)(data[0] % ID_TYPE_COUNT) : ID_RESIDENT,
			     s, s, sex, &err);
	id_mask(s, mask, sizeof(mask));
	id_mask(s, small, sizeof(small));
	name_mask(s, name, sizeof(name));
	name_mask(s, small, sizeof(small));
	(void)age_on(s, "2026-01-01");
	(void)age_on("2000-02-29", s);
	(void)id_type_parse(s);
	(void)education_valid(s);
	free(s);
	return 0;
}
