/* timeutil.c - see timeutil.h. */
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

/* The calling thread's pinned clock (0 = none); see time_pin(). */
static _Thread_local time_t pinned;

static time_t now_s(void)
{
	return pinned ? pinned : time(NULL);
}

bool time_pin(const char *instant)
{
	struct tm tm = {0};
	char date[11], z = 0;

	if (!instant) {
		pinned = 0;
		return true;
	}
	if (strlen(instant) != 20 || instant[10] != 'T' ||
	    sscanf(instant, "%10[0-9-]T%2d:%2d:%2d%c", date, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec, &z) != 5 ||
	    z != 'Z' || !time_date_valid(date) || tm.tm_hour > 23 ||
	    tm.tm_min > 59 || tm.tm_sec > 59)
		return false;
	tm.tm_year = time_year(date) - 1900;
	tm.tm_mon = (date[5] - '0') * 10 + (date[6] - '0') - 1;
	tm.tm_mday = (date[8] - '0') * 10 + (date[9] - '0');
	pinned = timegm(&tm);
	return pinned > 0;
}

void time_now_iso(char *out, size_t n)
{
	time_t t = now_s();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_today(char *out, size_t n)
{
	time_t t = now_s();
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

void time_now_iso_ms(char *out, size_t n)
{
	struct timespec ts;
	struct tm tm;
	char base[24];

	clock_gettime(CLOCK_REALTIME, &ts);
	if (pinned)
		ts.tv_sec = pinned, ts.tv_nsec = 0;
	gmtime_r(&ts.tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(out, n, "%s.%03dZ", base, (int)(ts.tv_nsec / 1000000));
}

uint64_t time_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

int time_year(const char *s)
{
	int y = 0;

	for (int i = 0; i < 4; i++) {
		if (!s || s[i] < '0' || s[i] > '9')
			return 0;
		y = y * 10 + (s[i] - '0');
	}
	return y;
}

bool time_date_valid(const char *s)
{
	static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, leap;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1)
		return false;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= mdays[m - 1] + (m == 2 && leap);
}
