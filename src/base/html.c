/* html.c - the escaping HTML writer; see html.h. */
#include "base/html.h"

#include <stdarg.h>
#include <string.h>

#include "base/str.h"

void html_text(struct buf *b, const char *s)
{
	const char *run = s;

	for (; *s; s++) {
		const char *rep;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_append(b, run, (size_t)(s - run));
		buf_puts(b, rep);
		run = s + 1;
	}
	buf_append(b, run, (size_t)(s - run));
}

void html_raw(struct buf *b, const char *s) { buf_puts(b, s); }

void html_url(struct buf *b, const char *s) { str_url_encode(b, s ? s : ""); }

void html_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	const char *run = fmt;

	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%')
			continue;
		buf_append(b, run, (size_t)(p - run));
		p++;
		switch (*p) {
		case 's': {
			const char *s = va_arg(ap, const char *);

			html_text(b, s ? s : "");
			break;
		}
		case 'z':
			if (p[1] == 'u') {
				buf_printf(b, "%zu", va_arg(ap, size_t));
				p += 1;
			}
			break;
		case 'd': buf_printf(b, "%d", va_arg(ap, int)); break;
		case 'l':
			if (p[1] == 'l' && p[2] == 'd') {
				buf_printf(b, "%lld", va_arg(ap, long long));
				p += 2;
			} else if (p[1] == 'd') {
				buf_printf(b, "%ld", va_arg(ap, long));
				p += 1;
			}
			break;
		case '%': buf_putc(b, '%'); break;
		default:
			/* unknown conversion: a programming error; emit nothing */
			if (!*p)
				p--;
			break;
		}
		run = p + 1;
	}
	buf_append(b, run, strlen(run));
	va_end(ap);
}
