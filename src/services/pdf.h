/*
 * pdf.h - PDF documents drawn with cairo and pango: real CJK shaping and
 * embedded font subsets (the face is the serif AR PL UMing from Debian's
 * fonts-arphic-uming). A4: the plaque in landscape, certificates in
 * portrait, one page each.
 *
 * The caller prepares every string (already in the reader's language);
 * this module only lays them out. Strings may be NULL (drawn as empty),
 * must be UTF-8 and at most 64 KiB. Output is appended to a struct buf;
 * when a call fails, whatever it appended is not a usable document.
 * Every call stands alone: threads may render at once (and
 * pdf_certificates_batch starts threads of its own).
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
	const char *valid_from, *valid_until; /* as printed: "2021年3月1日" */
	const char *approval_doc;             /* "机职鉴字[2021]29号" */
	const char *issued_on;                /* as printed: "2021年3月1日" (or
	                              * YYYY-MM-DD): also the PDF's date */
	/* labels of the fields, in the same language */
	const char *l_type, *l_regno, *l_scope, *l_validity, *l_approval;
	/* what the QR code at the lower left holds: the institution's public
	 * page ({public_url}/institutions/{id}); NULL or "": no code */
	const char *qr_text;
	/* the issuer's seal: a PNG with alpha (core/stamp.h), printed in red
	 * over the issuer and date; NULL: none */
	const unsigned char *seal;
	size_t seal_len;
};

/* Renders the plaque as a one-page A4 PDF into out. Returns 0, or -1 with
 * a reason in err. */
int pdf_plaque(const struct pdf_plaque *p, struct buf *out, char *err, size_t errlen);

/* One 职业技能等级证书 (A4 portrait, one page), laid out after the
 * reference style of 人社鉴发〔2021〕1号, in a serif face: the title large
 * and centred at the top; a 1-inch photo box (25 x 35 mm) at the upper
 * right with the fields as label/value lines beside and below it (values
 * 小四号, 12 pt, shrunk down to 9 pt and wrapped to two lines when long);
 * then, the space left spread evenly between them, the body paragraph
 * (四号, 14 pt, shrunk when long) and the issuing block (评价机构 and the
 * date, the seal in red over them); at the foot the QR code (30 mm square
 * with its quiet zone, vector) at the right and the lookup lines beside
 * it. */
struct pdf_certificate {
	const char *title; /* "职业技能等级证书" */
	const char *body;  /* 证书正文: one paragraph, wrapped */
	const char *name, *id_type, *id_number, *occupation, *work_type, /* "--" when none */
		*level,       /* "一级/高级技师" */
		*number,      /* the 22-character certificate number */
		*issued_on,   /* as printed, "2026年11月26日"; when it is
	                          * YYYY-MM-DD or YYYY年M月D日 it is also the
	                          * PDF's creation date (same input, same
	                          * bytes), else the clock is */
		*institution; /* 评价机构名称 as filed */
	/* JPEG (RGB or grey, embedded as is) or PNG bytes, at most
	 * PHOTO_MAX_SIDE (core/photo.h) pixels a side; NULL: an empty photo
	 * frame. The bytes are only read during the call. */
	const unsigned char *photo;
	size_t photo_len;
	const char *qr_text;    /* what the QR code holds (a URL, up to ~400
	                          * bytes; at most QR_TEXT_MAX in
	                          * services/qr.h); NULL or "": no code */
	const char *lookups[4]; /* lookup lines at the foot, up to the first
	                          * NULL: "证书查询：http://jndj.osta.org.cn" */
	/* labels of the fields, in the same language */
	const char *l_name, *l_id_type, *l_id_number, *l_occupation, *l_work_type,
		*l_level, *l_number, *l_issued_on, *l_institution;
	/* the institution's seal: a PNG with alpha (core/stamp.h), printed
	 * in red, semi-transparent, over the institution and the date; NULL:
	 * none. Pages of a batch sharing the same pointer share one image. */
	const unsigned char *seal;
	size_t seal_len;
};

/* Renders one certificate as a one-page PDF into out. Returns 0, or -1
 * with a reason in err: a string that is not UTF-8 or too long, a photo
 * that is neither JPEG nor PNG, broken (truncated included), CMYK or too
 * large, a QR text too long, output too large. */
int pdf_certificate(const struct pdf_certificate *c, struct buf *out, char *err,
		    size_t errlen);

/* n certificates (n >= 1), one page each, in one PDF (batch printing and
 * download). Every certificate's strings are checked before any output;
 * a failure names the certificate ("certificate 3: photo: ..."). */
int pdf_certificates(const struct pdf_certificate *c, size_t n, struct buf *out,
		     char *err, size_t errlen);

/* A batch fed page by page and drawn on several threads (issue 17: a
 * plan's certificates). fill() is called on the calling thread, in page
 * order, to set page i (0..n-1) into *c (zeroed first; its strings and
 * bytes as for pdf_certificate), allocating what it needs in its slot
 * (0..window-1): when page i is filled into slot k, the page that had slot
 * k before is written and done with, so whatever fill() put in that slot
 * may be freed or reused. fill() returns 0, or -1 with a reason in err (the
 * batch stops, "certificate i+1: reason").
 * threads <= 1 (or window < 2): each page drawn straight into the PDF on
 * the calling thread before the next is filled, as pdf_certificates does.
 * threads > 1: the pages go by runs of up to PDF_CHUNK_PAGES consecutive
 * ones (chunks) to that many threads, each drawing a chunk into a PDF of
 * its own (its own pango context and font map, cairo surface, stream
 * compression), and the calling thread joins the chunks' PDFs into the
 * one document in order (objects renumbered, one page tree:
 * services/pdfjoin.h); at most
 * window pages are between their fill() and written at once (held_max
 * says how many were): PDF_BATCH_WINDOW(threads) keeps two chunks per
 * thread in flight. The text and layout are those of the single-threaded
 * PDF; the bytes differ (a font subset and a seal image per chunk, PDF
 * 1.4). Each page's strings are checked as it is filled: a failure may come
 * after pages were written (out is then not a usable document). */
