/*
 * idcard.h - identity documents of a person (domain.md §2.2, §8, §9.1):
 * the six document types, normalising and checking their numbers,
 * birth date and sex carried by a GB 11643 number, masking of ID numbers
 * and names for public pages, age in full years.
 *
 * Pure rules, no I/O. Messages are catalog keys (core/i18n.h); every
 * check that fails fills a struct rule_error (core/institution.h) whose
 * field is the form field the person has to correct.
 *
 * What each type's number must look like after id_normalise():
 *
 *   resident_id                 居民身份证: GB 11643, 18 characters, 17
 *                               digits + check character (ISO 7064
 *                               MOD 11-2, 'X' for 10); a 15-digit number
 *                               of the first generation is converted
 *                               (insert "19", compute the check). The
 *                               first two digits are a province code
 *                               (province_valid()), but not 71, 81, 82 or
 *                               83: those numbers are residence permits.
 *                               The birth date is real and not after
 *                               today.
 *   hmt_residence_permit        港澳台居民居住证: the same layout and check
 *                               with address code 810000 (Hong Kong),
 *                               820000 (Macao) or 830000 (Taiwan).
 *   hk_macao_permit             港澳居民来往内地通行证: 'H' or 'M' + 8 or
 *                               10 digits (format only).
 *   taiwan_permit               台湾居民来往大陆通行证: 8 or 10 digits
 *                               (format only).
 *   foreign_permanent_residence 外国人永久居留身份证: the 2023 card, 18
 *                               characters, leading '9', the GB 11643
 *                               check; or the 2017 card still in use, 3
 *                               letters + 12 digits (format only).
 *   passport                    护照: 5 to 20 of [A-Z0-9] (format only).
 *
 * Normalising trims ASCII white space and the ideographic space U+3000 at
 * both ends, turns full-width digits and letters (as Chinese input methods
 * type them) into ASCII, and letters into capitals (so 'x' is stored 'X').
 * White space inside a number is a format error.
 */
#ifndef CORE_IDCARD_H
#define CORE_IDCARD_H

#include <stdbool.h>
#include <stddef.h>

#include "core/institution.h"

enum id_type {
	ID_RESIDENT,        /* 居民身份证 */
	ID_HMT_RESIDENCE,   /* 港澳台居民居住证 */
	ID_HK_MACAO_PERMIT, /* 港澳居民来往内地通行证 */
	ID_TAIWAN_PERMIT,   /* 台湾居民来往大陆通行证 */
	ID_FOREIGN_PR,      /* 外国人永久居留身份证 */
	ID_PASSPORT,        /* 护照 */
	ID_TYPE_COUNT
};

/* Code name of a type ("resident_id"), NULL when out of range. */
const char *id_type_name(enum id_type t);
/* All type code names in order, NULL-terminated. */
const char *const *id_type_names(void);
/* Parses a code name; -1 when unknown (or NULL). */
int id_type_parse(const char *s);

/* Size of a normalised number's buffer: at most 39 characters + NUL. */
#define ID_NUMBER_MAX 40
/* Size of a masked number's buffer (a number is at most 39 characters,
 * masked characters are ASCII). */
#define ID_MASK_MAX ID_NUMBER_MAX
/* Size of a "YYYY-MM-DD" buffer. */
#define ID_DATE_MAX 11

/*
 * Checks the number `in` of a document of type t and writes its
 * normalised form into out (always NUL-terminated; "" on failure).
 * `today` ("YYYY-MM-DD") is the day birth dates may not be after; NULL
 * skips that check. Returns true when valid, else fills *err:
 *   field "id_type",   msg "val.id_type.invalid"  t is not a type;
 *   field "id_number", msg "val.id.required"      nothing but white space;
 *                          "val.id.format"        wrong length or characters
 *                                                 for the type;
 *                          "val.id.province"      GB 11643 number with an
 *                                                 unknown province (or HMT
 *                                                 address) code;
 *                          "val.id.hmt_type"      a resident_id starting
 *                                                 81/82/83: choose the
 *                                                 residence-permit type;
 *                          "val.id.birth"         birth date not a real
 *                                                 date, or after today;
 *                          "val.id.checksum"      the check character is
 *                                                 wrong.
 * Checks run in that order, so a number with a real birth date and a
 * wrong last character reports the checksum.
 */
