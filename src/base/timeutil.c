/* timeutil.c - see timeutil.h. */
#include "base/timeutil.h"

#include <stdio.h>
#include <string.h>

/* The process zone (the default until time_zone_set()) and the test
 * clock's shift from the real one: both written at start-up only. */
static struct time_zone zone = {TIME_ZONE_DEFAULT, 8 * 3600, 0, {0}, {0}};
static int64_t clock_shift;

#define OFFSET_MAX (26 * 3600)

/* The calling thread's pinned clock (0 = none); see time_pin(). */
static _Thread_local time_t pinned;

time_t time_now(void) { return pinned ? pinned : time(NULL) + (time_t)clock_shift; }

int64_t time_parse_iso(const char *s)
{
	struct tm tm;
	const char *end;

	char date[11];

	memset(&tm, 0, sizeof(tm));
	if (!s || strlen(s) < 19 || s[10] != 'T')
		return -1;
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!time_date_valid(date))
		return -1;
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end || end != s + 19)
		return -1;
	return (int64_t)timegm(&tm);
}

int time_set_test_now(const char *iso)
{
	int64_t t = time_parse_iso(iso);

	if (t < 0)
		return -1;
	clock_shift = t - (int64_t)time(NULL);
	return 0;
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
	    sscanf(instant, "%10[0-9-]T%2d:%2d:%2d%c", date, &tm.tm_hour, &tm.tm_min,
		   &tm.tm_sec, &z) != 5 ||
	    z != 'Z' || !time_date_valid(date) || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 59)
		return false;
	tm.tm_year = time_year(date) - 1900;
	tm.tm_mon = (date[5] - '0') * 10 + (date[6] - '0') - 1;
	tm.tm_mday = (date[8] - '0') * 10 + (date[9] - '0');
	pinned = timegm(&tm);
	return pinned > 0;
}

