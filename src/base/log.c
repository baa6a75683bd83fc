/* log.c - see log.h. */
#include "base/log.h"

#include <stdarg.h>
#include <stdio.h>
#include <unistd.h>

#include "base/timeutil.h"

static int log_quiet;

void log_set_quiet(int quiet) { log_quiet = quiet; }

static void log_write(const char *level, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));

static void log_write(const char *level, const char *fmt, va_list ap)
{
	char line[2048];
	char ts[32];
	int n, m;

	time_now_iso_ms(ts, sizeof(ts));
	n = snprintf(line, sizeof(line), "%s %s ", ts, level);
	if (n < 0)
		return;
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	if (log_quiet)
		return;
	va_start(ap, fmt);
	log_write("info", fmt, ap);
	va_end(ap);
}

void log_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write("warn", fmt, ap);
	va_end(ap);
}

void log_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_write("error", fmt, ap);
	va_end(ap);
}
