/*
 * itemsheet.h - the spreadsheet item writers fill in (试题导入模板), one
 * row per item: which column is which, and one row to an item. Pure: the
 * file itself is read by services/table (services/qti.h qti_sheet_read).
 *
 * Columns, in any order, named in Chinese or English (ASCII letters in
 * any case): 试题编号 ref | 题型 kind | 鉴定要素 point | 题干 stem |
 * 选项A … 选项H option_a … option_h | 答案 key | 解析 explanation.
 * A few other names item writers use are accepted too (题号, 知识点,
 * 正确答案, 答案解析, "A" … "H"); columns of other names are ignored.
 * ref, kind, point, stem and key are required; an explanation column is
 * optional, and so are the option columns (but a choice item needs two).
 *
 * Kinds: 单选/多选/判断 (题, 单项选择题 … too) or single/multi/tf. Keys as
 * item_key_parse() takes them ("A", "ACD", "A,C", "A、C"; 对/错, T/F ...).
 * A true/false row may fill 选项A/选项B with 正确/错误 (or 对/错,
 * true/false): they are dropped and an answer "A" or "B" names them.
 * Cells are trimmed; an option column left empty ends the options, and a
 * filled one after it is refused (val.itemsheet.option_gap).
 */
#ifndef CORE_ITEMSHEET_H
#define CORE_ITEMSHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "core/item.h"

enum itemsheet_col {
	ITEMSHEET_REF,
	ITEMSHEET_KIND,
	ITEMSHEET_POINT,
	ITEMSHEET_STEM,
	ITEMSHEET_OPTION_A, /* … ITEMSHEET_OPTION_A + 7 */
	ITEMSHEET_KEY = ITEMSHEET_OPTION_A + ITEM_MAX_OPTIONS,
	ITEMSHEET_EXPLANATION,
	ITEMSHEET_NCOLS
};

/* Which spreadsheet column (0-based) holds each field, -1 for none. */
struct itemsheet_map {
	long col[ITEMSHEET_NCOLS];
};

/* The field name of a column as refusals name it ("ref", "option_c" ...). */
const char *itemsheet_field(enum itemsheet_col c);
/* The header of a column in zh ("试题编号", "选项A" ...) or en. */
const char *itemsheet_title(enum itemsheet_col c, bool zh);

/* Whether every cell of the row is blank (white space only). */
bool itemsheet_blank(const char *const *cols, size_t ncols);

/*
 * Reads the header row into *map. Returns NULL, or a catalog key
 * (val.itemsheet.header_missing, val.itemsheet.header_repeated) with
 * *field the column at fault.
 */
const char *itemsheet_header(const char *const *cols, size_t ncols,
			     struct itemsheet_map *map, const char **field);

/*
 * One row to *out (zeroed first; the caller item_clear()s it). Returns
 * NULL when it is a complete item (item_check passed), else a catalog key
 * (val.itemsheet.* or val.item.*) with *field the column at fault and *out
 * cleared.
 */
const char *itemsheet_row(const struct itemsheet_map *map, const char *const *cols,
			  size_t ncols, struct item *out, const char **field);

/*
 * The cells of the item's row in the column order of enum itemsheet_col,
 * for writing: kinds as 单选/多选/判断, true/false keys as 对/错. keybuf
 * (ITEM_MAX_OPTIONS + 1 bytes at least) holds the key's text; the
 * pointers are valid while the item and keybuf are.
 */
void itemsheet_cells(const struct item *it, char *keybuf,
		     const char *cells[ITEMSHEET_NCOLS]);

#endif
