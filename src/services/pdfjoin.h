/*
 * pdfjoin.h - joins whole PDFs, as cairo writes them, into one document:
 * their pages in order under one page tree (issue 17: the runs of a plan's
 * certificates drawn on several threads, each into a PDF of its own).
 *
 * What is taken is what cairo's PDF surface writes at version 1.4: a
 * header, "N 0 obj ... endobj" objects, one classic cross-reference table
 * (no object streams, no incremental updates), a trailer naming /Root and
 * /Info, startxref. The objects are renumbered and copied (streams byte
 * for byte); the catalogs, page trees and information dictionaries are
 * replaced by one of each (the first PDF's information dictionary). Fonts
 * are not merged: each PDF's subsets stay its own. Anything else, and
 * anything broken (an offset out of the file, a reference to an object
 * that is not there, no page), is refused with a message; the bytes are
 * untrusted as far as memory goes (never read out of bounds), whoever
 * wrote them.
 */
#ifndef SERVICES_PDFJOIN_H
#define SERVICES_PDFJOIN_H

#include <stddef.h>

#include "base/buf.h"

/* Joins parts[0..nparts) (nparts >= 1, each a whole PDF) into one PDF
 * appended to out. Returns 0, or -1 with a reason in err naming the part
 * ("part 2: ..."); on failure out is as it was. */
int pdf_join(const struct buf *parts, size_t nparts, struct buf *out, char *err,
	     size_t errlen);

/* The same a part at a time, for a caller that does not hold them all at
 * once (pdf_certificates_batch joins each run as soon as it is drawn):
 * pdf_join_init (no allocation), pdf_join_add for each part in order
 * (d[0..len), d[len] need not be NUL), pdf_join_finish once, then
 * pdf_join_release (always, success or not). A failed add or finish
 * leaves out not a usable document. */
struct pdf_join {
	size_t *off; /* off[k]: where object k starts in out */
	size_t nobj, cap;
	size_t *kids; /* the pages' numbers, in order */
	size_t nkids, kcap;
	size_t nparts;  /* parts added */
	char *info;     /* the first part's information dictionary, */
	size_t ninfo;   /* its length (it may hold any byte) */
	struct buf obj; /* one object, being rewritten */
};
void pdf_join_init(struct pdf_join *j);
int pdf_join_add(struct pdf_join *j, const char *d, size_t len, struct buf *out,
		 char *err, size_t errlen);
int pdf_join_finish(struct pdf_join *j, struct buf *out, char *err, size_t errlen);
void pdf_join_release(struct pdf_join *j);

#endif
