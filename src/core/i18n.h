/*
 * i18n.h - the message catalog. Every user-facing string has a key here.
 *
 * Simplified Chinese is the default language; English on request.
 * tr() never returns NULL: an unknown key comes back as the key itself, so a
 * missing entry shows up on the page instead of crashing (and the catalog
 * test fails on it).
 */
#ifndef CORE_I18N_H
#define CORE_I18N_H

#include <stddef.h>

#include "base/buf.h"

enum lang { LANG_ZH = 0, LANG_EN = 1 };

struct i18n_entry {
	const char *key, *zh, *en;
};

const char *tr(enum lang lang, const char *key);
/* "zh"/"en" */
const char *lang_code(enum lang lang);
/* Parses "zh", "zh-CN", "en", "en-US" ... ; returns -1 when unknown. */
int lang_parse(const char *s);
/* Picks the first supported language of an Accept-Language header by
 * q-value; LANG_ZH when none or NULL. */
enum lang lang_from_accept(const char *header);

/* The language of a request: an explicit choice (query parameter), then a
 * remembered one (cookie), then the Accept-Language header, then Chinese.
 * Any argument may be NULL. */
enum lang lang_choose(const char *explicit_choice, const char *remembered,
		      const char *accept_language);

/* The catalog key of skill level 1..5 ("level.4": 四级/中级工); "" for
 * any other number (tr() gives "" back). */
const char *i18n_level_key(int level);

/* The catalog key explaining an HTTP-level refusal reason ("not_found",
 * "login_required", "csrf", ...); "err.internal" for unknown reasons. */
const char *i18n_reason_key(const char *reason);

/* Fills a catalog text's {name} placeholders from names/values (n pairs)
 * into out; an unknown placeholder is kept as it is. */
void i18n_fill(struct buf *out, const char *text, const char *const *names,
	       const char *const *values, size_t n);

/* The whole table, for the catalog test. */
const struct i18n_entry *i18n_table(size_t *count);

#endif
