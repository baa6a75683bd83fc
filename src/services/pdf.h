/*
 * pdf.h - PDF documents drawn with cairo and pango: real CJK shaping and
 * embedded font subsets (the face is WenQuanYi Micro Hei from Debian's
 * fonts-wqy-microhei). A4, one page per document.
 *
 * The caller prepares every string (already in the reader's language);
 * this module only lays them out. Output goes to a struct buf.
 */
#ifndef SERVICES_PDF_H
#define SERVICES_PDF_H

#include <stddef.h>

#include "base/buf.h"

/* An institution's registration certificate (plaque). */
struct pdf_plaque {
	const char *issuer;          /* "机械工业职业技能鉴定指导中心" */
	const char *title;           /* "评价机构登记注册证书" */
	const char *institution;     /* the institution's name */
	const char *type_label;      /* "考试站/鉴定站" */
	const char *registration_no; /* "JXJD20210001" */
	const char *scope;           /* one occupation per line */
	const char *valid_from, *valid_until; /* YYYY-MM-DD */
	const char *approval_doc;    /* "机职鉴字[2021]29号" */
	const char *issued_on;       /* YYYY-MM-DD */
	/* labels of the fields, in the same language */
	const char *l_type, *l_regno, *l_scope, *l_validity, *l_approval;
};

/* Renders the plaque as a one-page A4 PDF into out. Returns 0, or -1 with
 * a reason in err. */
int pdf_plaque(const struct pdf_plaque *p, struct buf *out, char *err,
	       size_t errlen);

#endif
