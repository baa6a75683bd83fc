/*
 * timeutil.h - wall-clock and monotonic time, ISO-8601 text, and the
 * installation's time zone.
 *
 * Instants are UTC, written "YYYY-MM-DDTHH:MM:SSZ"; dates "YYYY-MM-DD".
 * What people see and what "today" means is local to one time zone, the
 * process zone (Asia/Shanghai unless time_zone_set() chose another): the
 * zone is read from a TZif file (RFC 8536) of the TZ database or given as
 * a fixed offset, and converted here without touching TZ or localtime(),
 * so threads never race on it. time_zone_set() and time_set_test_now()
 * are start-up calls, made before any thread starts; everything else only
 * reads.
 */
#ifndef BASE_TIMEUTIL_H
#define BASE_TIMEUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The most transitions kept from a TZif file (Asia/Shanghai has 29; a
 * file with more is refused) and the longest zone name. */
#define TIME_ZONE_MAX_TRANS 1200
#define TIME_ZONE_NAME_MAX 64
/* The zone when nothing else is configured. */
#define TIME_ZONE_DEFAULT "Asia/Shanghai"

/* A time zone: the offset from UTC (seconds east) in force from each
 * transition on, and before the first one. */
struct time_zone {
	char name[TIME_ZONE_NAME_MAX];
	int32_t initial; /* before at[0], or always when ntrans == 0 */
	size_t ntrans;
	int64_t at[TIME_ZONE_MAX_TRANS];  /* ascending UTC seconds */
	int32_t off[TIME_ZONE_MAX_TRANS]; /* in force from at[i] on */
};

/* Reads a TZif file's bytes (versions 1 to 4; the 64-bit block when there
 * is one) into z (name left alone). The file's footer (a POSIX TZ string
 * for the times after the last transition) must name a zone without
 * daylight saving time, whose offset is then the last one; a footer with
 * DST rules is refused. Returns 0, or -1 for anything malformed, out of
 * range (offsets beyond ±26 h, unsorted times, more than
 * TIME_ZONE_MAX_TRANS transitions) or truncated. Never reads past n. */
int time_zone_parse_tzif(const unsigned char *data, size_t n, struct time_zone *z);
/* Fills z for name: "UTC", a fixed offset "+08:00" / "-05:30" / "+0800",
 * or a TZ database name ("Asia/Shanghai": letters, digits, "_+-" and "/"
 * between parts, no "." part) read from dir (NULL = /usr/share/zoneinfo).
 * The default zone falls back to +08:00 (China has kept it since 1991)
 * when its file is missing. Returns 0, or -1 with why (a short English
 * text) in err. */
int time_zone_load(const char *name, const char *dir, struct time_zone *z, char *err,
		   size_t errn);
/* The offset in seconds east of UTC in z at instant t. */
int32_t time_zone_offset(const struct time_zone *z, int64_t t);
/* Makes z the process zone (a copy is kept). Start-up only. */
void time_zone_set(const struct time_zone *z);
/* The process zone's name. */
const char *time_zone_name(void);

/* The clock every other function here reads: the real time, or the test
 * clock when time_set_test_now() set one. */
time_t time_now(void);
/* Test builds of the world only: from now on the clock reads iso
 * ("YYYY-MM-DDTHH:MM:SSZ") and goes on running from there. Returns 0, or
 * -1 when iso is not an instant. Start-up only. */
int time_set_test_now(const char *iso);
/* Seconds from ISO-8601 UTC text ("YYYY-MM-DDTHH:MM:SS..."); -1 when it is
 * not one. */
int64_t time_parse_iso(const char *s);

/* "2026-11-26T19:30:00Z" into out (at least 21 bytes). */
void time_now_iso(char *out, size_t n);
/* The same text of the Unix time t. */
void time_iso(int64_t t, char *out, size_t n);
/* "2026-11-26T19:30:00.123Z" into out (at least 25 bytes). */
void time_now_iso_ms(char *out, size_t n);
/* Today's date "YYYY-MM-DD" in the process zone into out (at least 11
 * bytes): every "today" of the program's date rules is this one. */
void time_today(char *out, size_t n);
/* The year of time_today(); 0 when it is outside 2000..2100. */
int time_this_year(void);
/* Pins the calling thread's wall clock (time_now, time_now_iso,
 * time_now_iso_ms, time_today) at instant "YYYY-MM-DDTHH:MM:SSZ", so that work recorded
 * as history carries its own dates (`skillcert demo` writes its 2021
 * registrations so); NULL unpins. False, nothing changed, for a
 * malformed instant. Never used on the request path. */
bool time_pin(const char *instant);
/* An instant "2026-12-04T13:30:00Z" as "2026-12-04 21:30" in the process
 * zone, into out (at least 17 bytes). False (out = "") when iso is not an
 * instant. */
bool time_local(const char *iso, char *out, size_t n);
/* The instant the day date ("YYYY-MM-DD") begins in the process zone, as
 * "2026-12-03T16:00:00Z" into out (at least 21 bytes). False (out = "")
 * when date is not a date. */
bool time_day_start(const char *date, char *out, size_t n);
/* A time a person typed as an instant into out (at least 21 bytes):
 * "2026-12-04 09:30" or "2026-12-04T09:30[:15]" in the process zone, or
 * an instant "…Z" as it is. False (out = "") for anything else (a date
 * or time out of range included). */
bool time_from_local(const char *s, char *out, size_t n);
/* Monotonic clock in microseconds. */
uint64_t time_mono_us(void);
/* True when s is a real calendar date "YYYY-MM-DD" (1900..2999). */
bool time_date_valid(const char *s);
/* The year of a date "YYYY-MM-DD..." (its first four digits); 0 when s
 * does not start with four digits. */
int time_year(const char *s);

#endif
