/*
 * timeutil.h - wall-clock and monotonic time, ISO-8601 text.
 *
 * Instants are UTC, written "YYYY-MM-DDTHH:MM:SSZ"; dates "YYYY-MM-DD".
 */
#ifndef BASE_TIMEUTIL_H
#define BASE_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "2026-11-26T19:30:00Z" into out (at least 21 bytes). */
void time_now_iso(char *out, size_t n);
/* "2026-11-26T19:30:00.123Z" into out (at least 25 bytes). */
void time_now_iso_ms(char *out, size_t n);
/* Today's UTC date "YYYY-MM-DD" into out (at least 11 bytes). */
void time_today(char *out, size_t n);
/* Pins the calling thread's wall clock (time_now_iso, time_now_iso_ms,
 * time_today) at instant "YYYY-MM-DDTHH:MM:SSZ", so that work recorded
 * as history carries its own dates (`skillcert demo` writes its 2021
 * registrations so); NULL unpins. False, nothing changed, for a
 * malformed instant. Never used on the request path. */
bool time_pin(const char *instant);
/* Monotonic clock in microseconds. */
uint64_t time_mono_us(void);
/* True when s is a real calendar date "YYYY-MM-DD" (1900..2999). */
bool time_date_valid(const char *s);
/* The year of a date "YYYY-MM-DD..." (its first four digits); 0 when s
 * does not start with four digits. */
int time_year(const char *s);

#endif