void time_iso(int64_t t, char *out, size_t n)
{
	time_t u = (time_t)t;
	struct tm tm;

	gmtime_r(&u, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

void time_now_iso(char *out, size_t n) { time_iso(time_now(), out, n); }

/* Every log line asks for the time (the server's access log: one a
 * request); the text of the second is kept per thread and only the
 * milliseconds are written anew. */
void time_now_iso_ms(char *out, size_t n)
{
	static _Thread_local time_t last_sec = (time_t)-1;
	static _Thread_local char base[24];
	struct timespec ts;
	struct tm tm;
	int ms;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (pinned)
		ts.tv_sec = pinned, ts.tv_nsec = 0;
	else
		ts.tv_sec += (time_t)clock_shift;
	if (ts.tv_sec != last_sec) {
		gmtime_r(&ts.tv_sec, &tm);
		strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
		last_sec = ts.tv_sec;
	}
	ms = (int)(ts.tv_nsec / 1000000);
	snprintf(out, n, "%s.%c%c%cZ", base, '0' + ms / 100, '0' + ms / 10 % 10,
		 '0' + ms % 10);
}

/* The broken-down local time in the process zone of instant t. */
static void local_tm(int64_t t, struct tm *tm)
{
	time_t l = (time_t)(t + time_zone_offset(&zone, t));

	gmtime_r(&l, tm);
}

void time_today(char *out, size_t n)
{
	struct tm tm;

	local_tm((int64_t)time_now(), &tm);
	strftime(out, n, "%Y-%m-%d", &tm);
}

int time_this_year(void)
{
	char today[16];
	int y = 0;

	time_today(today, sizeof(today));
	for (int i = 0; i < 4 && today[i] >= '0' && today[i] <= '9'; i++)
		y = y * 10 + (today[i] - '0');
	return y >= 2000 && y <= 2100 ? y : 0;
}

bool time_local(const char *iso, char *out, size_t n)
{
	int64_t t = time_parse_iso(iso);
	struct tm tm;

	if (n)
		out[0] = '\0';
	if (t < 0 || n < 17)
		return false;
	local_tm(t, &tm);
	strftime(out, n, "%Y-%m-%d %H:%M", &tm);
	return true;
}

bool time_day_start(const char *date, char *out, size_t n)
{
	struct tm tm;
	char iso[32];
	int64_t t;
	time_t u;

	if (n)
		out[0] = '\0';
	if (!date || !time_date_valid(date) || n < 21)
		return false;
	snprintf(iso, sizeof(iso), "%sT00:00:00Z", date);
	t = time_parse_iso(iso);
	/* local midnight less the offset in force then (the offset at the
	 * UTC midnight is a first guess, right but around a transition) */
	u = (time_t)(t - time_zone_offset(&zone, t - time_zone_offset(&zone, t)));
	gmtime_r(&u, &tm);
	strftime(out, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return true;
}

bool time_from_local(const char *s, char *out, size_t n)
{
	char iso[32];
	size_t len = s ? strlen(s) : 0;
	int64_t t;

	if (n)
		out[0] = '\0';
	if (n < 21 || len < 16 || len > 30)
		return false;
	if (s[len - 1] == 'Z') {
		if ((t = time_parse_iso(s)) < 0)
			return false;
		time_iso(t, out, n);
		return true;
	}
	if (len != 16 && len != 19)
		return false;
	for (size_t i = 0; i < len; i++) {
		bool digit = s[i] >= '0' && s[i] <= '9';

		if (i == 4 || i == 7     ? s[i] != '-'
		    : i == 10            ? s[i] != ' ' && s[i] != 'T'
		    : i == 13 || i == 16 ? s[i] != ':'
					 : !digit)
			return false;
	}
	snprintf(iso, sizeof(iso), "%.10sT%.5s:%.2sZ", s, s + 11, len == 19 ? s + 17 : "00");
	if ((t = time_parse_iso(iso)) < 0)
		return false;
	/* the wall-clock time read as UTC, less the offset in force then */
	time_iso(t - time_zone_offset(&zone, t - time_zone_offset(&zone, t)), out, n);
	return true;
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

/* ---- time zones ---- */

int32_t time_zone_offset(const struct time_zone *z, int64_t t)
{
	size_t lo = 0, hi = z->ntrans;

	if (!z->ntrans || t < z->at[0])
		return z->initial;
	/* the last transition at or before t */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (z->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return z->off[lo];
}

void time_zone_set(const struct time_zone *z) { zone = *z; }

const char *time_zone_name(void) { return zone.name; }

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
	return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

/* A TZif header's counts (RFC 8536 §3.1). */
struct tzif_head {
	int version; /* 0 for version 1, else '2', '3', '4' */
	size_t isut, isstd, leap, time, type, chars;
};

#define TZIF_HEAD 44

static int tzif_head(const unsigned char *p, size_t n, struct tzif_head *h)
{
	if (n < TZIF_HEAD || memcmp(p, "TZif", 4))
		return -1;
	if (p[4] != 0 && (p[4] < '2' || p[4] > '4'))
		return -1;
	h->version = p[4];
	h->isut = be32(p + 20);
	h->isstd = be32(p + 24);
	h->leap = be32(p + 28);
	h->time = be32(p + 32);
	h->type = be32(p + 36);
	h->chars = be32(p + 40);
	/* the limits keep every size below small enough not to overflow */
	if (h->type < 1 || h->type > 256 || h->chars < 1 || h->chars > 65536 ||
	    h->leap > 65536 || h->time > TIME_ZONE_MAX_TRANS ||
	    (h->isut && h->isut != h->type) || (h->isstd && h->isstd != h->type))
		return -1;
	return 0;
}

/* The size of the data block after a header, with times of tsize bytes. */
static size_t tzif_block(const struct tzif_head *h, size_t tsize)
{
	return h->time * tsize + h->time + h->type * 6 + h->chars +
	       h->leap * (tsize + 4) + h->isstd + h->isut;
}

static int offset_ok(int64_t off) { return off >= -OFFSET_MAX && off <= OFFSET_MAX; }

/* Reads a data block (times of tsize bytes) into z. */
static int tzif_data(const unsigned char *p, const struct tzif_head *h, size_t tsize,
		     struct time_zone *z)
{
	const unsigned char *idx = p + h->time * tsize, *types = idx + h->time;

	for (size_t i = 0; i < h->type; i++) {
		int32_t off = (int32_t)be32(types + i * 6);

		if (!offset_ok(off) || types[i * 6 + 4] > 1 || types[i * 6 + 5] >= h->chars)
			return -1;
	}
	z->initial = (int32_t)be32(types);
	z->ntrans = h->time;
	for (size_t i = 0; i < h->time; i++) {
		int64_t t = tsize == 8 ? be64(p + i * 8) : (int32_t)be32(p + i * 4);

		if (idx[i] >= h->type || (i && t <= z->at[i - 1]))
			return -1;
		z->at[i] = t;
		z->off[i] = (int32_t)be32(types + idx[i] * 6);
	}
	return 0;
}

/* A POSIX TZ offset "[+-]hh[:mm[:ss]]" at *s (hours 0..24); advances *s.
 * Returns seconds west, or INT64_MIN when malformed. */
static int64_t posix_offset(const char **s, const char *end)
{
	const char *q = *s;
	int64_t sign = 1, part[3] = {0, 0, 0};
	int np = 0;

	if (q < end && (*q == '+' || *q == '-'))
		sign = *q++ == '-' ? -1 : 1;
	while (np < 3) {
		int digits = 0;

		while (q < end && *q >= '0' && *q <= '9' && digits < 2) {
			part[np] = part[np] * 10 + (*q++ - '0');
			digits++;
		}
		if (!digits)
			return INT64_MIN;
		np++;
		if (np == 3 || q >= end || *q != ':')
			break;
		q++;
	}
	if (part[0] > 24 || part[1] > 59 || part[2] > 59)
		return INT64_MIN;
	*s = q;
	return sign * (part[0] * 3600 + part[1] * 60 + part[2]);
}

/* The footer "\nTZ\n": empty, or a standard-time zone without DST
 * ("CST-8", "<+08>-8", "UTC0"). */
static int tzif_footer(const unsigned char *p, size_t n)
{
	const char *s = (const char *)p + 1, *end;
	const unsigned char *nl;
	int64_t west;

	if (n < 2 || p[0] != '\n' || !(nl = memchr(p + 1, '\n', n - 1)))
		return -1;
	end = (const char *)nl;
	if (s == end)
		return 0;
	if (*s == '<') {
		while (s < end && *s != '>')
			s++;
		if (s >= end)
			return -1;
		s++;
	} else {
		const char *name = s;

		while (s < end && ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
			s++;
		if (s - name < 3)
			return -1;
	}
	west = posix_offset(&s, end);
	if (west == INT64_MIN || !offset_ok(west))
		return -1;
	return s == end ? 0 : -1; /* anything more is a DST rule */
}

int time_zone_parse_tzif(const unsigned char *data, size_t n, struct time_zone *z)
{
	struct tzif_head h;
	size_t size;

	z->ntrans = 0;
	z->initial = 0;
	if (tzif_head(data, n, &h))
		return -1;
	size = tzif_block(&h, 4);
	if (n - TZIF_HEAD < size)
		return -1;
	if (h.version == 0) {
		if (tzif_data(data + TZIF_HEAD, &h, 4, z))
			goto bad;
		return 0;
	}
	/* version 2+: the 64-bit header and block follow, then the footer */
	data += TZIF_HEAD + size;
	n -= TZIF_HEAD + size;
	if (tzif_head(data, n, &h))
		return -1;
	size = tzif_block(&h, 8);
	if (n - TZIF_HEAD < size || tzif_data(data + TZIF_HEAD, &h, 8, z))
		goto bad;
	if (tzif_footer(data + TZIF_HEAD + size, n - TZIF_HEAD - size))
		goto bad;
	return 0;
bad:
	z->ntrans = 0;
	z->initial = 0;
	return -1;
}

/* "+08:00", "+0800", "+08", "-05:30" into seconds east; -1 if not one. */
static int fixed_offset(const char *s, int32_t *out)
{
	int sign, h, m = 0;
	size_t n = strlen(s);

	if ((s[0] != '+' && s[0] != '-') || (n != 3 && n != 5 && n != 6))
		return -1;
	sign = s[0] == '-' ? -1 : 1;
	for (size_t i = 1; i < n; i++)
		if (!(s[i] >= '0' && s[i] <= '9') && !(n == 6 && i == 3 && s[i] == ':'))
			return -1;
	h = (s[1] - '0') * 10 + (s[2] - '0');
	if (n > 3)
		m = (s[n - 2] - '0') * 10 + (s[n - 1] - '0');
	if (h > 14 || m > 59)
		return -1;
	*out = sign * (h * 3600 + m * 60);
	return 0;
}

/* A TZ database name: parts of [A-Za-z0-9_+-] between single slashes, no
 * part starting with "." (so never ".." or a hidden file). */
static int zone_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= TIME_ZONE_NAME_MAX || s[0] == '/' || s[n - 1] == '/')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (c == '/' && s[i + 1] == '/')
			return 0;
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      (c >= '0' && c <= '9') || c == '_' || c == '+' || c == '-' || c == '/'))
			return 0;
	}
	return 1;
}

int time_zone_load(const char *name, const char *dir, struct time_zone *z, char *err,
		   size_t errn)
{
	unsigned char buf[64 * 1024];
	char path[512];
	FILE *f;
	size_t n;

	memset(z, 0, sizeof(*z));
	if (!name || (name[0] == '+' || name[0] == '-' ? fixed_offset(name, &z->initial)
						       : !zone_name_ok(name))) {
		snprintf(err, errn,
			 "time zone \"%s\": not a zone name (Asia/Shanghai) or "
			 "an offset (+08:00)",
			 name ? name : "");
		return -1;
	}
	snprintf(z->name, sizeof(z->name), "%s", name);
	if (!strcmp(name, "UTC") || name[0] == '+' || name[0] == '-')
		return 0;
	snprintf(path, sizeof(path), "%s/%s", dir ? dir : "/usr/share/zoneinfo", name);
	f = fopen(path, "rb");
	if (!f && !strcmp(name, TIME_ZONE_DEFAULT)) {
		z->initial = 8 * 3600;
		return 0;
	}
	if (!f) {
		snprintf(err, errn, "time zone \"%s\": no such zone in the TZ database (%s)",
			 name, path);
		return -1;
	}
	n = fread(buf, 1, sizeof(buf), f);
	/* a zone file is a few KB: anything filling the buffer is not one */
	if (ferror(f) || n == sizeof(buf) || time_zone_parse_tzif(buf, n, z)) {
		fclose(f);
		snprintf(err, errn,
			 "time zone \"%s\": %s is not a TZif file of a zone "
			 "without daylight saving time",
			 name, path);
		return -1;
	}
	fclose(f);
	return 0;
}
