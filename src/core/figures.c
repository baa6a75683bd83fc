/*
 * figures.c - the arithmetic of the registry's figures (core/figures.h).
 */
#include "core/figures.h"

#include <string.h>

#include "core/registry.h"

int figures_rate(long long part, long long whole)
{
	if (whole <= 0 || part < 0)
		return 0;
	if (part >= whole)
		return 10000;
	return (int)((part * 20000 + whole) / (2 * whole));
}

bool figures_on_time(const char *issued_on, const char *submitted_at, int days)
{
	char sub[11];
	long d;

	if (!issued_on || !submitted_at || strlen(submitted_at) < 10)
		return false;
	memcpy(sub, submitted_at, 10);
	sub[10] = '\0';
	if (!date_add_days(issued_on, 0, (char[11]){0}) ||
	    !date_add_days(sub, 0, (char[11]){0}))
		return false;
	d = date_diff_days(issued_on, sub);
	return d <= days;
}
