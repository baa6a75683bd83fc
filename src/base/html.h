/*
 * html.h - the HTML writer. Every byte of a page goes through here.
 *
 * html_printf() is the one way to emit markup: its format string is trusted
 * template text; every %s argument is escaped for text and quoted-attribute
 * context (& < > " ' are replaced), %d/%ld/%lld/%zu print integers, %% a
 * percent sign. Nothing else is accepted (an unknown conversion prints
 * nothing). The conversions are a subset of printf's with printf's
 * argument types, so the compiler checks every call (format attribute).
 * html_url() writes a value percent-encoded for a URL path segment or
 * query value. Untrusted bytes can only reach the page unescaped through
 * html_raw(), which is greppable and used for embedded, trusted assets.
 * All output goes to a struct buf (sticky error, hard cap).
 */
#ifndef BASE_HTML_H
#define BASE_HTML_H

#include "base/buf.h"

void html_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void html_url(struct buf *b, const char *s);  /* percent-encoded */
void html_text(struct buf *b, const char *s); /* escaped */
void html_raw(struct buf *b, const char *s);  /* NOT escaped: trusted only */

#endif
