/*
 * synonym.h - the values people write in a spreadsheet for a coded field,
 * and the code each means: a document type (证件类型) by its code name or
 * its label in either language ("居民身份证", "Passport"); an education
 * level (文化程度) by its code, its label, or the words in common use
 * ("大学本科" → bachelor, "技校" → technical_school, "研究生" → master).
 *
 * Pure rules, no I/O; labels come from the message catalog (core/i18n.h),
 * so a value is accepted exactly as the pages show it. Comparison is exact
 * for Chinese and case-insensitive for ASCII; the caller trims.
 */
#ifndef CORE_SYNONYM_H
#define CORE_SYNONYM_H

#include <stddef.h>

#include "core/i18n.h"

/* The id type code name ("passport") that v names; NULL when none (an
 * empty v too: the caller decides the default). */
const char *synonym_id_type(const char *v);

/* The education code ("bachelor") that v names; NULL when none. */
const char *synonym_education(const char *v);

enum synonym_field { SYN_ID_TYPE, SYN_EDUCATION };

/*
 * The values accepted for field f as a person reads them in lang, joined
 * by "、" (zh) or ", " (en) into out (always NUL-terminated when n > 0;
 * cut short when out is too small): in Chinese each label followed by its
 * common synonyms, in English each label and its code name. Returns the
 * length the whole list needs, as snprintf() does.
 */
size_t synonym_accepted(enum synonym_field f, enum lang lang, char *out, size_t n);

#endif