bool id_normalise(enum id_type t, const char *in, const char *today,
		  char out[ID_NUMBER_MAX], struct rule_error *err);

/* For an 18-character GB 11643 layout (resident_id, hmt_residence_permit):
 * birth "YYYY-MM-DD" from characters 7-14 and sex 'M' (odd 17th digit) or
 * 'F' (even). Returns false, leaving birth "" and *sex 0, when id18 is not
 * 17 digits + [0-9X] or its date is not a real date. The check character
 * is not verified here (id_normalise() does). */
bool id_birth_sex(const char *id18, char birth[ID_DATE_MAX], char *sex);

/* Whether type t's numbers carry the birth date and sex (resident_id and
 * hmt_residence_permit). */
bool id_type_has_birth_sex(enum id_type t);

/*
 * For a type that carries them, a birth date and sex entered beside a
 * normalised number must agree with it. birth NULL or "" and sex 0 mean
 * "not entered" and are not compared. Returns true when they agree or the
 * type carries neither, else fills *err:
 *   field "id_number",  msg "val.id.format"          id is not a GB 11643
 *                                                    layout;
 *   field "birth_date", msg "val.id.birth_mismatch";
 *   field "sex",        msg "val.id.sex_mismatch"    (sex is 'M' or 'F').
 */
bool id_cross_check(enum id_type t, const char *id, const char *birth, char sex,
		    struct rule_error *err);

/*
 * Masks an ID number for display (domain.md §8). An 18-character number
 * keeps its first 6 and last 4: "110105********002X". Any other length n
 * keeps at most n/2 characters: the first 2 and last 2 when n >= 8, fewer
 * below (n = 5: "A***5"; n = 1: "*"); the masked form has as many
 * characters as the number. Characters are counted as UTF-8 code points,
 * each hidden one becomes one '*'. out gets "" when it holds fewer than
 * the masked form's bytes + 1 (n = 0: nothing is written).
 */
void id_mask(const char *id, char *out, size_t n);

/*
 * Masks a person's name (UTF-8) for public pages: one character -> "*";
 * two -> the first + "*" ("张*"); three or more -> the first, one '*' per
 * middle character, the last ("章*怡", "欧阳小锋" -> "欧**锋"). Latin
 * names alike by character ("Anna" -> "A**a"). Invalid UTF-8 gives "*",
 * "" or NULL gives "". out gets "" when too small (n = 0: nothing).
 */
void name_mask(const char *name, char *out, size_t n);

/* Age in full years on `day` of a person born on `birth` (both
 * "YYYY-MM-DD"); a 02-29 birthday is reached on 03-01 in common years.
 * -1 when either date is not real or day is before birth. */
int age_on(const char *birth, const char *day);

/* A person of the registry (candidate or staff). The ID number itself is
 * never in this struct: only its type and masked form. */
struct person {
	long long id;
	const char *name, *id_type, *id_masked;
	const char *sex;        /* "M", "F" or "" */
	const char *birth_date; /* NULL when unknown */
	const char *education, *employer, *employer_credit_code;
	const char *work_start; /* NULL when unknown */
	const char *phone, *created_at, *updated_at;
};

/* An assessor's qualification (考评员资格): the occupation, the highest
 * level (1..5, 1 the highest) it covers, its dates and certificate. */
struct person_qualification {
	long long id;
	const char *occupation_code, *grade; /* "assessor" | "senior_assessor" */
	int max_level;
	const char *valid_from, *valid_to, *number;
};

/* Education levels (文化程度), lowest first. */
const char *const *education_names(void);
bool education_valid(const char *s);

#endif
