/*
 * certno.h - certificate numbers (domain.md §1).
 *
 * 职业技能等级证书 (§1.1): 22 characters, one letter and 21 digits, in
 * seven segments:
 *
 *   S | 0000 | 11 | 000123 | 24 | 4 | 000001
 *   kind (S social organisation, Y employer) | institution code (MOHRSS;
 *   0000 when first filed with a province) | province (GB/T 2260, first two
 *   digits; core/institution.h province_valid()) | site code (from the provincial HR department) | issue year
 *   (two digits) | level 1..5 | serial 000001..999999
 *
 * The first 16 characters are the number's prefix: serials are counted per
 * prefix (by the caller, in the issuing transaction).
 *
 * 职业资格证书 (§1.2, before 2020): 16 digits
 *   year(2) province-or-industry(2) prefecture(2) institution kind(1, 0-4)
 *   institution sequence(3) level(1, 1-5) serial(5).
 * Older series (13-digit Shanghai numbers, others) are kept as given: a
 * legacy number is checked for shape only when it has 16 digits.
 *
 * The industry certificate line (机械行业职业能力证书) numbers its
 * certificates by a configurable pattern; see certno_pattern().
 */
#ifndef CORE_CERTNO_H
#define CORE_CERTNO_H

#include <stdbool.h>
#include <stddef.h>

#define CERTNO_LEN 22
#define CERTNO_PREFIX_LEN 16
#define CERTNO_SERIAL_MAX 999999L
#define CERTNO_LEGACY_MAX 32
#define CERTNO_PATTERN_MAX 64

struct certno {
	char kind;           /* 'S' or 'Y' */
	char institution[5]; /* 4 digits */
	char province[3];    /* 2 digits, a GB/T 2260 province */
	char site[7];        /* 6 digits */
	int year;            /* the full year, 2000..2099 */
	int level;           /* 1..5 */
	long serial;         /* 1..999999 */
};

/* Why a number is refused: catalog keys (core/i18n.h). */
#define CERTNO_E_SHAPE "certno.shape"       /* not a letter S/Y and 21 digits */
#define CERTNO_E_PROVINCE "certno.province" /* positions 6-7 not a province */
#define CERTNO_E_LEVEL "certno.level"       /* position 16 not 1..5 */
#define CERTNO_E_SERIAL "certno.serial"     /* serial 000000 */
#define CERTNO_E_PART "certno.part"         /* a part out of range (format) */

/* Writes the 22-character number of n into out; NULL on success, else the
 * catalog key of the refusal (a part out of range or of the wrong shape). */
const char *certno_format(const struct certno *n, char out[CERTNO_LEN + 1]);

/* The 16-character prefix of n (no serial); same refusals. */
const char *certno_prefix(const struct certno *n, char out[CERTNO_PREFIX_LEN + 1]);

/* Parses and checks a number (surrounding blanks are not accepted). NULL
 * with *out filled, or the catalog key of the refusal. */
const char *certno_parse(const char *s, struct certno *out);

/* Legacy 职业资格证书 numbers. Returns NULL when s is a usable legacy
 * number: 16 digits in the §1.2 shape (then *level and *year2 are set),
 * or any other 6..CERTNO_LEGACY_MAX characters of letters and digits (then
 * *level = 0: kept as given, older series exist). A 13-digit number is
 * padded to 16 with "000" in front (Shanghai) into norm. Otherwise the
 * catalog key of the refusal. norm receives the number as stored. */
const char *certno_legacy(const char *s, char norm[CERTNO_LEGACY_MAX + 1], int *level,
			  int *year2);

/* The industry line's pattern: literal characters and the fields
 *   {YYYY} issue year   {YY} its last two digits   {L} level 1..5
 *   {P} province code   {INST} institution code (4 digits)
 *   {SITE} site code    {N6} serial on 6 digits ({N4}..{N8} likewise)
 * Exactly one serial field. The prefix (everything but the serial) names
 * the counter. Returns NULL on success, else the catalog key
 * ("certno.pattern") for a pattern that is empty, too long, lacks a
 * serial, has two, an unknown field, a character outside [A-Z0-9-], or
 * gives a number longer than 40 characters. */
const char *certno_pattern_check(const char *pattern);
/* Formats pattern for n (its serial too): NULL or the catalog key. With
 * prefix non-NULL, also writes the counter's key (pattern output with the
 * serial field left out). out and prefix need 41 bytes. */
const char *certno_pattern(const char *pattern, const struct certno *n, char out[41],
			   char prefix[41]);

#endif
