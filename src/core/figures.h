/*
 * figures.h - the arithmetic of the registry's figures (issue 14): a rate
 * in hundredths of a percent, and whether a certificate was filed on time.
 * Pure; app/figures.c counts, this divides. docs/commendations.md "Figures".
 */
#ifndef CORE_FIGURES_H
#define CORE_FIGURES_H

#include <stdbool.h>

/* A certificate is filed on time when the first batch the authority
 * received that holds it was submitted within this many days of its issue
 * (the provinces took uploads about every half month: domain.md §2.3). */
#define FIGURES_ON_TIME_DAYS 15

/* part of whole in hundredths of a percent (0..10000), rounded half up;
 * 0 when whole is 0 (or either is negative). 2 of 3 -> 6667. */
int figures_rate(long long part, long long whole);

/* Whether a certificate issued on issued_on ("YYYY-MM-DD") and submitted
 * at submitted_at ("YYYY-MM-DD…", a time after the date allowed) was
 * filed within days of issue; false when either date is not one. */
bool figures_on_time(const char *issued_on, const char *submitted_at, int days);

#endif
