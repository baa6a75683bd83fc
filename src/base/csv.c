/* csv.c - see csv.h. */
#include "base/csv.h"

void csv_field(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	buf_putc(b, '"');
	if (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r')
		buf_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_putc(b, '"');
		buf_putc(b, *s);
	}
	buf_putc(b, '"');
}
