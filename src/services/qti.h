/*
 * qti.h - the item bank in and out: IMS QTI 3.0 items and content
 * packages (what TAO and other tools exchange), QTI 2.1 on import, and the
 * spreadsheets item writers fill in. Only the conversion: bytes <-> items
 * (core/item.h), with every refused item or row named and given its
 * reason as a catalog key. No store, no I/O beyond the bytes given.
 *
 * Items. One <qti-assessment-item> (namespace imsqtiasi_v3p0; on import
 * also QTI 2.1 assessmentItem, namespace imsqti_v2p1, and 2.2) with one
 * response declaration (cardinality single or multiple, its correct
 * response as <qti-value>s naming choices), an item body holding ONE
 * <qti-choice-interaction> of at most ITEM_MAX_OPTIONS
 * <qti-simple-choice>s, and the standard match_correct response processing
 * (referenced by its template URI, 3.0 or 2.x; anything else, inline rules
 * included, is refused). The stem is the text of the item body outside the
 * choices, the interaction's prompt included: block elements (p, div, li,
 * br, prompt ...) start a new line, inline markup (b, em, span, sub ...)
 * is kept as its plain text, runs of white space become one space, empty
 * lines are dropped. Images, tables, objects, audio/video and MathML are
 * refused (val.qti.media): an item bank of plain text cannot show them.
 * Elements of another namespace inside the body or the feedback
 * (XInclude, SSML ...) are refused too (val.qti.markup); outside them
 * they are left out. Rubric blocks and feedback inside the body are left
 * out. The
 * explanation is the text of the <qti-modal-feedback>s (one line each).
 * True/false: a single-choice item of exactly two choices reading
 * 正确/错误, 对/错 or true/false (either order) is ITEM_TF, and
 * ITEM_TF is written as such an item with choices "T" 正确 and "F" 错误.
 *
 * The knowledge point. QTI has no field for it. In a package it travels
 * in the manifest, in the resource's IEEE LOM metadata (which QTI 3.0
 * content packaging allows on every resource):
 *   <lom:classification><lom:purpose><lom:value>competency</lom:value>
 *   </lom:purpose><lom:taxonPath>...<lom:taxon><lom:id>A-01-002</lom:id>
 * LOM's classification is what curriculum and competency codes use, and
 * "competency" is LOM's own purpose word for what a blueprint's knowledge
 * point is; TAO and others keep such metadata through an exchange. For a
 * loose item, and as a fallback, the attribute data-point on
 * <qti-assessment-item> or <qti-item-body> (QTI 3.0 allows data-*
 * attributes on body elements) is read; qti_item_write() writes it on
 * <qti-item-body> so that one item file is complete on its own. When both
 * are there the manifest wins.
 *
 * Limits, whatever a file claims (each refusal names its limit):
 * QTI_MAX_ENTRIES archive entries, QTI_MAX_UNPACKED bytes unpacked from
 * all of them (counted as read), QTI_MAX_FILE bytes for one item's XML,
 * QTI_MAX_MANIFEST for the manifest (about 1.2 kB an item), QTI_MAX_DEPTH nesting of XML elements,
 * QTI_MAX_ITEMS items in a package or rows in a sheet. No DTD (so no
 * entity of any kind) is accepted in any XML.
 */
#ifndef SERVICES_QTI_H
#define SERVICES_QTI_H

#include <stddef.h>

#include "base/buf.h"
#include "core/item.h"

#define QTI_MAX_ENTRIES 5000                /* entries in a package */
#define QTI_MAX_UNPACKED ((size_t)64 << 20) /* bytes unpacked, all entries */
#define QTI_MAX_FILE ((size_t)1 << 20)      /* bytes of one item's XML */
#define QTI_MAX_MANIFEST ((size_t)16 << 20) /* bytes of imsmanifest.xml */
#define QTI_MAX_DEPTH 32                    /* nesting of XML elements */
#define QTI_MAX_ITEMS 10000                 /* items of a package, rows of a sheet */

/* One item or row that was not taken. */
struct qti_refusal {
	char where[256];        /* package: the item's file name (or the resource's
			      identifier when its href is at fault); sheet: "" */
	size_t line;            /* sheet: the row's line (header = 1); package: 0 */
	char ref[ITEM_REF_MAX]; /* the item's identifier when known, else "" */
	const char *field;      /* the field at fault ("stem", "key", "option_c"
			      ...), NULL when not one field */
	const char *key;        /* catalog key of the reason (val.qti.*,
			      val.itemsheet.*, val.item.*) */
};

/* What a package or a sheet gave: the items taken, in order, and those
 * refused. error is set (a catalog key) when the input as a whole was
 * refused (not a zip, no manifest, a limit ...); then there are no items
 * and detail says more, in English, for the log. */
struct qti_import {
	struct item *items;
	size_t nitems;
	struct qti_refusal *refused;
	size_t nrefused;
	const char *error;
	char detail[256];
};

/* Frees what im holds and zeroes it. */
void qti_import_release(struct qti_import *im);

/*
 * Reads one item from xml[0..n) (no NUL needed) into *out (zeroed first;
 * the caller item_clear()s it after a success). Returns 0 when it is a
 * complete item (item_check() passed), else -1 with *out cleared, *field
 * the field at fault or NULL (field may be NULL) and why holding the
 * catalog key (val.qti.* or val.item.*).
 */
int qti_item_read(const char *xml, size_t n, struct item *out, const char **field,
		  char *why, size_t whylen);

/* Appends the item as QTI 3.0 XML to out. Returns 0, or -1 when the item
 * is incomplete (item_check) or out overflowed. */
int qti_item_write(const struct item *it, struct buf *out);

/*
 * Reads an IMS content package (a ZIP with imsmanifest.xml at its root)
 * from zip[0..n): every resource of type imsqti_item_xmlv3p0 (or
 * imsqti_item_xmlv2p1, imsqti_item_xmlv2p2) is read from its href (a
 * relative name inside the package: no "..", no leading "/", no scheme)
 * into out->items or out->refused; other resources are left alone.
 * Returns 0, or -1 with out->error set when the package as a whole is
 * refused. qti_import_release() out either way.
 */
int qti_package_read(const void *zip, size_t n, struct qti_import *out);

/*
 * Writes the n items as a QTI 3.0 content package into out: imsmanifest.xml
 * (one resource per item, with its knowledge point) and
 * items/item-NNNNN.xml, the same items giving the same bytes. Returns 0,
 * or -1 with a reason in err (an incomplete item names its index).
 */
int qti_package_write(const struct item *items, size_t n, struct buf *out, char *err,
		      size_t errlen);

/*
 * The item writers' spreadsheet (core/itemsheet.h for its columns):
 * reads data[0..n) (XLSX or CSV, table_read_mem) into out: the first
 * non-blank row is the header, blank rows are skipped, each other row is
 * an item or a refusal naming its line and field. Returns 0, or -1 with
 * out->error set (not a spreadsheet, a header without a required column,
 * more than QTI_MAX_ITEMS rows).
 */
int qti_sheet_read(const void *data, size_t n, struct qti_import *out);

/* Writes the items as an XLSX sheet of the same columns (Chinese
 * headers), one row each. Returns 0 or -1 with a reason in err. */
int qti_sheet_write(const struct item *items, size_t n, struct buf *out, char *err,
		    size_t errlen);

#endif
