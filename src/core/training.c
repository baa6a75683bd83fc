/*
 * training.c - the pure rules of training courses (core/training.h).
 */
#include "core/training.h"

#include <string.h>

#include "base/timeutil.h"

bool training_mode_valid(const char *s)
{
	return s && (!strcmp(s, "online") || !strcmp(s, "in_person"));
}

bool training_lesson_kind_valid(const char *s)
{
	return s && (!strcmp(s, "document") || !strcmp(s, "video"));
}

bool training_status_valid(const char *s)
{
	return s && (!strcmp(s, "draft") || !strcmp(s, "open") || !strcmp(s, "closed"));
}

bool training_status_next(const char *from, const char *to)
{
	if (!from || !to)
		return false;
	return (!strcmp(from, "draft") && !strcmp(to, "open")) ||
	       (!strcmp(from, "open") && !strcmp(to, "closed"));
}

bool training_url_ok(const char *s)
{
	size_t n;

	if (!s || strncmp(s, "https://", 8))
		return false;
	n = strlen(s);
	if (n > TRAINING_URL_MAX || n == 8 || s[8] == '/' || s[8] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch <= 0x20 || ch == 0x7f || ch == '"' || ch == '\'' || ch == '<' ||
		    ch == '>' || ch == '\\' || ch == '`')
			return false;
	}
	return true;
}

bool training_is_pdf(const void *data, size_t len)
{
	return data && len >= 5 && !memcmp(data, "%PDF-", 5);
}

bool training_time_ok(const char *s)
{
	char day[11];

	if (!s || strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!time_date_valid(day))
		return false;
	for (int i = 11; i < 16; i++)
		if (i != 13 && (s[i] < '0' || s[i] > '9'))
			return false;
	return (s[11] - '0') * 10 + (s[12] - '0') < 24 &&
	       (s[14] - '0') * 10 + (s[15] - '0') < 60;
}

bool training_hours_reached(int hours_done, int course_hours)
{
	return course_hours > 0 && hours_done >= course_hours;
}