#define PDF_CHUNK_PAGES 32
#define PDF_BATCH_WINDOW(threads) ((size_t)(threads)*2 * PDF_CHUNK_PAGES)
struct pdf_batch {
	size_t n;
	int threads;
	size_t window;
	int (*fill)(void *arg, size_t i, size_t slot, struct pdf_certificate *c,
		    char *err, size_t errlen);
	void *arg;
	size_t held_max; /* out: the most pages held at once */
};
int pdf_certificates_batch(struct pdf_batch *b, struct buf *out, char *err, size_t errlen);

/* An admission ticket (准考证, issue 12; A4 portrait, one page): the
 * title, the photo box at the upper right with the fields beside and
 * below it (the seat row left out when seat is "" or NULL: room only; the
 * times up to four lines), the claim code large, and at the foot the note
 * with the QR code (qr_text; NULL or "": none) at the right. id_number is
 * printed as given (pass it masked). Photo as for pdf_certificate. */
struct pdf_ticket {
	const char *title; /* "职业技能等级认定准考证" */
	const char *name, *id_number, *occupation, *level, *plan, *institution, *room,
		*seat, *times, *code, *note;
	const unsigned char *photo;
	size_t photo_len;
	const char *qr_text;
	/* labels of the fields, in the same language */
	const char *l_name, *l_id_number, *l_occupation, *l_level, *l_plan,
		*l_institution, *l_room, *l_seat, *l_times, *l_code;
};
/* n tickets (n >= 1), one page each, in one PDF; errors as for
 * pdf_certificates ("ticket 3: photo: ..."). */
int pdf_tickets(const struct pdf_ticket *t, size_t n, struct buf *out, char *err,
		size_t errlen);
/* The skill-upgrade subsidy application form (技能提升补贴申请表, issue
 * 12; A4 portrait, one page): the title, the label/value rows (up to
 * PDF_FORM_ROWS, a NULL label ends them; values up to three lines), the
 * reasons under their label (one a line, up to twelve lines), the blank
 * lines to fill by hand (a label with a rule after it, up to four, a NULL
 * ends them), and at the foot the note with the QR code (qr_text; NULL or
 * "": none) at the right. Strings in one language, checked as for
 * pdf_certificate. */
#define PDF_FORM_ROWS 16
struct pdf_subsidy_form {
	const char *title;
	const char *label[PDF_FORM_ROWS], *value[PDF_FORM_ROWS];
	const char *l_reasons, *reasons;
	const char *blank[4];
	const char *note, *qr_text;
};
int pdf_subsidy_form(const struct pdf_subsidy_form *f, struct buf *out, char *err,
		     size_t errlen);
/* A decision document (表彰决定, issue 14; A4 portrait, as many pages as
 * its lines take): the title, the document number, the preamble, the
 * lines (a heading — a category — or an entry under it), then the
 * signatory and the date at the right. Strings checked as for
 * pdf_certificate. */
struct pdf_decision_line {
	const char *text;
	int heading;
};
struct pdf_decision {
	const char *title, *number, *preamble, *signatory, *date;
	const struct pdf_decision_line *lines;
	size_t nlines;
};
int pdf_decision(const struct pdf_decision *d, struct buf *out, char *err, size_t errlen);
/* A report (issue 16's annual report; A4 portrait, as many pages as it
 * takes): the title and subtitle at the top of the first page, then the
 * blocks in order, each page ending with the footer line at the left and
 * "n / m" (page n of m) at the right. A heading is kept with what follows
 * it; a table (the header row shaded, the first column at the left, the
 * others at the right, cells cut with an ellipsis when a column is too
 * narrow, the font shrunk down to 6 pt for many columns) breaks across
 * pages with its header repeated; a chart (services/chart.h) moves whole
 * to the next page when it does not fit. Strings checked as for
 * pdf_certificate (NULL is ""); a chart's own refusal is the error. */
struct chart;
enum pdf_block_kind { PDF_HEADING, PDF_TEXT, PDF_TABLE, PDF_CHART };
struct pdf_block {
	enum pdf_block_kind kind;
	const char *text;         /* a heading's or a paragraph's */
	size_t ncols, nrows;      /* a table: ncols 1..PDF_TABLE_COLS */
	const char *const *cells; /* (nrows + 1) x ncols, the header row first */
	const struct chart *chart;
	double height; /* a chart's, in points (0: 230) */
};
#define PDF_TABLE_COLS 32
struct pdf_report {
	const char *title, *subtitle, *footer;
	const struct pdf_block *blocks;
	size_t nblocks;
};
int pdf_report(const struct pdf_report *r, struct buf *out, char *err, size_t errlen);
/* 0 when cairo decodes data as a PNG (a seal, before it is stored), else
 * -1 with a reason in err. */
int pdf_png_decodes(const unsigned char *data, size_t len, char *err, size_t errlen);

#endif
