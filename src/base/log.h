/*
 * log.h - one-line log records on standard error.
 *
 * Each record is "TIME LEVEL message\n", written with one write() so lines
 * from several threads never interleave. TIME is UTC ISO-8601 with
 * milliseconds. log_set_quiet(1) drops info records (tests, CLI).
 */
#ifndef BASE_LOG_H
#define BASE_LOG_H

void log_set_quiet(int quiet);
void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Something skipped that an operator should look at; never dropped. */
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
